//! Key bindings as data: which keys do which action on which screen. Dispatch, the hint bar, the
//! help overlay and the README's key tables all read a `Keymap`, so what the help says is what
//! the keys do. The defaults are a table; a user's config patches it (see `config`).
//!
//! The keymap knows keys, screens (scopes) and actions, nothing of the app's state: the edge that
//! owns both (`ui::scope`) says which scope the app is in.

use ratatui::crossterm::event::KeyEvent;

use crate::app::Action;

mod defaults;
mod error;
mod help;
mod key;
mod scope;

pub use defaults::Binding;
use defaults::DEFAULTS;
pub use error::KeymapError;
pub use help::{HelpLine, keys_label, markdown_tables};
pub use key::{Key, KeyError};
#[cfg(test)]
use key::{ch, ctrl, plain};
pub use scope::{Scope, action_name};

/// The key bindings in effect: the defaults, patched by the user's config.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: DEFAULTS
                .iter()
                .map(|d| Binding {
                    scope: d.scope,
                    keys: d.keys.to_vec(),
                    action: d.action.clone(),
                    help: d.help,
                    hint: d.hint,
                })
                .collect(),
        }
    }
}

impl Keymap {
    /// Every binding, in the order help lists them.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Replaces the keys of the action named `name` in `scope` (an empty list unbinds it).
    /// Checks only the names; `validate` checks the whole once every change is made.
    pub fn set_keys(
        &mut self,
        scope: Scope,
        name: &str,
        keys: Vec<Key>,
    ) -> Result<(), KeymapError> {
        let binding = self
            .bindings
            .iter_mut()
            .find(|b| b.scope == scope && b.name() == name)
            .ok_or_else(|| KeymapError::UnknownAction {
                scope,
                name: name.to_owned(),
            })?;
        if scope.is_text()
            && let Some(key) = keys.iter().find(|k| k.is_printable())
        {
            return Err(KeymapError::Printable { scope, key: *key });
        }
        binding.keys = keys;
        Ok(())
    }

    /// Checks that no key does two things on a screen and that every screen can be left.
    pub fn validate(&self) -> Result<(), KeymapError> {
        for scope in Scope::ALL {
            let mut seen: Vec<(Key, &Binding)> = Vec::new();
            let own = self.bindings.iter().filter(|b| b.scope == scope);
            let global = self
                .bindings
                .iter()
                .filter(|b| b.scope == Scope::Global && scope != Scope::Global);
            for b in own.chain(global) {
                for key in &b.keys {
                    if let Some((_, first)) = seen.iter().find(|(k, _)| k == key) {
                        return Err(KeymapError::Conflict {
                            scope,
                            key: *key,
                            first: first.name(),
                            second: b.name(),
                            global: b.scope != first.scope,
                        });
                    }
                    seen.push((*key, b));
                }
            }
            if !self.can_leave(scope) {
                return Err(KeymapError::NoWayOut(scope));
            }
        }
        Ok(())
    }

    /// Whether `scope` keeps a key that leaves it. The grid is left only by quitting, with its
    /// own key or one on every screen; any other screen needs a key of its own to close it or
    /// quit: one that can only be left by quitting from elsewhere (Ctrl-C) traps the user.
    fn can_leave(&self, scope: Scope) -> bool {
        let keyed = |b: &&Binding| !b.keys.is_empty();
        match scope {
            Scope::Global => true,
            Scope::Grid => self
                .bindings_in(scope)
                .filter(keyed)
                .any(|b| b.action == Action::Quit),
            _ => self
                .bindings
                .iter()
                .filter(|b| b.scope == scope)
                .filter(keyed)
                .any(|b| matches!(b.action, Action::Close | Action::Quit)),
        }
    }

    /// The action a key does in `scope`, looking at the scope's own bindings before global ones.
    /// In a text field, printable keys type; only the others are looked up.
    pub fn action_for(&self, scope: Scope, event: KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        let bound = || {
            [scope, Scope::Global].into_iter().find_map(|s| {
                self.bindings
                    .iter()
                    .find(|b| b.scope == s && b.keys.contains(&key))
                    .map(|b| b.action.clone())
            })
        };
        if scope.is_text() {
            let command = !key.is_printable();
            return command.then(bound).flatten().or(Some(Action::Input(event)));
        }
        bound()
    }

