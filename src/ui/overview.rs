//! The overview: done/total for every level × language on a colour scale, with a bar per
//! language and one for the whole roadmap, and the learner's activity beside them: the year
//! calendar where the terminal is big enough, else the last 12 weeks.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, LineGauge, Row, Table, Widget};

use super::activity::{ActivityView, CALENDAR_HEIGHT, CALENDAR_WIDTH};
use super::text::{center, truncate};
use super::theme::{self, Theme};
use crate::app::{Action, App, Mode};
use crate::i18n::tr;
use crate::model::stats::percent;

/// "done/total", with "◐" when some cells are in progress, centred in `w` columns.
fn ratio_started(done: usize, total: usize, started: usize, w: usize) -> String {
    let mark = if started > 0 {
        theme::IN_PROGRESS_SYMBOL
    } else {
        ""
    };
    center(&format!("{done}/{total}{mark}"), w)
}

pub struct OverviewView<'a> {
    app: &'a App,
    theme: &'a Theme,
}

impl<'a> OverviewView<'a> {
    pub fn new(app: &'a App, theme: &'a Theme) -> Self {
        OverviewView { app, theme }
    }

    fn selected(&self) -> (usize, usize) {
        match self.app.mode {
            Mode::Overview { level, track } | Mode::Goal { level, track, .. } => (level, track),
            _ => (usize::MAX, usize::MAX),
        }
    }

    fn render_matrix(&self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let app = self.app;
        let s = &app.stats;
        let lang = app.lang;
        let (sel_level, sel_track) = self.selected();
        let (name_w, col) = matrix_column_widths(app);
        let tracks = app.roadmap.tracks.len();
        let widths = matrix_widths(app);
        let w = col as usize;

        let mut header = vec![Cell::from(tr(lang, "Level", "Nivel"))];
        header.extend(
            app.roadmap
                .tracks
                .iter()
                .map(|t| Cell::from(center(&truncate(&t.name, w), w))),
        );
        header.push(Cell::from(center(tr(lang, "All", "Total"), w)));

        let ratio = |done: usize, total: usize| center(&format!("{done}/{total}"), w);
        let mut rows = Vec::new();
        for (l, level) in app.roadmap.levels.iter().enumerate() {
            let total = s.level_tasks[l];
            let mut cells = vec![Cell::from(truncate(&level.name, name_w as usize))];
            for t in 0..tracks {
                let done = s.done(l, t);
                let mut style = th.ratio(done, total);
                if (l, t) == (sel_level, sel_track) {
                    style = style.patch(th.cursor);
                }
                let started = s.in_progress(l, t);
                cells.push(Cell::from(Span::styled(
                    ratio_started(done, total, started, w),
                    style,
                )));
            }
            let (done, cells_total) = (s.level_done(l), s.level_cells(l));
            cells.push(Cell::from(ratio(done, cells_total)).style(th.ratio(done, cells_total)));
            rows.push(Row::new(cells));
        }
        let task_total = s.task_total();
        let mut totals = vec![Cell::from(tr(lang, "All", "Total"))];
        for t in 0..tracks {
            let done = s.track_done(t);
            totals.push(Cell::from(ratio(done, task_total)).style(th.ratio(done, task_total)));
        }
        totals.push(Cell::from(ratio(s.total_done(), s.total_cells())));
        rows.push(Row::new(totals).style(th.header));

        let title = format!(
            " {} ",
            tr(lang, "Levels × languages", "Niveles × lenguajes")
        );
        Table::new(rows, widths)
            .header(Row::new(header).style(th.header))
            .column_spacing(1)
            .block(
                Block::bordered()
                    .border_style(th.focus_border)
                    .title(Line::styled(title, th.title)),
            )
            .render(area, buf);
    }

