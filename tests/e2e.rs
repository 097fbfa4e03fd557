//! End-to-end: the real binary in a pseudo-terminal. Keys go in as bytes, the output is parsed
//! by a terminal emulator, and the tests assert on what the user would see, on the exit status
//! and on what lands on disk. Synchronisation is by polling the parsed screen, never by sleeping.
//!
//! Unix-only: the pseudo-terminal and the signals (TERM, HUP, TSTP, CONT) are Unix's.

#![cfg(unix)]

mod common;

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::pty::{
    self, ENTER_ALT, LEAVE_ALT, MOUSE_OFF, PASTE_OFF, SHOW_CURSOR, Tui, assert_restored, flat,
    rfind,
};
use serde_json::Value;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_roadmap-tui");
const TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(20);

const DOWN: &str = "\x1b[B";
const RIGHT: &str = "\x1b[C";
const SPACE: &str = " ";
const QUIT: &str = "q";

const FIRST_FRAME: &str = "Configurar un servidor local";

/// A terminal that answers the device-attributes query, as terminals do, and no colour query.
const TERMINAL: pty::Options = pty::Options {
    attributes: true,
    background: None,
    timeout: TIMEOUT,
    poll: POLL,
};

/// A home directory and a data file path inside it, both gone when the test ends.
struct Sandbox {
    dir: TempDir,
}

/// Saves the open note of task 1 × python with Ctrl-S, quits, and gives the note on disk.
fn save_the_note_and_quit(tui: &mut Tui, sandbox: &Sandbox) -> Value {
    tui.send("\x13");
    tui.wait_for("the note editor closed", |s| !s.contains("Nota · tarea 1"));
    tui.send(QUIT);
    assert!(tui.wait_exit().success());
    sandbox.read_data()["tasks"]["1"]["python"]["note"].clone()
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn home(&self) -> &Path {
        self.dir.path()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("progress.json")
    }

    fn read_data(&self) -> Value {
        let bytes = std::fs::read(self.data()).expect("the data file exists");
        serde_json::from_slice(&bytes).expect("the data file is valid JSON")
    }

    /// The binary run outside a terminal, as the second instance or a refused start.
    fn command(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env_clear()
            .env("HOME", self.home())
            .env("TERM", "xterm-256color")
            .env("LANG", "es_ES.UTF-8")
            .arg("--data")
            .arg(self.data())
            .stdin(Stdio::null());
        cmd
    }

    /// The app on this sandbox's data file in a new pty of `cols` × `rows`.
    fn tui(&self, cols: u16, rows: u16) -> Tui {
        let data = self.data();
        self.tui_argv(
            cols,
            rows,
            &[BIN.as_ref(), "--data".as_ref(), data.as_ref()],
        )
    }

    /// Runs `argv` as the session leader of a new pty of `cols` × `rows`, answering the
    /// device-attributes query as terminals do, and no colour query.
    fn tui_argv(&self, cols: u16, rows: u16, argv: &[&OsStr]) -> Tui {
        self.tui_with(cols, rows, argv, None)
    }

    /// Like `tui_argv`, and answers the background-colour query (OSC 11) with `background`
    /// (`rgb:RRRR/GGGG/BBBB`) when given.
    fn tui_with(
        &self,
        cols: u16,
        rows: u16,
        argv: &[&OsStr],
        background: Option<&'static str>,
    ) -> Tui {
        let env: [(&str, OsString); 3] = [
            ("HOME", self.home().into()),
            ("TERM", "xterm-256color".into()),
            // The screens' words are checked in Spanish.
            ("LANG", "es_ES.UTF-8".into()),
        ];
        let options = pty::Options {
            background,
            ..TERMINAL
        };
        Tui::spawn(argv, &env, self.home(), cols, rows, options)
    }
}

/// Every cell in the progress file, as (task, track, cell).
fn cells(progress: &Value) -> Vec<(String, String, Value)> {
    let tasks = progress["tasks"]
        .as_object()
        .expect("\"tasks\" is an object");
    tasks
        .iter()
        .flat_map(|(task, tracks)| {
            tracks
                .as_object()
                .expect("a task's cells are an object")
                .iter()
                .map(|(track, cell)| (task.clone(), track.clone(), cell.clone()))
        })
        .collect()
}

/// The file holds exactly one cell, task 2 × Node, done during `[start, end]`.
fn assert_only_task2_node_done(progress: &Value, start: jiff::Timestamp, end: jiff::Timestamp) {
    assert_eq!(progress["version"], 3, "{progress:#}");
    let cell = &progress["tasks"]["2"]["node"];
    assert_eq!(cell["status"], "done", "{progress:#}");
    let done_at = cell["done_at"]
        .as_str()
        .unwrap_or_else(|| panic!("done_at is not a string: {progress:#}"));
    assert!(done_at.ends_with('Z'), "done_at is not UTC: {done_at}");
    let when: jiff::Timestamp = done_at
        .parse()
        .unwrap_or_else(|e| panic!("done_at {done_at:?} is not RFC 3339: {e}"));
    let slack = jiff::SignedDuration::from_secs(2);
    assert!(
        when >= start - slack && when <= end + slack,
        "done_at {when} is outside the test's run {start}..{end}"
    );
    let all = cells(progress);
    assert_eq!(
        all.len(),
        1,
        "more cells than the one checked: {progress:#}"
    );
    let done = all.iter().filter(|(_, _, c)| c["status"] == "done").count();
    assert_eq!(done, 1, "{progress:#}");
}

/// Starts the app, moves to task 2 × Node and checks it; returns once the title counts it.
fn start_and_check_task2_node(sandbox: &Sandbox, cols: u16, rows: u16) -> Tui {
    let mut tui = sandbox.tui(cols, rows);
    tui.wait_for_text(FIRST_FRAME);
    tui.send(DOWN);
    tui.send(RIGHT);
    tui.send(SPACE);
    tui.wait_for_text("1/630");
    tui
}

