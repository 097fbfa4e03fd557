//! What differs between systems, behind one small interface, with one file a side: `unix.rs`
//! (Linux, macOS and the BSDs) and `windows.rs`. Nothing else in the crate names a system.
//!
//! - **The console**: the terminal's input (keys, mouse, paste, resize) and the signals that
//!   reach the loop (resize, suspend, continue, hang-up, terminate), waited on together, with a
//!   `Waker` that other threads use to wake the wait.
//! - **Suspending** the process (Ctrl-Z), where the system has job control.
//! - **A file's identity** ("did the file change under me"), through the `file-id` crate.
//! - **The system's time zone**: `/etc/localtime` on Unix, the zone Windows is set to.
//! - **Opening only regular files**: a FIFO must not hang a read, a device must not be read.
//! - **The save lock**, taken on the data file's folder: `flock` on the folder itself on Unix; on
//!   Windows, where a folder cannot be locked, a named mutex called after the folder's identity.
//! - **Files named for output that must be written into, not replaced**: devices, FIFOs, this
//!   process's open descriptors (`/dev/stdout`), Windows's device names (`writes_in_place`).
//! - **Quoting an argument** for the shell a user pastes a suggested command into: a POSIX shell
//!   on Unix, PowerShell on Windows (`shell_quote`).
//! - **Swapping a new file in** for the data file so that what it replaced can be looked at
//!   (`swap_in`): an atomic exchange where the system has one (`renameat2(RENAME_EXCHANGE)` on
//!   Linux, `renamex_np(RENAME_SWAP)` on macOS, `ReplaceFileW` with a backup on Windows), and a
//!   look at the file's stamp right before a plain rename where it has none.
//! - **Verify commands** (see `verify`): started in a process group of their own and killed as a
//!   whole (`process_group(0)` and `killpg` on Unix; `CREATE_NEW_PROCESS_GROUP` and `taskkill /T`
//!   on Windows), the system's shell (`sh -c`, `cmd /C`) and its quoting, Ctrl-C as a message.

use std::fs::{self, File, Metadata};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

#[cfg(any(unix, test))]
pub mod decode;

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as sys;

#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as sys;

pub use sys::{
    CAN_SUSPEND, Console, FolderLock, Waker, advice, copy_owner, kill_group, on_interrupt,
    own_process_group, shell_argv, shell_quote, shell_word, suspend, sync_folder, system_zone,
};

/// What the console brought.
#[derive(Debug)]
pub enum Incoming {
    /// A key, mouse event, paste, focus change or resize, as crossterm describes it.
    Event(ratatui::crossterm::event::Event),
    /// What arrived of a paste that was cut: too long, or its end never came.
    CutPaste(String),
    /// A signal for the loop.
    Signal(Signal),
    /// The terminal went away.
    HangUp,
}

/// The signals the loop acts on, whatever the system calls them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// The terminal changed size (SIGWINCH).
    Resize,
    /// Something asked the app to end: SIGTERM, SIGHUP, SIGINT, SIGQUIT; on Windows, the console
    /// window closing, a log-off or a shut-down.
    Stop,
    /// SIGTSTP: give the terminal back and stop. Never sent on Windows.
    Suspend,
    /// SIGCONT: the app was stopped and goes on. Never sent on Windows.
    Continue,
}

/// How a file looked at one moment: which file it was (the same path can name a new file after
/// a rename over it), its size and its times. Two stamps differ when anyone wrote, replaced or
/// touched the file in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    id: file_id::FileId,
    len: u64,
    modified: Option<SystemTime>,
    /// When the file's metadata last changed, where the system keeps it (Unix's ctime): it
    /// moves even when a writer puts the modification time back.
    changed: Option<(i64, i64)>,
}

impl FileStamp {
    /// The stamp of the file at `path` now; `None` when there is none (or it can't be read).
    pub fn of(path: &Path) -> Option<FileStamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(FileStamp {
            id: sys::file_id(path, &meta)?,
            len: meta.len(),
            modified: meta.modified().ok(),
            changed: sys::changed_time(&meta),
        })
    }

    /// The stamp of an open file: the file it is, whatever name it has now.
    pub fn of_file(file: &File) -> Option<FileStamp> {
        let meta = file.metadata().ok()?;
        Some(FileStamp {
            id: sys::open_file_id(file, &meta)?,
            len: meta.len(),
            modified: meta.modified().ok(),
            changed: sys::changed_time(&meta),
        })
    }

    /// Whether the two stamps are of one file (the same inode, or volume and file index),
    /// whatever was written to it.
    pub fn same_file(&self, other: &FileStamp) -> bool {
        self.id == other.id
    }

    /// The file's size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file was empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Opens the file at `path` for reading if it is a regular file, and refuses anything else
