//! The learners' table: its columns across a given width (names, levels or languages, total,
//! last activity, attention), the header and the rows on screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::ATTENTION;
use crate::cohort::screen::{Columns, Screen};
use crate::cohort::{Count, Learner};
use crate::i18n::tr;
use crate::ui::text::{truncate, truncate_line};
use crate::ui::theme::{self, Theme};

/// The table's columns across a given width.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cols {
    pub(super) name: u16,
    /// Each data column's width.
    data: u16,
    /// Data columns on screen, from `first`.
    pub(super) shown: usize,
    first: usize,
    /// Whether the "◀ N" / "N ▶" markers take a column each side.
    markers: bool,
    total: u16,
    last: u16,
    flag: u16,
}

const MARK: u16 = 2;
const MARKER: u16 = 4;
const DATA: u16 = 8;
/// The widest a data column grows to show its header whole.
const DATA_WIDE: u16 = 14;
const TOTAL: u16 = 9;
const LAST: u16 = 12;
/// Below this width the last activity is shown as month and day.
const SHORT_DATES: u16 = 80;
const LAST_SHORT: u16 = 8;
const FLAG_MIN: u16 = 14;

pub(super) fn cols(screen: &Screen, width: u16) -> Cols {
    let longest = screen.name_width().min(200) as u16;
    let cap = if width >= 120 {
        28
    } else if width >= 80 {
        14
    } else {
        11
    };
    let header = tr(screen.lang(), "Learner", "Estudiante").width() as u16;
    let name = longest.max(header).clamp(6, cap) + 1;
    let count = screen.column_count();
    let last = if width < SHORT_DATES {
        LAST_SHORT
    } else {
        LAST
    };
    let room = width.saturating_sub(MARK + name + TOTAL + last + FLAG_MIN);
    // Columns as wide as their longest header (a level's or a language's name) where all of
    // them fit so; the figures' width otherwise, names cut.
    let widest = (0..count)
        .map(|i| data_header(screen, i).width() as u16 + 1)
        .max()
        .unwrap_or(DATA)
        .clamp(DATA, DATA_WIDE);
    let data = if count as u16 * widest <= room {
        widest
    } else {
        DATA
    };
    let (shown, markers) = if count as u16 * data <= room {
        (count, false)
    } else {
        (
            (room.saturating_sub(2 * MARKER) / DATA).max(1) as usize,
            true,
        )
    };
    let shown = shown.min(count);
    let first = screen
        .column_scroll()
        .min(count.saturating_sub(shown.max(1)));
    let markers_width = if markers { 2 * MARKER } else { 0 };
    let used = MARK + name + shown as u16 * data + markers_width + TOTAL + last;
    Cols {
        name,
        data,
        shown,
        first,
        markers,
        total: TOTAL,
        last,
        flag: width.saturating_sub(used),
    }
}

pub(super) fn pad(text: &str, width: u16) -> String {
    let text = truncate(text, width.saturating_sub(1) as usize);
    let gap = (width as usize).saturating_sub(text.width());
    format!("{text}{}", " ".repeat(gap))
}

fn pad_right(text: &str, width: u16) -> String {
    let text = truncate(text, width.saturating_sub(1) as usize);
    let gap = (width as usize).saturating_sub(text.width() + 1);
    format!("{}{text} ", " ".repeat(gap))
}

fn count_text(count: &Count) -> String {
    format!("{}/{}", count.done, count.total)
}

/// A learner's count in the data column `i`.
fn data_count(screen: &Screen, learner: &Learner, i: usize) -> Option<Count> {
    match screen.columns() {
        Columns::Levels => learner.summary.levels.get(i).copied(),
        Columns::Languages => {
            let (id, _) = screen.tracks().get(i)?;
            learner
                .summary
                .tracks
                .iter()
                .find(|t| t.id == *id)
                .map(|t| t.count)
        }
    }
}

