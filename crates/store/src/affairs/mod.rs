//! 办事: 信息报送 (items, journals and issues, scores) and 公务接待 (receptions). Access narrowing (a unit's own
//! rows) is applied in SQL through each list's `units` filter.

pub mod info;
pub mod journals;
pub mod reception;

use chrono::NaiveDate;

pub(crate) fn ds(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn date(s: &str) -> Result<NaiveDate, crate::StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| crate::StoreError::Corrupt(format!("日期“{s}”无效")))
}

/// A JSON column as its type; a value that does not decode is corruption, said so.
pub(crate) fn json<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> Result<T, crate::StoreError> {
    serde_json::from_str(s).map_err(|e| crate::StoreError::Corrupt(format!("{what}：{e}")))
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}
