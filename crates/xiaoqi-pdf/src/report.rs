//! The annual employment-quality report (就业质量年度报告) of a cohort: cover, contents, the
//! official indicators overall and per program, the destination mix, region, industry and
//! employer-type distributions, starting salaries, partner outcomes, the season's job fairs,
//! agreements in force, and how every figure was computed. Every number comes from
//! `xiaoqi_core::stats` (the same functions as the app's statistics page); charts are vectors.

use xiaoqi_core::model::{Agreement, AgreementKind, AgreementStatus, College, Fair, Program};
use xiaoqi_core::stats::{Counts, EmploymentReport, PartnerOutcome, Rates, Share, StatsGroup};
use xiaoqi_core::{Result as CoreResult, Store};

use crate::chart::{Mark, bars, columns, donut};
use crate::flow::{
    Align, BODY, Block, Column, Layout, Paragraph, Table, layout, number_pages, text_width,
};
use crate::font::Weight;
use crate::page::{MUTED, Rgb, mm};
use crate::{Pdf, PdfError, finish};

/// Everything the report says, read from the store.
#[derive(Debug, Clone)]
pub struct ReportData {
    pub college: College,
    pub cohort: i32,
    pub employment: EmploymentReport,
    pub programs: Vec<Program>,
    pub partners: Vec<PartnerOutcome>,
    /// Fairs of the cohort's season (from September of the year before to August).
    pub fairs: Vec<Fair>,
    pub agreements: Vec<Agreement>,
    /// The day the figures were read (YYYY-MM-DD).
    pub compiled_on: String,
}

impl ReportData {
    pub fn load(store: &Store, cohort: i32) -> CoreResult<ReportData> {
        let (from, to) = season(cohort);
        Ok(ReportData {
            college: store.college()?,
            cohort,
            employment: store.employment_report(Some(cohort), None)?,
            programs: store.programs()?,
            partners: store.partner_outcomes(Some(cohort))?,
            fairs: store
                .fairs()?
                .into_iter()
                .filter(|f| f.start_date.as_str() >= from.as_str() && f.start_date <= to)
                .collect(),
            agreements: store.agreements(&Default::default())?,
            compiled_on: xiaoqi_core::clock::today(),
        })
    }
}

/// The job-fair season of a cohort: September of the year before to the end of August.
fn season(cohort: i32) -> (String, String) {
    (format!("{}-09-01", cohort - 1), format!("{cohort}-08-31"))
}

/// The report as PDF.
pub fn report_pdf(data: &ReportData) -> std::result::Result<Pdf, PdfError> {
    let title = format!(
        "{}{} 届毕业生就业质量年度报告",
        data.college.name, data.cohort
    );
    finish(&title, report_layout(data))
}

/// The report laid out, page numbers included.
pub fn report_layout(data: &ReportData) -> Layout {
    let mut b = Vec::new();
    cover(&mut b, data);
    b.push(Block::Paragraph(
        Paragraph::new("目　录", 18.0, Weight::Bold)
            .align(Align::Center)
            .space(0.0, mm(8.0)),
    ));
    b.push(Block::Contents);
    b.push(Block::PageBreak);
    overview(&mut b, data);
    overall(&mut b, data);
    by_program(&mut b, data);
    distributions(&mut b, data);
    salary(&mut b, data);
    partners(&mut b, data);
    fairs(&mut b, data);
    agreements(&mut b, data);
    method(&mut b, data);
    let mut out = layout(&b);
    number_pages(&mut out.pages);
    out
}

// ---- numbers as the screens write them ----------------------------------------------------------

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A fraction as a percentage with one decimal; "—" without a denominator.
pub fn percent(rate: Option<f64>) -> String {
    rate.filter(|r| r.is_finite())
        .map_or_else(|| "—".to_string(), |r| format!("{:.1}%", r * 100.0))
}

fn yuan(v: Option<f64>) -> String {
    v.map_or_else(
        || "—".to_string(),
        |v| format!("{} 元", thousands(v.round() as u64)),
    )
}

// ---- colours: the UI's, one per destination group -------------------------------------------------

