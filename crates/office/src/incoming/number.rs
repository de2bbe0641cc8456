//! A 发文字号 inside a line, read tolerantly: 〔〕 typed as [] () 【】 ［］ （）, a 第 before the
//! sequence, leading zeros, a two-digit year. What had to be corrected is reported, so the clerk
//! sees that the sender's number was not in the standard form (GB/T 9704 7.2.4).

use zs_domain::document::DocNumber;
use zs_domain::text::is_han;

const OPEN: [char; 6] = ['〔', '[', '(', '【', '［', '（'];
const CLOSE: [char; 6] = ['〕', ']', ')', '】', '］', '）'];

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NumberFound {
    pub number: DocNumber,
    /// Byte range of the number as written.
    pub start: usize,
    pub end: usize,
    /// What was corrected, in Chinese, empty for a number in the standard form.
    pub fixes: Vec<&'static str>,
}

/// The first 文号 in `line`.
pub(super) fn find(line: &str) -> Option<NumberFound> {
    line.char_indices().filter(|(_, c)| OPEN.contains(c)).find_map(|(i, c)| at(line, i, c))
}

fn at(line: &str, open_at: usize, open: char) -> Option<NumberFound> {
    // 机关代字: the run of Han characters right before the bracket, 1–12 of them.
    let start = line[..open_at].char_indices().rev().take_while(|(_, c)| is_han(*c)).last().map(|(i, _)| i)?;
    let code = line[start..open_at].to_string();
    if code.chars().count() > 12 {
        return None;
    }

    let mut fixes = Vec::new();
    let rest = &line[open_at + open.len_utf8()..];
    let year_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let close = rest[year_len..].chars().next().filter(|c| CLOSE.contains(c))?;
    let year: i32 = match year_len {
        4 => rest[..year_len].parse().ok()?,
        2 => {
            fixes.push("年份只写了两位，已按20××年补全，请核对");
            2000 + rest[..year_len].parse::<i32>().ok()?
        }
        _ => return None,
    };
    if !(1949..=2200).contains(&year) {
        return None;
    }
    if open != '〔' || close != '〕' {
        fixes.push("年份应使用六角括号〔〕");
    }

    let after = &rest[year_len + close.len_utf8()..];
    let seq_part = after.trim_start();
    let (seq_part, di) = match seq_part.strip_prefix('第') {
        Some(s) => (s, true),
        None => (seq_part, false),
    };
    let digits = seq_part.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    let tail = seq_part[digits..].trim_start();
    let tail = tail.strip_prefix('号')?;
    let seq: i64 = seq_part[..digits].parse().ok()?;
    if seq < 1 {
        return None;
    }
    if di {
        fixes.push("序号前不加“第”");
    }
    if seq_part.starts_with('0') {
        fixes.push("序号不编虚位（不加前导0）");
    }
    Some(NumberFound { number: DocNumber { code, year, seq }, start, end: line.len() - tail.len(), fixes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &str) -> Option<(String, usize)> {
        find(line).map(|f| (f.number.to_string(), f.fixes.len()))
    }

    #[test]
    fn standard_and_tolerant_forms() {
        assert_eq!(text("青政办发〔2026〕12号"), Some(("青政办发〔2026〕12号".into(), 0)));
        assert_eq!(text("发文字号：青政办发〔2026〕12号"), Some(("青政办发〔2026〕12号".into(), 0)));
        assert_eq!(text("青政办发[2026]12号"), Some(("青政办发〔2026〕12号".into(), 1)));
        assert_eq!(text("青政办发（2026）12号"), Some(("青政办发〔2026〕12号".into(), 1)));
        assert_eq!(text("青政办发【2026】第12号"), Some(("青政办发〔2026〕12号".into(), 2)));
        assert_eq!(text("青政办发〔2026〕012号"), Some(("青政办发〔2026〕12号".into(), 1)));
        assert_eq!(text("青政函〔26〕3号"), Some(("青政函〔2026〕3号".into(), 1)));
        assert_eq!(text("青政办发〔2026〕 12 号    签发人：张三"), Some(("青政办发〔2026〕12号".into(), 0)));
        let f = find("文号：青政发[2026]第012号").unwrap();
        assert_eq!(&"文号：青政发[2026]第012号"[f.start..f.end], "青政发[2026]第012号");
        assert_eq!(f.fixes.len(), 3);
    }

    #[test]
    fn not_numbers() {
        for s in [
            "〔2026〕12号",
            "青政办发〔2026〕号",
            "青政办发〔二〇二六〕12号",
            "青政办发〔2026〕0号",
            "（2026年）",
            "青政办发〔1800〕1号",
            "见附件（一）",
        ] {
            assert_eq!(find(s), None, "{s}");
        }
    }
}
