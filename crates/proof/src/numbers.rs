//! Numbers (GB/T 15835-2011, GB/T 15834-2011 4.5.3.6 and 4.13): abbreviated years (08年), Arabic digits with
//! 千/百 (4千), ranges with a hyphen or a missing % (20-30%, 20～30%), approximate numbers with a 顿号 (三、四天),
//! reductions stated as multiples (降低一倍), leading zeros in dates, and one text mixing forms within a category
//! (2026年 and 二〇二六年, 30% and 百分之三十). Driven by the one character pass ([`crate::scan::chars`]): every
//! rule starts at a digit, a 、, a 倍, a 年 or a 百.

use crate::structure::cn_value;
use crate::{is_han, Class, Raw, Severity};

fn digits_at(b: &[u8], i: usize) -> usize {
    b[i..].iter().take_while(|c| c.is_ascii_digit()).count()
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

fn warn(start: usize, end: usize, rule: &'static str, message: String) -> Raw {
    Raw::new(start, end, rule, Class::Number, Severity::Warning).msg(message)
}

/// Units after which 千 or 百 is part of the unit (千米, 百帕), not a number word.
const UNIT_AFTER_KILO: &[&str] = &["米", "克", "瓦", "伏", "帕", "焦", "赫", "卡", "兆", "字节", "比特", "分"];

const APPROX_UNITS: &str = "十百千万亿个天年人名岁倍次项家户元斤里米小分周成层所条件位台辆处篇遍届本句张";

/// What the rules collect over a whole text, for the mixed-forms rule at its end.
#[derive(Default)]
pub(crate) struct Numbers {
    arabic_years: Vec<(usize, usize)>,
    cn_years: Vec<(usize, usize)>,
    percents: Vec<(usize, usize)>,
    cn_percents: Vec<(usize, usize)>,
}

impl Numbers {
    /// Called by the character pass for the characters that start a rule: the first digit of a run, 、 倍 年 百.
    pub fn at(&mut self, text: &str, i: usize, c: char, prev: Option<char>, out: &mut Vec<Raw>) {
        match c {
            '0'..='9' => {
                if prev.is_some_and(|p| p.is_ascii_alphanumeric() || matches!(p, '.' | '-' | '/' | '_' | ':')) {
                    return;
                }
                let n = digits_at(text.as_bytes(), i);
                arabic(text, i, n, &mut self.arabic_years, &mut self.percents, out);
            }
            '、' => approximate(text, i, out),
            '倍' => reduction(text, i, out),
            '年' => {
                if let Some(s) = cn_year(text, i) {
                    self.cn_years.push((s, i + 3));
                }
            }
            '百' if text[i..].starts_with("百分之") => {
                let rest = &text[i + 9..];
                let l: usize =
                    rest.chars().take_while(|c| "零一二三四五六七八九十百点".contains(*c)).map(char::len_utf8).sum();
                if l > 0 && !rest.starts_with('百') {
                    self.cn_percents.push((i, i + 9 + l));
                }
            }
            _ => {}
        }
    }

    /// The rules that judge the text as a whole.
    pub fn finish(self, text: &str, out: &mut Vec<Raw>) {
        let (a, b) = (&self.arabic_years, &self.cn_years);
        mixed(text, a, b, "年份", "阿拉伯数字（如“2026年”）", "汉字数字（如“二〇二六年”）", out);
        mixed(text, &self.percents, &self.cn_percents, "百分数", "“30%”式", "“百分之三十”式", out);
    }
}

/// Rules that start at a run of `n` ASCII digits at `i`.
fn arabic(
    text: &str,
    i: usize,
    n: usize,
    years: &mut Vec<(usize, usize)>,
    percents: &mut Vec<(usize, usize)>,
    out: &mut Vec<Raw>,
) {
    let num = &text[i..i + n];
    let rest = &text[i + n..];
    if let Some(after) = rest.strip_prefix('年') {
        if n == 4 {
            years.push((i, i + n + 3));
            // 2026年03月05日: no leading zeros (GB/T 9704-2012 7.3.5 for dates in 公文).
            date_zeros(text, i + n + 3, out);
        } else if n == 2 {
            let month = digits_at(after.as_bytes(), 0);
            let dated = (1..=2).contains(&month) && after[month..].starts_with('月');
            if num.starts_with('0') || dated {
                let full = format!("20{num}年");
                out.push(
                    warn(i, i + n + 3, "number.short-year", format!("年份“{num}年”不能简写，应写全四位，如“{full}”"))
                        .suggest(full),
                );
            }
        }
        return;
    }
    if let Some(unit) = ['千', '百'].into_iter().find(|u| rest.starts_with(*u)) {
        let after = &rest[3..];
        if !UNIT_AFTER_KILO.iter().any(|u| after.starts_with(u)) && !num.starts_with('0') && n <= 3 {
            let value: u64 = num.parse().unwrap_or(0) * if unit == '千' { 1000 } else { 100 };
            let then = after.chars().next();
            let (end, right) = match then {
                Some(m @ ('万' | '亿')) => (i + n + 6, format!("{value}{m}")),
                _ => (i + n + 3, value.to_string()),
            };
            out.push(
                warn(
                    i,
                    end,
                    "number.mixed-digits",
                    format!("阿拉伯数字不与“{unit}”“{}”连用，应写作“{right}”", if unit == '千' { "百" } else { "千" }),
                )
                .suggest(right),
            );
        }
        return;
    }
    let pct = rest.starts_with('%') || rest.starts_with('％');
    let after_pct = if pct { i + n + rest.chars().next().map_or(1, char::len_utf8) } else { i + n };
    if pct {
        percents.push((i, after_pct));
    }
    range(text, i, n, pct, after_pct, out);
}

/// 20-30%, 20%-30%, 3~5年, 20～30%: ranges take a 浪纹线 and a % on both numbers.
fn range(text: &str, i: usize, n: usize, pct: bool, after: usize, out: &mut Vec<Raw>) {
    let rest = &text[after..];
    let Some(sep) = rest.chars().next() else { return };
    if !matches!(sep, '-' | '~' | '～' | '－' | '〜') {
        return;
    }
    let second = after + sep.len_utf8();
    let m = digits_at(text.as_bytes(), second);
    if m == 0 || m > 4 || n > 4 {
        return;
    }
    let tail = &text[second + m..];
    let pct2 = tail.starts_with('%') || tail.starts_with('％');
    let end = second + m + if pct2 { tail.chars().next().map_or(1, char::len_utf8) } else { 0 };
    let before_ok = char_before(text, i).is_none_or(|c| is_han(c) || !c.is_ascii());
    let next = text[end..].chars().next();
    let after_ok = next.is_none_or(|c| (is_han(c) || !c.is_ascii()) && c != '-' && c != '－');
    if !before_ok || !after_ok {
        return; // 2026-03-05, 0571-8888, GB/T 9704-2012, 1-2-3
    }
    let (a, b2) = (&text[i..i + n], &text[second..second + m]);
    let both_pct = pct || pct2;
    let right = if both_pct { format!("{a}%～{b2}%") } else { format!("{a}～{b2}") };
    let time = next.is_some_and(|c| matches!(c, '月' | '日' | '时' | '点'));
    if sep != '～' && sep != '〜' {
        let mut r = warn(
            i,
            end,
            "number.range",
            if time {
                "时间范围宜用一字线“—”或浪纹线“～”连接，不用短横线或“~”".to_string()
            } else {
                format!("数值范围应使用浪纹线“～”连接，写作“{right}”（GB/T 15834-2011 4.13）")
            },
        );
        if time && !both_pct {
            r.suggestions.push(format!("{a}—{b2}"));
        }
        r.suggestions.push(right);
        out.push(r);
    } else if pct2 && !pct {
        out.push(
            warn(
                i,
                end,
                "number.range",
                format!("百分数范围前一个数的“%”不能省略，应写作“{right}”（GB/T 15835-2011）"),
            )
            .suggest(right),
        );
    }
}

/// After `2026年` at `at`: 03月 or 05日 with a leading zero.
fn date_zeros(text: &str, at: usize, out: &mut Vec<Raw>) {
    let b = text.as_bytes();
    let m = digits_at(b, at);
    if m != 2 || !text[at + m..].starts_with('月') {
        return;
    }
    let d_at = at + m + 3;
    let d = digits_at(b, d_at);
    let day_zero = d == 2 && b[d_at] == b'0' && text[d_at + d..].starts_with('日');
    if b[at] != b'0' && !day_zero {
        return;
    }
    let month = text[at..at + m].trim_start_matches('0');
    let end = if d == 2 && text[d_at + d..].starts_with('日') { d_at + d + 3 } else { at + m + 3 };
    let right = if end > at + m + 3 {
        format!("{month}月{}日", text[d_at..d_at + d].trim_start_matches('0'))
    } else {
        format!("{month}月")
    };
    out.push(
        warn(at, end, "number.date-zero", format!("日期中的月、日不编虚位（1不编为01），应写作“{right}”"))
            .suggest(right),
    );
}

/// 三、四天 → 三四天; 第一、二季度 and 一、二等奖 keep the 顿号 (abbreviated ordinals).
fn approximate(text: &str, i: usize, out: &mut Vec<Raw>) {
    let Some(a) = char_before(text, i) else { return };
    let rest = &text[i + 3..];
    let mut it = rest.chars();
    let (Some(b), Some(unit)) = (it.next(), it.next()) else { return };
    let (Some(x), Some(y)) = (cn_value(&a.to_string()), cn_value(&b.to_string())) else { return };
    if x >= 10 || y != x + 1 {
        return;
    }
    let a_at = i - a.len_utf8();
    let before = char_before(text, a_at);
    if before.is_none_or(|c| matches!(c, '第' | '、' | '\n' | '（' | '(') || cn_value(&c.to_string()).is_some())
        || !APPROX_UNITS.contains(unit)
        || rest[b.len_utf8()..].starts_with("年级")
        || it.next() == Some('、')
    {
        return;
    }
    let right = format!("{a}{b}");
    out.push(
        warn(
            a_at,
            i + 3 + b.len_utf8(),
            "number.approximate",
            format!("相邻两数连用表示概数，中间不用顿号，应写作“{right}”（GB/T 15834-2011 4.5.3.6）"),
        )
        .suggest(right),
    );
}

/// 降低了一倍: a quantity cannot fall by a multiple of itself.
fn reduction(text: &str, i: usize, out: &mut Vec<Raw>) {
    let head = &text[..i];
    let num_len: usize = head
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || "一二两三四五六七八九十".contains(*c))
        .map(char::len_utf8)
        .sum();
    if num_len == 0 {
        return;
    }
    let mut h = &head[..head.len() - num_len];
    h = h.strip_suffix('了').unwrap_or(h);
    for verb in ["减少", "降低", "下降", "缩小", "缩减", "减小", "压缩"] {
        if let Some(s) = h.strip_suffix(verb) {
            out.push(
                Raw::new(s.len(), i + 3, "number.reduction", Class::Number, Severity::Error)
                    .msg("数量减少不能用倍数表示，应改用分数或百分数（如“减少一半”“降低50%”）"),
            );
            return;
        }
    }
}

/// 二〇二六年 ending at the 年 at `i`: four Chinese digits (with 〇, ○ or 零).
fn cn_year(text: &str, i: usize) -> Option<usize> {
    let head = &text[..i];
    let mut start = i;
    let mut count = 0;
    for c in head.chars().rev() {
        if "〇○零一二三四五六七八九".contains(c) {
            count += 1;
            start -= c.len_utf8();
        } else {
            break;
        }
    }
    (count == 4).then_some(start)
}

/// When one text writes a category both ways, each occurrence of the less used way is flagged.
fn mixed(
    text: &str,
    a: &[(usize, usize)],
    b: &[(usize, usize)],
    what: &str,
    a_form: &str,
    b_form: &str,
    out: &mut Vec<Raw>,
) {
    if a.is_empty() || b.is_empty() {
        return;
    }
    let (minority, form, other) = if b.len() <= a.len() { (b, b_form, a_form) } else { (a, a_form, b_form) };
    for &(s, e) in minority {
        out.push(warn(
            s,
            e,
            "number.mixed-forms",
            format!("同一文中{what}写法应保持一致：这里用{form}，全文多用{other}（“{}”）", &text[s..e]),
        ));
    }
}
