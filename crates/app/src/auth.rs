//! Sign-in, sessions, password changes and API tokens.

use crate::audit::{record, Actor};
use crate::{App, AppError, Result};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};
use zs_domain::{Role, Subject, User};
use zs_store::{auth as store, org};

/// Same words whether the name is unknown or the password wrong: they must not tell which.
pub const BAD_CREDENTIALS: &str = "用户名或密码错误。";

/// Who is making this request, as established by a session cookie or an API token.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: User,
    pub subject: Subject,
    pub unit_name: String,
    /// The organ the person works for: their unit, or for a 科室 the office it belongs to. Documents
    /// belong to organs.
    pub organ_id: String,
    pub must_change_password: bool,
    pub session: Option<SessionRef>,
    /// For API tokens: may this token change things?
    pub can_write: bool,
    pub ip: String,
}

#[derive(Debug, Clone)]
pub struct SessionRef {
    pub id_hash: String,
    pub csrf: String,
}

impl Principal {
    /// `zs_domain::decide` as a result: the refusal's reason becomes a 403.
    pub fn require(&self, a: zs_domain::Action<'_>) -> Result<()> {
        match zs_domain::decide(&self.subject, &a) {
            zs_domain::Decision::Allow => Ok(()),
            zs_domain::Decision::Deny(r) => Err(AppError::Denied(r)),
        }
    }

    pub fn actor(&self) -> Actor {
        let user_id = Some(self.user.id.clone()).filter(|id| !id.is_empty());
        Actor { user_id, name: self.user.name.clone(), ip: self.ip.clone() }
    }

    /// The operator at the server's console (`zhongshu user …`): acts as a system administrator,
    /// is recorded as 命令行, and has no account of its own.
    pub fn console() -> Principal {
        let user = User {
            id: String::new(),
            username: String::new(),
            name: "命令行".into(),
            unit_id: String::new(),
            position: String::new(),
            phone: String::new(),
            email: String::new(),
            clearance: zs_domain::Classification::Public,
            active: true,
            roles: vec![Role::Sysadmin],
        };
        Principal {
            subject: Subject {
                user_id: String::new(),
                unit_id: String::new(),
                office_member: true,
                roles: user.roles.clone(),
                clearance: user.clearance,
            },
            user,
            unit_name: String::new(),
            organ_id: String::new(),
            must_change_password: false,
            session: None,
            can_write: true,
            ip: "local".into(),
        }
    }
    pub fn has(&self, role: Role) -> bool {
        self.user.roles.contains(&role)
    }
}

/// A new session: the cookie value (given to the browser once, stored only hashed) and its CSRF token.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf: String,
}

pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

pub fn random_token(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// argon2id with the crate's defaults (19 MiB, 2 passes).
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 hashing with valid params").to_string()
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
}

/// Hashing is deliberately slow; keep it off the async workers.
async fn verify_blocking(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match hash {
        Some(h) => verify_password(&password, &h),
        None => {
            // Spend the same time on unknown names so timing tells nothing either.
            let _ = verify_password(&password, DUMMY_HASH);
            false
        }
    })
    .await
    .unwrap_or(false)
}

const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2a5zWtnvbC8WoNTbzq39xhaaeH1UbxiRBWWlO1KBSoo";

