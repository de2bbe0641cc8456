//! `zhongshu`: one binary for serving, migrating, loading the demo, and operating the platform.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use zs_app::org::UserInput;
use zs_app::{App, Config, Principal, UserFilter};
use zs_domain::Role;

#[derive(Parser)]
#[command(name = "zhongshu", version, about = "中枢：党政机关办公室办文、办会、办事与督查督办平台")]
struct Cli {
    /// Configuration file (default: ./zhongshu.toml when present; env ZHONGSHU_CONFIG).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Serve the web pages and API (ZHONGSHU_LISTEN, default 127.0.0.1:8080).
    Serve,
    /// Create or upgrade the database schema (also done at every start).
    Migrate,
    /// Load the demo county (once; running it again changes nothing).
    Demo {
        /// Add this many extra liaison accounts (load tests).
        #[arg(long, default_value_t = 0)]
        extra_users: i64,
        /// Fill the audit trail up to this many events (load tests).
        #[arg(long, default_value_t = 0)]
        audit_events: i64,
    },
    /// Manage user accounts from the server console.
    #[command(subcommand)]
    User(UserCmd),
    /// Write a consistent backup while serving (SQLite: a database copy; PostgreSQL: pg_dump).
    Backup { file: PathBuf },
    /// Replace the database with a backup (stop the server first).
    Restore { file: PathBuf },
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// The working-day calendar.
    #[command(subcommand)]
    Calendar(CalendarCmd),
    /// Proofread texts (UTF-8 .txt or .docx, or - for stdin); exit 1 when an error-severity finding remains, 2 on
    /// bad input.
    Proof {
        /// Output format: text (compiler style) or json (one object per input).
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// A speech's outline and requirements (.txt or .docx, or - for stdin); exit 1 when none is found, 2 on bad input.
    Outline {
        /// Output format: text (indented outline) or json ({"points": [...]}).
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
        file: PathBuf,
    },
    /// 档案: 四性检测 from the console.
    #[command(subcommand)]
    Archive(ArchiveCmd),
    /// Rebuild the search index from every document, tracked item and information item, with a progress bar.
    Reindex,
    /// Count the 精文简会 figures again from the deliveries, meetings, tracked items, reports and 催报 they count.
    RebuildBurden,
    /// Measure 检索 and 四性检测 on bulk data in the configured store (prints `name: value unit`).
    BenchSearch {
        /// Documents to generate (with their index rows).
        #[arg(long, default_value_t = 1_000_000)]
        docs: usize,
        /// Filed 件 to generate for 四性检测.
        #[arg(long, default_value_t = 100_000)]
        items: usize,
        /// Queries to time (each by a demo user of another role).
        #[arg(long, default_value_t = 200)]
        queries: usize,
    },
    /// Allocate 发文字号 concurrently on one new 机关代字 and check the ledger (prints `name: value unit`).
    BenchNumbers {
        #[arg(long, default_value_t = 1000)]
        count: usize,
        #[arg(long, default_value_t = 64)]
        concurrency: usize,
    },
    /// Measure the 精文简会 burden page on a year of bulk data in the configured store (prints `name: value unit`).
    BenchMeetings {
        #[arg(long, default_value_t = 500)]
        units: usize,
        #[arg(long, default_value_t = 200_000)]
        deliveries: usize,
        #[arg(long, default_value_t = 20_000)]
        meetings: usize,
    },
    /// Measure 办事's score table over a year of information items in the configured store (prints `name: value unit`).
    BenchAffairs {
        #[arg(long, default_value_t = 500)]
        units: usize,
        #[arg(long, default_value_t = 100_000)]
        items: usize,
    },
    /// Measure the tracked-item engine on bulk data in the configured store (prints `name: value unit`).
    BenchTracking {
        #[arg(long, default_value_t = 500)]
        units: usize,
        #[arg(long, default_value_t = 100_000)]
        parts: usize,
    },
}

#[derive(Subcommand)]
enum UserCmd {
    /// List accounts.
    List {
        /// Name, login name, position or phone contains this.
        #[arg(long)]
        q: Option<String>,
    },
    /// Create an account and print its one-time password.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        /// Unit name as shown in 组织机构.
        #[arg(long)]
        unit: String,
        /// Role codes or Chinese names, comma separated (e.g. sysadmin or 系统管理员).
        #[arg(long, default_value = "")]
        roles: String,
        #[arg(long, default_value = "")]
        position: String,
    },
    /// Give an account a new one-time password and sign it out everywhere.
    ResetPassword { username: String },
}

