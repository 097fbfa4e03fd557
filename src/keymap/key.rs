//! A key with its modifiers: parsed from and printed to the spelling the help and the config
//! file use (`Space`, `Ctrl-R`, `S-Tab`, `PgDn`).

use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::model::text::{ECHO_CHARS, excerpt};

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

pub(super) const fn plain(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

pub(super) const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

pub(super) const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

impl Key {
    /// The key as the event reports it, with Shift folded into the character it produced.
    pub fn from_event(event: KeyEvent) -> Key {
        let mut mods =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match event.code {
            // Terminals report Ctrl-R as 'r' with CONTROL; some report 'R'.
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        Key { code, mods }
    }

    /// Whether the key types a character in a text field (no Ctrl or Alt).
    pub fn is_printable(self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    /// How the key is written in hints, help and the config file.
    pub fn label(self) -> String {
        self.to_string()
    }
}

/// Key names other than single characters, as written (first) and as also accepted.
const NAMED: &[(KeyCode, &str, &[&str])] = &[
    (KeyCode::Char(' '), "Space", &[]),
    (KeyCode::Up, "↑", &["Up"]),
    (KeyCode::Down, "↓", &["Down"]),
    (KeyCode::Left, "←", &["Left"]),
    (KeyCode::Right, "→", &["Right"]),
    (KeyCode::PageUp, "PgUp", &["PageUp"]),
    (KeyCode::PageDown, "PgDn", &["PageDown"]),
    (KeyCode::Home, "Home", &[]),
    (KeyCode::End, "End", &[]),
    (KeyCode::Enter, "Enter", &["Return"]),
    (KeyCode::Esc, "Esc", &["Escape"]),
    (KeyCode::Tab, "Tab", &[]),
    (KeyCode::BackTab, "S-Tab", &["BackTab"]),
    (KeyCode::Backspace, "Bksp", &["Backspace"]),
    (KeyCode::Delete, "Del", &["Delete"]),
    (KeyCode::Insert, "Ins", &["Insert"]),
];

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base = match self.code {
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(c) if c != ' ' => {
                if self.mods.contains(KeyModifiers::CONTROL) {
                    c.to_uppercase().to_string()
                } else {
                    c.to_string()
                }
            }
            code => match NAMED.iter().find(|(k, _, _)| *k == code) {
                Some((_, name, _)) => (*name).to_owned(),
                None => format!("{code:?}"),
            },
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("S-")?;
        }
        f.write_str(&base)
    }
}

/// A key name that is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError(pub String);

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown key \"{}\": write one character (x, G, ?), Space, Enter, Esc, Tab, S-Tab, \
             Bksp, Del, Ins, ↑ ↓ ← → (or Up Down Left Right), PgUp, PgDn, Home, End or F1–F12, \
             with Ctrl-, Alt- or S- in front for a modifier",
            excerpt(&self.0, ECHO_CHARS)
        )
    }
}

impl FromStr for Key {
    type Err = KeyError;

    fn from_str(s: &str) -> Result<Key, KeyError> {
        let err = || KeyError(s.to_owned());
        let mut rest = s;
        let mut mods = KeyModifiers::NONE;
        'prefixes: loop {
            for (prefixes, m) in [
                (&["Ctrl-", "C-"][..], KeyModifiers::CONTROL),
                (&["Alt-", "A-", "M-"][..], KeyModifiers::ALT),
                (&["Shift-", "S-"][..], KeyModifiers::SHIFT),
            ] {
                for p in prefixes {
                    let matched = rest.len() > p.len()
                        && rest.is_char_boundary(p.len())
                        && rest[..p.len()].eq_ignore_ascii_case(p);
                    if matched {
                        mods |= m;
                        rest = &rest[p.len()..];
                        continue 'prefixes;
                    }
                }
            }
            break;
        }
        let named = NAMED.iter().find(|(_, name, also)| {
            name.eq_ignore_ascii_case(rest) || also.iter().any(|a| a.eq_ignore_ascii_case(rest))
        });
        let mut code = if let Some((code, _, _)) = named {
            *code
        } else if let Some(n) = rest
            .strip_prefix(['F', 'f'])
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=24).contains(n))
        {
            KeyCode::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() => KeyCode::Char(c),
                _ => return Err(err()),
            }
        };
        // Shift with a character is the character it types; Shift-Tab is S-Tab.
        if mods.contains(KeyModifiers::SHIFT) {
            match code {
                KeyCode::Char(c) if c != ' ' => {
                    code = KeyCode::Char(c.to_uppercase().next().unwrap_or(c));
                    mods.remove(KeyModifiers::SHIFT);
                }
                KeyCode::Tab | KeyCode::BackTab => {
                    code = KeyCode::BackTab;
                    mods.remove(KeyModifiers::SHIFT);
                }
                _ => {}
            }
        }
        if let KeyCode::Char(c) = code
            && mods.contains(KeyModifiers::CONTROL)
        {
            code = KeyCode::Char(c.to_ascii_lowercase());
        }
        Ok(Key { code, mods })
    }
}
