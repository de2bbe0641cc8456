//! The HTTP layer end to end: a real server per scenario over the demo county, once on SQLite and
//! once on PostgreSQL, driven like a browser (cookies, CSRF tokens, 303s) and like an API client.

#[macro_use]
mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::*;
use zs_store::Backend;

const UNIT_HEADERS: &[&str] = &["单位名称", "机构代码", "单位类型", "上级单位", "排序"];

/// The one-time secret a page shows (initial password or API token).
fn secret(html: &str) -> String {
    between(html, r#"<span class="secret">"#, "</span>").expect("a one-time secret on the page").to_string()
}

fn names(page: &Value) -> Vec<String> {
    page["items"].as_array().expect("items").iter().map(|u| u["name"].as_str().unwrap().to_string()).collect()
}

// ---------------------------------------------------------------------------------------------
// 1. Errors

both!(errors_are_chinese_pages_and_json, |b: Backend| async move {
    let s = Server::start(b).await;
    let anon = s.browser();

    let r = anon.get("/healthz").await;
    assert_eq!((r.status, r.text().as_str()), (StatusCode::OK, "ok"));

    let r = anon.get("/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.content_type().starts_with("text/html"), "{}", r.content_type());
    assert!(r.text().contains("<h1>找不到页面</h1>"), "{}", r.text());
    assert_eq!(r.alert(), "页面“/no/such/page”不存在，请检查地址或从导航进入。");
    assert_eq!(r.headers["x-frame-options"], "DENY");
    assert_eq!(r.headers["x-content-type-options"], "nosniff");

    // A route that exists, asked with the wrong method (GET is safe, so no CSRF check first).
    let r = anon.get("/logout").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.alert(), "不支持这种请求方式。");
    let r = send(s.bare(Method::DELETE, "/api/v1/users")).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.api_error(), "不支持这种请求方式。");

    // Pages that need a person send the browser to sign in.
    let r = anon.get("/users").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, Some("/login")));

    // A bad query parameter on a page.
    let me = s.sign_in("ducha").await;
    let r = me.get("/users?page=abc").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.alert().starts_with("地址中的查询参数有误"), "{}", r.alert());
});

// The API answers in JSON whatever goes wrong, even though its routes are nested (nested handlers
// see the URI without the /api/v1 prefix).

both!(api_unknown_route_is_json, |b: Backend| async move {
    let s = Server::start(b).await;
    let r = s.browser().get("/api/v1/no-such-thing").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.content_type().starts_with("application/json"), "{}: {}", r.content_type(), r.alert());
    assert!(r.api_error().contains("/api/v1/no-such-thing"), "{}", r.text());
});

both!(api_without_a_live_session_is_401_json, |b: Backend| async move {
    let s = Server::start(b).await;
    let r = s.browser().get("/api/v1/me").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{:?}", r.location());
    assert_eq!(r.api_error(), "请先登录，或在 Authorization 头中提供有效的 API 令牌。");
    let r = s.get_with_cookie("/api/v1/units", "zs_session=0123456789abcdef").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.content_type().starts_with("application/json"), "{}: {}", r.content_type(), r.alert());
    assert_eq!(r.api_error(), "请先登录。");
});

both!(api_bad_query_is_json, |b: Backend| async move {
    let s = Server::start(b).await;
    let me = s.sign_in("ducha").await;
    let r = me.get("/api/v1/calendar/add?from=2026-01-05").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.content_type().starts_with("application/json"), "{}: {}", r.content_type(), r.alert());
    assert_eq!(r.api_error(), "地址中的查询参数有误：缺少字段“days”");
});

// ---------------------------------------------------------------------------------------------
// 2. Signing in and out

