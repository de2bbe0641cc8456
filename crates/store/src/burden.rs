//! 精文简会 figures: per receiving unit and per month, what the platform laid on each unit —
//! documents delivered by 核发, meetings it was asked to (and their minutes), tracked-item parts
//! assigned to it and the feedback reports demanded of it (filed, or missed and chased) — and what
//! each organ sent. The page reads them from `burden_counts`, a rollup of a few rows per unit and
//! month, kept by the writes that move a figure, in their own transaction: each store function that
//! writes a counted row notes its change here (`record`), and `Tx::commit` writes a transaction's
//! changes in one sorted statement just before it commits (`write`). `rebuild` counts them again
//! from the rows themselves.

use crate::{q, Backend, Exec, Result, Tx};
use chrono::{Datelike, Months};
use std::collections::BTreeMap;
use zs_domain::meeting::Caps;
use zs_domain::time::{day_start_ms, local};

/// What landed on a receiving unit.
pub const UNIT: &str = "unit";
/// What a sending organ sent.
pub const SENDER: &str = "sender";

/// Documents delivered (to a unit; by an organ).
pub const DOCUMENTS: &str = "documents";
/// A unit: meetings it was asked to, with their minutes. An organ: meetings it called.
pub const MEETINGS: &str = "meetings";
/// An organ: units it asked to its meetings, counted per meeting.
pub const ASKED: &str = "asked";
/// Tracked-item parts assigned (to a unit; by the organ of the person who opened the matter).
pub const ITEMS: &str = "items";
/// A unit: feedback reports it filed on its parts.
pub const REPORTS: &str = "reports";
/// A unit: feedback cycles it missed, each chased by a 催报.
pub const CHASED: &str = "chased";

/// Changes to the rollup not yet written: (side, month, unit, measure) → (n, minutes), kept sorted by
/// key and written in that order, so that every transaction takes the rows' locks in the same order.
#[derive(Debug, Default)]
pub struct Pending(BTreeMap<(&'static str, String, String, &'static str), (i64, i64)>);

impl Pending {
    pub fn add(&mut self, side: &'static str, month: &str, unit_id: &str, measure: &'static str, n: i64, minutes: i64) {
        let v = self.0.entry((side, month.to_string(), unit_id.to_string(), measure)).or_default();
        v.0 += n;
        v.1 += minutes;
    }

    fn merge(&mut self, other: Pending) {
        for ((side, month, unit, measure), (n, minutes)) in other.0 {
            self.add(side, &month, &unit, measure, n, minutes);
        }
    }
}

/// The Shanghai month of an instant, YYYY-MM.
pub fn month_of_ms(ms: i64) -> String {
    local(ms).format("%Y-%m").to_string()
}

/// The month of a stored day (YYYY-MM-DD).
pub fn month_of_day(day: &str) -> &str {
    day.get(..7).unwrap_or(day)
}

/// One thing laid on `unit` in `month` (a delivery, a tracked-item part), also counted for the organ that sent
/// it when known: `sign` 1 counts it, -1 takes it back.
pub(crate) async fn count_sent(
    c: &mut impl Exec,
    measure: &'static str,
    month: &str,
    unit: &str,
    sender: Option<&str>,
    sign: i64,
) -> Result<()> {
    let mut p = Pending::default();
    p.add(UNIT, month, unit, measure, sign, 0);
    if let Some(s) = sender {
        p.add(SENDER, month, s, measure, sign, 0);
    }
    record(c, p).await
}

/// Note changes to the rollup: kept for the commit inside a transaction, written at once outside one.
pub(crate) async fn record(c: &mut impl Exec, p: Pending) -> Result<()> {
    if p.0.is_empty() {
        return Ok(());
    }
    match c.pending() {
        Some(into) => {
            into.merge(p);
            Ok(())
        }
        None => write(c, p).await,
    }
}

/// Add the changes to the rollup, in key order, 500 rows a statement.
pub(crate) async fn write(c: &mut impl Exec, p: Pending) -> Result<()> {
    let rows: Vec<_> = p.0.into_iter().filter(|(_, v)| *v != (0, 0)).collect();
    for chunk in rows.chunks(500) {
        let mut w = q("INSERT INTO burden_counts (side, month, unit_id, measure, n, minutes) VALUES ");
        for (i, ((side, month, unit, measure), (n, minutes))) in chunk.iter().enumerate() {
            w = if i > 0 { w.push(", ") } else { w };
            w = w
                .push("(")
                .push_arg(*side)
                .push(", ")
                .push_arg(month.as_str())
                .push(", ")
                .push_arg(unit.as_str())
                .push(", ")
                .push_arg(*measure)
                .push(", ")
                .push_arg(*n)
                .push(", ")
                .push_arg(*minutes)
                .push(")");
        }
        w.push(
            " ON CONFLICT (side, month, unit_id, measure) DO UPDATE
              SET n = burden_counts.n + excluded.n, minutes = burden_counts.minutes + excluded.minutes",
        )
        .execute(c)
        .await?;
    }
    Ok(())
}

