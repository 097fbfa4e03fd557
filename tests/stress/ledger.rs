//! The ledger of a stress run: every change a writer made and had acknowledged, what each later
//! read of the file showed of it, and at the end which changes were lost.
//!
//! Each cell has one writer, so the order of a cell's values is the order of its stamps: every
//! change is stamped above the one it replaces (the clock's rule), and only its own writer
//! replaces it. A value is *older* than a change when its stamp is lower, or when it has the
//! change's stamp but not its status. The ledger keeps, per cell, a `Promise`: the latest change
//! acknowledged so far (`stress.rs` says what acknowledges one), and holds every later read to it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use roadmap_tui::model::{Progress, Status};

/// A cell: task number and track id.
pub type CellKey = (u32, &'static str);

/// A cell as the file holds it: its status and the stamp of its state (`None`: never changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Value {
    pub status: Status,
    pub stamp: Option<Timestamp>,
}

impl Value {
    pub fn in_file(progress: &Progress, (task, track): CellKey) -> Value {
        Value {
            status: progress.status(task, track),
            stamp: progress
                .cell(task, track)
                .and_then(|c| c.changed_at.as_deref())
                .and_then(|s| s.parse().ok()),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = status_word(self.status);
        match self.stamp {
            Some(stamp) => write!(f, "{status} stamped {stamp}"),
            None => write!(f, "{status}, never stamped"),
        }
    }
}

/// Who made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// The n-th command-line writer (`check`, `uncheck`, `start`).
    Command(usize),
    /// The n-th TUI.
    Tui(usize),
    /// The writer without a lock, and how it wrote.
    Lockless(How),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    RenamedIn,
    InPlace,
}

impl fmt::Display for Writer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Writer::Command(n) => write!(f, "command writer {}", n + 1),
            Writer::Tui(n) => write!(f, "TUI {}", n + 1),
            Writer::Lockless(How::RenamedIn) => write!(f, "the writer without a lock (renamed in)"),
            Writer::Lockless(How::InPlace) => write!(f, "the writer without a lock (in place)"),
        }
    }
}

/// The latest acknowledged change of a cell, which every later read must hold or have gone past.
#[derive(Debug, Clone, Copy)]
pub struct Promise {
    /// The change's place in the ledger.
    pub change: usize,
    pub status: Status,
    /// The change's stamp, when known: the writer without a lock knows it; a command's or a
    /// TUI's is read back from the file right after the acknowledgement.
    pub stamp: Option<Timestamp>,
    /// The stamp of the cell's change before this one: a read-back that does not show this
    /// change leaves its stamp unknown, and the promise is then only to be newer than this.
    pub floor: Option<Timestamp>,
}

impl Promise {
    /// Whether `seen` is this change or a later one of the same writer.
    pub fn kept_by(&self, seen: Value) -> bool {
        match self.stamp {
            Some(stamp) => {
                seen.stamp > Some(stamp)
                    || (seen.stamp == Some(stamp) && seen.status == self.status)
            }
            None => seen.stamp > self.floor,
        }
    }

    /// Whether `seen` is this very change: what the file must hold once every writer stopped.
    fn exactly(&self, seen: Value) -> bool {
        match self.stamp {
            Some(stamp) => {
                seen == Value {
                    status: self.status,
                    stamp: Some(stamp),
                }
            }
            None => seen.status == self.status && seen.stamp > self.floor,
        }
    }
}

/// One acknowledged change (for the writer without a lock, one done write).
#[derive(Debug, Clone, Copy)]
pub struct Change {
    pub writer: Writer,
    pub cell: CellKey,
    pub status: Status,
    /// Its stamp, when known (see `Promise`).
    pub stamp: Option<Timestamp>,
    /// When its writer set out to make it (before it could read the file for it).
    pub started: Instant,
    pub acknowledged: Instant,
}

/// A read of the file, from just before it was opened to just after it was read.
pub struct Read {
    pub from: Instant,
    pub to: Instant,
    pub progress: Progress,
}

/// Where a change was seen missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Witness {
    /// The writer's own read right after the acknowledgement.
    ReadBack,
    /// The checker's reads.
    LaterRead,
    /// The writer without a lock, back at the cell for its next change: the file had lost its
    /// last write there, and did not get it back within its grace period.
    NextWrite,
    /// The file once every writer had stopped.
    FinalFile,
}

/// A read that showed a cell older than its promise.
#[derive(Debug, Clone, Copy)]
struct Suspect {
    change: usize,
    from: Instant,
    to: Instant,
    seen: Value,
    witness: Witness,
}

/// A window in which the writer without a lock had put in a file that lacked changes of others
/// (it replaced a file it had not read), until it put them back.
#[derive(Debug, Clone)]
struct Mend {
    from: Instant,
    to: Instant,
    cells: BTreeSet<CellKey>,
}

/// How long after a mend its shadow lasts: a save that read the file while the writer without a
/// lock had it out of place writes what it read, and puts back what that lacked, within that
/// one save.
pub const SHADOW: Duration = Duration::from_secs(1);

