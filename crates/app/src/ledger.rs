//! 整改问题清单 (ledgers): a ledger is the set of rectification matters sharing a source title, so
//! everything here goes through the tracked-item engine (`insert_matter`, `item_rows`,
//! `tracking::list`); this module adds the .xlsx import and export, the per-ledger counts and
//! 对账盘点 (dated snapshots and their comparison).

use crate::audit::record;
use crate::tracking::{warning_label, ItemRow, NewItem};
use crate::{App, AppError, Principal, Result, RowError};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use zs_domain::tracking::{self as rules, Category, Cycle, Kind, State, TrackedItem, Warning};
use zs_domain::workflow::Label;
use zs_domain::{text, Invalid, Role};
use zs_store::ledger::{self as store, SnapshotItemRow, SnapshotRow};
use zs_store::tracking::ItemFilter;
use zs_store::Tx;

/// `source_kind` of matters created from a ledger.
pub const SOURCE_KIND: &str = "ledger";

/// Columns of the import template, in order.
pub const IMPORT_HEADERS: [&str; 9] =
    ["问题", "整改措施", "责任人", "责任领导", "牵头单位", "配合单位", "时限", "类别", "反馈周期"];

/// Columns of a ledger as offices keep it (page and export).
pub const EXPORT_HEADERS: [&str; 15] = [
    "序号",
    "问题",
    "整改措施",
    "责任人",
    "责任领导",
    "牵头单位",
    "配合单位",
    "时限",
    "类别",
    "进展",
    "状态",
    "预警",
    "整改结果",
    "建章立制",
    "来源",
];

/// Overdue open matters per category.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryCounts {
    pub immediate: i64,
    pub deadline: i64,
    pub long_term: i64,
}

impl CategoryCounts {
    pub fn total(&self) -> i64 {
        self.immediate + self.deadline + self.long_term
    }
}

/// One line of the ledger list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerSummary {
    pub name: String,
    pub total: i64,
    pub closed: i64,
    pub open: i64,
    pub overdue: CategoryCounts,
}

/// A ledger row: the matter with its units and its 责任领导 named.
#[derive(Debug, Clone)]
pub struct LedgerRow {
    pub row: ItemRow,
    pub leader: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub id: String,
    pub ledger: String,
    pub taken_on: NaiveDate,
    pub taken_ms: i64,
    pub taken_by: String,
    pub note: String,
    pub items: i64,
}

/// A matter as it stood when a snapshot was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotItem {
    pub item_id: String,
    pub title: String,
    pub state: State,
    pub due: NaiveDate,
    pub progress: i64,
    pub warning: Option<Warning>,
}

/// One matter in a comparison: how it stood in the earlier and in the later snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub item_id: String,
    pub title: String,
    pub before: Option<SnapshotItem>,
    pub after: Option<SnapshotItem>,
}

/// What changed between two snapshots of one ledger (`from` is the earlier). Each matter is in at
/// most one group: closed, then removed/cancelled, then slipped; the rest are counted unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub from: Snapshot,
    pub to: Snapshot,
    /// Open in `from`, closed (销号) in `to`.
    pub closed: Vec<Change>,
    /// Still open in `to`, with a later deadline or newly overdue/red.
    pub slipped: Vec<Change>,
    /// In `to` only.
    pub new: Vec<Change>,
    /// In `from`, and cancelled or gone in `to`.
    pub removed: Vec<Change>,
    pub unchanged: usize,
}

fn office_only(p: &Principal) -> Result<()> {
    if p.subject.office_member {
        Ok(())
    } else {
        Err(AppError::Denied("整改问题清单由办公室管理；本单位承担的整改事项请在“督查督办”列表中查看。".into()))
    }
}

fn not_found() -> AppError {
    AppError::NotFound("没有找到这个问题清单。".into())
}

/// Dates as people type them, besides the YYYY-MM-DD that `read_table` gives for date cells.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
        .filter(|d| zs_domain::time::TYPED_YEARS.contains(&chrono::Datelike::year(d)))
}

