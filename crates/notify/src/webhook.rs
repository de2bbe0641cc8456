//! Group robots and plain JSON webhooks over HTTP(S).

use crate::{redact_url, Content, NotifyError};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{FixedOffset, TimeZone};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// The HTTP client type, so callers need no `reqwest` of their own.
pub use reqwest::Client as HttpClient;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookKind {
    /// 钉钉 / 政务钉钉 custom robot.
    DingTalk,
    /// 企业微信 group robot.
    WeCom,
    /// `{"subject", "body", "link", "sent_at"}` for any other system.
    Json,
}

impl WebhookKind {
    pub const ALL: [WebhookKind; 3] = [WebhookKind::DingTalk, WebhookKind::WeCom, WebhookKind::Json];

    pub fn code(self) -> &'static str {
        match self {
            WebhookKind::DingTalk => "dingtalk",
            WebhookKind::WeCom => "wecom",
            WebhookKind::Json => "json",
        }
    }

    pub fn from_code(s: &str) -> Option<WebhookKind> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            WebhookKind::DingTalk => "钉钉机器人",
            WebhookKind::WeCom => "企业微信机器人",
            WebhookKind::Json => "JSON 接口",
        }
    }
}

#[derive(Clone)]
pub struct Webhook {
    pub name: String,
    pub kind: WebhookKind,
    pub url: String,
    /// DingTalk 加签 secret (`SEC…`): the request is signed when set.
    pub secret: Option<String>,
}

impl std::fmt::Debug for Webhook {
    // The URL's query holds the robot's access token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("url", &redact_url(&self.url))
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .finish()
    }
}

/// An http or https URL with a host.
pub fn check_url(url: &str) -> Result<reqwest::Url, NotifyError> {
    let err = |reason: &str| NotifyError::Url { url: redact_url(url), reason: reason.into() };
    let u = reqwest::Url::parse(url).map_err(|e| err(&format!("无法解析（{e}）")))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(err("只支持 http 或 https"));
    }
    if u.host_str().is_none_or(str::is_empty) {
        return Err(err("缺少主机名"));
    }
    Ok(u)
}

/// WeCom refuses markdown content over 4096 bytes.
const WECOM_MAX_BYTES: usize = 4096;

/// The request body for a webhook of this kind.
pub fn payload(kind: WebhookKind, c: &Content, sent_at_ms: i64) -> Value {
    let link = c.link.as_deref().filter(|l| !l.is_empty());
    match kind {
        WebhookKind::DingTalk => {
            // DingTalk markdown needs a blank line for a line break.
            let mut text = format!("#### {}\n\n{}", c.subject, c.body.replace("\r\n", "\n").replace('\n', "\n\n"));
            if let Some(l) = link {
                text.push_str(&format!("\n\n[查看详情]({l})"));
            }
            json!({"msgtype": "markdown", "markdown": {"title": c.subject, "text": text}})
        }
        WebhookKind::WeCom => {
            let tail = link.map(|l| format!("\n[查看详情]({l})")).unwrap_or_default();
            let head = format!("### {}\n", c.subject);
            let room = WECOM_MAX_BYTES.saturating_sub(head.len() + tail.len());
            let content = format!("{head}{}{tail}", truncate_bytes(&c.body, room));
            json!({"msgtype": "markdown", "markdown": {"content": content}})
        }
        WebhookKind::Json => {
            let sent_at = FixedOffset::east_opt(8 * 3600)
                .and_then(|tz| tz.timestamp_millis_opt(sent_at_ms).single())
                .map(|t| t.to_rfc3339())
                .unwrap_or_default();
            json!({"subject": c.subject, "body": c.body, "link": link, "sent_at": sent_at})
        }
    }
}

