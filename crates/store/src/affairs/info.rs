//! 信息报送: items with their versions, files and history; score rows and rules; the score table's aggregates.

use super::{date, ds};
use crate::{q, Exec, Result};
use chrono::NaiveDate;
use zs_domain::affairs::info::{InfoCategory, InfoItem, InfoState};

/// An item row as selected with `COLS`.
#[derive(sqlx::FromRow)]
pub(crate) struct RowOut {
    id: String,
    unit_id: String,
    author_id: String,
    author_name: String,
    category: String,
    title: String,
    body: String,
    state: String,
    version: i64,
    commission_id: Option<String>,
    submitted_on: String,
    submitted_ms: i64,
    updated_ms: i64,
    note: String,
}

impl TryFrom<RowOut> for InfoItem {
    type Error = crate::StoreError;
    fn try_from(r: RowOut) -> Result<Self> {
        let corrupt = |what: &str, v: &str| crate::StoreError::Corrupt(format!("信息{}“{v}”无效", what));
        Ok(InfoItem {
            category: InfoCategory::from_code(&r.category).ok_or_else(|| corrupt("类别", &r.category))?,
            state: InfoState::from_code(&r.state).ok_or_else(|| corrupt("状态", &r.state))?,
            submitted_on: date(&r.submitted_on)?,
            id: r.id,
            unit_id: r.unit_id,
            author_id: r.author_id,
            author_name: r.author_name,
            title: r.title,
            body: r.body,
            version: r.version,
            commission_id: r.commission_id,
            submitted_ms: r.submitted_ms,
            updated_ms: r.updated_ms,
            note: r.note,
        })
    }
}

fn items(rows: Vec<RowOut>) -> Result<Vec<InfoItem>> {
    rows.into_iter().map(InfoItem::try_from).collect()
}

pub(crate) const COLS: &str = "i.id, i.unit_id, i.author_id, i.author_name, i.category, i.title, i.body, i.state, \
    i.version, i.commission_id, i.submitted_on, i.submitted_ms, i.updated_ms, i.note";

