//! The store on both backends: every test here runs once on SQLite and once on PostgreSQL.

use zs_domain::audit::ChainVerifier;
use zs_domain::{Classification, ListScope, Role, Unit, UnitKind, User};
use zs_store::audit::{self, AuditFilter, NewEvent};
use zs_store::org::{self, UserFilter};
use zs_store::{auth, both, settings, Db};

fn unit(id: &str, name: &str, kind: UnitKind, parent: Option<&str>) -> Unit {
    Unit {
        id: id.into(),
        parent_id: parent.map(Into::into),
        name: name.into(),
        code: "BGS".into(),
        kind,
        sort: 0,
        active: true,
    }
}

fn user(id: &str, username: &str, name: &str, unit: &str, roles: &[Role]) -> User {
    User {
        id: id.into(),
        username: username.into(),
        name: name.into(),
        unit_id: unit.into(),
        position: "科员".into(),
        phone: "13800000000".into(),
        email: String::new(),
        clearance: Classification::Internal,
        active: true,
        roles: roles.to_vec(),
    }
}

async fn seed(db: &Db) {
    let mut tx = db.begin().await.unwrap();
    org::insert_unit(&mut tx, &unit("office", "县政府办公室", UnitKind::Office, None), 1).await.unwrap();
    org::insert_unit(&mut tx, &unit("town1", "青山镇", UnitKind::Town, None), 1).await.unwrap();
    org::insert_unit(&mut tx, &unit("town2", "白水镇", UnitKind::Town, None), 1).await.unwrap();
    org::insert_user(&mut tx, &user("u1", "zhangwei", "张伟", "office", &[Role::Supervisor]), "h1", true, 1)
        .await
        .unwrap();
    org::insert_user(&mut tx, &user("u2", "lina", "李娜", "town1", &[Role::Liaison]), "h2", false, 1).await.unwrap();
    org::insert_user(
        &mut tx,
        &user("u3", "wangfang", "王芳", "town2", &[Role::Liaison, Role::Drafter]),
        "h3",
        false,
        1,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

both!(users_round_trip_and_scope_filters_in_sql, |db: Db, _url| async move {
    seed(&db).await;
    let mut c = db.conn().await.unwrap();
    let u = org::get_user(&mut c, "u3").await.unwrap().unwrap();
    assert_eq!(u.name, "王芳");
    assert_eq!(u.roles, vec![Role::Drafter, Role::Liaison]);
    let cred = org::credentials(&mut c, "zhangwei").await.unwrap().unwrap();
    assert_eq!(cred.password_hash, "h1");
    assert!(cred.must_change_password);

    let all = ListScope { units: None, max_rank: 5 };
    let page = UserFilter { limit: 50, ..Default::default() };
    let (users, total) = org::list_users(&mut c, &all, &page).await.unwrap();
    assert_eq!((users.len(), total), (3, 3));

    let town1 = ListScope { units: Some(vec!["town1".into()]), max_rank: 5 };
    let (users, total) = org::list_users(&mut c, &town1, &page).await.unwrap();
    assert_eq!(total, 1);
    assert_eq!(users[0].username, "lina");

    let by_text = UserFilter { text: Some("王".into()), ..page.clone() };
    let (users, _) = org::list_users(&mut c, &all, &by_text).await.unwrap();
    assert_eq!(users.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(), vec!["u3"]);

    let by_role = UserFilter { role: Some(Role::Liaison), ..page.clone() };
    assert_eq!(org::list_users(&mut c, &all, &by_role).await.unwrap().1, 2);
    let paged = UserFilter { limit: 2, offset: 2, ..page };
    let (users, total) = org::list_users(&mut c, &all, &paged).await.unwrap();
    assert_eq!((users.len(), total), (1, 3));
});

both!(unique_names_are_refused_and_nothing_half_written, |db: Db, _url| async move {
    seed(&db).await;
    let mut tx = db.begin().await.unwrap();
    org::insert_unit(&mut tx, &unit("town3", "红岩镇", UnitKind::Town, None), 1).await.unwrap();
    let err = org::insert_user(&mut tx, &user("u9", "zhangwei", "张伟", "town3", &[]), "h", true, 1).await.unwrap_err();
    assert!(err.is_unique_violation(), "{err}");
    drop(tx); // rolled back: the unit inserted before the failure is gone too
    let mut c = db.conn().await.unwrap();
    assert!(org::unit_by_name(&mut c, "红岩镇").await.unwrap().is_none());
});

both!(audit_chain_appends_and_verifies, |db: Db, _url| async move {
    for i in 0..25 {
        let mut tx = db.begin().await.unwrap();
        let ev = NewEvent {
            actor_id: Some("u1".into()),
            actor_name: "张伟".into(),
            action: if i % 2 == 0 { "auth.sign_in".into() } else { "user.update".into() },
            target_kind: "user".into(),
            target_id: format!("t{i}"),
            detail: format!("第{i}次"),
            ip: "127.0.0.1".into(),
        };
        assert_eq!(audit::append(&mut tx, ev, 1000 + i).await.unwrap(), i + 1);
        tx.commit().await.unwrap();
    }
    let mut c = db.conn().await.unwrap();
    let mut v = ChainVerifier::default();
    let mut after = 0;
    loop {
        let batch = audit::batch(&mut c, after, 10).await.unwrap();
        if batch.is_empty() {
            break;
        }
        for e in &batch {
            v.feed(e).unwrap();
            after = e.seq;
        }
    }
    let (seq, hash) = audit::head(&mut c).await.unwrap();
    assert_eq!(seq, 25);
    v.finish(seq, &hash).unwrap();

    let f = AuditFilter { action: Some("auth.".into()), limit: 5, ..Default::default() };
    let (page, total) = audit::list(&mut c, &f).await.unwrap();
    assert_eq!(total, 13);
    assert_eq!(page.len(), 5);
    assert_eq!(page[0].seq, 25, "newest first");
    let f = AuditFilter { from_ms: Some(1010), to_ms: Some(1012), ..AuditFilter { limit: 50, ..Default::default() } };
    assert_eq!(audit::list(&mut c, &f).await.unwrap().1, 2);

    // The trail is append-only in the database itself.
    let mut tx = db.begin().await.unwrap();
    assert!(zs_store::q("UPDATE audit_events SET detail = 'x' WHERE seq = 1").execute(&mut tx).await.is_err());
    drop(tx);
    let mut tx = db.begin().await.unwrap();
    assert!(zs_store::q("DELETE FROM audit_events WHERE seq = 2").execute(&mut tx).await.is_err());
});

both!(concurrent_appends_keep_one_chain, |db: Db, _url| async move {
    let mut tasks = Vec::new();
    for t in 0..8 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..10 {
                let mut tx = db.begin().await.unwrap();
                let ev = NewEvent {
                    actor_name: format!("w{t}"),
                    action: "x.y".into(),
                    detail: format!("{i}"),
                    ..Default::default()
                };
                audit::append(&mut tx, ev, i).await.unwrap();
                tx.commit().await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut c = db.conn().await.unwrap();
    let events = audit::batch(&mut c, 0, 1000).await.unwrap();
    assert_eq!(events.len(), 80);
    let mut v = ChainVerifier::default();
    for e in &events {
        v.feed(e).unwrap();
    }
    let (seq, hash) = audit::head(&mut c).await.unwrap();
    v.finish(seq, &hash).unwrap();
});

both!(sessions_tokens_and_throttle, |db: Db, _url| async move {
    seed(&db).await;
    let mut tx = db.begin().await.unwrap();
    auth::insert_session(&mut tx, "h-s1", "u1", "csrf1", 100, "127.0.0.1", "test").await.unwrap();
    auth::insert_session(&mut tx, "h-s2", "u1", "csrf2", 100, "127.0.0.1", "test").await.unwrap();
    tx.commit().await.unwrap();
    let mut c = db.conn().await.unwrap();
    let s = auth::get_session(&mut c, "h-s1").await.unwrap().unwrap();
    assert_eq!((s.user_id.as_str(), s.csrf.as_str(), s.last_seen_ms), ("u1", "csrf1", 100));
    drop(c);

    let mut tx = db.begin().await.unwrap();
    auth::touch_session(&mut tx, "h-s1", 500).await.unwrap();
    assert_eq!(auth::delete_sessions_of(&mut tx, "u1", Some("h-s1")).await.unwrap(), 1);
    assert_eq!(auth::purge_sessions(&mut tx, 400, 0).await.unwrap(), 0);
    assert_eq!(auth::purge_sessions(&mut tx, 600, 0).await.unwrap(), 1);

    assert_eq!(auth::throttle_fail(&mut tx, "nobody", 1).await.unwrap(), 1);
    assert_eq!(auth::throttle_fail(&mut tx, "nobody", 2).await.unwrap(), 2);
    auth::throttle_lock(&mut tx, "nobody", 99).await.unwrap();
    assert_eq!(auth::throttle_locked_until(&mut tx, "nobody").await.unwrap(), 99);
    auth::throttle_clear(&mut tx, "nobody").await.unwrap();
    assert_eq!(auth::throttle_locked_until(&mut tx, "nobody").await.unwrap(), 0);

    let t = auth::TokenRow {
        id: "t1".into(),
        user_id: "u1".into(),
        name: "脚本".into(),
        scope: "read".into(),
        created_ms: 1,
        last_used_ms: None,
        revoked_ms: None,
    };
    auth::insert_token(&mut tx, &t, "th").await.unwrap();
    assert!(!auth::revoke_token(&mut tx, "u2", "t1", 5).await.unwrap(), "only its owner revokes a token");
    assert!(auth::revoke_token(&mut tx, "u1", "t1", 5).await.unwrap());
    assert_eq!(auth::token_by_hash(&mut tx, "th").await.unwrap().unwrap().revoked_ms, Some(5));
    tx.commit().await.unwrap();
});

both!(settings_and_calendar_years, |db: Db, _url| async move {
    let mut tx = db.begin().await.unwrap();
    settings::put(&mut tx, "k", "v1").await.unwrap();
    settings::put(&mut tx, "k", "v2").await.unwrap();
    let row =
        settings::CalendarYearRow {
            year: 2027, source: "year 2027\n".into(), loaded_by: "张伟".into(), loaded_ms: 7
        };
    settings::put_calendar_year(&mut tx, &row).await.unwrap();
    settings::put_calendar_year(&mut tx, &settings::CalendarYearRow { loaded_ms: 8, ..row }).await.unwrap();
    tx.commit().await.unwrap();
    let mut c = db.conn().await.unwrap();
    assert_eq!(settings::get(&mut c, "k").await.unwrap().as_deref(), Some("v2"));
    assert_eq!(settings::get(&mut c, "none").await.unwrap(), None);
    assert_eq!(settings::calendar_stamp(&mut c).await.unwrap(), (1, 8));
    assert_eq!(settings::calendar_years(&mut c).await.unwrap()[0].year, 2027);
});

both!(backup_and_restore_compare, |db: Db, url: String| async move {
    seed(&db).await;
    let dir = std::env::temp_dir().join(format!("zs-bk-{}", zs_domain::new_id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("backup.bin");
    db.backup(&url, &file).await.unwrap();
    assert!(db.backup(&url, &file).await.is_err(), "an existing backup is never overwritten");

    // Change the live data after the backup, then restore and compare with what was backed up.
    let mut tx = db.begin().await.unwrap();
    org::insert_unit(&mut tx, &unit("late", "后加单位", UnitKind::Other, None), 2).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    zs_store::backup::restore(&url, &file).await.unwrap();
    let db = Db::connect(&url).await.unwrap();
    let mut c = db.conn().await.unwrap();
    let names: Vec<String> = org::list_units(&mut c).await.unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(!names.contains(&"后加单位".to_string()));
    assert_eq!(org::get_user(&mut c, "u3").await.unwrap().unwrap().roles.len(), 2);

    let junk = dir.join("junk.bin");
    std::fs::write(&junk, b"not a backup").unwrap();
    assert!(zs_store::backup::restore(&url, &junk).await.is_err());
});
