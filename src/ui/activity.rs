//! The learner's pace: recent completions, the streak, and either the year calendar (where it
//! fits) or a bar per week for the last 12 weeks.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Widget};

use super::calendar::{self, CalendarView};
use super::theme::Theme;
use crate::app::App;
use crate::i18n::tr;
use crate::model::activity::{Activity, CALENDAR_WEEKS, Calendar, WEEKS};

/// The inner width the year calendar needs: the weekday names and a column per week.
pub const CALENDAR_WIDTH: u16 = calendar::LABEL_WIDTH + CALENDAR_WEEKS as u16;
/// The inner height it needs: the two lines of figures, then the calendar.
pub const CALENDAR_HEIGHT: u16 = 2 + calendar::HEIGHT;

pub struct ActivityView<'a> {
    app: &'a App,
    theme: &'a Theme,
}

impl<'a> ActivityView<'a> {
    pub fn new(app: &'a App, theme: &'a Theme) -> Self {
        ActivityView { app, theme }
    }
}

impl Widget for ActivityView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let app = self.app;
        let lang = app.lang();
        let a = Activity::compute(app.progress(), app.today(), app.tz());
        let block = th.panel(tr(lang, "Activity", "Actividad"));
        let inner = block.inner(area);
        block.render(area, buf);
        let [figures, chart] =
            Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
        let year = (chart.height >= calendar::HEIGHT && chart.width >= CALENDAR_WIDTH)
            .then(|| Calendar::compute(app.progress(), app.today(), app.tz(), CALENDAR_WEEKS));
        let days = if a.streak == 1 {
            tr(lang, "day", "día")
        } else {
            tr(lang, "days", "días")
        };
        let lines = vec![
            Line::from(vec![
                Span::raw(format!("{}: ", tr(lang, "7 days", "7 días"))),
                Span::styled(a.last_7_days.to_string(), th.done),
                Span::raw(format!("  {}: ", tr(lang, "30 days", "30 días"))),
                Span::styled(a.last_30_days.to_string(), th.done),
            ]),
            Line::from(vec![
                Span::raw(format!("{}: ", tr(lang, "Streak", "Racha"))),
                Span::styled(format!("{} {days}", a.streak), th.in_progress),
                Span::styled(
                    match &year {
                        Some(c) => {
                            format!("  {}: {}", tr(lang, "52 weeks", "52 semanas"), c.total())
                        }
                        None => format!(
                            "  ({} {WEEKS} {})",
                            tr(lang, "last", "últimas"),
                            tr(lang, "weeks", "semanas")
                        ),
                    },
                    th.dim,
                ),
            ]),
        ];
        Paragraph::new(lines).render(figures, buf);
        if let Some(c) = &year {
            CalendarView::new(c, lang, th).render(chart, buf);
            return;
        }
        let bars: Vec<Bar> = a
            .weekly
            .iter()
            .map(|&n| Bar::default().value(n).style(th.bar).value_style(th.cursor))
            .collect();
        let width = (chart.width / WEEKS as u16).saturating_sub(1).clamp(1, 3);
        BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(width)
            .bar_gap(1)
            .render(chart, buf);
    }
}
