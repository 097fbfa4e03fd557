//! Incremental search over task text in both languages, ignoring case and accents.

use super::App;
use crate::model::TaskPos;
use crate::model::text::fold;

/// The current search: what was typed, folded, and the tasks that match, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    pub folded: String,
    pub matches: Vec<TaskPos>,
}

impl App {
    /// Sets the query and moves the cursor to the first match at or after `from`.
    pub(super) fn run_search(&mut self, query: &str, from: TaskPos) {
        let folded = fold(query.trim());
        if folded.is_empty() {
            self.search = None;
            return;
        }
        if self.folded.len() != self.roadmap.task_count() {
            self.folded = self
                .roadmap
                .tasks()
                .map(|(_, t)| format!("{}\n{}", fold(&t.text.es), fold(&t.text.en)))
                .collect();
        }
        let matches: Vec<TaskPos> = self
            .folded
            .iter()
            .enumerate()
            .filter(|(_, text)| text.contains(&folded))
            .map(|(pos, _)| pos)
            .collect();
        self.search = Some(Search {
            query: query.trim().to_owned(),
            folded,
            matches,
        });
        // With no match the cursor goes back to where the search started.
        let pos = self.next_match(from, true, true).unwrap_or(from);
        self.move_to(pos);
    }

    /// The next shown match after `from` (or at it, with `inclusive`), wrapping around.
    pub(super) fn next_match(
        &self,
        from: TaskPos,
        forward: bool,
        inclusive: bool,
    ) -> Option<TaskPos> {
        let search = self.search.as_ref()?;
        let shown: Vec<TaskPos> = search
            .matches
            .iter()
            .copied()
            .filter(|&p| self.row_of(p).is_some())
            .collect();
        if shown.is_empty() {
            return None;
        }
        let found = if forward {
            shown
                .iter()
                .find(|&&p| p > from || (inclusive && p == from))
                .or(shown.first())
        } else {
            shown
                .iter()
                .rev()
                .find(|&&p| p < from || (inclusive && p == from))
                .or(shown.last())
        };
        found.copied()
    }

    /// Whether the task at `pos` matches the current search.
    pub fn is_match(&self, pos: TaskPos) -> bool {
        self.search
            .as_ref()
            .is_some_and(|s| s.matches.binary_search(&pos).is_ok())
    }
}
