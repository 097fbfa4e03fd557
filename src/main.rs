use std::process::ExitCode;

use clap::Parser;
use color_eyre::Result;

use roadmap_tui::app::App;
use roadmap_tui::cli::Cli;
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
    let mut app = App::new(roadmap, progress);
    app.data_path = path.display().to_string();
    match tui::run(&mut app, store)? {
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
