//! The TUI's lifetime and its event loop. The loop blocks on one inbox (see `events`) — no
//! tick, no timer — so an idle app costs no CPU; it redraws only after an event.
//!
//! Every way out (q, Ctrl-C, an error, a panic, SIGTERM, SIGHUP, a hang-up) leaves the terminal
//! as it was and saves what is unsaved. While saves fail, q and Ctrl-C first ask (retry, save a
//! copy elsewhere, or quit anyway); the same key again in that prompt quits. Signals from
//! outside (TERM, HUP, INT sent by `kill`) never ask: they try the save and leave.
//!
//! The roadmap and the progress load on a thread while the terminal is read, so q, Ctrl-C and
//! those signals end the app during a long load too (see `run`).

pub mod cohort;
mod events;
mod resume;
mod saver;
mod terminal;
mod verify;

use std::io;

use color_eyre::Result;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    Event as TermEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};

use std::thread::JoinHandle;

use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};

use crate::app::{Action, App, Effect, Fact, ScreenFit};
use crate::keymap::Keymap;
use crate::state::{self, StateError, Store};
use crate::ui;
use crate::ui::theme::Theme;
use events::{Event, Inbox};
use saver::Saver;

/// The current time as RFC 3339 UTC to the second, for the dates stored on cells.
pub fn now() -> String {
    let ts = jiff::Timestamp::now();
    // Truncated, not rounded: a stamp is never later than the moment it records.
    let second = jiff::TimestampRound::new()
        .smallest(jiff::Unit::Second)
        .mode(jiff::RoundMode::Trunc);
    ts.round(second).unwrap_or(ts).to_string()
}

/// How the terminal is set up, and what the screens are drawn with.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub mouse: bool,
    pub keymap: &'a Keymap,
    pub theme: &'a Theme,
}

/// Fits the app to a `width` × `height` terminal, as the loop does before every draw.
pub fn fit(app: &mut App, width: u16, height: u16) {
    let (overview_view, overview_len, overview_levels) = ui::overview_fit(width, height, app);
    let fit = ScreenFit {
        rows: ui::grid_viewport(width, height, app),
        help_rows: ui::help_rows(height),
        too_small: ui::is_too_small(width, height),
        overview_view,
        overview_len,
        overview_levels,
        grid_tracks: ui::grid_tracks(width, height, app),
        overview_tracks: ui::overview_tracks(width, app),
    };
    app.update(Fact::Fit(fit), "");
}

/// Sets the app up for a `width` × `height` terminal at start: the detail pane is open where
/// the screen has the rows for it (Enter shows and hides it at any size), then the fit.
pub fn start(app: &mut App, width: u16, height: u16) {
    app.update(Fact::SetDetail(height >= 30), "");
    fit(app, width, height);
}

/// How a run of the TUI ended.
#[derive(Debug)]
pub enum Ended<E> {
    /// The loading failed, for this reason (`None`: it panicked). Nothing was drawn.
    NotLoaded(Option<E>),
    /// The user quit, or a signal ended the app, while it loaded. Nothing was drawn or saved.
    QuitWhileLoading,
    /// The app ran until the user quit; with the error of a save that could not be made even at
    /// exit, for the caller to report once the terminal is restored.
    Ran(Option<StateError>),
}

