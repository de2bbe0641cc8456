//! Units, users, roles and clearances; import and export of the organisation as .xlsx.

use crate::audit::{record, Actor};
use crate::auth::{hash_password, random_token};
use crate::{App, AppError, Principal, Result, RowError};
use std::collections::{HashMap, HashSet};
use zs_domain::org::check_role_set;
use zs_domain::{decide, text, Action, Classification, Decision, Invalid, ListScope, Role, Unit, UnitKind, User};
use zs_store::org::{self as store, UserFilter};

/// What a unit form or import row carries.
#[derive(Debug, Clone, Default)]
pub struct UnitInput {
    pub name: String,
    pub code: String,
    pub kind: String,
    pub parent_id: Option<String>,
    pub sort: i64,
    pub active: bool,
}

/// What a user form or import row carries.
#[derive(Debug, Clone, Default)]
pub struct UserInput {
    pub username: String,
    pub name: String,
    pub unit_id: String,
    pub position: String,
    pub phone: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub active: bool,
}

/// A unit with its depth in the tree, in display order.
#[derive(Debug, Clone)]
pub struct UnitNode {
    pub unit: Unit,
    pub depth: usize,
}

fn unit_code(s: &str) -> std::result::Result<String, Invalid> {
    let v = s.trim().to_ascii_uppercase();
    if v.is_empty() || v.len() > 12 || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Invalid::field("code", "机构代码应为1到12位字母或数字，例如 BGS（办公室）。"));
    }
    Ok(v)
}

fn validate_unit(input: &UnitInput) -> std::result::Result<(String, String, UnitKind), Invalid> {
    let name = text::required("name", "单位名称", &input.name, 60)?;
    let code = unit_code(&input.code)?;
    let kind = UnitKind::from_code(input.kind.trim())
        .ok_or_else(|| Invalid::field("kind", "单位类型应为：办公室、科室、部门、乡镇（街道）或其他。"))?;
    Ok((name, code, kind))
}

fn validate_user(input: &UserInput) -> std::result::Result<UserInput, Invalid> {
    check_role_set(&input.roles)?;
    Ok(UserInput {
        username: text::username(&input.username)?,
        name: text::required("name", "姓名", &input.name, 30)?,
        unit_id: input.unit_id.clone(),
        position: text::optional("position", "职务", &input.position, 40)?,
        phone: text::phone(&input.phone)?,
        email: text::email(&input.email)?,
        roles: input.roles.clone(),
        active: input.active,
    })
}

fn unique_or(e: zs_store::StoreError, message: String) -> AppError {
    if e.is_unique_violation() {
        AppError::Conflict(message)
    } else {
        e.into()
    }
}

/// A temporary password that satisfies the password rules.
pub fn temporary_password() -> String {
    format!("Zs-{}", &random_token(6))
}

impl App {
    pub async fn unit_tree(&self) -> Result<Vec<UnitNode>> {
        let mut c = self.db.conn().await?;
        Ok(tree(store::list_units(&mut c).await?))
    }

    pub async fn unit(&self, id: &str) -> Result<Unit> {
        let mut c = self.db.conn().await?;
        store::get_unit(&mut c, id).await?.ok_or_else(|| AppError::NotFound("没有找到这个单位。".into()))
    }

    pub async fn create_unit(&self, p: &Principal, input: &UnitInput) -> Result<Unit> {
        p.require(Action::ManageOrg)?;
        let (name, code, kind) = validate_unit(input)?;
        let mut tx = self.db.begin().await?;
        if let Some(parent) = &input.parent_id {
            if store::get_unit(&mut tx, parent).await?.is_none() {
                return Err(Invalid::field("parent_id", "上级单位不存在。").into());
            }
        }
        let unit = Unit {
            id: zs_domain::new_id(),
            parent_id: input.parent_id.clone(),
            name,
            code,
            kind,
            sort: input.sort,
            active: true,
        };
        let now = self.now_ms();
        store::insert_unit(&mut tx, &unit, now)
            .await
            .map_err(|e| unique_or(e, format!("单位“{}”已存在。", unit.name)))?;
        record(&mut tx, &p.actor(), "unit.create", "unit", &unit.id, &format!("新建单位“{}”", unit.name), now).await?;
        tx.commit().await?;
        Ok(unit)
    }

