//! The numbering families a speech's points are marked with, and where they occur.
//!
//! A marker here is only a candidate: "二要" or "其次" inside a sentence is usually just a word.
//! [`super::outline`] keeps the candidates that form a sequence.

use crate::numerals::{is_numeral, parse_counting};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    /// 一、
    Han,
    /// （一）
    HanParen,
    /// 1. 1． 1、
    Arabic,
    /// （1）
    ArabicParen,
    /// 第一， 第二、
    Ordinal,
    /// 一是 二是
    Shi,
    /// 一要 二要
    Yao,
    /// 首先 其次 再次 最后
    Sequence,
}

/// The ordinal of 最后: it follows any earlier point of its sequence.
pub(super) const LAST: u32 = u32::MAX;

#[derive(Debug, Clone)]
pub(super) struct Marker {
    pub para: usize,
    /// Byte offsets in the paragraph: the marker starts at `start`, its number as written
    /// (一、 （一） 第一 首先) ends at `number_end`, and the point's own text begins at `end`
    /// (after a separating comma, if any).
    pub start: usize,
    pub number_end: usize,
    pub end: usize,
    pub family: Family,
    pub ordinal: u32,
    /// Not at the start of its paragraph: "……；二是……".
    pub inline: bool,
}

/// Characters after which an inline 一是 / 一要 / 第一， can begin a point.
fn is_boundary(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '：' | ':' | '！' | '？' | '!' | '?' | '，' | ',')
}

fn is_separator(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | '：' | ':')
}

/// Appends the candidate markers of one paragraph (already trimmed) in order.
pub(super) fn scan(para: usize, text: &str, out: &mut Vec<Marker>) {
    if let Some(m) = at_start(text) {
        out.push(Marker { para, ..m });
    }
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if i > 0 && prev.is_some_and(is_boundary) {
            if let Some(m) = inline_at(&text[i..]) {
                out.push(Marker { para, start: i, number_end: i + m.number_end, end: i + m.end, inline: true, ..m });
            }
        }
        prev = Some(c);
    }
}

fn marker(family: Family, ordinal: u32, number_end: usize, end: usize) -> Marker {
    Marker { para: 0, start: 0, number_end, end, family, ordinal, inline: false }
}

/// Families that only mark a point at the start of a paragraph.
fn at_start(s: &str) -> Option<Marker> {
    if let Some((n, len)) = numeral(s) {
        if s[len..].starts_with('、') {
            let end = len + '、'.len_utf8();
            return Some(marker(Family::Han, n, end, end));
        }
    }
    if let Some(inner) = s.strip_prefix(['（', '(']) {
        let parsed =
            numeral(inner).map(|p| (Family::HanParen, p)).or_else(|| digits(inner).map(|p| (Family::ArabicParen, p)));
        if let Some((family, (n, len))) = parsed {
            let rest = &inner[len..];
            if let Some(after) = rest.strip_prefix(['）', ')']) {
                let end = s.len() - after.len();
                return Some(marker(family, n, end, end));
            }
        }
    }
    if let Some((n, len)) = digits(s) {
        let rest = &s[len..];
        if let Some(after) = rest.strip_prefix(['.', '．', '、']) {
            // "1.5万元" is a quantity, not a heading.
            if !after.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
                let end = s.len() - after.len();
                return Some(marker(Family::Arabic, n, end, end));
            }
        }
    }
    for (word, n) in [("首先", 1), ("其次", 2), ("再次", 3), ("最后", LAST)] {
        if let Some(rest) = s.strip_prefix(word) {
            let number_end = word.len();
            match rest.chars().next() {
                Some(c) if is_separator(c) => {
                    return Some(marker(Family::Sequence, n, number_end, number_end + c.len_utf8()))
                }
                // 首先要…, 其次是…: the word leads straight into the point.
                Some('要' | '是') => return Some(marker(Family::Sequence, n, number_end, number_end)),
                _ => {}
            }
        }
    }
    inline_at(s)
}

