//! Shell completion: `completions SHELL` prints a small script that hands every Tab back to
//! this program (clap_complete's dynamic engine), so subcommands, options and their values
//! complete from the command line itself, and a language (`--track`, `tracks hide`…) from the
//! roadmap and progress file the typed command would use.
//!
//! clap_complete's static bash script cannot serve a program whose name holds a '-': it names
//! the state after a subcommand `roadmap__tui__subcmd__export` in one place and
//! `roadmap__subcmd__tui__subcmd__export` in the other, so nothing completes after a
//! subcommand (clap-rs/clap#6421, still open in clap_complete 4.6.12).

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use clap_complete::env::Shells;

use super::{data_path, load_roadmap};
use crate::model::tracks;
use crate::state::{self, DATA_ENV};

/// The variable that makes the program complete a command line instead of running it.
pub const COMPLETE_ENV: &str = "ROADMAP_TUI_COMPLETE";

/// The program's name, as the scripts call it: it must be on the `PATH`.
const BIN: &str = "roadmap-tui";

/// The command line with its completers: any argument named `track` completes the languages.
pub fn command() -> clap::Command {
    with_track_completion(crate::cli::command())
}

fn with_track_completion(cmd: clap::Command) -> clap::Command {
    let cmd = cmd.mut_args(|arg| {
        if arg.get_id() == "track" {
            arg.add(ArgValueCandidates::new(track_candidates))
        } else {
            arg
        }
    });
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    names.iter().fold(cmd, |cmd, name| {
        cmd.mut_subcommand(name, with_track_completion)
    })
}

/// Completes the command line when the shell asks (the variable set), and exits; else returns.
pub fn complete_if_asked() {
    clap_complete::CompleteEnv::with_factory(command)
        .var(COMPLETE_ENV)
        .complete();
}

/// The script that registers the completion for `shell`.
pub fn registration(shell: clap_complete::Shell) -> std::io::Result<Vec<u8>> {
    let name = shell.to_string();
    let shells = Shells::builtins();
    let completer = shells
        .completer(&name)
        .ok_or_else(|| std::io::Error::other(format!("no completion for {name}")))?;
    let mut script = Vec::new();
    completer.write_registration(COMPLETE_ENV, BIN, BIN, BIN, &mut script)?;
    if shell == clap_complete::Shell::Zsh {
        // Installed in `fpath` as `_roadmap-tui`, the file is the body of a function zsh calls
        // on the first Tab: the script alone only registers its completer then, and that Tab
        // completes nothing. Sourced, the line does nothing.
        script.extend_from_slice(
            b"[[ ${funcstack[1]} = _roadmap-tui ]] && _clap_dynamic_completer_roadmap_tui \"$@\"\n",
        );
    }
    Ok(script)
}

/// Every language of the roadmap and progress the command line being completed names (its
/// `--roadmap` and `--data`, else the environment and the defaults), hidden ones too, with its
/// name as the description. Nothing when they cannot be read: a completion never complains.
fn track_candidates() -> Vec<CompletionCandidate> {
    let typed: Vec<OsString> = std::env::args_os()
        .skip_while(|a| a != "--")
        .skip(1)
        .collect();
    let roadmap_file = typed_value(&typed, "--roadmap").map(PathBuf::from);
    let data = typed_value(&typed, "--data")
        .or_else(|| std::env::var_os(DATA_ENV).filter(|v| !v.is_empty()))
        .map(PathBuf::from);
    let Ok(roadmap) = load_roadmap(roadmap_file.as_deref()) else {
        return Vec::new();
    };
    let Ok(path) = data_path(data, &roadmap, roadmap_file.is_some()) else {
        return Vec::new();
    };
    let settings = state::read(&path).map(|p| p.settings).unwrap_or_default();
    tracks::all(&roadmap, &settings)
        .into_iter()
        .map(|e| {
            let help = if e.hidden {
                format!("{} (hidden)", e.track.name)
            } else {
                e.track.name
            };
            CompletionCandidate::new(e.track.id.as_str()).help(Some(help.into()))
        })
        .collect()
}

/// The value typed for `option` (`--data FILE` or `--data=FILE`), the last one if several.
fn typed_value(words: &[OsString], option: &str) -> Option<OsString> {
    let mut found = None;
    let mut words = words.iter();
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == option {
            found = words.next().cloned();
        } else if let Some(value) = word
            .to_str()
            .and_then(|w| w.strip_prefix(option)?.strip_prefix('='))
        {
            found = Some(OsStr::new(value).to_owned());
        }
    }
    found.map(|v| expand_home(&v))
}

/// `~/x` as the shell would read it once the command runs: a word being completed is not yet
/// expanded.
fn expand_home(value: &OsStr) -> OsString {
    match (
        value.to_str().and_then(|v| v.strip_prefix("~/")),
        std::env::var_os("HOME"),
    ) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest).into_os_string(),
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<OsString> {
        s.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn options_typed_either_way_are_found() {
        let w = words("roadmap-tui --data a.json check 1 --roadmap=r.md --data b.json -t");
        assert_eq!(typed_value(&w, "--data"), Some("b.json".into()));
        assert_eq!(typed_value(&w, "--roadmap"), Some("r.md".into()));
        assert_eq!(typed_value(&w, "--config"), None);
        assert_eq!(typed_value(&words("x -- --data a"), "--data"), None);
    }

    #[test]
    fn every_argument_named_track_completes() {
        let cmd = command();
        let mut found = 0;
        let mut stack = vec![&cmd];
        while let Some(c) = stack.pop() {
            for arg in c.get_arguments().filter(|a| a.get_id() == "track") {
                assert!(
                    arg.get::<ArgValueCandidates>().is_some(),
                    "{}",
                    c.get_name()
                );
                found += 1;
            }
            stack.extend(c.get_subcommands());
        }
        // check, uncheck, start, list, goal, review, next; tracks hide, show and move.
        assert!(found >= 10, "{found}");
    }
}
