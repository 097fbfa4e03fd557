//! Which languages the grid and the overview show where not all of them fit across: the first
//! one on screen, moved as little as needed to keep the cursor's language (the overview's
//! selected one) in view, as the rows scroll to keep the cursor's task in view.

use super::{App, Mode};
use crate::model::headers::Headers;

/// The first of the `shown` languages on screen out of `total`: `scroll`, moved as little as
/// needed to show language `cursor`, and never so far that the screen has room to spare.
pub fn first_shown(scroll: usize, shown: usize, total: usize, cursor: usize) -> usize {
    let shown = shown.max(1);
    let mut first = scroll.min(total.saturating_sub(shown));
    if cursor < first {
        first = cursor;
    } else if cursor >= first + shown {
        first = cursor + 1 - shown;
    }
    first
}

impl App {
    /// The column headers of the languages shown, in their order.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// The first language the grid shows.
    pub fn track_scroll(&self) -> usize {
        self.track_scroll
    }

    /// The languages the grid shows across, by index: all of them where they fit.
    pub fn tracks_on_screen(&self) -> std::ops::Range<usize> {
        let total = self.roadmap.tracks.len();
        let shown = self.grid_tracks.clamp(1, total.max(1));
        let first = first_shown(self.track_scroll, shown, total, self.cursor.track);
        first..(first + shown).min(total)
    }

    /// The first language the overview's matrix shows.
    pub fn overview_track_scroll(&self) -> usize {
        self.overview_track_scroll
    }

    /// Keeps the cursor's language in the grid's view and the selected one in the overview's,
    /// for `grid` and `overview` languages on screen.
    pub(super) fn scroll_tracks(&mut self, grid: usize, overview: usize) {
        let total = self.roadmap.tracks.len();
        self.grid_tracks = grid;
        self.track_scroll = first_shown(self.track_scroll, grid, total, self.cursor.track);
        if let Mode::Overview { track, .. } | Mode::Goal { track, .. } = self.mode {
            self.overview_track_scroll =
                first_shown(self.overview_track_scroll, overview, total, track);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::first_shown;

    #[test]
    fn the_view_moves_only_to_keep_the_cursor_in_it() {
        // Ten languages, four on screen.
        assert_eq!(first_shown(0, 4, 10, 3), 0);
        assert_eq!(first_shown(0, 4, 10, 4), 1, "one step past the right edge");
        assert_eq!(first_shown(5, 4, 10, 6), 5, "inside the view: no move");
        assert_eq!(first_shown(5, 4, 10, 2), 2, "one step past the left edge");
        assert_eq!(first_shown(9, 4, 10, 9), 6, "no room to spare at the end");
        assert_eq!(first_shown(3, 20, 10, 9), 0, "all fit");
    }
}
