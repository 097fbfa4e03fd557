//! `App::update`: the only place the state changes. Here an action or a fact is taken in and
//! what holds in every mode is decided (a cut paste, suspend, a screen too small, a read-only
//! app, quitting while saves fail); then the action goes to the mode that has the keyboard: the
//! grid, the overview, help, search and the note editor in the files below, the other modes in
//! theirs beside this one.

mod cells;
mod grid;
mod help;
mod note;
mod overview;
mod search;

use super::{Action, App, Effect, Mode, Update};
use crate::i18n::tr;
use crate::model::Lang;

impl App {
    /// Carries out a user's action or a fact the loop reports; `now` is the current time in
    /// RFC 3339, recorded on changed cells.
    pub fn update(&mut self, update: impl Into<Update>, now: &str) -> Effect {
        match update.into() {
            Update::Action(action) => self.update_action(action, now),
            Update::Fact(fact) => self.update_fact(fact, now),
        }
    }

    fn update_action(&mut self, action: Action, now: &str) -> Effect {
        match action {
            Action::CutPaste(text) => return self.cut_paste(text, now),
            // In any mode, even on a screen too small to use.
            Action::Suspend if crate::platform::CAN_SUSPEND => return Effect::Suspend,
            Action::Suspend => {
                self.notify(tr(
                    self.lang,
                    "Windows has no suspend; your progress is saved as you go, so quitting loses nothing",
                    "Windows no permite suspender; el progreso se guarda sobre la marcha, así que salir no pierde nada",
                ));
                return Effect::None;
            }
            _ => {}
        }
        self.greeting = false;
        // A message lasts until the next key; on the grid, Esc only dismisses it.
        if self.message.take().is_some() && action == Action::Close && self.mode == Mode::Grid {
            return Effect::None;
        }
        // Nothing the user cannot see happens while the screen is too small.
        if self.too_small {
            return if action == Action::Quit {
                Effect::Quit
            } else {
                Effect::None
            };
        }
        if self.read_only.is_some() && self.refuse_read_only(&action) {
            return Effect::None;
        }
        let asked = matches!(self.mode, Mode::Unsaved | Mode::SaveAs { .. });
        let settings = self.progress.settings.clone();
        let effect = self.update_mode(action, now);
        // Each setting the user changed is stamped as a change made now (see
        // `progress::registers`); cells are stamped where they change.
        self.progress.settings.stamp_changes(&settings, now);
        // Quitting while saves fail would lose the changes: ask first, once.
        if effect == Effect::Quit && self.saves_fail() && !asked {
            self.mode = Mode::Unsaved;
            return Effect::None;
        }
        effect
    }

    /// In a read-only app, whether `action` would change the progress (or its settings), in
    /// which case it is refused with a message saying so; the interface's language switches
    /// without being remembered.
    fn refuse_read_only(&mut self, action: &Action) -> bool {
        let changes = match action {
            Action::ToggleDone
            | Action::ToggleInProgress
            | Action::ToggleSkip
            | Action::Verify
            | Action::ToggleReview
            | Action::EditNote
            | Action::Undo
            | Action::Redo
            | Action::OpenTracks
            | Action::SetGoal
            | Action::SetTrackGoal => true,
            Action::ClickCell { pos, track } => {
                self.mode == Mode::Grid
                    && *pos == self.cursor.pos
                    && *track == Some(self.cursor.track)
            }
            Action::ToggleLang => {
                self.set_lang(self.lang.other(), false);
                return true;
            }
            _ => false,
        };
        // Only where the action means a change there (the overview's goal keys, the grid's).
        let applies = matches!(self.mode, Mode::Grid)
            || (matches!(self.mode, Mode::Overview { .. })
                && matches!(action, Action::SetGoal | Action::SetTrackGoal));
        if changes && applies {
            let name = self.read_only.clone().unwrap_or_default();
            self.notify_error(match self.lang {
                Lang::En => format!("Read-only: {name}'s progress is shown, never changed"),
                Lang::Es => {
                    format!("Solo lectura: el progreso de {name} se muestra, nunca se cambia")
                }
            });
            return true;
        }
        false
    }

    /// Pastes what arrived of a cut paste; where it lands, the bottom line says it was cut, so
    /// it is not taken for the whole.
    fn cut_paste(&mut self, text: String, now: &str) -> Effect {
        let lands = !self.too_small
            && matches!(
                self.mode,
                Mode::Search { .. }
                    | Mode::EditNote { .. }
                    | Mode::Goal { .. }
                    | Mode::AddTrack { .. }
                    | Mode::SaveAs { .. }
            );
        let chars = text.chars().count();
        let effect = self.update(Action::Paste(text), now);
        if lands {
            self.notify(match self.lang {
                Lang::En => format!("Paste cut at {chars} characters"),
                Lang::Es => format!("Pegado cortado a {chars} caracteres"),
            });
        }
        effect
    }

    /// Hands a user's action to the mode that has the keyboard.
    fn update_mode(&mut self, action: Action, now: &str) -> Effect {
        match std::mem::replace(&mut self.mode, Mode::Grid) {
            Mode::Grid => self.update_grid(action, now),
            Mode::Unsaved => self.update_unsaved(action),
            Mode::SaveAs { field } => self.update_save_as(action, field),
            Mode::Overview { level, track } => self.update_overview(action, level, track),
            Mode::Help { scroll } => self.update_help(action, scroll),
            Mode::Search { field, origin } => self.update_search(action, field, origin),
            Mode::EditNote {
                field,
                task,
                track,
                discard,
                original,
            } => self.update_note(action, field, (task, track), discard, original, now),
            Mode::Tracks { selected } => self.update_tracks(action, selected),
            Mode::AddTrack { field, selected } => self.update_add_track(action, field, selected),
            Mode::InProgress { selected } => self.update_in_progress(action, selected),
            Mode::Goal {
                field,
                key,
                level,
                track,
            } => self.update_goal(action, field, key, (level, track)),
            Mode::Verify(pane) => self.update_verify(action, pane),
        }
    }
}
