//! Stress: many writers on one progress file for a fixed time — command-line writers, TUIs in
//! pseudo-terminals and a writer that takes no lock — and every change they had acknowledged
//! held to every later read of the file and to the final file.
//!
//! Each writer has cells of its own (a track each), so what every cell should hold is known.
//!
//! - **Command writers** run `roadmap-tui start|check|uncheck TASK --track T` in a loop, taking
//!   their cells round through in progress, done and todo. A change is *acknowledged* when the
//!   process exits 0 having printed `Task N × Track: …`; an attempt that fails (it read a file
//!   caught half-written in place) is made again.
//! - **TUIs** (two by default) move the cursor to one of their cells and toggle it with Space. A
//!   change is acknowledged when a whole frame shows the cell's new state in the detail pane and
//!   a title that says neither "saving…" nor "not saved" ("guardando…", "sin guardar" in
//!   Spanish): the title is to say "saving…" from a change until the save that carries it has
//!   returned.
//! - **The writer without a lock** (`stress/lockless.rs`) rewrites the whole file, renamed in or
//!   in place, without the lock. A write is *done* when the rename has returned, or when the
//!   write in place has and the path still names the file it wrote into.
//!
//! Right after an acknowledgement the writer reads the file back: the change must be there (its
//! status, under a stamp above the cell's previous change), and its stamp is noted. A value is
//! *older* than a change when its stamp is lower, or equal with another status.
//!
//! **Lost**, precisely:
//!
//! - An acknowledged change (a command's or a TUI's) is lost when a read that started after the
//!   acknowledgement shows its cell older than it: the read-back, any read of the checker (a
//!   thread that reads the file over and over; a read that does not parse, a file caught
//!   half-written in place, is skipped and counted), or the final file, which must hold each
//!   cell's last acknowledged change exactly.
//! - A write without the lock is lost when the writer, back at the same cell for its next write,
//!   finds it gone and not back within a grace of one second (a save that took the file out from
//!   under it must put it back within that save), or when the final file holds the cell older
//!   than its last done write. Reads of the checker that miss it for a moment are counted.
//!
//! The one excuse is the writer without a lock's own doing. When it swaps its file in and finds
//! it took out one it had not read (a save landed between its last read and the swap), it merges
//! that back at once and tells the ledger which cells it had out of place, and when. For a second
//! after (`ledger::SHADOW`: a save that read the file meanwhile writes what it read, and puts back
//! what that lacked, within the same save), reads of those cells and changes to them are not
//! judged; they are counted.
//!
//! The final file is read once every writer has stopped and the TUIs, having shown it, quit.
//!
//! Sizes come from the environment so `scripts/stress.sh` can run the same test at full size
//! against the release build: `ROADMAP_TUI_STRESS_SECONDS`, `ROADMAP_TUI_STRESS_COMMANDS`
//! (command writers), `ROADMAP_TUI_STRESS_TUIS`, `ROADMAP_TUI_STRESS_PAUSE_MS` (the writer
//! without a lock's mean pause between writes, in milliseconds), `ROADMAP_TUI_STRESS_MIN_CHANGES`
//! and `ROADMAP_TUI_STRESS_SEED`. The figures go to stderr, on lines starting with `stress:`.

// Unix only: the TUIs run in pseudo-terminals, and the writer without a lock counts on Unix file
// semantics (a file replaced by a rename stays open to whoever holds it; two files swapped by one
// rename, `renameat2` on Linux and `renamex_np` on macOS).
#![cfg(unix)]

mod common;
#[path = "stress/ledger.rs"]
mod ledger;
#[path = "stress/lockless.rs"]
mod lockless;
#[path = "stress/tuis.rs"]
mod tuis;
// The storms of torture.rs draw from the same generator; this test needs only part of it.
#[allow(dead_code)]
#[path = "torture/rng.rs"]
mod rng;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use roadmap_tui::model::Status;
use roadmap_tui::state;
use serde_json::{Value as Json, json};
use tempfile::TempDir;

