//! 办事: 信息报送 (submission, screening and editing with versions, journals and their issues through review
//! and sign-off, upward adoption with points, 约稿 as tracked items, the score table and its 通报) and 公务接待
//! (registration with the 公函, the 2013 rule check before approval, the 接待清单 and its signature, statistics).
//! Every lifecycle step goes through `workflow::step` over the domain's tables; each use case is one transaction
//! with its history row, notices and audit event.

mod bench;
mod info;
mod journals;
mod reception;
mod scores;

pub use info::{InfoStep, InfoView, NewCommission, NewInfo, Submitted};
pub use journals::{IssueStep, IssueView, JournalInput, NewIssue};
pub use reception::{ReceptionStats, ReceptionStep, ReceptionView};
pub use scores::{RuleView, ScoreTable};
pub use zs_proof::{Finding, Severity as ProofSeverity};
pub use zs_store::affairs::info::{FileRow, ItemFilter, ScoreRow, VersionRow};
pub use zs_store::affairs::reception::{ReceptionFilter, StatRow};

use crate::AppError;
use zs_domain::workflow::Refusal;

pub(crate) fn refused(r: Refusal) -> AppError {
    match r {
        Refusal::WrongState(m) => AppError::Conflict(m),
        Refusal::NotYours(m) => AppError::Denied(m),
    }
}

/// Someone saved or stepped the same record a moment earlier.
pub(crate) fn concurrent() -> AppError {
    AppError::Conflict("其间已有人办理了这条记录，请刷新页面后再操作。".into())
}

/// A MIME type from a file name, for downloads.
pub(crate) fn mime_of(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("").to_ascii_lowercase().as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ofd" => "application/ofd",
        "txt" => "text/plain; charset=utf-8",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// A file name without path and characters file systems refuse.
pub(crate) fn file_name(base: &str, ext: &str) -> String {
    let clean: String = base.trim().chars().map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c }).take(80).collect();
    format!("{clean}.{ext}")
}
