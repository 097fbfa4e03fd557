//! The learner's pace, from the dates recorded on done cells: completions in the last 7 and 30
//! days, the current streak of days with a completion, and completions per week.

use std::collections::BTreeSet;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::progress::{Progress, Status};

/// How many weeks the weekly chart covers.
pub const WEEKS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Activity {
    pub last_7_days: usize,
    pub last_30_days: usize,
    /// Consecutive days with a completion, ending today (or yesterday, while today is young).
    pub streak: usize,
    /// Completions per week, oldest first; the last entry is the week ending today.
    pub weekly: Vec<u64>,
}

impl Activity {
    /// Computes the pace as of `today`, reading done dates in the time zone `tz`.
    pub fn compute(progress: &Progress, today: Date, tz: &TimeZone) -> Activity {
        let mut weekly = vec![0; WEEKS];
        let mut days = BTreeSet::new();
        let (mut last_7_days, mut last_30_days) = (0, 0);
        let done_days = progress
            .cells()
            .filter(|(_, _, c)| c.status == Status::Done)
            .filter_map(|(_, _, c)| c.done_at.as_deref()?.parse::<Timestamp>().ok())
            .map(|ts| tz.to_datetime(ts).date());
        for day in done_days {
            let Ok(ago) = day.until(today).map(|span| span.get_days()) else {
                continue;
            };
            if ago < 0 {
                continue;
            }
            let ago = ago as usize;
            days.insert(day);
            last_7_days += usize::from(ago < 7);
            last_30_days += usize::from(ago < 30);
            let week = ago / 7;
            if week < WEEKS {
                weekly[WEEKS - 1 - week] += 1;
            }
        }
        let mut streak = 0;
        let mut day = today;
        if !days.contains(&day) {
            day = day.checked_sub(1.day()).unwrap_or(day);
        }
        while days.contains(&day) {
            streak += 1;
            match day.checked_sub(1.day()) {
                Ok(d) => day = d,
                Err(_) => break,
            }
        }
        Activity {
            last_7_days,
            last_30_days,
            streak,
            weekly,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn done_on(p: &mut Progress, task: u32, ts: &str) {
        p.set_status(task, "python", Status::Done, ts);
    }

    #[test]
    fn counts_windows_streak_and_weeks() {
        let mut p = Progress::default();
        done_on(&mut p, 1, "2026-11-24T09:00:00Z"); // today
        done_on(&mut p, 2, "2026-11-23T09:00:00Z"); // yesterday
        done_on(&mut p, 3, "2026-11-22T09:00:00Z"); // 2 days ago
        done_on(&mut p, 4, "2026-11-20T09:00:00Z"); // gap before this one
        done_on(&mut p, 5, "2026-11-01T09:00:00Z"); // 23 days ago
        done_on(&mut p, 6, "2026-06-01T09:00:00Z"); // long ago
        p.set_status(7, "go", Status::InProgress, "2026-11-24T09:00:00Z");
        let a = Activity::compute(&p, date(2026, 11, 24), &TimeZone::UTC);
        assert_eq!(a.last_7_days, 4);
        assert_eq!(a.last_30_days, 5);
        assert_eq!(a.streak, 3);
        assert_eq!(a.weekly.len(), WEEKS);
        assert_eq!(a.weekly[WEEKS - 1], 4);
        assert_eq!(a.weekly[WEEKS - 4], 1);
        assert_eq!(a.weekly.iter().sum::<u64>(), 5);
    }

    #[test]
    fn a_streak_survives_until_today_ends() {
        let mut p = Progress::default();
        done_on(&mut p, 1, "2026-11-23T09:00:00Z");
        done_on(&mut p, 2, "2026-11-22T09:00:00Z");
        let a = Activity::compute(&p, date(2026, 11, 24), &TimeZone::UTC);
        assert_eq!(a.streak, 2);
        let a = Activity::compute(&p, date(2026, 11, 26), &TimeZone::UTC);
        assert_eq!(a.streak, 0);
    }
}
