//! Request bodies that pages (HTML forms) and the API (JSON) share, and their translation into the
//! use cases' types. Malformed values become Chinese 422 answers here; rules live in the domain.

pub mod affairs;
pub mod meetings;
pub mod tracking;

use crate::error::WebError;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;
use zs_app::documents::{DocStep, NewDistribution, NewIncoming, Reader};
use zs_domain::document::{Content, Direction, DocAct, DocType, Urgency};
use zs_domain::Classification;

pub(crate) fn bad(msg: impl Into<String>) -> WebError {
    WebError::new(StatusCode::UNPROCESSABLE_ENTITY, msg)
}

/// An optional date typed as 2026-11-30.
pub fn opt_date(s: &str, label: &str) -> Result<Option<NaiveDate>, WebError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    zs_domain::time::parse_date(s)
        .map(Some)
        .ok_or_else(|| bad(format!("{label}“{s}”不是有效日期，请按 2026-11-30 的格式填写。")))
}

pub fn date(s: &str, label: &str) -> Result<NaiveDate, WebError> {
    opt_date(s, label)?.ok_or_else(|| bad(format!("请填写{label}。")))
}

fn int(s: &str, label: &str) -> Result<i64, WebError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(0);
    }
    s.parse().map_err(|_| bad(format!("{label}“{s}”应为整数。")))
}

/// `null` reads as empty, so a document fetched from the API can be sent back unchanged.
fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// An optional 保管期限 (Y, D30, D10 or 永久, 30年, 10年).
pub fn retention(s: &str) -> Result<Option<zs_domain::archive::Retention>, WebError> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    zs_domain::archive::Retention::from_code(s)
        .map(Some)
        .ok_or_else(|| bad("保管期限应为永久（Y）、30年（D30）或10年（D10）。"))
}

fn flag(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|v| matches!(v, "1" | "true" | "on" | "yes"))
}

/// The GB/T 9704 elements of a draft. Dates as 2026-11-30; codes or Chinese labels for the kinds.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ContentInput {
    /// 文种: notice / 通知, request / 请示 …
    pub doc_type: String,
    /// up / parallel / down (上行文 / 平行文 / 下行文); empty: the type's usual direction.
    pub direction: String,
    /// public / internal / work_secret (非密 / 内部 / 工作秘密).
    pub classification: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub secrecy_term: String,
    /// normal / urgent / very_urgent (普通 / 加急 / 特急).
    pub urgency: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub copy_no: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub agency_code_id: String,
    pub issuer: String,
    pub issuer_mark: String,
    pub title: String,
    pub to: String,
    pub body: String,
    /// 附件 titles, in order.
    pub attachments: Vec<String>,
    /// The same, one per line (HTML form).
    pub attachments_text: String,
    pub signature: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub dated: String,
    pub note: String,
    pub cc: String,
    pub printer: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub print_date: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub reply_to_id: String,
    pub countersign_unit_id: Vec<String>,
}

impl ContentInput {
    pub fn content(self) -> Result<Content, WebError> {
        let doc_type = DocType::from_code(&self.doc_type).ok_or_else(|| bad("请选择文种。"))?;
        let direction = if self.direction.trim().is_empty() {
            doc_type.default_direction()
        } else {
            Direction::from_code(&self.direction).ok_or_else(|| bad("行文方向无效。"))?
        };
        let classification = if self.classification.trim().is_empty() {
            Classification::Public
        } else {
            Classification::from_code(&self.classification).ok_or_else(|| bad("密级无效。"))?
        };
        let urgency = if self.urgency.trim().is_empty() {
            Urgency::Normal
        } else {
            Urgency::from_code(&self.urgency).ok_or_else(|| bad("紧急程度无效。"))?
        };
        let mut attachments = self.attachments;
        attachments.extend(self.attachments_text.lines().map(|l| strip_number(l).to_string()));
        attachments.retain(|a| !a.trim().is_empty());
        Ok(Content {
            doc_type,
            direction,
            classification,
            secrecy_term: self.secrecy_term,
            urgency,
            copy_no: self.copy_no,
            agency_code_id: Some(self.agency_code_id).filter(|s| !s.trim().is_empty()),
            issuer: self.issuer,
            issuer_mark: self.issuer_mark,
            title: self.title,
            to: self.to,
            body: self.body,
            attachments,
            signature: self.signature,
            dated: opt_date(&self.dated, "成文日期")?,
            note: self.note,
            cc: self.cc,
            printer: self.printer,
            print_date: opt_date(&self.print_date, "印发日期")?,
            reply_to_id: Some(self.reply_to_id).filter(|s| !s.trim().is_empty()),
            countersign_unit_ids: self.countersign_unit_id.into_iter().filter(|s| !s.trim().is_empty()).collect(),
            attendance: None,
        })
    }
}

