//! The merge of two copies of the progress: the rules cell by cell, and properties over random
//! histories — the result does not depend on which side is "ours", keeps every change made on
//! one side only, and never drops the newer of two changes to one cell.

use jiff::tz::TimeZone;
use proptest::prelude::*;
use roadmap_tui::clock::add_days;
use roadmap_tui::model::{Cell, Progress, Status};
use roadmap_tui::state::merge;

const UTC: TimeZone = TimeZone::UTC;

const T0: &str = "2026-11-20T10:00:00Z";
const T1: &str = "2026-11-21T10:00:00Z";
const T2: &str = "2026-11-22T10:00:00Z";

fn done(p: &mut Progress, task: u32, track: &str, at: &str) {
    p.set_status(task, track, Status::Done, at);
}

#[test]
fn changes_on_different_cells_are_all_kept() {
    let mut base = Progress::default();
    done(&mut base, 1, "go", T0);
    let mut ours = base.clone();
    done(&mut ours, 2, "go", T1);
    let mut theirs = base.clone();
    done(&mut theirs, 3, "python", T1);
    let (m, report) = merge(Some(&base), &ours, &theirs);
    for (task, track) in [(1, "go"), (2, "go"), (3, "python")] {
        assert_eq!(m.status(task, track), Status::Done, "{task} {track}");
    }
    assert_eq!(report.taken, vec![("3".to_owned(), "python".to_owned())]);
}

#[test]
fn an_uncheck_survives_the_other_sides_old_done() {
    let mut base = Progress::default();
    done(&mut base, 1, "go", T0);
    // We uncheck; they changed nothing on that cell but did another.
    let mut ours = base.clone();
    ours.set_status(1, "go", Status::Todo, T1);
    let mut theirs = base.clone();
    done(&mut theirs, 2, "go", T1);
    let (m, _) = merge(Some(&base), &ours, &theirs);
    assert_eq!(m.status(1, "go"), Status::Todo);
    assert_eq!(m.status(2, "go"), Status::Done);
    // Without a base (a sync tool's copy) the stamped uncheck is newer than their done.
    let (m, _) = merge(None, &ours, &theirs);
    assert_eq!(m.status(1, "go"), Status::Todo);
    let (m, _) = merge(None, &theirs, &ours);
    assert_eq!(m.status(1, "go"), Status::Todo);
}

#[test]
fn a_cell_changed_on_both_sides_keeps_the_later_change() {
    let base = Progress::default();
    let mut ours = base.clone();
    ours.set_status(5, "php", Status::InProgress, T2);
    let mut theirs = base.clone();
    done(&mut theirs, 5, "php", T1);
    let (m, report) = merge(Some(&base), &ours, &theirs);
    assert_eq!(m.status(5, "php"), Status::InProgress);
    assert_eq!(report.kept_ours.len(), 1);
    let (m, _) = merge(Some(&base), &theirs, &ours);
    assert_eq!(m.status(5, "php"), Status::InProgress);
}

#[test]
fn a_skip_merges_like_any_state_and_the_merge_writes_the_version_it_needs() {
    let mut base = Progress::default();
    done(&mut base, 1, "go", T0);
    // Ours skips 1 × go after their check of 2 × go; they uncheck 3 × go after our skip of it.
    let mut ours = base.clone();
    ours.set_status(1, "go", Status::Skip, T1);
    ours.set_status(3, "go", Status::Skip, T0);
    let mut theirs = base.clone();
    done(&mut theirs, 2, "go", T0);
    theirs.set_status(2, "go", Status::Done, T0);
    theirs.set_status(3, "go", Status::Done, T0);
    theirs.set_status(3, "go", Status::Todo, T2);
    for (a, b) in [(&ours, &theirs), (&theirs, &ours)] {
        for with_base in [Some(&base), None] {
            let (m, _) = merge(with_base, a, b);
            // The skip, later than their (unchanged) old check, wins; their later uncheck wins
            // over our older skip.
            assert_eq!(m.status(1, "go"), Status::Skip);
            assert_eq!(m.status(2, "go"), Status::Done);
            assert_eq!(m.status(3, "go"), Status::Todo);
            assert_eq!(m.version, 4, "a skip is left");
        }
    }
    // An older check does not undo a skip; a later one does, and the version goes back to 3.
    let mut old_check = base.clone();
    old_check.set_status(1, "go", Status::InProgress, T0);
    let (m, _) = merge(None, &ours, &old_check);
    assert_eq!(m.status(1, "go"), Status::Skip);
    let mut new_check = ours.clone();
    new_check.set_status(1, "go", Status::Done, T2);
    new_check.set_status(3, "go", Status::Todo, T2);
    let (m, _) = merge(None, &ours, &new_check);
    assert_eq!(m.status(1, "go"), Status::Done);
    assert_eq!(m.version, 3, "no skip left");
}

