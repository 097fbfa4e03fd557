//! `on` for every state and event, the status derived from each state, the cases the machine
//! exists for, and random runs against a model of what is on disk.

use pretty_assertions::assert_eq;
use proptest::prelude::*;

use super::*;
use Next::{Nothing, Reload, Save};
use Phase::{Idle, Reloading, Saving};

const PHASES: [Phase; 9] = [
    Idle(Nothing),
    Idle(Reload),
    Idle(Save),
    Saving(Nothing),
    Saving(Reload),
    Saving(Save),
    Reloading(Nothing),
    Reloading(Reload),
    Reloading(Save),
];

fn events() -> [SaverEvent; 8] {
    [
        SaverEvent::Changed,
        SaverEvent::FileChanged,
        SaverEvent::Drawn,
        SaverEvent::Saved,
        SaverEvent::SaveFailed("disk full".into()),
        SaverEvent::Reloaded { merged: false },
        SaverEvent::Reloaded { merged: true },
        SaverEvent::ReloadFailed("unreadable".into()),
    ]
}

fn state(phase: Phase) -> SaverState {
    SaverState {
        phase,
        failure: None,
    }
}

fn failed(phase: Phase, error: &str, unsaved: bool) -> SaverState {
    SaverState {
        phase,
        failure: Some(Failure {
            error: error.into(),
            unsaved,
        }),
    }
}

/// Feeds `events` from `from`, returning the state and every job started.
fn run(from: SaverState, events: impl IntoIterator<Item = SaverEvent>) -> (SaverState, Vec<Job>) {
    let mut jobs = Vec::new();
    let state = events.into_iter().fold(from, |state, event| {
        let (state, job) = on(state, event);
        jobs.extend(job);
        state
    });
    (state, jobs)
}

/// Every phase × every event, with no failure remembered: the phase after, the job started,
/// and whether a failure is remembered after (with its changes unsaved or not).
#[test]
fn every_phase_and_event() {
    // One row per phase; one column per event, in the order of `events()`:
    // Changed, FileChanged, Drawn, Saved, SaveFailed, Reloaded, Reloaded merged, ReloadFailed.
    let table: [(Phase, [Phase; 8]); 9] = [
        (
            Idle(Nothing),
            [
                Idle(Save),
                Idle(Reload),
                Idle(Nothing),
                Idle(Nothing),
                Idle(Nothing),
                Idle(Nothing),
                Idle(Nothing),
                Idle(Nothing),
            ],
        ),
        (
            Idle(Reload),
            [
                Idle(Save),
                Idle(Reload),
                Reloading(Nothing),
                Idle(Reload),
                Idle(Reload),
                Idle(Reload),
                Idle(Reload),
                Idle(Reload),
            ],
        ),
        (
            Idle(Save),
            [
                Idle(Save),
                Idle(Save),
                Saving(Nothing),
                Idle(Save),
                Idle(Save),
                Idle(Save),
                Idle(Save),
                Idle(Save),
            ],
        ),
        (
            Saving(Nothing),
            [
                Saving(Save),
                Saving(Reload),
                Saving(Nothing),
                Idle(Nothing),
                Idle(Nothing),
                Saving(Nothing),
                Saving(Nothing),
                Saving(Nothing),
            ],
        ),
        (
            Saving(Reload),
            [
                Saving(Save),
                Saving(Reload),
                Saving(Reload),
                Idle(Reload),
                Idle(Reload),
                Saving(Reload),
                Saving(Reload),
                Saving(Reload),
            ],
        ),
        (
            Saving(Save),
            [
                Saving(Save),
                Saving(Save),
                Saving(Save),
                Idle(Save),
                Idle(Save),
                Saving(Save),
                Saving(Save),
                Saving(Save),
            ],
        ),
        (
            Reloading(Nothing),
            [
                Reloading(Save),
                Reloading(Reload),
                Reloading(Nothing),
                Reloading(Nothing),
                Reloading(Nothing),
                Idle(Nothing),
                Idle(Nothing),
                Idle(Nothing),
            ],
        ),
        (
            Reloading(Reload),
            [
                Reloading(Save),
                Reloading(Reload),
                Reloading(Reload),
                Reloading(Reload),
                Reloading(Reload),
                Idle(Reload),
                Idle(Reload),
                Idle(Reload),
            ],
        ),
        (
            Reloading(Save),
            [
                Reloading(Save),
                Reloading(Save),
                Reloading(Save),
                Reloading(Save),
                Reloading(Save),
                Idle(Save),
                Idle(Save),
                Idle(Save),
            ],
        ),
    ];
    assert_eq!(table.map(|(phase, _)| phase), PHASES);
    for (phase, row) in table {
        for (event, expected) in events().into_iter().zip(row) {
            let (after, job) = on(state(phase), event.clone());
            assert_eq!(after.phase, expected, "{phase:?} on {event:?}");
            let started = match (phase, &event) {
                (Idle(Save), SaverEvent::Drawn) => Some(Job::Save),
                (Idle(Reload), SaverEvent::Drawn) => Some(Job::Reload),
                _ => None,
            };
            assert_eq!(job, started, "{phase:?} on {event:?}");
            let failure = match (phase, &event) {
                (Saving(_), SaverEvent::SaveFailed(e)) => Some((e.as_str(), true)),
                (Reloading(_), SaverEvent::ReloadFailed(e)) => Some((e.as_str(), false)),
                _ => None,
            };
            let got = after
                .failure
                .as_ref()
                .map(|f| (f.error.as_str(), f.unsaved));
            assert_eq!(got, failure, "{phase:?} on {event:?}");
        }
    }
}

