//! The 正文's structure: each non-empty line is a paragraph; a line that starts with 一、 （一） 1. or
//! （1） is a heading of level 1–4 (GB/T 9704 7.3.3: 黑体, 楷体, 仿宋, 仿宋 in layout). Consecutive lines
//! written as `|单位|交办|办结|` form a table, its first row the header.

use serde::{Deserialize, Serialize};

/// One paragraph of the body. `level` 0 is ordinary text; 1–4 are the heading levels. The text
/// keeps its number (一、…), exactly as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub level: u8,
    pub text: String,
    /// A table's rows (header first); empty for a paragraph.
    #[serde(default)]
    pub rows: Vec<Vec<String>>,
}

const HAN_DIGITS: &str = "一二三四五六七八九十百零〇";

/// The heading level a paragraph starts with, or 0.
pub fn heading_level(line: &str) -> u8 {
    let s = line.trim_start_matches([' ', '\u{3000}', '\t']);
    let han_run = s.chars().take_while(|c| HAN_DIGITS.contains(*c)).count();
    if han_run > 0 && han_run <= 3 {
        let rest = s.chars().nth(han_run);
        if rest == Some('、') {
            return 1;
        }
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = s.strip_prefix(open) {
            let han = inner.chars().take_while(|c| HAN_DIGITS.contains(*c)).count();
            if han > 0 && han <= 3 && inner.chars().nth(han) == Some(close) {
                return 2;
            }
            let dig = inner.chars().take_while(char::is_ascii_digit).count();
            if dig > 0 && dig <= 3 && inner.chars().nth(dig) == Some(close) {
                return 4;
            }
        }
    }
    let dig = s.chars().take_while(char::is_ascii_digit).count();
    if dig > 0 && dig <= 3 {
        let next = s.chars().nth(dig);
        // "1." and "1．" are headings; "1.5万元" is a number, so a digit must not follow the dot.
        if matches!(next, Some('.') | Some('．')) && !s.chars().nth(dig + 1).is_some_and(|c| c.is_ascii_digit()) {
            return 3;
        }
    }
    0
}

/// The body as paragraphs with their heading levels; blank lines separate nothing (GB/T 9704 sets
/// paragraphs without blank lines), leading full-width indents are dropped (layout indents).
pub fn blocks(body: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for l in body.lines().map(|l| l.trim_matches([' ', '\u{3000}', '\t'])).filter(|l| !l.is_empty()) {
        match table_row(l) {
            Some(cells) => match out.last_mut() {
                Some(b) if !b.rows.is_empty() => b.rows.push(cells),
                _ => out.push(Block { level: 0, text: String::new(), rows: vec![cells] }),
            },
            None => out.push(Block { level: heading_level(l), text: l.to_string(), rows: Vec::new() }),
        }
    }
    out
}

/// The cells of a table line (`|a|b|`, full-width ｜ too), or `None` for an ordinary line.
pub fn table_row(line: &str) -> Option<Vec<String>> {
    let l = line.trim();
    let inner = l.strip_prefix(['|', '｜'])?.strip_suffix(['|', '｜'])?;
    Some(inner.split(['|', '｜']).map(|c| c.trim().to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_four_levels() {
        assert_eq!(heading_level("一、总体要求"), 1);
        assert_eq!(heading_level("十二、其他"), 1);
        assert_eq!(heading_level("（三）加强组织领导"), 2);
        assert_eq!(heading_level("(三)加强组织领导"), 2);
        assert_eq!(heading_level("1.明确责任"), 3);
        assert_eq!(heading_level("12．明确责任"), 3);
        assert_eq!(heading_level("（1）按时报送"), 4);
        assert_eq!(heading_level("　　各乡镇人民政府："), 0);
        assert_eq!(heading_level("1.5万元用于修缮"), 0);
        assert_eq!(heading_level("一是加强学习"), 0);
        assert_eq!(heading_level("2026年"), 0);
        assert_eq!(heading_level("一"), 0);
    }

    #[test]
    fn table_rows_group_into_one_block() {
        let b = blocks("二、各单位办理情况\n|单位|交办|\n|青禾镇|3|\n|白水镇|2|\n三、下一步");
        assert_eq!(b.len(), 3);
        assert_eq!(b[1].rows, vec![vec!["单位", "交办"], vec!["青禾镇", "3"], vec!["白水镇", "2"]]);
        assert_eq!(b[2].level, 1);
        assert_eq!(table_row("｜甲｜乙｜"), Some(vec!["甲".to_string(), "乙".to_string()]));
        assert_eq!(table_row("a|b"), None);
    }

    #[test]
    fn splits_paragraphs() {
        let b = blocks("　　为做好……工作，现通知如下。\n\n一、总体要求\n（一）指导思想\n1.坚持问题导向。\n");
        assert_eq!(b.iter().map(|b| b.level).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
        assert_eq!(b[0].text, "为做好……工作，现通知如下。");
    }
}
