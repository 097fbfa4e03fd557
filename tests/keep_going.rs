//! Keeping going, driven through `App::update` and the real keymap: reviews in the grid, the
//! in-progress screen, goals from the overview, and the line that greets the learner. Dates are
//! fixed with `Fact::Today`, as the loop sends it.

mod common;

use common::{Harness, NOW, char_key, harness_with, key};
use jiff::civil::Date;
use pretty_assertions::assert_eq;
use ratatui::crossterm::event::KeyCode;
use roadmap_tui::app::{Effect, Fact, Mode};
use roadmap_tui::clock::add_days;
use roadmap_tui::model::{Lang, Progress, Status};

const TODAY: Date = Date::constant(2026, 11, 24);

/// A stamp `days` before `TODAY`, at noon.
fn days_ago(days: i64) -> String {
    format!("{}T12:00:00Z", add_days(TODAY, -days))
}

/// An 80×24 app in English on `TODAY` with `progress`.
fn harness(progress: Progress) -> Harness {
    let mut h = harness_with(progress, 80, 24);
    h.app.update(Fact::Lang(Lang::En), common::NOW);
    h.app.update(Fact::Today(TODAY), "");
    h
}

fn message(h: &Harness) -> String {
    h.app
        .message()
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
    let cell = h.app.progress().cell(1, "python").unwrap().clone();
    assert_eq!(cell.review_due(), Some("2026-11-27"));
    assert_eq!(cell.status, Status::Done);
    assert!(
        message(&h).contains("2026-11-27 (in 3 days)"),
        "{}",
        message(&h)
    );
    // Not yet due: the grid shows it done; on the due day it shows ↻.
    assert!(!h.screen().contains('↻'));
    h.app.update(Fact::Today(add_days(TODAY, 3)), "");
    let screen = h.screen();
    let row = screen.lines().find(|l| l.contains("▶1")).unwrap();
    assert!(row.contains('↻'), "{screen}");
    // r on a due review completes it: the day moves 7 on, the cell stays done.
    assert_eq!(h.send(char_key('r')), Effect::Save);
    let cell = h.app.progress().cell(1, "python").unwrap().clone();
    assert_eq!(cell.review_due(), Some("2026-12-04"));
    assert_eq!(cell.reviews(), Some(1));
    assert_eq!(cell.status, Status::Done);
    assert!(
        message(&h).starts_with("Reviewed: task 1 × Python"),
        "{}",
        message(&h)
    );
    // Undo puts the due review back, redo completes it again.
    h.send(char_key('u'));
    assert_eq!(
        h.app.progress().cell(1, "python").unwrap().review_due(),
        Some("2026-11-27")
    );
    h.send(common::ctrl('r'));
    assert_eq!(
        h.app.progress().cell(1, "python").unwrap().reviews(),
        Some(1)
    );
    // r on a review not yet due drops it; undo brings it back.
    h.send(char_key('r'));
    assert_eq!(
        h.app.progress().cell(1, "python").unwrap().review_due(),
        None
    );
    h.send(char_key('u'));
    assert_eq!(
        h.app.progress().cell(1, "python").unwrap().review_due(),
        Some("2026-12-04")
    );
}

#[test]
fn r_on_a_cell_not_done_explains_and_changes_nothing() {
    let mut h = harness(Progress::default());
    assert_eq!(h.send(char_key('r')), Effect::None);
    assert!(h.app.progress().cell(1, "python").is_none());
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
    // The last due review done with: new work, the first open cell of this language in reading
    // order, the one `next` prints first.
    h.send(char_key('w'));
    assert_eq!((h.task_id(), h.app.cursor_track_id()), (1, "python"));
    // Reviewing both leaves only new work to offer.
    h.send(char_key('w'));
    h.send(char_key('r'));
    h.send(char_key('w'));
    h.send(char_key('r'));
    h.send(char_key('w'));
    assert_eq!(h.app.cursor_track_id(), "python");
    assert_ne!(h.app.progress().status(h.task_id(), "python"), Status::Done);
}

#[test]
fn a_review_due_shows_by_its_symbol_without_colour() {
    let mut p = Progress::default();
    p.set_status(1, "python", Status::Done, &days_ago(10));
    p.schedule_review(1, "python", TODAY, NOW).unwrap();
    let mut h = harness(p);
    h.app.update(Fact::Color(false), common::NOW);
    let buf = h.draw();
    let y = common::row_containing(&buf, "▶1").unwrap();
    assert!(common::row_text(&buf, y).contains('↻'));
}

// --- in progress -----------------------------------------------------------------------------

#[test]
fn p_lists_cells_in_progress_oldest_first_and_enter_goes_there() {
    let mut p = Progress::default();
    p.set_status(40, "java", Status::InProgress, &days_ago(3));
    p.set_status(12, "go", Status::InProgress, &days_ago(12));
    p.set_note(12, "go", "repo: github.com/ana/twelve\nmore", &days_ago(12));
    p.set_status(2, "python", Status::Done, &days_ago(1));
    let mut h = harness(p);
    h.send(char_key('p'));
    assert_eq!(*h.app.mode(), Mode::InProgress { selected: 0 });
    let screen = h.screen();
    let first = screen.find("started 12 days ago").expect("12 × Go listed");
    let second = screen.find("started 3 days ago").expect("40 × Java listed");
    assert!(first < second, "oldest first:\n{screen}");
    assert!(screen.contains("repo: github.com/ana/twelve"), "{screen}");
    assert!(
        !screen.contains("more"),
        "only the note's first line:\n{screen}"
    );
    h.press(KeyCode::Down);
    assert_eq!(h.send(key(KeyCode::Enter)), Effect::None);
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert_eq!((h.task_id(), h.app.cursor_track_id()), (40, "java"));
    h.assert_cursor_on_visible_task_row();
}

