//! 公务接待 under 《党政机关国内公务接待管理规定》 (2013): a reception is registered only with the visiting unit's
//! 公函; its plan is checked against the rules before approval (`check_plan`, pure); after the visit the 接待清单
//! (what actually happened) is compared with the plan and signed by the responsible leader.

use super::money::{check_fen, yuan};
use crate::workflow::Transition;
use crate::{text, Invalid, Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded_enum!(
    ReceptionState {
        Draft = "draft" / "草拟",
        Pending = "pending" / "待审批",
        Approved = "approved" / "已批准",
        Received = "received" / "已接待",
        Signed = "signed" / "清单已签字",
        Cancelled = "cancelled" / "已撤销",
    }
);

coded_enum!(
    ReceptionAct {
        Edit = "edit" / "修改计划",
        Submit = "submit" / "送审批",
        Return = "return" / "退回",
        Approve = "approve" / "批准",
        Record = "record" / "填报接待清单",
        Sign = "sign" / "负责人签字",
        Cancel = "cancel" / "撤销",
    }
);

coded_enum!(
    ReceptionParty {
        Host = "host" / "接待单位",
        Approver = "approver" / "审批领导",
        Leader = "leader" / "负责人",
    }
);

use ReceptionAct as A;
use ReceptionParty as P;
use ReceptionState as S;

/// 草拟 → 待审批 (退回) → 已批准 → 已接待 (清单填报) → 清单已签字. Submitting and approving also need a plan that
/// breaks no rule (the use case runs `check_plan` before the step).
pub const RECEPTION_FLOW: &[Transition<ReceptionState, ReceptionAct, ReceptionParty>] = &[
    Transition { from: &[S::Draft], action: A::Edit, by: &[P::Host], to: None },
    Transition { from: &[S::Draft], action: A::Submit, by: &[P::Host], to: Some(S::Pending) },
    Transition { from: &[S::Pending], action: A::Return, by: &[P::Approver], to: Some(S::Draft) },
    Transition { from: &[S::Pending], action: A::Approve, by: &[P::Approver], to: Some(S::Approved) },
    Transition { from: &[S::Approved, S::Received], action: A::Record, by: &[P::Host], to: Some(S::Received) },
    Transition { from: &[S::Received], action: A::Sign, by: &[P::Leader], to: Some(S::Signed) },
    Transition {
        from: &[S::Draft, S::Pending, S::Approved],
        action: A::Cancel,
        by: &[P::Host],
        to: Some(S::Cancelled),
    },
];

/// Registers receptions for their organ: the office's 行政科 and a department's or town's 联络员.
pub fn may_register(roles: &[Role]) -> bool {
    roles.iter().any(|r| matches!(r, Role::ReceptionOfficer | Role::Liaison))
}

/// What someone is to a reception hosted by `host`: `organ` is their own organ.
pub fn parties(roles: &[Role], organ: &str, host: &str) -> Vec<ReceptionParty> {
    let mut out = Vec::new();
    if organ == host && may_register(roles) {
        out.push(P::Host);
    }
    if roles.iter().any(|r| matches!(r, Role::OfficeDirector | Role::Leader)) {
        out.push(P::Approver);
        out.push(P::Leader);
    }
    out
}

/// One visitor as named in the 公函.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visitor {
    pub name: String,
    pub unit: String,
    pub position: String,
}

/// One activity of the itinerary (and of the 接待清单: activity, time, place).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub date: NaiveDate,
    pub time: String,
    pub place: String,
    pub content: String,
}

/// A reception plan, and (the same shape) what actually happened, for the 接待清单. Money in 分.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// 公函: its number, or a scan (sha256 of the uploaded file), or both.
    pub letter_no: String,
    pub letter_file: Option<String>,
    pub letter_file_name: String,
    pub visiting_unit: String,
    pub visitors: Vec<Visitor>,
    pub purpose: String,
    pub itinerary: Vec<Activity>,
    pub start_on: NaiveDate,
    pub end_on: NaiveDate,
    /// 接待对象人数
    pub guests: i64,
    /// 陪餐人数 at the 工作餐
    pub escorts: i64,
    /// 工作餐次数
    pub work_meals: i64,
    /// Cost of the 工作餐 per person (guests and escorts alike).
    pub meal_fen: i64,
    pub menu: String,
    pub drinks: String,
    pub hotel: String,
    pub nights: i64,
    pub rooms: i64,
    /// Per room and night.
    pub room_fen: i64,
    /// 其他费用 (场地, 交通 …)
    pub other_fen: i64,
    pub budget_fen: i64,
}

