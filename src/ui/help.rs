//! The help overlay: what the symbols mean and which file holds the progress, then every
//! binding of every mode, generated from the keymap table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::theme;
use super::{View, popup};
use crate::app::Action;
use crate::i18n::tr;
use crate::keymap::{self, HelpLine, Scope};

/// Lines above the scrolled key list: the symbols' legend, the data file, a blank line.
pub const LEGEND_LINES: u16 = 3;

/// The help box's height, borders included, in a terminal `height` rows tall.
pub fn box_height(height: u16) -> u16 {
    height.saturating_sub(2)
}

/// Draws the help over `area`; the focus is on its first line.
pub fn render(view: &View, scroll: u16, frame: &mut Frame, area: Rect) -> Option<Position> {
    let (lang, th) = (view.app.lang(), view.theme);
    let entries = view.keymap.help_lines();
    let key_width = entries
        .iter()
        .filter_map(|l| match l {
            HelpLine::Keys { keys, .. } => Some(keys.width()),
            HelpLine::Section(_) => None,
        })
        .max()
        .unwrap_or(8)
        .min(24);
    let lines: Vec<Line> = entries
        .iter()
        .map(|l| match l {
            HelpLine::Section(scope) => Line::styled(scope.title().get(lang), th.level),
            HelpLine::Keys { keys, help } => Line::from(vec![
                Span::styled(format!("  {keys:<key_width$}  "), th.key),
                Span::raw(help.get(lang)),
            ]),
        })
        .collect();
    let box_area = popup(area, 84, box_height(area.height));
    let title = format!(" {} ", tr(lang, "Keys", "Teclas"));
    let key = |action| {
        view.keymap
            .key_for(Scope::Help, &action)
            .unwrap_or_default()
    };
    let close = view
        .keymap
        .bindings_in(Scope::Help)
        .find(|b| b.action == Action::Close)
        .map(keymap::keys_label)
        .unwrap_or_default();
    let footer = format!(
        " {}{} {} {} · {close} {} ",
        key(Action::Up),
        key(Action::Down),
        key(Action::PageUp),
        key(Action::PageDown),
        tr(lang, "close", "cerrar")
    );
    let block = Block::bordered()
        .border_style(th.focus_border)
        .title(Line::styled(title, th.title))
        .title_bottom(Line::styled(footer, th.dim));
    let t = |en, es| tr(lang, en, es);
    let mut legend = vec![Line::from(vec![
        Span::styled(theme::DONE_SYMBOL, th.done),
        Span::raw(format!(" {}  ", t("done", "hecha"))),
        Span::styled(theme::VERIFIED_SYMBOL, th.verified()),
        Span::raw(format!(" {}  ", t("verified", "probada"))),
        Span::styled(theme::IN_PROGRESS_SYMBOL, th.in_progress),
        Span::raw(format!(" {}  ", t("in progress", "en curso"))),
        Span::styled(theme::TODO_SYMBOL, th.todo),
        Span::raw(format!(" {}  ", t("todo", "pendiente"))),
        Span::styled(theme::SKIP_SYMBOL, th.skip),
        Span::raw(format!(" {}  ", t("skipped", "omitida"))),
        Span::styled(theme::REVIEW_SYMBOL, th.done),
        Span::raw(format!(" {}  ", t("review due", "repaso"))),
        Span::styled(theme::NOTE_MARK, th.key),
        Span::raw(format!(" {}  ", t("has a note", "tiene nota"))),
        Span::raw(format!("{} {}", theme::CURSOR_MARK, t("cursor", "cursor"))),
    ])];
    if let Some(path) = view.app.data_path() {
        legend.push(Line::from(vec![
            Span::styled(
                format!("{} ", t("Progress file:", "Archivo de progreso:")),
                th.dim,
            ),
            Span::raw(path.display().to_string()),
        ]));
    }
    frame.render_widget(Clear, box_area);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let [top, keys] =
        Layout::vertical([Constraint::Length(LEGEND_LINES), Constraint::Fill(1)]).areas(inner);
    // On a narrow screen the legend goes on over two lines rather than losing its end.
    frame.render_widget(Paragraph::new(legend).wrap(Wrap { trim: true }), top);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), keys);
    (!top.is_empty()).then(|| top.as_position())
}
