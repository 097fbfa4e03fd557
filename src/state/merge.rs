//! Merging two copies of the progress so that no writer loses another's change: a join of
//! registers.
//!
//! Every part that can change on its own is a last-writer-wins register with a stamp (see
//! `clock` and `model::progress`): a cell's state (with its dates, review schedule and the
//! evidence of the run of its tests that made it done, one unit, stamped by `changed_at`), a
//! cell's note (`note_at`), its last failed run of its tests (`verify_failed.at`), and each
//! setting (see
//! `progress::registers`). The merge keeps, part by part, the greater of (stamp, value), where a
//! stamp this machine does not trust (too far in the future) or a part never stamped (a version 1
//! or 2 file) sorts below every trusted stamp, and equal stamps fall to the value's order. That
//! is a join: commutative, associative and idempotent, so copies merged in any order, any number
//! of times, end up the same.
//!
//! The base (what both sides started from: this process's last read, or git's merge base) is
//! used only where it adds what the stamps cannot say: a note edited on both sides since the base
//! keeps both texts, the later first; and a setting neither side stamped (a version 1 or 2 file)
//! takes the side that changed it. Without a base (a sync tool's conflicted copy) the later note
//! wins.
//!
//! Fields this build does not know carry no stamp: a cell's and the file's merge key by key, a
//! value that differs on the two sides taking the greater in JSON order.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use jiff::Timestamp;
use serde_json::{Map, Value};

use crate::clock::trusted;
use crate::model::progress::{Cell, Progress, Registers, Settings, Status};

/// What a merge took from `theirs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Cells whose merged content differs from ours: (task key, track id).
    pub taken: Vec<(String, String)>,
    /// Cells where both sides had changed and ours was kept, at least in part.
    pub kept_ours: Vec<(String, String)>,
    /// Cells whose note now holds both sides' texts.
    pub notes_joined: Vec<(String, String)>,
    /// Whether the settings or other fields changed.
    pub settings_changed: bool,
}

impl Report {
    /// Whether the merge changed anything relative to ours.
    pub fn changed(&self) -> bool {
        !self.taken.is_empty() || self.settings_changed
    }
}

/// Merges `ours` and `theirs`, which both started from `base` (`None`: unknown), judging stamps
/// by this machine's clock.
pub fn merge(base: Option<&Progress>, ours: &Progress, theirs: &Progress) -> (Progress, Report) {
    merge_at(base, ours, theirs, Timestamp::now())
}

/// `merge`, with stamps judged against `wall` (stamps beyond it by more than
/// `clock::MAX_AHEAD` are not trusted).
pub fn merge_at(
    base: Option<&Progress>,
    ours: &Progress,
    theirs: &Progress,
    wall: Timestamp,
) -> (Progress, Report) {
    let mut merged = Progress::default();
    let mut report = Report::default();
    let tasks: BTreeSet<&str> = ours.task_keys().chain(theirs.task_keys()).collect();
    for task in tasks {
        // Copies made in this process share the tasks neither changed: a task that is the very
        // same on both sides merges whole, without a look at its cells.
        let (o, t) = (ours.task_shared(task), theirs.task_shared(task));
        if let (Some(o), Some(t)) = (o, t)
            && Arc::ptr_eq(o, t)
        {
            merged.put_task(task, Some(Arc::clone(o)));
            continue;
        }
        let (oc, tc) = (o.map(|c| &**c), t.map(|c| &**c));
        // A task read anew from disk that holds what ours holds: ours, whole.
        if let (Some(o), Some(_)) = (o, t)
            && oc == tc
        {
            merged.put_task(task, Some(Arc::clone(o)));
            continue;
        }
        let bc = base.and_then(|b| b.task_cells(task));
        let tracks: BTreeSet<&str> = [oc, tc]
            .into_iter()
            .flatten()
            .flat_map(|c| c.keys().map(|k| k.as_str()))
            .collect();
        for track in tracks {
            let o = oc.and_then(|c| c.get(track));
            let t = tc.and_then(|c| c.get(track));
            let b = base.map(|_| bc.and_then(|c| c.get(track)));
            let (cell, joined) = join_cell(b, o, t, wall);
            let id = (task.to_owned(), track.to_owned());
            if cell.as_ref() != o {
                report.taken.push(id.clone());
            }
            if joined {
                report.notes_joined.push(id.clone());
            }
            let changed_since_base = |c: Option<&Cell>| match b {
                Some(b) => c != b,
                None => c.is_some(),
            };
            if o != t && changed_since_base(o) && changed_since_base(t) && cell.as_ref() != t {
                report.kept_ours.push(id);
            }
            merged.put_raw(task, track, cell);
        }
    }
    merged.settings = join_settings(
        base.map(|b| &b.settings),
        &ours.settings,
        &theirs.settings,
        wall,
    );
    merged.extra = match join_value(
        Some(&Value::Object(ours.extra.clone())),
        Some(&Value::Object(theirs.extra.clone())),
    ) {
        Some(Value::Object(extra)) => extra,
        _ => Map::new(),
    };
    merged.version = merged.needed_version();
    report.settings_changed = merged.settings != ours.settings || merged.extra != ours.extra;
    (merged, report)
}

