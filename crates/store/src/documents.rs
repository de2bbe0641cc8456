//! 办文: documents of both flows, their versions, history, tasks, distribution, and the numbering
//! ledger (发文字号, 收文编号). Who may see a document is decided in SQL by [`visible`], the one access
//! filter every list, inbox and search over documents uses.

use crate::{burden, q, Exec, Result, StoreError, Q};
use chrono::NaiveDate;
use zs_domain::document::{Content, DocState, DocType, Document, Flow, Handling, Instruction, SignOff, Urgency};

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    flow: String,
    unit_id: String,
    state: String,
    content: String,
    version: i64,
    doc_number: String,
    received_no: String,
    drafter_id: Option<String>,
    reviewer_id: Option<String>,
    signer_id: Option<String>,
    sign_off: Option<String>,
    received_on: Option<String>,
    copies: i64,
    pages: i64,
    handling: Option<String>,
    proposal: String,
    leader_id: Option<String>,
    instruction: Option<String>,
    reply: String,
    source_doc_id: Option<String>,
    created_by: String,
    created_ms: i64,
    updated_ms: i64,
}

const COLS: &str =
    "d.id, d.flow, d.unit_id, d.state, d.content, d.version, d.doc_number, d.received_no, d.drafter_id, \
    d.reviewer_id, d.signer_id, d.sign_off, d.received_on, d.copies, d.pages, d.handling, d.proposal, d.leader_id, \
    d.instruction, d.reply, d.source_doc_id, d.created_by, d.created_ms, d.updated_ms";

fn ds(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn json<T: serde::Serialize>(v: &T) -> String {
    // Serialising plain structs of strings, numbers and dates cannot fail.
    serde_json::to_string(v).unwrap_or_default()
}

impl TryFrom<Row> for Document {
    type Error = StoreError;
    fn try_from(r: Row) -> std::result::Result<Self, StoreError> {
        let bad = |what: &str| StoreError::Corrupt(format!("document {}: {what}", r.id));
        let content: Content = serde_json::from_str(&r.content).map_err(|_| bad("content"))?;
        let sign_off: Option<SignOff> =
            r.sign_off.as_deref().map(serde_json::from_str).transpose().map_err(|_| bad("sign_off"))?;
        let instruction: Option<Instruction> =
            r.instruction.as_deref().map(serde_json::from_str).transpose().map_err(|_| bad("instruction"))?;
        Ok(Document {
            flow: Flow::from_code(&r.flow).ok_or_else(|| bad("flow"))?,
            state: DocState::from_code(&r.state).ok_or_else(|| bad("state"))?,
            received_on: r.received_on.as_deref().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()),
            handling: r.handling.as_deref().and_then(Handling::from_code),
            content,
            sign_off,
            instruction,
            id: r.id,
            unit_id: r.unit_id,
            version: r.version,
            doc_number: r.doc_number,
            received_no: r.received_no,
            drafter_id: r.drafter_id,
            reviewer_id: r.reviewer_id,
            signer_id: r.signer_id,
            copies: r.copies,
            pages: r.pages,
            proposal: r.proposal,
            leader_id: r.leader_id,
            reply: r.reply,
            source_doc_id: r.source_doc_id,
            created_by: r.created_by,
            created_ms: r.created_ms,
            updated_ms: r.updated_ms,
        })
    }
}

fn rows_to_docs(rows: Vec<Row>) -> Result<Vec<Document>> {
    rows.into_iter().map(Document::try_from).collect()
}

/// The columns a flow step may change, in the order [`bind_fields`] binds them.
const FIELDS: [&str; 24] = [
    "state",
    "doc_type",
    "title",
    "classification",
    "classification_rank",
    "urgency",
    "issuer",
    "content",
    "version",
    "doc_number",
    "received_no",
    "drafter_id",
    "reviewer_id",
    "signer_id",
    "sign_off",
    "received_on",
    "copies",
    "pages",
    "handling",
    "proposal",
    "leader_id",
    "instruction",
    "reply",
    "updated_ms",
];

