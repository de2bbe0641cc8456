//! The .docx: a valid package of well-formed parts with the GB/T 9704 page, grid, fonts and furniture.

#[path = "common/sample.rs"]
mod sample;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zs_render::{docx, Block, Variant};

/// Every part of the package, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut parts = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let mut text = String::new();
        file.read_to_string(&mut text).expect("UTF-8 part");
        parts.insert(file.name().to_string(), text);
    }
    parts
}

/// Parses `xml` fully (panics on any well-formedness error) and returns its text content.
fn well_formed(name: &str, xml: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth = 0i32;
    let mut text = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Text(t)) => text.push_str(&t.unescape().unwrap_or_else(|e| panic!("{name}: {e}"))),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed XML: {e}"),
        }
        assert!(depth >= 0, "{name}: unbalanced tags");
    }
    assert_eq!(depth, 0, "{name}: unclosed tags");
    text
}

/// The value of attribute `attr` on the first element `tag` (e.g. "w:pgMar", "w:top").
fn attr(xml: &str, tag: &str, attr: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag} "))?;
    let element = &xml[start..start + xml[start..].find('>')?];
    let key = format!(" {attr}=\"");
    let at = element.find(&key)? + key.len();
    Some(element[at..at + element[at..].find('"')?].to_string())
}

#[test]
fn package_is_complete_and_well_formed() {
    let parts = unzip(&docx(&sample::notice()).expect("docx"));
    for required in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/settings.xml",
        "word/fontTable.xml",
        "word/footer1.xml",
        "word/footer2.xml",
    ] {
        assert!(parts.contains_key(required), "missing {required}");
    }
    for (name, xml) in &parts {
        well_formed(name, xml);
    }
    // Every part the relationships point at exists, and has a content type.
    let rels = &parts["word/_rels/document.xml.rels"];
    for target in rels.split("Target=\"").skip(1).map(|s| &s[..s.find('"').unwrap_or(0)]) {
        assert!(parts.contains_key(&format!("word/{target}")), "relationship to missing part {target}");
        assert!(parts["[Content_Types].xml"].contains(&format!("/word/{target}")), "no content type for {target}");
    }
}

#[test]
fn an_empty_document_is_a_valid_package() {
    for (name, xml) in &unzip(&docx(&zs_render::Doc::default()).expect("docx")) {
        well_formed(name, xml);
    }
}