/// "1. 名单" → "名单": numbers are added by the layout, not typed.
fn strip_number(line: &str) -> &str {
    let t = line.trim();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(['.', '．', '、']) {
            return r.trim();
        }
    }
    t
}

/// One step on a document: `action` is the step's code (submit, sign_off, register …); the other
/// fields are those the step carries.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct StepInput {
    pub action: String,
    pub reviewer_id: String,
    pub signer_id: String,
    pub reason: String,
    pub opinion: String,
    pub note: String,
    pub proposal: String,
    pub leader_id: String,
    pub text: String,
    pub comment: String,
    pub reply: String,
    /// 签发 despite 校对 errors: the signer's reason.
    pub override_reason: String,
    /// 传阅人, in order when `in_order`.
    pub reader_id: Vec<String>,
    pub in_order: Option<String>,
    pub lead_unit_id: String,
    pub co_unit_id: Vec<String>,
    pub due: String,
    pub requirement: String,
    pub owner_name: String,
    /// 登记 of a 收文.
    pub copies: String,
    pub pages: String,
    /// 登记 of a 发文: platform units to deliver to …
    pub dist_unit_id: Vec<String>,
    /// … and organs outside the platform with their paper copies (parallel lists).
    pub paper_name: Vec<String>,
    pub paper_copies: Vec<String>,
    /// 归档: 保管期限 Y, D30 or D10 (empty: as the rules propose).
    pub retention: String,
}

impl StepInput {
    pub fn step(self) -> Result<DocStep, WebError> {
        let act = DocAct::from_code(&self.action).ok_or_else(|| bad("未知的办理操作。"))?;
        let readers =
            || self.reader_id.iter().filter(|s| !s.is_empty()).map(|u| Reader { user_id: u.clone() }).collect();
        Ok(match act {
            DocAct::Submit => DocStep::Submit { reviewer_id: self.reviewer_id, signer_id: self.signer_id },
            DocAct::Withdraw => DocStep::Withdraw,
            DocAct::Return => DocStep::Return { reason: self.reason },
            DocAct::ToCountersign => DocStep::ToCountersign,
            DocAct::Countersign => DocStep::Countersign { opinion: self.opinion },
            DocAct::ToSignOff => DocStep::ToSignOff,
            DocAct::SignOff => DocStep::SignOff { opinion: self.opinion, override_reason: self.override_reason },
            DocAct::Recheck => DocStep::Recheck { note: self.note },
            DocAct::Register => {
                let mut distributions: Vec<NewDistribution> = self
                    .dist_unit_id
                    .iter()
                    .filter(|u| !u.is_empty())
                    .map(|u| NewDistribution { unit_id: Some(u.clone()), name: String::new(), copies: 0 })
                    .collect();
                for (i, name) in self.paper_name.iter().enumerate() {
                    let copies = self.paper_copies.get(i).map(String::as_str).unwrap_or("");
                    if name.trim().is_empty() && copies.trim().is_empty() {
                        continue;
                    }
                    let copies = int(copies, "份数")?;
                    distributions.push(NewDistribution { unit_id: None, name: name.clone(), copies });
                }
                DocStep::Register {
                    distributions,
                    copies: int(&self.copies, "份数")?,
                    pages: int(&self.pages, "页数")?,
                }
            }
            DocAct::Produce => DocStep::Produce,
            DocAct::Dispatch => DocStep::Dispatch,
            DocAct::Acknowledge => DocStep::Acknowledge,
            DocAct::Screen => DocStep::Screen,
            DocAct::Reject => DocStep::Reject { reason: self.reason },
            DocAct::Propose => DocStep::Propose { proposal: self.proposal, leader_id: self.leader_id },
            DocAct::Distribute => {
                DocStep::Distribute { readers: readers(), proposal: self.proposal, in_order: flag(&self.in_order) }
            }
            DocAct::Instruct => DocStep::Instruct { text: self.text },
            DocAct::Assign => DocStep::Assign {
                due: date(&self.due, "办理时限")?,
                lead_unit_id: self.lead_unit_id,
                co_unit_ids: self.co_unit_id.into_iter().filter(|s| !s.is_empty()).collect(),
                requirement: self.requirement,
                owner_name: self.owner_name,
            },
            DocAct::Circulate => DocStep::Circulate { readers: readers(), in_order: flag(&self.in_order) },
            DocAct::Read => DocStep::Read { comment: self.comment },
            DocAct::Recall => DocStep::Recall,
            DocAct::Urge => DocStep::Urge { note: self.note },
            DocAct::Complete => DocStep::Complete { reply: self.reply },
            DocAct::Archive => DocStep::Archive { retention: retention(&self.retention)? },
            DocAct::Void => DocStep::Void { reason: self.reason },
        })
    }
}

