//! Working-day queries over per-year tables.
//!
//! Arithmetic goes through a rank: `rank(d)` = number of working days in (EPOCH, d].
//! Outside data years it is a closed-form Mon–Fri count; each data year adds a
//! precomputed correction, so `rank` is O(log years) and add/between are a rank
//! difference or a short search over ranks, independent of the distance.

use crate::data::YearData;
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// What a date is, for display.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// Mon–Fri, not a holiday.
    Workday,
    /// Sat/Sun, not a makeup working day.
    Weekend,
    /// Official day off, with the holiday name (e.g. "春节").
    Holiday(String),
    /// Makeup working day (调休上班), with its name (e.g. "春节调休"; may be empty).
    MakeupWorkday(String),
}

impl DayKind {
    pub fn is_workday(&self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeupWorkday(_))
    }
}

#[derive(Clone, Copy)]
enum Day {
    Plain,
    Off(u16),
    Work(u16),
}

/// One data year, indexed by `ordinal0`.
struct YearTable {
    data: YearData,
    days: Vec<Day>,
    workday: Vec<bool>,
    /// Cumulative (actual working days − Mon–Fri days) through each day of the year.
    delta: Vec<i32>,
}

impl YearTable {
    /// `None` for a year chrono cannot represent. Dates outside the year are ignored and
    /// `work` wins over `off`, so hand-built (unvalidated) data still gives a consistent table.
    fn build(data: YearData) -> Option<YearTable> {
        let jan1 = NaiveDate::from_yo_opt(data.year, 1)?;
        let len = if NaiveDate::from_yo_opt(data.year, 366).is_some() { 366 } else { 365 };
        let mut days = vec![Day::Plain; len];
        let mut mark = |spans: &[crate::Span], make: fn(u16) -> Day| {
            for (i, span) in spans.iter().enumerate() {
                let tag = make(u16::try_from(i).unwrap_or(u16::MAX));
                for date in span.dates().filter(|d| d.year() == data.year) {
                    days[date.ordinal0() as usize] = tag;
                }
            }
        };
        mark(&data.off, Day::Off);
        mark(&data.work, Day::Work);

        let mut workday = Vec::with_capacity(len);
        let mut delta = Vec::with_capacity(len);
        let mut acc = 0i32;
        for (date, day) in jan1.iter_days().zip(&days) {
            let weekday = is_mon_to_fri(date);
            let work = match day {
                Day::Plain => weekday,
                Day::Off(_) => false,
                Day::Work(_) => true,
            };
            acc += i32::from(work) - i32::from(weekday);
            workday.push(work);
            delta.push(acc);
        }
        Some(YearTable { data, days, workday, delta })
    }

    fn total_delta(&self) -> i64 {
        i64::from(*self.delta.last().unwrap_or(&0))
    }
}

#[derive(Clone)]
struct Slot {
    /// Sum of `total_delta` of all data years before this one.
    before: i64,
    table: Arc<YearTable>,
}

/// China working-day calendar: shipped and administrator year data plus weekends.
/// Cloning is O(1); all queries take `&self`.
#[derive(Clone)]
pub struct Calendar {
    years: Arc<BTreeMap<i32, Slot>>,
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Calendar").field("years", &self.years()).finish()
    }
}

