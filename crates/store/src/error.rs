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
}

impl StoreError {
    /// A UNIQUE constraint refused the write (the caller turns it into a Chinese 409).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Sql(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}
