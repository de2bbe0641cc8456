//! 办事: 信息报送 (submission, screening and editing with versions, journals and their issues through review
//! and sign-off, upward adoption with points, 约稿 as tracked items, the score table and its 通报) and 公务接待
//! (registration with the 公函, the 2013 rule check before approval, the 接待清单 and its signature, statistics).
//! Every lifecycle step goes through `workflow::step` over the domain's tables; each use case is one transaction
//! with its history row, notices and audit event.

mod bench;
pub(crate) mod info;
pub(crate) mod journals;
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

pub(crate) use crate::error::refused;

/// Someone saved or stepped the same record a moment earlier.
pub(crate) fn concurrent() -> AppError {
    AppError::Conflict("其间已有人办理了这条记录，请刷新页面后再操作。".into())
}

pub(crate) use crate::documents::{file_name, mime_of};
