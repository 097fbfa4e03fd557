//! The in-progress screen, over the grid: every cell started and not done, oldest first, with
//! how long ago it was started and the first line of its note.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::text::truncate;
use super::{View, popup, theme};
use crate::clock::days_between;
use crate::i18n::{days_ago, tr};

/// Draws the list over `area`; the focus is on the selected line.
pub fn render(view: &View, selected: usize, frame: &mut Frame, area: Rect) -> Option<Position> {
    let (app, th) = (view.app, view.theme);
    let lang = app.lang();
    let list = app.started();
    let box_area = popup(
        area,
        area.width.saturating_sub(4).min(110),
        (list.len() as u16 + 2).min(area.height.saturating_sub(2)),
    );
    let title = format!(" {} · {} ", tr(lang, "In progress", "En curso"), list.len());
    let block = Block::bordered()
        .border_style(th.focus_border)
        .title(Line::styled(title, th.title));
    frame.render_widget(Clear, box_area);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let width = inner.width as usize;
    let name_w = app.roadmap().longest_track_name();
    let started = |s: &crate::app::Started| match s.started_on(app.tz()) {
        Some(day) => format!(
            "{} {}",
            tr(lang, "started", "empezada"),
            days_ago(lang, days_between(day, app.today()))
        ),
        None => tr(lang, "started", "empezada").to_owned(),
    };
    let when_w = list.iter().map(|s| started(s).width()).max().unwrap_or(0);
    let id_w = list
        .iter()
        .map(|s| s.task.to_string().len())
        .max()
        .unwrap_or(1);
    let lines: Vec<Line> = list
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mark = if i == selected {
                theme::CURSOR_MARK
            } else {
                " "
            };
            let head = format!(
                "{mark}{} {:>id_w$}  {:<name_w$}  {:<when_w$}  ",
                theme::IN_PROGRESS_SYMBOL,
                s.task,
                app.roadmap().tracks[s.track].name,
                started(s),
            );
            let room = width.saturating_sub(head.width());
            let text = app.roadmap().task(s.pos).text.get(lang);
            let mut spans = vec![Span::styled(head, th.in_progress)];
            match &s.note {
                Some(note) => {
                    let note = truncate(note, room);
                    let rest = room.saturating_sub(note.width() + 3);
                    spans.push(Span::raw(note));
                    if rest > 4 {
                        spans.push(Span::styled(format!(" · {}", truncate(text, rest)), th.dim));
                    }
                }
                None => spans.push(Span::styled(truncate(text, room), th.dim)),
            }
            let line = Line::from(spans);
            if i == selected {
                line.style(th.cursor_row)
            } else {
                line
            }
        })
        .collect();
    let skip = (selected + 1).saturating_sub(inner.height as usize) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((skip, 0)), inner);
    // On the selected line, past the mark that points at it.
    let row = (selected as u16).checked_sub(skip)?;
    (row < inner.height && inner.width > 1).then(|| Position::new(inner.x + 1, inner.y + row))
}
