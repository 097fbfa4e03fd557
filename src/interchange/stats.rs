//! The object `stats --json` prints for one progress file: the counts in the README's schema
//! (verified cells among them), the figures of activity, and the goals. `cohort --format json` gives the same object for
//! each learner, made here by the same code.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::{Value, json};

use super::export::{activity_json, stats_json, with_verified};
use crate::model::goal::{Pace, Verdict};
use crate::model::{Progress, Roadmap, Stats, tracks};

/// `stats --json` for `progress` on `roadmap` (its languages as the progress shows them), as of
/// `today` with dates read in `tz`.
pub fn report(roadmap: &Roadmap, progress: &Progress, today: Date, tz: &TimeZone) -> Value {
    let visible = tracks::visible_roadmap(roadmap, &progress.settings);
    let stats = Stats::compute(&visible, progress);
    let verified = crate::model::verified::by_track(&visible, progress);
    let mut value = with_verified(stats_json(&visible, &stats), &verified);
    value["activity"] = activity_json(progress, today, tz);
    if !progress.settings.goals.is_empty() {
        let full = tracks::full_roadmap(roadmap, &progress.settings);
        let paces = Pace::all(&visible, &full, progress, today, tz);
        if !paces.is_empty() {
            value["goals"] = goals_json(&paces);
        }
    }
    value
}

/// The goals for `stats --json`.
pub fn goals_json(paces: &[Pace]) -> Value {
    let round = |x: f64| (x * 10.0).round() / 10.0;
    Value::Array(
        paces
            .iter()
            .map(|p| {
                let (on_track, behind_by) = match p.verdict {
                    Verdict::Reached | Verdict::OnTrack => (true, 0),
                    Verdict::Behind(n) => (false, n),
                    Verdict::Missed => (false, p.left),
                };
                json!({
                    "track": p.key,
                    "date": p.target.to_string(),
                    "days_left": p.days_left,
                    "total": p.total,
                    "done": p.done,
                    "left": p.left,
                    "per_week_needed": round(p.per_week_needed),
                    "pace_per_week": round(p.pace_per_week),
                    "done_last_4_weeks": p.recent,
                    "projected_finish": p.projected.map(|d| d.to_string()),
                    "on_track": on_track,
                    "behind_by": behind_by,
                })
            })
            .collect(),
    )
}
