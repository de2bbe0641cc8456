//! The 发文 and 收文 flows as transition tables for `workflow::step`, who holds a document in each
//! state (its 待办), which states allow editing, and how long is too long to hold it (文不过夜).

use super::DocState as S;

use crate::tracking::Warning;
use crate::workflow::Transition;
use crate::Role;

coded_enum!(
    DocAct {
        Submit = "submit" / "送审核",
        Withdraw = "withdraw" / "撤回",
        Return = "return" / "退回",
        ToCountersign = "to_countersign" / "送会签",
        Countersign = "countersign" / "会签",
        ToSignOff = "to_sign_off" / "送签发",
        SignOff = "sign_off" / "签发",
        Recheck = "recheck" / "复核",
        Register = "register" / "登记",
        Produce = "produce" / "印制",
        Dispatch = "dispatch" / "核发",
        Acknowledge = "acknowledge" / "签收",
        Screen = "screen" / "初审通过",
        Reject = "reject" / "退文",
        Propose = "propose" / "拟办呈批",
        Distribute = "distribute" / "分送阅知",
        Instruct = "instruct" / "批示",
        Assign = "assign" / "交办承办",
        Circulate = "circulate" / "传阅",
        Read = "read" / "阅毕",
        Recall = "recall" / "收回传阅",
        Urge = "urge" / "催办",
        Complete = "complete" / "办结",
        Archive = "archive" / "归档",
        Void = "void" / "作废",
    }
);

coded_enum!(
    /// Who someone is with respect to one document.
    DocParty {
        Drafter = "drafter" / "起草人",
        Reviewer = "reviewer" / "核稿人",
        Countersigner = "countersigner" / "会签单位",
        Signer = "signer" / "签发人",
        Registrar = "registrar" / "文书",
        Director = "director" / "办公室主任",
        Office = "office" / "办公室",
        Leader = "leader" / "批示领导",
        Reader = "reader" / "传阅人",
        Archivist = "archivist" / "档案员",
    }
);

use DocAct as A;
use DocParty as P;

const BEFORE_SIGN: &[S] = &[S::Drafting, S::Reviewing];
const IN_OFFICE: &[S] = &[S::Countersigning, S::SigningOff, S::Rechecking, S::ToRegister, S::Producing, S::Dispatching];

/// 发文: 起草 → 审核 → (会签) → 签发 → 复核 → 登记 → 印制 → 核发 → 归档; 退回 with a reason at every review
/// step; the drafter withdraws before review; 作废 with a reason until 核发.
pub const OUTGOING: &[Transition<S, DocAct, DocParty>] = &[
    Transition { from: &[S::Drafting], action: A::Submit, by: &[P::Drafter], to: Some(S::Reviewing) },
    Transition { from: &[S::Reviewing], action: A::Withdraw, by: &[P::Drafter], to: Some(S::Drafting) },
    Transition { from: &[S::Reviewing], action: A::ToCountersign, by: &[P::Reviewer], to: Some(S::Countersigning) },
    Transition { from: &[S::Reviewing], action: A::ToSignOff, by: &[P::Reviewer], to: Some(S::SigningOff) },
    Transition { from: &[S::Reviewing], action: A::Return, by: &[P::Reviewer], to: Some(S::Drafting) },
    // The last unit's 会签 moves the document on to 签发 (the use case checks that all have signed).
    Transition { from: &[S::Countersigning], action: A::Countersign, by: &[P::Countersigner], to: None },
    Transition {
        from: &[S::Countersigning],
        action: A::Return,
        by: &[P::Countersigner, P::Reviewer],
        to: Some(S::Drafting),
    },
    Transition { from: &[S::SigningOff], action: A::SignOff, by: &[P::Signer], to: Some(S::Rechecking) },
    Transition { from: &[S::SigningOff], action: A::Return, by: &[P::Signer], to: Some(S::Drafting) },
    Transition {
        from: &[S::Rechecking],
        action: A::Recheck,
        by: &[P::Reviewer, P::Registrar],
        to: Some(S::ToRegister),
    },
    Transition { from: &[S::Rechecking], action: A::Return, by: &[P::Reviewer, P::Registrar], to: Some(S::Drafting) },
    Transition { from: &[S::ToRegister], action: A::Register, by: &[P::Registrar], to: Some(S::Producing) },
    Transition { from: &[S::Producing], action: A::Produce, by: &[P::Registrar], to: Some(S::Dispatching) },
    Transition { from: &[S::Dispatching], action: A::Dispatch, by: &[P::Registrar], to: Some(S::Dispatched) },
    Transition { from: &[S::Dispatched], action: A::Urge, by: &[P::Registrar, P::Drafter], to: None },
    Transition { from: &[S::Dispatched], action: A::Archive, by: &[P::Registrar, P::Archivist], to: Some(S::Archived) },
    Transition {
        from: BEFORE_SIGN,
        action: A::Void,
        by: &[P::Drafter, P::Registrar, P::Director],
        to: Some(S::Voided),
    },
    Transition { from: IN_OFFICE, action: A::Void, by: &[P::Registrar, P::Director], to: Some(S::Voided) },
];