#[test]
fn p_with_nothing_in_progress_says_so() {
    let mut h = harness(Progress::default());
    h.send(char_key('p'));
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert!(
        message(&h).contains("Nothing in progress"),
        "{}",
        message(&h)
    );
}

// --- goals -----------------------------------------------------------------------------------

#[test]
fn g_in_the_overview_sets_a_goal_that_undo_takes_back() {
    let mut p = Progress::default();
    for back in 0..8 {
        p.set_status(back + 1, "go", Status::Done, &days_ago(i64::from(back) * 3));
    }
    let mut h = harness_with(p, 120, 40);
    h.app.update(Fact::Lang(Lang::En), common::NOW);
    h.app.update(Fact::Today(TODAY), "");
    h.send(char_key('o'));
    let screen = h.screen();
    assert!(screen.contains("No goal: g sets a date"), "{screen}");
    h.send(char_key('g'));
    assert!(matches!(h.app.mode(), Mode::Goal { .. }));
    h.type_keys("2027-06-01");
    assert_eq!(h.send(key(KeyCode::Enter)), Effect::Save);
    assert!(matches!(h.app.mode(), Mode::Overview { .. }));
    assert_eq!(h.app.progress().settings.goals["all"].date, "2027-06-01");
    let screen = h.screen();
    assert!(
        screen.contains("All by 2027-06-01: 622 cells left · 23/week needed · pace 2/week (4 weeks) · finish 2032-11-09 · behind by 568 cells"),
        "{screen}"
    );
    // G sets the selected language's goal; a span from today works too.
    h.send(char_key('G'));
    h.type_keys("12w");
    h.send(key(KeyCode::Enter));
    assert_eq!(h.app.progress().settings.goals["python"].date, "2027-02-16");
    // A date that has passed is refused and the field stays open.
    h.send(char_key('g'));
    h.send(common::ctrl('u'));
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.type_keys("2020-01-01");
    assert_eq!(h.send(key(KeyCode::Enter)), Effect::None);
    assert!(matches!(h.app.mode(), Mode::Goal { .. }));
    assert!(message(&h).contains("has passed"), "{}", message(&h));
    h.press(KeyCode::Esc);
    h.press(KeyCode::Esc);
    assert_eq!(*h.app.mode(), Mode::Grid);
    // Undo takes back the language's goal, then the whole roadmap's; redo puts one back.
    assert_eq!(h.send(char_key('u')), Effect::Save);
    assert!(!h.app.progress().settings.goals.contains_key("python"));
    h.send(char_key('u'));
    assert!(h.app.progress().settings.goals.is_empty());
    h.send(common::ctrl('r'));
    assert_eq!(h.app.progress().settings.goals["all"].date, "2027-06-01");
    // An empty date clears the goal.
    h.send(char_key('o'));
    h.send(char_key('g'));
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    assert_eq!(h.send(key(KeyCode::Enter)), Effect::Save);
    assert!(h.app.progress().settings.goals.is_empty());
}

// --- today, on opening -----------------------------------------------------------------------

#[test]
fn until_the_first_key_the_bottom_line_says_where_the_learner_stands() {
    let mut p = Progress::default();
    p.set_status(1, "python", Status::Done, &days_ago(0));
    p.set_status(2, "python", Status::Done, &days_ago(0));
    p.set_status(3, "python", Status::Done, &days_ago(1));
    p.set_status(5, "go", Status::Done, &days_ago(20));
    p.schedule_review(5, "go", TODAY, NOW).unwrap();
    p.settings.set_goal(
        "all",
        Some(roadmap_tui::model::goal::Goal::new(add_days(TODAY, 30))),
    );
    let mut h = harness(p);
    let whole =
        " Today: 2 cells done today · streak 2 days · ↻ 1 review due · goal: behind by 622 cells";
    // Cut at the screen's edge, with "…" to say so.
    for width in [60, 80] {
        h.resize(width, 24);
        let last = h.screen().lines().nth(23).unwrap().to_owned();
        let kept: String = whole.chars().take(usize::from(width) - 1).collect();
        assert_eq!(last, format!("{kept}…"), "at {width} columns");
    }
    h.resize(120, 24);
    assert_eq!(h.screen().lines().nth(23).unwrap(), whole);
    h.resize(80, 24);
    h.app.update(Fact::Lang(Lang::Es), common::NOW);
    let last = h.screen().lines().nth(23).unwrap().to_owned();
    assert!(
        last.starts_with(" Hoy: 2 celdas hechas hoy · racha de 2 días"),
        "{last}"
    );
    // The first key gives the line back to the hints.
    h.press(KeyCode::Down);
    let last = h.screen().lines().nth(23).unwrap().to_owned();
    assert!(!last.contains("Hoy:"), "{last}");
}

#[test]
fn nothing_to_say_leaves_the_hints() {
    let h = harness(Progress::default());
    let last = h.screen().lines().nth(23).unwrap().to_owned();
    assert!(last.contains("Space"), "{last}");
}
