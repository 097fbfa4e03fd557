//! Merging two copies of the progress, cell by cell, so that no writer loses another's change.
//!
//! `merge(base, ours, theirs)` is a three-way merge: `base` is the copy both sides started from
//! (what this process last read, or git's merge base). Without a base (`--from` a sync tool's
//! conflicted copy) the merge is two-way and keeps the union.
//!
//! The rules, per cell and per part of a cell (its state, its review schedule, its note, each
//! other field):
//! - changed on one side only: that side's value;
//! - changed on both sides: the side whose cell changed later (`changed_at`) wins; a tie goes to
//!   the state further along (done over in progress over todo), then to the larger text, so the
//!   result never depends on which side is "ours";
//! - a note changed on both sides keeps both texts, the later first.
//!
//! Settings and unknown top-level fields merge key by key, recursively; a value changed
//! differently on both sides takes ours (the writer saving now).

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::sync::Arc;

use compact_str::ToCompactString;
use serde_json::{Map, Value};

use crate::model::progress::{Cell, CellMore, FORMAT_VERSION, Progress, Status, TaskCells};

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

/// Merges `ours` and `theirs`, which both started from `base` (`None`: unknown).
pub fn merge(base: Option<&Progress>, ours: &Progress, theirs: &Progress) -> (Progress, Report) {
    let mut merged = Progress::default();
    let mut report = Report::default();
    let empty = Progress::default();
    let tasks: BTreeSet<&str> = [Some(ours), Some(theirs), base]
        .into_iter()
        .flatten()
        .flat_map(Progress::task_keys)
        .collect();
    for task in tasks {
        // Copies made in this process share the tasks neither changed: a task that is the very
        // same on two sides merges whole, without a look at its cells.
        let (o, t) = (ours.task_shared(task), theirs.task_shared(task));
        let b = base.map(|b| b.task_shared(task));
        let whole = if same_task(o, t) {
            Some(o)
        } else if b.is_some_and(|b| same_task(b, o)) {
            let (oc, tc) = (o.map(|c| &**c), t.map(|c| &**c));
            let tracks: BTreeSet<&str> = [oc, tc]
                .into_iter()
                .flatten()
                .flat_map(|c| c.keys().map(|k| k.as_str()))
                .collect();
            for track in tracks {
                if oc.and_then(|c| c.get(track)) != tc.and_then(|c| c.get(track)) {
                    report.taken.push((task.to_owned(), track.to_owned()));
                }
            }
            Some(t)
        } else if b.is_some_and(|b| same_task(b, t)) {
            Some(o)
        } else {
            None
        };
        if let Some(cells) = whole {
            merged.put_task(task, cells.cloned());
            continue;
        }
        merge_task(base, ours, theirs, task, &mut merged, &mut report);
    }
    let base = base.unwrap_or(&empty);
    let to_value = |s| serde_json::to_value(s).unwrap_or(Value::Null);
    let settings = merge_value(
        Some(&to_value(&base.settings)),
        Some(&to_value(&ours.settings)),
        Some(&to_value(&theirs.settings)),
    );
    merged.settings = settings
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_else(|| ours.settings.clone());
    let extra = merge_value(
        Some(&Value::Object(base.extra.clone())),
        Some(&Value::Object(ours.extra.clone())),
        Some(&Value::Object(theirs.extra.clone())),
    );
    if let Some(Value::Object(extra)) = extra {
        merged.extra = extra;
    }
    merged.version = FORMAT_VERSION;
    report.settings_changed = merged.settings != ours.settings || merged.extra != ours.extra;
    (merged, report)
}

/// Two tasks that are one and the same (or both absent).
fn same_task(a: Option<&Arc<TaskCells>>, b: Option<&Arc<TaskCells>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        _ => false,
    }
}

/// Merges one task's cells, cell by cell, into `merged`.
fn merge_task(
    base: Option<&Progress>,
    ours: &Progress,
    theirs: &Progress,
    task: &str,
    merged: &mut Progress,
    report: &mut Report,
) {
    let tracks: BTreeSet<&str> = [Some(ours), Some(theirs), base]
        .into_iter()
        .flatten()
        .filter_map(|p| p.task_cells(task))
        .flat_map(|cells| cells.keys().map(|k| k.as_str()))
        .collect();
    for track in tracks {
        let get = |p: &Progress| p.task_cells(task).and_then(|c| c.get(track)).cloned();
        let o = get(ours);
        let t = get(theirs);
        let b = base.map(get);
        let cell = merge_cell(b.as_ref().map(Option::as_ref), o.as_ref(), t.as_ref());
        let id = (task.to_owned(), track.to_owned());
        if cell.as_ref() != o.as_ref() {
            report.taken.push(id.clone());
        }
        let both_changed = match &b {
            Some(b) => o != *b && t != *b && o != t,
            None => o.is_some() && t.is_some() && o != t,
        };
        if both_changed {
            let note = |c: &Option<Cell>| c.as_ref().and_then(Cell::note).map(str::to_owned);
            if note(&cell) != note(&t) && note(&cell) != note(&o) {
                report.notes_joined.push(id.clone());
            }
            if cell != t {
                report.kept_ours.push(id);
            }
        }
        merged.put_raw(task, track, cell);
    }
}