fn group_color(g: StatsGroup) -> Rgb {
    Rgb::hex(match g {
        StatsGroup::Contract => 0x1f6fd1,
        StatsGroup::Flexible => 0x36b3a8,
        StatsGroup::Entrepreneurship => 0x8e6fd8,
        StatsGroup::FurtherStudy => 0xe6a23c,
        StatsGroup::Awaiting => 0xf56c6c,
        StatsGroup::NotSeeking => 0xa8abb2,
    })
}

const EMPLOYED: Rgb = Rgb::hex(0x409eff);
const NEUTRAL: Rgb = Rgb::hex(0x5470c6);
const PALETTE: [u32; 8] = [
    0x5470c6, 0x91cc75, 0xfac858, 0xee6666, 0x73c0de, 0x3ba272, 0xfc8452, 0x9a60b4,
];

fn group_name(g: StatsGroup) -> &'static str {
    match g {
        StatsGroup::Contract => "协议和合同就业",
        StatsGroup::Flexible => "灵活就业",
        StatsGroup::Entrepreneurship => "自主创业",
        StatsGroup::FurtherStudy => "升学",
        StatsGroup::Awaiting => "待就业",
        StatsGroup::NotSeeking => "暂不就业",
    }
}

fn group_count(c: &Counts, g: StatsGroup) -> u32 {
    match g {
        StatsGroup::Contract => c.contract,
        StatsGroup::Flexible => c.flexible,
        StatsGroup::Entrepreneurship => c.entrepreneurship,
        StatsGroup::FurtherStudy => c.further_study,
        StatsGroup::Awaiting => c.awaiting,
        StatsGroup::NotSeeking => c.not_seeking,
    }
}

// ---- blocks ---------------------------------------------------------------------------------------

fn p(b: &mut Vec<Block>, text: impl Into<String>) {
    b.push(Block::Paragraph(Paragraph::body(text)));
}

fn h1(b: &mut Vec<Block>, text: &str) {
    b.push(Block::PageBreak);
    b.push(Block::Paragraph(Paragraph::heading(text, 1)));
}

fn h2(b: &mut Vec<Block>, text: impl Into<String>) {
    b.push(Block::Paragraph(Paragraph::heading(text, 2)));
}

/// A chart's title, kept with the chart.
fn figure(b: &mut Vec<Block>, title: String, chart: crate::flow::Drawing) {
    b.push(Block::Keep(vec![
        Block::Paragraph(
            Paragraph::new(title, 10.0, Weight::Bold)
                .align(Align::Center)
                .space(6.0, 4.0),
        ),
        Block::Drawing(chart),
        Block::Space(8.0),
    ]));
}

fn caption(b: &mut Vec<Block>, title: String) {
    b.push(Block::Paragraph(
        Paragraph::new(title, 10.0, Weight::Bold)
            .align(Align::Center)
            .space(6.0, 4.0)
            .keep_with_next(),
    ));
}

fn table(columns: &[(&str, f32, Align)], rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table {
        columns: columns
            .iter()
            .map(|(t, w, a)| Column::new(*t, *w, *a))
            .collect(),
        rows,
        size: 9.0,
    })
}

fn cover(b: &mut Vec<Block>, d: &ReportData) {
    b.push(Block::Space(mm(60.0)));
    b.push(Block::Paragraph(
        Paragraph::new(d.college.name.clone(), 22.0, Weight::Bold)
            .align(Align::Center)
            .space(0.0, mm(8.0)),
    ));
    b.push(Block::Paragraph(
        Paragraph::new(format!("{} 届毕业生", d.cohort), 20.0, Weight::Bold).align(Align::Center),
    ));
    b.push(Block::Paragraph(
        Paragraph::new("就业质量年度报告", 26.0, Weight::Bold)
            .align(Align::Center)
            .space(mm(4.0), mm(10.0)),
    ));
    // An accent rule in the charts' employed blue under the title.
    let w = text_width();
    b.push(Block::Drawing(crate::flow::Drawing {
        width: w,
        height: 6.0,
        items: vec![crate::page::Item::Rect {
            x: w * 0.3,
            y: 2.0,
            w: w * 0.4,
            h: 2.0,
            fill: Some(EMPLOYED),
            stroke: None,
        }],
    }));
    b.push(Block::Space(mm(60.0)));
    let (y, m) = d.compiled_on.split_at(4.min(d.compiled_on.len()));
    let month = m.get(1..3).and_then(|m| m.parse::<u32>().ok()).unwrap_or(1);
    for line in [d.college.name.clone(), format!("{y} 年 {month} 月")] {
        b.push(Block::Paragraph(
            Paragraph::new(line, 14.0, Weight::Regular).align(Align::Center),
        ));
    }
    b.push(Block::PageBreak);
}

