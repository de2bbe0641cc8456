//! 信息报送: an information item a unit submits, its lifecycle with the 信息科, upward adoption and the points
//! it earns, and the score table's periods and ranking.

use crate::workflow::Transition;
use crate::{text, Invalid, Role};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

coded_enum!(
    /// 信息类别. 紧急信息 reaches the 信息科 at once.
    InfoCategory {
        News = "news" / "工作动态",
        Practice = "practice" / "经验做法",
        Suggestion = "suggestion" / "问题建议",
        Urgent = "urgent" / "紧急信息",
    }
);

impl InfoCategory {
    pub fn is_urgent(self) -> bool {
        self == InfoCategory::Urgent
    }
}

coded_enum!(
    InfoState {
        Submitted = "submitted" / "待审核",
        Returned = "returned" / "已退回",
        Withdrawn = "withdrawn" / "已撤回",
        Rejected = "rejected" / "不采用",
        Accepted = "accepted" / "已录用",
        Published = "published" / "已刊发",
    }
);

coded_enum!(
    InfoAct {
        Resubmit = "resubmit" / "重新报送",
        Withdraw = "withdraw" / "撤回",
        Accept = "accept" / "录用",
        Return = "return" / "退回",
        Reject = "reject" / "不采用",
        Edit = "edit" / "修改",
        Place = "place" / "编入期刊",
        Remove = "remove" / "移出期刊",
        Publish = "publish" / "刊发",
        Adopt = "adopt" / "登记上报采用",
    }
);

coded_enum!(
    /// Who someone is with respect to one item.
    InfoParty {
        Unit = "unit" / "报送单位",
        Editor = "editor" / "信息科",
    }
);

use InfoAct as A;
use InfoParty as P;
use InfoState as S;

/// 报送 → 信息科 screens (录用, 退回 with a reason, 不采用) and edits → 编入期刊 → 刊发 when the issue is 印发.
/// A returned item is revised and resubmitted by its unit; 上报 and 上级采用 are recorded on screened-in items.
pub const INFO_FLOW: &[Transition<InfoState, InfoAct, InfoParty>] = &[
    Transition { from: &[S::Returned], action: A::Resubmit, by: &[P::Unit], to: Some(S::Submitted) },
    Transition { from: &[S::Submitted, S::Returned], action: A::Withdraw, by: &[P::Unit], to: Some(S::Withdrawn) },
    Transition { from: &[S::Submitted], action: A::Accept, by: &[P::Editor], to: Some(S::Accepted) },
    Transition { from: &[S::Submitted, S::Accepted], action: A::Return, by: &[P::Editor], to: Some(S::Returned) },
    Transition { from: &[S::Submitted, S::Accepted], action: A::Reject, by: &[P::Editor], to: Some(S::Rejected) },
    // The 信息科 edits what it screens; the unit revises what came back to it.
    Transition { from: &[S::Submitted, S::Accepted], action: A::Edit, by: &[P::Editor], to: None },
    Transition { from: &[S::Returned], action: A::Edit, by: &[P::Unit], to: None },
    // Placing a submitted item screens it in; an item already 刊发 may go into another journal too.
    Transition { from: &[S::Submitted, S::Accepted], action: A::Place, by: &[P::Editor], to: Some(S::Accepted) },
    Transition { from: &[S::Published], action: A::Place, by: &[P::Editor], to: None },
    Transition { from: &[S::Accepted, S::Published], action: A::Remove, by: &[P::Editor], to: None },
    Transition { from: &[S::Accepted], action: A::Publish, by: &[P::Editor], to: Some(S::Published) },
    Transition { from: &[S::Published], action: A::Publish, by: &[P::Editor], to: None },
    Transition { from: &[S::Accepted, S::Published], action: A::Adopt, by: &[P::Editor], to: None },
];

/// The 信息科: edits every unit's items (and the office director, who answers for it).
pub fn is_editor(roles: &[Role]) -> bool {
    roles.contains(&Role::InfoEditor)
}

