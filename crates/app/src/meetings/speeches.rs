//! 讲话转任务 ("把嘴上说的……变为具体行动"): a leader's speech is imported (.txt, .docx or pasted web
//! text), its outline and the requirements under each point are recovered by `zs_office::outline`,
//! and the office turns the requirements it picks into 督办事项 whose source is the speech. A speech
//! without a recognisable outline is refused with the reason; none is invented.

use crate::audit::record;
use crate::tracking::NewItem;
use crate::{App, AppError, Principal, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zs_domain::tracking::{Cycle, Kind, TrackedItem};
use zs_domain::{text, Action, Invalid};
use zs_store::meetings::{self as store, SpeechRow};

/// One point of a speech's outline as stored with the speech (so a requirement's key keeps naming
/// the same sentence whatever later versions of the outline reader would find).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeechPoint {
    pub level: u8,
    pub number: String,
    pub title: String,
    pub requirements: Vec<String>,
    pub points: Vec<SpeechPoint>,
}

impl From<&zs_office::Point> for SpeechPoint {
    fn from(p: &zs_office::Point) -> Self {
        SpeechPoint {
            level: p.level,
            number: p.number.clone(),
            title: p.title.clone(),
            requirements: p.requirements.clone(),
            points: p.points.iter().map(Into::into).collect(),
        }
    }
}

/// A requirement with its place in the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// `1.2#3`: the third requirement of the second sub-point of the first point.
    pub key: String,
    /// The points above it, e.g. 一、加强学习 / （二）…
    pub point: String,
    pub level: u8,
    pub text: String,
    /// The tracked item it became, if it did.
    pub item_id: Option<String>,
}

/// Every requirement of an outline in reading order, keyed by its place.
pub fn requirements(points: &[SpeechPoint]) -> Vec<Requirement> {
    fn walk(points: &[SpeechPoint], path: &str, above: &str, out: &mut Vec<Requirement>) {
        for (i, p) in points.iter().enumerate() {
            let here = if path.is_empty() { (i + 1).to_string() } else { format!("{path}.{}", i + 1) };
            let label = format!("{}{}", p.number, p.title);
            let point = if above.is_empty() { label } else { format!("{above} / {label}") };
            for (k, r) in p.requirements.iter().enumerate() {
                out.push(Requirement {
                    key: format!("{here}#{}", k + 1),
                    point: point.clone(),
                    level: p.level,
                    text: r.clone(),
                    item_id: None,
                });
            }
            walk(&p.points, &here, &point, out);
        }
    }
    let mut out = Vec::new();
    walk(points, "", "", &mut out);
    out
}

/// A speech as imported.
#[derive(Debug, Clone, Default)]
pub struct SpeechInput {
    pub title: String,
    pub speaker: String,
    pub given_on: Option<NaiveDate>,
    pub meeting_id: Option<String>,
    /// Pasted text (used when no file is given).
    pub text: String,
    /// A .txt or .docx file.
    pub file: Option<Vec<u8>>,
}

/// A speech with its outline and requirements.
#[derive(Debug, Clone)]
pub struct SpeechView {
    pub speech: SpeechRow,
    pub points: Vec<SpeechPoint>,
    pub requirements: Vec<Requirement>,
}

/// One requirement picked to become a tracked item.
#[derive(Debug, Clone)]
pub struct Pick {
    pub key: String,
    /// The item's name (defaults to the requirement's first words).
    pub title: String,
    pub lead_unit_id: String,
    pub co_unit_ids: Vec<String>,
    pub owner_name: String,
    pub due: NaiveDate,
}

/// The most text one speech holds.
const MAX_CHARS: usize = 300_000;

/// A requirement's default item name: its first clause, at most 40 characters.
pub fn default_title(requirement: &str) -> String {
    let first = requirement.split(['，', '。', '；', '：']).find(|s| !s.trim().is_empty()).unwrap_or(requirement);
    let t: String = first.trim().chars().take(40).collect();
    t
}

