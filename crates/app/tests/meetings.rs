//! 办会 end to end, on SQLite and on PostgreSQL: a room booked (an overlap refused with the free
//! periods), the notice and its 回执 (a late one refused), 催报, sign-in by code (wrong, reused and
//! expired codes refused) and by the clerk, the live list, the 纪要 drafted with its attendance lines
//! and signed off in 办文, decisions turned into tracked items; speeches turned into tasks; and the
//! 精文简会 burden with its caps, and its rollup equal to a recount after every kind of change.

use chrono::NaiveDateTime;
use zs_app::documents::{DocStep, NewDistribution};
use zs_app::meetings::speeches::{Pick, SpeechInput};
use zs_app::meetings::{AgendaInput, DecisionInput, InviteeInput, MeetingInput, RoomInput};
use zs_app::{App, AppError, AuditFilter, ItemFilter, Principal};
use zs_domain::document::{Content, DocState, DocType};
use zs_domain::meeting::{Answer, AttendRole, Caps, FlagLevel, Measure, MeetingKind, MeetingState, Presence, Rsvp};
use zs_domain::time::local_ms;
use zs_domain::tracking::{Cycle, Kind, State};
use zs_store::{both, Db};

mod support;
use support::{d, demo, unit_id, who};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn ms(s: &str) -> i64 {
    local_ms(at(s))
}

async fn room(app: &App, p: &Principal, name: &str, capacity: i64) -> String {
    let r = RoomInput {
        name: name.into(),
        location: "县行政中心三楼".into(),
        capacity,
        equipment: "投影仪、视频会议终端".into(),
        active: true,
    };
    app.create_room(p, &r).await.unwrap().id
}

fn person(id: &str, role: AttendRole) -> InviteeInput {
    InviteeInput { user_id: Some(id.into()), unit_id: None, role }
}

fn unit(id: &str, role: AttendRole) -> InviteeInput {
    InviteeInput { user_id: None, unit_id: Some(id.into()), role }
}

/// 县政府第12次常务会议 on Wednesday 2026-11-25, 09:00–11:00.
async fn standing_meeting(app: &App, room_id: Option<String>) -> MeetingInput {
    MeetingInput {
        kind: MeetingKind::Standing,
        title: "县政府第12次常务会议".into(),
        host: "青禾县人民政府".into(),
        room_id,
        place: String::new(),
        start_ms: ms("2026-11-25 09:00"),
        end_ms: ms("2026-11-25 11:00"),
        rsvp_due_ms: ms("2026-11-24 17:00"),
        chair_id: Some(who(app, "xianzhang").await.user.id),
        requirements: "请汇报单位提前报送书面材料。".into(),
        contact: "综合科 0731-1234567".into(),
        invitees: vec![
            person(&who(app, "changwu").await.user.id, AttendRole::Present),
            person(&who(app, "fuxianzhang1").await.user.id, AttendRole::Present),
            unit(&unit_id(app, "青禾镇").await, AttendRole::Present),
            unit(&unit_id(app, "县财政局").await, AttendRole::Attending),
        ],
        agenda: vec![
            AgendaInput {
                title: "研究农村公路冬季养护工作".into(),
                unit_id: Some(unit_id(app, "县交通运输局").await),
                reporter: "局长".into(),
            },
            AgendaInput { title: "研究冬春森林防火工作".into(), unit_id: None, reporter: String::new() },
        ],
    }
}

fn rsvp(answer: Answer, name: &str, post: &str, reason: &str) -> Rsvp {
    Rsvp { answer, name: name.into(), post: post.into(), reason: reason.into() }
}