impl Calendar {
    /// All shipped years (`data/YYYY.txt`), parsed once per process.
    pub fn builtin() -> Calendar {
        static BUILTIN: OnceLock<Calendar> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let mut cal = Calendar::empty();
                for &(year, text) in SHIPPED {
                    // Cannot fail in a release: a unit test parses every shipped file.
                    let data = YearData::parse(text).unwrap_or_else(|e| panic!("shipped data/{year}.txt: {e}"));
                    assert_eq!(data.year, year, "data/{year}.txt has year {}", data.year);
                    cal.set_year(data);
                }
                cal
            })
            .clone()
    }

    /// No holiday data: Mon–Fri are working days.
    pub fn empty() -> Calendar {
        Calendar { years: Arc::new(BTreeMap::new()) }
    }

    /// Installs `data` for `data.year`, replacing any shipped or earlier data for that year.
    /// A year chrono cannot represent is ignored.
    pub fn set_year(&mut self, data: YearData) {
        let year = data.year;
        let Some(table) = YearTable::build(data) else {
            return;
        };
        let years = Arc::make_mut(&mut self.years);
        years.insert(year, Slot { before: 0, table: Arc::new(table) });
        let mut before = 0;
        for slot in years.values_mut() {
            slot.before = before;
            before += slot.table.total_delta();
        }
    }

    /// Years with data, ascending.
    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    pub fn year_data(&self, year: i32) -> Option<&YearData> {
        self.years.get(&year).map(|s| &s.table.data)
    }

    /// Whether holidays are known for `date`'s year (otherwise only weekends are).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.years.contains_key(&date.year())
    }

    pub fn kind(&self, date: NaiveDate) -> DayKind {
        let day = match self.years.get(&date.year()) {
            Some(slot) => (slot.table.days[date.ordinal0() as usize], Some(&slot.table.data)),
            None => (Day::Plain, None),
        };
        // `get`: hand-built data with more than u16::MAX spans gets empty names, not a panic.
        let name =
            |spans: &[crate::Span], i: u16| spans.get(usize::from(i)).map_or_else(String::new, |s| s.name.clone());
        match day {
            (Day::Off(i), Some(data)) => DayKind::Holiday(name(&data.off, i)),
            (Day::Work(i), Some(data)) => DayKind::MakeupWorkday(name(&data.work, i)),
            _ if is_mon_to_fri(date) => DayKind::Workday,
            _ => DayKind::Weekend,
        }
    }

    pub fn is_workday(&self, date: NaiveDate) -> bool {
        match self.years.get(&date.year()) {
            Some(slot) => slot.table.workday[date.ordinal0() as usize],
            None => is_mon_to_fri(date),
        }
    }

    /// First working day >= `date`.
    pub fn next_workday(&self, date: NaiveDate) -> NaiveDate {
        if self.is_workday(date) {
            date
        } else {
            self.first_with_rank(self.rank(date) + 1, day_number(date))
        }
    }

    /// Last working day <= `date`.
    pub fn prev_workday(&self, date: NaiveDate) -> NaiveDate {
        // The last working day <= date is the first day reaching date's rank.
        self.first_with_rank(self.rank(date), day_number(date))
    }

    /// The working day `b` with `working_days_between(start, b) == n`: for n > 0 the n-th
    /// working day after `start`; for n < 0 counting back, where `start` itself counts when it
    /// is a working day (so from a Saturday, -1 is Thursday; use
    /// `add_working_days(next_workday(s), n)` for "the |n|-th working day before s");
    /// `start` for n == 0. Panics only if the result leaves chrono's date range.
    pub fn add_working_days(&self, start: NaiveDate, n: i64) -> NaiveDate {
        if n == 0 {
            return start;
        }
        let from = day_number(start);
        // About 5 working days a week; the search corrects for holidays.
        let hint = from.saturating_add(n.saturating_mul(7) / 5);
        self.first_with_rank(self.rank(start).saturating_add(n), hint)
    }

    /// Working days in (from, to]; −(working days in (to, from]) when to < from.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        self.rank(to) - self.rank(from)
    }

    fn rank(&self, date: NaiveDate) -> i64 {
        let correction = match self.years.range(..=date.year()).next_back() {
            None => 0,
            Some((&y, slot)) if y == date.year() => slot.before + i64::from(slot.table.delta[date.ordinal0() as usize]),
            Some((_, slot)) => slot.before + slot.table.total_delta(),
        };
        weekdays_through(day_number(date)) + correction
    }

    fn rank_of_day(&self, day: i64) -> i64 {
        self.rank(date_of(day))
    }

    /// Smallest date whose rank is >= `r`; it is the working day with rank `r`.
    fn first_with_rank(&self, r: i64, hint: i64) -> NaiveDate {
        // Gallop from the hint to bracket rank(lo) < r <= rank(hi), then bisect.
        let (mut lo, mut hi);
        let mut step = 8i64;
        if self.rank_of_day(hint) >= r {
            hi = hint;
            loop {
                lo = hi.saturating_sub(step);
                if self.rank_of_day(lo) < r {
                    break;
                }
                hi = lo;
                step = step.saturating_mul(2);
            }
        } else {
            lo = hint;
            loop {
                hi = lo.saturating_add(step);
                if self.rank_of_day(hi) >= r {
                    break;
                }
                lo = hi;
                step = step.saturating_mul(2);
            }
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.rank_of_day(mid) >= r {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        date_of(hi)
    }
}

fn is_mon_to_fri(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Days from the Common Era; day 1 (0001-01-01) is a Monday.
fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

fn date_of(day: i64) -> NaiveDate {
    i32::try_from(day)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .expect("working-day arithmetic left chrono's date range")
}

/// Mon–Fri days among day numbers (0, x] (negative for x < 0, consistently, so differences work).
fn weekdays_through(x: i64) -> i64 {
    5 * x.div_euclid(7) + x.rem_euclid(7).min(5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cal() -> Calendar {
        Calendar::builtin()
    }

    #[test]
    fn weekday_formula_matches_chrono() {
        let start = d("1999-12-01");
        let mut count = weekdays_through(day_number(start));
        for date in start.iter_days().skip(1).take(800) {
            count += i64::from(is_mon_to_fri(date));
            assert_eq!(weekdays_through(day_number(date)), count, "{date}");
        }
        assert_eq!(weekdays_through(0), 0);
        // Before day 1 too: day 0 is a Sunday, -1 a Saturday, -2 a Friday.
        assert_eq!(weekdays_through(0) - weekdays_through(-1), 0);
        assert_eq!(weekdays_through(-1) - weekdays_through(-2), 0);
        assert_eq!(weekdays_through(-2) - weekdays_through(-3), 1);
    }

    #[test]
    fn every_shipped_file_parses_and_round_trips() {
        assert!(SHIPPED.len() >= 23);
        let years: Vec<i32> = SHIPPED.iter().map(|(y, _)| *y).collect();
        for y in 2004..=2026 {
            assert!(years.contains(&y), "missing data/{y}.txt");
        }
        for &(year, text) in SHIPPED {
            let data = YearData::parse(text).unwrap_or_else(|e| panic!("data/{year}.txt: {e}"));
            assert_eq!(data.year, year);
            assert!(!data.off.is_empty(), "{year}");
            assert_eq!(YearData::parse(&data.to_text()).unwrap(), data, "{year}");
            for s in data.off.iter().chain(&data.work) {
                assert!(!s.name.is_empty(), "{year} {s:?}");
            }
        }
        assert_eq!(cal().years(), years);
    }

    #[test]
    fn official_2026() {
        let c = cal();
        let y = c.year_data(2026).unwrap();
        let off: Vec<(NaiveDate, NaiveDate)> = y.off.iter().map(|s| (s.start, s.end)).collect();
        let expect_off = [
            ("01-01", "01-03"),
            ("02-15", "02-23"),
            ("04-04", "04-06"),
            ("05-01", "05-05"),
            ("06-19", "06-21"),
            ("09-25", "09-27"),
            ("10-01", "10-07"),
        ]
        .map(|(a, b)| (d(&format!("2026-{a}")), d(&format!("2026-{b}"))));
        assert_eq!(off, expect_off);
        let work: Vec<NaiveDate> = y.work.iter().flat_map(Span::dates).collect();
        let expect_work = ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"].map(|s| d(&format!("2026-{s}")));
        assert_eq!(work, expect_work);
        assert_eq!(y.off_days(), 3 + 9 + 3 + 5 + 3 + 3 + 7);
        assert_eq!(y.work_days(), 6);
        let names: Vec<&str> = y.off.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]);
    }

    #[test]
    fn facts_2026() {
        let c = cal();
        // Sunday makeup day.
        assert_eq!(d("2026-01-04").weekday(), Weekday::Sun);
        assert!(c.is_workday(d("2026-01-04")));
        assert_eq!(c.kind(d("2026-01-04")), DayKind::MakeupWorkday("元旦调休".into()));
        // National Day break ends on the 7th; Thursday the 8th is an ordinary working day.
        assert_eq!(c.kind(d("2026-10-07")), DayKind::Holiday("国庆节".into()));
        assert_eq!(c.kind(d("2026-10-08")), DayKind::Workday);
        // Saturday makeup day.
        assert_eq!(d("2026-10-10").weekday(), Weekday::Sat);
        assert!(c.is_workday(d("2026-10-10")));
        assert_eq!(c.kind(d("2026-10-11")), DayKind::Weekend);
        // Holiday weekday vs plain weekend.
        assert_eq!(c.kind(d("2026-02-16")), DayKind::Holiday("春节".into()));
        assert!(!c.is_workday(d("2026-02-16")));
        assert_eq!(c.kind(d("2026-03-07")), DayKind::Weekend);
        assert_eq!(c.kind(d("2026-03-09")), DayKind::Workday);
        assert!(c.covers(d("2026-12-31")));
        assert!(!c.covers(d("2027-01-01")));
    }

    #[test]
    fn spring_festival_2026() {
        let c = cal();
        // Friday the 13th -> Saturday the 14th is a makeup day.
        assert_eq!(c.add_working_days(d("2026-02-13"), 1), d("2026-02-14"));
        // After the 14th the break runs 15th..23rd, so the next working day is Tuesday the 24th.
        assert_eq!(c.add_working_days(d("2026-02-13"), 2), d("2026-02-24"));
        assert_eq!(c.add_working_days(d("2026-02-14"), 1), d("2026-02-24"));
        assert_eq!(c.next_workday(d("2026-02-15")), d("2026-02-24"));
        assert_eq!(c.prev_workday(d("2026-02-23")), d("2026-02-14"));
        assert_eq!(c.add_working_days(d("2026-02-24"), -1), d("2026-02-14"));
        assert_eq!(c.add_working_days(d("2026-02-24"), -2), d("2026-02-13"));
        assert_eq!(c.working_days_between(d("2026-02-13"), d("2026-02-24")), 2);
        assert_eq!(c.working_days_between(d("2026-02-24"), d("2026-02-13")), -2);
        // 2026-02-28 (Saturday) is the second makeup day.
        assert_eq!(c.add_working_days(d("2026-02-27"), 1), d("2026-02-28"));
        assert_eq!(c.add_working_days(d("2026-02-28"), 1), d("2026-03-02"));
    }

    #[test]
    fn across_year_boundary() {
        let c = cal();
        // 2025-12-31 Wed; 2026-01-01..03 off; Sunday 01-04 is a makeup working day.
        assert_eq!(c.add_working_days(d("2025-12-31"), 1), d("2026-01-04"));
        assert_eq!(c.add_working_days(d("2025-12-31"), 2), d("2026-01-05"));
        assert_eq!(c.add_working_days(d("2026-01-04"), -1), d("2025-12-31"));
        assert_eq!(c.working_days_between(d("2025-12-31"), d("2026-01-05")), 2);
        assert_eq!(c.next_workday(d("2026-01-01")), d("2026-01-04"));
        // 2017-12-30..2018-01-01 元旦 break, split across two files.
        assert_eq!(c.add_working_days(d("2017-12-29"), 1), d("2018-01-02"));
        // 2022-12-31..2023-01-02 元旦.
        assert_eq!(c.kind(d("2023-01-02")), DayKind::Holiday("元旦".into()));
        assert_eq!(c.add_working_days(d("2022-12-30"), 1), d("2023-01-03"));
        // 2011-12-31 (Saturday) was a makeup day for 元旦 2012.
        assert!(c.is_workday(d("2011-12-31")));
        // Leaving the data: 2026 into 2027 (weekends only).
        assert_eq!(c.add_working_days(d("2026-12-31"), 1), d("2027-01-01"));
        assert_eq!(c.add_working_days(d("2026-12-31"), 2), d("2027-01-04"));
        assert_eq!(c.add_working_days(d("2004-01-05"), -1), d("2004-01-02"));
        assert_eq!(c.add_working_days(d("2004-01-02"), -1), d("2003-12-31"));
    }

    #[test]
    fn makeup_weekends() {
        let c = cal();
        // 2008-05-04 Sunday worked for 劳动节; 2020-01-19 Sunday for 春节.
        for s in ["2008-05-04", "2020-01-19", "2015-09-06", "2025-01-26", "2025-02-08"] {
            let date = d(s);
            assert!(matches!(date.weekday(), Weekday::Sat | Weekday::Sun), "{s}");
            assert!(c.is_workday(date), "{s}");
            assert!(matches!(c.kind(date), DayKind::MakeupWorkday(_)), "{s}");
        }
        // 2007-04-28/29 (Sat+Sun) both worked before the 五一 golden week.
        assert_eq!(c.working_days_between(d("2007-04-27"), d("2007-04-29")), 2);
        assert_eq!(
            c.year_data(2007).unwrap().work.iter().find(|s| s.start == d("2007-04-28")).unwrap().end,
            d("2007-04-29")
        );
    }

    #[test]
    fn older_facts() {
        let c = cal();
        for s in ["2008-05-01", "2008-05-02", "2008-05-03"] {
            assert_eq!(c.kind(d(s)), DayKind::Holiday("劳动节".into()), "{s}");
        }
        assert_eq!(c.kind(d("2008-05-05")), DayKind::Workday);
        assert_eq!(c.kind(d("2015-09-03")), DayKind::Holiday("抗战胜利纪念日".into()));
        assert!(!c.is_workday(d("2015-09-04")));
        // 2020 春节 was extended to 02-02 (COVID-19); 中秋 and 国庆 merged into 10-01..08.
        assert!(!c.is_workday(d("2020-01-31")));
        assert!(c.is_workday(d("2020-02-03")));
        assert!(!c.is_workday(d("2020-10-08")));
        // 2004–2007: three golden weeks, no 清明/端午/中秋 holidays yet.
        assert_eq!(c.kind(d("2007-05-07")), DayKind::Holiday("劳动节".into()));
        assert_eq!(c.kind(d("2007-04-05")), DayKind::Workday);
        // Weekend gap bridged by the generator: 2015-06-21 Sunday inside 端午.
        assert_eq!(c.kind(d("2015-06-21")), DayKind::Holiday("端午节".into()));
    }

    #[test]
    fn empty_is_weekends_only() {
        let c = Calendar::empty();
        assert!(c.years().is_empty());
        assert!(!c.covers(d("2026-01-01")));
        assert_eq!(c.kind(d("2026-01-01")), DayKind::Workday);
        assert_eq!(c.kind(d("2026-01-03")), DayKind::Weekend);
        assert!(c.is_workday(d("2026-10-01")));
        assert_eq!(c.add_working_days(d("2026-01-02"), 1), d("2026-01-05"));
        assert_eq!(c.add_working_days(d("2026-01-03"), 1), d("2026-01-05"));
        assert_eq!(c.add_working_days(d("2026-01-05"), 10), d("2026-01-19"));
        assert_eq!(c.add_working_days(d("2026-01-19"), -10), d("2026-01-05"));
        assert_eq!(c.working_days_between(d("2026-01-02"), d("2026-01-09")), 5);
        assert_eq!(c.next_workday(d("2026-01-03")), d("2026-01-05"));
        assert_eq!(c.prev_workday(d("2026-01-04")), d("2026-01-02"));
        // Backwards from a Saturday: Friday counts as 0, so -1 is Thursday (inverse of between).
        assert_eq!(c.add_working_days(d("2026-01-03"), -1), d("2026-01-01"));
        assert_eq!(c.working_days_between(d("2026-01-03"), d("2026-01-01")), -1);
        assert_eq!(c.add_working_days(d("2026-01-03"), 0), d("2026-01-03"));
        // Far dates still work in closed form.
        assert_eq!(c.working_days_between(d("2000-01-03"), d("2100-01-04")), 26090);
    }

    #[test]
    fn set_year_overrides_shipped() {
        let mut c = cal();
        let before = c.add_working_days(d("2026-09-30"), 1);
        assert_eq!(before, d("2026-10-08"));
        // Admin upload replaces the whole year.
        let admin = YearData::parse("year 2026\noff 2026-10-01..2026-10-02 国庆节\n").unwrap();
        c.set_year(admin.clone());
        assert_eq!(c.year_data(2026), Some(&admin));
        assert_eq!(c.kind(d("2026-10-05")), DayKind::Workday);
        assert!(!c.is_workday(d("2026-10-02")));
        assert!(!c.is_workday(d("2026-10-10")));
        assert!(c.is_workday(d("2026-02-16")));
        assert_eq!(c.add_working_days(d("2026-09-30"), 1), d("2026-10-05"));
        // Later years' ranks shift consistently.
        assert_eq!(
            c.working_days_between(d("2025-12-31"), d("2027-01-04")),
            Calendar::empty().working_days_between(d("2025-12-31"), d("2027-01-04")) - 2
        );
        // The shipped calendar is untouched (clones are independent).
        assert_eq!(cal().add_working_days(d("2026-09-30"), 1), d("2026-10-08"));
        // A new year beyond the shipped ones.
        let y2027 = YearData::parse("year 2027\noff 2027-01-01 元旦\n").unwrap();
        c.set_year(y2027);
        assert!(c.covers(d("2027-06-01")));
        assert_eq!(*c.years().last().unwrap(), 2027);
        assert_eq!(c.next_workday(d("2027-01-01")), d("2027-01-04"));
    }

    #[test]
    fn hand_built_data_is_tolerated() {
        // Not validated: out-of-year dates ignored, work wins over off.
        let data = YearData {
            year: 2030,
            off: vec![Span { start: d("2029-12-30"), end: d("2030-01-02"), name: "x".into() }],
            work: vec![Span { start: d("2030-01-02"), end: d("2030-01-02"), name: "y".into() }],
        };
        let mut c = Calendar::empty();
        c.set_year(data);
        assert!(c.is_workday(d("2029-12-31")));
        assert!(!c.is_workday(d("2030-01-01")));
        assert_eq!(c.kind(d("2030-01-02")), DayKind::MakeupWorkday("y".into()));
    }

    #[test]
    fn calendar_is_send_sync_and_cheap_to_clone() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Calendar>();
        let a = cal();
        let b = a.clone();
        assert!(Arc::ptr_eq(&a.years, &b.years));
    }
}
