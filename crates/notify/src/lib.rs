//! Outbound notifications of 中枢: what a message looks like on each channel and how it is sent.
//! No database here: the outbox in `zs-store` decides what is due, `zs-app` calls [`smtp::send`] or
//! [`webhook::post`] for one message and records the outcome.

mod error;
pub mod smtp;
pub mod webhook;

pub use error::NotifyError;
pub use smtp::SmtpConfig;
pub use webhook::{Webhook, WebhookKind};

/// One message, whatever the channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    pub subject: String,
    pub body: String,
    /// Absolute URL of the page the message is about.
    pub link: Option<String>,
}

/// Marks the link line at the end of a stored body.
const LINK_PREFIX: &str = "详情：";

impl Content {
    /// The body as kept in the outbox: the text, then the link as its last line. That is how a
    /// plain-text e-mail reads, and the outbox table has no column of its own for the link.
    pub fn stored_body(&self) -> String {
        match self.link.as_deref().filter(|l| !l.is_empty()) {
            Some(link) => format!("{}\n\n{LINK_PREFIX}{link}", self.body),
            None => self.body.clone(),
        }
    }

    /// The inverse of [`Content::stored_body`].
    pub fn from_stored(subject: &str, stored: &str) -> Content {
        let split = stored
            .rsplit_once(&format!("\n\n{LINK_PREFIX}"))
            .filter(|(_, link)| !link.is_empty() && !link.contains(char::is_whitespace));
        match split {
            Some((body, link)) => Content { subject: subject.into(), body: body.into(), link: Some(link.into()) },
            None => Content { subject: subject.into(), body: stored.into(), link: None },
        }
    }
}

/// `scheme://host/path` without query or credentials: webhook URLs carry their secret in the query.
pub fn redact_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => {
            let host = u.host_str().unwrap_or("");
            let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
            let query = if u.query().is_some() { "?…" } else { "" };
            format!("{}://{host}{port}{}{query}", u.scheme(), u.path())
        }
        Err(_) => "（无法解析的地址）".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_body_round_trips() {
        let c = Content {
            subject: "督办提醒".into(),
            body: "请于11月30日前反馈。\n\n第二段".into(),
            link: Some("http://127.0.0.1:8080/tracking/1".into()),
        };
        let s = c.stored_body();
        assert!(s.ends_with("详情：http://127.0.0.1:8080/tracking/1"));
        assert_eq!(Content::from_stored("督办提醒", &s), c);
        let plain = Content { link: None, ..c.clone() };
        assert_eq!(Content::from_stored("督办提醒", &plain.stored_body()), plain);
    }

    #[test]
    fn redacts_tokens() {
        assert_eq!(
            redact_url("https://oapi.dingtalk.com/robot/send?access_token=secret"),
            "https://oapi.dingtalk.com/robot/send?…"
        );
        assert_eq!(redact_url("http://u:p@127.0.0.1:9000/hook"), "http://127.0.0.1:9000/hook");
    }
}
