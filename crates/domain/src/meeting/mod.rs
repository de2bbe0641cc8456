//! 办会: a meeting from booking to minutes. Its lifecycle (`FLOW`) runs on the workflow engine;
//! rooms are booked without overlaps (`slots`), attendees answer 回执 by a deadline (`rsvp`), sign
//! in on the day, and the 精文简会 view weighs what lands on each unit against the office's caps
//! (`burden`). Decisions become tracked items and the 纪要 is a 公文: neither is modelled here.

mod burden;
mod rsvp;
mod slots;

pub use burden::{flags, Caps, Flag, FlagLevel, Load, Measure};
pub use rsvp::{check_rsvp, rsvp_open, Answer, Rsvp};
pub use slots::{free_slots, overlaps, BOOKING_WINDOW};

use crate::text::{multiline, optional, required};
use crate::time::{format_date, local};
use crate::workflow::Transition;
use crate::Invalid;
use chrono::{Datelike, NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

coded_enum!(
    /// 会议类型. The 纪要 of each carries its own 标志 (`minutes_mark`).
    MeetingKind {
        Standing = "standing" / "县政府常务会议",
        Executive = "executive" / "县长办公会议",
        Topical = "topical" / "专题会议",
        Plenary = "plenary" / "全体会议",
        Work = "work" / "工作会议",
        PartyLife = "party_life" / "组织生活会",
        Other = "other" / "其他会议",
    }
);

impl MeetingKind {
    /// What follows the convening organ in the 纪要标志: 青禾县人民政府 + 常务会议纪要.
    pub fn minutes_mark(self) -> &'static str {
        match self {
            MeetingKind::Standing => "常务会议纪要",
            MeetingKind::Executive => "县长办公会议纪要",
            MeetingKind::Topical => "专题会议纪要",
            MeetingKind::Plenary => "全体会议纪要",
            MeetingKind::PartyLife => "组织生活会纪要",
            MeetingKind::Work | MeetingKind::Other => "会议纪要",
        }
    }
}

coded_enum!(
    MeetingState {
        Draft = "draft" / "筹备中",
        Noticed = "noticed" / "已发通知",
        Held = "held" / "已召开",
        Cancelled = "cancelled" / "已取消",
    }
);

coded_enum!(
    MeetAct {
        Edit = "edit" / "修改会议",
        Notify = "notify" / "发送会议通知",
        Rsvp = "rsvp" / "填报回执",
        Urge = "urge" / "催报回执",
        CheckIn = "check_in" / "签到",
        Close = "close" / "结束会议",
        Minutes = "minutes" / "起草纪要",
        Decide = "decide" / "记录议定事项",
        Track = "track" / "转为督办事项",
        Cancel = "cancel" / "取消会议",
    }
);

coded_enum!(
    /// Who someone is with respect to one meeting.
    MeetParty {
        Organizer = "organizer" / "会务人员",
        Invitee = "invitee" / "参会人员",
        Chair = "chair" / "会议主持人",
    }
);

coded_enum!(
    /// 出席 or 列席.
    AttendRole {
        Present = "present" / "出席",
        Attending = "attending" / "列席",
    }
);

coded_enum!(
    /// Where someone stands on the day, for the live list.
    Presence {
        Present = "present" / "已签到",
        OnLeave = "on_leave" / "请假",
        Absent = "absent" / "未签到",
    }
);

use MeetAct as A;
use MeetParty as P;
use MeetingState as S;

/// The lifecycle: 筹备 → 发通知 (回执, 催报, 签到) → 召开 (纪要, 议定事项) ; 取消 before it is held.
pub const FLOW: &[Transition<MeetingState, MeetAct, MeetParty>] = &[
    Transition { from: &[S::Draft, S::Noticed], action: A::Edit, by: &[P::Organizer], to: None },
    Transition { from: &[S::Draft], action: A::Notify, by: &[P::Organizer], to: Some(S::Noticed) },
    Transition { from: &[S::Noticed], action: A::Rsvp, by: &[P::Invitee, P::Organizer], to: None },
    Transition { from: &[S::Noticed], action: A::Urge, by: &[P::Organizer], to: None },
    Transition { from: &[S::Noticed], action: A::CheckIn, by: &[P::Invitee, P::Organizer], to: None },
    Transition { from: &[S::Noticed], action: A::Close, by: &[P::Organizer, P::Chair], to: Some(S::Held) },
    Transition { from: &[S::Held], action: A::Minutes, by: &[P::Organizer], to: None },
    Transition { from: &[S::Held], action: A::Decide, by: &[P::Organizer], to: None },
    Transition { from: &[S::Held], action: A::Track, by: &[P::Organizer], to: None },
    Transition { from: &[S::Draft, S::Noticed], action: A::Cancel, by: &[P::Organizer], to: Some(S::Cancelled) },
];

