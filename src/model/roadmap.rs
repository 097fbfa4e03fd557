//! The roadmap: levels of numbered tasks, each to be done once per track (language).
//!
//! Tasks are addressed two ways: by their `TaskId` (the number the document gives them, which is
//! what the progress file stores) and by their `TaskPos`, their place in reading order (levels in
//! order, tasks in document order), which is what the cursor and the screens use.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::text::{echo, strip_controls};

/// A task's identity: its number in the roadmap document.
pub type TaskId = u32;

/// A task's place in reading order, `0..roadmap.task_count()`.
pub type TaskPos = usize;

/// The language a text is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Es,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Es => Lang::En,
            Lang::En => Lang::Es,
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text in Spanish and English; either may be empty in a roadmap that has only one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub es: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
}

impl Text {
    pub fn both(s: &str) -> Text {
        Text {
            es: s.to_owned(),
            en: s.to_owned(),
        }
    }

    /// The text in `lang`, falling back to the other language where it is missing.
    pub fn get(&self, lang: Lang) -> &str {
        let (want, other) = match lang {
            Lang::Es => (&self.es, &self.en),
            Lang::En => (&self.en, &self.es),
        };
        if want.is_empty() { other } else { want }
    }

    fn is_empty(&self) -> bool {
        self.es.trim().is_empty() && self.en.trim().is_empty()
    }

    fn sanitize(&mut self) {
        for text in [&mut self.es, &mut self.en] {
            // Most texts are clean: only one that is not is made again.
            let trimmed = text.trim();
            if trimmed.len() != text.len() || trimmed.chars().any(char::is_control) {
                *text = strip_controls(trimmed, false);
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Track {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub id: String,
    pub name: String,
    pub tasks: Vec<Task>,
}

/// What is wrong with a roadmap definition.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoadmapError {
    #[error("line {line}, column {column}: {reason}")]
    Json {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("the roadmap has no tracks (language columns)")]
    NoTracks,
    #[error("the roadmap has no levels")]
    NoLevels,
    #[error("level \"{0}\" has no tasks")]
    EmptyLevel(String),
    #[error("task {0} appears more than once")]
    DuplicateTask(TaskId),
    #[error("track \"{0}\" appears more than once")]
    DuplicateTrack(String),
    #[error("task {0} has no text")]
    EmptyText(TaskId),
    #[error(
        "track id \"{0}\" must be 1 to {MAX_TRACK_ID_CHARS} lowercase letters, digits, '-' or '_'"
    )]
    BadTrackId(String),
    #[error("the name of track \"{0}\" is longer than {MAX_TRACK_NAME_CHARS} characters")]
    LongTrackName(String),
    #[error(
        "the roadmap id \"{0}\" must be non-empty lowercase letters, digits, '-' or '_' (it \
         names the progress file)"
    )]
    BadId(String),
}

#[derive(Deserialize)]
struct RoadmapFile {
    id: String,
    #[serde(default)]
    title: Text,
    tracks: Vec<Track>,
    levels: Vec<Level>,
}

/// A validated roadmap with its reading-order index. The levels and the index are shared
/// between copies: the screens work on a copy with the user's languages (see
/// `model::tracks`), and a roadmap of 100,000 tasks is not copied for that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roadmap {
    pub id: String,
    pub title: Text,
    pub tracks: Vec<Track>,
    pub levels: Arc<Vec<Level>>,
    index: Arc<Index>,
}

/// Where each task is.
#[derive(Debug, PartialEq, Eq)]
struct Index {
    /// (level index, index within level) for each `TaskPos`.
    order: Vec<(usize, usize)>,
    /// The `TaskPos` of each level's first task.
    level_start: Vec<usize>,
    by_id: HashMap<TaskId, TaskPos>,
    /// `by_id` as a table indexed by id, when the ids are dense enough for one (at most four
    /// slots a task): a lookup per cell in every count, with no hashing.
    dense: Vec<Option<TaskPos>>,
    max_id: TaskId,
}

/// The longest id a language may have, in characters: every list and error names languages by
/// id, and a column as wide as a 65,536-character id cannot even be formatted.
pub const MAX_TRACK_ID_CHARS: usize = 32;

/// The longest name a roadmap may give a language, in characters.
pub const MAX_TRACK_NAME_CHARS: usize = 100;

/// Whether `id` is a language's id: an id (see `is_id`) of at most `MAX_TRACK_ID_CHARS`.
pub fn is_track_id(id: &str) -> bool {
    is_id(id) && id.len() <= MAX_TRACK_ID_CHARS
}

/// Ids name files and JSON keys: lowercase letters, digits, '-' and '_' only.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// `by_id` as a table, when it takes at most four slots a task; else empty (see `Index::dense`).
fn dense_index(
    by_id: &HashMap<TaskId, TaskPos>,
    max_id: TaskId,
    tasks: usize,
) -> Vec<Option<TaskPos>> {
    let slots = max_id as usize + 1;
    if by_id.is_empty() || slots > tasks.saturating_mul(4).max(64) {
        return Vec::new();
    }
    let mut dense = vec![None; slots];
    for (&id, &pos) in by_id {
        dense[id as usize] = Some(pos);
    }
    dense
}

