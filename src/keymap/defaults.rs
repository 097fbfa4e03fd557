//! The default key bindings, as a table: the one place a default key is written.

use ratatui::crossterm::event::KeyCode;

use super::key::{Key, ch, ctrl, plain};
use super::scope::{Scope, action_name};
use crate::app::Action;
use crate::i18n::Msg;

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
pub(super) struct Default_ {
    pub(super) scope: Scope,
    pub(super) keys: &'static [Key],
    pub(super) action: Action,
    pub(super) help: Msg,
    pub(super) hint: Option<Msg>,
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
    Verify,
};

const JUMP: Msg = Msg::new("Jump to level 1–6", "Ir al nivel 1–6");
const QUIT: Msg = Msg::new("Quit", "Salir");
const QUIT_HINT: Msg = Msg::new("quit", "salir");
const HELP: Msg = Msg::new("All keys", "Todas las teclas");
const HELP_HINT: Msg = Msg::new("help", "ayuda");
const MOVE_HINT: Msg = Msg::new("move", "mover");
/// Where the system has no job control (Windows), the help says so beside the key.
const SUSPEND: Msg = if crate::platform::CAN_SUSPEND {
    Msg::new("Suspend (fg resumes)", "Suspender (fg reanuda)")
} else {
    Msg::new("Suspend: not on Windows", "Suspender: no en Windows")
};

