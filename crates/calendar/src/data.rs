//! The per-year text format: shipped files and administrator uploads share it.
//!
//! ```text
//! # comment
//! year 2026
//! off 2026-01-01..2026-01-03 元旦
//! work 2026-01-04 元旦调休
//! ```

use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Years an administrator may upload; guards against typos like `year 20266`.
const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Inclusive run of dates sharing one name (holiday name, or e.g. "春节调休").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub name: String,
}

impl Span {
    /// Dates of the span, in order (empty if `end < start`).
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.start.iter_days().take_while(move |d| *d <= self.end)
    }
}

/// One year's holiday arrangement. Spans are sorted by start after `parse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearData {
    pub year: i32,
    /// Official days off (放假).
    pub off: Vec<Span>,
    /// Makeup working days (调休上班), normally weekends.
    pub work: Vec<Span>,
}

/// `line` is 1-based; 0 means the problem is not tied to one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "第{}行：{}", self.line, self.message)
        }
    }
}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError { line, message: message.into() })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Off,
    Work,
}

struct Entry {
    line: usize,
    kind: Kind,
    span: Span,
}

impl YearData {
    /// Parses and validates one year's file. Reports the earliest problem by line.
    pub fn parse(text: &str) -> Result<YearData, ParseError> {
        // Windows Notepad saves UTF-8 with a BOM.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut errors: Vec<ParseError> = Vec::new();
        let mut year: Option<(i32, usize)> = None;
        let mut entries: Vec<Entry> = Vec::new();

        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            match parse_line(raw, line) {
                Ok(None) => {}
                Ok(Some(Line::Year(y))) => match year {
                    Some((_, first)) => errors.push(ParseError {
                        line,
                        message: format!("年份行重复（第{first}行已写年份），每个文件只能有一个 year 行"),
                    }),
                    None => year = Some((y, line)),
                },
                Ok(Some(Line::Entry(e))) => entries.push(e),
                Err(e) => errors.push(e),
            }
        }

        let year = match year {
            Some((y, _)) => y,
            // An invalid year line already produced its own error.
            None if !errors.is_empty() => return Err(earliest(errors)),
            None => {
                let line = entries.first().map_or(0, |e| e.line);
                errors.push(ParseError {
                    line, message: "缺少年份行，请在文件开头写明年份，例如 year 2026".into()
                });
                return Err(earliest(errors));
            }
        };

        if let Err(e) = check_entries(year, &entries) {
            errors.push(e);
        }
        if !errors.is_empty() {
            return Err(earliest(errors));
        }

        let (mut off, mut work) = (Vec::new(), Vec::new());
        for e in entries {
            match e.kind {
                Kind::Off => off.push(e.span),
                Kind::Work => work.push(e.span),
            }
        }
        // No overlaps within a kind (checked above), so start order is total.
        off.sort_by_key(|s| s.start);
        work.sort_by_key(|s| s.start);
        Ok(YearData { year, off, work })
    }

    /// Canonical text (spans sorted); `parse(&d.to_text())` gives `d` back for parsed data.
    pub fn to_text(&self) -> String {
        let mut out = format!("# {}年节假日安排\nyear {}\n", self.year, self.year);
        for (keyword, spans) in [("off", &self.off), ("work", &self.work)] {
            let mut spans: Vec<&Span> = spans.iter().collect();
            spans.sort_by_key(|s| s.start);
            for s in spans {
                out.push_str(keyword);
                out.push(' ');
                out.push_str(&s.start.format("%Y-%m-%d").to_string());
                if s.end != s.start {
                    let _ = write!(out, "..{}", s.end.format("%Y-%m-%d"));
                }
                // Names cannot hold '#' or line breaks in the format; keep the line intact.
                let name = s.name.replace(['#', '＃', '\n', '\r'], " ");
                let name = name.trim();
                if !name.is_empty() {
                    out.push(' ');
                    out.push_str(name);
                }
                out.push('\n');
            }
        }
        out
    }

    /// Number of distinct days off, for display.
    pub fn off_days(&self) -> usize {
        count_dates(&self.off)
    }

    /// Number of distinct makeup working days, for display.
    pub fn work_days(&self) -> usize {
        count_dates(&self.work)
    }
}

fn count_dates(spans: &[Span]) -> usize {
    let mut dates: Vec<NaiveDate> = spans.iter().flat_map(Span::dates).collect();
    dates.sort_unstable();
    dates.dedup();
    dates.len()
}

fn earliest(mut errors: Vec<ParseError>) -> ParseError {
    errors.sort_by_key(|e| e.line);
    errors.swap_remove(0)
}

enum Line {
    Year(i32),
    Entry(Entry),
}

