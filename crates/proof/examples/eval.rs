//! `cargo run -p zs-proof --example eval`: precision and recall per class over the labelled corpus in
//! `eval/texts/` (see `eval/harness.rs` for the label format). Prints `name: value` lines and, with `-v`, every
//! missed label and false alarm. Exits 1 when the corpus cannot be read.

#[path = "../eval/harness.rs"]
mod harness;

fn main() {
    let verbose = std::env::args().any(|a| a == "-v" || a == "--verbose");
    let report = match harness::run() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("eval: {e}");
            std::process::exit(1);
        }
    };
    println!("texts: {} ({} clean)", report.texts, report.clean_texts);
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (class, s) in &report.per_class {
        if s.tp + s.fp + s.fn_ == 0 {
            continue;
        }
        println!(
            "{}: precision {:.3} recall {:.3} (tp {} fp {} fn {})",
            class.label(),
            s.precision(),
            s.recall(),
            s.tp,
            s.fp,
            s.fn_
        );
        (tp, fp, fn_) = (tp + s.tp, fp + s.fp, fn_ + s.fn_);
    }
    let all = harness::Score { tp, fp, fn_ };
    println!("overall_precision: {:.3}", all.precision());
    println!("overall_recall: {:.3}", all.recall());
    if verbose {
        for (file, l) in &report.missed {
            println!("漏报 {file}:{} [{}] {}", l.line, l.class.label(), l.text);
        }
        for (file, l, message) in &report.false_alarms {
            println!("误报 {file}:{} [{}] {} — {message}", l.line, l.class.label(), l.text);
        }
    }
}