impl App {
    /// 导入讲话: read the file or the pasted text, recover the outline, keep both.
    pub async fn import_speech(&self, p: &Principal, s: &SpeechInput) -> Result<SpeechRow> {
        p.require(Action::ReadSpeeches)?;
        let raw = match &s.file {
            Some(bytes) if !bytes.is_empty() => zs_office::text_of(bytes)?,
            _ => s.text.clone(),
        };
        if raw.trim().is_empty() {
            return Err(Invalid::field("text", "请上传讲话稿（.txt 或 .docx），或粘贴讲话全文。").into());
        }
        let raw = text::multiline("text", "讲话全文", &raw, MAX_CHARS)?;
        let outline = zs_office::outline(&raw).map_err(|e| Invalid::field("text", e.to_string()))?;
        let points: Vec<SpeechPoint> = outline.points.iter().map(Into::into).collect();
        let title = match text::optional("title", "讲话标题", &s.title, 100)? {
            t if !t.is_empty() => t,
            _ => zs_proof::clean(&raw)
                .text
                .lines()
                .map(str::trim)
                .find(|l| l.contains("讲话") && l.chars().count() <= 100)
                .map(str::to_string)
                .ok_or_else(|| {
                    Invalid::field("title", "请填写讲话标题，例如“王县长在全县安全生产工作会议上的讲话”。")
                })?,
        };
        let speaker = text::optional("speaker", "讲话人", &s.speaker, 40)?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let meeting_id = match s.meeting_id.as_deref().filter(|m| !m.is_empty()) {
            Some(m) => Some(self.load_meeting(&mut tx, p, m).await?.meeting.id),
            None => None,
        };
        let row = SpeechRow {
            id: zs_domain::new_id(),
            title,
            speaker,
            given_on: s.given_on.map(|d| d.to_string()),
            meeting_id,
            text: raw,
            outline: serde_json::to_string(&points).map_err(|e| AppError::Config(e.to_string()))?,
            created_by: p.user.id.clone(),
            created_ms: now,
        };
        store::insert_speech(&mut tx, &row).await?;
        let n = requirements(&points).len();
        let detail = format!("导入讲话“{}”：提纲{}个要点，要求{}条", row.title, points.len(), n);
        record(&mut tx, &p.actor(), "speech.import", "speech", &row.id, &detail, now).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// A speech with its outline, each requirement marked with the item it became.
    pub async fn speech(&self, p: &Principal, id: &str) -> Result<SpeechView> {
        p.require(Action::ReadSpeeches)?;
        let mut c = self.db.conn().await?;
        let speech =
            store::get_speech(&mut c, id).await?.ok_or_else(|| AppError::NotFound("没有找到这篇讲话。".into()))?;
        let done = store::speech_items(&mut c, id).await?;
        let points: Vec<SpeechPoint> =
            serde_json::from_str(&speech.outline).map_err(|e| AppError::Config(format!("讲话提纲数据损坏：{e}")))?;
        let mut reqs = requirements(&points);
        for r in &mut reqs {
            r.item_id = done.iter().find(|(k, _)| *k == r.key).map(|(_, i)| i.clone());
        }
        Ok(SpeechView { speech, points, requirements: reqs })
    }

    /// Imported speeches, newest first.
    pub async fn speeches(&self, p: &Principal, limit: i64, offset: i64) -> Result<(Vec<SpeechRow>, i64)> {
        p.require(Action::ReadSpeeches)?;
        let mut c = self.db.conn().await?;
        Ok(store::speeches(&mut c, limit, offset).await?)
    }

    /// Turn the picked requirements into 督办事项 (source: the speech), assigned at once, all or none.
    pub async fn speech_to_items(
        &self,
        p: &Principal,
        id: &str,
        picks: &[Pick],
        cycle: Cycle,
    ) -> Result<Vec<TrackedItem>> {
        p.require(Action::AssignSpeechTasks)?;
        if picks.is_empty() {
            return Err(Invalid::field("pick", "请至少勾选一条要求。").into());
        }
        let view = self.speech(p, id).await?;
        let today = self.today();
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let mut items = Vec::with_capacity(picks.len());
        for pick in picks {
            let Some(req) = view.requirements.iter().find(|r| r.key == pick.key) else {
                return Err(Invalid::field("pick", format!("讲话中没有编号为 {} 的要求。", pick.key)).into());
            };
            let title = if pick.title.trim().is_empty() { default_title(&req.text) } else { pick.title.clone() };
            let n = NewItem {
                kind: Kind::Supervision,
                source_kind: "speech".into(),
                source_id: id.into(),
                source_title: view.speech.title.chars().take(100).collect(),
                title,
                requirement: format!("{}：{}", req.point, req.text),
                category: None,
                measures: String::new(),
                lead_unit_id: pick.lead_unit_id.clone(),
                co_unit_ids: pick.co_unit_ids.clone(),
                owner_name: pick.owner_name.clone(),
                leader_id: None,
                due: pick.due,
                cycle,
                assign: true,
            };
            let item = self.insert_matter_unchecked(&mut tx, p, &n, today).await.map_err(|e| match e {
                AppError::Invalid(i) => {
                    AppError::Invalid(Invalid { message: format!("要求 {}：{}", pick.key, i.message), ..i })
                }
                other => other,
            })?;
            if !store::insert_speech_item(&mut tx, id, &pick.key, &item.id).await? {
                return Err(AppError::Conflict(format!("要求 {} 已经转为督办事项，请勿重复交办。", pick.key)));
            }
            items.push(item);
        }
        let detail = format!("讲话“{}”的{}条要求转为督办事项", view.speech.title, items.len());
        record(&mut tx, &p.actor(), "speech.track", "speech", id, &detail, now).await?;
        tx.commit().await?;
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(number: &str, title: &str, reqs: &[&str], points: Vec<SpeechPoint>) -> SpeechPoint {
        SpeechPoint {
            level: 1,
            number: number.into(),
            title: title.into(),
            requirements: reqs.iter().map(|s| s.to_string()).collect(),
            points,
        }
    }

    #[test]
    fn requirements_are_keyed_by_their_place() {
        let pts = vec![
            point(
                "一、",
                "提高认识",
                &["要统一思想。"],
                vec![point("（一）", "加强学习", &["要学深悟透。", "要学以致用。"], vec![])],
            ),
            point("二、", "狠抓落实", &[], vec![]),
        ];
        let r = requirements(&pts);
        let keys: Vec<&str> = r.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, vec!["1#1", "1.1#1", "1.1#2"]);
        assert_eq!(r[1].point, "一、提高认识 / （一）加强学习");
        assert_eq!(default_title("要围绕大局抓好落实，确保各项决策部署落地见效。"), "要围绕大局抓好落实");
    }
}