impl Plan {
    pub fn meal_cost(&self) -> i64 {
        self.work_meals.saturating_mul(self.guests + self.escorts).saturating_mul(self.meal_fen)
    }
    pub fn lodging_cost(&self) -> i64 {
        self.nights.saturating_mul(self.rooms).saturating_mul(self.room_fen)
    }
    pub fn total_cost(&self) -> i64 {
        self.meal_cost().saturating_add(self.lodging_cost()).saturating_add(self.other_fen)
    }
    pub fn has_letter(&self) -> bool {
        !self.letter_no.trim().is_empty() || self.letter_file.is_some()
    }
}

/// Local money standards and forbidden items (configurable; the 2013 rules leave the amounts to local rules).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standards {
    /// 工作餐 per person per meal.
    pub meal_fen: i64,
    /// Lodging per room per night.
    pub room_fen: i64,
    /// Local additions to the forbidden dishes, cigarettes and liquor.
    #[serde(default)]
    pub forbidden: Vec<String>,
}

impl Default for Standards {
    /// A county's usual figures: 工作餐 60 元 a person, lodging 350 元 a room-night.
    fn default() -> Self {
        Standards { meal_fen: 6_000, room_fen: 35_000, forbidden: Vec::new() }
    }
}

/// Forbidden on the table of an official reception, with what they are (data: extend through `Standards`).
pub const FORBIDDEN: &[(&str, &str)] = &[
    ("鱼翅", "高档菜肴"),
    ("燕窝", "高档菜肴"),
    ("熊掌", "野生保护动物菜肴"),
    ("穿山甲", "野生保护动物菜肴"),
    ("果子狸", "野生保护动物菜肴"),
    ("娃娃鱼", "野生保护动物菜肴"),
    ("大鲵", "野生保护动物菜肴"),
    ("野生动物", "野生保护动物菜肴"),
    ("香烟", "香烟"),
    ("卷烟", "香烟"),
    ("雪茄", "香烟"),
    ("中华烟", "香烟"),
    ("茅台", "高档酒水"),
    ("五粮液", "高档酒水"),
    ("国窖", "高档酒水"),
    ("洋酒", "高档酒水"),
    ("拉菲", "高档酒水"),
    ("人头马", "高档酒水"),
    ("轩尼诗", "高档酒水"),
    ("路易十三", "高档酒水"),
    ("高档酒", "高档酒水"),
];

const RULES: &str = "《党政机关国内公务接待管理规定》";

/// One rule the plan breaks: a stable id, the rule's words, and what in the plan breaks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breach {
    pub rule: &'static str,
    pub article: String,
    pub message: String,
}

/// The most 陪餐 allowed for this many guests: 3 up to 10 guests, else a third of them (rounded down).
pub fn escort_limit(guests: i64) -> i64 {
    if guests <= 10 {
        3
    } else {
        guests / 3
    }
}

