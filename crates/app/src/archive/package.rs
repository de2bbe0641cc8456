//! The transfer package (移交): one zip for a year's 件. Each 件 is a folder named by its 档号 holding the
//! stamped PDF, its originals and attachments and `metadata.json` (schema: `schema/archive-item.schema.json`,
//! kept in the repository beside this file); `catalogue.xlsx` lists them; `manifest-sha256.txt` gives the
//! sha256 of every other file in the package, `sha256sum -c` style.

use super::{may_manage, Filter, Metadata};
use crate::audit::record;
use crate::{App, AppError, Principal, Result};
use std::io::Write;
use zip::write::SimpleFileOptions;

/// The JSON Schema of `metadata.json`.
pub const SCHEMA: &str = include_str!("package.schema.json");

/// A file name without characters that file systems refuse.
fn safe(name: &str) -> String {
    name.chars().map(|c| if "/\\:*?\"<>|".contains(c) || c.is_control() { '_' } else { c }).take(120).collect()
}

struct Package {
    zip: zip::ZipWriter<std::io::Cursor<Vec<u8>>>,
    manifest: Vec<String>,
}

impl Package {
    fn add(&mut self, path: &str, bytes: &[u8]) -> Result<()> {
        let fail = |e: &dyn std::fmt::Display| AppError::File(format!("生成移交包失败：{e}"));
        // PDFs and office files are compressed already.
        let stored = path.ends_with(".pdf") || path.ends_with(".docx") || path.ends_with(".xlsx");
        let method = if stored { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        self.zip.start_file(path, SimpleFileOptions::default().compression_method(method)).map_err(|e| fail(&e))?;
        self.zip.write_all(bytes).map_err(|e| fail(&e))?;
        if path != "manifest-sha256.txt" {
            self.manifest.push(format!("{}  {path}", zs_store::blobs::sha256_hex(bytes)));
        }
        Ok(())
    }
}

impl App {
    /// A year's 件 as one zip package, with a file name. Refused when a file's content is missing or no longer
    /// matches its sha256 (a package must not carry damage silently); the export is audited.
    pub async fn archive_transfer(&self, p: &Principal, year: i32) -> Result<(Vec<u8>, String)> {
        may_manage(p)?;
        let (records, _) =
            self.archive_records(p, &Filter { year: Some(year), limit: 1_000_000, ..Default::default() }).await?;
        if records.is_empty() {
            return Err(AppError::NotFound(format!("{year}年没有已归档的文件。")));
        }
        let mut pkg = Package { zip: zip::ZipWriter::new(std::io::Cursor::new(Vec::new())), manifest: Vec::new() };
        let mut c = self.db.conn().await?;
        for r in &records {
            let files = zs_store::archive::files(&mut c, &r.id).await?;
            let dir = safe(&r.archival_code);
            for f in &files {
                let bytes = self.blobs.get(&mut c, &f.sha256).await?.ok_or_else(|| {
                    AppError::Conflict(format!(
                        "{}的文件“{}”不在存储中，请先运行四性检测并从备份恢复。",
                        r.archival_code, f.name
                    ))
                })?;
                if zs_store::blobs::sha256_hex(&bytes) != f.sha256 {
                    return Err(AppError::Conflict(format!(
                        "{}的文件“{}”与归档时的校验值不符，请先运行四性检测。",
                        r.archival_code, f.name
                    )));
                }
                let name =
                    if f.role == "pdf" { format!("{dir}.pdf") } else { safe(&format!("{}-{}", f.position, f.name)) };
                pkg.add(&format!("{dir}/{name}"), &bytes)?;
            }
            pkg.add(&format!("{dir}/metadata.json"), &Metadata::of(r, &files).json())?;
        }
        drop(c);
        let (catalogue, _) = self.archive_catalogue_xlsx(p, &Filter { year: Some(year), ..Default::default() }).await?;
        pkg.add("catalogue.xlsx", &catalogue)?;
        pkg.add("schema/archive-item.schema.json", SCHEMA.as_bytes())?;
        let manifest = pkg.manifest.join("\n") + "\n";
        pkg.add("manifest-sha256.txt", manifest.as_bytes())?;
        let bytes = pkg.zip.finish().map_err(|e| AppError::File(format!("生成移交包失败：{e}")))?.into_inner();
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let detail = format!("导出{year}年移交包（{}件，{}字节）", records.len(), bytes.len());
        record(&mut tx, &p.actor(), "archive.transfer", "archive", &year.to_string(), &detail, now).await?;
        tx.commit().await?;
        Ok((bytes, format!("{}-{year}年移交包.zip", self.config.archive.fonds)))
    }
}
