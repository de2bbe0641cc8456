//! A small SMTP client: one message per connection, over plain TCP.
//!
//! Plain on purpose: a county deployment hands its mail to a local MTA (Postfix on the same host,
//! or the unit's relay on the LAN), which does TLS and onward delivery. There is no STARTTLS, so
//! AUTH sends the credentials in clear: configure them only for such a relay.

use crate::NotifyError;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{DateTime, FixedOffset, TimeZone};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// `noreply@xx.gov.cn` or `中枢 <noreply@xx.gov.cn>`.
    pub from: String,
    pub user: Option<String>,
    pub password: Option<String>,
    /// Limit on connecting and on waiting for each reply.
    pub timeout: Duration,
}

impl SmtpConfig {
    pub fn new(host: &str, port: u16, from: &str) -> SmtpConfig {
        SmtpConfig {
            host: host.into(),
            port,
            from: from.into(),
            user: None,
            password: None,
            timeout: Duration::from_secs(20),
        }
    }

    fn addr(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

impl std::fmt::Debug for SmtpConfig {
    // The password stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// An address with an optional display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub name: Option<String>,
    pub addr: String,
}

impl Mailbox {
    /// `a@b.cn` or `Name <a@b.cn>`.
    pub fn parse(s: &str) -> Result<Mailbox, NotifyError> {
        let s = s.trim();
        let (name, addr) = match (s.rfind('<'), s.ends_with('>')) {
            (Some(i), true) => {
                let name = s[..i].trim().trim_matches('"').trim();
                (Some(name.to_string()).filter(|n| !n.is_empty()), &s[i + 1..s.len() - 1])
            }
            _ => (None, s),
        };
        Ok(Mailbox { name, addr: check_address(addr)? })
    }

    fn header(&self) -> String {
        match &self.name {
            None => self.addr.clone(),
            Some(n) if n.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ') => format!("\"{n}\" <{}>", self.addr),
            Some(n) => format!("{} <{}>", encode_words(n).join(" "), self.addr),
        }
    }

    fn domain(&self) -> &str {
        self.addr.rsplit_once('@').map(|(_, d)| d).unwrap_or("localhost")
    }
}

/// A light check that keeps the SMTP command and headers well-formed; the server has the last word.
pub fn check_address(a: &str) -> Result<String, NotifyError> {
    let a = a.trim();
    let ok = a.len() <= 254
        && a.split_once('@').is_some_and(|(l, d)| !l.is_empty() && !d.is_empty() && !d.contains('@'))
        && !a.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"".contains(c));
    if ok {
        Ok(a.to_string())
    } else {
        Err(NotifyError::Address(a.chars().filter(|c| !c.is_control()).take(120).collect()))
    }
}

/// Send one plain-text message to one recipient. `now_ms` dates it.
pub async fn send(cfg: &SmtpConfig, to: &str, subject: &str, body: &str, now_ms: i64) -> Result<(), NotifyError> {
    let from = Mailbox::parse(&cfg.from)?;
    let to = check_address(to)?;
    let addr = cfg.addr();
    let secs = cfg.timeout.as_secs().max(1);
    let stream = match tokio::time::timeout(cfg.timeout, TcpStream::connect((cfg.host.as_str(), cfg.port))).await {
        Err(_) => return Err(NotifyError::Timeout { addr, step: "连接", secs }),
        Ok(Err(source)) => return Err(NotifyError::Connect { addr, source }),
        Ok(Ok(s)) => s,
    };
    // RFC 5321 wants our own name in EHLO; the address literal of our end is always true.
    let helo = match stream.local_addr() {
        Ok(std::net::SocketAddr::V4(a)) => format!("[{}]", a.ip()),
        Ok(std::net::SocketAddr::V6(a)) => format!("[IPv6:{}]", a.ip()),
        Err(_) => "localhost".into(),
    };
    let mut s = Session { io: BufReader::new(stream), addr, timeout: cfg.timeout };

    s.expect("问候", &[220]).await?;
    let ehlo = s.command(&format!("EHLO {helo}"), "EHLO").await?;
    let extensions = if ehlo.code == 250 {
        ehlo.lines.iter().skip(1).map(|l| l.to_ascii_uppercase()).collect()
    } else if (500..600).contains(&ehlo.code) {
        // An old server without ESMTP.
        s.command_ok(&format!("HELO {helo}"), "HELO", &[250]).await?;
        Vec::new()
    } else {
        return Err(s.rejected("EHLO", &ehlo));
    };
    if let (Some(user), Some(password)) = (&cfg.user, &cfg.password) {
        s.auth(&extensions, user, password).await?;
    }
    s.command_ok(&format!("MAIL FROM:<{}>", from.addr), "MAIL FROM", &[250]).await?;
    s.command_ok(&format!("RCPT TO:<{to}>"), "RCPT TO", &[250, 251]).await?;
    s.command_ok("DATA", "DATA", &[354]).await?;
    let message_id = format!("<{}@{}>", uuid::Uuid::now_v7().simple(), from.domain());
    let date = shanghai().timestamp_millis_opt(now_ms).single().unwrap_or_else(|| shanghai().timestamp_nanos(0));
    let text = build_message(&from, &to, subject, body, date, &message_id);
    s.write(&dot_stuff(&text), "邮件内容").await?;
    s.write(".\r\n", "邮件内容").await?;
    s.expect("邮件内容", &[250]).await?;
    // The message is accepted; a failed goodbye changes nothing.
    let _ = s.command("QUIT", "QUIT").await;
    Ok(())
}

fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

struct Reply {
    code: u16,
    lines: Vec<String>,
}

struct Session {
    io: BufReader<TcpStream>,
    addr: String,
    timeout: Duration,
}

const MAX_LINE: u64 = 4096;

impl Session {
    fn timeout_err(&self, step: &'static str) -> NotifyError {
        NotifyError::Timeout { addr: self.addr.clone(), step, secs: self.timeout.as_secs().max(1) }
    }

