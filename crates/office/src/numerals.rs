//! Chinese numerals as they appear in list labels (一、 十二、), dates (二〇二六年十一月二十二日) and
//! ordinals (第三). Only the range documents use: 0–9999.

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// The value of one numeral digit; 零, ○ (a circle, often typed for 〇) and Ｏ count as zero.
pub(crate) fn digit(c: char) -> Option<u32> {
    match c {
        '〇' | '零' | '○' | 'Ｏ' => Some(0),
        '两' => Some(2),
        _ => DIGITS.iter().position(|&d| d == c).map(|i| i as u32),
    }
}

pub(crate) fn is_numeral(c: char) -> bool {
    digit(c).is_some() || matches!(c, '十' | '百' | '千')
}

/// Reads a counting numeral (一, 十, 十二, 二十, 二十二, 一百零五, 三千) exactly; `None` for anything else.
pub(crate) fn parse_counting(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let mut total = 0u32;
    let mut pending: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for c in s.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                if pending.is_some_and(|p| p != 0) {
                    return None; // two digits in a row, e.g. 二二
                }
                pending = Some(digit(c)?);
                continue;
            }
        };
        // Units must fall (千 > 百 > 十); 十 alone means 一十.
        if unit >= last_unit {
            return None;
        }
        let n = match pending.take() {
            Some(0) => return None,
            Some(n) => n,
            None if unit == 10 && total == 0 => 1,
            None => return None,
        };
        total += n * unit;
        last_unit = unit;
    }
    match pending {
        // A trailing 零 (一百零) is not a number.
        Some(0) => None,
        Some(n) => Some(total + n),
        None => Some(total),
    }
    .filter(|&n| n > 0)
}

/// Reads a digit-by-digit numeral (二〇二六) as used for years.
pub(crate) fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.chars().count() > 4 {
        return None;
    }
    s.chars().try_fold(0u32, |acc, c| Some(acc * 10 + digit(c)?))
}

/// Writes a counting numeral for 1–9999 (Word's chineseCounting list format); other values as digits.
pub(crate) fn to_counting(n: u32) -> String {
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    let parts = [(n / 1000, '千'), (n / 100 % 10, '百'), (n / 10 % 10, '十')];
    let mut out = String::new();
    let mut zero_gap = false;
    for (d, unit) in parts {
        if d == 0 {
            zero_gap = !out.is_empty();
            continue;
        }
        if zero_gap {
            out.push('零');
            zero_gap = false;
        }
        // 十二, not 一十二, when 十 leads.
        if !(unit == '十' && d == 1 && out.is_empty()) {
            out.push(DIGITS[d as usize]);
        }
        out.push(unit);
    }
    let ones = n % 10;
    if ones > 0 {
        if zero_gap {
            out.push('零');
        }
        out.push(DIGITS[ones as usize]);
    }
    out
}

/// Writes digit by digit (Word's ideographDigital list format): 10 → 一〇.
pub(crate) fn to_digits(n: u32) -> String {
    n.to_string().chars().map(|c| c.to_digit(10).map_or(c, |d| DIGITS[d as usize])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_numerals_read_and_write() {
        for (s, n) in [
            ("一", 1),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("二十二", 22),
            ("九十九", 99),
            ("一百", 100),
            ("一百零五", 105),
            ("一百一十", 110),
            ("三千零二十", 3020),
        ] {
            assert_eq!(parse_counting(s), Some(n), "{s}");
            assert_eq!(to_counting(n), s, "{n}");
        }
        for bad in ["", "二二", "十十", "一百零", "零", "百", "二十十", "甲", "一二三"] {
            assert_eq!(parse_counting(bad), None, "{bad}");
        }
        assert_eq!(parse_counting("两千"), Some(2000));
    }

    #[test]
    fn digit_numerals_read_and_write() {
        assert_eq!(parse_digits("二〇二六"), Some(2026));
        assert_eq!(parse_digits("二○二六"), Some(2026));
        assert_eq!(parse_digits("二零二六"), Some(2026));
        assert_eq!(parse_digits("二〇二六二"), None);
        assert_eq!(parse_digits("二十"), None);
        assert_eq!(to_digits(2026), "二〇二六");
        assert_eq!(to_digits(10), "一〇");
    }
}