fn overview(b: &mut Vec<Block>, d: &ReportData) {
    let e = &d.employment;
    b.push(Block::Paragraph(Paragraph::heading(
        "一、学院与毕业生概况",
        1,
    )));
    let city = d.college.city.as_deref().unwrap_or("");
    p(
        b,
        format!(
            "{}{}是一所技工院校。本报告依据学院校企通系统中 {} 届毕业生的毕业去向记录编制，\
             统计截至 {}，毕业去向按代码表“{}”分类。{} 届共有毕业生 {} 人，分布在 {} 个专业。",
            if city.is_empty() { "" } else { city },
            d.college.name,
            d.cohort,
            d.compiled_on,
            e.code_list,
            d.cohort,
            thousands(e.graduates.into()),
            e.by_program.len()
        ),
    );
    p(
        b,
        format!(
            "全届就业率 {}（{} / {} 人），其中协议和合同就业率 {}；升学率 {}；\
             按 2024 年口径的毕业去向落实率为 {}。对口就业率 {}，平均起薪 {}。",
            percent(e.rates.employment),
            thousands(e.counts.employed.into()),
            thousands(e.graduates.into()),
            percent(e.rates.contract),
            percent(e.rates.further_study),
            percent(e.rates.headline_2024),
            percent(e.rates.in_field),
            yuan(e.salary.mean),
        ),
    );
    caption(b, format!("表 1　{} 届各专业毕业生人数", d.cohort));
    let rows = e
        .by_program
        .iter()
        .map(|g| {
            let prog = d.programs.iter().find(|p| p.id == g.program_id);
            vec![
                g.program.clone(),
                prog.and_then(|p| p.code.clone()).unwrap_or_default(),
                prog.map(|p| p.level.as_str().to_string())
                    .unwrap_or_default(),
                prog.and_then(|p| p.department.clone()).unwrap_or_default(),
                thousands(g.graduates.into()),
            ]
        })
        .chain(std::iter::once(vec![
            "合计".into(),
            String::new(),
            String::new(),
            String::new(),
            thousands(e.graduates.into()),
        ]))
        .collect();
    b.push(table(
        &[
            ("专业", 3.2, Align::Left),
            ("专业代码", 1.3, Align::Left),
            ("培养层次", 1.3, Align::Left),
            ("系部", 1.5, Align::Left),
            ("毕业生（人）", 1.3, Align::Right),
        ],
        rows,
    ));
}

/// The indicator rows of a set of graduates: name, rate, count over denominator.
fn indicator_rows(graduates: u32, c: &Counts, r: &Rates, salary: Option<f64>) -> Vec<Vec<String>> {
    let of = |n: u32, d: u32| format!("{} / {}", thousands(n.into()), thousands(d.into()));
    vec![
        vec![
            "就业率".into(),
            percent(r.employment),
            of(c.employed, graduates),
        ],
        vec![
            "　协议和合同就业率".into(),
            percent(r.contract),
            of(c.contract, graduates),
        ],
        vec![
            "　灵活就业率".into(),
            percent(r.flexible),
            of(c.flexible, graduates),
        ],
        vec![
            "　自主创业率".into(),
            percent(r.entrepreneurship),
            of(c.entrepreneurship, graduates),
        ],
        vec![
            "升学率".into(),
            percent(r.further_study),
            of(c.further_study, graduates),
        ],
        vec![
            "待就业率".into(),
            percent(r.awaiting),
            of(c.awaiting, graduates),
        ],
        vec![
            "暂不就业率".into(),
            percent(r.not_seeking),
            of(c.not_seeking, graduates),
        ],
        vec![
            "毕业去向落实率（2024 年口径）".into(),
            percent(r.headline_2024),
            of(c.employed + c.further_study, graduates),
        ],
        vec![
            "对口就业率".into(),
            percent(r.in_field),
            of(c.in_field, c.employed),
        ],
        vec![
            "本地就业占比".into(),
            percent(r.local),
            of(c.local, c.employed),
        ],
        vec![
            "职业技能等级证书获取率".into(),
            percent(r.certificates),
            of(c.certificates, graduates),
        ],
        vec!["平均起薪（月）".into(), yuan(salary), String::new()],
    ]
}

