//! `goal`: set, clear or show a target date for the whole roadmap or one language; and the goal
//! lines `stats` prints.

use std::io::Write;
use std::path::Path;

use jiff::civil::Date;
use serde_json::{Value, json};

use super::{CliError, emit, find_track, today};
use crate::model::goal::{self, Goal, Pace, Verdict, per_week};
use crate::model::{Progress, Roadmap, tracks};
use crate::state::{self, Store};

/// What `goal` was asked.
pub struct GoalArgs<'a> {
    pub date: Option<&'a str>,
    pub track: Option<&'a str>,
    pub clear: bool,
}

pub fn run(
    roadmap: &Roadmap,
    data: &Path,
    args: GoalArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let tz = crate::clock::local_zone();
    let today = today(&tz)?;
    let settings = state::read(data)?.settings;
    let full = tracks::full_roadmap(roadmap, &settings);
    let key = match args.track {
        Some(name) => full.tracks[find_track(&full, name)?].id.clone(),
        None => goal::ALL.to_owned(),
    };
    let what = if key == goal::ALL {
        "the whole roadmap".to_owned()
    } else {
        full.tracks[full.track_index(&key).unwrap_or(0)]
            .name
            .clone()
    };
    if !args.clear && args.date.is_none() {
        // Show the goals.
        let progress = state::read(data)?;
        let visible = tracks::visible_roadmap(roadmap, &progress.settings);
        let paces = Pace::all(&visible, &full, &progress, today, &tz);
        let text = if paces.is_empty() {
            "No goal. Set one with: roadmap-tui goal 2027-06-01 [--track ID]\n".to_owned()
        } else {
            lines(&paces)
        };
        return emit(out, &text);
    }
    let goal = match args.date {
        Some(text) if !args.clear => Some(Goal::new(
            goal::parse_target(text, today).map_err(CliError::Input)?,
        )),
        _ => None,
    };
    let (mut store, mut progress) = Store::open(data)?;
    let before = progress.settings.goals.get(&key).cloned();
    let text = match &goal {
        Some(g) => {
            progress.settings.set_goal(&key, goal.clone());
            let visible = tracks::visible_roadmap(roadmap, &progress.settings);
            let full = tracks::full_roadmap(roadmap, &progress.settings);
            let pace = Pace::compute(&key, g, &visible, &full, &progress, today, &tz);
            format!(
                "Goal for {what}: {}\n{}",
                g.date,
                pace.map(|p| lines(&[p])).unwrap_or_default()
            )
        }
        None if before.is_none() => format!("No goal for {what} (unchanged)\n"),
        None => {
            progress.settings.set_goal(&key, None);
            format!("Goal for {what} cleared\n")
        }
    };
    if progress.settings.goals.get(&key) != before.as_ref() {
        store.save(&progress)?;
    }
    emit(out, &text)
}

fn verdict(v: Verdict) -> String {
    match v {
        Verdict::Reached => "reached".to_owned(),
        Verdict::OnTrack => "on track".to_owned(),
        Verdict::Behind(n) => format!("behind by {n} {}", if n == 1 { "cell" } else { "cells" }),
        Verdict::Missed => "the date has passed".to_owned(),
    }
}

/// The goals as `stats` and `goal` print them: a line each, then the figures indented.
pub fn lines(paces: &[Pace]) -> String {
    let mut out = String::new();
    for p in paces {
        let name = p.name.as_deref().unwrap_or("All languages");
        let finish = p
            .projected
            .map_or_else(|| "no pace yet".to_owned(), |d: Date| d.to_string());
        out.push_str(&format!(
            "Goal  {name} by {} ({} days): {}\n  {} of {} cells left · {}/week needed · pace {}/week over the last 4 weeks · finish at this pace: {finish}\n",
            p.target,
            p.days_left.max(0),
            verdict(p.verdict),
            p.left,
            p.total,
            per_week(p.per_week_needed),
            per_week(p.pace_per_week),
        ));
    }
    out
}

/// The goals for `stats --json`.
pub fn json(paces: &[Pace]) -> Value {
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

/// Every goal of `progress`, measured today.
pub fn paces(
    roadmap: &Roadmap,
    visible: &Roadmap,
    progress: &Progress,
) -> Result<Vec<Pace>, CliError> {
    if progress.settings.goals.is_empty() {
        return Ok(Vec::new());
    }
    let tz = crate::clock::local_zone();
    let today = today(&tz)?;
    let full = tracks::full_roadmap(roadmap, &progress.settings);
    Ok(Pace::all(visible, &full, progress, today, &tz))
}