impl App {
    pub async fn sign_in(&self, username: &str, password: &str, ip: &str, user_agent: &str) -> Result<NewSession> {
        let name = username.trim().to_lowercase();
        let now = self.now_ms();
        let mut c = self.db.conn().await?;
        let locked_until = store::throttle_locked_until(&mut c, &name).await?;
        if locked_until > now {
            let minutes = ((locked_until - now + 59_999) / 60_000).max(1);
            return Err(AppError::TooManyAttempts(format!("登录失败次数过多，请{minutes}分钟后再试。")));
        }
        let cred = org::credentials(&mut c, &name).await?.filter(|c| c.user.active);
        drop(c);
        let ok = verify_blocking(password.to_string(), cred.as_ref().map(|c| c.password_hash.clone())).await;
        let mut tx = self.db.begin().await?;
        let Some(cred) = cred.filter(|_| ok) else {
            let failures = store::throttle_fail(&mut tx, &name, now).await?;
            let actor = Actor { user_id: None, name: name.chars().take(40).collect(), ip: ip.into() };
            let detail = format!("登录失败（第{failures}次）");
            record(&mut tx, &actor, "auth.sign_in_failed", "user", &name, &detail, now).await?;
            if failures >= self.config.lockout_threshold {
                store::throttle_lock(&mut tx, &name, now + self.config.lockout_minutes * 60_000).await?;
                record(&mut tx, &actor, "auth.locked", "user", &name, "连续登录失败，账户临时锁定", now).await?;
            }
            tx.commit().await?;
            return Err(AppError::Unauthenticated(BAD_CREDENTIALS.into()));
        };
        store::throttle_clear(&mut tx, &name).await?;
        let session = NewSession { token: random_token(32), csrf: random_token(16) };
        let ua: String = user_agent.chars().take(200).collect();
        store::insert_session(&mut tx, &hash_secret(&session.token), &cred.user.id, &session.csrf, now, ip, &ua)
            .await?;
        let actor = Actor { user_id: Some(cred.user.id.clone()), name: cred.user.name.clone(), ip: ip.into() };
        record(&mut tx, &actor, "auth.sign_in", "user", &cred.user.id, "登录", now).await?;
        tx.commit().await?;
        Ok(session)
    }

    pub async fn sign_out(&self, p: &Principal) -> Result<()> {
        let Some(s) = &p.session else { return Ok(()) };
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        store::delete_session(&mut tx, &s.id_hash).await?;
        record(&mut tx, &p.actor(), "auth.sign_out", "user", &p.user.id, "退出登录", now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The principal behind a session cookie, or why there is none.
    pub async fn session_principal(&self, token: &str, ip: &str) -> Result<Principal> {
        let id_hash = hash_secret(token);
        let now = self.now_ms();
        let mut c = self.db.conn().await?;
        let s = store::get_session(&mut c, &id_hash)
            .await?
            .ok_or_else(|| AppError::Unauthenticated("请先登录。".into()))?;
        let idle = now - s.last_seen_ms > self.config.session_idle_minutes * 60_000;
        let old = now - s.created_ms > self.config.session_max_hours * 3_600_000;
        if idle || old {
            drop(c);
            let mut tx = self.db.begin().await?;
            store::delete_session(&mut tx, &id_hash).await?;
            tx.commit().await?;
            return Err(AppError::Unauthenticated("登录已超时，请重新登录。".into()));
        }
        let mut p = self.principal_of(&mut c, &s.user_id, ip).await?;
        drop(c);
        // Sliding expiry without a write per request: refresh at most once a minute.
        if now - s.last_seen_ms > 60_000 {
            let mut tx = self.db.begin().await?;
            store::touch_session(&mut tx, &id_hash, now).await?;
            tx.commit().await?;
        }
        p.session = Some(SessionRef { id_hash, csrf: s.csrf });
        p.can_write = true;
        Ok(p)
    }

    /// The principal behind an API bearer token.
    pub async fn token_principal(&self, token: &str, ip: &str) -> Result<Principal> {
        let mut c = self.db.conn().await?;
        let t = store::token_by_hash(&mut c, &hash_secret(token))
            .await?
            .filter(|t| t.revoked_ms.is_none())
            .ok_or_else(|| AppError::Unauthenticated("API 令牌无效或已撤销。".into()))?;
        let mut p = self.principal_of(&mut c, &t.user_id, ip).await?;
        drop(c);
        let now = self.now_ms();
        if t.last_used_ms.is_none_or(|last| now - last > 60_000) {
            let mut tx = self.db.begin().await?;
            store::touch_token(&mut tx, &t.id, now).await?;
            tx.commit().await?;
        }
        p.can_write = t.scope.split(',').any(|s| s == "write");
        Ok(p)
    }

    /// A demo account acting from the server's console (demo data is made through the real use cases).
    pub(crate) async fn demo_principal(&self, username: &str) -> Result<Principal> {
        let mut c = self.db.conn().await?;
        let cred = org::credentials(&mut c, username)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("演示账户 {username} 不存在。")))?;
        let mut p = self.principal_of(&mut c, &cred.user.id, "local").await?;
        p.can_write = true;
        Ok(p)
    }

