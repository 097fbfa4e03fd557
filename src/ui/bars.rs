//! The title line at the top and the hint line at the bottom.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::View;
use super::text::{shorten_middle, truncate, truncate_line};
use super::theme;
use crate::app::{Action, SaveStatus, TextField};
use crate::i18n::{Msg, tr};
use crate::keymap::Scope;
use crate::model::stats::percent;

pub fn render_title(view: &View, frame: &mut Frame, area: Rect) {
    let (app, th) = (view.app, view.theme);
    let s = app.stats();
    let done = s.total_done();
    let total = s.total_cells();
    let right = format!(
        "{} {done}/{total} {}  {}% ",
        theme::DONE_SYMBOL,
        tr(app.lang(), "done", "hechas"),
        percent(done, total)
    );
    let title = match app.read_only() {
        Some(name) => format!(
            " roadmap-tui · {name} · {}",
            tr(app.lang(), "read-only", "solo lectura")
        ),
        None => format!(" roadmap-tui · {}", app.roadmap().title.get(app.lang())),
    };
    // While saves fail, the changes live only in memory: say so where it is always seen.
    let (unsaved, unsaved_style) = match app.save_status() {
        SaveStatus::Failed(_) => (
            format!("⚠ {}  ", tr(app.lang(), "not saved", "sin guardar")),
            th.error,
        ),
        // Shown from the change until its save is on disk (a moment, unless the file is huge).
        SaveStatus::Saving => (
            format!("{}  ", tr(app.lang(), "saving…", "guardando…")),
            th.dim,
        ),
        SaveStatus::Saved => (String::new(), th.error),
    };
    let room = (area.width as usize).saturating_sub(right.width() + unsaved.width() + 1);
    let left = truncate(&title, room);
    let pad = (area.width as usize).saturating_sub(left.width() + unsaved.width() + right.width());
    let line = Line::from(vec![
        Span::styled(left, th.title),
        Span::raw(" ".repeat(pad)),
        Span::styled(unsaved, unsaved_style),
        Span::styled(right, th.done),
    ]);
    frame.render_widget(Paragraph::new(line).style(th.header), area);
}

pub fn render_hints(view: &View, frame: &mut Frame, area: Rect) {
    let (app, th) = (view.app, view.theme);
    if let Some(msg) = app.message() {
        let style = if msg.is_error { th.error } else { Style::new() };
        let text = truncate(&format!(" {}", msg.text), area.width as usize);
        frame.render_widget(Paragraph::new(Line::styled(text, style)), area);
        return;
    }
    if app.first_run()
        && let Some(path) = app.data_path()
    {
        let line = first_run_line(view, path, area.width as usize);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    if app.greeting()
        && let Some(line) = super::goal::today_line(app, th)
    {
        let line = truncate_line(line, area.width as usize);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    // For a screen reader, the focused cell in words where the hints would be: `?` still
    // lists the keys.
    if app.screen_reader()
        && let Some(text) = super::words::describe_focus(app)
    {
        let text = truncate(&format!(" {text}"), area.width as usize);
        frame.render_widget(Paragraph::new(Line::from(text)), area);
        return;
    }
    let line = hint_line(view.keymap, super::scope(app), app.lang(), th, area.width);
    frame.render_widget(Paragraph::new(line), area);
}

/// The hint bar of `scope`: its keys and their words, as many as fit in `width`; the last two
/// (help and quit) always stay, the others fill what room is left, in order.
pub(crate) fn hint_line(
    keymap: &crate::keymap::Keymap,
    scope: Scope,
    lang: crate::model::Lang,
    th: &theme::Theme,
    width: u16,
) -> Line<'static> {
    let hints = keymap.hints(scope);
    let entry_width = |(keys, word): &(String, Msg)| keys.width() + word.get(lang).width() + 3;
    let pinned = hints.len().saturating_sub(2);
    // The last entry needs no gap after it.
    let mut room = (width as usize + 2)
        .saturating_sub(1 + hints[pinned..].iter().map(entry_width).sum::<usize>());
    let mut shown: Vec<&(String, Msg)> = Vec::new();
    for hint in &hints[..pinned] {
        let w = entry_width(hint);
        if w > room {
            break;
        }
        room -= w;
        shown.push(hint);
    }
    shown.extend(&hints[pinned..]);
    let mut spans = vec![Span::raw(" ")];
    for (keys, word) in shown {
        spans.push(Span::styled(keys.clone(), th.key));
        spans.push(Span::raw(format!(" {}  ", word.get(lang))));
    }
    Line::from(spans)
}

/// A first run's bottom line, until the first key: where the progress will be saved (the path
/// shortened in its middle where the line is short of room), and the keys to begin with, as the
/// keymap binds them ("Space check · ? help").
fn first_run_line(view: &View, path: &std::path::Path, width: usize) -> Line<'static> {
    let (app, th) = (view.app, view.theme);
    let lang = app.lang();
    let mut keys: Vec<Span<'static>> = Vec::new();
    let begin = [
        (Action::ToggleDone, tr(lang, "check", "marcar")),
        (Action::ToggleHelp, tr(lang, "help", "ayuda")),
    ];
    for (action, word) in begin {
        if let Some(key) = view.keymap.key_for(Scope::Grid, &action) {
            keys.push(Span::styled(" · ", th.dim));
            keys.push(Span::styled(key, th.key));
            keys.push(Span::raw(format!(" {word}")));
        }
    }
    let keys_width: usize = keys.iter().map(|s| s.content.width()).sum();
    let path = path.display().to_string();
    // The whole sentence where the path fits in it whole, else a short one.
    let long = format!(
        " {} ",
        tr(
            lang,
            "New progress file: your marks will be saved to",
            "Archivo de progreso nuevo: tus marcas se guardarán en"
        )
    );
    let short = format!(" {} ", tr(lang, "Saving to", "Se guarda en"));
    let label = if long.width() + path.width() + keys_width <= width {
        long
    } else {
        short
    };
    let room = width.saturating_sub(label.width() + keys_width);
    let mut spans = vec![
        Span::raw(label),
        Span::styled(shorten_middle(&path, room), th.title),
    ];
    spans.extend(keys);
    truncate_line(Line::from(spans), width)
}

/// The search line, in place of the hints while typing a search; returns where its cursor is.
pub fn render_search(
    view: &View,
    field: &TextField,
    frame: &mut Frame,
    area: Rect,
) -> Option<Position> {
    let (app, th) = (view.app, view.theme);
    let lang = app.lang();
    let count = app.search().map_or(0, |s| s.matches.len());
    let mut status = format!(" {} ", super::text::matches(lang, count));
    for (keys, word) in view.keymap.hints(Scope::Search) {
        status.push_str(&format!("· {keys} {} ", word.get(lang)));
    }
    let [label, input, info] = Layout::horizontal([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(status.width() as u16),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(Span::styled(" /", th.key)), label);
    field.area().render(input, frame.buffer_mut());
    frame.render_widget(Paragraph::new(Span::styled(status, th.dim)), info);
    super::field_cursor(field, input)
}
