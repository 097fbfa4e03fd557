use std::process::ExitCode;

use clap::Parser;
use color_eyre::Result;

use roadmap_tui::app::App;
use roadmap_tui::cli::{self, Cli};
use roadmap_tui::model::Roadmap;
use roadmap_tui::state::{self, DEFAULT_FILE, StateError, Store};
use roadmap_tui::tui;

fn main() -> Result<ExitCode> {
    color_eyre::install()?;
    let cli = Cli::parse();
    let path = match cli.data {
        Some(path) => path,
        None => match state::default_path(DEFAULT_FILE) {
            Ok(path) => path,
            Err(e) => return Ok(fail(&e)),
        },
    };
    let roadmap = Roadmap::seed()?;
    let (store, progress) = match Store::open(&path) {
        Ok(opened) => opened,
        Err(e) => return Ok(fail(&e)),
    };
    let env = |name| std::env::var(name).ok();
    let env_lang = cli::lang_from_env(env("LC_ALL").as_deref(), env("LANG").as_deref());
    let lang = cli::pick_lang(cli.lang, progress.settings.lang(), env_lang);
    let mut app = App::new(roadmap, progress);
    app.set_lang(lang, false);
    app.color = env("NO_COLOR").is_none_or(|v| v.is_empty());
    app.tz = jiff::tz::TimeZone::system();
    let options = tui::Options {
        mouse: !cli.no_mouse,
    };
    match tui::run(&mut app, store, options)? {
        None => Ok(ExitCode::SUCCESS),
        Some(e) => Ok(fail(&e)),
    }
}

/// Prints a state error and picks the exit status: 2 for a file the user must mend, 1 otherwise.
fn fail(e: &StateError) -> ExitCode {
    eprintln!("roadmap-tui: {e}");
    match e {
        StateError::Json { .. } | StateError::Shape { .. } | StateError::Version { .. } => {
            ExitCode::from(2)
        }
        _ => ExitCode::FAILURE,
    }
}
