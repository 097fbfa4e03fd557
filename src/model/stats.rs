//! Done, in-progress and skipped counts per level × track, derived from a roadmap and its
//! progress. A skipped cell counts toward neither done nor the total: every total here is the
//! cells that count (see `Status::counts`).

use super::progress::{Progress, Status, TaskCells};

/// Tasks from which the counts are made on two threads.
const PARALLEL_TASKS: usize = 20_000;
use super::roadmap::Roadmap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    tracks: usize,
    /// Tasks per level.
    level_tasks: Vec<usize>,
    /// Done cells, `[level * tracks + track]`.
    done: Vec<usize>,
    /// In-progress cells, same layout.
    in_progress: Vec<usize>,
    /// Skipped cells, same layout: taken off the totals.
    skipped: Vec<usize>,
}

/// Up to this many languages, a cell's language is found by comparing ids rather than hashing.
const FEW_TRACKS: usize = 16;

/// Whether two short ids are the same, byte by byte in place: most differ in their length or
/// their first byte, and a call to compare memory costs more than the comparison.
fn same_id(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

impl Stats {
    /// Counts by walking the stored cells, so the cost follows the progress, not the roadmap; a
    /// large progress on two threads.
    pub fn compute(roadmap: &Roadmap, progress: &Progress) -> Stats {
        let tracks = roadmap.tracks.len();
        let levels = roadmap.levels.len();
        let mut stats = Stats {
            tracks,
            level_tasks: roadmap.levels.iter().map(|l| l.tasks.len()).collect(),
            done: vec![0; levels * tracks],
            in_progress: vec![0; levels * tracks],
            skipped: vec![0; levels * tracks],
        };
        if progress.task_count() < PARALLEL_TASKS {
            stats.count(roadmap, progress.tasks());
            return stats;
        }
        let (low, high) = progress.tasks_halves();
        let mut other = stats.clone();
        std::thread::scope(|scope| {
            match std::thread::Builder::new().spawn_scoped(scope, || other.count(roadmap, high)) {
                Ok(thread) => {
                    stats.count(roadmap, low);
                    thread.join().expect("counting cells does not panic");
                }
                // The system refused a thread: this one counts it all.
                Err(_) => stats.count(roadmap, progress.tasks()),
            }
        });
        for (mine, theirs) in [
            (&mut stats.done, &other.done),
            (&mut stats.in_progress, &other.in_progress),
            (&mut stats.skipped, &other.skipped),
        ] {
            mine.iter_mut().zip(theirs).for_each(|(a, b)| *a += b);
        }
        stats
    }

    /// Adds the cells of `tasks` to the counts.
    fn count<'a>(
        &mut self,
        roadmap: &Roadmap,
        tasks: impl Iterator<Item = (&'a str, &'a TaskCells)>,
    ) {
        let tracks = self.tracks;
        // A few languages are found faster by comparing ids than by hashing them.
        let few = (roadmap.tracks.len() <= FEW_TRACKS).then_some(&roadmap.tracks);
        let lookup = if few.is_some() {
            std::collections::HashMap::new()
        } else {
            roadmap.track_lookup()
        };
        let track_of = |id: &str| match few {
            Some(tracks) => tracks.iter().position(|t| same_id(&t.id, id)),
            None => lookup.get(id).copied(),
        };
        // Task by task: a task's place is looked up once for all its cells.
        for (task, cells) in tasks {
            let Some(pos) = roadmap.pos_of_key(task) else {
                continue;
            };
            let row = roadmap.level_of(pos) * tracks;
            for (track, cell) in cells.iter() {
                let counts = match cell.status {
                    Status::Done => &mut self.done,
                    Status::InProgress => &mut self.in_progress,
                    Status::Skip => &mut self.skipped,
                    Status::Todo => continue,
                };
                if let Some(t) = track_of(track.as_str()) {
                    counts[row + t] += 1;
                }
            }
        }
    }

    /// Moves one cell of task `id` × track `track` from `before` to `after`, as `compute` would
    /// count it: a change of one cell costs nothing like a count of them all.
    pub fn adjust(
        &mut self,
        roadmap: &Roadmap,
        id: super::roadmap::TaskId,
        track: &str,
        before: Status,
        after: Status,
    ) {
        let (Some(pos), Some(t)) = (roadmap.pos_of(id), roadmap.track_index(track)) else {
            return;
        };
        let i = roadmap.level_of(pos) * self.tracks + t;
        for (status, up) in [(before, false), (after, true)] {
            let counts = match status {
                Status::Done => &mut self.done,
                Status::InProgress => &mut self.in_progress,
                Status::Skip => &mut self.skipped,
                Status::Todo => continue,
            };
            counts[i] = if up {
                counts[i] + 1
            } else {
                counts[i].saturating_sub(1)
            };
        }
    }

    pub fn done(&self, level: usize, track: usize) -> usize {
        self.done[level * self.tracks + track]
    }

    pub fn in_progress(&self, level: usize, track: usize) -> usize {
        self.in_progress[level * self.tracks + track]
    }

    pub fn skipped(&self, level: usize, track: usize) -> usize {
        self.skipped[level * self.tracks + track]
    }

    /// The cells of one level × track that count: its tasks less the skipped ones.
    pub fn cells(&self, level: usize, track: usize) -> usize {
        self.level_tasks[level].saturating_sub(self.skipped(level, track))
    }

    /// How many tasks level `level` has (skipped or not).
    pub fn level_task_count(&self, level: usize) -> usize {
        self.level_tasks[level]
    }

    pub fn level_done(&self, level: usize) -> usize {
        (0..self.tracks).map(|t| self.done(level, t)).sum()
    }

    pub fn level_in_progress(&self, level: usize) -> usize {
        (0..self.tracks).map(|t| self.in_progress(level, t)).sum()
    }

    pub fn level_skipped(&self, level: usize) -> usize {
        (0..self.tracks).map(|t| self.skipped(level, t)).sum()
    }

    /// The cells of one level that count, in every track.
    pub fn level_cells(&self, level: usize) -> usize {
        (0..self.tracks).map(|t| self.cells(level, t)).sum()
    }

    pub fn track_done(&self, track: usize) -> usize {
        (0..self.level_tasks.len())
            .map(|l| self.done(l, track))
            .sum()
    }

    pub fn track_in_progress(&self, track: usize) -> usize {
        (0..self.level_tasks.len())
            .map(|l| self.in_progress(l, track))
            .sum()
    }

    pub fn track_skipped(&self, track: usize) -> usize {
        (0..self.level_tasks.len())
            .map(|l| self.skipped(l, track))
            .sum()
    }

    /// The cells of one track that count, in every level: its tasks less the skipped ones.
    pub fn track_cells(&self, track: usize) -> usize {
        (0..self.level_tasks.len())
            .map(|l| self.cells(l, track))
            .sum()
    }

    /// How many tasks the roadmap has (skipped or not).
    pub fn task_total(&self) -> usize {
        self.level_tasks.iter().sum()
    }

    pub fn total_done(&self) -> usize {
        self.done.iter().sum()
    }

    pub fn total_in_progress(&self) -> usize {
        self.in_progress.iter().sum()
    }

    pub fn total_skipped(&self) -> usize {
        self.skipped.iter().sum()
    }

    /// Every cell that counts: tasks × tracks less the skipped ones.
    pub fn total_cells(&self) -> usize {
        (self.task_total() * self.tracks).saturating_sub(self.total_skipped())
    }
}

