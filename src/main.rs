use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use color_eyre::Result;

use roadmap_tui::app::{App, Fact};
use roadmap_tui::cli::{self, Cli, Command, Format};
use roadmap_tui::commands::{self, CliError};
use roadmap_tui::config::{self, Config};
use roadmap_tui::model::Lang;
use roadmap_tui::model::text::for_terminal;
use roadmap_tui::state::Store;
use roadmap_tui::tui::{self, Ended};
use roadmap_tui::ui::theme::{self, Base};

fn main() -> ExitCode {
    if let Err(e) = install_hooks() {
        say(&format!("roadmap-tui: {e:?}"));
        return ExitCode::FAILURE;
    }
    // A shell asking for completions (see `completions`) is answered, and nothing else runs.
    commands::complete::complete_if_asked();
    let cli = match cli::parse_from(std::env::args_os().collect()) {
        Ok(cli) => cli,
        // Help and version print as clap prints them: they echo nothing the user typed.
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            // An error echoes what was typed, which may hold escape sequences.
            say(&e.render().to_string());
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match cli.command {
        Some(Command::Completions { shell }) => {
            return print_generated("the completions", |out| {
                out.extend(commands::complete::registration(shell)?);
                Ok(())
            });
        }
        Some(Command::Man) => {
            return print_generated("the manual page", |out| {
                out.extend(cli::man_page()?.bytes());
                Ok(())
            });
        }
        _ => {}
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(&format!("roadmap-tui: {e}\n"));
            ExitCode::from(e.exit_code())
        }
    }
}

/// Prints what `render` makes from the command line's own description (completions, the manual
/// page) as it is: it holds nothing a user typed. It is made in memory first so that a reader
/// that went away (`| head`) is not an error, where clap_complete would panic writing to it.
fn print_generated(
    what: &str,
    render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
) -> ExitCode {
    let mut text = Vec::new();
    let written = render(&mut text).and_then(|()| {
        let mut out = std::io::stdout().lock();
        out.write_all(&text)?;
        out.flush()
    });
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            say(&format!("roadmap-tui: cannot write {what}: {e}\n"));
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}

/// color-eyre's hooks, without colours (see `hooks`), with panic reports passed through
/// `for_terminal` like every other message: a panic message may quote a file name or a task.
fn install_hooks() -> Result<()> {
    let (panic_hook, eyre_hook) = roadmap_tui::hooks::plain();
    eyre_hook.install()?;
    std::panic::set_hook(Box::new(move |info| {
        say(&format!("{}\n", panic_hook.panic_report(info)));
    }));
    Ok(())
}

/// Writes a message to standard error through `for_terminal`. Standard error may be a terminal
/// that has gone away: never panic over it.
fn say(text: &str) {
    let _ = std::io::stderr().write_all(for_terminal(text).as_bytes());
}

