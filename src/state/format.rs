//! The progress file's bytes: parsing and validating them, and taking apart a file that a git
//! merge left with conflict markers.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::{StateError, clean, limited, split};
use crate::model::progress::{FORMAT_VERSION, Progress};

/// What is read of a file before the rest: its version decides whether the rest can be
/// understood at all.
#[derive(serde::Deserialize)]
struct Head {
    version: Option<Value>,
}

/// Parses a progress file's bytes; `path` only names the file in errors.
///
/// One pass over the bytes, straight into the progress (no JSON tree); only a file that fails it
/// is looked at again, to say what is wrong (see `explain`).
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Progress, StateError> {
    let shape = |reason: String| StateError::Shape {
        path: path.to_owned(),
        reason: clean(&reason),
    };
    let bytes = limited::strip_bom(bytes);
    let syntax = |e: serde_json::Error| {
        if has_conflict_markers(bytes) {
            return StateError::Conflict {
                path: path.to_owned(),
            };
        }
        StateError::Json {
            path: path.to_owned(),
            line: e.line(),
            column: e.column(),
            reason: clean(&strip_position(&e.to_string())),
        }
    };
    // The common case in one pass: a whole, valid file of a version this build reads.
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(explain(path, bytes, syntax, shape));
    };
    // A large file on two threads where it can be (see `split`).
    let split = (text.len() >= split::SPLIT_MIN_BYTES)
        .then(|| split::from_str(text))
        .flatten();
    let fast = split.ok_or(()).or_else(|()| {
        let mut de = serde_json::Deserializer::from_str(text);
        Progress::deserialize(&mut de).and_then(|progress| de.end().map(|()| progress))
    });
    // Reading cleans what came from the file: control characters out of notes, blank cells
    // and empty tasks dropped. A note is never shortened: the length limit is for typing, and
    // text another writer kept (or a merge joined) is not cut without the user asking.
    let progress = match fast {
        Ok(progress) if (1..=FORMAT_VERSION).contains(&progress.version) => progress,
        // Anything else is read again, slowly, for a message that says what is wrong.
        _ => return Err(explain(path, bytes, syntax, shape)),
    };
    Ok(progress)
}

/// Why `bytes` are not a progress file this build reads. Looks in turn, none building a tree
/// until the last: the encoding, the syntax and the version (a newer version is refused before
/// its shape is judged), then the shape, through a JSON tree that names the place of the
/// problem.
fn explain(
    path: &Path,
    bytes: &[u8],
    syntax: impl Fn(serde_json::Error) -> StateError,
    shape: impl Fn(String) -> StateError,
) -> StateError {
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = e.valid_up_to();
        // The bytes before `at` are UTF-8.
        let before = String::from_utf8_lossy(&bytes[..at]);
        return StateError::Json {
            path: path.to_owned(),
            line: before.matches('\n').count() + 1,
            column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
            reason: format!(
                "byte 0x{:02X} is not UTF-8; save the file as UTF-8",
                bytes[at]
            ),
        };
    }
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
            Err(e) => syntax(e),
            Ok(_) => shape("the top level is not a JSON object".into()),
        };
    }
    let head: Head = match serde_json::from_slice(bytes) {
        Ok(head) => head,
        Err(e) => return syntax(e),
    };
    match head.version {
        None => return shape("it has no \"version\" field".into()),
        Some(v) => match v.as_u64() {
            Some(found) if found > u64::from(FORMAT_VERSION) => {
                return StateError::Version {
                    path: path.to_owned(),
                    found,
                };
            }
            Some(found) if found >= 1 => {}
            _ => return shape(format!("\"version\" is {v}, not a version number")),
        },
    }
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(e) => return syntax(e),
    };
    match serde_path_to_error::deserialize::<_, Progress>(value) {
        Err(e) => shape(format!("at {}: {}", e.path(), e.inner())),
        // Read whole the second time: the first read met a problem this one did not.
        Ok(_) => shape("it could not be read".into()),
    }
}

/// serde_json appends " at line L column C"; the caller reports those separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

