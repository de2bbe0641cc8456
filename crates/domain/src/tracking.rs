//! 督查督办: the tracked-item engine. 督办事项, 整改问题, 会议决定事项, 收文承办, 约稿 and 建议提案 are one
//! `TrackedItem` with a kind; they share this lifecycle, working-day deadlines, feedback cycles,
//! warnings and reminder occasions. Nothing here is written twice elsewhere.

use crate::workflow::Transition;

use crate::Invalid;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use zs_calendar::Calendar;

coded_enum!(
    /// What kind of matter is followed.
    Kind {
        Supervision = "supervision" / "督办事项",
        Rectification = "rectification" / "整改问题",
        MeetingDecision = "meeting_decision" / "会议决定事项",
        DocumentHandling = "document_handling" / "收文承办",
        Commission = "commission" / "约稿",
        Proposal = "proposal" / "建议提案",
    }
);

coded_enum!(
    /// Ordered by progress, so the least advanced child is the minimum.
    State {
        Draft = "draft" / "待交办",
        Assigned = "assigned" / "待签收",
        Acknowledged = "acknowledged" / "已签收",
        InProgress = "in_progress" / "办理中",
        CloseRequested = "close_requested" / "待审核销号",
        Closed = "closed" / "已销号",
        Cancelled = "cancelled" / "已撤销",
    }
);

coded_enum!(
    Act {
        Assign = "assign" / "交办",
        Acknowledge = "acknowledge" / "签收",
        Report = "report" / "反馈进展",
        RequestClose = "request_close" / "申请办结",
        Close = "close" / "销号",
        Return = "return" / "退回",
        RequestExtension = "request_extension" / "申请延期",
        Urge = "urge" / "催办",
        Cancel = "cancel" / "撤销",
    }
);

coded_enum!(
    /// Who someone is with respect to one item.
    Party {
        Supervisor = "supervisor" / "督查科",
        Unit = "unit" / "承办单位",
        Leader = "leader" / "责任领导",
    }
);

coded_enum!(
    /// 整改 categories; long-term items close only with 建章立制 evidence.
    Category {
        Immediate = "immediate" / "立行立改",
        Deadline = "deadline" / "限期整改",
        LongTerm = "long_term" / "长期坚持",
    }
);

coded_enum!(
    Warning {
        Green = "green" / "正常",
        Yellow = "yellow" / "临期",
        Red = "red" / "逾期",
    }
);

use Act as A;
use State as S;

/// The lifecycle. Assignment by 督查科; 签收, 反馈, 申请办结 and 延期 by the unit; 销号 or 退回 by 督查科.
pub const FLOW: &[Transition<State, Act, Party>] = &[
    Transition { from: &[S::Draft], action: A::Assign, by: &[Party::Supervisor], to: Some(S::Assigned) },
    Transition { from: &[S::Assigned], action: A::Acknowledge, by: &[Party::Unit], to: Some(S::Acknowledged) },
    Transition {
        from: &[S::Acknowledged, S::InProgress],
        action: A::Report,
        by: &[Party::Unit],
        to: Some(S::InProgress),
    },
    Transition {
        from: &[S::Acknowledged, S::InProgress],
        action: A::RequestClose,
        by: &[Party::Unit],
        to: Some(S::CloseRequested),
    },
    Transition { from: &[S::CloseRequested], action: A::Close, by: &[Party::Supervisor], to: Some(S::Closed) },
    Transition { from: &[S::CloseRequested], action: A::Return, by: &[Party::Supervisor], to: Some(S::InProgress) },
    Transition {
        from: &[S::Assigned, S::Acknowledged, S::InProgress],
        action: A::RequestExtension,
        by: &[Party::Unit],
        to: None,
    },
    Transition {
        from: &[S::Assigned, S::Acknowledged, S::InProgress, S::CloseRequested],
        action: A::Urge,
        by: &[Party::Supervisor, Party::Leader],
        to: None,
    },
    Transition {
        from: &[S::Draft, S::Assigned, S::Acknowledged, S::InProgress, S::CloseRequested],
        action: A::Cancel,
        by: &[Party::Supervisor],
        to: Some(S::Cancelled),
    },
];

