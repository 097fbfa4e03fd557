//! Drawing: `render` turns a shared `&App` into a frame. Nothing here changes the app.
//! `hit_test` answers which action a mouse click means, from the same layout.

mod activity;
mod bars;
mod calendar;
pub mod cohort;
mod columns;
mod detail;
mod goal;
mod grid;
mod help;
mod in_progress;
mod note;
mod overview;
pub mod text;
pub mod theme;
mod tracks;
mod unsaved;
mod verify;
mod words;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use std::borrow::Cow;

use crate::app::{Action, App, Mode, TextField};
use crate::i18n::tr;
use crate::keymap::{Keymap, Scope};
use crate::model::text::for_terminal;
use theme::Theme;

/// What a frame is drawn from: the app's state and the keymap in effect (for hints and help).
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
}

/// Which screen's bindings apply in the app's current mode.
pub fn scope(app: &App) -> Scope {
    match app.mode() {
        Mode::Grid => Scope::Grid,
        Mode::Overview { .. } => Scope::Overview,
        Mode::Help { .. } => Scope::Help,
        Mode::Search { .. } => Scope::Search,
        Mode::EditNote { .. } => Scope::EditNote,
        Mode::Tracks { .. } => Scope::Tracks,
        Mode::AddTrack { .. } => Scope::AddTrack,
        Mode::Goal { .. } => Scope::Goal,
        Mode::InProgress { .. } => Scope::InProgress,
        Mode::Unsaved => Scope::Unsaved,
        Mode::SaveAs { .. } => Scope::SaveAs,
        Mode::Verify(_) => Scope::Verify,
    }
}

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// The task text the grid keeps when the detail pane stands beside it; with less room the pane
/// goes below the grid instead.
pub const SIDE_TEXT: usize = 60;

/// From this width on the grid's column headers spell out the languages.
pub const FULL_NAMES: u16 = 100;

/// Where each part of the main screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub title: Rect,
    pub main: Rect,
    pub detail: Option<Rect>,
    pub hints: Rect,
}

fn shows_overview(app: &App) -> bool {
    matches!(app.mode(), Mode::Overview { .. } | Mode::Goal { .. })
}

/// Lays out the main screen for `area`.
pub fn layout(area: Rect, app: &App) -> Areas {
    let [title, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let full_names = area.width >= FULL_NAMES;
    let side = (area.width * 3 / 10).clamp(34, 70);
    let (main, detail) = if shows_overview(app) || !app.detail_open() {
        (body, None)
    } else if grid::text_width(app, area.width.saturating_sub(side), full_names) >= SIDE_TEXT {
        let [main, detail] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(side)]).areas(body);
        (main, Some(detail))
    } else {
        // What the task needs, at least the track list, never more than half the rows.
        // The pane lists the languages the grid shows across the whole width.
        let total = app.roadmap().tracks.len();
        let shown = grid::tracks_shown(app, area.width, full_names);
        let first = crate::app::first_shown(app.track_scroll(), shown, total, app.cursor().track);
        let listed = first..(first + shown).min(total);
        let height = detail::needed_height(app, area.width, listed.clone())
            .max(listed.len() as u16 + 5)
            .min(body.height / 2);
        let [main, detail] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(height)]).areas(body);
        (main, Some(detail))
    };
    Areas {
        title,
        main,
        detail,
        hints,
    }
}

/// How many grid rows fit in a terminal of `width` × `height`.
pub fn grid_viewport(width: u16, height: u16, app: &App) -> usize {
    let areas = layout(Rect::new(0, 0, width, height), app);
    grid::body_height(areas.main)
}

/// How many languages the grid shows across in a terminal of `width` × `height`.
pub fn grid_tracks(width: u16, height: u16, app: &App) -> usize {
    let areas = layout(Rect::new(0, 0, width, height), app);
    grid::tracks_shown(app, areas.main.width, width >= FULL_NAMES)
}