/// Sees every unit's items: the 信息科 and the office's directors and leaders (who review and sign issues).
pub fn sees_all(roles: &[Role]) -> bool {
    roles.iter().any(|r| matches!(r, Role::InfoEditor | Role::OfficeDirector | Role::Leader))
}

/// Who submits for a unit: its 联络员 (信息员).
pub fn may_submit(roles: &[Role]) -> bool {
    roles.contains(&Role::Liaison)
}

/// The parties someone is to an item of `unit_id`, being of `my_unit` with `roles`.
pub fn parties(roles: &[Role], my_unit: &str, unit_id: &str) -> Vec<InfoParty> {
    let mut out = Vec::new();
    if my_unit == unit_id && may_submit(roles) {
        out.push(P::Unit);
    }
    if is_editor(roles) {
        out.push(P::Editor);
    }
    out
}

/// One information item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoItem {
    pub id: String,
    pub unit_id: String,
    pub author_id: String,
    pub author_name: String,
    pub category: InfoCategory,
    pub title: String,
    pub body: String,
    pub state: InfoState,
    /// 1 as submitted; every edit by the 信息科 or revision by the unit adds one.
    pub version: i64,
    /// The unit's part of a 约稿 (a tracked item) this answers.
    pub commission_id: Option<String>,
    pub submitted_on: NaiveDate,
    pub submitted_ms: i64,
    pub updated_ms: i64,
    /// The reason of the last 退回 or 不采用.
    pub note: String,
}

/// Title and body as stored: title required, at most 100 characters; body required, at most 20,000.
pub fn check_text(title: &str, body: &str) -> Result<(String, String), Invalid> {
    let title = text::required("title", "信息标题", title, 100)?;
    let body = text::required_multiline("body", "信息正文", body, 20_000)?;
    Ok((title, body))
}

coded_enum!(
    /// 采用 levels. County adoption is placement in one of the county's own journals.
    Level {
        County = "county" / "县级",
        City = "city" / "市级",
        Province = "province" / "省级",
        National = "national" / "国家级",
    }
);

coded_enum!(
    /// What a score row records.
    AdoptionKind {
        Journal = "journal" / "本级刊物采用",
        Reported = "reported" / "报送上级",
        Adopted = "adopted" / "上级采用",
        Instruction = "instruction" / "领导批示",
    }
);

/// One upward event as the 信息科 records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adoption {
    pub kind: AdoptionKind,
    pub level: Level,
    /// Where: 《XX市政务信息》, 《XX专报》 …; for a 批示, the leader's post and name.
    pub outlet: String,
    pub on: NaiveDate,
    pub note: String,
}

/// Checks an upward record: county adoption comes only from the county's own journals, a 批示 names its leader,
/// the date is not in the future.
pub fn check_adoption(a: &Adoption, today: NaiveDate) -> Result<Adoption, Invalid> {
    if a.kind == AdoptionKind::Journal {
        return Err(Invalid::field("kind", "本级刊物采用在期刊印发时自动计分，无需登记。"));
    }
    if a.level == Level::County && a.kind != AdoptionKind::Instruction {
        return Err(Invalid::field("level", "报送和采用的级别应为市级、省级或国家级；县级采用以编入本级期刊为准。"));
    }
    let outlet = if a.kind == AdoptionKind::Instruction {
        text::required("outlet", "批示领导", &a.outlet, 60)?
    } else {
        text::required("outlet", "刊物名称", &a.outlet, 60)?
    };
    if a.on > today {
        return Err(Invalid::field("on", "日期不能晚于今天。"));
    }
    let note = text::optional("note", "备注", &a.note, 500)?;
    Ok(Adoption { outlet, note, ..a.clone() })
}

/// Points per kind of event: per level (上报, 上级采用, 批示) and per journal. Stored, edited by the 信息科, and
/// applied when an event is recorded (a later change does not rewrite earlier points).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScoreRules {
    pub rules: BTreeMap<String, i64>,
}

