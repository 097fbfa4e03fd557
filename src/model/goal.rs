//! Goals: a target date for the whole roadmap or one language, and the pace that reaches it.
//!
//! Goals are kept in the progress file's settings as an object keyed by `"all"` or a language's
//! id (`{"all": {"date": "2027-06-01"}, "go": {"date": "2027-01-31"}}`), so two machines'
//! goals for different languages merge key by key. The pace is read from the done dates of the
//! last four weeks.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

// The stored form lives beside the rest of the progress file's settings.
pub use super::progress::{Goal, Goals};
use super::progress::{Progress, Status};
use super::roadmap::{Lang, Roadmap};
use super::text::echo;
use crate::clock::{add_days, day_prefix, days_between};

/// The key of the goal for the whole roadmap.
pub const ALL: &str = "all";

/// How many days the pace looks back over.
pub const PACE_DAYS: i64 = 28;

/// How far from today a goal may be: 100 years, in days, whatever unit the span is written in.
pub const MAX_GOAL_DAYS: i64 = 36_525;

/// Reads a goal's date: `YYYY-MM-DD`, or a span from `today` such as `90d`, `12w` or `6m`; at
/// most `MAX_GOAL_DAYS` away. The error is in `lang`.
pub fn parse_target(text: &str, today: Date, lang: Lang) -> Result<Date, String> {
    let t = text.trim();
    let shown = echo(t);
    // `Some(None)`: a span, but beyond what the calendar holds.
    let span = |suffix: [char; 2], unit: fn(Span, i64) -> Result<Span, jiff::Error>| {
        let digits = t.strip_suffix(suffix)?.trim();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let Ok(n) = digits.parse::<i64>() else {
            return Some(None);
        };
        if n < 1 {
            return None;
        }
        Some(
            unit(Span::new(), n)
                .ok()
                .and_then(|span| today.checked_add(span).ok()),
        )
    };
    let date = span(['d', 'D'], Span::try_days)
        .or_else(|| span(['w', 'W'], Span::try_weeks))
        .or_else(|| span(['m', 'M'], Span::try_months));
    let too_far = || match lang {
        Lang::En => format!(
            "\"{shown}\" is too far off: a goal is at most 100 years from today ({MAX_GOAL_DAYS} \
             days, up to {})",
            add_days(today, MAX_GOAL_DAYS)
        ),
        Lang::Es => format!(
            "\"{shown}\" queda demasiado lejos: una meta está como mucho a 100 años de hoy \
             ({MAX_GOAL_DAYS} días, hasta el {})",
            add_days(today, MAX_GOAL_DAYS)
        ),
    };
    let date = match date {
        // A span too large for the calendar.
        Some(None) => return Err(too_far()),
        Some(Some(date)) => date,
        None => t.parse::<Date>().map_err(|_| match lang {
            Lang::En => format!(
                "\"{shown}\" is not a date: write YYYY-MM-DD, or a span from today such as 90d, \
                 12w or 6m"
            ),
            Lang::Es => format!(
                "\"{shown}\" no es una fecha: escribe AAAA-MM-DD, o un plazo desde hoy como 90d, \
                 12w o 6m"
            ),
        })?,
    };
    if date < today {
        return Err(match lang {
            Lang::En => format!("{date} has passed: a goal is a day from today on"),
            Lang::Es => format!("{date} ya pasó: una meta es un día de hoy en adelante"),
        });
    }
    if days_between(today, date) > MAX_GOAL_DAYS {
        return Err(too_far());
    }
    Ok(date)
}

/// Where a goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every cell is done.
    Reached,
    /// At the pace of the last four weeks the cells left are done by the date.
    OnTrack,
    /// At that pace, this many cells would still be left on the date.
    Behind(usize),
    /// The date has passed with cells left.
    Missed,
}

/// A goal measured against the progress on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct Pace {
    /// `ALL` or the language's id.
    pub key: String,
    /// The language's name, or `None` for the whole roadmap.
    pub name: Option<String>,
    pub target: Date,
    pub total: usize,
    pub done: usize,
    pub left: usize,
    /// Days from today to the target (negative once it has passed).
    pub days_left: i64,
    /// Cells per week needed from today to reach the target.
    pub per_week_needed: f64,
    /// Cells done in the last four weeks.
    pub recent: usize,
    /// Cells per week over the last four weeks.
    pub pace_per_week: f64,
    /// When the cells left would be done at that pace; `None` without a pace.
    pub projected: Option<Date>,
    pub verdict: Verdict,
}