pub async fn insert(c: &mut impl Exec, i: &InfoItem) -> Result<()> {
    q("INSERT INTO info_items (id, unit_id, author_id, author_name, category, title, body, state, version, commission_id,
        submitted_on, submitted_ms, updated_ms, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
    .bind(&i.id)
    .bind(&i.unit_id)
    .bind(&i.author_id)
    .bind(&i.author_name)
    .bind(i.category.code())
    .bind(&i.title)
    .bind(&i.body)
    .bind(i.state.code())
    .bind(i.version)
    .bind(i.commission_id.clone())
    .bind(ds(i.submitted_on))
    .bind(i.submitted_ms)
    .bind(i.updated_ms)
    .bind(&i.note)
    .execute(c)
    .await?;
    Ok(())
}

/// Write what a step or an edit changes, only if nobody changed the row since it was read (`seen_ms`).
pub async fn update(c: &mut impl Exec, i: &InfoItem, seen_ms: i64) -> Result<bool> {
    let n = q("UPDATE info_items SET category = $2, title = $3, body = $4, state = $5, version = $6, updated_ms = $7,
        note = $8 WHERE id = $1 AND updated_ms = $9")
    .bind(&i.id)
    .bind(i.category.code())
    .bind(&i.title)
    .bind(&i.body)
    .bind(i.state.code())
    .bind(i.version)
    .bind(i.updated_ms)
    .bind(&i.note)
    .bind(seen_ms)
    .execute(c)
    .await?;
    Ok(n == 1)
}

pub async fn get(c: &mut impl Exec, id: &str) -> Result<Option<InfoItem>> {
    let row: Option<RowOut> =
        q(format!("SELECT {COLS} FROM info_items i WHERE i.id = $1")).bind(id).fetch_optional(c).await?;
    row.map(InfoItem::try_from).transpose()
}

/// What a list asks for; `units` (a unit's own items) comes from the access rule.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    pub units: Option<Vec<String>>,
    pub unit_id: Option<String>,
    pub states: Vec<InfoState>,
    pub category: Option<InfoCategory>,
    pub text: Option<String>,
    pub commission_id: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// Items newest first, with the total.
pub async fn list(c: &mut impl Exec, f: &ItemFilter) -> Result<(Vec<InfoItem>, i64)> {
    let mut w = q(" FROM info_items i WHERE 1 = 1");
    if let Some(units) = &f.units {
        w = w.push(" AND i.unit_id IN ").push_in(units.iter().map(String::as_str));
    }
    if let Some(u) = &f.unit_id {
        w = w.push(" AND i.unit_id = ").push_arg(u.as_str());
    }
    if !f.states.is_empty() {
        w = w.push(" AND i.state IN ").push_in(f.states.iter().map(|s| s.code()));
    }
    if let Some(cat) = f.category {
        w = w.push(" AND i.category = ").push_arg(cat.code());
    }
    if let Some(cid) = &f.commission_id {
        w = w.push(" AND i.commission_id = ").push_arg(cid.as_str());
    }
    if let Some(t) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let i = w.next_index();
        w = w
            .push(&format!(" AND (LOWER(i.title) LIKE ${i} ESCAPE '\\' OR LOWER(i.body) LIKE ${i} ESCAPE '\\')"))
            .bind(crate::contains_pattern(t));
    }
    let (rows, total): (Vec<RowOut>, i64) =
        w.count_and_page(c, COLS, "i.submitted_ms DESC, i.id DESC", f.limit.clamp(1, 10_000), f.offset).await?;
    Ok((items(rows)?, total))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VersionRow {
    pub item_id: String,
    pub version: i64,
    pub title: String,
    pub body: String,
    pub author_id: Option<String>,
    pub author_name: String,
    pub created_ms: i64,
}

pub async fn insert_version(c: &mut impl Exec, v: &VersionRow) -> Result<()> {
    q("INSERT INTO info_versions (item_id, version, title, body, author_id, author_name, created_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7)")
    .bind(&v.item_id)
    .bind(v.version)
    .bind(&v.title)
    .bind(&v.body)
    .bind(v.author_id.clone())
    .bind(&v.author_name)
    .bind(v.created_ms)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn versions(c: &mut impl Exec, item_id: &str) -> Result<Vec<VersionRow>> {
    q("SELECT item_id, version, title, body, author_id, author_name, created_ms FROM info_versions WHERE item_id = $1
       ORDER BY version")
    .bind(item_id)
    .fetch_all(c)
    .await
}

pub async fn version(c: &mut impl Exec, item_id: &str, version: i64) -> Result<Option<VersionRow>> {
    q("SELECT item_id, version, title, body, author_id, author_name, created_ms FROM info_versions
       WHERE item_id = $1 AND version = $2")
    .bind(item_id)
    .bind(version)
    .fetch_optional(c)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FileRow {
    pub id: String,
    pub item_id: String,
    pub name: String,
    pub sha256: String,
    pub size: i64,
    pub mime: String,
    pub uploaded_by: String,
    pub created_ms: i64,
}

pub async fn insert_file(c: &mut impl Exec, f: &FileRow) -> Result<()> {
    q("INSERT INTO info_files (id, item_id, name, sha256, size, mime, uploaded_by, created_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
    .bind(&f.id)
    .bind(&f.item_id)
    .bind(&f.name)
    .bind(&f.sha256)
    .bind(f.size)
    .bind(&f.mime)
    .bind(&f.uploaded_by)
    .bind(f.created_ms)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn files(c: &mut impl Exec, item_id: &str) -> Result<Vec<FileRow>> {
    q("SELECT id, item_id, name, sha256, size, mime, uploaded_by, created_ms FROM info_files WHERE item_id = $1
       ORDER BY created_ms, id")
    .bind(item_id)
    .fetch_all(c)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: String,
    pub item_id: String,
    pub act: String,
    pub actor_name: String,
    pub at_ms: i64,
    pub text: String,
}

pub async fn insert_event(c: &mut impl Exec, e: &EventRow) -> Result<()> {
    q("INSERT INTO info_events (id, item_id, act, actor_name, at_ms, text) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&e.id)
        .bind(&e.item_id)
        .bind(&e.act)
        .bind(&e.actor_name)
        .bind(e.at_ms)
        .bind(&e.text)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn events(c: &mut impl Exec, item_id: &str) -> Result<Vec<EventRow>> {
    q("SELECT id, item_id, act, actor_name, at_ms, text FROM info_events WHERE item_id = $1 ORDER BY at_ms, id")
        .bind(item_id)
        .fetch_all(c)
        .await
}

/// What an item earned (kind and level as their codes).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ScoreRow {
    pub id: String,
    pub item_id: String,
    pub unit_id: String,
    pub kind: String,
    pub level: String,
    pub journal_id: Option<String>,
    pub issue_id: Option<String>,
    pub outlet: String,
    pub on_date: String,
    pub points: i64,
    pub note: String,
    pub recorded_by: String,
    pub recorded_ms: i64,
}

pub async fn insert_score(c: &mut impl Exec, s: &ScoreRow) -> Result<()> {
    q("INSERT INTO info_scores (id, item_id, unit_id, kind, level, journal_id, issue_id, outlet, on_date, points, note,
        recorded_by, recorded_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
    .bind(&s.id)
    .bind(&s.item_id)
    .bind(&s.unit_id)
    .bind(&s.kind)
    .bind(&s.level)
    .bind(s.journal_id.clone())
    .bind(s.issue_id.clone())
    .bind(&s.outlet)
    .bind(&s.on_date)
    .bind(s.points)
    .bind(&s.note)
    .bind(&s.recorded_by)
    .bind(s.recorded_ms)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn scores_of(c: &mut impl Exec, item_id: &str) -> Result<Vec<ScoreRow>> {
    q("SELECT id, item_id, unit_id, kind, level, journal_id, issue_id, outlet, on_date, points, note, recorded_by,
        recorded_ms FROM info_scores WHERE item_id = $1 ORDER BY recorded_ms, id")
    .bind(item_id)
    .fetch_all(c)
    .await
}

/// Stored rules (keys the domain knows; the rest take their defaults).
pub async fn rules(c: &mut impl Exec) -> Result<Vec<(String, i64)>> {
    q("SELECT rule, points FROM info_score_rules ORDER BY rule").fetch_all(c).await
}

pub async fn put_rule(c: &mut impl Exec, rule: &str, points: i64, now: i64) -> Result<()> {
    q("INSERT INTO info_score_rules (rule, points, updated_ms) VALUES ($1, $2, $3)
       ON CONFLICT (rule) DO UPDATE SET points = $2, updated_ms = $3")
    .bind(rule)
    .bind(points)
    .bind(now)
    .execute(c)
    .await?;
    Ok(())
}

/// Submissions per unit in [from, to] (withdrawn ones do not count), in index order.
pub async fn submitted_by_unit(c: &mut impl Exec, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, i64)>> {
    q("SELECT unit_id, COUNT(*) FROM info_items WHERE submitted_on >= $1 AND submitted_on <= $2
       AND state <> 'withdrawn' GROUP BY unit_id")
    .bind(ds(from))
    .bind(ds(to))
    .fetch_all(c)
    .await
}

/// Score rows per unit, kind and level in [from, to]: (unit, kind, level, count, points).
pub async fn scores_by_unit(
    c: &mut impl Exec,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String, String, i64, i64)>> {
    q("SELECT unit_id, kind, level, COUNT(*), CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM info_scores
       WHERE on_date >= $1 AND on_date <= $2 GROUP BY unit_id, kind, level")
    .bind(ds(from))
    .bind(ds(to))
    .fetch_all(c)
    .await
}

/// Items waiting for the 信息科 (for its 工作台).
pub async fn waiting_count(c: &mut impl Exec) -> Result<(i64, i64)> {
    q("SELECT COUNT(*), COALESCE(SUM(CASE WHEN category = 'urgent' THEN 1 ELSE 0 END), 0) FROM info_items
       WHERE state = 'submitted'")
    .fetch_one(c)
    .await
}

/// A unit's items sent back to it (for its 工作台).
pub async fn returned_count(c: &mut impl Exec, unit_id: &str) -> Result<i64> {
    let (n,): (i64,) = q("SELECT COUNT(*) FROM info_items WHERE unit_id = $1 AND state = 'returned'")
        .bind(unit_id)
        .fetch_one(c)
        .await?;
    Ok(n)
}
