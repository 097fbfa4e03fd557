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
//!
//! The save lock is std's `File::lock` on both sides (`flock` on Unix, `LockFileEx` on Windows),
//! so it needs nothing here.

use std::fs::{File, Metadata};
use std::io;
use std::path::Path;
use std::time::SystemTime;

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

pub use sys::{CAN_SUSPEND, Console, Waker, advice, suspend, system_zone};

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

/// Whether `path` names something other than a regular file that already exists — a device, a
/// FIFO, a socket, a console — which a writer must write into rather than replace.
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
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
}
