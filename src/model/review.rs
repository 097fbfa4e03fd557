//! Reviews: a done cell can be marked to be gone over again on a given day. Each completed
//! review moves the day on, further each time (3, 7, 21, then every 60 days), and never changes
//! the cell's status.
//!
//! The schedule lives in the cell (`review_due`, `reviews`, `reviewed_at`) and is stamped like
//! any other change, so it merges with the rest of the file (see `state::merge`).

use std::fmt;

use compact_str::ToCompactString;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::progress::{Cell, Progress, Status};
use super::roadmap::{Roadmap, TaskId, TaskPos};
use crate::clock::add_days;

/// Days from a review (or the first mark) to the next: after 0, 1, 2 and 3 or more reviews.
pub const INTERVALS: [i64; 4] = [3, 7, 21, 60];

/// The days until the next review of a cell reviewed `reviews` times.
pub fn interval_after(reviews: u32) -> i64 {
    INTERVALS[(reviews as usize).min(INTERVALS.len() - 1)]
}

/// Why a review could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewError {
    /// Only a done cell is reviewed.
    NotDone,
}

impl fmt::Display for ReviewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReviewError::NotDone => f.write_str("only a done cell can be reviewed"),
        }
    }
}

impl Cell {
    /// Whether the cell carries any review field.
    pub fn has_review(&self) -> bool {
        self.review_due().is_some() || self.reviews().is_some() || self.reviewed_at().is_some()
    }

    /// Removes the review schedule and its history.
    pub fn clear_review(&mut self) {
        if self.has_review() {
            let more = self.more_mut();
            more.review_due = None;
            more.reviews = None;
            more.reviewed_at = None;
            self.tidy();
        }
    }

    /// The day a review is due, for a done cell with a readable date.
    pub fn review_date(&self) -> Option<Date> {
        if self.status != Status::Done {
            return None;
        }
        self.review_due()?.trim().parse().ok()
    }

    /// Whether the last review was made on the day (in `tz`) of `now` (RFC 3339).
    pub fn reviewed_the_day_of(&self, now: &str, tz: &TimeZone) -> bool {
        let day = |stamp: &str| {
            let ts: jiff::Timestamp = stamp.parse().ok()?;
            Some(tz.to_datetime(ts).date())
        };
        self.reviewed_at()
            .and_then(day)
            .is_some_and(|last| Some(last) == day(now))
    }

    /// Whether a review of the cell is due on `today` (or overdue).
    pub fn review_is_due(&self, today: Date) -> bool {
        self.review_date().is_some_and(|due| due <= today)
    }
}

impl Progress {
    /// Marks a done cell to be reviewed on `due`, keeping how many reviews it had.
    pub fn schedule_review(
        &mut self,
        task: TaskId,
        track: &str,
        due: Date,
        now: &str,
    ) -> Result<(), ReviewError> {
        let mut cell = self.done_cell(task, track)?;
        let due = Some(due.to_compact_string());
        if cell.more().review_due != due {
            cell.more_mut().review_due = due;
            cell.stamp_state(now);
            self.put_cell(task, track, Some(cell));
        }
        Ok(())
    }

    /// Records a review made `today`; the next falls `next_in` days on (the spaced interval
    /// when `None`). Returns the next day. A review is counted once a day: a second one made the
    /// same day as the last (`reviewed_at` and `now`, both read in `tz`) counts nothing again,
    /// and moves the next day only when `next_in` names one.
    pub fn complete_review(
        &mut self,
        task: TaskId,
        track: &str,
        today: Date,
        next_in: Option<i64>,
        now: &str,
        tz: &TimeZone,
    ) -> Result<Date, ReviewError> {
        let mut cell = self.done_cell(task, track)?;
        if cell.reviewed_the_day_of(now, tz) {
            let Some(days) = next_in else {
                return Ok(cell.review_date().unwrap_or(today));
            };
            let next = add_days(today, days);
            if cell.review_date() != Some(next) {
                cell.more_mut().review_due = Some(next.to_compact_string());
                cell.stamp_state(now);
                self.put_cell(task, track, Some(cell));
            }
            return Ok(next);
        }
        let reviews = cell.reviews().unwrap_or(0).saturating_add(1);
        let next = add_days(today, next_in.unwrap_or_else(|| interval_after(reviews)));
        let more = cell.more_mut();
        more.reviews = Some(reviews);
        more.reviewed_at = Some(now.into());
        more.review_due = Some(next.to_compact_string());
        cell.stamp_state(now);
        self.put_cell(task, track, Some(cell));
        Ok(next)
    }