/// The overview at `width` × `height`: rows on screen, rows in all, and the row of the first
/// level's line with the rows a level takes.
pub fn overview_fit(width: u16, height: u16, app: &App) -> (usize, usize, (usize, usize)) {
    let [_, body, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(Rect::new(0, 0, width, height));
    let parts = overview::parts(app, body);
    let (first, each) = overview::level_row(app, body, 0);
    (
        usize::from(overview::window(body.height, parts.len)),
        usize::from(parts.len),
        (usize::from(first), usize::from(each)),
    )
}

/// How many languages the overview's matrix shows across in a terminal `width` columns wide.
pub fn overview_tracks(width: u16, app: &App) -> usize {
    overview::tracks_shown(app, width)
}

/// How many lines of the help overlay fit in a terminal `height` rows tall.
pub fn help_rows(height: u16) -> usize {
    help::box_height(height).saturating_sub(2 + help::LEGEND_LINES) as usize
}

/// Whether a terminal of this size is below the smallest usable one.
pub fn is_too_small(width: u16, height: u16) -> bool {
    too_small(Rect::new(0, 0, width, height))
}

fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Draws the whole screen.
pub fn render(view: &View, frame: &mut Frame) {
    let app = view.app;
    let area = frame.area();
    if too_small(area) {
        render_too_small(view, frame, area);
    } else if let Some(focus) = render_screen(view, frame, area) {
        // Screen readers and braille displays follow the terminal's cursor.
        frame.set_cursor_position(focus);
    }
    if !app.color() {
        strip_colors(frame.buffer_mut());
    }
    if app.screen_reader() {
        words::plain_symbols(frame.buffer_mut());
    }
    neutralise(frame.buffer_mut());
}

/// Passes every cell through `for_terminal`: ratatui drops control characters but keeps
/// zero-width ones, so a bidi override in a task, a note, a language or a file name would ride
/// along with the cell before it and reorder the screen.
fn neutralise(buf: &mut Buffer) {
    for cell in &mut buf.content {
        if let Cow::Owned(clean) = for_terminal(cell.symbol()) {
            cell.set_symbol(if clean.is_empty() { " " } else { &clean });
        }
    }
}

/// Draws the main screen and what is over it, and returns where the focus is: the cell under
/// the cursor, the selected line, or the cursor of the text being typed.
fn render_screen(view: &View, frame: &mut Frame, area: Rect) -> Option<Position> {
    let app = view.app;
    let areas = layout(area, app);
    bars::render_title(view, frame, areas.title);
    let mut focus = if shows_overview(app) {
        frame.render_widget(overview::OverviewView::new(app, view.theme), areas.main);
        overview::focus(app, areas.main)
    } else {
        let full_names = area.width >= FULL_NAMES;
        frame.render_widget(grid::GridView::new(app, view.theme, full_names), areas.main);
        grid::focus(app, areas.main, full_names)
    };
    if let Some(detail) = areas.detail {
        frame.render_widget(detail::DetailView::new(app, view.theme), detail);
    }
    match app.mode() {
        Mode::Search { field, .. } => {
            focus = bars::render_search(view, field, frame, areas.hints);
        }
        _ => bars::render_hints(view, frame, areas.hints),
    }
    let over = match app.mode() {
        Mode::Help { scroll } => help::render(view, *scroll, frame, area),
        Mode::Tracks { selected } => tracks::render(view, *selected, None, frame, area),
        Mode::AddTrack { field, selected } => {
            tracks::render(view, *selected, Some(field), frame, area)
        }
        Mode::EditNote {
            field,
            task,
            track,
            discard,
            ..
        } => note::render(
            app,
            view.theme,
            field,
            (*task, *track),
            *discard,
            frame,
            area,
        ),
        Mode::Unsaved => unsaved::render(view, None, frame, area),
        Mode::SaveAs { field } => unsaved::render(view, Some(field), frame, area),
        Mode::InProgress { selected } => in_progress::render(view, *selected, frame, area),
        Mode::Goal { field, key, .. } => goal::render_field(view, field, key, frame, area),
        Mode::Verify(pane) => verify::render(view, pane, frame, area),
        _ => return focus,
    };
    // What is drawn over the screen has the focus, even where it has no place to put it.
    over
}

/// Where a text field drawn in `area` shows its cursor (once drawn: the field scrolls as it is
/// drawn).
pub(crate) fn field_cursor(field: &TextField, area: Rect) -> Option<Position> {
    let cursor = field.area().screen_cursor();
    let (top_row, top_col) = field.area().scroll_offset();
    let x = usize::from(area.x) + cursor.col.checked_sub(usize::from(top_col))?;
    let y = usize::from(area.y) + cursor.row.checked_sub(usize::from(top_row))?;
    let inside = x < usize::from(area.right()) && y < usize::from(area.bottom());
    inside.then(|| Position::new(x as u16, y as u16))
}

/// A centred box of at most `width` × `height` inside `area`.
pub(crate) fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// NO_COLOR: drop every colour, keep symbols and modifiers (bold, reverse, underline).
fn strip_colors(buf: &mut Buffer) {
    for cell in &mut buf.content {
        cell.set_fg(Color::Reset);
        cell.set_bg(Color::Reset);
    }
}

/// What the screen says below the smallest size: the size it needs, and the key that quits
/// there (the one bound in the keymap in effect), the only key that does anything meanwhile.
fn render_too_small(view: &View, frame: &mut Frame, area: Rect) {
    let (app, th) = (view.app, view.theme);
    let text = format!(
        "{} {MIN_WIDTH}×{MIN_HEIGHT} ({} {}×{})",
        tr(
            app.lang(),
            "Terminal too small: needs",
            "Terminal demasiado pequeña: necesita"
        ),
        tr(app.lang(), "now", "ahora"),
        area.width,
        area.height
    );
    let mut lines = vec![Line::from(text).style(th.error)];
    if let Some(key) = view.keymap.key_for(scope(app), &Action::Quit) {
        lines.push(Line::from(format!(
            "{key} {}",
            tr(app.lang(), "quits", "sale")
        )));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// What a left click at (`x`, `y`) on a `width` × `height` screen asks for, if anything.
pub fn hit_test(app: &App, width: u16, height: u16, x: u16, y: u16) -> Option<Action> {
    let area = Rect::new(0, 0, width, height);
    if too_small(area) {
        return None;
    }
    let areas = layout(area, app);
    match app.mode() {
        Mode::Grid => grid::hit_test(app, areas.main, width >= FULL_NAMES, x, y),
        Mode::Overview { .. } => overview::hit_test(app, areas.main, x, y),
        _ => None,
    }
}
