//! Dictionary rules: one Aho-Corasick automaton over every pattern of every kind (提法, 错别字, 禁用词, 放行,
//! 网页残留, 固定表述, leaders, places, placeholder words), matched in one overlapping pass. Overlaps are then
//! settled here: a 放行 span silences every word match inside it, and word matches keep the leftmost-longest.

use crate::data::{fields, lines, DataError, DataKind};
use crate::sets::FixedSet;
use crate::{Class, Raw, Severity};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::HashMap;

/// A dictionary word that is reported where it is found.
pub(crate) struct Word {
    class: Class,
    rule: &'static str,
    severity: Severity,
    right: String,
    note: String,
}

pub(crate) enum Kind {
    Word(Word),
    /// A correct text that contains a wrong form; every word match inside it is silenced.
    Allow,
    Residue {
        note: String,
        strong: bool,
    },
    Placeholder,
    /// `来源：`, residue only when a web site name (…网) follows on the same line.
    SourceLine,
    SetName(usize),
    SetMember(usize, usize),
    Leader(usize),
    /// A word the congress-name rule starts from ([`crate::congress::ANCHORS`]).
    Anchor(usize),
}

/// A leader of the organisation, in protocol order.
pub(crate) struct Leader {
    pub name: String,
    pub titles: Vec<String>,
}

#[derive(Default)]
pub(crate) struct Builder {
    patterns: Vec<String>,
    index: HashMap<String, usize>,
    by_pattern: Vec<Vec<usize>>,
    entries: Vec<Kind>,
    sets: Vec<FixedSet>,
    leaders: Vec<Leader>,
}

/// Found by the automaton for the line, set and leader rules.
#[derive(Default)]
pub(crate) struct Hits<'d> {
    pub residue: Vec<ResidueHit<'d>>,
    pub sets: Vec<SetHit>,
    pub leaders: Vec<(usize, usize, usize)>,
    pub anchors: Vec<(usize, usize)>,
}

pub(crate) struct ResidueHit<'d> {
    pub start: usize,
    pub end: usize,
    pub note: &'d str,
    pub strong: bool,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct SetHit {
    pub start: usize,
    pub end: usize,
    pub set: usize,
    /// `None` for the set's name, else the member's position.
    pub member: Option<usize>,
}

fn severity_field(f: Option<&&str>) -> Result<Severity, &'static str> {
    match f.copied().unwrap_or("") {
        "" | "错误" => Ok(Severity::Error),
        "警告" => Ok(Severity::Warning),
        "提示" => Ok(Severity::Info),
        _ => Err("级别只能是“错误”“警告”或“提示”"),
    }
}

impl Builder {
    fn push(&mut self, pattern: &str, kind: Kind) {
        // A right form that contains the wrong one (旅游局 → 文化和旅游局) must not be flagged itself.
        if let Kind::Word(w) = &kind {
            if w.right.len() > pattern.len() && w.right.contains(pattern) {
                let right = w.right.clone();
                self.push(&right, Kind::Allow);
            }
        }
        let p = match self.index.get(pattern) {
            Some(&p) => p,
            None => {
                self.patterns.push(pattern.to_string());
                self.by_pattern.push(Vec::new());
                self.index.insert(pattern.to_string(), self.patterns.len() - 1);
                self.patterns.len() - 1
            }
        };
        // A later word for the same text replaces an earlier one: an organisation's entry wins over a shipped one.
        if matches!(kind, Kind::Word(_)) {
            let entries = &self.entries;
            self.by_pattern[p].retain(|&e| !matches!(entries[e], Kind::Word(_)));
        }
        self.entries.push(kind);
        self.by_pattern[p].push(self.entries.len() - 1);
    }

    /// Parses one text of `kind`; returns every bad line. `strict` (shipped files) also demands 出处 and 时间.
    pub fn add(&mut self, kind: DataKind, text: &str, source: &str, strict: bool) -> Vec<DataError> {
        let mut errors = Vec::new();
        for (n, line) in lines(text) {
            let f = fields(line);
            if let Err(m) = self.line(kind, &f, strict) {
                errors.push(DataError::new(source, n, m));
            }
        }
        errors
    }

