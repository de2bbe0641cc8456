//! 督查督办 request bodies shared by the forms and the JSON API, and their translation into use-case types.

use crate::error::WebError;
use serde::Deserialize;
use utoipa::ToSchema;
use zs_app::tracking::{NewItem, Step};
use zs_domain::tracking::{Category, Cycle, Kind};

use super::bad;

/// 立项交办: a matter for a lead unit and co-units.
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
pub struct ItemInput {
    /// supervision (督办事项), rectification (整改问题), meeting_decision, document_handling, commission, proposal …
    pub kind: String,
    /// 来源, e.g. “王县长批示”.
    #[serde(default)]
    pub source_title: String,
    pub title: String,
    #[serde(default)]
    pub requirement: String,
    /// 整改类别 of a 整改问题: immediate (立行立改), deadline (限期整改), long_term (长期坚持).
    #[serde(default)]
    pub category: String,
    /// 整改措施
    #[serde(default)]
    pub measures: String,
    pub lead_unit_id: String,
    #[serde(default)]
    pub co_unit_id: Vec<String>,
    /// 责任人
    #[serde(default)]
    pub owner_name: String,
    /// 责任领导 (a user id).
    #[serde(default)]
    pub leader_id: String,
    /// 办理时限, a working day: 2026-12-04.
    pub due: String,
    /// once, weekly, monthly, or every (with `cycle_days`).
    pub cycle: String,
    #[serde(default)]
    pub cycle_days: String,
    /// Present (any value): save without 交办 yet.
    #[serde(default)]
    pub save_only: Option<String>,
}

impl ItemInput {
    pub fn item(self) -> Result<NewItem, WebError> {
        let cycle = match self.cycle.as_str() {
            "every" => {
                let n: u32 = self.cycle_days.trim().parse().map_err(|_| bad("反馈周期的工作日数须为1到250的整数。"))?;
                Cycle::from_code(&format!("every:{n}"))
            }
            other => Cycle::from_code(other),
        }
        .ok_or_else(|| bad("请选择有效的反馈周期（1到250个工作日）。"))?;
        Ok(NewItem {
            kind: Kind::from_code(&self.kind).ok_or_else(|| bad("请选择事项类型。"))?,
            source_kind: "manual".into(),
            source_id: String::new(),
            source_title: self.source_title,
            title: self.title,
            requirement: self.requirement,
            category: Category::from_code(&self.category),
            measures: self.measures,
            lead_unit_id: self.lead_unit_id,
            co_unit_ids: self.co_unit_id,
            owner_name: self.owner_name,
            leader_id: Some(self.leader_id).filter(|s| !s.is_empty()),
            due: super::date(&self.due, "办理时限")?,
            cycle,
            assign: self.save_only.is_none(),
        })
    }
}

/// One step on an item: `act` names it, the other fields carry what it needs.
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
pub struct ItemStepInput {
    /// assign, acknowledge, report, request_close, close, return, request_extension, decide_extension, urge, cancel
    pub act: String,
    /// 反馈 text (report).
    #[serde(default)]
    pub text: String,
    /// 0–100 (report).
    #[serde(default)]
    pub progress: String,
    /// 办理结果 (request_close).
    #[serde(default)]
    pub result: String,
    /// 建章立制: the rule or mechanism adopted (request_close of a long-term 整改问题).
    #[serde(default)]
    pub rule: String,
    #[serde(default)]
    pub note: String,
    /// Why (return, request_extension, cancel).
    #[serde(default)]
    pub reason: String,
    /// The new deadline asked for (request_extension).
    #[serde(default)]
    pub due: String,
    /// "yes" to approve (decide_extension).
    #[serde(default)]
    pub approve: String,
}

impl ItemStepInput {
    pub fn step(self) -> Result<Step, WebError> {
        Ok(match self.act.as_str() {
            "assign" => Step::Assign,
            "acknowledge" => Step::Acknowledge,
            "report" => Step::Report {
                text: self.text,
                progress: self.progress.trim().parse().map_err(|_| bad("完成进度须为0到100的整数。"))?,
            },
            "request_close" => Step::RequestClose { result: self.result, rule: self.rule },
            "close" => Step::Close { note: self.note },
            "return" => Step::Return { reason: self.reason },
            "request_extension" => {
                Step::RequestExtension { due: super::date(&self.due, "延期后的时限")?, reason: self.reason }
            }
            "decide_extension" => Step::DecideExtension { approve: self.approve == "yes", note: self.note },
            "urge" => Step::Urge { note: self.note },
            "cancel" => Step::Cancel { reason: self.reason },
            other => return Err(WebError::bad_request(format!("未知的操作“{other}”。"))),
        })
    }
}
