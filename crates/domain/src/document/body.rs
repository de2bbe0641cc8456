//! The 正文's structure: each non-empty line is a paragraph; a line that starts with 一、 （一） 1. or
//! （1） is a heading of level 1–4 (GB/T 9704 7.3.3: 黑体, 楷体, 仿宋, 仿宋 in layout).

use serde::{Deserialize, Serialize};

/// One paragraph of the body. `level` 0 is ordinary text; 1–4 are the heading levels. The text
/// keeps its number (一、…), exactly as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub level: u8,
    pub text: String,
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
    body.lines()
        .map(|l| l.trim_matches([' ', '\u{3000}', '\t']))
        .filter(|l| !l.is_empty())
        .map(|l| Block { level: heading_level(l), text: l.to_string() })
        .collect()
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
    fn splits_paragraphs() {
        let b = blocks("　　为做好……工作，现通知如下。\n\n一、总体要求\n（一）指导思想\n1.坚持问题导向。\n");
        assert_eq!(b.iter().map(|b| b.level).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
        assert_eq!(b[0].text, "为做好……工作，现通知如下。");
    }
}
