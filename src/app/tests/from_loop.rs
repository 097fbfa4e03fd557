//! What the loop tells the app: size, date, changes from disk, saves, conflicting copies.

use pretty_assertions::assert_eq;

use super::*;

#[test]
fn fit_sets_the_viewport_and_keeps_the_cursor_in_view() {
    let mut app = app();
    app.update(Action::Last, NOW);
    assert_eq!(app.update(Fact::Fit(fit(2)), NOW), Effect::None);
    assert_eq!(app.viewport(), 2);
    assert!(app.scroll() <= app.cursor_row() && app.cursor_row() < app.scroll() + 2);
    assert_eq!(app.help_rows(), 10);
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
        grid_tracks: usize::MAX,
        overview_tracks: usize::MAX,
    };
    app.update(Fact::Fit(small), NOW);
    assert!(app.too_small());
    for action in [
        Action::ToggleDone,
        Action::Down,
        Action::ToggleHelp,
        Action::OpenTracks,
        Action::ToggleLang,
    ] {
        assert_eq!(app.update(action, NOW), Effect::None);
    }
    assert_eq!(*app.progress(), Progress::default());
    assert_eq!(*app.mode(), Mode::Grid);
    assert_eq!(at(&app).0, 10);
    assert_eq!(app.update(Action::Quit, NOW), Effect::Quit);
    // What the loop learns still gets through.
    app.update(Fact::SaveFailed("disk full".into()), NOW);
    assert_eq!(message(&app), "disk full");
}

#[test]
fn today_sets_the_date() {
    let mut app = app();
    let day = jiff::civil::date(2027, 3, 4);
    assert_eq!(app.update(Fact::Today(day), NOW), Effect::None);
    assert_eq!(app.today(), day);
}

#[test]
fn from_disk_takes_in_the_progress_counts_the_cells_and_forgets_their_undo_steps() {
    let mut app = app();
    put(&mut app, 1, 1);
    app.update(Action::ToggleDone, NOW);
    put(&mut app, 0, 0);
    app.update(Action::ToggleDone, NOW);
    let mut theirs = app.progress().clone();
    theirs.set_status(11, "rs", Status::InProgress, LATER);
    theirs.set_status(22, "py", Status::Done, LATER);
    let cells = vec![
        ("11".to_owned(), "rs".to_owned()),
        ("22".to_owned(), "py".to_owned()),
    ];
    let effect = app.update(
        Fact::FromDisk {
            progress: Box::new(theirs.clone()),
            cells,
        },
        NOW,
    );
    assert_eq!(effect, Effect::None);
    assert_eq!(*app.progress(), theirs);
    assert_eq!(app.stats().total_done(), 2);
    assert_eq!(message(&app), "2 cells updated from disk");
    assert_eq!(at(&app), (10, "py"), "the cursor stays");
    // The step on 11 × rs was dropped; undo reverts ours on 10 × py, then has nothing left.
    assert_eq!(app.update(Action::Undo, NOW), Effect::Save);
    assert_eq!(app.progress().status(10, "py"), Status::Todo);
    assert_eq!(app.update(Action::Undo, NOW), Effect::None);
    assert_eq!(app.progress().status(11, "rs"), Status::InProgress);
}

#[test]
fn from_disk_with_the_same_cells_says_nothing() {
    let mut app = app();
    let same = app.progress().clone();
    app.update(
        Fact::FromDisk {
            progress: Box::new(same),
            cells: vec![("10".to_owned(), "py".to_owned())],
        },
        NOW,
    );
    assert_eq!(app.message(), None);
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
        Fact::FromDisk {
            progress: Box::new(theirs),
            cells: vec![("12".to_owned(), "rs".to_owned())],
        },
        NOW,
    );
    assert_eq!(app.lang(), Lang::Es);
    assert!(matches!(app.mode(), Mode::EditNote { field, .. } if field.text() == "mine"));
    assert_eq!(app.update(Action::Confirm, NOW), Effect::Save);
    assert_eq!(app.progress().note(10, "py"), Some("mine"));
    assert_eq!(app.progress().status(12, "rs"), Status::Done);
}

