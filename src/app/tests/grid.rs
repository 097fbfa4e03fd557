//! Moving, marking, notes, undo, search, filters and clicks on the grid.

use pretty_assertions::assert_eq;

use super::*;

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
    app.update(Fact::Fit(fit(3)), NOW);
    assert_eq!(app.update(Action::PageDown, NOW), Effect::None);
    assert_eq!(at(&app).0, 12);
    app.update(Action::PageDown, NOW);
    assert_eq!(at(&app).0, 20);
    assert!(app.scroll() <= app.cursor_row() && app.cursor_row() < app.scroll() + 3);
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
    assert_eq!(app.progress().status(20, "rs"), Status::Done);
    assert_eq!(
        app.progress()
            .cell(20, "rs")
            .and_then(|c| c.done_at.as_deref()),
        Some(NOW)
    );
    assert_eq!(app.stats().total_done(), 1);
    assert_eq!(
        app.progress().cells().count(),
        1,
        "only the cursor cell changed"
    );
    assert_eq!(app.update(Action::ToggleDone, LATER), Effect::Save);
    assert_eq!(app.progress().status(20, "rs"), Status::Todo);
    assert_eq!(app.stats().total_done(), 0);
}

#[test]
fn toggle_in_progress_starts_and_stops_and_a_done_cell_goes_in_progress() {
    let mut app = app_with(done(&[(10, "py")]));
    assert_eq!(app.update(Action::ToggleInProgress, NOW), Effect::Save);
    assert_eq!(app.progress().status(10, "py"), Status::InProgress);
    assert_eq!(app.update(Action::ToggleInProgress, NOW), Effect::Save);
    assert_eq!(app.progress().status(10, "py"), Status::Todo);
    // In progress, then Space: done.
    app.update(Action::ToggleInProgress, NOW);
    assert_eq!(app.update(Action::ToggleDone, NOW), Effect::Save);
    assert_eq!(app.progress().status(10, "py"), Status::Done);
}

