#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("无法连接数据库 {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("数据库迁移失败: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("数据库错误: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("{0}")]
    Backup(String),
    /// A stored value that does not decode (edited by hand, or written by a newer version).
    #[error("数据损坏：{0}")]
    Corrupt(String),
    #[error("文件存储错误（{path}）：{source}")]
    Blob { path: String, source: std::io::Error },
}

impl StoreError {
    /// A UNIQUE constraint refused the write (the caller turns it into a Chinese 409).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Sql(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}
