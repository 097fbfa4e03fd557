//! The main grid: a header row per level, a row per task, a column per track.
//! Only the rows that fit are built, so a frame costs the same for any roadmap size.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Cell, Paragraph, Row as TableRow, Scrollbar, ScrollbarOrientation, ScrollbarState,
    StatefulWidget, Table, Widget, Wrap,
};

use super::columns::{Across, GridColumns};
use super::text::{center, truncate};
use super::theme::{self, Theme};
use super::words;
use crate::app::{Action, App, Filter, Row};
use crate::i18n::tr;
use crate::model::text::find_folded;
use crate::model::{Status, Track};

/// The grid's rows on screen: the area less its border and header row.
pub fn body_height(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

/// How many columns the task text gets in a grid `width` columns wide, borders included.
pub fn text_width(app: &App, width: u16, full_names: bool) -> usize {
    GridColumns::new(app, width.saturating_sub(2), full_names).text as usize
}

/// How many languages a grid `width` columns wide shows across, borders included.
pub fn tracks_shown(app: &App, width: u16, full_names: bool) -> usize {
    GridColumns::new(app, width.saturating_sub(2), full_names)
        .across
        .shown
}

/// The first row to show: the app's scroll, moved if needed so the cursor is on screen.
fn top(app: &App, height: usize) -> usize {
    let rows = app.rows().len();
    let cursor = app.cursor_row();
    let mut top = app.scroll().min(rows.saturating_sub(height));
    if cursor < top {
        top = cursor;
    } else if cursor >= top + height {
        top = cursor + 1 - height;
    }
    top
}

fn block_for(app: &App, th: &Theme) -> Block<'static> {
    let lang = app.lang();
    let mut title = if app.has_rows() {
        let level = &app.roadmap().levels[app.roadmap().level_of(app.cursor().pos)];
        let id = app.roadmap().task(app.cursor().pos).id;
        format!(" {} · {} {id} ", level.name, tr(lang, "task", "tarea"))
    } else {
        " ".to_owned()
    };
    let name = |t: usize| app.roadmap().tracks[t].name.as_str();
    let filter = match app.filter() {
        Filter::All => None,
        Filter::NotDone(t) => Some(format!(
            "{} {}",
            tr(lang, "not done in", "sin hacer en"),
            name(t)
        )),
        Filter::Gap(t) => Some(format!(
            "{} {}",
            tr(lang, "done elsewhere, not in", "hechas en otro, no en"),
            name(t)
        )),
    };
    let mut block = Block::bordered().border_style(th.focus_border);
    if let Some(filter) = filter {
        title.push_str(&format!("· {}: {filter} ", tr(lang, "filter", "filtro")));
    }
    block = block.title(Line::styled(title, th.title));
    if let Some(search) = app.search() {
        let n = search.matches.len();
        let text = format!(" /{} · {} ", search.query, super::text::matches(lang, n));
        block = block.title_bottom(Line::styled(text, th.matched));
    }
    block
}

pub struct GridView<'a> {
    app: &'a App,
    theme: &'a Theme,
    full_names: bool,
}

impl<'a> GridView<'a> {
    pub fn new(app: &'a App, theme: &'a Theme, full_names: bool) -> Self {
        GridView {
            app,
            theme,
            full_names,
        }
    }

