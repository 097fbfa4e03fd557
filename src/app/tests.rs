//! `App::update` by Action, on a small roadmap made here (2 levels × 3 tasks × 2 tracks, task
//! numbers that are not their positions): each action's effect on the state and the `Effect` it
//! returns. Keys are the keymap's business and are tested there.

use pretty_assertions::assert_eq;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::model::roadmap::Text;
use crate::model::{Level, Task, Track};

const NOW: &str = "2026-11-24T10:00:00Z";
const LATER: &str = "2026-11-25T10:00:00Z";

/// Task numbers in reading order; positions 0–2 are level "One", 3–5 level "Two".
const IDS: [TaskId; 6] = [10, 11, 12, 20, 21, 22];

fn roadmap() -> Roadmap {
    let task = |id: TaskId, en: &str| Task {
        id,
        text: Text {
            es: String::new(),
            en: en.to_owned(),
        },
    };
    let track = |id: &str, name: &str| Track {
        id: id.to_owned(),
        name: name.to_owned(),
    };
    let level = |id: &str, tasks: Vec<Task>| Level {
        id: id.to_owned(),
        name: id.to_uppercase(),
        tasks,
    };
    Roadmap::new(
        "mini".to_owned(),
        Text::both("Mini"),
        vec![track("py", "Py"), track("rs", "Rs")],
        vec![
            level(
                "one",
                vec![
                    task(10, "Set up a server"),
                    task(11, "Read query params"),
                    task(12, "Write tests"),
                ],
            ),
            level(
                "two",
                vec![
                    task(20, "Deploy the server"),
                    task(21, "Cache results"),
                    task(22, "Scale out"),
                ],
            ),
        ],
    )
    .expect("a valid roadmap")
}

fn fit(rows: usize) -> ScreenFit {
    ScreenFit {
        rows,
        help_rows: 10,
        too_small: false,
        overview_view: 20,
        overview_len: 20,
        overview_levels: (2, 1),
    }
}

/// An app in English with room for every row, a 30-line help and nothing done.
fn app_with(progress: Progress) -> App {
    let mut app = App::new(roadmap(), progress);
    app.set_lang(Lang::En, false);
    app.set_help_len(30);
    assert_eq!(app.update(Action::Fit(fit(20)), NOW), Effect::None);
    app
}

fn app() -> App {
    app_with(Progress::default())
}

/// The cursor as (task number, track id).
fn at(app: &App) -> (TaskId, &str) {
    (app.roadmap.task(app.cursor.pos).id, app.cursor_track_id())
}

fn put(app: &mut App, pos: TaskPos, track: usize) {
    app.cursor = Cursor { pos, track };
}

fn message(app: &App) -> &str {
    app.message.as_ref().map_or("", |m| m.text.as_str())
}

fn key(c: char) -> Action {
    Action::Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        assert_eq!(app.update(key(c), NOW), Effect::None);
    }
}

/// Progress with these (task, track) cells done.
fn done(cells: &[(TaskId, &str)]) -> Progress {
    let mut p = Progress::default();
    for (task, track) in cells {
        p.set_status(*task, track, Status::Done, NOW);
    }
    p
}

#[test]
fn up_and_down_move_over_tasks_skipping_level_headers_and_stop_at_the_ends() {
    let mut app = app();
    assert_eq!(app.update(Action::Up, NOW), Effect::None);
    assert_eq!(at(&app), (10, "py"));
    for want in [11, 12, 20, 21, 22, 22] {
        assert_eq!(app.update(Action::Down, NOW), Effect::None);
        assert_eq!(at(&app).0, want);
    }
    for want in [21, 20, 12] {
        app.update(Action::Up, NOW);
        assert_eq!(at(&app).0, want);
    }
}

#[test]
fn left_and_right_move_over_tracks_and_stop_at_the_ends() {
    let mut app = app();
    assert_eq!(app.update(Action::Left, NOW), Effect::None);
    assert_eq!(at(&app).1, "py");
    assert_eq!(app.update(Action::Right, NOW), Effect::None);
    assert_eq!(at(&app).1, "rs");
    app.update(Action::Right, NOW);
    assert_eq!(at(&app).1, "rs");
    app.update(Action::Left, NOW);
    assert_eq!(at(&app).1, "py");
}

