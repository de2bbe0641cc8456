//! The use cases of 中枢. Each public function is one transaction: it checks with `zs_domain`,
//! writes with `zs_store`, and records its audit event before committing. The web layer and the
//! CLI call these and nothing below them.

pub mod affairs;
pub mod archive;
pub mod audit;
pub mod auth;
pub mod bench_search;
pub mod bulletin;
pub mod calendar;
mod config;
pub mod demo;
pub mod documents;
mod error;
pub mod ledger;
pub mod meetings;
pub mod notify;
pub mod org;
pub mod proof;
pub mod search;
pub mod tracking;
pub mod workbench;

pub use auth::Principal;
pub use config::Config;
pub use error::{AppError, RowError};
pub use zs_store::audit::AuditFilter;
pub use zs_store::auth::TokenRow;
pub use zs_store::org::UserFilter;
pub use zs_store::tracking::ItemFilter;
pub use zs_store::Backend;

use std::sync::{Arc, RwLock};
use zs_calendar::Calendar;
use zs_store::Db;

pub type Result<T> = std::result::Result<T, AppError>;

/// Everything a use case needs; cheap to clone (one per request).
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub config: Arc<Config>,
    /// Where attachment bytes live.
    pub blobs: zs_store::blobs::Blobs,
    calendar: Arc<RwLock<CalendarCache>>,
    /// The proofreader with the organisation's data, rebuilt when it changes.
    proof: Arc<RwLock<proof::ProofCache>>,
    /// Test clock: milliseconds added to "now" for deadline dates (only with `test_clock`).
    clock_offset: Arc<std::sync::atomic::AtomicI64>,
}

struct CalendarCache {
    stamp: (i64, i64),
    calendar: Calendar,
}

impl App {
    /// Connect, migrate, and load the calendar.
    pub async fn open(config: Config) -> Result<App> {
        if zs_store::Backend::of_url(&config.database_url) == zs_store::Backend::Sqlite {
            std::fs::create_dir_all(&config.data_dir)
                .map_err(|e| AppError::Config(format!("无法创建数据目录 {}：{e}", config.data_dir.display())))?;
        }
        let db = Db::connect(&config.database_url).await?;
        db.migrate().await?;
        let blobs = config.blobs();
        let app = App {
            db,
            blobs,
            config: Arc::new(config),
            calendar: Arc::new(RwLock::new(CalendarCache { stamp: (-1, -1), calendar: Calendar::builtin() })),
            proof: proof::ProofCache::new(),
            clock_offset: Arc::new(std::sync::atomic::AtomicI64::new(0)),
        };
        app.refresh_calendar().await?;
        app.refresh_proofreader().await?;
        app.rebuild_index_if_asked().await?;
        Ok(app)
    }

    pub fn now_ms(&self) -> i64 {
        zs_domain::time::now_ms()
    }

    /// The business clock: now, moved by the test clock when it is enabled (always 0 in production).
    /// Document times and ages use it, so a test can let a document wait for days.
    pub fn clock_ms(&self) -> i64 {
        self.now_ms() + self.clock_offset_ms()
    }

    pub fn clock_offset_ms(&self) -> i64 {
        self.clock_offset.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Move the deadline clock so that today is `date` (test clock only; sessions keep real time).
    pub fn set_test_today(&self, date: chrono::NaiveDate) -> Result<()> {
        if !self.config.test_clock {
            return Err(AppError::Denied("测试时钟未开启（需设置 ZHONGSHU_TEST_CLOCK=1）。".into()));
        }
        let real = zs_domain::time::local_date(self.now_ms());
        let offset = (date - real).num_days() * 86_400_000;
        self.clock_offset.store(offset, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// Move the business clock to a local date and time (test clock only): sign-in windows and
    /// 回执 deadlines are times of day, which `set_test_today` (whole days) cannot reach.
    pub fn set_test_time(&self, at: chrono::NaiveDateTime) -> Result<()> {
        if !self.config.test_clock {
            return Err(AppError::Denied("测试时钟未开启（需设置 ZHONGSHU_TEST_CLOCK=1）。".into()));
        }
        let offset = zs_domain::time::local_ms(at) - self.now_ms();
        self.clock_offset.store(offset, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}

impl App {
    /// A consistent copy of the database, taken while serving, and of the attachment files kept in a
    /// directory (into `FILE.blobs`; files are immutable, so those the copy refers to all exist already).
    /// Returns how many files were copied.
    pub async fn backup(&self, file: &std::path::Path) -> Result<usize> {
        self.db.backup(&self.config.database_url, file).await?;
        match &self.blobs {
            zs_store::blobs::Blobs::Dir(dir) => {
                let (dir, to) = (dir.clone(), blob_backup_dir(file));
                let n = tokio::task::spawn_blocking(move || zs_store::blobs::copy_missing(&dir, &to))
                    .await
                    .map_err(|e| AppError::Config(format!("备份附件失败：{e}")))??;
                Ok(n)
            }
            zs_store::blobs::Blobs::Database => Ok(0),
        }
    }
}

/// Where a backup keeps the attachment files: beside it, as `FILE.blobs`.
pub fn blob_backup_dir(file: &std::path::Path) -> std::path::PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".blobs");
    name.into()
}

/// Replace the configured database with a backup, and bring back attachment files from `FILE.blobs` when the
/// backup has them. The server must be stopped.
pub async fn restore(config: &Config, file: &std::path::Path) -> Result<()> {
    zs_store::backup::restore(&config.database_url, file).await?;
    let saved = blob_backup_dir(file);
    if let (zs_store::blobs::Blobs::Dir(target), true) = (config.blobs(), saved.is_dir()) {
        zs_store::blobs::copy_missing(&saved, &target)?;
    }
    Ok(())
}
