//! The typst `World` of one render: the fixed layout template as the main file, the document's data as
//! `/doc.json`, and the renderer's fonts. Nothing else exists in it (no packages, no files, no clock).
//!
//! The template never changes, so typst's memoised parsing, evaluation and layout of everything that does not
//! depend on the data carry over from one render to the next.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::fonts::Fonts;

/// The GB/T 9704 layout, in typst. It reads every document field from `/doc.json`.
const TEMPLATE: &str = include_str!("gbt9704.typ");

fn file_id(path: &str) -> Option<FileId> {
    VirtualPath::new(path).ok().map(|vpath| RootedPath::new(VirtualRoot::Project, vpath).intern())
}

static MAIN: LazyLock<Option<FileId>> = LazyLock::new(|| file_id("/gbt9704.typ"));
static DATA: LazyLock<Option<FileId>> = LazyLock::new(|| file_id("/doc.json"));

/// What all renders share: built once per `Renderer`.
pub(crate) struct Shared {
    pub(crate) library: LazyHash<Library>,
    pub(crate) book: LazyHash<FontBook>,
    pub(crate) fonts: Fonts,
    main: FileId,
    data: FileId,
    template: Source,
}

impl Shared {
    pub(crate) fn new(fonts: Fonts) -> Option<Shared> {
        let (main, data) = ((*MAIN)?, (*DATA)?);
        Some(Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(fonts.book.clone()),
            fonts,
            main,
            data,
            template: Source::new(main, TEMPLATE.to_string()),
        })
    }

    pub(crate) fn template_text(&self) -> &str {
        self.template.text()
    }

    pub(crate) fn fonts(&self) -> &Fonts {
        &self.fonts
    }
}

/// One render: the shared parts plus this document's data.
pub(crate) struct DocWorld<'a> {
    pub(crate) shared: &'a Shared,
    pub(crate) data: Bytes,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.shared.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.shared.main {
            Ok(self.shared.template.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.shared.data {
            Ok(self.data.clone())
        } else if id == self.shared.main {
            Ok(Bytes::from_string(self.shared.template.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // The layout never prints "today": dates come formatted in the document.
        None
    }
}
