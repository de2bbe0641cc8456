//! Configuration: defaults, then `zhongshu.toml`, then `ZHONGSHU_*` environment variables.

use crate::AppError;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use zs_domain::{Classification, ClassificationPolicy};

#[derive(Debug, Clone)]
pub struct Config {
    /// Holds the SQLite file and attachments (`ZHONGSHU_DATA_DIR`, default `./data`).
    pub data_dir: PathBuf,
    /// `ZHONGSHU_LISTEN`, default `127.0.0.1:8080`.
    pub listen: String,
    /// `ZHONGSHU_DATABASE_URL`; default SQLite in the data dir. A `postgres://` URL switches backend.
    pub database_url: String,
    pub session_idle_minutes: i64,
    pub session_max_hours: i64,
    pub lockout_threshold: i64,
    pub lockout_minutes: i64,
    pub classification: ClassificationPolicy,
    /// Mark cookies `Secure` (set when served behind TLS).
    pub secure_cookies: bool,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Warning thresholds and reminder timing of the tracked-item engine (`[tracking]`).
    pub tracking: zs_domain::tracking::Policy,
    /// Allow moving "today" for deadlines from the API (`ZHONGSHU_TEST_CLOCK=1`; tests and demos only).
    pub test_clock: bool,
    /// Outbound notifications (`[notify]`).
    pub notify: NotifyConfig,
    /// Where attachment bytes live (`blob_dir`, `ZHONGSHU_BLOB_DIR`). Default: `data_dir/blobs` with
    /// SQLite; the database itself with PostgreSQL, so every node reads them.
    pub blob_dir: Option<PathBuf>,
    /// 办文 (`[documents]`).
    pub documents: DocumentsConfig,
    /// 档案 (`[archive]`).
    pub archive: ArchiveConfig,
}

/// 档案 settings: the 全宗号 given by the archives bureau and how 保管期限 are proposed.
#[derive(Debug, Clone)]
pub struct ArchiveConfig {
    /// 全宗号 printed in every 档号 and 归档章 (`fonds`, default Z001: set the real one).
    pub fonds: String,
    /// `[archive.retention]`: keys `outgoing`, `incoming`, `journal` (简报 issues), a 文种 code, or
    /// `outgoing.notice`; values Y, D30, D10.
    pub retention: zs_domain::archive::RetentionRules,
}

