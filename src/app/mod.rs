//! The application state and the one place it changes: `App::update`, which takes an `Action`
//! and returns the `Effect` the event loop should carry out. Nothing here does I/O.

mod action;
mod nav;
mod update;

pub use action::Action;
pub use nav::Row;

use crate::model::{Lang, Progress, Roadmap, Stats, TaskPos};

/// What the loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing beyond redrawing.
    None,
    /// The progress changed: write it to disk.
    Save,
    /// Leave the app.
    Quit,
}

/// Which screen has the keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Grid,
    Overview { level: usize, track: usize },
}

/// The cell under the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub pos: TaskPos,
    pub track: usize,
}

/// A line for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

#[derive(Debug, Clone)]
pub struct App {
    pub roadmap: Roadmap,
    pub progress: Progress,
    /// Counts derived from `progress`, refreshed after every change.
    pub stats: Stats,
    pub cursor: Cursor,
    pub mode: Mode,
    /// Whether the detail pane is shown where it is optional (narrow terminals).
    pub detail_open: bool,
    pub lang: Lang,
    /// The rows the grid shows, in order.
    rows: Vec<Row>,
    /// The first grid row on screen.
    pub scroll: usize,
    /// How many grid rows fit on screen; set by the loop from the terminal size.
    pub viewport: usize,
    pub message: Option<Message>,
    /// Where the progress is stored, for the title bar.
    pub data_path: String,
}

impl App {
    pub fn new(roadmap: Roadmap, progress: Progress) -> App {
        let stats = Stats::compute(&roadmap, &progress);
        let mut app = App {
            rows: Vec::new(),
            roadmap,
            progress,
            stats,
            cursor: Cursor::default(),
            mode: Mode::Grid,
            detail_open: false,
            lang: Lang::Es,
            scroll: 0,
            viewport: 20,
            message: None,
            data_path: String::new(),
        };
        app.rebuild_rows();
        app
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The track id under the cursor.
    pub fn cursor_track_id(&self) -> &str {
        &self.roadmap.tracks[self.cursor.track].id
    }

    /// Reports a failed save in the status bar.
    pub fn save_failed(&mut self, text: String) {
        self.message = Some(Message {
            text,
            is_error: true,
        });
    }

    /// Clears a save error once a save succeeds.
    pub fn save_succeeded(&mut self) {
        if self.message.as_ref().is_some_and(|m| m.is_error) {
            self.message = None;
        }
    }

    /// Tells the app how many grid rows fit, and keeps the cursor in view.
    pub fn set_viewport(&mut self, rows: usize) {
        self.viewport = rows.max(1);
        self.scroll_to_cursor();
    }
}
