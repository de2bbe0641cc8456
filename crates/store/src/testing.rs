//! Fresh, migrated databases for tests, one of each backend. PostgreSQL comes from
//! `ZHONGSHU_TEST_PG` (default: the local server); a test fails, never skips, when it is unreachable.

use crate::Db;

pub const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub fn pg_admin_url() -> String {
    std::env::var("ZHONGSHU_TEST_PG").unwrap_or_else(|_| DEFAULT_PG.to_string())
}

/// A new SQLite database file in a new temporary directory; returns its URL.
pub fn sqlite_url() -> String {
    let dir = std::env::temp_dir().join(format!("zs-test-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    format!("sqlite://{}", dir.join("zhongshu.db").display())
}

/// A new empty PostgreSQL database (named `zs_t_…`, dropped by `scripts/test` before each run);
/// returns its URL.
pub async fn postgres_url() -> String {
    let admin = pg_admin_url();
    let name = format!("zs_t_{}", uuid::Uuid::now_v7().simple());
    let db = Db::connect(&admin).await.unwrap_or_else(|e| {
        panic!("PostgreSQL for tests is not reachable at {admin} ({e}); run scripts/ensure-postgres")
    });
    let mut c = db.conn().await.expect("pg connection");
    crate::q(format!("CREATE DATABASE {name}")).execute(&mut c).await.expect("create test database");
    drop(c);
    db.close().await;
    match admin.rfind('/') {
        Some(i) => format!("{}/{}", &admin[..i], name),
        None => panic!("ZHONGSHU_TEST_PG must end in /database"),
    }
}

pub async fn fresh(backend: crate::Backend) -> (Db, String) {
    let url = match backend {
        crate::Backend::Sqlite => sqlite_url(),
        crate::Backend::Postgres => postgres_url().await,
    };
    let db = Db::connect(&url).await.expect("connect test db");
    db.migrate().await.expect("migrate test db");
    (db, url)
}

/// Define one async test per backend: `both!(name, |db| async move { … });`
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let (db, url) = $crate::testing::fresh($crate::Backend::Sqlite).await;
                ($body)(db, url).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let (db, url) = $crate::testing::fresh($crate::Backend::Postgres).await;
                ($body)(db, url).await;
            }
        }
    };
}
