//! The progress file: where it lives, reading and validating it, and saving it so that no
//! other writer's change is lost.
//!
//! Any number of TUIs and commands may have the file open, and programs that know nothing of
//! it (git, sync tools, editors) may write it too. Each save takes a short lock (see `lock`),
//! reads the file again if anything changed it since this process last read it, merges cell by
//! cell (see `merge`), and swaps the result in, comparing what it replaced with what it read
//! (see `save`). A file that cannot be read or understood is never written over: opening or
//! saving fails with a `StateError` that names the path and the problem.

mod format;
pub mod limited;
pub mod lock;
pub mod merge;
mod save;
mod split;
mod temp;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use atomic_write_file::AtomicWriteFile;

pub use format::{has_conflict_markers, parse, split_conflict};
pub use merge::{Report, merge, stamp_hand_edits};

use crate::model::progress::{FORMAT_VERSION, Progress};
use crate::model::text::{excerpt, strip_controls};

/// The environment variable that names the progress file.
pub const DATA_ENV: &str = "ROADMAP_TUI_DATA";

/// The progress file's name for the built-in roadmap.
pub const DEFAULT_FILE: &str = "progress.json";

/// What the message of an unreadable file adds: what to do about it.
const UNTOUCHED: &str = "The file was left untouched. Mend it by hand, restore it from a backup, \
    or move it aside to start with empty progress.";

/// What went wrong with the progress file, worded for the user. Paths are printed through
/// `shown`: control characters in them could drive the terminal.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot read the progress file {}: {}", shown(.path), why(.source))]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "the progress file {} is not valid JSON: {reason} (line {line}, column {column}).\n{}",
        shown(.path),
        UNTOUCHED
    )]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error(
        "the progress file {} is not a roadmap-tui progress file: {reason}.\n{}",
        shown(.path),
        UNTOUCHED
    )]
    Shape { path: PathBuf, reason: String },
    #[error(
        "the progress file {} has format version {found}, but this roadmap-tui reads version {} \
         at most.\nUpgrade roadmap-tui to open it; the file was left untouched.",
        shown(.path),
        FORMAT_VERSION
    )]
    Version { path: PathBuf, found: u64 },
    /// The file holds git conflict markers.
    #[error(
        "the progress file {p} holds git conflict markers (<<<<<<<): a git merge stopped half-way \
         in it.\nResolve it with `roadmap-tui merge --resolve {p}`, which keeps every change of \
         both sides, then `git add` the file. To have git merge it by itself next time, set up \
         the merge driver (see the README, \"Sync with git\").",
        p = shown(.path)
    )]
    Conflict { path: PathBuf },
    #[error("could not save {}: {}", shown(.path), why(.source))]
    Write { path: PathBuf, source: io::Error },
    /// Another program changed the file on every one of a save's rounds.
    #[error(
        "another program kept changing the progress file {} while it was being saved ({} times \
         in a row), so not all of this save's changes may be in it. Try again.",
        shown(.path),
        save::ROUNDS
    )]
    Contended { path: PathBuf },
    /// A version of the file another program wrote during a save could not be taken in; it was
    /// kept beside the file.
    #[error(
        "{reason}\nAnother program wrote the progress file {} while it was being saved, and its \
         version could not be taken in: it was kept as {c}. The next save takes it in once it is \
         whole; `roadmap-tui merge --from {c}` does so now.",
        shown(.path),
        c = shown(.copy)
    )]
    Kept {
        path: PathBuf,
        copy: PathBuf,
        reason: String,
    },
    /// The file is marked read-only: the user asked for it not to be written.
    #[error(
        "the progress file {p} is read-only, so nothing was written. Make it writable \
         (`chmod u+w {p}`; on Windows, untick Read-only in its Properties) or pass --data to use \
         another file.",
        p = shown(.path)
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "cannot find a data directory for this user; pass --data FILE or set {}",
        DATA_ENV
    )]
    NoHome,
}

