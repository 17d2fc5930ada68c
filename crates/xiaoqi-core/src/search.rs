//! Graduate search keys: a name's pinyin initials and full pinyin, so 张三 is found by "zs",
//! "zhangs" or "zhangsan". Surnames with a special reading (曾 zeng, 单 shan …) use it.

use pinyin::ToPinyin;

/// The search keys derived from a name, lower-case ASCII.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinyinKeys {
    pub initials: String,
    pub full: String,
}

/// Readings of characters used as a surname that differ from their common reading.
const SURNAME_READINGS: &[(char, &str)] = &[
    ('曾', "zeng"),
    ('单', "shan"),
    ('解', "xie"),
    ('区', "ou"),
    ('仇', "qiu"),
    ('查', "zha"),
    ('朴', "piao"),
    ('盖', "ge"),
    ('乐', "yue"),
    ('缪', "miao"),
    ('翟', "zhai"),
    ('覃', "qin"),
    ('长', "chang"),
    ('重', "chong"),
    ('黑', "he"),
    ('尉', "yu"),
    ('秘', "bi"),
    ('万', "wan"),
    ('沈', "shen"),
    ('柏', "bai"),
    ('行', "xing"),
    ('种', "chong"),
    ('任', "ren"),
];

impl PinyinKeys {
    pub fn of(name: &str) -> PinyinKeys {
        let mut initials = String::new();
        let mut full = String::new();
        for (i, c) in name.chars().enumerate() {
            let special = if i == 0 {
                SURNAME_READINGS
                    .iter()
                    .find(|(s, _)| *s == c)
                    .map(|(_, r)| *r)
            } else {
                None
            };
            let reading = special.or_else(|| c.to_pinyin().map(|p| p.plain()));
            match reading {
                Some(r) => {
                    initials.push_str(&r[..1]);
                    full.push_str(r);
                }
                None if c.is_ascii_alphanumeric() => {
                    let l = c.to_ascii_lowercase();
                    initials.push(l);
                    full.push(l);
                }
                None => {}
            }
        }
        PinyinKeys { initials, full }
    }
}

/// What a search box string asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTerm {
    /// Letters only: pinyin initials or full pinyin prefix (lower-case).
    Pinyin(String),
    /// Digits (and a trailing X): a student number or ID number prefix.
    Number(String),
    /// Anything else (Chinese characters): part of the name.
    Text(String),
}

impl SearchTerm {
    pub fn parse(raw: &str) -> Option<SearchTerm> {
        let t = crate::validate::normalize::clean_text(raw)?;
        let folded: String = t
            .chars()
            .map(crate::validate::normalize::fold_width)
            .collect();
        let compact: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.chars().all(|c| c.is_ascii_alphabetic()) {
            Some(SearchTerm::Pinyin(compact.to_ascii_lowercase()))
        } else if compact
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            Some(SearchTerm::Number(compact.to_ascii_uppercase()))
        } else {
            Some(SearchTerm::Text(t))
        }
    }
}

impl SearchTerm {
    /// The indexed graduate columns a prefix term is looked up in, with the key to look for
    /// (upper-case where the column is); `None` for free text.
    pub fn prefix_columns(&self) -> Option<(&'static [&'static str], &str)> {
        match self {
            SearchTerm::Pinyin(k) => Some((&["name_initials", "name_pinyin", "student_number"], k)),
            SearchTerm::Number(k) => Some((&["student_number", "id_number"], k)),
            SearchTerm::Text(_) => None,
        }
    }
}

/// The smallest string greater than every string with `prefix` as a prefix, for index range scans.
pub fn prefix_upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_common_names() {
        assert_eq!(
            PinyinKeys::of("张三"),
            PinyinKeys {
                initials: "zs".into(),
                full: "zhangsan".into()
            }
        );
        assert_eq!(PinyinKeys::of("李晓明").initials, "lxm");
        assert_eq!(PinyinKeys::of("欧阳娜娜").full, "ouyangnana");
    }

    #[test]
    fn surname_readings() {
        assert_eq!(PinyinKeys::of("曾小贤").full, "zengxiaoxian");
        assert_eq!(PinyinKeys::of("单田芳").initials, "stf");
        assert_eq!(PinyinKeys::of("解晓东").full, "xiexiaodong");
    }

    #[test]
    fn mixed_and_punctuated_names() {
        assert_eq!(PinyinKeys::of("阿依·买买提").initials, "aymmt");
        assert_eq!(PinyinKeys::of("Tom李").full, "tomli");
    }

    #[test]
    fn parses_what_the_box_holds() {
        assert_eq!(
            SearchTerm::parse(" ZS "),
            Some(SearchTerm::Pinyin("zs".into()))
        );
        assert_eq!(
            SearchTerm::parse("zhang san"),
            Some(SearchTerm::Pinyin("zhangsan".into()))
        );
        assert_eq!(
            SearchTerm::parse("２０２１０１"),
            Some(SearchTerm::Number("202101".into()))
        );
        assert_eq!(
            SearchTerm::parse("11010519491231002x"),
            Some(SearchTerm::Number("11010519491231002X".into()))
        );
        assert_eq!(SearchTerm::parse("张"), Some(SearchTerm::Text("张".into())));
        assert_eq!(SearchTerm::parse("   "), None);
    }
}
