//! .docx text extraction on hand-built documents and on hostile uploads.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::CompressionMethod;
use zs_office::{docx_text, write_xlsx, OfficeError, SheetOut};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

fn package_rels(target: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{target}"/></Relationships>"#
    )
}

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/numbering" TargetMode="External"/></Relationships>"#;

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn zip_of(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(method);
    for (name, data) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A minimal .docx as Word writes it: content types, package and document relationships.
fn docx(body: &str, numbering: Option<&str>) -> Vec<u8> {
    let doc = document(body);
    let rels = package_rels("word/document.xml");
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
    ];
    if let Some(n) = numbering {
        entries.push(("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()));
        entries.push(("word/numbering.xml", n.as_bytes()));
    }
    zip_of(&entries, CompressionMethod::Deflated)
}

fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn numbered(num_id: u32, ilvl: u8, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="a3"/><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

fn level(ilvl: u8, format: &str, template: &str, suffix: Option<&str>) -> String {
    let suff = suffix.map(|s| format!(r#"<w:suff w:val="{s}"/>"#)).unwrap_or_default();
    format!(
        r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{format}"/>{suff}<w:lvlText w:val="{template}"/></w:lvl>"#
    )
}

/// The heading levels of GB/T 9704 (一、 （一） 1. （1）) as one list, a bullet list, and a second
/// instance of the first list that restarts at 1.
fn numbering_xml() -> String {
    let levels = [
        level(0, "chineseCounting", "%1、", Some("nothing")),
        level(1, "chineseCounting", "（%2）", Some("nothing")),
        level(2, "decimal", "%3.", None),
        level(3, "decimal", "（%4）", Some("nothing")),
    ]
    .concat();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum><w:abstractNum w:abstractNumId="1">{bullet}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>"#,
        bullet = level(0, "bullet", "\u{F0B7}", None),
    )
}

#[test]
fn paragraphs_runs_tabs_and_breaks() {
    let body = [
        p("关于做好2026年冬季安全生产工作的通知"),
        // Several runs make one line; w:tab is a tab, w:br a line break, entities are decoded.
        r#"<w:p><w:r><w:t>各乡镇</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>人民政府</w:t></w:r><w:r><w:tab/><w:t>县直各单位：</w:t></w:r></w:p>"#.into(),
        r#"<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行 &amp; &lt;附&gt;</w:t></w:r></w:p>"#.into(),
        "<w:p/>".into(),
        p("  两端空格保留  "),
    ]
    .concat();
    let text = docx_text(&docx(&body, None)).unwrap();
    assert_eq!(
        text,
        "关于做好2026年冬季安全生产工作的通知\n各乡镇人民政府\t县直各单位：\n第一行\n第二行 & <附>\n\n  两端空格保留  "
    );
}

#[test]
fn text_is_nfc() {
    // U+F900 is a compatibility ideograph that NFC maps to U+8C48; e + combining acute composes.
    let text = docx_text(&docx(&p("\u{F900}e\u{301}"), None)).unwrap();
    assert_eq!(text, "\u{8C48}\u{E9}");
}

#[test]
fn tables_become_lines_of_cells() {
    let cell = |paras: &[&str]| format!("<w:tc><w:tcPr/>{}</w:tc>", paras.iter().map(|t| p(t)).collect::<String>());
    let table = format!(
        "<w:tbl><w:tblPr/><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
        cell(&["序号"]),
        cell(&["单位"]),
        cell(&["联系人"]),
        cell(&["1"]),
        cell(&["青禾县", "人民政府办公室"]),
        cell(&[]),
    );
    let body = [p("附件"), table, p("表后正文")].concat();
    let text = docx_text(&docx(&body, None)).unwrap();
    assert_eq!(text, "附件\n序号\t单位\t联系人\n1\t青禾县 人民政府办公室\t\n表后正文");
}

#[test]
fn nested_tables_stay_inside_their_cell() {
    let inner = format!("<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>", p("甲"), p("乙"));
    let body = format!("<w:tbl><w:tr><w:tc>{}{inner}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>", p("外"), p("右"));
    let text = docx_text(&docx(&body, None)).unwrap();
    assert_eq!(text.lines().count(), 1, "{text:?}");
    let cells: Vec<&str> = text.split('\t').collect();
    assert_eq!(cells.len(), 2, "{text:?}");
    assert!(cells[0].starts_with("外") && cells[0].contains('甲') && cells[0].contains('乙'), "{text:?}");
    assert_eq!(cells[1], "右");
}

#[test]
fn list_labels_are_rebuilt_from_numbering() {
    let body = [
        numbered(1, 0, "总体要求"),
        numbered(1, 1, "指导思想"),
        numbered(1, 2, "坚持问题导向。"),
        numbered(1, 2, "坚持目标导向。"),
        numbered(1, 3, "按时报送。"),
        numbered(1, 1, "工作目标"),
        // A deeper level restarts under a new parent.
        numbered(1, 2, "年底前完成。"),
        numbered(1, 0, "主要任务"),
        numbered(2, 0, "项目符号不出标号"),
        // numId 0 switches numbering off; an unknown list has no label.
        numbered(0, 0, "不编号"),
        numbered(42, 0, "未知列表"),
        // A second instance of the first list with a start override begins again at 一.
        numbered(3, 0, "另一份清单"),
    ]
    .concat();
    let text = docx_text(&docx(&body, Some(&numbering_xml()))).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        vec![
            "一、总体要求",
            "（一）指导思想",
            "1. 坚持问题导向。",
            "2. 坚持目标导向。",
            "（1）按时报送。",
            "（二）工作目标",
            "1. 年底前完成。",
            "二、主要任务",
            "项目符号不出标号",
            "不编号",
            "未知列表",
            "一、另一份清单",
        ]
    );
}

#[test]
fn tab_stops_in_paragraph_properties_are_not_text() {
    let body =
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>"#;
    assert_eq!(docx_text(&docx(body, None)).unwrap(), "正文");
}

#[test]
fn deleted_moved_field_codes_and_fallback_copies_are_skipped() {
    let body = [
        // Tracked deletion: w:delText is not text.
        r#"<w:p><w:r><w:t>保留</w:t></w:r><w:del w:id="1"><w:r><w:delText>删除的字</w:delText></w:r></w:del></w:p>"#,
        // Moved text appears once, where it was moved to.
        r#"<w:p><w:moveFrom w:id="2"><w:r><w:t>移动</w:t></w:r></w:moveFrom><w:r><w:t>此处</w:t></w:r></w:p>"#,
        r#"<w:p><w:moveTo w:id="3"><w:r><w:t>移动</w:t></w:r></w:moveTo></w:p>"#,
        // A PAGE field: the instruction is not text, its result is.
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        // A text box is stored twice; only the preferred copy counts.
        r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
    ]
    .concat();
    let text = docx_text(&docx(&body, None)).unwrap();
    assert_eq!(text.matches("文本框").count(), 1, "{text:?}");
    assert_eq!(text.matches("移动").count(), 1, "{text:?}");
    assert!(text.starts_with("保留\n此处\n移动\n3\n"), "{text:?}");
    assert!(!text.contains("删除") && !text.contains("PAGE"), "{text:?}");
}

#[test]
fn main_part_is_found_through_the_relationships() {
    // Some generators name the part differently and use another namespace prefix.
    let doc = format!(
        r#"<ns0:document xmlns:ns0="{W}"><ns0:body><ns0:p><ns0:r><ns0:t>另一个名字的正文</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>"#
    );
    let rels = package_rels("/word/main.xml");
    let bytes = zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("word/main.xml", doc.as_bytes()),
        ],
        CompressionMethod::Stored,
    );
    assert_eq!(docx_text(&bytes).unwrap(), "另一个名字的正文");
}

#[test]
fn a_broken_numbering_part_costs_only_the_labels() {
    let bytes = docx(&numbered(1, 0, "总体要求"), Some("<w:numbering><w:num></w:numbering"));
    assert_eq!(docx_text(&bytes).unwrap(), "总体要求");
}

fn assert_err(bytes: &[u8], expected: fn(&OfficeError) -> bool) {
    match docx_text(bytes) {
        Err(e) if expected(&e) => {
            // Every rejection is a Chinese sentence that says what to do.
            let msg = e.to_string();
            assert!(msg.ends_with('。') && msg.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)), "{msg}");
        }
        other => panic!("unexpected result: {other:?}"),
    }
}