/// Every rule of the 2013 regulations and the local standards the plan breaks; empty when it may be approved.
pub fn check_plan(p: &Plan, s: &Standards) -> Vec<Breach> {
    let mut out = Vec::new();
    let mut breach = |rule, article: String, message: String| out.push(Breach { rule, article, message });
    if !p.has_letter() {
        breach("letter", format!("{RULES}：对无公函的公务活动和来访人员一律不予接待。"), "没有来访单位的公函。".into());
    }
    if p.work_meals > 1 {
        breach(
            "work_meal",
            format!("{RULES}：接待对象应当按照规定标准自行用餐，确因工作需要，接待单位可以安排工作餐一次。"),
            format!("计划安排工作餐{}次，最多一次。", p.work_meals),
        );
    }
    let limit = escort_limit(p.guests);
    if p.work_meals > 0 && p.escorts > limit {
        breach(
            "escorts",
            format!("{RULES}：接待对象在10人以内的，陪餐人数不得超过3人；超过10人的，不得超过接待对象人数的三分之一。"),
            format!("接待对象{}人，陪餐{}人，最多{}人。", p.guests, p.escorts, limit),
        );
    }
    if p.work_meals > 0 && p.meal_fen > s.meal_fen {
        breach(
            "meal_standard",
            format!("本地标准：工作餐每人每餐不超过{}元。", yuan(s.meal_fen)),
            format!("计划工作餐每人{}元。", yuan(p.meal_fen)),
        );
    }
    if p.nights > 0 && p.room_fen > s.room_fen {
        breach(
            "room_standard",
            format!("本地标准：住宿每间每晚不超过{}元。", yuan(s.room_fen)),
            format!("计划住宿每间每晚{}元。", yuan(p.room_fen)),
        );
    }
    let table = format!("{}\n{}", p.menu, p.drinks);
    let extra = s.forbidden.iter().map(|w| (w.as_str(), "本地禁列"));
    let mut seen: Vec<&str> = Vec::new();
    for (word, what) in FORBIDDEN.iter().copied().chain(extra) {
        let word = word.trim();
        if !word.is_empty() && table.contains(word) && !seen.contains(&word) {
            seen.push(word);
            breach(
                "forbidden",
                format!(
                    "{RULES}：工作餐应当供应家常菜，不得提供鱼翅、燕窝等高档菜肴和用野生保护动物制作的菜肴，不得提供香烟和高档酒水。"
                ),
                format!("菜单或酒水中有“{word}”（{what}）。"),
            );
        }
    }
    if p.budget_fen > 0 && p.total_cost() > p.budget_fen {
        breach(
            "budget",
            "接待费用应当控制在批准的预算以内。".into(),
            format!("计划费用{}元，超出预算{}元。", yuan(p.total_cost()), yuan(p.budget_fen)),
        );
    }
    out
}

/// Field checks before anything is stored: without a 公函 there is no reception at all (a Chinese 422); counts
/// and amounts must be sensible. Breaches of the rules (`check_plan`) are shown, not refused, until approval.
pub fn validate(p: &Plan) -> Result<Plan, Invalid> {
    let mut p = p.clone();
    p.letter_no = text::optional("letter_no", "公函文号", &p.letter_no, 60)?;
    if !p.has_letter() {
        return Err(Invalid::field("letter_no", "没有公函不得接待：请上传来访单位的公函扫描件，或登记公函文号。"));
    }
    p.letter_file_name = text::optional("letter_file", "公函文件名", &p.letter_file_name, 200)?;
    p.visiting_unit = text::required("visiting_unit", "来访单位", &p.visiting_unit, 100)?;
    p.purpose = text::required("purpose", "来访事由", &p.purpose, 500)?;
    if p.visitors.is_empty() {
        return Err(Invalid::field("visitors", "请填写来访人员（姓名、单位、职务），每行一人。"));
    }
    if p.visitors.len() > 200 {
        return Err(Invalid::field("visitors", "来访人员最多200人。"));
    }
    for v in &mut p.visitors {
        v.name = text::required("visitors", "来访人员姓名", &v.name, 20)?;
        v.unit = text::optional("visitors", "来访人员单位", &v.unit, 60)?;
        v.position = text::optional("visitors", "来访人员职务", &v.position, 30)?;
    }
    if p.end_on < p.start_on {
        return Err(Invalid::field("end_on", "离开日期不能早于抵达日期。"));
    }
    if (p.end_on - p.start_on).num_days() > 30 {
        return Err(Invalid::field("end_on", "一次接待不能超过30天，请核对日期。"));
    }
    if p.itinerary.len() > 100 {
        return Err(Invalid::field("itinerary", "行程最多100项。"));
    }
    for a in &mut p.itinerary {
        a.content = text::required("itinerary", "行程活动", &a.content, 200)?;
        a.place = text::optional("itinerary", "行程地点", &a.place, 100)?;
        a.time = text::optional("itinerary", "行程时间", &a.time, 20)?;
        if a.date < p.start_on || a.date > p.end_on {
            return Err(Invalid::field(
                "itinerary",
                format!("行程“{}”的日期{}不在来访期间内。", a.content, crate::time::format_date(a.date)),
            ));
        }
    }
    let count = |field: &'static str, label: &str, n: i64, max: i64| {
        if n < 0 {
            Err(Invalid::field(field, format!("{label}不能为负数。")))
        } else if n > max {
            Err(Invalid::field(field, format!("{label}{n}超过上限{max}，请核对。")))
        } else {
            Ok(())
        }
    };
    count("guests", "接待对象人数", p.guests, 1000)?;
    if p.guests < p.visitors.len() as i64 {
        return Err(Invalid::field("guests", format!("接待对象人数{}少于名单上的{}人。", p.guests, p.visitors.len())));
    }
    count("escorts", "陪餐人数", p.escorts, 1000)?;
    count("work_meals", "工作餐次数", p.work_meals, 10)?;
    count("nights", "住宿天数", p.nights, 30)?;
    count("rooms", "房间数", p.rooms, 500)?;
    check_fen("meal_fen", "工作餐标准", p.meal_fen)?;
    check_fen("room_fen", "住宿标准", p.room_fen)?;
    check_fen("other_fen", "其他费用", p.other_fen)?;
    check_fen("budget_fen", "接待预算", p.budget_fen)?;
    check_fen("total", "费用合计", p.total_cost())?;
    p.menu = text::multiline("menu", "菜单", &p.menu, 500)?;
    p.drinks = text::optional("drinks", "酒水", &p.drinks, 200)?;
    p.hotel = text::optional("hotel", "住宿地点", &p.hotel, 100)?;
    Ok(p)
}

