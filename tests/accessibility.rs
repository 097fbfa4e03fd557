//! For screen readers and braille displays, which follow the terminal's cursor: the cursor on
//! what has the focus on every screen (the cell, the selected line, the text being typed), the
//! screen-reader mode (words for symbols, no box drawing, the focused cell told on one line),
//! and the themes that follow the terminal's background. The real binary in a pseudo-terminal
//! where it can be, the app drawn into a test terminal for the screens a pty cannot reach.

mod common;

use common::{Harness, save_fails};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Position;
use ratatui::style::Modifier;
use roadmap_tui::keymap::Keymap;
use roadmap_tui::ui::{self, theme};

/// Draws the harness's app and returns the frame and where the terminal's cursor is left,
/// `None` when it is hidden.
fn draw(h: &Harness) -> (Buffer, Option<Position>) {
    let mut terminal = Terminal::new(TestBackend::new(h.width, h.height)).expect("terminal");
    let keymap = Keymap::default();
    let view = ui::View {
        app: &h.app,
        theme: &theme::DARK,
        keymap: &keymap,
    };
    terminal.draw(|f| ui::render(&view, f)).expect("draw");
    let backend = terminal.backend();
    let cursor = backend.cursor_visible().then(|| backend.cursor_position());
    (backend.buffer().clone(), cursor)
}

fn row(buffer: &Buffer, y: u16) -> String {
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol())
        .collect()
}

/// The text of row `y` from column `x` on.
fn from(buffer: &Buffer, p: Position) -> String {
    (p.x..buffer.area.width)
        .map(|x| buffer[(x, p.y)].symbol())
        .collect()
}

/// The text of row `y` left of column `x`.
fn before(buffer: &Buffer, p: Position) -> String {
    (0..p.x).map(|x| buffer[(x, p.y)].symbol()).collect()
}

fn reversed(buffer: &Buffer, p: Position) -> bool {
    buffer[p].modifier.contains(Modifier::REVERSED)
}

/// The cursor, which must be shown.
fn cursor(h: &Harness) -> (Buffer, Position) {
    let (buffer, cursor) = draw(h);
    let at = cursor.unwrap_or_else(|| {
        panic!(
            "the cursor is hidden on this screen:\n{}",
            common::buffer_text(&buffer)
        )
    });
    (buffer, at)
}

#[test]
fn in_the_grid_the_cursor_is_on_the_focused_cell_and_moves_with_it() {
    for (w, hgt) in [(80, 24), (120, 40), (60, 15), (200, 60)] {
        let mut h = Harness::new(w, hgt);
        let (buffer, start) = cursor(&h);
        assert!(
            reversed(&buffer, start),
            "{w}×{hgt}: not on the cursor's cell"
        );
        assert_eq!(buffer[start].symbol(), theme::TODO_SYMBOL, "{w}×{hgt}");
        h.press(KeyCode::Down);
        let (buffer, down) = cursor(&h);
        assert_eq!(down, Position::new(start.x, start.y + 1), "{w}×{hgt}: Down");
        assert!(reversed(&buffer, down));
        h.press(KeyCode::Right);
        let (buffer, right) = cursor(&h);
        assert_eq!(right.y, down.y, "{w}×{hgt}: Right keeps the row");
        assert!(right.x > down.x, "{w}×{hgt}: Right moves right");
        assert!(reversed(&buffer, right));
        h.type_keys(" ");
        let (buffer, done) = cursor(&h);
        assert_eq!(done, right);
        assert_eq!(buffer[done].symbol(), theme::DONE_SYMBOL, "{w}×{hgt}");
        // Far down the list, where the grid has scrolled.
        h.press(KeyCode::End);
        let (buffer, last) = cursor(&h);
        assert!(reversed(&buffer, last), "{w}×{hgt}: End");
        assert!(
            row(&buffer, last.y).contains(&h.task_id().to_string()),
            "{w}×{hgt}: the last task's row"
        );
    }
}

