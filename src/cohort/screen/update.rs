//! What the user's actions do to the cohort screen: `Screen::update` and one handler per view
//! (the table, the stuck view, the help, a learner's grid opened read-only), and the moves of
//! the selection, the sort and the scroll they make.

use super::{Columns, Effect, Mode, Screen};
use crate::app::{Action, App, Effect as AppEffect, Fact as AppFact, Message, Mode as AppMode};
use crate::cohort::{SortKey, order};
use crate::i18n::tr;

impl Screen {
    /// Carries out a user's action.
    pub fn update(&mut self, action: Action) -> Effect {
        if action == Action::Suspend {
            return if crate::platform::CAN_SUSPEND {
                Effect::Suspend
            } else {
                self.notify(tr(
                    self.lang(),
                    "Windows has no suspend; nothing here is ever written, so quitting loses nothing",
                    "Windows no permite suspender; aquí nunca se escribe nada, así que salir no pierde nada",
                ));
                Effect::None
            };
        }
        if let Mode::Learner { .. } = self.mode {
            return self.update_grid(action);
        }
        let had_message = self.message.take().is_some();
        match std::mem::replace(&mut self.mode, Mode::Table) {
            Mode::Table => self.update_table(action, had_message),
            Mode::Stuck { scroll } => self.update_stuck(action, scroll),
            Mode::Help { scroll, under } => self.update_help(action, scroll, *under),
            Mode::Learner { .. } => Effect::None,
        }
    }

