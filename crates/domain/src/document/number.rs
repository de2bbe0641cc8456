//! 发文字号 (and 收文编号, which has the same form): 机关代字〔2026〕12号 — 六角括号, the full year, no 第,
//! no leading zeros (GB/T 9704-2012 7.2.4).

use crate::Invalid;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DocNumber {
    /// 机关代字, e.g. 青政办发; for 收文编号 the receiving organ's prefix, e.g. 收.
    pub code: String,
    pub year: i32,
    pub seq: i64,
}

impl std::fmt::Display for DocNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}〔{}〕{}号", self.code, self.year, self.seq)
    }
}

impl DocNumber {
    /// A 机关代字: 1–12 Han characters (letters and digits are tolerated for organs that use them).
    pub fn check_code(code: &str) -> Result<String, Invalid> {
        let c = crate::text::clean(code);
        let ok = !c.is_empty()
            && c.chars().count() <= 12
            && c.chars().all(|ch| crate::text::is_han(ch) || ch.is_ascii_alphanumeric())
            && c.chars().any(crate::text::is_han);
        if !ok {
            return Err(Invalid::field("code", format!("机关代字“{c}”不对：应为1到12个汉字，例如“青政办发”。")));
        }
        Ok(c)
    }
}

impl DocNumber {
    /// Reads a 文号 written exactly in the standard form. A number typed in a common wrong form
    /// (〔〕 replaced by [] () 【】 ［］, 第, a two-digit year, leading zeros) is refused with the
    /// corrected form offered, so nothing is stored in a form the standard forbids.
    pub fn parse(s: &str) -> Result<DocNumber, Invalid> {
        let raw = crate::text::clean(s);
        let bad = |why: &str, fixed: Option<DocNumber>| {
            let hint = fixed.map(|n| format!("，应写作“{n}”")).unwrap_or_default();
            Invalid::field("doc_number", format!("文号“{raw}”格式不对：{why}{hint}。"))
        };
        if raw.is_empty() {
            return Err(Invalid::field("doc_number", "请填写文号，例如“青政办发〔2026〕12号”。"));
        }
        let (code, year_text, seq_text, bracket_ok) =
            split(&raw).ok_or_else(|| bad("应为“机关代字〔年份〕序号号”，年份用六角括号〔〕括起", None))?;
        let code = code.trim();
        let has_di = seq_text.starts_with('第');
        let seq_digits = seq_text.trim_start_matches('第');
        let seq: i64 = seq_digits.parse().map_err(|_| bad("序号应为阿拉伯数字", None))?;
        let year: i32 = year_text.parse().map_err(|_| bad("年份应为阿拉伯数字", None))?;
        let full_year = if year_text.len() == 2 { 2000 + year } else { year };
        let fixed = DocNumber { code: code.to_string(), year: full_year, seq };
        if code.is_empty() {
            return Err(bad("缺少机关代字", None));
        }
        if DocNumber::check_code(code).is_err() {
            return Err(bad("机关代字应为汉字", None));
        }
        if !bracket_ok {
            return Err(bad("年份应使用六角括号〔〕", Some(fixed)));
        }
        if year_text.len() != 4 {
            return Err(bad("年份应写全四位", Some(fixed)));
        }
        if !(1949..=2200).contains(&full_year) {
            return Err(bad("年份不在合理范围", None));
        }
        if has_di {
            return Err(bad("序号前不加“第”", Some(fixed)));
        }
        if seq < 1 {
            return Err(bad("序号从1开始", None));
        }
        if seq_digits.starts_with('0') {
            return Err(bad("序号不编虚位（不加前导0）", Some(fixed)));
        }
        Ok(fixed)
    }
}

/// code, year digits, sequence text (with any 第), and whether the brackets were 〔〕.
fn split(s: &str) -> Option<(&str, &str, &str, bool)> {
    const OPEN: [char; 6] = ['〔', '[', '(', '【', '［', '（'];
    const CLOSE: [char; 6] = ['〕', ']', ')', '】', '］', '）'];
    let open = s.find(OPEN)?;
    let open_ch = s[open..].chars().next()?;
    let after_open = open + open_ch.len_utf8();
    let close = after_open + s[after_open..].find(CLOSE)?;
    let close_ch = s[close..].chars().next()?;
    let rest = &s[close + close_ch.len_utf8()..];
    let seq = rest.strip_suffix('号')?.trim();
    let year = s[after_open..close].trim();
    if year.is_empty() || !year.chars().all(|c| c.is_ascii_digit()) || seq.is_empty() {
        return None;
    }
    Some((&s[..open], year, seq, open_ch == '〔' && close_ch == '〕'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_form_round_trips() {
        let n = DocNumber::parse("青政办发〔2026〕12号").unwrap();
        assert_eq!(n, DocNumber { code: "青政办发".into(), year: 2026, seq: 12 });
        assert_eq!(n.to_string(), "青政办发〔2026〕12号");
        assert_eq!(DocNumber::parse("收〔2026〕15号").unwrap().seq, 15);
    }

    #[test]
    fn wrong_forms_are_refused_with_the_fix() {
        let msg = |s: &str| DocNumber::parse(s).unwrap_err().message;
        assert!(msg("青政发[2026]12号").contains("应写作“青政发〔2026〕12号”"));
        assert!(msg("青政发（2026）12号").contains("六角括号"));
        assert!(msg("青政发〔26〕12号").contains("应写作“青政发〔2026〕12号”"));
        assert!(msg("青政发〔2026〕第12号").contains("不加“第”"));
        assert!(msg("青政发〔2026〕012号").contains("虚位"));
        assert!(msg("青政发〔2026〕0号").contains("从1开始"));
        assert!(msg("〔2026〕12号").contains("缺少机关代字"));
        assert!(msg("青政发2026年12号").contains("六角括号"));
        assert!(msg("").contains("请填写文号"));
        assert!(msg("青政发〔二〇二六〕12号").contains("格式不对"));
    }

    #[test]
    fn agency_codes() {
        assert_eq!(DocNumber::check_code(" 青政办发 ").unwrap(), "青政办发");
        assert!(DocNumber::check_code("").is_err());
        assert!(DocNumber::check_code("ABC").is_err());
        assert!(DocNumber::check_code("青政〔发").is_err());
    }
}
