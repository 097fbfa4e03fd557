//! The Unix side. The console (terminal input, signals, the wake-up pipe) is in `console`;
//! here are files.
//!
//! The save lock is `flock(2)` on the data file's folder, opened read-only: it makes no file,
//! and every process that names the folder, by any path, takes the same lock. Files are swapped
//! in with `renameat2(2)` on Linux (`RENAME_EXCHANGE`, and `RENAME_NOREPLACE` where there is no
//! file yet) and `renamex_np(2)` on macOS (`RENAME_SWAP`, `RENAME_EXCL`); other systems, and file
//! systems that refuse those flags (some network and FUSE ones), get the plain rename.

mod console;
mod process;

pub use console::{Console, Waker, suspend};
pub use process::{kill_group, on_interrupt, own_process_group, shell_argv, shell_word};

use std::fs::{File, FileType, Metadata, OpenOptions, TryLockError};
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::{Create, Exchange};

/// Ctrl-Z gives the terminal back and stops the process; `fg` continues it.
pub const CAN_SUSPEND: bool = true;

/// The zone in `/etc/localtime`, read as one file (see `clock::local_zone`).
pub fn system_zone() -> Option<jiff::tz::TimeZone> {
    crate::clock::from_file(Path::new("/etc/localtime"), "localtime")
}

/// What to do about an error whose system words don't say it: on Unix they do (and another
/// program's open never stops a read or a write: no mandatory locks or share modes).
pub fn advice(_e: &io::Error) -> Option<&'static str> {
    None
}

/// The file's identity: its device and inode, from the metadata already read.
pub(super) fn file_id(_path: &Path, meta: &Metadata) -> Option<file_id::FileId> {
    Some(file_id::FileId::new_inode(meta.dev(), meta.ino()))
}

/// The file's ctime: when its inode last changed.
pub(super) fn changed_time(meta: &Metadata) -> Option<(i64, i64)> {
    Some((meta.ctime(), meta.ctime_nsec()))
}

/// Opens without blocking, so a FIFO with no writer does not hang the open.
pub(super) fn open_for_reading(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

pub(super) fn kind_of(t: &FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

/// The number of this process's open descriptor that `path` names, if it names one: a name in
/// the folder of open descriptors (`/dev/fd/3`, `/proc/self/fd/3`, symlinks resolved), or a
/// symlink to one (`/dev/stdout`, a link to `/proc/self/fd/1`, or on macOS to `fd/1`).
pub(super) fn descriptor(path: &Path) -> Option<u32> {
    let fd_dirs: Vec<PathBuf> = ["/proc/self/fd", "/dev/fd"]
        .iter()
        .filter_map(|d| std::fs::canonicalize(d).ok())
        .collect();
    let in_fd_dir = |p: &Path| -> Option<u32> {
        let dir = std::fs::canonicalize(p.parent()?).ok()?;
        if !fd_dirs.contains(&dir) {
            return None;
        }
        p.file_name()?.to_str()?.parse().ok()
    };
    if let Some(fd) = in_fd_dir(path) {
        return Some(fd);
    }
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return None;
    }
    let link = std::fs::read_link(path).ok()?;
    let target = if link.is_absolute() {
        link
    } else {
        path.parent()?.join(link)
    };
    in_fd_dir(&target)
}

/// `arg` written so that a POSIX shell (sh, bash, zsh) reads it back as one word: quoted where it
/// holds anything beyond letters, digits and a few safe marks (spaces, `'`, `$`, `*`, …), by
/// `shlex`. A NUL, which no argument can carry, is dropped.
pub fn shell_quote(arg: &str) -> String {
    let arg = arg.replace('\0', "");
    shlex::try_quote(&arg).map_or(arg.clone(), |quoted| quoted.into_owned())
}

/// Unix names its devices by paths, which `is_special` sees.
pub(super) fn is_device_name(_path: &Path) -> bool {
    false
}

/// A lock on a folder: `flock` on the folder itself, opened read-only.
#[derive(Debug)]
pub struct FolderLock(File);

impl FolderLock {
    /// Opens the folder to lock it; fails where it cannot be opened (no read permission).
    pub fn open(dir: &Path) -> io::Result<FolderLock> {
        File::open(dir).map(FolderLock)
    }

    /// Takes the lock if it is free: `Ok(false)` when another holds it. Closing (dropping)
    /// releases it.
    pub fn try_lock(&mut self) -> io::Result<bool> {
        match self.0.try_lock() {
            Ok(()) => Ok(true),
            Err(TryLockError::WouldBlock) => Ok(false),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }
}

/// Gives a new file the owner and group of the one it replaces, where this process may (root,
/// or a group it belongs to); otherwise the new file stays ours, as any rename-writer leaves it.
pub fn copy_owner(file: &File, like: &Metadata) {
    let _ = std::os::unix::fs::fchown(file, Some(like.uid()), Some(like.gid()));
}

/// Writes the folder's entries to the disk, so a rename in it survives a crash.
pub fn sync_folder(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// An open file can be renamed and exchanged, and its handle keeps naming it.
pub(super) const RENAME_OPEN_FILES: bool = true;

/// The identity of an open file: its device and inode.
pub(super) fn open_file_id(_file: &File, meta: &Metadata) -> Option<file_id::FileId> {
    Some(file_id::FileId::new_inode(meta.dev(), meta.ino()))
}

/// The two ways of renaming this side knows beyond the plain one.
#[derive(Clone, Copy)]
enum Rename {
    /// Exchange the two names atomically.
    Exchange,
    /// Rename only if nothing has the new name.
    NoReplace,
}

/// Whether a rename with flags failed because the system or the file system has no such
/// rename (an old kernel, a file system without it, a seccomp filter that forbids the call):
/// the plain rename is then the closest. A real refusal (permissions) fails that one too.
fn unsupported(e: &io::Error) -> bool {
    // EOPNOTSUPP and ENOTSUP are one number on Linux, two on macOS.
    let codes = [
        libc::EINVAL,
        libc::ENOSYS,
        libc::EOPNOTSUPP,
        libc::ENOTSUP,
        libc::EPERM,
    ];
    e.kind() == io::ErrorKind::Unsupported || codes.iter().any(|&c| e.raw_os_error() == Some(c))
}

/// Exchanges `new` and `target`: afterwards `new` names the file that was in place.
pub(super) fn exchange(
    new: &Path,
    target: &Path,
    _aside: &mut dyn FnMut() -> io::Result<PathBuf>,
) -> io::Result<Exchange> {
    match rename_with(new, target, Rename::Exchange) {
        Ok(()) => Ok(Exchange::Done(new.to_owned())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // Which one is missing: the target is no error, the new file is.
            match std::fs::symlink_metadata(new) {
                Ok(_) => Ok(Exchange::NoTarget),
                Err(_) => Err(e),
            }
        }
        Err(e) if unsupported(&e) => Ok(Exchange::Unsupported),
        Err(e) => Err(e),
    }
}

/// Moves `new` to `target` only if nothing is there.
pub(super) fn rename_new(new: &Path, target: &Path) -> io::Result<Create> {
    match rename_with(new, target, Rename::NoReplace) {
        Ok(()) => Ok(Create::Done),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(Create::Exists),
        Err(e) if unsupported(&e) => Ok(Create::Unsupported),
        Err(e) => Err(e),
    }
}

#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
))]
fn c_path(path: &Path) -> io::Result<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a path holds a NUL byte"))
}