impl Pace {
    /// Measures the goal `key` on `today`; `None` for an unknown language or an unreadable date.
    /// `roadmap` is the roadmap with the languages the whole-roadmap goal counts; a language's
    /// goal may name any language of `full`.
    pub fn compute(
        key: &str,
        goal: &Goal,
        roadmap: &Roadmap,
        full: &Roadmap,
        progress: &Progress,
        today: Date,
        tz: &TimeZone,
    ) -> Option<Pace> {
        let target = goal.target()?;
        let (scope, tracks, name): (&Roadmap, Vec<&str>, Option<String>) = if key == ALL {
            (
                roadmap,
                roadmap.tracks.iter().map(|t| t.id.as_str()).collect(),
                None,
            )
        } else {
            let t = full.track_index(key)?;
            (
                full,
                vec![full.tracks[t].id.as_str()],
                Some(full.tracks[t].name.clone()),
            )
        };
        let (mut done, mut recent, mut skipped) = (0, 0, 0);
        // A cell done days before the pace's weeks began is not parsed to be told so.
        let floor = add_days(today, -(PACE_DAYS + 2)).to_string();
        for (task, track, cell) in progress.cells() {
            if !matches!(cell.status, Status::Done | Status::Skip) || !tracks.contains(&track) {
                continue;
            }
            if scope.pos_of_key(task).is_none() {
                continue;
            }
            // A skipped cell is no part of the goal: out of the total, never left to do.
            if cell.status == Status::Skip {
                skipped += 1;
                continue;
            }
            done += 1;
            let day = cell
                .done_at
                .as_deref()
                .filter(|s| day_prefix(s).is_none_or(|d| d >= floor.as_str()))
                .and_then(|s| s.parse::<Timestamp>().ok())
                .map(|ts| tz.to_datetime(ts).date());
            if day.is_some_and(|d| (0..PACE_DAYS).contains(&days_between(d, today))) {
                recent += 1;
            }
        }
        let total = (scope.task_count() * tracks.len()).saturating_sub(skipped);
        let left = total.saturating_sub(done);
        let days_left = days_between(today, target);
        let per_week_needed = if days_left > 0 {
            left as f64 * 7.0 / days_left as f64
        } else {
            left as f64
        };
        let per_day = recent as f64 / PACE_DAYS as f64;
        let projected = if left == 0 {
            Some(today)
        } else if recent == 0 {
            None
        } else {
            let days = (left as f64 / per_day).ceil() as i64;
            Some(add_days(today, days.min(365 * 200)))
        };
        let verdict = if left == 0 {
            Verdict::Reached
        } else if days_left < 0 {
            Verdict::Missed
        } else {
            // Cells the pace brings by the end of the target day.
            let by_then = (per_day * (days_left + 1) as f64).floor() as usize;
            match left.saturating_sub(by_then) {
                0 => Verdict::OnTrack,
                n => Verdict::Behind(n),
            }
        };
        Some(Pace {
            key: key.to_owned(),
            name,
            target,
            total,
            done,
            left,
            days_left,
            per_week_needed,
            recent,
            pace_per_week: per_day * 7.0,
            projected,
            verdict,
        })
    }

    /// Every goal of the progress that can be measured: the whole roadmap's first, then the
    /// languages' in the roadmap's order.
    pub fn all(
        roadmap: &Roadmap,
        full: &Roadmap,
        progress: &Progress,
        today: Date,
        tz: &TimeZone,
    ) -> Vec<Pace> {
        let goals = &progress.settings.goals;
        let order = |key: &str| {
            if key == ALL {
                0
            } else {
                full.track_index(key).map_or(usize::MAX, |i| i + 1)
            }
        };
        let mut keys: Vec<&String> = goals.keys().collect();
        keys.sort_by_key(|k| order(k));
        keys.into_iter()
            .filter_map(|k| Pace::compute(k, &goals[k], roadmap, full, progress, today, tz))
            .collect()
    }
}

