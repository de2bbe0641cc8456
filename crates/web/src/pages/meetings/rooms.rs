//! 会议室: the rooms with seats and equipment, a room's day (bookings and free periods), adding and
//! changing rooms.

use crate::error::WebError;
use crate::extract::{Form, Query};
use crate::input::meetings::RoomForm;
use crate::pages::{ctx, done};
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use serde::Deserialize;
use zs_app::meetings::may_organize;
use zs_app::App;
use zs_domain::meeting::{hm, Room};
use zs_domain::time::format_date;

pub fn routes() -> Router<App> {
    Router::new().route("/meetings/rooms", get(rooms).post(create)).route("/meetings/rooms/{id}", post(update))
}

#[derive(Deserialize, Default)]
struct DayQuery {
    room: Option<String>,
    date: Option<String>,
    ok: Option<String>,
}

pub struct DayView {
    pub room: String,
    pub day: String,
    pub bookings: Vec<(String, String, String)>,
    pub free: Vec<String>,
}

#[derive(Template)]
#[template(path = "meeting_rooms.html")]
struct RoomsPage {
    ctx: Ctx,
    rooms: Vec<Room>,
    organizer: bool,
    day: Option<DayView>,
    date: String,
}

async fn rooms(State(app): State<App>, Me(p): Me, Query(q): Query<DayQuery>) -> Result<Response, WebError> {
    let rooms = app.rooms(true).await?;
    let date = match q.date.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => crate::input::date(s, "日期")?,
        None => app.today(),
    };
    let day = match q.room.as_deref().filter(|s| !s.is_empty()) {
        Some(r) => {
            let s = app.room_day(r, date, 30).await?;
            Some(DayView {
                room: s.room.name.clone(),
                day: format_date(s.day),
                bookings: s
                    .bookings
                    .iter()
                    .map(|b| (b.meeting_id.clone(), format!("{}—{}", hm(b.start_ms), hm(b.end_ms)), b.title.clone()))
                    .collect(),
                free: s.free.iter().map(|(a, b)| format!("{}—{}", hm(*a), hm(*b))).collect(),
            })
        }
        None => None,
    };
    Ok(html(&RoomsPage {
        ctx: ctx(&app, &p, "/meetings", q.ok.as_deref()),
        rooms,
        organizer: may_organize(&p),
        day,
        date: NaiveDate::to_string(&date),
    }))
}

async fn create(State(app): State<App>, Me(p): Me, Form(f): Form<RoomForm>) -> Result<Response, WebError> {
    app.create_room(&p, &f.input()?).await?;
    Ok(done("/meetings/rooms", "created"))
}

async fn update(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<RoomForm>,
) -> Result<Response, WebError> {
    app.update_room(&p, &id, &f.input()?).await?;
    Ok(done("/meetings/rooms", "saved"))
}
