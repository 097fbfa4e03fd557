//! `name`: the learner's name as a teacher's `cohort` shows it — set, cleared or printed. A
//! setting like the others: saved through the store, stamped, merged register by register.

use std::io::Write;
use std::path::Path;

use super::{CliError, emit};
use crate::cohort::one_line;
use crate::i18n::tr;
use crate::model::Lang;
use crate::model::text::echo;
use crate::state::{self, Store};

/// The longest name kept, in characters.
pub const MAX_NAME_CHARS: usize = 100;

pub fn run(
    data: &Path,
    name: Option<&str>,
    clear: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let name = match name {
        None if !clear => {
            let current = state::read(data)?.settings.name;
            let text = match current.as_deref().map(one_line).filter(|n| !n.is_empty()) {
                Some(name) => format!("{name}\n"),
                None => tr(
                    lang,
                    "No name set. Set one with: roadmap-tui name \"Ana\"\n",
                    "Ningún nombre. Pon uno con: roadmap-tui name \"Ana\"\n",
                )
                .to_owned(),
            };
            return emit(out, &text);
        }
        None => None,
        Some(raw) => {
            // One line, nothing that drives a terminal: the name is shown to others.
            let name = one_line(raw);
            if name.is_empty() {
                return Err(CliError::Input(
                    tr(
                        lang,
                        "the name is empty; to remove it, use `roadmap-tui name --clear`",
                        "el nombre está vacío; para quitarlo, usa `roadmap-tui name --clear`",
                    )
                    .to_owned(),
                ));
            }
            let chars = name.chars().count();
            if chars > MAX_NAME_CHARS {
                return Err(CliError::Input(match lang {
                    Lang::En => format!(
                        "the name \"{}\" is {chars} characters long; at most {MAX_NAME_CHARS}",
                        echo(&name)
                    ),
                    Lang::Es => format!(
                        "el nombre \"{}\" tiene {chars} caracteres; como mucho {MAX_NAME_CHARS}",
                        echo(&name)
                    ),
                }));
            }
            Some(name)
        }
    };
    let (mut store, mut progress) = Store::open(data)?;
    let changed = progress.settings.name != name;
    progress.settings.name = name.clone();
    if changed {
        store.save(&progress)?;
    }
    let text = match (name, lang) {
        (Some(n), Lang::En) => format!("Name: {n}\n"),
        (Some(n), Lang::Es) => format!("Nombre: {n}\n"),
        (None, _) if !changed => tr(
            lang,
            "No name set (unchanged)\n",
            "Ningún nombre (sin cambios)\n",
        )
        .to_owned(),
        (None, _) => tr(lang, "Name cleared\n", "Nombre quitado\n").to_owned(),
    };
    emit(out, &text)
}
