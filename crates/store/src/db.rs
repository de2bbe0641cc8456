use crate::burden::Pending;
use crate::{Result, StoreError};
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a database URL names.
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// The database. SQLite gets one writer connection and a pool of readers: SQLite allows one
/// writer at a time anyway, and a single writer never meets SQLITE_BUSY on lock upgrade.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite { read: SqlitePool, write: SqlitePool },
    Postgres(PgPool),
}

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");
static PG_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

impl Db {
    /// `sqlite://path/to/file.db` or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db> {
        let err = |source| StoreError::Connect { url: redact(url), source };
        if Backend::of_url(url) == Backend::Postgres {
            let opts = PgConnectOptions::from_str(url).map_err(err)?.log_statements(tracing::log::LevelFilter::Trace);
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await
                .map_err(err)?;
            return Ok(Db::Postgres(pool));
        }
        let opts = SqliteConnectOptions::from_str(url)
            .map_err(err)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .log_statements(tracing::log::LevelFilter::Trace);
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(opts.clone())
            .await
            .map_err(err)?;
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts.read_only(false))
            .await
            .map_err(err)?;
        Ok(Db::Sqlite { read, write })
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite { write, .. } => SQLITE_MIGRATOR.run(write).await?,
            Db::Postgres(pool) => PG_MIGRATOR.run(pool).await?,
        }
        Ok(())
    }

    /// Begin a write transaction.
    pub async fn begin(&self) -> Result<Tx> {
        let inner = match self {
            Db::Sqlite { write, .. } => TxInner::Sqlite(write.begin().await?),
            Db::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
        };
        Ok(Tx { inner, burden: Pending::default() })
    }

    /// A connection for reads outside a transaction.
    pub async fn conn(&self) -> Result<Conn> {
        Ok(match self {
            Db::Sqlite { read, .. } => Conn::Sqlite(read.acquire().await?),
            Db::Postgres(pool) => Conn::Postgres(pool.acquire().await?),
        })
    }

    /// The store answers (for `/healthz`).
    /// Planner statistics and (PostgreSQL) the visibility map, as autovacuum keeps them in a long-running
    /// database; bulk-loaded benchmark data needs this, or PostgreSQL cannot use index-only scans on fresh rows.
    pub async fn analyze(&self) -> Result<()> {
        let sql = match self.backend() {
            Backend::Sqlite => "ANALYZE",
            Backend::Postgres => "VACUUM ANALYZE",
        };
        let mut c = self.conn().await?;
        crate::q(sql).execute(&mut c).await?;
        Ok(())
    }

    pub async fn ping(&self) -> Result<()> {
        let mut c = self.conn().await?;
        crate::q("SELECT 1").fetch_one::<(i32,)>(&mut c).await?;
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

fn redact(url: &str) -> String {
    // Hide a password in postgres://user:password@host.
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// A write transaction. It carries the 精文简会 rollup's changes (`burden::Pending`), written in one
/// sorted statement just before the commit, so the counts commit or roll back with the rows they count.
pub struct Tx {
    inner: TxInner,
    burden: Pending,
}

enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    pub async fn commit(mut self) -> Result<()> {
        let pending = std::mem::take(&mut self.burden);
        crate::burden::write(&mut self, pending).await?;
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Sqlite(_) => Backend::Sqlite,
            TxInner::Postgres(_) => Backend::Postgres,
        }
    }
}

pub enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

/// One connection of either backend, borrowed for one statement.
pub enum Ex<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

/// Anything a statement can run on: a transaction or a pooled connection.
pub trait Exec: Send {
    fn ex(&mut self) -> Ex<'_>;

    /// The rollup changes waiting for this transaction's commit; none outside a transaction, where
    /// each statement commits on its own and its changes are written at once.
    fn pending(&mut self) -> Option<&mut Pending> {
        None
    }
}

impl Exec for Tx {
    fn ex(&mut self) -> Ex<'_> {
        match &mut self.inner {
            TxInner::Sqlite(t) => Ex::Sqlite(&mut *t),
            TxInner::Postgres(t) => Ex::Postgres(&mut *t),
        }
    }

    fn pending(&mut self) -> Option<&mut Pending> {
        Some(&mut self.burden)
    }
}

impl Exec for Conn {
    fn ex(&mut self) -> Ex<'_> {
        match self {
            Conn::Sqlite(c) => Ex::Sqlite(&mut *c),
            Conn::Postgres(c) => Ex::Postgres(&mut *c),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_password() {
        assert_eq!(super::redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(super::redact("sqlite://data/a.db"), "sqlite://data/a.db");
    }
}
