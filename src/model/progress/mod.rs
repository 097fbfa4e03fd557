//! The learner's progress: a status and a note per task × track cell.
//!
//! Cells are keyed by the task's number and the track's id as strings, exactly as the progress
//! file stores them, so entries for tasks or tracks this roadmap does not have survive a save.
//!
//! Each part of the progress that can change on its own is a register with the stamp of its last
//! change (see `clock`): a cell's state (with its dates and review schedule, one unit) stamped by
//! `changed_at`, its note by `note_at`, and each setting by an entry in `Settings::stamps` (see
//! `registers`). A part set back to empty keeps its stamp — an unchecked cell stays in the file as
//! a stamped todo, a cleared note as a stamped `note_at` — so that a merge tells an uncheck made
//! here from a check never seen here (see `state::merge`).

mod cell;
mod evidence;
pub use cell::{Cell, CellMore, Status, add_paragraph, clean_stored_note};
pub use evidence::{TAIL_LINES, Verified, VerifyFailed};
mod goal;
pub use goal::{Goal, Goals};
mod registers;
pub use registers::Registers;
mod serde_impl;

pub(crate) use serde_impl::ReadTask;

use std::collections::BTreeMap;
use std::sync::Arc;

use compact_str::{CompactString, ToCompactString};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::roadmap::{Lang, TaskId};

/// The version of the progress file this build writes and the newest it reads.
///
/// Version 2 added `changed_at` on cells and keeps unchecked cells as stamped todos. Version 3
/// stamps every part on its own (`note_at` on cells, `settings.stamps`) with a hybrid logical
/// clock, and merges by stamp alone; a build that reads version 2 at most would change parts
/// without stamping them, so it is made to refuse the file. Version 1 and 2 files are read as
/// they are (their parts unstamped, older than any stamp) and written as version 3 on their first
/// save.
///
/// Version 4 adds one status, `skip`. A build that reads version 3 at most would fail on the
/// unknown status with a parse error; a file that holds a skipped cell is written as version 4,
/// so such a build refuses it with its message about a newer version instead. A file without
/// one has nothing version 3 lacks and is written as version 3 (`BASE_VERSION`), which every
/// build since reads: the version follows what the file holds (`Progress::needed_version`), and
/// the migration from 3 to 4 changes nothing.
pub const FORMAT_VERSION: u32 = 4;

/// The version written while a file holds nothing newer (see `FORMAT_VERSION`).
pub const BASE_VERSION: u32 = 3;

/// The longest note kept, in characters.
pub const MAX_NOTE_CHARS: usize = 4000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// "es" or "en"; kept as text so a value from a newer build does not make the file unreadable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The learner's name, as a teacher's `cohort` shows it (see `roadmap-tui name`). Stamped
    /// like the other settings (register `name`); a build that does not know it keeps it as an
    /// unknown setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The user's choices per roadmap language, keyed by track id (an object, not a list, so two
    /// machines' changes to different languages merge key by key): a name gives a language the
    /// roadmap does not have, or renames one; `hidden` hides it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tracks: BTreeMap<String, TrackSettings>,
    /// The order of the languages by id; languages not listed follow, in the roadmap's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub track_order: Vec<String>,
    /// Target dates by `"all"` (the whole roadmap) or a language's id (see `model::goal`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub goals: Goals,
    /// The stamp of each setting's last change, by register (see `registers`): `lang`,
    /// `goal/all`, `track/go/name`, `track/go/hidden`, `track/go/position`, …
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stamps: BTreeMap<String, CompactString>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One language's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TrackSettings {
    /// Whether the entry says nothing and can be dropped.
    pub fn is_blank(&self) -> bool {
        self.name.is_none() && !self.hidden && self.extra.is_empty()
    }
}

