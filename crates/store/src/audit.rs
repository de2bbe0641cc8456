//! The append-only, hash-chained audit trail.

use crate::{q, Exec, Result};
use zs_domain::audit::AuditEvent;

/// What a use case records; sequence, time and hashes are added here.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub detail: String,
    pub ip: String,
}

/// Append an event inside the caller's transaction. Bumping the head row first takes its row lock
/// (PostgreSQL) or the write lock (SQLite), so concurrent appends line up and the chain has no forks.
pub async fn append(c: &mut impl Exec, e: NewEvent, at_ms: i64) -> Result<i64> {
    let (seq, prev_hash): (i64, String) =
        q("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").fetch_one(c).await?;
    let mut ev = AuditEvent {
        seq,
        at_ms,
        actor_id: e.actor_id,
        actor_name: e.actor_name,
        action: e.action,
        target_kind: e.target_kind,
        target_id: e.target_id,
        detail: e.detail,
        ip: e.ip,
        prev_hash,
        hash: String::new(),
    };
    ev.hash = ev.compute_hash();
    q("INSERT INTO audit_events (seq, at_ms, actor_id, actor_name, action, target_kind, target_id, detail, ip, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(ev.seq)
        .bind(ev.at_ms)
        .bind(ev.actor_id.clone())
        .bind(&ev.actor_name)
        .bind(&ev.action)
        .bind(&ev.target_kind)
        .bind(&ev.target_id)
        .bind(&ev.detail)
        .bind(&ev.ip)
        .bind(&ev.prev_hash)
        .bind(&ev.hash)
        .execute(c)
        .await?;
    q("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&ev.hash).execute(c).await?;
    Ok(seq)
}

#[derive(sqlx::FromRow)]
struct Row {
    seq: i64,
    at_ms: i64,
    actor_id: Option<String>,
    actor_name: String,
    action: String,
    target_kind: String,
    target_id: String,
    detail: String,
    ip: String,
    prev_hash: String,
    hash: String,
}

impl From<Row> for AuditEvent {
    fn from(r: Row) -> Self {
        AuditEvent {
            seq: r.seq,
            at_ms: r.at_ms,
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            action: r.action,
            target_kind: r.target_kind,
            target_id: r.target_id,
            detail: r.detail,
            ip: r.ip,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

const COLS: &str = "seq, at_ms, actor_id, actor_name, action, target_kind, target_id, detail, ip, prev_hash, hash";

pub async fn head(c: &mut impl Exec) -> Result<(i64, String)> {
    q("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(c).await
}

/// Events after `after_seq` in order, at most `limit` (for verifying in batches).
pub async fn batch(c: &mut impl Exec, after_seq: i64, limit: i64) -> Result<Vec<AuditEvent>> {
    let rows: Vec<Row> = q(format!("SELECT {COLS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2"))
        .bind(after_seq)
        .bind(limit)
        .fetch_all(c)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    /// Action code or its prefix (`auth.` for every sign-in event).
    pub action: Option<String>,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

/// Newest first, filtered in SQL; returns the page and the total.
pub async fn list(c: &mut impl Exec, f: &AuditFilter) -> Result<(Vec<AuditEvent>, i64)> {
    let mut w = q(" FROM audit_events WHERE 1 = 1");
    if let Some(a) = f.actor.as_deref().filter(|s| !s.is_empty()) {
        let i = w.next_index();
        w = w.push(&format!(" AND (actor_name = ${i} OR actor_id = ${i})")).bind(a);
    }
    if let Some(a) = f.action.as_deref().filter(|s| !s.is_empty()) {
        w = w.push(" AND action LIKE ").push_arg(crate::prefix_pattern(a)).push(" ESCAPE '\\'");
    }
    if let Some(t) = f.target_id.as_deref().filter(|s| !s.is_empty()) {
        w = w.push(" AND target_id = ").push_arg(t);
    }
    if let Some(ip) = f.ip.as_deref().filter(|s| !s.is_empty()) {
        w = w.push(" AND ip = ").push_arg(ip);
    }
    if let Some(from) = f.from_ms {
        w = w.push(" AND at_ms >= ").push_arg(from);
    }
    if let Some(to) = f.to_ms {
        w = w.push(" AND at_ms < ").push_arg(to);
    }
    let (rows, total): (Vec<Row>, i64) =
        w.count_and_page(c, COLS, "seq DESC", f.limit.clamp(1, 100_000), f.offset).await?;
    Ok((rows.into_iter().map(Into::into).collect(), total))
}