/// The stamp a part is judged by: its own, trusted; for a cell of a version 1 file, which has
/// none, the later of its dates.
fn cell_time(stamp: Option<&str>, cell: &Cell, wall: Timestamp) -> Option<Timestamp> {
    match stamp {
        Some(_) => trusted(stamp, wall),
        None if cell.changed_at.is_none() => {
            let date = |d: &Option<compact_str::CompactString>| trusted(d.as_deref(), wall);
            date(&cell.done_at).max(date(&cell.started_at))
        }
        None => None,
    }
}

/// Orders two cells' states: stamp, then how far along, then the state's own text, so that two
/// different states never tie.
fn compare_state(a: &Cell, b: &Cell, wall: Timestamp) -> Ordering {
    cell_time(a.changed_at.as_deref(), a, wall)
        .cmp(&cell_time(b.changed_at.as_deref(), b, wall))
        .then_with(|| a.status.rank().cmp(&b.status.rank()))
        .then_with(|| state_text(a).cmp(&state_text(b)))
}

/// The state's parts as text, for the last tie-break.
fn state_text(c: &Cell) -> String {
    let more = c.more();
    serde_json::to_string(&(
        &c.changed_at,
        &c.started_at,
        &c.done_at,
        &more.review_due,
        more.reviews,
        &more.reviewed_at,
        &more.verified,
    ))
    .unwrap_or_default()
}

/// Orders two cells' notes: stamp, then text.
fn compare_note(a: &Cell, b: &Cell, wall: Timestamp) -> Ordering {
    let time = |c: &Cell| {
        let stamp = c.note_stamp();
        match stamp {
            Some(_) => trusted(stamp, wall),
            // A note of a version 1 file: as old as its cell.
            None if c.note().is_some() => cell_time(None, c, wall),
            None => None,
        }
    };
    time(a)
        .cmp(&time(b))
        .then_with(|| a.note_stamp().cmp(&b.note_stamp()))
        .then_with(|| a.note().cmp(&b.note()))
}

/// Joins one cell; `base` is `None` for a two-way merge, `Some(None)` where the base had no
/// such cell. Returns the cell and whether its note now holds both sides' texts.
fn join_cell(
    base: Option<Option<&Cell>>,
    ours: Option<&Cell>,
    theirs: Option<&Cell>,
    wall: Timestamp,
) -> (Option<Cell>, bool) {
    let (o, t) = match (ours, theirs) {
        (Some(o), Some(t)) if o != t => (o, t),
        // The same, or only one side has the cell: nothing to join.
        (o, t) => return (o.or(t).cloned(), false),
    };
    let state = if compare_state(o, t, wall) == Ordering::Less {
        t
    } else {
        o
    };
    let (later, earlier) = if compare_note(o, t, wall) == Ordering::Less {
        (t, o)
    } else {
        (o, t)
    };
    let mut cell = state.clone();
    // The last failed run of the tests is a register of its own: the later one.
    let failed = match (o.verify_failed(), t.verify_failed()) {
        (Some(a), Some(b)) if b.newer_than(a, wall) => Some(b),
        (a, b) => a.or(b),
    };
    cell.more_mut().verify_failed = failed.cloned();
    // Fields this build does not know carry no stamp: both sides' are kept, key by key.
    if o.extra() != t.extra()
        && let Some(Value::Object(extra)) = join_value(
            Some(&Value::Object(o.extra().clone())),
            Some(&Value::Object(t.extra().clone())),
        )
    {
        cell.more_mut().extra = extra;
    }
    // Only a done cell has a review schedule: a merged todo carries none.
    if cell.status != Status::Done {
        cell.clear_review();
    }
    let base_note = base.map(|b| b.and_then(Cell::note));
    let note = joined_note(base_note, later.note(), earlier.note());
    let joined = note.as_deref() != later.note() && note.as_deref() != earlier.note();
    let note_at = later.note_stamp().map(compact_str::CompactString::from);
    cell.more_mut().note = note;
    cell.more_mut().note_at = note_at;
    cell.tidy();
    (Some(cell), joined)
}

/// The note: the later one; but a note changed on both sides since `base` keeps both texts, the
/// later first, unless one already holds the other.
fn joined_note(
    base: Option<Option<&str>>,
    later: Option<&str>,
    earlier: Option<&str>,
) -> Option<String> {
    let both_changed = base.is_some_and(|b| later != b && earlier != b && later != earlier);
    if !both_changed {
        return later.map(str::to_owned);
    }
    match (later, earlier) {
        (Some(l), Some(e)) if l.contains(e) => Some(l.to_owned()),
        (Some(l), Some(e)) if e.contains(l) => Some(e.to_owned()),
        (Some(l), Some(e)) => Some(format!("{l}\n\n{e}")),
        // One side cleared the note while the other edited it: the edit is kept.
        (l, e) => l.or(e).map(str::to_owned),
    }
}

