//! `config.toml`: key bindings per screen, the theme, the default interface language and the
//! mouse. Read and validated as a whole before the app starts: a file with any error is refused
//! with its path, line and column, never half applied. A missing file means the defaults.
//!
//! ```toml
//! locale = "en"
//! mouse = false
//! screen_reader = true
//!
//! [theme]
//! base = "light"
//! done = "#008700"
//! match = "black on yellow"
//!
//! [keys.grid]
//! toggle_done = ["x", "Space"]
//! undo = []
//!
//! [tracks.python]
//! verify = "pytest tests/test_task_{task}.py"
//! dir = "~/code/py"
//! timeout = 120
//!
//! [cohort]
//! idle_days = 14
//! ```

mod cohort;
pub use cohort::CohortConfig;

use std::fmt;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::keymap::{Key, Keymap, KeymapError, Scope};
use crate::model::Lang;
use crate::model::text::{ECHO_CHARS, excerpt, strip_controls};
use crate::state::limited;
use crate::ui::theme::{self, Base, Colors, Theme};
use crate::verify::TrackVerify;

mod tracks;
use tracks::{track_verify, tracks_toml};

/// The environment variable that names the config file.
pub const CONFIG_ENV: &str = "ROADMAP_TUI_CONFIG";

/// Everything the config file can set, with the defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub keymap: Keymap,
    pub base: Base,
    /// The colours the file sets, by role, in the file's order.
    pub colors: Vec<(String, Colors)>,
    pub locale: Option<Lang>,
    pub mouse: bool,
    /// Screens drawn for a screen reader (see `--screen-reader`).
    pub screen_reader: bool,
    /// How each language's tasks are verified (`[tracks.<id>]`), by track id, in the file's
    /// order.
    pub tracks: Vec<(String, TrackVerify)>,
    /// When `cohort` flags a learner (see `[cohort]`).
    pub cohort: CohortConfig,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            keymap: Keymap::default(),
            base: Base::Auto,
            colors: Vec::new(),
            locale: None,
            mouse: true,
            screen_reader: false,
            tracks: Vec::new(),
            cohort: CohortConfig::default(),
        }
    }
}

