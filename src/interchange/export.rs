//! Progress out of the app: the seed's own Markdown table, CSV, JSON, and the stats report.

use std::io::{self, Write};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value, json};

use crate::i18n::tr;
use crate::model::activity::{Activity, CALENDAR_WEEKS, Calendar};
use crate::model::stats::{percent, percent_tenths};
use crate::model::{Lang, Progress, Roadmap, Stats, Status};

/// The mark of a done cell in Markdown.
pub const DONE_MARK: &str = "✅";
/// The mark of an in-progress cell in Markdown.
pub const IN_PROGRESS_MARK: &str = "🚧";
/// The mark of a skipped cell in Markdown ("next track", as a player skips one).
pub const SKIP_MARK: &str = "⏭";

/// `|` would end a cell; a line break would end the row.
fn escape_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The roadmap as the seed's Markdown table: a bold row per level, a row per task with its
/// number, then a column per language with ✅ where done, 🚧 where in progress and ⏭ where
/// skipped.
pub fn markdown(roadmap: &Roadmap, progress: &Progress, lang: Lang) -> String {
    super::in_memory(|w| markdown_to(roadmap, progress, lang, w))
}

/// Writes the Markdown table to `w` a row at a time.
pub fn markdown_to(
    roadmap: &Roadmap,
    progress: &Progress,
    lang: Lang,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut w = io::BufWriter::new(w);
    let mut out = String::new();
    let (level_word, tasks_word) = match lang {
        Lang::Es => ("Nivel", "Tareas"),
        Lang::En => ("Level", "Tasks"),
    };
    let mut header = vec![format!("**{level_word}**"), format!("**{tasks_word}**")];
    header.extend(
        roadmap
            .tracks
            .iter()
            .map(|t| format!("**{}**", escape_cell(&t.name))),
    );
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    let blanks = " |".repeat(roadmap.tracks.len());
    for (l, level) in roadmap.levels.iter().enumerate() {
        out.push_str(&format!("| **{}** | |{blanks}\n", escape_cell(&level.name)));
        for pos in roadmap.level_range(l) {
            let task = roadmap.task(pos);
            let marks: Vec<&str> = roadmap
                .tracks
                .iter()
                .map(|t| match progress.status(task.id, &t.id) {
                    Status::Done => DONE_MARK,
                    Status::InProgress => IN_PROGRESS_MARK,
                    Status::Skip => SKIP_MARK,
                    Status::Todo => "",
                })
                .collect();
            out.push_str(&format!(
                "| {}. | {} | {} |\n",
                task.id,
                escape_cell(task.text.get(lang)),
                marks.join(" | ")
            ));
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    w.write_all(out.as_bytes())?;
    w.flush()
}

fn field(value: Option<&str>) -> &str {
    value.unwrap_or("")
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Todo => "todo",
        Status::InProgress => "in_progress",
        Status::Done => "done",
        Status::Skip => "skip",
    }
}

/// One row per task × language (RFC 4180).
pub fn csv(roadmap: &Roadmap, progress: &Progress, lang: Lang) -> Result<String, csv::Error> {
    let mut bytes = Vec::new();
    csv_to(roadmap, progress, lang, &mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Writes the CSV to `out` row by row, however many rows there are.
pub fn csv_to(
    roadmap: &Roadmap,
    progress: &Progress,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "task",
        "level",
        "language",
        "status",
        "started_at",
        "done_at",
        "note",
        "text",
    ])?;
    for (pos, task) in roadmap.tasks() {
        let level = &roadmap.levels[roadmap.level_of(pos)].name;
        let id = task.id.to_string();
        for track in &roadmap.tracks {
            let cell = progress.cell(task.id, &track.id);
            let status = cell.map(|c| c.status).unwrap_or_default();
            w.write_record([
                id.as_str(),
                level,
                &track.id,
                status_word(status),
                field(cell.and_then(|c| c.started_at.as_deref())),
                field(cell.and_then(|c| c.done_at.as_deref())),
                field(cell.and_then(|c| c.note())),
                task.text.get(lang),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// The roadmap joined with the progress: every level, task and cell.
pub fn json(roadmap: &Roadmap, progress: &Progress) -> String {
    super::in_memory(|w| json_to(roadmap, progress, w))
}

/// Writes the JSON to `out` as it goes: level by level, task by task, never the whole document
/// in memory. Keys come in alphabetical order, as a JSON tree would give them.
pub fn json_to(roadmap: &Roadmap, progress: &Progress, out: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &JsonDoc { roadmap, progress })?;
    out.write_all(b"\n")?;
    out.flush()
}

struct JsonDoc<'a> {
    roadmap: &'a Roadmap,
    progress: &'a Progress,
}

/// A small value as a JSON tree would write it: keys in alphabetical order.
fn tree<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl Serialize for JsonDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.roadmap;
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("levels", &JsonLevels(self))?;
        map.serialize_entry("roadmap", &r.id)?;
        let stats = stats_json(r, &Stats::compute(r, self.progress));
        let verified = crate::model::verified::by_track(r, self.progress);
        map.serialize_entry("stats", &with_verified(stats, &verified))?;
        map.serialize_entry("title", &tree(&r.title))?;
        map.serialize_entry("tracks", &tree(&r.tracks))?;
        map.end()
    }
}

struct JsonLevels<'a>(&'a JsonDoc<'a>);

impl Serialize for JsonLevels<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0.roadmap;
        let mut seq = s.serialize_seq(Some(r.levels.len()))?;
        for (l, level) in r.levels.iter().enumerate() {
            seq.serialize_element(&JsonLevel {
                doc: self.0,
                index: l,
                level,
            })?;
        }
        seq.end()
    }
}