both!(sign_in_lockout_and_sign_out, |b: Backend| async move {
    let s = Server::start(b).await;
    let anon = s.browser();

    // An existing name with a wrong password and an unknown name read the same.
    let wrong = anon.try_sign_in("xz02", "Guess@2026").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.alert(), "用户名或密码错误。");
    assert!(wrong.set_cookie("zs_session").is_none());
    let unknown = anon.try_sign_in("nobody", "Guess@2026").await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.alert(), wrong.alert());
    // The typed name is kept in the form.
    assert!(unknown.text().contains(r#"value="nobody""#));

    // Five failures lock the name, even against the right password (and in other letter case).
    for _ in 0..4 {
        assert_eq!(anon.try_sign_in("xz02", "Guess@2026").await.status, StatusCode::UNAUTHORIZED);
    }
    for name in ["xz02", "XZ02"] {
        let locked = anon.try_sign_in(name, PASSWORD).await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "{}", locked.text());
        assert!(locked.alert().starts_with("登录失败次数过多，请"), "{}", locked.alert());
        assert!(locked.alert().contains("分钟后再试"), "{}", locked.alert());
        assert!(locked.set_cookie("zs_session").is_none());
    }
    // Other names are not affected, and a success clears the count.
    for _ in 0..4 {
        assert_eq!(anon.try_sign_in("xz01", "Guess@2026").await.status, StatusCode::UNAUTHORIZED);
    }
    s.sign_in("xz01").await;
    for _ in 0..4 {
        assert_eq!(anon.try_sign_in("xz01", "Guess@2026").await.status, StatusCode::UNAUTHORIZED);
    }
    let me = s.sign_in("xz01").await;
    let who = me.get_json("/api/v1/me").await;
    assert_eq!(who["username"], "xz01");
    let home = me.get("/").await;
    let text = home.text();
    assert!(text.contains("<h1>工作台</h1>"), "{text}");
    assert!(text.contains(&format!(r#"<span class="user-name">{}</span>"#, who["name"].as_str().unwrap())));
    assert!(text.contains("青禾镇"));
    // Signed in, the sign-in page sends you home.
    assert_eq!(me.get("/login").await.location(), Some("/"));

    // Sign out: the cookie is cleared and the old value no longer opens anything.
    let b2 = s.browser();
    let r = b2.try_sign_in("xz01", PASSWORD).await;
    let token = r.set_cookie("zs_session").expect("session cookie");
    let cookie =
        r.headers.get_all("set-cookie").iter().find(|v| v.to_str().unwrap().starts_with("zs_session=")).unwrap();
    assert_eq!(cookie.to_str().unwrap(), format!("zs_session={token}; Path=/; HttpOnly; SameSite=Lax"));
    assert_eq!(token.len(), 64);
    let csrf = hidden_csrf(&b2.get("/").await.text()).unwrap();
    let out = b2.post_raw("/logout", &[("_csrf", &csrf)]).await;
    assert_eq!((out.status, out.location()), (StatusCode::SEE_OTHER, Some("/login")));
    assert_eq!(out.set_cookie("zs_session").as_deref(), Some(""));
    assert_eq!(b2.get("/").await.location(), Some("/login"));
    let old = s.get_with_cookie("/", &format!("zs_session={token}")).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    assert_eq!(old.alert(), "请先登录。");
    assert!(old.text().contains("<button type=\"submit\">登录</button>"));
    let users = s.get_with_cookie("/users", &format!("zs_session={token}")).await;
    assert_eq!(users.status, StatusCode::UNAUTHORIZED);
    // The other session of the same person is untouched.
    assert_eq!(me.get("/").await.status, StatusCode::OK);
});

both!(lockout_message_counts_whole_minutes_left, |b: Backend| async move {
    let s = Server::start(b).await;
    let anon = s.browser();
    for _ in 0..5 {
        anon.try_sign_in("xz02", "Guess@2026").await;
    }
    let locked = anon.try_sign_in("xz02", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.alert(), "登录失败次数过多，请15分钟后再试。");
});

// ---------------------------------------------------------------------------------------------
// 3. CSRF

both!(state_changes_need_the_csrf_token, |b: Backend| async move {
    let s = Server::start(b).await;
    let me = s.sign_in("ducha").await;
    let change = [("current", PASSWORD), ("password", "Better@2027"), ("confirm", "Better@2027")];
    const REFUSED: &str = "页面已过期或来源不明（安全校验未通过），请刷新页面后重新提交。";

    let r = me.post_raw("/account/password", &change).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.alert(), REFUSED);
    let mut wrong = vec![("_csrf", "00112233445566778899aabbccddeeff")];
    wrong.extend_from_slice(&change);
    let r = me.post_raw("/account/password", &wrong).await;
    assert_eq!((r.status, r.alert().as_str()), (StatusCode::FORBIDDEN, REFUSED));
    let r = me.post_with_header("/account/password", &change, "not-the-token").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Nothing changed: the old password still works.
    s.sign_in("ducha").await;

    // The page carries the token for htmx too, and the header form of it works.
    let home = me.get("/").await.text();
    assert!(home.contains(&format!(r#"hx-headers='{{"X-CSRF-Token": "{}"}}'"#, me.csrf)), "{home}");
    let r = me.post_with_header("/account/password", &change, &me.csrf).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, Some("/account?ok=password")));
    s.sign_in_with("ducha", "Better@2027").await;
    assert_eq!(s.browser().try_sign_in("ducha", PASSWORD).await.status, StatusCode::UNAUTHORIZED);

    // Uploads carry it in the query; without it the body is not even read.
    let admin = s.sign_in("admin").await;
    let upload = format!("{}/calendar/upload", s.base);
    let body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"y.txt\"\r\n\r\nyear 2027\r\n--b--\r\n";
    let r = send(admin.http.post(&upload).header("content-type", "multipart/form-data; boundary=b").body(body)).await;
    assert_eq!((r.status, r.alert().as_str()), (StatusCode::FORBIDDEN, REFUSED));
    assert_eq!(admin.get_json("/api/v1/calendar/2027").await["covered"], false);

    // Signing in needs the token of the zs_pre cookie.
    let form = [("_csrf", "abc"), ("username", "mishu"), ("password", PASSWORD)];
    let r = send(s.bare(Method::POST, "/login").form(&form)).await;
    assert_eq!((r.status, r.alert().as_str()), (StatusCode::FORBIDDEN, REFUSED));
    assert!(r.set_cookie("zs_session").is_none());
    let anon = s.browser();
    anon.get("/login").await;
    let r = anon.post_raw("/login", &form).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // JSON with a session cookie needs the header.
    let unit = admin.unit_id("青禾镇").await;
    let body = json!({"username": "csrf01", "name": "跨站测试", "unit_id": unit});
    let r = admin.post_json("/api/v1/users", &body, false).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.api_error(), REFUSED);
    assert_eq!(admin.get_json("/api/v1/users?q=csrf01").await["total"], 0);
    let r = admin.post_json("/api/v1/users", &body, true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(admin.get_json("/api/v1/users?q=csrf01").await["total"], 1);
});

// ---------------------------------------------------------------------------------------------
// 4. Stale and expired sessions

both!(stale_and_expired_sessions, |b: Backend| async move {
    let s = Server::start(b).await;
    let made_up = "zs_session=0123456789abcdef0123456789abcdef";

    let r = s.get_with_cookie("/", made_up).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.alert(), "请先登录。");
    assert!(r.text().contains("<button type=\"submit\">登录</button>"));
    assert_eq!(r.set_cookie("zs_session").as_deref(), Some(""), "the dead cookie is cleared");
    assert!(r.set_cookie("zs_pre").is_some_and(|v| v.len() == 32), "a sign-in token comes with the page");

    // Idle too long: the next request says so, and the session is gone for good.
    let me = s.sign_in("mishu").await;
    s.sql("UPDATE sessions SET last_seen_ms = 0").await;
    let r = me.get("/users").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.alert(), "登录已超时，请重新登录。");
    assert_eq!(me.get("/").await.location(), Some("/login"));

    // Signing in again from the same browser works.
    let r = me.try_sign_in("mishu", PASSWORD).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, Some("/")));
    assert_eq!(me.get("/users").await.status, StatusCode::OK);
});