fn parse_line(raw: &str, line: usize) -> Result<Option<Line>, ParseError> {
    // '#' (or full-width '＃') starts a comment anywhere on the line.
    let content = raw.split(['#', '＃']).next().unwrap_or("").trim();
    if content.is_empty() {
        return Ok(None);
    }
    let (keyword, rest) = split_word(content);
    // Chinese keywords are accepted too, since administrators write these files by hand.
    let kind = match keyword.to_ascii_lowercase().as_str() {
        "year" | "年份" => return parse_year(rest, line).map(|y| Some(Line::Year(y))),
        "off" | "放假" => Kind::Off,
        "work" | "上班" => Kind::Work,
        _ => return err(line, format!("无法识别“{keyword}”，每行应以 year、off 或 work 开头")),
    };
    let (spec, name) = split_word(rest);
    if spec.is_empty() {
        let example = match kind {
            Kind::Off => "off 2026-10-01..2026-10-07 国庆节",
            Kind::Work => "work 2026-10-10 国庆节调休",
        };
        return err(line, format!("“{keyword}”后缺少日期，例如 {example}"));
    }
    if kind == Kind::Off && name.is_empty() {
        return err(line, "放假日期后缺少节日名称，例如 off 2026-10-01..2026-10-07 国庆节");
    }
    let (start, end) = match spec.split_once("..") {
        Some((a, b)) => (parse_date(a, line)?, parse_date(b, line)?),
        None => {
            let d = parse_date(spec, line)?;
            (d, d)
        }
    };
    if end < start {
        return err(line, format!("日期范围“{spec}”的起始日期晚于结束日期，应写作 早..晚"));
    }
    Ok(Some(Line::Entry(Entry { line, kind, span: Span { start, end, name: name.to_string() } })))
}

/// First whitespace-separated word and the trimmed rest (Unicode whitespace, so 全角空格 works).
fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim();
    match s.find(char::is_whitespace) {
        Some(i) => (&s[..i], s[i..].trim()),
        None => (s, ""),
    }
}

fn parse_year(rest: &str, line: usize) -> Result<i32, ParseError> {
    let ok_syntax = rest.len() == 4 && rest.bytes().all(|b| b.is_ascii_digit());
    let year = match rest.parse::<i32>() {
        Ok(y) if ok_syntax => y,
        _ => return err(line, format!("年份“{rest}”无法识别，应为四位数字，例如 year 2026")),
    };
    if !YEAR_RANGE.contains(&year) {
        return err(line, format!("年份 {year} 超出支持范围（{}–{}）", YEAR_RANGE.start(), YEAR_RANGE.end()));
    }
    Ok(year)
}

/// `YYYY-MM-DD`; single-digit month/day and `/` separators are accepted for hand-written files.
fn parse_date(s: &str, line: usize) -> Result<NaiveDate, ParseError> {
    let bad = || err(line, format!("日期“{s}”无法识别，应为 YYYY-MM-DD"));
    let parts: Vec<&str> = s.split(['-', '/']).collect();
    let [y, m, d] = parts[..] else {
        return bad();
    };
    let digits = |p: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)) {
        return bad();
    }
    let (y, m, d) = (y.parse().unwrap_or(0), m.parse().unwrap_or(0), d.parse().unwrap_or(0));
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => Ok(date),
        None => err(line, format!("日期“{s}”不存在，请检查月和日是否写对")),
    }
}

/// Cross-line checks, in line order: dates inside the year, no date twice, work on weekends.
fn check_entries(year: i32, entries: &[Entry]) -> Result<(), ParseError> {
    let mut seen: HashMap<NaiveDate, (usize, Kind)> = HashMap::new();
    for e in entries {
        for date in [e.span.start, e.span.end] {
            if date.year() != year {
                return err(e.line, format!("日期 {date} 不在 {year} 年内，本文件只能写 {year} 年的日期"));
            }
        }
        for date in e.span.dates() {
            if e.kind == Kind::Work && !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                return err(
                    e.line,
                    format!("{date} 是{}，本来就是工作日，无需写成调休上班（work）", weekday_zh(date.weekday())),
                );
            }
            if let Some(&(first, kind)) = seen.get(&date) {
                let message = match (kind, e.kind) {
                    (Kind::Off, Kind::Work) => {
                        format!("{date} 已在第{first}行标为放假，不能同时标为上班")
                    }
                    (Kind::Work, Kind::Off) => {
                        format!("{date} 已在第{first}行标为上班，不能同时标为放假")
                    }
                    _ => format!("{date} 已在第{first}行写过，同一日期只能出现一次"),
                };
                return err(e.line, message);
            }
            seen.insert(date, (e.line, e.kind));
        }
    }
    Ok(())
}

