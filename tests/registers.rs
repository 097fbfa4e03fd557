//! Every part of the progress is a last-writer-wins register with its own stamp, and a merge is
//! their join. These tests hold the cases where a merge used to lose a change — each fails with
//! a merge that compares parts with the base instead of their stamps — and a property over
//! several replicas with skewed clocks: merged in any order they converge, and every part holds
//! the last operation made on it.

use std::collections::BTreeMap;

use proptest::prelude::*;
use roadmap_tui::model::goal::Goal;
use roadmap_tui::model::progress::{Verified, VerifyFailed};
use roadmap_tui::model::{Progress, Status};
use roadmap_tui::state::merge;

/// A user's change to a setting, stamped as the app stamps it.
fn set_goal(p: &mut Progress, key: &str, date: Option<&str>, now: &str) {
    let before = p.settings.clone();
    p.settings
        .set_goal(key, date.map(|d| Goal::new(d.parse().unwrap())));
    p.settings.stamp_changes(&before, now);
}

fn set_setting(p: &mut Progress, now: &str, change: impl FnOnce(&mut Progress)) {
    let before = p.settings.clone();
    change(p);
    p.settings.stamp_changes(&before, now);
}

/// Every way of merging two copies: both sides as ours, with and without the base.
fn all_merges(base: &Progress, a: &Progress, b: &Progress) -> Vec<Progress> {
    vec![
        merge(Some(base), a, b).0,
        merge(Some(base), b, a).0,
        merge(None, a, b).0,
        merge(None, b, a).0,
    ]
}

#[test]
fn a_later_uncheck_beats_an_older_check_however_the_copies_meet() {
    let base = Progress::default();
    let mut ours = base.clone();
    ours.set_status(5, "go", Status::Done, "2026-12-06T02:26:02Z");
    let mut theirs = base.clone();
    theirs.set_status(5, "go", Status::Done, "2026-12-06T02:26:03Z");
    theirs.set_status(5, "go", Status::Todo, "2026-12-06T02:26:05Z");
    for m in all_merges(&base, &ours, &theirs) {
        let cell = m.cell(5, "go").expect("a stamped todo");
        assert_eq!(cell.status, Status::Todo);
        assert_eq!(cell.done_at, None);
        assert_eq!(cell.changed_at.as_deref(), Some("2026-12-06T02:26:05Z"));
        // The newest stamp sits on the newest state: a later merge keeps the uncheck.
        let (again, _) = merge(Some(&base), &m, &ours);
        assert_eq!(again.status(5, "go"), Status::Todo);
    }
}

#[test]
fn a_setting_changed_on_both_sides_keeps_the_later_change_whoever_pulls() {
    let mut base = Progress::default();
    set_goal(&mut base, "all", Some("2027-06-01"), "2026-12-01T10:00:00Z");
    set_setting(&mut base, "2026-12-01T10:00:00Z", |p| {
        p.settings.track_order = vec!["go".into(), "python".into()];
    });
    let mut laptop = base.clone();
    let mut desktop = base.clone();
    // The laptop changes the goal, then the desktop clears it; the desktop names Go, then the
    // laptop renames it; the laptop moves Python first; the desktop hides Java; the language is
    // changed on both, the laptop last.
    set_goal(
        &mut laptop,
        "all",
        Some("2027-03-01"),
        "2026-12-02T10:00:00Z",
    );
    set_goal(&mut desktop, "all", None, "2026-12-02T11:00:00Z");
    set_setting(&mut desktop, "2026-12-02T10:00:00Z", |p| {
        p.settings.tracks.entry("go".into()).or_default().name = Some("Golang".into());
        p.settings.tracks.entry("java".into()).or_default().hidden = true;
        p.settings.lang = Some("en".into());
    });
    set_setting(&mut laptop, "2026-12-02T12:00:00Z", |p| {
        p.settings.tracks.entry("go".into()).or_default().name = Some("Go!".into());
        p.settings.track_order = vec!["python".into(), "go".into()];
        p.settings.lang = Some("es".into());
    });
    assert!(laptop.settings.stamps.contains_key("lang"));
    for m in all_merges(&base, &laptop, &desktop) {
        let s = &m.settings;
        assert!(!s.goals.contains_key("all"), "the later clear: {s:?}");
        assert_eq!(s.tracks["go"].name.as_deref(), Some("Go!"));
        assert!(s.tracks["java"].hidden);
        assert_eq!(s.track_order, ["python", "go"]);
        assert_eq!(s.lang.as_deref(), Some("es"));
    }
    // A goal set after the clear comes back.
    let (cleared, _) = merge(Some(&base), &laptop, &desktop);
    let mut later = laptop.clone();
    set_goal(
        &mut later,
        "all",
        Some("2027-09-01"),
        "2026-12-03T10:00:00Z",
    );
    let (m, _) = merge(Some(&laptop), &cleared, &later);
    assert_eq!(m.settings.goals["all"].date, "2027-09-01");
}

