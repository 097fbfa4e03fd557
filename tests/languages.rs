//! The languages screen (T), driven by keys through the default keymap: add a language, move it,
//! hide and show one, and the grid, the stats and what would be saved follow. Then roadmaps with
//! more languages than fit across: the grid and the overview scroll them sideways.

mod common;

use common::{Harness, row_containing, row_text};
use ratatui::crossterm::event::KeyCode;
use roadmap_tui::app::{Effect, Mode};

fn header(h: &Harness) -> String {
    let buffer = h.draw();
    let y = row_containing(&buffer, "Tarea").expect("the grid's header row");
    row_text(&buffer, y)
}

#[test]
fn add_move_hide_and_show_from_the_languages_screen() {
    let mut h = Harness::new(80, 24);
    h.press(KeyCode::Right); // the cursor on Node
    h.type_keys("T");
    assert_eq!(*h.app.mode(), Mode::Tracks { selected: 1 });
    let screen = h.screen();
    assert!(screen.contains("Lenguajes"), "{screen}");
    assert!(screen.contains("a añadir"), "the hint bar:\n{screen}");

    // Add Rust: it goes last, and the grid gains a column.
    h.type_keys("a");
    assert!(matches!(h.app.mode(), Mode::AddTrack { .. }));
    h.type_keys("rust Rust");
    assert_eq!(h.press(KeyCode::Enter), Effect::Save);
    assert_eq!(*h.app.mode(), Mode::Tracks { selected: 6 });
    assert!(h.screen().contains("rust    Rust"), "{}", h.screen());
    assert_eq!(h.app.roadmap().tracks.len(), 7);
    assert_eq!(h.app.stats().total_cells(), 735);

    // Move it to the top with K, six times.
    for _ in 0..6 {
        assert_eq!(h.send(common::char_key('K')), Effect::Save);
    }
    assert_eq!(*h.app.mode(), Mode::Tracks { selected: 0 });
    assert_eq!(h.send(common::char_key('K')), Effect::None, "already first");

    // Hide PHP (now fifth): the grid loses its column, its progress stays.
    h.press_n(KeyCode::Down, 4);
    assert_eq!(h.type_keys(" "), vec![Effect::Save]);
    let s = &h.app.progress().settings;
    assert!(s.tracks["php"].hidden);
    assert_eq!(s.tracks["rust"].name.as_deref(), Some("Rust"));
    assert_eq!(s.track_order[0], "rust");
    h.press(KeyCode::Esc);
    assert_eq!(*h.app.mode(), Mode::Grid);
    let head = header(&h);
    assert!(head.contains("Rus Pyt Nod Go  Kot Jav"), "{head}");
    assert_eq!(
        h.app.cursor_track_id(),
        "node",
        "the cursor stays on its language"
    );

    // Checking a cell in the new language works like any other.
    h.press_n(KeyCode::Left, 2);
    assert_eq!(h.app.cursor_track_id(), "rust");
    assert_eq!(h.type_keys(" "), vec![Effect::Save]);
    assert_eq!(h.app.stats().total_done(), 1);

    // Show PHP again.
    h.type_keys("T");
    h.press_n(KeyCode::Down, 4);
    h.type_keys(" ");
    h.press(KeyCode::Esc);
    assert!(
        header(&h).contains("Rus Pyt Nod Go  PHP Kot Jav"),
        "{}",
        header(&h)
    );
}

