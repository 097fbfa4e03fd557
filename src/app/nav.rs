//! The grid's rows and cursor movement over them: level headers are shown but never hold the
//! cursor, and the view scrolls to keep the cursor on screen.

use super::{App, Filter};
use crate::model::{Status, TaskPos};

/// One line of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A level's header: its name and counts.
    Level(usize),
    /// A task, by reading-order position.
    Task(TaskPos),
}

impl App {
    /// Rebuilds the grid rows for the filter: each level with a shown task gets its header, then
    /// those tasks. A cursor whose task is hidden moves to the nearest shown one.
    pub(super) fn rebuild_rows(&mut self) {
        let tracks = self.roadmap.tracks.len();
        let mut rows = Vec::with_capacity(self.roadmap.task_count() + self.roadmap.levels.len());
        let mut shown = Vec::with_capacity(self.roadmap.levels.len());
        for level in 0..self.roadmap.levels.len() {
            if self.filter == Filter::All {
                rows.push(Row::Level(level));
                rows.extend(self.roadmap.level_range(level).map(Row::Task));
                let counts = (0..tracks)
                    .map(|t| (self.stats.done(level, t), self.stats.cells(level, t)))
                    .collect();
                shown.push((self.stats.level_task_count(level), counts));
                continue;
            }
            let header = rows.len();
            let mut count = 0;
            let mut counts = vec![(0, 0); tracks];
            for pos in self.roadmap.level_range(level) {
                let task = self.roadmap.task(pos).id;
                if !self.filter.shows(&self.roadmap, &self.progress, task) {
                    continue;
                }
                if count == 0 {
                    rows.insert(header, Row::Level(level));
                }
                count += 1;
                rows.push(Row::Task(pos));
                for (t, (done, total)) in counts.iter_mut().enumerate() {
                    match self.progress.status(task, &self.roadmap.tracks[t].id) {
                        Status::Done => (*done, *total) = (*done + 1, *total + 1),
                        Status::Skip => {}
                        Status::Todo | Status::InProgress => *total += 1,
                    }
                }
            }
            shown.push((count, counts));
        }
        self.rows = rows;
        self.shown = shown;
        if self.row_of(self.cursor.pos).is_none() {
            let after = self
                .rows
                .iter()
                .filter_map(task_of)
                .find(|&p| p > self.cursor.pos);
            let before = self
                .rows
                .iter()
                .rev()
                .filter_map(task_of)
                .find(|&p| p < self.cursor.pos);
            if let Some(pos) = after.or(before) {
                self.cursor.pos = pos;
            }
        }
        self.scroll_to_cursor();
    }

    /// Whether the grid shows any task at all.
    pub fn has_rows(&self) -> bool {
        !self.rows.is_empty()
    }

    /// Sort key that keeps a level's header just before its first task.
    fn row_key(&self, row: Row) -> (usize, u8) {
        match row {
            Row::Level(l) => (self.roadmap.level_range(l).start, 0),
            Row::Task(p) => (p, 1),
        }
    }

    /// The grid row showing the task at `pos`, if it is shown.
    pub fn row_of(&self, pos: TaskPos) -> Option<usize> {
        let key = self.row_key(Row::Task(pos));
        self.rows
            .binary_search_by_key(&key, |&r| self.row_key(r))
            .ok()
    }

    /// The grid row of the cursor (or the nearest row if its task is hidden).
    pub fn cursor_row(&self) -> usize {
        let key = self.row_key(Row::Task(self.cursor.pos));
        match self.rows.binary_search_by_key(&key, |&r| self.row_key(r)) {
            Ok(i) => i,
            Err(i) => i.min(self.rows.len().saturating_sub(1)),
        }
    }

    pub(super) fn move_to(&mut self, pos: TaskPos) {
        self.cursor.pos = pos;
        self.scroll_to_cursor();
    }

    /// Moves `n` rows down (up when negative) to the nearest task in the direction of travel,
    /// stepping over level headers and stopping at the ends.
    pub(super) fn move_rows(&mut self, n: isize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() - 1;
        let target = self.cursor_row().saturating_add_signed(n).min(last);
        let after = || self.rows[target..].iter().find_map(task_of);
        let before = || self.rows[..=target].iter().rev().find_map(task_of);
        let found = if n > 0 {
            after().or_else(before)
        } else {
            before().or_else(after)
        };
        if let Some(pos) = found {
            self.move_to(pos);
        }
    }

    pub(super) fn move_first(&mut self) {
        if let Some(p) = self.rows.iter().find_map(task_of) {
            self.move_to(p);
        }
    }

    pub(super) fn move_last(&mut self) {
        if let Some(p) = self.rows.iter().rev().find_map(task_of) {
            self.move_to(p);
        }
    }

    /// Goes to the first shown task of `level`.
    pub(super) fn move_to_level(&mut self, level: usize) {
        if level >= self.roadmap.levels.len() {
            return;
        }
        let range = self.roadmap.level_range(level);
        if let Some(p) = self
            .rows
            .iter()
            .filter_map(task_of)
            .find(|p| range.contains(p))
        {
            self.move_to(p);
            self.scroll_level_to_top();
        }
    }

    /// Scrolls so the cursor's level header is the first row on screen, as far as the rows
    /// below it allow.
    fn scroll_level_to_top(&mut self) {
        let row = self.cursor_row();
        let header = self.rows[..=row]
            .iter()
            .rposition(|r| matches!(r, Row::Level(_)))
            .unwrap_or(row);
        let max = self.rows.len().saturating_sub(self.viewport);
        self.scroll = header.min(max);
    }

    /// Goes to the next (or previous) level that has a shown task, wrapping around.
    pub(super) fn move_level_by(&mut self, forward: bool) {
        let levels = self.roadmap.levels.len();
        let current = self.roadmap.level_of(self.cursor.pos);
        for step in 1..=levels {
            let level = if forward {
                (current + step) % levels
            } else {
                (current + levels - step) % levels
            };
            let before = self.cursor.pos;
            self.move_to_level(level);
            if self.cursor.pos != before || level == current {
                return;
            }
        }
    }

    /// Scrolls the least needed to show the cursor, and its level header when it is the level's
    /// first shown task.
    pub(super) fn scroll_to_cursor(&mut self) {
        if self.rows.is_empty() {
            self.scroll = 0;
            return;
        }
        let row = self.cursor_row();
        let mut top = row;
        if row > 0 && matches!(self.rows[row - 1], Row::Level(_)) {
            top = row - 1;
        }
        if top < self.scroll {
            self.scroll = top;
        } else if row >= self.scroll + self.viewport {
            self.scroll = row + 1 - self.viewport;
        }
        let max = self.rows.len().saturating_sub(self.viewport);
        self.scroll = self.scroll.min(max);
    }
}

/// The task a row shows, if it is a task row.
pub(super) fn task_of(row: &Row) -> Option<TaskPos> {
    match *row {
        Row::Task(p) => Some(p),
        Row::Level(_) => None,
    }
}