both!(a_meeting_from_booking_to_minutes_and_tracked_decisions, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    app.set_test_time(at("2026-11-23 10:00")).unwrap();
    let huiwu = who(&app, "huiwu").await;
    let mishu = who(&app, "mishu").await;
    let changwu = who(&app, "changwu").await;
    let fu1 = who(&app, "fuxianzhang1").await;
    let xz01 = who(&app, "xz01").await;
    let xz02 = who(&app, "xz02").await;

    // Rooms: 会务 books; an overlap is refused with the day's free periods; nothing half-written.
    assert!(matches!(
        app.create_room(&mishu, &RoomInput { name: "x".into(), capacity: 5, ..Default::default() }).await,
        Err(AppError::Denied(_))
    ));
    let big = room(&app, &huiwu, "常务会议室", 40).await;
    let small = room(&app, &huiwu, "小会议室", 3).await;
    let e = app.create_meeting(&huiwu, &standing_meeting(&app, Some(small.clone())).await).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(ref i) if i.message.contains("只能容纳3人")), "{e}");
    assert!(matches!(
        app.create_meeting(&mishu, &standing_meeting(&app, Some(big.clone())).await).await,
        Err(AppError::Denied(_))
    ));
    let m = app.create_meeting(&huiwu, &standing_meeting(&app, Some(big.clone())).await).await.unwrap();
    assert_eq!((m.state, m.place.as_str()), (MeetingState::Draft, "常务会议室（县行政中心三楼）"));
    let mut other = standing_meeting(&app, Some(big.clone())).await;
    other.title = "专题研究项目建设".into();
    other.start_ms = ms("2026-11-25 10:00");
    other.end_ms = ms("2026-11-25 12:00");
    let e = app.create_meeting(&huiwu, &other).await.unwrap_err();
    let AppError::Conflict(msg) = &e else { panic!("{e}") };
    assert!(msg.contains("09:00—11:00已被“县政府第12次常务会议”占用"), "{msg}");
    assert!(msg.contains("当天可用时段：11:00—21:00"), "the two-hour slots that fit: {msg}");
    assert!(!msg.contains("08:00—09:00"), "an hour is too short for this meeting: {msg}");
    let f = zs_app::meetings::MeetingFilter {
        text: Some("专题研究项目建设".into()), limit: 10, ..Default::default()
    };
    assert_eq!(app.meetings(&huiwu, &f).await.unwrap().1, 0, "the refused meeting left nothing");
    // Back to back is no overlap; the day view shows both.
    other.start_ms = ms("2026-11-25 11:00");
    other.end_ms = ms("2026-11-25 12:00");
    let m2 = app.create_meeting(&huiwu, &other).await.unwrap();
    let day = app.room_day(&big, d("2026-11-25"), 60).await.unwrap();
    assert_eq!(day.bookings.len(), 2);
    assert_eq!(
        day.free,
        vec![(ms("2026-11-25 08:00"), ms("2026-11-25 09:00")), (ms("2026-11-25 12:00"), ms("2026-11-25 21:00"))]
    );
    app.cancel_meeting(&huiwu, &m2.id, "并入常务会议研究").await.unwrap();
    assert_eq!(
        app.room_day(&big, d("2026-11-25"), 60).await.unwrap().bookings.len(),
        1,
        "a cancelled meeting frees the room"
    );

    // Materials for the meeting and for an agenda item; the town invited reads them, an agenda item of another
    // meeting or an empty file is refused.
    let agenda = app.meeting(&huiwu, &m.id).await.unwrap().agenda;
    let report = "关于农村公路冬季养护的汇报".as_bytes();
    let f = app.add_material(&huiwu, &m.id, Some(&agenda[0].id), "汇报材料.txt", report).await.unwrap();
    app.add_material(&huiwu, &m.id, None, "会议议程.txt", "议程".as_bytes()).await.unwrap();
    let e = app.add_material(&huiwu, &m.id, Some("no-such-agenda"), "x.txt", b"x").await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(ref i) if i.message.contains("不属于这个会议")), "{e}");
    assert!(matches!(app.add_material(&huiwu, &m.id, None, "空.txt", b"").await, Err(AppError::Invalid(_))));
    assert!(app.add_material(&xz01, &m.id, None, "x.txt", b"x").await.is_err(), "only the organiser adds");
    let files = app.meeting(&huiwu, &m.id).await.unwrap().files;
    assert_eq!(files.len(), 2, "nothing half-written by the refusals");
    let (row, bytes) = app.meeting_file(&huiwu, &m.id, &f.id).await.unwrap();
    assert_eq!((row.agenda_id.as_deref(), bytes.as_slice()), (Some(agenda[0].id.as_str()), report));

    // The flow takes no 回执 before the notice is out.
    let inv = app.meeting(&huiwu, &m.id).await.unwrap().invitees;
    let seat = |name: &str| inv.iter().find(|i| i.name == name).unwrap().id.clone();
    let (s_changwu, s_fu1, s_town, s_finance) =
        (seat(&changwu.user.name), seat(&fu1.user.name), seat("青禾镇"), seat("县财政局"));
    let e = app.answer_rsvp(&changwu, &m.id, &s_changwu, &rsvp(Answer::Attend, "", "", "")).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref x) if x.contains("不能“填报回执”")), "{e}");

    // The notice: in-app to each person, to the units' 联络员.
    let noticed = app.send_notice(&huiwu, &m.id).await.unwrap();
    assert_eq!(noticed.state, MeetingState::Noticed);
    for (p, n) in [(&changwu, 1), (&xz01, 1)] {
        let notes = app.notifications(p, false).await.unwrap();
        assert_eq!(notes.iter().filter(|x| x.title.contains("【会议通知】县政府第12次常务会议")).count(), n);
    }
    assert!(app.meeting(&xz02, &m.id).await.is_err(), "a town not asked does not see it");
    let doc = app.notice_doc(&huiwu, &m.id).await.unwrap();
    assert_eq!(doc.title, "关于召开县政府第12次常务会议的通知");
    assert!(!doc.draft, "sent: no 草稿 mark");
    let body: Vec<&str> = doc.body.iter().map(|b| b.text.as_str()).collect();
    assert!(body.contains(&"四、会议议题") && body.iter().any(|l| l.contains("县交通运输局汇报")), "{body:?}");
    assert!(body.iter().any(|l| l.contains("青禾镇负责同志")), "{body:?}");

    // 回执: reasons and names as each answer needs them; only one's own or one's unit's.
    let e = app.answer_rsvp(&changwu, &m.id, &s_changwu, &rsvp(Answer::Leave, "", "", "")).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "{e}");
    app.answer_rsvp(&changwu, &m.id, &s_changwu, &rsvp(Answer::Leave, "", "", "赴市参加经济工作会议")).await.unwrap();
    let e = app.answer_rsvp(&changwu, &m.id, &s_town, &rsvp(Answer::Attend, "x", "", "")).await.unwrap_err();
    assert!(matches!(e, AppError::Denied(_) | AppError::NotFound(_)), "{e}");
    app.answer_rsvp(&xz01, &m.id, &s_town, &rsvp(Answer::Attend, "马静怡", "镇长", "")).await.unwrap();
    let note = app.notifications(&huiwu, false).await.unwrap();
    assert!(note.iter().any(|n| n.title.contains("请假")), "会务 hears of a 请假 at once");

    // 催报: those without a 回执 (a person and a unit).
    assert_eq!(app.urge_rsvp(&huiwu, &m.id).await.unwrap(), 2);
    assert!(app.notifications(&fu1, false).await.unwrap().iter().any(|n| n.title.contains("【催报回执】")));

    // After the deadline a 回执 is refused with the reason, and nothing changes.
    app.set_test_time(at("2026-11-24 17:01")).unwrap();
    let e = app.answer_rsvp(&fu1, &m.id, &s_fu1, &rsvp(Answer::Attend, "", "", "")).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref x) if x.contains("回执截止时间") && x.contains("已过")), "{e}");
    assert!(app.meeting(&huiwu, &m.id).await.unwrap().invitees.iter().find(|i| i.id == s_fu1).unwrap().rsvp.is_none());
    assert!(app.urge_rsvp(&huiwu, &m.id).await.is_err(), "too late to urge");

    // Sign-in: too early; a wrong code (counted); the door's code; twice; an expired code.
    app.set_test_time(at("2026-11-25 07:30")).unwrap();
    let code = app.checkin_code(&huiwu, &m.id).await.unwrap();
    assert!(code.path.ends_with(&code.code) && code.code.len() == 6);
    let e = app.check_in_with_code(&fu1, &m.id, &code.code).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref x) if x.contains("签到尚未开始")), "{e}");
    assert!(app.checkin_code(&fu1, &m.id).await.is_err(), "attendees do not get the door's code");
    app.set_test_time(at("2026-11-25 08:40")).unwrap();
    let code = app.checkin_code(&huiwu, &m.id).await.unwrap().code;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let e = app.check_in_with_code(&fu1, &m.id, wrong).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(ref i) if i.message.contains("签到码不正确")), "{e}");
    let e = app.check_in_with_code(&fu1, &m.id, "12a").await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "{e}");
    let v = app.meeting(&huiwu, &m.id).await.unwrap();
    assert_eq!(v.invitees.iter().find(|i| i.id == s_fu1).unwrap().bad_codes, 2, "wrong codes are counted");
    let (shenji, f) = (
        who(&app, "shenji").await,
        AuditFilter { action: Some("meeting.check_in_refused".into()), limit: 10, ..Default::default() },
    );
    assert_eq!(app.audit_list(&shenji, &f).await.unwrap().1, 2, "and audited");
    let town = app.check_in_with_code(&xz01, &m.id, &code).await.unwrap();
    assert_eq!((town.id.as_str(), town.checkin_name.as_str()), (s_town.as_str(), xz01.user.name.as_str()));
    let e = app.check_in_with_code(&xz01, &m.id, &code).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref x) if x.contains("请勿重复签到")), "reused: {e}");
    let xz01b = who(&app, "xz01b").await;
    let e = app.check_in_with_code(&xz01b, &m.id, &code).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref x) if x.contains("已由")), "the unit's seat is taken: {e}");
    assert!(matches!(app.check_in_with_code(&mishu, &m.id, &code).await, Err(AppError::NotFound(_))), "not asked");
    app.set_test_time(at("2026-11-25 08:56")).unwrap();
    let e = app.check_in_with_code(&fu1, &m.id, &code).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(ref i) if i.message.contains("已过期")), "an old window's code: {e}");
    let fresh = app.checkin_code(&huiwu, &m.id).await.unwrap().code;
    app.check_in_with_code(&fu1, &m.id, &fresh).await.unwrap();
    let e = app.check_in_by_clerk(&xz01, &m.id, &s_finance, "").await.unwrap_err();
    assert!(matches!(e, AppError::Denied(_) | AppError::NotFound(_)), "{e}");
    app.check_in_by_clerk(&huiwu, &m.id, &s_finance, "赵晓东").await.unwrap();
    let (_, list, t) = app.attendance(&huiwu, &m.id).await.unwrap();
    assert_eq!((t.present, t.on_leave, t.absent), (3, 1, 0));
    assert_eq!(list.iter().find(|i| i.id == s_changwu).unwrap().presence(), Presence::OnLeave);
    assert!(app.attendance(&xz01, &m.id).await.is_err(), "the live list is for 会务 and the chair");

    // Closing before the start is refused; after it, decisions and the 纪要.
    app.set_test_time(at("2026-11-25 11:30")).unwrap();
    assert!(app.add_decision(&huiwu, &m.id, &decision(&app, "x", "2026-12-04").await).await.is_err(), "not closed yet");
    app.close_meeting(&huiwu, &m.id).await.unwrap();
    assert!(app.check_in_by_clerk(&huiwu, &m.id, &s_changwu, "").await.is_err(), "sign-in is over");
    let e = app.add_decision(&huiwu, &m.id, &decision(&app, "x", "2026-11-28").await).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(ref i) if i.message.contains("2026年11月30日")), "a Saturday: {e}");
    let agenda = app.meeting(&huiwu, &m.id).await.unwrap().agenda;
    let mut d1 = decision(&app, "县交通运输局会同各乡镇完成农村公路冬季养护，消除安全隐患", "2026-12-04").await;
    d1.agenda_id = Some(agenda[0].id.clone());
    d1.co_unit_ids = vec![unit_id(&app, "青禾镇").await];
    app.add_decision(&huiwu, &m.id, &d1).await.unwrap();
    let mut d2 = decision(&app, "县应急管理局牵头开展冬春森林防火隐患排查", "2026-12-11").await;
    d2.agenda_id = Some(agenda[1].id.clone());
    d2.lead_unit_id = unit_id(&app, "县应急管理局").await;
    app.add_decision(&huiwu, &m.id, &d2).await.unwrap();

    let minutes = app.draft_minutes(&huiwu, &m.id).await.unwrap();
    let c = &minutes.content;
    assert_eq!((c.doc_type, c.title.as_str()), (DocType::Minutes, "县政府第12次常务会议纪要"));
    assert_eq!(c.issuer_mark, "青禾县人民政府常务会议纪要");
    let a = c.attendance.as_ref().unwrap();
    assert_eq!(a.present, vec![fu1.user.name.clone(), format!("{}（青禾镇）", xz01.user.name)]);
    assert_eq!(a.on_leave, vec![changwu.user.name.clone()]);
    assert_eq!(a.attending, vec!["赵晓东（县财政局）".to_string()]);
    assert!(
        c.body.contains("一、研究农村公路冬季养护工作\n会议听取了县交通运输局关于农村公路冬季养护工作的汇报。"),
        "{}",
        c.body
    );
    assert!(c.body.contains("研究了农村公路冬季养护工作、冬春森林防火工作等事项"), "{}", c.body);
    assert!(c.body.contains("由县交通运输局牵头，青禾镇配合，马静怡负责，2026年12月4日前完成。"), "{}", c.body);
    assert_eq!(app.meeting(&huiwu, &m.id).await.unwrap().meeting.minutes_doc_id.as_deref(), Some(minutes.id.as_str()));
    assert!(matches!(app.draft_minutes(&huiwu, &m.id).await, Err(AppError::Conflict(_))), "one 纪要 per meeting");

    // The 纪要 goes through review and 签发 like any 发文.
    let (mishu3, zhuren) = (who(&app, "mishu3").await, who(&app, "zhuren").await);
    app.step_document(
        &huiwu,
        &minutes.id,
        DocStep::Submit { reviewer_id: mishu3.user.id.clone(), signer_id: zhuren.user.id.clone() },
    )
    .await
    .unwrap();
    app.step_document(&mishu3, &minutes.id, DocStep::ToSignOff).await.unwrap();
    let signed = app
        .step_document(
            &zhuren,
            &minutes.id,
            DocStep::SignOff {
                opinion: "同意印发".into(), override_reason: "会议纪要按会议记录整理".into()
            },
        )
        .await
        .unwrap();
    assert_eq!(signed.state, DocState::Rechecking);
    assert!(signed.sign_off.is_some());

    // Decisions become 会议决定事项 in one step, linked to the meeting; then there is nothing left to track.
    let items = app.track_decisions(&huiwu, &m.id, Cycle::Weekly).await.unwrap();
    assert_eq!(items.len(), 2);
    for i in &items {
        assert_eq!(
            (i.kind, i.source_kind.as_str(), i.source_id.as_str(), i.state),
            (Kind::MeetingDecision, "meeting", m.id.as_str(), State::Assigned)
        );
        assert_eq!(i.leader_id.as_deref(), Some(who(&app, "xianzhang").await.user.id.as_str()), "the chair leads it");
    }
    let v = app.meeting(&huiwu, &m.id).await.unwrap();
    assert!(v.decisions.iter().all(|d| d.item_id.is_some()));
    assert!(matches!(app.track_decisions(&huiwu, &m.id, Cycle::Once).await, Err(AppError::Conflict(_))));
    let (parts, _) = app.list_items(&xz01, ItemFilter { limit: 10, ..Default::default() }).await.unwrap();
    assert!(parts.iter().any(|p| p.title.starts_with("县交通运输局会同各乡镇")), "青禾镇 has its part to do");

    // Every step was audited.
    let f = AuditFilter { action: Some("meeting.".into()), limit: 100, ..Default::default() };
    let (events, _) = app.audit_list(&shenji, &f).await.unwrap();
    for action in [
        "meeting.create",
        "meeting.notify",
        "meeting.rsvp",
        "meeting.urge",
        "meeting.check_in",
        "meeting.close",
        "meeting.decision",
        "meeting.minutes",
        "meeting.track",
        "meeting.cancel",
    ] {
        assert!(events.iter().any(|e| e.action == action), "{action} audited");
    }
});

