//! The save lock: held only while one save reads, merges and writes the file, so that any
//! number of TUIs and commands can have the file open and each save waits its turn.
//!
//! The lock file does not sit beside the data file, where a sync tool or git would carry it to
//! another machine: it lives in the user's runtime directory (or cache directory), named from
//! the data file's canonical path so every process finds the same one.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a save waits for another writer's save to finish before it gives up.
pub const WAIT: Duration = Duration::from_secs(10);

/// Where the lock for the data file `target` lives, if the platform has a place for it.
pub fn lock_path(target: &Path) -> Option<PathBuf> {
    Some(lock_dir()?.join(lock_file_name(target)))
}

/// The lock file's name for the data file `target`: its name, and a hash of its canonical path.
pub fn lock_file_name(target: &Path) -> String {
    format!("{}.lock", file_key(target))
}

/// A name for files kept about the data file `target` elsewhere (its lock, where the TUI was):
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

/// `$XDG_RUNTIME_DIR/roadmap-tui` where there is one, else the cache directory's `locks`.
fn lock_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "roadmap-tui")?;
    Some(match dirs.runtime_dir() {
        Some(run) => run.to_owned(),
        None => dirs.cache_dir().join("locks"),
    })
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

/// FNV-1a, 64 bits: stable across builds and platforms, which a lock name must be.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A held save lock; dropping it releases the lock.
#[derive(Debug)]
pub struct Held(#[allow(dead_code)] Option<File>);

/// Why the lock could not be had.
#[derive(Debug)]
pub struct Busy;

/// Takes the save lock for `target`, waiting up to `wait` for another save to finish. Where no
/// lock file can be made (no runtime or cache directory, read-only), the save goes ahead
/// unlocked: the atomic write still keeps the file whole.
pub fn acquire(target: &Path, wait: Duration) -> Result<Held, Busy> {
    let Some(path) = lock_path(target) else {
        return Ok(Held(None));
    };
    if let Some(dir) = path.parent() {
        let _ = fs::create_dir_all(dir);
    }
    let file = match OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(_) => return Ok(Held(None)),
    };
    let deadline = Instant::now() + wait;
    let mut pause = Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Held(Some(file))),
            Err(fs::TryLockError::Error(_)) => return Ok(Held(None)),
            Err(fs::TryLockError::WouldBlock) if Instant::now() >= deadline => return Err(Busy),
            Err(fs::TryLockError::WouldBlock) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
        }
    }
}

/// Takes the lock only if it is free at once; for tidying that may be skipped.
pub fn try_acquire(target: &Path) -> Option<Held> {
    acquire(target, Duration::ZERO).ok()
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
    fn two_names_for_one_file_share_a_lock_outside_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("progress.json");
        fs::write(&file, "{}").unwrap();
        let dotted = dir.path().join(".").join("progress.json");
        let a = lock_path(&file).unwrap();
        assert_eq!(a, lock_path(&dotted).unwrap());
        assert!(!a.starts_with(dir.path()), "{}", a.display());
        let other = dir.path().join("other.json");
        assert_ne!(a, lock_path(&other).unwrap());
    }
}
