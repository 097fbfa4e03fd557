//! Undo and redo: each step is one cell's before and after.

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

#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
}

impl History {
    /// Records a new change; it clears what could be redone.
    pub fn record(&mut self, change: Change) {
        if change.before == change.after {
            return;
        }
        self.redo.clear();
        self.undo.push(change);
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
    }

    /// The change to revert, moved to the redo stack.
    pub fn undo(&mut self) -> Option<&Change> {
        let change = self.undo.pop()?;
        self.redo.push(change);
        self.redo.last()
    }

    /// Forgets every step on one cell: another writer changed it, and undoing a step of ours
    /// must never put back what they replaced.
    pub fn forget(&mut self, task: TaskId, track: &str) {
        let other = |c: &Change| c.task != task || c.track != track;
        self.undo.retain(other);
        self.redo.retain(other);
    }

    /// The change to apply again, moved back to the undo stack.
    pub fn redo(&mut self) -> Option<&Change> {
        let change = self.redo.pop()?;
        self.undo.push(change);
        self.undo.last()
    }
}
