//! The terminal's lifetime and the event loop. The loop blocks on input — no tick, no timer —
//! so an idle app costs no CPU; it redraws only after an event that may have changed the screen.
//!
//! Every way out (q, Ctrl-C, an error, a panic, SIGTERM, SIGHUP) leaves the terminal as it was
//! and saves what is unsaved.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use color_eyre::Result;
use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::crossterm::execute;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGWINCH};
use signal_hook::iterator::Signals;

use crate::app::{Action, App, Effect};
use crate::keymap::Keymap;
use crate::model::Progress;
use crate::state::{StateError, Store};
use crate::ui;
use crate::ui::theme::Theme;

/// The current time as RFC 3339 UTC to the second, for the dates stored on cells.
pub fn now() -> String {
    let ts = jiff::Timestamp::now();
    ts.round(jiff::Unit::Second).unwrap_or(ts).to_string()
}

/// The store, and the progress whose save failed, shared with the signal watcher so that an
/// exit forced by a signal still saves.
struct Saver {
    store: Store,
    unsaved: Option<Progress>,
}

impl Saver {
    fn save(&mut self, progress: &Progress) -> Result<(), StateError> {
        match self.store.save(progress) {
            Ok(()) => {
                self.unsaved = None;
                Ok(())
            }
            Err(e) => {
                self.unsaved = Some(progress.clone());
                Err(e)
            }
        }
    }

    /// Retries the save of what is unsaved, if anything.
    fn flush(&mut self) -> Result<(), StateError> {
        match self.unsaved.take() {
            Some(p) => self.save(&p),
            None => Ok(()),
        }
    }
}

type Shared = Arc<Mutex<Saver>>;

fn lock(saver: &Shared) -> MutexGuard<'_, Saver> {
    saver
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// How the terminal is set up, and what the screens are drawn with.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub mouse: bool,
    pub keymap: &'a Keymap,
    pub theme: &'a Theme,
}

/// Turns on mouse capture (if wanted) and bracketed paste, and makes every way out turn them
/// off again: a panic hook here, `restore` otherwise.
fn enable_extras(options: Options) -> io::Result<()> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        disable_extras();
        previous(info);
    }));
    let mut out = io::stdout();
    if options.mouse {
        execute!(out, EnableMouseCapture)?;
    }
    execute!(out, EnableBracketedPaste)
}

fn disable_extras() {
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
}

/// Leaves the terminal as it was found.
fn restore() {
    disable_extras();
    // The terminal may already be gone (hang-up): failures here are not worth a panic.
    let _ = ratatui::try_restore();
    let _ = execute!(io::stdout(), Show);
}

/// Fits the app to a `width` × `height` terminal, as the loop does before every draw.
pub fn fit(app: &mut App, width: u16, height: u16) {
    let rows = ui::grid_viewport(width, height, app);
    app.set_screen(rows, ui::help_rows(height), ui::is_too_small(width, height));
}

/// Runs the TUI until the user quits. Returns the error of a save that could not be made even
/// at exit, so the caller can report it after the terminal is restored.
pub fn run(app: &mut App, store: Store, options: Options) -> Result<Option<StateError>> {
    let mut terminal = ratatui::try_init()?;
    if let Err(e) = enable_extras(options) {
        restore();
        return Err(e.into());
    }
    let saver = Arc::new(Mutex::new(Saver {
        store,
        unsaved: None,
    }));
    let stop = watch_signals(Arc::clone(&saver));
    let result = event_loop(&mut terminal, app, &saver, &stop.requested, options);
    let unsaved = lock(&saver).flush().err();
    restore();
    stop.finished.store(true, Ordering::SeqCst);
    result?;
    Ok(unsaved)
}

struct Stop {
    /// Set by the watcher when a signal asks the app to end.
    requested: Arc<AtomicBool>,
    /// Set by the loop's caller once the terminal is restored.
    finished: Arc<AtomicBool>,
}

/// How long the loop gets to end by itself after a signal before the watcher ends the process.
const GRACE: Duration = Duration::from_millis(500);

