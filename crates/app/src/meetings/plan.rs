//! 筹备: calling a meeting (type, time, room or place, 主持人, who attends and who sits in, agenda)
//! and changing it, with its agenda items and their materials.

use super::{may_organize, Loaded};
use crate::audit::record;
use crate::{App, AppError, Principal, Result};
use std::collections::HashSet;
use zs_domain::meeting::{
    check_agenda, check_fields, check_times, AgendaItem, AttendRole, Invitee, MeetAct, Meeting, MeetingFields,
    MeetingKind, MeetingState,
};
use zs_domain::workflow::Label;
use zs_domain::{text, Invalid};
use zs_store::meetings::{self as store, FileRow};
use zs_store::Tx;

/// Someone to ask: a person (`user_id`) or a unit (`unit_id`), to attend (出席) or sit in (列席).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteeInput {
    pub user_id: Option<String>,
    pub unit_id: Option<String>,
    pub role: AttendRole,
}

/// An agenda item as typed.
#[derive(Debug, Clone, Default)]
pub struct AgendaInput {
    pub title: String,
    pub unit_id: Option<String>,
    pub reporter: String,
}

/// What the meeting form carries.
#[derive(Debug, Clone)]
pub struct MeetingInput {
    pub kind: MeetingKind,
    pub title: String,
    pub host: String,
    pub room_id: Option<String>,
    /// A place outside the platform's rooms (used when no room is chosen).
    pub place: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub rsvp_due_ms: i64,
    pub chair_id: Option<String>,
    pub requirements: String,
    pub contact: String,
    pub invitees: Vec<InviteeInput>,
    /// Agenda items to start with (creation only; later ones are added one by one).
    pub agenda: Vec<AgendaInput>,
}

/// The most people and units one meeting asks.
const MAX_INVITEES: usize = 500;
/// The most materials one meeting carries.
const MAX_FILES: usize = 100;

impl App {
    /// 筹备: a new meeting of the principal's organ, in the room if one is chosen (refused, with the
    /// day's free periods, when it is taken), with its invitees and agenda; it waits for its notice.
    pub async fn create_meeting(&self, p: &Principal, n: &MeetingInput) -> Result<Meeting> {
        if !may_organize(p) {
            return Err(AppError::Denied("只有会务人员或办公室主任可以安排会议。".into()));
        }
        let fields = self.meeting_fields(n)?;
        let now = self.clock_ms();
        check_times(n.start_ms, n.end_ms, n.rsvp_due_ms, now)?;
        let mut tx = self.db.begin().await?;
        let invitees = self.resolve_invitees(&mut tx, &n.invitees).await?;
        let (room, place) = self.book(&mut tx, n, "", invitees.len(), &fields.place, now).await?;
        let (chair_id, chair_name) = self.resolve_chair(&mut tx, n.chair_id.as_deref()).await?;
        let m = Meeting {
            id: zs_domain::new_id(),
            kind: n.kind,
            title: fields.title,
            host: fields.host,
            organizer_unit_id: p.organ_id.clone(),
            room_id: room.map(|r| r.id),
            place,
            start_ms: n.start_ms,
            end_ms: n.end_ms,
            chair_id,
            chair_name,
            rsvp_due_ms: n.rsvp_due_ms,
            requirements: fields.requirements,
            contact: fields.contact,
            state: MeetingState::Draft,
            notice_sent_ms: None,
            minutes_doc_id: None,
            cancel_reason: String::new(),
            created_by: p.user.id.clone(),
            created_ms: now,
            updated_ms: now,
        };
        store::insert(&mut tx, &m).await?;
        for (i, mut inv) in invitees.into_iter().enumerate() {
            inv.meeting_id = m.id.clone();
            inv.position = i as i64 + 1;
            store::insert_invitee(&mut tx, &inv).await?;
        }
        for (i, a) in n.agenda.iter().enumerate() {
            self.insert_agenda(&mut tx, &m.id, i as i64 + 1, a).await?;
        }
        let detail = format!("安排{}“{}”：{}，{}", m.kind.label(), m.title, m.when(), m.place);
        record(&mut tx, &p.actor(), "meeting.create", "meeting", &m.id, &detail, now).await?;
        tx.commit().await?;
        Ok(m)
    }

