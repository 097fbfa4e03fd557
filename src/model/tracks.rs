//! The languages in effect: the roadmap's tracks plus the ones the user added, ordered and
//! filtered by the progress file's settings. Everything that shows languages (grid, overview,
//! stats, export, next) asks here, so they all agree.
//!
//! The choice lives in `Settings::tracks` (per id: a name, hidden) and `Settings::track_order`.
//! Ids listed in the order come first; the rest follow, the roadmap's in its order, then added
//! ones by id (`add` lists every id in the order, so languages keep the order they were added
//! in). A hidden language keeps its progress.
//!
//! An added language whose id or name breaks the rules `add` enforces (a hand edit, or a file
//! written before ids were limited) is ignored: shown nowhere, kept in the file as it is, and
//! named by `ignored` so that `tracks` can say so and `remove` can drop it.

use super::progress::{Cell, Progress, Settings, Status};
use super::roadmap::{Lang, MAX_TRACK_ID_CHARS, Roadmap, Track, is_track_id};
use super::text::{echo, some_of, strip_controls};

/// The longest name a language may have, in characters.
pub const MAX_NAME_CHARS: usize = 24;

/// One language as the user has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackEntry {
    pub track: Track,
    pub hidden: bool,
    /// Added by the user rather than part of the roadmap.
    pub added: bool,
}

/// Every language, hidden ones included, in the user's order.
pub fn all(roadmap: &Roadmap, settings: &Settings) -> Vec<TrackEntry> {
    let setting = |id: &str| settings.tracks.get(id);
    let mut pool: Vec<TrackEntry> = roadmap
        .tracks
        .iter()
        .map(|t| {
            let s = setting(&t.id);
            let name = s.and_then(|s| clean_name(s.name.as_deref()?).ok());
            TrackEntry {
                track: Track {
                    id: t.id.clone(),
                    name: name.unwrap_or_else(|| t.name.clone()),
                },
                hidden: s.is_some_and(|s| s.hidden),
                added: false,
            }
        })
        .collect();
    let known = roadmap.track_lookup();
    // BTreeMap order: added languages not in the order list follow by id.
    for (id, s) in &settings.tracks {
        if known.contains_key(id.as_str()) || !is_track_id(id) {
            continue;
        }
        let Some(name) = s.name.as_deref().and_then(|n| clean_name(n).ok()) else {
            continue;
        };
        pool.push(TrackEntry {
            track: Track {
                id: id.clone(),
                name,
            },
            hidden: s.hidden,
            added: true,
        });
    }
    // Taken out of the pool by id in one pass each way: a user may have thousands.
    let at: std::collections::HashMap<String, usize> = pool
        .iter()
        .enumerate()
        .map(|(i, e)| (e.track.id.clone(), i))
        .collect();
    let mut pool: Vec<Option<TrackEntry>> = pool.into_iter().map(Some).collect();
    let mut ordered = Vec::with_capacity(pool.len());
    for id in &settings.track_order {
        if let Some(entry) = at.get(id).and_then(|&i| pool[i].take()) {
            ordered.push(entry);
        }
    }
    ordered.extend(pool.into_iter().flatten());
    ordered
}

/// The languages shown, in order. When every one is hidden (a hand-edited file), all are shown
/// rather than none.
pub fn visible(roadmap: &Roadmap, settings: &Settings) -> Vec<Track> {
    let all = all(roadmap, settings);
    let shown: Vec<Track> = all
        .iter()
        .filter(|e| !e.hidden)
        .map(|e| e.track.clone())
        .collect();
    if shown.is_empty() {
        all.into_iter().map(|e| e.track).collect()
    } else {
        shown
    }
}

/// The roadmap with the languages shown, in the user's order: what the screens, stats, export
/// and next work on.
pub fn visible_roadmap(roadmap: &Roadmap, settings: &Settings) -> Roadmap {
    let mut r = roadmap.clone();
    r.tracks = visible(roadmap, settings);
    r
}

/// The roadmap with every language, hidden ones included: what import, check and
/// `export --all-tracks` work on.
pub fn full_roadmap(roadmap: &Roadmap, settings: &Settings) -> Roadmap {
    let mut r = roadmap.clone();
    r.tracks = all(roadmap, settings)
        .into_iter()
        .map(|e| e.track)
        .collect();
    r
}

