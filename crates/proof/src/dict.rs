//! Dictionary rules: one leftmost-longest Aho-Corasick automaton over every 提法, web residue and placeholder word.

use crate::{Class, Raw, Severity};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::fmt;

/// A data file line that cannot be used; the message is Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub source: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} 第{}行：{}", self.source, self.line, self.message)
    }
}

impl std::error::Error for DataError {}

enum Kind {
    Formulation {
        right: String,
        source: String,
        since: String,
    },
    /// A correct text that contains a wrong form; matching it suppresses the shorter match.
    Allow,
    Residue {
        note: String,
    },
    Placeholder,
    /// `来源：`, flagged only when a web site name (…网) follows on the same line.
    SourceLine,
}

struct Entry {
    kind: Kind,
}

#[derive(Default)]
pub(crate) struct Builder {
    patterns: Vec<String>,
    entries: Vec<Entry>,
}

/// Data lines: trimmed, without empty lines and `#` comments, with 1-based line numbers.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

impl Builder {
    fn push(&mut self, pattern: &str, kind: Kind) {
        self.patterns.push(pattern.to_string());
        self.entries.push(Entry { kind });
    }

    pub fn formulations(&mut self, text: &str, source: &str, strict: bool) -> Result<(), DataError> {
        for (n, line) in lines(text) {
            let err = |message: &str| DataError { source: source.to_string(), line: n, message: message.to_string() };
            let f: Vec<&str> = line.split('|').map(str::trim).collect();
            if f.len() < 2 || f[0].is_empty() || f[1].is_empty() {
                return Err(err("格式应为“错误提法|规范提法|出处|自何时起”"));
            }
            if f.len() > 4 {
                return Err(err("字段过多：最多四个字段（错误提法|规范提法|出处|自何时起）"));
            }
            if f[0] == f[1] {
                return Err(err("错误提法与规范提法相同"));
            }
            let source_of = f.get(2).copied().unwrap_or("");
            if f[1] == "=" {
                self.push(f[0], Kind::Allow);
                continue;
            }
            if strict && (source_of.is_empty() || f.get(3).is_none_or(|s| s.is_empty())) {
                return Err(err("内置提法必须注明出处和自何时起"));
            }
            self.push(
                f[0],
                Kind::Formulation {
                    right: f[1].to_string(),
                    source: source_of.to_string(),
                    since: f.get(3).copied().unwrap_or("").to_string(),
                },
            );
        }
        Ok(())
    }

    pub fn residue(&mut self, text: &str, source: &str) -> Result<(), DataError> {
        for (n, line) in lines(text) {
            let f: Vec<&str> = line.split('|').map(str::trim).collect();
            if f[0].is_empty() || f.len() > 2 {
                return Err(DataError {
                    source: source.to_string(),
                    line: n,
                    message: "格式应为“残留文字|说明”".to_string(),
                });
            }
            self.push(f[0], Kind::Residue { note: f.get(1).copied().unwrap_or("").to_string() });
        }
        Ok(())
    }

    pub fn placeholders(&mut self) {
        self.push("某某", Kind::Placeholder);
        self.push("来源：", Kind::SourceLine);
        self.push("来源:", Kind::SourceLine);
    }

    pub fn finish(self) -> Result<Dictionary, DataError> {
        let ac =
            AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).build(&self.patterns).map_err(|e| {
                DataError {
                    source: "词典".to_string(), line: 0, message: format!("无法建立匹配自动机：{e}")
                }
            })?;
        Ok(Dictionary { ac, entries: self.entries })
    }
}

pub(crate) struct Dictionary {
    ac: AhoCorasick,
    entries: Vec<Entry>,
}

impl Dictionary {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn check(&self, text: &str, out: &mut Vec<Raw>) {
        for m in self.ac.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let found = &text[start..end];
            match &self.entries[m.pattern().as_usize()].kind {
                Kind::Allow => {}
                Kind::Formulation { right, source, since } => {
                    let mut message = format!("提法“{found}”不规范，应为“{right}”");
                    match (source.is_empty(), since.is_empty()) {
                        (false, false) => message.push_str(&format!("（{source}，{since}起）")),
                        (false, true) => message.push_str(&format!("（{source}）")),
                        (true, false) => message.push_str(&format!("（{since}起）")),
                        (true, true) => {}
                    }
                    out.push(Raw {
                        start,
                        end,
                        rule: "formulation",
                        class: Class::Formulation,
                        severity: Severity::Error,
                        message,
                        suggestions: vec![right.clone()],
                    });
                }
                Kind::Residue { note } => {
                    let note = if note.is_empty() { String::new() } else { format!("（{note}）") };
                    out.push(Raw {
                        start,
                        end,
                        rule: "web-residue",
                        class: Class::WebResidue,
                        severity: Severity::Warning,
                        message: format!("“{found}”是从网页复制带来的残留文字{note}，应删除"),
                        suggestions: Vec::new(),
                    });
                }
                Kind::Placeholder => out.push(Raw {
                    start,
                    end,
                    rule: "placeholder",
                    class: Class::Placeholder,
                    severity: Severity::Error,
                    message: format!("占位符“{found}”未替换为实际内容"),
                    suggestions: Vec::new(),
                }),
                Kind::SourceLine => {
                    // 来源：新华网 / 来源:人民网 — a site credit; 资金来源：财政拨款 is not.
                    let rest = &text[end..];
                    let seg_end = rest
                        .char_indices()
                        .take(21)
                        .find(|&(_, c)| c.is_whitespace() || "。，；、,;|".contains(c))
                        .map_or_else(|| rest.char_indices().nth(21).map_or(rest.len(), |(i, _)| i), |(i, _)| i);
                    if rest[..seg_end].contains('网') {
                        out.push(Raw {
                            start,
                            end: end + seg_end,
                            rule: "web-residue.source",
                            class: Class::WebResidue,
                            severity: Severity::Warning,
                            message: "网页来源标注是从网页复制带来的残留文字，应删除".to_string(),
                            suggestions: Vec::new(),
                        });
                    }
                }
            }
        }
    }
}
