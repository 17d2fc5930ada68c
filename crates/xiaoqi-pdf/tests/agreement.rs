//! Agreement PDFs of the demo college, read back: fonts embedded as subsets, the text equal to
//! the records, numbered pages, the QR code scanning to the number and fingerprint, characters
//! the font lacks marked in red and reported, and nothing outside the printable area.

mod common;

use common::*;
use xiaoqi_core::model::document::qr_payload;
use xiaoqi_core::model::{AgreementInput, AgreementKind, Clause};
use xiaoqi_pdf::agreement::{agreement_layout, agreement_pdf};
use xiaoqi_pdf::page::{
    Item, MARGIN_BOTTOM_MM, PAGE_HEIGHT_MM, PAGE_WIDTH_MM, PRINTABLE_INSET_MM, body, mm,
};

#[test]
fn every_demo_agreement_prints_and_reads_back() {
    let store = demo();
    let dir = tempfile::tempdir().expect("dir");
    let agreements = store.agreements(&Default::default()).expect("list");
    // Every kind of agreement is among them.
    for kind in AgreementKind::ALL {
        assert!(agreements.iter().any(|a| a.kind == kind), "{kind:?}");
    }
    for a in &agreements {
        let doc = store
            .agreement_document(&a.number)
            .expect("complete party data");
        let pdf = agreement_pdf(&doc).expect("pdf");
        assert!(pdf.missing.is_empty(), "{:?}", pdf.missing);
        assert!(
            pdf.bytes.len() < 150_000,
            "{}: {} bytes",
            a.number,
            pdf.bytes.len()
        );
        assert_descriptors_embedded_subset(&pdf.bytes);
        let path = write(dir.path(), "a.pdf", &pdf.bytes);
        assert_fonts_embedded_subset(&path);
        let Some(text) = poppler("pdftotext", &[&path, "-"]) else {
            continue;
        };
        assert_eq!(page_count(&path), Some(pdf.pages));
        let got = squeeze(&text);
        for want in [
            &doc.title,
            &doc.number,
            &doc.fingerprint,
            &doc.college.name,
            &doc.college.credit_code,
            &doc.college.address,
            &doc.partner.name,
            &doc.partner.credit_code,
            &doc.partner.address,
            &doc.partner.phone,
        ] {
            assert!(
                got.contains(&squeeze(want)),
                "{}: {want} not in the text",
                a.number
            );
        }
        for c in &doc.clauses {
            assert!(got.contains(&squeeze(&c.title)), "{}", c.title);
            assert!(got.contains(&squeeze(&c.body)), "{}", c.body);
        }
        for i in 1..=pdf.pages {
            assert!(got.contains(&format!("第{i}页共{}页", pdf.pages)));
        }
        assert!(got.contains("甲方（盖章）") && got.contains("乙方（盖章）"));
        // lopdf reads the same text through the ToUnicode maps.
        let lo = squeeze(&lopdf_text(&pdf.bytes));
        assert!(lo.contains(&squeeze(&doc.clauses[0].body)), "{lo}");
    }
}

#[test]
fn page_one_renders_and_its_qr_code_scans_to_number_and_fingerprint() {
    let store = demo();
    let number = &store.agreements(&Default::default()).expect("list")[0].number;
    let doc = store.agreement_document(number).expect("doc");
    let pdf = agreement_pdf(&doc).expect("pdf");
    let dir = tempfile::tempdir().expect("dir");
    let path = write(dir.path(), "a.pdf", &pdf.bytes);
    if png(&path, 1, 110, dir.path(), "agreement-page1.png").is_none() {
        return;
    }
    let (w, h, rgb) = raster(&path, 1, 200, dir.path()).expect("raster");
    // The foot's band only, where the code is.
    let band = (h as f32 * (1.0 - MARGIN_BOTTOM_MM / PAGE_HEIGHT_MM)) as usize;
    let img = rqrr::PreparedImage::prepare_from_greyscale(w, h - band, |x, y| {
        let i = ((y + band) * w + x) * 3;
        ((u16::from(rgb[i]) + u16::from(rgb[i + 1]) + u16::from(rgb[i + 2])) / 3) as u8
    });
    let mut img = img;
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the foot");
    let (_, content) = grids[0].decode().expect("decodes");
    assert_eq!(content, qr_payload(&doc.number, &doc.fingerprint));
}

