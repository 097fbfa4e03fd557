//! The overview: done/total for every level × language on a colour scale, with a bar per
//! language and one for the whole roadmap, and the learner's activity beside them: the year
//! calendar where the terminal is big enough, else the last 12 weeks.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, LineGauge, Paragraph, Row, Table, Widget};
use unicode_width::UnicodeWidthStr;

use super::activity::{ActivityView, CALENDAR_HEIGHT, CALENDAR_WIDTH};
use super::columns::{Across, MatrixColumns};
use super::text::{center, truncate};
use super::theme::{self, Theme};
use crate::app::{Action, App, Mode};
use crate::i18n::tr;
use crate::model::stats::percent;
use crate::model::{Status, TaskPos};

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
        match self.app.mode() {
            Mode::Overview { level, track } | Mode::Goal { level, track, .. } => (*level, *track),
            _ => (usize::MAX, usize::MAX),
        }
    }

    fn render_matrix(&self, area: Rect, tall: bool, buf: &mut Buffer) {
        let th = self.theme;
        let app = self.app;
        let s = app.stats();
        let lang = app.lang();
        let (sel_level, sel_track) = self.selected();
        let cols = MatrixColumns::new(app, area.width);
        let across = cols.across;
        let w = usize::from(across.width);

        let header = across.cells(
            vec![Cell::from(tr(lang, "Level", "Nivel"))],
            across
                .visible()
                .map(|t| Cell::from(center(app.headers().short(t, w), w))),
            across.marker_cells(th.key),
            Some(Cell::from(center(tr(lang, "All", "Total"), w))),
        );

        let ratio = |done: usize, total: usize| center(&format!("{done}/{total}"), w);
        let mut rows = Vec::new();
        for (l, level) in app.roadmap().levels.iter().enumerate() {
            let first = vec![Cell::from(truncate(&level.name, usize::from(cols.name)))];
            let cells = across.visible().map(|t| {
                let (done, total) = (s.done(l, t), s.cells(l, t));
                let mut style = th.ratio(done, total);
                if (l, t) == (sel_level, sel_track) {
                    style = style.patch(th.cursor);
                }
                let started = s.in_progress(l, t);
                let mut lines = vec![Line::styled(ratio_started(done, total, started, w), style)];
                if tall {
                    lines.push(Line::styled(bar(done, total, w), th.ratio(done, total)));
                }
                Cell::from(lines)
            });
            let (done, cells_total) = (s.level_done(l), s.level_cells(l));
            let mut lines = vec![Line::from(ratio(done, cells_total))];
            if tall {
                lines.push(Line::from(bar(done, cells_total, w)));
            }
            let all = Cell::from(lines).style(th.ratio(done, cells_total));
            let cells = across.cells(first, cells, Across::blank(), Some(all));
            rows.push(Row::new(cells).height(if tall { 2 } else { 1 }));
        }
        let totals = across.visible().map(|t| {
            let (done, total) = (s.track_done(t), s.track_cells(t));
            Cell::from(ratio(done, total)).style(th.ratio(done, total))
        });
        let totals = across.cells(
            vec![Cell::from(tr(lang, "All", "Total"))],
            totals,
            Across::blank(),
            Some(Cell::from(ratio(s.total_done(), s.total_cells()))),
        );
        rows.push(Row::new(totals).style(th.header));

        let title = format!(
            " {} ",
            tr(lang, "Levels × languages", "Niveles × lenguajes")
        );
        Table::new(rows, cols.widths())
            .header(Row::new(header).style(th.header))
            .column_spacing(1)
            .block(
                Block::bordered()
                    .border_style(th.focus_border)
                    .title(Line::styled(title, th.title)),
            )
            .render(area, buf);
    }

    fn render_gauges(&self, area: Rect, matrix_width: u16, buf: &mut Buffer) {
        let th = self.theme;
        let app = self.app;
        let s = app.stats();
        let lang = app.lang();
        // Where the matrix scrolls sideways, the bars follow it: its languages, and its markers
        // in the title.
        let across = MatrixColumns::new(app, matrix_width).across;
        let (left, right) = across.markers();
        let mut title = tr(lang, "Progress by language", "Avance por lenguaje").to_owned();
        for marker in [left, right].iter().filter(|m| !m.is_empty()) {
            title.push_str(" · ");
            title.push_str(marker);
        }
        let block = th.panel(&title);
        let inner = block.inner(area);
        block.render(area, buf);
        let tracks = &app.roadmap().tracks;
        let name_w = tracks[across.visible()]
            .iter()
            .map(|t| t.name.width())
            .max()
            .unwrap_or(0)
            .max(5);
        let mut bars: Vec<(String, usize, usize)> = across
            .visible()
            .map(|t| (tracks[t].name.clone(), s.track_done(t), s.track_cells(t)))
            .collect();
        bars.push((
            tr(lang, "All", "Total").to_owned(),
            s.total_done(),
            s.total_cells(),
        ));
        let rows = (inner.y..inner.bottom()).map(|y| Rect {
            y,
            height: 1,
            ..inner
        });
        for ((name, done, total), row) in bars.into_iter().zip(rows) {
            let ratio = if total == 0 {
                0.0
            } else {
                done as f64 / total as f64
            };
            let pad = " ".repeat(name_w.saturating_sub(name.width()));
            let label = format!(
                "{name}{pad} {:>9} {:>3}%",
                format!("{done}/{total}"),
                percent(done, total)
            );
            LineGauge::default()
                .ratio(ratio)
                .label(label)
                .filled_style(th.bar.add_modifier(Modifier::BOLD))
                .unfilled_style(th.dim)
                .render(row, buf);
        }
    }

    /// The latest completions, newest first: the activity's history, where there is room.
    fn render_recent(&self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let app = self.app;
        let lang = app.lang();
        let block = th.panel(tr(lang, "Latest completions", "Últimas completadas"));
        let inner = block.inner(area);
        block.render(area, buf);
        let lookup = app.roadmap().track_lookup();
        let mut done: Vec<(&str, TaskPos, usize)> = app
            .progress()
            .cells()
            .filter(|(_, _, c)| c.status == Status::Done)
            .filter_map(|(task, track, c)| {
                let pos = app.roadmap().pos_of(task.parse().ok()?)?;
                let t = *lookup.get(track)?;
                Some((c.done_at.as_deref().unwrap_or(""), pos, t))
            })
            .collect();
        done.sort_by(|a, b| b.0.cmp(a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        if done.is_empty() {
            Line::styled(
                tr(lang, "Nothing completed yet.", "Nada completado todavía."),
                th.dim,
            )
            .render(inner, buf);
            return;
        }
        let name_w = app.roadmap().longest_track_name();
        let id_w = app.roadmap().max_id().to_string().len();
        let lines: Vec<Line> = done
            .iter()
            .take(usize::from(inner.height))
            .map(|&(when, pos, t)| {
                let task = app.roadmap().task(pos);
                let name = &app.roadmap().tracks[t].name;
                let head = format!("{} {:>id_w$} {name:<name_w$} ", theme::DONE_SYMBOL, task.id);
                let room = usize::from(inner.width).saturating_sub(head.chars().count() + 12);
                Line::from(vec![
                    Span::styled(format!("{:<10}  ", when.get(..10).unwrap_or(when)), th.dim),
                    Span::styled(head, th.done),
                    Span::raw(truncate(task.text.get(lang), room)),
                ])
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }

    /// Where the progress is kept, on the overview's last line.
    fn render_path(&self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some(path) = app.data_path() else { return };
        let label = format!(
            "{} ",
            tr(app.lang(), "Progress file:", "Archivo de progreso:")
        );
        let room = usize::from(area.width).saturating_sub(label.chars().count());
        Line::from(vec![
            Span::styled(label, self.theme.dim),
            Span::styled(truncate(&path.display().to_string(), room), self.theme.dim),
        ])
        .render(area, buf);
    }

    fn render_content(&self, p: &Parts, buf: &mut Buffer) {
        self.render_matrix(p.matrix, p.tall, buf);
        self.render_gauges(p.bars, p.matrix.width, buf);
        ActivityView::new(self.app, self.theme).render(p.activity, buf);
        if let Some(goals) = p.goals {
            super::goal::GoalsView {
                app: self.app,
                theme: self.theme,
            }
            .render(goals, buf);
        }
        if let Some(recent) = p.recent {
            self.render_recent(recent, buf);
        }
        self.render_path(p.path, buf);
    }
}

/// A bar of `w` cells filled by done/total.
fn bar(done: usize, total: usize, w: usize) -> String {
    let w = w.saturating_sub(2).max(1);
    let filled = (done * w).checked_div(total).unwrap_or(0);
    let filled = if done > 0 { filled.max(1) } else { 0 };
    format!(" {}{}", "█".repeat(filled), "░".repeat(w - filled))
}

/// The narrowest the bars are let shrink to make room for the calendar.
const MIN_BARS_WIDTH: u16 = 40;
/// The fewest rows worth a list of the latest completions.
const MIN_RECENT: u16 = 5;

/// Where each part of the overview goes, in a virtual area `len` rows tall that the screen
/// shows a window of (it scrolls where the terminal is too short).
#[derive(Debug, Clone, Copy)]
pub struct Parts {
    matrix: Rect,
    bars: Rect,
    activity: Rect,
    /// The goals and their pace, where a goal is set.
    goals: Option<Rect>,
    recent: Option<Rect>,
    path: Rect,
    /// Matrix cells two rows tall, with a bar under the figures.
    tall: bool,
    /// Rows of the whole overview.
    pub len: u16,
}

/// The matrix above, the bars and the activity side by side below, the latest completions
/// where rows are left, and the data file on the last line. The matrix cells grow bars and the
/// activity panel the year calendar when the terminal has the room; where even the smallest
/// layout does not fit, it is laid out whole and scrolled.
pub fn parts(app: &App, area: Rect) -> Parts {
    let levels = app.roadmap().levels.len() as u16;
    // A bar per language the matrix shows, and one for all.
    let shown = MatrixColumns::new(app, area.width).across.shown;
    let gauges = u16::try_from(shown + 1).unwrap_or(u16::MAX);
    let (calendar_w, calendar_h) = (CALENDAR_WIDTH + 2, CALENDAR_HEIGHT + 2);
    let calendar = area.width >= MIN_BARS_WIDTH + calendar_w
        && area.height >= levels + 4 + (gauges + 2).max(calendar_h);
    // Side by side where both keep their room, else the activity under the bars.
    let stacked = area.width < MIN_BARS_WIDTH + 40;
    let (lower_h, activity_w) = if calendar {
        ((gauges + 2).max(calendar_h), calendar_w)
    } else if stacked {
        (2 * (gauges + 2), 0)
    } else {
        (gauges + 2, 40)
    };
    let goals_h = if app.progress().settings.goals.is_empty() {
        0
    } else {
        super::goal::panel_height(app)
    };
    let compact = levels + 4 + lower_h + goals_h + 1;
    let tall = area.height >= compact + levels + MIN_RECENT;
    let matrix_h = if tall { 2 * levels + 4 } else { levels + 4 };
    let fixed = matrix_h + lower_h + goals_h + 1;
    let len = area.height.max(fixed);
    let mut recent_h = len - fixed;
    // Without a goal, the panel saying how to set one takes rows that are spare.
    let goals_h = if goals_h == 0 && recent_h > 0 {
        let h = recent_h.min(3);
        recent_h -= h;
        h
    } else {
        goals_h
    };
    let whole = Rect::new(area.x, 0, area.width, len);
    let [matrix, lower, goals, recent, path] = Layout::vertical([
        Constraint::Length(matrix_h),
        Constraint::Length(lower_h),
        Constraint::Length(goals_h),
        Constraint::Length(recent_h),
        Constraint::Length(1),
    ])
    .areas(whole);
    let [bars, activity] = if stacked && !calendar {
        Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(lower)
    } else {
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(activity_w)]).areas(lower)
    };
    Parts {
        matrix,
        bars,
        activity,
        goals: (goals_h > 0).then_some(goals),
        recent: (recent_h >= MIN_RECENT).then_some(recent),
        path,
        tall,
        len,
    }
}

/// Rows of the overview shown at once in `height` rows: all of them, or where it is taller,
/// all but a line above and below that say what is cut off.
pub fn window(height: u16, len: u16) -> u16 {
    if len <= height {
        height
    } else {
        height.saturating_sub(2).max(1)
    }
}

/// The first row of the overview on screen: the app's scroll, kept in range.
fn top(app: &App, len: u16, height: u16) -> u16 {
    (app.overview_scroll().min(usize::from(u16::MAX)) as u16).min(len.saturating_sub(height))
}

/// The row, in the overview's own rows, of level `level`'s first line in the matrix, and its
/// height.
pub fn level_row(app: &App, area: Rect, level: usize) -> (u16, u16) {
    let p = parts(app, area);
    let h = if p.tall { 2 } else { 1 };
    (p.matrix.y + 2 + level as u16 * h, h)
}

impl Widget for OverviewView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let p = parts(self.app, area);
        if p.len <= area.height {
            let mut shifted = p;
            for r in [
                &mut shifted.matrix,
                &mut shifted.bars,
                &mut shifted.activity,
                &mut shifted.path,
            ] {
                r.y += area.y;
            }
            for r in [&mut shifted.goals, &mut shifted.recent]
                .into_iter()
                .flatten()
            {
                r.y += area.y;
            }
            self.render_content(&shifted, buf);
            return;
        }
        // Too short: draw it whole off screen and show a window of it between two lines that
        // say what is above and below.
        let mut whole = Buffer::empty(Rect::new(area.x, 0, area.width, p.len));
        self.render_content(&p, &mut whole);
        let view = window(area.height, p.len);
        let top = top(self.app, p.len, view);
        for y in 0..view {
            for x in area.x..area.right() {
                buf[(x, area.y + 1 + y)] = whole[(x, top + y)].clone();
            }
        }
        let lang = self.app.lang();
        let keys = |k| format!("({k})");
        let mark = |buf: &mut Buffer, y: u16, text: String| {
            buf.set_string(area.x + 1, y, text, self.theme.key);
        };
        if top > 0 {
            let text = format!(
                "▲ {} {}",
                tr(lang, "more above", "más arriba"),
                keys("k PgUp")
            );
            mark(buf, area.y, text);
        }
        if top + view < p.len {
            let text = format!(
                "▼ {} {}",
                tr(lang, "more below", "más abajo"),
                keys("j PgDn")
            );
            mark(buf, area.bottom() - 1, text);
        }
    }
}

