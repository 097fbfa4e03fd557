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
    Help,
    Search,
    EditNote,
}

impl Scope {
    pub const ALL: [Scope; 6] = [
        Scope::Grid,
        Scope::Overview,
        Scope::Search,
        Scope::EditNote,
        Scope::Help,
        Scope::Global,
    ];

    pub fn of(app: &App) -> Scope {
        match app.mode {
            Mode::Grid => Scope::Grid,
            Mode::Overview { .. } => Scope::Overview,
            Mode::Help { .. } => Scope::Help,
            Mode::Search { .. } => Scope::Search,
            Mode::EditNote { .. } => Scope::EditNote,
        }
    }

    /// Whether printable keys type text here rather than act.
    pub fn is_text(self) -> bool {
        matches!(self, Scope::Search | Scope::EditNote)
    }

    pub fn title(self) -> Msg {
        match self {
            Scope::Global => Msg::new("Everywhere", "En todas partes"),
            Scope::Grid => Msg::new("Grid", "Cuadrícula"),
            Scope::Overview => Msg::new("Overview", "Resumen"),
            Scope::Help => Msg::new("This help", "Esta ayuda"),
            Scope::Search => Msg::new("Search (type to search)", "Búsqueda (escribe para buscar)"),
            Scope::EditNote => Msg::new(
                "Note editor (type the note; Enter adds a line)",
                "Editor de notas (escribe la nota; Enter añade una línea)",
            ),
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
#[derive(Debug, Clone)]
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

const fn hinted(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    help: Msg,
    hint: Msg,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        help,
        hint: Some(hint),
    }
}

use Scope::{EditNote, Global, Grid, Help, Overview, Search};

const JUMP: Msg = Msg::new("Jump to level 1–6", "Ir al nivel 1–6");
const QUIT: Msg = Msg::new("Quit", "Salir");
const QUIT_HINT: Msg = Msg::new("quit", "salir");
const HELP: Msg = Msg::new("All keys", "Todas las teclas");
const HELP_HINT: Msg = Msg::new("help", "ayuda");
const MOVE_HINT: Msg = Msg::new("move", "mover");

/// Every binding, in the order help lists them.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(Global, &[ctrl('c')], Action::Quit, QUIT),

    bind(Grid, &[plain(KeyCode::Up), ch('k')], Action::Up, Msg::new("Move up", "Subir")),
    bind(Grid, &[plain(KeyCode::Down), ch('j')], Action::Down, Msg::new("Move down", "Bajar")),
    bind(Grid, &[plain(KeyCode::Left), ch('h')], Action::Left, Msg::new("Previous language", "Lenguaje anterior")),
    bind(Grid, &[plain(KeyCode::Right), ch('l')], Action::Right, Msg::new("Next language", "Lenguaje siguiente")),
    bind(Grid, &[plain(KeyCode::PageUp)], Action::PageUp, Msg::new("Page up", "Página arriba")),
    bind(Grid, &[plain(KeyCode::PageDown)], Action::PageDown, Msg::new("Page down", "Página abajo")),
    bind(Grid, &[plain(KeyCode::Home), ch('g')], Action::First, Msg::new("First task", "Primera tarea")),
    bind(Grid, &[plain(KeyCode::End), ch('G')], Action::Last, Msg::new("Last task", "Última tarea")),
    bind(Grid, &[plain(KeyCode::Tab)], Action::NextLevel, Msg::new("Next level", "Nivel siguiente")),
    bind(Grid, &[plain(KeyCode::BackTab)], Action::PrevLevel, Msg::new("Previous level", "Nivel anterior")),
    bind(Grid, &[ch('1')], Action::JumpLevel(0), JUMP),
    bind(Grid, &[ch('2')], Action::JumpLevel(1), JUMP),
    bind(Grid, &[ch('3')], Action::JumpLevel(2), JUMP),
    bind(Grid, &[ch('4')], Action::JumpLevel(3), JUMP),
    bind(Grid, &[ch('5')], Action::JumpLevel(4), JUMP),
    bind(Grid, &[ch('6')], Action::JumpLevel(5), JUMP),
    hinted(Grid, &[ch(' ')], Action::ToggleDone, Msg::new("Check / uncheck the cell", "Marcar / desmarcar la celda"), Msg::new("check", "marcar")),
    hinted(Grid, &[ch('i')], Action::ToggleInProgress, Msg::new("Mark the cell in progress / todo", "Marcar la celda en curso / pendiente"), Msg::new("doing", "en curso")),
    hinted(Grid, &[ch('e')], Action::EditNote, Msg::new("Edit the cell's note", "Editar la nota de la celda"), Msg::new("note", "nota")),
    hinted(Grid, &[ch('/')], Action::OpenSearch, Msg::new("Search task text", "Buscar en las tareas"), Msg::new("search", "buscar")),
    bind(Grid, &[ch('n')], Action::SearchNext, Msg::new("Next match", "Siguiente coincidencia")),
    bind(Grid, &[ch('N')], Action::SearchPrev, Msg::new("Previous match", "Coincidencia anterior")),
    hinted(Grid, &[ch('f')], Action::CycleFilter, Msg::new("Filter: all / not done here / done elsewhere but not here", "Filtro: todas / sin hacer aquí / hechas en otro pero no aquí"), Msg::new("filter", "filtro")),
    hinted(Grid, &[ch('w')], Action::NextTodo, Msg::new("What next: next todo cell in this language", "Qué sigue: próxima celda pendiente en este lenguaje"), Msg::new("next", "sigue")),
    hinted(Grid, &[ch('u')], Action::Undo, Msg::new("Undo", "Deshacer"), Msg::new("undo", "deshacer")),
    bind(Grid, &[ctrl('r')], Action::Redo, Msg::new("Redo", "Rehacer")),
    hinted(Grid, &[plain(KeyCode::Enter)], Action::ToggleDetail, Msg::new("Show / hide the detail pane", "Mostrar / ocultar el detalle"), Msg::new("detail", "detalle")),
    hinted(Grid, &[ch('o')], Action::OpenOverview, Msg::new("Overview: levels × languages, activity", "Resumen: niveles × lenguajes, actividad"), Msg::new("overview", "resumen")),
    bind(Grid, &[ch('L')], Action::ToggleLang, Msg::new("Switch language (English / Spanish)", "Cambiar idioma (inglés / español)")),
    hinted(Grid, &[ch('?')], Action::ToggleHelp, HELP, HELP_HINT),
    bind(Grid, &[plain(KeyCode::Esc)], Action::Close, Msg::new("Close the pane, search or message", "Cerrar el panel, la búsqueda o el mensaje")),
    hinted(Grid, &[ch('q')], Action::Quit, QUIT, QUIT_HINT),

    hinted(Overview, &[plain(KeyCode::Up), ch('k')], Action::Up, Msg::new("Previous level", "Nivel anterior"), MOVE_HINT),
    bind(Overview, &[plain(KeyCode::Down), ch('j')], Action::Down, Msg::new("Next level", "Nivel siguiente")),
    bind(Overview, &[plain(KeyCode::Left), ch('h')], Action::Left, Msg::new("Previous language", "Lenguaje anterior")),
    bind(Overview, &[plain(KeyCode::Right), ch('l')], Action::Right, Msg::new("Next language", "Lenguaje siguiente")),
    hinted(Overview, &[plain(KeyCode::Enter), ch(' ')], Action::Choose, Msg::new("Go to this level and language", "Ir a este nivel y lenguaje"), Msg::new("go there", "ir")),
    hinted(Overview, &[plain(KeyCode::Esc), ch('o')], Action::Close, Msg::new("Back to the grid", "Volver a la cuadrícula"), Msg::new("back", "volver")),
    hinted(Overview, &[ch('?')], Action::ToggleHelp, HELP, HELP_HINT),
    hinted(Overview, &[ch('q')], Action::Quit, QUIT, QUIT_HINT),

    hinted(Search, &[plain(KeyCode::Enter)], Action::Confirm, Msg::new("Keep the result (then n / N)", "Conservar el resultado (luego n / N)"), Msg::new("keep", "conservar")),
    hinted(Search, &[plain(KeyCode::Esc)], Action::Close, Msg::new("Clear the search", "Borrar la búsqueda"), Msg::new("clear", "borrar")),

    hinted(EditNote, &[ctrl('s')], Action::Confirm, Msg::new("Save the note", "Guardar la nota"), Msg::new("save", "guardar")),
    hinted(EditNote, &[plain(KeyCode::Esc)], Action::Close, Msg::new("Cancel", "Cancelar"), Msg::new("cancel", "cancelar")),

    hinted(Help, &[plain(KeyCode::Up), ch('k')], Action::Up, Msg::new("Scroll up", "Subir"), Msg::new("scroll", "desplazar")),
    bind(Help, &[plain(KeyCode::Down), ch('j')], Action::Down, Msg::new("Scroll down", "Bajar")),
    bind(Help, &[plain(KeyCode::PageUp)], Action::PageUp, Msg::new("Page up", "Página arriba")),
    bind(Help, &[plain(KeyCode::PageDown), ch(' ')], Action::PageDown, Msg::new("Page down", "Página abajo")),
    bind(Help, &[plain(KeyCode::Home), ch('g')], Action::First, Msg::new("Top", "Inicio")),
    bind(Help, &[plain(KeyCode::End), ch('G')], Action::Last, Msg::new("Bottom", "Final")),
    hinted(Help, &[plain(KeyCode::Esc), ch('?')], Action::Close, Msg::new("Close the help", "Cerrar la ayuda"), Msg::new("close", "cerrar")),
    hinted(Help, &[ch('q')], Action::Quit, QUIT, QUIT_HINT),
];

/// The action a key does in `scope`, looking at the scope's own bindings before global ones.
/// In a text field, printable keys type; only Esc, Enter and Ctrl-keys are looked up.
pub fn action_for(scope: Scope, event: KeyEvent) -> Option<Action> {
    let key = Key::from_event(event);
    let bound = || {
        [scope, Scope::Global].into_iter().find_map(|s| {
            BINDINGS
                .iter()
                .find(|b| b.scope == s && b.keys.contains(&key))
                .map(|b| b.action.clone())
        })
    };
    if scope.is_text() {
        let command = matches!(key.code, KeyCode::Esc | KeyCode::Enter)
            || key.mods.contains(KeyModifiers::CONTROL);
        return command.then(bound).flatten().or(Some(Action::Input(event)));
    }
    bound()
}

/// The bindings that apply in `scope`, its own first.
pub fn bindings_in(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    let global = BINDINGS
        .iter()
        .filter(move |b| b.scope == Scope::Global && scope != Scope::Global);
    BINDINGS
        .iter()
        .filter(move |b| b.scope == scope)
        .chain(global)
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

/// The hint bar's entries for `scope`: (keys, word), in table order.
pub fn hints(scope: Scope) -> Vec<(String, Msg)> {
    bindings_in(scope)
        .filter_map(|b| {
            let hint = b.hint?;
            let label = match b.action {
                Action::Up => "←↑↓→".to_owned(),
                _ => b.keys[0].label(),
            };
            Some((label, hint))
        })
        .collect()
}

/// One line of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A scope's heading.
    Section(Scope),
    /// Keys and what they do; bindings with the same help (1–6) share a line.
    Keys { keys: String, help: Msg },
}

/// The help overlay's lines, generated from the table.
pub fn help_lines() -> Vec<HelpLine> {
    let mut lines = Vec::new();
    for scope in Scope::ALL {
        lines.push(HelpLine::Section(scope));
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
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
pub fn help_line_count() -> usize {
    help_lines().len()
}

/// The key tables of the README, generated from the bindings (a test keeps them in step).
pub fn markdown_tables() -> String {
    let mut out = String::new();
    for line in help_lines() {
        match line {
            HelpLine::Section(scope) => {
                out.push_str(&format!(
                    "\n**{}**\n\n| Keys | Does |\n|---|---|\n",
                    scope.title().en
                ));
            }
            HelpLine::Keys { keys, help } => {
                let keys = keys.replace('|', "\\|");
                out.push_str(&format!("| `{keys}` | {} |\n", help.en));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn no_key_is_bound_twice_in_a_scope() {
        let mut seen = HashSet::new();
        for b in BINDINGS {
            for k in b.keys {
                assert!(
                    seen.insert((b.scope, *k)),
                    "{} bound twice in {:?}",
                    k.label(),
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
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        for scope in Scope::ALL.into_iter().filter(|s| *s != Scope::Global) {
            let actions: Vec<Action> = bindings_in(scope).map(|b| b.action.clone()).collect();
            assert!(actions.contains(&Action::Quit), "{scope:?} cannot quit");
            // Esc closes what is open and never quits.
            assert_eq!(action_for(scope, esc), Some(Action::Close), "{scope:?}");
        }
    }

    #[test]
    fn shift_is_folded_into_characters() {
        let g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Scope::Grid, g), Some(Action::Last));
        let backtab = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(action_for(Scope::Grid, backtab), Some(Action::PrevLevel));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for scope in Scope::ALL {
            assert_eq!(action_for(scope, ctrl_c), Some(Action::Quit), "{scope:?}");
        }
    }

    #[test]
    fn text_fields_type_printable_keys_and_take_commands() {
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(Scope::Search, q), Some(Action::Input(q)));
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            action_for(Scope::EditNote, enter),
            Some(Action::Input(enter))
        );
        assert_eq!(action_for(Scope::Search, enter), Some(Action::Confirm));
        let save = press(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(action_for(Scope::EditNote, save), Some(Action::Confirm));
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

    #[test]
    fn help_lists_every_binding_and_nothing_unbound() {
        let lines = help_lines();
        for b in BINDINGS {
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
                    let bound: Vec<&Binding> = BINDINGS
                        .iter()
                        .filter(|b| b.scope == scope && b.help == *help)
                        .collect();
                    assert!(
                        !bound.is_empty(),
                        "help line {keys} {:?} is bound to nothing",
                        help.en
                    );
                    for b in bound {
                        for k in b.keys {
                            let event = press(k.code, k.mods);
                            assert_eq!(
                                action_for(scope, event),
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