const INDICATOR_COLUMNS: [(&str, f32, Align); 3] = [
    ("指标", 3.0, Align::Left),
    ("数值", 1.2, Align::Right),
    ("人数 / 分母", 1.6, Align::Right),
];

fn mix(c: &Counts) -> Vec<Mark> {
    StatsGroup::ALL
        .iter()
        .map(|&g| {
            let n = group_count(c, g);
            Mark {
                label: group_name(g).into(),
                value: n.into(),
                text: format!("{} 人", thousands(n.into())),
                color: group_color(g),
            }
        })
        .collect()
}

fn overall(b: &mut Vec<Block>, d: &ReportData) {
    let e = &d.employment;
    h1(b, "二、就业总体情况");
    p(
        b,
        "本章各项比率的分母为本届全部毕业生（对口就业率、本地就业占比的分母为已就业毕业生），\
         每一比率旁列出其分子与分母，均可在系统中追溯到具体毕业生。",
    );
    caption(b, format!("表 2　{} 届毕业生就业主要指标", d.cohort));
    b.push(table(
        &INDICATOR_COLUMNS,
        indicator_rows(e.graduates, &e.counts, &e.rates, e.salary.mean),
    ));
    figure(
        b,
        format!("图 1　{} 届毕业生毕业去向构成", d.cohort),
        donut(
            &mix(&e.counts),
            text_width(),
            mm(62.0),
            &format!("{} 人", thousands(e.graduates.into())),
        ),
    );
    let shares: Vec<String> = StatsGroup::ALL
        .iter()
        .filter(|g| group_count(&e.counts, **g) > 0)
        .map(|&g| {
            let n = group_count(&e.counts, g);
            format!(
                "{} {} 人（{}）",
                group_name(g),
                thousands(n.into()),
                percent((e.graduates > 0).then(|| f64::from(n) / f64::from(e.graduates)))
            )
        })
        .collect();
    if !shares.is_empty() {
        p(b, format!("从毕业去向看：{}。", shares.join("；")));
    }
}

fn by_program(b: &mut Vec<Block>, d: &ReportData) {
    let e = &d.employment;
    h1(b, "三、分专业就业情况");
    caption(b, format!("表 3　{} 届各专业就业主要指标", d.cohort));
    let rows = e
        .by_program
        .iter()
        .map(|g| {
            vec![
                g.program.clone(),
                thousands(g.graduates.into()),
                percent(g.rates.employment),
                percent(g.rates.contract),
                percent(g.rates.further_study),
                percent(g.rates.in_field),
                yuan(g.salary.mean),
            ]
        })
        .collect();
    b.push(table(
        &[
            ("专业", 3.0, Align::Left),
            ("毕业生", 1.0, Align::Right),
            ("就业率", 1.0, Align::Right),
            ("协议和合同", 1.2, Align::Right),
            ("升学率", 1.0, Align::Right),
            ("对口就业率", 1.2, Align::Right),
            ("平均起薪", 1.3, Align::Right),
        ],
        rows,
    ));
    let marks: Vec<Mark> = e
        .by_program
        .iter()
        .map(|g| Mark {
            label: g.program.clone(),
            value: g.rates.employment.unwrap_or(0.0),
            text: format!(
                "{}（{}/{}）",
                percent(g.rates.employment),
                g.counts.employed,
                g.graduates
            ),
            color: EMPLOYED,
        })
        .collect();
    // Thirty bars fit a page; a college with more programs gets the chart in parts.
    let parts = marks.len().div_ceil(30).max(1);
    for (n, chunk) in marks.chunks(30).enumerate() {
        let part = if parts > 1 {
            format!("（{}/{parts}）", n + 1)
        } else {
            String::new()
        };
        figure(
            b,
            format!("图 2　各专业就业率（{} 届）{part}", d.cohort),
            bars(chunk, text_width(), Some(1.0)),
        );
    }
    for (i, g) in e.by_program.iter().enumerate() {
        // A program's heading, summary and indicators on one page.
        let mut part = Vec::new();
        h2(&mut part, format!("（{}）{}", i + 1, g.program));
        p(
            &mut part,
            format!(
                "{}专业 {} 届毕业生 {} 人，就业 {} 人，就业率 {}；对口就业率 {}，平均起薪 {}。",
                g.program,
                d.cohort,
                g.graduates,
                g.counts.employed,
                percent(g.rates.employment),
                percent(g.rates.in_field),
                yuan(g.salary.mean)
            ),
        );
        part.push(table(
            &INDICATOR_COLUMNS,
            indicator_rows(g.graduates, &g.counts, &g.rates, g.salary.mean),
        ));
        b.push(Block::Keep(part));
        figure(
            b,
            format!("{}毕业去向", g.program),
            bars(&mix(&g.counts), text_width(), None),
        );
    }
}