    pub async fn update_unit(&self, p: &Principal, id: &str, input: &UnitInput) -> Result<Unit> {
        p.require(Action::ManageOrg)?;
        let (name, code, kind) = validate_unit(input)?;
        let mut tx = self.db.begin().await?;
        let old = store::get_unit(&mut tx, id).await?.ok_or_else(|| AppError::NotFound("没有找到这个单位。".into()))?;
        // A unit may not sit below itself.
        let all = store::list_units(&mut tx).await?;
        let parents: HashMap<&str, Option<&str>> =
            all.iter().map(|u| (u.id.as_str(), u.parent_id.as_deref())).collect();
        let mut cursor = input.parent_id.as_deref();
        while let Some(pid) = cursor {
            if pid == id {
                return Err(Invalid::field("parent_id", "上级单位不能是本单位或其下级单位。").into());
            }
            cursor = *parents.get(pid).ok_or_else(|| Invalid::field("parent_id", "上级单位不存在。"))?;
        }
        let unit = Unit {
            id: old.id.clone(),
            parent_id: input.parent_id.clone(),
            name,
            code,
            kind,
            sort: input.sort,
            active: input.active,
        };
        store::update_unit(&mut tx, &unit).await.map_err(|e| unique_or(e, format!("单位“{}”已存在。", unit.name)))?;
        let detail = describe_changes(&[
            ("名称", &old.name, &unit.name),
            ("代码", &old.code, &unit.code),
            ("类型", old.kind.label(), unit.kind.label()),
            ("状态", if old.active { "启用" } else { "停用" }, if unit.active { "启用" } else { "停用" }),
        ]);
        record(
            &mut tx,
            &p.actor(),
            "unit.update",
            "unit",
            id,
            &format!("修改单位“{}”：{detail}", unit.name),
            self.now_ms(),
        )
        .await?;
        tx.commit().await?;
        Ok(unit)
    }

    /// Users visible to `p`, filtered in SQL by the access scope.
    pub async fn list_users(&self, p: &Principal, f: &UserFilter) -> Result<(Vec<User>, i64)> {
        let scope: ListScope = zs_domain::access::list_scope(&p.subject);
        let mut c = self.db.conn().await?;
        Ok(store::list_users(&mut c, &scope, f).await?)
    }

    pub async fn user(&self, p: &Principal, id: &str) -> Result<User> {
        let mut c = self.db.conn().await?;
        let u = store::get_user(&mut c, id).await?.ok_or_else(|| AppError::NotFound("没有找到这个用户。".into()))?;
        let scope = zs_domain::access::list_scope(&p.subject);
        if scope.units.is_some_and(|units| !units.contains(&u.unit_id)) {
            return Err(AppError::NotFound("没有找到这个用户。".into()));
        }
        Ok(u)
    }

    /// Create an account; returns it with its one-time initial password.
    pub async fn create_user(&self, p: &Principal, input: &UserInput) -> Result<(User, String)> {
        p.require(Action::ManageOrg)?;
        let v = validate_user(input)?;
        for r in &v.roles {
            p.require(Action::GrantRole { user_id: "", role: *r })?;
        }
        let password = temporary_password();
        let hash = hash_blocking(password.clone()).await?;
        let mut tx = self.db.begin().await?;
        let user = self.insert_user(&mut tx, &p.actor(), v, &hash, true).await?;
        tx.commit().await?;
        Ok((user, password))
    }

    async fn insert_user(
        &self,
        tx: &mut zs_store::Tx,
        actor: &Actor,
        v: UserInput,
        hash: &str,
        must_change: bool,
    ) -> Result<User> {
        let unit =
            store::get_unit(tx, &v.unit_id).await?.ok_or_else(|| Invalid::field("unit_id", "所属单位不存在。"))?;
        let user = User {
            id: zs_domain::new_id(),
            username: v.username,
            name: v.name,
            unit_id: unit.id,
            position: v.position,
            phone: v.phone,
            email: v.email,
            clearance: Classification::Internal,
            active: true,
            roles: v.roles,
        };
        let now = self.now_ms();
        store::insert_user(tx, &user, hash, must_change, now)
            .await
            .map_err(|e| unique_or(e, format!("登录名“{}”已被使用。", user.username)))?;
        let roles: Vec<&str> = user.roles.iter().map(|r| r.label()).collect();
        let detail = format!("新建用户“{}”（{}，{}），角色：{}", user.name, user.username, unit.name, roles.join("、"));
        record(tx, actor, "user.create", "user", &user.id, &detail, now).await?;
        Ok(user)
    }

