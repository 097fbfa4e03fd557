//! The Windows side: the console's input comes through crossterm's event source (keys, mouse,
//! resize; a paste arrives as the keys it types) on one thread of its own, which feeds the same
//! wait as the other threads' wake-ups. Ctrl-C is a key while the terminal is raw, so it quits
//! as `q` does. Closing the console window, logging off and shutting down arrive through the
//! console's control handler as a request to stop, and the handler holds the process for a few
//! seconds so that the loop can save. There is no job control: no suspend.
//!
//! A folder cannot be locked on Windows, so the save lock is a named mutex in the `Global\`
//! namespace called after the data folder's identity (volume and file id): every process on this
//! machine that saves into the folder, by whatever path, takes the same one, and none leaves a
//! file behind. A mutex another user made cannot be opened (its default security admits only its
//! maker); such a writer goes on without the lock, which only costs work (see `state::lock`).
//! There is no atomic exchange of two files: `ReplaceFileW` with a backup name is the closest. It
//! moves the file in place to the backup name, then the new file into its place; the file moved
//! aside is compared with what was read, as an exchanged file is on Unix. It is two steps, not
//! one: a writer that gets in between makes it fail with its documented errors
//! (`ERROR_UNABLE_TO_MOVE_REPLACEMENT`, both files under their names; `_2`, the old file under
//! the backup name), and the save reads the file again, or looks at the file moved aside, and
//! tries again (see `Exchange`).

use std::collections::VecDeque;
use std::ffi::OsStr;
use std::fs::{File, FileType, Metadata};
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::os::windows::io::AsRawHandle;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use ratatui::crossterm::event;
use windows_sys::Win32::Foundation::{
    CloseHandle, ERROR_ALREADY_EXISTS, ERROR_FILE_EXISTS, ERROR_FILE_NOT_FOUND,
    ERROR_INVALID_FUNCTION, ERROR_INVALID_PARAMETER, ERROR_NOT_SUPPORTED,
    ERROR_UNABLE_TO_MOVE_REPLACEMENT, ERROR_UNABLE_TO_MOVE_REPLACEMENT_2, FALSE, HANDLE, TRUE,
    WAIT_ABANDONED, WAIT_OBJECT_0, WAIT_TIMEOUT,
};
use windows_sys::Win32::Storage::FileSystem::{
    BY_HANDLE_FILE_INFORMATION, FILE_ID_INFO, FileIdInfo, GetFileInformationByHandle,
    GetFileInformationByHandleEx, MOVEFILE_WRITE_THROUGH, MoveFileExW,
    REPLACEFILE_IGNORE_ACL_ERRORS, REPLACEFILE_IGNORE_MERGE_ERRORS, ReplaceFileW,
};
use windows_sys::Win32::System::Console::{
    CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT, SetConsoleCtrlHandler,
};
use windows_sys::Win32::System::Threading::{CreateMutexW, ReleaseMutex, WaitForSingleObject};

use super::{Create, Exchange, Incoming, Signal};

mod process;
pub use process::{kill_group, on_interrupt, own_process_group, shell_argv, shell_word};

/// Windows has no job control: Ctrl-Z does not stop the process.
pub const CAN_SUSPEND: bool = false;

/// What reaches the wait: something for the loop, or only a wake-up.
enum Message {
    Incoming(Incoming),
    Wake,
}

/// Wakes the console's wait from another thread.
#[derive(Clone)]
pub struct Waker(Sender<Message>);

impl Waker {
    pub fn wake(&self) {
        let _ = self.0.send(Message::Wake);
    }
}

/// The console's input and control events, on one channel.
pub struct Console {
    rx: Receiver<Message>,
    tx: Sender<Message>,
}

/// Where the control handler sends a request to stop.
static STOP: OnceLock<Mutex<Option<Sender<Message>>>> = OnceLock::new();

/// How long the control handler holds the process after asking the loop to stop: Windows ends
/// it when the handler returns, and allows about five seconds in all for a closing window.
const GRACE: Duration = Duration::from_millis(4500);

unsafe extern "system" fn on_control(kind: u32) -> i32 {
    let stop = STOP
        .get()
        .and_then(|slot| slot.lock().ok().and_then(|tx| tx.clone()));
    let Some(tx) = stop else { return FALSE };
    let _ = tx.send(Message::Incoming(Incoming::Signal(Signal::Stop)));
    if matches!(
        kind,
        CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT
    ) {
        // The process ends when this returns; the loop saves and exits first if it can.
        std::thread::sleep(GRACE);
    }
    TRUE
}