async fn decision(app: &App, text: &str, due: &str) -> DecisionInput {
    DecisionInput {
        agenda_id: None,
        text: text.into(),
        lead_unit_id: unit_id(app, "县交通运输局").await,
        co_unit_ids: Vec::new(),
        owner_name: "马静怡".into(),
        due: d(due),
    }
}

both!(an_edit_after_the_notice_tells_everyone_and_keeps_answers, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    app.set_test_time(at("2026-11-23 10:00")).unwrap();
    let huiwu = who(&app, "huiwu").await;
    let changwu = who(&app, "changwu").await;
    let xz02 = who(&app, "xz02").await;
    let zhuren = who(&app, "zhuren").await;
    let base = app.burden(&zhuren, 2026, None, Measure::Meetings).await.unwrap().total.meetings;
    let mut input = standing_meeting(&app, None).await;
    input.place = "县行政中心二楼会议室".into();
    let m = app.create_meeting(&huiwu, &input).await.unwrap();
    app.send_notice(&huiwu, &m.id).await.unwrap();
    let counted = app.burden(&zhuren, 2026, None, Measure::Meetings).await.unwrap().total.meetings;
    assert_eq!(counted - base, 3, "three units asked: two leaders' unit, 青禾镇, 县财政局");
    let v = app.meeting(&huiwu, &m.id).await.unwrap();
    let s = v.invitees.iter().find(|i| i.name == changwu.user.name).unwrap().id.clone();
    app.answer_rsvp(&changwu, &m.id, &s, &rsvp(Answer::Substitute, "赵晓东", "副县长", "")).await.unwrap();

    // Moved by an hour, 白水镇 added: everyone hears of the change, 白水镇 gets the notice; answers stay.
    input.start_ms = ms("2026-11-25 10:00");
    input.end_ms = ms("2026-11-25 12:00");
    input.invitees.push(unit(&unit_id(&app, "白水镇").await, AttendRole::Present));
    let stale = v.meeting.updated_ms;
    app.edit_meeting(&huiwu, &m.id, &input, stale).await.unwrap();
    let e = app.edit_meeting(&huiwu, &m.id, &input, stale).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref x) if x.contains("刚被他人修改")), "{e}");
    assert!(app.notifications(&changwu, false).await.unwrap().iter().any(|n| n.title.contains("【会议变更】")));
    assert!(app.notifications(&xz02, false).await.unwrap().iter().any(|n| n.title.contains("【会议通知】")));
    let v = app.meeting(&huiwu, &m.id).await.unwrap();
    assert_eq!(v.invitees.len(), 5);
    assert_eq!(v.invitees.iter().find(|i| i.id == s).unwrap().rsvp.as_ref().unwrap().answer, Answer::Substitute);
    // The substitute is the one who signs the seat in (by name), marked as such in the 纪要.
    assert_eq!(v.meeting.when(), "2026年11月25日（星期三）上午10:00—12:00");

    // Cancelled: the units are told, and the burden no longer counts it.
    app.cancel_meeting(&huiwu, &m.id, "改期召开").await.unwrap();
    assert!(app.notifications(&xz02, false).await.unwrap().iter().any(|n| n.title.contains("【会议取消】")));
    let b = app.burden(&zhuren, 2026, None, Measure::Meetings).await.unwrap();
    assert_eq!(b.total.meetings, base, "{:?}", b.total);
    assert!(matches!(app.send_notice(&huiwu, &m.id).await, Err(AppError::Conflict(_))));
});