#[test]
fn a_note_is_typed_pasted_and_saved_with_confirm() {
    let mut app = app();
    put(&mut app, 4, 1);
    assert_eq!(app.update(Action::EditNote, NOW), Effect::None);
    assert!(matches!(
        app.mode(),
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
        app.progress().note(21, "rs"),
        None,
        "nothing saved before confirm"
    );
    assert_eq!(app.update(Action::Confirm, NOW), Effect::Save);
    assert_eq!(*app.mode(), Mode::Grid);
    assert_eq!(app.progress().note(21, "rs"), Some("hi\na\nb[2J"));
    // Confirming the same text again changes nothing.
    app.update(Action::EditNote, NOW);
    assert_eq!(app.update(Action::Confirm, NOW), Effect::None);
}

#[test]
fn a_cut_paste_lands_in_the_note_and_the_bottom_line_says_it_was_cut() {
    let mut app = app();
    // On the grid a paste goes nowhere, so there is nothing to say.
    assert_eq!(
        app.update(Action::CutPaste("lost".into()), NOW),
        Effect::None
    );
    assert_eq!(message(&app), "");
    app.update(Action::EditNote, NOW);
    assert_eq!(
        app.update(Action::CutPaste("half a pasté".into()), NOW),
        Effect::None
    );
    assert_eq!(message(&app), "Paste cut at 12 characters");
    let Mode::EditNote { field, .. } = app.mode() else {
        panic!("the editor closed: {:?}", app.mode());
    };
    assert_eq!(field.text(), "half a pasté");
    // The next key clears the word and types as usual.
    type_text(&mut app, "!");
    assert_eq!(message(&app), "");
    assert_eq!(app.update(Action::Confirm, NOW), Effect::Save);
    assert_eq!(app.progress().note(10, "py"), Some("half a pasté!"));
}

#[test]
fn close_leaves_the_note_editor_without_saving_and_quit_quits_from_it() {
    let mut app = app();
    app.update(Action::EditNote, NOW);
    type_text(&mut app, "draft");
    // A changed note is not thrown away by one Esc: the first asks, the second discards.
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert!(
        matches!(app.mode(), Mode::EditNote { .. }),
        "{:?}",
        app.mode()
    );
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert_eq!(*app.mode(), Mode::Grid);
    assert_eq!(app.progress().note(10, "py"), None);
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
    assert_eq!(app.progress().status(22, "rs"), Status::Todo);
    assert_eq!(at(&app), (22, "rs"));
    assert_eq!(message(&app), "Undone: task 22 × Rs done → todo");
    put(&mut app, 0, 0);
    assert_eq!(app.update(Action::Redo, NOW), Effect::Save);
    assert_eq!(app.progress().status(22, "rs"), Status::Done);
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
    assert_eq!(*app.progress(), Progress::default());
}

#[test]
fn search_moves_to_matches_as_it_is_typed_and_confirm_keeps_it() {
    let mut app = app();
    put(&mut app, 1, 0);
    assert_eq!(app.update(Action::OpenSearch, NOW), Effect::None);
    assert!(matches!(app.mode(), Mode::Search { .. }));
    type_text(&mut app, "SERV");
    // Case is ignored; the first match after where the search started.
    assert_eq!(at(&app).0, 20);
    assert_eq!(app.search().map(|s| s.matches.clone()), Some(vec![0, 3]));
    assert_eq!(app.update(Action::Confirm, NOW), Effect::None);
    assert_eq!(*app.mode(), Mode::Grid);
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
    assert_eq!(app.search(), None);
    assert_eq!(at(&app).0, 11);
    assert_eq!(*app.mode(), Mode::Grid);
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
                Row::Task(p) => Some(app.roadmap().task(*p).id),
                Row::Level(_) => None,
            })
            .collect()
    };
    assert_eq!(app.update(Action::CycleFilter, NOW), Effect::None);
    assert_eq!(app.filter(), Filter::NotDone(1));
    assert_eq!(shown(&app), vec![10, 12, 20, 21, 22]);
    app.update(Action::CycleFilter, NOW);
    assert_eq!(app.filter(), Filter::Gap(1));
    assert_eq!(shown(&app), vec![10], "done in py, not in rs");
    assert_eq!(app.shown_in_level(1).0, 0);
    app.update(Action::CycleFilter, NOW);
    assert_eq!(app.filter(), Filter::All);
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
    assert_eq!(app.update(Fact::SetDetail(true), NOW), Effect::None);
    assert!(app.detail_open());
    assert_eq!(app.update(Action::ToggleDetail, NOW), Effect::None);
    assert!(!app.detail_open());
    app.update(Action::ToggleDetail, NOW);
    assert!(app.detail_open());
    app.update(Fact::SetDetail(false), NOW);
    assert!(!app.detail_open());
}

#[test]
fn a_click_moves_to_a_cell_and_a_click_on_the_cursor_cell_checks_it() {
    let mut app = app();
    let click = |pos, track| Action::ClickCell { pos, track };
    assert_eq!(app.update(click(4, Some(1)), NOW), Effect::None);
    assert_eq!(at(&app), (21, "rs"));
    assert_eq!(*app.progress(), Progress::default());
    assert_eq!(app.update(click(4, Some(1)), NOW), Effect::Save);
    assert_eq!(app.progress().status(21, "rs"), Status::Done);
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
    assert_eq!(*app.mode(), Mode::Overview { level: 1, track: 0 });
    app.update(Action::Scroll(-3), NOW);
    assert_eq!(*app.mode(), Mode::Overview { level: 0, track: 0 });
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
    app.update(Fact::SetDetail(true), NOW);
    app.update(Action::OpenSearch, NOW);
    type_text(&mut app, "scale");
    app.update(Action::Confirm, NOW);
    app.notify("something");
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert_eq!(app.message(), None);
    assert!(app.search().is_some());
    app.update(Action::Close, NOW);
    assert_eq!(app.search(), None);
    assert!(app.detail_open());
    app.update(Action::Close, NOW);
    assert!(!app.detail_open());
    assert_eq!(*app.mode(), Mode::Grid);
}

#[test]
fn actions_meant_for_other_screens_do_nothing_in_the_grid() {
    let mut app = app();
    let before = (app.cursor(), app.progress().clone());
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
        assert_eq!(*app.mode(), Mode::Grid, "{action:?}");
    }
    assert_eq!((app.cursor(), app.progress().clone()), before);
}

