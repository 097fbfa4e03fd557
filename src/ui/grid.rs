//! The main grid: a header row per level, a row per task, a column per track.
//! Only the rows that fit are built, so a frame costs the same for any roadmap size.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Cell, Row as TableRow, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget,
    Table, Widget,
};

use super::text::{center, truncate};
use super::theme;
use crate::app::{App, Row};
use crate::i18n::tr;

/// The grid's rows on screen: the area less its border and header row.
pub fn body_height(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

pub struct GridView<'a> {
    app: &'a App,
    full_names: bool,
}

impl<'a> GridView<'a> {
    pub fn new(app: &'a App, full_names: bool) -> Self {
        GridView { app, full_names }
    }

    fn column_width(&self) -> u16 {
        if self.full_names {
            self.app.roadmap.longest_track_name().max(5) as u16
        } else {
            3
        }
    }

    fn number_width(&self) -> u16 {
        let max = self
            .app
            .roadmap
            .tasks()
            .map(|(_, t)| t.id)
            .max()
            .unwrap_or(1);
        max.to_string().len() as u16 + 2
    }

    /// The first row to show: the app's scroll, moved if needed so the cursor is on screen.
    fn top(&self, height: usize) -> usize {
        let rows = self.app.rows().len();
        let cursor = self.app.cursor_row();
        let mut top = self.app.scroll.min(rows.saturating_sub(height));
        if cursor < top {
            top = cursor;
        } else if cursor >= top + height {
            top = cursor + 1 - height;
        }
        top
    }

    fn header(&self) -> TableRow<'a> {
        let app = self.app;
        let w = self.column_width() as usize;
        let mut cells = vec![Cell::from("#"), Cell::from(tr(app.lang, "Task", "Tarea"))];
        for (i, track) in app.roadmap.tracks.iter().enumerate() {
            let label = center(&truncate_plain(&track.name, w), w);
            let style = if i == app.cursor.track {
                theme::CURSOR_COLUMN_HEADER
            } else {
                theme::HEADER
            };
            cells.push(Cell::from(label).style(style));
        }
        TableRow::new(cells).style(theme::HEADER)
    }

    fn level_row(&self, level: usize, text_width: usize) -> TableRow<'a> {
        let app = self.app;
        let stats = &app.stats;
        let lvl = &app.roadmap.levels[level];
        let total = stats.level_tasks[level];
        let w = self.column_width() as usize;
        let title = format!(
            "{}  {}/{}",
            lvl.name,
            stats.level_done(level),
            stats.level_cells(level)
        );
        let mut cells = vec![
            Cell::from(""),
            Cell::from(truncate(&title, text_width)).style(theme::LEVEL),
        ];
        for track in 0..app.roadmap.tracks.len() {
            let done = stats.done(level, track);
            let label = if self.full_names {
                format!("{done}/{total}")
            } else {
                done.to_string()
            };
            cells.push(Cell::from(center(&label, w)).style(theme::ratio_style(done, total)));
        }
        TableRow::new(cells)
    }

    fn task_row(&self, pos: usize, text_width: usize) -> TableRow<'a> {
        let app = self.app;
        let task = app.roadmap.task(pos);
        let is_cursor_row = pos == app.cursor.pos;
        let w = self.column_width() as usize;
        let number = if is_cursor_row {
            format!("{}{}", theme::CURSOR_MARK, task.id)
        } else {
            format!(" {}", task.id)
        };
        let text = truncate(task.text.get(app.lang), text_width);
        let mut cells = vec![Cell::from(number), Cell::from(text)];
        for (i, track) in app.roadmap.tracks.iter().enumerate() {
            let status = app.progress.status(task.id, &track.id);
            let symbol = center(theme::status_symbol(status), w);
            let style = if is_cursor_row && i == app.cursor.track {
                theme::status_style(status).patch(theme::CURSOR_CELL)
            } else {
                theme::status_style(status)
            };
            cells.push(Cell::from(Line::from(Span::styled(symbol, style))));
        }
        let row = TableRow::new(cells);
        if is_cursor_row {
            row.style(theme::CURSOR_ROW)
        } else {
            row
        }
    }
}

fn truncate_plain(s: &str, w: usize) -> String {
    s.chars().take(w).collect()
}

impl Widget for GridView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let level = &app.roadmap.levels[app.roadmap.level_of(app.cursor.pos)];
        let title = format!(
            " {} · {} {} ",
            level.name,
            tr(app.lang, "task", "tarea"),
            app.roadmap.task(app.cursor.pos).id
        );
        let block = Block::bordered()
            .border_style(theme::FOCUS_BORDER)
            .title(Line::styled(title, theme::TITLE));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 2 || inner.width < 10 {
            return;
        }

        let tracks = app.roadmap.tracks.len();
        let col = self.column_width();
        let mut widths = vec![Constraint::Length(self.number_width()), Constraint::Fill(1)];
        widths.extend(std::iter::repeat_n(Constraint::Length(col), tracks));
        let text_width = Layout::horizontal(widths.clone())
            .spacing(1)
            .split(inner)
            .get(1)
            .map_or(0, |r| r.width as usize);

        let height = body_height(area);
        let top = self.top(height);
        let rows = app.rows();
        let end = (top + height).min(rows.len());
        let visible = rows[top..end].iter().map(|row| match *row {
            Row::Level(l) => self.level_row(l, text_width),
            Row::Task(p) => self.task_row(p, text_width),
        });
        let table = Table::new(visible, widths)
            .header(self.header())
            .column_spacing(1)
            .style(Style::new());
        Widget::render(table, inner, buf);

        if rows.len() > height {
            let mut state = ScrollbarState::new(rows.len().saturating_sub(height)).position(top);
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .style(theme::BORDER)
                .render(area.inner(Margin::new(0, 1)), buf, &mut state);
        }
    }
}