    /// 修改: the same form as creation. Invitees already asked keep their 回执 and 签到; after the
    /// notice, those added get it, those removed are told, and a new time or place goes to everyone.
    pub async fn edit_meeting(&self, p: &Principal, id: &str, n: &MeetingInput, seen_ms: i64) -> Result<Meeting> {
        let fields = self.meeting_fields(n)?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        l.step(MeetAct::Edit)?;
        if l.meeting.updated_ms != seen_ms {
            return Err(concurrent());
        }
        check_times(n.start_ms, n.end_ms, n.rsvp_due_ms, now)?;
        let wanted = self.resolve_invitees(&mut tx, &n.invitees).await?;
        let (room, place) = self.book(&mut tx, n, id, wanted.len(), &fields.place, now).await?;
        let (chair_id, chair_name) = self.resolve_chair(&mut tx, n.chair_id.as_deref()).await?;
        let Loaded { meeting: old, invitees: had, .. } = l;
        let m = Meeting {
            kind: n.kind,
            title: fields.title,
            host: fields.host,
            room_id: room.map(|r| r.id),
            place,
            start_ms: n.start_ms,
            end_ms: n.end_ms,
            chair_id,
            chair_name,
            rsvp_due_ms: n.rsvp_due_ms,
            requirements: fields.requirements,
            contact: fields.contact,
            updated_ms: now.max(old.updated_ms + 1),
            ..old.clone()
        };
        let same = |a: &Invitee, b: &Invitee| a.user_id == b.user_id && (a.user_id.is_some() || a.unit_id == b.unit_id);
        let mut kept = Vec::new();
        let mut added = Vec::new();
        for (i, w) in wanted.into_iter().enumerate() {
            let position = i as i64 + 1;
            match had.iter().find(|h| same(h, &w)) {
                Some(h) => {
                    store::update_invitee_role(&mut tx, &h.id, w.role, position).await?;
                    kept.push(Invitee { role: w.role, position, ..h.clone() });
                }
                None => {
                    let inv = Invitee { meeting_id: m.id.clone(), position, ..w };
                    store::insert_invitee(&mut tx, &inv).await?;
                    added.push(inv);
                }
            }
        }
        let removed: Vec<Invitee> = had.into_iter().filter(|h| !kept.iter().any(|k| k.id == h.id)).collect();
        if let Some(r) = removed.iter().find(|r| r.checked_in_ms.is_some()) {
            return Err(AppError::Conflict(format!("{}已经签到，不能从参会名单中删除。", r.name)));
        }
        for r in &removed {
            store::delete_invitee(&mut tx, &r.id).await?;
        }
        if !store::update(&mut tx, &m, old.updated_ms).await? {
            return Err(concurrent());
        }
        let mut everyone = kept.clone();
        everyone.extend(added.iter().cloned());
        self.sync_burden(&mut tx, &m, &everyone).await?;
        if m.state == MeetingState::Noticed {
            let moved = m.start_ms != old.start_ms || m.end_ms != old.end_ms || m.place != old.place;
            if moved {
                let body = format!("会议时间、地点调整为：{}，{}。请以此为准。", m.when(), m.place);
                self.tell(&mut tx, &m, &kept, &format!("【会议变更】{}", m.title), &body, "change").await?;
            }
            self.send_notices(&mut tx, &m, &added).await?;
            let body = format!("{}的参会人员已调整，您无需参加。", m.title);
            self.tell(&mut tx, &m, &removed, &format!("【会议调整】{}", m.title), &body, "removed").await?;
        }
        let detail = format!(
            "修改会议“{}”：{}，{}；新增参会{}个，移除{}个",
            m.title,
            m.when(),
            m.place,
            added.len(),
            removed.len()
        );
        record(&mut tx, &p.actor(), "meeting.edit", "meeting", &m.id, &detail, now).await?;
        tx.commit().await?;
        Ok(m)
    }

    fn meeting_fields(&self, n: &MeetingInput) -> Result<MeetingFields> {
        Ok(check_fields(&MeetingFields {
            title: n.title.clone(),
            host: n.host.clone(),
            place: n.place.clone(),
            requirements: n.requirements.clone(),
            contact: n.contact.clone(),
        })?)
    }

