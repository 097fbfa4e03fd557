//! The languages screen (T), driven by keys through the default keymap: add a language, move it,
//! hide and show one, and the grid, the stats and what would be saved follow.

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
