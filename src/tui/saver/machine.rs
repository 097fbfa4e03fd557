//! The saver's state as one value, and how it moves: `on(state, event)` is a pure function
//! that returns the next state and the job to start, if any. What the title says of saving
//! (`status`) is derived from the state, never kept beside it.
//!
//! | state                      | event                     | next state                        |
//! |----------------------------|---------------------------|-----------------------------------|
//! | `Idle(n)`                  | `Changed`                 | `Idle(Save)`                      |
//! | `Idle(n)`                  | `FileChanged`             | `Idle(max(n, Reload))`            |
//! | `Idle(Save \| Reload)`     | `Drawn`                   | `Saving(Nothing)` / `Reloading(Nothing)`, and the job starts |
//! | `Saving(n)`, `Reloading(n)`| `Changed`                 | the same, with `n = Save`         |
//! | `Saving(n)`, `Reloading(n)`| `FileChanged`             | the same, with `n = max(n, Reload)` |
//! | `Saving(n)`                | `Saved`                   | `Idle(n)`; the failure forgotten unless `n = Save` |
//! | `Saving(n)`                | `SaveFailed`              | `Idle(n)`, failed with changes unsaved |
//! | `Reloading(n)`             | `Reloaded { merged }`     | `Idle(n)`; if merged, the failure forgotten, and a save wanted if it left changes unsaved |
//! | `Reloading(n)`             | `ReloadFailed`            | `Idle(n)`, failed                 |
//!
//! Anything else (`Drawn` while a job is under way, the end of a job that is not under way)
//! leaves the state as it is. The status: `Failed` while a failure is remembered, else `Saving`
//! while changes of the user's are not known to be on disk (`Idle(Save)`, `Saving(_)`,
//! `Reloading(Save)`), else `Saved`. So "saving…" ends only when a save that began after the
//! last change has ended on disk: a reload that ends while a change waits behind it leaves
//! `Idle(Save)`, which still says "saving…".

use crate::app::SaveStatus;

/// A job the saver thread does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Merge the progress with the file and write the result.
    Save,
    /// Read the file again and take in what others changed; writes nothing.
    Reload,
}

/// What waits for a job to start: at the next draw when nothing is under way, else when the
/// job under way ends. A save reads the file too, so it covers a reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Next {
    Nothing,
    /// The file changed on disk.
    Reload,
    /// Changes of the user's wait to be saved.
    Save,
}

/// What the saver is doing, and what waits behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// No job under way. `Idle(Nothing)` is the rest state.
    Idle(Next),
    /// A save is under way. `Saving(Save)`: changes made since it took its copy wait.
    Saving(Next),
    /// A reload is under way. `Reloading(Save)`: a change made meanwhile waits behind it.
    Reloading(Next),
}

/// The last save or reload failed, and none has worked since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Why, as the user is told.
    pub error: String,
    /// Whether changes are only in memory (a save failed). A reload that brings another
    /// writer's changes then asks for a save of them too.
    pub unsaved: bool,
}

/// The saver's whole state: its phase, and the failure it remembers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaverState {
    pub phase: Phase,
    pub failure: Option<Failure>,
}

impl Default for SaverState {
    fn default() -> SaverState {
        SaverState {
            phase: Phase::Idle(Next::Nothing),
            failure: None,
        }
    }
}

/// What happened, as far as saving goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaverEvent {
    /// The user changed the progress (or a setting).
    Changed,
    /// Something touched the progress file.
    FileChanged,
    /// The screen shows every change made so far: a job may start.
    Drawn,
    /// The save under way ended: its copy is on disk.
    Saved,
    /// The save under way failed, for this reason.
    SaveFailed(String),
    /// The reload under way ended; `merged` if it brought changes of another writer's.
    Reloaded { merged: bool },
    /// The reload under way failed, for this reason.
    ReloadFailed(String),
}

/// The next state, and the job to start now, if any.
pub fn on(state: SaverState, event: SaverEvent) -> (SaverState, Option<Job>) {
    use Next::{Nothing, Reload, Save};
    use Phase::{Idle, Reloading, Saving};
    let SaverState { phase, failure } = state;
    let with = |phase, failure| (SaverState { phase, failure }, None);
    let wait = |phase: Phase, want: Next| match phase {
        Idle(n) => Idle(n.max(want)),
        Saving(n) => Saving(n.max(want)),
        Reloading(n) => Reloading(n.max(want)),
    };
    match (phase, event) {
        (phase, SaverEvent::Changed) => with(wait(phase, Save), failure),
        (phase, SaverEvent::FileChanged) => with(wait(phase, Reload), failure),
        (Idle(Save), SaverEvent::Drawn) => (
            SaverState {
                phase: Saving(Nothing),
                failure,
            },
            Some(Job::Save),
        ),
        (Idle(Reload), SaverEvent::Drawn) => (
            SaverState {
                phase: Reloading(Nothing),
                failure,
            },
            Some(Job::Reload),
        ),
        (Saving(next), SaverEvent::Saved) => {
            // The failure is over once a save covers everything shown; with more changes
            // waiting, the next save decides.
            let failure = failure.filter(|_| next == Save);
            with(Idle(next), failure)
        }
        (Saving(next), SaverEvent::SaveFailed(error)) => with(
            Idle(next),
            Some(Failure {
                error,
                unsaved: true,
            }),
        ),
        (Reloading(next), SaverEvent::Reloaded { merged: false }) => with(Idle(next), failure),
        (Reloading(next), SaverEvent::Reloaded { merged: true }) => {
            // A reload that works clears the word of one that did not; changes a failed save
            // left in memory are saved with what it brought.
            let next = match failure {
                Some(Failure { unsaved: true, .. }) => Save,
                _ => next,
            };
            with(Idle(next), None)
        }
        (Reloading(next), SaverEvent::ReloadFailed(error)) => {
            let unsaved = failure.is_some_and(|f| f.unsaved);
            with(Idle(next), Some(Failure { error, unsaved }))
        }
        (
            phase,
            SaverEvent::Drawn
            | SaverEvent::Saved
            | SaverEvent::SaveFailed(_)
            | SaverEvent::Reloaded { .. }
            | SaverEvent::ReloadFailed(_),
        ) => with(phase, failure),
    }
}

/// What the title says of saving in `state`.
pub fn status(state: &SaverState) -> SaveStatus {
    match (&state.failure, state.phase) {
        (Some(failure), _) => SaveStatus::Failed(failure.error.clone()),
        (None, Phase::Idle(Next::Save) | Phase::Saving(_) | Phase::Reloading(Next::Save)) => {
            SaveStatus::Saving
        }
        (None, Phase::Idle(_) | Phase::Reloading(_)) => SaveStatus::Saved,
    }
}

#[cfg(test)]
mod tests;