/// What is wrong with a config file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// Line and column, from 1; none for a file that cannot be read.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = strip_controls(&self.path.display().to_string(), false);
        match self.at {
            Some((line, column)) => write!(
                f,
                "config file {path}, line {line}, column {column}: {}",
                self.message
            ),
            None => write!(f, "config file {path}: {}", self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Where the config is read from when neither `--config` nor the environment says: the
/// platform's config directory, e.g. `~/.config/roadmap-tui/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "roadmap-tui")
        .map(|dirs| dirs.config_dir().join("config.toml"))
}

/// Reads the config at `path`. A missing file is the defaults unless it was named on purpose
/// (`explicit`), where it is more likely a typo.
pub fn load(path: &Path, explicit: bool) -> Result<Config, ConfigError> {
    let read = limited::read_limited(path, limited::CONFIG_LIMIT).and_then(limited::utf8_text);
    match read {
        Ok(text) => parse(&text, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => Ok(Config::default()),
        Err(e) => Err(ConfigError {
            path: path.to_owned(),
            at: None,
            message: format!("cannot be read: {e}"),
        }),
    }
}

/// Line and column (from 1, in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Parses the text of a config file; `path` names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let error = |span: std::ops::Range<usize>, message: String| ConfigError {
        path: path.to_owned(),
        at: Some(line_column(text, span.start)),
        message,
    };
    let root = DeTable::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().trim_end_matches('.').to_owned();
        error(span, message)
    })?;
    let mut config = Config::default();
    // Where the file binds each action, to say where a binding that breaks the whole is.
    let mut bound: Vec<Bound> = Vec::new();
    for (key, value) in root.get_ref() {
        let span = value.span();
        match key.get_ref().as_ref() {
            "locale" => {
                let s = string(value, "locale").map_err(|m| error(span.clone(), m))?;
                config.locale = Some(Lang::parse(s).ok_or_else(|| {
                    error(
                        span,
                        format!("locale is \"es\" or \"en\", not \"{}\"", echo(s)),
                    )
                })?);
            }
            "mouse" => match value.get_ref() {
                DeValue::Boolean(b) => config.mouse = *b,
                _ => return Err(error(span, "mouse is true or false".into())),
            },
            "screen_reader" => match value.get_ref() {
                DeValue::Boolean(b) => config.screen_reader = *b,
                _ => return Err(error(span, "screen_reader is true or false".into())),
            },
            "theme" => {
                let table = table(value, "[theme]").map_err(|m| error(span, m))?;
                for (role, value) in table {
                    let span = value.span();
                    let name = role.get_ref().as_ref();
                    let s = string(value, name).map_err(|m| error(span.clone(), m))?;
                    if name == "base" {
                        config.base = Base::parse(s).ok_or_else(|| {
                            error(
                                span,
                                format!(
                                    "base is \"auto\", \"dark\", \"light\", \"high-contrast\" \
                                     or \"colorblind\", not \"{}\"",
                                    echo(s)
                                ),
                            )
                        })?;
                        continue;
                    }
                    if theme::DARK.role(name).is_none() {
                        let names: Vec<&str> = theme::ROLES.iter().map(|(n, _)| *n).collect();
                        return Err(error(
                            role.span(),
                            format!(
                                "unknown colour role \"{}\" in [theme]; the roles are: base, {}",
                                echo(name),
                                names.join(", ")
                            ),
                        ));
                    }
                    let colors: Colors = s.parse().map_err(|e| error(span, format!("{e}")))?;
                    config.colors.push((name.to_owned(), colors));
                }
            }
            "cohort" => {
                let t = table(value, "[cohort]").map_err(|m| error(span, m))?;
                config.cohort = cohort::parse(t).map_err(|(span, m)| error(span, m))?;
            }
            "keys" => {
                let screens = table(value, "[keys]").map_err(|m| error(span, m))?;
                for (screen, actions) in screens {
                    let name = screen.get_ref().as_ref();
                    let scope = Scope::from_name(name).ok_or_else(|| {
                        error(
                            screen.span(),
                            KeymapError::UnknownScope(name.to_owned()).to_string(),
                        )
                    })?;
                    let actions = table(actions, &format!("[keys.{name}]"))
                        .map_err(|m| error(actions.span(), m))?;
                    for (action, keys) in actions {
                        let keys = key_list(keys).map_err(|(span, m)| error(span, m))?;
                        bound.push(Bound {
                            scope,
                            name: action.get_ref().to_string(),
                            at: action.span(),
                            keys: keys.clone(),
                        });
                        config
                            .keymap
                            .set_keys(
                                scope,
                                action.get_ref(),
                                keys.into_iter().map(|(k, _)| k).collect(),
                            )
                            .map_err(|e| {
                                let span = match e {
                                    KeymapError::UnknownAction { .. } => action.span(),
                                    _ => action.span().start..action.span().start,
                                };
                                error(span, e.to_string())
                            })?;
                    }
                }
            }
            "tracks" => {
                let tracks = table(value, "[tracks]").map_err(|m| error(span, m))?;
                for (id, settings) in tracks {
                    let name = id.get_ref().as_ref();
                    if !crate::model::roadmap::is_track_id(name) {
                        return Err(error(
                            id.span(),
                            format!(
                                "\"{}\" is not a language's id: 1 to 32 lowercase letters, \
                                 digits, '-' and '_'",
                                echo(name)
                            ),
                        ));
                    }
                    let what = format!("[tracks.{name}]");
                    let settings = table(settings, &what).map_err(|m| error(settings.span(), m))?;
                    let verify =
                        track_verify(settings, path, &what).map_err(|(span, m)| error(span, m))?;
                    config.tracks.retain(|(t, _)| t != name);
                    config.tracks.push((name.to_owned(), verify));
                }
            }
            other => {
                return Err(error(
                    key.span(),
                    format!(
                        "unknown setting \"{}\"; the settings are: locale, mouse, \
                         screen_reader, [theme], [keys.<screen>], [tracks.<language>], \
                         [cohort]",
                        echo(other)
                    ),
                ));
            }
        }
    }
    // Checked once every binding is in: a key's two uses may sit in different tables.
    if let Err(e) = config.keymap.validate() {
        let span = culprit(&bound, &e)
            .or_else(|| match &e {
                KeymapError::Conflict { scope, .. } | KeymapError::NoWayOut(scope) => {
                    keys_table_span(&root, scope.name())
                }
                _ => None,
            })
            .unwrap_or(0..0);
        return Err(error(span, e.to_string()));
    }
    Ok(config)
}

/// One `action = [keys]` line of the file.
struct Bound {
    scope: Scope,
    name: String,
    /// The action's name.
    at: std::ops::Range<usize>,
    /// Each key, and where it is written.
    keys: Vec<(Key, std::ops::Range<usize>)>,
}