/// with kind `InvalidInput` and words a message can quote after the file's name ("it is a
/// named pipe (FIFO), not a regular file"). The type is checked on the open handle, so it cannot
/// change between the check and the read; on Unix the file is opened without blocking, so a FIFO
/// with no writer is refused at once instead of hanging.
pub fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    let file = sys::open_for_reading(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        let what = sys::kind_of(&meta.file_type());
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {what}, not a regular file"),
        ));
    }
    Ok((file, meta))
}

/// How long ago the file was last written or, where the system keeps it, had its metadata
/// changed (Unix's ctime, which a rename moves: a file that was just renamed counts as fresh
/// however old its content). `None` when the times can't be read or lie in the future.
pub fn untouched_for(meta: &Metadata) -> Option<Duration> {
    let modified = meta.modified().ok()?;
    let last = match sys::changed_time(meta) {
        Some((secs, nanos)) => {
            let changed = u64::try_from(secs).ok().map(|s| {
                SystemTime::UNIX_EPOCH + Duration::new(s, u32::try_from(nanos).unwrap_or(0))
            })?;
            modified.max(changed)
        }
        None => modified,
    };
    SystemTime::now().duration_since(last).ok()
}

/// How `swap_in` put the new file in the data file's place.
#[derive(Debug, PartialEq, Eq)]
pub enum SwapIn {
    /// The two were exchanged in one step: the new file is in place, and the file it replaced
    /// now lies at `old`, to be compared with what was read.
    Swapped { old: PathBuf },
    /// The new file is in place, and nothing that was not as read was replaced: there was no
    /// file, and none was made meanwhile (the move never replaces one); or, where the system
    /// cannot exchange, the file had the stamp it was read with right before a plain rename
    /// replaced it.
    Placed,
    /// The file in place was moved to `old`, but the new file could not take its place (Windows,
    /// when a file appeared between the two steps of `ReplaceFileW`). The new file is still where
    /// it was written.
    Displaced { old: PathBuf },
    /// Nothing moved: the file in place is not the one read (a file appeared where there was
    /// none, or, without an exchange, its stamp changed). Read it again.
    Changed,
}

/// What the system's exchange did (see `swap_in`).
#[derive(Debug)]
enum Exchange {
    /// Exchanged; what was in place is at the path given.
    Done(PathBuf),
    /// Moved aside to the path given, the new file not in place (see `SwapIn::Displaced`).
    #[cfg_attr(unix, allow(dead_code, reason = "only Windows moves in two steps"))]
    Displaced(PathBuf),
    /// No file was in place.
    NoTarget,
    /// Nothing moved, because another writer got in between the steps; try again.
    #[cfg_attr(unix, allow(dead_code, reason = "only Windows moves in two steps"))]
    Interrupted,
    /// The system or its file system cannot exchange.
    Unsupported,
}

/// What the system's move that never replaces did (see `swap_in`).
#[derive(Debug)]
enum Create {
    Done,
    /// A file is in place: nothing moved.
    Exists,
    /// The system or its file system cannot refuse to replace.
    Unsupported,
}