#[test]
fn page_down_and_up_move_a_screenful_less_one_row() {
    let mut app = app();
    // Rows: One, 10, 11, 12, Two, 20, 21, 22; three rows on screen make a page of two.
    app.update(Action::Fit(fit(3)), NOW);
    assert_eq!(app.update(Action::PageDown, NOW), Effect::None);
    assert_eq!(at(&app).0, 12);
    app.update(Action::PageDown, NOW);
    assert_eq!(at(&app).0, 20);
    assert!(app.scroll <= app.cursor_row() && app.cursor_row() < app.scroll + 3);
    assert_eq!(app.update(Action::PageUp, NOW), Effect::None);
    assert_eq!(at(&app).0, 12);
}

#[test]
fn first_and_last_go_to_the_ends() {
    let mut app = app();
    assert_eq!(app.update(Action::Last, NOW), Effect::None);
    assert_eq!(at(&app).0, 22);
    assert_eq!(app.update(Action::First, NOW), Effect::None);
    assert_eq!(at(&app).0, 10);
}

#[test]
fn next_and_previous_level_go_to_a_levels_first_task_and_wrap() {
    let mut app = app();
    put(&mut app, 1, 0);
    assert_eq!(app.update(Action::NextLevel, NOW), Effect::None);
    assert_eq!(at(&app).0, 20);
    app.update(Action::NextLevel, NOW);
    assert_eq!(at(&app).0, 10);
    assert_eq!(app.update(Action::PrevLevel, NOW), Effect::None);
    assert_eq!(at(&app).0, 20);
}

#[test]
fn jump_level_goes_to_that_level_and_ignores_one_that_does_not_exist() {
    let mut app = app();
    assert_eq!(app.update(Action::JumpLevel(1), NOW), Effect::None);
    assert_eq!(at(&app).0, 20);
    app.update(Action::JumpLevel(0), NOW);
    assert_eq!(at(&app).0, 10);
    app.update(Action::JumpLevel(7), NOW);
    assert_eq!(at(&app).0, 10);
}

#[test]
fn toggle_done_checks_and_unchecks_the_cursor_cell_and_asks_for_a_save() {
    let mut app = app();
    put(&mut app, 3, 1);
    assert_eq!(app.update(Action::ToggleDone, NOW), Effect::Save);
    assert_eq!(app.progress.status(20, "rs"), Status::Done);
    assert_eq!(
        app.progress
            .cell(20, "rs")
            .and_then(|c| c.done_at.as_deref()),
        Some(NOW)
    );
    assert_eq!(app.stats.total_done(), 1);
    assert_eq!(
        app.progress.cells().count(),
        1,
        "only the cursor cell changed"
    );
    assert_eq!(app.update(Action::ToggleDone, LATER), Effect::Save);
    assert_eq!(app.progress.status(20, "rs"), Status::Todo);
    assert_eq!(app.stats.total_done(), 0);
}

#[test]
fn toggle_in_progress_starts_and_stops_and_a_done_cell_goes_in_progress() {
    let mut app = app_with(done(&[(10, "py")]));
    assert_eq!(app.update(Action::ToggleInProgress, NOW), Effect::Save);
    assert_eq!(app.progress.status(10, "py"), Status::InProgress);
    assert_eq!(app.update(Action::ToggleInProgress, NOW), Effect::Save);
    assert_eq!(app.progress.status(10, "py"), Status::Todo);
    // In progress, then Space: done.
    app.update(Action::ToggleInProgress, NOW);
    assert_eq!(app.update(Action::ToggleDone, NOW), Effect::Save);
    assert_eq!(app.progress.status(10, "py"), Status::Done);
}

#[test]
fn a_note_is_typed_pasted_and_saved_with_confirm() {
    let mut app = app();
    put(&mut app, 4, 1);
    assert_eq!(app.update(Action::EditNote, NOW), Effect::None);
    assert!(matches!(
        app.mode,
        Mode::EditNote {
            task: 21,
            track: 1,
            ..
        }
    ));
    type_text(&mut app, "hi");
    let enter = Action::Input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(app.update(enter, NOW), Effect::None);
    // Control characters are dropped from a paste; its line breaks are kept.
    assert_eq!(
        app.update(Action::Paste("a\r\nb\u{1b}[2J".into()), NOW),
        Effect::None
    );
    assert_eq!(
        app.progress.note(21, "rs"),
        None,
        "nothing saved before confirm"
    );
    assert_eq!(app.update(Action::Confirm, NOW), Effect::Save);
    assert_eq!(app.mode, Mode::Grid);
    assert_eq!(app.progress.note(21, "rs"), Some("hi\na\nb[2J"));
    // Confirming the same text again changes nothing.
    app.update(Action::EditNote, NOW);
    assert_eq!(app.update(Action::Confirm, NOW), Effect::None);
}

