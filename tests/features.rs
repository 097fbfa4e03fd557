//! The learner's features driven as a user drives them — keys through the real keymap, clicks
//! through `ui::hit_test`, pastes as the loop delivers them — checked on the app's state, the
//! effect each step asks for, the progress as it would be saved, and the screen. Snapshots of
//! the help, the note editor, the search and the filters at 80×24 and 120×40 close the file.

mod common;

use std::time::{Duration, Instant};

use common::{Harness, NOW, char_key, column_of, ctrl, harness_with, row_containing, row_text};
use pretty_assertions::assert_eq;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use roadmap_tui::app::{Effect, Fact, Filter, Mode, Row};
use roadmap_tui::model::progress::MAX_NOTE_CHARS;
use roadmap_tui::model::{Lang, Progress, Status, TaskId};
use serde_json::json;

/// A later time than `NOW`, to tell a start from a finish.
const LATER: &str = "2026-11-25T08:30:00Z";

/// The task numbers the grid shows, in order.
fn shown_tasks(h: &Harness) -> Vec<TaskId> {
    h.app
        .rows()
        .iter()
        .filter_map(|r| match *r {
            Row::Task(p) => Some(h.app.roadmap().task(p).id),
            Row::Level(_) => None,
        })
        .collect()
}

/// Moves the cursor to task `id` in the track at index `track`, by keys.
fn go_to(h: &mut Harness, id: TaskId, track: usize) {
    h.send(char_key('g'));
    let target = h.app.roadmap().pos_of(id).expect("task in the seed");
    for _ in 0..target {
        h.press(KeyCode::Down);
    }
    h.press_n(KeyCode::Left, 6);
    h.press_n(KeyCode::Right, track);
    assert_eq!(h.at(), (id, track), "went to task {id}, track {track}");
}

/// The first line of the screen.
fn title(h: &Harness) -> String {
    h.screen().lines().next().unwrap_or_default().to_owned()
}

/// The progress as it would be written to disk, less the change stamps (tested with the file
/// format): a cell left with nothing but its stamps is a todo, and is dropped here.
fn saved(h: &Harness) -> serde_json::Value {
    let mut value = serde_json::to_value(h.app.progress()).expect("progress serializes");
    if let Some(settings) = value.get_mut("settings").and_then(|s| s.as_object_mut()) {
        settings.remove("stamps");
    }
    if let Some(tasks) = value["tasks"].as_object_mut() {
        for cells in tasks.values_mut() {
            let cells = cells.as_object_mut().expect("a task's cells");
            for cell in cells.values_mut() {
                let cell = cell.as_object_mut().expect("a cell");
                cell.remove("changed_at");
                cell.remove("note_at");
            }
            cells.retain(|_, cell| !cell.as_object().is_some_and(|c| c.is_empty()));
        }
        tasks.retain(|_, cells| !cells.as_object().is_some_and(|c| c.is_empty()));
    }
    value
}

/// Cells that hold a status other than todo or a note.
fn marked_cells(h: &Harness) -> usize {
    h.app
        .progress()
        .cells()
        .filter(|(_, _, c)| c.status != Status::Todo || c.note().is_some())
        .count()
}

fn screen_row(screen: &str, needle: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?}:\n{screen}"))
        .to_owned()
}

// 1. Todo, in progress, done.

#[test]
fn i_marks_in_progress_and_space_then_finishes_keeping_the_start() {
    let mut h = Harness::new(80, 24);
    assert_eq!(h.send(char_key('i')), Effect::Save);
    assert_eq!(h.app.progress().status(1, "python"), Status::InProgress);
    assert_eq!(
        saved(&h),
        json!({"version": 3, "tasks": {"1": {"python": {"status": "in_progress", "started_at": NOW}}}})
    );
    // In progress is not done.
    assert_eq!(h.app.stats().total_done(), 0);
    assert_eq!(h.app.stats().in_progress(0, 0), 1);
    let screen = h.screen();
    assert!(title(&h).contains("✔ 0/630 hechas"), "{screen}");
    assert!(screen.contains("Freshman  0/150"), "{screen}");
    assert!(screen_row(&screen, "▶1 ").contains("◐"), "{screen}");

    assert_eq!(h.send_at(char_key(' '), LATER), Effect::Save);
    assert_eq!(
        saved(&h),
        json!({"version": 3, "tasks": {"1": {"python": {
            "status": "done", "started_at": NOW, "done_at": LATER
        }}}})
    );
    assert_eq!(h.app.stats().total_done(), 1);
    assert_eq!(h.app.stats().in_progress(0, 0), 0);
    let screen = h.screen();
    assert!(title(&h).contains("✔ 1/630 hechas"), "{screen}");
    let row = screen_row(&screen, "▶1 ");
    assert!(row.contains('✔') && !row.contains('◐'), "{row}");

    // Space on a done cell goes back to todo, and nothing is left on disk.
    assert_eq!(h.send(char_key(' ')), Effect::Save);
    assert_eq!(saved(&h), json!({"version": 3, "tasks": {}}));
    assert!(screen_row(&h.screen(), "▶1 ").contains('·'));
}

#[test]
fn i_cycles_todo_in_progress_todo_and_turns_done_into_in_progress() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('i'));
    assert_eq!(h.send(char_key('i')), Effect::Save);
    assert_eq!(h.app.progress().status(1, "python"), Status::Todo);
    assert_eq!(marked_cells(&h), 0);

    h.send(char_key(' '));
    assert_eq!(h.app.progress().status(1, "python"), Status::Done);
    assert_eq!(h.send_at(char_key('i'), LATER), Effect::Save);
    let cell = h.app.progress().cell(1, "python").expect("a stored cell");
    assert_eq!(cell.status, Status::InProgress);
    assert_eq!(cell.started_at.as_deref(), Some(LATER));
    assert_eq!(cell.done_at, None, "no longer done");
    assert_eq!(h.app.stats().total_done(), 0);
}

#[test]
fn the_overview_marks_level_cells_with_work_in_progress() {
    let mut h = Harness::new(120, 40);
    h.send(char_key(' ')); // 1 × Python done
    h.press(KeyCode::Down);
    h.send(char_key('i')); // 2 × Python in progress
    h.press(KeyCode::Right);
    h.press(KeyCode::Tab);
    h.send(char_key('i')); // 26 × Node in progress
    h.send(char_key('o'));
    let screen = h.screen();
    let freshman = screen_row(&screen, "Freshman");
    assert!(freshman.contains("1/25◐"), "{freshman}");
    assert!(
        !freshman.contains("0/25◐"),
        "Node has nothing started in Freshman"
    );
    let sophomore = screen_row(&screen, "Sophomore");
    assert!(sophomore.contains("0/16◐"), "{sophomore}");
    assert_eq!(sophomore.matches('◐').count(), 1, "{sophomore}");
    // The totals count the done cell only.
    assert!(screen.contains("1/630"), "{screen}");
}