/// How `sums` groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Unit,
    Month,
    UnitMonth,
}

/// One figure summed over the grouped months or units (the grouped-away column is empty).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Sum {
    pub month: String,
    pub unit_id: String,
    pub measure: String,
    pub n: i64,
    pub minutes: i64,
}

/// The figures of one side over the months `from..=to` (YYYY-MM), grouped `by` unit, month or both;
/// `unit` narrows to one unit. Figures that sum to nothing are left out.
pub async fn sums(c: &mut impl Exec, side: &str, from: &str, to: &str, by: By, unit: Option<&str>) -> Result<Vec<Sum>> {
    let (cols, group) = match by {
        By::Unit => ("'' AS month, unit_id", "unit_id"),
        By::Month => ("month, '' AS unit_id", "month"),
        By::UnitMonth => ("month, unit_id", "month, unit_id"),
    };
    let mut w = q(format!(
        "SELECT {cols}, measure, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(minutes) AS BIGINT) AS minutes
         FROM burden_counts WHERE side = $1 AND month >= $2 AND month <= $3"
    ))
    .bind(side)
    .bind(from)
    .bind(to);
    if let Some(u) = unit {
        w = w.push(" AND unit_id = ").push_arg(u);
    }
    w.push(&format!(" GROUP BY {group}, measure HAVING SUM(n) <> 0 OR SUM(minutes) <> 0")).fetch_all(c).await
}

/// One row of the rollup: (side, month, unit, measure, n, minutes).
pub type Row = (String, String, String, String, i64, i64);

/// Every row of the rollup that counts something, in key order (for checks).
pub async fn rows(c: &mut impl Exec) -> Result<Vec<Row>> {
    q("SELECT side, month, unit_id, measure, n, minutes FROM burden_counts WHERE n <> 0 OR minutes <> 0
       ORDER BY side, month, unit_id, measure")
    .fetch_all(c)
    .await
}

/// What a rebuild did: the rows it wrote, and how many figures (rows present before or after) it changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rebuilt {
    pub rows: u64,
    pub changed: usize,
}

/// Count the rollup again from the rows it counts, replacing it. Changes this transaction noted are
/// dropped, since the recount sees its rows. On PostgreSQL the table is locked against writers first
/// (the one backend-specific statement here), so a transaction committing meanwhile is counted once:
/// either before the recount, which sees its rows, or after it, adding its own change.
pub async fn rebuild(tx: &mut Tx) -> Result<Rebuilt> {
    if let Some(p) = tx.pending() {
        *p = Pending::default();
    }
    if tx.backend() == Backend::Postgres {
        q("LOCK TABLE burden_counts IN SHARE ROW EXCLUSIVE MODE").execute(tx).await?;
    }
    let before = rows(tx).await?;
    q("DELETE FROM burden_counts").execute(tx).await?;
    let rows_written = recount(tx).await?;
    let after = rows(tx).await?;
    let keyed = |v: Vec<Row>| -> BTreeMap<_, _> { v.into_iter().map(|r| ((r.0, r.1, r.2, r.3), (r.4, r.5))).collect() };
    let (before, after) = (keyed(before), keyed(after));
    let changed = before.iter().filter(|(k, v)| after.get(*k) != Some(*v)).count()
        + after.keys().filter(|k| !before.contains_key(*k)).count();
    Ok(Rebuilt { rows: rows_written, changed })
}