/// Where the focus is in the overview drawn in `area`: on the figures of the selected level ×
/// language, where a screen reader or a braille display (which follow the terminal's cursor)
/// then read; nothing while that cell is scrolled out of sight.
pub fn focus(app: &App, area: Rect) -> Option<Position> {
    let (level, track) = match app.mode() {
        Mode::Overview { level, track } | Mode::Goal { level, track, .. } => (*level, *track),
        _ => return None,
    };
    let p = parts(app, area);
    let inner = p.matrix.inner(ratatui::layout::Margin::new(1, 1));
    let y = inner.y + 1 + level as u16 * if p.tall { 2 } else { 1 };
    let cols = MatrixColumns::new(app, p.matrix.width);
    let col_x = cols.track_x(inner, track)?;
    let s = app.stats();
    let text = ratio_started(
        s.done(level, track),
        s.cells(level, track),
        s.in_progress(level, track),
        usize::from(cols.across.width),
    );
    let x = col_x + (text.len() - text.trim_start().len()) as u16;
    let y = if p.len <= area.height {
        area.y + y
    } else {
        let view = window(area.height, p.len);
        let row = y.checked_sub(top(app, p.len, view)).filter(|&r| r < view)?;
        area.y + 1 + row
    };
    (x < area.right() && y < area.bottom()).then_some(Position::new(x, y))
}

/// The overview cell a click at (`x`, `y`) lands on.
pub fn hit_test(app: &App, area: Rect, x: u16, y: u16) -> Option<Action> {
    let p = parts(app, area);
    let y = if p.len <= area.height {
        y.checked_sub(area.y)?
    } else {
        let view = window(area.height, p.len);
        let row = y.checked_sub(area.y + 1)?;
        if row >= view {
            return None;
        }
        row + top(app, p.len, view)
    };
    let inner = p.matrix.inner(ratatui::layout::Margin::new(1, 1));
    let body_top = inner.y + 1;
    let level = usize::from((y.checked_sub(body_top)?) / if p.tall { 2 } else { 1 });
    if level >= app.roadmap().levels.len() {
        return None;
    }
    let track = MatrixColumns::new(app, p.matrix.width).track_at(inner, x)?;
    Some(Action::ClickOverview { level, track })
}

/// How many languages the matrix shows across in an overview `width` columns wide.
pub fn tracks_shown(app: &App, width: u16) -> usize {
    MatrixColumns::new(app, width).across.shown
}
