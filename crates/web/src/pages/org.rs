//! 通讯录 and user accounts, 组织机构 (units), 批量导入, 密级管理. One list and one user page serve
//! everyone; what a person may change is decided by `zs_domain::decide`, not by separate pages.

use super::{ctx, done, download, Ok_};
use crate::error::WebError;
use crate::extract::{Form, Query};
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use std::collections::HashMap;
use zs_app::org::{ImportedUser, UnitInput, UnitNode, UserInput};
use zs_app::{App, Principal, UserFilter};
use zs_domain::{decide, Action, Classification, Role, UnitKind, User};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/users", get(users))
        .route("/users/export.xlsx", get(export_users))
        .route("/users/new", get(new_user_form).post(create_user))
        .route("/users/{id}", get(user_page).post(update_user))
        .route("/users/{id}/roles", post(set_roles))
        .route("/users/{id}/reset-password", post(reset_password))
        .route("/users/{id}/clearance", post(set_clearance))
        .route("/units", get(units).post(create_unit))
        .route("/units/{id}", get(unit_page).post(update_unit))
        .route("/import", get(import_page))
        .route("/import/units-template.xlsx", get(unit_template))
        .route("/import/users-template.xlsx", get(user_template))
        .route("/import/units", post(import_units))
        .route("/import/users", post(import_users))
        .route("/security", get(security))
}

const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    unit: Option<String>,
    role: Option<String>,
    page: Option<i64>,
    inactive: Option<String>,
    ok: Option<String>,
}

impl ListQuery {
    fn filter(&self) -> UserFilter {
        UserFilter {
            unit_id: self.unit.clone().filter(|s| !s.is_empty()),
            text: self.q.clone(),
            role: self.role.as_deref().and_then(Role::from_code),
            include_inactive: self.inactive.is_some(),
            limit: PAGE,
            offset: crate::extract::page_offset(self.page, PAGE),
        }
    }
    /// The same filters as a query string, for paging links.
    fn keep(&self) -> String {
        crate::extract::query_string(&[
            ("q", &self.q),
            ("unit", &self.unit),
            ("role", &self.role),
            ("inactive", &self.inactive),
        ])
    }
}

pub struct UserRow {
    pub id: String,
    pub name: String,
    pub username: String,
    pub unit: String,
    pub position: String,
    pub phone: String,
    pub roles: String,
    pub clearance: &'static str,
    pub clearance_code: &'static str,
    pub active: bool,
}

fn user_rows(users: Vec<User>, unit_names: &HashMap<String, String>) -> Vec<UserRow> {
    users
        .into_iter()
        .map(|u| UserRow {
            unit: unit_names.get(&u.unit_id).cloned().unwrap_or_default(),
            roles: u.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、"),
            clearance: u.clearance.label(),
            clearance_code: u.clearance.code(),
            id: u.id,
            name: u.name,
            username: u.username,
            position: u.position,
            phone: u.phone,
            active: u.active,
        })
        .collect()
}

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn unit_options(tree: &[UnitNode], selected: Option<&str>) -> Vec<Opt> {
    tree.iter()
        .map(|n| Opt {
            value: n.unit.id.clone(),
            label: format!("{}{}", "　".repeat(n.depth), n.unit.name),
            selected: selected == Some(n.unit.id.as_str()),
        })
        .collect()
}

fn role_options(selected: &[Role]) -> Vec<Opt> {
    Role::ALL
        .iter()
        .map(|r| Opt { value: r.code().into(), label: r.label().into(), selected: selected.contains(r) })
        .collect()
}

fn unit_names(tree: &[UnitNode]) -> HashMap<String, String> {
    tree.iter().map(|n| (n.unit.id.clone(), n.unit.name.clone())).collect()
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    ctx: Ctx,
    rows: Vec<UserRow>,
    total: i64,
    page: i64,
    pages: i64,
    keep: String,
    q: String,
    units: Vec<Opt>,
    roles: Vec<Opt>,
    may_manage: bool,
    show_inactive: bool,
}