#[test]
fn at_the_same_stamp_a_skip_gives_way_to_work_but_not_to_a_todo() {
    let stamped = |status: Status| {
        let mut c = Cell::default();
        c.status = status;
        c.changed_at = Some(T1.into());
        if status == Status::Done {
            c.done_at = Some(T1.into());
        }
        let mut p = Progress::default();
        p.put_cell(4, "go", Some(c));
        p
    };
    let skip = stamped(Status::Skip);
    for (other, wins) in [
        (Status::Todo, Status::Skip),
        (Status::InProgress, Status::InProgress),
        (Status::Done, Status::Done),
    ] {
        let other = stamped(other);
        for (a, b) in [(&skip, &other), (&other, &skip)] {
            let (m, _) = merge(None, a, b);
            assert_eq!(m.status(4, "go"), wins);
        }
    }
}

#[test]
fn notes_edited_on_both_sides_keep_both_texts() {
    let mut base = Progress::default();
    base.set_note(7, "go", "plan", T0);
    let mut ours = base.clone();
    ours.set_note(7, "go", "plan: use chi", T1);
    let mut theirs = base.clone();
    theirs.set_note(7, "go", "repo: github.com/ana/seven", T2);
    let (m, report) = merge(Some(&base), &ours, &theirs);
    let note = m.note(7, "go").unwrap();
    assert_eq!(note, "repo: github.com/ana/seven\n\nplan: use chi");
    assert_eq!(report.notes_joined.len(), 1);
    assert_eq!(
        merge(Some(&base), &theirs, &ours).0.note(7, "go"),
        Some(note)
    );
}

#[test]
fn a_note_on_one_side_and_a_check_on_the_other_are_both_kept() {
    let base = Progress::default();
    let mut ours = base.clone();
    ours.set_note(9, "java", "spring boot", T1);
    let mut theirs = base.clone();
    done(&mut theirs, 9, "java", T2);
    let (m, _) = merge(Some(&base), &ours, &theirs);
    assert_eq!(m.status(9, "java"), Status::Done);
    assert_eq!(m.note(9, "java"), Some("spring boot"));
}

#[test]
fn unknown_fields_tasks_and_settings_merge_key_by_key() {
    let parse = |v: serde_json::Value| -> Progress { serde_json::from_value(v).unwrap() };
    let base = parse(serde_json::json!({
        "version": 2,
        "settings": { "lang": "es", "theme": { "name": "dark" } },
        "tasks": { "999": { "cobol": { "status": "done", "grade": 1 } } },
        "owner": "ana"
    }));
    let ours = parse(serde_json::json!({
        "version": 2,
        "settings": { "lang": "en", "theme": { "name": "dark" } },
        "tasks": { "999": { "cobol": { "status": "done", "grade": 1 } } },
        "owner": "ana"
    }));
    let theirs = parse(serde_json::json!({
        "version": 2,
        "settings": { "lang": "es", "theme": { "name": "dark", "contrast": 2 }, "goal": "2027-06-01" },
        "tasks": { "999": { "cobol": { "status": "done", "grade": 2 } } },
        "owner": "ana",
        "devices": ["laptop"]
    }));
    let (m, _) = merge(Some(&base), &ours, &theirs);
    let v = serde_json::to_value(&m).unwrap();
    assert_eq!(v["settings"]["lang"], "en");
    assert_eq!(v["settings"]["theme"]["contrast"], 2);
    assert_eq!(v["settings"]["goal"], "2027-06-01");
    assert_eq!(v["tasks"]["999"]["cobol"]["grade"], 2);
    assert_eq!(v["devices"][0], "laptop");
    assert_eq!(v["owner"], "ana");
}