fn bind_fields(w: Q, d: &Document) -> Q {
    w.bind(d.state.code())
        .bind(d.content.doc_type.code())
        .bind(&d.content.title)
        .bind(d.content.classification.code())
        .bind(d.content.classification.rank())
        .bind(d.content.urgency.code())
        .bind(&d.content.issuer)
        .bind(json(&d.content))
        .bind(d.version)
        .bind(&d.doc_number)
        .bind(&d.received_no)
        .bind(d.drafter_id.clone())
        .bind(d.reviewer_id.clone())
        .bind(d.signer_id.clone())
        .bind(d.sign_off.as_ref().map(json))
        .bind(d.received_on.map(ds))
        .bind(d.copies)
        .bind(d.pages)
        .bind(d.handling.map(|h| h.code().to_string()))
        .bind(&d.proposal)
        .bind(d.leader_id.clone())
        .bind(d.instruction.as_ref().map(json))
        .bind(&d.reply)
        .bind(d.updated_ms)
}

pub async fn insert(c: &mut impl Exec, d: &Document) -> Result<()> {
    let values: Vec<String> = (1..=FIELDS.len() + 6).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO documents (id, flow, unit_id, source_doc_id, created_by, created_ms, {}) VALUES ({})",
        FIELDS.join(", "),
        values.join(", ")
    );
    let w = q(sql)
        .bind(&d.id)
        .bind(d.flow.code())
        .bind(&d.unit_id)
        .bind(d.source_doc_id.clone())
        .bind(&d.created_by)
        .bind(d.created_ms);
    bind_fields(w, d).execute(c).await?;
    Ok(())
}

/// Write every mutable column, but only if nobody changed the row since it was read (`seen_ms` is
/// the `updated_ms` read): two people acting at once cannot both move a document on. Returns
/// whether the row was written.
pub async fn update(c: &mut impl Exec, d: &Document, seen_ms: i64) -> Result<bool> {
    let sets: Vec<String> = FIELDS.iter().enumerate().map(|(i, f)| format!("{f} = ${}", i + 3)).collect();
    let sql = format!("UPDATE documents SET {} WHERE id = $1 AND updated_ms = $2", sets.join(", "));
    let n = bind_fields(q(sql).bind(&d.id).bind(seen_ms), d).execute(c).await?;
    Ok(n == 1)
}

pub async fn get(c: &mut impl Exec, id: &str) -> Result<Option<Document>> {
    let row: Option<Row> =
        q(format!("SELECT {COLS} FROM documents d WHERE d.id = $1")).bind(id).fetch_optional(c).await?;
    row.map(Document::try_from).transpose()
}

/// Who is looking, as the document access rule needs it (mirrors `access::Action::ReadDocument`).
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub user_id: String,
    /// The organ the viewer works for (a 科室's staff work for the office).
    pub organ_id: String,
    /// Task pools of the organ the viewer belongs to (`registrar`, `office`, `countersign`).
    pub pools: Vec<String>,
    /// Sees every document of the organ (文书, 办公室主任, 档案员, a town's 联络员).
    pub organ_wide: bool,
    pub max_rank: i64,
}

/// The people a document names, each of whom may open it ([`visible`] and [`involved`] alike).
const PARTIES: [&str; 4] = ["drafter_id", "reviewer_id", "signer_id", "leader_id"];

/// Narrow `documents d` to what the viewer may open: within clearance, and either organ-wide or
/// involved (a named party, or a task held or done by the viewer or the viewer's pool).
pub fn visible(w: Q, v: &Viewer) -> Q {
    let me = w.next_index();
    let parties = PARTIES.map(|p| format!("d.{p} = ${me}")).join(" OR ");
    let w = w
        .push(&format!(
            " AND d.classification_rank <= ${} AND ((${} AND d.unit_id = ${}) OR {parties} OR EXISTS (SELECT 1 FROM \
             doc_tasks vt WHERE vt.document_id = d.id AND (vt.user_id = ${me} OR vt.done_by = ${me} OR (vt.unit_id = ${} \
             AND vt.pool IN ",
            me + 1,
            me + 2,
            me + 3,
            me + 3
        ))
        .bind(v.user_id.as_str())
        .bind(v.max_rank)
        .bind(v.organ_wide)
        .bind(v.organ_id.as_str());
    w.push_in(v.pools.iter().map(String::as_str)).push("))))")
}

