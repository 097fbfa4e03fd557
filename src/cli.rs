//! The command line. Subcommands never touch the terminal.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

use crate::model::Lang;
use crate::state::DATA_ENV;

/// Track the 100 Backend Tasking Roadmap, task by task and language by language.
#[derive(Debug, Parser)]
#[command(name = "roadmap-tui", version, about)]
pub struct Cli {
    /// The progress file [default: the platform data dir, e.g. ~/.local/share/roadmap-tui/progress.json]
    #[arg(long, env = DATA_ENV, value_name = "FILE", global = true)]
    pub data: Option<PathBuf>,

    /// Language of the task text and the interface [default: remembered, else from LC_ALL / LANG]
    #[arg(long, value_enum, global = true)]
    pub lang: Option<LangArg>,

    /// Do not capture the mouse (leaves the terminal's own selection alone)
    #[arg(long)]
    pub no_mouse: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Es,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Es => Lang::Es,
            LangArg::En => Lang::En,
        }
    }
}

/// The language the environment asks for: LC_ALL, then LANG; `es*` is Spanish, anything else
/// English.
pub fn lang_from_env(lc_all: Option<&str>, lang: Option<&str>) -> Lang {
    let value = [lc_all, lang]
        .into_iter()
        .flatten()
        .find(|v| !v.is_empty())
        .unwrap_or("");
    if value.to_ascii_lowercase().starts_with("es") {
        Lang::Es
    } else {
        Lang::En
    }
}

/// The language to start in: `--lang`, else the one remembered in the progress file, else the
/// environment's.
pub fn pick_lang(flag: Option<LangArg>, remembered: Option<Lang>, env: Lang) -> Lang {
    flag.map(Lang::from).or(remembered).unwrap_or(env)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_language() {
        assert_eq!(
            lang_from_env(Some("es_ES.UTF-8"), Some("en_US.UTF-8")),
            Lang::Es
        );
        assert_eq!(lang_from_env(None, Some("es_MX.UTF-8")), Lang::Es);
        assert_eq!(lang_from_env(Some(""), Some("es_AR")), Lang::Es);
        assert_eq!(lang_from_env(Some("C.UTF-8"), Some("es_ES")), Lang::En);
        assert_eq!(lang_from_env(None, None), Lang::En);
        assert_eq!(lang_from_env(None, Some("de_DE")), Lang::En);
    }

    #[test]
    fn flag_beats_memory_beats_environment() {
        assert_eq!(
            pick_lang(Some(LangArg::En), Some(Lang::Es), Lang::Es),
            Lang::En
        );
        assert_eq!(pick_lang(None, Some(Lang::Es), Lang::En), Lang::Es);
        assert_eq!(pick_lang(None, None, Lang::Es), Lang::Es);
    }
}
