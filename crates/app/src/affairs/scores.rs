//! 计分: the rules that price adoption (stored, edited by the 信息科, audited) and the score table per unit and
//! period, with its .xlsx export and a 通报 of the ranking drafted as a 公文.

use crate::audit::record;
use crate::{App, AppError, Principal, Result};
use std::collections::HashMap;
use zs_domain::affairs::info::{self as rules, AdoptionKind, Level, Period, ScoreLine, ScoreRules};
use zs_domain::document::{Content, DocType, Document};
use zs_domain::UnitKind;
use zs_store::affairs::info as store;
use zs_store::Exec;

/// One rule as the rules page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleView {
    pub key: String,
    pub label: String,
    pub points: i64,
}

/// The score table of a period, ranked.
#[derive(Debug, Clone)]
pub struct ScoreTable {
    pub period: Period,
    pub lines: Vec<ScoreLine>,
}

impl ScoreTable {
    pub fn totals(&self) -> ScoreLine {
        let mut t = ScoreLine { unit: "合计".into(), ..Default::default() };
        for l in &self.lines {
            t.submitted += l.submitted;
            t.county += l.county;
            t.city += l.city;
            t.province += l.province;
            t.national += l.national;
            t.instructions += l.instructions;
            t.points += l.points;
        }
        t
    }
}

/// Column titles of the export (and the page).
pub const SCORE_HEADERS: [&str; 10] =
    ["排名", "单位", "报送", "县级采用", "市级采用", "省级采用", "国家级采用", "领导批示", "合计采用", "得分"];

impl App {
    /// The rules in force: defaults, overlaid with what the 信息科 stored.
    pub(crate) async fn score_rules_in(&self, c: &mut impl Exec) -> Result<ScoreRules> {
        let mut r = ScoreRules::defaults();
        for (k, v) in store::rules(c).await? {
            r.rules.insert(k, v);
        }
        Ok(r)
    }

    /// Every rule with its label (journals by name).
    pub async fn score_rules(&self) -> Result<Vec<RuleView>> {
        let mut c = self.db.conn().await?;
        let r = self.score_rules_in(&mut c).await?;
        let journals = zs_store::affairs::journals::journals(&mut c).await?;
        let mut out: Vec<RuleView> = journals
            .iter()
            .map(|j| {
                let key = ScoreRules::journal_key(&j.id);
                RuleView {
                    points: r.rules.get(&key).copied().unwrap_or(0),
                    label: format!("编入《{}》刊发", j.name),
                    key,
                }
            })
            .collect();
        out.extend(ScoreRules::level_keys().into_iter().map(|(key, label)| RuleView {
            points: r.rules.get(&key).copied().unwrap_or(0),
            key,
            label,
        }));
        Ok(out)
    }

    /// Change rules (信息科). Applies to what is recorded from now on; each change is audited with old and new.
    pub async fn set_score_rules(&self, p: &Principal, changes: &[(String, i64)]) -> Result<usize> {
        if !rules::is_editor(&p.user.roles) {
            return Err(AppError::Denied("计分规则由信息科维护。".into()));
        }
        for (k, v) in changes {
            ScoreRules::check(k, *v)?;
        }
        let labels: HashMap<String, String> = self.score_rules().await?.into_iter().map(|r| (r.key, r.label)).collect();
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let current = self.score_rules_in(&mut tx).await?;
        let mut changed = Vec::new();
        for (k, v) in changes {
            let Some(label) = labels.get(k) else {
                return Err(zs_domain::Invalid::field("rule", format!("计分规则“{k}”不存在。")).into());
            };
            let old = current.rules.get(k).copied().unwrap_or(0);
            if old != *v {
                store::put_rule(&mut tx, k, *v, now).await?;
                changed.push(format!("{label}：{old}分→{v}分"));
            }
        }
        if !changed.is_empty() {
            record(&mut tx, &p.actor(), "affairs.rules", "info_score_rules", "", &changed.join("；"), now).await?;
        }
        tx.commit().await?;
        Ok(changed.len())
    }