/// The headers of the data columns.
fn data_header(screen: &Screen, i: usize) -> String {
    match screen.columns() {
        Columns::Levels => screen
            .roadmap()
            .levels
            .get(i)
            .map(|level| level.name.clone())
            .unwrap_or_default(),
        Columns::Languages => screen
            .tracks()
            .get(i)
            .map(|(_, name)| name.clone())
            .unwrap_or_default(),
    }
}

pub(super) fn render_table(
    screen: &Screen,
    th: &Theme,
    frame: &mut Frame,
    area: Rect,
) -> Option<Position> {
    if area.height == 0 {
        return None;
    }
    let lang = screen.lang();
    let c = cols(screen, area.width);
    let count = screen.column_count();
    let mut header = vec![Span::raw(" ".repeat(MARK as usize))];
    header.push(Span::raw(pad(tr(lang, "Learner", "Estudiante"), c.name)));
    if c.markers {
        let left = if c.first > 0 {
            format!("◀ {}", c.first)
        } else {
            String::new()
        };
        header.push(Span::styled(pad(&left, MARKER), th.dim));
    }
    for i in c.first..(c.first + c.shown).min(count) {
        header.push(Span::raw(pad_right(&data_header(screen, i), c.data)));
    }
    if c.markers {
        let after = count.saturating_sub(c.first + c.shown);
        let right = if after > 0 {
            format!("{after} ▶")
        } else {
            String::new()
        };
        header.push(Span::styled(pad_right(&right, MARKER), th.dim));
    }
    header.push(Span::raw(pad_right("Total", c.total)));
    header.push(Span::raw(pad(
        &format!(" {}", tr(lang, "Last", "Última")),
        c.last,
    )));
    header.push(Span::raw(pad(tr(lang, "Attention", "Atención"), c.flag)));
    let [head, rows] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(header)).style(th.header), head);

    let cohort = screen.cohort();
    let order = screen.order();
    let start = screen.scroll().min(order.len());
    let end = (start + rows.height as usize).min(order.len());
    let mut lines = Vec::with_capacity(end - start);
    let mut focus = None;
    for (row, &index) in order[start..end].iter().enumerate() {
        let place = start + row;
        let learner = &cohort.learners[index];
        let selected = place == screen.selected();
        if selected {
            focus = Some(Position::new(rows.x, rows.y + row as u16));
        }
        let mark = if selected {
            format!("{} ", theme::CURSOR_MARK)
        } else {
            "  ".to_owned()
        };
        let mut spans = vec![Span::raw(mark), Span::raw(pad(&learner.name, c.name))];
        if c.markers {
            spans.push(Span::raw(" ".repeat(MARKER as usize)));
        }
        for i in c.first..(c.first + c.shown).min(count) {
            let span = match data_count(screen, learner, i) {
                Some(n) => Span::styled(
                    pad_right(&count_text(&n), c.data),
                    th.ratio(n.done, n.total),
                ),
                None => Span::styled(pad_right("—", c.data), th.dim),
            };
            spans.push(span);
        }
        if c.markers {
            spans.push(Span::raw(" ".repeat(MARKER as usize)));
        }
        let total = learner.summary.overall;
        spans.push(Span::styled(
            pad_right(&count_text(&total), c.total),
            th.ratio(total.done, total.total),
        ));
        let last = learner.summary.last_activity.map_or_else(
            || "—".to_owned(),
            |d| {
                if c.last < LAST {
                    format!("{:02}-{:02}", d.month(), d.day())
                } else {
                    d.to_string()
                }
            },
        );
        spans.push(Span::styled(pad(&format!(" {last}"), c.last), th.dim));
        let reasons = &learner.summary.attention;
        if let Some(first) = reasons.first() {
            let more = if reasons.len() > 1 {
                format!(" +{}", reasons.len() - 1)
            } else {
                String::new()
            };
            spans.push(Span::styled(
                pad(&format!("{ATTENTION} {}{more}", first.short(lang)), c.flag),
                th.error,
            ));
        }
        let mut line = Line::from(spans);
        if selected {
            line = line.style(th.cursor_row);
        }
        lines.push(truncate_line(line, rows.width as usize));
    }
    frame.render_widget(Paragraph::new(lines), rows);
    focus
}
