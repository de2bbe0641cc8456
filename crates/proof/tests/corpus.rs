//! The proofreader over the web copies of speeches in ../shared/corpus/speeches.
//!
//! What a reader sees in those files, and what must be found:
//! - office-directors-training-speech.txt: a resource site's banner (仅供学习 禁止外传, 酷乐文行, 现在订阅立享…,
//!   举报倒卖会员资料…, 会员群/免费QQ群); placeholders 现代化× (twice), ×月×日, ×书记; the outdated
//!   以习近平同志为总书记的党中央, the three-member 道路自信、理论自信、制度自信 (文化自信 missing since 2016) and
//!   全面建成小康社会、全面深化改革 (the first 全面 is 全面建设社会主义现代化国家 since 2020).
//! - party-branch-meeting-speech.txt: clean apart from the placeholder in 全面建设社会主义现代化××新篇章.
//! - training-opening-speech.txt: the site name 观山文库, 加入收藏, 预计阅读时长, 领取福利, 微信扫码 (twice); the
//!   placeholders 党的XX大, XX县, XX高质量发展, XX发展, XX近五年; half-width commas and colons throughout
//!   (同志们:) and straight quotes around "三服务" and the other quoted terms.

use std::path::PathBuf;
use zs_proof::{Class, Finding, Proofreader};

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
    let residue = texts(&fs, Class::WebResidue);
    for w in ["仅供学习", "禁止外传", "酷乐文行", "立享", "倒卖会员", "会员群", "QQ群"] {
        assert!(residue.contains(&w), "web residue {w} not found: {residue:?}");
    }
    assert_eq!(texts(&fs, Class::Placeholder), vec!["×", "×月×日", "×", "×"]);
    assert_eq!(
        texts(&fs, Class::Formulation),
        vec!["全面建成小康社会、全面深化改革", "以习近平同志为总书记的党中央", "道路自信、理论自信、制度自信"]
    );
    assert!(texts(&fs, Class::Punctuation).is_empty(), "{fs:?}");
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
    assert_eq!(
        texts(&fs, Class::WebResidue),
        vec!["观山文库", "加入收藏", "预计阅读时长", "领取福利", "扫码", "领取福利", "扫码"]
    );
    assert_eq!(texts(&fs, Class::Placeholder), vec!["XX"; 5]);
    let punct = texts(&fs, Class::Punctuation);
    assert!(punct.iter().filter(|t| **t == ",").count() > 100, "{punct:?}");
    assert!(punct.contains(&":") && punct.contains(&"\""));
    let colon = fs.iter().find(|f| f.text == ":" && f.line == 9).expect("同志们: on line 9");
    assert_eq!(colon.column, 4);
    assert!(texts(&fs, Class::Formulation).is_empty());
}