#[test]
fn version_one_cells_without_stamps_are_ordered_by_their_dates() {
    let parse = |v: serde_json::Value| -> Progress { serde_json::from_value(v).unwrap() };
    let ours = parse(serde_json::json!({"version": 1, "tasks": {
        "4": { "go": { "status": "in_progress", "started_at": T2 } } } }));
    let theirs = parse(serde_json::json!({"version": 1, "tasks": {
        "4": { "go": { "status": "done", "done_at": T1 } } } }));
    let (m, _) = merge(None, &ours, &theirs);
    assert_eq!(m.status(4, "go"), Status::InProgress);
    assert_eq!(m.version, roadmap_tui::model::progress::BASE_VERSION);
}

/// The day the review steps are made on.
const DAY: jiff::civil::Date = jiff::civil::Date::constant(2026, 11, 24);

#[test]
fn a_review_on_one_machine_and_a_check_on_another_both_survive() {
    let mut base = Progress::default();
    done(&mut base, 12, "go", T0);
    // Laptop: marks 12 × Go for review and completes a review of it.
    let mut ours = base.clone();
    ours.schedule_review(12, "go", DAY, T1).unwrap();
    ours.complete_review(12, "go", DAY, None, T1, &UTC).unwrap();
    // Desktop, later: checks another cell and writes a note on this one.
    let mut theirs = base.clone();
    done(&mut theirs, 13, "go", T2);
    theirs.set_note(12, "go", "abc1234 Add rate limiting", T2);
    for (m, _) in [
        merge(Some(&base), &ours, &theirs),
        merge(Some(&base), &theirs, &ours),
    ] {
        let cell = m.cell(12, "go").unwrap();
        assert_eq!(cell.status, Status::Done);
        assert_eq!(cell.reviews(), Some(1));
        assert_eq!(cell.review_due(), Some("2026-12-01"));
        assert_eq!(cell.reviewed_at(), Some(T1));
        assert_eq!(cell.note(), Some("abc1234 Add rate limiting"));
        assert_eq!(m.status(13, "go"), Status::Done);
    }
}

#[test]
fn review_fields_move_together_as_the_later_change() {
    let mut base = Progress::default();
    done(&mut base, 4, "python", T0);
    base.schedule_review(4, "python", DAY, T0).unwrap();
    // Both sides complete the review: the later one's day, count and time are kept whole.
    let mut ours = base.clone();
    ours.complete_review(4, "python", DAY, Some(30), T2, &UTC)
        .unwrap();
    let mut theirs = base.clone();
    theirs
        .complete_review(4, "python", DAY, None, T1, &UTC)
        .unwrap();
    let (m, _) = merge(Some(&base), &ours, &theirs);
    let cell = m.cell(4, "python").unwrap();
    let want = ours.cell(4, "python").unwrap();
    assert_eq!(
        (cell.review_due(), cell.reviews(), cell.reviewed_at()),
        (want.review_due(), want.reviews(), want.reviewed_at())
    );
    assert_eq!(cell.review_due(), Some("2026-12-24"));
}

#[test]
fn goals_for_different_languages_set_on_two_machines_both_survive() {
    let parse = |v: serde_json::Value| -> Progress { serde_json::from_value(v).unwrap() };
    let base = parse(serde_json::json!({"version": 2, "settings": {"lang": "en"}}));
    let ours = parse(serde_json::json!({"version": 2, "settings": {"lang": "en",
        "goals": {"all": {"date": "2027-06-01"}}}}));
    let theirs = parse(serde_json::json!({"version": 2, "settings": {"lang": "en",
        "goals": {"go": {"date": "2027-01-31"}}}}));
    let (m, report) = merge(Some(&base), &ours, &theirs);
    let v = serde_json::to_value(&m.settings).unwrap();
    assert_eq!(v["goals"]["all"]["date"], "2027-06-01");
    assert_eq!(v["goals"]["go"]["date"], "2027-01-31");
    assert!(report.settings_changed);
    // A goal cleared on one machine stays cleared when the other did not touch it.
    let mut cleared = m.clone();
    cleared.settings.goals.remove("go");
    let (again, _) = merge(Some(&m), &m, &cleared);
    let v = serde_json::to_value(&again.settings).unwrap();
    assert!(v["goals"].get("go").is_none(), "{v}");
    assert_eq!(v["goals"]["all"]["date"], "2027-06-01");
}

