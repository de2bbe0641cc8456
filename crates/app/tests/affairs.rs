//! 办事 end to end on SQLite and PostgreSQL: 信息报送 from a town through a journal issue to upward adoption and
//! the score table; 约稿 through the tracked-item engine; 公务接待 from the 公函 to the signed 接待清单.

use zs_app::affairs::{
    InfoStep, IssueStep, ItemFilter, JournalInput, NewCommission, NewInfo, NewIssue, ReceptionFilter, ReceptionStep,
};
use zs_app::{App, AppError, AuditFilter};
use zs_domain::affairs::info::{Adoption, AdoptionKind, InfoCategory, InfoState, Level, Period};
use zs_domain::affairs::journal::IssueState;
use zs_domain::affairs::reception::{parse_itinerary, parse_visitors, Plan, ReceptionState, Standards};
use zs_domain::tracking::State as ItemState;
use zs_store::{both, Db};

mod support;
use support::{d, unit_id, who};

async fn journal_id(app: &App, name: &str) -> String {
    app.journals().await.unwrap().into_iter().find(|j| j.name == name).expect(name).id
}

async fn audited(app: &App, action: &str) -> Vec<String> {
    let auditor = who(app, "shenji").await;
    let f = AuditFilter { action: Some(action.into()), limit: 100, ..Default::default() };
    app.audit_list(&auditor, &f).await.unwrap().0.into_iter().map(|e| e.detail).collect()
}

fn news(title: &str) -> NewInfo {
    NewInfo {
        category: InfoCategory::News,
        title: title.into(),
        body: "青禾镇组织干部群众开展冬季森林防火隐患排查，共排查林区12处。\n下一步将建立长效机制。".into(),
        commission_id: None,
    }
}