use common::pty::{self, Tui};
use ledger::{CellKey, Ledger, Read, Writer, status_word};
use lockless::Lockless;
use rng::Rng;
use tuis::{settle_and_quit, tui_writer};

const BIN: &str = env!("CARGO_BIN_EXE_roadmap-tui");

/// A terminal that answers no query (the theme is given on the command line), patient: on two
/// busy cores a save can wait behind many others.
const TERMINAL: pty::Options = pty::Options {
    attributes: false,
    background: None,
    timeout: Duration::from_secs(60),
    poll: Duration::from_millis(2),
};

/// How long a TUI may take to show a change saved, or the file once every writer stopped.
const PATIENCE: Duration = Duration::from_secs(60);

/// The tasks of the roadmap the writers share: two levels of four.
const TASKS: [u32; 8] = [1, 2, 3, 4, 5, 6, 7, 8];

/// How big a run is; CI size by default, set from the environment for the full-size script.
#[derive(Clone, Copy)]
struct Sizes {
    seconds: u64,
    commands: usize,
    tuis: usize,
    pause_ms: u64,
    min_changes: u64,
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
            seconds: num("ROADMAP_TUI_STRESS_SECONDS", 12),
            commands: num("ROADMAP_TUI_STRESS_COMMANDS", 3) as usize,
            tuis: num("ROADMAP_TUI_STRESS_TUIS", 2) as usize,
            pause_ms: num("ROADMAP_TUI_STRESS_PAUSE_MS", 5),
            min_changes: num("ROADMAP_TUI_STRESS_MIN_CHANGES", 0),
            seed: num("ROADMAP_TUI_STRESS_SEED", 0x5eed_5eed),
        }
    }
}

/// A writer's track.
struct Track {
    id: &'static str,
    name: String,
}

impl Track {
    fn new(id: String, name: String) -> Track {
        // A handful per run; cells name their track by a plain `&str`.
        Track {
            id: Box::leak(id.into_boxed_str()),
            name,
        }
    }

    fn cells(&self) -> Vec<CellKey> {
        TASKS.iter().map(|&task| (task, self.id)).collect()
    }
}

/// The tracks, in the grid's order: the TUIs', the commands', the one without a lock.
struct Layout {
    tuis: Vec<Track>,
    commands: Vec<Track>,
    lockless: Track,
}

impl Layout {
    fn new(sizes: &Sizes) -> Layout {
        Layout {
            tuis: (1..=sizes.tuis)
                .map(|n| Track::new(format!("tui{n}"), format!("TUI {n}")))
                .collect(),
            commands: (1..=sizes.commands)
                .map(|n| Track::new(format!("cmd{n}"), format!("Command {n}")))
                .collect(),
            lockless: Track::new("nolock".into(), "No lock".into()),
        }
    }

    fn tracks(&self) -> impl Iterator<Item = &Track> {
        self.tuis
            .iter()
            .chain(&self.commands)
            .chain(std::iter::once(&self.lockless))
    }

    fn cells(&self) -> Vec<CellKey> {
        self.tracks().flat_map(Track::cells).collect()
    }

    fn roadmap(&self) -> Json {
        let task = |id: u32| json!({"id": id, "text": {"en": format!("Step {id}")}});
        let level = |id: &str, name: &str, tasks: &[u32]| json!({"id": id, "name": name, "tasks": tasks.iter().map(|&t| task(t)).collect::<Vec<_>>()});
        json!({
            "id": "stress",
            "title": {"en": "Stress"},
            "tracks": self.tracks().map(|t| json!({"id": t.id, "name": t.name})).collect::<Vec<_>>(),
            "levels": [level("first", "First", &TASKS[..4]), level("second", "Second", &TASKS[4..])]
        })
    }
}