#[test]
fn the_learners_name_merges_like_the_other_settings_and_survives_older_files() {
    let base = Progress::default();
    let mut laptop = base.clone();
    let mut desktop = base.clone();
    set_setting(&mut laptop, "2026-12-02T10:00:00Z", |p| {
        p.settings.name = Some("Ana".into());
    });
    set_setting(&mut desktop, "2026-12-02T11:00:00Z", |p| {
        p.settings.name = Some("Ana María".into());
    });
    assert!(laptop.settings.stamps.contains_key("name"));
    for m in all_merges(&base, &laptop, &desktop) {
        assert_eq!(
            m.settings.name.as_deref(),
            Some("Ana María"),
            "the later name"
        );
    }
    // A later clear beats an earlier name, whoever pulls.
    let (named, _) = merge(Some(&base), &laptop, &desktop);
    let mut cleared = named.clone();
    set_setting(&mut cleared, "2026-12-03T10:00:00Z", |p| {
        p.settings.name = None
    });
    for m in all_merges(&named, &cleared, &laptop) {
        assert_eq!(m.settings.name, None, "the later clear");
    }
    // A version 2 file (no name, no stamps) merged with a named one keeps the name.
    let old = roadmap_tui::state::parse(
        std::path::Path::new("old.json"),
        br#"{"version": 2, "settings": {"lang": "es"}, "tasks": {}}"#,
    )
    .expect("a version 2 file");
    for m in all_merges(&base, &old, &desktop) {
        assert_eq!(m.settings.name.as_deref(), Some("Ana María"));
        assert_eq!(m.settings.lang.as_deref(), Some("es"));
    }
    // Written and read back (as any build keeps a setting it does not know), name and stamp
    // come back whole.
    let text = serde_json::to_string(&desktop).expect("JSON");
    assert!(text.contains(r#""name":"Ana María""#), "{text}");
    let back = roadmap_tui::state::parse(std::path::Path::new("p.json"), text.as_bytes())
        .expect("read back");
    assert_eq!(back, desktop);
}

#[test]
fn a_merged_todo_carries_no_review_and_a_later_check_brings_none_back() {
    let day: jiff::civil::Date = "2026-12-10".parse().unwrap();
    let mut base = Progress::default();
    base.set_status(7, "go", Status::Done, "2026-12-01T10:00:00Z");
    // One side schedules a review; the other, later, unchecks the cell.
    let mut ours = base.clone();
    ours.schedule_review(7, "go", day, "2026-12-02T10:00:00Z")
        .unwrap();
    let mut theirs = base.clone();
    theirs.set_status(7, "go", Status::Todo, "2026-12-03T10:00:00Z");
    for mut m in all_merges(&base, &ours, &theirs) {
        let cell = m.cell(7, "go").unwrap();
        assert_eq!(cell.status, Status::Todo);
        assert_eq!(cell.review_due(), None);
        m.set_status(7, "go", Status::Done, "2026-12-04T10:00:00Z");
        assert_eq!(m.cell(7, "go").unwrap().review_due(), None);
    }
}

#[test]
fn a_clock_ten_minutes_slow_still_wins_with_a_change_made_after_seeing_the_other() {
    let base = Progress::default();
    // The desktop checks the cell at 10:00 by its clock.
    let mut desktop = base.clone();
    desktop.set_status(3, "python", Status::Done, "2026-11-06T10:00:00Z");
    // The laptop, whose clock is ten minutes behind, pulls that and unchecks the cell two
    // minutes later (09:52 by its clock).
    let (mut laptop, _) = merge(Some(&base), &base, &desktop);
    laptop.set_status(3, "python", Status::Todo, "2026-11-06T09:52:00Z");
    assert_eq!(
        laptop.cell(3, "python").unwrap().changed_at.as_deref(),
        Some("2026-11-06T10:00:00.001Z")
    );
    for m in all_merges(&base, &laptop, &desktop) {
        assert_eq!(m.status(3, "python"), Status::Todo);
    }
}

#[test]
fn a_stamp_from_a_clock_in_2099_does_not_win_for_ever() {
    let base = Progress::default();
    let mut broken = base.clone();
    broken.set_status(4, "go", Status::Done, "2099-01-01T00:00:00Z");
    broken.set_note(4, "go", "from the future", "2099-01-01T00:00:00Z");
    // Another machine sees it, then unchecks the cell and clears the note now.
    let now = jiff::Timestamp::now().to_string();
    let (mut fixed, _) = merge(Some(&base), &base, &broken);
    fixed.set_status(4, "go", Status::Todo, &now);
    fixed.set_note(4, "go", "", &now);
    // Its stamps are not raised to 2099.
    let cell = fixed.cell(4, "go").unwrap();
    assert!(cell.changed_at.as_deref().unwrap() < "2030", "{cell:?}");
    for m in all_merges(&base, &fixed, &broken) {
        assert_eq!(m.status(4, "go"), Status::Todo);
        assert_eq!(m.note(4, "go"), None);
    }
}

#[test]
fn notes_edited_on_both_sides_since_the_base_keep_both_texts() {
    let mut base = Progress::default();
    base.set_note(2, "go", "first", "2026-12-01T10:00:00Z");
    let mut ours = base.clone();
    ours.set_note(2, "go", "ours", "2026-12-02T10:00:00Z");
    let mut theirs = base.clone();
    theirs.set_note(2, "go", "theirs", "2026-12-03T10:00:00Z");
    let (m, report) = merge(Some(&base), &ours, &theirs);
    assert_eq!(m.note(2, "go"), Some("theirs\n\nours"));
    assert_eq!(report.notes_joined.len(), 1);
    // Without the base nothing says both edited it: the later note wins.
    assert_eq!(merge(None, &ours, &theirs).0.note(2, "go"), Some("theirs"));
}

// --- Verify evidence ---------------------------------------------------------------------------

fn run(command: &str, at: &str) -> Verified {
    Verified {
        command: command.into(),
        status: 0,
        ms: 42,
        at: at.into(),
        stamp: at.into(),
        commit: Some("abc123".into()),
        extra: Default::default(),
    }
}

fn failure(command: &str, at: &str) -> VerifyFailed {
    VerifyFailed {
        at: at.into(),
        command: command.into(),
        status: Some(1),
        timed_out: false,
        ms: 7,
        tail: vec!["FAILED".into()],
        extra: Default::default(),
    }
}

#[test]
fn evidence_goes_with_the_state_it_made() {
    let mut verified = Progress::default();
    verified.set_verified(
        3,
        "go",
        run("go test", "2026-12-01T10:00:00Z"),
        "2026-12-01T10:00:00Z",
    );
    let cell = verified.cell(3, "go").unwrap();
    assert_eq!(cell.status, Status::Done);
    assert_eq!(
        cell.verified().unwrap().stamp,
        cell.changed_at.clone().unwrap()
    );
    // A later uncheck elsewhere wins, evidence and all, in either order.
    let mut unchecked = verified.clone();
    unchecked.set_status(3, "go", Status::Todo, "2026-12-02T10:00:00Z");
    assert!(unchecked.cell(3, "go").unwrap().verified().is_none());
    for (a, b) in [(&verified, &unchecked), (&unchecked, &verified)] {
        let (m, _) = merge(None, a, b);
        assert_eq!(m.status(3, "go"), Status::Todo);
        assert!(m.cell(3, "go").unwrap().verified().is_none());
    }
    // An older uncheck loses to the verified done, which keeps its evidence.
    let mut older = Progress::default();
    older.set_status(3, "go", Status::Todo, "2026-11-30T10:00:00Z");
    for (a, b) in [(&verified, &older), (&older, &verified)] {
        let (m, _) = merge(None, a, b);
        assert_eq!(
            m.cell(3, "go").unwrap().verified().unwrap().command,
            "go test"
        );
    }
}

#[test]
fn evidence_left_behind_by_an_older_build_counts_for_nothing() {
    // An older build keeps `verified` as a field it does not know, and unchecks the cell: the
    // state's stamp moves on, the evidence's does not.
    let json = r#"{"version": 3, "tasks": {"3": {"go": {
        "changed_at": "2026-12-02T10:00:00.000Z",
        "verified": {"command": "go test", "status": 0, "ms": 42,
                     "at": "2026-12-01T10:00:00.000Z", "stamp": "2026-12-01T10:00:00.000Z"}
    }}}}"#;
    let p: Progress = serde_json::from_str(json).unwrap();
    let cell = p.cell(3, "go").unwrap();
    assert_eq!(cell.status, Status::Todo);
    assert!(cell.verified().is_none());
    assert!(!serde_json::to_string(&p).unwrap().contains("verified"));
    // One that still matches its state is read, and written back as it was.
    let json = json.replace("2026-12-02T10:00:00.000Z", "2026-12-01T10:00:00.000Z");
    let p: Progress = serde_json::from_str(&json).unwrap();
    let v = p.cell(3, "go").unwrap().verified().unwrap().clone();
    assert_eq!((v.command.as_str(), v.ms), ("go test", 42));
    let back: Progress = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
    // A shape this build cannot read is kept as it is.
    let odd = r#"{"version": 3, "tasks": {"3": {"go": {"verified": "yes"}}}}"#;
    let p: Progress = serde_json::from_str(odd).unwrap();
    assert!(
        serde_json::to_string(&p)
            .unwrap()
            .contains(r#""verified":"yes""#)
    );
}

