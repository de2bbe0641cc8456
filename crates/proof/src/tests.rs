use super::*;
use std::sync::OnceLock;

fn pr() -> &'static Proofreader {
    static P: OnceLock<Proofreader> = OnceLock::new();
    P.get_or_init(Proofreader::builtin)
}

/// Checks and verifies the invariants every finding list must hold.
fn check(text: &str) -> Vec<Finding> {
    let fs = pr().check(text);
    assert_valid(text, &fs);
    fs
}

pub(crate) fn assert_valid(text: &str, fs: &[Finding]) {
    for w in fs.windows(2) {
        assert!((w[0].start_byte, w[0].end_byte) <= (w[1].start_byte, w[1].end_byte), "not sorted: {w:?}");
    }
    for f in fs {
        assert!(f.start_byte < f.end_byte, "{f:?}");
        assert_eq!(&text[f.start_byte..f.end_byte], f.text);
        assert_eq!(text[..f.start_byte].chars().count(), f.start_char, "{f:?}");
        assert_eq!(text[..f.end_byte].chars().count(), f.end_char, "{f:?}");
        let before = &text[..f.start_byte];
        assert_eq!(before.matches('\n').count() + 1, f.line, "{f:?}");
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(text[line_start..f.start_byte].chars().count() + 1, f.column, "{f:?}");
        assert!(!f.message.is_empty());
    }
}

fn of(fs: &[Finding], class: Class) -> Vec<&str> {
    fs.iter().filter(|f| f.class == class).map(|f| f.text.as_str()).collect()
}

#[test]
fn shipped_data_is_valid_and_large_enough() {
    let mut b = dict::Builder::default();
    assert_eq!(data::builtin(&mut b), Vec::new());
    let text = include_str!("../data/formulations.txt");
    let real = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.contains("|=|")).count();
    assert!(real >= 250, "only {real} 提法 entries");
    for l in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.contains("|=|")) {
        let f: Vec<&str> = l.split('|').collect();
        assert!(f.len() == 4 || f.len() == 5, "{l}");
        assert!(f.iter().all(|x| !x.trim().is_empty()), "{l}");
        // The wrong form is caught, and the right form is not itself flagged.
        assert!(!check(f[0]).is_empty(), "{} is not caught", f[0]);
        let fs = check(f[1]);
        assert!(of(&fs, Class::Formulation).is_empty(), "right form {} is flagged: {fs:?}", f[1]);
    }
    for l in include_str!("../data/typos.txt").lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = l.split('|').collect();
        if f[1] == "=" {
            continue;
        }
        assert_eq!(of(&check(f[0]), Class::Typo), vec![f[0]], "{l}");
        assert!(of(&check(f[1]), Class::Typo).is_empty(), "right form {} is flagged", f[1]);
    }
    assert!(pr().dictionary_len() > 600);
}

#[test]
fn formulation_caught_with_suggestion() {
    let t = "坚定地同以习近平同志为总书记的党中央保持高度一致。";
    let fs = check(t);
    assert_eq!(fs.len(), 1, "{fs:?}");
    let f = &fs[0];
    assert_eq!(f.class, Class::Formulation);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.text, "以习近平同志为总书记的党中央");
    assert_eq!(f.suggestions, vec!["以习近平同志为核心的党中央".to_string()]);
    assert_eq!((f.start_char, f.column, f.line), (4, 5, 1));
    assert!(f.message.contains("十八届六中全会"));

    let fs = check("北朝鲜和南朝鲜；三个代表重要思想；进一步坚定道路自信、理论自信、制度自信，");
    assert_eq!(
        of(&fs, Class::Formulation),
        vec!["北朝鲜", "南朝鲜", "三个代表重要思想", "道路自信、理论自信、制度自信"]
    );
}

#[test]
fn formulation_silent_on_correct_text() {
    let t = "坚持以习近平同志为核心的党中央坚强领导，以习近平新时代中国特色社会主义思想为指导，\
             坚持“三个代表”重要思想，坚定道路自信、理论自信、制度自信、文化自信。\
             朝鲜和韩国；大陆和台湾；内地与香港；完善农村长效机制，他在该村长期工作。\
             推进国家治理体系和治理能力现代化。";
    let fs = check(t);
    assert!(fs.is_empty(), "{fs:?}");
}