/// Runs the TUI on the app and store that `loading` makes, until the user quits.
///
/// While it loads, the terminal is in raw mode and its input is read (nothing is drawn yet):
/// the keys the keymap binds to quit (q, Ctrl-C) and the signals that end the app end it at
/// once; other keys wait for the first frame, as they would in the terminal's buffer. Whatever
/// follows the loading is bounded by the screen's size (the rows and columns on screen), so a
/// large roadmap or progress never keeps the keyboard waiting.
pub fn run<E: Send + 'static>(
    loading: JoinHandle<Result<(App, Store), E>>,
    options: Options,
) -> Result<Ended<E>> {
    // Without a terminal to read (its input is not one), the loading is waited for as it is,
    // and the terminal's absence is reported after any error of the loading.
    let inbox = enable_raw_mode().ok().and_then(|()| match Inbox::start() {
        Ok(inbox) => Some(inbox),
        Err(_) => {
            let _ = disable_raw_mode();
            None
        }
    });
    let (loaded, inbox) = match inbox {
        Some(mut inbox) => match wait_for(loading, &mut inbox, options.keymap) {
            Some(loaded) => (loaded, Some(inbox)),
            None => {
                let _ = disable_raw_mode();
                return Ok(Ended::QuitWhileLoading);
            }
        },
        None => (loading.join(), None),
    };
    let (mut app, store) = match loaded {
        Ok(Ok(opened)) => opened,
        failed => {
            if inbox.is_some() {
                let _ = disable_raw_mode();
            }
            return Ok(Ended::NotLoaded(failed.ok().and_then(Result::err)));
        }
    };
    let unsaved = run_app(&mut app, store, inbox, options)?;
    // The process ends next: handing back the memory of a large progress piece by piece would
    // only delay the exit.
    std::mem::forget(app);
    Ok(Ended::Ran(unsaved))
}

/// Waits for `loading` to end while reading the terminal: `None` when a quit key or a signal
/// ends the wait first. Other events are kept in the inbox for the loop.
fn wait_for<T: Send + 'static>(
    loading: JoinHandle<T>,
    inbox: &mut Inbox,
    keymap: &Keymap,
) -> Option<std::thread::Result<T>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let sender = inbox.sender();
    std::thread::spawn(move || {
        let _ = tx.send(loading.join());
        let _ = sender.send(Event::Loaded);
    });
    let mut kept = Vec::new();
    loop {
        match inbox.recv()? {
            Event::Loaded => break,
            Event::Stop | Event::HangUp => return None,
            Event::Terminal(TermEvent::Key(key))
                if key.kind != KeyEventKind::Release
                    && keymap.action_for(crate::keymap::Scope::Grid, key) == Some(Action::Quit) =>
            {
                return None;
            }
            event => kept.push(event),
        }
    }
    inbox.put_back(kept);
    rx.recv().ok()
}

/// Runs the loaded app until the user quits. Returns the error of a save that could not be made
/// even at exit, so the caller can report it after the terminal is restored.
fn run_app(
    app: &mut App,
    store: Store,
    inbox: Option<Inbox>,
    options: Options,
) -> Result<Option<StateError>> {
    let mut terminal = match terminal::enter(options.mouse) {
        Ok(terminal) => terminal,
        Err(e) => {
            // Raw mode may be on from the loading (a no-op where it is not).
            let _ = disable_raw_mode();
            return Err(e.into());
        }
    };
    let (path, target) = (store.path().to_owned(), store.target().to_owned());
    // Back where the last session on this file left off; a new file starts at its first task.
    let resumed = if target.exists() {
        resume::load(&target)
    } else {
        None
    };
    if let Some(position) = &resumed {
        app.update(Fact::Resume(position.clone()), "");
    }
    let mut saver = Saver::new(store);
    let mut inbox = inbox;
    let result = first_frame(&mut terminal, app, &path, options)
        .and_then(|()| match inbox.take() {
            Some(started) => Ok(started),
            None => Inbox::start().map_err(Into::into),
        })
        .and_then(|started| {
            let inbox = inbox.insert(started);
            inbox.watch(&target);
            let sender = inbox.sender();
            saver.connect(move |done| sender.send(Event::Saver(Box::new(done))).is_ok());
            event_loop(&mut terminal, app, &mut saver, inbox, options)
        });
    let ended = || {
        let sent = inbox.as_mut().map(Inbox::take_sent).unwrap_or_default();
        sent.into_iter()
            .filter_map(|event| match event {
                Event::Saver(done) => Some(*done),
                _ => None,
            })
            .collect()
    };
    let unsaved = match saver.finish(app, ended) {
        Some(mut store) if !app.progress().same_content(store.base()) => {
            store.save(app.progress()).err()
        }
        Some(_) => None,
        None => Some(StateError::Write {
            path: path.clone(),
            source: io::Error::other("the saver stopped"),
        }),
    };
    let position = app.position();
    if resumed.as_ref() != Some(&position) {
        resume::save(&target, &position);
    }
    terminal::leave();
    // `leave` has shown the cursor. Dropping the terminal would show it again and, on a terminal
    // that hung up, report that failure with `eprintln!`, which panics on the dead terminal.
    std::mem::forget(terminal);
    result?;
    Ok(unsaved)
}

