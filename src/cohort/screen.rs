//! The cohort screen's state and the one place it changes, `Screen::update`: the learners in
//! the order chosen (each order sorted once and kept), the selected learner (followed by where
//! their file was read, so a new sort or a reload keeps it), the columns shown, the stuck view,
//! the help, and a learner's grid opened read-only (the app's own `App`, marked read-only).
//! Nothing here does I/O; the loop (`cohort::tui`) reads, watches and draws.

use std::collections::HashMap;
use std::path::PathBuf;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::{Cohort, Learner, SortKey, Source, order};
use crate::app::{Action, App, Effect as AppEffect, Fact as AppFact, Message, Mode as AppMode};
use crate::i18n::tr;
use crate::model::{Lang, Roadmap, TaskId, TaskPos};

/// What the columns between a learner's name and their total are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Columns {
    /// One per level of the roadmap.
    #[default]
    Levels,
    /// One per language any learner shows.
    Languages,
}

/// Which view has the keyboard.
#[derive(Debug, Clone)]
pub enum Mode {
    /// One row per learner.
    Table,
    /// The tasks most often left in progress and each learner's frontier; `scroll` is its
    /// first line on screen.
    Stuck { scroll: usize },
    /// The keys, over the view it was opened from.
    Help { scroll: u16, under: Box<Mode> },
    /// A learner's grid, read-only; `learner` indexes `Cohort::learners`.
    Learner { app: Box<App>, learner: usize },
}

/// A task some learners have left in progress, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StuckTask {
    pub pos: TaskPos,
    pub task: TaskId,
    pub track: String,
    /// How many learners have it in progress.
    pub learners: usize,
    /// The earliest day one of them started it, where the files say.
    pub oldest: Option<Date>,
}

/// What the loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    Suspend,
    /// A learner's grid was opened: the loop fits it to the terminal.
    Opened,
}

/// What fits on the screen, measured by the drawing code for the terminal's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    /// Learners' rows on screen.
    pub rows: usize,
    /// Data columns (levels or languages) on screen across.
    pub columns: usize,
    /// Lines of the stuck view on screen.
    pub stuck_rows: usize,
    /// Lines of the help's key list on screen.
    pub help_rows: usize,
}

/// What the loop learns.
#[derive(Debug)]
pub enum Fact {
    Fit(Fit),
    /// The learners' files were read again.
    Reloaded(Box<Cohort>),
    /// The calendar date where the user is.
    Today(Date),
}

/// How the screen starts.
#[derive(Debug, Clone)]
pub struct Setup {
    pub roadmap: Roadmap,
    pub paths: Vec<PathBuf>,
    pub sort: SortKey,
    pub lang: Lang,
    pub color: bool,
    pub screen_reader: bool,
    pub today: Date,
    pub tz: TimeZone,
    /// How many lines the help lists (for a learner's grid).
    pub help_len: usize,
    /// The help's line where the cohort's keys begin: the help opens there.
    pub help_at: usize,
}

/// The cohort screen.
#[derive(Debug, Clone)]
pub struct Screen {
    setup: Setup,
    cohort: Cohort,
    /// Every language any learner shows: (id, name), in the order first met.
    tracks: Vec<(String, String)>,
    stuck: Vec<StuckTask>,
    /// The widest learner's name, in columns.
    name_width: usize,
    sort: SortKey,
    /// The learners' indices in `sort`'s order.
    order: Vec<usize>,
    /// Every order, sorted once per reading of the learners.
    orders: HashMap<SortKey, Vec<usize>>,
    /// The selected learner's place in `order`.
    selected: usize,
    /// The first row on screen.
    scroll: usize,
    columns: Columns,
    /// The first data column on screen.
    column_scroll: usize,
    fit: Fit,
    mode: Mode,
    message: Option<Message>,
}

impl Screen {
    pub fn new(setup: Setup, cohort: Cohort) -> Screen {
        let mut screen = Screen {
            sort: setup.sort,
            setup,
            cohort: Cohort::default(),
            tracks: Vec::new(),
            stuck: Vec::new(),
            name_width: 0,
            order: Vec::new(),
            orders: HashMap::new(),
            selected: 0,
            scroll: 0,
            columns: Columns::Levels,
            column_scroll: 0,
            fit: Fit {
                rows: 20,
                columns: usize::MAX,
                stuck_rows: 20,
                help_rows: 20,
            },
            mode: Mode::Table,
            message: None,
        };
        screen.take(cohort);
        screen
    }

    pub fn roadmap(&self) -> &Roadmap {
        &self.setup.roadmap
    }
    pub fn paths(&self) -> &[PathBuf] {
        &self.setup.paths
    }
    pub fn cohort(&self) -> &Cohort {
        &self.cohort
    }
    pub fn lang(&self) -> Lang {
        self.setup.lang
    }
    pub fn color(&self) -> bool {
        self.setup.color
    }
    pub fn screen_reader(&self) -> bool {
        self.setup.screen_reader
    }
    pub fn tz(&self) -> &TimeZone {
        &self.setup.tz
    }
    pub fn today(&self) -> Date {
        self.setup.today
    }
    pub fn sort(&self) -> SortKey {
        self.sort
    }
    pub fn order(&self) -> &[usize] {
        &self.order
    }
    pub fn selected(&self) -> usize {
        self.selected
    }
    /// The selected learner.
    pub fn learner(&self) -> Option<&Learner> {
        self.order
            .get(self.selected)
            .map(|&i| &self.cohort.learners[i])
    }
    pub fn scroll(&self) -> usize {
        self.scroll
    }
    pub fn columns(&self) -> Columns {
        self.columns
    }
    pub fn column_scroll(&self) -> usize {
        self.column_scroll
    }
    /// The widest learner's name, in columns.
    pub fn name_width(&self) -> usize {
        self.name_width
    }
    pub fn tracks(&self) -> &[(String, String)] {
        &self.tracks
    }
    pub fn stuck(&self) -> &[StuckTask] {
        &self.stuck
    }
    pub fn mode(&self) -> &Mode {
        &self.mode
    }
    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    /// The learner's grid, when one is open.
    pub fn grid(&self) -> Option<&App> {
        match &self.mode {
            Mode::Learner { app, .. } => Some(app),
            _ => None,
        }
    }