#[test]
fn first_frame_toggle_quit_at_80x24() {
    let sandbox = Sandbox::new();
    let start = jiff::Timestamp::now();
    let mut tui = sandbox.tui(80, 24);
    let first = tui.wait_for_text(FIRST_FRAME);
    assert!(flat(&first).contains("0/630"), "first frame:\n{first}");
    tui.send(DOWN);
    tui.send(RIGHT);
    tui.send(SPACE);
    tui.wait_for_text("1/630");
    tui.send(QUIT);
    let status = tui.wait_exit();
    let end = jiff::Timestamp::now();

    assert!(status.success(), "exit status {status:?}");
    assert_only_task2_node_done(&sandbox.read_data(), start, end);
    assert_restored(&tui.raw());
}

#[test]
fn detail_pane_beside_the_grid_at_200x50() {
    let sandbox = Sandbox::new();
    let start = jiff::Timestamp::now();
    let mut tui = start_and_check_task2_node(&sandbox, 200, 50);
    let screen = tui.wait_for("the detail pane naming Node as done", |s| {
        !s.contains("guardando…")
            && s.lines()
                .any(|l| l.contains("Node") && l.contains("hecha") && !l.contains("Tarea"))
    });

    let rows: Vec<&str> = screen.lines().collect();
    let title_row = rows
        .iter()
        .position(|l| l.contains("Tarea 2 · Freshman"))
        .unwrap_or_else(|| panic!("no detail pane title; the screen:\n{screen}"));
    // The pane's left edge is the corner its title hangs from; the grid is left of it.
    let title = rows[title_row];
    let corner = title[..title.find("Tarea 2").unwrap()]
        .rfind('┌')
        .expect("the pane has a top-left corner");
    let pane_col = title[..corner].chars().count();
    assert!(pane_col >= 60, "the pane is not beside the grid:\n{screen}");
    let grid_row = rows
        .iter()
        .position(|l| l.contains(FIRST_FRAME))
        .unwrap_or_else(|| panic!("task 1 is not in the grid:\n{screen}"));
    let grid_line: Vec<char> = rows[grid_row].chars().collect();
    assert!(
        grid_line.len() > pane_col && grid_line[pane_col] == '│',
        "task 1's grid row does not run beside the pane:\n{screen}"
    );

    let pane: Vec<String> =
        tui.with_screen(|s| s.rows(pane_col as u16, 200 - pane_col as u16).collect());
    let body = flat(&pane.join("\n").replace('│', " "));
    assert!(
        body.contains("Leer parámetros de consulta (`query params`) y de ruta (`path params`)"),
        "the pane does not hold task 2's whole text: {body}"
    );
    // The pane shows the date part of the stored done_at.
    let stored = sandbox.read_data();
    let done_on = stored["tasks"]["2"]["node"]["done_at"]
        .as_str()
        .and_then(|s| s.get(..10))
        .unwrap_or_else(|| panic!("no done_at saved: {stored:#}"))
        .to_owned();
    let node = pane
        .iter()
        .find(|l| l.contains("Node"))
        .expect("the pane lists Node");
    assert!(
        node.contains("✔ hecha") && node.contains(&done_on),
        "Node line: {node:?}"
    );
    for track in ["Python", "Go", "PHP", "Kotlin", "Java"] {
        let line = pane
            .iter()
            .find(|l| l.contains(&format!("│ {track} ")))
            .unwrap_or_else(|| panic!("the pane lists no {track}: {pane:#?}"));
        assert!(line.contains("pendiente"), "{track} line: {line:?}");
    }

    tui.send(QUIT);
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_only_task2_node_done(&sandbox.read_data(), start, jiff::Timestamp::now());
    assert_restored(&tui.raw());
}

#[test]
fn corrupt_file_is_refused_and_left_untouched() {
    let sandbox = Sandbox::new();
    let corrupt = b"{ \"version\": 1, \"tasks\": [";
    std::fs::write(sandbox.data(), corrupt).unwrap();

    let out = sandbox.command().output().expect("run roadmap-tui");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.contains(&sandbox.data().display().to_string()),
        "the message does not name the file: {stderr}"
    );
    assert!(stderr.contains("line 1"), "no line number: {stderr}");
    assert!(
        !out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b),
        "the terminal was touched: {stderr}"
    );
    assert_eq!(std::fs::read(sandbox.data()).unwrap(), corrupt);
}

/// The cells marked done in the progress file, as (task, track), sorted.
fn done_cells(progress: &Value) -> Vec<(String, String)> {
    let mut done: Vec<(String, String)> = cells(progress)
        .into_iter()
        .filter(|(_, _, c)| c["status"] == "done")
        .map(|(task, track, _)| (task, track))
        .collect();
    done.sort();
    done
}

fn pairs(cells: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = cells
        .iter()
        .map(|(t, k)| (t.to_string(), k.to_string()))
        .collect();
    v.sort();
    v
}

