//! 校对: a fast, data-driven proofreader for Chinese official documents and speeches.
//!
//! [`Proofreader::check`] returns [`Finding`]s sorted by position. Dictionary rules (规范提法, 网页残留, fixed
//! placeholder words) are data files under `data/`, compiled once into one Aho-Corasick automaton; placeholders,
//! punctuation and 文号 are found by one pass over the characters (and a scan for `号`). No regular expressions.

mod dict;
mod scan;

use serde::Serialize;

pub use dict::DataError;

/// The kind of problem a finding reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Class {
    #[serde(rename = "规范提法")]
    Formulation,
    #[serde(rename = "占位符未替换")]
    Placeholder,
    #[serde(rename = "标点")]
    Punctuation,
    #[serde(rename = "网页残留")]
    WebResidue,
    #[serde(rename = "文号格式")]
    DocNumber,
}

impl Class {
    /// The Chinese label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Class::Formulation => "规范提法",
            Class::Placeholder => "占位符未替换",
            Class::Punctuation => "标点",
            Class::WebResidue => "网页残留",
            Class::DocNumber => "文号格式",
        }
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

/// The checker: built once, then used for any number of texts (it is `Send + Sync`).
pub struct Proofreader {
    dict: dict::Dictionary,
}

const FORMULATIONS: &str = include_str!("../data/formulations.txt");
const WEB_RESIDUE: &str = include_str!("../data/web_residue.txt");

impl Proofreader {
    /// The rule set shipped in `data/`.
    pub fn builtin() -> Self {
        Self::build("").expect("the shipped data files are valid (tested)")
    }

    /// The shipped rules plus an organisation's own 提法, in the `formulations.txt` format
    /// (`错误提法|规范提法|出处|自何时起`; 出处 and 自何时起 may be left out). Extra entries win over shipped ones
    /// with the same wrong form.
    pub fn with_extra(formulations: &str) -> Result<Self, DataError> {
        Self::build(formulations)
    }

    fn build(extra: &str) -> Result<Self, DataError> {
        let mut b = dict::Builder::default();
        b.formulations(extra, "附加提法", false)?;
        b.formulations(FORMULATIONS, "formulations.txt", true)?;
        b.residue(WEB_RESIDUE, "web_residue.txt")?;
        b.placeholders();
        Ok(Proofreader { dict: b.finish()? })
    }

    /// How many entries the dictionary holds (all kinds, including 放行 entries).
    pub fn dictionary_len(&self) -> usize {
        self.dict.len()
    }

    /// Every finding in `text`, sorted by position (start, then end, then rule).
    pub fn check(&self, text: &str) -> Vec<Finding> {
        let mut raw = Vec::new();
        self.dict.check(text, &mut raw);
        scan::chars(text, &mut raw);
        scan::doc_numbers(text, &mut raw);
        finish(text, raw)
    }
}

/// Sorts the raw findings and fills in character offsets, line and column in one walk over the text.
fn finish(text: &str, mut raw: Vec<Raw>) -> Vec<Finding> {
    raw.sort_by(|a, b| (a.start, a.end, a.rule).cmp(&(b.start, b.end, b.rule)));
    raw.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.rule == b.rule);
    // A 文号 with half-width brackets is one 文号 finding, not also two punctuation ones.
    let docs: Vec<(usize, usize)> =
        raw.iter().filter(|r| r.class == Class::DocNumber).map(|r| (r.start, r.end)).collect();
    if !docs.is_empty() {
        raw.retain(|r| r.class != Class::Punctuation || !docs.iter().any(|&(s, e)| s <= r.start && r.end <= e));
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
