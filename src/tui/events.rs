//! The loop's one inbox. Each source blocks in a thread of its own and sends typed events on one
//! channel; the loop blocks on `recv()`, so an idle app wakes for nothing.
//!
//! The sources: the terminal (keys, mouse, paste, and its hang-up), signals (TERM, HUP, INT,
//! QUIT to stop, WINCH for a resize, TSTP to suspend, CONT after a stop), and the progress
//! file's watcher.

use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Instant;

use notify::{RecursiveMode, Watcher};
use ratatui::crossterm::event;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use signal_hook::iterator::Signals;

use super::input::{Decoder, Input};

/// Something that happened.
#[derive(Debug)]
pub enum Event {
    /// A key, mouse event, paste or focus change.
    Terminal(event::Event),
    /// What arrived of a paste that was cut: too long, or its end never came.
    CutPaste(String),
    /// The terminal changed size.
    Resize,
    /// A signal asked the app to end.
    Stop,
    /// SIGTSTP: give the terminal back and stop.
    Suspend,
    /// SIGCONT: the app was stopped and goes on; the terminal must be taken again.
    Continue,
    /// The terminal went away.
    HangUp,
    /// Something touched the progress file.
    FileChanged,
    /// A save or reload ended (see `saver`).
    Saver(Box<super::saver::Done>),
}

/// The receiving end, and what must live as long as the loop.
pub struct Inbox {
    pub rx: Receiver<Event>,
    tx: Sender<Event>,
    watcher: Option<notify::RecommendedWatcher>,
    /// The file being watched, while its folder could not be watched yet.
    pending_watch: Option<PathBuf>,
}

impl Inbox {
    /// Starts the terminal and signal sources.
    pub fn start() -> io::Result<Inbox> {
        let (tx, rx) = channel();
        spawn_terminal(tx.clone())?;
        spawn_signals(tx.clone())?;
        Ok(Inbox {
            rx,
            tx,
            watcher: None,
            pending_watch: None,
        })
    }

    /// A sender into the inbox, for sources started later.
    pub fn sender(&self) -> Sender<Event> {
        self.tx.clone()
    }

    /// Watches the progress file at `target` for changes made by anything else. It watches the
    /// file's folder, not the file, so that an atomic rename over it (git, sync tools, editors,
    /// other roadmap-tui processes) and a delete and re-create are seen. A folder that does not
    /// exist yet is watched once `retry_watch` finds it.
    pub fn watch(&mut self, target: &Path) {
        self.pending_watch = Some(target.to_owned());
        self.retry_watch();
    }

    /// Starts the pending watch if the folder now exists.
    pub fn retry_watch(&mut self) {
        let Some(target) = self.pending_watch.clone() else {
            return;
        };
        let Some(name) = target.file_name().map(|n| n.to_owned()) else {
            self.pending_watch = None;
            return;
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return;
        }
        let tx = self.tx.clone();
        let handler = move |result: notify::Result<notify::Event>| {
            let Ok(event) = result else { return };
            // Opening and reading say nothing; closing after a write says the write is whole.
            let closed_written = matches!(
                event.kind,
                notify::EventKind::Access(notify::event::AccessKind::Close(
                    notify::event::AccessMode::Write
                ))
            );
            if event.kind.is_access() && !closed_written {
                return;
            }
            if event.paths.iter().any(|p| p.file_name() == Some(&name)) {
                let _ = tx.send(Event::FileChanged);
            }
        };
        let Ok(mut watcher) = notify::recommended_watcher(handler) else {
            self.pending_watch = None;
            return;
        };
        if watcher.watch(&dir, RecursiveMode::NonRecursive).is_ok() {
            self.watcher = Some(watcher);
            self.pending_watch = None;
            // A change made between reading the file and starting to watch it is looked for
            // once now (a cheap check when there was none).
            let _ = self.tx.send(Event::FileChanged);
        }
    }
}

