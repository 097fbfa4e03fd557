//! The learner's pace, from the dates recorded on done cells: completions in the last 7 and 30
//! days, the current streak of days with a completion, completions per week, and completions
//! per day over the last year (the calendar).

use std::collections::BTreeSet;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::progress::{Progress, Status};

/// How many weeks the weekly chart covers.
pub const WEEKS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Activity {
    /// Completions on `today` itself.
    pub today: usize,
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
        let (mut on_today, mut last_7_days, mut last_30_days) = (0, 0, 0);
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
            on_today += usize::from(ago == 0);
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
            today: on_today,
            last_7_days,
            last_30_days,
            streak,
            weekly,
        }
    }
}

/// How many week columns the year calendar has: the week of today and the 52 before it.
pub const CALENDAR_WEEKS: usize = 53;

/// Completions per day over whole weeks (Monday to Sunday) ending with the week of `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// The Monday of the first week shown.
    pub first: Date,
    pub today: Date,
    /// Completions per day from `first` to `today`, both included.
    pub days: Vec<u32>,
}

impl Calendar {
    /// The last `weeks` weeks as of `today`, reading done dates in the time zone `tz`.
    pub fn compute(progress: &Progress, today: Date, tz: &TimeZone, weeks: usize) -> Calendar {
        let weeks = weeks.max(1);
        let back = today.weekday().to_monday_zero_offset() as i64 + 7 * (weeks as i64 - 1);
        let first = today.checked_sub(back.days()).unwrap_or(today);
        let len = first
            .until(today)
            .map_or(0, |span| span.get_days().max(0) as usize)
            + 1;
        let mut days = vec![0u32; len];
        let done_days = progress
            .cells()
            .filter(|(_, _, c)| c.status == Status::Done)
            .filter_map(|(_, _, c)| c.done_at.as_deref()?.parse::<Timestamp>().ok())
            .map(|ts| tz.to_datetime(ts).date());
        for day in done_days {
            let Ok(span) = first.until(day) else {
                continue;
            };
            if let Some(n) = usize::try_from(span.get_days())
                .ok()
                .and_then(|i| days.get_mut(i))
            {
                *n += 1;
            }
        }
        Calendar { first, today, days }
    }

    /// How many week columns there are.
    pub fn weeks(&self) -> usize {
        self.days.len().div_ceil(7)
    }

    /// Completions on the given day of the given week (0 = Monday), or `None` for days after
    /// today.
    pub fn count(&self, week: usize, weekday: usize) -> Option<u32> {
        self.days.get(week * 7 + weekday).copied()
    }

    /// The date of the given day of the given week.
    pub fn date(&self, week: usize, weekday: usize) -> Date {
        let offset = (week * 7 + weekday) as i64;
        self.first.checked_add(offset.days()).unwrap_or(self.first)
    }

    /// The most completions on one day.
    pub fn max(&self) -> u32 {
        self.days.iter().copied().max().unwrap_or(0)
    }

    /// All completions in the calendar.
    pub fn total(&self) -> u64 {
        self.days.iter().map(|&n| u64::from(n)).sum()
    }

    /// A shade from 0 (nothing) to 4 (the busiest days) for a day's count: quarters of the
    /// busiest day, so any completion shows.
    pub fn shade(&self, count: u32) -> u8 {
        let max = self.max();
        if count == 0 || max == 0 {
            return 0;
        }
        (u64::from(count) * 4).div_ceil(u64::from(max)).clamp(1, 4) as u8
    }

    /// The weeks in which a month begins (its first day falls in that column), with the month
    /// (1–12); the first column counts when its Monday is in the month's first week.
    pub fn month_starts(&self) -> Vec<(usize, i8)> {
        (0..self.weeks())
            .filter_map(|w| {
                let monday = self.date(w, 0);
                let sunday = self.date(w, 6);
                if w == 0 && monday.day() <= 7 {
                    Some((w, monday.month()))
                } else if sunday.day() <= 7 {
                    Some((w, sunday.month()))
                } else {
                    None
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{Weekday, date};

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
        assert_eq!(a.today, 1);
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

    #[test]
    fn the_calendar_counts_days_in_whole_weeks_up_to_today() {
        let mut p = Progress::default();
        done_on(&mut p, 1, "2026-11-24T09:00:00Z"); // today, a Tuesday
        done_on(&mut p, 2, "2026-11-24T23:00:00Z");
        done_on(&mut p, 3, "2026-11-23T09:00:00Z"); // Monday
        done_on(&mut p, 4, "2025-11-24T09:00:00Z"); // a year ago: in the first week
        done_on(&mut p, 5, "2025-11-16T09:00:00Z"); // before the first week
        done_on(&mut p, 6, "2026-11-25T09:00:00Z"); // tomorrow
        p.set_status(7, "go", Status::InProgress, "2026-11-24T09:00:00Z");
        let c = Calendar::compute(&p, date(2026, 11, 24), &TimeZone::UTC, CALENDAR_WEEKS);
        assert_eq!(c.first, date(2025, 11, 24));
        assert_eq!(c.first.weekday(), Weekday::Monday);
        assert_eq!(c.weeks(), CALENDAR_WEEKS);
        assert_eq!(c.count(52, 1), Some(2));
        assert_eq!(c.count(52, 0), Some(1));
        assert_eq!(c.count(52, 2), None);
        assert_eq!(c.count(0, 0), Some(1));
        assert_eq!(c.total(), 4);
        assert_eq!(c.max(), 2);
        assert_eq!((c.shade(0), c.shade(1), c.shade(2)), (0, 2, 4));
        assert_eq!(c.date(52, 1), date(2026, 11, 24));
        let months = c.month_starts();
        assert_eq!(months.len(), 12, "{months:?}");
        assert_eq!(months[0], (1, 12));
        assert!(months.iter().any(|&(_, m)| m == 11));
    }

    #[test]
    fn the_calendar_reads_days_in_the_given_time_zone() {
        let mut p = Progress::default();
        done_on(&mut p, 1, "2026-11-24T02:00:00Z");
        let tz = TimeZone::fixed(jiff::tz::offset(-5));
        let c = Calendar::compute(&p, date(2026, 11, 24), &tz, 2);
        assert_eq!(c.first, date(2026, 11, 16));
        assert_eq!(c.days.len(), 9);
        assert_eq!(c.count(1, 0), Some(1));
        assert_eq!(c.count(1, 1), Some(0));
    }
}