#[test]
fn the_last_failed_verify_is_a_register_of_its_own() {
    let mut a = Progress::default();
    a.set_verify_failed(4, "go", failure("first", ""), "2026-12-01T10:00:00Z");
    let mut b = Progress::default();
    b.set_status(4, "go", Status::InProgress, "2026-12-03T10:00:00Z");
    b.set_verify_failed(4, "go", failure("second", ""), "2026-12-02T10:00:00Z");
    for (x, y) in [(&a, &b), (&b, &a)] {
        let (m, _) = merge(None, x, y);
        let cell = m.cell(4, "go").unwrap();
        assert_eq!(cell.verify_failed().unwrap().command, "second");
        // The state is unchanged by a failure: b's in progress.
        assert_eq!(cell.status, Status::InProgress);
    }
}

// --- Replicas ---------------------------------------------------------------------------------

const TRACKS: [&str; 3] = ["python", "go", "rust"];
const GOALS: [&str; 2] = ["all", "go"];

/// One operation on one part, made on a replica at minute `at`, its clock `skew` minutes off.
#[derive(Debug, Clone)]
enum Op {
    Status {
        task: u32,
        track: usize,
        status: u8,
    },
    Note {
        task: u32,
        track: usize,
        text: u8,
    },
    Goal {
        key: usize,
        date: Option<u8>,
    },
    Lang {
        es: bool,
    },
    /// The learner's name: one of a few, or none.
    Name {
        name: Option<u8>,
    },
    Hide {
        track: usize,
        hidden: bool,
    },
    /// A run of the cell's tests: a pass marks it done with evidence, a failure is kept as its
    /// last failed run.
    Verify {
        task: u32,
        track: usize,
        pass: bool,
        command: u8,
    },
    /// Merge another replica into this one.
    Pull {
        from: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1u32..4, 0usize..3, 0u8..4).prop_map(|(task, track, status)| Op::Status { task, track, status }),
        2 => (1u32..4, 0usize..3, 0u8..4).prop_map(|(task, track, text)| Op::Note { task, track, text }),
        1 => (0usize..2, proptest::option::of(1u8..28)).prop_map(|(key, date)| Op::Goal { key, date }),
        1 => any::<bool>().prop_map(|es| Op::Lang { es }),
        1 => proptest::option::of(0u8..3).prop_map(|name| Op::Name { name }),
        1 => (0usize..3, any::<bool>()).prop_map(|(track, hidden)| Op::Hide { track, hidden }),
        2 => (1u32..4, 0usize..3, any::<bool>(), 0u8..3).prop_map(|(task, track, pass, command)| Op::Verify { task, track, pass, command }),
        3 => (0usize..5).prop_map(|from| Op::Pull { from }),
    ]
}

