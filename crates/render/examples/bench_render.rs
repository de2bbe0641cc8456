//! Benchmark: PDF of a 3-page 通知 with two attachment pages, cold and warm; with `--libreoffice`, the same
//! document's .docx converted by LibreOffice (headless) for comparison. Prints `name: value unit` lines.
//!
//!     cargo run --release -p zs-render --example bench_render [-- --libreoffice]

#[path = "../tests/common/sample.rs"]
mod sample;

use std::process::Command;
use std::time::{Duration, Instant};

use zs_render::{docx, Renderer};

const WARM_RUNS: usize = 30;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let doc = sample::notice();

    let t = Instant::now();
    let renderer = Renderer::new()?;
    println!("renderer_new: {:.1} ms", ms(t.elapsed()));

    let t = Instant::now();
    let first = renderer.pdf(&doc)?;
    println!("render_pdf_cold: {:.1} ms", ms(t.elapsed()));
    println!("pdf_pages: {}", first.pages);
    println!("pdf_bytes: {}", first.bytes.len());

    // The same document again: what re-rendering (preview after a save, download) costs.
    let warm: Vec<f64> = (0..WARM_RUNS)
        .map(|_| {
            let t = Instant::now();
            renderer.pdf(&doc).map(|_| ms(t.elapsed()))
        })
        .collect::<Result<_, _>>()?;
    println!("render_pdf_warm_median: {:.1} ms", median(warm.clone()));

    // A different document each time (another 文号 and one changed paragraph): what a server rendering many
    // documents sees once fonts and template are warm.
    let changed: Vec<f64> = (0..WARM_RUNS)
        .map(|i| {
            let mut d = doc.clone();
            d.doc_number = Some(format!("青政发〔2026〕{}号", 100 + i));
            d.body[1].text = format!("{}（第{}次修改）", d.body[1].text, i + 1);
            let t = Instant::now();
            renderer.pdf(&d).map(|_| ms(t.elapsed()))
        })
        .collect::<Result<_, _>>()?;
    let changed = median(changed);
    println!("render_pdf_warm_changed_median: {changed:.1} ms");

    let t = Instant::now();
    let package = docx(&doc)?;
    println!("render_docx: {:.2} ms", ms(t.elapsed()));

    if std::env::args().any(|a| a == "--libreoffice") {
        libreoffice(&package, median(warm), changed)?;
    }
    Ok(())
}

fn libreoffice(package: &[u8], pdf_warm_ms: f64, pdf_changed_ms: f64) -> Result<(), Box<dyn std::error::Error>> {
    let Some(soffice) =
        ["soffice", "libreoffice"].into_iter().find(|c| Command::new(c).arg("--version").output().is_ok())
    else {
        println!("libreoffice: not installed (scripts/bench/documents installs libreoffice-writer-nogui)");
        return Ok(());
    };
    let dir = std::env::temp_dir().join(format!("zs-render-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let input = dir.join("notice.docx");
    std::fs::write(&input, package)?;
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let mut runs = Vec::new();
    // The first run creates LibreOffice's profile; it is not counted.
    for i in 0..4 {
        let t = Instant::now();
        let status = Command::new(soffice)
            .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&dir)
            .arg(&input)
            .output()?;
        if !status.status.success() {
            return Err(format!("{soffice} failed: {}", String::from_utf8_lossy(&status.stderr)).into());
        }
        if i > 0 {
            runs.push(ms(t.elapsed()));
        }
    }
    let lo = median(runs);
    println!("libreoffice_docx_to_pdf_median: {lo:.0} ms");
    println!("speedup: {:.0} x", lo / pdf_warm_ms);
    println!("speedup_changed: {:.0} x", lo / pdf_changed_ms);
    let pages = Command::new("pdfinfo").arg(dir.join("notice.pdf")).output().ok().and_then(|o| {
        String::from_utf8_lossy(&o.stdout).lines().find_map(|l| l.strip_prefix("Pages:").map(|p| p.trim().to_string()))
    });
    if let Some(p) = pages {
        println!("libreoffice_pdf_pages: {p}");
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
