//! What the loop learns (the screen's size, the date, where the learner left off, saves, the file
//! changed on disk).

use super::{App, Effect, Fact, Mode, SaveStatus};
use crate::i18n::tr;

impl App {
    /// Carries out what the loop learned (size, date, saves, the file changed on disk), in any
    /// mode.
    pub(super) fn update_fact(&mut self, fact: Fact, now: &str) -> Effect {
        match fact {
            Fact::VerifyCommands(tracks) => self.set_verify_commands(tracks),
            Fact::VerifyOutput(lines) => self.verify_output(lines),
            Fact::VerifyEnded(end) => return self.verify_ended(*end, now),
            Fact::Lang(lang) => self.set_lang(lang, false),
            Fact::Color(color) => self.color = color,
            Fact::ScreenReader(on) => self.screen_reader = on,
            Fact::Zone(tz) => {
                if self.tz != tz {
                    self.today_facts = None;
                }
                self.tz = tz;
            }
            Fact::HelpLen(lines) => self.set_help_len(lines),
            Fact::DataFile { path, exists } => self.set_data_file(path, exists),
            Fact::Idle => self.count_today(),
            Fact::Fit(fit) => self.set_screen(fit),
            Fact::SetDetail(open) => self.detail_open = open,
            Fact::Today(date) => {
                if self.today != date {
                    self.today_facts = None;
                }
                self.today = date;
            }
            Fact::Resume(position) => self.go_to_position(&position),
            Fact::SaveStatus(status) => {
                // Once saves work again, the word of one that did not goes.
                if !matches!(status, SaveStatus::Failed(_))
                    && self.message.as_ref().is_some_and(|m| m.is_error)
                {
                    self.message = None;
                }
                let saved = status == SaveStatus::Saved;
                self.save_status = status;
                // A retry from the quit prompt that works finishes the quit.
                if saved && self.mode == Mode::Unsaved {
                    return Effect::Quit;
                }
            }
            Fact::SaveFailed(text) => {
                self.message = Some(super::Message {
                    text,
                    is_error: true,
                });
            }
            Fact::SavedAs(path) => {
                self.notify(format!(
                    "{} {}",
                    tr(self.lang, "Progress saved to", "Progreso guardado en"),
                    path.display()
                ));
                if matches!(self.mode, Mode::Unsaved | Mode::SaveAs { .. }) {
                    return Effect::Quit;
                }
            }
            Fact::SaveAsFailed(text) => {
                self.message = Some(super::Message {
                    text,
                    is_error: true,
                });
                // The path that did not work stays to edit, selected: typing replaces it.
                if let Mode::SaveAs { field } = &mut self.mode {
                    field.select_all();
                }
            }
            Fact::FromDisk { progress, cells } => self.adopt_from_disk(*progress, &cells),
            Fact::ReadOnly(name) => self.read_only = Some(name),
            Fact::ConflictCopies(names) => {
                if let Some(first) = names.first() {
                    let more = match names.len() {
                        1 => String::new(),
                        n => format!(" (+{} {})", n - 1, tr(self.lang, "more", "más")),
                    };
                    // Quoted for the user's shell, so that the command can be pasted as it is.
                    let path = crate::model::text::strip_controls(first, false);
                    self.notify(format!(
                        "{} roadmap-tui merge --from {}{more}",
                        tr(
                            self.lang,
                            "Conflicting copy from a sync tool: take it in with",
                            "Copia en conflicto de la sincronización: intégrala con",
                        ),
                        crate::platform::shell_quote(&path)
                    ));
                }
            }
        }
        Effect::None
    }

    /// Takes in the progress merged with another writer's change, keeping cursor, filter,
    /// search and any open editor, and forgetting undo steps on the cells that changed.
    fn adopt_from_disk(&mut self, progress: crate::model::Progress, cells: &[(String, String)]) {
        let before = std::mem::replace(&mut self.progress, progress);
        for (task, track) in cells {
            if let Ok(task) = task.parse() {
                self.history.forget(task, track);
            }
        }
        let changed = cells
            .iter()
            .filter(|(task, track)| {
                let get = |p: &crate::model::Progress| {
                    p.task_cells(task)
                        .and_then(|c| c.get(track.as_str()))
                        .map(|c| (c.status, c.note().map(str::to_owned)))
                        .unwrap_or_default()
                };
                get(&before) != get(&self.progress)
            })
            .count();
        if let Some(lang) = self.progress.settings.lang() {
            self.lang = lang;
        }
        for key in super::goal::changed_goals(&before, &self.progress) {
            self.history.forget_goal(&key);
        }
        if before.settings != self.progress.settings {
            // The languages shown may have changed on another machine.
            self.tracks_changed();
        }
        self.progress_changed();
        let text = match changed {
            0 => return,
            1 => tr(
                self.lang,
                "1 cell updated from disk",
                "1 celda actualizada desde el disco",
            )
            .to_owned(),
            n => format!(
                "{n} {}",
                tr(
                    self.lang,
                    "cells updated from disk",
                    "celdas actualizadas desde el disco"
                )
            ),
        };
        self.notify(text);
    }
}
