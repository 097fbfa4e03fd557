//! The quit prompt while saves fail: what is wrong, what is at stake, and the ways out; with
//! a field for the path of a copy when saving elsewhere.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::{View, popup};
use crate::app::TextField;
use crate::i18n::tr;
use crate::keymap::Scope;

/// Draws the prompt over `area`; the focus is on its first line, or in the field for a path.
pub fn render(
    view: &View,
    field: Option<&TextField>,
    frame: &mut Frame,
    area: Rect,
) -> Option<Position> {
    let (app, th) = (view.app, view.theme);
    let lang = app.lang();
    let t = |en, es| tr(lang, en, es);
    let mut lines = vec![Line::styled(
        t(
            "Your changes are not saved: the progress file cannot be written.",
            "Tus cambios no están guardados: no se puede escribir el archivo de progreso.",
        ),
        th.error,
    )];
    if let Some(path) = app.data_path() {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", t("File:", "Archivo:")), th.dim),
            Span::raw(path.display().to_string()),
        ]));
    }
    if let crate::app::SaveStatus::Failed(error) = app.save_status() {
        lines.push(Line::styled(error.clone(), th.dim));
    }
    lines.push(Line::from(""));
    let scope = if field.is_some() {
        Scope::SaveAs
    } else {
        Scope::Unsaved
    };
    if field.is_some() {
        lines.push(Line::from(t(
            "Save a copy to (typing replaces the path shown, ← → edit it, Ctrl-U clears, Enter saves, Esc goes back):",
            "Guardar una copia en (lo que escribas reemplaza la ruta mostrada, ← → la editan, Ctrl-U borra, Enter guarda, Esc vuelve):",
        )));
    } else {
        for (keys, word) in view.keymap.hints(scope) {
            let help = view
                .keymap
                .bindings_in(scope)
                .find(|b| b.hint == Some(word))
                .map_or(word, |b| b.help);
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<5} "), th.key),
                Span::raw(help.get(lang)),
            ]));
        }
    }
    // Rows the lines take once wrapped (a word wrap may need one more than the plain count).
    let inner_w = usize::from(area.width.min(76).saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| match l.width() {
            0 => 1,
            w if w <= inner_w => 1,
            w => w.div_ceil(inner_w) + 1,
        })
        .sum();
    let height = rows as u16 + 2 + u16::from(field.is_some()) * 2;
    let box_area = popup(area, 76, height);
    let block = Block::bordered().border_style(th.error).title(Line::styled(
        format!(" {} ", t("Unsaved changes", "Cambios sin guardar")),
        th.title,
    ));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let [text, input] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(if field.is_some() { 2 } else { 0 }),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
    match field {
        Some(field) => {
            let [line, _] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(input);
            field.area().render(line, frame.buffer_mut());
            super::field_cursor(field, line)
        }
        None => (!text.is_empty()).then(|| text.as_position()),
    }
}