impl Console {
    /// Starts the thread that reads the console, and the control handler.
    pub fn open() -> io::Result<Console> {
        let (tx, rx) = channel();
        let reader = tx.clone();
        std::thread::Builder::new()
            .name("console".into())
            .spawn(move || {
                loop {
                    let incoming = match event::read() {
                        Ok(event) => Incoming::Event(event),
                        Err(_) => Incoming::HangUp,
                    };
                    let gone = matches!(incoming, Incoming::HangUp);
                    if reader.send(Message::Incoming(incoming)).is_err() || gone {
                        return;
                    }
                }
            })?;
        *STOP
            .get_or_init(|| Mutex::new(None))
            .lock()
            .map_err(|_| io::Error::other("the control handler's slot is poisoned"))? =
            Some(tx.clone());
        // SAFETY: the handler is a plain function that lives as long as the process.
        if unsafe { SetConsoleCtrlHandler(Some(on_control), TRUE) } == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Console { rx, tx })
    }

    /// A waker for other threads.
    pub fn waker(&self) -> Waker {
        Waker(self.tx.clone())
    }

    /// Waits until the console has input, a control event comes or the waker is called
    /// (`block`), or only looks (`!block`), and appends what came to `out`.
    pub fn wait(&mut self, block: bool, out: &mut VecDeque<Incoming>) -> io::Result<()> {
        // The console holds a sender, so the channel never closes and `recv` only ends with a
        // message.
        let first = if block {
            self.rx.recv().ok()
        } else {
            self.rx.try_recv().ok()
        };
        let Some(first) = first else { return Ok(()) };
        for message in std::iter::once(first).chain(self.rx.try_iter()) {
            if let Message::Incoming(incoming) = message {
                out.push_back(incoming);
            }
        }
        Ok(())
    }
}

/// Never called: there is no job control (see `CAN_SUSPEND`).
pub fn suspend() {}

/// The zone Windows is set to, as jiff maps it to the time zone database it bundles.
pub fn system_zone() -> Option<jiff::tz::TimeZone> {
    jiff::tz::TimeZone::try_system().ok()
}

/// What to do about an error whose system words don't say it: another program holds the file
/// open without sharing it (ERROR_SHARING_VIOLATION, or ERROR_UNABLE_TO_REMOVE_REPLACED from
/// `ReplaceFileW`) or locks part of it (ERROR_LOCK_VIOLATION);
/// or Windows refused access (ERROR_ACCESS_DENIED), which a rename over a file another program
/// has open also gives.
pub fn advice(e: &io::Error) -> Option<&'static str> {
    match e.raw_os_error() {
        Some(32 | 33 | 1175) => Some(
            "Another program has it open and does not share it (an editor, a sync tool or a \
             backup?): close it and try again",
        ),
        Some(5) => Some(
            "Another program may have it open (an editor, a sync tool or a backup?), or its \
             folder may not be writable: close the program and try again",
        ),
        _ => None,
    }
}

/// A lock on a folder: a named mutex called after the folder's identity (see the module's
/// comment). A mutex belongs to the thread that took it; the handle is not `Send`, so the lock
/// is released on that thread.
#[derive(Debug)]
pub struct FolderLock {
    handle: HANDLE,
    held: bool,
}

impl FolderLock {
    /// Opens (or makes) the folder's mutex.
    pub fn open(dir: &Path) -> io::Result<FolderLock> {
        let key = match file_id::get_file_id(dir)? {
            file_id::FileId::HighRes {
                volume_serial_number,
                file_id,
            } => format!("{volume_serial_number:x}-{file_id:x}"),
            file_id::FileId::LowRes {
                volume_serial_number,
                file_index,
            } => format!("{volume_serial_number:x}-{file_index:x}"),
            file_id::FileId::Inode {
                device_id,
                inode_number,
            } => format!("{device_id:x}-{inode_number:x}"),
        };
        let name = wide(OsStr::new(&format!("Global\\roadmap-tui-save-{key}")));
        // SAFETY: a NUL-terminated name that outlives the call; no security attributes (the
        // default: this user only).
        let handle = unsafe { CreateMutexW(std::ptr::null(), FALSE, name.as_ptr()) };
        if handle.is_null() {
            return Err(io::Error::last_os_error());
        }
        Ok(FolderLock {
            handle,
            held: false,
        })
    }

    /// Takes the lock if it is free: `Ok(false)` when another holds it. A mutex whose holder
    /// died is free (Windows says "abandoned").
    pub fn try_lock(&mut self) -> io::Result<bool> {
        if self.held {
            return Ok(true);
        }
        // SAFETY: a mutex handle this value owns.
        match unsafe { WaitForSingleObject(self.handle, 0) } {
            WAIT_OBJECT_0 | WAIT_ABANDONED => {
                self.held = true;
                Ok(true)
            }
            WAIT_TIMEOUT => Ok(false),
            _ => Err(io::Error::last_os_error()),
        }
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // SAFETY: a mutex handle this value owns, released by the thread that took it (the
        // handle is not Send).
        unsafe {
            if self.held {
                ReleaseMutex(self.handle);
            }
            CloseHandle(self.handle);
        }
    }
}

