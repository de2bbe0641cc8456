//! Reading uploaded tables with calamine.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::panic::catch_unwind;

use calamine::{DataRef, ExcelDateTime, Reader, SheetType, Xlsx, XlsxError};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::cfb::{self, CfbKind};
use crate::OfficeError;

/// One data row of an uploaded table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based Excel row number, as the user sees it, for error messages like "第 5 行".
    pub row: usize,
    /// Trimmed cell text, in the order of the expected headers.
    pub values: Vec<String>,
}

/// Non-empty cell text by 0-based row, then 0-based column.
type Cells = BTreeMap<u32, BTreeMap<u32, String>>;

/// Reads the first worksheet of an .xlsx upload as a table with the `expected` headers.
///
/// The header row is the first row containing all expected headers, so title rows above it
/// are skipped. Columns are matched by header text in any order; extra columns are ignored.
/// Rows with nothing in the expected columns are skipped.
pub fn read_table(bytes: &[u8], expected: &[&str]) -> Result<Vec<Record>, OfficeError> {
    if bytes.starts_with(cfb::MAGIC) {
        return Err(classify_cfb(bytes));
    }
    if !bytes.starts_with(b"PK") {
        return Err(OfficeError::NotXlsx);
    }
    // calamine parses hostile input; some malformed references overflow integer arithmetic
    // and panic in debug builds. An upload must never take the server down.
    let cells = catch_unwind(|| read_first_sheet(bytes)).unwrap_or(Err(OfficeError::NotXlsx))?;
    build_records(&cells, expected)
}

/// An OLE/CFB container is either an encrypted OOXML workbook or a legacy Office file.
fn classify_cfb(bytes: &[u8]) -> OfficeError {
    match cfb::classify(bytes) {
        // A legacy .xls/.doc/.ppt: the fix is to save as .xlsx, not to remove a password.
        CfbKind::LegacyWord | CfbKind::LegacyOther => OfficeError::NotXlsx,
        CfbKind::Encrypted | CfbKind::Unknown => OfficeError::Encrypted,
    }
}

fn read_first_sheet(bytes: &[u8]) -> Result<Cells, OfficeError> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsxError::Password => OfficeError::Encrypted,
        _ => OfficeError::NotXlsx,
    })?;
    // Excel and WPS cannot save a workbook without sheets; a zip with none is something else
    // (calamine tolerates a missing xl/workbook.xml).
    if workbook.sheets_metadata().is_empty() {
        return Err(OfficeError::NotXlsx);
    }
    // Only chart or macro sheets: nothing to read.
    let name = workbook
        .sheets_metadata()
        .iter()
        .find(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .ok_or(OfficeError::Empty)?;
    // The streaming reader keeps only cells that exist; building a dense Range would let one
    // stray cell at XFD1048576 allocate billions of slots.
    let mut reader = match workbook.worksheet_cells_reader(&name) {
        Ok(r) => r,
        // A sheet without <sheetData> content (e.g. `<sheetData/>`) is reported this way.
        Err(XlsxError::NotAWorksheet(_)) => return Err(OfficeError::Empty),
        Err(_) => return Err(OfficeError::NotXlsx),
    };
    let mut cells = Cells::new();
    while let Some(cell) = reader.next_cell().map_err(|_| OfficeError::NotXlsx)? {
        let text = cell_text(cell.get_value());
        if !text.is_empty() {
            let (row, col) = cell.get_position();
            cells.entry(row).or_default().insert(col, text);
        }
    }
    Ok(cells)
}

