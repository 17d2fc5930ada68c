//! The demo college's annual employment-quality report, read back: ten pages or more, fonts
//! embedded as subsets, the figures those of the statistics, the contents naming the pages
//! their chapters are on, charts drawn as vectors.

mod common;

use common::*;
use xiaoqi_pdf::page::{Item, PAGE_HEIGHT_MM, PAGE_WIDTH_MM, PRINTABLE_INSET_MM, mm};
use xiaoqi_pdf::report::{ReportData, percent, report_layout, report_pdf, thousands};

const COHORT: i32 = 2025;

#[test]
fn the_demo_report_reads_back_with_the_statistics_figures() {
    let store = demo();
    let data = ReportData::load(&store, COHORT).expect("data");
    let pdf = report_pdf(&data).expect("pdf");
    assert!(pdf.pages >= 10, "{} pages", pdf.pages);
    assert!(pdf.bytes.len() <= 1_500_000, "{} bytes", pdf.bytes.len());
    assert!(pdf.missing.is_empty(), "{:?}", pdf.missing);
    assert_descriptors_embedded_subset(&pdf.bytes);
    let dir = tempfile::tempdir().expect("dir");
    let path = write(dir.path(), "report.pdf", &pdf.bytes);
    assert_fonts_embedded_subset(&path);
    let Some(text) = poppler("pdftotext", &[&path, "-"]) else {
        return;
    };
    assert_eq!(page_count(&path), Some(pdf.pages));
    let got = squeeze(&text);
    let e = store.employment_report(Some(COHORT), None).expect("stats");
    assert!(got.contains(&format!("{COHORT}届毕业生")));
    assert!(got.contains("就业质量年度报告"));
    for want in [
        percent(e.rates.employment),
        percent(e.rates.headline_2024),
        percent(e.rates.in_field),
        format!(
            "{}/{}",
            thousands(e.counts.employed.into()),
            thousands(e.graduates.into())
        ),
        e.code_list.clone(),
    ] {
        assert!(got.contains(&squeeze(&want)), "{want} not in the report");
    }
    for g in &e.by_program {
        assert!(got.contains(&squeeze(&g.program)), "{}", g.program);
        assert!(
            got.contains(&format!("{}/{}", g.counts.employed, g.graduates)),
            "{}: {}/{}",
            g.program,
            g.counts.employed,
            g.graduates
        );
    }
    for f in &data.fairs {
        assert!(got.contains(&squeeze(&f.name)));
    }
    for chapter in [
        "一、学院与毕业生概况",
        "四、就业去向分布",
        "七、双选会",
        "九、统计方法说明",
    ] {
        assert!(got.contains(chapter), "{chapter}");
    }
}

#[test]
fn the_contents_name_the_pages_the_chapters_are_on() {
    let store = demo();
    let data = ReportData::load(&store, COHORT).expect("data");
    let pdf = report_pdf(&data).expect("pdf");
    let layout = report_layout(&data);
    let dir = tempfile::tempdir().expect("dir");
    let path = write(dir.path(), "report.pdf", &pdf.bytes);
    let chapters: Vec<_> = layout.contents.iter().filter(|e| e.level == 1).collect();
    assert_eq!(chapters.len(), 9);
    let Some(contents_page) = poppler("pdftotext", &["-f", "2", "-l", "2", &path, "-"]) else {
        return;
    };
    let contents_page = squeeze(&contents_page);
    for e in &layout.contents {
        assert!(
            contents_page.contains(&format!("{}{}", squeeze(&e.title), e.page)),
            "{} → {} in {contents_page}",
            e.title,
            e.page
        );
        let n = e.page.to_string();
        let page = poppler("pdftotext", &["-f", &n, "-l", &n, &path, "-"]).expect("text");
        assert!(
            squeeze(&page).contains(&squeeze(&e.title)),
            "{} not on page {n}",
            e.title
        );
    }
}

#[test]
fn charts_are_vectors_inside_the_page_and_page_one_renders() {
    let store = demo();
    let data = ReportData::load(&store, COHORT).expect("data");
    let layout = report_layout(&data);
    let inset = mm(PRINTABLE_INSET_MM);
    let mut slices = 0;
    let mut bars = 0;
    for item in layout.pages.iter().flat_map(|p| &p.items) {
        let (l, b, r, t) = item.bounds();
        assert!(l >= inset && b >= inset, "{item:?}");
        assert!(
            r <= mm(PAGE_WIDTH_MM) - inset && t <= mm(PAGE_HEIGHT_MM) - inset,
            "{item:?}"
        );
        match item {
            Item::Path {
                closed: true,
                fill: Some(_),
                ..
            } => slices += 1,
            Item::Rect {
                fill: Some(_),
                stroke: None,
                ..
            } => bars += 1,
            _ => {}
        }
    }
    assert!(slices >= 6, "donut slices: {slices}");
    assert!(bars >= 30, "bars: {bars}");
    let pdf = report_pdf(&data).expect("pdf");
    let dir = tempfile::tempdir().expect("dir");
    let path = write(dir.path(), "report.pdf", &pdf.bytes);
    png(&path, 1, 110, dir.path(), "report-page1.png");
}

#[test]
fn a_cohort_without_graduates_still_reports_plainly() {
    let store = demo();
    let data = ReportData::load(&store, 1999).expect("data");
    let pdf = report_pdf(&data).expect("pdf");
    assert!(pdf.pages >= 5);
    let dir = tempfile::tempdir().expect("dir");
    let path = write(dir.path(), "empty.pdf", &pdf.bytes);
    let Some(text) = poppler("pdftotext", &[&path, "-"]) else {
        return;
    };
    let got = squeeze(&text);
    assert!(got.contains("共有毕业生0人"), "{got}");
    assert!(got.contains("—"), "rates without a denominator");
}

#[test]
fn a_college_with_many_programs_stays_inside_the_page() {
    let store = demo();
    let mut data = ReportData::load(&store, COHORT).expect("data");
    let one = data.employment.by_program[0].clone();
    data.employment.by_program = (1..=45)
        .map(|i| {
            let mut g = one.clone();
            g.program = format!("专业方向 {i}（含长名称的订单班与现代学徒制试点）");
            g.program_id = format!("p{i}");
            g
        })
        .collect();
    let layout = report_layout(&data);
    let inset = mm(PRINTABLE_INSET_MM);
    for item in layout.pages.iter().flat_map(|p| &p.items) {
        let (l, b, r, t) = item.bounds();
        assert!(l >= inset && b >= inset, "{item:?}");
        assert!(
            r <= mm(PAGE_WIDTH_MM) - inset && t <= mm(PAGE_HEIGHT_MM) - inset,
            "{item:?}"
        );
    }
    let text: String = layout.pages.iter().map(|p| p.text()).collect();
    assert!(
        text.contains("（1/2）") && text.contains("（2/2）"),
        "the bar chart in two parts"
    );
}
