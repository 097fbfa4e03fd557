//! The grid's keys: moving the cursor, changing the cell under it, opening the other screens,
//! and going to the next cell with work left.

use crate::app::{Action, App, Effect, Filter, Mode, TextField};
use crate::i18n::tr;

impl App {
    pub(super) fn update_grid(&mut self, action: Action, now: &str) -> Effect {
        let page = self.viewport.saturating_sub(1).max(1) as isize;
        match action {
            Action::Up => self.move_rows(-1),
            Action::Down => self.move_rows(1),
            Action::Left => self.cursor.track = self.cursor.track.saturating_sub(1),
            Action::Right => {
                self.cursor.track = (self.cursor.track + 1).min(self.roadmap.tracks.len() - 1)
            }
            Action::PageUp => self.move_rows(-page),
            Action::PageDown => self.move_rows(page),
            Action::Scroll(n) => self.move_rows(n),
            Action::First => self.move_first(),
            Action::Last => self.move_last(),
            Action::NextLevel => self.move_level_by(true),
            Action::PrevLevel => self.move_level_by(false),
            Action::JumpLevel(level) => self.move_to_level(level),
            Action::ToggleDone => return self.toggle_done(now),
            Action::ToggleInProgress => return self.toggle_in_progress(now),
            Action::ToggleSkip => return self.toggle_skip(now),
            Action::ToggleReview => return self.toggle_review(now),
            Action::Verify => return self.open_verify(),
            Action::ClickCell { pos, track } => {
                let on_cursor = pos == self.cursor.pos && track == Some(self.cursor.track);
                if on_cursor {
                    return self.toggle_done(now);
                }
                if let Some(t) = track.filter(|&t| t < self.roadmap.tracks.len()) {
                    self.cursor.track = t;
                }
                if self.row_of(pos).is_some() {
                    self.move_to(pos);
                }
            }
            Action::EditNote => {
                if self.has_rows() {
                    let task = self.roadmap.task(self.cursor.pos).id;
                    let note = self
                        .progress
                        .note(task, self.cursor_track_id())
                        .unwrap_or("");
                    self.mode = Mode::EditNote {
                        field: TextField::new(note),
                        task,
                        track: self.cursor.track,
                        discard: None,
                        original: note.to_owned(),
                    };
                }
            }
            Action::Undo => return self.undo(now),
            Action::Redo => return self.redo(now),
            Action::OpenSearch => {
                let query = self.search.as_ref().map_or("", |s| s.query.as_str());
                self.mode = Mode::Search {
                    field: TextField::new(query),
                    origin: self.cursor,
                };
            }
            Action::SearchNext | Action::SearchPrev => {
                let forward = action == Action::SearchNext;
                match self.next_match(self.cursor.pos, forward, false) {
                    Some(pos) => self.move_to(pos),
                    None if self.search.is_some() => self.notify(tr(
                        self.lang,
                        "No match shown",
                        "Ninguna coincidencia visible",
                    )),
                    None => self.notify(tr(
                        self.lang,
                        "No search: press / to search",
                        "Sin búsqueda: pulsa / para buscar",
                    )),
                }
            }
            Action::CycleFilter => {
                self.filter = match self.filter {
                    Filter::All => Filter::NotDone(self.cursor.track),
                    Filter::NotDone(_) => Filter::Gap(self.cursor.track),
                    Filter::Gap(_) => Filter::All,
                };
                self.rebuild_rows();
            }
            Action::NextTodo => self.next_todo(),
            Action::OpenInProgress => self.open_in_progress(),
            Action::ToggleDetail => self.detail_open = !self.detail_open,
            Action::OpenOverview => {
                let level = self.roadmap.level_of(self.cursor.pos);
                self.mode = Mode::Overview {
                    level,
                    track: self.cursor.track,
                };
                self.overview_scroll = 0;
                self.scroll_overview(0, level);
            }
            Action::ToggleHelp => self.mode = Mode::Help { scroll: 0 },
            Action::ToggleLang => {
                self.set_lang(self.lang.other(), true);
                return Effect::Save;
            }
            Action::Close => {
                if self.search.is_some() {
                    self.search = None;
                } else {
                    self.detail_open = false;
                }
            }
            Action::Quit => return Effect::Quit,
            Action::OpenTracks => self.open_tracks(),
            Action::MoveTrackUp
            | Action::MoveTrackDown
            | Action::ToggleTrackHidden
            | Action::AddTrack
            | Action::SetGoal
            | Action::SetTrackGoal
            | Action::Choose
            | Action::Confirm
            | Action::Input(_)
            | Action::Paste(_)
            | Action::CutPaste(_)
            | Action::ClickOverview { .. }
            | Action::Suspend
            | Action::RetrySave
            | Action::OpenSaveAs
            | Action::CycleSort
            | Action::SwitchColumns
            | Action::OpenStuck => {}
        }
        Effect::None
    }

    /// Moves to the first shown task, in reading order, whose cell in the cursor's language has
    /// work left (not done, not skipped): the cell `roadmap-tui next` names first.
    fn next_todo(&mut self) {
        // Reviews that are due come before new work.
        if self.offer_review() {
            return;
        }
        if !self.has_rows() {
            self.notify(tr(
                self.lang,
                "No task is shown: press f to change the filter",
                "No se muestra ninguna tarea: pulsa f para cambiar el filtro",
            ));
            return;
        }
        let track = self.cursor_track_id().to_owned();
        let open = |p: &usize| {
            self.progress
                .status(self.roadmap.task(*p).id, &track)
                .is_open()
        };
        // The first open cell in reading order, as `roadmap-tui next` lists them.
        let found = self
            .rows()
            .iter()
            .filter_map(crate::app::nav::task_of)
            .find(|p| open(p));
        match found {
            Some(pos) if pos == self.cursor.pos => {
                let id = self.roadmap.task(pos).id;
                let name = &self.roadmap.tracks[self.cursor.track].name;
                let text = format!(
                    "{} {id} × {name} {}",
                    tr(self.lang, "Task", "Tarea"),
                    tr(
                        self.lang,
                        "is next, here: Space checks it",
                        "es la siguiente, aquí: Space la marca"
                    )
                );
                self.notify(text);
            }
            Some(pos) => self.move_to(pos),
            None => {
                let name = self.roadmap.tracks[self.cursor.track].name.clone();
                self.notify(format!(
                    "{} {name} ✔",
                    tr(self.lang, "Nothing left in", "Nada pendiente en")
                ));
            }
        }
    }
}
