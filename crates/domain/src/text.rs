//! Text hygiene for everything people type: NFC (DESIGN §5), trimmed, bounded.

use crate::Invalid;
use unicode_normalization::UnicodeNormalization;

/// NFC-normalise and trim.
pub fn clean(s: &str) -> String {
    s.trim().nfc().collect()
}

/// A Han character (CJK unified ideographs, extensions A–F, compatibility ideographs, 〇).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{3134F}' | '\u{F900}'..='\u{FAFF}' | '〇')
}

/// A multi-line text field (a body, an opinion): NFC, trailing spaces trimmed per line, `\r\n` → `\n`,
/// tabs kept, other control characters refused; at most `max` characters.
pub fn multiline(field: &'static str, label: &str, s: &str, max: usize) -> Result<String, Invalid> {
    let v: String = s.replace("\r\n", "\n").replace('\r', "\n").nfc().collect();
    let v = v.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    let v = v.trim_matches('\n').to_string();
    if v.chars().count() > max {
        return Err(Invalid::field(field, format!("{label}不能超过{max}个字。")));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Invalid::field(field, format!("{label}含有不可见的控制字符，请删除后再保存。")));
    }
    Ok(v)
}

/// A required multi-line field (see [`multiline`]).
pub fn required_multiline(field: &'static str, label: &str, s: &str, max: usize) -> Result<String, Invalid> {
    let v = multiline(field, label, s, max)?;
    if v.trim().is_empty() {
        return Err(Invalid::field(field, format!("请填写{label}。")));
    }
    Ok(v)
}

/// A required single-line field of at most `max` characters.
pub fn required(field: &'static str, label: &str, s: &str, max: usize) -> Result<String, Invalid> {
    let v = clean(s);
    if v.is_empty() {
        return Err(Invalid::field(field, format!("请填写{label}。")));
    }
    bounded(field, label, v, max)
}

/// An optional single-line field of at most `max` characters (empty stays empty).
pub fn optional(field: &'static str, label: &str, s: &str, max: usize) -> Result<String, Invalid> {
    bounded(field, label, clean(s), max)
}

fn bounded(field: &'static str, label: &str, v: String, max: usize) -> Result<String, Invalid> {
    if v.chars().count() > max {
        return Err(Invalid::field(field, format!("{label}不能超过{max}个字。")));
    }
    if v.chars().any(|c| c.is_control()) {
        return Err(Invalid::field(field, format!("{label}含有不可见的控制字符，请重新输入。")));
    }
    Ok(v)
}

/// A sign-in name: ASCII letters, digits, `.`, `_`, `-`; 2–32 characters; stored lower-case.
pub fn username(s: &str) -> Result<String, Invalid> {
    let v = s.trim().to_ascii_lowercase();
    let ok =
        (2..=32).contains(&v.len()) && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !ok {
        return Err(Invalid::field("username", "登录名应为2到32位的字母、数字、点、下划线或连字符，例如 zhangwei。"));
    }
    Ok(v)
}

/// An optional mainland mobile or landline number.
pub fn phone(s: &str) -> Result<String, Invalid> {
    let v = clean(s);
    if v.is_empty() {
        return Ok(v);
    }
    let ok = v.len() <= 20 && v.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
    if !ok {
        return Err(Invalid::field("phone", format!("电话号码“{v}”格式不对，只能包含数字和连字符。")));
    }
    Ok(v)
}

/// An optional e-mail address (a light check: the mail server has the last word).
pub fn email(s: &str) -> Result<String, Invalid> {
    let v = clean(s);
    if v.is_empty() {
        return Ok(v);
    }
    let ok = v.len() <= 120
        && v.split_once('@').is_some_and(|(a, d)| !a.is_empty() && d.contains('.') && !d.starts_with('.'))
        && !v.contains(char::is_whitespace);
    if !ok {
        return Err(Invalid::field("email", format!("电子邮箱“{v}”格式不对。")));
    }
    Ok(v)
}

/// Password rules: 8–128 characters with at least three of: lower, upper, digit, other.
pub fn password(s: &str) -> Result<(), Invalid> {
    let n = s.chars().count();
    let classes = [
        s.chars().any(|c| c.is_ascii_lowercase()),
        s.chars().any(|c| c.is_ascii_uppercase()),
        s.chars().any(|c| c.is_ascii_digit()),
        s.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if !(8..=128).contains(&n) || classes < 3 {
        return Err(Invalid::field("password", "密码至少8位，且须包含小写字母、大写字母、数字、符号中的至少三类。"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_normalises_and_trims() {
        // "é" as e + combining accent becomes the single precomposed character.
        assert_eq!(clean("  e\u{301} "), "\u{e9}");
    }

    #[test]
    fn required_and_bounds() {
        assert!(required("name", "姓名", "  ", 10).is_err());
        assert_eq!(required("name", "姓名", " 张伟 ", 10).unwrap(), "张伟");
        assert!(required("name", "姓名", "一二三四五六", 5).is_err());
        assert!(optional("x", "备注", "a\u{7}b", 10).is_err());
    }

    #[test]
    fn usernames() {
        assert_eq!(username(" ZhangWei ").unwrap(), "zhangwei");
        assert!(username("张伟").is_err());
        assert!(username("a").is_err());
        assert!(username("a b").is_err());
    }

    #[test]
    fn passwords() {
        assert!(password("short1A").is_err());
        assert!(password("alllowercase").is_err());
        assert!(password("Zhongshu2026").is_ok());
        assert!(password("zhongshu-2026").is_ok());
    }

    #[test]
    fn contacts() {
        assert!(phone("0731-8888 1234").is_ok());
        assert!(phone("138x").is_err());
        assert!(email("a@b.cn").is_ok());
        assert!(email("a@b").is_err());
        assert!(email("").unwrap().is_empty());
    }
}
