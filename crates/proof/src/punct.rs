//! Marks checked where they stand, called from the one character pass ([`crate::scan::chars`]): ellipsis and
//! dash forms and 顿号 misuse (GB/T 15834-2011 4.5, 4.11, 4.9).

use crate::{is_cjk_context, is_han, Class, Raw, Severity};

/// How many times `c` repeats from byte `i` on (at least 1), and the byte after the run.
fn run(text: &str, i: usize, c: char) -> (usize, usize) {
    let mut n = 0;
    let mut end = i;
    for ch in text[i..].chars() {
        if ch != c {
            break;
        }
        n += 1;
        end += ch.len_utf8();
    }
    (n, end)
}

fn warn(start: usize, end: usize, rule: &'static str, message: &str, suggestion: Option<&str>) -> Raw {
    let mut r = Raw::new(start, end, rule, Class::Punctuation, Severity::Warning).msg(message);
    if let Some(s) = suggestion {
        r.suggestions.push(s.to_string());
    }
    r
}

/// Called for each character of interest; `prev` is the character before `i`.
pub(crate) fn at(text: &str, i: usize, c: char, prev: Option<char>, out: &mut Vec<Raw>) {
    if prev == Some(c) && c != '、' {
        return; // the run was judged at its first character
    }
    let next_after = |end: usize| text[end..].chars().next();
    match c {
        '.' | '。' | '·' | '・' => {
            let (n, end) = run(text, i, c);
            let cjk = prev.is_some_and(is_cjk_context) || next_after(end).is_some_and(is_cjk_context);
            let min = if c == '。' { 2 } else { 3 };
            if n >= min && (cjk || c == '。') {
                out.push(warn(
                    i,
                    end,
                    "punct.ellipsis",
                    "省略号应使用“……”（两个三连点），不要用句点或圆点代替",
                    Some("……"),
                ));
            }
        }
        '…' => {
            let (n, end) = run(text, i, c);
            if n != 2 && n != 4 {
                out.push(warn(i, end, "punct.ellipsis", "省略号应为两个“…”连用，即“……”", Some("……")));
            }
            if n >= 2 && text[end..].starts_with('等') {
                let e = end + '等'.len_utf8();
                let e = if text[e..].starts_with('等') { e + '等'.len_utf8() } else { e };
                out.push(
                    warn(end, e, "punct.ellipsis-etc", "省略号与“等”“等等”意思重复，二者只用其一", None)
                        .msg("省略号与“等”“等等”意思重复，删去“等”或省略号"),
                );
            }
        }
        '—' => {
            let (n, end) = run(text, i, c);
            if n >= 3 {
                out.push(warn(i, end, "punct.dash", "破折号应为两个“—”连用，即“——”", Some("——")));
            } else if n == 1 && (text[end..].starts_with(" —") || text[end..].starts_with("　—")) {
                let e = end + text[end..].char_indices().nth(2).map_or(text.len() - end, |(k, _)| k);
                out.push(warn(i, e, "punct.dash", "破折号“——”中间不能有空格", Some("——")));
            }
        }
        '―' | '－' => {
            let (n, end) = run(text, i, c);
            if n == 2 {
                out.push(warn(
                    i,
                    end,
                    "punct.dash",
                    "破折号应使用“——”（U+2014），不要用横线或全角减号代替",
                    Some("——"),
                ));
            }
        }
        '-' => {
            let (n, end) = run(text, i, c);
            let cjk = prev.is_some_and(is_han) || next_after(end).is_some_and(is_han);
            if n == 2 && cjk {
                out.push(warn(i, end, "punct.dash", "中文破折号应为“——”，不要用两个半角减号", Some("——")));
            }
        }
        '、' => {
            let end = i + '、'.len_utf8();
            let next = next_after(end);
            match (prev, next) {
                (Some('”'), Some('“')) => out.push(warn(
                    i,
                    end,
                    "punct.dunhao",
                    "并列的引号之间通常不用顿号（GB/T 15834-2011 4.5.3.5）",
                    Some(""),
                )),
                (Some('》'), Some('《')) => out.push(warn(
                    i,
                    end,
                    "punct.dunhao",
                    "并列的书名号之间通常不用顿号（GB/T 15834-2011 4.5.3.5）",
                    Some(""),
                )),
                (Some(p), _) if "，。；：！？、,;:".contains(p) => out.push(
                    Raw::new(i, end, "punct.dunhao", Class::Punctuation, Severity::Error)
                        .msg(format!("顿号不能紧跟在“{p}”之后"))
                        .suggest(""),
                ),
                (_, Some(n)) if "，。；：！？,;:".contains(n) || n == '\n' || n == '\r' => out.push(
                    Raw::new(i, end, "punct.dunhao", Class::Punctuation, Severity::Error)
                        .msg("顿号只用在句中并列词语之间，不能放在句末或其他点号之前")
                        .suggest(""),
                ),
                (Some(p), None) if p != '\n' => out.push(
                    Raw::new(i, end, "punct.dunhao", Class::Punctuation, Severity::Error)
                        .msg("顿号只用在句中并列词语之间，不能放在句末")
                        .suggest(""),
                ),
                _ => {}
            }
        }
        _ => {}
    }
}