    /// Change profile and active state (not roles, clearance or password).
    pub async fn update_user(&self, p: &Principal, id: &str, input: &UserInput) -> Result<User> {
        p.require(Action::ManageOrg)?;
        let mut tx = self.db.begin().await?;
        let old = store::get_user(&mut tx, id).await?.ok_or_else(|| AppError::NotFound("没有找到这个用户。".into()))?;
        let v =
            validate_user(&UserInput { username: old.username.clone(), roles: old.roles.clone(), ..input.clone() })?;
        if id == p.user.id && !v.active {
            return Err(Invalid::field("active", "不能停用自己的账户。").into());
        }
        if store::get_unit(&mut tx, &v.unit_id).await?.is_none() {
            return Err(Invalid::field("unit_id", "所属单位不存在。").into());
        }
        let user = User {
            name: v.name,
            unit_id: v.unit_id,
            position: v.position,
            phone: v.phone,
            email: v.email,
            active: v.active,
            ..old.clone()
        };
        let now = self.now_ms();
        store::update_user_profile(&mut tx, &user, now).await?;
        if old.active && !user.active {
            zs_store::auth::delete_sessions_of(&mut tx, id, None).await?;
        }
        let detail = describe_changes(&[
            ("姓名", &old.name, &user.name),
            ("单位", &old.unit_id, &user.unit_id),
            ("职务", &old.position, &user.position),
            ("电话", &old.phone, &user.phone),
            ("邮箱", &old.email, &user.email),
            ("状态", if old.active { "启用" } else { "停用" }, if user.active { "启用" } else { "停用" }),
        ]);
        record(&mut tx, &p.actor(), "user.update", "user", id, &format!("修改用户“{}”：{detail}", user.name), now)
            .await?;
        tx.commit().await?;
        Ok(user)
    }

    pub async fn set_roles(&self, p: &Principal, id: &str, roles: &[Role]) -> Result<User> {
        p.require(Action::ManageOrg)?;
        check_role_set(roles)?;
        let mut tx = self.db.begin().await?;
        let old = store::get_user(&mut tx, id).await?.ok_or_else(|| AppError::NotFound("没有找到这个用户。".into()))?;
        let before: HashSet<Role> = old.roles.iter().copied().collect();
        let after: HashSet<Role> = roles.iter().copied().collect();
        for r in before.symmetric_difference(&after) {
            p.require(Action::GrantRole { user_id: id, role: *r })?;
        }
        let mut sorted: Vec<Role> = after.into_iter().collect();
        sorted.sort();
        store::set_roles(&mut tx, id, &sorted).await?;
        let labels = |rs: &[Role]| rs.iter().map(|r| r.label()).collect::<Vec<_>>().join("、");
        let detail = format!("“{}”的角色由【{}】改为【{}】", old.name, labels(&old.roles), labels(&sorted));
        record(&mut tx, &p.actor(), "user.roles", "user", id, &detail, self.now_ms()).await?;
        tx.commit().await?;
        Ok(User { roles: sorted, ..old })
    }

    pub async fn set_clearance(&self, p: &Principal, id: &str, level: Classification) -> Result<User> {
        p.require(Action::ManageClearance)?;
        self.config.classification.admit(level)?;
        let mut tx = self.db.begin().await?;
        let old = store::get_user(&mut tx, id).await?.ok_or_else(|| AppError::NotFound("没有找到这个用户。".into()))?;
        let now = self.now_ms();
        store::set_clearance(&mut tx, id, level, now).await?;
        let detail = format!("“{}”的知悉级别由“{}”改为“{}”", old.name, old.clearance.label(), level.label());
        record(&mut tx, &p.actor(), "user.clearance", "user", id, &detail, now).await?;
        tx.commit().await?;
        Ok(User { clearance: level, ..old })
    }

    /// Give a user a new one-time password and end their sessions.
    pub async fn reset_password(&self, p: &Principal, id: &str) -> Result<String> {
        p.require(Action::ManageOrg)?;
        let password = temporary_password();
        let hash = hash_blocking(password.clone()).await?;
        let mut tx = self.db.begin().await?;
        let user =
            store::get_user(&mut tx, id).await?.ok_or_else(|| AppError::NotFound("没有找到这个用户。".into()))?;
        let now = self.now_ms();
        store::set_password(&mut tx, id, &hash, true, now).await?;
        zs_store::auth::delete_sessions_of(&mut tx, id, None).await?;
        record(&mut tx, &p.actor(), "user.reset_password", "user", id, &format!("重置“{}”的密码", user.name), now)
            .await?;
        tx.commit().await?;
        Ok(password)
    }
}

