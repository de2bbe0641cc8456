//! The sign-in flow in a real browser: a demo server on a free port, driven by
//! `tests/browser/signin.mjs` (playwright-core + Debian's chromium, both installed by `scripts/setup`).
//! Never skipped: a missing browser or node module fails the test.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const BIN: &str = env!("CARGO_BIN_EXE_zhongshu");

/// Kills the server and removes its data dir (kept when the test failed, for a look).
struct Server {
    child: Child,
    data_dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.data_dir);
        }
    }
}

/// `zhongshu ARG` on its own data dir, away from any database or config file set in the environment.
fn zhongshu(arg: &str, data_dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg(arg).env("ZHONGSHU_DATA_DIR", data_dir).env_remove("ZHONGSHU_DATABASE_URL").env_remove("ZHONGSHU_CONFIG");
    cmd
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// Starts `zhongshu serve` on a free port and returns it with the URL it printed.
fn start_server(data_dir: &Path) -> (Server, String) {
    let mut child = zhongshu("serve", data_dir)
        .env("ZHONGSHU_LISTEN", "127.0.0.1:0")
        .env("ZHONGSHU_TEST_CLOCK", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn zhongshu serve");

    let stderr_buf = Arc::new(Mutex::new(Vec::new()));
    let mut stderr = child.stderr.take().expect("stderr");
    let buf = Arc::clone(&stderr_buf);
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut chunk) {
            if n == 0 {
                break;
            }
            buf.lock().unwrap().extend_from_slice(&chunk[..n]);
        }
    });
    // Lines go to the channel; reading goes on after the URL so the server never blocks on a full pipe.
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let server = Server { child, data_dir: data_dir.to_owned() };

    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = String::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let why = match rx.recv_timeout(left) {
            Ok(line) => {
                if let Some(at) = line.find("http://127.0.0.1:") {
                    let url: String = line[at..].chars().take_while(|c| c.is_ascii_graphic()).collect();
                    return (server, url);
                }
                seen.push_str(&line);
                seen.push('\n');
                continue;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => "printed no http://127.0.0.1: URL within 60 s",
            Err(mpsc::RecvTimeoutError::Disconnected) => "closed its stdout without printing its URL",
        };
        std::thread::sleep(Duration::from_millis(200)); // let the stderr reader catch up
        panic!(
            "zhongshu serve {why}\n--- stdout ---\n{seen}--- stderr ---\n{}",
            String::from_utf8_lossy(&stderr_buf.lock().unwrap())
        );
    }
}

/// Runs `flows` (scripts in tests/browser) one after another against a fresh demo server of their own, so a
/// flow that moves the test clock disturbs no other test. Fails, never skips, without Chromium or playwright.
fn flows_on_own_server(name: &str, flows: &[&str]) {
    let root = workspace_root();
    let chromium = std::env::var("ZHONGSHU_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(Path::new(&chromium).exists(), "no browser at {chromium}: run scripts/setup (it installs chromium)");
    assert!(
        root.join("tests/browser/node_modules/playwright-core").is_dir(),
        "tests/browser/node_modules/playwright-core is missing: run scripts/setup"
    );

    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    let data_dir = std::env::temp_dir().join(format!("zs-browser-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&data_dir).unwrap();

    let demo = zhongshu("demo", &data_dir).output().expect("run zhongshu demo");
    assert!(
        demo.status.success(),
        "zhongshu demo failed ({})\n--- stdout ---\n{}--- stderr ---\n{}",
        demo.status,
        String::from_utf8_lossy(&demo.stdout),
        String::from_utf8_lossy(&demo.stderr)
    );

    let (_server, url) = start_server(&data_dir);
    // Beside the binary, so CARGO_TARGET_DIR is honoured: <target>/browser-screenshots.
    let shots = Path::new(BIN).parent().and_then(Path::parent).expect("target dir").join("browser-screenshots");
    for flow in flows {
        let run = Command::new("node")
            .arg(format!("tests/browser/{flow}"))
            .arg(&url)
            .arg(&shots)
            .current_dir(&root)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run node ({e}): run scripts/setup"));
        let out = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
        println!("{out}");
        assert!(
            run.status.success(),
            "tests/browser/{flow} failed ({}); screenshots in {}\n{out}",
            run.status,
            shots.display()
        );
    }
}

/// Sign-in, one 发文 from 起草 to 核发 and its 收文 to 办结, then 督查督办; they share one demo county.
#[test]
fn main_flows_in_chromium() {
    flows_on_own_server("main", &["signin.mjs", "documents.mjs", "tracking.mjs"]);
}

/// 办事 (信息报送 and 公务接待): `tests/browser/affairs.mjs`.
#[test]
fn affairs_in_chromium() {
    flows_on_own_server("affairs", &["affairs.mjs"]);
}

/// 办会: a room booked, the notice, two 回执, sign-in by the door's code, the 纪要 and two decisions turned
/// into tracked items (`tests/browser/meetings.mjs`).
#[test]
fn meetings_in_chromium() {
    flows_on_own_server("meetings", &["meetings.mjs"]);
}
