//! check, uncheck, start and skip: one cell's status, and what its note gets from `--note`,
//! `--git` and `--reason`. What the command line writes is added to the note; only `--replace-note` takes
//! anything away, and it prints what it took.

use std::io::Write;
use std::path::Path;

use super::git::{self, Commit};
use super::{CliError, emit, find_task, find_track, now, past_day};
use crate::cli::{CheckArgs, SkipArgs};
use crate::model::progress::Cell;
use crate::model::progress::{MAX_NOTE_CHARS, add_paragraph, clean_stored_note};
use crate::model::tracks;
use crate::model::{Lang, Roadmap, Status};
use crate::state::{self, Store};

pub(super) fn set_cell(
    roadmap: &Roadmap,
    data: &Path,
    args: &CheckArgs,
    status: Status,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let cell = &args.cell;
    let task = find_task(roadmap, &cell.task)?;
    let tz = crate::clock::local_zone();
    let now = now();
    // A bad or future --date is refused before anything else is looked at.
    let dated = match &args.date {
        Some(text) => Some(past_day(text, &tz, &now)?),
        None => None,
    };
    if !args.replace_note
        && args
            .note
            .as_deref()
            .is_some_and(|n| clean_stored_note(n).is_none())
    {
        // It used to clear the note; adding nothing in silence would hide that it no longer does.
        return Err(CliError::Input(
            "--note has no text to add; to clear the note, use --replace-note --note \"\""
                .to_owned(),
        ));
    }
    // Any language, hidden ones included; looked up before the file is locked.
    let settings = state::read(data)?.settings;
    let roadmap = &tracks::full_roadmap(roadmap, &settings);
    let track = &roadmap.tracks[find_track(roadmap, &cell.track)?];
    let hidden = tracks::all(roadmap, &settings)
        .iter()
        .any(|e| e.hidden && e.track.id == track.id);
    // git runs before the lock is taken, and a failure writes nothing.
    let commit = if args.git {
        let dir = std::env::current_dir()
            .map_err(|e| CliError::Failure(format!("cannot read the current directory: {e}")))?;
        Some(git::head(&dir)?)
    } else {
        None
    };
    let (mut store, mut progress) = Store::open(data)?;
    let state_before = progress.cell(task, &track.id).cloned().unwrap_or_default();
    let before = state_before.status;
    let note_before = progress.note(task, &track.id).map(str::to_owned);
    let note = new_note(note_before.as_deref(), args, commit.as_ref());
    if note != note_before {
        // Refused whole rather than cut: a cut would lose the end of what was asked for.
        check_length(
            note.as_deref(),
            note_before.as_deref(),
            args,
            &format!("task {task} × {}", track.name),
        )?;
    }
    match &dated {
        // Already so on that day: its time that day is kept.
        Some((day, _))
            if before == status && dated_on(&state_before, status, &tz) == Some(*day) => {}
        Some((_, when)) => {
            progress.set_status_dated(task, &track.id, status, &now, when);
        }
        None if before != status => progress.set_status(task, &track.id, status, &now),
        None => {}
    }
    if note != note_before {
        progress.set_note(task, &track.id, note.as_deref().unwrap_or(""), &now);
    }
    let state_after = progress.cell(task, &track.id).cloned().unwrap_or_default();
    let state_changed = !state_after.same_state(&state_before);
    let note_after = progress.note(task, &track.id).map(str::to_owned);
    if state_changed || note_after != note_before {
        store.save(&progress)?;
    }
    let word = match status {
        Status::Done => "done",
        Status::InProgress => "in progress",
        Status::Todo => "todo",
        Status::Skip => "skipped",
    };
    let on = match &dated {
        Some((day, _)) => format!(" on {day}"),
        None => String::new(),
    };
    let unchanged = if state_changed { "" } else { " (unchanged)" };
    let mut text = format!("Task {task} × {}: {word}{on}{unchanged}\n", track.name);
    if hidden {
        // Done all the same: hiding never loses progress, but the grid, stats and export
        // leave the language out until it is shown again.
        text.push_str(&format!(
            "{} roadmap-tui tracks show {}\n",
            match lang {
                Lang::En => format!(
                    "{} is hidden: the grid, stats and export leave it out. Show it with",
                    track.name
                ),
                Lang::Es => format!(
                    "{} está oculto: la cuadrícula, stats y export lo dejan fuera. Muéstralo con",
                    track.name
                ),
            },
            track.id
        ));
    }
    if note_after != note_before {
        match &note_after {
            Some(n) => text.push_str(&format!("Note: {}\n", indented(n))),
            None => text.push_str("Note: cleared\n"),
        }
        // Last, and as it was, so that it can be copied back whole.
        if let Some(old) = note_before.as_deref().filter(|_| args.replace_note) {
            text.push_str(&format!(
                "Replaced the note of task {task} × {}, which was:\n{old}\n",
                track.name
            ));
        }
    } else {
        if args.note.is_some() && !args.replace_note {
            text.push_str("Note: already holds that text\n");
        }
        if let Some(c) = &commit {
            text.push_str(&format!("Note: already records {}\n", c.short));
        }
    }
    emit(out, &text)
}

