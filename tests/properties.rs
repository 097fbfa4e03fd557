//! Properties over random input: any sequence of keys, pastes, clicks and terminal sizes leaves
//! the app drawable and consistent; any bytes given as a progress file are refused or read,
//! never a panic.

mod common;

use std::path::Path;

use common::{NOW, draw, fresh_app, row_text};
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roadmap_tui::app::{Action, App, Effect, Fact, Mode, Row};
use roadmap_tui::keymap::Keymap;
use roadmap_tui::model::{Progress, Roadmap, Stats, Status};
use roadmap_tui::{state, tui, ui};
use serde_json::{Map, Value, json};

/// One thing the user does.
#[derive(Debug, Clone)]
enum Op {
    Key(KeyEvent),
    Resize(u16, u16),
    Paste(String),
    Click(u16, u16),
    Wheel(isize),
}

/// Every key the table binds, in any scope.
fn bound_keys() -> Vec<KeyEvent> {
    Keymap::default()
        .bindings()
        .iter()
        .flat_map(|b| b.keys.iter().map(|k| KeyEvent::new(k.code, k.mods)))
        .collect()
}

fn key() -> impl Strategy<Value = KeyEvent> {
    let special = [
        KeyCode::Esc,
        KeyCode::Enter,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Backspace,
        KeyCode::Delete,
    ]
    .map(|c| KeyEvent::new(c, KeyModifiers::NONE));
    prop_oneof![
        6 => proptest::sample::select(bound_keys()),
        2 => any::<char>().prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        2 => proptest::sample::select(special.to_vec()),
        1 => proptest::char::range('a', 'z')
            .prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    ]
}

/// A terminal size from 1×1 to 200×60, mostly around the usual ones: frames are slow to draw in
/// a debug build, and the big ones cost the most.
fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        3 => (56..=124u16, 10..=36u16),
        1 => (1..=200u16, 1..=60u16),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => key().prop_map(Op::Key),
        2 => size().prop_map(|(w, h)| Op::Resize(w, h)),
        1 => ".{0,40}".prop_map(Op::Paste),
        2 => (0..200u16, 0..60u16).prop_map(|(x, y)| Op::Click(x, y)),
        1 => (-5..=5isize).prop_map(Op::Wheel),
    ]
}

/// Applies one op as the event loop would, fitting the app to the terminal afterwards.
fn apply(app: &mut App, size: &mut (u16, u16), op: &Op) -> Effect {
    let effect = match op {
        Op::Key(event) => Keymap::default()
            .action_for(ui::scope(app), *event)
            .map_or(Effect::None, |action| app.update(action, NOW)),
        Op::Resize(w, h) => {
            *size = (*w, *h);
            Effect::None
        }
        Op::Paste(text) => app.update(Action::Paste(text.clone()), NOW),
        Op::Click(x, y) => ui::hit_test(app, size.0, size.1, *x, *y)
            .map_or(Effect::None, |action| app.update(action, NOW)),
        Op::Wheel(n) => app.update(Action::Scroll(*n), NOW),
    };
    tui::fit(app, size.0, size.1);
    effect
}

/// What must hold after every step.
fn check(app: &App, size: (u16, u16), before: &Progress, effect: Effect) {
    let stats = Stats::compute(app.roadmap(), app.progress());
    assert_eq!(*app.stats(), stats, "stats follow the progress");
    if app.progress() != before {
        assert_eq!(effect, Effect::Save, "a change to the progress is saved");
    }
    assert!(app.cursor().track < app.roadmap().tracks.len());
    assert!(app.cursor().pos < app.roadmap().task_count());

    let (width, height) = size;
    let buffer = draw(app, width, height);
    if ui::is_too_small(width, height) {
        assert!(app.too_small());
        return;
    }
    assert!(!app.too_small());
    // The note editor's box covers the title on the shortest screens.
    let title_hidden = matches!(app.mode(), Mode::EditNote { .. }) && height < 16;
    if !title_hidden {
        let title = row_text(&buffer, 0);
        let count = format!("✔ {}/{} ", stats.total_done(), stats.total_cells());
        assert!(title.contains(&count), "{count:?} not in {title:?}");
    }
    if *app.mode() == Mode::Grid && app.has_rows() {
        let row = app.cursor_row();
        assert_eq!(
            app.rows()[row],
            Row::Task(app.cursor().pos),
            "cursor on a task row"
        );
        assert!(
            app.scroll() <= row && row < app.scroll() + app.viewport(),
            "cursor row {row} outside {}..{}",
            app.scroll(),
            app.scroll() + app.viewport()
        );
    }
}