#[test]
fn two_tuis_and_the_cli_share_one_file_and_every_screen_stays_current() {
    let sandbox = Sandbox::new();
    let mut first = sandbox.tui(80, 24);
    first.wait_for_text(FIRST_FRAME);
    let mut second = sandbox.tui(120, 40);
    second.wait_for_text(FIRST_FRAME);

    // The command line writes while both are open: both show it without a key.
    let out = sandbox
        .command()
        .args(["check", "3", "--lang", "go"])
        .output()
        .expect("run roadmap-tui check");
    assert!(
        out.status.success(),
        "check failed beside open TUIs: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    first.wait_for_text("1/630");
    let screen = second.wait_for_text("1/630");
    assert!(
        flat(&screen).contains("1 celda actualizada desde el disco"),
        "no word of the change:\n{screen}"
    );

    // Each TUI checks a cell of its own; the other shows it too.
    first.send(SPACE); // task 1 × Python
    first.wait_for_text("2/630");
    second.wait_for_text("2/630");
    second.send(DOWN);
    second.send(SPACE); // task 2 × Python
    second.wait_for_text("3/630");
    first.wait_for_text("3/630");

    first.send(QUIT);
    assert!(first.wait_exit().success());
    second.send(QUIT);
    assert!(second.wait_exit().success());
    assert_eq!(
        done_cells(&sandbox.read_data()),
        pairs(&[("1", "python"), ("2", "python"), ("3", "go")])
    );
}

#[test]
fn a_change_written_by_another_program_survives_a_toggle_in_the_tui() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.tui(80, 24);
    tui.wait_for_text(FIRST_FRAME);

    // A sync tool brings in task 2 × Go from another machine by renaming a whole new file
    // into place; then an editor writes task 4 × Java in place.
    let other = serde_json::json!({
        "version": 1,
        "tasks": { "2": { "go": { "status": "done", "done_at": "2026-11-20T08:00:00Z" } } }
    });
    let tmp = sandbox.home().join(".incoming.json");
    std::fs::write(&tmp, other.to_string()).unwrap();
    std::fs::rename(&tmp, sandbox.data()).unwrap();
    tui.wait_for_text("1/630");
    let mut edited = other.clone();
    edited["tasks"]["4"] = serde_json::json!({ "java": { "status": "done" } });
    std::fs::write(sandbox.data(), edited.to_string()).unwrap();
    tui.wait_for_text("2/630");

    // Now the TUI checks task 1 × Python: its save merges, nothing is lost.
    tui.send(SPACE);
    tui.wait_for_text("3/630");
    tui.send(QUIT);
    assert!(tui.wait_exit().success());
    assert_eq!(
        done_cells(&sandbox.read_data()),
        pairs(&[("1", "python"), ("2", "go"), ("4", "java")])
    );

    // Deleted and made again from an older copy that lacks two of the marks: the watch still
    // sees it, takes in what the copy adds, and loses none of the marks it lacks.
    let mut tui = sandbox.tui(80, 24);
    tui.wait_for_text("3/630");
    std::fs::remove_file(sandbox.data()).unwrap();
    let mut older = other.clone();
    older["tasks"]["5"] = serde_json::json!({ "go": { "status": "done" } });
    std::fs::write(sandbox.data(), older.to_string()).unwrap();
    tui.wait_for_text("4/630");
    tui.send(QUIT);
    assert!(tui.wait_exit().success());
    assert_eq!(
        done_cells(&sandbox.read_data()),
        pairs(&[("1", "python"), ("2", "go"), ("4", "java"), ("5", "go")])
    );
}

#[test]
fn many_cli_writers_beside_a_tui_all_land_and_the_tui_counts_them() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.tui(80, 24);
    tui.wait_for_text(FIRST_FRAME);
    let tracks = ["node", "go", "php", "kotlin"];
    let writers: Vec<_> = (0..20)
        .map(|i| {
            let task = (i / 4 + 1).to_string();
            sandbox
                .command()
                .args(["check", &task, "--lang", tracks[i % 4]])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start a writer")
        })
        .collect();
    // The TUI checks task 1 × Python while they write.
    tui.send(SPACE);
    for writer in writers {
        let out = writer.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a writer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    tui.wait_for_text("21/630");
    tui.send(QUIT);
    assert!(tui.wait_exit().success());
    assert_eq!(done_cells(&sandbox.read_data()).len(), 21);
}

#[test]
fn a_sync_tools_conflicting_copy_is_named_on_start() {
    let sandbox = Sandbox::new();
    let copy = sandbox
        .home()
        .join("progress.sync-conflict-20261126-101010-ABCDEFG.json");
    std::fs::write(&copy, r#"{"version": 2, "tasks": {}}"#).unwrap();
    let mut tui = sandbox.tui(120, 40);
    let screen = tui.wait_for_text("merge --from");
    assert!(
        flat(&screen).contains("progress.sync-conflict-20261126"),
        "the copy is not named:\n{screen}"
    );
    tui.send(QUIT);
    assert!(tui.wait_exit().success());
}

/// The colour of the first screen cell holding `text`.
fn fg_of(tui: &Tui, text: &str) -> Option<vt100::Color> {
    tui.with_screen(|screen| {
        let (rows, cols) = screen.size();
        let (rows, cols) = (rows.get(), cols.get());
        for row in 0..rows {
            let line: String = (0..cols)
                .map(|c| {
                    screen
                        .cell(row, c)
                        .map_or(" ".to_owned(), |c| c.contents().to_string())
                })
                .collect();
            if let Some(i) = line.find(text) {
                let col = line[..i].chars().count() as u16;
                return screen.cell(row, col).map(|c| c.fgcolor());
            }
        }
        None
    })
}

#[test]
fn a_terminal_with_a_light_background_gets_the_light_theme() {
    let sandbox = Sandbox::new();
    let data = sandbox.data();
    let argv: [&OsStr; 3] = [BIN.as_ref(), "--data".as_ref(), data.as_ref()];
    let mut light = sandbox.tui_with(80, 24, &argv, Some("rgb:ffff/ffff/ffff"));
    light.wait_for_text(FIRST_FRAME);
    // The level header is cyan on dark, a darker blue (index 25) on light.
    light.wait_for("the light theme's level colour", |_| {
        fg_of(&light, "Freshman") == Some(vt100::Color::Idx(25))
    });
    light.send(DOWN);
    light.send(SPACE);
    light.wait_for_text("1/630");
    light.send(QUIT);
    assert!(light.wait_exit().success());

    let mut dark = sandbox.tui_with(80, 24, &argv, Some("rgb:0000/0000/0000"));
    dark.wait_for_text("1/630");
    // Back on task 2 × Python, where the last session left off: check the cell beside it.
    dark.send(RIGHT);
    dark.send(SPACE);
    dark.wait_for_text("2/630");
    assert_eq!(fg_of(&dark, "Freshman"), Some(vt100::Color::Idx(6)));
    dark.send(QUIT);
    assert!(dark.wait_exit().success());
}

/// Starts the app on `dir/progress.json` with `dir` missing, then puts a file where `dir` should
/// be so that saving fails; checks task 2 × Node, sees the failure in the bottom line, and takes
/// the file away again. The change is then only in the app's memory: whatever writes it next is
/// what a test checks.
fn start_with_a_failed_save(sandbox: &Sandbox) -> (Tui, PathBuf) {
    let dir = sandbox.home().join("sub");
    let data = dir.join("progress.json");
    let argv: [&OsStr; 3] = [BIN.as_ref(), "--data".as_ref(), data.as_ref()];
    let mut tui = sandbox.tui_argv(80, 24, &argv);
    tui.wait_for_text(FIRST_FRAME);
    std::fs::write(&dir, "a file where the folder should be").unwrap();
    tui.send(DOWN);
    tui.send(RIGHT);
    tui.send(SPACE);
    tui.wait_for("the failed save in the bottom line", |s| {
        flat(s).contains("1/630")
            && s.lines()
                .last()
                .is_some_and(|l| l.contains("could not save"))
    });
    std::fs::remove_file(&dir).unwrap();
    assert!(!data.exists());
    (tui, data)
}

fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).expect("the data file exists");
    serde_json::from_slice(&bytes).expect("the data file is valid JSON")
}

