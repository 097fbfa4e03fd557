//! One learner's figures: the counts `stats --json` gives for their file (made by the same
//! code, `Stats::compute` on their own languages), their last activity, pace, frontier, cells in
//! progress, and why they may need attention.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::clock::days_between;
use crate::config::CohortConfig;
use crate::i18n::tr;
use crate::model::goal::{self, Goal, Pace, Verdict};
use crate::model::stats::percent_tenths;
use crate::model::{Lang, Progress, Roadmap, Stats, Status, TaskId, TaskPos, tracks};

/// Done, in progress and skipped cells of one part (a level, a language, the whole), and its
/// total: the cells that count, skipped ones left out (as `stats --json` counts them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub done: usize,
    pub in_progress: usize,
    pub skipped: usize,
    pub total: usize,
}

impl Count {
    /// Done as a percentage with one decimal, as `stats --json` gives it.
    pub fn percent(&self) -> f64 {
        percent_tenths(self.done, self.total)
    }
}

/// One of the learner's languages (those they show, in their order) and its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackCount {
    pub id: String,
    /// The name the learner gives it, sanitised.
    pub name: String,
    pub count: Count,
}

/// A cell in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartedCell {
    pub pos: TaskPos,
    pub task: TaskId,
    /// The language's id.
    pub track: String,
    /// The day it was started (in the zone dates are read in), if the file says.
    pub started: Option<Date>,
}

/// Where the learner is: the first task, in roadmap order, not done (or skipped) in every
/// language they work on (those with a cell done or in progress; all of them before they start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frontier {
    pub pos: TaskPos,
    pub task: TaskId,
    /// The ids of the languages it is not done in.
    pub tracks: Vec<String>,
}

/// Why a learner needs attention.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// No cell done, started or changed for `days` days (`None`: never).
    Idle { days: Option<i64> },
    /// Behind a goal: `key` is `all` or a language's id, `name` the language's name.
    Behind {
        key: String,
        name: Option<String>,
        /// Cells short at the present pace; for a missed goal, the cells left.
        cells: usize,
        /// The goal's date has passed.
        missed: bool,
    },
    /// A cell in progress for `days` days.
    Stuck {
        task: TaskId,
        track: String,
        days: i64,
    },
}

impl Reason {
    /// A few words, for a column.
    pub fn short(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::Idle { days: None }, _) => tr(lang, "no activity", "sin actividad").into(),
            (Reason::Idle { days: Some(d) }, Lang::En) => format!("idle {d}d"),
            (Reason::Idle { days: Some(d) }, Lang::Es) => format!("inactivo {d}d"),
            (Reason::Behind { missed: true, .. }, _) => {
                tr(lang, "goal missed", "meta vencida").into()
            }
            (Reason::Behind { cells, .. }, Lang::En) => format!("behind {cells}"),
            (Reason::Behind { cells, .. }, Lang::Es) => format!("atrasado {cells}"),
            (Reason::Stuck { task, track, days }, Lang::En) => {
                format!("stuck {task}·{track} {days}d")
            }
            (Reason::Stuck { task, track, days }, Lang::Es) => {
                format!("atascado {task}·{track} {days}d")
            }
        }
    }

    /// A sentence, for a detail line or a report.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::Idle { days: None }, Lang::En) => "no activity yet".into(),
            (Reason::Idle { days: None }, Lang::Es) => "ninguna actividad todavía".into(),
            (Reason::Idle { days: Some(d) }, Lang::En) => format!("no activity for {d} days"),
            (Reason::Idle { days: Some(d) }, Lang::Es) => {
                format!("sin actividad desde hace {d} días")
            }
            (
                Reason::Behind {
                    name,
                    cells,
                    missed,
                    ..
                },
                _,
            ) => {
                let what = name.clone().unwrap_or_else(|| {
                    tr(lang, "the whole roadmap", "toda la hoja de ruta").into()
                });
                match (lang, missed) {
                    (Lang::En, true) => {
                        format!("the goal for {what} has passed with {cells} cells left")
                    }
                    (Lang::Es, true) => {
                        format!("la meta para {what} venció con {cells} celdas por hacer")
                    }
                    (Lang::En, false) => format!("behind the goal for {what} by {cells} cells"),
                    (Lang::Es, false) => format!("atrasado {cells} celdas en la meta para {what}"),
                }
            }
            (Reason::Stuck { task, track, days }, Lang::En) => {
                format!("task {task} in {track} in progress for {days} days")
            }
            (Reason::Stuck { task, track, days }, Lang::Es) => {
                format!("la tarea {task} en {track} lleva {days} días en curso")
            }
        }
    }
}

