//! Laid-out pages written as PDF by printpdf 0.12: the shipped fonts embedded as subsets with
//! their ToUnicode maps (so the text can be searched and copied), shapes as vector paths, and
//! each character the font lacks drawn as a red box with a cross, never dropped.

use std::sync::OnceLock;

use printpdf::{
    Color, LineDashPattern, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextItem, WindingOrder,
};

use crate::font::{Font, Weight};
use crate::page::{Item, MISSING, PAGE_HEIGHT_MM, PAGE_WIDTH_MM, Page, Rgb, Stroke as PageStroke};

/// The shipped font of a weight as printpdf parses it, once per process.
fn parsed(weight: Weight) -> Option<&'static ParsedFont> {
    static REGULAR: OnceLock<Option<ParsedFont>> = OnceLock::new();
    static BOLD: OnceLock<Option<ParsedFont>> = OnceLock::new();
    let cell = match weight {
        Weight::Regular => &REGULAR,
        Weight::Bold => &BOLD,
    };
    cell.get_or_init(|| ParsedFont::from_bytes(Font::get(weight).data(), 0, &mut Vec::new()))
        .as_ref()
}

/// Both shipped fonts parsed anew, by ttf-parser (measuring) and printpdf (embedding): what a
/// fresh process pays before its first document (benchmarks measure a cold start with it).
pub fn parse_fonts() -> Option<(ParsedFont, ParsedFont)> {
    let parse = |w: Weight| {
        ttf_parser::Face::parse(Font::get(w).data(), 0).ok()?;
        ParsedFont::from_bytes(Font::get(w).data(), 0, &mut Vec::new())
    };
    Some((parse(Weight::Regular)?, parse(Weight::Bold)?))
}

/// Parses the fonts now, so the first document does not pay for it.
pub fn warm_up() {
    let _ = (parsed(Weight::Regular), parsed(Weight::Bold));
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb::new(
        f32::from(c.0) / 255.0,
        f32::from(c.1) / 255.0,
        f32::from(c.2) / 255.0,
        None,
    ))
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

fn stroke_ops(ops: &mut Vec<Op>, s: &PageStroke) {
    ops.push(Op::SetOutlineColor {
        col: color(s.color),
    });
    ops.push(Op::SetOutlineThickness { pt: Pt(s.width) });
    ops.push(Op::SetLineDashPattern {
        dash: if s.dashed {
            LineDashPattern::new(0.0, &[1.2, 1.8])
        } else {
            LineDashPattern::solid()
        },
    });
}

/// The fill colour and the stroke of the shape that follows.
fn paint_ops(ops: &mut Vec<Op>, fill: Option<Rgb>, stroke: Option<&PageStroke>) {
    if let Some(f) = fill {
        ops.push(Op::SetFillColor { col: color(f) });
    }
    if let Some(s) = stroke {
        stroke_ops(ops, s);
    }
}

fn mode(fill: bool, stroke: bool) -> PaintMode {
    match (fill, stroke) {
        (true, true) => PaintMode::FillStroke,
        (false, true) => PaintMode::Stroke,
        _ => PaintMode::Fill,
    }
}

/// The PDF of the pages. `None` only if a shipped font cannot be parsed (the tests keep them
/// parseable).
pub fn render(title: &str, pages: &[Page]) -> Option<Vec<u8>> {
    let mut doc = PdfDocument::new(title);
    let regular = doc.add_font(parsed(Weight::Regular)?);
    let bold = doc.add_font(parsed(Weight::Bold)?);
    let handle = |w: Weight| {
        PdfFontHandle::External(match w {
            Weight::Regular => regular.clone(),
            Weight::Bold => bold.clone(),
        })
    };
    let mut out = Vec::with_capacity(pages.len());
    for page in pages {
        let mut ops = Vec::new();
        for item in &page.items {
            ops.push(Op::SaveGraphicsState);
            match item {
                Item::Text {
                    x,
                    y,
                    text,
                    size,
                    weight,
                    color: c,
                } => text_ops(&mut ops, *x, *y, text, *size, *weight, *c, &handle),
                Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                } => {
                    paint_ops(&mut ops, *fill, stroke.as_ref());
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            x: Pt(*x),
                            y: Pt(*y),
                            width: Pt(*w),
                            height: Pt(*h),
                            mode: Some(mode(fill.is_some(), stroke.is_some())),
                            winding_order: None,
                        },
                    });
                }
                Item::Path {
                    points,
                    closed,
                    fill,
                    stroke,
                } => {
                    paint_ops(&mut ops, *fill, stroke.as_ref());
                    let pts: Vec<LinePoint> = points.iter().map(|&(x, y)| point(x, y)).collect();
                    if *closed || fill.is_some() {
                        ops.push(Op::DrawPolygon {
                            polygon: Polygon {
                                rings: vec![PolygonRing { points: pts }],
                                mode: mode(fill.is_some(), stroke.is_some()),
                                winding_order: WindingOrder::NonZero,
                            },
                        });
                    } else {
                        ops.push(Op::DrawLine {
                            line: printpdf::Line {
                                points: pts,
                                is_closed: false,
                            },
                        });
                    }
                }
            }
            ops.push(Op::RestoreGraphicsState);
        }
        out.push(PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), ops));
    }
    Some(
        doc.with_pages(out)
            .save(&PdfSaveOptions::default(), &mut Vec::new()),
    )
}

/// A text run: the characters the font has as text, each one it lacks as a marked box.
#[allow(clippy::too_many_arguments)]
fn text_ops(
    ops: &mut Vec<Op>,
    x: f32,
    y: f32,
    text: &str,
    size: f32,
    weight: Weight,
    c: Rgb,
    handle: &dyn Fn(Weight) -> PdfFontHandle,
) {
    let font = Font::get(weight);
    let mut x = x;
    let mut run = String::new();
    let flush = |ops: &mut Vec<Op>, run: &mut String, x: &mut f32| {
        if run.is_empty() {
            return;
        }
        ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: color(c) },
            Op::SetFont {
                font: handle(weight),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(*x),
                    y: Pt(y),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(run.clone())],
            },
            Op::EndTextSection,
        ]);
        *x += font.width(run, size);
        run.clear();
    };
    for ch in text.chars() {
        if ch.is_control() || font.has(ch) {
            run.push(ch);
            continue;
        }
        flush(ops, &mut run, &mut x);
        // The box of a character the font lacks: one em, red, crossed.
        let (l, b) = (x + size * 0.08, y - size * 0.12);
        let (r, t) = (x + size * 0.92, y + size * 0.8);
        stroke_ops(ops, &PageStroke::solid(MISSING, 0.6));
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing {
                    points: vec![point(l, b), point(r, b), point(r, t), point(l, t)],
                }],
                mode: PaintMode::Stroke,
                winding_order: WindingOrder::NonZero,
            },
        });
        for (from, to) in [((l, b), (r, t)), ((l, t), (r, b))] {
            ops.push(Op::DrawLine {
                line: printpdf::Line {
                    points: vec![point(from.0, from.1), point(to.0, to.1)],
                    is_closed: false,
                },
            });
        }
        x += font.advance(ch) * size;
    }
    flush(ops, &mut run, &mut x);
}