#[test]
fn bad_additions_and_hiding_the_last_language_are_refused_on_screen() {
    let mut h = Harness::new(80, 24);
    h.type_keys("Ta");
    h.type_keys("go Go");
    assert_eq!(h.press(KeyCode::Enter), Effect::None);
    assert!(
        matches!(h.app.mode(), Mode::AddTrack { .. }),
        "the field stays open"
    );
    // In the interface's language.
    assert!(
        h.screen().contains("ya hay un lenguaje \"go\""),
        "{}",
        h.screen()
    );
    // An id past 32 characters is refused, named short.
    for _ in 0..5 {
        h.press(KeyCode::Backspace);
    }
    h.type_keys(&format!("{} Long", "l".repeat(300)));
    assert_eq!(h.press(KeyCode::Enter), Effect::None);
    let message = h
        .app
        .message()
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        message.contains("no es un id de lenguaje válido: usa de 1 a 32") && message.len() < 300,
        "{message:.300}"
    );
    assert_eq!(h.app.roadmap().tracks.len(), 6);
    h.press(KeyCode::Esc);
    assert!(matches!(h.app.mode(), Mode::Tracks { .. }));
    // Hide all but one: the last is refused.
    for _ in 0..5 {
        h.type_keys(" ");
        h.press(KeyCode::Down);
    }
    assert_eq!(h.type_keys(" "), vec![Effect::None]);
    assert!(
        h.screen().contains("es el único lenguaje visible"),
        "{}",
        h.screen()
    );
    assert_eq!(h.app.roadmap().tracks.len(), 1);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.cursor_track_id(), "java");
    assert!(header(&h).trim_end().ends_with("Jav│"), "{}", header(&h));
}

#[test]
fn languages_screen_80x24() {
    let mut h = Harness::new(80, 24);
    h.type_keys("Ta");
    h.type_keys("csharp C#");
    h.press(KeyCode::Enter);
    h.type_keys("kk ");
    insta::assert_snapshot!("languages_80x24", h.screen());
}

// --- many languages ------------------------------------------------------------------------

/// The seed's levels and tasks with `n` languages named "Track 0", "Track 1"…, ids "track0"…
fn roadmap_with(n: usize) -> roadmap_tui::model::Roadmap {
    let mut r = roadmap_tui::model::Roadmap::seed().expect("the seed");
    r.tracks = (0..n)
        .map(|i| roadmap_tui::model::Track {
            id: format!("track{i}"),
            name: format!("Track {i}"),
        })
        .collect();
    roadmap_tui::model::Roadmap::new(r.id, r.title, r.tracks, (*r.levels).clone())
        .expect("a valid roadmap")
}

/// An app on `roadmap` in a `width` × `height` terminal.
fn harness_on(roadmap: roadmap_tui::model::Roadmap, width: u16, height: u16) -> Harness {
    let mut app = roadmap_tui::app::App::new(roadmap, roadmap_tui::model::Progress::default());
    app.update(
        roadmap_tui::app::Fact::HelpLen(roadmap_tui::keymap::Keymap::default().help_line_count()),
        common::NOW,
    );
    roadmap_tui::tui::start(&mut app, width, height);
    Harness { app, width, height }
}

/// The grid's header row and the row of task 1, as text.
fn header_and_first_task(h: &Harness) -> (String, String) {
    let buffer = h.draw();
    let y = row_containing(&buffer, "Tarea").expect("the grid's header row");
    let task = row_containing(&buffer, "Configurar").expect("task 1's row, with its text");
    (row_text(&buffer, y), row_text(&buffer, task))
}

/// The columns of task text on task 1's row: from its number to the first language's cell.
fn text_shown(task_row: &str) -> usize {
    let text = task_row
        .split("Configurar")
        .nth(1)
        .expect("the task's text");
    "Configurar".len() + text.find("  ").unwrap_or(text.len())
}

