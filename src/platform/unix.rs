//! The Unix side: the terminal is a file descriptor whose bytes are decoded here (see `decode`),
//! signals arrive through a self-pipe (signal-hook), and other threads wake the wait through a
//! pipe of their own. All three are waited on in one call on the loop's thread, with no timeout
//! unless a paste or escape sequence is unfinished, so an idle app wakes for nothing and a key
//! is read and decoded where it is handled.
//!
//! The wait is `poll(2)`, except on macOS, whose `poll` does not support devices (its man page
//! says so under BUGS): a terminal is a device, so there it is `select(2)`.
//!
//! The save lock is `flock(2)` on the data file's folder, opened read-only: it makes no file,
//! and every process that names the folder, by any path, takes the same lock. Files are swapped
//! in with `renameat2(2)` on Linux (`RENAME_EXCHANGE`, and `RENAME_NOREPLACE` where there is no
//! file yet) and `renamex_np(2)` on macOS (`RENAME_SWAP`, `RENAME_EXCL`); other systems, and file
//! systems that refuse those flags (some network and FUSE ones), get the plain rename.

use std::collections::VecDeque;
use std::fs::{File, FileType, Metadata, OpenOptions, TryLockError};
use std::io::{self, Read as _, Write as _};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use signal_hook::iterator::backend::SignalDelivery;
use signal_hook::iterator::exfiltrator::SignalOnly;

use super::decode::{Decoder, Input};
use super::{Create, Exchange, Incoming, Signal};

/// Ctrl-Z gives the terminal back and stops the process; `fg` continues it.
pub const CAN_SUSPEND: bool = true;

/// Wakes the console's wait from another thread.
#[derive(Clone)]
pub struct Waker(Arc<UnixStream>);

impl Waker {
    pub fn wake(&self) {
        // A full pipe already holds a wake-up: nothing is lost by not writing another.
        let _ = (&*self.0).write(&[1]);
    }
}

/// The terminal's input, the signals and the wake-up pipe.
pub struct Console {
    /// /dev/tty when standard input is not the terminal.
    _tty: Option<File>,
    tty_fd: RawFd,
    /// Set once the terminal has hung up: it is not waited on again (it would be ready for ever).
    tty_gone: bool,
    decoder: Decoder,
    buf: Vec<u8>,
    signals: SignalDelivery<UnixStream, SignalOnly>,
    wake: UnixStream,
    wake_write: Arc<UnixStream>,
}

/// The most bytes taken from the terminal in one read.
const READ_SIZE: usize = 64 * 1024;

impl Console {
    /// Opens the terminal's input and registers the signals: the ones that end the app, the
    /// resize, and job control. Catching SIGTSTP replaces its default (stopping at once, with
    /// the terminal still taken): the loop gives the terminal back first, then stops itself.
    pub fn open() -> io::Result<Console> {
        // Read standard input when it is a terminal, else /dev/tty, as crossterm would.
        // SAFETY: isatty only inspects the descriptor.
        let tty: Option<File> = if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
            None
        } else {
            Some(File::open("/dev/tty")?)
        };
        let tty_fd = tty.as_ref().map_or(libc::STDIN_FILENO, |f| f.as_raw_fd());
        let (read, write) = UnixStream::pair()?;
        let signals = SignalDelivery::with_pipe(
            read,
            write,
            SignalOnly,
            [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT],
        )?;
        let (wake, wake_write) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        wake_write.set_nonblocking(true)?;
        Ok(Console {
            _tty: tty,
            tty_fd,
            tty_gone: false,
            decoder: Decoder::default(),
            buf: vec![0u8; READ_SIZE],
            signals,
            wake,
            wake_write: Arc::new(wake_write),
        })
    }

    /// A waker for other threads.
    pub fn waker(&self) -> Waker {
        Waker(Arc::clone(&self.wake_write))
    }

    /// Waits until the terminal has input, a signal comes or the waker is called (`block`), or
    /// only looks (`!block`), and appends what came to `out`. It may return with nothing: after
    /// a wake-up, or when only part of a sequence came.
    pub fn wait(&mut self, block: bool, out: &mut VecDeque<Incoming>) -> io::Result<()> {
        // Only an unfinished paste or escape sequence gives the wait an end.
        let timeout = if block {
            self.decoder.pending_deadline().map(|deadline| {
                let left = deadline.saturating_duration_since(Instant::now());
                // Rounded up to whole milliseconds, so a wait that long reaches the deadline.
                Duration::from_millis(
                    u64::try_from(left.as_micros().div_ceil(1000)).unwrap_or(u64::MAX),
                )
            })
        } else {
            Some(Duration::ZERO)
        };
        let tty = (!self.tty_gone).then_some(self.tty_fd);
        let fds = [
            tty,
            Some(self.signals.get_read().as_raw_fd()),
            Some(self.wake.as_raw_fd()),
        ];
        let ready = wait_readable(fds, timeout)?;
        if ready.hung_up[0] {
            self.hang_up(out);
        }
        if ready.readable == [false; 3] {
            let inputs = self.decoder.timeout(Instant::now());
            take_inputs(inputs, out);
            return Ok(());
        }
        if ready.readable[0] {
            self.read_terminal(out);
        }
        if ready.readable[1] {
            for signal in self.signals.pending() {
                out.push_back(Incoming::Signal(match signal {
                    SIGWINCH => Signal::Resize,
                    SIGTSTP => Signal::Suspend,
                    SIGCONT => Signal::Continue,
                    _ => Signal::Stop,
                }));
            }
        }
        if ready.readable[2] {
            let mut drain = [0u8; 256];
            while matches!((&self.wake).read(&mut drain), Ok(n) if n > 0) {}
        }
        Ok(())
    }

    fn hang_up(&mut self, out: &mut VecDeque<Incoming>) {
        if !self.tty_gone {
            self.tty_gone = true;
            out.push_back(Incoming::HangUp);
        }
    }

    /// Reads what the terminal has and decodes it.
    fn read_terminal(&mut self, out: &mut VecDeque<Incoming>) {
        if self.tty_gone {
            return;
        }
        match read_some(self.tty_fd, &mut self.buf) {
            ReadSome::Bytes(n) => {
                let full = n == self.buf.len();
                let inputs = self.decoder.feed(&self.buf[..n], full, Instant::now());
                take_inputs(inputs, out);
            }
            ReadSome::Nothing => {}
            ReadSome::HungUp => self.hang_up(out),
        }
    }
}

