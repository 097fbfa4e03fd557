//! `roadmap-tui tracks`: list, add, hide, show and reorder the languages. The choice is saved in
//! the progress file's settings, so it travels with the progress.

use std::io::Write;
use std::path::Path;

use super::{CliError, emit};
use crate::cli::TracksCommand;
use crate::model::tracks::{self, TrackEntry};
use crate::model::{Progress, Roadmap, Status};
use crate::state::{self, Store};

pub fn run(
    action: Option<TracksCommand>,
    roadmap: &Roadmap,
    data: &Path,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let action = action.unwrap_or(TracksCommand::List);
    if let TracksCommand::List = action {
        let progress = state::read(data)?;
        return emit(out, &list(roadmap, &progress));
    }
    let (mut store, mut progress) = Store::open(data)?;
    let settings = &mut progress.settings;
    let (changed, message) = match &action {
        TracksCommand::List => (false, String::new()),
        TracksCommand::Add { id, name } => {
            tracks::add(roadmap, settings, id, name)?;
            let all = tracks::all(roadmap, settings);
            let at = all
                .iter()
                .position(|e| e.track.id == id.trim())
                .unwrap_or(0)
                + 1;
            (true, format!("Added {} at position {at}.\n", id.trim()))
        }
        TracksCommand::Hide { track } => {
            let id = tracks::find(roadmap, settings, track)?;
            let changed = tracks::set_hidden(roadmap, settings, &id, true)?;
            let note = if changed { "" } else { " (unchanged)" };
            (
                changed,
                format!("Hidden: {id}{note}; its progress is kept.\n"),
            )
        }
        TracksCommand::Show { track } => {
            let id = tracks::find(roadmap, settings, track)?;
            let changed = tracks::set_hidden(roadmap, settings, &id, false)?;
            let note = if changed { "" } else { " (unchanged)" };
            (changed, format!("Shown: {id}{note}.\n"))
        }
        TracksCommand::Move { track, position } => {
            let id = tracks::find(roadmap, settings, track)?;
            let changed = tracks::move_to(roadmap, settings, &id, usize::from(*position))?;
            let note = if changed { "" } else { " (unchanged)" };
            (
                changed,
                format!("Moved {id} to position {position}{note}.\n"),
            )
        }
    };
    if changed {
        store.save(&progress)?;
    }
    emit(out, &(message + &list(roadmap, &progress)))
}

/// Every language with its position, id, name, how much is done, and whether it is hidden or
/// added.
fn list(roadmap: &Roadmap, progress: &Progress) -> String {
    let all = tracks::all(roadmap, &progress.settings);
    let id_w = all
        .iter()
        .map(|e| e.track.id.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    let name_w = all
        .iter()
        .map(|e| e.track.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let total = roadmap.task_count();
    let mut out = format!("  #  {:<id_w$}  {:<name_w$}  {:>9}\n", "id", "name", "done");
    for (i, e) in all.iter().enumerate() {
        let TrackEntry {
            track,
            hidden,
            added,
        } = e;
        let done = roadmap
            .tasks()
            .filter(|(_, t)| progress.status(t.id, &track.id) == Status::Done)
            .count();
        let mut flags = Vec::new();
        if *hidden {
            flags.push("hidden");
        }
        if *added {
            flags.push("added");
        }
        let line = format!(
            "{:>3}  {:<id_w$}  {:<name_w$}  {:>9}  {}",
            i + 1,
            track.id,
            track.name,
            format!("{done}/{total}"),
            flags.join(", ")
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
