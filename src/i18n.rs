//! The interface's own words in English and Spanish. Each phrase is written beside its
//! translation where it is used: `tr(lang, "Done", "Hecho")`.

use crate::model::Lang;

/// A phrase in both languages, for tables such as the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msg {
    pub en: &'static str,
    pub es: &'static str,
}

impl Msg {
    pub const fn new(en: &'static str, es: &'static str) -> Msg {
        Msg { en, es }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        tr(lang, self.en, self.es)
    }
}

/// Picks the phrase for `lang`.
pub fn tr(lang: Lang, en: &'static str, es: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Es => es,
    }
}
