//! `verify` seen from outside: the real binary runs real small scripts (sh) in a throw-away
//! home, and the tests look at what it prints, how it exits and what lands in the progress file.
//! Most need `sh`, so they are Unix-only (`#[cfg(unix)]`); Windows's runner is tried under Wine
//! in tests/windows.rs where that is set up.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A small roadmap: tasks 1, 2 and 5 in two levels, languages rust and zig.
const MINI: &str = r#"{
  "id": "mini",
  "title": {"en": "Mini"},
  "tracks": [{"id": "rust", "name": "Rust"}, {"id": "zig", "name": "Zig"}],
  "levels": [
    {"id": "one", "name": "One", "tasks": [
      {"id": 1, "text": {"en": "Say hello", "es": "Saludar"}},
      {"id": 2, "text": {"en": "Count to ten", "es": "Contar hasta diez"}}
    ]},
    {"id": "two", "name": "Two", "tasks": [
      {"id": 5, "text": {"en": "Sort a list", "es": "Ordenar una lista"}}
    ]}
  ]
}"#;

struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let sb = Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        fs::create_dir_all(sb.code()).unwrap();
        fs::write(sb.path().join("mini.json"), MINI).unwrap();
        sb
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The folder the tests run in (`dir = "code"`, relative to the config file).
    fn code(&self) -> PathBuf {
        self.path().join("code")
    }

    fn data(&self) -> PathBuf {
        self.path().join("progress.json")
    }

    /// Writes `config.toml` with `[tracks.rust]` running `verify`.
    fn config(&self, verify: &str, extra: &str) {
        let text = format!(
            "[tracks.rust]\nverify = {}\ndir = \"code\"\n{extra}",
            toml_string(verify)
        );
        fs::write(self.path().join("config.toml"), text).unwrap();
    }

    /// Writes a script into the code folder (for sh: the tests that use it are Unix-only).
    #[cfg(unix)]
    fn script(&self, name: &str, text: &str) {
        fs::write(self.code().join(name), text).unwrap();
    }

    /// roadmap-tui with `args`, in the sandbox: its home, config, roadmap and data file, English.
    fn std_cmd(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("roadmap-tui"));
        cmd.env("HOME", self.path())
            .env("XDG_DATA_HOME", self.path().join("xdg"))
            .env("XDG_STATE_HOME", self.path().join("state"))
            .env_remove("ROADMAP_TUI_DATA")
            .env_remove("ROADMAP_TUI_CONFIG")
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .current_dir(self.path())
            .arg("--config")
            .arg(self.path().join("config.toml"))
            .arg("--roadmap")
            .arg(self.path().join("mini.json"))
            .arg("--data")
            .arg(self.data())
            .args(args);
        cmd
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::from_std(self.std_cmd(args));
        cmd.timeout(Duration::from_secs(60));
        cmd
    }

    /// Starts roadmap-tui with `args`, its output piped, without waiting: for a test that
    /// interrupts it.
    #[cfg(unix)]
    fn spawn(&self, args: &[&str]) -> std::process::Child {
        self.std_cmd(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start roadmap-tui")
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.cmd(args).output().expect("run roadmap-tui")
    }

    fn cell(&self, task: &str, track: &str) -> Value {
        let text = fs::read_to_string(self.data()).unwrap_or_else(|_| "{}".into());
        let json: Value = serde_json::from_str(&text).expect("the progress file is JSON");
        json["tasks"][task][track].clone()
    }
}

