//! The loop's one inbox. The terminal and signals come through the platform's console (see
//! `platform`), which the loop's thread waits on, with no timeout unless a paste is unfinished,
//! so an idle app wakes for nothing; the sources that run on threads of their own (the progress
//! file's watcher, the saver) send on a channel and wake that wait.
//!
//! The sources: the terminal (keys, mouse, paste, and its hang-up), signals (TERM, HUP, INT,
//! QUIT to stop, WINCH for a resize, TSTP to suspend, CONT after a stop; on Windows, the console
//! closing), the progress file's watcher, the saver, the verify under way, and the loading of
//! the roadmap and the progress before the first frame.

use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

use notify::{RecursiveMode, Watcher};
use ratatui::crossterm::event;

use crate::platform::{Console, Incoming, Signal, Waker};

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
    /// The roadmap and the progress are loaded (see `run`).
    Loaded,
    /// Output of the verify under way waits to be taken (see `verify`).
    VerifyOutput,
    /// The verify under way ended.
    VerifyEnded(Box<crate::app::verify::VerifyEnd>),
    /// The cohort's files were read again (see `cohort`).
    Cohort(Box<crate::cohort::Cohort>),
}

/// A sender into the inbox for sources on other threads (the file watcher, the saver): the event
/// goes on the channel and a byte on the wake-up pipe, which the loop's `poll()` sees.
#[derive(Clone)]
pub struct InboxSender {
    tx: Sender<Event>,
    wake: Option<Waker>,
}

impl InboxSender {
    pub fn send(&self, event: Event) -> Result<(), ()> {
        self.tx.send(event).map_err(|_| ())?;
        if let Some(wake) = &self.wake {
            wake.wake();
        }
        Ok(())
    }
}

/// The loop's inbox: the platform's console (terminal and signals) and a channel for the
/// sources on other threads, which wake the console's wait.
pub struct Inbox {
    console: Console,
    /// What other threads sent.
    rx: Receiver<Event>,
    tx: Sender<Event>,
    /// Events read but not handed out yet.
    queue: VecDeque<Event>,
    /// What the console brought, before it becomes events.
    incoming: VecDeque<Incoming>,
    watcher: Option<notify::RecommendedWatcher>,
    /// The file being watched, while its folder could not be watched yet.
    pending_watch: Option<PathBuf>,
}

impl Inbox {
    /// Opens the console: the terminal's input and the signals (see `platform`).
    pub fn start() -> io::Result<Inbox> {
        let (tx, rx) = channel();
        Ok(Inbox {
            console: Console::open()?,
            rx,
            tx,
            queue: VecDeque::new(),
            incoming: VecDeque::new(),
            watcher: None,
            pending_watch: None,
        })
    }

    /// A sender into the inbox, for sources on other threads.
    pub fn sender(&self) -> InboxSender {
        InboxSender {
            tx: self.tx.clone(),
            wake: Some(self.console.waker()),
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

    /// The next event another thread (the file watcher, the saver) sends, waiting for it; the
    /// terminal and signals wait meanwhile. `None` once nothing can come.
    pub fn recv_sent(&mut self) -> Option<Event> {
        self.rx.recv().ok()
    }

    /// Hands `events` out again, in their order, before anything else.
    pub fn put_back(&mut self, events: Vec<Event>) {
        for event in events.into_iter().rev() {
            self.queue.push_front(event);
        }
    }

    /// What other threads have sent and the loop has not taken yet.
    pub fn take_sent(&mut self) -> Vec<Event> {
        self.rx.try_iter().collect()
    }

    fn next(&mut self, block: bool) -> Option<Event> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some(event);
            }
            if let Ok(event) = self.rx.try_recv() {
                return Some(event);
            }
            self.console.wait(block, &mut self.incoming).ok()?;
            let came = !self.incoming.is_empty();
            self.queue
                .extend(self.incoming.drain(..).map(|incoming| match incoming {
                    Incoming::Event(event) => Event::Terminal(event),
                    Incoming::CutPaste(text) => Event::CutPaste(text),
                    Incoming::Signal(Signal::Resize) => Event::Resize,
                    Incoming::Signal(Signal::Stop) => Event::Stop,
                    Incoming::Signal(Signal::Suspend) => Event::Suspend,
                    Incoming::Signal(Signal::Continue) => Event::Continue,
                    Incoming::HangUp => Event::HangUp,
                }));
            if !block && !came {
                return self.rx.try_recv().ok();
            }
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

    /// Watches the cohort's targets (see `cohort::watch`); a change that concerns one sends
    /// `FileChanged`. Where nothing can be watched the screen stays as read.
    pub fn watch_cohort(&mut self, targets: Vec<crate::cohort::watch::Target>) {
        let tx = self.sender();
        let wanted = targets.clone();
        let handler = move |result: notify::Result<notify::Event>| {
            let Ok(event) = result else { return };
            if !says_a_change(&event.kind) {
                return;
            }
            if event
                .paths
                .iter()
                .any(|p| wanted.iter().any(|t| t.concerns(p)))
            {
                let _ = tx.send(Event::FileChanged);
            }
        };
        let Ok(mut watcher) = notify::recommended_watcher(handler) else {
            return;
        };
        for target in &targets {
            let mode = if target.recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            let _ = watcher.watch(&target.dir, mode);
        }
        self.watcher = Some(watcher);
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
            if !says_a_change(&event.kind) {
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

/// Whether a watcher's event may mean a file's contents changed: opening and reading say
/// nothing; closing after a write says the write is whole.
fn says_a_change(kind: &notify::EventKind) -> bool {
    let closed_written = matches!(
        kind,
        notify::EventKind::Access(notify::event::AccessKind::Close(
            notify::event::AccessMode::Write
        ))
    );
    !kind.is_access() || closed_written
}
