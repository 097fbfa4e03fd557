//! A verify run for the loop: the runner on a thread of its own, its output gathered in a
//! buffer with one wake-up event per batch (a test suite's thousand lines cost a few redraws,
//! not a thousand), and its end sent with the evidence made off the loop (git is asked there).
//! Dropping the job cancels the run and waits for it: no command outlives the app.

use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use super::events::{Event, InboxSender};
use crate::app::verify::{PANE_LINES, VerifyEnd};
use crate::verify::{self, Msg, Outcome, Runner, Spec, Tail};

pub struct Job {
    cancel: Sender<Msg>,
    output: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl Job {
    /// Starts running `spec`; what it prints and how it ends come through `inbox`.
    pub fn start(spec: Spec, inbox: InboxSender) -> Job {
        let mut runner = Runner::new();
        let cancel = runner.sender();
        let output: Arc<Mutex<Vec<String>>> = Arc::default();
        let buffer = Arc::clone(&output);
        let thread = std::thread::spawn(move || {
            let mut tail = Tail::default();
            let (outcome, took) = runner.run(&spec, |line| {
                tail.push(line);
                let mut lines = buffer.lock().unwrap_or_else(PoisonError::into_inner);
                let first = lines.is_empty();
                if lines.len() >= PANE_LINES {
                    lines.remove(0);
                }
                lines.push(line.to_owned());
                drop(lines);
                // One event for the lines gathered until the loop takes them.
                if first {
                    let _ = inbox.send(Event::VerifyOutput);
                }
            });
            let now = super::now();
            let (verified, failed) = match &outcome {
                o if o.passed() => (Some(verify::passed(&spec, took, &now)), None),
                Outcome::Cancelled => (None, None),
                o => (None, Some(verify::failed(&spec, o, took, &tail, &now))),
            };
            let end = VerifyEnd {
                outcome,
                ms: u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
                verified,
                failed,
            };
            let _ = inbox.send(Event::VerifyEnded(Box::new(end)));
        });
        Job {
            cancel,
            output,
            thread: Some(thread),
        }
    }

    /// The lines printed since the last call.
    pub fn take_output(&self) -> Vec<String> {
        std::mem::take(&mut *self.output.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Kills the run (its whole process group); its end is reported as cancelled.
    pub fn cancel(&self) {
        let _ = self.cancel.send(Msg::Cancel);
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        self.cancel();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
