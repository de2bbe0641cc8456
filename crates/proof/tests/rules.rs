//! Each rule class catching errors and staying silent on correct text, through the public API.

use std::sync::OnceLock;
use zs_proof::{Class, DataKind, DocContext, DocType, Finding, Proofreader, Severity};

fn pr() -> &'static Proofreader {
    static P: OnceLock<Proofreader> = OnceLock::new();
    P.get_or_init(Proofreader::builtin)
}

fn check(text: &str) -> Vec<Finding> {
    let fs = pr().check(text);
    for f in &fs {
        assert_eq!(&text[f.start_byte..f.end_byte], f.text);
        assert_eq!(text[..f.start_byte].chars().count(), f.start_char);
    }
    fs
}

fn of(fs: &[Finding], class: Class) -> Vec<&str> {
    fs.iter().filter(|f| f.class == class).map(|f| f.text.as_str()).collect()
}

fn rules(fs: &[Finding]) -> Vec<&str> {
    fs.iter().map(|f| f.rule.as_str()).collect()
}

// —— 固定表述 ——

#[test]
fn fixed_sets_order_count_and_near_miss() {
    let fs = check("要增强政治意识、大局意识、看齐意识、核心意识。");
    assert_eq!(rules(&fs), vec!["fixed-set.order"]);
    assert_eq!(fs[0].suggestions, vec!["政治意识、大局意识、核心意识、看齐意识"]);

    let fs = check("增强“四个意识”（政治意识、大局意识、责任意识、看齐意识）。");
    assert_eq!(of(&fs, Class::FixedSet), vec!["责任意识"]);
    assert_eq!(fs[0].rule, "fixed-set.member");
    assert_eq!(fs[0].suggestions, vec!["核心意识"]);

    let fs =
        check("做到“两个维护”，即坚决维护习近平总书记党中央的核心、全党的核心地位，坚决维护党中央权威和统一领导。");
    assert_eq!(of(&fs, Class::FixedSet), vec!["坚决维护党中央权威和统一领导"]);
    assert_eq!(fs[0].suggestions, vec!["坚决维护党中央权威和集中统一领导"]);

    let fs = check("统筹推进“五位一体”（经济建设、政治建设、文化建设、社会建设）总体布局。");
    assert_eq!(rules(&fs), vec!["fixed-set.count"]);
    assert!(fs[0].message.contains("生态文明建设"), "{}", fs[0].message);

    let fs = check("践行“严以律己、严以修身、严以用权，谋事要实、创业要实、做人要实”的“三严三实”要求。");
    assert_eq!(rules(&fs), vec!["fixed-set.order"]);

    let fs = check("坚持创新、绿色、协调、开放、共享的新发展理念。");
    assert_eq!(rules(&fs), vec!["fixed-set.order"]);
}

#[test]
fn fixed_sets_silent_on_correct_text() {
    let t = "增强“四个意识”（政治意识、大局意识、核心意识、看齐意识），坚定“四个自信”，做到“两个维护”。\n\
             深刻领悟“两个确立”的决定性意义：确立习近平同志党中央的核心、全党的核心地位，确立习近平新时代中国特色社会主义思想的指导地位。\n\
             对标“坚持绝对忠诚的政治品格、坚持高度自觉的大局意识、坚持极端负责的工作作风、坚持无怨无悔的奉献精神、坚持廉洁自律的道德操守”的“五个坚持”要求。\n\
             加强统筹协调、创新工作方法，推动绿色发展。坚持开放、协调发展。\n\
             坚决反对形式主义、官僚主义。推动“三新经济”（新产业、新业态、新商业模式）发展。";
    let fs = check(t);
    assert!(fs.is_empty(), "{fs:?}");
}

// —— 错别字 ——

