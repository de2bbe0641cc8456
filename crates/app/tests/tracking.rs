//! The tracked-item engine end to end, on SQLite and on PostgreSQL.

use zs_app::tracking::{NewItem, Step};
use zs_app::{App, AppError, ItemFilter};
use zs_domain::tracking::{Cycle, Kind, State, Warning};
use zs_store::{both, Db};

mod support;
use support::{d, unit_id, who};

async fn new_item(app: &App, due: chrono::NaiveDate, co: bool) -> NewItem {
    let leader = who(app, "xianzhang").await.user.id;
    NewItem {
        kind: Kind::Supervision,
        source_kind: "instruction".into(),
        source_id: String::new(),
        source_title: "县长批示".into(),
        title: "农村公路冬季养护".into(),
        requirement: "排查隐患路段，11月底前完成整治。".into(),
        category: None,
        measures: String::new(),
        lead_unit_id: unit_id(app, "青禾镇").await,
        co_unit_ids: if co { vec![unit_id(app, "白水镇").await] } else { Vec::new() },
        owner_name: "马静怡".into(),
        leader_id: Some(leader),
        due,
        cycle: Cycle::Weekly,
        assign: true,
    }
}

both!(a_matter_for_two_towns_is_signed_reported_extended_and_closed, |db: Db, url: String| async move {
    db.close().await;
    let app = support::app(&url).await;
    app.load_demo(0, 0).await.unwrap();
    app.set_test_today(d("2026-11-23")).unwrap();
    let ducha = who(&app, "ducha").await;
    let xz01 = who(&app, "xz01").await;
    let xz02 = who(&app, "xz02").await;

    let item = app.create_item(&ducha, &new_item(&app, d("2026-12-04"), true).await).await.unwrap();
    assert_eq!(item.state, State::Assigned);
    let view = app.item(&ducha, &item.id).await.unwrap();
    assert_eq!(view.parts.len(), 2);
    let (p1, p2) = (view.parts[0].id.clone(), view.parts[1].id.clone());
    assert!(view.parts[0].is_lead);
    assert_eq!(view.parts[0].report_due, Some(d("2026-11-30")), "weekly from the day of assignment");

    // A town sees its own part only.
    let (mine, total) = app.list_items(&xz01, ItemFilter { limit: 50, ..Default::default() }).await.unwrap();
    assert_eq!((total, mine[0].id.as_str()), (1, p1.as_str()));
    assert!(matches!(app.item(&xz01, &p2).await, Err(AppError::NotFound(_))), "another town's part is invisible");
    assert!(matches!(app.step_item(&xz01, &p2, Step::Acknowledge).await, Err(AppError::NotFound(_))));
    // The office sees the matter.
    let (office, _) = app.list_items(&ducha, ItemFilter { limit: 50, ..Default::default() }).await.unwrap();
    assert_eq!(office.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), vec![item.id.as_str()]);

    // Out of order, wrong party, bad input: refused with Chinese reasons, nothing changed.
    let e = app.step_item(&xz01, &p1, Step::Report { text: "已排查".into(), progress: 30 }).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("待签收")), "{e}");
    let e = app.step_item(&ducha, &p1, Step::Acknowledge).await.unwrap_err();
    assert!(matches!(e, AppError::Denied(ref m) if m.contains("承办单位")), "{e}");

    app.step_item(&xz01, &p1, Step::Acknowledge).await.unwrap();
    let e = app.step_item(&xz01, &p1, Step::Report { text: "已排查".into(), progress: 150 }).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "{e}");
    let part =
        app.step_item(&xz01, &p1, Step::Report { text: "已排查隐患路段12处".into(), progress: 40 }).await.unwrap();
    assert_eq!((part.state, part.progress), (State::InProgress, 40));
    let parent = app.item(&ducha, &item.id).await.unwrap().item;
    assert_eq!(parent.state, State::Assigned, "the matter waits for its least advanced part");
    assert_eq!(parent.progress, 20);

    app.step_item(&xz01, &p1, Step::RequestClose { result: "12处隐患已整治".into(), rule: String::new() })
        .await
        .unwrap();
    let closed = app.step_item(&ducha, &p1, Step::Close { note: "同意".into() }).await.unwrap();
    assert_eq!(closed.state, State::Closed);
    assert_eq!(closed.close_days, Some(0), "closed on the day it was assigned (test clock)");
    let e = app.step_item(&xz01, &p1, Step::Report { text: "补充".into(), progress: 100 }).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("已销号")), "feedback on a closed item: {e}");

    // 白水镇 asks for more time: a Saturday is refused with the next working day offered.
    app.step_item(&xz02, &p2, Step::Acknowledge).await.unwrap();
    let e = app
        .step_item(&xz02, &p2, Step::RequestExtension { due: d("2026-12-12"), reason: "雨雪天气".into() })
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Invalid(ref i) if i.message.contains("2026年12月14日")), "{e}");
    app.step_item(&xz02, &p2, Step::RequestExtension { due: d("2026-12-14"), reason: "雨雪天气".into() })
        .await
        .unwrap();
    let e = app
        .step_item(&xz02, &p2, Step::RequestExtension { due: d("2026-12-15"), reason: "再延".into() })
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Conflict(_)), "one pending request at a time: {e}");
    assert!(matches!(
        app.step_item(&xz02, &p2, Step::DecideExtension { approve: true, note: String::new() }).await,
        Err(AppError::Denied(_))
    ));
    let p = app.step_item(&ducha, &p2, Step::DecideExtension { approve: true, note: "同意".into() }).await.unwrap();
    assert_eq!((p.due, p.extension_count), (d("2026-12-14"), 1));

    app.step_item(&xz02, &p2, Step::RequestClose { result: "已完成".into(), rule: String::new() }).await.unwrap();
    let back = app.step_item(&ducha, &p2, Step::Return { reason: "缺少现场照片".into() }).await.unwrap();
    assert_eq!(back.state, State::InProgress);
    app.step_item(&xz02, &p2, Step::RequestClose { result: "已补充照片".into(), rule: String::new() }).await.unwrap();
    app.step_item(&ducha, &p2, Step::Close { note: String::new() }).await.unwrap();

    let done = app.item(&ducha, &item.id).await.unwrap();
    assert_eq!(done.item.state, State::Closed);
    assert_eq!(done.item.due, d("2026-12-14"), "the matter's deadline follows its latest part");
    assert_eq!(done.item.extension_count, 1);
    assert_eq!(done.item.warning, None);
    assert!(done.events.len() >= 12, "every step is in the history: {}", done.events.len());
    let (trail, _) = {
        let shenji = who(&app, "shenji").await;
        app.audit_list(
            &shenji,
            &zs_app::AuditFilter { action: Some("tracking.".into()), limit: 100, ..Default::default() },
        )
        .await
        .unwrap()
    };
    assert!(trail.len() >= 12, "every step is audited: {}", trail.len());
});