// ---------------------------------------------------------------------------------------------
// 5. Oversized and malformed bodies

both!(oversized_and_malformed_bodies, |b: Backend| async move {
    let s = Server::start_with(b, |c| c.max_body_bytes = 64 * 1024).await;
    let me = s.sign_in("ducha").await;
    const TOO_LARGE: &str = "提交的内容超过大小上限，请缩小文件或分批提交。";
    let big = "很".repeat(30_000); // 90 KB of UTF-8, 270 KB url-encoded

    // Token in the form: the CSRF check reads the body and stops at the limit.
    let r = me.post("/account/tokens", &[("name", &big)]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.alert(), TOO_LARGE);
    // Token in the header: the form extractor stops at the limit.
    let r = me.post_with_header("/account/tokens", &[("name", &big)], &me.csrf).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.alert(), TOO_LARGE);
    // Before signing in too.
    let anon = s.browser();
    anon.get("/login").await;
    let r = anon.post_raw("/login", &[("username", &big)]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Nothing was created.
    assert!(me.get("/account").await.text().contains("还没有令牌。"));

    // JSON over the limit.
    let r = me.post_json("/api/v1/users", &json!({ "name": big }), true).await;
    assert_eq!((r.status, r.api_error().as_str()), (StatusCode::PAYLOAD_TOO_LARGE, TOO_LARGE));
    // A file over the limit.
    let r = me.upload("/calendar/upload", "big.txt", "text/plain", big.as_bytes()).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.alert(), "上传的文件超过大小上限，请缩小文件后再上传。");

    // A form missing a required field.
    let r = me.post("/account/password", &[("current", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.alert(), "表单内容有误：缺少字段“password”");
    // Not a form at all.
    let r = send(me.http.post(format!("{}/account/tokens", s.base)).header("X-CSRF-Token", &me.csrf).body("x")).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.alert(), "请以表单格式提交。");
    // A rule broken inside a well-formed form.
    let r = me.post("/account/tokens", &[("name", &"名".repeat(41))]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.alert(), "令牌名称不能超过40个字。");
});

// ---------------------------------------------------------------------------------------------
// 6. 三员分立 and clearances