/// Insert every figure counted from the rows themselves into the (empty) rollup.
async fn recount(tx: &mut Tx) -> Result<u64> {
    let mut written = 0;
    // Figures whose rows carry their month or day.
    for sql in [
        "SELECT 'unit', month, unit_id, 'meetings', COUNT(*), CAST(SUM(minutes) AS BIGINT) FROM meeting_burden
         GROUP BY month, unit_id",
        "SELECT 'sender', month, organizer_unit_id, 'meetings', COUNT(DISTINCT meeting_id), 0 FROM meeting_burden
         GROUP BY month, organizer_unit_id",
        "SELECT 'sender', month, organizer_unit_id, 'asked', COUNT(*), 0 FROM meeting_burden
         GROUP BY month, organizer_unit_id",
        "SELECT 'unit', SUBSTR(assigned_on, 1, 7), unit_id, 'items', COUNT(*), 0 FROM tracked_items
         WHERE unit_id IS NOT NULL AND assigned_on IS NOT NULL GROUP BY SUBSTR(assigned_on, 1, 7), unit_id",
        "SELECT 'sender', SUBSTR(t.assigned_on, 1, 7), u.unit_id, 'items', COUNT(*), 0 FROM tracked_items t
         JOIN users u ON u.id = t.created_by WHERE t.unit_id IS NOT NULL AND t.assigned_on IS NOT NULL
         GROUP BY SUBSTR(t.assigned_on, 1, 7), u.unit_id",
    ] {
        written += q(format!("INSERT INTO burden_counts (side, month, unit_id, measure, n, minutes) {sql}"))
            .execute(tx)
            .await?;
    }
    // Figures whose rows carry an instant: joined to the Shanghai months they span.
    let (lo, hi): (Option<i64>, Option<i64>) = q("SELECT MIN(lo), MAX(hi) FROM (
         SELECT MIN(created_ms) AS lo, MAX(created_ms) AS hi FROM distributions WHERE incoming_id IS NOT NULL
         UNION ALL SELECT MIN(at_ms), MAX(at_ms) FROM tracked_events WHERE act = 'report'
         UNION ALL SELECT MIN(sent_ms), MAX(sent_ms) FROM reminders WHERE occasion LIKE 'report:%') x")
    .fetch_one(tx)
    .await?;
    let (Some(lo), Some(hi)) = (lo, hi) else { return Ok(written) };
    let first = |ms: i64| local(ms).date_naive().with_day(1).unwrap_or_default();
    let mut months = Vec::new();
    let mut m = first(lo);
    while m <= first(hi) {
        let next = m + Months::new(1);
        months.push((m.format("%Y-%m").to_string(), day_start_ms(m), day_start_ms(next)));
        m = next;
    }
    for sql in [
        "SELECT 'unit', m.k, x.unit_id, 'documents', COUNT(*), 0
         FROM m JOIN distributions x ON x.created_ms >= m.lo AND x.created_ms < m.hi
         WHERE x.unit_id IS NOT NULL AND x.incoming_id IS NOT NULL GROUP BY m.k, x.unit_id",
        "SELECT 'sender', m.k, x.sender_unit_id, 'documents', COUNT(*), 0
         FROM m JOIN distributions x ON x.created_ms >= m.lo AND x.created_ms < m.hi
         WHERE x.unit_id IS NOT NULL AND x.incoming_id IS NOT NULL AND x.sender_unit_id IS NOT NULL
         GROUP BY m.k, x.sender_unit_id",
        "SELECT 'unit', m.k, t.unit_id, 'reports', COUNT(*), 0
         FROM m JOIN tracked_events e ON e.at_ms >= m.lo AND e.at_ms < m.hi JOIN tracked_items t ON t.id = e.item_id
         WHERE e.act = 'report' AND t.unit_id IS NOT NULL GROUP BY m.k, t.unit_id",
        "SELECT 'unit', m.k, t.unit_id, 'chased', COUNT(*), 0
         FROM m JOIN reminders r ON r.sent_ms >= m.lo AND r.sent_ms < m.hi JOIN tracked_items t ON t.id = r.item_id
         WHERE r.occasion LIKE 'report:%' AND t.unit_id IS NOT NULL GROUP BY m.k, t.unit_id",
    ] {
        let mut w = q("WITH m(k, lo, hi) AS (VALUES ");
        for (i, (k, from, to)) in months.iter().enumerate() {
            w = if i > 0 { w.push(", ") } else { w };
            w = w.push("(").push_arg(k.as_str()).push(", ").push_arg(*from).push(", ").push_arg(*to).push(")");
        }
        written += w
            .push(") INSERT INTO burden_counts (side, month, unit_id, measure, n, minutes) ")
            .push(sql)
            .execute(tx)
            .await?;
    }
    Ok(written)
}

// ---- caps ----

#[derive(Debug, Clone, sqlx::FromRow)]
struct CapsRow {
    documents: Option<i64>,
    meetings: Option<i64>,
    meeting_hours: Option<i64>,
    items: Option<i64>,
    reports: Option<i64>,
    set_by: String,
    set_ms: i64,
}

/// A year's caps with who set them and when.
pub async fn caps(c: &mut impl Exec, year: i32) -> Result<Option<(Caps, String, i64)>> {
    let row: Option<CapsRow> = q("SELECT documents, meetings, meeting_hours, items, reports, set_by, set_ms
       FROM burden_caps WHERE year = $1")
    .bind(year as i64)
    .fetch_optional(c)
    .await?;
    Ok(row.map(|r| {
        (
            Caps {
                documents: r.documents,
                meetings: r.meetings,
                meeting_hours: r.meeting_hours,
                items: r.items,
                reports: r.reports,
            },
            r.set_by,
            r.set_ms,
        )
    }))
}

pub async fn put_caps(c: &mut impl Exec, year: i32, caps: &Caps, by: &str, now: i64) -> Result<()> {
    q("INSERT INTO burden_caps (year, documents, meetings, meeting_hours, items, reports, set_by, set_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (year) DO UPDATE SET documents = $2, meetings = $3, meeting_hours = $4, items = $5, reports = $6,
         set_by = $7, set_ms = $8")
    .bind(year as i64)
    .bind(caps.documents)
    .bind(caps.meetings)
    .bind(caps.meeting_hours)
    .bind(caps.items)
    .bind(caps.reports)
    .bind(by)
    .bind(now)
    .execute(c)
    .await?;
    Ok(())
}
