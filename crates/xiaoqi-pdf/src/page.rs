//! What a laid-out page holds: text runs, rectangles and paths, in points from the page's
//! bottom-left corner (PDF's own coordinates), on A4 with a wider inner margin for binding.

use crate::font::{Font, Weight};

/// Points in a millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Millimetres in points.
pub fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

pub const PAGE_WIDTH_MM: f32 = 210.0;
pub const PAGE_HEIGHT_MM: f32 = 297.0;
/// The inner (binding) margin is the wider one.
pub const MARGIN_LEFT_MM: f32 = 30.0;
pub const MARGIN_RIGHT_MM: f32 = 20.0;
pub const MARGIN_TOP_MM: f32 = 25.0;
pub const MARGIN_BOTTOM_MM: f32 = 25.0;
/// Nothing is drawn nearer an edge than this: what office printers can reach.
pub const PRINTABLE_INSET_MM: f32 = 5.0;

/// The body's frame in points: left, right, bottom, top.
pub fn body() -> (f32, f32, f32, f32) {
    (
        mm(MARGIN_LEFT_MM),
        mm(PAGE_WIDTH_MM - MARGIN_RIGHT_MM),
        mm(MARGIN_BOTTOM_MM),
        mm(PAGE_HEIGHT_MM - MARGIN_TOP_MM),
    )
}

/// A colour, 0–255 a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, as the UI's charts write their colours.
    pub const fn hex(v: u32) -> Rgb {
        Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
    }
}

pub const BLACK: Rgb = Rgb(0, 0, 0);
pub const TEXT: Rgb = Rgb(0x30, 0x31, 0x33);
pub const MUTED: Rgb = Rgb(0x73, 0x76, 0x7a);
pub const RULE: Rgb = Rgb(0x90, 0x93, 0x99);
pub const SHADE: Rgb = Rgb(0xf0, 0xf2, 0xf5);
/// The mark around a character the font lacks.
pub const MISSING: Rgb = Rgb(0xd0, 0x30, 0x30);

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Rgb,
    pub width: f32,
    pub dashed: bool,
}

impl Stroke {
    pub const fn solid(color: Rgb, width: f32) -> Stroke {
        Stroke {
            color,
            width,
            dashed: false,
        }
    }
    pub const fn dashed(color: Rgb, width: f32) -> Stroke {
        Stroke {
            color,
            width,
            dashed: true,
        }
    }
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of text on one baseline starting at (x, y).
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        weight: Weight,
        color: Rgb,
    },
    /// A rectangle from its lower-left corner.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    /// A polyline, or a polygon when closed.
    Path {
        points: Vec<(f32, f32)>,
        closed: bool,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
}

impl Item {
    pub fn text(x: f32, y: f32, text: impl Into<String>, size: f32, weight: Weight) -> Item {
        Item::Text {
            x,
            y,
            text: text.into(),
            size,
            weight,
            color: TEXT,
        }
    }

    pub fn line(from: (f32, f32), to: (f32, f32), stroke: Stroke) -> Item {
        Item::Path {
            points: vec![from, to],
            closed: false,
            fill: None,
            stroke: Some(stroke),
        }
    }

    /// The box the item covers: left, bottom, right, top (text by its font's advances, from
    /// its descent to its ascent).
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        match self {
            Item::Text {
                x,
                y,
                text,
                size,
                weight,
                ..
            } => {
                let w = Font::get(*weight).width(text, *size);
                (*x, y - size * 0.25, x + w, y + size * 0.9)
            }
            Item::Rect { x, y, w, h, .. } => (*x, *y, x + w, y + h),
            Item::Path { points, .. } => points.iter().fold(
                (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
                |(l, b, r, t), &(x, y)| (l.min(x), b.min(y), r.max(x), t.max(y)),
            ),
        }
    }

    /// The item moved by (dx, dy).
    pub fn moved(mut self, dx: f32, dy: f32) -> Item {
        match &mut self {
            Item::Text { x, y, .. } | Item::Rect { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Item::Path { points, .. } => {
                for p in points {
                    p.0 += dx;
                    p.1 += dy;
                }
            }
        }
        self
    }
}

/// A laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
}

impl Page {
    /// The text of the page in drawing order, runs joined by newlines.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            if let Item::Text { text, .. } = item {
                out.push_str(text);
                out.push('\n');
            }
        }
        out
    }
}
