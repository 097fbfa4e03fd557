//! V in the TUI, end to end: the real binary in a pseudo-terminal runs real small sh scripts as
//! a cell's tests. The pane asks before a command's first run, streams the output while the app
//! keeps answering keys and resizes, Esc cancels (the whole process group is killed, the cell
//! unchanged), and a pass marks the cell verified on screen and on disk, undoable with u.
//!
//! Unix-only: the pseudo-terminal, and the scripts run by sh.
#![cfg(unix)]

mod common;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::pty::{self, Tui};
use serde_json::Value;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_roadmap-tui");
const TERMINAL: pty::Options = pty::Options {
    attributes: true,
    background: None,
    timeout: Duration::from_secs(15),
    poll: Duration::from_millis(20),
};

struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    /// A home with `code/script.sh` holding `script`, and a config running it for Python.
    fn new(script: &str) -> Sandbox {
        let sb = Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::create_dir_all(sb.code()).unwrap();
        std::fs::write(sb.code().join("script.sh"), script).unwrap();
        std::fs::write(
            sb.home().join("config.toml"),
            "[tracks.python]\nverify = \"sh script.sh {task}\"\ndir = \"code\"\n",
        )
        .unwrap();
        sb
    }

    fn home(&self) -> &Path {
        self.dir.path()
    }

    fn code(&self) -> PathBuf {
        self.home().join("code")
    }

    fn data(&self) -> PathBuf {
        self.home().join("progress.json")
    }

    fn cell(&self, task: &str, track: &str) -> Value {
        let text = std::fs::read_to_string(self.data()).unwrap_or_else(|_| "{}".into());
        let json: Value = serde_json::from_str(&text).expect("the data file is JSON");
        json["tasks"][task][track].clone()
    }

    fn tui(&self) -> Tui {
        let env: [(&str, OsString); 3] = [
            ("HOME", self.home().into()),
            ("TERM", "xterm-256color".into()),
            ("LANG", "en_US.UTF-8".into()),
        ];
        let config = self.home().join("config.toml");
        let data = self.data();
        let argv: [&std::ffi::OsStr; 5] = [
            BIN.as_ref(),
            "--config".as_ref(),
            config.as_os_str(),
            "--data".as_ref(),
            data.as_os_str(),
        ];
        Tui::spawn(&argv, &env, self.home(), 80, 24, TERMINAL)
    }
}

/// Whether process `pid` is there and not a zombie.
fn alive(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
        // Without /proc (macOS), `kill -0` says whether it is there.
        Err(_) if !Path::new("/proc/self").exists() => std::process::Command::new("kill")
            .args(["-0", pid])
            .status()
            .is_ok_and(|s| s.success()),
        Err(_) => false,
    }
}

