//! Charts drawn as vectors into a `Drawing`: horizontal bars (long Chinese labels read best
//! beside their bar), vertical columns (salary bands), and a donut with its legend. Every value
//! is written beside its mark, so the chart reads without a scale and its figures can be copied.

use std::f32::consts::PI;

use crate::flow::{Drawing, wrap_lines};
use crate::font::{Font, Weight};
use crate::page::{Item, MUTED, RULE, Rgb, Stroke, TEXT};

const LABEL: f32 = 8.5;

/// One bar or slice: its label, its value, the text written for it, its colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub label: String,
    pub value: f64,
    /// What is written at the mark ("86.4%（1,204 人）").
    pub text: String,
    pub color: Rgb,
}

/// Horizontal bars, one a row, scaled to `max` (the largest value when `None`).
pub fn bars(marks: &[Mark], width: f32, max: Option<f64>) -> Drawing {
    let row = 17.0;
    let height = row * marks.len().max(1) as f32 + 4.0;
    let label_w = width * 0.32;
    let value_w = width * 0.24;
    let bar_w = width - label_w - value_w;
    let max = max
        .unwrap_or_else(|| marks.iter().map(|m| m.value).fold(0.0, f64::max))
        .max(f64::MIN_POSITIVE);
    let font = Font::get(Weight::Regular);
    let mut items = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        let top = height - 2.0 - i as f32 * row;
        let y = top - row / 2.0 - LABEL * 0.35;
        let label = fit(&m.label, label_w - 6.0);
        let lw = font.width(&label, LABEL);
        items.push(Item::text(
            label_w - 6.0 - lw,
            y,
            label,
            LABEL,
            Weight::Regular,
        ));
        let w = (m.value / max).clamp(0.0, 1.0) as f32 * bar_w;
        items.push(Item::Rect {
            x: label_w,
            y: top - row + 3.5,
            w: w.max(0.5),
            h: row - 7.0,
            fill: Some(m.color),
            stroke: None,
        });
        items.push(Item::text(
            label_w + w + 4.0,
            y,
            m.text.clone(),
            LABEL,
            Weight::Regular,
        ));
    }
    items.push(Item::line(
        (label_w, 0.0),
        (label_w, height),
        Stroke::solid(RULE, 0.6),
    ));
    Drawing {
        width,
        height,
        items,
    }
}

/// Vertical columns with their labels below and values above, scaled to the largest value.
pub fn columns(marks: &[Mark], width: f32, height: f32) -> Drawing {
    let base = LABEL * 2.6;
    let top_room = LABEL * 1.8;
    let plot = height - base - top_room;
    let slot = width / marks.len().max(1) as f32;
    let max = marks
        .iter()
        .map(|m| m.value)
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    let font = Font::get(Weight::Regular);
    let mut items = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        let x = i as f32 * slot;
        let h = (m.value / max).clamp(0.0, 1.0) as f32 * plot;
        let bw = slot * 0.62;
        items.push(Item::Rect {
            x: x + (slot - bw) / 2.0,
            y: base,
            w: bw,
            h: h.max(0.5),
            fill: Some(m.color),
            stroke: None,
        });
        let size = LABEL.min(slot / 4.0).max(6.0);
        let tw = font.width(&m.text, size);
        items.push(Item::text(
            x + (slot - tw) / 2.0,
            base + h + 3.0,
            m.text.clone(),
            size,
            Weight::Regular,
        ));
        for (n, line) in wrap_lines(&m.label, slot - 2.0, size, Weight::Regular)
            .into_iter()
            .take(2)
            .enumerate()
        {
            let lw = font.width(&line, size);
            items.push(Item::Text {
                x: x + (slot - lw) / 2.0,
                y: base - size * 1.3 * (n + 1) as f32,
                text: line,
                size,
                weight: Weight::Regular,
                color: MUTED,
            });
        }
    }
    items.push(Item::line(
        (0.0, base),
        (width, base),
        Stroke::solid(RULE, 0.6),
    ));
    Drawing {
        width,
        height,
        items,
    }
}

