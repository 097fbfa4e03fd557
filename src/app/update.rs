//! `App::update`: the only place the state changes.

use super::{Action, App, Effect, Mode};
use crate::model::{Stats, Status};

impl App {
    /// Carries out an action; `now` is the current time in RFC 3339, recorded on changed cells.
    pub fn update(&mut self, action: Action, now: &str) -> Effect {
        match self.mode.clone() {
            Mode::Grid => self.update_grid(action, now),
            Mode::Overview { level, track } => self.update_overview(action, level, track),
        }
    }

    fn update_grid(&mut self, action: Action, now: &str) -> Effect {
        let page = self.viewport.saturating_sub(1).max(1) as isize;
        match action {
            Action::Up => self.move_rows(-1),
            Action::Down => self.move_rows(1),
            Action::Left => self.cursor.track = self.cursor.track.saturating_sub(1),
            Action::Right => {
                self.cursor.track = (self.cursor.track + 1).min(self.roadmap.tracks.len() - 1)
            }
            Action::PageUp => self.move_rows(-page),
            Action::PageDown => self.move_rows(page),
            Action::First => self.move_first(),
            Action::Last => self.move_last(),
            Action::NextLevel => self.move_level_by(true),
            Action::PrevLevel => self.move_level_by(false),
            Action::JumpLevel(level) => self.move_to_level(level),
            Action::ToggleDone => return self.toggle_done(now),
            Action::ToggleDetail => self.detail_open = !self.detail_open,
            Action::OpenOverview => {
                self.mode = Mode::Overview {
                    level: self.roadmap.level_of(self.cursor.pos),
                    track: self.cursor.track,
                }
            }
            Action::Close => {
                if self.message.is_some() {
                    self.message = None;
                } else {
                    self.detail_open = false;
                }
            }
            Action::Choose => {}
            Action::Quit => return Effect::Quit,
        }
        Effect::None
    }

    fn update_overview(&mut self, action: Action, level: usize, track: usize) -> Effect {
        let levels = self.roadmap.levels.len();
        let tracks = self.roadmap.tracks.len();
        let (mut level, mut track) = (level, track);
        match action {
            Action::Up => level = level.saturating_sub(1),
            Action::Down => level = (level + 1).min(levels - 1),
            Action::Left => track = track.saturating_sub(1),
            Action::Right => track = (track + 1).min(tracks - 1),
            Action::First | Action::PageUp => level = 0,
            Action::Last | Action::PageDown => level = levels - 1,
            Action::JumpLevel(l) if l < levels => level = l,
            Action::Choose => {
                self.mode = Mode::Grid;
                self.cursor.track = track;
                self.move_to_level(level);
                return Effect::None;
            }
            Action::Close | Action::OpenOverview => {
                self.mode = Mode::Grid;
                return Effect::None;
            }
            Action::Quit => return Effect::Quit,
            _ => {}
        }
        self.mode = Mode::Overview { level, track };
        Effect::None
    }

    fn toggle_done(&mut self, now: &str) -> Effect {
        let task = self.roadmap.task(self.cursor.pos).id;
        let track = self.cursor_track_id().to_owned();
        let next = match self.progress.status(task, &track) {
            Status::Done => Status::Todo,
            Status::Todo | Status::InProgress => Status::Done,
        };
        self.progress.set_status(task, &track, next, now);
        self.stats = Stats::compute(&self.roadmap, &self.progress);
        Effect::Save
    }
}
