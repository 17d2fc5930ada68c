//! The demo college's graduation season: employers and research institutions, agreements of
//! every kind in every state, a job fair modelled on the seed article's event (7 May 2025,
//! Dongguan, one day on site and two weeks online) with positions and applications at every
//! stage, and destinations — verified and not — for the graduates.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::{DemoSummary, pick};
use crate::clock;
use crate::error::Result;
use crate::model::*;
use crate::store::Store;
use crate::validate::credit_code::credit_check_char;

/// The local minimum monthly wage the demo college works with (CNY).
pub const MIN_WAGE: u32 = 2100;

/// The in-field rule of each demo program: industries (GB/T 4754 letters).
pub fn program_industries(program: &str) -> Vec<String> {
    let letters: &[&str] = match program {
        p if p.contains("机器人") => &["C", "M"],
        p if p.contains("人工智能") => &["I", "M"],
        p if p.contains("网络") => &["I"],
        p if p.contains("电气") => &["C", "D"],
        p if p.contains("汽车") => &["O", "F"],
        _ => &["C"],
    };
    letters.iter().map(|l| (*l).to_string()).collect()
}

/// The in-field rule of each demo program: words in a position title.
pub fn program_keywords(program: &str) -> Vec<String> {
    let words: &[&str] = match program {
        p if p.contains("机器人") => &["机器人", "自动化", "调试"],
        p if p.contains("人工智能") => &["人工智能", "AI", "算法", "数据标注", "视觉"],
        p if p.contains("数控") => &["数控", "CNC", "车工", "机加工"],
        p if p.contains("机电") => &["机电", "设备维修", "自动化"],
        p if p.contains("电气") => &["电气", "电工"],
        p if p.contains("网络") => &["网络", "运维"],
        p if p.contains("模具") => &["模具"],
        _ => &["汽车", "机修"],
    };
    words.iter().map(|w| (*w).to_string()).collect()
}

/// (name, employer type, industry, size, city, tags, titles offered, address)
type EmployerSeed = (
    &'static str,
    &'static str,
    &'static str,
    EmployerSize,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
);

