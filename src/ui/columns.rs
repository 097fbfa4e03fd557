//! The grid's columns across: the task's number, its text, and the languages. The text keeps
//! at least `MIN_TEXT` columns; the languages that do not fit beside it scroll sideways with the
//! cursor, between two markers that count those off screen ("◀ 3", "5 ▶"). Headers are as wide
//! as it takes to tell the languages apart (see `model::headers`).
//!
//! Worked out by arithmetic, for the languages on screen only: ratatui's layout solver takes
//! time that grows much faster than the number of columns, and a roadmap may have thousands.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::Cell;
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Mode, first_shown};

/// The fewest columns of task text the grid keeps.
pub const MIN_TEXT: u16 = 24;
/// The narrowest language column: a symbol with its note mark, a level's count.
const MIN_TRACK: u16 = 3;
/// The narrowest language column where whole names are shown.
const MIN_FULL: u16 = 5;
/// The widest language column: a longer header is cut (a roadmap's names may be long).
const MAX_TRACK: usize = 24;

/// Which of a row of equal columns (one per language) are on screen, and the two markers
/// beside them that count those off screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Across {
    /// Each language's column.
    pub width: u16,
    /// Each marker's column ("◀ 3", "5 ▶"); 0 when every language is on screen.
    pub marker: u16,
    /// The languages on screen: `shown` of them from `first`, out of `total`.
    pub first: usize,
    pub shown: usize,
    pub total: usize,
}

impl Across {
    /// `total` columns `width` wide (each with a space before it) in `room` columns, of
    /// which `keep` are kept for something else; where not all fit, as many as do between the
    /// two markers, from the one `scroll` asks for, moved to show `cursor`.
    fn fit(
        room: usize,
        keep: usize,
        width: u16,
        total: usize,
        scroll: usize,
        cursor: usize,
    ) -> Across {
        let each = usize::from(width) + 1;
        if room >= keep + total.saturating_mul(each) {
            return Across {
                width,
                marker: 0,
                first: 0,
                shown: total,
                total,
            };
        }
        let marker = digits(total) + 2;
        let for_tracks = room.saturating_sub(keep + 2 * (usize::from(marker) + 1));
        let shown = (for_tracks / each).clamp(1, total.max(1));
        Across {
            width,
            marker,
            first: first_shown(scroll, shown, total, cursor),
            shown,
            total,
        }
    }

    /// The columns the languages and the markers take, each with the space before it.
    fn used(&self) -> usize {
        let markers = if self.scrolls() {
            2 * (usize::from(self.marker) + 1)
        } else {
            0
        };
        self.shown * (usize::from(self.width) + 1) + markers
    }

    /// Whether some languages are off screen, and so the markers are shown.
    pub fn scrolls(&self) -> bool {
        self.marker > 0
    }

    /// The languages on screen, by index.
    pub fn visible(&self) -> std::ops::Range<usize> {
        self.first..(self.first + self.shown).min(self.total)
    }

    /// How many languages are off screen to the left and to the right.
    pub fn hidden(&self) -> (usize, usize) {
        let right = self.total.saturating_sub(self.first + self.shown);
        (self.first, right)
    }

    /// The markers' texts, "◀ 3" and "5 ▶", empty where nothing is off screen on that side.
    pub fn markers(&self) -> (String, String) {
        let (left, right) = self.hidden();
        let left = if left > 0 {
            format!("◀ {left}")
        } else {
            String::new()
        };
        let right = if right > 0 {
            format!("{right} ▶")
        } else {
            String::new()
        };
        (left, right)
    }

    /// The column widths: the left marker, the languages shown, the right marker (the markers
    /// only where some languages are off screen).
    pub fn widths(&self) -> Vec<Constraint> {
        let mut widths = Vec::with_capacity(self.shown + 2);
        if self.scrolls() {
            widths.push(Constraint::Length(self.marker));
        }
        widths.extend(std::iter::repeat_n(
            Constraint::Length(self.width),
            self.visible().len(),
        ));
        if self.scrolls() {
            widths.push(Constraint::Length(self.marker));
        }
        widths
    }

    /// The language (by index) whose column holds `x`, where the left marker (or the first
    /// language where there is none) starts at `start`.
    pub fn track_at(&self, start: u16, x: u16) -> Option<usize> {
        let start = if self.scrolls() {
            start + self.marker + 1
        } else {
            start
        };
        let offset = usize::from(x.checked_sub(start)?);
        let each = usize::from(self.width) + 1;
        let (i, within) = (offset / each, offset % each);
        (within < usize::from(self.width) && i < self.visible().len()).then_some(self.first + i)
    }

    /// Where language `t`'s column starts, where the left marker (or the first language where
    /// there is none) starts at `start`; `None` for a language off screen.
    pub fn track_x(&self, start: u16, t: usize) -> Option<u16> {
        let start = if self.scrolls() {
            start + self.marker + 1
        } else {
            start
        };
        let i = t
            .checked_sub(self.first)
            .filter(|&i| i < self.visible().len())?;
        let x = usize::from(start) + i * (usize::from(self.width) + 1);
        u16::try_from(x).ok()
    }

