//! The detail pane: the whole task under the cursor and its status in every track.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::theme::{self, Theme};
use crate::app::App;
use crate::i18n::tr;
use crate::model::{Lang, Status};

pub struct DetailView<'a> {
    app: &'a App,
    theme: &'a Theme,
}

impl<'a> DetailView<'a> {
    pub fn new(app: &'a App, theme: &'a Theme) -> Self {
        DetailView { app, theme }
    }
}

/// The rows the pane needs for the cursor's task at `width` columns, borders included: the
/// wrapped task text, a line per language of `listed` (those the grid shows), the notes.
pub fn needed_height(app: &App, width: u16, listed: Range<usize>) -> u16 {
    let inner = width.saturating_sub(2).max(1);
    let rows = Paragraph::new(lines(app, &super::theme::DARK, listed))
        .wrap(Wrap { trim: false })
        .line_count(inner);
    (rows + 2).min(usize::from(u16::MAX)) as u16
}

/// The date part of an RFC 3339 timestamp.
fn date(ts: &str) -> &str {
    ts.get(..10).unwrap_or(ts)
}

/// What the pane says of the cursor's task: its text, its state in each language the grid
/// shows (those off screen counted on one line), and the notes of its cells.
fn lines(app: &App, th: &Theme, listed: Range<usize>) -> Vec<Line<'static>> {
    let lang = app.lang();
    let pos = app.cursor().pos;
    let task = app.roadmap().task(pos);
    let cells = app.progress().task_cells(&task.id.to_string());
    let cell_of = |track: &str| cells.and_then(|c| c.get(track));
    let tracks = &app.roadmap().tracks;

    let mut lines = vec![Line::from(task.text.get(lang).to_owned()), Line::from("")];
    let name_width = tracks[listed.clone()]
        .iter()
        .map(|t| t.name.width())
        .max()
        .unwrap_or(0);
    for i in listed.clone() {
        let track = &tracks[i];
        let cell = cell_of(&track.id);
        let status = cell.map(|c| c.status).unwrap_or_default();
        let when = match (status, cell) {
            (Status::Done, Some(c)) => c.done_at.as_deref().map(date),
            (Status::InProgress, Some(c)) => c.started_at.as_deref().map(date),
            _ => None,
        };
        let verified = status == Status::Done && cell.is_some_and(|c| c.verified().is_some());
        let word = if verified {
            tr(lang, "done, verified", "hecha, verificada")
        } else {
            super::words::status_word(lang, status)
        };
        let (symbol, style) = if verified {
            (theme::VERIFIED_SYMBOL, th.verified())
        } else {
            (theme::status_symbol(status), th.status(status))
        };
        let marker = if i == app.cursor().track {
            theme::CURSOR_MARK
        } else {
            " "
        };
        let pad = " ".repeat(name_width.saturating_sub(track.name.width()));
        let mut spans = vec![
            Span::raw(format!("{marker}{}{pad} ", track.name)),
            Span::styled(format!("{symbol} {word}"), style),
        ];
        if let Some(when) = when {
            spans.push(Span::styled(format!("  {when}"), th.dim));
        }
        if let Some(due) = cell.and_then(|c| c.review_date()) {
            let style = if due <= app.today() {
                th.review()
            } else {
                th.dim
            };
            spans.push(Span::styled(
                format!("  {} {due}", theme::REVIEW_SYMBOL),
                style,
            ));
        }
        let line = Line::from(spans);
        lines.push(if i == app.cursor().track {
            line.style(th.cursor_row)
        } else {
            line
        });
    }
    let (left, right) = (listed.start, tracks.len() - listed.end);
    if left + right > 0 {
        lines.push(Line::styled(
            format!(
                " ◀ {left} · {right} ▶ {}",
                tr(lang, "more languages", "lenguajes más")
            ),
            th.dim,
        ));
    }
    if let Some(cell) = cell_of(&tracks[app.cursor().track].id) {
        lines.extend(evidence(app, th, cell));
    }
    // The notes of every language shown in the app, from the task's own cells: a task has
    // few, a roadmap may have thousands of languages.
    let mut notes: Vec<(usize, &str)> = cells
        .into_iter()
        .flat_map(|c| c.iter())
        .filter_map(|(track, cell)| {
            let note = cell.note()?;
            Some((app.roadmap().track_index(track)?, note))
        })
        .collect();
    notes.sort_by_key(|&(t, _)| t);
    if !notes.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::styled(tr(lang, "Notes", "Notas"), th.header));
    }
    for (t, note) in notes {
        lines.push(Line::styled(format!("{}:", tracks[t].name), th.key));
        lines.extend(note.lines().map(|l| Line::from(format!("  {l}"))));
    }
    lines
}