/// A throw-away home: the roadmap, the progress file, the lock and config directories.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new(roadmap: &Json) -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["run", "config", "data"] {
            fs::create_dir(dir.path().join(sub)).expect("sandbox directory");
        }
        let sandbox = Sandbox { dir };
        fs::write(sandbox.roadmap(), roadmap.to_string()).expect("write the roadmap");
        fs::write(sandbox.data(), "{\"version\": 3, \"tasks\": {}}\n").expect("write the file");
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
}

/// What every thread of a run shares.
struct Run {
    sizes: Sizes,
    layout: Layout,
    sandbox: Sandbox,
    ledger: Ledger,
    /// The TUIs open before the others write: one that starts while the file is being written
    /// in place finds it half-written and refuses to open it (as it should).
    tuis_open: AtomicUsize,
    /// The TUIs stop first: a TUI's save that failed on a file caught half-written is retried
    /// when the file next changes, so the others keep writing until the TUIs are done.
    stop_tuis: AtomicBool,
    stop_writers: AtomicBool,
    stop_checker: AtomicBool,
    problems: Mutex<Problems>,
    /// Why command attempts failed, by message.
    refused: Mutex<BTreeMap<String, u64>>,
    /// Commands that found their cell already as asked ("(unchanged)"): only a lost change can
    /// do that, as each cell has one writer.
    unchanged: Mutex<u64>,
}

impl Run {
    fn problem(&self, text: String) {
        self.problems.lock().unwrap().add(text);
    }

    /// The first read of the whole file from now on (one caught half-written is skipped).
    fn read_whole(&self) -> Result<Read, String> {
        let path = self.sandbox.data();
        let deadline = Instant::now() + PATIENCE;
        loop {
            let from = Instant::now();
            let bytes = fs::read(&path).map_err(|e| format!("reading the file: {e}"))?;
            let to = Instant::now();
            match state::parse(&path, &bytes) {
                Ok(progress) => return Ok(Read { from, to, progress }),
                Err(e) if Instant::now() > deadline => {
                    return Err(format!("the file has not parsed for {PATIENCE:?}: {e}"));
                }
                Err(_) => {
                    self.ledger.unparsable();
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        }
    }
}

/// Tells every thread of the run to stop, when dropped.
struct StopAll<'a>(&'a Run);

impl Drop for StopAll<'_> {
    fn drop(&mut self) {
        for flag in [
            &self.0.stop_tuis,
            &self.0.stop_writers,
            &self.0.stop_checker,
        ] {
            flag.store(true, Ordering::SeqCst);
        }
    }
}

/// The next state of a command writer's cell: todo, in progress, done, todo…
fn next_status(status: Status) -> Status {
    match status {
        Status::Todo => Status::InProgress,
        Status::InProgress => Status::Done,
        Status::Done | Status::Skip => Status::Todo,
    }
}

// ----------------------------------------------------------------------------------------------
// command writers

/// Runs one command until it reports the cell `want` (failed attempts are made again).
fn acknowledge_command(run: &Run, track: &Track, task: u32, want: Status) -> Result<(), String> {
    let verb = match want {
        Status::Done => "check",
        Status::Todo => "uncheck",
        Status::InProgress => "start",
        Status::Skip => "skip",
    };
    let expected = format!("Task {task} × {}: {}", track.name, status_word(want));
    let data = run.sandbox.data().display().to_string();
    for _ in 0..1000 {
        let out = run
            .sandbox
            .command()
            .args([verb, &task.to_string(), "--track", track.id])
            .output()
            .map_err(|e| format!("starting roadmap-tui: {e}"))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() == Some(101) || stderr.contains("panicked") {
            return Err(format!(
                "{verb} {task} --track {} panicked: {stderr}",
                track.id
            ));
        }
        if out.status.success() && stdout.starts_with(&expected) {
            if stdout.contains("(unchanged)") {
                *run.unchanged.lock().unwrap() += 1;
            }
            return Ok(());
        }
        // One line per kind of failure: the path and the place in the file left out.
        let line = stderr.lines().next().unwrap_or("no message");
        let why = line
            .split(" (line ")
            .next()
            .unwrap_or(line)
            .replace(&data, "FILE");
        *run.refused.lock().unwrap().entry(why).or_default() += 1;
        std::thread::sleep(Duration::from_millis(1));
    }
    Err(format!(
        "{verb} {task} --track {} failed 1000 times in a row",
        track.id
    ))
}

