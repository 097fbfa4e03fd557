//! Entering and leaving the terminal's full-screen mode, so that every way out (q, Ctrl-C, an
//! error, a panic, a signal, a hang-up) leaves it as it was found, and so does a suspend
//! (Ctrl-Z, SIGTSTP) until the app is continued.

use std::io;

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};
use ratatui::layout::{Rect, Size};
use ratatui::{DefaultTerminal, TerminalOptions, Viewport};

/// Enters the alternate screen and raw mode (ratatui's panic hook restores them), drawing at
/// most `MAX_WIDTH` × `MAX_HEIGHT`, then turns on
/// mouse capture (if wanted) and bracketed paste, with a panic hook of its own for those.
pub fn enter(mouse: bool) -> io::Result<DefaultTerminal> {
    let size = ratatui::crossterm::terminal::size()?;
    let viewport = Viewport::Fixed(drawn_area(Size::new(size.0, size.1)));
    let terminal = ratatui::try_init_with_options(TerminalOptions { viewport })?;
    if let Err(e) = execute!(io::stdout(), EnterAlternateScreen) {
        leave();
        return Err(e);
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        disable_extras();
        previous(info);
    }));
    let mut out = io::stdout();
    if mouse && let Err(e) = execute!(out, EnableMouseCapture) {
        leave();
        return Err(e);
    }
    // A console that cannot mark pastes (Windows' legacy console) types them as keys instead:
    // nothing is lost, so that is no reason to refuse to start.
    let _ = execute!(out, EnableBracketedPaste);
    Ok(terminal)
}

/// The most of the terminal that is drawn. ratatui keeps two cell buffers of the area it draws,
/// so a terminal that reports 65535×65535 would ask for hundreds of gigabytes, and the failed
/// allocation aborts the process with the terminal still taken. Beyond this the screen is left
/// blank; at this size the whole app stays under 64 MiB.
pub const MAX_WIDTH: u16 = 1000;
pub const MAX_HEIGHT: u16 = 500;

/// The size assumed for a terminal that reports none (0 columns or 0 rows): a pseudo-terminal
/// before its first resize, a serial console. The same as crossterm's and `tput`'s fallback, and
/// the size of a VT100; the first real size that arrives (a resize) replaces it.
pub const FALLBACK_WIDTH: u16 = 80;
pub const FALLBACK_HEIGHT: u16 = 24;

/// The part of a terminal of `size` that is drawn: its top-left corner, at most
/// `MAX_WIDTH` × `MAX_HEIGHT`; where a side is reported as 0, the fallback's.
pub fn drawn_area(size: Size) -> Rect {
    let width = if size.width == 0 {
        FALLBACK_WIDTH
    } else {
        size.width
    };
    let height = if size.height == 0 {
        FALLBACK_HEIGHT
    } else {
        size.height
    };
    Rect::new(0, 0, width.min(MAX_WIDTH), height.min(MAX_HEIGHT))
}

/// Fits the drawn area to the terminal's current size, and returns it.
pub fn fit(terminal: &mut DefaultTerminal) -> io::Result<Rect> {
    let area = drawn_area(terminal.size()?);
    if area != terminal.get_frame().area() {
        terminal.resize(area)?;
    }
    Ok(area)
}

fn disable_extras() {
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
}

/// Gives the terminal back and stops the process, as the shell's Ctrl-Z would; returns once
/// the process is continued (`fg`). The loop then takes the terminal again on the SIGCONT.
pub fn suspend() {
    leave();
    crate::platform::suspend();
}

/// Takes the terminal again after a stop: raw mode, the alternate screen, mouse capture (if
/// wanted), bracketed paste, and a full redraw on the next draw. Harmless when the terminal was
/// never given back (a `kill -STOP` from outside, then `kill -CONT`).
pub fn resume(terminal: &mut DefaultTerminal, mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        Clear(ClearType::All)
    )?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    // Whatever else drew on the screen is not in ratatui's idea of it: forget the last frame so
    // the next one is drawn whole. (`Terminal::clear` would ask the terminal for the cursor's
    // position, and the answer would go to the terminal reader thread instead.)
    terminal.swap_buffers();
    Ok(())
}

/// Leaves the terminal as it was found.
pub fn leave() {
    disable_extras();
    // The terminal may already be gone (hang-up): failures here are not worth a panic.
    let _ = ratatui::try_restore();
    let _ = execute!(io::stdout(), Show);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_of_no_size_is_drawn_at_80_by_24_and_a_huge_one_is_capped() {
        assert_eq!(drawn_area(Size::new(0, 0)), Rect::new(0, 0, 80, 24));
        assert_eq!(drawn_area(Size::new(0, 40)), Rect::new(0, 0, 80, 40));
        assert_eq!(drawn_area(Size::new(132, 0)), Rect::new(0, 0, 132, 24));
        assert_eq!(drawn_area(Size::new(120, 40)), Rect::new(0, 0, 120, 40));
        assert_eq!(
            drawn_area(Size::new(u16::MAX, u16::MAX)),
            Rect::new(0, 0, MAX_WIDTH, MAX_HEIGHT)
        );
    }
}