/// The first 512 bytes of a compound file whose directory names the given streams.
fn cfb_with(streams: &[&str]) -> Vec<u8> {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    for name in streams {
        let mut entry: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry.extend_from_slice(&[0, 0]);
        entry.resize(128, 0);
        bytes.extend_from_slice(&entry);
    }
    bytes
}

#[test]
fn legacy_encrypted_and_foreign_files_are_named() {
    assert_err(b"", |e| matches!(e, OfficeError::NotDocx));
    assert_err("各乡镇人民政府：\n现将有关事项通知如下。".as_bytes(), |e| {
        matches!(e, OfficeError::NotDocx)
    });
    assert_err(&[0x7F, 0x45, 0x4C, 0x46, 1, 2, 3], |e| matches!(e, OfficeError::NotDocx));
    assert_err(&cfb_with(&["Root Entry", "WordDocument", "1Table"]), |e| matches!(e, OfficeError::LegacyDoc));
    assert_err(&cfb_with(&["Root Entry", "EncryptionInfo", "EncryptedPackage"]), |e| {
        matches!(e, OfficeError::DocxEncrypted)
    });
    assert_err(&cfb_with(&["Root Entry", "Workbook"]), |e| matches!(e, OfficeError::NotDocx));
    // A workbook is a zip too, but not a Word document.
    let xlsx = write_xlsx(&[SheetOut { name: "台账", title: None, headers: &["单位"], rows: &[] }]).unwrap();
    assert_err(&xlsx, |e| matches!(e, OfficeError::NotDocx));
    // An .odt-like zip with no Word parts.
    let odt = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text")], CompressionMethod::Stored);
    assert_err(&odt, |e| matches!(e, OfficeError::NotDocx));
    assert!(OfficeError::LegacyDoc.to_string().contains("另存为 .docx"));
}