/// This machine's time, for stamping what another program changed by hand.
fn now() -> String {
    jiff::Timestamp::now().to_string()
}

/// An I/O error as printed in messages, with what to do where the system's words don't say.
fn why(e: &io::Error) -> String {
    match crate::platform::advice(e) {
        Some(advice) => format!("{e}. {advice}"),
        None => e.to_string(),
    }
}

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

/// Error text may echo file content: keep it printable and short.
pub(crate) fn clean(s: &str) -> String {
    excerpt(&strip_controls(s, false), 301).into_owned()
}

/// What a save or a reload brought in from other writers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The progress as it now stands on disk (after a save) or should stand (after a reload).
    pub progress: Progress,
    pub report: Report,
}

/// How the file looked when this process last read or wrote it, to tell cheaply whether anyone
/// else has written it since.
type Stamp = crate::platform::FileStamp;

/// The open progress file: its path, and the copy of it this process last read or wrote (the
/// base of every merge). The copy shares its tasks with the caller's (see `Progress`), so it
/// costs little memory.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    target: PathBuf,
    base: Progress,
    /// Whether there was a file when this process last read or wrote it.
    exists: bool,
    stamp: Option<Stamp>,
    /// A digest of the file's bytes as this process last read or wrote them.
    digest: Option<u64>,
}

