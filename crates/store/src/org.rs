//! 单位, 用户, 角色.

use crate::{q, Exec, Result};
use zs_domain::{Classification, ListScope, Role, Unit, UnitKind, User};

#[derive(sqlx::FromRow)]
struct UnitRow {
    id: String,
    parent_id: Option<String>,
    name: String,
    code: String,
    kind: String,
    sort: i64,
    active: bool,
}

impl From<UnitRow> for Unit {
    fn from(r: UnitRow) -> Unit {
        Unit {
            id: r.id,
            parent_id: r.parent_id,
            name: r.name,
            code: r.code,
            kind: UnitKind::from_code(&r.kind).unwrap_or(UnitKind::Other),
            sort: r.sort,
            active: r.active,
        }
    }
}

const UNIT_COLS: &str = "id, parent_id, name, code, kind, sort, active";

pub async fn insert_unit(c: &mut impl Exec, u: &Unit, now: i64) -> Result<()> {
    q("INSERT INTO units (id, parent_id, name, code, kind, sort, active, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(&u.id)
        .bind(u.parent_id.clone())
        .bind(&u.name)
        .bind(&u.code)
        .bind(u.kind.code())
        .bind(u.sort)
        .bind(u.active)
        .bind(now)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn update_unit(c: &mut impl Exec, u: &Unit) -> Result<u64> {
    q("UPDATE units SET parent_id = $2, name = $3, code = $4, kind = $5, sort = $6, active = $7 WHERE id = $1")
        .bind(&u.id)
        .bind(u.parent_id.clone())
        .bind(&u.name)
        .bind(&u.code)
        .bind(u.kind.code())
        .bind(u.sort)
        .bind(u.active)
        .execute(c)
        .await
}

pub async fn get_unit(c: &mut impl Exec, id: &str) -> Result<Option<Unit>> {
    let row: Option<UnitRow> =
        q(format!("SELECT {UNIT_COLS} FROM units WHERE id = $1")).bind(id).fetch_optional(c).await?;
    Ok(row.map(Unit::from))
}

pub async fn unit_by_name(c: &mut impl Exec, name: &str) -> Result<Option<Unit>> {
    let row: Option<UnitRow> =
        q(format!("SELECT {UNIT_COLS} FROM units WHERE name = $1")).bind(name).fetch_optional(c).await?;
    Ok(row.map(Unit::from))
}

/// Every unit, in display order (the tree is assembled by the caller).
pub async fn list_units(c: &mut impl Exec) -> Result<Vec<Unit>> {
    let rows: Vec<UnitRow> = q(format!("SELECT {UNIT_COLS} FROM units ORDER BY sort, name")).fetch_all(c).await?;
    Ok(rows.into_iter().map(Unit::from).collect())
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    username: String,
    name: String,
    unit_id: String,
    position: String,
    phone: String,
    email: String,
    clearance: String,
    active: bool,
}

impl UserRow {
    fn into_user(self, roles: Vec<Role>) -> User {
        User {
            id: self.id,
            username: self.username,
            name: self.name,
            unit_id: self.unit_id,
            position: self.position,
            phone: self.phone,
            email: self.email,
            clearance: Classification::from_code(&self.clearance).unwrap_or(Classification::Public),
            active: self.active,
            roles,
        }
    }
}

const USER_COLS: &str = "u.id, u.username, u.name, u.unit_id, u.position, u.phone, u.email, u.clearance, u.active";

/// What sign-in needs beside the user.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
    pub must_change_password: bool,
}

pub async fn insert_user(c: &mut impl Exec, u: &User, password_hash: &str, must_change: bool, now: i64) -> Result<()> {
    q("INSERT INTO users (id, username, name, unit_id, position, phone, email, clearance, active, password_hash, must_change_password, created_ms, updated_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)")
        .bind(&u.id)
        .bind(&u.username)
        .bind(&u.name)
        .bind(&u.unit_id)
        .bind(&u.position)
        .bind(&u.phone)
        .bind(&u.email)
        .bind(u.clearance.code())
        .bind(u.active)
        .bind(password_hash)
        .bind(must_change)
        .bind(now)
        .execute(c)
        .await?;
    set_roles(c, &u.id, &u.roles).await
}

/// Profile fields only; roles, clearance and password have their own writes (different permissions).
pub async fn update_user_profile(c: &mut impl Exec, u: &User, now: i64) -> Result<u64> {
    q("UPDATE users SET name = $2, unit_id = $3, position = $4, phone = $5, email = $6, active = $7, updated_ms = $8 WHERE id = $1")
        .bind(&u.id)
        .bind(&u.name)
        .bind(&u.unit_id)
        .bind(&u.position)
        .bind(&u.phone)
        .bind(&u.email)
        .bind(u.active)
        .bind(now)
        .execute(c)
        .await
}

pub async fn set_roles(c: &mut impl Exec, user_id: &str, roles: &[Role]) -> Result<()> {
    q("DELETE FROM user_roles WHERE user_id = $1").bind(user_id).execute(c).await?;
    for r in roles {
        q("INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(user_id)
            .bind(r.code())
            .execute(c)
            .await?;
    }
    Ok(())
}

pub async fn set_clearance(c: &mut impl Exec, user_id: &str, level: Classification, now: i64) -> Result<u64> {
    q("UPDATE users SET clearance = $2, updated_ms = $3 WHERE id = $1")
        .bind(user_id)
        .bind(level.code())
        .bind(now)
        .execute(c)
        .await
}

pub async fn set_password(c: &mut impl Exec, user_id: &str, hash: &str, must_change: bool, now: i64) -> Result<u64> {
    q("UPDATE users SET password_hash = $2, must_change_password = $3, updated_ms = $4 WHERE id = $1")
        .bind(user_id)
        .bind(hash)
        .bind(must_change)
        .bind(now)
        .execute(c)
        .await
}

async fn roles_of(c: &mut impl Exec, user_id: &str) -> Result<Vec<Role>> {
    let rows: Vec<(String,)> =
        q("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role").bind(user_id).fetch_all(c).await?;
    Ok(rows.iter().filter_map(|(r,)| Role::from_code(r)).collect())
}

pub async fn get_user(c: &mut impl Exec, id: &str) -> Result<Option<User>> {
    let row: Option<UserRow> =
        q(format!("SELECT {USER_COLS} FROM users u WHERE u.id = $1")).bind(id).fetch_optional(c).await?;
    match row {
        Some(r) => {
            let roles = roles_of(c, &r.id).await?;
            Ok(Some(r.into_user(roles)))
        }
        None => Ok(None),
    }
}

pub async fn credentials(c: &mut impl Exec, username: &str) -> Result<Option<Credentials>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        user: UserRow,
        password_hash: String,
        must_change_password: bool,
    }
    let row: Option<Row> =
        q(format!("SELECT {USER_COLS}, u.password_hash, u.must_change_password FROM users u WHERE u.username = $1"))
            .bind(username)
            .fetch_optional(c)
            .await?;
    match row {
        Some(r) => {
            let roles = roles_of(c, &r.user.id).await?;
            Ok(Some(Credentials {
                user: r.user.into_user(roles),
                password_hash: r.password_hash,
                must_change_password: r.must_change_password,
            }))
        }
        None => Ok(None),
    }
}

