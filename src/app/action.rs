//! Everything a user can ask for, as intents. Keys and mouse events become these; `update`
//! carries them out.

use ratatui::crossterm::event::KeyEvent;

use crate::model::TaskPos;

/// A user's intent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// Open the note editor for the cell under the cursor.
    EditNote,
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
    /// Jump the grid to the overview's selected level and language.
    Choose,
    /// Keep what was typed in the open field (search, note).
    Confirm,
    /// Close whatever is open; never quits.
    Close,
    /// Leave the app.
    Quit,
    /// Type a key into the open text field.
    Input(KeyEvent),
    /// Paste text into the open text field.
    Paste(String),
    /// A click on a grid cell (`track` is `None` on the task's text).
    ClickCell { pos: TaskPos, track: Option<usize> },
    /// A click on an overview cell.
    ClickOverview { level: usize, track: usize },
    /// The mouse wheel: rows to move, negative is up.
    Scroll(isize),
}
