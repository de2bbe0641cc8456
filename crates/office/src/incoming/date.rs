//! Dates as documents write them: 2026年11月22日 (GB/T 9704), 二〇二六年十一月二十二日 (older documents
//! and 纪要), and 2026-11-22 / 2026.11.22 / 2026/11/22 in web pages' metadata.

use chrono::NaiveDate;

use crate::numerals::{parse_counting, parse_digits};

/// Reads `s` as exactly one date (spaces ignored); `None` if anything else is there or the date
/// does not exist (2026年2月30日).
pub(super) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    written(&s).or_else(|| numeric(&s))
}

/// 2026年11月22日 or 二〇二六年十一月二十二日.
fn written(s: &str) -> Option<NaiveDate> {
    let (year, rest) = s.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let arabic = |t: &str| {
        (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok()).flatten()
    };
    let y = arabic(year).or_else(|| parse_digits(year))?;
    let m = arabic(month).or_else(|| parse_counting(month))?;
    let d = arabic(day).or_else(|| parse_counting(day))?;
    if year.chars().count() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// 2026-11-22, 2026.11.22, 2026/11/22.
fn numeric(s: &str) -> Option<NaiveDate> {
    let sep = s.chars().find(|c| matches!(c, '-' | '.' | '/'))?;
    let mut parts = s.split(sep);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() > 2 || d.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn document_dates() {
        assert_eq!(parse_date("2026年11月22日"), ymd(2026, 11, 22));
        assert_eq!(parse_date(" 2026 年 1 月 5 日 "), ymd(2026, 1, 5));
        assert_eq!(parse_date("２０２６年１１月２２日"), ymd(2026, 11, 22));
        assert_eq!(parse_date("二〇二六年十一月二十二日"), ymd(2026, 11, 22));
        assert_eq!(parse_date("二○二六年一月三十一日"), ymd(2026, 1, 31));
        assert_eq!(parse_date("2026-11-22"), ymd(2026, 11, 22));
        assert_eq!(parse_date("2026.1.5"), ymd(2026, 1, 5));
        assert_eq!(parse_date("2026/11/22"), ymd(2026, 11, 22));
    }

    #[test]
    fn not_dates() {
        for s in [
            "2026年2月30日",
            "26年11月22日",
            "2026年11月",
            "2026年11月22日印发",
            "二〇二六年十三月一日",
            "11-22",
            "",
            "2026-11-22-1",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }
}
