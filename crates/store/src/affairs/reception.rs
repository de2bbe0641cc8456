//! 公务接待: receptions (plan and 接待清单 as JSON, with their costs and dates copied out for lists and
//! statistics), their history, and the statistics per month, host unit and visiting unit.

use super::{ds, json, to_json};
use crate::{q, Exec, Result};
use chrono::NaiveDate;
use zs_domain::affairs::reception::{Reception, ReceptionState};

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    host_unit_id: String,
    state: String,
    plan: String,
    actual: Option<String>,
    approval: Option<String>,
    signature: Option<String>,
    created_by: String,
    note: String,
    created_ms: i64,
    updated_ms: i64,
}

impl TryFrom<Row> for Reception {
    type Error = crate::StoreError;
    fn try_from(r: Row) -> Result<Self> {
        Ok(Reception {
            state: ReceptionState::from_code(&r.state)
                .ok_or_else(|| crate::StoreError::Corrupt(format!("接待状态“{}”无效", r.state)))?,
            plan: json("接待计划", &r.plan)?,
            actual: r.actual.as_deref().map(|s| json("接待清单", s)).transpose()?,
            approval: r.approval.as_deref().map(|s| json("审批记录", s)).transpose()?,
            signature: r.signature.as_deref().map(|s| json("签字记录", s)).transpose()?,
            id: r.id,
            host_unit_id: r.host_unit_id,
            created_by: r.created_by,
            note: r.note,
            created_ms: r.created_ms,
            updated_ms: r.updated_ms,
        })
    }
}

const COLS: &str =
    "r.id, r.host_unit_id, r.state, r.plan, r.actual, r.approval, r.signature, r.created_by, r.note, r.created_ms, r.updated_ms";

pub async fn insert(c: &mut impl Exec, r: &Reception) -> Result<()> {
    q("INSERT INTO receptions (id, host_unit_id, state, visiting_unit, letter_no, start_on, end_on, guests, plan, actual,
        planned_fen, actual_fen, approval, signature, created_by, note, created_ms, updated_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)")
    .bind(&r.id)
    .bind(&r.host_unit_id)
    .bind(r.state.code())
    .bind(&r.plan.visiting_unit)
    .bind(&r.plan.letter_no)
    .bind(ds(r.plan.start_on))
    .bind(ds(r.plan.end_on))
    .bind(r.plan.guests)
    .bind(to_json(&r.plan))
    .bind(r.actual.as_ref().map(to_json))
    .bind(r.plan.total_cost())
    .bind(r.actual.as_ref().map(|a| a.total_cost()))
    .bind(r.approval.as_ref().map(to_json))
    .bind(r.signature.as_ref().map(to_json))
    .bind(&r.created_by)
    .bind(&r.note)
    .bind(r.created_ms)
    .bind(r.updated_ms)
    .execute(c)
    .await?;
    Ok(())
}

