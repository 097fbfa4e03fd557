//! Checkmarks in from a Markdown table in the seed's shape. Marked cells become done (🚧 marks
//! in progress, ⏭ skipped); nothing is ever unchecked.

use super::slug;
use super::table::{self, TableError, TableRow};
use crate::model::text::fold;
use crate::model::{Progress, Roadmap, Status, TaskId};

/// What an import changed, or would change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Cells newly checked: (task, track id).
    pub checked: Vec<(TaskId, String)>,
    /// Cells newly marked in progress.
    pub started: Vec<(TaskId, String)>,
    /// Cells newly skipped.
    pub skipped: Vec<(TaskId, String)>,
    /// Marked cells that were already done (or in progress, for 🚧).
    pub unchanged: usize,
    /// Task rows that match no task of the roadmap: (line, text).
    pub unmatched: Vec<(usize, String)>,
    /// Language columns the roadmap does not have.
    pub unknown_columns: Vec<String>,
}

/// Whether a cell says done: ✅ ✔ ✓ x X [x].
pub fn is_done_mark(cell: &str) -> bool {
    let c = cell.trim();
    c.contains('✅')
        || c.contains('✔')
        || c.contains('✓')
        || c.eq_ignore_ascii_case("x")
        || c.eq_ignore_ascii_case("[x]")
}

fn is_in_progress_mark(cell: &str) -> bool {
    cell.contains('🚧')
}

/// Whether a cell says skipped: ⏭ (as the export writes it) or ⊘ (as the grid shows it).
fn is_skip_mark(cell: &str) -> bool {
    cell.contains('⏭') || cell.contains('⊘')
}

/// A text as compared: folded, white space collapsed, a final full stop dropped.
fn key(s: &str) -> String {
    let folded = fold(s);
    let words: Vec<&str> = folded.split_whitespace().collect();
    words.join(" ").trim_end_matches('.').to_owned()
}

/// Applies the marks of `doc` to `progress`; `now` stamps the changed cells, and dates them
/// unless `when` (RFC 3339) gives the time they were done or started (see
/// `Progress::set_status_dated`).
pub fn apply(
    roadmap: &Roadmap,
    progress: &mut Progress,
    doc: &str,
    now: &str,
    when: Option<&str>,
) -> Result<Report, TableError> {
    let set = |progress: &mut Progress, task: TaskId, track: &str, status: Status| {
        progress.set_status_dated(task, track, status, now, when.unwrap_or(now));
    };
    let table = table::parse(doc)?;
    let mut report = Report::default();
    let columns: Vec<Option<usize>> = table
        .tracks
        .iter()
        .map(|name| {
            let found = roadmap
                .tracks
                .iter()
                .position(|t| t.id == slug(name) || t.name.eq_ignore_ascii_case(name));
            if found.is_none() {
                report.unknown_columns.push(name.clone());
            }
            found
        })
        .collect();
    let by_text: std::collections::HashMap<String, TaskId> = roadmap
        .tasks()
        .flat_map(|(_, t)| [(key(&t.text.es), t.id), (key(&t.text.en), t.id)])
        .collect();
    for row in table.rows {
        let TableRow::Task {
            line,
            number,
            text,
            marks,
        } = row
        else {
            continue;
        };
        let task = match number {
            Some(n) => roadmap.pos_of(n).map(|_| n),
            None => by_text.get(&key(&text)).copied(),
        };
        let Some(task) = task else {
            report.unmatched.push((line, text));
            continue;
        };
        for (mark, column) in marks.iter().zip(&columns) {
            let Some(t) = column else { continue };
            let track = &roadmap.tracks[*t].id;
            let status = progress.status(task, track);
            if is_done_mark(mark) {
                if status == Status::Done {
                    report.unchanged += 1;
                } else {
                    set(progress, task, track, Status::Done);
                    report.checked.push((task, track.clone()));
                }
            } else if is_in_progress_mark(mark) {
                if status == Status::Todo {
                    set(progress, task, track, Status::InProgress);
                    report.started.push((task, track.clone()));
                } else {
                    report.unchanged += 1;
                }
            } else if is_skip_mark(mark) {
                // Like a start, a skip only takes a todo cell: work recorded is never dropped.
                if status == Status::Todo {
                    set(progress, task, track, Status::Skip);
                    report.skipped.push((task, track.clone()));
                } else {
                    report.unchanged += 1;
                }
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::export;
    use crate::model::Lang;

    const NOW: &str = "2026-11-24T10:00:00Z";

    #[test]
    fn marks_are_recognised() {
        for m in ["✅", "✔", "✓", " x ", "X", "[x]", "[X]", "✔️"] {
            assert!(is_done_mark(m), "{m:?}");
        }
        for m in ["", "-", "no", "[ ]", "🚧"] {
            assert!(!is_done_mark(m), "{m:?}");
        }
    }

    #[test]
    fn export_then_import_gives_back_every_cell() {
        let roadmap = Roadmap::seed().unwrap();
        let mut done = Progress::default();
        for (task, track) in [
            (1, "python"),
            (2, "go"),
            (86, "java"),
            (105, "php"),
            (50, "node"),
        ] {
            done.set_status(task, track, Status::Done, NOW);
        }
        done.set_status(3, "kotlin", Status::InProgress, NOW);
        done.set_status(4, "go", Status::Skip, NOW);
        let md = export::markdown(&roadmap, &done, Lang::Es);
        assert!(md.contains(export::SKIP_MARK), "{md}");
        let mut fresh = Progress::default();
        let report = apply(&roadmap, &mut fresh, &md, NOW, None).unwrap();
        assert_eq!(report.checked.len(), 5);
        assert_eq!(report.started, vec![(3, "kotlin".to_owned())]);
        assert_eq!(report.skipped, vec![(4, "go".to_owned())]);
        assert!(report.unmatched.is_empty(), "{:?}", report.unmatched);
        assert_eq!(fresh, done);
    }

    #[test]
    fn never_unchecks_and_matches_rows_without_numbers_by_text() {
        let roadmap = Roadmap::seed().unwrap();
        let mut p = Progress::default();
        p.set_status(1, "go", Status::Done, "2026-01-01T00:00:00Z");
        let doc = "| Nivel | Tareas | Python | Go |\n|---|---|---|---|\n\
                   | **Freshman** | | | |\n\
                   | 1. | Configurar un servidor local. | | |\n\
                   | | diseñar  esquemas de bases de datos relacionales | ✔ | |\n\
                   | | Tarea inventada | ✅ | |\n\
                   | 999. | Otra | ✅ | |\n";
        let report = apply(&roadmap, &mut p, doc, NOW, None).unwrap();
        assert_eq!(p.status(1, "go"), Status::Done, "left checked");
        assert_eq!(p.status(28, "python"), Status::Done);
        assert_eq!(report.checked, vec![(28, "python".to_owned())]);
        assert_eq!(
            report.unmatched,
            vec![(6, "Tarea inventada".to_owned()), (7, "Otra".to_owned())]
        );
    }
}
