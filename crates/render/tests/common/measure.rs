//! Measuring a PDF with poppler's `pdftotext -bbox-layout` (poppler-utils, installed by scripts/setup).
//!
//! poppler's box of a word spans the font's ascent to its descent. For Fandol 仿宋/黑体/楷体 and Noto CJK these
//! are 0.88 em and −0.12 em, which is exactly the ideographic em box the layout puts on the line grid: the box
//! of a 16 pt body line is the 16 pt em box, its top on the grid line. (FandolSong Regular, used only for page
//! numbers, declares 0.8/−0.2; the page-number check allows for that.)
#![allow(dead_code)]

use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use quick_xml::events::Event;

pub const PT: f64 = 25.4 / 72.0; // mm per point
pub const PITCH: f64 = 225.0 / 22.0; // mm
pub const CELL: f64 = 156.0 / 28.0; // mm

#[derive(Debug, Clone, Default)]
pub struct Line {
    /// mm from the page's left and top edges.
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

impl Line {
    pub fn centre_y(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }

    /// Width in grid cells: a CJK character or full-width mark is one, ASCII half.
    pub fn cells(&self) -> f64 {
        self.text.chars().filter(|c| !c.is_whitespace()).map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
    }

    pub fn compact(&self) -> String {
        self.text.chars().filter(|c| !c.is_whitespace()).collect()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub lines: Vec<Line>,
}

impl Page {
    pub fn text(&self) -> String {
        self.lines.iter().map(|l| l.compact()).collect::<Vec<_>>().join("\n")
    }

    pub fn find(&self, needle: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.compact().contains(needle))
    }

    /// Everything printed on the same baseline as `line` (poppler splits a row at wide gaps), left to right,
    /// as one line spanning them all.
    pub fn row(&self, line: &Line) -> Line {
        let mut parts: Vec<&Line> = self.lines.iter().filter(|l| (l.y0 - line.y0).abs() < 0.5).collect();
        parts.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        Line {
            x0: parts.iter().map(|l| l.x0).fold(f64::MAX, f64::min),
            x1: parts.iter().map(|l| l.x1).fold(f64::MIN, f64::max),
            y0: line.y0,
            y1: line.y1,
            text: parts.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" "),
        }
    }

    /// The row holding `needle`.
    pub fn find_row(&self, needle: &str) -> Option<Line> {
        self.lines.iter().map(|l| self.row(l)).find(|r| r.compact().contains(needle))
    }
}

static SEQ: AtomicU32 = AtomicU32::new(0);

/// The pages of `pdf` with every text line's box, in mm.
pub fn pages(pdf: &[u8]) -> Vec<Page> {
    let path = std::env::temp_dir().join(format!(
        "zs-render-{}-{}.pdf",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, pdf).expect("write temp pdf");
    let out = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is missing: run bash scripts/setup (poppler-utils)");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    parse(&String::from_utf8_lossy(&out.stdout))
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> f64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name.as_bytes())
        .and_then(|a| String::from_utf8_lossy(&a.value).parse::<f64>().ok())
        .unwrap_or(f64::NAN)
}

fn parse(xml: &str) -> Vec<Page> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut pages = Vec::new();
    let mut in_word = false;
    loop {
        match reader.read_event().expect("pdftotext output is XML") {
            Event::Start(e) => match e.name().as_ref() {
                b"page" => pages.push(Page {
                    width: attr(&e, "width") * PT,
                    height: attr(&e, "height") * PT,
                    lines: Vec::new(),
                }),
                b"line" => {
                    let line = Line {
                        x0: attr(&e, "xMin") * PT,
                        y0: attr(&e, "yMin") * PT,
                        x1: attr(&e, "xMax") * PT,
                        y1: attr(&e, "yMax") * PT,
                        text: String::new(),
                    };
                    pages.last_mut().expect("line inside a page").lines.push(line);
                }
                b"word" => in_word = true,
                _ => {}
            },
            Event::Text(t) if in_word => {
                let text = t.unescape().expect("text").to_string();
                let line = pages.last_mut().and_then(|p| p.lines.last_mut()).expect("word inside a line");
                if !line.text.is_empty() {
                    line.text.push(' ');
                }
                line.text.push_str(&text);
            }
            Event::End(e) if e.name().as_ref() == b"word" => in_word = false,
            Event::Eof => break,
            _ => {}
        }
    }
    pages
}

pub fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() <= tolerance
}