/// Write a reception if nobody changed it since it was read.
pub async fn update(c: &mut impl Exec, r: &Reception, seen_ms: i64) -> Result<bool> {
    let n = q("UPDATE receptions SET state = $2, visiting_unit = $3, letter_no = $4, start_on = $5, end_on = $6,
        guests = $7, plan = $8, actual = $9, planned_fen = $10, actual_fen = $11, approval = $12, signature = $13,
        note = $14, updated_ms = $15 WHERE id = $1 AND updated_ms = $16")
    .bind(&r.id)
    .bind(r.state.code())
    .bind(&r.plan.visiting_unit)
    .bind(&r.plan.letter_no)
    .bind(ds(r.plan.start_on))
    .bind(ds(r.plan.end_on))
    .bind(r.plan.guests)
    .bind(to_json(&r.plan))
    .bind(r.actual.as_ref().map(to_json))
    .bind(r.plan.total_cost())
    .bind(r.actual.as_ref().map(|a| a.total_cost()))
    .bind(r.approval.as_ref().map(to_json))
    .bind(r.signature.as_ref().map(to_json))
    .bind(&r.note)
    .bind(r.updated_ms)
    .bind(seen_ms)
    .execute(c)
    .await?;
    Ok(n == 1)
}

pub async fn get(c: &mut impl Exec, id: &str) -> Result<Option<Reception>> {
    let row: Option<Row> =
        q(format!("SELECT {COLS} FROM receptions r WHERE r.id = $1")).bind(id).fetch_optional(c).await?;
    row.map(Reception::try_from).transpose()
}

/// What a list asks for; `hosts` (an organ's own receptions) comes from the access rule.
#[derive(Debug, Clone, Default)]
pub struct ReceptionFilter {
    pub hosts: Option<Vec<String>>,
    pub states: Vec<ReceptionState>,
    pub text: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: i64,
    pub offset: i64,
}

/// Receptions by arrival, latest first, with the total.
pub async fn list(c: &mut impl Exec, f: &ReceptionFilter) -> Result<(Vec<Reception>, i64)> {
    let mut w = q(" FROM receptions r WHERE 1 = 1");
    if let Some(h) = &f.hosts {
        w = w.push(" AND r.host_unit_id IN ").push_in(h.iter().map(String::as_str));
    }
    if !f.states.is_empty() {
        w = w.push(" AND r.state IN ").push_in(f.states.iter().map(|s| s.code()));
    }
    if let Some(d) = f.from {
        w = w.push(" AND r.start_on >= ").push_arg(ds(d));
    }
    if let Some(d) = f.to {
        w = w.push(" AND r.start_on <= ").push_arg(ds(d));
    }
    if let Some(t) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let i = w.next_index();
        w = w
            .push(&format!(
                " AND (LOWER(r.visiting_unit) LIKE ${i} ESCAPE '\\' OR LOWER(r.letter_no) LIKE ${i} ESCAPE '\\')"
            ))
            .bind(crate::contains_pattern(t));
    }
    let (rows, total): (Vec<Row>, i64) =
        w.count_and_page(c, COLS, "r.start_on DESC, r.created_ms DESC", f.limit.clamp(1, 10_000), f.offset).await?;
    Ok((rows.into_iter().map(Reception::try_from).collect::<Result<_>>()?, total))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: String,
    pub reception_id: String,
    pub act: String,
    pub actor_name: String,
    pub at_ms: i64,
    pub text: String,
}

pub async fn insert_event(c: &mut impl Exec, e: &EventRow) -> Result<()> {
    q("INSERT INTO reception_events (id, reception_id, act, actor_name, at_ms, text) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&e.id)
        .bind(&e.reception_id)
        .bind(&e.act)
        .bind(&e.actor_name)
        .bind(e.at_ms)
        .bind(&e.text)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn events(c: &mut impl Exec, id: &str) -> Result<Vec<EventRow>> {
    q("SELECT id, reception_id, act, actor_name, at_ms, text FROM reception_events WHERE reception_id = $1
       ORDER BY at_ms, id")
    .bind(id)
    .fetch_all(c)
    .await
}

/// One group of the statistics: receptions held (approved or later), their planned and actual costs (分).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StatRow {
    pub key: String,
    pub receptions: i64,
    pub guests: i64,
    pub planned_fen: i64,
    pub actual_fen: i64,
}

/// How statistics group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatBy {
    /// YYYY-MM of arrival
    Month,
    HostUnit,
    VisitingUnit,
}

/// Receptions that took place or are approved to, arriving in [from, to], grouped; `hosts` narrows as lists do.
pub async fn stats(
    c: &mut impl Exec,
    by: StatBy,
    from: NaiveDate,
    to: NaiveDate,
    hosts: Option<&[String]>,
) -> Result<Vec<StatRow>> {
    let key = match by {
        StatBy::Month => "SUBSTR(r.start_on, 1, 7)",
        StatBy::HostUnit => "r.host_unit_id",
        StatBy::VisitingUnit => "r.visiting_unit",
    };
    let mut sql = q(format!(
        "SELECT {key} AS key, COUNT(*) AS receptions, CAST(COALESCE(SUM(r.guests), 0) AS BIGINT) AS guests,
            CAST(COALESCE(SUM(r.planned_fen), 0) AS BIGINT) AS planned_fen,
            CAST(COALESCE(SUM(r.actual_fen), 0) AS BIGINT) AS actual_fen
         FROM receptions r WHERE r.start_on >= $1 AND r.start_on <= $2 AND r.state IN ('approved', 'received', 'signed')"
    ))
    .bind(ds(from))
    .bind(ds(to));
    if let Some(h) = hosts {
        sql = sql.push(" AND r.host_unit_id IN ").push_in(h.iter().map(String::as_str));
    }
    sql.push(&format!(" GROUP BY {key} ORDER BY {key}")).fetch_all(c).await
}

/// Receptions waiting for approval, and lists waiting for a signature (for the 工作台).
pub async fn waiting_counts(c: &mut impl Exec) -> Result<(i64, i64)> {
    q("SELECT COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN state = 'received' THEN 1 ELSE 0 END), 0) FROM receptions")
    .fetch_one(c)
    .await
}
