//! An agreement ready to sign and stamp: number, title, the two parties' details in a ruled
//! table, programs and term, the clauses as edited ("第一条 …"), a signature and stamp block
//! for each side with its date, and in every page's foot the number, the fingerprint, a QR code
//! of both and "第 x 页 共 y 页".

use xiaoqi_core::model::document::{AgreementDocument, Party, qr_payload};

use crate::flow::{
    Align, BODY, Block, Column, Drawing, Layout, Paragraph, Table, layout, number_pages,
    text_width, wrap_lines,
};
use crate::font::Weight;
use crate::page::{Item, MUTED, PAGE_WIDTH_MM, Page, RULE, Stroke, mm};
use crate::qr::qr;
use crate::{Pdf, PdfError, finish};

/// The agreement as PDF.
pub fn agreement_pdf(doc: &AgreementDocument) -> Result<Pdf, PdfError> {
    let layout = agreement_layout(doc);
    finish(&format!("{} {}", doc.number, doc.title), layout)
}

/// The agreement laid out, its feet included.
pub fn agreement_layout(doc: &AgreementDocument) -> Layout {
    let mut out = layout(&blocks(doc));
    number_pages(&mut out.pages);
    for page in &mut out.pages {
        foot(page, doc);
    }
    out
}

fn blocks(doc: &AgreementDocument) -> Vec<Block> {
    let mut b = vec![
        Block::Paragraph(
            Paragraph::new(format!("协议编号：{}", doc.number), 9.0, Weight::Regular)
                .align(Align::Right)
                .color(MUTED),
        ),
        Block::Paragraph(
            Paragraph::new(doc.title.clone(), 20.0, Weight::Bold)
                .align(Align::Center)
                .space(mm(6.0), 4.0),
        ),
    ];
    if !doc.title.contains(doc.kind.as_str()) {
        b.push(Block::Paragraph(
            Paragraph::new(format!("（{}）", doc.kind.as_str()), 12.0, Weight::Regular)
                .align(Align::Center),
        ));
    }
    b.push(Block::Space(mm(5.0)));
    b.push(Block::Table(parties(&doc.college, &doc.partner)));
    if !doc.programs.is_empty() {
        b.push(Block::Paragraph(Paragraph::new(
            format!("合作专业：{}", doc.programs.join("、")),
            BODY,
            Weight::Regular,
        )));
    }
    b.push(Block::Paragraph(Paragraph::new(
        format!("协议期限：{}", term(doc)),
        BODY,
        Weight::Regular,
    )));
    b.push(Block::Paragraph(
        Paragraph::body(format!(
            "{}（以下简称甲方）与{}（以下简称乙方）本着平等自愿、优势互补、互利共赢的原则，\
             经友好协商，订立本协议，共同遵守。",
            doc.college.name, doc.partner.name
        ))
        .space(6.0, 6.0),
    ));
    for (i, c) in doc.clauses.iter().enumerate() {
        b.push(Block::Paragraph(
            Paragraph::new(
                format!("第{}条　{}", chinese_number(i + 1), c.title.trim()),
                11.0,
                Weight::Bold,
            )
            .space(6.0, 3.0)
            .keep_with_next(),
        ));
        for para in c.body.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
            b.push(Block::Paragraph(Paragraph::body(para)));
        }
    }
    b.push(Block::Keep(vec![
        Block::Paragraph(
            Paragraph::new("（以下无正文）", BODY, Weight::Regular)
                .align(Align::Center)
                .color(MUTED)
                .space(10.0, 10.0),
        ),
        Block::Drawing(signatures(&doc.college, &doc.partner)),
    ]));
    b
}

fn term(doc: &AgreementDocument) -> String {
    match (&doc.start_date, &doc.end_date) {
        (Some(s), Some(e)) => format!("{s} 至 {e}"),
        (Some(s), None) => format!("自 {s} 起"),
        (None, Some(e)) => format!("自双方签字盖章之日起至 {e}"),
        (None, None) => "自双方签字盖章之日起".to_string(),
    }
}

fn parties(a: &Party, b: &Party) -> Table {
    let row =
        |label: &str, f: fn(&Party) -> &str| vec![label.to_string(), f(a).into(), f(b).into()];
    Table {
        columns: vec![
            Column::new("", 1.75, Align::Left),
            Column::new(format!("{}（学院）", a.role), 3.0, Align::Left),
            Column::new(format!("{}（合作方）", b.role), 3.0, Align::Left),
        ],
        rows: vec![
            row("名称", |p| &p.name),
            row("统一社会信用代码", |p| &p.credit_code),
            row("地址", |p| &p.address),
            row("联系人", |p| &p.contact),
            row("联系电话", |p| &p.phone),
        ],
        size: 9.5,
    }
}

