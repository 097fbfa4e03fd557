//! What the scripted and snapshot tests share: an app on the seed roadmap driven by keys through
//! the real keymap at a fixed terminal size, and the rendered screen as text. The tests of the
//! real binary in a pseudo-terminal share `pty`.

// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

// portable-pty's Windows side (ConPTY) differs from a Unix pty: the end-to-end tests are Unix-only.
pub mod git;
#[cfg(unix)]
pub mod pty;
pub mod sandbox;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roadmap_tui::app::{Action, App, Effect, Fact, Row, SaveStatus};
use roadmap_tui::keymap::Keymap;
use roadmap_tui::model::{Progress, Roadmap, TaskId};
use roadmap_tui::ui::theme::{self, Theme};
use roadmap_tui::{tui, ui};
use unicode_width::UnicodeWidthStr;

/// The time every change is stamped with, so screens showing dates are stable.
pub const NOW: &str = "2026-11-24T10:00:00Z";

/// A fresh app on the seed roadmap with no progress.
pub fn fresh_app() -> App {
    app_with(Progress::default())
}

/// An app on the seed roadmap with `progress`, knowing the default keymap's help.
pub fn app_with(progress: Progress) -> App {
    let mut app = App::new(
        Roadmap::seed().expect("the seed roadmap is valid"),
        progress,
    );
    app.update(Fact::HelpLen(Keymap::default().help_line_count()), NOW);
    app
}

/// One key as the event loop handles it: mapped through the keymap for the current mode,
/// applied at `NOW`, then the viewport refreshed for a `width` × `height` terminal (the loop does
/// this before every draw). Keys the keymap does not know do nothing.
pub fn step(app: &mut App, (width, height): (u16, u16), key: KeyEvent) -> Effect {
    let effect = Keymap::default()
        .action_for(ui::scope(app), key)
        .map_or(Effect::None, |action| app.update(action, NOW));
    tui::fit(app, width, height);
    effect
}

/// What the loop tells the app when a save fails: why (for the bottom line), then that saves
/// fail (for the title and the quit prompt). Returns what the app then asks for.
pub fn save_fails(app: &mut App, why: &str) -> Effect {
    app.update(Fact::SaveFailed(why.into()), NOW);
    app.update(Fact::SaveStatus(SaveStatus::Failed(why.into())), NOW)
}

/// A key with no modifiers.
pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// A character key, with Shift when it is an upper-case letter, as a terminal reports it.
pub fn char_key(c: char) -> KeyEvent {
    let mods = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), mods)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Shift-Tab as crossterm reports it.
pub fn back_tab() -> KeyEvent {
    KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)
}

/// An app in a terminal of a fixed size.
pub struct Harness {
    pub app: App,
    pub width: u16,
    pub height: u16,
}

impl Harness {
    pub fn new(width: u16, height: u16) -> Harness {
        let mut app = fresh_app();
        tui::start(&mut app, width, height);
        Harness { app, width, height }
    }

    pub fn size(&self) -> (u16, u16) {
        (self.width, self.height)
    }

    /// Sends one key event.
    pub fn send(&mut self, event: KeyEvent) -> Effect {
        let size = self.size();
        step(&mut self.app, size, event)
    }

    /// Sends one unmodified key.
    pub fn press(&mut self, code: KeyCode) -> Effect {
        self.send(key(code))
    }

    /// Types each character as a key.
    pub fn type_keys(&mut self, keys: &str) -> Vec<Effect> {
        keys.chars().map(|c| self.send(char_key(c))).collect()
    }

    /// Sends one unmodified key `n` times.
    pub fn press_n(&mut self, code: KeyCode, n: usize) {
        for _ in 0..n {
            self.press(code);
        }
    }

    /// Resizes the terminal, as the loop does on a resize event.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        tui::fit(&mut self.app, width, height);
    }

    /// The number the roadmap gives the task under the cursor.
    pub fn task_id(&self) -> TaskId {
        self.app.roadmap().task(self.app.cursor().pos).id
    }

    /// The cursor as (task number, track index).
    pub fn at(&self) -> (TaskId, usize) {
        (self.task_id(), self.app.cursor().track)
    }

    /// Whether the cursor sits on a task row (never a level header) inside the scrolled view.
    pub fn assert_cursor_on_visible_task_row(&self) {
        let app = &self.app;
        let row = app.cursor_row();
        assert_eq!(
            app.rows()[row],
            Row::Task(app.cursor().pos),
            "cursor row {row} is not its task's row"
        );
        assert!(
            app.scroll() <= row && row < app.scroll() + app.viewport(),
            "cursor row {row} outside the view {}..{}",
            app.scroll(),
            app.scroll() + app.viewport()
        );
    }

    /// Renders one frame into a fresh buffer.
    pub fn draw(&self) -> Buffer {
        draw(&self.app, self.width, self.height)
    }

    /// Renders one frame as text.
    pub fn screen(&self) -> String {
        buffer_text(&self.draw())
    }
}

