//! Instants are stored as UTC milliseconds; people see Asia/Shanghai (UTC+8, no DST).

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

pub fn local(ms: i64) -> DateTime<FixedOffset> {
    shanghai().timestamp_millis_opt(ms).single().unwrap_or_else(|| shanghai().timestamp_nanos(0))
}

/// The calendar date in Shanghai at this instant.
pub fn local_date(ms: i64) -> NaiveDate {
    local(ms).date_naive()
}

/// 2026年11月22日
pub fn format_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// 2026年11月22日 09:05
pub fn format_ms(ms: i64) -> String {
    let t = local(ms);
    format!("{} {}", format_date(t.date_naive()), t.format("%H:%M"))
}

/// A Shanghai wall-clock time as UTC milliseconds (what a person types into a time field).
pub fn local_ms(t: chrono::NaiveDateTime) -> i64 {
    shanghai().from_local_datetime(&t).single().map(|t| t.timestamp_millis()).unwrap_or(0)
}

/// Start of a Shanghai-local day, in UTC milliseconds.
pub fn day_start_ms(d: NaiveDate) -> i64 {
    shanghai()
        .from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight exists"))
        .single()
        .map(|t| t.timestamp_millis())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanghai_dates() {
        // 2026-11-21 17:00 UTC is already 22 November in Shanghai.
        let ms = Utc.with_ymd_and_hms(2026, 11, 21, 17, 0, 0).unwrap().timestamp_millis();
        assert_eq!(format_date(local_date(ms)), "2026年11月22日");
        assert_eq!(format_ms(ms), "2026年11月22日 01:00");
        assert_eq!(day_start_ms(local_date(ms)), ms - 3_600_000);
    }
}
