//! The data kinds, their text formats and their errors. The shipped files under `data/` use the same formats as
//! an organisation's own texts, so one parser serves both (and a page can show the format next to the box).

use crate::dict::Builder;
use std::fmt;

/// A kind of dictionary data an organisation may add at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataKind {
    /// `错误提法|规范提法|出处|自何时起|级别`: outdated or wrong formulations (级别 may be left out: 错误).
    Formulations,
    /// `错误写法|正确写法|说明|级别`: misspelt words and idioms (说明 and 级别 may be left out).
    Typos,
    /// `词语|禁用或慎用|说明|建议写法`: prohibited (an error) and sensitive (a warning) words.
    Prohibited,
    /// `姓名|职务`: leaders in protocol order, one a line; several 职务 are separated by `、`.
    Leaders,
    /// `标准地名|误写、误写`: local place names and their usual misspellings (which may be left out).
    Places,
    /// `残留文字|说明`: text web copies bring along (site names, banners).
    Residue,
}

impl DataKind {
    /// Every kind, in the order a settings page lists them.
    pub const ALL: [DataKind; 6] = [
        DataKind::Formulations,
        DataKind::Typos,
        DataKind::Prohibited,
        DataKind::Leaders,
        DataKind::Places,
        DataKind::Residue,
    ];

    /// The Chinese name of the kind.
    pub fn label(self) -> &'static str {
        match self {
            DataKind::Formulations => "规范提法",
            DataKind::Typos => "错别字",
            DataKind::Prohibited => "禁用词和慎用词",
            DataKind::Leaders => "领导排序",
            DataKind::Places => "地名",
            DataKind::Residue => "网页残留",
        }
    }

    /// The line format, in Chinese, for a page to show next to the text box.
    pub fn format(self) -> &'static str {
        match self {
            DataKind::Formulations => {
                "每行一条：错误提法|规范提法|出处|自何时起|级别。出处、自何时起可省略；级别为“错误”（默认）或“警告”。\
                 规范提法写“=”表示放行（用于包含错误提法的正确长句）。以 # 开头的行为注释。"
            }
            DataKind::Typos => {
                "每行一条：错误写法|正确写法|说明|级别。说明可省略；级别为“错误”（默认）或“警告”。正确写法写“=”表示放行。"
            }
            DataKind::Prohibited => {
                "每行一条：词语|禁用或慎用|说明|建议写法。禁用词报错误，慎用词报警告；说明、建议写法可省略。"
            }
            DataKind::Leaders => {
                "每行一位，按排序先后：姓名|职务。一人多个职务用“、”分隔，如：王明|县委书记、县人武部党委第一书记。"
            }
            DataKind::Places => "每行一个：标准地名|常见误写。多个误写用“、”分隔；只写标准地名时仅用于避免误报。",
            DataKind::Residue => "每行一条：残留文字|说明。如网站名称、广告语；说明可省略。",
        }
    }

    /// The kind with this Chinese name or English key (`formulations`, `typos`, …).
    pub fn parse(s: &str) -> Option<DataKind> {
        let s = s.trim();
        DataKind::ALL.into_iter().find(|k| k.label() == s || k.key() == s)
    }

    /// A stable ASCII key, for storage and URLs.
    pub fn key(self) -> &'static str {
        match self {
            DataKind::Formulations => "formulations",
            DataKind::Typos => "typos",
            DataKind::Prohibited => "prohibited",
            DataKind::Leaders => "leaders",
            DataKind::Places => "places",
            DataKind::Residue => "residue",
        }
    }
}

/// A data line that cannot be used; the message is Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// Which data: a file name or the kind's Chinese name.
    pub source: String,
    /// 1-based line number; 0 when the error concerns the data as a whole.
    pub line: usize,
    pub message: String,
}

impl DataError {
    pub(crate) fn new(source: &str, line: usize, message: impl Into<String>) -> DataError {
        DataError { source: source.to_string(), line, message: message.into() }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}：{}", self.source, self.message)
        } else {
            write!(f, "{} 第{}行：{}", self.source, self.line, self.message)
        }
    }
}

impl std::error::Error for DataError {}

/// Every bad line of one text, in line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataErrors(pub Vec<DataError>);

impl fmt::Display for DataErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DataErrors {}

pub(crate) const FORMULATIONS: &str = include_str!("../data/formulations.txt");
pub(crate) const TYPOS: &str = include_str!("../data/typos.txt");
pub(crate) const PROHIBITED: &str = include_str!("../data/prohibited.txt");
pub(crate) const SETS: &str = include_str!("../data/sets.txt");
pub(crate) const RESIDUE: &str = include_str!("../data/web_residue.txt");

/// Loads the shipped files; returns their bad lines (none: a test checks it).
pub(crate) fn builtin(b: &mut Builder) -> Vec<DataError> {
    let mut errors = Vec::new();
    errors.extend(b.add(DataKind::Formulations, FORMULATIONS, "formulations.txt", true));
    errors.extend(b.add(DataKind::Typos, TYPOS, "typos.txt", true));
    errors.extend(b.add(DataKind::Prohibited, PROHIBITED, "prohibited.txt", true));
    errors.extend(b.add(DataKind::Residue, RESIDUE, "web_residue.txt", true));
    errors.extend(b.sets(SETS, "sets.txt"));
    b.placeholders();
    b.anchors();
    errors
}

/// Data lines: trimmed, without empty lines and `#` comments, with 1-based line numbers.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim().trim_start_matches('\u{feff}')))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// The `|`-separated fields of a line (a full-width `｜` counts too), trimmed.
pub(crate) fn fields(line: &str) -> Vec<&str> {
    line.split(['|', '｜']).map(str::trim).collect()
}