/// A learner's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The counts per level × language of the learner's shown languages, exactly as
    /// `stats --json` makes them for this file (see `interchange::export::stats_json`).
    pub stats: Stats,
    pub overall: Count,
    /// By the roadmap's levels, in order.
    pub levels: Vec<Count>,
    /// By the learner's shown languages, in their order.
    pub tracks: Vec<TrackCount>,
    /// The latest day a cell was done, started or changed.
    pub last_activity: Option<Date>,
    /// Cells per week over the last four weeks (the goal model's pace, `goal::PACE_DAYS`).
    pub pace_per_week: f64,
    /// Cells done over those four weeks.
    pub recent: usize,
    /// Each goal the learner set, measured today.
    pub goals: Vec<Pace>,
    pub frontier: Option<Frontier>,
    /// Cells in progress, oldest first.
    pub started: Vec<StartedCell>,
    pub attention: Vec<Reason>,
}

impl Summary {
    pub fn compute(
        roadmap: &Roadmap,
        progress: &Progress,
        limits: &CohortConfig,
        today: Date,
        tz: &TimeZone,
    ) -> Summary {
        let visible = tracks::visible_roadmap(roadmap, &progress.settings);
        let full = tracks::full_roadmap(roadmap, &progress.settings);
        let stats = Stats::compute(&visible, progress);
        let overall = Count {
            done: stats.total_done(),
            in_progress: stats.total_in_progress(),
            skipped: stats.total_skipped(),
            total: stats.total_cells(),
        };
        let levels = (0..visible.levels.len())
            .map(|l| Count {
                done: stats.level_done(l),
                in_progress: stats.level_in_progress(l),
                skipped: stats.level_skipped(l),
                total: stats.level_cells(l),
            })
            .collect();
        let track_counts: Vec<TrackCount> = visible
            .tracks
            .iter()
            .enumerate()
            .map(|(t, track)| TrackCount {
                id: track.id.clone(),
                name: super::one_line(&track.name),
                count: Count {
                    done: stats.track_done(t),
                    in_progress: stats.track_in_progress(t),
                    skipped: stats.track_skipped(t),
                    total: stats.track_cells(t),
                },
            })
            .collect();
        // The pace does not depend on the date of a goal: measured against one due today.
        let pace = Pace::compute(
            goal::ALL,
            &Goal::new(today),
            &visible,
            &full,
            progress,
            today,
            tz,
        );
        let goals = if progress.settings.goals.is_empty() {
            Vec::new()
        } else {
            Pace::all(&visible, &full, progress, today, tz)
        };
        let started: Vec<StartedCell> = crate::app::in_progress::started(&visible, progress)
            .into_iter()
            .map(|s| StartedCell {
                pos: s.pos,
                task: s.task,
                track: visible.tracks[s.track].id.clone(),
                started: s.started_on(tz),
            })
            .collect();
        let mut summary = Summary {
            overall,
            levels,
            frontier: frontier(&visible, progress, &track_counts),
            tracks: track_counts,
            last_activity: last_activity(progress, tz),
            pace_per_week: pace.as_ref().map_or(0.0, |p| p.pace_per_week),
            recent: pace.as_ref().map_or(0, |p| p.recent),
            goals,
            started,
            attention: Vec::new(),
            stats,
        };
        summary.attention = attention(&summary, limits, today);
        summary
    }
}

/// The latest day of a cell's done, start or change time, in one pass over the cells. Stamps of
/// the shape this app writes, `YYYY-MM-DDTHH:MM:SSZ` (all in UTC, of one length), order as text
/// as they do in time, so only the latest of them is parsed; any other stamp (an offset,
/// fractions of a second) is parsed on its own.
fn last_activity(progress: &Progress, tz: &TimeZone) -> Option<Date> {
    let mut latest_utc: Option<&str> = None;
    let mut others: Vec<&str> = Vec::new();
    for (_, _, c) in progress.cells() {
        for stamp in [&c.done_at, &c.started_at, &c.changed_at] {
            let Some(stamp) = stamp.as_deref() else {
                continue;
            };
            if plain_utc(stamp) {
                if latest_utc.is_none_or(|l| stamp > l) {
                    latest_utc = Some(stamp);
                }
            } else {
                others.push(stamp);
            }
        }
    }
    let parsed_utc = latest_utc.map(str::parse::<Timestamp>);
    let latest = match parsed_utc {
        // The latest plain stamp is no time (a day 32, an hour 25): those are not ordered as
        // text, so every stamp is parsed.
        Some(Err(_)) => return last_activity_parsing_all(progress, tz),
        Some(Ok(ts)) => Some(ts),
        None => None,
    };
    others
        .into_iter()
        .filter_map(|s| s.parse::<Timestamp>().ok())
        .chain(latest)
        .max()
        .map(|ts| tz.to_datetime(ts).date())
}

/// Whether `stamp` has the separators of `YYYY-MM-DDTHH:MM:SSZ` where they go. Its digits are
/// not looked at: a stamp with other characters in their place is no time, and is found so when
/// it is the latest and parsed (see `last_activity`).
fn plain_utc(stamp: &str) -> bool {
    let b = stamp.as_bytes();
    b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
}