#[test]
fn typos_caught() {
    let t = "截止目前，各地再接再励，建立台帐，弛而不息抓落实，踔励奋发，做出了重要贡献。";
    let fs = check(t);
    assert_eq!(of(&fs, Class::Typo), vec!["截止目前", "再接再励", "台帐", "弛而不息", "踔励奋发", "做出了重要贡献"]);
    assert_eq!(fs[0].suggestions, vec!["截至目前"]);
    assert_eq!(fs[0].severity, Severity::Error);
    assert_eq!(fs.last().map(|f| f.severity), Some(Severity::Warning));
}

#[test]
fn typos_silent_on_correct_text() {
    let t = "截至目前，各地再接再厉，建立台账，驰而不息抓落实，踔厉奋发，作出了重要贡献。\
             破除清规戒律，他爱好象棋。检查长效机制落实情况。药品不良反应情况。推委员会主任。当前形势任务艰巨。";
    let fs = check(t);
    assert!(fs.is_empty(), "{fs:?}");
}

// —— 规范提法 (congress names are a rule) ——

#[test]
fn congress_names_caught_and_silent() {
    let fs = check("学习贯彻十九大四中全会和党的二十届全国代表大会精神，党的第二十次代表大会。");
    assert_eq!(of(&fs, Class::Formulation), vec!["十九大四中全会", "二十届全国代表大会", "第二十次代表大会"]);
    assert_eq!(fs[0].suggestions, vec!["十九届四中全会"]);
    assert_eq!(fs[1].suggestions, vec!["第二十次全国代表大会"]);
    let fs = check("学习贯彻党的二十大和二十届三中全会精神，党的第二十次全国代表大会，县委十四届二次全会。");
    assert!(fs.is_empty(), "{fs:?}");
}

#[test]
fn formulations_delete_and_warning_levels() {
    let fs = check("主题词：教育 通知\n抄报：市政府");
    assert_eq!(of(&fs, Class::Formulation), vec!["主题词：", "抄报："]);
    assert!(fs[0].suggestions.is_empty() && fs[0].message.contains("删除"));
    assert_eq!(fs[1].suggestions, vec!["抄送："]);
    let fs = check("在县委县政府的领导下。");
    assert_eq!(fs[0].severity, Severity::Warning);
    assert!(check("在县委、县政府的领导下，农业部门和卫生部门配合。").is_empty());
}

// —— 标点：顿号、省略号、破折号 ——

#[test]
fn dunhao_ellipsis_dash_caught() {
    let fs = check("学习“两学一做”、“三严三实”，阅读《决定》、《条例》。");
    assert_eq!(rules(&fs), vec!["punct.dunhao", "punct.dunhao"]);
    let fs = check("包括文件、会议、。以及……等内容。等等......再如。。。他说…… 。说明——— 此外-- 另外");
    let r = rules(&fs);
    assert!(r.iter().filter(|x| **x == "punct.dunhao").count() == 1, "{fs:?}");
    assert!(r.contains(&"punct.ellipsis-etc"));
    assert_eq!(r.iter().filter(|x| **x == "punct.ellipsis").count(), 2, "{fs:?}");
    assert_eq!(r.iter().filter(|x| **x == "punct.dash").count(), 2, "{fs:?}");
}

#[test]
fn dunhao_ellipsis_dash_silent_on_correct_text() {
    let t = "学习“两学一做”“三严三实”，阅读《决定》《条例》，还有文件、会议等。\n\
             他说：“我们要……”随后——正如前面所说——北京—上海航线；版本1.2.3，见www.gov.cn。\n\
             一、总体要求";
    let fs = check(t);
    assert!(fs.is_empty(), "{fs:?}");
}

// —— 数字 ——

#[test]
fn numbers_caught() {
    let fs = check("增长20-30%，投资20～30%，约4千人，用了三、四天，08年起，19年3月，降低了一倍，第3-5条。");
    assert_eq!(
        rules(&fs),
        vec![
            "number.range",
            "number.range",
            "number.mixed-digits",
            "number.approximate",
            "number.short-year",
            "number.short-year",
            "number.reduction",
            "number.range"
        ],
        "{fs:?}"
    );
    assert_eq!(fs[0].suggestions, vec!["20%～30%"]);
    assert_eq!(fs[2].suggestions, vec!["4000"]);
    assert_eq!(fs[3].suggestions, vec!["三四"]);
    let fs = check("2026年全年，二〇二六年上半年，2025年。增长30%，百分之十五。");
    assert_eq!(of(&fs, Class::Number), vec!["二〇二六年", "百分之十五"]);
}

