//! Embeds every `data/YYYY.txt` so adding a year's file is all it takes to ship it.

use std::{env, fs, path::Path};

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let data_dir = Path::new(&manifest).join("data");
    println!("cargo:rerun-if-changed={}", data_dir.display());

    let mut files: Vec<(i32, String)> = Vec::new();
    for entry in fs::read_dir(&data_dir).expect("read crates/calendar/data") {
        let path = entry.expect("read data dir entry").path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".txt") else {
            continue;
        };
        // Only YYYY.txt; anything else (notes, editor backups) is not data.
        if stem.len() != 4 || !stem.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        files.push((stem.parse().expect("four digits"), path.display().to_string()));
    }
    files.sort();

    let mut out = String::from("/// (year from the file name, file text), ascending.\n");
    out.push_str("pub(crate) static SHIPPED: &[(i32, &str)] = &[\n");
    for (year, path) in &files {
        out.push_str(&format!("    ({year}, include_str!({path:?})),\n"));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("shipped.rs");
    fs::write(dest, out).expect("write shipped.rs");
}