const SEED_JSON: &str = include_str!("../../assets/roadmap.json");

impl Roadmap {
    /// The 100 Backend Tasking Roadmap, compiled into the binary.
    pub fn seed() -> Result<Roadmap, RoadmapError> {
        Roadmap::from_json(SEED_JSON)
    }

    /// Parses a roadmap in the asset's JSON schema.
    pub fn from_json(json: &str) -> Result<Roadmap, RoadmapError> {
        let file: RoadmapFile = serde_json::from_str(json).map_err(|e| RoadmapError::Json {
            line: e.line(),
            column: e.column(),
            reason: strip_controls(&e.to_string(), false),
        })?;
        Roadmap::new(file.id, file.title, file.tracks, file.levels)
    }

    /// Validates the parts and builds the reading-order index.
    pub fn new(
        id: String,
        mut title: Text,
        mut tracks: Vec<Track>,
        mut levels: Vec<Level>,
    ) -> Result<Roadmap, RoadmapError> {
        title.sanitize();
        if !is_id(&id) {
            return Err(RoadmapError::BadId(strip_controls(&id, false)));
        }
        if tracks.is_empty() {
            return Err(RoadmapError::NoTracks);
        }
        if levels.is_empty() {
            return Err(RoadmapError::NoLevels);
        }
        let mut seen_tracks = std::collections::HashSet::new();
        for track in &mut tracks {
            track.id = strip_controls(track.id.trim(), false);
            track.name = strip_controls(track.name.trim(), false);
            if !is_track_id(&track.id) {
                return Err(RoadmapError::BadTrackId(echo(&track.id)));
            }
            if track.name.is_empty() {
                track.name = track.id.clone();
            }
            if track.name.chars().count() > MAX_TRACK_NAME_CHARS {
                return Err(RoadmapError::LongTrackName(track.id.clone()));
            }
            if !seen_tracks.insert(track.id.clone()) {
                return Err(RoadmapError::DuplicateTrack(track.id.clone()));
            }
        }
        let mut order = Vec::new();
        let mut level_start = Vec::with_capacity(levels.len());
        let mut by_id = HashMap::new();
        for (li, level) in levels.iter_mut().enumerate() {
            level.name = strip_controls(level.name.trim(), false);
            if level.tasks.is_empty() {
                return Err(RoadmapError::EmptyLevel(level.name.clone()));
            }
            level_start.push(order.len());
            for (ti, task) in level.tasks.iter_mut().enumerate() {
                task.text.sanitize();
                if task.text.is_empty() {
                    return Err(RoadmapError::EmptyText(task.id));
                }
                if by_id.insert(task.id, order.len()).is_some() {
                    return Err(RoadmapError::DuplicateTask(task.id));
                }
                order.push((li, ti));
            }
        }
        let max_id = by_id.keys().copied().max().unwrap_or(0);
        Ok(Roadmap {
            id,
            title,
            tracks,
            levels: Arc::new(levels),
            index: Arc::new(Index {
                dense: dense_index(&by_id, max_id, order.len()),
                order,
                level_start,
                by_id,
                max_id,
            }),
        })
    }

    pub fn task_count(&self) -> usize {
        self.index.order.len()
    }

    /// The task at a reading-order position.
    pub fn task(&self, pos: TaskPos) -> &Task {
        let (l, t) = self.index.order[pos];
        &self.levels[l].tasks[t]
    }

    /// The level index of the task at `pos`.
    pub fn level_of(&self, pos: TaskPos) -> usize {
        self.index.order[pos].0
    }

    /// The positions of a level's tasks.
    pub fn level_range(&self, level: usize) -> std::ops::Range<TaskPos> {
        let start = self.index.level_start[level];
        start..start + self.levels[level].tasks.len()
    }

    pub fn pos_of(&self, id: TaskId) -> Option<TaskPos> {
        if self.index.dense.is_empty() {
            return self.index.by_id.get(&id).copied();
        }
        self.index.dense.get(id as usize).copied().flatten()
    }

    /// The position of the task a progress file's task key names. Only the plain number names a
    /// task: "01" or "+1" are unknown keys, kept in the file but never counted or shown, as the
    /// grid looks cells up by the plain number.
    pub fn pos_of_key(&self, key: &str) -> Option<TaskPos> {
        // Only a number written as the file writes it: digits, no sign, no leading zero.
        let canonical =
            key.bytes().all(|b| b.is_ascii_digit()) && (key.len() == 1 || !key.starts_with('0'));
        if !canonical {
            return None;
        }
        self.pos_of(key.parse::<TaskId>().ok()?)
    }

    /// The largest task number, for sizing the number column.
    pub fn max_id(&self) -> TaskId {
        self.index.max_id
    }

    pub fn track_index(&self, id: &str) -> Option<usize> {
        self.tracks.iter().position(|t| t.id == id)
    }

    /// The tasks in reading order with their positions.
    pub fn tasks(&self) -> impl Iterator<Item = (TaskPos, &Task)> {
        (0..self.index.order.len()).map(|p| (p, self.task(p)))
    }

