//! Working time within working days: how long a document has waited on someone, in office hours
//! (文不过夜). Days come from the same [`Calendar`]; the hours of a day are the office's periods.

use crate::Calendar;
use chrono::{NaiveDateTime, NaiveTime};

/// The office's working periods of one day, e.g. 08:30–12:00 and 14:00–17:30, in order and apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeHours {
    periods: Vec<(NaiveTime, NaiveTime)>,
}

impl Default for OfficeHours {
    /// 08:30–12:00 and 14:00–17:30: seven hours, as most county offices keep.
    fn default() -> Self {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid time");
        OfficeHours { periods: vec![(t(8, 30), t(12, 0)), (t(14, 0), t(17, 30))] }
    }
}

impl OfficeHours {
    /// Periods as `HH:MM-HH:MM`, each after the previous one; an error names the bad entry.
    pub fn parse(periods: &[String]) -> Result<OfficeHours, String> {
        let mut out: Vec<(NaiveTime, NaiveTime)> = Vec::new();
        for p in periods {
            let bad = || format!("办公时间“{p}”格式不对，应为 08:30-12:00 这样的时段，且各时段按先后排列、互不重叠。");
            let (a, b) = p.split_once('-').ok_or_else(bad)?;
            let a = NaiveTime::parse_from_str(a.trim(), "%H:%M").map_err(|_| bad())?;
            let b = NaiveTime::parse_from_str(b.trim(), "%H:%M").map_err(|_| bad())?;
            if b <= a || out.last().is_some_and(|&(_, end)| a < end) {
                return Err(bad());
            }
            out.push((a, b));
        }
        if out.is_empty() {
            return Err("至少要有一个办公时段。".into());
        }
        Ok(OfficeHours { periods: out })
    }

    /// Working minutes in one full working day.
    pub fn minutes_per_day(&self) -> i64 {
        self.periods.iter().map(|(a, b)| (*b - *a).num_minutes()).sum()
    }

    /// Working minutes of one day that fall in `[from, to)` (times of that day).
    fn minutes_within(&self, from: NaiveTime, to: NaiveTime) -> i64 {
        self.periods.iter().map(|&(a, b)| (b.min(to) - a.max(from)).num_minutes().max(0)).sum()
    }
}

impl Calendar {
    /// Working minutes from `from` to `to` (local times): office hours on working days only, so a
    /// document received on Friday evening has waited nothing by Monday 08:30. Zero when `to <= from`.
    pub fn working_minutes_between(&self, hours: &OfficeHours, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
        if to <= from {
            return 0;
        }
        let (fd, td) = (from.date(), to.date());
        let end_of_day = NaiveTime::from_hms_opt(23, 59, 59).expect("valid time");
        let day = |d, a, b| if self.is_workday(d) { hours.minutes_within(a, b) } else { 0 };
        if fd == td {
            return day(fd, from.time(), to.time());
        }
        let first = day(fd, from.time(), end_of_day);
        let last = day(td, NaiveTime::MIN, to.time());
        // Whole working days strictly between the two dates: working days in (fd, td − 1].
        let between = td.pred_opt().map_or(0, |d| self.working_days_between(fd, d)).max(0);
        first + between * hours.minutes_per_day() + last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn counts_office_hours_on_working_days() {
        let cal = Calendar::builtin();
        let h = OfficeHours::default();
        assert_eq!(h.minutes_per_day(), 420);
        // Same morning: 09:00 → 11:00.
        assert_eq!(cal.working_minutes_between(&h, at("2026-11-23 09:00"), at("2026-11-23 11:00")), 120);
        // Across lunch: 11:30 → 14:30 is 30 + 30.
        assert_eq!(cal.working_minutes_between(&h, at("2026-11-23 11:30"), at("2026-11-23 14:30")), 60);
        // Friday evening → Monday 08:30: nothing.
        assert_eq!(cal.working_minutes_between(&h, at("2026-11-27 18:00"), at("2026-11-30 08:30")), 0);
        // Friday 16:30 → Monday 09:30: one hour each side.
        assert_eq!(cal.working_minutes_between(&h, at("2026-11-27 16:30"), at("2026-11-30 09:30")), 120);
        // Across 国庆 2026: 09-30 17:00 → 10-08 09:00 is 30 min + 30 min; 10-01..07 are off.
        assert_eq!(cal.working_minutes_between(&h, at("2026-09-30 17:00"), at("2026-10-08 09:00")), 60);
        // Three whole working days between Monday and Friday.
        assert_eq!(cal.working_minutes_between(&h, at("2026-11-23 17:30"), at("2026-11-27 08:30")), 3 * 420);
        // A makeup Saturday counts (2026-10-10).
        assert_eq!(cal.working_minutes_between(&h, at("2026-10-10 08:30"), at("2026-10-10 12:00")), 210);
        assert_eq!(cal.working_minutes_between(&h, at("2026-11-23 11:00"), at("2026-11-23 09:00")), 0);
    }

    #[test]
    fn parses_periods() {
        let h = OfficeHours::parse(&["09:00-12:00".into(), "13:30-18:00".into()]).unwrap();
        assert_eq!(h.minutes_per_day(), 450);
        assert!(OfficeHours::parse(&["12:00-09:00".into()]).is_err());
        assert!(OfficeHours::parse(&["09:00-12:00".into(), "11:00-13:00".into()]).is_err());
        assert!(OfficeHours::parse(&["9点-12点".into()]).is_err());
        assert!(OfficeHours::parse(&[]).is_err());
    }
}