both!(a_speech_becomes_tasks_and_one_without_an_outline_is_refused, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    let ducha = who(&app, "ducha").await;
    let xz01 = who(&app, "xz01").await;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/speeches/party-branch-meeting-speech.txt");
    let bytes = std::fs::read(path).unwrap();
    let input = SpeechInput { speaker: "县委书记".into(), file: Some(bytes), ..Default::default() };
    assert!(matches!(app.import_speech(&xz01, &input).await, Err(AppError::Denied(_))));
    let s = app.import_speech(&ducha, &input).await.unwrap();
    assert!(s.title.contains("讲话"), "the title is found in the text: {}", s.title);
    let v = app.speech(&ducha, &s.id).await.unwrap();
    assert_eq!(v.points.iter().map(|p| p.number.as_str()).collect::<Vec<_>>(), vec!["一、", "二、", "三、", "四、"]);
    assert!(v.requirements.len() >= 4, "{}", v.requirements.len());

    // A text with no numbered points: said so, nothing stored.
    let flat = SpeechInput {
        title: "一段话".into(),
        text: "同志们：今天的会开得很好。大家要抓好落实。谢谢大家。".into(),
        ..Default::default()
    };
    let e = app.import_speech(&ducha, &flat).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(ref i) if i.message.contains("没有识别出讲话提纲")), "{e}");
    assert_eq!(app.speeches(&ducha, 10, 0).await.unwrap().1, 1);

    // Two requirements become 督办事项 sourced from the speech; again is refused, all or nothing.
    let town = unit_id(&app, "青禾镇").await;
    let pick = |k: usize, due: &str| Pick {
        key: v.requirements[k].key.clone(),
        title: String::new(),
        lead_unit_id: town.clone(),
        co_unit_ids: Vec::new(),
        owner_name: "马静怡".into(),
        due: d(due),
    };
    let e = app
        .speech_to_items(&ducha, &s.id, &[pick(0, "2026-12-04"), pick(1, "2026-11-28")], Cycle::Once)
        .await
        .unwrap_err();
    assert!(
        matches!(e, AppError::Invalid(ref i) if i.message.starts_with("要求 ")),
        "a bad due date names its requirement: {e}"
    );
    assert!(
        app.speech(&ducha, &s.id).await.unwrap().requirements.iter().all(|r| r.item_id.is_none()),
        "nothing written"
    );
    let items = app
        .speech_to_items(&ducha, &s.id, &[pick(0, "2026-12-04"), pick(1, "2026-12-11")], Cycle::Monthly)
        .await
        .unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|i| i.kind == Kind::Supervision && i.source_kind == "speech" && i.source_id == s.id));
    assert!(items[0].requirement.contains(&v.requirements[0].text));
    let again = app
        .speech_to_items(&ducha, &s.id, &[pick(2, "2026-12-04"), pick(0, "2026-12-04")], Cycle::Once)
        .await
        .unwrap_err();
    assert!(matches!(again, AppError::Conflict(_)), "{again}");
    let v2 = app.speech(&ducha, &s.id).await.unwrap();
    assert_eq!(v2.requirements.iter().filter(|r| r.item_id.is_some()).count(), 2, "the third was not made either");
});

