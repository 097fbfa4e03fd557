//! The cohort screen's state: the learners in the order chosen (each order sorted once and
//! kept), the selected learner (followed by where their file was read, so a new sort or a
//! reload keeps it), the columns shown, the stuck view, the help, and a learner's grid opened
//! read-only (the app's own `App`, marked read-only), read through shared accessors. It changes
//! in two places only: `Screen::update` for the user's actions (`update`), `Screen::learn` for
//! what the loop learns (`learn`). Nothing here does I/O; the loop (`cohort::tui`) reads,
//! watches and draws.

mod learn;
mod update;

use std::collections::HashMap;
use std::path::PathBuf;

use jiff::civil::Date;
use jiff::tz::TimeZone;

pub use self::learn::stuck_tasks;
use super::{Cohort, Learner, SortKey};
use crate::app::{App, Message};
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
}
