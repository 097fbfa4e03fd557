//! Everything a user can ask for, as intents. Keys and mouse events become these; `update`
//! carries them out.

/// A user's intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// Show or hide the detail pane.
    ToggleDetail,
    /// Open the overview of levels × languages.
    OpenOverview,
    /// Jump the grid to the overview's selected level and language.
    Choose,
    /// Close whatever is open; never quits.
    Close,
    /// Leave the app.
    Quit,
}
