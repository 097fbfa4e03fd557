//! Screen-reader mode (`--screen-reader`, `screen_reader = true`): words where the screens
//! otherwise draw symbols, the focused cell told in one line, and no box drawing, so that a
//! screen reader or a braille display reads what a sighted user sees.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Mode};
use crate::i18n::tr;
use crate::model::{Lang, Status};

/// A cell's state in words.
pub fn status_word(lang: Lang, status: Status) -> &'static str {
    match status {
        Status::Done => tr(lang, "done", "hecha"),
        Status::InProgress => tr(lang, "in progress", "en curso"),
        Status::Todo => tr(lang, "todo", "pendiente"),
        Status::Skip => tr(lang, "skipped", "omitida"),
    }
}

/// A done cell verified by running its tests, in a word.
pub fn verified_word(lang: Lang) -> &'static str {
    tr(lang, "verified", "probada")
}

/// A done cell whose review is due, in a word.
pub fn review_word(lang: Lang) -> &'static str {
    tr(lang, "review", "repasar")
}

/// The widest a cell's words are in `lang`, with room for the note mark after them.
pub fn cell_width(lang: Lang) -> usize {
    [Status::Done, Status::InProgress, Status::Todo, Status::Skip]
        .map(|s| status_word(lang, s).width())
        .into_iter()
        .chain([review_word(lang).width(), verified_word(lang).width()])
        .max()
        .unwrap_or(0)
        + 1
}

/// The date part of an RFC 3339 stamp.
fn day(stamp: &str) -> &str {
    stamp.get(..10).unwrap_or(stamp)
}

/// What has the focus, in one line: in the grid the cell under the cursor ("Task 5, Python,
/// done, 2026-03-02, note: …"), in the overview the level × language under the cursor. Commas
/// part them, where a screen reader pauses.
pub fn describe_focus(app: &App) -> Option<String> {
    let lang = app.lang();
    match app.mode() {
        Mode::Grid if app.has_rows() => {
            let task = app.roadmap().task(app.cursor().pos);
            let track = app.roadmap().tracks.get(app.cursor().track)?;
            let cell = app.progress().cell(task.id, &track.id);
            let status = cell.map(|c| c.status).unwrap_or_default();
            let mut parts = vec![
                format!("{} {}", tr(lang, "Task", "Tarea"), task.id),
                track.name.clone(),
                status_word(lang, status).to_owned(),
            ];
            if let Some(c) = cell {
                match status {
                    Status::Done => parts.extend(c.done_at.as_deref().map(|d| day(d).to_owned())),
                    Status::InProgress => parts.extend(
                        c.started_at
                            .as_deref()
                            .map(|d| format!("{} {}", tr(lang, "started", "empezada"), day(d))),
                    ),
                    Status::Todo | Status::Skip => {}
                }
                if status == Status::Done && c.verified().is_some() {
                    parts.push(
                        tr(lang, "verified by its tests", "verificada por sus pruebas").to_owned(),
                    );
                }
                if c.review_is_due(app.today()) {
                    parts.push(tr(lang, "review due", "repaso pendiente").to_owned());
                }
                if let Some(note) = c.note().map(str::trim).filter(|n| !n.is_empty()) {
                    let first = note.lines().next().unwrap_or_default();
                    let more = if note.lines().nth(1).is_some() {
                        " …"
                    } else {
                        ""
                    };
                    parts.push(format!("{}: {first}{more}", tr(lang, "note", "nota")));
                }
            }
            Some(parts.join(", "))
        }
        Mode::Overview { level, track } | Mode::Goal { level, track, .. } => {
            let s = app.stats();
            let level_name = &app.roadmap().levels.get(*level)?.name;
            let track_name = &app.roadmap().tracks.get(*track)?.name;
            let (done, total) = (s.done(*level, *track), s.cells(*level, *track));
            let mut text = format!(
                "{level_name}, {track_name}, {done}/{total} {}",
                tr(lang, "done", "hechas")
            );
            let started = s.in_progress(*level, *track);
            if started > 0 {
                text.push_str(&format!(
                    ", {started} {}",
                    tr(lang, "in progress", "en curso")
                ));
            }
            Some(text)
        }
        _ => None,
    }
}

/// What a screen reader should meet in place of a drawn symbol: nothing for lines, boxes, bars
/// and the state symbols (a word stands beside each, or the line says it), a plain character
/// for the arrows.
fn plain(symbol: &str) -> Option<&'static str> {
    let mut chars = symbol.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    match c {
        // Box drawing and block elements: borders, scrollbars, bars, the calendar's shades.
        '\u{2500}'..='\u{259F}' => Some(" "),
        '✔' | '◐' | '·' | '⊘' | '↻' | '☑' => Some(" "),
        '▶' | '►' => Some(">"),
        '◀' | '◄' => Some("<"),
        '▲' => Some("^"),
        '▼' => Some("v"),
        _ => None,
    }
}

/// Takes the drawn symbols out of a frame, as `plain` says.
pub fn plain_symbols(buf: &mut Buffer) {
    for cell in &mut buf.content {
        if let Some(text) = plain(cell.symbol()) {
            cell.set_symbol(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_fits_the_cell() {
        for lang in [Lang::En, Lang::Es] {
            let w = cell_width(lang);
            for s in [Status::Done, Status::InProgress, Status::Todo, Status::Skip] {
                assert!(status_word(lang, s).width() < w);
            }
        }
        assert_eq!(plain("│"), Some(" "));
        assert_eq!(plain("█"), Some(" "));
        assert_eq!(plain("▶"), Some(">"));
        assert_eq!(plain("a"), None);
    }
}
