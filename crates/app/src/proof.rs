//! 校对 inside the platform: the proofreader with the organisation's own data (local leaders in protocol
//! order, place names, extra 提法 and 错别字, prohibited words, web residue), kept in the database and
//! refreshed on every node like the calendar.

use crate::audit::record;
use crate::{App, AppError, Principal, Result, RowError};
use std::sync::{Arc, RwLock};
use zs_domain::Action;
use zs_proof::{DocContext, Proofreader};

pub use zs_proof::{Class, DataKind, Finding, Severity};
use zs_store::settings;

const STAMP: &str = "proof.data.stamp";

fn key(kind: DataKind) -> String {
    format!("proof.data.{}", kind.key())
}

pub(crate) struct ProofCache {
    stamp: Option<String>,
    reader: Arc<Proofreader>,
}

impl ProofCache {
    pub(crate) fn new() -> Arc<RwLock<ProofCache>> {
        Arc::new(RwLock::new(ProofCache { stamp: None, reader: Arc::new(Proofreader::builtin()) }))
    }
}

/// One kind of the organisation's data as its page shows it.
#[derive(Debug, Clone)]
pub struct DataView {
    pub kind: DataKind,
    pub text: String,
    pub lines: usize,
}

impl App {
    /// The proofreader as of the last refresh: shipped rules plus the organisation's data.
    pub fn proofreader(&self) -> Arc<Proofreader> {
        self.proof.read().map(|c| c.reader.clone()).unwrap_or_else(|e| e.into_inner().reader.clone())
    }

    /// Rebuild the proofreader if another node (or this one) changed the organisation's data.
    pub async fn refresh_proofreader(&self) -> Result<()> {
        let mut c = self.db.conn().await?;
        let stamp = settings::get(&mut c, STAMP).await?;
        let current = self.proof.read().map(|p| p.stamp.clone()).unwrap_or_default();
        if stamp == current {
            return Ok(());
        }
        let mut b = Proofreader::builder();
        for kind in DataKind::ALL {
            if let Some(text) = settings::get(&mut c, &key(kind)).await? {
                // Stored data was checked when saved; a line a newer version refuses is skipped, not fatal.
                b = match b.extra(kind, &text) {
                    Ok(b) => b,
                    Err(e) => {
                        tracing::error!(kind = kind.key(), error = ?e, "stored proofreading data no longer parses");
                        return Ok(());
                    }
                };
            }
        }
        match b.build() {
            Ok(reader) => {
                if let Ok(mut g) = self.proof.write() {
                    *g = ProofCache { stamp, reader: Arc::new(reader) };
                }
            }
            Err(e) => tracing::error!(error = ?e, "proofreader could not be built from stored data"),
        }
        Ok(())
    }

    /// Check a text, with what is known about the document.
    pub fn proofread(&self, text: &str, ctx: &DocContext) -> Vec<Finding> {
        self.proofreader().check_document(ctx, text)
    }

    /// Check a text on its own, as a document of this 文种 when one is given.
    pub fn proofread_text(&self, text: &str, doc_type: Option<zs_domain::document::DocType>) -> Vec<Finding> {
        let doc_type = doc_type.and_then(|t| zs_proof::DocType::from_name(zs_domain::workflow::Label::label(&t)));
        self.proofread(text, &DocContext { doc_type, attachments_present: None })
    }

    /// The organisation's data, every kind (empty where none was added).
    pub async fn proof_data(&self) -> Result<Vec<DataView>> {
        let mut c = self.db.conn().await?;
        let mut out = Vec::new();
        for kind in DataKind::ALL {
            let text = settings::get(&mut c, &key(kind)).await?.unwrap_or_default();
            let lines = text.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')).count();
            out.push(DataView { kind, text, lines });
        }
        Ok(out)
    }

    /// Replace one kind of the organisation's data. Every bad line is reported by its number and nothing
    /// is saved; a good text takes effect at once on this node and within a minute on the others.
    pub async fn save_proof_data(&self, p: &Principal, kind: DataKind, text: &str) -> Result<usize> {
        p.require(Action::ManageProofData)?;
        let text = zs_domain::text::multiline("text", kind.label(), text, 500_000)?;
        Proofreader::builder().extra(kind, &text).and_then(|b| b.build()).map_err(|errors| {
            AppError::Rows(errors.0.iter().map(|e| RowError { row: e.line, message: e.message.clone() }).collect())
        })?;
        let lines = text.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')).count();
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        settings::put(&mut tx, &key(kind), &text).await?;
        settings::put(&mut tx, STAMP, &format!("{now}:{}", zs_domain::new_id())).await?;
        let detail = format!("修改校对词库“{}”，共{lines}条", kind.label());
        record(&mut tx, &p.actor(), "proof.data", "proof_data", kind.key(), &detail, now).await?;
        tx.commit().await?;
        self.refresh_proofreader().await?;
        Ok(lines)
    }
}

/// The text of an uploaded file (.docx by its bytes, else UTF-8 text), or why it has none.
pub fn imported_text(bytes: &[u8]) -> Result<String> {
    zs_office::text_of(bytes).map_err(|e| AppError::Invalid(zs_domain::Invalid::field("file", e.to_string())))
}