    /// The learner's grid, to tell it what the loop learned (its size, the date): only through
    /// its `update`.
    pub fn grid_mut(&mut self) -> Option<&mut App> {
        match &mut self.mode {
            Mode::Learner { app, .. } => Some(app),
            _ => None,
        }
    }

    /// How many data columns there are in the columns shown.
    pub fn column_count(&self) -> usize {
        match self.columns {
            Columns::Levels => self.setup.roadmap.levels.len(),
            Columns::Languages => self.tracks.len(),
        }
    }

    /// Lines of the stuck view: its two headings and blank line, the tasks (or a line saying
    /// there are none), and one line per learner.
    pub fn stuck_len(&self) -> usize {
        4 + self.stuck.len().max(1) + self.order.len()
    }

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

    /// Takes in what the loop learned.
    pub fn learn(&mut self, fact: Fact) {
        match fact {
            Fact::Fit(fit) => {
                self.fit = fit;
                self.follow();
                self.clamp_columns();
                if let Mode::Stuck { scroll } = &mut self.mode {
                    let max = (4 + self.stuck.len().max(1) + self.order.len())
                        .saturating_sub(fit.stuck_rows);
                    *scroll = (*scroll).min(max);
                }
            }
            Fact::Reloaded(cohort) => self.take(*cohort),
            Fact::Today(today) => {
                self.setup.today = today;
                if let Some(app) = self.grid_mut() {
                    app.update(AppFact::Today(today), "");
                }
            }
        }
    }

    /// Takes in a (new) reading of the learners, keeping the sort, the selected learner (by
    /// where their file was read) and an open grid (its progress replaced).
    fn take(&mut self, cohort: Cohort) {
        let selected: Option<Source> = self.learner().map(|l| l.source.clone());
        let open: Option<Source> = match &self.mode {
            Mode::Learner { learner, .. } => {
                self.cohort.learners.get(*learner).map(|l| l.source.clone())
            }
            _ => None,
        };
        self.cohort = cohort;
        self.tracks = union_of_tracks(&self.cohort.learners);
        self.stuck = stuck_tasks(&self.cohort.learners);
        self.name_width = self
            .cohort
            .learners
            .iter()
            .map(|l| unicode_width::UnicodeWidthStr::width(l.name.as_str()))
            .max()
            .unwrap_or(0);
        // Every order is sorted now, so that no key waits for a sort of thousands.
        self.orders = SortKey::ALL
            .iter()
            .map(|&key| (key, order(&self.cohort.learners, key)))
            .collect();
        self.order = self.orders.get(&self.sort).cloned().unwrap_or_default();
        let place = |source: &Source| {
            self.order
                .iter()
                .position(|&i| self.cohort.learners[i].source == *source)
        };
        self.selected = selected
            .as_ref()
            .and_then(place)
            .unwrap_or(self.selected)
            .min(self.order.len().saturating_sub(1));
        if let Some(source) = open {
            let found = self.cohort.learners.iter().position(|l| l.source == source);
            match (found, &mut self.mode) {
                (Some(index), Mode::Learner { app, learner }) => {
                    *learner = index;
                    let progress = self.cohort.learners[index].progress.clone();
                    app.update(
                        AppFact::FromDisk {
                            progress: Box::new(progress),
                            cells: Vec::new(),
                        },
                        "",
                    );
                    // The learner's own choice of language is theirs, not the screen's.
                    app.update(AppFact::Lang(self.setup.lang), "");
                }
                _ => self.mode = Mode::Table,
            }
        }
        self.clamp_columns();
        self.follow();
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
    fn follow(&mut self) {
        let rows = self.fit.rows.max(1);
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if self.selected >= self.scroll + rows {
            self.scroll = self.selected + 1 - rows;
        }
        let max = self.order.len().saturating_sub(rows);
        self.scroll = self.scroll.min(max);
    }

    fn clamp_columns(&mut self) {
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

/// Every language the learners show, by id, in the order first met.
fn union_of_tracks(learners: &[Learner]) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for learner in learners {
        for track in &learner.summary.tracks {
            if seen.insert(track.id.clone()) {
                out.push((track.id.clone(), track.name.clone()));
            }
        }
    }
    out
}

/// The cells left in progress, grouped by task and language: the most learners first, then
/// the oldest start, then roadmap order.
pub fn stuck_tasks(learners: &[Learner]) -> Vec<StuckTask> {
    let mut by_cell: HashMap<(TaskPos, &str), StuckTask> = HashMap::new();
    for learner in learners {
        for cell in &learner.summary.started {
            let entry = by_cell
                .entry((cell.pos, cell.track.as_str()))
                .or_insert_with(|| StuckTask {
                    pos: cell.pos,
                    task: cell.task,
                    track: cell.track.clone(),
                    learners: 0,
                    oldest: None,
                });
            entry.learners += 1;
            entry.oldest = match (entry.oldest, cell.started) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
    let mut out: Vec<StuckTask> = by_cell.into_values().collect();
    out.sort_by(|a, b| {
        b.learners
            .cmp(&a.learners)
            .then_with(|| match (a.oldest, b.oldest) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then(a.pos.cmp(&b.pos))
            .then_with(|| a.track.cmp(&b.track))
    });
    out
}
