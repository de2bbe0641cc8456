//! `clean`: a web copy made fit to work on. Removes residue lines and spans, page numbers (joining the sentence a
//! page number cut in two) and the page header's copy of the title; drops trailing spaces and runs of blank lines.
//! Uses the same residue data and line rules as the checker ([`crate::residue`]).

use crate::dict::Dictionary;
use crate::residue::{self, What};
use crate::{line_spans, Proofreader};
use std::sync::OnceLock;

/// The cleaned text and what was taken out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    /// In line order.
    pub removed: Vec<Removed>,
}

/// One removal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// 1-based line number in the input.
    pub line: usize,
    /// The text removed (a whole line, trimmed, or a span of it).
    pub text: String,
    /// Why, in Chinese.
    pub reason: String,
}

/// Cleans a web copy with the shipped residue data. See [`Proofreader::clean`] for an organisation's own data.
pub fn clean(text: &str) -> Cleaned {
    static BUILTIN: OnceLock<Proofreader> = OnceLock::new();
    with(&BUILTIN.get_or_init(Proofreader::builtin).dict, text)
}

pub(crate) fn with(dict: &Dictionary, text: &str) -> Cleaned {
    let mut scratch = Vec::new();
    let hits = dict.scan(text, &mut scratch);
    let lines = residue::classify(text, &hits.residue, dict);
    let spans: Vec<(usize, usize)> = line_spans(text).collect();

    // Per input line: None when dropped, else its text with spans cut out.
    let mut kept: Vec<Option<String>> = spans.iter().map(|&(s, e)| Some(text[s..e].to_string())).collect();
    let mut cuts: Vec<Vec<(usize, usize)>> = vec![Vec::new(); spans.len()];
    let mut joins: Vec<usize> = Vec::new();
    let mut removed = Vec::new();
    for v in &lines.verdicts {
        removed.push(Removed {
            line: v.line + 1,
            text: text[v.start..v.end].to_string(),
            reason: reason(&v.what, &v.reason),
        });
        match v.what {
            What::Line | What::DuplicateTitle | What::PageNumber { join: false } => kept[v.line] = None,
            What::PageNumber { join: true } => {
                kept[v.line] = None;
                joins.push(v.line);
            }
            What::Span | What::InlinePageNumber => cuts[v.line].push((v.start, v.end)),
        }
    }
    for (n, c) in cuts.iter_mut().enumerate() {
        if c.is_empty() || kept[n].is_none() {
            continue;
        }
        c.sort_unstable();
        let (s, e) = spans[n];
        let mut line = String::with_capacity(e - s);
        let mut at = s;
        for &(cs, ce) in c.iter() {
            if cs >= at {
                line.push_str(&text[at..cs]);
                at = ce;
            }
        }
        line.push_str(&text[at..e]);
        kept[n] = Some(line);
    }
    // A page number that cut a sentence: the line before it takes the next content line.
    for &j in &joins {
        let Some(p) = (0..j).rev().find(|&i| kept[i].as_deref().is_some_and(|l| !l.trim().is_empty())) else {
            continue;
        };
        let Some(q) = (j + 1..kept.len()).find(|&i| kept[i].as_deref().is_some_and(|l| !l.trim().is_empty())) else {
            continue;
        };
        let next = kept[q].take().unwrap_or_default();
        for blank in kept.iter_mut().take(q).skip(p + 1) {
            *blank = None;
        }
        if let Some(prev) = kept[p].as_mut() {
            let t = prev.trim_end().len();
            prev.truncate(t);
            prev.push_str(next.trim_start());
        }
    }

    let mut out = String::with_capacity(text.len());
    let mut blank_run = true; // no blank lines at the start
    for line in kept.into_iter().flatten() {
        let line = line.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if line.is_empty() {
            if !blank_run {
                out.push('\n');
            }
            blank_run = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
        blank_run = false;
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !text.ends_with('\n') && out.ends_with('\n') {
        out.pop();
    }
    removed.sort_by_key(|r| r.line);
    Cleaned { text: out, removed }
}

fn reason(what: &What, detail: &str) -> String {
    match what {
        What::Line => format!("网页残留（{detail}）"),
        What::Span => format!("网页残留：{detail}"),
        What::PageNumber { join: true } | What::InlinePageNumber => format!("{detail}，已删除并接续上下文"),
        What::PageNumber { join: false } => detail.to_string(),
        What::DuplicateTitle => detail.to_string(),
    }
}
