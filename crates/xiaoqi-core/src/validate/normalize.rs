//! Normalisation of typed identifiers: trim, fold full-width ASCII to half-width, upper-case.

/// Folds a full-width ASCII character (U+FF01..U+FF5E) and the ideographic space to half-width.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Trims, folds full-width characters to ASCII, removes inner spaces and upper-cases letters.
/// `"４４０１ ０６ｘ"` becomes `"440106X"`.
pub fn normalize_identifier(raw: &str) -> String {
    raw.chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace() && *c != '\u{200B}' && *c != '\u{FEFF}')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Trims a free-text value, folding the ideographic space; `None` when nothing is left.
pub fn clean_text(raw: &str) -> Option<String> {
    let folded: String = raw
        .chars()
        .map(|c| if c == '\u{3000}' { ' ' } else { c })
        .collect();
    let t = folded.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_digits_and_lowercase_x() {
        assert_eq!(
            normalize_identifier(" １１０１０５１９４９１２３１００２ｘ "),
            "11010519491231002X"
        );
        assert_eq!(
            normalize_identifier("1101 0519\u{3000}4912 31002x"),
            "11010519491231002X"
        );
    }

    #[test]
    fn clean_text_trims_and_empties() {
        assert_eq!(clean_text("\u{3000} 张三 "), Some("张三".to_string()));
        assert_eq!(clean_text("   "), None);
    }
}