#[test]
fn close_leaves_the_note_editor_without_saving_and_quit_quits_from_it() {
    let mut app = app();
    app.update(Action::EditNote, NOW);
    type_text(&mut app, "draft");
    // A changed note is not thrown away by one Esc: the first asks, the second discards.
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert!(matches!(app.mode, Mode::EditNote { .. }), "{:?}", app.mode);
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert_eq!(app.mode, Mode::Grid);
    assert_eq!(app.progress.note(10, "py"), None);
    app.update(Action::EditNote, NOW);
    assert_eq!(app.update(Action::Quit, NOW), Effect::Quit);
}

#[test]
fn undo_and_redo_restore_the_cell_move_the_cursor_to_it_and_ask_for_a_save() {
    let mut app = app();
    put(&mut app, 5, 1);
    app.update(Action::ToggleDone, NOW);
    put(&mut app, 0, 0);
    assert_eq!(app.update(Action::Undo, NOW), Effect::Save);
    assert_eq!(app.progress.status(22, "rs"), Status::Todo);
    assert_eq!(at(&app), (22, "rs"));
    assert_eq!(message(&app), "Undone: task 22 × Rs done → todo");
    put(&mut app, 0, 0);
    assert_eq!(app.update(Action::Redo, NOW), Effect::Save);
    assert_eq!(app.progress.status(22, "rs"), Status::Done);
    assert_eq!(at(&app), (22, "rs"));
    assert_eq!(message(&app), "Redone: task 22 × Rs todo → done");
}

#[test]
fn undo_and_redo_with_nothing_to_do_say_so_and_save_nothing() {
    let mut app = app();
    assert_eq!(app.update(Action::Undo, NOW), Effect::None);
    assert_eq!(message(&app), "Nothing to undo");
    assert_eq!(app.update(Action::Redo, NOW), Effect::None);
    assert_eq!(message(&app), "Nothing to redo");
    assert_eq!(app.progress, Progress::default());
}

#[test]
fn search_moves_to_matches_as_it_is_typed_and_confirm_keeps_it() {
    let mut app = app();
    put(&mut app, 1, 0);
    assert_eq!(app.update(Action::OpenSearch, NOW), Effect::None);
    assert!(matches!(app.mode, Mode::Search { .. }));
    type_text(&mut app, "SERV");
    // Case is ignored; the first match after where the search started.
    assert_eq!(at(&app).0, 20);
    assert_eq!(
        app.search.as_ref().map(|s| s.matches.clone()),
        Some(vec![0, 3])
    );
    assert_eq!(app.update(Action::Confirm, NOW), Effect::None);
    assert_eq!(app.mode, Mode::Grid);
    assert_eq!(app.update(Action::SearchNext, NOW), Effect::None);
    assert_eq!(at(&app).0, 10, "wraps to the first match");
    assert_eq!(app.update(Action::SearchPrev, NOW), Effect::None);
    assert_eq!(at(&app).0, 20, "wraps back to the last");
    assert!(app.is_match(3) && !app.is_match(1));
}

#[test]
fn close_clears_the_search_and_puts_the_cursor_back() {
    let mut app = app();
    put(&mut app, 1, 0);
    app.update(Action::OpenSearch, NOW);
    assert_eq!(app.update(Action::Paste("cache".into()), NOW), Effect::None);
    assert_eq!(at(&app).0, 21);
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert_eq!(app.search, None);
    assert_eq!(at(&app).0, 11);
    assert_eq!(app.mode, Mode::Grid);
}

#[test]
fn search_next_without_a_search_says_how_to_search() {
    let mut app = app();
    assert_eq!(app.update(Action::SearchNext, NOW), Effect::None);
    assert_eq!(message(&app), "No search: press / to search");
    assert_eq!(at(&app).0, 10);
}

