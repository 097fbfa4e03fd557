//! Key bindings as data: which keys do which action on which screen. Dispatch, the hint bar, the
//! help overlay and the README's key tables all read a `Keymap`, so what the help says is what
//! the keys do. The defaults are a table; a user's config patches it (see `config`).
//!
//! The keymap knows keys, screens (scopes) and actions, nothing of the app's state: the edge that
//! owns both (`ui::scope`) says which scope the app is in.

use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::Action;
use crate::i18n::Msg;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Every screen.
    Global,
    Grid,
    Overview,
    Help,
    Search,
    EditNote,
    /// The languages screen.
    Tracks,
    /// Typing a new language on the languages screen.
    AddTrack,
    /// Typing a goal's date on the overview.
    Goal,
    /// Every cell in progress.
    InProgress,
    /// Quitting while saves fail.
    Unsaved,
    /// Typing the path of a copy of the progress.
    SaveAs,
}

impl Scope {
    /// Every scope, in the order help lists them.
    pub const ALL: [Scope; 12] = [
        Scope::Grid,
        Scope::Overview,
        Scope::Tracks,
        Scope::AddTrack,
        Scope::InProgress,
        Scope::Goal,
        Scope::Search,
        Scope::EditNote,
        Scope::Unsaved,
        Scope::SaveAs,
        Scope::Help,
        Scope::Global,
    ];

    /// Whether printable keys type text here rather than act.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Scope::Search | Scope::EditNote | Scope::AddTrack | Scope::Goal | Scope::SaveAs
        )
    }

    /// The scope's name in the config file: `[keys.<name>]`.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Grid => "grid",
            Scope::Overview => "overview",
            Scope::Help => "help",
            Scope::Search => "search",
            Scope::EditNote => "note",
            Scope::Tracks => "languages",
            Scope::AddTrack => "add_language",
            Scope::Goal => "goal",
            Scope::InProgress => "in_progress",
            Scope::Unsaved => "unsaved",
            Scope::SaveAs => "save_as",
        }
    }

    pub fn from_name(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.name() == name)
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
            Scope::Tracks => Msg::new("Languages", "Lenguajes"),
            Scope::AddTrack => Msg::new(
                "New language (type its id and name)",
                "Nuevo lenguaje (escribe su id y su nombre)",
            ),
            Scope::Goal => Msg::new(
                "Goal (type a date: 2027-06-01, 12w, 6m; empty clears it)",
                "Meta (escribe una fecha: 2027-06-01, 12w, 6m; vacía la quita)",
            ),
            Scope::InProgress => Msg::new("In progress", "En curso"),
            Scope::Unsaved => Msg::new(
                "Quitting with unsaved changes (saves are failing)",
                "Salir con cambios sin guardar (los guardados fallan)",
            ),
            Scope::SaveAs => Msg::new(
                "Save a copy (type its path)",
                "Guardar una copia (escribe su ruta)",
            ),
        }
    }
}

