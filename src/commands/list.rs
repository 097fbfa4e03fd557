//! `list`: the cells in one state — in progress (oldest first), reviews (soonest due first),
//! done, todo or skipped (in reading order) — as text or JSON.

use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::{CliError, emit, find_track, today};
use crate::cli::ListStatus;
use crate::clock::days_between;
use crate::i18n::{days_ago, in_days, tr};
use crate::model::review;
use crate::model::{Lang, Roadmap, Status, TaskPos, tracks};
use crate::state;
use crate::ui::theme;

/// One listed cell: where it is, and the words after its language.
struct Item {
    pos: TaskPos,
    track: usize,
    mark: &'static str,
    when: String,
}

pub fn run(
    roadmap: &Roadmap,
    data: &Path,
    status: ListStatus,
    track: Option<&str>,
    json_out: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let progress = state::read(data)?;
    let roadmap = &match track {
        Some(_) => tracks::full_roadmap(roadmap, &progress.settings),
        None => tracks::visible_roadmap(roadmap, &progress.settings),
    };
    let only = track.map(|name| find_track(roadmap, name)).transpose()?;
    let keep = |t: usize| only.is_none_or(|o| o == t);
    let tz = crate::clock::local_zone();
    let today = today(&tz)?;
    let items: Vec<Item> = match status {
        ListStatus::InProgress => crate::app::in_progress::started(roadmap, &progress)
            .into_iter()
            .filter(|s| keep(s.track))
            .map(|s| Item {
                pos: s.pos,
                track: s.track,
                mark: theme::IN_PROGRESS_SYMBOL,
                when: s.started_on(&tz).map_or_else(
                    || tr(lang, "started", "empezada").to_owned(),
                    |d| {
                        format!(
                            "{} {}",
                            tr(lang, "started", "empezada"),
                            days_ago(lang, days_between(d, today))
                        )
                    },
                ),
            })
            .collect(),
        ListStatus::Review => review::scheduled(roadmap, &progress, &tz)
            .into_iter()
            .filter(|r| keep(r.track))
            .map(|r| Item {
                pos: r.pos,
                track: r.track,
                mark: if r.is_due(today) {
                    theme::REVIEW_SYMBOL
                } else {
                    theme::DONE_SYMBOL
                },
                when: format!(
                    "{} {} ({})",
                    tr(lang, "review due", "repaso el"),
                    r.due,
                    in_days(lang, days_between(today, r.due))
                ),
            })
            .collect(),
        ListStatus::Done | ListStatus::Todo | ListStatus::Skipped => {
            let want = match status {
                ListStatus::Done => Status::Done,
                ListStatus::Skipped => Status::Skip,
                _ => Status::Todo,
            };
            let mut items = Vec::new();
            for (pos, task) in roadmap.tasks() {
                for t in (0..roadmap.tracks.len()).filter(|&t| keep(t)) {
                    let cell = progress.cell(task.id, &roadmap.tracks[t].id);
                    if cell.map_or(Status::Todo, |c| c.status) != want {
                        continue;
                    }
                    let when = cell
                        .and_then(|c| c.done_at.as_deref())
                        .filter(|_| want == Status::Done)
                        .map(|d| {
                            format!(
                                "{} {}",
                                tr(lang, "done", "hecha el"),
                                d.get(..10).unwrap_or(d)
                            )
                        })
                        .unwrap_or_default();
                    items.push(Item {
                        pos,
                        track: t,
                        mark: theme::status_symbol(want),
                        when,
                    });
                }
            }
            items
        }
    };
    if json_out {
        let list: Vec<Value> = items
            .iter()
            .map(|i| {
                let task = roadmap.task(i.pos);
                let track = &roadmap.tracks[i.track];
                let cell = progress
                    .cell(task.id, &track.id)
                    .cloned()
                    .unwrap_or_default();
                json!({
                    "task": task.id,
                    "track": track.id,
                    "status": cell.status,
                    "started_at": cell.started_at,
                    "done_at": cell.done_at,
                    "review_due": cell.review_date().map(|d| d.to_string()),
                    "review_is_due": cell.review_is_due(today),
                    "note": cell.note(),
                    "text": task.text.get(lang),
                })
            })
            .collect();
        return emit(
            out,
            &(serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"),
        );
    }
    if items.is_empty() {
        let what = match status {
            ListStatus::InProgress => tr(
                lang,
                "No cell is in progress.",
                "Ninguna celda está en curso.",
            ),
            ListStatus::Review => tr(lang, "No review is scheduled.", "Ningún repaso programado."),
            ListStatus::Done => tr(lang, "No cell is done yet.", "Aún no hay celdas hechas."),
            ListStatus::Todo => tr(lang, "Nothing left to do.", "No queda nada por hacer."),
            ListStatus::Skipped => tr(lang, "No cell is skipped.", "Ninguna celda omitida."),
        };
        return emit(out, &format!("{what}\n"));
    }
    let id_w = items
        .iter()
        .map(|i| roadmap.task(i.pos).id.to_string().len())
        .max()
        .unwrap_or(1);
    let name_w = roadmap.longest_track_name();
    let when_w = items.iter().map(|i| i.when.width()).max().unwrap_or(0);
    let mut text = String::new();
    for i in &items {
        let task = roadmap.task(i.pos);
        let track = &roadmap.tracks[i.track];
        let head = format!(
            "{} {:>id_w$}  {:<name_w$}  {:<when_w$}  ",
            i.mark, task.id, track.name, i.when
        );
        text.push_str(format!("{head}{}", task.text.get(lang)).trim_end());
        text.push('\n');
        // The note on a line of its own under the task, labelled, so the two are never mixed.
        if let Some(note) = progress.note(task.id, &track.id).and_then(note_line) {
            let label = tr(lang, "note:", "nota:");
            text.push_str(&format!("{:w$}{label} {note}\n", "", w = head.width()));
        }
    }
    emit(out, &text)
}

/// A note as `list` shows it: its first line with text, and "…" when more follows.
fn note_line(note: &str) -> Option<String> {
    let mut lines = note.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    Some(match lines.next() {
        Some(_) => format!("{first} …"),
        None => first.to_owned(),
    })
}
