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
        grid_tracks: usize::MAX,
        overview_tracks: usize::MAX,
    }
}

/// An app in English with room for every row, a 30-line help and nothing done.
fn app_with(progress: Progress) -> App {
    let mut app = App::new(roadmap(), progress);
    app.set_lang(Lang::En, false);
    app.set_help_len(30);
    assert_eq!(app.update(Fact::Fit(fit(20)), NOW), Effect::None);
    app
}

fn app() -> App {
    app_with(Progress::default())
}

/// The cursor as (task number, track id).
fn at(app: &App) -> (TaskId, &str) {
    (
        app.roadmap().task(app.cursor().pos).id,
        app.cursor_track_id(),
    )
}

fn put(app: &mut App, pos: TaskPos, track: usize) {
    app.cursor = Cursor { pos, track };
}

fn message(app: &App) -> &str {
    app.message().map_or("", |m| m.text.as_str())
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

mod from_loop;
mod grid;
mod screens;
