//! Spreadsheet files in and out: a [`Table`] of cells read from .xlsx/.xls/.csv, and tables
//! written as .xlsx (text cells where Excel would mangle numbers) or UTF-8 .csv.

mod cfb_check;
mod read;
mod write;

use std::path::{Path, PathBuf};

pub use read::{MAX_FILE_BYTES, read_bytes, read_csv, read_table};
pub use write::{OutSheet, csv_bytes, write_atomically, write_csv, write_xlsx, xlsx_bytes};

/// A file's extension, lower-case (`""` without one): what decides how it is read or written.
pub fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A numeric cell: Excel may already have lost digits of a long identifier.
    Number(f64),
    /// YYYY-MM-DD
    Date(String),
    /// An Excel error value such as #N/A.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as Excel shows it in a General cell: `2024`, `0.5`, `4.41900200501011E+17`.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Date(s) | Cell::Error(s) => s.clone(),
            Cell::Number(n) => excel_general(*n),
        }
    }
}

/// A number as Excel's General format shows it: integers below 10^15 whole, larger values in
/// 15-significant-digit scientific notation.
pub fn excel_general(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    if n.abs() >= 1e15 || (n != 0.0 && n.abs() < 1e-9) {
        let s = format!("{n:.14e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        let exp: i32 = exp.parse().unwrap_or(0);
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}E{sign}{:02}", exp.abs());
    }
    let s = format!("{n:.15}");
    let digits_before = s.find('.').unwrap_or(s.len());
    let keep = 15usize.saturating_sub(digits_before.min(15));
    let s = format!("{n:.keep$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A row of a table: its number as Excel shows it (the first row is 1) and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub number: u32,
    pub cells: Vec<Cell>,
}

impl TableRow {
    pub fn cell(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }
}

/// The non-empty rows of a sheet, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<TableRow>,
}

/// A file that could not be read or written.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SheetError {
    #[error("无法读取文件 {path}：{reason}")]
    CannotRead { path: PathBuf, reason: String },
    #[error("文件 {path} 超过 200 MB，无法导入")]
    TooLarge { path: PathBuf },
    #[error("不支持的文件类型：{path}（请用 .xlsx、.xls 或 .csv）")]
    UnknownFormat { path: PathBuf },
    #[error("无法读取表格 {path}：{reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{}无法识别文件的编码：请另存为 UTF-8 或 GBK 编码的 CSV", path_prefix(.path))]
    BadEncoding { path: Option<PathBuf> },
    #[error("{}第 {row} 行不是有效的 CSV：{reason}", path_prefix(.path))]
    BadCsv {
        path: Option<PathBuf>,
        row: u32,
        reason: String,
    },
    #[error("无法写入文件 {path}：{reason}")]
    CannotWrite { path: PathBuf, reason: String },
}

fn path_prefix(path: &Option<PathBuf>) -> String {
    path.as_ref()
        .map(|p| format!("{}：", p.display()))
        .unwrap_or_default()
}

impl SheetError {
    pub(crate) fn cannot_read(path: &Path, e: &std::io::Error) -> Self {
        SheetError::CannotRead {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }
    }

    pub(crate) fn cannot_write(path: &Path, e: impl std::fmt::Display) -> Self {
        SheetError::CannotWrite {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }
    }

    /// Names the file in an error found while reading its bytes.
    pub(crate) fn at(self, file: &Path) -> Self {
        match self {
            SheetError::BadEncoding { .. } => SheetError::BadEncoding {
                path: Some(file.to_path_buf()),
            },
            SheetError::BadCsv { row, reason, .. } => SheetError::BadCsv {
                path: Some(file.to_path_buf()),
                row,
                reason,
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_display_as_excel_shows_them() {
        assert_eq!(
            excel_general(441_900_200_501_011_000.0),
            "4.41900200501011E+17"
        );
        assert_eq!(excel_general(2024.0), "2024");
        assert_eq!(excel_general(13_800_138_000.0), "13800138000");
        assert_eq!(excel_general(4500.5), "4500.5");
        assert_eq!(excel_general(0.1 + 0.2), "0.3");
        assert_eq!(excel_general(1e15), "1E+15");
    }
}
