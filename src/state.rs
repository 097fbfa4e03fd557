//! The progress file: where it lives, reading and validating it, saving it atomically, and the
//! lock that keeps two instances from writing the same file.
//!
//! A file that cannot be read or understood is never written over: opening it fails with a
//! `StateError` that names the path and the problem, and the caller exits.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use atomic_write_file::AtomicWriteFile;
use serde_json::Value;

use crate::model::progress::{FORMAT_VERSION, Progress};
use crate::model::text::strip_controls;

/// The environment variable that names the progress file.
pub const DATA_ENV: &str = "ROADMAP_TUI_DATA";

/// The progress file's name for the built-in roadmap.
pub const DEFAULT_FILE: &str = "progress.json";

/// What went wrong with the progress file, worded for the user.
#[derive(Debug)]
pub enum StateError {
    Read {
        path: PathBuf,
        source: io::Error,
    },
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        reason: String,
    },
    Shape {
        path: PathBuf,
        reason: String,
    },
    Version {
        path: PathBuf,
        found: u64,
    },
    Locked {
        path: PathBuf,
    },
    Write {
        path: PathBuf,
        source: io::Error,
    },
    NoHome,
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNTOUCHED: &str = "The file was left untouched. Mend it by hand, restore it from a \
            backup, or move it aside to start with empty progress.";
        match self {
            StateError::Read { path, source } => {
                write!(f, "cannot read the progress file {}: {source}", shown(path))
            }
            StateError::Json {
                path,
                line,
                column,
                reason,
            } => write!(
                f,
                "the progress file {} is not valid JSON: {reason} (line {line}, column {column}).\n{UNTOUCHED}",
                shown(path)
            ),
            StateError::Shape { path, reason } => write!(
                f,
                "the progress file {} is not a roadmap-tui progress file: {reason}.\n{UNTOUCHED}",
                shown(path)
            ),
            StateError::Version { path, found } => write!(
                f,
                "the progress file {} has format version {found}, but this roadmap-tui reads \
                 version {FORMAT_VERSION} at most.\nUpgrade roadmap-tui to open it; the file was \
                 left untouched.",
                shown(path)
            ),
            StateError::Locked { path } => write!(
                f,
                "another roadmap-tui is using the progress file {}.\nClose it first, or pass \
                 --data FILE to use another file.",
                shown(path)
            ),
            StateError::Write { path, source } => {
                write!(f, "could not save {}: {source}", shown(path))
            }
            StateError::NoHome => write!(
                f,
                "cannot find a data directory for this user; pass --data FILE or set {DATA_ENV}"
            ),
        }
    }
}

impl std::error::Error for StateError {}

/// A path as printed in messages: control characters in it could drive the terminal.
fn shown(path: &Path) -> String {
    strip_controls(&path.display().to_string(), false)
}

/// Where the progress file lives when neither `--data` nor the environment says: the platform's
/// data directory, e.g. `~/.local/share/roadmap-tui/progress.json` on Linux.
pub fn default_path(file_name: &str) -> Result<PathBuf, StateError> {
    directories::ProjectDirs::from("", "", "roadmap-tui")
        .map(|dirs| dirs.data_dir().join(file_name))
        .ok_or(StateError::NoHome)
}

/// Parses a progress file's bytes; `path` only names the file in errors.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Progress, StateError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| StateError::Json {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        reason: clean(&strip_position(&e.to_string())),
    })?;
    let shape = |reason: String| StateError::Shape {
        path: path.to_owned(),
        reason: clean(&reason),
    };
    let Some(object) = value.as_object() else {
        return Err(shape("the top level is not a JSON object".into()));
    };
    match object.get("version") {
        None => return Err(shape("it has no \"version\" field".into())),
        Some(v) => match v.as_u64() {
            Some(found) if found > u64::from(FORMAT_VERSION) => {
                return Err(StateError::Version {
                    path: path.to_owned(),
                    found,
                });
            }
            Some(found) if found >= 1 => {}
            _ => return Err(shape(format!("\"version\" is {v}, not a version number"))),
        },
    }
    let mut progress: Progress = serde_path_to_error::deserialize(value).map_err(|e| {
        let at = e.path().to_string();
        shape(format!("at {at}: {}", e.inner()))
    })?;
    progress.sanitize();
    Ok(progress)
}

/// serde_json appends " at line L column C"; the caller reports those separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