fn weekday_zh(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn parse_err(text: &str) -> ParseError {
        YearData::parse(text).expect_err("should not parse")
    }

    #[test]
    fn parses_the_example() {
        let text = "# 2026年部分节假日安排（国务院办公厅通知）\n\nyear 2026\n\
                    off 2026-01-01..2026-01-03 元旦\noff 2026-02-15..2026-02-23 春节\n\
                    work 2026-01-04 元旦调休\nwork 2026-02-14 春节调休\n";
        let y = YearData::parse(text).unwrap();
        assert_eq!(y.year, 2026);
        assert_eq!(y.off[0], Span { start: d("2026-01-01"), end: d("2026-01-03"), name: "元旦".into() });
        assert_eq!(y.off_days(), 3 + 9);
        assert_eq!(y.work_days(), 2);
        assert_eq!(y.work[1].name, "春节调休");
        assert_eq!(YearData::parse(&y.to_text()).unwrap(), y);
    }

    #[test]
    fn lenient_hand_written_forms() {
        // BOM, CRLF, 全角空格, inline comment, Chinese keywords, unpadded dates, '/' separator,
        // year after entries, work without a name, spans out of order.
        let text = "\u{feff}放假 2026/10/1..2026-10-7\u{3000}国庆节  # 十一\r\n\
                    OFF 2026-5-1 劳动节\r\nwork 2026-10-10\r\n年份 2026\r\n";
        let y = YearData::parse(text).unwrap();
        assert_eq!(y.year, 2026);
        assert_eq!(y.off[0].start, d("2026-05-01"));
        assert_eq!(y.off[1].name, "国庆节");
        assert_eq!(y.off[1].end, d("2026-10-07"));
        assert_eq!(y.work[0].name, "");
        assert_eq!(y.off_days(), 8);
        assert_eq!(YearData::parse(&y.to_text()).unwrap(), y);
    }

    #[test]
    fn bad_date_reports_line() {
        let e = parse_err("year 2026\n# x\noff 2026-13-01 元旦\n");
        assert_eq!(e.line, 3);
        assert_eq!(e.to_string(), "第3行：日期“2026-13-01”不存在，请检查月和日是否写对");
        let e = parse_err("year 2026\noff 2026-1-xx 元旦\n");
        assert_eq!(e.to_string(), "第2行：日期“2026-1-xx”无法识别，应为 YYYY-MM-DD");
        let e = parse_err("year 2026\nwork 2026-02-30\n");
        assert_eq!((e.line, e.message.contains("不存在")), (2, true));
    }

    #[test]
    fn date_outside_year() {
        let e = parse_err("year 2026\noff 2026-01-01 元旦\nwork 2025-12-27 元旦调休\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("2025-12-27"), "{e}");
        assert!(e.message.contains("不在 2026 年内"), "{e}");
        // A range crossing the year end is outside too.
        assert_eq!(parse_err("year 2026\noff 2026-12-31..2027-01-01 元旦\n").line, 2);
    }

    #[test]
    fn missing_or_duplicate_year() {
        let e = parse_err("# 无年份\n\noff 2026-01-01 元旦\n");
        assert_eq!(e.line, 3);
        assert!(e.to_string().starts_with("第3行：缺少年份行"), "{e}");
        let e = parse_err("# 只有注释\n");
        assert_eq!(e.line, 0);
        assert!(e.to_string().starts_with("缺少年份行"), "{e}");
        let e = parse_err("year 2026\noff 2026-01-01 元旦\nyear 2026\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("第1行"), "{e}");
        assert_eq!(parse_err("year 26\n").line, 1);
        assert_eq!(parse_err("year 2026 年\n").line, 1);
        assert_eq!(parse_err("year 1800\n").line, 1);
    }

    #[test]
    fn off_and_work_on_one_date() {
        let e = parse_err("year 2026\noff 2026-02-14..2026-02-16 春节\nwork 2026-02-14 春节调休\n");
        assert_eq!(e.line, 3);
        assert_eq!(e.to_string(), "第3行：2026-02-14 已在第2行标为放假，不能同时标为上班");
        let e = parse_err("year 2026\nwork 2026-02-14\noff 2026-02-13..2026-02-15 春节\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("已在第2行标为上班"), "{e}");
        let e = parse_err("year 2026\noff 2026-10-01..2026-10-08 国庆节\noff 2026-10-06 中秋节\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("只能出现一次"), "{e}");
    }

    #[test]
    fn reversed_range() {
        let e = parse_err("year 2026\n\noff 2026-01-03..2026-01-01 元旦\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("起始日期晚于结束日期"), "{e}");
    }

    #[test]
    fn other_errors() {
        let e = parse_err("year 2026\nholiday 2026-01-01 元旦\n");
        assert_eq!(e.line, 2);
        assert!(e.message.contains("“holiday”"), "{e}");
        assert_eq!(parse_err("year 2026\noff\n").line, 2);
        let e = parse_err("year 2026\noff 2026-01-01\n");
        assert!(e.message.contains("缺少节日名称"), "{e}");
        let e = parse_err("year 2026\nwork 2026-01-05 调休\n");
        assert_eq!(e.line, 2);
        assert!(e.message.contains("星期一"), "{e}");
        assert_eq!(parse_err("year 2026\noff 2026-01-01..2026-01-02..2026-01-03 元旦\n").line, 2);
    }

    #[test]
    fn earliest_error_wins() {
        // Line 2 is outside the year (found in the second pass); line 3 is a syntax error.
        let e = parse_err("year 2026\noff 2025-01-01 元旦\noff 2026-99-01 x\n");
        assert_eq!(e.line, 2);
    }

    #[test]
    fn to_text_keeps_names_on_one_line() {
        let y = YearData {
            year: 2030,
            off: vec![Span { start: d("2030-02-02"), end: d("2030-02-02"), name: "a#b\nc".into() }],
            work: vec![],
        };
        let back = YearData::parse(&y.to_text()).unwrap();
        assert_eq!(back.off[0].name, "a b c");
    }
}
