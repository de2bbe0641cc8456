//! 机关代字 (administrators define them per issuing organ) and the numbers given from them:
//! 发文字号 at 登记 and 收文编号 at 收文登记, each from a gapless per-year counter, each recorded in the
//! numbering ledger, voided numbers included.

use crate::audit::record;
use crate::{App, AppError, Principal, Result};
use chrono::{Datelike, NaiveDate};
use zs_domain::document::{DocNumber, Document};
use zs_domain::{decide, text, Action, Decision, Invalid};
use zs_store::documents::{self as store, AgencyCode, NumberRow};
use zs_store::Tx;

/// What the 机关代字 form carries.
#[derive(Debug, Clone)]
pub struct CodeInput {
    pub unit_id: String,
    pub code: String,
    pub issuer: String,
    pub mark: String,
    pub note: String,
    pub active: bool,
}

fn may_manage(p: &Principal) -> Result<()> {
    match decide(&p.subject, &Action::ManageSettings) {
        Decision::Allow => Ok(()),
        Decision::Deny(r) => Err(AppError::Denied(r)),
    }
}

impl App {
    pub async fn agency_codes(&self) -> Result<Vec<AgencyCode>> {
        let mut c = self.db.conn().await?;
        Ok(store::codes(&mut c).await?)
    }

    /// Define a 机关代字 for an issuing organ. The code itself never changes once numbers may have
    /// been given from it; the issuer, mark and note may, and a code can be retired.
    pub async fn save_agency_code(&self, p: &Principal, id: Option<&str>, input: &CodeInput) -> Result<AgencyCode> {
        may_manage(p)?;
        let issuer = text::required("issuer", "发文机关名称", &input.issuer, 100)?;
        let mark = text::required("mark", "发文机关标志", &input.mark, 40)?;
        let note = text::optional("note", "说明", &input.note, 200)?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let code = match id {
            Some(id) => {
                let mut a =
                    store::code(&mut tx, id).await?.ok_or_else(|| AppError::NotFound("没有这个机关代字。".into()))?;
                a.issuer = issuer;
                a.mark = mark;
                a.note = note;
                a.active = input.active;
                store::update_code(&mut tx, &a).await?;
                a
            }
            None => {
                let code = DocNumber::check_code(&input.code)?;
                if zs_store::org::get_unit(&mut tx, &input.unit_id).await?.is_none() {
                    return Err(Invalid::field("unit_id", "请选择发文机关所属单位。").into());
                }
                if store::code_by_text(&mut tx, &code).await?.is_some() {
                    return Err(AppError::Conflict(format!("机关代字“{code}”已存在。")));
                }
                let a = AgencyCode {
                    id: zs_domain::new_id(),
                    unit_id: input.unit_id.clone(),
                    code,
                    issuer,
                    mark,
                    note,
                    active: true,
                    created_ms: now,
                };
                store::insert_code(&mut tx, &a).await?;
                a
            }
        };
        let detail = format!(
            "机关代字“{}”（{}，{}）{}",
            code.code,
            code.issuer,
            code.mark,
            if code.active { "" } else { "，已停用" }
        );
        record(&mut tx, &p.actor(), "document.agency_code", "agency_code", &code.id, &detail, now).await?;
        tx.commit().await?;
        Ok(code)
    }

    /// The numbering ledger of a code and year: every number given, used or voided.
    pub async fn numbers(&self, p: &Principal, code_id: &str, year: i32) -> Result<Vec<NumberRow>> {
        if !p.has(zs_domain::Role::Registrar) && !p.has(zs_domain::Role::OfficeDirector) && may_manage(p).is_err() {
            return Err(AppError::Denied("只有文书、办公室主任和系统管理员可以查看编号登记簿。".into()));
        }
        let mut c = self.db.conn().await?;
        Ok(store::numbers(&mut c, &format!("code:{code_id}"), year).await?)
    }

    /// The next 发文字号 of a code, recorded as used by this document.
    pub(crate) async fn allocate_doc_number(
        &self,
        tx: &mut Tx,
        p: &Principal,
        doc: &Document,
        code: &AgencyCode,
        today: NaiveDate,
        now: i64,
    ) -> Result<String> {
        if !code.active {
            return Err(
                Invalid::field("agency_code_id", format!("机关代字“{}”已停用，请改用其他代字。", code.code)).into()
            );
        }
        let scope = format!("code:{}", code.id);
        self.allocate(tx, p, doc, &scope, &code.code, today.year(), now).await
    }

    /// The next 收文编号 of the receiving organ.
    pub(crate) async fn allocate_received_no(
        &self,
        tx: &mut Tx,
        p: &Principal,
        doc: &Document,
        today: NaiveDate,
        now: i64,
    ) -> Result<String> {
        let scope = format!("in:{}", doc.unit_id);
        let prefix = self.config.documents.incoming_prefix.clone();
        self.allocate(tx, p, doc, &scope, &prefix, today.year(), now).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn allocate(
        &self,
        tx: &mut Tx,
        p: &Principal,
        doc: &Document,
        scope: &str,
        code: &str,
        year: i32,
        now: i64,
    ) -> Result<String> {
        let seq = store::next_seq(tx, scope, year).await?;
        let number = DocNumber { code: code.to_string(), year, seq }.to_string();
        store::insert_number(
            tx,
            &NumberRow {
                scope: scope.into(),
                year: i64::from(year),
                seq,
                number: number.clone(),
                document_id: doc.id.clone(),
                status: "used".into(),
                reason: String::new(),
                assigned_by: p.user.name.clone(),
                assigned_ms: now,
                voided_by: None,
                voided_ms: None,
            },
        )
        .await?;
        Ok(number)
    }
}
