//! Sessions, API tokens and the sign-in throttle. Secrets are stored only as SHA-256 hashes.

use crate::{q, Exec, Result};

/// Count one failed sign-in for `username`; returns the failures counted so far.
pub async fn throttle_fail(c: &mut impl Exec, username: &str, now: i64) -> Result<i64> {
    let (n,): (i64,) =
        q("INSERT INTO login_throttle (username, failures, locked_until_ms, last_failure_ms) VALUES ($1, 1, 0, $2)
         ON CONFLICT (username) DO UPDATE SET failures = login_throttle.failures + 1, last_failure_ms = $2
         RETURNING failures")
        .bind(username)
        .bind(now)
        .fetch_one(c)
        .await?;
    Ok(n)
}

pub async fn throttle_lock(c: &mut impl Exec, username: &str, until_ms: i64) -> Result<()> {
    q("UPDATE login_throttle SET failures = 0, locked_until_ms = $2 WHERE username = $1")
        .bind(username)
        .bind(until_ms)
        .execute(c)
        .await?;
    Ok(())
}

/// Until when this name is locked (0 when it is not).
pub async fn throttle_locked_until(c: &mut impl Exec, username: &str) -> Result<i64> {
    let row: Option<(i64,)> =
        q("SELECT locked_until_ms FROM login_throttle WHERE username = $1").bind(username).fetch_optional(c).await?;
    Ok(row.map(|r| r.0).unwrap_or(0))
}

pub async fn throttle_clear(c: &mut impl Exec, username: &str) -> Result<()> {
    q("DELETE FROM login_throttle WHERE username = $1").bind(username).execute(c).await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: String,
    pub csrf: String,
    pub created_ms: i64,
    pub last_seen_ms: i64,
}

pub async fn insert_session(
    c: &mut impl Exec,
    id_hash: &str,
    user_id: &str,
    csrf: &str,
    now: i64,
    ip: &str,
    user_agent: &str,
) -> Result<()> {
    q("INSERT INTO sessions (id_hash, user_id, csrf, created_ms, last_seen_ms, ip, user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6)")
        .bind(id_hash)
        .bind(user_id)
        .bind(csrf)
        .bind(now)
        .bind(ip)
        .bind(user_agent)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn get_session(c: &mut impl Exec, id_hash: &str) -> Result<Option<SessionRow>> {
    q("SELECT user_id, csrf, created_ms, last_seen_ms FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .fetch_optional(c)
        .await
}

pub async fn touch_session(c: &mut impl Exec, id_hash: &str, now: i64) -> Result<()> {
    q("UPDATE sessions SET last_seen_ms = $2 WHERE id_hash = $1").bind(id_hash).bind(now).execute(c).await?;
    Ok(())
}

pub async fn delete_session(c: &mut impl Exec, id_hash: &str) -> Result<u64> {
    q("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(c).await
}

/// Sign a user out everywhere (password change, deactivation).
pub async fn delete_sessions_of(c: &mut impl Exec, user_id: &str, except: Option<&str>) -> Result<u64> {
    q("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(user_id)
        .bind(except.unwrap_or(""))
        .execute(c)
        .await
}

pub async fn purge_sessions(c: &mut impl Exec, idle_before_ms: i64, created_before_ms: i64) -> Result<u64> {
    q("DELETE FROM sessions WHERE last_seen_ms < $1 OR created_ms < $2")
        .bind(idle_before_ms)
        .bind(created_before_ms)
        .execute(c)
        .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub scope: String,
    pub created_ms: i64,
    pub last_used_ms: Option<i64>,
    pub revoked_ms: Option<i64>,
}

const TOKEN_COLS: &str = "id, user_id, name, scope, created_ms, last_used_ms, revoked_ms";

pub async fn insert_token(c: &mut impl Exec, t: &TokenRow, token_hash: &str) -> Result<()> {
    q("INSERT INTO api_tokens (id, user_id, name, token_hash, scope, created_ms) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&t.id)
        .bind(&t.user_id)
        .bind(&t.name)
        .bind(token_hash)
        .bind(&t.scope)
        .bind(t.created_ms)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn tokens_of(c: &mut impl Exec, user_id: &str) -> Result<Vec<TokenRow>> {
    q(format!("SELECT {TOKEN_COLS} FROM api_tokens WHERE user_id = $1 ORDER BY created_ms DESC"))
        .bind(user_id)
        .fetch_all(c)
        .await
}

pub async fn token_by_hash(c: &mut impl Exec, token_hash: &str) -> Result<Option<TokenRow>> {
    q(format!("SELECT {TOKEN_COLS} FROM api_tokens WHERE token_hash = $1")).bind(token_hash).fetch_optional(c).await
}

pub async fn touch_token(c: &mut impl Exec, id: &str, now: i64) -> Result<()> {
    q("UPDATE api_tokens SET last_used_ms = $2 WHERE id = $1").bind(id).bind(now).execute(c).await?;
    Ok(())
}

/// Revoke a token of this user; returns whether one was revoked.
pub async fn revoke_token(c: &mut impl Exec, user_id: &str, id: &str, now: i64) -> Result<bool> {
    let n = q("UPDATE api_tokens SET revoked_ms = $3 WHERE id = $1 AND user_id = $2 AND revoked_ms IS NULL")
        .bind(id)
        .bind(user_id)
        .bind(now)
        .execute(c)
        .await?;
    Ok(n == 1)
}