impl State {
    pub fn is_open(self) -> bool {
        !matches!(self, State::Closed | State::Cancelled)
    }
}

/// A parent's state from its per-unit sub-items: closed when every open part is closed, otherwise
/// the least advanced open part.
pub fn rollup(children: &[State]) -> Option<State> {
    if children.is_empty() {
        return None;
    }
    let open: Vec<State> = children.iter().copied().filter(|s| s.is_open()).collect();
    match open.iter().min() {
        Some(s) => Some(*s),
        None if children.contains(&State::Closed) => Some(State::Closed),
        None => Some(State::Cancelled),
    }
}

/// How often the unit must report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cycle {
    /// Once, at closure.
    Once,
    Weekly,
    Monthly,
    /// Every N working days.
    Every(u32),
}

impl Cycle {
    pub fn code(self) -> String {
        match self {
            Cycle::Once => "once".into(),
            Cycle::Weekly => "weekly".into(),
            Cycle::Monthly => "monthly".into(),
            Cycle::Every(n) => format!("every:{n}"),
        }
    }
    pub fn from_code(s: &str) -> Option<Cycle> {
        match s.trim() {
            "once" | "一次" => Some(Cycle::Once),
            "weekly" | "每周" => Some(Cycle::Weekly),
            "monthly" | "每月" => Some(Cycle::Monthly),
            other => other
                .strip_prefix("every:")
                .and_then(|n| n.parse().ok())
                .filter(|n| (1..=250).contains(n))
                .map(Cycle::Every),
        }
    }
    pub fn label(self) -> String {
        match self {
            Cycle::Once => "办结时反馈".into(),
            Cycle::Weekly => "每周反馈".into(),
            Cycle::Monthly => "每月反馈".into(),
            Cycle::Every(n) => format!("每{n}个工作日反馈"),
        }
    }

    /// When the next report is due, counting from the last report (or the assignment).
    pub fn next_due(self, cal: &Calendar, since: NaiveDate) -> Option<NaiveDate> {
        let raw = match self {
            Cycle::Once => return None,
            Cycle::Weekly => since + chrono::Days::new(7),
            Cycle::Monthly => since.checked_add_months(Months::new(1)).unwrap_or(since),
            Cycle::Every(n) => return Some(cal.add_working_days(since, n as i64)),
        };
        Some(cal.next_workday(raw))
    }
}

/// A deadline must be a future working day; on a weekend or holiday the next working day is offered.
pub fn check_due(cal: &Calendar, today: NaiveDate, due: NaiveDate) -> Result<(), Invalid> {
    if due < today {
        return Err(Invalid::field(
            "due",
            format!("时限{}已经过去，请选择今天或以后的工作日。", crate::time::format_date(due)),
        ));
    }
    if !cal.is_workday(due) {
        let next = cal.next_workday(due);
        return Err(Invalid::field(
            "due",
            format!(
                "{}不是工作日（周末或法定节假日），建议改为下一个工作日{}。",
                crate::time::format_date(due),
                crate::time::format_date(next)
            ),
        ));
    }
    Ok(())
}

/// Thresholds for warnings and reminders (configurable per deployment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Yellow when this many working days or fewer remain.
    pub yellow_within: i64,
    /// Remind the unit this many working days before the deadline (largest first).
    pub remind_before: Vec<i64>,
    /// Escalate to the 责任领导 once an item is this many working days overdue.
    pub escalate_after: i64,
    /// A missed feedback turns red after this many working days.
    pub feedback_red_after: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { yellow_within: 3, remind_before: vec![3, 1], escalate_after: 2, feedback_red_after: 5 }
    }
}

/// What warnings and reminders look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    pub state: State,
    pub due: NaiveDate,
    /// The next report the unit owes, if the cycle asks for one.
    pub report_due: Option<NaiveDate>,
}