/// Visitors typed one per line: 姓名 单位 职务 (separated by spaces, commas or 、).
pub fn parse_visitors(s: &str) -> Vec<Visitor> {
    s.lines()
        .map(|l| {
            l.split([' ', '\t', '，', ',', '、', '　']).map(str::trim).filter(|x| !x.is_empty()).collect::<Vec<_>>()
        })
        .filter(|parts| !parts.is_empty())
        .map(|parts| Visitor {
            name: parts[0].to_string(),
            unit: parts.get(1).map(|s| s.to_string()).unwrap_or_default(),
            position: if parts.len() > 2 { parts[2..].join(" ") } else { String::new() },
        })
        .collect()
}

pub fn visitors_text(v: &[Visitor]) -> String {
    v.iter()
        .map(|v| [v.name.as_str(), v.unit.as_str(), v.position.as_str()].join(" ").trim().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Itinerary typed one activity per line: 2026-11-25 09:00 地点 活动 (the activity is the rest of the line).
pub fn parse_itinerary(s: &str) -> Result<Vec<Activity>, Invalid> {
    let mut out = Vec::new();
    for (i, line) in s.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let bad = || {
            Invalid::field(
                "itinerary",
                format!("行程第{}行应为“日期 时间 地点 活动”，例如 2026-11-25 09:00 青禾镇产业园 实地调研。", i + 1),
            )
        };
        if parts.len() < 4 {
            return Err(bad());
        }
        let date = crate::time::parse_date(parts[0]).ok_or_else(bad)?;
        out.push(Activity {
            date,
            time: parts[1].to_string(),
            place: parts[2].to_string(),
            content: parts[3..].join(" "),
        });
    }
    Ok(out)
}

pub fn itinerary_text(v: &[Activity]) -> String {
    v.iter().map(|a| format!("{} {} {} {}", a.date, a.time, a.place, a.content)).collect::<Vec<_>>().join("\n")
}

/// One line where the 接待清单 differs from the approved plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub item: &'static str,
    pub planned: String,
    pub actual: String,
}

/// What changed between plan and the 接待清单, item by item (money in 元).
pub fn compare(plan: &Plan, actual: &Plan) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut diff = |item, a: String, b: String| {
        if a != b {
            out.push(Difference { item, planned: a, actual: b });
        }
    };
    let names =
        |v: &[Visitor]| v.iter().map(|v| format!("{}（{}）", v.name, v.position)).collect::<Vec<_>>().join("、");
    let acts = |v: &[Activity]| {
        v.iter().map(|a| format!("{} {} {}", a.date, a.place, a.content)).collect::<Vec<_>>().join("；")
    };
    diff("来访单位", plan.visiting_unit.clone(), actual.visiting_unit.clone());
    diff("来访人员", names(&plan.visitors), names(&actual.visitors));
    diff("接待对象人数", plan.guests.to_string(), actual.guests.to_string());
    diff("活动安排", acts(&plan.itinerary), acts(&actual.itinerary));
    diff("工作餐次数", plan.work_meals.to_string(), actual.work_meals.to_string());
    diff("陪餐人数", plan.escorts.to_string(), actual.escorts.to_string());
    diff("工作餐标准（元/人）", yuan(plan.meal_fen), yuan(actual.meal_fen));
    diff("菜单", plan.menu.clone(), actual.menu.clone());
    diff("酒水", plan.drinks.clone(), actual.drinks.clone());
    diff("住宿", format!("{}间×{}晚", plan.rooms, plan.nights), format!("{}间×{}晚", actual.rooms, actual.nights));
    diff("住宿标准（元/间·晚）", yuan(plan.room_fen), yuan(actual.room_fen));
    diff("其他费用（元）", yuan(plan.other_fen), yuan(actual.other_fen));
    diff("费用合计（元）", yuan(plan.total_cost()), yuan(actual.total_cost()));
    out
}

