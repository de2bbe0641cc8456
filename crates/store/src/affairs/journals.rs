//! 期刊: journals, their issues (期号 unique per journal and year) and the items placed in each issue.

use super::info::{RowOut, COLS as ITEM_COLS};
use super::{json, to_json};
use crate::{q, Exec, Result};
use zs_domain::affairs::info::InfoItem;
use zs_domain::affairs::journal::{IssueState, Journal, JournalIssue};

#[derive(sqlx::FromRow)]
struct JournalRow {
    id: String,
    name: String,
    mark: String,
    editor: String,
    distribution: String,
    active: bool,
    created_ms: i64,
}

impl From<JournalRow> for Journal {
    fn from(r: JournalRow) -> Self {
        Journal {
            id: r.id,
            name: r.name,
            mark: r.mark,
            editor: r.editor,
            distribution: r.distribution,
            active: r.active,
            created_ms: r.created_ms,
        }
    }
}

const JOURNAL_COLS: &str = "id, name, mark, editor, distribution, active, created_ms";

/// A new journal; a name already used fails the unique key (`is_unique_violation`).
pub async fn insert_journal(c: &mut impl Exec, j: &Journal) -> Result<()> {
    q("INSERT INTO journals (id, name, mark, editor, distribution, active, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(&j.id)
        .bind(&j.name)
        .bind(&j.mark)
        .bind(&j.editor)
        .bind(&j.distribution)
        .bind(j.active)
        .bind(j.created_ms)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn journals(c: &mut impl Exec) -> Result<Vec<Journal>> {
    let rows: Vec<JournalRow> =
        q(format!("SELECT {JOURNAL_COLS} FROM journals ORDER BY created_ms, name")).fetch_all(c).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn journal(c: &mut impl Exec, id: &str) -> Result<Option<Journal>> {
    let row: Option<JournalRow> =
        q(format!("SELECT {JOURNAL_COLS} FROM journals WHERE id = $1")).bind(id).fetch_optional(c).await?;
    Ok(row.map(Into::into))
}

#[derive(sqlx::FromRow)]
struct IssueRow {
    id: String,
    journal_id: String,
    year: i64,
    no: i64,
    title: String,
    state: String,
    distribution: String,
    created_by: String,
    sign_off: Option<String>,
    note: String,
    created_ms: i64,
    updated_ms: i64,
}

impl TryFrom<IssueRow> for JournalIssue {
    type Error = crate::StoreError;
    fn try_from(r: IssueRow) -> Result<Self> {
        Ok(JournalIssue {
            state: IssueState::from_code(&r.state)
                .ok_or_else(|| crate::StoreError::Corrupt(format!("期刊状态“{}”无效", r.state)))?,
            sign_off: r.sign_off.as_deref().map(|s| json("签发记录", s)).transpose()?,
            year: i32::try_from(r.year).map_err(|_| crate::StoreError::Corrupt(format!("年份{}无效", r.year)))?,
            id: r.id,
            journal_id: r.journal_id,
            no: r.no,
            title: r.title,
            distribution: r.distribution,
            created_by: r.created_by,
            note: r.note,
            created_ms: r.created_ms,
            updated_ms: r.updated_ms,
        })
    }
}

const ISSUE_COLS: &str =
    "s.id, s.journal_id, s.year, s.no, s.title, s.state, s.distribution, s.created_by, s.sign_off, \
    s.note, s.created_ms, s.updated_ms";

/// A new issue; a 期号 already used in the journal's year fails the unique key (`is_unique_violation`).
pub async fn insert_issue(c: &mut impl Exec, s: &JournalIssue) -> Result<()> {
    q("INSERT INTO journal_issues (id, journal_id, year, no, title, state, distribution, created_by, sign_off, note,
        created_ms, updated_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
    .bind(&s.id)
    .bind(&s.journal_id)
    .bind(s.year as i64)
    .bind(s.no)
    .bind(&s.title)
    .bind(s.state.code())
    .bind(&s.distribution)
    .bind(&s.created_by)
    .bind(s.sign_off.as_ref().map(to_json))
    .bind(&s.note)
    .bind(s.created_ms)
    .bind(s.updated_ms)
    .execute(c)
    .await?;
    Ok(())
}

/// Write an issue if nobody changed it since it was read.
pub async fn update_issue(c: &mut impl Exec, s: &JournalIssue, seen_ms: i64) -> Result<bool> {
    let n = q("UPDATE journal_issues SET title = $2, state = $3, distribution = $4, sign_off = $5, note = $6,
        updated_ms = $7 WHERE id = $1 AND updated_ms = $8")
    .bind(&s.id)
    .bind(&s.title)
    .bind(s.state.code())
    .bind(&s.distribution)
    .bind(s.sign_off.as_ref().map(to_json))
    .bind(&s.note)
    .bind(s.updated_ms)
    .bind(seen_ms)
    .execute(c)
    .await?;
    Ok(n == 1)
}

pub async fn issue(c: &mut impl Exec, id: &str) -> Result<Option<JournalIssue>> {
    let row: Option<IssueRow> =
        q(format!("SELECT {ISSUE_COLS} FROM journal_issues s WHERE s.id = $1")).bind(id).fetch_optional(c).await?;
    row.map(JournalIssue::try_from).transpose()
}

/// Issues newest first, optionally of one journal.
pub async fn issues(c: &mut impl Exec, journal_id: Option<&str>, limit: i64) -> Result<Vec<JournalIssue>> {
    let mut sql = q(format!("SELECT {ISSUE_COLS} FROM journal_issues s"));
    if let Some(j) = journal_id {
        sql = sql.push(" WHERE s.journal_id = ").push_arg(j);
    }
    let order = format!(" ORDER BY s.year DESC, s.no DESC, s.created_ms DESC LIMIT {}", limit.clamp(1, 1000));
    let rows: Vec<IssueRow> = sql.push(&order).fetch_all(c).await?;
    rows.into_iter().map(JournalIssue::try_from).collect()
}

/// The next free 期号 of a journal's year (one past the highest used).
pub async fn next_no(c: &mut impl Exec, journal_id: &str, year: i32) -> Result<i64> {
    let (n,): (i64,) =
        q("SELECT CAST(COALESCE(MAX(no), 0) + 1 AS BIGINT) FROM journal_issues WHERE journal_id = $1 AND year = $2")
            .bind(journal_id)
            .bind(year as i64)
            .fetch_one(c)
            .await?;
    Ok(n)
}

/// Place an item last in an issue; placing it a second time fails the primary key (`is_unique_violation`).
pub async fn place(c: &mut impl Exec, issue_id: &str, item_id: &str) -> Result<()> {
    q("INSERT INTO journal_issue_items (issue_id, item_id, position)
       VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM journal_issue_items WHERE issue_id = $1))")
    .bind(issue_id)
    .bind(item_id)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn remove(c: &mut impl Exec, issue_id: &str, item_id: &str) -> Result<u64> {
    q("DELETE FROM journal_issue_items WHERE issue_id = $1 AND item_id = $2")
        .bind(issue_id)
        .bind(item_id)
        .execute(c)
        .await
}

/// Whether an item is in an issue.
pub async fn placed(c: &mut impl Exec, issue_id: &str, item_id: &str) -> Result<bool> {
    let row: Option<(i64,)> = q("SELECT position FROM journal_issue_items WHERE issue_id = $1 AND item_id = $2")
        .bind(issue_id)
        .bind(item_id)
        .fetch_optional(c)
        .await?;
    Ok(row.is_some())
}

/// The items of an issue in order.
pub async fn issue_items(c: &mut impl Exec, issue_id: &str) -> Result<Vec<InfoItem>> {
    let rows: Vec<RowOut> = q(format!(
        "SELECT {ITEM_COLS} FROM journal_issue_items p JOIN info_items i ON i.id = p.item_id
         WHERE p.issue_id = $1 ORDER BY p.position"
    ))
    .bind(issue_id)
    .fetch_all(c)
    .await?;
    rows.into_iter().map(InfoItem::try_from).collect()
}

/// The issues an item was placed in: (issue id, journal name, year, 期号, state code).
pub async fn issues_of_item(c: &mut impl Exec, item_id: &str) -> Result<Vec<(String, String, i64, i64, String)>> {
    q("SELECT s.id, j.name, s.year, s.no, s.state FROM journal_issue_items p JOIN journal_issues s ON s.id = p.issue_id
       JOIN journals j ON j.id = s.journal_id WHERE p.item_id = $1 ORDER BY s.created_ms")
    .bind(item_id)
    .fetch_all(c)
    .await
}

/// Issues waiting on the office: (to review, to sign off), for the 工作台.
pub async fn waiting_counts(c: &mut impl Exec) -> Result<(i64, i64)> {
    q("SELECT COALESCE(SUM(CASE WHEN state = 'reviewing' THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN state = 'signing_off' THEN 1 ELSE 0 END), 0) FROM journal_issues")
    .fetch_one(c)
    .await
}
