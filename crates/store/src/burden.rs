//! 精文简会 figures: per receiving unit and per month, what the platform laid on each unit —
//! documents delivered by 核发, meetings it was asked to (and their minutes), tracked-item parts
//! assigned to it and the feedback reports demanded of it (filed, or missed and chased) — and who sent them. Each figure is one
//! aggregate over a covering index (migration 0007); the app merges them.

use crate::{q, Exec, Result};
use zs_domain::meeting::Caps;

/// A period: `[from_ms, to_ms)` in UTC milliseconds and the same days as dates and months, for the
/// tables that store dates (`assigned_on`) or months (`meeting_burden.month`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub from_ms: i64,
    pub to_ms: i64,
    /// First and last day, YYYY-MM-DD.
    pub from_day: String,
    pub to_day: String,
    /// First and last month, YYYY-MM.
    pub from_month: String,
    pub to_month: String,
}

/// A unit's figure on one measure.
pub type UnitCount = (String, i64);

/// Documents delivered into each unit's inbox in the period.
pub async fn documents_by_unit(c: &mut impl Exec, p: &Period, unit: Option<&str>) -> Result<Vec<UnitCount>> {
    let mut w = q("SELECT unit_id, COUNT(*) FROM distributions
       WHERE unit_id IS NOT NULL AND incoming_id IS NOT NULL AND created_ms >= $1 AND created_ms < $2")
    .bind(p.from_ms)
    .bind(p.to_ms);
    if let Some(u) = unit {
        w = w.push(" AND unit_id = ").push_arg(u);
    }
    w.push(" GROUP BY unit_id").fetch_all(c).await
}

/// Meetings each unit was asked to in the period, and their minutes: (unit, meetings, minutes).
pub async fn meetings_by_unit(c: &mut impl Exec, p: &Period, unit: Option<&str>) -> Result<Vec<(String, i64, i64)>> {
    let mut w = q("SELECT unit_id, COUNT(*), CAST(COALESCE(SUM(minutes), 0) AS BIGINT) FROM meeting_burden
       WHERE month >= $1 AND month <= $2")
    .bind(p.from_month.as_str())
    .bind(p.to_month.as_str());
    if let Some(u) = unit {
        w = w.push(" AND unit_id = ").push_arg(u);
    }
    w.push(" GROUP BY unit_id").fetch_all(c).await
}

/// Tracked-item parts assigned to each unit in the period.
pub async fn items_by_unit(c: &mut impl Exec, p: &Period, unit: Option<&str>) -> Result<Vec<UnitCount>> {
    let mut w = q("SELECT unit_id, COUNT(*) FROM tracked_items
       WHERE unit_id IS NOT NULL AND assigned_on >= $1 AND assigned_on <= $2")
    .bind(p.from_day.as_str())
    .bind(p.to_day.as_str());
    if let Some(u) = unit {
        w = w.push(" AND unit_id = ").push_arg(u);
    }
    w.push(" GROUP BY unit_id").fetch_all(c).await
}

/// Feedback reports (反馈进展) each unit filed on its parts in the period.
pub async fn reports_by_unit(c: &mut impl Exec, p: &Period, unit: Option<&str>) -> Result<Vec<UnitCount>> {
    let mut w = q("SELECT t.unit_id, COUNT(*) FROM tracked_events e JOIN tracked_items t ON t.id = e.item_id
       WHERE e.act = 'report' AND e.at_ms >= $1 AND e.at_ms < $2 AND t.unit_id IS NOT NULL")
    .bind(p.from_ms)
    .bind(p.to_ms);
    if let Some(u) = unit {
        w = w.push(" AND t.unit_id = ").push_arg(u);
    }
    w.push(" GROUP BY t.unit_id").fetch_all(c).await
}

/// Feedback cycles that passed without a report, per unit: the 催报 the reminder sweep sent (one per missed
/// report date). With the reports filed, the reports demanded of the unit.
pub async fn chased_by_unit(c: &mut impl Exec, p: &Period, unit: Option<&str>) -> Result<Vec<UnitCount>> {
    let mut w = q("SELECT t.unit_id, COUNT(*) FROM reminders r JOIN tracked_items t ON t.id = r.item_id
       WHERE r.sent_ms >= $1 AND r.sent_ms < $2 AND r.occasion LIKE 'report:%' AND t.unit_id IS NOT NULL")
    .bind(p.from_ms)
    .bind(p.to_ms);
    if let Some(u) = unit {
        w = w.push(" AND t.unit_id = ").push_arg(u);
    }
    w.push(" GROUP BY t.unit_id").fetch_all(c).await
}

/// One month of a trend: its bounds, and its key `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    pub key: String,
    pub from_ms: i64,
    pub to_ms: i64,
}

/// `WITH m(k, lo, hi) AS (VALUES …)`: the months as a table the counts join on, so each month is one
/// index range and the counts come out grouped by month without sorting rows.
fn months_cte(months: &[Month]) -> crate::Q {
    let mut w = q("WITH m(k, lo, hi) AS (VALUES ");
    for (i, m) in months.iter().enumerate() {
        w = if i > 0 { w.push(", ") } else { w };
        // The key is cast so PostgreSQL returns BIGINT, as the row type expects.
        w = w.push(&format!("(CAST({i} AS BIGINT), ")).push_arg(m.from_ms).push(", ").push_arg(m.to_ms).push(")");
    }
    w.push(") ")
}

/// Counts per month index (0-based into `months`).
pub type MonthCount = (i64, i64);

/// Documents delivered per month, to one unit or to all.
pub async fn documents_by_month(c: &mut impl Exec, months: &[Month], unit: Option<&str>) -> Result<Vec<MonthCount>> {
    if months.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = months_cte(months).push(
        "SELECT m.k, COUNT(*) FROM m JOIN distributions x ON x.created_ms >= m.lo AND x.created_ms < m.hi
         WHERE x.unit_id IS NOT NULL AND x.incoming_id IS NOT NULL",
    );
    if let Some(u) = unit {
        w = w.push(" AND x.unit_id = ").push_arg(u);
    }
    w.push(" GROUP BY m.k").fetch_all(c).await
}

/// Feedback reports filed per month, by one unit or by all.
pub async fn reports_by_month(c: &mut impl Exec, months: &[Month], unit: Option<&str>) -> Result<Vec<MonthCount>> {
    if months.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = months_cte(months).push(
        "SELECT m.k, COUNT(*) FROM m JOIN tracked_events e ON e.at_ms >= m.lo AND e.at_ms < m.hi
         JOIN tracked_items t ON t.id = e.item_id WHERE e.act = 'report' AND t.unit_id IS NOT NULL",
    );
    if let Some(u) = unit {
        w = w.push(" AND t.unit_id = ").push_arg(u);
    }
    w.push(" GROUP BY m.k").fetch_all(c).await
}

/// Missed feedback cycles chased per month (see `chased_by_unit`), of one unit or of all.
pub async fn chased_by_month(c: &mut impl Exec, months: &[Month], unit: Option<&str>) -> Result<Vec<MonthCount>> {
    if months.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = months_cte(months).push(
        "SELECT m.k, COUNT(*) FROM m JOIN reminders r ON r.sent_ms >= m.lo AND r.sent_ms < m.hi
         JOIN tracked_items t ON t.id = r.item_id WHERE r.occasion LIKE 'report:%' AND t.unit_id IS NOT NULL",
    );
    if let Some(u) = unit {
        w = w.push(" AND t.unit_id = ").push_arg(u);
    }
    w.push(" GROUP BY m.k").fetch_all(c).await
}

/// (month, unit-meetings, minutes) per month, for one unit or all.
pub async fn meetings_by_month(c: &mut impl Exec, p: &Period, unit: Option<&str>) -> Result<Vec<(String, i64, i64)>> {
    let mut w = q("SELECT month, COUNT(*), CAST(COALESCE(SUM(minutes), 0) AS BIGINT) FROM meeting_burden
       WHERE month >= $1 AND month <= $2")
    .bind(p.from_month.as_str())
    .bind(p.to_month.as_str());
    if let Some(u) = unit {
        w = w.push(" AND unit_id = ").push_arg(u);
    }
    w.push(" GROUP BY month").fetch_all(c).await
}

/// (month, parts) assigned per month, to one unit or all.
pub async fn items_by_month(c: &mut impl Exec, p: &Period, unit: Option<&str>) -> Result<Vec<(String, i64)>> {
    let mut w = q("SELECT SUBSTR(assigned_on, 1, 7), COUNT(*) FROM tracked_items
       WHERE unit_id IS NOT NULL AND assigned_on >= $1 AND assigned_on <= $2")
    .bind(p.from_day.as_str())
    .bind(p.to_day.as_str());
    if let Some(u) = unit {
        w = w.push(" AND unit_id = ").push_arg(u);
    }
    w.push(" GROUP BY SUBSTR(assigned_on, 1, 7)").fetch_all(c).await
}

/// Deliveries each sending organ made in the period, from the sender kept on each delivery.
pub async fn documents_by_sender(c: &mut impl Exec, p: &Period) -> Result<Vec<UnitCount>> {
    q("SELECT sender_unit_id, COUNT(*) FROM distributions
       WHERE unit_id IS NOT NULL AND incoming_id IS NOT NULL AND created_ms >= $1 AND created_ms < $2
         AND sender_unit_id IS NOT NULL GROUP BY sender_unit_id")
    .bind(p.from_ms)
    .bind(p.to_ms)
    .fetch_all(c)
    .await
}

/// Per organizing organ: meetings called and unit-attendances asked for: (organ, meetings, asked).
pub async fn meetings_by_sender(c: &mut impl Exec, p: &Period) -> Result<Vec<(String, i64, i64)>> {
    // `month || ''` keeps SQLite off the month index: walking the organiser index groups without sorting.
    q("SELECT organizer_unit_id, COUNT(*), CAST(SUM(n) AS BIGINT) FROM (SELECT organizer_unit_id, meeting_id,
       COUNT(*) AS n FROM meeting_burden WHERE month || '' >= $1 AND month || '' <= $2
       GROUP BY organizer_unit_id, meeting_id) x GROUP BY organizer_unit_id")
    .bind(p.from_month.as_str())
    .bind(p.to_month.as_str())
    .fetch_all(c)
    .await
}

/// Parts assigned in the period per organ of the person who opened the matter.
pub async fn items_by_sender(c: &mut impl Exec, p: &Period) -> Result<Vec<UnitCount>> {
    q("SELECT u.unit_id, COUNT(*) FROM tracked_items t JOIN users u ON u.id = t.created_by
       WHERE t.unit_id IS NOT NULL AND t.assigned_on >= $1 AND t.assigned_on <= $2 GROUP BY u.unit_id")
    .bind(p.from_day.as_str())
    .bind(p.to_day.as_str())
    .fetch_all(c)
    .await
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
