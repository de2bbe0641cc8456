//! 办会: use cases from booking a room to the 纪要 and the decisions followed as tracked items, the
//! speeches turned into tasks, and the 精文简会 burden view. Every step goes through
//! `workflow::step` over `meeting::FLOW` and writes its audit event in its own transaction.

mod bench;
pub mod burden;
mod checkin;
mod minutes;
mod notice;
mod plan;
mod rooms;
mod rsvp;
pub mod speeches;

pub use bench::BenchSeed;
pub use checkin::{CheckInCode, CHECKIN_WINDOW_MS};
pub use minutes::DecisionInput;
pub use plan::{AgendaInput, InviteeInput, MeetingInput};
pub use rooms::{DaySchedule, RoomInput};
pub use zs_store::meetings::{Booking, FileRow, MeetingFilter};

use crate::{App, AppError, Principal, Result};
use zs_domain::meeting::{
    AgendaItem, Decision, Invitee, MeetAct, MeetParty, Meeting, MeetingState, Presence, Room, FLOW,
};
use zs_domain::workflow::{available, step};
use zs_domain::{decide, Action, Role};
use zs_store::meetings::{self as store, Viewer};
use zs_store::Exec;

/// A meeting with everything its page shows.
#[derive(Debug, Clone)]
pub struct MeetingView {
    pub meeting: Meeting,
    pub room: Option<Room>,
    pub invitees: Vec<Invitee>,
    pub agenda: Vec<AgendaItem>,
    pub files: Vec<FileRow>,
    pub decisions: Vec<Decision>,
    /// The viewer's relation to it and what the flow lets them do now.
    pub parties: Vec<MeetParty>,
    pub actions: Vec<MeetAct>,
    /// Invitees whose 回执 the viewer may give (their own, or their unit's as its 联络员).
    pub answerable: Vec<String>,
    /// The seat the viewer would sign in to with a code, if any.
    pub seat: Option<String>,
    /// Names of units on the page.
    pub unit_names: std::collections::HashMap<String, String>,
    /// The 纪要's state, once drafted.
    pub minutes_state: Option<zs_domain::document::DocState>,
}

impl MeetingView {
    pub fn unit_name(&self, id: &str) -> String {
        self.unit_names.get(id).cloned().unwrap_or_default()
    }
}

/// How the live list stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Turnout {
    pub present: usize,
    pub on_leave: usize,
    pub absent: usize,
}

impl Turnout {
    pub fn of(invitees: &[Invitee]) -> Turnout {
        let mut t = Turnout::default();
        for i in invitees {
            match i.presence() {
                Presence::Present => t.present += 1,
                Presence::OnLeave => t.on_leave += 1,
                Presence::Absent => t.absent += 1,
            }
        }
        t
    }
}

pub(crate) use crate::error::refused;

fn not_found() -> AppError {
    AppError::NotFound("没有找到这个会议，或您不在它的参会范围内。".into())
}

/// May call meetings for the principal's organ (会务, 办公室主任).
pub fn may_organize(p: &Principal) -> bool {
    !p.organ_id.is_empty() && decide(&p.subject, &Action::ManageMeetings).allowed()
}

impl Principal {
    /// The meeting access rule's view of this person, for SQL filters.
    pub fn meeting_viewer(&self) -> Viewer {
        Viewer {
            user_id: self.user.id.clone(),
            unit_id: self.user.unit_id.clone(),
            organizer_of: may_organize(self).then(|| self.organ_id.clone()),
        }
    }
}

/// Whether the principal may give this invitee's 回执: the person themself, or the 联络员 of the
/// unit asked (or of the person's unit, who answers for its leaders).
pub(crate) fn may_answer(p: &Principal, i: &Invitee) -> bool {
    i.user_id.as_deref() == Some(p.user.id.as_str()) || (i.unit_id == p.user.unit_id && p.has(Role::Liaison))
}

/// The seat someone signing in with a code takes: their own invitation; else their unit's, not yet
/// signed in; else one of their unit's people whose 回执 named them as the substitute.
pub(crate) fn seat_of<'a>(p: &Principal, invitees: &'a [Invitee]) -> Option<&'a Invitee> {
    let me = p.user.id.as_str();
    invitees
        .iter()
        .find(|i| i.user_id.as_deref() == Some(me))
        .or_else(|| invitees.iter().find(|i| i.is_unit() && i.unit_id == p.user.unit_id && i.checked_in_ms.is_none()))
        .or_else(|| {
            invitees.iter().find(|i| {
                i.unit_id == p.user.unit_id
                    && i.checked_in_ms.is_none()
                    && i.rsvp
                        .as_ref()
                        .is_some_and(|r| r.answer == zs_domain::meeting::Answer::Substitute && r.name == p.user.name)
            })
        })
}

/// Who the principal is with respect to a meeting.
pub(crate) fn parties(p: &Principal, m: &Meeting, invitees: &[Invitee]) -> Vec<MeetParty> {
    let mut out = Vec::new();
    if may_organize(p) && p.organ_id == m.organizer_unit_id {
        out.push(MeetParty::Organizer);
    }
    if invitees.iter().any(|i| may_answer(p, i)) || seat_of(p, invitees).is_some() {
        out.push(MeetParty::Invitee);
    }
    if m.chair_id.as_deref() == Some(p.user.id.as_str()) {
        out.push(MeetParty::Chair);
    }
    out
}

