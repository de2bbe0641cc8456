//! Notifications: the in-app list, e-mail and group robots.
//!
//! A use case calls [`App::notify`] inside its own transaction: the in-app rows and the outbox rows
//! commit or roll back with the change that caused them. [`App::deliver_outbox`] (run by the worker
//! on every node) sends what is due. Each message is delivered at least once and, short of a crash
//! between the remote end accepting it and the outcome being recorded, exactly once.

use crate::audit::record;
use crate::{App, AppError, Principal, Result};
use std::time::Duration;
use zs_domain::{Action, Invalid};
use zs_notify::{webhook, Content, NotifyError};
use zs_store::outbox::{self as store, NewMessage};
use zs_store::Tx;

pub use crate::config::{NotifyConfig, WebhookConfig};
pub use zs_notify::{SmtpConfig, Webhook, WebhookKind};
pub use zs_store::outbox::{Message, Notification};

/// Outbox channels.
pub const EMAIL: &str = "email";
pub const WEBHOOK: &str = "webhook";
/// Not sent by a worker: recorded as delivered, so that its dedupe key stops a second copy.
pub const IN_APP: &str = "inapp";

/// Something people should hear about.
#[derive(Debug, Clone, Default)]
pub struct Notice {
    pub user_ids: Vec<String>,
    /// The unit the notice concerns; webhooks limited to some units receive only theirs.
    pub unit_id: Option<String>,
    pub title: String,
    pub body: String,
    /// Path inside the platform (`/tracking/…`); messages outside link to `base_url` + `href`.
    pub href: String,
    /// Names the cause (e.g. `tracking:{item}:due-3`): the same cause never notifies twice.
    pub dedupe: String,
}

/// What one delivery run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub delivered: usize,
    /// Failed this time; due again later.
    pub retried: usize,
    /// Given up: too many attempts, or an error that retrying cannot fix.
    pub failed: usize,
}

/// Messages claimed at a time.
const BATCH: i64 = 10;
/// A run stops after this many batches, so one call cannot run for ever.
const MAX_BATCHES: usize = 50;
/// The longest one message may take, whatever the transport's own timeouts add up to.
const PER_MESSAGE: Duration = Duration::from_secs(60);
/// Outlives a batch delivered one by one, so no other node takes a message still being sent.
const LEASE_MS: i64 = (BATCH + 1) * PER_MESSAGE.as_millis() as i64;
/// Limit on each SMTP reply and on each HTTP request.
const TRANSPORT_TIMEOUT: Duration = Duration::from_secs(20);

/// Wait before the next attempt, after `attempts` attempts: 30 s, 1 min, 2 min, … at most 1 h.
pub fn backoff_ms(attempts: i64) -> i64 {
    let doublings = attempts.clamp(1, 20) - 1;
    (30_000i64 << doublings).min(3_600_000)
}

/// Why one message was not delivered.
struct Failure {
    text: String,
    permanent: bool,
}

impl From<NotifyError> for Failure {
    fn from(e: NotifyError) -> Self {
        Failure { permanent: e.is_permanent(), text: e.to_string() }
    }
}

impl App {
    /// Record a notice in the caller's transaction: one in-app notification per active user, one
    /// e-mail per user with an address (when SMTP is configured), one post per webhook that takes
    /// this unit. Dedupe keys are `{dedupe}:{channel}:{target}`, so a re-run adds nothing.
    pub async fn notify(&self, tx: &mut Tx, n: &Notice) -> Result<()> {
        let title: String =
            zs_domain::text::clean(&n.title).chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let body = zs_domain::text::clean(&n.body);
        let dedupe = n.dedupe.trim();
        if title.is_empty() || dedupe.is_empty() {
            return Err(Invalid::new("通知缺少标题或去重键。").into());
        }
        let cfg = &self.config.notify;
        let href = n.href.trim();
        let link = match href {
            "" => None,
            h if h.starts_with("http://") || h.starts_with("https://") => Some(h.to_string()),
            h if h.starts_with('/') => Some(format!("{}{h}", cfg.base_url)),
            h => Some(format!("{}/{h}", cfg.base_url)),
        };
        let stored = Content { subject: title.clone(), body: body.clone(), link }.stored_body();
        let now = self.now_ms();
        let message = |channel: &str, target: &str, body: &str| NewMessage {
            channel: channel.into(),
            target: target.into(),
            subject: title.clone(),
            body: body.into(),
            dedupe_key: format!("{dedupe}:{channel}:{target}"),
        };

        let mut ids: Vec<String> = n.user_ids.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        ids.sort();
        ids.dedup();
        let found = store::recipients(tx, &ids).await?;
        if let Some(missing) = ids.iter().find(|id| !found.iter().any(|r| &r.id == *id)) {
            return Err(AppError::NotFound(format!("通知的接收人不存在（用户 {missing}）。")));
        }
        for r in found.iter().filter(|r| r.active) {
            if store::enqueue_delivered(tx, &message(IN_APP, &r.id, ""), now).await? {
                store::insert_notification(tx, &r.id, &title, &body, href, now).await?;
            }
            if cfg.smtp.is_some() && !r.email.trim().is_empty() {
                store::enqueue(tx, &message(EMAIL, r.email.trim(), &stored), now).await?;
            }
        }

        if !cfg.webhooks.is_empty() {
            let unit_name = match n.unit_id.as_deref().filter(|u| !u.is_empty()) {
                Some(id) => zs_store::org::get_unit(tx, id).await?.map(|u| u.name),
                None => None,
            };
            for w in &cfg.webhooks {
                let takes = w.units.is_empty() || unit_name.as_ref().is_some_and(|u| w.units.contains(u));
                if takes {
                    store::enqueue(tx, &message(WEBHOOK, &w.webhook.name, &stored), now).await?;
                }
            }
        }
        Ok(())
    }

