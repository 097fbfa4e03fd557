//! The help screen's keys: scrolling it and closing it.

use crate::app::{Action, App, Effect, Mode};

impl App {
    pub(super) fn update_help(&mut self, action: Action, scroll: u16) -> Effect {
        let max = self.help_len().saturating_sub(self.help_rows) as u16;
        let scroll = match action {
            Action::Up | Action::Scroll(-1) => scroll.saturating_sub(1),
            Action::Down | Action::Scroll(1) => scroll.saturating_add(1),
            Action::Scroll(n) => scroll.saturating_add_signed(n as i16),
            Action::PageUp => scroll.saturating_sub(10),
            Action::PageDown => scroll.saturating_add(10),
            Action::First => 0,
            Action::Last => max,
            Action::Close | Action::ToggleHelp => return Effect::None,
            Action::Quit => return Effect::Quit,
            _ => scroll,
        };
        self.mode = Mode::Help {
            scroll: scroll.min(max),
        };
        Effect::None
    }
}