/// `arg` written so that PowerShell, the shell Windows opens by default, reads it back as one
/// word: as it is when it holds only letters, digits and `\ / : . _ -`, else in single quotes
/// (where PowerShell expands nothing) with each `'` doubled. Typographic quotes count as `'` to
/// PowerShell, so they are doubled too. cmd.exe reads such a word differently; PowerShell is what
/// a Windows terminal starts today.
pub fn shell_quote(arg: &str) -> String {
    let arg = arg.replace('\0', "");
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '\\' | '/' | ':' | '.' | '_' | '-'));
    if plain {
        return arg;
    }
    let mut out = String::from("'");
    for c in arg.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// Windows has no folder of open descriptors; standard output has no file name.
pub(super) fn descriptor(_path: &Path) -> Option<u32> {
    None
}

/// Whether `path` is a device by its system name: `NUL`, `CON`, `PRN`, `AUX`, `COM1`…`COM9`,
/// `LPT1`…`LPT9` (with any extension, in any folder, as Windows reads them), `CONIN$`,
/// `CONOUT$`, or a path in the device namespace (`\\.\…`).
pub(super) fn is_device_name(path: &Path) -> bool {
    if path.as_os_str().to_string_lossy().starts_with("\\\\.\\") {
        return true;
    }
    let Some(name) = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_uppercase())
    else {
        return false;
    };
    let stem = name.split('.').next().unwrap_or_default().trim_end();
    matches!(stem, "NUL" | "CON" | "PRN" | "AUX" | "CONIN$" | "CONOUT$")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0')
}

/// `ReplaceFileW` keeps the replaced file's owner and security: nothing to do.
pub fn copy_owner(_file: &File, _like: &Metadata) {}

