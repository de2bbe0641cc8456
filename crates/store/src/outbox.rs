//! The outbox (messages to channels outside the platform) and in-app notifications.
//!
//! A use case writes its messages in its own transaction; workers on any node claim due rows with
//! a lease, deliver them and record the outcome. `dedupe_key` is UNIQUE, so a cause that runs again
//! adds nothing.

use crate::{q, Backend, Db, Exec, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// `email`, `webhook` (or `inapp` for the record of an in-app notification).
    pub channel: String,
    /// The address or webhook name.
    pub target: String,
    pub subject: String,
    pub body: String,
    pub dedupe_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Message {
    pub id: String,
    pub channel: String,
    pub target: String,
    pub subject: String,
    pub body: String,
    pub dedupe_key: String,
    pub created_ms: i64,
    /// Claims so far, this one included: also the fencing token of the current lease.
    pub attempts: i64,
    pub next_attempt_ms: i64,
    pub locked_until_ms: i64,
    pub delivered_ms: Option<i64>,
    pub failed: bool,
    pub last_error: String,
}

const COLS: &str = "id, channel, target, subject, body, dedupe_key, created_ms, attempts, next_attempt_ms, \
                    locked_until_ms, delivered_ms, failed, last_error";

async fn insert(c: &mut impl Exec, m: &NewMessage, now: i64, delivered: Option<i64>) -> Result<bool> {
    let n = q(
        "INSERT INTO outbox (id, channel, target, subject, body, dedupe_key, created_ms, next_attempt_ms, delivered_ms)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(zs_domain::new_id())
    .bind(&m.channel)
    .bind(&m.target)
    .bind(&m.subject)
    .bind(&m.body)
    .bind(&m.dedupe_key)
    .bind(now)
    .bind(delivered)
    .execute(c)
    .await?;
    Ok(n == 1)
}

/// Queue a message, due now. False when its dedupe key was seen before (nothing is written).
pub async fn enqueue(c: &mut impl Exec, m: &NewMessage, now: i64) -> Result<bool> {
    insert(c, m, now, None).await
}

/// Record a message delivered on the spot (an in-app notification), so that its dedupe key guards
/// a re-run like any other message's. Workers never see it.
pub async fn enqueue_delivered(c: &mut impl Exec, m: &NewMessage, now: i64) -> Result<bool> {
    insert(c, m, now, Some(now)).await
}

/// The one backend difference of this module. PostgreSQL: another node's claim may be running,
/// so lock the chosen rows and skip those it holds. SQLite has a single writer connection, so the
/// statement inside a write transaction is atomic as it is.
fn claim_lock(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    }
}

/// Lease up to `limit` due messages for `lease_ms`: each claim bumps `attempts`, and no other
/// claim returns the row until the lease runs out or the outcome is recorded.
pub async fn claim(db: &Db, now: i64, limit: i64, lease_ms: i64) -> Result<Vec<Message>> {
    let mut tx = db.begin().await?;
    let sql = format!(
        "UPDATE outbox SET attempts = attempts + 1, locked_until_ms = $2
         WHERE id IN (SELECT id FROM outbox
                      WHERE delivered_ms IS NULL AND NOT failed AND next_attempt_ms <= $1 AND locked_until_ms <= $1
                      ORDER BY next_attempt_ms, id LIMIT $3{})
         RETURNING {COLS}",
        claim_lock(tx.backend())
    );
    let mut rows: Vec<Message> =
        q(sql).bind(now).bind(now.saturating_add(lease_ms.max(1))).bind(limit.max(1)).fetch_all(&mut tx).await?;
    tx.commit().await?;
    rows.sort_by(|a, b| (a.next_attempt_ms, &a.id).cmp(&(b.next_attempt_ms, &b.id)));
    Ok(rows)
}

/// Delivered: final, whoever holds the lease now (the message did arrive).
pub async fn delivered(c: &mut impl Exec, id: &str, now: i64) -> Result<bool> {
    let n = q("UPDATE outbox SET delivered_ms = $2, locked_until_ms = 0, last_error = '' WHERE id = $1 AND delivered_ms IS NULL")
        .bind(id)
        .bind(now)
        .execute(c)
        .await?;
    Ok(n == 1)
}

/// Try again at `next_attempt_ms`. Only the latest claim (`attempt` = its `attempts`) decides:
/// a worker whose lease ran out while another took the row changes nothing.
pub async fn retry_later(c: &mut impl Exec, id: &str, attempt: i64, error: &str, next_attempt_ms: i64) -> Result<bool> {
    let n = q("UPDATE outbox SET next_attempt_ms = $3, locked_until_ms = 0, last_error = $4
               WHERE id = $1 AND attempts = $2 AND delivered_ms IS NULL")
    .bind(id)
    .bind(attempt)
    .bind(next_attempt_ms)
    .bind(error)
    .execute(c)
    .await?;
    Ok(n == 1)
}

/// Stop trying (too many attempts, or an error that retrying cannot fix); fenced like `retry_later`.
pub async fn give_up(c: &mut impl Exec, id: &str, attempt: i64, error: &str) -> Result<bool> {
    let n = q("UPDATE outbox SET failed = $3, locked_until_ms = 0, last_error = $4
               WHERE id = $1 AND attempts = $2 AND delivered_ms IS NULL")
    .bind(id)
    .bind(attempt)
    .bind(true)
    .bind(error)
    .execute(c)
    .await?;
    Ok(n == 1)
}

/// Put a failed message back in the queue with fresh attempts (the administrator fixed the cause).
pub async fn requeue(c: &mut impl Exec, id: &str, now: i64) -> Result<bool> {
    let n = q("UPDATE outbox SET failed = $2, attempts = 0, next_attempt_ms = $3, locked_until_ms = 0
               WHERE id = $1 AND failed AND delivered_ms IS NULL")
    .bind(id)
    .bind(false)
    .bind(now)
    .execute(c)
    .await?;
    Ok(n == 1)
}

/// Messages still to be delivered (due or waiting for a retry).
pub async fn pending_count(c: &mut impl Exec) -> Result<i64> {
    let (n,): (i64,) = q("SELECT COUNT(*) FROM outbox WHERE delivered_ms IS NULL AND NOT failed").fetch_one(c).await?;
    Ok(n)
}

/// Given-up messages, newest first.
pub async fn failed(c: &mut impl Exec, limit: i64) -> Result<Vec<Message>> {
    q(format!("SELECT {COLS} FROM outbox WHERE failed ORDER BY created_ms DESC, id DESC LIMIT $1"))
        .bind(limit.clamp(1, 10_000))
        .fetch_all(c)
        .await
}

pub async fn get(c: &mut impl Exec, id: &str) -> Result<Option<Message>> {
    q(format!("SELECT {COLS} FROM outbox WHERE id = $1")).bind(id).fetch_optional(c).await
}

/// Who a notice goes to: the e-mail address and whether the account is active.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Recipient {
    pub id: String,
    pub email: String,
    pub active: bool,
}

/// The given users that exist, in no particular order.
pub async fn recipients(c: &mut impl Exec, user_ids: &[String]) -> Result<Vec<Recipient>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = q("SELECT id, email, active FROM users WHERE id IN (");
    for (i, id) in user_ids.iter().enumerate() {
        if i > 0 {
            sql = sql.push(", ");
        }
        sql = sql.push_arg(id);
    }
    sql.push(")").fetch_all(c).await
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Notification {
    pub id: String,
    pub user_id: String,
    pub title: String,
    pub body: String,
    /// Path inside the platform, e.g. `/tracking/…`.
    pub href: String,
    pub created_ms: i64,
    pub read_ms: Option<i64>,
}

pub async fn insert_notification(
    c: &mut impl Exec,
    user_id: &str,
    title: &str,
    body: &str,
    href: &str,
    now: i64,
) -> Result<String> {
    let id = zs_domain::new_id();
    q("INSERT INTO notifications (id, user_id, title, body, href, created_ms) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&id)
        .bind(user_id)
        .bind(title)
        .bind(body)
        .bind(href)
        .bind(now)
        .execute(c)
        .await?;
    Ok(id)
}

/// A user's notifications, newest first.
pub async fn notifications_of(
    c: &mut impl Exec,
    user_id: &str,
    unread_only: bool,
    limit: i64,
) -> Result<Vec<Notification>> {
    let unread = if unread_only { " AND read_ms IS NULL" } else { "" };
    q(format!(
        "SELECT id, user_id, title, body, href, created_ms, read_ms FROM notifications
         WHERE user_id = $1{unread} ORDER BY created_ms DESC, id DESC LIMIT $2"
    ))
    .bind(user_id)
    .bind(limit.clamp(1, 1_000))
    .fetch_all(c)
    .await
}

pub async fn unread_count(c: &mut impl Exec, user_id: &str) -> Result<i64> {
    let (n,): (i64,) = q("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_ms IS NULL")
        .bind(user_id)
        .fetch_one(c)
        .await?;
    Ok(n)
}

/// Mark one notification (`Some(id)`) or all of them (`None`) read; only the user's own.
/// Returns how many changed.
pub async fn mark_read(c: &mut impl Exec, user_id: &str, id: Option<&str>, now: i64) -> Result<u64> {
    let mut sql =
        q("UPDATE notifications SET read_ms = $2 WHERE user_id = $1 AND read_ms IS NULL").bind(user_id).bind(now);
    if let Some(id) = id {
        sql = sql.push(" AND id = ").push_arg(id);
    }
    sql.execute(c).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::both;

    fn msg(key: &str) -> NewMessage {
        NewMessage {
            channel: "webhook".into(),
            target: "县委办群".into(),
            subject: "督办提醒".into(),
            body: "请按时反馈".into(),
            dedupe_key: key.into(),
        }
    }

    both!(leases_and_fencing, |db: Db, _url: String| async move {
        let mut tx = db.begin().await.unwrap();
        assert!(enqueue(&mut tx, &msg("a"), 1_000).await.unwrap());
        assert!(!enqueue(&mut tx, &msg("a"), 1_000).await.unwrap(), "same key twice");
        assert!(enqueue(&mut tx, &msg("b"), 5_000).await.unwrap());
        assert!(enqueue_delivered(&mut tx, &NewMessage { channel: "inapp".into(), ..msg("c") }, 1_000).await.unwrap());
        tx.commit().await.unwrap();
        let mut c = db.conn().await.unwrap();
        assert_eq!(pending_count(&mut c).await.unwrap(), 2);

        let first = claim(&db, 2_000, 10, 60_000).await.unwrap();
        assert_eq!(first.iter().map(|m| m.dedupe_key.as_str()).collect::<Vec<_>>(), ["a"], "b is not due yet");
        assert_eq!((first[0].attempts, first[0].locked_until_ms), (1, 62_000));
        assert!(claim(&db, 10_000, 10, 60_000).await.unwrap().iter().all(|m| m.dedupe_key == "b"), "a is leased");

        // The lease on `a` runs out; a second worker takes it, and the first one's verdict is void.
        let second = claim(&db, 62_000, 10, 60_000).await.unwrap();
        let a2 = second.iter().find(|m| m.dedupe_key == "a").unwrap();
        assert_eq!(a2.attempts, 2);
        let mut tx = db.begin().await.unwrap();
        assert!(!retry_later(&mut tx, &a2.id, 1, "旧租约", 99_000).await.unwrap());
        assert!(retry_later(&mut tx, &a2.id, 2, "HTTP 500", 90_000).await.unwrap());
        tx.commit().await.unwrap();
        assert!(claim(&db, 80_000, 10, 60_000).await.unwrap().iter().all(|m| m.dedupe_key != "a"), "waits for retry");
        let third = claim(&db, 200_000, 10, 60_000).await.unwrap();
        let a3 = third.iter().find(|m| m.dedupe_key == "a").unwrap();
        assert_eq!((a3.attempts, a3.last_error.as_str()), (3, "HTTP 500"));

        let mut tx = db.begin().await.unwrap();
        assert!(delivered(&mut tx, &a3.id, 200_500).await.unwrap());
        assert!(!give_up(&mut tx, &a3.id, 3, "太迟").await.unwrap(), "delivered stays delivered");
        let b = third.iter().find(|m| m.dedupe_key == "b").unwrap();
        assert!(give_up(&mut tx, &b.id, b.attempts, "地址无效").await.unwrap());
        tx.commit().await.unwrap();

        let mut c = db.conn().await.unwrap();
        assert_eq!(pending_count(&mut c).await.unwrap(), 0);
        let failed_rows = failed(&mut c, 10).await.unwrap();
        assert_eq!(failed_rows.len(), 1);
        assert_eq!((failed_rows[0].dedupe_key.as_str(), failed_rows[0].last_error.as_str()), ("b", "地址无效"));
        assert!(claim(&db, i64::MAX / 2, 10, 1).await.unwrap().is_empty());

        let mut tx = db.begin().await.unwrap();
        assert!(requeue(&mut tx, &b.id, 300_000).await.unwrap());
        tx.commit().await.unwrap();
        let again = claim(&db, 300_000, 10, 1).await.unwrap();
        assert_eq!((again.len(), again[0].attempts), (1, 1));
        assert_eq!(get(&mut c, &b.id).await.unwrap().unwrap().attempts, 1);
    });
}
