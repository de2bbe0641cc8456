use zs_domain::Invalid;
use zs_store::StoreError;

/// One bad row of an import, by its row number in the sheet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    pub row: usize,
    pub message: String,
}

/// What a use case can answer instead of doing the thing. Every variant carries a Chinese
/// sentence for the person; the web layer maps variants to HTTP statuses.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Denied(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooManyAttempts(String),
    #[error("导入未执行：{} 行有错误", .0.len())]
    Rows(Vec<RowError>),
    #[error("{0}")]
    File(String),
    #[error("配置错误：{0}")]
    Config(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A step the transition table refuses: out of order is a conflict (409), not one's own to take is 403.
impl From<zs_domain::workflow::Refusal> for AppError {
    fn from(r: zs_domain::workflow::Refusal) -> Self {
        match r {
            zs_domain::workflow::Refusal::WrongState(m) => AppError::Conflict(m),
            zs_domain::workflow::Refusal::NotYours(m) => AppError::Denied(m),
        }
    }
}

/// `From<Refusal>` as a function, for `map_err`.
pub(crate) fn refused(r: zs_domain::workflow::Refusal) -> AppError {
    r.into()
}

impl From<zs_office::OfficeError> for AppError {
    fn from(e: zs_office::OfficeError) -> Self {
        match e {
            zs_office::OfficeError::Write(m) => AppError::File(format!("生成表格失败：{m}")),
            other => AppError::File(other.to_string()),
        }
    }
}

impl AppError {
    pub fn denied(reason: impl Into<String>) -> Self {
        AppError::Denied(reason.into())
    }
}