const OPEN_INCOMING: &[S] = &[S::Instructing, S::Handling, S::Circulating];

/// 收文: 签收 → 登记 → 初审 (退文) → 拟办 → 批示 → 承办 → 传阅 → 办结 → 归档. 阅知件 skip 批示 and 承办.
pub const INCOMING: &[Transition<S, DocAct, DocParty>] = &[
    Transition { from: &[S::ToAcknowledge], action: A::Acknowledge, by: &[P::Registrar], to: Some(S::ToRegister) },
    Transition { from: &[S::ToRegister], action: A::Register, by: &[P::Registrar], to: Some(S::Screening) },
    Transition { from: &[S::Screening], action: A::Screen, by: &[P::Registrar], to: Some(S::Proposing) },
    Transition { from: &[S::Screening], action: A::Reject, by: &[P::Registrar], to: Some(S::Returned) },
    Transition { from: &[S::Proposing], action: A::Propose, by: &[P::Office, P::Director], to: Some(S::Instructing) },
    Transition {
        from: &[S::Proposing],
        action: A::Distribute,
        by: &[P::Office, P::Director],
        to: Some(S::Circulating),
    },
    Transition { from: &[S::Instructing], action: A::Instruct, by: &[P::Leader], to: Some(S::Handling) },
    Transition { from: &[S::Instructing], action: A::Return, by: &[P::Leader], to: Some(S::Proposing) },
    Transition { from: &[S::Handling], action: A::Assign, by: &[P::Office, P::Director, P::Registrar], to: None },
    Transition { from: OPEN_INCOMING, action: A::Circulate, by: &[P::Office, P::Director, P::Registrar], to: None },
    Transition { from: OPEN_INCOMING, action: A::Read, by: &[P::Reader], to: None },
    Transition { from: OPEN_INCOMING, action: A::Recall, by: &[P::Office, P::Director, P::Registrar], to: None },
    Transition { from: OPEN_INCOMING, action: A::Urge, by: &[P::Office, P::Director, P::Registrar], to: None },
    Transition {
        from: &[S::Handling, S::Circulating],
        action: A::Complete,
        by: &[P::Office, P::Director, P::Registrar],
        to: Some(S::Completed),
    },
    Transition { from: &[S::Completed], action: A::Archive, by: &[P::Registrar, P::Archivist], to: Some(S::Archived) },
];

coded_enum!(
    /// What a document waits for, as shown in an inbox (待办).
    TaskKind {
        Draft = "draft" / "起草修改",
        Review = "review" / "核稿",
        Countersign = "countersign" / "会签",
        SignOff = "sign_off" / "签发",
        Recheck = "recheck" / "复核",
        Register = "register" / "登记",
        Produce = "produce" / "印制",
        Dispatch = "dispatch" / "核发",
        Acknowledge = "acknowledge" / "签收",
        Screen = "screen" / "初审",
        Propose = "propose" / "拟办",
        Instruct = "instruct" / "批示",
        Read = "read" / "传阅",
    }
);

/// Task pools: tasks held by any of an organ's people with one of the pool's roles.
pub const POOL_REGISTRAR: &str = "registrar";
pub const POOL_OFFICE: &str = "office";
pub const POOL_COUNTERSIGN: &str = "countersign";