#[test]
fn a_failed_save_shows_in_the_bottom_line_and_the_next_change_saves_both() {
    let sandbox = Sandbox::new();
    let start = jiff::Timestamp::now();
    let (mut tui, data) = start_with_a_failed_save(&sandbox);
    tui.send(RIGHT);
    tui.send("i");
    tui.wait_for("the error cleared by a save", |s| {
        !s.contains("could not save")
            && !s.contains("guardando…")
            && s.lines().any(|l| l.contains("▶2") && l.contains('◐'))
    });
    let saved = read_json(&data);
    assert_eq!(saved["tasks"]["2"]["node"]["status"], "done", "{saved:#}");
    assert_eq!(
        saved["tasks"]["2"]["go"]["status"], "in_progress",
        "{saved:#}"
    );
    tui.send(QUIT);
    assert!(tui.wait_exit().success());
    assert_restored(&tui.raw());
    let end = jiff::Timestamp::now();
    let done_at: jiff::Timestamp = saved["tasks"]["2"]["node"]["done_at"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("done_at");
    assert!(done_at >= start - jiff::SignedDuration::from_secs(2) && done_at <= end);
}

/// SIGTERM: the app restores the terminal and writes what an earlier save could not.
#[test]
fn sigterm_restores_and_saves_what_a_failed_save_left() {
    let sandbox = Sandbox::new();
    let start = jiff::Timestamp::now();
    let (mut tui, data) = start_with_a_failed_save(&sandbox);

    tui.signal(libc::SIGTERM);
    let status = tui.wait_exit();

    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui.raw());
    assert_only_task2_node_done(&read_json(&data), start, jiff::Timestamp::now());
}

/// SIGHUP (the terminal closed): the app writes what an earlier save could not.
#[test]
fn sighup_closing_the_terminal_saves_what_a_failed_save_left() {
    let sandbox = Sandbox::new();
    let start = jiff::Timestamp::now();
    let (mut tui, data) = start_with_a_failed_save(&sandbox);

    tui.hang_up();
    tui.wait_exit();

    assert_only_task2_node_done(&read_json(&data), start, jiff::Timestamp::now());
}

#[test]
fn too_small_terminal_says_so_and_quits() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.tui(40, 10);
    let screen = tui.wait_for_text("necesita 60×12");
    assert!(flat(&screen).contains("ahora 40×10"), "screen:\n{screen}");
    assert!(
        !screen.contains(FIRST_FRAME),
        "the grid was drawn:\n{screen}"
    );
    tui.send(QUIT);
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui.raw());
    assert!(!sandbox.data().exists());
}

/// The key the too-small screen names is the one that quits in the keymap in effect.
#[test]
fn too_small_terminal_names_the_quit_key_in_effect() {
    let sandbox = Sandbox::new();
    let config = sandbox.home().join("config.toml");
    std::fs::write(&config, "[keys.grid]\nquit = [\"Q\"]\n").expect("write the config");
    let data = sandbox.data();
    let argv: [&OsStr; 5] = [
        BIN.as_ref(),
        "--data".as_ref(),
        data.as_ref(),
        "--config".as_ref(),
        config.as_ref(),
    ];
    let mut tui = sandbox.tui_argv(40, 10, &argv);
    let screen = tui.wait_for_text("necesita 60×12");
    assert!(flat(&screen).contains("Q sale"), "screen:\n{screen}");
    assert!(!flat(&screen).contains("q sale"), "screen:\n{screen}");
    // q does nothing here now; Q quits.
    tui.send(QUIT);
    tui.wait_idle();
    let screen = tui.screen();
    assert!(
        flat(&screen).contains("necesita 60×12"),
        "q quit:\n{screen}"
    );
    tui.send("Q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui.raw());
}

#[test]
fn nothing_written_without_changes() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.tui(80, 24);
    tui.wait_for_text(FIRST_FRAME);
    tui.send(QUIT);
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui.raw());
    assert!(
        !sandbox.data().exists(),
        "a data file was written without any change"
    );
}