/// Runs `ops` on `app` from a `start`-sized terminal, checking after every step.
fn run(mut app: App, start: (u16, u16), ops: &[Op]) {
    app.update(Fact::Today(jiff::civil::date(2026, 11, 24)), common::NOW);
    let mut size = start;
    tui::fit(&mut app, size.0, size.1);
    check(&app, size, &app.progress().clone(), Effect::None);
    for op in ops {
        let before = app.progress().clone();
        let effect = apply(&mut app, &mut size, op);
        check(&app, size, &before, effect);
    }
}

/// Some cells done, in progress and noted across levels and languages, so that the filters
/// have something to show and to hide.
fn with_progress() -> App {
    let mut p = Progress::default();
    for (task, track) in [
        (1, "python"),
        (2, "node"),
        (3, "node"),
        (26, "go"),
        (86, "java"),
    ] {
        p.set_status(task, track, Status::Done, NOW);
    }
    for task in 4..=25 {
        p.set_status(task, "python", Status::Done, "2026-11-20T08:00:00Z");
    }
    p.set_status(30, "python", Status::InProgress, NOW);
    p.set_note(28, "go", "schema\nsecond line", "2026-11-24T10:00:00Z");
    App::new(Roadmap::seed().expect("seed"), p)
}

// Two halves of 32 cases each, so the test harness runs them side by side.
proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn any_input_at_any_size_keeps_a_fresh_app_consistent(
        start in size(),
        ops in proptest::collection::vec(op(), 1..60),
    ) {
        run(fresh_app(), start, &ops);
    }

    #[test]
    fn any_input_at_any_size_keeps_an_app_with_progress_consistent(
        start in size(),
        ops in proptest::collection::vec(op(), 1..60),
    ) {
        run(with_progress(), start, &ops);
    }
}

/// A JSON value of limited depth, with the strings and numbers progress files hold.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // Numbers whose decimal form reads back exactly (see the ignored test at the end).
        (-1_000_000i32..1_000_000).prop_map(|n| Value::from(f64::from(n) / 64.0)),
        proptest::sample::select(vec![
            "done",
            "in_progress",
            "todo",
            "skip",
            "Done",
            "",
            "es",
            "en",
            NOW,
            "2026-02-30T00:00:00Z",
            "yesterday",
        ])
        .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(field_name(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "version",
            "tasks",
            "settings",
            "status",
            "started_at",
            "done_at",
            "note",
            "lang",
            "python",
            "go",
            "java",
            "cobol",
            "1",
            "28",
            "86",
            "105",
            "999",
            "0",
        ])
        .prop_map(str::to_owned),
        // No leading digit: a task key such as "01" is miscounted (see the ignored test).
        "[a-z_][a-z0-9_]{0,5}",
    ]
}