/// A part of the progress, named.
type Part = String;

/// Applies `op` on replica `r` at its clock's time; records, for each part it changed, the
/// stamp given and the value now held.
fn apply(
    replicas: &mut [Progress],
    r: usize,
    op: &Op,
    now: &str,
    last: &mut BTreeMap<Part, (String, String)>,
) {
    let p = &mut replicas[r];
    match op {
        Op::Status {
            task,
            track,
            status,
        } => {
            let status =
                [Status::Todo, Status::InProgress, Status::Done, Status::Skip][*status as usize];
            let track = TRACKS[*track];
            p.set_status(*task, track, status, now);
            record_state(p, *task, track, last);
        }
        Op::Verify {
            task,
            track,
            pass,
            command,
        } => {
            let track = TRACKS[*track];
            let command = format!("test {command}");
            if *pass {
                let run = Verified {
                    command,
                    status: 0,
                    ms: 5,
                    at: now.into(),
                    stamp: now.into(),
                    commit: None,
                    extra: Default::default(),
                };
                p.set_verified(*task, track, run, now);
                record_state(p, *task, track, last);
            } else {
                let run = VerifyFailed {
                    at: now.into(),
                    command,
                    status: Some(1),
                    timed_out: false,
                    ms: 5,
                    tail: vec!["boom".into()],
                    extra: Default::default(),
                };
                p.set_verify_failed(*task, track, run, now);
                let f = p
                    .cell(*task, track)
                    .and_then(|c| c.verify_failed())
                    .unwrap();
                last.insert(
                    format!("{task}/{track}/failed"),
                    (f.at.to_string(), f.command.clone()),
                );
            }
        }
        Op::Note { task, track, text } => {
            let track = TRACKS[*track];
            let text = if *text == 0 {
                String::new()
            } else {
                format!("note {text}")
            };
            p.set_note(*task, track, &text, now);
            if let Some(cell) = p.cell(*task, track) {
                let stamp = cell.note_stamp().unwrap_or_default().to_owned();
                last.insert(
                    format!("{task}/{track}/note"),
                    (stamp, cell.note().unwrap_or_default().to_owned()),
                );
            }
        }
        Op::Goal { key, date } => {
            let date = date.map(|d| format!("2027-02-{d:02}"));
            set_goal(p, GOALS[*key], date.as_deref(), now);
            let name = format!("goal/{}", GOALS[*key]);
            if let Some(stamp) = p.settings.stamps.get(&name) {
                let value = p
                    .settings
                    .goals
                    .get(GOALS[*key])
                    .map(|g| g.date.clone())
                    .unwrap_or_default();
                last.insert(name, (stamp.to_string(), value));
            }
        }
        Op::Lang { es } => {
            set_setting(p, now, |p| {
                p.settings.lang = Some(if *es { "es" } else { "en" }.into())
            });
            if let Some(stamp) = p.settings.stamps.get("lang") {
                last.insert(
                    "lang".into(),
                    (
                        stamp.to_string(),
                        p.settings.lang.clone().unwrap_or_default(),
                    ),
                );
            }
        }
        Op::Name { name } => {
            set_setting(p, now, |p| {
                p.settings.name = name.map(|n| format!("Learner {n}"))
            });
            if let Some(stamp) = p.settings.stamps.get("name") {
                last.insert(
                    "name".into(),
                    (
                        stamp.to_string(),
                        p.settings.name.clone().unwrap_or_default(),
                    ),
                );
            }
        }
        Op::Hide { track, hidden } => {
            let id = TRACKS[*track];
            set_setting(p, now, |p| {
                let entry = p.settings.tracks.entry(id.into()).or_default();
                entry.hidden = *hidden;
                if entry.is_blank() {
                    p.settings.tracks.remove(id);
                }
            });
            let name = format!("track/{id}/hidden");
            if let Some(stamp) = p.settings.stamps.get(&name) {
                let value = p
                    .settings
                    .tracks
                    .get(id)
                    .is_some_and(|t| t.hidden)
                    .to_string();
                last.insert(name, (stamp.to_string(), value));
            }
        }
        Op::Pull { from } => {
            let from = *from % replicas.len();
            let (merged, _) = merge(None, &replicas[r], &replicas[from]);
            replicas[r] = merged;
        }
    }
}

