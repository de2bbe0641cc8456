//! Recording to and reading from the audit trail.

use crate::{App, Principal, Result};
use zs_domain::audit::{AuditEvent, ChainFault, ChainVerifier};
use zs_domain::{Action, Classification};
use zs_store::audit::{self as store, AuditFilter, NewEvent};
use zs_store::{Exec, Tx};

/// Who did it, for the record.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<String>,
    pub name: String,
    pub ip: String,
}

impl Actor {
    /// Operations run from the command line on the server itself.
    pub fn cli() -> Actor {
        Actor { user_id: None, name: "命令行".into(), ip: "local".into() }
    }
}

/// Append one event in the caller's transaction.
pub async fn record(
    tx: &mut impl Exec,
    actor: &Actor,
    action: &str,
    target_kind: &str,
    target_id: &str,
    detail: &str,
    now: i64,
) -> Result<()> {
    let ev = NewEvent {
        actor_id: actor.user_id.clone(),
        actor_name: actor.name.clone(),
        action: action.into(),
        target_kind: target_kind.into(),
        target_id: target_id.into(),
        detail: detail.into(),
        ip: actor.ip.clone(),
    };
    store::append(tx, ev, now).await?;
    Ok(())
}

/// The outcome of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub checked: i64,
    pub fault: Option<ChainFault>,
}

/// Column titles of the audit export.
pub const EXPORT_HEADERS: [&str; 8] = ["序号", "时间", "操作人", "操作", "对象类型", "对象", "详情", "来源地址"];

impl App {
    fn may_read_audit(&self, p: &Principal) -> Result<()> {
        p.require(Action::ReadAudit)
    }

    pub async fn audit_list(&self, p: &Principal, f: &AuditFilter) -> Result<(Vec<AuditEvent>, i64)> {
        self.may_read_audit(p)?;
        let mut c = self.db.conn().await?;
        Ok(store::list(&mut c, f).await?)
    }

    /// The filtered trail as .xlsx (at most 100,000 rows per file); the export itself is audited.
    pub async fn audit_export(&self, p: &Principal, f: &AuditFilter) -> Result<Vec<u8>> {
        self.may_read_audit(p)?;
        let mut c = self.db.conn().await?;
        let (events, total) = store::list(&mut c, &AuditFilter { limit: 100_000, offset: 0, ..f.clone() }).await?;
        drop(c);
        let rows: Vec<Vec<String>> = events
            .iter()
            .map(|e| {
                vec![
                    e.seq.to_string(),
                    zs_domain::time::format_ms(e.at_ms),
                    e.actor_name.clone(),
                    e.action.clone(),
                    e.target_kind.clone(),
                    e.target_id.clone(),
                    e.detail.clone(),
                    e.ip.clone(),
                ]
            })
            .collect();
        let title = format!("审计日志（{}导出，共{}条）", zs_domain::time::format_ms(self.now_ms()), total);
        let bytes = zs_office::write_xlsx(&[zs_office::SheetOut {
            name: "审计日志",
            title: Some(&title),
            headers: &EXPORT_HEADERS,
            rows: &rows,
        }])?;
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        record(&mut tx, &p.actor(), "audit.export", "audit", "", &format!("导出审计日志{}条", rows.len()), now).await?;
        tx.commit().await?;
        Ok(bytes)
    }

    /// Walk the whole chain in batches without recording anything (四性检测's 安全性 reads it too).
    pub(crate) async fn walk_chain(&self) -> Result<Verification> {
        let mut c = self.db.conn().await?;
        let mut v = ChainVerifier::default();
        let mut after = 0;
        let fault = loop {
            let batch = store::batch(&mut c, after, 5_000).await?;
            if batch.is_empty() {
                let (seq, hash) = store::head(&mut c).await?;
                break v.finish(seq, &hash).err();
            }
            if let Some(f) = batch.iter().find_map(|e| v.feed(e).err()) {
                break Some(f);
            }
            after = batch.last().map(|e| e.seq).unwrap_or(after);
        };
        Ok(Verification { checked: v.checked, fault })
    }

    /// Verify the chain and record that it was verified. Callable by the auditor (page) or from the CLI (no
    /// principal).
    pub async fn audit_verify(&self, p: Option<&Principal>) -> Result<Verification> {
        if let Some(p) = p {
            self.may_read_audit(p)?;
        }
        let result = self.walk_chain().await?;
        let now = self.now_ms();
        let actor = p.map(Principal::actor).unwrap_or_else(Actor::cli);
        let detail = match &result.fault {
            None => format!("审计链校验通过，共{}条", result.checked),
            Some(f) => format!("审计链校验发现问题：{f}"),
        };
        let mut tx = self.db.begin().await?;
        record(&mut tx, &actor, "audit.verify", "audit", "", &detail, now).await?;
        zs_store::settings::put(&mut tx, "audit.last_verified_ms", &now.to_string()).await?;
        tx.commit().await?;
        Ok(result)
    }

    /// Note that someone opened 内部 or 工作秘密 material (DESIGN §1: every read is audited).
    pub async fn record_open(
        &self,
        tx: &mut Tx,
        p: &Principal,
        kind: &str,
        id: &str,
        level: Classification,
    ) -> Result<()> {
        if level.read_is_audited() {
            let detail = format!("查阅{}级材料", level.label());
            record(tx, &p.actor(), "record.open", kind, id, &detail, self.now_ms()).await?;
        }
        Ok(())
    }
}
