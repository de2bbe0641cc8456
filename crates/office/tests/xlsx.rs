//! Behaviour of the public API on real workbooks and on hostile uploads.

use std::io::{Cursor, Read, Write};

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use zip::write::SimpleFileOptions;
use zs_office::{read_table, template_xlsx, write_xlsx, OfficeError, Record, SheetOut};

fn strings(row: &[&str]) -> Vec<String> {
    row.iter().map(|s| s.to_string()).collect()
}

fn record(row: usize, values: &[&str]) -> Record {
    Record { row, values: strings(values) }
}

/// (name, contents) of every entry in a zip.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

fn make_zip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(name.as_str(), SimpleFileOptions::default()).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn sheet1_xml(bytes: &[u8]) -> String {
    let (_, data) = unzip(bytes).into_iter().find(|(n, _)| n == "xl/worksheets/sheet1.xml").unwrap();
    String::from_utf8(data).unwrap()
}

fn assert_not_xlsx(bytes: &[u8]) {
    let r = read_table(bytes, &["单位名称"]);
    assert!(matches!(r, Err(OfficeError::NotXlsx)), "{r:?}");
}

#[test]
fn round_trip_keeps_cjk_leading_zeros_and_excel_row_numbers() {
    let rows = vec![
        strings(&["0001", "市政府办公室", "110101199001011234", "备注：加急"]),
        strings(&["0002", "市发展和改革委员会", "007", ""]),
    ];
    let bytes = write_xlsx(&[SheetOut {
        name: "督办/台账[2026]",
        title: Some("督办事项台账（2026年11月22日导出）"),
        headers: &["编号", "单位名称", "身份证号", "备注"],
        rows: &rows,
    }])
    .unwrap();

    // Asked in a different order and without 备注: title row skipped, values follow `expected`.
    let got = read_table(&bytes, &["单位名称", "身份证号", "编号"]).unwrap();
    assert_eq!(
        got,
        vec![
            record(3, &["市政府办公室", "110101199001011234", "0001"]),
            record(4, &["市发展和改革委员会", "007", "0002"]),
        ]
    );

    let wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(wb.sheet_names(), vec!["督办_台账_2026_"]);

    let xml = sheet1_xml(&bytes);
    assert!(xml.contains(r#"<mergeCell ref="A1:D1"/>"#), "title merged: {xml}");
    assert!(xml.contains(r#"ySplit="2""#), "frozen below header: {xml}");
    // Every non-empty cell is a string: title 1 + headers 4 + data 7.
    assert_eq!(xml.matches(r#"t="s""#).count(), 12, "{xml}");
}

#[test]
fn column_widths_count_cjk_double_and_are_capped() {
    let rows = vec![strings(&["abc", &"很".repeat(100)])];
    let bytes = write_xlsx(&[SheetOut {
        name: "宽度", title: None, headers: &["编号", "督办事项名称"], rows: &rows
    }])
    .unwrap();
    let xml = sheet1_xml(&bytes);
    // "编号" = 4 units + 2 padding → 6; 100 CJK characters are capped at 60.
    assert!(xml.contains(r#"<col min="1" max="1" width="6.7109375""#), "{xml}");
    assert!(xml.contains(r#"<col min="2" max="2" width="60.7109375""#), "{xml}");
}

#[test]
fn hand_built_sheet_with_shuffled_and_extra_columns() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "2026年单位名录").unwrap();
    // Row 2 mentions one header only: not the header row.
    ws.write_string(1, 0, "单位名称").unwrap();
    let header = ["备注", " 上级单位 ", "序号", "单位名称", "联系人"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.write_string(3, 3, "  市财政局 ").unwrap();
    ws.write_string(3, 1, "市政府").unwrap();
    ws.write_string(3, 0, "无").unwrap();
    // Row 5 empty; row 6 only has an ignored column; row 7 has one expected value.
    ws.write_string(5, 4, "张三").unwrap();
    ws.write_string(6, 3, "市审计局").unwrap();
    let bytes = wb.save_to_buffer().unwrap();

    let got = read_table(&bytes, &["单位名称", "上级单位"]).unwrap();
    assert_eq!(got, vec![record(4, &["市财政局", "市政府"]), record(7, &["市审计局", ""])]);
}

#[test]
fn numbers_bools_and_phones_typed_as_numbers() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "手机", "人数", "比例", "在编"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "李四").unwrap();
    ws.write_number(1, 1, 13_800_000_000.0).unwrap();
    ws.write_number(1, 2, 42.0).unwrap();
    ws.write_number(1, 3, 12.5).unwrap();
    ws.write_boolean(1, 4, true).unwrap();
    ws.write_boolean(2, 4, false).unwrap();
    let bytes = wb.save_to_buffer().unwrap();

    let got = read_table(&bytes, &["手机", "人数", "比例", "在编", "姓名"]).unwrap();
    assert_eq!(got, vec![record(2, &["13800000000", "42", "12.5", "是", "李四"]), record(3, &["", "", "", "否", ""]),]);
}

#[test]
fn date_cells_read_as_iso_dates() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "事项").unwrap();
    ws.write_string(0, 1, "办结时限").unwrap();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let dt_fmt = Format::new().set_num_format("yyyy/m/d hh:mm");
    ws.write_string(1, 0, "甲").unwrap();
    ws.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2026, 11, 22).unwrap(), &date_fmt).unwrap();
    ws.write_string(2, 0, "乙").unwrap();
    let with_time = ExcelDateTime::from_ymd(2026, 1, 5).unwrap().and_hms(9, 30, 0).unwrap();
    ws.write_datetime_with_format(2, 1, with_time, &dt_fmt).unwrap();
    let bytes = wb.save_to_buffer().unwrap();

    let got = read_table(&bytes, &["事项", "办结时限"]).unwrap();
    assert_eq!(got, vec![record(2, &["甲", "2026-11-22"]), record(3, &["乙", "2026-01-05 09:30"]),]);
}

#[test]
fn missing_columns_are_named() {
    let rows = vec![strings(&["市财政局", "x"])];
    let bytes =
        write_xlsx(&[SheetOut {
            name: "单位", title: Some("单位导入"), headers: &["单位名称", "其他"], rows: &rows
        }])
        .unwrap();
    let err = read_table(&bytes, &["单位名称", "上级单位", "联系电话"]).unwrap_err();
    match &err {
        OfficeError::MissingColumns(cols) => assert_eq!(cols, &strings(&["上级单位", "联系电话"])),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.to_string(), "缺少列：上级单位、联系电话。请使用下载的模板。");

    // No row has any expected header: all are missing.
    let err = read_table(&bytes, &["姓名", "手机"]).unwrap_err();
    assert!(matches!(&err, OfficeError::MissingColumns(c) if c == &strings(&["姓名", "手机"])), "{err:?}");
}

#[test]
fn empty_workbooks_and_sheets() {
    let empty_sheet = write_xlsx(&[SheetOut { name: "空", title: None, headers: &[], rows: &[] }]).unwrap();
    assert!(matches!(read_table(&empty_sheet, &["单位名称"]), Err(OfficeError::Empty)));
    let no_sheets = write_xlsx(&[]).unwrap();
    assert!(matches!(read_table(&no_sheets, &["单位名称"]), Err(OfficeError::Empty)));

    // Header only: no records, not an error.
    let header_only = write_xlsx(&[SheetOut { name: "单位", title: None, headers: &["单位名称"], rows: &[] }]).unwrap();
    assert_eq!(read_table(&header_only, &["单位名称"]).unwrap(), vec![]);
}

#[test]
fn non_workbooks_are_rejected() {
    assert_not_xlsx(b"");
    assert_not_xlsx(b"hello, world");
    assert_not_xlsx(b"PK\x03\x04 not really a zip");
    assert_not_xlsx("单位名称,上级单位\n市财政局,市政府\n".as_bytes());

    // Truncated uploads.
    let rows = vec![strings(&["市财政局"])];
    let bytes = write_xlsx(&[SheetOut { name: "单位", title: None, headers: &["单位名称"], rows: &rows }]).unwrap();
    for cut in [2, 30, bytes.len() / 2, bytes.len() - 1] {
        assert_not_xlsx(&bytes[..cut]);
    }

    // A zip of something else, and a .docx.
    assert_not_xlsx(&make_zip(&[("readme.txt".into(), b"hi".to_vec())]));
    let docx = make_zip(&[
        (
            "[Content_Types].xml".into(),
            br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.to_vec(),
        ),
        (
            "_rels/.rels".into(),
            br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_vec(),
        ),
        ("word/document.xml".into(), b"<w:document/>".to_vec()),
    ]);
    assert_not_xlsx(&docx);

    // The workbook's own parts, minus the workbook.
    let without_workbook: Vec<_> = unzip(&bytes).into_iter().filter(|(n, _)| n != "xl/workbook.xml").collect();
    assert_not_xlsx(&make_zip(&without_workbook));
}

fn cfb_with_entry(name: &str) -> Vec<u8> {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    let mut entry: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    entry.resize(128, 0);
    bytes.extend(entry);
    bytes
}

#[test]
fn ole_containers_are_encrypted_or_legacy() {
    let header = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    assert!(matches!(read_table(&header, &["a"]), Err(OfficeError::Encrypted)));
    let encrypted = cfb_with_entry("EncryptedPackage");
    let err = read_table(&encrypted, &["a"]).unwrap_err();
    assert!(matches!(err, OfficeError::Encrypted));
    assert_eq!(err.to_string(), "工作簿设置了密码，请取消密码保护后再上传。");
    // A legacy .xls is also OLE, but needs "save as .xlsx", not "remove the password".
    let xls = cfb_with_entry("Workbook");
    let err = read_table(&xls, &["a"]).unwrap_err();
    assert!(matches!(err, OfficeError::NotXlsx));
    assert_eq!(err.to_string(), "文件不是有效的 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再上传。");
}

#[test]
fn template_has_two_sheets_and_reads_back() {
    let headers = ["单位名称", "上级单位", "单位编码"];
    let example = vec![strings(&["市财政局", "市政府", "0012"])];
    let notes = ["带 * 的列必填。", "单位编码请保留前导零。"];
    let bytes = template_xlsx("单位导入", &headers, &example, &notes).unwrap();

    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(wb.sheet_names(), vec!["单位导入", "填写说明"]);
    let notes_sheet = wb.worksheet_range("填写说明").unwrap();
    let got: Vec<Data> = notes_sheet.rows().map(|r| r[0].clone()).collect();
    assert_eq!(got, vec![Data::String(notes[0].to_string()), Data::String(notes[1].to_string())]);

    let got = read_table(&bytes, &["单位编码", "单位名称", "上级单位"]).unwrap();
    assert_eq!(got, vec![record(2, &["0012", "市财政局", "市政府"])]);

    // A sheet named like the notes sheet still yields two distinct sheets.
    let bytes = template_xlsx("填写说明", &headers, &[], &[]).unwrap();
    let wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names().len(), 2);
}

/// Replaces the first sheet's XML of a real workbook.
fn with_sheet_xml(sheet_data: &str) -> Vec<u8> {
    let base = write_xlsx(&[SheetOut { name: "Sheet1", title: None, headers: &["a"], rows: &[] }]).unwrap();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    let entries: Vec<_> = unzip(&base)
        .into_iter()
        .map(|(n, d)| if n == "xl/worksheets/sheet1.xml" { (n, xml.clone().into_bytes()) } else { (n, d) })
        .collect();
    make_zip(&entries)
}

#[test]
fn hostile_cell_references_do_not_panic_or_explode() {
    // Overflows calamine's row arithmetic (a panic in debug builds).
    let bytes = with_sheet_xml(r#"<row r="1"><c r="A99999999999999" t="inlineStr"><is><t>a</t></is></c></row>"#);
    assert!(read_table(&bytes, &["a"]).is_err());

    // One stray cell in the last corner must not allocate a dense 16384 x 1048576 grid.
    let bytes = with_sheet_xml(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c><c r="A1048576" t="inlineStr"><is><t> v </t></is></c></row>"#,
    );
    assert_eq!(read_table(&bytes, &["a"]).unwrap(), vec![record(1_048_576, &["v"])]);
}

/// xorshift64*: deterministic, no extra crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_bytes_never_panic() {
    let rows = vec![strings(&["市财政局", "市政府"])];
    let valid =
        write_xlsx(&[SheetOut {
            name: "单位", title: Some("标题"), headers: &["单位名称", "上级单位"], rows: &rows
        }])
        .unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..200 {
        let buf = match i % 4 {
            // Pure noise, with a zip or OLE signature half the time.
            0 | 1 => {
                let len = rng.below(2048);
                let mut b: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                if i % 4 == 1 {
                    let magic: &[u8] = if rng.below(2) == 0 { b"PK\x03\x04" } else { &[0xD0, 0xCF, 0x11, 0xE0] };
                    b.splice(0..0, magic.iter().copied());
                }
                b
            }
            // A real workbook with a few bytes flipped.
            2 => {
                let mut b = valid.clone();
                for _ in 0..1 + rng.below(8) {
                    let at = rng.below(b.len());
                    b[at] ^= 1 << rng.below(8);
                }
                b
            }
            // A real workbook cut short.
            _ => valid[..rng.below(valid.len())].to_vec(),
        };
        let _ = read_table(&buf, &["单位名称", "上级单位"]);
    }
    // The valid workbook still reads after all that.
    assert_eq!(read_table(&valid, &["单位名称", "上级单位"]).unwrap(), vec![record(3, &["市财政局", "市政府"])]);
}
