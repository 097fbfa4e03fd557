//! Saves and reloads off the loop's thread, so the screen never waits for the disk.
//!
//! The loop draws a change first, then hands a copy of the progress to the saver thread (a copy
//! shares every task it does not change, so it is cheap at any size). One job is under way at a
//! time: changes made meanwhile are saved together by the next job, as soon as the one under way
//! ends, so a burst of keys costs one or two saves, never a queue of them. A save that has ended
//! guarantees what it always did: the copy it was given is on disk, merged with every other
//! writer's changes, atomically.
//!
//! What a job brought in from other writers was merged into the copy it was given; if the user
//! changed more meanwhile, the loop merges the result with those changes (`take_in`), so neither
//! side is lost. Until the last change is on disk the title says "saving…"; at exit the loop
//! waits for the job under way and saves whatever is left.

use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};
use std::thread::JoinHandle;

use crate::app::{Action, App, Effect};
use crate::model::progress::Progress;
use crate::state::{self, Merged, StateError, Store};

/// What the saver thread is asked to do with a copy of the progress.
enum Job {
    Save(Arc<Progress>),
    Reload(Arc<Progress>),
}

/// How a job ended.
#[derive(Debug)]
pub enum Done {
    Saved(Result<Option<Merged>, StateError>),
    Reloaded(Result<Option<Merged>, StateError>),
}

/// Where the saver thread reports how each job ended (the loop's inbox); `false` once nobody
/// listens, which ends the thread.
pub type Report = Box<dyn Fn(Done) -> bool + Send>;

/// The loop's side of saving: the thread, the job under way and what is wanted next.
pub struct Saver {
    /// The store, until the thread starts (at the first job) and after it ends.
    store: Option<Store>,
    thread: Option<(Sender<Job>, JoinHandle<Store>)>,
    /// Where jobs report, until the thread starts and takes it.
    report: Option<Report>,
    /// The copy handed to the job under way.
    in_flight: Option<Arc<Progress>>,
    want_save: bool,
    want_reload: bool,
    /// Whether changes were made that are not known to be on disk.
    unsaved: bool,
}

impl Saver {
    pub fn new(store: Store) -> Saver {
        Saver {
            store: Some(store),
            thread: None,
            report: None,
            in_flight: None,
            want_save: false,
            want_reload: false,
            unsaved: false,
        }
    }

    /// Where jobs report how they ended (the loop's inbox); jobs start only once this is known.
    pub fn connect(&mut self, report: impl Fn(Done) -> bool + Send + 'static) {
        self.report = Some(Box::new(report));
    }

    /// The app changed its progress: save it once the screen shows the change (`next`, which
    /// the loop calls after drawing), or when the job under way ends.
    pub fn save(&mut self, app: &mut App) {
        self.want_save = true;
        self.unsaved = true;
        app.update(Action::Saving, "");
    }

    /// Something touched the file: read it and take in what others changed (`next`).
    pub fn reload(&mut self) {
        self.want_reload = true;
    }

    /// Starts the next job, if one is wanted and none is under way.
    pub fn next(&mut self, app: &mut App) {
        if self.in_flight.is_some() || !(self.want_save || self.want_reload) {
            return;
        }
        let save = self.want_save;
        // A save reads what others wrote, too.
        self.want_save = false;
        self.want_reload = false;
        // Before the first save no thread runs: a look at the file's stamp says whether a
        // reload has anything to read (at start, it has not).
        if !save && self.store.as_ref().is_some_and(|s| !s.changed_on_disk()) {
            return;
        }
        let copy = Arc::new(app.progress.clone());
        let job = if save {
            Job::Save(Arc::clone(&copy))
        } else {
            Job::Reload(Arc::clone(&copy))
        };
        let connected = self.thread.is_some() || self.report.is_some();
        if self.send(job) {
            self.in_flight = Some(copy);
        } else if connected {
            // The saver thread could not start or has stopped: say so, as of any failed save;
            // the changes stay in memory and quitting asks what to do with them.
            app.update(
                Action::SaveFailed("could not save: the saving thread stopped".into()),
                "",
            );
        }
    }

