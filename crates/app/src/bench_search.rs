//! Bulk data for `zhongshu bench-search`: a million documents with their index rows, and a hundred thousand
//! filed 件 for 四性检测. Rows are written in bulk (the bench measures searching and checking, not filing);
//! the index rate is measured separately through the ordinary `put`.

use crate::audit::{record, Actor};
use crate::{App, AppError, Result};
use zs_domain::document::{Content, DocState, DocType, Document, Flow};
use zs_domain::{Classification, UnitKind};
use zs_store::search::{self as index, Entry};

const SEEDED_KEY: &str = "bench.search.docs";
const ARCHIVE_KEY: &str = "bench.archive.items";

/// Sentences the generated bodies are made of (office prose, so words have their real frequencies).
const SENTENCES: [&str; 30] = [
    "各乡镇、各部门要切实提高思想认识，把这项工作摆在突出位置，主要负责同志要亲自过问。",
    "县政府办公室将会同县督查室对落实情况进行督办，对工作不力的单位予以通报。",
    "请于本月底前将工作开展情况书面报送县政府办公室，联系人及电话附后。",
    "会议研究了乡村振兴重点项目推进情况，要求各责任单位倒排工期、挂图作战。",
    "要严格落实安全生产责任制，深入开展隐患排查整治，坚决防范和遏制重特大事故。",
    "森林防火工作关系人民群众生命财产安全，各地要加强值班值守和火源管控。",
    "财政资金要优先保障基本民生支出，严控一般性支出，提高资金使用效益。",
    "要加快推进营商环境优化，落实首问负责、限时办结和一次性告知制度。",
    "会议听取了县教育局关于学校布局调整工作的汇报，原则同意调整方案。",
    "各单位要认真做好信息报送工作，做到及时、准确、全面，重大情况随时报告。",
    "防汛抗旱指挥部各成员单位要按照职责分工，做好物资储备和应急抢险准备。",
    "要持续巩固拓展脱贫攻坚成果，守住不发生规模性返贫的底线。",
    "文件印发后，各牵头单位要制定具体实施方案，明确责任人和完成时限。",
    "县卫生健康局要做好冬春季传染病防控，加强基层医疗卫生服务能力建设。",
    "要推进高标准农田建设和耕地保护，确保粮食播种面积稳定。",
    "县住房和城乡建设局牵头开展老旧小区改造，年内完成改造任务。",
    "请各乡镇人民政府对辖区内在建项目开展一次全面检查，建立问题清单和整改台账。",
    "会议决定由县发展和改革局牵头，县财政局、县自然资源局配合，抓好项目储备。",
    "要健全完善督查督办机制，确保件件有着落、事事有回音。",
    "各地要落实精文简会要求，切实减轻基层负担，提高会议和文件质量。",
    "市场监督管理部门要加强食品安全监管，开展校园周边食品安全专项整治。",
    "交通运输部门要加强道路交通安全隐患治理，做好春运期间的运输保障。",
    "要做好重要节假日期间的值班工作，严格执行领导带班和二十四小时值班制度。",
    "县审计局要对重点民生资金开展专项审计，发现问题限期整改。",
    "生态环境部门要深入打好污染防治攻坚战，持续改善空气和水环境质量。",
    "各单位要严格执行保密规定，涉密文件不得在非涉密计算机上处理。",
    "退役军人事务部门要做好优抚对象走访慰问，落实各项优待政策。",
    "统计部门要依法开展统计调查，确保统计数据真实准确。",
    "应急管理部门要完善应急预案体系，定期组织开展应急演练。",
    "要加强干部作风建设，力戒形式主义、官僚主义，推动各项工作落地见效。",
];

/// The title of the archival PDF that stands for the filed ones (and so of every bench 件).
const BENCH_PDF_TITLE: &str = "青禾县人民政府办公室关于做好冬季森林防火工作的通知";

