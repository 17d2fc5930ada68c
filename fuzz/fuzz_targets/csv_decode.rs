//! Arbitrary bytes as a .csv file: encoding detection (UTF-8 with or without BOM, UTF-16LE with
//! BOM, GBK/GB18030) and parsing into rows, as `xiaoqi import` and the app read a chosen file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xiaoqi_core::sheet::{Table, read_csv};

fuzz_target!(|data: &[u8]| {
    let Ok(table) = read_csv(data) else {
        return;
    };
    check_rows(&table);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The same text with a UTF-8 BOM reads the same.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(data);
    assert_eq!(read_csv(&with_bom).ok().as_ref(), Some(&table), "with BOM");
    // The same text saved as GBK (as Chinese Excel on Windows does) reads the same, when GBK
    // can hold it and its bytes cannot be taken for UTF-8. Private-use characters are left out:
    // GBK gives some of them the codes GB18030 (which reads GBK files) gives to CJK characters.
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    let private = text.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c));
    if !unmappable
        && !private
        && std::str::from_utf8(&gbk).is_err()
        && !gbk.starts_with(b"\xFF\xFE")
    {
        assert_eq!(read_csv(&gbk).ok().as_ref(), Some(&table), "as GBK");
    }
});

/// Row numbers rise, and no row kept is empty.
fn check_rows(table: &Table) {
    let mut last = 0;
    for row in &table.rows {
        assert!(row.number > last, "row numbers rise");
        assert!(!row.cells.iter().all(|c| c.is_empty()), "an empty row kept");
        last = row.number;
    }
}