#[test]
fn in_the_lists_the_cursor_is_on_the_selected_line() {
    let mut h = Harness::new(80, 24);
    // The languages screen.
    h.type_keys("T");
    let (buffer, first) = cursor(&h);
    assert!(
        from(&buffer, first).contains("python"),
        "{}",
        row(&buffer, first.y)
    );
    assert!(reversed(&buffer, first));
    h.press(KeyCode::Down);
    let (buffer, second) = cursor(&h);
    assert_eq!(second, Position::new(first.x, first.y + 1));
    assert!(from(&buffer, second).contains("node"));
    // Adding a language: in its field.
    h.type_keys("a");
    h.type_keys("rust Rust");
    let (buffer, adding) = cursor(&h);
    assert!(
        before(&buffer, adding).ends_with("rust Rust"),
        "{}",
        row(&buffer, adding.y)
    );
    h.press(KeyCode::Esc);
    h.press(KeyCode::Esc);

    // The overview: on the selected level × language's figures.
    h.type_keys("o");
    let (buffer, cell) = cursor(&h);
    assert!(reversed(&buffer, cell), "{}", row(&buffer, cell.y));
    assert!(
        from(&buffer, cell).starts_with("0/25"),
        "{}",
        row(&buffer, cell.y)
    );
    h.press(KeyCode::Right);
    let (buffer, next) = cursor(&h);
    assert_eq!(next.y, cell.y);
    assert!(next.x > cell.x && reversed(&buffer, next));
    h.press(KeyCode::Down);
    let (buffer, below) = cursor(&h);
    assert!(below.y > next.y && reversed(&buffer, below));
    h.press(KeyCode::Esc);

    // The cells in progress.
    h.type_keys("i");
    h.press(KeyCode::Down);
    h.type_keys("i");
    h.type_keys("p");
    let (buffer, started) = cursor(&h);
    let line = from(&buffer, started);
    assert!(line.contains(" 1 ") || line.contains(" 2 "), "{line}");
    h.press(KeyCode::Down);
    let (_, next) = cursor(&h);
    assert_eq!(next, Position::new(started.x, started.y + 1));
    h.press(KeyCode::Esc);

    // The help: on its first line.
    h.type_keys("?");
    let (buffer, help) = cursor(&h);
    assert!(
        from(&buffer, help).contains(theme::DONE_SYMBOL),
        "{}",
        row(&buffer, help.y)
    );
}

#[test]
fn in_the_editors_the_cursor_is_where_the_text_goes() {
    let mut h = Harness::new(80, 24);
    // The note editor.
    h.type_keys("e");
    let (_, empty) = cursor(&h);
    h.type_keys("hola");
    let (buffer, typed) = cursor(&h);
    assert_eq!(typed, Position::new(empty.x + 4, empty.y));
    assert!(before(&buffer, typed).ends_with("hola"));
    h.press(KeyCode::Enter);
    h.type_keys("ab");
    let (_, second) = cursor(&h);
    assert_eq!(second, Position::new(empty.x + 2, empty.y + 1));
    h.press(KeyCode::Esc);
    h.press(KeyCode::Esc);

    // The search line.
    h.type_keys("/local");
    let (buffer, search) = cursor(&h);
    assert_eq!(search.y, 23, "on the bottom line");
    assert!(
        before(&buffer, search).ends_with("/local"),
        "{}",
        row(&buffer, 23)
    );
    h.press(KeyCode::Esc);

    // The goal's field.
    h.type_keys("og");
    h.send(common::ctrl('u'));
    h.type_keys("90d");
    let (buffer, goal) = cursor(&h);
    assert!(
        before(&buffer, goal).ends_with("90d"),
        "{}",
        row(&buffer, goal.y)
    );
    h.press(KeyCode::Esc);
    h.press(KeyCode::Esc);

    // The field for a copy when saves fail, and the prompt before it.
    save_fails(&mut h.app, "disk full");
    h.type_keys("q");
    let (buffer, prompt) = cursor(&h);
    assert!(
        from(&buffer, prompt).contains("not saved") || from(&buffer, prompt).contains("guardados"),
        "{}",
        row(&buffer, prompt.y)
    );
    h.type_keys("s");
    h.send(common::ctrl('u'));
    h.type_keys("/tmp/copy.json");
    let (buffer, copy) = cursor(&h);
    assert!(before(&buffer, copy).ends_with("/tmp/copy.json"));
}

