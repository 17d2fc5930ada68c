//! Documents of the demo college: a 3-page agreement with the fonts already loaded, the same from
//! a cold start (both fonts parsed anew, as a fresh process does), and the annual report of the
//! 2025 cohort (figures read from the database included). Prints each document's size and the
//! median of a few runs first, then runs criterion. `make bench` runs it.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use xiaoqi_core::Store;
use xiaoqi_core::model::Clause;
use xiaoqi_core::model::document::AgreementDocument;
use xiaoqi_pdf::agreement::{agreement_layout, agreement_pdf};
use xiaoqi_pdf::render::{parse_fonts, warm_up};
use xiaoqi_pdf::report::{ReportData, report_pdf};

fn demo() -> Store {
    let mut s = Store::open_in_memory().expect("store");
    xiaoqi_core::demo::seed(&mut s, false).expect("demo");
    s
}

/// A demo agreement with clauses added until it takes three pages.
fn three_pages(store: &Store) -> AgreementDocument {
    let first = &store.agreements(&Default::default()).expect("list")[0];
    let mut doc = store.agreement_document(&first.id).expect("doc");
    let mut n = 0;
    while agreement_layout(&doc).pages.len() < 3 {
        n += 1;
        doc.clauses.push(Clause {
            title: format!("补充条款{n}"),
            body: "乙方每年为甲方“工业机器人应用与维护”专业学生提供不少于 20 个岗位实习名额（含 \
                   ABB、FANUC 工业机器人操作与编程），实习期间按月支付报酬，不低于当地最低工资标准的 \
                   80%；甲方指派专业教师全程跟踪管理，双方每学期末共同考核一次。"
                .into(),
        });
    }
    doc.fingerprint = doc.compute_fingerprint();
    doc
}

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn main() {
    let store = demo();
    let doc = three_pages(&store);
    let data = ReportData::load(&store, 2025).expect("report data");

    // Cold first: nothing parsed yet in this process.
    let t = Instant::now();
    let cold = agreement_pdf(&doc).expect("pdf");
    let first_ms = t.elapsed().as_secs_f64() * 1e3;
    warm_up();
    let report = report_pdf(&data).expect("report");
    println!(
        "agreement: {} pages, {} bytes; first in this process {first_ms:.1} ms",
        cold.pages,
        cold.bytes.len()
    );
    println!(
        "agreement, fonts loaded: median {:.1} ms",
        median_ms(9, || {
            black_box(agreement_pdf(&doc).expect("pdf"));
        })
    );
    println!(
        "agreement, cold (fonts parsed anew): median {:.1} ms",
        median_ms(5, || {
            black_box(parse_fonts().expect("fonts"));
            black_box(agreement_pdf(&doc).expect("pdf"));
        })
    );
    println!(
        "annual report 2025: {} pages, {} bytes; median {:.1} ms (figures read included)",
        report.pages,
        report.bytes.len(),
        median_ms(5, || {
            let data = ReportData::load(&store, 2025).expect("data");
            black_box(report_pdf(&data).expect("report"));
        })
    );

    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    c.bench_function("pdf/agreement_3_pages", |b| {
        b.iter(|| agreement_pdf(&doc).expect("pdf"))
    });
    c.bench_function("pdf/agreement_3_pages_cold", |b| {
        b.iter(|| {
            black_box(parse_fonts().expect("fonts"));
            agreement_pdf(&doc).expect("pdf")
        })
    });
    c.bench_function("pdf/annual_report_2025", |b| {
        b.iter(|| {
            let data = ReportData::load(&store, 2025).expect("data");
            report_pdf(&data).expect("report")
        })
    });
    c.final_summary();
}
