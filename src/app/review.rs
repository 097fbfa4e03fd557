//! Reviews in the grid: `r` marks a done cell for review, completes a review that is due, or
//! drops one not yet due; `w` offers the reviews due before new work.

use super::{App, Effect, Filter};
use crate::clock::{add_days, days_between};
use crate::i18n::{days_ago, in_days, tr};
use crate::model::review::{self, Review, interval_after};
use crate::model::{Status, TaskPos};

impl App {
    /// Carries out `r` on the cell under the cursor.
    pub(super) fn toggle_review(&mut self, now: &str) -> Effect {
        if !self.has_rows() {
            return Effect::None;
        }
        let lang = self.lang;
        let task = self.roadmap.task(self.cursor.pos).id;
        let track = self.cursor_track_id().to_owned();
        let name = self.roadmap.tracks[self.cursor.track].name.clone();
        let cell = self
            .progress
            .cell(task, &track)
            .cloned()
            .unwrap_or_default();
        if cell.status != Status::Done {
            self.notify(tr(
                lang,
                "Only a done cell can be reviewed: check it first",
                "Solo se repasa una celda hecha: márcala primero",
            ));
            return Effect::None;
        }
        let today = self.today;
        let cell_name = format!("{} {task} × {name}", tr(lang, "task", "tarea"));
        let (effect, text) = match cell.review_date() {
            Some(due) if due <= today => {
                let mut next = today;
                let tz = self.tz.clone();
                let effect = self.change_cell(task, &track, |p| {
                    if let Ok(day) = p.complete_review(task, &track, today, None, now, &tz) {
                        next = day;
                    }
                });
                let text = format!(
                    "{}: {cell_name}; {} {next} ({})",
                    tr(lang, "Reviewed", "Repasada"),
                    tr(lang, "next review", "próximo repaso"),
                    in_days(lang, days_between(today, next))
                );
                (effect, text)
            }
            Some(_) => {
                let effect =
                    self.change_cell(task, &track, |p| p.unschedule_review(task, &track, now));
                let text = format!(
                    "{}: {cell_name}",
                    tr(lang, "Review removed", "Repaso quitado")
                );
                (effect, text)
            }
            None => {
                let days = interval_after(cell.reviews().unwrap_or(0));
                let due = add_days(today, days);
                let effect = self.change_cell(task, &track, |p| {
                    let _ = p.schedule_review(task, &track, due, now);
                });
                let text = format!(
                    "{}: {cell_name}, {due} ({})",
                    tr(lang, "Review", "Repaso"),
                    in_days(lang, days)
                );
                (effect, text)
            }
        };
        self.notify(text);
        effect
    }

    /// The reviews due today, among the languages shown.
    pub fn reviews_due(&self) -> Vec<Review> {
        review::due(&self.roadmap, &self.progress, self.today, &self.tz)
    }

    /// `w`'s first choice: the next review due after the one under the cursor, if any. Moves
    /// there and says so; `false` when there is none left to offer.
    pub(super) fn offer_review(&mut self) -> bool {
        let due = self.reviews_due();
        let at = |r: &Review| r.pos == self.cursor.pos && r.track == self.cursor.track;
        let next = match due.iter().position(at) {
            Some(i) => due.get(i + 1),
            None => due.first(),
        };
        let Some(r) = next.cloned() else {
            return false;
        };
        self.go_to_cell(r.pos, r.track);
        let lang = self.lang;
        let done = r
            .done_on
            .map(|d| {
                format!(
                    ", {} {}",
                    tr(lang, "done", "hecha"),
                    days_ago(lang, days_between(d, self.today))
                )
            })
            .unwrap_or_default();
        self.notify(format!(
            "{}: {} {} × {}{done}",
            tr(lang, "review due", "repaso pendiente"),
            tr(lang, "task", "tarea"),
            r.task,
            self.roadmap.tracks[r.track].name,
        ));
        true
    }

    /// Puts the cursor on a cell, showing every task if the filter hides it.
    pub(super) fn go_to_cell(&mut self, pos: TaskPos, track: usize) {
        self.cursor.track = track.min(self.roadmap.tracks.len().saturating_sub(1));
        if self.row_of(pos).is_none() {
            self.filter = Filter::All;
            self.rebuild_rows();
        }
        self.move_to(pos);
    }
}
