//! Lines of mixed Chinese, Latin and digits, filled to a width.
//!
//! Where a line may break comes from UAX #14 (`unicode-linebreak`), tightened by the rules of
//! Chinese typesetting (禁则): closing punctuation never starts a line, opening punctuation never
//! ends one. A line is filled greedily with whole segments between break opportunities, measured
//! by the caller's function (glyph advances of the real font); a segment wider than a whole line
//! (a long URL, an account number) is cut between characters, still never leaving a forbidden
//! character at the start or end of a line. Spaces at the end of a line hang in the margin.

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::UnicodeSegmentation;

/// Punctuation that may not start a line (closing marks, pauses, stops, the ellipsis).
pub const NO_LINE_START: &str = "，。、；：？！）》」』】〕〉”’…—·%‰℃,.;:?!)]}";

/// Punctuation that may not end a line (opening marks).
pub const NO_LINE_END: &str = "（《「『【〔〈“‘([{￥$";

fn no_start(c: char) -> bool {
    NO_LINE_START.contains(c)
}

fn no_end(c: char) -> bool {
    NO_LINE_END.contains(c)
}

/// Where `text` may break: byte offsets of line starts after the first, and whether the break
/// is required (a newline).
fn opportunities(text: &str) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    for (at, kind) in linebreaks(text) {
        if at >= text.len() {
            // The end of the text: a required break there closes the last line.
            continue;
        }
        let mandatory = kind == BreakOpportunity::Mandatory;
        let before = text[..at].chars().next_back();
        let after = text[at..].chars().next();
        if !mandatory && (after.is_some_and(no_start) || before.is_some_and(no_end)) {
            continue;
        }
        out.push((at, mandatory));
    }
    out
}

/// The byte range of each line of `text` filled to `width`, as `measure` measures a piece of it
/// (newlines end lines; a line's range excludes its newline).
pub fn wrap(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut cuts = opportunities(text).into_iter().peekable();
    // The last place the current line may end (a break opportunity inside it).
    let mut fit: Option<usize> = None;
    loop {
        let next = cuts.peek().copied();
        let (end, mandatory) = next.unwrap_or((text.len(), true));
        if fits(&text[start..end], width, measure) {
            cuts.next();
            if mandatory {
                lines.push(start..trim_newline(text, start, end));
                start = end;
                fit = None;
                if next.is_none() {
                    break;
                }
            } else {
                fit = Some(end);
            }
            continue;
        }
        match fit.take() {
            // Break at the last opportunity that fitted; the segment is measured again on
            // the new line.
            Some(at) => {
                lines.push(start..at);
                start = at;
            }
            // Nothing fits: the segment alone is wider than a line; cut it between characters.
            None => {
                let at = cut(text, start, end, width, measure);
                lines.push(start..at);
                start = at;
            }
        }
    }
    lines
}

