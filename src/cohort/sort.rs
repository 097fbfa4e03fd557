//! The orders of the learners: by progress, last activity, pace or name.

use std::cmp::Ordering;

use super::Learner;
use crate::model::text::fold;

/// What the learners are sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortKey {
    /// The most done (as a share of their cells) first.
    #[default]
    Progress,
    /// The most recently active first; never active last.
    Activity,
    /// The fastest over the last four weeks first.
    Pace,
    /// By name, A to Z (case and accents aside).
    Name,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::Progress,
        SortKey::Activity,
        SortKey::Pace,
        SortKey::Name,
    ];

    /// The name on the command line (`--sort`).
    pub fn name(self) -> &'static str {
        match self {
            SortKey::Progress => "progress",
            SortKey::Activity => "activity",
            SortKey::Pace => "pace",
            SortKey::Name => "name",
        }
    }

    /// The next key, for a key that cycles through them.
    pub fn next(self) -> SortKey {
        let i = SortKey::ALL.iter().position(|&k| k == self).unwrap_or(0);
        SortKey::ALL[(i + 1) % SortKey::ALL.len()]
    }
}

/// The learners' indices in the order of `key`; ties (and equal names) fall to the name, then
/// to where they were read from, so the order is the same on every run.
pub fn order(learners: &[Learner], key: SortKey) -> Vec<usize> {
    let names: Vec<String> = learners.iter().map(|l| fold(&l.name)).collect();
    let mut order: Vec<usize> = (0..learners.len()).collect();
    let by = |a: &usize, b: &usize| -> Ordering {
        let (x, y) = (&learners[*a], &learners[*b]);
        let primary = match key {
            SortKey::Progress => {
                let share = |l: &Learner| l.summary.overall.percent();
                share(y)
                    .total_cmp(&share(x))
                    .then(y.summary.overall.done.cmp(&x.summary.overall.done))
            }
            SortKey::Activity => y.summary.last_activity.cmp(&x.summary.last_activity),
            SortKey::Pace => y.summary.pace_per_week.total_cmp(&x.summary.pace_per_week),
            SortKey::Name => Ordering::Equal,
        };
        primary
            .then_with(|| names[*a].cmp(&names[*b]))
            .then_with(|| x.source.cmp(&y.source))
    };
    order.sort_by(by);
    order
}