    /// Hands a job to the thread, starting it the first time.
    fn send(&mut self, job: Job) -> bool {
        if self.thread.is_none() {
            let (Some(mut store), Some(report)) = (self.store.take(), self.report.take()) else {
                return false;
            };
            let (tx, rx) = channel::<Job>();
            let spawned = std::thread::Builder::new()
                .name("saver".into())
                .spawn(move || {
                    for job in rx {
                        let done = match job {
                            Job::Save(progress) => Done::Saved(store.save(&progress)),
                            Job::Reload(progress) => Done::Reloaded(store.reload(&progress)),
                        };
                        if !report(done) {
                            break;
                        }
                    }
                    store
                });
            match spawned {
                Ok(handle) => self.thread = Some((tx, handle)),
                Err(_) => return false,
            }
        }
        self.thread
            .as_ref()
            .is_some_and(|(tx, _)| tx.send(job).is_ok())
    }

    /// A job ended: tells the app (the loop then starts the next job). Returns what the app then asks for
    /// (a retry from the quit prompt that works quits).
    pub fn done(&mut self, app: &mut App, done: Done) -> Effect {
        let copy = self.take_copy(app);
        self.take(app, done, &copy)
    }

    /// The copy handed to the job that ended (the app's progress, should none be recorded).
    fn take_copy(&mut self, app: &App) -> Arc<Progress> {
        self.in_flight
            .take()
            .unwrap_or_else(|| Arc::new(app.progress.clone()))
    }

    fn take(&mut self, app: &mut App, done: Done, copy: &Progress) -> Effect {
        match done {
            Done::Saved(Ok(merged)) => {
                if let Some(merged) = merged {
                    take_in(app, merged, copy);
                }
                if self.want_save {
                    // More changes wait for the next job.
                    Effect::None
                } else {
                    self.unsaved = false;
                    app.update(Action::Saved, "")
                }
            }
            Done::Reloaded(Ok(None)) => Effect::None,
            Done::Reloaded(Ok(Some(merged))) => {
                take_in(app, merged, copy);
                // A reload that works clears the word of one that did not.
                app.update(Action::Saved, "");
                if self.unsaved {
                    // Changes of ours that were not on disk yet (a save had failed).
                    self.want_save = true;
                }
                Effect::None
            }
            Done::Saved(Err(e)) | Done::Reloaded(Err(e)) => {
                app.update(Action::SaveFailed(e.to_string()), "")
            }
        }
    }

    /// Whether a job is under way, and its end will be reported.
    pub fn busy(&self) -> bool {
        self.in_flight.is_some() && self.thread.is_some()
    }

    /// Waits for the job under way, takes in what it brought (the ends reported, which `ended`
    /// collects once the thread has stopped), and gives the store back for the last save.
    /// `None` if the saver thread died (nothing more can be saved).
    pub fn finish(mut self, app: &mut App, ended: impl FnOnce() -> Vec<Done>) -> Option<Store> {
        if let Some((tx, handle)) = self.thread.take() {
            drop(tx);
            self.store = handle.join().ok();
        }
        for done in ended() {
            let copy = self.take_copy(app);
            self.take(app, done, &copy);
        }
        self.store
    }
}

/// Tells the app what another writer changed. `merged` was made from `copy`; changes the user
/// made since are merged with it, so that neither is lost.
fn take_in(app: &mut App, merged: Merged, copy: &Progress) {
    let progress = if app.progress.same_content(copy) {
        merged.progress
    } else {
        state::merge(Some(copy), &app.progress, &merged.progress).0
    };
    app.update(
        Action::FromDisk {
            progress: Box::new(progress),
            cells: merged.report.taken,
        },
        "",
    );
}

#[cfg(test)]
pub(super) mod tests {
    use std::sync::mpsc::{Receiver, channel};
    use std::time::Duration;

    use super::*;
    use crate::model::progress::Status;
    use crate::model::roadmap::Roadmap;

    const T1: &str = "2026-11-26T10:00:00Z";
    const T2: &str = "2026-11-26T10:00:05Z";

    fn status_on_disk(path: &std::path::Path, task: u32, track: &str) -> Status {
        state::read(path)
            .expect("a readable file")
            .status(task, track)
    }