async fn users(State(app): State<App>, Me(p): Me, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let (list, total) = app.list_users(&p, &q.filter()).await?;
    let tree = app.unit_tree().await?;
    let role: Vec<Role> = q.role.as_deref().and_then(Role::from_code).into_iter().collect();
    let page = UsersPage {
        ctx: ctx(&app, &p, "/users", q.ok.as_deref()),
        rows: user_rows(list, &unit_names(&tree)),
        total,
        page: crate::extract::page_number(q.page),
        pages: ((total + PAGE - 1) / PAGE).max(1),
        keep: q.keep(),
        q: q.q.clone().unwrap_or_default(),
        units: unit_options(&tree, q.unit.as_deref()),
        roles: role_options(&role),
        may_manage: decide(&p.subject, &Action::ManageOrg).allowed(),
        show_inactive: q.inactive.is_some(),
    };
    Ok(html(&page))
}

async fn export_users(State(app): State<App>, Me(p): Me, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let bytes = app.export_users(&p, &q.filter()).await?;
    Ok(download(bytes, "通讯录.xlsx"))
}

#[derive(Template)]
#[template(path = "user.html")]
struct UserPage {
    ctx: Ctx,
    user: Option<UserRow>,
    form: UserFormView,
    units: Vec<Opt>,
    roles: Vec<Opt>,
    clearances: Vec<Opt>,
    may_manage: bool,
    may_clear: bool,
    new_password: Option<String>,
}

#[derive(Default)]
struct UserFormView {
    username: String,
    name: String,
    position: String,
    phone: String,
    email: String,
    active: bool,
}

async fn user_page_for(
    app: &App,
    p: &Principal,
    u: Option<User>,
    ok: Option<&str>,
    new_password: Option<String>,
) -> Result<Response, WebError> {
    let tree = app.unit_tree().await?;
    let names = unit_names(&tree);
    let policy = app.config.classification;
    let form = u
        .as_ref()
        .map(|u| UserFormView {
            username: u.username.clone(),
            name: u.name.clone(),
            position: u.position.clone(),
            phone: u.phone.clone(),
            email: u.email.clone(),
            active: u.active,
        })
        .unwrap_or(UserFormView { active: true, ..Default::default() });
    let clearance = u.as_ref().map(|u| u.clearance);
    let page = UserPage {
        ctx: ctx(app, p, "/users", ok),
        units: unit_options(&tree, u.as_ref().map(|u| u.unit_id.as_str())),
        roles: role_options(u.as_ref().map(|u| u.roles.as_slice()).unwrap_or(&[])),
        clearances: policy
            .allowed()
            .into_iter()
            .map(|c| Opt { value: c.code().into(), label: c.label().into(), selected: Some(c) == clearance })
            .collect(),
        may_manage: decide(&p.subject, &Action::ManageOrg).allowed(),
        may_clear: decide(&p.subject, &Action::ManageClearance).allowed(),
        user: u.map(|u| user_rows(vec![u], &names).remove(0)),
        form,
        new_password,
    };
    Ok(html(&page))
}

async fn user_page(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<Ok_>,
) -> Result<Response, WebError> {
    let u = app.user(&p, &id).await?;
    user_page_for(&app, &p, Some(u), q.ok.as_deref(), None).await
}

async fn new_user_form(State(app): State<App>, Me(p): Me) -> Result<Response, WebError> {
    if let zs_domain::Decision::Deny(r) = decide(&p.subject, &Action::ManageOrg) {
        return Err(WebError::new(StatusCode::FORBIDDEN, r));
    }
    user_page_for(&app, &p, None, None, None).await
}

#[derive(Deserialize)]
struct UserForm {
    #[serde(default)]
    username: String,
    name: String,
    unit_id: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    active: Option<String>,
    #[serde(default)]
    role: Vec<String>,
}

fn roles(codes: &[String]) -> Vec<Role> {
    codes.iter().filter_map(|c| Role::from_code(c)).collect()
}

