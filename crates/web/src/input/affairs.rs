//! Request bodies of 办事 that the pages (forms) and the API (JSON) share, and their translation into the use
//! cases' types. Numbers may come as JSON numbers or as form text; money as 元 text (forms) or integer 分 (API).

use crate::error::WebError;
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;
use zs_app::affairs::{InfoStep, IssueStep, ReceptionStep};
use zs_domain::affairs::info::{Adoption, AdoptionKind, InfoCategory, Level};
use zs_domain::affairs::money::{check_fen, parse_yuan};
use zs_domain::affairs::reception::{parse_itinerary, parse_visitors, Activity, Plan, Visitor};

use super::bad;

#[derive(Deserialize)]
#[serde(untagged)]
enum NumOrText {
    Num(i64),
    Text(String),
}

/// A number typed in a form or sent as a JSON number, kept as text until it is checked.
pub fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Option::<NumOrText>::deserialize(d)? {
        Some(NumOrText::Num(n)) => n.to_string(),
        Some(NumOrText::Text(s)) => s,
        None => String::new(),
    })
}

/// An integer field: empty is 0; anything else not an integer is a Chinese 422.
pub fn count(s: &str, label: &str) -> Result<i64, WebError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(0);
    }
    t.parse().map_err(|_| bad(format!("{label}“{t}”应为整数。")))
}

/// Money: integer 分 when given (API), else 元 text (forms).
fn money(fen: Option<i64>, yuan: &str, field: &'static str, label: &str) -> Result<i64, WebError> {
    let r = match fen {
        Some(f) => check_fen(field, label, f),
        None => parse_yuan(field, label, yuan),
    };
    r.map_err(|e| bad(e.message))
}

/// 信息报送: a submission or an edit.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct InfoInput {
    /// news / practice / suggestion / urgent (工作动态 / 经验做法 / 问题建议 / 紧急信息).
    pub category: String,
    pub title: String,
    pub body: String,
    /// The unit's part of a 约稿 this answers (tracked item id), optional.
    pub commission_id: String,
    /// For edits: the version the text was read at.
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = i64)]
    pub version: String,
}

impl InfoInput {
    pub fn category(&self) -> Result<InfoCategory, WebError> {
        InfoCategory::from_code(&self.category).ok_or_else(|| bad("请选择信息类别。"))
    }
    pub fn version(&self) -> Result<i64, WebError> {
        count(&self.version, "稿次")
    }
}

/// One step on an item: accept / return / reject / withdraw / resubmit, with a reason where needed.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct InfoStepInput {
    pub act: String,
    pub reason: String,
}

impl InfoStepInput {
    pub fn step(self) -> Result<InfoStep, WebError> {
        Ok(match self.act.as_str() {
            "accept" => InfoStep::Accept,
            "return" => InfoStep::Return { reason: self.reason },
            "reject" => InfoStep::Reject { reason: self.reason },
            "withdraw" => InfoStep::Withdraw,
            "resubmit" => InfoStep::Resubmit,
            other => return Err(WebError::bad_request(format!("未知的操作“{other}”。"))),
        })
    }
}

/// 上报 / 上级采用 / 批示.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AdoptionInput {
    /// reported / adopted / instruction
    pub kind: String,
    /// county / city / province / national
    pub level: String,
    /// The upper journal, or the leader who gave the 批示.
    pub outlet: String,
    /// YYYY-MM-DD; empty: today.
    pub on: String,
    pub note: String,
}

impl AdoptionInput {
    pub fn adoption(self, today: chrono::NaiveDate) -> Result<Adoption, WebError> {
        Ok(Adoption {
            kind: AdoptionKind::from_code(&self.kind)
                .ok_or_else(|| bad("请选择登记类型（报送上级、上级采用或领导批示）。"))?,
            level: Level::from_code(&self.level).ok_or_else(|| bad("请选择级别。"))?,
            outlet: self.outlet,
            on: crate::input::opt_date(&self.on, "日期")?.unwrap_or(today),
            note: self.note,
        })
    }
}

/// One step on an issue: submit / approve / return / sign_off.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct IssueStepInput {
    pub act: String,
    pub reason: String,
    pub opinion: String,
}

impl IssueStepInput {
    pub fn step(self) -> Result<IssueStep, WebError> {
        Ok(match self.act.as_str() {
            "submit" => IssueStep::Submit,
            "approve" => IssueStep::Approve,
            "return" => IssueStep::Return { reason: self.reason },
            "sign_off" => IssueStep::SignOff { opinion: self.opinion },
            other => return Err(WebError::bad_request(format!("未知的操作“{other}”。"))),
        })
    }
}

/// One step on a reception: submit / return / approve / sign / cancel.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReceptionStepInput {
    pub act: String,
    pub reason: String,
    pub opinion: String,
}

impl ReceptionStepInput {
    pub fn step(self) -> Result<ReceptionStep, WebError> {
        Ok(match self.act.as_str() {
            "submit" => ReceptionStep::Submit,
            "return" => ReceptionStep::Return { reason: self.reason },
            "approve" => ReceptionStep::Approve { opinion: self.opinion },
            "sign" => ReceptionStep::Sign { opinion: self.opinion },
            "cancel" => ReceptionStep::Cancel { reason: self.reason },
            other => return Err(WebError::bad_request(format!("未知的操作“{other}”。"))),
        })
    }
}

#[derive(Debug, Default, Clone, Deserialize, serde::Serialize, ToSchema)]
#[serde(default)]
pub struct VisitorInput {
    pub name: String,
    pub unit: String,
    pub position: String,
}

#[derive(Debug, Default, Clone, Deserialize, serde::Serialize, ToSchema)]
#[serde(default)]
pub struct ActivityInput {
    /// YYYY-MM-DD
    pub date: String,
    pub time: String,
    pub place: String,
    pub content: String,
}