/// An approval or the leader's signature on the 接待清单: who, when, and what they wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub name: String,
    pub date: NaiveDate,
    pub opinion: String,
}

/// One reception.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reception {
    pub id: String,
    pub host_unit_id: String,
    pub state: ReceptionState,
    pub plan: Plan,
    /// The 接待清单: what actually happened (after the visit).
    pub actual: Option<Plan>,
    pub created_by: String,
    pub approval: Option<Signature>,
    pub signature: Option<Signature>,
    /// The reason of the last 退回 or 撤销.
    pub note: String,
    pub created_ms: i64,
    pub updated_ms: i64,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::workflow::{available, step, Refusal};

    pub fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub fn plan() -> Plan {
        Plan {
            letter_no: "青川政办函〔2026〕18号".into(),
            letter_file: None,
            letter_file_name: String::new(),
            visiting_unit: "青川县人民政府办公室".into(),
            visitors: parse_visitors("李明 青川县政府办 副主任\n王芳 青川县政府办 科长"),
            purpose: "考察督查督办信息化建设".into(),
            itinerary: parse_itinerary("2026-11-25 09:00 县政府办 座谈交流").unwrap(),
            start_on: d("2026-11-25"),
            end_on: d("2026-11-26"),
            guests: 2,
            escorts: 2,
            work_meals: 1,
            meal_fen: 5_000,
            menu: "家常菜四菜一汤".into(),
            drinks: "茶水".into(),
            hotel: "县政府招待所".into(),
            nights: 1,
            rooms: 2,
            room_fen: 30_000,
            other_fen: 0,
            budget_fen: 100_000,
        }
    }

    fn rules(p: &Plan) -> Vec<&'static str> {
        check_plan(p, &Standards::default()).iter().map(|b| b.rule).collect()
    }

    #[test]
    fn a_plan_within_the_rules_has_no_breach() {
        assert!(rules(&plan()).is_empty());
        assert_eq!(plan().total_cost(), 4 * 5_000 + 2 * 30_000);
    }

    #[test]
    fn escorts_follow_the_number_of_guests() {
        assert_eq!(
            (escort_limit(1), escort_limit(10), escort_limit(11), escort_limit(12), escort_limit(30)),
            (3, 3, 3, 4, 10)
        );
        let p = Plan { escorts: 4, ..plan() };
        let b = check_plan(&p, &Standards::default());
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].rule, "escorts");
        assert!(b[0].message.contains("最多3人") && b[0].article.contains("三分之一"), "{b:?}");
        assert!(rules(&Plan { guests: 12, escorts: 4, budget_fen: 0, ..plan() }).is_empty());
        assert_eq!(rules(&Plan { guests: 12, escorts: 5, budget_fen: 0, ..plan() }), vec!["escorts"]);
        assert!(rules(&Plan { escorts: 9, work_meals: 0, ..plan() }).is_empty(), "no meal, no 陪餐");
    }

    #[test]
    fn each_rule_names_its_breach() {
        assert_eq!(rules(&Plan { letter_no: String::new(), ..plan() }), vec!["letter"]);
        assert!(rules(&Plan { letter_no: String::new(), letter_file: Some("ab".into()), ..plan() }).is_empty());
        assert_eq!(rules(&Plan { work_meals: 2, ..plan() }), vec!["work_meal"]);
        assert_eq!(rules(&Plan { meal_fen: 6_001, ..plan() }), vec!["meal_standard"]);
        assert_eq!(rules(&Plan { room_fen: 35_001, ..plan() }), vec!["room_standard"]);
        assert!(rules(&Plan { room_fen: 90_000, nights: 0, ..plan() }).is_empty(), "no lodging");
        assert_eq!(rules(&Plan { budget_fen: 1_000, ..plan() }), vec!["budget"]);
        let b = check_plan(
            &Plan { menu: "清蒸鱼翅、燕窝羹".into(), drinks: "茅台".into(), ..plan() },
            &Standards::default(),
        );
        assert_eq!(b.len(), 3, "{b:?}");
        assert!(b.iter().all(|b| b.rule == "forbidden"));
        assert!(b[2].message.contains("茅台") && b[2].message.contains("高档酒水"));
        let local = Standards { forbidden: vec!["海参".into()], ..Standards::default() };
        assert_eq!(check_plan(&Plan { menu: "葱烧海参".into(), ..plan() }, &local).len(), 1);
    }

    #[test]
    fn validation_refuses_a_reception_without_letter_and_absurd_figures() {
        assert!(validate(&plan()).is_ok());
        let e = validate(&Plan { letter_no: " ".into(), ..plan() }).unwrap_err();
        assert!(e.message.contains("没有公函不得接待"), "{e:?}");
        assert!(validate(&Plan { guests: 1, ..plan() }).unwrap_err().message.contains("少于名单"));
        assert!(validate(&Plan { escorts: -1, ..plan() }).unwrap_err().message.contains("负数"));
        assert!(validate(&Plan { meal_fen: -100, ..plan() }).is_err());
        assert!(validate(&Plan { budget_fen: i64::MAX, ..plan() }).unwrap_err().message.contains("上限"));
        assert!(validate(&Plan { rooms: 500, nights: 30, room_fen: 90_000_000, ..plan() }).is_err(), "total too");
        assert!(validate(&Plan { end_on: d("2026-11-24"), ..plan() }).is_err());
        assert!(validate(&Plan { visitors: Vec::new(), ..plan() }).is_err());
        let mut far = plan();
        far.itinerary[0].date = d("2026-12-25");
        assert!(validate(&far).unwrap_err().message.contains("不在来访期间"));
    }

    #[test]
    fn text_lists_round_trip() {
        let v = parse_visitors("李明，青川县政府办，副主任\n\n王芳 青川县政府办");
        assert_eq!(v.len(), 2);
        assert_eq!(
            (v[0].unit.as_str(), v[0].position.as_str(), v[1].position.as_str()),
            ("青川县政府办", "副主任", "")
        );
        assert_eq!(parse_visitors(&visitors_text(&v)), v);
        let a = parse_itinerary("2026-11-25 09:00 青禾镇产业园 实地 调研").unwrap();
        assert_eq!(a[0].content, "实地 调研");
        assert_eq!(parse_itinerary(&itinerary_text(&a)).unwrap(), a);
        assert!(parse_itinerary("明天 上午 去看看").unwrap_err().message.contains("第1行"));
    }

    #[test]
    fn the_list_is_compared_with_the_plan() {
        let actual = Plan { escorts: 3, other_fen: 2_000, ..plan() };
        let diffs = compare(&plan(), &actual);
        let items: Vec<&str> = diffs.iter().map(|d| d.item).collect();
        assert_eq!(items, vec!["陪餐人数", "其他费用（元）", "费用合计（元）"]);
        assert_eq!((diffs[0].planned.as_str(), diffs[0].actual.as_str()), ("2", "3"));
        assert!(compare(&plan(), &plan()).is_empty());
    }

    #[test]
    fn lifecycle_follows_the_table() {
        let host = parties(&[Role::ReceptionOfficer], "bgs", "bgs");
        let director = parties(&[Role::OfficeDirector], "bgs", "bgs");
        assert_eq!(host, vec![P::Host]);
        assert!(parties(&[Role::Liaison], "t1", "bgs").is_empty(), "another unit's reception");
        let s = step(RECEPTION_FLOW, S::Draft, A::Submit, &host).unwrap();
        assert!(matches!(step(RECEPTION_FLOW, s, A::Approve, &host), Err(Refusal::NotYours(_))));
        assert_eq!(step(RECEPTION_FLOW, s, A::Return, &director), Ok(S::Draft));
        let s = step(RECEPTION_FLOW, s, A::Approve, &director).unwrap();
        assert!(matches!(step(RECEPTION_FLOW, s, A::Sign, &director), Err(Refusal::WrongState(_))));
        let s = step(RECEPTION_FLOW, s, A::Record, &host).unwrap();
        assert_eq!(available(RECEPTION_FLOW, s, &host), vec![A::Record]);
        assert_eq!(step(RECEPTION_FLOW, s, A::Sign, &director), Ok(S::Signed));
        assert!(available(RECEPTION_FLOW, S::Signed, &[P::Host, P::Approver, P::Leader]).is_empty());
    }
}