/// Waits up to 20 s for `path` to exist (a script says it started by making it).
#[cfg(unix)]
fn wait_for_file(path: &Path) {
    for _ in 0..400 {
        if path.exists() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs git in `dir`; false when git is not there.
#[cfg(unix)]
fn git(dir: &Path, args: &[&str]) -> bool {
    std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .is_ok_and(|o| o.status.success())
}

// sh scripts run the tests: Unix-only.
#[cfg(unix)]
#[test]
fn a_passing_command_marks_the_cell_done_with_its_evidence() {
    let sb = Sandbox::new();
    sb.script("pass.sh", "echo \"ok task $1 of $2 in $3\"\n");
    sb.config("sh pass.sh {task} {track} {level}", "");
    let in_repo = git(&sb.code(), &["init", "-q"])
        && git(&sb.code(), &["add", "."])
        && git(&sb.code(), &["commit", "-q", "-m", "tests"]);
    let out = sb.run(&["verify", "2", "-t", "rust"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The command is shown before it runs; the output goes through.
    assert!(
        text(&out.stderr).contains("$ sh pass.sh 2 rust one"),
        "{}",
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    assert!(stdout.contains("ok task 2 of rust in one"), "{stdout}");
    assert!(stdout.contains("done, verified"), "{stdout}");
    let cell = sb.cell("2", "rust");
    assert_eq!(cell["status"], "done");
    let v = &cell["verified"];
    assert_eq!(v["command"], "sh pass.sh 2 rust one");
    assert_eq!(v["status"], 0);
    assert!(v["ms"].is_u64(), "{cell}");
    assert_eq!(v["stamp"], cell["changed_at"]);
    assert!(v["at"].as_str().is_some_and(|s| s.ends_with('Z')), "{cell}");
    if in_repo {
        let head = std::process::Command::new("git")
            .args(["rev-parse", "HEAD"])
            .current_dir(sb.code())
            .output()
            .unwrap();
        assert_eq!(v["commit"], text(&head.stdout).trim());
    } else {
        eprintln!("git is not available: the commit of the evidence is not checked");
    }
    // stats counts it as verified.
    let stats = sb.run(&["stats", "--json"]);
    let json: Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(json["verified"], 1, "{json}");
    assert_eq!(json["tracks"][0]["verified"], 1, "{json}");
    let table = text(&sb.run(&["stats"]).stdout);
    assert!(
        table.contains("Verified by their tests: 1 (Rust 1)"),
        "{table}"
    );
}

#[cfg(unix)]
#[test]
fn a_failing_command_leaves_the_state_and_keeps_the_tail() {
    let sb = Sandbox::new();
    sb.script(
        "fail.sh",
        "i=0; while [ $i -lt 30 ]; do i=$((i+1)); echo \"line $i\"; done; echo 'assert failed' >&2; exit 3\n",
    );
    sb.config("sh fail.sh", "");
    let start = sb.run(&["start", "1", "-t", "rust"]);
    assert!(start.status.success());
    let before = sb.cell("1", "rust");
    let out = sb.run(&["verify", "1", "-t", "rust"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("line 30"));
    assert!(text(&out.stdout).contains("assert failed"));
    assert!(
        text(&out.stderr).contains("exit status 3"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("unchanged"),
        "{}",
        text(&out.stderr)
    );
    let after = sb.cell("1", "rust");
    assert_eq!(after["status"], "in_progress");
    assert_eq!(after["changed_at"], before["changed_at"]);
    assert!(after.get("verified").is_none());
    let failed = &after["verify_failed"];
    assert_eq!(failed["status"], 3);
    let tail: Vec<&str> = failed["tail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(tail.len(), 20, "{tail:?}");
    assert!(tail.contains(&"assert failed"), "{tail:?}");
    assert!(tail.contains(&"line 30"), "{tail:?}");
    assert!(!tail.contains(&"line 1"), "{tail:?}");
}

/// Whether process `pid` is still there (a zombie waiting to be reaped counts as gone). Linux
/// only: it reads /proc, which tells a zombie apart.
#[cfg(target_os = "linux")]
fn alive(pid: &str) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

/// Whether process `pid` is gone within 5 s (a killed process's reaping may take a moment).
#[cfg(target_os = "linux")]
fn gone_soon(pid: &str) -> bool {
    (0..100).any(|_| {
        let gone = !alive(pid);
        if !gone {
            std::thread::sleep(Duration::from_millis(50));
        }
        gone
    })
}

/// Sends Ctrl-C's signal (SIGINT) to `child`, as a terminal would.
#[cfg(unix)]
fn interrupt(child: &std::process::Child) {
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

// Linux only: the grandchild is looked for in /proc (see `alive`).
#[cfg(target_os = "linux")]
#[test]
fn a_time_out_kills_the_whole_process_group() {
    let sb = Sandbox::new();
    // The command starts a grandchild that would sleep for five minutes, and waits for it.
    sb.script(
        "slow.sh",
        "sleep 300 &\necho $! > grandchild.pid\necho started\nwait\n",
    );
    sb.config("sh slow.sh", "timeout = 1\n");
    let out = sb.run(&["verify", "1", "-t", "rust"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("timed out after 1 s"),
        "{}",
        text(&out.stderr)
    );
    let pid = fs::read_to_string(sb.code().join("grandchild.pid")).unwrap();
    let pid = pid.trim();
    // Killed with SIGKILL already; its reaping by init may take a moment.
    assert!(gone_soon(pid), "the grandchild {pid} still runs");
    let cell = sb.cell("1", "rust");
    assert_eq!(cell["verify_failed"]["timed_out"], true);
    assert!(cell.get("status").is_none(), "{cell}");
}

#[cfg(unix)]
#[test]
fn all_with_a_mix_gives_the_summary_and_the_exit_code() {
    let sb = Sandbox::new();
    // Task 2 fails, 1 and 5 pass.
    sb.script("mix.sh", "echo \"task $1\"; [ \"$1\" != 2 ]\n");
    sb.config("sh mix.sh {task}", "");
    let out = sb.run(&["verify", "--all", "-t", "rust"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let rows: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()) && l.ends_with(" ms"))
        .collect();
    assert_eq!(rows.len(), 3, "{stdout}");
    assert!(
        rows[0].starts_with("1 ") && rows[0].contains("passed"),
        "{stdout}"
    );
    assert!(
        rows[1].starts_with("2 ") && rows[1].contains("failed (exit status 1)"),
        "{stdout}"
    );
    assert!(
        rows[2].starts_with("5 ") && rows[2].contains("passed"),
        "{stdout}"
    );
    assert!(stdout.contains("2 passed of 3, 1 failed"), "{stdout}");
    // Not a terminal: plain progress lines, no bar.
    let stderr = text(&out.stderr);
    assert!(stderr.contains("[2/3] task 2: $ sh mix.sh 2"), "{stderr}");
    assert!(!stderr.contains('\r'), "{stderr:?}");
    assert!(stderr.contains("1 of 3 verifies failed"), "{stderr}");
    assert_eq!(sb.cell("1", "rust")["status"], "done");
    assert!(sb.cell("2", "rust").get("status").is_none());
    assert_eq!(sb.cell("5", "rust")["verified"]["command"], "sh mix.sh 5");
    // A skipped cell is left out.
    let skip = sb.run(&["skip", "2", "-t", "rust"]);
    assert!(skip.status.success(), "{}", text(&skip.stderr));
    let out = sb.run(&["verify", "--all", "-t", "rust"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("2 passed of 2, 0 failed"), "{stdout}");
    assert!(
        !stdout
            .lines()
            .any(|l| l.starts_with("2 ") && l.ends_with(" ms")),
        "{stdout}"
    );
    assert_eq!(sb.cell("2", "rust")["status"], "skip");
    // One level only.
    let out = sb.run(&["verify", "--all", "-t", "rust", "--level", "two"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1 passed of 1, 0 failed"));
    let out = sb.run(&["verify", "1", "-t", "rust", "--level", "two"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--level chooses the tasks of --all"));
    let out = sb.run(&["verify", "--all", "-t", "rust", "--level", "nine"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("the levels are one, two"),
        "{}",
        text(&out.stderr)
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_all_and_keeps_the_results_so_far() {
    let sb = Sandbox::new();
    // Task 1 passes; task 2 says it started, then sleeps.
    sb.script(
        "slow.sh",
        "if [ \"$1\" = 2 ]; then touch started; sleep 300; fi\necho \"task $1\"\n",
    );
    sb.config("sh slow.sh {task}", "");
    let child = sb.spawn(&["verify", "--all", "-t", "rust"]);
    let started = sb.code().join("started");
    wait_for_file(&started);
    assert!(started.exists(), "task 2 never started");
    interrupt(&child);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("1 passed of 1, 0 failed"), "{stdout}");
    assert!(
        text(&out.stderr).contains("stopped after 1 / 3"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(sb.cell("1", "rust")["status"], "done");
    // The cancelled run leaves no trace, and task 5 never ran.
    assert!(sb.cell("2", "rust").is_null(), "{}", sb.cell("2", "rust"));
    assert!(sb.cell("5", "rust").is_null());
}

#[test]
fn a_verify_field_in_the_progress_file_or_the_roadmap_runs_nothing() {
    let sb = Sandbox::new();
    let marker = sb.path().join("pwned");
    let touch = format!("touch {}", marker.display());
    // The config gives rust no command; the progress file and the roadmap try to.
    fs::write(sb.path().join("config.toml"), "[tracks.zig]\ntimeout = 5\n").unwrap();
    let progress = serde_json::json!({
        "version": 3,
        "settings": {"tracks": {"rust": {"verify": touch, "shell": true}}},
        "tasks": {"1": {"rust": {"status": "in_progress", "verify": touch}}},
        "verify": touch,
    });
    fs::write(sb.data(), serde_json::to_string(&progress).unwrap()).unwrap();
    let roadmap = MINI.replace(
        r#"{"id": "rust", "name": "Rust"}"#,
        &format!(
            r#"{{"id": "rust", "name": "Rust", "verify": {}}}"#,
            toml_string(&touch)
        ),
    );
    fs::write(sb.path().join("mini.json"), roadmap).unwrap();
    let out = sb.run(&["verify", "1", "-t", "rust"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("verify = \"…\" under [tracks.rust]"),
        "{stderr}"
    );
    assert!(!marker.exists(), "a command from the progress file ran");
    let out = sb.run(&["verify", "--all", "-t", "rust"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!marker.exists(), "a command from the progress file ran");
    // The field is kept as it was.
    assert_eq!(sb.cell("1", "rust")["verify"], touch.as_str());
}

#[cfg(unix)]
#[test]
fn without_a_shell_nothing_in_the_command_is_interpreted() {
    let sb = Sandbox::new();
    sb.config(
        "echo a;touch pwned $(touch pwned2) `touch pwned3` {task}",
        "",
    );
    let out = sb.run(&["verify", "1", "-t", "rust"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("a;touch pwned $(touch pwned2) `touch pwned3` 1"),
        "{}",
        text(&out.stdout)
    );
    for name in ["pwned", "pwned2", "pwned3"] {
        assert!(!sb.code().join(name).exists(), "{name} was made");
    }
    // With shell = true the shell runs it, the values quoted for it.
    sb.config("echo first {track}; echo second > made", "shell = true\n");
    let out = sb.run(&["verify", "1", "-t", "rust"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("first rust"));
    assert!(sb.code().join("made").exists());
}

#[test]
fn a_track_without_verify_and_a_bad_config_exit_2() {
    let sb = Sandbox::new();
    sb.config("cargo test {task}", "");
    let out = sb.run(&["verify", "1", "-t", "zig"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("no verify command for Zig"), "{stderr}");
    assert!(stderr.contains("[tracks.zig]"), "{stderr}");
    assert!(!sb.data().exists(), "nothing is written");
    // An unknown placeholder, at its line and column.
    sb.config("cargo test {tsak}", "");
    let out = sb.run(&["verify", "1", "-t", "rust"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("config.toml, line 2, column 22"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown placeholder {tsak}"), "{stderr}");
    // A program that is not there is a failure, kept as such.
    sb.config("no-such-program-here {task}", "");
    let out = sb.run(&["verify", "1", "-t", "rust"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("could not start"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        sb.cell("1", "rust")["verify_failed"]["tail"][0]
            .as_str()
            .is_some_and(|l| l.contains("no-such-program-here"))
    );
}

#[test]
fn spanish_messages() {
    let sb = Sandbox::new();
    sb.config("cargo test {task}", "");
    let out = sb.run(&["--locale", "es", "verify", "1", "-t", "zig"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no hay orden de verificación para Zig"));
    let out = sb.run(&[
        "--locale", "es", "verify", "--all", "-t", "rust", "--level", "nueve",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--level \"nueve\" no es un nivel; los niveles son one, two"),
        "{}",
        text(&out.stderr)
    );
}

// Linux only: the grandchild is looked for in /proc (see `alive`).
#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_during_one_verify_kills_its_whole_group_and_records_nothing() {
    let sb = Sandbox::new();
    // The command starts a grandchild that would sleep for five minutes, and waits for it; it
    // runs in a group of its own, so the interrupt reaches only roadmap-tui.
    sb.script(
        "slow.sh",
        "sleep 300 &\necho $! > grandchild.pid\ntouch started\nwait\n",
    );
    sb.config("sh slow.sh", "");
    let child = sb.spawn(&["verify", "1", "-t", "rust"]);
    let started = sb.code().join("started");
    wait_for_file(&started);
    assert!(started.exists(), "the command never started");
    let pid = fs::read_to_string(sb.code().join("grandchild.pid")).unwrap();
    let pid = pid.trim().to_owned();
    assert!(alive(&pid), "the grandchild {pid} is not running yet");
    interrupt(&child);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("verify cancelled"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        gone_soon(&pid),
        "the grandchild {pid} still runs after Ctrl-C"
    );
    assert!(sb.cell("1", "rust").is_null(), "{}", sb.cell("1", "rust"));
}