    fn rejected(&self, step: &'static str, r: &Reply) -> NotifyError {
        let text = r.lines.iter().map(String::as_str).collect::<Vec<_>>().join(" ");
        NotifyError::Rejected { addr: self.addr.clone(), step, code: r.code, text: text.chars().take(300).collect() }
    }

    fn protocol(&self, step: &'static str, line: &str) -> NotifyError {
        NotifyError::Protocol { addr: self.addr.clone(), step, line: line.chars().take(200).collect() }
    }

    async fn write(&mut self, data: &str, step: &'static str) -> Result<(), NotifyError> {
        match tokio::time::timeout(self.timeout, self.io.get_mut().write_all(data.as_bytes())).await {
            Err(_) => Err(self.timeout_err(step)),
            Ok(Err(source)) => Err(NotifyError::Io { addr: self.addr.clone(), step, source }),
            Ok(Ok(())) => Ok(()),
        }
    }

    /// One reply, possibly multi-line (`250-…` lines, then `250 …`).
    async fn reply(&mut self, step: &'static str) -> Result<Reply, NotifyError> {
        let mut lines = Vec::new();
        loop {
            let mut buf = Vec::new();
            let mut limited = (&mut self.io).take(MAX_LINE);
            match tokio::time::timeout(self.timeout, limited.read_until(b'\n', &mut buf)).await {
                Err(_) => return Err(self.timeout_err(step)),
                Ok(Err(source)) => return Err(NotifyError::Io { addr: self.addr.clone(), step, source }),
                Ok(Ok(0)) => return Err(self.protocol(step, "（连接被对方关闭）")),
                Ok(Ok(_)) => {}
            }
            let line = String::from_utf8_lossy(&buf);
            if !line.ends_with('\n') {
                return Err(self.protocol(step, &format!("（应答行超过 {MAX_LINE} 字节）{line}")));
            }
            let line = line.trim_end_matches(['\r', '\n']);
            let code = line.get(..3).and_then(|c| c.parse::<u16>().ok()).filter(|c| (200..600).contains(c));
            let Some(code) = code else {
                return Err(self.protocol(step, line));
            };
            let more = line.as_bytes().get(3) == Some(&b'-');
            lines.push(line.get(4..).unwrap_or("").to_string());
            if !more {
                return Ok(Reply { code, lines });
            }
            if lines.len() > 200 {
                return Err(self.protocol(step, "（多行应答过长）"));
            }
        }
    }

