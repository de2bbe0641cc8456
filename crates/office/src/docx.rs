//! Plain text of a .docx upload, for 收文 registration and speech import.
//!
//! Each paragraph of the main document part becomes one line (w:tab → tab, w:br → line break);
//! each table row becomes one line with its cells separated by tabs (paragraphs inside a cell are
//! joined with a space). List labels that Word draws from numbering.xml (一、 （一） 1.) are not in
//! the text runs; they are rebuilt from the paragraph's own w:numPr. Not recovered: numbering
//! inherited from a paragraph style, headers, footers, footnotes and comments.
//!
//! Uploads are hostile until proven otherwise: the package is read with caps on entry count and
//! decompressed size, parts are streamed rather than inflated whole, and a panic inside the zip or
//! XML readers is turned into an error.

mod numbering;

use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::panic::catch_unwind;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use unicode_normalization::UnicodeNormalization;
use zip::result::ZipError;
use zip::ZipArchive;

use crate::cfb::{self, CfbKind};
use crate::OfficeError;
use numbering::Numbering;

/// Decompressed bytes we are willing to read from one package, summed over all parts read.
pub const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;
/// Entries in the zip directory; real documents have a few dozen.
pub const MAX_ENTRIES: usize = 10_000;

const MAIN_DOCUMENT: &str = "word/document.xml";

/// Extracts the text of a .docx as lines, NFC-normalised.
pub fn docx_text(bytes: &[u8]) -> Result<String, OfficeError> {
    if bytes.starts_with(cfb::MAGIC) {
        return Err(match cfb::classify(bytes) {
            CfbKind::Encrypted => OfficeError::DocxEncrypted,
            CfbKind::LegacyWord => OfficeError::LegacyDoc,
            CfbKind::LegacyOther | CfbKind::Unknown => OfficeError::NotDocx,
        });
    }
    if !bytes.starts_with(b"PK") {
        return Err(OfficeError::NotDocx);
    }
    // The zip reader does integer arithmetic on attacker-chosen offsets; an overflow panic in a
    // debug build must not take the server down.
    catch_unwind(|| read_package(bytes, MAX_UNPACKED_BYTES)).unwrap_or(Err(OfficeError::DocxCorrupt))
}

type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// `cap` is [`MAX_UNPACKED_BYTES`] except in tests, which need not inflate 200 MB to prove the cap.
fn read_package(bytes: &[u8], cap: u64) -> Result<String, OfficeError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| OfficeError::DocxCorrupt)?;
    if zip.len() > MAX_ENTRIES {
        return Err(OfficeError::DocxTooLarge);
    }
    let mut budget = cap;
    let main = main_part(&mut zip, &mut budget)?;

    // A broken numbering part costs the list labels, not the document.
    let mut numbering = Numbering::default();
    if let Some(path) = relationship(&mut zip, &main, "numbering", &mut budget)? {
        match with_part(&mut zip, &path, &mut budget, Numbering::parse) {
            Ok(Some(n)) => numbering = n,
            Err(OfficeError::DocxTooLarge) => return Err(OfficeError::DocxTooLarge),
            _ => {}
        }
    }

    let text = with_part(&mut zip, &main, &mut budget, |r| Body::new(&mut numbering).run(r))?
        .ok_or(OfficeError::DocxMissingBody)??;
    Ok(text.nfc().collect())
}

/// The main document part named by the package relationships, else the usual path.
fn main_part(zip: &mut Archive<'_>, budget: &mut u64) -> Result<String, OfficeError> {
    if let Some(path) = relationship(zip, "", "officeDocument", budget)? {
        if zip.index_for_name(&path).is_some() {
            return Ok(path);
        }
    }
    if zip.index_for_name(MAIN_DOCUMENT).is_some() {
        return Ok(MAIN_DOCUMENT.to_string());
    }
    // Word parts without their document: a damaged .docx. Anything else is some other zip.
    if zip.file_names().any(|n| n.starts_with("word/")) {
        Err(OfficeError::DocxMissingBody)
    } else {
        Err(OfficeError::NotDocx)
    }
}

/// The target of `source`'s first relationship whose type ends in `/kind` (`source` "" is the package).
fn relationship(
    zip: &mut Archive<'_>,
    source: &str,
    kind: &str,
    budget: &mut u64,
) -> Result<Option<String>, OfficeError> {
    let (dir, file) = source.rsplit_once('/').unwrap_or(("", source));
    let rels = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let suffix = format!("/{kind}");
    let found = with_part(zip, &rels, budget, |r| {
        let mut reader = Reader::from_reader(r);
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf)? {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                    let external = attr(&e, b"TargetMode").is_some_and(|m| m == "External");
                    if !external && attr(&e, b"Type").is_some_and(|t| t.ends_with(&suffix)) {
                        return Ok(attr(&e, b"Target"));
                    }
                }
                Event::Eof => return Ok(None),
                _ => {}
            }
            buf.clear();
        }
    });
    match found {
        Ok(target) => Ok(target.flatten().map(|t| resolve(dir, &t))),
        Err(OfficeError::DocxTooLarge) => Err(OfficeError::DocxTooLarge),
        // Unreadable relationships: fall back to the conventional part names.
        Err(_) => Ok(None),
    }
}

