//! Notifications end to end, on SQLite and on PostgreSQL: an SMTP sink and a webhook receiver on
//! loopback stand in for the mail relay and the group robots.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use zs_app::notify::{DeliveryReport, Notice, NotifyConfig, SmtpConfig, Webhook, WebhookConfig, WebhookKind};
use zs_app::{App, AppError, Config, Principal};
use zs_domain::{Classification, Role, Subject, Unit, UnitKind, User};
use zs_store::{both, q, Db};

// ---------------------------------------------------------------------------------------------
// An SMTP sink: enough of RFC 5321 for one client, recording what arrives.

#[derive(Debug, Clone)]
struct Mail {
    from: String,
    rcpts: Vec<String>,
    data: String,
}

impl Mail {
    fn header(&self, name: &str) -> String {
        let (head, _) = self.data.split_once("\r\n\r\n").expect("headers end");
        // Unfold continuation lines first.
        let unfolded = head.replace("\r\n ", " ");
        let line = unfolded.lines().find(|l| l.starts_with(&format!("{name}: "))).expect("header present");
        line[name.len() + 2..].to_string()
    }

    fn subject(&self) -> String {
        let raw = self.header("Subject");
        let mut bytes = Vec::new();
        for w in raw.split_whitespace() {
            let inner = w.strip_prefix("=?UTF-8?B?").and_then(|w| w.strip_suffix("?=")).expect("encoded-word");
            bytes.extend(B64.decode(inner).unwrap());
        }
        String::from_utf8(bytes).unwrap()
    }

    fn text(&self) -> String {
        let (_, body) = self.data.split_once("\r\n\r\n").unwrap();
        String::from_utf8(B64.decode(body.replace("\r\n", "")).expect("base64 body")).expect("UTF-8 body")
    }
}

async fn smtp_sink() -> (u16, Arc<Mutex<Vec<Mail>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mails = Arc::new(Mutex::new(Vec::new()));
    let store = mails.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (r, mut w) = stream.into_split();
                let mut r = BufReader::new(r);
                w.write_all(b"220 sink.test ESMTP\r\n").await.unwrap();
                let (mut from, mut rcpts) = (String::new(), Vec::new());
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let cmd = line.trim_end();
                    let upper = cmd.to_ascii_uppercase();
                    let answer: &[u8] = if upper.starts_with("EHLO") {
                        b"250-sink.test\r\n250 8BITMIME\r\n"
                    } else if let Some(a) = cmd.strip_prefix("MAIL FROM:") {
                        from = a.trim_matches(['<', '>']).to_string();
                        b"250 ok\r\n"
                    } else if let Some(a) = cmd.strip_prefix("RCPT TO:") {
                        rcpts.push(a.trim_matches(['<', '>']).to_string());
                        b"250 ok\r\n"
                    } else if upper == "DATA" {
                        w.write_all(b"354 end with .\r\n").await.unwrap();
                        let mut data = String::new();
                        loop {
                            let mut l = String::new();
                            if r.read_line(&mut l).await.unwrap_or(0) == 0 {
                                return;
                            }
                            if l == ".\r\n" {
                                break;
                            }
                            data.push_str(l.strip_prefix('.').unwrap_or(&l));
                        }
                        let mail = Mail { from: from.clone(), rcpts: std::mem::take(&mut rcpts), data };
                        store.lock().unwrap().push(mail);
                        b"250 queued\r\n"
                    } else if upper == "QUIT" {
                        w.write_all(b"221 bye\r\n").await.unwrap();
                        return;
                    } else {
                        b"250 ok\r\n"
                    };
                    w.write_all(answer).await.unwrap();
                }
            });
        }
    });
    (port, mails)
}

// ---------------------------------------------------------------------------------------------
// A webhook receiver: records every request and answers 500 when told to.

#[derive(Debug, Clone)]
struct Call {
    hook: String,
    body: Value,
    ok: bool,
}

#[derive(Default)]
struct Receiver {
    calls: Mutex<Vec<Call>>,
    /// Hook name → how many of its next calls fail.
    fail_next: Mutex<HashMap<String, usize>>,
    always_fail: Mutex<Vec<String>>,
    delay: Mutex<Duration>,
}

impl Receiver {
    fn calls(&self, hook: &str) -> Vec<Call> {
        self.calls.lock().unwrap().iter().filter(|c| c.hook == hook).cloned().collect()
    }
    fn ok(&self, hook: &str) -> Vec<Value> {
        self.calls(hook).into_iter().filter(|c| c.ok).map(|c| c.body).collect()
    }
}

