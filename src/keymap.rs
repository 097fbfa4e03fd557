//! The one table of key bindings. Dispatch, the hint bar and the help overlay all read it, so
//! what the help says is what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::{Action, App, Mode};
use crate::i18n::Msg;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every screen.
    Global,
    Grid,
    Overview,
}

impl Scope {
    pub fn of(app: &App) -> Scope {
        match app.mode {
            Mode::Grid => Scope::Grid,
            Mode::Overview { .. } => Scope::Overview,
        }
    }

    pub fn title(self) -> Msg {
        match self {
            Scope::Global => Msg::new("Everywhere", "En todas partes"),
            Scope::Grid => Msg::new("Grid", "Cuadrícula"),
            Scope::Overview => Msg::new("Overview", "Resumen"),
        }
    }
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn plain(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
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
        Key {
            code: event.code,
            mods,
        }
    }

    /// How the key is written in hints and help.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

/// One binding: in `scope`, any of `keys` does `action`.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: Msg,
    /// The short word for the hint bar, for the bindings worth a place there.
    pub hint: Option<Msg>,
}

const fn bind(scope: Scope, keys: &'static [Key], action: Action, help: Msg) -> Binding {
    Binding {
        scope,
        keys,
        action,
        help,
        hint: None,
    }
}

const fn hinted(b: Binding, hint: Msg) -> Binding {
    Binding {
        hint: Some(hint),
        ..b
    }
}

use Scope::{Global, Grid, Overview};

const JUMP: Msg = Msg::new("Jump to level 1–6", "Ir al nivel 1–6");

/// Every binding, in the order help lists them.
pub const BINDINGS: &[Binding] = &[
    bind(
        Global,
        &[ctrl('c')],
        Action::Quit,
        Msg::new("Quit", "Salir"),
    ),
    hinted(
        bind(
            Grid,
            &[plain(KeyCode::Up), ch('k')],
            Action::Up,
            Msg::new("Move up", "Subir"),
        ),
        Msg::new("move", "mover"),
    ),
    bind(
        Grid,
        &[plain(KeyCode::Down), ch('j')],
        Action::Down,
        Msg::new("Move down", "Bajar"),
    ),
    bind(
        Grid,
        &[plain(KeyCode::Left), ch('h')],
        Action::Left,
        Msg::new("Previous language", "Lenguaje anterior"),
    ),
    bind(
        Grid,
        &[plain(KeyCode::Right), ch('l')],
        Action::Right,
        Msg::new("Next language", "Lenguaje siguiente"),
    ),
    bind(
        Grid,
        &[plain(KeyCode::PageUp)],
        Action::PageUp,
        Msg::new("Page up", "Página arriba"),
    ),
    bind(
        Grid,
        &[plain(KeyCode::PageDown)],
        Action::PageDown,
        Msg::new("Page down", "Página abajo"),
    ),
    bind(
        Grid,
        &[plain(KeyCode::Home), ch('g')],
        Action::First,
        Msg::new("First task", "Primera tarea"),
    ),
    bind(
        Grid,
        &[plain(KeyCode::End), ch('G')],
        Action::Last,
        Msg::new("Last task", "Última tarea"),
    ),
    hinted(
        bind(
            Grid,
            &[plain(KeyCode::Tab)],
            Action::NextLevel,
            Msg::new("Next level", "Nivel siguiente"),
        ),
        Msg::new("level", "nivel"),
    ),
    bind(
        Grid,
        &[plain(KeyCode::BackTab)],
        Action::PrevLevel,
        Msg::new("Previous level", "Nivel anterior"),
    ),
    bind(Grid, &[ch('1')], Action::JumpLevel(0), JUMP),
    bind(Grid, &[ch('2')], Action::JumpLevel(1), JUMP),
    bind(Grid, &[ch('3')], Action::JumpLevel(2), JUMP),
    bind(Grid, &[ch('4')], Action::JumpLevel(3), JUMP),
    bind(Grid, &[ch('5')], Action::JumpLevel(4), JUMP),
    bind(Grid, &[ch('6')], Action::JumpLevel(5), JUMP),
    hinted(
        bind(
            Grid,
            &[ch(' ')],
            Action::ToggleDone,
            Msg::new("Check / uncheck the cell", "Marcar / desmarcar la celda"),
        ),
        Msg::new("check", "marcar"),
    ),
    hinted(
        bind(
            Grid,
            &[plain(KeyCode::Enter)],
            Action::ToggleDetail,
            Msg::new(
                "Show / hide the detail pane",
                "Mostrar / ocultar el detalle",
            ),
        ),
        Msg::new("detail", "detalle"),
    ),
    hinted(
        bind(
            Grid,
            &[ch('o')],
            Action::OpenOverview,
            Msg::new(
                "Overview of levels × languages",
                "Resumen de niveles × lenguajes",
            ),
        ),
        Msg::new("overview", "resumen"),
    ),
    bind(
        Grid,
        &[plain(KeyCode::Esc)],
        Action::Close,
        Msg::new("Close the pane or message", "Cerrar el panel o el mensaje"),
    ),
    hinted(
        bind(Grid, &[ch('q')], Action::Quit, Msg::new("Quit", "Salir")),
        Msg::new("quit", "salir"),
    ),
    hinted(
        bind(
            Overview,
            &[plain(KeyCode::Up), ch('k')],
            Action::Up,
            Msg::new("Previous level", "Nivel anterior"),
        ),
        Msg::new("move", "mover"),
    ),
    bind(
        Overview,
        &[plain(KeyCode::Down), ch('j')],
        Action::Down,
        Msg::new("Next level", "Nivel siguiente"),
    ),
    bind(
        Overview,
        &[plain(KeyCode::Left), ch('h')],
        Action::Left,
        Msg::new("Previous language", "Lenguaje anterior"),
    ),
    bind(
        Overview,
        &[plain(KeyCode::Right), ch('l')],
        Action::Right,
        Msg::new("Next language", "Lenguaje siguiente"),
    ),
    hinted(
        bind(
            Overview,
            &[plain(KeyCode::Enter), ch(' ')],
            Action::Choose,
            Msg::new(
                "Go to this level and language",
                "Ir a este nivel y lenguaje",
            ),
        ),
        Msg::new("go there", "ir"),
    ),
    hinted(
        bind(
            Overview,
            &[plain(KeyCode::Esc), ch('o')],
            Action::Close,
            Msg::new("Back to the grid", "Volver a la cuadrícula"),
        ),
        Msg::new("back", "volver"),
    ),
    hinted(
        bind(
            Overview,
            &[ch('q')],
            Action::Quit,
            Msg::new("Quit", "Salir"),
        ),
        Msg::new("quit", "salir"),
    ),
];

