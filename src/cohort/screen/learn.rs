//! What the loop learns on the cohort screen: `Screen::learn` (the terminal's size, a new
//! reading of the learners, the date), how a new reading is taken in (the sort, the selected
//! learner and an open grid kept), and what is worked out once per reading (the languages
//! shown, the tasks left in progress).

use std::collections::HashMap;

use super::{Fact, Mode, Screen, StuckTask};
use crate::app::Fact as AppFact;
use crate::cohort::{Cohort, Learner, SortKey, Source, order};
use crate::model::TaskPos;

impl Screen {
    /// Takes in what the loop learned.
    pub fn learn(&mut self, fact: Fact) {
        match fact {
            Fact::Fit(fit) => {
                self.fit = fit;
                self.follow();
                self.clamp_columns();
                if let Mode::Stuck { scroll } = &mut self.mode {
                    let max = (4 + self.stuck.len().max(1) + self.order.len())
                        .saturating_sub(fit.stuck_rows);
                    *scroll = (*scroll).min(max);
                }
            }
            Fact::Reloaded(cohort) => self.take(*cohort),
            Fact::Today(today) => {
                self.setup.today = today;
                if let Some(app) = self.grid_mut() {
                    app.update(AppFact::Today(today), "");
                }
            }
        }
    }

    /// Takes in a (new) reading of the learners, keeping the sort, the selected learner (by
    /// where their file was read) and an open grid (its progress replaced).
    pub(super) fn take(&mut self, cohort: Cohort) {
        let selected: Option<Source> = self.learner().map(|l| l.source.clone());
        let open: Option<Source> = match &self.mode {
            Mode::Learner { learner, .. } => {
                self.cohort.learners.get(*learner).map(|l| l.source.clone())
            }
            _ => None,
        };
        self.cohort = cohort;
        self.tracks = union_of_tracks(&self.cohort.learners);
        self.stuck = stuck_tasks(&self.cohort.learners);
        self.name_width = self
            .cohort
            .learners
            .iter()
            .map(|l| unicode_width::UnicodeWidthStr::width(l.name.as_str()))
            .max()
            .unwrap_or(0);
        // Every order is sorted now, so that no key waits for a sort of thousands.
        self.orders = SortKey::ALL
            .iter()
            .map(|&key| (key, order(&self.cohort.learners, key)))
            .collect();
        self.order = self.orders.get(&self.sort).cloned().unwrap_or_default();
        let place = |source: &Source| {
            self.order
                .iter()
                .position(|&i| self.cohort.learners[i].source == *source)
        };
        self.selected = selected
            .as_ref()
            .and_then(place)
            .unwrap_or(self.selected)
            .min(self.order.len().saturating_sub(1));
        if let Some(source) = open {
            let found = self.cohort.learners.iter().position(|l| l.source == source);
            match (found, &mut self.mode) {
                (Some(index), Mode::Learner { app, learner }) => {
                    *learner = index;
                    let progress = self.cohort.learners[index].progress.clone();
                    app.update(
                        AppFact::FromDisk {
                            progress: Box::new(progress),
                            cells: Vec::new(),
                        },
                        "",
                    );
                    // The learner's own choice of language is theirs, not the screen's.
                    app.update(AppFact::Lang(self.setup.lang), "");
                }
                _ => self.mode = Mode::Table,
            }
        }
        self.clamp_columns();
        self.follow();
    }
}

/// Every language the learners show, by id, in the order first met.
fn union_of_tracks(learners: &[Learner]) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for learner in learners {
        for track in &learner.summary.tracks {
            if seen.insert(track.id.clone()) {
                out.push((track.id.clone(), track.name.clone()));
            }
        }
    }
    out
}

/// The cells left in progress, grouped by task and language: the most learners first, then
/// the oldest start, then roadmap order.
pub fn stuck_tasks(learners: &[Learner]) -> Vec<StuckTask> {
    let mut by_cell: HashMap<(TaskPos, &str), StuckTask> = HashMap::new();
    for learner in learners {
        for cell in &learner.summary.started {
            let entry = by_cell
                .entry((cell.pos, cell.track.as_str()))
                .or_insert_with(|| StuckTask {
                    pos: cell.pos,
                    task: cell.task,
                    track: cell.track.clone(),
                    learners: 0,
                    oldest: None,
                });
            entry.learners += 1;
            entry.oldest = match (entry.oldest, cell.started) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
    let mut out: Vec<StuckTask> = by_cell.into_values().collect();
    out.sort_by(|a, b| {
        b.learners
            .cmp(&a.learners)
            .then_with(|| match (a.oldest, b.oldest) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then(a.pos.cmp(&b.pos))
            .then_with(|| a.track.cmp(&b.track))
    });
    out
}