impl Mend {
    /// Whether a change or a read of `cell` from `from` to `to` falls in this mend's shadow.
    fn shades(&self, cell: CellKey, from: Instant, to: Instant) -> bool {
        self.cells.contains(&cell) && from <= self.to + SHADOW && self.from <= to
    }
}

#[derive(Default)]
struct Inner {
    changes: Vec<Change>,
    promises: BTreeMap<CellKey, Promise>,
    suspects: Vec<Suspect>,
    mends: Vec<Mend>,
    reads: u64,
    unparsable: u64,
    /// Reads in which a write without the lock was missing for a moment (see `Witness`).
    lockless_missing: u64,
}

pub struct Ledger {
    start: Instant,
    inner: Mutex<Inner>,
}

/// What a run comes to.
pub struct Verdict {
    pub by_commands: u64,
    pub by_tuis: u64,
    pub renamed_in: u64,
    pub in_place: u64,
    pub reads: u64,
    pub unparsable: u64,
    pub mends: u64,
    /// Reads that saw a change missing in a mend's shadow (see `SHADOW`).
    pub excused: u64,
    /// Changes made in a mend's shadow that were then seen missing: not judged.
    pub shadowed: u64,
    pub lockless_missing: u64,
    /// Acknowledged changes of commands and TUIs seen missing.
    pub lost: u64,
    /// Writes of the writer without a lock gone for good.
    pub lost_lockless: u64,
    /// Lost changes by kind of writer and where they were first seen missing.
    pub lost_by: BTreeMap<String, u64>,
    /// The first few lost changes, described.
    pub shown: Vec<String>,
}

impl Verdict {
    pub fn changes(&self) -> u64 {
        self.by_commands + self.by_tuis + self.renamed_in + self.in_place
    }
}