/// Puts the file just written at `new` (open as `file`, written and synced) in place of
/// `target`, so that no change another writer made is lost without being looked at.
/// `read` is the stamp of the file the content was merged from (`None`: there was none).
/// `aside` reserves a fresh name beside the target, for systems that must move the old file to
/// a name of their own (Windows). Returns how it went and the new file's stamp once in place.
///
/// With a file to replace, the two are exchanged atomically, and the old one is left at a temp
/// name for the caller to compare with what it read. Without one, the new file is moved in
/// without ever replacing a file that appeared meanwhile. Where the system cannot do either, the
/// target's stamp is compared with `read` right before a plain rename: a writer that replaces
/// the file between that look and the rename (microseconds) is not seen.
///
/// An error means that nothing moved: the new file is still at `new`.
pub fn swap_in(
    file: File,
    new: &Path,
    target: &Path,
    read: Option<&FileStamp>,
    aside: &mut dyn FnMut() -> io::Result<PathBuf>,
) -> io::Result<(SwapIn, Option<FileStamp>)> {
    // Where a file can be renamed while open, its handle tells its stamp once in place, whatever
    // another writer does to the name meanwhile; elsewhere it is closed first.
    let kept = sys::RENAME_OPEN_FILES.then_some(file);
    let outcome = match read {
        None => create(new, target)?,
        Some(read) => match sys::exchange(new, target, aside)? {
            Exchange::Done(old) => SwapIn::Swapped { old },
            Exchange::Displaced(old) => SwapIn::Displaced { old },
            Exchange::NoTarget => create(new, target)?,
            Exchange::Interrupted => SwapIn::Changed,
            Exchange::Unsupported => match FileStamp::of(target) {
                None => create(new, target)?,
                Some(now) if now == *read => {
                    fs::rename(new, target)?;
                    SwapIn::Placed
                }
                Some(_) => SwapIn::Changed,
            },
        },
    };
    let stamp = match (&outcome, kept) {
        (SwapIn::Swapped { .. } | SwapIn::Placed, Some(file)) => FileStamp::of_file(&file),
        (SwapIn::Swapped { .. } | SwapIn::Placed, None) => FileStamp::of(target),
        _ => None,
    };
    Ok((outcome, stamp))
}

/// Moves `new` to `target` if nothing is there, never replacing a file that appeared meanwhile.
fn create(new: &Path, target: &Path) -> io::Result<SwapIn> {
    Ok(match sys::rename_new(new, target)? {
        Create::Done => SwapIn::Placed,
        Create::Exists => SwapIn::Changed,
        // The closest: look, then rename. A file made between the two is replaced unseen.
        Create::Unsupported if fs::symlink_metadata(target).is_ok() => SwapIn::Changed,
        Create::Unsupported => {
            fs::rename(new, target)?;
            SwapIn::Placed
        }
    })
}

/// What `swap_back` did.
#[derive(Debug, PartialEq, Eq)]
pub enum SwappedBack {
    /// `a`'s file is at `b`, and what was at `b` now lies at the path given.
    Done(PathBuf),
    /// What was at `b` now lies at the path given, but `a`'s file could not take its place
    /// (Windows, as `SwapIn::Displaced`): it is still at `a`.
    Displaced(PathBuf),
    /// Nothing moved.
    NotDone,
}

/// Exchanges the files at `a` and `b` again, to undo a `SwapIn::Swapped`.
pub fn swap_back(
    a: &Path,
    b: &Path,
    aside: &mut dyn FnMut() -> io::Result<PathBuf>,
) -> io::Result<SwappedBack> {
    Ok(match sys::exchange(a, b, aside)? {
        Exchange::Done(old) => SwappedBack::Done(old),
        Exchange::Displaced(old) => SwappedBack::Displaced(old),
        Exchange::NoTarget | Exchange::Interrupted | Exchange::Unsupported => SwappedBack::NotDone,
    })
}

/// Whether `path` names something other than a regular file that already exists — a device, a
/// FIFO, a socket, a console — which a writer must write into rather than replace.
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Whether a file the user named for output must be written into as it is, never replaced by a
/// new file renamed over it: something other than a regular file (`is_special`: `/dev/null`, a
/// FIFO, the pipe of a shell's `>(…)`), an open descriptor of this process (`/dev/stdout`,
/// `/dev/fd/3`) whatever it leads to, or a device by its system name (Windows's `NUL`, `CON`).
pub fn writes_in_place(path: &Path) -> bool {
    is_special(path) || sys::descriptor(path).is_some() || sys::is_device_name(path)
}

