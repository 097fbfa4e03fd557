//! `roadmap-tui tracks`: list, add, remove, hide, show and reorder the languages. The choice is
//! saved in the progress file's settings, so it travels with the progress.

use std::io::Write;
use std::path::Path;

use super::{CliError, emit, now};
use crate::cli::TracksCommand;
use crate::i18n::tr;
use crate::model::roadmap::is_track_id;
use crate::model::text::echo;
use crate::model::tracks::{self, Dropped, TrackEntry};
use crate::model::{Lang, Progress, Roadmap, Status};
use crate::state::{self, Store};

pub fn run(
    action: Option<TracksCommand>,
    roadmap: &Roadmap,
    data: &Path,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let action = action.unwrap_or(TracksCommand::List);
    if let TracksCommand::List = action {
        let progress = state::read(data)?;
        return emit(out, &list(roadmap, &progress, lang));
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
        TracksCommand::Remove { track, force } => {
            let id = tracks::find_removable(roadmap, settings, track)?;
            let dropped = tracks::dropped(&progress, &id);
            if dropped.has_progress() && !force {
                return Err(CliError::Input(format!(
                    "{} has progress: {}; nothing was removed. Add --force to remove it with its \
                     progress, or hide it to keep the progress (roadmap-tui tracks hide {})",
                    echo(&id),
                    what_goes(&dropped, Lang::En),
                    echo(&id)
                )));
            }
            tracks::remove(&mut progress, &id, &now());
            let text = if dropped.has_progress() || dropped.goal {
                format!(
                    "{} {}: {} {}.\n",
                    tr(lang, "Removed", "Eliminado"),
                    echo(&id),
                    what_goes(&dropped, lang),
                    tr(lang, "removed with it", "eliminado con él"),
                )
            } else {
                format!(
                    "{} {}; {}.\n",
                    tr(lang, "Removed", "Eliminado"),
                    echo(&id),
                    tr(lang, "it had no progress", "no tenía progreso"),
                )
            };
            (true, text)
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
    emit(out, &(message + &list(roadmap, &progress, lang)))
}

/// What removing a language drops, as "3 done, 1 in progress, 2 notes and its goal".
fn what_goes(dropped: &Dropped, lang: Lang) -> String {
    let Dropped {
        done,
        in_progress,
        skipped,
        notes,
        goal,
    } = *dropped;
    let mut parts = Vec::new();
    if done > 0 {
        parts.push(format!(
            "{done} {}",
            tr(lang, "done", if done == 1 { "hecha" } else { "hechas" })
        ));
    }
    if in_progress > 0 {
        parts.push(format!(
            "{in_progress} {}",
            tr(lang, "in progress", "en curso")
        ));
    }
    if skipped > 0 {
        parts.push(format!(
            "{skipped} {}",
            tr(
                lang,
                "skipped",
                if skipped == 1 { "omitida" } else { "omitidas" }
            )
        ));
    }
    if notes > 0 {
        let word = match (lang, notes) {
            (Lang::En, 1) => "note",
            (Lang::En, _) => "notes",
            (Lang::Es, 1) => "nota",
            (Lang::Es, _) => "notas",
        };
        parts.push(format!("{notes} {word}"));
    }
    if goal {
        parts.push(tr(lang, "its goal", "su meta").to_owned());
    }
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), tr(lang, "and", "y")),
    }
}

/// Every language with its position, id, name, how much is done, and whether it is hidden or
/// added; then the added languages ignored because their id or name is not valid.
fn list(roadmap: &Roadmap, progress: &Progress, lang: Lang) -> String {
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
    let mut out = format!("  #  {:<id_w$}  {:<name_w$}  {:>9}\n", "id", "name", "done");
    for (i, e) in all.iter().enumerate() {
        let TrackEntry {
            track,
            hidden,
            added,
        } = e;
        let statuses = || {
            roadmap
                .tasks()
                .map(|(_, t)| progress.status(t.id, &track.id))
        };
        let done = statuses().filter(|s| *s == Status::Done).count();
        // Skipped cells are out of the total, as everywhere.
        let total = statuses().filter(Status::counts).count();
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
    for id in tracks::ignored(roadmap, &progress.settings) {
        let why = if is_track_id(id) {
            tr(lang, "its name is not valid", "su nombre no es válido").to_owned()
        } else {
            let n = id.chars().count();
            match lang {
                Lang::En => format!("its id of {n} characters is not valid"),
                Lang::Es => format!("su id de {n} caracteres no es válido"),
            }
        };
        out.push_str(&format!(
            "{} \"{}\": {why}; {} roadmap-tui tracks remove ID\n",
            tr(lang, "Ignored", "Ignorado"),
            echo(id),
            tr(lang, "remove it with", "elimínalo con"),
        ));
    }
    out
}