both!(deadlines_must_be_future_working_days, |db: Db, url: String| async move {
    db.close().await;
    let app = support::app(&url).await;
    app.load_demo(0, 0).await.unwrap();
    app.set_test_today(d("2026-09-28")).unwrap();
    let ducha = who(&app, "ducha").await;
    let e = app.create_item(&ducha, &new_item(&app, d("2026-10-03"), false).await).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(ref i) if i.message.contains("2026年10月8日")), "{e}");
    let e = app.create_item(&ducha, &new_item(&app, d("2026-09-25"), false).await).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "{e}");
    let xz01 = who(&app, "xz01").await;
    let e = app.create_item(&xz01, &new_item(&app, d("2026-10-09"), false).await).await.unwrap_err();
    assert!(matches!(e, AppError::Denied(_)), "a town does not assign: {e}");
    let (_, total) = app.list_items(&ducha, ItemFilter { limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(total, 0, "nothing half-written");
});

both!(warnings_and_reminders_follow_the_working_day_clock, |db: Db, url: String| async move {
    db.close().await;
    let a = support::app(&url).await;
    a.load_demo(0, 0).await.unwrap();
    let b = support::app(&url).await; // a second node on the same database
    for node in [&a, &b] {
        node.set_test_today(d("2026-11-23")).unwrap();
    }
    let ducha = who(&a, "ducha").await;
    let item = a.create_item(&ducha, &new_item(&a, d("2026-12-04"), true).await).await.unwrap();
    let board = a.warning_board(&ducha, None, None).await.unwrap();
    assert_eq!((board.total.green, board.total.red), (2, 0));

    // Two working days before the deadline: yellow, and one "due:3" reminder per part, sent once
    // even though both nodes sweep at the same moment.
    for node in [&a, &b] {
        node.set_test_today(d("2026-12-02")).unwrap();
    }
    let (ra, rb) = tokio::join!(a.sweep_reminders(), b.sweep_reminders());
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    // Weekly reports were due 11-30 and missed as well: due:3 and report:2026-11-30 for each part.
    assert_eq!(ra.reminders + rb.reminders, 4, "{ra:?} {rb:?}");
    assert_eq!(a.sweep_reminders().await.unwrap().reminders, 0, "a second sweep the same day sends nothing");
    let view = a.item(&ducha, &item.id).await.unwrap();
    assert!(
        view.parts.iter().all(|p| p.warning == Some(Warning::Yellow)),
        "{:?}",
        view.parts.iter().map(|p| p.warning).collect::<Vec<_>>()
    );
    assert_eq!(view.item.warning, Some(Warning::Yellow));

    // Past the deadline: red, an overdue reminder a day, and the leader hears of it after two working days.
    for node in [&a, &b] {
        node.set_test_today(d("2026-12-08")).unwrap();
    }
    let r = a.sweep_reminders().await.unwrap();
    assert_eq!(r.reminders, 4, "overdue and escalate for each part: {r:?}");
    let board = a.warning_board(&ducha, None, None).await.unwrap();
    assert_eq!(board.total.red, 2);
    assert_eq!(board.by_leader.len(), 1);
    assert_eq!(board.by_leader[0].1.red, 1);
    let leader = who(&a, "xianzhang").await;
    let todos = a.workbench(&leader).await.unwrap();
    assert!(todos.iter().any(|t| t.title.contains("已逾期")), "{todos:?}");
    let liaison = who(&a, "xz01").await;
    let notes = a.notifications(&liaison, false).await.unwrap();
    assert!(notes.len() >= 3, "assignment, reminders: {}", notes.len());
    let todos = a.workbench(&liaison).await.unwrap();
    assert!(todos.iter().any(|t| t.title.contains("待签收")), "{todos:?}");
});