/// The roles that work a pool. A department's or town's 联络员 is its 文书 and its office.
pub fn pool_roles(pool: &str) -> &'static [Role] {
    match pool {
        POOL_REGISTRAR => &[Role::Registrar, Role::Liaison],
        POOL_OFFICE => &[Role::OfficeDirector, Role::Drafter, Role::Liaison],
        POOL_COUNTERSIGN => &[Role::OfficeDirector, Role::Liaison, Role::Leader],
        _ => &[],
    }
}

/// The pools someone with these roles works.
pub fn pools_of(roles: &[Role]) -> Vec<&'static str> {
    [POOL_REGISTRAR, POOL_OFFICE, POOL_COUNTERSIGN]
        .into_iter()
        .filter(|p| pool_roles(p).iter().any(|r| roles.contains(r)))
        .collect()
}

/// Who a state's task goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignee {
    Drafter,
    Reviewer,
    Signer,
    Leader,
    /// One task per unit asked to 会签.
    CountersignUnits,
    /// The organ's 文书 (a 联络员 where the organ has no 文书).
    Registrars,
    /// The organ's office staff who write 拟办 proposals.
    Office,
}

/// The task a document in this state waits for, and whose it is. `None`: nobody holds it as a
/// whole (finished, or its work is in tracked items and reading tasks).
pub fn tasks_for(state: S) -> Option<(TaskKind, Assignee)> {
    Some(match state {
        S::Drafting => (TaskKind::Draft, Assignee::Drafter),
        S::Reviewing => (TaskKind::Review, Assignee::Reviewer),
        S::Countersigning => (TaskKind::Countersign, Assignee::CountersignUnits),
        S::SigningOff => (TaskKind::SignOff, Assignee::Signer),
        S::Rechecking => (TaskKind::Recheck, Assignee::Reviewer),
        S::ToRegister => (TaskKind::Register, Assignee::Registrars),
        S::Producing => (TaskKind::Produce, Assignee::Registrars),
        S::Dispatching => (TaskKind::Dispatch, Assignee::Registrars),
        S::ToAcknowledge => (TaskKind::Acknowledge, Assignee::Registrars),
        S::Screening => (TaskKind::Screen, Assignee::Registrars),
        S::Proposing => (TaskKind::Propose, Assignee::Office),
        S::Instructing => (TaskKind::Instruct, Assignee::Leader),
        _ => return None,
    })
}

/// Whether these parties may change the text in this state, and whether doing so sends the
/// document back to the signer (any change after 签发 must be signed again).
pub fn editable(state: S, parties: &[DocParty]) -> Option<bool> {
    let may = |p: &[DocParty]| p.iter().any(|x| parties.contains(x));
    match state {
        S::Drafting if may(&[P::Drafter]) => Some(false),
        S::Reviewing if may(&[P::Reviewer]) => Some(false),
        S::SigningOff if may(&[P::Signer]) => Some(false),
        S::Rechecking | S::ToRegister | S::Producing if may(&[P::Reviewer, P::Registrar]) => Some(true),
        _ => None,
    }
}