#[test]
fn extra_formulations_are_data() {
    let p = Proofreader::with_extra("# 本地\n青禾县委办|青禾县委办公室|县委通知|2026年1月\n旧名称|新名称\n").unwrap();
    let fs = p.check("青禾县委办印发旧名称。");
    assert_eq!(of(&fs, Class::Formulation), vec!["青禾县委办", "旧名称"]);
    assert_eq!(fs[0].suggestions, vec!["青禾县委办公室".to_string()]);
    assert!(Proofreader::builtin().check("青禾县委办").is_empty());
    let e = Proofreader::with_extra("只有一个字段\n").err().unwrap();
    assert_eq!(e.line, 1);
    assert!(e.to_string().contains("格式"));
}

#[test]
fn placeholders_caught() {
    let t = "学习贯彻党的XX大精神，召开XX县培训会。今年×月×日，×书记强调建设现代化×。\
             请**同志于2026年XX月XX日前报送某某材料到[单位名称]，联系人：＿＿＿＿。";
    let fs = check(t);
    assert_eq!(
        of(&fs, Class::Placeholder),
        vec!["XX", "XX", "×月×日", "×", "×", "**", "XX月XX日", "某某", "[单位名称]", "＿＿＿＿"]
    );
    assert!(fs.iter().all(|f| f.class != Class::Placeholder || f.severity == Severity::Error));
}

#[test]
fn placeholders_silent_on_correct_text() {
    let t = "X光检查和X射线；尺寸3×4米，XXL号衣服，Xbox，0xFF；在xxx.org之外。\n\
             某政发〔2026〕12号；某县某局；2026年11月22日；一、总体要求；【典型案例】；see foo_bar；a*b。";
    let fs = check(t);
    assert!(of(&fs, Class::Placeholder).is_empty(), "{fs:?}");
}

#[test]
fn half_width_punctuation_caught() {
    let t = "同志们:\n在全县上下,我们召开会议;大家好!对吗?活动(一)开展。";
    let fs = check(t);
    let p: Vec<(&str, Vec<String>)> =
        fs.iter().filter(|f| f.class == Class::Punctuation).map(|f| (f.text.as_str(), f.suggestions.clone())).collect();
    let want = [(":", "："), (",", "，"), (";", "；"), ("!", "！"), ("?", "？"), ("(", "（"), (")", "）")];
    assert_eq!(p.len(), want.len(), "{fs:?}");
    for ((got, sug), (w, ws)) in p.iter().zip(want) {
        assert_eq!(*got, w);
        assert_eq!(sug, &vec![ws.to_string()]);
    }
    assert_eq!(fs[0].line, 1);
    assert_eq!(fs[0].column, 4);
    assert_eq!(fs[1].line, 2);
}

#[test]
fn half_width_silent_in_ascii_numbers_times_urls() {
    let t = "增长3.5%，会议10:30开始，共1,000人。详见https://www.gov.cn/a?b=1,c=2;d(1)，或www.example.com/x:y。\n\
             Hello, world! (see note) 用 Rust, Go 编写。比例为3:2。";
    let fs = check(t);
    assert!(of(&fs, Class::Punctuation).is_empty(), "{fs:?}");
}

#[test]
fn straight_quotes_flagged() {
    let fs = check("做好新时代\"三服务\"工作");
    let q: Vec<_> = fs.iter().map(|f| f.suggestions[0].as_str()).collect();
    assert_eq!(q, vec!["“", "”"]);
    assert!(check("He said \"yes\" loudly.").is_empty());
}

#[test]
fn pairs_caught() {
    let fs = check("他说：“我们要学习。");
    assert_eq!(of(&fs, Class::Punctuation), vec!["“"]);
    assert_eq!(fs[0].severity, Severity::Warning);

    let fs = check("学习《关于（试行》的通知）");
    assert_eq!(of(&fs, Class::Punctuation), vec!["（", "）"]);
    assert!(fs.iter().all(|f| f.severity == Severity::Error));

    let fs = check("阅读〈论持久战〉一文。多了右括号）。");
    assert_eq!(of(&fs, Class::Punctuation), vec!["〈", "）"]);
}

#[test]
fn pairs_silent_on_correct_text() {
    let t = "学习《〈中共中央关于党的百年奋斗重大成就和历史经验的决议〉辅导读本》。他说：“要‘两个维护’。”\n\
             村（社区）“两委”换届；China’s economy; don’t.";
    let fs = check(t);
    assert!(fs.is_empty(), "{fs:?}");
}