both!(a_monthly_bulletin_is_drafted_from_the_statistics, |db: Db, url: String| async move {
    db.close().await;
    let app = support::demo(&url).await;
    let ducha = who(&app, "ducha").await;
    let (xz01, xz02) = (who(&app, "xz01").await, who(&app, "xz02").await);
    // Two matters in November: one closed on time by 青禾镇, one left open by 白水镇 past its deadline.
    let first = app.create_item(&ducha, &new_item(&app, d("2026-11-25"), false).await).await.unwrap();
    let second = NewItem {
        title: "村级道路安全隐患整治".into(),
        lead_unit_id: unit_id(&app, "白水镇").await,
        ..new_item(&app, d("2026-11-26"), false).await
    };
    let second = app.create_item(&ducha, &second).await.unwrap();
    let part = app.item(&ducha, &first.id).await.unwrap().parts[0].id.clone();
    app.step_item(&xz01, &part, Step::Acknowledge).await.unwrap();
    app.step_item(&xz01, &part, Step::RequestClose { result: "已完成".into(), rule: String::new() }).await.unwrap();
    app.step_item(&ducha, &part, Step::Close { note: String::new() }).await.unwrap();
    let late = app.item(&ducha, &second.id).await.unwrap().parts[0].id.clone();
    app.step_item(&xz02, &late, Step::Acknowledge).await.unwrap();
    app.set_test_today(d("2026-11-30")).unwrap();

    assert!(matches!(
        app.draft_bulletin(&xz01, zs_app::bulletin::Period::Month(d("2026-11-30"))).await,
        Err(AppError::Denied(_))
    ));
    let doc = app.draft_bulletin(&ducha, zs_app::bulletin::Period::Month(d("2026-11-30"))).await.unwrap();
    assert_eq!(doc.content.doc_type, zs_domain::document::DocType::Bulletin);
    assert_eq!(doc.content.title, "青禾县人民政府办公室关于2026年11月督查督办事项办理情况的通报");
    let body = &doc.content.body;
    assert!(body.contains("共向各单位交办事项2项，已按时办结1项"), "{body}");
    assert!(body.contains("|青禾镇|1|1|0|0|100.0%|"), "{body}");
    assert!(body.contains("|白水镇|1|0|0|1|0.0%|"), "{body}");
    assert!(body.contains("|1|白水镇|村级道路安全隐患整治|2026年11月26日|2|"), "the overdue item by unit: {body}");
    // It is an ordinary 办文 draft: the supervisor submits it for review like any other.
    let (mishu3, zhuren) = (who(&app, "mishu3").await, who(&app, "zhuren").await);
    let submit =
        zs_app::documents::DocStep::Submit { reviewer_id: mishu3.user.id.clone(), signer_id: zhuren.user.id.clone() };
    let doc = app.step_document(&ducha, &doc.id, submit).await.unwrap();
    assert_eq!(doc.state, zs_domain::document::DocState::Reviewing);
});