struct JsonLevel<'a> {
    doc: &'a JsonDoc<'a>,
    index: usize,
    level: &'a crate::model::roadmap::Level,
}

impl Serialize for JsonLevel<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.doc.roadmap;
        // Tracks in the order of their ids, as a tree's keys.
        let mut tracks: Vec<&crate::model::Track> = r.tracks.iter().collect();
        tracks.sort_by(|a, b| a.id.cmp(&b.id));
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("id", &self.level.id)?;
        map.serialize_entry("name", &self.level.name)?;
        map.serialize_entry(
            "tasks",
            &JsonTasks {
                doc: self.doc,
                level: self.index,
                tracks: &tracks,
            },
        )?;
        map.end()
    }
}

struct JsonTasks<'a> {
    doc: &'a JsonDoc<'a>,
    level: usize,
    tracks: &'a [&'a crate::model::Track],
}

impl Serialize for JsonTasks<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.doc.roadmap;
        let mut seq = s.serialize_seq(Some(r.level_range(self.level).len()))?;
        for pos in r.level_range(self.level) {
            let task = r.task(pos);
            seq.serialize_element(&JsonTask {
                doc: self.doc,
                task,
                tracks: self.tracks,
            })?;
        }
        seq.end()
    }
}

struct JsonTask<'a> {
    doc: &'a JsonDoc<'a>,
    task: &'a crate::model::roadmap::Task,
    tracks: &'a [&'a crate::model::Track],
}

impl Serialize for JsonTask<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("cells", &JsonCells(self))?;
        map.serialize_entry("id", &self.task.id)?;
        map.serialize_entry("text", &tree(&self.task.text))?;
        map.end()
    }
}

struct JsonCells<'a>(&'a JsonTask<'a>);

impl Serialize for JsonCells<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut map = s.serialize_map(Some(t.tracks.len()))?;
        for track in t.tracks {
            let cell = t.doc.progress.cell(t.task.id, &track.id);
            map.serialize_entry(&track.id, &JsonCell(cell))?;
        }
        map.end()
    }
}

struct JsonCell<'a>(Option<&'a crate::model::Cell>);