#[derive(Subcommand)]
enum ArchiveCmd {
    /// 四性检测 (真实性, 完整性, 可用性, 安全性) of every 件 or one year's; exit 1 when a 件 fails.
    Check {
        #[arg(long)]
        year: Option<i32>,
        /// Print a line for every 件, not only those that fail.
        #[arg(long)]
        all: bool,
    },
}

#[derive(Subcommand)]
enum AuditCmd {
    /// Walk the hash chain; exit 1 and name the first bad event if any was edited, inserted or deleted.
    Verify,
}

#[derive(Subcommand)]
enum CalendarCmd {
    /// Print a year's holidays and makeup working days.
    Show { year: i32 },
    /// Load a year's arrangement from a text file (replaces that year's data).
    Load { file: PathBuf },
    /// The date N working days after FROM.
    Add { from: String, days: i64 },
    /// Working days in (FROM, TO].
    Between { from: String, to: String },
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ZHONGSHU_LOG").unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    // A person reads this: the Chinese sentence and its causes, not a backtrace.
    if let Err(e) = rt.block_on(run(cli)) {
        let mut parts: Vec<String> = Vec::new();
        for cause in e.chain().map(|c| c.to_string()) {
            // Wrapped errors often repeat their source's words; say each thing once.
            if !parts.iter().any(|p| p.contains(&cause)) {
                parts.push(cause);
            }
        }
        eprintln!("错误：{}", parts.join("："));
        std::process::exit(1);
    }
    Ok(())
}

async fn run(cli: Cli) -> Result<()> {
    if let Cmd::Proof { format, files } = &cli.cmd {
        // The proofreader needs neither configuration nor database.
        std::process::exit(proof(files, format == "json"));
    }
    if let Cmd::Outline { format, file } = &cli.cmd {
        std::process::exit(outline(file, format == "json"));
    }
    let config = Config::load(cli.config.as_deref())?;
    if let Cmd::Restore { file } = &cli.cmd {
        zs_app::restore(&config, file).await?;
        println!("已从 {} 恢复数据库。", file.display());
        return Ok(());
    }
    let app = App::open(config).await.context("无法打开数据库")?;
    match cli.cmd {
        Cmd::Serve => serve(app.clone()).await?,
        Cmd::Migrate => println!("数据库结构已是最新。"),
        Cmd::Demo { extra_users, audit_events } => demo(&app, extra_users, audit_events).await?,
        Cmd::User(c) => user(&app, c).await?,
        Cmd::Backup { file } => {
            let files = app.backup(&file).await?;
            if files > 0 {
                println!(
                    "已备份到 {}，附件文件 {files} 个在 {}。",
                    file.display(),
                    zs_app::blob_backup_dir(&file).display()
                );
            } else {
                println!("已备份到 {}。", file.display());
            }
        }
        Cmd::Restore { .. } => unreachable!("handled before opening the store"),
        Cmd::Proof { .. } => unreachable!("handled before loading the configuration"),
        Cmd::Audit(AuditCmd::Verify) => {
            let v = app.audit_verify(None).await?;
            match v.fault {
                None => println!("审计链完整：共校验 {} 条事件。", v.checked),
                Some(f) => {
                    println!("审计链被破坏：{f}（在此之前已校验通过 {} 条）。", v.checked);
                    std::process::exit(1);
                }
            }
        }
        Cmd::Calendar(c) => calendar(&app, c).await?,
        Cmd::Outline { .. } => unreachable!("handled before loading the configuration"),
        Cmd::BenchTracking { units, parts } => bench_tracking(&app, units, parts).await?,
        Cmd::BenchAffairs { units, items } => bench_affairs(&app, units, items).await?,
        Cmd::BenchMeetings { units, deliveries, meetings } => bench_meetings(&app, units, deliveries, meetings).await?,
        Cmd::BenchNumbers { count, concurrency } => bench_numbers(&app, count, concurrency).await?,
        Cmd::Archive(ArchiveCmd::Check { year, all }) => archive_check(&app, year, all).await?,
        Cmd::Reindex => reindex(&app).await?,
        Cmd::RebuildBurden => {
            let r = app.rebuild_burden().await?;
            println!("已重算精文简会统计：{} 行，其中 {} 项与原值不同。", r.rows, r.changed);
        }
        Cmd::BenchSearch { docs, items, queries } => bench_search(&app, docs, items, queries).await?,
    }
    app.db.close().await;
    Ok(())
}