#[test]
fn a_search_that_finds_nothing_leaves_the_cursor_where_it_started() {
    let mut app = app();
    put(&mut app, 2, 0);
    app.update(Action::OpenSearch, NOW);
    type_text(&mut app, "zzz");
    assert_eq!(at(&app).0, 12);
    app.update(Action::Confirm, NOW);
    app.update(Action::SearchNext, NOW);
    assert_eq!(message(&app), "No match shown");
}

#[test]
fn cycle_filter_goes_all_then_not_done_then_gap_in_the_cursors_track() {
    let mut app = app_with(done(&[(10, "py"), (11, "py"), (11, "rs")]));
    put(&mut app, 0, 1);
    let shown = |app: &App| -> Vec<TaskId> {
        app.rows()
            .iter()
            .filter_map(|r| match r {
                Row::Task(p) => Some(app.roadmap.task(*p).id),
                Row::Level(_) => None,
            })
            .collect()
    };
    assert_eq!(app.update(Action::CycleFilter, NOW), Effect::None);
    assert_eq!(app.filter, Filter::NotDone(1));
    assert_eq!(shown(&app), vec![10, 12, 20, 21, 22]);
    app.update(Action::CycleFilter, NOW);
    assert_eq!(app.filter, Filter::Gap(1));
    assert_eq!(shown(&app), vec![10], "done in py, not in rs");
    assert_eq!(app.shown_in_level(1).0, 0);
    app.update(Action::CycleFilter, NOW);
    assert_eq!(app.filter, Filter::All);
    assert_eq!(shown(&app), IDS.to_vec());
}

#[test]
fn next_todo_goes_to_the_first_open_cell_of_the_track_in_reading_order() {
    // As `roadmap-tui next` lists them: the first open cell, wherever the cursor is.
    let mut app = app_with(done(&[(10, "py"), (11, "py")]));
    assert_eq!(app.update(Action::NextTodo, NOW), Effect::None);
    assert_eq!(at(&app).0, 12);
    put(&mut app, 5, 0);
    app.update(Action::NextTodo, NOW);
    assert_eq!(at(&app).0, 12);
}

#[test]
fn next_todo_in_a_finished_track_says_so() {
    let cells: Vec<(TaskId, &str)> = IDS.iter().map(|&t| (t, "rs")).collect();
    let mut app = app_with(done(&cells));
    put(&mut app, 2, 1);
    assert_eq!(app.update(Action::NextTodo, NOW), Effect::None);
    assert_eq!(message(&app), "Nothing left in Rs ✔");
    assert_eq!(at(&app).0, 12);
}

#[test]
fn toggle_detail_and_set_detail_open_and_close_the_pane() {
    let mut app = app();
    assert_eq!(app.update(Action::SetDetail(true), NOW), Effect::None);
    assert!(app.detail_open);
    assert_eq!(app.update(Action::ToggleDetail, NOW), Effect::None);
    assert!(!app.detail_open);
    app.update(Action::ToggleDetail, NOW);
    assert!(app.detail_open);
    app.update(Action::SetDetail(false), NOW);
    assert!(!app.detail_open);
}

#[test]
fn the_overview_opens_on_the_cursors_level_and_choose_jumps_there() {
    let mut app = app();
    put(&mut app, 4, 1);
    assert_eq!(app.update(Action::OpenOverview, NOW), Effect::None);
    assert_eq!(app.mode, Mode::Overview { level: 1, track: 1 });
    app.update(Action::Up, NOW);
    app.update(Action::Left, NOW);
    app.update(Action::Up, NOW);
    assert_eq!(app.mode, Mode::Overview { level: 0, track: 0 });
    app.update(Action::Down, NOW);
    app.update(Action::Down, NOW);
    assert_eq!(app.mode, Mode::Overview { level: 1, track: 0 });
    assert_eq!(app.update(Action::Choose, NOW), Effect::None);
    assert_eq!(app.mode, Mode::Grid);
    assert_eq!(at(&app), (20, "py"));
}

