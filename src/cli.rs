//! The command line: `Cli` and its subcommands. Subcommands never touch the terminal.

mod args;
mod command;
mod lang;
mod values;

pub use args::{
    CellArgs, CheckArgs, CohortArgs, MergeArgs, ReviewArgs, SkipArgs, TracksCommand, VerifyArgs,
};
pub use command::{command, man_page, parse_from};
pub use lang::{lang_from_env, pick_lang};
pub use values::{CardTheme, CohortFormat, Format, LangArg, ListStatus, SortArg, ThemeArg};

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::CONFIG_ENV;
use crate::state::DATA_ENV;

/// Track the 100 Backend Tasking Roadmap, task by task and language by language.
///
/// With no command, opens the tracker in the terminal.
#[derive(Debug, Parser)]
#[command(name = "roadmap-tui", version, about)]
pub struct Cli {
    /// The progress file [default: the platform data dir, e.g. ~/.local/share/roadmap-tui/progress.json]
    #[arg(long, env = DATA_ENV, value_name = "FILE", global = true)]
    pub data: Option<PathBuf>,

    /// Track another roadmap: JSON in the asset's schema, or a Markdown table in the seed's shape
    #[arg(long, value_name = "FILE", global = true)]
    pub roadmap: Option<PathBuf>,

    /// Interface language: of the task text and the screens, also of `export`'s text
    /// [default: remembered, else the config's `locale`, else from LC_ALL / LANG; Spanish for
    /// the Markdown and CSV export]
    #[arg(long, value_enum, global = true, value_name = "LOCALE")]
    pub locale: Option<LangArg>,

    /// The old name of --locale, kept so scripts keep working (before the command only)
    #[arg(long = "lang", value_enum, hide = true, conflicts_with = "locale")]
    pub lang_alias: Option<LangArg>,

    /// The config file [default: the platform config dir, e.g. ~/.config/roadmap-tui/config.toml]
    #[arg(long, env = CONFIG_ENV, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// Colours for a dark or a light terminal, of high contrast, or for colour-blind eyes; auto,
    /// high-contrast and colorblind ask the terminal its background [default: the config's
    /// theme.base, else auto]
    #[arg(long, value_enum)]
    pub theme: Option<ThemeArg>,

    /// Do not capture the mouse (leaves the terminal's own selection alone)
    #[arg(long)]
    pub no_mouse: bool,