fn take_inputs(inputs: Vec<Input>, out: &mut VecDeque<Incoming>) {
    out.extend(inputs.into_iter().map(|input| match input {
        Input::Event(event) => Incoming::Event(event),
        Input::CutPaste(text) => Incoming::CutPaste(text),
    }));
}

/// Which of the descriptors a wait found readable, and which hung up.
struct Ready {
    readable: [bool; 3],
    hung_up: [bool; 3],
}

/// Waits until one of `fds` (`None`: left out) is readable, or `timeout` (`None`: for ever).
#[cfg(not(target_os = "macos"))]
fn wait_readable(fds: [Option<RawFd>; 3], timeout: Option<Duration>) -> io::Result<Ready> {
    let mut pollfds = fds.map(|fd| libc::pollfd {
        // A negative descriptor is left out of the poll.
        fd: fd.unwrap_or(-1),
        events: libc::POLLIN,
        revents: 0,
    });
    let timeout = timeout.map_or(-1, |t| {
        libc::c_int::try_from(t.as_millis()).unwrap_or(libc::c_int::MAX)
    });
    loop {
        // SAFETY: three valid pollfds, owned by this frame, for the duration of the call.
        let n = unsafe { libc::poll(pollfds.as_mut_ptr(), 3, timeout) };
        if n >= 0 {
            break;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    Ok(Ready {
        readable: pollfds.map(|p| p.revents & libc::POLLIN != 0),
        hung_up: pollfds.map(|p| p.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0),
    })
}

/// Waits until one of `fds` (`None`: left out) is readable, or `timeout` (`None`: for ever).
/// A hang-up shows as readable, and the read that follows finds it.
#[cfg(target_os = "macos")]
fn wait_readable(fds: [Option<RawFd>; 3], timeout: Option<Duration>) -> io::Result<Ready> {
    loop {
        // SAFETY: an fd_set is plain data; FD_ZERO initialises it, and every descriptor set in
        // it is open and below FD_SETSIZE (checked), as select requires.
        let mut set: libc::fd_set = unsafe { std::mem::zeroed() };
        unsafe { libc::FD_ZERO(&mut set) };
        let mut highest = -1;
        for fd in fds.into_iter().flatten() {
            if fd >= libc::FD_SETSIZE as RawFd {
                return Err(io::Error::other("descriptor too large for select"));
            }
            unsafe { libc::FD_SET(fd, &mut set) };
            highest = highest.max(fd);
        }
        let mut tv = timeout.map(|t| libc::timeval {
            tv_sec: libc::time_t::try_from(t.as_secs()).unwrap_or(libc::time_t::MAX),
            tv_usec: libc::suseconds_t::try_from(t.subsec_micros()).unwrap_or(0),
        });
        let tv_ptr = tv
            .as_mut()
            .map_or(std::ptr::null_mut(), |tv| tv as *mut libc::timeval);
        // SAFETY: the set and timeval live in this frame for the duration of the call.
        let n = unsafe {
            libc::select(
                highest + 1,
                &mut set,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                tv_ptr,
            )
        };
        if n < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        // SAFETY: the set was filled by select.
        let readable = fds.map(|fd| fd.is_some_and(|fd| unsafe { libc::FD_ISSET(fd, &set) }));
        return Ok(Ready {
            readable,
            hung_up: [false; 3],
        });
    }
}

/// What a read of the terminal gave.
enum ReadSome {
    Bytes(usize),
    /// Nothing after all (a descriptor left non-blocking): wait again.
    Nothing,
    /// End of file or an error such as EIO: the terminal is gone.
    HungUp,
}

fn read_some(fd: RawFd, buf: &mut [u8]) -> ReadSome {
    loop {
        // SAFETY: `buf` is valid for writes of its whole length for the duration of the call.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n > 0 {
            return ReadSome::Bytes(n.unsigned_abs());
        }
        if n == 0 {
            return ReadSome::HungUp;
        }
        match io::Error::last_os_error().kind() {
            io::ErrorKind::Interrupted => continue,
            io::ErrorKind::WouldBlock => return ReadSome::Nothing,
            _ => return ReadSome::HungUp,
        }
    }
}

/// Stops the process, as the shell's Ctrl-Z would; returns once it is continued (`fg`).
pub fn suspend() {
    // SIGSTOP rather than SIGTSTP: SIGTSTP is caught (it is what brought us here).
    // SAFETY: raise only sends a signal to this process.
    unsafe {
        libc::raise(libc::SIGSTOP);
    }
}

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

    #[test]
    fn a_wake_up_ends_a_wait_that_has_no_end() {
        let (read, write) = UnixStream::pair().unwrap();
        let waker = Waker(Arc::new(write));
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            waker.wake();
        });
        let ready = wait_readable([None, None, Some(read.as_raw_fd())], None).unwrap();
        assert_eq!(ready.readable, [false, false, true]);
        let ready = wait_readable([None, None, None], Some(Duration::ZERO)).unwrap();
        assert_eq!(ready.readable, [false; 3]);
    }
}