// 2. Notes.

#[test]
fn e_edits_a_multiline_note_that_ctrl_s_saves() {
    let mut h = Harness::new(120, 40);
    h.press(KeyCode::Right); // 1 × Node
    assert_eq!(h.send(char_key('e')), Effect::None);
    assert!(matches!(
        h.app.mode(),
        Mode::EditNote {
            task: 1,
            track: 1,
            ..
        }
    ));
    // Keys that act in the grid type into the note.
    h.type_keys("q u i ?");
    assert_eq!(h.press(KeyCode::Enter), Effect::None, "Enter adds a line");
    h.type_keys("see repo");
    assert!(matches!(h.app.mode(), Mode::EditNote { .. }));
    assert_eq!(h.app.progress().cell(1, "node"), None, "nothing saved yet");
    assert!(h.screen().contains("Nota · tarea 1 · Node"));

    assert_eq!(h.send(ctrl('s')), Effect::Save);
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert_eq!(
        saved(&h),
        json!({"version": 3, "tasks": {"1": {"node": {"note": "q u i ?\nsee repo"}}}})
    );
    assert_eq!(h.app.progress().status(1, "node"), Status::Todo);
    assert_eq!(h.app.stats().total_done(), 0);

    let screen = h.screen();
    let row = screen_row(&screen, "▶1 ");
    assert!(row.contains("·*"), "the grid marks the note: {row}");
    // The detail pane shows the whole note under "Notas".
    let lines: Vec<&str> = screen.lines().collect();
    let notes = lines
        .iter()
        .position(|l| l.contains("Notas"))
        .unwrap_or_else(|| panic!("no Notas heading:\n{screen}"));
    assert!(lines[notes + 1].contains("Node:"), "{screen}");
    assert!(lines[notes + 2].contains("  q u i ?"), "{screen}");
    assert!(lines[notes + 3].contains("  see repo"), "{screen}");

    // Reopening shows the saved note; an unchanged save asks for nothing.
    h.send(char_key('e'));
    let Mode::EditNote { field, .. } = h.app.mode() else {
        panic!("editor open")
    };
    assert_eq!(field.text(), "q u i ?\nsee repo");
    assert_eq!(h.send(ctrl('s')), Effect::None);
    assert_eq!(*h.app.mode(), Mode::Grid);
}

#[test]
fn esc_asks_before_discarding_a_changed_note_and_esc_again_discards_it() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('e'));
    h.type_keys("draft");
    assert_eq!(h.press(KeyCode::Esc), Effect::None);
    assert!(
        matches!(h.app.mode(), Mode::EditNote { field, .. } if field.text() == "draft"),
        "the first Esc keeps the text"
    );
    let screen = h.screen();
    assert!(screen.contains("Sin guardar"), "{screen}");
    assert!(screen.contains("Esc otra vez descarta"), "{screen}");
    // Typing goes on, and the question is asked again.
    h.type_keys("s");
    assert!(!h.screen().contains("Sin guardar"));
    assert_eq!(h.press(KeyCode::Esc), Effect::None);
    assert!(matches!(h.app.mode(), Mode::EditNote { .. }));
    assert_eq!(h.press(KeyCode::Esc), Effect::None);
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert_eq!(saved(&h), json!({"version": 3, "tasks": {}}));
    assert!(!screen_row(&h.screen(), "▶1 ").contains('*'));
}

#[test]
fn esc_closes_an_unchanged_note_at_once_and_ctrl_s_saves_after_the_question() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('e'));
    assert_eq!(h.press(KeyCode::Esc), Effect::None);
    assert_eq!(*h.app.mode(), Mode::Grid, "nothing typed, nothing to ask");

    h.send(char_key('e'));
    h.type_keys("kept");
    h.press(KeyCode::Esc);
    assert_eq!(h.send(ctrl('s')), Effect::Save);
    assert_eq!(h.app.progress().note(1, "python"), Some("kept"));
    // Reopened unchanged, Esc closes at once.
    h.send(char_key('e'));
    h.press(KeyCode::Esc);
    assert_eq!(*h.app.mode(), Mode::Grid);
}

#[test]
fn ctrl_c_in_a_changed_note_asks_and_a_second_ctrl_c_quits() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('e'));
    h.type_keys("draft");
    assert_eq!(h.send(ctrl('c')), Effect::None);
    assert!(
        h.screen().contains("Ctrl-C otra vez sale"),
        "{}",
        h.screen()
    );
    assert_eq!(h.send(ctrl('c')), Effect::Quit);
}

#[test]
fn in_english_the_detail_pane_heads_them_notes() {
    let mut h = Harness::new(120, 40);
    h.app.update(Fact::Lang(Lang::En), common::NOW);
    h.send(char_key('e'));
    h.type_keys("hello");
    h.send(ctrl('s'));
    let screen = h.screen();
    assert!(screen.contains("Notes"), "{screen}");
    assert!(screen.contains("Python:"), "{screen}");
    assert!(screen.contains("  hello"), "{screen}");
    assert!(screen_row(&screen, "▶1 ").contains("·*"), "{screen}");
}

#[test]
fn a_note_is_stripped_of_control_characters() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('e'));
    h.paste("red \u{1b}[31mtext\u{7}\r\nnext\u{9b}line\u{0}");
    h.send(ctrl('s'));
    assert_eq!(
        h.app.progress().note(1, "python"),
        Some("red [31mtext\nnextline")
    );
    assert!(!h.screen().contains('\u{1b}'));
}

#[test]
fn a_megabyte_paste_is_clipped_quickly_and_typing_cannot_pass_the_limit() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('e'));
    let huge = "0123456789abcdef\u{1b}".repeat(1 << 16); // over 1 MB, with escapes
    let huge = format!("{huge}\n{}", "ñ".repeat(500_000));
    let started = Instant::now();
    h.paste(&huge);
    let text = match h.app.mode() {
        Mode::EditNote { field, .. } => field.text(),
        other => panic!("editor closed: {other:?}"),
    };
    assert_eq!(text.chars().count(), MAX_NOTE_CHARS);
    assert!(text.starts_with("0123456789abcdef0123"), "escapes removed");
    assert!(!text.contains('\u{1b}'));
    h.type_keys("zzz");
    h.press(KeyCode::Enter);
    let Mode::EditNote { field, .. } = h.app.mode() else {
        panic!("editor open")
    };
    assert_eq!(field.text().chars().count(), MAX_NOTE_CHARS, "full");
    assert!(!field.text().contains('z'));
    h.screen();
    assert_eq!(h.send(ctrl('s')), Effect::Save);
    let note = h.app.progress().note(1, "python").expect("a note");
    assert_eq!(note.chars().count(), MAX_NOTE_CHARS);
    h.screen();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "took {took:?}");

    // The search field takes a huge paste as well.
    h.send(char_key('/'));
    h.paste(&huge);
    assert!(h.app.search().is_some_and(|s| s.matches.is_empty()));
    h.screen();
    h.press(KeyCode::Esc);
    assert_eq!(h.app.search(), None);
}

