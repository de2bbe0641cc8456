//! What the app's integration tests share: an App on a test database with the test clock, the demo
//! county, signing in as a demo account, finding units, dates.
#![allow(dead_code)]

use zs_app::{App, Config, Principal};

/// An App on `url` with the test clock enabled (no demo data).
pub async fn app(url: &str) -> App {
    let dir = std::env::temp_dir().join(format!("zs-app-{}", zs_domain::new_id()));
    let mut config = Config::for_data_dir(dir, Some(url.to_string()));
    config.test_clock = true;
    App::open(config).await.expect("open app")
}

/// An App with the demo county loaded and today set to Monday 2026-11-23.
pub async fn demo(url: &str) -> App {
    let app = app(url).await;
    app.load_demo(0, 0).await.unwrap();
    app.set_test_today(d("2026-11-23")).unwrap();
    app
}

/// A demo account, signed in.
pub async fn who(app: &App, username: &str) -> Principal {
    let s = app.sign_in(username, zs_app::demo::DEMO_PASSWORD, "127.0.0.1", "test").await.expect("sign in");
    app.session_principal(&s.token, "127.0.0.1").await.expect("session")
}

pub async fn unit_id(app: &App, name: &str) -> String {
    app.unit_tree().await.unwrap().into_iter().find(|n| n.unit.name == name).expect(name).unit.id
}

pub fn d(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}
