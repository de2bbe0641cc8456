//! Property tests: the fast rank-based arithmetic against naive day-by-day walks,
//! over the shipped years 2004–2026 plus the weekend-only years around them.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use proptest::prelude::*;
use zs_calendar::{Calendar, DayKind, Span, YearData};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Dates from mid-2003 to early 2028: every data year, both edges, and 2027 without data.
fn date() -> impl Strategy<Value = NaiveDate> {
    (0u64..(25 * 366)).prop_map(|n| d("2003-07-01") + Days::new(n))
}

fn naive_is_workday(data: &[YearData], date: NaiveDate) -> bool {
    let in_spans = |spans: &[Span]| spans.iter().any(|s| s.start <= date && date <= s.end);
    match data.iter().find(|y| y.year == date.year()) {
        Some(y) if in_spans(&y.work) => true,
        Some(y) if in_spans(&y.off) => false,
        _ => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
    }
}

fn naive_between(c: &Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
    let (lo, hi, sign) = if from <= to { (from, to, 1) } else { (to, from, -1) };
    let count = lo.iter_days().skip(1).take_while(|x| *x <= hi).filter(|x| c.is_workday(*x)).count();
    sign * count as i64
}

fn naive_add(c: &Calendar, start: NaiveDate, n: i64) -> NaiveDate {
    let mut date = start;
    if n > 0 {
        let mut left = n;
        loop {
            date = date + Days::new(1);
            if c.is_workday(date) {
                left -= 1;
                if left == 0 {
                    return date;
                }
            }
        }
    } else if n < 0 {
        // The working day b < start with |n| working days in (b, start].
        let mut count = 0;
        loop {
            count += i64::from(c.is_workday(date));
            date = date - Days::new(1);
            if count == -n && c.is_workday(date) {
                return date;
            }
        }
    }
    start
}

fn shipped() -> Vec<YearData> {
    let c = Calendar::builtin();
    c.years().into_iter().map(|y| c.year_data(y).unwrap().clone()).collect()
}

/// A calendar holding only some shipped years, so weekend-only gaps sit between data years.
fn sparse(mask: u32) -> (Calendar, Vec<YearData>) {
    let data: Vec<YearData> =
        shipped().into_iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, y)| y).collect();
    let mut c = Calendar::empty();
    for y in data.iter().rev() {
        c.set_year(y.clone());
    }
    (c, data)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn add_inverts_between_for_workdays(a in date(), b in date()) {
        let c = Calendar::builtin();
        let b = c.next_workday(b);
        prop_assert_eq!(c.add_working_days(a, c.working_days_between(a, b)), b);
    }

    #[test]
    fn between_is_additive(a in date(), b in date(), x in date()) {
        let c = Calendar::builtin();
        prop_assert_eq!(
            c.working_days_between(a, x),
            c.working_days_between(a, b) + c.working_days_between(b, x)
        );
        prop_assert_eq!(c.working_days_between(a, b), -c.working_days_between(b, a));
    }

    #[test]
    fn between_matches_day_by_day_count(a in date(), b in date()) {
        let c = Calendar::builtin();
        prop_assert_eq!(c.working_days_between(a, b), naive_between(&c, a, b));
    }

    #[test]
    fn add_matches_day_by_day_walk(a in date(), n in -400i64..=400) {
        let c = Calendar::builtin();
        let got = c.add_working_days(a, n);
        prop_assert_eq!(got, naive_add(&c, a, n));
        if n != 0 {
            prop_assert!(c.is_workday(got));
        }
    }

    #[test]
    fn next_and_prev_workday(a in date()) {
        let c = Calendar::builtin();
        let next = a.iter_days().find(|x| c.is_workday(*x)).unwrap();
        let prev = a.iter_days().rev().find(|x| c.is_workday(*x)).unwrap();
        prop_assert_eq!(c.next_workday(a), next);
        prop_assert_eq!(c.prev_workday(a), prev);
    }

    #[test]
    fn day_table_matches_year_data(a in date()) {
        let c = Calendar::builtin();
        let data = shipped();
        prop_assert_eq!(c.is_workday(a), naive_is_workday(&data, a));
        prop_assert_eq!(c.kind(a).is_workday(), c.is_workday(a));
        prop_assert_eq!(c.covers(a), (2004..=2026).contains(&a.year()));
        if !c.covers(a) {
            let weekend = matches!(a.weekday(), Weekday::Sat | Weekday::Sun);
            prop_assert_eq!(c.kind(a), if weekend { DayKind::Weekend } else { DayKind::Workday });
        }
    }

    #[test]
    fn sparse_years_agree_with_naive(mask in 0u32..(1 << 23), a in date(), b in date(), n in -300i64..=300) {
        let (c, data) = sparse(mask);
        prop_assert_eq!(c.is_workday(b), naive_is_workday(&data, b));
        prop_assert_eq!(c.working_days_between(a, b), naive_between(&c, a, b));
        prop_assert_eq!(c.add_working_days(a, n), naive_add(&c, a, n));
        let w = c.next_workday(b);
        prop_assert_eq!(c.add_working_days(a, c.working_days_between(a, w)), w);
    }

    #[test]
    fn generated_year_round_trips(
        year in 1990i32..2100,
        marks in proptest::collection::vec((0u32..366, 0u8..3, 0usize..4), 0..60),
    ) {
        // Each picked day is off (with one of a few names) or, on weekends, a makeup day.
        let names = ["元旦", "春节", "国庆节", "Extra Day"];
        let mut table: Vec<Option<(bool, usize)>> = vec![None; 366];
        for (ord, what, name) in marks {
            if let Some(date) = NaiveDate::from_yo_opt(year, ord + 1) {
                let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
                table[ord as usize] = Some((what == 0 && weekend, name));
            }
        }
        let (mut off, mut work): (Vec<Span>, Vec<Span>) = (Vec::new(), Vec::new());
        for (ord, mark) in table.iter().enumerate() {
            let Some((is_work, name)) = *mark else { continue };
            let date = NaiveDate::from_yo_opt(year, ord as u32 + 1).unwrap();
            let name = if is_work { format!("{}调休", names[name]) } else { names[name].to_string() };
            let spans = if is_work { &mut work } else { &mut off };
            match spans.last_mut() {
                Some(s) if s.end.succ_opt() == Some(date) && s.name == name => s.end = date,
                _ => spans.push(Span { start: date, end: date, name }),
            }
        }
        let data = YearData { year, off, work };
        let text = data.to_text();
        prop_assert_eq!(YearData::parse(&text), Ok(data.clone()), "{}", text);
        let mut c = Calendar::empty();
        c.set_year(YearData::parse(&text).unwrap());
        let jan1 = NaiveDate::from_yo_opt(year, 1).unwrap();
        for x in jan1.iter_days().take_while(|x| x.year() == year) {
            prop_assert_eq!(c.is_workday(x), naive_is_workday(std::slice::from_ref(&data), x));
        }
        prop_assert_eq!(
            data.off_days() + data.work_days(),
            table.iter().filter(|m| m.is_some()).count()
        );
    }
}