// 3. Undo and redo.

#[test]
fn u_undoes_and_ctrl_r_redoes_toggles_progress_and_notes() {
    let mut h = Harness::new(80, 24);
    h.send(char_key(' ')); // 1 × Python done
    go_to(&mut h, 30, 2);
    h.send(char_key('i')); // 30 × Go in progress
    go_to(&mut h, 50, 5);
    h.send(char_key('e'));
    h.type_keys("note");
    h.send(ctrl('s')); // 50 × Java note
    go_to(&mut h, 10, 3);
    let full = saved(&h);

    assert_eq!(h.send(char_key('u')), Effect::Save);
    assert_eq!(h.at(), (50, 5), "the cursor goes to the changed cell");
    assert_eq!(h.app.progress().note(50, "java"), None);
    assert!(
        h.screen().contains("Deshecho: tarea 50 × Java nota"),
        "{}",
        h.screen()
    );
    // The message goes with the next key.
    h.press(KeyCode::Right);
    assert!(!h.screen().contains("Deshecho"));
    h.press(KeyCode::Left);

    assert_eq!(h.send(char_key('u')), Effect::Save);
    assert_eq!(h.at(), (30, 2));
    assert_eq!(h.app.progress().status(30, "go"), Status::Todo);
    assert!(
        h.screen()
            .contains("Deshecho: tarea 30 × Go en curso → pendiente"),
        "{}",
        h.screen()
    );
    h.assert_cursor_on_visible_task_row();

    assert_eq!(h.send(char_key('u')), Effect::Save);
    assert_eq!(h.at(), (1, 0));
    assert_eq!(saved(&h), json!({"version": 3, "tasks": {}}));
    assert_eq!(h.app.stats().total_done(), 0);

    assert_eq!(h.send(char_key('u')), Effect::None);
    assert!(h.screen().contains("Nada que deshacer"));

    assert_eq!(h.send(ctrl('r')), Effect::Save);
    assert_eq!(h.at(), (1, 0));
    assert_eq!(h.app.stats().total_done(), 1);
    assert!(
        h.screen()
            .contains("Rehecho: tarea 1 × Python pendiente → hecha"),
        "{}",
        h.screen()
    );
    assert_eq!(h.send(ctrl('r')), Effect::Save);
    assert_eq!(h.at(), (30, 2));
    assert_eq!(h.send(ctrl('r')), Effect::Save);
    assert_eq!(h.at(), (50, 5));
    h.assert_cursor_on_visible_task_row();
    assert_eq!(saved(&h), full);
    assert!(screen_row(&h.screen(), "▶50").contains("·*"));
    assert_eq!(h.send(ctrl('r')), Effect::None);
    assert!(h.screen().contains("Nada que rehacer"));
}

#[test]
fn a_new_change_drops_what_could_be_redone() {
    let mut h = Harness::new(80, 24);
    h.send(char_key(' '));
    h.send(char_key('u'));
    h.press(KeyCode::Down);
    h.send(char_key(' ')); // 2 × Python
    assert_eq!(h.send(ctrl('r')), Effect::None);
    assert_eq!(h.app.progress().status(1, "python"), Status::Todo);
    assert_eq!(h.app.progress().status(2, "python"), Status::Done);
}

#[test]
fn a_hundred_and_fifty_toggles_undo_to_empty_and_redo_back() {
    let mut h = Harness::new(80, 24);
    for i in 0..150 {
        assert_eq!(h.send(char_key(' ')), Effect::Save);
        if i % 3 == 2 {
            h.press(KeyCode::Right);
        } else {
            h.send(char_key('j'));
        }
        if h.app.cursor().track == 5 {
            h.press_n(KeyCode::Left, 5);
        }
    }
    assert!(
        h.app.stats().total_done() > 100,
        "{}",
        h.app.stats().total_done()
    );
    let after = saved(&h);
    for n in 0..150 {
        assert_eq!(h.send(char_key('u')), Effect::Save, "undo {n}");
    }
    assert_eq!(saved(&h), json!({"version": 3, "tasks": {}}));
    assert_eq!(h.app.stats().total_done(), 0);
    assert_eq!(h.at(), (1, 0), "back at the first change");
    assert_eq!(h.send(char_key('u')), Effect::None);
    for n in 0..150 {
        assert_eq!(h.send(ctrl('r')), Effect::Save, "redo {n}");
    }
    assert_eq!(saved(&h), after);
}

#[test]
fn undo_shows_a_cell_the_filter_hides() {
    let mut h = Harness::new(80, 24);
    h.send(char_key(' ')); // 1 × Python done
    h.send(char_key('f')); // not done in Python: task 1 hidden
    assert!(!shown_tasks(&h).contains(&1));
    assert_eq!(h.task_id(), 2);
    h.send(char_key(' ')); // a second done cell, hidden in turn
    let hidden = marked_cells(&h);
    assert_eq!(hidden, 2);
    h.send(char_key('u'));
    h.send(char_key('u'));
    assert_eq!(h.at(), (1, 0));
    h.assert_cursor_on_visible_task_row();
    assert_eq!(marked_cells(&h), 0);
    assert_eq!(h.app.filter(), Filter::NotDone(0));
    h.send(ctrl('r')); // task 1 done again: the filter would hide it
    assert_eq!(h.at(), (1, 0));
    assert_eq!(h.app.filter(), Filter::All, "the filter gives way");
    h.assert_cursor_on_visible_task_row();
    assert!(h.screen().contains("▶1 "));
}

// 4. Search.