/// Two boxes side by side, one a party: its name, who signs, the date, and room for the stamp.
fn signatures(a: &Party, b: &Party) -> Drawing {
    let width = text_width();
    let gap = mm(6.0);
    let w = (width - gap) / 2.0;
    let height = mm(62.0);
    let mut items = Vec::new();
    for (i, p) in [a, b].into_iter().enumerate() {
        let x = i as f32 * (w + gap);
        items.push(Item::Rect {
            x,
            y: 0.0,
            w,
            h: height,
            fill: None,
            stroke: Some(Stroke::solid(RULE, 0.6)),
        });
        let pad = mm(4.0);
        let mut y = height - pad - BODY;
        items.push(Item::text(
            x + pad,
            y,
            format!("{}（盖章）：", p.role),
            BODY,
            Weight::Bold,
        ));
        for line in wrap_lines(&p.name, w - 2.0 * pad, BODY, Weight::Regular) {
            y -= BODY * 1.6;
            items.push(Item::text(x + pad, y, line, BODY, Weight::Regular));
        }
        y -= BODY * 2.2;
        items.push(Item::text(
            x + pad,
            y,
            "法定代表人或授权代表（签字）：",
            9.5,
            Weight::Regular,
        ));
        y -= BODY * 1.8;
        let who: Vec<String> = p
            .signatories
            .iter()
            .map(|s| match &s.title {
                Some(t) if !t.trim().is_empty() => format!("{} {}", t.trim(), s.name.trim()),
                _ => s.name.trim().to_string(),
            })
            .collect();
        if !who.is_empty() {
            for line in wrap_lines(&who.join("、"), w * 0.5 - pad, 9.0, Weight::Regular) {
                items.push(Item::text(x + pad, y + 3.0, line, 9.0, Weight::Regular));
                y -= 9.0 * 1.5;
            }
        }
        items.push(Item::line(
            (x + pad, y),
            (x + w * 0.5, y),
            Stroke::solid(RULE, 0.6),
        ));
        items.push(Item::text(
            x + pad,
            mm(6.0),
            "日期：　　　　年　　月　　日",
            9.5,
            Weight::Regular,
        ));
        // The stamp goes over the name: a dashed circle marks where.
        let (cx, cy, r) = (x + w - mm(17.0), mm(25.0), mm(13.0));
        items.push(Item::Path {
            points: (0..=72)
                .map(|k| {
                    let t = k as f32 / 72.0 * std::f32::consts::TAU;
                    (cx + r * t.cos(), cy + r * t.sin())
                })
                .collect(),
            closed: false,
            fill: None,
            stroke: Some(Stroke::dashed(RULE, 0.5)),
        });
        let label = "盖章处";
        items.push(Item::Text {
            x: cx - 8.0 * 1.5,
            y: cy - 3.0,
            text: label.into(),
            size: 8.0,
            weight: Weight::Regular,
            color: RULE,
        });
    }
    Drawing {
        width,
        height,
        items,
    }
}

/// The number and fingerprint at the foot's left, their QR code at its right.
fn foot(page: &mut Page, doc: &AgreementDocument) {
    let size = 8.0;
    page.items.push(Item::Text {
        x: mm(crate::page::MARGIN_LEFT_MM),
        y: mm(17.0),
        text: format!("协议编号 {}　核验指纹 {}", doc.number, doc.fingerprint),
        size,
        weight: Weight::Regular,
        color: MUTED,
    });
    let side = mm(18.0);
    let x = mm(PAGE_WIDTH_MM - crate::page::MARGIN_RIGHT_MM) - side;
    if let Some(code) = qr(&qr_payload(&doc.number, &doc.fingerprint), x, mm(5.5), side) {
        page.items.extend(code);
    }
}

/// 1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五 (clause numbers).
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n < 10 {
        return DIGITS[n].to_string();
    }
    if n < 20 {
        return format!(
            "十{}",
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[n % 10]
            }
        );
    }
    if n < 100 {
        let ones = if n.is_multiple_of(10) {
            ""
        } else {
            DIGITS[n % 10]
        };
        return format!("{}十{ones}", DIGITS[n / 10]);
    }
    if n < 1000 {
        let rest = n % 100;
        let tail = match rest {
            0 => String::new(),
            1..=9 => format!("零{}", DIGITS[rest]),
            10..=19 => format!("一{}", chinese_number(rest)),
            _ => chinese_number(rest),
        };
        return format!("{}百{tail}", DIGITS[n / 100]);
    }
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_numbers_are_written_in_chinese() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 21, 99, 100, 105, 110, 230]
            .into_iter()
            .map(chinese_number)
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "九",
                "十",
                "十一",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零五",
                "一百一十",
                "二百三十"
            ]
        );
    }
}
