//! 办会 request bodies shared by the forms and the JSON API, and their translation into use-case
//! types. Times are typed in Shanghai time: a date (2026-11-25) and times of day (09:00).

use crate::error::WebError;
use chrono::{NaiveDateTime, NaiveTime};
use serde::Deserialize;
use utoipa::ToSchema;
use zs_app::meetings::speeches::Pick;
use zs_app::meetings::{AgendaInput, DecisionInput, InviteeInput, MeetingInput, RoomInput};
use zs_domain::meeting::{Answer, AttendRole, Caps, MeetingKind, Rsvp};
use zs_domain::time::local_ms;
use zs_domain::tracking::Cycle;

/// A number field that JSON may send as a number and a form sends as text.
fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum V {
        Text(String),
        Int(i64),
        Float(f64),
    }
    Ok(match Option::<V>::deserialize(d)? {
        Some(V::Text(s)) => s,
        Some(V::Int(n)) => n.to_string(),
        Some(V::Float(f)) => f.to_string(),
        None => String::new(),
    })
}

use super::bad;

fn time_of(s: &str, label: &str) -> Result<NaiveTime, WebError> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| bad(format!("{label}“{}”不是有效时间，请按 09:00 的格式填写。", s.trim())))
}

/// `2026-11-24T17:00` (a datetime-local field) or `2026-11-24 17:00`.
fn date_time(s: &str, label: &str) -> Result<NaiveDateTime, WebError> {
    zs_domain::time::parse_date_time(s)
        .ok_or_else(|| bad(format!("{label}“{}”不是有效的日期时间，请按 2026-11-24 17:00 的格式填写。", s.trim())))
}

/// The meeting form: the same fields as JSON.
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
#[serde(default)]
pub struct MeetingForm {
    /// standing / executive / topical / plenary / work / party_life / other, or the Chinese name.
    pub kind: String,
    pub title: String,
    /// 召开机关, e.g. 青禾县人民政府.
    pub host: String,
    /// A room of the platform (its id); empty for a place elsewhere.
    pub room_id: String,
    /// The place when no room is chosen.
    pub place: String,
    /// 2026-11-25
    pub date: String,
    /// 09:00
    pub start: String,
    /// 11:00
    pub end: String,
    /// 回执截止: 2026-11-24T17:00; empty: 17:00 the day before (or half an hour before the start
    /// when that has passed).
    pub rsvp_due: String,
    /// 主持人 (a user id).
    pub chair_id: String,
    pub requirements: String,
    pub contact: String,
    /// People to attend (出席), by user id.
    pub present_user_id: Vec<String>,
    /// Units to attend (出席), by unit id.
    pub present_unit_id: Vec<String>,
    /// People to sit in (列席).
    pub attending_user_id: Vec<String>,
    /// Units to sit in (列席).
    pub attending_unit_id: Vec<String>,
    /// Agenda items, one per line (creation only).
    pub agenda_text: String,
    /// The version being edited (edits only): the meeting's `updated_ms` as read.
    pub updated_ms: i64,
}

