//! 办文 end to end, on SQLite and on PostgreSQL: a 发文 from 起草 to 核发 with 会签, a change after
//! 签发, numbering and voiding; delivery into two towns' inboxes; a paper 收文 through 拟办, 批示,
//! 承办 (tracked items), 传阅 and 办结; and need-to-know.

use zs_app::documents::{DocStep, NewDistribution, NewIncoming, Reader};
use zs_app::tracking::Step;
use zs_app::{App, AppError};
use zs_domain::document::{Content, DocState, DocType, Urgency};
use zs_domain::Classification;
use zs_store::{both, Db};

mod support;
use support::{d, demo, unit_id, who};

async fn code_id(app: &App, code: &str) -> String {
    app.agency_codes().await.unwrap().into_iter().find(|c| c.code == code).expect(code).id
}

async fn notice(app: &App, countersign: Vec<String>) -> Content {
    Content {
        agency_code_id: Some(code_id(app, "青政办发").await),
        title: "青禾县人民政府办公室关于做好2026年冬季森林防火工作的通知".into(),
        to: "各乡镇人民政府，县直各部门：".into(),
        body: "为切实做好今冬明春森林防火工作，现就有关事项通知如下。\n一、提高思想认识\n各乡镇要在12月5日前完成隐患排查。".into(),
        attachments: vec!["森林防火重点区域名单".into()],
        countersign_unit_ids: countersign,
        urgency: Urgency::Urgent,
        ..Content::blank(DocType::Notice)
    }
}

fn step(s: &str) -> String {
    s.to_string()
}