#[test]
fn damaged_packages_are_corrupt_or_missing_their_body() {
    let good = docx(&p("正文"), None);
    assert_err(&good[..good.len() / 2], |e| matches!(e, OfficeError::DocxCorrupt));
    assert_err(b"PK\x03\x04garbage", |e| matches!(e, OfficeError::DocxCorrupt));

    let no_body = zip_of(
        &[("[Content_Types].xml", CONTENT_TYPES.as_bytes()), ("word/styles.xml", b"<w:styles/>")],
        CompressionMethod::Deflated,
    );
    assert_err(&no_body, |e| matches!(e, OfficeError::DocxMissingBody));

    for bad_xml in ["<w:document><w:body><w:p></w:body></w:document>", "<w:document><w:body>&bogus;</w:body>", ""] {
        let bytes = zip_of(&[("word/document.xml", bad_xml.as_bytes())], CompressionMethod::Deflated);
        match docx_text(&bytes) {
            Err(OfficeError::DocxCorrupt) | Err(OfficeError::DocxMissingBody) => {}
            other => panic!("{bad_xml:?}: {other:?}"),
        }
    }
}

#[test]
fn too_many_entries_are_refused() {
    let names: Vec<String> = (0..=zs_office::MAX_ENTRIES).map(|i| format!("word/media/{i}.bin")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let bytes = zip_of(&entries, CompressionMethod::Stored);
    assert_err(&bytes, |e| matches!(e, OfficeError::DocxTooLarge));
}

/// Every truncation and many single-byte corruptions of a real package end in Ok or an error,
/// never a panic.
#[test]
fn mangled_packages_never_panic() {
    let body = [numbered(1, 0, "总体要求"), p("正文内容"), numbered(1, 1, "指导思想")].concat();
    let good = docx(&body, Some(&numbering_xml()));
    for cut in (0..good.len()).step_by(7) {
        let _ = docx_text(&good[..cut]);
    }
    let mut state = 0x2545_F491_u32;
    for _ in 0..3000 {
        // xorshift: deterministic positions and values.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let mut bad = good.clone();
        let i = state as usize % bad.len();
        bad[i] = (state >> 24) as u8;
        let _ = docx_text(&bad);
    }
}
