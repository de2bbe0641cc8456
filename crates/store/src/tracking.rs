//! Tracked items, their history and extensions, and the reminder ledger.

use crate::{burden, q, Exec, Result};
use chrono::NaiveDate;
use zs_domain::tracking::{Category, Cycle, Kind, State, TrackedItem, Warning};

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    parent_id: Option<String>,
    kind: String,
    source_kind: String,
    source_id: String,
    source_title: String,
    title: String,
    requirement: String,
    category: Option<String>,
    measures: String,
    unit_id: Option<String>,
    is_lead: bool,
    owner_name: String,
    leader_id: Option<String>,
    created_by: String,
    state: String,
    due: String,
    cycle: String,
    report_due: Option<String>,
    progress: i64,
    extension_count: i64,
    result: String,
    rule: String,
    assigned_on: Option<String>,
    closed_on: Option<String>,
    close_days: Option<i64>,
    warning: Option<String>,
    created_ms: i64,
    updated_ms: i64,
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn opt_date(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

impl From<Row> for TrackedItem {
    fn from(r: Row) -> Self {
        TrackedItem {
            kind: Kind::from_code(&r.kind).unwrap_or(Kind::Supervision),
            category: r.category.as_deref().and_then(Category::from_code),
            state: State::from_code(&r.state).unwrap_or(State::Draft),
            due: date(&r.due),
            cycle: Cycle::from_code(&r.cycle).unwrap_or(Cycle::Once),
            report_due: opt_date(r.report_due),
            assigned_on: opt_date(r.assigned_on),
            closed_on: opt_date(r.closed_on),
            close_days: r.close_days,
            warning: r.warning.as_deref().and_then(Warning::from_code),
            id: r.id,
            parent_id: r.parent_id,
            source_kind: r.source_kind,
            source_id: r.source_id,
            source_title: r.source_title,
            title: r.title,
            requirement: r.requirement,
            measures: r.measures,
            unit_id: r.unit_id,
            is_lead: r.is_lead,
            owner_name: r.owner_name,
            leader_id: r.leader_id,
            created_by: r.created_by,
            progress: r.progress,
            extension_count: r.extension_count,
            result: r.result,
            rule: r.rule,
            created_ms: r.created_ms,
            updated_ms: r.updated_ms,
        }
    }
}

pub const COLS: &str = "t.id, t.parent_id, t.kind, t.source_kind, t.source_id, t.source_title, t.title, t.requirement, \
    t.category, t.measures, t.unit_id, t.is_lead, t.owner_name, t.leader_id, t.created_by, t.state, t.due, t.cycle, \
    t.report_due, t.progress, t.extension_count, t.result, t.rule, t.assigned_on, t.closed_on, t.close_days, t.warning, \
    t.created_ms, t.updated_ms";

fn ds(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub async fn insert(c: &mut impl Exec, t: &TrackedItem) -> Result<()> {
    q("INSERT INTO tracked_items (id, parent_id, kind, source_kind, source_id, source_title, title, requirement, category,
        measures, unit_id, is_lead, owner_name, leader_id, created_by, state, due, cycle, report_due, progress,
        extension_count, result, rule, assigned_on, closed_on, close_days, warning, created_ms, updated_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
        $24, $25, $26, $27, $28, $29)")
    .bind(&t.id)
    .bind(t.parent_id.clone())
    .bind(t.kind.code())
    .bind(&t.source_kind)
    .bind(&t.source_id)
    .bind(&t.source_title)
    .bind(&t.title)
    .bind(&t.requirement)
    .bind(t.category.map(|c| c.code().to_string()))
    .bind(&t.measures)
    .bind(t.unit_id.clone())
    .bind(t.is_lead)
    .bind(&t.owner_name)
    .bind(t.leader_id.clone())
    .bind(&t.created_by)
    .bind(t.state.code())
    .bind(ds(t.due))
    .bind(t.cycle.code())
    .bind(t.report_due.map(ds))
    .bind(t.progress)
    .bind(t.extension_count)
    .bind(&t.result)
    .bind(&t.rule)
    .bind(t.assigned_on.map(ds))
    .bind(t.closed_on.map(ds))
    .bind(t.close_days)
    .bind(t.warning.map(|w| w.code().to_string()))
    .bind(t.created_ms)
    .bind(t.updated_ms)
    .execute(c)
    .await?;
    if let (Some(unit), Some(day)) = (&t.unit_id, t.assigned_on) {
        let (sender,): (Option<String>,) =
            q("SELECT (SELECT unit_id FROM users WHERE id = $1)").bind(&t.created_by).fetch_one(c).await?;
        count_part(c, unit, sender.as_deref(), &ds(day), 1).await?;
    }
    Ok(())
}

/// A part assigned to `unit` (by an organ) on `day` in the 精文简会 rollup: `sign` 1 counts it, -1 takes it back.
async fn count_part(c: &mut impl Exec, unit: &str, sender: Option<&str>, day: &str, sign: i64) -> Result<()> {
    burden::count_sent(c, burden::ITEMS, burden::month_of_day(day), unit, sender, sign).await
}

/// Take the item's row lock for the rest of the transaction before reading it, so that two steps on one item
/// (or two parts rolling up into one matter) run one after the other and the second sees the first's result.
/// A no-op write is the one statement that locks a row on both backends (SQLite locks the whole database).
pub async fn lock(c: &mut impl Exec, id: &str) -> Result<()> {
    q("UPDATE tracked_items SET updated_ms = updated_ms WHERE id = $1").bind(id).execute(c).await?;
    Ok(())
}

/// Write the fields the lifecycle changes. A part whose day of assignment changes (交办 of a draft) moves
/// in the 精文简会 rollup.
pub async fn update(c: &mut impl Exec, t: &TrackedItem) -> Result<()> {
    if let Some(unit) = &t.unit_id {
        let old: Option<(Option<String>, Option<String>)> = q("SELECT t.assigned_on, u.unit_id FROM tracked_items t
           LEFT JOIN users u ON u.id = t.created_by WHERE t.id = $1")
        .bind(&t.id)
        .fetch_optional(c)
        .await?;
        if let Some((was, sender)) = old.filter(|(was, _)| *was != t.assigned_on.map(ds)) {
            if let Some(was) = was {
                count_part(c, unit, sender.as_deref(), &was, -1).await?;
            }
            if let Some(day) = t.assigned_on {
                count_part(c, unit, sender.as_deref(), &ds(day), 1).await?;
            }
        }
    }
    q("UPDATE tracked_items SET state = $2, due = $3, report_due = $4, progress = $5, extension_count = $6, result = $7,
        rule = $8, assigned_on = $9, closed_on = $10, close_days = $11, warning = $12, updated_ms = $13 WHERE id = $1")
    .bind(&t.id)
    .bind(t.state.code())
    .bind(ds(t.due))
    .bind(t.report_due.map(ds))
    .bind(t.progress)
    .bind(t.extension_count)
    .bind(&t.result)
    .bind(&t.rule)
    .bind(t.assigned_on.map(ds))
    .bind(t.closed_on.map(ds))
    .bind(t.close_days)
    .bind(t.warning.map(|w| w.code().to_string()))
    .bind(t.updated_ms)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn get(c: &mut impl Exec, id: &str) -> Result<Option<TrackedItem>> {
    let row: Option<Row> =
        q(format!("SELECT {COLS} FROM tracked_items t WHERE t.id = $1")).bind(id).fetch_optional(c).await?;
    Ok(row.map(Into::into))
}

pub async fn children(c: &mut impl Exec, parent_id: &str) -> Result<Vec<TrackedItem>> {
    let rows: Vec<Row> =
        q(format!("SELECT {COLS} FROM tracked_items t WHERE t.parent_id = $1 ORDER BY t.is_lead DESC, t.created_ms"))
            .bind(parent_id)
            .fetch_all(c)
            .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Matters opened from one source (a document's 承办, a meeting's decisions), oldest first.
pub async fn by_source(c: &mut impl Exec, source_kind: &str, source_id: &str) -> Result<Vec<TrackedItem>> {
    let rows: Vec<Row> = q(format!(
        "SELECT {COLS} FROM tracked_items t WHERE t.source_kind = $1 AND t.source_id = $2 AND t.parent_id IS NULL
         ORDER BY t.created_ms"
    ))
    .bind(source_kind)
    .bind(source_id)
    .fetch_all(c)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// What a list page asks for. Scope (`units`) comes from the access rules and is applied in SQL.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    /// Only the parts assigned to these units (a town sees its own parts, not the whole matter).
    pub units: Option<Vec<String>>,
    pub kind: Option<Kind>,
    pub states: Vec<State>,
    pub open_only: bool,
    pub unit_id: Option<String>,
    pub leader_id: Option<String>,
    pub source_title: Option<String>,
    pub text: Option<String>,
    /// Top-level matters (parents and single-unit items) rather than per-unit parts.
    pub top_level: bool,
    /// Due on or before this day (for "overdue as of").
    pub due_before: Option<NaiveDate>,
    /// Only yellow or red.
    pub warned: bool,
    /// Only items with an extension request awaiting a decision.
    pub pending_extension: bool,
    pub limit: i64,
    pub offset: i64,
}

fn where_clause(f: &ItemFilter) -> crate::Q {
    let mut w = q(" FROM tracked_items t WHERE 1 = 1");
    if let Some(units) = &f.units {
        w = w.push(" AND t.unit_id IN ").push_in(units.iter().map(String::as_str));
    } else if f.top_level {
        w = w.push(" AND t.parent_id IS NULL");
    }
    if let Some(k) = f.kind {
        w = w.push(" AND t.kind = ").push_arg(k.code());
    }
    if !f.states.is_empty() {
        w = w.push(" AND t.state IN ").push_in(f.states.iter().map(|s| s.code()));
    }
    if f.open_only {
        w = w.push(" AND t.state NOT IN ('closed', 'cancelled', 'draft')");
    }
    if let Some(u) = &f.unit_id {
        let i = w.next_index();
        w = w
            .push(&format!(
                " AND (t.unit_id = ${i} OR EXISTS (SELECT 1 FROM tracked_items k WHERE k.parent_id = t.id AND k.unit_id = ${i}))"
            ))
            .bind(u.as_str());
    }
    if let Some(l) = &f.leader_id {
        w = w.push(" AND t.leader_id = ").push_arg(l.as_str());
    }
    if let Some(s) = f.source_title.as_deref().filter(|s| !s.is_empty()) {
        w = w.push(" AND t.source_title = ").push_arg(s);
    }
    if let Some(text) = f.text.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let i = w.next_index();
        w = w
            .push(&format!(
                " AND (LOWER(t.title) LIKE ${i} ESCAPE '\\' OR LOWER(t.requirement) LIKE ${i} ESCAPE '\\'
                  OR LOWER(t.source_title) LIKE ${i} ESCAPE '\\')"
            ))
            .bind(crate::contains_pattern(text));
    }
    if let Some(d) = f.due_before {
        w = w.push(" AND t.due <= ").push_arg(ds(d));
    }
    if f.warned {
        w = w.push(" AND t.warning IN ('yellow', 'red')");
    }
    if f.pending_extension {
        w = w.push(" AND EXISTS (SELECT 1 FROM tracked_extensions x WHERE x.item_id = t.id AND x.status = 'pending')");
    }
    w
}

/// Items matching the filter, soonest deadline first; returns the page and the total.
pub async fn list(c: &mut impl Exec, f: &ItemFilter) -> Result<(Vec<TrackedItem>, i64)> {
    let w = where_clause(f);
    let (rows, total): (Vec<Row>, i64) =
        w.count_and_page(c, COLS, "t.due, t.created_ms", f.limit.clamp(1, 100_000), f.offset).await?;
    Ok((rows.into_iter().map(Into::into).collect(), total))
}

/// What a reminder sweep needs of an open part. Sweeps read every open part, so the row is slim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepPart {
    pub id: String,
    pub parent_id: Option<String>,
    pub unit_id: Option<String>,
    pub leader_id: Option<String>,
    pub title: String,
    pub state: State,
    pub due: NaiveDate,
    pub report_due: Option<NaiveDate>,
    pub warning: Option<Warning>,
}

impl SweepPart {
    pub fn timing(&self) -> zs_domain::tracking::Timing {
        zs_domain::tracking::Timing { state: self.state, due: self.due, report_due: self.report_due }
    }
}

/// Every open per-unit part, for a reminder sweep: one read (paging by id made SQLite look up each
/// row through the primary-key index).
pub async fn open_parts(c: &mut impl Exec) -> Result<Vec<SweepPart>> {
    #[derive(sqlx::FromRow)]
    struct Slim {
        id: String,
        parent_id: Option<String>,
        unit_id: Option<String>,
        leader_id: Option<String>,
        title: String,
        state: String,
        due: String,
        report_due: Option<String>,
        warning: Option<String>,
    }
    let rows: Vec<Slim> =
        q("SELECT t.id, t.parent_id, t.unit_id, t.leader_id, t.title, t.state, t.due, t.report_due, t.warning
         FROM tracked_items t WHERE t.unit_id IS NOT NULL
         AND t.state IN ('assigned', 'acknowledged', 'in_progress', 'close_requested')")
        .fetch_all(c)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| SweepPart {
            state: State::from_code(&r.state).unwrap_or(State::Draft),
            due: date(&r.due),
            report_due: opt_date(r.report_due),
            warning: r.warning.as_deref().and_then(Warning::from_code),
            id: r.id,
            parent_id: r.parent_id,
            unit_id: r.unit_id,
            leader_id: r.leader_id,
            title: r.title,
        })
        .collect())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: String,
    pub item_id: String,
    pub act: String,
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub at_ms: i64,
    pub text: String,
    pub progress: Option<i64>,
}

/// An event in an item's history; a feedback report (`report`) on a part counts in 精文简会.
pub async fn insert_event(c: &mut impl Exec, e: &EventRow) -> Result<()> {
    q("INSERT INTO tracked_events (id, item_id, act, actor_id, actor_name, at_ms, text, progress) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(&e.id)
        .bind(&e.item_id)
        .bind(&e.act)
        .bind(e.actor_id.clone())
        .bind(&e.actor_name)
        .bind(e.at_ms)
        .bind(&e.text)
        .bind(e.progress)
        .execute(c)
        .await?;
    if e.act == "report" {
        count_by_unit(c, &[e.item_id.as_str()], burden::REPORTS, e.at_ms).await?;
    }
    Ok(())
}

/// Reports filed or cycles chased on these items, at `at_ms`, counted for the units of those that are parts.
async fn count_by_unit(c: &mut impl Exec, item_ids: &[&str], measure: &'static str, at_ms: i64) -> Result<()> {
    let month = burden::month_of_ms(at_ms);
    let mut p = burden::Pending::default();
    for chunk in item_ids.chunks(500) {
        let units: Vec<(String, String)> =
            q("SELECT id, unit_id FROM tracked_items WHERE unit_id IS NOT NULL AND id IN ")
                .push_in(chunk.iter().copied())
                .fetch_all(c)
                .await?;
        let units: std::collections::HashMap<String, String> = units.into_iter().collect();
        for id in chunk {
            if let Some(u) = units.get(*id) {
                p.add(burden::UNIT, &month, u, measure, 1, 0);
            }
        }
    }
    burden::record(c, p).await
}

/// The occasions of missed feedback cycles (`report:…`): their 催报 count in 精文简会.
fn chases(occasion: &str) -> bool {
    occasion.starts_with("report:")
}

/// The history of an item and of its parts, oldest first.
pub async fn events(c: &mut impl Exec, item_id: &str) -> Result<Vec<EventRow>> {
    q("SELECT e.id, e.item_id, e.act, e.actor_id, e.actor_name, e.at_ms, e.text, e.progress FROM tracked_events e
       WHERE e.item_id = $1 OR e.item_id IN (SELECT id FROM tracked_items WHERE parent_id = $1) ORDER BY e.at_ms, e.id")
    .bind(item_id)
    .fetch_all(c)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExtensionRow {
    pub id: String,
    pub item_id: String,
    pub current_due: String,
    pub requested_due: String,
    pub reason: String,
    pub requested_by: String,
    pub requested_ms: i64,
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_ms: Option<i64>,
    pub note: String,
}

pub async fn insert_extension(c: &mut impl Exec, e: &ExtensionRow) -> Result<()> {
    q("INSERT INTO tracked_extensions (id, item_id, current_due, requested_due, reason, requested_by, requested_ms, status, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', '')")
    .bind(&e.id)
    .bind(&e.item_id)
    .bind(&e.current_due)
    .bind(&e.requested_due)
    .bind(&e.reason)
    .bind(&e.requested_by)
    .bind(e.requested_ms)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn pending_extension(c: &mut impl Exec, item_id: &str) -> Result<Option<ExtensionRow>> {
    q("SELECT id, item_id, current_due, requested_due, reason, requested_by, requested_ms, status, decided_by, decided_ms, note
       FROM tracked_extensions WHERE item_id = $1 AND status = 'pending'")
    .bind(item_id)
    .fetch_optional(c)
    .await
}

/// Record the decision on a pending request; false when there was none (already decided).
pub async fn decide_extension(
    c: &mut impl Exec,
    id: &str,
    approved: bool,
    by: &str,
    note: &str,
    now: i64,
) -> Result<bool> {
    let n = q("UPDATE tracked_extensions SET status = $2, decided_by = $3, decided_ms = $4, note = $5 WHERE id = $1 AND status = 'pending'")
        .bind(id)
        .bind(if approved { "approved" } else { "refused" })
        .bind(by)
        .bind(now)
        .bind(note)
        .execute(c)
        .await?;
    Ok(n == 1)
}

/// Claim a reminder occasion; true only for the first claimant, ever.
pub async fn claim_reminder(c: &mut impl Exec, item_id: &str, occasion: &str, now: i64) -> Result<bool> {
    let n = q("INSERT INTO reminders (item_id, occasion, sent_ms) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(item_id)
        .bind(occasion)
        .bind(now)
        .execute(c)
        .await?;
    if n == 1 && chases(occasion) {
        count_by_unit(c, &[item_id], burden::CHASED, now).await?;
    }
    Ok(n == 1)
}

/// Claim many (item, occasion) pairs at once; returns those this call claimed (the others were
/// claimed before, by this node or another). One multi-row statement per chunk keeps a sweep over
/// 100,000 items to a few hundred statements.
pub async fn claim_reminders(
    c: &mut impl Exec,
    claims: &[(String, String)],
    now: i64,
) -> Result<std::collections::HashSet<(String, String)>> {
    let mut won = std::collections::HashSet::new();
    for chunk in claims.chunks(1000) {
        let mut sql = q("INSERT INTO reminders (item_id, occasion, sent_ms) VALUES ");
        for (i, (item, occasion)) in chunk.iter().enumerate() {
            if i > 0 {
                sql = sql.push(", ");
            }
            sql = sql
                .push("(")
                .push_arg(item.as_str())
                .push(", ")
                .push_arg(occasion.as_str())
                .push(", ")
                .push_arg(now)
                .push(")");
        }
        let rows: Vec<(String, String)> =
            sql.push(" ON CONFLICT DO NOTHING RETURNING item_id, occasion").fetch_all(c).await?;
        won.extend(rows);
    }
    let chased: Vec<&str> = won.iter().filter(|(_, o)| chases(o)).map(|(i, _)| i.as_str()).collect();
    count_by_unit(c, &chased, burden::CHASED, now).await?;
    Ok(won)
}

/// Which of these (item, occasion) pairs were claimed before: read first so a steady sweep, where
/// nearly everything was claimed already, writes nothing.
pub async fn claimed_reminders(
    c: &mut impl Exec,
    claims: &[(String, String)],
) -> Result<std::collections::HashSet<(String, String)>> {
    let mut seen = std::collections::HashSet::new();
    for chunk in claims.chunks(1000) {
        let mut items: Vec<&str> = chunk.iter().map(|c| c.0.as_str()).collect();
        items.sort_unstable();
        items.dedup();
        let mut keys: Vec<&str> = chunk.iter().map(|c| c.1.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut sql = q("SELECT item_id, occasion FROM reminders WHERE item_id IN (");
        for (i, id) in items.iter().enumerate() {
            sql = if i > 0 { sql.push(", ") } else { sql }.push_arg(*id);
        }
        sql = sql.push(") AND occasion IN (");
        for (i, k) in keys.iter().enumerate() {
            sql = if i > 0 { sql.push(", ") } else { sql }.push_arg(*k);
        }
        let rows: Vec<(String, String)> = sql.push(")").fetch_all(c).await?;
        seen.extend(rows);
    }
    Ok(seen)
}

pub async fn reminder_count(c: &mut impl Exec, item_id: &str) -> Result<i64> {
    let (n,): (i64,) = q("SELECT COUNT(*) FROM reminders WHERE item_id = $1").bind(item_id).fetch_one(c).await?;
    Ok(n)
}

/// Store a recomputed warning (reminder sweeps), only where it changed.
pub async fn set_warning(c: &mut impl Exec, id: &str, w: Option<Warning>) -> Result<u64> {
    let code = w.map(|w| w.code().to_string());
    q("UPDATE tracked_items SET warning = $2 WHERE id = $1 AND (warning IS NULL OR $2 IS NULL OR warning <> $2)")
        .bind(id)
        .bind(code)
        .execute(c)
        .await
}

/// Counts for the 工作台 of someone in `unit_id`: parts waiting to be signed for, and open parts
/// that are yellow or red.
pub async fn unit_todo_counts(c: &mut impl Exec, unit_id: &str) -> Result<(i64, i64)> {
    q("SELECT COALESCE(SUM(CASE WHEN state = 'assigned' THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN state IN ('acknowledged', 'in_progress') AND warning IN ('yellow', 'red') THEN 1 ELSE 0 END), 0)
       FROM tracked_items WHERE unit_id = $1")
    .bind(unit_id)
    .fetch_one(c)
    .await
}

/// Counts for 督查科: parts asking for 销号, and pending extension requests.
pub async fn review_counts(c: &mut impl Exec) -> Result<(i64, i64)> {
    let (close,): (i64,) =
        q("SELECT COUNT(*) FROM tracked_items WHERE state = 'close_requested' AND unit_id IS NOT NULL")
            .fetch_one(c)
            .await?;
    let (ext,): (i64,) = q("SELECT COUNT(*) FROM tracked_extensions WHERE status = 'pending'").fetch_one(c).await?;
    Ok((close, ext))
}

/// Open matters a leader is responsible for that are red.
pub async fn leader_red_count(c: &mut impl Exec, leader_id: &str) -> Result<i64> {
    let (n,): (i64,) =
        q("SELECT COUNT(*) FROM tracked_items WHERE leader_id = $1 AND parent_id IS NULL AND warning = 'red'")
            .bind(leader_id)
            .fetch_one(c)
            .await?;
    Ok(n)
}

/// Active users of a unit with whether each is a liaison (for whom to tell).
pub async fn unit_members(c: &mut impl Exec, unit_id: &str) -> Result<Vec<(String, bool)>> {
    q("SELECT u.id, EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'liaison')
       FROM users u WHERE u.unit_id = $1 AND u.active = TRUE")
    .bind(unit_id)
    .fetch_all(c)
    .await
}

/// Set a matter's warning to the worst of its parts'.
pub async fn roll_up_warning(c: &mut impl Exec, parent_id: &str) -> Result<()> {
    q("UPDATE tracked_items SET warning = CASE (SELECT MAX(CASE k.warning WHEN 'red' THEN 3
         WHEN 'yellow' THEN 2 WHEN 'green' THEN 1 ELSE 0 END) FROM tracked_items k WHERE k.parent_id = $1)
         WHEN 3 THEN 'red' WHEN 2 THEN 'yellow' WHEN 1 THEN 'green' ELSE NULL END
       WHERE id = $1 AND state NOT IN ('closed', 'cancelled', 'draft')")
    .bind(parent_id)
    .execute(c)
    .await?;
    Ok(())
}

/// The per-unit parts of several matters in one query (for list pages and exports).
pub async fn parts_of(c: &mut impl Exec, parent_ids: &[String]) -> Result<Vec<TrackedItem>> {
    if parent_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = q(format!("SELECT {COLS} FROM tracked_items t WHERE t.parent_id IN ("));
    for (i, id) in parent_ids.iter().enumerate() {
        if i > 0 {
            sql = sql.push(", ");
        }
        sql = sql.push_arg(id.as_str());
    }
    let rows: Vec<Row> = sql.push(") ORDER BY t.is_lead DESC, t.created_ms").fetch_all(c).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// How the warning board groups open work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardBy {
    /// Per-unit parts, by their unit.
    Unit,
    /// Whole matters, by their responsible leader.
    Leader,
}

/// Open work per group and warning level (no warning counts as green), optionally narrowed by kind
/// and source. Grouped in index order (see migration 0004) and folded here, so nothing is sorted.
pub async fn board(
    c: &mut impl Exec,
    by: BoardBy,
    kind: Option<Kind>,
    source: Option<&str>,
) -> Result<Vec<(String, String, i64)>> {
    let (col, rows) = match by {
        BoardBy::Unit => ("t.unit_id", "t.unit_id IS NOT NULL"),
        // `> ''` rather than IS NOT NULL: a range the planner serves from tracked_board_leader.
        BoardBy::Leader => ("t.leader_id", "t.parent_id IS NULL AND t.leader_id > ''"),
    };
    let mut sql = q(format!(
        "SELECT {col}, t.state, t.warning, COUNT(*) FROM tracked_items t WHERE {rows}
           AND t.state IN ('assigned', 'acknowledged', 'in_progress', 'close_requested')"
    ));
    if let Some(k) = kind {
        sql = sql.push(" AND t.kind = ").push_arg(k.code());
    }
    if let Some(s) = source.filter(|s| !s.is_empty()) {
        sql = sql.push(" AND t.source_title = ").push_arg(s);
    }
    let rows: Vec<(String, String, Option<String>, i64)> =
        sql.push(&format!(" GROUP BY {col}, t.state, t.warning")).fetch_all(c).await?;
    let mut out: Vec<(String, String, i64)> = Vec::new();
    for (group, _, warning, n) in rows {
        let w = warning.unwrap_or_else(|| "green".into());
        match out.iter_mut().find(|(g, x, _)| *g == group && *x == w) {
            Some(row) => row.2 += n,
            None => out.push((group, w, n)),
        }
    }
    Ok(out)
}

/// Distinct sources, for filter menus.
pub async fn sources(c: &mut impl Exec) -> Result<Vec<String>> {
    let rows: Vec<(String,)> =
        q("SELECT DISTINCT source_title FROM tracked_items WHERE parent_id IS NULL AND source_title <> '' ORDER BY source_title")
            .fetch_all(c)
            .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Per-unit figures for parts assigned in a period (dates inclusive, `YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UnitStatsRow {
    pub unit_id: String,
    pub assigned: i64,
    pub on_time: i64,
    pub late: i64,
    pub overdue: i64,
    pub open: i64,
    pub extensions: i64,
    pub close_days_sum: i64,
    pub closed: i64,
}

pub async fn unit_stats(
    c: &mut impl Exec,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    kind: Option<Kind>,
) -> Result<Vec<UnitStatsRow>> {
    let mut sql = q("SELECT t.unit_id AS unit_id, COUNT(*) AS assigned,
            COALESCE(SUM(CASE WHEN t.state = 'closed' AND t.closed_on <= t.due THEN 1 ELSE 0 END), 0) AS on_time,
            COALESCE(SUM(CASE WHEN t.state = 'closed' AND t.closed_on > t.due THEN 1 ELSE 0 END), 0) AS late,
            COALESCE(SUM(CASE WHEN t.state IN ('assigned', 'acknowledged', 'in_progress', 'close_requested') AND t.due < $3 THEN 1 ELSE 0 END), 0) AS overdue,
            COALESCE(SUM(CASE WHEN t.state IN ('assigned', 'acknowledged', 'in_progress', 'close_requested') THEN 1 ELSE 0 END), 0) AS open,
            CAST(COALESCE(SUM(t.extension_count), 0) AS BIGINT) AS extensions,
            CAST(COALESCE(SUM(CASE WHEN t.state = 'closed' THEN t.close_days ELSE 0 END), 0) AS BIGINT) AS close_days_sum,
            COALESCE(SUM(CASE WHEN t.state = 'closed' THEN 1 ELSE 0 END), 0) AS closed
        FROM tracked_items t
        WHERE t.unit_id IS NOT NULL AND t.assigned_on >= $1 AND t.assigned_on <= $2")
    .bind(ds(from))
    .bind(ds(to))
    .bind(ds(today));
    if let Some(k) = kind {
        sql = sql.push(" AND t.kind = ").push_arg(k.code());
    }
    sql.push(" GROUP BY t.unit_id").fetch_all(c).await
}

/// Which count a trend line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Assigned,
    Closed,
}

/// Parts assigned (or closed) per month (`YYYY-MM`) from `from` on, for trend charts. One query per line,
/// so a page can run them side by side on separate connections.
pub async fn monthly_counts(c: &mut impl Exec, trend: Trend, from: NaiveDate) -> Result<Vec<(String, i64)>> {
    let sql = match trend {
        Trend::Assigned => {
            "SELECT assigned_on, COUNT(*) FROM tracked_items WHERE assigned_on >= $1 AND unit_id IS NOT NULL
             GROUP BY assigned_on ORDER BY assigned_on"
        }
        Trend::Closed => {
            "SELECT closed_on, COUNT(*) FROM tracked_items WHERE state = 'closed' AND closed_on >= $1
             AND unit_id IS NOT NULL GROUP BY closed_on ORDER BY closed_on"
        }
    };
    let days: Vec<(String, i64)> = q(sql).bind(ds(from)).fetch_all(c).await?;
    // Per day in index order, folded into months here: cheaper than grouping by SUBSTR.
    let mut months: Vec<(String, i64)> = Vec::new();
    for (day, n) in days {
        let m = day.get(..7).unwrap_or(&day).to_string();
        match months.last_mut() {
            Some(last) if last.0 == m => last.1 += n,
            _ => months.push((m, n)),
        }
    }
    Ok(months)
}

/// An evidence file of a 反馈 or a 申请办结.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FileRow {
    pub id: String,
    pub item_id: String,
    pub event_id: String,
    pub name: String,
    pub sha256: String,
    pub size: i64,
    pub mime: String,
    pub uploaded_by: String,
    pub created_ms: i64,
}

pub async fn insert_file(c: &mut impl Exec, f: &FileRow) -> Result<()> {
    q("INSERT INTO tracked_files (id, item_id, event_id, name, sha256, size, mime, uploaded_by, created_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
    .bind(&f.id)
    .bind(&f.item_id)
    .bind(&f.event_id)
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

/// Evidence files of these items, newest first.
pub async fn files(c: &mut impl Exec, item_ids: &[String]) -> Result<Vec<FileRow>> {
    q("SELECT id, item_id, event_id, name, sha256, size, mime, uploaded_by, created_ms FROM tracked_files WHERE item_id IN ")
        .push_in(item_ids.iter().map(String::as_str))
        .push(" ORDER BY created_ms DESC, id")
        .fetch_all(c)
        .await
}

/// Open per-unit parts past their deadline as of `today`, by unit and deadline (督查通报).
pub async fn overdue_parts(c: &mut impl Exec, today: NaiveDate, limit: i64) -> Result<Vec<TrackedItem>> {
    let rows: Vec<Row> = q(format!(
        "SELECT {COLS} FROM tracked_items t WHERE t.unit_id IS NOT NULL AND t.due < $1
           AND t.state IN ('assigned', 'acknowledged', 'in_progress', 'close_requested')
         ORDER BY t.unit_id, t.due, t.created_ms LIMIT $2"
    ))
    .bind(ds(today))
    .bind(limit)
    .fetch_all(c)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}