fn share_marks(list: &[Share], color: impl Fn(usize) -> Rgb) -> Vec<Mark> {
    list.iter()
        .take(10)
        .enumerate()
        .map(|(i, s)| Mark {
            label: if s.label.is_empty() {
                "未填写".into()
            } else {
                s.label.clone()
            },
            value: s.count.into(),
            text: format!(
                "{} 人（{}）",
                thousands(s.count.into()),
                percent(Some(s.share))
            ),
            color: color(i),
        })
        .collect()
}

fn share_table(title: &str, list: &[Share]) -> Block {
    table(
        &[
            (title, 3.0, Align::Left),
            ("人数", 1.0, Align::Right),
            ("占已就业", 1.0, Align::Right),
        ],
        list.iter()
            .map(|s| {
                vec![
                    if s.label.is_empty() {
                        "未填写".into()
                    } else {
                        s.label.clone()
                    },
                    thousands(s.count.into()),
                    percent(Some(s.share)),
                ]
            })
            .collect(),
    )
}

fn distributions(b: &mut Vec<Block>, d: &ReportData) {
    let dist = &d.employment.distributions;
    h1(b, "四、就业去向分布");
    p(
        b,
        format!(
            "以下分布的统计对象为 {} 届已就业毕业生（{} 人），按工作城市、行业（GB/T 4754-2017 门类）\
             和单位性质分列；图中列出人数最多的前十项，表中列出全部。",
            d.cohort,
            thousands(d.employment.counts.employed.into())
        ),
    );
    for (n, (title, unit, list)) in [
        ("就业地区分布", "工作城市", &dist.region),
        ("就业行业分布", "行业", &dist.industry),
        ("就业单位性质分布", "单位性质", &dist.employer_type),
    ]
    .into_iter()
    .enumerate()
    {
        h2(b, format!("（{}）{}", n + 1, title));
        if list.is_empty() {
            p(b, "本届尚无已就业毕业生的记录。");
            continue;
        }
        let chart = if n == 2 {
            donut(
                &share_marks(list, |i| Rgb::hex(PALETTE[i % PALETTE.len()])),
                text_width(),
                mm(58.0),
                "单位性质",
            )
        } else {
            bars(&share_marks(list, |_| NEUTRAL), text_width(), None)
        };
        figure(
            b,
            format!("图 {}　{}（{} 届）", n + 3, title, d.cohort),
            chart,
        );
        b.push(share_table(unit, list));
    }
}

fn salary(b: &mut Vec<Block>, d: &ReportData) {
    let s = &d.employment.salary;
    h1(b, "五、起薪情况");
    p(
        b,
        format!(
            "记录了月起薪的已就业毕业生共 {} 人，平均起薪 {}，中位数 {}。下图按起薪分档列出人数。",
            thousands(s.count.into()),
            yuan(s.mean),
            yuan(s.median)
        ),
    );
    if !s.bands.is_empty() {
        // At most twelve columns: a wide salary range is shown in wider bands.
        let group = s.bands.len().div_ceil(12).max(1);
        let marks: Vec<Mark> = s
            .bands
            .chunks(group)
            .map(|bands| {
                let (min, max) = (bands[0].min, bands[bands.len() - 1].max);
                let count: u32 = bands.iter().map(|b| b.count).sum();
                Mark {
                    label: format!("{}–{}", thousands(min.into()), thousands(max.into())),
                    value: count.into(),
                    text: count.to_string(),
                    color: EMPLOYED,
                }
            })
            .collect();
        figure(
            b,
            format!("图 6　{} 届毕业生月起薪分布（元）", d.cohort),
            columns(&marks, text_width(), mm(70.0)),
        );
    }
    caption(b, "表 4　各专业起薪".into());
    b.push(table(
        &[
            ("专业", 3.0, Align::Left),
            ("有起薪记录", 1.2, Align::Right),
            ("平均起薪", 1.3, Align::Right),
            ("中位数", 1.3, Align::Right),
        ],
        d.employment
            .by_program
            .iter()
            .map(|g| {
                vec![
                    g.program.clone(),
                    thousands(g.salary.count.into()),
                    yuan(g.salary.mean),
                    yuan(g.salary.median),
                ]
            })
            .collect(),
    ));
}

