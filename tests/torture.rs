//! Torture, at a size CI can afford: kill -9 storms over the command line and over the TUI in a
//! pseudo-terminal, every way out of the TUI, hostile text through every output, and mutated
//! progress files and roadmaps fed to the loaders.
//!
//! The sizes come from the environment so `scripts/torture.sh` can run the same tests at full
//! size against the release build: `ROADMAP_TUI_TORTURE_KILLS` (kills over the command line),
//! `ROADMAP_TUI_TORTURE_TUI_KILLS` (kills over the TUI), `ROADMAP_TUI_TORTURE_MUTANTS` (mutants
//! per loader) and `ROADMAP_TUI_TORTURE_SEED`. Each test prints its figures on stderr, on lines
//! starting with `torture:`.
//!
//! Unix-only: the kills are SIGKILL and the TUI runs in a Unix pseudo-terminal.

#![cfg(unix)]

mod common;
#[path = "torture/corpus.rs"]
mod corpus;
#[path = "torture/mutate.rs"]
mod mutate;
#[path = "torture/rng.rs"]
mod rng;

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngAlgorithm, TestRng, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadmap_tui::app::App;
use roadmap_tui::keymap::Keymap;
use roadmap_tui::model::{Progress, Roadmap, Stats, Status};
use roadmap_tui::state::{self, Store};
use roadmap_tui::ui::{self, theme};
use roadmap_tui::{commands, tui};
use serde_json::{Value, json};
use tempfile::TempDir;

use common::pty::{self, Tui};
use corpus::OSC_TITLE;
use rng::Rng;

const BIN: &str = env!("CARGO_BIN_EXE_roadmap-tui");

/// A terminal that answers no query. The storms start hundreds of sessions: each wait looks
/// often, and gives up late.
const TERMINAL: pty::Options = pty::Options {
    attributes: false,
    background: None,
    timeout: Duration::from_secs(15),
    poll: Duration::from_millis(1),
};

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const RIGHT: &str = "\x1b[C";
const LEFT: &str = "\x1b[D";
const SPACE: &str = " ";

/// How big a run is; small by default, set from the environment for the full-size script.
struct Sizes {
    cli_kills: u64,
    tui_kills: u64,
    mutants: u32,
    seed: u64,
}

impl Sizes {
    fn from_env() -> Sizes {
        let num = |name: &str, default: u64| {
            std::env::var(name)
                .ok()
                .map(|v| {
                    v.trim()
                        .parse()
                        .unwrap_or_else(|_| panic!("{name}={v:?} is not a number"))
                })
                .unwrap_or(default)
        };
        Sizes {
            cli_kills: num("ROADMAP_TUI_TORTURE_KILLS", 300),
            tui_kills: num("ROADMAP_TUI_TORTURE_TUI_KILLS", 100),
            mutants: num("ROADMAP_TUI_TORTURE_MUTANTS", 2000) as u32,
            seed: num("ROADMAP_TUI_TORTURE_SEED", 0x5eed_1234),
        }
    }
}

/// The tracks and tasks of the small roadmap the storms run on: 2 levels × 3 tasks × 2 tracks.
const TRACKS: [(&str, &str); 2] = [("python", "Python"), ("go", "Go")];
const TASKS: [u32; 6] = [1, 2, 3, 4, 5, 6];
const CELLS: usize = TASKS.len() * TRACKS.len();

fn small_roadmap() -> Value {
    let task = |id: u32| json!({"id": id, "text": {"en": format!("Task number {id}")}});
    json!({
        "id": "small",
        "title": {"en": "Small"},
        "tracks": TRACKS.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>(),
        "levels": [
            {"id": "first", "name": "First", "tasks": [task(1), task(2), task(3)]},
            {"id": "second", "name": "Second", "tasks": [task(4), task(5), task(6)]}
        ]
    })
}

type CellKey = (u32, &'static str);
type Cells = BTreeMap<CellKey, Status>;

fn all_todo() -> Cells {
    TASKS
        .iter()
        .flat_map(|&t| TRACKS.iter().map(move |&(id, _)| ((t, id), Status::Todo)))
        .collect()
}

/// A throw-away home: the roadmap, the progress file, the lock and config directories.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new(roadmap: &Value) -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["run", "config", "data"] {
            fs::create_dir(dir.path().join(sub)).expect("sandbox directory");
        }
        let sandbox = Sandbox { dir };
        fs::write(sandbox.roadmap(), roadmap.to_string()).expect("write the roadmap");
        sandbox
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn roadmap(&self) -> PathBuf {
        self.path().join("roadmap.json")
    }

    fn data(&self) -> PathBuf {
        self.path().join("progress.json")
    }

    fn env(&self) -> Vec<(&'static str, OsString)> {
        vec![
            ("HOME", self.path().into()),
            ("XDG_RUNTIME_DIR", self.path().join("run").into()),
            ("XDG_CONFIG_HOME", self.path().join("config").into()),
            ("XDG_DATA_HOME", self.path().join("data").into()),
            ("TERM", "xterm-256color".into()),
            ("LANG", "en_US.UTF-8".into()),
            ("PATH", "/usr/bin:/bin".into()),
        ]
    }

    /// The binary outside a terminal, on this sandbox's roadmap and progress file.
    fn command(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env_clear()
            .envs(self.env())
            .current_dir(self.path())
            .arg("--roadmap")
            .arg(self.roadmap())
            .arg("--data")
            .arg(self.data())
            .stdin(Stdio::null());
        cmd
    }

    /// The TUI in a pseudo-terminal. The theme is given so the app does not ask the terminal
    /// for its colours (this pty answers no query).
    fn tui(&self, cols: u16, rows: u16) -> Tui {
        let argv: Vec<OsString> = vec![
            BIN.into(),
            "--roadmap".into(),
            self.roadmap().into(),
            "--data".into(),
            self.data().into(),
            "--theme".into(),
            "dark".into(),
        ];
        Tui::spawn(&argv, &self.env(), self.path(), cols, rows, TERMINAL)
    }
}