/// At most `max` bytes, cut between characters, with an ellipsis when cut.
fn truncate_bytes(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max.saturating_sub("…".len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// A client for one delivery run. No redirects: a robot that redirects is misconfigured, and
/// following them would send the message somewhere nobody configured.
pub fn client(timeout: Duration) -> Result<reqwest::Client, NotifyError> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("zhongshu/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| NotifyError::Client(chain(&e)))
}

/// Responses longer than this are cut before parsing: robots answer with a few bytes.
const MAX_RESPONSE: usize = 64 * 1024;

/// Post one message. Robots succeed on `errcode == 0`; plain JSON hooks on any 2xx.
pub async fn post(client: &reqwest::Client, hook: &Webhook, c: &Content, now_ms: i64) -> Result<(), NotifyError> {
    let mut url = check_url(&hook.url)?;
    if let (WebhookKind::DingTalk, Some(secret)) = (hook.kind, hook.secret.as_deref().filter(|s| !s.is_empty())) {
        url.query_pairs_mut()
            .append_pair("timestamp", &now_ms.to_string())
            .append_pair("sign", &dingtalk_sign(secret, now_ms));
    }
    let http = |e: reqwest::Error| NotifyError::Http { name: hook.name.clone(), detail: chain(&e.without_url()) };
    let mut resp = client.post(url).json(&payload(hook.kind, c, now_ms)).send().await.map_err(http)?;
    let status = resp.status();
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(http)? {
        body.extend_from_slice(&chunk);
        if body.len() >= MAX_RESPONSE {
            body.truncate(MAX_RESPONSE);
            break;
        }
    }
    let snippet = || String::from_utf8_lossy(&body).chars().take(200).collect::<String>();
    if !status.is_success() {
        return Err(NotifyError::Status { name: hook.name.clone(), status: status.as_u16(), body: snippet() });
    }
    if hook.kind == WebhookKind::Json {
        return Ok(());
    }
    let v: Value = serde_json::from_slice(&body)
        .map_err(|_| NotifyError::BadResponse { name: hook.name.clone(), body: snippet() })?;
    match v.get("errcode").and_then(Value::as_i64) {
        Some(0) => Ok(()),
        Some(errcode) => Err(NotifyError::Robot {
            name: hook.name.clone(),
            errcode,
            errmsg: v.get("errmsg").and_then(Value::as_str).unwrap_or("").chars().take(200).collect(),
        }),
        None => Err(NotifyError::BadResponse { name: hook.name.clone(), body: snippet() }),
    }
}

/// DingTalk 加签: base64(HMAC-SHA256(secret, "{timestamp}\n{secret}")); the URL encoding is done
/// by the query serializer.
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> String {
    B64.encode(hmac_sha256(secret.as_bytes(), format!("{timestamp_ms}\n{secret}").as_bytes()))
}

/// RFC 2104 over SHA-256 (block size 64).
fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |b: u8| k.iter().map(|x| x ^ b).collect::<Vec<u8>>();
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(msg).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
}

/// An error with its sources, e.g. "error sending request: connection refused".
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        cur = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> Content {
        Content {
            subject: "督办事项即将到期".into(),
            body: "“城区污水管网改造”将于11月30日到期。\n请及时反馈。".into(),
            link: Some("http://127.0.0.1:8080/tracking/abc".into()),
        }
    }

    #[test]
    fn dingtalk_markdown() {
        let v = payload(WebhookKind::DingTalk, &content(), 0);
        assert_eq!(v["msgtype"], "markdown");
        assert_eq!(v["markdown"]["title"], "督办事项即将到期");
        let text = v["markdown"]["text"].as_str().unwrap();
        assert!(text.starts_with("#### 督办事项即将到期\n\n“城区污水管网改造”将于11月30日到期。\n\n请及时反馈。"));
        assert!(text.ends_with("[查看详情](http://127.0.0.1:8080/tracking/abc)"));
        assert_eq!(v.as_object().unwrap().len(), 2);
    }

    #[test]
    fn wecom_markdown_is_bounded() {
        let v = payload(WebhookKind::WeCom, &content(), 0);
        assert_eq!(v["msgtype"], "markdown");
        let c = v["markdown"]["content"].as_str().unwrap();
        assert!(c.starts_with("### 督办事项即将到期\n“城区污水管网改造”"));
        assert!(c.ends_with("[查看详情](http://127.0.0.1:8080/tracking/abc)"));
        let long = Content { body: "很长的正文。".repeat(1000), ..content() };
        let c = payload(WebhookKind::WeCom, &long, 0)["markdown"]["content"].as_str().unwrap().to_string();
        assert!(c.len() <= WECOM_MAX_BYTES, "{}", c.len());
        assert!(c.contains("…\n[查看详情]"));
    }

    #[test]
    fn plain_json() {
        let v = payload(WebhookKind::Json, &content(), 1_767_225_600_000);
        assert_eq!(v["subject"], "督办事项即将到期");
        assert_eq!(v["link"], "http://127.0.0.1:8080/tracking/abc");
        assert_eq!(v["sent_at"], "2026-01-01T08:00:00+08:00");
        let none = payload(WebhookKind::Json, &Content { link: None, ..content() }, 0);
        assert!(none["link"].is_null());
    }

    #[test]
    fn hmac_matches_rfc4231() {
        // Test case 2 of RFC 4231.
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            mac.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block.
        let mac = hmac_sha256(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First");
        assert_eq!(
            mac.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn urls_are_checked() {
        assert!(check_url("https://oapi.dingtalk.com/robot/send?access_token=x").is_ok());
        assert!(check_url("http://127.0.0.1:9/hook").is_ok());
        for bad in ["ftp://x/y", "oapi.dingtalk.com/robot", ""] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
        assert_eq!(WebhookKind::from_code("wecom"), Some(WebhookKind::WeCom));
        assert_eq!(WebhookKind::from_code("slack"), None);
    }
}
