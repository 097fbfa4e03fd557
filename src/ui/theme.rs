//! Every colour and symbol in one place. State is always shown by a symbol as well as a colour,
//! so nothing is lost without colour (NO_COLOR) or for colour-blind users.

use ratatui::style::{Color, Modifier, Style};

use crate::model::Status;

pub const DONE_SYMBOL: &str = "✔";
pub const IN_PROGRESS_SYMBOL: &str = "◐";
pub const TODO_SYMBOL: &str = "·";
pub const CURSOR_MARK: &str = "▶";
/// Beside a cell's symbol when the cell has a note.
pub const NOTE_MARK: &str = "*";

pub const DONE: Style = Style::new().fg(Color::Green);
pub const IN_PROGRESS: Style = Style::new().fg(Color::Yellow);
pub const TODO: Style = Style::new().fg(Color::DarkGray);
pub const CURSOR_CELL: Style = Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD));
pub const CURSOR_ROW: Style = Style::new().add_modifier(Modifier::BOLD);
pub const CURSOR_COLUMN_HEADER: Style =
    Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD));
pub const HEADER: Style = Style::new().add_modifier(Modifier::BOLD);
pub const LEVEL: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const BORDER: Style = Style::new().fg(Color::DarkGray);
pub const FOCUS_BORDER: Style = Style::new().fg(Color::Cyan);
pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);
pub const ERROR: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
pub const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const GAUGE: Style = Style::new().fg(Color::Green);
/// A search match: colour where there is colour, underline and bold everywhere.
pub const MATCH: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::Yellow)
    .add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED));

pub fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Done => DONE_SYMBOL,
        Status::InProgress => IN_PROGRESS_SYMBOL,
        Status::Todo => TODO_SYMBOL,
    }
}

pub fn status_style(status: Status) -> Style {
    match status {
        Status::Done => DONE,
        Status::InProgress => IN_PROGRESS,
        Status::Todo => TODO,
    }
}

/// A colour scale for a done fraction: none, some, most, all.
pub fn ratio_style(done: usize, total: usize) -> Style {
    if total == 0 || done == 0 {
        TODO
    } else if done >= total {
        DONE.add_modifier(Modifier::BOLD)
    } else if done * 2 >= total {
        Style::new().fg(Color::Cyan)
    } else {
        Style::new().fg(Color::Yellow)
    }
}
