//! check, uncheck and start: one cell's status, and what its note gets from `--note` and
//! `--git`. What the command line writes is added to the note; only `--replace-note` takes
//! anything away, and it prints what it took.

use std::io::Write;
use std::path::Path;

use super::git::{self, Commit};
use super::{CliError, emit, find_task, find_track, now};
use crate::cli::CheckArgs;
use crate::model::progress::{MAX_NOTE_CHARS, add_paragraph, clean_stored_note};
use crate::model::tracks;
use crate::model::{Roadmap, Status};
use crate::state::{self, Store};

pub(super) fn set_cell(
    roadmap: &Roadmap,
    data: &Path,
    args: &CheckArgs,
    status: Status,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let cell = &args.cell;
    let task = find_task(roadmap, &cell.task)?;
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
    let roadmap = &tracks::full_roadmap(roadmap, &state::read(data)?.settings);
    let track = &roadmap.tracks[find_track(roadmap, &cell.track)?];
    // git runs before the lock is taken, and a failure writes nothing.
    let commit = if args.git {
        let dir = std::env::current_dir()
            .map_err(|e| CliError::Failure(format!("cannot read the current directory: {e}")))?;
        Some(git::head(&dir)?)
    } else {
        None
    };
    let (mut store, mut progress) = Store::open(data)?;
    let before = progress.status(task, &track.id);
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
    let now = now();
    if before != status {
        progress.set_status(task, &track.id, status, &now);
    }
    if note != note_before {
        progress.set_note(task, &track.id, note.as_deref().unwrap_or(""), &now);
    }
    let note_after = progress.note(task, &track.id).map(str::to_owned);
    if before != status || note_after != note_before {
        store.save(&progress)?;
    }
    let word = match status {
        Status::Done => "done",
        Status::InProgress => "in progress",
        Status::Todo => "todo",
    };
    let unchanged = if before == status { " (unchanged)" } else { "" };
    let mut text = format!("Task {task} × {}: {word}{unchanged}\n", track.name);
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