/// A donut of the marks' shares, with a legend (label, text) to its right.
pub fn donut(marks: &[Mark], width: f32, height: f32, centre_text: &str) -> Drawing {
    let radius = (height / 2.0 - 4.0).min(width * 0.22);
    let inner = radius * 0.58;
    let (cx, cy) = (radius + 6.0, height / 2.0);
    let total: f64 = marks.iter().map(|m| m.value.max(0.0)).sum();
    let mut items = Vec::new();
    let mut angle = PI / 2.0;
    if total > 0.0 {
        for m in marks.iter().filter(|m| m.value > 0.0) {
            let sweep = (m.value / total) as f32 * 2.0 * PI;
            items.push(slice(cx, cy, radius, inner, angle, angle - sweep, m.color));
            angle -= sweep;
        }
    } else {
        items.push(slice(cx, cy, radius, inner, 0.0, -2.0 * PI, RULE));
    }
    let font = Font::get(Weight::Bold);
    let size = 10.0;
    let w = font.width(centre_text, size);
    items.push(Item::Text {
        x: cx - w / 2.0,
        y: cy - size * 0.35,
        text: centre_text.to_string(),
        size,
        weight: Weight::Bold,
        color: TEXT,
    });
    let legend_x = cx + radius + 18.0;
    let row = (LABEL * 2.0).min(height / marks.len().max(1) as f32);
    let first = cy + row * (marks.len() as f32 - 1.0) / 2.0;
    for (i, m) in marks.iter().enumerate() {
        let y = first - i as f32 * row;
        items.push(Item::Rect {
            x: legend_x,
            y: y - 1.0,
            w: 8.0,
            h: 8.0,
            fill: Some(m.color),
            stroke: None,
        });
        let label = fit(&m.label, (width - legend_x) * 0.5);
        items.push(Item::text(
            legend_x + 12.0,
            y,
            label,
            LABEL,
            Weight::Regular,
        ));
        items.push(Item::text(
            legend_x + 12.0 + (width - legend_x - 12.0) * 0.52,
            y,
            m.text.clone(),
            LABEL,
            Weight::Regular,
        ));
    }
    Drawing {
        width,
        height,
        items,
    }
}

/// A ring segment from angle `a0` to `a1` (radians, counter-clockwise from +x; `a1 < a0`
/// goes clockwise), as a polygon with a point every degree or so.
fn slice(cx: f32, cy: f32, outer: f32, inner: f32, a0: f32, a1: f32, color: Rgb) -> Item {
    let steps = (((a0 - a1).abs() / (PI / 180.0)).ceil() as usize).max(2);
    let at = |r: f32, a: f32| (cx + r * a.cos(), cy + r * a.sin());
    let mut points: Vec<(f32, f32)> = (0..=steps)
        .map(|i| at(outer, a0 + (a1 - a0) * i as f32 / steps as f32))
        .collect();
    points.extend(
        (0..=steps)
            .rev()
            .map(|i| at(inner, a0 + (a1 - a0) * i as f32 / steps as f32)),
    );
    Item::Path {
        points,
        closed: true,
        fill: Some(color),
        stroke: Some(Stroke::solid(Rgb(255, 255, 255), 0.8)),
    }
}

/// `text` shortened with "…" to fit `width` at the label size.
fn fit(text: &str, width: f32) -> String {
    let font = Font::get(Weight::Regular);
    if font.width(text, LABEL) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if font.width(&out, LABEL) + font.width(&format!("{c}…"), LABEL) > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks() -> Vec<Mark> {
        [
            ("协议和合同就业", 820.0, 0x1f6fd1),
            ("灵活就业", 120.0, 0x36b3a8),
            ("升学", 60.0, 0xe6a23c),
            ("待就业", 0.0, 0xf56c6c),
        ]
        .iter()
        .map(|(l, v, c)| Mark {
            label: l.to_string(),
            value: *v,
            text: format!("{v} 人"),
            color: Rgb::hex(*c),
        })
        .collect()
    }

    fn inside(d: &Drawing) {
        for item in &d.items {
            let (l, b, r, t) = item.bounds();
            assert!(l >= -0.5 && b >= -0.5, "{item:?}");
            assert!(
                r <= d.width + 0.5 && t <= d.height + 0.5,
                "{item:?} in {}x{}",
                d.width,
                d.height
            );
        }
    }

    #[test]
    fn bars_are_proportional_and_labelled() {
        let d = bars(&marks(), 400.0, None);
        inside(&d);
        let widths: Vec<f32> = d
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rect { w, .. } => Some(*w),
                _ => None,
            })
            .collect();
        assert!((widths[0] / widths[1] - 820.0 / 120.0).abs() < 0.01);
        let texts: Vec<&str> = d
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.contains(&"协议和合同就业") && texts.contains(&"820 人"));
    }

    #[test]
    fn a_donut_stays_in_its_box_and_its_slices_follow_the_shares() {
        let d = donut(&marks(), 440.0, 160.0, "1,000 人");
        inside(&d);
        let slices = d
            .items
            .iter()
            .filter(|i| matches!(i, Item::Path { closed: true, .. }))
            .count();
        assert_eq!(slices, 3, "no slice for a zero value");
        let c = columns(&marks(), 400.0, 150.0);
        inside(&c);
    }

    #[test]
    fn long_labels_are_shortened_visibly() {
        let s = fit("工业机器人应用与维护（中德合作 Siemens 订单班）", 60.0);
        assert!(s.ends_with('…'));
        assert!(Font::get(Weight::Regular).width(&s, LABEL) <= 60.0);
    }
}