const EMPLOYERS: &[EmployerSeed] = &[
    (
        "华为技术有限公司",
        "其他企业",
        "I",
        EmployerSize::Large,
        "东莞市",
        &["华为链群", "AI"],
        &["AI数据标注工程师", "网络运维工程师", "智能制造技术员"],
        "深圳市龙岗区坂田华为基地",
    ),
    (
        "东莞市松湖智能装备有限公司",
        "民营企业",
        "C",
        EmployerSize::Medium,
        "东莞市",
        &["机器人", "智能制造"],
        &["工业机器人调试员", "机电设备维修工"],
        "东莞市松山湖高新技术产业开发区工业西路6号",
    ),
    (
        "粤芯机器人科技（东莞）有限公司",
        "民营企业",
        "C",
        EmployerSize::Medium,
        "东莞市",
        &["机器人"],
        &["机器人应用工程师", "自动化产线调试员"],
        "东莞市松山湖高新技术产业开发区科技九路2号",
    ),
    (
        "广东智擎视觉科技有限公司",
        "民营企业",
        "I",
        EmployerSize::Small,
        "广州市",
        &["AI"],
        &["机器视觉算法助理", "AI训练师"],
        "广州市黄埔区科学大道182号",
    ),
    (
        "东莞长安精密模具有限公司",
        "其他企业",
        "C",
        EmployerSize::Medium,
        "东莞市",
        &["智能制造"],
        &["模具钳工", "CNC操作员"],
        "东莞市长安镇长青南路303号",
    ),
    (
        "深圳鹏城数控机床股份有限公司",
        "其他企业",
        "C",
        EmployerSize::Large,
        "深圳市",
        &["智能制造"],
        &["数控车工", "数控编程员"],
        "深圳市宝安区石岩街道塘头大道88号",
    ),
    (
        "佛山南海电气自动化有限公司",
        "民营企业",
        "C",
        EmployerSize::Medium,
        "佛山市",
        &["智能制造"],
        &["电气安装工", "PLC电工"],
        "佛山市南海区狮山镇科技东路12号",
    ),
    (
        "广汽本田汽车销售服务（东莞）有限公司",
        "三资企业",
        "O",
        EmployerSize::Medium,
        "东莞市",
        &[],
        &["汽车机修技师", "售后服务顾问"],
        "东莞市南城街道东莞大道168号",
    ),
    (
        "广州云鹭网络科技有限公司",
        "民营企业",
        "I",
        EmployerSize::Small,
        "广州市",
        &["华为链群"],
        &["网络运维工程师", "IT技术支持"],
        "广州市天河区高唐路230号",
    ),
    (
        "东莞市大岭山机电设备有限公司",
        "民营企业",
        "C",
        EmployerSize::Small,
        "东莞市",
        &[],
        &["机电设备维修工", "设备调试员"],
        "东莞市大岭山镇莲峰路27号",
    ),
    (
        "中山智汇机器人有限公司",
        "民营企业",
        "C",
        EmployerSize::Medium,
        "中山市",
        &["机器人"],
        &["工业机器人操作员", "自动化工程师助理"],
        "中山市火炬开发区祥兴路6号",
    ),
    (
        "广东粤电智能运维有限公司",
        "国有企业",
        "D",
        EmployerSize::Large,
        "广州市",
        &[],
        &["电气运维员", "变电值班员"],
        "广州市天河区高普路1038号",
    ),
    (
        "惠州仲恺新能源电池有限公司",
        "三资企业",
        "C",
        EmployerSize::Large,
        "惠州市",
        &["智能制造"],
        &["设备技术员", "质检员"],
        "惠州市仲恺高新区和畅五路59号",
    ),
    (
        "东莞虎门智慧物流有限公司",
        "民营企业",
        "G",
        EmployerSize::Medium,
        "东莞市",
        &[],
        &["AGV调度员", "仓储主管助理"],
        "东莞市虎门镇港口大道1号",
    ),
    (
        "珠海横琴数字孪生科技有限公司",
        "民营企业",
        "I",
        EmployerSize::Small,
        "珠海市",
        &["AI", "华为链群"],
        &["数字孪生建模员", "数据标注员"],
        "珠海市横琴新区环岛东路3000号",
    ),
    (
        "东莞松湖智能装备有限公司",
        "民营企业",
        "C",
        EmployerSize::Medium,
        "东莞市",
        &["机器人"],
        &["工业机器人调试员"],
        "东莞松山湖工业西路6号",
    ),
];

/// The near-duplicate the demo keeps for trying a merge (same company, typed differently).
const NEAR_DUPLICATE: &str = "东莞松湖智能装备有限公司";