pub async fn password_hash(c: &mut impl Exec, user_id: &str) -> Result<Option<String>> {
    let row: Option<(String,)> =
        q("SELECT password_hash FROM users WHERE id = $1").bind(user_id).fetch_optional(c).await?;
    Ok(row.map(|r| r.0))
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub unit_id: Option<String>,
    /// Matches name, login name, position or phone.
    pub text: Option<String>,
    pub role: Option<Role>,
    pub include_inactive: bool,
    pub limit: i64,
    pub offset: i64,
}

/// Users visible in `scope`, filtered and paged in SQL; returns the page and the total.
pub async fn list_users(c: &mut impl Exec, scope: &ListScope, f: &UserFilter) -> Result<(Vec<User>, i64)> {
    let mut w = q(" FROM users u JOIN units n ON n.id = u.unit_id WHERE 1 = 1");
    if let Some(units) = &scope.units {
        w = w.push(" AND u.unit_id IN (");
        for (i, id) in units.iter().enumerate() {
            if i > 0 {
                w = w.push(", ");
            }
            w = w.push_arg(id.as_str());
        }
        if units.is_empty() {
            w = w.push("NULL");
        }
        w = w.push(")");
    }
    if let Some(unit) = &f.unit_id {
        w = w.push(" AND u.unit_id = ").push_arg(unit.as_str());
    }
    if let Some(text) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let i = w.next_index();
        w = w.push(&format!(
            " AND (LOWER(u.name) LIKE ${i} ESCAPE '\\' OR u.username LIKE ${i} ESCAPE '\\'
              OR LOWER(u.position) LIKE ${i} ESCAPE '\\' OR u.phone LIKE ${i} ESCAPE '\\')"
        ));
        w = w.bind(crate::contains_pattern(text));
    }
    if let Some(role) = f.role {
        w = w
            .push(" AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ")
            .push_arg(role.code());
        w = w.push(")");
    }
    if !f.include_inactive {
        w = w.push(" AND u.active = TRUE");
    }
    let (rows, total): (Vec<UserRow>, i64) =
        w.count_and_page(c, USER_COLS, "n.sort, n.name, u.name", f.limit.clamp(1, 1000), f.offset).await?;
    let roles = roles_for(c, rows.iter().map(|r| r.id.as_str())).await?;
    let users = rows
        .into_iter()
        .map(|r| {
            let rs = roles.iter().filter(|(u, _)| *u == r.id).map(|(_, role)| *role).collect();
            r.into_user(rs)
        })
        .collect();
    Ok((users, total))
}

