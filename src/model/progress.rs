//! The learner's progress: a status (and later a note) per task × track cell.
//!
//! Cells are keyed by the task's number and the track's id as strings, exactly as the progress
//! file stores them, so entries for tasks or tracks this roadmap does not have survive a save.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use super::roadmap::{Lang, TaskId};

/// The version of the progress file this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// The longest note kept, in characters.
pub const MAX_NOTE_CHARS: usize = 4000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Todo,
    InProgress,
    Done,
}

impl Status {
    pub fn is_todo(&self) -> bool {
        *self == Status::Todo
    }
}

/// One task × track cell. A missing cell means todo with no note.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    #[serde(default, skip_serializing_if = "Status::is_todo")]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Fields this build does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Cell {
    /// Whether the cell carries nothing worth storing.
    fn is_blank(&self) -> bool {
        self.status == Status::Todo
            && self.started_at.is_none()
            && self.done_at.is_none()
            && self.note.is_none()
            && self.extra.is_empty()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// "es" or "en"; kept as text so a value from a newer build does not make the file unreadable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The user's choices per roadmap language, keyed by track id (an object, not a list, so two
    /// machines' changes to different languages merge key by key): a name gives a language the
    /// roadmap does not have, or renames one; `hidden` hides it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tracks: BTreeMap<String, TrackSettings>,
    /// The order of the languages by id; languages not listed follow, in the roadmap's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub track_order: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One language's settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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

    fn is_empty(&self) -> bool {
        self.lang.is_none()
            && self.tracks.is_empty()
            && self.track_order.is_empty()
            && self.extra.is_empty()
    }
}

type TaskCells = BTreeMap<String, Cell>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    #[serde(default, skip_serializing_if = "Settings::is_empty")]
    pub settings: Settings,
    #[serde(default, serialize_with = "serialize_tasks")]
    tasks: BTreeMap<String, TaskCells>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: FORMAT_VERSION,
            settings: Settings::default(),
            tasks: BTreeMap::new(),
            extra: Map::new(),
        }
    }
}

/// Orders task keys by number where they are numbers ("2" before "10"), then as text.
fn task_key_order(a: &str, b: &str) -> Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

fn serialize_tasks<S: Serializer>(
    tasks: &BTreeMap<String, TaskCells>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut keys: Vec<&String> = tasks.keys().collect();
    keys.sort_by(|a, b| task_key_order(a, b));
    s.collect_map(keys.into_iter().map(|k| (k, &tasks[k])))
}

impl Progress {
    pub fn cell(&self, task: TaskId, track: &str) -> Option<&Cell> {
        self.tasks.get(&task.to_string())?.get(track)
    }

    pub fn status(&self, task: TaskId, track: &str) -> Status {
        self.cell(task, track).map(|c| c.status).unwrap_or_default()
    }

    pub fn note(&self, task: TaskId, track: &str) -> Option<&str> {
        self.cell(task, track).and_then(|c| c.note.as_deref())
    }

    /// Replaces a cell wholesale (`None` clears it); used by undo.
    pub fn put_cell(&mut self, task: TaskId, track: &str, cell: Option<Cell>) {
        let key = task.to_string();
        match cell {
            Some(cell) if !cell.is_blank() => {
                self.tasks
                    .entry(key)
                    .or_default()
                    .insert(track.to_owned(), cell);
            }
            _ => {
                if let Some(cells) = self.tasks.get_mut(&key) {
                    cells.remove(track);
                    if cells.is_empty() {
                        self.tasks.remove(&key);
                    }
                }
            }
        }
    }

    /// Sets a cell's status, recording when it was started or done; `now` is RFC 3339.
    pub fn set_status(&mut self, task: TaskId, track: &str, status: Status, now: &str) {
        let mut cell = self.cell(task, track).cloned().unwrap_or_default();
        if cell.status == status {
            return;
        }
        match status {
            Status::Todo => {
                cell.started_at = None;
                cell.done_at = None;
            }
            Status::InProgress => {
                cell.started_at = Some(now.to_owned());
                cell.done_at = None;
            }
            Status::Done => cell.done_at = Some(now.to_owned()),
        }
        cell.status = status;
        self.put_cell(task, track, Some(cell));
    }

    /// Sets or clears a cell's note; control characters are stripped and the length bounded.
    pub fn set_note(&mut self, task: TaskId, track: &str, note: &str) {
        let mut cell = self.cell(task, track).cloned().unwrap_or_default();
        cell.note = clean_note(note);
        self.put_cell(task, track, Some(cell));
    }

    /// Every stored cell: (task key, track id, cell).
    pub fn cells(&self) -> impl Iterator<Item = (&str, &str, &Cell)> {
        self.tasks.iter().flat_map(|(task, cells)| {
            cells
                .iter()
                .map(move |(track, cell)| (task.as_str(), track.as_str(), cell))
        })
    }

    /// Cleans what came from a file: control characters out of notes, blank cells dropped.
    pub fn sanitize(&mut self) {
        for cells in self.tasks.values_mut() {
            for cell in cells.values_mut() {
                if let Some(note) = &cell.note {
                    cell.note = clean_note(note);
                }
            }
            cells.retain(|_, cell| !cell.is_blank());
        }
        self.tasks.retain(|_, cells| !cells.is_empty());
    }
}

/// A note as stored: control characters other than newline stripped, trailing blanks trimmed,
/// at most `MAX_NOTE_CHARS` characters; `None` when nothing is left.
pub fn clean_note(note: &str) -> Option<String> {
    let cleaned: String = super::text::strip_controls(&note.replace('\t', "    "), true)
        .chars()
        .take(MAX_NOTE_CHARS)
        .collect();
    let trimmed = cleaned.trim_end();
    (!trimmed.trim().is_empty()).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    const NOW: &str = "2026-11-24T10:00:00Z";

    #[test]
    fn done_then_todo_leaves_no_entry() {
        let mut p = Progress::default();
        p.set_status(1, "go", Status::Done, NOW);
        assert_eq!(p.status(1, "go"), Status::Done);
        assert_eq!(p.cell(1, "go").unwrap().done_at.as_deref(), Some(NOW));
        p.set_status(1, "go", Status::Todo, NOW);
        assert_eq!(p.status(1, "go"), Status::Todo);
        assert_eq!(p.cells().count(), 0);
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
        p.set_note(3, "go", "repo: example\u{1b}[31m\n");
        assert_eq!(p.note(3, "go"), Some("repo: example[31m"));
        p.set_note(3, "go", "   ");
        assert_eq!(p.cells().count(), 0);
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
}