#[test]
fn a_click_on_an_overview_cell_jumps_there_and_close_goes_back() {
    let mut app = app();
    app.update(Action::OpenOverview, NOW);
    assert_eq!(
        app.update(Action::ClickOverview { level: 1, track: 1 }, NOW),
        Effect::None
    );
    assert_eq!(app.mode, Mode::Grid);
    assert_eq!(at(&app), (20, "rs"));
    app.update(Action::OpenOverview, NOW);
    // A click outside the matrix does nothing.
    app.update(Action::ClickOverview { level: 9, track: 0 }, NOW);
    assert_eq!(app.mode, Mode::Overview { level: 1, track: 1 });
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert_eq!(app.mode, Mode::Grid);
    assert_eq!(at(&app), (20, "rs"));
    app.update(Action::OpenOverview, NOW);
    assert_eq!(app.update(Action::ToggleHelp, NOW), Effect::None);
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
    app.update(Action::OpenOverview, NOW);
    assert_eq!(app.update(Action::Quit, NOW), Effect::Quit);
}

#[test]
fn choosing_a_level_the_filter_hides_shows_every_task_again() {
    let cells: Vec<(TaskId, &str)> = [20, 21, 22].iter().map(|&t| (t, "py")).collect();
    let mut app = app_with(done(&cells));
    app.update(Action::CycleFilter, NOW);
    assert_eq!(app.filter, Filter::NotDone(0));
    app.update(Action::OpenOverview, NOW);
    app.update(Action::ClickOverview { level: 1, track: 0 }, NOW);
    assert_eq!(app.filter, Filter::All);
    assert_eq!(at(&app), (20, "py"));
}

#[test]
fn help_opens_scrolls_within_its_length_and_closes() {
    let mut app = app();
    assert_eq!(app.update(Action::ToggleHelp, NOW), Effect::None);
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
    app.update(Action::Down, NOW);
    app.update(Action::Scroll(3), NOW);
    assert_eq!(app.mode, Mode::Help { scroll: 4 });
    app.update(Action::Up, NOW);
    assert_eq!(app.mode, Mode::Help { scroll: 3 });
    // 30 lines, 10 on screen: 20 at most.
    app.update(Action::Last, NOW);
    assert_eq!(app.mode, Mode::Help { scroll: 20 });
    app.update(Action::PageDown, NOW);
    assert_eq!(app.mode, Mode::Help { scroll: 20 });
    app.update(Action::PageUp, NOW);
    assert_eq!(app.mode, Mode::Help { scroll: 10 });
    app.update(Action::First, NOW);
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
    assert_eq!(app.update(Action::ToggleHelp, NOW), Effect::None);
    assert_eq!(app.mode, Mode::Grid);
    app.update(Action::ToggleHelp, NOW);
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert_eq!(app.mode, Mode::Grid);
    app.update(Action::ToggleHelp, NOW);
    assert_eq!(app.update(Action::Quit, NOW), Effect::Quit);
}

#[test]
fn a_smaller_screen_pulls_the_help_scroll_back_in_range() {
    let mut app = app();
    app.update(Action::ToggleHelp, NOW);
    app.update(Action::Last, NOW);
    app.update(
        Action::Fit(ScreenFit {
            rows: 20,
            help_rows: 25,
            too_small: false,
            overview_view: 20,
            overview_len: 20,
            overview_levels: (2, 1),
        }),
        NOW,
    );
    assert_eq!(app.mode, Mode::Help { scroll: 5 });
}

#[test]
fn toggle_lang_switches_the_interface_language_and_remembers_it() {
    let mut app = app();
    assert_eq!(app.update(Action::ToggleLang, NOW), Effect::Save);
    assert_eq!(app.lang, Lang::Es);
    assert_eq!(app.progress.settings.lang(), Some(Lang::Es));
    assert_eq!(app.update(Action::ToggleLang, NOW), Effect::Save);
    assert_eq!(app.lang, Lang::En);
    assert_eq!(app.progress.settings.lang(), Some(Lang::En));
}

#[test]
fn the_tracks_screen_opens_on_the_cursors_track_and_moves_it() {
    let mut app = app();
    put(&mut app, 0, 1);
    assert_eq!(app.update(Action::OpenTracks, NOW), Effect::None);
    assert_eq!(app.mode, Mode::Tracks { selected: 1 });
    assert_eq!(app.update(Action::MoveTrackUp, NOW), Effect::Save);
    assert_eq!(app.mode, Mode::Tracks { selected: 0 });
    let ids: Vec<&str> = app.roadmap.tracks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["rs", "py"]);
    assert_eq!(at(&app).1, "rs", "the cursor stays on its track");
    // Already first: nothing to move, nothing to save.
    assert_eq!(app.update(Action::MoveTrackUp, NOW), Effect::None);
    assert_eq!(app.update(Action::MoveTrackDown, NOW), Effect::Save);
    let ids: Vec<&str> = app.roadmap.tracks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["py", "rs"]);
    app.update(Action::Up, NOW);
    assert_eq!(app.mode, Mode::Tracks { selected: 0 });
    app.update(Action::Last, NOW);
    assert_eq!(app.mode, Mode::Tracks { selected: 1 });
    app.update(Action::First, NOW);
    app.update(Action::Down, NOW);
    assert_eq!(app.mode, Mode::Tracks { selected: 1 });
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert_eq!(app.mode, Mode::Grid);
}

