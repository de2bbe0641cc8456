// Shared by several test binaries, each using part of it.
#![allow(dead_code)]

//! A real server on a free port over a fresh database of either backend, loaded with the demo
//! county; a cookie-keeping client that does not follow redirects; and small HTML helpers.

pub mod xlsx;

use reqwest::header::{HeaderMap, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::path::PathBuf;
use zs_app::{App, Config};
use zs_store::testing::{postgres_url, sqlite_url};
use zs_store::Backend;

pub const PASSWORD: &str = zs_app::demo::DEMO_PASSWORD;
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// One scenario per backend: `both!(name, |backend| async move { … });`
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)(zs_store::Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                ($body)(zs_store::Backend::Postgres).await;
            }
        }
    };
}

pub struct Server {
    pub base: String,
    pub app: App,
    data_dir: PathBuf,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.data_dir);
        }
    }
}

impl Server {
    pub async fn start(backend: Backend) -> Server {
        Self::start_with(backend, |_| {}).await
    }

    /// Like `start`, with the configuration adjusted before the app opens.
    pub async fn start_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Server {
        let url = match backend {
            Backend::Sqlite => sqlite_url(),
            Backend::Postgres => postgres_url().await,
        };
        let data_dir = match url.strip_prefix("sqlite://") {
            Some(file) => PathBuf::from(file).parent().expect("sqlite dir").to_path_buf(),
            None => std::env::temp_dir().join(format!("zs-web-{}", zs_domain::new_id())),
        };
        let mut config = Config::for_data_dir(data_dir.clone(), Some(url));
        tweak(&mut config);
        let app = App::open(config).await.expect("open app");
        let report = app.load_demo(0, 0).await.expect("load demo county");
        assert_eq!(report.users, 150, "demo county");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("local addr"));
        let task = tokio::spawn(zs_web::serve(app.clone(), listener));
        Server { base, app, data_dir, task }
    }

    /// A browser that has not signed in.
    pub fn browser(&self) -> Browser {
        Browser { http: client(true), base: self.base.clone(), csrf: String::new() }
    }

    /// Signs in with the demo password; panics unless it works.
    pub async fn sign_in(&self, username: &str) -> Browser {
        self.sign_in_with(username, PASSWORD).await
    }

    pub async fn sign_in_with(&self, username: &str, password: &str) -> Browser {
        let mut b = self.browser();
        let r = b.try_sign_in(username, password).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "sign-in of {username}: {}", r.text());
        assert_eq!(r.location(), Some("/"));
        assert!(r.set_cookie("zs_session").is_some_and(|v| !v.is_empty()), "session cookie set");
        let home = b.get("/").await;
        assert_eq!(home.status, StatusCode::OK, "{}", home.text());
        b.csrf = hidden_csrf(&home.text()).expect("csrf on the workbench");
        b
    }

    /// A request with no cookies at all: for bearer tokens and hand-made cookies.
    pub fn bare(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        client(false).request(method, format!("{}{path}", self.base))
    }

    pub async fn bearer_get(&self, token: &str, path: &str) -> Resp {
        send(self.bare(reqwest::Method::GET, path).bearer_auth(token)).await
    }

    pub async fn bearer_post_json(&self, token: &str, path: &str, body: &Value) -> Resp {
        send(self.bare(reqwest::Method::POST, path).bearer_auth(token).json(body)).await
    }

    /// GET with only the given `Cookie` header.
    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Resp {
        send(self.bare(reqwest::Method::GET, path).header(COOKIE, cookie)).await
    }

    /// Runs one SQL statement on the server's database (for faking the passage of time).
    pub async fn sql(&self, statement: &'static str) {
        let mut c = self.app.db.conn().await.expect("db connection");
        zs_store::q(statement).execute(&mut c).await.expect("sql");
    }
}

fn client(cookies: bool) -> Client {
    Client::builder().cookie_store(cookies).redirect(reqwest::redirect::Policy::none()).build().expect("http client")
}

pub async fn send(req: reqwest::RequestBuilder) -> Resp {
    let r = req.send().await.expect("request sent");
    let status = r.status();
    let headers = r.headers().clone();
    let bytes = r.bytes().await.expect("body").to_vec();
    Resp { status, headers, bytes }
}