#[test]
fn page_setup_matches_the_standard() {
    let parts = unzip(&docx(&sample::notice()).expect("docx"));
    let doc = &parts["word/document.xml"];
    let twips = |mm: f64| (mm / 25.4 * 1440.0).round() as i64;
    let get = |tag: &str, a: &str| attr(doc, tag, a).and_then(|v| v.parse::<i64>().ok()).expect(a);
    assert_eq!((get("w:pgSz", "w:w"), get("w:pgSz", "w:h")), (twips(210.0), twips(297.0)), "A4");
    assert_eq!(get("w:pgMar", "w:top"), twips(37.0), "天头 37 mm");
    assert_eq!(get("w:pgMar", "w:left"), twips(28.0), "订口 28 mm");
    let width = twips(210.0) - get("w:pgMar", "w:left") - get("w:pgMar", "w:right");
    assert!((width - twips(156.0)).abs() <= 1, "版心 156 mm wide: {width} twips");
    assert!(
        (twips(297.0) - get("w:pgMar", "w:top") - get("w:pgMar", "w:bottom") - twips(225.0)).abs() <= 1,
        "225 mm tall"
    );

    // 22 lines: the grid's pitch fits 22 and not 23 lines into 225 mm; 28 and not 29 characters of 16 pt with
    // the default character spacing fit into 156 mm.
    assert_eq!(attr(doc, "w:docGrid", "w:type").as_deref(), Some("lines"));
    let pitch = get("w:docGrid", "w:linePitch");
    assert!(22 * pitch <= twips(225.0) && 23 * pitch > twips(225.0), "linePitch {pitch}");
    let styles = &parts["word/styles.xml"];
    let spacing: f64 = attr(styles, "w:spacing", "w:val").and_then(|v| v.parse().ok()).expect("character spacing");
    let advance = 16.0 + spacing / 20.0;
    let line = 156.0 / 25.4 * 72.0;
    assert!(28.0 * advance <= line && 29.0 * advance > line, "28 characters a line at {advance} pt");

    // The body style is 3号 (16 pt = 32 half-points) with the line pitch, and no punctuation compression.
    assert_eq!(attr(styles, "w:sz", "w:val").as_deref(), Some("32"));
    assert!(styles.contains(&format!(r#"w:line="{pitch}" w:lineRule="exact""#)), "exact line pitch");
    assert!(parts["word/settings.xml"].contains(r#"<w:characterSpacingControl w:val="doNotCompress"/>"#));
    assert!(parts["word/settings.xml"].contains("<w:evenAndOddHeaders/>"));
}

#[test]
fn fonts_are_named() {
    let parts = unzip(&docx(&sample::notice()).expect("docx"));
    let doc = &parts["word/document.xml"];
    for font in ["仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"] {
        assert!(doc.contains(&format!(r#"w:eastAsia="{font}""#)), "document uses {font}");
    }
    assert!(parts["word/styles.xml"].contains(r#"w:eastAsia="仿宋_GB2312""#), "body font in the defaults");
    let table = &parts["word/fontTable.xml"];
    assert!(table.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="FandolFang R"/>"#));
    // The 标志 is red 小标宋.
    assert!(doc.contains(r#"w:eastAsia="方正小标宋简体" w:cs="方正小标宋简体"/><w:color w:val="E60012"/>"#));
}

#[test]
fn footers_carry_the_page_field_on_alternating_sides() {
    let parts = unzip(&docx(&sample::notice()).expect("docx"));
    let doc = &parts["word/document.xml"];
    assert!(doc.contains(r#"<w:footerReference w:type="default" r:id="rIdFooterOdd"/>"#));
    assert!(doc.contains(r#"<w:footerReference w:type="even" r:id="rIdFooterEven"/>"#));
    let (odd, even) = (&parts["word/footer1.xml"], &parts["word/footer2.xml"]);
    for footer in [odd, even] {
        assert!(footer.contains(" PAGE "), "a PAGE field");
        assert_eq!(well_formed("footer", footer).replace(" PAGE ", ""), "— 1 —", "— N — around the field");
    }
    assert_eq!(attr(odd, "w:jc", "w:val").as_deref(), Some("right"));
    assert_eq!(attr(even, "w:jc", "w:val").as_deref(), Some("left"));
    assert_eq!(attr(odd, "w:ind", "w:right").as_deref(), Some("280"), "one 4号 character in");
    assert_eq!(attr(even, "w:ind", "w:left").as_deref(), Some("280"));
}

#[test]
fn text_draft_mark_and_escaping() {
    let mut doc = sample::notice();
    doc.body.push(Block::para("A&B <b>不是标签</b> \"引号\" 'x'"));
    let parts = unzip(&docx(&doc).expect("docx"));
    let text = well_formed("document", &parts["word/document.xml"]);
    for expected in [
        "000012",
        "工作秘密",
        "特急",
        "青禾县人民政府文件",
        "青政发〔2026〕12号",
        "各乡镇人民政府，县政府各部门：",
        "附件：1.优化营商环境重点任务分工表",
        "抄送：县委各部门",
        "2026年11月22日印发",
        "附件1",
        "A&B <b>不是标签</b> \"引号\" 'x'",
    ] {
        assert!(text.contains(expected), "document text lacks {expected}");
    }
    assert!(!parts.contains_key("word/header1.xml") && !text.contains("草稿"), "no mark on a signed document");

    doc.draft = true;
    let parts = unzip(&docx(&doc).expect("docx"));
    assert!(well_formed("header", &parts["word/header1.xml"]).contains("草稿"));
    for kind in ["default", "even", "first"] {
        assert!(parts["word/document.xml"]
            .contains(&format!(r#"<w:headerReference w:type="{kind}" r:id="rIdHeaderDraft"/>"#)));
    }
}

#[test]
fn variants() {
    // 上行文: 签发人 on the 文号's paragraph.
    let mut doc = sample::short(Variant::Standard);
    doc.signers = vec!["张三".into()];
    let parts = unzip(&docx(&doc).expect("docx"));
    let xml = &parts["word/document.xml"];
    let number_para = xml.split("<w:p>").find(|p| p.contains("青政发〔2026〕12号")).expect("文号 paragraph");
    assert!(number_para.contains("签发人：") && number_para.contains("张三") && number_para.contains("<w:tab/>"));
    assert!(number_para.contains(r#"w:color="E60012""#), "the red separator under the 文号 line");

    // 信函: the 标志 in page 1's header, no number there.
    let parts = unzip(&docx(&sample::short(Variant::Letter)).expect("docx"));
    assert!(parts["word/document.xml"].contains("<w:titlePg/>"));
    assert!(well_formed("header", &parts["word/header2.xml"]).contains("青禾县人民政府办公室"));
    assert!(!parts["word/footer3.xml"].contains("PAGE"));
    assert!(!well_formed("document", &parts["word/document.xml"]).contains("印发"), "no 印发 line in a letter");

    // 纪要 and 命令.
    let text =
        well_formed("document", &unzip(&docx(&sample::short(Variant::Minutes)).expect("docx"))["word/document.xml"]);
    assert!(text.contains("出席：李四、王五、赵六") && text.contains("列席："));
    let text =
        well_formed("document", &unzip(&docx(&sample::short(Variant::Order)).expect("docx"))["word/document.xml"]);
    assert!(text.contains("青禾县人民政府令") && text.contains("第3号") && !text.contains("优化营商环境激发"));
}

#[test]
fn body_table_is_a_bordered_word_table_with_a_repeated_header() {
    let mut doc = sample::notice();
    let cells_before = unzip(&docx(&doc).expect("docx"))["word/document.xml"].matches("<w:tc>").count();
    doc.body.push(Block::table(vec![vec!["单位".into(), "逾期".into()], vec!["青禾镇".into(), "3".into()]]));
    let parts = unzip(&docx(&doc).expect("docx"));
    let xml = &parts["word/document.xml"];
    let text = well_formed("document", xml);
    assert!(text.contains("单位") && text.contains("青禾镇"), "cells carry their text");
    assert!(xml.contains("<w:tblHeader/>"), "header row repeats on each page");
    assert_eq!(xml.matches("<w:tc>").count(), cells_before + 4, "two rows of two cells");
}