/// Every phase × every event with a failure remembered: the phase moves as without one (but
/// for a reload that brings changes while a failed save's are unsaved), and the failure is
/// kept until a save that covers everything shown, or a reload that brings changes, works.
#[test]
fn every_phase_and_event_with_a_failure() {
    for unsaved in [false, true] {
        for phase in PHASES {
            for event in events() {
                let before = failed(phase, "before", unsaved);
                let (after, job) = on(before.clone(), event.clone());
                let (plain, plain_job) = on(state(phase), event.clone());
                let reloaded = matches!(
                    (phase, &event),
                    (Reloading(_), SaverEvent::Reloaded { merged: true })
                );
                let expected_phase = if reloaded && unsaved {
                    Idle(Save)
                } else {
                    plain.phase
                };
                assert_eq!(after.phase, expected_phase, "{before:?} on {event:?}");
                assert_eq!(job, plain_job, "{before:?} on {event:?}");
                let failure = match (phase, &event) {
                    (Saving(n), SaverEvent::Saved) if n != Save => None,
                    (Reloading(_), SaverEvent::Reloaded { merged: true }) => None,
                    (Saving(_), SaverEvent::SaveFailed(e)) => Some((e.as_str(), true)),
                    (Reloading(_), SaverEvent::ReloadFailed(e)) => Some((e.as_str(), unsaved)),
                    _ => Some(("before", unsaved)),
                };
                let got = after
                    .failure
                    .as_ref()
                    .map(|f| (f.error.as_str(), f.unsaved));
                assert_eq!(got, failure, "{before:?} on {event:?}");
            }
        }
    }
}

#[test]
fn the_status_of_every_state() {
    for phase in PHASES {
        let saving = matches!(phase, Idle(Save) | Saving(_) | Reloading(Save));
        let expected = if saving {
            SaveStatus::Saving
        } else {
            SaveStatus::Saved
        };
        assert_eq!(status(&state(phase)), expected, "{phase:?}");
        for unsaved in [false, true] {
            assert_eq!(
                status(&failed(phase, "disk full", unsaved)),
                SaveStatus::Failed("disk full".into()),
                "{phase:?}"
            );
        }
    }
    assert_eq!(status(&SaverState::default()), SaveStatus::Saved);
}

/// The file changes, its reload starts; the user changes a cell while it is under way. The
/// reload ends with the other writer's change merged: the user's change is still not on disk,
/// so the status must stay "saving" until the save that follows has ended.
#[test]
fn a_reload_that_merges_while_a_change_waits_does_not_mark_it_saved() {
    let (reloading, jobs) = run(
        SaverState::default(),
        [SaverEvent::FileChanged, SaverEvent::Drawn],
    );
    assert_eq!(jobs, [Job::Reload]);
    assert_eq!(status(&reloading), SaveStatus::Saved, "nothing of ours yet");
    let (waiting, _) = on(reloading, SaverEvent::Changed);
    assert_eq!(waiting.phase, Reloading(Save));
    assert_eq!(status(&waiting), SaveStatus::Saving);
    let (reloaded, job) = on(waiting, SaverEvent::Reloaded { merged: true });
    assert_eq!(job, None);
    assert_eq!(reloaded.phase, Idle(Save));
    assert_eq!(
        status(&reloaded),
        SaveStatus::Saving,
        "the change is not on disk"
    );
    let (saving, job) = on(reloaded, SaverEvent::Drawn);
    assert_eq!(job, Some(Job::Save));
    assert_eq!(status(&saving), SaveStatus::Saving);
    let (saved, _) = on(saving, SaverEvent::Saved);
    assert_eq!(saved, SaverState::default());
    assert_eq!(status(&saved), SaveStatus::Saved);
}

/// "saving…" ends only when a save that began after the last change has ended.
#[test]
fn saving_ends_only_when_a_save_covering_the_last_change_ends() {
    let (state, jobs) = run(
        SaverState::default(),
        [SaverEvent::Changed, SaverEvent::Drawn, SaverEvent::Changed],
    );
    assert_eq!(jobs, [Job::Save]);
    let (state, _) = on(state, SaverEvent::Saved);
    assert_eq!(
        status(&state),
        SaveStatus::Saving,
        "the second change is not in that save"
    );
    let (state, jobs) = run(state, [SaverEvent::Drawn, SaverEvent::Saved]);
    assert_eq!(
        jobs,
        [Job::Save],
        "changes made during a save lead to another"
    );
    assert_eq!(status(&state), SaveStatus::Saved);
    assert_eq!(state, SaverState::default());
}