async fn hash_blocking(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(|e| AppError::Config(e.to_string()))
}

fn describe_changes(fields: &[(&str, &str, &str)]) -> String {
    let changed: Vec<String> =
        fields.iter().filter(|(_, a, b)| a != b).map(|(label, a, b)| format!("{label}由“{a}”改为“{b}”")).collect();
    if changed.is_empty() {
        "无变化".into()
    } else {
        changed.join("；")
    }
}

/// Order units depth-first under their parents (roots first, siblings by sort then name).
pub fn tree(units: Vec<Unit>) -> Vec<UnitNode> {
    let ids: HashSet<String> = units.iter().map(|u| u.id.clone()).collect();
    let mut children: HashMap<Option<String>, Vec<Unit>> = HashMap::new();
    for u in units {
        // An orphan (parent missing) shows as a root rather than vanishing.
        let key = u.parent_id.clone().filter(|p| ids.contains(p));
        children.entry(key).or_default().push(u);
    }
    let mut out = Vec::new();
    let mut stack: Vec<(Unit, usize)> = Vec::new();
    let push_children = |stack: &mut Vec<(Unit, usize)>,
                         children: &mut HashMap<Option<String>, Vec<Unit>>,
                         key: Option<String>,
                         depth| {
        if let Some(mut kids) = children.remove(&key) {
            kids.sort_by(|a, b| (a.sort, &a.name).cmp(&(b.sort, &b.name)));
            for k in kids.into_iter().rev() {
                stack.push((k, depth));
            }
        }
    };
    push_children(&mut stack, &mut children, None, 0);
    while let Some((u, depth)) = stack.pop() {
        let id = u.id.clone();
        out.push(UnitNode { unit: u, depth });
        push_children(&mut stack, &mut children, Some(id), depth + 1);
    }
    out
}

/// Sheets for importing the organisation: their columns and the notes in each template.
pub const UNIT_HEADERS: [&str; 5] = ["单位名称", "机构代码", "单位类型", "上级单位", "排序"];
pub const USER_HEADERS: [&str; 7] = ["登录名", "姓名", "所属单位", "职务", "手机", "电子邮箱", "角色"];

/// Result of a user import: each new account with its one-time password.
#[derive(Debug, Clone)]
pub struct ImportedUser {
    pub username: String,
    pub name: String,
    pub unit: String,
    pub password: String,
}

fn row_err(row: usize, e: impl std::fmt::Display) -> RowError {
    RowError { row, message: e.to_string() }
}

impl App {
    pub fn unit_template(&self) -> Result<Vec<u8>> {
        let example = vec![
            vec!["县政府办公室".into(), "BGS".into(), "办公室".into(), "".into(), "1".into()],
            vec!["督查科".into(), "DCK".into(), "科室".into(), "县政府办公室".into(), "2".into()],
            vec!["青山镇".into(), "QSZ".into(), "乡镇".into(), "".into(), "100".into()],
        ];
        let notes = [
            "每行一个单位；单位名称不能重复，也不能与系统中已有的单位重名。",
            "机构代码为1到12位字母或数字，用于档号等，例如 BGS。",
            "单位类型填写：办公室、科室、部门、乡镇 或 其他。",
            "上级单位填写系统中已有的单位名称，或本表中位于上方的单位名称；没有上级单位留空。",
            "排序为整数，越小越靠前，可留空。",
            "任何一行有错误时整张表都不会导入，请按提示的行号修改后重新上传。",
        ];
        Ok(zs_office::template_xlsx("单位", &UNIT_HEADERS, &example, &notes)?)
    }

    pub fn user_template(&self) -> Result<Vec<u8>> {
        let example = vec![vec![
            "zhangwei".into(),
            "张伟".into(),
            "督查科".into(),
            "科长".into(),
            "13800000000".into(),
            "".into(),
            "督查".into(),
        ]];
        let roles: Vec<&str> = Role::ALL.iter().map(|r| r.label()).collect();
        let role_note = format!("角色可填多个，用顿号或逗号分隔，可选：{}。", roles.join("、"));
        let notes = [
            "每行一个用户；登录名为2到32位字母、数字、点、下划线或连字符，不能重复。",
            "所属单位填写系统中已有的单位名称。",
            role_note.as_str(),
            "三员分立：同一人不能同时担任系统管理员、安全保密员、安全审计员中的两个。",
            "导入后系统为每人生成一次性初始密码，首次登录须修改。",
            "任何一行有错误时整张表都不会导入，请按提示的行号修改后重新上传。",
        ];
        Ok(zs_office::template_xlsx("用户", &USER_HEADERS, &example, &notes)?)
    }