/// A number of cells per week with one decimal, without a trailing ".0".
pub fn per_week(n: f64) -> String {
    let s = format!("{:.1}", n);
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TaskId;
    use pretty_assertions::assert_eq;

    const TODAY: Date = Date::constant(2026, 11, 24);

    fn done_on(p: &mut Progress, task: TaskId, track: &str, day: Date) {
        p.set_status(task, track, Status::Done, &format!("{day}T12:00:00Z"));
    }

    #[test]
    fn targets_read_as_dates_or_spans() {
        let parse = |t| parse_target(t, TODAY, Lang::En);
        assert_eq!(parse("2027-06-01"), Ok(Date::constant(2027, 6, 1)));
        assert_eq!(parse("12w"), Ok(Date::constant(2027, 2, 16)));
        assert_eq!(parse("6m"), Ok(Date::constant(2027, 5, 24)));
        assert_eq!(parse("2026-11-24"), Ok(TODAY));
        assert!(parse("2026-11-23").unwrap_err().contains("passed"));
        assert!(parse("soon").unwrap_err().contains("not a date"));
        assert!(
            parse_target("pronto", TODAY, Lang::Es)
                .unwrap_err()
                .contains("no es una fecha")
        );
    }

    #[test]
    fn spans_are_limited_by_their_length_whatever_the_unit() {
        let parse = |t: &str| parse_target(t, TODAY, Lang::En);
        // Within 100 years in any unit.
        assert_eq!(parse("1500d"), Ok(add_days(TODAY, 1500)));
        assert_eq!(parse("5000w"), Ok(add_days(TODAY, 35_000)));
        assert_eq!(parse("1200m"), Ok(Date::constant(2126, 11, 24)));
        assert_eq!(
            parse(&format!("{MAX_GOAL_DAYS}d")),
            Ok(add_days(TODAY, MAX_GOAL_DAYS))
        );
        // Past it, in any unit or as a date: too far, never "not a date".
        for t in [
            "36526d",
            "5300w",
            "1300m",
            "99999999999d",
            "9999999999999999999w",
            "2200-01-01",
        ] {
            let e = parse(t).unwrap_err();
            assert!(
                e.contains("too far off") && e.contains("100 years"),
                "{t}: {e}"
            );
        }
    }

    #[test]
    fn pace_projects_the_finish_and_says_how_far_behind() {
        let r = Roadmap::seed().unwrap();
        let mut p = Progress::default();
        // 8 Go cells in the last four weeks (2 a week), one long before.
        for (i, back) in [0, 1, 3, 6, 10, 14, 20, 27].into_iter().enumerate() {
            done_on(&mut p, i as TaskId + 1, "go", add_days(TODAY, -back));
        }
        done_on(&mut p, 50, "go", add_days(TODAY, -60));
        let goal = Goal::new(add_days(TODAY, 69));
        let pace = Pace::compute("go", &goal, &r, &r, &p, TODAY, &TimeZone::UTC).unwrap();
        assert_eq!((pace.total, pace.done, pace.left), (105, 9, 96));
        assert_eq!(pace.recent, 8);
        assert_eq!(per_week(pace.pace_per_week), "2");
        assert_eq!(per_week(pace.per_week_needed), "9.7");
        // 96 cells at 2 a week: 336 days.
        assert_eq!(pace.projected, Some(add_days(TODAY, 336)));
        // By the target the pace brings 20 more: 76 short.
        assert_eq!(pace.verdict, Verdict::Behind(76));
        let far = Goal::new(add_days(TODAY, 400));
        let pace = Pace::compute("go", &far, &r, &r, &p, TODAY, &TimeZone::UTC).unwrap();
        assert_eq!(pace.verdict, Verdict::OnTrack);
        let all = Pace::compute(ALL, &far, &r, &r, &p, TODAY, &TimeZone::UTC).unwrap();
        assert_eq!(all.total, 630);
        assert!(Pace::compute("cobol", &far, &r, &r, &p, TODAY, &TimeZone::UTC).is_none());

        // Skipped cells leave the goal: out of the total and of what is left, never done.
        let now = "2026-11-24T00:00:00Z";
        for id in [60, 61, 62] {
            p.set_status(id, "go", Status::Skip, now);
        }
        p.set_status(63, "python", Status::Skip, now);
        let pace = Pace::compute("go", &goal, &r, &r, &p, TODAY, &TimeZone::UTC).unwrap();
        assert_eq!((pace.total, pace.done, pace.left), (102, 9, 93));
        let all = Pace::compute(ALL, &far, &r, &r, &p, TODAY, &TimeZone::UTC).unwrap();
        assert_eq!((all.total, all.done), (626, 9));
    }

    #[test]
    fn the_pace_counts_a_stamp_written_in_any_zone_by_its_day_here() {
        let r = Roadmap::seed().unwrap();
        let mut p = Progress::default();
        // Written on the 27th of October at UTC-12: the 28th here, the pace's first day.
        p.set_status(1, "go", Status::Done, "2026-10-27T23:00:00-12:00");
        // The day before it, and long before.
        p.set_status(2, "go", Status::Done, "2026-10-27T10:00:00Z");
        p.set_status(3, "go", Status::Done, "2025-01-01T10:00:00Z");
        let goal = Goal::new(add_days(TODAY, 10));
        let pace = Pace::compute("go", &goal, &r, &r, &p, TODAY, &TimeZone::UTC).unwrap();
        assert_eq!((pace.done, pace.recent), (3, 1));
    }

    #[test]
    fn no_pace_means_no_projection() {
        let r = Roadmap::seed().unwrap();
        let p = Progress::default();
        let goal = Goal::new(add_days(TODAY, 10));
        let pace = Pace::compute(ALL, &goal, &r, &r, &p, TODAY, &TimeZone::UTC).unwrap();
        assert_eq!(pace.projected, None);
        assert_eq!(pace.verdict, Verdict::Behind(630));
        let past = Pace::compute(ALL, &goal, &r, &r, &p, add_days(TODAY, 11), &TimeZone::UTC);
        assert_eq!(past.unwrap().verdict, Verdict::Missed);
    }
}
