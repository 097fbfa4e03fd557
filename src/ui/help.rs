//! The help overlay: what the symbols mean and which file holds the progress, then every
//! binding of every mode, generated from the keymap table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
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
    let sheet = Sheet {
        lang: view.app.lang(),
        theme: view.theme,
        keymap: view.keymap,
        file: view.app.data_path().map(|p| {
            (
                tr(view.app.lang(), "Progress file:", "Archivo de progreso:"),
                p.display().to_string(),
            )
        }),
    };
    render_sheet(&sheet, scroll, frame, area)
}

/// What the help box shows: in which language, with which keys, and the file or folders read.
pub(crate) struct Sheet<'a> {
    pub lang: crate::model::Lang,
    pub theme: &'a theme::Theme,
    pub keymap: &'a keymap::Keymap,
    /// A label and what it names: the progress file, or the cohort's folders.
    pub file: Option<(&'static str, String)>,
}

/// Draws the help box of `sheet` over `area`; the focus is on its first line.
pub(crate) fn render_sheet(
    sheet: &Sheet,
    scroll: u16,
    frame: &mut Frame,
    area: Rect,
) -> Option<Position> {
    let (lang, th) = (sheet.lang, sheet.theme);
    let entries = sheet.keymap.help_lines();
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
        sheet
            .keymap
            .key_for(Scope::Help, &action)
            .unwrap_or_default()
    };
    let close = sheet
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
    let items: [(&str, Style, &str); 8] = [
        (theme::DONE_SYMBOL, th.done, t("done", "hecha")),
        (
            theme::VERIFIED_SYMBOL,
            th.verified(),
            t("verified", "probada"),
        ),
        (
            theme::IN_PROGRESS_SYMBOL,
            th.in_progress,
            t("in progress", "en curso"),
        ),
        (theme::TODO_SYMBOL, th.todo, t("todo", "pendiente")),
        (theme::SKIP_SYMBOL, th.skip, t("skipped", "omitida")),
        (theme::REVIEW_SYMBOL, th.done, t("review due", "repaso")),
        (theme::NOTE_MARK, th.key, t("has a note", "tiene nota")),
        (theme::CURSOR_MARK, Style::new(), t("cursor", "cursor")),
    ];
    let inner_width = usize::from(box_area.width.saturating_sub(2));
    let mut legend = legend_lines(&items, inner_width);
    if let Some((label, path)) = &sheet.file {
        legend.push(Line::from(vec![
            Span::styled(format!("{label} "), th.dim),
            Span::raw(path.clone()),
        ]));
    }
    frame.render_widget(Clear, box_area);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let [top, keys] =
        Layout::vertical([Constraint::Length(LEGEND_LINES), Constraint::Fill(1)]).areas(inner);
    // On a narrow screen the legend goes on over two lines rather than losing its end; a line
    // still too long for the screen (the data file's path) wraps.
    frame.render_widget(Paragraph::new(legend).wrap(Wrap { trim: true }), top);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), keys);
    (!top.is_empty()).then(|| top.as_position())
}

/// The legend's entries (symbol, its style, what it means) in lines of at most `width` columns,
/// each entry whole on one line.
fn legend_lines(items: &[(&str, Style, &str)], width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for (symbol, style, word) in items {
        let entry = symbol.width() + 1 + word.width();
        let gap = if spans.is_empty() { 0 } else { 2 };
        if used > 0 && used + gap + entry > width {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        } else if gap > 0 {
            spans.push(Span::raw("  "));
            used += gap;
        }
        spans.push(Span::styled((*symbol).to_owned(), *style));
        spans.push(Span::raw(format!(" {word}")));
        used += entry;
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}