/// `skip`: the cell skipped as `set_cell` sets a status, `--reason` added to its note as
/// `--note` is.
pub(super) fn skip_cell(
    roadmap: &Roadmap,
    data: &Path,
    args: SkipArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if args
        .reason
        .as_deref()
        .is_some_and(|r| clean_stored_note(r).is_none())
    {
        return Err(CliError::Input("--reason has no text to add".to_owned()));
    }
    let args = CheckArgs {
        cell: args.cell,
        note: args.reason,
        replace_note: false,
        git: false,
        date: None,
    };
    set_cell(roadmap, data, &args, Status::Skip, lang, out)
}

/// The day in `tz` a cell was done (for `Done`) or started (for `InProgress`).
fn dated_on(cell: &Cell, status: Status, tz: &jiff::tz::TimeZone) -> Option<jiff::civil::Date> {
    let stamp = match status {
        Status::Done => cell.done_at.as_deref(),
        Status::InProgress => cell.started_at.as_deref(),
        Status::Todo | Status::Skip => None,
    }?;
    let ts: jiff::Timestamp = stamp.parse().ok()?;
    Some(tz.to_datetime(ts).date())
}

/// What the note becomes: `--note`'s text added as a paragraph (with `--replace-note`, in place
/// of the note), then the commit's line, each only if the note does not hold it already.
fn new_note(before: Option<&str>, args: &CheckArgs, commit: Option<&Commit>) -> Option<String> {
    let note = match &args.note {
        Some(text) if args.replace_note => clean_stored_note(text),
        Some(text) => add_paragraph(before, text),
        None => before.map(str::to_owned),
    };
    match commit {
        Some(c) => clean_stored_note(&git::append(note.as_deref(), &c.line(), &c.short)),
        None => note,
    }
}

/// A changed note longer than `MAX_NOTE_CHARS` is refused, saying by how much; the cell, as
/// "task 5 × Go", names it.
fn check_length(
    note: Option<&str>,
    before: Option<&str>,
    args: &CheckArgs,
    cell: &str,
) -> Result<(), CliError> {
    let length = note.map_or(0, |n| n.chars().count());
    if length <= MAX_NOTE_CHARS {
        return Ok(());
    }
    let mut text = format!(
        "a note holds at most {MAX_NOTE_CHARS} characters, and the note of {cell} would have \
         {length}"
    );
    match before.filter(|_| !args.replace_note) {
        Some(old) => {
            let old = old.chars().count();
            text.push_str(&format!(
                " ({old} there already, {} added): nothing was written",
                length - old
            ));
            if args.note.is_some() {
                text.push_str("; shorten the text, or replace the note with --replace-note");
            }
        }
        None => text.push_str(": nothing was written"),
    }
    Err(CliError::Input(text))
}

/// A note's lines after the first indented under "Note: ", blank lines left empty.
fn indented(note: &str) -> String {
    let mut lines = note.split('\n');
    let mut out = lines.next().unwrap_or_default().to_owned();
    for line in lines {
        out.push('\n');
        if !line.is_empty() {
            out.push_str("      ");
            out.push_str(line);
        }
    }
    out
}
