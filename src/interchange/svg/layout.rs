//! Where the parts of the card go: the bars, the matrix and the calendar, placed for the number
//! of languages and the width of their names.

use super::super::measure::{headers, text_width};
use super::{CardData, DAY_PITCH, PAD, WIDTH, pct};

/// Where the parts of the card go, in user units. With few languages the bars and the matrix
/// stand side by side; with more than fit, the matrix goes under the bars, full width, its
/// languages in as many blocks as it takes, and the bars in two columns where they fit.
pub(super) struct Layout {
    pub(super) bars: Bars,
    pub(super) matrix: Matrix,
    pub(super) calendar_top: u32,
    pub(super) height: u32,
}

/// The bars: a name, a bar and the figures per language, in one or two columns.
pub(super) struct Bars {
    pub(super) top: u32,
    /// Languages per column.
    pub(super) rows: usize,
    /// The left edge of each column.
    pub(super) columns: Vec<u32>,
    pub(super) name_w: f64,
    pub(super) bar_w: u32,
}

/// The levels × languages matrix: level names, then a cell per language, in blocks of
/// `per_block` languages one under the other.
pub(super) struct Matrix {
    pub(super) top: u32,
    pub(super) x: u32,
    pub(super) level_w: u32,
    pub(super) cell: u32,
    pub(super) per_block: usize,
    /// Each language's header, told apart from the others.
    pub(super) labels: Vec<String>,
}

const TOP: u32 = 112;
pub(super) const ROW: u32 = 22;
pub(super) const MATRIX_ROW: u32 = 20;
/// Between two sections, and between the name and the bar of a language.
const GAP: u32 = 24;
const BAR_W: u32 = 170;
/// The narrowest a bar is drawn when the bars go in two columns.
const MIN_BAR_W: u32 = 110;
/// The widest a language's header may be before an abbreviation takes its place.
const LABEL_MAX: f64 = 72.0;
const MAX_CELL: u32 = 60;
/// A matrix block's header row and the space under its last row.
pub(super) const BLOCK_HEAD: u32 = 34;
pub(super) const BLOCK_GAP: u32 = 14;

fn width_of(s: &str, size: f64) -> u32 {
    text_width(s, size, false).ceil() as u32
}

/// A language's figures beside its bar: "40.0% 42/105".
fn track_figures(done: usize, total: usize) -> String {
    format!("{} {done}/{total}", pct(done, total))
}

pub(super) fn layout(data: &CardData) -> Layout {
    let r = data.roadmap;
    let s = &data.stats;
    let tracks = r.tracks.len();
    let levels = r.levels.len() as u32;
    let inner = WIDTH - 2 * PAD;

    let name_w = r
        .tracks
        .iter()
        .map(|t| text_width(&t.name, 12.0, false))
        .fold(80.0, f64::max)
        .min(130.0);
    let figures_w = (0..tracks)
        .map(|t| width_of(&track_figures(s.track_done(t), s.track_cells(t)), 12.0))
        .max()
        .unwrap_or(0);
    let column_w = |bar_w: u32| name_w.ceil() as u32 + 8 + bar_w + 8 + figures_w;

    let level_w = r
        .levels
        .iter()
        .map(|l| width_of(&l.name, 11.0))
        .max()
        .unwrap_or(0)
        .clamp(40, 150);
    let labels = headers(&r.tracks, |l| text_width(l, 10.0, false) <= LABEL_MAX);
    let widest_label = labels.iter().map(|l| width_of(l, 10.0)).max().unwrap_or(0);
    // A cell holds its header and at least a percentage ("100%").
    let min_cell = (widest_label + 6).max(width_of("100%", 10.0) + 10);

    // Side by side: the matrix in what the bars leave.
    let beside_x = PAD + column_w(BAR_W) + GAP;
    let beside_room = (WIDTH - PAD).saturating_sub(beside_x + level_w + 8);
    let tracks_u = tracks.max(1) as u32;
    let (bars, matrix, bottom) = if beside_room >= min_cell * tracks_u {
        let bars_h = 14 + tracks as u32 * ROW;
        let matrix_h = BLOCK_HEAD + levels * MATRIX_ROW;
        let bars = Bars {
            top: TOP,
            rows: tracks,
            columns: vec![PAD],
            name_w,
            bar_w: BAR_W,
        };
        let matrix = Matrix {
            top: TOP,
            x: beside_x,
            level_w,
            cell: (beside_room / tracks_u).min(MAX_CELL.max(min_cell)),
            per_block: tracks.max(1),
            labels,
        };
        (bars, matrix, TOP + bars_h.max(matrix_h))
    } else {
        // Two columns of bars where a bar keeps MIN_BAR_W, else one.
        let two_bar_w = ((inner - GAP) / 2).saturating_sub(column_w(0));
        let bars = if two_bar_w >= MIN_BAR_W && tracks > 1 {
            Bars {
                top: TOP,
                rows: tracks.div_ceil(2),
                columns: vec![PAD, PAD + (inner + GAP) / 2],
                name_w,
                bar_w: two_bar_w.min(BAR_W),
            }
        } else {
            Bars {
                top: TOP,
                rows: tracks,
                columns: vec![PAD],
                name_w,
                bar_w: BAR_W.min(inner.saturating_sub(column_w(0))).max(40),
            }
        };
        let matrix_top = TOP + 14 + bars.rows as u32 * ROW + GAP + 4;
        let room = inner.saturating_sub(level_w + 8);
        let per_block = ((room / min_cell) as usize).clamp(1, tracks.max(1));
        let blocks = tracks.div_ceil(per_block).max(1) as u32;
        let matrix = Matrix {
            top: matrix_top,
            x: PAD,
            level_w,
            cell: (room / per_block as u32).min(MAX_CELL.max(min_cell)),
            per_block,
            labels,
        };
        let matrix_h = blocks * (BLOCK_HEAD + levels * MATRIX_ROW) + (blocks - 1) * BLOCK_GAP;
        (bars, matrix, matrix_top + matrix_h)
    };
    let calendar_top = bottom + 28;
    Layout {
        bars,
        matrix,
        calendar_top,
        height: calendar_top + 24 + 7 * DAY_PITCH + 40,
    }
}