/// Windows gives a program no way to flush a folder's entries; a move asks to be written
/// through instead (`MOVEFILE_WRITE_THROUGH`).
pub fn sync_folder(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// `ReplaceFileW` opens the files itself and may refuse one held open for writing: the new
/// file is closed before it is swapped in, and its stamp is taken through its name.
pub(super) const RENAME_OPEN_FILES: bool = false;

/// The identity of an open file, as `file_id::get_file_id` gives it for its path.
pub(super) fn open_file_id(file: &File, _meta: &Metadata) -> Option<file_id::FileId> {
    let handle = file.as_raw_handle() as HANDLE;
    // SAFETY: a zeroed plain-data struct filled by the call, on a handle `file` keeps open.
    unsafe {
        let mut info: FILE_ID_INFO = std::mem::zeroed();
        if GetFileInformationByHandleEx(
            handle,
            FileIdInfo,
            (&raw mut info).cast(),
            u32::try_from(std::mem::size_of::<FILE_ID_INFO>()).ok()?,
        ) != 0
        {
            return Some(file_id::FileId::new_high_res(
                info.VolumeSerialNumber,
                u128::from_le_bytes(info.FileId.Identifier),
            ));
        }
        let mut info: BY_HANDLE_FILE_INFORMATION = std::mem::zeroed();
        if GetFileInformationByHandle(handle, &mut info) == 0 {
            return None;
        }
        Some(file_id::FileId::new_low_res(
            info.dwVolumeSerialNumber,
            (u64::from(info.nFileIndexHigh) << 32) | u64::from(info.nFileIndexLow),
        ))
    }
}

fn wide(s: &OsStr) -> Vec<u16> {
    s.encode_wide().chain(std::iter::once(0)).collect()
}

fn last_error_is(e: &io::Error, codes: &[u32]) -> bool {
    e.raw_os_error()
        .and_then(|c| u32::try_from(c).ok())
        .is_some_and(|c| codes.contains(&c))
}

/// The errors of a file system that has not the call.
const UNSUPPORTED: [u32; 3] = [
    ERROR_NOT_SUPPORTED,
    ERROR_INVALID_PARAMETER,
    ERROR_INVALID_FUNCTION,
];

/// Replaces `target` with `new`, the replaced file moving to a fresh name that `aside` reserves
/// (an empty file, which `ReplaceFileW` replaces).
pub(super) fn exchange(
    new: &Path,
    target: &Path,
    aside: &mut dyn FnMut() -> io::Result<PathBuf>,
) -> io::Result<Exchange> {
    let backup = aside()?;
    let (target_w, new_w, backup_w) = (
        wide(target.as_os_str()),
        wide(new.as_os_str()),
        wide(backup.as_os_str()),
    );
    // SAFETY: three NUL-terminated paths that outlive the call; the reserved arguments null.
    let ok = unsafe {
        ReplaceFileW(
            target_w.as_ptr(),
            new_w.as_ptr(),
            backup_w.as_ptr(),
            REPLACEFILE_IGNORE_MERGE_ERRORS | REPLACEFILE_IGNORE_ACL_ERRORS,
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    if ok != 0 {
        return Ok(Exchange::Done(backup));
    }
    let e = io::Error::last_os_error();
    if last_error_is(&e, &[ERROR_UNABLE_TO_MOVE_REPLACEMENT_2]) {
        // The file in place went to the backup name and the new one could not follow: put the
        // old one back if nothing took its place meanwhile.
        // SAFETY: two NUL-terminated paths that outlive the call.
        let back =
            unsafe { MoveFileExW(backup_w.as_ptr(), target_w.as_ptr(), MOVEFILE_WRITE_THROUGH) };
        return Ok(if back != 0 {
            Exchange::Interrupted
        } else {
            Exchange::Displaced(backup)
        });
    }
    // Every other failure leaves both files under their names, and the reserved name empty.
    if std::fs::metadata(&backup).is_ok_and(|m| m.len() == 0) {
        let _ = std::fs::remove_file(&backup);
    }
    if last_error_is(&e, &[ERROR_FILE_NOT_FOUND]) && std::fs::symlink_metadata(new).is_ok() {
        Ok(Exchange::NoTarget)
    } else if last_error_is(&e, &[ERROR_UNABLE_TO_MOVE_REPLACEMENT]) {
        Ok(Exchange::Interrupted)
    } else if last_error_is(&e, &UNSUPPORTED) {
        Ok(Exchange::Unsupported)
    } else {
        Err(e)
    }
}

/// Moves `new` to `target` only if nothing is there (`MoveFileExW` without
/// `MOVEFILE_REPLACE_EXISTING`).
pub(super) fn rename_new(new: &Path, target: &Path) -> io::Result<Create> {
    let (new_w, target_w) = (wide(new.as_os_str()), wide(target.as_os_str()));
    // SAFETY: two NUL-terminated paths that outlive the call.
    if unsafe { MoveFileExW(new_w.as_ptr(), target_w.as_ptr(), MOVEFILE_WRITE_THROUGH) } != 0 {
        return Ok(Create::Done);
    }
    let e = io::Error::last_os_error();
    if last_error_is(&e, &[ERROR_ALREADY_EXISTS, ERROR_FILE_EXISTS]) {
        Ok(Create::Exists)
    } else if last_error_is(&e, &UNSUPPORTED) {
        Ok(Create::Unsupported)
    } else {
        Err(e)
    }
}

/// The file's identity: its volume and file index, which Windows gives only through a handle.
pub(super) fn file_id(path: &Path, _meta: &Metadata) -> Option<file_id::FileId> {
    file_id::get_file_id(path).ok()
}

/// Windows keeps no change time that std can read; the identity, size and write time suffice.
pub(super) fn changed_time(_meta: &Metadata) -> Option<(i64, i64)> {
    None
}

/// `FILE_FLAG_BACKUP_SEMANTICS`: without it Windows refuses to open a directory at all ("Access
/// denied"), and the caller could not say that the path names a directory.
const OPEN_DIRECTORIES: u32 = 0x0200_0000;

pub(super) fn open_for_reading(path: &Path) -> io::Result<File> {
    use std::os::windows::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(OPEN_DIRECTORIES)
        .open(path)
}

pub(super) fn kind_of(t: &FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_quoted_for_powershell() {
        assert_eq!(
            shell_quote("C:\\Users\\ana\\progress.sync-conflict-1.json"),
            "C:\\Users\\ana\\progress.sync-conflict-1.json"
        );
        assert_eq!(
            shell_quote("C:\\Users\\Ana María\\progress (Ana's copy).json"),
            "'C:\\Users\\Ana María\\progress (Ana''s copy).json'"
        );
        assert_eq!(shell_quote("$env:x"), "'$env:x'");
    }

    #[test]
    fn device_names_are_known_wherever_they_stand() {
        for name in [
            "NUL",
            "nul",
            "NUL.txt",
            "C:\\out\\con",
            "COM1",
            "lpt9.csv",
            "CONOUT$",
        ] {
            assert!(is_device_name(Path::new(name)), "{name}");
        }
        for name in ["null", "COM0", "COM10", "console.txt", "C:\\out\\card.svg"] {
            assert!(!is_device_name(Path::new(name)), "{name}");
        }
        assert!(is_device_name(Path::new("\\\\.\\pipe\\out")));
    }
}