impl Settings {
    pub fn lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(Lang::parse)
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = Some(lang.code().to_owned());
    }

    /// Sets (`Some`) or removes the goal under `key`.
    pub fn set_goal(&mut self, key: &str, goal: Option<Goal>) {
        match goal {
            Some(goal) => {
                self.goals.insert(key.to_owned(), goal);
            }
            None => {
                self.goals.remove(key);
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.lang.is_none()
            && self.name.is_none()
            && self.tracks.is_empty()
            && self.track_order.is_empty()
            && self.goals.is_empty()
            && self.stamps.is_empty()
            && self.extra.is_empty()
    }
}

/// One task's cells by track id: a sorted vector (a task has a handful of cells, and a vector
/// of exactly that many costs a fraction of a tree node's memory).
pub type TaskCells = litemap::LiteMap<CompactString, Cell>;

/// The whole progress file. Each task's cells sit behind an `Arc`, so a copy (the base of the
/// next merge, a snapshot handed to the saver) shares every task it does not change: copying is
/// cheap and two copies cost little more memory than one. Read by hand (see `serde_impl`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub version: u32,
    pub settings: Settings,
    tasks: BTreeMap<CompactString, Arc<TaskCells>>,
    pub extra: Map<String, Value>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: BASE_VERSION,
            settings: Settings::default(),
            tasks: BTreeMap::new(),
            extra: Map::new(),
        }
    }
}

impl Progress {
    pub fn cell(&self, task: TaskId, track: &str) -> Option<&Cell> {
        self.tasks.get(&task.to_compact_string())?.get(track)
    }

    pub fn status(&self, task: TaskId, track: &str) -> Status {
        self.cell(task, track).map(|c| c.status).unwrap_or_default()
    }

    pub fn note(&self, task: TaskId, track: &str) -> Option<&str> {
        self.cell(task, track).and_then(Cell::note)
    }

    /// Replaces a cell wholesale (`None` removes it), as it is: no stamp is added. For merges and
    /// loading; a user's change goes through `restore_cell`, `set_status` or `set_note`.
    pub fn put_cell(&mut self, task: TaskId, track: &str, cell: Option<Cell>) {
        self.put_raw(&task.to_string(), track, cell);
    }

    /// Puts a cell back to an earlier content (undo, redo) as a change made `now`: each part
    /// that differs from the cell as it stands is stamped anew, so that a merge sees it as the
    /// newest word on that part. `None` becomes a stamped todo.
    pub fn restore_cell(&mut self, task: TaskId, track: &str, cell: Option<Cell>, now: &str) {
        let current = self.cell(task, track).cloned().unwrap_or_default();
        let mut cell = cell.unwrap_or_default();
        // The evidence of the state put back goes with it, bound to its new stamp. The last
        // failed run is a register of its own, which undo and redo leave as it stands.
        let verified = cell.verified().cloned();
        cell.more_mut().verify_failed = current.verify_failed().cloned();
        let state_changed = !cell.same_state(&current) || current.changed_at.is_none();
        let note_changed = cell.note() != current.note();
        cell.take_stamps(&current);
        if state_changed {
            cell.stamp_state(now);
        }
        if let (Some(mut verified), Some(stamp)) = (verified, cell.changed_at.clone()) {
            verified.stamp = stamp;
            cell.more_mut().verified = Some(verified);
        }
        if note_changed {
            cell.stamp_note(now);
        }
        self.put_cell(task, track, Some(cell));
    }

    /// Marks a cell done by a passing run of its tests, made `now`, with its evidence: a change
    /// of the state (stamped anew even where the cell was done already) that carries the run.
    pub fn set_verified(&mut self, task: TaskId, track: &str, mut run: Verified, now: &str) {
        let mut cell = self.cell(task, track).cloned().unwrap_or_default();
        if cell.status != Status::Done {
            cell.done_at = Some(now.into());
        }
        cell.status = Status::Done;
        cell.stamp_state(now);
        if let Some(stamp) = cell.changed_at.clone() {
            run.stamp = stamp;
            cell.more_mut().verified = Some(run);
        }
        self.put_cell(task, track, Some(cell));
    }

    /// Keeps a run of a cell's tests that failed as its last failed one, stamped after any
    /// kept before; the state is left as it is.
    pub fn set_verify_failed(
        &mut self,
        task: TaskId,
        track: &str,
        mut run: VerifyFailed,
        now: &str,
    ) {
        let mut cell = self.cell(task, track).cloned().unwrap_or_default();
        let before = cell.verify_failed().map(|f| f.at.clone());
        run.at = crate::clock::stamp_after(now, before.as_deref());
        cell.more_mut().verify_failed = Some(run);
        self.put_cell(task, track, Some(cell));
    }

