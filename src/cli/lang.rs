//! The language to start in: from the environment (LC_ALL, LANG), and the order in which the
//! flag, the progress file, the config and the environment are heard.

use super::LangArg;
use crate::model::Lang;

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

/// The language to start in: `--locale`, else the one remembered in the progress file (chosen
/// with L), else the config's, else the environment's.
pub fn pick_lang(
    flag: Option<LangArg>,
    remembered: Option<Lang>,
    config: Option<Lang>,
    env: Lang,
) -> Lang {
    flag.map(Lang::from)
        .or(remembered)
        .or(config)
        .unwrap_or(env)
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
            pick_lang(Some(LangArg::En), Some(Lang::Es), Some(Lang::Es), Lang::Es),
            Lang::En
        );
        assert_eq!(
            pick_lang(None, Some(Lang::Es), Some(Lang::En), Lang::En),
            Lang::Es
        );
        assert_eq!(pick_lang(None, None, Some(Lang::En), Lang::Es), Lang::En);
        assert_eq!(pick_lang(None, None, None, Lang::Es), Lang::Es);
    }
}
