//! `zhongshu archive check` and `zhongshu reindex` end to end: the real binary on a data directory the test
//! fills through the use cases (the demo county, a 发文 filed as a 件, an information item). The check exits 0
//! when every 件 passes and 1, naming the 件, once its PDF is altered on disk; the rebuild prints its progress
//! and leaves every kind of record searchable.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use zs_app::documents::{DocStep, NewDistribution};
use zs_app::search::SearchInput;
use zs_app::{App, Config, Principal};
use zs_domain::document::{Content, DocState, DocType};

/// Removes the data directory when the test passed (kept for a look when it failed).
struct DataDir(PathBuf);

impl Drop for DataDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn data_dir() -> DataDir {
    DataDir(std::env::temp_dir().join(format!("zs-cli-archive-{}", zs_domain::new_id())))
}

/// `zhongshu ARGS` on `data_dir` (SQLite, blobs in `data_dir/blobs`), away from any database or config file
/// set in the environment.
fn zhongshu(args: &[&str], data_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhongshu"))
        .args(args)
        .env("ZHONGSHU_DATA_DIR", data_dir)
        .env_remove("ZHONGSHU_DATABASE_URL")
        .env_remove("ZHONGSHU_CONFIG")
        .env_remove("ZHONGSHU_BLOB_DIR")
        .output()
        .expect("run zhongshu")
}

/// The App the binary opens on the same directory, with the demo county.
async fn demo_app(dir: &Path) -> App {
    let app = App::open(Config::for_data_dir(dir.to_path_buf(), None)).await.expect("open app");
    app.load_demo(0, 0).await.unwrap();
    app
}

async fn who(app: &App, username: &str) -> Principal {
    let s = app.sign_in(username, zs_app::demo::DEMO_PASSWORD, "127.0.0.1", "test").await.unwrap();
    app.session_principal(&s.token, "127.0.0.1").await.unwrap()
}

/// A 发文 of the office from 起草 to 核发.
async fn dispatched(app: &App, title: &str) -> String {
    let (mishu, mishu3, zhuren, wenshu) =
        (who(app, "mishu").await, who(app, "mishu3").await, who(app, "zhuren").await, who(app, "wenshu").await);
    let code = app.agency_codes().await.unwrap().into_iter().find(|c| c.code == "青政办发").unwrap().id;
    let content = Content {
        agency_code_id: Some(code),
        title: title.into(),
        to: "各乡镇人民政府：".into(),
        body: "请各乡镇落实冬季森林防火责任，按时报送排查情况。".into(),
        ..Content::blank(DocType::Notice)
    };
    let id = app.create_draft(&mishu, &content).await.unwrap().id;
    let steps = [
        (&mishu, DocStep::Submit { reviewer_id: mishu3.user.id.clone(), signer_id: zhuren.user.id.clone() }),
        (&mishu3, DocStep::ToSignOff),
        (&zhuren, DocStep::SignOff { opinion: "同意".into(), override_reason: String::new() }),
        (&wenshu, DocStep::Recheck { note: String::new() }),
        (
            &wenshu,
            DocStep::Register {
                distributions: vec![NewDistribution { unit_id: None, name: "县档案馆".into(), copies: 1 }],
                copies: 0,
                pages: 0,
            },
        ),
        (&wenshu, DocStep::Produce),
        (&wenshu, DocStep::Dispatch),
    ];
    let mut state = DocState::Drafting;
    for (p, s) in steps {
        state = app.step_document(p, &id, s).await.unwrap_or_else(|e| panic!("{e}")).state;
    }
    assert_eq!(state, DocState::Dispatched);
    id
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[tokio::test]
async fn archive_check_exits_1_when_a_blob_is_altered_on_disk() {
    let dir = data_dir();
    let app = demo_app(&dir.0).await;
    let dangan = who(&app, "dangan").await;
    let doc = dispatched(&app, "青禾县人民政府办公室关于做好冬季森林防火工作的通知").await;
    app.step_document(&dangan, &doc, DocStep::Archive { retention: None }).await.unwrap();
    let record = app.archive_of_document(&doc).await.unwrap().expect("filed");
    let (_, files) = app.archive_record(&dangan, &record.id).await.unwrap();
    app.db.close().await;

    // Everything intact: status 0 and the summary.
    let out = zhongshu(&["archive", "check"], &dir.0);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("四性检测1件，通过1件，未通过0件"), "{stdout}");
    let all = zhongshu(&["archive", "check", "--all", "--year", &record.year.to_string()], &dir.0);
    assert_eq!(all.status.code(), Some(0));
    assert!(text(&all.stdout).contains(&format!("{} 真实性✓ 完整性✓ 可用性✓ 安全性✓", record.archival_code)));

    // One byte of the archival PDF changed on disk: status 1, the 件 named with what failed.
    let path = dir.0.join("blobs").join(&files[0].sha256[..2]).join(&files[0].sha256);
    let mut bytes = std::fs::read(&path).expect("the PDF's blob on disk");
    let n = bytes.len();
    bytes[n / 2] ^= 0x20;
    std::fs::write(&path, &bytes).unwrap();
    let out = zhongshu(&["archive", "check"], &dir.0);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    let line = stdout.lines().find(|l| l.starts_with(&record.archival_code)).unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.contains("真实性✗") && line.contains("SHA-256不符"), "{line}");
    assert!(stdout.contains("未通过1件"), "{stdout}");

    // A missing blob fails too.
    std::fs::remove_file(&path).unwrap();
    let out = zhongshu(&["archive", "check"], &dir.0);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("完整性✗"), "{}", text(&out.stdout));
}

