//! `merge`: git's merge driver, `--from` another copy, and `--resolve` a conflicted file.

use std::io::Write;
use std::path::Path;

use super::{CliError, emit};
use crate::cli::MergeArgs;
use crate::i18n::{count, tr};
use crate::model::text::strip_controls;
use crate::model::{Lang, Progress, Roadmap, Status};
use crate::state::{self, Report, Store, limited};

pub fn run(
    roadmap: &Roadmap,
    data: &Path,
    args: MergeArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if let [base, ours, theirs] = args.files.as_slice() {
        return driver(base, ours, theirs);
    }
    if let Some(other) = args.from {
        return from(roadmap, data, &other, lang, out);
    }
    if let Some(file) = args.resolve {
        return resolve(&file, out);
    }
    Err(CliError::Input(
        "merge needs BASE OURS THEIRS, --from FILE or --resolve FILE".into(),
    ))
}

/// A path as printed: control characters in it could drive the terminal.
fn shown(path: &Path) -> String {
    strip_controls(&path.display().to_string(), false)
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, CliError> {
    limited::read_limited(path, limited::PROGRESS_LIMIT)
        .map_err(|e| super::read_error(path, "", &e))
}

/// git's merge driver contract: BASE, OURS and THEIRS are files; the result goes into OURS and
/// the exit status says whether the merge is clean. An empty BASE (both sides added the file)
/// makes a two-way merge.
fn driver(base: &Path, ours: &Path, theirs: &Path) -> Result<(), CliError> {
    let base_bytes = read_bytes(base)?;
    let base = if base_bytes.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        Some(state::parse(base, &base_bytes)?)
    };
    let o = state::parse(ours, &read_bytes(ours)?)?;
    let t = state::parse(theirs, &read_bytes(theirs)?)?;
    let (merged, _) = state::merge(base.as_ref(), &o, &t);
    write(ours, &merged)
}

fn write(path: &Path, progress: &Progress) -> Result<(), CliError> {
    let mut json = serde_json::to_string_pretty(progress)
        .map_err(|e| CliError::Failure(format!("cannot write {}: {e}", shown(path))))?;
    json.push('\n');
    state::write_to(path, |out| out.write_all(json.as_bytes()))
        .map_err(|e| CliError::Failure(format!("cannot write {}: {e}", shown(path))))
}

/// Merges another copy of the progress into the data file, two-way: nothing either side holds
/// is lost, and where both changed a cell the later change wins.
fn from(
    roadmap: &Roadmap,
    data: &Path,
    other: &Path,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let theirs = state::parse(other, &read_bytes(other)?)?;
    let (mut store, ours) = Store::open(data)?;
    let (merged, report) = state::merge(None, &ours, &theirs);
    if merged.same_content(&ours) {
        let text = match lang {
            Lang::En => format!(
                "{} holds nothing that {} lacks; nothing changed.\n",
                shown(other),
                shown(data)
            ),
            Lang::Es => format!(
                "{} no tiene nada que falte en {}; nada cambió.\n",
                shown(other),
                shown(data)
            ),
        };
        return emit(out, &text);
    }
    store.save(&merged)?;
    let taken = report.taken.len();
    let mut text = match lang {
        Lang::En => format!(
            "Merged {} into {}: took {}",
            shown(other),
            shown(data),
            count(taken, "cell", "cells")
        ),
        Lang::Es => format!(
            "Fusionado {} en {}: {}",
            shown(other),
            shown(data),
            count(taken, "celda tomada", "celdas tomadas")
        ),
    };
    if !report.kept_ours.is_empty() {
        let n = report.kept_ours.len();
        text.push_str(&match lang {
            Lang::En => format!(
                ", kept {} where this file's change is newer",
                count(n, "cell", "cells")
            ),
            Lang::Es => format!(
                ", {} donde el cambio de este archivo es más nuevo",
                count(n, "celda conservada", "celdas conservadas")
            ),
        });
    }
    if !report.notes_joined.is_empty() {
        let n = report.notes_joined.len();
        text.push_str(&match lang {
            Lang::En => format!(", joined {}", count(n, "note", "notes")),
            Lang::Es => format!(", {}", count(n, "nota unida", "notas unidas")),
        });
    }
    text.push_str(".\n");
    text.push_str(&cell_lines(roadmap, &merged, &report, lang));
    if report.settings_changed {
        text.push_str(tr(lang, "  settings updated\n", "  ajustes actualizados\n"));
    }
    text.push_str(&match lang {
        Lang::En => format!(
            "Everything in {} is now in {}; you may delete it.\n",
            shown(other),
            shown(data)
        ),
        Lang::Es => format!(
            "Todo lo de {} está ahora en {}; puedes borrarlo.\n",
            shown(other),
            shown(data)
        ),
    });
    emit(out, &text)
}

/// One line per cell taken, at most 20.
fn cell_lines(roadmap: &Roadmap, merged: &Progress, report: &Report, lang: Lang) -> String {
    const MAX: usize = 20;
    let mut text = String::new();
    for (task, track) in report.taken.iter().take(MAX) {
        let name = roadmap
            .track_index(track)
            .map_or(track.as_str(), |t| roadmap.tracks[t].name.as_str());
        let status = merged
            .task_cells(task)
            .and_then(|c| c.get(track.as_str()))
            .map_or(Status::Todo, |c| c.status);
        let word = match status {
            Status::Done => tr(lang, "done", "hecha"),
            Status::InProgress => tr(lang, "in progress", "en curso"),
            Status::Todo => tr(lang, "todo", "pendiente"),
            Status::Skip => tr(lang, "skipped", "omitida"),
        };
        let task_word = tr(lang, "task", "tarea");
        text.push_str(&strip_controls(
            &format!("  {task_word} {task} × {name}: {word}\n"),
            true,
        ));
    }
    if report.taken.len() > MAX {
        let more = report.taken.len() - MAX;
        text.push_str(&match lang {
            Lang::En => format!("  … and {more} more\n"),
            Lang::Es => format!("  … y {more} más\n"),
        });
    }
    text
}

/// Takes apart a file git left with conflict markers and writes the merge of its sides.
fn resolve(file: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let bytes = read_bytes(file)?;
    let text = limited::utf8_text(bytes).map_err(|e| super::read_error(file, "", &e))?;
    let Some((base, ours, theirs)) = state::split_conflict(&text) else {
        if state::has_conflict_markers(text.as_bytes()) {
            return Err(CliError::Input(format!(
                "{}: the conflict markers are not well formed (a <<<<<<< without its ======= \
                 and >>>>>>>); mend them by hand",
                shown(file)
            )));
        }
        state::parse(file, text.as_bytes())?;
        return emit(
            out,
            &format!(
                "{} has no conflict markers; nothing to resolve.\n",
                shown(file)
            ),
        );
    };
    let side = |name: &str, text: &str| {
        state::parse(
            &file.with_extension(format!("json ({name})")),
            text.as_bytes(),
        )
    };
    let base = base.map(|b| side("base", &b)).transpose()?;
    let o = side("ours", &ours)?;
    let t = side("theirs", &theirs)?;
    let (merged, report) = state::merge(base.as_ref(), &o, &t);
    write(file, &merged)?;
    emit(
        out,
        &format!(
            "Resolved {}: kept every change of both sides ({} cells differed). Now run: git add {}\n",
            shown(file),
            report.taken.len(),
            shown(file)
        ),
    )
}
