//! Room bookings: two bookings of one room may not overlap, and a refused booking is offered the
//! periods of that day still free.

use chrono::{NaiveDate, NaiveTime};

/// The hours of a day a room can be booked (local time): early enough for a 08:30 meeting, late
/// enough for an evening 调度会.
pub const BOOKING_WINDOW: (NaiveTime, NaiveTime) = (
    match NaiveTime::from_hms_opt(8, 0, 0) {
        Some(t) => t,
        None => NaiveTime::MIN,
    },
    match NaiveTime::from_hms_opt(21, 0, 0) {
        Some(t) => t,
        None => NaiveTime::MIN,
    },
);

/// Half-open periods `[start, end)` overlap when each starts before the other ends: a meeting that
/// ends at 10:00 and one that starts at 10:00 do not.
pub fn overlaps(a: (i64, i64), b: (i64, i64)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The periods of `day`'s booking window not taken by `busy` (any order, may overlap each other or
/// reach beyond the window) that are at least `min_ms` long, in order.
pub fn free_slots(day: NaiveDate, busy: &[(i64, i64)], min_ms: i64) -> Vec<(i64, i64)> {
    let open = crate::time::local_ms(day.and_time(BOOKING_WINDOW.0));
    let close = crate::time::local_ms(day.and_time(BOOKING_WINDOW.1));
    let mut taken: Vec<(i64, i64)> =
        busy.iter().map(|&(s, e)| (s.max(open), e.min(close))).filter(|(s, e)| s < e).collect();
    taken.sort_unstable();
    let mut out = Vec::new();
    let mut from = open;
    for (s, e) in taken {
        if s > from && s - from >= min_ms.max(1) {
            out.push((from, s));
        }
        from = from.max(e);
    }
    if close > from && close - from >= min_ms.max(1) {
        out.push((from, close));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::local_ms;

    fn at(s: &str) -> i64 {
        local_ms(chrono::NaiveDateTime::parse_from_str(&format!("2026-11-25 {s}"), "%Y-%m-%d %H:%M").unwrap())
    }
    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }
    const HOUR: i64 = 3_600_000;

    #[test]
    fn touching_bookings_do_not_overlap() {
        assert!(overlaps((at("09:00"), at("11:00")), (at("10:00"), at("12:00"))));
        assert!(overlaps((at("09:00"), at("11:00")), (at("09:30"), at("10:00"))), "inside");
        assert!(!overlaps((at("09:00"), at("10:00")), (at("10:00"), at("11:00"))));
        assert!(!overlaps((at("14:00"), at("15:00")), (at("09:00"), at("10:00"))));
    }

    #[test]
    fn free_slots_are_the_gaps_long_enough() {
        let busy = [(at("09:00"), at("11:00")), (at("10:30"), at("12:00")), (at("14:30"), at("16:00"))];
        let slots = free_slots(day(), &busy, HOUR);
        assert_eq!(slots, vec![(at("08:00"), at("09:00")), (at("12:00"), at("14:30")), (at("16:00"), at("21:00"))]);
        // A two-hour meeting fits only after lunch and in the evening.
        assert_eq!(free_slots(day(), &busy, 2 * HOUR), vec![(at("12:00"), at("14:30")), (at("16:00"), at("21:00"))]);
        assert_eq!(free_slots(day(), &[], HOUR), vec![(at("08:00"), at("21:00"))]);
        assert!(free_slots(day(), &[(at("07:00"), at("22:00"))], 1).is_empty(), "booked all day");
    }

    #[test]
    fn free_slots_never_overlap_what_is_busy() {
        // Every combination of a few bookings on a half-hour grid: each slot is inside the window,
        // long enough, and clear of every booking; and nothing free of that length is missed.
        let grid: Vec<i64> = (0..8).map(|i| at("08:00") + i * 2 * HOUR).collect();
        for mask in 0u32..256 {
            let busy: Vec<(i64, i64)> = grid
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(i, g)| {
                    let s = *g + (i as i64 % 3) * HOUR / 2;
                    (s, s + HOUR + (i as i64 % 2) * HOUR / 2)
                })
                .collect();
            let slots = free_slots(day(), &busy, HOUR);
            for &(s, e) in &slots {
                assert!(e - s >= HOUR && s >= at("08:00") && e <= at("21:00"));
                assert!(busy.iter().all(|b| !overlaps((s, e), *b)), "{mask}: slot overlaps");
            }
            let mut t = at("08:00");
            while t + HOUR <= at("21:00") {
                let free = busy.iter().all(|b| !overlaps((t, t + HOUR), *b));
                let offered = slots.iter().any(|&(s, e)| s <= t && t + HOUR <= e);
                assert_eq!(free, offered, "{mask}: an hour from {t} free={free}");
                t += HOUR / 2;
            }
        }
    }
}
