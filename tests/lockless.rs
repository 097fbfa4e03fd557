//! roadmap-tui saves beside a writer that takes no lock (git, Syncthing, an editor), on one file
//! of the seed's size, for a few seconds.
//!
//! Savers: three threads, each with its own `Store` on the file, each checking cells of its own
//! track one after another, a few milliseconds apart, and saving after each. A cell is
//! acknowledged when a save that holds it returns `Ok`. The lock-less writer: one thread that
//! reads the file, checks one new cell of its own track, and puts the result back, by renaming a
//! new file over it or by writing it in place (truncate, then write), in turn. A write is
//! acknowledged once it has completed.
//!
//! What a save guarantees: it never removes anything it did not see, and every change a
//! lock-less writer put on disk is merged in by the next save, whether the writer got in before
//! that save read the file or between its read and its swap; where a save had to give up (a
//! writer that changed the file on every one of its rounds, or one writing in place slower than a
//! save waits for it), what it could not take in is in the copy it kept beside the file and named
//! in its error.
//!
//! What no save can guarantee, and how the test stands clear of it: a lock-less writer reads
//! before it writes, so a save that lands in between is undone by its write, its own doing.
//! Savers' cells lost that way are written again by the saver's next save; so they are checked
//! once each saver has saved again, the lock-less writer stopped. The lock-less writer could
//! undo its own change too: a save that swaps its version out lands its own file first and the
//! merged one a round later, and a read in between finds the writer's last cell missing. This
//! writer is careful: it builds only on a file that holds its last cell (or finds that cell in a
//! kept copy), waiting for it otherwise. So every acknowledged lock-less cell must be in the final
//! file or in a kept copy, and no wait may time out (`lost` counts both).
//!
//! `ROADMAP_TUI_LOCKLESS_SECS` sets the length of the run (3 s by default). The figures go to
//! stderr on a line starting with `lockless:`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use roadmap_tui::model::{Progress, Status};
use roadmap_tui::state::{self, StateError, Store};

const SAVERS: usize = 3;

/// The seed's tracks and its number of tasks: the file starts at the seed's size, every cell
/// done.
const TRACKS: [&str; 6] = ["python", "node", "go", "php", "kotlin", "java"];
const TASKS: u32 = 105;

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

fn json(progress: &Progress) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(progress).expect("serialize");
    bytes.push(b'\n');
    bytes
}

fn run_for() -> Duration {
    let secs = std::env::var("ROADMAP_TUI_LOCKLESS_SECS")
        .ok()
        .map_or(3.0, |v| {
            v.trim().parse::<f64>().expect("a number of seconds")
        });
    Duration::from_secs_f64(secs)
}

/// What one saver did.
#[derive(Default)]
struct Saver {
    acknowledged: Vec<u32>,
    saves: usize,
    /// Failed saves, the change left for the next save: read a file being written in place (as
    /// a save did before the exchange), gave up, other.
    half_written: usize,
    gave_up: usize,
    failed: Vec<String>,
    /// Saves that reported taking a lock-less writer's cell.
    took_lockless: usize,
}

fn saver(path: PathBuf, me: usize, stop: Arc<AtomicBool>) -> Saver {
    let track = format!("s{me}");
    let (mut store, mut progress) = Store::open(&path).expect("open");
    let mut out = Saver::default();
    let mut pending = Vec::new();
    let mut task = 1000;
    let save = |store: &mut Store, progress: &mut Progress, out: &mut Saver| {
        out.saves += 1;
        match store.save(progress) {
            Ok(merged) => {
                if let Some(merged) = merged {
                    if merged.report.taken.iter().any(|(_, t)| t == "w") {
                        out.took_lockless += 1;
                    }
                    *progress = merged.progress;
                }
                true
            }
            Err(e) => {
                match e {
                    StateError::Json { .. } => out.half_written += 1,
                    StateError::Contended { .. } | StateError::Kept { .. } => out.gave_up += 1,
                    e => out.failed.push(e.to_string()),
                }
                // As the TUI does, the change waits for the next save.
                thread::sleep(Duration::from_millis(5));
                false
            }
        }
    };
    while !stop.load(Ordering::Relaxed) {
        task += 1;
        progress.set_status(task, &track, Status::Done, &now());
        pending.push(task);
        if save(&mut store, &mut progress, &mut out) {
            out.acknowledged.append(&mut pending);
        }
        // A person's pace, fast: 5 to 25 ms between changes.
        thread::sleep(Duration::from_millis(5 + u64::from(task * 7919 % 21)));
    }
    // The lock-less writer has stopped: one more save (retried, in case it failed) brings back
    // whatever of ours that writer undid.
    while !save(&mut store, &mut progress, &mut out) {
        thread::sleep(Duration::from_millis(10));
    }
    out.acknowledged.append(&mut pending);
    out
}

/// What the lock-less writer did.
#[derive(Default)]
struct Lockless {
    acknowledged: Vec<u32>,
    renamed: usize,
    in_place: usize,
    unreadable: usize,
    /// Reads that found its last cell missing, and were made again.
    waited: usize,
    /// Its last cells that did not come back within `COME_BACK`.
    missing: Vec<u32>,
}

/// How long the lock-less writer waits for its last cell to come back before it counts it lost.
const COME_BACK: Duration = Duration::from_secs(3);