    fn update_table(&mut self, action: Action, had_message: bool) -> Effect {
        let page = self.fit.rows.saturating_sub(1).max(1) as isize;
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-page),
            Action::PageDown => self.move_by(page),
            Action::Scroll(n) => self.move_by(n),
            Action::First => self.move_by(isize::MIN / 2),
            Action::Last => self.move_by(isize::MAX / 2),
            Action::Left => self.column_scroll = self.column_scroll.saturating_sub(1),
            Action::Right => {
                self.column_scroll += 1;
                self.clamp_columns();
            }
            Action::CycleSort => self.set_sort(self.sort.next()),
            Action::SwitchColumns => {
                self.columns = match self.columns {
                    Columns::Levels => Columns::Languages,
                    Columns::Languages => Columns::Levels,
                };
                self.column_scroll = 0;
            }
            Action::OpenStuck => self.mode = Mode::Stuck { scroll: 0 },
            Action::ToggleHelp => {
                self.mode = Mode::Help {
                    scroll: self.help_start(),
                    under: Box::new(Mode::Table),
                }
            }
            Action::ToggleLang => self.setup.lang = self.setup.lang.other(),
            Action::Choose => return self.open_learner(),
            Action::Quit => return Effect::Quit,
            Action::Close if had_message => {}
            _ => {}
        }
        Effect::None
    }

    fn update_stuck(&mut self, action: Action, scroll: usize) -> Effect {
        let max = self.stuck_len().saturating_sub(self.fit.stuck_rows);
        let page = self.fit.stuck_rows.saturating_sub(1).max(1);
        let scroll = match action {
            Action::Up => scroll.saturating_sub(1),
            Action::Down => scroll + 1,
            Action::Scroll(n) => scroll.saturating_add_signed(n),
            Action::PageUp => scroll.saturating_sub(page),
            Action::PageDown => scroll + page,
            Action::First => 0,
            Action::Last => max,
            Action::Close | Action::OpenStuck => return Effect::None,
            Action::ToggleHelp => {
                self.mode = Mode::Help {
                    scroll: self.help_start(),
                    under: Box::new(Mode::Stuck { scroll }),
                };
                return Effect::None;
            }
            Action::ToggleLang => {
                self.setup.lang = self.setup.lang.other();
                scroll
            }
            Action::Quit => return Effect::Quit,
            _ => scroll,
        };
        self.mode = Mode::Stuck {
            scroll: scroll.min(max),
        };
        Effect::None
    }

    /// Where the help opens: at the cohort's keys, as far as it scrolls.
    fn help_start(&self) -> u16 {
        let max = self.setup.help_len.saturating_sub(self.fit.help_rows);
        self.setup.help_at.min(max) as u16
    }

    fn update_help(&mut self, action: Action, scroll: u16, under: Mode) -> Effect {
        let len = self.setup.help_len;
        let max = len.saturating_sub(self.fit.help_rows) as u16;
        let scroll = match action {
            Action::Up => scroll.saturating_sub(1),
            Action::Down => scroll.saturating_add(1),
            Action::Scroll(n) => scroll.saturating_add_signed(n as i16),
            Action::PageUp => scroll.saturating_sub(10),
            Action::PageDown => scroll.saturating_add(10),
            Action::First => 0,
            Action::Last => max,
            Action::Close | Action::ToggleHelp => {
                self.mode = under;
                return Effect::None;
            }
            Action::Quit => return Effect::Quit,
            _ => scroll,
        };
        self.mode = Mode::Help {
            scroll: scroll.min(max),
            under: Box::new(under),
        };
        Effect::None
    }

    /// A key in a learner's grid: the grid's own, except that leaving it (its quit key, or Esc
    /// with nothing to close) comes back to the learners, and the interface's language switches
    /// here too.
    fn update_grid(&mut self, action: Action) -> Effect {
        let Mode::Learner { app, .. } = &mut self.mode else {
            return Effect::None;
        };
        let leaves = action == Action::Close
            && *app.mode() == AppMode::Grid
            && app.message().is_none()
            && app.search().is_none();
        if leaves {
            self.mode = Mode::Table;
            return Effect::None;
        }
        if action == Action::ToggleLang {
            self.setup.lang = self.setup.lang.other();
        }
        match app.update(action, "") {
            AppEffect::Quit => {
                self.mode = Mode::Table;
                Effect::None
            }
            AppEffect::Suspend => Effect::Suspend,
            // Nothing is ever written: a read-only app asks for no save, and one asked for
            // anyway is not made.
            // Nor is anything run: a read-only app refuses to verify, and a run asked for
            // anyway is not started.
            AppEffect::None
            | AppEffect::Save
            | AppEffect::SaveAs(_)
            | AppEffect::RunVerify(_)
            | AppEffect::CancelVerify => Effect::None,
        }
    }

    /// Opens the selected learner's grid read-only.
    fn open_learner(&mut self) -> Effect {
        let Some(&index) = self.order.get(self.selected) else {
            return Effect::None;
        };
        let learner = &self.cohort.learners[index];
        let mut app = App::new(self.setup.roadmap.clone(), learner.progress.clone());
        for fact in [
            AppFact::ReadOnly(learner.name.clone()),
            AppFact::HelpLen(self.setup.help_len),
            AppFact::Lang(self.setup.lang),
            AppFact::Color(self.setup.color),
            AppFact::ScreenReader(self.setup.screen_reader),
            AppFact::Zone(self.setup.tz.clone()),
            AppFact::Today(self.setup.today),
            AppFact::Idle,
        ] {
            app.update(fact, "");
        }
        self.mode = Mode::Learner {
            app: Box::new(app),
            learner: index,
        };
        Effect::Opened
    }

    fn set_sort(&mut self, key: SortKey) {
        let index = self.order.get(self.selected).copied();
        self.sort = key;
        self.order = match self.orders.get(&key) {
            Some(order) => order.clone(),
            None => order(&self.cohort.learners, key),
        };
        if let Some(index) = index
            && let Some(place) = self.order.iter().position(|&i| i == index)
        {
            self.selected = place;
        }
        self.follow();
    }

    fn move_by(&mut self, by: isize) {
        let last = self.order.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(by).min(last);
        self.follow();
    }

    /// Scrolls so that the selected row is on screen.
    pub(super) fn follow(&mut self) {
        let rows = self.fit.rows.max(1);
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if self.selected >= self.scroll + rows {
            self.scroll = self.selected + 1 - rows;
        }
        let max = self.order.len().saturating_sub(rows);
        self.scroll = self.scroll.min(max);
    }

    pub(super) fn clamp_columns(&mut self) {
        let shown = self.fit.columns.max(1);
        let max = self.column_count().saturating_sub(shown);
        self.column_scroll = self.column_scroll.min(max);
    }

    fn notify(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: false,
        });
    }
}