impl MeetingForm {
    pub fn input(&self, now_ms: i64) -> Result<MeetingInput, WebError> {
        let kind = MeetingKind::from_code(&self.kind).ok_or_else(|| bad("请选择会议类型。"))?;
        let day = super::date(&self.date, "会议日期")?;
        let start = local_ms(day.and_time(time_of(&self.start, "开始时间")?));
        let end_time = time_of(&self.end, "结束时间")?;
        // 24:00 is typed as 00:00 of the next day.
        let end_day = if end_time == NaiveTime::MIN { day + chrono::Days::new(1) } else { day };
        let end = local_ms(end_day.and_time(end_time));
        let rsvp_due = if self.rsvp_due.trim().is_empty() {
            let eve =
                local_ms((day - chrono::Days::new(1)).and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default()));
            if eve > now_ms {
                eve
            } else {
                start - 30 * 60_000
            }
        } else {
            local_ms(date_time(&self.rsvp_due, "回执截止时间")?)
        };
        let mut invitees = Vec::new();
        for (ids, role, person) in [
            (&self.present_user_id, AttendRole::Present, true),
            (&self.present_unit_id, AttendRole::Present, false),
            (&self.attending_user_id, AttendRole::Attending, true),
            (&self.attending_unit_id, AttendRole::Attending, false),
        ] {
            for id in ids.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
                let (user_id, unit_id) =
                    if person { (Some(id.to_string()), None) } else { (None, Some(id.to_string())) };
                invitees.push(InviteeInput { user_id, unit_id, role });
            }
        }
        Ok(MeetingInput {
            kind,
            title: self.title.clone(),
            host: self.host.clone(),
            room_id: Some(self.room_id.clone()).filter(|s| !s.trim().is_empty()),
            place: self.place.clone(),
            start_ms: start,
            end_ms: end,
            rsvp_due_ms: rsvp_due,
            chair_id: Some(self.chair_id.clone()).filter(|s| !s.trim().is_empty()),
            requirements: self.requirements.clone(),
            contact: self.contact.clone(),
            invitees,
            agenda: self
                .agenda_text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| AgendaInput { title: l.into(), ..Default::default() })
                .collect(),
        })
    }
}

/// An agenda item (议题).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AgendaForm {
    pub title: String,
    /// 汇报单位 (unit id), may be empty.
    pub unit_id: String,
    /// 汇报人
    pub reporter: String,
}

impl AgendaForm {
    pub fn input(self) -> AgendaInput {
        AgendaInput {
            title: self.title,
            unit_id: Some(self.unit_id).filter(|s| !s.is_empty()),
            reporter: self.reporter,
        }
    }
}

/// A 回执.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RsvpForm {
    /// Which invitee answers (their id in the meeting's list).
    pub invitee_id: String,
    /// attend / leave / substitute (参会 / 请假 / 代会).
    pub answer: String,
    /// 代会: the substitute; a unit's 参会: who comes.
    pub name: String,
    pub post: String,
    /// 请假事由
    pub reason: String,
}

impl RsvpForm {
    pub fn rsvp(&self) -> Result<Rsvp, WebError> {
        let answer = Answer::from_code(&self.answer).ok_or_else(|| bad("请选择参会、请假或代会。"))?;
        Ok(Rsvp { answer, name: self.name.clone(), post: self.post.clone(), reason: self.reason.clone() })
    }
}

/// A decision (议定事项).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DecisionForm {
    /// The 议题 it belongs to, may be empty.
    pub agenda_id: String,
    pub text: String,
    pub lead_unit_id: String,
    pub co_unit_id: Vec<String>,
    pub owner_name: String,
    /// 时限, 2026-12-04 (a working day).
    pub due: String,
}

impl DecisionForm {
    pub fn input(self) -> Result<DecisionInput, WebError> {
        Ok(DecisionInput {
            agenda_id: Some(self.agenda_id).filter(|s| !s.is_empty()),
            due: crate::input::date(&self.due, "完成时限")?,
            text: self.text,
            lead_unit_id: self.lead_unit_id,
            co_unit_ids: self.co_unit_id.into_iter().filter(|s| !s.is_empty()).collect(),
            owner_name: self.owner_name,
        })
    }
}

/// A feedback cycle as typed: once / weekly / monthly / every:N.
pub fn cycle(s: &str) -> Result<Cycle, WebError> {
    if s.trim().is_empty() {
        return Ok(Cycle::Once);
    }
    Cycle::from_code(s).ok_or_else(|| bad("反馈周期应为 once、weekly、monthly 或 every:N（N为1到250个工作日）。"))
}

/// A room.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RoomForm {
    pub name: String,
    pub location: String,
    /// Seats, 1 to 5000.
    #[serde(deserialize_with = "text_or_number")]
    pub capacity: String,
    /// 投影仪、视频会议终端 …
    pub equipment: String,
    /// "0" or "false" retires the room (edits only).
    pub active: String,
}