/// Reproduces an app bug. After the hang-up the terminal gives EIO; `ratatui::restore()` reports
/// its failure with `eprintln!`, which panics when stderr (that same terminal) gives EIO; the
/// panic hook restores again, panics again, and the process aborts.
#[test]
fn hangup_ends_without_aborting() {
    let sandbox = Sandbox::new();
    let mut tui = start_and_check_task2_node(&sandbox, 80, 24);

    tui.hang_up();
    let status = tui.wait_exit();

    assert_eq!(status.signal(), None, "exit status {status:?}");
}

/// Reproduces an app bug. When the terminal closes but SIGHUP only reaches the session leader
/// (a wrapper script, `nohup`, `strace`), crossterm reads EOF from stdin in a busy loop: the app
/// never exits and burns a CPU.
#[test]
fn closed_terminal_without_sighup_exits() {
    let sandbox = Sandbox::new();
    let data = sandbox.data();
    // The shell leads the session and takes the SIGHUP; the app, its child, gets none.
    let script = "trap '' HUP; \"$0\" --data \"$1\"; true";
    let argv: [&OsStr; 5] = [
        "/bin/sh".as_ref(),
        "-c".as_ref(),
        script.as_ref(),
        BIN.as_ref(),
        data.as_ref(),
    ];
    let mut tui = sandbox.tui_argv(80, 24, &argv);
    tui.wait_for_text(FIRST_FRAME);

    tui.hang_up();
    tui.wait_exit();
}

#[test]
fn a_remapped_key_drives_the_app_and_shows_in_the_help() {
    let sandbox = Sandbox::new();
    let config = sandbox.home().join("keys.toml");
    std::fs::write(
        &config,
        "[keys.grid]\ntoggle_done = [\"x\"]\nquit = [\"Q\"]\n[theme]\nbase = \"light\"\n",
    )
    .unwrap();
    let data = sandbox.data();
    let argv: [&OsStr; 5] = [
        BIN.as_ref(),
        "--data".as_ref(),
        data.as_ref(),
        "--config".as_ref(),
        config.as_ref(),
    ];
    let mut tui = sandbox.tui_argv(80, 24, &argv);
    // No file yet: the first frame says in one line where the progress will be saved, and how
    // to begin with the keys the config binds.
    let first = tui.wait_for_text(FIRST_FRAME);
    assert!(
        flat(&first).contains("Se guarda en") && flat(&first).contains("· x marcar · ? ayuda"),
        "the first-run line:\n{first}"
    );
    // Esc dismisses it; the hint bar is back. A frame may be read half drawn: wait for the whole
    // of what is checked.
    tui.send("\x1b");
    tui.wait_for("the remapped hints", |s| {
        flat(s).contains("x marcar") && flat(s).contains("Q salir")
    });
    // Space no longer checks; x does.
    tui.send(SPACE);
    tui.send("x");
    tui.wait_for_text("1/630");
    tui.send("?");
    tui.wait_for("the help listing x", |help| {
        help.contains("Teclas")
            && help
                .lines()
                .any(|l| l.contains(" x ") && l.contains("Marcar / desmarcar la celda"))
    });
    tui.send("\x1b");
    tui.wait_for("the help closed", |s| !s.contains("Teclas"));
    // q is unbound in the grid now: the app stays; Q quits.
    tui.send("q");
    tui.send("Q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    let data = sandbox.read_data();
    assert_eq!(data["tasks"]["1"]["python"]["status"], "done", "{data}");
    assert_eq!(cells(&data).len(), 1, "{data}");
    assert_restored(&tui.raw());
}

/// Escape sequences (CSI, OSC ended by BEL and by ST, 8-bit CSI), C1 and C0 controls, DEL, and
/// characters that reorder text.
const CORPUS: &str = "A\u{1b}[2JB\u{1b}]0;pwned\u{7}C\u{1b}]8;;x\u{1b}\\D\u{9b}31mE\u{85}F\
    \u{7f}G\u{202E}H\u{2066}I\u{2069}J\u{200F}K\u{061C}L\u{202A}M\r\u{8}N";

/// Fails if the app's output drives the terminal with anything but its own CSI sequences, or
/// holds a control or a character that reorders text.
fn assert_no_hostile_output(raw: &[u8]) {
    let text = String::from_utf8_lossy(raw);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let code = u32::from(c);
        let context = || {
            text[i.saturating_sub(40)..]
                .chars()
                .take(80)
                .collect::<String>()
        };
        if c == '\u{1b}' {
            // The app's own sequences are all CSI.
            let next = chars.peek().map(|&(_, n)| n);
            assert_eq!(next, Some('['), "ESC not starting a CSI: {:?}", context());
            continue;
        }
        let hostile = (code < 0x20 && !matches!(code, 0x0a | 0x0d))
            || (0x7f..=0x9f).contains(&code)
            || matches!(code, 0x061c | 0x200e | 0x200f | 0x2028..=0x202e | 0x2066..=0x206f);
        assert!(
            !hostile,
            "U+{code:04X} reached the terminal: {:?}",
            context()
        );
    }
}

