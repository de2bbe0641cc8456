//! 会议室: rooms with their seats and equipment, a day's bookings, and the booking check that
//! refuses an overlap and offers the periods still free that day.

use super::may_organize;
use crate::audit::record;
use crate::{App, AppError, Principal, Result};
use chrono::NaiveDate;
use zs_domain::meeting::{check_room, free_slots, hm, overlaps, Room};
use zs_domain::time::{day_start_ms, format_date};
use zs_store::meetings::{self as store, Booking};
use zs_store::Tx;

/// What the room form carries.
#[derive(Debug, Clone, Default)]
pub struct RoomInput {
    pub name: String,
    pub location: String,
    pub capacity: i64,
    pub equipment: String,
    pub active: bool,
}

/// A room's day: what holds it and what is free (for at least `min_minutes`).
#[derive(Debug, Clone)]
pub struct DaySchedule {
    pub room: Room,
    pub day: NaiveDate,
    pub bookings: Vec<Booking>,
    pub free: Vec<(i64, i64)>,
}

/// "08:00—09:00、11:00—21:00", or a sentence saying nothing fits.
pub fn slots_text(free: &[(i64, i64)]) -> String {
    free.iter().map(|(s, e)| format!("{}—{}", hm(*s), hm(*e))).collect::<Vec<_>>().join("、")
}

impl App {
    pub async fn rooms(&self, include_inactive: bool) -> Result<Vec<Room>> {
        let mut c = self.db.conn().await?;
        Ok(store::rooms(&mut c, include_inactive).await?)
    }

    /// Add a room (会务, 办公室主任).
    pub async fn create_room(&self, p: &Principal, r: &RoomInput) -> Result<Room> {
        if !may_organize(p) {
            return Err(AppError::Denied("只有会务人员或办公室主任可以管理会议室。".into()));
        }
        let mut room = check_room(&r.name, &r.location, r.capacity, &r.equipment)?;
        room.id = zs_domain::new_id();
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        if store::room_by_name(&mut tx, &room.name).await?.is_some() {
            return Err(AppError::Conflict(format!("已有名为“{}”的会议室。", room.name)));
        }
        store::insert_room(&mut tx, &room, now).await?;
        let detail = format!("新增会议室“{}”，容纳{}人", room.name, room.capacity);
        record(&mut tx, &p.actor(), "meeting.room", "meeting_room", &room.id, &detail, now).await?;
        tx.commit().await?;
        Ok(room)
    }

    /// Change a room; a room is retired (停用) rather than deleted, so past meetings keep it.
    pub async fn update_room(&self, p: &Principal, id: &str, r: &RoomInput) -> Result<Room> {
        if !may_organize(p) {
            return Err(AppError::Denied("只有会务人员或办公室主任可以管理会议室。".into()));
        }
        let mut room = check_room(&r.name, &r.location, r.capacity, &r.equipment)?;
        room.id = id.into();
        room.active = r.active;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        if store::room_by_name(&mut tx, &room.name).await?.is_some_and(|o| o.id != id) {
            return Err(AppError::Conflict(format!("已有名为“{}”的会议室。", room.name)));
        }
        if store::update_room(&mut tx, &room, now).await? == 0 {
            return Err(AppError::NotFound("没有找到这个会议室。".into()));
        }
        let detail =
            format!("修改会议室“{}”：容纳{}人{}", room.name, room.capacity, if room.active { "" } else { "，已停用" });
        record(&mut tx, &p.actor(), "meeting.room", "meeting_room", id, &detail, now).await?;
        tx.commit().await?;
        Ok(room)
    }

    /// A room's bookings on a day and its free periods long enough for `min_minutes`.
    pub async fn room_day(&self, id: &str, day: NaiveDate, min_minutes: i64) -> Result<DaySchedule> {
        let mut c = self.db.conn().await?;
        let room =
            store::get_room(&mut c, id).await?.ok_or_else(|| AppError::NotFound("没有找到这个会议室。".into()))?;
        let (from, to) = day_bounds(day);
        let bookings = store::bookings(&mut c, id, from, to, "").await?;
        let busy: Vec<(i64, i64)> = bookings.iter().map(|b| (b.start_ms, b.end_ms)).collect();
        let free = free_slots(day, &busy, min_minutes.clamp(1, 24 * 60) * 60_000);
        Ok(DaySchedule { room, day, bookings, free })
    }

    /// Lock the room, and check it is in use, free for `[start, end)` (but for `except`, the meeting
    /// being changed) and large enough. An overlap is refused naming the meeting holding the room and
    /// the day's free periods long enough for this one.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn check_booking(
        &self,
        tx: &mut Tx,
        room_id: &str,
        start: i64,
        end: i64,
        except: &str,
        seats: usize,
        now: i64,
    ) -> Result<Room> {
        if !store::lock_room(&mut *tx, room_id, now).await? {
            return Err(zs_domain::Invalid::field("room_id", "所选会议室不存在。").into());
        }
        let room = store::get_room(&mut *tx, room_id)
            .await?
            .filter(|r| r.active)
            .ok_or_else(|| zs_domain::Invalid::field("room_id", "所选会议室已停用，请另选会议室。"))?;
        if seats as i64 > room.capacity {
            return Err(zs_domain::Invalid::field(
                "room_id",
                format!(
                    "会议室“{}”只能容纳{}人，本次会议邀请了{}个人员和单位，请换一间更大的会议室。",
                    room.name, room.capacity, seats
                ),
            )
            .into());
        }
        let day = zs_domain::time::local_date(start);
        let (from, to) = day_bounds(day);
        let held = store::bookings(&mut *tx, room_id, from, to, except).await?;
        if let Some(b) = held.iter().find(|b| overlaps((b.start_ms, b.end_ms), (start, end))) {
            let busy: Vec<(i64, i64)> = held.iter().map(|b| (b.start_ms, b.end_ms)).collect();
            let free = free_slots(day, &busy, end - start);
            let offer = if free.is_empty() {
                "当天已没有能容纳这次会议的空闲时段，请改期或另选会议室。".to_string()
            } else {
                format!("当天可用时段：{}。", slots_text(&free))
            };
            return Err(AppError::Conflict(format!(
                "会议室“{}”在{} {}—{}已被“{}”占用。{offer}",
                room.name,
                format_date(day),
                hm(b.start_ms),
                hm(b.end_ms),
                b.title
            )));
        }
        Ok(room)
    }
}

/// A Shanghai day as `[start, next start)` in UTC milliseconds.
fn day_bounds(day: NaiveDate) -> (i64, i64) {
    (day_start_ms(day), day_start_ms(day + chrono::Days::new(1)))
}
