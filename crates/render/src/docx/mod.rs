//! The same layout as WordprocessingML (.docx), for offices that finish documents in Word or WPS.
//!
//! Word lays out its own lines, so the .docx fixes what Word honours: the page (A4, margins that make the
//! 156 × 225 mm 版心), a line grid of 22 lines with exact line pitch, character spacing that puts 28 characters
//! on a line, no punctuation compression, the fonts by the standard's names (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体; each
//! with the Fandol font as its alternative), odd/even footers with the "— N —" page field, and the head,
//! signature and 版记 placed by grid lines and character cells as in the PDF. What a file cannot fix ahead is
//! approximated: the 版记 (and the 归档章) are tables floated to their place on the page (the bottom of the
//! 版心 where the text ends); Word honours that, LibreOffice 7.4 sets them inline after the text; Word numbers
//! a page the 版记 ends up alone on. Widths used for hand placement (签发人 block, signature over date, 抄送
//! lines) are counted in cells (a CJK character one, ASCII half).

mod body;
mod parts;
mod xml;

use std::io::Write;

use zip::write::SimpleFileOptions;

use crate::data::prepare;
use crate::model::{Doc, Variant};
use crate::RenderError;
use parts::Furniture;
use xml::{twips_mm, twips_pt};

/// The standard's fonts by the names Word and WPS installations carry.
pub(crate) const FANG: &str = "仿宋_GB2312";
pub(crate) const SONG: &str = "宋体";
pub(crate) const HEI: &str = "黑体";
pub(crate) const KAI: &str = "楷体_GB2312";
pub(crate) const XBS: &str = "方正小标宋简体";
pub(crate) const RED: &str = "E60012";
/// Character spacing of every run, in twentieths of a point: 16 pt characters advancing 15.75 pt put 28 in the
/// 156 mm line (28 × 15.79 pt would fill it exactly; the rest is left to justification).
pub(crate) const CHAR_SPACING: i64 = -5;

/// The page and grid in twips.
pub(crate) struct Geometry {
    pub width: i64,
    pub pitch: i64,
    pub cell: f64,
}

impl Geometry {
    fn new() -> Geometry {
        // 225 mm / 22 is 579.8 twips: 580 would not fit 22 lines, so 579 (28.95 pt), as Word templates use.
        Geometry { width: twips_mm(156.0), pitch: 579, cell: 156.0 / 28.0 / 25.4 * 1440.0 }
    }

    /// `n` character cells in twips.
    pub(crate) fn cells(&self, n: f64) -> i64 {
        (self.cell * n).round() as i64
    }

    /// The section: A4, margins 37/26/35/28 mm, footers placing the 页码's centre 7 mm below the 版心, and a line
    /// grid of 22 lines. (The 28 characters come from `CHAR_SPACING`: LibreOffice lays a `linesAndChars` grid
    /// out with about 22 characters a line, where Word and WPS give 28.)
    fn section(&self, furniture: &Furniture) -> String {
        let footer = twips_mm(297.0 - 37.0 - 225.0 - 7.0) - twips_pt(7.0);
        format!(
            r#"<w:sectPr>{refs}<w:pgSz w:w="{w}" w:h="{h}"/><w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" w:header="{header}" w:footer="{footer}" w:gutter="0"/>{title_pg}<w:docGrid w:type="lines" w:linePitch="{pitch}"/></w:sectPr>"#,
            refs = furniture.references(),
            w = twips_mm(210.0),
            h = twips_mm(297.0),
            top = twips_mm(37.0),
            right = twips_mm(26.0),
            bottom = twips_mm(35.0),
            left = twips_mm(28.0),
            header = twips_mm(30.0),
            title_pg = if furniture.letter { "<w:titlePg/>" } else { "" },
            pitch = self.pitch,
        )
    }
}

/// Writes `doc` as a .docx package in the GB/T 9704 layout.
pub fn docx(doc: &Doc) -> Result<Vec<u8>, RenderError> {
    let prepared = prepare(doc)?;
    let g = Geometry::new();
    let furniture = Furniture { draft: doc.draft, letter: doc.variant == Variant::Letter };
    let content = body::body(doc, &prepared, &g);
    let title = if doc.title.is_empty() { doc.issuer_mark.as_str() } else { doc.title.as_str() };

    let mut files: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), parts::content_types(&furniture)),
        ("_rels/.rels".into(), parts::package_rels()),
        ("docProps/core.xml".into(), parts::core(&title.replace('\n', ""))),
        ("word/_rels/document.xml.rels".into(), parts::document_rels(&furniture)),
        ("word/document.xml".into(), parts::document(&content, &g.section(&furniture))),
        ("word/styles.xml".into(), parts::styles(&g)),
        ("word/settings.xml".into(), parts::settings()),
        ("word/fontTable.xml".into(), parts::font_table()),
        ("word/footer1.xml".into(), parts::footer(true)),
        ("word/footer2.xml".into(), parts::footer(false)),
    ];
    if furniture.draft {
        files.push(("word/header1.xml".into(), parts::draft_header()));
    }
    if furniture.letter {
        let font = body::issuer_font(&doc.issuer_mark, 42.0);
        files.push(("word/header2.xml".into(), parts::letter_header(&doc.issuer_mark, &font, doc.draft)));
        files.push(("word/footer3.xml".into(), parts::letter_footer(&g)));
    }
    zip_package(&files)
}

fn zip_package(files: &[(String, String)]) -> Result<Vec<u8>, RenderError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        zip.start_file(name.as_str(), options).map_err(|e| RenderError::Export(e.to_string()))?;
        zip.write_all(text.as_bytes()).map_err(|e| RenderError::Export(e.to_string()))?;
    }
    let cursor = zip.finish().map_err(|e| RenderError::Export(e.to_string()))?;
    Ok(cursor.into_inner())
}
