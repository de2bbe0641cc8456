//! 校对: a fast, data-driven proofreader for Chinese official documents and speeches.
//!
//! [`Proofreader::check`] returns [`Finding`]s sorted by position; [`Proofreader::check_document`] adds the 公文
//! rules that need to know the 文种 and the attachments ([`DocContext`]); [`clean`] strips what web copies bring
//! along. Dictionaries (规范提法, 错别字, 禁用词, 固定表述, 网页残留, an organisation's leaders and place names) are
//! data, compiled once into one Aho-Corasick automaton and matched in one pass; placeholders, punctuation and
//! numbers are found in one pass over the characters; heading structure, residue lines and 公文 elements in one
//! pass over the lines. No regular expressions.

mod clean;
mod congress;
mod data;
mod dict;
mod docnum;
mod document;
mod numbers;
mod org;
mod punct;
mod residue;
mod scan;
mod sets;
mod structure;

use serde::Serialize;

pub use clean::{clean, Cleaned, Removed};
pub use data::{DataError, DataErrors, DataKind};
pub use document::{DocContext, DocType};

/// The kind of problem a finding reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Class {
    #[serde(rename = "规范提法")]
    Formulation,
    #[serde(rename = "固定表述")]
    FixedSet,
    #[serde(rename = "错别字")]
    Typo,
    #[serde(rename = "标点")]
    Punctuation,
    #[serde(rename = "数字用法")]
    Number,
    #[serde(rename = "层次结构")]
    Structure,
    #[serde(rename = "占位符未替换")]
    Placeholder,
    #[serde(rename = "文号格式")]
    DocNumber,
    #[serde(rename = "公文要素")]
    DocElement,
    #[serde(rename = "网页残留")]
    WebResidue,
    #[serde(rename = "禁用词")]
    Prohibited,
    #[serde(rename = "领导排序")]
    Leader,
}

impl Class {
    /// Every class, in the order reports list them.
    pub const ALL: [Class; 12] = [
        Class::Formulation,
        Class::FixedSet,
        Class::Typo,
        Class::Punctuation,
        Class::Number,
        Class::Structure,
        Class::Placeholder,
        Class::DocNumber,
        Class::DocElement,
        Class::WebResidue,
        Class::Prohibited,
        Class::Leader,
    ];

    /// The Chinese label shown to people (also the JSON name).
    pub fn label(self) -> &'static str {
        match self {
            Class::Formulation => "规范提法",
            Class::FixedSet => "固定表述",
            Class::Typo => "错别字",
            Class::Punctuation => "标点",
            Class::Number => "数字用法",
            Class::Structure => "层次结构",
            Class::Placeholder => "占位符未替换",
            Class::DocNumber => "文号格式",
            Class::DocElement => "公文要素",
            Class::WebResidue => "网页残留",
            Class::Prohibited => "禁用词",
            Class::Leader => "领导排序",
        }
    }

    /// The class with this label, for label files and query parameters.
    pub fn from_label(label: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.label() == label)
    }
}

/// How serious a finding is; any `Error` makes `zhongshu proof` exit with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// The Chinese label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// One problem found in a text. Byte offsets index the `&str` that was checked; character offsets count Unicode
/// scalar values from its start; `line` and `column` are 1-based (column in characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub class: Class,
    pub severity: Severity,
    #[serde(skip_serializing)]
    pub start_byte: usize,
    #[serde(skip_serializing)]
    pub end_byte: usize,
    pub start_char: usize,
    pub end_char: usize,
    pub line: usize,
    pub column: usize,
    /// The flagged text, `&text[start_byte..end_byte]`.
    pub text: String,
    /// A Chinese sentence saying what is wrong.
    pub message: String,
    /// Replacements for the flagged text, best first; empty when the text should be deleted or rewritten by hand.
    pub suggestions: Vec<String>,
}

/// A finding before its character offsets and line are known.
#[derive(Debug)]
pub(crate) struct Raw {
    pub start: usize,
    pub end: usize,
    pub rule: &'static str,
    pub class: Class,
    pub severity: Severity,
    pub message: String,
    pub suggestions: Vec<String>,
}

