//! Starting the real binary in a pseudo-terminal: a terminal that reports no size, and a roadmap
//! of thousands of languages, whose first frame comes and whose loading q and Ctrl-C end.
//!
//! Unix-only: the pseudo-terminal and its signals are Unix's.

#![cfg(unix)]

mod common;

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::pty::{self, ENTER_ALT, Tui, assert_restored, flat, rfind};

const BIN: &str = env!("CARGO_BIN_EXE_roadmap-tui");

/// A terminal that answers the device-attributes query and no colour query. The load of a
/// debug build with thousands of languages takes a while on a busy machine: a patient wait.
const TERMINAL: pty::Options = pty::Options {
    attributes: true,
    background: None,
    timeout: Duration::from_secs(30),
    poll: Duration::from_millis(20),
};

const FIRST_FRAME: &str = "Configurar un servidor local";
use crate::common::sandbox::Sandbox;

impl Sandbox {
    /// The binary with `args` after `--data`, in a new `cols` × `rows` pty, in Spanish.
    fn tui(&self, cols: u16, rows: u16, args: &[&OsStr]) -> Tui {
        let data = self.data();
        let mut argv: Vec<&OsStr> = vec![BIN.as_ref(), "--data".as_ref(), data.as_ref()];
        argv.extend(args);
        let env: [(&str, OsString); 3] = [
            ("HOME", self.dir.path().into()),
            ("TERM", "xterm-256color".into()),
            ("LANG", "es_ES.UTF-8".into()),
        ];
        Tui::spawn(&argv, &env, self.dir.path(), cols, rows, TERMINAL)
    }

    /// Writes the seed roadmap with `n` languages ("Track 0"…) and returns its path.
    fn roadmap_with(&self, n: usize) -> PathBuf {
        let seed = include_str!("../assets/roadmap.json");
        let mut roadmap: serde_json::Value = serde_json::from_str(seed).expect("the seed");
        roadmap["id"] = format!("wide-{n}").into();
        roadmap["tracks"] = (0..n)
            .map(|i| serde_json::json!({"id": format!("track{i}"), "name": format!("Track {i}")}))
            .collect();
        let path = self.dir.path().join(format!("wide-{n}.json"));
        std::fs::write(&path, roadmap.to_string()).expect("write the roadmap");
        path
    }
}

/// What the terminal shows at (`row`, `col`).
fn cell(tui: &Tui, row: u16, col: u16) -> String {
    tui.with_screen(|s| s.cell(row, col).map(|c| c.contents().to_owned()))
        .unwrap_or_default()
}

#[test]
fn a_terminal_of_no_size_is_drawn_at_80x24_until_its_size_comes() {
    let sandbox = Sandbox::new();
    // A pty before its first resize reports 0×0, as a serial console may.
    let mut tui = sandbox.tui(0, 0, &[]);
    let first = tui.wait_for_text(FIRST_FRAME);
    assert!(flat(&first).contains("0/630"), "{first}");
    // The grid's frame ends at the 80th column, the hints on the 24th row.
    assert_eq!(cell(&tui, 1, 79), "┐", "{first}");
    let rows: Vec<&str> = first.lines().collect();
    assert!(
        rows.get(23).is_some_and(|l| l.contains("? ayuda")),
        "the hints on row 24:\n{first}"
    );
    // A real size arrives: the next frame fits it.
    tui.resize(100, 30);
    tui.wait_for("a frame 100 columns wide", |_| {
        cell(&tui, 1, 99) == "┐" && cell(&tui, 1, 79) != "┐"
    });
    let screen = tui.wait_for("the hints on row 30", |s| {
        s.lines().nth(29).is_some_and(|l| l.contains("? ayuda"))
    });
    assert!(screen.contains(FIRST_FRAME), "{screen}");
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert_restored(&tui.raw());
}

#[test]
fn three_thousand_languages_show_their_first_frame() {
    let sandbox = Sandbox::new();
    let roadmap = sandbox.roadmap_with(3000);
    let mut tui = sandbox.tui(
        120,
        40,
        &[
            "--roadmap".as_ref(),
            roadmap.as_ref(),
            "--theme".as_ref(),
            "dark".as_ref(),
        ],
    );
    let first = tui.wait_for_text(FIRST_FRAME);
    // The task's text keeps its room; the languages that do not fit are counted.
    assert!(flat(&first).contains("Track 0"), "{first}");
    assert!(first.contains(" ▶"), "{first}");
    assert!(flat(&first).contains("0/315000"), "{first}");
    tui.send("\x1b[C");
    tui.send(" ");
    tui.wait_for_text("1/315000");
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert_restored(&tui.raw());
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sandbox.data()).unwrap()).unwrap();
    assert_eq!(saved["tasks"]["1"]["track1"]["status"], "done", "{saved}");
}

/// Starts the app on a roadmap of 3,000 languages, types `keys` at once, while it loads, and
/// checks that it ends, leaves the terminal as it was and writes nothing.
fn quit_while_loading(keys: &str, roadmap: &Path, sandbox: &Sandbox) {
    // No colour query: the keys would otherwise go to whatever reads its answer.
    let mut tui = sandbox.tui(
        120,
        40,
        &[
            "--roadmap".as_ref(),
            roadmap.as_ref(),
            "--theme".as_ref(),
            "dark".as_ref(),
        ],
    );
    tui.send(keys);
    let status = tui.wait_exit();
    let raw = tui.raw();
    // Typed before the app read the terminal, Ctrl-C is the terminal's SIGINT, which ends it
    // before anything is drawn; read by the app, Ctrl-C and q quit.
    let by_sigint = status.signal() == Some("Interrupt");
    assert!(
        status.success() || (keys == "\x03" && by_sigint),
        "{keys:?} ended the app with {status:?}; the screen:\n{}",
        tui.screen()
    );
    if rfind(&raw, ENTER_ALT).is_some() {
        assert_restored(&raw);
    }
    assert!(
        !sandbox.data().exists(),
        "nothing is written by quitting: {:?}",
        std::fs::read_to_string(sandbox.data())
    );
}

#[test]
fn q_and_ctrl_c_quit_while_thousands_of_languages_load() {
    let sandbox = Sandbox::new();
    let roadmap = sandbox.roadmap_with(3000);
    // Whenever they land — before the terminal is read, during the load, or after the first
    // frame — q and Ctrl-C end the app; a key the app lost would leave it running here.
    quit_while_loading("q", &roadmap, &sandbox);
    quit_while_loading("\x03", &roadmap, &sandbox);
}