async fn serve(app: App) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(&app.config.listen)
        .await
        .with_context(|| format!("无法监听 {}", app.config.listen))?;
    let addr = listener.local_addr()?;
    let backend = match app.db.backend() {
        zs_app::Backend::Sqlite => "SQLite",
        zs_app::Backend::Postgres => "PostgreSQL",
    };
    println!("中枢已启动：http://{addr} （数据库：{backend}）");
    zs_web::serve(app, listener).await?;
    Ok(())
}

async fn demo(app: &App, extra_users: i64, audit_events: i64) -> Result<()> {
    let r = app.load_demo(extra_users, audit_events).await?;
    app.load_demo_work().await?;
    if r.created {
        println!("已载入演示县“青禾县”。");
    } else {
        println!("演示数据已存在，未做改动。");
    }
    println!("演示账户（密码均为 {}）：", zs_app::demo::DEMO_PASSWORD);
    for a in &r.accounts {
        println!("  {:<12} {}（{}，{}）", a.username, a.name, a.unit, a.role.label());
    }
    if r.extra_users > 0 {
        println!("另加压测用户 {} 名。", r.extra_users);
    }
    if r.audit_events > 0 {
        println!("另加压测审计事件 {} 条。", r.audit_events);
    }
    println!("单位 {} 个，用户 {} 名。", r.units, r.users);
    println!("启动服务：zhongshu serve，然后打开 http://{}", app.config.listen);
    Ok(())
}

async fn user(app: &App, c: UserCmd) -> Result<()> {
    let console = Principal::console();
    match c {
        UserCmd::List { q } => {
            let f = UserFilter { text: q, include_inactive: true, limit: 1000, ..Default::default() };
            let (users, total) = app.list_users(&console, &f).await?;
            for u in users {
                let roles: Vec<&str> = u.roles.iter().map(|r| r.label()).collect();
                println!(
                    "{:<14} {:<8} {} {}",
                    u.username,
                    u.name,
                    roles.join("、"),
                    if u.active { "" } else { "（已停用）" }
                );
            }
            println!("共 {total} 人");
        }
        UserCmd::Add { username, name, unit, roles, position } => {
            let tree = app.unit_tree().await?;
            let Some(u) = tree.iter().find(|n| n.unit.name == unit) else { bail!("单位“{unit}”不存在") };
            let mut rs = Vec::new();
            for r in roles.split([',', '，', '、']).map(str::trim).filter(|s| !s.is_empty()) {
                rs.push(Role::from_code(r).with_context(|| format!("角色“{r}”不存在"))?);
            }
            let input = UserInput {
                username,
                name,
                unit_id: u.unit.id.clone(),
                position,
                phone: String::new(),
                email: String::new(),
                roles: rs,
                active: true,
            };
            let (user, password) = app.create_user(&console, &input).await?;
            println!("已创建 {}（{}），一次性初始密码：{password}", user.name, user.username);
        }
        UserCmd::ResetPassword { username } => {
            let f =
                UserFilter { text: Some(username.clone()), include_inactive: true, limit: 1000, ..Default::default() };
            let (users, _) = app.list_users(&console, &f).await?;
            let Some(u) = users.into_iter().find(|u| u.username == username) else {
                bail!("登录名“{username}”不存在")
            };
            let password = app.reset_password(&console, &u.id).await?;
            println!("已重置 {} 的密码，一次性密码：{password}", u.name);
        }
    }
    Ok(())
}