/// The terminal: waits in `poll()` until there is input or the terminal hangs up, reads the
/// bytes and decodes them (see `input`). Only while a paste or an escape sequence is unfinished
/// does the wait have a timeout, after which the decoder ends it; otherwise it has none.
fn spawn_terminal(tx: Sender<Event>) -> io::Result<()> {
    // Read standard input when it is a terminal, else /dev/tty, as crossterm would.
    // SAFETY: isatty only inspects the descriptor.
    let tty: Option<File> = if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
        None
    } else {
        Some(File::open("/dev/tty")?)
    };
    std::thread::Builder::new()
        .name("terminal".into())
        .spawn(move || {
            let fd = tty.as_ref().map_or(libc::STDIN_FILENO, |f| f.as_raw_fd());
            read_terminal(fd, &tx);
        })?;
    Ok(())
}

/// Waits for input on `fd`, for at most `timeout` milliseconds (`-1`: without end):
/// `Some(true)` when there is input, `Some(false)` when the time ran out, `None` when the
/// terminal hung up or cannot be polled.
fn wait_input(fd: RawFd, timeout: libc::c_int) -> Option<bool> {
    loop {
        let mut fds = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd, owned by this frame, for the duration of the call.
        let n = unsafe { libc::poll(&mut fds, 1, timeout) };
        if n < 0 {
            if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return None;
        }
        if fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return None;
        }
        return Some(n > 0);
    }
}

/// The most bytes taken from the terminal in one read.
const READ_SIZE: usize = 64 * 1024;

/// What a read of the terminal gave.
enum Read {
    Bytes(usize),
    /// Nothing after all (a descriptor left non-blocking): wait again.
    Nothing,
    /// End of file or an error such as EIO: the terminal is gone.
    HungUp,
}

fn read_some(fd: RawFd, buf: &mut [u8]) -> Read {
    loop {
        // SAFETY: `buf` is valid for writes of its whole length for the duration of the call.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n > 0 {
            return Read::Bytes(n.unsigned_abs());
        }
        if n == 0 {
            return Read::HungUp;
        }
        match io::Error::last_os_error().kind() {
            io::ErrorKind::Interrupted => continue,
            io::ErrorKind::WouldBlock => return Read::Nothing,
            _ => return Read::HungUp,
        }
    }
}

/// Milliseconds from now until `deadline`, rounded up so that a wait that long reaches it.
fn poll_timeout(deadline: Option<Instant>) -> libc::c_int {
    let Some(deadline) = deadline else { return -1 };
    let left = deadline.saturating_duration_since(Instant::now());
    let ms = left.as_micros().div_ceil(1000);
    libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX)
}

fn read_terminal(fd: RawFd, tx: &Sender<Event>) {
    let mut decoder = Decoder::default();
    let mut buf = vec![0u8; READ_SIZE];
    loop {
        let inputs = match wait_input(fd, poll_timeout(decoder.pending_deadline())) {
            None => {
                let _ = tx.send(Event::HangUp);
                return;
            }
            Some(false) => decoder.timeout(Instant::now()),
            Some(true) => match read_some(fd, &mut buf) {
                Read::Bytes(n) => decoder.feed(&buf[..n], n == buf.len(), Instant::now()),
                Read::Nothing => continue,
                Read::HungUp => {
                    let _ = tx.send(Event::HangUp);
                    return;
                }
            },
        };
        for input in inputs {
            let event = match input {
                Input::Event(event) => Event::Terminal(event),
                Input::CutPaste(text) => Event::CutPaste(text),
            };
            if tx.send(event).is_err() {
                return;
            }
        }
    }
}

/// Signals, through signal-hook's iterator: the ones that end the app, the resize, and job
/// control. Catching SIGTSTP replaces its default (stopping at once, with the terminal still
/// taken): the loop gives the terminal back first, then stops itself.
fn spawn_signals(tx: Sender<Event>) -> io::Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let event = match signal {
                    SIGWINCH => Event::Resize,
                    SIGTSTP => Event::Suspend,
                    SIGCONT => Event::Continue,
                    _ => Event::Stop,
                };
                if tx.send(event).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}
