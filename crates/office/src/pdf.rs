//! PDF in: whether a file opens as a PDF, how many pages it has and its first page's text (四性检测), and its
//! whole text (检索), read with hayro, the PDF interpreter typst already brings. Text is taken from the glyphs'
//! Unicode mappings in drawing order, a new line where the baseline moves; a scanned PDF has none and says so.

use crate::OfficeError;
use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_cmap::{BfString, CMap};
use hayro_interpret::hayro_syntax::content::ops::TypedInstruction;
use hayro_interpret::hayro_syntax::content::TypedIter;
use hayro_interpret::hayro_syntax::object::{Dict, Name, Object, Stream, String as PdfString};
use hayro_interpret::hayro_syntax::page::Resources;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::{
    interpret_page, BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache, InterpreterSettings,
    Paint, PathDrawMode, SoftMask, TransformExt,
};
use kurbo::{Affine, BezPath, Rect};
use std::collections::HashMap;
use std::rc::Rc;

/// Most characters read from one PDF (the search index keeps less anyway).
const MAX_CHARS: usize = 500_000;

fn open(bytes: &[u8]) -> Result<Pdf, OfficeError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(OfficeError::NotPdf);
    }
    load(bytes.to_vec())
}

/// Open a PDF only to read its text. Colour does not matter to text, and building the colour transform of an
/// embedded ICC profile (typst embeds sRGB in every PDF) costs three times the reading itself: the copy read
/// here has `/ICCBased` renamed, same length so every offset still holds, and its colours fall back to the
/// device spaces. The stored file is never touched.
fn open_for_text(bytes: &[u8]) -> Result<Pdf, OfficeError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(OfficeError::NotPdf);
    }
    let mut copy = bytes.to_vec();
    const ICC: &[u8] = b"/ICCBased";
    let mut i = 0;
    while let Some(at) = copy[i..].iter().position(|&b| b == b'/') {
        let start = i + at;
        if copy[start..].starts_with(ICC) {
            copy[start + ICC.len() - 1] = b'_';
        }
        i = start + 1;
    }
    load(copy)
}

fn load(bytes: Vec<u8>) -> Result<Pdf, OfficeError> {
    Pdf::new(bytes).map_err(|e| match e {
        hayro_interpret::hayro_syntax::LoadPdfError::Decryption(_) => OfficeError::PdfEncrypted,
        _ => OfficeError::NotPdf,
    })
}

/// The number of pages of a PDF that opens; an error saying why it does not.
pub fn pdf_pages(bytes: &[u8]) -> Result<usize, OfficeError> {
    let pdf = open(bytes)?;
    match pdf.pages().len() {
        0 => Err(OfficeError::NotPdf),
        n => Ok(n),
    }
}

/// Read one page's text into `out`.
fn read_page<'a>(
    page: &'a hayro_interpret::hayro_syntax::page::Page<'a>,
    cache: &'a InterpreterCache<'a>,
    out: &mut TextDevice,
) {
    let (w, h) = page.render_dimensions();
    let mut ctx = Context::new(
        page.initial_transform(true).to_kurbo(),
        Rect::new(0.0, 0.0, f64::from(w), f64::from(h)),
        cache,
        page.xref(),
        InterpreterSettings::default(),
    );
    interpret_page(page, &mut ctx, out);
    out.end_page();
}

/// The text of a PDF, page after page.
pub fn pdf_text(bytes: &[u8]) -> Result<String, OfficeError> {
    let pdf = open_for_text(bytes)?;
    let cache = InterpreterCache::new();
    let mut out = TextDevice::default();
    for page in pdf.pages().iter() {
        read_page(page, &cache, &mut out);
        if out.text.chars().count() >= MAX_CHARS {
            break;
        }
    }
    let text = out.text.trim().to_string();
    if text.is_empty() {
        return Err(OfficeError::PdfNoText);
    }
    Ok(text)
}

/// What 四性检测 reads of a PDF in one pass: its page count and the text of its first page (empty when the
/// page has none, as a scan). An error says why it does not open.
pub fn pdf_first_page(bytes: &[u8]) -> Result<(usize, String), OfficeError> {
    let pdf = open(bytes)?;
    let pages = pdf.pages();
    let Some(first) = pages.first() else { return Err(OfficeError::NotPdf) };
    let mut text = String::new();
    if let Some(content) = first.page_stream() {
        shown_text(content, first.resources(), 0, &mut text);
    }
    Ok((pages.len(), text.trim().to_string()))
}

/// How a font's character codes read as text: its `ToUnicode` map, and whether codes are two bytes (a
/// Type0 font) or one.
struct CodeMap {
    unicode: Option<CMap>,
    two_bytes: bool,
}