/// A 督办事项 on the 县长's instruction, due 2026-12-04 with weekly feedback, led by `lead`; assigned at once or a draft.
fn weekly_item(title: &str, lead: &str, co: Vec<String>, assign: bool) -> zs_app::tracking::NewItem {
    zs_app::tracking::NewItem {
        kind: Kind::Supervision,
        source_kind: "manual".into(),
        source_id: String::new(),
        source_title: "县长批示".into(),
        title: title.into(),
        requirement: String::new(),
        category: None,
        measures: String::new(),
        lead_unit_id: lead.into(),
        co_unit_ids: co,
        owner_name: String::new(),
        leader_id: None,
        due: d("2026-12-04"),
        cycle: Cycle::Weekly,
        assign,
    }
}

/// A 发文 dispatched to 青禾镇 through the whole 办文 flow.
async fn dispatch_to(app: &App, towns: Vec<String>) {
    let (mishu, mishu3, zhuren, wenshu) =
        (who(app, "mishu").await, who(app, "mishu3").await, who(app, "zhuren").await, who(app, "wenshu").await);
    let code = app.agency_codes().await.unwrap().into_iter().find(|c| c.code == "青政办发").unwrap().id;
    let content = Content {
        agency_code_id: Some(code),
        title: "青禾县人民政府办公室关于做好冬季安全生产工作的通知".into(),
        to: "各乡镇人民政府：".into(),
        body: "现就做好冬季安全生产工作通知如下。\n一、压实工作责任\n各乡镇要在12月10日前完成隐患排查。".into(),
        ..Content::blank(DocType::Notice)
    };
    let doc = app.create_draft(&mishu, &content).await.unwrap();
    app.step_document(
        &mishu,
        &doc.id,
        DocStep::Submit { reviewer_id: mishu3.user.id.clone(), signer_id: zhuren.user.id.clone() },
    )
    .await
    .unwrap();
    app.step_document(&mishu3, &doc.id, DocStep::ToSignOff).await.unwrap();
    app.step_document(&zhuren, &doc.id, DocStep::SignOff { opinion: "同意".into(), override_reason: "测试".into() })
        .await
        .unwrap();
    app.step_document(&wenshu, &doc.id, DocStep::Recheck { note: String::new() }).await.unwrap();
    let dist =
        towns.into_iter().map(|u| NewDistribution { unit_id: Some(u), name: String::new(), copies: 0 }).collect();
    app.step_document(&wenshu, &doc.id, DocStep::Register { distributions: dist, copies: 0, pages: 0 }).await.unwrap();
    app.step_document(&wenshu, &doc.id, DocStep::Produce).await.unwrap();
    assert_eq!(app.step_document(&wenshu, &doc.id, DocStep::Dispatch).await.unwrap().state, DocState::Dispatched);
}

