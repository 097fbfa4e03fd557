//! The files a save makes beside the progress file: its temp files (`.NAME.XXXXXX`, the names
//! earlier versions used too), and the copies it keeps of another writer's version that could not
//! be merged in at once (`STEM.unmerged-WHEN-XXXX.EXT`, listed with the sync tools' conflict
//! copies).
//!
//! A temp file is removed by the save that made it, and otherwise only once it is abandoned:
//! untouched for an hour (`ABANDONED_AFTER`: neither written nor, where the system keeps the
//! time, renamed) and found while really holding the save lock. The lock alone proves nothing,
//! since writers that cannot take it (another user's, a network file system's) go on without it;
//! the hour covers them, as a save writes its temp file and swaps it in within seconds. What
//! remains: a save that went on without the lock and then stood still in the middle for over an
//! hour (a suspended laptop, a debugger) may find its temp file gone, and fails, its change kept
//! for the next save; or, stopped right after its swap, it finds the file it swapped out gone and
//! cannot compare it.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// How long a temp file must lie untouched before it counts as abandoned.
pub(super) const ABANDONED_AFTER: Duration = Duration::from_secs(60 * 60);

/// The random part of a temp file's name: six letters or digits.
const SUFFIX: usize = 6;

/// The folder of `target` and its file name.
fn split(target: &Path) -> io::Result<(&Path, String)> {
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    Ok((dir, name.to_string_lossy().into_owned()))
}

