//! Writing ledgers and import templates with rust_xlsxwriter.

use rust_xlsxwriter::{ColNum, Format, FormatAlign, FormatBorder, RowNum, Workbook, Worksheet, XlsxError};

use crate::OfficeError;

/// Excel's limits (rust_xlsxwriter enforces them too, but we check first to give a clear message).
const MAX_ROWS: usize = 1_048_576;
const MAX_COLS: usize = 16_384;
const MAX_SHEET_NAME: usize = 31;
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;
const NOTES_SHEET: &str = "填写说明";

/// One worksheet to export.
pub struct SheetOut<'a> {
    /// Sheet name; characters Excel forbids are replaced and it is cut to 31 characters.
    pub name: &'a str,
    /// Optional merged, bold, centred title row above the header.
    pub title: Option<&'a str>,
    /// Header row: bold, bordered, frozen.
    pub headers: &'a [&'a str],
    /// Cell text, always written as strings so leading zeros and long IDs survive.
    pub rows: &'a [Vec<String>],
}

/// Builds an .xlsx workbook with one worksheet per [`SheetOut`].
pub fn write_xlsx(sheets: &[SheetOut<'_>]) -> Result<Vec<u8>, OfficeError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let mut used = Vec::new();
    for (i, sheet) in sheets.iter().enumerate() {
        let name = unique_name(&sanitize_sheet_name(sheet.name, i), &mut used);
        let ws = workbook.add_worksheet();
        ws.set_name(name).map_err(write_error)?;
        write_table(ws, &styles, sheet.title, sheet.headers, sheet.rows)?;
    }
    // With no sheets rust_xlsxwriter adds a blank "Sheet1", which is a valid, empty workbook.
    workbook.save_to_buffer().map_err(write_error)
}

/// Builds a downloadable import template: headers and example rows on the first sheet,
/// and a second sheet "填写说明" with one note per row.
pub fn template_xlsx(
    sheet: &str,
    headers: &[&str],
    example: &[Vec<String>],
    notes: &[&str],
) -> Result<Vec<u8>, OfficeError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let mut used = Vec::new();

    let name = unique_name(&sanitize_sheet_name(sheet, 0), &mut used);
    let ws = workbook.add_worksheet();
    ws.set_name(name).map_err(write_error)?;
    write_table(ws, &styles, None, headers, example)?;

    let name = unique_name(NOTES_SHEET, &mut used);
    let ws = workbook.add_worksheet();
    ws.set_name(name).map_err(write_error)?;
    ws.set_column_width(0, 100).map_err(write_error)?;
    check_size(notes.len(), 1)?;
    for (i, note) in notes.iter().enumerate() {
        ws.write_string_with_format(i as RowNum, 0, *note, &styles.note).map_err(write_error)?;
    }

    workbook.save_to_buffer().map_err(write_error)
}

struct Styles {
    title: Format,
    header: Format,
    cell: Format,
    /// Column default, so values a user types below the data in Excel also stay text.
    column: Format,
    note: Format,
}

impl Styles {
    fn new() -> Self {
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            header: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap()
                .set_num_format("@"),
            cell: Format::new()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap()
                .set_num_format("@"),
            column: Format::new().set_text_wrap().set_num_format("@"),
            note: Format::new().set_text_wrap().set_align(FormatAlign::VerticalCenter),
        }
    }
}

fn write_table(
    ws: &mut Worksheet,
    styles: &Styles,
    title: Option<&str>,
    headers: &[&str],
    rows: &[Vec<String>],
) -> Result<(), OfficeError> {
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0).max(headers.len());
    let title_rows = usize::from(title.is_some());
    check_size(title_rows + 1 + rows.len(), ncols)?;

    let mut widths = vec![0usize; ncols];
    for (c, h) in headers.iter().enumerate() {
        widths[c] = widths[c].max(display_width(h));
    }
    for row in rows {
        for (c, v) in row.iter().enumerate() {
            widths[c] = widths[c].max(display_width(v));
        }
    }
    for (c, w) in widths.iter().enumerate() {
        let col = c as ColNum;
        let width = (w + 2).clamp(MIN_WIDTH, MAX_WIDTH);
        ws.set_column_width(col, width as f64).map_err(write_error)?;
        ws.set_column_format(col, &styles.column).map_err(write_error)?;
    }

    let mut r: RowNum = 0;
    if let Some(title) = title {
        if ncols >= 2 {
            ws.merge_range(0, 0, 0, (ncols - 1) as ColNum, title, &styles.title).map_err(write_error)?;
        } else {
            ws.write_string_with_format(0, 0, title, &styles.title).map_err(write_error)?;
        }
        ws.set_row_height(0, 30).map_err(write_error)?;
        r = 1;
    }

    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(r, c as ColNum, *h, &styles.header).map_err(write_error)?;
    }
    if !headers.is_empty() {
        ws.set_freeze_panes(r + 1, 0).map_err(write_error)?;
    }

    for (i, row) in rows.iter().enumerate() {
        let excel_row = r + 1 + i as RowNum;
        for (c, v) in row.iter().enumerate() {
            ws.write_string_with_format(excel_row, c as ColNum, v.as_str(), &styles.cell).map_err(write_error)?;
        }
    }
    Ok(())
}

