//! Runs a verify command: a child in a process group of its own (see `platform`), its standard
//! output and error (one pipe) read line by line on a thread, its exit waited for on another, both
//! sending on one channel that the caller's thread blocks on, with the time limit as the wait's
//! deadline. A time-out or a cancel kills the whole group, children of the command included;
//! so does the command's own end, for what it left running. No async runtime, no polling.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use crate::model::text::for_terminal;

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub argv: Vec<String>,
    /// The command as shown and recorded.
    pub display: String,
    pub dir: Option<PathBuf>,
    pub timeout: Duration,
    /// What the config says for the language (its command before the placeholders are filled
    /// in, its shell and folder): the TUI asks before the first run of each.
    pub origin: String,
}

/// What the threads of a run (and whoever may cancel it) send.
#[derive(Debug)]
pub enum Msg {
    /// A line of output of run `id`, made safe for a terminal.
    Line(u64, String),
    /// Run `id`'s output ended.
    Eof(u64),
    /// Run `id`'s command exited with this status (`None`: killed by a signal).
    Exited(u64, Option<i32>),
    /// Stop the run under way (Esc in the TUI, Ctrl-C in `verify --all`).
    Cancel,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The command exited; status 0 passes. `None`: a signal ended it.
    Exited(Option<i32>),
    TimedOut,
    Cancelled,
    /// It could not be started; why.
    NotStarted(String),
}

impl Outcome {
    pub fn passed(&self) -> bool {
        *self == Outcome::Exited(Some(0))
    }
}

/// Runs verify commands one after another, sharing one channel (so that a cancel sent from
/// anywhere reaches whichever run is under way).
pub struct Runner {
    tx: Sender<Msg>,
    rx: Receiver<Msg>,
    next_id: u64,
}

impl Default for Runner {
    fn default() -> Self {
        Runner::new()
    }
}

impl Runner {
    pub fn new() -> Runner {
        let (tx, rx) = channel();
        Runner { tx, rx, next_id: 0 }
    }

    /// A sender into the runner, to cancel the run under way with `Msg::Cancel`.
    pub fn sender(&self) -> Sender<Msg> {
        self.tx.clone()
    }

    /// Runs `spec`, handing each line of its output to `on_line` as it comes; returns how it
    /// ended and how long it took. A cancel sent before the run starts cancels it.
    pub fn run(&mut self, spec: &Spec, mut on_line: impl FnMut(&str)) -> (Outcome, Duration) {
        self.next_id += 1;
        let id = self.next_id;
        let started = Instant::now();
        // A cancel waiting from before counts; lines of an earlier run do not.
        for msg in self.rx.try_iter() {
            if matches!(msg, Msg::Cancel) {
                return (Outcome::Cancelled, started.elapsed());
            }
        }
        let Some((program, args)) = spec.argv.split_first() else {
            return (
                Outcome::NotStarted("the command is empty".into()),
                started.elapsed(),
            );
        };
        // Standard output and error share one pipe, as they share a terminal: the lines come in
        // the order the command wrote them, and the tail kept of a failure ends where it did.
        let (reader, writer) = match std::io::pipe().and_then(|(r, w)| Ok((r, w.try_clone()?, w))) {
            Ok((reader, out, err)) => (reader, (out, err)),
            Err(e) => {
                return (
                    Outcome::NotStarted(format!("cannot make a pipe: {e}")),
                    started.elapsed(),
                );
            }
        };
        let mut command = Command::new(program);
        command
            .args(args)
            .stdin(Stdio::null())
            .stdout(writer.0)
            .stderr(writer.1);
        if let Some(dir) = &spec.dir {
            command.current_dir(dir);
        }
        crate::platform::own_process_group(&mut command);
        let spawned = command.spawn();
        // The command keeps the pipe's writing ends until it is dropped: the reader sees the
        // end of the output only once every writer is gone.
        drop(command);
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => {
                let place = spec
                    .dir
                    .as_ref()
                    .map(|d| format!(" in {}", d.display()))
                    .unwrap_or_default();
                return (
                    Outcome::NotStarted(format!("cannot run {program}{place}: {e}")),
                    started.elapsed(),
                );
            }
        };
        let pid = child.id();
        let mut open = 1;
        read_lines(reader, id, self.tx.clone());
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            let status = child.wait().ok().and_then(|s| s.code());
            let _ = tx.send(Msg::Exited(id, status));
        });
        let deadline = started + spec.timeout;
        let mut ended: Option<Outcome> = None;
        // After the command ends, what it printed is read to the end of both outputs; a process
        // that escaped its group and holds them open is waited for only briefly.
        let mut grace: Option<Instant> = None;
        loop {
            if ended.is_some() && open == 0 {
                break;
            }
            let until = grace.unwrap_or(deadline);
            let wait = until.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(wait) {
                Ok(Msg::Line(run, line)) if run == id => on_line(&line),
                Ok(Msg::Eof(run)) if run == id => open -= 1,
                Ok(Msg::Exited(run, status)) if run == id => {
                    // What the command left running goes with it.
                    crate::platform::kill_group(pid);
                    if ended.is_none() {
                        ended = Some(Outcome::Exited(status));
                    }
                    grace.get_or_insert_with(|| Instant::now() + Duration::from_secs(2));
                }
                Ok(Msg::Cancel) if ended.is_none() => {
                    crate::platform::kill_group(pid);
                    ended = Some(Outcome::Cancelled);
                }
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) if grace.is_some() => break,
                Err(RecvTimeoutError::Timeout) => {
                    crate::platform::kill_group(pid);
                    ended = Some(Outcome::TimedOut);
                    grace = Some(Instant::now() + Duration::from_secs(2));
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        (ended.unwrap_or(Outcome::Exited(None)), started.elapsed())
    }
}

/// Reads `from` line by line on a thread of its own, sending each line (made safe for a
/// terminal, carriage returns and all) and then the end.
fn read_lines(from: impl Read + Send + 'static, id: u64, tx: Sender<Msg>) {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(from);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let text = String::from_utf8_lossy(&buf);
                    let line = text.trim_end_matches(['\n', '\r']);
                    // A progress bar's carriage returns: the last state of the line.
                    let line = line.rsplit('\r').next().unwrap_or(line);
                    let safe = for_terminal(line).replace('\t', "    ");
                    if tx.send(Msg::Line(id, safe)).is_err() {
                        return;
                    }
                }
            }
        }
        let _ = tx.send(Msg::Eof(id));
    });
}
