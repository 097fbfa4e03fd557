//! The save lock: held only while one save reads, merges and writes the file, so that any
//! number of TUIs and commands can have the file open and each save waits its turn.
//!
//! The lock only saves work; no save depends on it to keep another writer's change (git, sync
//! tools and editors take no lock at all): every save swaps its file in and compares what it
//! replaced with what it read (see `save`). What the lock buys is that two roadmap-tui saves
//! rarely meet, so a save seldom has to merge and write a second time.
//!
//! The lock is the data file's folder, so its place depends on the data file alone, never on the
//! environment (a cron job, an ssh or sudo shell and a desktop session all take the same one), and
//! it makes no file that a sync tool or git would carry to another machine. On Unix it is
//! `flock` on the folder itself; on Windows, which cannot lock a folder, a named mutex called
//! after the folder's identity (see `platform`). Two data files in one folder share it, which
//! costs nothing: a save holds it for milliseconds. Where it cannot be had (a network file system
//! without `flock`, a folder this user cannot read) a save goes on without it.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::platform::FolderLock;

/// How long a save waits for another writer's save to finish before it goes on without the lock.
pub const WAIT: Duration = Duration::from_secs(10);

/// The folder whose lock guards the data file `target`: its folder, with links and `..`
/// resolved, so two names for one file (or one folder) share a lock.
pub fn folder(target: &Path) -> PathBuf {
    let canonical = canonical(target);
    match canonical.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// A name for files kept about the data file `target` elsewhere (where the TUI was):
/// the file's name and a hash of its canonical path, the same in every process.
pub fn file_key(target: &Path) -> String {
    let canonical = canonical(target);
    let name = canonical
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    let hash = fnv1a(canonical.as_os_str().as_encoded_bytes());
    format!("{name}-{hash:016x}")
}

/// The path with links and `..` resolved as far as it exists, so two names for one file share a
/// lock; a file not made yet is named through its resolved directory.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(real) = fs::canonicalize(path) {
        return real;
    }
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return path.to_owned();
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    match fs::canonicalize(parent) {
        Ok(dir) => dir.join(name),
        Err(_) => std::path::absolute(path).unwrap_or_else(|_| path.to_owned()),
    }
}

/// FNV-1a, 64 bits: stable across builds and platforms, which a file's key must be.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A held save lock (or, where none could be had, the permission to go on without one);
/// dropping it releases the lock.
#[derive(Debug)]
pub struct Held(Option<FolderLock>);

impl Held {
    /// Going on without the lock.
    pub fn without() -> Held {
        Held(None)
    }

    /// Whether a lock is really held, not gone without.
    pub fn holds(&self) -> bool {
        self.0.is_some()
    }
}

/// Why the lock could not be had.
#[derive(Debug)]
pub struct Busy;

/// Takes the save lock for `target`, waiting up to `wait` for another save to finish. Where the
/// folder cannot be locked, the save goes ahead without the lock.
pub fn acquire(target: &Path, wait: Duration) -> Result<Held, Busy> {
    let Ok(mut lock) = FolderLock::open(&folder(target)) else {
        return Ok(Held(None));
    };
    let deadline = Instant::now() + wait;
    let mut pause = Duration::from_millis(1);
    loop {
        match lock.try_lock() {
            Ok(true) => return Ok(Held(Some(lock))),
            Err(_) => return Ok(Held(None)),
            Ok(false) if Instant::now() >= deadline => return Err(Busy),
            Ok(false) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
        }
    }
}

/// Takes the lock only if it is free at once and really held; for tidying that may be skipped.
pub fn try_acquire(target: &Path) -> Option<Held> {
    acquire(target, Duration::ZERO).ok().filter(Held::holds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_the_published_function() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn the_lock_is_the_files_folder_whatever_the_name_or_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let real = fs::canonicalize(dir.path()).unwrap();
        let file = dir.path().join("progress.json");
        // Before the file exists, and after.
        assert_eq!(folder(&file), real);
        fs::write(&file, "{}").unwrap();
        assert_eq!(folder(&file), real);
        assert_eq!(folder(&dir.path().join(".").join("progress.json")), real);
        assert_eq!(folder(&dir.path().join("other.json")), real);
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        assert_eq!(folder(&sub.join("..").join("progress.json")), real);
        assert_ne!(folder(&sub.join("progress.json")), real);
    }

    /// Unix only: a Windows mutex lets the thread that holds it take it again.
    #[cfg(unix)]
    #[test]
    fn a_held_lock_keeps_another_out_until_it_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("progress.json");
        let held = acquire(&file, WAIT).unwrap();
        assert!(held.holds());
        assert!(try_acquire(&dir.path().join("another.json")).is_none());
        assert!(matches!(
            acquire(&file, Duration::from_millis(30)),
            Err(Busy)
        ));
        drop(held);
        assert!(try_acquire(&file).is_some());
    }

    #[test]
    fn no_file_is_made_for_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let _held = acquire(&dir.path().join("progress.json"), WAIT).unwrap();
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