/// `renameat2(2)`, called through `syscall` so that it works whatever C library the binary is
/// linked with (musl and older glibc lack the wrapper).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn rename_with(from: &Path, to: &Path, how: Rename) -> io::Result<()> {
    let (from, to) = (c_path(from)?, c_path(to)?);
    let flags = match how {
        Rename::Exchange => libc::RENAME_EXCHANGE,
        Rename::NoReplace => libc::RENAME_NOREPLACE,
    };
    // SAFETY: two valid NUL-terminated paths that outlive the call, and the flags the call takes.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            flags,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `renamex_np(2)`: `RENAME_SWAP` exchanges, `RENAME_EXCL` refuses to replace (APFS and HFS+
/// have both).
#[cfg(any(target_os = "macos", target_os = "ios"))]
fn rename_with(from: &Path, to: &Path, how: Rename) -> io::Result<()> {
    let (from, to) = (c_path(from)?, c_path(to)?);
    let flags = match how {
        Rename::Exchange => libc::RENAME_SWAP,
        Rename::NoReplace => libc::RENAME_EXCL,
    };
    // SAFETY: two valid NUL-terminated paths that outlive the call, and the flags the call takes.
    if unsafe { libc::renamex_np(from.as_ptr(), to.as_ptr(), flags) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Other systems have neither rename: the caller falls back to the plain one.
#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
)))]
fn rename_with(_from: &Path, _to: &Path, _how: Rename) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_and_a_device_are_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let e = super::super::open_regular(Path::new("/dev/zero")).unwrap_err();
        assert!(e.to_string().contains("a character device"), "{e}");
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = super::super::open_regular(&fifo).unwrap_err();
        assert!(e.to_string().contains("named pipe"), "{e}");
        assert!(super::super::is_special(&fifo));
        assert!(super::super::is_special(Path::new("/dev/null")));
    }

    #[test]
    fn a_quoted_argument_reads_back_whole_in_a_shell() {
        let name = "progress (Ana's conflicted copy 2026-11-26) $HOME `x`.json";
        let quoted = shell_quote(name);
        assert_eq!(shlex::split(&quoted), Some(vec![name.to_owned()]));
        assert_eq!(
            shell_quote("/home/ana/progress.sync-conflict-1.json"),
            "/home/ana/progress.sync-conflict-1.json"
        );
        assert_eq!(shell_quote("a\0b c"), "'ab c'");
    }

    #[test]
    fn the_names_of_open_descriptors_are_known() {
        assert_eq!(descriptor(Path::new("/dev/stdout")), Some(1));
        assert_eq!(descriptor(Path::new("/dev/stderr")), Some(2));
        assert_eq!(descriptor(Path::new("/dev/fd/1")), Some(1));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(descriptor(&file), None);
        assert_eq!(descriptor(&dir.path().join("none")), None);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert_eq!(descriptor(&link), None);
        assert!(super::super::names_stdout(Path::new("/dev/stdout")));
        assert!(!super::super::writes_in_place(&file));
        assert!(super::super::writes_in_place(Path::new("/dev/null")));
    }
}