/// The most points one event may carry.
pub const MAX_POINTS: i64 = 1000;

impl ScoreRules {
    pub fn key(kind: AdoptionKind, level: Level) -> String {
        format!("{}:{}", kind.code(), level.code())
    }
    pub fn journal_key(journal_id: &str) -> String {
        format!("journal:{journal_id}")
    }

    /// A common county scheme: 市级采用 3, 省级 6, 国家级 10; 批示 县级 2, 市级 5, 省级 8, 国家级 15; 上报 nothing.
    pub fn defaults() -> ScoreRules {
        let mut rules = BTreeMap::new();
        let table = [
            (AdoptionKind::Reported, [0, 0, 0]),
            (AdoptionKind::Adopted, [3, 6, 10]),
            (AdoptionKind::Instruction, [5, 8, 15]),
        ];
        for (kind, points) in table {
            for (level, n) in [Level::City, Level::Province, Level::National].into_iter().zip(points) {
                rules.insert(Self::key(kind, level), n);
            }
        }
        rules.insert(Self::key(AdoptionKind::Instruction, Level::County), 2);
        ScoreRules { rules }
    }

    /// The rule keys people may set, with their labels (journals are added by the caller).
    pub fn level_keys() -> Vec<(String, String)> {
        let mut out = vec![(Self::key(AdoptionKind::Instruction, Level::County), "县级领导批示".to_string())];
        for level in [Level::City, Level::Province, Level::National] {
            use crate::workflow::Label;
            for kind in [AdoptionKind::Reported, AdoptionKind::Adopted, AdoptionKind::Instruction] {
                out.push((Self::key(kind, level), format!("{}{}", level.label(), kind.label())));
            }
        }
        out
    }

    /// The points an event earns now (0 for what no rule names).
    pub fn points(&self, kind: AdoptionKind, level: Level, journal_id: Option<&str>) -> i64 {
        let key = match (kind, journal_id) {
            (AdoptionKind::Journal, Some(j)) => Self::journal_key(j),
            _ => Self::key(kind, level),
        };
        self.rules.get(&key).copied().unwrap_or(0)
    }

    /// Validates one rule's new value.
    pub fn check(key: &str, points: i64) -> Result<(), Invalid> {
        let known = key.starts_with("journal:") || Self::level_keys().iter().any(|(k, _)| k == key);
        if !known {
            return Err(Invalid::field("rule", format!("计分规则“{key}”不存在。")));
        }
        if !(0..=MAX_POINTS).contains(&points) {
            return Err(Invalid::field("points", format!("分值应在0到{MAX_POINTS}之间。")));
        }
        Ok(())
    }
}

/// The period of a score table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Year(i32),
    Quarter(i32, u32),
    Month(i32, u32),
}

impl Period {
    /// From a year and at most one of quarter (1–4) and month (1–12).
    pub fn new(year: i32, quarter: Option<u32>, month: Option<u32>) -> Result<Period, Invalid> {
        if !(2000..=2100).contains(&year) {
            return Err(Invalid::field("year", "年份应在2000到2100之间。"));
        }
        match (quarter, month) {
            (Some(_), Some(_)) => Err(Invalid::field("month", "按季度或按月统计，请只选一项。")),
            (Some(q), None) if (1..=4).contains(&q) => Ok(Period::Quarter(year, q)),
            (Some(_), None) => Err(Invalid::field("quarter", "季度应为1到4。")),
            (None, Some(m)) if (1..=12).contains(&m) => Ok(Period::Month(year, m)),
            (None, Some(_)) => Err(Invalid::field("month", "月份应为1到12。")),
            (None, None) => Ok(Period::Year(year)),
        }
    }