/// What is wrong with a change to the languages. Values the user gave are echoed short (see
/// `text::echo`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackError {
    #[error(
        "\"{0}\" is not a valid language id: use 1 to {MAX_TRACK_ID_CHARS} lowercase letters, \
         digits, '-' and '_' (e.g. rust, csharp, node-ts)"
    )]
    BadId(String),
    #[error("there is already a language \"{0}\"")]
    Duplicate(String),
    #[error("the language needs a name (e.g. \"Rust\")")]
    EmptyName,
    #[error("the language's name is too long: {MAX_NAME_CHARS} characters at most")]
    LongName,
    #[error("unknown language \"{name}\"; the languages are: {}", some_of(known.iter().map(String::as_str), MAX_LISTED))]
    Unknown { name: String, known: Vec<String> },
    #[error("\"{0}\" is the only language shown; show another one before hiding it")]
    LastVisible(String),
    #[error("position {position} is out of range: positions go from 1 to {count}")]
    BadPosition { position: usize, count: usize },
    #[error(
        "\"{0}\" is one of the roadmap's own languages, so it cannot be removed; hide it instead \
         (roadmap-tui tracks hide {0}): its progress is kept"
    )]
    NotAdded(String),
}

impl TrackError {
    /// The message in `lang` (the `Display` text is the English one).
    pub fn text(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            TrackError::BadId(id) => format!(
                "\"{id}\" no es un id de lenguaje válido: usa de 1 a {MAX_TRACK_ID_CHARS} letras \
                 minúsculas, cifras, '-' y '_' (p. ej. rust, csharp, node-ts)"
            ),
            TrackError::Duplicate(id) => format!("ya hay un lenguaje \"{id}\""),
            TrackError::EmptyName => "el lenguaje necesita un nombre (p. ej. \"Rust\")".to_owned(),
            TrackError::LongName => {
                format!(
                    "el nombre del lenguaje es demasiado largo: {MAX_NAME_CHARS} caracteres como mucho"
                )
            }
            TrackError::Unknown { name, known } => format!(
                "lenguaje desconocido \"{name}\"; los lenguajes son: {}",
                some_of(known.iter().map(String::as_str), MAX_LISTED)
            ),
            TrackError::LastVisible(id) => {
                format!("\"{id}\" es el único lenguaje visible; muestra otro antes de ocultarlo")
            }
            TrackError::BadPosition { position, count } => format!(
                "la posición {position} está fuera de rango: las posiciones van de 1 a {count}"
            ),
            TrackError::NotAdded(id) => format!(
                "\"{id}\" es uno de los lenguajes de la hoja de ruta y no se puede eliminar; \
                 ocúltalo (roadmap-tui tracks hide {id}): su progreso se conserva"
            ),
        }
    }
}

/// How many languages an error lists before saying how many there are in all.
const MAX_LISTED: usize = 20;

/// The error for a language `name` that is not among `known`.
pub fn unknown<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> TrackError {
    TrackError::Unknown {
        name: echo(name),
        known: known.map(str::to_owned).collect(),
    }
}

/// A name as stored: control characters out, trimmed, not empty, not too long.
pub fn clean_name(name: &str) -> Result<String, TrackError> {
    let name = strip_controls(name.trim(), false);
    if name.is_empty() {
        Err(TrackError::EmptyName)
    } else if name.chars().count() > MAX_NAME_CHARS {
        Err(TrackError::LongName)
    } else {
        Ok(name)
    }
}

/// The id of the language `name` names (its id or its name, in any case), hidden ones included.
pub fn find(roadmap: &Roadmap, settings: &Settings, name: &str) -> Result<String, TrackError> {
    let all = all(roadmap, settings);
    all.iter()
        .find(|e| e.track.id.eq_ignore_ascii_case(name))
        .or_else(|| all.iter().find(|e| e.track.name.eq_ignore_ascii_case(name)))
        .map(|e| e.track.id.clone())
        .ok_or_else(|| unknown(name, all.iter().map(|e| e.track.id.as_str())))
}

/// Adds a language with `id` and `name` after the others. A language the user added earlier
/// and then hid is refused as a duplicate too: show it instead.
pub fn add(
    roadmap: &Roadmap,
    settings: &mut Settings,
    id: &str,
    name: &str,
) -> Result<(), TrackError> {
    let id = id.trim();
    if !is_track_id(id) {
        return Err(TrackError::BadId(echo(id)));
    }
    let before = all(roadmap, settings);
    if before.iter().any(|e| e.track.id == id) {
        return Err(TrackError::Duplicate(id.to_owned()));
    }
    let name = clean_name(name)?;
    let entry = settings.tracks.entry(id.to_owned()).or_default();
    entry.name = Some(name);
    entry.hidden = false;
    // Every language in the order, the new one last: languages not listed would follow by id,
    // and a language added after another would come before it.
    let mut order: Vec<String> = before.into_iter().map(|e| e.track.id).collect();
    order.push(id.to_owned());
    // Ids the order names but this roadmap does not have (another roadmap's) stay listed.
    let foreign: Vec<String> = settings
        .track_order
        .iter()
        .filter(|t| !order.contains(t))
        .cloned()
        .collect();
    order.extend(foreign);
    settings.track_order = order;
    Ok(())
}

