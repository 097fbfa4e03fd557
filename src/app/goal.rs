//! Goals in the app: the overview's date field (`g` for the whole roadmap, `G` for the selected
//! language), undoable like any change, and the pace of every goal for the screens.

use super::{Action, App, Effect, GoalChange, Mode, TextField};
use crate::i18n::tr;
use crate::model::Progress;
use crate::model::goal::{self, Goal, Pace};

impl App {
    /// Every goal measured on the app's today.
    pub fn paces(&self) -> Vec<Pace> {
        let full = crate::model::tracks::full_roadmap(&self.base, &self.progress.settings);
        Pace::all(&self.roadmap, &full, &self.progress, self.today, &self.tz)
    }

    /// The goal's name as the screens say it: "the whole roadmap" or the language's.
    pub fn goal_name(&self, key: &str) -> String {
        if key == goal::ALL {
            return tr(self.lang, "the whole roadmap", "toda la hoja de ruta").to_owned();
        }
        crate::model::tracks::full_roadmap(&self.base, &self.progress.settings)
            .tracks
            .iter()
            .find(|t| t.id == key)
            .map_or_else(|| key.to_owned(), |t| t.name.clone())
    }

    /// Opens the date field for the goal `key`, from the overview at (`level`, `track`).
    pub(super) fn open_goal(&mut self, key: String, level: usize, track: usize) {
        let date = self
            .progress
            .settings
            .goals
            .get(&key)
            .map_or("", |g| g.date.as_str());
        self.mode = Mode::Goal {
            field: TextField::new(date),
            key,
            level,
            track,
        };
    }

    pub(super) fn update_goal(
        &mut self,
        action: Action,
        mut field: TextField,
        key: String,
        (level, track): (usize, usize),
    ) -> Effect {
        match action {
            Action::Input(k) => {
                field.input_line(k, "");
            }
            Action::Paste(text) => field.paste(&text, false),
            Action::Confirm => {
                let text = field.text();
                let goal = if text.trim().is_empty() {
                    None
                } else {
                    match goal::parse_target(&text, self.today, self.lang) {
                        Ok(date) => Some(Goal::new(date)),
                        Err(e) => {
                            self.message = Some(super::Message {
                                text: e,
                                is_error: true,
                            });
                            self.mode = Mode::Goal {
                                field,
                                key,
                                level,
                                track,
                            };
                            return Effect::None;
                        }
                    }
                };
                self.mode = Mode::Overview { level, track };
                return self.set_goal(&key, goal);
            }
            Action::Close => {
                self.mode = Mode::Overview { level, track };
                return Effect::None;
            }
            Action::Quit => return Effect::Quit,
            _ => {}
        }
        self.mode = Mode::Goal {
            field,
            key,
            level,
            track,
        };
        Effect::None
    }

    /// Sets or clears a goal, recording it for undo.
    fn set_goal(&mut self, key: &str, goal: Option<Goal>) -> Effect {
        let before = self.progress.settings.goals.get(key).cloned();
        if before == goal {
            self.message = None;
            return Effect::None;
        }
        self.history.record(GoalChange {
            key: key.to_owned(),
            before,
            after: goal.clone(),
        });
        self.progress.settings.set_goal(key, goal);
        self.say_goal(key, None);
        Effect::Save
    }

    /// Puts a goal back as history says.
    pub(super) fn apply_goal(&mut self, key: &str, goal: Option<Goal>, what: &str) -> Effect {
        self.progress.settings.set_goal(key, goal);
        self.say_goal(key, Some(what));
        Effect::Save
    }

    fn say_goal(&mut self, key: &str, what: Option<&str>) {
        let name = self.goal_name(key);
        let prefix = what.map(|w| format!("{w}: ")).unwrap_or_default();
        let text = match self.progress.settings.goals.get(key) {
            Some(g) => format!(
                "{prefix}{} {name}: {}",
                tr(self.lang, "goal for", "meta para"),
                g.date
            ),
            None => format!(
                "{prefix}{} {name}",
                tr(self.lang, "no goal for", "sin meta para")
            ),
        };
        let mut chars = text.chars();
        let first: String = chars
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        self.notify(first + chars.as_str());
    }
}

/// The goal keys whose goal differs between two copies.
pub(super) fn changed_goals(before: &Progress, after: &Progress) -> Vec<String> {
    let (a, b) = (&before.settings.goals, &after.settings.goals);
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}
