//! 归档文件目录 (DA/T 22-2015): per year, 保管期限 and 机构, as .xlsx and as a PDF table. Exports are audited.

use super::{classification_label, may_manage, retention_label, Filter, Record};
use crate::audit::record;
use crate::documents::render::renderer;
use crate::{App, AppError, Principal, Result};
use zs_office::SheetOut;

/// The catalogue's columns, in the standard's order.
pub const CATALOGUE_HEADERS: [&str; 9] = ["序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注"];

fn row(i: usize, r: &Record) -> Vec<String> {
    vec![
        (i + 1).to_string(),
        r.archival_code.clone(),
        r.doc_number.clone(),
        r.responsible.clone(),
        r.title.clone(),
        r.dated.clone(),
        classification_label(&r.classification).to_string(),
        r.pages.to_string(),
        r.note.clone(),
    ]
}

/// "2026年 永久 BGS" for titles and file names.
fn scope(f: &Filter) -> String {
    let mut parts = Vec::new();
    if let Some(y) = f.year {
        parts.push(format!("{y}年"));
    }
    if let Some(r) = &f.retention {
        parts.push(retention_label(r).to_string());
    }
    if let Some(o) = &f.organ_code {
        parts.push(o.clone());
    }
    if parts.is_empty() {
        "全部".into()
    } else {
        parts.join(" ")
    }
}

impl App {
    async fn catalogue_rows(&self, p: &Principal, f: &Filter) -> Result<(Vec<Vec<String>>, String)> {
        may_manage(p)?;
        let all = Filter { limit: 1_000_000, offset: 0, ..f.clone() };
        let (records, _) = self.archive_records(p, &all).await?;
        Ok((records.iter().enumerate().map(|(i, r)| row(i, r)).collect(), scope(f)))
    }

    async fn record_export(&self, p: &Principal, what: &str, n: usize) -> Result<()> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        record(&mut tx, &p.actor(), "archive.export", "archive", "", &format!("导出{what}（{n}件）"), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The catalogue as .xlsx, with a file name.
    pub async fn archive_catalogue_xlsx(&self, p: &Principal, f: &Filter) -> Result<(Vec<u8>, String)> {
        let (rows, scope) = self.catalogue_rows(p, f).await?;
        let title = format!("归档文件目录（{scope}）");
        let bytes = zs_office::write_xlsx(&[SheetOut {
            name: "归档文件目录",
            title: Some(&title),
            headers: &CATALOGUE_HEADERS,
            rows: &rows,
        }])?;
        self.record_export(p, &format!("{title}.xlsx"), rows.len()).await?;
        Ok((bytes, format!("{title}.xlsx")))
    }

    /// The catalogue as a landscape PDF table, with a file name.
    pub async fn archive_catalogue_pdf(&self, p: &Principal, f: &Filter) -> Result<(Vec<u8>, String)> {
        let (rows, scope) = self.catalogue_rows(p, f).await?;
        let title = format!("归档文件目录（{scope}）");
        let n = rows.len();
        let table = zs_render::TableDoc {
            title: "归档文件目录".into(),
            subtitle: format!("全宗号 {}　{scope}　共{n}件", self.config.archive.fonds),
            headers: CATALOGUE_HEADERS.iter().map(|h| h.to_string()).collect(),
            widths: vec![0.5, 2.4, 1.8, 1.8, 4.5, 1.0, 0.8, 0.6, 0.9],
            rows,
        };
        let r = renderer()?;
        let (bytes, _) = tokio::task::spawn_blocking(move || r.table_pdf(&table))
            .await
            .map_err(|e| AppError::Config(format!("生成目录PDF失败：{e}")))?
            .map_err(|e| AppError::Config(format!("生成目录PDF失败：{e}")))?;
        self.record_export(p, &format!("{title}.pdf"), n).await?;
        Ok((bytes, format!("{title}.pdf")))
    }
}
