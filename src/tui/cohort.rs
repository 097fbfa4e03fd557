//! The cohort screen's loop: the app's terminal set-up and one inbox (terminal, signals, the
//! watcher of the learners' files), blocking until something happens. A change on disk reads
//! every PATH again on a thread of its own (one reading at a time; changes seen meanwhile ask
//! for one more), and the screen takes the result in keeping its sort and selection. Nothing is
//! written, ever: no save, no lock, no resume position.

use color_eyre::Result;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    Event as TermEvent, KeyEvent, KeyEventKind, MouseButton, MouseEventKind,
};

use super::events::{Event, Inbox, InboxSender};
use super::{Options, terminal};
use crate::app::Action;
use crate::cohort::screen::{Effect, Fact, Screen};
use crate::cohort::{Cohort, watch};
use crate::keymap::{Key, Keymap, Scope};
use crate::ui;

/// Reads the learners again; `None` when a PATH has gone.
pub type Reload = std::sync::Arc<dyn Fn() -> Option<Cohort> + Send + Sync>;

/// Runs the cohort screen until the user quits.
pub fn run(
    mut screen: Screen,
    targets: Vec<watch::Target>,
    read_at: std::time::SystemTime,
    reload: Reload,
    options: Options,
) -> Result<()> {
    let mut terminal = terminal::enter(options.mouse)?;
    let result = Inbox::start().map_err(Into::into).and_then(|mut inbox| {
        inbox.watch_cohort(targets.clone());
        // The first reading was made before the watcher ran: a file changed since it started
        // counts as a change seen (looked for on a thread; it reads no file, only their times).
        let sender = inbox.sender();
        std::thread::spawn(move || {
            if watch::changed_since(&targets, read_at) {
                let _ = sender.send(Event::FileChanged);
            }
        });
        event_loop(&mut terminal, &mut screen, &mut inbox, &reload, options)
    });
    terminal::leave();
    // As the app's loop: `leave` has shown the cursor, and a dead terminal must not be written.
    std::mem::forget(terminal);
    // The process ends next: handing back thousands of learners' memory piece by piece would
    // only delay the exit (0.16 s with 10,000).
    std::mem::forget(screen);
    result
}

/// Whether `key` is one the keymap binds everywhere to quitting (Ctrl-C): it leaves the whole
/// screen even from a learner's grid, where the grid's own quit key only goes back.
fn quits_everywhere(keymap: &Keymap, key: KeyEvent) -> bool {
    let key = Key::from_event(key);
    keymap
        .bindings()
        .iter()
        .any(|b| b.scope == Scope::Global && b.action == Action::Quit && b.keys.contains(&key))
}

/// Reads the PATHs on a thread and hands the result to the inbox.
fn start_reload(reload: &Reload, sender: InboxSender) {
    let reload = reload.clone();
    std::thread::spawn(move || {
        if let Some(cohort) = reload() {
            let _ = sender.send(Event::Cohort(Box::new(cohort)));
        } else {
            // A PATH went away: nothing new to show, but the reading is over.
            let _ = sender.send(Event::Cohort(Box::default()));
        }
    });
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    screen: &mut Screen,
    inbox: &mut Inbox,
    reload: &Reload,
    options: Options,
) -> Result<()> {
    // A reading under way, and whether a change came in since it started.
    let (mut reading, mut again) = (false, false);
    draw(terminal, screen, options)?;
    loop {
        let Some(event) = inbox.recv() else {
            return Ok(());
        };
        let mut redraw = true;
        match event {
            Event::Terminal(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => {
                if quits_everywhere(options.keymap, key) {
                    return Ok(());
                }
                let scope = ui::cohort::scope(screen);
                let Some(action) = options.keymap.action_for(scope, key) else {
                    continue;
                };
                match screen.update(action) {
                    Effect::Quit => return Ok(()),
                    Effect::Suspend => {
                        terminal::suspend();
                        redraw = false;
                    }
                    Effect::Opened => {
                        let area = terminal::fit(terminal)?;
                        if let Some(app) = screen.grid_mut() {
                            super::start(app, area.width, area.height);
                        }
                    }
                    Effect::None => {}
                }
            }
            Event::Terminal(TermEvent::Mouse(mouse)) => {
                let action = match mouse.kind {
                    MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
                    MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
                    MouseEventKind::Down(MouseButton::Left) => screen.grid().and_then(|app| {
                        let area = terminal.get_frame().area();
                        ui::hit_test(app, area.width, area.height, mouse.column, mouse.row)
                    }),
                    _ => None,
                };
                match action {
                    Some(action) => {
                        if screen.update(action) == Effect::Quit {
                            return Ok(());
                        }
                    }
                    None => redraw = false,
                }
            }
            Event::Terminal(TermEvent::Resize(..)) | Event::Resize => {}
            Event::Stop | Event::HangUp => return Ok(()),
            Event::Suspend => {
                terminal::suspend();
                redraw = false;
            }
            Event::Continue => terminal::resume(terminal, options.mouse)?,
            Event::FileChanged => {
                if reading {
                    again = true;
                } else {
                    reading = true;
                    start_reload(reload, inbox.sender());
                }
                redraw = false;
            }
            Event::Cohort(cohort) => {
                // An empty reading (a PATH gone, every file removed) leaves the screen as it was.
                if !cohort.learners.is_empty() || !cohort.problems.is_empty() {
                    screen.learn(Fact::Reloaded(cohort));
                } else {
                    redraw = false;
                }
                reading = again;
                if again {
                    again = false;
                    start_reload(reload, inbox.sender());
                }
            }
            Event::Terminal(_)
            | Event::CutPaste(_)
            | Event::Loaded
            | Event::Saver(_)
            | Event::VerifyOutput
            | Event::VerifyEnded(_) => redraw = false,
        }
        if redraw {
            draw(terminal, screen, options)?;
        }
    }
}

/// Fits the screen (and a learner's grid) to the terminal and draws it.
fn draw(terminal: &mut DefaultTerminal, screen: &mut Screen, options: Options) -> Result<()> {
    let size = terminal::fit(terminal)?;
    let today = crate::clock::today(screen.tz())
        .unwrap_or_else(|_| screen.tz().to_datetime(jiff::Timestamp::now()).date());
    if today != screen.today() {
        screen.learn(Fact::Today(today));
    }
    if let Some(app) = screen.grid_mut() {
        super::fit(app, size.width, size.height);
    }
    let fit = ui::cohort::fit(screen, size.width, size.height);
    screen.learn(Fact::Fit(fit));
    terminal.draw(|frame| ui::cohort::render(screen, options.theme, options.keymap, frame))?;
    Ok(())
}