/// Sign-in opens this long before the start (people arrive early) and closes at the end.
pub const CHECK_IN_EARLY_MS: i64 = 60 * 60_000;
/// The longest meeting: one sitting within one day.
pub const MAX_MINUTES: i64 = 12 * 60;

/// One meeting. Times are UTC milliseconds; a meeting lies within one Shanghai day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: String,
    pub kind: MeetingKind,
    pub title: String,
    /// 召开机关 as printed on the 纪要标志, e.g. 青禾县人民政府.
    pub host: String,
    /// The organ whose 会务 runs it (and whose name signs the notice): the sender in the burden view.
    pub organizer_unit_id: String,
    pub room_id: Option<String>,
    /// 地点 as printed: the room's name and location, or a place outside the platform's rooms.
    pub place: String,
    pub start_ms: i64,
    pub end_ms: i64,
    /// 主持人
    pub chair_id: Option<String>,
    pub chair_name: String,
    /// 回执截止时间
    pub rsvp_due_ms: i64,
    /// 有关要求, printed in the notice.
    pub requirements: String,
    /// 联系人及电话
    pub contact: String,
    pub state: MeetingState,
    pub notice_sent_ms: Option<i64>,
    pub minutes_doc_id: Option<String>,
    pub cancel_reason: String,
    pub created_by: String,
    pub created_ms: i64,
    pub updated_ms: i64,
}

impl Meeting {
    pub fn minutes(&self) -> i64 {
        (self.end_ms - self.start_ms) / 60_000
    }

    /// The Shanghai date it is held on.
    pub fn day(&self) -> NaiveDate {
        local(self.start_ms).date_naive()
    }

    /// `2026-11` of its day, the month the burden view counts it in.
    pub fn month(&self) -> String {
        self.day().format("%Y-%m").to_string()
    }

    /// 2026年11月25日（星期三）上午9:00—11:00
    pub fn when(&self) -> String {
        let (s, e) = (local(self.start_ms), local(self.end_ms));
        format!(
            "{}（{}）{}{}:{:02}—{}:{:02}",
            format_date(s.date_naive()),
            weekday(s.date_naive()),
            if s.hour() < 12 { "上午" } else { "下午" },
            s.hour(),
            s.minute(),
            e.hour(),
            e.minute()
        )
    }

    /// Whether sign-in is open at `now`.
    pub fn check_in_open(&self, now: i64) -> Result<(), String> {
        if now < self.start_ms - CHECK_IN_EARLY_MS {
            return Err(format!(
                "签到尚未开始：会议开始前1小时（{}）起可以签到。",
                hm(self.start_ms - CHECK_IN_EARLY_MS)
            ));
        }
        if now > self.end_ms {
            return Err("会议已经结束，不能再签到；如确有遗漏，请联系会务人员。".into());
        }
        Ok(())
    }
}

/// 星期三
pub fn weekday(d: NaiveDate) -> &'static str {
    ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"][d.weekday().num_days_from_monday() as usize]
}

/// 09:05 in Shanghai.
pub fn hm(ms: i64) -> String {
    local(ms).format("%H:%M").to_string()
}

/// What the meeting form carries, before the store looks anything up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFields {
    pub title: String,
    pub host: String,
    pub place: String,
    pub requirements: String,
    pub contact: String,
}

/// Field limits of a meeting.
pub fn check_fields(f: &MeetingFields) -> Result<MeetingFields, Invalid> {
    Ok(MeetingFields {
        title: required("title", "会议名称", &f.title, 100)?,
        host: required("host", "召开机关", &f.host, 30)?,
        place: optional("place", "会议地点", &f.place, 100)?,
        requirements: multiline("requirements", "会议要求", &f.requirements, 2000)?,
        contact: optional("contact", "联系人及电话", &f.contact, 100)?,
    })
}

