//! The package's fixed parts: content types, relationships, styles, settings, font table, footers, headers.

use super::xml::{esc, exact, ind, jc, para, run, twips_mm, twips_pt, Font};
use super::{Geometry, CHAR_SPACING, FANG, HEI, KAI, SONG, XBS};

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
const DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// The header and footer parts a document has, with their relationship ids and file names.
pub(crate) struct Furniture {
    pub draft: bool,
    pub letter: bool,
}

impl Furniture {
    /// (relationship id, part name, kind) of every header and footer.
    pub(crate) fn parts(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        let mut v = vec![("rIdFooterOdd", "footer1.xml", "footer"), ("rIdFooterEven", "footer2.xml", "footer")];
        if self.draft {
            v.push(("rIdHeaderDraft", "header1.xml", "header"));
        }
        if self.letter {
            v.push(("rIdHeaderFirst", "header2.xml", "header"));
            v.push(("rIdFooterFirst", "footer3.xml", "footer"));
        }
        v
    }

    /// The section's header and footer references (they open `w:sectPr`).
    pub(crate) fn references(&self) -> String {
        let mut s = String::new();
        if self.draft {
            s.push_str(r#"<w:headerReference w:type="default" r:id="rIdHeaderDraft"/>"#);
            s.push_str(r#"<w:headerReference w:type="even" r:id="rIdHeaderDraft"/>"#);
        }
        if self.letter {
            s.push_str(r#"<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>"#);
        } else if self.draft {
            s.push_str(r#"<w:headerReference w:type="first" r:id="rIdHeaderDraft"/>"#);
        }
        s.push_str(r#"<w:footerReference w:type="default" r:id="rIdFooterOdd"/>"#);
        s.push_str(r#"<w:footerReference w:type="even" r:id="rIdFooterEven"/>"#);
        if self.letter {
            s.push_str(r#"<w:footerReference w:type="first" r:id="rIdFooterFirst"/>"#);
        }
        s
    }
}

pub(crate) fn content_types(f: &Furniture) -> String {
    let mut s = format!(
        r#"{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#
    );
    for (_, name, kind) in f.parts() {
        s.push_str(&format!(
            r#"<Override PartName="/word/{name}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>"#
        ));
    }
    s.push_str("</Types>");
    s
}

pub(crate) fn package_rels() -> String {
    format!(
        r#"{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#
    )
}

pub(crate) fn document_rels(f: &Furniture) -> String {
    let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut s = format!(
        r#"{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="{base}/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="{base}/settings" Target="settings.xml"/><Relationship Id="rIdFonts" Type="{base}/fontTable" Target="fontTable.xml"/>"#
    );
    for (id, name, kind) in f.parts() {
        s.push_str(&format!(r#"<Relationship Id="{id}" Type="{base}/{kind}" Target="{name}"/>"#));
    }
    s.push_str("</Relationships>");
    s
}

pub(crate) fn core(title: &str) -> String {
    format!(
        r#"{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>中枢</dc:creator></cp:coreProperties>"#,
        esc(title)
    )
}

/// Normal is the body: 3号仿宋, justified, exactly one grid line, no widow control (22 lines a page).
pub(crate) fn styles(g: &Geometry) -> String {
    let normal = Font::new(FANG, 16.0).rpr();
    format!(
        r#"{DECL}<w:styles {W_NS}><w:docDefaults><w:rPrDefault><w:rPr>{normal}<w:spacing w:val="{CHAR_SPACING}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/>{spacing}<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#,
        spacing = exact(g.pitch),
    )
}

/// Odd and even pages have their own footers (页码 right or left). No punctuation compression: every
/// character keeps its grid cell, as in the PDF.
pub(crate) fn settings() -> String {
    format!(
        r#"{DECL}<w:settings {W_NS}><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
    )
}

/// The standard's font names, as an office's Word or WPS has them, each with the free font this project
/// prints with as its alternative.
pub(crate) fn font_table() -> String {
    let fonts =
        [(FANG, "FandolFang R"), (SONG, "FandolSong"), (HEI, "FandolHei"), (KAI, "FandolKai"), (XBS, "FandolSong")];
    let mut s = format!(r#"{DECL}<w:fonts {W_NS}>"#);
    for (name, alt) in fonts {
        s.push_str(&format!(
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="auto"/></w:font>"#
        ));
    }
    s.push_str("</w:fonts>");
    s
}

/// 页码 "— N —", 4号 半角宋体, one character in from the right (odd) or left (even) edge.
pub(crate) fn footer(odd: bool) -> String {
    let font = Font::new(SONG, 14.0);
    let one = twips_pt(14.0);
    let (indent, align) = if odd { (ind(0, one, 0), jc("right")) } else { (ind(one, 0, 0), jc("left")) };
    let field = format!(
        r#"{}<w:r><w:rPr>{rpr}</w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr>{rpr}</w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:rPr>{rpr}</w:rPr><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:rPr>{rpr}</w:rPr><w:fldChar w:fldCharType="end"/></w:r>{}"#,
        run(&font, "— "),
        run(&font, "1"),
        run(&font, " —"),
        rpr = font.rpr(),
    );
    wrap("ftr", &para(&format!("{}{indent}{align}", exact(twips_pt(14.0))), &field))
}

/// 信函 page 1: no 页码; the thin-over-thick red double line 20 mm above the page's bottom edge, 170 mm long.
pub(crate) fn letter_footer(g: &Geometry) -> String {
    let out = -twips_mm(7.0);
    let rule = r#"<w:pBdr><w:top w:val="thinThickSmallGap" w:sz="24" w:space="1" w:color="E60012"/></w:pBdr>"#;
    wrap("ftr", &para(&format!("{rule}{}{}", exact(g.pitch / 2), ind(out, out, 0)), ""))
}

/// 信函 page 1: the red 标志 30 mm from the page top and the thick-over-thin double line 4 mm below it.
pub(crate) fn letter_header(mark: &str, font: &Font, draft: bool) -> String {
    let out = -twips_mm(7.0);
    let rule = r#"<w:pBdr><w:bottom w:val="thickThinSmallGap" w:sz="24" w:space="4" w:color="E60012"/></w:pBdr>"#;
    let mut body = para(
        &format!("{rule}{}{}{}", exact(twips_pt(font.size * 1.15)), ind(out, out, 0), jc("center")),
        &run(font, mark),
    );
    if draft {
        body.push_str(&draft_mark());
    }
    wrap("hdr", &body)
}

pub(crate) fn draft_header() -> String {
    wrap("hdr", &draft_mark())
}

/// "草稿" in a frame at the page's top right, out of the text's way.
fn draft_mark() -> String {
    let frame = format!(
        r#"<w:framePr w:w="{}" w:hAnchor="margin" w:vAnchor="page" w:xAlign="right" w:y="{}" w:wrap="around"/>"#,
        twips_mm(40.0),
        twips_mm(12.0)
    );
    let font = Font { color: Some("A0A0A0"), bold: true, ..Font::new(HEI, 26.0) };
    para(&format!("{frame}{}{}", exact(twips_pt(30.0)), jc("right")), &run(&font, "草稿"))
}

fn wrap(tag: &str, body: &str) -> String {
    format!(r#"{DECL}<w:{tag} {W_NS}>{body}</w:{tag}>"#)
}

pub(crate) fn document(body: &str, sect: &str) -> String {
    format!(r#"{DECL}<w:document {W_NS}><w:body>{body}{sect}</w:body></w:document>"#)
}