/// Families that may also start a point in mid-paragraph.
fn inline_at(s: &str) -> Option<Marker> {
    if let Some(rest) = s.strip_prefix('第') {
        let (n, len) = numeral(rest)?;
        let number_end = '第'.len_utf8() + len;
        let sep = s[number_end..].chars().next().filter(|&c| is_separator(c))?;
        return Some(marker(Family::Ordinal, n, number_end, number_end + sep.len_utf8()));
    }
    let (n, len) = numeral(s)?;
    let word = s[len..].chars().next()?;
    let family = match word {
        '是' => Family::Shi,
        '要' => Family::Yao,
        _ => return None,
    };
    let end = len + word.len_utf8();
    Some(marker(family, n, end, end))
}

/// A counting numeral of at most three characters (一 … 九十九) at the start of `s`.
fn numeral(s: &str) -> Option<(u32, usize)> {
    let len: usize = s.chars().take_while(|&c| is_numeral(c)).take(4).map(char::len_utf8).sum();
    if len == 0 || s[..len].chars().count() > 3 {
        return None;
    }
    parse_counting(&s[..len]).map(|n| (n, len))
}

/// One to three digits, ASCII or full-width, at the start of `s`.
fn digits(s: &str) -> Option<(u32, usize)> {
    let mut n = 0u32;
    let mut len = 0;
    for c in s.chars().take(4) {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        n = n * 10 + d;
        len += c.len_utf8();
    }
    let count = s[..len].chars().count();
    (1..=3).contains(&count).then_some((n, len)).filter(|&(n, _)| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Family, u32, bool, String, String)> {
        let mut out = Vec::new();
        scan(0, text, &mut out);
        out.into_iter()
            .map(|m| {
                (m.family, m.ordinal, m.inline, text[m.start..m.number_end].to_string(), text[m.end..].to_string())
            })
            .collect()
    }

    fn one(text: &str) -> Option<(Family, u32, String, String)> {
        found(text).into_iter().next().filter(|m| !m.2).map(|(f, n, _, num, rest)| (f, n, num, rest))
    }

    #[test]
    fn heading_families_at_paragraph_start() {
        let cases = [
            ("一、提高思想认识", Family::Han, 1, "一、", "提高思想认识"),
            ("十二、其他", Family::Han, 12, "十二、", "其他"),
            ("（三）加强领导", Family::HanParen, 3, "（三）", "加强领导"),
            ("(二)加强领导", Family::HanParen, 2, "(二)", "加强领导"),
            ("1.明确责任", Family::Arabic, 1, "1.", "明确责任"),
            ("12．明确责任", Family::Arabic, 12, "12．", "明确责任"),
            ("２、明确责任", Family::Arabic, 2, "２、", "明确责任"),
            ("（1）按时报送", Family::ArabicParen, 1, "（1）", "按时报送"),
            ("第三，要严守纪律", Family::Ordinal, 3, "第三", "要严守纪律"),
            ("二是提升能力", Family::Shi, 2, "二是", "提升能力"),
            ("五要严于自律", Family::Yao, 5, "五要", "严于自律"),
            ("首先，要提高认识", Family::Sequence, 1, "首先", "要提高认识"),
            ("其次要抓好落实", Family::Sequence, 2, "其次", "要抓好落实"),
            ("最后，讲一点希望", Family::Sequence, LAST, "最后", "讲一点希望"),
        ];
        for (text, family, n, number, rest) in cases {
            assert_eq!(one(text), Some((family, n, number.to_string(), rest.to_string())), "{text}");
        }
    }

    #[test]
    fn words_that_only_look_like_markers() {
        for text in [
            "1.5万元用于修缮",
            "2026年是关键之年",
            "第一时间报送市委",
            "第一位的要求",
            "最后一公里",
            "一方面，必须把牢政治方向",
            "统一是基础",
            "一二三是口令",
            "（一二）",
            "其次",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
    }

    #[test]
    fn inline_points_follow_a_sentence_boundary() {
        let got = found("要做到三点：一是加强学习；二是改进作风，三要守住底线。统一是前提");
        let numbers: Vec<(&str, bool)> = got.iter().map(|m| (m.3.as_str(), m.2)).collect();
        assert_eq!(numbers, vec![("一是", true), ("二是", true), ("三要", true)]);
        assert_eq!(got[0].4, "加强学习；二是改进作风，三要守住底线。统一是前提");
    }
}
