//! 机关代字 (administrators define them per issuing organ) and the numbers given from them:
//! 发文字号 at 登记 and 收文编号 at 收文登记, each from a gapless per-year counter, each recorded in the
//! numbering ledger, voided numbers included.

use crate::audit::record;
use crate::{App, AppError, Principal, Result};
use chrono::{Datelike, NaiveDate};
use zs_domain::document::{DocNumber, Document};
use zs_domain::{text, Action, Invalid};
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
    p.require(Action::ManageSettings)
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

/// What `bench_numbers` measured.
#[derive(Debug, Clone)]
pub struct NumberBench {
    pub allocated: usize,
    pub distinct: usize,
    /// Numbers missing between 1 and the highest given.
    pub gaps: usize,
    pub seconds: f64,
}

impl App {
    /// `n` 发文字号 allocations on one fresh 机关代字, `concurrency` at a time, each in its own transaction
    /// through the same path as 登记 (`next_seq` and the ledger row); then the ledger is checked for
    /// duplicates and gaps. For `scripts/bench/documents`.
    pub async fn bench_numbers(&self, n: usize, concurrency: usize) -> Result<NumberBench> {
        let p = Principal::console();
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        let unit = zs_store::org::list_units(&mut tx)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::Config("数据库中没有单位，请先运行 zhongshu demo。".into()))?;
        // A 机关代字 of its own per run ("测" and a count in Han numerals), so runs never share a counter.
        let digits = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        let stamp: String =
            (now % 100_000_000).to_string().chars().map(|c| digits[c.to_digit(10).unwrap_or(0) as usize]).collect();
        let code = AgencyCode {
            id: zs_domain::new_id(),
            unit_id: unit.id.clone(),
            code: format!("测{stamp}"),
            issuer: "基准测试".into(),
            mark: "基准测试".into(),
            note: "bench-numbers".into(),
            active: true,
            created_ms: now,
        };
        store::insert_code(&mut tx, &code).await?;
        let doc = Document::new(
            zs_domain::document::Flow::Outgoing,
            &unit.id,
            zs_domain::document::DocState::Voided,
            zs_domain::document::Content::blank(zs_domain::document::DocType::Notice),
            "bench",
            now,
        );
        store::insert(&mut tx, &doc).await?;
        tx.commit().await?;
        let today = self.today();
        let started = std::time::Instant::now();
        let sem = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
        let mut tasks = Vec::with_capacity(n);
        for _ in 0..n {
            let (app, p, doc, code, sem) = (self.clone(), p.clone(), doc.clone(), code.clone(), sem.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = sem.acquire().await.map_err(|e| AppError::Config(e.to_string()))?;
                let mut tx = app.db.begin().await?;
                let number = app.allocate_doc_number(&mut tx, &p, &doc, &code, today, app.now_ms()).await?;
                tx.commit().await?;
                Ok::<String, AppError>(number)
            }));
        }
        let mut numbers = Vec::with_capacity(n);
        for t in tasks {
            numbers.push(t.await.map_err(|e| AppError::Config(e.to_string()))??);
        }
        let seconds = started.elapsed().as_secs_f64();
        let mut c = self.db.conn().await?;
        let ledger = store::numbers(&mut c, &format!("code:{}", code.id), today.year()).await?;
        let seqs: std::collections::BTreeSet<i64> = ledger.iter().map(|r| r.seq).collect();
        let max = seqs.iter().max().copied().unwrap_or(0);
        let distinct: std::collections::HashSet<&String> = numbers.iter().collect();
        Ok(NumberBench {
            allocated: numbers.len(),
            distinct: distinct.len(),
            gaps: (max as usize).saturating_sub(seqs.len()),
            seconds,
        })
    }
}