    fn render_gauges(&self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let app = self.app;
        let s = &app.stats;
        let lang = app.lang;
        let block = Block::bordered()
            .border_style(th.border)
            .title(Line::styled(
                format!(
                    " {} ",
                    tr(lang, "Progress by language", "Avance por lenguaje")
                ),
                th.title,
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let name_w = app.roadmap.longest_track_name().max(5);
        let task_total = s.task_total();
        let mut bars: Vec<(String, usize, usize)> = app
            .roadmap
            .tracks
            .iter()
            .enumerate()
            .map(|(t, track)| (track.name.clone(), s.track_done(t), task_total))
            .collect();
        bars.push((
            tr(lang, "All", "Total").to_owned(),
            s.total_done(),
            s.total_cells(),
        ));
        let areas = Layout::vertical(vec![Constraint::Length(1); bars.len()]).split(inner);
        for ((name, done, total), row) in bars.into_iter().zip(areas.iter()) {
            let ratio = if total == 0 {
                0.0
            } else {
                done as f64 / total as f64
            };
            let label = format!(
                "{name:<name_w$} {:>9} {:>3}%",
                format!("{done}/{total}"),
                percent(done, total)
            );
            LineGauge::default()
                .ratio(ratio)
                .label(label)
                .filled_style(th.bar.add_modifier(Modifier::BOLD))
                .unfilled_style(th.dim)
                .render(*row, buf);
        }
    }
}

/// The narrowest the bars are let shrink to make room for the calendar.
const MIN_BARS_WIDTH: u16 = 40;

/// The matrix above, the bars and the activity side by side below; the activity panel grows to
/// hold the year calendar when the terminal has the room.
fn parts(app: &App, area: Rect) -> [Rect; 4] {
    let levels = app.roadmap.levels.len() as u16;
    let gauges = app.roadmap.tracks.len() as u16 + 1;
    let (calendar_w, calendar_h) = (CALENDAR_WIDTH + 2, CALENDAR_HEIGHT + 2);
    let calendar = area.width >= MIN_BARS_WIDTH + calendar_w
        && area.height >= levels + 4 + (gauges + 2).max(calendar_h);
    let (lower_h, activity_w) = if calendar {
        ((gauges + 2).max(calendar_h), calendar_w)
    } else {
        (gauges + 2, 40)
    };
    let [matrix, lower, rest] = Layout::vertical([
        Constraint::Length(levels + 4),
        Constraint::Length(lower_h),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [bars, activity] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(activity_w)]).areas(lower);
    let goals = Rect {
        height: rest.height.min(super::goal::panel_height(app)),
        ..rest
    };
    [matrix, bars, activity, goals]
}

impl Widget for OverviewView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [matrix, bars, activity, goals] = parts(self.app, area);
        self.render_matrix(matrix, buf);
        self.render_gauges(bars, buf);
        ActivityView::new(self.app, self.theme).render(activity, buf);
        super::goal::GoalsView {
            app: self.app,
            theme: self.theme,
        }
        .render(goals, buf);
    }
}

/// The overview cell a click at (`x`, `y`) lands on.
pub fn hit_test(app: &App, area: Rect, x: u16, y: u16) -> Option<Action> {
    let [matrix, ..] = parts(app, area);
    let inner = matrix.inner(ratatui::layout::Margin::new(1, 1));
    let body_top = inner.y + 1;
    let level = usize::from(y.checked_sub(body_top)?);
    if level >= app.roadmap.levels.len() {
        return None;
    }
    let cols = Layout::horizontal(matrix_widths(app))
        .spacing(1)
        .split(inner);
    let track = cols[1..=app.roadmap.tracks.len()]
        .iter()
        .position(|c| x >= c.x && x < c.right())?;
    Some(Action::ClickOverview { level, track })
}

fn matrix_widths(app: &App) -> Vec<Constraint> {
    let (name_w, col) = matrix_column_widths(app);
    let mut widths = vec![Constraint::Length(name_w)];
    widths.extend(std::iter::repeat_n(
        Constraint::Length(col),
        app.roadmap.tracks.len() + 1,
    ));
    widths
}

fn matrix_column_widths(app: &App) -> (u16, u16) {
    let col = app.roadmap.longest_track_name().max(8) as u16;
    let name_w = app
        .roadmap
        .levels
        .iter()
        .map(|l| l.name.chars().count())
        .max()
        .unwrap_or(5)
        .max(6) as u16;
    (name_w, col)
}
