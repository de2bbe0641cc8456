//! Character-level rules in one pass: placeholders (XX, ××, *, ＿＿, [单位名称]), half-width punctuation in
//! Chinese text, pairing of quotes and brackets, and ellipsis, dash and 顿号 forms ([`crate::punct`]).

use crate::numbers::Numbers;
use crate::{is_cjk_context, is_han, punct, Class, Raw, Severity};

fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | '×' | 'Ｘ' | 'ｘ')
}

fn is_star(c: char) -> bool {
    matches!(c, '*' | '＊')
}

fn is_blank(c: char) -> bool {
    matches!(c, '_' | '＿')
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '!' => '！',
        '?' => '？',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

fn closer_of(open: char) -> char {
    match open {
        '“' => '”',
        '‘' => '’',
        '（' => '）',
        '《' => '》',
        _ => '〉',
    }
}

fn opener_of(close: char) -> char {
    match close {
        '”' => '“',
        '’' => '‘',
        '）' => '（',
        '》' => '《',
        _ => '〈',
    }
}

fn placeholder(start: usize, end: usize, text: &str, out: &mut Vec<Raw>) {
    out.push(Raw {
        start,
        end,
        rule: "placeholder",
        class: Class::Placeholder,
        severity: Severity::Error,
        message: format!("占位符“{}”未替换为实际内容", &text[start..end]),
        suggestions: Vec::new(),
    });
}

fn half_width(start: usize, c: char, out: &mut Vec<Raw>) {
    let fw = full_width(c).expect("only called for half-width punctuation");
    out.push(Raw {
        start,
        end: start + 1,
        rule: "punct.half-width",
        class: Class::Punctuation,
        severity: Severity::Warning,
        message: format!("中文文本中应使用全角标点“{fw}”，而不是半角“{c}”"),
        suggestions: vec![fw.to_string()],
    });
}

fn pair_error(start: usize, c: char, severity: Severity, message: String, out: &mut Vec<Raw>) {
    out.push(Raw {
        start,
        end: start + c.len_utf8(),
        rule: "punct.pair",
        class: Class::Punctuation,
        severity,
        message,
        suggestions: Vec::new(),
    });
}

/// A run of placeholder characters being read.
#[derive(Clone, Copy, PartialEq)]
enum RunKind {
    X,
    Star,
    Blank,
}

struct Run {
    kind: RunKind,
    start: usize,
    end: usize,
    len: usize,
    before: Option<char>,
    all_ascii_x: bool,
}

/// A half-width `(` waiting for its `)`.
struct Paren {
    at: usize,
    cjk: bool,
}

#[derive(Default)]
struct Line {
    /// Full-width openers: (char, byte offset).
    stack: Vec<(char, usize)>,
    parens: Vec<Paren>,
    straight_quotes: usize,
}

/// Closes a placeholder run when the character after it (`after`) is known.
fn close_run(run: Run, after: Option<char>, text: &str, xs: &mut Vec<(usize, usize)>, out: &mut Vec<Raw>) {
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let han = |c: Option<char>| c.is_some_and(is_han);
    match run.kind {
        RunKind::X => {
            if alnum(run.before) || alnum(after) || matches!(after, Some('.' | '@' | '/' | '-' | '_')) {
                return; // XXL, 0xx, Xbox, xxx.org: part of an ASCII word, number or address
            }
            let ok = if run.len >= 2 {
                true
            } else if run.all_ascii_x {
                // X光, X射线 are words; X月X日 is a placeholder.
                matches!(after, Some('年' | '月' | '日' | '号'))
            } else {
                han(run.before) || han(after)
            };
            if ok {
                xs.push((run.start, run.end));
            }
        }
        RunKind::Star => {
            if han(run.before) || han(after) {
                placeholder(run.start, run.end, text, out);
            }
        }
        RunKind::Blank => {
            let full = text[run.start..run.end].contains('＿');
            if run.len >= 3 || (full && run.len >= 2) {
                placeholder(run.start, run.end, text, out);
            }
        }
    }
}

/// Bracketed placeholders such as [单位名称] or 【填写日期】: at most 16 characters on the line, naming a field.
fn bracket_placeholder(text: &str, at: usize, open: char, out: &mut Vec<Raw>) {
    let close = match open {
        '[' => ']',
        '【' => '】',
        '［' => '］',
        _ => '〗',
    };
    let rest = &text[at + open.len_utf8()..];
    let mut end = None;
    for (n, (i, c)) in rest.char_indices().enumerate() {
        if c == close {
            end = Some(i);
            break;
        }
        if n >= 16 || c == '\n' || c == open {
            return;
        }
    }
    let Some(e) = end else { return };
    let inner = &rest[..e];
    const FIELDS: [&str; 16] = [
        "名称",
        "姓名",
        "名字",
        "日期",
        "时间",
        "地点",
        "单位",
        "职务",
        "金额",
        "数量",
        "填写",
        "待定",
        "待补充",
        "输入",
        "某",
        "文号",
    ];
    if !inner.is_empty()
        && inner.chars().all(|c| is_han(c) || c == '/' || c == '、')
        && FIELDS.iter().any(|f| inner.contains(f))
    {
        placeholder(at, at + open.len_utf8() + e + close.len_utf8(), text, out);
    }
}

pub(crate) fn chars(text: &str, out: &mut Vec<Raw>) {
    let mut line = Line::default();
    let mut run: Option<Run> = None;
    let mut xs: Vec<(usize, usize)> = Vec::new();
    let mut prev: Option<char> = None;
    let mut in_url = false;
    let mut numbers = Numbers::default();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        // Most characters are Han characters no rule starts from: only the state they touch is updated.
        if run.is_none() && is_han(c) && !matches!(c, '年' | '倍' | '百') {
            in_url = false;
            if let Some(top) = line.parens.last_mut() {
                top.cjk = true;
            }
            prev = Some(c);
            continue;
        }
        let next = it.peek().map(|&(_, n)| n);
        if matches!(c, '0'..='9' | '、' | '倍' | '年' | '百')
            && !(c.is_ascii_digit() && prev.is_some_and(|p| p.is_ascii_digit()))
        {
            numbers.at(text, i, c, prev, out);
        }
        let kind = if is_x(c) {
            Some(RunKind::X)
        } else if is_star(c) {
            Some(RunKind::Star)
        } else if is_blank(c) {
            Some(RunKind::Blank)
        } else {
            None
        };
        match (&mut run, kind) {
            (Some(r), Some(k)) if r.kind == k => {
                r.end = i + c.len_utf8();
                r.len += 1;
                r.all_ascii_x &= matches!(c, 'X' | 'x');
            }
            _ => {
                if let Some(r) = run.take() {
                    close_run(r, Some(c), text, &mut xs, out);
                }
                if let Some(k) = kind {
                    run = Some(Run {
                        kind: k,
                        start: i,
                        end: i + c.len_utf8(),
                        len: 1,
                        before: prev,
                        all_ascii_x: matches!(c, 'X' | 'x'),
                    });
                }
            }
        }

        if in_url && (c.is_whitespace() || !c.is_ascii()) {
            in_url = false;
        }
        if !in_url && matches!(c, 'h' | 'w' | 'H' | 'W') {
            let rest = &text[i..];
            let starts =
                |p: &str| rest.len() >= p.len() && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
            in_url = starts("http://") || starts("https://") || starts("www.");
        }

        match c {
            '\n' => {
                end_line(&mut line, out);
            }
            ',' | ':' | ';' | '!' | '?' if !in_url => {
                let after_cjk = prev.is_some_and(is_cjk_context);
                let before_han = next.is_some_and(is_han) && !prev.is_some_and(|p| p.is_ascii_alphanumeric());
                if after_cjk || before_han {
                    half_width(i, c, out);
                }
            }
            '(' if !in_url => {
                line.parens.push(Paren { at: i, cjk: prev.is_some_and(is_cjk_context) || next.is_some_and(is_han) })
            }
            ')' if !in_url => {
                let here = prev.is_some_and(is_cjk_context) || next.is_some_and(is_han);
                match line.parens.pop() {
                    Some(p) if p.cjk || here => {
                        half_width(p.at, '(', out);
                        half_width(i, ')', out);
                    }
                    Some(_) => {}
                    None if here => half_width(i, ')', out),
                    None => {}
                }
            }
            '"' if !in_url => {
                if prev.is_some_and(is_cjk_context) || next.is_some_and(is_cjk_context) {
                    let fw = if line.straight_quotes % 2 == 0 { '“' } else { '”' };
                    out.push(Raw {
                        start: i,
                        end: i + 1,
                        rule: "punct.ascii-quote",
                        class: Class::Punctuation,
                        severity: Severity::Warning,
                        message: format!("中文文本中应使用全角引号“{fw}”，而不是半角\""),
                        suggestions: vec![fw.to_string()],
                    });
                }
                line.straight_quotes += 1;
            }
            '[' | '【' | '［' | '〖' => bracket_placeholder(text, i, c, out),
            '.' | '。' | '·' | '・' | '…' | '—' | '―' | '－' | '-' | '、' if !in_url => {
                punct::at(text, i, c, prev, out)
            }
            '“' | '（' | '《' | '〈' => {
                if c == '〈' && !line.stack.iter().any(|&(o, _)| o == '《') {
                    pair_error(i, c, Severity::Error, "单书名号“〈〉”只能用在书名号“《》”之内".to_string(), out);
                }
                line.stack.push((c, i));
            }
            // An apostrophe typed as ‘ inside an English word is not a quote.
            '‘' if !(prev.is_some_and(|p| p.is_ascii_alphabetic())
                && next.is_some_and(|n| n.is_ascii_alphabetic())) =>
            {
                line.stack.push((c, i));
            }
            '”' | '）' | '》' | '〉' | '’' => {
                if c == '’' && prev.is_some_and(|p| p.is_ascii_alphabetic()) {
                    // don’t, China’s: an apostrophe, unless a ‘ is waiting for it
                    if !line.stack.iter().any(|&(o, _)| o == '‘') {
                        prev = Some(c);
                        continue;
                    }
                }
                close_pair(&mut line, i, c, out);
            }
            _ => {}
        }
        if let Some(top) = line.parens.last_mut() {
            top.cjk |= is_han(c);
        }
        prev = Some(c);
    }
    if let Some(r) = run.take() {
        close_run(r, None, text, &mut xs, out);
    }
    end_line(&mut line, out);
    merge_dates(text, xs, out);
    numbers.finish(text, out);
}