/// A response read to the end.
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn location(&self) -> Option<&str> {
        self.headers.get(LOCATION).and_then(|v| v.to_str().ok())
    }
    pub fn content_type(&self) -> &str {
        self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
    /// The value a `Set-Cookie` header gives `name`.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers.get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
            let (k, rest) = v.split_once('=')?;
            (k == name).then(|| rest.split(';').next().unwrap_or("").to_string())
        })
    }
    /// The Chinese sentence of an HTML error or sign-in page.
    pub fn alert(&self) -> String {
        between(&self.text(), r#"role="alert">"#, "</div>").unwrap_or_default().to_string()
    }
    /// The `error` of a JSON error answer.
    pub fn api_error(&self) -> String {
        self.json()["error"].as_str().unwrap_or_else(|| panic!("no error field: {}", self.text())).to_string()
    }
}

pub struct Browser {
    pub http: Client,
    pub base: String,
    /// The session's CSRF token, once signed in.
    pub csrf: String,
}

impl Browser {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Resp {
        send(self.http.get(self.url(path))).await
    }

    /// POSTs a form with the session's `_csrf` added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let mut all: Vec<(&str, &str)> = vec![("_csrf", &self.csrf)];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// POSTs exactly these fields.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        send(self.http.post(self.url(path)).form(fields)).await
    }

    /// POSTs a form whose CSRF token travels in the `X-CSRF-Token` header, as htmx sends it.
    pub async fn post_with_header(&self, path: &str, fields: &[(&str, &str)], token: &str) -> Resp {
        send(self.http.post(self.url(path)).header("X-CSRF-Token", token).form(fields)).await
    }

    /// POSTs JSON, with the CSRF header when `csrf` is set.
    pub async fn post_json(&self, path: &str, body: &Value, csrf: bool) -> Resp {
        let mut req = self.http.post(self.url(path)).json(body);
        if csrf {
            req = req.header("X-CSRF-Token", &self.csrf);
        }
        send(req).await
    }

    /// A multipart upload of one file in field `file`, the CSRF token in the query as the pages do.
    pub async fn upload(&self, path: &str, file_name: &str, mime: &str, data: &[u8]) -> Resp {
        let boundary = "zs-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {mime}\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let url = format!("{}{}_csrf={}", self.url(path), if path.contains('?') { '&' } else { '?' }, self.csrf);
        send(self.http.post(url).header(CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}")).body(body))
            .await
    }

    /// A multipart form with text fields and files (field `file`), the CSRF token in the query.
    pub async fn post_multipart(&self, path: &str, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Resp {
        let boundary = "zs-test-boundary-Qk2fW8aYt1";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").into_bytes(),
            );
        }
        for (name, data) in files {
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .into_bytes(),
            );
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").into_bytes());
        let url = format!("{}{}_csrf={}", self.url(path), if path.contains('?') { '&' } else { '?' }, self.csrf);
        send(self.http.post(url).header(CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}")).body(body))
            .await
    }

    /// The sign-in form as a person fills it: GET /login for the token, then POST.
    pub async fn try_sign_in(&self, username: &str, password: &str) -> Resp {
        let page = self.get("/login").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text());
        let token = hidden_csrf(&page.text()).expect("csrf on the sign-in page");
        self.post_raw("/login", &[("_csrf", &token), ("username", username), ("password", password)]).await
    }

    /// The JSON of a GET that must succeed.
    pub async fn get_json(&self, path: &str) -> Value {
        let r = self.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.text());
        r.json()
    }

    /// Id of the unit with this name (any signed-in user may list units).
    pub async fn unit_id(&self, name: &str) -> String {
        let units = self.get_json("/api/v1/units").await;
        units
            .as_array()
            .expect("unit list")
            .iter()
            .find(|u| u["name"] == name)
            .unwrap_or_else(|| panic!("no unit {name}"))["id"]
            .as_str()
            .expect("id")
            .to_string()
    }

    /// Id of the user with this login name, as visible to this browser.
    pub async fn user_id(&self, username: &str) -> String {
        let page = self.get_json(&format!("/api/v1/users?q={username}")).await;
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|u| u["username"] == username)
            .unwrap_or_else(|| panic!("no user {username}"))["id"]
            .as_str()
            .expect("id")
            .to_string()
    }
}

/// The first hidden `_csrf` value in a page.
pub fn hidden_csrf(html: &str) -> Option<String> {
    between(html, r#"name="_csrf" value=""#, "\"").map(str::to_string).filter(|s| !s.is_empty())
}

/// The text between the first `start` and the next `end`.
pub fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    let len = s[from..].find(end)?;
    Some(&s[from..from + len])
}

/// The cells of every row of the page's first table body, as text.
pub fn table_rows(html: &str) -> Vec<Vec<String>> {
    let Some(body) = between(html, "<tbody>", "</tbody>") else { return Vec::new() };
    body.split("<tr")
        .skip(1)
        .map(|row| row.split("<td").skip(1).map(|cell| strip_tags(&format!("<td{cell}")).trim().to_string()).collect())
        .collect()
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