impl Default for ArchiveConfig {
    fn default() -> Self {
        ArchiveConfig { fonds: "Z001".into(), retention: zs_domain::archive::RetentionRules::default() }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArchiveFile {
    fonds: Option<String>,
    #[serde(default)]
    retention: std::collections::BTreeMap<String, String>,
}

fn archive_config(f: ArchiveFile) -> Result<ArchiveConfig, AppError> {
    let err = |e: zs_domain::Invalid| AppError::Config(format!("[archive] {e}"));
    let mut cfg = ArchiveConfig::default();
    if let Some(fonds) = f.fonds {
        cfg.fonds = zs_domain::archive::check_code("fonds", "全宗号", &fonds).map_err(err)?;
    }
    let pairs: Vec<(String, String)> = f.retention.into_iter().collect();
    cfg.retention = zs_domain::archive::RetentionRules::parse(&pairs).map_err(err)?;
    Ok(cfg)
}

/// 办文 settings.
#[derive(Debug, Clone)]
pub struct DocumentsConfig {
    /// Office hours that count towards a document's age (文不过夜).
    pub office_hours: zs_calendar::OfficeHours,
    /// 收文编号 prefix: 收 gives 收〔2026〕15号.
    pub incoming_prefix: String,
}

impl Default for DocumentsConfig {
    fn default() -> Self {
        DocumentsConfig { office_hours: zs_calendar::OfficeHours::default(), incoming_prefix: "收".into() }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentsFile {
    office_hours: Option<Vec<String>>,
    incoming_prefix: Option<String>,
}

fn documents_config(f: DocumentsFile) -> Result<DocumentsConfig, AppError> {
    let mut cfg = DocumentsConfig::default();
    if let Some(h) = f.office_hours {
        cfg.office_hours =
            zs_calendar::OfficeHours::parse(&h).map_err(|e| AppError::Config(format!("[documents] {e}")))?;
    }
    if let Some(p) = f.incoming_prefix {
        cfg.incoming_prefix = zs_domain::document::DocNumber::check_code(&p)
            .map_err(|e| AppError::Config(format!("[documents] incoming_prefix：{e}")))?;
    }
    Ok(cfg)
}

/// Where notifications go beside the in-app list. Both channels are optional.
#[derive(Debug, Clone)]
pub struct NotifyConfig {
    /// E-mail is sent only when this is set (`smtp_host`, or `ZHONGSHU_SMTP=host:port`).
    pub smtp: Option<zs_notify::SmtpConfig>,
    /// Start of the links in messages, without a trailing `/`.
    pub base_url: String,
    /// Attempts per message before it is given up and shown to the administrator.
    pub max_attempts: i64,
    pub webhooks: Vec<WebhookConfig>,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        NotifyConfig { smtp: None, base_url: "http://127.0.0.1:8080".into(), max_attempts: 8, webhooks: Vec::new() }
    }
}

/// One group robot or JSON endpoint (`[[notify.webhooks]]`).
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    pub webhook: zs_notify::Webhook,
    /// Names of the units whose notices it receives; empty: every notice.
    pub units: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    data_dir: Option<PathBuf>,
    listen: Option<String>,
    database_url: Option<String>,
    session_idle_minutes: Option<i64>,
    session_max_hours: Option<i64>,
    lockout_threshold: Option<i64>,
    lockout_minutes: Option<i64>,
    /// Highest level the deployment may hold: 工作秘密 unless on a certified classified network.
    classification_ceiling: Option<String>,
    /// Must be true to raise the ceiling to 秘密 or above.
    certified_network: Option<bool>,
    secure_cookies: Option<bool>,
    max_body_mb: Option<usize>,
    tracking: Option<zs_domain::tracking::Policy>,
    notify: Option<NotifyFile>,
    blob_dir: Option<PathBuf>,
    documents: Option<DocumentsFile>,
    archive: Option<ArchiveFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NotifyFile {
    smtp_host: Option<String>,
    smtp_port: Option<u16>,
    /// `noreply@xx.gov.cn` or `中枢 <noreply@xx.gov.cn>`.
    smtp_from: Option<String>,
    smtp_user: Option<String>,
    smtp_password: Option<String>,
    base_url: Option<String>,
    max_attempts: Option<i64>,
    #[serde(default)]
    webhooks: Vec<WebhookFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WebhookFile {
    name: String,
    kind: String,
    url: String,
    /// DingTalk 加签 secret.
    secret: Option<String>,
    #[serde(default)]
    units: Vec<String>,
}

impl Config {
    /// Read `path` if given (else `./zhongshu.toml` when it exists) and the environment.
    pub fn load(path: Option<&Path>) -> Result<Config, AppError> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let explicit = path.map(Path::to_path_buf).or_else(|| env("ZHONGSHU_CONFIG").map(PathBuf::from));
        let file = match explicit {
            Some(p) => Some(read(&p)?),
            None if Path::new("zhongshu.toml").exists() => Some(read(Path::new("zhongshu.toml"))?),
            None => None,
        }
        .unwrap_or_default();
        let data_dir = env("ZHONGSHU_DATA_DIR").map(PathBuf::from).or(file.data_dir).unwrap_or_else(|| "data".into());
        let database_url = env("ZHONGSHU_DATABASE_URL")
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("zhongshu.db").display()));
        let ceiling = match file.classification_ceiling.as_deref() {
            None => Classification::WorkSecret,
            Some(s) => Classification::from_code(s)
                .ok_or_else(|| AppError::Config(format!("classification_ceiling “{s}” 不是有效的密级")))?,
        };
        if ceiling.is_state_secret() && file.certified_network != Some(true) {
            return Err(AppError::Config(
                "classification_ceiling 高于工作秘密时必须同时设置 certified_network = true（仅限通过涉密认证的网络）"
                    .into(),
            ));
        }
        let cfg = Config {
            data_dir,
            listen: env("ZHONGSHU_LISTEN").or(file.listen).unwrap_or_else(|| "127.0.0.1:8080".into()),
            database_url,
            session_idle_minutes: file.session_idle_minutes.unwrap_or(30),
            session_max_hours: file.session_max_hours.unwrap_or(12),
            lockout_threshold: file.lockout_threshold.unwrap_or(5),
            lockout_minutes: file.lockout_minutes.unwrap_or(15),
            classification: ClassificationPolicy { ceiling },
            secure_cookies: file.secure_cookies.unwrap_or(false),
            max_body_bytes: file.max_body_mb.unwrap_or(50).saturating_mul(1024 * 1024),
            tracking: file.tracking.unwrap_or_default(),
            test_clock: env("ZHONGSHU_TEST_CLOCK").is_some_and(|v| v == "1" || v == "true"),
            notify: notify_config(
                file.notify.unwrap_or_default(),
                env("ZHONGSHU_SMTP"),
                env("ZHONGSHU_SMTP_PASSWORD"),
            )?,
            blob_dir: env("ZHONGSHU_BLOB_DIR").map(PathBuf::from).or(file.blob_dir),
            documents: documents_config(file.documents.unwrap_or_default())?,
            archive: archive_config(file.archive.unwrap_or_default())?,
        };
        if cfg.session_idle_minutes < 1
            || cfg.session_max_hours < 1
            || cfg.lockout_threshold < 1
            || cfg.lockout_minutes < 1
            || cfg.max_body_bytes < 1024 * 1024
        {
            return Err(AppError::Config(
                "会话超时、会话最长时长、锁定次数、锁定时长和上传上限（MB）都必须大于0".into(),
            ));
        }
        if cfg.tracking.remind_before.iter().any(|d| *d < 0) || cfg.tracking.yellow_within < 0 {
            return Err(AppError::Config("[tracking] 中的工作日数不能为负数".into()));
        }
        Ok(cfg)
    }

    /// Where attachment bytes live: `blob_dir` if set, else `data_dir/blobs` with SQLite and the database
    /// itself with PostgreSQL (every node reads it there).
    pub fn blobs(&self) -> zs_store::blobs::Blobs {
        match (&self.blob_dir, zs_store::Backend::of_url(&self.database_url)) {
            (Some(dir), _) => zs_store::blobs::Blobs::Dir(dir.clone()),
            (None, zs_store::Backend::Sqlite) => zs_store::blobs::Blobs::Dir(self.data_dir.join("blobs")),
            (None, zs_store::Backend::Postgres) => zs_store::blobs::Blobs::Database,
        }
    }

    /// A configuration for tests and tools: SQLite (or the given URL) in `data_dir`, defaults elsewhere.
    pub fn for_data_dir(data_dir: PathBuf, database_url: Option<String>) -> Config {
        let database_url =
            database_url.unwrap_or_else(|| format!("sqlite://{}", data_dir.join("zhongshu.db").display()));
        Config {
            data_dir,
            listen: "127.0.0.1:0".into(),
            database_url,
            session_idle_minutes: 30,
            session_max_hours: 12,
            lockout_threshold: 5,
            lockout_minutes: 15,
            classification: ClassificationPolicy::default(),
            secure_cookies: false,
            max_body_bytes: 50 * 1024 * 1024,
            tracking: zs_domain::tracking::Policy::default(),
            test_clock: false,
            notify: NotifyConfig::default(),
            blob_dir: None,
            documents: DocumentsConfig::default(),
            archive: ArchiveConfig::default(),
        }
    }
}

/// Check `[notify]` and apply `ZHONGSHU_SMTP` (`host` or `host:port`) and `ZHONGSHU_SMTP_PASSWORD`.
fn notify_config(
    mut f: NotifyFile,
    env_smtp: Option<String>,
    env_password: Option<String>,
) -> Result<NotifyConfig, AppError> {
    let err = |m: String| AppError::Config(format!("[notify] {m}"));
    if let Some(v) = env_smtp {
        let (host, port) = match v.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(':') && !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) => {
                let port = p.parse::<u16>().map_err(|_| err(format!("ZHONGSHU_SMTP“{v}”的端口无效")))?;
                (h.trim_start_matches('[').trim_end_matches(']').to_string(), Some(port))
            }
            _ => (v.clone(), None),
        };
        f.smtp_host = Some(host);
        f.smtp_port = port.or(f.smtp_port);
    }
    if env_password.is_some() {
        f.smtp_password = env_password;
    }
    let mut cfg = NotifyConfig::default();
    let host = f.smtp_host.map(|h| h.trim().to_string()).filter(|h| !h.is_empty());
    match host {
        Some(host) => {
            let from = f.smtp_from.filter(|s| !s.trim().is_empty()).ok_or_else(|| {
                err("设置了 smtp_host 时必须同时设置 smtp_from（发件人地址，如 noreply@xx.gov.cn）".into())
            })?;
            zs_notify::smtp::Mailbox::parse(&from).map_err(|_| err(format!("smtp_from“{from}”不是有效的邮件地址")))?;
            let port = f.smtp_port.unwrap_or(25);
            if port == 0 {
                return Err(err("smtp_port 必须在1到65535之间".into()));
            }
            let user = f.smtp_user.filter(|s| !s.is_empty());
            let password = f.smtp_password.filter(|s| !s.is_empty());
            if user.is_some() != password.is_some() {
                return Err(err("smtp_user 和 smtp_password 须同时设置或同时不设".into()));
            }
            cfg.smtp = Some(zs_notify::SmtpConfig { user, password, ..zs_notify::SmtpConfig::new(&host, port, &from) });
        }
        None if f.smtp_from.is_some() || f.smtp_user.is_some() || f.smtp_port.is_some() => {
            return Err(err("设置了邮件参数但缺少 smtp_host（邮件服务器地址）".into()));
        }
        None => {}
    }
    if let Some(base) = f.base_url {
        zs_notify::webhook::check_url(&base)
            .map_err(|_| err(format!("base_url“{base}”无效，应为本系统的访问地址，如 http://10.1.2.3:8080")))?;
        cfg.base_url = base.trim_end_matches('/').to_string();
    }
    if let Some(n) = f.max_attempts {
        if !(1..=100).contains(&n) {
            return Err(err("max_attempts 必须在1到100之间".into()));
        }
        cfg.max_attempts = n;
    }
    for w in f.webhooks {
        let name = w.name.trim().to_string();
        if name.is_empty() {
            return Err(err("每个 webhook 都要有 name（名称）".into()));
        }
        if cfg.webhooks.iter().any(|c| c.webhook.name == name) {
            return Err(err(format!("webhook 名称“{name}”重复")));
        }
        let kind = zs_notify::WebhookKind::from_code(w.kind.trim()).ok_or_else(|| {
            err(format!("webhook“{name}”的 kind“{}”无效，应为 dingtalk（钉钉）、wecom（企业微信）或 json", w.kind))
        })?;
        zs_notify::webhook::check_url(w.url.trim()).map_err(|e| err(format!("webhook“{name}”：{e}")))?;
        let secret = w.secret.filter(|s| !s.is_empty());
        if secret.is_some() && kind != zs_notify::WebhookKind::DingTalk {
            return Err(err(format!("webhook“{name}”：只有 dingtalk 支持 secret（加签）")));
        }
        let units = w.units.iter().map(|u| zs_domain::text::clean(u)).filter(|u| !u.is_empty()).collect();
        let webhook = zs_notify::Webhook { name, kind, url: w.url.trim().to_string(), secret };
        cfg.webhooks.push(WebhookConfig { webhook, units });
    }
    Ok(cfg)
}

