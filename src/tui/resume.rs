//! Where the TUI was when it last closed on a progress file, kept in the platform's state
//! directory (`$XDG_STATE_HOME/roadmap-tui/`, else the local data directory's `state/`), one small
//! JSON file per progress file. Losing it loses nothing but the place: it is read leniently and
//! written without ever stopping the app.

use std::path::{Path, PathBuf};

use crate::app::Position;
use crate::state::{self, lock};

/// The file that keeps the place for the progress file `data`.
pub fn path_for(data: &Path) -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "roadmap-tui")?;
    let dir = match dirs.state_dir() {
        Some(dir) => dir.to_owned(),
        None => dirs.data_local_dir().join("state"),
    };
    Some(dir.join(format!("{}.json", lock::file_key(data))))
}

/// The place kept for `data`, if any is kept and it reads.
pub fn load(data: &Path) -> Option<Position> {
    let bytes = state::limited::read_limited(&path_for(data)?, 64 * 1024).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Keeps `position` for `data`; a failure is not worth stopping for.
pub fn save(data: &Path, position: &Position) {
    let Some(path) = path_for(data) else { return };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    // Whole or not at all, but not synced to the disk: a crash may lose the place, never more,
    // and quitting does not wait for the disk.
    let Ok(json) = serde_json::to_vec(position) else {
        return;
    };
    let tmp = path.with_extension("json.tmp");
    if std::fs::write(&tmp, json).is_ok() && std::fs::rename(&tmp, &path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
