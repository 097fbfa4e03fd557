//! The subcommands: each reads the roadmap and the progress, does one thing, and prints. None
//! touches the terminal's modes.

use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::tz::TimeZone;

mod cells;
pub mod cohort;
pub mod complete;
mod git;
mod goal;
pub mod init;
mod list;
mod merge;
mod name;
mod review;
pub mod verify;

use crate::cli::{CheckArgs, Command, Format};
use crate::i18n::{count, tr};
use crate::interchange::svg::CardData;
use crate::interchange::{self, export, html, import, svg};
use crate::model::text::{for_terminal, json_for_terminal};
use crate::model::tracks::{self, TrackError};
use crate::model::{Lang, Progress, Roadmap, Stats, Status, TaskId};
use crate::state::{self, DEFAULT_FILE, StateError, Store, limited};

mod tracks_cmd;

/// A failed command: bad input exits with 2, anything else with 1.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Failure(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) => 2,
            CliError::Failure(_) => 1,
        }
    }
}

impl From<TrackError> for CliError {
    fn from(e: TrackError) -> Self {
        CliError::Input(e.to_string())
    }
}

impl From<StateError> for CliError {
    fn from(e: StateError) -> Self {
        match e {
            StateError::Read { ref source, .. } if limited::is_bad_input(source) => {
                CliError::Input(e.to_string())
            }
            StateError::Json { .. }
            | StateError::Shape { .. }
            | StateError::Version { .. }
            | StateError::Conflict { .. } => CliError::Input(e.to_string()),
            _ => CliError::Failure(e.to_string()),
        }
    }
}

/// A file that could not be read: bad input (exit 2) when the fault is in what the file is —
/// not a regular file, too large, not UTF-8 — else a failure. `what` comes before the name.
pub(crate) fn read_error(path: &Path, what: &str, e: &std::io::Error) -> CliError {
    let text = format!("cannot read {what}{}: {e}", path.display());
    if limited::is_bad_input(e) {
        CliError::Input(text)
    } else {
        CliError::Failure(text)
    }
}

/// The roadmap to track: the built-in one, or the one `--roadmap` names.
pub fn load_roadmap(path: Option<&Path>) -> Result<Roadmap, CliError> {
    let Some(path) = path else {
        return Roadmap::seed().map_err(|e| CliError::Failure(format!("built-in roadmap: {e}")));
    };
    let text = limited::read_limited(path, limited::ROADMAP_LIMIT)
        .and_then(limited::utf8_text)
        .map_err(|e| read_error(path, "the roadmap ", &e))?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    interchange::parse_roadmap(&text, &name)
        .map_err(|e| CliError::Input(format!("the roadmap {} is not valid: {e}", path.display())))
}

/// Where the progress lives: `--data` (or the environment), else the data directory, in a file
/// of the roadmap's own for any roadmap but the built-in one.
pub fn data_path(
    flag: Option<PathBuf>,
    roadmap: &Roadmap,
    custom: bool,
) -> Result<PathBuf, CliError> {
    known_data_path(flag.clone(), custom).unwrap_or_else(|| {
        Ok(state::default_path(&format!(
            "progress-{}.json",
            roadmap.id
        ))?)
    })
}

/// The progress file's path where it does not depend on the roadmap (`--data`, or the built-in
/// roadmap), so that it can be read while the roadmap is.
pub fn known_data_path(flag: Option<PathBuf>, custom: bool) -> Option<Result<PathBuf, CliError>> {
    match flag {
        Some(path) => Some(Ok(path)),
        None if !custom => Some(state::default_path(DEFAULT_FILE).map_err(Into::into)),
        None => None,
    }
}

/// The current time, RFC 3339 UTC to the second.
fn now() -> String {
    crate::tui::now()
}

pub use crate::clock::TODAY_ENV;

/// Today's date in `tz`, or the one `ROADMAP_TUI_TODAY` names.
pub(crate) fn today(tz: &TimeZone) -> Result<Date, CliError> {
    crate::clock::today(tz).map_err(CliError::Input)
}

/// The day `--date` names for progress made before it was recorded: YYYY-MM-DD in the user's
/// time zone, not after today. Returned with the time it dates a change with (see
/// `clock::back_dated`).
pub(crate) fn past_day(text: &str, tz: &TimeZone, now: &str) -> Result<(Date, String), CliError> {
    let today = today(tz)?;
    let day: Date = text.trim().parse().map_err(|_| {
        CliError::Input(format!(
            "--date \"{}\" is not a date: write YYYY-MM-DD, e.g. {today}",
            crate::model::text::echo(text.trim())
        ))
    })?;
    if day > today {
        return Err(CliError::Input(format!(
            "--date {day} is in the future: progress can be dated today ({today}) or earlier"
        )));
    }
    Ok((day, crate::clock::back_dated(day, tz, now)))
}