/// Rejects sizes Excel cannot hold, before any `as` cast to rust_xlsxwriter's index types.
fn check_size(rows: usize, cols: usize) -> Result<(), OfficeError> {
    if rows > MAX_ROWS || cols > MAX_COLS {
        return Err(write_error(XlsxError::RowColumnLimitError));
    }
    Ok(())
}

fn write_error(e: XlsxError) -> OfficeError {
    OfficeError::Write(match e {
        XlsxError::RowColumnLimitError => {
            "导出数据超出 Excel 上限（每个工作表最多 1048576 行、16384 列），请缩小导出范围后分批导出。".to_string()
        }
        XlsxError::MaxStringLengthExceeded => {
            "有单元格内容超过 Excel 单元格上限（32767 个字符），请精简该内容后再导出。".to_string()
        }
        other => format!("生成 Excel 文件失败（{other}），请稍后重试；如仍失败请联系系统管理员。"),
    })
}

/// Makes a name Excel accepts: no []:*?/\, not blank, no leading/trailing apostrophe,
/// at most 31 UTF-16 units (Excel counts units, so an emoji takes two).
fn sanitize_sheet_name(name: &str, index: usize) -> String {
    let replaced: String = name
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let trimmed = replaced.trim().trim_matches('\'').trim();
    let mut out = truncate_utf16(trimmed, MAX_SHEET_NAME);
    // Truncation can expose an apostrophe at the end.
    while out.ends_with('\'') {
        out.pop();
    }
    if out.is_empty() {
        return format!("Sheet{}", index + 1);
    }
    // Excel reserves "History" for change tracking.
    if out.eq_ignore_ascii_case("history") {
        out.push('_');
    }
    out
}

/// Appends "(2)", "(3)"… until the name is unique; Excel compares names case-insensitively.
fn unique_name(base: &str, used: &mut Vec<String>) -> String {
    let mut candidate = base.to_string();
    let mut n = 2;
    while used.contains(&candidate.to_lowercase()) {
        let suffix = format!("({n})");
        let room = MAX_SHEET_NAME - suffix.len();
        candidate = format!("{}{suffix}", truncate_utf16(base, room));
        n += 1;
    }
    used.push(candidate.to_lowercase());
    candidate
}

fn truncate_utf16(s: &str, max_units: usize) -> String {
    let mut units = 0;
    let mut out = String::new();
    for c in s.chars() {
        units += c.len_utf16();
        if units > max_units {
            break;
        }
        out.push(c);
    }
    out
}

/// Width in Excel column units of the longest line: CJK and full-width characters count 2.
fn display_width(s: &str) -> usize {
    s.lines().map(|line| line.chars().map(char_width).sum::<usize>()).max().unwrap_or(0)
}

fn char_width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F        // Hangul Jamo
        | 0x2E80..=0x303E      // CJK radicals, punctuation (、。「」)
        | 0x3041..=0x33FF      // kana, CJK compatibility
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xA000..=0xA4CF      // Yi
        | 0xAC00..=0xD7A3      // Hangul syllables
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0xFE30..=0xFE4F      // CJK compatibility forms
        | 0xFF00..=0xFF60      // full-width forms （），：
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F    // emoji
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD); // CJK extensions B+
    if wide {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_made_valid_and_unique() {
        assert_eq!(sanitize_sheet_name("督办/台账[2026]:*?", 0), "督办_台账_2026____");
        assert_eq!(sanitize_sheet_name("  ", 2), "Sheet3");
        assert_eq!(sanitize_sheet_name("'引号'", 0), "引号");
        assert_eq!(sanitize_sheet_name("History", 0), "History_");
        let long = "很".repeat(40);
        assert_eq!(sanitize_sheet_name(&long, 0).chars().count(), 31);
        // Emoji are two UTF-16 units each.
        assert_eq!(sanitize_sheet_name(&"😀".repeat(20), 0).chars().count(), 15);

        let mut used = Vec::new();
        assert_eq!(unique_name("台账", &mut used), "台账");
        assert_eq!(unique_name("台账", &mut used), "台账(2)");
        assert_eq!(unique_name("Sheet", &mut used), "Sheet");
        assert_eq!(unique_name("SHEET", &mut used), "SHEET(2)");
        let base = "长".repeat(31);
        assert_eq!(unique_name(&base, &mut used), base);
        let second = unique_name(&base, &mut used);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with("(2)"));
    }

    #[test]
    fn widths_count_cjk_double() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("督办事项"), 8);
        assert_eq!(display_width("（附件）"), 8);
        assert_eq!(display_width("短\n较长的一行"), 10);
        assert_eq!(display_width(""), 0);
    }
}