#[test]
fn the_screen_reader_mode_says_in_words_what_has_the_focus() {
    use roadmap_tui::app::Fact;
    let mut h = Harness::new(120, 40);
    h.app.update(Fact::ScreenReader(true), common::NOW);
    h.app
        .update(Fact::Lang(roadmap_tui::model::Lang::En), common::NOW);
    h.press(KeyCode::Esc);
    h.type_keys(" ");
    let (buffer, at) = cursor(&h);
    let text = common::buffer_text(&buffer);
    assert!(from(&buffer, at).starts_with("done"), "{text}");
    let last = row(&buffer, 39);
    assert!(
        last.contains("Task 1, Python, done, 2026-11-24"),
        "the bottom line: {last}"
    );
    for c in text.chars() {
        assert!(
            !('\u{2500}'..='\u{259F}').contains(&c) && !"✔◐·↻▶".contains(c),
            "{c:?} on the screen:\n{text}"
        );
    }
}

#[test]
fn the_config_turns_the_screen_reader_mode_on_and_says_so() {
    use roadmap_tui::config::{self, Config};
    let path = std::path::Path::new("c.toml");
    assert!(
        config::parse("screen_reader = true\n", path)
            .unwrap()
            .screen_reader
    );
    assert!(!Config::default().screen_reader);
    let err = config::parse("screen_reader = \"yes\"\n", path)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 1, column 17: screen_reader is true or false"),
        "{err}"
    );
    // The printed config shows the setting, commented out at its default.
    let printed = Config::default().to_toml(None);
    assert!(printed.contains("\n# screen_reader = false\n"), "{printed}");
}

/// The real binary in a pseudo-terminal (Unix only: the pty is Unix's).
#[cfg(unix)]
mod in_a_terminal {
    use std::ffi::OsString;
    use std::path::Path;
    use std::time::{Duration, Instant};

    use super::common::pty::{self, Tui, flat};

    const BIN: &str = env!("CARGO_BIN_EXE_roadmap-tui");
    const DOWN: &str = "\x1b[B";
    const RIGHT: &str = "\x1b[C";
    const TIMEOUT: Duration = Duration::from_secs(10);
    use crate::common::sandbox::Sandbox;

    impl Sandbox {
        fn home(&self) -> &Path {
            self.dir.path()
        }

        /// The app in a `cols` × `rows` pty, in `lang`, with `args` and `env` besides, its
        /// colour query answered with `background` when given.
        fn tui(
            &self,
            (cols, rows): (u16, u16),
            lang: &str,
            args: &[&str],
            env: &[(&str, OsString)],
            background: Option<&'static str>,
        ) -> Tui {
            let mut argv: Vec<OsString> = vec![BIN.into(), "--data".into(), self.data().into()];
            argv.extend(args.iter().map(OsString::from));
            let mut all: Vec<(&str, OsString)> = vec![
                ("HOME", self.home().into()),
                ("TERM", "xterm-256color".into()),
                ("LANG", lang.into()),
                ("ROADMAP_TUI_TODAY", "2026-11-24".into()),
            ];
            for (k, v) in env {
                all.retain(|(name, _)| name != k);
                all.push((k, v.clone()));
            }
            let options = pty::Options {
                attributes: true,
                background,
                timeout: TIMEOUT,
                poll: Duration::from_millis(20),
            };
            Tui::spawn(&argv, &all, self.home(), cols, rows, options)
        }
    }

