//! After the meeting: 结束会议, the 纪要 drafted from the agenda and the decisions as a 公文 of type 纪要
//! (with its 出席/请假/列席 lines from the sign-ins and 回执) that then goes through review and 签发 like
//! any document, and the 议定事项 turned into tracked items (会议决定事项) in one step.

use super::plan::concurrent;
use crate::audit::record;
use crate::tracking::NewItem;
use crate::{App, AppError, Principal, Result};
use chrono::NaiveDate;
use std::collections::HashMap;
use zs_domain::document::{Attendance, Content, DocType, Document};
use zs_domain::meeting::{check_decision, AgendaItem, AttendRole, Decision, Invitee, MeetAct, Meeting, Presence};
use zs_domain::time::{format_date, local_date};
use zs_domain::tracking::{Cycle, Kind, TrackedItem};
use zs_domain::{Invalid, Role};
use zs_store::meetings as store;

/// A decision as typed.
#[derive(Debug, Clone)]
pub struct DecisionInput {
    pub agenda_id: Option<String>,
    pub text: String,
    pub lead_unit_id: String,
    pub co_unit_ids: Vec<String>,
    pub owner_name: String,
    pub due: NaiveDate,
}

/// 一 … 九十九, for headings.
fn cn_number(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].into(),
        10..=19 => format!("十{}", D[n % 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

/// The 纪要's title: the meeting's name followed by 纪要 (县政府第12次常务会议纪要).
pub fn minutes_title(meeting_title: &str) -> String {
    let t = meeting_title.trim();
    if t.ends_with("纪要") {
        t.to_string()
    } else {
        format!("{t}纪要")
    }
}

/// One decision as the 纪要 states it.
fn decision_sentence(d: &Decision, names: &HashMap<String, String>) -> String {
    let unit = |id: &str| names.get(id).cloned().unwrap_or_default();
    let text = d.text.trim().trim_end_matches(['。', '；', ';']);
    let mut s = format!("{text}。由{}牵头", unit(&d.lead_unit_id));
    let co: Vec<String> = d.co_unit_ids.iter().map(|u| unit(u)).filter(|n| !n.is_empty()).collect();
    if !co.is_empty() {
        s.push_str(&format!("，{}配合", co.join("、")));
    }
    if !d.owner_name.is_empty() {
        s.push_str(&format!("，{}负责", d.owner_name));
    }
    s.push_str(&format!("，{}前完成。", format_date(d.due)));
    s
}

/// An agenda item as the subject of a sentence: "研究农村公路养护工作" reads "农村公路养护工作" after
/// "研究了" or "关于".
fn topic(title: &str) -> &str {
    let t = title.trim().trim_end_matches('。');
    ["研究", "审议", "听取", "讨论"].iter().find_map(|v| t.strip_prefix(v)).filter(|r| !r.is_empty()).unwrap_or(t)
}

/// The 纪要's body: an opening, one heading per 议题 with the report heard and what was decided on it,
/// then decisions on no particular 议题.
pub fn minutes_body(
    m: &Meeting,
    agenda: &[AgendaItem],
    decisions: &[Decision],
    names: &HashMap<String, String>,
) -> String {
    let topics: Vec<&str> = agenda.iter().map(|a| topic(&a.title)).collect();
    let studied =
        if topics.is_empty() { String::new() } else { format!("，研究了{}等事项", topics.join("、")) };
    let mut lines = vec![format!(
        "{}，{}主持召开{}{studied}。现将会议议定事项纪要如下：",
        format_date(local_date(m.start_ms)),
        m.chair_name,
        m.title
    )];
    let mut n = 0;
    for a in agenda {
        n += 1;
        lines.push(format!("{}、{}", cn_number(n), a.title));
        let unit = a.unit_id.as_ref().and_then(|u| names.get(u)).cloned().unwrap_or_default();
        if !unit.is_empty() {
            lines.push(format!("会议听取了{unit}关于{}的汇报。", topic(&a.title)));
        }
        let mine: Vec<&Decision> = decisions.iter().filter(|d| d.agenda_id.as_deref() == Some(a.id.as_str())).collect();
        if mine.is_empty() {
            lines.push("会议议定：（待补充）".into());
        }
        for d in mine {
            lines.push(format!("会议议定：{}", decision_sentence(d, names)));
        }
    }
    let loose: Vec<&Decision> =
        decisions.iter().filter(|d| d.agenda_id.as_ref().is_none_or(|a| !agenda.iter().any(|x| &x.id == a))).collect();
    if !loose.is_empty() {
        n += 1;
        lines.push(format!("{}、{}", cn_number(n), if agenda.is_empty() { "会议议定事项" } else { "其他事项" }));
        for d in loose {
            lines.push(format!("会议议定：{}", decision_sentence(d, names)));
        }
    }
    lines.join("\n")
}

/// The 出席/请假/列席 lines: who signed in (出席 and 列席 by how they were asked), who is on leave.
pub fn attendance(invitees: &[Invitee]) -> Attendance {
    let mut a = Attendance::default();
    for i in invitees {
        match (i.presence(), i.role) {
            (Presence::Present, AttendRole::Present) => a.present.push(i.minutes_name()),
            (Presence::Present, AttendRole::Attending) => a.attending.push(i.minutes_name()),
            (Presence::OnLeave, _) => a.on_leave.push(i.name.clone()),
            (Presence::Absent, _) => {}
        }
    }
    a
}

impl App {
    /// 结束会议: sign-in closes; the 纪要 and the decisions come next.
    pub async fn close_meeting(&self, p: &Principal, id: &str) -> Result<Meeting> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        let state = l.step(MeetAct::Close)?;
        if now < l.meeting.start_ms {
            return Err(AppError::Conflict(format!("会议尚未开始（{}），不能结束。", l.meeting.when())));
        }
        let m = Meeting { state, updated_ms: now.max(l.meeting.updated_ms + 1), ..l.meeting.clone() };
        if !store::update(&mut tx, &m, l.meeting.updated_ms).await? {
            return Err(concurrent());
        }
        let t = super::Turnout::of(&l.invitees);
        let detail = format!("“{}”结束：签到{}，请假{}，未到{}", m.title, t.present, t.on_leave, t.absent);
        record(&mut tx, &p.actor(), "meeting.close", "meeting", id, &detail, now).await?;
        tx.commit().await?;
        Ok(m)
    }

    /// 起草纪要: a 公文 of type 纪要 in 纪要格式, drafted from the agenda and the decisions so far, with
    /// the attendance lines filled; linked to the meeting. It is then edited, reviewed and signed off
    /// in 办文 like any other document.
    pub async fn draft_minutes(&self, p: &Principal, id: &str) -> Result<Document> {
        let now = self.clock_ms();
        let names = self.unit_names().await?;
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        l.step(MeetAct::Minutes)?;
        let m = &l.meeting;
        if m.minutes_doc_id.is_some() {
            return Err(AppError::Conflict("这次会议的纪要已经起草，请在办文中继续修改。".into()));
        }
        let agenda = store::agenda(&mut tx, id).await?;
        let decisions = store::decisions(&mut tx, id).await?;
        let mut content = Content::blank(DocType::Minutes);
        content.issuer = m.host.clone();
        content.issuer_mark = format!("{}{}", m.host, m.kind.minutes_mark()).chars().take(40).collect();
        content.title = minutes_title(&m.title);
        content.body = minutes_body(m, &agenda, &decisions, &names);
        content.signature = m.host.clone();
        content.dated = Some(local_date(m.start_ms));
        content.attendance = Some(attendance(&l.invitees));
        let doc = self.insert_draft(&mut tx, p, &content).await?;
        let linked =
            Meeting { minutes_doc_id: Some(doc.id.clone()), updated_ms: now.max(m.updated_ms + 1), ..m.clone() };
        if !store::update(&mut tx, &linked, m.updated_ms).await? {
            return Err(concurrent());
        }
        let detail = format!("起草“{}”", doc.content.title);
        record(&mut tx, &p.actor(), "meeting.minutes", "meeting", id, &detail, now).await?;
        tx.commit().await?;
        Ok(doc)
    }

    /// 议定事项: record one, with its 牵头单位, 责任人 and 时限 (a future working day).
    pub async fn add_decision(&self, p: &Principal, id: &str, d: &DecisionInput) -> Result<Decision> {
        let (text, owner_name) = check_decision(&d.text, &d.owner_name)?;
        zs_domain::tracking::check_due(&self.calendar(), self.today(), d.due)?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        l.step(MeetAct::Decide)?;
        if d.lead_unit_id.is_empty() {
            return Err(Invalid::field("lead_unit_id", "请选择牵头单位。").into());
        }
        for u in std::iter::once(&d.lead_unit_id).chain(&d.co_unit_ids) {
            if zs_store::org::get_unit(&mut tx, u).await?.is_none() {
                return Err(Invalid::field("lead_unit_id", "所选单位不存在。").into());
            }
        }
        let agenda_id = d.agenda_id.clone().filter(|a| !a.is_empty());
        if let Some(a) = &agenda_id {
            if !store::agenda(&mut tx, id).await?.iter().any(|x| &x.id == a) {
                return Err(Invalid::field("agenda_id", "所选议题不属于这个会议。").into());
            }
        }
        let existing = store::decisions(&mut tx, id).await?;
        let mut co: Vec<String> = Vec::new();
        for u in &d.co_unit_ids {
            if u != &d.lead_unit_id && !co.contains(u) {
                co.push(u.clone());
            }
        }
        let decision = Decision {
            id: zs_domain::new_id(),
            meeting_id: id.into(),
            agenda_id,
            position: existing.iter().map(|d| d.position).max().unwrap_or(0) + 1,
            text,
            lead_unit_id: d.lead_unit_id.clone(),
            co_unit_ids: co,
            owner_name,
            due: d.due,
            item_id: None,
        };
        store::insert_decision(&mut tx, &decision, &p.user.id, now).await?;
        let detail = format!("“{}”议定事项：{}（时限{}）", l.meeting.title, decision.text, format_date(decision.due));
        record(&mut tx, &p.actor(), "meeting.decision", "meeting", id, &detail, now).await?;
        tx.commit().await?;
        Ok(decision)
    }

    /// Remove a decision not yet turned into a tracked item.
    pub async fn delete_decision(&self, p: &Principal, id: &str, decision_id: &str) -> Result<()> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        l.step(MeetAct::Decide)?;
        if !store::delete_decision(&mut tx, id, decision_id).await? {
            return Err(AppError::Conflict("这项议定事项不存在，或已转为督办事项，不能删除。".into()));
        }
        record(&mut tx, &p.actor(), "meeting.decision", "meeting", id, "删除一项议定事项", now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// 转为督办事项: every decision not yet followed becomes a 会议决定事项 (source: this meeting),
    /// assigned to its units at once, all in one transaction. The 主持人 is the 责任领导 when a leader.
    pub async fn track_decisions(&self, p: &Principal, id: &str, cycle: Cycle) -> Result<Vec<TrackedItem>> {
        let today = self.today();
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        l.step(MeetAct::Track)?;
        let m = &l.meeting;
        let pending: Vec<Decision> =
            store::decisions(&mut tx, id).await?.into_iter().filter(|d| d.item_id.is_none()).collect();
        if pending.is_empty() {
            return Err(AppError::Conflict("没有待转为督办事项的议定事项。".into()));
        }
        let leader_id = match &m.chair_id {
            Some(c) => zs_store::org::get_user(&mut tx, c)
                .await?
                .filter(|u| u.active && u.roles.contains(&Role::Leader))
                .map(|u| u.id),
            None => None,
        };
        let mut items = Vec::with_capacity(pending.len());
        for d in &pending {
            let title: String = d.text.split(['。', '；', '\n']).next().unwrap_or(&d.text).chars().take(60).collect();
            let n = NewItem {
                kind: Kind::MeetingDecision,
                source_kind: "meeting".into(),
                source_id: m.id.clone(),
                source_title: m.title.chars().take(100).collect(),
                title,
                requirement: d.text.clone(),
                category: None,
                measures: String::new(),
                lead_unit_id: d.lead_unit_id.clone(),
                co_unit_ids: d.co_unit_ids.clone(),
                owner_name: d.owner_name.clone(),
                leader_id: leader_id.clone(),
                due: d.due,
                cycle,
                assign: true,
            };
            let item = self.insert_matter_unchecked(&mut tx, p, &n, today).await?;
            if !store::set_decision_item(&mut tx, &d.id, &item.id).await? {
                return Err(AppError::Conflict("议定事项刚被他人转为督办事项，请刷新页面。".into()));
            }
            items.push(item);
        }
        let detail = format!("“{}”议定事项{}项转为督办事项", m.title, items.len());
        record(&mut tx, &p.actor(), "meeting.track", "meeting", id, &detail, now).await?;
        tx.commit().await?;
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_titles() {
        assert_eq!(cn_number(1), "一");
        assert_eq!(cn_number(10), "十");
        assert_eq!(cn_number(12), "十二");
        assert_eq!(cn_number(23), "二十三");
        assert_eq!(minutes_title("县政府第12次常务会议"), "县政府第12次常务会议纪要");
        assert_eq!(minutes_title("专题会议纪要"), "专题会议纪要");
        assert_eq!(topic("研究农村公路冬季养护工作。"), "农村公路冬季养护工作");
        assert_eq!(topic("研究"), "研究", "nothing left: kept");
        assert_eq!(topic("春运安全保障"), "春运安全保障");
    }

    #[test]
    fn decisions_read_as_sentences() {
        let names: HashMap<String, String> =
            [("a".to_string(), "县交通运输局".to_string()), ("b".to_string(), "青禾镇".to_string())].into();
        let d = Decision {
            id: "d".into(),
            meeting_id: "m".into(),
            agenda_id: None,
            position: 1,
            text: "抓紧完成农村公路冬季养护；".into(),
            lead_unit_id: "a".into(),
            co_unit_ids: vec!["b".into()],
            owner_name: "马静怡".into(),
            due: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            item_id: None,
        };
        assert_eq!(
            decision_sentence(&d, &names),
            "抓紧完成农村公路冬季养护。由县交通运输局牵头，青禾镇配合，马静怡负责，2026年12月4日前完成。"
        );
    }
}
