//! Finding and loading the free fonts that stand in for the standard's 仿宋, 宋体, 黑体, 楷体 and 小标宋.
//!
//! The Fandol fonts (from Debian's texlive-lang-chinese; `scripts/setup` extracts just them) carry the text;
//! Noto CJK SC (fonts-noto-cjk) covers the characters Fandol lacks (it has GB 2312 and little beyond). Only
//! these files are read, so a machine's other fonts never change a layout.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};

use crate::RenderError;

/// Directories searched, after `ZHONGSHU_FONT_DIR`. The first holds what `scripts/setup` extracts.
const FONT_DIRS: &[&str] = &[
    "/usr/local/share/fonts/zhongshu",
    "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts",
    "/usr/local/share/fonts",
];

/// A font the layout cannot do without.
struct Required {
    file: &'static str,
    family: &'static str,
    package: &'static str,
}

const REQUIRED: &[Required] = &[
    Required { file: "FandolFang-Regular.otf", family: "FandolFang（仿宋）", package: "texlive-lang-chinese" },
    Required { file: "FandolSong-Regular.otf", family: "FandolSong（宋体）", package: "texlive-lang-chinese" },
    Required { file: "FandolSong-Bold.otf", family: "FandolSong Bold（小标宋）", package: "texlive-lang-chinese" },
    Required { file: "FandolHei-Regular.otf", family: "FandolHei（黑体）", package: "texlive-lang-chinese" },
    Required { file: "FandolKai-Regular.otf", family: "FandolKai（楷体）", package: "texlive-lang-chinese" },
];

/// Fallbacks for glyphs Fandol lacks; used when present. Only their SC faces are kept.
const FALLBACK: &[&str] = &[
    "FandolHei-Bold.otf",
    "NotoSerifCJK-Regular.ttc",
    "NotoSerifCJK-Bold.ttc",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJK-Bold.ttc",
];

/// Families kept from the fallback files (the collections also hold JP, KR, TC and HK faces).
const FALLBACK_FAMILIES: &[&str] = &["FandolHei", "Noto Serif CJK SC", "Noto Sans CJK SC"];

/// One face: loaded at start for the Fandol files, on first use for the large Noto collections.
struct Slot {
    path: PathBuf,
    index: u32,
    font: OnceLock<Option<Font>>,
}

/// The fonts of one `Renderer`, loaded once.
pub(crate) struct Fonts {
    pub(crate) book: FontBook,
    slots: Vec<Slot>,
}

impl Fonts {
    pub(crate) fn load() -> Result<Fonts, RenderError> {
        let dirs = search_dirs();
        let mut book = FontBook::new();
        let mut slots = Vec::new();
        for req in REQUIRED {
            let path = find(&dirs, req.file).ok_or(RenderError::MissingFont {
                family: req.family,
                file: req.file,
                package: req.package,
            })?;
            for font in read_fonts(&path)? {
                book.push(font.info().clone());
                slots.push(Slot { path: path.clone(), index: font.index(), font: OnceLock::from(Some(font)) });
            }
        }
        for file in FALLBACK {
            let Some(path) = find(&dirs, file) else { continue };
            for font in read_fonts(&path)? {
                if FALLBACK_FAMILIES.contains(&font.info().family.as_str()) {
                    book.push(font.info().clone());
                    // Dropped now, read again if a glyph ever needs it: keeps ~90 MB of collections out of memory.
                    slots.push(Slot { path: path.clone(), index: font.index(), font: OnceLock::new() });
                }
            }
        }
        Ok(Fonts { book, slots })
    }

    pub(crate) fn get(&self, index: usize) -> Option<Font> {
        let slot = self.slots.get(index)?;
        slot.font
            .get_or_init(|| {
                let data = std::fs::read(&slot.path).ok()?;
                Font::new(Bytes::new(data), slot.index)
            })
            .clone()
    }

    /// The characters of `text` that no loaded font has (each once, in order of appearance).
    pub(crate) fn uncovered(&self, text: &str) -> Vec<char> {
        let infos: Vec<&FontInfo> = (0..self.slots.len()).filter_map(|i| self.book.info(i)).collect();
        let mut seen = HashSet::new();
        text.chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .filter(|c| !infos.iter().any(|info| info.coverage.contains(*c as u32)))
            .filter(|c| seen.insert(*c))
            .collect()
    }
}

fn search_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("ZHONGSHU_FONT_DIR").map(PathBuf::from).into_iter().collect();
    dirs.extend(FONT_DIRS.iter().map(PathBuf::from));
    dirs
}

/// The first file named `name` in `dirs`, looking two levels deep (Debian's font tree is
/// `/usr/share/fonts/<format>/<package>/`).
fn find(dirs: &[PathBuf], name: &str) -> Option<PathBuf> {
    dirs.iter().find_map(|dir| find_in(dir, name, 2))
}

fn find_in(dir: &Path, name: &str, depth: u32) -> Option<PathBuf> {
    let direct = dir.join(name);
    if direct.is_file() {
        return Some(direct);
    }
    if depth == 0 {
        return None;
    }
    let mut subdirs: Vec<PathBuf> =
        std::fs::read_dir(dir).ok()?.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    subdirs.sort();
    subdirs.iter().find_map(|sub| find_in(sub, name, depth - 1))
}

fn read_fonts(path: &Path) -> Result<Vec<Font>, RenderError> {
    let data =
        std::fs::read(path).map_err(|e| RenderError::BadFont { path: path.to_path_buf(), reason: e.to_string() })?;
    let fonts: Vec<Font> = Font::iter(Bytes::new(data)).collect();
    if fonts.is_empty() {
        return Err(RenderError::BadFont {
            path: path.to_path_buf(), reason: "不是可用的 OpenType 字体".into()
        });
    }
    Ok(fonts)
}