both!(an_item_goes_from_a_town_through_an_issue_to_city_adoption_and_scores, |db: Db, url: String| async move {
    db.close().await;
    let app = support::demo(&url).await;
    let xz01 = who(&app, "xz01").await;
    let xz02 = who(&app, "xz02").await;
    let xinxi = who(&app, "xinxi").await;
    let zhuren = who(&app, "zhuren").await;

    // The demo county's own items count too, whatever day it was loaded on.
    let q4 = Period::new(2026, Some(4), None).unwrap();
    let base =
        app.score_table(&xinxi, q4).await.unwrap().lines.into_iter().find(|l| l.unit == "青禾镇").unwrap().submitted;
    let admin = who(&app, "admin").await;
    assert!(matches!(app.score_table(&admin, q4).await, Err(AppError::Denied(_))), "三员 see no business data");
    assert!(app.score_table(&xz02, q4).await.is_ok(), "every unit sees the announced ranking");

    // A 紧急信息 reaches the 信息科 at once; the proofreader's findings come back without blocking.
    let urgent = NewInfo {
        category: InfoCategory::Urgent,
        title: "青禾镇突发山火已扑灭".into(),
        body: "11月23日下午，青禾镇发生一起山火,现已扑灭。".into(),
        commission_id: None,
    };
    let s = app.submit_info(&xz01, &urgent).await.unwrap();
    assert_eq!(s.item.state, InfoState::Submitted);
    assert!(!s.findings.is_empty(), "a half-width comma in Chinese text is found");
    let inbox = app.notifications(&xinxi, true).await.unwrap();
    assert!(inbox.iter().any(|n| n.title.contains("【紧急信息】青禾镇突发山火已扑灭")), "the 信息科 is told");

    let item = app.submit_info(&xz01, &news("青禾镇扎实开展冬季森林防火")).await.unwrap().item;
    // Another town neither sees it nor can act on it; the 信息科 sees every unit's items.
    assert!(matches!(app.info_item(&xz02, &item.id).await, Err(AppError::NotFound(_))));
    let (mine, _) = app.info_items(&xz02, ItemFilter { limit: 100, ..Default::default() }).await.unwrap();
    assert!(mine.iter().all(|i| i.unit_id == xz02.user.unit_id));
    let (all, _) = app.info_items(&xinxi, ItemFilter { limit: 100, ..Default::default() }).await.unwrap();
    assert!(all.iter().any(|i| i.id == item.id) && all.iter().any(|i| i.unit_id != xz01.user.unit_id));
    // Only liaisons submit; only the 信息科 screens.
    assert!(matches!(app.submit_info(&xinxi, &news("x")).await, Err(AppError::Denied(_))));
    assert!(matches!(app.step_info(&xz01, &item.id, InfoStep::Accept).await, Err(AppError::Denied(_))));
    let e = app.step_info(&xinxi, &item.id, InfoStep::Return { reason: " ".into() }).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(ref m) if m.message.contains("退回理由")), "{e}");

    // The 信息科 edits: a second version the town sees and compares.
    let edited = app
        .edit_info(&xinxi, &item.id, InfoCategory::News, "青禾镇“三查三清”筑牢冬季森林防火防线", "青禾镇开展排查。", 1)
        .await
        .unwrap();
    assert_eq!(edited.version, 2);
    let stale = app.edit_info(&xinxi, &item.id, InfoCategory::News, "旧稿", "旧稿。", 1).await.unwrap_err();
    assert!(matches!(stale, AppError::Conflict(_)), "a save over a newer version is refused");
    let view = app.info_item(&xz01, &item.id).await.unwrap();
    assert_eq!((view.item.title.as_str(), view.versions.len()), ("青禾镇“三查三清”筑牢冬季森林防火防线", 2));
    let mut c = app.db.conn().await.unwrap();
    let indexed: Vec<(String,)> =
        zs_store::q("SELECT title FROM search_entries WHERE kind = 'info_item' AND record_id = $1")
            .bind(item.id.as_str())
            .fetch_all(&mut c)
            .await
            .unwrap();
    assert_eq!(
        indexed,
        vec![("青禾镇“三查三清”筑牢冬季森林防火防线".to_string(),)],
        "the search index follows the edit"
    );
    drop(c);
    let (_, _, rows) = app.compare_info(&xz01, &item.id, 1, 2).await.unwrap();
    assert!(rows.iter().any(|r| !r.unchanged()), "the comparison shows the change");

    // Into an issue of 《青禾政务信息》: its 期号 runs per year; reusing one or placing twice is refused.
    let journal = journal_id(&app, "青禾政务信息").await;
    let issue =
        app.create_issue(&xinxi, &NewIssue { journal_id: journal.clone(), ..Default::default() }).await.unwrap();
    assert_eq!((issue.year, issue.no, issue.state), (2026, 1, IssueState::Editing));
    let again = NewIssue { journal_id: journal.clone(), no: Some(1), ..Default::default() };
    let e = app.create_issue(&xinxi, &again).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("期号不能重复")), "{e}");
    assert_eq!(app.journal_issues(&xinxi, Some(&journal)).await.unwrap().len(), 1, "nothing half-written");
    let e = app.step_issue(&xinxi, &issue.id, IssueStep::Submit).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "an empty issue is not sent for review: {e}");
    let placed = app.place_item(&xinxi, &issue.id, &item.id).await.unwrap();
    assert_eq!(placed.state, InfoState::Accepted, "placing screens it in");
    let e = app.place_item(&xinxi, &issue.id, &item.id).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("不能重复编入")), "{e}");
    assert_eq!(app.journal_issue(&xinxi, &issue.id).await.unwrap().items.len(), 1);
    // While the issue is being made up, what it holds is not returned or turned down behind its back.
    for step in [InfoStep::Return { reason: "补充数据".into() }, InfoStep::Reject { reason: "不宜刊发".into() }]
    {
        let e = app.step_info(&xinxi, &item.id, step).await.unwrap_err();
        assert!(matches!(e, AppError::Conflict(ref m) if m.contains("请先移出期刊")), "{e}");
    }
    assert_eq!(app.info_item(&xinxi, &item.id).await.unwrap().item.state, InfoState::Accepted);

    // Review and sign-off on the issue's table; the editor cannot sign, the town cannot see it.
    assert!(matches!(app.journal_issue(&xz01, &issue.id).await, Err(AppError::NotFound(_))));
    app.step_issue(&xinxi, &issue.id, IssueStep::Submit).await.unwrap();
    assert!(matches!(app.step_issue(&xinxi, &issue.id, IssueStep::Approve).await, Err(AppError::Denied(_))));
    let back = app.step_issue(&zhuren, &issue.id, IssueStep::Return { reason: "标题再精炼".into() }).await.unwrap();
    assert_eq!(back.state, IssueState::Editing);
    app.step_issue(&xinxi, &issue.id, IssueStep::Submit).await.unwrap();
    app.step_issue(&zhuren, &issue.id, IssueStep::Approve).await.unwrap();
    let signed = app.step_issue(&zhuren, &issue.id, IssueStep::SignOff { opinion: "同意印发".into() }).await.unwrap();
    assert_eq!(signed.state, IssueState::Issued);
    assert_eq!(
        signed.sign_off.as_ref().map(|s| (s.name.as_str(), s.date)),
        Some((zhuren.user.name.as_str(), d("2026-11-23")))
    );
    let e = app.place_item(&xinxi, &issue.id, &s.item.id).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(_)), "an issued number takes nothing more: {e}");
    let (pdf, name) = app.issue_pdf(&xinxi, &issue.id).await.unwrap();
    assert!(pdf.starts_with(b"%PDF") && name.contains("2026年第1期"), "{name}");

    let view = app.info_item(&xz01, &item.id).await.unwrap();
    assert_eq!(view.item.state, InfoState::Published);
    assert_eq!(view.scores.len(), 1);
    assert_eq!((view.scores[0].kind.as_str(), view.scores[0].points), ("journal", 1));

    // Upward: adopted by the city (points by the rules now), then the rule changes; earlier points stay.
    let city = Adoption {
        kind: AdoptionKind::Adopted,
        level: Level::City,
        outlet: "《青川政务信息》".into(),
        on: d("2026-11-23"),
        note: String::new(),
    };
    assert_eq!(app.record_adoption(&xinxi, &item.id, &city).await.unwrap().points, 3);
    assert!(matches!(app.record_adoption(&xz01, &item.id, &city).await, Err(AppError::Denied(_))));
    let county = Adoption { level: Level::County, ..city.clone() };
    assert!(matches!(app.record_adoption(&xinxi, &item.id, &county).await, Err(AppError::Invalid(_))));
    assert!(matches!(app.set_score_rules(&xz01, &[("adopted:city".into(), 4)]).await, Err(AppError::Denied(_))));
    let e = app.set_score_rules(&xinxi, &[("adopted:city".into(), -1)]).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)));
    assert_eq!(app.set_score_rules(&xinxi, &[("adopted:city".into(), 4)]).await.unwrap(), 1);
    assert!(audited(&app, "affairs.rules").await.iter().any(|d| d.contains("市级上级采用：3分→4分")));
    let instruction =
        Adoption { kind: AdoptionKind::Instruction, level: Level::City, outlet: "市长李某".into(), ..city.clone() };
    assert_eq!(app.record_adoption(&xinxi, &item.id, &instruction).await.unwrap().points, 5);

    // The score table: 青禾镇 first, with what it earned; every reporting unit listed.
    let table = app.score_table(&xz02, q4).await.unwrap();
    let top = &table.lines[0];
    assert_eq!((top.unit.as_str(), top.rank), ("青禾镇", 1));
    assert_eq!((top.submitted, top.county, top.city, top.instructions, top.points), (base + 2, 1, 1, 1, 1 + 3 + 5));
    assert!(table.lines.len() >= 55, "all departments and towns: {}", table.lines.len());
    assert_eq!(app.score_table(&xinxi, Period::new(2026, None, Some(10)).unwrap()).await.unwrap().lines[0].points, 0);
    let xlsx = app.export_scores(&xinxi, Period::new(2026, None, None).unwrap()).await.unwrap();
    assert!(xlsx.starts_with(b"PK"));
    let bulletin = app.draft_score_bulletin(&xinxi, q4).await.unwrap();
    assert_eq!(bulletin.content.title, "关于2026年第四季度政务信息报送采用情况的通报");
    let line = format!("第1名　青禾镇：报送{}条，采用2条（其中市级及以上1条），领导批示1次，得9分。", base + 2);
    assert!(bulletin.content.body.contains(&line), "{}", bulletin.content.body);
    assert!(matches!(
        app.draft_score_bulletin(&xz01, Period::new(2026, None, None).unwrap()).await,
        Err(AppError::Denied(_))
    ));

    // A journal name is unique; every step above is in the audit trail.
    let dup = JournalInput {
        name: "《青禾政务信息》".into(),
        mark: String::new(),
        editor: "办".into(),
        distribution: String::new(),
        points: 1,
    };
    assert!(matches!(app.create_journal(&xinxi, &dup).await, Err(AppError::Conflict(_))));
    for action in [
        "affairs.info.submit",
        "affairs.info.edit",
        "affairs.issue.place",
        "affairs.issue.sign_off",
        "affairs.info.adopt",
    ] {
        assert!(!audited(&app, action).await.is_empty(), "{action} audited");
    }
});

