//! 回执: an invitee (or their unit's 联络员) answers 参会 / 请假 / 代会 until the deadline; 会务 may
//! record an answer given by telephone until the meeting starts.

use super::may_answer;
use crate::audit::record;
use crate::notify::Notice;
use crate::{App, AppError, Principal, Result};
use zs_domain::meeting::{check_rsvp, rsvp_open, Answer, Invitee, MeetAct, Rsvp};
use zs_domain::workflow::Label;
use zs_store::meetings as store;

impl App {
    /// Give one invitee's 回执. After the deadline an invitee's answer is refused with the reason.
    pub async fn answer_rsvp(&self, p: &Principal, id: &str, invitee_id: &str, r: &Rsvp) -> Result<Invitee> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        l.step(MeetAct::Rsvp)?;
        let inv = l
            .invitees
            .iter()
            .find(|i| i.id == invitee_id)
            .cloned()
            .ok_or_else(|| AppError::NotFound("参会名单中没有这一项。".into()))?;
        let organizer = l.is_organizer();
        if !may_answer(p, &inv) && !organizer {
            return Err(AppError::Denied(format!("{}的回执须由本人或所在单位联络员填报。", inv.name)));
        }
        let m = &l.meeting;
        if organizer && !may_answer(p, &inv) {
            if now >= m.start_ms {
                return Err(AppError::Conflict("会议已经开始，不能再登记回执；未到会的请在签到名单中查看。".into()));
            }
        } else {
            rsvp_open(now, m.rsvp_due_ms).map_err(AppError::Conflict)?;
        }
        if inv.checked_in_ms.is_some() {
            return Err(AppError::Conflict(format!("{}已经签到，回执不再更改。", inv.name)));
        }
        let answer = check_rsvp(r, inv.is_unit())?;
        store::set_rsvp(&mut tx, &inv.id, &answer, &p.user.id, now).await?;
        let who = |name: &str, post: &str| if post.is_empty() { name.to_string() } else { format!("{name}，{post}") };
        let what = match answer.answer {
            Answer::Attend if inv.is_unit() => format!("参会（{}）", who(&answer.name, &answer.post)),
            Answer::Attend => "参会".to_string(),
            Answer::Leave => format!("请假（{}）", answer.reason),
            Answer::Substitute => format!("代会（{}）", who(&answer.name, &answer.post)),
        };
        let detail = format!("“{}”回执：{}{}", m.title, inv.name, what);
        if answer.answer != Answer::Attend {
            // 会务 needs to know at once who will not come in person.
            let notice = Notice {
                user_ids: vec![m.created_by.clone()],
                unit_id: Some(m.organizer_unit_id.clone()),
                title: format!("【回执】{}{}", inv.name, answer.answer.label()),
                body: detail.clone(),
                href: format!("/meetings/{}", m.id),
                dedupe: format!("meeting:{}:rsvp:{}:{now}", m.id, inv.id),
            };
            self.notify(&mut tx, &notice).await?;
        }
        record(&mut tx, &p.actor(), "meeting.rsvp", "meeting", id, &detail, now).await?;
        tx.commit().await?;
        Ok(Invitee { rsvp: Some(answer), answered_by: Some(p.user.id.clone()), answered_ms: Some(now), ..inv })
    }
}