const TOPICS: [&str; 24] = [
    "做好冬季森林防火工作",
    "加强安全生产监督管理",
    "召开全县乡村振兴工作会议",
    "开展营商环境专项督办",
    "报送2026年工作总结",
    "下达年度财政预算",
    "做好防汛抗旱准备工作",
    "开展食品安全专项整治",
    "加快重点项目建设",
    "推进老旧小区改造",
    "规范公文处理工作",
    "召开县政府常务会议",
    "开展信息报送工作考核",
    "加强耕地保护",
    "做好春运期间运输保障",
    "落实精文简会要求",
    "开展重点民生资金审计",
    "做好节假日值班工作",
    "推进学校布局调整",
    "做好优抚对象走访慰问",
    "开展统计执法检查",
    "完善应急预案体系",
    "加强基层医疗卫生服务",
    "巩固拓展脱贫攻坚成果",
];

const TYPES: [DocType; 8] = [
    DocType::Notice,
    DocType::Notice,
    DocType::Opinion,
    DocType::Report,
    DocType::Request,
    DocType::Letter,
    DocType::Minutes,
    DocType::Bulletin,
];

/// A tiny deterministic generator (bench data must not depend on a random seed source).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() as usize) % v.len()]
    }
}

/// One generated document: its row and its index entry.
fn generate(i: usize, organs: &[(String, String)], people: &[(String, String)], rng: &mut Lcg) -> (Document, Entry) {
    let (organ, issuer) = rng.pick(organs).clone();
    let t = *rng.pick(&TYPES);
    let title = format!("{issuer}关于{}的{}", rng.pick(&TOPICS), t.title_endings()[0]);
    let body: String = (0..3).map(|_| *rng.pick(&SENTENCES)).collect();
    let level = match rng.next() % 20 {
        0 => Classification::WorkSecret,
        1..=5 => Classification::Internal,
        _ => Classification::Public,
    };
    let year = 2019 + (rng.next() % 8) as i32;
    let created = zs_domain::time::day_start_ms(
        chrono::NaiveDate::from_ymd_opt(year, 1 + (rng.next() % 12) as u32, 1).unwrap_or_default(),
    );
    let drafter = people
        .iter()
        .filter(|(_, u)| *u == organ)
        .nth((rng.next() % 4) as usize)
        .or(people.first())
        .map(|(id, _)| id.clone());
    let content = Content {
        title: title.clone(),
        body: body.clone(),
        classification: level,
        issuer: issuer.clone(),
        ..Content::blank(t)
    };
    let state = if rng.next().is_multiple_of(10) { DocState::Reviewing } else { DocState::Dispatched };
    let doc = Document {
        drafter_id: drafter,
        doc_number: format!("青政办发〔{year}〕{}号", i % 5000 + 1),
        ..Document::new(Flow::Outgoing, &organ, state, content, "bench", created + i as i64)
    };
    let entry = Entry {
        kind: "document".into(),
        record_id: doc.id.clone(),
        unit_id: Some(organ),
        classification_rank: level.rank(),
        subtype: t.code().into(),
        state: state.code().into(),
        year,
        title,
        body: format!("{}\n{issuer}\n{body}", doc.doc_number),
        note: String::new(),
        updated_ms: doc.updated_ms,
    };
    (doc, entry)
}

impl App {
    async fn bench_organs(&self) -> Result<(Vec<(String, String)>, Vec<(String, String)>)> {
        let mut c = self.db.conn().await?;
        let units = zs_store::org::list_units(&mut c).await?;
        let organs: Vec<(String, String)> = units
            .iter()
            .filter(|u| matches!(u.kind, UnitKind::Office | UnitKind::Department | UnitKind::Town))
            .map(|u| (u.id.clone(), u.name.clone()))
            .collect();
        let people: Vec<(String, String)> =
            zs_store::q("SELECT id, unit_id FROM users ORDER BY username").fetch_all(&mut c).await?;
        if organs.is_empty() {
            return Err(AppError::Config("请先载入演示数据（zhongshu demo）。".into()));
        }
        // Staff of the office's 科室 draft for the office.
        let office = units.iter().find(|u| u.kind == UnitKind::Office && u.code == "BGS").map(|u| u.id.clone());
        let sections: Vec<String> =
            units.iter().filter(|u| u.kind == UnitKind::Section).map(|u| u.id.clone()).collect();
        let people = people
            .into_iter()
            .map(|(id, unit)| match (&office, sections.contains(&unit)) {
                (Some(o), true) => (id, o.clone()),
                _ => (id, unit),
            })
            .collect();
        Ok((organs, people))
    }