impl Ledger {
    pub fn new(start: Instant) -> Ledger {
        Ledger {
            start,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The promises as they stand: taken before a read starts, they are what it must hold.
    pub fn promises(&self) -> BTreeMap<CellKey, Promise> {
        self.inner.lock().unwrap().promises.clone()
    }

    pub fn promise(&self, cell: CellKey) -> Option<Promise> {
        self.inner.lock().unwrap().promises.get(&cell).copied()
    }

    /// A command's or a TUI's change, set out at `started`, was acknowledged at `acknowledged`;
    /// `read_back` is the first whole read of the file after it. The change is identified there
    /// by its status and a stamp above the cell's previous one; a read-back that does not show it
    /// is a read that lost it.
    pub fn acknowledge(
        &self,
        writer: Writer,
        cell: CellKey,
        status: Status,
        (started, acknowledged): (Instant, Instant),
        read_back: &Read,
    ) {
        let seen = Value::in_file(&read_back.progress, cell);
        let mut inner = self.inner.lock().unwrap();
        inner.reads += 1;
        let floor = inner.promises.get(&cell).and_then(|p| p.stamp.or(p.floor));
        let found = seen.status == status && seen.stamp > floor;
        let stamp = if found { seen.stamp } else { None };
        let change = inner.changes.len();
        inner.changes.push(Change {
            writer,
            cell,
            status,
            stamp,
            started,
            acknowledged,
        });
        inner.promises.insert(
            cell,
            Promise {
                change,
                status,
                stamp,
                floor,
            },
        );
        if !found {
            inner.suspects.push(Suspect {
                change,
                from: read_back.from,
                to: read_back.to,
                seen,
                witness: Witness::ReadBack,
            });
        }
    }

    /// The writer without a lock finished a write, set out at `started`, that put `value` in
    /// `cell`.
    pub fn wrote(
        &self,
        how: How,
        cell: CellKey,
        value: Value,
        (started, done): (Instant, Instant),
    ) {
        let mut inner = self.inner.lock().unwrap();
        let floor = inner.promises.get(&cell).and_then(|p| p.stamp.or(p.floor));
        let change = inner.changes.len();
        inner.changes.push(Change {
            writer: Writer::Lockless(how),
            cell,
            status: value.status,
            stamp: value.stamp,
            started,
            acknowledged: done,
        });
        inner.promises.insert(
            cell,
            Promise {
                change,
                status: value.status,
                stamp: value.stamp,
                floor,
            },
        );
    }

    /// The writer without a lock came back to `cell` and found its last write there gone: a
    /// read from `from` to `to` showed `seen`, and so did every read for its grace period after.
    pub fn gone(&self, cell: CellKey, from: Instant, to: Instant, seen: Value) {
        let mut inner = self.inner.lock().unwrap();
        if let Some(promise) = inner.promises.get(&cell).copied() {
            inner.suspects.push(Suspect {
                change: promise.change,
                from,
                to,
                seen,
                witness: Witness::NextWrite,
            });
        }
    }

    /// The writer without a lock replaced a file it had not read, from `from`, and had put back
    /// the changes of `cells` it held by `to`.
    pub fn mended(&self, from: Instant, to: Instant, cells: BTreeSet<CellKey>) {
        self.inner
            .lock()
            .unwrap()
            .mends
            .push(Mend { from, to, cells });
    }

    pub fn unparsable(&self) {
        self.inner.lock().unwrap().unparsable += 1;
    }

    /// Holds a read to the promises taken before it started. A write without the lock missing
    /// from it is only counted (a save that replaced the file under it puts it back at once;
    /// whether it did is judged by the writer's next write there, and the final file).
    pub fn check(&self, promises: &BTreeMap<CellKey, Promise>, read: &Read) {
        let mut inner = self.inner.lock().unwrap();
        inner.reads += 1;
        for (&cell, promise) in promises {
            let seen = Value::in_file(&read.progress, cell);
            if promise.kept_by(seen) {
                continue;
            }
            if matches!(inner.changes[promise.change].writer, Writer::Lockless(_)) {
                inner.lockless_missing += 1;
            } else {
                inner.suspects.push(Suspect {
                    change: promise.change,
                    from: read.from,
                    to: read.to,
                    seen,
                    witness: Witness::LaterRead,
                });
            }
        }
    }

    /// Holds the final file to every promise (commands' and TUIs' changes exactly: none is in
    /// flight any more) and judges every suspect.
    pub fn verdict(&self, last: &Read) -> Verdict {
        let mut inner = self.inner.lock().unwrap();
        let promises: Vec<(CellKey, Promise)> =
            inner.promises.iter().map(|(c, p)| (*c, *p)).collect();
        for (cell, promise) in promises {
            let seen = Value::in_file(&last.progress, cell);
            let kept = match inner.changes[promise.change].writer {
                Writer::Lockless(_) => promise.kept_by(seen),
                _ => promise.exactly(seen),
            };
            if !kept {
                inner.suspects.push(Suspect {
                    change: promise.change,
                    from: last.from,
                    to: last.to,
                    seen,
                    witness: Witness::FinalFile,
                });
            }
        }
        let count = |pred: &dyn Fn(&Writer) -> bool| {
            inner.changes.iter().filter(|c| pred(&c.writer)).count() as u64
        };
        let mut verdict = Verdict {
            by_commands: count(&|w| matches!(w, Writer::Command(_))),
            by_tuis: count(&|w| matches!(w, Writer::Tui(_))),
            renamed_in: count(&|w| *w == Writer::Lockless(How::RenamedIn)),
            in_place: count(&|w| *w == Writer::Lockless(How::InPlace)),
            reads: inner.reads,
            unparsable: inner.unparsable,
            mends: inner.mends.len() as u64,
            excused: 0,
            shadowed: 0,
            lockless_missing: inner.lockless_missing,
            lost: 0,
            lost_lockless: 0,
            lost_by: BTreeMap::new(),
            shown: Vec::new(),
        };
        let mut lost = BTreeSet::new();
        let mut shadowed = BTreeSet::new();
        let mut suspects = inner.suspects.clone();
        suspects.sort_by_key(|s| s.from);
        for suspect in &suspects {
            let change = inner.changes[suspect.change];
            let shaded = |from, to| inner.mends.iter().any(|m| m.shades(change.cell, from, to));
            // A change made while the file was out of place may have been made on what it then
            // held, and lose to the change it never saw; a read then may see either.
            if shaded(change.started, change.acknowledged) {
                shadowed.insert(suspect.change);
                continue;
            }
            if suspect.witness != Witness::FinalFile && shaded(suspect.from, suspect.to) {
                verdict.excused += 1;
                continue;
            }
            let key = match change.writer {
                Writer::Command(_) => "a command's change",
                Writer::Tui(_) => "a TUI's change",
                Writer::Lockless(How::RenamedIn) => "a write renamed in without the lock",
                Writer::Lockless(How::InPlace) => "a write in place without the lock",
            };
            let by = match suspect.witness {
                Witness::ReadBack => "missing from the read right after its acknowledgement",
                Witness::LaterRead => "missing from a later read",
                Witness::NextWrite => "gone when its writer came back to the cell",
                Witness::FinalFile => "missing from the final file",
            };
            if !lost.insert(suspect.change) {
                continue;
            }
            *verdict.lost_by.entry(format!("{key}, {by}")).or_default() += 1;
            match change.writer {
                Writer::Lockless(_) => verdict.lost_lockless += 1,
                _ => verdict.lost += 1,
            }
            if verdict.shown.len() < 12 {
                let at = |t: Instant| t.saturating_duration_since(self.start).as_secs_f64();
                let (task, track) = change.cell;
                verdict.shown.push(format!(
                    "task {task} × {track}: {} by {} at {:.3} s{}; a read at {:.3}–{:.3} s ({by}) \
                     showed {}",
                    status_word(change.status),
                    change.writer,
                    at(change.acknowledged),
                    match change.stamp {
                        Some(stamp) => format!(" stamped {stamp}"),
                        None => String::new(),
                    },
                    at(suspect.from),
                    at(suspect.to),
                    suspect.seen
                ));
            }
        }
        verdict.shadowed = shadowed.len() as u64;
        verdict
    }
}

/// A state as the command line words it.
pub fn status_word(status: Status) -> &'static str {
    match status {
        Status::Todo => "todo",
        Status::InProgress => "in progress",
        Status::Done => "done",
        Status::Skip => "skipped",
    }
}
