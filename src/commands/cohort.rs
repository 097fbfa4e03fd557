//! `cohort`: reads the learners' files and opens the cohort screen, or prints them as CSV, JSON
//! or HTML.

use crate::cli::CohortArgs;
use crate::cohort::{self, Options, tui};
use crate::model::text::for_terminal;
use crate::model::{Lang, Roadmap};

use super::{CliError, today};

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
    let loaded = cohort::load(&args.paths, &options).map_err(|e| CliError::Input(e.to_string()))?;
    if loaded.learners.is_empty() && loaded.problems.is_empty() {
        let paths: Vec<String> = args
            .paths
            .iter()
            .map(|p| cohort::one_line(&p.display().to_string()))
            .collect();
        return Err(CliError::Input(match lang {
            Lang::En => format!("no progress file found in {}", paths.join(", ")),
            Lang::Es => format!(
                "no se encontró ningún archivo de progreso en {}",
                paths.join(", ")
            ),
        }));
    }
    if args.format.is_some() {
        return Err(CliError::Failure("cohort --format is not built yet".into()));
    }
    let ended = tui::run(tui::Launch {
        paths: args.paths,
        roadmap: roadmap.clone(),
        limits: screen.config.cohort,
        cohort: loaded,
        sort: args.sort.into(),
        lang,
        screen,
    });
    ended.map_err(|e| CliError::Failure(for_terminal(&e).into_owned()))
}
