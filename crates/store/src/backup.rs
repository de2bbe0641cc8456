//! Online backup and offline restore. SQLite: `VACUUM INTO` makes a consistent copy while the
//! server keeps serving. PostgreSQL: `pg_dump` in custom format, restored with `pg_restore`.

use crate::{Db, Result, StoreError};
use std::path::Path;

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const PGDUMP_MAGIC: &[u8] = b"PGDMP";

impl Db {
    /// Write a consistent copy of the database to `file` (which must not exist yet).
    pub async fn backup(&self, url: &str, file: &Path) -> Result<()> {
        if file.exists() {
            return Err(StoreError::Backup(format!("备份文件 {} 已存在，请换一个文件名。", file.display())));
        }
        match self {
            Db::Sqlite { read, .. } => {
                let mut c = read.acquire().await?;
                sqlx::query("VACUUM INTO $1").bind(file.to_string_lossy().to_string()).execute(&mut *c).await?;
                Ok(())
            }
            Db::Postgres(_) => {
                run("pg_dump", &["--format=custom", "--no-owner", "--file", &file.to_string_lossy(), url]).await
            }
        }
    }
}

/// Replace the database at `url` with the backup in `file`. Run with the server stopped.
pub async fn restore(url: &str, file: &Path) -> Result<()> {
    let head = read_head(file)?;
    if crate::Backend::of_url(url) == crate::Backend::Postgres {
        if !head.starts_with(PGDUMP_MAGIC) {
            return Err(StoreError::Backup("这不是 PostgreSQL 备份文件（pg_dump 自定义格式）。".into()));
        }
        return run(
            "pg_restore",
            &["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", url, &file.to_string_lossy()],
        )
        .await;
    }
    if !head.starts_with(SQLITE_MAGIC) {
        return Err(StoreError::Backup("这不是 SQLite 备份文件。".into()));
    }
    let target = sqlite_path(url)?;
    // Check the copy before it replaces anything: it must open, be intact and be ours.
    let check = Db::connect(&format!("sqlite://{}", file.display())).await?;
    let mut c = check.conn().await?;
    let (ok,): (String,) = crate::q("PRAGMA integrity_check").fetch_one(&mut c).await?;
    let ours: Option<(i64,)> =
        crate::q("SELECT seq FROM audit_head WHERE id = 1").fetch_optional(&mut c).await.ok().flatten();
    drop(c);
    check.close().await;
    if ok != "ok" || ours.is_none() {
        return Err(StoreError::Backup("备份文件已损坏或不是中枢的数据库，未做任何恢复。".into()));
    }
    // Copy beside the target, then rename over it: the old database stays whole until the last step.
    let tmp = target.with_extension("restoring");
    std::fs::copy(file, &tmp).map_err(|e| StoreError::Backup(format!("复制备份失败：{e}")))?;
    for ext in ["db-wal", "db-shm"] {
        let _ = std::fs::remove_file(target.with_extension(ext));
    }
    std::fs::rename(&tmp, &target).map_err(|e| StoreError::Backup(format!("替换数据库文件失败：{e}")))?;
    Ok(())
}

fn read_head(file: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut f = std::fs::File::open(file)
        .map_err(|e| StoreError::Backup(format!("无法打开备份文件 {}：{e}", file.display())))?;
    let mut buf = vec![0u8; 16];
    let n = f.read(&mut buf).map_err(|e| StoreError::Backup(format!("读取备份文件失败：{e}")))?;
    buf.truncate(n);
    Ok(buf)
}

/// The file behind a `sqlite://` URL.
pub fn sqlite_path(url: &str) -> Result<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        return Err(StoreError::Backup("内存数据库无法恢复。".into()));
    }
    Ok(std::path::PathBuf::from(path))
}

async fn run(program: &str, args: &[&str]) -> Result<()> {
    let out = tokio::process::Command::new(program)
        .args(args)
        .output()
        .await
        .map_err(|e| StoreError::Backup(format!("无法运行 {program}（请安装 PostgreSQL 客户端）：{e}")))?;
    if !out.status.success() {
        return Err(StoreError::Backup(format!("{program} 失败：{}", String::from_utf8_lossy(&out.stderr).trim())));
    }
    Ok(())
}