    async fn expect(&mut self, step: &'static str, ok: &[u16]) -> Result<Reply, NotifyError> {
        let r = self.reply(step).await?;
        if ok.contains(&r.code) {
            Ok(r)
        } else {
            Err(self.rejected(step, &r))
        }
    }

    async fn command(&mut self, line: &str, step: &'static str) -> Result<Reply, NotifyError> {
        self.write(&format!("{line}\r\n"), step).await?;
        self.reply(step).await
    }

    async fn command_ok(&mut self, line: &str, step: &'static str, ok: &[u16]) -> Result<Reply, NotifyError> {
        self.write(&format!("{line}\r\n"), step).await?;
        self.expect(step, ok).await
    }

    async fn auth(&mut self, extensions: &[String], user: &str, password: &str) -> Result<(), NotifyError> {
        let mechanisms: Vec<&str> = extensions
            .iter()
            .filter_map(|l| l.strip_prefix("AUTH").filter(|r| r.starts_with([' ', '='])))
            .flat_map(|r| r[1..].split_whitespace())
            .collect();
        if mechanisms.contains(&"PLAIN") {
            let token = B64.encode(format!("\0{user}\0{password}"));
            self.command_ok(&format!("AUTH PLAIN {token}"), "AUTH", &[235]).await?;
        } else if mechanisms.contains(&"LOGIN") {
            self.command_ok("AUTH LOGIN", "AUTH", &[334]).await?;
            self.command_ok(&B64.encode(user), "AUTH", &[334]).await?;
            self.command_ok(&B64.encode(password), "AUTH", &[235]).await?;
        } else {
            return Err(NotifyError::AuthUnavailable { addr: self.addr.clone() });
        }
        Ok(())
    }
}

/// The whole message (headers and base64 body) with CRLF line ends, before dot-stuffing.
pub fn build_message(
    from: &Mailbox,
    to: &str,
    subject: &str,
    body: &str,
    date: DateTime<FixedOffset>,
    message_id: &str,
) -> String {
    let mut m = String::new();
    m.push_str(&format!("Date: {}\r\n", date.to_rfc2822()));
    m.push_str(&format!("From: {}\r\n", from.header()));
    m.push_str(&format!("To: {to}\r\n"));
    m.push_str(&format!("Subject: {}\r\n", subject_header(subject)));
    m.push_str(&format!("Message-ID: {message_id}\r\n"));
    m.push_str("MIME-Version: 1.0\r\n");
    m.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    m.push_str("Content-Transfer-Encoding: base64\r\n");
    m.push_str("\r\n");
    // text/plain's canonical form has CRLF line ends, whatever the author typed.
    let canonical = body.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n");
    m.push_str(&base64_lines(canonical.as_bytes()));
    m
}

/// The Subject value: as is when it is short plain ASCII, else RFC 2047 encoded-words.
pub fn subject_header(subject: &str) -> String {
    let one_line: String = subject.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let plain = one_line.is_ascii() && one_line.len() <= 60 && !one_line.contains("=?");
    if plain {
        one_line
    } else {
        encode_words(&one_line).join("\r\n ")
    }
}

/// Bytes of text per encoded-word: 39 bytes make 52 base64 characters, a 64-character word, so
/// `Subject: ` plus a word stays within RFC 2047's 76 characters a line.
const WORD_BYTES: usize = 39;

/// RFC 2047 `=?UTF-8?B?…?=` words, split between characters (never inside one).
pub fn encode_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + WORD_BYTES).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        words.push(format!("=?UTF-8?B?{}?=", B64.encode(&text.as_bytes()[start..end])));
        start = end;
    }
    if words.is_empty() {
        words.push("=?UTF-8?B??=".into());
    }
    words
}

/// Base64 in lines of 76 characters (RFC 2045), each ended by CRLF.
pub fn base64_lines(bytes: &[u8]) -> String {
    let encoded = B64.encode(bytes);
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 38 + 2);
    for chunk in encoded.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        out.push_str("\r\n");
    }
    out
}