#[test]
fn numbers_silent_on_correct_text() {
    let t = "增长20%～30%，约4000人，3千米，5千克，用了三四天，第一、二季度，一、二等奖，2008年以来，已有19年。\
             电话0571-88888888，日期2026-03-05，标准GB/T 9704-2012，增加了一倍，百分之百。2026年3月5日。";
    let fs = check(t);
    assert!(fs.is_empty(), "{fs:?}");
}

// —— 层次结构 ——

#[test]
fn structure_caught() {
    let t = "一、总体要求\n（一）指导思想\n（三）工作目标\n二、主要任务\n1、加强领导\n（一）明确责任\n二、保障措施\n";
    let fs = check(t);
    assert_eq!(
        rules(&fs),
        vec!["structure.gap", "structure.marker", "structure.inverted", "structure.repeat"],
        "{fs:?}"
    );
    let fs = check("一要加强领导。二要压实责任。四要强化督查。\n第一，提高认识。二是狠抓落实。\n一、总体要求。\n");
    assert_eq!(rules(&fs), vec!["structure.gap", "structure.mixed", "structure.heading-punct"], "{fs:?}");
}

#[test]
fn structure_silent_on_correct_text() {
    let t = "一、总体要求\n（一）指导思想。坚持以人民为中心。\n（二）工作目标\n1.目标一\n2.目标二\n（1）细项\n\
             二、主要任务\n一是加强领导；二是压实责任；三是强化督查。\n第一，提高认识。第二，狠抓落实。\n\
             统一是前提。三、四年级学生参加。";
    let fs = check(t);
    assert!(fs.is_empty(), "{fs:?}");
}

// —— 公文要素 ——

#[test]
fn doc_elements_with_context() {
    let request =
        DocContext { doc_type: Some(DocType::Request), attachments_present: Some(vec!["预算表.xlsx".into()]) };
    let t = "某县教育局\n某教发〔2026〕3号\n关于申请办公经费的报告\n县政府、县财政局：\n我局因工作需要，申请经费。\n\
             附件：1.预算表\n2.项目说明\n某县教育局\n2026年03月05日";
    let fs = pr().check_document(&request, t);
    let r = rules(&fs);
    for want in [
        "doc.title-type",
        "doc.request-recipient",
        "doc.request-ending",
        "doc.signer",
        "doc.attachment-count",
        "doc.date",
    ] {
        assert!(r.contains(&want), "{want} missing: {fs:?}");
    }
    let report = DocContext { doc_type: Some(DocType::Report), attachments_present: None };
    let fs = pr().check_document(&report, "关于2026年工作情况的报告\n县政府：\n今年工作如下。以上报告妥否，请批示。");
    assert_eq!(rules(&fs), vec!["doc.report-request"]);
}

#[test]
fn doc_elements_silent_on_correct_document() {
    let ctx = DocContext { doc_type: Some(DocType::Request), attachments_present: Some(vec!["预算表.xlsx".into()]) };
    let t = "某县教育局文件\n某教发〔2026〕3号　　签发人：张三\n关于申请办公经费的请示\n县政府：\n我局因工作需要，拟申请经费10万元。\n\
             妥否，请批示。\n\n附件：预算表\n\n某县教育局\n2026年3月5日";
    let fs = pr().check_document(&ctx, t);
    assert!(fs.is_empty(), "{fs:?}");
    assert_eq!(DocType::from_name("请示"), Some(DocType::Request));
    assert_eq!(DocType::from_name("令"), Some(DocType::Order));
}

