//! Heading structure (GB/T 9704-2012 7.3.3: 一、 → （一） → 1. → （1）): gaps, repeats, steps backwards, levels
//! upside down, wrong marks after the number, full stops after a heading on its own line; and enumerations inside
//! paragraphs (一是 / 第一， / 一要 / 其一) that skip, repeat or mix their forms.

use crate::{line_spans, Class, Raw, Severity};

/// A heading number at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    /// 1: 一、 2: （一） 3: 1. 4: （1）
    pub level: usize,
    pub number: u32,
    /// Bytes of the marker (after leading spaces).
    pub len: usize,
    /// A wrong form of the marker and its right form.
    pub wrong: Option<String>,
}

const CN: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// 一 … 九十九 written with 十; None for anything else.
pub(crate) fn cn_value(s: &str) -> Option<u32> {
    let digit = |c: char| CN.iter().position(|&d| d == c).map(|v| v as u32);
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a).filter(|&v| v > 0),
        ['十', b] => digit(*b).filter(|&v| v > 0).map(|v| 10 + v),
        [a, '十'] => digit(*a).filter(|&v| v > 1).map(|v| v * 10),
        [a, '十', b] => Some(digit(*a).filter(|&v| v > 1)? * 10 + digit(*b).filter(|&v| v > 0)?),
        _ => None,
    }
}

pub(crate) fn cn_numeral(n: u32) -> String {
    let d = |v: u32| CN[v as usize];
    match n {
        1..=9 => d(n).to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", d(n - 10)),
        20..=99 if n.is_multiple_of(10) => format!("{}十", d(n / 10)),
        20..=99 => format!("{}十{}", d(n / 10), d(n % 10)),
        _ => n.to_string(),
    }
}

fn cn_prefix(s: &str) -> Option<(u32, usize)> {
    let len: usize = s.chars().take_while(|c| CN[1..].contains(c) || *c == '十').take(3).map(char::len_utf8).sum();
    (len > 0).then(|| cn_value(&s[..len]).map(|v| (v, len))).flatten()
}

fn digit_prefix(s: &str) -> Option<(u32, usize)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&len).then(|| s[..len].parse().ok().map(|v| (v, len))).flatten()
}

fn level_marker(level: usize, n: u32) -> String {
    match level {
        1 => format!("{}、", cn_numeral(n)),
        2 => format!("（{}）", cn_numeral(n)),
        3 => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

/// The heading number a line starts with, if any.
pub(crate) fn heading(line: &str) -> Option<Heading> {
    let s = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let h = |level, number, len, wrong: Option<String>| Some(Heading { level, number, len, wrong });
    if let Some((n, len)) = cn_prefix(s) {
        let rest = &s[len..];
        if rest.starts_with('、') {
            return h(1, n, len + '、'.len_utf8(), None);
        }
        if rest.starts_with(['.', '．']) && !rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
            let l = len + rest.chars().next().map_or(1, char::len_utf8);
            return h(1, n, l, Some(level_marker(1, n)));
        }
        return None;
    }
    for (open, close) in [("（", "）"), ("(", ")")] {
        if let Some(inner) = s.strip_prefix(open) {
            let parsed =
                cn_prefix(inner).map(|(n, l)| (2, n, l)).or_else(|| digit_prefix(inner).map(|(n, l)| (4, n, l)));
            if let Some((level, n, l)) = parsed {
                if let Some(after) = inner[l..].strip_prefix(close) {
                    let mut len = open.len() + l + close.len();
                    let mut wrong = (open == "(").then(|| level_marker(level, n));
                    if after.starts_with(['、', '.', '．']) {
                        len += after.chars().next().map_or(1, char::len_utf8);
                        wrong = Some(level_marker(level, n));
                    }
                    return h(level, n, len, wrong);
                }
            }
            return None;
        }
    }
    if let Some((n, l)) = digit_prefix(s) {
        let rest = &s[l..];
        let mark = rest.chars().next()?;
        let after = rest[mark.len_utf8()..].chars().next();
        match mark {
            '.' | '．' if !after.is_some_and(|c| c.is_ascii_digit()) => return h(3, n, l + mark.len_utf8(), None),
            '、' => return h(3, n, l + mark.len_utf8(), Some(level_marker(3, n))),
            _ => {}
        }
    }
    None
}

/// An enumeration marker inside text: 一是 / 第一， / 一要 / 其一，.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Shi,
    Di,
    Yao,
    Qi,
}

fn form_text(form: Form, n: u32) -> String {
    let c = cn_numeral(n);
    match form {
        Form::Shi => format!("{c}是"),
        Form::Di => format!("第{c}"),
        Form::Yao => format!("{c}要"),
        Form::Qi => format!("其{c}"),
    }
}

/// The marker at the start of `s` (a clause start), with its byte length.
fn marker(s: &str, line_start: bool) -> Option<(Form, u32, usize)> {
    if let Some(rest) = s.strip_prefix('第') {
        let (n, l) = cn_prefix(rest)?;
        return rest[l..].starts_with(['，', '、', ',']).then_some((Form::Di, n, '第'.len_utf8() + l));
    }
    if let Some(rest) = s.strip_prefix('其') {
        let (n, l) = cn_prefix(rest)?;
        return rest[l..].starts_with(['，', '、', ',', '是']).then_some((Form::Qi, n, '其'.len_utf8() + l));
    }
    let (n, l) = cn_prefix(s)?;
    let rest = &s[l..];
    if rest.starts_with('是') && !rest[3..].starts_with(['一', '二']) {
        return Some((Form::Shi, n, l + 3));
    }
    if rest.starts_with('要') && (line_start || !rest[3..].starts_with(['求', '素', '点', '件'])) {
        return Some((Form::Yao, n, l + 3));
    }
    None
}