/// A meeting's times: in the future, within one day, at most twelve hours; 回执 due before it starts.
pub fn check_times(start: i64, end: i64, rsvp_due: i64, now: i64) -> Result<(), Invalid> {
    if start <= now {
        return Err(Invalid::field("start", "会议开始时间已经过去，请选择以后的时间。"));
    }
    if end <= start {
        return Err(Invalid::field("end", "结束时间应晚于开始时间。"));
    }
    if local(start).date_naive() != local(end - 1).date_naive() || (end - start) / 60_000 > MAX_MINUTES {
        return Err(Invalid::field("end", "一次会议应在同一天内结束，且不超过12小时；跨天的会议请分场次安排。"));
    }
    if rsvp_due > start {
        return Err(Invalid::field("rsvp_due", "回执截止时间不能晚于会议开始时间。"));
    }
    Ok(())
}

/// A meeting room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub id: String,
    pub name: String,
    pub location: String,
    /// Seats.
    pub capacity: i64,
    /// 投影仪, 视频会议终端 …
    pub equipment: Vec<String>,
    pub active: bool,
}

impl Room {
    /// How the notice names the place: 县政府第一会议室（行政中心三楼）.
    pub fn place(&self) -> String {
        if self.location.is_empty() {
            self.name.clone()
        } else {
            format!("{}（{}）", self.name, self.location)
        }
    }
}

/// Field limits of a room; equipment may be typed as one list separated by 、，, or new lines.
pub fn check_room(name: &str, location: &str, capacity: i64, equipment: &str) -> Result<Room, Invalid> {
    let name = required("name", "会议室名称", name, 40)?;
    let location = optional("location", "位置", location, 60)?;
    if !(1..=5000).contains(&capacity) {
        return Err(Invalid::field("capacity", "容纳人数应在1到5000之间。"));
    }
    let mut items: Vec<String> = Vec::new();
    for e in equipment.split(['、', '，', ',', '\n', ';', '；']) {
        let e = optional("equipment", "设备名称", e, 30)?;
        if !e.is_empty() && !items.contains(&e) {
            items.push(e);
        }
    }
    if items.len() > 30 {
        return Err(Invalid::field("equipment", "设备不能超过30项。"));
    }
    Ok(Room { id: String::new(), name, location, capacity, equipment: items, active: true })
}

/// Someone asked to a meeting: a person (`user_id` set, `unit_id` their unit) or a unit that sends
/// someone (`user_id` None).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitee {
    pub id: String,
    pub meeting_id: String,
    pub user_id: Option<String>,
    pub unit_id: String,
    /// The person's or the unit's name as invited.
    pub name: String,
    /// The person's post (职务) as invited.
    pub post: String,
    pub role: AttendRole,
    pub position: i64,
    pub rsvp: Option<Rsvp>,
    pub answered_by: Option<String>,
    pub answered_ms: Option<i64>,
    pub urge_count: i64,
    pub checked_in_ms: Option<i64>,
    /// Who sat in the seat: the person, the unit's attendee, or the substitute.
    pub checkin_name: String,
    /// `code` (the attendee scanned or typed it) or `clerk`.
    pub checkin_method: String,
    /// Wrong codes typed by this invitee's people; sign-in by code stops after `MAX_BAD_CODES`.
    pub bad_codes: i64,
}

/// Wrong sign-in codes tolerated per seat before only the clerk can sign it in.
pub const MAX_BAD_CODES: i64 = 5;

impl Invitee {
    pub fn is_unit(&self) -> bool {
        self.user_id.is_none()
    }

    pub fn presence(&self) -> Presence {
        if self.checked_in_ms.is_some() {
            Presence::Present
        } else if self.rsvp.as_ref().is_some_and(|r| r.answer == Answer::Leave) {
            Presence::OnLeave
        } else {
            Presence::Absent
        }
    }

