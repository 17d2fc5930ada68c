//! Running text onto A4 pages: paragraphs wrapped by the real font's widths (`linebreak`),
//! flowed down the page and onto the next, each page numbered "第 x 页 共 y 页", and written by
//! printpdf with the shipped fonts embedded as subsets (their ToUnicode maps keep the text
//! extractable). The documents (agreements, the annual report) are built on it.

use printpdf::{
    Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem,
};

use crate::font::{Font, Weight};
use crate::linebreak::wrap;

/// A4, with a wider inner margin for binding.
pub const PAGE_WIDTH_MM: f32 = 210.0;
pub const PAGE_HEIGHT_MM: f32 = 297.0;
pub const MARGIN_LEFT_MM: f32 = 30.0;
pub const MARGIN_RIGHT_MM: f32 = 20.0;
pub const MARGIN_TOP_MM: f32 = 25.0;
pub const MARGIN_BOTTOM_MM: f32 = 25.0;

const PT_PER_MM: f32 = 72.0 / 25.4;

/// A paragraph of running text.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub text: String,
    /// Font size in points.
    pub size: f32,
    pub weight: Weight,
}

impl Paragraph {
    pub fn new(text: impl Into<String>, size: f32, weight: Weight) -> Self {
        Paragraph {
            text: text.into(),
            size,
            weight,
        }
    }
}

/// One laid-out line: where its baseline starts (points from the page's bottom-left corner).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub x: f32,
    pub y: f32,
    pub text: String,
    pub size: f32,
    pub weight: Weight,
}

/// The width available to text, in points.
pub fn text_width() -> f32 {
    (PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * PT_PER_MM
}

/// Lays the paragraphs out: the lines of each page, top to bottom. A paragraph's lines go on
/// as long as the page has room and continue on the next.
pub fn layout(paragraphs: &[Paragraph]) -> Vec<Vec<Line>> {
    let top = (PAGE_HEIGHT_MM - MARGIN_TOP_MM) * PT_PER_MM;
    let bottom = MARGIN_BOTTOM_MM * PT_PER_MM;
    let left = MARGIN_LEFT_MM * PT_PER_MM;
    let width = text_width();
    let mut pages: Vec<Vec<Line>> = vec![Vec::new()];
    let mut y = top;
    for p in paragraphs {
        let font = Font::get(p.weight);
        let leading = p.size * 1.6;
        let measure = |s: &str| font.width(s, p.size);
        for range in wrap(&p.text, width, &measure) {
            if y - leading < bottom {
                pages.push(Vec::new());
                y = top;
            }
            y -= leading;
            if let Some(page) = pages.last_mut() {
                page.push(Line {
                    x: left,
                    y,
                    text: p.text[range].trim_end().to_string(),
                    size: p.size,
                    weight: p.weight,
                });
            }
        }
        // A little space between paragraphs.
        y -= p.size * 0.4;
    }
    pages
}

/// The PDF of the laid-out pages, each with its page number at the foot.
pub fn render(title: &str, pages: &[Vec<Line>]) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let mut warnings = Vec::new();
    let mut font_id = |weight: Weight| {
        ParsedFont::from_bytes(Font::get(weight).data(), 0, &mut warnings).map(|f| doc.add_font(&f))
    };
    let (Some(regular), Some(bold)) = (font_id(Weight::Regular), font_id(Weight::Bold)) else {
        // The shipped fonts are checked by the tests; nothing to draw without them.
        return Vec::new();
    };
    let handle = |w: Weight| {
        PdfFontHandle::External(match w {
            Weight::Regular => regular.clone(),
            Weight::Bold => bold.clone(),
        })
    };
    let total = pages.len();
    let mut out = Vec::with_capacity(total);
    for (i, lines) in pages.iter().enumerate() {
        let mut ops = Vec::new();
        let footer = format!("第 {} 页 共 {total} 页", i + 1);
        let footer_size = 9.0;
        let footer_x = (PAGE_WIDTH_MM * PT_PER_MM
            - Font::get(Weight::Regular).width(&footer, footer_size))
            / 2.0;
        let footer_line = Line {
            x: footer_x,
            y: MARGIN_BOTTOM_MM * PT_PER_MM / 2.0,
            text: footer,
            size: footer_size,
            weight: Weight::Regular,
        };
        for line in lines.iter().chain(std::iter::once(&footer_line)) {
            ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: handle(line.weight),
                    size: Pt(line.size),
                },
                Op::SetTextCursor {
                    pos: Point {
                        x: Pt(line.x),
                        y: Pt(line.y),
                    },
                },
                Op::ShowText {
                    items: vec![TextItem::Text(line.text.clone())],
                },
                Op::EndTextSection,
            ]);
        }
        out.push(PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), ops));
    }
    doc.with_pages(out)
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(n: usize) -> Paragraph {
        Paragraph::new(
            format!(
                "第{n}条 甲方应按照《中华人民共和国职业教育法》的规定，为乙方“工业机器人应用与维护”\
                 专业订单班学生提供不少于 6 个月的岗位实习（含 Huawei ICT Academy 认证培训），\
                 并按月支付实习报酬，不低于当地最低工资标准的 80%。"
            ),
            10.5,
            Weight::Regular,
        )
    }

    #[test]
    fn every_line_stays_inside_the_margins_and_the_page() {
        let mut paragraphs = vec![Paragraph::new("校企合作协议", 18.0, Weight::Bold)];
        paragraphs.extend((1..=40).map(clause));
        let pages = layout(&paragraphs);
        assert!(pages.len() > 1);
        let right = (PAGE_WIDTH_MM - MARGIN_RIGHT_MM) * PT_PER_MM;
        for line in pages.iter().flatten() {
            let font = Font::get(line.weight);
            assert!(
                line.x + font.width(&line.text, line.size) <= right + 1e-3,
                "{line:?}"
            );
            assert!(line.y >= MARGIN_BOTTOM_MM * PT_PER_MM, "{line:?}");
            assert!(line.y + line.size <= PAGE_HEIGHT_MM * PT_PER_MM, "{line:?}");
        }
    }

    #[test]
    fn the_page_count_grows_with_the_text() {
        let count = |n: usize| layout(&(1..=n).map(clause).collect::<Vec<_>>()).len();
        assert_eq!(count(1), 1);
        assert!(count(30) < count(60), "{} {}", count(30), count(60));
        assert!(count(60) < count(120));
    }
}