/// Whether `path` names this process's standard output (`/dev/stdout`, `/dev/fd/1`,
/// `/proc/self/fd/1`): writing to the open handle keeps its place in the file (after what a
/// shell wrote before, or at the end of a `>>` file), where opening the name again would start at
/// the beginning.
pub fn names_stdout(path: &Path) -> bool {
    sys::descriptor(path).is_some_and(|fd| fd == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_changes_with_a_write_and_with_a_rename_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        assert_eq!(FileStamp::of(&path), None);
        std::fs::write(&path, b"one").unwrap();
        let first = FileStamp::of(&path).unwrap();
        assert_eq!(first.len(), 3);
        assert_eq!(FileStamp::of(&path), Some(first));
        // Same size, and a rename over it: only the identity tells.
        let other = dir.path().join("g.json");
        std::fs::write(&other, b"two").unwrap();
        let keep_other_alive = File::open(&other).unwrap();
        std::fs::rename(&other, &path).unwrap();
        let second = FileStamp::of(&path).unwrap();
        assert_ne!(first, second);
        drop(keep_other_alive);
        std::fs::write(&path, b"longer").unwrap();
        let third = FileStamp::of(&path).unwrap();
        assert_ne!(second, third);
        assert_eq!(third.len(), 6);
    }

    #[test]
    fn only_regular_files_are_opened() {
        let dir = tempfile::tempdir().unwrap();
        let e = open_regular(dir.path()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        assert!(e.to_string().contains("a directory"), "{e}");
        let path = dir.path().join("f");
        std::fs::write(&path, b"x").unwrap();
        assert!(open_regular(&path).is_ok());
        assert!(!is_special(&path));
        assert!(!is_special(dir.path()));
        assert!(!is_special(&dir.path().join("none")));
    }

    fn written(path: &Path, bytes: &str) -> File {
        std::fs::write(path, bytes).unwrap();
        File::open(path).unwrap()
    }

    /// A fresh name beside the file, for a system that moves the replaced file to one (Windows).
    fn aside(dir: &Path) -> impl FnMut() -> io::Result<PathBuf> {
        let mut n = 0;
        move || {
            n += 1;
            let path = dir.join(format!(".f.json.aside{n}"));
            File::create_new(&path)?;
            Ok(path)
        }
    }

    /// Where the system can exchange two files; elsewhere a swap is a plain rename (`Placed`).
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    #[test]
    fn a_swap_leaves_the_replaced_file_at_the_new_files_name() {
        let dir = tempfile::tempdir().unwrap();
        let (target, new) = (dir.path().join("f.json"), dir.path().join(".f.json.AAAAAA"));
        std::fs::write(&target, "old").unwrap();
        let read = FileStamp::of(&target).unwrap();
        let file = written(&new, "new");

        let (outcome, stamp) =
            swap_in(file, &new, &target, Some(&read), &mut aside(dir.path())).unwrap();

        assert_eq!(outcome, SwapIn::Swapped { old: new.clone() });
        // On Linux and macOS the replaced file takes the new file's name.
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&new).unwrap(), "old");
        assert_eq!(stamp, FileStamp::of(&target));
        assert!(FileStamp::of(&new).unwrap().same_file(&read));

        // And back.
        let back = swap_back(&new, &target, &mut aside(dir.path())).unwrap();
        // What was swapped in goes back out to the name it came from.
        assert_eq!(back, SwappedBack::Done(new.clone()));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    }

    #[test]
    fn a_new_file_never_replaces_one_made_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let (target, new) = (dir.path().join("f.json"), dir.path().join(".f.json.BBBBBB"));
        let file = written(&new, "ours");
        std::fs::write(&target, "theirs").unwrap();

        let (outcome, stamp) = swap_in(file, &new, &target, None, &mut aside(dir.path())).unwrap();

        assert_eq!(outcome, SwapIn::Changed);
        assert_eq!(stamp, None);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "theirs");
        assert_eq!(std::fs::read_to_string(&new).unwrap(), "ours");

        std::fs::remove_file(&target).unwrap();
        let file = File::open(&new).unwrap();
        let (outcome, stamp) = swap_in(file, &new, &target, None, &mut aside(dir.path())).unwrap();
        assert_eq!(outcome, SwapIn::Placed);
        assert_eq!(stamp, FileStamp::of(&target));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "ours");
        assert!(!new.exists());
    }

    #[test]
    fn a_file_deleted_since_it_was_read_is_simply_written() {
        let dir = tempfile::tempdir().unwrap();
        let (target, new) = (dir.path().join("f.json"), dir.path().join(".f.json.CCCCCC"));
        std::fs::write(&target, "old").unwrap();
        let read = FileStamp::of(&target).unwrap();
        std::fs::remove_file(&target).unwrap();
        let file = written(&new, "new");

        let (outcome, _) =
            swap_in(file, &new, &target, Some(&read), &mut aside(dir.path())).unwrap();

        assert_eq!(outcome, SwapIn::Placed);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert!(!new.exists());
    }

    #[test]
    fn a_missing_new_file_is_an_error_and_moves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("f.json");
        std::fs::write(&target, "old").unwrap();
        let read = FileStamp::of(&target).unwrap();
        let new = dir.path().join(".f.json.DDDDDD");
        let file = written(&new, "new");
        std::fs::remove_file(&new).unwrap();

        assert!(swap_in(file, &new, &target, Some(&read), &mut aside(dir.path())).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    }
}