// --- properties ------------------------------------------------------------------------------

const TRACKS: [&str; 3] = ["python", "go", "rust"];

/// One user step on one cell, at minute `at` of a day.
#[derive(Debug, Clone)]
struct Step {
    task: u32,
    track: usize,
    what: u8,
    at: u32,
}

fn step() -> impl Strategy<Value = Step> {
    (1u32..6, 0usize..3, 0u8..8, 0u32..600).prop_map(|(task, track, what, at)| Step {
        task,
        track,
        what,
        at,
    })
}

fn stamp(at: u32) -> String {
    // Minutes after 08:00 on the test's day, running on into the next days: always a valid time.
    let start: jiff::Timestamp = "2026-11-24T08:00:00Z".parse().unwrap();
    (start + jiff::SignedDuration::from_mins(i64::from(at))).to_string()
}

fn apply(p: &mut Progress, s: &Step) {
    let track = TRACKS[s.track];
    let now = stamp(s.at);
    match s.what {
        0 => p.set_status(s.task, track, Status::Done, &now),
        1 => p.set_status(s.task, track, Status::Todo, &now),
        2 => p.set_status(s.task, track, Status::InProgress, &now),
        3 => p.set_note(s.task, track, &format!("note {}", s.at), &now),
        7 => p.set_status(s.task, track, Status::Skip, &now),
        // Reviews need a done cell; on any other the step changes nothing.
        4 => {
            let _ = p.schedule_review(s.task, track, add_days(DAY, i64::from(s.at % 9)), &now);
        }
        5 => {
            let _ = p.complete_review(s.task, track, DAY, None, &now, &UTC);
        }
        6 => p.unschedule_review(s.task, track, &now),
        _ => unreachable!("steps are 0..8"),
    }
}

/// Applies steps in time order, as one writer would make them.
fn history(base: &Progress, steps: &[Step]) -> Progress {
    let mut steps = steps.to_vec();
    steps.sort_by_key(|s| s.at);
    let mut p = base.clone();
    for s in &steps {
        apply(&mut p, s);
    }
    p
}