/// What a mouse event asks for: a click goes where it lands, the wheel moves three rows.
fn mouse_action(
    app: &App,
    terminal: &mut DefaultTerminal,
    mouse: MouseEvent,
) -> io::Result<Option<Action>> {
    Ok(match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            let area = terminal.get_frame().area();
            ui::hit_test(app, area.width, area.height, mouse.column, mouse.row)
        }
        MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
        MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
        _ => None,
    })
}

/// Writes a copy of the progress to `path` (atomically, as the data file is written) and tells
/// the app how it went.
fn save_as(app: &mut App, path: &std::path::Path) -> Effect {
    match state::write_copy(path, app.progress()) {
        Ok(()) => app.update(Fact::SavedAs(path.to_owned()), ""),
        Err(e) => app.update(Fact::SaveAsFailed(e.to_string()), ""),
    }
}

/// Draws the first frame, with what the app must say on opening.
fn first_frame(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    path: &std::path::Path,
    options: Options,
) -> Result<()> {
    let area = terminal::fit(terminal)?;
    start(app, area.width, area.height);
    let copies: Vec<String> = state::sync_conflicts(path)
        .iter()
        .filter_map(|p| p.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    app.update(Fact::ConflictCopies(copies), "");
    draw(terminal, app, options)
}

/// Fits the app to the terminal and draws it.
fn draw(terminal: &mut DefaultTerminal, app: &mut App, options: Options) -> Result<()> {
    let size = terminal::fit(terminal)?;
    let today = crate::clock::today(app.tz())
        .unwrap_or_else(|_| app.tz().to_datetime(jiff::Timestamp::now()).date());
    if today != app.today() {
        app.update(Fact::Today(today), "");
    }
    fit(app, size.width, size.height);
    terminal.draw(|frame| {
        let view = ui::View {
            app,
            theme: options.theme,
            keymap: options.keymap,
        };
        ui::render(&view, frame)
    })?;
    Ok(())
}

/// Waits for the save or reload under way, if any, and takes in what it brought (before the app
/// stops for a while, on a suspend): a stopped process keeps its locks. A change of the file
/// seen meanwhile is reloaded after. `recv` waits for what the other threads send.
fn settle(app: &mut App, saver: &mut Saver, mut recv: impl FnMut() -> Option<Event>) {
    while saver.busy() {
        match recv() {
            Some(Event::Saver(done)) => {
                saver.done(app, *done);
            }
            Some(Event::FileChanged) => {
                saver.reload(app);
            }
            Some(_) => {}
            None => return,
        }
    }
}

/// The loop proper.
fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    saver: &mut Saver,
    inbox: &mut Inbox,
    options: Options,
) -> Result<()> {
    // The first frame is drawn.
    let mut redraw = false;
    // The verify under way; dropped (the run killed) whichever way the loop ends.
    let mut job: Option<verify::Job> = None;
    loop {
        if redraw {
            draw(terminal, app, options)?;
        }
        // A save or reload starts once the screen shows what it is for.
        if saver.next(app) == Effect::Quit {
            return Ok(());
        }
        let event = if app.today_uncounted() {
            // A large progress's greeting is counted after the first frame, unless the user
            // is already typing (a key ends the greeting).
            match inbox.try_recv() {
                Some(event) => event,
                None => {
                    app.update(Fact::Idle, "");
                    redraw = true;
                    continue;
                }
            }
        } else {
            match inbox.recv() {
                Some(event) => event,
                None => return Ok(()),
            }
        };
        redraw = true;
        let effect = match event {
            Event::Terminal(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => (options
                .keymap)
                .action_for(ui::scope(app), key)
                .map_or(Effect::None, |action| app.update(action, &now())),
            Event::Terminal(TermEvent::Paste(text)) => app.update(Action::Paste(text), &now()),
            Event::CutPaste(text) => app.update(Action::CutPaste(text), &now()),
            Event::Terminal(TermEvent::Mouse(mouse)) => match mouse_action(app, terminal, mouse)? {
                Some(action) => app.update(action, &now()),
                None => {
                    redraw = false;
                    Effect::None
                }
            },
            Event::Terminal(TermEvent::Resize(..)) | Event::Resize => Effect::None,
            Event::Terminal(_) => {
                redraw = false;
                Effect::None
            }
            Event::Stop | Event::HangUp => return Ok(()),
            // Only the wait for the loading looks for it; the cohort's loop for the other.
            Event::Loaded | Event::Cohort(_) => {
                redraw = false;
                Effect::None
            }
            Event::Suspend => Effect::Suspend,
            Event::Continue => {
                terminal::resume(terminal, options.mouse)?;
                Effect::None
            }
            Event::FileChanged => {
                redraw = false;
                saver.reload(app)
            }
            Event::Saver(done) => {
                // A save may have made the folder the watch waits for.
                inbox.retry_watch();
                saver.done(app, *done)
            }
            Event::VerifyOutput => match &job {
                Some(job) => app.update(Fact::VerifyOutput(job.take_output()), &now()),
                None => Effect::None,
            },
            Event::VerifyEnded(end) => {
                if let Some(job) = job.take() {
                    app.update(Fact::VerifyOutput(job.take_output()), &now());
                }
                app.update(Fact::VerifyEnded(end), &now())
            }
        };
        let effect = match effect {
            Effect::RunVerify(spec) => {
                // One run at a time: the pane that asks for one has none under way.
                job = Some(verify::Job::start(spec, inbox.sender()));
                Effect::None
            }
            Effect::CancelVerify => {
                if let Some(job) = &job {
                    job.cancel();
                }
                Effect::None
            }
            Effect::Save => saver.save(app),
            Effect::SaveAs(path) => save_as(app, &path),
            Effect::Suspend => {
                // A stopped process keeps its locks: the save under way ends first, so that no
                // other writer waits on a suspended TUI.
                settle(app, saver, || inbox.recv_sent());
                terminal::suspend();
                // The SIGCONT that woke us takes the terminal again and redraws.
                redraw = false;
                Effect::None
            }
            other => other,
        };
        if effect == Effect::Quit {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::SaveStatus;
    use crate::model::Status;
    use saver::tests::{mark, next_done, opened};

    #[test]
    fn settle_waits_for_the_save_under_way_before_a_suspend() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        let (mut app, mut saver, rx) = opened(&path);
        mark(
            &mut app,
            4,
            "php",
            Status::InProgress,
            "2026-11-26T10:00:00Z",
        );
        saver.save(&mut app);
        saver.next(&mut app);
        assert_eq!(*app.save_status(), SaveStatus::Saving);
        // The saver's reports, as the inbox hands them on.
        let recv = || Some(Event::Saver(Box::new(next_done(&rx))));
        settle(&mut app, &mut saver, recv);
        assert_eq!(
            *app.save_status(),
            SaveStatus::Saved,
            "the save under way has ended"
        );
        let on_disk = state::read(&path).expect("a readable file");
        assert_eq!(on_disk.status(4, "php"), Status::InProgress);
        // With nothing under way it returns at once.
        settle(&mut app, &mut saver, || panic!("nothing to wait for"));
    }
}