const OURS_MARK: &str = "<<<<<<<";
const BASE_MARK: &str = "|||||||";
const SPLIT_MARK: &str = "=======";
const THEIRS_MARK: &str = ">>>>>>>";

/// Whether the bytes hold a line git writes to open a conflict.
pub fn has_conflict_markers(bytes: &[u8]) -> bool {
    bytes
        .split(|&b| b == b'\n')
        .any(|line| line.starts_with(OURS_MARK.as_bytes()))
}

/// The sides of a file with git conflict markers: (base, ours, theirs). The base is there only
/// when git wrote it (the `diff3` and `zdiff3` conflict styles). `None` if the markers are not
/// well formed.
pub fn split_conflict(text: &str) -> Option<(Option<String>, String, String)> {
    #[derive(PartialEq)]
    enum Part {
        Both,
        Ours,
        Base,
        Theirs,
    }
    let (mut ours, mut base, mut theirs) = (String::new(), String::new(), String::new());
    let mut part = Part::Both;
    let mut saw_base = false;
    let mut conflicts = 0;
    for line in text.split_inclusive('\n') {
        let next = if line.starts_with(OURS_MARK) && part == Part::Both {
            conflicts += 1;
            Some(Part::Ours)
        } else if line.starts_with(BASE_MARK) && part == Part::Ours {
            saw_base = true;
            Some(Part::Base)
        } else if line.starts_with(SPLIT_MARK) && matches!(part, Part::Ours | Part::Base) {
            Some(Part::Theirs)
        } else if line.starts_with(THEIRS_MARK) && part == Part::Theirs {
            Some(Part::Both)
        } else {
            None
        };
        if let Some(next) = next {
            part = next;
            continue;
        }
        match part {
            Part::Both => {
                ours.push_str(line);
                base.push_str(line);
                theirs.push_str(line);
            }
            Part::Ours => ours.push_str(line),
            Part::Base => base.push_str(line),
            Part::Theirs => theirs.push_str(line),
        }
    }
    (part == Part::Both && conflicts > 0).then(|| (saw_base.then_some(base), ours, theirs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_cleans_notes_and_drops_what_is_blank_after_the_last_of_a_repeated_key() {
        let text = r#"{"version": 2, "tasks": {
            "1": {"go": {"status": "done"}},
            "1": {"go": {}},
            "2": {"go": {"status": "done"}, "go": {"note": " \u0007 "}, "py": {"note": "a\tb\u001b"}},
            "3": {"go": {"note": "\n"}}
        }}"#;
        let p = parse(Path::new("p.json"), text.as_bytes()).unwrap();
        let keys: Vec<&str> = p.tasks().map(|(k, _)| k).collect();
        assert_eq!(keys, ["2"]);
        assert_eq!(p.note(2, "py"), Some("a    b"));
        assert_eq!(p.cell(2, "go"), None);
    }

    #[test]
    fn splits_a_merge_style_conflict() {
        let text = "{\n<<<<<<< HEAD\n  \"a\": 1\n=======\n  \"a\": 2\n>>>>>>> other\n}\n";
        let (base, ours, theirs) = split_conflict(text).unwrap();
        assert_eq!(base, None);
        assert_eq!(ours, "{\n  \"a\": 1\n}\n");
        assert_eq!(theirs, "{\n  \"a\": 2\n}\n");
    }

    #[test]
    fn splits_a_diff3_style_conflict() {
        let text = "x\n<<<<<<< ours\n1\n||||||| base\n0\n=======\n2\n>>>>>>> theirs\ny\n";
        let (base, ours, theirs) = split_conflict(text).unwrap();
        assert_eq!(base.as_deref(), Some("x\n0\ny\n"));
        assert_eq!(ours, "x\n1\ny\n");
        assert_eq!(theirs, "x\n2\ny\n");
    }

    #[test]
    fn an_unclosed_conflict_is_not_split() {
        assert_eq!(split_conflict("<<<<<<< a\n1\n=======\n2\n"), None);
        assert_eq!(split_conflict("{}\n"), None);
    }
}