    /// Removes a cell's review schedule (its count of reviews stays, for the spacing).
    pub fn unschedule_review(&mut self, task: TaskId, track: &str, now: &str) {
        let Some(mut cell) = self.cell(task, track).cloned() else {
            return;
        };
        if cell.review_due().is_none() {
            return;
        }
        cell.more_mut().review_due = None;
        cell.tidy();
        cell.stamp_state(now);
        self.put_cell(task, track, Some(cell));
    }

    fn done_cell(&self, task: TaskId, track: &str) -> Result<Cell, ReviewError> {
        match self.cell(task, track) {
            Some(cell) if cell.status == Status::Done => Ok(cell.clone()),
            _ => Err(ReviewError::NotDone),
        }
    }
}

/// A cell with a review scheduled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub pos: TaskPos,
    pub task: TaskId,
    /// Index into the roadmap's tracks.
    pub track: usize,
    pub due: Date,
    /// The day the cell was checked, in the zone dates are read in.
    pub done_on: Option<Date>,
    /// Reviews completed so far.
    pub reviews: u32,
}

impl Review {
    pub fn is_due(&self, today: Date) -> bool {
        self.due <= today
    }
}

/// Every scheduled review of the roadmap's cells, soonest first (then in reading order).
pub fn scheduled(roadmap: &Roadmap, progress: &Progress, tz: &TimeZone) -> Vec<Review> {
    let mut out = Vec::new();
    let lookup = roadmap.track_lookup();
    for (task_key, track_id, cell) in progress.cells() {
        let Some(due) = cell.review_date() else {
            continue;
        };
        let (Some(pos), Some(&track)) = (roadmap.pos_of_key(task_key), lookup.get(track_id)) else {
            continue;
        };
        let task = roadmap.task(pos).id;
        let done_on = cell
            .done_at
            .as_deref()
            .and_then(|s| s.parse::<jiff::Timestamp>().ok())
            .map(|ts| tz.to_datetime(ts).date());
        out.push(Review {
            pos,
            task,
            track,
            due,
            done_on,
            reviews: cell.reviews().unwrap_or(0),
        });
    }
    out.sort_by_key(|r| (r.due, r.pos, r.track));
    out
}

/// The reviews due on `today` or before, most overdue first.
pub fn due(roadmap: &Roadmap, progress: &Progress, today: Date, tz: &TimeZone) -> Vec<Review> {
    let mut all = scheduled(roadmap, progress, tz);
    all.retain(|r| r.is_due(today));
    all
}

/// How many reviews are due on `today` or before.
pub fn due_count(roadmap: &Roadmap, progress: &Progress, today: Date) -> usize {
    let lookup = roadmap.track_lookup();
    progress
        .cells()
        .filter(|(task, track, cell)| {
            cell.review_is_due(today)
                && lookup.contains_key(track)
                && roadmap.pos_of_key(task).is_some()
        })
        .count()
}

/// The furthest a review may be set, in days (ten years), whatever unit `--in` is written in.
pub const MAX_REVIEW_DAYS: i64 = 3650;

/// What is wrong with a span of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaysError {
    NotDays,
    /// More than `MAX_REVIEW_DAYS`; the days it makes, when they can be counted.
    TooFar(Option<i64>),
}

