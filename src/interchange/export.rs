//! Progress out of the app: the seed's own Markdown table, CSV, JSON, and the stats report.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::model::stats::{percent, percent_tenths};
use crate::model::{Lang, Progress, Roadmap, Stats, Status};

/// The mark of a done cell in Markdown.
pub const DONE_MARK: &str = "✅";
/// The mark of an in-progress cell in Markdown.
pub const IN_PROGRESS_MARK: &str = "🚧";

/// `|` would end a cell; a line break would end the row.
fn escape_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The roadmap as the seed's Markdown table: a bold row per level, a row per task with its
/// number, then a column per language with ✅ where done and 🚧 where in progress.
pub fn markdown(roadmap: &Roadmap, progress: &Progress, lang: Lang) -> String {
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
                    Status::Todo => "",
                })
                .collect();
            out.push_str(&format!(
                "| {}. | {} | {} |\n",
                task.id,
                escape_cell(task.text.get(lang)),
                marks.join(" | ")
            ));
        }
    }
    out
}

fn field(value: Option<&str>) -> &str {
    value.unwrap_or("")
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Todo => "todo",
        Status::InProgress => "in_progress",
        Status::Done => "done",
    }
}

/// One row per task × language (RFC 4180).
pub fn csv(roadmap: &Roadmap, progress: &Progress, lang: Lang) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
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
        for track in &roadmap.tracks {
            let cell = progress.cell(task.id, &track.id);
            let status = cell.map(|c| c.status).unwrap_or_default();
            w.write_record([
                task.id.to_string().as_str(),
                level,
                &track.id,
                status_word(status),
                field(cell.and_then(|c| c.started_at.as_deref())),
                field(cell.and_then(|c| c.done_at.as_deref())),
                field(cell.and_then(|c| c.note.as_deref())),
                task.text.get(lang),
            ])?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The roadmap joined with the progress: every level, task and cell.
pub fn json(roadmap: &Roadmap, progress: &Progress) -> String {
    let levels: Vec<Value> = roadmap
        .levels
        .iter()
        .enumerate()
        .map(|(l, level)| {
            let tasks: Vec<Value> = roadmap
                .level_range(l)
                .map(|pos| {
                    let task = roadmap.task(pos);
                    let mut cells = Map::new();
                    for track in &roadmap.tracks {
                        let cell = progress.cell(task.id, &track.id);
                        let mut v = json!({
                            "status": status_word(cell.map(|c| c.status).unwrap_or_default()),
                        });
                        if let Some(c) = cell {
                            for (k, val) in [
                                ("started_at", c.started_at.as_deref()),
                                ("done_at", c.done_at.as_deref()),
                                ("note", c.note.as_deref()),
                            ] {
                                if let Some(val) = val {
                                    v[k] = json!(val);
                                }
                            }
                        }
                        cells.insert(track.id.clone(), v);
                    }
                    json!({"id": task.id, "text": task.text, "cells": cells})
                })
                .collect();
            json!({"id": level.id, "name": level.name, "tasks": tasks})
        })
        .collect();
    let value = json!({
        "roadmap": roadmap.id,
        "title": roadmap.title,
        "tracks": roadmap.tracks,
        "levels": levels,
        "stats": stats_json(roadmap, &Stats::compute(roadmap, progress)),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

#[derive(Serialize)]
struct Count {
    done: usize,
    in_progress: usize,
    total: usize,
    percent: f64,
}

fn count(done: usize, in_progress: usize, total: usize) -> Count {
    Count {
        done,
        in_progress,
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
                "count": count(s.track_done(t), s.track_in_progress(t), s.task_total()),
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
                    let c = count(s.done(l, t), s.in_progress(l, t), s.level_tasks[l]);
                    (track.id.clone(), json!(c))
                })
                .collect();
            let in_progress = (0..roadmap.tracks.len()).map(|t| s.in_progress(l, t)).sum();
            json!({
                "id": level.id,
                "name": level.name,
                "count": count(s.level_done(l), in_progress, s.level_cells(l)),
                "tracks": by_track,
            })
        })
        .collect();
    json!({
        "roadmap": roadmap.id,
        "overall": count(s.total_done(), s.total_in_progress(), s.total_cells()),
        "tracks": tracks,
        "levels": levels,
    })
}

/// The stats as a plain table that fits 80 columns.
pub fn stats_table(roadmap: &Roadmap, s: &Stats) -> String {
    let name_w = roadmap
        .levels
        .iter()
        .map(|l| l.name.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 12);
    let col = 7;
    let cut = |s: &str, w: usize| s.chars().take(w).collect::<String>();
    let mut out = format!("{:<name_w$}", "Level");
    for t in &roadmap.tracks {
        out.push_str(&format!(" {:>col$}", cut(&t.name, col)));
    }
    out.push_str(&format!(" {:>8} {:>5}\n", "All", "%"));
    for (l, level) in roadmap.levels.iter().enumerate() {
        out.push_str(&format!("{:<name_w$}", cut(&level.name, name_w)));
        for t in 0..roadmap.tracks.len() {
            out.push_str(&format!(
                " {:>col$}",
                format!("{}/{}", s.done(l, t), s.level_tasks[l])
            ));
        }
        let (done, cells) = (s.level_done(l), s.level_cells(l));
        out.push_str(&format!(
            " {:>8} {:>4}%\n",
            format!("{done}/{cells}"),
            percent(done, cells)
        ));
    }
    out.push_str(&format!("{:<name_w$}", "All"));
    for t in 0..roadmap.tracks.len() {
        out.push_str(&format!(
            " {:>col$}",
            format!("{}/{}", s.track_done(t), s.task_total())
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
            format!("{}%", percent(s.track_done(t), s.task_total()))
        ));
    }
    out.push('\n');
    if s.total_in_progress() > 0 {
        out.push_str(&format!("In progress: {}\n", s.total_in_progress()));
    }
    out
}
