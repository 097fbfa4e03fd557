//! The loop's one inbox. The loop's thread waits in one `poll()` on the terminal, a self-pipe for
//! signals and a wake-up pipe for the sources that run on threads of their own (the progress
//! file's watcher, the saver); with no timeout unless a paste is unfinished, so an idle app wakes
//! for nothing, and a key is read and decoded where it is handled.
//!
//! The sources: the terminal (keys, mouse, paste, and its hang-up), signals (TERM, HUP, INT,
//! QUIT to stop, WINCH for a resize, TSTP to suspend, CONT after a stop), the progress file's
//! watcher and the saver.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Read as _, Write as _};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Instant;

use notify::{RecursiveMode, Watcher};
use ratatui::crossterm::event;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use signal_hook::iterator::backend::SignalDelivery;
use signal_hook::iterator::exfiltrator::SignalOnly;

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

/// A sender into the inbox for sources on other threads (the file watcher, the saver): the event
/// goes on the channel and a byte on the wake-up pipe, which the loop's `poll()` sees.
#[derive(Clone)]
pub struct InboxSender {
    tx: Sender<Event>,
    wake: Option<Arc<UnixStream>>,
}

impl InboxSender {
    /// A sender on a bare channel, with no wake-up: for tests that read the channel themselves.
    #[cfg(test)]
    pub fn plain(tx: Sender<Event>) -> InboxSender {
        InboxSender { tx, wake: None }
    }

    pub fn send(&self, event: Event) -> Result<(), ()> {
        self.tx.send(event).map_err(|_| ())?;
        if let Some(wake) = &self.wake {
            // A full pipe already holds a wake-up: nothing is lost by not writing another.
            let _ = (&**wake).write(&[1]);
        }
        Ok(())
    }
}

/// The loop's inbox: the terminal, signals and a wake-up pipe, waited on together in one
/// `poll()` on the loop's own thread, so a key costs no hand-over between threads.
pub struct Inbox {
    /// /dev/tty when standard input is not the terminal.
    _tty: Option<File>,
    tty_fd: RawFd,
    /// Set once the terminal has hung up: it is not polled again (it would be ready for ever).
    tty_gone: bool,
    decoder: Decoder,
    buf: Vec<u8>,
    signals: SignalDelivery<UnixStream, SignalOnly>,
    wake: UnixStream,
    /// What other threads sent.
    pub rx: Receiver<Event>,
    tx: Sender<Event>,
    wake_write: Arc<UnixStream>,
    /// Events read but not handed out yet.
    queue: VecDeque<Event>,
    watcher: Option<notify::RecommendedWatcher>,
    /// The file being watched, while its folder could not be watched yet.
    pending_watch: Option<PathBuf>,
}

impl Inbox {
    /// Opens the terminal's input and registers the signals: the ones that end the app, the
    /// resize, and job control. Catching SIGTSTP replaces its default (stopping at once, with
    /// the terminal still taken): the loop gives the terminal back first, then stops itself.
    pub fn start() -> io::Result<Inbox> {
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
        let (tx, rx) = channel();
        Ok(Inbox {
            _tty: tty,
            tty_fd,
            tty_gone: false,
            decoder: Decoder::default(),
            buf: vec![0u8; READ_SIZE],
            signals,
            wake,
            rx,
            tx,
            wake_write: Arc::new(wake_write),
            queue: VecDeque::new(),
            watcher: None,
            pending_watch: None,
        })
    }

    /// A sender into the inbox, for sources on other threads.
    pub fn sender(&self) -> InboxSender {
        InboxSender {
            tx: self.tx.clone(),
            wake: Some(Arc::clone(&self.wake_write)),
        }
    }

    /// The next event, waiting for one as long as it takes; `None` once nothing can come.
    pub fn recv(&mut self) -> Option<Event> {
        self.next(true)
    }

    /// The next event if one is there now.
    pub fn try_recv(&mut self) -> Option<Event> {
        self.next(false)
    }

    fn next(&mut self, block: bool) -> Option<Event> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some(event);
            }
            if let Ok(event) = self.rx.try_recv() {
                return Some(event);
            }
            // Only an unfinished paste or escape sequence gives the wait an end.
            let timeout = match (block, self.decoder.pending_deadline()) {
                (false, _) => 0,
                (true, deadline) => poll_timeout(deadline),
            };
            let ready = self.wait(timeout)?;
            if ready == [false; 3] {
                let inputs = self.decoder.timeout(Instant::now());
                self.take_inputs(inputs);
                if !block && self.queue.is_empty() {
                    return None;
                }
                continue;
            }
            if ready[0] {
                self.read_terminal();
            }
            if ready[1] {
                for signal in self.signals.pending() {
                    self.queue.push_back(match signal {
                        SIGWINCH => Event::Resize,
                        SIGTSTP => Event::Suspend,
                        SIGCONT => Event::Continue,
                        _ => Event::Stop,
                    });
                }
            }
            if ready[2] {
                let mut drain = [0u8; 256];
                while matches!((&self.wake).read(&mut drain), Ok(n) if n > 0) {}
            }
        }
    }

    /// Waits in `poll()` for the terminal, a signal or a wake-up: which are ready. A hang-up of
    /// the terminal is queued as an event. `None` when polling itself fails.
    fn wait(&mut self, timeout: libc::c_int) -> Option<[bool; 3]> {
        let fd = |fd: RawFd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        let mut fds = [
            // A negative descriptor is left out of the poll.
            fd(if self.tty_gone { -1 } else { self.tty_fd }),
            fd(self.signals.get_read().as_raw_fd()),
            fd(self.wake.as_raw_fd()),
        ];
        loop {
            // SAFETY: three valid pollfds, owned by this frame, for the duration of the call.
            let n = unsafe { libc::poll(fds.as_mut_ptr(), 3, timeout) };
            if n >= 0 {
                break;
            }
            if io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
                return None;
            }
        }
        if !self.tty_gone && fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
        {
            self.hang_up();
        }
        Some(fds.map(|f| f.revents & libc::POLLIN != 0))
    }

    fn hang_up(&mut self) {
        if !self.tty_gone {
            self.tty_gone = true;
            self.queue.push_back(Event::HangUp);
        }
    }

    /// Reads what the terminal has and decodes it (see `input`).
    fn read_terminal(&mut self) {
        if self.tty_gone {
            return;
        }
        let inputs = match read_some(self.tty_fd, &mut self.buf) {
            Read::Bytes(n) => {
                let full = n == self.buf.len();
                self.decoder.feed(&self.buf[..n], full, Instant::now())
            }
            Read::Nothing => return,
            Read::HungUp => {
                self.hang_up();
                return;
            }
        };
        self.take_inputs(inputs);
    }

    fn take_inputs(&mut self, inputs: Vec<Input>) {
        for input in inputs {
            self.queue.push_back(match input {
                Input::Event(event) => Event::Terminal(event),
                Input::CutPaste(text) => Event::CutPaste(text),
            });
        }
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
        let tx = self.sender();
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
            self.queue.push_back(Event::FileChanged);
        }
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
