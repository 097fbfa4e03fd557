//! Entering and leaving the terminal's full-screen mode, so that every way out (q, Ctrl-C, an
//! error, a panic, a signal, a hang-up) leaves it as it was found, and so does a suspend
//! (Ctrl-Z, SIGTSTP) until the app is continued.

use std::io;

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};

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

/// Gives the terminal back and stops the process, as the shell's Ctrl-Z would; returns once
/// the process is continued (`fg`). The loop then takes the terminal again on the SIGCONT.
pub fn suspend() {
    leave();
    // SIGSTOP rather than SIGTSTP: SIGTSTP is caught (it is what brought us here).
    // SAFETY: raise only sends a signal to this process.
    unsafe {
        libc::raise(libc::SIGSTOP);
    }
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
