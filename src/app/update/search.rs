//! Typing a search: the query as it is typed moves the cursor to the first match; Esc goes back
//! to where the cursor was.

use crate::app::{Action, App, Cursor, Effect, Mode, TextField};

impl App {
    pub(super) fn update_search(
        &mut self,
        action: Action,
        mut field: TextField,
        origin: Cursor,
    ) -> Effect {
        match action {
            Action::Input(key) => {
                field.input_line(key, " ");
            }
            Action::Paste(text) => field.paste(&text, false),
            Action::Confirm => {
                if self.search.is_none() {
                    self.cursor = origin;
                    self.scroll_to_cursor();
                }
                return Effect::None;
            }
            Action::Close => {
                self.search = None;
                self.cursor = origin;
                self.scroll_to_cursor();
                return Effect::None;
            }
            Action::Quit => return Effect::Quit,
            _ => {}
        }
        self.run_search(&field.text(), origin.pos);
        self.mode = Mode::Search { field, origin };
        Effect::None
    }
}