fn close_pair(line: &mut Line, i: usize, c: char, out: &mut Vec<Raw>) {
    let open = opener_of(c);
    if line.stack.last().is_some_and(|&(o, _)| o == open) {
        line.stack.pop();
        return;
    }
    if let Some(pos) = line.stack.iter().rposition(|&(o, _)| o == open) {
        for (o, at) in line.stack.drain(pos + 1..) {
            pair_error(
                at,
                o,
                Severity::Error,
                format!("“{o}”与“{}”交错嵌套：“{o}”应在“{c}”之前用“{}”闭合", closer_of(open), closer_of(o)),
                out,
            );
        }
        line.stack.pop();
    } else {
        pair_error(i, c, Severity::Error, format!("“{c}”没有与之配对的“{open}”"), out);
    }
}

fn end_line(line: &mut Line, out: &mut Vec<Raw>) {
    for (o, at) in line.stack.drain(..) {
        // A quotation over several paragraphs opens each one and closes only the last: a warning, not an error.
        let severity = if matches!(o, '“' | '‘') { Severity::Warning } else { Severity::Error };
        pair_error(at, o, severity, format!("“{o}”在本段内没有与之配对的“{}”", closer_of(o)), out);
    }
    for p in line.parens.drain(..) {
        if p.cjk {
            half_width(p.at, '(', out);
        }
    }
    line.straight_quotes = 0;
}

/// ×月×日 and XX年XX月XX日 are one placeholder, not three.
fn merge_dates(text: &str, xs: Vec<(usize, usize)>, out: &mut Vec<Raw>) {
    let mut i = 0;
    while i < xs.len() {
        let (start, mut end) = xs[i];
        let mut merged = false;
        while i + 1 < xs.len() {
            let gap = &text[end..xs[i + 1].0];
            if gap == "年" || gap == "月" {
                end = xs[i + 1].1;
                i += 1;
                merged = true;
            } else {
                break;
            }
        }
        if merged {
            if let Some(c @ ('日' | '号' | '月')) = text[end..].chars().next() {
                end += c.len_utf8();
            }
        }
        placeholder(start, end, text, out);
        i += 1;
    }
}