/// Whether the principal may see the meeting at all (the rule `store::meetings::visible` applies in SQL).
fn may_see(p: &Principal, m: &Meeting, invitees: &[Invitee]) -> bool {
    (may_organize(p) && p.organ_id == m.organizer_unit_id)
        || m.chair_id.as_deref() == Some(p.user.id.as_str())
        || invitees.iter().any(|i| i.user_id.as_deref() == Some(p.user.id.as_str()) || i.unit_id == p.user.unit_id)
}

/// A meeting loaded for a use case, with its invitees and the principal's parties.
pub(crate) struct Loaded {
    pub meeting: Meeting,
    pub invitees: Vec<Invitee>,
    pub parties: Vec<MeetParty>,
}

impl Loaded {
    /// Check the step with the flow; the state it leads to.
    pub fn step(&self, act: MeetAct) -> Result<MeetingState> {
        step(FLOW, self.meeting.state, act, &self.parties).map_err(refused)
    }

    pub fn is_organizer(&self) -> bool {
        self.parties.contains(&MeetParty::Organizer)
    }
}

impl App {
    /// Load a meeting the principal may see; 404 otherwise (as if absent).
    pub(crate) async fn load_meeting(&self, c: &mut impl Exec, p: &Principal, id: &str) -> Result<Loaded> {
        let meeting = store::get(c, id).await?.ok_or_else(not_found)?;
        let invitees = store::invitees(c, id).await?;
        if !may_see(p, &meeting, &invitees) {
            return Err(not_found());
        }
        let parties = parties(p, &meeting, &invitees);
        Ok(Loaded { meeting, invitees, parties })
    }

    /// A meeting's page.
    pub async fn meeting(&self, p: &Principal, id: &str) -> Result<MeetingView> {
        let mut c = self.db.conn().await?;
        let Loaded { meeting, invitees, parties } = self.load_meeting(&mut c, p, id).await?;
        let room = match &meeting.room_id {
            Some(r) => store::get_room(&mut c, r).await?,
            None => None,
        };
        let agenda = store::agenda(&mut c, id).await?;
        let files = store::files(&mut c, id).await?;
        let decisions = store::decisions(&mut c, id).await?;
        let minutes_state = match &meeting.minutes_doc_id {
            Some(d) => zs_store::documents::get(&mut c, d).await?.map(|d| d.state),
            None => None,
        };
        drop(c);
        let mut actions = available(FLOW, meeting.state, &parties);
        if meeting.minutes_doc_id.is_some() {
            actions.retain(|a| *a != MeetAct::Minutes);
        }
        if !decisions.iter().any(|d| d.item_id.is_none()) {
            actions.retain(|a| *a != MeetAct::Track);
        }
        let answerable = invitees.iter().filter(|i| may_answer(p, i)).map(|i| i.id.clone()).collect();
        let seat = seat_of(p, &invitees).map(|i| i.id.clone());
        let unit_names = self.unit_names().await?;
        Ok(MeetingView {
            meeting,
            room,
            invitees,
            agenda,
            files,
            decisions,
            parties,
            actions,
            answerable,
            seat,
            unit_names,
            minutes_state,
        })
    }

    /// People a meeting form offers as attendees: everyone active with a working role.
    pub async fn meeting_people(&self) -> Result<Vec<zs_store::org::Person>> {
        let mut c = self.db.conn().await?;
        let working: Vec<Role> = Role::ALL.into_iter().filter(|r| !r.is_admin_triad()).collect();
        Ok(zs_store::org::people(&mut c, None, &working).await?)
    }

    /// Who may chair (主持): leaders and office directors.
    pub async fn meeting_chairs(&self) -> Result<Vec<zs_store::org::Person>> {
        let mut c = self.db.conn().await?;
        Ok(zs_store::org::people(&mut c, None, &[Role::Leader, Role::OfficeDirector]).await?)
    }

    /// Meetings the principal may see, filtered.
    pub async fn meetings(&self, p: &Principal, f: &MeetingFilter) -> Result<(Vec<Meeting>, i64)> {
        let mut c = self.db.conn().await?;
        Ok(store::list(&mut c, &p.meeting_viewer(), f).await?)
    }

    /// A material (会议材料) of a meeting the principal may see.
    pub async fn meeting_file(&self, p: &Principal, id: &str, file_id: &str) -> Result<(FileRow, Vec<u8>)> {
        let mut c = self.db.conn().await?;
        self.load_meeting(&mut c, p, id).await?;
        let f = store::files(&mut c, id)
            .await?
            .into_iter()
            .find(|f| f.id == file_id)
            .ok_or_else(|| AppError::NotFound("没有找到这份会议材料。".into()))?;
        let bytes = self
            .blobs
            .get(&mut c, &f.sha256)
            .await?
            .ok_or_else(|| AppError::NotFound("会议材料的文件内容缺失，请联系系统管理员。".into()))?;
        Ok((f, bytes))
    }
}
