//! The application state and the one place it changes: `App::update`, which takes a user's
//! `Action` or a `Fact` the loop reports and returns the `Effect` the event loop should carry
//! out. The state's fields are private: the screens and the loop read them through accessors,
//! and change them only through `update`. Nothing here does I/O.

mod across;
mod action;
mod facts;
mod field;
mod goal;
mod history;
pub mod in_progress;
mod nav;
mod position;
mod review;
mod search;
#[cfg(test)]
mod tests;
mod tracks;
mod undo;
mod unsaved;
mod update;
pub mod verify;

pub use across::first_shown;
pub use action::{Action, Fact, ScreenFit, Update};
pub use field::TextField;
pub use history::{Change, GoalChange, History, MAX_STEPS, Step};
pub use in_progress::Started;
pub use nav::Row;
pub use position::Position;
pub use search::Search;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::model::{Lang, Progress, Roadmap, Stats, Status, TaskId, TaskPos};

/// What the loop must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Nothing beyond redrawing.
    None,
    /// The progress (or a setting) changed: write it to disk.
    Save,
    /// Write a copy of the progress to this file (the data file cannot be written); the loop
    /// answers with `Fact::SavedAs` or `Fact::SaveAsFailed`.
    SaveAs(std::path::PathBuf),
    /// Leave the app.
    Quit,
    /// Give the terminal back and stop until continued (`fg`).
    Suspend,
    /// Run a cell's tests; the loop reports the output (`Fact::VerifyOutput`) and the end
    /// (`Fact::VerifyEnded`).
    RunVerify(crate::verify::Spec),
    /// Stop the run under way (its whole process group); the loop reports the end.
    CancelVerify,
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
    /// Editing the note of one cell. `discard` is set once Esc (or Ctrl-C) was pressed on a
    /// changed note: the editor then says so, and the same key again throws the changes away.
    EditNote {
        field: TextField,
        task: TaskId,
        track: usize,
        discard: Option<Discard>,
        /// The note when the editor opened: if another writer changes it meanwhile, saving
        /// keeps both texts.
        original: String,
    },
    /// The languages screen; `selected` indexes every language, hidden ones included.
    Tracks {
        selected: usize,
    },
    /// Every cell in progress, oldest first; `selected` indexes that list.
    InProgress {
        selected: usize,
    },
    /// Typing a goal's date (`key` is `"all"` or a language's id), from the overview at
    /// (`level`, `track`).
    Goal {
        field: TextField,
        key: String,
        level: usize,
        track: usize,
    },
    /// Typing a new language's id and name on the languages screen.
    AddTrack {
        field: TextField,
        selected: usize,
    },
    /// Quitting while saves fail: retry, save elsewhere, or quit anyway.
    Unsaved,
    /// Typing the path to save a copy of the progress to.
    SaveAs {
        field: TextField,
    },
    /// Running the tests of one cell (see `verify`).
    Verify(Box<verify::VerifyPane>),
}

/// What a second press of the key does in a note editor holding unsaved text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discard {
    /// Esc again closes the editor without saving.
    Close,
    /// Ctrl-C again quits without saving the note.
    Quit,
}

/// Which tasks the grid shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    /// Tasks with work left in this track (not done, not skipped).
    NotDone(usize),
    /// Tasks done in at least one other track, with work left in this one.
    Gap(usize),
}

impl Filter {
    /// Whether the task with this id passes.
    pub fn shows(self, roadmap: &Roadmap, progress: &Progress, task: TaskId) -> bool {
        let status = |t: usize| progress.status(task, &roadmap.tracks[t].id);
        let done = |t: usize| status(t) == Status::Done;
        // A skipped cell has nothing left to do: neither filter shows it.
        match self {
            Filter::All => true,
            Filter::NotDone(track) => status(track).is_open(),
            Filter::Gap(track) => status(track).is_open() && (0..roadmap.tracks.len()).any(done),
        }
    }
}

/// The cell under the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub pos: TaskPos,
    pub track: usize,
}