fn build_records(cells: &Cells, expected: &[&str]) -> Result<Vec<Record>, OfficeError> {
    if cells.is_empty() {
        return Err(OfficeError::Empty);
    }
    let keys: Vec<String> = expected.iter().map(|h| header_key(h)).collect();

    let mut header: Option<(u32, Vec<u32>)> = None;
    // The row that came closest, to name exactly what it lacks.
    let mut best: Option<(usize, Vec<Option<u32>>)> = None;
    for (&row, row_cells) in cells {
        let mut index: HashMap<String, u32> = HashMap::new();
        for (&col, text) in row_cells {
            // Leftmost wins if a header appears twice.
            index.entry(header_key(text)).or_insert(col);
        }
        let found: Vec<Option<u32>> = keys.iter().map(|k| index.get(k).copied()).collect();
        let count = found.iter().filter(|c| c.is_some()).count();
        if count == keys.len() {
            header = Some((row, found.into_iter().flatten().collect()));
            break;
        }
        if count > 0 && best.as_ref().is_none_or(|(n, _)| count > *n) {
            best = Some((count, found));
        }
    }

    let Some((header_row, columns)) = header else {
        let missing = expected
            .iter()
            .enumerate()
            .filter(|(i, _)| best.as_ref().is_none_or(|(_, found)| found[*i].is_none()))
            .map(|(_, h)| h.trim().to_string())
            .collect();
        return Err(OfficeError::MissingColumns(missing));
    };

    Ok(cells
        .range(header_row + 1..)
        .filter_map(|(&row, row_cells)| {
            let values: Vec<String> = columns.iter().map(|c| row_cells.get(c).cloned().unwrap_or_default()).collect();
            if values.iter().all(String::is_empty) {
                None
            } else {
                Some(Record { row: row as usize + 1, values })
            }
        })
        .collect())
}

/// Header comparison ignores all whitespace (Alt+Enter line breaks, stray spaces) and
/// full-width vs half-width ASCII, e.g. "联系电话（手机）" matches "联系电话(手机)".
fn header_key(s: &str) -> String {
    s.chars()
        .filter(|c| !is_blank(*c))
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Whitespace plus the invisible characters that come along when pasting from web pages.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}')
}

fn clean(s: &str) -> String {
    s.trim_matches(is_blank).to_string()
}

fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::String(s) => clean(s),
        DataRef::SharedString(s) => clean(s),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        DataRef::DateTime(dt) => datetime_text(dt),
        DataRef::DateTimeIso(s) => iso_text(s),
        DataRef::DurationIso(s) => clean(s),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

/// Whole numbers print without ".0" or exponent (phones, IDs typed as numbers); others are
/// rounded to Excel's 15 significant digits to hide binary noise like 0.30000000000000004.
fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f.fract() == 0.0 && f.abs() < 1e17 {
        return (f as i64).to_string();
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    rounded.to_string()
}

fn datetime_text(dt: &ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if dt.is_duration() {
        let minutes = (serial * 24.0 * 60.0).round() as i64;
        return format!("{}:{:02}", minutes / 60, (minutes % 60).abs());
    }
    match dt.as_datetime() {
        // A time-only cell (serial below one day) has no meaningful date part.
        Some(t) if serial > 0.0 && serial < 1.0 => round_to_second(t).format("%H:%M").to_string(),
        Some(t) => format_datetime(round_to_second(t)),
        None => number_text(serial),
    }
}

/// calamine rounds to milliseconds; 09:29:59.999 should show as 09:30.
fn round_to_second(t: NaiveDateTime) -> NaiveDateTime {
    let t = if t.nanosecond() >= 500_000_000 { t + Duration::seconds(1) } else { t };
    t.with_nanosecond(0).unwrap_or(t)
}

fn format_datetime(t: NaiveDateTime) -> String {
    if t.time() == NaiveTime::MIN {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// ISO 8601 cells (`t="d"`) come as text.
fn iso_text(s: &str) -> String {
    let s = s.trim();
    if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        return format_datetime(round_to_second(t));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.format("%Y-%m-%d").to_string();
    }
    if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M:%S%.f") {
        return t.format("%H:%M").to_string();
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_excel_shows_them() {
        assert_eq!(number_text(13_800_000_000.0), "13800000000");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(12.5), "12.5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(-3.0), "-3");
    }

    #[test]
    fn iso_cells_format_as_dates() {
        assert_eq!(iso_text("2026-11-22T00:00:00"), "2026-11-22");
        assert_eq!(iso_text("2026-11-22T09:30:00.000"), "2026-11-22 09:30");
        assert_eq!(iso_text("2026-11-22"), "2026-11-22");
        assert_eq!(iso_text("09:30:00"), "09:30");
        assert_eq!(iso_text("不是日期"), "不是日期");
    }

    #[test]
    fn headers_match_loosely() {
        assert_eq!(header_key(" 联系电话（手机）\n"), header_key("联系电话(手机)"));
        assert_eq!(header_key("单位\n名称"), "单位名称");
        assert_ne!(header_key("单位名称"), header_key("上级单位"));
        assert_eq!(clean("\u{3000}\u{200B} 张三 \u{00A0}"), "张三");
    }
}