/// 文不过夜: a document held by one person for more than one working day is yellow, more than
/// three red.
pub fn hold_warning(working_minutes: i64, minutes_per_day: i64) -> Warning {
    let day = minutes_per_day.max(1);
    if working_minutes > 3 * day {
        Warning::Red
    } else if working_minutes > day {
        Warning::Yellow
    } else {
        Warning::Green
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::{available, step, Refusal};

    #[test]
    fn outgoing_walks_from_draft_to_archive() {
        let mut s = S::Drafting;
        for (act, who, next) in [
            (A::Submit, P::Drafter, S::Reviewing),
            (A::ToCountersign, P::Reviewer, S::Countersigning),
            (A::Countersign, P::Countersigner, S::Countersigning),
            (A::Return, P::Countersigner, S::Drafting),
            (A::Submit, P::Drafter, S::Reviewing),
            (A::ToSignOff, P::Reviewer, S::SigningOff),
            (A::SignOff, P::Signer, S::Rechecking),
            (A::Recheck, P::Registrar, S::ToRegister),
            (A::Register, P::Registrar, S::Producing),
            (A::Produce, P::Registrar, S::Dispatching),
            (A::Dispatch, P::Registrar, S::Dispatched),
            (A::Archive, P::Archivist, S::Archived),
        ] {
            s = step(OUTGOING, s, act, &[who]).unwrap_or_else(|e| panic!("{act:?} in {s:?}: {e}"));
            assert_eq!(s, next, "after {act:?}");
        }
    }

    #[test]
    fn outgoing_refusals() {
        assert!(matches!(step(OUTGOING, S::Drafting, A::SignOff, &[P::Signer]), Err(Refusal::WrongState(_))));
        assert!(matches!(step(OUTGOING, S::SigningOff, A::SignOff, &[P::Drafter]), Err(Refusal::NotYours(_))));
        assert!(matches!(step(OUTGOING, S::SigningOff, A::Withdraw, &[P::Drafter]), Err(Refusal::WrongState(_))));
        assert!(matches!(step(OUTGOING, S::SigningOff, A::Void, &[P::Drafter]), Err(Refusal::NotYours(_))));
        assert_eq!(step(OUTGOING, S::Producing, A::Void, &[P::Director]), Ok(S::Voided));
        assert!(matches!(step(OUTGOING, S::Dispatched, A::Void, &[P::Director]), Err(Refusal::WrongState(_))));
        assert_eq!(available(OUTGOING, S::Reviewing, &[P::Drafter]), vec![A::Withdraw, A::Void]);
        assert_eq!(available(OUTGOING, S::Reviewing, &[P::Reviewer]), vec![A::ToCountersign, A::ToSignOff, A::Return]);
    }

    #[test]
    fn incoming_paths() {
        let walk = |steps: &[(DocAct, DocParty)]| {
            steps.iter().try_fold(S::ToAcknowledge, |s, (a, p)| step(INCOMING, s, *a, &[*p]))
        };
        let front = [(A::Acknowledge, P::Registrar), (A::Register, P::Registrar), (A::Screen, P::Registrar)];
        let act = [front.as_slice(), &[(A::Propose, P::Office), (A::Instruct, P::Leader), (A::Complete, P::Office)]];
        assert_eq!(walk(&act.concat()), Ok(S::Completed));
        let read = [front.as_slice(), &[(A::Distribute, P::Office), (A::Read, P::Reader), (A::Complete, P::Office)]];
        assert_eq!(walk(&read.concat()), Ok(S::Completed));
        let rejected = [(A::Acknowledge, P::Registrar), (A::Register, P::Registrar), (A::Reject, P::Registrar)];
        assert_eq!(walk(&rejected), Ok(S::Returned));
        assert_eq!(step(INCOMING, S::Instructing, A::Return, &[P::Leader]), Ok(S::Proposing));
        assert!(matches!(step(INCOMING, S::Proposing, A::Instruct, &[P::Leader]), Err(Refusal::WrongState(_))));
    }

    #[test]
    fn every_working_state_has_one_holder() {
        for s in [S::Drafting, S::Reviewing, S::SigningOff, S::ToRegister, S::Screening, S::Instructing] {
            assert!(tasks_for(s).is_some(), "{s:?}");
        }
        for s in [S::Dispatched, S::Completed, S::Archived, S::Voided, S::Returned, S::Handling] {
            assert!(tasks_for(s).is_none(), "{s:?}");
        }
    }

    #[test]
    fn edits_after_sign_off_go_back_to_the_signer() {
        assert_eq!(editable(S::Drafting, &[P::Drafter]), Some(false));
        assert_eq!(editable(S::Drafting, &[P::Reviewer]), None);
        assert_eq!(editable(S::Rechecking, &[P::Registrar]), Some(true));
        assert_eq!(editable(S::Countersigning, &[P::Reviewer]), None);
        assert_eq!(editable(S::Dispatched, &[P::Registrar]), None);
    }

    #[test]
    fn holding_too_long() {
        assert_eq!(hold_warning(420, 420), Warning::Green);
        assert_eq!(hold_warning(421, 420), Warning::Yellow);
        assert_eq!(hold_warning(3 * 420 + 1, 420), Warning::Red);
    }
}