/// The status of every cell of the small roadmap in the file (all todo when there is no file),
/// or why the file cannot be read.
fn statuses(path: &Path) -> Result<Cells, String> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(all_todo()),
        Err(e) => return Err(e.to_string()),
    };
    let progress = state::parse(path, &bytes).map_err(|e| e.to_string())?;
    Ok(all_todo()
        .into_keys()
        .map(|(task, track)| ((task, track), progress.status(task, track)))
        .collect())
}

fn count_done(cells: &Cells) -> usize {
    cells.values().filter(|s| **s == Status::Done).count()
}

/// The done count the title shows ("✔ 3/12 done"), if it shows one.
fn shown_done(screen: &str) -> Option<usize> {
    let tail = format!("/{CELLS} done");
    screen.match_indices("✔ ").find_map(|(i, m)| {
        let rest = &screen[i + m.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        rest[digits.len()..]
            .starts_with(&tail)
            .then(|| digits.parse().ok())
            .flatten()
    })
}

fn wait_count(tui: &Tui, done: usize) {
    tui.wait_for(&format!("the title to count {done} done"), |s| {
        shown_done(s) == Some(done)
    });
}

/// Waits until the title counts `done` and no longer says "saving…" (in either language): the
/// change is on disk.
fn wait_saved(tui: &Tui, done: usize) {
    tui.wait_for(&format!("the title to count {done} done, saved"), |s| {
        shown_done(s) == Some(done) && !s.contains("saving…") && !s.contains("guardando…")
    });
}

/// Whether a process's stderr or exit code says it panicked.
fn panicked(code: Option<i32>, stderr: &str) -> bool {
    code == Some(101) || stderr.contains("panicked")
}

/// Keeps the first few descriptions of a problem, and counts them all.
#[derive(Default)]
struct Problems {
    count: u64,
    shown: Vec<String>,
}

impl Problems {
    fn add(&mut self, text: String) {
        self.count += 1;
        if self.shown.len() < 10 {
            self.shown.push(text);
        }
    }

    fn assert_none(&self, what: &str) {
        assert!(
            self.count == 0,
            "{} {what}; the first ones:\n{}",
            self.count,
            self.shown.join("\n")
        );
    }
}

// ----------------------------------------------------------------------------------------------
// kill -9 over the command line

/// One `check`, `uncheck` or `start`, and how it ended.
struct CliRun {
    cell: CellKey,
    status: Status,
    killed: bool,
    acknowledged: bool,
    code: Option<i32>,
    stderr: String,
    /// What reading the file right after this process was killed gave.
    after_kill: Option<Result<(), String>>,
}

fn run_cli_command(
    sandbox: &Sandbox,
    cell: CellKey,
    status: Status,
    delay: Option<Duration>,
) -> CliRun {
    let (task, track) = cell;
    let verb = match status {
        Status::Done => "check",
        Status::Todo => "uncheck",
        Status::InProgress => "start",
        Status::Skip => "skip",
    };
    let mut child = sandbox
        .command()
        .args([verb, &task.to_string(), "--track", track])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start roadmap-tui");
    if let Some(delay) = delay {
        std::thread::sleep(delay);
        // A process that already ended is not signalled (it is not reaped until `wait`, so
        // its pid cannot have been reused).
        let _ = child.kill();
    }
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .expect("piped stdout")
        .read_to_string(&mut stdout)
        .expect("read stdout");
    child
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    let exit = child.wait().expect("wait for roadmap-tui");
    let killed = exit.signal() == Some(libc::SIGKILL);
    let name = TRACKS
        .iter()
        .find(|(id, _)| *id == track)
        .expect("a track")
        .1;
    let acknowledged = exit.success() && stdout.starts_with(&format!("Task {task} × {name}: "));
    let after_kill = killed.then(|| statuses(&sandbox.data()).map(|_| ()));
    CliRun {
        cell,
        status,
        killed,
        acknowledged,
        code: exit.code(),
        stderr,
        after_kill,
    }
}

/// Many `check`, `uncheck` and `start` processes on one file, four at a time on four different
/// cells, each SIGKILLed 0–5 ms after it starts (one in four is left to finish). After each kill
/// the file must parse. After each wave every acknowledged command (confirmation printed, exit
/// 0) must have its cell in the file, a killed one's cell may hold either value, and every other
/// cell must be as it was.
#[test]
fn cli_kill_storm_loses_no_acknowledged_change() {
    let sizes = Sizes::from_env();
    let sandbox = Sandbox::new(&small_roadmap());
    let mut rng = Rng::new(sizes.seed);
    let mut baseline = all_todo();
    let (mut runs, mut kills, mut parses_ok, mut acknowledged) = (0u64, 0u64, 0u64, 0u64);
    // Killed after its save: the change is on disk though it was never confirmed.
    let mut killed_landed = 0u64;
    let mut lost = Problems::default();
    let mut unparsable = Problems::default();
    let mut panics = Problems::default();
    let mut failed = Problems::default();
    let mut strays = Problems::default();
    let started = Instant::now();
    while kills < sizes.cli_kills && runs < sizes.cli_kills * 20 {
        let mut cells: Vec<CellKey> = baseline.keys().copied().collect();
        let wave: Vec<(CellKey, Status, Option<Duration>)> = (0..4)
            .map(|_| {
                let cell = cells.swap_remove(rng.below(cells.len() as u64) as usize);
                let status = *rng.pick(&[Status::Done, Status::Todo, Status::InProgress]);
                let delay = (!rng.one_in(4)).then(|| Duration::from_micros(rng.below(5001)));
                (cell, status, delay)
            })
            .collect();
        let results: Vec<CliRun> = std::thread::scope(|scope| {
            let handles: Vec<_> = wave
                .iter()
                .map(|&(cell, status, delay)| {
                    let sandbox = &sandbox;
                    scope.spawn(move || run_cli_command(sandbox, cell, status, delay))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a storm thread"))
                .collect()
        });
        for run in &results {
            runs += 1;
            if panicked(run.code, &run.stderr) {
                panics.add(format!("{:?}: {}", run.cell, run.stderr));
            }
            if run.killed {
                kills += 1;
                match &run.after_kill {
                    Some(Ok(())) => parses_ok += 1,
                    Some(Err(e)) => unparsable.add(format!("after a kill: {e}")),
                    None => {}
                }
            } else if run.acknowledged {
                acknowledged += 1;
            } else {
                failed.add(format!(
                    "{:?} → {:?} exited {:?} without confirming: {}",
                    run.cell, run.status, run.code, run.stderr
                ));
            }
        }
        let now = match statuses(&sandbox.data()) {
            Ok(now) => now,
            Err(e) => {
                unparsable.add(format!("after a wave: {e}"));
                break;
            }
        };
        for (cell, value) in &now {
            let run = results.iter().find(|r| r.cell == *cell);
            let before = baseline[cell];
            match run {
                Some(r) if r.acknowledged && *value != r.status => lost.add(format!(
                    "{cell:?}: acknowledged {:?}, the file holds {value:?}",
                    r.status
                )),
                Some(r) if r.killed && *value == r.status && r.status != before => {
                    killed_landed += 1
                }
                Some(r) if !r.acknowledged && *value != r.status && *value != before => {
                    strays.add(format!(
                        "{cell:?}: was {before:?}, a killed command set {:?}, the file holds {value:?}",
                        r.status
                    ))
                }
                None if *value != before => strays.add(format!(
                    "{cell:?}: untouched in this wave but changed from {before:?} to {value:?}"
                )),
                _ => {}
            }
        }
        baseline = now;
    }
    eprintln!(
        "torture: cli storm: {runs} commands, {kills} kills, {parses_ok} parses ok after a kill, \
         {acknowledged} acknowledged, {killed_landed} killed after their save, {} acknowledged \
         changes lost, {} other cells changed, \
         {} unparsable, {} panics, {} failures, {:.1} s",
        lost.count,
        strays.count,
        unparsable.count,
        panics.count,
        failed.count,
        started.elapsed().as_secs_f64()
    );
    unparsable.assert_none("times the file did not parse");
    lost.assert_none("acknowledged changes lost");
    strays.assert_none("cells changed that no command asked for");
    panics.assert_none("panics");
    failed.assert_none("commands failed without being killed");
    assert!(
        kills >= sizes.cli_kills,
        "only {kills} of {runs} commands were killed while running; wanted {}",
        sizes.cli_kills
    );
    assert!(
        acknowledged > 0,
        "no command ever finished: nothing was tested"
    );
}

// ----------------------------------------------------------------------------------------------
// kill -9 over the TUI

/// Where a key moves the cursor on the small roadmap with every task shown: up and down over
/// the six tasks (level headers never hold it), left and right over the two tracks.
fn move_cursor(cursor: (usize, usize), key: &str) -> (usize, usize) {
    let (pos, track) = cursor;
    match key {
        DOWN => ((pos + 1).min(TASKS.len() - 1), track),
        UP => (pos.saturating_sub(1), track),
        RIGHT => (pos, (track + 1).min(TRACKS.len() - 1)),
        LEFT => (pos, track.saturating_sub(1)),
        _ => cursor,
    }
}

fn toggled(status: Status) -> Status {
    match status {
        Status::Done => Status::Todo,
        Status::Todo | Status::InProgress | Status::Skip => Status::Done,
    }
}

/// The TUI started again and again on one file: it toggles a few cells with Space, each time
/// waiting for the title's count to change, and is SIGKILLed 0–5 ms after the last step (half
/// the time that step is one more Space whose save may be under way).
///
/// What is asserted: the title says "saving…" from a change until its save is on disk, so a
/// count on screen without that word means the file holds the change. A toggle whose count was
/// seen saved must be in the file after the kill; the one in flight may or may not be; every
/// other cell must be as it was; and the file must parse.
#[test]
fn tui_kill_storm_loses_no_acknowledged_change() {
    let sizes = Sizes::from_env();
    let sandbox = Sandbox::new(&small_roadmap());
    let mut rng = Rng::new(sizes.seed ^ 0x7777);
    let (mut parses_ok, mut acknowledged, mut in_flight_landed) = (0u64, 0u64, 0u64);
    let mut lost = Problems::default();
    let mut unparsable = Problems::default();
    let mut strays = Problems::default();
    let mut panics = Problems::default();
    let started = Instant::now();
    for _ in 0..sizes.tui_kills {
        let before = match statuses(&sandbox.data()) {
            Ok(before) => before,
            Err(e) => {
                unparsable.add(e);
                break;
            }
        };
        let mut model = before.clone();
        let mut tui = sandbox.tui(80, 24);
        wait_count(&tui, count_done(&model));
        let mut cursor = (0, 0);
        let cell_at = |(pos, track): (usize, usize)| (TASKS[pos], TRACKS[track].0);
        let mut acked: BTreeSet<CellKey> = BTreeSet::new();
        for _ in 0..rng.below(4) {
            let key = *rng.pick(&[DOWN, UP, RIGHT, LEFT, ""]);
            cursor = move_cursor(cursor, key);
            tui.send(key);
            tui.send(SPACE);
            let cell = cell_at(cursor);
            let new = toggled(model[&cell]);
            model.insert(cell, new);
            wait_saved(&tui, count_done(&model));
            acked.insert(cell);
        }
        let in_flight = rng.one_in(2).then(|| {
            let key = *rng.pick(&[DOWN, UP, RIGHT, LEFT, ""]);
            cursor = move_cursor(cursor, key);
            tui.send(key);
            tui.send(SPACE);
            let cell = cell_at(cursor);
            (cell, toggled(model[&cell]))
        });
        std::thread::sleep(Duration::from_micros(rng.below(5001)));
        tui.signal(libc::SIGKILL);
        tui.wait_exit();
        acknowledged += acked.len() as u64;
        let screen = String::from_utf8_lossy(&tui.raw()).into_owned();
        if screen.contains("panicked") {
            panics.add(screen);
        }
        let after = match statuses(&sandbox.data()) {
            Ok(after) => {
                parses_ok += 1;
                after
            }
            Err(e) => {
                unparsable.add(e);
                break;
            }
        };
        for (cell, value) in &after {
            let expected = model[cell];
            match in_flight {
                Some((c, new)) if c == *cell => {
                    if *value == new && new != expected {
                        in_flight_landed += 1;
                    } else if *value != expected {
                        strays.add(format!(
                            "{cell:?}: in flight from {expected:?} to {new:?}, the file holds {value:?}"
                        ));
                    }
                }
                _ if *value == expected => {}
                _ if acked.contains(cell) => lost.add(format!(
                    "{cell:?}: the screen counted {expected:?}, the file holds {value:?}"
                )),
                _ => strays.add(format!(
                    "{cell:?}: untouched, was {expected:?}, the file holds {value:?}"
                )),
            }
        }
    }
    eprintln!(
        "torture: tui storm: {} kills, {parses_ok} parses ok after a kill, {acknowledged} \
         acknowledged toggles, {in_flight_landed} toggles in flight landed, {} acknowledged \
         changes lost, {} other cells changed, {} unparsable, {} panics, {:.1} s",
        sizes.tui_kills,
        lost.count,
        strays.count,
        unparsable.count,
        panics.count,
        started.elapsed().as_secs_f64()
    );
    unparsable.assert_none("times the file did not parse");
    lost.assert_none("acknowledged changes lost");
    strays.assert_none("cells changed that no key asked for");
    panics.assert_none("panics");
    assert_eq!(parses_ok, sizes.tui_kills);
}

// ----------------------------------------------------------------------------------------------
// every way out

/// A way to end the TUI.
type Leave = fn(&mut Tui);

/// Every way out of the TUI after a change: q, Ctrl-C, SIGTERM, SIGINT, SIGHUP, SIGQUIT and the
/// terminal closing. Each must end the process without a signal and with the change on disk;
/// each but the closed terminal (whose output can no longer be read) must leave the terminal as
/// it found it: alternate screen left, cursor shown, mouse capture and bracketed paste off.
#[test]
fn every_way_out_restores_the_terminal_and_keeps_the_change() {
    let ways: [(&str, Leave); 7] = [
        ("q", |t| t.send("q")),
        ("Ctrl-C", |t| t.send("\x03")),
        ("SIGTERM", |t| t.signal(libc::SIGTERM)),
        ("SIGINT", |t| t.signal(libc::SIGINT)),
        ("SIGHUP", |t| t.signal(libc::SIGHUP)),
        ("SIGQUIT", |t| t.signal(libc::SIGQUIT)),
        ("the terminal closing", Tui::hang_up),
    ];
    let mut problems = Vec::new();
    for (way, leave) in ways {
        let sandbox = Sandbox::new(&small_roadmap());
        let mut tui = sandbox.tui(80, 24);
        wait_count(&tui, 0);
        tui.send(RIGHT);
        tui.send(SPACE);
        wait_count(&tui, 1);
        leave(&mut tui);
        let status = tui.wait_exit();
        let closed = way == "the terminal closing";
        if let Some(signal) = status.signal() {
            problems.push(format!("{way}: ended by {signal}"));
        } else if !closed && !status.success() {
            problems.push(format!("{way}: exit status {status:?}"));
        }
        if !closed {
            for p in pty::restore_problems(&tui.raw()) {
                problems.push(format!("{way}: {p}"));
            }
        }
        match statuses(&sandbox.data()) {
            Ok(cells) if cells[&(1, "go")] == Status::Done && count_done(&cells) == 1 => {}
            Ok(cells) => problems.push(format!("{way}: the file holds {cells:?}")),
            Err(e) => problems.push(format!("{way}: {e}")),
        }
    }
    eprintln!(
        "torture: exits: {} ways out, {} problems",
        ways.len(),
        problems.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ----------------------------------------------------------------------------------------------
// hostile text

/// A sandbox whose roadmap and progress carry the payload everywhere, with a few more hostile
/// files beside them, and a directory whose name carries it too.
struct Hostile {
    sandbox: Sandbox,
    dir: PathBuf,
}

impl Hostile {
    fn new() -> Hostile {
        let sandbox = Sandbox::new(&corpus::roadmap());
        let dir = sandbox.path().join(corpus::hostile("dir "));
        fs::create_dir(&dir).expect("a directory with a hostile name");
        let hostile = Hostile { sandbox, dir };
        hostile.reset();
        let write = |name: &str, text: String| {
            fs::write(hostile.sandbox.path().join(name), text).expect("write a corpus file");
        };
        write("other.json", corpus::other_progress().to_string());
        write("table.md", corpus::import_table());
        fs::write(hostile.dir.join("table.md"), corpus::import_table()).expect("table");
        let broken = format!("{{\"version\": 2, \"tasks\": {}", corpus::payload());
        write("broken.json", broken.clone());
        fs::write(hostile.dir.join("progress.json"), broken).expect("broken file");
        let bad_roadmap = {
            let mut r = corpus::roadmap();
            r["levels"][1]["tasks"] = json!([]);
            r.to_string()
        };
        write("bad-roadmap.json", bad_roadmap);
        write(
            "bad-roadmap.md",
            format!("# {}\n\n| Level | Task |\n|---|---|\n", corpus::payload()),
        );
        write(
            "config.toml",
            format!(
                "locale = {p}\n[keys.grid]\n{p} = [\"x\"]\n",
                p = corpus::toml_string(&corpus::payload())
            ),
        );
        let p = serde_json::to_string_pretty(&corpus::progress()).expect("json");
        let o = serde_json::to_string_pretty(&corpus::other_progress()).expect("json");
        write(
            "conflicted.json",
            format!(
                "<<<<<<< HEAD {h}\n{p}\n=======\n{o}\n>>>>>>> theirs {h}\n",
                h = corpus::payload()
            ),
        );
        write("base.json", r#"{"version": 2, "tasks": {}}"#.to_owned());
        hostile
    }

    /// Puts the hostile progress file back, as a command may have changed it.
    fn reset(&self) {
        let text = serde_json::to_string_pretty(&corpus::progress()).expect("json");
        fs::write(self.sandbox.data(), &text).expect("write the progress");
        fs::write(self.sandbox.path().join("ours.json"), &text).expect("write ours");
    }

    fn file(&self, name: &str) -> OsString {
        self.sandbox.path().join(name).into()
    }
}

fn run_piped(cmd: &mut Command) -> std::process::Output {
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run roadmap-tui")
}

/// What is wrong with a command's output: a panic, or forbidden characters in either stream.
fn output_problems(name: &str, out: &std::process::Output) -> Vec<String> {
    let mut problems = Vec::new();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if panicked(out.status.code(), &stderr) {
        problems.push(format!("{name}: panicked: {stderr}"));
    }
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let found = corpus::forbidden(bytes);
        if !found.is_empty() {
            problems.push(format!("{name}: {stream} carries {}", found.join(", ")));
        }
    }
    problems
}

/// Every subcommand, and the TUI's refusal to start, fed hostile task text, level and track
/// names, notes, file content, arguments and paths: no ESC, BEL, C1 control or bidi control may
/// reach standard output or standard error.
#[test]
fn hostile_text_never_reaches_stdout_or_stderr() {
    let h = Hostile::new();
    let payload = OsString::from(corpus::payload());
    let hostile_dir = |name: &str| -> OsString { h.dir.join(name).into() };
    let os = |s: &str| OsString::from(s);
    let cases: Vec<(&str, Vec<OsString>)> = vec![
        ("stats", vec![os("stats")]),
        ("stats --json", vec![os("stats"), os("--json")]),
        ("export markdown", vec![os("export")]),
        (
            "export markdown --locale en --all-tracks",
            vec![os("--locale"), os("en"), os("export"), os("--all-tracks")],
        ),
        ("export csv", vec![os("export"), os("--format"), os("csv")]),
        (
            "export json",
            vec![os("export"), os("--format"), os("json")],
        ),
        ("export svg", vec![os("export"), os("--format"), os("svg")]),
        (
            "export html",
            vec![os("export"), os("--format"), os("html")],
        ),
        (
            "export -o into a hostile directory",
            vec![os("export"), os("-o"), hostile_dir("out.md")],
        ),
        (
            "export -o a path that cannot be written",
            vec![os("export"), os("-o"), hostile_dir("missing/out.md")],
        ),
        ("import", vec![os("import"), h.file("table.md")]),
        (
            "import --dry-run",
            vec![os("import"), h.file("table.md"), os("--dry-run")],
        ),
        (
            "import from a hostile path",
            vec![os("import"), hostile_dir("table.md"), os("--dry-run")],
        ),
        (
            "import a missing hostile path",
            vec![os("import"), hostile_dir("missing.md")],
        ),
        ("check", vec![os("check"), os("2"), os("-t"), os("python")]),
        (
            "uncheck",
            vec![os("uncheck"), os("1"), os("-t"), os("python")],
        ),
        ("start", vec![os("start"), os("3"), os("-t"), os("go")]),
        (
            "check an added language",
            vec![os("check"), os("3"), os("-t"), os("rust")],
        ),
        (
            "check a hostile task",
            vec![os("check"), payload.clone(), os("-t"), os("python")],
        ),
        (
            "check a hostile language",
            vec![os("check"), os("1"), os("-t"), payload.clone()],
        ),
        ("next", vec![os("next"), os("-n"), os("20")]),
        ("next -t", vec![os("next"), os("-t"), os("go")]),
        (
            "next -t hostile",
            vec![os("next"), os("-t"), payload.clone()],
        ),
        ("tracks list", vec![os("tracks")]),
        (
            "tracks add a hostile name",
            vec![os("tracks"), os("add"), os("zig"), payload.clone()],
        ),
        (
            "tracks add a hostile id",
            vec![os("tracks"), os("add"), payload.clone(), os("Name")],
        ),
        ("tracks hide", vec![os("tracks"), os("hide"), os("python")]),
        (
            "tracks show hostile",
            vec![os("tracks"), os("show"), payload.clone()],
        ),
        (
            "tracks move",
            vec![os("tracks"), os("move"), os("rust"), os("1")],
        ),
        (
            "merge --from",
            vec![os("merge"), os("--from"), h.file("other.json")],
        ),
        (
            "merge --from a broken file",
            vec![os("merge"), os("--from"), h.file("broken.json")],
        ),
        (
            "merge --resolve",
            vec![os("merge"), os("--resolve"), h.file("conflicted.json")],
        ),
        (
            "merge as git's driver",
            vec![
                os("merge"),
                h.file("base.json"),
                h.file("ours.json"),
                h.file("other.json"),
            ],
        ),
        ("config", vec![os("config")]),
        (
            "config --path, hostile",
            vec![
                os("--config"),
                hostile_dir("config.toml"),
                os("config"),
                os("--path"),
            ],
        ),
        (
            "config with a hostile file",
            vec![os("--config"), h.file("config.toml"), os("config")],
        ),
        ("completions", vec![os("completions"), os("bash")]),
        ("man", vec![os("man")]),
    ];
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, args) in &cases {
        h.reset();
        let out = run_piped(h.sandbox.command().args(args));
        failures.extend(output_problems(name, &out));
        count += 1;
    }
    // Commands whose roadmap or progress file is the problem, and the TUI refusing to start.
    let bare = || {
        let mut cmd = Command::new(BIN);
        cmd.env_clear()
            .envs(h.sandbox.env())
            .current_dir(h.sandbox.path())
            .stdin(Stdio::null());
        cmd
    };
    let refusals: Vec<(&str, Vec<OsString>)> = vec![
        (
            "a roadmap with an empty level",
            vec![os("--roadmap"), h.file("bad-roadmap.json"), os("stats")],
        ),
        (
            "a Markdown roadmap with no languages",
            vec![os("--roadmap"), h.file("bad-roadmap.md"), os("stats")],
        ),
        (
            "a missing roadmap at a hostile path",
            vec![os("--roadmap"), hostile_dir("missing.json"), os("stats")],
        ),
        (
            "a broken progress file",
            vec![
                os("--roadmap"),
                h.sandbox.roadmap().into(),
                os("--data"),
                h.file("broken.json"),
                os("stats"),
            ],
        ),
        (
            "a broken progress file at a hostile path",
            vec![
                os("--roadmap"),
                h.sandbox.roadmap().into(),
                os("--data"),
                hostile_dir("progress.json"),
                os("check"),
                os("1"),
                os("-t"),
                os("go"),
            ],
        ),
        (
            "the TUI refusing a broken file at a hostile path",
            vec![
                os("--roadmap"),
                h.sandbox.roadmap().into(),
                os("--data"),
                hostile_dir("progress.json"),
            ],
        ),
        (
            "the TUI refusing a hostile config",
            vec![
                os("--roadmap"),
                h.sandbox.roadmap().into(),
                os("--data"),
                h.sandbox.data().into(),
                os("--config"),
                h.file("config.toml"),
            ],
        ),
    ];
    for (name, args) in &refusals {
        let out = run_piped(bare().args(args));
        failures.extend(output_problems(name, &out));
        count += 1;
        if out.status.success() {
            failures.push(format!("{name}: was not refused"));
        }
    }
    eprintln!(
        "torture: hostile output: {count} commands, {} failing:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
    assert!(
        failures.is_empty(),
        "hostile text reached the output:\n{}",
        failures.join("\n")
    );
}

/// The TUI on the hostile roadmap and progress, with a sync tool's copy named with the payload
/// beside the file, walked through every screen (grid and detail, note editor, overview,
/// languages, help, search with a hostile paste): the raw output must never carry the payload's
/// title sequence, a bidi control, a C1 control or BEL. The app's own escape sequences are
/// allowed; the payload's are not.
#[test]
fn hostile_text_never_reaches_the_tui_screen() {
    let h = Hostile::new();
    let copy = h.sandbox.path().join(format!(
        "progress.sync-conflict-{}.json",
        corpus::payload().replace('/', "")
    ));
    fs::write(&copy, corpus::other_progress().to_string()).expect("a conflicting copy");
    let mut tui = h.sandbox.tui(120, 40);
    tui.wait_for("the first frame", |s| s.contains("roadmap-tui"));
    tui.wait_idle();
    let mut screen = tui.screen();
    let paste = format!("\x1b[200~{}\x1b[201~", corpus::payload());
    // Esc first clears the word about the conflicting copy; each key changes the screen.
    let steps: [&str; 16] = [
        "\x1b", "e", "\x1b", DOWN, RIGHT, "w", "o", "\x1b", "T", "\x1b", "?", "\x1b", "/", &paste,
        "\r", "L",
    ];
    for key in steps {
        tui.send(key);
        let before = screen.clone();
        tui.wait_for(&format!("the screen to change after {key:?}"), |s| {
            s != before
        });
        // A whole frame too: an Esc must be read alone, not with the key that follows. The
        // next key is compared with that whole frame, not with one caught half drawn.
        tui.wait_idle();
        screen = tui.screen();
    }
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    let raw = tui.raw();
    let mut found = Vec::new();
    if pty::rfind(&raw, OSC_TITLE.as_bytes()).is_some() {
        found.push("the payload's OSC title sequence".to_owned());
    }
    if raw.contains(&0x07) {
        found.push("BEL".to_owned());
    }
    found.extend(
        corpus::forbidden(&raw)
            .into_iter()
            .filter(|f| f.starts_with("bidi") || f.starts_with("C1")),
    );
    eprintln!("torture: hostile screen: {} leaks {found:?}", found.len());
    assert!(
        found.is_empty(),
        "hostile text reached the terminal: {}",
        found.join(", ")
    );
}

// ----------------------------------------------------------------------------------------------
// mutated files

fn listing(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .expect("list the directory")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// Draws one frame of `app` at 80×24, as the TUI would.
fn draw(app: &mut App) {
    tui::fit(app, 80, 24);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    let keymap = Keymap::default();
    let view = ui::View {
        app,
        theme: &theme::DARK,
        keymap: &keymap,
    };
    terminal
        .draw(|frame| ui::render(&view, frame))
        .expect("draw");
}

fn seed_runner(seed: u64, cases: u32) -> TestRunner {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// Valid progress files to mutate: a rich version 2 file, a version 1 file, an empty one.
fn progress_bases() -> Vec<Vec<u8>> {
    let rich = json!({
        "version": 2,
        "settings": {
            "lang": "en",
            "tracks": {"rust": {"name": "Rust"}, "go": {"hidden": true}},
            "track_order": ["go", "rust", "python"],
            "future": {"a": [1, 2]}
        },
        "tasks": {
            "1": {
                "python": {"status": "done", "done_at": "2026-11-20T10:00:00Z",
                           "changed_at": "2026-11-20T10:00:00Z", "note": "line\nnext"},
                "go": {"status": "in_progress", "started_at": "2026-11-21T10:00:00Z",
                       "changed_at": "2026-11-21T10:00:00Z"},
                "rust": {"status": "done", "changed_at": "2026-11-22T10:00:00Z", "x": 1}
            },
            "2": {"python": {"changed_at": "2026-11-23T10:00:00Z"}},
            "999": {"cobol": {"status": "done"}}
        },
        "unknown": {"kept": true}
    });
    let v1 = json!({
        "version": 1,
        "tasks": {"3": {"go": {"status": "done", "done_at": "2026-01-02T03:04:05Z"}}}
    });
    let empty = json!({"version": 2, "tasks": {}});
    [rich, v1, empty]
        .iter()
        .map(|v| serde_json::to_vec_pretty(v).expect("json"))
        .collect()
}

/// Mutants of valid progress files: `state::parse` and `Store::open` never panic, agree on
/// whether the file can be read, and never write: the file is byte-identical afterwards and no
/// file appears or goes in its directory. A file that reads opens in the app and draws.
#[test]
fn mutated_progress_files_never_panic_and_are_never_written() {
    let sizes = Sizes::from_env();
    let bases = progress_bases();
    let roadmap = Roadmap::from_json(&small_roadmap().to_string()).expect("the small roadmap");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.json");
    for base in &bases {
        assert!(state::parse(&path, base).is_ok(), "a base file is invalid");
    }
    let [read, refused, panics, writes, disagreements] = [(); 5].map(|()| Cell::new(0u64));
    let bump = |c: &Cell<u64>| c.set(c.get() + 1);
    let started = Instant::now();
    let mut runner = seed_runner(sizes.seed, sizes.mutants);
    let strategy = (
        0..bases.len(),
        proptest::collection::vec(mutate::mutation(), 1..5),
    );
    let result = runner.run(&strategy, |(base, mutations)| {
        let mut bytes = bases[base].clone();
        for m in &mutations {
            mutate::apply(&mut bytes, m);
        }
        fs::write(&path, &bytes).expect("write the mutant");
        let files = listing(dir.path());
        let parsed = catch_unwind(|| state::parse(&path, &bytes).is_ok());
        let opened = catch_unwind(|| Store::open(&path).map(|(_, progress)| progress));
        let (Ok(parsed), Ok(opened)) = (parsed, opened) else {
            bump(&panics);
            return Err(TestCaseError::fail("a loader panicked"));
        };
        if fs::read(&path).ok().as_ref() != Some(&bytes) || listing(dir.path()) != files {
            bump(&writes);
            return Err(TestCaseError::fail("opening wrote"));
        }
        if parsed != opened.is_ok() {
            bump(&disagreements);
            return Err(TestCaseError::fail("parse and open disagree"));
        }
        match opened {
            Ok(progress) => {
                bump(&read);
                let shown = catch_unwind(AssertUnwindSafe(|| {
                    let mut app = App::new(roadmap.clone(), progress.clone());
                    draw(&mut app);
                    Stats::compute(app.roadmap(), &progress).total_done()
                }));
                if shown.is_err() {
                    bump(&panics);
                    return Err(TestCaseError::fail("the app panicked on a file that reads"));
                }
            }
            Err(_) => bump(&refused),
        }
        Ok(())
    });
    eprintln!(
        "torture: progress mutants: {} mutants, {} read, {} refused, {} panics, {} writes, \
         {} parse/open disagreements, {:.1} s",
        sizes.mutants,
        read.get(),
        refused.get(),
        panics.get(),
        writes.get(),
        disagreements.get(),
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(
        read.get() > 0 && refused.get() > 0,
        "the mutants were all alike"
    );
}

/// Valid roadmaps to mutate: JSON in the asset's schema and a Markdown table.
fn roadmap_bases() -> Vec<(&'static str, Vec<u8>)> {
    let json = serde_json::to_vec_pretty(&small_roadmap()).expect("json");
    let markdown = "# Small\n\n| Level | Task | Python | Go |\n|---|---|---|---|\n\
                    | **First** | | | |\n| 1. | Say hello | | |\n| 2. | Count | ✅ | |\n\
                    | **Second** | | | |\n| 3. | Sort | | |\n"
        .as_bytes()
        .to_vec();
    vec![("small.json", json), ("small.md", markdown)]
}

/// Mutants of valid roadmaps, read through the loader `--roadmap` uses (and, for bytes that are
/// not UTF-8, their lossy text through the parser): never a panic, never a write; a roadmap that
/// loads opens in the app, draws, and exports.
#[test]
fn mutated_roadmaps_never_panic_and_are_never_written() {
    let sizes = Sizes::from_env();
    let bases = roadmap_bases();
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in &bases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).expect("write a base");
        assert!(
            commands::load_roadmap(Some(&path)).is_ok(),
            "the base {name} is invalid"
        );
        fs::remove_file(&path).expect("remove a base");
    }
    let [read, refused, panics, writes] = [(); 4].map(|()| Cell::new(0u64));
    let bump = |c: &Cell<u64>| c.set(c.get() + 1);
    let started = Instant::now();
    let mut runner = seed_runner(sizes.seed ^ 0x4242, sizes.mutants);
    let strategy = (
        0..bases.len(),
        proptest::collection::vec(mutate::mutation(), 1..5),
    );
    let result = runner.run(&strategy, |(base, mutations)| {
        let (name, base) = &bases[base];
        let mut bytes = base.clone();
        for m in &mutations {
            mutate::apply(&mut bytes, m);
        }
        let path = dir.path().join(name);
        fs::write(&path, &bytes).expect("write the mutant");
        let files = listing(dir.path());
        let loaded = catch_unwind(|| commands::load_roadmap(Some(&path)));
        let lossy = String::from_utf8_lossy(&bytes).into_owned();
        let parsed = catch_unwind(|| roadmap_tui::interchange::parse_roadmap(&lossy, "small"));
        let (Ok(loaded), Ok(_)) = (loaded, parsed) else {
            bump(&panics);
            return Err(TestCaseError::fail("a loader panicked"));
        };
        if fs::read(&path).ok().as_ref() != Some(&bytes) || listing(dir.path()) != files {
            bump(&writes);
            return Err(TestCaseError::fail("loading wrote"));
        }
        fs::remove_file(&path).expect("remove the mutant");
        match loaded {
            Ok(roadmap) => {
                bump(&read);
                let used = catch_unwind(AssertUnwindSafe(|| {
                    let mut app = App::new(roadmap.clone(), Progress::default());
                    draw(&mut app);
                    roadmap_tui::interchange::export::markdown(
                        &roadmap,
                        &Progress::default(),
                        roadmap_tui::model::Lang::En,
                    )
                }));
                if used.is_err() {
                    bump(&panics);
                    return Err(TestCaseError::fail(
                        "a roadmap that loads made the app panic",
                    ));
                }
            }
            Err(_) => bump(&refused),
        }
        Ok(())
    });
    eprintln!(
        "torture: roadmap mutants: {} mutants, {} read, {} refused, {} panics, {} writes, {:.1} s",
        sizes.mutants,
        read.get(),
        refused.get(),
        panics.get(),
        writes.get(),
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(
        read.get() > 0 && refused.get() > 0,
        "the mutants were all alike"
    );
}