fn cell<'a>(p: &'a Progress, task: u32, track: &str) -> Option<&'a Cell> {
    p.cell(task, track)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_merge_does_not_depend_on_which_side_is_ours(
        shared in proptest::collection::vec(step(), 0..8),
        a in proptest::collection::vec(step(), 0..8),
        b in proptest::collection::vec(step(), 0..8),
        with_base in any::<bool>(),
    ) {
        let base = history(&Progress::default(), &shared);
        let ours = history(&base, &a);
        let theirs = history(&base, &b);
        let base = with_base.then_some(&base);
        let (ab, _) = merge(base, &ours, &theirs);
        let (ba, _) = merge(base, &theirs, &ours);
        prop_assert!(ab.same_content(&ba), "{ab:?}\n{ba:?}");
        prop_assert_eq!(ab.version, ab.needed_version());
        // Merging again changes nothing.
        let (again, _) = merge(base, &ab, &theirs);
        prop_assert!(again.same_content(&ab));
    }

    #[test]
    fn a_change_made_on_one_side_only_is_kept_and_the_newer_status_wins(
        shared in proptest::collection::vec(step(), 0..8),
        a in proptest::collection::vec(step(), 0..8),
        b in proptest::collection::vec(step(), 0..8),
    ) {
        let base = history(&Progress::default(), &shared);
        // Each side's steps come after the shared ones.
        let later = |v: &[Step]| v.iter().cloned().map(|mut s| { s.at += 600; s }).collect::<Vec<_>>();
        let (a, b) = (later(&a), later(&b));
        let ours = history(&base, &a);
        let theirs = history(&base, &b);
        let (m, _) = merge(Some(&base), &ours, &theirs);
        for task in 1..6 {
            for track in TRACKS {
                let (o, t, bc) = (cell(&ours, task, track), cell(&theirs, task, track), cell(&base, task, track));
                let got = cell(&m, task, track).map_or(Status::Todo, |c| c.status);
                let status = |c: Option<&Cell>| c.map_or(Status::Todo, |c| c.status);
                if o == bc {
                    prop_assert_eq!(got, status(t), "theirs only: {} {}", task, track);
                } else if t == bc {
                    prop_assert_eq!(got, status(o), "ours only: {} {}", task, track);
                } else if status(o) != status(t) && status(o) != status(bc) && status(t) != status(bc) {
                    // Both changed the status: the one changed later wins.
                    let when = |c: Option<&Cell>| c.and_then(|c| c.change_time());
                    if when(o) > when(t) {
                        prop_assert_eq!(got, status(o));
                    } else if when(t) > when(o) {
                        prop_assert_eq!(got, status(t));
                    }
                }
            }
        }
    }

    /// A cell's state, its dates and its review schedule are one register: the merged cell has
    /// them whole from the side whose stamp is later, never a mix, and a merged todo or
    /// in-progress cell has no review schedule.
    #[test]
    fn a_cells_state_and_review_come_whole_from_the_later_side(
        shared in proptest::collection::vec(step(), 0..8),
        a in proptest::collection::vec(step(), 0..8),
        b in proptest::collection::vec(step(), 0..8),
        with_base in any::<bool>(),
    ) {
        let base = history(&Progress::default(), &shared);
        let later = |v: &[Step]| v.iter().cloned().map(|mut s| { s.at += 600; s }).collect::<Vec<_>>();
        let ours = history(&base, &later(&a));
        let theirs = history(&base, &later(&b));
        let (m, _) = merge(with_base.then_some(&base), &ours, &theirs);
        type Unit = (Status, Option<String>, Option<String>, Option<String>, Option<u32>, Option<String>);
        let unit = |c: Option<&Cell>| -> Unit {
            c.map(|c| (
                c.status,
                c.started_at.as_deref().map(str::to_owned),
                c.done_at.as_deref().map(str::to_owned),
                c.review_due().map(str::to_owned),
                c.reviews(),
                c.reviewed_at().map(str::to_owned),
            )).unwrap_or_default()
        };
        let without_review = |u: Unit| (u.0, u.1, u.2, None, None, None);
        for task in 1..6 {
            for track in TRACKS {
                let (o, t) = (cell(&ours, task, track), cell(&theirs, task, track));
                let got = unit(cell(&m, task, track));
                if got.0 != Status::Done {
                    prop_assert_eq!(&got.3, &None, "a review on a cell not done: {} {}", task, track);
                }
                let stamp = |c: Option<&Cell>| c.and_then(|c| c.change_time());
                let want = match stamp(o).cmp(&stamp(t)) {
                    std::cmp::Ordering::Greater => unit(o),
                    std::cmp::Ordering::Less => unit(t),
                    std::cmp::Ordering::Equal => continue,
                };
                let want = if want.0 == Status::Done { want } else { without_review(want) };
                prop_assert_eq!(&got, &want, "{} {}", task, track);
            }
        }
    }
}

#[test]
fn languages_added_and_hidden_on_two_machines_are_both_kept() {
    let parse = |v: serde_json::Value| -> Progress { serde_json::from_value(v).unwrap() };
    let base = parse(serde_json::json!({"version": 2}));
    let ours = parse(serde_json::json!({"version": 2, "settings": {
        "tracks": {"rust": {"name": "Rust"}}, "track_order": ["rust", "python"]}}));
    let theirs = parse(serde_json::json!({"version": 2, "settings": {
        "tracks": {"php": {"hidden": true}, "csharp": {"name": "C#"}}}}));
    let (m, report) = merge(Some(&base), &ours, &theirs);
    let v = serde_json::to_value(&m.settings).unwrap();
    assert_eq!(v["tracks"]["rust"]["name"], "Rust");
    assert_eq!(v["tracks"]["csharp"]["name"], "C#");
    assert_eq!(v["tracks"]["php"]["hidden"], true);
    assert_eq!(v["track_order"], serde_json::json!(["rust", "python"]));
    assert!(report.settings_changed);
}