/// (name, parent organisation, kind, city, the first 17 characters of the credit code it signs
/// under — a public institution's begins with 12, a company's with 91 —, address, contact)
type InstitutionSeed = (
    &'static str,
    Option<&'static str>,
    InstitutionKind,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const INSTITUTIONS: &[InstitutionSeed] = &[
    (
        "北京大学化学与分子工程学院",
        Some("北京大学"),
        InstitutionKind::UniversityLab,
        "北京市",
        "12100000MB1D72645",
        "北京市海淀区颐和园路5号",
        "周明轩",
    ),
    (
        "广东省智能VR交互技术创新应用工程技术研究中心",
        None,
        InstitutionKind::ResearchCenter,
        "广州市",
        "12440000MB3E20487",
        "广州市黄埔区开源大道11号",
        "许慧琳",
    ),
    (
        "松山湖材料实验室",
        None,
        InstitutionKind::ResearchCenter,
        "东莞市",
        "12441900MB0F38162",
        "东莞市松山湖高新技术产业开发区大学创新城A1栋",
        "邓志华",
    ),
    (
        "华南理工大学机器人实验室",
        Some("华南理工大学"),
        InstitutionKind::UniversityLab,
        "广州市",
        "12440000MB1A67294",
        "广州市天河区五山路381号",
        "林嘉怡",
    ),
    (
        "广东省智能制造研究所",
        Some("广东省科学院"),
        InstitutionKind::ResearchCenter,
        "广州市",
        "12440000MB2K51736",
        "广州市越秀区先烈中路100号",
        "唐振国",
    ),
    (
        "东莞理工学院人工智能研究院",
        Some("东莞理工学院"),
        InstitutionKind::UniversityLab,
        "东莞市",
        "12441900MB2H40358",
        "东莞市松山湖大学路1号",
        "何思敏",
    ),
    (
        "华为东莞松山湖研发中心",
        Some("华为技术有限公司"),
        InstitutionKind::EnterpriseRd,
        "东莞市",
        "91441900MA4W7K2N8",
        "东莞市松山湖高新技术产业开发区新城大道2号",
        "郭晓东",
    ),
];

/// The demo college's profile as 甲方 of its agreements: (credit code's first 17 characters —
/// a public institution, so 12 and Dongguan's 441900 —, address, contact, role, phone).
pub const COLLEGE_PARTY: (&str, &str, &str, &str, &str) = (
    "12441900MB2C51730",
    "东莞市松山湖高新技术产业开发区学府路9号",
    "陈思远",
    "就业指导办公室主任",
    "0769-22896100",
);

/// A whole credit code from its first 17 characters: the check character appended.
pub fn with_check(first17: &str) -> String {
    let check = credit_check_char(first17.as_bytes()).unwrap_or('0');
    format!("{first17}{check}")
}

/// The long-distance prefix of a demo city's landlines.
fn area_code(city: &str) -> &'static str {
    match city {
        "北京市" => "010",
        "东莞市" => "0769",
        _ => "020",
    }
}

const FAIR_NAME: &str = "才聚湾区·智造未来——广东省人工智能与机器人产业技能人才双选会";

fn credit_code(rng: &mut ChaCha8Rng) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut first = String::from("9144190");
    while first.len() < 17 {
        first.push(ALPHABET[rng.random_range(0..ALPHABET.len())] as char);
    }
    with_check(&first)
}

fn signatories(partner: &str) -> Vec<Signatory> {
    vec![
        Signatory {
            side: Side::College,
            name: "李国栋".into(),
            title: Some("校长".into()),
        },
        Signatory {
            side: Side::Partner,
            name: partner.into(),
            title: Some("总经理".into()),
        },
    ]
}

/// The steps that bring a draft to `status`.
fn path_to(status: AgreementStatus) -> &'static [AgreementStatus] {
    use AgreementStatus::*;
    match status {
        Draft => &[],
        InReview => &[InReview],
        Signed => &[InReview, Signed],
        Active => &[InReview, Signed, Active],
        Expired => &[InReview, Signed, Active, Expired],
        Terminated => &[InReview, Signed, Active, Terminated],
    }
}