async fn roles_for<'a>(c: &mut impl Exec, ids: impl Iterator<Item = &'a str>) -> Result<Vec<(String, Role)>> {
    let mut sql = q("SELECT user_id, role FROM user_roles WHERE user_id IN (");
    let mut any = false;
    for (i, id) in ids.enumerate() {
        if i > 0 {
            sql = sql.push(", ");
        }
        sql = sql.push_arg(id);
        any = true;
    }
    if !any {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String)> = sql.push(")").fetch_all(c).await?;
    Ok(rows.into_iter().filter_map(|(u, r)| Role::from_code(&r).map(|r| (u, r))).collect())
}

/// Users holding a role (for to-dos and notifications).
pub async fn users_with_role(c: &mut impl Exec, role: Role) -> Result<Vec<String>> {
    let rows: Vec<(String,)> =
        q("SELECT r.user_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE r.role = $1 AND u.active = TRUE")
            .bind(role.code())
            .fetch_all(c)
            .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

pub async fn count_users(c: &mut impl Exec) -> Result<i64> {
    let (n,): (i64,) = q("SELECT COUNT(*) FROM users").fetch_one(c).await?;
    Ok(n)
}

/// Whether the user still has to replace an initial or reset password.
pub async fn must_change_password(c: &mut impl Exec, user_id: &str) -> Result<bool> {
    let row: Option<(bool,)> =
        q("SELECT must_change_password FROM users WHERE id = $1").bind(user_id).fetch_optional(c).await?;
    Ok(row.is_some_and(|r| r.0))
}

/// Active departments and towns with no active liaison: nobody there can sign for their work.
pub async fn units_without_liaison(c: &mut impl Exec) -> Result<i64> {
    let (n,): (i64,) = q("SELECT COUNT(*) FROM units n WHERE n.active = TRUE AND n.kind IN ('department', 'town')
         AND NOT EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id
                         WHERE u.unit_id = n.id AND u.active = TRUE AND r.role = 'liaison')")
    .fetch_one(c)
    .await?;
    Ok(n)
}

pub async fn count_units(c: &mut impl Exec) -> Result<i64> {
    let (n,): (i64,) = q("SELECT COUNT(*) FROM units").fetch_one(c).await?;
    Ok(n)
}

/// Active people of an organ (the unit itself and its 科室) who hold any of these roles: the members
/// of a task pool, for notifications.
pub async fn organ_members_with_roles(c: &mut impl Exec, organ_id: &str, roles: &[Role]) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = q("SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE u.active = TRUE AND (u.unit_id = $1 OR u.unit_id IN (SELECT s.id FROM units s WHERE s.parent_id = $1
         AND s.kind = 'section')) AND r.role IN ")
    .bind(organ_id)
    .push_in(roles.iter().map(|r| r.code()))
    .fetch_all(c)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Display names of users by id (for pages that show who holds what).
pub async fn user_names(c: &mut impl Exec, ids: &[String]) -> Result<std::collections::HashMap<String, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(String, String)> =
        q("SELECT id, name FROM users WHERE id IN ").push_in(ids.iter().map(String::as_str)).fetch_all(c).await?;
    Ok(rows.into_iter().collect())
}

/// Someone to pick in a form: id, name, position and unit.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub position: String,
    pub unit_name: String,
}

/// Active people of an organ (with its 科室), or with any of some roles anywhere, by unit and name.
pub async fn people(c: &mut impl Exec, organ_id: Option<&str>, roles: &[Role]) -> Result<Vec<Person>> {
    let mut w = q("SELECT DISTINCT u.id, u.name, u.position, n.name AS unit_name, n.sort FROM users u
         JOIN units n ON n.id = u.unit_id WHERE u.active = TRUE");
    if let Some(o) = organ_id {
        let i = w.next_index();
        w = w
            .push(&format!(
                " AND (u.unit_id = ${i} OR u.unit_id IN (SELECT s.id FROM units s WHERE s.parent_id = ${i} AND s.kind = 'section'))"
            ))
            .bind(o);
    }
    if !roles.is_empty() {
        w = w
            .push(" AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ")
            .push_in(roles.iter().map(|r| r.code()))
            .push(")");
    }
    w.push(" ORDER BY n.sort, u.name").fetch_all(c).await
}
