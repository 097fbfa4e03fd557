//! The selected learner's detail under the table: who, their figures, and why they need
//! attention.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::ATTENTION;
use crate::cohort::screen::Screen;
use crate::i18n::tr;
use crate::ui::text::truncate_line;
use crate::ui::theme::{self, Theme};

pub(super) fn render_detail(screen: &Screen, th: &Theme, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let lang = screen.lang();
    let Some(learner) = screen.learner() else {
        return;
    };
    let s = &learner.summary;
    let first = Line::from(vec![
        Span::styled(format!(" {} ", learner.name), th.title),
        Span::styled(format!("· {}", learner.source), th.dim),
    ]);
    let mut figures = format!(
        " {}/{} ({:.1}%) · {:.1} {} · {} {}",
        s.overall.done,
        s.overall.total,
        s.overall.percent(),
        s.pace_per_week,
        tr(lang, "a week", "por semana"),
        s.recent,
        tr(lang, "in 28 days", "en 28 días"),
    );
    if let Some(last) = s.last_activity {
        figures.push_str(&format!(" · {} {last}", tr(lang, "last", "última")));
    }
    if let Some(frontier) = &s.frontier {
        figures.push_str(&format!(
            " · {} {}",
            tr(lang, "frontier: task", "frontera: tarea"),
            frontier.task
        ));
    }
    let reasons = if s.attention.is_empty() {
        Line::styled(
            format!(
                " {} {}",
                theme::DONE_SYMBOL,
                tr(lang, "nothing needs attention", "nada requiere atención")
            ),
            th.done,
        )
    } else {
        let texts: Vec<String> = s.attention.iter().map(|r| r.text(lang)).collect();
        Line::styled(format!(" {ATTENTION} {}", texts.join("; ")), th.error)
    };
    let lines = if area.height >= 3 {
        vec![first, Line::from(figures), reasons]
    } else {
        // Two lines: who, and why they need attention (or their figures when nothing does).
        let second = if s.attention.is_empty() {
            Line::from(figures)
        } else {
            reasons
        };
        vec![first, second]
    };
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| truncate_line(l, area.width as usize))
        .collect();
    let paragraph = Paragraph::new(lines).style(th.border);
    let paragraph = if area.height >= 4 {
        paragraph.wrap(Wrap { trim: false })
    } else {
        paragraph
    };
    frame.render_widget(paragraph, area);
}