pub(super) fn seed(s: &mut Store, rng: &mut ChaCha8Rng) -> Result<DemoSummary> {
    let mut summary = DemoSummary::default();
    let mut employers: Vec<(String, &EmployerSeed)> = Vec::new();
    for e in EMPLOYERS {
        let code = if e.0 == "华为技术有限公司" {
            "914403001922038216".to_string()
        } else if e.0 == NEAR_DUPLICATE {
            // Typed without its credit code: only the name gives it away.
            String::new()
        } else {
            credit_code(rng)
        };
        let created = s.create_employer(&EmployerInput {
            name: Some(e.0.into()),
            credit_code: Some(code),
            employer_type: Some(e.1.into()),
            industry: Some(e.2.into()),
            size: Some(e.3),
            city: Some(e.4.into()),
            address: Some(e.7.into()),
            contacts: Some(vec![Contact {
                name: format!("{}经理", pick(rng, &["陈", "黄", "刘", "梁", "何"])),
                role: Some("人力资源部".into()),
                phone: Some(format!("139{:08}", rng.random_range(0..100_000_000u32))),
                email: None,
            }]),
            tags: Some(e.5.iter().map(|t| (*t).to_string()).collect()),
            accept_warnings: Some(true),
            ..Default::default()
        })?;
        employers.push((created.id, e));
    }
    // An early pilot-region code that fails its check digit, saved with the warning accepted.
    s.create_employer(&EmployerInput {
        name: Some("福州榕城自动化设备厂".into()),
        credit_code: Some("91350100M000100Y44".into()),
        employer_type: Some("其他企业".into()),
        industry: Some("C".into()),
        city: Some("福州市".into()),
        accept_warnings: Some(true),
        ..Default::default()
    })?;
    summary.employers = EMPLOYERS.len() + 1;

    let mut institutions = Vec::new();
    for (name, parent, kind, city, code, address, contact) in INSTITUTIONS {
        let i = s.create_institution(&InstitutionInput {
            name: Some((*name).into()),
            parent_org: parent.map(Into::into),
            kind: Some(*kind),
            city: Some((*city).into()),
            credit_code: Some(with_check(code)),
            address: Some((*address).into()),
            contacts: Some(vec![Contact {
                name: (*contact).into(),
                role: Some("科研合作办公室".into()),
                phone: Some(format!(
                    "{}-{:08}",
                    area_code(city),
                    rng.random_range(10_000_000..100_000_000u32)
                )),
                email: None,
            }]),
            ..Default::default()
        })?;
        institutions.push(i.id);
    }
    summary.institutions = institutions.len();

    summary.agreements = agreements(s, &employers, &institutions)?;
    let (positions, applications, signed) = fair(s, rng, &employers)?;
    summary.fairs = 2;
    summary.positions = positions;
    summary.applications = applications;
    summary.placements = signed + placements(s, rng, &employers, &institutions)?;
    Ok(summary)
}

/// Every kind in every state; a few signed ones end within 60 days for the home page.
fn agreements(
    s: &mut Store,
    employers: &[(String, &EmployerSeed)],
    institutions: &[String],
) -> Result<usize> {
    let programs = s.programs()?;
    let mut n = 0;
    for (k, kind) in AgreementKind::ALL.iter().enumerate() {
        for (i, status) in AgreementStatus::ALL.iter().enumerate() {
            let (employer, institution) = if *kind == AgreementKind::Research {
                (
                    None,
                    Some(institutions[(k + i) % institutions.len()].clone()),
                )
            } else {
                (
                    Some(employers[(k * 3 + i) % (employers.len() - 1)].0.clone()),
                    None,
                )
            };
            let (start, end) = match status {
                AgreementStatus::Expired => ("2022-09-01".to_string(), "2025-08-31".to_string()),
                AgreementStatus::Active if i % 2 == 1 || k == 0 => (
                    "2023-09-01".to_string(),
                    clock::today_plus(20 + 10 * k as i64),
                ),
                _ => ("2025-09-01".to_string(), "2028-08-31".to_string()),
            };
            let title = (*kind == AgreementKind::TrainingBase
                && employer.as_deref() == Some(employers[0].0.as_str()))
            .then(|| "数字经济人才培养基地共建协议".to_string());
            let a = s.create_agreement(&AgreementInput {
                kind: Some(*kind),
                title,
                employer_id: employer,
                institution_id: institution,
                programs: Some(vec![programs[(k + i) % programs.len()].id.clone()]),
                start_date: Some(start),
                end_date: Some(end),
                signatories: Some(signatories("周志远")),
                ..Default::default()
            })?;
            for to in path_to(*status) {
                s.advance_agreement(
                    &a.id,
                    &AdvanceInput {
                        to: *to,
                        by: if *to == AgreementStatus::InReview {
                            "就业办 梁老师"
                        } else {
                            "校办 王主任"
                        }
                        .into(),
                        note: None,
                    },
                )?;
            }
            n += 1;
        }
    }
    // The co-built digital-economy base with Huawei, as unveiled at the event.
    let a = s.create_agreement(&AgreementInput {
        kind: Some(AgreementKind::TrainingBase),
        title: Some("数字经济人才培养基地共建协议".into()),
        employer_id: Some(employers[0].0.clone()),
        programs: Some(
            programs
                .iter()
                .filter(|p| p.name.contains("人工智能") || p.name.contains("网络"))
                .map(|p| p.id.clone())
                .collect(),
        ),
        start_date: Some("2025-05-07".into()),
        end_date: Some("2030-05-06".into()),
        signatories: Some(signatories("华为代表")),
        ..Default::default()
    })?;
    for to in path_to(AgreementStatus::Active) {
        s.advance_agreement(
            &a.id,
            &AdvanceInput {
                to: *to,
                by: "校办 王主任".into(),
                note: None,
            },
        )?;
    }
    Ok(n + 1)
}

