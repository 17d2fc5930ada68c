//! Graduates (毕业生): one record per graduate of the college.

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrors};
use crate::validate::id_number::{mask_id_number, mask_phone};
use crate::validate::{IdNumberError, normalize_identifier, validate_id_number};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Gender {
    #[serde(rename = "男", alias = "male", alias = "M", alias = "m")]
    Male,
    #[serde(rename = "女", alias = "female", alias = "F", alias = "f")]
    Female,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Male => "男",
            Self::Female => "女",
        }
    }
}

/// Skill-level certificate (职业技能等级证书), 五级 (初级工) up to 一级 (高级技师).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum SkillLevel {
    #[serde(rename = "初级工", alias = "五级", alias = "level5")]
    Level5,
    #[serde(rename = "中级工", alias = "四级", alias = "level4")]
    Level4,
    #[serde(rename = "高级工", alias = "三级", alias = "level3")]
    Level3,
    #[serde(rename = "技师", alias = "二级", alias = "level2")]
    Level2,
    #[serde(rename = "高级技师", alias = "一级", alias = "level1")]
    Level1,
}

impl SkillLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Level5 => "初级工",
            Self::Level4 => "中级工",
            Self::Level3 => "高级工",
            Self::Level2 => "技师",
            Self::Level1 => "高级技师",
        }
    }
}

/// A graduate record, whole (for the edit form, the CLI and exports that ask for it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Graduate {
    pub id: String,
    pub name: String,
    pub gender: Option<Gender>,
    pub student_number: String,
    /// Resident ID number, normalised (18 characters, upper-case X).
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub program_id: String,
    /// The program's name.
    pub program: String,
    /// Graduation year (届别).
    pub cohort: i32,
    pub class_name: Option<String>,
    pub homeroom_teacher: Option<String>,
    pub skill_level: Option<SkillLevel>,
    pub notes: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A graduate as lists show it: personal numbers masked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GraduateRow {
    pub id: String,
    pub name: String,
    pub gender: Option<Gender>,
    pub student_number: String,
    /// `4419**********123X`
    pub id_number_masked: Option<String>,
    /// `138****5678`
    pub phone_masked: Option<String>,
    pub program_id: String,
    pub program: String,
    pub cohort: i32,
    pub class_name: Option<String>,
    pub homeroom_teacher: Option<String>,
    pub skill_level: Option<SkillLevel>,
    pub updated_at: String,
}

impl From<Graduate> for GraduateRow {
    fn from(g: Graduate) -> Self {
        GraduateRow {
            id_number_masked: g.id_number.as_deref().map(mask_id_number),
            phone_masked: g.phone.as_deref().map(mask_phone),
            id: g.id,
            name: g.name,
            gender: g.gender,
            student_number: g.student_number,
            program_id: g.program_id,
            program: g.program,
            cohort: g.cohort,
            class_name: g.class_name,
            homeroom_teacher: g.homeroom_teacher,
            skill_level: g.skill_level,
            updated_at: g.updated_at,
        }
    }
}

/// Fields of a graduate to create or change. On update, absent fields stay as they are and an
/// empty text clears an optional field. The program is named by `program` (its name) or
/// `program_id`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct GraduateInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub gender: Option<Gender>,
    #[serde(default)]
    pub student_number: Option<String>,
    #[serde(default)]
    pub id_number: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub program_id: Option<String>,
    #[serde(default)]
    pub program: Option<String>,
    #[serde(default)]
    pub cohort: Option<i32>,
    #[serde(default)]
    pub class_name: Option<String>,
    #[serde(default)]
    pub homeroom_teacher: Option<String>,
    #[serde(default)]
    pub skill_level: Option<SkillLevel>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Values of a graduate input after normalisation, ready to store.
#[derive(Debug, Default)]
pub(crate) struct CleanGraduate {
    pub name: Option<Option<String>>,
    pub student_number: Option<String>,
    pub id_number: Option<Option<String>>,
    pub phone: Option<Option<String>>,
}

impl GraduateInput {
    /// Checks and normalises the fields given; `creating` also requires the mandatory ones.
    /// The program reference is resolved by the store.
    pub(crate) fn check(&self, creating: bool) -> (CleanGraduate, FieldErrors) {
        let mut errs = FieldErrors::default();
        let mut clean = CleanGraduate::default();
        match super::text(&self.name) {
            Some(None) => errs.push(FieldError::new("name", "required", "请填写姓名")),
            None if creating => errs.push(FieldError::new("name", "required", "请填写姓名")),
            Some(Some(n)) if n.chars().count() > 50 => {
                errs.push(FieldError::new("name", "too_long", "姓名不能超过 50 个字"))
            }
            other => clean.name = other,
        }
        match self.student_number.as_deref().map(normalize_identifier) {
            Some(s) if s.is_empty() => {
                errs.push(FieldError::new("student_number", "required", "请填写学号"))
            }
            None if creating => {
                errs.push(FieldError::new("student_number", "required", "请填写学号"))
            }
            Some(s)
                if s.len() > 32
                    || !s
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                errs.push(FieldError::new(
                    "student_number",
                    "format",
                    "学号只能包含字母、数字、“-”和“_”，最多 32 位",
                ))
            }
            other => clean.student_number = other,
        }
        match self.id_number.as_deref() {
            None => {}
            Some(raw) if normalize_identifier(raw).is_empty() => clean.id_number = Some(None),
            Some(raw) => match validate_id_number(raw) {
                Ok(v) => clean.id_number = Some(Some(v)),
                Err(e) => errs.push(id_error(&e)),
            },
        }
        match self.phone.as_deref() {
            None => {}
            Some(raw) => match normalize_phone(raw) {
                Ok(v) => clean.phone = Some(v),
                Err(e) => errs.push(e),
            },
        }
        if creating && self.program.is_none() && self.program_id.is_none() {
            errs.push(FieldError::new("program", "required", "请选择专业"));
        }
        let max_year = crate::clock::current_year() + 6;
        match self.cohort {
            None if creating => errs.push(FieldError::new(
                "cohort",
                "required",
                "请填写毕业年份（届别）",
            )),
            Some(y) if !(1990..=max_year).contains(&y) => errs.push(
                FieldError::new(
                    "cohort",
                    "range",
                    format!("毕业年份应在 1990 到 {max_year} 之间"),
                )
                .with("min", 1990)
                .with("max", max_year),
            ),
            _ => {}
        }
        (clean, errs)
    }
}

