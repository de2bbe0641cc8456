//! 通知: the signed-in person's notifications, and the administrator's view of undelivered messages.

use super::{ctx, done, Ok_};
use crate::error::WebError;
use crate::extract::{Form, Query};
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use zs_app::App;
use zs_domain::time::format_ms;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read", post(read))
        .route("/outbox", get(outbox))
        .route("/outbox/{id}/requeue", post(requeue))
}

pub struct NoticeView {
    pub id: String,
    pub title: String,
    pub body: String,
    pub href: String,
    pub at: String,
    pub unread: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct ListPage {
    ctx: Ctx,
    notices: Vec<NoticeView>,
    unread: usize,
}

async fn list(State(app): State<App>, Me(p): Me, Query(q): Query<Ok_>) -> Result<Response, WebError> {
    let notices: Vec<NoticeView> = app
        .notifications(&p, false)
        .await?
        .into_iter()
        .map(|n| NoticeView {
            unread: n.read_ms.is_none(),
            at: format_ms(n.created_ms),
            id: n.id,
            title: n.title,
            body: n.body,
            href: n.href,
        })
        .collect();
    let unread = notices.iter().filter(|n| n.unread).count();
    Ok(html(&ListPage { ctx: ctx(&app, &p, "/notifications", q.ok.as_deref()), notices, unread }))
}

#[derive(Deserialize)]
struct ReadForm {
    /// One notification, or all when absent.
    #[serde(default)]
    id: Option<String>,
    /// Where to go next (a notification's own link), inside the platform only.
    #[serde(default)]
    next: Option<String>,
}

async fn read(State(app): State<App>, Me(p): Me, Form(f): Form<ReadForm>) -> Result<Response, WebError> {
    app.mark_read(&p, f.id.as_deref().filter(|s| !s.is_empty())).await?;
    match f.next.filter(|n| n.starts_with('/') && !n.starts_with("//")) {
        Some(next) => Ok(axum::response::IntoResponse::into_response(axum::response::Redirect::to(&next))),
        None => Ok(done("/notifications", "saved")),
    }
}

pub struct MessageView {
    pub id: String,
    pub channel: String,
    pub target: String,
    pub subject: String,
    pub attempts: i64,
    pub error: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage {
    ctx: Ctx,
    pending: i64,
    failed: Vec<MessageView>,
}

async fn outbox(State(app): State<App>, Me(p): Me, Query(q): Query<Ok_>) -> Result<Response, WebError> {
    let (pending, failed) = app.outbox_status(&p, 200).await?;
    let failed = failed
        .into_iter()
        .map(|m| MessageView {
            at: format_ms(m.created_ms),
            id: m.id,
            channel: m.channel,
            target: m.target,
            subject: m.subject,
            attempts: m.attempts,
            error: m.last_error,
        })
        .collect();
    Ok(html(&OutboxPage { ctx: ctx(&app, &p, "/outbox", q.ok.as_deref()), pending, failed }))
}

async fn requeue(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    app.outbox_requeue(&p, &id).await?;
    Ok(done("/outbox", "saved"))
}