    fn line(&mut self, kind: DataKind, f: &[&str], strict: bool) -> Result<(), String> {
        let first = f[0];
        if first.is_empty() {
            return Err("第一个字段不能为空".into());
        }
        if first.chars().count() > 64 {
            return Err("词条过长：最多64个字".into());
        }
        let allow = f.get(1) == Some(&"=");
        if allow && kind != DataKind::Leaders && kind != DataKind::Places {
            self.push(first, Kind::Allow);
            return Ok(());
        }
        match kind {
            DataKind::Formulations => {
                if f.len() < 2 || f[1].is_empty() {
                    return Err("格式应为“错误提法|规范提法|出处|自何时起”".into());
                }
                if f.len() > 5 {
                    return Err("字段过多：最多五个字段（错误提法|规范提法|出处|自何时起|级别）".into());
                }
                if f[0] == f[1] {
                    return Err("错误提法与规范提法相同".into());
                }
                let source = f.get(2).copied().unwrap_or("");
                let since = f.get(3).copied().unwrap_or("");
                if strict && (source.is_empty() || since.is_empty()) {
                    return Err("内置提法必须注明出处和自何时起".into());
                }
                let note = match (source.is_empty(), since.is_empty()) {
                    (false, false) => format!("（{source}，{since}起）"),
                    (false, true) => format!("（{source}）"),
                    (true, false) => format!("（{since}起）"),
                    (true, true) => String::new(),
                };
                let severity = severity_field(f.get(4))?;
                self.push(
                    first,
                    Kind::Word(Word {
                        class: Class::Formulation,
                        rule: "formulation",
                        severity,
                        right: f[1].to_string(),
                        note,
                    }),
                );
            }
            DataKind::Typos => {
                if f.len() < 2 || f[1].is_empty() {
                    return Err("格式应为“错误写法|正确写法|说明|级别”".into());
                }
                if f.len() > 4 {
                    return Err("字段过多：最多四个字段（错误写法|正确写法|说明|级别）".into());
                }
                if f[0] == f[1] {
                    return Err("错误写法与正确写法相同".into());
                }
                let note = f.get(2).filter(|s| !s.is_empty()).map(|s| format!("（{s}）")).unwrap_or_default();
                let severity = severity_field(f.get(3))?;
                self.push(
                    first,
                    Kind::Word(Word { class: Class::Typo, rule: "typo", severity, right: f[1].to_string(), note }),
                );
            }
            DataKind::Prohibited => {
                if f.len() > 4 {
                    return Err("字段过多：最多四个字段（词语|禁用或慎用|说明|建议写法）".into());
                }
                let (severity, rule) = match f.get(1).copied().unwrap_or("禁用") {
                    "" | "禁用" => (Severity::Error, "prohibited"),
                    "慎用" => (Severity::Warning, "prohibited.sensitive"),
                    _ => return Err("第二个字段只能是“禁用”或“慎用”".into()),
                };
                let note = f.get(2).filter(|s| !s.is_empty()).map(|s| format!("（{s}）")).unwrap_or_default();
                let right = f.get(3).copied().unwrap_or("").to_string();
                self.push(first, Kind::Word(Word { class: Class::Prohibited, rule, severity, right, note }));
            }
            DataKind::Leaders => {
                if f.len() != 2 || f[1].is_empty() {
                    return Err("格式应为“姓名|职务”".into());
                }
                if first.chars().count() < 2 || first.chars().count() > 8 {
                    return Err("姓名应为2至8个字".into());
                }
                if self.leaders.iter().any(|l| l.name == first) {
                    return Err(format!("“{first}”重复出现"));
                }
                let titles = f[1].split(['、', '，', ',']).map(str::trim).filter(|t| !t.is_empty());
                self.leaders.push(Leader { name: first.to_string(), titles: titles.map(String::from).collect() });
                self.push(first, Kind::Leader(self.leaders.len() - 1));
            }
            DataKind::Places => {
                if f.len() > 2 {
                    return Err("格式应为“标准地名|误写、误写”".into());
                }
                self.push(first, Kind::Allow);
                for wrong in f.get(1).copied().unwrap_or("").split(['、', '，', ',']).map(str::trim) {
                    if wrong.is_empty() {
                        continue;
                    }
                    if wrong == first {
                        return Err("误写与标准地名相同".into());
                    }
                    self.push(
                        wrong,
                        Kind::Word(Word {
                            class: Class::Typo,
                            rule: "typo.place",
                            severity: Severity::Error,
                            right: first.to_string(),
                            note: "（本地地名）".into(),
                        }),
                    );
                }
            }
            DataKind::Residue => {
                if f.len() > 3 {
                    return Err("格式应为“残留文字|说明|强”".into());
                }
                let strong = match f.get(2).copied().unwrap_or("") {
                    "" => false,
                    "强" => true,
                    _ => return Err("第三个字段只能是“强”（出现即整行删除）或留空".into()),
                };
                self.push(first, Kind::Residue { note: f.get(1).copied().unwrap_or("").to_string(), strong });
            }
        }
        Ok(())
    }