    /// A row's cells: `first` (what comes before the languages), then the languages' cells
    /// between the markers' (`left`, `right`, used only where some languages are off screen),
    /// then `last`.
    pub fn cells<'a>(
        &self,
        mut first: Vec<Cell<'a>>,
        tracks: impl Iterator<Item = Cell<'a>>,
        (left, right): (Cell<'a>, Cell<'a>),
        last: Option<Cell<'a>>,
    ) -> Vec<Cell<'a>> {
        if self.scrolls() {
            first.push(left);
        }
        first.extend(tracks);
        if self.scrolls() {
            first.push(right);
        }
        first.extend(last);
        first
    }

    /// Empty cells for the markers' columns. (`Cell::default()` spans no column at all.)
    pub fn blank() -> (Cell<'static>, Cell<'static>) {
        (Cell::from(""), Cell::from(""))
    }

    /// The markers as header cells in `style`, the left one against the languages.
    pub fn marker_cells(&self, style: Style) -> (Cell<'static>, Cell<'static>) {
        let (left, right) = self.markers();
        let width = usize::from(self.marker);
        (
            Cell::from(format!("{left:>width$}")).style(style),
            Cell::from(right).style(style),
        )
    }
}

/// Where the grid's columns go, in a table with one column of space between columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridColumns {
    /// The task number's column (with the cursor mark).
    pub number: u16,
    /// The task text's column.
    pub text: u16,
    /// The languages' columns.
    pub across: Across,
}

impl GridColumns {
    /// The columns of a grid whose table is `width` columns wide; `full_names` asks for columns
    /// as wide as the longest header.
    pub fn new(app: &App, width: u16, full_names: bool) -> GridColumns {
        let total = app.roadmap().tracks.len();
        let headers = app.headers();
        let wanted = if full_names {
            headers.longest().max(usize::from(MIN_FULL))
        } else {
            headers.need().max(usize::from(MIN_TRACK))
        };
        // For a screen reader the cells hold words: "in progress", "pendiente".
        let wanted = if app.screen_reader() {
            wanted.max(super::words::cell_width(app.lang()))
        } else {
            wanted
        };
        let track = wanted.min(MAX_TRACK) as u16;
        let number = digits(app.roadmap().max_id().max(1) as usize) + 2;
        // What follows the number and its space: the text, then the languages.
        let room = usize::from(width.saturating_sub(number + 1));
        let across = Across::fit(
            room,
            usize::from(MIN_TEXT),
            track,
            total,
            app.track_scroll(),
            app.cursor().track,
        );
        GridColumns {
            number,
            text: room.saturating_sub(across.used()) as u16,
            across,
        }
    }

    /// The table's column widths: number, text, then the languages' (see `Across::widths`).
    pub fn widths(&self) -> Vec<Constraint> {
        let mut widths = vec![
            Constraint::Length(self.number),
            Constraint::Length(self.text),
        ];
        widths.extend(self.across.widths());
        widths
    }

    /// The language (by index) whose column holds `x`, in a table drawn in `inner`.
    pub fn track_at(&self, inner: Rect, x: u16) -> Option<usize> {
        self.across.track_at(self.tracks_start(inner), x)
    }

    /// Where language `t`'s column starts in a table drawn in `inner`, if it is on screen.
    pub fn track_x(&self, inner: Rect, t: usize) -> Option<u16> {
        self.across.track_x(self.tracks_start(inner), t)
    }

    /// Where the languages' columns (their left marker first, if any) start.
    fn tracks_start(&self, inner: Rect) -> u16 {
        inner.x + self.number + 1 + self.text + 1
    }
}

/// The overview's matrix across: the levels' names, the languages, and the total of each level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatrixColumns {
    /// The level names' column.
    pub name: u16,
    /// The languages' columns; the total's is as wide.
    pub across: Across,
}

impl MatrixColumns {
    /// The columns of a matrix `width` columns wide, borders included: cells as wide as the
    /// width allows (never below 6, "16/630", nor below what tells the headers apart), and
    /// where even those do not all fit, the languages scroll between markers.
    pub fn new(app: &App, width: u16) -> MatrixColumns {
        let name = app
            .roadmap()
            .levels
            .iter()
            .map(|l| l.name.width())
            .max()
            .unwrap_or(5)
            .max(6) as u16;
        let total = app.roadmap().tracks.len();
        let narrowest = app.headers().need().clamp(6, MAX_TRACK);
        let room = usize::from(width.saturating_sub(2 + name));
        // Every language and the total, each with the space before it.
        let widest = (room / (total + 1)).saturating_sub(1);
        let selected = match app.mode() {
            Mode::Overview { track, .. } | Mode::Goal { track, .. } => *track,
            _ => app.cursor().track,
        };
        let across = if widest >= narrowest {
            Across::fit(room, widest + 1, widest as u16, total, 0, selected)
        } else {
            let width = narrowest as u16;
            Across::fit(
                room,
                narrowest + 1,
                width,
                total,
                app.overview_track_scroll(),
                selected,
            )
        };
        MatrixColumns { name, across }
    }