    /// Waits until the terminal's cursor, shown, satisfies `pred`; returns where it is.
    fn wait_cursor(tui: &Tui, what: &str, pred: impl Fn((u16, u16)) -> bool) -> (u16, u16) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            tui.wait_idle();
            let (at, shown) = tui.cursor();
            if shown && pred(at) {
                return at;
            }
            assert!(
                Instant::now() < deadline,
                "the cursor ({at:?}, shown: {shown}) never came {what}; the screen:\n{}",
                tui.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The character under the terminal's cursor and whether it is drawn in reverse video.
    fn under_cursor(tui: &Tui) -> (String, bool) {
        let ((x, y), _) = tui.cursor();
        tui.with_screen(|s| {
            let cell = s.cell(y, x).expect("the cursor is on the screen");
            (cell.contents().to_owned(), cell.inverse())
        })
    }

    fn row_text(tui: &Tui, y: u16) -> String {
        tui.screen()
            .lines()
            .nth(usize::from(y))
            .unwrap_or("")
            .to_owned()
    }

    #[test]
    fn the_terminal_cursor_is_on_the_focused_cell_and_follows_it() {
        for size in [(80, 24), (120, 40)] {
            let sandbox = Sandbox::new();
            let mut tui = sandbox.tui(size, "en_US.UTF-8", &[], &[], None);
            tui.wait_for_text("Set up a local server");
            let start = wait_cursor(&tui, "onto the grid", |_| true);
            assert_eq!(under_cursor(&tui), ("·".to_owned(), true), "{size:?}");
            assert!(row_text(&tui, start.1).contains("Set up a local server"));

            tui.send(DOWN);
            let down = wait_cursor(&tui, "one row down", |p| p == (start.0, start.1 + 1));
            assert!(
                under_cursor(&tui).1,
                "{size:?}: the cursor's cell after Down"
            );
            tui.send(RIGHT);
            let right = wait_cursor(&tui, "one column right", |p| p.1 == down.1 && p.0 > down.0);
            assert!(under_cursor(&tui).1);
            tui.send(" ");
            tui.wait_for("the cell checked", |_| under_cursor(&tui).0 == "✔");
            assert_eq!(tui.cursor(), (right, true));

            // The languages screen: on the selected language's line, the cursor's language.
            tui.send("T");
            let first = wait_cursor(&tui, "onto the languages", |p| p != right);
            assert!(row_text(&tui, first.1).contains("node"), "{}", tui.screen());
            tui.send(DOWN);
            let second = wait_cursor(&tui, "to the next language", |p| {
                p == (first.0, first.1 + 1)
            });
            assert!(row_text(&tui, second.1).contains("go"));
            tui.send("\x1b");
            tui.wait_for("the grid again", |s| !flat(s).contains("Languages"));

            // The note editor: after what is typed.
            tui.send("e");
            let empty = wait_cursor(&tui, "into the note", |p| p != right);
            tui.send("hola");
            wait_cursor(&tui, "after the note's text", |p| {
                p == (empty.0 + 4, empty.1)
            });
            assert!(row_text(&tui, empty.1).contains("hola"));
            // Esc, then Esc again to drop the unsaved text.
            tui.send("\x1b");
            tui.wait_for_text("again discards");
            tui.send("\x1b");
            tui.wait_for("the note closed", |s| !s.contains("hola"));
            tui.send("q");
            assert!(tui.wait_exit().success());
        }
    }

    /// No box drawing, block or state symbol anywhere on `screen`.
    fn assert_plain(screen: &str) {
        for c in screen.chars() {
            assert!(
                !('\u{2500}'..='\u{259F}').contains(&c) && !"✔◐·⊘↻▶◀▲▼".contains(c),
                "{c:?} on the screen:\n{screen}"
            );
        }
    }

    #[test]
    fn the_screen_reader_mode_speaks_in_words_and_draws_no_boxes() {
        let sandbox = Sandbox::new();
        let mut tui = sandbox.tui((120, 40), "en_US.UTF-8", &["--screen-reader"], &[], None);
        let first = tui.wait_for_text("Set up a local server");
        assert_plain(&first);
        assert!(flat(&first).contains("todo todo todo"), "{first}");
        tui.send(" ");
        let screen = tui.wait_for_text("Task 1, Python, done, 2026-");
        assert_plain(&screen);
        assert_eq!(under_cursor(&tui).0, "d", "the cursor on the word \"done\"");
        tui.send(RIGHT);
        tui.send("i");
        tui.wait_for_text("Task 1, Node, in progress, started 2026-");
        tui.send("e");
        tui.wait_for_text("Note");
        tui.send("first line\rsecond");
        tui.send("\x13");
        let screen = tui.wait_for_text("Task 1, Node, in progress, started");
        assert!(flat(&screen).contains("note: first line …"), "{screen}");
        // A skipped cell, in a word too.
        tui.send(RIGHT);
        tui.send("s");
        let screen = tui.wait_for_text("Task 1, Go, skipped");
        assert_plain(&screen);
        assert_eq!(
            under_cursor(&tui).0,
            "s",
            "the cursor on the word \"skipped\""
        );
        tui.send("\x1b[D");
        tui.wait_for_text("Task 1, Node, in progress");
        // The overview tells its selected cell the same way.
        tui.send("o");
        let screen = tui.wait_for_text("Freshman, Node, 0/25 done, 1 in progress");
        assert_plain(&screen);
        // Go's total leaves its skipped cell out.
        tui.send("\x1b[C");
        let screen = tui.wait_for_text("Freshman, Go, 0/24 done");
        assert_plain(&screen);
        tui.send("\x1b");
        tui.wait_for_text("Task 1, Node");
        tui.send("q");
        assert!(tui.wait_exit().success());

        // In Spanish, and from the config instead of the flag.
        let config = sandbox.home().join("config.toml");
        std::fs::write(&config, "screen_reader = true\n").expect("config");
        let mut tui = sandbox.tui(
            (120, 40),
            "es_ES.UTF-8",
            &["--locale", "es"],
            &[("ROADMAP_TUI_CONFIG", config.into())],
            None,
        );
        tui.wait_for_text("Configurar un servidor local");
        // Back where the last session left off (task 1 × Node), then a row down.
        tui.send(DOWN);
        let screen = tui.wait_for_text("Tarea 2, Node, pendiente");
        assert_plain(&screen);
        assert!(
            flat(&screen).contains("hecha en curso* omitida pendiente"),
            "{screen}"
        );
        tui.send("q");
        assert!(tui.wait_exit().success());
    }

    /// The colour a done cell is drawn in.
    fn done_colour(tui: &Tui) -> vt100::Color {
        tui.with_screen(|s| {
            let (rows, cols) = s.size();
            (0..rows.get())
                .flat_map(|y| (0..cols.get()).map(move |x| (y, x)))
                .filter_map(|(y, x)| s.cell(y, x))
                .find(|c| c.contents() == "✔" && !c.inverse())
                .map(|c| c.fgcolor())
                .expect("a done cell off the cursor")
        })
    }

    #[test]
    fn the_high_contrast_and_colorblind_themes_follow_the_terminal_background() {
        let black = "rgb:0000/0000/0000";
        let white = "rgb:ffff/ffff/ffff";
        for (base, background, role) in [
            (
                "high-contrast",
                black,
                roadmap_tui::ui::theme::HIGH_CONTRAST_DARK.done,
            ),
            (
                "high-contrast",
                white,
                roadmap_tui::ui::theme::HIGH_CONTRAST_LIGHT.done,
            ),
            (
                "colorblind",
                black,
                roadmap_tui::ui::theme::COLOR_BLIND_DARK.done,
            ),
            (
                "colorblind",
                white,
                roadmap_tui::ui::theme::COLOR_BLIND_LIGHT.done,
            ),
        ] {
            let sandbox = Sandbox::new();
            let mut tui = sandbox.tui(
                (100, 30),
                "en_US.UTF-8",
                &["--theme", base],
                &[],
                Some(background),
            );
            tui.wait_for_text("Set up a local server");
            tui.send(" ");
            tui.send(DOWN);
            tui.wait_for("the cell checked", |s| s.contains("✔"));
            tui.wait_idle();
            let Some(ratatui::style::Color::Indexed(n)) = role.fg else {
                panic!("{base}: done is a palette colour")
            };
            assert_eq!(
                done_colour(&tui),
                vt100::Color::Idx(n),
                "{base} on {background}"
            );
            tui.send("q");
            assert!(tui.wait_exit().success());
        }
    }
}