    /// Sets a cell's status, recording when it was started or done; `now` is RFC 3339.
    pub fn set_status(&mut self, task: TaskId, track: &str, status: Status, now: &str) {
        let mut cell = self.cell(task, track).cloned().unwrap_or_default();
        if cell.status == status {
            return;
        }
        cell.stamp_state(now);
        if status != Status::Done {
            // Only a done cell is reviewed: the schedule goes with the check.
            cell.clear_review();
        }
        match status {
            Status::Todo => {
                cell.started_at = None;
                cell.done_at = None;
            }
            Status::InProgress => {
                cell.started_at = Some(now.into());
                cell.done_at = None;
            }
            Status::Done => cell.done_at = Some(now.into()),
            // A skip records no work: no start, no check (the stamp says when).
            Status::Skip => {
                cell.started_at = None;
                cell.done_at = None;
            }
        }
        cell.status = status;
        self.put_cell(task, track, Some(cell));
    }

    /// Sets a cell's status as `set_status` does, but dated `when` (RFC 3339) rather than `now`:
    /// progress made earlier and recorded now (`check --date`). The stamp stays `now`, the time
    /// of the change, by which a merge orders changes; only the start or done date, which the
    /// calendar, the streak and the pace read, goes back. A cell already in `status` is re-dated;
    /// a done cell started after `when` is started on `when` too. Returns whether anything
    /// changed.
    pub fn set_status_dated(
        &mut self,
        task: TaskId,
        track: &str,
        status: Status,
        now: &str,
        when: &str,
    ) -> bool {
        let before = self.cell(task, track).cloned().unwrap_or_default();
        let mut cell = before.clone();
        if status != Status::Done {
            cell.clear_review();
        }
        cell.status = status;
        match status {
            Status::Todo | Status::Skip => {
                cell.started_at = None;
                cell.done_at = None;
            }
            Status::InProgress => {
                cell.started_at = Some(when.into());
                cell.done_at = None;
            }
            Status::Done => {
                cell.done_at = Some(when.into());
                let later = |t: &CompactString| {
                    let time = |s: &str| s.parse::<jiff::Timestamp>().ok();
                    time(t).zip(time(when)).is_some_and(|(t, w)| t > w)
                };
                if cell.started_at.as_ref().is_some_and(later) {
                    cell.started_at = Some(when.into());
                }
            }
        }
        if cell.same_state(&before) {
            return false;
        }
        cell.stamp_state(now);
        self.put_cell(task, track, Some(cell));
        true
    }

    /// Sets or clears a cell's note; control characters are stripped. A note is never cut:
    /// what is typed or given on the command line is held to `MAX_NOTE_CHARS` before it gets
    /// here, and a note that joins two writers' texts is kept whole.
    pub fn set_note(&mut self, task: TaskId, track: &str, note: &str, now: &str) {
        let mut cell = self.cell(task, track).cloned().unwrap_or_default();
        let note = clean_stored_note(note);
        if cell.note() == note.as_deref() {
            return;
        }
        cell.set_note(note);
        cell.stamp_note(now);
        self.put_cell(task, track, Some(cell));
    }

    /// The stored cells of one task, by track id.
    pub fn task_cells(&self, task: &str) -> Option<&TaskCells> {
        self.tasks.get(task).map(|cells| &**cells)
    }

    /// A task's cells as shared between copies of the progress (see `state::merge`).
    pub fn task_shared(&self, task: &str) -> Option<&Arc<TaskCells>> {
        self.tasks.get(task)
    }

    /// Puts a task's cells, as shared with another copy, in place of its own (`None` or no
    /// cells: removes the task).
    pub fn put_task(&mut self, task: &str, cells: Option<Arc<TaskCells>>) {
        match cells {
            Some(cells) if !cells.is_empty() => {
                self.tasks.insert(task.into(), cells);
            }
            _ => {
                self.tasks.remove(task);
            }
        }
    }

    /// The keys of every task with a stored cell.
    pub fn task_keys(&self) -> impl Iterator<Item = &str> {
        self.tasks.keys().map(CompactString::as_str)
    }

