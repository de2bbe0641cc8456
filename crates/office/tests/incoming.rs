//! 收文 prefill on realistic documents: a 通知 in 文件格式, a 请示 with 签发人, a 函 with a number
//! typed in a wrong form, a copy from a government website, and text with none of the elements.

use chrono::NaiveDate;
use zs_domain::document::{DocNumber, DocType, Urgency};
use zs_domain::Classification;
use zs_office::{recognise, Confidence, Found, Prefill};

fn value<T: Clone>(f: &Option<Found<T>>) -> Option<T> {
    f.as_ref().map(|f| f.value.clone())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Line `n` (1-based) of the text the prefill was read from.
fn line(p: &Prefill, n: usize) -> &str {
    p.text.lines().nth(n - 1).unwrap_or_default().trim()
}

fn number(code: &str, year: i32, seq: i64) -> DocNumber {
    DocNumber { code: code.into(), year, seq }
}

const NOTICE: &str = "\
000123
工作秘密
特急

青禾县人民政府办公室文件

青政办发〔2026〕12号

青禾县人民政府办公室
关于做好2026年冬季安全生产工作的通知

各乡镇人民政府，县政府各部门：
　　为切实做好今冬明春安全生产工作，防范遏制各类生产安全事故，经县人民政府同意，现就有关事项通知如下。
　　一、提高思想认识
　　各乡镇、各部门要充分认识冬季安全生产工作的重要性，切实把思想统一到县委、县政府的决策部署上来。
　　二、压实工作责任
　　各单位要于2026年12月10日前将检查情况报县应急管理局。

　　附件：1．青禾县冬季安全生产检查表
　　　　　2．各乡镇安全生产联系人名单

青禾县人民政府办公室
2026年11月22日
（此件公开发布）

抄送：县委办公室，县人大常委会办公室，县政协办公室。
青禾县人民政府办公室　　　　　　　　　　2026年11月23日印发
";

#[test]
fn a_notice_in_document_format() {
    let p = recognise(NOTICE);
    assert_eq!(value(&p.classification), Some(Classification::WorkSecret));
    assert_eq!(value(&p.urgency), Some(Urgency::VeryUrgent));
    assert_eq!(value(&p.doc_number), Some(number("青政办发", 2026, 12)));
    assert_eq!(value(&p.title).as_deref(), Some("青禾县人民政府办公室关于做好2026年冬季安全生产工作的通知"));
    let title = p.title.as_ref().unwrap();
    assert_eq!((line(&p, title.line), title.confidence), ("青禾县人民政府办公室", Confidence::High));
    assert_eq!(title.note.as_deref(), Some("标题跨2行，已合并"));
    assert_eq!(value(&p.doc_type), Some(DocType::Notice));
    assert_eq!(value(&p.to).as_deref(), Some("各乡镇人民政府，县政府各部门"));
    // The 成文日期, not the 印发日期 of the 版记 nor a date inside the body.
    assert_eq!(value(&p.dated), Some(date(2026, 11, 22)));
    assert_eq!(line(&p, p.dated.as_ref().unwrap().line), "2026年11月22日");
    // 署名 and 标志 agree.
    let issuer = p.issuer.as_ref().unwrap();
    assert_eq!((issuer.value.as_str(), issuer.confidence), ("青禾县人民政府办公室", Confidence::High));
    assert_eq!(line(&p, issuer.line + 1), "2026年11月22日");
    assert_eq!(
        value(&p.attachments),
        Some(vec!["青禾县冬季安全生产检查表".to_string(), "各乡镇安全生产联系人名单".to_string()])
    );
    assert_eq!(p.signer, None);
    assert_eq!(p.secrecy_term, None);
    // Cleaning keeps the document's elements and body.
    for kept in ["青政办发〔2026〕12号", "各乡镇人民政府，县政府各部门：", "二、压实工作责任", "抄送：县委办公室"]
    {
        assert!(p.text.contains(kept), "{kept}");
    }
}

const REQUEST: &str = "\
机密★5年
加急
青禾县应急管理局文件
青应急〔2026〕8号　　　　　　　　签发人：李明
关于申请冬季安全生产专项资金的请示
县人民政府：
　　为保障冬季安全生产检查顺利开展，拟申请专项资金30万元，主要用于隐患排查和应急物资储备。
　　妥否，请批示。
青禾县应急管理局
2026年11月20日
（联系人：王芳，电话：0871-1234567）
";

#[test]
fn a_request_with_its_signer() {
    let p = recognise(REQUEST);
    assert_eq!(value(&p.classification), Some(Classification::Confidential));
    assert_eq!(value(&p.secrecy_term).as_deref(), Some("5年"));
    assert_eq!(value(&p.urgency), Some(Urgency::Urgent));
    assert_eq!(value(&p.doc_number), Some(number("青应急", 2026, 8)));
    assert_eq!(value(&p.signer).as_deref(), Some("李明"));
    assert_eq!(value(&p.title).as_deref(), Some("关于申请冬季安全生产专项资金的请示"));
    assert_eq!(value(&p.doc_type), Some(DocType::Request));
    assert_eq!(value(&p.to).as_deref(), Some("县人民政府"));
    assert_eq!(value(&p.dated), Some(date(2026, 11, 20)));
    assert_eq!(value(&p.issuer).as_deref(), Some("青禾县应急管理局"));
    assert_eq!(p.attachments, None);
}

const LETTER: &str = "\
青禾县人民政府办公室
青政办函[2026]第007号
青禾县人民政府办公室关于商请支持冬季道路保通工作的函
市交通运输局：
　　入冬以来，我县境内国道多次出现结冰路段。为保障群众安全出行，恳请贵局在除冰物资和技术力量方面给予支持。
　　盼复。
青禾县人民政府办公室
二〇二六年十一月二十二日
";

#[test]
fn a_letter_with_a_number_in_a_wrong_form() {
    let p = recognise(LETTER);
    let n = p.doc_number.as_ref().unwrap();
    assert_eq!(n.value, number("青政办函", 2026, 7));
    assert_eq!(n.confidence, Confidence::Medium);
    let note = n.note.as_deref().unwrap();
    assert!(note.contains("青政办函[2026]第007号") && note.contains("已规范为“青政办函〔2026〕7号”"), "{note}");
    assert!(note.contains("六角括号") && note.contains("第") && note.contains("虚位"), "{note}");
    assert_eq!(value(&p.doc_type), Some(DocType::Letter));
    assert_eq!(value(&p.to).as_deref(), Some("市交通运输局"));
    // The Chinese-numeral date form.
    assert_eq!(value(&p.dated), Some(date(2026, 11, 22)));
    assert_eq!(value(&p.issuer).as_deref(), Some("青禾县人民政府办公室"));
    assert_eq!(p.classification, None);
    assert_eq!(p.urgency, None);
}

const WEB_COPY: &str = "\
首页 > 政务公开 > 通知公告
索引号：11532600-2026-00158　　发布机构：青禾县人民政府办公室
发文字号：青政办发〔2026〕15号　　成文日期：2026年11月21日
青禾县人民政府办公室关于开展冬季森林防火专项检查的通知
发布时间：2026-11-23 09:30　来源：县政府办　浏览次数：128
【字体：大 中 小】【打印本页】
青禾县人民政府办公室关于开展冬季森林防火专项检查的通知
青政办发〔2026〕15号
各乡镇人民政府，县林草局、县应急管理局：
　　为做好今冬明春森林防火工作，县人民政府决定开展专项检查。请各单位于12月5日前完成自查。
青禾县人民政府办公室
2026年11月21日
【打印本页】【关闭窗口】
主办：青禾县人民政府办公室　　滇ICP备12345678号
";

#[test]
fn a_copy_from_a_government_website() {
    let p = recognise(WEB_COPY);
    assert_eq!(value(&p.title).as_deref(), Some("青禾县人民政府办公室关于开展冬季森林防火专项检查的通知"));
    assert_eq!(value(&p.doc_type), Some(DocType::Notice));
    assert_eq!(value(&p.doc_number), Some(number("青政办发", 2026, 15)));
    assert_eq!(value(&p.to).as_deref(), Some("各乡镇人民政府，县林草局、县应急管理局"));
    assert_eq!(value(&p.dated), Some(date(2026, 11, 21)));
    assert_eq!(value(&p.issuer).as_deref(), Some("青禾县人民政府办公室"));
    // The page's publishing time is not the 成文日期, and the site's ICP number is not a 文号.
    assert_ne!(value(&p.dated), Some(date(2026, 11, 23)));
    // The site's residue is gone from the text and listed for the clerk.
    let removed: Vec<&str> = p.removed.iter().map(|r| r.text.as_str()).collect();
    assert!(removed.contains(&"【打印本页】【关闭窗口】"), "{removed:?}");
    assert!(!p.text.contains("浏览次数") && !p.text.contains("首页 >"));
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["removed"][0]["line"], 1);
    assert!(json["removed"][0]["reason"].as_str().unwrap().contains("网页残留"));
}