#[test]
fn fourteen_languages_at_80_columns_keep_the_task_text_and_scroll_sideways() {
    let mut h = harness_on(roadmap_with(14), 80, 24);
    let (head, task) = header_and_first_task(&h);
    // At least 24 columns of the task: "Configurar un servidor local." is 29.
    assert!(text_shown(&task) >= 23, "{task}");
    assert!(task.contains("Configurar un servidor l"), "{task}");
    // Headers that tell the languages apart, and the count of those off to the right.
    assert!(
        head.contains("Track 0") && head.contains("Track 1"),
        "{head}"
    );
    assert!(!head.contains("Tra Tra"), "{head}");
    assert!(!head.contains('◀'), "nothing off to the left: {head}");
    let shown = (0..14)
        .filter(|i| head.contains(&format!("Track {i} ")))
        .count();
    assert!(shown >= 3, "{head}");
    assert!(
        head.contains(&format!("{} ▶", 14 - shown)),
        "the right marker: {head}"
    );

    // The cursor takes the columns with it.
    h.press_n(KeyCode::Right, 13);
    assert_eq!(h.app.cursor_track_id(), "track13");
    let (head, task) = header_and_first_task(&h);
    assert!(head.contains("Track 13"), "{head}");
    assert!(head.contains(&format!("◀ {} ", 14 - shown)), "{head}");
    assert!(!head.contains('▶'), "nothing off to the right: {head}");
    assert!(text_shown(&task) >= 23, "{task}");
    h.type_keys(" ");
    assert_eq!(
        h.app.progress().status(1, "track13"),
        roadmap_tui::model::Status::Done
    );
    let (_, task) = header_and_first_task(&h);
    assert!(task.contains('✔'), "the check is on screen: {task}");

    // Back left, one step past the view's left edge moves it by one.
    h.press_n(KeyCode::Left, shown);
    let (head, _) = header_and_first_task(&h);
    let first = 13 - shown;
    assert!(head.contains(&format!("Track {first} ")), "{head}");
    assert!(head.contains(&format!("◀ {first} ")), "{head}");
    assert!(
        head.contains(&format!("{} ▶", 14 - first - shown)),
        "{head}"
    );
}

#[test]
fn twenty_languages_at_120_columns_keep_the_task_text() {
    let mut h = harness_on(roadmap_with(20), 120, 40);
    let (head, task) = header_and_first_task(&h);
    assert!(task.contains("Configurar un servidor local."), "{task}");
    assert!(head.contains("Track 0") && head.contains(" ▶"), "{head}");
    // A click on a language's column lands on that language, scrolled or not.
    h.press_n(KeyCode::Right, 19);
    let buffer = h.draw();
    let y = row_containing(&buffer, "Tarea").unwrap();
    let x = common::column_of(&buffer, y, "Track 15").expect("Track 15 on screen");
    let task_y = row_containing(&buffer, "Configurar").unwrap();
    h.click(x + 3, task_y);
    assert_eq!(h.app.cursor_track_id(), "track15");
    // The detail pane (open at this height) lists the languages the grid shows, and counts
    // the others.
    assert!(h.app.detail_open());
    let screen = h.screen();
    assert!(screen.contains("▶Track 15 · pendiente"), "{screen}");
    assert!(screen.contains("lenguajes más"), "{screen}");
}

#[test]
fn languages_of_one_name_are_headed_by_their_ids() {
    let mut r = roadmap_tui::model::Roadmap::seed().unwrap();
    r.tracks[0].name = "Python".into();
    r.tracks[1].id = "python3".into();
    r.tracks[1].name = "Python".into();
    let h = harness_on(r, 80, 24);
    let (head, _) = header_and_first_task(&h);
    assert!(
        !head.contains("Pyt "),
        "the name tells neither apart: {head}"
    );
    // Three columns are not enough for "python" and "python3": the columns widen.
    assert!(
        head.contains("python ") && head.contains("python3"),
        "{head}"
    );
}

#[test]
fn the_overview_scrolls_its_languages_with_the_selection() {
    let mut h = harness_on(roadmap_with(14), 80, 24);
    h.type_keys("o");
    let screen = h.screen();
    let matrix = screen
        .lines()
        .find(|l| l.contains("Nivel") && l.contains("Total"))
        .unwrap_or_else(|| panic!("the matrix header:\n{screen}"))
        .to_owned();
    assert!(
        matrix.contains("Track 0") && matrix.contains(" ▶"),
        "{matrix}"
    );
    assert!(
        screen.contains("Avance por lenguaje ·") && screen.contains(" ▶ ─"),
        "the bars follow the matrix:\n{screen}"
    );
    h.press_n(KeyCode::Right, 13);
    let screen = h.screen();
    let matrix = screen
        .lines()
        .find(|l| l.contains("Nivel") && l.contains("Total"))
        .unwrap()
        .to_owned();
    assert!(
        matrix.contains("Track 13") && matrix.contains("◀ "),
        "{matrix}"
    );
    assert!(screen.contains("│Track 13 "), "its bar:\n{screen}");
    // Enter goes to that language in the grid.
    h.press(KeyCode::Enter);
    assert_eq!(h.app.cursor_track_id(), "track13");
}
