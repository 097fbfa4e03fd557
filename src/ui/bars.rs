//! The title line at the top and the hint line at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::text::truncate;
use super::theme;
use crate::app::App;
use crate::i18n::tr;
use crate::keymap::{self, Scope};
use crate::model::stats::percent;

pub fn render_title(app: &App, frame: &mut Frame, area: Rect) {
    let s = &app.stats;
    let done = s.total_done();
    let total = s.total_cells();
    let right = format!(
        "{} {done}/{total} {}  {}% ",
        theme::DONE_SYMBOL,
        tr(app.lang, "done", "hechas"),
        percent(done, total)
    );
    let title = format!(" roadmap-tui · {}", app.roadmap.title.get(app.lang));
    let room = (area.width as usize).saturating_sub(right.width() + 1);
    let left = truncate(&title, room);
    let pad = (area.width as usize).saturating_sub(left.width() + right.width());
    let line = Line::from(vec![
        Span::styled(left, theme::TITLE),
        Span::raw(" ".repeat(pad)),
        Span::styled(right, theme::DONE),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme::HEADER), area);
}

pub fn render_hints(app: &App, frame: &mut Frame, area: Rect) {
    if let Some(msg) = &app.message {
        let style = if msg.is_error {
            theme::ERROR
        } else {
            Style::new()
        };
        let text = truncate(&format!(" {}", msg.text), area.width as usize);
        frame.render_widget(Paragraph::new(Line::styled(text, style)), area);
        return;
    }
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (keys, word) in keymap::hints(Scope::of(app)) {
        let word = word.get(app.lang);
        let width = keys.width() + word.width() + 3;
        if used + width > area.width as usize {
            break;
        }
        used += width;
        spans.push(Span::styled(keys, theme::KEY));
        spans.push(Span::raw(format!(" {word}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
