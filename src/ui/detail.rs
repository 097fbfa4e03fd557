//! The detail pane: the whole task under the cursor and its status in every track.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::theme::{self, Theme};
use crate::app::App;
use crate::i18n::tr;
use crate::model::Status;

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
/// wrapped task text, a line per track, the notes.
pub fn needed_height(app: &App, width: u16) -> u16 {
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let wrapped = |s: &str| s.width().div_ceil(inner).max(1);
    let task = app.roadmap().task(app.cursor().pos);
    let mut rows = wrapped(task.text.get(app.lang())) + 1 + app.roadmap().tracks.len();
    let mut any_note = false;
    for track in &app.roadmap().tracks {
        if let Some(note) = app.progress().note(task.id, &track.id) {
            any_note = true;
            rows += 1 + note
                .lines()
                .map(|l| wrapped(&format!("  {l}")))
                .sum::<usize>();
        }
    }
    if any_note {
        rows += 2;
    }
    (rows + 2).min(usize::from(u16::MAX)) as u16
}

/// The date part of an RFC 3339 timestamp.
fn date(ts: &str) -> &str {
    ts.get(..10).unwrap_or(ts)
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
        let block = Block::bordered()
            .border_style(th.border)
            .title(Line::styled(title, th.title));

        let mut lines = vec![Line::from(task.text.get(lang)), Line::from("")];
        let name_width = app.roadmap().longest_track_name();
        for (i, track) in app.roadmap().tracks.iter().enumerate() {
            let cell = app.progress().cell(task.id, &track.id);
            let status = cell.map(|c| c.status).unwrap_or_default();
            let when = match (status, cell) {
                (Status::Done, Some(c)) => c.done_at.as_deref().map(date),
                (Status::InProgress, Some(c)) => c.started_at.as_deref().map(date),
                _ => None,
            };
            let word = match status {
                Status::Done => tr(lang, "done", "hecha"),
                Status::InProgress => tr(lang, "in progress", "en curso"),
                Status::Todo => tr(lang, "todo", "pendiente"),
            };
            let marker = if i == app.cursor().track {
                theme::CURSOR_MARK
            } else {
                " "
            };
            let mut spans = vec![
                Span::raw(format!("{marker}{:<name_width$} ", track.name)),
                Span::styled(
                    format!("{} {word}", theme::status_symbol(status)),
                    th.status(status),
                ),
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
        let notes: Vec<(&str, &str)> = app
            .roadmap()
            .tracks
            .iter()
            .filter_map(|t| Some((t.name.as_str(), app.progress().note(task.id, &t.id)?)))
            .collect();
        if !notes.is_empty() {
            lines.push(Line::from(""));
            lines.push(Line::styled(tr(lang, "Notes", "Notas"), th.header));
        }
        for (name, note) in notes {
            lines.push(Line::styled(format!("{name}:"), th.key));
            lines.extend(note.lines().map(|l| Line::from(format!("  {l}"))));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block)
            .render(area, buf);
    }
}
