//! Reading a table from a spreadsheet file: .xlsx/.xls/.xlsm/.ods through calamine, .csv in
//! UTF-8 (with or without BOM) or GBK/GB18030 as Chinese Excel on Windows saves it.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader};

use super::{Cell, SheetError, Table, TableRow, cfb_check};

/// The largest file an import reads (the whole file is read into memory).
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// Reads the first worksheet (or the CSV) of `path` into a table. Rows keep the numbers Excel
/// shows (the first row is 1); rows with no value at all are left out.
pub fn read_table(path: &Path) -> Result<Table, SheetError> {
    let ext = super::extension(path);
    let meta = std::fs::metadata(path).map_err(|e| SheetError::cannot_read(path, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(SheetError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    match ext.as_str() {
        "csv" | "txt" => {
            let mut bytes = Vec::new();
            std::fs::File::open(path)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .map_err(|e| SheetError::cannot_read(path, &e))?;
            read_csv(&bytes).map_err(|e| e.at(path))
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path),
        _ => Err(SheetError::UnknownFormat {
            path: path.to_path_buf(),
        }),
    }
}

fn read_workbook(path: &Path) -> Result<Table, SheetError> {
    let mut head = [0u8; 8];
    let compound = std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == cfb_check::MAGIC);
    if compound {
        let bytes = std::fs::read(path).map_err(|e| SheetError::cannot_read(path, &e))?;
        check_chains(path, &bytes)?;
    }
    guarded(path, || {
        let book = calamine::open_workbook_auto(path).map_err(|e| SheetError::Unreadable {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        first_sheet(book, path)
    })
}

/// Refuses a compound file (.xls) whose sector chains loop, which calamine would follow forever.
fn check_chains(path: &Path, bytes: &[u8]) -> Result<(), SheetError> {
    if cfb_check::chains_end(bytes) {
        Ok(())
    } else {
        Err(SheetError::Unreadable {
            path: path.to_path_buf(),
            reason: "文件已损坏（扇区表有循环），无法读取".into(),
        })
    }
}

/// Runs calamine on a file: some damaged files make it panic (a truncated .xls sector, found by
/// fuzzing calamine 0.38), and such a file is refused as unreadable like any other damaged one.
fn guarded(
    path: &Path,
    read: impl FnOnce() -> Result<Table, SheetError>,
) -> Result<Table, SheetError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(SheetError::Unreadable {
            path: path.to_path_buf(),
            reason: "文件已损坏，无法读取".into(),
        })
    })
}

/// Reads a file's bytes (as the app receives a chosen file); `name` gives its type.
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> Result<Table, SheetError> {
    let path = Path::new(name);
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(SheetError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    let ext = super::extension(path);
    match ext.as_str() {
        "csv" | "txt" => read_csv(&bytes).map_err(|e| e.at(path)),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            check_chains(path, &bytes)?;
            guarded(path, || {
                let book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
                    .map_err(|e| SheetError::Unreadable {
                        path: path.to_path_buf(),
                        reason: e.to_string(),
                    })?;
                first_sheet(book, path)
            })
        }
        _ => Err(SheetError::UnknownFormat {
            path: path.to_path_buf(),
        }),
    }
}

fn first_sheet<RS: std::io::Read + std::io::Seek>(
    mut book: calamine::Sheets<RS>,
    path: &Path,
) -> Result<Table, SheetError> {
    let range = match book.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(e)) => {
            return Err(SheetError::Unreadable {
                path: path.to_path_buf(),
                reason: e.to_string(),
            });
        }
        None => return Ok(Table::default()),
    };
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, r) in range.rows().enumerate() {
        // Columns before the used range are empty: keep cells at their column positions.
        let mut cells: Vec<Cell> = vec![Cell::Empty; first_col as usize];
        cells.extend(r.iter().map(cell_of));
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        rows.push(TableRow {
            number: first_row + u32::try_from(i).unwrap_or(u32::MAX) + 1,
            cells,
        });
    }
    Ok(Table { rows })
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        Data::DateTime(dt) => match serial_to_date(dt.as_f64()) {
            Some(date) if dt.is_datetime() => Cell::Date(date),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => Cell::Date(s.chars().take(10).collect()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// An Excel date serial (1900 system) as YYYY-MM-DD.
fn serial_to_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Serial 25569 is 1970-01-01 (Excel counts the nonexistent 1900-02-29).
    let days = serial.floor() as i64 - 25_569;
    let date = time::Date::from_julian_day(
        i32::try_from(days + 2_440_588).ok()?, // Julian day of 1970-01-01
    )
    .ok()?;
    Some(format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    ))
}