fn read(p: &Path) -> Result<File, AppError> {
    let text = std::fs::read_to_string(p).map_err(|e| AppError::Config(format!("无法读取 {}：{e}", p.display())))?;
    toml::from_str(&text).map_err(|e| AppError::Config(format!("{} 格式错误：{e}", p.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_values_and_ceiling_guard() {
        let dir = std::env::temp_dir().join(format!("zs-cfg-{}", zs_domain::new_id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("zhongshu.toml");
        std::fs::write(&p, "listen = \"0.0.0.0:9000\"\nlockout_threshold = 3\n").unwrap();
        let c = Config::load(Some(&p)).unwrap();
        assert_eq!(c.lockout_threshold, 3);
        assert_eq!(c.classification.ceiling, Classification::WorkSecret);

        std::fs::write(&p, "classification_ceiling = \"机密\"\n").unwrap();
        assert!(Config::load(Some(&p)).is_err(), "raising the ceiling needs certified_network");
        std::fs::write(&p, "classification_ceiling = \"机密\"\ncertified_network = true\n").unwrap();
        assert_eq!(Config::load(Some(&p)).unwrap().classification.ceiling, Classification::Confidential);

        std::fs::write(&p, "no_such_key = 1\n").unwrap();
        assert!(Config::load(Some(&p)).is_err(), "typos in the file are reported");
        std::fs::write(&p, "[tracking]\nremind_before = [5, 2, 1]\n").unwrap();
        let t = Config::load(Some(&p)).unwrap().tracking;
        assert_eq!((t.remind_before, t.yellow_within), (vec![5, 2, 1], 3), "unnamed thresholds keep their defaults");
        std::fs::write(&p, "[tracking]\nyelow_within = 2\n").unwrap();
        assert!(Config::load(Some(&p)).is_err(), "a misspelt threshold is reported, not ignored");
    }

    fn notify(toml_text: &str) -> Result<NotifyConfig, AppError> {
        let f: File = toml::from_str(toml_text).map_err(|e| AppError::Config(e.to_string()))?;
        notify_config(f.notify.unwrap_or_default(), None, None)
    }

    #[test]
    fn notify_section() {
        let c = notify(
            r#"
            [notify]
            smtp_host = "127.0.0.1"
            smtp_from = "中枢 <noreply@qinghe.gov.cn>"
            base_url = "http://10.1.2.3:8080/"
            max_attempts = 5
            [[notify.webhooks]]
            name = "县委办群"
            kind = "dingtalk"
            url = "https://oapi.dingtalk.com/robot/send?access_token=abc"
            secret = "SECabc"
            units = ["县委办公室"]
            [[notify.webhooks]]
            name = "值班系统"
            kind = "json"
            url = "http://10.1.2.4/hook"
            "#,
        )
        .unwrap();
        let smtp = c.smtp.unwrap();
        assert_eq!((smtp.host.as_str(), smtp.port, smtp.user.is_none()), ("127.0.0.1", 25, true));
        assert_eq!((c.base_url.as_str(), c.max_attempts), ("http://10.1.2.3:8080", 5));
        assert_eq!(c.webhooks.len(), 2);
        assert_eq!(c.webhooks[0].units, ["县委办公室"]);
        assert!(c.webhooks[1].units.is_empty());
        assert!(!format!("{:?}", c.webhooks[0]).contains("abc"), "tokens stay out of logs");

        let d = notify("").unwrap();
        assert!(d.smtp.is_none() && d.webhooks.is_empty());
        assert_eq!((d.base_url.as_str(), d.max_attempts), ("http://127.0.0.1:8080", 8));

        for (bad, says) in [
            ("[notify]\nsmtp_host = \"mx\"\n", "smtp_from"),
            ("[notify]\nsmtp_from = \"a@b.cn\"\n", "smtp_host"),
            ("[notify]\nsmtp_host = \"mx\"\nsmtp_from = \"a@b.cn\"\nsmtp_user = \"u\"\n", "smtp_password"),
            ("[[notify.webhooks]]\nname = \"a\"\nkind = \"slack\"\nurl = \"http://x/\"\n", "dingtalk"),
            ("[[notify.webhooks]]\nname = \"a\"\nkind = \"json\"\nurl = \"x\"\n", "无效"),
            ("[notify]\nmax_attempts = 0\n", "max_attempts"),
            ("[notify]\nsmtp_hots = \"mx\"\n", "smtp_hots"),
        ] {
            let e = notify(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }

        let f = NotifyFile { smtp_from: Some("a@b.cn".into()), smtp_port: Some(2525), ..Default::default() };
        let c = notify_config(f, Some("[::1]:587".into()), Some("pw".into()));
        assert!(c.is_err(), "a password without a user");
        let f = NotifyFile { smtp_from: Some("a@b.cn".into()), smtp_port: Some(2525), ..Default::default() };
        let smtp = notify_config(f, Some("relay.local".into()), None).unwrap().smtp.unwrap();
        assert_eq!((smtp.host.as_str(), smtp.port), ("relay.local", 2525));
        let f = NotifyFile { smtp_from: Some("a@b.cn".into()), ..Default::default() };
        let smtp = notify_config(f, Some("[::1]:587".into()), None).unwrap().smtp.unwrap();
        assert_eq!((smtp.host.as_str(), smtp.port), ("::1", 587));
    }
}