#[test]
fn doc_elements_without_context() {
    let fs = check("关于开展安全检查的请示报告\n正文详见附件。\n二〇二六年三月五日");
    let r = rules(&fs);
    assert!(r.contains(&"doc.title-type") && r.contains(&"doc.attachment-absent") && r.contains(&"doc.date"), "{fs:?}");
    assert!(fs.iter().find(|f| f.rule == "doc.date").is_some_and(|f| f.suggestions == vec!["2026年3月5日"]));
}

// —— 网页残留与页码 ——

#[test]
fn page_break_artefacts() {
    let t = "各单位要进一步提高政治站位，切实增强做好\n2、\n工作的责任感和使命感。\n要坚持问题导 3、 向，抓好整改。";
    let fs = check(t);
    assert_eq!(of(&fs, Class::WebResidue), vec!["2、", " 3、 "]);
    assert!(fs.iter().all(|f| f.rule == "web-residue.page-break"));
    let c = zs_proof::clean(t);
    assert_eq!(c.text, "各单位要进一步提高政治站位，切实增强做好工作的责任感和使命感。\n要坚持问题导向，抓好整改。");
    assert_eq!(c.removed.len(), 2);
    assert_eq!(c.removed[0].line, 2);
}

#[test]
fn clean_leaves_correct_text_alone() {
    let t = "关于做好安全生产工作的通知\n\n一、总体要求\n各单位要高度重视。群众可扫码预约。\n\n\n二、工作措施\n（一）加强领导。\n";
    let c = zs_proof::clean(t);
    assert!(c.removed.is_empty(), "{:?}", c.removed);
    assert_eq!(c.text, "关于做好安全生产工作的通知\n\n一、总体要求\n各单位要高度重视。群众可扫码预约。\n\n二、工作措施\n（一）加强领导。\n");
    assert_eq!(zs_proof::clean("").text, "");
}

// —— 禁用词、单位数据 ——

#[test]
fn prohibited_words_builtin_and_extra() {
    let fs = check("他是个书呆子，不是傻子。");
    assert_eq!(of(&fs, Class::Prohibited), vec!["傻子"]);
    let p = Proofreader::builder()
        .extra(DataKind::Prohibited, "# 本单位\n内部消息|慎用|未经核实\n绝密材料|禁用|非涉密系统不得处理\n")
        .unwrap()
        .build()
        .unwrap();
    let fs = p.check("据内部消息，附上绝密材料。");
    assert_eq!(of(&fs, Class::Prohibited), vec!["内部消息", "绝密材料"]);
    assert_eq!((fs[0].severity, fs[1].severity), (Severity::Warning, Severity::Error));
}

#[test]
fn leaders_order_and_titles() {
    let p = Proofreader::builder()
        .extra(DataKind::Leaders, "王明|县委书记\n李华|县委副书记、县长\n张强|常务副县长\n赵敏|副县长\n")
        .unwrap()
        .extra(DataKind::Places, "青禾县|清禾县、青河县\n禾丰镇\n")
        .unwrap()
        .build()
        .unwrap();
    let fs = p.check("出席会议的有李华、王明、张强同志。县委书记王明，县长李华，赵敏县长出席。清禾县禾丰镇。");
    assert_eq!(rules(&fs), vec!["leader.order", "leader.title", "typo.place"], "{fs:?}");
    assert_eq!(fs[0].suggestions, vec!["王明、李华、张强"]);
    assert_eq!(fs[2].suggestions, vec!["青禾县"]);
    let fs = p.check("王明书记、李华县长、张强副县长出席会议。县委书记王明，县长李华。青禾县禾丰镇。");
    assert!(fs.is_empty(), "{fs:?}");
}