    /// The table's column widths: the names, the languages' (see `Across::widths`), the total.
    pub fn widths(&self) -> Vec<Constraint> {
        let mut widths = vec![Constraint::Length(self.name)];
        widths.extend(self.across.widths());
        widths.push(Constraint::Length(self.across.width));
        widths
    }

    /// The language (by index) whose column holds `x`, in a matrix whose table is drawn in
    /// `inner`.
    pub fn track_at(&self, inner: Rect, x: u16) -> Option<usize> {
        self.across.track_at(inner.x + self.name + 1, x)
    }

    /// Where language `t`'s column starts in a matrix whose table is drawn in `inner`, if it is
    /// on screen.
    pub fn track_x(&self, inner: Rect, t: usize) -> Option<u16> {
        self.across.track_x(inner.x + self.name + 1, t)
    }
}

/// Decimal digits of `n`.
fn digits(n: usize) -> u16 {
    n.checked_ilog10().unwrap_or(0) as u16 + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roadmap::Text;
    use crate::model::{Level, Progress, Roadmap, Task, Track};

    /// An app on a roadmap of `n` languages named "Track 0", "Track 1"…
    fn app_with_tracks(n: usize) -> App {
        let tracks = (0..n)
            .map(|i| Track {
                id: format!("track{i}"),
                name: format!("Track {i}"),
            })
            .collect();
        let levels = vec![Level {
            id: "one".into(),
            name: "One".into(),
            tasks: (1..=105)
                .map(|id| Task {
                    id,
                    text: Text::both("Set up a local server"),
                })
                .collect(),
        }];
        let roadmap = Roadmap::new("wide".into(), Text::both("Wide"), tracks, levels).unwrap();
        App::new(roadmap, Progress::default())
    }

    #[test]
    fn the_seed_fits_whole_at_80_columns() {
        let app = App::new(Roadmap::seed().unwrap(), Progress::default());
        let c = GridColumns::new(&app, 78, false);
        assert_eq!((c.number, c.text, c.across.width), (5, 48, 3));
        assert!(!c.across.scrolls());
        assert_eq!(c.across.visible(), 0..6);
        assert_eq!(c.widths().len(), 8);
    }

    #[test]
    fn fourteen_languages_at_80_columns_keep_the_text_and_scroll() {
        let app = app_with_tracks(14);
        let c = GridColumns::new(&app, 78, false);
        let a = c.across;
        assert!(c.text >= MIN_TEXT, "{c:?}");
        assert_eq!(
            a.width, 8,
            "\"Track 10\" needs eight columns beside \"Track 1\""
        );
        assert!(a.scrolls());
        assert_eq!(a.first, 0);
        assert_eq!(a.markers(), (String::new(), format!("{} ▶", 14 - a.shown)));
        let used = c.number + 1 + c.text + 2 * (a.marker + 1) + a.shown as u16 * (a.width + 1);
        assert_eq!(used, 78, "{c:?}");
    }

    #[test]
    fn twenty_languages_at_120_columns_keep_the_text() {
        let app = app_with_tracks(20);
        let c = GridColumns::new(&app, 118, true);
        assert!(c.text >= MIN_TEXT, "{c:?}");
        assert!(c.across.shown < 20 && c.across.shown > 1, "{c:?}");
    }

    #[test]
    fn at_any_width_the_columns_fit_and_the_text_keeps_its_room() {
        for n in [1, 2, 7, 14, 100, 3000] {
            let mut app = app_with_tracks(n);
            for cursor in [0, n / 2, n - 1] {
                for _ in 0..cursor {
                    app.update(crate::app::Action::Right, "");
                }
                for width in (8..=300).step_by(7) {
                    for full in [false, true] {
                        let c = GridColumns::new(&app, width, full);
                        let a = c.across;
                        let used = usize::from(c.number) + 1 + usize::from(c.text) + a.used();
                        if width >= 58 {
                            assert!(c.text >= MIN_TEXT, "{n} at {width}: {c:?}");
                            assert_eq!(used, usize::from(width), "{n} at {width}: {c:?}");
                        }
                        assert!(a.visible().contains(&app.cursor().track) || a.shown == 0);
                        let m = MatrixColumns::new(&app, width);
                        assert!(m.across.visible().len() <= n);
                    }
                }
            }
        }
    }

    #[test]
    fn a_click_finds_the_language_under_it() {
        let app = app_with_tracks(14);
        let inner = Rect::new(1, 2, 78, 20);
        let c = GridColumns::new(&app, inner.width, false);
        let a = c.across;
        let first_x = inner.x + c.number + 1 + c.text + 1 + a.marker + 1;
        assert_eq!(c.track_at(inner, first_x), Some(0));
        assert_eq!(
            c.track_at(inner, first_x + a.width),
            None,
            "the space between"
        );
        assert_eq!(c.track_at(inner, first_x + a.width + 1), Some(1));
        assert_eq!(c.track_at(inner, first_x - 2), None, "the marker");
    }
}