impl Serialize for JsonCell<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut map = s.serialize_map(None)?;
        let parts = [
            ("done_at", c.and_then(|c| c.done_at.as_deref())),
            ("note", c.and_then(|c| c.note())),
            ("started_at", c.and_then(|c| c.started_at.as_deref())),
        ];
        for (key, value) in parts {
            if let Some(value) = value {
                map.serialize_entry(key, value)?;
            }
        }
        map.serialize_entry(
            "status",
            status_word(c.map(|c| c.status).unwrap_or_default()),
        )?;
        map.end()
    }
}

/// One figure of `stats --json`. `total` is the cells that count: skipped ones are in
/// `skipped`, not in `total`.
#[derive(Serialize)]
struct Count {
    done: usize,
    in_progress: usize,
    skipped: usize,
    total: usize,
    percent: f64,
}

fn count(done: usize, in_progress: usize, skipped: usize, total: usize) -> Count {
    Count {
        done,
        in_progress,
        skipped,
        total,
        percent: percent_tenths(done, total),
    }
}

/// The stats in the stable schema the README documents.
pub fn stats_json(roadmap: &Roadmap, s: &Stats) -> Value {
    let tracks: Vec<Value> = roadmap
        .tracks
        .iter()
        .enumerate()
        .map(|(t, track)| {
            json!({
                "id": track.id,
                "name": track.name,
                "count": count(
                    s.track_done(t),
                    s.track_in_progress(t),
                    s.track_skipped(t),
                    s.track_cells(t),
                ),
            })
        })
        .collect();
    let levels: Vec<Value> = roadmap
        .levels
        .iter()
        .enumerate()
        .map(|(l, level)| {
            let by_track: Map<String, Value> = roadmap
                .tracks
                .iter()
                .enumerate()
                .map(|(t, track)| {
                    let c = count(
                        s.done(l, t),
                        s.in_progress(l, t),
                        s.skipped(l, t),
                        s.cells(l, t),
                    );
                    (track.id.clone(), json!(c))
                })
                .collect();
            json!({
                "id": level.id,
                "name": level.name,
                "count": count(
                    s.level_done(l),
                    s.level_in_progress(l),
                    s.level_skipped(l),
                    s.level_cells(l),
                ),
                "tracks": by_track,
            })
        })
        .collect();
    json!({
        "roadmap": roadmap.id,
        "overall": count(
            s.total_done(),
            s.total_in_progress(),
            s.total_skipped(),
            s.total_cells(),
        ),
        "tracks": tracks,
        "levels": levels,
    })
}

/// `stats_json`'s figures with the done cells verified by running their tests (`verified`, one
/// count per language in the roadmap's order): in all, and in each language's entry.
pub fn with_verified(mut value: Value, verified: &[usize]) -> Value {
    value["verified"] = verified.iter().sum::<usize>().into();
    if let Some(tracks) = value["tracks"].as_array_mut() {
        for (track, n) in tracks.iter_mut().zip(verified) {
            track["verified"] = (*n).into();
        }
    }
    value
}

/// The figures of activity the card shows, for `stats --json`: as of `today` (done dates read in
/// `tz`), the completions today and in the last 7 and 30 days, the current streak, and the
/// calendar — every day with a completion from the Monday 52 weeks back to today, and their
/// total.
pub fn activity_json(progress: &Progress, today: Date, tz: &TimeZone) -> Value {
    let a = Activity::compute(progress, today, tz);
    let c = Calendar::compute(progress, today, tz, CALENDAR_WEEKS);
    let days: Map<String, Value> = c
        .days
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, n)| (c.date(i / 7, i % 7).to_string(), json!(n)))
        .collect();
    json!({
        "as_of": today.to_string(),
        "today": a.today,
        "last_7_days": a.last_7_days,
        "last_30_days": a.last_30_days,
        "streak": a.streak,
        "calendar": {
            "from": c.first.to_string(),
            "to": c.today.to_string(),
            "total": c.total(),
            "days": days,
        },
    })
}