#[test]
fn toggle_skip_leaves_the_cell_out_of_every_count_and_undo_brings_it_back() {
    let mut app = app_with(done(&[(10, "py")]));
    let total = app.stats().total_cells();
    put(&mut app, 1, 0);
    assert_eq!(app.update(Action::ToggleSkip, NOW), Effect::Save);
    assert_eq!(app.progress().status(11, "py"), Status::Skip);
    assert_eq!(app.stats().total_cells(), total - 1);
    assert_eq!(app.stats().total_done(), 1);
    // The level's header counts in the grid: one cell fewer in "py", as many in "rs".
    assert_eq!(app.shown_in_level(0).1, &[(1, 2), (0, 3)]);
    // What next: never the skipped cell, nor a done one.
    put(&mut app, 0, 0);
    app.update(Action::NextTodo, NOW);
    assert_eq!(at(&app), (12, "py"));
    // The "not done here" filter leaves it out too.
    app.update(Action::CycleFilter, NOW);
    assert!(!app.filter().shows(app.roadmap(), app.progress(), 11));
    app.update(Action::CycleFilter, NOW);
    app.update(Action::CycleFilter, NOW);
    assert_eq!(app.filter(), Filter::All);
    // Undo: back to todo, counted again; redo skips it again.
    assert_eq!(app.update(Action::Undo, LATER), Effect::Save);
    assert_eq!(app.progress().status(11, "py"), Status::Todo);
    assert_eq!(message(&app), "Undone: task 11 × Py skipped → todo");
    assert_eq!(app.stats().total_cells(), total);
    assert_eq!(app.update(Action::Redo, LATER), Effect::Save);
    assert_eq!(app.progress().status(11, "py"), Status::Skip);
    // The key again: back to todo. Space on a skipped cell checks it.
    assert_eq!(app.update(Action::ToggleSkip, LATER), Effect::Save);
    assert_eq!(app.progress().status(11, "py"), Status::Todo);
    app.update(Action::ToggleSkip, LATER);
    app.update(Action::ToggleDone, LATER);
    assert_eq!(app.progress().status(11, "py"), Status::Done);
    assert_eq!(app.stats().total_cells(), total);
}

#[test]
fn a_read_only_app_refuses_every_change_and_says_so() {
    let mut app = app_with(done(&[(10, "py")]));
    app.update(Fact::ReadOnly("Ana".into()), NOW);
    let before = app.progress().clone();
    for action in [
        Action::ToggleDone,
        Action::ToggleInProgress,
        Action::ToggleSkip,
        Action::Verify,
        Action::ToggleReview,
        Action::EditNote,
        Action::Undo,
        Action::Redo,
        Action::OpenTracks,
        Action::ClickCell {
            pos: app.cursor().pos,
            track: Some(app.cursor().track),
        },
    ] {
        assert_eq!(app.update(action.clone(), NOW), Effect::None, "{action:?}");
        assert_eq!(*app.mode(), Mode::Grid, "{action:?}");
        assert!(message(&app).starts_with("Read-only: Ana's"), "{action:?}");
        assert!(app.progress().same_content(&before), "{action:?}");
        app.update(Action::Close, NOW);
    }
    // The overview's goals too; moving, searching and the overview itself still work.
    app.update(Action::OpenOverview, NOW);
    assert_eq!(app.update(Action::SetGoal, NOW), Effect::None);
    assert!(message(&app).starts_with("Read-only"));
    assert!(matches!(app.mode(), Mode::Overview { .. }));
    app.update(Action::Close, NOW);
    app.update(Action::Close, NOW);
    app.update(Action::Down, NOW);
    assert_eq!(at(&app), (11, "py"));
    // The language switches, and is not remembered in their file.
    assert_eq!(app.update(Action::ToggleLang, NOW), Effect::None);
    assert_eq!(app.lang(), Lang::Es);
    assert!(app.progress().same_content(&before));
    assert_eq!(app.progress().settings.lang(), before.settings.lang());
}