    /// Draw for a screen reader or a braille display: words instead of symbols, no box drawing,
    /// the focused cell described on the bottom line [default: the config's screen_reader]
    #[arg(long)]
    pub screen_reader: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The interface language asked for on the command line, by either name.
    pub fn locale(&self) -> Option<LangArg> {
        self.locale.or(self.lang_alias)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print done/total per level and language
    Stats {
        /// Print JSON (schema in the README) instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Write the progress as the seed's Markdown table, CSV, JSON, an SVG card or an HTML report
    Export {
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        /// Write to this file instead of standard output: a regular file is replaced
        /// atomically; a device, a FIFO or /dev/stdout is written into as it is
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Colours of the SVG card
        #[arg(long = "theme", value_enum, default_value_t = CardTheme::Light)]
        card_theme: CardTheme,
        /// Include hidden languages
        #[arg(long)]
        all_tracks: bool,
    },
    /// Check the cells marked (✅ ✔ ✓ x [x]) in a Markdown table; never unchecks
    Import {
        /// A Markdown table in the seed's shape
        file: PathBuf,
        /// Report what would change, and write nothing
        #[arg(long)]
        dry_run: bool,
        /// The day the marked cells were done (or started), YYYY-MM-DD in your time zone, for a
        /// table kept before: the calendar and the streak count them on that day [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Mark one cell done; --note adds text to its note, --git this repository's HEAD commit
    Check(CheckArgs),
    /// Mark one cell todo (from done, in progress or skipped)
    Uncheck(CellArgs),
    /// Mark one cell in progress; --note and --git as for check
    Start(CheckArgs),
    /// Skip one cell: left out of done and of every total; `uncheck` brings it back
    Skip(SkipArgs),
    /// List the cells in progress (oldest first), with a review (soonest first), done, todo or
    /// skipped
    List {
        #[arg(long, value_enum, default_value_t = ListStatus::InProgress)]
        status: ListStatus,
        /// Only this roadmap language (e.g. go)
        #[arg(short = 't', long = "track", alias = "lang", value_name = "TRACK")]
        track: Option<String>,
        /// Print JSON: task, track, status, dates, review, note and text per cell
        #[arg(long)]
        json: bool,
    },
    /// Set a target date for the whole roadmap or one language (--track), or --clear it; with
    /// neither, show the goals
    ///
    /// `stats` and the overview then show the cells left, the cells per week needed, the pace
    /// of the last four weeks, the finish it projects, and on track / behind by N cells.
    Goal {
        /// YYYY-MM-DD, or a span from today: 90d, 12w, 6m
        #[arg(conflicts_with = "clear")]
        date: Option<String>,
        /// The language the goal is for [default: the whole roadmap]
        #[arg(short = 't', long = "track", alias = "lang", value_name = "TRACK")]
        track: Option<String>,
        /// Remove the goal
        #[arg(long)]
        clear: bool,
    },
    /// A class of learners: who is where and who needs attention, from folders of progress
    /// files, single files, or git repositories (every branch's tip); read-only
    ///
    /// Without --format, opens the cohort screen. With it, prints CSV, JSON or an HTML page
    /// (schemas in the README).
    Cohort(CohortArgs),
    /// Set the name a teacher's `cohort` shows for this progress; with no name, print it
    ///
    /// A setting like the others: it travels with the file and merges by the time of its last
    /// change.
    Name {
        /// The name, e.g. "Ana" (one line, at most 100 characters)
        #[arg(conflicts_with = "clear")]
        name: Option<String>,
        /// Remove the name
        #[arg(long)]
        clear: bool,
    },
    /// Mark a done cell for review, record a review (--done) or drop one (--clear)
    ///
    /// Reviews space out: the first falls 3 days on, then 7, 21 and every 60 days after each
    /// review. `next` and the TUI's `w` offer the reviews due before new work.
    Review(ReviewArgs),
    /// Print the reviews due, then the next todo cells in reading order
    Next {
        /// Only this roadmap language (e.g. go)
        #[arg(short = 't', long = "track", alias = "lang", value_name = "TRACK")]
        track: Option<String>,
        /// How many cells to print
        #[arg(short = 'n', long = "count", default_value_t = 5, value_name = "N",
              value_parser = clap::value_parser!(u16).range(1..))]
        count: u16,
    },
    /// Merge progress files: as git's merge driver (BASE OURS THEIRS), another copy into yours
    /// (--from), or a file a git merge left with conflict markers (--resolve)
    ///
    /// Cells changed on one side keep that side's change; cells changed on both keep the later
    /// change; notes edited on both sides keep both texts. Set up git with:
    ///   echo 'progress.json merge=roadmap-tui' >> .gitattributes
    ///   git config merge.roadmap-tui.driver 'roadmap-tui merge %O %A %B'
    #[command(verbatim_doc_comment)]
    Merge(MergeArgs),
    /// List, add, remove, hide, show and reorder the roadmap's languages (default: list)
    Tracks {
        #[command(subcommand)]
        action: Option<TracksCommand>,
    },
    /// Run a cell's tests with the command the config gives its language; when they pass, the
    /// cell is done, with the run as evidence
    ///
    /// The command comes from `verify` under `[tracks.<language>]` in the config file, never from
    /// a progress file or a roadmap; it is printed before it runs. On a failure or a time-out
    /// the cell is unchanged, the last lines kept as its last failed verify, and the exit
    /// status is 1.
    Verify(VerifyArgs),
    /// Print the configuration in effect as TOML, defaults commented, ready to copy
    Config {
        /// Print only where the config file is read from
        #[arg(long)]
        path: bool,
        /// Write the defaults, commented, as the config file, making its folders; an existing
        /// file is never overwritten
        #[arg(long, conflicts_with = "path")]
        init: bool,
    },
    /// Print shell completions
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff)
    Man,
}