/// True when `piece` fits in `width` (spaces at its end hang in the margin).
fn fits(piece: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> bool {
    measure(piece.trim_end_matches([' ', '\n', '\r'])) <= width
}

/// `end` without the line feed (and carriage return) that ends the line there.
fn trim_newline(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end_matches(['\n', '\r']).len()
}

/// Where to cut `text[start..end]`, too wide for a line: after as many whole characters
/// (grapheme clusters) as fit, at least one, and not before a character that may not start a
/// line nor after one that may not end it (moving the cut back while it can).
fn cut(text: &str, start: usize, end: usize, width: f32, measure: &dyn Fn(&str) -> f32) -> usize {
    let bounds: Vec<usize> = text[start..end]
        .grapheme_indices(true)
        .map(|(i, g)| start + i + g.len())
        .collect();
    let mut at = bounds[0];
    for &b in &bounds {
        if b < end && fits(&text[start..b], width, measure) {
            at = b;
        } else {
            break;
        }
    }
    let allowed = |b: usize| {
        !text[b..].chars().next().is_some_and(no_start)
            && !text[..b].chars().next_back().is_some_and(no_end)
    };
    let mut best = at;
    while best > bounds[0] && !allowed(best) {
        best = text[..best]
            .grapheme_indices(true)
            .next_back()
            .map_or(bounds[0], |(i, _)| i.max(bounds[0]));
    }
    if allowed(best) { best } else { at }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A measure where a Chinese character or full-width mark is 1 wide, anything else ½.
    fn cells(s: &str) -> f32 {
        s.chars()
            .map(|c| {
                if (c as u32) >= 0x2E80 || "“”‘’…—".contains(c) {
                    1.0
                } else {
                    0.5
                }
            })
            .sum()
    }

    fn lines(text: &str, width: f32) -> Vec<&str> {
        wrap(text, width, &cells)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn chinese_breaks_between_any_two_characters() {
        assert_eq!(lines("甲方乙方丙方丁方", 3.0), ["甲方乙", "方丙方", "丁方"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // 丙 moves down with its comma rather than leaving "，" at the start of a line.
        assert_eq!(lines("甲乙丙，丁戊。", 3.0), ["甲乙", "丙，丁", "戊。"]);
        for text in [
            "双方应当遵守本协议，不得擅自变更。",
            "培养目标：（一）技能；（二）素质。",
            "“订单班”、“冠名班”！",
        ] {
            // From three characters a line: narrower, "（一）" itself cannot obey both rules.
            for width in [3.0, 4.0, 5.0, 7.0] {
                for line in lines(text, width).iter().skip(1) {
                    let first = line.chars().next().expect("non-empty");
                    assert!(
                        !no_start(first),
                        "{text:?} at {width}: a line starts with {first}"
                    );
                }
            }
        }
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        assert_eq!(lines("甲乙（丙丁）", 3.0), ["甲乙", "（丙", "丁）"]);
        for text in [
            "依据《劳动合同法》《职业教育法》",
            "甲方「乙方」『丙方』【丁方】",
            "见“附件一”",
        ] {
            for width in [3.0, 4.0, 5.0] {
                for line in lines(text, width) {
                    let last = line.chars().next_back().expect("non-empty");
                    assert!(
                        !no_end(last),
                        "{text:?} at {width}: a line ends with {last}"
                    );
                }
            }
        }
    }

    #[test]
    fn latin_words_and_numbers_stay_whole_and_spaces_hang() {
        assert_eq!(
            lines("合作单位 Huawei Technologies 共 12345 人", 8.0),
            ["合作单位 Huawei ", "Technologies 共 ", "12345 人"]
        );
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut_inside_the_margin() {
        let url = "https://www.example.edu.cn/agreements/2026/0001";
        for line in lines(url, 5.0) {
            assert!(cells(line) <= 5.0, "{line:?} overflows");
        }
        assert_eq!(lines(url, 5.0).concat(), url, "nothing lost or added");
        let number = "6222021234567890123";
        assert_eq!(lines(number, 4.0), ["62220212", "34567890", "123"]);
    }

    #[test]
    fn newlines_end_lines_and_empty_lines_stay() {
        assert_eq!(lines("第一条\n\n第二条", 10.0), ["第一条", "", "第二条"]);
        assert_eq!(lines("甲\r\n乙", 10.0), ["甲", "乙"]);
    }

    #[test]
    fn every_line_fits_and_the_lines_give_back_the_text() {
        let text = "甲方（广州某某智能制造有限公司，统一社会信用代码 91440101MA5CXXXX0X）与乙方\
                    就“工业机器人应用与维护”专业订单班达成如下协议：一、培养规模 40 人；二、期限 3 年……";
        for width in [3.0, 4.5, 8.0, 13.0, 20.0] {
            let got = lines(text, width);
            for line in &got {
                assert!(
                    cells(line.trim_end()) <= width,
                    "{line:?} wider than {width}"
                );
            }
            assert_eq!(got.concat(), text);
        }
    }
}
