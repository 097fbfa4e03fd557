//! The TUIs of a stress run, driven in pseudo-terminals: each moves its cursor to one of its own
//! cells, toggles it with Space and waits for the screen to show the change saved; at the end,
//! each must come to show the file as it is, and quit cleanly.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::time::Instant;

use roadmap_tui::model::Status;

use super::common::pty::Tui;
use super::ledger::{CellKey, Writer, status_word};
use super::rng::Rng;
use super::{Layout, PATIENCE, Run, TASKS, TERMINAL, Track};

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const RIGHT: &str = "\x1b[C";
const SPACE: &str = " ";

fn toggled(status: Status) -> Status {
    match status {
        Status::Done => Status::Todo,
        Status::Todo | Status::InProgress | Status::Skip => Status::Done,
    }
}

fn status_of_symbol(symbol: char) -> Option<Status> {
    match symbol {
        '✔' => Some(Status::Done),
        '◐' => Some(Status::InProgress),
        '·' => Some(Status::Todo),
        '⊘' => Some(Status::Skip),
        _ => None,
    }
}

/// Whether the title says the last change is on disk: neither "saving…" nor "not saved".
fn title_saved(screen: &str) -> bool {
    let title = screen.lines().next().unwrap_or_default();
    ["saving…", "guardando…", "not saved", "sin guardar"]
        .iter()
        .all(|word| !title.contains(word))
}

/// The state the detail pane shows for the cursor's track (marked ▶), named `name`.
fn detail_status(screen: &str, name: &str) -> Option<Status> {
    let marked = format!("▶{name} ");
    let line = screen.lines().find(|l| l.contains(&marked))?;
    let rest = line.split_once(&marked)?.1;
    status_of_symbol(rest.trim_start().chars().next()?)
}

/// Every cell as the grid shows it, if it shows them all: a task's row starts with its number
/// (after the border and the cursor's mark) and holds one symbol per track.
fn grid(screen: &str, layout: &Layout) -> Option<BTreeMap<CellKey, Status>> {
    let tracks: Vec<&Track> = layout.tracks().collect();
    let mut cells = BTreeMap::new();
    for line in screen.lines() {
        let row = line.trim_start_matches(['│', '▶', ' ']);
        let Some(Ok(task)) = row.split_whitespace().next().map(str::parse::<u32>) else {
            continue;
        };
        let symbols: Vec<Status> = row
            .split_whitespace()
            .filter_map(|word| {
                let mut chars = word.chars();
                chars
                    .next()
                    .filter(|_| chars.next().is_none())
                    .and_then(status_of_symbol)
            })
            .collect();
        if symbols.len() != tracks.len() {
            continue;
        }
        for (track, status) in tracks.iter().zip(symbols) {
            cells.insert((task, track.id), status);
        }
    }
    (cells.len() == tracks.len() * TASKS.len()).then_some(cells)
}

/// Polls the screen until `pred` holds of a whole frame; the error says what was awaited and
/// shows the screen. Only whole frames are judged: one caught half drawn can show, under the
/// detail pane's new title, the states of the task the cursor just left.
fn wait(tui: &Tui, what: &str, pred: impl Fn(&str) -> bool) -> Result<String, String> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(screen) = tui.frame().filter(|s| pred(s)) {
            return Ok(screen);
        }
        let screen = tui.screen();
        if Instant::now() > deadline {
            return Err(format!(
                "timed out waiting for {what}; the screen:\n{screen}"
            ));
        }
        std::thread::sleep(TERMINAL.poll);
    }
}

/// Waits for the TUI's first frame and puts the cursor on its track.
fn open_tui(run: &Run, n: usize, tui: &mut Tui) -> Result<(), String> {
    wait(tui, "the first frame", |s| s.contains("┌ Task 1 · "))?;
    // The TUIs' tracks come first, in order.
    for _ in 0..n {
        tui.send(RIGHT);
    }
    let marked = format!("▶{} ", run.layout.tuis[n].name);
    wait(tui, "the cursor on its track", |s| s.contains(&marked))?;
    Ok(())
}

/// Toggles the TUI's own cells, one at a time, each until it is shown saved, until told to stop.
fn drive_tui(run: &Run, n: usize, tui: &mut Tui) -> Result<(), String> {
    let track = &run.layout.tuis[n];
    let marked = format!("▶{} ", track.name);
    let mut rng = Rng::new(run.sizes.seed ^ (0x7001 + n as u64));
    let mut pos = 0;
    let mut shown = [Status::Todo; TASKS.len()];
    while !run.stop_tuis.load(Ordering::SeqCst) {
        let target = rng.below(TASKS.len() as u64) as usize;
        let key = if target > pos { DOWN } else { UP };
        for _ in 0..target.abs_diff(pos) {
            tui.send(key);
        }
        pos = target;
        let task = TASKS[pos];
        let here = format!("┌ Task {task} · ");
        wait(tui, &format!("the cursor on task {task}"), |s| {
            s.contains(&here) && s.contains(&marked)
        })?;
        let want = toggled(shown[pos]);
        let started = Instant::now();
        tui.send(SPACE);
        wait(
            tui,
            &format!("task {task} shown {} and saved", status_word(want)),
            |s| s.contains(&here) && detail_status(s, &track.name) == Some(want) && title_saved(s),
        )?;
        let acknowledged = Instant::now();
        shown[pos] = want;
        let read = run.read_whole()?;
        let times = (started, acknowledged);
        run.ledger
            .acknowledge(Writer::Tui(n), (task, track.id), want, times, &read);
    }
    Ok(())
}

pub fn tui_writer(run: &Run, n: usize) -> Tui {
    // Tall enough for the detail pane, which shows the cursor's cell and track, and wide enough
    // for the task's text beside every track.
    let cols = 40 + 10 * run.layout.tracks().count() as u16;
    let mut tui = run.sandbox.tui(cols, 40);
    let opened = open_tui(run, n, &mut tui);
    run.tuis_open.fetch_add(1, Ordering::SeqCst);
    if let Err(e) = opened.and_then(|()| drive_tui(run, n, &mut tui)) {
        run.problem(format!("TUI {}: {e}", n + 1));
    }
    tui
}

/// Once every writer has stopped: each TUI must come to show the file as it is, saved, and quit
/// cleanly with q.
pub fn settle_and_quit(run: &Run, tuis: &mut [Tui]) {
    let file = match run.read_whole() {
        Ok(read) => read.progress,
        Err(e) => return run.problem(e),
    };
    let want: BTreeMap<CellKey, Status> = run
        .layout
        .cells()
        .into_iter()
        .map(|(task, track)| ((task, track), file.status(task, track)))
        .collect();
    for (n, tui) in tuis.iter_mut().enumerate() {
        let shown = wait(tui, "the screen to show the file, saved", |s| {
            grid(s, &run.layout).as_ref() == Some(&want) && title_saved(s)
        });
        if let Err(e) = shown {
            run.problem(format!("TUI {}: {e}", n + 1));
        }
        tui.send("q");
        let status = tui.wait_exit();
        if !status.success() {
            run.problem(format!("TUI {} exited with {status:?}", n + 1));
        }
        if String::from_utf8_lossy(&tui.raw()).contains("panicked") {
            run.problem(format!("TUI {} panicked", n + 1));
        }
    }
}