impl RoomForm {
    pub fn input(self) -> Result<RoomInput, WebError> {
        let capacity = self.capacity.trim().parse().map_err(|_| bad("容纳人数须为1到5000的整数。"))?;
        let active = !matches!(self.active.trim(), "0" | "false" | "off" | "no");
        Ok(RoomInput { name: self.name, location: self.location, capacity, equipment: self.equipment, active })
    }
}

/// Requirements of a speech picked to become 督办事项: parallel lists, one entry per requirement on
/// the page; `pick` names the keys ticked.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PickForm {
    /// Keys of the requirements to turn into items (e.g. 1.2#3).
    pub pick: Vec<String>,
    pub key: Vec<String>,
    pub title: Vec<String>,
    pub lead_unit_id: Vec<String>,
    pub owner_name: Vec<String>,
    pub due: Vec<String>,
    /// Feedback cycle for all of them (once / weekly / monthly / every:N).
    pub cycle: String,
}

impl PickForm {
    pub fn picks(&self) -> Result<Vec<Pick>, WebError> {
        let mut out = Vec::new();
        for key in &self.pick {
            let i =
                self.key.iter().position(|k| k == key).ok_or_else(|| bad(format!("要求 {key} 的填写内容缺失。")))?;
            let at = |v: &Vec<String>| v.get(i).cloned().unwrap_or_default();
            let due = at(&self.due);
            out.push(Pick {
                key: key.clone(),
                title: at(&self.title),
                lead_unit_id: at(&self.lead_unit_id),
                co_unit_ids: Vec::new(),
                owner_name: at(&self.owner_name),
                due: crate::input::date(&due, &format!("要求 {key} 的完成时限"))?,
            });
        }
        Ok(out)
    }
}

/// The yearly caps; empty means no cap.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CapsForm {
    #[serde(deserialize_with = "text_or_number")]
    pub year: String,
    #[serde(deserialize_with = "text_or_number")]
    pub documents: String,
    #[serde(deserialize_with = "text_or_number")]
    pub meetings: String,
    #[serde(deserialize_with = "text_or_number")]
    pub meeting_hours: String,
    #[serde(deserialize_with = "text_or_number")]
    pub items: String,
    #[serde(deserialize_with = "text_or_number")]
    pub reports: String,
}

impl CapsForm {
    pub fn caps(&self) -> Result<(i32, Caps), WebError> {
        let n = |s: &str, label: &str| -> Result<Option<i64>, WebError> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            s.parse().map(Some).map_err(|_| bad(format!("{label}上限“{s}”应为整数，不设上限请留空。")))
        };
        let year = self.year.trim().parse().map_err(|_| bad("请填写年份，例如 2026。"))?;
        Ok((
            year,
            Caps {
                documents: n(&self.documents, "收文")?,
                meetings: n(&self.meetings, "会议")?,
                meeting_hours: n(&self.meeting_hours, "会议时长")?,
                items: n(&self.items, "督办事项")?,
                reports: n(&self.reports, "反馈报告")?,
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_form_becomes_local_times_and_invitees() {
        let f = MeetingForm { kind: "常务会议".into(), ..Default::default() };
        assert!(f.input(0).is_err(), "the kind must be one of the list");
        let f = MeetingForm {
            kind: "standing".into(),
            date: "2026-11-25".into(),
            start: "09:00".into(),
            end: "11:30".into(),
            present_unit_id: vec!["u1".into(), "".into()],
            attending_user_id: vec!["p1".into()],
            agenda_text: "议题一\n\n议题二".into(),
            ..Default::default()
        };
        let m = f.input(0).unwrap();
        assert_eq!(m.end_ms - m.start_ms, 150 * 60_000);
        // 09:00 in Shanghai is 01:00 UTC.
        assert_eq!(m.start_ms % 86_400_000, 3_600_000);
        assert_eq!(m.start_ms - m.rsvp_due_ms, 16 * 3_600_000, "17:00 the day before");
        assert_eq!(m.invitees.len(), 2);
        assert_eq!(m.invitees[1].role, AttendRole::Attending);
        assert_eq!(m.agenda.len(), 2);
        let late = MeetingForm { end: "8:00".into(), start: "25:00".into(), ..f };
        assert!(late.input(0).is_err());
    }
}
