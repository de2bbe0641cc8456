//! 会议通知: the notice in 公文 layout (信函格式, laid out by `zs_render` like every document), sent to
//! each person and unit asked (in-app and through the outbox); 催报 of missing 回执; 取消.

use super::plan::concurrent;
use crate::audit::record;
use crate::notify::Notice;
use crate::{App, AppError, Principal, Result};

use zs_domain::meeting::{AttendRole, Invitee, MeetAct, Meeting, MeetingState};
use zs_domain::time::{format_date, format_ms, local_date};
use zs_domain::workflow::Label;
use zs_domain::{text, Invalid};
use zs_render::{Doc, Variant};
use zs_store::meetings as store;
use zs_store::Tx;

/// The notice's text as 正文 lines (headings 一、 （一） recognised by `document::blocks`).
pub fn notice_body(m: &Meeting, invitees: &[Invitee], agenda: &[(String, String)], due_ms: i64) -> String {
    let names = |role: AttendRole| {
        let people: Vec<String> = invitees
            .iter()
            .filter(|i| i.role == role && !i.is_unit())
            .map(|i| if i.post.is_empty() { i.name.clone() } else { format!("{}（{}）", i.name, i.post) })
            .collect();
        let units: Vec<String> =
            invitees.iter().filter(|i| i.role == role && i.is_unit()).map(|i| i.name.clone()).collect();
        let mut parts = Vec::new();
        if !people.is_empty() {
            parts.push(people.join("、"));
        }
        if !units.is_empty() {
            parts.push(format!("{}负责同志", units.join("、")));
        }
        parts.join("；")
    };
    let mut lines = vec![
        format!("定于{}在{}召开{}，由{}同志主持。现将有关事项通知如下：", m.when(), m.place, m.title, m.chair_name),
        "一、会议时间".into(),
        format!("{}。", m.when()),
        "二、会议地点".into(),
        format!("{}。", m.place),
        "三、参会人员".into(),
    ];
    let present = names(AttendRole::Present);
    let attending = names(AttendRole::Attending);
    if !present.is_empty() {
        lines.push(format!("（一）出席：{present}。"));
    }
    if !attending.is_empty() {
        lines.push(format!("（{}）列席：{attending}。", if present.is_empty() { "一" } else { "二" }));
    }
    let mut n = ["四", "五"].into_iter();
    if !agenda.is_empty() {
        lines.push(format!("{}、会议议题", n.next().unwrap_or("四")));
        for (i, (title, unit)) in agenda.iter().enumerate() {
            let by = if unit.is_empty() { String::new() } else { format!("（{unit}汇报）") };
            lines.push(format!("{}. {title}{by}", i + 1));
        }
    }
    lines.push(format!("{}、有关要求", n.next().unwrap_or("五")));
    lines.push(format!(
        "（一）请于{}前在中枢平台填报参会回执（参会、请假或代会）。因故不能参会的须说明请假事由；确需他人代会的，须填写代会人员姓名和职务。",
        format_ms(due_ms)
    ));
    lines.push("（二）请参会人员提前15分钟到场，扫描会场门口的签到二维码或输入签到码签到。".into());
    if !m.requirements.trim().is_empty() {
        lines.push(format!("（三）{}", m.requirements.trim()));
    }
    lines.join("\n")
}

impl App {
    /// The notice laid out as a 公文 (信函格式, no 文号), marked 草稿 until it is sent.
    pub async fn notice_doc(&self, p: &Principal, id: &str) -> Result<Doc> {
        let mut c = self.db.conn().await?;
        let l = self.load_meeting(&mut c, p, id).await?;
        let agenda = store::agenda(&mut c, id).await?;
        let organizer =
            zs_store::org::get_unit(&mut c, &l.meeting.organizer_unit_id).await?.map(|u| u.name).unwrap_or_default();
        drop(c);
        let names = self.unit_names().await?;
        let agenda: Vec<(String, String)> = agenda
            .iter()
            .map(|a| (a.title.clone(), a.unit_id.as_ref().and_then(|u| names.get(u)).cloned().unwrap_or_default()))
            .collect();
        let m = &l.meeting;
        let body = notice_body(m, &l.invitees, &agenda, m.rsvp_due_ms);
        let mut units: Vec<String> = l.invitees.iter().filter(|i| i.is_unit()).map(|i| i.name.clone()).collect();
        if l.invitees.iter().any(|i| !i.is_unit()) {
            units.push("有关同志".into());
        }
        let dated = m.notice_sent_ms.map(local_date).unwrap_or_else(|| self.today());
        Ok(Doc {
            variant: Variant::Letter,
            issuer_mark: organizer.clone(),
            title: format!("关于召开{}的通知", m.title),
            to: units.join("、"),
            body: crate::documents::render::body_blocks(&body),
            signature: organizer,
            dated: format_date(dated),
            note: Some(m.contact.clone()).filter(|s| !s.is_empty()).map(|c| format!("联系人：{c}")),
            draft: m.notice_sent_ms.is_none(),
            ..Default::default()
        })
    }

    /// The notice as PDF, with a file name.
    pub async fn notice_pdf(&self, p: &Principal, id: &str) -> Result<(Vec<u8>, String)> {
        let doc = self.notice_doc(p, id).await?;
        let name = crate::documents::file_name(&doc.title, "pdf");
        let r = crate::documents::render::renderer()?;
        let pdf = tokio::task::spawn_blocking(move || r.pdf(&doc))
            .await
            .map_err(|e| AppError::Config(format!("生成PDF失败：{e}")))?
            .map_err(|e| AppError::Invalid(Invalid::new(format!("会议通知无法排版：{e}"))))?;
        Ok((pdf.bytes, name))
    }

