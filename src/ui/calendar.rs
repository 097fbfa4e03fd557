//! The year calendar: a column per week (Monday on top), a cell per day shaded by how many cells
//! were completed that day, month names above. Shades are also different glyphs (· ░ ▒ ▓ █), so
//! nothing is lost without colour. Where fewer weeks fit, the most recent are shown.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::i18n::{month_abbr, tr};
use crate::model::Lang;
use crate::model::activity::Calendar;

/// Columns taken by the weekday names.
pub const LABEL_WIDTH: u16 = 3;
/// Rows: the month names, then seven days.
pub const HEIGHT: u16 = 8;

const GLYPHS: [&str; 5] = ["·", "░", "▒", "▓", "█"];

pub struct CalendarView<'a> {
    calendar: &'a Calendar,
    lang: Lang,
    theme: &'a Theme,
}

impl<'a> CalendarView<'a> {
    pub fn new(calendar: &'a Calendar, lang: Lang, theme: &'a Theme) -> Self {
        CalendarView {
            calendar,
            lang,
            theme,
        }
    }
}

impl Widget for CalendarView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let c = self.calendar;
        if area.height < HEIGHT || area.width <= LABEL_WIDTH {
            return;
        }
        let fit = usize::from(area.width - LABEL_WIDTH);
        let weeks = c.weeks();
        let skip = weeks.saturating_sub(fit);
        let x0 = area.x + LABEL_WIDTH;
        let days_top = area.y + 1;
        let names = [
            (0, tr(self.lang, "Mo", "lu")),
            (2, tr(self.lang, "We", "mi")),
            (4, tr(self.lang, "Fr", "vi")),
        ];
        for (row, name) in names {
            buf.set_string(area.x, days_top + row, name, self.theme.dim);
        }
        let mut free_from = x0;
        for (week, month) in c.month_starts() {
            let Some(col) = week.checked_sub(skip) else {
                continue;
            };
            let x = x0 + col as u16;
            let name = month_abbr(self.lang, month);
            if x >= free_from && x + 3 <= area.right() {
                buf.set_string(x, area.y, name, self.theme.dim);
                free_from = x + 4;
            }
        }
        for week in skip..weeks {
            let x = x0 + (week - skip) as u16;
            for weekday in 0..7 {
                let Some(count) = c.count(week, weekday) else {
                    continue;
                };
                let shade = c.shade(count);
                let style = if shade == 0 {
                    self.theme.todo
                } else {
                    self.theme.bar
                };
                buf.set_string(
                    x,
                    days_top + weekday as u16,
                    GLYPHS[usize::from(shade)],
                    style,
                );
            }
        }
    }
}