both!(an_outgoing_notice_goes_from_draft_to_two_towns_and_back, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    let mishu = who(&app, "mishu").await;
    let mishu3 = who(&app, "mishu3").await;
    let zhuren = who(&app, "zhuren").await;
    let wenshu = who(&app, "wenshu").await;
    let bm06 = who(&app, "bm06").await; // 县财政局 liaison
    let xz01 = who(&app, "xz01").await;
    let xz01b = who(&app, "xz01b").await;
    let jiedai = who(&app, "jiedai").await;
    let finance = unit_id(&app, "县财政局").await;

    // 起草: issuer, mark and signature come from the 机关代字; every save is a version.
    let doc = app.create_draft(&mishu, &notice(&app, vec![finance.clone()]).await).await.unwrap();
    assert_eq!((doc.state, doc.version), (DocState::Drafting, 1));
    assert_eq!(doc.content.issuer_mark, "青禾县人民政府办公室文件");
    assert_eq!(doc.content.signature, "青禾县人民政府办公室");
    let mut c2 = doc.content.clone();
    c2.body = c2.body.replace("12月5日", "12月10日") + "\n各单位要再接再励，抓好落实。";
    let doc = app.save_draft(&mishu, &doc.id, &c2, 1).await.unwrap();
    assert_eq!(doc.version, 2);
    let e = app.save_draft(&mishu, &doc.id, &c2, 1).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("第1版")), "a stale editor is refused: {e}");
    let cmp = app.compare_versions(&mishu, &doc.id, 1, 2).await.unwrap();
    let changed: Vec<String> = cmp
        .body
        .iter()
        .filter(|r| !r.unchanged())
        .flat_map(|r| r.right.clone().unwrap_or_default())
        .filter(|s| s.changed)
        .map(|s| s.text)
        .collect();
    assert_eq!(changed, vec!["10", "各单位要再接再励，抓好落实。"], "changed characters and the added line are marked");

    // The announced attachment is attached (the 签发 check compares 附件说明 with the files present).
    app.attach_file(&mishu, &doc.id, "森林防火重点区域名单.txt", "青禾镇、白水镇林区".as_bytes(), "attachment")
        .await
        .unwrap();

    // Someone who is not involved does not see it at all; a town neither.
    assert!(matches!(app.document(&jiedai, &doc.id).await, Err(AppError::NotFound(_))));
    assert!(matches!(app.document(&xz01, &doc.id).await, Err(AppError::NotFound(_))));

    // 送审, withdraw before review, submit again.
    let submit = || DocStep::Submit { reviewer_id: mishu3.user.id.clone(), signer_id: zhuren.user.id.clone() };
    let e = app
        .step_document(
            &mishu,
            &doc.id,
            DocStep::Submit { reviewer_id: mishu.user.id.clone(), signer_id: zhuren.user.id.clone() },
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("核稿人不能是起草人"), "{e}");
    assert_eq!(app.step_document(&mishu, &doc.id, submit()).await.unwrap().state, DocState::Reviewing);
    assert_eq!(app.step_document(&mishu, &doc.id, DocStep::Withdraw).await.unwrap().state, DocState::Drafting);
    app.step_document(&mishu, &doc.id, submit()).await.unwrap();
    assert_eq!(app.inbox(&mishu3).await.unwrap().todo[0].row.kind, "review");

    // The reviewer cannot skip the 会签 the draft asks for; the drafter cannot sign it off.
    let e = app.step_document(&mishu3, &doc.id, DocStep::ToSignOff).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("会签")), "{e}");
    let e = app
        .step_document(&mishu, &doc.id, DocStep::SignOff { opinion: step("同意"), override_reason: String::new() })
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Conflict(_)), "{e}");
    app.step_document(&mishu3, &doc.id, DocStep::ToCountersign).await.unwrap();
    // 会签 by the finance bureau's liaison: the last unit's 会签 sends it to the signer.
    let todo = app.inbox(&bm06).await.unwrap().todo;
    assert_eq!(todo.len(), 1, "the countersigning unit sees the task");
    let doc2 =
        app.step_document(&bm06, &doc.id, DocStep::Countersign { opinion: step("同意，无修改意见") }).await.unwrap();
    assert_eq!(doc2.state, DocState::SigningOff);

    // 签发, then a change at 复核 sends it back to the signer.
    let e = app
        .step_document(&zhuren, &doc.id, DocStep::SignOff { opinion: step(" "), override_reason: String::new() })
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "an opinion is required: {e}");
    // 签发 is refused while a 校对 error stands; the signer dismisses it with a reason (it was a quotation).
    let sign = || DocStep::SignOff { opinion: step("同意印发"), override_reason: String::new() };
    let e = app.step_document(&zhuren, &doc.id, sign()).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("再接再励")), "{e}");
    let findings = app.document_findings(&zhuren, &doc.id).await.unwrap();
    let typo = findings.iter().find(|f| f.finding.text == "再接再励").expect("the typo is found").finding.clone();
    assert!(app.dismiss_finding(&zhuren, &doc.id, &typo.rule, &typo.text, " ").await.is_err(), "a reason is required");
    app.dismiss_finding(&zhuren, &doc.id, &typo.rule, &typo.text, "引用会议原话，保留原文").await.unwrap();
    let signed = app.step_document(&zhuren, &doc.id, sign()).await.unwrap();
    assert_eq!(signed.state, DocState::Rechecking);
    assert_eq!(signed.sign_off.as_ref().unwrap().date, d("2026-11-23"));
    let mut c3 = signed.content.clone();
    c3.body.push_str("\n二、落实工作责任");
    let back = app.save_draft(&wenshu, &doc.id, &c3, signed.version).await.unwrap();
    assert_eq!(back.state, DocState::SigningOff, "a change after 签发 goes back to the signer");
    assert!(back.sign_off.is_none());
    app.step_document(&zhuren, &doc.id, DocStep::SignOff { opinion: step("同意印发"), override_reason: String::new() })
        .await
        .unwrap();
    app.step_document(&wenshu, &doc.id, DocStep::Recheck { note: String::new() }).await.unwrap();

    // 登记: the number, the distribution with 份号 for paper copies.
    let towns = [unit_id(&app, "青禾镇").await, unit_id(&app, "白水镇").await];
    let dist: Vec<NewDistribution> = towns
        .iter()
        .map(|u| NewDistribution { unit_id: Some(u.clone()), name: String::new(), copies: 0 })
        .chain([NewDistribution { unit_id: None, name: "市人民政府办公室".into(), copies: 2 }])
        .collect();
    let reg = DocStep::Register { distributions: dist.clone(), copies: 0, pages: 0 };
    let doc = app.step_document(&wenshu, &doc.id, reg).await.unwrap();
    assert_eq!((doc.state, doc.doc_number.as_str()), (DocState::Producing, "青政办发〔2026〕1号"));
    assert_eq!(doc.content.dated, Some(d("2026-11-23")), "成文日期 defaults to the day of 签发");
    app.step_document(&wenshu, &doc.id, DocStep::Produce).await.unwrap();
    let doc = app.step_document(&wenshu, &doc.id, DocStep::Dispatch).await.unwrap();
    assert_eq!(doc.state, DocState::Dispatched);
    let view = app.document(&wenshu, &doc.id).await.unwrap();
    let paper = view.distributions.iter().find(|r| r.unit_id.is_none()).unwrap();
    assert_eq!((paper.copy_from, paper.copy_to), (Some(1), Some(2)));
    assert_eq!(view.distributions.iter().filter(|r| r.incoming_id.is_some()).count(), 2);

    // The town's inbox has it; signing for it shows on the sender's side.
    let todo = app.inbox(&xz01).await.unwrap().todo;
    assert_eq!(todo.len(), 1);
    let incoming_id = todo[0].row.document_id.clone();
    let inc = app.document(&xz01, &incoming_id).await.unwrap();
    assert_eq!((inc.doc.state, inc.doc.doc_number.as_str()), (DocState::ToAcknowledge, "青政办发〔2026〕1号"));
    assert!(
        matches!(app.document(&xz01, &doc.id).await, Err(AppError::NotFound(_))),
        "the sender's own file stays theirs"
    );
    app.step_document(&xz01, &incoming_id, DocStep::Acknowledge).await.unwrap();
    let reg = DocStep::Register { distributions: Vec::new(), copies: 1, pages: 3 };
    let inc = app.step_document(&xz01, &incoming_id, reg).await.unwrap();
    assert_eq!(inc.received_no, "收〔2026〕1号");
    let view = app.document(&wenshu, &doc.id).await.unwrap();
    let acked: Vec<bool> =
        view.distributions.iter().filter(|r| r.unit_id.is_some()).map(|r| r.acknowledged_ms.is_some()).collect();
    assert_eq!(acked.iter().filter(|a| **a).count(), 1, "one town has signed, one has not");
    app.step_document(&wenshu, &doc.id, DocStep::Urge { note: step("请今日签收") }).await.unwrap();

    // The town circulates it for reading and completes it.
    app.step_document(&xz01, &incoming_id, DocStep::Screen).await.unwrap();
    let distribute = DocStep::Distribute {
        proposal: step("请阅知并落实"),
        readers: vec![Reader { user_id: xz01b.user.id.clone() }],
        in_order: true,
    };
    assert_eq!(app.step_document(&xz01, &incoming_id, distribute).await.unwrap().state, DocState::Circulating);
    let e = app.step_document(&xz01, &incoming_id, DocStep::Complete { reply: String::new() }).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("未阅")), "{e}");
    app.step_document(&xz01b, &incoming_id, DocStep::Read { comment: step("已阅，按要求落实") }).await.unwrap();
    let done = app.step_document(&xz01, &incoming_id, DocStep::Complete { reply: step("已组织排查") }).await.unwrap();
    assert_eq!(done.state, DocState::Completed);
    let (handled, _) = app.handled(&xz01b, true, 50, 0).await.unwrap();
    assert_eq!(handled.len(), 1, "已办 shows what the reader read");

    // Voiding a registered document records its number as voided; the next one is not reused.
    let second = app.create_draft(&mishu, &notice(&app, Vec::new()).await).await.unwrap();
    app.step_document(&mishu, &second.id, submit()).await.unwrap();
    app.step_document(&mishu3, &second.id, DocStep::ToSignOff).await.unwrap();
    // The second draft has no attachment file: 签发 only with a stated reason, which is audited.
    let e = app
        .step_document(&zhuren, &second.id, DocStep::SignOff { opinion: step("同意"), override_reason: String::new() })
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("附件")), "{e}");
    let forced = DocStep::SignOff { opinion: step("同意"), override_reason: step("附件另行纸质分发") };
    app.step_document(&zhuren, &second.id, forced).await.unwrap();
    let shenji = who(&app, "shenji").await;
    let f = zs_app::AuditFilter { action: Some("document.proof_override".into()), limit: 10, ..Default::default() };
    let (events, _) = app.audit_list(&shenji, &f).await.unwrap();
    assert!(events.iter().any(|e| e.detail.contains("附件另行纸质分发")), "the override is audited");
    app.step_document(&wenshu, &second.id, DocStep::Recheck { note: String::new() }).await.unwrap();
    let reg = DocStep::Register { distributions: dist.clone(), copies: 0, pages: 0 };
    assert_eq!(app.step_document(&wenshu, &second.id, reg).await.unwrap().doc_number, "青政办发〔2026〕2号");
    let e = app.step_document(&wenshu, &second.id, DocStep::Void { reason: String::new() }).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "a reason is required: {e}");
    app.step_document(&wenshu, &second.id, DocStep::Void { reason: step("内容与已发文件重复") }).await.unwrap();
    // The dispatched document renders in GB/T 9704 layout, as PDF and as .docx.
    let (pdf, name) = app.document_pdf(&wenshu, &doc.id).await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(name.starts_with("青政办发〔2026〕1号"), "{name}");
    let (docx, _) = app.document_docx(&wenshu, &doc.id).await.unwrap();
    assert!(docx.starts_with(b"PK"), "a .docx package");
    let layout = zs_app::documents::render::layout(&app.document(&wenshu, &doc.id).await.unwrap().doc, Vec::new());
    assert!(!layout.draft && layout.doc_number.as_deref() == Some("青政办发〔2026〕1号"));
    assert_eq!(layout.body.iter().filter(|b| b.level == 1).count(), 2, "two 一、 headings");
    let draft = zs_app::documents::render::layout(&second_draft_for_layout(&app, &mishu).await, Vec::new());
    assert!(draft.draft, "an unsigned draft carries the 草稿 mark");
    let numbers = app.numbers(&wenshu, &code_id(&app, "青政办发").await, 2026).await.unwrap();
    let ledger: Vec<(i64, &str, &str)> =
        numbers.iter().map(|n| (n.seq, n.status.as_str(), n.reason.as_str())).collect();
    assert_eq!(ledger, vec![(1, "used", ""), (2, "voided", "内容与已发文件重复")]);
});