/// The ids of the documents the viewer is involved in — [`visible`]'s second branch, without clearance — as
/// a union of index lookups: where a search starts for a viewer who may open few documents. With
/// `other_organs`, only other organs' documents (an organ-wide viewer finds their own organ's another way).
/// Callers still narrow what it gives by `visible`; the two must name the same parties and tasks.
pub fn involved(w: Q, v: &Viewer, other_organs: bool) -> Q {
    let me = w.next_index();
    let organ = me + 1;
    let (not_mine, tasks) = if other_organs {
        (
            format!(" AND unit_id <> ${organ}"),
            format!("doc_tasks t JOIN documents o ON o.id = t.document_id AND o.unit_id <> ${organ}"),
        )
    } else {
        (String::new(), "doc_tasks t".to_string())
    };
    let parties = PARTIES.map(|p| format!("SELECT id FROM documents WHERE {p} = ${me}{not_mine}")).join(" UNION ");
    let w = w
        .push(&format!(
            "{parties} UNION SELECT t.document_id FROM {tasks} WHERE t.user_id = ${me} UNION SELECT t.document_id \
             FROM {tasks} WHERE t.done_by = ${me} UNION SELECT t.document_id FROM {tasks} WHERE t.unit_id = ${organ} \
             AND t.pool IN "
        ))
        .bind(v.user_id.as_str())
        .bind(v.organ_id.as_str());
    w.push_in(v.pools.iter().map(String::as_str))
}

/// What a document list asks for.
#[derive(Debug, Clone, Default)]
pub struct DocFilter {
    pub flow: Option<Flow>,
    pub states: Vec<DocState>,
    pub doc_type: Option<DocType>,
    pub text: Option<String>,
    pub year: Option<i32>,
    pub urgent_only: bool,
    pub limit: i64,
    pub offset: i64,
}

pub async fn list(c: &mut impl Exec, v: &Viewer, f: &DocFilter) -> Result<(Vec<Document>, i64)> {
    let mut w = visible(q(" FROM documents d WHERE 1 = 1"), v);
    if let Some(fl) = f.flow {
        w = w.push(" AND d.flow = ").push_arg(fl.code());
    }
    if !f.states.is_empty() {
        w = w.push(" AND d.state IN ").push_in(f.states.iter().map(|s| s.code()));
    }
    if let Some(t) = f.doc_type {
        w = w.push(" AND d.doc_type = ").push_arg(t.code());
    }
    if let Some(y) = f.year {
        let from = zs_domain::time::day_start_ms(NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default());
        let to = zs_domain::time::day_start_ms(NaiveDate::from_ymd_opt(y + 1, 1, 1).unwrap_or_default());
        w = w.push(" AND d.created_ms >= ").push_arg(from).push(" AND d.created_ms < ").push_arg(to);
    }
    if f.urgent_only {
        w = w.push(" AND d.urgency <> ").push_arg(Urgency::Normal.code());
    }
    if let Some(text) = f.text.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let i = w.next_index();
        w = w
            .push(&format!(
                " AND (LOWER(d.title) LIKE ${i} ESCAPE '\\' OR LOWER(d.doc_number) LIKE ${i} ESCAPE '\\'
                  OR LOWER(d.received_no) LIKE ${i} ESCAPE '\\' OR LOWER(d.issuer) LIKE ${i} ESCAPE '\\')"
            ))
            .bind(crate::contains_pattern(text));
    }
    let (rows, total) =
        w.count_and_page::<Row>(c, COLS, "d.updated_ms DESC, d.id", f.limit.clamp(1, 500), f.offset).await?;
    Ok((rows_to_docs(rows)?, total))
}

/// Incoming documents of an organ already registered with this sender's 文号 (duplicate check).
pub async fn find_incoming(c: &mut impl Exec, organ: &str, issuer: &str, number: &str) -> Result<Option<Document>> {
    let row: Option<Row> = q(format!(
        "SELECT {COLS} FROM documents d WHERE d.unit_id = $1 AND d.flow = 'incoming' AND d.doc_number = $2
           AND d.issuer = $3 AND d.state NOT IN ('returned', 'voided') LIMIT 1"
    ))
    .bind(organ)
    .bind(number)
    .bind(issuer)
    .fetch_optional(c)
    .await?;
    row.map(Document::try_from).transpose()
}

// ---- versions and history ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VersionRow {
    pub document_id: String,
    pub version: i64,
    pub content: String,
    pub state: String,
    pub author_id: Option<String>,
    pub author_name: String,
    pub created_ms: i64,
}

