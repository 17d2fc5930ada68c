//! Writing tables: .xlsx with a bold frozen header, identifier columns as text cells and
//! marked cells filled red with a note; .csv in UTF-8 with a BOM so that Excel reads the Chinese.

use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatBorder, Note, Workbook};

use super::SheetError;

/// A sheet to write. Every value is text except those of `number_columns`, written as numbers
/// when they parse as one.
#[derive(Debug, Clone, Default)]
pub struct OutSheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns whose values are numbers (salary, year): written as numeric cells.
    pub number_columns: Vec<usize>,
    /// Cells to fill red, with a note: (row index in `rows`, column, note).
    pub marks: Vec<(usize, usize, String)>,
}

fn xlsx_error(path: &Path, e: rust_xlsxwriter::XlsxError) -> SheetError {
    SheetError::cannot_write(path, e)
}

/// Writes the sheets as one .xlsx workbook.
pub fn write_xlsx(path: &Path, sheets: &[OutSheet]) -> Result<(), SheetError> {
    let bytes = xlsx_bytes(sheets).map_err(|e| xlsx_error(path, e))?;
    write_atomically(path, &bytes)
}

/// The workbook's bytes.
pub fn xlsx_bytes(sheets: &[OutSheet]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xF2F3F5))
        .set_border_bottom(FormatBorder::Thin);
    // "@": the cell stays text when a person edits it, so IDs keep every digit.
    let text = Format::new().set_num_format("@");
    let marked = Format::new()
        .set_num_format("@")
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006));
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name)?;
        for (c, h) in sheet.headers.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            ws.write_string_with_format(0, col, h, &header)?;
            let widest = sheet
                .rows
                .iter()
                .take(200)
                .filter_map(|r| r.get(c))
                .chain(std::iter::once(h))
                .map(|v| display_width(v))
                .max()
                .unwrap_or(8);
            ws.set_column_width(col, (widest as f64 + 2.0).clamp(6.0, 60.0))?;
            if !sheet.number_columns.contains(&c) {
                // Cells typed later stay text too (a template is filled in by hand).
                ws.set_column_format(col, &text)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        for (r, values) in sheet.rows.iter().enumerate() {
            let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (c, v) in values.iter().enumerate() {
                let col = u16::try_from(c).unwrap_or(u16::MAX);
                if v.is_empty() {
                    continue;
                }
                match v.parse::<f64>() {
                    Ok(n) if sheet.number_columns.contains(&c) => {
                        ws.write_number(row, col, n)?;
                    }
                    _ => {
                        ws.write_string_with_format(row, col, v, &text)?;
                    }
                }
            }
        }
        for (r, c, note) in &sheet.marks {
            let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
            let col = u16::try_from(*c).unwrap_or(u16::MAX);
            let value = sheet
                .rows
                .get(*r)
                .and_then(|v| v.get(*c))
                .map_or("", String::as_str);
            ws.write_string_with_format(row, col, value, &marked)?;
            ws.insert_note(row, col, &Note::new(note).set_author("校企通"))?;
        }
    }
    book.save_to_buffer()
}

/// Columns a value needs: CJK characters count double.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Writes one sheet as CSV, UTF-8 with a BOM.
pub fn write_csv(path: &Path, sheet: &OutSheet) -> Result<(), SheetError> {
    let bytes = csv_bytes(sheet).map_err(|e| SheetError::cannot_write(path, e))?;
    write_atomically(path, &bytes)
}

/// One sheet as CSV bytes, UTF-8 with a BOM so that Excel reads the Chinese.
pub fn csv_bytes(sheet: &OutSheet) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(&sheet.headers)?;
    for r in &sheet.rows {
        out.write_record(r)?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// Writes beside the target and renames: a failed write never leaves half a file behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SheetError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.part"));
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            SheetError::cannot_write(path, e)
        })
}
