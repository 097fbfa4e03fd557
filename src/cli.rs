//! The command line. Subcommands never touch the terminal.

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::config::CONFIG_ENV;
use crate::model::Lang;
use crate::state::DATA_ENV;
use crate::ui::theme::Base;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CohortFormat {
    /// One row per learner
    Csv,
    /// Each learner's `stats --json` figures, with name, source, activity and attention
    Json,
    /// A self-contained page: a table per level, the attention list, the problems
    Html,
}

/// The orders of `cohort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Most done first
    Progress,
    /// Most recently active first
    Activity,
    /// Fastest over the last four weeks first
    Pace,
    /// A to Z
    Name,
}

impl From<SortArg> for crate::cohort::SortKey {
    fn from(s: SortArg) -> Self {
        use crate::cohort::SortKey;
        match s {
            SortArg::Progress => SortKey::Progress,
            SortArg::Activity => SortKey::Activity,
            SortArg::Pace => SortKey::Pace,
            SortArg::Name => SortKey::Name,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Markdown,
    Csv,
    Json,
    /// A progress card for a README
    Svg,
    /// A self-contained page: the card and every task
    Html,
}

/// Which cells `list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListStatus {
    InProgress,
    Done,
    Todo,
    /// Cells with a review scheduled; ↻ marks those due
    Review,
    /// Skipped cells, with the reason kept in their note
    Skipped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CardTheme {
    Light,
    Dark,
}

impl From<CardTheme> for crate::interchange::svg::Theme {
    fn from(t: CardTheme) -> Self {
        match t {
            CardTheme::Light => Self::Light,
            CardTheme::Dark => Self::Dark,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    Auto,
    Dark,
    Light,
    /// No grey, 7:1 contrast and more, for the terminal's background
    HighContrast,
    /// Blue and orange instead of green and yellow, for the terminal's background
    Colorblind,
}

impl From<ThemeArg> for Base {
    fn from(t: ThemeArg) -> Base {
        match t {
            ThemeArg::Auto => Base::Auto,
            ThemeArg::Dark => Base::Dark,
            ThemeArg::Light => Base::Light,
            ThemeArg::HighContrast => Base::HighContrast,
            ThemeArg::Colorblind => Base::ColorBlind,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Es,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Es => Lang::Es,
            LangArg::En => Lang::En,
        }
    }
}

/// The global options, which every subcommand accepts.
const GLOBALS: [&str; 4] = ["data", "roadmap", "locale", "config"];

/// The command line as it is parsed, completed and described: `Cli`'s, with the global options
/// hidden from the help of the subcommands they do nothing for (`completions` and `man` describe
/// the command line; `config` reads only the config file). They are still accepted there.
pub fn command() -> clap::Command {
    described(Cli::command())
}

fn described(mut cmd: clap::Command) -> clap::Command {
    // Global options reach the subcommands when the command is built.
    cmd.build();
    let unused: [(&str, &[&str]); 3] = [
        ("completions", &GLOBALS),
        ("man", &GLOBALS),
        ("config", &["data", "roadmap", "locale"]),
    ];
    for (name, ids) in unused {
        cmd = cmd.mut_subcommand(name, |sub| {
            sub.mut_args(|arg| {
                let hide = ids.contains(&arg.get_id().as_str()) || arg.is_hide_set();
                arg.hide(hide)
            })
        });
    }
    cmd
}

/// Parses `args` (the program's name first). A usage error's "Usage:" line lists the options
/// used besides the missing ones; an option set by the environment (`ROADMAP_TUI_DATA`,
/// `ROADMAP_TUI_CONFIG`) was not typed and would read as one more required option, so such an
/// error is said as it would be without the environment.
pub fn parse_from(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    let error = match command().try_get_matches_from(&args) {
        Ok(matches) => return Cli::from_arg_matches(&matches),
        Err(e) => e,
    };
    if !error.use_stderr() {
        return Err(error);
    }
    let typed_only = described(Cli::command().mut_args(|arg| arg.env(None::<&'static str>)));
    match typed_only.try_get_matches_from(&args) {
        Err(e) if e.kind() == error.kind() => Err(e),
        _ => Err(error),
    }
}

/// The manual page: roff made by clap_mangen from the command line above. Characters beyond
/// ASCII (the check marks `import` reads) are written as `\[uXXXX]` escapes, which groff reads
/// with or without preconv, and mandoc too.
pub fn man_page() -> std::io::Result<String> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command()).render(&mut page)?;
    Ok(ascii_roff(&String::from_utf8_lossy(&page)))
}

fn ascii_roff(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// The language the environment asks for: LC_ALL, then LANG; `es*` is Spanish, anything else
/// English.
pub fn lang_from_env(lc_all: Option<&str>, lang: Option<&str>) -> Lang {
    let value = [lc_all, lang]
        .into_iter()
        .flatten()
        .find(|v| !v.is_empty())
        .unwrap_or("");
    if value.to_ascii_lowercase().starts_with("es") {
        Lang::Es
    } else {
        Lang::En
    }
}

/// The language to start in: `--locale`, else the one remembered in the progress file (chosen
/// with L), else the config's, else the environment's.
pub fn pick_lang(
    flag: Option<LangArg>,
    remembered: Option<Lang>,
    config: Option<Lang>,
    env: Lang,
) -> Lang {
    flag.map(Lang::from)
        .or(remembered)
        .or(config)
        .unwrap_or(env)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn roff_beyond_ascii_as_escapes() {
        assert_eq!(
            ascii_roff("(\u{2705} \u{2714} x) \\- é 𝄞"),
            "(\\[u2705] \\[u2714] x) \\- \\[u00E9] \\[u1D11E]"
        );
    }

    #[test]
    fn environment_language() {
        assert_eq!(
            lang_from_env(Some("es_ES.UTF-8"), Some("en_US.UTF-8")),
            Lang::Es
        );
        assert_eq!(lang_from_env(None, Some("es_MX.UTF-8")), Lang::Es);
        assert_eq!(lang_from_env(Some(""), Some("es_AR")), Lang::Es);
        assert_eq!(lang_from_env(Some("C.UTF-8"), Some("es_ES")), Lang::En);
        assert_eq!(lang_from_env(None, None), Lang::En);
        assert_eq!(lang_from_env(None, Some("de_DE")), Lang::En);
    }

    #[test]
    fn flag_beats_memory_beats_environment() {
        assert_eq!(
            pick_lang(Some(LangArg::En), Some(Lang::Es), Some(Lang::Es), Lang::Es),
            Lang::En
        );
        assert_eq!(
            pick_lang(None, Some(Lang::Es), Some(Lang::En), Lang::En),
            Lang::Es
        );
        assert_eq!(pick_lang(None, None, Some(Lang::En), Lang::Es), Lang::En);
        assert_eq!(pick_lang(None, None, None, Lang::Es), Lang::Es);
    }
}