/// Merges one cell; `base` is `None` for a two-way merge, `Some(None)` where the base had no
/// such cell.
fn merge_cell(
    base: Option<Option<&Cell>>,
    ours: Option<&Cell>,
    theirs: Option<&Cell>,
) -> Option<Cell> {
    if ours == theirs {
        return ours.cloned();
    }
    if let Some(base) = base {
        if ours == base {
            return theirs.cloned();
        }
        if theirs == base {
            return ours.cloned();
        }
    }
    let (Some(o), Some(t)) = (ours, theirs) else {
        // Only one side has the cell: the other never had it, or a hand edit removed it. The
        // cell that exists is kept, so no checkmark is lost.
        return ours.or(theirs).cloned();
    };
    // A base without the cell is a base with a blank one: each part then counts as changed
    // only on the side that changed it.
    let blank = Cell::default();
    let b = base.map(|b| b.unwrap_or(&blank));
    let later_is_ours = compare(o, t) == Ordering::Greater;
    let (later, earlier) = if later_is_ours { (o, t) } else { (t, o) };

    // The state and its dates move together.
    let state = |c: &Cell| (c.status, c.started_at.clone(), c.done_at.clone());
    let (status, started_at, done_at) = pick(b.map(state), state(o), state(t), state(later));
    // So do the review's day, count and last review.
    let review = |c: &Cell| {
        let more = c.more();
        (
            more.review_due.clone(),
            more.reviews,
            more.reviewed_at.clone(),
        )
    };
    let (review_due, reviews, reviewed_at) =
        pick(b.map(review), review(o), review(t), review(later));
    let note = merge_note(
        base.map(|b| b.and_then(|c| c.note().map(str::to_owned))),
        &later.more().note,
        &earlier.more().note,
    );
    let mut extra = Map::new();
    let names: BTreeSet<&String> = o.extra().keys().chain(t.extra().keys()).collect();
    for name in names {
        let bv = b.map(|c| c.extra().get(name));
        let (ov, tv, lv) = (
            o.extra().get(name),
            t.extra().get(name),
            later.extra().get(name),
        );
        let value = match bv {
            Some(bv) if ov == bv => tv,
            Some(bv) if tv == bv => ov,
            _ if ov == tv => ov,
            None if ov.is_none() || tv.is_none() => ov.or(tv),
            _ => lv,
        };
        if let Some(v) = value {
            extra.insert(name.clone(), v.clone());
        }
    }
    let changed_at = [o, t]
        .into_iter()
        .filter_map(|c| Some((c.change_time()?, c)))
        .max_by_key(|(time, _)| *time)
        .map(|(time, c)| {
            c.changed_at
                .clone()
                .unwrap_or_else(|| time.to_compact_string())
        });
    let mut cell = Cell::default();
    (cell.status, cell.started_at, cell.done_at, cell.changed_at) =
        (status, started_at, done_at, changed_at);
    cell.set_more(CellMore {
        note,
        review_due,
        reviews,
        reviewed_at,
        extra,
    });
    Some(cell)
}

/// One part of a cell: the side that changed it, else the later side's.
fn pick<T: PartialEq>(base: Option<T>, ours: T, theirs: T, later: T) -> T {
    match base {
        Some(b) if ours == b => theirs,
        Some(b) if theirs == b => ours,
        _ if ours == theirs => ours,
        _ => later,
    }
}

/// Orders two versions of a cell by which is the later change; never `Equal` for cells that
/// differ, so the merge does not depend on which side is ours.
fn compare(a: &Cell, b: &Cell) -> Ordering {
    a.change_time()
        .cmp(&b.change_time())
        .then_with(|| a.status.rank().cmp(&b.status.rank()))
        .then_with(|| {
            let text = |c: &Cell| serde_json::to_string(c).unwrap_or_default();
            text(a).cmp(&text(b))
        })
}

/// A note changed on both sides keeps both texts: the later first, then the earlier, unless one
/// already holds the other.
fn merge_note(
    base: Option<Option<String>>,
    later: &Option<String>,
    earlier: &Option<String>,
) -> Option<String> {
    if later == earlier {
        return later.clone();
    }
    if let Some(base) = &base {
        if later == base {
            return earlier.clone();
        }
        if earlier == base {
            return later.clone();
        }
    }
    match (later, earlier) {
        (Some(l), Some(e)) if l.contains(e.as_str()) => Some(l.clone()),
        (Some(l), Some(e)) if e.contains(l.as_str()) => Some(e.clone()),
        (Some(l), Some(e)) => Some(format!("{l}\n\n{e}")),
        // One side cleared the note while the other edited it: the edit is kept.
        (l, e) => l.clone().or_else(|| e.clone()),
    }
}

/// Merges JSON values key by key; `None` is an absent key. A value changed differently on both
/// sides takes ours.
fn merge_value(
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
) -> Option<Value> {
    if ours == theirs {
        return ours.cloned();
    }
    if ours == base {
        return theirs.cloned();
    }
    if theirs == base {
        return ours.cloned();
    }
    match (ours, theirs) {
        (Some(Value::Object(o)), Some(Value::Object(t))) => {
            let b = match base {
                Some(Value::Object(b)) => Some(b),
                _ => None,
            };
            let mut out = Map::new();
            let keys: BTreeSet<&String> = o.keys().chain(t.keys()).collect();
            for key in keys {
                let bv = b.and_then(|b| b.get(key));
                if let Some(v) = merge_value(bv, o.get(key), t.get(key)) {
                    out.insert(key.clone(), v);
                }
            }
            Some(Value::Object(out))
        }
        (Some(o), _) => Some(o.clone()),
        (None, t) => t.cloned(),
    }
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