fn id_error(e: &IdNumberError) -> FieldError {
    let fe = FieldError::new("id_number", e.code(), e.to_string());
    match e {
        IdNumberError::CheckDigit { expected, found } => {
            fe.with("expected", expected).with("found", found)
        }
        IdNumberError::Length(n) => fe.with("length", n),
        IdNumberError::NonDigit { position, found } => {
            fe.with("position", position).with("found", found)
        }
        IdNumberError::BadCheckChar(c) => fe.with("found", c),
        IdNumberError::BirthDate(d) => fe.with("date", d),
        IdNumberError::ScientificNotation(v) => fe.with("value", v),
        IdNumberError::Empty => fe,
    }
}

/// A mainland mobile (11 digits from 1) or a landline with area code (0769-22223333);
/// blank clears the field.
pub fn normalize_phone(raw: &str) -> Result<Option<String>, FieldError> {
    let v: String = normalize_identifier(raw)
        .chars()
        .filter(|c| *c != '(' && *c != ')')
        .collect();
    if v.is_empty() {
        return Ok(None);
    }
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    let only_digits_and_dash = v.chars().all(|c| c.is_ascii_digit() || c == '-');
    let mobile = digits.len() == 11 && digits.starts_with('1') && v == digits;
    let landline =
        only_digits_and_dash && digits.starts_with('0') && (10..=12).contains(&digits.len());
    if mobile || landline {
        Ok(Some(v))
    } else {
        Err(FieldError::new(
            "phone",
            "format",
            "手机号应为 11 位数字，座机请带区号（如 0769-22223333）",
        ))
    }
}

/// Values present in the graduate list, for its filter selects.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GraduateFacets {
    /// Cohorts, newest first.
    pub cohorts: Vec<i32>,
    pub classes: Vec<String>,
}

/// Columns a graduate list can be sorted by (always in SQL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum GraduateSort {
    #[default]
    Name,
    StudentNumber,
    Cohort,
    Program,
    ClassName,
    UpdatedAt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    #[default]
    Asc,
    Desc,
}

/// A filtered, sorted page of graduates.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct GraduateQuery {
    /// Name, pinyin initials or full pinyin, student number or ID number.
    pub search: Option<String>,
    pub program_id: Option<String>,
    /// Program by name (CLI).
    pub program: Option<String>,
    pub cohort: Option<i32>,
    pub class_name: Option<String>,
    pub sort: GraduateSort,
    pub order: SortOrder,
    pub offset: Option<u32>,
    /// No limit when absent.
    pub limit: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(
            normalize_phone(" 138 1234 5678 ").ok(),
            Some(Some("13812345678".into()))
        );
        assert_eq!(
            normalize_phone("0769-22223333").ok(),
            Some(Some("0769-22223333".into()))
        );
        assert_eq!(normalize_phone("").ok(), Some(None));
        assert!(normalize_phone("12345").is_err());
        assert!(normalize_phone("138123456789").is_err());
        assert!(normalize_phone("abc").is_err());
    }

    #[test]
    fn creating_requires_the_mandatory_fields() {
        let (_, errs) = GraduateInput::default().check(true);
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "student_number", "program", "cohort"]);
        let (_, errs) = GraduateInput::default().check(false);
        assert!(errs.is_empty());
    }

    #[test]
    fn a_wrong_check_digit_names_the_field_and_the_expected_digit() {
        let input = GraduateInput {
            id_number: Some("110105194912310021".into()),
            ..Default::default()
        };
        let (_, errs) = input.check(false);
        assert_eq!(errs.0.len(), 1);
        assert_eq!(errs.0[0].field, "id_number");
        assert_eq!(errs.0[0].code, "id_number.check_digit");
        assert_eq!(
            errs.0[0].params.get("expected").map(String::as_str),
            Some("X")
        );
    }

    #[test]
    fn enum_aliases_parse() {
        let g: GraduateInput = serde_json::from_str(
            r#"{"gender":"female","skill_level":"三级","class_name":"机器人1班"}"#,
        )
        .expect("parse");
        assert_eq!(g.gender, Some(Gender::Female));
        assert_eq!(g.skill_level, Some(SkillLevel::Level3));
        assert!(serde_json::from_str::<GraduateInput>(r#"{"nmae":"x"}"#).is_err());
    }
}