both!(the_burden_counts_what_lands_on_each_unit_against_the_caps, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    app.set_test_time(at("2026-11-23 10:00")).unwrap();
    let (huiwu, zhuren, ducha, xz01) =
        (who(&app, "huiwu").await, who(&app, "zhuren").await, who(&app, "ducha").await, who(&app, "xz01").await);
    let (qinghe, baishui) = (unit_id(&app, "青禾镇").await, unit_id(&app, "白水镇").await);

    // What the demo county already carries (its sample meeting), so the checks below are differences.
    let base = app.burden(&zhuren, 2026, None, Measure::Documents).await.unwrap();
    let base_of = |id: &str| base.units.iter().find(|u| u.unit_id == id).map(|u| u.load).unwrap_or_default();
    let (bq, bw) = (base_of(&qinghe), base_of(&baishui));
    let base_nov = base.trend[10].1;
    let base_office = base.senders.iter().find(|s| s.name == "青禾县人民政府办公室").cloned().unwrap_or_default();

    // A document to both towns, a meeting asking 青禾镇 and a person of 白水镇, an item and a report.
    dispatch_to(&app, vec![qinghe.clone(), baishui.clone()]).await;
    let mut input = standing_meeting(&app, None).await;
    input.place = "县行政中心二楼会议室".into();
    input.invitees =
        vec![unit(&qinghe, AttendRole::Present), person(&who(&app, "xz02").await.user.id, AttendRole::Present)];
    let m = app.create_meeting(&huiwu, &input).await.unwrap();
    let before = app.burden(&zhuren, 2026, None, Measure::Documents).await.unwrap();
    assert_eq!(before.total.meetings, base.total.meetings, "a meeting counts once its notice is out");
    app.send_notice(&huiwu, &m.id).await.unwrap();
    let matter = app.create_item(&ducha, &weekly_item("冬季安全生产大检查", &qinghe, Vec::new(), true)).await.unwrap();
    let part = app.item(&ducha, &matter.id).await.unwrap().parts[0].id.clone();
    app.step_item(&xz01, &part, zs_app::tracking::Step::Acknowledge).await.unwrap();
    app.step_item(&xz01, &part, zs_app::tracking::Step::Report { text: "已完成排查".into(), progress: 50 })
        .await
        .unwrap();

    let b = app.burden(&zhuren, 2026, None, Measure::Documents).await.unwrap();
    let row = |id: &str| b.units.iter().find(|u| u.unit_id == id).unwrap().load;
    let q = row(&qinghe);
    assert_eq!(
        (
            q.documents - bq.documents,
            q.meetings - bq.meetings,
            q.meeting_minutes - bq.meeting_minutes,
            q.items - bq.items
        ),
        (1, 1, 120, 1)
    );
    // Feedback events carry the tracking engine's real time, not the test clock: look in that year.
    let year_now = chrono::Datelike::year(&zs_domain::time::local_date(app.now_ms()));
    let r = app.burden(&zhuren, year_now, Some(&qinghe), Measure::Reports).await.unwrap();
    assert_eq!(r.units.iter().find(|u| u.unit_id == qinghe).map(|u| u.load.reports), Some(1));
    assert_eq!(r.trend.iter().map(|t| t.1.reports).sum::<i64>(), 1, "one report in the unit's trend");
    // A cycle that passes without a report is demanded too: its 催报 counts.
    app.set_test_today(d("2026-12-09")).unwrap();
    app.sweep_reminders().await.unwrap();
    let r = app.burden(&zhuren, year_now, Some(&qinghe), Measure::Reports).await.unwrap();
    assert_eq!(r.units.iter().find(|u| u.unit_id == qinghe).map(|u| u.load.reports), Some(2), "filed and chased");
    assert_eq!(r.trend.iter().map(|t| t.1.reports).sum::<i64>(), 2);
    app.set_test_today(d("2026-11-23")).unwrap();
    let w = row(&baishui);
    assert_eq!(
        (w.documents - bw.documents, w.meetings - bw.meetings, w.items - bw.items),
        (1, 1, 0),
        "asked through its person"
    );
    let nov = b.trend[10].1;
    assert_eq!(b.trend[10].0, "2026-11");
    assert_eq!(
        (nov.documents - base_nov.documents, nov.meetings - base_nov.meetings, nov.items - base_nov.items),
        (2, 2, 1)
    );
    let office = b.senders.iter().find(|s| s.name == "青禾县人民政府办公室").unwrap();
    assert_eq!(
        (
            office.documents - base_office.documents,
            office.meetings - base_office.meetings,
            office.asked - base_office.asked
        ),
        (2, 1, 2)
    );
    let one = app.burden(&zhuren, 2026, Some(&qinghe), Measure::Documents).await.unwrap();
    assert_eq!(one.trend[10].1.documents, 1, "the trend of one unit: its own document only");

    // Caps: set by the office director only, audited; flags near and over.
    let cap = q.meetings;
    let caps = Caps { meetings: Some(cap), items: Some(q.items * 10), ..Default::default() };
    assert!(matches!(app.set_burden_caps(&ducha, 2026, &caps).await, Err(AppError::Denied(_))));
    assert!(app.set_burden_caps(&zhuren, 2026, &Caps { documents: Some(0), ..Default::default() }).await.is_err());
    app.set_burden_caps(&zhuren, 2026, &caps).await.unwrap();
    let b = app.burden(&zhuren, 2026, None, Measure::Meetings).await.unwrap();
    let flags = &b.units.iter().find(|u| u.unit_id == qinghe).unwrap().flags;
    assert_eq!(flags.len(), 1);
    assert_eq!((flags[0].measure, flags[0].level), (Measure::Meetings, FlagLevel::Near));
    let mut second = standing_meeting(&app, None).await;
    second.place = "青禾镇会议室".into();
    second.title = "专题研究冬季安全".into();
    second.invitees = vec![unit(&qinghe, AttendRole::Present)];
    let m2 = app.create_meeting(&huiwu, &second).await.unwrap();
    app.send_notice(&huiwu, &m2.id).await.unwrap();
    let b = app.burden(&zhuren, 2026, None, Measure::Meetings).await.unwrap();
    assert_eq!(b.units[0].unit_id, qinghe, "ranked first by meetings");
    assert!(b.units[0].over(), "{:?}", b.units[0].flags);
    assert_eq!(b.units[0].flags[0].text(), format!("会议 {}/{cap}（超出上限）", cap + 1));
    let shenji = who(&app, "shenji").await;
    let f = AuditFilter { action: Some("burden.caps".into()), limit: 10, ..Default::default() };
    let (events, n) = app.audit_list(&shenji, &f).await.unwrap();
    assert_eq!(n, 1, "the refused attempts wrote nothing");
    assert!(events[0].detail.contains(&format!("会议{cap}")), "{}", events[0].detail);

    // Who may see it, and the export.
    assert!(matches!(app.burden(&xz01, 2026, None, Measure::Documents).await, Err(AppError::Denied(_))));
    assert!(app.burden(&ducha, 2026, None, Measure::Documents).await.is_ok());
    let xlsx = app.export_burden(&huiwu, 2026).await.unwrap();
    assert!(xlsx.starts_with(b"PK"));
    let f = AuditFilter { action: Some("burden.export".into()), limit: 10, ..Default::default() };
    assert_eq!(app.audit_list(&shenji, &f).await.unwrap().1, 1);
});