#[test]
fn search_is_incremental_and_ignores_accents_and_case() {
    let mut h = Harness::new(80, 24);
    h.press_n(KeyCode::Right, 2);
    assert_eq!(h.send(char_key('/')), Effect::None);
    assert!(matches!(h.app.mode(), Mode::Search { .. }));
    let mut seen = Vec::new();
    for c in "disenar".chars() {
        h.send(char_key(c));
        seen.push(h.task_id());
    }
    // "dis" already lands on the first task with "dis…"; by "disen" it is Diseñar.
    assert_eq!(h.at(), (28, 2), "the track is kept: {seen:?}");
    let search = h.app.search().cloned().expect("a search");
    assert_eq!(search.query, "disenar");
    let ids: Vec<TaskId> = search
        .matches
        .iter()
        .map(|&p| h.app.roadmap().task(p).id)
        .collect();
    assert_eq!(ids, [28, 40, 88, 67, 69, 91, 78, 96, 100]);
    let screen = h.screen();
    assert!(screen.contains("/disenar"), "{screen}");
    assert!(screen.contains("9 coincidencias"), "{screen}");
    assert!(screen.contains("▶28"), "{screen}");

    // Enter keeps it; n and N walk it, wrapping.
    assert_eq!(h.press(KeyCode::Enter), Effect::None);
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert!(h.app.search().is_some());
    h.send(char_key('n'));
    assert_eq!(h.task_id(), 40);
    h.send(char_key('n'));
    assert_eq!(h.task_id(), 88);
    h.send(char_key('N'));
    h.send(char_key('N'));
    assert_eq!(h.task_id(), 28);
    h.send(char_key('N'));
    assert_eq!(h.task_id(), 100, "N wraps to the last match");
    h.assert_cursor_on_visible_task_row();
    h.send(char_key('n'));
    assert_eq!(h.task_id(), 28, "n wraps to the first");
    assert_eq!(h.app.cursor().track, 2);

    // Esc in the grid drops the kept search.
    h.press(KeyCode::Esc);
    assert_eq!(h.app.search(), None);
    assert!(!h.screen().contains("coincidencias"));
    h.send(char_key('n'));
    assert_eq!(h.task_id(), 28);
    assert!(h.screen().contains("Sin búsqueda"));
}

#[test]
fn search_finds_diseno_oauth_and_english_words_from_the_top() {
    for (query, first) in [
        ("diseno", 48),
        ("DISEÑO", 48),
        ("oauth", 29),
        ("OAuth2", 29),
        ("relational", 28),
        ("Parámetros", 2),
    ] {
        let mut h = Harness::new(80, 24);
        h.send(char_key('/'));
        h.paste(query);
        assert_eq!(h.task_id(), first, "{query}");
        h.press(KeyCode::Enter);
        assert_eq!(h.task_id(), first, "{query} kept");
    }
    let mut h = Harness::new(80, 24);
    h.app.update(Fact::Lang(Lang::En), common::NOW);
    h.send(char_key('/'));
    h.type_keys("diseñar");
    assert_eq!(h.task_id(), 28, "Spanish words are found in English too");
}

#[test]
fn esc_while_typing_clears_the_search_and_puts_the_cursor_back() {
    let mut h = Harness::new(80, 24);
    go_to(&mut h, 5, 3);
    h.send(char_key('/'));
    h.type_keys("oauth");
    assert_eq!(h.task_id(), 29);
    assert_eq!(h.press(KeyCode::Esc), Effect::None);
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert_eq!(h.app.search(), None);
    assert_eq!(h.at(), (5, 3));
    h.assert_cursor_on_visible_task_row();

    // With no match the search says so; Esc still goes back.
    h.send(char_key('/'));
    h.type_keys("¤¤");
    assert_eq!(h.at(), (5, 3));
    assert!(h.screen().contains("0 coincidencias"));
    h.press(KeyCode::Esc);
    assert_eq!(h.at(), (5, 3));

    // A query typed and then erased: Enter keeps no search and goes back.
    h.send(char_key('/'));
    h.type_keys("oauth");
    h.press_n(KeyCode::Backspace, 5);
    assert_eq!(h.app.search(), None);
    h.press(KeyCode::Enter);
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert_eq!(h.at(), (5, 3));
}

#[test]
fn a_search_starts_from_the_cursor_and_wraps() {
    let mut h = Harness::new(80, 24);
    go_to(&mut h, 50, 0);
    h.send(char_key('/'));
    h.type_keys("oauth");
    assert_eq!(h.task_id(), 29, "the only match, behind the cursor");
    h.press(KeyCode::Enter);
    go_to(&mut h, 41, 0);
    h.send(char_key('/'));
    assert!(matches!(h.app.mode(), Mode::Search { field, .. } if field.text() == "oauth"));
    h.press(KeyCode::Backspace);
    assert_eq!(h.app.search().map(|s| s.query.as_str()), Some("oaut"));
    h.type_keys("h2");
    assert_eq!(h.task_id(), 29);
}

/// The x positions in row `y` whose cells are underlined.
fn underlined(buffer: &Buffer, y: u16) -> Vec<u16> {
    (0..buffer.area.width)
        .filter(|&x| buffer[(x, y)].modifier.contains(Modifier::UNDERLINED))
        .collect()
}

#[test]
fn matches_are_underlined_where_they_are() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('/'));
    h.type_keys("disenar");
    let buffer = h.draw();
    let y = row_containing(&buffer, "▶28").expect("task 28 on screen");
    let x = column_of(&buffer, y, "Diseñar").expect("the match");
    let marked = underlined(&buffer, y);
    let number = column_of(&buffer, y, "28").expect("the number");
    assert_eq!(
        marked,
        [number, number + 1]
            .into_iter()
            .chain(x..x + 7)
            .collect::<Vec<_>>(),
        "the number and exactly \"Diseñar\" are underlined"
    );
    // A task that does not match has nothing underlined.
    let other = row_containing(&buffer, "│ 27 ").expect("task 27 on screen");
    assert!(underlined(&buffer, other).is_empty());

    // After Enter the highlight stays.
    h.press(KeyCode::Enter);
    let buffer = h.draw();
    assert_eq!(underlined(&buffer, y), marked);

    // In the middle of a word.
    let mut h = Harness::new(80, 24);
    h.send(char_key('/'));
    h.type_keys("auth2");
    assert_eq!(h.task_id(), 29);
    let buffer = h.draw();
    let y = row_containing(&buffer, "▶29").expect("task 29 on screen");
    let x = column_of(&buffer, y, "OAuth2").expect("the word") + 1;
    let marked = underlined(&buffer, y);
    assert_eq!(
        &marked[marked.len() - 5..],
        &[x, x + 1, x + 2, x + 3, x + 4]
    );
    assert!(!marked.contains(&(x - 1)), "the O is not part of the match");
}

// 5. Filters and what next.

/// Done: 1 × Python, 2 and 3 × Node, 26 × Go. Cursor back on 1 × Python.
fn with_a_few_done(width: u16, height: u16) -> Harness {
    let mut h = Harness::new(width, height);
    h.send(char_key(' '));
    go_to(&mut h, 2, 1);
    h.send(char_key(' '));
    h.press(KeyCode::Down);
    h.send(char_key(' '));
    go_to(&mut h, 26, 2);
    h.send(char_key(' '));
    go_to(&mut h, 1, 0);
    h
}