/// "Verified by their tests: 3 (Python 2, Go 1)" under the stats table; nothing when none is.
fn verified_line(roadmap: &Roadmap, verified: &[usize], lang: Lang) -> String {
    let total: usize = verified.iter().sum();
    if total == 0 {
        return String::new();
    }
    let each: Vec<String> = roadmap
        .tracks
        .iter()
        .zip(verified)
        .filter(|(_, n)| **n > 0)
        .map(|(t, n)| format!("{} {n}", t.name))
        .collect();
    format!(
        "{}: {total} ({})\n",
        tr(
            lang,
            "Verified by their tests",
            "Verificadas por sus pruebas"
        ),
        each.join(", ")
    )
}

/// Runs one subcommand, writing what it prints to `out`.
pub fn run(
    command: Command,
    roadmap: &Roadmap,
    data: &Path,
    text_lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        Command::Stats { json } => {
            let progress = state::read(data)?;
            let text = if json {
                // The card's figures of activity (its streak and calendar) as of today.
                let tz = crate::clock::local_zone();
                let value = interchange::stats::report(roadmap, &progress, today(&tz)?, &tz);
                json_for_terminal(&serde_json::to_string_pretty(&value).unwrap_or_default()) + "\n"
            } else {
                let base = roadmap;
                let roadmap = &tracks::visible_roadmap(roadmap, &progress.settings);
                let stats = Stats::compute(roadmap, &progress);
                let paces = goal::paces(base, roadmap, &progress)?;
                let verified = crate::model::verified::by_track(roadmap, &progress);
                let table = export::stats_table(roadmap, &stats, text_lang)
                    + &verified_line(roadmap, &verified, text_lang);
                if paces.is_empty() {
                    table
                } else {
                    table + "\n" + &goal::lines(&paces, text_lang)
                }
            };
            emit(out, &text)
        }
        Command::Export {
            format,
            output,
            card_theme,
            all_tracks,
        } => {
            let progress = state::read(data)?;
            let roadmap = &if all_tracks {
                tracks::full_roadmap(roadmap, &progress.settings)
            } else {
                tracks::visible_roadmap(roadmap, &progress.settings)
            };
            // The card's day is read first: a bad ROADMAP_TUI_TODAY is bad input, said as such.
            let tz = crate::clock::local_zone();
            let card = match format {
                Format::Svg | Format::Html => {
                    Some(CardData::compute(roadmap, &progress, today(&tz)?, &tz))
                }
                _ => None,
            };
            // Every format is written as it is made: however large the progress, the export
            // is never held whole in memory.
            let write = |w: &mut dyn Write| -> std::io::Result<()> {
                match format {
                    Format::Markdown => export::markdown_to(roadmap, &progress, text_lang, w),
                    Format::Csv => export::csv_to(roadmap, &progress, text_lang, w).map_err(|e| {
                        match e.into_kind() {
                            csv::ErrorKind::Io(e) => e,
                            other => std::io::Error::other(format!("CSV: {other:?}")),
                        }
                    }),
                    Format::Json => export::json_to(roadmap, &progress, w),
                    Format::Svg | Format::Html => match &card {
                        Some(card) if format == Format::Svg => {
                            w.write_all(svg::card(card, text_lang, card_theme.into()).as_bytes())
                        }
                        Some(card) => html::report_to(card, &progress, text_lang, &tz, w),
                        None => Ok(()),
                    },
                }
            };
            match output {
                // Standard output by another name is written as standard output is.
                Some(path) if !crate::platform::names_stdout(&path) => {
                    state::write_to(&path, write).map_err(|e| {
                        CliError::Failure(format!("cannot write {}: {e}", path.display()))
                    })
                }
                // JSON keeps its data whole: characters a terminal must not see are escaped.
                _ => {
                    let mut safe = TerminalSafe::new(out, format == Format::Json);
                    let written = write(&mut safe).and_then(|()| safe.finish());
                    match written {
                        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                            Err(CliError::Failure(format!("cannot write the output: {e}")))
                        }
                        _ => Ok(()),
                    }
                }
            }
        }
        Command::Import {
            file,
            dry_run,
            date,
        } => {
            let now = now();
            let when = match &date {
                Some(text) => Some(past_day(text, &crate::clock::local_zone(), &now)?.1),
                None => None,
            };
            let doc = limited::read_limited(&file, limited::ROADMAP_LIMIT)
                .and_then(limited::utf8_text)
                .map_err(|e| read_error(&file, "", &e))?;
            let (mut store, mut progress) = if dry_run {
                (None, state::read(data)?)
            } else {
                let (store, progress) = Store::open(data)?;
                (Some(store), progress)
            };
            // Marks for a hidden language are imported too: hiding never loses progress.
            let roadmap = &tracks::full_roadmap(roadmap, &progress.settings);
            let report = import::apply(roadmap, &mut progress, &doc, &now, when.as_deref())
                .map_err(|e| CliError::Input(format!("{}: {e}", file.display())))?;
            let changed = !report.checked.is_empty()
                || !report.started.is_empty()
                || !report.skipped.is_empty();
            if let Some(store) = store.as_mut().filter(|_| changed) {
                store.save(&progress)?;
            }
            emit(out, &report_text(&report, &file, dry_run))
        }
        Command::Check(args) => cells::set_cell(roadmap, data, &args, Status::Done, text_lang, out),
        Command::Uncheck(cell) => {
            let args = CheckArgs {
                cell,
                note: None,
                replace_note: false,
                git: false,
                date: None,
            };
            cells::set_cell(roadmap, data, &args, Status::Todo, text_lang, out)
        }
        Command::Start(args) => {
            cells::set_cell(roadmap, data, &args, Status::InProgress, text_lang, out)
        }
        Command::Skip(args) => cells::skip_cell(roadmap, data, args, text_lang, out),
        Command::Next { track, count } => {
            let progress = state::read(data)?;
            // All shown languages, or the one asked for, even if hidden.
            let roadmap = &match track {
                Some(_) => tracks::full_roadmap(roadmap, &progress.settings),
                None => tracks::visible_roadmap(roadmap, &progress.settings),
            };
            let tracks: Vec<usize> = match track {
                Some(name) => vec![find_track(roadmap, &name)?],
                None => (0..roadmap.tracks.len()).collect(),
            };
            let tz = TimeZone::system();
            let mut lines = review::due_lines(roadmap, &progress, &tracks, today(&tz)?, &tz);
            lines.truncate(usize::from(count));
            let left = usize::from(count) - lines.len();
            lines.extend(next_cells(roadmap, &progress, &tracks, left, text_lang));
            if lines.is_empty() {
                emit(out, "Nothing left to do.\n")
            } else {
                emit(out, &(lines.join("\n") + "\n"))
            }
        }
        Command::Goal { date, track, clear } => goal::run(
            roadmap,
            data,
            goal::GoalArgs {
                date: date.as_deref(),
                track: track.as_deref(),
                clear,
            },
            text_lang,
            out,
        ),
        Command::List {
            status,
            track,
            json,
        } => list::run(
            roadmap,
            data,
            status,
            track.as_deref(),
            json,
            text_lang,
            out,
        ),
        Command::Name { name: n, clear } => name::run(data, n.as_deref(), clear, text_lang, out),
        Command::Review(args) => review::run(roadmap, data, &args, text_lang, out),
        Command::Merge(args) => merge::run(roadmap, data, args, text_lang, out),
        Command::Tracks { action } => tracks_cmd::run(action, roadmap, data, text_lang, out),
        // Handled by the caller: `config`, `verify` and `cohort` need the config file;
        // `completions` and `man` only describe the command line.
        Command::Completions { .. }
        | Command::Man
        | Command::Config { .. }
        | Command::Verify(_)
        | Command::Cohort(_) => Ok(()),
    }
}