#[test]
fn bad_data_lines_are_reported_with_numbers() {
    let e = Proofreader::builder()
        .extra(DataKind::Leaders, "王明|县委书记\n李华\n王明|县长\n张|副县长\n")
        .err()
        .expect("bad lines");
    let lines: Vec<usize> = e.0.iter().map(|x| x.line).collect();
    assert_eq!(lines, vec![2, 3, 4]);
    assert!(e.to_string().contains("领导排序 第2行"), "{e}");
    let e = Proofreader::builder().extra(DataKind::Typos, "错|错\n").err().expect("same");
    assert!(e.0[0].message.contains("相同"));
    let e = Proofreader::builder().extra(DataKind::Prohibited, "词|偶尔\n").err().expect("level");
    assert!(e.0[0].message.contains("禁用"));
    assert!(Proofreader::with_extra("只有一个字段\n").is_err());
    assert_eq!(DataKind::parse("leaders"), Some(DataKind::Leaders));
    assert_eq!(DataKind::parse("地名"), Some(DataKind::Places));
}

#[test]
fn organisation_entry_overrides_or_allows_shipped_one() {
    let p = Proofreader::builder().extra(DataKind::Formulations, "村长|=\n").unwrap().build().unwrap();
    assert!(p.check("村长").is_empty());
    assert!(!pr().check("村长").is_empty());
    let p = Proofreader::builder().extra(DataKind::Residue, "青禾在线|本地网站名称|强\n").unwrap().build().unwrap();
    let c = p.clean("青禾在线\n正文。");
    assert_eq!(c.text, "正文。");
    assert_eq!(p.data_counts()[4].1, pr().data_counts()[4].1 + 1);
}

// —— 任意输入不崩溃 ——

#[test]
fn arbitrary_text_never_panics_and_offsets_stay_exact() {
    // Pieces every rule starts from, shuffled by a fixed-seed generator: the rules slice around them.
    const PIECES: &[&str] = &[
        "、",
        "，",
        "。",
        "；",
        "：",
        "\n",
        "\r\n",
        " ",
        "X",
        "×",
        "*",
        "_",
        "＿",
        "年",
        "月",
        "日",
        "号",
        "倍",
        "百分之",
        "百",
        "千",
        "0",
        "1",
        "2",
        "08",
        "2026",
        "%",
        "-",
        "~",
        "～",
        "—",
        "――",
        "…",
        ".",
        "“",
        "”",
        "‘",
        "’",
        "（",
        "）",
        "(",
        ")",
        "《",
        "》",
        "〈",
        "〉",
        "[",
        "]",
        "【",
        "】",
        "〔",
        "〕",
        "第",
        "一",
        "二",
        "三",
        "十",
        "是",
        "要",
        "其",
        "附件：",
        "关于",
        "的请示",
        "大",
        "届",
        "中全会",
        "全国代表大会",
        "次代表大会",
        "党的",
        "四个意识",
        "政治意识",
        "（一）",
        "1.",
        "扫码",
        "版权所有",
        "来源：",
        "网",
        "某某",
        "村长",
        "农村长",
        "降低",
        "了",
        "王明",
        "县长",
        "😀",
        "\u{3000}",
        "\u{feff}",
    ];
    let leaders =
        Proofreader::builder().extra(DataKind::Leaders, "王明|县委书记\n李华|县长\n").unwrap().build().unwrap();
    let ctx = DocContext { doc_type: Some(DocType::Request), attachments_present: Some(vec!["a.docx".into()]) };
    let mut seed: u64 = 0x2026_0305;
    let mut next = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..3000 {
        let len = next() % 60;
        let text: String = (0..len).map(|_| PIECES[next() % PIECES.len()]).collect();
        for fs in [pr().check(&text), leaders.check_document(&ctx, &text)] {
            for f in &fs {
                assert!(f.start_byte <= f.end_byte && f.end_byte <= text.len(), "{text:?}: {f:?}");
                assert_eq!(&text[f.start_byte..f.end_byte], f.text, "{text:?}");
                assert_eq!(text[..f.start_byte].chars().count(), f.start_char, "{text:?}");
            }
        }
        let c = zs_proof::clean(&text);
        assert!(c.text.len() <= text.len() + 1, "{text:?}");
    }
}