/// Reads a span of days as `--in` takes it: `14`, `14d`, `2w`; from 0 to `MAX_REVIEW_DAYS`
/// days, counted in days whatever the unit.
pub fn parse_days(text: &str) -> Result<i64, DaysError> {
    let t = text.trim().to_ascii_lowercase();
    let (number, unit) = match t.strip_suffix('w') {
        Some(n) => (n, 7),
        None => (t.strip_suffix('d').unwrap_or(&t), 1),
    };
    let number = number.trim();
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DaysError::NotDays);
    }
    let days = number.parse::<i64>().ok().and_then(|n| n.checked_mul(unit));
    match days {
        Some(days) if days <= MAX_REVIEW_DAYS => Ok(days),
        days => Err(DaysError::TooFar(days)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::days_between;
    use pretty_assertions::assert_eq;

    const NOW: &str = "2026-11-24T10:00:00Z";
    const TODAY: Date = Date::constant(2026, 11, 24);

    #[test]
    fn reviews_space_out_and_never_undo_the_check() {
        let mut p = Progress::default();
        assert_eq!(
            p.schedule_review(12, "go", TODAY, NOW),
            Err(ReviewError::NotDone)
        );
        p.set_status(12, "go", Status::Done, NOW);
        p.schedule_review(12, "go", add_days(TODAY, 3), NOW)
            .unwrap();
        let mut day = add_days(TODAY, 3);
        let mut gaps = Vec::new();
        for _ in 0..5 {
            let now = format!("{day}T10:00:00Z");
            let next = p
                .complete_review(12, "go", day, None, &now, &TimeZone::UTC)
                .unwrap();
            gaps.push(days_between(day, next));
            day = next;
            assert_eq!(p.status(12, "go"), Status::Done);
        }
        assert_eq!(gaps, vec![7, 21, 60, 60, 60]);
        assert_eq!(p.cell(12, "go").unwrap().reviews(), Some(5));
    }

    #[test]
    fn a_review_counts_once_a_day() {
        let mut p = Progress::default();
        p.set_status(12, "go", Status::Done, NOW);
        let tz = TimeZone::fixed(jiff::tz::offset(-5));
        let (morning, evening) = ("2026-11-30T14:00:00Z", "2026-12-01T04:00:00Z");
        let day = Date::constant(2026, 11, 30);
        let first = p
            .complete_review(12, "go", day, None, morning, &tz)
            .unwrap();
        // 23:00 the same day where the learner is, the next day in UTC.
        let again = p
            .complete_review(12, "go", day, None, evening, &tz)
            .unwrap();
        assert_eq!((first, again), (add_days(day, 7), add_days(day, 7)));
        assert_eq!(p.cell(12, "go").unwrap().reviews(), Some(1));
        assert_eq!(p.cell(12, "go").unwrap().reviewed_at(), Some(morning));
        let moved = p
            .complete_review(12, "go", day, Some(2), evening, &tz)
            .unwrap();
        assert_eq!(moved, add_days(day, 2));
        assert_eq!(p.cell(12, "go").unwrap().reviews(), Some(1));
        // The next day it counts again.
        p.complete_review(
            12,
            "go",
            add_days(day, 1),
            None,
            "2026-12-01T15:00:00Z",
            &tz,
        )
        .unwrap();
        assert_eq!(p.cell(12, "go").unwrap().reviews(), Some(2));
    }

    #[test]
    fn unchecking_drops_the_schedule() {
        let mut p = Progress::default();
        p.set_status(1, "go", Status::Done, NOW);
        p.schedule_review(1, "go", TODAY, NOW).unwrap();
        assert!(p.cell(1, "go").unwrap().review_is_due(TODAY));
        p.set_status(1, "go", Status::Todo, "2026-11-25T00:00:00Z");
        assert!(!p.cell(1, "go").unwrap().has_review());
    }

    #[test]
    fn due_lists_soonest_first_and_skips_unknown_cells() {
        let r = Roadmap::seed().unwrap();
        let mut p = Progress::default();
        for (task, track, due) in [
            (5, "go", 2),
            (3, "python", 0),
            (9, "cobol", 0),
            (7, "go", -1),
        ] {
            p.set_status(task, track, Status::Done, NOW);
            p.schedule_review(task, track, add_days(TODAY, due), NOW)
                .unwrap();
        }
        let due = due(&r, &p, TODAY, &TimeZone::UTC);
        let ids: Vec<TaskId> = due.iter().map(|r| r.task).collect();
        assert_eq!(ids, vec![7, 3]);
        assert_eq!(due_count(&r, &p, TODAY), 2);
        assert_eq!(due_count(&r, &p, add_days(TODAY, 2)), 3);
    }

    #[test]
    fn spans_of_days() {
        assert_eq!(parse_days("14d"), Ok(14));
        assert_eq!(parse_days("2w"), Ok(14));
        assert_eq!(parse_days(" 5 "), Ok(5));
        assert_eq!(parse_days("0"), Ok(0));
        assert_eq!(parse_days("-1d"), Err(DaysError::NotDays));
        assert_eq!(parse_days("soon"), Err(DaysError::NotDays));
        // The limit is in days, whatever the unit.
        assert_eq!(parse_days("3650"), Ok(3650));
        assert_eq!(parse_days("521w"), Ok(3647));
        assert_eq!(parse_days("522w"), Err(DaysError::TooFar(Some(3654))));
        assert_eq!(parse_days("3650w"), Err(DaysError::TooFar(Some(25_550))));
        assert_eq!(
            parse_days("99999999999999999999d"),
            Err(DaysError::TooFar(None))
        );
    }
}
