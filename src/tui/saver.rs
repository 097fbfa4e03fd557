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
//! side is lost. Until the last change is on disk the title says "saving…": which job runs next
//! and what the title says follow from one state (see `machine`), so a reload that ends while a
//! change waits behind it does not call that change saved. At exit the loop waits for the job
//! under way and saves whatever is left.

mod machine;

use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};
use std::thread::JoinHandle;

use crate::app::{App, Effect, Fact};
use crate::model::progress::Progress;
use crate::state::{self, Merged, StateError, Store};
use machine::{Job, Phase, SaverEvent, SaverState};

/// How a job ended.
#[derive(Debug)]
pub enum Done {
    Saved(Result<Option<Merged>, StateError>),
    Reloaded(Result<Option<Merged>, StateError>),
}

/// Where the saver thread reports how each job ended (the loop's inbox); `false` once nobody
/// listens, which ends the thread.
pub type Report = Box<dyn Fn(Done) -> bool + Send>;

/// A job for the saver thread, with the copy of the progress it is for.
type Order = (Job, Arc<Progress>);

/// The loop's side of saving: the state (see `machine`), the thread, and the copy of the
/// progress handed to the job under way.
pub struct Saver {
    state: SaverState,
    /// The store, until the thread starts (at the first job) and after it ends.
    store: Option<Store>,
    thread: Option<(Sender<Order>, JoinHandle<Store>)>,
    /// Where jobs report, until the thread starts and takes it.
    report: Option<Report>,
    /// The copy handed to the job under way.
    copy: Option<Arc<Progress>>,
}

impl Saver {
    pub fn new(store: Store) -> Saver {
        Saver {
            state: SaverState::default(),
            store: Some(store),
            thread: None,
            report: None,
            copy: None,
        }
    }

    /// Where jobs report how they ended (the loop's inbox); jobs start only once this is known.
    pub fn connect(&mut self, report: impl Fn(Done) -> bool + Send + 'static) {
        self.report = Some(Box::new(report));
    }

    /// The app changed its progress: save it once the screen shows the change (`next`, which
    /// the loop calls after drawing), or when the job under way ends.
    pub fn save(&mut self, app: &mut App) -> Effect {
        self.apply(app, SaverEvent::Changed)
    }

    /// Something touched the file: read it and take in what others changed (`next`).
    pub fn reload(&mut self, app: &mut App) -> Effect {
        self.apply(app, SaverEvent::FileChanged)
    }

    /// The screen shows every change: starts the job that waits, if any and none is under way.
    pub fn next(&mut self, app: &mut App) -> Effect {
        self.apply(app, SaverEvent::Drawn)
    }

    /// Whether a job is under way, and its end will be reported.
    pub fn busy(&self) -> bool {
        !matches!(self.state.phase, Phase::Idle(_)) && self.thread.is_some()
    }

    /// A job ended: takes in what it brought and tells the app. Returns what the app then asks
    /// for (a retry from the quit prompt that works quits).
    pub fn done(&mut self, app: &mut App, done: Done) -> Effect {
        let copy = self
            .copy
            .take()
            .unwrap_or_else(|| Arc::new(app.progress().clone()));
        let event = match done {
            Done::Saved(Ok(merged)) => {
                if let Some(merged) = merged {
                    take_in(app, merged, &copy);
                }
                SaverEvent::Saved
            }
            Done::Reloaded(Ok(merged)) => {
                let brought = merged.is_some();
                if let Some(merged) = merged {
                    take_in(app, merged, &copy);
                }
                SaverEvent::Reloaded { merged: brought }
            }
            Done::Saved(Err(e)) => SaverEvent::SaveFailed(failed(app, e.to_string())),
            Done::Reloaded(Err(e)) => SaverEvent::ReloadFailed(failed(app, e.to_string())),
        };
        self.apply(app, event)
    }

    /// Moves the state on `event`, starts the job it asks for, and tells the app when what the
    /// title says of saving changes.
    fn apply(&mut self, app: &mut App, event: SaverEvent) -> Effect {
        let mut event = Some(event);
        while let Some(now) = event.take() {
            let (state, job) = machine::on(std::mem::take(&mut self.state), now);
            self.state = state;
            if let Some(job) = job {
                // A job that cannot start ends at once.
                event = self.start(app, job);
            }
        }
        let status = machine::status(&self.state);
        if *app.save_status() == status {
            return Effect::None;
        }
        app.update(Fact::SaveStatus(status), "")
    }