both!(a_returned_item_is_revised_and_resubmitted, |db: Db, url: String| async move {
    db.close().await;
    let app = support::demo(&url).await;
    let xz01 = who(&app, "xz01").await;
    let xinxi = who(&app, "xinxi").await;
    let item = app.submit_info(&xz01, &news("青禾镇冬季防火")).await.unwrap().item;
    let back = app.step_info(&xinxi, &item.id, InfoStep::Return { reason: "请补充具体数据".into() }).await.unwrap();
    assert_eq!((back.state, back.note.as_str()), (InfoState::Returned, "请补充具体数据"));
    assert!(
        matches!(app.edit_info(&xinxi, &item.id, InfoCategory::News, "x", "y", 1).await, Err(AppError::Denied(_))),
        "a returned item is the unit's to revise"
    );
    let revised = app
        .edit_info(&xz01, &item.id, InfoCategory::Practice, "青禾镇冬季防火排查林区12处", "补充数据。", 1)
        .await
        .unwrap();
    assert_eq!((revised.version, revised.category), (2, InfoCategory::Practice));
    let again = app.step_info(&xz01, &item.id, InfoStep::Resubmit).await.unwrap();
    assert_eq!(again.state, InfoState::Submitted);
    let no = app.step_info(&xinxi, &item.id, InfoStep::Reject { reason: "与前期信息重复".into() }).await.unwrap();
    assert_eq!(no.state, InfoState::Rejected);
    let e = app.step_info(&xz01, &item.id, InfoStep::Withdraw).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(_)), "{e}");
    let row = app.attach_info_file(&xinxi, &item.id, "照片说明.txt", "林区排查照片说明".as_bytes()).await.unwrap();
    let (f, bytes) = app.info_file(&xz01, &item.id, &row.id).await.unwrap();
    assert_eq!((f.name.as_str(), bytes.as_slice()), ("照片说明.txt", "林区排查照片说明".as_bytes()));
});