    /// The room (locked, checked free and large enough) and the place as printed.
    async fn book(
        &self,
        tx: &mut Tx,
        n: &MeetingInput,
        except: &str,
        seats: usize,
        place: &str,
        now: i64,
    ) -> Result<(Option<zs_domain::meeting::Room>, String)> {
        match n.room_id.as_deref().filter(|r| !r.is_empty()) {
            Some(room_id) => {
                let room = self.check_booking(tx, room_id, n.start_ms, n.end_ms, except, seats, now).await?;
                let place = room.place();
                Ok((Some(room), place))
            }
            None if place.is_empty() => Err(Invalid::field("place", "请选择会议室，或填写会议地点。").into()),
            None => Ok((None, place.to_string())),
        }
    }

    async fn resolve_chair(&self, tx: &mut Tx, chair_id: Option<&str>) -> Result<(Option<String>, String)> {
        let Some(id) = chair_id.filter(|s| !s.is_empty()) else {
            return Err(Invalid::field("chair_id", "请选择会议主持人。").into());
        };
        let u = zs_store::org::get_user(&mut *tx, id)
            .await?
            .filter(|u| u.active)
            .ok_or_else(|| Invalid::field("chair_id", "所选主持人不存在或已停用。"))?;
        Ok((Some(u.id), u.name))
    }