impl Store {
    /// Opens the progress file at `path` and reads it. A missing file is empty progress and is
    /// not created until the first save. No lock is kept: saves take it briefly. Temp files that
    /// killed saves left beside the file an hour or more ago are removed (see `temp`).
    pub fn open(path: &Path) -> Result<(Store, Progress), StateError> {
        let target = resolve_symlink(path);
        let mut store = Store {
            path: path.to_owned(),
            target,
            base: Progress::default(),
            exists: false,
            stamp: None,
            digest: None,
        };
        let disk = store.read_disk()?;
        store.exists = disk.progress.is_some();
        let progress = disk.progress.unwrap_or_default();
        store.base = progress.clone();
        store.stamp = disk.stamp;
        store.digest = disk.digest;
        if let Some(_held) = lock::try_acquire(&store.target) {
            temp::remove_abandoned(&store.target, temp::ABANDONED_AFTER);
        }
        Ok((store, progress))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file writes go to (a symlink's target).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The progress as this process last read or wrote it.
    pub fn base(&self) -> &Progress {
        &self.base
    }

    /// Reads the file as it is now: progress (`None`: no file), stamp and digest.
    fn read_disk(&self) -> Result<save::Known, StateError> {
        match limited::read_limited_stamped(&self.target, limited::PROGRESS_LIMIT) {
            Ok((bytes, stamp)) => Ok(save::Known {
                digest: Some(save::digest(&bytes)),
                progress: Some(parse(&self.path, &bytes)?),
                stamp,
            }),
            // A path under a regular file holds no file either; a save there fails and says so.
            Err(e) if is_absent(&e) => Ok(save::Known::default()),
            Err(source) => Err(StateError::Read {
                path: self.path.clone(),
                source,
            }),
        }
    }

    /// Whether the file may have been written by someone else since this process last read or
    /// wrote it (a look at its size, times and inode, not its content).
    pub fn changed_on_disk(&self) -> bool {
        let now = Stamp::of(&self.target);
        now.is_none() == self.exists || now != self.stamp
    }

    /// Reads the file again if another writer changed it, and merges that into `ours` (the
    /// caller's working copy, which may hold changes not yet saved). Writes nothing. `None` when
    /// the file is as this process left it.
    pub fn reload(&mut self, ours: &Progress) -> Result<Option<Merged>, StateError> {
        if !self.changed_on_disk() {
            return Ok(None);
        }
        match Stamp::of(&self.target) {
            // Gone (deleted, or between a delete and a re-create): that erases no one's
            // progress. The next save writes the file again.
            None => return Ok(None),
            // Another writer has just truncated the file to write it in place; its next
            // change brings the content.
            Some(stamp) if stamp.is_empty() => return Ok(None),
            Some(_) => {}
        }
        let read = self.read_disk()?;
        self.stamp = read.stamp;
        self.digest = read.digest;
        let Some(mut disk) = read.progress else {
            return Ok(None);
        };
        stamp_hand_edits(&self.base, &mut disk, &now());
        self.exists = true;
        if disk.same_content(&self.base) {
            return Ok(None);
        }
        let (progress, report) = merge(Some(&self.base), ours, &disk);
        self.base = disk;
        Ok(Some(Merged { progress, report }))
    }
}

/// Copies that sync tools leave beside the file when two machines changed it at once:
/// Syncthing's `progress.sync-conflict-….json` and Dropbox's `progress (… conflicted copy …).json`;
/// and the copies a save kept of another program's version it could not take in
/// (`progress.unmerged-….json`, see `save`).
pub fn sync_conflicts(path: &Path) -> Vec<PathBuf> {
    temp::files_beside(&resolve_symlink(path), |middle| {
        let syncthing = middle.starts_with(".sync-conflict-");
        let dropbox = middle.starts_with(" (") && middle.contains("conflicted copy");
        syncthing || dropbox || middle.starts_with(temp::UNMERGED)
    })
}

/// Reads the progress file without taking its lock, for commands that only read: the atomic
/// save means a reader always sees a whole file. A missing file is empty progress.
pub fn read(path: &Path) -> Result<Progress, StateError> {
    match limited::read_limited(path, limited::PROGRESS_LIMIT) {
        Ok(bytes) => parse(path, &bytes),
        Err(e) if is_absent(&e) => Ok(Progress::default()),
        Err(source) => Err(StateError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Makes the folder a file goes in, and its parents. Where a file stands in the way, says so
/// (the system's word for it is a puzzling "File exists").
fn make_folder(dir: &Path) -> io::Result<()> {
    match fs::create_dir_all(dir) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let blocker = dir
                .ancestors()
                .find(|a| a.exists() && !a.is_dir())
                .unwrap_or(dir);
            Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is a file, not a folder", shown(blocker)),
            ))
        }
        other => other,
    }
}

/// Replaces `target` with `bytes` atomically: temp file in the same directory, fsync, rename,
/// fsync of the directory (two syncs). The file's mode is kept.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicWriteFile::open(target)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Replaces `target` atomically with what `write` writes, through a buffer: a large output is
/// never held whole in memory.
pub fn write_atomic_with(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let file = AtomicWriteFile::open(target)?;
    let mut out = io::BufWriter::with_capacity(64 * 1024, file);
    write(&mut out)?;
    out.into_inner().map_err(|e| e.into_error())?.commit()
}

/// Writes what `write` writes to `target`, a file the user named for output (`export -o`, the
/// result of a merge). A regular file, or none yet, is replaced atomically as
/// `write_atomic_with` does, through a symlink to where it points (the link stays a link).
/// Anything else is written into as it is (see `platform::writes_in_place`): renaming a new file
/// over `/dev/null`, a FIFO or `/dev/stdout` would put a regular file in its place, and a
/// reader waiting on the other end would never see a byte.
pub fn write_to(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if crate::platform::writes_in_place(target) {
        let file = fs::OpenOptions::new().write(true).open(target)?;
        let mut out = io::BufWriter::with_capacity(64 * 1024, file);
        write(&mut out)?;
        return out.flush();
    }
    write_atomic_with(&resolve_symlink(target), write)
}

/// Writes `progress` as a progress file at `target`, as `write_to` does. The JSON goes straight
/// to the file through a buffer: however big the progress, no copy of the whole text is made in
/// memory.
fn write_progress(target: &Path, progress: &Progress) -> io::Result<()> {
    write_to(target, |out| {
        serde_json::to_writer_pretty(&mut *out, progress).map_err(io::Error::other)?;
        out.write_all(b"\n")
    })
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

/// Writes `progress` as a progress file at `path`, creating its directory: a copy kept where the
/// data file could not be written. Written as `write_to` writes (atomically, unless `path` is a
/// device, a FIFO or a descriptor). No lock and no merge: the copy is new.
pub fn write_copy(path: &Path, progress: &Progress) -> Result<(), StateError> {
    let write_err = |source| StateError::Write {
        path: path.to_owned(),
        source,
    };
    // "copy.json/" names a folder, which the write would make rather than a file.
    if path
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::is_separator)
    {
        return Err(write_err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the path ends in a folder separator: a copy needs a file name",
        )));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        make_folder(parent).map_err(write_err)?;
    }
    let mut copy = progress.clone();
    copy.version = copy.needed_version();
    write_progress(path, &copy).map_err(write_err)
}