    /// Up to `n` generated documents with index rows (once: a second run finds them). Returns how many were
    /// written now and the seconds it took.
    pub async fn seed_search_bench(&self, n: usize, mut progress: impl FnMut(usize, usize)) -> Result<usize> {
        let mut c = self.db.conn().await?;
        let have: usize = zs_store::settings::get(&mut c, SEEDED_KEY).await?.and_then(|v| v.parse().ok()).unwrap_or(0);
        drop(c);
        if have >= n {
            return Ok(0);
        }
        let (organs, people) = self.bench_organs().await?;
        let mut rng = Lcg(have as u64 + 7);
        const CHUNK: usize = 5_000;
        let mut i = have;
        while i < n {
            let end = (i + CHUNK).min(n);
            let batch: Vec<(Document, Entry)> = (i..end).map(|k| generate(k, &organs, &people, &mut rng)).collect();
            // Segmenting is the CPU work: do it on every core before the single writer takes the rows.
            let segmented = tokio::task::spawn_blocking(move || {
                let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
                let per = batch.len().div_ceil(workers).max(1);
                std::thread::scope(|s| {
                    let hs: Vec<_> = batch
                        .chunks(per)
                        .map(|part| {
                            s.spawn(move || {
                                part.iter()
                                    .map(|(d, e)| {
                                        let tw = index::words(&e.title).join(" ");
                                        let bw = index::words(&e.body).join(" ");
                                        (d.clone(), e.clone(), tw, bw)
                                    })
                                    .collect::<Vec<_>>()
                            })
                        })
                        .collect();
                    hs.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect::<Vec<_>>()
                })
            })
            .await
            .map_err(|e| AppError::Config(e.to_string()))?;
            let mut tx = self.db.begin().await?;
            for (d, e, tw, bw) in &segmented {
                zs_store::documents::insert(&mut tx, d).await?;
                index::put_segmented(&mut tx, e, &e.body, tw, bw).await?;
            }
            zs_store::settings::put(&mut tx, SEEDED_KEY, &end.to_string()).await?;
            tx.commit().await?;
            i = end;
            progress(i, n);
        }
        // As `zhongshu reindex` leaves the index after rebuilding it.
        index::optimize(&mut self.db.conn().await?).await?;
        Ok(n - have)
    }

    /// Index `n` generated documents through the ordinary `put` (segmenting on one core, as a save does) and
    /// take them out again; returns documents per second.
    pub async fn bench_index_rate(&self, n: usize) -> Result<f64> {
        let (organs, people) = self.bench_organs().await?;
        let mut rng = Lcg(99);
        let entries: Vec<Entry> = (0..n)
            .map(|k| {
                let (_, mut e) = generate(k, &organs, &people, &mut rng);
                e.kind = "bench".into();
                e
            })
            .collect();
        let t = std::time::Instant::now();
        for chunk in entries.chunks(500) {
            let mut tx = self.db.begin().await?;
            for e in chunk {
                index::put(&mut tx, e).await?;
            }
            tx.commit().await?;
        }
        let rate = n as f64 / t.elapsed().as_secs_f64();
        let mut tx = self.db.begin().await?;
        for e in &entries {
            index::remove(&mut tx, &e.kind, &e.record_id).await?;
        }
        tx.commit().await?;
        Ok(rate)
    }