#[test]
fn hiding_a_track_takes_it_out_of_the_grid_but_never_the_last_one() {
    let mut app = app_with(done(&[(10, "rs")]));
    app.update(Action::OpenTracks, NOW);
    assert_eq!(app.update(Action::ToggleTrackHidden, NOW), Effect::Save);
    assert_eq!(app.roadmap.tracks.len(), 1);
    assert_eq!(app.cursor_track_id(), "rs");
    assert_eq!(app.stats.total_cells(), 6);
    assert_eq!(app.progress.status(10, "rs"), Status::Done, "progress kept");
    app.update(Action::Down, NOW);
    assert_eq!(app.update(Action::ToggleTrackHidden, NOW), Effect::None);
    assert!(app.message.as_ref().is_some_and(|m| m.is_error));
    assert_eq!(app.roadmap.tracks.len(), 1);
    app.update(Action::Up, NOW);
    assert_eq!(app.update(Action::ToggleTrackHidden, NOW), Effect::Save);
    assert_eq!(app.roadmap.tracks.len(), 2);
    assert_eq!(app.all_tracks().len(), 2);
}

#[test]
fn a_track_is_added_by_typing_its_id_and_name() {
    let mut app = app();
    app.update(Action::OpenTracks, NOW);
    assert_eq!(app.update(Action::AddTrack, NOW), Effect::None);
    assert!(matches!(app.mode, Mode::AddTrack { .. }));
    type_text(&mut app, "go");
    // An id alone is not enough.
    assert_eq!(app.update(Action::Confirm, NOW), Effect::None);
    assert!(matches!(app.mode, Mode::AddTrack { .. }));
    assert!(app.message.as_ref().is_some_and(|m| m.is_error));
    app.update(Action::Paste(" Go lang".into()), NOW);
    assert_eq!(app.update(Action::Confirm, NOW), Effect::Save);
    assert_eq!(app.mode, Mode::Tracks { selected: 2 });
    assert_eq!(message(&app), "Added go");
    let go = app.roadmap.track_index("go").expect("go is shown");
    assert_eq!(app.roadmap.tracks[go].name, "Go lang");
    assert_eq!(app.stats.total_cells(), 18);
}

#[test]
fn a_bad_track_id_is_refused_and_close_goes_back_to_the_list() {
    let mut app = app();
    app.update(Action::OpenTracks, NOW);
    app.update(Action::AddTrack, NOW);
    type_text(&mut app, "Py Python");
    assert_eq!(app.update(Action::Confirm, NOW), Effect::None);
    assert!(app.message.as_ref().is_some_and(|m| m.is_error));
    assert_eq!(app.roadmap.tracks.len(), 2);
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert_eq!(app.mode, Mode::Tracks { selected: 0 });
    app.update(Action::AddTrack, NOW);
    assert_eq!(app.update(Action::Quit, NOW), Effect::Quit);
    app.update(Action::OpenTracks, NOW);
    assert_eq!(app.update(Action::Quit, NOW), Effect::Quit);
}

#[test]
fn fit_sets_the_viewport_and_keeps_the_cursor_in_view() {
    let mut app = app();
    app.update(Action::Last, NOW);
    assert_eq!(app.update(Action::Fit(fit(2)), NOW), Effect::None);
    assert_eq!(app.viewport, 2);
    assert!(app.scroll <= app.cursor_row() && app.cursor_row() < app.scroll + 2);
    assert_eq!(app.help_rows, 10);
}