both!(a_commission_is_answered_by_a_submission_and_followed_as_a_tracked_item, |db: Db, url: String| async move {
    db.close().await;
    let app = support::demo(&url).await;
    let xz01 = who(&app, "xz01").await;
    let xinxi = who(&app, "xinxi").await;
    let qinghe = unit_id(&app, "青禾镇").await;
    let baishui = unit_id(&app, "白水镇").await;
    let n = NewCommission {
        topic: "冬季安全生产工作经验".into(),
        requirement: "请报送一条经验做法信息。".into(),
        unit_ids: vec![qinghe.clone(), baishui, qinghe.clone()],
        due: d("2026-12-04"),
    };
    assert!(matches!(app.create_commission(&xz01, &n).await, Err(AppError::Denied(_))));
    let bad = NewCommission { due: d("2026-12-05"), ..n.clone() };
    assert!(matches!(app.create_commission(&xinxi, &bad).await, Err(AppError::Invalid(_))), "a Saturday");
    let matter = app.create_commission(&xinxi, &n).await.unwrap();
    assert_eq!(matter.kind, zs_domain::tracking::Kind::Commission);
    let parts = app.item(&xinxi, &matter.id).await.unwrap().parts;
    assert_eq!(parts.len(), 2, "one part per unit, duplicates dropped");
    let open = app.open_commissions(&xz01).await.unwrap();
    assert_eq!(open.len(), 1);
    let part = open[0].id.clone();

    // Answering a commission of another unit is refused and writes nothing.
    let other = parts.iter().find(|p| p.unit_id.as_deref() != Some(qinghe.as_str())).unwrap().id.clone();
    let e = app.submit_info(&xz01, &NewInfo { commission_id: Some(other), ..news("安全生产") }).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "{e}");
    assert_eq!(
        app.info_items(&xz01, ItemFilter { limit: 10, ..Default::default() }).await.unwrap().1,
        1,
        "only the demo item"
    );

    let answer = NewInfo {
        category: InfoCategory::Practice,
        commission_id: Some(part.clone()),
        ..news("青禾镇安全生产“四个到位”")
    };
    let item = app.submit_info(&xz01, &answer).await.unwrap().item;
    assert_eq!(item.commission_id.as_deref(), Some(part.as_str()));
    let followed = app.item(&xinxi, &part).await.unwrap().item;
    assert_eq!(followed.state, ItemState::CloseRequested, "signed for and closure requested");
    assert!(followed.result.contains("青禾镇安全生产“四个到位”"), "{}", followed.result);
    assert_eq!(
        app.info_item(&xz01, &item.id).await.unwrap().commission.map(|c| c.1),
        Some("冬季安全生产工作经验".into())
    );
});

