//! 整改问题清单 (ledgers) and their dated snapshots for 对账盘点. A ledger's items are ordinary
//! tracked items (kind rectification, `source_title` = the ledger's name), listed through
//! `tracking::list`; this module only adds the per-ledger counts and the snapshot tables.

use crate::{q, Exec, Result};
use chrono::NaiveDate;

/// One ledger's figures over its matters (top-level items), as the ledger list shows them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SummaryRow {
    pub ledger: String,
    pub total: i64,
    pub closed: i64,
    pub open: i64,
    pub overdue_immediate: i64,
    pub overdue_deadline: i64,
    pub overdue_long_term: i64,
}

const OPEN: &str = "('assigned', 'acknowledged', 'in_progress', 'close_requested')";

/// Every ledger (a source title some imported rectification matter carries) with its counts;
/// overdue means open and past its deadline on `today`.
pub async fn summaries(c: &mut impl Exec, today: NaiveDate) -> Result<Vec<SummaryRow>> {
    let od = |cat: &str| {
        format!(
            "COALESCE(SUM(CASE WHEN t.state IN {OPEN} AND t.due < $1 AND t.category = '{cat}' THEN 1 ELSE 0 END), 0)"
        )
    };
    q(format!(
        "SELECT t.source_title AS ledger, COUNT(*) AS total,
            COALESCE(SUM(CASE WHEN t.state = 'closed' THEN 1 ELSE 0 END), 0) AS closed,
            COALESCE(SUM(CASE WHEN t.state NOT IN ('closed', 'cancelled') THEN 1 ELSE 0 END), 0) AS open,
            {} AS overdue_immediate, {} AS overdue_deadline, {} AS overdue_long_term
         FROM tracked_items t
         WHERE t.parent_id IS NULL AND t.kind = 'rectification' AND t.source_title IN
            (SELECT DISTINCT s.source_title FROM tracked_items s
             WHERE s.parent_id IS NULL AND s.kind = 'rectification' AND s.source_kind = 'ledger')
         GROUP BY t.source_title ORDER BY t.source_title",
        od("immediate"),
        od("deadline"),
        od("long_term")
    ))
    .bind(today.format("%Y-%m-%d").to_string())
    .fetch_all(c)
    .await
}

/// Whether a ledger of this name exists (some imported rectification matter carries it).
pub async fn exists(c: &mut impl Exec, ledger: &str) -> Result<bool> {
    let (n,): (i64,) = q("SELECT COUNT(*) FROM tracked_items WHERE parent_id IS NULL AND kind = 'rectification'
        AND source_kind = 'ledger' AND source_title = $1")
    .bind(ledger)
    .fetch_one(c)
    .await?;
    Ok(n > 0)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SnapshotRow {
    pub id: String,
    pub ledger: String,
    /// YYYY-MM-DD, the deadline clock's today when taken.
    pub taken_on: String,
    pub taken_ms: i64,
    /// The name of who took it.
    pub taken_by: String,
    pub note: String,
}

/// One matter as it stood in a snapshot (state, due and warning as their codes).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SnapshotItemRow {
    pub snapshot_id: String,
    pub item_id: String,
    pub title: String,
    pub state: String,
    pub due: String,
    pub progress: i64,
    pub warning: Option<String>,
}

pub async fn insert_snapshot(c: &mut impl Exec, s: &SnapshotRow) -> Result<()> {
    q("INSERT INTO ledger_snapshots (id, ledger, taken_on, taken_ms, taken_by, note) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&s.id)
        .bind(&s.ledger)
        .bind(&s.taken_on)
        .bind(s.taken_ms)
        .bind(&s.taken_by)
        .bind(&s.note)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn insert_snapshot_item(c: &mut impl Exec, i: &SnapshotItemRow) -> Result<()> {
    q("INSERT INTO ledger_snapshot_items (snapshot_id, item_id, title, state, due, progress, warning)
       VALUES ($1, $2, $3, $4, $5, $6, $7)")
    .bind(&i.snapshot_id)
    .bind(&i.item_id)
    .bind(&i.title)
    .bind(&i.state)
    .bind(&i.due)
    .bind(i.progress)
    .bind(i.warning.clone())
    .execute(c)
    .await?;
    Ok(())
}

/// A ledger's snapshots, newest first, with how many items each holds.
pub async fn snapshots(c: &mut impl Exec, ledger: &str) -> Result<Vec<(SnapshotRow, i64)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        s: SnapshotRow,
        items: i64,
    }
    let rows: Vec<Row> = q("SELECT s.id, s.ledger, s.taken_on, s.taken_ms, s.taken_by, s.note,
            (SELECT COUNT(*) FROM ledger_snapshot_items i WHERE i.snapshot_id = s.id) AS items
         FROM ledger_snapshots s WHERE s.ledger = $1 ORDER BY s.taken_ms DESC, s.id DESC")
    .bind(ledger)
    .fetch_all(c)
    .await?;
    Ok(rows.into_iter().map(|r| (r.s, r.items)).collect())
}

pub async fn snapshot(c: &mut impl Exec, id: &str) -> Result<Option<SnapshotRow>> {
    q("SELECT id, ledger, taken_on, taken_ms, taken_by, note FROM ledger_snapshots WHERE id = $1")
        .bind(id)
        .fetch_optional(c)
        .await
}

pub async fn snapshot_items(c: &mut impl Exec, snapshot_id: &str) -> Result<Vec<SnapshotItemRow>> {
    q("SELECT snapshot_id, item_id, title, state, due, progress, warning FROM ledger_snapshot_items
       WHERE snapshot_id = $1 ORDER BY due, item_id")
    .bind(snapshot_id)
    .fetch_all(c)
    .await
}
