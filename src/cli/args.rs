//! The arguments of the subcommands that take more than a flag or two: `tracks`' own
//! subcommands, the cell a command acts on, and what `check`, `skip`, `verify`, `review`,
//! `merge` and `cohort` are told.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{CohortFormat, SortArg};

/// What `tracks` does. A language is named by its id or its name.
#[derive(Debug, Subcommand)]
pub enum TracksCommand {
    /// Every language in order, hidden ones included
    List,
    /// Add a language to every task (e.g. `add rust Rust`, `add csharp "C#"`)
    Add {
        /// 1 to 32 lowercase letters, digits, '-' and '_'
        id: String,
        /// As shown in the grid's header
        name: String,
    },
    /// Remove a language you added, with its progress (--force when it has any)
    ///
    /// Says what it drops: cells done and in progress, notes, a goal. One of the roadmap's own
    /// languages cannot be removed: hide it instead.
    Remove {
        track: String,
        /// Remove it even though it has progress, which goes with it
        #[arg(long)]
        force: bool,
    },
    /// Hide a language from the grid, stats, export and next; its progress is kept
    Hide { track: String },
    /// Show a hidden language again
    Show { track: String },
    /// Move a language to a position (from 1)
    Move {
        track: String,
        #[arg(value_parser = clap::value_parser!(u16).range(1..))]
        position: u16,
    },
}

/// One cell: a task number and a language.
#[derive(Debug, Args)]
pub struct CellArgs {
    /// The task's number (e.g. 12)
    pub task: String,
    /// The roadmap language (e.g. python, go)
    #[arg(short = 't', long = "track", alias = "lang", value_name = "TRACK")]
    pub track: String,
}

/// One cell to check or start, and what to write in its note.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub cell: CellArgs,
    /// Add this text to the cell's note, after a blank line, unless the note holds it already; a
    /// note that would pass 4000 characters is refused, never cut
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Replace the cell's note with --note's text instead, and print the note it replaced
    #[arg(long, requires = "note")]
    pub replace_note: bool,
    /// Add the HEAD commit of the repository in the current directory to the note: short hash,
    /// subject and, for a remote on github.com, gitlab.com, codeberg.org or bitbucket.org, its
    /// web address
    #[arg(long)]
    pub git: bool,
    /// The day it was done (check) or started (start), YYYY-MM-DD in your time zone, for
    /// progress made before it was recorded: the calendar, the streak and the pace count it on
    /// that day. Never a day after today
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

/// One cell to skip, and why.
#[derive(Debug, Args)]
pub struct SkipArgs {
    #[command(flatten)]
    pub cell: CellArgs,
    /// Why it is skipped ("known from work"): added to the cell's note, after a blank line,
    /// unless the note holds it already
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

/// Which cells `verify` runs the tests of.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The task's number (e.g. 12); not with --all
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub task: Option<String>,
    /// The roadmap language (e.g. python, go)
    #[arg(short = 't', long = "track", alias = "lang", value_name = "TRACK")]
    pub track: String,
    /// Every task of the language, one after another, then a summary; Ctrl-C stops, keeping
    /// the results so far
    #[arg(long)]
    pub all: bool,
    /// With --all: only this level (its id, name or number from 1)
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<String>,
}

/// What `review` does to one cell.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub cell: CellArgs,
    /// When the (next) review is due: days from today, as 14, 14d or 2w [default: spaced out]
    #[arg(long = "in", value_name = "DAYS")]
    pub due_in: Option<String>,
    /// Record a review made today; the next one is spaced out further
    #[arg(long)]
    pub done: bool,
    /// Drop the cell's review
    #[arg(long, conflicts_with_all = ["done", "due_in"])]
    pub clear: bool,
}

/// What `merge` merges.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["files", "from", "resolve"])))]
pub struct MergeArgs {
    /// git's merge driver (%O %A %B): the merged progress is written into OURS
    #[arg(num_args = 3, value_names = ["BASE", "OURS", "THEIRS"])]
    pub files: Vec<PathBuf>,
    /// Merge another progress file (a sync tool's conflicted copy, a backup) into yours
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// Resolve a progress file that a git merge left with conflict markers, in place
    #[arg(long, value_name = "FILE")]
    pub resolve: Option<PathBuf>,
}

/// What `cohort` reads and prints.
#[derive(Debug, Args)]
pub struct CohortArgs {
    /// A folder (searched for progress files), a progress file, or a git repository's top
    /// folder (its branches are read, not its work tree)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print the cohort in this format instead of opening the screen
    #[arg(long, value_enum)]
    pub format: Option<CohortFormat>,
    /// Write to this file instead of standard output (as export -o)
    #[arg(short, long, value_name = "FILE", requires = "format")]
    pub output: Option<PathBuf>,
    /// The order of the learners
    #[arg(long, value_enum, default_value_t = SortArg::Progress)]
    pub sort: SortArg,
}
