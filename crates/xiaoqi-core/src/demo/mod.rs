//! The deterministic demo college (`xiaoqi demo`): programs of a Guangdong technician college
//! and three cohorts of graduates with realistic names and valid resident ID numbers. The same
//! seed gives the same records every time (ids and timestamps aside).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::error::{CoreError, FieldError, FieldErrors, Result};
use crate::model::{
    CollegeInput, Contact, Gender, GraduateInput, ProgramInput, SkillLevel, TrainingLevel,
};
use crate::store::Store;
use crate::validate::id_number::id_check_char;

mod season;

/// What the demo wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DemoSummary {
    pub programs: usize,
    pub graduates: usize,
    pub cohorts: usize,
    pub employers: usize,
    pub institutions: usize,
    pub agreements: usize,
    pub fairs: usize,
    pub positions: usize,
    pub applications: usize,
    pub placements: usize,
}

impl std::fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} 个专业，{} 届，{} 名毕业生，{} 条毕业去向；{} 家用人单位，{} 家科研机构，{} 份协议；{} 场双选会，{} 个岗位，{} 份简历",
            self.programs,
            self.cohorts,
            self.graduates,
            self.placements,
            self.employers,
            self.institutions,
            self.agreements,
            self.fairs,
            self.positions,
            self.applications
        )
    }
}

pub const COLLEGE_NAME: &str = "粤湾智造技师学院（演示）";
pub const COHORTS: [i32; 3] = [2023, 2024, 2025];
const PER_CLASS: usize = 40;

/// (name, catalog code, level, years, department, short class name, classes per cohort)
const PROGRAMS: &[(&str, &str, TrainingLevel, u8, &str, &str, usize)] = &[
    (
        "工业机器人应用与维护",
        "0126-4",
        TrainingLevel::PreTechnician,
        6,
        "智能制造系",
        "机器人",
        2,
    ),
    (
        "人工智能技术应用",
        "0227-3",
        TrainingLevel::Advanced,
        5,
        "信息技术系",
        "人工智能",
        2,
    ),
    (
        "数控加工（数控车工）",
        "0103-3",
        TrainingLevel::Advanced,
        5,
        "智能制造系",
        "数控",
        2,
    ),
    (
        "机电一体化技术",
        "0122-3",
        TrainingLevel::Advanced,
        5,
        "智能制造系",
        "机电",
        2,
    ),
    (
        "电气自动化设备安装与维修",
        "0214-2",
        TrainingLevel::Intermediate,
        3,
        "电气工程系",
        "电气",
        2,
    ),
    (
        "计算机网络应用",
        "0205-2",
        TrainingLevel::Intermediate,
        3,
        "信息技术系",
        "网络",
        1,
    ),
    (
        "模具制造",
        "0107-3",
        TrainingLevel::Advanced,
        5,
        "智能制造系",
        "模具",
        1,
    ),
    (
        "汽车维修",
        "0401-2",
        TrainingLevel::Intermediate,
        3,
        "汽车工程系",
        "汽修",
        1,
    ),
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "梁", "郑", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "叶", "程", "苏", "吕", "丁", "卢", "钟", "谭",
    "陆", "范", "廖", "石", "韦", "方", "邹", "熊", "邱", "江", "黎", "欧阳", "莫", "赖", "温",
    "麦", "冼", "区", "伍", "古", "植",
];
const MALE_CHARS: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "俊", "浩", "宇", "鹏", "辉", "健", "志",
    "文", "斌", "锋", "晨", "子", "梓", "嘉", "宏", "立", "家", "国", "振", "永", "建", "凯", "铭",
    "睿", "轩", "航", "博", "泽", "晓", "海", "荣", "智", "思", "德", "炜", "灿", "培", "耀", "坤",
];
const FEMALE_CHARS: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "婷", "雪", "慧", "颖", "琳", "欣", "怡", "佳", "晓", "雨", "思",
    "梓", "嘉", "诗", "月", "玉", "秀", "丹", "燕", "霞", "萍", "洁", "倩", "悦", "彤", "蕾", "薇",
    "琪", "璐", "可", "心", "紫", "晴", "珊", "咏", "凤", "美", "君", "婉",
];
/// Administrative-division codes of birthplaces (mostly Guangdong, some neighbouring provinces).
const REGIONS: &[&str] = &[
    "441900", "441900", "441900", "440106", "440111", "440304", "440306", "440604", "440606",
    "442000", "441302", "441322", "445102", "445202", "440507", "440882", "441481", "441702",
    "450102", "450521", "431021", "360702", "430524", "522121", "510722",
];
const TEACHERS: &[&str] = &[
    "陈志强",
    "李淑芬",
    "黄国华",
    "张丽娟",
    "刘建明",
    "梁晓燕",
    "吴海涛",
    "周婷",
    "林振宇",
    "何美玲",
    "郑伟",
    "罗慧敏",
    "谢文斌",
    "冯雪梅",
    "邓立新",
    "曾嘉欣",
];

/// Seeds the demo college. Refuses a database that already holds programs or graduates
/// unless `force`, in which case those are deleted first (through the store, so the deletes
/// are recorded like any other change).
pub fn seed(store: &mut Store, force: bool) -> Result<DemoSummary> {
    seed_sized(store, force, PER_CLASS)
}