/// The state part of a cell: its status and the command of the run that made it, if any.
fn state_value(cell: Option<&roadmap_tui::model::progress::Cell>) -> String {
    let verified = cell.and_then(|c| c.verified()).map(|v| v.command.clone());
    format!("{:?} {verified:?}", cell.map_or(Status::Todo, |c| c.status))
}

fn record_state(p: &Progress, task: u32, track: &str, last: &mut BTreeMap<Part, (String, String)>) {
    if let Some(cell) = p.cell(task, track) {
        let stamp = cell.changed_at.as_deref().unwrap_or_default().to_owned();
        last.insert(
            format!("{task}/{track}/state"),
            (stamp, state_value(Some(cell))),
        );
    }
}

/// What a progress holds of the part `name`, as `apply` records it.
fn part(p: &Progress, name: &str) -> (String, String) {
    let pieces: Vec<&str> = name.split('/').collect();
    match pieces.as_slice() {
        [task, track, "state"] => {
            let cell = p.cell(task.parse().unwrap(), track);
            (
                cell.and_then(|c| c.changed_at.as_deref())
                    .unwrap_or_default()
                    .to_owned(),
                state_value(cell),
            )
        }
        [task, track, "failed"] => {
            let f = p
                .cell(task.parse().unwrap(), track)
                .and_then(|c| c.verify_failed());
            (
                f.map(|f| f.at.to_string()).unwrap_or_default(),
                f.map(|f| f.command.clone()).unwrap_or_default(),
            )
        }
        [task, track, "note"] => {
            let cell = p.cell(task.parse().unwrap(), track);
            (
                cell.and_then(|c| c.note_stamp())
                    .unwrap_or_default()
                    .to_owned(),
                cell.and_then(|c| c.note()).unwrap_or_default().to_owned(),
            )
        }
        ["goal", key] => (
            p.settings
                .stamps
                .get(name)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            p.settings
                .goals
                .get(*key)
                .map(|g| g.date.clone())
                .unwrap_or_default(),
        ),
        ["lang"] => (
            p.settings
                .stamps
                .get(name)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            p.settings.lang.clone().unwrap_or_default(),
        ),
        ["name"] => (
            p.settings
                .stamps
                .get(name)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            p.settings.name.clone().unwrap_or_default(),
        ),
        ["track", id, "hidden"] => (
            p.settings
                .stamps
                .get(name)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            p.settings
                .tracks
                .get(*id)
                .is_some_and(|t| t.hidden)
                .to_string(),
        ),
        _ => unreachable!("{name}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// 3–5 replicas make random operations, with clocks up to ten minutes off and pulls from
    /// each other in between; then every replica merges every other in a random order. All end
    /// equal, and every part holds the value of the operation with the greatest stamp on it.
    #[test]
    fn replicas_converge_on_the_last_operation_on_every_part(
        count in 3usize..=5,
        skews in proptest::collection::vec(-10i64..=10, 5),
        ops in proptest::collection::vec((0usize..5, op(), 0u8..3), 1..40),
        order in proptest::collection::vec(0usize..5, 5..25),
    ) {
        let mut replicas = vec![Progress::default(); count];
        let start: jiff::Timestamp = "2026-11-06T08:00:00Z".parse().unwrap();
        // Greatest stamp per part: (stamp, value).
        let mut last: BTreeMap<Part, (String, String)> = BTreeMap::new();
        let mut minute = 0i64;
        for (i, (r, op, gap)) in ops.iter().enumerate() {
            let r = r % count;
            minute += i64::from(*gap);
            // A second of its own for each operation, so that no two stamps tie.
            let clock = start
                + jiff::SignedDuration::from_mins(minute + skews[r])
                + jiff::SignedDuration::from_secs(i as i64);
            let mut seen = BTreeMap::new();
            apply(&mut replicas, r, op, &clock.to_string(), &mut seen);
            for (name, (stamp, value)) in seen {
                if stamp.is_empty() {
                    continue;
                }
                let newer = last.get(&name).is_none_or(|(s, v)| {
                    let (a, b): (jiff::Timestamp, jiff::Timestamp) = (stamp.parse().unwrap(), s.parse().unwrap());
                    a > b || (a == b && value > *v)
                });
                if newer {
                    last.insert(name, (stamp, value));
                }
            }
        }
        // Every replica pulls every other, in a random order, twice over.
        let snapshot = replicas.clone();
        for replica in replicas.iter_mut() {
            for round in 0..2 {
                for &from in &order {
                    let from = (from + round) % count;
                    *replica = merge(None, replica, &snapshot[from]).0;
                }
                for other in &snapshot {
                    *replica = merge(None, replica, other).0;
                }
            }
        }
        for r in 1..count {
            prop_assert!(replicas[r].same_content(&replicas[0]), "replica {} differs", r);
        }
        for (name, want) in &last {
            let got = part(&replicas[0], name);
            prop_assert_eq!(&got, want, "{}", name);
        }
    }

    /// The merge of two copies is a join: the same whichever is ours, the same merged twice, and
    /// the same grouped either way.
    #[test]
    fn the_merge_is_commutative_associative_and_idempotent(
        ops in proptest::collection::vec((0usize..3, op(), 0u8..3), 1..30),
    ) {
        let mut replicas = vec![Progress::default(); 3];
        let start: jiff::Timestamp = "2026-11-06T08:00:00Z".parse().unwrap();
        let mut minute = 0i64;
        for (r, op, gap) in &ops {
            minute += i64::from(*gap);
            let clock = start + jiff::SignedDuration::from_mins(minute);
            apply(&mut replicas, r % 3, op, &clock.to_string(), &mut BTreeMap::new());
        }
        let [a, b, c] = [&replicas[0], &replicas[1], &replicas[2]];
        let m = |x: &Progress, y: &Progress| merge(None, x, y).0;
        prop_assert!(m(a, b).same_content(&m(b, a)));
        prop_assert!(m(a, a).same_content(a));
        prop_assert!(m(&m(a, b), c).same_content(&m(a, &m(b, c))));
    }
}
