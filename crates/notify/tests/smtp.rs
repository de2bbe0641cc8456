//! The SMTP client against a small server on loopback that answers as told.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use zs_notify::{smtp, NotifyError, SmtpConfig};

#[derive(Clone, Default)]
struct Script {
    /// Answer EHLO with 502 (an old server that knows only HELO).
    no_ehlo: bool,
    /// The AUTH line of the EHLO answer, e.g. "AUTH LOGIN".
    auth: Option<&'static str>,
    reject_rcpt: bool,
    /// Say nothing after the greeting.
    stall: bool,
}

#[derive(Default)]
struct Seen {
    commands: Vec<String>,
    data: Vec<String>,
}

async fn server(script: Script) -> (u16, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let s2 = seen.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (r, mut w) = stream.into_split();
            let mut r = BufReader::new(r);
            let (script, seen) = (script.clone(), s2.clone());
            tokio::spawn(async move {
                w.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                if script.stall {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    return;
                }
                let mut line = String::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let cmd = line.trim_end().to_string();
                    seen.lock().unwrap().commands.push(cmd.clone());
                    let upper = cmd.to_ascii_uppercase();
                    let answer: String = if upper.starts_with("EHLO") {
                        if script.no_ehlo {
                            "502 command not implemented\r\n".into()
                        } else {
                            match script.auth {
                                Some(a) => format!("250-sink\r\n250-8BITMIME\r\n250 {a}\r\n"),
                                None => "250-sink\r\n250 8BITMIME\r\n".into(),
                            }
                        }
                    } else if upper.starts_with("HELO") {
                        "250 sink\r\n".into()
                    } else if upper.starts_with("AUTH PLAIN") {
                        "235 ok\r\n".into()
                    } else if upper == "AUTH LOGIN" {
                        "334 VXNlcm5hbWU6\r\n".into()
                    } else if upper.starts_with("MAIL") {
                        "250 ok\r\n".into()
                    } else if upper.starts_with("RCPT") {
                        if script.reject_rcpt {
                            "550 5.1.1 no such user\r\n".into()
                        } else {
                            "250 ok\r\n".into()
                        }
                    } else if upper == "DATA" {
                        w.write_all(b"354 go ahead\r\n").await.unwrap();
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
                        seen.lock().unwrap().data.push(data);
                        "250 queued\r\n".into()
                    } else if upper == "QUIT" {
                        w.write_all(b"221 bye\r\n").await.unwrap();
                        return;
                    } else if seen.lock().unwrap().commands.iter().rev().nth(1).is_some_and(|c| c == "AUTH LOGIN") {
                        "334 UGFzc3dvcmQ6\r\n".into()
                    } else {
                        "235 ok\r\n".into()
                    };
                    w.write_all(answer.as_bytes()).await.unwrap();
                }
            });
        }
    });
    (port, seen)
}

fn cfg(port: u16) -> SmtpConfig {
    SmtpConfig::new("127.0.0.1", port, "中枢 <noreply@qinghe.gov.cn>")
}

fn body_of(data: &str) -> String {
    let (_, body) = data.split_once("\r\n\r\n").unwrap();
    String::from_utf8(B64.decode(body.replace("\r\n", "")).unwrap()).unwrap()
}

#[tokio::test]
async fn sends_one_message_with_dots_intact() {
    let (port, seen) = server(Script::default()).await;
    let text = "各位同志：\n.以点开头的一行\n..两个点\n请于本周五前报送。";
    smtp::send(&cfg(port), "li@qinghe.gov.cn", "周报提醒", text, 0).await.unwrap();
    let seen = seen.lock().unwrap();
    assert!(seen.commands[0].starts_with("EHLO [127.0.0.1]"), "{:?}", seen.commands);
    assert!(seen.commands.contains(&"MAIL FROM:<noreply@qinghe.gov.cn>".to_string()));
    assert!(seen.commands.contains(&"RCPT TO:<li@qinghe.gov.cn>".to_string()));
    assert_eq!(seen.commands.last().unwrap(), "QUIT");
    assert!(!seen.commands.iter().any(|c| c.starts_with("AUTH")), "no credentials, no AUTH");
    assert_eq!(body_of(&seen.data[0]), text.replace('\n', "\r\n"));
}

#[tokio::test]
async fn falls_back_to_helo() {
    let (port, seen) = server(Script { no_ehlo: true, ..Default::default() }).await;
    smtp::send(&cfg(port), "li@qinghe.gov.cn", "s", "b", 0).await.unwrap();
    let seen = seen.lock().unwrap();
    assert!(seen.commands[1].starts_with("HELO "), "{:?}", seen.commands);
    assert_eq!(seen.data.len(), 1);
}

#[tokio::test]
async fn authenticates_with_plain_or_login() {
    let with_user = |port| SmtpConfig { user: Some("zs".into()), password: Some("密码pw".into()), ..cfg(port) };

    let (port, seen) = server(Script { auth: Some("AUTH PLAIN LOGIN"), ..Default::default() }).await;
    smtp::send(&with_user(port), "li@qinghe.gov.cn", "s", "b", 0).await.unwrap();
    let plain = B64.encode("\0zs\0密码pw");
    assert!(seen.lock().unwrap().commands.contains(&format!("AUTH PLAIN {plain}")));

    let (port, seen) = server(Script { auth: Some("AUTH=LOGIN"), ..Default::default() }).await;
    smtp::send(&with_user(port), "li@qinghe.gov.cn", "s", "b", 0).await.unwrap();
    let cmds = seen.lock().unwrap().commands.clone();
    let i = cmds.iter().position(|c| c == "AUTH LOGIN").expect("AUTH LOGIN");
    assert_eq!(cmds[i + 1], B64.encode("zs"));
    assert_eq!(cmds[i + 2], B64.encode("密码pw"));

    let (port, _) = server(Script::default()).await;
    let err = smtp::send(&with_user(port), "li@qinghe.gov.cn", "s", "b", 0).await.unwrap_err();
    assert!(matches!(err, NotifyError::AuthUnavailable { .. }), "{err}");
}

#[tokio::test]
async fn a_refused_recipient_is_permanent() {
    let (port, seen) = server(Script { reject_rcpt: true, ..Default::default() }).await;
    let err = smtp::send(&cfg(port), "nobody@qinghe.gov.cn", "s", "b", 0).await.unwrap_err();
    assert!(matches!(err, NotifyError::Rejected { code: 550, step: "RCPT TO", .. }), "{err:?}");
    assert!(err.is_permanent());
    assert!(err.to_string().contains("拒绝"), "{err}");
    assert!(seen.lock().unwrap().data.is_empty());
}

#[tokio::test]
async fn silence_times_out_and_refusal_is_reported() {
    let (port, _) = server(Script { stall: true, ..Default::default() }).await;
    let c = SmtpConfig { timeout: Duration::from_millis(300), ..cfg(port) };
    let err = smtp::send(&c, "li@qinghe.gov.cn", "s", "b", 0).await.unwrap_err();
    assert!(matches!(err, NotifyError::Timeout { step: "EHLO", .. }), "{err:?}");
    assert!(!err.is_permanent());

    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let err = smtp::send(&cfg(port), "li@qinghe.gov.cn", "s", "b", 0).await.unwrap_err();
    assert!(matches!(err, NotifyError::Connect { .. }), "{err:?}");
    assert!(err.to_string().starts_with("无法连接邮件服务器"), "{err}");

    let err = smtp::send(&cfg(port), "not an address", "s", "b", 0).await.unwrap_err();
    assert!(matches!(err, NotifyError::Address(_)) && err.is_permanent());
}