#[test]
fn save_failed_shows_an_error_that_saved_clears() {
    let mut app = app();
    assert_eq!(
        app.update(Fact::SaveFailed("could not save: disk full".into()), NOW),
        Effect::None
    );
    let failed = SaveStatus::Failed("could not save: disk full".into());
    assert_eq!(
        app.update(Fact::SaveStatus(failed.clone()), NOW),
        Effect::None
    );
    assert_eq!(
        app.message(),
        Some(&Message {
            text: "could not save: disk full".into(),
            is_error: true
        })
    );
    assert_eq!(*app.save_status(), failed);
    assert_eq!(
        app.update(Fact::SaveStatus(SaveStatus::Saved), NOW),
        Effect::None
    );
    assert_eq!(app.message(), None);
    assert_eq!(*app.save_status(), SaveStatus::Saved);
    // A message that is not an error stays.
    app.notify("hello");
    app.update(Fact::SaveStatus(SaveStatus::Saving), NOW);
    app.update(Fact::SaveStatus(SaveStatus::Saved), NOW);
    assert_eq!(message(&app), "hello");
}

#[test]
fn conflict_copies_name_the_first_and_count_the_others() {
    let mut app = app();
    assert_eq!(app.update(Fact::ConflictCopies(vec![]), NOW), Effect::None);
    assert_eq!(app.message(), None);
    app.update(
        Fact::ConflictCopies(vec!["a.json".into(), "b\u{1b}.json".into()]),
        NOW,
    );
    assert_eq!(
        message(&app),
        "Conflicting copy from a sync tool: take it in with roadmap-tui merge --from a.json (+1 more)"
    );
    // Quoted for a shell ('[' is a pattern), and nothing that drives the terminal.
    app.update(Fact::ConflictCopies(vec!["b\u{1b}[2J.json".into()]), NOW);
    assert!(
        message(&app).ends_with("--from 'b[2J.json'"),
        "{}",
        message(&app)
    );
}

/// Ctrl-Z stops the process where the system has job control; on Windows it says why not, and
/// so does the help beside the key.
#[test]
fn suspend_is_asked_of_the_loop_only_where_the_system_can() {
    let mut app = app();
    let effect = app.update(Action::Suspend, NOW);
    let help = crate::keymap::Keymap::default()
        .help_lines()
        .into_iter()
        .find_map(|line| match line {
            crate::keymap::HelpLine::Keys { keys, help } if keys == "Ctrl-Z" => Some(help),
            _ => None,
        })
        .expect("Ctrl-Z is in the help");
    let help = help.get(crate::model::Lang::En);
    if crate::platform::CAN_SUSPEND {
        assert_eq!(effect, Effect::Suspend);
        assert!(app.message().is_none());
        assert!(help.contains("fg resumes"), "{help}");
    } else {
        assert_eq!(effect, Effect::None);
        let message = app
            .message()
            .as_ref()
            .expect("a message says why")
            .text
            .clone();
        assert!(message.contains("Windows has no suspend"), "{message}");
        // The quit key is the keymap's, which the app does not know: the message names none.
        assert!(!message.contains(" q "), "{message}");
        assert!(help.contains("not on Windows"), "{help}");
    }
}

/// Another writer changes the note while it is being edited here: the save keeps both texts
/// (this one first) and says so; with no change on disk, the typed text alone is saved.
#[test]
fn a_note_changed_on_disk_while_it_is_edited_keeps_both_texts() {
    let mut app = app();
    app.progress.set_note(10, "py", "first", NOW);
    app.update(Action::EditNote, NOW);
    type_text(&mut app, " mine");
    let mut theirs = app.progress().clone();
    theirs.set_note(10, "py", "theirs", LATER);
    app.update(
        Fact::FromDisk {
            progress: Box::new(theirs),
            cells: vec![("10".to_owned(), "py".to_owned())],
        },
        NOW,
    );
    assert_eq!(app.update(Action::Confirm, NOW), Effect::Save);
    let note = app.progress().note(10, "py").unwrap().to_owned();
    assert!(
        note.contains("mine") && note.ends_with("\n\ntheirs"),
        "{note:?}"
    );
    let message = app.message().expect("a message").text.clone();
    assert!(message.contains("both texts are kept"), "{message}");

    // Edited again, with nothing changed on disk: only what was typed.
    app.update(Action::EditNote, NOW);
    type_text(&mut app, "!");
    app.update(Action::Confirm, NOW);
    assert!(
        !app.progress()
            .note(10, "py")
            .unwrap()
            .ends_with("theirs\n\ntheirs")
    );
    assert!(app.message().is_none(), "{:?}", app.message());
}