#[test]
fn the_information_table_fills_what_the_copy_lacks() {
    // The same page with the document's own 文号 line and date line missing.
    let text: String = WEB_COPY
        .lines()
        .filter(|l| *l != "青政办发〔2026〕15号" && *l != "2026年11月21日")
        .map(|l| format!("{l}\n"))
        .collect();
    let p = recognise(&text);
    let n = p.doc_number.as_ref().unwrap();
    assert_eq!((&n.value, n.note.as_deref()), (&number("青政办发", 2026, 15), Some("取自网页信息栏")));
    assert_eq!(value(&p.dated), Some(date(2026, 11, 21)));
    assert_eq!(p.dated.as_ref().unwrap().note.as_deref(), Some("取自网页信息栏"));
}

#[test]
fn nothing_is_invented() {
    for text in [
        "",
        "今天开会，大家谈了谈想法。\n会后各自回去落实。",
        // A speech has no 文号, 主送 or 成文日期, and 讲话 is not one of the 15 types.
        "在全县安全生产工作会议上的讲话\n同志们：\n今天召开这次会议，主要任务是部署冬季安全生产工作。",
        // Words that only look like marks.
        "秘密文件管理办法学习心得\n特此通知",
    ] {
        let p = recognise(text);
        assert_eq!(p, Prefill { text: text.to_string(), ..Prefill::default() }, "{text}");
    }
}

#[test]
fn the_speeches_in_the_corpus_yield_no_document_elements() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/speeches");
    for entry in std::fs::read_dir(&dir).expect("../shared/corpus/speeches next to the repository") {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let p = recognise(&text);
        assert_eq!((p.doc_number, p.title, p.to, p.dated), (None, None, None, None));
    }
}