    /// The shipped fixed sets (`sets.txt`).
    pub fn sets(&mut self, text: &str, source: &str) -> Vec<DataError> {
        let mut errors = Vec::new();
        for (n, line) in lines(text) {
            match FixedSet::parse(&fields(line)) {
                Ok((set, variants)) => {
                    let id = self.sets.len();
                    for name in &set.names {
                        self.push(name, Kind::SetName(id));
                    }
                    for (member, forms) in variants.iter().enumerate() {
                        for form in forms {
                            self.push(form, Kind::SetMember(id, member));
                        }
                    }
                    self.sets.push(set);
                }
                Err(m) => errors.push(DataError::new(source, n, m)),
            }
        }
        errors
    }

    pub fn anchors(&mut self) {
        for (i, a) in crate::congress::ANCHORS.iter().enumerate() {
            self.push(a, Kind::Anchor(i));
        }
    }

    pub fn placeholders(&mut self) {
        self.push("某某", Kind::Placeholder);
        self.push("来源：", Kind::SourceLine);
        self.push("来源:", Kind::SourceLine);
    }

    pub fn finish(self) -> Result<Dictionary, DataError> {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&self.patterns)
            .or_else(|_| AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(&self.patterns))
            .map_err(|e| DataError::new("词典", 0, format!("无法建立匹配自动机：{e}")))?;
        let max_allow = self
            .by_pattern
            .iter()
            .zip(&self.patterns)
            .filter(|(es, _)| es.iter().any(|&e| matches!(self.entries[e], Kind::Allow | Kind::Leader(_))))
            .map(|(_, p)| p.len())
            .max()
            .unwrap_or(0);
        Ok(Dictionary {
            ac,
            patterns: self.patterns,
            by_pattern: self.by_pattern,
            entries: self.entries,
            sets: self.sets,
            leaders: self.leaders,
            max_allow,
        })
    }
}

pub(crate) struct Dictionary {
    ac: AhoCorasick,
    patterns: Vec<String>,
    by_pattern: Vec<Vec<usize>>,
    entries: Vec<Kind>,
    sets: Vec<FixedSet>,
    leaders: Vec<Leader>,
    max_allow: usize,
}

impl Dictionary {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    pub fn sets(&self) -> &[FixedSet] {
        &self.sets
    }

    pub fn leaders(&self) -> &[Leader] {
        &self.leaders
    }