/// Like [`seed`], with `per_class` graduates in each class (benchmarks use large classes to
/// reach 50,000 graduates).
pub fn seed_sized(store: &mut Store, force: bool, per_class: usize) -> Result<DemoSummary> {
    if !store.is_empty()? && !force {
        return Err(CoreError::Invalid(FieldErrors(vec![FieldError::new(
            "database",
            "not_empty",
            "数据库里已有专业或毕业生，演示数据不会覆盖它们；确需替换请加 --force",
        )])));
    }
    store.atomically(|s| {
        s.delete_all_records()?;
        s.update_college(&CollegeInput {
            name: Some(COLLEGE_NAME.into()),
            code: Some("G4419001".into()),
            city: Some("东莞市".into()),
            min_wage: Some(season::MIN_WAGE),
            credit_code: Some(season::with_check(season::COLLEGE_PARTY.0)),
            address: Some(season::COLLEGE_PARTY.1.into()),
            contacts: Some(vec![Contact {
                name: season::COLLEGE_PARTY.2.into(),
                role: Some(season::COLLEGE_PARTY.3.into()),
                phone: Some(season::COLLEGE_PARTY.4.into()),
                email: None,
            }]),
            ..Default::default()
        })?;
        let mut rng = ChaCha8Rng::seed_from_u64(20250507);
        let mut graduates = 0;
        let mut used_ids = std::collections::HashSet::<String>::new();
        for (pi, (name, code, level, years, dept, short, classes)) in PROGRAMS.iter().enumerate() {
            s.create_program(&ProgramInput {
                name: Some((*name).into()),
                code: Some((*code).into()),
                level: Some(*level),
                length_years: Some(*years),
                department: Some((*dept).into()),
                industries: Some(season::program_industries(name)),
                position_keywords: Some(season::program_keywords(name)),
            })?;
            for cohort in COHORTS {
                let entry = cohort - i32::from(*years);
                for class in 1..=*classes {
                    let class_name = format!("{entry}级{short}{class}班");
                    let teacher = TEACHERS[rng.random_range(0..TEACHERS.len())];
                    for seat in 1..=per_class {
                        let student_number = format!("{entry}{:02}{class}{seat:03}", pi + 1);
                        let mut g = graduate(
                            &mut rng,
                            name,
                            cohort,
                            *level,
                            class_name.clone(),
                            teacher,
                            student_number,
                        );
                        // Real ID numbers are unique; redraw the rare random collision.
                        while g
                            .id_number
                            .as_ref()
                            .is_some_and(|id| !used_ids.insert(id.clone()))
                        {
                            let female = g.gender == Some(Gender::Female);
                            g.id_number = Some(id_number(&mut rng, cohort, female));
                        }
                        s.create_graduate(&g)?;
                        graduates += 1;
                    }
                }
            }
        }
        let mut summary = season::seed(s, &mut rng)?;
        summary.programs = PROGRAMS.len();
        summary.graduates = graduates;
        summary.cohorts = COHORTS.len();
        Ok(summary)
    })
}

fn pick<'a>(rng: &mut ChaCha8Rng, from: &[&'a str]) -> &'a str {
    from[rng.random_range(0..from.len())]
}

fn graduate(
    rng: &mut ChaCha8Rng,
    program: &str,
    cohort: i32,
    level: TrainingLevel,
    class_name: String,
    teacher: &str,
    student_number: String,
) -> GraduateInput {
    let female = rng.random_bool(if program.contains("机") || program.contains("数控") {
        0.2
    } else {
        0.4
    });
    let chars = if female { FEMALE_CHARS } else { MALE_CHARS };
    let given = if rng.random_bool(0.75) {
        format!("{}{}", pick(rng, chars), pick(rng, chars))
    } else {
        pick(rng, chars).to_string()
    };
    let name = format!("{}{given}", pick(rng, SURNAMES));
    let skill = match (level, rng.random_range(0..10)) {
        (_, 0) => None,
        (TrainingLevel::Intermediate, _) => Some(SkillLevel::Level4),
        (TrainingLevel::Advanced, 1..=7) => Some(SkillLevel::Level3),
        (TrainingLevel::Advanced, _) => Some(SkillLevel::Level4),
        (TrainingLevel::PreTechnician, 1..=6) => Some(SkillLevel::Level2),
        (TrainingLevel::PreTechnician, _) => Some(SkillLevel::Level3),
    };
    GraduateInput {
        name: Some(name),
        gender: Some(if female { Gender::Female } else { Gender::Male }),
        student_number: Some(student_number),
        id_number: Some(id_number(rng, cohort, female)),
        phone: Some(format!(
            "1{}{:09}",
            pick(rng, &["3", "5", "7", "8", "9"]),
            rng.random_range(0..1_000_000_000u32)
        )),
        program: Some(program.into()),
        cohort: Some(cohort),
        class_name: Some(class_name),
        homeroom_teacher: Some(teacher.into()),
        skill_level: skill,
        notes: None,
        ..Default::default()
    }
}

/// A valid resident ID number for someone graduating in `cohort` at about 19–22.
fn id_number(rng: &mut ChaCha8Rng, cohort: i32, female: bool) -> String {
    let year = cohort - rng.random_range(19..=22);
    let month = rng.random_range(1..=12u32);
    let day = rng.random_range(1..=28u32);
    let seq = rng.random_range(0..100u32);
    let sex_digit = if female {
        rng.random_range(0..5u32) * 2
    } else {
        rng.random_range(0..5u32) * 2 + 1
    };
    let first17 = format!(
        "{}{year:04}{month:02}{day:02}{seq:02}{sex_digit}",
        pick(rng, REGIONS)
    );
    format!("{first17}{}", id_check_char(first17.as_bytes()))
}