/// The text of a CSV file in the encoding it was saved in, without its byte order mark (nor a
/// repeated one: a BOM is never content, and the CSV reader would strip a second one itself, so
/// that a file read differently with a BOM added; found by fuzzing).
pub(crate) fn decode(bytes: &[u8]) -> Result<String, SheetError> {
    decode_marked(bytes).map(|text| match text.strip_prefix('\u{FEFF}') {
        Some(_) => text.trim_start_matches('\u{FEFF}').to_string(),
        None => text,
    })
}

fn decode_marked(bytes: &[u8]) -> Result<String, SheetError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(str::to_string)
            .map_err(|_| SheetError::BadEncoding { path: None });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, _, bad) = encoding_rs::UTF_16LE.decode(rest);
        return if bad {
            Err(SheetError::BadEncoding { path: None })
        } else {
            Ok(text.into_owned())
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    // Not UTF-8: what Chinese Excel on Windows saves (GBK, read as its superset GB18030).
    let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
    if bad {
        return Err(SheetError::BadEncoding { path: None });
    }
    Ok(text.into_owned())
}

/// Reads CSV bytes (comma, or tab when the header has tabs and no commas).
pub fn read_csv(bytes: &[u8]) -> Result<Table, SheetError> {
    let text = decode(bytes)?;
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if !first_line.contains(',') && first_line.contains('\t') {
        b'\t'
    } else if !first_line.contains(',') && first_line.contains(';') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Excel numbers every line, blank ones too, and shows a quoted multi-line cell in one row:
    // count records, plus the blank lines the reader skips before each (a record's position is
    // where the previous one ended, blank lines included).
    let mut number = 0u32;
    for record in reader.records() {
        let record = record.map_err(|e| SheetError::BadCsv {
            path: None,
            row: number + 1,
            reason: e.to_string(),
        })?;
        let from = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(0);
        // After a CRLF terminator the reader may stand between its \r and \n.
        let rest = text.get(from..).unwrap_or_default();
        let rest = match (text.get(..from), rest.strip_prefix('\n')) {
            (Some(before), Some(after)) if before.ends_with('\r') => after,
            _ => rest,
        };
        let (mut blank, mut rest) = (0usize, rest);
        while let Some(end) = rest.find('\n') {
            if !rest[..end].trim_end_matches('\r').is_empty() {
                break; // the record's own first line
            }
            blank += 1;
            rest = &rest[end + 1..];
        }
        number += 1 + u32::try_from(blank).unwrap_or(0);
        let cells: Vec<Cell> = record
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        rows.push(TableRow { number, cells });
    }
    Ok(Table { rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_and_without_bom_and_gbk() {
        assert_eq!(
            decode("姓名,学号".as_bytes()).expect("decodes"),
            "姓名,学号"
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBF\xE5\xA7\x93\xE5\x90\x8D").expect("decodes"),
            "姓名"
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,学号,张三");
        assert_eq!(decode(&gbk).expect("decodes"), "姓名,学号,张三");
    }

    #[test]
    fn a_repeated_bom_is_not_content() {
        for bytes in [
            &b"\xEF\xBB\xBF\xEF\xBB\xBF"[..],
            b"\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBF",
        ] {
            assert_eq!(read_csv(bytes).expect("reads"), Table::default());
        }
        let twice = "\u{FEFF}\u{FEFF}姓名,学号\n张三,S1\n";
        assert_eq!(
            read_csv(twice.as_bytes()).expect("reads"),
            read_csv("姓名,学号\n张三,S1\n".as_bytes()).expect("reads")
        );
    }

    #[test]
    fn excel_serials_become_dates() {
        assert_eq!(serial_to_date(45_474.0).as_deref(), Some("2024-07-01"));
        assert_eq!(serial_to_date(25_569.0).as_deref(), Some("1970-01-01"));
        assert_eq!(serial_to_date(-3.0), None);
    }

    #[test]
    fn csv_rows_keep_excel_numbers_and_skip_blank_lines() {
        let text = "姓名,学号\n张三,S1\n,\n李四,S2\n\n\n\"王\n五\",S3\n赵六,S4\n";
        for text in [text.to_string(), text.replace('\n', "\r\n")] {
            let t = read_csv(text.as_bytes()).expect("decodes");
            let numbers: Vec<u32> = t.rows.iter().map(|r| r.number).collect();
            assert_eq!(numbers, vec![1, 2, 4, 7, 8], "{text:?}");
        }
    }
}
