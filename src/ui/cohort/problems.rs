//! The files that could not be read, listed under the learner's detail as far as there is room.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::PROBLEM;
use crate::cohort::screen::Screen;
use crate::i18n::tr;
use crate::ui::text::{truncate, truncate_line};
use crate::ui::theme::Theme;

pub(super) fn render_problems(screen: &Screen, th: &Theme, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let lang = screen.lang();
    let problems = &screen.cohort().problems;
    let width = area.width as usize;
    let mut lines = vec![Line::styled(
        truncate(
            &format!(
                " {PROBLEM} {} ({})",
                tr(lang, "Files not read", "Archivos no leídos"),
                problems.len()
            ),
            width,
        ),
        th.error,
    )];
    let room = area.height as usize - 1;
    let listed = if problems.len() > room {
        room.saturating_sub(1)
    } else {
        problems.len()
    };
    for p in &problems[..listed] {
        let line = Line::from(vec![
            Span::styled(format!("   {}: ", p.source), th.dim),
            Span::raw(p.kind.text(lang)),
        ]);
        lines.push(truncate_line(line, width));
    }
    if listed < problems.len() {
        lines.push(Line::styled(
            format!(
                "   … {} {}",
                problems.len() - listed,
                tr(lang, "more", "más")
            ),
            th.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
