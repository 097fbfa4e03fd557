//! The stuck view: the tasks most often left in progress, then each learner's frontier.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::sort_name;
use super::table::{cols, pad};
use crate::cohort::screen::Screen;
use crate::i18n::tr;
use crate::ui::text::{truncate, truncate_line};
use crate::ui::theme::{self, Theme};

/// The stuck view: the tasks most often left in progress, then each learner's frontier in the
/// order chosen. Only the lines on screen are made.
pub(super) fn render_stuck(
    screen: &Screen,
    th: &Theme,
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) -> Option<Position> {
    let lang = screen.lang();
    let roadmap = screen.roadmap();
    let stuck = screen.stuck();
    let order = screen.order();
    let learners = &screen.cohort().learners;
    let width = area.width as usize;
    let tasks_len = stuck.len().max(1);
    let len = screen.stuck_len();
    let end = (scroll + area.height as usize).min(len);
    let name_width = cols(screen, area.width).name;
    let mut lines = Vec::new();
    for i in scroll..end {
        let line = if i == 0 {
            Line::styled(
                format!(
                    " {}",
                    tr(
                        lang,
                        "Most often left in progress: task · language · learners · oldest start",
                        "Más a menudo en curso: tarea · lenguaje · estudiantes · inicio más antiguo"
                    )
                ),
                th.level,
            )
        } else if i <= tasks_len {
            match stuck.get(i - 1) {
                Some(t) => {
                    let oldest = t.oldest.map_or_else(|| "—".to_owned(), |d| d.to_string());
                    let title = roadmap.task(t.pos).text.get(lang).to_owned();
                    Line::from(vec![
                        Span::styled(format!(" {:>4} ", t.task), th.key),
                        Span::styled(format!("{:<8} ", truncate(&t.track, 8)), th.in_progress),
                        Span::raw(format!("{:>4} {:<11} ", t.learners, oldest)),
                        Span::raw(crate::cohort::one_line(&title)),
                    ])
                }
                None => Line::styled(
                    format!(
                        "   {}",
                        tr(
                            lang,
                            "No task is in progress",
                            "Ninguna tarea está en curso"
                        )
                    ),
                    th.dim,
                ),
            }
        } else if i == tasks_len + 1 {
            Line::raw("")
        } else if i == tasks_len + 2 {
            Line::styled(
                format!(
                    " {} ({}: {})",
                    tr(
                        lang,
                        "Frontier: each learner's first task not done",
                        "Frontera: la primera tarea sin hacer de cada estudiante"
                    ),
                    tr(lang, "sorted by", "orden"),
                    sort_name(screen.sort(), lang)
                ),
                th.level,
            )
        } else if i == tasks_len + 3 {
            Line::raw("")
        } else {
            let Some(&index) = order.get(i - tasks_len - 4) else {
                continue;
            };
            let learner = &learners[index];
            let mut spans = vec![Span::raw(format!(" {}", pad(&learner.name, name_width)))];
            match &learner.summary.frontier {
                Some(f) => {
                    let title = roadmap.task(f.pos).text.get(lang).to_owned();
                    spans.push(Span::styled(format!("{:>4} ", f.task), th.key));
                    spans.push(Span::styled(
                        format!("[{}] ", f.tracks.join(", ")),
                        th.in_progress,
                    ));
                    spans.push(Span::raw(crate::cohort::one_line(&title)));
                }
                None => spans.push(Span::styled(
                    format!(
                        "{} {}",
                        theme::DONE_SYMBOL,
                        tr(lang, "everything done", "todo hecho")
                    ),
                    th.done,
                )),
            }
            Line::from(spans)
        };
        lines.push(truncate_line(line, width));
    }
    frame.render_widget(Paragraph::new(lines), area);
    (!area.is_empty()).then(|| area.as_position())
}