/// What the cursor's cell has of runs of its tests: the pass that made it done (command, when,
/// how long, the commit), and the last failed run with the lines it ended on.
fn evidence(app: &App, th: &Theme, cell: &crate::model::Cell) -> Vec<Line<'static>> {
    let lang = app.lang();
    let when = |at: &str| {
        at.parse::<jiff::Timestamp>()
            .map(|ts| {
                app.tz()
                    .to_datetime(ts)
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|_| date(at).to_owned())
    };
    let mut lines = Vec::new();
    if let Some(v) = cell.verified().filter(|_| cell.status == Status::Done) {
        lines.push(Line::from(""));
        lines.push(Line::styled(
            format!(
                "{} {}",
                theme::VERIFIED_SYMBOL,
                tr(lang, "Verified by its tests", "Verificada por sus pruebas")
            ),
            th.verified(),
        ));
        lines.push(Line::from(format!("  $ {}", v.command)));
        let mut facts = format!(
            "  {} · {}",
            when(&v.at),
            crate::verify::duration_words(v.ms)
        );
        if let Some(commit) = &v.commit {
            facts.push_str(&format!(
                " · {} {}",
                tr(lang, "commit", "commit"),
                commit.get(..12).unwrap_or(commit)
            ));
        }
        lines.push(Line::styled(facts, th.dim));
    }
    if let Some(f) = cell.verify_failed() {
        lines.push(Line::from(""));
        let how = match (f.timed_out, f.status) {
            (true, _) => tr(lang, "timed out", "tiempo agotado").to_owned(),
            (false, Some(code)) => {
                format!("{} {code}", tr(lang, "exit status", "código de salida"))
            }
            (false, None) => tr(lang, "did not finish", "no terminó").to_owned(),
        };
        lines.push(Line::styled(
            format!(
                "{} · {} · {how}",
                tr(lang, "Last failed verify", "Última verificación fallida"),
                when(&f.at)
            ),
            th.error,
        ));
        lines.push(Line::from(format!("  $ {}", f.command)));
        lines.extend(
            f.tail
                .iter()
                .map(|l| Line::styled(format!("  | {l}"), th.dim)),
        );
    }
    lines
}

impl Widget for DetailView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let app = self.app;
        let lang = app.lang();
        let pos = app.cursor().pos;
        let task = app.roadmap().task(pos);
        let level = &app.roadmap().levels[app.roadmap().level_of(pos)];
        let title = format!(
            " {} {} · {} ",
            tr(lang, "Task", "Tarea"),
            task.id,
            level.name
        );
        let mut block = Block::bordered()
            .border_style(th.border)
            .title(Line::styled(title, th.title));
        let listed = app.tracks_on_screen();
        let paragraph = Paragraph::new(lines(app, th, listed)).wrap(Wrap { trim: false });
        let inner = block.inner(area);
        // What does not fit is said on the bottom border, so a cut-off note is not missed.
        let hidden = paragraph
            .line_count(inner.width)
            .saturating_sub(usize::from(inner.height));
        if hidden > 0 && inner.height > 0 {
            let more = match lang {
                Lang::En if hidden == 1 => "▼ 1 more line".to_owned(),
                Lang::En => format!("▼ {hidden} more lines"),
                Lang::Es if hidden == 1 => "▼ 1 línea más".to_owned(),
                Lang::Es => format!("▼ {hidden} líneas más"),
            };
            block = block.title_bottom(Line::styled(format!(" {more} "), th.key).right_aligned());
        }
        paragraph.block(block).render(area, buf);
    }
}
