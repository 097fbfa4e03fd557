//! Reading and writing the progress file's JSON by hand where serde's derive is slow.
//!
//! A derived `#[serde(flatten)]` map (how unknown fields are kept) makes serde buffer every field
//! of the struct in an intermediate tree before it reads it; on the top level that tree is the
//! whole file. These impls read each field straight into place and put unknown ones in `extra`,
//! with the same errors (and the same paths, under `serde_path_to_error`) as the derive.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use compact_str::CompactString;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Cell, Progress, TaskCells};

/// A field name: one of a struct's `known` names (its index), or another one, kept.
enum Field {
    Known(usize),
    Other(String),
}

struct FieldSeed(&'static [&'static str]);

impl<'de> de::DeserializeSeed<'de> for FieldSeed {
    type Value = Field;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
        Ok(match self.0.iter().position(|known| *known == v) {
            Some(i) => Field::Known(i),
            None => Field::Other(v.to_owned()),
        })
    }
}

const CELL_FIELDS: &[&str] = &[
    "status",
    "started_at",
    "done_at",
    "note",
    "changed_at",
    "review_due",
    "reviews",
    "reviewed_at",
    "note_at",
    "verified",
    "verify_failed",
];

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Cell, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = Cell;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("struct Cell")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Cell, A::Error> {
                let mut cell = Cell::default();
                while let Some(field) = map.next_key_seed(FieldSeed(CELL_FIELDS))? {
                    match field {
                        Field::Known(0) => cell.status = map.next_value()?,
                        Field::Known(1) => cell.started_at = map.next_value()?,
                        Field::Known(2) => cell.done_at = map.next_value()?,
                        Field::Known(3) => cell.more_mut().note = map.next_value()?,
                        Field::Known(4) => cell.changed_at = map.next_value()?,
                        Field::Known(5) => cell.more_mut().review_due = map.next_value()?,
                        Field::Known(6) => cell.more_mut().reviews = map.next_value()?,
                        Field::Known(7) => cell.more_mut().reviewed_at = map.next_value()?,
                        Field::Known(8) => cell.more_mut().note_at = map.next_value()?,
                        // A shape this build cannot read (a newer one's) is kept as it was.
                        Field::Known(i) => {
                            let value: Value = map.next_value()?;
                            if depth(&value) > MAX_FIELD_DEPTH {
                                return Err(de::Error::custom("a field is nested too deep"));
                            }
                            let more = cell.more_mut();
                            let kept = if i == 9 {
                                serde_json::from_value(value.clone())
                                    .map(|v| more.verified = Some(v))
                                    .is_ok()
                            } else {
                                serde_json::from_value(value.clone())
                                    .map(|v| more.verify_failed = Some(v))
                                    .is_ok()
                            };
                            if !kept {
                                more.extra.insert(CELL_FIELDS[i].to_owned(), value);
                            }
                        }
                        Field::Other(name) => {
                            let value = map.next_value()?;
                            if depth(&value) > MAX_FIELD_DEPTH {
                                return Err(de::Error::custom("a field is nested too deep"));
                            }
                            cell.more_mut().extra.insert(name, value);
                        }
                    }
                }
                cell.tidy();
                Ok(cell)
            }
        }
        d.deserialize_map(CellVisitor)
    }
}

/// serde_json reads at most 127 nested arrays and objects, and a cell's fields are four levels
/// down in the file (the file, `tasks`, the task, the cell): in a file read whole, a deeper
/// field is refused before it gets here. A task read on its own (see `state::split`) starts
/// higher, and is held to the same limit here, even for a field that a repeated one, or a
/// repeated cell or task, then replaces.
const MAX_FIELD_DEPTH: usize = 127 - 4;

/// How many arrays and objects are nested in `value`, itself included.
fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(fields) => 1 + fields.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Sorts `entries` by key (stably); of a key given twice the last is kept, as a map does.
fn sort_keeping_last<K: Ord, V>(entries: &mut Vec<(K, V)>) {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.reverse();
    entries.dedup_by(|a, b| a.0 == b.0);
    entries.reverse();
}

/// One task's cells, gathered in a scratch vector kept from task to task, then moved into a
/// vector of exactly their number.
struct CellsSeed<'a>(&'a mut Vec<(CompactString, Cell)>);

impl<'de> de::DeserializeSeed<'de> for CellsSeed<'_> {
    type Value = TaskCells;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<TaskCells, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CellsSeed<'_> {
    type Value = TaskCells;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TaskCells, A::Error> {
        let scratch = self.0;
        scratch.clear();
        while let Some(entry) = map.next_entry::<CompactString, Cell>()? {
            scratch.push(entry);
        }
        if !scratch.windows(2).all(|w| w[0].0 < w[1].0) {
            sort_keeping_last(scratch);
        }
        // Cleaned as they come, while they are in the cache: control characters out of notes,
        // blank cells dropped.
        for (_, cell) in scratch.iter_mut() {
            if let Some(cleaned) = cell.note().map(super::clean_stored_note) {
                cell.set_note(cleaned);
            }
        }
        scratch.retain(|(_, cell)| !cell.is_blank());
        // Exactly their number: the scratch vector keeps its room for the next task.
        let mut cells = Vec::with_capacity(scratch.len());
        cells.append(scratch);
        Ok(litemap::LiteMap::from_sorted_store_unchecked(cells))
    }
}

/// One task's cells on their own, read as `Progress::deserialize` reads each task, for reading
/// tasks one at a time (see `state::split`).
pub(crate) struct ReadTask(pub TaskCells);

thread_local! {
    /// `CellsSeed`'s scratch vector for `ReadTask`, kept from task to task.
    static SCRATCH: std::cell::RefCell<Vec<(CompactString, Cell)>> = const {
        std::cell::RefCell::new(Vec::new())
    };
}

