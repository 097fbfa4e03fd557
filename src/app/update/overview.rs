//! The overview's keys: choosing a level and a language, paging past the levels, setting goals,
//! and jumping back to the grid.

use crate::app::{Action, App, Effect, Filter, Mode};

impl App {
    pub(super) fn update_overview(&mut self, action: Action, level: usize, track: usize) -> Effect {
        let levels = self.roadmap.levels.len();
        let tracks = self.roadmap.tracks.len();
        let (mut level, mut track) = (level, track);
        // Past the first or last level, up and down scroll what lies above or below.
        let mut by = 0;
        match action {
            Action::Up if level == 0 => by = -1,
            Action::Down if level + 1 == levels => by = 1,
            Action::Up => level -= 1,
            Action::Down => level += 1,
            Action::PageUp => by = -(self.overview_fit.0.max(2) as isize - 1),
            Action::PageDown => by = self.overview_fit.0.max(2) as isize - 1,
            Action::Scroll(n) => level = level.saturating_add_signed(n.signum()).min(levels - 1),
            Action::Left => track = track.saturating_sub(1),
            Action::Right => track = (track + 1).min(tracks - 1),
            Action::Choose => return self.jump_to(level, track),
            Action::ClickOverview { level, track } if level < levels && track < tracks => {
                return self.jump_to(level, track);
            }
            Action::Close | Action::OpenOverview => return Effect::None,
            Action::SetGoal => {
                self.open_goal(crate::model::goal::ALL.to_owned(), level, track);
                return Effect::None;
            }
            Action::SetTrackGoal => {
                let key = self.roadmap.tracks[track].id.clone();
                self.open_goal(key, level, track);
                return Effect::None;
            }
            Action::ToggleHelp => {
                self.mode = Mode::Help { scroll: 0 };
                return Effect::None;
            }
            Action::Quit => {
                // Left on the overview, so the next session can come back to it.
                self.mode = Mode::Overview { level, track };
                return Effect::Quit;
            }
            _ => {}
        }
        self.mode = Mode::Overview { level, track };
        if by == 0 {
            self.scroll_overview(0, level);
        } else {
            // A page may leave the selected level off screen: the selection follows the view
            // while any level is shown, and stays put while the rows below are read.
            let (view, _, (first, each)) = self.overview_fit;
            self.scroll_overview_by(by);
            self.overview_follow = false;
            let top = self.overview_scroll;
            let shown = (0..levels).filter(|l| {
                let row = first + l * each;
                row >= top && row + each <= top + view
            });
            let shown: Vec<usize> = shown.collect();
            if let (Some(&lo), Some(&hi)) = (shown.first(), shown.last()) {
                let level = level.clamp(lo, hi);
                self.mode = Mode::Overview { level, track };
            }
        }
        Effect::None
    }

    fn jump_to(&mut self, level: usize, track: usize) -> Effect {
        self.cursor.track = track;
        if !self
            .roadmap
            .level_range(level)
            .any(|p| self.row_of(p).is_some())
        {
            self.filter = Filter::All;
            self.rebuild_rows();
        }
        self.move_to_level(level);
        Effect::None
    }
}