/// Writes what a command prints, through `for_terminal`: a task, a note, a language or a file
/// name could hold escape sequences. A reader that went away (`| head`) is not an error.
/// Standard output for a stream of text, made safe for a terminal a line at a time (the rules of
/// `emit`; JSON's unsafe characters escaped rather than dropped, so the data stays whole).
pub(crate) struct TerminalSafe<'a> {
    out: &'a mut dyn Write,
    json: bool,
    line: Vec<u8>,
}

impl<'a> TerminalSafe<'a> {
    pub(crate) fn new(out: &'a mut dyn Write, json: bool) -> TerminalSafe<'a> {
        TerminalSafe {
            out,
            json,
            line: Vec::new(),
        }
    }

    /// Writes `bytes`, whole lines (a line break is never inside a character).
    fn pass(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let text = String::from_utf8_lossy(bytes);
        if self.json {
            self.out.write_all(json_for_terminal(&text).as_bytes())
        } else {
            self.out.write_all(for_terminal(&text).as_bytes())
        }
    }

    /// Writes what is left of the last line, and flushes.
    pub(crate) fn finish(mut self) -> std::io::Result<()> {
        let rest = std::mem::take(&mut self.line);
        self.pass(&rest)?;
        self.out.flush()
    }
}

impl Write for TerminalSafe<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.line.extend_from_slice(buf);
        if let Some(end) = self.line.iter().rposition(|&b| b == b'\n') {
            let rest = self.line.split_off(end + 1);
            let lines = std::mem::replace(&mut self.line, rest);
            self.pass(&lines)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

pub fn emit(out: &mut dyn Write, text: &str) -> Result<(), CliError> {
    let text = for_terminal(text);
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::Failure(format!("cannot write the output: {e}")))
        }
        _ => Ok(()),
    }
}

