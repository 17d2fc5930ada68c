//! A QR code drawn as vector squares (the `qrcode` crate encodes; each row's dark runs become
//! rectangles), with its quiet zone, so a printed copy scans at any print resolution.

use qrcode::{Color, EcLevel, QrCode};

use crate::page::{BLACK, Item};

/// The modules of the quiet zone on each side.
const QUIET: usize = 4;

/// `data` as a QR code `side` points wide (quiet zone included), its lower-left corner at
/// (x, y); `None` if the data is too long for a QR code.
pub fn qr(data: &str, x: f32, y: f32, side: f32) -> Option<Vec<Item>> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let n = code.width();
    let module = side / (n + 2 * QUIET) as f32;
    let colors = code.to_colors();
    let mut items = Vec::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] != Color::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && colors[row * n + col] == Color::Dark {
                col += 1;
            }
            items.push(Item::Rect {
                x: x + (QUIET + start) as f32 * module,
                // Row 0 is the top row.
                y: y + (n + QUIET - row - 1) as f32 * module,
                w: (col - start) as f32 * module,
                h: module,
                fill: Some(BLACK),
                stroke: None,
            });
        }
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_stays_inside_its_square_with_a_quiet_zone() {
        let items = qr("G4419001-2026-001 3F9A21C07B4E", 100.0, 50.0, 60.0).expect("encodes");
        assert!(!items.is_empty());
        for item in &items {
            let (l, b, r, t) = item.bounds();
            assert!(
                l >= 100.0 + 60.0 * 0.09 && r <= 160.0 - 60.0 * 0.09,
                "{item:?}"
            );
            assert!(
                b >= 50.0 + 60.0 * 0.09 && t <= 110.0 - 60.0 * 0.09,
                "{item:?}"
            );
        }
    }
}
