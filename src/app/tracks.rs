//! The languages screen: move, hide, show and add the roadmap's languages. Changes go to the
//! progress file's settings (saved like any change) and the grid follows at once.

use super::{Action, App, Effect, Filter, Mode, TextField};
use crate::i18n::tr;
use crate::model::tracks::{self, TrackEntry};
use crate::model::{Stats, tracks::TrackError};

impl App {
    /// Every language, hidden ones included, in the user's order.
    pub fn all_tracks(&self) -> Vec<TrackEntry> {
        tracks::all(&self.base, &self.progress.settings)
    }

    pub(super) fn open_tracks(&mut self) {
        let id = self.cursor_track_id().to_owned();
        let selected = self
            .all_tracks()
            .iter()
            .position(|e| e.track.id == id)
            .unwrap_or(0);
        self.mode = Mode::Tracks { selected };
    }

    pub(super) fn update_tracks(&mut self, action: Action, selected: usize) -> Effect {
        let all = self.all_tracks();
        let last = all.len().saturating_sub(1);
        let mut selected = selected.min(last);
        let id = all[selected].track.id.clone();
        let mut effect = Effect::None;
        match action {
            Action::Up | Action::Scroll(-1) => selected = selected.saturating_sub(1),
            Action::Down | Action::Scroll(1) => selected = (selected + 1).min(last),
            Action::First => selected = 0,
            Action::Last => selected = last,
            Action::MoveTrackUp | Action::MoveTrackDown => {
                let to = if action == Action::MoveTrackUp {
                    selected.saturating_sub(1)
                } else {
                    (selected + 1).min(last)
                };
                let settings = &mut self.progress.settings;
                if let Ok(true) = tracks::move_to(&self.base, settings, &id, to + 1) {
                    selected = to;
                    effect = self.tracks_changed();
                }
            }
            Action::ToggleTrackHidden => {
                let hidden = !all[selected].hidden;
                match tracks::set_hidden(&self.base, &mut self.progress.settings, &id, hidden) {
                    Ok(true) => effect = self.tracks_changed(),
                    Ok(false) => {}
                    Err(e) => self.track_error(&e),
                }
            }
            Action::AddTrack => {
                self.mode = Mode::AddTrack {
                    field: TextField::new(""),
                    selected,
                };
                return Effect::None;
            }
            Action::ToggleHelp => {
                self.mode = Mode::Help { scroll: 0 };
                return Effect::None;
            }
            Action::Close | Action::OpenTracks => return Effect::None,
            Action::Quit => return Effect::Quit,
            _ => {}
        }
        self.mode = Mode::Tracks { selected };
        effect
    }

    pub(super) fn update_add_track(
        &mut self,
        action: Action,
        mut field: TextField,
        selected: usize,
    ) -> Effect {
        match action {
            Action::Input(key) => {
                field.input_line(key, " ");
            }
            Action::Paste(text) => field.paste(&text, false),
            Action::Confirm => {
                let text = field.text();
                let text = text.trim();
                let (id, name) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
                if name.trim().is_empty() {
                    self.notify_error(tr(
                        self.lang,
                        "Type the id, a space and the name: rust Rust",
                        "Escribe el id, un espacio y el nombre: rust Rust",
                    ));
                } else {
                    match tracks::add(&self.base, &mut self.progress.settings, id, name) {
                        Ok(()) => {
                            let effect = self.tracks_changed();
                            let selected = self
                                .all_tracks()
                                .iter()
                                .position(|e| e.track.id == id)
                                .unwrap_or(selected);
                            self.notify(format!("{} {id}", tr(self.lang, "Added", "Añadido")));
                            self.mode = Mode::Tracks { selected };
                            return effect;
                        }
                        Err(e) => self.track_error(&e),
                    }
                }
            }
            Action::Close => {
                self.mode = Mode::Tracks { selected };
                return Effect::None;
            }
            Action::Quit => return Effect::Quit,
            _ => {}
        }
        self.mode = Mode::AddTrack { field, selected };
        Effect::None
    }

    fn track_error(&mut self, e: &TrackError) {
        self.notify_error(e.text(self.lang));
    }

    /// Shows an error in the status bar.
    pub(super) fn notify_error(&mut self, text: impl Into<String>) {
        self.message = Some(super::Message {
            text: text.into(),
            is_error: true,
        });
    }

    /// Redraws the grid's languages from the settings, keeping the cursor on its language when
    /// it is still shown.
    pub(super) fn tracks_changed(&mut self) -> Effect {
        let cursor_id = self.cursor_track_id().to_owned();
        let filter_id = match self.filter {
            Filter::All => None,
            Filter::NotDone(t) | Filter::Gap(t) => Some(self.roadmap.tracks[t].id.clone()),
        };
        self.roadmap = tracks::visible_roadmap(&self.base, &self.progress.settings);
        self.headers = crate::model::headers::Headers::new(&self.roadmap.tracks);
        let count = self.roadmap.tracks.len();
        self.cursor.track = self
            .roadmap
            .track_index(&cursor_id)
            .unwrap_or(self.cursor.track.min(count - 1));
        if let Some(id) = filter_id {
            self.filter = match (self.roadmap.track_index(&id), self.filter) {
                (Some(t), Filter::NotDone(_)) => Filter::NotDone(t),
                (Some(t), Filter::Gap(_)) => Filter::Gap(t),
                _ => Filter::All,
            };
        }
        self.today_facts = None;
        self.stats = Stats::compute(&self.roadmap, &self.progress);
        self.rebuild_rows();
        Effect::Save
    }
}
