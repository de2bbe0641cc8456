//! Instants are stored as UTC milliseconds; people see Asia/Shanghai (UTC+8, no DST).

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

/// The years a typed date may name: wide enough for archives and plans, far enough from chrono's limits that
/// date arithmetic on it (the day before, a term of years) never overflows.
pub const TYPED_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A date typed as 2026-11-30, within `TYPED_YEARS`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    use chrono::Datelike;
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok().filter(|d| TYPED_YEARS.contains(&d.year()))
}

/// A date and time typed as 2026-11-24T17:00 (a datetime-local field) or 2026-11-24 17:00, within `TYPED_YEARS`.
pub fn parse_date_time(s: &str) -> Option<chrono::NaiveDateTime> {
    use chrono::Datelike;
    let s = s.trim();
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .ok()
        .filter(|t| TYPED_YEARS.contains(&t.year()))
}

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
    fn typed_dates_stay_within_plausible_years() {
        assert_eq!(parse_date(" 2026-11-30 "), NaiveDate::from_ymd_opt(2026, 11, 30));
        for bad in ["+262143-12-31", "2201-01-01", "1899-12-31", "2026-02-30", "2026/11/30", ""] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert!(parse_date_time("2026-11-24T17:00").is_some() && parse_date_time("2026-11-24 17:00").is_some());
        assert_eq!(parse_date_time("+262143-12-31T00:00"), None);
    }

    #[test]
    fn shanghai_dates() {
        // 2026-11-21 17:00 UTC is already 22 November in Shanghai.
        let ms = Utc.with_ymd_and_hms(2026, 11, 21, 17, 0, 0).unwrap().timestamp_millis();
        assert_eq!(format_date(local_date(ms)), "2026年11月22日");
        assert_eq!(format_ms(ms), "2026年11月22日 01:00");
        assert_eq!(day_start_ms(local_date(ms)), ms - 3_600_000);
    }
}