/// A reception plan, or the 接待清单 (the same fields). Lists as JSON arrays or as text, one per line
/// (`visitors_text`: 姓名 单位 职务; `itinerary_text`: 日期 时间 地点 活动). Money as `*_fen` integers or 元 text.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PlanInput {
    /// 公函文号 (or upload the scan on the page).
    pub letter_no: String,
    pub visiting_unit: String,
    pub visitors: Vec<VisitorInput>,
    pub visitors_text: String,
    pub purpose: String,
    pub itinerary: Vec<ActivityInput>,
    pub itinerary_text: String,
    /// YYYY-MM-DD
    pub start_on: String,
    pub end_on: String,
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = i64)]
    pub guests: String,
    /// 陪餐人数
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = i64)]
    pub escorts: String,
    /// 工作餐次数
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = i64)]
    pub work_meals: String,
    /// 工作餐每人标准（元）
    pub meal: String,
    pub meal_fen: Option<i64>,
    pub menu: String,
    pub drinks: String,
    pub hotel: String,
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = i64)]
    pub nights: String,
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = i64)]
    pub rooms: String,
    /// 住宿每间每晚（元）
    pub room: String,
    pub room_fen: Option<i64>,
    /// 其他费用（元）
    pub other: String,
    pub other_fen: Option<i64>,
    /// 接待预算（元）
    pub budget: String,
    pub budget_fen: Option<i64>,
}

impl PlanInput {
    pub fn plan(self) -> Result<Plan, WebError> {
        let mut visitors: Vec<Visitor> = self
            .visitors
            .into_iter()
            .map(|v| Visitor { name: v.name, unit: v.unit, position: v.position })
            .filter(|v| !v.name.trim().is_empty())
            .collect();
        visitors.extend(parse_visitors(&self.visitors_text));
        let mut itinerary = Vec::new();
        for a in self.itinerary {
            let date = crate::input::date(&a.date, "行程日期")?;
            itinerary.push(Activity { date, time: a.time, place: a.place, content: a.content });
        }
        itinerary.extend(parse_itinerary(&self.itinerary_text).map_err(|e| bad(e.message))?);
        Ok(Plan {
            letter_no: self.letter_no,
            letter_file: None,
            letter_file_name: String::new(),
            visiting_unit: self.visiting_unit,
            visitors,
            purpose: self.purpose,
            itinerary,
            start_on: crate::input::date(&self.start_on, "抵达日期")?,
            end_on: crate::input::date(&self.end_on, "离开日期")?,
            guests: count(&self.guests, "接待对象人数")?,
            escorts: count(&self.escorts, "陪餐人数")?,
            work_meals: count(&self.work_meals, "工作餐次数")?,
            meal_fen: money(self.meal_fen, &self.meal, "meal", "工作餐标准")?,
            menu: self.menu,
            drinks: self.drinks,
            hotel: self.hotel,
            nights: count(&self.nights, "住宿天数")?,
            rooms: count(&self.rooms, "房间数")?,
            room_fen: money(self.room_fen, &self.room, "room", "住宿标准")?,
            other_fen: money(self.other_fen, &self.other, "other", "其他费用")?,
            budget_fen: money(self.budget_fen, &self.budget, "budget", "接待预算")?,
        })
    }

    /// Form fields from an upload's text fields (the registration form carries the 公函 scan).
    pub fn from_fields(f: &std::collections::HashMap<String, String>) -> PlanInput {
        let g = |k: &str| f.get(k).cloned().unwrap_or_default();
        PlanInput {
            letter_no: g("letter_no"),
            visiting_unit: g("visiting_unit"),
            visitors_text: g("visitors_text"),
            purpose: g("purpose"),
            itinerary_text: g("itinerary_text"),
            start_on: g("start_on"),
            end_on: g("end_on"),
            guests: g("guests"),
            escorts: g("escorts"),
            work_meals: g("work_meals"),
            meal: g("meal"),
            menu: g("menu"),
            drinks: g("drinks"),
            hotel: g("hotel"),
            nights: g("nights"),
            rooms: g("rooms"),
            room: g("room"),
            other: g("other"),
            budget: g("budget"),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    #[test]
    fn a_form_and_json_give_the_same_plan() {
        let form: PlanInput = serde_html_form::from_str(
            "letter_no=%E5%87%BD1&visiting_unit=X&visitors_text=%E6%9D%8E%E6%98%8E&purpose=P&start_on=2026-11-25\
             &end_on=2026-11-25&guests=1&escorts=2&work_meals=1&meal=50&budget=1%2C000.5",
        )
        .unwrap();
        let json: PlanInput = serde_json::from_value(serde_json::json!({
            "letter_no": "函1", "visiting_unit": "X", "visitors": [{"name": "李明"}], "purpose": "P",
            "start_on": "2026-11-25", "end_on": "2026-11-25", "guests": 1, "escorts": "2", "work_meals": 1,
            "meal_fen": 5000, "budget_fen": 100050
        }))
        .unwrap();
        assert_eq!(form.plan().unwrap(), json.plan().unwrap());
    }

    #[test]
    fn bad_numbers_and_money_are_chinese_422s() {
        let p = |q: &str| serde_html_form::from_str::<PlanInput>(q).unwrap().plan().unwrap_err();
        let base = "start_on=2026-11-25&end_on=2026-11-25";
        let e = p(&format!("{base}&guests=two"));
        assert!(e.status == StatusCode::UNPROCESSABLE_ENTITY && e.message.contains("接待对象人数"), "{}", e.message);
        assert!(p(&format!("{base}&meal=-5")).message.contains("负数"));
        assert!(p("start_on=tomorrow").message.contains("抵达日期"));
    }
}
