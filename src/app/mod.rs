//! The application state and the one place it changes: `App::update`, which takes an `Action`
//! and returns the `Effect` the event loop should carry out. Nothing here does I/O.

mod action;
mod field;
mod history;
mod nav;
mod search;
#[cfg(test)]
mod tests;
mod tracks;
mod update;

pub use action::{Action, ScreenFit};
pub use field::TextField;
pub use history::{Change, History, MAX_STEPS};
pub use nav::Row;
pub use search::Search;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::model::{Lang, Progress, Roadmap, Stats, Status, TaskId, TaskPos};

/// What the loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing beyond redrawing.
    None,
    /// The progress (or a setting) changed: write it to disk.
    Save,
    /// Leave the app.
    Quit,
}

/// Which screen or field has the keyboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Grid,
    Overview {
        level: usize,
        track: usize,
    },
    Help {
        scroll: u16,
    },
    /// Typing a search; `origin` is where the cursor was when it opened.
    Search {
        field: TextField,
        origin: Cursor,
    },
    /// Editing the note of one cell.
    EditNote {
        field: TextField,
        task: TaskId,
        track: usize,
    },
    /// The languages screen; `selected` indexes every language, hidden ones included.
    Tracks {
        selected: usize,
    },
    /// Typing a new language's id and name on the languages screen.
    AddTrack {
        field: TextField,
        selected: usize,
    },
}

/// Which tasks the grid shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    /// Tasks not done in this track.
    NotDone(usize),
    /// Tasks done in at least one other track but not in this one.
    Gap(usize),
}

impl Filter {
    /// Whether the task with this id passes.
    pub fn shows(self, roadmap: &Roadmap, progress: &Progress, task: TaskId) -> bool {
        let done = |t: usize| progress.status(task, &roadmap.tracks[t].id) == Status::Done;
        match self {
            Filter::All => true,
            Filter::NotDone(track) => !done(track),
            Filter::Gap(track) => !done(track) && (0..roadmap.tracks.len()).any(done),
        }
    }
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
    /// The roadmap with the languages shown, in the user's order (see `model::tracks`).
    pub roadmap: Roadmap,
    /// The roadmap as loaded, before the user's choice of languages.
    base: Roadmap,
    pub progress: Progress,
    /// Counts derived from `progress`, refreshed after every change.
    pub stats: Stats,
    pub cursor: Cursor,
    pub mode: Mode,
    pub filter: Filter,
    pub search: Option<Search>,
    pub history: History,
    /// Whether the detail pane is shown where it is optional (narrow terminals).
    pub detail_open: bool,
    pub lang: Lang,
    /// Whether the screens may use colour (off with NO_COLOR).
    pub color: bool,
    /// Today's date and the zone dates are read in, for the activity figures.
    pub today: Date,
    pub tz: TimeZone,
    /// The rows the grid shows, in order.
    rows: Vec<Row>,
    /// Per level: how many of its tasks are shown, and how many of those are done per track.
    shown: Vec<(usize, Vec<usize>)>,
    /// Each task's text in both languages, folded for searching.
    folded: Vec<String>,
    /// The first grid row on screen.
    pub scroll: usize,
    /// How many grid rows fit on screen; set by the loop from the terminal size.
    pub viewport: usize,
    /// Whether the terminal is below the smallest size: only quitting works then.
    pub too_small: bool,
    /// How many lines of the help overlay fit on screen.
    pub help_rows: usize,
    /// How many lines the help overlay has (it lists the keymap in effect).
    help_len: usize,
    pub message: Option<Message>,
}

impl App {
    /// An app on `roadmap` as loaded; the languages shown follow `progress`'s settings.
    pub fn new(base: Roadmap, progress: Progress) -> App {
        let roadmap = crate::model::tracks::visible_roadmap(&base, &progress.settings);
        let stats = Stats::compute(&roadmap, &progress);
        let folded = roadmap
            .tasks()
            .map(|(_, t)| {
                let es = crate::model::text::fold(&t.text.es);
                let en = crate::model::text::fold(&t.text.en);
                format!("{es}\n{en}")
            })
            .collect();
        let mut app = App {
            rows: Vec::new(),
            shown: Vec::new(),
            folded,
            roadmap,
            base,
            progress,
            stats,
            cursor: Cursor::default(),
            mode: Mode::Grid,
            filter: Filter::All,
            search: None,
            history: History::default(),
            detail_open: false,
            lang: Lang::Es,
            color: true,
            today: Date::constant(2026, 1, 1),
            tz: TimeZone::UTC,
            scroll: 0,
            viewport: 20,
            too_small: false,
            help_rows: 20,
            help_len: 0,
            message: None,
        };
        app.rebuild_rows();
        app
    }

    /// The roadmap as loaded, before the user's choice of languages.
    pub fn base_roadmap(&self) -> &Roadmap {
        &self.base
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// How many of a level's tasks are shown, and how many of those are done in each track.
    pub fn shown_in_level(&self, level: usize) -> (usize, &[usize]) {
        let (n, done) = &self.shown[level];
        (*n, done)
    }

    /// The track id under the cursor.
    pub fn cursor_track_id(&self) -> &str {
        &self.roadmap.tracks[self.cursor.track].id
    }

    /// Shows a line in the status bar.
    pub fn notify(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: false,
        });
    }

    /// Reports a failed save in the status bar.
    fn save_failed(&mut self, text: String) {
        self.message = Some(Message {
            text,
            is_error: true,
        });
    }

    /// Clears a save error once a save succeeds.
    fn save_succeeded(&mut self) {
        if self.message.as_ref().is_some_and(|m| m.is_error) {
            self.message = None;
        }
    }

    /// Tells the app how many grid rows fit, and keeps the cursor in view.
    pub fn set_viewport(&mut self, rows: usize) {
        self.viewport = rows.max(1);
        self.scroll_to_cursor();
    }

    /// Tells the app the screen's fit: grid rows, help lines, and whether it is too small.
    fn set_screen(&mut self, fit: ScreenFit) {
        let ScreenFit {
            rows,
            help_rows,
            too_small,
        } = fit;
        self.too_small = too_small;
        self.help_rows = help_rows.max(1);
        if let Mode::Help { scroll } = &mut self.mode {
            let max = self.help_len.saturating_sub(self.help_rows);
            *scroll = (*scroll).min(max as u16);
        }
        self.set_viewport(rows);
    }

    /// Tells the app how many lines the help overlay has, so scrolling stops at its end.
    pub fn set_help_len(&mut self, lines: usize) {
        self.help_len = lines;
    }

    /// How many lines the help overlay has.
    pub fn help_len(&self) -> usize {
        self.help_len
    }

    /// Sets the language, remembering it in the progress file's settings when `remember`.
    pub fn set_lang(&mut self, lang: Lang, remember: bool) {
        self.lang = lang;
        if remember {
            self.progress.settings.set_lang(lang);
        }
    }
}