async fn hook(State(r): State<Arc<Receiver>>, Path(name): Path<String>, body: String) -> (StatusCode, String) {
    let delay = *r.delay.lock().unwrap();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let fail = {
        let mut f = r.fail_next.lock().unwrap();
        match f.get_mut(&name) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => r.always_fail.lock().unwrap().contains(&name),
        }
    };
    let body: Value = serde_json::from_str(&body).expect("webhook body is JSON");
    r.calls.lock().unwrap().push(Call { hook: name, body, ok: !fail });
    if fail {
        (StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误".into())
    } else {
        (StatusCode::OK, r#"{"errcode":0,"errmsg":"ok"}"#.into())
    }
}

async fn receiver() -> (u16, Arc<Receiver>) {
    let r = Arc::new(Receiver::default());
    let app = axum::Router::new().route("/hook/{name}", axum::routing::post(hook)).with_state(r.clone());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (port, r)
}

fn webhook(port: u16, name: &str, kind: WebhookKind, units: &[&str]) -> WebhookConfig {
    WebhookConfig {
        webhook: Webhook {
            name: name.into(),
            kind,
            url: format!("http://127.0.0.1:{port}/hook/{name}?access_token=t"),
            secret: None,
        },
        units: units.iter().map(|u| u.to_string()).collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// The platform side.

async fn open(url: &str, notify: NotifyConfig) -> App {
    let dir = std::env::temp_dir().join(format!("zs-notify-{}", zs_domain::new_id()));
    let mut cfg = Config::for_data_dir(dir, Some(url.to_string()));
    cfg.notify = notify;
    App::open(cfg).await.expect("open app")
}

async fn unit(app: &App, name: &str) -> String {
    let u = Unit {
        id: zs_domain::new_id(),
        parent_id: None,
        name: name.into(),
        code: "T".into(),
        kind: UnitKind::Department,
        sort: 0,
        active: true,
    };
    let mut tx = app.db.begin().await.unwrap();
    zs_store::org::insert_unit(&mut tx, &u, 0).await.unwrap();
    tx.commit().await.unwrap();
    u.id
}

async fn user(app: &App, unit_id: &str, username: &str, email: &str, active: bool) -> User {
    let u = User {
        id: zs_domain::new_id(),
        username: username.into(),
        name: format!("用户{username}"),
        unit_id: unit_id.into(),
        position: String::new(),
        phone: String::new(),
        email: email.into(),
        clearance: Classification::Internal,
        active,
        roles: vec![Role::Liaison],
    };
    let mut tx = app.db.begin().await.unwrap();
    zs_store::org::insert_user(&mut tx, &u, "x", false, 0).await.unwrap();
    tx.commit().await.unwrap();
    u
}

fn principal(u: &User) -> Principal {
    Principal {
        subject: Subject {
            user_id: u.id.clone(),
            unit_id: u.unit_id.clone(),
            office_member: false,
            roles: u.roles.clone(),
            clearance: u.clearance,
        },
        user: u.clone(),
        unit_name: String::new(),
        organ_id: u.unit_id.clone(),
        must_change_password: false,
        session: None,
        can_write: true,
        ip: "127.0.0.1".into(),
    }
}

fn notice(users: &[&User], unit_id: Option<&str>, dedupe: &str) -> Notice {
    Notice {
        user_ids: users.iter().map(|u| u.id.clone()).collect(),
        unit_id: unit_id.map(str::to_string),
        title: format!("督办事项即将到期：城区污水管网改造（{dedupe}）"),
        body: "“城区污水管网改造”将于2026年11月30日到期。\n请及时报送办理情况。".into(),
        href: "/tracking/42".into(),
        dedupe: dedupe.into(),
    }
}

async fn send(app: &App, n: &Notice) -> Result<(), AppError> {
    let mut tx = app.db.begin().await?;
    app.notify(&mut tx, n).await?;
    tx.commit().await?;
    Ok(())
}

async fn pending(app: &App) -> i64 {
    let mut c = app.db.conn().await.unwrap();
    zs_store::outbox::pending_count(&mut c).await.unwrap()
}

fn smtp(port: u16) -> Option<SmtpConfig> {
    Some(SmtpConfig::new("127.0.0.1", port, "中枢 <noreply@qinghe.gov.cn>"))
}

// ---------------------------------------------------------------------------------------------

both!(a_notice_reaches_every_channel_once, |db: Db, url: String| async move {
    db.close().await;
    let (smtp_port, mails) = smtp_sink().await;
    let (hook_port, hooks) = receiver().await;
    let cfg = NotifyConfig {
        smtp: smtp(smtp_port),
        webhooks: vec![
            webhook(hook_port, "县委办群", WebhookKind::DingTalk, &[]),
            webhook(hook_port, "政府办群", WebhookKind::WeCom, &[]),
        ],
        ..Default::default()
    };
    let app = open(&url, cfg).await;
    let u = unit(&app, "县委办公室").await;
    let li = user(&app, &u, "li", "li@qinghe.gov.cn", true).await;
    let wang = user(&app, &u, "wang", "wang@qinghe.gov.cn", true).await;
    let n = notice(&[&li, &wang], Some(&u), "t1");

    send(&app, &n).await.unwrap();
    for p in [principal(&li), principal(&wang)] {
        let list = app.notifications(&p, false).await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!((list[0].title.as_str(), list[0].href.as_str()), (n.title.as_str(), "/tracking/42"));
        assert_eq!(app.unread_count(&p).await.unwrap(), 1);
    }
    assert_eq!(pending(&app).await, 4, "two e-mails and two webhook posts");

    let r = app.deliver_outbox().await.unwrap();
    assert_eq!(r, DeliveryReport { delivered: 4, retried: 0, failed: 0 });
    assert_eq!(pending(&app).await, 0);

    let got = mails.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    let mut rcpts: Vec<String> = got.iter().flat_map(|m| m.rcpts.clone()).collect();
    rcpts.sort();
    assert_eq!(rcpts, ["li@qinghe.gov.cn", "wang@qinghe.gov.cn"]);
    for m in &got {
        assert_eq!(m.from, "noreply@qinghe.gov.cn");
        assert_eq!(m.subject(), n.title, "RFC 2047 subject decodes to the title");
        let text = m.text();
        assert!(text.contains("“城区污水管网改造”将于2026年11月30日到期。\r\n请及时报送办理情况。"), "{text}");
        assert!(text.contains("详情：http://127.0.0.1:8080/tracking/42"), "{text}");
        assert!(m.header("Content-Type").starts_with("text/plain; charset=utf-8"));
        assert!(m.header("Message-ID").ends_with("@qinghe.gov.cn>"));
    }

    let ding = hooks.ok("县委办群");
    assert_eq!(ding.len(), 1);
    assert_eq!(ding[0]["msgtype"], "markdown");
    assert_eq!(ding[0]["markdown"]["title"], n.title.as_str());
    let text = ding[0]["markdown"]["text"].as_str().unwrap();
    assert!(text.contains("请及时报送办理情况。") && text.contains("(http://127.0.0.1:8080/tracking/42)"), "{text}");
    let wecom = hooks.ok("政府办群");
    assert_eq!(wecom.len(), 1);
    assert_eq!(wecom[0]["msgtype"], "markdown");
    let content = wecom[0]["markdown"]["content"].as_str().unwrap();
    assert!(content.contains(&n.title) && content.contains("城区污水管网改造”将于"), "{content}");

    // The same cause again: nothing new anywhere.
    send(&app, &n).await.unwrap();
    assert_eq!(pending(&app).await, 0);
    assert_eq!(app.deliver_outbox().await.unwrap(), DeliveryReport::default());
    assert_eq!(mails.lock().unwrap().len(), 2);
    assert_eq!(hooks.calls.lock().unwrap().len(), 2);
    assert_eq!(app.notifications(&principal(&li), false).await.unwrap().len(), 1);

    // Reading.
    let pl = principal(&li);
    let id = app.notifications(&pl, true).await.unwrap()[0].id.clone();
    assert_eq!(app.mark_read(&principal(&wang), Some(&id)).await.unwrap(), 0, "not someone else's");
    assert_eq!(app.mark_read(&pl, Some(&id)).await.unwrap(), 1);
    assert_eq!(app.unread_count(&pl).await.unwrap(), 0);
    assert!(app.notifications(&pl, true).await.unwrap().is_empty());
    assert!(app.notifications(&pl, false).await.unwrap()[0].read_ms.is_some());
    assert_eq!(app.mark_read(&principal(&wang), None).await.unwrap(), 1);
});

both!(recipients_are_checked, |db: Db, url: String| async move {
    db.close().await;
    let (smtp_port, mails) = smtp_sink().await;
    let app = open(&url, NotifyConfig { smtp: smtp(smtp_port), ..Default::default() }).await;
    let u = unit(&app, "县委办公室").await;
    let no_mail = user(&app, &u, "zhao", "", true).await;
    let gone = user(&app, &u, "qian", "qian@qinghe.gov.cn", false).await;
    send(&app, &notice(&[&no_mail, &gone, &no_mail], None, "t2")).await.unwrap();
    assert_eq!(app.notifications(&principal(&no_mail), false).await.unwrap().len(), 1, "listed once");
    assert!(app.notifications(&principal(&gone), false).await.unwrap().is_empty(), "inactive: nothing");
    assert_eq!(pending(&app).await, 0, "no address, no e-mail");

    // An unknown recipient is a bug in the caller: the whole transaction fails.
    let mut bad = notice(&[&no_mail], None, "t3");
    bad.user_ids.push("no-such-user".into());
    assert!(matches!(send(&app, &bad).await, Err(AppError::NotFound(_))));
    assert_eq!(app.notifications(&principal(&no_mail), false).await.unwrap().len(), 1);
    assert!(matches!(send(&app, &notice(&[&no_mail], None, " ")).await, Err(AppError::Invalid(_))));

    app.deliver_outbox().await.unwrap();
    assert!(mails.lock().unwrap().is_empty());
});

both!(a_failing_webhook_is_retried_then_delivered_once, |db: Db, url: String| async move {
    db.close().await;
    let (port, hooks) = receiver().await;
    hooks.fail_next.lock().unwrap().insert("值班系统".into(), 2);
    let app = open(
        &url,
        NotifyConfig { webhooks: vec![webhook(port, "值班系统", WebhookKind::Json, &[])], ..Default::default() },
    )
    .await;
    let u = unit(&app, "县委办公室").await;
    let li = user(&app, &u, "li", "li@qinghe.gov.cn", true).await;
    send(&app, &notice(&[&li], Some(&u), "t4")).await.unwrap();

    let t0 = app.now_ms();
    assert_eq!(app.deliver_outbox_at(t0).await.unwrap(), DeliveryReport { delivered: 0, retried: 1, failed: 0 });
    assert_eq!(app.deliver_outbox_at(t0 + 10_000).await.unwrap(), DeliveryReport::default(), "waits 30 s");
    assert_eq!(app.deliver_outbox_at(t0 + 30_000).await.unwrap().retried, 1);
    assert_eq!(app.deliver_outbox_at(t0 + 60_000).await.unwrap(), DeliveryReport::default(), "then 60 s");
    assert_eq!(app.deliver_outbox_at(t0 + 90_000).await.unwrap().delivered, 1);
    assert_eq!(app.deliver_outbox_at(t0 + 86_400_000).await.unwrap(), DeliveryReport::default());

    let calls = hooks.calls("值班系统");
    assert_eq!(calls.iter().map(|c| c.ok).collect::<Vec<_>>(), [false, false, true]);
    let body = &calls[2].body;
    assert_eq!(body["subject"], "督办事项即将到期：城区污水管网改造（t4）");
    assert_eq!(body["link"], "http://127.0.0.1:8080/tracking/42");
    assert!(body["body"].as_str().unwrap().starts_with("“城区污水管网改造”"));
    assert!(body["sent_at"].as_str().unwrap().ends_with("+08:00"));
    assert_eq!(pending(&app).await, 0);
});

both!(an_always_failing_webhook_is_given_up, |db: Db, url: String| async move {
    db.close().await;
    let (port, hooks) = receiver().await;
    hooks.always_fail.lock().unwrap().push("坏接口".into());
    let cfg = NotifyConfig {
        max_attempts: 3,
        webhooks: vec![webhook(port, "坏接口", WebhookKind::DingTalk, &[])],
        ..Default::default()
    };
    let app = open(&url, cfg).await;
    let u = unit(&app, "县委办公室").await;
    let li = user(&app, &u, "li", "", true).await;
    send(&app, &notice(&[&li], None, "t5")).await.unwrap();

    let t0 = app.now_ms();
    let mut total = DeliveryReport::default();
    for hour in 0..6 {
        let r = app.deliver_outbox_at(t0 + hour * 3_600_000).await.unwrap();
        total.retried += r.retried;
        total.failed += r.failed;
        total.delivered += r.delivered;
    }
    assert_eq!(total, DeliveryReport { delivered: 0, retried: 2, failed: 1 });
    assert_eq!(hooks.calls("坏接口").len(), 3, "max_attempts calls, then no more");
    assert_eq!(pending(&app).await, 0);

    let mut c = app.db.conn().await.unwrap();
    let failed = zs_store::outbox::failed(&mut c, 10).await.unwrap();
    drop(c);
    assert_eq!(failed.len(), 1);
    assert_eq!((failed[0].target.as_str(), failed[0].attempts), ("坏接口", 3));
    assert!(failed[0].last_error.contains("HTTP 500"), "{}", failed[0].last_error);

    // The administrator sees it and, once the robot is fixed, sends it again.
    let console = Principal::console();
    let (waiting, listed) = app.outbox_status(&console, 50).await.unwrap();
    assert_eq!((waiting, listed.len()), (0, 1));
    assert!(matches!(app.outbox_status(&principal(&li), 50).await, Err(AppError::Denied(_))));
    hooks.always_fail.lock().unwrap().clear();
    app.outbox_requeue(&console, &listed[0].id).await.unwrap();
    assert!(matches!(app.outbox_requeue(&console, &listed[0].id).await, Err(AppError::Conflict(_))));
    assert_eq!(app.deliver_outbox().await.unwrap().delivered, 1);
    assert_eq!(hooks.ok("坏接口").len(), 1);
});

both!(two_nodes_deliver_each_message_exactly_once, |db: Db, url: String| async move {
    db.close().await;
    let (smtp_port, mails) = smtp_sink().await;
    let (hook_port, hooks) = receiver().await;
    *hooks.delay.lock().unwrap() = Duration::from_millis(5);
    let cfg = NotifyConfig {
        smtp: smtp(smtp_port),
        webhooks: vec![
            webhook(hook_port, "钉钉群", WebhookKind::DingTalk, &[]),
            webhook(hook_port, "值班系统", WebhookKind::Json, &[]),
        ],
        ..Default::default()
    };
    let a = open(&url, cfg.clone()).await;
    let b = open(&url, cfg).await;
    let u = unit(&a, "县委办公室").await;
    let mut users = Vec::new();
    for name in ["li", "wang", "zhang"] {
        users.push(user(&a, &u, name, &format!("{name}@qinghe.gov.cn"), true).await);
    }
    let refs: Vec<&User> = users.iter().collect();
    const NOTICES: usize = 8;
    for i in 0..NOTICES {
        send(&a, &notice(&refs, Some(&u), &format!("n{i}"))).await.unwrap();
    }
    let expected = NOTICES * (users.len() + 2);
    assert_eq!(pending(&a).await, expected as i64);

    let (ra, rb) = tokio::join!(a.deliver_outbox(), b.deliver_outbox());
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.delivered + rb.delivered, expected, "{ra:?} {rb:?}");
    assert_eq!(ra.retried + rb.retried + ra.failed + rb.failed, 0);

    let mut seen: HashMap<String, usize> = HashMap::new();
    for m in mails.lock().unwrap().iter() {
        *seen.entry(format!("email:{}:{}", m.rcpts.join(","), m.subject())).or_default() += 1;
    }
    for c in hooks.calls.lock().unwrap().iter() {
        let title = c.body["markdown"]["title"].as_str().or(c.body["subject"].as_str()).unwrap().to_string();
        *seen.entry(format!("webhook:{}:{title}", c.hook)).or_default() += 1;
    }
    assert_eq!(seen.len(), expected, "every message arrived");
    assert!(seen.values().all(|&n| n == 1), "and none twice: {seen:?}");
    assert_eq!(pending(&a).await, 0);
});

both!(webhooks_take_only_their_units, |db: Db, url: String| async move {
    db.close().await;
    let (port, hooks) = receiver().await;
    let cfg = NotifyConfig {
        webhooks: vec![
            webhook(port, "县委办群", WebhookKind::DingTalk, &["县委办公室"]),
            webhook(port, "全县群", WebhookKind::WeCom, &[]),
            webhook(port, "政府办群", WebhookKind::Json, &["县政府办公室", "县教育局"]),
        ],
        ..Default::default()
    };
    let app = open(&url, cfg).await;
    let party = unit(&app, "县委办公室").await;
    let gov = unit(&app, "县政府办公室").await;
    let li = user(&app, &party, "li", "", true).await;
    send(&app, &notice(&[&li], Some(&party), "p")).await.unwrap();
    send(&app, &notice(&[&li], Some(&gov), "g")).await.unwrap();
    send(&app, &notice(&[], None, "none")).await.unwrap();

    let mut c = app.db.conn().await.unwrap();
    let rows: Vec<(String,)> = q("SELECT dedupe_key FROM outbox WHERE channel = 'webhook' ORDER BY dedupe_key")
        .fetch_all(&mut c)
        .await
        .unwrap();
    drop(c);
    let keys: Vec<&str> = rows.iter().map(|(k,)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["g:webhook:全县群", "g:webhook:政府办群", "none:webhook:全县群", "p:webhook:全县群", "p:webhook:县委办群"]
    );
    assert_eq!(app.deliver_outbox().await.unwrap().delivered, 5);
    assert_eq!((hooks.ok("县委办群").len(), hooks.ok("全县群").len(), hooks.ok("政府办群").len()), (1, 3, 1));
});