#[test]
fn web_residue_lines_caught() {
    let t = "讲话全文如下。\n来源：人民网 责任编辑：张三\n版权所有 未经允许不得转载\n微信扫码分享 返回顶部";
    let fs = check(t);
    assert_eq!(
        of(&fs, Class::WebResidue),
        vec!["来源：人民网 责任编辑：张三", "版权所有 未经允许不得转载", "微信扫码分享 返回顶部"]
    );
    assert!(fs.iter().all(|f| f.severity == Severity::Warning && f.rule == "web-residue.line"));
    // A strong residue inside a long paragraph is reported by itself.
    let long = format!("{}。本文来源于网络", "各单位要认真贯彻落实会议精神，切实抓好各项工作".repeat(4));
    let fs = check(&long);
    assert_eq!(of(&fs, Class::WebResidue), vec!["本文来源于网络"]);
}

#[test]
fn web_residue_silent_on_correct_text() {
    let t = "资金来源：县财政拨款。各单位要加强网络安全，做好信息公开工作。\n群众可扫码预约办理。\n三、经验分享\n请各单位于月底前报送订阅情况。";
    let fs = check(t);
    assert!(fs.is_empty(), "{fs:?}");
}

#[test]
fn doc_numbers_caught() {
    let cases = [
        ("某政发[2026]12号", "[2026]12号", "〔2026〕12号"),
        ("某政发(2026)12号", "(2026)12号", "〔2026〕12号"),
        ("某政发（2026）12号", "（2026）12号", "〔2026〕12号"),
        ("某政发【2026】12号", "【2026】12号", "〔2026〕12号"),
        ("某政发〔2026〕第12号", "〔2026〕第12号", "〔2026〕12号"),
        ("某政发〔2026〕012号", "〔2026〕012号", "〔2026〕12号"),
        ("某政发〔26〕12号", "〔26〕12号", "〔2026〕12号"),
    ];
    for (t, flagged, right) in cases {
        let fs = check(t);
        assert_eq!(fs.len(), 1, "{t}: {fs:?}");
        assert_eq!(fs[0].class, Class::DocNumber);
        assert_eq!(fs[0].severity, Severity::Error);
        assert_eq!(fs[0].text, flagged);
        assert_eq!(fs[0].suggestions, vec![right.to_string()]);
    }
}

#[test]
fn doc_numbers_silent_on_correct_text() {
    let t = "根据某政发〔2026〕12号和国办发〔2025〕3号文件，国务院令第712号，号召大家，一号文件，2026年第3号公告。";
    let fs = check(t);
    assert!(fs.is_empty(), "{fs:?}");
}

#[test]
fn offsets_exact_with_cjk_and_emoji() {
    let t = "😀👍🏽 第一行\n🎉中文 以习近平同志为总书记的党中央,XX😀“未闭合\r\n某政发[2026]012号🙂";
    let fs = check(t);
    assert!(fs.len() >= 5, "{fs:?}");
    let f = fs.iter().find(|f| f.class == Class::Formulation).unwrap();
    assert_eq!(f.line, 2);
    assert_eq!(f.column, 5);
    let d = fs.iter().find(|f| f.class == Class::DocNumber).unwrap();
    assert_eq!(d.line, 3);
    assert_eq!(d.column, 4);
}

#[test]
fn empty_and_odd_input() {
    assert!(check("").is_empty());
    assert!(check("\n\n\r\n").is_empty());
    for t in ["X", "×", "*", "_", "(", ")", "“", "”", "号", "〔", "[2026]号", "〔2026〕号", "来源：", "\"", "【"]
    {
        check(t);
    }
}

#[test]
fn serialises_with_chinese_class_and_char_offsets() {
    let fs = check("北朝鲜");
    let v = serde_json::to_value(&fs[0]).unwrap();
    assert_eq!(v["class"], "规范提法");
    assert_eq!(v["severity"], "error");
    assert_eq!(v["start_char"], 0);
    assert_eq!(v["end_char"], 3);
    assert!(v.get("start_byte").is_none());
}

#[test]
fn width() {
    assert_eq!(display_width('中'), 2);
    assert_eq!(display_width('a'), 1);
    assert_eq!(display_width('，'), 2);
    assert_eq!(display_width('😀'), 2);
}

#[test]
fn proofreader_is_shareable_and_counts_its_data() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Proofreader>();
    let counts = pr().data_counts();
    let get = |name: &str| counts.iter().find(|c| c.0 == name).map_or(0, |c| c.1);
    assert!(get("规范提法") >= 300, "{counts:?}");
    assert!(get("错别字") >= 300, "{counts:?}");
    assert!(get("固定表述") >= 30, "{counts:?}");
    assert!(get("网页残留") >= 80, "{counts:?}");
    for kind in DataKind::ALL {
        assert!(!kind.format().is_empty());
        assert_eq!(DataKind::parse(kind.key()), Some(kind));
    }
}