/// A whole-number percentage, rounded down so 100% means all done.
pub fn percent(done: usize, total: usize) -> usize {
    (done * 100).checked_div(total).unwrap_or(0)
}

/// done/total as a percentage rounded to one decimal (`stats --json`'s `percent`).
pub fn percent_tenths(done: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        (done as f64 * 1000.0 / total as f64).round() / 10.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_progress_is_counted_on_two_threads_as_on_one() {
        let r = Roadmap::seed().unwrap();
        let mut p = Progress::default();
        let now = "2026-11-24T00:00:00Z";
        // Tasks the roadmap has, among many it has not, on both sides of the middle key.
        for id in 1..=(PARALLEL_TASKS as u32 + 5_000) {
            p.set_status(id, "python", Status::Done, now);
            if id % 3 == 0 {
                p.set_status(id, "go", Status::InProgress, now);
            }
        }
        let (low, high) = p.tasks_halves();
        assert!(low.count() > 1_000 && high.count() > 1_000);
        let mut one = Stats::compute(&r, &Progress::default());
        one.count(&r, p.tasks());
        let two = Stats::compute(&r, &p);
        assert_eq!(two, one);
        assert_eq!(two.total_done(), 105);
        assert_eq!(two.total_in_progress(), 35);
    }

    #[test]
    fn counts_follow_levels_and_ignore_unknown_entries() {
        let r = Roadmap::seed().unwrap();
        let mut p = Progress::default();
        let now = "2026-11-24T00:00:00Z";
        p.set_status(1, "python", Status::Done, now);
        p.set_status(86, "go", Status::Done, now); // Senior, despite its number
        p.set_status(2, "go", Status::InProgress, now);
        p.set_status(999, "python", Status::Done, now);
        p.set_status(1, "cobol", Status::Done, now);
        let s = Stats::compute(&r, &p);
        assert_eq!(s.done(0, 0), 1);
        assert_eq!(s.done(3, 2), 1);
        assert_eq!(s.in_progress(0, 2), 1);
        assert_eq!(s.total_done(), 2);
        assert_eq!(s.track_done(2), 1);
        assert_eq!(s.total_cells(), 630);
        assert_eq!(percent(1, 3), 33);

        // A change of one cell, counted alone, gives what a count of them all gives.
        let mut adjusted = s.clone();
        p.set_status(2, "go", Status::Done, now);
        adjusted.adjust(&r, 2, "go", Status::InProgress, Status::Done);
        p.set_status(1, "python", Status::Todo, now);
        adjusted.adjust(&r, 1, "python", Status::Done, Status::Todo);
        p.set_status(999, "go", Status::Done, now);
        adjusted.adjust(&r, 999, "go", Status::Todo, Status::Done);
        assert_eq!(adjusted, Stats::compute(&r, &p));
        assert_ne!(adjusted, s);
        assert_eq!(percent(0, 0), 0);
    }

    #[test]
    fn a_skipped_cell_leaves_every_total() {
        let r = Roadmap::seed().unwrap();
        let mut p = Progress::default();
        let now = "2026-11-24T00:00:00Z";
        p.set_status(1, "python", Status::Done, now);
        p.set_status(2, "python", Status::Skip, now);
        p.set_status(86, "go", Status::Skip, now); // Senior
        let s = Stats::compute(&r, &p);
        assert_eq!(s.total_cells(), 630 - 2);
        assert_eq!(s.total_skipped(), 2);
        assert_eq!(s.total_done(), 1);
        assert_eq!((s.cells(0, 0), s.level_cells(0)), (24, 25 * 6 - 1));
        assert_eq!((s.track_cells(0), s.track_skipped(0)), (104, 1));
        assert_eq!(s.cells(3, 2), s.level_task_count(3) - 1);
        // Skipping a done cell takes it off both; unskipping puts it back in the total.
        let mut adjusted = s.clone();
        p.set_status(1, "python", Status::Skip, now);
        adjusted.adjust(&r, 1, "python", Status::Done, Status::Skip);
        assert_eq!(adjusted, Stats::compute(&r, &p));
        assert_eq!((adjusted.total_done(), adjusted.total_cells()), (0, 627));
        p.set_status(2, "python", Status::Todo, now);
        adjusted.adjust(&r, 2, "python", Status::Skip, Status::Todo);
        assert_eq!(adjusted, Stats::compute(&r, &p));
        assert_eq!(adjusted.total_cells(), 628);
    }
}