    /// Import units: every row is checked first; any bad row means nothing is written.
    pub async fn import_units(&self, p: &Principal, xlsx: &[u8]) -> Result<Vec<Unit>> {
        p.require(Action::ManageOrg)?;
        let records = zs_office::read_table(xlsx, &UNIT_HEADERS)?;
        if records.is_empty() {
            return Err(AppError::File("表格中没有数据行。".into()));
        }
        let mut c = self.db.conn().await?;
        let existing: HashMap<String, String> =
            store::list_units(&mut c).await?.into_iter().map(|u| (u.name, u.id)).collect();
        drop(c);
        let mut errors = Vec::new();
        let mut new_ids: HashMap<String, String> = HashMap::new();
        let mut units = Vec::new();
        for r in &records {
            let [name, code, kind, parent, sort] = [0, 1, 2, 3, 4].map(|i| r.values[i].as_str());
            let input = UnitInput { name: name.into(), code: code.into(), kind: kind.into(), ..Default::default() };
            let (name, code, kind) = match validate_unit(&input) {
                Ok(v) => v,
                Err(e) => {
                    errors.push(row_err(r.row, e));
                    continue;
                }
            };
            if existing.contains_key(&name) || new_ids.contains_key(&name) {
                errors.push(row_err(r.row, format!("单位“{name}”已存在。")));
                continue;
            }
            let parent_id = match parent.trim() {
                "" => None,
                pname => match existing.get(pname).or_else(|| new_ids.get(pname)) {
                    Some(id) => Some(id.clone()),
                    None => {
                        errors
                            .push(row_err(r.row, format!("上级单位“{pname}”不存在（须为已有单位或本表上方的单位）。")));
                        continue;
                    }
                },
            };
            let sort = match sort.trim() {
                "" => 0,
                s => match s.parse::<i64>() {
                    Ok(v) => v,
                    Err(_) => {
                        errors.push(row_err(r.row, format!("排序“{s}”不是整数。")));
                        continue;
                    }
                },
            };
            let id = zs_domain::new_id();
            new_ids.insert(name.clone(), id.clone());
            units.push(Unit { id, parent_id, name, code, kind, sort, active: true });
        }
        if !errors.is_empty() {
            return Err(AppError::Rows(errors));
        }
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        for u in &units {
            store::insert_unit(&mut tx, u, now).await.map_err(|e| unique_or(e, format!("单位“{}”已存在。", u.name)))?;
        }
        let detail = format!("从表格导入{}个单位", units.len());
        record(&mut tx, &p.actor(), "unit.import", "unit", "", &detail, now).await?;
        tx.commit().await?;
        Ok(units)
    }

