//! Use cases against real databases, each on SQLite and on PostgreSQL.

use zs_app::audit::Verification;
use zs_app::{App, Config, Principal};
use zs_domain::audit::ChainFault;
use zs_store::{both, q, Backend, Db};

async fn open(url: &str) -> App {
    let dir = std::env::temp_dir().join(format!("zs-app-{}", zs_domain::new_id()));
    App::open(Config::for_data_dir(dir, Some(url.to_string()))).await.expect("open app")
}

/// Switch off the append-only guard, as someone with direct database access could.
async fn tamper(db: &Db, sql: &'static str) {
    let mut tx = db.begin().await.unwrap();
    match tx.backend() {
        Backend::Sqlite => {
            q("DROP TRIGGER audit_events_no_update").execute(&mut tx).await.unwrap();
            q("DROP TRIGGER audit_events_no_delete").execute(&mut tx).await.unwrap();
        }
        Backend::Postgres => {
            q("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update").execute(&mut tx).await.unwrap();
        }
    }
    q(sql).execute(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
}

both!(verify_finds_edits_and_deletions, |db: Db, url: String| async move {
    db.close().await;
    let app = open(&url).await;
    app.load_demo(0, 0).await.unwrap();
    let console = Principal::console();
    for name in ["甲", "乙", "丙"] {
        let unit = zs_app::org::UnitInput {
            name: format!("测试单位{name}"),
            code: "CS".into(),
            kind: "其他".into(),
            ..Default::default()
        };
        app.create_unit(&console, &unit).await.unwrap();
    }
    let ok = app.audit_verify(None).await.unwrap();
    assert_eq!(ok.fault, None);
    assert!(ok.checked >= 4, "demo load and three units: {}", ok.checked);

    tamper(&app.db, "UPDATE audit_events SET detail = '篡改' WHERE seq = 2").await;
    let v: Verification = app.audit_verify(None).await.unwrap();
    assert_eq!(v.fault, Some(ChainFault::Edited { seq: 2 }));
    assert_eq!(v.checked, 1);
});

both!(verify_finds_a_deleted_event, |db: Db, url: String| async move {
    db.close().await;
    let app = open(&url).await;
    app.load_demo(0, 0).await.unwrap();
    app.audit_verify(None).await.unwrap(); // appends event 2
    app.audit_verify(None).await.unwrap(); // appends event 3
    tamper(&app.db, "DELETE FROM audit_events WHERE seq = 2").await;
    let v = app.audit_verify(None).await.unwrap();
    assert_eq!(v.fault, Some(ChainFault::Deleted { expected: 2, found: 3 }));
});

both!(a_loaded_year_reaches_every_node, |db: Db, url: String| async move {
    db.close().await;
    // Two nodes on one database: a year loaded on one is used by the other after its refresh.
    let a = open(&url).await;
    let b = open(&url).await;
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert!(b.calendar().is_workday(d("2027-10-04")), "no 2027 data yet: a Monday counts as a workday");
    let text = "year 2027\noff 2027-10-01..2027-10-07 国庆节\nwork 2027-10-09 国庆节调休\n";
    let data = a.load_calendar_year(Some(&Principal::console()), text).await.unwrap();
    assert_eq!(data.off_days(), 7);
    b.refresh_calendar().await.unwrap();
    let cal = b.calendar();
    assert!(!cal.is_workday(d("2027-10-04")));
    assert!(cal.is_workday(d("2027-10-09")), "Saturday makeup day");
    assert_eq!(cal.add_working_days(d("2027-09-30"), 1), d("2027-10-08"));

    let bad = a.load_calendar_year(Some(&Principal::console()), "year 2027\noff 2027-13-01 错\n").await;
    assert!(matches!(bad, Err(zs_app::AppError::Invalid(_))), "{bad:?}");
});

both!(demo_twice_changes_nothing, |db: Db, url: String| async move {
    db.close().await;
    let app = open(&url).await;
    let first = app.load_demo(0, 0).await.unwrap();
    assert!(first.created);
    assert_eq!(first.users, 150);
    let (head_before, _) = {
        let mut c = app.db.conn().await.unwrap();
        zs_store::audit::head(&mut c).await.unwrap()
    };
    let second = app.load_demo(0, 0).await.unwrap();
    assert!(!second.created);
    assert_eq!((second.users, second.units), (first.users, first.units));
    let mut c = app.db.conn().await.unwrap();
    assert_eq!(zs_store::audit::head(&mut c).await.unwrap().0, head_before, "nothing written the second time");
});

both!(opening_internal_material_is_audited, |db: Db, url: String| async move {
    use zs_domain::Classification;
    db.close().await;
    let app = open(&url).await;
    app.load_demo(0, 0).await.unwrap();
    let s = app.sign_in("ducha", zs_app::demo::DEMO_PASSWORD, "10.1.2.3", "test").await.unwrap();
    let p = app.session_principal(&s.token, "10.1.2.3").await.unwrap();
    let head = |app: &App| {
        let app = app.clone();
        async move { zs_store::audit::head(&mut app.db.conn().await.unwrap()).await.unwrap().0 }
    };
    let before = head(&app).await;
    for level in [Classification::Public, Classification::Internal, Classification::WorkSecret] {
        let mut tx = app.db.begin().await.unwrap();
        app.record_open(&mut tx, &p, "document", "doc-1", level).await.unwrap();
        tx.commit().await.unwrap();
    }
    assert_eq!(head(&app).await, before + 2, "内部 and 工作秘密 openings are recorded, 非密 ones are not");
    let shenji = app.sign_in("shenji", zs_app::demo::DEMO_PASSWORD, "127.0.0.1", "test").await.unwrap();
    let auditor = app.session_principal(&shenji.token, "127.0.0.1").await.unwrap();
    let filter = zs_app::AuditFilter { action: Some("record.open".into()), limit: 10, ..Default::default() };
    let (events, _) = app.audit_list(&auditor, &filter).await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!((events[0].ip.as_str(), events[0].detail.as_str()), ("10.1.2.3", "查阅工作秘密级材料"));
});

// A backup keeps the attachment files too: lost after the backup (a disk cleaned up, a row dropped), they
// come back with the restore.
both!(backup_and_restore_bring_back_attachment_files, |db: Db, url: String| async move {
    db.close().await;
    let app = open(&url).await;
    let bytes = "附件：青禾镇冬季森林防火方案".as_bytes();
    let mut tx = app.db.begin().await.unwrap();
    let sha = app.blobs.put(&mut tx, bytes, 1).await.unwrap();
    tx.commit().await.unwrap();

    let dir = std::env::temp_dir().join(format!("zs-bk-{}", zs_domain::new_id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("backup.bin");
    let copied = app.backup(&file).await.unwrap();
    let backend = app.db.backend();
    match &app.blobs {
        zs_store::blobs::Blobs::Dir(blob_dir) => {
            assert_eq!(copied, 1, "the one file is copied beside the backup");
            std::fs::remove_dir_all(blob_dir).unwrap();
        }
        zs_store::blobs::Blobs::Database => {
            assert_eq!(backend, Backend::Postgres);
            let mut tx = app.db.begin().await.unwrap();
            q("DELETE FROM blob_data").execute(&mut tx).await.unwrap();
            tx.commit().await.unwrap();
        }
    }
    let mut c = app.db.conn().await.unwrap();
    assert!(app.blobs.get(&mut c, &sha).await.unwrap_or(None).is_none(), "the file is gone");
    drop(c);
    let config = (*app.config).clone();
    app.db.close().await;

    zs_app::restore(&config, &file).await.unwrap();
    let app = App::open(config).await.unwrap();
    let mut c = app.db.conn().await.unwrap();
    assert_eq!(app.blobs.get(&mut c, &sha).await.unwrap().as_deref(), Some(bytes), "back after the restore");
});