/// 收文登记: the sender's elements and what arrived.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct IncomingInput {
    /// 来文单位
    pub issuer: String,
    /// The sender's 文号, e.g. 市政办发〔2026〕33号.
    pub doc_number: String,
    pub doc_type: String,
    pub title: String,
    pub classification: String,
    pub urgency: String,
    pub dated: String,
    pub to: String,
    pub body: String,
    pub copies: String,
    pub pages: String,
    pub received_on: String,
    /// An imported original (from the prefill step): its file name and sha256.
    pub original_name: String,
    pub original_sha256: String,
}

impl IncomingInput {
    pub fn incoming(self) -> Result<NewIncoming, WebError> {
        let content = ContentInput {
            doc_type: if self.doc_type.trim().is_empty() { "notice".into() } else { self.doc_type },
            classification: self.classification,
            urgency: self.urgency,
            issuer: self.issuer,
            title: self.title,
            to: self.to,
            body: self.body,
            dated: self.dated,
            ..Default::default()
        }
        .content()?;
        Ok(NewIncoming {
            content,
            doc_number: self.doc_number,
            copies: int(&self.copies, "份数")?,
            pages: int(&self.pages, "页数")?,
            received_on: opt_date(&self.received_on, "收文日期")?,
            original: Some((self.original_name, self.original_sha256)).filter(|(n, s)| !n.is_empty() && !s.is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_lines_lose_their_numbers() {
        assert_eq!(strip_number("1. 名单"), "名单");
        assert_eq!(strip_number("2．统计表"), "统计表");
        assert_eq!(strip_number("2026年计划"), "2026年计划");
    }

    #[test]
    fn register_step_pairs_paper_rows() {
        let s = StepInput {
            action: "register".into(),
            dist_unit_id: vec!["u1".into(), String::new()],
            paper_name: vec!["市政府办公室".into(), String::new()],
            paper_copies: vec!["2".into(), String::new()],
            ..Default::default()
        };
        let DocStep::Register { distributions, .. } = s.step().unwrap() else { panic!("not a register step") };
        assert_eq!(distributions.len(), 2);
        assert_eq!((distributions[1].name.as_str(), distributions[1].copies), ("市政府办公室", 2));
        let bad = StepInput {
            action: "register".into(),
            paper_name: vec!["x".into()],
            paper_copies: vec!["两份".into()],
            ..Default::default()
        };
        assert!(bad.step().is_err());
        assert!(StepInput { action: "fly".into(), ..Default::default() }.step().is_err());
    }
}