    /// Each track's index by id, for work that looks up many cells' tracks: `track_index`
    /// walks the tracks, and a roadmap may have thousands.
    pub fn track_lookup(&self) -> HashMap<&str, usize> {
        self.tracks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect()
    }

    /// The longest track name, for sizing columns.
    pub fn longest_track_name(&self) -> usize {
        self.tracks
            .iter()
            .map(|t| t.name.chars().count())
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Roadmap {
        Roadmap::seed().expect("the seed asset is valid")
    }

    #[test]
    fn seed_has_105_unique_tasks_numbered_1_to_105() {
        let r = seed();
        assert_eq!(r.task_count(), 105);
        let mut ids: Vec<TaskId> = r.tasks().map(|(_, t)| t.id).collect();
        ids.sort_unstable();
        assert_eq!(ids, (1..=105).collect::<Vec<_>>());
    }

    #[test]
    fn seed_levels_and_counts_in_order() {
        let r = seed();
        let got: Vec<(&str, usize)> = r
            .levels
            .iter()
            .map(|l| (l.name.as_str(), l.tasks.len()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Freshman", 25),
                ("Sophomore", 16),
                ("Junior", 9),
                ("Senior", 20),
                ("Lead", 17),
                ("Architect", 18)
            ]
        );
    }

    #[test]
    fn out_of_order_tasks_sit_where_the_seed_puts_them() {
        let r = seed();
        let level_name = |id| &r.levels[r.level_of(r.pos_of(id).unwrap())].name;
        for id in 86..=90 {
            assert_eq!(level_name(id), "Senior", "task {id}");
        }
        for id in 91..=95 {
            assert_eq!(level_name(id), "Lead", "task {id}");
        }
        for id in 96..=105 {
            assert_eq!(level_name(id), "Architect", "task {id}");
        }
        // Seed order inside Senior: 51..=65 then 86..=90.
        let senior: Vec<TaskId> = r.levels[3].tasks.iter().map(|t| t.id).collect();
        let want: Vec<TaskId> = (51..=65).chain(86..=90).collect();
        assert_eq!(senior, want);
    }

    #[test]
    fn seed_tracks_have_stable_ids_and_names() {
        let r = seed();
        let ids: Vec<&str> = r.tracks.iter().map(|t| t.id.as_str()).collect();
        let names: Vec<&str> = r.tracks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(ids, ["python", "node", "go", "php", "kotlin", "java"]);
        assert_eq!(names, ["Python", "Node", "Go", "PHP", "Kotlin", "Java"]);
    }

    #[test]
    fn seed_texts_are_present_repaired_and_trimmed() {
        let r = seed();
        for (_, t) in r.tasks() {
            for s in [&t.text.es, &t.text.en] {
                assert!(!s.trim().is_empty(), "task {} has an empty text", t.id);
                assert_eq!(s.trim(), s, "task {} is not trimmed", t.id);
                assert!(!s.contains("  "), "task {} has doubled spaces", t.id);
                for garbled in ['帽', '谩', '贸', '铆', '煤', '茅'] {
                    assert!(!s.contains(garbled), "task {} has garbled {garbled}", t.id);
                }
            }
        }
        let all: Vec<&str> = r.tasks().map(|(_, t)| t.text.es.as_str()).collect();
        let all = all.join("\n");
        for word in ["parámetros", "Diseñar", "autenticación", "código"] {
            assert!(all.contains(word), "{word} missing");
        }
        assert!(!all.contains(" de de "), "doubled word left in");
        assert_eq!(r.task(0).text.es, "Configurar un servidor local.");
    }

    #[test]
    fn rejects_invalid_roadmaps() {
        let lvl = |name: &str, ids: &[TaskId]| Level {
            id: name.to_lowercase(),
            name: name.into(),
            tasks: ids
                .iter()
                .map(|&id| Task {
                    id,
                    text: Text::both("x"),
                })
                .collect(),
        };
        let tracks = vec![Track {
            id: "py".into(),
            name: "Py".into(),
        }];
        let mk =
            |tracks: Vec<Track>, levels| Roadmap::new("t".into(), Text::default(), tracks, levels);
        assert_eq!(
            mk(vec![], vec![lvl("A", &[1])]),
            Err(RoadmapError::NoTracks)
        );
        assert_eq!(
            mk(tracks.clone(), vec![lvl("A", &[1]), lvl("B", &[])]),
            Err(RoadmapError::EmptyLevel("B".into()))
        );
        assert_eq!(
            mk(tracks.clone(), vec![lvl("A", &[1, 2]), lvl("B", &[2])]),
            Err(RoadmapError::DuplicateTask(2))
        );
        let err = Roadmap::from_json("{\"id\": \"x\",\n \"tracks\": [}").unwrap_err();
        assert!(matches!(err, RoadmapError::Json { line: 2, .. }), "{err:?}");
    }

    #[test]
    fn text_falls_back_to_the_other_language() {
        let t = Text {
            es: "hola".into(),
            en: String::new(),
        };
        assert_eq!(t.get(Lang::En), "hola");
        assert_eq!(t.get(Lang::Es), "hola");
    }
}