/// Renders `app` into a fresh `width` × `height` test terminal and returns the buffer.
pub fn draw(app: &App, width: u16, height: u16) -> Buffer {
    draw_with(app, width, height, &theme::DARK, &Keymap::default())
}

/// Renders `app` with `theme` and `keymap` into a fresh test terminal.
pub fn draw_with(app: &App, width: u16, height: u16, theme: &Theme, keymap: &Keymap) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    let view = ui::View { app, theme, keymap };
    terminal
        .draw(|frame| ui::render(&view, frame))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The buffer as text: one line per row, trailing spaces trimmed, cells hidden under a wide
/// symbol left out.
pub fn buffer_text(buffer: &Buffer) -> String {
    let width = buffer.area.width as usize;
    let mut out = String::new();
    for cells in buffer.content.chunks(width.max(1)) {
        let mut line = String::new();
        let mut hidden = 0usize;
        for cell in cells {
            if hidden > 0 {
                hidden -= 1;
                continue;
            }
            let symbol = cell.symbol();
            line.push_str(symbol);
            hidden = symbol.width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The text of row `y` of the buffer.
pub fn row_text(buffer: &Buffer, y: u16) -> String {
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol())
        .collect()
}

/// An app on the seed roadmap with `progress`, fitted to a `width` × `height` terminal.
pub fn harness_with(progress: Progress, width: u16, height: u16) -> Harness {
    let mut app = app_with(progress);
    tui::start(&mut app, width, height);
    Harness { app, width, height }
}

impl Harness {
    /// Sends one key event stamped with `now` instead of `NOW`.
    pub fn send_at(&mut self, event: KeyEvent, now: &str) -> Effect {
        let effect = Keymap::default()
            .action_for(ui::scope(&self.app), event)
            .map_or(Effect::None, |action| self.app.update(action, now));
        tui::fit(&mut self.app, self.width, self.height);
        effect
    }

    /// Pastes `text`, as the loop does for a bracketed paste.
    pub fn paste(&mut self, text: &str) -> Effect {
        let effect = self.app.update(Action::Paste(text.to_owned()), NOW);
        tui::fit(&mut self.app, self.width, self.height);
        effect
    }

    /// A left click at (`x`, `y`), as the loop turns it into an action.
    pub fn click(&mut self, x: u16, y: u16) -> Effect {
        let effect = ui::hit_test(&self.app, self.width, self.height, x, y)
            .map_or(Effect::None, |action| self.app.update(action, NOW));
        tui::fit(&mut self.app, self.width, self.height);
        effect
    }

    /// The mouse wheel: `rows` down, or up when negative.
    pub fn wheel(&mut self, rows: isize) -> Effect {
        let effect = self.app.update(Action::Scroll(rows), NOW);
        tui::fit(&mut self.app, self.width, self.height);
        effect
    }
}

/// The screen row whose text contains `needle`, if any.
pub fn row_containing(buffer: &Buffer, needle: &str) -> Option<u16> {
    (0..buffer.area.height).find(|&y| row_text(buffer, y).contains(needle))
}

/// The x of the first cell in row `y` where `needle` starts, counting one cell per column.
pub fn column_of(buffer: &Buffer, y: u16, needle: &str) -> Option<u16> {
    let cells: Vec<char> = (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol().chars().next().unwrap_or(' '))
        .collect();
    let want: Vec<char> = needle.chars().collect();
    cells
        .windows(want.len())
        .position(|w| w == want.as_slice())
        .map(|x| x as u16)
}

/// The standard output of a finished `roadmap-tui` run that must have succeeded; `what` names
/// the run in the failure message.
pub fn stdout_of_success(out: std::process::Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "roadmap-tui {what} failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The standard error of a finished `roadmap-tui` run that must have exited with `code`.
pub fn stderr_of_exit(out: std::process::Output, code: i32, what: &str) -> String {
    assert_eq!(
        out.status.code(),
        Some(code),
        "roadmap-tui {what}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr).expect("UTF-8 errors")
}
