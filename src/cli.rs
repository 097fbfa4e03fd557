//! The command line. Subcommands never touch the terminal.

use std::path::PathBuf;

use clap::Parser;

use crate::state::DATA_ENV;

/// Track the 100 Backend Tasking Roadmap, task by task and language by language.
#[derive(Debug, Parser)]
#[command(name = "roadmap-tui", version, about)]
pub struct Cli {
    /// The progress file [default: the platform data dir, e.g. ~/.local/share/roadmap-tui/progress.json]
    #[arg(long, env = DATA_ENV, value_name = "FILE", global = true)]
    pub data: Option<PathBuf>,
}
