//! What is wrong with a keymap once a user's bindings are applied, in words for people.

use std::fmt;

use super::{Binding, Key, Keymap, Scope};
use crate::model::text::{ECHO_CHARS, excerpt};

/// What is wrong with a keymap once a user's bindings are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeymapError {
    /// No such screen.
    UnknownScope(String),
    /// The screen has no such action.
    UnknownAction { scope: Scope, name: String },
    /// One key does two things on one screen.
    Conflict {
        scope: Scope,
        key: Key,
        first: &'static str,
        second: &'static str,
        /// The second action is on every screen.
        global: bool,
    },
    /// A printable key bound where printable keys type text.
    Printable { scope: Scope, key: Key },
    /// A screen left with no key that leaves it.
    NoWayOut(Scope),
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeymapError::UnknownScope(name) => {
                let names: Vec<&str> = Scope::ALL.iter().map(|s| s.name()).collect();
                write!(
                    f,
                    "unknown screen [keys.{}]; the screens are: {}",
                    excerpt(name, ECHO_CHARS),
                    names.join(", ")
                )
            }
            KeymapError::UnknownAction { scope, name } => {
                let names: Vec<&str> = Keymap::default()
                    .bindings
                    .iter()
                    .filter(|b| b.scope == *scope)
                    .map(Binding::name)
                    .collect();
                write!(
                    f,
                    "unknown action \"{}\" in [keys.{}]; its actions are: {}",
                    excerpt(name, ECHO_CHARS),
                    scope.name(),
                    names.join(", ")
                )
            }
            KeymapError::Conflict {
                scope,
                key,
                first,
                second,
                global,
            } => {
                let where_ = if *global {
                    format!("[keys.{}] and [keys.global]", scope.name())
                } else {
                    format!("[keys.{}]", scope.name())
                };
                write!(
                    f,
                    "the key \"{key}\" is bound to both {first} and {second} in {where_}; \
                     unbind one (e.g. {first} = [])"
                )
            }
            KeymapError::Printable { scope, key } => write!(
                f,
                "the key \"{key}\" cannot be bound in [keys.{}]: there printable keys type text; \
                 use Enter, Esc, F-keys or Ctrl- keys",
                scope.name()
            ),
            KeymapError::NoWayOut(Scope::Grid) => write!(
                f,
                "[keys.grid] leaves no key to quit; keep one for quit there or in [keys.global]"
            ),
            KeymapError::NoWayOut(scope) => write!(
                f,
                "[keys.{}] leaves no key to close it or quit; keep one for close or quit there",
                scope.name()
            ),
        }
    }
}

impl std::error::Error for KeymapError {}