/// The stats as a plain table that fits 80 columns (with the seed's six languages), its words in
/// `lang`.
pub fn stats_table(roadmap: &Roadmap, s: &Stats, lang: Lang) -> String {
    let (level_word, all_word) = (tr(lang, "Level", "Nivel"), tr(lang, "All", "Total"));
    let name_w = roadmap
        .levels
        .iter()
        .map(|l| l.name.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 12);
    let col = 7;
    let cut = |s: &str, w: usize| s.chars().take(w).collect::<String>();
    let mut out = format!("{:<name_w$}", level_word);
    for t in &roadmap.tracks {
        out.push_str(&format!(" {:>col$}", cut(&t.name, col)));
    }
    out.push_str(&format!(" {:>8} {:>5}\n", all_word, "%"));
    for (l, level) in roadmap.levels.iter().enumerate() {
        out.push_str(&format!("{:<name_w$}", cut(&level.name, name_w)));
        for t in 0..roadmap.tracks.len() {
            out.push_str(&format!(
                " {:>col$}",
                format!("{}/{}", s.done(l, t), s.cells(l, t))
            ));
        }
        let (done, cells) = (s.level_done(l), s.level_cells(l));
        out.push_str(&format!(
            " {:>8} {:>4}%\n",
            format!("{done}/{cells}"),
            percent(done, cells)
        ));
    }
    out.push_str(&format!("{:<name_w$}", all_word));
    for t in 0..roadmap.tracks.len() {
        out.push_str(&format!(
            " {:>col$}",
            format!("{}/{}", s.track_done(t), s.track_cells(t))
        ));
    }
    let (done, cells) = (s.total_done(), s.total_cells());
    out.push_str(&format!(
        " {:>8} {:>4}%\n",
        format!("{done}/{cells}"),
        percent(done, cells)
    ));
    out.push_str(&format!("{:<name_w$}", "%"));
    for t in 0..roadmap.tracks.len() {
        out.push_str(&format!(
            " {:>col$}",
            format!("{}%", percent(s.track_done(t), s.track_cells(t)))
        ));
    }
    out.push('\n');
    if s.total_in_progress() > 0 {
        out.push_str(&format!(
            "{}: {}\n",
            tr(lang, "In progress", "En curso"),
            s.total_in_progress()
        ));
    }
    if s.total_skipped() > 0 {
        out.push_str(&format!(
            "{}: {}\n",
            tr(
                lang,
                "Skipped (left out of the totals)",
                "Omitidas (fuera de los totales)"
            ),
            s.total_skipped()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON written as it goes is the document a JSON tree of it would give: the same keys,
    /// in the same (alphabetical) order, the same values.
    #[test]
    fn json_written_as_it_goes_is_the_tree_it_stands_for() {
        let roadmap = Roadmap::seed().unwrap();
        let mut progress = Progress::default();
        let now = "2026-11-26T10:00:00Z";
        progress.set_status(1, "python", Status::Done, now);
        progress.set_status(2, "go", Status::InProgress, now);
        progress.set_note(3, "java", "a note\nwith \"quotes\" and ✔", now);
        let streamed = json(&roadmap, &progress);
        let doc = JsonDoc {
            roadmap: &roadmap,
            progress: &progress,
        };
        let tree = serde_json::to_value(&doc).unwrap();
        assert_eq!(
            streamed,
            serde_json::to_string_pretty(&tree).unwrap() + "\n"
        );
        // And it says what it should.
        assert_eq!(
            tree["levels"][0]["tasks"][0]["cells"]["python"]["status"],
            "done"
        );
        assert_eq!(
            tree["levels"][0]["tasks"][1]["cells"]["go"]["status"],
            "in_progress"
        );
        let keys: Vec<&String> = tree["levels"][0]["tasks"][0]["cells"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(keys.len(), roadmap.tracks.len());
    }
}