/// Green, yellow or red; closed and cancelled items have none.
pub fn warning(cal: &Calendar, policy: &Policy, today: NaiveDate, t: &Timing) -> Option<Warning> {
    if !t.state.is_open() || t.state == State::Draft {
        return None;
    }
    if today > t.due {
        return Some(Warning::Red);
    }
    let missed = t.report_due.filter(|d| today > *d).map(|d| cal.working_days_between(d, today));
    if missed.is_some_and(|late| late >= policy.feedback_red_after) {
        return Some(Warning::Red);
    }
    if missed.is_some() || cal.working_days_between(today, t.due) <= policy.yellow_within {
        return Some(Warning::Yellow);
    }
    Some(Warning::Green)
}

/// Who a reminder goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    Unit,
    Leader,
}

/// One reason to remind, with a key that is unique per item and occasion: the store refuses a
/// second reminder with the same key, which is what makes reminders exactly-once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occasion {
    pub key: String,
    pub audience: Audience,
    pub text: String,
}

/// The reminders due today for one item. Catching up after downtime yields only the most pressing
/// pre-deadline reminder, and one overdue reminder per day.
pub fn occasions(cal: &Calendar, policy: &Policy, today: NaiveDate, t: &Timing) -> Vec<Occasion> {
    let mut out = Vec::new();
    if !t.state.is_open() || t.state == State::Draft {
        return out;
    }
    let date = crate::time::format_date;
    if today <= t.due && t.state != State::CloseRequested {
        let left = cal.working_days_between(today, t.due);
        let mut before = policy.remind_before.clone();
        before.sort();
        if let Some(n) = before.iter().find(|n| left <= **n) {
            out.push(Occasion {
                key: format!("due:{n}"),
                audience: Audience::Unit,
                text: format!("距办理时限{}还有{}个工作日。", date(t.due), left),
            });
        }
    }
    if today > t.due && t.state != State::CloseRequested {
        let late = cal.working_days_between(t.due, today);
        out.push(Occasion {
            key: format!("overdue:{today}"),
            audience: Audience::Unit,
            text: format!("已超过办理时限{}，逾期{}个工作日，请尽快办理并反馈。", date(t.due), late.max(1)),
        });
        if late >= policy.escalate_after {
            out.push(Occasion {
                key: "escalate".into(),
                audience: Audience::Leader,
                text: format!("承办单位已逾期{late}个工作日（时限{}），请督促。", date(t.due)),
            });
        }
    }
    if let Some(rd) = t.report_due.filter(|d| today > *d && t.state != State::CloseRequested) {
        out.push(Occasion {
            key: format!("report:{rd}"),
            audience: Audience::Unit,
            text: format!("应于{}前反馈进展，尚未收到反馈。", date(rd)),
        });
    }
    out
}

/// 长期坚持 items close only with the rule or mechanism adopted (建章立制).
pub fn check_close_request(category: Option<Category>, evidence: &str, rule: &str) -> Result<(), Invalid> {
    if evidence.trim().is_empty() {
        return Err(Invalid::field("evidence", "申请办结须说明办理结果并提供佐证材料说明。"));
    }
    if category == Some(Category::LongTerm) && rule.trim().is_empty() {
        return Err(Invalid::field("rule", "长期坚持类问题须写明已建立的制度或长效机制（建章立制）后才能申请办结。"));
    }
    Ok(())
}

/// A requested new deadline must be later than the current one and a working day.
pub fn check_extension(cal: &Calendar, current: NaiveDate, requested: NaiveDate, reason: &str) -> Result<(), Invalid> {
    if reason.trim().is_empty() {
        return Err(Invalid::field("reason", "申请延期须说明理由。"));
    }
    if requested <= current {
        return Err(Invalid::field("due", "延期后的时限须晚于现在的时限。"));
    }
    if !cal.is_workday(requested) {
        return Err(Invalid::field(
            "due",
            format!(
                "{}不是工作日，建议改为{}。",
                crate::time::format_date(requested),
                crate::time::format_date(cal.next_workday(requested))
            ),
        ));
    }
    Ok(())
}