    /// Replaces the cell stored under a task key and track id as it is (`None` removes it); for
    /// merges, which also carry cells of tasks this roadmap does not have.
    pub fn put_raw(&mut self, task: &str, track: &str, cell: Option<Cell>) {
        match cell {
            Some(cell) if !cell.is_blank() => {
                let cells = self.tasks.entry(task.into()).or_default();
                Arc::make_mut(cells).insert(track.into(), cell);
            }
            _ => {
                if let Some(cells) = self.tasks.get_mut(task) {
                    if cells.contains_key(track) {
                        Arc::make_mut(cells).remove(track);
                    }
                    if cells.is_empty() {
                        self.tasks.remove(task);
                    }
                }
            }
        }
    }

    /// Whether two copies hold the same cells, settings and other fields, whatever the version
    /// each was read as.
    pub fn same_content(&self, other: &Progress) -> bool {
        self.tasks == other.tasks && self.settings == other.settings && self.extra == other.extra
    }

    /// The format version the file must be written as: `FORMAT_VERSION` when a cell is
    /// skipped, which older builds cannot read, else `BASE_VERSION`.
    pub fn needed_version(&self) -> u32 {
        let skip = self
            .tasks
            .values()
            .any(|cells| cells.values().any(|cell| cell.status == Status::Skip));
        if skip { FORMAT_VERSION } else { BASE_VERSION }
    }

    /// Every task with stored cells: (task key, its cells by track id).
    pub fn tasks(&self) -> impl Iterator<Item = (&str, &TaskCells)> {
        self.tasks
            .iter()
            .map(|(task, cells)| (task.as_str(), &**cells))
    }

    /// How many tasks have stored cells.
    pub fn task_count(&self) -> usize {
        self.tasks.len()
    }

    /// `tasks` in two halves of about the same number of tasks, for counting on two threads.
    pub fn tasks_halves(
        &self,
    ) -> (
        impl Iterator<Item = (&str, &TaskCells)>,
        impl Iterator<Item = (&str, &TaskCells)>,
    ) {
        let middle = self.tasks.keys().nth(self.tasks.len() / 2).cloned();
        let (low, high) = match middle {
            Some(m) => (self.tasks.range(..m.clone()), self.tasks.range(m..)),
            None => (
                self.tasks.range::<CompactString, _>(..),
                self.tasks.range::<CompactString, _>(..),
            ),
        };
        (low.map(plain_task), high.map(plain_task))
    }

    /// Every stored cell: (task key, track id, cell).
    pub fn cells(&self) -> impl Iterator<Item = (&str, &str, &Cell)> {
        self.tasks.iter().flat_map(|(task, cells)| {
            cells
                .iter()
                .map(move |(track, cell)| (task.as_str(), track.as_str(), cell))
        })
    }
}