/// The seed article's fair, scaled to one college: on-site booths, positions by program, and
/// applications by the 2025 cohort at every stage; plus an upcoming campus fair.
fn fair(
    s: &mut Store,
    rng: &mut ChaCha8Rng,
    employers: &[(String, &EmployerSeed)],
) -> Result<(usize, usize, usize)> {
    let f = s.create_fair(&FairInput {
        name: Some(FAIR_NAME.into()),
        start_date: Some("2025-05-07".into()),
        end_date: Some("2025-05-21".into()),
        mode: Some(FairMode::Hybrid),
        venue: Some("东莞（线下 1 天）＋ 线上平台（2 周）".into()),
        notes: Some("广东省人工智能与机器人产业技能人才培养交流会同期举办".into()),
    })?;
    let programs = s.programs()?;
    let mut positions = Vec::new();
    for (i, (id, e)) in employers.iter().enumerate().take(EMPLOYERS.len() - 1) {
        s.add_fair_employer(&FairEmployerInput {
            fair_id: Some(f.id.clone()),
            employer_id: Some(id.clone()),
            booth: Some(format!("{}{:02}", if i < 8 { "A" } else { "B" }, i % 8 + 1)),
            ..Default::default()
        })?;
        for title in e.6 {
            let wanted: Vec<String> = programs
                .iter()
                .filter(|p| {
                    p.position_keywords
                        .iter()
                        .any(|k| title.contains(k.as_str()))
                        || p.industries.iter().any(|x| x == e.2)
                })
                .take(3)
                .map(|p| p.id.clone())
                .collect();
            let low = rng.random_range(35..60) * 100;
            let p = s.create_position(&PositionInput {
                fair_id: Some(f.id.clone()),
                employer_id: Some(id.clone()),
                title: Some((*title).into()),
                headcount: Some(rng.random_range(2..15)),
                programs: Some(wanted),
                salary_min: Some(low),
                salary_max: Some(low + rng.random_range(10..30) * 100),
                city: Some(e.4.into()),
                ..Default::default()
            })?;
            positions.push(p);
        }
    }
    // Applications from the 2025 cohort, every stage represented.
    let graduates = s.graduates(&GraduateQuery {
        cohort: Some(2025),
        ..Default::default()
    })?;
    let mut applications = 0;
    let mut signed = 0;
    for g in graduates.items.iter() {
        if !rng.random_bool(0.45) {
            continue;
        }
        let mut tried = std::collections::HashSet::new();
        for _ in 0..rng.random_range(1..=3) {
            let p = &positions[rng.random_range(0..positions.len())];
            if !tried.insert(p.id.clone()) {
                continue;
            }
            let roll = rng.random_range(0..100);
            let status = match roll {
                0..=44 => ApplicationStatus::Applied,
                45..=64 => ApplicationStatus::Interviewed,
                65..=84 => ApplicationStatus::Intention,
                _ => ApplicationStatus::Declined,
            };
            let a = s.create_application(&ApplicationInput {
                position_id: Some(p.id.clone()),
                graduate_id: Some(g.id.clone()),
                status: Some(status),
                ..Default::default()
            })?;
            applications += 1;
            // About a third of intentions were signed on the spot.
            if status == ApplicationStatus::Intention && roll < 72 && tried.len() == 1 {
                s.sign_application(
                    &a.id,
                    &PlacementInput {
                        destination_code: Some("11".into()),
                        salary: Some(
                            i32::try_from(p.salary_min.unwrap_or(4000)).unwrap_or(4000) + 500,
                        ),
                        contract_type: Some(ContractType::LabourContract),
                        start_date: Some("2025-07-01".into()),
                        ..Default::default()
                    },
                )?;
                signed += 1;
            }
        }
    }
    s.create_fair(&FairInput {
        name: Some("校园专场双选会（智能制造）".into()),
        start_date: Some(clock::today_plus(21)),
        end_date: Some(clock::today_plus(21)),
        mode: Some(FairMode::OnSite),
        venue: Some("学院体育馆".into()),
        notes: None,
    })?;
    Ok((positions.len(), applications, signed))
}