    /// Send what is due now. Safe to run on several nodes at once: each message is leased to one.
    pub async fn deliver_outbox(&self) -> Result<DeliveryReport> {
        self.deliver_outbox_at(self.now_ms()).await
    }

    /// [`App::deliver_outbox`] as if it were `now` (tests move time forward instead of waiting).
    pub async fn deliver_outbox_at(&self, now: i64) -> Result<DeliveryReport> {
        let mut report = DeliveryReport::default();
        let mut http: Option<webhook::HttpClient> = None;
        for _ in 0..MAX_BATCHES {
            let batch = store::claim(&self.db, now, BATCH, LEASE_MS).await?;
            for m in &batch {
                let outcome = match tokio::time::timeout(PER_MESSAGE, self.deliver_one(m, &mut http, now)).await {
                    Ok(r) => r,
                    Err(_) => Err(Failure {
                        text: format!("发送超时（超过 {} 秒）", PER_MESSAGE.as_secs()),
                        permanent: false,
                    }),
                };
                self.record_outcome(m, outcome, now, &mut report).await?;
            }
            if (batch.len() as i64) < BATCH {
                break;
            }
        }
        Ok(report)
    }

    async fn deliver_one(
        &self,
        m: &Message,
        http: &mut Option<webhook::HttpClient>,
        now: i64,
    ) -> std::result::Result<(), Failure> {
        let cfg = &self.config.notify;
        match m.channel.as_str() {
            EMAIL => {
                let Some(smtp) = &cfg.smtp else {
                    return Err(Failure {
                        text: "未配置邮件服务器（[notify] smtp_host）".into(), permanent: true
                    });
                };
                let smtp = zs_notify::SmtpConfig { timeout: TRANSPORT_TIMEOUT, ..smtp.clone() };
                let body = format!("{}\n\n——\n此邮件由中枢系统自动发送，请勿直接回复。", m.body);
                Ok(zs_notify::smtp::send(&smtp, &m.target, &m.subject, &body, now).await?)
            }
            WEBHOOK => {
                let Some(w) = cfg.webhooks.iter().find(|w| w.webhook.name == m.target) else {
                    return Err(Failure {
                        text: format!("配置中已没有名为“{}”的 webhook", m.target), permanent: true
                    });
                };
                let client = match http {
                    Some(c) => c,
                    None => http.insert(webhook::client(TRANSPORT_TIMEOUT)?),
                };
                let content = Content::from_stored(&m.subject, &m.body);
                Ok(webhook::post(client, &w.webhook, &content, now).await?)
            }
            other => Err(Failure { text: format!("未知的发送渠道“{other}”"), permanent: true }),
        }
    }

