//! `zhongshu proof` as a user runs it: text and .docx inputs, JSON output, exit statuses, and every kind of bad
//! input answered with a Chinese sentence (exit 2), never a panic.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn zhongshu(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhongshu"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the zhongshu binary starts");
    if let Some(bytes) = stdin {
        // The child may stop reading early (a refused input); a broken pipe is then expected.
        let _ = child.stdin.take().expect("stdin").write_all(bytes);
    }
    child.wait_with_output().expect("zhongshu finishes")
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("zs-proof-cli-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir().join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs.iter().map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>")).collect();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(document.as_bytes()).unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn refused(path: &Path, want: &str) {
    let o = zhongshu(&["proof", path.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.starts_with("错误："), "{e}");
    assert!(e.contains(want), "expected “{want}” in: {e}");
    assert!(!e.contains("panicked"), "{e}");
}

#[test]
fn text_and_docx_are_proofread() {
    let txt = write("a.txt", "坚定地同以习近平同志为总书记的党中央保持高度一致。\n".as_bytes());
    let o = zhongshu(&["proof", txt.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("a.txt:1:5: 错误[formulation]"), "{out}");
    assert!(out.contains("建议：以习近平同志为核心的党中央"), "{out}");

    let d = write("b.docx", &docx(&["关于开展安全检查的通知", "截止目前，各单位要再接再励。"]));
    let o = zhongshu(&["proof", "--format", "json", d.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON object");
    let texts: Vec<&str> = v["findings"].as_array().unwrap().iter().filter_map(|f| f["text"].as_str()).collect();
    assert_eq!(texts, vec!["截止目前", "再接再励"]);
    assert_eq!(v["findings"][0]["line"], 2);

    let o = zhongshu(&["proof", "-"], Some("各单位要认真落实。".as_bytes()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn bad_inputs_get_a_chinese_sentence() {
    refused(&write("empty.txt", b""), "是空的");
    refused(&write("blank.txt", b"  \n\n"), "是空的");
    refused(&write("bin.dat", &[0x7f, b'E', b'L', b'F', 0, 1, 2, 3]), "二进制文件");
    refused(&write("gbk.txt", &[0xD6, 0xD0, 0xCE, 0xC4]), "不是有效的 UTF-8");
    refused(&write("broken.docx", b"PK\x03\x04 this is not really a zip"), "Word 文档");
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend(std::iter::repeat_n(0u8, 504));
    cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    cfb.extend([0, 0]);
    refused(&write("locked.docx", &cfb), "密码");
    refused(&write("empty.docx", &docx(&[])), "是空的");
    refused(&dir().join("missing.txt"), "找不到文件");

    // 200 MB: refused from its size, without being read (a sparse file costs no disk).
    let big = dir().join("big.txt");
    std::fs::File::create(&big).and_then(|f| f.set_len(200 * 1024 * 1024)).expect("sparse file");
    refused(&big, "超过上限");
    let _ = std::fs::remove_file(&big);

    // stdin past the cap is cut off at the cap and refused.
    let o = zhongshu(&["proof", "-"], Some(&vec![b'a'; 65 * 1024 * 1024]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("超过上限"), "{}", stderr(&o));

    // One bad file does not stop the others.
    let good = write("good.txt", "以习近平同志为总书记的党中央".as_bytes());
    let o = zhongshu(&["proof", dir().join("missing.txt").to_str().unwrap(), good.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stdout).contains("good.txt:1:1"));
}