    /// 发送会议通知: to every person asked and every unit's 联络员; 回执 are taken from now on.
    pub async fn send_notice(&self, p: &Principal, id: &str) -> Result<Meeting> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        let state = l.step(MeetAct::Notify)?;
        let mut m = l.meeting.clone();
        if m.start_ms <= now {
            return Err(AppError::Conflict("会议时间已经过去，请修改会议时间后再发送通知。".into()));
        }
        if m.rsvp_due_ms <= now {
            return Err(Invalid::field("rsvp_due", "回执截止时间已经过去，请修改截止时间后再发送通知。").into());
        }
        m.state = state;
        m.notice_sent_ms = Some(now);
        m.updated_ms = now.max(l.meeting.updated_ms + 1);
        if !store::update(&mut tx, &m, l.meeting.updated_ms).await? {
            return Err(concurrent());
        }
        self.sync_burden(&mut tx, &m, &l.invitees).await?;
        self.send_notices(&mut tx, &m, &l.invitees).await?;
        let detail = format!(
            "发送“{}”会议通知，参会人员和单位{}个，回执截止{}",
            m.title,
            l.invitees.len(),
            format_ms(m.rsvp_due_ms)
        );
        record(&mut tx, &p.actor(), "meeting.notify", "meeting", id, &detail, now).await?;
        tx.commit().await?;
        Ok(m)
    }

    /// 催报回执: tell those who have not answered; refused when everyone has, or when it is too late.
    pub async fn urge_rsvp(&self, p: &Principal, id: &str) -> Result<usize> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        l.step(MeetAct::Urge)?;
        if now > l.meeting.rsvp_due_ms {
            return Err(AppError::Conflict("回执已经截止，不能再催报；请直接电话联系未回执的人员和单位。".into()));
        }
        let pending: Vec<Invitee> = l.invitees.iter().filter(|i| i.rsvp.is_none()).cloned().collect();
        if pending.is_empty() {
            return Err(AppError::Conflict("所有参会人员和单位都已填报回执，无需催报。".into()));
        }
        let m = &l.meeting;
        let body =
            format!("请于{}前填报“{}”的参会回执（{}，{}）。", format_ms(m.rsvp_due_ms), m.title, m.when(), m.place);
        self.tell(&mut tx, m, &pending, &format!("【催报回执】{}", m.title), &body, "urge").await?;
        store::count_urge(&mut tx, &pending.iter().map(|i| i.id.clone()).collect::<Vec<_>>()).await?;
        let names: Vec<&str> = pending.iter().map(|i| i.name.as_str()).collect();
        let detail = format!("催报“{}”回执：{}", m.title, names.join("、"));
        record(&mut tx, &p.actor(), "meeting.urge", "meeting", id, &detail, now).await?;
        tx.commit().await?;
        Ok(pending.len())
    }

    /// 取消会议, with the reason; those already told hear of it, and the room is freed.
    pub async fn cancel_meeting(&self, p: &Principal, id: &str, reason: &str) -> Result<Meeting> {
        let reason = text::required("reason", "取消原因", reason, 200)?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        let state = l.step(MeetAct::Cancel)?;
        let was_noticed = l.meeting.state == MeetingState::Noticed;
        let m = Meeting {
            state,
            cancel_reason: reason.clone(),
            updated_ms: now.max(l.meeting.updated_ms + 1),
            ..l.meeting.clone()
        };
        if !store::update(&mut tx, &m, l.meeting.updated_ms).await? {
            return Err(concurrent());
        }
        self.sync_burden(&mut tx, &m, &l.invitees).await?;
        if was_noticed {
            let body = format!("原定{}在{}召开的{}取消。原因：{reason}", m.when(), m.place, m.title);
            self.tell(&mut tx, &m, &l.invitees, &format!("【会议取消】{}", m.title), &body, "cancel").await?;
        }
        let detail = format!("取消会议“{}”：{reason}", m.title);
        record(&mut tx, &p.actor(), "meeting.cancel", "meeting", id, &detail, now).await?;
        tx.commit().await?;
        Ok(m)
    }

    /// The notice to each of `invitees`.
    pub(crate) async fn send_notices(&self, tx: &mut Tx, m: &Meeting, invitees: &[Invitee]) -> Result<()> {
        let body = format!(
            "{}在{}召开{}（{}）。请于{}前填报参会回执。",
            m.when(),
            m.place,
            m.title,
            m.kind.label(),
            format_ms(m.rsvp_due_ms)
        );
        self.tell(tx, m, invitees, &format!("【会议通知】{}", m.title), &body, "notice").await
    }

    /// One notice per invitee: to the person, or to the unit's 联络员 (everyone in it if it has none).
    pub(crate) async fn tell(
        &self,
        tx: &mut Tx,
        m: &Meeting,
        invitees: &[Invitee],
        title: &str,
        body: &str,
        cause: &str,
    ) -> Result<()> {
        // The instant names this telling, so a second change or urge is a new notice, not a duplicate.
        let now = self.clock_ms();
        for i in invitees {
            let users = match &i.user_id {
                Some(u) => vec![u.clone()],
                None => self.unit_contacts(tx, Some(&i.unit_id)).await?,
            };
            let notice = Notice {
                user_ids: users,
                unit_id: Some(i.unit_id.clone()),
                title: title.into(),
                body: body.into(),
                href: format!("/meetings/{}", m.id),
                dedupe: format!("meeting:{}:{cause}:{}:{now}", m.id, i.id),
            };
            self.notify(tx, &notice).await?;
        }
        Ok(())
    }
}
