//! The in-progress screen: every cell started and not done, across all the languages shown,
//! oldest first; Enter goes to the cell in the grid.

use jiff::Timestamp;
use jiff::civil::Date;

use super::{Action, App, Effect, Mode};
use crate::i18n::tr;
use crate::model::{Status, TaskId, TaskPos};

/// A cell in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub pos: TaskPos,
    pub task: TaskId,
    /// Index into the roadmap's tracks.
    pub track: usize,
    /// When it was started, if the file says.
    pub started_at: Option<Timestamp>,
    /// The first line of its note.
    pub note: Option<String>,
}

impl Started {
    /// The day it was started, in the zone dates are read in.
    pub fn started_on(&self, tz: &jiff::tz::TimeZone) -> Option<Date> {
        self.started_at.map(|ts| tz.to_datetime(ts).date())
    }
}

/// Every cell in progress of `roadmap`, oldest first (cells without a start date last), then
/// in reading order.
pub fn started(roadmap: &crate::model::Roadmap, progress: &crate::model::Progress) -> Vec<Started> {
    let mut out = Vec::new();
    let lookup = roadmap.track_lookup();
    for (task_key, track_id, cell) in progress.cells() {
        if cell.status != Status::InProgress {
            continue;
        }
        let (Some(pos), Some(&track)) = (roadmap.pos_of_key(task_key), lookup.get(track_id)) else {
            continue;
        };
        let task = roadmap.task(pos).id;
        out.push(Started {
            pos,
            task,
            track,
            started_at: cell.started_at.as_deref().and_then(|s| s.parse().ok()),
            note: cell
                .note()
                .and_then(|n| n.lines().find(|l| !l.trim().is_empty()))
                .map(|l| l.trim().to_owned()),
        });
    }
    out.sort_by_key(|s| (s.started_at.is_none(), s.started_at, s.pos, s.track));
    out
}

impl App {
    /// The cells in progress, oldest first.
    pub fn started(&self) -> Vec<Started> {
        started(&self.roadmap, &self.progress)
    }

    pub(super) fn open_in_progress(&mut self) {
        if self.started().is_empty() {
            self.notify(tr(
                self.lang,
                "Nothing in progress: i marks the cell under the cursor",
                "Nada en curso: i marca la celda bajo el cursor",
            ));
            return;
        }
        self.mode = Mode::InProgress { selected: 0 };
    }

    pub(super) fn update_in_progress(&mut self, action: Action, selected: usize) -> Effect {
        let list = self.started();
        let last = list.len().saturating_sub(1);
        let page = self.viewport.saturating_sub(1).max(1);
        let selected = match action {
            Action::Up => selected.saturating_sub(1),
            Action::Down => selected + 1,
            Action::Scroll(n) => selected.saturating_add_signed(n),
            Action::PageUp => selected.saturating_sub(page),
            Action::PageDown => selected + page,
            Action::First => 0,
            Action::Last => last,
            Action::Choose => {
                if let Some(s) = list.get(selected.min(last)) {
                    self.go_to_cell(s.pos, s.track);
                }
                return Effect::None;
            }
            Action::Close | Action::OpenInProgress => return Effect::None,
            Action::ToggleHelp => {
                self.mode = Mode::Help { scroll: 0 };
                return Effect::None;
            }
            Action::Quit => return Effect::Quit,
            _ => selected,
        };
        // Another writer may have finished cells meanwhile: the list can only have shrunk.
        if list.is_empty() {
            return Effect::None;
        }
        self.mode = Mode::InProgress {
            selected: selected.min(last),
        };
        Effect::None
    }
}