async fn second_draft_for_layout(app: &App, p: &zs_app::Principal) -> zs_domain::document::Document {
    app.create_draft(p, &notice(app, Vec::new()).await).await.unwrap()
}

both!(a_paper_incoming_is_proposed_instructed_handled_circulated_and_completed, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    let wenshu = who(&app, "wenshu").await;
    let mishu = who(&app, "mishu").await;
    let xianzhang = who(&app, "xianzhang").await;
    let changwu = who(&app, "changwu").await;
    let fu1 = who(&app, "fuxianzhang1").await;
    let bm02 = who(&app, "bm02").await; // 县教育局 liaison
    let zhuren = who(&app, "zhuren").await;
    let dangan = who(&app, "dangan").await;
    let xz01 = who(&app, "xz01").await;

    let incoming = |number: &str| NewIncoming {
        content: Content {
            issuer: "市人民政府办公室".into(),
            title: "关于开展校园安全专项检查的通知".into(),
            classification: Classification::Internal,
            urgency: Urgency::Urgent,
            ..Content::blank(DocType::Notice)
        },
        doc_number: number.into(),
        copies: 1,
        pages: 4,
        received_on: None,
        original: None,
    };
    let e = app.register_incoming(&wenshu, &incoming("市政办发[2026]33号")).await.unwrap_err();
    assert!(e.to_string().contains("市政办发〔2026〕33号"), "the wrong form is refused with the right one: {e}");
    assert!(matches!(app.register_incoming(&mishu, &incoming("市政办发〔2026〕33号")).await, Err(AppError::Denied(_))));
    let doc = app.register_incoming(&wenshu, &incoming("市政办发〔2026〕33号")).await.unwrap();
    assert_eq!((doc.state, doc.received_no.as_str()), (DocState::Screening, "收〔2026〕1号"));
    let e = app.register_incoming(&wenshu, &incoming("市政办发〔2026〕33号")).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("收〔2026〕1号")), "a duplicate is refused: {e}");

    app.step_document(&wenshu, &doc.id, DocStep::Screen).await.unwrap();
    // 拟办 by 秘书科, to the county head for 批示.
    let e = app
        .step_document(
            &mishu,
            &doc.id,
            DocStep::Propose { proposal: step("拟请教育局牵头办理"), leader_id: mishu.user.id.clone() },
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("不是领导"), "{e}");
    let p = DocStep::Propose {
        proposal: step("拟请县教育局牵头，县财政局配合办理。"),
        leader_id: xianzhang.user.id.clone(),
    };
    app.step_document(&mishu, &doc.id, p).await.unwrap();
    assert_eq!(app.inbox(&xianzhang).await.unwrap().todo[0].row.kind, "instruct");
    let doc2 = app
        .step_document(&xianzhang, &doc.id, DocStep::Instruct { text: step("同意拟办意见，务必于月底前完成。") })
        .await
        .unwrap();
    assert_eq!(doc2.state, DocState::Handling);
    assert_eq!(doc2.instruction.as_ref().unwrap().name, xianzhang.user.name);

    // 承办 becomes a tracked item of the tracked-item engine, linked back to the document.
    let assign = DocStep::Assign {
        lead_unit_id: unit_id(&app, "县教育局").await,
        co_unit_ids: vec![unit_id(&app, "县财政局").await],
        due: d("2026-11-30"),
        requirement: step("11月30日前报送检查情况。"),
        owner_name: step("王主任"),
    };
    app.step_document(&mishu, &doc.id, assign).await.unwrap();
    let view = app.document(&mishu, &doc.id).await.unwrap();
    assert_eq!(view.handling_items.len(), 1);
    let item = &view.handling_items[0];
    assert_eq!(item.kind, zs_domain::tracking::Kind::DocumentHandling);
    assert!(item.requirement.contains("务必于月底前完成"), "the 批示 travels with the matter");

    // 传阅 in order: the second leader gets it when the first has read it.
    let circ = DocStep::Circulate {
        readers: vec![Reader { user_id: changwu.user.id.clone() }, Reader { user_id: fu1.user.id.clone() }],
        in_order: true,
    };
    app.step_document(&wenshu, &doc.id, circ).await.unwrap();
    assert!(app.inbox(&fu1).await.unwrap().todo.is_empty(), "second reader waits");
    app.step_document(&changwu, &doc.id, DocStep::Read { comment: step("请教育局抓紧落实") }).await.unwrap();
    assert_eq!(app.inbox(&fu1).await.unwrap().todo.len(), 1);
    let e = app.step_document(&wenshu, &doc.id, DocStep::Complete { reply: String::new() }).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("未阅")), "{e}");
    app.step_document(&wenshu, &doc.id, DocStep::Recall).await.unwrap();
    let e = app.step_document(&wenshu, &doc.id, DocStep::Complete { reply: String::new() }).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("尚未销号")), "{e}");

    // The units handle their parts; whoever assigned the matter closes it.
    let parts = app.item(&mishu, &item.id).await.unwrap().parts;
    for part in &parts {
        let liaison = if part.is_lead { &bm02 } else { &who(&app, "bm06").await };
        app.step_item(liaison, &part.id, Step::Acknowledge).await.unwrap();
        let close = Step::RequestClose { result: "已完成检查".into(), rule: String::new() };
        app.step_item(liaison, &part.id, close).await.unwrap();
        app.step_item(&mishu, &part.id, Step::Close { note: String::new() }).await.unwrap();
    }
    let done = app.step_document(&wenshu, &doc.id, DocStep::Complete { reply: step("已按批示办结") }).await.unwrap();
    assert_eq!(done.state, DocState::Completed);
    assert_eq!(
        app.step_document(&dangan, &doc.id, DocStep::Archive { retention: None }).await.unwrap().state,
        DocState::Archived
    );

    // Who holds what: the director sees the organ's open tasks; a town does not.
    assert!(app.holding(&zhuren).await.is_ok());
    assert!(matches!(app.document(&xz01, &doc.id).await, Err(AppError::NotFound(_))));
});