    fn header(&self, cols: &GridColumns) -> TableRow<'a> {
        let th = self.theme;
        let app = self.app;
        let w = usize::from(cols.across.width);
        let cells = cols.across.visible().map(|i| {
            let style = if i == app.cursor().track {
                th.cursor_header
            } else {
                th.header
            };
            Cell::from(center(app.headers().short(i, w), w)).style(style)
        });
        let first = vec![Cell::from("#"), Cell::from(tr(app.lang(), "Task", "Tarea"))];
        let markers = cols.across.marker_cells(th.key);
        TableRow::new(cols.across.cells(first, cells, markers, None)).style(th.header)
    }

    fn level_row(&self, level: usize, cols: &GridColumns) -> TableRow<'a> {
        let th = self.theme;
        let app = self.app;
        let (shown, counts) = app.shown_in_level(level);
        let w = usize::from(cols.across.width);
        let name = &app.roadmap().levels[level].name;
        let title = if app.filter() == Filter::All {
            let all_done: usize = counts.iter().map(|c| c.0).sum();
            let all: usize = counts.iter().map(|c| c.1).sum();
            format!("{name}  {all_done}/{all}")
        } else {
            format!("{name}  ({shown} {})", tr(app.lang(), "shown", "visibles"))
        };
        let first = vec![
            Cell::from(""),
            Cell::from(truncate(&title, usize::from(cols.text))).style(th.level),
        ];
        let cells = counts[cols.across.visible()].iter().map(|&(d, total)| {
            let label = if self.full_names {
                format!("{d}/{total}")
            } else {
                d.to_string()
            };
            Cell::from(center(&label, w)).style(th.ratio(d, total))
        });
        TableRow::new(cols.across.cells(first, cells, Across::blank(), None))
    }

    /// The task's text cut to fit, with the search match highlighted.
    fn task_text(&self, pos: usize, text_width: usize) -> (Line<'a>, bool) {
        let th = self.theme;
        let app = self.app;
        let text = truncate(app.roadmap().task(pos).text.get(app.lang()), text_width);
        let Some(search) = app.search().filter(|_| app.is_match(pos)) else {
            return (Line::from(text), false);
        };
        match find_folded(&text, &search.folded) {
            Some(r) => {
                let line = Line::from(vec![
                    Span::raw(text[..r.start].to_owned()),
                    Span::styled(text[r.clone()].to_owned(), th.matched),
                    Span::raw(text[r.end..].to_owned()),
                ]);
                (line, true)
            }
            // The match is in the other language, or cut off.
            None => (Line::from(text), true),
        }
    }

    fn task_row(&self, pos: usize, cols: &GridColumns) -> TableRow<'a> {
        let th = self.theme;
        let app = self.app;
        let task = app.roadmap().task(pos);
        let is_cursor_row = pos == app.cursor().pos;
        let w = usize::from(cols.across.width);
        let marker = if is_cursor_row {
            theme::CURSOR_MARK
        } else {
            " "
        };
        let (text, matched) = self.task_text(pos, usize::from(cols.text));
        let number_style = if matched {
            th.matched
        } else {
            Default::default()
        };
        let first = vec![
            Cell::from(Line::from(vec![
                Span::raw(marker),
                Span::styled(task.id.to_string(), number_style),
            ])),
            Cell::from(text),
        ];
        let tracks = &app.roadmap().tracks;
        let cells = cols.across.visible().map(|i| {
            let (mark, mut style) = cell_mark(app, th, task.id, &tracks[i]);
            if is_cursor_row && i == app.cursor().track {
                style = style.patch(th.cursor);
            }
            // The style covers the whole cell, the mark in its middle.
            let line = if unicode_width::UnicodeWidthStr::width(mark.as_ref()) < w {
                Line::from(mark).centered()
            } else {
                Line::from(truncate(&mark, w))
            };
            Cell::from(line).style(style)
        });
        let row = TableRow::new(cols.across.cells(first, cells, Across::blank(), None));
        if is_cursor_row {
            row.style(th.cursor_row)
        } else {
            row
        }
    }
}

impl Widget for GridView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let app = self.app;
        let block = block_for(app, th);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 2 || inner.width < 10 {
            return;
        }
        if !app.has_rows() {
            let text = tr(
                app.lang(),
                "No task matches this filter. Press f to change it.",
                "Ninguna tarea coincide con este filtro. Pulsa f para cambiarlo.",
            );
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .style(th.dim)
                .render(inner.inner(Margin::new(1, 1)), buf);
            return;
        }

        let cols = GridColumns::new(app, inner.width, self.full_names);
        let height = body_height(area);
        let top = top(app, height);
        let rows = app.rows();
        let end = (top + height).min(rows.len());
        let visible = rows[top..end].iter().map(|row| match *row {
            Row::Level(l) => self.level_row(l, &cols),
            Row::Task(p) => self.task_row(p, &cols),
        });
        let table = Table::new(visible, cols.widths())
            .header(self.header(&cols))
            .column_spacing(1);
        Widget::render(table, inner, buf);

        if rows.len() > height {
            let mut state = ScrollbarState::new(rows.len().saturating_sub(height)).position(top);
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .style(th.border)
                .render(
                    Rect {
                        y: area.y + 2,
                        height: area.height.saturating_sub(3),
                        ..area
                    },
                    buf,
                    &mut state,
                );
        }
    }
}

