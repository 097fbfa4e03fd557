//! Undo and redo: a step is put back as a new change, stamped now, so that a merge sees it as
//! the newest word on its cell.

use super::{App, Effect, Filter, Step};
use crate::i18n::tr;
use crate::model::{Status, TaskId};

impl App {
    pub(super) fn undo(&mut self, now: &str) -> Effect {
        let undone = tr(self.lang, "Undone", "Deshecho");
        match self.history.undo().cloned() {
            Some(Step::Cell(change)) => {
                let what = format!(
                    "{undone}: {}",
                    self.describe(&change, &change.after, &change.before)
                );
                self.apply_history(&change.task, &change.track, change.before, &what, now)
            }
            Some(Step::Goal(change)) => self.apply_goal(&change.key, change.before, undone),
            None => {
                // Steps may have been dropped from under the user: say so, or the empty history
                // looks like a lost one.
                let text = match (self.lang, self.history.dropped()) {
                    (lang, 0) => tr(lang, "Nothing to undo", "Nada que deshacer").to_owned(),
                    (crate::model::Lang::En, 1) => {
                        "Nothing to undo: 1 step dropped, as another writer changed its cell"
                            .to_owned()
                    }
                    (crate::model::Lang::En, n) => format!(
                        "Nothing to undo: {n} steps dropped, as another writer changed their cells"
                    ),
                    (crate::model::Lang::Es, 1) => {
                        "Nada que deshacer: se descartó 1 paso, otro programa cambió su celda"
                            .to_owned()
                    }
                    (crate::model::Lang::Es, n) => format!(
                        "Nada que deshacer: se descartaron {n} pasos, otro programa cambió sus celdas"
                    ),
                };
                self.notify(text);
                Effect::None
            }
        }
    }

    pub(super) fn redo(&mut self, now: &str) -> Effect {
        let redone = tr(self.lang, "Redone", "Rehecho");
        match self.history.redo().cloned() {
            Some(Step::Cell(change)) => {
                let what = format!(
                    "{redone}: {}",
                    self.describe(&change, &change.before, &change.after)
                );
                self.apply_history(&change.task, &change.track, change.after, &what, now)
            }
            Some(Step::Goal(change)) => self.apply_goal(&change.key, change.after, redone),
            None => {
                self.notify(tr(self.lang, "Nothing to redo", "Nada que rehacer"));
                Effect::None
            }
        }
    }

    /// Puts a cell back as history says and moves the cursor to it so the change is seen.
    fn apply_history(
        &mut self,
        task: &TaskId,
        track: &str,
        cell: Option<crate::model::Cell>,
        what: &str,
        now: &str,
    ) -> Effect {
        let what = what.to_owned();
        let was = self.progress.status(*task, track);
        self.progress.restore_cell(*task, track, cell, now);
        let is = self.progress.status(*task, track);
        self.cell_changed(*task, track, was, is);
        if let (Some(pos), Some(t)) = (self.roadmap.pos_of(*task), self.roadmap.track_index(track))
        {
            self.cursor.track = t;
            if self.row_of(pos).is_none() {
                self.filter = Filter::All;
                self.rebuild_rows();
            }
            self.move_to(pos);
        }
        self.notify(what);
        Effect::Save
    }

    /// "task 12 × Go done → todo", or "… note" when only the note changed.
    fn describe(
        &self,
        change: &super::Change,
        from: &Option<crate::model::Cell>,
        to: &Option<crate::model::Cell>,
    ) -> String {
        let name = self
            .roadmap
            .track_index(&change.track)
            .map_or(change.track.as_str(), |t| {
                self.roadmap.tracks[t].name.as_str()
            });
        let status =
            |c: &Option<crate::model::Cell>| c.as_ref().map(|c| c.status).unwrap_or_default();
        let word = |s: Status| match s {
            Status::Done => tr(self.lang, "done", "hecha"),
            Status::InProgress => tr(self.lang, "in progress", "en curso"),
            Status::Todo => tr(self.lang, "todo", "pendiente"),
            Status::Skip => tr(self.lang, "skipped", "omitida"),
        };
        let what = if status(from) != status(to) {
            format!("{} → {}", word(status(from)), word(status(to)))
        } else {
            tr(self.lang, "note", "nota").to_owned()
        };
        format!(
            "{} {} × {name} {what}",
            tr(self.lang, "task", "tarea"),
            change.task
        )
    }
}