/// Hides or shows the language `id`; returns whether anything changed.
pub fn set_hidden(
    roadmap: &Roadmap,
    settings: &mut Settings,
    id: &str,
    hidden: bool,
) -> Result<bool, TrackError> {
    let id = find(roadmap, settings, id)?;
    let all = all(roadmap, settings);
    let entry = all.iter().find(|e| e.track.id == id);
    if entry.is_some_and(|e| e.hidden == hidden) {
        return Ok(false);
    }
    if hidden && all.iter().filter(|e| !e.hidden).count() <= 1 {
        return Err(TrackError::LastVisible(id));
    }
    let s = settings.tracks.entry(id.clone()).or_default();
    s.hidden = hidden;
    if s.is_blank() {
        settings.tracks.remove(&id);
    }
    Ok(true)
}

/// Moves the language `id` to `position` (from 1) among all languages, hidden ones included;
/// returns whether anything changed.
pub fn move_to(
    roadmap: &Roadmap,
    settings: &mut Settings,
    id: &str,
    position: usize,
) -> Result<bool, TrackError> {
    let id = find(roadmap, settings, id)?;
    let mut order: Vec<String> = all(roadmap, settings)
        .into_iter()
        .map(|e| e.track.id)
        .collect();
    let count = order.len();
    if position == 0 || position > count {
        return Err(TrackError::BadPosition { position, count });
    }
    let from = order.iter().position(|t| *t == id).unwrap_or(0);
    if from == position - 1 {
        return Ok(false);
    }
    let moved = order.remove(from);
    order.insert(position - 1, moved);
    // Ids the order names but this roadmap does not have (another roadmap's) stay listed.
    let foreign = settings
        .track_order
        .iter()
        .filter(|t| !order.contains(t))
        .cloned()
        .collect::<Vec<_>>();
    order.extend(foreign);
    settings.track_order = order;
    Ok(true)
}

/// Languages the settings add that are ignored because their id or name breaks the rules (see
/// the module's notes), by id.
pub fn ignored<'a>(roadmap: &Roadmap, settings: &'a Settings) -> Vec<&'a str> {
    settings
        .tracks
        .iter()
        .filter(|(id, s)| {
            roadmap.track_index(id).is_none()
                && s.name
                    .as_deref()
                    .is_some_and(|name| !is_track_id(id) || clean_name(name).is_err())
        })
        .map(|(id, _)| id.as_str())
        .collect()
}

/// The id of the language `name` names for `remove`: one the user added, by id or name, or an
/// ignored one by its exact id. One of the roadmap's own languages is refused.
pub fn find_removable(
    roadmap: &Roadmap,
    settings: &Settings,
    name: &str,
) -> Result<String, TrackError> {
    if let Some(id) = ignored(roadmap, settings)
        .into_iter()
        .find(|id| *id == name)
    {
        return Ok(id.to_owned());
    }
    let id = find(roadmap, settings, name)?;
    if roadmap.track_index(&id).is_some() {
        return Err(TrackError::NotAdded(id));
    }
    Ok(id)
}

/// What removing a language drops.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dropped {
    pub done: usize,
    pub in_progress: usize,
    pub skipped: usize,
    pub notes: usize,
    /// Whether it had a goal.
    pub goal: bool,
}

impl Dropped {
    /// Whether any cell of the language holds something: a state or a note.
    pub fn has_progress(&self) -> bool {
        self.done + self.in_progress + self.skipped + self.notes > 0
    }
}

/// What removing the language `id` would drop, in every task the file holds.
pub fn dropped(progress: &Progress, id: &str) -> Dropped {
    let mut out = Dropped {
        goal: progress.settings.goals.contains_key(id),
        ..Dropped::default()
    };
    for (_, track, cell) in progress.cells() {
        if track != id {
            continue;
        }
        match cell.status {
            Status::Done => out.done += 1,
            Status::InProgress => out.in_progress += 1,
            Status::Skip => out.skipped += 1,
            Status::Todo => {}
        }
        if cell.note().is_some() {
            out.notes += 1;
        }
    }
    out
}

