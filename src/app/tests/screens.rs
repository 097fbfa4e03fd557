//! The overview, the help, the interface language and the languages screen.

use pretty_assertions::assert_eq;

use super::*;

#[test]
fn the_overview_opens_on_the_cursors_level_and_choose_jumps_there() {
    let mut app = app();
    put(&mut app, 4, 1);
    assert_eq!(app.update(Action::OpenOverview, NOW), Effect::None);
    assert_eq!(*app.mode(), Mode::Overview { level: 1, track: 1 });
    app.update(Action::Up, NOW);
    app.update(Action::Left, NOW);
    app.update(Action::Up, NOW);
    assert_eq!(*app.mode(), Mode::Overview { level: 0, track: 0 });
    app.update(Action::Down, NOW);
    app.update(Action::Down, NOW);
    assert_eq!(*app.mode(), Mode::Overview { level: 1, track: 0 });
    assert_eq!(app.update(Action::Choose, NOW), Effect::None);
    assert_eq!(*app.mode(), Mode::Grid);
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
    assert_eq!(*app.mode(), Mode::Grid);
    assert_eq!(at(&app), (20, "rs"));
    app.update(Action::OpenOverview, NOW);
    // A click outside the matrix does nothing.
    app.update(Action::ClickOverview { level: 9, track: 0 }, NOW);
    assert_eq!(*app.mode(), Mode::Overview { level: 1, track: 1 });
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert_eq!(*app.mode(), Mode::Grid);
    assert_eq!(at(&app), (20, "rs"));
    app.update(Action::OpenOverview, NOW);
    assert_eq!(app.update(Action::ToggleHelp, NOW), Effect::None);
    assert_eq!(*app.mode(), Mode::Help { scroll: 0 });
    app.update(Action::OpenOverview, NOW);
    assert_eq!(app.update(Action::Quit, NOW), Effect::Quit);
}

#[test]
fn choosing_a_level_the_filter_hides_shows_every_task_again() {
    let cells: Vec<(TaskId, &str)> = [20, 21, 22].iter().map(|&t| (t, "py")).collect();
    let mut app = app_with(done(&cells));
    app.update(Action::CycleFilter, NOW);
    assert_eq!(app.filter(), Filter::NotDone(0));
    app.update(Action::OpenOverview, NOW);
    app.update(Action::ClickOverview { level: 1, track: 0 }, NOW);
    assert_eq!(app.filter(), Filter::All);
    assert_eq!(at(&app), (20, "py"));
}

#[test]
fn help_opens_scrolls_within_its_length_and_closes() {
    let mut app = app();
    assert_eq!(app.update(Action::ToggleHelp, NOW), Effect::None);
    assert_eq!(*app.mode(), Mode::Help { scroll: 0 });
    app.update(Action::Down, NOW);
    app.update(Action::Scroll(3), NOW);
    assert_eq!(*app.mode(), Mode::Help { scroll: 4 });
    app.update(Action::Up, NOW);
    assert_eq!(*app.mode(), Mode::Help { scroll: 3 });
    // 30 lines, 10 on screen: 20 at most.
    app.update(Action::Last, NOW);
    assert_eq!(*app.mode(), Mode::Help { scroll: 20 });
    app.update(Action::PageDown, NOW);
    assert_eq!(*app.mode(), Mode::Help { scroll: 20 });
    app.update(Action::PageUp, NOW);
    assert_eq!(*app.mode(), Mode::Help { scroll: 10 });
    app.update(Action::First, NOW);
    assert_eq!(*app.mode(), Mode::Help { scroll: 0 });
    assert_eq!(app.update(Action::ToggleHelp, NOW), Effect::None);
    assert_eq!(*app.mode(), Mode::Grid);
    app.update(Action::ToggleHelp, NOW);
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert_eq!(*app.mode(), Mode::Grid);
    app.update(Action::ToggleHelp, NOW);
    assert_eq!(app.update(Action::Quit, NOW), Effect::Quit);
}

#[test]
fn a_smaller_screen_pulls_the_help_scroll_back_in_range() {
    let mut app = app();
    app.update(Action::ToggleHelp, NOW);
    app.update(Action::Last, NOW);
    app.update(
        Fact::Fit(ScreenFit {
            rows: 20,
            help_rows: 25,
            too_small: false,
            overview_view: 20,
            overview_len: 20,
            overview_levels: (2, 1),
            grid_tracks: usize::MAX,
            overview_tracks: usize::MAX,
        }),
        NOW,
    );
    assert_eq!(*app.mode(), Mode::Help { scroll: 5 });
}