/// Days of the week as people write them, for reminder texts.
pub fn weekday_label(d: NaiveDate) -> &'static str {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][d.weekday().num_days_from_monday() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::{available, step, Refusal};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn lifecycle_follows_the_table() {
        let sup = [Party::Supervisor];
        let unit = [Party::Unit];
        let mut s = step(FLOW, S::Draft, A::Assign, &sup).unwrap();
        assert_eq!(s, S::Assigned);
        assert!(matches!(step(FLOW, s, A::Report, &unit), Err(Refusal::WrongState(_))), "sign first");
        s = step(FLOW, s, A::Acknowledge, &unit).unwrap();
        s = step(FLOW, s, A::Report, &unit).unwrap();
        assert_eq!(s, S::InProgress);
        assert!(matches!(step(FLOW, s, A::Close, &unit), Err(Refusal::WrongState(_))));
        s = step(FLOW, s, A::RequestClose, &unit).unwrap();
        assert!(matches!(step(FLOW, s, A::Close, &unit), Err(Refusal::NotYours(_))));
        assert_eq!(step(FLOW, s, A::Return, &sup), Ok(S::InProgress));
        assert_eq!(step(FLOW, s, A::Close, &sup), Ok(S::Closed));
        assert!(matches!(step(FLOW, S::Closed, A::Report, &unit), Err(Refusal::WrongState(_))));
        assert_eq!(available(FLOW, S::InProgress, &unit), vec![A::Report, A::RequestClose, A::RequestExtension]);
        assert_eq!(available(FLOW, S::CloseRequested, &sup), vec![A::Close, A::Return, A::Urge, A::Cancel]);
    }

    #[test]
    fn rollup_takes_the_least_advanced_open_part() {
        assert_eq!(rollup(&[S::Closed, S::InProgress, S::Acknowledged]), Some(S::Acknowledged));
        assert_eq!(rollup(&[S::Closed, S::Cancelled]), Some(S::Closed));
        assert_eq!(rollup(&[S::Cancelled]), Some(S::Cancelled));
        assert_eq!(rollup(&[]), None);
    }

    #[test]
    fn due_dates_must_be_future_working_days() {
        let cal = Calendar::builtin();
        let today = d("2026-09-28");
        assert!(check_due(&cal, today, d("2026-09-29")).is_ok());
        assert!(check_due(&cal, today, d("2026-09-25")).is_err());
        let e = check_due(&cal, today, d("2026-10-03")).unwrap_err();
        assert!(e.message.contains("2026年10月8日"), "{}", e.message);
        // 2026-10-10 is a Saturday makeup working day: accepted.
        assert!(check_due(&cal, today, d("2026-10-10")).is_ok());
    }

    #[test]
    fn warnings_count_working_days_with_holidays() {
        let cal = Calendar::builtin();
        let p = Policy::default();
        let t = Timing { state: S::InProgress, due: d("2026-10-09"), report_due: None };
        // 9-30 → 10-09: 10-01..07 are off, so only 10-08 and 10-09 remain: yellow, not green.
        assert_eq!(warning(&cal, &p, d("2026-09-30"), &t), Some(Warning::Yellow));
        assert_eq!(warning(&cal, &p, d("2026-09-21"), &t), Some(Warning::Green));
        assert_eq!(warning(&cal, &p, d("2026-10-12"), &t), Some(Warning::Red));
        let closed = Timing { state: S::Closed, ..t.clone() };
        assert_eq!(warning(&cal, &p, d("2026-10-12"), &closed), None);
        let missed = Timing { report_due: Some(d("2026-09-14")), ..t.clone() };
        assert_eq!(warning(&cal, &p, d("2026-09-15"), &missed), Some(Warning::Yellow));
        assert_eq!(warning(&cal, &p, d("2026-09-22"), &missed), Some(Warning::Red));
    }

    #[test]
    fn reminder_occasions_have_stable_keys() {
        let cal = Calendar::builtin();
        let p = Policy::default();
        let t = Timing { state: S::Acknowledged, due: d("2026-11-27"), report_due: None };
        let keys = |today| occasions(&cal, &p, d(today), &t).into_iter().map(|o| o.key).collect::<Vec<_>>();
        assert!(keys("2026-11-20").is_empty());
        assert_eq!(keys("2026-11-24"), vec!["due:3"]);
        assert_eq!(keys("2026-11-26"), vec!["due:1"]);
        assert_eq!(keys("2026-11-30"), vec!["overdue:2026-11-30"]);
        assert_eq!(keys("2026-12-01"), vec!["overdue:2026-12-01", "escalate"]);
        let waiting = Timing { state: S::CloseRequested, ..t.clone() };
        assert!(occasions(&cal, &p, d("2026-12-01"), &waiting).is_empty(), "nothing to urge while 督查科 reviews");
    }

    #[test]
    fn cycles() {
        let cal = Calendar::builtin();
        assert_eq!(Cycle::Weekly.next_due(&cal, d("2026-09-25")), Some(d("2026-10-08")), "10-02 is a holiday");
        assert_eq!(Cycle::Every(2).next_due(&cal, d("2026-09-29")), Some(d("2026-10-08")));
        // 2026-02-28 is a Saturday, but a 春节 makeup working day.
        assert_eq!(Cycle::Monthly.next_due(&cal, d("2026-01-31")), Some(d("2026-02-28")));
        assert_eq!(Cycle::Monthly.next_due(&cal, d("2026-03-07")), Some(d("2026-04-07")));
        assert_eq!(Cycle::Once.next_due(&cal, d("2026-01-31")), None);
        for c in [Cycle::Once, Cycle::Weekly, Cycle::Monthly, Cycle::Every(5)] {
            assert_eq!(Cycle::from_code(&c.code()), Some(c));
        }
        assert_eq!(Cycle::from_code("every:0"), None);
    }

    #[test]
    fn close_and_extension_guards() {
        let cal = Calendar::builtin();
        assert!(check_close_request(Some(Category::LongTerm), "已整改", "").is_err());
        assert!(check_close_request(Some(Category::LongTerm), "已整改", "《公文处理细则》").is_ok());
        assert!(check_close_request(None, "", "").is_err());
        assert!(check_extension(&cal, d("2026-11-27"), d("2026-12-04"), "材料未齐").is_ok());
        assert!(check_extension(&cal, d("2026-11-27"), d("2026-11-26"), "x").is_err());
        assert!(check_extension(&cal, d("2026-11-27"), d("2026-11-28"), "x").is_err(), "a Saturday");
        assert!(check_extension(&cal, d("2026-11-27"), d("2026-12-04"), " ").is_err());
    }
}

