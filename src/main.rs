use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, Parser};
use color_eyre::Result;

use roadmap_tui::app::App;
use roadmap_tui::cli::{self, Cli, Command};
use roadmap_tui::commands::{self, CliError};
use roadmap_tui::config::{self, Config};
use roadmap_tui::model::{Lang, Roadmap};
use roadmap_tui::state::Store;
use roadmap_tui::tui;
use roadmap_tui::ui::theme::{self, Base};

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
        Some(Command::Config { path }) => {
            let (file, explicit) = config_path(cli.config)?;
            let text = if path {
                format!("{}\n", file.display())
            } else {
                load_config(&file, explicit)?.to_toml(Some(&file))
            };
            let mut out = std::io::stdout().lock();
            // A reader that went away (`| head`) is not an error.
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            Ok(())
        }
        Some(command) => {
            let text_lang = if matches!(command, Command::Export { .. }) {
                // An export reproduces the roadmap document, which is in Spanish.
                locale.map_or(Lang::Es, Lang::from)
            } else {
                // As the TUI chooses: the flag, the remembered choice, the config, LC_ALL/LANG.
                // A file or config that cannot be read is left for the command to report.
                let remembered = roadmap_tui::state::read(&data)
                    .ok()
                    .and_then(|p| p.settings.lang());
                let config = config_path(cli.config.clone())
                    .ok()
                    .and_then(|(file, explicit)| load_config(&file, explicit).ok())
                    .and_then(|c| c.locale);
                let env = |name| std::env::var(name).ok();
                let env_lang = cli::lang_from_env(env("LC_ALL").as_deref(), env("LANG").as_deref());
                cli::pick_lang(locale, remembered, config, env_lang)
            };
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            commands::run(command, &roadmap, &data, text_lang, &mut out)?;
            out.flush().map_err(|e| CliError::Failure(e.to_string()))
        }
        None => {
            let (file, explicit) = config_path(cli.config)?;
            let config = load_config(&file, explicit)?;
            let base = cli.theme.map_or(config.base, Base::from);
            let mouse = config.mouse && !cli.no_mouse;
            run_tui(roadmap, &data, locale, &config, base, mouse)
        }
    }
}

/// The config file to read, and whether it was named on purpose (`--config`, the environment).
fn config_path(flag: Option<PathBuf>) -> Result<(PathBuf, bool), CliError> {
    match flag {
        Some(path) => Ok((path, true)),
        None => config::default_path().map(|p| (p, false)).ok_or_else(|| {
            CliError::Failure(format!(
                "cannot find a config directory for this user; pass --config FILE or set {}",
                config::CONFIG_ENV
            ))
        }),
    }
}

fn load_config(path: &Path, explicit: bool) -> Result<Config, CliError> {
    config::load(path, explicit).map_err(|e| CliError::Input(e.to_string()))
}

/// Dark or light, for `auto`: `COLORFGBG` when the terminal sets it, else the terminal's answer
/// to a colour query (at most 100 ms), else dark. Only asked of a terminal, before the app
/// takes it over.
fn detect_base() -> Base {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Base::Dark;
    }
    if let Some(base) = std::env::var("COLORFGBG")
        .ok()
        .and_then(|v| theme::base_from_colorfgbg(&v))
    {
        return base;
    }
    let mut options = terminal_colorsaurus::QueryOptions::default();
    options.timeout = Duration::from_millis(100);
    match terminal_colorsaurus::theme_mode(options) {
        Ok(terminal_colorsaurus::ThemeMode::Light) => Base::Light,
        _ => Base::Dark,
    }
}

fn run_tui(
    roadmap: Roadmap,
    data: &Path,
    flag: Option<cli::LangArg>,
    config: &Config,
    base: Base,
    mouse: bool,
) -> Result<(), CliError> {
    let (store, progress) = Store::open(data)?;
    let env = |name| std::env::var(name).ok();
    let color = env("NO_COLOR").is_none_or(|v| v.is_empty());
    // Without colour there is nothing to choose, so the terminal is not asked.
    let base = match base {
        Base::Auto if color => detect_base(),
        Base::Auto => Base::Dark,
        other => other,
    };
    let theme = config.theme(base);
    let env_lang = cli::lang_from_env(env("LC_ALL").as_deref(), env("LANG").as_deref());
    let lang = cli::pick_lang(flag, progress.settings.lang(), config.locale, env_lang);
    let mut app = App::new(roadmap, progress);
    app.set_help_len(config.keymap.help_line_count());
    app.set_lang(lang, false);
    app.color = color;
    app.tz = jiff::tz::TimeZone::system();
    app.set_data_file(data.to_owned(), data.exists());
    let unsaved = tui::run(
        &mut app,
        store,
        tui::Options {
            mouse,
            keymap: &config.keymap,
            theme: &theme,
        },
    )
    .map_err(|e| CliError::Failure(format!("terminal: {e}")))?;
    match unsaved {
        None => Ok(()),
        Some(e) => Err(e.into()),
    }
}
