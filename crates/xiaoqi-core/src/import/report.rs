//! The rejected rows of an import as a sheet: each row as the file had it, with its row
//! number, the bad cells filled red with the reason as a note, and the reasons in a last column.

use super::ImportReport;
use crate::sheet::{OutSheet, Table};

/// The sheet of rejected rows of `report`, an import of `table`.
pub fn rejected_rows_xlsx(table: &Table, report: &ImportReport) -> OutSheet {
    let header = table.rows.first();
    let width = table
        .rows
        .iter()
        .map(|r| r.cells.len())
        .max()
        .unwrap_or_default();
    let mut headers = vec!["原行号".to_string()];
    headers.extend((0..width).map(|c| header.map(|h| h.cell(c).display()).unwrap_or_default()));
    headers.push("问题".to_string());
    let mut sheet = OutSheet {
        name: "未导入的行".to_string(),
        headers,
        number_columns: vec![0],
        ..OutSheet::default()
    };
    for rejected in &report.rejected {
        let Some(row) = table.rows.iter().find(|r| r.number == rejected.row) else {
            continue;
        };
        let r = sheet.rows.len();
        let mut values = vec![row.number.to_string()];
        values.extend((0..width).map(|c| row.cell(c).display()));
        values.push(rejected.reason.clone());
        sheet.rows.push(values);
        for p in &rejected.problems {
            if let Some(c) = p.col {
                sheet.marks.push((r, c as usize + 1, p.reason.clone()));
            }
        }
    }
    sheet
}
