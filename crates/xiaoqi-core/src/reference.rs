//! Reference lists that records point into by code: employer types (单位性质, MOE reporting
//! codes) and industries (行业, GB/T 4754-2017 sections). Inputs accept the code, the name, or
//! a name people commonly write instead (民营企业 → 39).

use serde::Serialize;

/// One entry of a reference list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RefEntry {
    pub code: &'static str,
    pub name: &'static str,
}

const fn e(code: &'static str, name: &'static str) -> RefEntry {
    RefEntry { code, name }
}

pub const EMPLOYER_TYPES: &[RefEntry] = &[
    e("10", "机关"),
    e("20", "科研设计单位"),
    e("21", "高等教育单位"),
    e("22", "中初教育单位"),
    e("23", "医疗卫生单位"),
    e("29", "其他事业单位"),
    e("31", "国有企业"),
    e("32", "三资企业"),
    e("39", "其他企业"),
    e("40", "部队"),
    e("55", "农村建制村"),
    e("56", "城镇社区"),
    e("99", "其他"),
];

/// Names people write for an employer type, with the code they mean.
const EMPLOYER_TYPE_ALIASES: &[(&str, &str)] = &[
    ("民营企业", "39"),
    ("私营企业", "39"),
    ("民企", "39"),
    ("外资企业", "32"),
    ("合资企业", "32"),
    ("外企", "32"),
    ("事业单位", "29"),
    ("国企", "31"),
    ("央企", "31"),
    ("政府机关", "10"),
];

pub const INDUSTRIES: &[RefEntry] = &[
    e("A", "农、林、牧、渔业"),
    e("B", "采矿业"),
    e("C", "制造业"),
    e("D", "电力、热力、燃气及水生产和供应业"),
    e("E", "建筑业"),
    e("F", "批发和零售业"),
    e("G", "交通运输、仓储和邮政业"),
    e("H", "住宿和餐饮业"),
    e("I", "信息传输、软件和信息技术服务业"),
    e("J", "金融业"),
    e("K", "房地产业"),
    e("L", "租赁和商务服务业"),
    e("M", "科学研究和技术服务业"),
    e("N", "水利、环境和公共设施管理业"),
    e("O", "居民服务、修理和其他服务业"),
    e("P", "教育"),
    e("Q", "卫生和社会工作"),
    e("R", "文化、体育和娱乐业"),
    e("S", "公共管理、社会保障和社会组织"),
    e("T", "国际组织"),
];

fn lookup(
    list: &[RefEntry],
    aliases: &[(&str, &'static str)],
    value: &str,
) -> Option<&'static str> {
    let v = value.trim();
    list.iter()
        .find(|x| x.code.eq_ignore_ascii_case(v) || x.name == v)
        .map(|x| x.code)
        .or_else(|| aliases.iter().find(|(a, _)| *a == v).map(|(_, c)| *c))
}

/// The employer-type code a person's value means (a code, a name or a common alias).
pub fn employer_type_code(value: &str) -> Option<&'static str> {
    lookup(EMPLOYER_TYPES, EMPLOYER_TYPE_ALIASES, value)
}

/// The industry section letter a person's value means (the letter or the section's name).
pub fn industry_code(value: &str) -> Option<&'static str> {
    lookup(INDUSTRIES, &[], value)
}

pub fn employer_type_name(code: &str) -> Option<&'static str> {
    EMPLOYER_TYPES
        .iter()
        .find(|x| x.code == code)
        .map(|x| x.name)
}

pub fn industry_name(code: &str) -> Option<&'static str> {
    INDUSTRIES.iter().find(|x| x.code == code).map(|x| x.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_aliases_resolve() {
        assert_eq!(employer_type_code("39"), Some("39"));
        assert_eq!(employer_type_code("其他企业"), Some("39"));
        assert_eq!(employer_type_code(" 民营企业 "), Some("39"));
        assert_eq!(employer_type_code("外资企业"), Some("32"));
        assert_eq!(employer_type_code("事业单位"), Some("29"));
        assert_eq!(employer_type_code("个体户"), None);
        assert_eq!(industry_code("c"), Some("C"));
        assert_eq!(industry_code("制造业"), Some("C"));
        assert_eq!(industry_code("Z"), None);
        assert_eq!(industry_name("I"), Some("信息传输、软件和信息技术服务业"));
    }
}
