//! The HTTP layer: HTML pages (askama + htmx) and the JSON API under `/api/v1`. Handlers turn
//! requests into `zs_app` calls and results into responses; no rule and no SQL lives here.

mod api;
mod chart;
mod error;
mod extract;
mod input;
mod pages;
mod session;
mod view;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::Router;
use std::net::SocketAddr;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use zs_app::App;

pub use error::WebError;

/// The whole application as one router.
pub fn router(app: App) -> Router {
    let limit = app.config.max_body_bytes;
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(app.clone(), session::authenticate))
        .layer(DefaultBodyLimit::max(limit))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
            ),
        ))
        .with_state(app)
}

/// Serve until ctrl-c / SIGTERM. Prints the address it listens on (port 0 picks a free one).
pub async fn serve(app: App, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let periodic = app.clone();
    // Every minute: pick up calendar years and proofreading data other nodes changed, recompute warnings, send the
    // reminders due. Safe on every node at once (reminders are claimed in the database).
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = periodic.refresh_calendar().await {
                tracing::warn!(error = %e, "calendar refresh failed");
            }
            if let Err(e) = periodic.refresh_proofreader().await {
                tracing::warn!(error = %e, "proofreading data refresh failed");
            }
            match periodic.sweep_reminders().await {
                Ok(r) if r.reminders > 0 => tracing::info!(reminders = r.reminders, "reminders sent"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "reminder sweep failed"),
            }
        }
    });
    // The outbox: e-mails and webhooks written by committed transactions, delivered with retries.
    app.spawn_outbox_worker(std::time::Duration::from_secs(5));
    let svc = router(app).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, svc).with_graceful_shutdown(shutdown()).await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
