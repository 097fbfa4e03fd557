//! Roadmaps and progress in and out of the app: roadmap files (JSON or Markdown), export to
//! Markdown / CSV / JSON, the SVG progress card and the HTML report, and import of checkmarks
//! from a Markdown table. No terminal, no files: callers read and write.

pub mod export;
pub mod html;
pub mod import;
pub mod markup;
pub mod measure;
pub mod stats;
pub mod svg;
pub mod table;

use std::collections::HashSet;

use crate::model::roadmap::Text;
use crate::model::{Level, Roadmap, RoadmapError, Task, Track};
use table::{TableError, TableRow};

/// A problem in a roadmap file, worded for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadmapFileError(pub String);

impl std::fmt::Display for RoadmapFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<TableError> for RoadmapFileError {
    fn from(e: TableError) -> Self {
        RoadmapFileError(e.to_string())
    }
}

impl From<RoadmapError> for RoadmapFileError {
    fn from(e: RoadmapError) -> Self {
        RoadmapFileError(e.to_string())
    }
}

/// An export's text whole, for callers that want it in memory: what `write` writes to a buffer.
/// Writing to memory fails only where serialising would, which these exports never do.
pub fn in_memory(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    let mut bytes = Vec::new();
    let _ = write(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A lowercase id made of letters, digits and '-': "Node.js" → "node-js".
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = crate::model::text::fold_char(c);
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '#' {
            out.push_str("sharp");
        } else if c == '+' {
            out.push('p');
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Reads a roadmap file: JSON in the asset's schema when it starts with `{`, else a Markdown
/// table in the seed's shape. `name` (the file's stem) gives a Markdown roadmap its id.
pub fn parse_roadmap(text: &str, name: &str) -> Result<Roadmap, RoadmapFileError> {
    if text.trim_start().starts_with('{') {
        return Ok(Roadmap::from_json(text)?);
    }
    roadmap_from_markdown(text, name)
}

fn roadmap_from_markdown(text: &str, name: &str) -> Result<Roadmap, RoadmapFileError> {
    let table = table::parse(text)?;
    let mut ids = HashSet::new();
    let mut tracks = Vec::new();
    for (i, track_name) in table.tracks.iter().enumerate() {
        // A long column name gives a long slug: the id keeps its start, as much as an id holds.
        let mut id: String = slug(track_name)
            .chars()
            .take(crate::model::roadmap::MAX_TRACK_ID_CHARS)
            .collect();
        id.truncate(id.trim_end_matches('-').len());
        if id.is_empty() {
            id = format!("track{}", i + 1);
        }
        if !ids.insert(id.clone()) {
            return Err(RoadmapFileError(format!(
                "line 1: two language columns are both called \"{}\"",
                crate::model::text::echo(track_name)
            )));
        }
        tracks.push(Track {
            id,
            name: if track_name.is_empty() {
                format!("Track {}", i + 1)
            } else {
                track_name.clone()
            },
        });
    }
    let mut levels: Vec<(usize, Level)> = Vec::new();
    let mut seen = HashSet::new();
    for row in table.rows {
        match row {
            TableRow::Level { line, name } => levels.push((
                line,
                Level {
                    id: slug(&name),
                    name,
                    tasks: Vec::new(),
                },
            )),
            TableRow::Task {
                line, number, text, ..
            } => {
                let Some((_, level)) = levels.last_mut() else {
                    return Err(RoadmapFileError(format!(
                        "line {line}: a task before the first level row (a bold **Level** row)"
                    )));
                };
                let Some(id) = number else {
                    return Err(RoadmapFileError(format!(
                        "line {line}: the task \"{text}\" has no number (write \"12.\" in the first column or before the text)"
                    )));
                };
                if !seen.insert(id) {
                    return Err(RoadmapFileError(format!(
                        "line {line}: task {id} appears more than once"
                    )));
                }
                if text.is_empty() {
                    return Err(RoadmapFileError(format!(
                        "line {line}: task {id} has no text"
                    )));
                }
                level.tasks.push(Task {
                    id,
                    text: Text::both(&text),
                });
            }
        }
    }
    if let Some((line, level)) = levels.iter().find(|(_, l)| l.tasks.is_empty()) {
        return Err(RoadmapFileError(format!(
            "line {line}: level \"{}\" has no tasks",
            level.name
        )));
    }
    let title = table.title.unwrap_or_else(|| name.to_owned());
    let id = match slug(name) {
        s if s.is_empty() => "roadmap".to_owned(),
        s => s,
    };
    Ok(Roadmap::new(
        id,
        Text::both(&title),
        tracks,
        levels.into_iter().map(|(_, l)| l).collect(),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Python"), "python");
        assert_eq!(slug("Node.js"), "node-js");
        assert_eq!(slug("C#"), "csharp");
        assert_eq!(slug("C++"), "cpp");
        assert_eq!(slug("Diseño Web"), "diseno-web");
    }

    #[test]
    fn markdown_roadmap_errors_name_the_line() {
        let head = "| Level | Task | Py |\n|---|---|---|\n";
        let err = |body: &str| parse_roadmap(&format!("{head}{body}"), "x").unwrap_err().0;
        assert!(err("| 1. | orphan | |\n").starts_with("line 3: a task before"));
        assert!(
            err("| **A** | | |\n| 1. | a | |\n| 1. | b | |\n")
                .starts_with("line 5: task 1 appears more")
        );
        assert!(
            err("| **A** | | |\n| **B** | | |\n| 1. | b | |\n")
                .starts_with("line 3: level \"A\" has no tasks")
        );
        assert!(err("| **A** | | |\n| | no number | |\n").contains("has no number"));
        let e = parse_roadmap("| a | b | c | c |\n", "x").unwrap_err().0;
        assert!(e.contains("both called"), "{e}");
    }

    #[test]
    fn the_seed_document_reads_as_the_roadmap() {
        let doc = include_str!("../../tests/fixtures/100BackendTaskingRoadmap.md");
        let r = parse_roadmap(doc, "100BackendTaskingRoadmap").unwrap();
        let seed = Roadmap::seed().unwrap();
        assert_eq!(r.task_count(), 105);
        assert_eq!(r.levels.len(), 6);
        let ids: Vec<&str> = r.tracks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["python", "node", "go", "php", "kotlin", "java"]);
        for (pos, task) in seed.tasks() {
            assert_eq!(r.task(pos).id, task.id, "order differs at {pos}");
        }
    }
}