#[test]
fn f_cycles_all_not_done_gap_and_back() {
    let mut h = with_a_few_done(80, 24);
    assert_eq!(h.send(char_key('f')), Effect::None);
    assert_eq!(h.app.filter(), Filter::NotDone(0));
    let shown = shown_tasks(&h);
    assert_eq!(shown.len(), 104);
    assert!(!shown.contains(&1));
    assert_eq!(h.task_id(), 2, "the cursor leaves the hidden task");
    let screen = h.screen();
    assert!(screen.contains("filtro: sin hacer en Python"), "{screen}");
    assert!(screen.contains("Freshman  (24 visibles)"), "{screen}");
    assert!(!screen.contains("Configurar un servidor local"), "{screen}");
    h.assert_cursor_on_visible_task_row();

    assert_eq!(h.send(char_key('f')), Effect::None);
    assert_eq!(h.app.filter(), Filter::Gap(0));
    assert_eq!(shown_tasks(&h), [2, 3, 26]);
    let screen = h.screen();
    assert!(
        screen.contains("filtro: hechas en otro, no en Python"),
        "{screen}"
    );
    assert!(screen.contains("Freshman  (2 visibles)"), "{screen}");
    assert!(screen.contains("Sophomore  (1 visibles)"), "{screen}");
    assert!(
        !screen.contains("Junior"),
        "levels with nothing shown are left out"
    );
    h.send(char_key('G'));
    assert_eq!(h.task_id(), 26);

    assert_eq!(h.send(char_key('f')), Effect::None);
    assert_eq!(h.app.filter(), Filter::All);
    assert_eq!(shown_tasks(&h).len(), 105);
    let screen = h.screen();
    assert!(!screen.contains("filtro:"), "{screen}");
    assert!(!screen.contains("visibles"), "{screen}");
}

#[test]
fn the_filter_takes_the_cursors_language() {
    let mut h = with_a_few_done(80, 24);
    h.press(KeyCode::Right); // Node
    h.send(char_key('f'));
    assert_eq!(h.app.filter(), Filter::NotDone(1));
    assert!(!shown_tasks(&h).contains(&2) && !shown_tasks(&h).contains(&3));
    assert!(shown_tasks(&h).contains(&1));
    assert!(h.screen().contains("sin hacer en Node"));
    h.send(char_key('f'));
    assert_eq!(h.app.filter(), Filter::Gap(1));
    assert_eq!(shown_tasks(&h), [1, 26]);
}

#[test]
fn checking_a_cell_under_a_not_done_filter_hides_its_row() {
    let mut h = with_a_few_done(80, 24);
    h.send(char_key('f'));
    assert_eq!(h.task_id(), 2);
    assert_eq!(h.send(char_key(' ')), Effect::Save);
    assert!(!shown_tasks(&h).contains(&2));
    assert_eq!(h.task_id(), 3, "on to the next shown task");
    h.assert_cursor_on_visible_task_row();
    assert!(h.screen().contains("Freshman  (23 visibles)"));
}

#[test]
fn an_empty_filter_says_so() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('f'));
    h.send(char_key('f'));
    assert_eq!(h.app.filter(), Filter::Gap(0));
    assert!(h.app.rows().is_empty());
    let screen = h.screen();
    assert!(screen.contains("Ninguna tarea coincide"), "{screen}");
    // Keys that need a cell do nothing.
    assert_eq!(h.send(char_key(' ')), Effect::None);
    assert_eq!(h.send(char_key('i')), Effect::None);
    h.send(char_key('e'));
    assert_eq!(*h.app.mode(), Mode::Grid);
    h.press(KeyCode::Down);
    h.send(char_key('w'));
    assert_eq!(h.app.progress().cells().count(), 0);
    h.send(char_key('f'));
    assert_eq!(h.app.filter(), Filter::All);
    assert!(h.screen().contains("▶1 "));
}

#[test]
fn w_goes_to_the_first_todo_cell_of_the_language_as_next_lists_it() {
    let mut h = with_a_few_done(80, 24);
    h.press(KeyCode::Right); // Node: 2 and 3 done
    h.send(char_key('w'));
    assert_eq!(
        h.at(),
        (1, 1),
        "the cell under the cursor is the first todo"
    );
    assert!(h.screen().contains("Tarea 1 × Node es la siguiente"));
    h.send(char_key(' '));
    h.send(char_key('w'));
    assert_eq!(h.at(), (4, 1));
    h.send(char_key('G'));
    h.send(char_key('w'));
    assert_eq!(h.at(), (4, 1), "from the end, back to the first todo");
    h.assert_cursor_on_visible_task_row();
}

#[test]
fn w_with_nothing_left_says_so() {
    let mut h = Harness::new(80, 24);
    for _ in 0..105 {
        h.send(char_key(' '));
        h.press(KeyCode::Down);
    }
    assert_eq!(h.app.stats().track_done(0), 105);
    assert_eq!(h.app.stats().track_done(1), 0);
    h.send(char_key('4'));
    h.send(char_key('w'));
    assert_eq!(h.at(), (51, 0), "the cursor stays");
    let screen = h.screen();
    assert!(screen.contains("Nada pendiente en Python"), "{screen}");
    // And the not-done filter is empty.
    h.press(KeyCode::Esc);
    h.send(char_key('f'));
    assert!(h.screen().contains("Ninguna tarea coincide"));
    h.send(char_key('f'));
    h.send(char_key('f'));
    h.press(KeyCode::Right);
    h.send(char_key('w'));
    assert_eq!(h.at(), (1, 1), "Node's first todo");
}

// 6. Help.