/// The action a key does in `scope`, looking at the scope's own bindings before global ones.
pub fn action_for(scope: Scope, event: KeyEvent) -> Option<Action> {
    let key = Key::from_event(event);
    [scope, Scope::Global].into_iter().find_map(|s| {
        BINDINGS
            .iter()
            .find(|b| b.scope == s && b.keys.contains(&key))
            .map(|b| b.action)
    })
}

/// The bindings that apply in `scope`, its own first.
pub fn bindings_in(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.scope == scope).chain(
        BINDINGS
            .iter()
            .filter(move |b| b.scope == Scope::Global && scope != Scope::Global),
    )
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

/// The hint bar's entries for `scope`: (keys, word). Bindings that share their hint word (the
/// four arrows, say) are merged into one entry.
pub fn hints(scope: Scope) -> Vec<(String, Msg)> {
    let mut out: Vec<(String, Msg)> = Vec::new();
    for b in bindings_in(scope) {
        if let Some(hint) = b.hint {
            let label = match b.action {
                Action::Up if scope == Scope::Grid || scope == Scope::Overview => "←↑↓→".to_owned(),
                _ => b.keys[0].label(),
            };
            out.push((label, hint));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn no_key_is_bound_twice_in_a_scope() {
        let mut seen = HashSet::new();
        for b in BINDINGS {
            for k in b.keys {
                assert!(
                    seen.insert((b.scope, *k)),
                    "{:?} bound twice in {:?}",
                    k,
                    b.scope
                );
            }
        }
    }

    #[test]
    fn global_keys_are_not_shadowed() {
        for g in BINDINGS.iter().filter(|b| b.scope == Scope::Global) {
            for b in BINDINGS.iter().filter(|b| b.scope != Scope::Global) {
                for k in g.keys {
                    assert!(!b.keys.contains(k), "{} shadows a global key", k.label());
                }
            }
        }
    }

    #[test]
    fn every_scope_has_a_way_out() {
        for scope in [Scope::Grid, Scope::Overview] {
            let outs: Vec<Action> = bindings_in(scope).map(|b| b.action).collect();
            assert!(outs.contains(&Action::Quit), "{scope:?} cannot quit");
        }
        assert!(bindings_in(Scope::Overview).any(|b| b.action == Action::Close));
        // Esc never quits.
        for scope in [Scope::Grid, Scope::Overview] {
            let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
            assert_ne!(action_for(scope, esc), Some(Action::Quit));
        }
    }

    #[test]
    fn shift_is_folded_into_characters() {
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Scope::Grid, g), Some(Action::Last));
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(action_for(Scope::Grid, backtab), Some(Action::PrevLevel));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(Scope::Overview, ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn every_binding_has_help_in_both_languages() {
        for b in BINDINGS {
            assert!(
                !b.help.en.is_empty() && !b.help.es.is_empty(),
                "{:?}",
                b.action
            );
            assert!(!b.keys.is_empty(), "{:?} has no key", b.action);
        }
    }
}