impl VersionRow {
    pub fn content(&self) -> Result<Content> {
        serde_json::from_str(&self.content)
            .map_err(|_| StoreError::Corrupt(format!("document {} version {}", self.document_id, self.version)))
    }
}

pub async fn insert_version(c: &mut impl Exec, d: &Document, author_id: Option<&str>, author_name: &str) -> Result<()> {
    q("INSERT INTO document_versions (document_id, version, content, state, author_id, author_name, created_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7)")
    .bind(&d.id)
    .bind(d.version)
    .bind(json(&d.content))
    .bind(d.state.code())
    .bind(author_id)
    .bind(author_name)
    .bind(d.updated_ms)
    .execute(c)
    .await?;
    Ok(())
}

/// Versions, newest first, without their content.
pub async fn versions(c: &mut impl Exec, doc_id: &str) -> Result<Vec<VersionRow>> {
    q("SELECT document_id, version, '' AS content, state, author_id, author_name, created_ms FROM document_versions
       WHERE document_id = $1 ORDER BY version DESC")
    .bind(doc_id)
    .fetch_all(c)
    .await
}

pub async fn version(c: &mut impl Exec, doc_id: &str, version: i64) -> Result<Option<VersionRow>> {
    q("SELECT document_id, version, content, state, author_id, author_name, created_ms FROM document_versions
       WHERE document_id = $1 AND version = $2")
    .bind(doc_id)
    .bind(version)
    .fetch_optional(c)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: String,
    pub document_id: String,
    pub act: String,
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub at_ms: i64,
    pub text: String,
}

pub async fn insert_event(c: &mut impl Exec, e: &EventRow) -> Result<()> {
    q("INSERT INTO document_events (id, document_id, act, actor_id, actor_name, at_ms, text)
       VALUES ($1, $2, $3, $4, $5, $6, $7)")
    .bind(&e.id)
    .bind(&e.document_id)
    .bind(&e.act)
    .bind(e.actor_id.clone())
    .bind(&e.actor_name)
    .bind(e.at_ms)
    .bind(&e.text)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn events(c: &mut impl Exec, doc_id: &str) -> Result<Vec<EventRow>> {
    q("SELECT id, document_id, act, actor_id, actor_name, at_ms, text FROM document_events WHERE document_id = $1
       ORDER BY at_ms, id")
    .bind(doc_id)
    .fetch_all(c)
    .await
}

// ---- tasks: who holds a document ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TaskRow {
    pub id: String,
    pub document_id: String,
    pub kind: String,
    pub user_id: Option<String>,
    pub unit_id: Option<String>,
    pub pool: String,
    pub seq: i64,
    /// open, waiting, done, cancelled
    pub status: String,
    pub opened_ms: Option<i64>,
    pub done_ms: Option<i64>,
    pub done_by: Option<String>,
    pub done_by_name: String,
    pub outcome: String,
    pub comment: String,
    pub created_ms: i64,
}

impl TaskRow {
    /// A task as created: `status` open (opened now) or waiting; nobody has done it yet.
    pub fn new(document_id: &str, kind: &str, status: &str, now: i64) -> TaskRow {
        TaskRow {
            id: zs_domain::new_id(),
            document_id: document_id.into(),
            kind: kind.into(),
            user_id: None,
            unit_id: None,
            pool: String::new(),
            seq: 0,
            status: status.into(),
            opened_ms: (status != "waiting").then_some(now),
            done_ms: None,
            done_by: None,
            done_by_name: String::new(),
            outcome: String::new(),
            comment: String::new(),
            created_ms: now,
        }
    }
}

const TASK_COLS: &str = "t.id, t.document_id, t.kind, t.user_id, t.unit_id, t.pool, t.seq, t.status, t.opened_ms, \
    t.done_ms, t.done_by, t.done_by_name, t.outcome, t.comment, t.created_ms";

pub async fn insert_task(c: &mut impl Exec, t: &TaskRow) -> Result<()> {
    q("INSERT INTO doc_tasks (id, document_id, kind, user_id, unit_id, pool, seq, status, opened_ms, done_ms, done_by,
        done_by_name, outcome, comment, created_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)")
    .bind(&t.id)
    .bind(&t.document_id)
    .bind(&t.kind)
    .bind(t.user_id.clone())
    .bind(t.unit_id.clone())
    .bind(&t.pool)
    .bind(t.seq)
    .bind(&t.status)
    .bind(t.opened_ms)
    .bind(t.done_ms)
    .bind(t.done_by.clone())
    .bind(&t.done_by_name)
    .bind(&t.outcome)
    .bind(&t.comment)
    .bind(t.created_ms)
    .execute(c)
    .await?;
    Ok(())
}

/// Every task of a document, in the order they were created.
pub async fn tasks(c: &mut impl Exec, doc_id: &str) -> Result<Vec<TaskRow>> {
    q(format!("SELECT {TASK_COLS} FROM doc_tasks t WHERE t.document_id = $1 ORDER BY t.created_ms, t.seq, t.id"))
        .bind(doc_id)
        .fetch_all(c)
        .await
}

/// Close one task with the person who did it and what they did.
pub async fn finish_task(
    c: &mut impl Exec,
    id: &str,
    by: Option<&str>,
    name: &str,
    outcome: &str,
    comment: &str,
    at: i64,
) -> Result<()> {
    q("UPDATE doc_tasks SET status = 'done', done_ms = $2, done_by = $3, done_by_name = $4, outcome = $5, comment = $6
       WHERE id = $1")
    .bind(id)
    .bind(at)
    .bind(by)
    .bind(name)
    .bind(outcome)
    .bind(comment)
    .execute(c)
    .await?;
    Ok(())
}

/// Cancel the open and waiting tasks of some kinds (a 退回 clears the 会签 asked; a 收回 the readings).
pub async fn cancel_tasks(c: &mut impl Exec, doc_id: &str, kinds: &[&str], at: i64) -> Result<u64> {
    q("UPDATE doc_tasks SET status = 'cancelled', done_ms = $2 WHERE document_id = $1 AND status IN ('open', 'waiting')
       AND kind IN ")
    .bind(doc_id)
    .bind(at)
    .push_in(kinds.iter().copied())
    .execute(c)
    .await
}

/// Open a waiting task (the next reader of an in-order 传阅).
pub async fn open_task(c: &mut impl Exec, id: &str, at: i64) -> Result<()> {
    q("UPDATE doc_tasks SET status = 'open', opened_ms = $2 WHERE id = $1 AND status = 'waiting'")
        .bind(id)
        .bind(at)
        .execute(c)
        .await?;
    Ok(())
}

/// One row of an inbox: the task and the document it is about.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InboxRow {
    pub task_id: String,
    pub kind: String,
    pub task_status: String,
    pub opened_ms: Option<i64>,
    pub done_ms: Option<i64>,
    pub holder_user_id: Option<String>,
    pub holder_unit_id: Option<String>,
    pub pool: String,
    pub document_id: String,
    pub flow: String,
    pub doc_type: String,
    pub title: String,
    pub state: String,
    pub urgency: String,
    pub doc_number: String,
    pub received_no: String,
    pub unit_id: String,
    pub updated_ms: i64,
}

const INBOX_COLS: &str = "t.id AS task_id, t.kind, t.status AS task_status, t.opened_ms, t.done_ms, \
    t.user_id AS holder_user_id, t.unit_id AS holder_unit_id, t.pool, d.id AS document_id, d.flow, d.doc_type, d.title, \
    d.state, d.urgency, d.doc_number, d.received_no, d.unit_id, d.updated_ms";

/// 待办: open tasks held by the viewer, or by a pool of the viewer's organ the viewer belongs to.
pub async fn todo(c: &mut impl Exec, v: &Viewer, limit: i64) -> Result<Vec<InboxRow>> {
    let w = q(format!(
        "SELECT {INBOX_COLS} FROM doc_tasks t JOIN documents d ON d.id = t.document_id
         WHERE t.status = 'open' AND d.classification_rank <= $1 AND (t.user_id = $2 OR (t.unit_id = $3 AND t.pool IN "
    ))
    .bind(v.max_rank)
    .bind(v.user_id.as_str())
    .bind(v.organ_id.as_str());
    w.push_in(v.pools.iter().map(String::as_str))
        .push(&format!(")) ORDER BY d.urgency DESC, t.opened_ms LIMIT {}", limit.clamp(1, 1000)))
        .fetch_all(c)
        .await
}

/// Documents the viewer has acted on, newest first: `finished` false gives 在办 (still moving),
/// true gives 已办.
pub async fn handled(
    c: &mut impl Exec,
    v: &Viewer,
    finished: bool,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Document>, i64)> {
    let states = ["dispatched", "completed", "returned", "archived", "voided"];
    let w = q(" FROM documents d WHERE d.classification_rank <= $1 AND (d.created_by = $2 OR EXISTS
             (SELECT 1 FROM doc_tasks ht WHERE ht.document_id = d.id AND ht.done_by = $2)) AND d.state ")
    .bind(v.max_rank)
    .bind(v.user_id.as_str())
    .push(if finished { "IN " } else { "NOT IN " })
    .push_in(states);
    let (rows, total) =
        w.count_and_page::<Row>(c, COLS, "d.updated_ms DESC, d.id", limit.clamp(1, 500), offset).await?;
    Ok((rows_to_docs(rows)?, total))
}

/// Every open task on the organ's documents and on documents sent to the organ's units to hold:
/// who is holding what (the office director's view).
pub async fn holding(c: &mut impl Exec, organ: &str, max_rank: i64) -> Result<Vec<InboxRow>> {
    q(format!(
        "SELECT {INBOX_COLS} FROM doc_tasks t JOIN documents d ON d.id = t.document_id
         WHERE t.status = 'open' AND d.unit_id = $1 AND d.classification_rank <= $2 ORDER BY t.opened_ms"
    ))
    .bind(organ)
    .bind(max_rank)
    .fetch_all(c)
    .await
}

// ---- distribution and exchange ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DistributionRow {
    pub id: String,
    pub document_id: String,
    pub unit_id: Option<String>,
    pub name: String,
    pub copies: i64,
    pub copy_from: Option<i64>,
    pub copy_to: Option<i64>,
    pub incoming_id: Option<String>,
    pub acknowledged_ms: Option<i64>,
    pub urge_count: i64,
    pub created_ms: i64,
}

/// A distribution row; one already delivered (`incoming_id`) to a platform unit counts in 精文简会.
pub async fn insert_distribution(c: &mut impl Exec, r: &DistributionRow) -> Result<()> {
    let (sender,): (Option<String>,) = q("INSERT INTO distributions (id, document_id, unit_id, name, copies,
        copy_from, copy_to, incoming_id, acknowledged_ms, urge_count, created_ms, sender_unit_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, (SELECT unit_id FROM documents WHERE id = $2))
       RETURNING sender_unit_id")
    .bind(&r.id)
    .bind(&r.document_id)
    .bind(r.unit_id.clone())
    .bind(&r.name)
    .bind(r.copies)
    .bind(r.copy_from)
    .bind(r.copy_to)
    .bind(r.incoming_id.clone())
    .bind(r.acknowledged_ms)
    .bind(r.urge_count)
    .bind(r.created_ms)
    .fetch_one(c)
    .await?;
    if let (Some(unit), Some(_)) = (&r.unit_id, &r.incoming_id) {
        count_delivery(c, unit, sender.as_deref(), r.created_ms).await?;
    }
    Ok(())
}

/// A delivery in the 精文简会 rollup: to its unit and by its sending organ, in the month it was listed.
async fn count_delivery(c: &mut impl Exec, unit: &str, sender: Option<&str>, created_ms: i64) -> Result<()> {
    burden::count_sent(c, burden::DOCUMENTS, &burden::month_of_ms(created_ms), unit, sender, 1).await
}

pub async fn distributions(c: &mut impl Exec, doc_id: &str) -> Result<Vec<DistributionRow>> {
    q("SELECT id, document_id, unit_id, name, copies, copy_from, copy_to, incoming_id, acknowledged_ms, urge_count,
        created_ms FROM distributions WHERE document_id = $1 ORDER BY created_ms, id")
    .bind(doc_id)
    .fetch_all(c)
    .await
}

/// Replace the distribution list of a document not yet dispatched.
pub async fn clear_distributions(c: &mut impl Exec, doc_id: &str) -> Result<()> {
    q("DELETE FROM distributions WHERE document_id = $1 AND incoming_id IS NULL").bind(doc_id).execute(c).await?;
    Ok(())
}

/// 核发 of one distribution row (not yet delivered) into the 收文 `incoming_id`.
pub async fn set_delivered(c: &mut impl Exec, distribution_id: &str, incoming_id: &str) -> Result<()> {
    let row: Option<(Option<String>, Option<String>, i64)> = q("UPDATE distributions SET incoming_id = $2
       WHERE id = $1 AND incoming_id IS NULL RETURNING unit_id, sender_unit_id, created_ms")
    .bind(distribution_id)
    .bind(incoming_id)
    .fetch_optional(c)
    .await?;
    if let Some((Some(unit), sender, created_ms)) = row {
        count_delivery(c, &unit, sender.as_deref(), created_ms).await?;
    }
    Ok(())
}

/// The sender's distribution row learns that its delivered copy was signed for.
pub async fn mark_acknowledged(c: &mut impl Exec, incoming_id: &str, at: i64) -> Result<()> {
    q("UPDATE distributions SET acknowledged_ms = $2 WHERE incoming_id = $1 AND acknowledged_ms IS NULL")
        .bind(incoming_id)
        .bind(at)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn count_urge(c: &mut impl Exec, distribution_id: &str) -> Result<()> {
    q("UPDATE distributions SET urge_count = urge_count + 1 WHERE id = $1").bind(distribution_id).execute(c).await?;
    Ok(())
}

// ---- 机关代字 and numbers ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AgencyCode {
    pub id: String,
    pub unit_id: String,
    pub code: String,
    pub issuer: String,
    pub mark: String,
    pub note: String,
    pub active: bool,
    pub created_ms: i64,
}

pub async fn insert_code(c: &mut impl Exec, a: &AgencyCode) -> Result<()> {
    q("INSERT INTO agency_codes (id, unit_id, code, issuer, mark, note, active, created_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
    .bind(&a.id)
    .bind(&a.unit_id)
    .bind(&a.code)
    .bind(&a.issuer)
    .bind(&a.mark)
    .bind(&a.note)
    .bind(a.active)
    .bind(a.created_ms)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn update_code(c: &mut impl Exec, a: &AgencyCode) -> Result<()> {
    q("UPDATE agency_codes SET issuer = $2, mark = $3, note = $4, active = $5 WHERE id = $1")
        .bind(&a.id)
        .bind(&a.issuer)
        .bind(&a.mark)
        .bind(&a.note)
        .bind(a.active)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn codes(c: &mut impl Exec) -> Result<Vec<AgencyCode>> {
    q("SELECT id, unit_id, code, issuer, mark, note, active, created_ms FROM agency_codes ORDER BY unit_id, code")
        .fetch_all(c)
        .await
}

pub async fn code(c: &mut impl Exec, id: &str) -> Result<Option<AgencyCode>> {
    q("SELECT id, unit_id, code, issuer, mark, note, active, created_ms FROM agency_codes WHERE id = $1")
        .bind(id)
        .fetch_optional(c)
        .await
}

pub async fn code_by_text(c: &mut impl Exec, code: &str) -> Result<Option<AgencyCode>> {
    q("SELECT id, unit_id, code, issuer, mark, note, active, created_ms FROM agency_codes WHERE code = $1")
        .bind(code)
        .fetch_optional(c)
        .await
}

/// The next sequence of a numbering scope in a year, starting at 1. Call inside the transaction that
/// records the number: the counter row is locked until it commits (PostgreSQL) or the single writer
/// holds it (SQLite), so concurrent registrations get distinct numbers, and a rollback gives the
/// number back, so there are no gaps.
pub async fn next_seq(c: &mut impl Exec, scope: &str, year: i32) -> Result<i64> {
    q("INSERT INTO number_counters (scope, year, next_seq) VALUES ($1, $2, 1) ON CONFLICT (scope, year) DO NOTHING")
        .bind(scope)
        .bind(i64::from(year))
        .execute(c)
        .await?;
    let (seq,): (i64,) = q("UPDATE number_counters SET next_seq = next_seq + 1 WHERE scope = $1 AND year = $2
                             RETURNING next_seq - 1")
    .bind(scope)
    .bind(i64::from(year))
    .fetch_one(c)
    .await?;
    Ok(seq)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NumberRow {
    pub scope: String,
    pub year: i64,
    pub seq: i64,
    pub number: String,
    pub document_id: String,
    /// used or voided
    pub status: String,
    pub reason: String,
    pub assigned_by: String,
    pub assigned_ms: i64,
    pub voided_by: Option<String>,
    pub voided_ms: Option<i64>,
}

pub async fn insert_number(c: &mut impl Exec, n: &NumberRow) -> Result<()> {
    q("INSERT INTO doc_numbers (scope, year, seq, number, document_id, status, reason, assigned_by, assigned_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
    .bind(&n.scope)
    .bind(n.year)
    .bind(n.seq)
    .bind(&n.number)
    .bind(&n.document_id)
    .bind(&n.status)
    .bind(&n.reason)
    .bind(&n.assigned_by)
    .bind(n.assigned_ms)
    .execute(c)
    .await?;
    Ok(())
}

/// Mark a document's numbers voided with the reason; they stay in the ledger and are never given again.
pub async fn void_numbers(c: &mut impl Exec, doc_id: &str, reason: &str, by: &str, at: i64) -> Result<u64> {
    q("UPDATE doc_numbers SET status = 'voided', reason = $2, voided_by = $3, voided_ms = $4
       WHERE document_id = $1 AND status = 'used'")
    .bind(doc_id)
    .bind(reason)
    .bind(by)
    .bind(at)
    .execute(c)
    .await
}

pub async fn numbers(c: &mut impl Exec, scope: &str, year: i32) -> Result<Vec<NumberRow>> {
    q("SELECT scope, year, seq, number, document_id, status, reason, assigned_by, assigned_ms, voided_by, voided_ms
       FROM doc_numbers WHERE scope = $1 AND year = $2 ORDER BY seq")
    .bind(scope)
    .bind(i64::from(year))
    .fetch_all(c)
    .await
}

pub async fn number_exists(c: &mut impl Exec, number: &str) -> Result<bool> {
    let row: Option<(i64,)> = q("SELECT seq FROM doc_numbers WHERE number = $1").bind(number).fetch_optional(c).await?;
    Ok(row.is_some())
}

// ---- files ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FileRow {
    pub id: String,
    pub document_id: String,
    pub purpose: String,
    pub name: String,
    pub sha256: String,
    pub size: i64,
    pub mime: String,
    pub position: i64,
    pub uploaded_by: String,
    pub created_ms: i64,
}

pub async fn insert_file(c: &mut impl Exec, f: &FileRow) -> Result<()> {
    q("INSERT INTO document_files (id, document_id, purpose, name, sha256, size, mime, position, uploaded_by, created_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
    .bind(&f.id)
    .bind(&f.document_id)
    .bind(&f.purpose)
    .bind(&f.name)
    .bind(&f.sha256)
    .bind(f.size)
    .bind(&f.mime)
    .bind(f.position)
    .bind(&f.uploaded_by)
    .bind(f.created_ms)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn files(c: &mut impl Exec, doc_id: &str) -> Result<Vec<FileRow>> {
    q("SELECT id, document_id, purpose, name, sha256, size, mime, position, uploaded_by, created_ms FROM document_files
       WHERE document_id = $1 ORDER BY position, created_ms")
    .bind(doc_id)
    .fetch_all(c)
    .await
}

pub async fn delete_file(c: &mut impl Exec, doc_id: &str, file_id: &str) -> Result<bool> {
    let n = q("DELETE FROM document_files WHERE id = $1 AND document_id = $2")
        .bind(file_id)
        .bind(doc_id)
        .execute(c)
        .await?;
    Ok(n == 1)
}

// ---- 校对: findings dismissed on a document ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Dismissal {
    pub rule: String,
    pub text: String,
    pub reason: String,
    pub by_name: String,
    pub at_ms: i64,
}

pub async fn dismissals(c: &mut impl Exec, doc_id: &str) -> Result<Vec<Dismissal>> {
    q("SELECT rule, text, reason, by_name, at_ms FROM proof_dismissals WHERE document_id = $1 ORDER BY at_ms")
        .bind(doc_id)
        .fetch_all(c)
        .await
}

pub async fn dismiss(c: &mut impl Exec, doc_id: &str, d: &Dismissal) -> Result<()> {
    q("INSERT INTO proof_dismissals (document_id, rule, text, reason, by_name, at_ms) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (document_id, rule, text) DO UPDATE SET reason = $4, by_name = $5, at_ms = $6")
    .bind(doc_id)
    .bind(&d.rule)
    .bind(&d.text)
    .bind(&d.reason)
    .bind(&d.by_name)
    .bind(d.at_ms)
    .execute(c)
    .await?;
    Ok(())
}