fn run(cli: Cli) -> Result<(), CliError> {
    let locale = cli.locale();
    let Some(command) = cli.command else {
        return start_tui(cli);
    };
    if let Command::Config { path: true, .. } = command {
        let (file, _) = config_path(cli.config)?;
        return commands::emit(
            &mut std::io::stdout().lock(),
            &format!("{}\n", file.display()),
        );
    }
    // Before the config is read: a file already there is refused as it is, broken or not.
    if let Command::Config { init: true, .. } = command {
        let (file, _) = config_path(cli.config.clone())?;
        let remembered = match commands::known_data_path(cli.data.clone(), cli.roadmap.is_some()) {
            Some(Ok(data)) => roadmap_tui::state::read(&data)
                .ok()
                .and_then(|p| p.settings.lang()),
            _ => None,
        };
        let env = |name| std::env::var(name).ok();
        let env_lang = cli::lang_from_env(env("LC_ALL").as_deref(), env("LANG").as_deref());
        let lang = cli::pick_lang(locale, remembered, None, env_lang);
        return commands::init::run(&file, lang, &mut std::io::stdout().lock());
    }
    // Every command reads the config (its locale, for one) and refuses a broken one, as the TUI
    // does. Where the user has no config directory there is none to read.
    let config = match config_path(cli.config.clone()) {
        Ok((file, explicit)) => Some((load_config(&file, explicit)?, file)),
        Err(_) => None,
    };
    if let Command::Config { .. } = command {
        let (config, file) = config.ok_or_else(|| {
            CliError::Failure(format!(
                "cannot find a config directory for this user; pass --config FILE or set {}",
                config::CONFIG_ENV
            ))
        })?;
        return commands::emit(&mut std::io::stdout().lock(), &config.to_toml(Some(&file)));
    }
    if let Command::Cohort(args) = command {
        let config = config.map(|(c, _)| c).unwrap_or_default();
        let env = |name| std::env::var(name).ok();
        let env_lang = cli::lang_from_env(env("LC_ALL").as_deref(), env("LANG").as_deref());
        let lang = cli::pick_lang(locale, None, config.locale, env_lang);
        let roadmap = commands::load_roadmap(cli.roadmap.as_deref())?;
        let color = std::env::var("NO_COLOR").map_or(true, |v| v.is_empty());
        let theme = cli.theme.map(Base::from);
        // Only the screen asks the terminal; an export is not drawn.
        let light = args.format.is_none()
            && color
            && theme.unwrap_or(config.base).follows_terminal()
            && detect_base() == Base::Light;
        let screen = roadmap_tui::cohort::tui::Screen {
            config,
            theme,
            light,
            no_mouse: cli.no_mouse,
            screen_reader: cli.screen_reader,
        };
        return commands::cohort::run(args, roadmap, lang, screen);
    }
    let roadmap = commands::load_roadmap(cli.roadmap.as_deref())?;
    let data = commands::data_path(cli.data, &roadmap, cli.roadmap.is_some())?;
    let text_lang = if matches!(
        command,
        Command::Export {
            format: Format::Markdown | Format::Csv | Format::Json,
            ..
        }
    ) {
        // These exports reproduce the roadmap document, which is in Spanish. The card and the
        // report are read by people, in the interface's language.
        locale.map_or(Lang::Es, Lang::from)
    } else {
        // As the TUI chooses: the flag, the remembered choice, the config, LC_ALL/LANG.
        // A progress file that cannot be read is left for the command to report.
        let remembered = roadmap_tui::state::read(&data)
            .ok()
            .and_then(|p| p.settings.lang());
        let env = |name| std::env::var(name).ok();
        let env_lang = cli::lang_from_env(env("LC_ALL").as_deref(), env("LANG").as_deref());
        cli::pick_lang(
            locale,
            remembered,
            config.as_ref().and_then(|(c, _)| c.locale),
            env_lang,
        )
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let Command::Verify(args) = &command {
        let (tracks, file) = match &config {
            Some((c, f)) => (c.tracks.as_slice(), Some(f.as_path())),
            None => (&[][..], None),
        };
        let config = commands::verify::VerifyConfig { tracks, file };
        commands::verify::run(args, &roadmap, &data, &config, text_lang, &mut out)?;
        return out.flush().map_err(|e| CliError::Failure(e.to_string()));
    }
    commands::run(command, &roadmap, &data, text_lang, &mut out)?;
    out.flush().map_err(|e| CliError::Failure(e.to_string()))
}

/// Reads the config, then asks the terminal for its background (for the `auto` theme) in a
/// thread of its own while the roadmap and the progress load, so the question costs the first
/// frame only what it takes beyond that work.
fn start_tui(cli: Cli) -> Result<(), CliError> {
    let (file, explicit) = config_path(cli.config.clone())?;
    let config = load_config(&file, explicit)?;
    let color = std::env::var("NO_COLOR").map_or(true, |v| v.is_empty());
    let base = cli.theme.map_or(config.base, Base::from);
    // Without colour there is nothing to choose, so the terminal is not asked.
    let detecting = (base.follows_terminal() && color).then(|| std::thread::spawn(detect_base));
    // The roadmap and the progress load on a thread of their own: the TUI reads the keyboard
    // meanwhile, so that q and Ctrl-C work however long it takes (see `tui::run`).
    let (data, roadmap_path) = (cli.data.clone(), cli.roadmap.clone());
    let (locale, config_locale) = (cli.locale(), config.locale);
    let help_len = config.keymap.help_line_count();
    let verify_tracks = config.tracks.clone();
    let loading = std::thread::spawn(move || {
        // A large progress file is read beside the roadmap, where its path is known without it.
        let custom = roadmap_path.is_some();
        let opening = match commands::known_data_path(data.clone(), custom) {
            Some(Ok(data)) if std::fs::metadata(&data).is_ok_and(|m| m.len() > 1 << 20) => {
                Some(std::thread::spawn(move || {
                    let opened = Store::open(&data)?;
                    Ok::<_, CliError>((data, opened))
                }))
            }
            _ => None,
        };
        let roadmap = commands::load_roadmap(roadmap_path.as_deref())?;
        let (data, (store, progress)) = match opening {
            Some(thread) => thread
                .join()
                .map_err(|_| CliError::Failure("reading the progress file failed".into()))??,
            None => {
                let data = commands::data_path(data, &roadmap, custom)?;
                let opened = Store::open(&data)?;
                (data, opened)
            }
        };
        let env = |name| std::env::var(name).ok();
        let env_lang = cli::lang_from_env(env("LC_ALL").as_deref(), env("LANG").as_deref());
        let lang = cli::pick_lang(locale, progress.settings.lang(), config_locale, env_lang);
        let mut app = App::new(roadmap, progress);
        let tz = roadmap_tui::clock::local_zone();
        // A bad ROADMAP_TUI_TODAY is refused before the terminal is taken over.
        let today = roadmap_tui::clock::today(&tz).map_err(CliError::Input)?;
        let exists = data.exists();
        for fact in [
            Fact::HelpLen(help_len),
            Fact::Lang(lang),
            Fact::Color(color),
            Fact::ScreenReader(cli.screen_reader || config.screen_reader),
            Fact::Zone(tz),
            Fact::DataFile {
                path: data.clone(),
                exists,
            },
            Fact::Today(today),
            Fact::VerifyCommands(verify_tracks),
        ] {
            app.update(fact, "");
        }
        Ok::<_, CliError>((app, store))
    });
    // The question must be over, the terminal as it was, before anything else happens — an
    // error message included.
    let light = match detecting {
        Some(thread) => thread.join().unwrap_or(Base::Dark) == Base::Light,
        None => false,
    };
    let mouse = config.mouse && !cli.no_mouse;
    let theme = config.theme(base, light);
    let ended = tui::run(
        loading,
        tui::Options {
            mouse,
            keymap: &config.keymap,
            theme: &theme,
        },
    )
    .map_err(|e| CliError::Failure(format!("terminal: {e}")))?;
    match ended {
        Ended::Ran(None) | Ended::QuitWhileLoading => Ok(()),
        Ended::Ran(Some(e)) => Err(e.into()),
        Ended::NotLoaded(Some(e)) => Err(e),
        Ended::NotLoaded(None) => Err(CliError::Failure(
            "loading the roadmap and the progress failed".into(),
        )),
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

/// Dark or light, for the bases that follow the terminal (auto, high-contrast, colorblind):
/// `COLORFGBG` when the terminal sets it, else the terminal's answer to a colour query (at most
/// 100 ms), else dark. Only asked of a terminal, before the app takes it over.
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
    options.timeout = std::time::Duration::from_millis(100);
    match terminal_colorsaurus::theme_mode(options) {
        Ok(terminal_colorsaurus::ThemeMode::Light) => Base::Light,
        _ => Base::Dark,
    }
}