#[test]
fn nothing_is_drawn_outside_the_printable_area_and_the_body_keeps_its_margins() {
    let store = demo();
    for a in store.agreements(&Default::default()).expect("list") {
        let doc = store.agreement_document(&a.id).expect("doc");
        let out = agreement_layout(&doc);
        let (left, right, bottom, top) = body();
        let inset = mm(PRINTABLE_INSET_MM);
        for page in &out.pages {
            for item in &page.items {
                let (l, b, r, t) = item.bounds();
                assert!(l >= inset && b >= inset, "{item:?}");
                assert!(
                    r <= mm(PAGE_WIDTH_MM) - inset && t <= mm(PAGE_HEIGHT_MM) - inset,
                    "{item:?}"
                );
                // What is above the foot stays inside the margins.
                if b >= bottom {
                    assert!(
                        l >= left - 1e-3 && r <= right + 1e-3 && t <= top + 1e-3,
                        "{item:?}"
                    );
                }
            }
        }
    }
}

fn long_agreement(store: &mut xiaoqi_core::Store, repeat: usize) -> String {
    let first = store.agreements(&Default::default()).expect("list")[0].clone();
    let body = "乙方为甲方学生提供岗位实习，详见 https://www.example.edu.cn/agreements/2026/\
                G4419001-2026-001/attachments/internship-plan-v3.pdf ，账号 6222021234567890123456789。"
        .repeat(repeat);
    let a = store
        .create_agreement(&AgreementInput {
            kind: Some(first.kind),
            title: Some(format!("长条款测试协议 {repeat}")),
            employer_id: first.employer_id.clone(),
            institution_id: first.institution_id.clone(),
            clauses: Some(vec![Clause {
                title: "实习安排".into(),
                body,
            }]),
            ..Default::default()
        })
        .expect("agreement");
    a.number
}

#[test]
fn the_page_count_grows_with_the_clauses_and_long_words_wrap_inside_the_margin() {
    let mut store = demo();
    let mut pages = Vec::new();
    for repeat in [1, 20, 60] {
        let number = long_agreement(&mut store, repeat);
        let doc = store.agreement_document(&number).expect("doc");
        let out = agreement_layout(&doc);
        let (left, right, ..) = body();
        for item in out.pages.iter().flat_map(|p| &p.items) {
            if let Item::Text { .. } = item {
                let (l, _, r, _) = item.bounds();
                assert!(l >= left - 1e-3 && r <= right + 1e-3, "{item:?}");
            }
        }
        pages.push(out.pages.len());
        // The URL and the account number are all there, cut only at line ends.
        let pdf = agreement_pdf(&doc).expect("pdf");
        let lo = squeeze(&lopdf_text(&pdf.bytes));
        assert!(lo.contains("internship-plan-v3.pdf"), "{lo}");
        assert!(lo.contains("6222021234567890123456789"));
    }
    assert!(pages[0] < pages[1] && pages[1] < pages[2], "{pages:?}");
}

#[test]
fn characters_the_font_lacks_are_marked_in_red_and_reported() {
    let mut store = demo();
    let first = store.agreements(&Default::default()).expect("list")[0].clone();
    let a = store
        .create_agreement(&AgreementInput {
            kind: Some(first.kind),
            title: Some("生僻字测试协议".into()),
            employer_id: first.employer_id.clone(),
            institution_id: first.institution_id.clone(),
            clauses: Some(vec![Clause {
                title: "联系人".into(),
                body: "乙方联系人张\u{E000}三（私用区字符）负责对接😀。".into(),
            }]),
            ..Default::default()
        })
        .expect("agreement");
    let doc = store.agreement_document(&a.number).expect("doc");
    let pdf = agreement_pdf(&doc).expect("pdf");
    let missing: Vec<char> = pdf.missing.iter().map(|m| m.ch).collect();
    assert_eq!(missing, ['\u{E000}', '😀']);
    assert!(pdf.missing[0].context.contains("乙方联系人张"));
    let dir = tempfile::tempdir().expect("dir");
    let path = write(dir.path(), "a.pdf", &pdf.bytes);
    let Some(text) = poppler("pdftotext", &[&path, "-"]) else {
        return;
    };
    // Nothing around them is dropped.
    assert!(squeeze(&text).contains("乙方联系人张"));
    assert!(squeeze(&text).contains("三（私用区字符）负责对接"));
    // The marks are visible: red pixels where no other red is drawn.
    let red: usize = (1..=pdf.pages)
        .map(|n| red_pixels(&path, n, dir.path()))
        .sum();
    assert!(red > 20, "{red} red pixels");
    let plain = agreement_pdf(&store.agreement_document(&first.id).expect("doc")).expect("pdf");
    let path = write(dir.path(), "b.pdf", &plain.bytes);
    for n in 1..=plain.pages {
        assert_eq!(red_pixels(&path, n, dir.path()), 0);
    }
}

fn red_pixels(path: &str, page: usize, dir: &std::path::Path) -> usize {
    let (_, _, rgb) = raster(path, page, 72, dir).expect("raster");
    rgb.chunks(3)
        .filter(|p| p[0] > 160 && p[1] < 110 && p[2] < 110)
        .count()
}