/// 反馈周期 as the template words it: 办结时, 每周, 每月, 每N个工作日 (empty: monthly for 长期坚持,
/// otherwise at closure).
pub fn parse_cycle(s: &str, category: Option<Category>) -> std::result::Result<Cycle, String> {
    let v = text::clean(s);
    let v = v.strip_suffix("反馈").unwrap_or(&v);
    let bad = || format!("反馈周期“{v}”无法识别，请填写：办结时、每周、每月 或 每N个工作日（N为1到250）。");
    match v {
        "" if category == Some(Category::LongTerm) => Ok(Cycle::Monthly),
        "" | "办结时" | "办结后" | "一次" => Ok(Cycle::Once),
        "每周" => Ok(Cycle::Weekly),
        "每月" => Ok(Cycle::Monthly),
        other => {
            let n = other.strip_prefix('每').and_then(|r| r.strip_suffix("个工作日")).ok_or_else(bad)?;
            n.trim().parse::<u32>().ok().filter(|n| (1..=250).contains(n)).map(Cycle::Every).ok_or_else(bad)
        }
    }
}

/// One line of a sheet cell: Excel's in-cell line breaks become spaces (fields are single-line).
fn one_line(s: &str) -> String {
    s.split(['\r', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

fn to_item(r: &SnapshotItemRow) -> SnapshotItem {
    SnapshotItem {
        item_id: r.item_id.clone(),
        title: r.title.clone(),
        state: State::from_code(&r.state).unwrap_or(State::Draft),
        due: parse_date(&r.due).unwrap_or_default(),
        progress: r.progress,
        warning: r.warning.as_deref().and_then(Warning::from_code),
    }
}

fn to_snapshot(r: SnapshotRow, items: i64) -> Snapshot {
    Snapshot {
        taken_on: parse_date(&r.taken_on).unwrap_or_default(),
        id: r.id,
        ledger: r.ledger,
        taken_ms: r.taken_ms,
        taken_by: r.taken_by,
        note: r.note,
        items,
    }
}

/// Red as of the snapshot's day: warned red, or open and past its deadline.
fn is_red(s: &SnapshotItem, on: NaiveDate) -> bool {
    s.warning == Some(Warning::Red) || (s.state.is_open() && s.state != State::Draft && s.due < on)
}

/// Sort matters of two snapshots into the comparison's groups (pure, so it is tested directly).
pub fn compare_items(
    before: &[SnapshotItem],
    after: &[SnapshotItem],
    after_on: NaiveDate,
    before_on: NaiveDate,
) -> (Vec<Change>, Vec<Change>, Vec<Change>, Vec<Change>, usize) {
    let old: HashMap<&str, &SnapshotItem> = before.iter().map(|i| (i.item_id.as_str(), i)).collect();
    let now: HashMap<&str, &SnapshotItem> = after.iter().map(|i| (i.item_id.as_str(), i)).collect();
    let change = |x: Option<&SnapshotItem>, y: Option<&SnapshotItem>| {
        let any = y.or(x).expect("one side is present");
        Change { item_id: any.item_id.clone(), title: any.title.clone(), before: x.cloned(), after: y.cloned() }
    };
    let (mut closed, mut slipped, mut removed, mut unchanged) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for x in before {
        match now.get(x.item_id.as_str()).copied() {
            None => removed.push(change(Some(x), None)),
            Some(y) if x.state.is_open() && y.state == State::Closed => closed.push(change(Some(x), Some(y))),
            Some(y) if x.state != State::Cancelled && y.state == State::Cancelled => {
                removed.push(change(Some(x), Some(y)))
            }
            Some(y) if y.state.is_open() && (y.due > x.due || (is_red(y, after_on) && !is_red(x, before_on))) => {
                slipped.push(change(Some(x), Some(y)))
            }
            Some(_) => unchanged += 1,
        }
    }
    let new = after.iter().filter(|y| !old.contains_key(y.item_id.as_str())).map(|y| change(None, Some(y))).collect();
    (closed, slipped, new, removed, unchanged)
}

impl App {
    /// The import template, with example rows and notes.
    pub fn ledger_template(&self, p: &Principal) -> Result<Vec<u8>> {
        office_only(p)?;
        let cal = self.calendar();
        let due = |n| cal.add_working_days(self.today(), n).to_string();
        let example = vec![
            vec![
                "会议室使用登记不规范".into(),
                "制定会议室使用登记制度，当即补登".into(),
                "李明".into(),
                "".into(),
                "青禾县人民政府办公室".into(),
                "".into(),
                due(5),
                "立行立改".into(),
                "办结时".into(),
            ],
            vec![
                "基层减负落实不到位".into(),
                "清理精简文件会议，建立统筹机制".into(),
                "王芳".into(),
                "".into(),
                "青禾镇".into(),
                "白水镇、青禾县人民政府办公室".into(),
                due(40),
                "长期坚持".into(),
                "每月".into(),
            ],
        ];
        let notes = [
            "每行一个问题；“问题”“牵头单位”“时限”“类别”必填。清单名称在上传页面填写。",
            "责任领导填写系统中具有“领导”角色的用户姓名，可留空。",
            "牵头单位、配合单位填写系统中已有的单位名称；配合单位可填多个，用顿号“、”或逗号“，”分隔。",
            "时限填写日期，如 2026-12-31（也可用 Excel 日期格式），须为今天或以后的工作日；遇周末或节假日系统会提示应改为哪一天。",
            "类别填写：立行立改、限期整改 或 长期坚持。长期坚持类问题须写明建章立制情况后才能销号。",
            "反馈周期填写：办结时、每周、每月 或 每N个工作日（如 每10个工作日）；留空时长期坚持为每月，其余为办结时。",
            "导入后各问题即交办给牵头单位和配合单位。任何一行有错误时整张表都不会导入，请按提示的行号修改后重新上传。",
        ];
        Ok(zs_office::template_xlsx("问题清单", &IMPORT_HEADERS, &example, &notes)?)
    }

    /// 立项交办 several matters in one transaction: all are created, or none.
    pub async fn create_items(&self, p: &Principal, items: &[NewItem]) -> Result<Vec<TrackedItem>> {
        let today = self.today();
        let mut tx = self.db.begin().await?;
        let out = self.insert_all(&mut tx, p, items, today).await.map_err(|(_, e)| e)?;
        tx.commit().await?;
        Ok(out)
    }

    /// Insert each matter; on failure, which one failed.
    async fn insert_all(
        &self,
        tx: &mut Tx,
        p: &Principal,
        items: &[NewItem],
        today: NaiveDate,
    ) -> std::result::Result<Vec<TrackedItem>, (usize, AppError)> {
        let mut out = Vec::with_capacity(items.len());
        for (i, n) in items.iter().enumerate() {
            out.push(self.insert_matter(tx, p, n, today).await.map_err(|e| (i, e))?);
        }
        Ok(out)
    }

    /// Import a 问题清单: every row is checked first and bad rows are reported by their Excel row
    /// number; only a sheet without errors is written, in one transaction.
    pub async fn import_ledger(&self, p: &Principal, name: &str, xlsx: &[u8]) -> Result<Vec<TrackedItem>> {
        if !crate::tracking::is_supervisor(p) {
            return Err(AppError::Denied("只有督查科或办公室主任可以导入问题清单。".into()));
        }
        let name = text::required("name", "清单名称", name, 100)?;
        let records = zs_office::read_table(xlsx, &IMPORT_HEADERS)?;
        if records.is_empty() {
            return Err(AppError::File("表格中没有数据行。".into()));
        }
        let units: HashMap<String, String> =
            self.unit_tree().await?.into_iter().filter(|n| n.unit.active).map(|n| (n.unit.name, n.unit.id)).collect();
        let filter = zs_store::org::UserFilter { role: Some(Role::Leader), limit: 1000, ..Default::default() };
        let (leader_users, _) = self.list_users(p, &filter).await?;
        let mut leaders: HashMap<String, Vec<String>> = HashMap::new();
        for u in leader_users {
            leaders.entry(u.name).or_default().push(u.id);
        }
        let cal = self.calendar();
        let today = self.today();
        let mut errors = Vec::new();
        let mut items = Vec::with_capacity(records.len());
        for r in &records {
            let [title, measures, owner, leader, lead, co, due, category, cycle] =
                [0, 1, 2, 3, 4, 5, 6, 7, 8].map(|i| r.values[i].as_str());
            let mut problems: Vec<String> = Vec::new();
            let mut check = |res: std::result::Result<String, Invalid>| match res {
                Ok(v) => v,
                Err(e) => {
                    problems.push(e.message);
                    String::new()
                }
            };
            let title = check(text::required("title", "问题", &one_line(title), 200));
            let measures = check(text::optional("measures", "整改措施", &one_line(measures), 5000));
            let owner = check(text::optional("owner_name", "责任人", &one_line(owner), 40));
            let leader_id = match text::clean(leader).as_str() {
                "" => None,
                l => match leaders.get(l).map(Vec::as_slice) {
                    Some([id]) => Some(id.clone()),
                    Some(_) => {
                        problems.push(format!("有多位领导名为“{l}”，无法确定责任领导，请先在通讯录中区分。"));
                        None
                    }
                    None => {
                        problems.push(format!("责任领导“{l}”不是系统中具有“领导”角色的用户。"));
                        None
                    }
                },
            };
            let lead = text::clean(lead);
            let lead_id = match units.get(&lead) {
                _ if lead.is_empty() => {
                    problems.push("请填写牵头单位。".into());
                    String::new()
                }
                Some(id) => id.clone(),
                None => {
                    problems.push(format!("牵头单位“{lead}”不存在或已停用。"));
                    String::new()
                }
            };
            let mut co_ids = Vec::new();
            for c in co.split(['、', '，', ',', ';', '；']).map(text::clean).filter(|c| !c.is_empty()) {
                match units.get(&c) {
                    Some(id) if *id != lead_id && !co_ids.contains(id) => co_ids.push(id.clone()),
                    Some(_) => {}
                    None => problems.push(format!("配合单位“{c}”不存在或已停用。")),
                }
            }
            let due = match parse_date(due) {
                None if due.trim().is_empty() => {
                    problems.push("请填写时限。".into());
                    None
                }
                None => {
                    problems.push(format!("时限“{}”不是有效日期，请按 2026-12-31 的格式填写。", due.trim()));
                    None
                }
                Some(d) => match rules::check_due(&cal, today, d) {
                    Ok(()) => Some(d),
                    Err(e) => {
                        problems.push(e.message);
                        None
                    }
                },
            };
            let category = Category::from_code(category);
            if category.is_none() {
                problems.push(if r.values[7].trim().is_empty() {
                    "请填写类别（立行立改、限期整改或长期坚持）。".into()
                } else {
                    format!("类别“{}”应为立行立改、限期整改或长期坚持。", r.values[7].trim())
                });
            }
            let cycle = match parse_cycle(cycle, category) {
                Ok(c) => Some(c),
                Err(m) => {
                    problems.push(m);
                    None
                }
            };
            match (due, cycle) {
                (Some(due), Some(cycle)) if problems.is_empty() => items.push(NewItem {
                    kind: Kind::Rectification,
                    source_kind: SOURCE_KIND.into(),
                    source_id: String::new(),
                    source_title: name.clone(),
                    title,
                    requirement: String::new(),
                    category,
                    measures,
                    lead_unit_id: lead_id,
                    co_unit_ids: co_ids,
                    owner_name: owner,
                    leader_id,
                    due,
                    cycle,
                    assign: true,
                }),
                _ => errors.push(RowError { row: r.row, message: problems.join("；") }),
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Rows(errors));
        }
        let mut tx = self.db.begin().await?;
        let created = match self.insert_all(&mut tx, p, &items, today).await {
            Ok(v) => v,
            // Checked above; a unit or leader changed meanwhile: still say which row.
            Err((i, AppError::Invalid(e))) => {
                return Err(AppError::Rows(vec![RowError { row: records[i].row, message: e.message }]))
            }
            Err((_, e)) => return Err(e),
        };
        let detail = format!("从表格导入问题清单“{name}”，共{}个问题", created.len());
        record(&mut tx, &p.actor(), "ledger.import", "ledger", &name, &detail, self.now_ms()).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Every ledger with its counts (office only).
    pub async fn ledgers(&self, p: &Principal) -> Result<Vec<LedgerSummary>> {
        office_only(p)?;
        let mut c = self.db.conn().await?;
        let rows = store::summaries(&mut c, self.today()).await?;
        Ok(rows
            .into_iter()
            .map(|r| LedgerSummary {
                name: r.ledger,
                total: r.total,
                closed: r.closed,
                open: r.open,
                overdue: CategoryCounts {
                    immediate: r.overdue_immediate,
                    deadline: r.overdue_deadline,
                    long_term: r.overdue_long_term,
                },
            })
            .collect())
    }

    /// A ledger's matters in the order they were entered, with units and leaders named (office only).
    pub async fn ledger_rows(&self, p: &Principal, name: &str) -> Result<Vec<LedgerRow>> {
        office_only(p)?;
        self.require_ledger(name).await?;
        let (mut rows, _) = self.item_rows(p, ledger_filter(name)).await?;
        rows.sort_by(|a, b| (a.item.created_ms, &a.item.id).cmp(&(b.item.created_ms, &b.item.id)));
        let ids: HashSet<&String> = rows.iter().filter_map(|r| r.item.leader_id.as_ref()).collect();
        let mut c = self.db.conn().await?;
        let mut names = HashMap::new();
        for id in ids {
            if let Some(u) = zs_store::org::get_user(&mut c, id).await? {
                names.insert(id.clone(), u.name);
            }
        }
        drop(c);
        Ok(rows
            .into_iter()
            .map(|row| {
                let leader = row.item.leader_id.as_ref().and_then(|l| names.get(l)).cloned().unwrap_or_default();
                LedgerRow { row, leader }
            })
            .collect())
    }

    async fn require_ledger(&self, name: &str) -> Result<()> {
        let mut c = self.db.conn().await?;
        if name.trim().is_empty() || !store::exists(&mut c, name).await? {
            return Err(not_found());
        }
        Ok(())
    }

    /// The ledger as .xlsx in the columns offices use; audited.
    pub async fn export_ledger(&self, p: &Principal, name: &str) -> Result<Vec<u8>> {
        let rows = self.ledger_rows(p, name).await?;
        let table: Vec<Vec<String>> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let it = &r.row.item;
                vec![
                    (i + 1).to_string(),
                    it.title.clone(),
                    it.measures.clone(),
                    it.owner_name.clone(),
                    r.leader.clone(),
                    r.row.lead.clone(),
                    r.row.co.join("、"),
                    zs_domain::time::format_date(it.due),
                    it.category.map(|c| c.label()).unwrap_or("").to_string(),
                    format!("{}%", it.progress),
                    it.state.label().to_string(),
                    warning_label(it).to_string(),
                    it.result.clone(),
                    it.rule.clone(),
                    it.source_title.clone(),
                ]
            })
            .collect();
        let title = format!("{}整改问题清单（{}导出）", name, zs_domain::time::format_date(self.today()));
        let bytes = zs_office::write_xlsx(&[zs_office::SheetOut {
            name: "问题清单",
            title: Some(&title),
            headers: &EXPORT_HEADERS,
            rows: &table,
        }])?;
        let mut tx = self.db.begin().await?;
        let detail = format!("导出问题清单“{name}”{}项", table.len());
        record(&mut tx, &p.actor(), "ledger.export", "ledger", name, &detail, self.now_ms()).await?;
        tx.commit().await?;
        Ok(bytes)
    }

    /// 对账盘点: copy how every matter of the ledger stands today; audited.
    pub async fn take_snapshot(&self, p: &Principal, ledger: &str, note: &str) -> Result<Snapshot> {
        if !crate::tracking::is_supervisor(p) {
            return Err(AppError::Denied("只有督查科或办公室主任可以对账盘点。".into()));
        }
        let note = text::optional("note", "盘点说明", note, 200)?;
        let today = self.today();
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        if ledger.trim().is_empty() || !store::exists(&mut tx, ledger).await? {
            return Err(not_found());
        }
        let (items, _) = zs_store::tracking::list(&mut tx, &ledger_filter(ledger)).await?;
        let snap = SnapshotRow {
            id: zs_domain::new_id(),
            ledger: ledger.to_string(),
            taken_on: today.to_string(),
            taken_ms: now,
            taken_by: p.user.name.clone(),
            note,
        };
        store::insert_snapshot(&mut tx, &snap).await?;
        for it in &items {
            let row = SnapshotItemRow {
                snapshot_id: snap.id.clone(),
                item_id: it.id.clone(),
                title: it.title.clone(),
                state: it.state.code().into(),
                due: it.due.to_string(),
                progress: it.progress,
                warning: it.warning.map(|w| w.code().to_string()),
            };
            store::insert_snapshot_item(&mut tx, &row).await?;
        }
        let detail =
            format!("对问题清单“{ledger}”对账盘点（{}），共{}项", zs_domain::time::format_date(today), items.len());
        record(&mut tx, &p.actor(), "ledger.snapshot", "ledger_snapshot", &snap.id, &detail, now).await?;
        tx.commit().await?;
        Ok(to_snapshot(snap, items.len() as i64))
    }

    /// A ledger's snapshots, newest first (office only).
    pub async fn snapshots(&self, p: &Principal, ledger: &str) -> Result<Vec<Snapshot>> {
        office_only(p)?;
        self.require_ledger(ledger).await?;
        let mut c = self.db.conn().await?;
        Ok(store::snapshots(&mut c, ledger).await?.into_iter().map(|(s, n)| to_snapshot(s, n)).collect())
    }

    /// Compare two snapshots of one ledger, the earlier against the later (office only).
    pub async fn compare_snapshots(&self, p: &Principal, a: &str, b: &str) -> Result<Comparison> {
        office_only(p)?;
        if a == b {
            return Err(Invalid::field("b", "请选择两次不同的盘点进行比较。").into());
        }
        let mut c = self.db.conn().await?;
        let missing = || AppError::NotFound("没有找到所选的盘点记录。".into());
        let sa = store::snapshot(&mut c, a).await?.ok_or_else(missing)?;
        let sb = store::snapshot(&mut c, b).await?.ok_or_else(missing)?;
        if sa.ledger != sb.ledger {
            return Err(Invalid::field("b", "只能比较同一问题清单的两次盘点。").into());
        }
        let (sa, sb) = if (sa.taken_ms, &sa.id) <= (sb.taken_ms, &sb.id) { (sa, sb) } else { (sb, sa) };
        let ia: Vec<SnapshotItem> = store::snapshot_items(&mut c, &sa.id).await?.iter().map(to_item).collect();
        let ib: Vec<SnapshotItem> = store::snapshot_items(&mut c, &sb.id).await?.iter().map(to_item).collect();
        drop(c);
        let (from, to) = (to_snapshot(sa, ia.len() as i64), to_snapshot(sb, ib.len() as i64));
        let (closed, slipped, new, removed, unchanged) = compare_items(&ia, &ib, to.taken_on, from.taken_on);
        Ok(Comparison { from, to, closed, slipped, new, removed, unchanged })
    }
}

/// The matters of one ledger, through the engine's one list query.
fn ledger_filter(name: &str) -> ItemFilter {
    ItemFilter {
        kind: Some(Kind::Rectification),
        source_title: Some(name.to_string()),
        top_level: true,
        limit: 100_000,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn it(id: &str, state: State, due: &str, warning: Option<Warning>) -> SnapshotItem {
        SnapshotItem { item_id: id.into(), title: id.into(), state, due: d(due), progress: 0, warning }
    }

    #[test]
    fn cycles_and_dates_as_people_write_them() {
        assert_eq!(parse_cycle("办结时", None), Ok(Cycle::Once));
        assert_eq!(parse_cycle("每周反馈", None), Ok(Cycle::Weekly));
        assert_eq!(parse_cycle("每月", None), Ok(Cycle::Monthly));
        assert_eq!(parse_cycle("每10个工作日", None), Ok(Cycle::Every(10)));
        assert_eq!(parse_cycle("", Some(Category::LongTerm)), Ok(Cycle::Monthly));
        assert_eq!(parse_cycle("", Some(Category::Immediate)), Ok(Cycle::Once));
        assert!(parse_cycle("每0个工作日", None).is_err());
        assert!(parse_cycle("每季度", None).unwrap_err().contains("每季度"));
        assert_eq!(parse_date("2026-12-31"), Some(d("2026-12-31")));
        assert_eq!(parse_date("2026/1/5"), Some(d("2026-01-05")));
        assert_eq!(parse_date("2026年1月5日"), Some(d("2026-01-05")));
        assert_eq!(parse_date("明年"), None);
    }

    #[test]
    fn comparison_groups_are_exclusive() {
        let on = d("2026-11-23");
        let later = d("2026-12-01");
        let before = vec![
            it("closed", State::InProgress, "2026-12-04", Some(Warning::Green)),
            it("extended", State::InProgress, "2026-12-04", Some(Warning::Green)),
            it("late", State::InProgress, "2026-11-27", Some(Warning::Green)),
            it("cancelled", State::Assigned, "2026-12-04", Some(Warning::Green)),
            it("gone", State::Assigned, "2026-12-04", Some(Warning::Green)),
            it("same", State::Assigned, "2026-12-04", Some(Warning::Green)),
            it("was_closed", State::Closed, "2026-11-20", None),
        ];
        let after = vec![
            it("closed", State::Closed, "2026-12-04", None),
            it("extended", State::InProgress, "2026-12-11", Some(Warning::Green)),
            it("late", State::InProgress, "2026-11-27", None),
            it("cancelled", State::Cancelled, "2026-12-04", None),
            it("same", State::Acknowledged, "2026-12-04", Some(Warning::Green)),
            it("was_closed", State::Closed, "2026-11-20", None),
            it("fresh", State::Assigned, "2026-12-18", Some(Warning::Green)),
        ];
        let (closed, slipped, new, removed, unchanged) = compare_items(&before, &after, later, on);
        let ids = |v: &[Change]| v.iter().map(|c| c.item_id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&closed), ["closed"]);
        assert_eq!(ids(&slipped), ["extended", "late"], "a later deadline, or past it by the later snapshot");
        assert_eq!(ids(&new), ["fresh"]);
        assert_eq!(ids(&removed), ["cancelled", "gone"]);
        assert_eq!(unchanged, 2);
    }
}