/// Watches for the two ways the app is told to stop from outside: a signal (SIGTERM, SIGHUP,
/// SIGINT, SIGQUIT) and the terminal hanging up (which, when the app is not the session leader,
/// comes with no signal at all). Either sets the stop request and wakes the blocked read by
/// raising SIGWINCH, which crossterm reports as a resize. When the terminal has gone away
/// crossterm may never return from its read; then, after a grace period, the watcher saves what
/// is unsaved, restores what it can and exits itself.
fn watch_signals(saver: Shared) -> Stop {
    let stop = Stop {
        requested: Arc::new(AtomicBool::new(false)),
        finished: Arc::new(AtomicBool::new(false)),
    };
    // Make crossterm set up its input source (and its SIGWINCH pipe) before any signal can come.
    let _ = event::poll(Duration::ZERO);
    let stopper = Stopper {
        requested: Arc::clone(&stop.requested),
        finished: Arc::clone(&stop.finished),
        saver,
    };
    if let Ok(mut signals) = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT]) {
        let stopper = stopper.clone();
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                stopper.stop();
            }
        });
    }
    std::thread::spawn(move || {
        if wait_for_hangup() {
            stopper.stop();
        }
    });
    stop
}

#[derive(Clone)]
struct Stopper {
    requested: Arc<AtomicBool>,
    finished: Arc<AtomicBool>,
    saver: Shared,
}

impl Stopper {
    fn stop(&self) {
        self.requested.store(true, Ordering::SeqCst);
        let _ = signal_hook::low_level::raise(SIGWINCH);
        std::thread::sleep(GRACE);
        if self.finished.load(Ordering::SeqCst) {
            return;
        }
        let saved = lock(&self.saver).flush();
        restore();
        if let Err(e) = saved {
            // The terminal may be gone: a failed write must not panic.
            let _ = writeln!(io::stderr(), "roadmap-tui: {e}");
            std::process::exit(1);
        }
        std::process::exit(0);
    }
}

/// Blocks, without waking, until standard input hangs up; false if that cannot be watched.
fn wait_for_hangup() -> bool {
    let mut fds = libc::pollfd {
        fd: libc::STDIN_FILENO,
        // No events asked for: poll still reports hang-up and error, and only those.
        events: 0,
        revents: 0,
    };
    loop {
        // SAFETY: one valid pollfd, owned by this frame, for the duration of the call.
        let n = unsafe { libc::poll(&mut fds, 1, -1) };
        if n > 0 {
            return fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0;
        }
        if n < 0 && io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            return false;
        }
    }
}

/// What a mouse event asks for: a click goes where it lands, the wheel moves three rows.
fn mouse_action(
    app: &App,
    terminal: &DefaultTerminal,
    mouse: MouseEvent,
) -> io::Result<Option<Action>> {
    Ok(match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            let size = terminal.size()?;
            ui::hit_test(app, size.width, size.height, mouse.column, mouse.row)
        }
        MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
        MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
        _ => None,
    })
}

/// The loop proper.
fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    saver: &Shared,
    stop: &AtomicBool,
    options: Options,
) -> Result<()> {
    let size = terminal.size()?;
    app.detail_open = size.height >= 30;
    let mut redraw = true;
    loop {
        if redraw {
            let size = terminal.size()?;
            app.today = app.tz.to_datetime(jiff::Timestamp::now()).date();
            fit(app, size.width, size.height);
            terminal.draw(|frame| {
                let view = ui::View {
                    app,
                    theme: options.theme,
                    keymap: options.keymap,
                };
                ui::render(&view, frame)
            })?;
        }
        if stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        let event = match event::read() {
            Ok(event) => event,
            // The terminal went away (e.g. SIGHUP closed it): stop, keeping the data.
            Err(e) if stop.load(Ordering::SeqCst) || e.kind() == io::ErrorKind::Other => {
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        redraw = false;
        let effect = match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                redraw = true;
                (options.keymap)
                    .action_for(ui::scope(app), key)
                    .map_or(Effect::None, |action| app.update(action, &now()))
            }
            Event::Resize(..) => {
                redraw = true;
                Effect::None
            }
            Event::Paste(text) => {
                redraw = true;
                app.update(Action::Paste(text), &now())
            }
            Event::Mouse(mouse) => match mouse_action(app, terminal, mouse)? {
                Some(action) => {
                    redraw = true;
                    app.update(action, &now())
                }
                None => Effect::None,
            },
            _ => Effect::None,
        };
        match effect {
            Effect::Save => match lock(saver).save(&app.progress) {
                Ok(()) => app.save_succeeded(),
                Err(e) => app.save_failed(e.to_string()),
            },
            Effect::Quit => return Ok(()),
            Effect::None => {}
        }
    }
}