    /// How many entries of each data kind the dictionary holds: (提法, 错别字, 禁用词, 放行, 残留, 固定表述).
    pub fn counts(&self) -> [(&'static str, usize); 6] {
        let word = |c: Class| {
            self.entries.iter().filter(|k| matches!(k, Kind::Word(w) if w.class == c && w.rule != "typo.place")).count()
        };
        [
            ("规范提法", word(Class::Formulation)),
            ("错别字", word(Class::Typo)),
            ("禁用词和慎用词", word(Class::Prohibited)),
            ("放行", self.entries.iter().filter(|k| matches!(k, Kind::Allow)).count()),
            ("网页残留", self.entries.iter().filter(|k| matches!(k, Kind::Residue { .. })).count()),
            ("固定表述", self.sets.len()),
        ]
    }

    /// Runs the automaton once; reports word and placeholder findings into `out` and returns the hits the line,
    /// set and leader rules need.
    pub fn scan<'d>(&'d self, text: &str, out: &mut Vec<Raw>) -> Hits<'d> {
        let mut hits = Hits::default();
        let mut allows: Vec<(usize, usize)> = Vec::new();
        let mut words: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.ac.find_overlapping_iter(text) {
            let (start, end) = (m.start(), m.end());
            for &e in &self.by_pattern[m.pattern().as_usize()] {
                match &self.entries[e] {
                    Kind::Word(_) => words.push((start, end, e)),
                    Kind::Allow => allows.push((start, end)),
                    Kind::Leader(i) => {
                        allows.push((start, end));
                        hits.leaders.push((start, end, *i));
                    }
                    Kind::Residue { note, strong } => {
                        hits.residue.push(ResidueHit { start, end, note, strong: *strong })
                    }
                    Kind::Placeholder => out.push(
                        Raw::new(start, end, "placeholder", Class::Placeholder, Severity::Error)
                            .msg(format!("占位符“{}”未替换为实际内容", &text[start..end])),
                    ),
                    Kind::SourceLine => {
                        if let Some(e) = site_credit(text, end) {
                            hits.residue.push(ResidueHit { start, end: e, note: "网页来源标注", strong: true });
                        }
                    }
                    Kind::SetName(s) => hits.sets.push(SetHit { start, end, set: *s, member: None }),
                    Kind::SetMember(s, i) => hits.sets.push(SetHit { start, end, set: *s, member: Some(*i) }),
                    Kind::Anchor(k) => hits.anchors.push((start, *k)),
                }
            }
        }
        if words.is_empty() {
            return hits;
        }
        allows.sort_unstable();
        words.retain(|&(s, e, _)| !self.allowed(&allows, s, e));
        // Leftmost-longest among the words that remain.
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut last_end = 0;
        for (start, end, e) in words {
            if start < last_end {
                continue;
            }
            last_end = end;
            if let Kind::Word(w) = &self.entries[e] {
                out.push(word_finding(w, start, end, &text[start..end]));
            }
        }
        hits
    }

    /// Whether a 放行 span covers `start..end`. `allows` is sorted by start.
    fn allowed(&self, allows: &[(usize, usize)], start: usize, end: usize) -> bool {
        let upto = allows.partition_point(|&(s, _)| s <= start);
        allows[..upto].iter().rev().take_while(|&&(s, _)| s + self.max_allow >= end).any(|&(_, e)| e >= end)
    }
}

fn word_finding(w: &Word, start: usize, end: usize, found: &str) -> Raw {
    let right = &w.right;
    let note = &w.note;
    let message = match (w.class, w.rule) {
        (Class::Formulation, _) if right == "-" => format!("“{found}”已不再使用，应删除{note}"),
        (Class::Formulation, _) => format!("提法“{found}”不规范，应为“{right}”{note}"),
        (Class::Typo, "typo.place") => format!("地名“{found}”写错了，应为“{right}”{note}"),
        (Class::Typo, _) => format!("“{found}”有错别字或不规范写法，应为“{right}”{note}"),
        (_, "prohibited.sensitive") if right.is_empty() => format!("“{found}”是慎用词{note}，请斟酌改写"),
        (_, "prohibited.sensitive") => format!("“{found}”是慎用词{note}，宜改为“{right}”"),
        (_, _) if right.is_empty() => format!("“{found}”是禁用词{note}，应删除或改写"),
        (_, _) => format!("“{found}”是禁用词{note}，应改为“{right}”"),
    };
    let mut raw = Raw::new(start, end, w.rule, w.class, w.severity).msg(message);
    if !right.is_empty() && right != "-" {
        raw.suggestions.push(right.clone());
    }
    raw
}

/// `来源：新华网` / `来源:人民网` is a site credit and `资金来源：财政拨款` is not: the end of the credit when a
/// name ending in or containing 网 follows within the same segment.
fn site_credit(text: &str, end: usize) -> Option<usize> {
    let rest = &text[end..];
    let seg_end = rest
        .char_indices()
        .take(21)
        .find(|&(_, c)| c.is_whitespace() || "。，；、,;|".contains(c))
        .map_or_else(|| rest.char_indices().nth(21).map_or(rest.len(), |(i, _)| i), |(i, _)| i);
    rest[..seg_end].contains('网').then_some(end + seg_end)
}