    /// Per unit: submitted, adopted at each level, 批示 and points over the period, ranked. Every reporting unit
    /// (departments, towns, others) is listed, those without a submission too: the ranking is 通报'd to all.
    pub async fn score_table(&self, p: &Principal, period: Period) -> Result<ScoreTable> {
        p.require(zs_domain::Action::ViewInfoScores)?;
        let (from, to) = period.range();
        let mut c = self.db.conn().await?;
        let units = zs_store::org::list_units(&mut c).await?;
        let submitted = store::submitted_by_unit(&mut c, from, to).await?;
        let scored = store::scores_by_unit(&mut c, from, to).await?;
        drop(c);
        let mut lines: HashMap<String, ScoreLine> = HashMap::new();
        for u in units.iter().filter(|u| u.active && !u.kind.is_office() && u.kind != UnitKind::Other) {
            lines.insert(u.id.clone(), ScoreLine { unit_id: u.id.clone(), unit: u.name.clone(), ..Default::default() });
        }
        // A unit no longer listed (inactive, or an office section) still shows what it earned.
        fn line<'a>(
            lines: &'a mut HashMap<String, ScoreLine>,
            units: &[zs_domain::Unit],
            id: &str,
        ) -> &'a mut ScoreLine {
            lines.entry(id.to_string()).or_insert_with(|| ScoreLine {
                unit_id: id.into(),
                unit: units.iter().find(|u| u.id == id).map(|u| u.name.clone()).unwrap_or_default(),
                ..Default::default()
            })
        }
        for (u, n) in submitted {
            line(&mut lines, &units, &u).submitted += n;
        }
        for (u, kind, level, n, points) in scored {
            let l = line(&mut lines, &units, &u);
            l.points += points;
            match (AdoptionKind::from_code(&kind), Level::from_code(&level)) {
                (Some(AdoptionKind::Journal), _) => l.county += n,
                (Some(AdoptionKind::Adopted), Some(Level::City)) => l.city += n,
                (Some(AdoptionKind::Adopted), Some(Level::Province)) => l.province += n,
                (Some(AdoptionKind::Adopted), Some(Level::National)) => l.national += n,
                (Some(AdoptionKind::Instruction), _) => l.instructions += n,
                _ => {}
            }
        }
        let mut lines: Vec<ScoreLine> = lines.into_values().collect();
        rules::rank(&mut lines);
        Ok(ScoreTable { period, lines })
    }

    /// The score table as .xlsx; audited.
    pub async fn export_scores(&self, p: &Principal, period: Period) -> Result<Vec<u8>> {
        let t = self.score_table(p, period).await?;
        let mut rows: Vec<Vec<String>> = t.lines.iter().map(|l| row(&l.rank.to_string(), l)).collect();
        rows.push(row("", &t.totals()));
        let title = format!("{}政务信息报送采用情况", period.label());
        let bytes = zs_office::write_xlsx(&[zs_office::SheetOut {
            name: "信息计分",
            title: Some(&title),
            headers: &SCORE_HEADERS,
            rows: &rows,
        }])?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        record(&mut tx, &p.actor(), "affairs.scores.export", "info_scores", "", &format!("导出{title}"), now).await?;
        tx.commit().await?;
        Ok(bytes)
    }

    /// A 通报 of the period's ranking, drafted in the 信息科's organ for the normal 发文 flow.
    pub async fn draft_score_bulletin(&self, p: &Principal, period: Period) -> Result<Document> {
        if !rules::is_editor(&p.user.roles) {
            return Err(AppError::Denied("信息工作通报由信息科起草。".into()));
        }
        let t = self.score_table(p, period).await?;
        let mut c = self.db.conn().await?;
        let organ = zs_store::org::get_unit(&mut c, &p.organ_id).await?.map(|u| u.name).unwrap_or_default();
        drop(c);
        let mut content = Content::blank(DocType::Bulletin);
        content.title = format!("关于{}政务信息报送采用情况的通报", period.label());
        content.issuer = organ.clone();
        content.signature = organ;
        content.to = "各乡镇人民政府、街道办事处，县直各单位".into();
        content.body = bulletin_body(&t);
        let doc = self.create_draft(p, &content).await?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let detail = format!("起草{}信息工作通报（{}个单位排名）", period.label(), t.lines.len());
        record(&mut tx, &p.actor(), "affairs.scores.bulletin", "document", &doc.id, &detail, now).await?;
        tx.commit().await?;
        Ok(doc)
    }
}

fn row(rank: &str, l: &ScoreLine) -> Vec<String> {
    vec![
        rank.to_string(),
        l.unit.clone(),
        l.submitted.to_string(),
        l.county.to_string(),
        l.city.to_string(),
        l.province.to_string(),
        l.national.to_string(),
        l.instructions.to_string(),
        l.adopted().to_string(),
        l.points.to_string(),
    ]
}

/// The 通报's text: totals, the ranking (units with any activity), those without a submission, requirements.
pub fn bulletin_body(t: &ScoreTable) -> String {
    let total = t.totals();
    let mut out = vec![
        "一、总体情况".to_string(),
        format!(
            "{}，全县各单位共报送信息{}条，被本级刊物采用{}条，被市级采用{}条、省级采用{}条、国家级采用{}条，获领导批示{}次。",
            t.period.label(),
            total.submitted,
            total.county,
            total.city,
            total.province,
            total.national,
            total.instructions
        ),
        "二、各单位得分排名".to_string(),
    ];
    let active: Vec<&ScoreLine> = t.lines.iter().filter(|l| l.submitted > 0 || l.points > 0).collect();
    for l in &active {
        out.push(format!(
            "第{}名　{}：报送{}条，采用{}条（其中市级及以上{}条），领导批示{}次，得{}分。",
            l.rank,
            l.unit,
            l.submitted,
            l.adopted(),
            l.city + l.province + l.national,
            l.instructions,
            l.points
        ));
    }
    let silent: Vec<&str> =
        t.lines.iter().filter(|l| l.submitted == 0 && l.points == 0).map(|l| l.unit.as_str()).collect();
    if !silent.is_empty() {
        let shown: Vec<&str> = silent.iter().take(60).copied().collect();
        let more = if silent.len() > shown.len() { format!("等{}个单位", silent.len()) } else { String::new() };
        out.push(format!("{}{}本期未报送信息。", shown.join("、"), more));
    }
    out.push("三、工作要求".to_string());
    out.push("各单位要进一步提高对政务信息工作的认识，明确专人负责，围绕县委、县政府中心工作及时报送工作动态、经验做法和问题建议，紧急信息须第一时间报送。".to_string());
    out.join("\n")
}