/// A stored task as `Progress::tasks` gives it.
fn plain_task<'a>(
    (task, cells): (&'a CompactString, &'a Arc<TaskCells>),
) -> (&'a str, &'a TaskCells) {
    (task.as_str(), &**cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    const NOW: &str = "2026-11-24T10:00:00Z";

    #[test]
    fn done_then_todo_leaves_a_stamped_todo() {
        let mut p = Progress::default();
        p.set_status(1, "go", Status::Done, NOW);
        assert_eq!(p.status(1, "go"), Status::Done);
        assert_eq!(p.cell(1, "go").unwrap().done_at.as_deref(), Some(NOW));
        p.set_status(1, "go", Status::Todo, "2026-11-24T11:00:00Z");
        assert_eq!(p.status(1, "go"), Status::Todo);
        let cell = p.cell(1, "go").unwrap();
        assert_eq!(cell.done_at, None);
        assert_eq!(cell.changed_at.as_deref(), Some("2026-11-24T11:00:00Z"));
        let json = serde_json::to_string(&p).unwrap();
        assert!(
            json.contains("changed_at") && !json.contains("todo"),
            "{json}"
        );
    }

    #[test]
    fn change_time_falls_back_to_the_dates_of_an_unstamped_cell() {
        let cell = Cell {
            status: Status::Done,
            started_at: Some("2026-01-02T00:00:00Z".into()),
            done_at: Some("2026-01-05T00:00:00Z".into()),
            ..Cell::default()
        };
        assert_eq!(
            cell.change_time().unwrap().to_string(),
            "2026-01-05T00:00:00Z"
        );
        assert_eq!(Cell::default().change_time(), None);
    }

    #[test]
    fn a_paragraph_is_added_after_a_blank_line_once() {
        assert_eq!(
            add_paragraph(None, "chi router").as_deref(),
            Some("chi router")
        );
        assert_eq!(
            add_paragraph(Some("chi router"), "94% coverage\t\n").as_deref(),
            Some("chi router\n\n94% coverage")
        );
        // Already there as whole lines, wherever it stands: nothing added.
        let note = "chi router\nabc1234 Add it\n\n94% coverage";
        for text in [
            "chi router",
            "94% coverage",
            "chi router\nabc1234 Add it",
            "\n  \nchi router",
        ] {
            assert_eq!(
                add_paragraph(Some(note), text).as_deref(),
                Some(note),
                "{text:?}"
            );
        }
        // Part of a line is not the text.
        assert_eq!(
            add_paragraph(Some("took it"), "ok").as_deref(),
            Some("took it\n\nok")
        );
        assert_eq!(
            add_paragraph(Some("xa\na\na"), "a\na").as_deref(),
            Some("xa\na\na")
        );
        // Blank text adds nothing; a blank note takes the text alone.
        assert_eq!(
            add_paragraph(Some("kept"), " \n\t").as_deref(),
            Some("kept")
        );
        assert_eq!(add_paragraph(None, " \n"), None);
        assert_eq!(add_paragraph(Some("  \n"), "new").as_deref(), Some("new"));
        assert_eq!(
            add_paragraph(Some("plan"), "\n\n  indented\nnext").as_deref(),
            Some("plan\n\n  indented\nnext")
        );
    }

    #[test]
    fn a_long_note_is_never_cut() {
        let long = "x".repeat(MAX_NOTE_CHARS + 10);
        assert_eq!(clean_stored_note(&long).unwrap().len(), MAX_NOTE_CHARS + 10);
        let mut p = Progress::default();
        p.set_note(1, "go", &long, NOW);
        assert_eq!(p.note(1, "go").unwrap().len(), MAX_NOTE_CHARS + 10);
    }

    #[test]
    fn in_progress_keeps_its_start_when_done() {
        let mut p = Progress::default();
        p.set_status(7, "php", Status::InProgress, "2026-11-01T00:00:00Z");
        p.set_status(7, "php", Status::Done, NOW);
        let cell = p.cell(7, "php").unwrap();
        assert_eq!(cell.started_at.as_deref(), Some("2026-11-01T00:00:00Z"));
        assert_eq!(cell.done_at.as_deref(), Some(NOW));
    }

    #[test]
    fn a_note_keeps_a_todo_cell() {
        let mut p = Progress::default();
        p.set_note(3, "go", "repo: example\u{1b}[31m\n", NOW);
        assert_eq!(p.note(3, "go"), Some("repo: example[31m"));
        p.set_note(3, "go", "   ", NOW);
        assert_eq!(p.note(3, "go"), None);
        assert_eq!(p.status(3, "go"), Status::Todo);
    }

    #[test]
    fn serializes_with_numeric_task_order_and_omits_todo() {
        let mut p = Progress::default();
        for id in [10, 2, 1] {
            p.set_status(id, "python", Status::Done, NOW);
        }
        let json = serde_json::to_string(&p).unwrap();
        let i1 = json.find("\"1\"").unwrap();
        let i2 = json.find("\"2\"").unwrap();
        let i10 = json.find("\"10\"").unwrap();
        assert!(i1 < i2 && i2 < i10, "{json}");
        assert!(!json.contains("todo"));
    }

    #[test]
    fn a_skip_needs_version_4_and_unskipping_goes_back_to_3() {
        let mut p = Progress::default();
        p.set_status(1, "go", Status::Done, NOW);
        assert_eq!(p.needed_version(), BASE_VERSION);
        p.set_status(2, "go", Status::InProgress, NOW);
        p.set_status(2, "go", Status::Skip, "2026-11-24T11:00:00Z");
        assert_eq!(p.needed_version(), FORMAT_VERSION);
        let cell = p.cell(2, "go").unwrap();
        assert_eq!((&cell.started_at, &cell.done_at), (&None, &None));
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains(r#""status":"skip""#), "{json}");
        p.set_status(2, "go", Status::Todo, "2026-11-24T12:00:00Z");
        assert_eq!(p.needed_version(), BASE_VERSION);
    }
}
