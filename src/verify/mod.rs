//! Running a cell's tests (`verify`): the command the user's config gives a language (see
//! `command`), run in a process group of its own with its output streamed and a time limit (see
//! `run`). The command comes only from the config file: nothing read from a progress file or a
//! roadmap is ever run.

pub mod command;
pub mod run;

pub use command::{Placeholders, TrackVerify};
pub use run::{Msg, Outcome, Runner, Spec};

use std::path::Path;
use std::time::Duration;

use crate::model::progress::{TAIL_LINES, Verified, VerifyFailed};

/// The command for one cell: its language's `[tracks.<id>]` in `tracks` with the placeholders
/// filled in. `None` when the config gives that language no `verify`.
pub fn spec_for(
    tracks: &[(String, TrackVerify)],
    track: &str,
    values: &Placeholders,
) -> Option<Spec> {
    let (_, t) = tracks.iter().find(|(id, _)| id == track)?;
    let built = command::build(t.verify.as_deref()?, t.shell, values)?;
    Some(Spec {
        argv: built.argv,
        display: built.display,
        dir: t.dir.clone(),
        timeout: t.timeout,
        origin: format!("{track}\0{}\0{:?}\0{:?}", t.shell, t.verify, t.dir),
    })
}

/// The config key to add for a language with no command, as an error message says it.
pub fn missing_key(track: &str) -> String {
    format!("verify = \"…\" under [tracks.{track}]")
}

/// The HEAD commit of the repository `dir` is in (the current directory for `None`), if it is
/// in one and git is there to say.
pub fn head_commit(dir: Option<&Path>) -> Option<String> {
    let mut git = std::process::Command::new("git");
    git.args(["rev-parse", "HEAD"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Some(dir) = dir {
        git.current_dir(dir);
    }
    let out = git.output().ok()?;
    let hash = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit()))
        .then_some(hash)
}

/// The last `TAIL_LINES` lines of a run's output, kept as they come.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tail(std::collections::VecDeque<String>);

impl Tail {
    pub fn push(&mut self, line: &str) {
        if self.0.len() == TAIL_LINES {
            self.0.pop_front();
        }
        self.0.push_back(line.to_owned());
    }

    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

/// The evidence of a run that passed, ended at `now`.
pub fn passed(spec: &Spec, took: Duration, now: &str) -> Verified {
    Verified {
        command: spec.display.clone(),
        status: 0,
        ms: u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
        at: now.into(),
        stamp: now.into(),
        commit: head_commit(spec.dir.as_deref()),
        extra: Default::default(),
    }
}

/// The record of a run that failed (`outcome` not a pass), ended at `now`.
pub fn failed(
    spec: &Spec,
    outcome: &Outcome,
    took: Duration,
    tail: &Tail,
    now: &str,
) -> VerifyFailed {
    let mut tail: Vec<String> = tail.lines().map(str::to_owned).collect();
    if let Outcome::NotStarted(why) = outcome {
        tail.push(why.clone());
    }
    VerifyFailed {
        at: now.into(),
        command: spec.display.clone(),
        status: match outcome {
            Outcome::Exited(status) => *status,
            _ => None,
        },
        timed_out: *outcome == Outcome::TimedOut,
        ms: u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
        tail,
        extra: Default::default(),
    }
}

/// How a run ended, in words: "passed", "failed (exit status 3)", "timed out after 120 s"…
pub fn outcome_words(outcome: &Outcome, spec: &Spec, lang: crate::model::Lang) -> String {
    use crate::i18n::tr;
    match outcome {
        Outcome::Exited(Some(0)) => tr(lang, "passed", "pasó").to_owned(),
        Outcome::Exited(Some(code)) => format!(
            "{} {code})",
            tr(lang, "failed (exit status", "falló (código de salida")
        ),
        Outcome::Exited(None) => tr(
            lang,
            "failed (ended by a signal)",
            "falló (terminado por una señal)",
        )
        .to_owned(),
        Outcome::TimedOut => format!(
            "{} {} s",
            tr(lang, "timed out after", "superó el tiempo límite de"),
            spec.timeout.as_secs()
        ),
        Outcome::Cancelled => tr(lang, "cancelled", "cancelado").to_owned(),
        Outcome::NotStarted(why) => {
            format!("{}: {why}", tr(lang, "could not start", "no pudo empezar"))
        }
    }
}

pub use crate::model::verified::duration_words;
