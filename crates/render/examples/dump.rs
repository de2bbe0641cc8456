//! Writes a sample document as /tmp/zs.pdf and /tmp/zs.docx, to look at: `dump [standard|letter|order|minutes|notice]`.
#[path = "../tests/common/sample.rs"]
mod sample;

use zs_render::Variant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let doc = match std::env::args().nth(1).as_deref() {
        Some("letter") => sample::short(Variant::Letter),
        Some("order") => sample::short(Variant::Order),
        Some("minutes") => sample::short(Variant::Minutes),
        Some("notice") => sample::notice(),
        _ => sample::short(Variant::Standard),
    };
    let out = zs_render::Renderer::new()?.pdf(&doc)?;
    std::fs::write("/tmp/zs.pdf", &out.bytes)?;
    std::fs::write("/tmp/zs.docx", zs_render::docx(&doc)?)?;
    println!("{} pages: {:?}", out.pages, out.page_facts);
    Ok(())
}
