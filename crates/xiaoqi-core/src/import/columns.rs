//! Matching a file's header row to record fields, and reading typed values out of cells.

use crate::sheet::{Cell, TableRow};
use crate::validate::normalize::fold_width;

/// A field an import reads: the header the template uses and the others people write.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The field as named in the record types.
    pub field: &'static str,
    /// The header the template uses.
    pub label: &'static str,
    /// Other headers accepted for it.
    pub synonyms: &'static [&'static str],
    pub required: bool,
}

/// Folds a header for matching: full-width to half-width, no spaces, no required-marker `*`,
/// no bracketed note (`起薪（元/月）` → `起薪`).
pub fn fold_header(raw: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in raw.chars().map(fold_width) {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || c == '*' || c == '\u{FEFF}' || c == ':' || c == '：' => {}
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

/// The header row matched to columns: for each of `columns`, the file column holding it.
#[derive(Debug, Clone)]
pub struct HeaderMap {
    /// Position in the file of each column of the spec (same order), when present.
    pub positions: Vec<Option<usize>>,
    /// The header text as the file writes it, by file column.
    pub headers: Vec<String>,
}

impl HeaderMap {
    /// Matches `header` against `columns`; the first file column wins when two match.
    pub fn new(header: &TableRow, columns: &[Column]) -> HeaderMap {
        let headers: Vec<String> = header
            .cells
            .iter()
            .map(|c| c.display().trim().to_string())
            .collect();
        let folded: Vec<String> = headers.iter().map(|h| fold_header(h)).collect();
        let positions = columns
            .iter()
            .map(|col| {
                let names: Vec<String> = std::iter::once(col.label)
                    .chain(col.synonyms.iter().copied())
                    .map(fold_header)
                    .collect();
                folded
                    .iter()
                    .position(|h| !h.is_empty() && names.contains(h))
            })
            .collect();
        HeaderMap { positions, headers }
    }

    /// Labels of required columns the file lacks.
    pub fn missing(&self, columns: &[Column]) -> Vec<&'static str> {
        columns
            .iter()
            .zip(&self.positions)
            .filter(|(c, p)| c.required && p.is_none())
            .map(|(c, _)| c.label)
            .collect()
    }
}

/// One row's cells looked up by field.
pub struct RowCells<'a> {
    pub row: &'a TableRow,
    pub map: &'a HeaderMap,
    pub columns: &'a [Column],
}

impl RowCells<'_> {
    fn index(&self, field: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.field == field)
    }

    /// The file column of a field, when the file has it.
    pub fn position(&self, field: &str) -> Option<usize> {
        self.index(field).and_then(|i| self.map.positions[i])
    }

    pub fn cell(&self, field: &str) -> &Cell {
        match self.position(field) {
            Some(p) => self.row.cell(p),
            None => &Cell::Empty,
        }
    }

    /// The cell as text, `None` when empty (an empty cell leaves the stored value as it is).
    pub fn text(&self, field: &str) -> Option<String> {
        let c = self.cell(field);
        if c.is_empty() {
            return None;
        }
        Some(c.display().trim().to_string())
    }

    /// The header of a field as the file writes it, else its template label.
    pub fn header(&self, field: &str) -> String {
        if let Some(p) = self.position(field)
            && let Some(h) = self.map.headers.get(p)
            && !h.is_empty()
        {
            return h.clone();
        }
        self.index(field)
            .map(|i| self.columns[i].label.to_string())
            .unwrap_or_else(|| field.to_string())
    }
}

/// A whole number from a cell such as `2024`, `2024届`, `3年`, `4,500`, `4500元`.
pub fn parse_int(text: &str, suffixes: &[&str]) -> Option<i64> {
    let mut t: String = text
        .chars()
        .map(fold_width)
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    for s in suffixes {
        if let Some(rest) = t.strip_suffix(s) {
            t = rest.to_string();
        }
    }
    if let Ok(n) = t.parse::<i64>() {
        return Some(n);
    }
    // A numeric cell read back as text: "2024.0".
    t.parse::<f64>()
        .ok()
        .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
        .map(|f| f as i64)
}

/// Yes or no as people write it: 是/否, 对口/不对口, Y/N, 1/0, true/false.
pub fn parse_yes_no(text: &str) -> Option<bool> {
    let t: String = text
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    match t.to_ascii_lowercase().as_str() {
        "是" | "对口" | "y" | "yes" | "1" | "true" | "√" => Some(true),
        "否" | "不对口" | "n" | "no" | "0" | "false" | "×" | "x" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_fold_width_spaces_markers_and_notes() {
        assert_eq!(fold_header(" 身份证号码* "), "身份证号码");
        assert_eq!(fold_header("起薪（元/月）"), "起薪");
        assert_eq!(fold_header("学　号"), "学号");
        assert_eq!(fold_header("ＩＤ"), "id");
    }

    #[test]
    fn numbers_and_yes_no_as_people_type_them() {
        assert_eq!(parse_int("2024届", &["届", "年"]), Some(2024));
        assert_eq!(parse_int("４,５００元", &["元"]), Some(4500));
        assert_eq!(parse_int("2024.0", &[]), Some(2024));
        assert_eq!(parse_int("abc", &[]), None);
        assert_eq!(parse_yes_no("是"), Some(true));
        assert_eq!(parse_yes_no("不对口"), Some(false));
        assert_eq!(parse_yes_no("也许"), None);
    }
}
