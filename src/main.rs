use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use color_eyre::Result;

use roadmap_tui::app::App;
use roadmap_tui::cli::{self, Cli, Command};
use roadmap_tui::commands::{self, CliError};
use roadmap_tui::keymap::Keymap;
use roadmap_tui::model::{Lang, Roadmap, tracks};
use roadmap_tui::state::Store;
use roadmap_tui::tui;

fn main() -> Result<ExitCode> {
    color_eyre::install()?;
    let cli = Cli::parse();
    if let Some(Command::Completions { shell }) = cli.command {
        clap_complete::generate(
            shell,
            &mut Cli::command(),
            "roadmap-tui",
            &mut std::io::stdout(),
        );
        return Ok(ExitCode::SUCCESS);
    }
    match run(cli) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            // Standard error may be a terminal that has gone away: never panic over it.
            let _ = writeln!(std::io::stderr(), "roadmap-tui: {e}");
            Ok(ExitCode::from(e.exit_code()))
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let roadmap = commands::load_roadmap(cli.roadmap.as_deref())?;
    let data = commands::data_path(cli.data.clone(), &roadmap, cli.roadmap.is_some())?;
    let locale = cli.locale();
    match cli.command {
        Some(command) => {
            let text_lang = locale.map_or(Lang::Es, Lang::from);
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            commands::run(command, &roadmap, &data, text_lang, &mut out)?;
            out.flush().map_err(|e| CliError::Failure(e.to_string()))
        }
        None => run_tui(roadmap, &data, locale, !cli.no_mouse),
    }
}

fn run_tui(
    roadmap: Roadmap,
    data: &std::path::Path,
    flag: Option<cli::LangArg>,
    mouse: bool,
) -> Result<(), CliError> {
    let (store, progress) = Store::open(data)?;
    let env = |name| std::env::var(name).ok();
    let env_lang = cli::lang_from_env(env("LC_ALL").as_deref(), env("LANG").as_deref());
    let lang = cli::pick_lang(flag, progress.settings.lang(), env_lang);
    let keymap = Keymap::default();
    let roadmap = tracks::visible_roadmap(&roadmap, &progress.settings);
    let mut app = App::new(roadmap, progress);
    app.set_help_len(keymap.help_line_count());
    app.set_lang(lang, false);
    app.color = env("NO_COLOR").is_none_or(|v| v.is_empty());
    app.tz = jiff::tz::TimeZone::system();
    let unsaved = tui::run(
        &mut app,
        store,
        tui::Options {
            mouse,
            keymap: &keymap,
        },
    )
    .map_err(|e| CliError::Failure(format!("terminal: {e}")))?;
    match unsaved {
        None => Ok(()),
        Some(e) => Err(e.into()),
    }
}
