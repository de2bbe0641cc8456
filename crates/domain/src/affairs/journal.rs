//! 期刊: the county's information journals (《青禾政务信息》, 《每日要情》, 《专报》 …), their issues (期) numbered per
//! year, and an issue's lifecycle: 编辑中 → 待审核 → 待签发 → 已印发, with 退回.

use crate::workflow::Transition;
use crate::{text, Invalid, Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded_enum!(
    IssueState {
        Editing = "editing" / "编辑中",
        Reviewing = "reviewing" / "待审核",
        SigningOff = "signing_off" / "待签发",
        Issued = "issued" / "已印发",
    }
);

coded_enum!(
    IssueAct {
        Edit = "edit" / "编辑",
        Submit = "submit" / "送审核",
        Approve = "approve" / "审核通过",
        Return = "return" / "退回",
        SignOff = "sign_off" / "签发印发",
    }
);

coded_enum!(
    IssueParty {
        Editor = "editor" / "信息科",
        Reviewer = "reviewer" / "办公室审核",
        Signer = "signer" / "签发领导",
    }
);

use IssueAct as A;
use IssueParty as P;
use IssueState as S;

/// 信息科 edits and sends for review; the office (主任, 副主任) reviews; a leader or the office director signs it
/// off, which issues it (印发). Review and sign-off may send it back to the editors with a reason.
pub const ISSUE_FLOW: &[Transition<IssueState, IssueAct, IssueParty>] = &[
    Transition { from: &[S::Editing], action: A::Edit, by: &[P::Editor], to: None },
    Transition { from: &[S::Editing], action: A::Submit, by: &[P::Editor], to: Some(S::Reviewing) },
    Transition { from: &[S::Reviewing], action: A::Approve, by: &[P::Reviewer], to: Some(S::SigningOff) },
    Transition { from: &[S::Reviewing], action: A::Return, by: &[P::Reviewer], to: Some(S::Editing) },
    Transition { from: &[S::SigningOff], action: A::Return, by: &[P::Signer], to: Some(S::Editing) },
    Transition { from: &[S::SigningOff], action: A::SignOff, by: &[P::Signer], to: Some(S::Issued) },
];

/// What someone with these roles is to every issue.
pub fn parties(roles: &[Role]) -> Vec<IssueParty> {
    let mut out = Vec::new();
    if roles.contains(&Role::InfoEditor) {
        out.push(P::Editor);
    }
    if roles.contains(&Role::OfficeDirector) {
        out.push(P::Reviewer);
    }
    if roles.contains(&Role::Leader) || roles.contains(&Role::OfficeDirector) {
        out.push(P::Signer);
    }
    out
}

/// A journal the 信息科 edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    pub id: String,
    /// 刊名 without 《》, e.g. 青禾政务信息.
    pub name: String,
    /// The red 刊头 as printed; usually the name.
    pub mark: String,
    /// 编印单位, e.g. 青禾县人民政府办公室.
    pub editor: String,
    /// 报送范围 printed in the 版记 (default for new issues).
    pub distribution: String,
    pub active: bool,
    pub created_ms: i64,
}

/// A journal's fields as typed, checked: the name without 《》.
pub fn check_journal(
    name: &str,
    mark: &str,
    editor: &str,
    distribution: &str,
) -> Result<(String, String, String, String), Invalid> {
    let name = text::required("name", "刊名", name.trim().trim_start_matches('《').trim_end_matches('》'), 30)?;
    let mark = text::optional("mark", "刊头", mark, 30)?;
    let mark = if mark.is_empty() { name.clone() } else { mark };
    let editor = text::required("editor", "编印单位", editor, 60)?;
    let distribution = text::multiline("distribution", "报送范围", distribution, 500)?;
    Ok((name, mark, editor, distribution))
}

/// Who signed an issue off, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueSignOff {
    pub name: String,
    pub date: NaiveDate,
    pub opinion: String,
}

/// One issue (期) of a journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalIssue {
    pub id: String,
    pub journal_id: String,
    pub year: i32,
    /// 期号, running per journal and year from 1.
    pub no: i64,
    /// For a 专报 of one matter: its title; otherwise empty.
    pub title: String,
    pub state: IssueState,
    pub distribution: String,
    pub created_by: String,
    pub sign_off: Option<IssueSignOff>,
    pub note: String,
    pub created_ms: i64,
    pub updated_ms: i64,
}

impl JournalIssue {
    /// 2026年第12期
    pub fn label(&self) -> String {
        issue_label(self.year, self.no)
    }
}

pub fn issue_label(year: i32, no: i64) -> String {
    format!("{year}年第{no}期")
}

/// An issue number as typed: 1 to 9999.
pub fn check_issue_no(no: i64) -> Result<i64, Invalid> {
    if !(1..=9999).contains(&no) {
        return Err(Invalid::field("no", "期号应为1到9999的整数。"));
    }
    Ok(no)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::{available, step, Refusal};

    #[test]
    fn an_issue_goes_through_review_and_sign_off() {
        let ed = parties(&[Role::InfoEditor]);
        let director = parties(&[Role::OfficeDirector]);
        let leader = parties(&[Role::Leader]);
        assert_eq!(director, vec![P::Reviewer, P::Signer]);
        let s = step(ISSUE_FLOW, S::Editing, A::Submit, &ed).unwrap();
        assert!(matches!(step(ISSUE_FLOW, s, A::Approve, &ed), Err(Refusal::NotYours(_))));
        assert!(matches!(step(ISSUE_FLOW, s, A::SignOff, &leader), Err(Refusal::WrongState(_))));
        assert_eq!(step(ISSUE_FLOW, s, A::Return, &director), Ok(S::Editing));
        let s = step(ISSUE_FLOW, s, A::Approve, &director).unwrap();
        assert_eq!(available(ISSUE_FLOW, s, &leader), vec![A::Return, A::SignOff]);
        assert_eq!(step(ISSUE_FLOW, s, A::SignOff, &leader), Ok(S::Issued));
        assert!(available(ISSUE_FLOW, S::Issued, &[P::Editor, P::Reviewer, P::Signer]).is_empty());
        assert!(matches!(step(ISSUE_FLOW, S::Reviewing, A::Edit, &ed), Err(Refusal::WrongState(_))));
    }

    #[test]
    fn journals_and_numbers_are_checked() {
        let (name, mark, ..) = check_journal("《青禾政务信息》", "", "青禾县人民政府办公室", "").unwrap();
        assert_eq!((name.as_str(), mark.as_str()), ("青禾政务信息", "青禾政务信息"));
        assert!(check_journal("", "", "x", "").is_err());
        assert!(check_journal("专报", "", " ", "").unwrap_err().message.contains("编印单位"));
        assert!(check_issue_no(0).is_err() && check_issue_no(10_000).is_err());
        assert_eq!(issue_label(2026, 12), "2026年第12期");
    }
}