    /// The bindings that apply in `scope`, its own first.
    pub fn bindings_in(&self, scope: Scope) -> impl Iterator<Item = &Binding> {
        let global = self
            .bindings
            .iter()
            .filter(move |b| b.scope == Scope::Global && scope != Scope::Global);
        self.bindings
            .iter()
            .filter(move |b| b.scope == scope)
            .chain(global)
    }

    /// The first key of `action` in `scope` (or everywhere), written for people.
    pub fn key_for(&self, scope: Scope, action: &Action) -> Option<String> {
        self.bindings_in(scope)
            .filter(|b| b.action == *action)
            .find_map(|b| b.keys.first())
            .map(|k| k.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    use std::collections::HashSet;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn the_defaults_are_valid() {
        Keymap::default().validate().expect("valid defaults");
    }

    #[test]
    fn every_binding_has_a_unique_name_in_its_scope() {
        let mut seen = HashSet::new();
        for b in Keymap::default().bindings() {
            assert!(!b.name().is_empty(), "{:?} has no name", b.action);
            assert!(seen.insert((b.scope, b.name())), "{} twice", b.name());
        }
    }

    #[test]
    fn keys_print_as_they_parse() {
        for b in Keymap::default().bindings() {
            for k in &b.keys {
                let label = k.to_string();
                assert_eq!(label.parse::<Key>(), Ok(*k), "{label}");
            }
        }
        for (text, want) in [
            ("Up", plain(KeyCode::Up)),
            ("pgdn", plain(KeyCode::PageDown)),
            ("Ctrl-r", ctrl('r')),
            ("C-R", ctrl('r')),
            ("S-Tab", plain(KeyCode::BackTab)),
            ("Shift-g", ch('G')),
            ("F12", plain(KeyCode::F(12))),
            ("x", ch('x')),
            ("-", ch('-')),
            ("S", ch('S')),
        ] {
            assert_eq!(text.parse::<Key>(), Ok(want), "{text}");
        }
        for bad in ["", "Foo", "F0", "Ctrl-", "ab"] {
            assert!(bad.parse::<Key>().is_err(), "{bad:?}");
        }
        assert_eq!(ctrl('r').to_string(), "Ctrl-R");
        assert_eq!(
            Key {
                code: KeyCode::Up,
                mods: KeyModifiers::SHIFT
            }
            .to_string(),
            "S-↑"
        );
    }

    #[test]
    fn every_scope_has_a_way_out() {
        let keymap = Keymap::default();
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        for scope in Scope::ALL.into_iter().filter(|s| *s != Scope::Global) {
            let actions: Vec<Action> = keymap
                .bindings_in(scope)
                .map(|b| b.action.clone())
                .collect();
            assert!(actions.contains(&Action::Quit), "{scope:?} cannot quit");
            // Esc closes what is open and never quits.
            assert_eq!(
                keymap.action_for(scope, esc),
                Some(Action::Close),
                "{scope:?}"
            );
        }
    }

    #[test]
    fn a_screen_left_only_by_a_key_of_another_is_refused() {
        let unbound = |changes: &[(Scope, &str)]| {
            let mut keymap = Keymap::default();
            for (scope, name) in changes {
                keymap.set_keys(*scope, name, Vec::new()).unwrap();
            }
            keymap.validate()
        };
        // Ctrl-C still quits, but nothing closes the help.
        assert_eq!(
            unbound(&[(Scope::Help, "close"), (Scope::Help, "quit")]),
            Err(KeymapError::NoWayOut(Scope::Help))
        );
        assert_eq!(unbound(&[(Scope::Help, "close")]), Ok(()));
        assert_eq!(unbound(&[(Scope::Grid, "quit")]), Ok(()));
        // Esc only closes panes: the grid needs a key that quits.
        assert_eq!(
            unbound(&[(Scope::Grid, "quit"), (Scope::Global, "quit")]),
            Err(KeymapError::NoWayOut(Scope::Grid))
        );
        assert_eq!(
            unbound(&[(Scope::Search, "close")]),
            Err(KeymapError::NoWayOut(Scope::Search))
        );
    }

    #[test]
    fn the_key_for_an_action_is_one_still_bound() {
        let mut keymap = Keymap::default();
        assert_eq!(keymap.key_for(Scope::Help, &Action::Quit), Some("q".into()));
        keymap.set_keys(Scope::Help, "quit", Vec::new()).unwrap();
        assert_eq!(
            keymap.key_for(Scope::Help, &Action::Quit),
            Some("Ctrl-C".into())
        );
        keymap.set_keys(Scope::Global, "quit", Vec::new()).unwrap();
        assert_eq!(keymap.key_for(Scope::Help, &Action::Quit), None);
    }

    #[test]
    fn shift_is_folded_into_characters() {
        let keymap = Keymap::default();
        let g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(keymap.action_for(Scope::Grid, g), Some(Action::Last));
        let backtab = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            keymap.action_for(Scope::Grid, backtab),
            Some(Action::PrevLevel)
        );
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for scope in Scope::ALL {
            assert_eq!(
                keymap.action_for(scope, ctrl_c),
                Some(Action::Quit),
                "{scope:?}"
            );
        }
    }

    #[test]
    fn text_fields_type_printable_keys_and_take_commands() {
        let keymap = Keymap::default();
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(keymap.action_for(Scope::Search, q), Some(Action::Input(q)));
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            keymap.action_for(Scope::EditNote, enter),
            Some(Action::Input(enter))
        );
        assert_eq!(
            keymap.action_for(Scope::Search, enter),
            Some(Action::Confirm)
        );
        let save = press(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(
            keymap.action_for(Scope::EditNote, save),
            Some(Action::Confirm)
        );
    }

    #[test]
    fn a_remapped_key_acts_and_shows() {
        let mut keymap = Keymap::default();
        keymap
            .set_keys(Scope::Grid, "toggle_done", vec![ch('x')])
            .unwrap();
        keymap.validate().unwrap();
        let x = press(KeyCode::Char('x'), KeyModifiers::NONE);
        let space = press(KeyCode::Char(' '), KeyModifiers::NONE);
        assert_eq!(keymap.action_for(Scope::Grid, x), Some(Action::ToggleDone));
        assert_eq!(keymap.action_for(Scope::Grid, space), None);
        assert_eq!(keymap.hints(Scope::Grid)[0].0, "x");
        keymap.set_keys(Scope::Grid, "quit", vec![ch('x')]).unwrap();
        assert!(matches!(
            keymap.validate(),
            Err(KeymapError::Conflict { .. })
        ));
    }

    #[test]
    fn every_binding_has_help_in_both_languages() {
        for b in Keymap::default().bindings() {
            assert!(
                !b.help.en.is_empty() && !b.help.es.is_empty(),
                "{:?}",
                b.action
            );
            assert!(!b.keys.is_empty(), "{:?} has no key", b.action);
        }
    }

    #[test]
    fn help_lists_every_binding_and_nothing_unbound() {
        let keymap = Keymap::default();
        let lines = keymap.help_lines();
        for b in keymap.bindings() {
            let label = keys_label(b);
            let listed = lines.iter().any(|l| {
                matches!(l, HelpLine::Keys { keys, help } if keys.contains(&label) && *help == b.help)
            });
            assert!(listed, "{label} ({:?}) missing from help", b.action);
        }
        // Every help line's keys, pressed in its scope, do what the line says.
        let mut scope = Scope::Global;
        for line in &lines {
            match line {
                HelpLine::Section(s) => scope = *s,
                HelpLine::Keys { keys, help } => {
                    let bound: Vec<&Binding> = keymap
                        .bindings()
                        .iter()
                        .filter(|b| b.scope == scope && b.help == *help)
                        .collect();
                    assert!(
                        !bound.is_empty(),
                        "help line {keys} {:?} is bound to nothing",
                        help.en
                    );
                    for b in bound {
                        for k in &b.keys {
                            let event = press(k.code, k.mods);
                            assert_eq!(
                                keymap.action_for(scope, event),
                                Some(b.action.clone()),
                                "{}",
                                k.label()
                            );
                        }
                    }
                }
            }
        }
    }
}
