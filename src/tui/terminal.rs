//! Entering and leaving the terminal's full-screen mode, so that every way out (q, Ctrl-C, an
//! error, a panic, a signal, a hang-up) leaves it as it was found.

use std::io;

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;

/// Enters the alternate screen and raw mode (ratatui's panic hook restores them), then turns on
/// mouse capture (if wanted) and bracketed paste, with a panic hook of its own for those.
pub fn enter(mouse: bool) -> io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        disable_extras();
        previous(info);
    }));
    let mut out = io::stdout();
    let extras = if mouse {
        execute!(out, EnableMouseCapture, EnableBracketedPaste)
    } else {
        execute!(out, EnableBracketedPaste)
    };
    if let Err(e) = extras {
        leave();
        return Err(e);
    }
    Ok(terminal)
}

fn disable_extras() {
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
}

/// Leaves the terminal as it was found.
pub fn leave() {
    disable_extras();
    // The terminal may already be gone (hang-up): failures here are not worth a panic.
    let _ = ratatui::try_restore();
    let _ = execute!(io::stdout(), Show);
}
