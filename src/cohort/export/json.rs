//! `{"roadmap", "as_of", "learners": […], "problems": […]}`: for each learner the object
//! `stats --json` prints for their file (made by `interchange::stats::report`), with `name`,
//! `source`, `attention`, `frontier`, `in_progress_cells` and `activity.last_active` added.

use std::io::{self, Write};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::{Value, json};

use crate::cohort::{Cohort, Problem, ProblemKind, Reason, Source};
use crate::interchange::stats::report;
use crate::model::{Lang, Roadmap};

fn source_json(source: &Source) -> Value {
    match source {
        Source::File(path) => json!({ "path": path.display().to_string() }),
        Source::Git { repo, branch, path } => json!({
            "repo": repo.display().to_string(),
            "branch": branch,
            "path": path,
        }),
    }
}

fn reason_json(reason: &Reason, lang: Lang) -> Value {
    let mut v = match reason {
        Reason::Idle { days } => json!({ "reason": "idle", "days": days }),
        Reason::Behind {
            key, cells, missed, ..
        } => json!({ "reason": "behind", "goal": key, "cells": cells, "missed": missed }),
        Reason::Stuck { task, track, days } => {
            json!({ "reason": "stuck", "task": task, "track": track, "days": days })
        }
    };
    v["text"] = json!(reason.text(lang));
    v
}

fn problem_json(p: &Problem, lang: Lang) -> Value {
    let kind = match &p.kind {
        ProblemKind::Unreadable(_) => "unreadable",
        ProblemKind::Json { .. } => "json",
        ProblemKind::Shape(_) => "shape",
        ProblemKind::Version(_) => "version",
        ProblemKind::Conflict => "conflict",
        ProblemKind::NoGit => "no_git",
    };
    json!({ "source": source_json(&p.source), "kind": kind, "message": p.kind.text(lang) })
}

/// Writes the JSON of the learners in `order`; texts in `lang`. Control characters in names
/// and notes are written as `\u` escapes by JSON itself.
pub fn json_to(
    roadmap: &Roadmap,
    cohort: &Cohort,
    order: &[usize],
    today: Date,
    tz: &TimeZone,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let learners: Vec<Value> = order
        .iter()
        .map(|&i| {
            let l = &cohort.learners[i];
            let s = &l.summary;
            let mut v = report(roadmap, &l.progress, today, tz);
            v["name"] = json!(l.name);
            v["source"] = source_json(&l.source);
            v["activity"]["last_active"] = json!(s.last_activity.map(|d| d.to_string()));
            v["activity"]["pace_per_week"] = json!((s.pace_per_week * 10.0).round() / 10.0);
            v["attention"] = s.attention.iter().map(|r| reason_json(r, lang)).collect();
            v["frontier"] = match &s.frontier {
                Some(f) => json!({ "task": f.task, "tracks": f.tracks }),
                None => Value::Null,
            };
            v["in_progress_cells"] = s
                .started
                .iter()
                .map(|c| {
                    json!({
                        "task": c.task,
                        "track": c.track,
                        "started": c.started.map(|d| d.to_string()),
                    })
                })
                .collect();
            v
        })
        .collect();
    let problems: Vec<Value> = cohort
        .problems
        .iter()
        .map(|p| problem_json(p, lang))
        .collect();
    let doc = json!({
        "roadmap": roadmap.id,
        "as_of": today.to_string(),
        "learners": learners,
        "problems": problems,
    });
    // Made whole, then written: an error writing is the writer's own (a reader gone away).
    let mut text = serde_json::to_vec_pretty(&doc).map_err(io::Error::other)?;
    text.push(b'\n');
    out.write_all(&text)
}
