//! What `update` takes: a user's intents (`Action`: what keys, the mouse and pastes become) and
//! the facts the loop reports (`Fact`: the screen's size, the date, saves, the file changed on
//! disk).

use jiff::civil::Date;
use jiff::tz::TimeZone;
use ratatui::crossterm::event::KeyEvent;

use crate::model::{Lang, Progress, TaskPos};

/// A user's intent: what the keymap binds, and what the mouse and pastes ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Move the cursor one task up.
    Up,
    /// Move the cursor one task down.
    Down,
    /// Move the cursor one language to the left.
    Left,
    /// Move the cursor one language to the right.
    Right,
    /// Move the cursor a screenful up.
    PageUp,
    /// Move the cursor a screenful down.
    PageDown,
    /// Go to the first task.
    First,
    /// Go to the last task.
    Last,
    /// Go to the first task of the next level.
    NextLevel,
    /// Go to the first task of the previous level.
    PrevLevel,
    /// Go to the first task of level n (0-based).
    JumpLevel(usize),
    /// Check or uncheck the cell under the cursor.
    ToggleDone,
    /// Mark the cell under the cursor in progress, or back to todo.
    ToggleInProgress,
    /// Skip the cell under the cursor (left out of every total), or back to todo.
    ToggleSkip,
    /// Mark the done cell under the cursor for review, complete its review when due, or drop
    /// one not yet due.
    ToggleReview,
    /// Open the note editor for the cell under the cursor.
    EditNote,
    /// Run the tests of the cell under the cursor with its language's verify command.
    Verify,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Open the search field.
    OpenSearch,
    /// Go to the next search match.
    SearchNext,
    /// Go to the previous search match.
    SearchPrev,
    /// Cycle the row filter: all, not done in this language, done elsewhere but not here.
    CycleFilter,
    /// Go to the next todo cell of the cursor's language.
    NextTodo,
    /// Show or hide the detail pane.
    ToggleDetail,
    /// Open the list of every cell in progress.
    OpenInProgress,
    /// Open the overview of levels × languages.
    OpenOverview,
    /// Show or hide the key help.
    ToggleHelp,
    /// Switch the language between Spanish and English.
    ToggleLang,
    /// Open the languages screen: order, hide, show and add the roadmap's languages.
    OpenTracks,
    /// Move the selected language one place up (languages screen).
    MoveTrackUp,
    /// Move the selected language one place down (languages screen).
    MoveTrackDown,
    /// Hide or show the selected language (languages screen).
    ToggleTrackHidden,
    /// Start typing a new language (languages screen).
    AddTrack,
    /// Set a target date for the whole roadmap (overview).
    SetGoal,
    /// Set a target date for the selected language (overview).
    SetTrackGoal,
    /// Jump the grid to the overview's selected level and language.
    Choose,
    /// Keep what was typed in the open field (search, note).
    Confirm,
    /// Close whatever is open; never quits.
    Close,
    /// Leave the app.
    Quit,
    /// Sort the learners by the next key: progress, last activity, pace, name (cohort).
    CycleSort,
    /// Show the learners' levels or their languages as columns (cohort).
    SwitchColumns,
    /// Open the tasks the learners are stuck on, and each one's frontier (cohort).
    OpenStuck,
    /// Stop the app as the shell's Ctrl-Z does; `fg` brings it back.
    Suspend,
    /// Try the failed save again (quit prompt).
    RetrySave,
    /// Save a copy of the progress to another file (quit prompt): ask for its path.
    OpenSaveAs,
    /// Type a key into the open text field.
    Input(KeyEvent),
    /// Paste text into the open text field.
    Paste(String),
    /// Paste what arrived of a paste that was cut (too long, or its end never came), and say so.
    CutPaste(String),
    /// A click on a grid cell (`track` is `None` on the task's text).
    ClickCell { pos: TaskPos, track: Option<usize> },
    /// A click on an overview cell.
    ClickOverview { level: usize, track: usize },
    /// The mouse wheel: rows to move, negative is up.
    Scroll(isize),
}

/// Something the loop learned that changes the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// The language to show, as the command line, the config or the system chose (the
    /// progress file's setting is left as it is).
    Lang(Lang),
    /// Whether the screens may use colour (off with NO_COLOR).
    Color(bool),
    /// Whether the screens are drawn for a screen reader: words for symbols, no box drawing,
    /// the focused cell told in one line.
    ScreenReader(bool),
    /// The zone dates are read in.
    Zone(TimeZone),
    /// How many lines the help overlay has (it lists the keymap in effect).
    HelpLen(usize),
    /// The progress file, and whether it exists yet (a first run, or a mistyped `--data`).
    DataFile {
        path: std::path::PathBuf,
        exists: bool,
    },
    /// Nothing else waits: the greeting's figures of a large progress may be counted now.
    Idle,
    /// The terminal's size changed (or was first measured): what fits now.
    Fit(ScreenFit),
    /// Show or hide the detail pane where it is optional (the loop's choice at start).
    SetDetail(bool),
    /// Go back to where the learner was in the last session.
    Resume(super::Position),
    /// The calendar date where the user is.
    Today(Date),
    /// Another writer changed the file: the progress merged with it, and the cells (task key,
    /// track id) that now differ from what this app had.
    FromDisk {
        progress: Box<Progress>,
        cells: Vec<(String, String)>,
    },
    /// Whether what the screen shows is on disk, worked out by the saver; it says so whenever
    /// that changes.
    SaveStatus(super::SaveStatus),
    /// A save or reload failed just now; the text says why (the bottom line shows it).
    SaveFailed(String),
    /// The copy asked for with `Effect::SaveAs` is written to this file.
    SavedAs(std::path::PathBuf),
    /// The copy could not be written; the text says why.
    SaveAsFailed(String),
    /// Sync tools left these conflicting copies beside the file (file names).
    ConflictCopies(Vec<String>),
    /// How each language's tests run, from the config's `[tracks]`.
    VerifyCommands(Vec<(String, crate::verify::TrackVerify)>),
    /// Lines of output of the verify under way.
    VerifyOutput(Vec<String>),
    /// The verify under way ended.
    VerifyEnded(Box<super::verify::VerifyEnd>),
    /// The progress is someone else's, to be shown only (a cohort's learner, by this name):
    /// every action that would change it is refused, and says so.
    ReadOnly(String),
}

/// What `update` takes: a user's intent or a fact the loop reports; either converts into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    Action(Action),
    Fact(Fact),
}

impl From<Action> for Update {
    fn from(action: Action) -> Update {
        Update::Action(action)
    }
}

impl From<Fact> for Update {
    fn from(fact: Fact) -> Update {
        Update::Fact(fact)
    }
}

/// What fits on the screen at the current terminal size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenFit {
    /// Grid rows that fit.
    pub rows: usize,
    /// Lines of the help overlay that fit.
    pub help_rows: usize,
    /// Below the smallest size: only quitting works.
    pub too_small: bool,
    /// Rows of the overview on screen.
    pub overview_view: usize,
    /// Rows of the whole overview (more than on screen where it scrolls).
    pub overview_len: usize,
    /// The overview's row of the first level's line, and the rows each level takes.
    pub overview_levels: (usize, usize),
    /// Languages the grid shows across (all of them where they fit).
    pub grid_tracks: usize,
    /// Languages the overview's matrix shows across.
    pub overview_tracks: usize,
}
