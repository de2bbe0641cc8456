//! The proofreader over the web copies of speeches in ../shared/corpus/speeches: every real error found, nothing
//! flagged in correct text. What a reader sees in those files, and what must be found:
//!
//! office-directors-training-speech.txt
//! - lines 1–9, a resource site's banner: 仅供学习 禁止外传, 酷乐文行, 自建平台、实时分享 and 根据实际需求和形式任务
//!   不断迭代 (short lines between banner lines), 现在订阅立享…, 【打击倒卖活动】, 举报倒卖会员资料…, 会员群/免费QQ群
//!   — eight residue lines; 形式任务 in the banner is also a 错别字 (形势任务);
//! - placeholders 现代化× (twice), ×月×日, ×书记;
//! - 规范提法: 以习近平同志为总书记的党中央, the three-member 道路自信、理论自信、制度自信 (文化自信 missing since 2016),
//!   全面建成小康社会、全面深化改革 (the first 全面 is 全面建设社会主义现代化国家 since 2020);
//! - 做出了积极贡献 and 做出更大贡献 (公文 writes 作出 for 贡献: a warning).
//!
//! party-branch-meeting-speech.txt: clean apart from the placeholder in 全面建设社会主义现代化××新篇章; its
//! spelled-out “五个坚持” (the 办公厅 version) is complete and in order, its headings 一、…四、 are in sequence.
//!
//! training-opening-speech.txt
//! - residue: the site banner (观山文库) on line 1, the page header's copy of the title on line 3, the share bar on
//!   line 5, the view counter 221381 and the 领取福利 / 微信扫码 lines at the end;
//! - placeholders 党的XX大, XX县, XX高质量发展, XX发展, XX近五年;
//! - half-width commas and colons throughout (同志们:) and straight quotes around "三服务" and the other terms;
//! - 县委县政府 without the 顿号 between the two organs (a warning; line 11 writes 县委、县政府).

use std::path::PathBuf;
use zs_proof::{Class, Finding, Proofreader, Severity};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/speeches")
}

fn read(name: &str) -> String {
    let path = corpus().join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the speech corpus file {}: {e}", path.display()))
}

fn valid(text: &str, fs: &[Finding]) {
    for w in fs.windows(2) {
        assert!((w[0].start_byte, w[0].end_byte) <= (w[1].start_byte, w[1].end_byte), "not sorted");
    }
    for f in fs {
        assert_eq!(&text[f.start_byte..f.end_byte], f.text);
        assert_eq!(text[..f.start_byte].chars().count(), f.start_char);
        assert_eq!(text[..f.end_byte].chars().count(), f.end_char);
        assert_eq!(text[..f.start_byte].matches('\n').count() + 1, f.line);
    }
}

fn texts(fs: &[Finding], class: Class) -> Vec<&str> {
    fs.iter().filter(|f| f.class == class).map(|f| f.text.as_str()).collect()
}

fn lines(fs: &[Finding], class: Class) -> Vec<usize> {
    fs.iter().filter(|f| f.class == class).map(|f| f.line).collect()
}

#[test]
fn every_speech_checks_cleanly() {
    let dir = corpus();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!("the speech corpus {} is missing ({e}); it is part of the test data and must be present", dir.display())
    });
    let p = Proofreader::builtin();
    let mut n = 0;
    for e in entries {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let fs = p.check(&text);
        valid(&text, &fs);
        n += 1;
    }
    assert!(n >= 3, "expected the three speeches in {}, found {n} files", dir.display());
}