/// `last_activity` with every stamp parsed: for a file whose stamps cannot be ordered as text.
fn last_activity_parsing_all(progress: &Progress, tz: &TimeZone) -> Option<Date> {
    progress
        .cells()
        .flat_map(|(_, _, c)| [&c.done_at, &c.started_at, &c.changed_at])
        .filter_map(|s| s.as_deref()?.parse::<Timestamp>().ok())
        .max()
        .map(|ts| tz.to_datetime(ts).date())
}

fn frontier(visible: &Roadmap, progress: &Progress, counts: &[TrackCount]) -> Option<Frontier> {
    let active: Vec<&str> = counts
        .iter()
        .filter(|t| t.count.done + t.count.in_progress > 0)
        .map(|t| t.id.as_str())
        .collect();
    let active = if active.is_empty() {
        counts.iter().map(|t| t.id.as_str()).collect()
    } else {
        active
    };
    // Which of those cells are finished (done or skipped), by task: one pass over the file.
    let n = active.len();
    let slot: std::collections::HashMap<&str, usize> =
        active.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let mut finished = vec![false; visible.task_count() * n];
    for (key, cells) in progress.tasks() {
        let Some(pos) = visible.pos_of_key(key) else {
            continue;
        };
        for (track, cell) in cells.iter() {
            if matches!(cell.status, Status::Done | Status::Skip)
                && let Some(&a) = slot.get(track.as_str())
            {
                finished[pos * n + a] = true;
            }
        }
    }
    visible.tasks().find_map(|(pos, task)| {
        let left: Vec<String> = active
            .iter()
            .enumerate()
            .filter(|(a, _)| !finished[pos * n + a])
            .map(|(_, t)| (*t).to_owned())
            .collect();
        (!left.is_empty()).then_some(Frontier {
            pos,
            task: task.id,
            tracks: left,
        })
    })
}

fn attention(s: &Summary, limits: &CohortConfig, today: Date) -> Vec<Reason> {
    let mut out = Vec::new();
    match s.last_activity {
        None => out.push(Reason::Idle { days: None }),
        Some(day) => {
            let days = days_between(day, today);
            if days >= i64::from(limits.idle_days) {
                out.push(Reason::Idle { days: Some(days) });
            }
        }
    }
    for p in &s.goals {
        let (cells, missed) = match p.verdict {
            Verdict::Behind(n) => (n, false),
            Verdict::Missed => (p.left, true),
            Verdict::Reached | Verdict::OnTrack => continue,
        };
        out.push(Reason::Behind {
            key: p.key.clone(),
            name: p.name.as_deref().map(super::one_line),
            cells,
            missed,
        });
    }
    for c in &s.started {
        let Some(day) = c.started else { continue };
        let days = days_between(day, today);
        if days > i64::from(limits.stuck_days) {
            out.push(Reason::Stuck {
                task: c.task,
                track: c.track.clone(),
                days,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file with a cell done at each of `stamps`, as read.
    fn with_stamps(stamps: &[&str]) -> Progress {
        let tasks: Vec<String> = stamps
            .iter()
            .enumerate()
            .map(|(i, at)| {
                format!(
                    r#""{}": {{"go": {{"status": "done", "done_at": "{at}"}}}}"#,
                    i + 1
                )
            })
            .collect();
        let text = format!(r#"{{"version": 4, "tasks": {{{}}}}}"#, tasks.join(", "));
        serde_json::from_str(&text).unwrap()
    }

    /// The latest stamp as text is the latest in time only among plain UTC stamps: an offset,
    /// fractions of a second or a stamp that is no time are judged by their parse.
    #[test]
    fn the_last_activity_is_the_latest_time_whatever_the_shape_of_the_stamps() {
        let utc = TimeZone::UTC;
        let day = |s: &str| Some(s.parse::<Date>().unwrap());
        let cases: &[(&[&str], Option<Date>)] = &[
            (
                &["2026-11-20T10:00:00Z", "2026-11-21T09:00:00Z"],
                day("2026-11-21"),
            ),
            // Later as text, earlier in time (the 21st at 01:00 in +05:00 is the 20th in UTC).
            (
                &["2026-11-20T22:00:00Z", "2026-11-21T01:00:00+05:00"],
                day("2026-11-20"),
            ),
            // Earlier as text, later in time.
            (
                &["2026-11-20T23:59:59Z", "2026-11-20T23:00:00-05:00"],
                day("2026-11-21"),
            ),
            (
                &["2026-11-20T23:59:59Z", "2026-11-20T23:59:59.500Z"],
                day("2026-11-20"),
            ),
            // The latest as text is no date: the others still count.
            (
                &["2026-13-40T10:00:00Z", "2026-11-20T10:00:00Z"],
                day("2026-11-20"),
            ),
            (&["not a time"], None),
        ];
        for (stamps, want) in cases {
            let p = with_stamps(stamps);
            assert_eq!(last_activity(&p, &utc), *want, "{stamps:?}");
            assert_eq!(last_activity_parsing_all(&p, &utc), *want, "{stamps:?}");
        }
    }
}
