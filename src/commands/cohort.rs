//! `cohort`: reads the learners' files and opens the cohort screen, or prints them as CSV, JSON
//! or HTML.

use std::io::Write;

use crate::cli::{CohortArgs, CohortFormat};
use crate::cohort::{self, Options, export, tui};
use crate::model::text::for_terminal;
use crate::model::{Lang, Roadmap};
use crate::state;

use super::{CliError, TerminalSafe, today};

pub fn run(
    args: CohortArgs,
    roadmap: Roadmap,
    lang: Lang,
    screen: tui::Screen,
) -> Result<(), CliError> {
    let tz = crate::clock::local_zone();
    let options = Options {
        roadmap: &roadmap,
        limits: screen.config.cohort,
        today: today(&tz)?,
        tz: &tz,
    };
    // Changes from here on must reach the screen: its watcher starts after this reading.
    let read_at = std::time::SystemTime::now();
    let loaded = cohort::load(&args.paths, &options).map_err(|e| {
        let path = cohort::one_line(&e.path.display().to_string());
        CliError::Input(match lang {
            Lang::En => format!("cannot read {path}: {}", e.source),
            Lang::Es => format!("no se puede leer {path}: {}", e.source),
        })
    })?;
    // The problems go to standard error, where a script sees them; the screen shows its own.
    if args.format.is_some() || loaded.learners.is_empty() {
        let mut said = String::new();
        for p in &loaded.problems {
            said.push_str(&format!(
                "roadmap-tui: {}: {}\n",
                p.source,
                p.kind.text(lang)
            ));
        }
        let _ = std::io::stderr().write_all(for_terminal(&said).as_bytes());
    }
    if loaded.learners.is_empty() {
        let paths: Vec<String> = args
            .paths
            .iter()
            .map(|p| cohort::one_line(&p.display().to_string()))
            .collect();
        let paths = paths.join(", ");
        return Err(CliError::Input(match (lang, loaded.problems.is_empty()) {
            (Lang::En, true) => format!("no progress file found in {paths}"),
            (Lang::Es, true) => format!("no se encontró ningún archivo de progreso en {paths}"),
            (Lang::En, false) => format!("no progress file in {paths} could be read"),
            (Lang::Es, false) => {
                format!("no se pudo leer ningún archivo de progreso en {paths}")
            }
        }));
    }
    if let Some(format) = args.format {
        let order = cohort::order(&loaded.learners, args.sort.into());
        let today = options.today;
        let write = |w: &mut dyn Write| -> std::io::Result<()> {
            match format {
                CohortFormat::Csv => {
                    export::csv_to(&roadmap, &loaded, &order, lang, w).map_err(|e| {
                        match e.into_kind() {
                            csv::ErrorKind::Io(e) => e,
                            other => std::io::Error::other(format!("CSV: {other:?}")),
                        }
                    })
                }
                CohortFormat::Json => {
                    export::json_to(&roadmap, &loaded, &order, today, &tz, lang, w)
                }
                CohortFormat::Html => export::html_to(&roadmap, &loaded, &order, today, lang, w),
            }
        };
        return match args.output {
            // Standard output by another name is written as standard output is.
            Some(path) if !crate::platform::names_stdout(&path) => state::write_to(&path, write)
                .map_err(|e| {
                    CliError::Failure(format!(
                        "cannot write {}: {e}",
                        cohort::one_line(&path.display().to_string())
                    ))
                }),
            _ => {
                let stdout = std::io::stdout();
                let mut out = stdout.lock();
                let mut safe = TerminalSafe::new(&mut out, format == CohortFormat::Json);
                match write(&mut safe).and_then(|()| safe.finish()) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        Err(CliError::Failure(format!("cannot write the output: {e}")))
                    }
                    _ => Ok(()),
                }
            }
        };
    }
    let ended = tui::run(tui::Launch {
        paths: args.paths,
        roadmap: roadmap.clone(),
        limits: screen.config.cohort,
        cohort: loaded,
        read_at,
        sort: args.sort.into(),
        lang,
        screen,
    });
    ended.map_err(|e| CliError::Failure(for_terminal(&e).into_owned()))
}
