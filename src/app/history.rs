//! Undo and redo: each step is one cell's before and after, or one goal's.

use crate::model::goal::Goal;
use crate::model::{Cell, TaskId};

/// How many steps undo remembers.
pub const MAX_STEPS: usize = 500;

/// One change to one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub task: TaskId,
    pub track: String,
    pub before: Option<Cell>,
    pub after: Option<Cell>,
}

/// One change to one goal (`key` is `"all"` or a language's id).
#[derive(Debug, Clone, PartialEq)]
pub struct GoalChange {
    pub key: String,
    pub before: Option<Goal>,
    pub after: Option<Goal>,
}

/// One step of the history. Cells are the common case, so they are not boxed.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Cell(Change),
    Goal(GoalChange),
}

impl Step {
    fn is_noop(&self) -> bool {
        match self {
            Step::Cell(c) => c.before == c.after,
            Step::Goal(g) => g.before == g.after,
        }
    }
}

impl From<Change> for Step {
    fn from(change: Change) -> Step {
        Step::Cell(change)
    }
}

impl From<GoalChange> for Step {
    fn from(change: GoalChange) -> Step {
        Step::Goal(change)
    }
}

#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// Steps taken off the undo stack because another writer changed their cell or goal, so
    /// that an undo with nothing left can say why.
    dropped: usize,
}

impl History {
    /// Records a new change; it clears what could be redone.
    pub fn record(&mut self, change: impl Into<Step>) {
        let change = change.into();
        if change.is_noop() {
            return;
        }
        self.redo.clear();
        self.undo.push(change);
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
    }

    /// The change to revert, moved to the redo stack.
    pub fn undo(&mut self) -> Option<&Step> {
        let change = self.undo.pop()?;
        self.redo.push(change);
        self.redo.last()
    }

    /// Forgets every step on one cell: another writer changed it, and undoing a step of ours
    /// must never put back what they replaced.
    pub fn forget(&mut self, task: TaskId, track: &str) {
        let other = |s: &Step| !matches!(s, Step::Cell(c) if c.task == task && c.track == track);
        self.drop_steps(other);
    }

    /// Forgets every step on one goal, which another writer changed.
    pub fn forget_goal(&mut self, key: &str) {
        let other = |s: &Step| !matches!(s, Step::Goal(g) if g.key == key);
        self.drop_steps(other);
    }

    /// Keeps the steps `keep` says, counting those dropped from the undo stack.
    fn drop_steps(&mut self, keep: impl Fn(&Step) -> bool) {
        let before = self.undo.len();
        self.undo.retain(&keep);
        self.dropped += before - self.undo.len();
        self.redo.retain(keep);
    }

    /// How many undo steps were dropped because another writer changed what they changed.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// The change to apply again, moved back to the undo stack.
    pub fn redo(&mut self) -> Option<&Step> {
        let change = self.redo.pop()?;
        self.undo.push(change);
        self.undo.last()
    }
}
