//! Money as people type it (元, up to two decimals) and as it is stored (integer 分, DESIGN §5).

use crate::Invalid;

/// The largest amount any reception field may carry: 1,000,000 元. Anything above is a typing error
/// (a county reception is counted in hundreds or thousands of 元).
pub const MAX_FEN: i64 = 100_000_000;

/// "1234", "1234.5", "1,234.50", "￥1234" → 分. Empty is 0.
pub fn parse_yuan(field: &'static str, label: &str, s: &str) -> Result<i64, Invalid> {
    let t: String = s.trim().trim_start_matches(['￥', '¥']).chars().filter(|c| *c != ',' && *c != '，').collect();
    let t = t.trim().trim_end_matches('元').trim();
    if t.is_empty() {
        return Ok(0);
    }
    if t.starts_with('-') {
        return Err(Invalid::field(field, format!("{label}不能为负数。")));
    }
    let bad =
        || Invalid::field(field, format!("{label}“{}”不是有效金额，请填写元，最多两位小数，例如 120.50。", s.trim()));
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() || whole.len() > 12 || frac.len() > 2 {
        return Err(bad());
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let yuan: i64 = whole.parse().map_err(|_| bad())?;
    let cents: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().map_err(|_| bad())? };
    check_fen(field, label, yuan.saturating_mul(100).saturating_add(cents))
}

/// An amount in 分 from the API: not negative, not absurd.
pub fn check_fen(field: &'static str, label: &str, fen: i64) -> Result<i64, Invalid> {
    if fen < 0 {
        return Err(Invalid::field(field, format!("{label}不能为负数。")));
    }
    if fen > MAX_FEN {
        return Err(Invalid::field(
            field,
            format!("{label}{}元超过上限{}元，请核对是否多输了位数。", yuan(fen), yuan(MAX_FEN)),
        ));
    }
    Ok(fen)
}

/// 分 as 元 with two decimals: 123456 → "1234.56".
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let f = fen.unsigned_abs();
    format!("{sign}{}.{:02}", f / 100, f % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_is_parsed_to_fen() {
        assert_eq!(parse_yuan("x", "金额", "120").unwrap(), 12_000);
        assert_eq!(parse_yuan("x", "金额", " 1,234.5 ").unwrap(), 123_450);
        assert_eq!(parse_yuan("x", "金额", "￥0.05元").unwrap(), 5);
        assert_eq!(parse_yuan("x", "金额", "").unwrap(), 0);
        assert!(parse_yuan("x", "金额", "-5").unwrap_err().message.contains("负数"));
        assert!(parse_yuan("x", "金额", "12.345").is_err());
        assert!(parse_yuan("x", "金额", "1e5").is_err());
        assert!(parse_yuan("x", "金额", "五百").is_err());
        assert!(parse_yuan("x", "金额", "99999999999").unwrap_err().message.contains("上限"));
        assert!(parse_yuan("x", "金额", "999999999999999999999").is_err(), "no overflow");
    }

    #[test]
    fn fen_prints_as_yuan() {
        assert_eq!(yuan(123_456), "1234.56");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(0), "0.00");
        assert!(check_fen("x", "预算", -1).is_err());
        assert!(check_fen("x", "预算", MAX_FEN + 1).is_err());
        assert_eq!(check_fen("x", "预算", MAX_FEN), Ok(MAX_FEN));
    }
}
