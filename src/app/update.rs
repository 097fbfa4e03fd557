//! `App::update`: the only place the state changes.

use super::{Action, App, Change, Cursor, Discard, Effect, Filter, Mode, TextField, Update};
use crate::i18n::tr;
use crate::model::progress::MAX_NOTE_CHARS;
use crate::model::{Lang, Stats, Status, TaskId};

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

    fn update_grid(&mut self, action: Action, now: &str) -> Effect {
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

    fn update_overview(&mut self, action: Action, level: usize, track: usize) -> Effect {
        let levels = self.roadmap.levels.len();
        let tracks = self.roadmap.tracks.len();
        let (mut level, mut track) = (level, track);
        // Past the first or last level, up and down scroll what lies above or below.
        let mut by = 0;
        match action {
            Action::Up if level == 0 => by = -1,
            Action::Down if level + 1 == levels => by = 1,
            Action::Up => level -= 1,
            Action::Down => level += 1,
            Action::PageUp => by = -(self.overview_fit.0.max(2) as isize - 1),
            Action::PageDown => by = self.overview_fit.0.max(2) as isize - 1,
            Action::Scroll(n) => level = level.saturating_add_signed(n.signum()).min(levels - 1),
            Action::Left => track = track.saturating_sub(1),
            Action::Right => track = (track + 1).min(tracks - 1),
            Action::Choose => return self.jump_to(level, track),
            Action::ClickOverview { level, track } if level < levels && track < tracks => {
                return self.jump_to(level, track);
            }
            Action::Close | Action::OpenOverview => return Effect::None,
            Action::SetGoal => {
                self.open_goal(crate::model::goal::ALL.to_owned(), level, track);
                return Effect::None;
            }
            Action::SetTrackGoal => {
                let key = self.roadmap.tracks[track].id.clone();
                self.open_goal(key, level, track);
                return Effect::None;
            }
            Action::ToggleHelp => {
                self.mode = Mode::Help { scroll: 0 };
                return Effect::None;
            }
            Action::Quit => {
                // Left on the overview, so the next session can come back to it.
                self.mode = Mode::Overview { level, track };
                return Effect::Quit;
            }
            _ => {}
        }
        self.mode = Mode::Overview { level, track };
        if by == 0 {
            self.scroll_overview(0, level);
        } else {
            // A page may leave the selected level off screen: the selection follows the view
            // while any level is shown, and stays put while the rows below are read.
            let (view, _, (first, each)) = self.overview_fit;
            self.scroll_overview_by(by);
            self.overview_follow = false;
            let top = self.overview_scroll;
            let shown = (0..levels).filter(|l| {
                let row = first + l * each;
                row >= top && row + each <= top + view
            });
            let shown: Vec<usize> = shown.collect();
            if let (Some(&lo), Some(&hi)) = (shown.first(), shown.last()) {
                let level = level.clamp(lo, hi);
                self.mode = Mode::Overview { level, track };
            }
        }
        Effect::None
    }

    fn jump_to(&mut self, level: usize, track: usize) -> Effect {
        self.cursor.track = track;
        if !self
            .roadmap
            .level_range(level)
            .any(|p| self.row_of(p).is_some())
        {
            self.filter = Filter::All;
            self.rebuild_rows();
        }
        self.move_to_level(level);
        Effect::None
    }

    fn update_help(&mut self, action: Action, scroll: u16) -> Effect {
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

    fn update_search(&mut self, action: Action, mut field: TextField, origin: Cursor) -> Effect {
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

    fn update_note(
        &mut self,
        action: Action,
        mut field: TextField,
        (task, track): (TaskId, usize),
        asked: Option<Discard>,
        original: String,
        now: &str,
    ) -> Effect {
        let track_id = self.roadmap.tracks[track].id.clone();
        let as_typed = |text: &str| TextField::new(text).text();
        let on_disk = as_typed(self.progress.note(task, &track_id).unwrap_or(""));
        let changed = field.text() != on_disk;
        let mut discard = None;
        match action {
            // A changed note is never thrown away by one key: the editor asks first.
            Action::Close if changed && asked != Some(Discard::Close) => {
                discard = Some(Discard::Close)
            }
            Action::Quit if changed && asked != Some(Discard::Quit) => {
                discard = Some(Discard::Quit)
            }
            Action::Input(key) => {
                field.input(key);
                if field.text().chars().count() > MAX_NOTE_CHARS {
                    field.area_mut().undo();
                }
            }
            Action::Paste(text) => field.paste(&text, true),
            Action::Confirm => {
                let mine = field.text();
                let original = as_typed(&original);
                // Another writer changed the note while it was being edited here: both texts
                // are kept, this one first.
                let both = on_disk != original && mine != original && mine != on_disk;
                let text = match both {
                    true if mine.contains(on_disk.as_str()) => mine,
                    true if on_disk.contains(mine.as_str()) => on_disk,
                    true => format!("{mine}\n\n{on_disk}"),
                    false => mine,
                };
                let effect =
                    self.change_cell(task, &track_id, |p| p.set_note(task, &track_id, &text, now));
                if both {
                    self.notify(tr(
                        self.lang,
                        "The note changed on disk while you edited it: both texts are kept",
                        "La nota cambió en el disco mientras la editabas: se guardan ambos textos",
                    ));
                }
                return effect;
            }
            Action::Close => return Effect::None,
            Action::Quit => return Effect::Quit,
            _ => {}
        }
        self.mode = Mode::EditNote {
            field,
            task,
            track,
            discard,
            original,
        };
        Effect::None
    }

    /// Changes one cell through `change`, recording it for undo; returns `Effect::Save`.
    pub(super) fn change_cell(
        &mut self,
        task: TaskId,
        track: &str,
        change: impl FnOnce(&mut crate::model::Progress),
    ) -> Effect {
        let before = self.progress.cell(task, track).cloned();
        change(&mut self.progress);
        let after = self.progress.cell(task, track).cloned();
        if before == after {
            return Effect::None;
        }
        let status = |c: &Option<crate::model::Cell>| c.as_ref().map_or(Status::Todo, |c| c.status);
        let (was, is) = (status(&before), status(&after));
        self.history.record(Change {
            task,
            track: track.to_owned(),
            before,
            after,
        });
        self.cell_changed(task, track, was, is);
        Effect::Save
    }

    /// Refreshes what is derived from the progress after one cell's status went from `was` to
    /// `is`.
    pub(super) fn cell_changed(&mut self, task: TaskId, track: &str, was: Status, is: Status) {
        self.today_facts = None;
        self.stats.adjust(&self.roadmap, task, track, was, is);
        self.rebuild_rows();
    }

    /// Refreshes what is derived from the progress.
    pub(super) fn progress_changed(&mut self) {
        self.today_facts = None;
        self.stats = Stats::compute(&self.roadmap, &self.progress);
        self.rebuild_rows();
    }

    fn toggle_done(&mut self, now: &str) -> Effect {
        self.set_cursor_status(now, |s| match s {
            Status::Done => Status::Todo,
            Status::Todo | Status::InProgress | Status::Skip => Status::Done,
        })
    }

    fn toggle_in_progress(&mut self, now: &str) -> Effect {
        self.set_cursor_status(now, |s| match s {
            Status::InProgress => Status::Todo,
            Status::Todo | Status::Done | Status::Skip => Status::InProgress,
        })
    }

    fn toggle_skip(&mut self, now: &str) -> Effect {
        self.set_cursor_status(now, |s| match s {
            Status::Skip => Status::Todo,
            Status::Todo | Status::Done | Status::InProgress => Status::Skip,
        })
    }

    fn set_cursor_status(&mut self, now: &str, next: impl FnOnce(Status) -> Status) -> Effect {
        if !self.has_rows() {
            return Effect::None;
        }
        let task = self.roadmap.task(self.cursor.pos).id;
        let track = self.cursor_track_id().to_owned();
        let status = next(self.progress.status(task, &track));
        self.change_cell(task, &track, |p| p.set_status(task, &track, status, now))
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
            .filter_map(super::nav::task_of)
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
