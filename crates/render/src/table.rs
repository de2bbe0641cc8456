//! A register as a PDF table (the 归档文件目录 and the like): landscape A4, title, header repeated on every page.
//! The same fonts and typst as the 公文 layout, with a template of its own (`table.typ`).

use std::sync::LazyLock;

use serde_json::json;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::world::Shared;
use crate::{RenderError, Renderer};

const TEMPLATE: &str = include_str!("table.typ");

fn file_id(path: &str) -> Option<FileId> {
    VirtualPath::new(path).ok().map(|vpath| RootedPath::new(VirtualRoot::Project, vpath).intern())
}

static MAIN: LazyLock<Option<FileId>> = LazyLock::new(|| file_id("/table.typ"));
static DATA: LazyLock<Option<FileId>> = LazyLock::new(|| file_id("/table.json"));

/// A table to print. Cells are printed as given; `widths` are relative column widths (one per header).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableDoc {
    pub title: String,
    pub subtitle: String,
    pub headers: Vec<String>,
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<String>>,
}

struct TableWorld<'a> {
    shared: &'a Shared,
    main: FileId,
    data_id: FileId,
    source: Source,
    data: Bytes,
}

impl World for TableWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index)
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

impl Renderer {
    /// Lays a table out and writes it as PDF; returns the bytes and the page count.
    pub fn table_pdf(&self, t: &TableDoc) -> Result<(Vec<u8>, u32), RenderError> {
        let n = t.headers.len();
        if n == 0 || t.widths.len() != n || t.rows.iter().any(|r| r.len() != n) {
            return Err(RenderError::Invalid("表格的列数不一致。".into()));
        }
        let (main, data_id) = ((*MAIN).ok_or_else(bad_path)?, (*DATA).ok_or_else(bad_path)?);
        let value = json!({
            "title": t.title, "subtitle": t.subtitle, "headers": t.headers,
            "widths": t.widths.iter().map(|w| w.max(0.1)).collect::<Vec<_>>(), "rows": t.rows,
        });
        let data = serde_json::to_vec(&value).map_err(|e| RenderError::Export(e.to_string()))?;
        let world = TableWorld {
            shared: self.shared(),
            main,
            data_id,
            source: Source::new(main, TEMPLATE.to_string()),
            data: Bytes::new(data),
        };
        let document = typst::compile::<PagedDocument>(&world).output.map_err(|d| {
            RenderError::Typeset(d.iter().map(|x| x.message.to_string()).collect::<Vec<_>>().join("；"))
        })?;
        let options = PdfOptions { creator: Smart::Custom(Some("中枢".into())), ..PdfOptions::default() };
        let bytes = typst_pdf::pdf(&document, &options)
            .map_err(|d| RenderError::Export(d.iter().map(|x| x.message.to_string()).collect::<Vec<_>>().join("；")))?;
        Ok((bytes, document.pages().len() as u32))
    }
}

fn bad_path() -> RenderError {
    RenderError::Typeset("模板路径无效".into())
}