    /// Import users: every row is checked first; any bad row means nothing is written.
    pub async fn import_users(&self, p: &Principal, xlsx: &[u8]) -> Result<Vec<ImportedUser>> {
        p.require(Action::ManageOrg)?;
        let records = zs_office::read_table(xlsx, &USER_HEADERS)?;
        if records.is_empty() {
            return Err(AppError::File("表格中没有数据行。".into()));
        }
        let mut c = self.db.conn().await?;
        let units: HashMap<String, String> =
            store::list_units(&mut c).await?.into_iter().map(|u| (u.name, u.id)).collect();
        let mut errors = Vec::new();
        let mut seen = HashSet::new();
        let mut inputs = Vec::new();
        for r in &records {
            let v = &r.values;
            let roles: std::result::Result<Vec<Role>, String> = v[6]
                .split(['、', ',', '，', ';', '；'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Role::from_code(s).ok_or_else(|| format!("角色“{s}”不存在。")))
                .collect();
            let roles = match roles {
                Ok(r) => r,
                Err(m) => {
                    errors.push(row_err(r.row, m));
                    continue;
                }
            };
            let Some(unit_id) = units.get(v[2].trim()) else {
                errors.push(row_err(r.row, format!("所属单位“{}”不存在，请先导入或新建该单位。", v[2].trim())));
                continue;
            };
            let input = UserInput {
                username: v[0].clone(),
                name: v[1].clone(),
                unit_id: unit_id.clone(),
                position: v[3].clone(),
                phone: v[4].clone(),
                email: v[5].clone(),
                roles,
                active: true,
            };
            let valid = match validate_user(&input) {
                Ok(v) => v,
                Err(e) => {
                    errors.push(row_err(r.row, e));
                    continue;
                }
            };
            if let Some(denied) = valid.roles.iter().find_map(|role| {
                match decide(&p.subject, &Action::GrantRole { user_id: "", role: *role }) {
                    Decision::Deny(reason) => Some(reason),
                    Decision::Allow => None,
                }
            }) {
                errors.push(row_err(r.row, denied));
                continue;
            }
            if !seen.insert(valid.username.clone()) {
                errors.push(row_err(r.row, format!("登录名“{}”在表中重复。", valid.username)));
                continue;
            }
            if store::credentials(&mut c, &valid.username).await?.is_some() {
                errors.push(row_err(r.row, format!("登录名“{}”已被使用。", valid.username)));
                continue;
            }
            inputs.push((valid, v[2].trim().to_string()));
        }
        drop(c);
        if !errors.is_empty() {
            return Err(AppError::Rows(errors));
        }
        let mut prepared = Vec::with_capacity(inputs.len());
        for (input, unit) in inputs {
            let password = temporary_password();
            let hash = hash_blocking(password.clone()).await?;
            prepared.push((input, unit, password, hash));
        }
        let mut tx = self.db.begin().await?;
        let actor = p.actor();
        let mut out = Vec::with_capacity(prepared.len());
        for (input, unit, password, hash) in prepared {
            let user = self.insert_user(&mut tx, &actor, input, &hash, true).await?;
            out.push(ImportedUser { username: user.username, name: user.name, unit, password });
        }
        let detail = format!("从表格导入{}名用户", out.len());
        record(&mut tx, &actor, "user.import", "user", "", &detail, self.now_ms()).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// The visible directory as .xlsx (same scope as the list page); audited.
    pub async fn export_users(&self, p: &Principal, f: &UserFilter) -> Result<Vec<u8>> {
        let (users, _) = self.list_users(p, &UserFilter { limit: 1000, offset: 0, ..f.clone() }).await?;
        let mut c = self.db.conn().await?;
        let unit_names: HashMap<String, String> =
            store::list_units(&mut c).await?.into_iter().map(|u| (u.id, u.name)).collect();
        drop(c);
        let rows: Vec<Vec<String>> = users
            .iter()
            .map(|u| {
                vec![
                    u.username.clone(),
                    u.name.clone(),
                    unit_names.get(&u.unit_id).cloned().unwrap_or_default(),
                    u.position.clone(),
                    u.phone.clone(),
                    u.email.clone(),
                    u.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、"),
                ]
            })
            .collect();
        let bytes = zs_office::write_xlsx(&[zs_office::SheetOut {
            name: "通讯录",
            title: Some("通讯录"),
            headers: &USER_HEADERS,
            rows: &rows,
        }])?;
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        record(&mut tx, &p.actor(), "user.export", "user", "", &format!("导出通讯录{}人", rows.len()), now).await?;
        tx.commit().await?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(id: &str, parent: Option<&str>, sort: i64) -> Unit {
        Unit {
            id: id.into(),
            parent_id: parent.map(Into::into),
            name: id.into(),
            code: "X".into(),
            kind: UnitKind::Other,
            sort,
            active: true,
        }
    }

    #[test]
    fn tree_orders_depth_first() {
        let t = tree(vec![
            u("b", None, 2),
            u("a", None, 1),
            u("a2", Some("a"), 2),
            u("a1", Some("a"), 1),
            u("x", Some("gone"), 0),
        ]);
        let order: Vec<(&str, usize)> = t.iter().map(|n| (n.unit.id.as_str(), n.depth)).collect();
        assert_eq!(order, vec![("x", 0), ("a", 0), ("a1", 1), ("a2", 1), ("b", 0)]);
    }

    #[test]
    fn changes_are_described() {
        assert_eq!(describe_changes(&[("电话", "1", "2"), ("姓名", "张", "张")]), "电话由“1”改为“2”");
        assert_eq!(describe_changes(&[("姓名", "张", "张")]), "无变化");
    }

    #[test]
    fn temporary_passwords_pass_the_rules() {
        for _ in 0..20 {
            assert!(text::password(&temporary_password()).is_ok());
        }
    }
}