/// Takes the writer's cells round, one change at a time, until told to stop.
fn command_writer(run: &Run, n: usize) {
    let track = &run.layout.commands[n];
    let mut shown = [Status::Todo; TASKS.len()];
    for turn in 0.. {
        if run.stop_writers.load(Ordering::SeqCst) {
            return;
        }
        let pos = turn % TASKS.len();
        let task = TASKS[pos];
        let want = next_status(shown[pos]);
        let started = Instant::now();
        let read = acknowledge_command(run, track, task, want).and_then(|()| {
            let acknowledged = Instant::now();
            run.read_whole().map(|read| (acknowledged, read))
        });
        match read {
            Ok((acknowledged, read)) => {
                shown[pos] = want;
                let (writer, times) = (Writer::Command(n), (started, acknowledged));
                run.ledger
                    .acknowledge(writer, (task, track.id), want, times, &read);
            }
            Err(e) => return run.problem(format!("command writer {}: {e}", n + 1)),
        }
    }
}

// ----------------------------------------------------------------------------------------------
// the writer without a lock, and the checker

fn lockless_writer(run: &Run) -> lockless::Tally {
    let path = run.sandbox.data();
    let mut writer = Lockless::new(
        &path,
        run.layout.lockless.cells(),
        run.layout.cells(),
        &run.ledger,
    );
    let mut rng = Rng::new(run.sizes.seed ^ 0x10c4);
    while !run.stop_writers.load(Ordering::SeqCst) {
        if let Err(e) = writer.write_next() {
            run.problem(format!("the writer without a lock: {e}"));
            break;
        }
        let pause = rng.below(2 * run.sizes.pause_ms + 1);
        std::thread::sleep(Duration::from_millis(pause));
    }
    writer.tally
}

/// Reads the file over and over, each read held to the promises as they stood when it started.
fn checker(run: &Run) {
    let path = run.sandbox.data();
    while !run.stop_checker.load(Ordering::SeqCst) {
        let promises = run.ledger.promises();
        let from = Instant::now();
        let bytes = fs::read(&path);
        let to = Instant::now();
        match bytes.ok().and_then(|b| state::parse(&path, &b).ok()) {
            Some(progress) => run.ledger.check(&promises, &Read { from, to, progress }),
            None => run.ledger.unparsable(),
        }
        std::thread::sleep(Duration::from_micros(500));
    }
}

// ----------------------------------------------------------------------------------------------
// the run