impl Raw {
    pub(crate) fn new(start: usize, end: usize, rule: &'static str, class: Class, severity: Severity) -> Raw {
        Raw { start, end, rule, class, severity, message: String::new(), suggestions: Vec::new() }
    }

    pub(crate) fn msg(mut self, message: impl Into<String>) -> Raw {
        self.message = message.into();
        self
    }

    pub(crate) fn suggest(mut self, s: impl Into<String>) -> Raw {
        self.suggestions.push(s.into());
        self
    }
}

/// The checker: built once, then used for any number of texts (it is `Send + Sync`).
pub struct Proofreader {
    dict: dict::Dictionary,
}

/// Builds a [`Proofreader`] from the shipped data plus an organisation's own texts (see [`DataKind`] for the
/// formats). Each `extra` is parsed at once, so a page can show every bad line with its number.
pub struct ProofreaderBuilder {
    dict: dict::Builder,
}

impl ProofreaderBuilder {
    /// Adds an organisation's data of one kind; every bad line is reported, with its line number.
    pub fn extra(mut self, kind: DataKind, text: &str) -> Result<Self, DataErrors> {
        let errors = self.dict.add(kind, text, kind.label(), false);
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(DataErrors(errors))
        }
    }

    /// Compiles the dictionaries.
    pub fn build(self) -> Result<Proofreader, DataErrors> {
        Ok(Proofreader { dict: self.dict.finish().map_err(|e| DataErrors(vec![e]))? })
    }
}

impl Proofreader {
    /// A builder holding the shipped rule set.
    pub fn builder() -> ProofreaderBuilder {
        let mut dict = dict::Builder::default();
        let errors = data::builtin(&mut dict);
        // The shipped files are checked by a test; a bad line there is a bug in this crate.
        debug_assert!(errors.is_empty(), "{errors:?}");
        ProofreaderBuilder { dict }
    }

    /// The rule set shipped in `data/`.
    pub fn builtin() -> Self {
        match Self::builder().build() {
            Ok(p) => p,
            Err(e) => unreachable!("the shipped data files are valid (tested): {e}"),
        }
    }

    /// The shipped rules plus an organisation's own 提法 in the `formulations.txt` format
    /// (`错误提法|规范提法|出处|自何时起`). Kept for existing callers; [`Proofreader::builder`] takes every kind.
    pub fn with_extra(formulations: &str) -> Result<Self, DataError> {
        let first = |e: DataErrors| e.0.into_iter().next().unwrap_or_else(|| DataError::new("附加提法", 0, "数据无效"));
        Self::builder().extra(DataKind::Formulations, formulations).map_err(first)?.build().map_err(first)
    }

    /// How many entries the dictionary holds (all kinds, including 放行 entries).
    pub fn dictionary_len(&self) -> usize {
        self.dict.len()
    }

