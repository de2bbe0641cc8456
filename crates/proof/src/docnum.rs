//! 文号 (发文字号): 机关代字〔2026〕12号 — 〔〕, full year, no 第, no leading zeros (GB/T 9704-2012 7.2.4),
//! found by a scan back from each 号.

use crate::{is_han, Class, Raw, Severity};

/// 文号: 机关代字〔2026〕12号 — 〔〕, full year, no 第, no leading zeros.
pub(crate) fn check(text: &str, out: &mut Vec<Raw>) {
    for (pos, _) in text.match_indices('号') {
        if let Some(raw) = doc_number_at(text, pos) {
            out.push(raw);
        }
    }
}

fn doc_number_at(text: &str, pos: usize) -> Option<Raw> {
    let head = &text[..pos];
    let mut it = head.char_indices().rev().peekable();
    // serial number
    let mut num_start = pos;
    while let Some(&(i, c)) = it.peek() {
        if c.is_ascii_digit() {
            num_start = i;
            it.next();
        } else {
            break;
        }
    }
    let num = &text[num_start..pos];
    if num.is_empty() || num.len() > 6 {
        return None;
    }
    let ordinal = it.peek().is_some_and(|&(_, c)| c == '第');
    if ordinal {
        it.next();
    }
    let (_, close) = it.next()?;
    let open_expected = match close {
        '〕' => '〔',
        ']' => '[',
        ')' => '(',
        '）' => '（',
        '】' => '【',
        '］' => '［',
        '〗' => '〖',
        _ => return None,
    };
    let mut year_start = None;
    let mut year_len = 0;
    while let Some(&(i, c)) = it.peek() {
        if c.is_ascii_digit() {
            year_start = Some(i);
            year_len += 1;
            it.next();
        } else {
            break;
        }
    }
    let year_start = year_start?;
    if year_len != 2 && year_len != 4 {
        return None;
    }
    let (open_at, open) = it.next()?;
    if open != open_expected {
        return None;
    }
    // The 机关代字 before the bracket: a Han character (某政发, 国办发).
    if !it.next().is_some_and(|(_, c)| is_han(c)) {
        return None;
    }
    let year_digits = &text[year_start..year_start + year_len];
    let year = if year_len == 2 {
        let yy: u32 = year_digits.parse().ok()?;
        format!("{}", if yy <= 50 { 2000 + yy } else { 1900 + yy })
    } else {
        year_digits.to_string()
    };
    let serial = num.trim_start_matches('0');
    let mut problems = Vec::new();
    if open != '〔' {
        problems.push(format!("年份应使用六角括号“〔〕”，而不是“{open}{close}”"));
    }
    if year_len == 2 {
        problems.push("年份应写全四位".to_string());
    }
    if ordinal {
        problems.push("序号前不加“第”".to_string());
    }
    if serial.len() != num.len() {
        problems.push("序号不编虚位（不加前导零）".to_string());
    }
    if problems.is_empty() || serial.is_empty() {
        return None;
    }
    Some(Raw {
        start: open_at,
        end: pos + '号'.len_utf8(),
        rule: "docnum.form",
        class: Class::DocNumber,
        severity: Severity::Error,
        message: format!("发文字号格式不规范：{}（GB/T 9704-2012 7.2.4）", problems.join("；")),
        suggestions: vec![format!("〔{year}〕{serial}号")],
    })
}