#[test]
fn hostile_text_in_notes_languages_and_file_names_is_drawn_harmless() {
    let sandbox = Sandbox::new();
    let corpus = serde_json::to_string(CORPUS).unwrap();
    std::fs::write(
        sandbox.data(),
        format!(
            r#"{{"version": 2, "tasks": {{"1": {{"python": {{"status": "in_progress",
               "started_at": "2026-11-20T18:02:11Z", "note": {corpus}}}}}}},
               "settings": {{"tracks": {{"go": {{"name": "G\u001b]0;t\u0007\u202eo\u0085"}}}}}}}}"#
        ),
    )
    .unwrap();
    let copy = sandbox
        .home()
        .join(format!("progress.sync-conflict-{CORPUS}.json"));
    std::fs::write(&copy, r#"{"version": 2, "tasks": {}}"#).unwrap();
    let mut tui = sandbox.tui(120, 40);
    // The note in the detail pane, the conflict copy's name in the bottom line.
    tui.wait_for_text("merge --from");
    tui.wait_for("the note's printable rest", |s| s.contains("]0;pwned"));
    // The note editor draws the note through its own widget.
    tui.send("e");
    tui.wait_for_text("Ctrl-S");
    tui.send("\x1b");
    tui.wait_for("the editor closed", |s| !s.contains("Ctrl-S"));
    // The languages screen lists the added language by name.
    tui.send("T");
    tui.wait_for("the languages screen", |s| {
        s.lines()
            .any(|l| l.contains(" go ") && l.contains("G]0;to"))
    });
    tui.send(QUIT);
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    let raw = tui.raw();
    // Before the alternate screen the app asks the terminal for its colours (OSC 10 and 11).
    let entered = rfind(&raw, ENTER_ALT).expect("the app entered the alternate screen");
    assert_no_hostile_output(&raw[entered..]);
    assert_restored(&raw);
    // The file keeps what was written.
    let data = sandbox.read_data();
    assert!(
        data["tasks"]["1"]["python"]["note"]
            .as_str()
            .is_some_and(|n| n.contains('\u{202E}')),
        "{data}"
    );
}

/// The process's state letter from /proc (`T` is stopped), polled until `want` or the timeout.
fn wait_for_state(pid: u32, want: char) {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("read /proc stat");
        // The state follows the command name, which is in parentheses.
        let state = stat
            .rsplit_once(") ")
            .and_then(|(_, rest)| rest.chars().next())
            .expect("a state in /proc stat");
        if state == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "process {pid} is in state {state}, not {want}"
        );
        std::thread::sleep(POLL);
    }
}

/// Suspends the idle app with `how`, checks it gave the terminal back and stopped, continues it
/// and checks it took the terminal again, redrew and reads keys.
fn suspend_and_resume(how: impl FnOnce(&mut Tui)) {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.tui(80, 24);
    tui.wait_for_text(FIRST_FRAME);
    tui.wait_idle();
    let before = tui.raw().len();
    how(&mut tui);
    wait_for_state(tui.pid(), 'T');
    // The bytes written before stopping may still be on their way to the reader.
    tui.wait_for("the terminal given back", |_| {
        let raw = tui.raw();
        rfind(&raw[before..], SHOW_CURSOR)
            .is_some_and(|shown| rfind(&raw[before..], LEAVE_ALT).is_some_and(|left| shown > left))
    });
    let stopped = tui.raw();
    let after = &stopped[before..];
    let left = rfind(after, LEAVE_ALT).expect("the alternate screen was not left");
    let shown = rfind(after, SHOW_CURSOR).expect("the cursor was not shown");
    assert!(shown > left, "the cursor was hidden again before stopping");
    assert!(
        rfind(after, MOUSE_OFF).is_some() && rfind(after, PASTE_OFF).is_some(),
        "mouse capture or bracketed paste left on: {:?}",
        String::from_utf8_lossy(after)
    );
    assert!(
        !tui.screen().contains(FIRST_FRAME),
        "the grid is still on the screen"
    );

    let before = stopped.len();
    tui.signal(libc::SIGCONT);
    tui.wait_for_bytes(before, "return to the alternate screen", ENTER_ALT);
    tui.wait_for_text(FIRST_FRAME);
    // Keys arrive one by one again (raw mode), without an Enter.
    tui.send(DOWN);
    tui.send(RIGHT);
    tui.send(SPACE);
    tui.wait_for_text("1/630");
    tui.send(QUIT);
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui.raw());
    assert_eq!(sandbox.read_data()["tasks"]["2"]["node"]["status"], "done");
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_fg_takes_it_again() {
    suspend_and_resume(|tui| tui.send("\x1a"));
}

#[test]
fn sigtstp_gives_the_terminal_back_and_sigcont_takes_it_again() {
    suspend_and_resume(|tui| tui.signal(libc::SIGTSTP));
}

#[test]
fn sigcont_after_an_outside_stop_redraws_the_whole_screen() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.tui(80, 24);
    tui.wait_for_text(FIRST_FRAME);
    tui.wait_idle();
    tui.signal(libc::SIGSTOP);
    wait_for_state(tui.pid(), 'T');
    // Something draws over the app's screen while it is stopped.
    tui.draw_over(b"\x1b[2J\x1b[Hscribble");
    let before = tui.raw().len();
    tui.signal(libc::SIGCONT);
    tui.wait_for_bytes(before, "a cleared screen", b"\x1b[2J");
    let screen = tui.wait_for_text(FIRST_FRAME);
    assert!(!screen.contains("scribble"), "not redrawn whole:\n{screen}");
    tui.send(QUIT);
    assert!(tui.wait_exit().success());
    assert_restored(&tui.raw());
}

/// The largest resident set the process has had, in KiB (VmHWM).
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc status")
}