/// The name of an action in the config file, for the actions a key can be bound to.
pub fn action_name(action: &Action) -> Option<&'static str> {
    Some(match action {
        Action::Up => "up",
        Action::Down => "down",
        Action::Left => "left",
        Action::Right => "right",
        Action::PageUp => "page_up",
        Action::PageDown => "page_down",
        Action::First => "first",
        Action::Last => "last",
        Action::NextLevel => "next_level",
        Action::PrevLevel => "previous_level",
        Action::JumpLevel(0) => "level_1",
        Action::JumpLevel(1) => "level_2",
        Action::JumpLevel(2) => "level_3",
        Action::JumpLevel(3) => "level_4",
        Action::JumpLevel(4) => "level_5",
        Action::JumpLevel(5) => "level_6",
        Action::JumpLevel(_) => return None,
        Action::ToggleDone => "toggle_done",
        Action::ToggleInProgress => "toggle_in_progress",
        Action::ToggleReview => "review",
        Action::EditNote => "edit_note",
        Action::Undo => "undo",
        Action::Redo => "redo",
        Action::OpenSearch => "search",
        Action::SearchNext => "search_next",
        Action::SearchPrev => "search_previous",
        Action::CycleFilter => "filter",
        Action::NextTodo => "next_todo",
        Action::ToggleDetail => "detail",
        Action::OpenOverview => "overview",
        Action::ToggleHelp => "help",
        Action::ToggleLang => "switch_locale",
        Action::OpenTracks => "languages",
        Action::MoveTrackUp => "move_up",
        Action::MoveTrackDown => "move_down",
        Action::ToggleTrackHidden => "toggle_hidden",
        Action::AddTrack => "add",
        Action::Choose => "choose",
        Action::SetGoal => "goal",
        Action::SetTrackGoal => "language_goal",
        Action::OpenInProgress => "in_progress",
        Action::Confirm => "confirm",
        Action::Close => "close",
        Action::Quit => "quit",
        Action::Suspend => "suspend",
        Action::RetrySave => "retry",
        Action::OpenSaveAs => "save_as",
        Action::Input(_)
        | Action::Paste(_)
        | Action::ClickCell { .. }
        | Action::ClickOverview { .. }
        | Action::Scroll(_)
        | Action::Fit(_)
        | Action::SetDetail(_)
        | Action::Resume(_)
        | Action::Today(_)
        | Action::FromDisk { .. }
        | Action::Saved
        | Action::SaveFailed(_)
        | Action::SavedAs(_)
        | Action::SaveAsFailed(_)
        | Action::ConflictCopies(_) => return None,
    })
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
            self.0
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

/// One binding: in `scope`, any of `keys` does `action`.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub scope: Scope,
    pub keys: Vec<Key>,
    pub action: Action,
    pub help: Msg,
    /// The short word for the hint bar, for the bindings worth a place there.
    pub hint: Option<Msg>,
}

impl Binding {
    /// The action's name in the config file.
    pub fn name(&self) -> &'static str {
        action_name(&self.action).unwrap_or("")
    }
}

/// A default binding, as the table below writes it.
struct Default_ {
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    help: Msg,
    hint: Option<Msg>,
}