/// The burden pages of `years` (all units, and `unit`'s trend), read from the rollup.
async fn burden_pages(app: &App, p: &Principal, unit: &str, years: &[i32]) -> Vec<zs_app::meetings::burden::Burden> {
    let mut pages = Vec::new();
    for y in years {
        pages.push(app.burden(p, *y, None, Measure::Documents).await.unwrap());
        pages.push(app.burden(p, *y, Some(unit), Measure::Documents).await.unwrap());
    }
    pages
}

async fn rollup_rows(app: &App) -> Vec<zs_store::burden::Row> {
    let mut c = app.db.conn().await.unwrap();
    zs_store::burden::rows(&mut c).await.unwrap()
}

/// The rollup kept by the writes is what counting the rows again finds — by `rebuild` and by the
/// migration's backfill (what an upgraded database starts from) — and the pages read from either agree.
async fn assert_rollup_is_a_recount(app: &App, p: &Principal, unit: &str, years: &[i32]) {
    let kept = rollup_rows(app).await;
    let pages = burden_pages(app, p, unit, years).await;
    let r = app.rebuild_burden().await.unwrap();
    assert_eq!(r.changed, 0, "the recount changed nothing");
    assert_eq!(r.rows as usize, kept.len());
    assert_eq!(rollup_rows(app).await, kept);
    assert_eq!(burden_pages(app, p, unit, years).await, pages);

    let migration = match app.db.backend() {
        zs_store::Backend::Sqlite => include_str!("../../../migrations/sqlite/0011_burden_rollup.sql"),
        zs_store::Backend::Postgres => include_str!("../../../migrations/postgres/0011_burden_rollup.sql"),
    };
    let backfill = migration.split_once("-- Backfill").unwrap().1.split_once('\n').unwrap().1;
    let mut tx = app.db.begin().await.unwrap();
    zs_store::q("DELETE FROM burden_counts").execute(&mut tx).await.unwrap();
    for statement in backfill.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        zs_store::q(statement.to_string()).execute(&mut tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(rollup_rows(app).await, kept, "the migration's backfill counts the same");
    assert_eq!(burden_pages(app, p, unit, years).await, pages);
}

both!(the_burden_rollup_is_what_a_recount_of_the_rows_finds, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    app.set_test_time(at("2026-11-23 10:00")).unwrap();
    let (huiwu, zhuren, ducha, xz01) =
        (who(&app, "huiwu").await, who(&app, "zhuren").await, who(&app, "ducha").await, who(&app, "xz01").await);
    let (qinghe, baishui, caizheng) =
        (unit_id(&app, "青禾镇").await, unit_id(&app, "白水镇").await, unit_id(&app, "县财政局").await);
    // Feedback events and 催报 carry the real time: their year is looked at too.
    let years = [2026, chrono::Datelike::year(&zs_domain::time::local_date(app.now_ms()))];
    // The demo county as it is loaded.
    assert_rollup_is_a_recount(&app, &zhuren, &qinghe, &years).await;
    let base = app.burden(&zhuren, 2026, None, Measure::Documents).await.unwrap();
    let base_reports = app.burden(&zhuren, years[1], Some(&qinghe), Measure::Reports).await.unwrap();

    // 核发 to three units.
    dispatch_to(&app, vec![qinghe.clone(), baishui.clone(), caizheng.clone()]).await;
    // A meeting noticed to two towns, then asking 青禾镇 and 县财政局 instead, moved into December and lengthened.
    let mut input = standing_meeting(&app, None).await;
    input.place = "县行政中心二楼会议室".into();
    input.invitees = vec![unit(&qinghe, AttendRole::Present), unit(&baishui, AttendRole::Present)];
    let m = app.create_meeting(&huiwu, &input).await.unwrap();
    app.send_notice(&huiwu, &m.id).await.unwrap();
    input.invitees = vec![unit(&qinghe, AttendRole::Present), unit(&caizheng, AttendRole::Attending)];
    input.start_ms = ms("2026-12-02 09:00");
    input.end_ms = ms("2026-12-02 12:00");
    input.rsvp_due_ms = ms("2026-12-01 17:00");
    let seen = app.meeting(&huiwu, &m.id).await.unwrap().meeting.updated_ms;
    app.edit_meeting(&huiwu, &m.id, &input, seen).await.unwrap();
    // Another noticed to 白水镇, then cancelled.
    let mut other = standing_meeting(&app, None).await;
    other.title = "专题研究冬季安全".into();
    other.place = "白水镇会议室".into();
    other.invitees = vec![unit(&baishui, AttendRole::Present)];
    let m2 = app.create_meeting(&huiwu, &other).await.unwrap();
    app.send_notice(&huiwu, &m2.id).await.unwrap();
    app.cancel_meeting(&huiwu, &m2.id, "改期召开").await.unwrap();

    // A matter assigned at once to two towns, one drafted and assigned later, and a cancelled one.
    let first = app
        .create_item(&ducha, &weekly_item("冬季安全生产大检查", &qinghe, vec![baishui.clone()], true))
        .await
        .unwrap();
    let drafted =
        app.create_item(&ducha, &weekly_item("冬春农田水利建设", &caizheng, Vec::new(), false)).await.unwrap();
    app.step_item(&ducha, &drafted.id, zs_app::tracking::Step::Assign).await.unwrap();
    let third = app.create_item(&ducha, &weekly_item("森林防火", &baishui, Vec::new(), true)).await.unwrap();
    app.step_item(&ducha, &third.id, zs_app::tracking::Step::Cancel { reason: "并入冬季安全生产大检查".into() })
        .await
        .unwrap();
    // 青禾镇 reports once; a cycle passes without a report from 白水镇 (and 青禾镇's next), chased by 催报.
    let part =
        app.item(&ducha, &first.id).await.unwrap().parts.into_iter().find(|p| p.unit_id.as_ref() == Some(&qinghe));
    let part = part.unwrap().id;
    app.step_item(&xz01, &part, zs_app::tracking::Step::Acknowledge).await.unwrap();
    app.step_item(&xz01, &part, zs_app::tracking::Step::Report { text: "已完成排查".into(), progress: 50 })
        .await
        .unwrap();
    app.set_test_today(d("2026-12-09")).unwrap();
    app.sweep_reminders().await.unwrap();
    app.sweep_reminders().await.unwrap();
    app.set_test_today(d("2026-11-23")).unwrap();

    assert_rollup_is_a_recount(&app, &zhuren, &qinghe, &years).await;
    // And the figures moved as the changes say.
    let b = app.burden(&zhuren, 2026, None, Measure::Documents).await.unwrap();
    let load = |b: &zs_app::meetings::burden::Burden, id: &str| {
        b.units.iter().find(|u| u.unit_id == id).map(|u| u.load).unwrap_or_default()
    };
    let moved = |k: usize| {
        let (now, was) = (b.trend[k].1, base.trend[k].1);
        (now.documents - was.documents, now.meetings - was.meetings, now.meeting_minutes - was.meeting_minutes)
    };
    assert_eq!(moved(10), (3, 0, 0), "November: the deliveries; the meetings left or were cancelled");
    assert_eq!(moved(11), (0, 2, 360), "December: the meeting moved there, three hours, two units");
    let items = |id: &str| load(&b, id).items - load(&base, id).items;
    assert_eq!((items(&qinghe), items(&baishui), items(&caizheng)), (1, 2, 1), "drafted then assigned; cancelled");
    let r = app.burden(&zhuren, years[1], Some(&qinghe), Measure::Reports).await.unwrap();
    let reports = |b: &zs_app::meetings::burden::Burden| b.unit.as_ref().map(|u| u.load.reports).unwrap_or_default();
    assert_eq!(reports(&r) - reports(&base_reports), 2, "filed once, chased once");

    // A figure edited by hand is put right by a rebuild, which says so in the audit trail.
    let mut c = app.db.conn().await.unwrap();
    zs_store::q(
        "UPDATE burden_counts SET n = n + 5 WHERE side = 'unit' AND month = '2026-11' AND unit_id = $1
       AND measure = 'documents'",
    )
    .bind(qinghe.as_str())
    .execute(&mut c)
    .await
    .unwrap();
    drop(c);
    assert_eq!(app.rebuild_burden().await.unwrap().changed, 1);
    assert_eq!(app.burden(&zhuren, 2026, None, Measure::Documents).await.unwrap(), b);
    let f = AuditFilter { action: Some("burden.rebuild".into()), limit: 10, ..Default::default() };
    let (events, _) = app.audit_list(&who(&app, "shenji").await, &f).await.unwrap();
    assert!(events[0].detail.contains("其中1项与原值不同"), "{}", events[0].detail);
});