both!(three_administrators_are_kept_apart, |b: Backend| async move {
    let s = Server::start(b).await;
    let admin = s.sign_in("admin").await;
    let auditor = s.sign_in("shenji").await;
    let security = s.sign_in("baomi").await;
    let admin_name = admin.get_json("/api/v1/me").await["name"].as_str().unwrap().to_string();

    // The administrator reads no audit trail, and is not offered it.
    let r = admin.get("/audit").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.alert(), "三员分立：系统管理员不能查阅审计日志，请由安全审计员查阅。");
    assert!(!admin.get("/").await.text().contains(r#"href="/audit""#));
    let r = admin.get("/api/v1/audit").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.api_error().contains("三员分立"));

    // The auditor does, and sees the sign-ins just made.
    let r = auditor.get("/audit").await;
    assert_eq!(r.status, StatusCode::OK);
    let rows = table_rows(&r.text());
    assert!(rows.iter().any(|row| row[2] == admin_name && row[3] == "auth.sign_in"), "{rows:?}");
    assert!(auditor.get("/").await.text().contains(r#"href="/audit""#));

    // The auditor changes no users.
    let town = auditor.unit_id("青禾镇").await;
    let form = [("username", "sjtest"), ("name", "审计测试"), ("unit_id", &town), ("role", "liaison")];
    let r = auditor.post("/users/new", &form).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.alert(), "三员分立：安全审计员不能修改用户或系统设置。");
    assert_eq!(auditor.get("/users/new").await.status, StatusCode::FORBIDDEN);
    assert_eq!(admin.get_json("/api/v1/users?q=sjtest").await["total"], 0);

    // Clearances are the security officer's.
    let target = security.user_id("xz01").await;
    let path = format!("/users/{target}/clearance");
    let r = security.post(&path, &[("clearance", "work_secret")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), Some(format!("/users/{target}?ok=clearance").as_str()));
    let page = security.get(r.location().unwrap()).await.text();
    assert!(page.contains("<label>知悉级别</label>工作秘密"), "{page}");
    assert!(page.contains("知悉级别已修改。"));
    let person = s.sign_in("xz01").await;
    assert_eq!(person.get_json("/api/v1/me").await["clearance"], "work_secret");
    assert!(person.get("/account").await.text().contains("<label>知悉级别</label>工作秘密"));

    let r = admin.post(&path, &[("clearance", "internal")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.alert(), "只有安全保密员可以管理人员密级和定密设置。");
    assert_eq!(admin.get("/security").await.status, StatusCode::FORBIDDEN);

    // 秘密 has no place on a system without 涉密 certification.
    let r = security.post(&path, &[("clearance", "secret")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.alert().starts_with("非涉密系统，严禁处理涉密信息"), "{}", r.alert());
    assert!(r.alert().contains("“秘密”级信息请通过涉密网络和设备办理"), "{}", r.alert());
    let r = security.post(&path, &[("clearance", "top-secret-ish")]).await;
    assert_eq!((r.status, r.alert().as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "请选择有效的知悉级别。"));
    assert_eq!(person.get_json("/api/v1/me").await["clearance"], "work_secret", "refusals change nothing");

    let page = security.get("/security").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("未认证：非涉密系统，严禁处理涉密信息"));
    assert!(!page.text().contains(r#"<option value="secret""#), "秘密 is not offered");
});

// ---------------------------------------------------------------------------------------------
// 7. Who sees whom

both!(lists_follow_the_access_scope, |b: Backend| async move {
    let s = Server::start(b).await;
    let town = s.sign_in("xz01").await;
    let office = s.sign_in("ducha").await;
    let qinghe = office.unit_id("青禾镇").await;
    let baishui = office.unit_id("白水镇").await;
    let theirs = office.get_json(&format!("/api/v1/users?unit_id={baishui}")).await;
    assert_eq!(theirs["total"], 2);
    let ours = office.get_json(&format!("/api/v1/users?unit_id={qinghe}")).await;
    assert_eq!(ours["total"], 2);

    // The town liaison's directory holds their town only.
    let page = town.get("/users").await.text();
    let rows = table_rows(&page);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|r| r[1] == "青禾镇"), "{rows:?}");
    assert!(page.contains("共 2 人"));
    for name in names(&ours) {
        assert!(page.contains(&name), "{name} missing");
    }
    for name in names(&theirs) {
        assert!(!page.contains(&name), "{name} of 白水镇 shown to 青禾镇");
    }
    let api = town.get_json("/api/v1/users").await;
    assert_eq!(api["total"], 2);
    assert!(api["items"].as_array().unwrap().iter().all(|u| u["unit_id"] == qinghe.as_str()));
    assert_eq!(town.get_json(&format!("/api/v1/users?unit_id={baishui}")).await["total"], 0);
    let other = theirs["items"][0]["id"].as_str().unwrap();
    let r = town.get(&format!("/users/{other}")).await;
    assert_eq!((r.status, r.alert().as_str()), (StatusCode::NOT_FOUND, "没有找到这个用户。"));

    // The office sees the whole county.
    let all = office.get_json("/api/v1/users").await;
    assert_eq!(all["total"], 150);
    assert_eq!(all["items"].as_array().unwrap().len(), 100);
    assert_eq!(office.get_json("/api/v1/users?page=2").await["items"].as_array().unwrap().len(), 50);
    let page = office.get("/users").await.text();
    assert!(page.contains("共 150 人"));
    assert_eq!(table_rows(&page).len(), 50);
    assert_eq!(office.get_json("/api/v1/users?q=xz02").await["total"], 2);
    assert_eq!(office.get(&format!("/users/{other}")).await.status, StatusCode::OK);
});

// ---------------------------------------------------------------------------------------------
// 8. A new account and its initial password

both!(new_account_changes_its_initial_password, |b: Backend| async move {
    let s = Server::start(b).await;
    let admin = s.sign_in("admin").await;
    let town = admin.unit_id("青禾镇").await;
    let form = [
        ("username", "LianLuo9"),
        ("name", "测试联络员"),
        ("unit_id", town.as_str()),
        ("position", "干事"),
        ("phone", "13900000000"),
        ("role", "liaison"),
        ("role", "drafter"),
    ];
    let r = admin.post("/users/new", &form).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page = r.text();
    assert!(page.contains("一次性初始密码"));
    assert!(page.contains("已新建。"));
    let mut roles: Vec<&str> = between(&page, "<label>角色</label>", "</div>").unwrap().split('、').collect();
    roles.sort();
    assert_eq!(roles, ["文稿起草", "联络员"]);
    let initial = secret(&page);
    assert!(initial.starts_with("Zs-") && initial.len() == 15, "{initial}");

    let person = s.sign_in_with("lianluo9", &initial).await;
    let elsewhere = s.sign_in_with("lianluo9", &initial).await;
    let home = person.get("/").await.text();
    assert!(home.contains("修改初始密码"), "{home}");
    assert!(person.get("/account").await.text().contains("您仍在使用初始密码"));

    let r = person
        .post("/account/password", &[("current", &initial), ("password", "Xin@2026a"), ("confirm", "Xin@2026b")])
        .await;
    assert_eq!((r.status, r.alert().as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "两次输入的新密码不一致。"));
    let r = person
        .post("/account/password", &[("current", "Wrong@2026"), ("password", "Xin@2026a"), ("confirm", "Xin@2026a")])
        .await;
    assert_eq!((r.status, r.alert().as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "原密码不正确。"));
    let r = person
        .post("/account/password", &[("current", &initial), ("password", "Xin@2026a"), ("confirm", "Xin@2026a")])
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, Some("/account?ok=password")));
    assert!(person.get("/account?ok=password").await.text().contains("密码已修改，其他设备上的登录已退出。"));
    let home = person.get("/").await.text();
    // The to-do is gone; 青禾镇's pending 回执 for the demo meeting is still there for its new liaison.
    assert!(home.contains("<h1>工作台</h1>") && !home.contains("修改初始密码"), "{home}");
    assert!(home.contains("1个会议待填报回执"), "{home}");
    assert_eq!(s.browser().try_sign_in("lianluo9", &initial).await.status, StatusCode::UNAUTHORIZED);
    s.sign_in_with("lianluo9", "Xin@2026a").await;
    // The other session ended with the old password; this one goes on.
    assert_eq!(elsewhere.get("/").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(person.get("/").await.status, StatusCode::OK);

    // A reset gives a new one-time password and ends every session.
    let id = admin.user_id("lianluo9").await;
    let r = admin.post(&format!("/users/{id}/reset-password"), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let reset = secret(&r.text());
    assert_ne!(reset, initial);
    assert_eq!(person.get("/").await.status, StatusCode::UNAUTHORIZED);
    let person = s.sign_in_with("lianluo9", &reset).await;
    assert!(person.get("/").await.text().contains("修改初始密码"));

    // The town's liaison now has a colleague.
    let xz01 = s.sign_in("xz01").await;
    assert_eq!(xz01.get_json("/api/v1/users").await["total"], 3);

    let r = admin.post("/users/new", &form).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.alert(), "登录名“lianluo9”已被使用。");
    // What people type is shown as text, never as markup.
    let form = [("username", "xss01"), ("name", "<script>alert(1)</script>"), ("unit_id", town.as_str())];
    assert_eq!(admin.post("/users/new", &form).await.status, StatusCode::OK);
    let list = admin.get("/users?q=xss01").await.text();
    assert!(list.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "{list}");
    assert!(!list.contains("<script>alert"));

    let bad = [("username", "x"), ("name", "某人"), ("unit_id", town.as_str())];
    let r = admin.post("/users/new", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.alert().starts_with("登录名应为2到32位"), "{}", r.alert());
});

// ---------------------------------------------------------------------------------------------
// 9. Importing units

both!(unit_import_is_all_or_nothing, |b: Backend| async move {
    let s = Server::start(b).await;
    let admin = s.sign_in("admin").await;

    let t = admin.get("/import/units-template.xlsx").await;
    assert_eq!(t.status, StatusCode::OK);
    assert_eq!(t.content_type(), XLSX);
    assert!(t.bytes.starts_with(b"PK"));
    let disposition = t.headers["content-disposition"].to_str().unwrap();
    // 单位导入模板.xlsx
    assert!(disposition.contains("filename*=UTF-8''%E5%8D%95%E4%BD%8D%E5%AF%BC%E5%85%A5"), "{disposition}");
    // The template's own example names 督查科, which the demo county already has.
    let r = admin.upload("/import/units", "template.xlsx", XLSX, &t.bytes).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("<td>第3行</td><td>单位“督查科”已存在。</td>"), "{}", r.text());
    assert!(!admin.get("/units").await.text().contains("青山镇"));

    let mixed = xlsx::workbook(&[
        UNIT_HEADERS,
        &["测试新局", "CSXJ", "部门", "", "1"],
        &["测试新局下属科", "CSK", "其他", "不存在的单位", "2"],
    ]);
    let r = admin.upload("/import/units", "units.xlsx", XLSX, &mixed).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.alert(), "导入未执行：1 行有错误");
    let rows = table_rows(&r.text());
    assert_eq!(
        rows,
        vec![vec!["第3行".to_string(), "上级单位“不存在的单位”不存在（须为已有单位或本表上方的单位）。".into()]]
    );
    assert!(!admin.get("/units").await.text().contains("测试新局"), "the good row was not imported either");

    let good = xlsx::workbook(&[
        UNIT_HEADERS,
        &["测试新局", "CSXJ", "部门", "", "1"],
        &["测试新局下属科", "CSK", "其他", "测试新局", "2"],
    ]);
    let r = admin.upload("/import/units", "units.xlsx", XLSX, &good).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("已导入 2 个单位。"));
    let units = admin.get("/units").await.text();
    assert!(units.contains("测试新局") && units.contains("测试新局下属科"));
    let parent = admin.unit_id("测试新局").await;
    let tree = admin.get_json("/api/v1/units").await;
    let child = tree.as_array().unwrap().iter().find(|u| u["name"] == "测试新局下属科").unwrap();
    assert_eq!(
        (child["parent_id"].as_str(), &child["kind"], &child["depth"]),
        (Some(parent.as_str()), &json!("other"), &json!(1))
    );

    // Importing the same sheet again names both rows.
    let r = admin.upload("/import/units", "units.xlsx", XLSX, &good).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(table_rows(&r.text()).len(), 2);

    let r = admin.upload("/import/units", "units.xlsx", XLSX, b"this is not a workbook").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.alert().contains("不是有效的 Excel"), "{}", r.alert());
    let r = admin.upload("/import/units", "units.xlsx", XLSX, b"").await;
    assert_eq!((r.status, r.alert().as_str()), (StatusCode::BAD_REQUEST, "请选择要上传的文件。"));
    let r =
        admin.upload("/import/units", "units.xlsx", XLSX, &xlsx::workbook(&[&["名称", "代码"], &["甲", "A"]])).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.alert().starts_with("缺少列："), "{}", r.alert());

    let town = s.sign_in("xz01").await;
    let r = town.upload("/import/units", "units.xlsx", XLSX, &good).await;
    assert_eq!((r.status, r.alert().as_str()), (StatusCode::FORBIDDEN, "只有系统管理员可以执行此操作。"));
    assert_eq!(town.get("/import").await.status, StatusCode::FORBIDDEN);
});

