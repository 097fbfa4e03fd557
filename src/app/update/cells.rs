//! Changing cells: the grid's toggles, and the one way a cell changes (recorded for undo, with
//! what is derived from the progress refreshed).

use crate::app::{App, Change, Effect};
use crate::model::{Stats, Status, TaskId};

impl App {
    /// Changes one cell through `change`, recording it for undo; returns `Effect::Save`.
    pub(in crate::app) fn change_cell(
        &mut self,
        task: TaskId,
        track: &str,
        change: impl FnOnce(&mut crate::model::Progress),
    ) -> Effect {
        let before = self.progress.cell(task, track).cloned();
        change(&mut self.progress);
        let after = self.progress.cell(task, track).cloned();
        if before == after {
            return Effect::None;
        }
        let status = |c: &Option<crate::model::Cell>| c.as_ref().map_or(Status::Todo, |c| c.status);
        let (was, is) = (status(&before), status(&after));
        self.history.record(Change {
            task,
            track: track.to_owned(),
            before,
            after,
        });
        self.cell_changed(task, track, was, is);
        Effect::Save
    }

    /// Refreshes what is derived from the progress after one cell's status went from `was` to
    /// `is`.
    pub(in crate::app) fn cell_changed(
        &mut self,
        task: TaskId,
        track: &str,
        was: Status,
        is: Status,
    ) {
        self.today_facts = None;
        self.stats.adjust(&self.roadmap, task, track, was, is);
        self.rebuild_rows();
    }

    /// Refreshes what is derived from the progress.
    pub(in crate::app) fn progress_changed(&mut self) {
        self.today_facts = None;
        self.stats = Stats::compute(&self.roadmap, &self.progress);
        self.rebuild_rows();
    }

    pub(super) fn toggle_done(&mut self, now: &str) -> Effect {
        self.set_cursor_status(now, |s| match s {
            Status::Done => Status::Todo,
            Status::Todo | Status::InProgress | Status::Skip => Status::Done,
        })
    }

    pub(super) fn toggle_in_progress(&mut self, now: &str) -> Effect {
        self.set_cursor_status(now, |s| match s {
            Status::InProgress => Status::Todo,
            Status::Todo | Status::Done | Status::Skip => Status::InProgress,
        })
    }

    pub(super) fn toggle_skip(&mut self, now: &str) -> Effect {
        self.set_cursor_status(now, |s| match s {
            Status::Skip => Status::Todo,
            Status::Todo | Status::Done | Status::InProgress => Status::Skip,
        })
    }

    fn set_cursor_status(&mut self, now: &str, next: impl FnOnce(Status) -> Status) -> Effect {
        if !self.has_rows() {
            return Effect::None;
        }
        let task = self.roadmap.task(self.cursor.pos).id;
        let track = self.cursor_track_id().to_owned();
        let status = next(self.progress.status(task, &track));
        self.change_cell(task, &track, |p| p.set_status(task, &track, status, now))
    }
}