    /// First and last day, inclusive.
    pub fn range(self) -> (NaiveDate, NaiveDate) {
        let (y, first, months) = match self {
            Period::Year(y) => (y, 1, 12),
            Period::Quarter(y, q) => (y, 3 * q - 2, 3),
            Period::Month(y, m) => (y, m, 1),
        };
        let start = NaiveDate::from_ymd_opt(y, first, 1).unwrap_or_default();
        let end = start.checked_add_months(chrono::Months::new(months)).and_then(|d| d.pred_opt()).unwrap_or(start);
        (start, end)
    }

    pub fn label(self) -> String {
        match self {
            Period::Year(y) => format!("{y}年度"),
            Period::Quarter(y, q) => format!("{y}年第{}季度", ["一", "二", "三", "四"][(q as usize - 1).min(3)]),
            Period::Month(y, m) => format!("{y}年{m}月"),
        }
    }

    /// The period containing a day, of the same kind.
    pub fn year_of(d: NaiveDate) -> Period {
        Period::Year(d.year())
    }
}

/// One unit's line in the score table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ScoreLine {
    pub unit_id: String,
    pub unit: String,
    pub rank: usize,
    pub submitted: i64,
    /// Placed in a county journal that was 印发.
    pub county: i64,
    pub city: i64,
    pub province: i64,
    pub national: i64,
    pub instructions: i64,
    pub points: i64,
}

impl ScoreLine {
    pub fn adopted(&self) -> i64 {
        self.county + self.city + self.province + self.national
    }
}