/// Where the file makes the keymap invalid: for a key bound twice, where the file binds it (the
/// later of its two places, when both are in the file); for a screen left with no way out, the
/// last line that unbinds one.
fn culprit(bound: &[Bound], e: &KeymapError) -> Option<std::ops::Range<usize>> {
    match e {
        KeymapError::Conflict {
            scope,
            key,
            first,
            second,
            global,
        } => {
            let second_scope = if *global { Scope::Global } else { *scope };
            bound
                .iter()
                .filter(|b| {
                    (b.scope == *scope && b.name == *first)
                        || (b.scope == second_scope && b.name == *second)
                })
                .flat_map(|b| b.keys.iter().filter(|(k, _)| k == key))
                .map(|(_, span)| span.clone())
                .max_by_key(|span| span.start)
        }
        KeymapError::NoWayOut(scope) => bound
            .iter()
            .filter(|b| {
                let leaves = b.name == "close" || b.name == "quit";
                (b.scope == *scope && leaves)
                    || (*scope == Scope::Grid && b.scope == Scope::Global && b.name == "quit")
            })
            .map(|b| b.at.clone())
            .max_by_key(|span| span.start),
        _ => None,
    }
}

/// A value from the file as an error message echoes it: recognisable, never whole pages.
fn echo(value: &str) -> std::borrow::Cow<'_, str> {
    excerpt(value, ECHO_CHARS)
}

/// Where `[keys.<screen>]` is, for an error about the screen as a whole.
fn keys_table_span(root: &Spanned<DeTable<'_>>, screen: &str) -> Option<std::ops::Range<usize>> {
    let keys = root.get_ref().get("keys")?;
    let DeValue::Table(screens) = keys.get_ref() else {
        return None;
    };
    let (name, _) = screens.iter().find(|(k, _)| k.get_ref() == screen)?;
    Some(name.span())
}

fn string<'a>(value: &'a Spanned<DeValue<'_>>, what: &str) -> Result<&'a str, String> {
    match value.get_ref() {
        DeValue::String(s) => Ok(s.as_ref()),
        _ => Err(format!("{what} takes a string in quotes")),
    }
}

fn table<'a, 'i>(value: &'a Spanned<DeValue<'i>>, what: &str) -> Result<&'a DeTable<'i>, String> {
    match value.get_ref() {
        DeValue::Table(t) => Ok(t),
        _ => Err(format!("{what} must be a table")),
    }
}

/// `["x", "Ctrl-R"]` as keys with where each is written, or where the first bad one is and why.
type KeyList = Vec<(Key, std::ops::Range<usize>)>;

fn key_list(value: &Spanned<DeValue<'_>>) -> Result<KeyList, (std::ops::Range<usize>, String)> {
    let DeValue::Array(items) = value.get_ref() else {
        return Err((
            value.span(),
            "keys are a list of strings, e.g. [\"x\", \"Ctrl-R\"] ([] unbinds)".into(),
        ));
    };
    items
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::String(s) => s
                .parse::<Key>()
                .map(|k| (k, item.span()))
                .map_err(|e| (item.span(), e.to_string())),
            _ => Err((
                item.span(),
                "a key is a string in quotes, e.g. \"x\"".into(),
            )),
        })
        .collect()
}

impl Config {
    /// The theme to draw with: the built-in for `base`, in its light form on a `light`
    /// terminal where it has one, with the file's colours on top.
    pub fn theme(&self, base: Base, light: bool) -> Theme {
        let mut theme = Theme::base(base, light);
        for (role, colors) in &self.colors {
            theme.set(role, *colors);
        }
        theme
    }