/// Makes a new temp file beside `target`, open for writing; never opens one that exists.
pub(super) fn create(target: &Path) -> io::Result<(File, PathBuf)> {
    let (dir, name) = split(target)?;
    loop {
        let path = dir.join(format!(".{name}.{}", random(SUFFIX)));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Reserves a fresh temp name beside `target` (an empty file made there), for a system that
/// moves the replaced file to a name of the caller's.
pub(super) fn reserve(target: &Path) -> io::Result<PathBuf> {
    create(target).map(|(_, path)| path)
}

/// Whether `file_name` is one of `target_name`'s temp files.
fn is_temp(file_name: &str, target_name: &str) -> bool {
    file_name
        .strip_prefix('.')
        .and_then(|rest| rest.strip_prefix(target_name))
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|suffix| {
            suffix.len() == SUFFIX && suffix.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// Removes `target`'s temp files that have lain untouched for longer than `after`; returns how
/// many. Call it only while holding the save lock for real.
pub(super) fn remove_abandoned(target: &Path, after: Duration) -> usize {
    let Ok((dir, name)) = split(target) else {
        return 0;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        if !is_temp(&entry.file_name().to_string_lossy(), &name) {
            continue;
        }
        // The file's own times, not a link's.
        let Ok(meta) = fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let abandoned = crate::platform::untouched_for(&meta).is_some_and(|age| age > after);
        if meta.is_file() && abandoned && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Moves the file at `old` (another writer's version of `target`) to a name of its own beside
/// `target`, which says what it is and which the TUI lists on start: `progress.unmerged-…json`.
/// Never replaces a file.
pub(super) fn keep(old: &Path, target: &Path) -> io::Result<PathBuf> {
    let (dir, _) = split(target)?;
    let (stem, ext) = stem_and_ext(target);
    let when = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S");
    loop {
        let copy = dir.join(format!("{stem}{UNMERGED}{when}-{}{ext}", random(4)));
        if fs::symlink_metadata(&copy).is_ok() {
            continue;
        }
        fs::rename(old, &copy)?;
        return Ok(copy);
    }
}

/// The copies kept beside `target` (see `keep`), oldest first.
pub(super) fn kept_copies(target: &Path) -> Vec<PathBuf> {
    files_beside(target, |middle| middle.starts_with(UNMERGED))
}

/// The regular files beside `target` named `STEM` + a middle `is_copy` accepts + `.EXT` (the
/// target's stem and extension), sorted by name.
pub(super) fn files_beside(target: &Path, is_copy: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let Ok((dir, _)) = split(target) else {
        return Vec::new();
    };
    let (stem, ext) = stem_and_ext(target);
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.strip_prefix(stem.as_str())
                .and_then(|rest| rest.strip_suffix(ext.as_str()))
                .is_some_and(|middle| !middle.is_empty() && is_copy(middle))
                && entry.file_type().is_ok_and(|t| t.is_file())
        })
        .map(|entry| entry.path())
        .collect();
    found.sort();
    found
}

/// The target's file name without its extension, and the extension with its dot ("" if none).
fn stem_and_ext(target: &Path) -> (String, String) {
    let stem = target
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = target
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (stem, ext)
}

/// What a kept copy's name holds between the data file's stem and its extension, first.
pub(super) const UNMERGED: &str = ".unmerged-";

/// `len` letters and digits, different in every call: a counter, the time and the process id,
/// mixed (splitmix64). Unpredictable enough for names made with `create_new`, which retries.
fn random(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut state = nanos
        ^ (u64::from(std::process::id()) << 32)
        ^ COUNTER
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..len)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            char::from(ALPHABET[(z % ALPHABET.len() as u64) as usize])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[cfg(unix)]
    fn listing(dir: &Path) -> BTreeSet<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn temp_names_are_the_writers_own_and_nothing_else() {
        assert!(is_temp(".progress.json.AbC123", "progress.json"));
        assert!(is_temp(".progress.json.000000", "progress.json"));
        for other in [
            ".progress.json.keepme-not",
            ".progress.json.abc12",
            ".progress.json.ab-123",
            ".other.json.XyZ789",
            "progress.json.AbC123",
            "progress.unmerged-20260101-000000-abcd.json",
        ] {
            assert!(!is_temp(other, "progress.json"), "{other}");
        }
    }

    #[test]
    fn create_makes_distinct_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("progress.json");
        let names: BTreeSet<PathBuf> = (0..50).map(|_| create(&target).unwrap().1).collect();
        assert_eq!(names.len(), 50);
        for name in &names {
            let file_name = name.file_name().unwrap().to_string_lossy().into_owned();
            assert!(is_temp(&file_name, "progress.json"), "{file_name}");
        }
    }

    /// Only what has lain untouched for longer than the age given goes; a file written or
    /// renamed since is fresh again (a rename moves Unix's ctime; Windows has only the write
    /// time).
    #[cfg(unix)]
    #[test]
    fn only_temp_files_untouched_for_long_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("progress.json");
        fs::write(&target, "{}").unwrap();
        let old = dir.path().join(".progress.json.Old123");
        fs::write(&old, "{\"vers").unwrap();
        let renamed = dir.path().join(".progress.json.Ren456");
        fs::write(dir.path().join("elsewhere"), "{}").unwrap();
        fs::create_dir(dir.path().join(".progress.json.Dir789")).unwrap();
        fs::write(dir.path().join(".other.json.XyZ789"), "").unwrap();
        std::thread::sleep(Duration::from_millis(300));
        // Renamed into a temp name now: its content is old, the rename is not.
        fs::rename(dir.path().join("elsewhere"), &renamed).unwrap();
        let fresh = dir.path().join(".progress.json.New000");
        fs::write(&fresh, "").unwrap();

        assert_eq!(remove_abandoned(&target, Duration::from_millis(150)), 1);

        assert_eq!(
            listing(dir.path()),
            BTreeSet::from(
                [
                    "progress.json",
                    ".progress.json.Ren456",
                    ".progress.json.New000",
                    ".progress.json.Dir789",
                    ".other.json.XyZ789",
                ]
                .map(String::from)
            )
        );
        assert_eq!(remove_abandoned(&target, ABANDONED_AFTER), 0);
    }

    #[test]
    fn a_kept_copy_gets_a_name_of_its_own_beside_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("progress.json");
        let old = dir.path().join(".progress.json.Abc123");
        fs::write(&old, "theirs").unwrap();
        let copy = keep(&old, &target).unwrap();
        let name = copy.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("progress.unmerged-"), "{name}");
        assert!(name.ends_with(".json"), "{name}");
        assert_eq!(copy.parent(), Some(dir.path()));
        assert_eq!(fs::read_to_string(&copy).unwrap(), "theirs");
        assert!(!old.exists());
    }
}