/// Ranks by points, then adoptions, then submissions (names break ties in order only); equal figures share a
/// rank and the next rank skips (1, 1, 3).
pub fn rank(lines: &mut [ScoreLine]) {
    lines.sort_by(|a, b| {
        (b.points, b.adopted(), b.submitted).cmp(&(a.points, a.adopted(), a.submitted)).then(a.unit.cmp(&b.unit))
    });
    let mut prev: Option<(i64, i64, i64)> = None;
    for i in 0..lines.len() {
        let key = (lines[i].points, lines[i].adopted(), lines[i].submitted);
        lines[i].rank = if prev == Some(key) { lines[i - 1].rank } else { i + 1 };
        prev = Some(key);
    }
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
        let unit = [P::Unit];
        let ed = [P::Editor];
        assert!(matches!(step(INFO_FLOW, S::Submitted, A::Accept, &unit), Err(Refusal::NotYours(_))));
        assert_eq!(step(INFO_FLOW, S::Submitted, A::Return, &ed), Ok(S::Returned));
        assert_eq!(step(INFO_FLOW, S::Returned, A::Edit, &unit), Ok(S::Returned), "the unit revises");
        assert!(matches!(step(INFO_FLOW, S::Returned, A::Edit, &ed), Err(Refusal::NotYours(_))));
        assert_eq!(step(INFO_FLOW, S::Returned, A::Resubmit, &unit), Ok(S::Submitted));
        assert_eq!(step(INFO_FLOW, S::Submitted, A::Place, &ed), Ok(S::Accepted), "placing screens it in");
        assert_eq!(step(INFO_FLOW, S::Accepted, A::Publish, &ed), Ok(S::Published));
        assert_eq!(step(INFO_FLOW, S::Published, A::Place, &ed), Ok(S::Published), "into a second journal");
        assert!(matches!(step(INFO_FLOW, S::Rejected, A::Place, &ed), Err(Refusal::WrongState(_))));
        assert!(matches!(step(INFO_FLOW, S::Submitted, A::Adopt, &ed), Err(Refusal::WrongState(_))));
        assert!(matches!(step(INFO_FLOW, S::Published, A::Withdraw, &unit), Err(Refusal::WrongState(_))));
        assert_eq!(available(INFO_FLOW, S::Submitted, &unit), vec![A::Withdraw]);
        assert_eq!(available(INFO_FLOW, S::Submitted, &ed), vec![A::Accept, A::Return, A::Reject, A::Edit, A::Place]);
    }

    #[test]
    fn parties_follow_roles_and_unit() {
        assert_eq!(parties(&[Role::Liaison], "t1", "t1"), vec![P::Unit]);
        assert!(parties(&[Role::Liaison], "t1", "t2").is_empty());
        assert_eq!(parties(&[Role::InfoEditor], "xxk", "t1"), vec![P::Editor]);
        assert!(sees_all(&[Role::OfficeDirector]) && !sees_all(&[Role::Liaison]));
    }

    #[test]
    fn text_is_checked() {
        assert!(check_text(" ", "正文").unwrap_err().message.contains("标题"));
        assert!(check_text("标题", "\n").unwrap_err().message.contains("正文"));
        assert_eq!(check_text(" 标题 ", "正文\r\n第二段").unwrap(), ("标题".into(), "正文\n第二段".into()));
    }

    #[test]
    fn adoptions_are_checked() {
        let today = d("2026-11-23");
        let a = Adoption {
            kind: AdoptionKind::Adopted,
            level: Level::City,
            outlet: "《青川政务信息》".into(),
            on: today,
            note: String::new(),
        };
        assert!(check_adoption(&a, today).is_ok());
        assert!(check_adoption(&Adoption { level: Level::County, ..a.clone() }, today).is_err());
        assert!(check_adoption(&Adoption { kind: AdoptionKind::Journal, ..a.clone() }, today).is_err());
        assert!(check_adoption(&Adoption { on: d("2026-11-24"), ..a.clone() }, today).is_err());
        let instr = Adoption { kind: AdoptionKind::Instruction, level: Level::County, outlet: " ".into(), ..a };
        assert!(check_adoption(&instr, today).unwrap_err().message.contains("批示领导"));
    }

    #[test]
    fn points_follow_the_rules() {
        let mut r = ScoreRules::defaults();
        assert_eq!(r.points(AdoptionKind::Adopted, Level::City, None), 3);
        assert_eq!(r.points(AdoptionKind::Instruction, Level::National, None), 15);
        assert_eq!(r.points(AdoptionKind::Reported, Level::Province, None), 0);
        assert_eq!(r.points(AdoptionKind::Journal, Level::County, Some("j1")), 0, "no rule: nothing");
        r.rules.insert(ScoreRules::journal_key("j1"), 2);
        assert_eq!(r.points(AdoptionKind::Journal, Level::County, Some("j1")), 2);
        assert!(ScoreRules::check("adopted:city", 4).is_ok());
        assert!(ScoreRules::check("adopted:city", -1).is_err());
        assert!(ScoreRules::check("adopted:mars", 1).is_err());
        assert!(ScoreRules::check("journal:x", MAX_POINTS + 1).is_err());
        assert_eq!(ScoreRules::level_keys().len(), 10);
    }

    #[test]
    fn periods() {
        assert_eq!(Period::new(2026, None, None).unwrap().range(), (d("2026-01-01"), d("2026-12-31")));
        assert_eq!(Period::new(2026, Some(4), None).unwrap().range(), (d("2026-10-01"), d("2026-12-31")));
        assert_eq!(Period::new(2026, None, Some(2)).unwrap().range(), (d("2026-02-01"), d("2026-02-28")));
        assert_eq!(Period::new(2026, Some(4), None).unwrap().label(), "2026年第四季度");
        assert!(Period::new(2026, Some(5), None).is_err());
        assert!(Period::new(2026, Some(1), Some(1)).is_err());
        assert!(Period::new(1999, None, None).is_err());
    }

    #[test]
    fn ranking_shares_ranks_on_equal_figures() {
        let line = |unit: &str, points, city, submitted| ScoreLine {
            unit: unit.into(),
            points,
            city,
            submitted,
            ..Default::default()
        };
        let mut v = vec![line("乙", 5, 1, 3), line("甲", 9, 2, 4), line("丙", 5, 1, 3), line("丁", 5, 1, 7)];
        rank(&mut v);
        let got: Vec<(&str, usize)> = v.iter().map(|l| (l.unit.as_str(), l.rank)).collect();
        assert_eq!(got, vec![("甲", 1), ("丁", 2), ("丙", 3), ("乙", 3)]);
    }
}