    /// The configuration in effect as TOML: every setting present, the ones left at their
    /// default commented out, so the output can be copied into the file and edited.
    pub fn to_toml(&self, path: Option<&Path>) -> String {
        let defaults = Config::default();
        let line = |is_default: bool, text: String| {
            if is_default {
                format!("# {text}\n")
            } else {
                format!("{text}\n")
            }
        };
        let mut out = String::from("# roadmap-tui configuration");
        if let Some(path) = path {
            out.push_str(&format!(
                " ({})",
                strip_controls(&path.display().to_string(), false)
            ));
        }
        out.push_str(
            "\n# Lines starting with \"# \" show a default; remove the \"# \" and edit to change it.\n\n",
        );
        out.push_str(
            "# Interface language, \"en\" or \"es\" (default: the one chosen with L, else LC_ALL / LANG)\n",
        );
        let locale = self.locale.map_or("en", Lang::code);
        out.push_str(&line(
            self.locale.is_none(),
            format!("locale = \"{locale}\""),
        ));
        out.push_str("# Clicks and the wheel (false leaves the mouse to the terminal)\n");
        out.push_str(&line(
            self.mouse == defaults.mouse,
            format!("mouse = {}", self.mouse),
        ));
        out.push_str(
            "# For a screen reader or a braille display: words for symbols, no box drawing, the\n\
             # focused cell told on the bottom line (as --screen-reader)\n",
        );
        out.push_str(&line(
            self.screen_reader == defaults.screen_reader,
            format!("screen_reader = {}", self.screen_reader),
        ));

        out.push_str(
            "\n[theme]\n# \"auto\" follows the terminal's background; \"dark\" or \"light\"; \
             \"high-contrast\" (no grey,\n# 7:1 and more) or \"colorblind\" (blue and orange), \
             each for the terminal's background\n",
        );
        out.push_str(&line(
            self.base == defaults.base,
            format!("base = \"{}\"", self.base.name()),
        ));
        out.push_str(
            "# Colours: a name (green, lightblue, darkgray…), a 256-colour index (\"208\") or\n\
             # \"#rrggbb\"; \"FG on BG\" sets a background too. Defaults are the dark theme's.\n",
        );
        for (role, what) in theme::ROLES {
            let set = self.colors.iter().rev().find(|(r, _)| r == role);
            let colors = set.map_or_else(
                || Colors::of(theme::DARK.role(role).unwrap_or_default()),
                |(_, c)| *c,
            );
            out.push_str(&format!("# {what}\n"));
            out.push_str(&line(set.is_none(), format!("{role} = \"{colors}\"")));
        }

        out.push_str(&tracks_toml(&self.tracks));
        out.push_str(
            "\n[cohort]\n# `roadmap-tui cohort` flags a learner with no activity for this many days\n",
        );
        out.push_str(&line(
            self.cohort.idle_days == defaults.cohort.idle_days,
            format!("idle_days = {}", self.cohort.idle_days),
        ));
        out.push_str("# … or with a cell in progress for more than this many days\n");
        out.push_str(&line(
            self.cohort.stuck_days == defaults.cohort.stuck_days,
            format!("stuck_days = {}", self.cohort.stuck_days),
        ));

        let default_keys = Keymap::default();
        for scope in Scope::ALL {
            out.push_str(&format!(
                "\n[keys.{}]\n# {}\n",
                scope.name(),
                scope.title().en
            ));
            let defaults = default_keys.bindings().iter().filter(|b| b.scope == scope);
            for (b, d) in self
                .keymap
                .bindings()
                .iter()
                .filter(|b| b.scope == scope)
                .zip(defaults)
            {
                let keys: Vec<String> = b
                    .keys
                    .iter()
                    .map(|k| {
                        format!(
                            "\"{}\"",
                            k.to_string().replace('\\', "\\\\").replace('"', "\\\"")
                        )
                    })
                    .collect();
                out.push_str(&line(
                    b.keys == d.keys,
                    format!("{} = [{}]  # {}", b.name(), keys.join(", "), b.help.en),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_defaults_read_back_as_the_defaults() {
        let text = Config::default().to_toml(None);
        let uncommented: String = text
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|l| l.contains(" = "))
                    .unwrap_or(l)
            })
            .map(|l| format!("{l}\n"))
            .collect();
        // The verify example is there to copy, and is no default.
        assert!(
            text.contains(
                "\n## [tracks.python]\n## verify = \"pytest tests/test_task_{task}.py\"\n"
            ),
            "{text}"
        );
        let back = parse(&uncommented, Path::new("c.toml")).expect(&uncommented);
        assert!(back.tracks.is_empty());
        assert_eq!(back.keymap, Keymap::default());
        assert_eq!(back.config_theme_dark(), theme::DARK);
    }

    impl Config {
        fn config_theme_dark(&self) -> Theme {
            self.theme(Base::Dark, false)
        }
    }

    #[test]
    fn a_changed_setting_is_printed_uncommented() {
        let c = parse(
            "mouse = false\n[theme]\ndone = \"208\"\n[keys.grid]\nundo = [\"U\"]\n",
            Path::new("c.toml"),
        )
        .unwrap();
        let text = c.to_toml(None);
        assert!(text.contains("\nmouse = false\n"), "{text}");
        assert!(text.contains("\ndone = \"208\"\n"), "{text}");
        assert!(text.contains("\nundo = [\"U\"]  # Undo\n"), "{text}");
        assert!(text.contains("\n# redo = [\"Ctrl-R\"]  # Redo\n"), "{text}");
        assert_eq!(parse(&text, Path::new("c.toml")).unwrap(), c);
    }
}