/// Joins the settings register by register (see `progress::registers`). A register neither
/// side has stamped (a version 1 or 2 file's) has only the base to go by: the side that changed
/// it since the base wins.
fn join_settings(
    base: Option<&Settings>,
    ours: &Settings,
    theirs: &Settings,
    wall: Timestamp,
) -> Settings {
    if ours == theirs {
        return ours.clone();
    }
    let (o, t) = (ours.registers(), theirs.registers());
    let b = base.map(Settings::registers);
    let names: BTreeSet<&String> = o
        .keys()
        .chain(t.keys())
        .chain(ours.stamps.keys())
        .chain(theirs.stamps.keys())
        .collect();
    let mut values = BTreeMap::new();
    let mut stamps = BTreeMap::new();
    for name in names {
        let side = |regs: &Registers, s: &Settings| {
            let stamp = s.stamps.get(name.as_str());
            (
                trusted(stamp.map(|s| s.as_str()), wall),
                stamp.cloned(),
                regs.get(name.as_str()).map(|v| v.to_string()),
                regs.get(name.as_str()).cloned(),
            )
        };
        let a = side(&o, ours);
        let z = side(&t, theirs);
        let unstamped = a.0.is_none() && z.0.is_none();
        let base_value = b.as_ref().map(|b| b.get(name.as_str()));
        let winner = match base_value {
            Some(bv) if unstamped && a.3.as_ref() == bv => z,
            Some(bv) if unstamped && z.3.as_ref() == bv => a,
            _ if (&a.0, &a.1, &a.2) >= (&z.0, &z.1, &z.2) => a,
            _ => z,
        };
        if let Some(stamp) = winner.1 {
            stamps.insert(name.clone(), stamp);
        }
        if let Some(value) = winner.3 {
            values.insert(name.clone(), value);
        }
    }
    Settings::from_registers(values, stamps)
}

/// Joins JSON values key by key; `None` is an absent key. Two different values keep the greater
/// in JSON text order, so the result does not depend on which side is which.
fn join_value(ours: Option<&Value>, theirs: Option<&Value>) -> Option<Value> {
    match (ours, theirs) {
        (a, b) if a == b => a.cloned(),
        (Some(Value::Object(o)), Some(Value::Object(t))) => {
            let mut out = Map::new();
            let keys: BTreeSet<&String> = o.keys().chain(t.keys()).collect();
            for key in keys {
                if let Some(v) = join_value(o.get(key), t.get(key)) {
                    out.insert(key.clone(), v);
                }
            }
            Some(Value::Object(out))
        }
        (Some(a), Some(b)) => {
            let (ta, tb) = (a.to_string(), b.to_string());
            Some(if ta >= tb { a } else { b }.clone())
        }
        (a, b) => a.or(b).cloned(),
    }
}

/// Stamps, as changes made at `now`, the parts of `disk` that differ from `base` while keeping
/// its stamp: edits by a program that does not stamp (a text editor, a script). A part whose
/// stamp differs was written by a copy of roadmap-tui, older or newer, and is left to the join;
/// so is a cell missing from `disk`, which an older copy may simply never have had.
pub fn stamp_hand_edits(base: &Progress, disk: &mut Progress, now: &str) {
    let mut edits = Vec::new();
    for (task, cells) in disk.tasks() {
        let Some(base_cells) = base.task_shared(task) else {
            continue;
        };
        if disk
            .task_shared(task)
            .is_some_and(|d| Arc::ptr_eq(d, base_cells) || **d == **base_cells)
        {
            continue;
        }
        for (track, d) in cells.iter() {
            let Some(b) = base_cells.get(track.as_str()) else {
                continue;
            };
            if d == b {
                continue;
            }
            let state = !d.same_state(b) && d.changed_at == b.changed_at;
            let note = d.note() != b.note() && d.note_stamp() == b.note_stamp();
            if state || note {
                edits.push((task.to_owned(), track.to_string(), state, note));
            }
        }
    }
    for (task, track, state, note) in edits {
        let Some(mut cell) = disk
            .task_cells(&task)
            .and_then(|c| c.get(track.as_str()))
            .cloned()
        else {
            continue;
        };
        if state {
            cell.stamp_state(now);
        }
        if note {
            cell.stamp_note(now);
        }
        disk.put_raw(&task, &track, Some(cell));
    }
    // A setting that differs from the base under the base's stamp was edited by hand.
    disk.settings.stamp_changes(&base.settings, now);
}

/// The (task, track) pairs whose status differs between two copies; for messages.
pub fn status_changes(before: &Progress, after: &Progress) -> usize {
    let keys: BTreeSet<(&str, &str)> = before
        .cells()
        .chain(after.cells())
        .map(|(t, k, _)| (t, k))
        .collect();
    keys.into_iter()
        .filter(|(t, k)| {
            let get = |p: &Progress| {
                p.task_cells(t)
                    .and_then(|c| c.get(*k))
                    .map_or(Status::Todo, |c| c.status)
            };
            get(before) != get(after)
        })
        .count()
}