/// Command writers, TUIs and a writer without a lock on one file for a fixed time: no acknowledged
/// change may be lost, and no write of the writer without a lock (see the module's words for
/// what lost means exactly).
#[test]
fn many_writers_lose_no_acknowledged_change_and_no_write_without_the_lock() {
    let sizes = Sizes::from_env();
    let layout = Layout::new(&sizes);
    let sandbox = Sandbox::new(&layout.roadmap());
    let started = Instant::now();
    let run = Run {
        sizes,
        layout,
        sandbox,
        ledger: Ledger::new(started),
        tuis_open: AtomicUsize::new(0),
        stop_tuis: AtomicBool::new(false),
        stop_writers: AtomicBool::new(false),
        stop_checker: AtomicBool::new(false),
        problems: Mutex::default(),
        refused: Mutex::default(),
        unchanged: Mutex::default(),
    };
    let run = &run;
    let (tally, elapsed) = std::thread::scope(|s| {
        // Should this thread panic, the others stop, so that the scope can end.
        let _stop = StopAll(run);
        let tuis: Vec<_> = (0..sizes.tuis)
            .map(|n| s.spawn(move || tui_writer(run, n)))
            .collect();
        while run.tuis_open.load(Ordering::SeqCst) < sizes.tuis
            && !tuis.iter().any(|t| t.is_finished())
        {
            std::thread::sleep(Duration::from_millis(10));
        }
        let started = Instant::now();
        let checker = s.spawn(|| checker(run));
        let lockless = s.spawn(|| lockless_writer(run));
        let commands: Vec<_> = (0..sizes.commands)
            .map(|n| s.spawn(move || command_writer(run, n)))
            .collect();
        std::thread::sleep(Duration::from_secs(sizes.seconds));
        run.stop_tuis.store(true, Ordering::SeqCst);
        let mut tuis: Vec<Tui> = tuis
            .into_iter()
            .map(|h| h.join().expect("a TUI thread"))
            .collect();
        run.stop_writers.store(true, Ordering::SeqCst);
        for h in commands {
            h.join().expect("a command thread");
        }
        let tally = lockless.join().expect("the writer without a lock");
        let elapsed = started.elapsed();
        settle_and_quit(run, &mut tuis);
        run.stop_checker.store(true, Ordering::SeqCst);
        checker.join().expect("the checker");
        (tally, elapsed)
    });
    let last = run.read_whole().expect("the final file");
    let verdict = run.ledger.verdict(&last);
    let secs = elapsed.as_secs_f64();
    let refused = run.refused.lock().unwrap();
    eprintln!(
        "stress: {secs:.1} s, {} command writers, {} TUIs, one writer without a lock: {} changes \
         ({:.0}/s): {} by commands, {} by TUIs, {} renamed in and {} in place without the lock",
        sizes.commands,
        sizes.tuis,
        verdict.changes(),
        verdict.changes() as f64 / secs,
        verdict.by_commands,
        verdict.by_tuis,
        verdict.renamed_in,
        verdict.in_place
    );
    eprintln!(
        "stress: {} reads checked, {} caught half-written and skipped; {} acknowledged changes \
         lost, {} writes without the lock lost",
        verdict.reads, verdict.unparsable, verdict.lost, verdict.lost_lockless
    );
    eprintln!(
        "stress: without the lock: {} reads missed a write for a moment; {} writes were found \
         missing when it came back to the cell and were back within the grace; {} writes in \
         place went into a file already replaced (not done)",
        verdict.lockless_missing, tally.back_in_grace, tally.into_replaced,
    );
    eprintln!(
        "stress: without the lock: {} times it swapped out a file it had not read and merged it \
         back; in their shadow {} reads and {} changes not judged",
        verdict.mends, verdict.excused, verdict.shadowed
    );
    eprintln!(
        "stress: commands: {} attempts failed and made again, {} found their cell already as \
         asked",
        refused.values().sum::<u64>(),
        run.unchanged.lock().unwrap()
    );
    for (why, count) in refused.iter() {
        eprintln!("stress:   {count} × {why}");
    }
    for (how, count) in &verdict.lost_by {
        eprintln!("stress: lost: {count} × {how}");
    }
    for line in &verdict.shown {
        eprintln!("stress:   {line}");
    }
    let problems = run.problems.lock().unwrap();
    assert!(
        problems.count == 0,
        "{} problems; the first ones:\n{}",
        problems.count,
        problems.shown.join("\n")
    );
    assert!(
        verdict.lost == 0 && verdict.lost_lockless == 0,
        "{} acknowledged changes lost and {} writes without the lock lost; the first ones:\n{}",
        verdict.lost,
        verdict.lost_lockless,
        verdict.shown.join("\n")
    );
    assert!(
        verdict.by_commands > 0 && verdict.by_tuis > 0 && verdict.in_place > 0,
        "a kind of writer made no change: nothing was tested"
    );
    assert!(
        verdict.renamed_in > 0 || tally.no_exchange,
        "the writer without a lock never renamed a file in"
    );
    assert!(
        verdict.changes() >= sizes.min_changes,
        "{} changes, fewer than the {} asked for",
        verdict.changes(),
        sizes.min_changes
    );
}