    /// The name for the 纪要's lines: the person; a unit's attendee with the unit; a substitute
    /// marked as such.
    pub fn minutes_name(&self) -> String {
        let attendee = if self.checkin_name.is_empty() {
            self.rsvp.as_ref().map(|r| r.name.clone()).unwrap_or_default()
        } else {
            self.checkin_name.clone()
        };
        match (&self.rsvp, self.is_unit()) {
            (_, true) if attendee.is_empty() => self.name.clone(),
            (_, true) => format!("{attendee}（{}）", self.name),
            (Some(r), false) if r.answer == Answer::Substitute && attendee != self.name => {
                format!("{attendee}（代{}）", self.name)
            }
            _ => self.name.clone(),
        }
    }
}

/// Who has not answered yet, and how the answers stand: (参会, 请假, 代会, 未回执).
pub fn rsvp_counts(invitees: &[Invitee]) -> (usize, usize, usize, usize) {
    let mut c = (0, 0, 0, 0);
    for i in invitees {
        match i.rsvp.as_ref().map(|r| r.answer) {
            Some(Answer::Attend) => c.0 += 1,
            Some(Answer::Leave) => c.1 += 1,
            Some(Answer::Substitute) => c.2 += 1,
            None => c.3 += 1,
        }
    }
    c
}

/// An agenda item (议题) with its reporting unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: String,
    pub meeting_id: String,
    pub position: i64,
    pub title: String,
    /// 汇报单位
    pub unit_id: Option<String>,
    /// 汇报人
    pub reporter: String,
}

pub fn check_agenda(title: &str, reporter: &str) -> Result<(String, String), Invalid> {
    Ok((required("title", "议题", title, 200)?, optional("reporter", "汇报人", reporter, 40)?))
}

/// 议定事项: what the meeting decided, to be followed as a tracked item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: String,
    pub meeting_id: String,
    pub agenda_id: Option<String>,
    pub position: i64,
    pub text: String,
    pub lead_unit_id: String,
    pub co_unit_ids: Vec<String>,
    /// 责任人
    pub owner_name: String,
    pub due: NaiveDate,
    /// The tracked item once it was turned into one.
    pub item_id: Option<String>,
}

