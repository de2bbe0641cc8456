//! `cargo run -p zs-proof --example try -- FILE…`: findings and what `clean` removes, one line each (a
//! developer's view; `zhongshu proof` is the user's).
fn main() {
    let p = zs_proof::Proofreader::builtin();
    for f in std::env::args().skip(1) {
        let t = match std::fs::read_to_string(&f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{f}: {e}");
                continue;
            }
        };
        for x in p.check(&t) {
            println!(
                "{f}:{}:{} {} [{}] {} | {} {:?}",
                x.line,
                x.column,
                x.class.label(),
                x.rule,
                x.text,
                x.message,
                x.suggestions
            );
        }
        for r in zs_proof::clean(&t).removed {
            println!("{f}:{} 删除 {} （{}）", r.line, r.text, r.reason);
        }
    }
}
