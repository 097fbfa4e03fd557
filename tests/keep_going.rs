//! Keeping going, driven through `App::update` and the real keymap: reviews in the grid, the
//! in-progress screen, goals from the overview, and the line that greets the learner. Dates are
//! fixed with `Action::Today`, as the loop sends it.

mod common;

use common::{Harness, NOW, char_key, harness_with};
use jiff::civil::Date;
use pretty_assertions::assert_eq;
use roadmap_tui::app::{Action, Effect};
use roadmap_tui::model::review::add_days;
use roadmap_tui::model::{Lang, Progress, Status};

const TODAY: Date = Date::constant(2026, 11, 24);

/// A stamp `days` before `TODAY`, at noon.
fn days_ago(days: i64) -> String {
    format!("{}T12:00:00Z", add_days(TODAY, -days))
}

/// An 80×24 app in English on `TODAY` with `progress`.
fn harness(progress: Progress) -> Harness {
    let mut h = harness_with(progress, 80, 24);
    h.app.set_lang(Lang::En, false);
    h.app.update(Action::Today(TODAY), "");
    h
}

fn message(h: &Harness) -> String {
    h.app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn r_marks_a_done_cell_for_review_and_completes_it_when_due() {
    let mut p = Progress::default();
    p.set_status(1, "python", Status::Done, &days_ago(30));
    let mut h = harness(p);
    assert_eq!(h.send(char_key('r')), Effect::Save);
    let cell = h.app.progress.cell(1, "python").unwrap().clone();
    assert_eq!(cell.review_due.as_deref(), Some("2026-11-27"));
    assert_eq!(cell.status, Status::Done);
    assert!(
        message(&h).contains("2026-11-27 (in 3 days)"),
        "{}",
        message(&h)
    );
    // Not yet due: the grid shows it done; on the due day it shows ↻.
    assert!(!h.screen().contains('↻'));
    h.app.update(Action::Today(add_days(TODAY, 3)), "");
    let screen = h.screen();
    let row = screen.lines().find(|l| l.contains("▶1")).unwrap();
    assert!(row.contains('↻'), "{screen}");
    // r on a due review completes it: the day moves 7 on, the cell stays done.
    assert_eq!(h.send(char_key('r')), Effect::Save);
    let cell = h.app.progress.cell(1, "python").unwrap().clone();
    assert_eq!(cell.review_due.as_deref(), Some("2026-12-04"));
    assert_eq!(cell.reviews, Some(1));
    assert_eq!(cell.status, Status::Done);
    assert!(
        message(&h).starts_with("Reviewed: task 1 × Python"),
        "{}",
        message(&h)
    );
    // Undo puts the due review back, redo completes it again.
    h.send(char_key('u'));
    assert_eq!(
        h.app
            .progress
            .cell(1, "python")
            .unwrap()
            .review_due
            .as_deref(),
        Some("2026-11-27")
    );
    h.send(common::ctrl('r'));
    assert_eq!(h.app.progress.cell(1, "python").unwrap().reviews, Some(1));
    // r on a review not yet due drops it; undo brings it back.
    h.send(char_key('r'));
    assert_eq!(h.app.progress.cell(1, "python").unwrap().review_due, None);
    h.send(char_key('u'));
    assert_eq!(
        h.app
            .progress
            .cell(1, "python")
            .unwrap()
            .review_due
            .as_deref(),
        Some("2026-12-04")
    );
}

#[test]
fn r_on_a_cell_not_done_explains_and_changes_nothing() {
    let mut h = harness(Progress::default());
    assert_eq!(h.send(char_key('r')), Effect::None);
    assert!(h.app.progress.cell(1, "python").is_none());
    assert!(message(&h).contains("Only a done cell"), "{}", message(&h));
}

#[test]
fn w_offers_the_reviews_due_before_new_work() {
    let mut p = Progress::default();
    for (task, track, due) in [(12, "go", -2), (3, "python", 0), (40, "java", 5)] {
        p.set_status(task, track, Status::Done, &days_ago(30));
        p.schedule_review(task, track, add_days(TODAY, due), NOW)
            .unwrap();
    }
    let mut h = harness(p);
    h.send(char_key('w'));
    assert_eq!((h.task_id(), h.app.cursor_track_id()), (12, "go"));
    assert_eq!(message(&h), "review due: task 12 × Go, done 30 days ago");
    h.send(char_key('w'));
    assert_eq!((h.task_id(), h.app.cursor_track_id()), (3, "python"));
    // The last due review done with: new work, the next todo cell in this language.
    h.send(char_key('w'));
    assert_eq!((h.task_id(), h.app.cursor_track_id()), (4, "python"));
    // Reviewing both leaves only new work to offer.
    h.send(char_key('w'));
    h.send(char_key('r'));
    h.send(char_key('w'));
    h.send(char_key('r'));
    h.send(char_key('w'));
    assert_eq!(h.app.cursor_track_id(), "python");
    assert_ne!(h.app.progress.status(h.task_id(), "python"), Status::Done);
}

#[test]
fn a_review_due_shows_by_its_symbol_without_colour() {
    let mut p = Progress::default();
    p.set_status(1, "python", Status::Done, &days_ago(10));
    p.schedule_review(1, "python", TODAY, NOW).unwrap();
    let mut h = harness(p);
    h.app.color = false;
    let buf = h.draw();
    let y = common::row_containing(&buf, "▶1").unwrap();
    assert!(common::row_text(&buf, y).contains('↻'));
}