/// Destinations for the graduates without one: nearly all of 2023 and 2024 (mostly
/// verified), part of 2025 (mostly not yet); a few 2023 graduates changed jobs (history).
fn placements(
    s: &mut Store,
    rng: &mut ChaCha8Rng,
    employers: &[(String, &EmployerSeed)],
    institutions: &[String],
) -> Result<usize> {
    let mut n = 0;
    let teachers = ["陈志强", "李淑芬", "黄国华", "梁晓燕"];
    for cohort in super::COHORTS {
        let (share, verified_share) = match cohort {
            2023 => (0.97, 0.9),
            2024 => (0.93, 0.7),
            _ => (0.35, 0.2),
        };
        let graduates = s.graduates(&GraduateQuery {
            cohort: Some(cohort),
            ..Default::default()
        })?;
        for g in &graduates.items {
            if s.current_placement_id(&g.id)?.is_some() || !rng.random_bool(share) {
                continue;
            }
            let code = match rng.random_range(0..100) {
                0..=54 => "11",
                55..=64 => "10",
                65..=71 => "12",
                72..=75 => "76",
                76..=77 => "75",
                78..=79 => "271",
                80..=82 => "801",
                83 => "85",
                84 => "46",
                85..=93 => "70",
                _ => "72",
            };
            let (employer, institution) = match code {
                "10" | "11" | "12" => {
                    let (id, _) = &employers[rng.random_range(0..employers.len() - 1)];
                    (Some(id.clone()), None)
                }
                "271" => (
                    None,
                    Some(institutions[rng.random_range(0..institutions.len())].clone()),
                ),
                _ => (None, None),
            };
            let title = employer.as_ref().map(|e| {
                let seed = employers
                    .iter()
                    .find(|(id, _)| id == e)
                    .map(|(_, s)| s.6)
                    .unwrap_or(&["技术员"]);
                seed[rng.random_range(0..seed.len())].to_string()
            });
            let paid = !matches!(code, "70" | "72" | "801" | "85" | "46");
            // Some flexible jobs pay below the minimum wage: the warning shows in the app.
            let salary = paid.then(|| {
                if matches!(code, "12" | "76") && rng.random_bool(0.3) {
                    rng.random_range(15..21) * 100
                } else {
                    rng.random_range(38..85) * 100
                }
            });
            let verified = rng.random_bool(verified_share);
            let input = PlacementInput {
                graduate_id: Some(g.id.clone()),
                destination_code: Some(code.into()),
                employer_id: employer.clone(),
                institution_id: institution,
                position_title: title,
                start_date: paid.then(|| format!("{cohort}-07-{:02}", rng.random_range(1..=28))),
                salary,
                contract_type: match code {
                    "11" => Some(ContractType::LabourContract),
                    "10" => Some(ContractType::EmploymentAgreement),
                    _ => None,
                },
                verified_by: verified
                    .then(|| teachers[rng.random_range(0..teachers.len())].to_string()),
                ..Default::default()
            };
            if cohort == 2023 && code == "11" && rng.random_bool(0.08) {
                // A first job before the current one: kept as history.
                let (first, _) = &employers[rng.random_range(0..employers.len() - 1)];
                s.record_placement(&PlacementInput {
                    employer_id: Some(first.clone()),
                    verified_by: None,
                    ..input.clone()
                })?;
            }
            s.record_placement(&input)?;
            n += 1;
        }
    }
    Ok(n)
}
