//! What each PATH given to `cohort` holds: a progress file, a folder searched for them, or a git
//! repository whose branches hold them; and telling a progress file from other JSON.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::state::StateError;

/// What a PATH is.
pub enum Kind {
    File,
    Folder,
    /// A repository's top folder (a work tree's, or a bare repository).
    Repository,
}

/// What `path` is; an error when it is not there or cannot be looked at.
pub fn kind(path: &Path) -> io::Result<Kind> {
    let meta = fs::metadata(path)?;
    if !meta.is_dir() {
        return Ok(Kind::File);
    }
    let bare =
        path.join("HEAD").is_file() && path.join("objects").is_dir() && path.join("refs").is_dir();
    if bare || path.join(".git").exists() {
        Ok(Kind::Repository)
    } else {
        Ok(Kind::Folder)
    }
}

/// The `*.json` files under `dir`, in order, each with an error for a folder that could not
/// be read. Folders named `.git` are not entered, nor are links to folders (a link may loop).
pub fn json_files(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<(PathBuf, io::Error)>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push((dir.to_owned(), e));
            return;
        }
    };
    let mut entries: Vec<fs::DirEntry> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            if entry.file_name() != ".git" {
                json_files(&path, out, errors);
            }
        } else if is_json(&path) && (file_type.is_file() || path.is_file()) {
            out.push(path);
        }
    }
}

/// Whether a file's name ends in `.json`, in any case.
pub fn is_json(path: impl AsRef<Path>) -> bool {
    path.as_ref()
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// How much of the start of a file is searched for a `"version"` key.
const HEAD_BYTES: usize = 4096;

/// Whether a file that did not read as progress (`error`) is a progress file with a problem
/// (`true`), rather than some other JSON to pass over. A progress file has a top-level
/// `version` that is a whole number; a file broken beyond reading counts as one when it holds
/// conflict markers or a `"version"` key near its start.
pub fn is_broken_progress(bytes: &[u8], error: &StateError) -> bool {
    match error {
        StateError::Conflict { .. } | StateError::Version { .. } => true,
        StateError::Json { .. } => {
            let head = &bytes[..bytes.len().min(HEAD_BYTES)];
            head.windows(9).any(|w| w == b"\"version\"")
        }
        StateError::Shape { .. } => {
            #[derive(Deserialize)]
            struct Head {
                version: Option<Value>,
            }
            serde_json::from_slice::<Head>(crate::state::limited::strip_bom(bytes))
                .ok()
                .and_then(|h| h.version)
                .is_some_and(|v| v.as_u64().is_some_and(|n| n >= 1))
        }
        _ => true,
    }
}
