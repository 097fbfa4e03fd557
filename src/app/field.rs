//! A text field (the search line, the note editor) backed by ratatui-textarea.

use std::fmt;

use ratatui::crossterm::event::KeyEvent;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;

use crate::model::progress::MAX_NOTE_CHARS;
use crate::model::text::strip_controls;

#[derive(Clone)]
pub struct TextField(Box<TextArea<'static>>);

impl TextField {
    /// Types a key into a one-line field: a line break it makes joins the line again, with
    /// `join` between the two parts. Ctrl-U clears the field, as a shell clears its line.
    pub fn input_line(&mut self, key: KeyEvent, join: &str) {
        if is_ctrl_u(key) {
            *self = TextField::new("");
            return;
        }
        self.area_mut().input(key);
        if self.area().lines().len() > 1 {
            *self = TextField::new(&self.text().replace('\n', join));
        }
    }

    /// Types a key into a field of several lines (the note editor). Ctrl-U deletes what is
    /// before the cursor on its line, as a shell does: on a note of one line, all of it.
    pub fn input(&mut self, key: KeyEvent) {
        if is_ctrl_u(key) {
            self.area_mut().delete_line_by_head();
        } else {
            self.area_mut().input(key);
        }
    }

    /// A field holding `text` all selected: the first character typed replaces it, while the
    /// arrows, Home and End keep it to edit (a suggestion, or a path that did not work).
    pub fn selected(text: &str) -> TextField {
        let mut field = TextField::new(text);
        field.select_all();
        field
    }

    /// Selects the whole text, as `selected` does.
    pub fn select_all(&mut self) {
        if !self.text().is_empty() {
            self.0.select_all();
        }
    }

    /// A field holding `text`, with the cursor at its end.
    pub fn new(text: &str) -> TextField {
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let mut area = TextArea::new(if lines.is_empty() {
            vec![String::new()]
        } else {
            lines
        });
        area.set_cursor_line_style(Style::new());
        area.set_cursor_style(Style::new().add_modifier(Modifier::REVERSED));
        area.set_selection_style(Style::new().add_modifier(Modifier::REVERSED));
        area.set_max_histories(200);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        TextField(Box::new(area))
    }

    pub fn text(&self) -> String {
        self.0.lines().join("\n")
    }

    pub fn area(&self) -> &TextArea<'static> {
        &self.0
    }

    pub fn area_mut(&mut self) -> &mut TextArea<'static> {
        &mut self.0
    }

    /// Inserts pasted text, cleaned of control characters and cut to what a note may hold.
    pub fn paste(&mut self, text: &str, multiline: bool) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let clean = strip_controls(&text, multiline);
        let room = MAX_NOTE_CHARS.saturating_sub(self.text().chars().count());
        let clipped: String = clean.chars().take(room).collect();
        let clipped = if multiline {
            clipped
        } else {
            clipped.replace('\n', " ")
        };
        self.0.insert_str(clipped);
    }
}

/// Ctrl-U, which clears a line in shells and readline.
fn is_ctrl_u(key: KeyEvent) -> bool {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    matches!(key.code, KeyCode::Char('u' | 'U')) && key.modifiers == KeyModifiers::CONTROL
}

impl PartialEq for TextField {
    fn eq(&self, other: &Self) -> bool {
        self.0.lines() == other.0.lines()
    }
}

impl fmt::Debug for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TextField").field(&self.text()).finish()
    }
}
