//! The evaluation harness, shared by `examples/eval.rs` and `tests/eval.rs`: runs the proofreader over every text
//! in `eval/texts/` and compares its findings with the labels in the `.labels` file of the same name.
//!
//! Label format (one label a line, `#` starts a comment, blank lines ignored):
//!
//! ```text
//! 行号|类别|被标出的文字
//! @文种|请示                     the document's 文种, for the 公文 rules that need it
//! @附件|预算表.xlsx、说明.docx    the attachment files present (empty after | for none)
//! @领导排序|王明|县委书记          one line of an organisation's data, of any kind (DataKind's Chinese name)
//! ```
//!
//! 类别 is a class's Chinese label (规范提法, 错别字 …). A finding counts as found when its line, class and text
//! equal a label's. A text without a `.labels` file, or with one that has no label line, must yield no finding.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use zs_proof::{Class, DataKind, DocContext, DocType, Proofreader};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Label {
    pub line: usize,
    pub class: Class,
    pub text: String,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Score {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

pub struct Report {
    pub per_class: BTreeMap<Class, Score>,
    pub texts: usize,
    pub clean_texts: usize,
    /// (file, label) pairs: labels not found, and findings not labelled.
    pub missed: Vec<(String, Label)>,
    pub false_alarms: Vec<(String, Label, String)>,
}

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("eval/texts")
}

struct Spec {
    labels: Vec<Label>,
    ctx: DocContext,
    data: Vec<(DataKind, String)>,
}

fn parse_labels(path: &Path) -> Result<Spec, String> {
    let mut spec = Spec { labels: Vec::new(), ctx: DocContext::default(), data: Vec::new() };
    let Ok(text) = std::fs::read_to_string(path) else { return Ok(spec) };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |m: &str| format!("{} 第{}行：{m}", path.display(), n + 1);
        let (head, rest) = line.split_once('|').ok_or_else(|| err("缺少“|”"))?;
        if let Some(directive) = head.strip_prefix('@') {
            match directive {
                "文种" => spec.ctx.doc_type = Some(DocType::from_name(rest).ok_or_else(|| err("未知文种"))?),
                "附件" => {
                    spec.ctx.attachments_present =
                        Some(rest.split('、').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect())
                }
                kind => spec.data.push((DataKind::parse(kind).ok_or_else(|| err("未知数据类别"))?, rest.to_string())),
            }
            continue;
        }
        let (class, text) = rest.split_once('|').ok_or_else(|| err("格式应为“行号|类别|文字”"))?;
        spec.labels.push(Label {
            line: head.trim().parse().map_err(|_| err("行号应为数字"))?,
            class: Class::from_label(class.trim()).ok_or_else(|| err("未知类别"))?,
            text: text.to_string(),
        });
    }
    Ok(spec)
}

pub fn run() -> Result<Report, String> {
    let builtin = Proofreader::builtin();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir())
        .map_err(|e| format!("{}: {e}", dir().display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut report = Report {
        per_class: Class::ALL.into_iter().map(|c| (c, Score::default())).collect(),
        texts: 0,
        clean_texts: 0,
        missed: Vec::new(),
        false_alarms: Vec::new(),
    };
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
        let spec = parse_labels(&path.with_extension("labels"))?;
        let own;
        let checker = if spec.data.is_empty() {
            &builtin
        } else {
            let mut b = Proofreader::builder();
            for (kind, line) in &spec.data {
                b = b.extra(*kind, line).map_err(|e| format!("{name}: {e}"))?;
            }
            own = b.build().map_err(|e| format!("{name}: {e}"))?;
            &own
        };
        let found: Vec<(Label, String)> = checker
            .check_document(&spec.ctx, &text)
            .into_iter()
            .map(|f| (Label { line: f.line, class: f.class, text: f.text }, f.message))
            .collect();
        report.texts += 1;
        if spec.labels.is_empty() {
            report.clean_texts += 1;
        }
        let mut unmatched: Vec<&Label> = spec.labels.iter().collect();
        for (f, message) in &found {
            let score = report.per_class.entry(f.class).or_default();
            if let Some(i) = unmatched.iter().position(|l| *l == f) {
                unmatched.remove(i);
                score.tp += 1;
            } else {
                score.fp += 1;
                report.false_alarms.push((name.clone(), f.clone(), message.clone()));
            }
        }
        for l in unmatched {
            report.per_class.entry(l.class).or_default().fn_ += 1;
            report.missed.push((name.clone(), l.clone()));
        }
    }
    Ok(report)
}
