//! 我的账户: password and API tokens.

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
use zs_app::{App, TokenRow};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/account", get(page))
        .route("/account/password", post(change_password))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
}

pub struct TokenView {
    pub id: String,
    pub name: String,
    pub scope: &'static str,
    pub created: String,
    pub last_used: String,
    pub revoked: bool,
}

impl From<TokenRow> for TokenView {
    fn from(t: TokenRow) -> Self {
        TokenView {
            scope: if t.scope.contains("write") { "读写" } else { "只读" },
            created: zs_domain::time::format_ms(t.created_ms),
            last_used: t.last_used_ms.map(zs_domain::time::format_ms).unwrap_or_else(|| "从未使用".into()),
            revoked: t.revoked_ms.is_some(),
            id: t.id,
            name: t.name,
        }
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    ctx: Ctx,
    username: String,
    position: String,
    clearance: &'static str,
    must_change: bool,
    tokens: Vec<TokenView>,
    new_secret: Option<String>,
}

async fn render(
    app: &App,
    p: &zs_app::Principal,
    ok: Option<&str>,
    new_secret: Option<String>,
) -> Result<Response, WebError> {
    let tokens = app.list_tokens(p).await?.into_iter().map(TokenView::from).collect();
    Ok(html(&AccountPage {
        ctx: ctx(app, p, "/account", ok),
        username: p.user.username.clone(),
        position: p.user.position.clone(),
        clearance: p.user.clearance.label(),
        must_change: p.must_change_password,
        tokens,
        new_secret,
    }))
}

async fn page(State(app): State<App>, Me(p): Me, Query(q): Query<Ok_>) -> Result<Response, WebError> {
    render(&app, &p, q.ok.as_deref(), None).await
}

#[derive(Deserialize)]
struct PasswordForm {
    current: String,
    password: String,
    confirm: String,
}

async fn change_password(State(app): State<App>, Me(p): Me, Form(f): Form<PasswordForm>) -> Result<Response, WebError> {
    app.change_password(&p, &f.current, &f.password, &f.confirm).await?;
    Ok(done("/account", "password"))
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
    #[serde(default)]
    write: Option<String>,
}

async fn create_token(State(app): State<App>, Me(p): Me, Form(f): Form<TokenForm>) -> Result<Response, WebError> {
    let (_, secret) = app.create_token(&p, &f.name, f.write.is_some()).await?;
    render(&app, &p, None, Some(secret)).await
}

async fn revoke_token(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    app.revoke_token(&p, &id).await?;
    Ok(done("/account", "revoked"))
}