    /// Up to `n` filed 件 for 四性检测, in groups of the demo office, each with an archival PDF (one of 200
    /// distinct PDFs of `sample`, which stand for real ones), metadata fixed like a filing and its audit event.
    pub async fn seed_archive_bench(&self, n: usize, sample: &[u8], pages: i64) -> Result<usize> {
        let mut c = self.db.conn().await?;
        let have: usize = zs_store::settings::get(&mut c, ARCHIVE_KEY).await?.and_then(|v| v.parse().ok()).unwrap_or(0);
        let units = zs_store::org::list_units(&mut c).await?;
        drop(c);
        if have >= n {
            return Ok(0);
        }
        let organ = units
            .iter()
            .find(|u| u.code == "BGS")
            .ok_or_else(|| AppError::Config("请先载入演示数据（zhongshu demo）。".into()))?
            .clone();
        let now = self.now_ms();
        let variants: Vec<Vec<u8>> = (0..200).map(|v| [sample, format!("%bench {v}\n").as_bytes()].concat()).collect();
        let mut tx = self.db.begin().await?;
        let mut shas = Vec::new();
        for v in &variants {
            shas.push(self.blobs.put(&mut tx, v, now).await?);
        }
        tx.commit().await?;
        let actor = Actor { user_id: None, name: "压测".into(), ip: "127.0.0.1".into() };
        let mut i = have;
        while i < n {
            let mut tx = self.db.begin().await?;
            for k in i..(i + 2_000).min(n) {
                let year = 2000 + (k / 9_999) as i64;
                let item_no = (k % 9_999) as i64 + 1;
                let code = format!("{}-WS·{year}-D30-BGS-{item_no:04}", self.config.archive.fonds);
                let v = k % variants.len();
                let mut r = zs_store::archive::Record {
                    id: format!("bench-{k:08}"),
                    source_kind: "bench".into(),
                    source_id: format!("bench-{k:08}"),
                    archival_code: code,
                    fonds: self.config.archive.fonds.clone(),
                    category: "WS".into(),
                    year,
                    retention: "D30".into(),
                    organ_code: "BGS".into(),
                    organ_id: organ.id.clone(),
                    item_no,
                    doc_number: format!("青政办发〔{year}〕{item_no}号"),
                    responsible: organ.name.clone(),
                    // The title the sample PDF carries: 四性检测 compares it with the PDF's first page.
                    title: BENCH_PDF_TITLE.into(),
                    dated: format!("{year}0315"),
                    classification: "public".into(),
                    pages,
                    note: String::new(),
                    meta_sha256: String::new(),
                    filed_by: "压测".into(),
                    filed_ms: now,
                };
                let f = zs_store::archive::File {
                    record_id: r.id.clone(),
                    position: 0,
                    role: "pdf".into(),
                    name: format!("{}.pdf", r.archival_code),
                    sha256: shas[v].clone(),
                    size: variants[v].len() as i64,
                    mime: "application/pdf".into(),
                };
                r.meta_sha256 = crate::archive::Metadata::of(&r, std::slice::from_ref(&f)).hash();
                zs_store::archive::insert(&mut tx, &r).await?;
                zs_store::archive::insert_file(&mut tx, &f).await?;
                record(&mut tx, &actor, "archive.file", "archive_record", &r.id, "压测归档", now).await?;
            }
            i = (i + 2_000).min(n);
            zs_store::settings::put(&mut tx, ARCHIVE_KEY, &i.to_string()).await?;
            tx.commit().await?;
        }
        Ok(n - have)
    }

    /// The same rows found by a plain `LIKE '%…%'` scan (for comparison beside the index).
    pub async fn like_scan(&self, p: &crate::Principal, text: &str) -> Result<usize> {
        let mut c = self.db.conn().await?;
        Ok(index::like_scan(&mut c, &p.searcher(), text, 21).await?.len())
    }

    /// A real archival PDF (a two-page notice with its 归档章) to stand for the filed ones.
    pub async fn bench_archival_pdf(&self) -> Result<(Vec<u8>, i64)> {
        let body: Vec<zs_render::Block> = SENTENCES.iter().map(|s| zs_render::Block::para(*s)).collect();
        let doc = zs_render::Doc {
            issuer_mark: "青禾县人民政府办公室文件".into(),
            doc_number: Some("青政办发〔2026〕1号".into()),
            title: BENCH_PDF_TITLE.into(),
            to: "各乡镇人民政府，县直各部门".into(),
            body,
            signature: "青禾县人民政府办公室".into(),
            dated: "2026年11月23日".into(),
            stamp: Some(zs_render::ArchiveStamp {
                fonds: self.config.archive.fonds.clone(),
                year: "2026".into(),
                item_no: "0001".into(),
                organ: "BGS".into(),
                retention: "30年".into(),
                pages: "2".into(),
            }),
            ..Default::default()
        };
        let r = crate::documents::render::renderer()?;
        let out = tokio::task::spawn_blocking(move || r.pdf(&doc))
            .await
            .map_err(|e| AppError::Config(e.to_string()))?
            .map_err(|e| AppError::Config(e.to_string()))?;
        Ok((out.bytes, i64::from(out.pages)))
    }
}
