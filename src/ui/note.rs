//! The note editor, over the grid: a multi-line text field for one cell's note.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Widget};

use super::popup;
use super::theme::Theme;
use crate::app::{App, Discard, TextField};
use crate::i18n::tr;
use crate::model::TaskId;

/// Draws the note editor over `area`; the focus is its cursor.
pub fn render(
    app: &App,
    th: &Theme,
    field: &TextField,
    (task, track): (TaskId, usize),
    discard: Option<Discard>,
    frame: &mut Frame,
    area: Rect,
) -> Option<Position> {
    let lang = app.lang();
    let box_area = popup(area, 72, 12);
    let name = &app.roadmap().tracks[track].name;
    let title = format!(
        " {} · {} {task} · {name} ",
        tr(lang, "Note", "Nota"),
        tr(lang, "task", "tarea")
    );
    let footer = match discard {
        None => Line::styled(
            format!(
                " Ctrl-S {} · Esc {} ",
                tr(lang, "save", "guardar"),
                tr(lang, "cancel", "cancelar")
            ),
            th.key,
        ),
        Some(again) => {
            let key = match again {
                Discard::Close => "Esc",
                Discard::Quit => "Ctrl-C",
            };
            Line::styled(
                format!(
                    " {} Ctrl-S {} · {key} {} ",
                    tr(lang, "Unsaved:", "Sin guardar:"),
                    tr(lang, "saves", "guarda"),
                    match again {
                        Discard::Close => tr(lang, "again discards", "otra vez descarta"),
                        Discard::Quit => tr(lang, "again quits", "otra vez sale"),
                    },
                ),
                th.error,
            )
        }
    };
    let block = Block::bordered()
        .border_style(th.focus_border)
        .title(Line::styled(title, th.title))
        .title_bottom(footer);
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    field.area().render(inner, frame.buffer_mut());
    super::field_cursor(field, inner)
}