#[test]
fn a_save_failure_shows_failed_until_a_save_works() {
    let (state, _) = run(
        SaverState::default(),
        [
            SaverEvent::Changed,
            SaverEvent::Drawn,
            SaverEvent::SaveFailed("disk full".into()),
        ],
    );
    assert_eq!(status(&state), SaveStatus::Failed("disk full".into()));
    assert_eq!(state.phase, Idle(Nothing), "no retry by itself");
    // The next change tries again; until that save works, the failure is what shows.
    let (state, jobs) = run(state, [SaverEvent::Changed, SaverEvent::Drawn]);
    assert_eq!(jobs, [Job::Save]);
    assert_eq!(status(&state), SaveStatus::Failed("disk full".into()));
    let (state, _) = on(state, SaverEvent::Saved);
    assert_eq!(status(&state), SaveStatus::Saved);
}

#[test]
fn a_reload_that_merges_after_a_failed_save_saves_the_changes_left_in_memory() {
    let (state, _) = run(
        SaverState::default(),
        [
            SaverEvent::Changed,
            SaverEvent::Drawn,
            SaverEvent::SaveFailed("locked".into()),
            SaverEvent::FileChanged,
            SaverEvent::Drawn,
        ],
    );
    assert_eq!(state.phase, Reloading(Nothing));
    let (state, _) = on(state, SaverEvent::Reloaded { merged: true });
    assert_eq!(state.phase, Idle(Save));
    assert_eq!(status(&state), SaveStatus::Saving);
}

/// One step of a random run: an event, or the end of the job under way (success or not).
#[derive(Debug, Clone)]
enum Step {
    Changed,
    FileChanged,
    Drawn,
    End { works: bool, merged: bool },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::Changed),
        Just(Step::FileChanged),
        Just(Step::Drawn),
        (any::<bool>(), any::<bool>()).prop_map(|(works, merged)| Step::End { works, merged }),
    ]
}

/// What is on disk, counted in changes: the user's changes so far, the most a finished save
/// covered, and what the save under way covers.
#[derive(Debug, Default)]
struct Disk {
    changes: u32,
    on_disk: u32,
    covers: Option<u32>,
}

/// Runs `steps`, ending jobs only while one is under way, as the saver thread does; checks
/// after each that "saved" is never said of a change that is not on disk.
fn check(steps: &[Step]) -> (SaverState, Disk) {
    let mut disk = Disk::default();
    let mut state = SaverState::default();
    for step in steps {
        let event = match (step, state.phase) {
            (Step::Changed, _) => {
                disk.changes += 1;
                SaverEvent::Changed
            }
            (Step::FileChanged, _) => SaverEvent::FileChanged,
            (Step::End { works, .. }, Saving(_)) => {
                let covers = disk.covers.take().expect("a save under way");
                if *works {
                    disk.on_disk = disk.on_disk.max(covers);
                    SaverEvent::Saved
                } else {
                    SaverEvent::SaveFailed("failed".into())
                }
            }
            (Step::End { works, merged }, Reloading(_)) => match works {
                true => SaverEvent::Reloaded { merged: *merged },
                false => SaverEvent::ReloadFailed("failed".into()),
            },
            (Step::Drawn | Step::End { .. }, _) => SaverEvent::Drawn,
        };
        let (next, job) = on(state, event);
        state = next;
        if job == Some(Job::Save) {
            disk.covers = Some(disk.changes);
        }
        if status(&state) == SaveStatus::Saved {
            assert_eq!(disk.on_disk, disk.changes, "said saved after {steps:?}");
        }
    }
    (state, disk)
}

proptest! {
    #[test]
    fn saved_is_said_only_of_what_is_on_disk(steps in prop::collection::vec(step(), 0..40)) {
        let (mut state, mut disk) = check(&steps);
        // Then every job works and nothing else happens: the saver comes to rest, and with no
        // failure left it says saved, of everything.
        for _ in 0..8 {
            let event = match state.phase {
                Saving(_) => {
                    disk.on_disk = disk.on_disk.max(disk.covers.take().expect("a save"));
                    SaverEvent::Saved
                }
                Reloading(_) => SaverEvent::Reloaded { merged: true },
                Idle(Nothing) => break,
                Idle(_) => SaverEvent::Drawn,
            };
            let (next, job) = on(state, event);
            state = next;
            if job == Some(Job::Save) {
                disk.covers = Some(disk.changes);
            }
        }
        prop_assert_eq!(state.phase, Idle(Nothing));
        if state.failure.is_none() {
            prop_assert_eq!(status(&state), SaveStatus::Saved);
            prop_assert_eq!(disk.on_disk, disk.changes);
        }
        // A change then, saved, always ends in "saved".
        let (state, jobs) = run(state, [SaverEvent::Changed, SaverEvent::Drawn, SaverEvent::Saved]);
        prop_assert_eq!(jobs, vec![Job::Save]);
        prop_assert_eq!(status(&state), SaveStatus::Saved);
    }
}