/// Removes the language `id`: its entry, place and goal in the settings, and its progress. Each
/// of its cells that holds anything becomes an empty todo stamped `now`, as an uncheck does, so
/// that a merge with a copy that still holds the old marks takes the removal.
pub fn remove(progress: &mut Progress, id: &str, now: &str) {
    let settings = &mut progress.settings;
    settings.tracks.remove(id);
    settings.track_order.retain(|t| t != id);
    settings.goals.remove(id);
    let held: Vec<(String, Cell)> = progress
        .cells()
        .filter(|(_, track, cell)| *track == id && !is_empty(cell))
        .map(|(task, _, cell)| (task.to_owned(), cell.clone()))
        .collect();
    for (task, cell) in held {
        let mut blank = Cell::default();
        blank.take_stamps(&cell);
        blank.stamp_state(now);
        if cell.note().is_some() {
            blank.stamp_note(now);
        }
        progress.put_raw(&task, id, Some(blank));
    }
}

/// Whether a cell holds nothing: a todo without dates, note or review.
fn is_empty(cell: &Cell) -> bool {
    cell.status == Status::Todo
        && cell.started_at.is_none()
        && cell.done_at.is_none()
        && cell.note().is_none()
        && cell.review_due().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::progress::TrackSettings;
    use pretty_assertions::assert_eq;

    fn ids(tracks: &[Track]) -> Vec<&str> {
        tracks.iter().map(|t| t.id.as_str()).collect()
    }

    #[test]
    fn add_hide_move_and_show() {
        let r = Roadmap::seed().unwrap();
        let mut s = Settings::default();
        assert_eq!(visible(&r, &s), r.tracks);

        add(&r, &mut s, "rust", "Rust").unwrap();
        add(&r, &mut s, "csharp", "C#").unwrap();
        let v = visible(&r, &s);
        assert_eq!(
            ids(&v),
            [
                "python", "node", "go", "php", "kotlin", "java", "rust", "csharp"
            ],
            "in the order they were added"
        );
        assert_eq!(v[7].name, "C#");

        assert_eq!(set_hidden(&r, &mut s, "PHP", true), Ok(true));
        assert_eq!(set_hidden(&r, &mut s, "php", true), Ok(false));
        assert_eq!(move_to(&r, &mut s, "rust", 1), Ok(true));
        assert_eq!(
            ids(&visible(&r, &s)),
            ["rust", "python", "node", "go", "kotlin", "java", "csharp"]
        );
        // Hidden languages keep their place among all.
        assert_eq!(full_roadmap(&r, &s).tracks[4].id, "php");
        set_hidden(&r, &mut s, "php", false).unwrap();
        assert!(!s.tracks.contains_key("php"), "a blank entry is dropped");
        assert_eq!(visible(&r, &s)[4].id, "php");

        // Added later, it goes last even when an order is stored.
        add(&r, &mut s, "zig", "Zig").unwrap();
        assert_eq!(visible(&r, &s).last().unwrap().id, "zig");
    }

    #[test]
    fn bad_changes_are_refused() {
        let r = Roadmap::seed().unwrap();
        let mut s = Settings::default();
        assert_eq!(
            add(&r, &mut s, "Rust", "Rust"),
            Err(TrackError::BadId("Rust".into()))
        );
        assert_eq!(
            add(&r, &mut s, "go", "Go"),
            Err(TrackError::Duplicate("go".into()))
        );
        assert_eq!(add(&r, &mut s, "rust", "  "), Err(TrackError::EmptyName));
        assert!(matches!(
            set_hidden(&r, &mut s, "cobol", true),
            Err(TrackError::Unknown { .. })
        ));
        assert_eq!(
            move_to(&r, &mut s, "go", 7),
            Err(TrackError::BadPosition {
                position: 7,
                count: 6
            })
        );
        for t in ["python", "node", "go", "php", "kotlin"] {
            set_hidden(&r, &mut s, t, true).unwrap();
        }
        assert_eq!(
            set_hidden(&r, &mut s, "java", true),
            Err(TrackError::LastVisible("java".into()))
        );
        assert_eq!(s, {
            let mut want = Settings::default();
            for t in ["python", "node", "go", "php", "kotlin"] {
                set_hidden(&r, &mut want, t, true).unwrap();
            }
            want
        });
    }

    #[test]
    fn everything_hidden_by_hand_shows_everything() {
        let r = Roadmap::seed().unwrap();
        let mut s = Settings::default();
        for t in &r.tracks {
            s.tracks.insert(
                t.id.clone(),
                TrackSettings {
                    hidden: true,
                    ..Default::default()
                },
            );
        }
        assert_eq!(visible(&r, &s), r.tracks);
    }
}
