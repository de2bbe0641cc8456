//! Speed of speech import, as `name: value unit` lines (run with --release):
//! - `outline_10k_chars`: `outline` on a 10,000-character speech made from the corpus speeches;
//! - `docx_text_1mb`: `docx_text` on a .docx whose document.xml is 1 MiB (deflated, as Word saves it).
//!
//! Medians over many runs after a warm-up. Sizes and counts go to stderr, figures to stdout.

use std::io::{Cursor, Write};
use std::path::PathBuf;
use std::time::Instant;

use zip::write::SimpleFileOptions;

const NUMERALS: [&str; 20] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七",
    "十八", "十九", "二十",
];

fn corpus(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/speeches").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Paragraphs of the party-branch speech grouped under its four 一、 headings (heading text, body).
fn points(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.split_once('、') {
            Some((n, title)) if NUMERALS.contains(&n) => out.push((title.to_string(), Vec::new())),
            _ => {
                if let Some(last) = out.last_mut() {
                    last.1.push(line.to_string());
                }
            }
        }
    }
    out
}

/// A 10,000-character speech: the party-branch speech's points, renumbered 一、二、…, each followed by
/// the 一是/二是/三是 paragraphs of the training speech, so two levels and many requirements.
fn speech_10k() -> String {
    let branch = corpus("party-branch-meeting-speech.txt");
    let training = corpus("training-opening-speech.txt");
    let subpoints: Vec<&str> = training
        .lines()
        .map(str::trim)
        .filter(|l| ["一是", "二是", "三是"].iter().any(|n| l.starts_with(n)))
        .take(3)
        .collect();
    let groups = points(&branch);
    let mut text = String::from("在全县办公室系统工作会议上的讲话\n同志们：\n下面，我讲几点意见。\n");
    let mut k = 0;
    while text.chars().count() < 10_000 {
        let (title, body) = &groups[k % groups.len()];
        text.push_str(&format!("{}、{title}\n", NUMERALS[k % NUMERALS.len()]));
        for p in body {
            text.push_str(p);
            text.push('\n');
        }
        for s in &subpoints {
            text.push_str(s);
            text.push('\n');
        }
        k += 1;
    }
    text.chars().take(10_000).collect()
}

/// A .docx whose document.xml holds the corpus paragraphs, repeated to 1 MiB.
fn docx_1mb() -> (Vec<u8>, usize) {
    let paragraphs: Vec<String> = ["office-directors-training-speech.txt", "party-branch-meeting-speech.txt"]
        .iter()
        .flat_map(|n| corpus(n).lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    let mut i = 0;
    while xml.len() < 1 << 20 {
        // Two runs per paragraph, as Word writes text with mixed formatting.
        let p = &paragraphs[i % paragraphs.len()];
        let cut = p.char_indices().nth(p.chars().count() / 2).map_or(0, |(b, _)| b);
        xml.push_str(&format!(
            r#"<w:p><w:pPr><w:ind w:firstLineChars="200"/></w:pPr><w:r><w:t>{}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r></w:p>"#,
            &p[..cut],
            &p[cut..]
        ));
        i += 1;
    }
    xml.push_str("<w:sectPr/></w:body></w:document>");
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in [("_rels/.rels", rels.as_bytes()), ("word/document.xml", xml.as_bytes())] {
        w.start_file(name, SimpleFileOptions::default()).expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    (w.finish().expect("zip").into_inner(), xml.len())
}

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..runs / 10 + 1 {
        f();
    }
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let speech = speech_10k();
    let o = zs_office::outline(&speech).expect("the benchmark speech has an outline");
    let requirements: usize = o.points.iter().map(|p| p.requirements.len() + p.points.len()).sum();
    eprintln!(
        "speech: {} chars, {} top-level points, {requirements} requirements and sub-points",
        speech.chars().count(),
        o.points.len()
    );
    let ms = median_ms(500, || {
        std::hint::black_box(zs_office::outline(std::hint::black_box(&speech)).ok());
    });
    println!("outline_10k_chars: {ms:.3} ms");

    let (docx, xml_len) = docx_1mb();
    let text = zs_office::docx_text(&docx).expect("the benchmark document reads");
    eprintln!("docx: {} bytes, document.xml {xml_len} bytes, {} chars of text", docx.len(), text.chars().count());
    let ms = median_ms(50, || {
        std::hint::black_box(zs_office::docx_text(std::hint::black_box(&docx)).ok());
    });
    println!("docx_text_1mb: {ms:.3} ms");
}
