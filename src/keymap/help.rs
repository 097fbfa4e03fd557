//! The keymap shown to people: the hint bar's entries, the help overlay's lines and the README's
//! key tables, all read from the bindings in effect.

use super::defaults::{Binding, HINT_ORDER};
use super::{Keymap, Scope};
use crate::app::Action;
use crate::i18n::Msg;

/// One line of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A scope's heading.
    Section(Scope),
    /// Keys and what they do; bindings with the same help (1–6) share a line.
    Keys { keys: String, help: Msg },
}

impl Keymap {
    /// The hint bar's entries for `scope`: (keys, word), most important first (the grid's
    /// main actions, then table order), help and quit last. A binding with no key left has no
    /// hint.
    pub fn hints(&self, scope: Scope) -> Vec<(String, Msg)> {
        let mut bindings: Vec<(usize, &Binding)> = self.bindings_in(scope).enumerate().collect();
        bindings.sort_by_key(|(i, b)| {
            let rank = HINT_ORDER.iter().position(|a| *a == b.action);
            rank.unwrap_or(HINT_ORDER.len() + i)
        });
        bindings
            .into_iter()
            .map(|(_, b)| b)
            .filter_map(|b| {
                let hint = b.hint?;
                let first = b.keys.first()?.label();
                let label = if b.action == Action::Up {
                    self.arrows(scope).unwrap_or(first)
                } else {
                    first
                };
                Some((label, hint))
            })
            .collect()
    }

    /// "←↑↓→" from the first keys of the moves in `scope`, when each is one character.
    fn arrows(&self, scope: Scope) -> Option<String> {
        let mut out = String::new();
        for action in [Action::Left, Action::Up, Action::Down, Action::Right] {
            if let Some(label) = self.key_for(scope, &action) {
                if label.chars().count() != 1 {
                    return None;
                }
                out.push_str(&label);
            }
        }
        Some(out)
    }

    /// The help overlay's lines: every screen's bindings that have keys.
    pub fn help_lines(&self) -> Vec<HelpLine> {
        let mut lines = Vec::new();
        for scope in Scope::ALL {
            lines.push(HelpLine::Section(scope));
            for b in self
                .bindings
                .iter()
                .filter(|b| b.scope == scope && !b.keys.is_empty())
            {
                let keys = keys_label(b);
                match lines.last_mut() {
                    Some(HelpLine::Keys { keys: k, help }) if *help == b.help => {
                        k.push(' ');
                        k.push_str(&keys);
                    }
                    _ => lines.push(HelpLine::Keys { keys, help: b.help }),
                }
            }
        }
        lines
    }

    /// How many lines the help overlay has.
    pub fn help_line_count(&self) -> usize {
        self.help_lines().len()
    }

    /// The key tables of the README, generated from the bindings (a test keeps them in step).
    pub fn markdown_tables(&self) -> String {
        let mut out = String::new();
        let mut scope = Scope::Global;
        for line in self.help_lines() {
            match line {
                HelpLine::Section(s) => {
                    scope = s;
                    out.push_str(&format!(
                        "\n**{}** (`[keys.{}]`)\n\n| Keys | Action | Does |\n|---|---|---|\n",
                        scope.title().en,
                        scope.name()
                    ));
                }
                HelpLine::Keys { keys, help } => {
                    let keys = keys.replace('|', "\\|");
                    let names: Vec<String> = self
                        .bindings
                        .iter()
                        .filter(|b| b.scope == scope && b.help == help && !b.keys.is_empty())
                        .map(|b| format!("`{}`", b.name()))
                        .collect();
                    out.push_str(&format!(
                        "| `{keys}` | {} | {} |\n",
                        names.join(" "),
                        help.en
                    ));
                }
            }
        }
        out
    }
}

/// The keys of a binding, written for people: "↑/k".
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("/")
}

/// The README's key tables: the default keymap's.
pub fn markdown_tables() -> String {
    Keymap::default().markdown_tables()
}
