//! The cohort screen. A STUB until the screen is built: it prints the learners as a text table
//! (name, done/total, last activity, attention) and the problems, terminal or not.

use std::io::Write;
use std::path::PathBuf;

use super::{Cohort, SortKey, order};
use crate::config::{CohortConfig, Config};
use crate::i18n::tr;
use crate::model::{Lang, Roadmap};
use crate::ui::theme::Base;

/// How the screen is to look and behave: the config and the flags that change it.
pub struct Screen {
    pub config: Config,
    /// `--theme`, over the config's base.
    pub theme: Option<Base>,
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
    pub sort: SortKey,
    pub lang: Lang,
    pub screen: Screen,
}

/// Shows the cohort until the user leaves; an error is said in a sentence.
pub fn run(launch: Launch) -> Result<(), String> {
    let Launch {
        cohort, sort, lang, ..
    } = launch;
    let mut text = String::new();
    for i in order(&cohort.learners, sort) {
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
            tr(lang, "Problem", "Problema"),
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