#[test]
fn question_mark_shows_every_binding_and_scrolls() {
    let mut h = Harness::new(120, 40);
    assert_eq!(h.send(char_key('?')), Effect::None);
    assert_eq!(*h.app.mode(), Mode::Help { scroll: 0 });
    let screen = h.screen();
    for text in [
        "Teclas",
        "Cuadrícula",
        "Deshacer",
        "Buscar en las tareas",
        "Ctrl-R",
    ] {
        assert!(screen.contains(text), "{text}:\n{screen}");
    }
    h.resize(80, 24);
    let screen = h.screen();
    assert!(screen.contains("Buscar en las tareas"), "{screen}");
    assert!(!screen.contains("Deshacer"), "further down:\n{screen}");
    assert!(
        !screen.contains("Cerrar la ayuda"),
        "further down:\n{screen}"
    );

    h.press(KeyCode::Down);
    assert_eq!(*h.app.mode(), Mode::Help { scroll: 1 });
    h.press_n(KeyCode::Down, 4);
    assert!(h.screen().contains("Deshacer"));
    h.press(KeyCode::PageDown);
    assert_eq!(*h.app.mode(), Mode::Help { scroll: 15 });
    h.press(KeyCode::Up);
    assert_eq!(*h.app.mode(), Mode::Help { scroll: 14 });
    // The help box at 80×24 shows the legend, then 17 lines of keys; scrolling stops when its
    // last line is at the bottom.
    let last = (roadmap_tui::keymap::Keymap::default().help_line_count() - 17) as u16;
    h.press_n(KeyCode::PageDown, 3);
    assert_eq!(
        *h.app.mode(),
        Mode::Help {
            scroll: last.min(44)
        }
    );
    let screen = h.screen();
    assert!(!screen.contains("Buscar en las tareas"), "{screen}");

    h.press_n(KeyCode::PageDown, 10);
    assert_eq!(*h.app.mode(), Mode::Help { scroll: last }, "PgDn stops");
    let screen = h.screen();
    assert!(screen.contains("Cerrar la ayuda"), "{screen}");
    // The last page is full: its final line (Ctrl-Z, everywhere) sits on the box's last row.
    let rows: Vec<String> = h.screen().lines().map(str::to_owned).collect();
    assert!(rows[21].contains("Ctrl-Z"), "{}", rows.join("\n"));

    // Every line of help is reachable: gathered over the scroll, the screens list every binding.
    h.send(char_key('g'));
    let mut seen = String::new();
    for _ in 0..roadmap_tui::keymap::Keymap::default().help_line_count() {
        seen.push_str(&h.screen());
        h.press(KeyCode::Down);
    }
    for b in roadmap_tui::keymap::Keymap::default().bindings() {
        assert!(
            seen.contains(b.help.es),
            "{:?} missing from help",
            b.help.es
        );
        for k in &b.keys {
            assert!(seen.contains(&k.label()), "{} missing from help", k.label());
        }
    }

    assert_eq!(h.press(KeyCode::Esc), Effect::None);
    assert_eq!(*h.app.mode(), Mode::Grid);
    h.send(char_key('?'));
    h.send(char_key('?'));
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert!(!h.screen().contains("Teclas"));
    // Keys in the help do not reach the grid.
    h.send(char_key('?'));
    h.send(char_key('j'));
    h.press(KeyCode::Enter);
    h.send(char_key('e'));
    h.press(KeyCode::Esc);
    assert_eq!(h.at(), (1, 0));
    assert_eq!(h.app.progress().cells().count(), 0);
}

// 7. Mouse.

#[test]
fn a_click_moves_the_cursor_and_a_second_click_toggles() {
    let mut h = Harness::new(80, 24);
    let buffer = h.draw();
    let header = row_containing(&buffer, "Tarea").expect("the header row");
    let go = column_of(&buffer, header, "Go").expect("the Go column");
    let y = row_containing(&buffer, "│ 5 ").expect("task 5 on screen");

    assert_eq!(h.click(go, y), Effect::None);
    assert_eq!(h.at(), (5, 2));
    assert_eq!(h.app.progress().cells().count(), 0);
    assert_eq!(
        h.click(go + 1, y),
        Effect::Save,
        "a click on the cursor's cell"
    );
    assert_eq!(h.app.progress().status(5, "go"), Status::Done);
    assert_eq!(h.click(go, y), Effect::Save);
    assert_eq!(h.app.progress().status(5, "go"), Status::Todo);

    // A click on the task's text moves to it and keeps the language.
    let text = column_of(&buffer, y, "Validar").expect("task 5's text");
    let y7 = row_containing(&buffer, "│ 7 ").expect("task 7 on screen");
    assert_eq!(h.click(text, y7), Effect::None);
    assert_eq!(h.at(), (7, 2));
    assert_eq!(h.click(text, y7), Effect::None, "the text is not a cell");

    // The level header, the column header, the border and the title do nothing.
    let level = row_containing(&buffer, "Freshman  0/150").expect("the level header");
    for (x, y) in [(go, level), (go, header), (0, y), (go, 0)] {
        assert_eq!(h.click(x, y), Effect::None);
        assert_eq!(h.at(), (7, 2), "click at {x},{y}");
    }
}

#[test]
fn the_wheel_moves_three_rows() {
    let mut h = Harness::new(80, 24);
    assert_eq!(h.wheel(3), Effect::None);
    assert_eq!(h.task_id(), 4);
    h.wheel(3);
    assert_eq!(h.task_id(), 7);
    h.wheel(-3);
    assert_eq!(h.task_id(), 4);
    for _ in 0..50 {
        h.wheel(3);
    }
    assert_eq!(h.task_id(), 105);
    h.assert_cursor_on_visible_task_row();
}

#[test]
fn a_click_in_the_overview_jumps_to_that_level_and_language() {
    let mut h = Harness::new(120, 40);
    h.send(char_key('o'));
    let buffer = h.draw();
    let header = row_containing(&buffer, "│Nivel ").expect("the matrix header");
    let kotlin = column_of(&buffer, header, "Kotlin").expect("the Kotlin column");
    let junior = row_containing(&buffer, "Junior").expect("the Junior row");
    assert_eq!(h.click(kotlin, junior), Effect::None);
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert_eq!(h.at(), (42, 4), "Junior's first task, in Kotlin");
    h.assert_cursor_on_visible_task_row();
    assert_eq!(h.app.progress().cells().count(), 0, "a jump checks nothing");

    // Outside the matrix cells nothing happens.
    h.send(char_key('o'));
    for (x, y) in [(kotlin, header), (1, junior), (kotlin, 0)] {
        assert_eq!(h.click(x, y), Effect::None);
        assert!(matches!(h.app.mode(), Mode::Overview { .. }), "{x},{y}");
    }
    let buffer = h.draw();
    let senior = row_containing(&buffer, "Senior").expect("the Senior row");
    let python = column_of(&buffer, header, "Python").expect("the Python column");
    h.click(python + 2, senior);
    assert_eq!(h.at(), (51, 0));
}

#[test]
fn a_click_on_the_overview_jumps_past_a_filter_that_hides_the_level() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('f'));
    h.send(char_key('f')); // gap: nothing shown
    h.send(char_key('o'));
    let buffer = h.draw();
    let header = row_containing(&buffer, "│Nivel ").expect("the matrix header");
    let php = column_of(&buffer, header, "PHP").expect("the PHP column");
    let lead = row_containing(&buffer, "Lead").expect("the Lead row");
    h.click(php, lead);
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert_eq!(h.app.filter(), Filter::All);
    assert_eq!(h.at(), (66, 3));
}

// 8. Language.