#[tokio::test]
async fn reindex_prints_progress_and_leaves_every_kind_searchable() {
    let dir = data_dir();
    let app = demo_app(&dir.0).await;
    let doc = dispatched(&app, "青禾县人民政府办公室关于开展雪豹栖息地巡护的通知").await;
    let news = zs_app::affairs::NewInfo {
        category: zs_domain::affairs::info::InfoCategory::News,
        title: "青禾镇组织护林员开展雪豹巡护".into(),
        body: "青禾镇组织护林员开展冬季巡护。".into(),
        commission_id: None,
    };
    let info = app.submit_info(&who(&app, "xz01").await, &news).await.unwrap().item;
    app.db.close().await;

    let out = zhongshu(&["reindex"], &dir.0);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    // A progress bar on stderr that reaches the end, and the count on stdout.
    assert!(stderr.contains("重建检索索引 [") && stderr.contains("100%"), "{stderr}");
    let last = stderr.rsplit('\r').find(|s| !s.trim().is_empty()).unwrap_or_default();
    let (done, total) =
        last.trim().rsplit_once(' ').and_then(|(_, n)| n.split_once('/')).unwrap_or_else(|| panic!("{last}"));
    assert_eq!(done, total, "{last}");
    assert!(stdout.contains(&format!("已重建检索索引：{total} 条记录")), "{stdout}");

    // Documents and information items are found after it — the demo's items too, which the demo loads
    // without indexing them.
    let app = App::open(Config::for_data_dir(dir.0.clone(), None)).await.unwrap();
    let search = |p: Principal, q: &str| {
        let (app, q) = (app.clone(), q.to_string());
        async move {
            let input = SearchInput { q, page: 1, ..Default::default() };
            app.search(&p, &input).await.unwrap().hits.into_iter().map(|h| (h.kind, h.record_id)).collect::<Vec<_>>()
        }
    };
    let mishu = who(&app, "mishu").await;
    assert!(search(mishu, "雪豹栖息地").await.contains(&("document".to_string(), doc)));
    let xinxi = who(&app, "xinxi").await;
    assert_eq!(search(xinxi.clone(), "雪豹巡护").await, [("info_item".to_string(), info.id)]);
    let demo_item = search(xinxi, "农田水利").await;
    assert!(demo_item.iter().any(|(k, _)| k == "info_item"), "{demo_item:?}");
    app.db.close().await;
}
