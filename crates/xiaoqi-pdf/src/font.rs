//! The shipped fonts (`assets/fonts/`, Noto Sans SC, OFL-1.1) and their measurements: glyph
//! advances for line filling, and the characters a font lacks (rare characters in names), which
//! a document must show another way and report, never drop.

use std::sync::OnceLock;

use ttf_parser::Face;

static REGULAR_DATA: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Regular.ttf");
static BOLD_DATA: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Bold.ttf");

/// A parsed font: its outlines' metrics, and its bytes for embedding.
pub struct Font {
    face: Face<'static>,
    data: &'static [u8],
    units_per_em: f32,
}

/// The weights documents use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

impl Font {
    /// The shipped font of a weight, parsed once per process.
    pub fn get(weight: Weight) -> &'static Font {
        static REGULAR: OnceLock<Font> = OnceLock::new();
        static BOLD: OnceLock<Font> = OnceLock::new();
        let (cell, data) = match weight {
            Weight::Regular => (&REGULAR, REGULAR_DATA),
            Weight::Bold => (&BOLD, BOLD_DATA),
        };
        cell.get_or_init(|| Font::parse(data).expect("the shipped font parses"))
    }

    fn parse(data: &'static [u8]) -> Result<Font, ttf_parser::FaceParsingError> {
        let face = Face::parse(data, 0)?;
        let units_per_em = f32::from(face.units_per_em());
        Ok(Font {
            face,
            data,
            units_per_em,
        })
    }

    /// The font file, for embedding (the PDF writer subsets it).
    pub fn data(&self) -> &'static [u8] {
        self.data
    }

    /// True when the font has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// The advance of `c` in em (1.0 = the font size); a character the font lacks measures one
    /// em, the marked box drawn in its place.
    pub fn advance(&self, c: char) -> f32 {
        if matches!(c, '\n' | '\r') {
            return 0.0;
        }
        match self.face.glyph_index(c) {
            Some(glyph) => {
                f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) / self.units_per_em
            }
            None => 1.0,
        }
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// The characters of `text` the font has no glyph for, each once, in order (line breaks
    /// and other controls are not characters to draw).
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if !c.is_control() && !self.has(c) && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linebreak::wrap;

    #[test]
    fn chinese_is_one_em_wide_and_latin_narrower() {
        let f = Font::get(Weight::Regular);
        assert!((f.advance('协') - 1.0).abs() < 1e-3, "{}", f.advance('协'));
        assert!((f.advance('，') - 1.0).abs() < 1e-3);
        assert!(f.advance('i') < f.advance('W'));
        assert!(f.advance('1') > 0.3 && f.advance('1') < 0.7);
        assert!((f.width("校企合作", 12.0) - 48.0).abs() < 0.05);
        assert!(Font::get(Weight::Bold).advance('W') >= f.advance('W'));
    }

    #[test]
    fn characters_the_font_lacks_are_named() {
        let f = Font::get(Weight::Regular);
        assert!(f.missing("广州市技师学院 2026 (AI) 龘").is_empty());
        // An emoji and a private-use character: the document must mark and report them.
        assert_eq!(f.missing("张😀三\u{E000}😀\n"), vec!['😀', '\u{E000}']);
        assert_eq!(f.advance('\u{E000}'), 1.0, "a missing glyph takes its box");
    }

    #[test]
    fn lines_measured_by_the_real_font_stay_inside_the_width() {
        let f = Font::get(Weight::Regular);
        let text = "甲方应按照《中华人民共和国职业教育法》的规定，为乙方“工业机器人应用与维护”\
                    专业订单班学生提供不少于 6 个月的岗位实习（含 Huawei ICT Academy 认证培训），\
                    联系网址：https://www.example.edu.cn/agreements/2026/G4419001-2026-001。";
        let width = 160.0;
        let measure = |s: &str| f.width(s, 10.5);
        let lines = wrap(text, width, &measure);
        assert!(lines.len() > 4);
        for r in &lines {
            let line = &text[r.clone()];
            assert!(
                measure(line.trim_end()) <= width + 1e-3,
                "{line:?} overflows"
            );
        }
        let back: String = lines.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(back, text);
    }
}