/// Whether what the screen shows is on disk, as the title says it. The saver works it out from
/// its state (see `tui::saver`) and the loop tells the app whenever it changes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SaveStatus {
    /// Every change shown is on disk.
    #[default]
    Saved,
    /// Changes are on their way to disk.
    Saving,
    /// The last save or reload failed, for this reason, and none has worked since: changes may
    /// live only in memory.
    Failed(String),
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
    roadmap: Roadmap,
    /// The roadmap as loaded, before the user's choice of languages.
    base: Roadmap,
    progress: Progress,
    /// Counts derived from `progress`, refreshed after every change.
    stats: Stats,
    cursor: Cursor,
    mode: Mode,
    filter: Filter,
    search: Option<Search>,
    history: History,
    /// Whether the detail pane is shown where it is optional (narrow terminals).
    detail_open: bool,
    lang: Lang,
    /// Whether the screens may use colour (off with NO_COLOR).
    color: bool,
    /// Whether the screens are drawn for a screen reader.
    screen_reader: bool,
    /// Today's date and the zone dates are read in, for the activity figures.
    today: Date,
    tz: TimeZone,
    /// The rows the grid shows, in order.
    rows: Vec<Row>,
    /// Per level: how many of its tasks are shown, and per track how many of those are done
    /// and how many count (are not skipped).
    shown: Vec<(usize, Vec<(usize, usize)>)>,
    /// Each task's text in both languages, folded for searching; made at the first search.
    folded: Vec<String>,
    /// The first grid row on screen.
    scroll: usize,
    /// The column headers of the languages shown.
    headers: crate::model::headers::Headers,
    /// The first language the grid shows, where not all fit across.
    track_scroll: usize,
    /// How many languages the grid shows across.
    grid_tracks: usize,
    /// The first language the overview's matrix shows, where not all fit across.
    overview_track_scroll: usize,
    /// How many grid rows fit on screen; set by the loop from the terminal size.
    viewport: usize,
    /// Whether the terminal is below the smallest size: only quitting works then.
    too_small: bool,
    /// How many lines of the help overlay fit on screen.
    help_rows: usize,
    /// The first row of the overview on screen, where it is taller than the screen.
    overview_scroll: usize,
    /// Whether the overview keeps its selected level on screen (off once scrolled past it).
    overview_follow: bool,
    /// The overview's rows on screen, its rows in all, and where its levels are.
    overview_fit: (usize, usize, (usize, usize)),
    /// How many lines the help overlay has (it lists the keymap in effect).
    help_len: usize,
    message: Option<Message>,
    /// Until the first key, the bottom line says where the learner stands today.
    greeting: bool,
    /// What that line counts, once worked out for a large progress (see `today_facts`).
    today_facts: Option<TodayFacts>,
    /// Whether what the screen shows is on disk, as the saver last said.
    save_status: SaveStatus,
    /// The progress file, to show where the work is kept.
    data_path: Option<std::path::PathBuf>,
    /// The progress file did not exist when the app started: a first run (or a mistyped path).
    new_file: bool,
    /// The config's `[tracks]`: how each language's tests run.
    verify_commands: Vec<(String, crate::verify::TrackVerify)>,
    /// The verify commands run in this session: a command not among them is shown and waits
    /// for Enter before it first runs.
    verify_seen: std::collections::BTreeSet<String>,
    /// Someone else's progress, shown and never changed (the cohort's learner): their name.
    read_only: Option<String>,
}

/// Done cells above which the greeting's facts are counted once, after the first frame, rather
/// than at every frame that shows them.
const LARGE_PROGRESS: usize = 50_000;

/// What the greeting says of today: cells done today, the streak of days with one, and the
/// reviews due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TodayFacts {
    pub done_today: usize,
    pub streak: usize,
    pub reviews_due: usize,
}

impl TodayFacts {
    fn count(app: &App) -> TodayFacts {
        let activity = crate::model::activity::Activity::compute(&app.progress, app.today, &app.tz);
        TodayFacts {
            done_today: activity.today,
            streak: activity.streak,
            reviews_due: crate::model::review::due_count(&app.roadmap, &app.progress, app.today),
        }
    }
}

