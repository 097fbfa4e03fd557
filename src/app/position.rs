//! Where the learner was: the task, language, filter and screen to come back to. The app gives
//! it and takes it as plain data; the TUI keeps it in a file of its own, per progress file, in
//! the platform's state directory (not in the progress file, which is shared and kept in git,
//! where a moving cursor would be noise).

use serde::{Deserialize, Serialize};

use super::{App, Filter, Mode};
use crate::model::TaskId;

/// A place in the app, by ids, so it survives languages being reordered or hidden.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
    /// `"not_done"` or `"gap"`, with the filter's language; none is all tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_track: Option<String>,
    /// `"overview"`, or none for the grid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screen: Option<String>,
}

impl App {
    /// Where the learner is now.
    pub fn position(&self) -> Position {
        let task = self
            .has_rows()
            .then(|| self.roadmap.task(self.cursor.pos).id);
        let (filter, filter_track) = match self.filter {
            Filter::All => (None, None),
            Filter::NotDone(t) => (Some("not_done"), Some(t)),
            Filter::Gap(t) => (Some("gap"), Some(t)),
        };
        let screen = matches!(self.mode, Mode::Overview { .. }).then(|| "overview".to_owned());
        Position {
            task,
            track: Some(self.cursor_track_id().to_owned()),
            filter: filter.map(str::to_owned),
            filter_track: filter_track.map(|t| self.roadmap.tracks[t].id.clone()),
            screen,
        }
    }

    /// Goes back to `position`, skipping whatever no longer exists (a task, a hidden language).
    pub(super) fn go_to_position(&mut self, position: &Position) {
        let index = |id: &Option<String>| id.as_deref().and_then(|id| self.roadmap.track_index(id));
        if let Some(t) = index(&position.track) {
            self.cursor.track = t;
        }
        if let Some(t) = index(&position.filter_track) {
            self.filter = match position.filter.as_deref() {
                Some("not_done") => Filter::NotDone(t),
                Some("gap") => Filter::Gap(t),
                _ => Filter::All,
            };
            self.rebuild_rows();
        }
        if let Some(pos) = position.task.and_then(|id| self.roadmap.pos_of(id)) {
            if self.row_of(pos).is_none() {
                self.filter = Filter::All;
                self.rebuild_rows();
            }
            self.move_to(pos);
        } else if self.row_of(self.cursor.pos).is_none() {
            self.filter = Filter::All;
            self.rebuild_rows();
        }
        if position.screen.as_deref() == Some("overview") {
            self.mode = Mode::Overview {
                level: self.roadmap.level_of(self.cursor.pos),
                track: self.cursor.track,
            };
        }
    }
}