async fn create_user(State(app): State<App>, Me(p): Me, Form(f): Form<UserForm>) -> Result<Response, WebError> {
    let input = UserInput {
        username: f.username,
        name: f.name,
        unit_id: f.unit_id,
        position: f.position,
        phone: f.phone,
        email: f.email,
        roles: roles(&f.role),
        active: true,
    };
    let (user, password) = app.create_user(&p, &input).await?;
    user_page_for(&app, &p, Some(user), Some("created"), Some(password)).await
}

async fn update_user(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<UserForm>,
) -> Result<Response, WebError> {
    let input = UserInput {
        username: String::new(),
        name: f.name,
        unit_id: f.unit_id,
        position: f.position,
        phone: f.phone,
        email: f.email,
        roles: Vec::new(),
        active: f.active.is_some(),
    };
    app.update_user(&p, &id, &input).await?;
    Ok(done(&format!("/users/{id}"), "saved"))
}

#[derive(Deserialize)]
struct RolesForm {
    #[serde(default)]
    role: Vec<String>,
}

async fn set_roles(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<RolesForm>,
) -> Result<Response, WebError> {
    app.set_roles(&p, &id, &roles(&f.role)).await?;
    Ok(done(&format!("/users/{id}"), "roles"))
}

async fn reset_password(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let password = app.reset_password(&p, &id).await?;
    let u = app.user(&p, &id).await?;
    user_page_for(&app, &p, Some(u), None, Some(password)).await
}

#[derive(Deserialize)]
struct ClearanceForm {
    clearance: String,
    #[serde(default)]
    back: Option<String>,
}

async fn set_clearance(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<ClearanceForm>,
) -> Result<Response, WebError> {
    let level = Classification::from_code(&f.clearance)
        .ok_or_else(|| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "请选择有效的知悉级别。"))?;
    app.set_clearance(&p, &id, level).await?;
    let back = if f.back.as_deref() == Some("security") { "/security".to_string() } else { format!("/users/{id}") };
    Ok(done(&back, "clearance"))
}

pub struct UnitRowView {
    pub id: String,
    pub name: String,
    pub code: String,
    pub kind: &'static str,
    pub depth: usize,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    ctx: Ctx,
    rows: Vec<UnitRowView>,
    parents: Vec<Opt>,
    kinds: Vec<Opt>,
    may_manage: bool,
    edit: Option<UnitRowView>,
    edit_sort: i64,
}

fn kind_options(selected: Option<UnitKind>) -> Vec<Opt> {
    UnitKind::ALL
        .iter()
        .map(|k| Opt { value: k.code().into(), label: k.label().into(), selected: Some(*k) == selected })
        .collect()
}

async fn units_page(app: &App, p: &Principal, ok: Option<&str>, edit: Option<&str>) -> Result<Response, WebError> {
    let tree = app.unit_tree().await?;
    let editing = match edit {
        Some(id) => Some(app.unit(id).await?),
        None => None,
    };
    let rows = tree
        .iter()
        .map(|n| UnitRowView {
            id: n.unit.id.clone(),
            name: n.unit.name.clone(),
            code: n.unit.code.clone(),
            kind: n.unit.kind.label(),
            depth: n.depth.min(3),
            active: n.unit.active,
        })
        .collect();
    let page = UnitsPage {
        ctx: ctx(app, p, "/units", ok),
        rows,
        parents: unit_options(&tree, editing.as_ref().and_then(|u| u.parent_id.as_deref())),
        kinds: kind_options(editing.as_ref().map(|u| u.kind)),
        may_manage: decide(&p.subject, &Action::ManageOrg).allowed(),
        edit_sort: editing.as_ref().map(|u| u.sort).unwrap_or(0),
        edit: editing.map(|u| UnitRowView {
            kind: u.kind.label(),
            depth: 0,
            active: u.active,
            id: u.id,
            name: u.name,
            code: u.code,
        }),
    };
    Ok(html(&page))
}

async fn units(State(app): State<App>, Me(p): Me, Query(q): Query<Ok_>) -> Result<Response, WebError> {
    units_page(&app, &p, q.ok.as_deref(), None).await
}