/// Double a leading dot on every line (RFC 5321 §4.5.2) and make sure the data ends in CRLF,
/// so the terminating `.` line cannot appear inside the message.
pub fn dot_stuff(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split_inclusive('\n') {
        if line.starts_with('.') {
            out.push('.');
        }
        out.push_str(line);
    }
    if !out.ends_with("\r\n") {
        if out.ends_with('\n') {
            out.pop();
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_words(v: &str) -> String {
        let mut bytes = Vec::new();
        for w in v.split_whitespace() {
            let inner = w.strip_prefix("=?UTF-8?B?").and_then(|w| w.strip_suffix("?=")).expect("encoded-word");
            bytes.extend(B64.decode(inner).unwrap());
        }
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn subject_is_encoded_in_short_words() {
        let subject = "关于报送2026年第一季度重点工作督办事项落实情况的通知（请各乡镇、各部门于3月31日前反馈）";
        let h = subject_header(subject);
        for (i, line) in h.split("\r\n").enumerate() {
            let with_name = if i == 0 { format!("Subject: {line}") } else { line.to_string() };
            assert!(with_name.len() <= 76, "line too long: {with_name}");
        }
        assert_eq!(decode_words(&h), subject);
        assert_eq!(subject_header("Weekly report"), "Weekly report");
        assert_eq!(subject_header("a\r\nBcc: x@y.cn"), "a  Bcc: x@y.cn", "no header injection");
        assert_eq!(decode_words(&subject_header("")), "");
    }

    #[test]
    fn dots_are_stuffed() {
        assert_eq!(dot_stuff(".\r\nab\r\n..c\r\n"), "..\r\n".to_string() + "ab\r\n...c\r\n");
        assert_eq!(dot_stuff("a\r\n.b"), "a\r\n..b\r\n");
        assert_eq!(dot_stuff(".lone"), "..lone\r\n");
    }

    #[test]
    fn base64_lines_are_76_wide() {
        let text = "请各单位于11月30日前报送落实情况。".repeat(20);
        let lines = base64_lines(text.as_bytes());
        let parts: Vec<&str> = lines.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(parts.len() > 2);
        assert!(parts[..parts.len() - 1].iter().all(|l| l.len() == 76));
        assert!(parts.last().unwrap().len() <= 76);
        assert_eq!(B64.decode(parts.concat()).unwrap(), text.as_bytes());
    }

    #[test]
    fn message_has_headers_and_crlf_body() {
        let from = Mailbox::parse("中枢 <noreply@qinghe.gov.cn>").unwrap();
        assert_eq!(from.name.as_deref(), Some("中枢"));
        let date = shanghai().timestamp_millis_opt(1_767_225_600_000).unwrap();
        let m = build_message(&from, "li@qinghe.gov.cn", "督办提醒", "第一行\n第二行", date, "<1@qinghe.gov.cn>");
        let (head, body) = m.split_once("\r\n\r\n").unwrap();
        assert!(head.contains("From: =?UTF-8?B?5Lit5p6i?= <noreply@qinghe.gov.cn>"), "{head}");
        assert!(head.contains("To: li@qinghe.gov.cn"));
        assert!(head.contains("Date: Thu, 1 Jan 2026 08:00:00 +0800"), "{head}");
        assert!(head.contains("Content-Type: text/plain; charset=utf-8"));
        assert!(!m.replace("\r\n", "").contains('\n'), "no bare LF");
        let decoded = B64.decode(body.replace("\r\n", "")).unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), "第一行\r\n第二行");
    }

    #[test]
    fn addresses_are_checked() {
        assert!(check_address("a@b.cn").is_ok());
        for bad in ["", "a", "a@", "@b", "a b@c.cn", "a@b.cn>\r\nRCPT TO:<x@y", "<a@b.cn>"] {
            assert!(check_address(bad).is_err(), "{bad}");
        }
        assert_eq!(Mailbox::parse("\"Ops\" <ops@x.cn>").unwrap().header(), "\"Ops\" <ops@x.cn>");
        assert_eq!(Mailbox::parse("ops@x.cn").unwrap().header(), "ops@x.cn");
    }
}
