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

/// `n` and the word for what is counted, singular for one and plural otherwise: "1 cell",
/// "3 cells", "0 cells". The words come in the caller's language.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A month's three-letter name (1 = January).
pub fn month_abbr(lang: Lang, month: i8) -> &'static str {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const ES: [&str; 12] = [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
    ];
    let i = usize::try_from(month - 1).unwrap_or(0).min(11);
    tr(lang, EN[i], ES[i])
}

/// "today", "yesterday", "12 days ago".
pub fn days_ago(lang: Lang, days: i64) -> String {
    match days {
        i64::MIN..=0 => tr(lang, "today", "hoy").to_owned(),
        1 => tr(lang, "yesterday", "ayer").to_owned(),
        n => match lang {
            Lang::En => format!("{n} days ago"),
            Lang::Es => format!("hace {n} días"),
        },
    }
}

/// "today", "tomorrow", "in 3 days"; a day past reads as `days_ago`.
pub fn in_days(lang: Lang, days: i64) -> String {
    match days {
        0 => tr(lang, "today", "hoy").to_owned(),
        1 => tr(lang, "tomorrow", "mañana").to_owned(),
        n if n < 0 => days_ago(lang, -n),
        n => match lang {
            Lang::En => format!("in {n} days"),
            Lang::Es => format!("en {n} días"),
        },
    }
}
