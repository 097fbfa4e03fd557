//! The cohort out of the app: CSV (a row per learner), JSON (each learner's `stats --json`
//! object and more) and a self-contained HTML page. Learners come in the order asked for.

mod csv;
mod html;
mod json;

pub use self::csv::csv_to;
pub use self::html::html_to;
pub use self::json::json_to;

use super::{Cohort, Learner, TrackCount};
use crate::model::Roadmap;

/// A language column of the cohort: the roadmap's languages in its order, then those only some
/// learners added, in the order they are first met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub id: String,
    pub name: String,
}

/// Every language any learner shows.
pub fn columns(roadmap: &Roadmap, cohort: &Cohort) -> Vec<Column> {
    let mut out: Vec<Column> = roadmap
        .tracks
        .iter()
        .filter(|t| shown_by_any(cohort, &t.id))
        .map(|t| Column {
            id: t.id.clone(),
            name: super::one_line(&t.name),
        })
        .collect();
    for l in &cohort.learners {
        for t in &l.summary.tracks {
            if !out.iter().any(|c| c.id == t.id) {
                out.push(Column {
                    id: t.id.clone(),
                    name: t.name.clone(),
                });
            }
        }
    }
    out
}

fn shown_by_any(cohort: &Cohort, id: &str) -> bool {
    cohort
        .learners
        .iter()
        .any(|l| l.summary.tracks.iter().any(|t| t.id == id))
}

/// The learner's count in the language `id`, if they show it.
pub fn track<'a>(learner: &'a Learner, id: &str) -> Option<&'a TrackCount> {
    learner.summary.tracks.iter().find(|t| t.id == id)
}
