//! The cohort screen: builds the screen's state from what `cohort` read and runs it in the
//! terminal with the app's keymap, theme, help and hint bar (see `tui::cohort` for the loop,
//! `ui::cohort` for the drawing, `cohort::screen` for the state). Read-only: nothing is written.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Cohort, Options, SortKey, load, screen, watch};
use crate::config::{CohortConfig, Config};
use crate::keymap::{HelpLine, Scope};
use crate::model::{Lang, Roadmap};
use crate::ui::theme::Base;

/// How the screen is to look and behave: the config and the flags that change it.
pub struct Screen {
    pub config: Config,
    /// `--theme`, over the config's base.
    pub theme: Option<Base>,
    /// Whether the terminal's background is light (for the bases that follow it).
    pub light: bool,
    pub no_mouse: bool,
    pub screen_reader: bool,
}

/// What the screen starts from.
pub struct Launch {
    /// The PATHs given, to read again when they change.
    pub paths: Vec<PathBuf>,
    pub roadmap: Roadmap,
    pub limits: CohortConfig,
    pub cohort: Cohort,
    /// When the reading of `cohort` started.
    pub read_at: std::time::SystemTime,
    pub sort: SortKey,
    pub lang: Lang,
    pub screen: Screen,
}

/// Shows the cohort until the user leaves; an error is said in a sentence. Where standard
/// input or output is not a terminal (a pipe, a file, a script), the learners are printed as
/// a plain table instead.
pub fn run(launch: Launch) -> Result<(), String> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return print_table(&launch.cohort, launch.sort, launch.lang);
    }
    let Launch {
        paths,
        roadmap,
        limits,
        cohort,
        read_at,
        sort,
        lang,
        screen: look,
    } = launch;
    let tz = crate::clock::local_zone();
    let today = crate::clock::today(&tz)?;
    let config = &look.config;
    let color = std::env::var("NO_COLOR").map_or(true, |v| v.is_empty());
    let setup = screen::Setup {
        roadmap: roadmap.clone(),
        paths: paths.clone(),
        sort,
        lang,
        color,
        screen_reader: look.screen_reader || config.screen_reader,
        today,
        tz: tz.clone(),
        help_len: config.keymap.help_line_count(),
        help_at: config
            .keymap
            .help_lines()
            .iter()
            .position(|l| *l == HelpLine::Section(Scope::Cohort))
            .unwrap_or(0),
    };
    let state = screen::Screen::new(setup, cohort);
    let targets = watch::targets(&paths);
    let reload: crate::tui::cohort::Reload = Arc::new(move || {
        let today = crate::clock::today(&tz).ok()?;
        let options = Options {
            roadmap: &roadmap,
            limits,
            today,
            tz: &tz,
        };
        load(&paths, &options).ok()
    });
    let base = look.theme.unwrap_or(config.base);
    let theme = config.theme(base, look.light);
    let options = crate::tui::Options {
        mouse: config.mouse && !look.no_mouse,
        keymap: &config.keymap,
        theme: &theme,
    };
    crate::tui::cohort::run(state, targets, read_at, reload, options)
        .map_err(|e| format!("terminal: {e}"))
}

/// The learners as lines of tab-separated columns (name, done/total, last activity, attention),
/// then the problems: what `cohort` prints off a terminal.
fn print_table(cohort: &Cohort, sort: SortKey, lang: Lang) -> Result<(), String> {
    use std::io::Write;
    let mut text = String::new();
    for i in super::order(&cohort.learners, sort) {
        let l = &cohort.learners[i];
        let s = &l.summary;
        let last = s
            .last_activity
            .map_or_else(|| "-".to_owned(), |d| d.to_string());
        let reasons: Vec<String> = s.attention.iter().map(|r| r.short(lang)).collect();
        text.push_str(&format!(
            "{}\t{}/{}\t{}\t{}\n",
            l.name,
            s.overall.done,
            s.overall.total,
            last,
            reasons.join(", ")
        ));
    }
    for p in &cohort.problems {
        text.push_str(&format!(
            "{}: {} {}\n",
            crate::i18n::tr(lang, "Problem", "Problema"),
            p.source,
            p.kind.text(lang)
        ));
    }
    let mut out = std::io::stdout().lock();
    out.write_all(crate::model::text::for_terminal(&text).as_bytes())
        .and_then(|()| out.flush())
        .or_else(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Ok(()),
            _ => Err(e.to_string()),
        })
}
