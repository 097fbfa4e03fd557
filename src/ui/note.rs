//! The note editor, over the grid: a multi-line text field for one cell's note.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Widget};

use super::popup;
use super::theme::Theme;
use crate::app::{App, TextField};
use crate::i18n::tr;
use crate::model::TaskId;

pub fn render(
    app: &App,
    th: &Theme,
    field: &TextField,
    task: TaskId,
    track: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = app.lang;
    let box_area = popup(area, 72, 12);
    let name = &app.roadmap.tracks[track].name;
    let title = format!(
        " {} · {} {task} · {name} ",
        tr(lang, "Note", "Nota"),
        tr(lang, "task", "tarea")
    );
    let footer = format!(
        " Ctrl-S {} · Esc {} ",
        tr(lang, "save", "guardar"),
        tr(lang, "cancel", "cancelar")
    );
    let block = Block::bordered()
        .border_style(th.focus_border)
        .title(Line::styled(title, th.title))
        .title_bottom(Line::styled(footer, th.key));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    field.area().render(inner, frame.buffer_mut());
}