fn lockless(path: PathBuf, until: Instant) -> Lockless {
    let mut out = Lockless::default();
    let tmp = path.with_file_name("progress.json.theirs");
    let mut task = 5000;
    let mut missing_since: Option<Instant> = None;
    while Instant::now() < until {
        let bytes = fs::read(&path).expect("read");
        let Ok(mut progress) = state::parse(&path, &bytes) else {
            out.unreadable += 1;
            continue;
        };
        let last_there = task == 5000
            || progress.status(task, "w") == Status::Done
            || in_kept_copies(&path, task);
        if !last_there {
            let since = *missing_since.get_or_insert_with(Instant::now);
            if since.elapsed() < COME_BACK {
                out.waited += 1;
                thread::sleep(Duration::from_millis(2));
                continue;
            }
            out.missing.push(task);
        }
        missing_since = None;
        task += 1;
        progress.set_status(task, "w", Status::Done, &now());
        let bytes = json(&progress);
        if task % 2 == 0 {
            fs::write(&tmp, &bytes).expect("write");
            fs::rename(&tmp, &path).expect("rename");
            out.renamed += 1;
        } else {
            fs::write(&path, &bytes).expect("write in place");
            out.in_place += 1;
        }
        out.acknowledged.push(task);
        // A pause about the length of a save (10 to 60 ms), so that both kinds of meeting happen
        // often: a write before a save reads the file, and one between its read and its swap.
        thread::sleep(Duration::from_millis(10 + u64::from(task * 7919 % 51)));
    }
    out
}

fn in_kept_copies(path: &Path, task: u32) -> bool {
    state::sync_conflicts(path)
        .iter()
        .any(|copy| state::read(copy).is_ok_and(|p| p.status(task, "w") == Status::Done))
}

fn done(path: &Path, track: &str) -> BTreeSet<u32> {
    state::read(path)
        .expect("the final file reads")
        .cells()
        .filter(|(_, t, c)| *t == track && c.status == Status::Done)
        .map(|(task, _, _)| task.parse().expect("a task number"))
        .collect()
}

#[test]
fn no_acknowledged_change_is_lost_beside_a_writer_that_takes_no_lock() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.json");
    let mut seed = Progress::default();
    for task in 1..=TASKS {
        for track in TRACKS {
            seed.set_status(task, track, Status::Done, &now());
        }
    }
    fs::write(&path, json(&seed)).expect("the seed-size file");
    let size = fs::metadata(&path).expect("size").len();

    let stop = Arc::new(AtomicBool::new(false));
    let until = Instant::now() + run_for();
    let savers: Vec<_> = (0..SAVERS)
        .map(|me| {
            let (path, stop) = (path.clone(), Arc::clone(&stop));
            thread::spawn(move || saver(path, me, stop))
        })
        .collect();
    let writer = {
        let path = path.clone();
        thread::spawn(move || lockless(path, until))
    };
    let writer = writer.join().expect("the lock-less writer");
    stop.store(true, Ordering::Relaxed);
    let savers: Vec<Saver> = savers
        .into_iter()
        .map(|s| s.join().expect("a saver"))
        .collect();

    // Copies kept of a version a save could not take in (the error names each); only when the
    // lock-less writer leaves no save a moment's peace, or writes in place slower than a save
    // waits for it.
    let names: BTreeSet<String> = fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let copies: Vec<PathBuf> = state::sync_conflicts(&path);
    let mut written = done(&path, "w");
    let in_file = written.len();
    for copy in &copies {
        written.extend(done(copy, "w"));
    }
    let mut lost_lockless: BTreeSet<u32> = writer
        .acknowledged
        .iter()
        .copied()
        .filter(|t| !written.contains(t))
        .collect();
    lost_lockless.extend(&writer.missing);
    let mut lost_saved: Vec<u32> = Vec::new();
    for (me, s) in savers.iter().enumerate() {
        let on_disk = done(&path, &format!("s{me}"));
        lost_saved.extend(s.acknowledged.iter().filter(|t| !on_disk.contains(t)));
    }
    let sum = |f: fn(&Saver) -> usize| savers.iter().map(f).sum::<usize>();
    let acknowledged = sum(|s| s.acknowledged.len());
    let failed: Vec<&String> = savers.iter().flat_map(|s| &s.failed).collect();
    eprintln!(
        "lockless: {:.0} s on a file of {size} bytes at the start; {} lock-less writes ({} \
         renamed over, {} in place, {} reads made again to find the last one): {in_file} in the \
         file, {} only in {} kept copies, {} lost; {} saves by {SAVERS} savers: {} took in a \
         lock-less cell, {} failed on a file half written in place, {} gave up, {} failed \
         otherwise; {acknowledged} cells acknowledged, {} lost",
        run_for().as_secs_f64(),
        writer.acknowledged.len(),
        writer.renamed,
        writer.in_place,
        writer.waited,
        written.len() - in_file,
        copies.len(),
        lost_lockless.len(),
        sum(|s| s.saves),
        sum(|s| s.took_lockless),
        sum(|s| s.half_written),
        sum(|s| s.gave_up),
        failed.len(),
        lost_saved.len(),
    );
    assert_eq!(failed, Vec::<&String>::new(), "saves failed");
    assert!(writer.acknowledged.len() > 10, "too few lock-less writes");
    assert!(acknowledged > 10, "too few saves");
    assert_eq!(
        writer.unreadable, 0,
        "the lock-less writer read a broken file"
    );
    assert_eq!(lost_lockless, BTreeSet::new(), "lock-less writes lost");
    assert_eq!(lost_saved, Vec::<u32>::new(), "acknowledged saves lost");
    // Nothing else is left beside the file: no temp file, no lock.
    let mut expected: BTreeSet<String> = copies
        .iter()
        .map(|c| c.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    expected.insert("progress.json".to_owned());
    assert_eq!(names, expected);
}
