//! PDF through typst: the fixed template, the document's data, the renderer's fonts.

use std::sync::atomic::{AtomicU32, Ordering};

use typst::foundations::{Bytes, Dict, Label, Selector, Smart, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst::WorldExt;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::fonts::Fonts;
use crate::model::{Doc, PageFacts, Rendered};
use crate::world::{DocWorld, Shared};
use crate::{data, RenderError};

/// Results unused for this many renders leave typst's memo cache; keeps memory bounded in a long-running server
/// while the template, fonts and shaping of unchanged text stay warm.
const CACHE_MAX_AGE: usize = 10;

/// Renders documents to PDF. Loads its fonts once; `Send + Sync`, share it behind an `Arc`.
pub struct Renderer {
    shared: Shared,
    renders: AtomicU32,
}

impl Renderer {
    /// Loads the fonts from the standard Debian font directories (and `ZHONGSHU_FONT_DIR` if set).
    pub fn new() -> Result<Renderer, RenderError> {
        let fonts = Fonts::load()?;
        let shared = Shared::new(fonts).ok_or_else(|| RenderError::Typeset("模板路径无效".into()))?;
        Ok(Renderer { shared, renders: AtomicU32::new(0) })
    }

    /// Lays `doc` out in GB/T 9704 and writes it as PDF.
    pub fn pdf(&self, doc: &Doc) -> Result<Rendered, RenderError> {
        let document = self.layout(doc)?;
        let options = PdfOptions { creator: Smart::Custom(Some("中枢".into())), ..PdfOptions::default() };
        let bytes = typst_pdf::pdf(&document, &options).map_err(|diags| RenderError::Export(messages(&diags)))?;
        let page_facts = page_facts(&document);
        Ok(Rendered { bytes, pages: document.pages().len() as u32, page_facts })
    }

    pub(crate) fn shared(&self) -> &Shared {
        &self.shared
    }

    /// The characters of `text` that none of the loaded fonts has, which would print as empty boxes.
    pub fn uncovered(&self, text: &str) -> Vec<char> {
        self.shared.fonts().uncovered(text)
    }

    fn layout(&self, doc: &Doc) -> Result<PagedDocument, RenderError> {
        let world = DocWorld { shared: &self.shared, data: Bytes::new(data::to_json(doc)?) };
        let result = typst::compile::<PagedDocument>(&world).output;
        // Typst's memo cache is process-wide; age it once per render so it cannot grow without bound.
        if self.renders.fetch_add(1, Ordering::Relaxed) % 4 == 3 {
            typst::comemo::evict(CACHE_MAX_AGE);
        }
        result.map_err(|diags| RenderError::Typeset(located(&world, &diags)))
    }
}

fn messages(diags: &[typst::diag::SourceDiagnostic]) -> String {
    diags.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("；")
}

/// Diagnostics with the template line they come from: they point at a bug in the template.
fn located(world: &DocWorld, diags: &[typst::diag::SourceDiagnostic]) -> String {
    let template = world.shared.template_text();
    diags
        .iter()
        .map(|d| match world.range(d.span) {
            Some(range) => {
                let line = template.get(..range.start).map_or(0, |before| before.lines().count());
                format!("gbt9704.typ 第 {line} 行：{}", d.message)
            }
            None => d.message.to_string(),
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// The `<zs-page>` records the template's page foreground leaves on every page.
fn page_facts(document: &PagedDocument) -> Vec<PageFacts> {
    let Some(label) = Label::new(PicoStr::intern("zs-page")) else { return Vec::new() };
    let mut facts: Vec<PageFacts> = document
        .introspector()
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|c| c.to_packed::<MetadataElem>())
        .filter_map(|m| match &m.value {
            Value::Dict(dict) => fact(dict),
            _ => None,
        })
        .collect();
    facts.sort_by_key(|f| f.page);
    facts.dedup_by_key(|f| f.page);
    facts
}

fn fact(dict: &Dict) -> Option<PageFacts> {
    let get = |key: &str| dict.get(key).ok().cloned();
    let flag = |key: &str| matches!(get(key), Some(Value::Bool(true)));
    let page = match get("page")? {
        Value::Int(n) => u32::try_from(n).ok()?,
        _ => return None,
    };
    let number = match get("number") {
        Some(Value::Str(s)) => Some(s.to_string()),
        _ => None,
    };
    Some(PageFacts { page, number, number_right: flag("right"), has_text: flag("text"), colophon: flag("colophon") })
}
