//! Drawing: `render` turns a shared `&App` into a frame. Nothing here changes the app.

mod bars;
mod detail;
mod grid;
mod overview;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, Mode};
use crate::i18n::tr;

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// From this width on the detail pane stands beside the grid.
pub const WIDE: u16 = 120;

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

/// Lays out the main screen for `area`.
pub fn layout(area: Rect, app: &App) -> Areas {
    let [title, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (main, detail) = if matches!(app.mode, Mode::Overview { .. }) {
        (body, None)
    } else if area.width >= WIDE {
        let width = (area.width * 3 / 10).clamp(34, 70);
        let [main, detail] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(width)]).areas(body);
        (main, Some(detail))
    } else if app.detail_open {
        let height = (body.height / 2).min(11);
        let [main, detail] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(height)]).areas(body);
        (main, Some(detail))
    } else {
        (body, None)
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

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(app, frame, area);
        return;
    }
    let areas = layout(area, app);
    bars::render_title(app, frame, areas.title);
    match app.mode {
        Mode::Grid => {
            let full_names = area.width >= FULL_NAMES;
            frame.render_widget(grid::GridView::new(app, full_names), areas.main);
        }
        Mode::Overview { .. } => frame.render_widget(overview::OverviewView::new(app), areas.main),
    }
    if let Some(detail) = areas.detail {
        frame.render_widget(detail::DetailView::new(app), detail);
    }
    bars::render_hints(app, frame, areas.hints);
}

fn render_too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = format!(
        "{} {MIN_WIDTH}×{MIN_HEIGHT} ({} {}×{})",
        tr(
            app.lang,
            "Terminal too small: needs",
            "Terminal demasiado pequeña: necesita"
        ),
        tr(app.lang, "now", "ahora"),
        area.width,
        area.height
    );
    let lines = vec![
        Line::from(text).style(theme::ERROR),
        Line::from(tr(app.lang, "q quits", "q sale")),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}