fn partners(b: &mut Vec<Block>, d: &ReportData) {
    h1(b, "六、合作企业与就业成效");
    let placed: u32 = d.partners.iter().map(|p| p.placed).sum();
    let with_agreement = d.partners.iter().filter(|p| p.agreements > 0).count();
    p(
        b,
        format!(
            "{} 届毕业生在 {} 家用人单位就业（其中 {} 家与学院有已签署或履行中的合作协议），\
             共 {} 人。下表按就业人数排列。",
            d.cohort,
            d.partners.iter().filter(|p| p.placed > 0).count(),
            with_agreement,
            thousands(placed.into())
        ),
    );
    caption(b, "表 5　合作企业就业成效".into());
    b.push(table(
        &[
            ("用人单位", 3.4, Align::Left),
            ("在约协议", 1.0, Align::Right),
            ("就业人数", 1.0, Align::Right),
            ("对口", 0.9, Align::Right),
            ("平均起薪", 1.3, Align::Right),
        ],
        d.partners
            .iter()
            .map(|o| {
                vec![
                    o.employer.clone(),
                    o.agreements.to_string(),
                    o.placed.to_string(),
                    o.in_field.to_string(),
                    yuan(o.mean_salary),
                ]
            })
            .collect(),
    ));
}

fn fairs(b: &mut Vec<Block>, d: &ReportData) {
    h1(b, "七、双选会");
    let (from, to) = season(d.cohort);
    if d.fairs.is_empty() {
        p(b, format!("{from} 至 {to} 期间学院未记录双选会。"));
        return;
    }
    p(
        b,
        format!(
            "{from} 至 {to} 期间（{} 届毕业季），学院组织或参加双选会 {} 场。",
            d.cohort,
            d.fairs.len()
        ),
    );
    caption(b, "表 6　双选会概况".into());
    b.push(table(
        &[
            ("双选会", 3.0, Align::Left),
            ("日期", 1.6, Align::Left),
            ("单位", 0.8, Align::Right),
            ("岗位", 0.8, Align::Right),
            ("投递简历", 1.0, Align::Right),
            ("就业意向", 1.0, Align::Right),
            ("签约", 0.8, Align::Right),
        ],
        d.fairs
            .iter()
            .map(|f| {
                vec![
                    f.name.clone(),
                    if f.start_date == f.end_date {
                        f.start_date.clone()
                    } else {
                        format!("{} 至 {}", f.start_date, f.end_date)
                    },
                    thousands(f.figures.employers.into()),
                    thousands(f.figures.positions.into()),
                    thousands(f.figures.resumes.into()),
                    thousands(f.figures.intentions.into()),
                    thousands(f.figures.signings.into()),
                ]
            })
            .collect(),
    ));
    for f in &d.fairs {
        let x = &f.figures;
        let marks: Vec<Mark> = [
            ("参会单位", x.employers, 0xa0cfff),
            ("招聘岗位", x.positions, 0x79bbff),
            ("投递简历", x.resumes, 0x409eff),
            ("就业意向", x.intentions, 0x1f6fd1),
            ("现场签约", x.signings, 0x67c23a),
        ]
        .into_iter()
        .map(|(l, v, c)| Mark {
            label: l.into(),
            value: v.into(),
            text: thousands(v.into()),
            color: Rgb::hex(c),
        })
        .collect();
        figure(
            b,
            format!("{}：从投递到签约", f.name),
            bars(&marks, text_width(), None),
        );
    }
}