/// What a cell shows, its state as a symbol (a word for a screen reader) with "*" after it when
/// it has a note, and its style, the cursor's left out.
fn cell_mark(
    app: &App,
    th: &Theme,
    task: crate::model::TaskId,
    track: &Track,
) -> (Cow<'static, str>, Style) {
    let cell = app.progress().cell(task, &track.id);
    let status = cell.map(|c| c.status).unwrap_or_default();
    let has_note = cell.is_some_and(|c| c.note().is_some());
    let review_due = cell.is_some_and(|c| c.review_is_due(app.today()));
    let verified = status == Status::Done && cell.is_some_and(|c| c.verified().is_some());
    let mark = match (review_due, verified, app.screen_reader()) {
        (true, _, false) => theme::REVIEW_SYMBOL,
        (false, true, false) => theme::VERIFIED_SYMBOL,
        (false, false, false) => theme::status_symbol(status),
        (true, _, true) => words::review_word(app.lang()),
        (false, true, true) => words::verified_word(app.lang()),
        (false, false, true) => words::status_word(app.lang(), status),
    };
    // Most cells have no note: their mark is used as it is, not copied.
    let mark: Cow<'static, str> = if has_note {
        format!("{mark}{}", theme::NOTE_MARK).into()
    } else {
        mark.into()
    };
    let style = if review_due {
        th.review()
    } else if verified {
        th.verified()
    } else {
        th.status(status)
    };
    (mark, style)
}

/// Where the focus is in the grid drawn in `area`: on the mark of the cell under the cursor
/// (where a screen reader or a braille display, which follow the terminal's cursor, then
/// read), or on the message that no task is shown.
pub fn focus(app: &App, area: Rect, full_names: bool) -> Option<Position> {
    let inner = block_for(app, &theme::DARK).inner(area);
    if inner.height < 2 || inner.width < 10 {
        return None;
    }
    if !app.has_rows() {
        return Some(inner.inner(Margin::new(1, 1)).as_position());
    }
    let height = body_height(area);
    let row = app.cursor_row().checked_sub(top(app, height))?;
    if row >= height {
        return None;
    }
    let cols = GridColumns::new(app, inner.width, full_names);
    let x = cols.track_x(inner, app.cursor().track)?;
    let column = cols.across.width;
    let task = app.roadmap().task(app.cursor().pos);
    let track = &app.roadmap().tracks[app.cursor().track];
    let (mark, _) = cell_mark(app, &theme::DARK, task.id, track);
    // Where the centred mark starts, as the cell draws it.
    let width = unicode_width::UnicodeWidthStr::width(mark.as_ref()) as u16;
    let indent = if width < column {
        (column - width) / 2
    } else {
        0
    };
    Some(Position::new(x + indent, inner.y + 1 + row as u16))
}

/// The cell a click at (`x`, `y`) lands on in the grid drawn in `area`.
pub fn hit_test(app: &App, area: Rect, full_names: bool, x: u16, y: u16) -> Option<Action> {
    let inner = block_for(app, &theme::DARK).inner(area);
    let body_top = inner.y + 1;
    if !app.has_rows() || y < body_top || y >= inner.bottom() || x < inner.x || x >= inner.right() {
        return None;
    }
    let row = top(app, body_height(area)) + usize::from(y - body_top);
    let Some(Row::Task(pos)) = app.rows().get(row).copied() else {
        return None;
    };
    let track = GridColumns::new(app, inner.width, full_names).track_at(inner, x);
    Some(Action::ClickCell { pos, track })
}