impl<'de> Deserialize<'de> for ReadTask {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ReadTask, D::Error> {
        use serde::de::DeserializeSeed as _;
        SCRATCH
            .with_borrow_mut(|scratch| CellsSeed(scratch).deserialize(d))
            .map(ReadTask)
    }
}

impl Progress {
    /// Puts in the tasks read one at a time (see `ReadTask`), in the file's order or in sorted
    /// runs of it (which the stable sort merges at little cost), in place of any. Of a key given
    /// twice the last counts, and a task with nothing to keep is no task (see `tasks_from`).
    pub(crate) fn set_read_tasks(&mut self, read: Vec<(CompactString, TaskCells)>) {
        self.tasks = tasks_from(read);
    }
}

/// Tasks as read, in any order, into the map: of a key given twice the last counts (as a map
/// has it), and a task with nothing to keep is no task.
fn tasks_from(
    mut read: Vec<(CompactString, TaskCells)>,
) -> BTreeMap<CompactString, Arc<TaskCells>> {
    if !read.windows(2).all(|w| w[0].0 < w[1].0) {
        sort_keeping_last(&mut read);
    }
    read.into_iter()
        .filter(|(_, cells)| !cells.is_empty())
        .map(|(key, cells)| (key, Arc::new(cells)))
        .collect()
}

/// The `tasks` object: task key → track id → cell, each task's cells put behind an `Arc`.
struct Tasks(BTreeMap<CompactString, Arc<TaskCells>>);

impl<'de> Deserialize<'de> for Tasks {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tasks, D::Error> {
        struct TasksVisitor;
        impl<'de> Visitor<'de> for TasksVisitor {
            type Value = Tasks;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tasks, A::Error> {
                // Gathered, then sorted once and built in bulk: no search of the map per task.
                let mut read = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
                let mut scratch = Vec::new();
                while let Some(key) = map.next_key::<CompactString>()? {
                    let cells = map.next_value_seed(CellsSeed(&mut scratch))?;
                    read.push((key, cells));
                }
                Ok(Tasks(tasks_from(read)))
            }
        }
        d.deserialize_map(TasksVisitor)
    }
}

const PROGRESS_FIELDS: &[&str] = &["version", "settings", "tasks"];

impl<'de> Deserialize<'de> for Progress {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Progress, D::Error> {
        struct ProgressVisitor;
        impl<'de> Visitor<'de> for ProgressVisitor {
            type Value = Progress;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("struct Progress")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Progress, A::Error> {
                let mut version = None;
                let mut progress = Progress::default();
                while let Some(field) = map.next_key_seed(FieldSeed(PROGRESS_FIELDS))? {
                    match field {
                        Field::Known(0) => version = Some(map.next_value()?),
                        Field::Known(1) => progress.settings = map.next_value()?,
                        Field::Known(_) => progress.tasks = map.next_value::<Tasks>()?.0,
                        Field::Other(name) => {
                            let value = map.next_value()?;
                            progress.extra.insert(name, value);
                        }
                    }
                }
                progress.version = version.ok_or_else(|| de::Error::missing_field("version"))?;
                Ok(progress)
            }
        }
        d.deserialize_map(ProgressVisitor)
    }
}

/// How `task_key_order` sorts a key, worked out once per key.
#[derive(PartialEq, Eq)]
struct TaskOrder<'a>(Option<u64>, &'a str);

impl Ord for TaskOrder<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self.0, other.0) {
            (Some(a), Some(b)) => a.cmp(&b).then_with(|| self.1.cmp(other.1)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => self.1.cmp(other.1),
        }
    }
}

impl PartialOrd for TaskOrder<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Task keys in number order ("2" before "10"), each task's cells as they are.
struct SortedTasks<'a>(&'a BTreeMap<CompactString, Arc<TaskCells>>);

impl Serialize for SortedTasks<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut keys: Vec<&CompactString> = self.0.keys().collect();
        // Each key read as a number once, not at every comparison.
        keys.sort_by_cached_key(|k| TaskOrder(k.parse::<u64>().ok(), k));
        s.collect_map(keys.into_iter().map(|k| (k, &*self.0[k])))
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let more = self.more();
        let mut map = s.serialize_map(None)?;
        if !self.status.is_todo() {
            map.serialize_entry("status", &self.status)?;
        }
        if let Some(v) = &self.started_at {
            map.serialize_entry("started_at", v)?;
        }
        if let Some(v) = &self.done_at {
            map.serialize_entry("done_at", v)?;
        }
        if let Some(v) = &more.note {
            map.serialize_entry("note", v)?;
        }
        if let Some(v) = &self.changed_at {
            map.serialize_entry("changed_at", v)?;
        }
        if let Some(v) = &more.note_at {
            map.serialize_entry("note_at", v)?;
        }
        if let Some(v) = &more.review_due {
            map.serialize_entry("review_due", v)?;
        }
        if let Some(v) = &more.reviews {
            map.serialize_entry("reviews", v)?;
        }
        if let Some(v) = &more.reviewed_at {
            map.serialize_entry("reviewed_at", v)?;
        }
        if let Some(v) = &more.verified {
            map.serialize_entry("verified", v)?;
        }
        if let Some(v) = &more.verify_failed {
            map.serialize_entry("verify_failed", v)?;
        }
        for (key, value) in &more.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Serialize for Progress {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("version", &self.version)?;
        if !self.settings.is_empty() {
            map.serialize_entry("settings", &self.settings)?;
        }
        map.serialize_entry("tasks", &SortedTasks(&self.tasks))?;
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
