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
            max_body_bytes: file.max_body_mb.unwrap_or(50) * 1024 * 1024,
            tracking: file.tracking.unwrap_or_default(),
            test_clock: env("ZHONGSHU_TEST_CLOCK").is_some_and(|v| v == "1" || v == "true"),
        };
        if cfg.session_idle_minutes < 1 || cfg.lockout_threshold < 1 || cfg.lockout_minutes < 1 {
            return Err(AppError::Config("会话超时、锁定次数和锁定时长都必须大于0".into()));
        }
        Ok(cfg)
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
        }
    }
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
    }
}