/// A progress file of the right shape with arbitrary contents where the cells go.
fn progress_json() -> impl Strategy<Value = Value> {
    let cell = prop_oneof![
        3 => (
            proptest::sample::select(vec!["done", "in_progress", "todo", "skip"]),
            proptest::option::of(Just(NOW)),
            proptest::option::of(".{0,30}"),
        )
            .prop_map(|(status, at, note)| {
                let mut c = Map::new();
                c.insert("status".into(), json!(status));
                if let Some(at) = at {
                    c.insert("done_at".into(), json!(at));
                    c.insert("started_at".into(), json!(at));
                }
                if let Some(note) = note {
                    c.insert("note".into(), json!(note));
                }
                Value::Object(c)
            }),
        1 => json_value(),
    ];
    let track =
        proptest::sample::select(vec!["python", "node", "go", "php", "kotlin", "java", "x"]);
    let cells = proptest::collection::btree_map(track.prop_map(str::to_owned), cell, 0..4)
        .prop_map(|m| Value::Object(m.into_iter().collect()));
    let task = prop_oneof![(1..=110u32).prop_map(|n| n.to_string()), "[a-z]{1,3}"];
    let tasks = proptest::collection::btree_map(task, cells, 0..12)
        .prop_map(|m| Value::Object(m.into_iter().collect()));
    (
        prop_oneof![Just(json!(1)), json_value()],
        proptest::option::of(json_value()),
        tasks,
        proptest::option::of(json_value()),
    )
        .prop_map(|(version, settings, tasks, extra)| {
            let mut file = Map::new();
            file.insert("version".into(), version);
            if let Some(s) = settings {
                file.insert("settings".into(), s);
            }
            file.insert("tasks".into(), tasks);
            if let Some(e) = extra {
                file.insert("extra".into(), e);
            }
            Value::Object(file)
        })
}

/// What must hold for a file that was read: it opens, draws, counts what the grid shows, and
/// reads back the same after a save.
fn check_read(progress: Progress) {
    let path = Path::new("progress.json");
    let saved = serde_json::to_vec_pretty(&progress).expect("serializes");
    let again = state::parse(path, &saved).expect("a saved file reads back");
    assert_eq!(again, progress);

    let roadmap = Roadmap::seed().expect("seed");
    let stats = Stats::compute(&roadmap, &progress);
    for level in 0..roadmap.levels.len() {
        for (t, track) in roadmap.tracks.iter().enumerate() {
            let shown = roadmap
                .level_range(level)
                .filter(|&p| progress.status(roadmap.task(p).id, &track.id) == Status::Done)
                .count();
            assert_eq!(stats.done(level, t), shown, "level {level}, {}", track.id);
        }
    }
    let mut app = App::new(roadmap, progress);
    tui::fit(&mut app, 80, 24);
    draw(&app, 80, 24);
    app.update(Action::OpenOverview, NOW);
    draw(&app, 120, 40);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(progress) = state::parse(Path::new("p.json"), &bytes) {
            check_read(progress);
        }
    }

    #[test]
    fn json_ish_text_never_panics(text in r#"[{}\[\]":,0-9a-z_ .\\-]{0,200}"#) {
        if let Ok(progress) = state::parse(Path::new("p.json"), text.as_bytes()) {
            check_read(progress);
        }
    }

    #[test]
    fn any_json_value_never_panics(value in json_value()) {
        let bytes = serde_json::to_vec(&value).expect("serializes");
        if let Ok(progress) = state::parse(Path::new("p.json"), &bytes) {
            check_read(progress);
        }
    }

    #[test]
    fn progress_shaped_files_read_or_are_refused(value in progress_json()) {
        let bytes = serde_json::to_vec(&value).expect("serializes");
        match state::parse(Path::new("p.json"), &bytes) {
            Ok(progress) => check_read(progress),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

// What the properties found, kept as repros until the code is mended.

/// A task key written "01" or "+1" is read as task 1 by the counts but not by the grid, which
/// looks cells up by "1": the title and level counts then disagree with the cells shown, and can
/// pass the number of tasks (26/25).
#[test]
fn a_task_key_that_is_not_the_plain_number_is_not_counted() {
    let file = br#"{"version": 1, "tasks": {
        "1": {"python": {"status": "done"}},
        "01": {"python": {"status": "done"}},
        "+1": {"python": {"status": "done"}}
    }}"#;
    let progress = state::parse(Path::new("p.json"), file).expect("a valid file");
    check_read(progress);
}

/// serde_json reads floats without `float_roundtrip`, so a number in a field this build does
/// not know can come back from a save with another last digit.
#[test]
fn unknown_numbers_are_kept_as_written() {
    let file = br#"{"version": 1, "tasks": {}, "x": 2.5234856099955498e-77}"#;
    let progress = state::parse(Path::new("p.json"), file).expect("a valid file");
    let saved = serde_json::to_value(&progress).expect("serializes");
    assert_eq!(saved["x"].to_string(), "2.5234856099955498e-77");
}
