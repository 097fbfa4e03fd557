//! The Windows side: the console's input comes through crossterm's event source (keys, mouse,
//! resize; a paste arrives as the keys it types) on one thread of its own, which feeds the same
//! wait as the other threads' wake-ups. Ctrl-C is a key while the terminal is raw, so it quits
//! as `q` does. Closing the console window, logging off and shutting down arrive through the
//! console's control handler as a request to stop, and the handler holds the process for a few
//! seconds so that the loop can save. There is no job control: no suspend.

use std::collections::VecDeque;
use std::fs::{File, FileType, Metadata};
use std::io;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use ratatui::crossterm::event;
use windows_sys::Win32::Foundation::{FALSE, TRUE};
use windows_sys::Win32::System::Console::{
    CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT, SetConsoleCtrlHandler,
};

use super::{Incoming, Signal};

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
/// open without sharing it (ERROR_SHARING_VIOLATION) or locks part of it (ERROR_LOCK_VIOLATION);
/// or Windows refused access (ERROR_ACCESS_DENIED), which a rename over a file another program
/// has open also gives.
pub fn advice(e: &io::Error) -> Option<&'static str> {
    match e.raw_os_error() {
        Some(32 | 33) => Some(
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