pub fn check_decision(text: &str, owner: &str) -> Result<(String, String), Invalid> {
    let text = crate::text::required_multiline("text", "议定事项", text, 1000)?;
    Ok((text, optional("owner_name", "责任人", owner, 40)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::{available, step, Refusal};

    fn ms(s: &str) -> i64 {
        let t = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        crate::time::local_ms(t)
    }

    #[test]
    fn lifecycle_follows_the_table() {
        let org = [P::Organizer];
        let inv = [P::Invitee];
        assert!(
            matches!(step(FLOW, S::Draft, A::Rsvp, &inv), Err(Refusal::WrongState(_))),
            "no 回执 before the notice"
        );
        let s = step(FLOW, S::Draft, A::Notify, &org).unwrap();
        assert_eq!(s, S::Noticed);
        assert_eq!(step(FLOW, s, A::Rsvp, &inv), Ok(S::Noticed));
        assert!(matches!(step(FLOW, s, A::Urge, &inv), Err(Refusal::NotYours(_))));
        assert_eq!(step(FLOW, s, A::Close, &[P::Chair]), Ok(S::Held));
        assert!(matches!(step(FLOW, S::Held, A::CheckIn, &inv), Err(Refusal::WrongState(_))), "over");
        assert!(matches!(step(FLOW, S::Held, A::Cancel, &org), Err(Refusal::WrongState(_))), "held is held");
        assert_eq!(available(FLOW, S::Held, &org), vec![A::Minutes, A::Decide, A::Track]);
        assert_eq!(available(FLOW, S::Noticed, &inv), vec![A::Rsvp, A::CheckIn]);
    }

    #[test]
    fn times_are_one_future_sitting_with_rsvp_before_it() {
        let now = ms("2026-11-23 10:00");
        let (s, e, due) = (ms("2026-11-25 09:00"), ms("2026-11-25 11:00"), ms("2026-11-24 17:00"));
        assert!(check_times(s, e, due, now).is_ok());
        assert_eq!(check_times(ms("2026-11-23 09:00"), e, due, now).unwrap_err().field, Some("start"));
        assert_eq!(check_times(s, s, due, now).unwrap_err().field, Some("end"));
        assert_eq!(check_times(s, ms("2026-11-26 09:00"), due, now).unwrap_err().field, Some("end"), "two days");
        let evening = ms("2026-11-25 13:00");
        assert!(check_times(evening, ms("2026-11-26 00:00"), due, now).is_ok(), "until midnight is the same day");
        assert!(check_times(s, ms("2026-11-25 21:01"), due, now).is_err(), "over twelve hours");
        assert_eq!(check_times(s, e, ms("2026-11-25 10:00"), now).unwrap_err().field, Some("rsvp_due"));
    }

    #[test]
    fn check_in_opens_an_hour_early_and_closes_at_the_end() {
        let m = Meeting {
            id: "m".into(),
            kind: MeetingKind::Standing,
            title: "县政府第12次常务会议".into(),
            host: "青禾县人民政府".into(),
            organizer_unit_id: "u".into(),
            room_id: None,
            place: "第一会议室".into(),
            start_ms: ms("2026-11-25 09:00"),
            end_ms: ms("2026-11-25 11:00"),
            chair_id: None,
            chair_name: "王建国".into(),
            rsvp_due_ms: ms("2026-11-24 17:00"),
            requirements: String::new(),
            contact: String::new(),
            state: S::Noticed,
            notice_sent_ms: None,
            minutes_doc_id: None,
            cancel_reason: String::new(),
            created_by: String::new(),
            created_ms: 0,
            updated_ms: 0,
        };
        assert!(m.check_in_open(ms("2026-11-25 07:59")).unwrap_err().contains("08:00"));
        assert!(m.check_in_open(ms("2026-11-25 08:00")).is_ok());
        assert!(m.check_in_open(ms("2026-11-25 11:00")).is_ok());
        assert!(m.check_in_open(ms("2026-11-25 11:01")).is_err());
        assert_eq!(m.when(), "2026年11月25日（星期三）上午9:00—11:00");
        assert_eq!(m.month(), "2026-11");
        assert_eq!(m.minutes(), 120);
    }

    #[test]
    fn rooms_and_equipment() {
        let r = check_room(" 第一会议室 ", "行政中心三楼", 40, "投影仪、视频会议终端，投影仪").unwrap();
        assert_eq!(r.equipment, vec!["投影仪", "视频会议终端"]);
        assert_eq!(r.place(), "第一会议室（行政中心三楼）");
        assert_eq!(check_room("", "", 40, "").unwrap_err().field, Some("name"));
        assert_eq!(check_room("小会议室", "", 0, "").unwrap_err().field, Some("capacity"));
    }

    fn invitee(unit: bool, rsvp: Option<Rsvp>, checkin: &str) -> Invitee {
        Invitee {
            id: "i".into(),
            meeting_id: "m".into(),
            user_id: (!unit).then(|| "u1".into()),
            unit_id: "t".into(),
            name: if unit { "青禾镇".into() } else { "李志强".into() },
            post: String::new(),
            role: AttendRole::Present,
            position: 1,
            rsvp,
            answered_by: None,
            answered_ms: None,
            urge_count: 0,
            checked_in_ms: (!checkin.is_empty()).then_some(1),
            checkin_name: checkin.into(),
            checkin_method: String::new(),
            bad_codes: 0,
        }
    }

    #[test]
    fn names_in_the_minutes_and_presence() {
        let sub =
            Rsvp {
                answer: Answer::Substitute, name: "赵晓东".into(), post: "副局长".into(), reason: String::new()
            };
        assert_eq!(invitee(false, Some(sub), "赵晓东").minutes_name(), "赵晓东（代李志强）");
        assert_eq!(invitee(true, None, "马静怡").minutes_name(), "马静怡（青禾镇）");
        assert_eq!(invitee(true, None, "").minutes_name(), "青禾镇");
        assert_eq!(invitee(false, None, "李志强").minutes_name(), "李志强");
        let leave = Rsvp { answer: Answer::Leave, name: String::new(), post: String::new(), reason: "出差".into() };
        assert_eq!(invitee(false, Some(leave.clone()), "").presence(), Presence::OnLeave);
        assert_eq!(invitee(false, Some(leave), "李志强").presence(), Presence::Present, "came after all");
        assert_eq!(invitee(false, None, "").presence(), Presence::Absent);
    }
}