both!(liaison_reminder_links_to_a_page_that_exists, |b: Backend| async move {
    let s = Server::start(b).await;
    let admin = s.sign_in("admin").await;
    let sheet = xlsx::workbook(&[UNIT_HEADERS, &["新设镇", "XSZ", "乡镇", "", "200"]]);
    assert_eq!(admin.upload("/import/units", "u.xlsx", XLSX, &sheet).await.status, StatusCode::OK);
    let home = admin.get("/").await.text();
    assert!(home.contains("1个部门或乡镇尚未设置联络员"), "{home}");
    let before = &home[..home.find(r#"">1个部门或乡镇尚未设置联络员"#).unwrap()];
    let href = &before[before.rfind(r#"href=""#).unwrap() + 6..];
    let r = admin.get(&href.replace("&amp;", "&")).await;
    assert_eq!(r.status, StatusCode::OK, "{href}: {}", r.alert());
});

// ---------------------------------------------------------------------------------------------
// 10. The audit trail

both!(audit_trail_verify_export_and_filter, |b: Backend| async move {
    let s = Server::start(b).await;
    let anon = s.browser();
    assert_eq!(anon.try_sign_in("nosuchuser", "Guess@2026").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anon.try_sign_in("xz02", "Guess@2026").await.status, StatusCode::UNAUTHORIZED);
    let auditor = s.sign_in("shenji").await;
    assert!(auditor.get("/").await.text().contains("校验审计日志完整性"), "never verified yet");

    let total = auditor.get_json("/api/v1/audit").await["total"].as_i64().unwrap();
    assert!(total >= 4, "demo load, two failures, one sign-in: {total}");
    let r = auditor.post("/audit/verify", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains(&format!("审计链完整：共校验{total}条事件，未发现修改、插入或删除。")), "{}", r.text());
    assert!(!auditor.get("/").await.text().contains("校验审计日志完整性"), "the reminder is gone");

    let x = auditor.get("/audit/export.xlsx").await;
    assert_eq!(x.status, StatusCode::OK);
    assert_eq!(x.content_type(), XLSX);
    assert!(x.bytes.starts_with(b"PK"));
    let recent = auditor.get_json("/api/v1/audit?action=audit.").await;
    let actions: Vec<&str> =
        recent["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["audit.export", "audit.verify"]);

    // Failed sign-ins carry the name as typed (lower-cased), under an action prefix.
    let rows = table_rows(&auditor.get("/audit?action=auth.").await.text());
    for name in ["nosuchuser", "xz02"] {
        assert!(
            rows.iter().any(|r| r[2] == name && r[3] == "auth.sign_in_failed" && r[5] == "登录失败（第1次）"),
            "{name}: {rows:?}"
        );
    }
    let page = auditor.get("/audit?actor=nosuchuser").await.text();
    assert!(page.contains("共 1 条"), "{page}");
    let r = auditor.get("/audit?from=2026-13-01").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.alert(), "开始日期“2026-13-01”不是有效日期，应为 2026-11-22 这样的格式。");

    let admin = s.sign_in("admin").await;
    assert_eq!(admin.post("/audit/verify", &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(admin.get("/audit/export.xlsx").await.status, StatusCode::FORBIDDEN);

    // An edit behind the application's back (by someone who can drop its triggers) is found.
    s.sql(match b {
        Backend::Sqlite => "DROP TRIGGER audit_events_no_update",
        Backend::Postgres => "DROP TRIGGER audit_events_no_update ON audit_events",
    })
    .await;
    s.sql("UPDATE audit_events SET detail = '改过的' WHERE seq = 2").await;
    let r = auditor.post("/audit/verify", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains(r#"<div class="alert" role="status">审计链被破坏："#), "{}", r.text());
    assert!(r.text().contains("请立即报告安全保密员。"));
});

both!(audit_filter_by_full_action_name, |b: Backend| async move {
    let s = Server::start(b).await;
    s.browser().try_sign_in("nosuchuser", "Guess@2026").await;
    let auditor = s.sign_in("shenji").await;
    let rows = table_rows(&auditor.get("/audit?action=auth.sign_in_failed").await.text());
    assert!(rows.iter().any(|r| r.len() > 3 && r[2] == "nosuchuser" && r[3] == "auth.sign_in_failed"), "{rows:?}");
    let api = auditor.get_json("/api/v1/audit?action=auth.sign_in_failed").await;
    assert_eq!(api["total"], 1);
});

both!(directory_search_by_login_name_with_underscore, |b: Backend| async move {
    let s = Server::start(b).await;
    let admin = s.sign_in("admin").await;
    let town = admin.unit_id("青禾镇").await;
    let form = [("username", "li_ming"), ("name", "李明"), ("unit_id", town.as_str())];
    assert_eq!(admin.post("/users/new", &form).await.status, StatusCode::OK);
    assert_eq!(admin.get_json("/api/v1/users?q=li_ming").await["total"], 1);
});

both!(directory_search_ignores_letter_case, |b: Backend| async move {
    let s = Server::start(b).await;
    let admin = s.sign_in("admin").await;
    let town = admin.unit_id("青禾镇").await;
    let form = [("username", "zhuguan9"), ("name", "周主管"), ("position", "IT主管"), ("unit_id", town.as_str())];
    assert_eq!(admin.post("/users/new", &form).await.status, StatusCode::OK);
    assert_eq!(admin.get_json("/api/v1/users?q=IT").await["total"], 1);
    assert_eq!(admin.get_json("/api/v1/users?q=it%E4%B8%BB%E7%AE%A1").await["total"], 1);
});

both!(huge_page_numbers_are_not_server_errors, |b: Backend| async move {
    let s = Server::start(b).await;
    let office = s.sign_in("ducha").await;
    let auditor = s.sign_in("shenji").await;
    let huge = "page=9223372036854775807";
    for (who, path) in [
        (&office, format!("/users?{huge}")),
        (&office, format!("/api/v1/users?{huge}")),
        (&auditor, format!("/audit?{huge}")),
        (&auditor, format!("/api/v1/audit?{huge}")),
    ] {
        let r = who.get(&path).await;
        assert!(r.status.is_success() || r.status.is_client_error(), "{path}: {}", r.status);
    }
});

// ---------------------------------------------------------------------------------------------
// 11. API tokens

both!(read_only_token_reads_until_revoked, |b: Backend| async move {
    let s = Server::start(b).await;
    let ducha = s.sign_in("ducha").await;
    let name = ducha.get_json("/api/v1/me").await["name"].clone();

    let r = ducha.post("/account/tokens", &[("name", "台账同步")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let token = secret(&r.text());
    assert!(token.starts_with("zs_") && token.len() == 51, "{token}");
    let account = ducha.get("/account").await.text();
    assert!(!account.contains(&token), "shown once only");
    assert!(account.contains("<td>台账同步</td><td>只读</td>"), "{account}");
    assert!(account.contains("从未使用"));

    let me = s.bearer_get(&token, "/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    let me = me.json();
    assert_eq!((&me["username"], &me["name"], &me["can_write"]), (&json!("ducha"), &name, &json!(false)));
    assert_eq!(s.bearer_get(&token, "/api/v1/users").await.json()["total"], 150);
    assert!(!ducha.get("/account").await.text().contains("从未使用"), "last use is recorded");

    let unit = ducha.unit_id("青禾镇").await;
    let body = json!({"username": "ro01", "name": "只读测试", "unit_id": unit});
    let r = s.bearer_post_json(&token, "/api/v1/users", &body).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.api_error(), "此 API 令牌为只读，不能修改数据。");

    let id = between(&account, "/account/tokens/", "/revoke").unwrap().to_string();
    let r = ducha.post(&format!("/account/tokens/{id}/revoke"), &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, Some("/account?ok=revoked")));
    let r = s.bearer_get(&token, "/api/v1/me").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.api_error(), "API 令牌无效或已撤销。");
    let account = ducha.get("/account?ok=revoked").await.text();
    assert!(account.contains("令牌已撤销。") && account.contains("已撤销</td>"));
    let r = ducha.post(&format!("/account/tokens/{id}/revoke"), &[]).await;
    assert_eq!((r.status, r.alert().as_str()), (StatusCode::NOT_FOUND, "没有找到这个令牌，或它已被撤销。"));

    // Nobody revokes someone else's token.
    let admin = s.sign_in("admin").await;
    admin.post("/account/tokens", &[("name", "管理员的")]).await;
    let theirs = admin.get("/account").await.text();
    let their_id = between(&theirs, "/account/tokens/", "/revoke").unwrap();
    let r = ducha.post(&format!("/account/tokens/{their_id}/revoke"), &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(admin.get("/account").await.text().contains(&format!("/account/tokens/{their_id}/revoke")), "still live");
    assert_eq!(s.bearer_get("zs_made_up", "/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
});

both!(write_token_creates_users, |b: Backend| async move {
    let s = Server::start(b).await;
    let admin = s.sign_in("admin").await;
    let r = admin.post("/account/tokens", &[("name", "开户脚本"), ("write", "1")]).await;
    let token = secret(&r.text());
    assert!(r.text().contains("<td>开户脚本</td><td>读写</td>"));
    let unit = admin.unit_id("青禾镇").await;

    let body = json!({"username": "api01", "name": "接口开户", "unit_id": unit, "roles": ["liaison"]});
    let r = s.bearer_post_json(&token, "/api/v1/users", &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let created = r.json();
    assert_eq!(created["user"]["username"], "api01");
    assert_eq!(created["user"]["roles"], json!(["liaison"]));
    assert_eq!(created["user"]["clearance"], "internal");
    let initial = created["initial_password"].as_str().unwrap();
    let person = s.sign_in_with("api01", initial).await;
    assert!(person.get("/").await.text().contains("修改初始密码"));

    let r = s.bearer_post_json(&token, "/api/v1/users", &body).await;
    assert_eq!((r.status, r.api_error()), (StatusCode::CONFLICT, "登录名“api01”已被使用。".to_string()));
    let r = s
        .bearer_post_json(
            &token,
            "/api/v1/users",
            &json!({"username": "api02", "name": "某", "unit_id": unit, "roles": ["boss"]}),
        )
        .await;
    assert_eq!((r.status, r.api_error()), (StatusCode::UNPROCESSABLE_ENTITY, "角色“boss”不存在。".to_string()));
    let r = s
        .bearer_post_json(&token, "/api/v1/users", &json!({"username": "api02", "name": "某", "unit_id": "nope"}))
        .await;
    assert_eq!((r.status, r.api_error()), (StatusCode::UNPROCESSABLE_ENTITY, "所属单位不存在。".to_string()));

    let raw = |body: &'static str, mime: &'static str| {
        send(
            s.bare(Method::POST, "/api/v1/users")
                .bearer_auth(&token)
                .header(reqwest::header::CONTENT_TYPE, mime)
                .body(body),
        )
    };
    let r = raw("{\"username\": ", "application/json").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.api_error(), "提交的JSON内容不完整或格式不对，请检查后重试。");
    let r = raw("{\"username\": \"api03\"}", "application/json").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.api_error().starts_with("JSON 字段有误："), "{}", r.text());
    let r = raw("{}", "text/plain").await;
    assert_eq!((r.status, r.api_error()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, "请以JSON格式提交。".to_string()));
    assert_eq!(admin.get_json("/api/v1/users?q=api0").await["total"], 1, "only api01 exists");

    // A write token is no more than its owner.
    let ducha = s.sign_in("ducha").await;
    let r = ducha.post("/account/tokens", &[("name", "w"), ("write", "1")]).await;
    let theirs = secret(&r.text());
    let r = s
        .bearer_post_json(&theirs, "/api/v1/users", &json!({"username": "api04", "name": "某", "unit_id": unit}))
        .await;
    assert_eq!((r.status, r.api_error()), (StatusCode::FORBIDDEN, "只有系统管理员可以执行此操作。".to_string()));
});

both!(json_field_errors_are_chinese, |b: Backend| async move {
    let s = Server::start(b).await;
    let admin = s.sign_in("admin").await;
    let unit = admin.unit_id("青禾镇").await;
    let r = admin.post_json("/api/v1/users", &json!({"username": "api05", "unit_id": unit}), true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.api_error(), "JSON 字段有误：缺少字段“name”");
});

// ---------------------------------------------------------------------------------------------
// 12. OpenAPI

both!(openapi_document_and_docs_page, |b: Backend| async move {
    let s = Server::start(b).await;
    let anon = s.browser();
    let doc = anon.get_json("/api/v1/openapi.json").await;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "{doc}");
    assert_eq!(doc["info"]["title"], "中枢 API");
    let paths = doc["paths"].as_object().unwrap();
    for p in ["/api/v1/me", "/api/v1/users", "/api/v1/units", "/api/v1/calendar/add", "/api/v1/audit"] {
        assert!(paths.contains_key(p), "{p} missing");
    }
    assert!(paths["/api/v1/users"]["post"].is_object());

    let r = anon.get("/api/v1/docs").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type().starts_with("text/html"));
    let page = r.text();
    assert!(page.contains("/api/v1/users") && page.contains("/api/v1/calendar/between"));
    assert!(page.contains("Authorization: Bearer"), "the description is shown");
});

// ---------------------------------------------------------------------------------------------
// 13. The working-day calendar

both!(calendar_api_page_and_upload, |b: Backend| async move {
    let s = Server::start(b).await;
    let ducha = s.sign_in("ducha").await;

    // 2026-09-30 is a Wednesday; 10-01..07 are off; Thursday 10-08 is the next working day,
    // and Saturday 10-10 is a makeup working day.
    let add = |from: &str, days: i64| format!("/api/v1/calendar/add?from={from}&days={days}");
    assert_eq!(ducha.get_json(&add("2026-09-30", 1)).await, json!({"date": "2026-10-08", "is_workday": true}));
    assert_eq!(ducha.get_json(&add("2026-09-30", 2)).await["date"], "2026-10-09");
    assert_eq!(ducha.get_json(&add("2026-09-30", 3)).await, json!({"date": "2026-10-10", "is_workday": true}));
    let between_ = ducha.get_json("/api/v1/calendar/between?from=2026-09-30&to=2026-10-10").await;
    assert_eq!(between_, json!({"working_days": 3}));
    assert_eq!(ducha.get_json("/api/v1/calendar/between?from=2026-10-10&to=2026-09-30").await["working_days"], -3);
    let r = ducha.get(&add("2026-02-30", 1)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.api_error(), "from“2026-02-30”不是有效日期，应为 YYYY-MM-DD。");

    let y2026 = ducha.get_json("/api/v1/calendar/2026").await;
    assert_eq!((&y2026["covered"], &y2026["workdays"]), (&json!(true), &json!(248)));
    assert!(y2026["off"]
        .as_array()
        .unwrap()
        .contains(&json!({"start": "2026-10-01", "end": "2026-10-07", "name": "国庆节"})));
    assert!(y2026["work"]
        .as_array()
        .unwrap()
        .contains(&json!({"start": "2026-10-10", "end": "2026-10-10", "name": "国庆节调休"})));
    let page = ducha.get("/calendar?year=2026").await;
    assert_eq!(page.status, StatusCode::OK);
    let page = page.text();
    assert!(page.contains(r#"<td class="day-makeup" title="国庆节调休 调休上班">10</td>"#), "{page}");
    assert!(page.contains(r#"<td class="day-holiday" title="国庆节 放假">1</td>"#));
    assert!(page.contains("数据来源：系统内置（国务院办公厅通知）；全年工作日 248 天"));
    assert!(!page.contains("导入节假日安排"), "only administrators are offered the upload");

    // 2027 is not shipped: weekends only until an administrator loads it.
    assert_eq!(ducha.get_json("/api/v1/calendar/2027").await["covered"], false);
    assert_eq!(ducha.get_json(&add("2027-09-30", 1)).await["date"], "2027-10-01");
    assert!(ducha.get("/calendar?year=2027").await.text().contains("尚无2027年的放假和调休安排"));

    let admin = s.sign_in("admin").await;
    let file = "# 2027年（测试）\nyear 2027\noff 2027-10-01..2027-10-07 国庆节\nwork 2027-09-26 国庆节调休\nwork 2027-10-09 国庆节调休\n";
    let r = ducha.upload("/calendar/upload", "2027.txt", "text/plain", file.as_bytes()).await;
    assert_eq!((r.status, r.alert().as_str()), (StatusCode::FORBIDDEN, "只有系统管理员可以执行此操作。"));
    assert_eq!(ducha.get_json("/api/v1/calendar/2027").await["covered"], false);

    let r = admin.upload("/calendar/upload", "2027.txt", "text/plain", file.as_bytes()).await;
    assert_eq!(
        (r.status, r.location()),
        (StatusCode::SEE_OTHER, Some("/calendar?year=2027&ok=loaded")),
        "{}",
        r.text()
    );
    let y2027 = ducha.get_json("/api/v1/calendar/2027").await;
    assert_eq!(y2027["covered"], true);
    assert_eq!(y2027["off"], json!([{"start": "2027-10-01", "end": "2027-10-07", "name": "国庆节"}]));
    assert_eq!(ducha.get_json(&add("2027-09-30", 1)).await["date"], "2027-10-08");
    let admin_name = admin.get_json("/api/v1/me").await["name"].as_str().unwrap().to_string();
    let page = admin.get("/calendar?year=2027&ok=loaded").await.text();
    assert!(page.contains("节假日安排已导入，办理时限将按新安排计算。"));
    assert!(page.contains(&format!("数据来源：{admin_name}于")), "{page}");

    let bad = "year 2027\noff 2027-13-01 元旦\n";
    let r = admin.upload("/calendar/upload", "bad.txt", "text/plain", bad.as_bytes()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.alert(), "节假日文件有误：第2行：日期“2027-13-01”不存在，请检查月和日是否写对");
    let r = admin.upload("/calendar/upload", "bad.txt", "text/plain", b"year 2027\n\xff\xfe").await;
    assert_eq!((r.status, r.alert().as_str()), (StatusCode::BAD_REQUEST, "节假日文件须为 UTF-8 编码的文本文件。"));
    // The loaded year is still the good one.
    assert_eq!(ducha.get_json(&add("2027-09-30", 1)).await["date"], "2027-10-08");
});