#[test]
fn on_a_screen_too_small_only_quit_does_anything() {
    let mut app = app();
    let small = ScreenFit {
        rows: 1,
        help_rows: 1,
        too_small: true,
        overview_view: 1,
        overview_len: 20,
        overview_levels: (2, 1),
    };
    app.update(Action::Fit(small), NOW);
    assert!(app.too_small);
    for action in [
        Action::ToggleDone,
        Action::Down,
        Action::ToggleHelp,
        Action::OpenTracks,
        Action::ToggleLang,
    ] {
        assert_eq!(app.update(action, NOW), Effect::None);
    }
    assert_eq!(app.progress, Progress::default());
    assert_eq!(app.mode, Mode::Grid);
    assert_eq!(at(&app).0, 10);
    assert_eq!(app.update(Action::Quit, NOW), Effect::Quit);
    // What the loop learns still gets through.
    app.update(Action::SaveFailed("disk full".into()), NOW);
    assert_eq!(message(&app), "disk full");
}

#[test]
fn today_sets_the_date() {
    let mut app = app();
    let day = jiff::civil::date(2027, 3, 4);
    assert_eq!(app.update(Action::Today(day), NOW), Effect::None);
    assert_eq!(app.today, day);
}

#[test]
fn from_disk_takes_in_the_progress_counts_the_cells_and_forgets_their_undo_steps() {
    let mut app = app();
    put(&mut app, 1, 1);
    app.update(Action::ToggleDone, NOW);
    put(&mut app, 0, 0);
    app.update(Action::ToggleDone, NOW);
    let mut theirs = app.progress.clone();
    theirs.set_status(11, "rs", Status::InProgress, LATER);
    theirs.set_status(22, "py", Status::Done, LATER);
    let cells = vec![
        ("11".to_owned(), "rs".to_owned()),
        ("22".to_owned(), "py".to_owned()),
    ];
    let effect = app.update(
        Action::FromDisk {
            progress: Box::new(theirs.clone()),
            cells,
        },
        NOW,
    );
    assert_eq!(effect, Effect::None);
    assert_eq!(app.progress, theirs);
    assert_eq!(app.stats.total_done(), 2);
    assert_eq!(message(&app), "2 cells updated from disk");
    assert_eq!(at(&app), (10, "py"), "the cursor stays");
    // The step on 11 × rs was dropped; undo reverts ours on 10 × py, then has nothing left.
    assert_eq!(app.update(Action::Undo, NOW), Effect::Save);
    assert_eq!(app.progress.status(10, "py"), Status::Todo);
    assert_eq!(app.update(Action::Undo, NOW), Effect::None);
    assert_eq!(app.progress.status(11, "rs"), Status::InProgress);
}

#[test]
fn from_disk_with_the_same_cells_says_nothing() {
    let mut app = app();
    let same = app.progress.clone();
    app.update(
        Action::FromDisk {
            progress: Box::new(same),
            cells: vec![("10".to_owned(), "py".to_owned())],
        },
        NOW,
    );
    assert_eq!(app.message, None);
}

#[test]
fn from_disk_follows_a_language_chosen_elsewhere_and_keeps_an_open_editor() {
    let mut app = app();
    app.update(Action::EditNote, NOW);
    type_text(&mut app, "mine");
    let mut theirs = Progress::default();
    theirs.settings.set_lang(Lang::Es);
    theirs.set_status(12, "rs", Status::Done, LATER);
    app.update(
        Action::FromDisk {
            progress: Box::new(theirs),
            cells: vec![("12".to_owned(), "rs".to_owned())],
        },
        NOW,
    );
    assert_eq!(app.lang, Lang::Es);
    assert!(matches!(&app.mode, Mode::EditNote { field, .. } if field.text() == "mine"));
    assert_eq!(app.update(Action::Confirm, NOW), Effect::Save);
    assert_eq!(app.progress.note(10, "py"), Some("mine"));
    assert_eq!(app.progress.status(12, "rs"), Status::Done);
}

#[test]
fn save_failed_shows_an_error_that_saved_clears() {
    let mut app = app();
    assert_eq!(
        app.update(Action::SaveFailed("could not save: disk full".into()), NOW),
        Effect::None
    );
    assert_eq!(
        app.message,
        Some(Message {
            text: "could not save: disk full".into(),
            is_error: true
        })
    );
    assert_eq!(app.update(Action::Saved, NOW), Effect::None);
    assert_eq!(app.message, None);
    // A message that is not an error stays.
    app.notify("hello");
    app.update(Action::Saved, NOW);
    assert_eq!(message(&app), "hello");
}

