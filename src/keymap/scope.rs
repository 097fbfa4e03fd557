//! The screens a binding can belong to, and the names of actions in the config file.

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
    /// Running a cell's tests.
    Verify,
    /// The cohort: one row per learner (`roadmap-tui cohort`).
    Cohort,
    /// The cohort's tasks left in progress and each learner's frontier.
    Stuck,
}

impl Scope {
    /// Every scope, in the order help lists them.
    pub const ALL: [Scope; 15] = [
        Scope::Grid,
        Scope::Overview,
        Scope::Tracks,
        Scope::AddTrack,
        Scope::InProgress,
        Scope::Verify,
        Scope::Goal,
        Scope::Search,
        Scope::EditNote,
        Scope::Unsaved,
        Scope::SaveAs,
        Scope::Cohort,
        Scope::Stuck,
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
            Scope::Verify => "verify",
            Scope::Cohort => "cohort",
            Scope::Stuck => "stuck",
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
            Scope::Verify => Msg::new(
                "Verify (a cell's tests running)",
                "Verificación (las pruebas de una celda)",
            ),
            Scope::Cohort => Msg::new(
                "Cohort (roadmap-tui cohort: one row per learner)",
                "Grupo (roadmap-tui cohort: una fila por estudiante)",
            ),
            Scope::Stuck => Msg::new("Where they're stuck (cohort)", "Dónde se atascan (grupo)"),
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
        Action::ToggleSkip => "toggle_skip",
        Action::ToggleReview => "review",
        Action::EditNote => "edit_note",
        Action::Verify => "verify",
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
        Action::CycleSort => "sort",
        Action::SwitchColumns => "columns",
        Action::OpenStuck => "stuck",
        Action::Input(_)
        | Action::Paste(_)
        | Action::CutPaste(_)
        | Action::ClickCell { .. }
        | Action::ClickOverview { .. }
        | Action::Scroll(_) => return None,
    })
}
