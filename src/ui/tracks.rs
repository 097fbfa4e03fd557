//! The languages screen: every language in order, hidden ones dimmed, with a field to add one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::{View, popup, theme};
use crate::app::TextField;
use crate::i18n::tr;
use crate::model::Status;

/// Draws the languages screen over `area`; the focus is on the selected language, or in the
/// field while one is added.
pub fn render(
    view: &View,
    selected: usize,
    adding: Option<&TextField>,
    frame: &mut Frame,
    area: Rect,
) -> Option<Position> {
    let (app, th) = (view.app, view.theme);
    let lang = app.lang();
    let all = app.all_tracks();
    let id_w = all
        .iter()
        .map(|e| e.track.id.chars().count())
        .max()
        .unwrap_or(2);
    let name_w = all
        .iter()
        .map(|e| e.track.name.chars().count())
        .max()
        .unwrap_or(4);
    let mut lines: Vec<Line> = Vec::new();
    for (i, e) in all.iter().enumerate() {
        let status = |t: &crate::model::Task| app.progress().status(t.id, &e.track.id);
        let tasks = || app.roadmap().tasks().map(|(_, t)| status(t));
        let done = tasks().filter(|s| *s == Status::Done).count();
        // Skipped cells are out of the total, as everywhere.
        let total = tasks().filter(Status::counts).count();
        let mark = if i == selected {
            theme::CURSOR_MARK
        } else {
            " "
        };
        let shown = if e.hidden {
            theme::TODO_SYMBOL
        } else {
            theme::DONE_SYMBOL
        };
        let mut flags = Vec::new();
        if e.hidden {
            flags.push(tr(lang, "hidden", "oculto"));
        }
        if e.added {
            flags.push(tr(lang, "added", "añadido"));
        }
        let text = format!(
            "{mark}{:>2}  {shown}  {:<id_w$}  {:<name_w$}  {:>8}  {}",
            i + 1,
            e.track.id,
            e.track.name,
            format!("{done}/{total}"),
            flags.join(", ")
        );
        let mut style = if e.hidden { th.dim } else { th.done };
        if i == selected {
            style = style.patch(th.cursor);
        }
        lines.push(Line::from(Span::styled(text, style)));
    }
    let height = all.len() as u16 + 6;
    let box_area = popup(area, 64, height.min(area.height.saturating_sub(2)));
    let title = format!(" {} ", tr(lang, "Languages", "Lenguajes"));
    let block = Block::bordered()
        .border_style(th.focus_border)
        .title(Line::styled(title, th.title));
    frame.render_widget(Clear, box_area);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let [list, _, prompt, input] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    // Keep the selected line in view on short screens.
    let skip = (selected + 1).saturating_sub(list.height as usize) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((skip, 0)), list);
    match adding {
        Some(field) => {
            let text = tr(
                lang,
                "New language: its id, a space, its name (e.g. rust Rust)",
                "Nuevo lenguaje: su id, un espacio, su nombre (p. ej. rust Rust)",
            );
            frame.render_widget(Paragraph::new(Span::styled(text, th.key)), prompt);
            field.area().render(input, frame.buffer_mut());
            super::field_cursor(field, input)
        }
        None => {
            let text = tr(
                lang,
                "Hidden languages keep their progress.",
                "Los lenguajes ocultos conservan su progreso.",
            );
            frame.render_widget(Paragraph::new(Span::styled(text, th.dim)), prompt);
            // On the selected line, past the mark that points at it.
            let row = (selected as u16).checked_sub(skip)?;
            (row < list.height && list.width > 1).then(|| Position::new(list.x + 1, list.y + row))
        }
    }
}