    /// People and units as invitee rows (not yet numbered or attached to a meeting); each once.
    async fn resolve_invitees(&self, tx: &mut Tx, list: &[InviteeInput]) -> Result<Vec<Invitee>> {
        if list.is_empty() {
            return Err(Invalid::field("invitees", "请选择出席或列席的人员、单位。").into());
        }
        if list.len() > MAX_INVITEES {
            return Err(Invalid::field("invitees", format!("一次会议最多邀请{MAX_INVITEES}个人员或单位。")).into());
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for i in list {
            let blank = |user_id, unit_id: String, name, post| Invitee {
                id: zs_domain::new_id(),
                meeting_id: String::new(),
                user_id,
                unit_id,
                name,
                post,
                role: i.role,
                position: 0,
                rsvp: None,
                answered_by: None,
                answered_ms: None,
                urge_count: 0,
                checked_in_ms: None,
                checkin_name: String::new(),
                checkin_method: String::new(),
                bad_codes: 0,
            };
            match (i.user_id.as_deref().filter(|s| !s.is_empty()), i.unit_id.as_deref().filter(|s| !s.is_empty())) {
                (Some(u), _) => {
                    if !seen.insert(format!("user:{u}")) {
                        continue;
                    }
                    let user = zs_store::org::get_user(&mut *tx, u)
                        .await?
                        .filter(|u| u.active)
                        .ok_or_else(|| Invalid::field("invitees", "所选参会人员不存在或已停用。"))?;
                    out.push(blank(Some(user.id), user.unit_id, user.name, user.position));
                }
                (None, Some(u)) => {
                    if !seen.insert(format!("unit:{u}")) {
                        continue;
                    }
                    let unit = zs_store::org::get_unit(&mut *tx, u)
                        .await?
                        .filter(|u| u.active)
                        .ok_or_else(|| Invalid::field("invitees", "所选参会单位不存在或已停用。"))?;
                    out.push(blank(None, unit.id, unit.name, String::new()));
                }
                (None, None) => return Err(Invalid::field("invitees", "参会名单中有一项既不是人员也不是单位。").into()),
            }
        }
        Ok(out)
    }

    async fn insert_agenda(&self, tx: &mut Tx, meeting_id: &str, position: i64, a: &AgendaInput) -> Result<AgendaItem> {
        let (title, reporter) = check_agenda(&a.title, &a.reporter)?;
        let unit_id = match a.unit_id.as_deref().filter(|s| !s.is_empty()) {
            Some(u) => Some(
                zs_store::org::get_unit(&mut *tx, u)
                    .await?
                    .ok_or_else(|| Invalid::field("unit_id", "所选汇报单位不存在。"))?
                    .id,
            ),
            None => None,
        };
        let item =
            AgendaItem { id: zs_domain::new_id(), meeting_id: meeting_id.into(), position, title, unit_id, reporter };
        store::insert_agenda(&mut *tx, &item).await?;
        Ok(item)
    }

    /// 议题: add one to a meeting being prepared.
    pub async fn add_agenda(&self, p: &Principal, id: &str, a: &AgendaInput) -> Result<AgendaItem> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        l.step(MeetAct::Edit)?;
        let position = store::agenda(&mut tx, id).await?.iter().map(|a| a.position).max().unwrap_or(0) + 1;
        let item = self.insert_agenda(&mut tx, id, position, a).await?;
        let detail = format!("会议“{}”增加议题“{}”", l.meeting.title, item.title);
        record(&mut tx, &p.actor(), "meeting.agenda", "meeting", id, &detail, now).await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Remove an agenda item (and its materials) from a meeting being prepared.
    pub async fn delete_agenda(&self, p: &Principal, id: &str, agenda_id: &str) -> Result<()> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        l.step(MeetAct::Edit)?;
        let title = store::agenda(&mut tx, id)
            .await?
            .into_iter()
            .find(|a| a.id == agenda_id)
            .map(|a| a.title)
            .ok_or_else(|| AppError::NotFound("没有找到这个议题。".into()))?;
        store::delete_agenda(&mut tx, id, agenda_id).await?;
        let detail = format!("会议“{}”删除议题“{title}”", l.meeting.title);
        record(&mut tx, &p.actor(), "meeting.agenda", "meeting", id, &detail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// 会议材料: a file for the meeting or one of its agenda items, stored content-addressed.
    pub async fn add_material(
        &self,
        p: &Principal,
        id: &str,
        agenda_id: Option<&str>,
        name: &str,
        bytes: &[u8],
    ) -> Result<FileRow> {
        let name = text::required("name", "文件名", name.rsplit(['/', '\\']).next().unwrap_or(name), 200)?;
        if bytes.is_empty() {
            return Err(Invalid::field("file", "上传的文件是空的。").into());
        }
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let l = self.load_meeting(&mut tx, p, id).await?;
        l.step(MeetAct::Edit)?;
        let agenda_id = agenda_id.filter(|s| !s.is_empty());
        if let Some(a) = agenda_id {
            if !store::agenda(&mut tx, id).await?.iter().any(|x| x.id == a) {
                return Err(Invalid::field("agenda_id", "所选议题不属于这个会议。").into());
            }
        }
        if store::files(&mut tx, id).await?.len() >= MAX_FILES {
            return Err(Invalid::field("file", format!("每个会议最多{MAX_FILES}份材料。")).into());
        }
        let sha = self.blobs.put(&mut tx, bytes, now).await?;
        let row = FileRow {
            id: zs_domain::new_id(),
            meeting_id: id.into(),
            agenda_id: agenda_id.map(str::to_string),
            mime: crate::documents::mime_of(&name).into(),
            name: name.clone(),
            sha256: sha.clone(),
            size: bytes.len() as i64,
            uploaded_by: p.user.name.clone(),
            created_ms: now,
        };
        store::insert_file(&mut tx, &row).await?;
        let detail =
            format!("会议“{}”上传材料“{name}”（{} 字节，sha256 {}）", l.meeting.title, bytes.len(), &sha[..12]);
        record(&mut tx, &p.actor(), "meeting.file", "meeting", id, &detail, now).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Keep the burden view's rows of a meeting in step: one per unit asked (by itself or through its
    /// people) once the notice is out; none before it or after a cancellation.
    pub(crate) async fn sync_burden(&self, tx: &mut Tx, m: &Meeting, invitees: &[Invitee]) -> Result<()> {
        let counts = matches!(m.state, MeetingState::Noticed | MeetingState::Held);
        let mut units: Vec<&str> =
            if counts { invitees.iter().map(|i| i.unit_id.as_str()).collect() } else { Vec::new() };
        units.sort_unstable();
        units.dedup();
        let rows: Vec<store::BurdenRow> = units
            .into_iter()
            .map(|u| store::BurdenRow {
                unit_id: u.into(),
                month: m.month(),
                minutes: m.minutes(),
                organizer_unit_id: m.organizer_unit_id.clone(),
            })
            .collect();
        store::set_burden(&mut *tx, &m.id, &rows).await?;
        Ok(())
    }
}

pub(crate) fn concurrent() -> AppError {
    AppError::Conflict("这个会议刚被他人修改过，请刷新页面后再操作。".into())
}
