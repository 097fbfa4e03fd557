//! verify: runs a cell's tests with the command the user's config gives its language, and marks
//! the cell done with the run's evidence when they pass (see `crate::verify`). `--all` runs every
//! task of a language, one after another, each result saved as it comes.
//!
//! The command comes only from the config file, and is printed on standard error before it
//! runs, every time: the user always sees what runs. Its output goes through to standard output,
//! made safe for the terminal.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{CliError, emit, find_task, find_track, now};
use crate::cli::VerifyArgs;
use crate::i18n::tr;
use crate::model::roadmap::TaskId;
use crate::model::tracks;
use crate::model::{Lang, Roadmap, Status, Track};
use crate::state::{self, Store};
use crate::verify::{self, Msg, Outcome, Placeholders, Runner, Spec, Tail, TrackVerify};

/// What `verify` needs beside the roadmap and the progress file: the config's `[tracks]` and
/// where the config file is (to name it in a message).
pub struct VerifyConfig<'a> {
    pub tracks: &'a [(String, TrackVerify)],
    pub file: Option<&'a Path>,
}

pub fn run(
    args: &VerifyArgs,
    roadmap: &Roadmap,
    data: &Path,
    config: &VerifyConfig,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if args.level.is_some() && !args.all {
        return Err(CliError::Input(
            tr(
                lang,
                "--level chooses the tasks of --all: add --all, or leave out --level",
                "--level elige las tareas de --all: añade --all, o quita --level",
            )
            .to_owned(),
        ));
    }
    let progress = state::read(data)?;
    let settings = &progress.settings;
    let roadmap = &tracks::full_roadmap(roadmap, settings);
    let track = &roadmap.tracks[find_track(roadmap, &args.track)?];
    if !config
        .tracks
        .iter()
        .any(|(id, t)| *id == track.id && t.verify.is_some())
    {
        let file = config
            .file
            .map(|f| format!(" in {}", f.display()))
            .unwrap_or_default();
        return Err(CliError::Input(format!(
            "{} {}: add {}{file}",
            tr(
                lang,
                "no verify command for",
                "no hay orden de verificación para"
            ),
            track.name,
            verify::missing_key(&track.id)
        )));
    }
    let tasks: Vec<TaskId> = if args.all {
        let level = match &args.level {
            Some(l) => Some(find_level(roadmap, l, lang)?),
            None => None,
        };
        // A cell the learner skipped (known already) is left out: a pass would make it done
        // and bring it back into the totals. `verify TASK` runs it when asked by name.
        roadmap
            .tasks()
            .filter(|(pos, _)| level.is_none_or(|l| roadmap.level_of(*pos) == l))
            .map(|(_, task)| task.id)
            .filter(|&task| progress.status(task, &track.id) != Status::Skip)
            .collect()
    } else {
        vec![find_task(
            roadmap,
            args.task.as_deref().unwrap_or_default(),
        )?]
    };
    let mut runner = Runner::new();
    let stop = Arc::new(AtomicBool::new(false));
    // Ctrl-C cancels the run under way (its whole group is killed: it is not in the terminal's
    // foreground group, so the interrupt would not reach it) and stops what is left.
    {
        let (cancel, stop) = (runner.sender(), Arc::clone(&stop));
        crate::platform::on_interrupt(move || {
            stop.store(true, Ordering::SeqCst);
            let _ = cancel.send(Msg::Cancel);
        });
    }
    let bar = args.all && std::io::stderr().is_terminal();
    let mut results: Vec<(TaskId, Outcome, u64)> = Vec::new();
    for (i, &task) in tasks.iter().enumerate() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let spec = spec(roadmap, config, task, track, lang)?;
        if args.all {
            let line = format!(
                "[{}/{}] {} {task}: $ {}",
                i + 1,
                tasks.len(),
                tr(lang, "task", "tarea"),
                spec.display
            );
            if bar {
                say(&format!("\r\x1b[2K{} {line}", progress_bar(i, tasks.len())));
            } else {
                say(&format!("{line}\n"));
            }
        } else {
            say(&format!("$ {}{}\n", spec.display, in_dir(&spec, lang)));
        }
        let mut tail = Tail::default();
        let (outcome, took) = runner.run(&spec, |line| {
            tail.push(line);
            if !args.all {
                // Straight through, made safe (`emit`); a reader that went away stops nothing.
                let _ = emit(out, &format!("{line}\n"));
            }
        });
        let ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX);
        let now = now();
        if outcome == Outcome::Cancelled {
            break;
        }
        let (mut store, mut progress) = Store::open(data)?;
        if outcome.passed() {
            progress.set_verified(task, &track.id, verify::passed(&spec, took, &now), &now);
        } else {
            progress.set_verify_failed(
                task,
                &track.id,
                verify::failed(&spec, &outcome, took, &tail, &now),
                &now,
            );
        }
        store.save(&progress)?;
        if args.all && !outcome.passed() {
            if bar {
                say("\r\x1b[2K");
            }
            let mut text = format!(
                "{} {task} × {}: {}\n",
                tr(lang, "Task", "Tarea"),
                track.name,
                verify::outcome_words(&outcome, &spec, lang)
            );
            for line in tail.lines() {
                text.push_str(&format!("  | {line}\n"));
            }
            emit(out, &text)?;
        }
        results.push((task, outcome, ms));
    }
    if bar {
        say("\r\x1b[2K");
    }
    let stopped = results.len() < tasks.len();
    if args.all {
        emit(out, &summary(&results, track, lang))?;
    }
    let failed = results.iter().filter(|(_, o, _)| !o.passed()).count();
    let spec0 = match tasks.first() {
        Some(&t) => spec(roadmap, config, t, track, lang)?,
        None => return Ok(()),
    };
    if !args.all {
        let (task, outcome, ms) = match results.first() {
            Some(r) => r,
            None => {
                return Err(CliError::Failure(
                    tr(lang, "verify cancelled", "verificación cancelada").into(),
                ));
            }
        };
        let words = verify::outcome_words(outcome, &spec0, lang);
        let took = verify::duration_words(*ms);
        if outcome.passed() {
            return emit(
                out,
                &format!(
                    "{} {task} × {}: {words} ({took}) — {}\n",
                    tr(lang, "Task", "Tarea"),
                    track.name,
                    tr(lang, "done, verified", "hecha, verificada")
                ),
            );
        }
        return Err(CliError::Failure(format!(
            "{} {task} × {}: {words} ({took}); {}",
            tr(lang, "task", "tarea"),
            track.name,
            tr(lang, "the cell is unchanged", "la celda queda como estaba")
        )));
    }
    if stopped {
        return Err(CliError::Failure(format!(
            "{} {} / {}; {}",
            tr(lang, "stopped after", "detenido tras"),
            results.len(),
            tasks.len(),
            tr(
                lang,
                "the results so far are saved",
                "los resultados hasta aquí están guardados"
            )
        )));
    }
    if failed > 0 {
        return Err(CliError::Failure(format!(
            "{failed} {} {}",
            tr(lang, "of", "de"),
            format_args!(
                "{} {}",
                results.len(),
                tr(lang, "verifies failed", "verificaciones fallaron")
            )
        )));
    }
    Ok(())
}

