//! A language's verify settings as the config gives them (`[tracks.<id>]`), and the command they
//! make for one cell: placeholders `{task}`, `{track}` and `{level}` filled in, split into
//! arguments as a POSIX shell would (`shlex`), or handed whole to the system's shell with the
//! values quoted when `shell = true`.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The placeholders a verify command may hold.
pub const PLACEHOLDERS: [&str; 3] = ["task", "track", "level"];

/// The time limit when the config sets none, in seconds.
pub const DEFAULT_TIMEOUT: u64 = 120;

/// One language's `[tracks.<id>]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackVerify {
    /// The command, as written.
    pub verify: Option<String>,
    /// The folder it runs in (`~` expanded, relative to the config file's folder); `None`: the
    /// current directory.
    pub dir: Option<PathBuf>,
    pub timeout: Duration,
    /// Run through `sh -c` (Windows: `cmd /C`) rather than split into arguments.
    pub shell: bool,
}

impl Default for TrackVerify {
    fn default() -> TrackVerify {
        TrackVerify {
            verify: None,
            dir: None,
            timeout: Duration::from_secs(DEFAULT_TIMEOUT),
            shell: false,
        }
    }
}

/// The values put in for the placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholders<'a> {
    pub task: &'a str,
    pub track: &'a str,
    pub level: &'a str,
}

impl Placeholders<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        match name {
            "task" => Some(self.task),
            "track" => Some(self.track),
            "level" => Some(self.level),
            _ => None,
        }
    }
}

/// A piece of a command as written: text, or a placeholder's name.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(String),
    Hole(&'a str),
}

/// `{name}` where name is letters, digits and `_` is a placeholder; `{{` and `}}` are a brace;
/// any other brace is itself. Returns the pieces, or the first unknown placeholder's name and
/// its byte offset.
fn pieces(text: &str) -> Result<Vec<Piece<'_>>, (String, usize)> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("{{") || rest.starts_with("}}") {
            plain.push(bytes[i] as char);
            i += 2;
            continue;
        }
        if rest.starts_with('{')
            && let Some(end) = rest[1..].find('}')
        {
            let name = &rest[1..1 + end];
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                if !PLACEHOLDERS.contains(&name) {
                    return Err((name.to_owned(), i));
                }
                out.push(Piece::Text(std::mem::take(&mut plain)));
                out.push(Piece::Hole(name));
                i += end + 2;
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or_default();
        plain.push(c);
        i += c.len_utf8();
    }
    out.push(Piece::Text(plain));
    Ok(out)
}

/// Checks a command as the config reads it: an unknown placeholder (its name and byte offset),
/// or with `shell = false` text that does not split into arguments (unclosed quotes).
pub fn check(text: &str, shell: bool) -> Result<(), (String, usize)> {
    pieces(text).map_err(|(name, at)| {
        (
            format!(
                "unknown placeholder {{{name}}} in verify; the placeholders are {{task}}, \
                 {{track}} and {{level}} ({{{{ and }}}} write a brace)"
            ),
            at,
        )
    })?;
    if text.trim().is_empty() {
        return Err((
            "verify is empty: write the command that runs a task's tests".into(),
            0,
        ));
    }
    if !shell && shlex::split(text).is_none_or(|words| words.is_empty()) {
        return Err((
            "verify does not split into arguments (a quote is not closed); with shell = true it \
             goes to the shell as it is"
                .into(),
            0,
        ));
    }
    Ok(())
}

/// The command to run for one cell, and how to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// The program and its arguments.
    pub argv: Vec<String>,
    /// The command as the user reads it (and as the evidence records it).
    pub display: String,
}

/// Fills in `text`'s placeholders with `values`. Without a shell the text is split first, so a
/// value becomes (part of) one argument whatever it holds; with one, each value is quoted for it.
pub fn build(text: &str, shell: bool, values: &Placeholders) -> Option<Built> {
    let fill = |text: &str, quote: bool| -> Option<String> {
        let mut out = String::new();
        for piece in pieces(text).ok()? {
            match piece {
                Piece::Text(t) => out.push_str(&t),
                Piece::Hole(name) => {
                    let value = values.get(name)?;
                    if quote {
                        out.push_str(&crate::platform::shell_word(value));
                    } else {
                        out.push_str(value);
                    }
                }
            }
        }
        Some(out)
    };
    if shell {
        let line = fill(text, true)?;
        Some(Built {
            argv: crate::platform::shell_argv(&line),
            display: line,
        })
    } else {
        // Braces escaped as `{{` survive the split as they are, and `fill` turns them back.
        let words = shlex::split(text)?;
        let argv: Vec<String> = words
            .iter()
            .map(|w| fill(w, false))
            .collect::<Option<_>>()?;
        if argv.is_empty() {
            return None;
        }
        let display = argv
            .iter()
            .map(|a| crate::platform::shell_quote(a))
            .collect::<Vec<_>>()
            .join(" ");
        Some(Built { argv, display })
    }
}

/// `dir` as the config writes it: `~` and `~/…` from the home folder, a relative path from the
/// config file's folder.
pub fn resolve_dir(dir: &str, config_file: &Path) -> PathBuf {
    let home = || directories::BaseDirs::new().map(|d| d.home_dir().to_owned());
    let path = if dir == "~" {
        home().unwrap_or_else(|| PathBuf::from(dir))
    } else if let Some(rest) = dir.strip_prefix("~/").or_else(|| dir.strip_prefix("~\\")) {
        home().map_or_else(|| PathBuf::from(dir), |h| h.join(rest))
    } else {
        PathBuf::from(dir)
    };
    if path.is_absolute() {
        path
    } else {
        config_file
            .parent()
            .map_or_else(|| path.clone(), |folder| folder.join(&path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUES: Placeholders = Placeholders {
        task: "7",
        track: "python",
        level: "freshman",
    };

    #[test]
    fn placeholders_fill_each_argument() {
        let b = build(
            "pytest 'tests/test {task}.py' -k {track}_{level}",
            false,
            &VALUES,
        )
        .unwrap();
        assert_eq!(
            b.argv,
            ["pytest", "tests/test 7.py", "-k", "python_freshman"]
        );
        assert_eq!(b.display, "pytest 'tests/test 7.py' -k python_freshman");
    }

    #[test]
    fn without_a_shell_nothing_is_interpreted() {
        let b = build("echo a;b $(id) {{x}}", false, &VALUES).unwrap();
        assert_eq!(b.argv, ["echo", "a;b", "$(id)", "{x}"]);
    }

    #[test]
    fn unknown_placeholders_and_bad_quotes_are_refused() {
        assert_eq!(check("run {tsak}", false).unwrap_err().1, 4);
        assert!(check("run 'open", false).is_err());
        assert!(check("run 'open", true).is_ok());
        assert!(check("  ", false).is_err());
        assert!(check("f() {{ x; }}; f {task}", true).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn with_a_shell_values_are_quoted() {
        let values = Placeholders {
            task: "7",
            track: "a b",
            level: "$(x)",
        };
        let b = build("echo {track} {level}", true, &values).unwrap();
        assert_eq!(b.argv, ["sh", "-c", "echo 'a b' '$(x)'"]);
    }

    #[cfg(unix)]
    #[test]
    fn dirs_resolve_from_home_and_the_config_folder() {
        let config = Path::new("/etc/rt/config.toml");
        assert_eq!(resolve_dir("code", config), Path::new("/etc/rt/code"));
        assert_eq!(resolve_dir("/abs", config), Path::new("/abs"));
        assert!(resolve_dir("~/py", config).ends_with("py"));
        assert!(resolve_dir("~/py", config).is_absolute());
    }
}
