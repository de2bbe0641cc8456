//! Content-addressed files (attachments, originals, scans): stored once per distinct content under
//! its sha256. The bytes live in a directory (the default with SQLite; with several nodes it must be
//! a directory every node mounts) or, when no directory is configured on PostgreSQL, in the
//! `blob_data` table, so that every node can read them.

use crate::{q, Exec, Result, StoreError};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub enum Blobs {
    Dir(PathBuf),
    Database,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Blob { path: path.display().to_string(), source }
}

/// Copy every blob under `from` that `to` lacks into `to` (names are contents' hashes, so an existing name is
/// already the right file); returns how many were copied. Each is written beside its name, then renamed, so an
/// interrupted copy leaves no partial file under a real name.
pub fn copy_missing(from: &Path, to: &Path) -> Result<usize> {
    let mut copied = 0;
    let Ok(groups) = std::fs::read_dir(from) else { return Ok(0) };
    for group in groups {
        let group = group.map_err(io(from))?.path();
        if !group.is_dir() {
            continue;
        }
        let name = group.file_name().unwrap_or_default();
        let target_dir = to.join(name);
        for f in std::fs::read_dir(&group).map_err(io(&group))? {
            let f = f.map_err(io(&group))?.path();
            let Some(sha) = f.file_name().and_then(|n| n.to_str()).filter(|n| n.len() == 64) else { continue };
            let target = target_dir.join(sha);
            if target.exists() {
                continue;
            }
            std::fs::create_dir_all(&target_dir).map_err(io(&target_dir))?;
            let tmp = target.with_extension("part");
            std::fs::copy(&f, &tmp).map_err(io(&tmp))?;
            std::fs::rename(&tmp, &target).map_err(io(&target))?;
            copied += 1;
        }
    }
    Ok(copied)
}

impl Blobs {
    fn path(dir: &Path, sha: &str) -> PathBuf {
        dir.join(&sha[..2]).join(sha)
    }

    /// Store bytes (idempotent) and record the blob in the caller's transaction; returns the sha256.
    /// A file written for a transaction that then rolls back stays on disk unreferenced: harmless,
    /// since the same content maps to the same name.
    pub async fn put(&self, c: &mut impl Exec, bytes: &[u8], now: i64) -> Result<String> {
        let sha = sha256_hex(bytes);
        if let Blobs::Dir(dir) = self {
            {
                let path = Self::path(dir, &sha);
                if tokio::fs::metadata(&path).await.is_err() {
                    let parent = path.parent().unwrap_or(dir);
                    tokio::fs::create_dir_all(parent).await.map_err(io(parent))?;
                    // Write under a temporary name and rename, so a crash never leaves half a file
                    // under the content's name.
                    let tmp = parent.join(format!(".{sha}.{}", zs_domain::new_id()));
                    tokio::fs::write(&tmp, bytes).await.map_err(io(&tmp))?;
                    tokio::fs::rename(&tmp, &path).await.map_err(io(&path))?;
                }
            }
        }
        q("INSERT INTO blobs (sha256, size, created_ms) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING")
            .bind(sha.as_str())
            .bind(bytes.len() as i64)
            .bind(now)
            .execute(c)
            .await?;
        if let Blobs::Database = self {
            // blob_data references blobs: write the data after its row exists.
            q("INSERT INTO blob_data (sha256, data) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING")
                .bind(sha.as_str())
                .bind(bytes.to_vec())
                .execute(c)
                .await?;
        }
        Ok(sha)
    }

    /// The bytes stored under `sha`, if any (not checked against the name; see [`Blobs::check`]).
    pub async fn get(&self, c: &mut impl Exec, sha: &str) -> Result<Option<Vec<u8>>> {
        if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        match self {
            Blobs::Dir(dir) => {
                let path = Self::path(dir, sha);
                match tokio::fs::read(&path).await {
                    Ok(b) => Ok(Some(b)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(io(&path)(e)),
                }
            }
            Blobs::Database => {
                let row: Option<(Vec<u8>,)> =
                    q("SELECT data FROM blob_data WHERE sha256 = $1").bind(sha).fetch_optional(c).await?;
                Ok(row.map(|(b,)| b))
            }
        }
    }

    /// Fixity: present and its content still hashes to its name.
    pub async fn check(&self, c: &mut impl Exec, sha: &str) -> Result<Fixity> {
        Ok(match self.get(c, sha).await? {
            None => Fixity::Missing,
            Some(b) if sha256_hex(&b) == sha => Fixity::Intact,
            Some(_) => Fixity::Altered,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixity {
    Intact,
    Missing,
    Altered,
}