/// Every default binding, in the order help lists them.
#[rustfmt::skip]
pub(super) const DEFAULTS: &[Default_] = &[
    bind(Global, &[ctrl('c')], Action::Quit, QUIT),
    bind(Global, &[ctrl('z')], Action::Suspend, SUSPEND),

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
    hinted(Grid, &[ch('s')], Action::ToggleSkip, Msg::new("Skip the cell (left out of every total) / back to todo", "Omitir la celda (fuera de todo total) / volver a pendiente"), Msg::new("skip", "omitir")),
    hinted(Grid, &[ch('e')], Action::EditNote, Msg::new("Edit the cell's note", "Editar la nota de la celda"), Msg::new("note", "nota")),
    hinted(Grid, &[ch('/')], Action::OpenSearch, Msg::new("Search task text", "Buscar en las tareas"), Msg::new("search", "buscar")),
    bind(Grid, &[ch('n')], Action::SearchNext, Msg::new("Next match", "Siguiente coincidencia")),
    bind(Grid, &[ch('N')], Action::SearchPrev, Msg::new("Previous match", "Coincidencia anterior")),
    hinted(Grid, &[ch('f')], Action::CycleFilter, Msg::new("Filter: all / not done here / done elsewhere but not here", "Filtro: todas / sin hacer aquí / hechas en otro pero no aquí"), Msg::new("filter", "filtro")),
    hinted(Grid, &[ch('w')], Action::NextTodo, Msg::new("What next: a review due, else the next todo cell here", "Qué sigue: un repaso pendiente, o la próxima pendiente aquí"), Msg::new("next", "sigue")),
    hinted(Grid, &[ch('u')], Action::Undo, Msg::new("Undo", "Deshacer"), Msg::new("undo", "deshacer")),
    bind(Grid, &[ctrl('r')], Action::Redo, Msg::new("Redo", "Rehacer")),
    hinted(Grid, &[ch('V')], Action::Verify, Msg::new("Verify: run the cell's tests; done if they pass", "Verificar: correr sus pruebas; hecha si pasan"), Msg::new("verify", "verificar")),
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

    hinted(Verify, &[plain(KeyCode::Enter)], Action::Confirm, Msg::new("Run the command (asked the first time)", "Correr la orden (se pregunta la primera vez)"), Msg::new("run", "correr")),
    hinted(Verify, &[plain(KeyCode::Esc)], Action::Close, Msg::new("Cancel the run / close", "Cancelar la ejecución / cerrar"), Msg::new("cancel/close", "cancelar/cerrar")),
    hinted(Verify, &[plain(KeyCode::Up), ch('k')], Action::Up, Msg::new("Scroll the output up", "Subir en la salida"), Msg::new("scroll", "desplazar")),
    bind(Verify, &[plain(KeyCode::Down), ch('j')], Action::Down, Msg::new("Scroll the output down", "Bajar en la salida")),
    bind(Verify, &[plain(KeyCode::PageUp)], Action::PageUp, Msg::new("Page up", "Página arriba")),
    bind(Verify, &[plain(KeyCode::PageDown)], Action::PageDown, Msg::new("Page down", "Página abajo")),
    bind(Verify, &[plain(KeyCode::Home), ch('g')], Action::First, Msg::new("Start of the output", "Inicio de la salida")),
    bind(Verify, &[plain(KeyCode::End), ch('G')], Action::Last, Msg::new("End of the output (follow it)", "Final de la salida (seguirla)")),
    hinted(Verify, &[ch('q')], Action::Quit, Msg::new("Quit (a run is killed)", "Salir (se mata la ejecución)"), QUIT_HINT),

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
    hinted(Scope::Cohort, &[plain(KeyCode::Up), ch('k')], Action::Up, Msg::new("Previous learner", "Estudiante anterior"), MOVE_HINT),
    bind(Scope::Cohort, &[plain(KeyCode::Down), ch('j')], Action::Down, Msg::new("Next learner", "Estudiante siguiente")),
    bind(Scope::Cohort, &[plain(KeyCode::Left), ch('h')], Action::Left, Msg::new("Scroll the columns left", "Desplazar las columnas a la izquierda")),
    bind(Scope::Cohort, &[plain(KeyCode::Right), ch('l')], Action::Right, Msg::new("Scroll the columns right", "Desplazar las columnas a la derecha")),
    bind(Scope::Cohort, &[plain(KeyCode::PageUp)], Action::PageUp, Msg::new("Page up", "Página arriba")),
    bind(Scope::Cohort, &[plain(KeyCode::PageDown)], Action::PageDown, Msg::new("Page down", "Página abajo")),
    bind(Scope::Cohort, &[plain(KeyCode::Home), ch('g')], Action::First, Msg::new("First learner", "Primer estudiante")),
    bind(Scope::Cohort, &[plain(KeyCode::End), ch('G')], Action::Last, Msg::new("Last learner", "Último estudiante")),
    hinted(Scope::Cohort, &[plain(KeyCode::Enter)], Action::Choose, Msg::new("Open the learner's grid, read-only", "Abrir la cuadrícula del estudiante, solo lectura"), Msg::new("open", "abrir")),
    hinted(Scope::Cohort, &[ch('o')], Action::CycleSort, Msg::new("Sort by progress / last activity / pace / name", "Ordenar por progreso / última actividad / ritmo / nombre"), Msg::new("sort", "ordenar")),
    hinted(Scope::Cohort, &[plain(KeyCode::Tab), ch('c')], Action::SwitchColumns, Msg::new("Columns: levels / languages", "Columnas: niveles / lenguajes"), Msg::new("levels/languages", "niveles/lenguajes")),
    hinted(Scope::Cohort, &[ch('s')], Action::OpenStuck, Msg::new("Where they're stuck: tasks in progress, frontiers", "Dónde se atascan: tareas en curso y fronteras"), Msg::new("stuck", "atascos")),
    bind(Scope::Cohort, &[ch('L')], Action::ToggleLang, Msg::new("Switch interface language (English / Spanish)", "Cambiar idioma (inglés / español)")),
    bind(Scope::Cohort, &[plain(KeyCode::Esc)], Action::Close, Msg::new("Close the message", "Cerrar el mensaje")),
    hinted(Scope::Cohort, &[ch('?')], Action::ToggleHelp, HELP, HELP_HINT),
    hinted(Scope::Cohort, &[ch('q')], Action::Quit, QUIT, QUIT_HINT),

    hinted(Scope::Stuck, &[plain(KeyCode::Up), ch('k')], Action::Up, Msg::new("Scroll up", "Subir"), Msg::new("scroll", "desplazar")),
    bind(Scope::Stuck, &[plain(KeyCode::Down), ch('j')], Action::Down, Msg::new("Scroll down", "Bajar")),
    bind(Scope::Stuck, &[plain(KeyCode::PageUp)], Action::PageUp, Msg::new("Page up", "Página arriba")),
    bind(Scope::Stuck, &[plain(KeyCode::PageDown)], Action::PageDown, Msg::new("Page down", "Página abajo")),
    bind(Scope::Stuck, &[plain(KeyCode::Home), ch('g')], Action::First, Msg::new("Top", "Inicio")),
    bind(Scope::Stuck, &[plain(KeyCode::End), ch('G')], Action::Last, Msg::new("Bottom", "Final")),
    hinted(Scope::Stuck, &[plain(KeyCode::Esc), ch('s')], Action::Close, Msg::new("Back to the learners", "Volver a los estudiantes"), Msg::new("back", "volver")),
    hinted(Scope::Stuck, &[ch('?')], Action::ToggleHelp, HELP, HELP_HINT),
    hinted(Scope::Stuck, &[ch('q')], Action::Quit, QUIT, QUIT_HINT),

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
pub(super) const HINT_ORDER: &[Action] = &[
    Action::ToggleDone,
    Action::ToggleInProgress,
    Action::Undo,
    Action::ToggleDetail,
    Action::OpenOverview,
    Action::EditNote,
    Action::OpenSearch,
    Action::NextTodo,
    Action::CycleFilter,
    Action::Verify,
    Action::OpenTracks,
    Action::ToggleSkip,
];