#[test]
fn shift_l_switches_the_language_and_remembers_it() {
    let mut h = Harness::new(80, 24);
    let screen = h.screen();
    assert!(
        screen.contains("Tarea") && screen.contains("marcar"),
        "{screen}"
    );
    assert!(screen.contains("Configurar un servidor local."));

    assert_eq!(h.send(char_key('L')), Effect::Save);
    assert_eq!(h.app.lang(), Lang::En);
    assert_eq!(h.app.progress().settings.lang(), Some(Lang::En));
    assert_eq!(saved(&h)["settings"], json!({"lang": "en"}));
    // The language is a register of its own, stamped when it changed.
    assert_eq!(
        h.app
            .progress()
            .settings
            .stamps
            .get("lang")
            .map(|s| s.as_str()),
        Some(NOW)
    );
    let screen = h.screen();
    for word in [
        "Task", "task 1", "check", "undo", "detail", "help", "quit", "done",
    ] {
        assert!(screen.contains(word), "{word}:\n{screen}");
    }
    for word in ["Tarea", "marcar", "buscar", "hechas"] {
        assert!(!screen.contains(word), "{word}:\n{screen}");
    }
    assert!(screen.contains("Set up a local server."), "{screen}");

    h.send(char_key('?'));
    assert!(h.screen().contains("Search task text"));
    h.press(KeyCode::Esc);

    assert_eq!(h.send(char_key('L')), Effect::Save);
    assert_eq!(h.app.lang(), Lang::Es);
    assert_eq!(saved(&h)["settings"], json!({"lang": "es"}));
    assert!(h.screen().contains("Tarea"));
    assert_eq!(h.app.progress().cells().count(), 0, "no cell changed");
}

// 9. Activity.

#[test]
fn the_overview_counts_recent_days_and_the_streak() {
    let mut p = Progress::default();
    let done = [
        (1, "python", "2026-11-24T09:00:00Z"), // today
        (2, "python", "2026-11-24T01:00:00Z"), // today again
        (3, "node", "2026-11-23T23:59:59Z"),   // yesterday
        (4, "go", "2026-11-22T12:00:00Z"),     // 2 days ago
        (5, "go", "2026-11-19T12:00:00Z"),     // 5 days ago, after a gap
        (6, "php", "2026-11-18T00:00:00Z"),    // 6 days ago
        (7, "php", "2026-11-17T00:00:00Z"),    // 7 days ago: not in the week
        (8, "kotlin", "2026-11-10T00:00:00Z"), // 14 days ago
        (9, "java", "2026-10-26T00:00:00Z"),   // 29 days ago
        (10, "java", "2026-10-25T00:00:00Z"),  // 30 days ago: not in the month
        (11, "java", "2026-05-01T00:00:00Z"),  // long ago
        (12, "java", "2026-12-01T00:00:00Z"),  // in the future: not counted
    ];
    for (task, track, ts) in done {
        p.set_status(task, track, Status::Done, ts);
    }
    p.set_status(13, "python", Status::InProgress, "2026-11-24T08:00:00Z");
    let mut h = harness_with(p, 120, 40);
    h.app
        .update(Fact::Today(jiff::civil::date(2026, 11, 24)), common::NOW);
    h.send(char_key('o'));
    let screen = h.screen();
    assert!(screen.contains("Actividad"), "{screen}");
    assert!(screen.contains("7 días: 6  30 días: 9"), "{screen}");
    assert!(screen.contains("Racha: 3 días"), "{screen}");
    assert!(screen.contains("12/630"), "{screen}");

    // Undoing today's work does not change the past; the streak then runs from yesterday.
    h.press(KeyCode::Esc);
    h.send(char_key('g'));
    h.send(char_key(' '));
    h.press(KeyCode::Down);
    h.send(char_key(' '));
    h.send(char_key('o'));
    let screen = h.screen();
    assert!(screen.contains("7 días: 4  30 días: 7"), "{screen}");
    assert!(screen.contains("Racha: 2 días"), "{screen}");

    // Checking a cell now (NOW is 2026-11-24) counts today.
    h.press(KeyCode::Esc);
    h.send(char_key(' '));
    h.send(char_key('o'));
    let screen = h.screen();
    assert!(screen.contains("7 días: 5  30 días: 8"), "{screen}");
    assert!(screen.contains("Racha: 3 días"), "{screen}");

    h.app.update(Fact::Lang(Lang::En), common::NOW);
    let screen = h.screen();
    assert!(screen.contains("7 days: 5  30 days: 8"), "{screen}");
    assert!(screen.contains("Streak: 3 days"), "{screen}");
}

// 10. NO_COLOR.

/// Cells with a colour other than the terminal's own.
fn coloured(buffer: &Buffer) -> Vec<(u16, u16)> {
    let area = buffer.area;
    (0..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| buffer[(x, y)].fg != Color::Reset || buffer[(x, y)].bg != Color::Reset)
        .collect()
}

#[test]
fn without_colour_every_screen_keeps_symbols_and_the_reversed_cursor() {
    let mut h = Harness::new(120, 40);
    // The whole grid, without the detail pane below it.
    h.press(KeyCode::Enter);
    h.send(char_key(' '));
    h.press(KeyCode::Right);
    h.send(char_key('i'));
    h.send(char_key('/'));
    h.type_keys("oauth");
    h.press(KeyCode::Enter);
    h.press_n(KeyCode::Left, 2);
    h.app.update(Fact::Color(false), common::NOW);

    let buffer = h.draw();
    assert_eq!(coloured(&buffer), [], "the grid");
    let text = common::buffer_text(&buffer);
    assert!(text.contains('✔') && text.contains('◐'), "{text}");
    let y = row_containing(&buffer, "▶29").expect("cursor row");
    let reversed: Vec<u16> = (0..120)
        .filter(|&x| buffer[(x, y)].modifier.contains(Modifier::REVERSED))
        .collect();
    assert!(!reversed.is_empty(), "the cursor cell is reversed");
    let symbols: String = reversed.iter().map(|&x| buffer[(x, y)].symbol()).collect();
    assert_eq!(symbols.trim(), "·");
    assert!(
        !underlined(&buffer, y).is_empty(),
        "the match is underlined"
    );
    let row1 = row_containing(&buffer, "│ 1 ").expect("task 1");
    assert!(row_text(&buffer, row1).contains("✔      ◐"));

    // Colour is on by default.
    h.app.update(Fact::Color(true), common::NOW);
    assert!(!coloured(&h.draw()).is_empty());
    h.app.update(Fact::Color(false), common::NOW);

    for key in ['o', '?'] {
        if key == '?' {
            h.press(KeyCode::Esc);
        }
        h.send(char_key(key));
        let buffer = h.draw();
        assert_eq!(coloured(&buffer), [], "after {key}");
    }
    h.press(KeyCode::Esc);
    h.send(char_key('e'));
    assert_eq!(coloured(&h.draw()), [], "the note editor");
    h.press(KeyCode::Esc);
    h.send(char_key('/'));
    assert_eq!(coloured(&h.draw()), [], "the search line");
    h.press(KeyCode::Esc);
    h.resize(80, 24);
    assert_eq!(coloured(&h.draw()), [], "80×24");
    h.resize(40, 8);
    assert_eq!(coloured(&h.draw()), [], "too small");
}