    /// Hands `job` to the thread with a copy of the app's progress. Returns how it ended if it
    /// could not start, or had nothing to do.
    fn start(&mut self, app: &mut App, job: Job) -> Option<SaverEvent> {
        // Before the first save no thread runs: a look at the file's stamp says whether a
        // reload has anything to read (at start, it has not).
        if job == Job::Reload
            && self.thread.is_none()
            && self.store.as_ref().is_some_and(|s| !s.changed_on_disk())
        {
            return Some(SaverEvent::Reloaded { merged: false });
        }
        let copy = Arc::new(app.progress().clone());
        if self.send(job, Arc::clone(&copy)) {
            self.copy = Some(copy);
            return None;
        }
        // The saver thread could not start or has stopped: say so, as of any failed save; the
        // changes stay in memory and quitting asks what to do with them.
        let error = failed(app, "could not save: the saving thread stopped".into());
        Some(match job {
            Job::Save => SaverEvent::SaveFailed(error),
            Job::Reload => SaverEvent::ReloadFailed(error),
        })
    }

    /// Hands a job to the thread, starting it the first time.
    fn send(&mut self, job: Job, copy: Arc<Progress>) -> bool {
        if self.thread.is_none() {
            let (Some(mut store), Some(report)) = (self.store.take(), self.report.take()) else {
                return false;
            };
            let (tx, rx) = channel::<Order>();
            let spawned = std::thread::Builder::new()
                .name("saver".into())
                .spawn(move || {
                    for (job, progress) in rx {
                        let done = match job {
                            Job::Save => Done::Saved(store.save(&progress)),
                            Job::Reload => Done::Reloaded(store.reload(&progress)),
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
            .is_some_and(|(tx, _)| tx.send((job, copy)).is_ok())
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
            self.done(app, done);
        }
        self.store
    }
}

/// Tells the app a save or reload failed, and why (the bottom line shows it); returns the why.
fn failed(app: &mut App, error: String) -> String {
    app.update(Fact::SaveFailed(error.clone()), "");
    error
}

/// Tells the app what another writer changed. `merged` was made from `copy`; changes the user
/// made since are merged with it, so that neither is lost.
fn take_in(app: &mut App, merged: Merged, copy: &Progress) {
    let progress = if app.progress().same_content(copy) {
        merged.progress
    } else {
        state::merge(Some(copy), app.progress(), &merged.progress).0
    };
    app.update(
        Fact::FromDisk {
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
    use crate::app::{Action, SaveStatus};
    use crate::model::progress::Status;
    use crate::model::roadmap::Roadmap;

    const T1: &str = "2026-11-26T10:00:00Z";
    const T2: &str = "2026-11-26T10:00:05Z";

    /// Whether the title line, as drawn at 80×24, says a save is under way (in either language).
    fn title_says_saving(app: &mut App) -> bool {
        use ratatui::{Terminal, backend::TestBackend};
        crate::tui::fit(app, 80, 24);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
        let keymap = crate::keymap::Keymap::default();
        let view = crate::ui::View {
            app,
            theme: &crate::ui::theme::DARK,
            keymap: &keymap,
        };
        let frame = terminal
            .draw(|frame| crate::ui::render(&view, frame))
            .expect("drawn");
        let title: String = (0..80)
            .map(|x| frame.buffer[(x, 0)].symbol().to_owned())
            .collect();
        title.contains("saving…") || title.contains("guardando…")
    }

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

    /// Sets a cell as the user does: a click puts the cursor on it, then the key's action.
    pub(in crate::tui) fn mark(app: &mut App, task: u32, track: &str, status: Status, now: &str) {
        let pos = app.roadmap().pos_of(task).expect("a task of the seed");
        let column = app
            .roadmap()
            .track_index(track)
            .expect("a language of the seed");
        let cursor = app.cursor();
        if (cursor.pos, cursor.track) != (pos, column) {
            let click = Action::ClickCell {
                pos,
                track: Some(column),
            };
            assert_eq!(app.update(click, now), Effect::None);
        }
        let action = match status {
            Status::Done => Action::ToggleDone,
            Status::InProgress => Action::ToggleInProgress,
            Status::Skip => Action::ToggleSkip,
            Status::Todo => panic!("only done, in progress or skipped"),
        };
        assert_eq!(app.update(action, now), Effect::Save);
        assert_eq!(app.progress().status(task, track), status);
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

        mark(&mut app, 1, "python", Status::Done, T2);
        saver.save(&mut app);
        saver.next(&mut app);
        assert_eq!(
            *app.save_status(),
            SaveStatus::Saving,
            "the title should say saving while the save is under way"
        );
        // A second change while the first save is under way waits for it.
        mark(&mut app, 2, "node", Status::InProgress, T2);
        saver.save(&mut app);
        saver.next(&mut app);

        // The first save ends: it merged the other writer's cell with the first change.
        let effect = saver.done(&mut app, next_done(&rx));
        assert_eq!(effect, Effect::None);
        assert_eq!(
            app.progress().status(3, "go"),
            Status::Done,
            "theirs taken in"
        );
        assert_eq!(
            app.progress().status(2, "node"),
            Status::InProgress,
            "the change made meanwhile is kept"
        );
        assert_eq!(
            *app.save_status(),
            SaveStatus::Saving,
            "the second change is not on disk yet"
        );
        assert_eq!(status_on_disk(&path, 2, "node"), Status::Todo);

        // The second save, started when the first ended, puts everything on disk.
        saver.next(&mut app);
        saver.done(&mut app, next_done(&rx));
        assert_eq!(*app.save_status(), SaveStatus::Saved);
        assert_eq!(status_on_disk(&path, 1, "python"), Status::Done);
        assert_eq!(status_on_disk(&path, 2, "node"), Status::InProgress);
        assert_eq!(status_on_disk(&path, 3, "go"), Status::Done);
        assert!(rx.try_recv().is_err(), "no third save for nothing");
    }

    /// A reload under way when the user changes a cell brings another writer's change back; the
    /// user's change is not on disk yet, so the title must still say "saving…" until the save
    /// that follows has ended (a kill meanwhile loses a change the screen called saved).
    #[test]
    fn a_reload_ending_with_another_writers_change_keeps_saving_until_the_change_is_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        let (mut app, mut saver, rx) = opened(&path);

        // Another writer checks a cell after this app read the file; the watcher says so.
        let mut theirs = Progress::default();
        theirs.set_status(3, "go", Status::Done, T1);
        state::write_copy(&path, &theirs).unwrap();
        saver.reload(&mut app);
        saver.next(&mut app);

        // The user checks a cell while the reload is under way: its save waits behind it.
        mark(&mut app, 1, "python", Status::Done, T2);
        saver.save(&mut app);
        saver.next(&mut app);
        assert!(title_says_saving(&mut app), "a change waits to be saved");

        // The reload ends with the other writer's cell, merged with the user's change.
        saver.done(&mut app, next_done(&rx));
        assert_eq!(
            app.progress().status(3, "go"),
            Status::Done,
            "theirs taken in"
        );
        assert_eq!(
            app.progress().status(1, "python"),
            Status::Done,
            "ours kept"
        );
        assert_eq!(status_on_disk(&path, 1, "python"), Status::Todo);
        assert!(
            title_says_saving(&mut app),
            "the user's change is not on disk: the title must still say saving"
        );

        // The save that waited puts it on disk; only then does "saving…" end.
        saver.next(&mut app);
        saver.done(&mut app, next_done(&rx));
        assert_eq!(status_on_disk(&path, 1, "python"), Status::Done);
        assert_eq!(status_on_disk(&path, 3, "go"), Status::Done);
        assert!(!title_says_saving(&mut app));
    }

    #[test]
    fn finish_waits_for_the_save_under_way_and_returns_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        let (mut app, mut saver, rx) = opened(&path);
        mark(&mut app, 5, "java", Status::Done, T1);
        saver.save(&mut app);
        saver.next(&mut app);
        let store = saver
            .finish(&mut app, || rx.try_iter().collect())
            .expect("the store back");
        assert!(app.progress().same_content(store.base()));
        assert_eq!(*app.save_status(), SaveStatus::Saved);
        assert_eq!(status_on_disk(&path, 5, "java"), Status::Done);
    }

    #[test]
    fn a_failed_save_says_so_and_the_next_change_tries_again() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("sub");
        let path = blocker.join("progress.json");
        let (mut app, mut saver, rx) = opened(&path);
        std::fs::write(&blocker, "a file where the folder should be").unwrap();
        mark(&mut app, 1, "go", Status::Done, T1);
        saver.save(&mut app);
        saver.next(&mut app);
        saver.done(&mut app, next_done(&rx));
        assert!(
            matches!(app.save_status(), SaveStatus::Failed(e) if e.contains("could not save")),
            "{:?}",
            app.save_status()
        );
        assert!(
            app.message()
                .as_ref()
                .is_some_and(|m| m.is_error && m.text.contains("could not save")),
            "the bottom line says why: {:?}",
            app.message()
        );
        std::fs::remove_file(&blocker).unwrap();
        mark(&mut app, 2, "go", Status::Done, T2);
        saver.save(&mut app);
        saver.next(&mut app);
        saver.done(&mut app, next_done(&rx));
        assert_eq!(*app.save_status(), SaveStatus::Saved);
        assert_eq!(status_on_disk(&path, 1, "go"), Status::Done);
        assert_eq!(status_on_disk(&path, 2, "go"), Status::Done);
    }
}