    async fn record_outcome(
        &self,
        m: &Message,
        outcome: std::result::Result<(), Failure>,
        now: i64,
        report: &mut DeliveryReport,
    ) -> Result<()> {
        let mut tx = self.db.begin().await?;
        let (changed, what) = match outcome {
            Ok(()) => {
                report.delivered += 1;
                (store::delivered(&mut tx, &m.id, now).await?, "delivered")
            }
            Err(f) if f.permanent || m.attempts >= self.config.notify.max_attempts => {
                report.failed += 1;
                tracing::warn!(id = %m.id, channel = %m.channel, target = %m.target, attempts = m.attempts,
                    error = %f.text, "notification given up");
                (store::give_up(&mut tx, &m.id, m.attempts, &f.text).await?, "given up")
            }
            Err(f) => {
                report.retried += 1;
                let next = now + backoff_ms(m.attempts);
                tracing::info!(id = %m.id, channel = %m.channel, target = %m.target, attempts = m.attempts,
                    next_attempt_ms = next, error = %f.text, "notification will be retried");
                (store::retry_later(&mut tx, &m.id, m.attempts, &f.text, next).await?, "retry")
            }
        };
        tx.commit().await?;
        if !changed {
            // Our lease ran out and another node took the message; its outcome stands.
            tracing::warn!(id = %m.id, attempts = m.attempts, outcome = what, "outbox outcome not recorded: lease lost");
        }
        Ok(())
    }

    /// Deliver every `every` until the runtime stops; errors are logged, not fatal.
    pub fn spawn_outbox_worker(&self, every: Duration) -> tokio::task::JoinHandle<()> {
        let app = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                match app.deliver_outbox().await {
                    Ok(r) if r != DeliveryReport::default() => {
                        tracing::info!(delivered = r.delivered, retried = r.retried, failed = r.failed, "outbox run");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "outbox run failed"),
                }
            }
        })
    }
}

/// The signed-in person's own notifications. Marking read is not audited: it changes nothing
/// but the person's own list, and would bury the trail.
impl App {
    pub async fn notifications(&self, p: &Principal, unread_only: bool) -> Result<Vec<Notification>> {
        if p.user.id.is_empty() {
            return Ok(Vec::new());
        }
        let mut c = self.db.conn().await?;
        Ok(store::notifications_of(&mut c, &p.user.id, unread_only, 200).await?)
    }

    pub async fn unread_count(&self, p: &Principal) -> Result<i64> {
        if p.user.id.is_empty() {
            return Ok(0);
        }
        let mut c = self.db.conn().await?;
        Ok(store::unread_count(&mut c, &p.user.id).await?)
    }

    /// Mark one (`Some(id)`) or all of the person's notifications read; returns how many changed.
    pub async fn mark_read(&self, p: &Principal, id: Option<&str>) -> Result<u64> {
        if p.user.id.is_empty() {
            return Ok(0);
        }
        let mut tx = self.db.begin().await?;
        let n = store::mark_read(&mut tx, &p.user.id, id, self.now_ms()).await?;
        tx.commit().await?;
        Ok(n)
    }
}

/// The administrator's view of the outbox.
impl App {
    fn may_manage_outbox(&self, p: &Principal) -> Result<()> {
        p.require(Action::ManageSettings)
    }

    /// Messages waiting (due or to be retried) and the latest given-up ones.
    pub async fn outbox_status(&self, p: &Principal, limit: i64) -> Result<(i64, Vec<Message>)> {
        self.may_manage_outbox(p)?;
        let mut c = self.db.conn().await?;
        let pending = store::pending_count(&mut c).await?;
        Ok((pending, store::failed(&mut c, limit).await?))
    }

    /// Send a given-up message again (after the cause was fixed).
    pub async fn outbox_requeue(&self, p: &Principal, id: &str) -> Result<()> {
        self.may_manage_outbox(p)?;
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        let Some(m) = store::get(&mut tx, id).await? else {
            return Err(AppError::NotFound("没有这条待发消息。".into()));
        };
        if !store::requeue(&mut tx, id, now).await? {
            return Err(AppError::Conflict("只有发送失败的消息可以重新发送。".into()));
        }
        let detail = format!("重新发送{}消息“{}”（{}）", channel_label(&m.channel), m.subject, m.target);
        record(&mut tx, &p.actor(), "notify.requeue", "outbox", id, &detail, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

pub fn channel_label(channel: &str) -> &'static str {
    match channel {
        EMAIL => "邮件",
        WEBHOOK => "webhook",
        IN_APP => "站内",
        _ => "未知渠道",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let b: Vec<i64> = (1..=9).map(super::backoff_ms).collect();
        assert_eq!(b[..4], [30_000, 60_000, 120_000, 240_000]);
        assert_eq!(b[7], 3_600_000);
        assert_eq!(b[8], 3_600_000);
        assert_eq!(super::backoff_ms(1_000), 3_600_000);
    }
}