    /// How many entries of each kind the dictionary holds, by Chinese name (规范提法, 错别字, 禁用词和慎用词, 放行,
    /// 网页残留, 固定表述), an organisation's own included.
    pub fn data_counts(&self) -> [(&'static str, usize); 6] {
        self.dict.counts()
    }

    /// The dictionary patterns, for a baseline measurement of the matching alone.
    pub fn patterns(&self) -> &[String] {
        self.dict.patterns()
    }

    /// Every finding in `text`, sorted by position (start, then end, then rule).
    pub fn check(&self, text: &str) -> Vec<Finding> {
        self.check_document(&DocContext::default(), text)
    }

    /// Like [`Proofreader::check`], with what is known about the document: its 文种 and its attachments.
    pub fn check_document(&self, ctx: &DocContext, text: &str) -> Vec<Finding> {
        let mut raw = Vec::new();
        let hits = self.dict.scan(text, &mut raw);
        let lines = residue::classify(text, &hits.residue, &self.dict);
        residue::report(text, &lines, &mut raw);
        sets::check(text, &hits.sets, self.dict.sets(), &mut raw);
        org::check(text, &hits.leaders, self.dict.leaders(), &mut raw);
        scan::chars(text, &mut raw);
        congress::check(text, &hits.anchors, &mut raw);
        docnum::check(text, &mut raw);
        structure::check(text, &lines.skip, &mut raw);
        document::check(ctx, text, &mut raw);
        finish(text, raw)
    }

    /// [`clean`] with this proofreader's residue data (the shipped list plus an organisation's own).
    pub fn clean(&self, text: &str) -> Cleaned {
        clean::with(&self.dict, text)
    }
}

/// Sorts the raw findings and fills in character offsets, line and column in one walk over the text.
fn finish(text: &str, mut raw: Vec<Raw>) -> Vec<Finding> {
    raw.sort_by(|a, b| (a.start, a.end, a.rule).cmp(&(b.start, b.end, b.rule)));
    raw.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.rule == b.rule);
    // A 文号 with half-width brackets is one 文号 finding, not also two punctuation ones; a residue line or page
    // number is one finding, not also its half-width commas or its 顿号.
    let covers: Vec<(usize, usize)> = raw
        .iter()
        .filter(|r| {
            r.class == Class::DocNumber
                || r.rule == "doc.date"
                || (r.class == Class::WebResidue && r.rule != "web-residue")
        })
        .map(|r| (r.start, r.end))
        .collect();
    if !covers.is_empty() {
        raw.retain(|r| {
            !matches!(r.class, Class::Punctuation | Class::Number)
                || !covers.iter().any(|&(s, e)| s <= r.start && r.end <= e)
        });
    }
    let mut out: Vec<Finding> = raw
        .into_iter()
        .map(|r| Finding {
            rule: r.rule.to_string(),
            class: r.class,
            severity: r.severity,
            start_byte: r.start,
            end_byte: r.end,
            start_char: 0,
            end_char: 0,
            line: 0,
            column: 0,
            text: text[r.start..r.end].to_string(),
            message: r.message,
            suggestions: r.suggestions,
        })
        .collect();
    let mut points: Vec<(usize, bool, usize)> = Vec::with_capacity(out.len() * 2);
    for (i, f) in out.iter().enumerate() {
        points.push((f.start_byte, false, i));
        points.push((f.end_byte, true, i));
    }
    points.sort_unstable();
    let (mut byte, mut ch, mut line, mut line_start) = (0usize, 0usize, 1usize, 0usize);
    for (p, is_end, i) in points {
        for c in text[byte..p].chars() {
            ch += 1;
            if c == '\n' {
                line += 1;
                line_start = ch;
            }
        }
        byte = p;
        let f = &mut out[i];
        if is_end {
            f.end_char = ch;
        } else {
            f.start_char = ch;
            f.line = line;
            f.column = ch - line_start + 1;
        }
    }
    out
}

/// A Han character (CJK unified ideographs and their extensions, compatibility ideographs, 〇).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{3134F}' | '\u{F900}'..='\u{FAFF}' | '〇')
}

/// Han characters and the full-width punctuation that belongs to Chinese text.
pub(crate) fn is_cjk_context(c: char) -> bool {
    is_han(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF60}' | '“' | '”' | '…' | '—')
}

/// Lines of `text` as byte ranges without the line break (`\n`, and a `\r` before it).
pub(crate) fn line_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start > text.len() || (start == text.len() && !text.is_empty() && text.ends_with('\n')) {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let s = start;
        start = end + 1;
        let e = if end > s && text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
        Some((s, e))
    })
}

/// Display width in a terminal: 2 for CJK, full-width forms and emoji, 0 for combining marks, else 1.
pub fn display_width(c: char) -> usize {
    match c {
        '\u{0300}'..='\u{036F}' | '\u{200B}'..='\u{200F}' | '\u{FE00}'..='\u{FE0F}' => 0,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{1F300}'..='\u{1F64F}'
        | '\u{1F900}'..='\u{1F9FF}'
        | '\u{20000}'..='\u{3FFFD}' => 2,
        '“' | '”' | '‘' | '’' | '…' | '—' => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests;