impl App {
    /// An app on `roadmap` as loaded; the languages shown follow `progress`'s settings.
    pub fn new(base: Roadmap, progress: Progress) -> App {
        let roadmap = crate::model::tracks::visible_roadmap(&base, &progress.settings);
        let stats = Stats::compute(&roadmap, &progress);
        let headers = crate::model::headers::Headers::new(&roadmap.tracks);
        let mut app = App {
            headers,
            track_scroll: 0,
            grid_tracks: usize::MAX,
            overview_track_scroll: 0,
            rows: Vec::new(),
            shown: Vec::new(),
            folded: Vec::new(),
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
            screen_reader: false,
            today: Date::constant(2026, 1, 1),
            tz: TimeZone::UTC,
            scroll: 0,
            viewport: 20,
            too_small: false,
            help_rows: 20,
            overview_scroll: 0,
            overview_follow: true,
            overview_fit: (usize::MAX, 0, (0, 1)),
            help_len: 0,
            message: None,
            greeting: true,
            today_facts: None,
            save_status: SaveStatus::Saved,
            data_path: None,
            new_file: false,
            verify_commands: Vec::new(),
            verify_seen: Default::default(),
            read_only: None,
        };
        app.rebuild_rows();
        app
    }

    /// Cells done today, the streak of days with one and the reviews due, for the bottom line's
    /// greeting. Counted
    /// when asked where the progress is small; a large one's are counted once, by
    /// `count_today`, which the loop calls when it has nothing else to do (`None` until then).
    pub fn today_facts(&self) -> Option<TodayFacts> {
        if self.today_facts.is_some() || self.is_large() {
            return self.today_facts;
        }
        Some(TodayFacts::count(self))
    }

    /// Whether the greeting waits for `count_today`.
    pub fn today_uncounted(&self) -> bool {
        self.greeting && self.today_facts.is_none() && self.is_large()
    }

    /// Whether the progress is large enough for its greeting to be counted once, not per frame.
    fn is_large(&self) -> bool {
        self.stats.total_done() > LARGE_PROGRESS
    }

    /// Counts the greeting's facts now and keeps them until the progress or the day changes.
    fn count_today(&mut self) {
        self.today_facts = Some(TodayFacts::count(self));
    }