fn report_text(report: &import::Report, file: &Path, dry_run: bool) -> String {
    let (check, start, skip) = if dry_run {
        ("would check", "would start", "would skip")
    } else {
        ("checked", "started", "skipped")
    };
    // Skips are named only where there are some: a table without one reads as it always did.
    let skipped = match report.skipped.len() {
        0 => String::new(),
        n => format!(", {skip} {n}"),
    };
    let mut out = format!(
        "{}: {check} {}, {start} {}{skipped}, {} already marked.\n",
        file.display(),
        count(report.checked.len(), "cell", "cells"),
        report.started.len(),
        report.unchanged
    );
    for (task, track) in &report.checked {
        out.push_str(&format!("  {check} task {task} × {track}\n"));
    }
    for (task, track) in &report.started {
        out.push_str(&format!("  {start} task {task} × {track}\n"));
    }
    for (task, track) in &report.skipped {
        out.push_str(&format!("  {skip} task {task} × {track}\n"));
    }
    if !report.unknown_columns.is_empty() {
        out.push_str(&format!(
            "Columns not in the roadmap, ignored: {}\n",
            report.unknown_columns.join(", ")
        ));
    }
    if !report.unmatched.is_empty() {
        let rows = report.unmatched.len();
        let rows = count(rows, "row matches", "rows match");
        out.push_str(&format!("{rows} no task:\n"));
        for (line, text) in &report.unmatched {
            out.push_str(&format!("  line {line}: {text}\n"));
        }
    }
    if dry_run {
        out.push_str("Dry run: nothing was written.\n");
    }
    out
}

fn find_track(roadmap: &Roadmap, name: &str) -> Result<usize, CliError> {
    roadmap
        .tracks
        .iter()
        .position(|t| t.id.eq_ignore_ascii_case(name) || t.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| tracks::unknown(name, roadmap.tracks.iter().map(|t| t.id.as_str())).into())
}

fn find_task(roadmap: &Roadmap, task: &str) -> Result<TaskId, CliError> {
    task.trim()
        .trim_end_matches('.')
        .parse::<TaskId>()
        .ok()
        .filter(|id| roadmap.pos_of(*id).is_some())
        .ok_or_else(|| {
            let mut ids: Vec<TaskId> = roadmap.tasks().map(|(_, t)| t.id).collect();
            ids.sort_unstable();
            let (first, last) = (ids[0], ids[ids.len() - 1]);
            let valid = if (last - first) as usize + 1 == ids.len() {
                format!("{first} to {last}")
            } else {
                let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
                crate::model::text::some_of(ids.iter().map(String::as_str), 20)
            };
            CliError::Input(format!(
                "unknown task \"{}\"; the tasks are {valid}",
                crate::model::text::echo(task)
            ))
        })
}

/// The next `count` cells with work left (not done, not skipped), in reading order (task by
/// task, language by language).
fn next_cells(
    roadmap: &Roadmap,
    progress: &Progress,
    tracks: &[usize],
    count: usize,
    lang: Lang,
) -> Vec<String> {
    let name_w = tracks
        .iter()
        .map(|&t| roadmap.tracks[t].name.chars().count())
        .max()
        .unwrap_or(4);
    let mut lines = Vec::new();
    for (pos, task) in roadmap.tasks() {
        for &t in tracks {
            if lines.len() >= count {
                return lines;
            }
            let track = &roadmap.tracks[t];
            let status = progress.status(task.id, &track.id);
            if !status.is_open() {
                continue;
            }
            let mark = if status == Status::InProgress {
                "◐"
            } else {
                "·"
            };
            let level = &roadmap.levels[roadmap.level_of(pos)].name;
            lines.push(format!(
                "{mark} {:>3}  {:<name_w$}  {level}: {}",
                task.id,
                track.name,
                task.text.get(lang)
            ));
        }
    }
    lines
}