async fn calendar(app: &App, c: CalendarCmd) -> Result<()> {
    let date = |s: &str| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").with_context(|| format!("“{s}”不是 YYYY-MM-DD 日期"))
    };
    let cal = app.calendar();
    match c {
        CalendarCmd::Show { year } => match cal.year_data(year) {
            Some(d) => print!("{}", d.to_text()),
            None => bail!("没有{year}年的节假日数据（只按周末计算）；可用 zhongshu calendar load 文件 导入"),
        },
        CalendarCmd::Load { file } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("无法读取 {}", file.display()))?;
            let d = app.load_calendar_year(None, &text).await?;
            println!("已导入{}年节假日安排：放假{}天，调休上班{}天。", d.year, d.off_days(), d.work_days());
        }
        CalendarCmd::Add { from, days } => println!("{}", cal.add_working_days(date(&from)?, days)),
        CalendarCmd::Between { from, to } => println!("{}", cal.working_days_between(date(&from)?, date(&to)?)),
    }
    Ok(())
}

/// Server time of a page: the whole router (middleware, use case, template) without the network.
async fn page_ms(router: &axum::Router, path: &str, cookie: &str) -> Result<f64> {
    use tower::ServiceExt;
    let req = axum::http::Request::get(path).header("cookie", cookie).body(axum::body::Body::empty())?;
    let t = std::time::Instant::now();
    let resp = router.clone().oneshot(req).await?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    if !resp.status().is_success() {
        bail!("GET {path} answered {}", resp.status());
    }
    Ok(ms)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

async fn bench_numbers(app: &App, count: usize, concurrency: usize) -> Result<()> {
    let backend = match app.db.backend() {
        zs_app::Backend::Sqlite => "sqlite",
        zs_app::Backend::Postgres => "postgres",
    };
    app.load_demo(0, 0).await?;
    let r = app.bench_numbers(count, concurrency).await?;
    println!("{backend}_numbers_allocated: {}", r.allocated);
    println!("{backend}_numbers_distinct: {}", r.distinct);
    println!("{backend}_numbers_gaps: {}", r.gaps);
    println!("{backend}_numbers_rate: {:.0} per s ({concurrency} at a time)", r.allocated as f64 / r.seconds.max(1e-9));
    if r.distinct != r.allocated || r.gaps != 0 {
        bail!("编号有重复或缺号：{} 个中不同的 {} 个，缺号 {} 个", r.allocated, r.distinct, r.gaps);
    }
    Ok(())
}

async fn bench_tracking(app: &App, units: usize, parts: usize) -> Result<()> {
    let backend = match app.db.backend() {
        zs_app::Backend::Sqlite => "sqlite",
        zs_app::Backend::Postgres => "postgres",
    };
    app.load_demo(0, 0).await?;
    let t = std::time::Instant::now();
    let made = app.seed_tracking_bench(units, parts).await?;
    println!("{backend}_seed: {made} parts in {:.1} s", t.elapsed().as_secs_f64());
    let t = std::time::Instant::now();
    let first = app.sweep_reminders().await?;
    println!(
        "{backend}_sweep_first: {:.0} ms ({} parts, {} reminders)",
        t.elapsed().as_secs_f64() * 1000.0,
        first.scanned,
        first.reminders
    );
    let t = std::time::Instant::now();
    let again = app.sweep_reminders().await?;
    println!(
        "{backend}_sweep_steady: {:.0} ms ({} parts, {} reminders)",
        t.elapsed().as_secs_f64() * 1000.0,
        again.scanned,
        again.reminders
    );
    let s = app.sign_in("ducha", zs_app::demo::DEMO_PASSWORD, "127.0.0.1", "bench").await?;
    let cookie = format!("zs_session={}", s.token);
    let router = zs_web::router(app.clone());
    for (name, path) in
        [("stats_page", "/tracking/stats"), ("board_page", "/tracking/board"), ("list_page", "/tracking")]
    {
        page_ms(&router, path, &cookie).await?; // warm the statement cache
        let mut v = Vec::new();
        for _ in 0..9 {
            v.push(page_ms(&router, path, &cookie).await?);
        }
        println!("{backend}_{name}: {:.1} ms (median of 9)", median(v));
    }
    Ok(())
}

/// `zhongshu archive check`: one line per failing 件 (or every 件), then the summary; exit 1 on a failure.
async fn archive_check(app: &App, year: Option<i32>, all: bool) -> Result<()> {
    let report = app.archive_check_console(year).await?;
    for i in &report.items {
        if !all && i.problems.is_empty() {
            continue;
        }
        let marks: Vec<String> = zs_app::archive::Property::ALL
            .iter()
            .map(|p| format!("{}{}", p.label(), if i.passed(*p) { "✓" } else { "✗" }))
            .collect();
        let problems: Vec<String> = i.problems.iter().map(|(p, m)| format!("{}：{m}", p.label())).collect();
        println!("{} {} {} {}", i.archival_code, marks.join(" "), i.title, problems.join("；"));
    }
    for g in &report.gaps {
        println!("件号：{g}");
    }
    if let Some(f) = &report.chain_fault {
        println!("审计链被破坏：{f}");
    }
    println!("{}（用时 {:.1} 秒）", report.summary(), report.elapsed_ms as f64 / 1000.0);
    if report.failed().next().is_some() {
        std::process::exit(1);
    }
    Ok(())
}

/// A one-line progress bar on stderr: `[#####     ] 50% 500/1000`.
fn progress_bar(label: &str, done: i64, total: i64) {
    use std::io::Write;
    let total = total.max(1);
    let filled = (done.min(total) * 30 / total) as usize;
    eprint!(
        "\r{label} [{}{}] {:>3}% {done}/{total}",
        "#".repeat(filled),
        " ".repeat(30 - filled),
        done.min(total) * 100 / total
    );
    let _ = std::io::stderr().flush();
}

async fn reindex(app: &App) -> Result<()> {
    let t = std::time::Instant::now();
    let n = app.reindex_all(|done, total| progress_bar("重建检索索引", done, total)).await?;
    eprintln!();
    println!("已重建检索索引：{n} 条记录，用时 {:.1} 秒。", t.elapsed().as_secs_f64());
    Ok(())
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

async fn bench_search(app: &App, docs: usize, items: usize, queries: usize) -> Result<()> {
    let backend = match app.db.backend() {
        zs_app::Backend::Sqlite => "sqlite",
        zs_app::Backend::Postgres => "postgres",
    };
    app.load_demo(0, 0).await?;
    let t = std::time::Instant::now();
    let made = app.seed_search_bench(docs, |d, n| progress_bar("生成公文", d as i64, n as i64)).await?;
    eprintln!();
    println!("{backend}_seed_docs: {made} docs in {:.1} s", t.elapsed().as_secs_f64());
    println!("{backend}_index_rate: {:.0} docs/s", app.bench_index_rate(20_000).await?);
    // The 20,000 entries just indexed and taken out again leave dead rows, which autovacuum clears in a
    // running database (migration 0012 has it do so for the index after 1% of it changed).
    app.db.analyze().await?;
    // Users of every kind of access: organ-wide (文书, 主任, 联络员) and need-to-know only (起草, 领导).
    let users = ["wenshu", "zhuren", "mishu", "xianzhang", "xz01", "bm01", "dangan", "ducha"];
    let mut people = Vec::new();
    for u in users {
        let s = app.sign_in(u, zs_app::demo::DEMO_PASSWORD, "127.0.0.1", "bench").await?;
        people.push(app.session_principal(&s.token, "127.0.0.1").await?);
    }
    let words = [
        "会议",
        "督办",
        "安全生产",
        "乡村振兴 项目",
        "森林防火",
        "财政",
        "\"倒排工期\"",
        "审计 整改",
        "通知",
        "值班",
        "食品安全",
        "学校",
    ];
    let run =
        |i: usize| zs_app::search::SearchInput { q: words[i % words.len()].to_string(), page: 1, ..Default::default() };
    for (i, p) in people.iter().enumerate() {
        app.search(p, &run(i)).await?; // warm caches and statements
    }
    let mut times = Vec::new();
    let mut found = 0usize;
    let mut slowest = (0.0, 0, 0);
    for i in 0..queries {
        let who = (i / words.len() + i) % people.len();
        let t = std::time::Instant::now();
        let r = app.search(&people[who], &run(i)).await?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        if ms > 20.0 {
            eprintln!("slow query: {ms:.1} ms, {} searching {}", users[who], words[i % words.len()]);
        }
        if ms > slowest.0 {
            slowest = (ms, who, i % words.len());
        }
        found += r.hits.len();
    }
    println!("{backend}_query_p50: {:.1} ms ({queries} queries, {found} hits)", percentile(times.clone(), 0.5));
    println!("{backend}_query_p95: {:.1} ms", percentile(times, 0.95));
    println!("{backend}_query_max: {:.1} ms ({} searching {})", slowest.0, users[slowest.1], words[slowest.2]);
    let mut like = Vec::new();
    for i in 0..6 {
        let p = &people[i % people.len()];
        let t = std::time::Instant::now();
        app.like_scan(p, &words[i % 6].replace('"', "")).await?;
        like.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "{backend}_like_scan_p50: {:.1} ms (plain LIKE over the same rows, 6 queries)",
        percentile(like.clone(), 0.5)
    );
    println!("{backend}_like_scan_max: {:.1} ms", percentile(like, 1.0));
    // 四性检测 on filed 件 with real archival PDFs.
    let sample = app.bench_archival_pdf().await?;
    let t = std::time::Instant::now();
    let made = app.seed_archive_bench(items, &sample.0, sample.1).await?;
    println!("{backend}_seed_items: {made} items in {:.1} s", t.elapsed().as_secs_f64());
    let report = app.archive_check_console(None).await?;
    println!(
        "{backend}_four_properties_check: {:.1} s ({} items, {} failed)",
        report.elapsed_ms as f64 / 1000.0,
        report.items.len(),
        report.failed().count()
    );
    Ok(())
}

/// The burden page over a year: `units` towns receiving `deliveries` documents and asked to
/// `meetings` meetings (ten units each), with 20,000 tracked-item parts and 40,000 reports.
async fn bench_meetings(app: &App, units: usize, deliveries: usize, meetings: usize) -> Result<()> {
    let backend = match app.db.backend() {
        zs_app::Backend::Sqlite => "sqlite",
        zs_app::Backend::Postgres => "postgres",
    };
    app.load_demo(0, 0).await?;
    let year = app.burden_year();
    let t = std::time::Instant::now();
    let seeded = app.seed_burden_bench(year, units, deliveries, meetings).await?;
    println!(
        "{backend}_burden_seed: {:.1} s ({} deliveries, {} meetings, {} parts, {} reports)",
        t.elapsed().as_secs_f64(),
        seeded.deliveries,
        seeded.meetings,
        seeded.parts,
        seeded.reports
    );
    let s = app.sign_in("zhuren", zs_app::demo::DEMO_PASSWORD, "127.0.0.1", "bench").await?;
    let cookie = format!("zs_session={}", s.token);
    let router = zs_web::router(app.clone());
    let one = app.unit_tree().await?.into_iter().find(|n| n.unit.name.starts_with("压测单位")).map(|n| n.unit.id);
    let mut pages = vec![("burden_page", format!("/burden?year={year}"))];
    if let Some(u) = one {
        pages.push(("burden_unit_page", format!("/burden?year={year}&unit={u}")));
    }
    for (name, path) in pages {
        page_ms(&router, &path, &cookie).await?; // warm the statement cache
        let mut v = Vec::new();
        for _ in 0..9 {
            v.push(page_ms(&router, &path, &cookie).await?);
        }
        println!("{backend}_{name}: {:.1} ms (median of 9)", median(v));
    }
    Ok(())
}

/// 办事: a year of `items` information items from `units` units, then the score table's server time (the page
/// and the API, through the whole router) and the .xlsx export.
async fn bench_affairs(app: &App, units: usize, items: usize) -> Result<()> {
    use chrono::Datelike;
    let backend = match app.db.backend() {
        zs_app::Backend::Sqlite => "sqlite",
        zs_app::Backend::Postgres => "postgres",
    };
    app.load_demo(0, 0).await?;
    let t = std::time::Instant::now();
    let made = app.seed_affairs_bench(units, items).await?;
    println!("{backend}_affairs_seed: {made} items in {:.1} s", t.elapsed().as_secs_f64());
    let s = app.sign_in("xinxi", zs_app::demo::DEMO_PASSWORD, "127.0.0.1", "bench").await?;
    let cookie = format!("zs_session={}", s.token);
    let router = zs_web::router(app.clone());
    let year = app.today().year();
    for (name, path) in [
        ("score_table_page", format!("/affairs/scores?year={year}")),
        ("score_table_api", format!("/api/v1/affairs/scores?year={year}")),
        ("score_table_quarter_page", format!("/affairs/scores?year={year}&quarter=4")),
    ] {
        page_ms(&router, &path, &cookie).await?; // warm the statement cache
        let mut v = Vec::new();
        for _ in 0..9 {
            v.push(page_ms(&router, &path, &cookie).await?);
        }
        println!("{backend}_{name}: {:.1} ms (median of 9)", median(v));
    }
    let t = std::time::Instant::now();
    let xinxi = app.session_principal(&s.token, "127.0.0.1").await?;
    let xlsx = app.export_scores(&xinxi, zs_domain::affairs::info::Period::Year(year)).await?;
    println!("{backend}_score_table_xlsx: {:.1} ms ({} bytes)", t.elapsed().as_secs_f64() * 1000.0, xlsx.len());
    Ok(())
}

/// The largest input `proof` and `outline` read: a document is far smaller; past this it is not one document
/// but a dump (a 200 MB file is refused from its size, without being read).
const INPUT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Reads one input for `proof` or `outline`: a path or `-` for stdin; a .docx (recognised by its bytes,
/// whatever the file is called) or UTF-8 text. The error is a Chinese sentence saying what to do.
fn read_input(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;
    let name = path.display();
    let too_big = |size: u64| {
        format!(
            "{name} 有 {:.0} MB，超过上限 {} MB；请拆分成若干文件后再处理",
            size as f64 / (1024.0 * 1024.0),
            INPUT_MAX_BYTES / (1024 * 1024)
        )
    };
    let io_error = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => format!("找不到文件 {name}"),
        std::io::ErrorKind::PermissionDenied => format!("没有权限读取 {name}"),
        _ => format!("无法读取 {name}：{e}"),
    };
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().take(INPUT_MAX_BYTES + 1).read_to_end(&mut bytes).map_err(io_error)?;
    } else {
        let file = std::fs::File::open(path).map_err(io_error)?;
        match file.metadata() {
            Ok(m) if m.is_dir() => return Err(format!("{name} 是目录，不是文件")),
            Ok(m) if m.len() > INPUT_MAX_BYTES => return Err(too_big(m.len())),
            _ => {}
        }
        file.take(INPUT_MAX_BYTES + 1).read_to_end(&mut bytes).map_err(io_error)?;
    }
    if bytes.len() as u64 > INPUT_MAX_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    zs_office::text_of(&bytes).map_err(|e| format!("{name}：{e}"))
}

/// `zhongshu proof`: 0 when no error-severity finding, 1 when there is one, 2 when an input could not be read.
fn proof(files: &[PathBuf], json: bool) -> i32 {
    let checker = zs_proof::Proofreader::builtin();
    let (mut errors, mut bad_input) = (false, false);
    for path in files {
        let name = if path.as_os_str() == "-" { "-".to_string() } else { path.display().to_string() };
        let text = match read_input(path) {
            Ok(t) => t,
            Err(msg) => {
                eprintln!("错误：{msg}");
                bad_input = true;
                continue;
            }
        };
        let findings = checker.check(&text);
        errors |= findings.iter().any(|f| f.severity == zs_proof::Severity::Error);
        if json {
            // Built by hand so the finding fields keep their documented order.
            let file = serde_json::Value::String(name);
            let list = serde_json::to_string(&findings).unwrap_or_else(|_| "[]".to_string());
            println!("{{\"file\":{file},\"findings\":{list}}}");
        } else {
            print!("{}", render_findings(&name, &text, &findings));
        }
    }
    if bad_input {
        2
    } else {
        i32::from(errors)
    }
}

/// Compiler-style text: `path:line:column: 错误[rule]: message`, the line, a `^^^` underline, then suggestions.
fn render_findings(name: &str, text: &str, findings: &[zs_proof::Finding]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for f in findings {
        let line_start = text[..f.start_byte].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[f.start_byte..].find('\n').map_or(text.len(), |i| f.start_byte + i);
        let line = text[line_start..line_end].trim_end_matches('\r');
        let pad: usize = text[line_start..f.start_byte].chars().map(zs_proof::display_width).sum();
        let end = f.end_byte.min(line_start + line.len()).max(f.start_byte);
        let width: usize = text[f.start_byte..end].chars().map(zs_proof::display_width).sum::<usize>().max(1);
        let _ = writeln!(out, "{name}:{}:{}: {}[{}]: {}", f.line, f.column, f.severity.label(), f.rule, f.message);
        let _ = writeln!(out, "  {line}");
        let _ = writeln!(out, "  {}{}", " ".repeat(pad), "^".repeat(width));
        if !f.suggestions.is_empty() {
            // An empty suggestion means: delete the flagged text.
            let shown: Vec<&str> =
                f.suggestions.iter().map(|s| if s.is_empty() { "（删除）" } else { s.as_str() }).collect();
            let _ = writeln!(out, "  建议：{}", shown.join(" 或 "));
        }
    }
    out
}

/// `zhongshu outline`: 0 with an outline printed, 1 when none was recognised, 2 when the input could not be read.
fn outline(path: &std::path::Path, json: bool) -> i32 {
    let text = match read_input(path) {
        Ok(t) => t,
        Err(msg) => {
            eprintln!("错误：{msg}");
            return 2;
        }
    };
    let found = match zs_office::outline(&text) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    if json {
        match serde_json::to_string(&found) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("错误：无法输出 JSON：{e}");
                return 2;
            }
        }
    } else {
        fn walk(points: &[zs_office::Point], out: &mut String) {
            for p in points {
                let indent = "  ".repeat(usize::from(p.level.saturating_sub(1)));
                out.push_str(&format!("{indent}{}{}\n", p.number, p.title));
                for r in &p.requirements {
                    out.push_str(&format!("{indent}  · {r}\n"));
                }
                walk(&p.points, out);
            }
        }
        let mut out = String::new();
        walk(&found.points, &mut out);
        print!("{out}");
    }
    0
}