/// A relationship target relative to the source part's folder, as a zip entry name.
fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None if dir.is_empty() => target.to_string(),
        None => format!("{dir}/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Runs `parse` over a part streamed through the budget; `None` when the part does not exist.
fn with_part<T>(
    zip: &mut Archive<'_>,
    name: &str,
    budget: &mut u64,
    parse: impl FnOnce(&mut dyn BufRead) -> Result<T, quick_xml::Error>,
) -> Result<Option<T>, OfficeError> {
    let entry = match zip.by_name(name) {
        Ok(e) => e,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED)) => return Err(OfficeError::DocxEncrypted),
        Err(_) => return Err(OfficeError::DocxCorrupt),
    };
    let mut capped = Capped { inner: entry, left: budget, over: false };
    let result = parse(&mut BufReader::new(&mut capped));
    match result {
        Ok(v) => Ok(Some(v)),
        Err(_) if capped.over => Err(OfficeError::DocxTooLarge),
        Err(_) => Err(OfficeError::DocxCorrupt),
    }
}

/// A reader that fails once the shared decompression budget is spent, so a zip bomb stops early.
struct Capped<'b, R> {
    inner: R,
    left: &'b mut u64,
    over: bool,
}

impl<R: Read> Read for Capped<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > *self.left {
            self.over = true;
            return Err(io::Error::other("decompressed size limit"));
        }
        *self.left -= n as u64;
        Ok(n)
    }
}

/// An attribute's unescaped value, matched by local name (prefixes vary between producers).
/// OOXML parts are UTF-8; a value that is not is treated as absent.
pub(super) fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    let a = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == local)?;
    let raw = std::str::from_utf8(&a.value).ok()?;
    quick_xml::escape::unescape(raw).ok().map(|v| v.into_owned())
}

/// Elements whose whole subtree is skipped: the legacy copy of a drawing that the preferred
/// copy already holds (mc:Fallback), text that tracked changes moved away, and the formatting
/// before a tracked change (which can carry an old w:numPr).
const SKIPPED: [&[u8]; 4] = [b"Fallback", b"moveFrom", b"pPrChange", b"rPrChange"];

/// Walks document.xml and writes lines.
struct Body<'n> {
    numbering: &'n mut Numbering,
    out: String,
    /// Text of the current cell of the outermost table.
    cell: String,
    /// Finished cells of the current row of the outermost table.
    row: Vec<String>,
    tables: u32,
    runs: u32,
    in_text: bool,
    in_ppr: bool,
    skip: u32,
    num_id: Option<u32>,
    ilvl: u8,
}

impl<'n> Body<'n> {
    fn new(numbering: &'n mut Numbering) -> Self {
        Body {
            numbering,
            out: String::new(),
            cell: String::new(),
            row: Vec::new(),
            tables: 0,
            runs: 0,
            in_text: false,
            in_ppr: false,
            skip: 0,
            num_id: None,
            ilvl: 0,
        }
    }