// Two people acting on one part at the same moment (two nodes on PostgreSQL): the steps run one after the
// other, the second judged on the first's result, and the matter's roll-up sees both parts.
both!(simultaneous_steps_on_one_item_are_serialised, |db: Db, url: String| async move {
    db.close().await;
    let app = support::app(&url).await;
    app.load_demo(0, 0).await.unwrap();
    app.set_test_today(d("2026-11-23")).unwrap();
    let ducha = who(&app, "ducha").await;
    let xz01 = who(&app, "xz01").await;
    let xz02 = who(&app, "xz02").await;
    let item = app.create_item(&ducha, &new_item(&app, d("2026-12-04"), true).await).await.unwrap();
    let view = app.item(&ducha, &item.id).await.unwrap();
    let (p1, p2) = (view.parts[0].id.clone(), view.parts[1].id.clone());

    let (a, b) =
        tokio::join!(app.step_item(&xz01, &p1, Step::Acknowledge), app.step_item(&xz01, &p1, Step::Acknowledge));
    assert_eq!([a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(), 1, "one 签收 of one part: {a:?} {b:?}");
    let lost = match (a, b) {
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => e,
        other => panic!("exactly one refusal expected: {other:?}"),
    };
    assert!(matches!(lost, AppError::Conflict(_)), "the second is refused on the new state: {lost}");
    let events = app.item(&ducha, &p1).await.unwrap().events;
    assert_eq!(events.iter().filter(|e| e.act == "acknowledge").count(), 1, "one event recorded");

    // Both towns report at once: the matter's progress is the mean of both parts.
    app.step_item(&xz02, &p2, Step::Acknowledge).await.unwrap();
    let (a, b) = tokio::join!(
        app.step_item(&xz01, &p1, Step::Report { text: "已完成一半".into(), progress: 50 }),
        app.step_item(&xz02, &p2, Step::Report { text: "已全部完成".into(), progress: 100 })
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(app.item(&ducha, &item.id).await.unwrap().item.progress, 75);
});
