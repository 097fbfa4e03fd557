//! The `[tracks.<id>]` tables of the config file: how each language's tests run (`verify`,
//! `dir`, `timeout`, `shell`; see `crate::verify`), read with the place of any error, and
//! written back for `config` and `config --init`.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::{echo, string};
use crate::model::text::strip_controls;
use crate::verify::TrackVerify;
use crate::verify::command;

/// One `[tracks.<id>]` table: verify, dir, timeout, shell.
pub(super) fn track_verify(
    settings: &DeTable<'_>,
    path: &Path,
    what: &str,
) -> Result<TrackVerify, (std::ops::Range<usize>, String)> {
    let mut verify = TrackVerify::default();
    let mut text: Option<(&str, std::ops::Range<usize>)> = None;
    for (key, value) in settings {
        let span = value.span();
        match key.get_ref().as_ref() {
            "verify" => {
                let s = string(value, "verify").map_err(|m| (span.clone(), m))?;
                verify.verify = Some(s.to_owned());
                text = Some((s, span));
            }
            "dir" => {
                let s = string(value, "dir").map_err(|m| (span.clone(), m))?;
                if s.trim().is_empty() {
                    return Err((
                        span,
                        "dir is empty: name the folder the tests run in".into(),
                    ));
                }
                verify.dir = Some(command::resolve_dir(s, path));
            }
            "timeout" => match value.get_ref() {
                DeValue::Integer(i) if i.radix() == 10 => match i.as_str().parse::<u64>() {
                    Ok(secs @ 1..=86_400) => verify.timeout = std::time::Duration::from_secs(secs),
                    _ => {
                        return Err((
                            span,
                            "timeout is a number of seconds from 1 to 86400".into(),
                        ));
                    }
                },
                _ => {
                    return Err((
                        span,
                        "timeout is a number of seconds from 1 to 86400".into(),
                    ));
                }
            },
            "shell" => match value.get_ref() {
                DeValue::Boolean(b) => verify.shell = *b,
                _ => return Err((span, "shell is true or false".into())),
            },
            other => {
                return Err((
                    key.span(),
                    format!(
                        "unknown setting \"{}\" in {what}; the settings are: verify, dir, \
                         timeout, shell",
                        echo(other)
                    ),
                ));
            }
        }
    }
    if let Some((text, span)) = text {
        command::check(text, verify.shell).map_err(|(message, at)| {
            // The placeholder's place in the file: after the opening quote of a basic string
            // without escapes, else the value's start.
            let start = if at > 0 {
                span.start + 1 + at
            } else {
                span.start
            };
            (start..start, message)
        })?;
    }
    Ok(verify)
}

/// The `[tracks.<id>]` tables: those the file sets, else an example to copy, commented with
/// "## " (it is no default).
pub(super) fn tracks_toml(tracks: &[(String, TrackVerify)]) -> String {
    let mut out = String::from(
        "\n# How `verify` and V run a task's tests, per language: the command ({task}, {track} and\n\
         # {level} are filled in; split into arguments as a shell would, no shell unless\n\
         # `shell` is true), the folder it runs in (~ is home; relative to this file's folder) and\n\
         # its time limit in seconds (default 120). Only this file sets commands.\n",
    );
    if tracks.is_empty() {
        out.push_str(
            "## [tracks.python]\n\
             ## verify = \"pytest tests/test_task_{task}.py\"\n\
             ## dir = \"~/code/py\"\n\
             ## timeout = 120\n\
             ## shell = false\n",
        );
    }
    let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    for (id, t) in tracks {
        out.push_str(&format!("[tracks.{id}]\n"));
        if let Some(v) = &t.verify {
            out.push_str(&format!("verify = {}\n", quoted(v)));
        }
        if let Some(dir) = &t.dir {
            out.push_str(&format!(
                "dir = {}\n",
                quoted(&strip_controls(&dir.display().to_string(), false))
            ));
        }
        let line = |default: bool, text: String| {
            if default {
                format!("# {text}\n")
            } else {
                format!("{text}\n")
            }
        };
        let secs = t.timeout.as_secs();
        out.push_str(&line(
            secs == command::DEFAULT_TIMEOUT,
            format!("timeout = {secs}"),
        ));
        out.push_str(&line(!t.shell, format!("shell = {}", t.shell)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use std::path::Path;

    #[test]
    fn tracks_read_with_their_defaults_and_errors_at_their_line() {
        let c = parse(
            "[tracks.python]\nverify = \"pytest t/{task}.py\"\ndir = \"/srv/py\"\n",
            Path::new("/etc/c.toml"),
        )
        .unwrap();
        let (id, t) = &c.tracks[0];
        assert_eq!(id, "python");
        assert_eq!(t.verify.as_deref(), Some("pytest t/{task}.py"));
        assert_eq!(t.dir.as_deref(), Some(Path::new("/srv/py")));
        assert_eq!(t.timeout.as_secs(), 120);
        assert!(!t.shell);
        let text = c.to_toml(None);
        assert!(
            text.contains("[tracks.python]\nverify = \"pytest t/{task}.py\""),
            "{text}"
        );
        assert_eq!(parse(&text, Path::new("/etc/c.toml")).unwrap(), c);

        let e = parse(
            "[tracks.go]\ntimeout = 5\nverify = \"go test {tsak}\"\n",
            Path::new("c.toml"),
        )
        .unwrap_err();
        assert_eq!(e.at, Some((3, 19)), "{e}");
        assert!(e.message.contains("{tsak}"), "{e}");
        let e = parse("[tracks.go]\ntimeout = 0\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(e.at, Some((2, 11)), "{e}");
        let e = parse("[tracks.go]\nverfy = \"x\"\n", Path::new("c.toml")).unwrap_err();
        assert!(e.message.contains("verify, dir, timeout, shell"), "{e}");
    }
}