    /// `Ok(Err(NotDocx))` when the part is well-formed XML but not a Word document body.
    fn run(mut self, r: &mut dyn BufRead) -> Result<Result<String, OfficeError>, quick_xml::Error> {
        let mut reader = Reader::from_reader(r);
        let mut buf = Vec::new();
        let mut seen_root = false;
        // quick-xml checks end tag names but not what is left open at the end: a cut-off part.
        let mut depth = 0usize;
        loop {
            let event = reader.read_event_into(&mut buf)?;
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            match &event {
                Event::Start(e) | Event::Empty(e) if !seen_root => {
                    if e.local_name().as_ref() != b"document" {
                        return Ok(Err(OfficeError::NotDocx));
                    }
                    seen_root = true;
                }
                Event::Start(e) => self.open(e, false),
                Event::Empty(e) => self.open(e, true),
                Event::End(e) => self.close(e.local_name().as_ref()),
                Event::Text(t) if self.in_text && self.skip == 0 => {
                    let s = t.unescape()?;
                    self.sink().push_str(&s);
                }
                Event::CData(t) if self.in_text && self.skip == 0 => {
                    let s = String::from_utf8_lossy(t);
                    self.sink().push_str(&s);
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        if !seen_root {
            return Ok(Err(OfficeError::DocxMissingBody));
        }
        if depth > 0 {
            return Ok(Err(OfficeError::DocxCorrupt));
        }
        let trimmed = self.out.trim_end_matches('\n').len();
        self.out.truncate(trimmed);
        Ok(Ok(self.out))
    }

    fn sink(&mut self) -> &mut String {
        if self.tables > 0 {
            &mut self.cell
        } else {
            &mut self.out
        }
    }

    fn line_break(&mut self) {
        let inline = self.tables > 0;
        self.sink().push(if inline { ' ' } else { '\n' });
    }

    fn open(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.local_name();
        let name = name.as_ref();
        if self.skip > 0 {
            self.skip += u32::from(!empty);
            return;
        }
        if SKIPPED.contains(&name) {
            self.skip = u32::from(!empty);
            return;
        }
        match name {
            b"p" if empty => self.end_paragraph(),
            b"p" => {
                self.num_id = None;
                self.ilvl = 0;
            }
            b"pPr" => self.in_ppr = !empty,
            b"numId" if self.in_ppr => self.num_id = attr(e, b"val").and_then(|v| v.parse().ok()),
            b"ilvl" if self.in_ppr => self.ilvl = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0),
            b"r" if !empty => self.runs += 1,
            b"t" => self.in_text = !empty,
            b"tab" | b"ptab" if self.runs > 0 => self.sink().push('\t'),
            b"br" | b"cr" if self.runs > 0 => self.line_break(),
            b"noBreakHyphen" if self.runs > 0 => self.sink().push('-'),
            b"tbl" if !empty => self.tables += 1,
            _ => {}
        }
    }

    fn close(&mut self, name: &[u8]) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            b"pPr" => {
                self.in_ppr = false;
                // pPr comes first in w:p, so the label lands before the paragraph's text.
                if let Some(label) = self.num_id.and_then(|id| self.numbering.label(id, self.ilvl)) {
                    self.sink().push_str(&label);
                }
            }
            b"p" => self.end_paragraph(),
            b"r" => self.runs = self.runs.saturating_sub(1),
            b"t" => self.in_text = false,
            b"tc" if self.tables == 1 => {
                let cell = std::mem::take(&mut self.cell);
                self.row.push(cell.trim().to_string());
            }
            b"tc" | b"tr" if self.tables > 1 => self.cell.push(' '),
            b"tr" if self.tables == 1 => {
                let row = std::mem::take(&mut self.row);
                self.out.push_str(&row.join("\t"));
                self.out.push('\n');
            }
            b"tbl" => {
                self.tables = self.tables.saturating_sub(1);
                if self.tables == 0 {
                    // A table without rows (or a cell left open) leaves nothing half-written.
                    self.cell.clear();
                    self.row.clear();
                }
            }
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        if self.tables > 0 {
            if !self.cell.is_empty() && !self.cell.ends_with(' ') {
                self.cell.push(' ');
            }
        } else {
            self.out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn the_decompression_cap_covers_every_part_read() {
        let cap = 64 * 1024;
        let open = b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>";
        // One document well-formed up to the cut, so only the cap can end it: a zip bomb.
        let mut bomb = open.to_vec();
        bomb.resize(cap as usize + 1, b'a');
        let bytes = zip_of(&[("word/document.xml", &bomb)]);
        assert!(bytes.len() < 4096, "deflated to {} bytes", bytes.len());
        assert!(matches!(read_package(&bytes, cap), Err(OfficeError::DocxTooLarge)));

        // The same text just under the cap is read.
        let mut fits = open.to_vec();
        fits.resize(cap as usize - 100, b'a');
        fits.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
        let bytes = zip_of(&[("word/document.xml", &fits)]);
        assert_eq!(read_package(&bytes, cap).unwrap().len(), cap as usize - 100 - open.len());

        // A numbering part that eats the budget leaves none for the document.
        let mut numbering = b"<w:numbering xmlns:w=\"w\">".to_vec();
        numbering.resize(cap as usize + 1, b' ');
        let rels = r#"<Relationships><Relationship Type="x/numbering" Target="numbering.xml"/></Relationships>"#;
        let bytes = zip_of(&[
            ("word/document.xml", &fits),
            ("word/_rels/document.xml.rels", rels.as_bytes()),
            ("word/numbering.xml", &numbering),
        ]);
        assert!(matches!(read_package(&bytes, cap), Err(OfficeError::DocxTooLarge)));
    }

    #[test]
    fn targets_resolve_against_the_source_folder() {
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("", "/word/document.xml"), "word/document.xml");
        assert_eq!(resolve("word", "numbering.xml"), "word/numbering.xml");
        assert_eq!(resolve("word", "../customXml/item1.xml"), "customXml/item1.xml");
        assert_eq!(resolve("word", "./numbering.xml"), "word/numbering.xml");
    }
}