/// Whether a read failed because there is no file: none at the path, or a part of the path is a
/// regular file rather than a directory.
fn is_absent(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of every error, with a path that holds an escape sequence (printed harmless).
    #[test]
    fn every_error_names_the_file_and_says_what_to_do() {
        let path = PathBuf::from("/data/pro\u{1b}[2Jgress.json");
        let shown = "/data/pro[2Jgress.json";
        let io = || io::Error::new(io::ErrorKind::PermissionDenied, "denied");
        let cases = [
            (
                StateError::Read {
                    path: path.clone(),
                    source: io(),
                },
                format!("cannot read the progress file {shown}: denied"),
            ),
            (
                StateError::Json {
                    path: path.clone(),
                    line: 3,
                    column: 7,
                    reason: "expected `,`".into(),
                },
                format!(
                    "the progress file {shown} is not valid JSON: expected `,` (line 3, column 7).\n\
                     The file was left untouched. Mend it by hand, restore it from a backup, or \
                     move it aside to start with empty progress."
                ),
            ),
            (
                StateError::Version {
                    path: path.clone(),
                    found: 9,
                },
                format!(
                    "the progress file {shown} has format version 9, but this roadmap-tui reads \
                     version {FORMAT_VERSION} at most.\nUpgrade roadmap-tui to open it; the file \
                     was left untouched."
                ),
            ),
            (
                StateError::ReadOnly { path: path.clone() },
                format!(
                    "the progress file {shown} is read-only, so nothing was written. Make it \
                     writable (`chmod u+w {shown}`; on Windows, untick Read-only in its \
                     Properties) or pass --data to use another file."
                ),
            ),
            (
                StateError::Write {
                    path: path.clone(),
                    source: io(),
                },
                format!("could not save {shown}: denied"),
            ),
        ];
        for (error, want) in cases {
            assert_eq!(error.to_string(), want);
        }
        let conflict = StateError::Conflict { path }.to_string();
        assert!(
            conflict.contains(&format!("roadmap-tui merge --resolve {shown}`"))
                && !conflict.contains('\u{1b}'),
            "{conflict}"
        );
    }

    #[test]
    fn a_read_only_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        let (mut store, progress) = Store::open(&path).unwrap();
        store.save(&progress).unwrap();
        let before = fs::read(&path).unwrap();
        let mut perms = fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        fs::set_permissions(&path, perms.clone()).unwrap();
        let mut changed = progress.clone();
        changed.settings.lang = Some("es".into());
        let e = store.save(&changed).unwrap_err();
        assert!(matches!(e, StateError::ReadOnly { .. }), "{e}");
        assert!(e.to_string().contains("is read-only"), "{e}");
        assert_eq!(fs::read(&path).unwrap(), before);
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        fs::set_permissions(&path, perms).unwrap();
        store.save(&changed).unwrap();
        assert_ne!(fs::read(&path).unwrap(), before);
    }
}