/// Error text may echo file content: keep it printable and short.
fn clean(s: &str) -> String {
    let s = strip_controls(s, false);
    if s.chars().count() > 300 {
        s.chars().take(300).chain("…".chars()).collect()
    } else {
        s
    }
}

/// The open progress file: its path, the file writes go to, and the lock once held.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    target: PathBuf,
    lock: Option<File>,
}

impl Store {
    /// Opens the progress file at `path`, taking its lock, and reads it. A missing file is empty
    /// progress and is not created until the first save.
    pub fn open(path: &Path) -> Result<(Store, Progress), StateError> {
        let target = resolve_symlink(path);
        let mut store = Store {
            path: path.to_owned(),
            target,
            lock: None,
        };
        store.try_lock()?;
        let progress = match fs::read(&store.target) {
            Ok(bytes) => parse(path, &bytes)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Progress::default(),
            Err(source) => {
                return Err(StateError::Read {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        if store.lock.is_some() {
            store.remove_stale_temp_files();
        }
        Ok((store, progress))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The lock file beside the data file.
    pub fn lock_path(&self) -> PathBuf {
        let mut name = self
            .target
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(".lock");
        self.target.with_file_name(name)
    }

    /// Takes the lock if it can be had. Only another holder is an error: where the lock file
    /// cannot be made yet (no directory, read-only), taking it waits for the first save.
    fn try_lock(&mut self) -> Result<(), StateError> {
        if self.lock.is_some() {
            return Ok(());
        }
        let file = match OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.lock_path())
        {
            Ok(f) => f,
            Err(_) => return Ok(()),
        };
        match file.try_lock() {
            Ok(()) => {
                self.lock = Some(file);
                Ok(())
            }
            Err(fs::TryLockError::WouldBlock) => Err(StateError::Locked {
                path: self.path.clone(),
            }),
            Err(fs::TryLockError::Error(_)) => Ok(()),
        }
    }

    /// Writes the progress atomically: temp file in the same directory, fsync, rename, fsync of
    /// the directory. The old file stays whole if anything fails.
    pub fn save(&mut self, progress: &Progress) -> Result<(), StateError> {
        let path = self.path.clone();
        let write_err = |source| StateError::Write {
            path: path.clone(),
            source,
        };
        if let Some(parent) = self.target.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(write_err)?;
        }
        self.try_lock()?;
        let mut json = serde_json::to_string_pretty(progress)
            .map_err(io::Error::other)
            .map_err(write_err)?;
        json.push('\n');
        if let Err(e) = write_atomic(&self.target, json.as_bytes()) {
            // The writer leaves its temp file behind when the final rename fails.
            if self.lock.is_some() {
                self.remove_stale_temp_files();
            }
            return Err(write_err(e));
        }
        Ok(())
    }

    /// Removes `.progress.json.XXXXXX` files a killed save left behind (the temp-file names the
    /// atomic writer uses). Only called while holding the lock, so no live save is touched.
    fn remove_stale_temp_files(&self) {
        let (Some(dir), Some(name)) = (self.target.parent(), self.target.file_name()) else {
            return;
        };
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let prefix = format!(".{}.", name.to_string_lossy());
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let file_name = file_name.to_string_lossy();
            let Some(suffix) = file_name.strip_prefix(&prefix) else {
                continue;
            };
            let is_temp = suffix.len() == 6 && suffix.chars().all(|c| c.is_ascii_alphanumeric());
            if is_temp && entry.file_type().is_ok_and(|t| t.is_file()) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Reads the progress file without taking its lock, for commands that only read: the atomic
/// save means a reader always sees a whole file. A missing file is empty progress.
pub fn read(path: &Path) -> Result<Progress, StateError> {
    match fs::read(path) {
        Ok(bytes) => parse(path, &bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Progress::default()),
        Err(source) => Err(StateError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Replaces `target` with `bytes` atomically: temp file in the same directory, fsync, rename,
/// fsync of the directory. The file's mode is kept.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicWriteFile::open(target)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Writes go to a symlink's target so the link stays a link.
fn resolve_symlink(path: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return path.to_owned();
    }
    if let Ok(real) = fs::canonicalize(path) {
        return real;
    }
    // A dangling link: write where it points.
    match fs::read_link(path) {
        Ok(link) if link.is_absolute() => link,
        Ok(link) => path.parent().unwrap_or(Path::new(".")).join(link),
        Err(_) => path.to_owned(),
    }
}
