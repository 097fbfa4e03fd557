//! The help overlay: every binding of every mode, generated from the keymap table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{View, popup};
use crate::app::Action;
use crate::i18n::tr;
use crate::keymap::{self, HelpLine, Scope};

/// The help box's height, borders included, in a terminal `height` rows tall.
pub fn box_height(height: u16) -> u16 {
    height.saturating_sub(2)
}

pub fn render(view: &View, scroll: u16, frame: &mut Frame, area: Rect) {
    let (lang, th) = (view.app.lang, view.theme);
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
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll, 0)).block(block),
        box_area,
    );
}