fn plan(escorts: i64) -> Plan {
    Plan {
        letter_no: "青川政办函〔2026〕18号".into(),
        letter_file: None,
        letter_file_name: String::new(),
        visiting_unit: "青川县人民政府办公室".into(),
        visitors: parse_visitors("李明 青川县政府办 副主任\n王芳 青川县政府办 科长"),
        purpose: "考察督查督办信息化建设".into(),
        itinerary: parse_itinerary("2026-11-25 09:00 县政府办 座谈交流\n2026-11-25 14:30 青禾镇 实地调研").unwrap(),
        start_on: d("2026-11-25"),
        end_on: d("2026-11-26"),
        guests: 2,
        escorts,
        work_meals: 1,
        meal_fen: 5_000,
        menu: "家常菜四菜一汤".into(),
        drinks: "茶水".into(),
        hotel: "县政府招待所".into(),
        nights: 1,
        rooms: 2,
        room_fen: 30_000,
        other_fen: 0,
        budget_fen: 100_000,
    }
}

both!(a_reception_is_refused_corrected_approved_and_its_list_signed, |db: Db, url: String| async move {
    db.close().await;
    let app = support::demo(&url).await;
    let jiedai = who(&app, "jiedai").await;
    let zhuren = who(&app, "zhuren").await;
    let xz01 = who(&app, "xz01").await;

    // No 公函, no reception: refused, nothing written. Absurd figures likewise.
    let e = app.create_reception(&jiedai, &Plan { letter_no: String::new(), ..plan(2) }, None).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(ref m) if m.message.contains("没有公函不得接待")), "{e}");
    let e = app.create_reception(&jiedai, &Plan { other_fen: -100, ..plan(2) }, None).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(ref m) if m.message.contains("负数")), "{e}");
    let e = app.create_reception(&jiedai, &Plan { budget_fen: 5_000_000_000, ..plan(2) }, None).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(ref m) if m.message.contains("上限")), "{e}");
    assert_eq!(app.receptions(&jiedai, ReceptionFilter { limit: 10, ..Default::default() }).await.unwrap().1, 0);
    assert!(matches!(app.create_reception(&zhuren, &plan(2), None).await, Err(AppError::Denied(_))));

    // Too many escorts: saved as a draft with the breach shown; 送审批 is refused with the rule.
    let r = app.create_reception(&jiedai, &plan(4), Some(("公函.pdf", b"%PDF-1.4 letter".as_slice()))).await.unwrap();
    let v = app.reception(&jiedai, &r.id).await.unwrap();
    assert_eq!(v.breaches.iter().map(|b| b.rule).collect::<Vec<_>>(), vec!["escorts"]);
    let e = app.step_reception(&jiedai, &r.id, ReceptionStep::Submit).await.unwrap_err();
    assert!(
        matches!(e, AppError::Invalid(ref m) if m.message.contains("陪餐4人，最多3人") && m.message.contains("三分之一")),
        "{e}"
    );
    assert_eq!(app.reception(&jiedai, &r.id).await.unwrap().reception.state, ReceptionState::Draft);
    let (name, _, bytes) = app.reception_letter(&jiedai, &r.id).await.unwrap();
    assert_eq!((name.as_str(), bytes.as_slice()), ("公函.pdf", b"%PDF-1.4 letter".as_slice()));

    // Corrected (the scan is kept), submitted and approved.
    let fixed = app.update_reception(&jiedai, &r.id, &plan(2), None).await.unwrap();
    assert!(fixed.plan.letter_file.is_some(), "the 公函 scan stays with the plan");
    app.step_reception(&jiedai, &r.id, ReceptionStep::Submit).await.unwrap();
    assert!(matches!(
        app.step_reception(&jiedai, &r.id, ReceptionStep::Approve { opinion: String::new() }).await,
        Err(AppError::Denied(_))
    ));
    // A standard lowered meanwhile makes approval impossible until the plan complies.
    let strict = Standards { meal_fen: 4_000, ..Standards::default() };
    assert!(matches!(app.set_reception_standards(&xz01, &strict).await, Err(AppError::Denied(_))));
    app.set_reception_standards(&jiedai, &strict).await.unwrap();
    let e = app.step_reception(&zhuren, &r.id, ReceptionStep::Approve { opinion: "同意".into() }).await.unwrap_err();
    assert!(
        matches!(e, AppError::Invalid(ref m) if m.message.contains("不能批准") && m.message.contains("40.00元")),
        "{e}"
    );
    app.set_reception_standards(&jiedai, &Standards::default()).await.unwrap();
    let ok = app.step_reception(&zhuren, &r.id, ReceptionStep::Approve { opinion: "同意".into() }).await.unwrap();
    assert_eq!(ok.state, ReceptionState::Approved);
    assert!(matches!(app.update_reception(&jiedai, &r.id, &plan(2), None).await, Err(AppError::Conflict(_))));

    // The town hosting nothing sees none of it.
    assert!(matches!(app.reception(&xz01, &r.id).await, Err(AppError::NotFound(_))));
    assert_eq!(app.receptions(&xz01, ReceptionFilter { limit: 10, ..Default::default() }).await.unwrap().1, 0);

    // The 接待清单: one more escort and a car, compared with the plan, then signed by the leader.
    let e = app.step_reception(&zhuren, &r.id, ReceptionStep::Sign { opinion: String::new() }).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(_)), "{e}");
    let actual = Plan { escorts: 3, other_fen: 20_000, ..plan(2) };
    let listed = app.record_reception_list(&jiedai, &r.id, &actual).await.unwrap();
    assert_eq!(listed.state, ReceptionState::Received);
    let v = app.reception(&zhuren, &r.id).await.unwrap();
    let items: Vec<&str> = v.differences.iter().map(|d| d.item).collect();
    assert_eq!(items, vec!["陪餐人数", "其他费用（元）", "费用合计（元）"]);
    let signed = app.step_reception(&zhuren, &r.id, ReceptionStep::Sign { opinion: "属实".into() }).await.unwrap();
    assert_eq!(signed.state, ReceptionState::Signed);
    assert_eq!(
        signed.signature.as_ref().map(|s| (s.name.as_str(), s.date)),
        Some((zhuren.user.name.as_str(), d("2026-11-23")))
    );
    let (pdf, _) = app.reception_list_pdf(&jiedai, &r.id).await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let (xlsx, name) = app.reception_list_xlsx(&jiedai, &r.id).await.unwrap();
    assert!(xlsx.starts_with(b"PK") && name.ends_with(".xlsx"));

    // Statistics: one reception in November, with its planned and actual cost.
    let s = app.reception_stats(&jiedai, 2026).await.unwrap();
    assert_eq!(s.by_month.len(), 1);
    let m = &s.by_month[0];
    assert_eq!((m.key.as_str(), m.receptions, m.planned_fen, m.actual_fen), ("2026-11", 1, 80_000, 105_000));
    assert_eq!(s.by_host[0].key, "青禾县人民政府办公室");
    assert_eq!(s.by_visitor[0].key, "青川县人民政府办公室");
    assert!(app.export_reception_stats(&jiedai, 2026).await.unwrap().starts_with(b"PK"));
    for action in [
        "affairs.reception.create",
        "affairs.reception.approve",
        "affairs.reception.sign",
        "affairs.reception.standards",
    ] {
        assert!(!audited(&app, action).await.is_empty(), "{action} audited");
    }
});