/// The command for `task`, as the config gives its language.
fn spec(
    roadmap: &Roadmap,
    config: &VerifyConfig,
    task: TaskId,
    track: &Track,
    lang: Lang,
) -> Result<Spec, CliError> {
    let pos = roadmap
        .pos_of(task)
        .ok_or_else(|| CliError::Input(format!("no task {task}")))?;
    let level = &roadmap.levels[roadmap.level_of(pos)].id;
    let task_text = task.to_string();
    verify::spec_for(
        config.tracks,
        &track.id,
        &Placeholders {
            task: &task_text,
            track: &track.id,
            level,
        },
    )
    .ok_or_else(|| {
        CliError::Input(format!(
            "{} {}",
            tr(
                lang,
                "the verify command makes no command for",
                "la orden de verificación no da ninguna orden para"
            ),
            track.name
        ))
    })
}

/// "  (in DIR)" for a command that runs in a folder of its own.
fn in_dir(spec: &Spec, lang: Lang) -> String {
    spec.dir
        .as_ref()
        .map(|d| format!("  ({} {})", tr(lang, "in", "en"), d.display()))
        .unwrap_or_default()
}

/// A level by its id, its name or its number (from 1).
fn find_level(roadmap: &Roadmap, level: &str, lang: Lang) -> Result<usize, CliError> {
    let level = level.trim();
    roadmap
        .levels
        .iter()
        .position(|l| l.id.eq_ignore_ascii_case(level) || l.name.eq_ignore_ascii_case(level))
        .or_else(|| {
            level
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=roadmap.levels.len()).contains(n))
                .map(|n| n - 1)
        })
        .ok_or_else(|| {
            let names: Vec<&str> = roadmap.levels.iter().map(|l| l.id.as_str()).collect();
            let (is_not, number) = match lang {
                Lang::En => (
                    "is not a level; the levels are",
                    "(or their number, from 1)",
                ),
                Lang::Es => ("no es un nivel; los niveles son", "(o su número, desde 1)"),
            };
            CliError::Input(format!(
                "--level \"{}\" {is_not} {} {number}",
                crate::model::text::echo(level),
                names.join(", ")
            ))
        })
}