impl CodeMap {
    fn of(font: &Dict<'_>) -> CodeMap {
        let two_bytes = font.get::<Name<'_>>(b"Subtype").is_some_and(|s| &*s == b"Type0");
        let unicode =
            font.get::<Stream<'_>>(b"ToUnicode").and_then(|s| s.decoded().ok()).and_then(|d| CMap::parse(&d, |_| None));
        CodeMap { unicode, two_bytes }
    }

    fn push(&self, shown: &[u8], out: &mut String) {
        for code in shown.chunks(if self.two_bytes { 2 } else { 1 }) {
            let code = code.iter().fold(0u32, |a, b| a << 8 | u32::from(*b));
            match self.unicode.as_ref().and_then(|m| m.lookup_bf_string(code)) {
                Some(BfString::Char(c)) => out.push(c),
                Some(BfString::String(s)) => out.push_str(&s),
                // A simple font without a map: its codes are near enough Latin-1 for comparing text.
                None if !self.two_bytes => out.extend(char::from_u32(code)),
                None => {}
            }
        }
    }
}

/// The text a content stream shows, read from its text operators and each font's `ToUnicode` map alone, and
/// from the forms it draws (a few levels deep). Drawing the page would load every font program: in an
/// archival PDF the embedded CJK font is most of the file, and inflating and parsing it was most of
/// 四性检测's time, for text that needs none of it.
fn shown_text(content: &[u8], resources: &Resources<'_>, depth: u8, out: &mut String) {
    let mut fonts: HashMap<Vec<u8>, Option<Rc<CodeMap>>> = HashMap::new();
    let mut font: Option<Rc<CodeMap>> = None;
    let mut ops = TypedIter::new(content);
    let show = |font: &Option<Rc<CodeMap>>, s: &PdfString<'_>, out: &mut String| {
        if let Some(f) = font {
            f.push(s.as_bytes(), out);
        }
    };
    while let Some(op) = ops.next() {
        match op {
            TypedInstruction::TextFont(tf) => {
                font = fonts
                    .entry(tf.0.to_vec())
                    .or_insert_with(|| resources.get_font(tf.0).map(|d| Rc::new(CodeMap::of(&d))))
                    .clone();
            }
            TypedInstruction::BeginText(_) => out.push('\n'),
            TypedInstruction::ShowText(t) => show(&font, t.0, out),
            TypedInstruction::NextLineAndShowText(t) => {
                out.push('\n');
                show(&font, t.0, out);
            }
            TypedInstruction::ShowTextWithParameters(t) => {
                out.push('\n');
                show(&font, t.2, out);
            }
            TypedInstruction::ShowTexts(a) => {
                for item in a.0.iter::<Object<'_>>() {
                    if let Object::String(s) = item {
                        show(&font, &s, out);
                    }
                }
            }
            TypedInstruction::XObject(x) if depth < 4 => {
                let Some(form) = resources.get_x_object(x.0) else { continue };
                if form.dict().get::<Name<'_>>(b"Subtype").is_some_and(|s| &*s == b"Form") {
                    if let Ok(data) = form.decoded() {
                        let own = form.dict().get::<Dict<'_>>(b"Resources").unwrap_or_default();
                        shown_text(&data, &Resources::from_parent(own, resources.clone()), depth + 1, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Collects the Unicode of every glyph drawn.
#[derive(Default)]
struct TextDevice {
    text: String,
    /// Origin of the last glyph, in page coordinates, and the advance from the glyph before it.
    last: Option<(f64, f64)>,
    advance: f64,
}

impl TextDevice {
    fn end_page(&mut self) {
        if !self.text.ends_with('\n') && !self.text.is_empty() {
            self.text.push('\n');
        }
        self.last = None;
    }
}

impl<'a> Device<'a> for TextDevice {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn draw_path(&mut self, _: &BezPath, _: Affine, _: &Paint<'a>, _: &PathDrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph(
        &mut self,
        glyph: &Glyph<'a>,
        transform: Affine,
        glyph_transform: Affine,
        _: &Paint<'a>,
        _: &GlyphDrawMode,
    ) {
        let Some(s) = glyph.as_unicode() else { return };
        let origin = (transform * glyph_transform) * kurbo::Point::ORIGIN;
        if let Some((x, y)) = self.last {
            let dx = origin.x - x;
            // A baseline that moves by more than a few points starts a new line; on the same line, a gap well
            // beyond the usual advance is a word break (CJK text has none: its glyphs follow each other).
            if (origin.y - y).abs() > 3.0 || dx < -1.0 {
                self.text.push('\n');
                self.advance = 0.0;
            } else {
                if self.advance > 0.0 && dx > self.advance * 1.8 {
                    self.text.push(' ');
                }
                self.advance = dx;
            }
        }
        match s {
            hayro_interpret::hayro_cmap::BfString::Char(c) => self.text.push(c),
            hayro_interpret::hayro_cmap::BfString::String(t) => self.text.push_str(&t),
        }
        self.last = Some((origin.x, origin.y));
    }
    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {}
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}
