//! `cargo run --release -p zs-proof --example bench_proof`: the proofreader's speed on ≥ 50 MB of Chinese text (the
//! speech corpus and the evaluation texts, repeated with variations), checked one document of about 64 KB at a
//! time with the full rule set on one core, beside one plain Aho-Corasick pass over the same text with the same
//! dictionary patterns. Prints `name: value unit` lines; throughputs are per CPU-second of the one thread (the
//! `_wall` lines give wall-clock figures, which other load on the machine lowers).

use aho_corasick::AhoCorasick;
use std::path::{Path, PathBuf};
use std::time::Instant;
use zs_proof::Proofreader;

const TARGET_BYTES: usize = 52 * 1024 * 1024;
const DOC_BYTES: usize = 64 * 1024;

fn sources() -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [root.join("../../../shared/corpus/speeches"), root.join("eval/texts")] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if let Ok(t) = std::fs::read_to_string(&p) {
                out.push(t);
            }
        }
    }
    if out.is_empty() {
        eprintln!("bench: no texts found under {}", root.join("eval/texts").display());
        std::process::exit(2);
    }
    out
}

/// The paragraphs of the sources, repeated in a shifting order with a few characters varied, up to `TARGET_BYTES`.
fn corpus(sources: &[String]) -> String {
    let paras: Vec<&str> = sources.iter().flat_map(|s| s.lines()).filter(|l| !l.trim().is_empty()).collect();
    let mut text = String::with_capacity(TARGET_BYTES + 64 * 1024);
    let mut round = 0usize;
    while text.len() < TARGET_BYTES {
        for i in 0..paras.len() {
            let k = (i * 7 + round * 13) % paras.len();
            let para = paras[k];
            // Vary the text a little so no two rounds are byte-identical.
            if round % 3 == 1 {
                text.push_str(&para.replace("工作", "工作任务"));
            } else if round % 3 == 2 {
                text.push_str(&para.replace('，', "，进一步"));
            } else {
                text.push_str(para);
            }
            text.push('\n');
            if i % 40 == 39 {
                text.push('\n');
            }
        }
        round += 1;
    }
    text
}

/// Documents of about `DOC_BYTES`, cut at line ends.
fn documents(text: &str) -> Vec<&str> {
    let mut docs = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + DOC_BYTES).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if let Some(nl) = text[end..].find('\n') {
            end += nl + 1;
        } else {
            end = text.len();
        }
        docs.push(&text[start..end]);
        start = end;
    }
    docs
}

/// CPU time this thread has run, in seconds (from /proc/thread-self/schedstat, nanoseconds): the figures are per
/// CPU-second, so other work on a shared machine does not skew them. Falls back to wall time elsewhere.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse::<f64>().ok().map(|ns| ns / 1e9)
}

/// Runs `f` and returns (CPU seconds, wall seconds).
fn timed(mut f: impl FnMut()) -> (f64, f64) {
    let (c0, t) = (cpu_seconds(), Instant::now());
    f();
    let wall = t.elapsed().as_secs_f64();
    let cpu = match (c0, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    (cpu, wall)
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string(Path::new("/proc/self/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let checker = Proofreader::builtin();
    let text = corpus(&sources());
    let docs = documents(&text);
    let mb = text.len() as f64 / (1024.0 * 1024.0);

    // Warm up caches and the allocator.
    for d in docs.iter().take(8) {
        std::hint::black_box(checker.check(d));
    }

    let mut findings = 0usize;
    let (proof_s, proof_wall) = timed(|| {
        for d in &docs {
            findings += checker.check(d).len();
        }
    });

    let ac = AhoCorasick::new(checker.patterns()).expect("patterns compile");
    let mut matches = 0usize;
    let (ac_s, ac_wall) = timed(|| {
        for d in &docs {
            matches += ac.find_iter(d).count();
        }
    });

    // A 10,000-character document: the median of 201 runs.
    let start = text.char_indices().nth(1_000_000).map_or(0, |(i, _)| i);
    let end = text[start..].char_indices().nth(10_000).map_or(text.len(), |(i, _)| start + i);
    let doc10k = &text[start..end];
    let mut times: Vec<f64> = (0..201)
        .map(|_| timed(|| drop(std::hint::black_box(checker.check(std::hint::black_box(doc10k))))).0 * 1000.0)
        .collect();
    times.sort_by(f64::total_cmp);

    if std::env::var_os("BENCH_DETAIL").is_some() {
        use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind};
        for kind in [AhoCorasickKind::DFA, AhoCorasickKind::ContiguousNFA] {
            let a = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(kind))
                .build(checker.patterns())
                .unwrap();
            let t = Instant::now();
            let n: usize = docs.iter().map(|d| a.find_overlapping_iter(*d).count()).sum();
            println!("overlapping_{kind:?}: {:.1} MB/s ({n})", mb / t.elapsed().as_secs_f64());
        }
        let t = Instant::now();
        let n: usize = docs.iter().map(|d| d.chars().filter(|c| *c == '、').count()).sum();
        println!("chars_only: {:.1} MB/s ({n})", mb / t.elapsed().as_secs_f64());
        let t = Instant::now();
        let n: usize = docs.iter().map(|d| zs_proof::clean(d).removed.len()).sum();
        println!("clean: {:.1} MB/s ({n})", mb / t.elapsed().as_secs_f64());
    }
    let proof = mb / proof_s;
    let baseline = mb / ac_s;
    println!("text_size: {mb:.1} MB");
    println!("documents: {}", docs.len());
    println!("dictionary_patterns: {}", checker.patterns().len());
    println!("findings: {findings}");
    println!("baseline_matches: {matches}");
    println!("proof_throughput: {proof:.1} MB/s");
    println!("aho_corasick_baseline: {baseline:.1} MB/s");
    println!("proof_throughput_wall: {:.1} MB/s", mb / proof_wall);
    println!("aho_corasick_baseline_wall: {:.1} MB/s", mb / ac_wall);
    println!("ratio: {:.3}", proof / baseline);
    println!("proof_10k_chars: {:.3} ms", times[times.len() / 2]);
    println!("peak_rss: {:.1} MB", peak_rss_mb());
}
