//! Reading a roadmap Markdown table in the seed's shape: a header row (level, task, then one
//! column per language), bold level rows, and task rows whose number stands in the first or the
//! second column. Tolerant of the seed's quirks: doubled spaces, escaped pipes, a missing number.

use crate::model::text::strip_controls;

/// A row of the table, with the line it came from (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableRow {
    Level {
        line: usize,
        name: String,
    },
    Task {
        line: usize,
        number: Option<u32>,
        text: String,
        /// The cells of the language columns, trimmed.
        marks: Vec<String>,
    },
}

/// The table: its title (the first `# ` heading), its language column names and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub title: Option<String>,
    pub tracks: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// A problem in the document, at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// Splits a table line into its cells, honouring `\|` as a literal pipe.
pub fn split_cells(line: &str) -> Vec<String> {
    let line = line.trim();
    let inner = line.strip_prefix('|').unwrap_or(line);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut closed = false;
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        closed = c == '|';
        match c {
            // The escapes export writes: "\|" for a pipe, "\\" for a backslash.
            '\\' if matches!(chars.peek(), Some('|' | '\\')) => cell.extend(chars.next()),
            '|' => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    // A row's closing pipe leaves nothing after it.
    if !(closed && cell.is_empty()) {
        cells.push(cell);
    }
    cells.into_iter().map(|c| clean(&c)).collect()
}

/// Trims, drops control characters and folds runs of white space into one space.
fn clean(s: &str) -> String {
    strip_controls(s, false)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `**Name**` → `Name`.
fn unbold(s: &str) -> Option<&str> {
    let inner = s.strip_prefix("**")?.strip_suffix("**")?.trim();
    (!inner.is_empty()).then_some(inner)
}

fn plain(s: &str) -> &str {
    unbold(s).unwrap_or(s)
}

/// "26." or "26" → 26.
fn number_cell(s: &str) -> Option<u32> {
    s.strip_suffix('.').unwrap_or(s).trim().parse().ok()
}

/// "26. Configurar …" → (26, "Configurar …").
fn leading_number(s: &str) -> Option<(u32, &str)> {
    let digits = s.find(|c: char| !c.is_ascii_digit())?;
    let rest = s[digits..].strip_prefix('.')?;
    Some((s[..digits].parse().ok()?, rest.trim()))
}

fn is_separator(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        let c = c.trim();
        !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
    })
}

/// Reads the first table of `doc`.
pub fn parse(doc: &str) -> Result<Table, TableError> {
    let mut title = None;
    let mut tracks: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (i, raw) in doc.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if !trimmed.starts_with('|') {
            if tracks.is_some() && !rows.is_empty() && !trimmed.is_empty() {
                break; // the table has ended
            }
            if title.is_none()
                && let Some(h) = trimmed.strip_prefix("# ")
            {
                title = Some(clean(h));
            }
            continue;
        }
        let cells = split_cells(trimmed);
        let Some(track_names) = &tracks else {
            if cells.len() < 3 {
                return Err(TableError {
                    line,
                    reason: "the header row needs a level column, a task column and at least one \
                             language column"
                        .into(),
                });
            }
            tracks = Some(cells[2..].iter().map(|c| plain(c).to_owned()).collect());
            continue;
        };
        if is_separator(&cells) {
            continue;
        }
        let first = cells.first().map(String::as_str).unwrap_or("");
        let second = cells.get(1).map(String::as_str).unwrap_or("");
        let mut marks: Vec<String> = cells.iter().skip(2).cloned().collect();
        marks.resize(track_names.len(), String::new());
        marks.truncate(track_names.len());
        if let Some(name) = unbold(first).filter(|_| second.is_empty()) {
            rows.push(TableRow::Level {
                line,
                name: name.to_owned(),
            });
            continue;
        }
        if first.is_empty() && second.is_empty() {
            continue;
        }
        let (number, text) = match (number_cell(first), leading_number(second)) {
            (Some(n), _) => (Some(n), plain(second).to_owned()),
            (None, Some((n, rest))) if first.is_empty() => (Some(n), rest.to_owned()),
            (None, _) if first.is_empty() => (None, plain(second).to_owned()),
            // Text in the first column: a table without a number column.
            (None, _) => (None, plain(first).to_owned()),
        };
        rows.push(TableRow::Task {
            line,
            number,
            text,
            marks,
        });
    }
    let Some(tracks) = tracks else {
        return Err(TableError {
            line: doc.lines().count().max(1),
            reason: "no Markdown table found (rows start with '|')".into(),
        });
    };
    Ok(Table {
        title,
        tracks,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Roadmap\n\n\
        | **Nivel** | **Tareas** | **Python** | **Go** |\n\
        |---|---|---|---|\n\
        | **Freshman** | | | |\n\
        | 1. | Configurar  un servidor. | ✅ | |\n\
        | | 26. Usar `a \\| b` pipes | | x |\n\
        | | Sin número | | |\n";

    #[test]
    fn reads_header_levels_and_both_number_placements() {
        let t = parse(DOC).unwrap();
        assert_eq!(t.title.as_deref(), Some("Roadmap"));
        assert_eq!(t.tracks, ["Python", "Go"]);
        assert_eq!(
            t.rows[0],
            TableRow::Level {
                line: 5,
                name: "Freshman".into()
            }
        );
        assert_eq!(
            t.rows[1],
            TableRow::Task {
                line: 6,
                number: Some(1),
                text: "Configurar un servidor.".into(),
                marks: vec!["✅".into(), String::new()]
            }
        );
        let TableRow::Task {
            number,
            text,
            marks,
            ..
        } = &t.rows[2]
        else {
            panic!("{:?}", t.rows[2]);
        };
        assert_eq!((*number, text.as_str()), (Some(26), "Usar `a | b` pipes"));
        assert_eq!(marks[1], "x");
        assert!(matches!(&t.rows[3], TableRow::Task { number: None, .. }));
    }

    #[test]
    fn splits_cells_with_escapes_and_closing_pipes() {
        assert_eq!(split_cells("| a | b |"), ["a", "b"]);
        assert_eq!(split_cells("| a | |"), ["a", ""]);
        assert_eq!(
            split_cells("| C:\\\\temp | x \\| y |"),
            ["C:\\temp", "x | y"]
        );
        assert_eq!(split_cells("| ends in \\\\|"), ["ends in \\"]);
        assert_eq!(split_cells("a | b"), ["a", "b"]);
    }

    #[test]
    fn no_table_is_an_error() {
        let e = parse("# Title\n\nno table here\n").unwrap_err();
        assert!(e.reason.contains("no Markdown table"), "{e}");
        let e = parse("| a | b |\n").unwrap_err();
        assert_eq!(e.line, 1);
    }
}
