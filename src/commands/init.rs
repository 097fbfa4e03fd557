//! `config --init`: writes the config file `config` prints, with its folders, where none is.

use std::io::{self, Write};
use std::path::Path;

use super::{CliError, emit};
use crate::config::Config;
use crate::i18n::tr;
use crate::model::Lang;
use crate::model::text::strip_controls;

/// Writes the default configuration, every setting commented out, to `path`, making its
/// folders. A file already there (or anything else under that name) is never touched.
pub fn run(path: &Path, lang: Lang, out: &mut dyn Write) -> Result<(), CliError> {
    let shown = strip_controls(&path.display().to_string(), false);
    let exists = || {
        CliError::Failure(format!(
            "the config file {shown} exists already; config --init never overwrites it (edit \
             it, or move it away and run config --init again)"
        ))
    };
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(exists());
    }
    let text = Config::default().to_toml(Some(path));
    let written = (|| {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        // create_new: a file made since the look above is not replaced either.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    })();
    match written {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(exists()),
        Err(e) => Err(CliError::Failure(format!("cannot write {shown}: {e}"))),
        Ok(()) => emit(
            out,
            &format!(
                "{} {shown}\n{}\n",
                tr(lang, "Wrote", "Escrito"),
                tr(
                    lang,
                    "Every setting is at its default and commented out: remove the \"# \" before \
                     one to change it.",
                    "Cada ajuste tiene su valor por defecto y está comentado: quita el \"# \" de \
                     delante para cambiarlo.",
                )
            ),
        ),
    }
}