/// One followed matter. A matter assigned to several units is a parent with one child per unit
/// (`unit_id` set, `is_lead` on the 牵头单位's); units act on their child, the parent rolls up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedItem {
    pub id: String,
    pub parent_id: Option<String>,
    pub kind: Kind,
    /// Where it came from: `instruction` (批示), `ledger` (问题清单), `meeting`, `document`, `list` (重点工作) …
    pub source_kind: String,
    pub source_id: String,
    /// 来源 as people name it, e.g. “2026年度组织生活会” or “王县长批示”.
    pub source_title: String,
    pub title: String,
    pub requirement: String,
    pub category: Option<Category>,
    /// 整改措施
    pub measures: String,
    pub unit_id: Option<String>,
    pub is_lead: bool,
    /// 责任人
    pub owner_name: String,
    /// 责任领导
    pub leader_id: Option<String>,
    pub created_by: String,
    pub state: State,
    pub due: NaiveDate,
    pub cycle: Cycle,
    pub report_due: Option<NaiveDate>,
    pub progress: i64,
    pub extension_count: i64,
    pub result: String,
    /// 建章立制: the rule or mechanism adopted.
    pub rule: String,
    pub assigned_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    /// Working days from assignment to 销号.
    pub close_days: Option<i64>,
    /// As of the last change or reminder sweep; kept in the row so boards aggregate in SQL.
    pub warning: Option<Warning>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

impl TrackedItem {
    pub fn timing(&self) -> Timing {
        Timing { state: self.state, due: self.due, report_due: self.report_due }
    }
    pub fn is_parent(&self) -> bool {
        self.unit_id.is_none()
    }
}