/// `[#####-----]` for `done` of `total`.
fn progress_bar(done: usize, total: usize) -> String {
    const WIDTH: usize = 20;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(0);
    format!("[{}{}]", "#".repeat(filled), "-".repeat(WIDTH - filled))
}

/// The table at the end of `--all`: task, result, duration.
fn summary(results: &[(TaskId, Outcome, u64)], track: &Track, lang: Lang) -> String {
    let spec = Spec {
        argv: Vec::new(),
        display: String::new(),
        dir: None,
        timeout: std::time::Duration::ZERO,
        origin: String::new(),
    };
    let rows: Vec<(String, String, String)> = results
        .iter()
        .map(|(task, outcome, ms)| {
            let words = match outcome {
                // The limit is the config's; the summary says only that it was reached.
                Outcome::TimedOut => tr(lang, "timed out", "tiempo agotado").to_owned(),
                other => verify::outcome_words(other, &spec, lang),
            };
            (task.to_string(), words, verify::duration_words(*ms))
        })
        .collect();
    let head = (
        tr(lang, "Task", "Tarea"),
        tr(lang, "Result", "Resultado"),
        tr(lang, "Time", "Tiempo"),
    );
    let w0 = rows
        .iter()
        .map(|r| r.0.len())
        .max()
        .unwrap_or(0)
        .max(head.0.chars().count());
    let w1 = rows
        .iter()
        .map(|r| r.1.chars().count())
        .max()
        .unwrap_or(0)
        .max(head.1.chars().count());
    let mut out = format!(
        "\n{} — {}\n",
        track.name,
        tr(lang, "verify", "verificación")
    );
    out.push_str(&format!("{:<w0$}  {:<w1$}  {}\n", head.0, head.1, head.2));
    for (task, words, took) in &rows {
        out.push_str(&format!("{task:<w0$}  {words:<w1$}  {took}\n"));
    }
    let passed = results.iter().filter(|(_, o, _)| o.passed()).count();
    out.push_str(&format!(
        "{passed} {} {}, {} {}\n",
        tr(lang, "passed of", "pasaron de"),
        results.len(),
        results.len() - passed,
        tr(lang, "failed", "fallaron")
    ));
    out
}

/// A line on standard error, made safe; a terminal gone away stops nothing.
fn say(text: &str) {
    // The progress bar's own controls (carriage return, erase line) are ours; what the text
    // quotes (a command from the config) is made safe.
    let safe: String = text
        .split("\r\x1b[2K")
        .map(|part| crate::model::text::for_terminal(part).into_owned())
        .collect::<Vec<_>>()
        .join("\r\x1b[2K");
    let _ = std::io::stderr().write_all(safe.as_bytes());
}