const fn bind(scope: Scope, keys: &'static [Key], action: Action, help: Msg) -> Default_ {
    Default_ {
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
) -> Default_ {
    Default_ {
        scope,
        keys,
        action,
        help,
        hint: Some(hint),
    }
}

use Scope::{
    AddTrack, EditNote, Global, Grid, Help, InProgress, Overview, SaveAs, Search, Tracks, Unsaved,
};

const JUMP: Msg = Msg::new("Jump to level 1–6", "Ir al nivel 1–6");
const QUIT: Msg = Msg::new("Quit", "Salir");
const QUIT_HINT: Msg = Msg::new("quit", "salir");
const HELP: Msg = Msg::new("All keys", "Todas las teclas");
const HELP_HINT: Msg = Msg::new("help", "ayuda");
const MOVE_HINT: Msg = Msg::new("move", "mover");

/// Every default binding, in the order help lists them.
#[rustfmt::skip]
const DEFAULTS: &[Default_] = &[
    bind(Global, &[ctrl('c')], Action::Quit, QUIT),
    bind(Global, &[ctrl('z')], Action::Suspend, Msg::new("Suspend (fg resumes)", "Suspender (fg reanuda)")),

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
    hinted(Grid, &[ch('w')], Action::NextTodo, Msg::new("What next: a review due, else the next todo cell here", "Qué sigue: un repaso pendiente, o la próxima pendiente aquí"), Msg::new("next", "sigue")),
    hinted(Grid, &[ch('u')], Action::Undo, Msg::new("Undo", "Deshacer"), Msg::new("undo", "deshacer")),
    bind(Grid, &[ctrl('r')], Action::Redo, Msg::new("Redo", "Rehacer")),
    bind(Grid, &[ch('r')], Action::ToggleReview, Msg::new("Review: mark a done cell / mark a due review done", "Repaso: marcar una celda hecha / dar por hecho el repaso")),
    hinted(Grid, &[plain(KeyCode::Enter)], Action::ToggleDetail, Msg::new("Show / hide the detail pane", "Mostrar / ocultar el detalle"), Msg::new("detail", "info")),
    hinted(Grid, &[ch('o')], Action::OpenOverview, Msg::new("Overview: levels × languages, activity", "Resumen: niveles × lenguajes, actividad"), Msg::new("overview", "resumen")),
    hinted(Grid, &[ch('p')], Action::OpenInProgress, Msg::new("In progress: every cell started, oldest first", "En curso: cada celda empezada, la más antigua primero"), Msg::new("started", "empezadas")),
    hinted(Grid, &[ch('T')], Action::OpenTracks, Msg::new("Languages: order, hide, show, add", "Lenguajes: ordenar, ocultar, mostrar, añadir"), Msg::new("languages", "lenguajes")),
    bind(Grid, &[ch('L')], Action::ToggleLang, Msg::new("Switch interface language (English / Spanish)", "Cambiar idioma (inglés / español)")),
    hinted(Grid, &[ch('?')], Action::ToggleHelp, HELP, HELP_HINT),
    bind(Grid, &[plain(KeyCode::Esc)], Action::Close, Msg::new("Close the pane, search or message", "Cerrar el panel, la búsqueda o el mensaje")),
    hinted(Grid, &[ch('q')], Action::Quit, QUIT, QUIT_HINT),

    hinted(Overview, &[plain(KeyCode::Up), ch('k')], Action::Up, Msg::new("Previous level", "Nivel anterior"), MOVE_HINT),
    bind(Overview, &[plain(KeyCode::Down), ch('j')], Action::Down, Msg::new("Next level", "Nivel siguiente")),
    bind(Overview, &[plain(KeyCode::Left), ch('h')], Action::Left, Msg::new("Previous language", "Lenguaje anterior")),
    bind(Overview, &[plain(KeyCode::Right), ch('l')], Action::Right, Msg::new("Next language", "Lenguaje siguiente")),
    bind(Overview, &[plain(KeyCode::PageUp)], Action::PageUp, Msg::new("Scroll up (where it does not fit)", "Desplazar arriba (si no cabe)")),
    bind(Overview, &[plain(KeyCode::PageDown)], Action::PageDown, Msg::new("Scroll down (where it does not fit)", "Desplazar abajo (si no cabe)")),
    hinted(Overview, &[plain(KeyCode::Enter), ch(' ')], Action::Choose, Msg::new("Go to this level and language", "Ir a este nivel y lenguaje"), Msg::new("go there", "ir")),
    hinted(Overview, &[ch('g')], Action::SetGoal, Msg::new("Goal: a date for the whole roadmap", "Meta: una fecha para toda la hoja de ruta"), Msg::new("goal", "meta")),
    bind(Overview, &[ch('G')], Action::SetTrackGoal, Msg::new("Goal: a date for the selected language", "Meta: una fecha para el lenguaje elegido")),
    hinted(Overview, &[plain(KeyCode::Esc), ch('o')], Action::Close, Msg::new("Back to the grid", "Volver a la cuadrícula"), Msg::new("back", "volver")),
    hinted(Overview, &[ch('?')], Action::ToggleHelp, HELP, HELP_HINT),
    hinted(Overview, &[ch('q')], Action::Quit, QUIT, QUIT_HINT),

    hinted(Tracks, &[plain(KeyCode::Up), ch('k')], Action::Up, Msg::new("Previous language", "Lenguaje anterior"), MOVE_HINT),
    bind(Tracks, &[plain(KeyCode::Down), ch('j')], Action::Down, Msg::new("Next language", "Lenguaje siguiente")),
    hinted(Tracks, &[ch('K'), plain(KeyCode::PageUp)], Action::MoveTrackUp, Msg::new("Move the language up", "Subir el lenguaje"), Msg::new("up", "subir")),
    hinted(Tracks, &[ch('J'), plain(KeyCode::PageDown)], Action::MoveTrackDown, Msg::new("Move the language down", "Bajar el lenguaje"), Msg::new("down", "bajar")),
    hinted(Tracks, &[ch(' '), plain(KeyCode::Enter)], Action::ToggleTrackHidden, Msg::new("Hide / show the language", "Ocultar / mostrar el lenguaje"), Msg::new("hide/show", "ocultar/mostrar")),
    hinted(Tracks, &[ch('a')], Action::AddTrack, Msg::new("Add a language", "Añadir un lenguaje"), Msg::new("add", "añadir")),
    hinted(Tracks, &[plain(KeyCode::Esc), ch('T')], Action::Close, Msg::new("Back to the grid", "Volver a la cuadrícula"), Msg::new("back", "volver")),
    hinted(Tracks, &[ch('?')], Action::ToggleHelp, HELP, HELP_HINT),
    hinted(Tracks, &[ch('q')], Action::Quit, QUIT, QUIT_HINT),

    hinted(InProgress, &[plain(KeyCode::Up), ch('k')], Action::Up, Msg::new("Previous cell", "Celda anterior"), MOVE_HINT),
    bind(InProgress, &[plain(KeyCode::Down), ch('j')], Action::Down, Msg::new("Next cell", "Celda siguiente")),
    bind(InProgress, &[plain(KeyCode::PageUp)], Action::PageUp, Msg::new("Page up", "Página arriba")),
    bind(InProgress, &[plain(KeyCode::PageDown)], Action::PageDown, Msg::new("Page down", "Página abajo")),
    bind(InProgress, &[plain(KeyCode::Home), ch('g')], Action::First, Msg::new("First cell", "Primera celda")),
    bind(InProgress, &[plain(KeyCode::End), ch('G')], Action::Last, Msg::new("Last cell", "Última celda")),
    hinted(InProgress, &[plain(KeyCode::Enter)], Action::Choose, Msg::new("Go to the cell in the grid", "Ir a la celda en la cuadrícula"), Msg::new("go there", "ir")),
    hinted(InProgress, &[plain(KeyCode::Esc), ch('p')], Action::Close, Msg::new("Back to the grid", "Volver a la cuadrícula"), Msg::new("back", "volver")),
    hinted(InProgress, &[ch('?')], Action::ToggleHelp, HELP, HELP_HINT),
    hinted(InProgress, &[ch('q')], Action::Quit, QUIT, QUIT_HINT),

    hinted(Scope::Goal, &[plain(KeyCode::Enter)], Action::Confirm, Msg::new("Set the goal (empty: no goal)", "Fijar la meta (vacía: sin meta)"), Msg::new("set", "fijar")),
    hinted(Scope::Goal, &[plain(KeyCode::Esc)], Action::Close, Msg::new("Cancel", "Cancelar"), Msg::new("cancel", "cancelar")),

    hinted(AddTrack, &[plain(KeyCode::Enter)], Action::Confirm, Msg::new("Add the language", "Añadir el lenguaje"), Msg::new("add", "añadir")),
    hinted(AddTrack, &[plain(KeyCode::Esc)], Action::Close, Msg::new("Cancel", "Cancelar"), Msg::new("cancel", "cancelar")),

    hinted(Search, &[plain(KeyCode::Enter)], Action::Confirm, Msg::new("Keep the result (then n / N)", "Conservar el resultado (luego n / N)"), Msg::new("keep", "conservar")),
    hinted(Search, &[plain(KeyCode::Esc)], Action::Close, Msg::new("Clear the search", "Borrar la búsqueda"), Msg::new("clear", "borrar")),

    hinted(EditNote, &[ctrl('s')], Action::Confirm, Msg::new("Save the note", "Guardar la nota"), Msg::new("save", "guardar")),
    hinted(EditNote, &[plain(KeyCode::Esc)], Action::Close, Msg::new("Cancel", "Cancelar"), Msg::new("cancel", "cancelar")),

    hinted(Unsaved, &[ch('r')], Action::RetrySave, Msg::new("Try the save again", "Reintentar el guardado"), Msg::new("retry", "reintentar")),
    hinted(Unsaved, &[ch('s')], Action::OpenSaveAs, Msg::new("Save a copy to another file", "Guardar una copia en otro archivo"), Msg::new("save elsewhere", "guardar en otro")),
    hinted(Unsaved, &[plain(KeyCode::Esc)], Action::Close, Msg::new("Back to work", "Volver al trabajo"), Msg::new("back", "volver")),
    hinted(Unsaved, &[ch('q')], Action::Quit, Msg::new("Quit anyway, losing the changes", "Salir igualmente, perdiendo los cambios"), Msg::new("quit anyway", "salir igualmente")),
    hinted(SaveAs, &[plain(KeyCode::Enter)], Action::Confirm, Msg::new("Save the copy", "Guardar la copia"), Msg::new("save", "guardar")),
    hinted(SaveAs, &[plain(KeyCode::Esc)], Action::Close, Msg::new("Back", "Volver"), Msg::new("back", "volver")),
    hinted(Help, &[plain(KeyCode::Up), ch('k')], Action::Up, Msg::new("Scroll up", "Subir"), Msg::new("scroll", "desplazar")),
    bind(Help, &[plain(KeyCode::Down), ch('j')], Action::Down, Msg::new("Scroll down", "Bajar")),
    bind(Help, &[plain(KeyCode::PageUp)], Action::PageUp, Msg::new("Page up", "Página arriba")),
    bind(Help, &[plain(KeyCode::PageDown), ch(' ')], Action::PageDown, Msg::new("Page down", "Página abajo")),
    bind(Help, &[plain(KeyCode::Home), ch('g')], Action::First, Msg::new("Top", "Inicio")),
    bind(Help, &[plain(KeyCode::End), ch('G')], Action::Last, Msg::new("Bottom", "Final")),
    hinted(Help, &[plain(KeyCode::Esc), ch('?')], Action::Close, Msg::new("Close the help", "Cerrar la ayuda"), Msg::new("close", "cerrar")),
    hinted(Help, &[ch('q')], Action::Quit, QUIT, QUIT_HINT),
];

/// The grid's hints by importance: what a learner does most comes first, so it is what stays
/// on a narrow screen.
const HINT_ORDER: &[Action] = &[
    Action::ToggleDone,
    Action::ToggleInProgress,
    Action::Undo,
    Action::ToggleDetail,
    Action::OpenOverview,
    Action::EditNote,
    Action::OpenSearch,
    Action::NextTodo,
    Action::CycleFilter,
    Action::OpenTracks,
];

/// One line of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A scope's heading.
    Section(Scope),
    /// Keys and what they do; bindings with the same help (1–6) share a line.
    Keys { keys: String, help: Msg },
}

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
                    "unknown screen [keys.{name}]; the screens are: {}",
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
                    "unknown action \"{name}\" in [keys.{}]; its actions are: {}",
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
            KeymapError::NoWayOut(scope) => write!(
                f,
                "[keys.{}] leaves no key to close it or quit; keep one for close or quit",
                scope.name()
            ),
        }
    }
}

impl std::error::Error for KeymapError {}

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
            let way_out = self
                .bindings_in(scope)
                .any(|b| !b.keys.is_empty() && matches!(b.action, Action::Close | Action::Quit));
            if scope != Scope::Global && !way_out {
                return Err(KeymapError::NoWayOut(scope));
            }
        }
        Ok(())
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
            .find(|b| b.action == *action)
            .and_then(|b| b.keys.first())
            .map(|k| k.label())
    }

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

#[cfg(test)]
mod tests {
    use super::*;
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