    /// The next job's end, as the loop would receive it.
    pub(in crate::tui) fn next_done(rx: &Receiver<Done>) -> Done {
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(done) => done,
            other => panic!("no job ended: {other:?}"),
        }
    }

    /// An app and its saver on the progress file at `path`; the saver reports on the channel.
    pub(in crate::tui) fn opened(path: &std::path::Path) -> (App, Saver, Receiver<Done>) {
        let (store, progress) = Store::open(path).expect("opens");
        let app = App::new(Roadmap::seed().expect("the seed"), progress);
        let mut saver = Saver::new(store);
        let (tx, rx) = channel();
        saver.connect(move |done| tx.send(done).is_ok());
        (app, saver, rx)
    }

    #[test]
    fn changes_made_while_a_save_is_under_way_are_saved_next_with_another_writers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        let (mut app, mut saver, rx) = opened(&path);

        // Another writer checks a cell after this app read the file.
        let mut theirs = Progress::default();
        theirs.set_status(3, "go", Status::Done, T1);
        state::write_copy(&path, &theirs).unwrap();

        app.progress.set_status(1, "python", Status::Done, T2);
        saver.save(&mut app);
        saver.next(&mut app);
        assert!(
            app.saving,
            "the title should say saving while the save is under way"
        );
        // A second change while the first save is under way waits for it.
        app.progress.set_status(2, "node", Status::InProgress, T2);
        saver.save(&mut app);
        saver.next(&mut app);

        // The first save ends: it merged the other writer's cell with the first change.
        let effect = saver.done(&mut app, next_done(&rx));
        assert_eq!(effect, Effect::None);
        assert_eq!(
            app.progress.status(3, "go"),
            Status::Done,
            "theirs taken in"
        );
        assert_eq!(
            app.progress.status(2, "node"),
            Status::InProgress,
            "the change made meanwhile is kept"
        );
        assert!(app.saving, "the second change is not on disk yet");
        assert_eq!(status_on_disk(&path, 2, "node"), Status::Todo);

        // The second save, started when the first ended, puts everything on disk.
        saver.next(&mut app);
        saver.done(&mut app, next_done(&rx));
        assert!(!app.saving);
        assert_eq!(status_on_disk(&path, 1, "python"), Status::Done);
        assert_eq!(status_on_disk(&path, 2, "node"), Status::InProgress);
        assert_eq!(status_on_disk(&path, 3, "go"), Status::Done);
        assert!(rx.try_recv().is_err(), "no third save for nothing");
    }

    #[test]
    fn finish_waits_for_the_save_under_way_and_returns_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        let (mut app, mut saver, rx) = opened(&path);
        app.progress.set_status(5, "java", Status::Done, T1);
        saver.save(&mut app);
        saver.next(&mut app);
        let store = saver
            .finish(&mut app, || rx.try_iter().collect())
            .expect("the store back");
        assert!(app.progress.same_content(store.base()));
        assert!(!app.saving);
        assert_eq!(status_on_disk(&path, 5, "java"), Status::Done);
    }

    #[test]
    fn a_failed_save_says_so_and_the_next_change_tries_again() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("sub");
        let path = blocker.join("progress.json");
        let (mut app, mut saver, rx) = opened(&path);
        std::fs::write(&blocker, "a file where the folder should be").unwrap();
        app.progress.set_status(1, "go", Status::Done, T1);
        saver.save(&mut app);
        saver.next(&mut app);
        saver.done(&mut app, next_done(&rx));
        assert!(
            app.save_error
                .as_deref()
                .is_some_and(|e| e.contains("could not save")),
            "{:?}",
            app.save_error
        );
        assert!(!app.saving);
        std::fs::remove_file(&blocker).unwrap();
        app.progress.set_status(2, "go", Status::Done, T2);
        saver.save(&mut app);
        saver.next(&mut app);
        saver.done(&mut app, next_done(&rx));
        assert_eq!(app.save_error, None);
        assert_eq!(status_on_disk(&path, 1, "go"), Status::Done);
        assert_eq!(status_on_disk(&path, 2, "go"), Status::Done);
    }
}
