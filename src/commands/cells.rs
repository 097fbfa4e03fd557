//! check, uncheck and start: one cell's status, and what its note gets from `--note` and
//! `--git`.

use std::io::Write;
use std::path::Path;

use super::{CliError, emit, find_task, find_track, git, now};
use crate::cli::CheckArgs;
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
    let now = now();
    if before != status {
        progress.set_status(task, &track.id, status, &now);
    }
    let mut note = args.note.clone().or_else(|| note_before.clone());
    if let Some(c) = &commit {
        note = Some(git::append(note.as_deref(), &c.line(), &c.short));
    }
    if args.note.is_some() || commit.is_some() {
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
            Some(n) => text.push_str(&format!("Note: {}\n", n.replace('\n', "\n      "))),
            None => text.push_str("Note: cleared\n"),
        }
    } else if let Some(c) = &commit {
        text.push_str(&format!("Note: already records {}\n", c.short));
    }
    emit(out, &text)
}