async fn unit_page(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    units_page(&app, &p, None, Some(&id)).await
}

#[derive(Deserialize)]
struct UnitForm {
    name: String,
    code: String,
    kind: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    active: Option<String>,
}

impl UnitForm {
    fn input(self) -> Result<UnitInput, WebError> {
        let sort = match self.sort.trim() {
            "" => 0,
            s => s.parse().map_err(|_| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "排序须为整数。"))?,
        };
        Ok(UnitInput {
            name: self.name,
            code: self.code,
            kind: self.kind,
            parent_id: Some(self.parent_id).filter(|s| !s.is_empty()),
            sort,
            active: self.active.is_some(),
        })
    }
}

async fn create_unit(State(app): State<App>, Me(p): Me, Form(f): Form<UnitForm>) -> Result<Response, WebError> {
    app.create_unit(&p, &f.input()?).await?;
    Ok(done("/units", "created"))
}

async fn update_unit(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<UnitForm>,
) -> Result<Response, WebError> {
    app.update_unit(&p, &id, &f.input()?).await?;
    Ok(done("/units", "saved"))
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    ctx: Ctx,
    units_done: Option<usize>,
    users_done: Vec<ImportedUser>,
}

async fn import_page(State(app): State<App>, Me(p): Me) -> Result<Response, WebError> {
    if let zs_domain::Decision::Deny(r) = decide(&p.subject, &Action::ManageOrg) {
        return Err(WebError::new(StatusCode::FORBIDDEN, r));
    }
    Ok(html(&ImportPage { ctx: ctx(&app, &p, "/import", None), units_done: None, users_done: Vec::new() }))
}

async fn unit_template(State(app): State<App>, Me(_p): Me) -> Result<Response, WebError> {
    Ok(download(app.unit_template()?, "单位导入模板.xlsx"))
}

async fn user_template(State(app): State<App>, Me(_p): Me) -> Result<Response, WebError> {
    Ok(download(app.user_template()?, "用户导入模板.xlsx"))
}

/// The uploaded file's bytes from a multipart form (field `file`).
pub async fn upload(m: Multipart) -> Result<Vec<u8>, WebError> {
    Ok(crate::extract::read_upload(m, "文件").await?.file)
}

async fn import_units(State(app): State<App>, Me(p): Me, m: Multipart) -> Result<Response, WebError> {
    let bytes = upload(m).await?;
    let units = app.import_units(&p, &bytes).await?;
    Ok(html(&ImportPage { ctx: ctx(&app, &p, "/import", None), units_done: Some(units.len()), users_done: Vec::new() }))
}

async fn import_users(State(app): State<App>, Me(p): Me, m: Multipart) -> Result<Response, WebError> {
    let bytes = upload(m).await?;
    let users = app.import_users(&p, &bytes).await?;
    Ok(html(&ImportPage { ctx: ctx(&app, &p, "/import", None), units_done: None, users_done: users }))
}

#[derive(Template)]
#[template(path = "security.html")]
struct SecurityPage {
    ctx: Ctx,
    ceiling: &'static str,
    certified: bool,
    levels: Vec<Opt>,
    rows: Vec<UserRow>,
    total: i64,
    q: String,
}

async fn security(State(app): State<App>, Me(p): Me, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    if let zs_domain::Decision::Deny(r) = decide(&p.subject, &Action::ManageClearance) {
        return Err(WebError::new(StatusCode::FORBIDDEN, r));
    }
    let policy = app.config.classification;
    let (list, total) = app.list_users(&p, &q.filter()).await?;
    let tree = app.unit_tree().await?;
    Ok(html(&SecurityPage {
        ctx: ctx(&app, &p, "/security", q.ok.as_deref()),
        ceiling: policy.ceiling.label(),
        certified: policy.certified(),
        levels: policy
            .allowed()
            .into_iter()
            .map(|c| Opt { value: c.code().into(), label: c.label().into(), selected: false })
            .collect(),
        rows: user_rows(list, &unit_names(&tree)),
        total,
        q: q.q.unwrap_or_default(),
    }))
}