fn agreements(b: &mut Vec<Block>, d: &ReportData) {
    h1(b, "八、校企合作与技研合作");
    let in_force =
        |a: &&Agreement| matches!(a.status, AgreementStatus::Signed | AgreementStatus::Active);
    let live: Vec<&Agreement> = d.agreements.iter().filter(in_force).collect();
    p(
        b,
        format!(
            "截至 {}，学院共有已签署或履行中的合作协议 {} 份，涉及合作单位 {} 家。",
            d.compiled_on,
            live.len(),
            {
                let mut names: Vec<&str> = live.iter().map(|a| a.partner.as_str()).collect();
                names.sort_unstable();
                names.dedup();
                names.len()
            }
        ),
    );
    caption(b, "表 7　协议按类型统计".into());
    b.push(table(
        &[
            ("协议类型", 3.0, Align::Left),
            ("在约", 1.0, Align::Right),
            ("全部", 1.0, Align::Right),
        ],
        AgreementKind::ALL
            .iter()
            .map(|k| {
                vec![
                    k.as_str().to_string(),
                    live.iter().filter(|a| a.kind == *k).count().to_string(),
                    d.agreements
                        .iter()
                        .filter(|a| a.kind == *k)
                        .count()
                        .to_string(),
                ]
            })
            .collect(),
    ));
    caption(b, "表 8　在约协议".into());
    b.push(table(
        &[
            ("协议编号", 1.8, Align::Left),
            ("协议名称", 2.6, Align::Left),
            ("合作方", 2.4, Align::Left),
            ("期限", 2.0, Align::Left),
        ],
        live.iter()
            .map(|a| {
                vec![
                    a.number.clone(),
                    a.title.clone(),
                    a.partner.clone(),
                    match (&a.start_date, &a.end_date) {
                        (Some(s), Some(e)) => format!("{s} 至 {e}"),
                        (Some(s), None) => format!("{s} 起"),
                        _ => String::new(),
                    },
                ]
            })
            .collect(),
    ));
}

fn method(b: &mut Vec<Block>, d: &ReportData) {
    h1(b, "九、统计方法说明");
    for text in [
        format!(
            "统计对象：{} 届全部在册毕业生（已删除的记录不计）。各比率的分母为本届（或本专业）毕业生人数；\
             对口就业率、本地就业占比及分布的分母为已就业毕业生人数。分母为零的比率记为“—”。",
            d.cohort
        ),
        format!(
            "毕业去向：以每名毕业生当前有效的一条去向记录为准，按其登记时所用的代码表分组。本报告所用代码表：{}。\
             协议和合同就业含代码 10、11、271、46 及基层项目 5xx；灵活就业含 12、76；自主创业 75；\
             升学含 801、802、85；待就业 70；暂不就业 71、72。没有去向记录的毕业生计为待就业。",
            d.employment.code_list
        ),
        "就业率＝（协议和合同就业＋灵活就业＋自主创业）÷ 毕业生，不含升学。毕业去向落实率（2024 年口径）\
         ＝（单位就业＋自主创业＋自由职业＋升学）÷ 毕业生。"
            .to_string(),
        "对口就业：已就业且去向记录标为对口（按专业对口行业与岗位关键词判定，可人工修改）。\
         本地就业：工作城市与学院所在城市相同。起薪：已就业且登记了月起薪者的平均数与中位数。"
            .to_string(),
        format!(
            "双选会：开始日期在 {} 至 {} 之间的双选会；投递简历为全部申请，就业意向含已签约者。\
             合作协议：状态为已签署或履行中的协议。",
            season(d.cohort).0,
            season(d.cohort).1
        ),
        format!(
            "本报告由校企通依据截至 {} 的记录生成，所有数字与系统“统计”页一致，可逐项追溯到具体毕业生。",
            d.compiled_on
        ),
    ] {
        p(b, text);
    }
    b.push(Block::Paragraph(
        Paragraph::new(
            format!("{}　{}", d.college.name, d.compiled_on),
            BODY,
            Weight::Regular,
        )
        .align(Align::Right)
        .color(MUTED)
        .space(mm(10.0), 0.0),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_on_screen() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(16_560_000), "16,560,000");
        assert_eq!(percent(Some(0.8642)), "86.4%");
        assert_eq!(percent(None), "—");
        assert_eq!(yuan(Some(5812.4)), "5,812 元");
    }
}