both!(holders_age_in_working_hours, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    let mishu = who(&app, "mishu").await;
    let zhuren = who(&app, "zhuren").await;
    let doc = app.create_draft(&mishu, &notice(&app, Vec::new()).await).await.unwrap();
    let mishu3 = who(&app, "mishu3").await;
    app.step_document(
        &mishu,
        &doc.id,
        DocStep::Submit { reviewer_id: mishu3.user.id.clone(), signer_id: zhuren.user.id.clone() },
    )
    .await
    .unwrap();
    // Four working days later the reviewer's task is red on the director's view.
    app.set_test_today(d("2026-11-27")).unwrap();
    let holding = app.holding(&zhuren).await.unwrap();
    let reviewer = holding.iter().find(|h| h.holder == mishu3.user.name).expect("the reviewer holds it");
    assert_eq!(reviewer.items[0].warning, zs_domain::tracking::Warning::Red, "{:?}", reviewer.items[0].age_minutes);
    assert!(reviewer.items[0].age_minutes > 3 * 420);
});

both!(the_demo_work_is_made_through_the_use_cases_once, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    app.load_demo_work().await.unwrap();
    app.load_demo_work().await.unwrap();
    // The county head has a 批示 waiting; the director a 签发; the 办公室 a 拟办; the towns a 签收.
    let kinds = |who: &'static str| {
        let app = app.clone();
        async move {
            app.inbox(&who_(&app, who).await).await.unwrap().todo.into_iter().map(|i| i.row.kind).collect::<Vec<_>>()
        }
    };
    assert_eq!(kinds("xianzhang").await, vec!["instruct"]);
    assert_eq!(kinds("zhuren").await, vec!["propose", "sign_off"], "the director works the 办公室 pool too");
    assert!(kinds("mishu").await.contains(&"propose".to_string()));
    assert_eq!(kinds("xz01").await, vec!["acknowledge"]);
    assert_eq!(kinds("bm02").await, vec!["acknowledge"], "县教育局 too");
    let (docs, _) = app
        .documents(&who(&app, "wenshu").await, &zs_app::documents::DocFilter { limit: 50, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(docs.len(), 4, "loaded once");
    // 督办: four matters from 督查科, each with its lead unit's part where that unit left it.
    let ducha = who(&app, "ducha").await;
    let (matters, _) =
        app.list_items(&ducha, zs_store::tracking::ItemFilter { limit: 50, ..Default::default() }).await.unwrap();
    assert_eq!(matters.len(), 4, "loaded once: {matters:?}");
    let xz01 = who(&app, "xz01").await;
    let (parts, _) =
        app.list_items(&xz01, zs_store::tracking::ItemFilter { limit: 50, ..Default::default() }).await.unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!((parts[0].state, parts[0].progress), (zs_domain::tracking::State::InProgress, 40));
    let xz03 = who(&app, "xz03").await;
    let (parts, _) =
        app.list_items(&xz03, zs_store::tracking::ItemFilter { limit: 50, ..Default::default() }).await.unwrap();
    assert_eq!(parts[0].state, zs_domain::tracking::State::Closed);
});

async fn who_(app: &App, username: &str) -> zs_app::Principal {
    who(app, username).await
}
