//! One row per learner: who, where from, the totals, activity, pace and attention, then done and
//! total per level and per language (empty where the learner does not show that language). A
//! total is the cells that count, skipped ones left out, as in `stats --json`.

use std::io::Write;

use super::{columns, track};
use crate::cohort::{Cohort, one_line};
use crate::model::{Lang, Roadmap};

/// Writes the CSV (RFC 4180) of the learners in `order`; reasons in `lang`.
pub fn csv_to(
    roadmap: &Roadmap,
    cohort: &Cohort,
    order: &[usize],
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), ::csv::Error> {
    let columns = columns(roadmap, cohort);
    let mut w = ::csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "name",
        "source",
        "done",
        "total",
        "percent",
        "in_progress",
        "skipped",
        "last_activity",
        "pace_per_week",
        "attention",
    ]
    .map(str::to_owned)
    .to_vec();
    for level in roadmap.levels.iter() {
        header.push(format!("level {} done", one_line(&level.id)));
        header.push(format!("level {} total", one_line(&level.id)));
    }
    for c in &columns {
        header.push(format!("{} done", c.id));
        header.push(format!("{} total", c.id));
    }
    w.write_record(&header)?;
    for &i in order {
        let l = &cohort.learners[i];
        let s = &l.summary;
        let reasons: Vec<String> = s.attention.iter().map(|r| r.text(lang)).collect();
        let mut row = vec![
            l.name.clone(),
            l.source.to_string(),
            s.overall.done.to_string(),
            s.overall.total.to_string(),
            format!("{:.1}", s.overall.percent()),
            s.overall.in_progress.to_string(),
            s.overall.skipped.to_string(),
            s.last_activity.map(|d| d.to_string()).unwrap_or_default(),
            format!("{:.1}", s.pace_per_week),
            reasons.join("; "),
        ];
        for count in &s.levels {
            row.push(count.done.to_string());
            row.push(count.total.to_string());
        }
        for c in &columns {
            match track(l, &c.id) {
                Some(t) => {
                    row.push(t.count.done.to_string());
                    row.push(t.count.total.to_string());
                }
                None => row.extend([String::new(), String::new()]),
            }
        }
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}