    async fn principal_of(&self, c: &mut zs_store::Conn, user_id: &str, ip: &str) -> Result<Principal> {
        let cred_user = org::get_user(c, user_id).await?.filter(|u| u.active);
        let user = cred_user.ok_or_else(|| AppError::Unauthenticated("账户已停用，请联系系统管理员。".into()))?;
        let unit = org::get_unit(c, &user.unit_id).await?;
        let must_change = org::must_change_password(c, user_id).await?;
        let office_member = unit.as_ref().is_some_and(|u| u.kind.is_office());
        let organ_id = match &unit {
            Some(u) if u.kind == zs_domain::UnitKind::Section => u.parent_id.clone().unwrap_or_else(|| u.id.clone()),
            Some(u) => u.id.clone(),
            None => user.unit_id.clone(),
        };
        Ok(Principal {
            subject: Subject {
                user_id: user.id.clone(),
                unit_id: user.unit_id.clone(),
                office_member,
                roles: user.roles.clone(),
                clearance: user.clearance,
            },
            unit_name: unit.map(|u| u.name).unwrap_or_default(),
            organ_id,
            must_change_password: must_change,
            user,
            session: None,
            can_write: false,
            ip: ip.into(),
        })
    }

    pub async fn change_password(&self, p: &Principal, current: &str, new: &str, confirm: &str) -> Result<()> {
        if new != confirm {
            return Err(zs_domain::Invalid::field("confirm", "两次输入的新密码不一致。").into());
        }
        zs_domain::text::password(new)?;
        if new == current {
            return Err(zs_domain::Invalid::field("password", "新密码不能与原密码相同。").into());
        }
        let mut c = self.db.conn().await?;
        let hash = org::password_hash(&mut c, &p.user.id).await?;
        drop(c);
        if !verify_blocking(current.to_string(), hash).await {
            return Err(zs_domain::Invalid::field("current", "原密码不正确。").into());
        }
        let new_hash = tokio::task::spawn_blocking({
            let new = new.to_string();
            move || hash_password(&new)
        })
        .await
        .map_err(|e| AppError::Config(e.to_string()))?;
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        org::set_password(&mut tx, &p.user.id, &new_hash, false, now).await?;
        // Other sessions end: whoever knew the old password is out.
        let keep = p.session.as_ref().map(|s| s.id_hash.as_str());
        store::delete_sessions_of(&mut tx, &p.user.id, keep).await?;
        record(&mut tx, &p.actor(), "auth.password_change", "user", &p.user.id, "修改密码", now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn list_tokens(&self, p: &Principal) -> Result<Vec<store::TokenRow>> {
        let mut c = self.db.conn().await?;
        Ok(store::tokens_of(&mut c, &p.user.id).await?)
    }

    /// Create an API token; the secret is returned once and stored only hashed.
    pub async fn create_token(&self, p: &Principal, name: &str, write: bool) -> Result<(store::TokenRow, String)> {
        let name = zs_domain::text::required("name", "令牌名称", name, 40)?;
        let secret = format!("zs_{}", random_token(24));
        let now = self.now_ms();
        let row = store::TokenRow {
            id: zs_domain::new_id(),
            user_id: p.user.id.clone(),
            name,
            scope: if write { "read,write".into() } else { "read".into() },
            created_ms: now,
            last_used_ms: None,
            revoked_ms: None,
        };
        let mut tx = self.db.begin().await?;
        store::insert_token(&mut tx, &row, &hash_secret(&secret)).await?;
        let detail = format!("创建 API 令牌“{}”（{}）", row.name, if write { "读写" } else { "只读" });
        record(&mut tx, &p.actor(), "token.create", "api_token", &row.id, &detail, now).await?;
        tx.commit().await?;
        Ok((row, secret))
    }

    pub async fn revoke_token(&self, p: &Principal, id: &str) -> Result<()> {
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        if !store::revoke_token(&mut tx, &p.user.id, id, now).await? {
            return Err(AppError::NotFound("没有找到这个令牌，或它已被撤销。".into()));
        }
        record(&mut tx, &p.actor(), "token.revoke", "api_token", id, "撤销 API 令牌", now).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dummy_hash_is_valid_argon2() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        let h = hash_password("Zhongshu@2026");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("Zhongshu@2026", &h));
        assert!(!verify_password("zhongshu@2026", &h));
    }
}