    /// The roadmap with the languages shown, in the user's order.
    pub fn roadmap(&self) -> &Roadmap {
        &self.roadmap
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Counts derived from the progress.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    pub fn cursor(&self) -> Cursor {
        self.cursor
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    pub fn filter(&self) -> Filter {
        self.filter
    }

    /// The search in effect, if any.
    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    /// The changes that can be undone and redone.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Whether the detail pane is shown where it is optional (narrow terminals).
    pub fn detail_open(&self) -> bool {
        self.detail_open
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether the screens may use colour (off with NO_COLOR).
    pub fn color(&self) -> bool {
        self.color
    }

    /// Whether the screens are drawn for a screen reader: words for symbols, no box drawing,
    /// the focused cell told in one line.
    pub fn screen_reader(&self) -> bool {
        self.screen_reader
    }

    /// Today's date, for the activity figures.
    pub fn today(&self) -> Date {
        self.today
    }

    /// The zone dates are read in.
    pub fn tz(&self) -> &TimeZone {
        &self.tz
    }

    /// The first grid row on screen.
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// How many grid rows fit on screen.
    pub fn viewport(&self) -> usize {
        self.viewport
    }

    /// Whether the terminal is below the smallest size: only quitting works then.
    pub fn too_small(&self) -> bool {
        self.too_small
    }

    /// How many lines of the help overlay fit on screen.
    pub fn help_rows(&self) -> usize {
        self.help_rows
    }

    /// The first row of the overview on screen.
    pub fn overview_scroll(&self) -> usize {
        self.overview_scroll
    }

    /// The status bar's line, until the next key.
    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    /// Whether the bottom line still greets (until the first key).
    pub fn greeting(&self) -> bool {
        self.greeting
    }

    /// Whether what the screen shows is on disk, as the saver last said.
    pub fn save_status(&self) -> &SaveStatus {
        &self.save_status
    }

    /// The progress file, to show where the work is kept.
    pub fn data_path(&self) -> Option<&std::path::Path> {
        self.data_path.as_deref()
    }

    /// The roadmap as loaded, before the user's choice of languages.
    pub fn base_roadmap(&self) -> &Roadmap {
        &self.base
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// How many of a level's tasks are shown, and in each track how many of those are done and
    /// how many count (skipped cells do not): (done, total).
    pub fn shown_in_level(&self, level: usize) -> (usize, &[(usize, usize)]) {
        let (n, done) = &self.shown[level];
        (*n, done)
    }

    /// The track id under the cursor.
    pub fn cursor_track_id(&self) -> &str {
        &self.roadmap.tracks[self.cursor.track].id
    }

    /// Shows a line in the status bar.
    fn notify(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: false,
        });
    }

    /// Whether saves fail: the changes may be only in memory.
    pub fn saves_fail(&self) -> bool {
        matches!(self.save_status, SaveStatus::Failed(_))
    }

    /// Tells the app how many grid rows fit, and keeps the cursor in view.
    fn set_viewport(&mut self, rows: usize) {
        self.viewport = rows.max(1);
        self.scroll_to_cursor();
    }

    /// Tells the app the screen's fit: grid rows, help lines, and whether it is too small.
    fn set_screen(&mut self, fit: ScreenFit) {
        let ScreenFit {
            rows,
            help_rows,
            too_small,
            overview_view,
            overview_len,
            overview_levels,
            grid_tracks,
            overview_tracks,
        } = fit;
        self.overview_fit = (overview_view, overview_len, overview_levels);
        if let Mode::Overview { level, .. } = self.mode {
            // Keep the selection in view, unless the user scrolled away from it on purpose.
            if self.overview_follow {
                self.scroll_overview(0, level);
            } else {
                self.scroll_overview_by(0);
            }
        }
        self.too_small = too_small;
        self.help_rows = help_rows.max(1);
        if let Mode::Help { scroll } = &mut self.mode {
            let max = self.help_len.saturating_sub(self.help_rows);
            *scroll = (*scroll).min(max as u16);
        }
        self.set_viewport(rows);
        self.scroll_tracks(grid_tracks, overview_tracks);
    }

    /// Scrolls the overview by `by` rows, then as little as needed to show `level`'s row (and
    /// the matrix's header above the first level).
    fn scroll_overview_by(&mut self, by: isize) {
        let (view, len, _) = self.overview_fit;
        let max = len.saturating_sub(view);
        self.overview_scroll = self.overview_scroll.saturating_add_signed(by).min(max);
    }

    /// Scrolls the overview by `by` rows, then as little as needed to show `level`'s row.
    fn scroll_overview(&mut self, by: isize, level: usize) {
        self.overview_follow = true;
        let (view, len, (first, each)) = self.overview_fit;
        let max = len.saturating_sub(view);
        let mut top = self.overview_scroll.saturating_add_signed(by).min(max);
        let row = first + level * each;
        let want_top = if level == 0 { 0 } else { row };
        if want_top < top {
            top = want_top;
        } else if row + each > top + view {
            top = (row + each).saturating_sub(view);
        }
        self.overview_scroll = top.min(max);
    }

    /// Tells the app how many lines the help overlay has, so scrolling stops at its end.
    fn set_help_len(&mut self, lines: usize) {
        self.help_len = lines;
    }

    /// How many lines the help overlay has.
    pub fn help_len(&self) -> usize {
        self.help_len
    }

    /// Names the progress file, and whether it exists yet (not on a first run, or after a
    /// mistyped `--data`).
    fn set_data_file(&mut self, path: std::path::PathBuf, exists: bool) {
        self.new_file = !exists;
        self.data_path = Some(path);
    }

    /// Whether the bottom line says, until the first key, that this is a first run: where the
    /// progress will be saved and how to begin.
    /// Whose progress this is when it is only shown (a cohort's learner), never changed.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    pub fn first_run(&self) -> bool {
        self.greeting && self.new_file && self.data_path.is_some()
    }

    /// Sets the language, remembering it in the progress file's settings when `remember`.
    fn set_lang(&mut self, lang: Lang, remember: bool) {
        self.lang = lang;
        if remember {
            self.progress.settings.set_lang(lang);
        }
    }
}
