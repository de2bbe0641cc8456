//! `zhongshu outline` end to end: the real binary on a corpus speech, a .docx, and bad input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhongshu"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn speech(name: &str) -> String {
    format!("{}/../../../shared/corpus/speeches/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn json_outline_of_a_corpus_speech() {
    let out = run(&["outline", "--format", "json", &speech("training-opening-speech.txt")], b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let points = json["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["level"], 1);
    assert_eq!(points[0]["number"], "一、");
    assert_eq!(points[1]["points"].as_array().unwrap().len(), 4);
    assert_eq!(points[1]["points"][3]["title"], "学习劲头还不够足");
    assert!(points[0]["requirements"][0].as_str().unwrap().contains("大家要切实提高思想认识"));
}

#[test]
fn text_outline_from_stdin() {
    let out = run(&["outline", "-"], "一要坚守信念。要把牢方向。\n二要胸怀大局。".as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "一要坚守信念\n  · 要把牢方向\n二要胸怀大局\n");
}

#[test]
fn a_docx_is_recognised_by_its_bytes() {
    let doc = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>一是加强学习。要原原本本学。</w:t></w:r></w:p><w:p><w:r><w:t>二是改进作风。</w:t></w:r></w:p></w:body></w:document>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(doc.as_bytes()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let out = run(&["outline", "--format", "json", "-"], &bytes);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["points"][0]["title"], "加强学习");
    assert_eq!(json["points"][0]["requirements"][0], "要原原本本学");
}

#[test]
fn no_outline_exits_1_and_bad_input_2() {
    let out = run(&["outline", "-"], "今天开会，大家谈了谈想法。".as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8(out.stderr).unwrap().contains("没有识别出讲话提纲"));

    // A legacy .doc, GBK text, and a missing file: each a Chinese sentence and status 2.
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.extend("WordDocument\0".encode_utf16().flat_map(u16::to_le_bytes));
    for (args, input, says) in [
        (vec!["outline", "-"], doc, "另存为 .docx"),
        (vec!["outline", "-"], vec![0xD6, 0xD0, 0xCE, 0xC4], "UTF-8"),
        (vec!["outline", "/nonexistent/speech.txt"], Vec::new(), "找不到文件"),
    ] {
        let out = run(&args, &input);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("错误：") && err.contains(says), "{err}");
    }
}