#[test]
fn conflict_copies_name_the_first_and_count_the_others() {
    let mut app = app();
    assert_eq!(
        app.update(Action::ConflictCopies(vec![]), NOW),
        Effect::None
    );
    assert_eq!(app.message, None);
    app.update(
        Action::ConflictCopies(vec!["a.json".into(), "b\u{1b}.json".into()]),
        NOW,
    );
    assert_eq!(
        message(&app),
        "Conflicting copy from a sync tool: take it in with roadmap-tui merge --from a.json (+1 more)"
    );
    app.update(Action::ConflictCopies(vec!["b\u{1b}[2J.json".into()]), NOW);
    assert!(
        message(&app).ends_with("--from b[2J.json"),
        "{}",
        message(&app)
    );
}

#[test]
fn a_click_moves_to_a_cell_and_a_click_on_the_cursor_cell_checks_it() {
    let mut app = app();
    let click = |pos, track| Action::ClickCell { pos, track };
    assert_eq!(app.update(click(4, Some(1)), NOW), Effect::None);
    assert_eq!(at(&app), (21, "rs"));
    assert_eq!(app.progress, Progress::default());
    assert_eq!(app.update(click(4, Some(1)), NOW), Effect::Save);
    assert_eq!(app.progress.status(21, "rs"), Status::Done);
    // On the task's text: the row, the same track.
    assert_eq!(app.update(click(2, None), NOW), Effect::None);
    assert_eq!(at(&app), (12, "rs"));
    assert_eq!(app.update(click(2, None), NOW), Effect::None);
    // A track that does not exist is ignored.
    app.update(click(0, Some(9)), NOW);
    assert_eq!(at(&app), (10, "rs"));
}

#[test]
fn scroll_moves_the_cursor_by_rows_in_the_grid() {
    let mut app = app();
    assert_eq!(app.update(Action::Scroll(3), NOW), Effect::None);
    // Rows: One, 10, 11, 12, Two, 20…; from 10, three rows down lands on the header Two,
    // and the cursor goes on to its first task.
    assert_eq!(at(&app).0, 20);
    app.update(Action::Scroll(-1), NOW);
    assert_eq!(at(&app).0, 12);
    app.update(Action::Scroll(-9), NOW);
    assert_eq!(at(&app).0, 10);
}

#[test]
fn scroll_in_the_overview_moves_a_level_at_a_time() {
    let mut app = app();
    app.update(Action::OpenOverview, NOW);
    app.update(Action::Scroll(5), NOW);
    assert_eq!(app.mode, Mode::Overview { level: 1, track: 0 });
    app.update(Action::Scroll(-3), NOW);
    assert_eq!(app.mode, Mode::Overview { level: 0, track: 0 });
}

#[test]
fn quit_quits_from_the_grid_and_from_the_search() {
    let mut app = app();
    assert_eq!(app.update(Action::Quit, NOW), Effect::Quit);
    app.update(Action::OpenSearch, NOW);
    assert_eq!(app.update(Action::Quit, NOW), Effect::Quit);
}

#[test]
fn close_in_the_grid_clears_the_message_then_the_search_then_the_detail_pane() {
    let mut app = app();
    app.update(Action::SetDetail(true), NOW);
    app.update(Action::OpenSearch, NOW);
    type_text(&mut app, "scale");
    app.update(Action::Confirm, NOW);
    app.notify("something");
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert_eq!(app.message, None);
    assert!(app.search.is_some());
    app.update(Action::Close, NOW);
    assert_eq!(app.search, None);
    assert!(app.detail_open);
    app.update(Action::Close, NOW);
    assert!(!app.detail_open);
    assert_eq!(app.mode, Mode::Grid);
}

#[test]
fn actions_meant_for_other_screens_do_nothing_in_the_grid() {
    let mut app = app();
    let before = (app.cursor, app.progress.clone());
    for action in [
        Action::MoveTrackUp,
        Action::MoveTrackDown,
        Action::ToggleTrackHidden,
        Action::AddTrack,
        Action::Choose,
        Action::Confirm,
        key('x'),
        Action::Paste("text".into()),
        Action::ClickOverview { level: 1, track: 1 },
    ] {
        assert_eq!(app.update(action.clone(), NOW), Effect::None, "{action:?}");
        assert_eq!(app.mode, Mode::Grid, "{action:?}");
    }
    assert_eq!((app.cursor, app.progress.clone()), before);
}