// Snapshots.

fn help_screen(width: u16, height: u16) -> String {
    let mut h = Harness::new(width, height);
    h.send(char_key('?'));
    h.screen()
}

#[test]
fn help_80x24() {
    insta::assert_snapshot!("help_80x24", help_screen(80, 24));
}

#[test]
fn help_120x40() {
    insta::assert_snapshot!("help_120x40", help_screen(120, 40));
}

fn note_screen(width: u16, height: u16) -> String {
    let mut h = Harness::new(width, height);
    go_to(&mut h, 4, 2);
    h.send(char_key(' '));
    h.send(char_key('e'));
    h.type_keys("Used sqlx with a local Postgres.");
    h.press(KeyCode::Enter);
    h.type_keys("Next: migrations");
    h.screen()
}

#[test]
fn note_editor_80x24() {
    insta::assert_snapshot!("note_editor_80x24", note_screen(80, 24));
}

#[test]
fn note_editor_120x40() {
    insta::assert_snapshot!("note_editor_120x40", note_screen(120, 40));
}

fn search_screens(width: u16, height: u16) -> (String, String) {
    let mut h = Harness::new(width, height);
    h.send(char_key('/'));
    h.type_keys("disen");
    let typing = h.screen();
    h.press(KeyCode::Enter);
    h.send(char_key('n'));
    (typing, h.screen())
}

#[test]
fn search_80x24() {
    let (typing, kept) = search_screens(80, 24);
    insta::assert_snapshot!("search_typing_80x24", typing);
    insta::assert_snapshot!("search_kept_80x24", kept);
}

#[test]
fn search_120x40() {
    let (typing, kept) = search_screens(120, 40);
    insta::assert_snapshot!("search_typing_120x40", typing);
    insta::assert_snapshot!("search_kept_120x40", kept);
}

fn filter_screens(width: u16, height: u16) -> (String, String) {
    let mut h = with_a_few_done(width, height);
    go_to(&mut h, 30, 0);
    h.send(char_key('i'));
    h.send(char_key('f'));
    let not_done = h.screen();
    h.send(char_key('f'));
    (not_done, h.screen())
}

#[test]
fn filters_80x24() {
    let (not_done, gap) = filter_screens(80, 24);
    insta::assert_snapshot!("filter_not_done_80x24", not_done);
    insta::assert_snapshot!("filter_gap_80x24", gap);
}

#[test]
fn filters_120x40() {
    let (not_done, gap) = filter_screens(120, 40);
    insta::assert_snapshot!("filter_not_done_120x40", not_done);
    insta::assert_snapshot!("filter_gap_120x40", gap);
}

#[test]
fn a_search_with_no_match_leaves_the_cursor_where_it_was() {
    let mut h = Harness::new(80, 24);
    h.press(KeyCode::Down);
    h.send(char_key('/'));
    h.type_keys("zzzz");
    assert_eq!(h.task_id(), 2, "no match: back at the start");
    assert!(h.screen().contains("0 coincidencias"));
    h.press(KeyCode::Enter);
    assert_eq!(h.task_id(), 2);
}

#[test]
fn next_todo_under_a_filter_that_shows_nothing_says_so() {
    let mut h = Harness::new(80, 24);
    // The gap filter with no progress shows no task at all.
    h.send(char_key('f'));
    h.send(char_key('f'));
    assert!(h.app.rows().is_empty());
    h.send(char_key('w'));
    let screen = h.screen();
    assert!(screen.contains("No se muestra ninguna tarea"), "{screen}");
    assert!(!screen.contains("Nada pendiente"), "{screen}");
}

#[test]
fn one_match_is_counted_in_the_singular_in_both_languages() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('/'));
    h.type_keys("istio");
    assert_eq!(h.task_id(), 105);
    let screen = h.screen();
    assert!(
        screen.contains(" 1 coincidencia ") && !screen.contains("1 coincidencias"),
        "while typing:\n{screen}"
    );
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        screen.contains("/istio · 1 coincidencia ") && !screen.contains("1 coincidencias"),
        "on the grid's border:\n{screen}"
    );
    h.send(char_key('L'));
    let screen = h.screen();
    assert!(
        screen.contains("/istio · 1 match ") && !screen.contains("1 matches"),
        "{screen}"
    );
    h.send(char_key('/'));
    h.type_keys("xyz");
    assert!(h.screen().contains(" 0 matches "), "{}", h.screen());
}

/// The text of the open field, whichever it is.
fn field_text(h: &Harness) -> String {
    match h.app.mode() {
        Mode::Search { field, .. }
        | Mode::EditNote { field, .. }
        | Mode::Goal { field, .. }
        | Mode::AddTrack { field, .. }
        | Mode::SaveAs { field } => field.text(),
        other => panic!("no field is open: {other:?}"),
    }
}

#[test]
fn ctrl_u_clears_every_text_field() {
    // Each field opened on some text already there: a kept search, a note, a goal, what was
    // typed of a language. (The save-a-copy field: tests/app.rs.)
    let mut h = Harness::new(80, 24);
    h.send(char_key('/'));
    h.type_keys("oauth");
    h.press(KeyCode::Enter);
    h.send(char_key('/'));
    assert_eq!(field_text(&h), "oauth", "a search reopens on its query");
    h.send(ctrl('u'));
    assert_eq!(field_text(&h), "");
    assert!(!h.screen().contains("/oauth"), "{}", h.screen());
    h.press(KeyCode::Esc);

    h.send(char_key('e'));
    h.type_keys("a first draft");
    h.send(ctrl('s'));
    h.send(char_key('e'));
    assert_eq!(field_text(&h), "a first draft");
    h.send(ctrl('u'));
    assert_eq!(field_text(&h), "", "a note of one line goes whole");
    assert!(!h.screen().contains("a first draft"), "{}", h.screen());
    // On a note of several lines, the line before the cursor.
    h.type_keys("keep this");
    h.press(KeyCode::Enter);
    h.type_keys("not this");
    h.send(ctrl('u'));
    assert_eq!(field_text(&h), "keep this\n");
    h.press(KeyCode::Esc);
    h.press(KeyCode::Esc);

    h.send(char_key('o'));
    h.send(char_key('g'));
    h.type_keys("2027-06-01");
    h.press(KeyCode::Enter);
    h.send(char_key('g'));
    assert_eq!(
        field_text(&h),
        "2027-06-01",
        "the goal field opens on the goal"
    );
    h.send(ctrl('u'));
    assert_eq!(field_text(&h), "");
    h.press(KeyCode::Esc);
    h.press(KeyCode::Esc);

    h.send(char_key('T'));
    h.send(char_key('a'));
    h.type_keys("rust Rust");
    h.send(ctrl('u'));
    assert_eq!(field_text(&h), "");
}