struct Item {
    form: Form,
    n: u32,
}

pub(crate) fn check(text: &str, skip: &[(usize, usize)], out: &mut Vec<Raw>) {
    let mut counts = [0u32; 5];
    let mut last: Option<Item> = None;
    for (start, end) in line_spans(text) {
        if skip.iter().any(|&(s, e)| s <= start && end <= e) {
            continue;
        }
        let line = &text[start..end];
        let lead = line.len() - line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}').len();
        let at = start + lead;
        if let Some(h) = heading(line) {
            last = None;
            heading_rules(text, at, end, &h, &mut counts, out);
        }
        enumerations(text, at, end, &mut last, out);
    }
}

fn heading_rules(text: &str, at: usize, end: usize, h: &Heading, counts: &mut [u32; 5], out: &mut Vec<Raw>) {
    let mark = &text[at..at + h.len];
    if let Some(right) = &h.wrong {
        out.push(
            Raw::new(at, at + h.len, "structure.marker", Class::Structure, Severity::Warning)
                .msg(format!("标题序号“{mark}”写法不规范，应为“{right}”"))
                .suggest(right.clone()),
        );
    }
    let (level, n) = (h.level, h.number);
    let expected = counts[level] + 1;
    let sev = Severity::Warning;
    // 一、 may start again (an attachment has its own outline); a lower level starts again only under a new parent.
    if n == expected || (n == 1 && level == 1) {
        if n == 1 && counts[level] == 0 {
            if let Some(deeper) = (level + 1..=4).find(|&k| counts[k] > 0) {
                out.push(Raw::new(at, at + h.len, "structure.inverted", Class::Structure, sev).msg(format!(
                    "层次颠倒：“{mark}”是第{level}层序号，却出现在第{deeper}层序号“{}”之下（应依次为一、（一）1.（1））",
                    level_marker(deeper, counts[deeper])
                )));
            }
        }
    } else if n == counts[level] {
        out.push(
            Raw::new(at, at + h.len, "structure.repeat", Class::Structure, Severity::Error)
                .msg(format!("标题序号“{mark}”与上一个同级序号重复，应为“{}”", level_marker(level, expected)))
                .suggest(level_marker(level, expected)),
        );
    } else if n > expected && (counts[level] > 0 || counts[1..level].iter().any(|&c| c > 0)) {
        // A first heading above 1 is a gap only under a parent; an excerpt may start at 三、.
        let missing: Vec<String> = (expected..n).map(|k| level_marker(level, k)).collect();
        out.push(
            Raw::new(at, at + h.len, "structure.gap", Class::Structure, Severity::Error)
                .msg(format!("标题序号跳号：缺少{}", missing.iter().map(|m| format!("“{m}”")).collect::<String>()))
                .suggest(level_marker(level, expected)),
        );
    } else if n < counts[level] {
        out.push(
            Raw::new(at, at + h.len, "structure.backwards", Class::Structure, Severity::Error)
                .msg(format!("标题序号倒退：前一个同级序号是“{}”", level_marker(level, counts[level])))
                .suggest(level_marker(level, expected)),
        );
    }
    counts[level] = n;
    for c in counts.iter_mut().skip(level + 1) {
        *c = 0;
    }
    // A heading standing alone on its line takes no full stop or comma at its end.
    let body = text[at + h.len..end].trim_end();
    let last = body.chars().next_back();
    let inner_stops = body.matches(['。', '！', '？']).count();
    if level <= 2 && body.chars().count() <= 30 {
        if let Some(c @ ('。' | '，' | '；' | '、' | ',' | ';')) = last {
            if c != '。' || inner_stops == 1 {
                let e = at + h.len + body.len();
                out.push(
                    Raw::new(e - c.len_utf8(), e, "structure.heading-punct", Class::Structure, Severity::Warning)
                        .msg(format!("单独成行的标题末尾不加“{c}”"))
                        .suggest(""),
                );
            }
        }
    }
}

/// Markers at the start of the line and after 。；：！？ within it.
fn enumerations(text: &str, at: usize, end: usize, last: &mut Option<Item>, out: &mut Vec<Raw>) {
    let line = &text[at..end];
    let mut starts = vec![0];
    starts.extend(line.match_indices(['。', '；', '：', '！', '？']).map(|(i, m)| i + m.len()));
    for s in starts {
        let Some((form, n, len)) = marker(&line[s..], s == 0) else { continue };
        let (ms, me) = (at + s, at + s + len);
        match last.as_ref() {
            _ if n == 1 => {}
            None => {}
            Some(prev) if n == prev.n + 1 && form != prev.form => out.push(
                Raw::new(ms, me, "structure.mixed", Class::Structure, Severity::Warning)
                    .msg(format!(
                        "序号形式不统一：前面用“{}”，这里用“{}”，宜统一为“{}”",
                        form_text(prev.form, prev.n),
                        form_text(form, n),
                        form_text(prev.form, n)
                    ))
                    .suggest(form_text(prev.form, n)),
            ),
            Some(prev) if n == prev.n => out.push(
                Raw::new(ms, me, "structure.repeat", Class::Structure, Severity::Warning)
                    .msg(format!("“{}”与前一个序号重复", form_text(form, n)))
                    .suggest(form_text(form, n + 1)),
            ),
            Some(prev) if n > prev.n + 1 => out.push(
                Raw::new(ms, me, "structure.gap", Class::Structure, Severity::Warning)
                    .msg(format!(
                        "序号跳号：“{}”之后应为“{}”",
                        form_text(prev.form, prev.n),
                        form_text(prev.form, prev.n + 1)
                    ))
                    .suggest(form_text(form, prev.n + 1)),
            ),
            _ => {}
        }
        *last = Some(Item { form, n });
    }
}