#[test]
fn esc_cancels_a_run_killing_its_group_and_leaves_the_cell() {
    let sb =
        Sandbox::new("sleep 300 &\necho $! > grandchild.pid\necho \"started task $1\"\nwait\n");
    let mut tui = sb.tui();
    tui.wait_for_text("Set up a local server");
    tui.send("V");
    let screen = tui.wait_for_text("First run of this command");
    // The exact command, before anything runs.
    assert!(screen.contains("$ sh script.sh 1"), "{screen}");
    assert!(
        !sb.code().join("grandchild.pid").exists(),
        "it ran before Enter"
    );
    tui.send("\r");
    tui.wait_for_text("started task 1");
    tui.wait_for_text("Esc cancels");
    // The app keeps answering while the command runs: a resize redraws the pane.
    tui.resize(100, 30);
    tui.wait_for("the pane redrawn at 100 columns", |s| {
        s.lines()
            .any(|l| l.contains("Verify · task 1 × Python") && l.chars().count() > 90)
    });
    let pid = std::fs::read_to_string(sb.code().join("grandchild.pid")).unwrap();
    let pid = pid.trim().to_owned();
    assert!(alive(&pid), "the grandchild runs while the pane does");
    tui.send("\x1b");
    let screen = tui.wait_for_text("cancelled");
    assert!(screen.contains("the cell is unchanged"), "{screen}");
    let mut gone = false;
    for _ in 0..200 {
        if !alive(&pid) {
            gone = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    assert!(gone, "the grandchild {pid} outlived the cancel");
    tui.send("\x1b");
    tui.wait_for("the pane closed", |s| !s.contains("Verify · task 1"));
    tui.send("q");
    assert!(tui.wait_exit().success());
    // Nothing was recorded: not a pass, not a failure.
    assert!(
        sb.cell("1", "python").is_null(),
        "{}",
        sb.cell("1", "python")
    );
}

#[test]
fn a_pass_marks_the_cell_verified_and_u_undoes_it() {
    let sb = Sandbox::new("echo \"ok $1\"\n");
    let mut tui = sb.tui();
    tui.wait_for_text("Set up a local server");
    tui.send("V");
    tui.wait_for_text("First run of this command");
    tui.send("\r");
    let screen = tui.wait_for_text("the cell is done, verified");
    assert!(screen.contains("ok 1"), "{screen}");
    tui.send("\x1b");
    let screen = tui.wait_for("the pane closed", |s| !s.contains("Verify · task 1"));
    let row = screen
        .lines()
        .find(|l| l.contains("Set up a local server"))
        .unwrap();
    assert!(row.contains('☑'), "{screen}");
    // Saved as it happened.
    for _ in 0..200 {
        if sb.cell("1", "python")["verified"]["command"] == "sh script.sh 1" {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let cell = sb.cell("1", "python");
    assert_eq!(cell["status"], "done", "{cell}");
    assert_eq!(cell["verified"]["command"], "sh script.sh 1");
    // The command was seen in this session: the next V runs at once.
    tui.send("V");
    tui.wait_for_text("the cell is done, verified");
    tui.send("\x1b");
    tui.wait_for("the pane closed", |s| !s.contains("Verify · task 1"));
    tui.send("u");
    tui.send("u");
    tui.wait_for("the cell back to todo", |s| {
        s.lines()
            .find(|l| l.contains("Set up a local server"))
            .is_some_and(|l| !l.contains('☑') && !l.contains('✔'))
    });
    // The language's command was seen: another task's run starts at once, showing its own
    // exact command.
    tui.send("\x1b[B");
    tui.send("V");
    let screen = tui.wait_for_text("the cell is done, verified");
    assert!(screen.contains("$ sh script.sh 2"), "{screen}");
    assert!(!screen.contains("First run of this command"), "{screen}");
    tui.send("\x1b");
    tui.wait_for("the pane closed", |s| !s.contains("Verify · task 2"));
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert_eq!(sb.cell("2", "python")["status"], "done");
    let cell = sb.cell("1", "python");
    assert!(cell.get("status").is_none(), "{cell}");
    assert!(cell.get("verified").is_none(), "{cell}");
}

#[test]
fn verify_all_on_a_terminal_draws_a_progress_bar_then_the_summary() {
    let sb = Sandbox::new("echo \"task $1\"; [ \"$1\" != 3 ]\n");
    std::fs::write(
        sb.home().join("config.toml"),
        "[tracks.python]\nverify = \"sh script.sh {task}\"\ndir = \"code\"\n",
    )
    .unwrap();
    let env: [(&str, OsString); 3] = [
        ("HOME", sb.home().into()),
        ("TERM", "xterm-256color".into()),
        ("LANG", "en_US.UTF-8".into()),
    ];
    let config = sb.home().join("config.toml");
    let data = sb.data();
    let argv: [&std::ffi::OsStr; 11] = [
        BIN.as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        "--data".as_ref(),
        data.as_os_str(),
        "verify".as_ref(),
        "--all".as_ref(),
        "-t".as_ref(),
        "python".as_ref(),
        "--level".as_ref(),
        "1".as_ref(),
    ];
    let mut run = Tui::spawn(&argv, &env, sb.home(), 100, 40, TERMINAL);
    let status = run.wait_exit();
    assert_eq!(status.exit_code(), 1, "task 3 fails");
    let raw = String::from_utf8_lossy(&run.raw()).into_owned();
    // The bar is redrawn in place, with the task under way.
    assert!(
        raw.contains("\r\x1b[2K[--------------------] [1/25] task 1: $ sh script.sh 1"),
        "{raw:?}"
    );
    assert!(
        raw.contains("] [25/25] task 25: $ sh script.sh 25"),
        "{raw:?}"
    );
    let screen = run.screen();
    assert!(screen.contains("24 passed of 25, 1 failed"), "{screen}");
    assert!(
        screen.contains("Task 3 × Python: failed (exit status 1)"),
        "{screen}"
    );
    // Erased once done: no bar is left on the screen.
    assert!(!screen.contains("[####"), "{screen}");
}