#[test]
fn office_directors_speech() {
    let text = read("office-directors-training-speech.txt");
    let fs = Proofreader::builtin().check(&text);
    assert_eq!(lines(&fs, Class::WebResidue), vec![1, 2, 3, 4, 5, 7, 8, 9]);
    assert_eq!(texts(&fs, Class::Placeholder), vec!["×", "×月×日", "×", "×"]);
    assert_eq!(
        texts(&fs, Class::Formulation),
        vec!["全面建成小康社会、全面深化改革", "以习近平同志为总书记的党中央", "道路自信、理论自信、制度自信"]
    );
    assert_eq!(texts(&fs, Class::Typo), vec!["形式任务", "做出了积极贡献", "做出更大贡献"]);
    let classes: Vec<Class> = fs.iter().map(|f| f.class).collect();
    assert!(
        classes.iter().all(|c| matches!(c, Class::WebResidue | Class::Placeholder | Class::Formulation | Class::Typo)),
        "unexpected findings: {fs:?}"
    );
    assert_eq!(fs.len(), 8 + 4 + 3 + 3);
}

#[test]
fn party_branch_speech() {
    let text = read("party-branch-meeting-speech.txt");
    let fs = Proofreader::builtin().check(&text);
    assert_eq!(fs.len(), 1, "{fs:?}");
    assert_eq!(fs[0].text, "××");
    assert_eq!(fs[0].class, Class::Placeholder);
}

#[test]
fn training_opening_speech() {
    let text = read("training-opening-speech.txt");
    let fs = Proofreader::builtin().check(&text);
    assert_eq!(lines(&fs, Class::WebResidue), vec![1, 3, 5, 35, 36, 38, 40]);
    let title = fs.iter().find(|f| f.line == 3).expect("line 3");
    assert_eq!(title.rule, "web-residue.duplicate-title");
    assert_eq!(texts(&fs, Class::Placeholder), vec!["XX"; 5]);
    assert_eq!(texts(&fs, Class::Formulation), vec!["县委县政府"]);
    assert_eq!(fs.iter().find(|f| f.class == Class::Formulation).map(|f| f.severity), Some(Severity::Warning));
    let punct = texts(&fs, Class::Punctuation);
    assert!(punct.iter().filter(|t| **t == ",").count() > 100, "{punct:?}");
    assert!(punct.iter().all(|t| matches!(*t, "," | ":" | ";" | "\"")), "{punct:?}");
    let colon = fs.iter().find(|f| f.text == ":" && f.line == 9).expect("同志们: on line 9");
    assert_eq!(colon.column, 4);
    // Nothing on the residue lines besides the residue itself.
    assert!(fs.iter().filter(|f| [1, 5].contains(&f.line)).all(|f| f.class == Class::WebResidue), "{fs:?}");
    let other: Vec<&Finding> = fs
        .iter()
        .filter(|f| {
            !matches!(f.class, Class::WebResidue | Class::Placeholder | Class::Formulation | Class::Punctuation)
        })
        .collect();
    assert!(other.is_empty(), "{other:?}");
}

#[test]
fn clean_removes_what_web_copies_bring() {
    let text = read("office-directors-training-speech.txt");
    let c = zs_proof::clean(&text);
    assert!(c.text.starts_with("在全市党政办公室主任培训班上的讲话\n同志们：\n"), "{}", &c.text[..120]);
    assert_eq!(c.removed.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 7, 8, 9]);
    assert!(c.removed.iter().all(|r| !r.reason.is_empty()));
    // What the checker still finds in the cleaned text: no residue at all.
    assert!(texts(&Proofreader::builtin().check(&c.text), Class::WebResidue).is_empty());

    let text = read("training-opening-speech.txt");
    let c = zs_proof::clean(&text);
    assert!(c.text.starts_with("在党政办公室业务工作培训会上的开班讲话\n\n同志们:"), "{}", &c.text[..120]);
    assert!(c.text.trim_end().ends_with("还要往文件里写。"), "{}", c.text);
    assert_eq!(c.text.matches("在党政办公室业务工作培训会上的开班讲话").count(), 1);
    assert_eq!(c.removed.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 3, 5, 35, 36, 38, 40]);

    let text = read("party-branch-meeting-speech.txt");
    let c = zs_proof::clean(&text);
    assert!(c.removed.is_empty(), "{:?}", c.removed);
    assert_eq!(c.text.trim_end(), text.trim_end());
}