/// A terminal that reports 65535×65535 cells: the app draws its top-left 1000×500 and stays
/// within 128 MiB (the README's bound, about twice what it takes; ratatui would otherwise ask for some 300 GiB and abort).
#[test]
fn a_huge_terminal_is_drawn_in_part_and_quits_cleanly() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.tui(65535, 65535);
    let screen = tui.wait_for_text(FIRST_FRAME);
    assert!(flat(&screen).contains("0/630"), "first frame:\n{screen}");
    tui.send(DOWN);
    tui.send(RIGHT);
    tui.send(SPACE);
    tui.wait_for_text("1/630");
    tui.wait_idle();
    let peak = peak_rss_kib(tui.pid());
    assert!(peak < 128 * 1024, "peak memory {} MiB", peak / 1024);
    // Nothing is drawn past the cap.
    let raw = tui.raw();
    let text = String::from_utf8_lossy(&raw);
    let beyond = text
        .split("\x1b[")
        .filter_map(|seq| seq.split_once('H').map(|(pos, _)| pos))
        .filter_map(|pos| pos.split_once(';'))
        .filter_map(|(row, col)| Some((row.parse::<u32>().ok()?, col.parse::<u32>().ok()?)))
        .find(|&(row, col)| row > 500 || col > 1000);
    assert_eq!(beyond, None, "the cursor was moved past 1000×500");
    tui.send(QUIT);
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui.raw());
    assert_eq!(sandbox.read_data()["tasks"]["2"]["node"]["status"], "done");
    eprintln!("peak memory at 65535×65535: {} MiB", peak / 1024);
}

/// Starts the binary on `sandbox`'s file with `ROADMAP_TUI_TODAY` fixed, in UTC.
fn spawn_on_day(sandbox: &Sandbox, cols: u16, rows: u16, today: &str) -> Tui {
    let data = sandbox.data();
    let day = format!("ROADMAP_TUI_TODAY={today}");
    sandbox.tui_argv(
        cols,
        rows,
        &[
            "/usr/bin/env".as_ref(),
            day.as_ref(),
            "TZ=UTC".as_ref(),
            BIN.as_ref(),
            "--data".as_ref(),
            data.as_ref(),
        ],
    )
}

/// A file with two cells done on 2026-11-24 and one the day before, a review of 12 × Go due
/// since 2026-11-20, 7 × Java in progress since 2026-11-12, and a goal for the whole roadmap.
const KEEP_GOING: &str = r#"{"version": 2,
  "settings": {"goals": {"all": {"date": "2027-06-01"}}},
  "tasks": {
    "1": {"python": {"status": "done", "done_at": "2026-11-24T09:00:00Z", "changed_at": "2026-11-24T09:00:00Z"}},
    "2": {"python": {"status": "done", "done_at": "2026-11-24T10:00:00Z", "changed_at": "2026-11-24T10:00:00Z"}},
    "3": {"python": {"status": "done", "done_at": "2026-11-23T10:00:00Z", "changed_at": "2026-11-23T10:00:00Z"}},
    "7": {"java": {"status": "in_progress", "started_at": "2026-11-12T08:00:00Z", "note": "spring boot\nsecond", "changed_at": "2026-11-12T08:00:00Z"}},
    "12": {"go": {"status": "done", "done_at": "2026-10-25T08:00:00Z", "review_due": "2026-11-20", "changed_at": "2026-10-26T08:00:00Z"}}
  }}"#;

#[test]
fn a_fixed_day_greets_then_reviews_in_progress_and_a_goal_work_at_80x24() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.data(), KEEP_GOING).unwrap();
    let mut tui = spawn_on_day(&sandbox, 80, 24, "2026-11-24");
    tui.wait_for_text("Hoy: 2 celdas hechas hoy · racha de 2 días · ↻ 1 repaso pendiente · meta:");
    // w offers the review due before new work, and r completes it.
    tui.send("w");
    tui.wait_for_text("repaso pendiente: tarea 12 × Go, hecha hace 30 días");
    tui.send("r");
    tui.wait_for_text("Repasada: tarea 12 × Go; próximo repaso 2026-12-01");
    // p lists what is in progress; Enter goes there.
    tui.send("p");
    tui.wait_for_text("empezada hace 12 días spring boot");
    tui.send("\r");
    tui.wait_for("the cursor on task 7", |s| {
        s.lines().any(|l| l.contains("▶7"))
    });
    // g in the overview sets the goal.
    tui.send("o");
    tui.wait_for_text("Metas");
    tui.send("g");
    tui.wait_for_text("Meta para toda la hoja de ruta");
    tui.send("\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f2027-06-30\r");
    tui.wait_for_text("Meta para toda la hoja de ruta: 2027-06-30");
    tui.send(QUIT);
    assert!(tui.wait_exit().success());
    assert_restored(&tui.raw());
    let v = sandbox.read_data();
    assert_eq!(v["tasks"]["12"]["go"]["review_due"], "2026-12-01");
    assert_eq!(v["tasks"]["12"]["go"]["reviews"], 1);
    assert_eq!(v["tasks"]["12"]["go"]["status"], "done");
    assert_eq!(v["settings"]["goals"]["all"]["date"], "2027-06-30");
}

#[test]
fn a_bad_fixed_day_is_refused_before_the_terminal_is_touched() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .command()
        .env("ROADMAP_TUI_TODAY", "someday")
        .output()
        .expect("run roadmap-tui");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ROADMAP_TUI_TODAY=\"someday\""), "{err}");
    assert!(!sandbox.data().exists());
}