#[test]
fn toggle_lang_switches_the_interface_language_and_remembers_it() {
    let mut app = app();
    assert_eq!(app.update(Action::ToggleLang, NOW), Effect::Save);
    assert_eq!(app.lang(), Lang::Es);
    assert_eq!(app.progress().settings.lang(), Some(Lang::Es));
    assert_eq!(app.update(Action::ToggleLang, NOW), Effect::Save);
    assert_eq!(app.lang(), Lang::En);
    assert_eq!(app.progress().settings.lang(), Some(Lang::En));
}

#[test]
fn the_tracks_screen_opens_on_the_cursors_track_and_moves_it() {
    let mut app = app();
    put(&mut app, 0, 1);
    assert_eq!(app.update(Action::OpenTracks, NOW), Effect::None);
    assert_eq!(*app.mode(), Mode::Tracks { selected: 1 });
    assert_eq!(app.update(Action::MoveTrackUp, NOW), Effect::Save);
    assert_eq!(*app.mode(), Mode::Tracks { selected: 0 });
    let ids: Vec<&str> = app.roadmap().tracks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["rs", "py"]);
    assert_eq!(at(&app).1, "rs", "the cursor stays on its track");
    // Already first: nothing to move, nothing to save.
    assert_eq!(app.update(Action::MoveTrackUp, NOW), Effect::None);
    assert_eq!(app.update(Action::MoveTrackDown, NOW), Effect::Save);
    let ids: Vec<&str> = app.roadmap().tracks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["py", "rs"]);
    app.update(Action::Up, NOW);
    assert_eq!(*app.mode(), Mode::Tracks { selected: 0 });
    app.update(Action::Last, NOW);
    assert_eq!(*app.mode(), Mode::Tracks { selected: 1 });
    app.update(Action::First, NOW);
    app.update(Action::Down, NOW);
    assert_eq!(*app.mode(), Mode::Tracks { selected: 1 });
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert_eq!(*app.mode(), Mode::Grid);
}

#[test]
fn hiding_a_track_takes_it_out_of_the_grid_but_never_the_last_one() {
    let mut app = app_with(done(&[(10, "rs")]));
    app.update(Action::OpenTracks, NOW);
    assert_eq!(app.update(Action::ToggleTrackHidden, NOW), Effect::Save);
    assert_eq!(app.roadmap().tracks.len(), 1);
    assert_eq!(app.cursor_track_id(), "rs");
    assert_eq!(app.stats().total_cells(), 6);
    assert_eq!(
        app.progress().status(10, "rs"),
        Status::Done,
        "progress kept"
    );
    app.update(Action::Down, NOW);
    assert_eq!(app.update(Action::ToggleTrackHidden, NOW), Effect::None);
    assert!(app.message().is_some_and(|m| m.is_error));
    assert_eq!(app.roadmap().tracks.len(), 1);
    app.update(Action::Up, NOW);
    assert_eq!(app.update(Action::ToggleTrackHidden, NOW), Effect::Save);
    assert_eq!(app.roadmap().tracks.len(), 2);
    assert_eq!(app.all_tracks().len(), 2);
}

#[test]
fn a_track_is_added_by_typing_its_id_and_name() {
    let mut app = app();
    app.update(Action::OpenTracks, NOW);
    assert_eq!(app.update(Action::AddTrack, NOW), Effect::None);
    assert!(matches!(app.mode(), Mode::AddTrack { .. }));
    type_text(&mut app, "go");
    // An id alone is not enough.
    assert_eq!(app.update(Action::Confirm, NOW), Effect::None);
    assert!(matches!(app.mode(), Mode::AddTrack { .. }));
    assert!(app.message().is_some_and(|m| m.is_error));
    app.update(Action::Paste(" Go lang".into()), NOW);
    assert_eq!(app.update(Action::Confirm, NOW), Effect::Save);
    assert_eq!(*app.mode(), Mode::Tracks { selected: 2 });
    assert_eq!(message(&app), "Added go");
    let go = app.roadmap().track_index("go").expect("go is shown");
    assert_eq!(app.roadmap().tracks[go].name, "Go lang");
    assert_eq!(app.stats().total_cells(), 18);
}

#[test]
fn a_bad_track_id_is_refused_and_close_goes_back_to_the_list() {
    let mut app = app();
    app.update(Action::OpenTracks, NOW);
    app.update(Action::AddTrack, NOW);
    type_text(&mut app, "Py Python");
    assert_eq!(app.update(Action::Confirm, NOW), Effect::None);
    assert!(app.message().is_some_and(|m| m.is_error));
    assert_eq!(app.roadmap().tracks.len(), 2);
    assert_eq!(app.update(Action::Close, NOW), Effect::None);
    assert_eq!(*app.mode(), Mode::Tracks { selected: 0 });
    app.update(Action::AddTrack, NOW);
    assert_eq!(app.update(Action::Quit, NOW), Effect::Quit);
    app.update(Action::OpenTracks, NOW);
    assert_eq!(app.update(Action::Quit, NOW), Effect::Quit);
}