#[test]
fn quitting_while_saves_fail_asks_then_saves_a_copy_elsewhere() {
    let sandbox = Sandbox::new();
    // A data path under a regular file cannot be written, even by root.
    let blocker = sandbox.home().join("file.json");
    std::fs::write(&blocker, "not a directory").unwrap();
    let data = blocker.join("progress.json");
    let mut tui = sandbox.tui_argv(80, 24, &[BIN.as_ref(), "--data".as_ref(), data.as_ref()]);
    tui.wait_for_text(FIRST_FRAME);
    tui.send(SPACE);
    tui.wait_for_text("sin guardar");
    tui.send(QUIT);
    let prompt = tui.wait_for_text("Cambios sin guardar");
    assert!(flat(&prompt).contains("file.json"), "{prompt}");
    // Ctrl-U clears the suggested path; then a path that works.
    tui.send("s");
    tui.wait_for_text("Guardar una copia en");
    let copy = sandbox.home().join("copy.json");
    tui.send("\x15");
    tui.send(&copy.display().to_string());
    tui.send("\r");
    let status = tui.wait_exit();
    assert!(!status.success(), "the data file itself was not saved");
    let saved: Value = serde_json::from_slice(&std::fs::read(&copy).expect("the copy exists"))
        .expect("the copy is a progress file");
    assert_eq!(saved["tasks"]["1"]["python"]["status"], "done", "{saved:#}");
    assert_left_saying_unsaved(&tui.raw());
}

/// The terminal was given back, and after it the data file's failed save was reported.
fn assert_left_saying_unsaved(raw: &[u8]) {
    let leave = rfind(raw, LEAVE_ALT).expect("the alternate screen was left");
    let after = String::from_utf8_lossy(&raw[leave..]);
    assert!(after.contains("could not save"), "{after}");
    assert!(rfind(raw, SHOW_CURSOR).is_some());
}

#[test]
fn quitting_while_saves_fail_and_ctrl_c_twice_quits_anyway() {
    let sandbox = Sandbox::new();
    let blocker = sandbox.home().join("file.json");
    std::fs::write(&blocker, "x").unwrap();
    let data = blocker.join("progress.json");
    let mut tui = sandbox.tui_argv(80, 24, &[BIN.as_ref(), "--data".as_ref(), data.as_ref()]);
    tui.wait_for_text(FIRST_FRAME);
    tui.send(SPACE);
    tui.wait_for_text("sin guardar");
    tui.send("\x03");
    tui.wait_for_text("Cambios sin guardar");
    tui.send("\x03");
    let status = tui.wait_exit();
    assert!(!status.success());
    assert_left_saying_unsaved(&tui.raw());
}

#[test]
fn esc_in_a_changed_note_asks_before_the_text_is_lost() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.tui(80, 24);
    tui.wait_for_text(FIRST_FRAME);
    tui.send("e");
    tui.wait_for_text("Nota · tarea 1");
    tui.send("draft text");
    tui.wait_for_text("draft text");
    tui.send("\x1b");
    tui.wait_for_text("Esc otra vez descarta");
    // Ctrl-S still saves what was typed.
    assert_eq!(save_the_note_and_quit(&mut tui, &sandbox), "draft text");
}

#[test]
fn the_next_session_starts_where_the_last_one_left_off_and_a_new_file_at_task_1() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.tui(120, 40);
    tui.wait_for_text(FIRST_FRAME);
    tui.send(SPACE); // a file to come back to
    tui.wait_for_text("1/630");
    for key in [DOWN, DOWN, DOWN, DOWN, RIGHT, RIGHT] {
        tui.send(key);
    }
    tui.send("f"); // not done in Go
    tui.wait_for_text("Freshman · tarea 5");
    tui.send("o");
    tui.wait_for_text("Niveles × lenguajes");
    tui.send(QUIT);
    assert!(tui.wait_exit().success());

    // The same file again: the overview, then the grid on task 5 × Go under the same filter.
    let mut tui = sandbox.tui(120, 40);
    tui.wait_for_text("Niveles × lenguajes");
    tui.send("\x1b");
    let screen = tui.wait_for_text("Freshman · tarea 5");
    assert!(
        flat(&screen).contains("sin hacer en Go"),
        "the filter:\n{screen}"
    );
    tui.send(QUIT);
    assert!(tui.wait_exit().success());

    // A file made anew starts at task 1, on the grid.
    std::fs::remove_file(sandbox.data()).unwrap();
    let mut tui = sandbox.tui(120, 40);
    let screen = tui.wait_for_text(FIRST_FRAME);
    assert!(flat(&screen).contains("Freshman · tarea 1"), "{screen}");
    tui.send(QUIT);
    assert!(tui.wait_exit().success());
}

/// Starts the app, sends the start of a bracketed paste whose end never comes, lets the paste's
/// quiet time pass, then sends `key`: the key still quits and the terminal is restored.
fn an_unended_paste_then(key: &str) {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.tui(80, 24);
    tui.wait_for_text(FIRST_FRAME);
    tui.send("\x1b[200~some text");
    // Nothing on the grid shows a paste: what is waited for is the time after which a paste
    // that has gone quiet counts as ended (a key sent sooner is part of the paste).
    std::thread::sleep(Duration::from_millis(300));
    tui.send(key);
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&tui.raw());
}

#[test]
fn q_quits_after_a_paste_whose_end_never_comes() {
    an_unended_paste_then(QUIT);
}

#[test]
fn ctrl_c_quits_after_a_paste_whose_end_never_comes() {
    an_unended_paste_then("\x03");
}

#[test]
fn a_paste_whose_end_never_comes_lands_in_the_note_and_keys_work_again() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.tui(80, 24);
    tui.wait_for_text(FIRST_FRAME);
    tui.send("e");
    tui.wait_for_text("Nota · tarea 1");
    tui.send("\x1b[200~some text");
    // Shown once the paste has gone quiet and counts as ended, with word that it was cut.
    let screen = tui.wait_for_text("some text");
    assert!(
        flat(&screen).contains("Pegado cortado a 9 caracteres"),
        "{screen}"
    );
    tui.send(" and more");
    tui.wait_for_text("some text and more");
    assert_eq!(
        save_the_note_and_quit(&mut tui, &sandbox),
        "some text and more"
    );
}
