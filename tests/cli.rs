//! The command line seen from outside: every subcommand run as the real binary against a
//! throw-away home, with assertions on what it prints, how it exits and what lands on disk.

mod common;

use std::collections::BTreeSet;
use std::fs;
#[cfg(unix)]
use std::io::Read;
use std::path::{Path, PathBuf};
#[cfg(unix)]
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::Command;
#[cfg(unix)]
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use predicates::prelude::*;
use pretty_assertions::assert_eq;
use roadmap_tui::model::Roadmap;
use serde_json::{Value, json};
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

const TRACKS: [&str; 6] = ["python", "node", "go", "php", "kotlin", "java"];
const LEVELS: [&str; 6] = [
    "Freshman",
    "Sophomore",
    "Junior",
    "Senior",
    "Lead",
    "Architect",
];

/// The seed roadmap as a Markdown document, as published.
fn seed_doc_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/100BackendTaskingRoadmap.md")
}

fn seed_doc() -> String {
    fs::read_to_string(seed_doc_path()).expect("read the seed document")
}

/// A small roadmap in the asset's JSON schema: two levels, three tracks, task ids 1, 2 and 5.
const MINI_JSON: &str = r#"{
  "id": "mini",
  "title": {"en": "Mini"},
  "tracks": [
    {"id": "rust", "name": "Rust"},
    {"id": "zig", "name": "Zig"},
    {"id": "c", "name": "C"}
  ],
  "levels": [
    {"id": "one", "name": "One", "tasks": [
      {"id": 1, "text": {"en": "Say hello", "es": "Saludar"}},
      {"id": 2, "text": {"en": "Count to ten", "es": "Contar hasta diez"}}
    ]},
    {"id": "two", "name": "Two", "tasks": [
      {"id": 5, "text": {"en": "Sort a list", "es": "Ordenar una lista"}}
    ]}
  ]
}
"#;

/// A temporary home: the progress file, the data directory and every file a test writes live
/// here, and the binary sees it as $HOME so nothing reaches the real one.
struct Sandbox {
    dir: TempDir,
    /// $XDG_RUNTIME_DIR as the binary sees it.
    run: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
            run: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The progress file every `run` passes with `--data`.
    fn data(&self) -> PathBuf {
        self.path().join("progress.json")
    }

    /// $XDG_DATA_HOME as the binary sees it.
    fn xdg_data(&self) -> PathBuf {
        self.path().join("data")
    }

    /// The binary with a clean environment pointing into the sandbox, and no `--data`.
    fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("roadmap-tui").expect("the roadmap-tui binary");
        cmd.env("HOME", self.path())
            .env("XDG_DATA_HOME", self.xdg_data())
            .env("XDG_RUNTIME_DIR", self.run.path())
            .env_remove("ROADMAP_TUI_DATA")
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .current_dir(self.path())
            .timeout(Duration::from_secs(30));
        cmd
    }

    /// Like `run`, as a process to start and wait for later.
    fn spawn(&self, args: &[&str]) -> std::process::Child {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("roadmap-tui"))
            .env("HOME", self.path())
            .env("XDG_DATA_HOME", self.xdg_data())
            .env("XDG_RUNTIME_DIR", self.run.path())
            .env_remove("ROADMAP_TUI_DATA")
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .current_dir(self.path())
            .arg("--data")
            .arg(self.data())
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start roadmap-tui")
    }

    /// The binary on the sandbox's progress file, with `args` after `--data`.
    fn run(&self, args: &[&str]) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--data").arg(self.data()).args(args);
        cmd
    }

    /// Runs `args` on the sandbox's progress file, expects success, returns standard output.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args).output().expect("run roadmap-tui");
        common::stdout_of_success(out, &format!("{args:?}"))
    }

    /// Runs `cmd`, expects exit code `code`, returns standard error.
    fn fails(&self, mut cmd: Command, code: i32) -> String {
        let out = cmd.output().expect("run roadmap-tui");
        common::stderr_of_exit(out, code, "")
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path().join(name);
        fs::write(&path, text).expect("write a sandbox file");
        path
    }

    fn listing(&self) -> BTreeSet<String> {
        listing(self.path())
    }
}

fn listing(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

type CellSet = BTreeSet<(u32, String)>;

/// The (task, track) cells of a progress file whose status is `status`.
fn cells_with(path: &Path, status: &str) -> CellSet {
    let progress = read_json(path);
    let mut set = BTreeSet::new();
    if let Some(tasks) = progress["tasks"].as_object() {
        for (task, cells) in tasks {
            for (track, cell) in cells.as_object().expect("cells are an object") {
                if cell["status"] == status {
                    set.insert((task.parse().expect("numeric task key"), track.clone()));
                }
            }
        }
    }
    set
}

fn cells(list: &[(u32, &str)]) -> CellSet {
    list.iter().map(|&(t, k)| (t, k.to_owned())).collect()
}

/// Splits a Markdown table row into trimmed cells, honouring `\|` as a literal pipe.
fn row_cells(line: &str) -> Vec<String> {
    let inner = line.trim().strip_prefix('|').expect("a table row");
    let inner = inner.strip_suffix('|').expect("a closed table row");
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().unwrap().push('|');
                chars.next();
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(c),
        }
    }
    cells.iter().map(|c| c.trim().to_owned()).collect()
}

/// The task number of a seed-document row: "26." in the first column, or "26. text" in the second.
fn row_task(line: &str) -> Option<u32> {
    if !line.trim_start().starts_with('|') {
        return None;
    }
    let cells: Vec<&str> = line.split('|').map(str::trim).collect();
    let first = cells.get(1)?.trim_end_matches('.');
    if let Ok(n) = first.parse() {
        return Some(n);
    }
    let second = cells.get(2)?;
    let (digits, _) = second.split_once('.')?;
    digits.parse().ok()
}

/// The seed document with `mark` written into the cell of each (task, track).
fn with_marks(doc: &str, marks: &[(u32, &str, &str)]) -> String {
    let mut lines: Vec<String> = doc.lines().map(str::to_owned).collect();
    for &(task, track, mark) in marks {
        let col = 3 + TRACKS
            .iter()
            .position(|t| *t == track)
            .expect("a seed track");
        let line = lines
            .iter_mut()
            .find(|l| row_task(l) == Some(task))
            .unwrap_or_else(|| panic!("task {task} is not in the document"));
        let mut parts: Vec<String> = line.split('|').map(str::to_owned).collect();
        parts[col] = format!(" {mark} ");
        *line = parts.join("|");
    }
    lines.join("\n") + "\n"
}

/// A progress file with every cell of `tracks` done.
fn all_done(tracks: &[&str]) -> String {
    let roadmap = Roadmap::seed().expect("the seed roadmap");
    let mut tasks = serde_json::Map::new();
    for (_, task) in roadmap.tasks() {
        let cells: serde_json::Map<String, Value> = tracks
            .iter()
            .map(|t| {
                let cell = json!({"status": "done", "done_at": "2026-01-01T00:00:00Z"});
                (t.to_string(), cell)
            })
            .collect();
        tasks.insert(task.id.to_string(), Value::Object(cells));
    }
    serde_json::to_string_pretty(&json!({"version": 1, "tasks": tasks})).unwrap()
}

/// The task ids of the seed in reading order (levels in order, tasks in document order).
fn reading_order() -> Vec<u32> {
    let roadmap = Roadmap::seed().expect("the seed roadmap");
    roadmap.tasks().map(|(_, t)| t.id).collect()
}

/// The task number of a `next` line: "·   3  Go      Freshman: …".
fn next_task(line: &str) -> u32 {
    line.split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no task number in {line:?}"))
}

fn is_timestamp(s: &str) -> bool {
    // RFC 3339 UTC to the second: 2026-11-24T10:00:00Z
    s.len() == 20 && s.as_bytes()[4] == b'-' && s.as_bytes()[10] == b'T' && s.ends_with('Z')
}

/// A change stamp: RFC 3339 UTC to the second, or to the millisecond where it was raised above
/// the stamp it replaced (2026-11-24T10:00:00.001Z).
fn is_stamp(s: &str) -> bool {
    is_timestamp(s)
        || (s.len() == 24 && is_timestamp(&format!("{}Z", &s[..19])) && &s[19..20] == ".")
}

// ---------------------------------------------------------------------------------------------
// help, version, completions

#[test]
fn help_lists_every_subcommand() {
    let sb = Sandbox::new();
    let help = sb.ok(&["--help"]);
    let commands: BTreeSet<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for name in [
        "stats",
        "export",
        "import",
        "check",
        "uncheck",
        "start",
        "next",
        "completions",
        "man",
    ] {
        assert!(commands.contains(name), "{name} missing from:\n{help}");
    }
    assert!(help.contains("--data"), "{help}");
    assert!(help.contains("--roadmap"), "{help}");
}

/// The options of a subcommand's help, by long name.
fn options_of(help: &str) -> BTreeSet<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Options:"))
        .flat_map(|l| l.split_whitespace())
        .filter(|w| w.starts_with("--"))
        .map(|w| w.trim_end_matches(',').to_owned())
        .collect()
}

#[test]
fn global_options_are_shown_only_where_they_apply() {
    let sb = Sandbox::new();
    let shown = |args: &[&str]| options_of(&sb.ok(args));
    let set = |names: &[&str]| {
        names
            .iter()
            .map(|n| (*n).to_owned())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(shown(&["completions", "--help"]), set(&["--help"]));
    assert_eq!(shown(&["man", "--help"]), set(&["--help"]));
    assert_eq!(
        shown(&["config", "--help"]),
        set(&["--path", "--init", "--config", "--help"])
    );
    let check = shown(&["check", "--help"]);
    for global in ["--data", "--roadmap", "--locale", "--config"] {
        assert!(check.contains(global), "{check:?}");
    }
    // Still accepted where hidden, as before.
    sb.ok(&["completions", "bash", "--data", "x.json"]);
}

/// An option the environment sets was not typed: a usage error does not list it as if it were
/// one more required option.
#[test]
fn usage_errors_leave_out_what_the_environment_sets() {
    let sb = Sandbox::new();
    let usage = |env: bool, args: &[&str]| {
        let mut cmd = sb.bare();
        if env {
            cmd.env("ROADMAP_TUI_DATA", sb.data())
                .env("ROADMAP_TUI_CONFIG", sb.path().join("c.toml"));
        }
        let err = sb.fails(
            {
                cmd.args(args);
                cmd
            },
            2,
        );
        err.lines()
            .find(|l| l.starts_with("Usage:"))
            .unwrap_or_else(|| panic!("no usage line in: {err}"))
            // Windows names the program as it was run.
            .replace("roadmap-tui.exe", "roadmap-tui")
    };
    for args in [
        &["check"][..],
        &["check", "3"],
        &["review", "3", "-t", "go", "--clear", "--done"],
    ] {
        assert_eq!(usage(true, args), usage(false, args), "{args:?}");
        assert!(!usage(true, args).contains("--data"), "{args:?}");
    }
    assert_eq!(
        usage(true, &["check"]),
        "Usage: roadmap-tui check --track <TRACK> <TASK>"
    );
    // What was typed is still listed.
    assert_eq!(
        usage(true, &["check", "3", "--data", "p.json"]),
        "Usage: roadmap-tui check --track <TRACK> --data <FILE> <TASK>"
    );
}

#[test]
fn version_prints_the_package_version() {
    let sb = Sandbox::new();
    let version = sb.ok(&["--version"]);
    assert_eq!(
        version.trim(),
        format!("roadmap-tui {}", env!("CARGO_PKG_VERSION"))
    );
}

/// The scripts hand each completion back to the program (tests/completions.rs tries them in
/// the shells themselves): each names the program and the variable that asks it to complete.
#[test]
fn completions_for_every_shell() {
    let sb = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = sb.ok(&["completions", shell]);
        assert!(script.contains("roadmap-tui"), "{shell}:\n{script}");
        assert!(
            script.contains("ROADMAP_TUI_COMPLETE"),
            "{shell}:\n{script}"
        );
    }
    let err = sb.fails(sb.run(&["completions", "tcsh"]), 2);
    assert!(err.contains("tcsh"), "{err}");
    assert!(sb.listing().is_empty(), "{:?}", sb.listing());
}

#[test]
fn powershell_completions_register_for_the_binary() {
    let sb = Sandbox::new();
    let script = sb.ok(&["completions", "powershell"]);
    assert!(
        script.contains("Register-ArgumentCompleter -Native -CommandName roadmap-tui"),
        "{script}"
    );
}

/// The program asked to complete a command line (as the scripts ask it) prints the words, and
/// does nothing else.
#[test]
fn the_program_completes_a_command_line_when_asked() {
    let sb = Sandbox::new();
    let out = sb
        .bare()
        .env("ROADMAP_TUI_COMPLETE", "fish")
        .args(["--", "roadmap-tui", "export", "--format", ""])
        .output()
        .unwrap();
    let words = String::from_utf8(out.stdout).unwrap();
    let words: Vec<&str> = words
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(words, ["markdown", "csv", "json", "svg", "html"]);
    assert!(sb.listing().is_empty(), "{:?}", sb.listing());
}

#[test]
fn completions_and_the_manual_to_a_reader_that_went_away() {
    let sb = Sandbox::new();
    for args in [
        &["completions", "bash"][..],
        &["completions", "powershell"],
        &["man"],
    ] {
        let mut child = sb.spawn(args);
        // Close the pipe before the binary writes: its write fails with a broken pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait for roadmap-tui");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?}\n{stderr}", out.status);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

/// The roff of `roadmap-tui man` as text: the escapes of `-` and `'` undone.
fn man_text(page: &str) -> String {
    page.replace("\\-", "-").replace("\\*(Aq", "'")
}

#[test]
fn man_prints_the_manual_page() {
    let sb = Sandbox::new();
    let page = sb.ok(&["man"]);
    // Only roff requests come before the title; the title names the program, section 1 and the
    // version.
    let title = page
        .lines()
        .find(|l| !l.starts_with(".ie") && !l.starts_with(".el"))
        .expect("a line after the preamble");
    let fields: Vec<&str> = title.split_whitespace().collect();
    assert_eq!(fields[..3], [".TH", "roadmap-tui", "1"], "{page}");
    assert!(
        title.contains(&format!("\"roadmap-tui {}\"", env!("CARGO_PKG_VERSION"))),
        "{title}"
    );
    let text = man_text(&page);
    let sections: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix(".SH "))
        .collect();
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SUBCOMMANDS"] {
        assert!(sections.contains(&section), "no {section} in {sections:?}");
    }
    // The global options, their environment variables, and every command.
    for option in ["--data", "--roadmap", "--locale", "--config", "--no-mouse"] {
        assert!(text.contains(option), "{option} missing:\n{text}");
    }
    assert!(text.contains("ROADMAP_TUI_DATA"), "{text}");
    let commands = text
        .split(".SH SUBCOMMANDS")
        .nth(1)
        .expect("a SUBCOMMANDS section");
    for name in [
        "stats",
        "export",
        "import",
        "check",
        "uncheck",
        "start",
        "list",
        "goal",
        "review",
        "next",
        "merge",
        "tracks",
        "config",
        "completions",
        "man",
    ] {
        assert!(
            commands.contains(&format!("roadmap-tui-{name}(")),
            "{name} missing:\n{commands}"
        );
    }
    assert!(commands.contains("Print done/total per level and language"));
    // What is not ASCII is escaped, so groff reads it without preconv: import's check marks.
    assert!(page.is_ascii(), "{page}");
    assert!(
        commands.contains("(\\[u2705] \\[u2714] \\[u2713] x [x])"),
        "{commands}"
    );
    assert!(sb.listing().is_empty(), "{:?}", sb.listing());
}

#[test]
fn usage_errors_exit_2() {
    let sb = Sandbox::new();
    for args in [
        &["frobnicate"][..],
        &["check", "1"],
        &["export", "--format", "pdf"],
        &["next", "-n", "many"],
        &["stats", "--bogus"],
    ] {
        let err = sb.fails(sb.run(args), 2);
        assert!(!err.is_empty(), "{args:?} printed no error");
    }
}

// ---------------------------------------------------------------------------------------------
// Subcommands do not touch the terminal

/// Runs `sh -c script` as the session leader of a new pseudo-terminal and returns all it printed.
#[cfg(unix)]
fn in_pty(sb: &Sandbox, script: &str) -> String {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", script]);
    cmd.env_clear();
    cmd.env("HOME", sb.path());
    cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd.env("TERM", "xterm-256color");
    cmd.env("BIN", assert_cmd::cargo::cargo_bin("roadmap-tui"));
    cmd.env("DATA", sb.data());
    cmd.cwd(sb.path());
    let mut child = pair.slave.spawn_command(cmd).expect("spawn sh in the pty");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        // EIO once the child side closes, on Linux.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        let _ = tx.send(out);
    });
    let out = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the script ends within 30 s");
    let status = child.wait().expect("wait for sh");
    let out = String::from_utf8_lossy(&out).into_owned();
    assert!(status.success(), "the script failed:\n{out}");
    drop(pair.master);
    out
}

// Unix-only: it reads the terminal's modes with `sh` and `stty` in a pseudo-terminal.
#[cfg(unix)]
#[test]
fn subcommands_leave_the_terminal_modes_alone() {
    let sb = Sandbox::new();
    let out = in_pty(
        &sb,
        r#"stty -g; "$BIN" --data "$DATA" check 1 --lang go >/dev/null && stty -g &&
           "$BIN" --data "$DATA" stats && "$BIN" --data "$DATA" next -n 2 &&
           "$BIN" --data "$DATA" export --format csv >/dev/null && stty -g"#,
    );
    let settings: Vec<&str> = out
        .lines()
        .map(str::trim)
        .filter(|l| l.split(':').count() > 10)
        .collect();
    assert_eq!(settings.len(), 3, "{out}");
    assert!(
        settings.iter().all(|s| *s == settings[0]),
        "the terminal settings changed:\n{out}"
    );
    // No escape sequences: no alternate screen, no cursor hiding, no mouse capture.
    assert!(!out.contains('\u{1b}'), "escape sequences in {out:?}");
    assert!(out.contains("Freshman"), "{out}");
    // No LANG here: the task text is in English, as the TUI would show it.
    assert!(out.contains("Set up a local server."), "{out}");
}

// ---------------------------------------------------------------------------------------------
// stats

/// Checks 1 and 2 in Python, 26 in Go, 86 and 105 in Java; starts 3 in Kotlin.
fn some_progress(sb: &Sandbox) {
    for (task, track) in [
        ("1", "python"),
        ("2", "python"),
        ("26", "go"),
        ("86", "java"),
        ("105", "java"),
    ] {
        sb.ok(&["check", task, "--lang", track]);
    }
    sb.ok(&["start", "3", "--lang", "kotlin"]);
}

#[test]
fn stats_table_fits_80_columns_and_counts_the_checks() {
    let sb = Sandbox::new();
    let empty = sb.ok(&["stats"]);
    assert!(empty.contains("0/630"), "{empty}");
    assert!(
        sb.listing().is_empty(),
        "stats created files: {:?}",
        sb.listing()
    );

    some_progress(&sb);
    let table = sb.ok(&["stats"]);
    for line in table.lines() {
        assert!(line.chars().count() <= 80, "{} wide: {line:?}", line.len());
    }
    // Compared word by word; the column alignment is checked below.
    let words: Vec<String> = table
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let expected = [
        "Level Python Node Go PHP Kotlin Java All %",
        "Freshman 2/25 0/25 0/25 0/25 0/25 0/25 2/150 1%",
        "Sophomore 0/16 0/16 1/16 0/16 0/16 0/16 1/96 1%",
        "Junior 0/9 0/9 0/9 0/9 0/9 0/9 0/54 0%",
        "Senior 0/20 0/20 0/20 0/20 0/20 1/20 1/120 0%",
        "Lead 0/17 0/17 0/17 0/17 0/17 0/17 0/102 0%",
        "Architect 0/18 0/18 0/18 0/18 0/18 1/18 1/108 0%",
        "All 2/105 0/105 1/105 0/105 0/105 2/105 5/630 0%",
        "% 1% 0% 0% 0% 0% 1%",
        "In progress: 1",
    ];
    assert_eq!(words, expected, "\n{table}");
    // The header, the level rows and the totals row are right-aligned to the same width.
    let widths: BTreeSet<usize> = table.lines().take(8).map(|l| l.chars().count()).collect();
    assert_eq!(widths.len(), 1, "ragged columns:\n{table}");
}

/// `stats` in each interface language, with goals set: the words the TUI uses, and every line
/// within 80 columns as the terminal counts them.
#[test]
fn stats_speaks_the_interface_language_and_fits_80_columns_with_goals() {
    let sb = Sandbox::new();
    some_progress(&sb);
    let run = |args: &[&str], lang: Option<&str>| {
        let mut cmd = sb.run(args);
        cmd.env("ROADMAP_TUI_TODAY", "2026-11-24");
        if let Some(lang) = lang {
            cmd.env("LANG", lang);
        }
        common::stdout_of_success(cmd.output().unwrap(), &format!("{args:?}"))
    };
    run(&["goal", "2027-06-01"], None);
    run(&["goal", "12w", "--track", "kotlin"], None);
    run(&["goal", "2026-12-01", "--track", "java"], None);
    let fits = |text: &str| {
        for line in text.lines() {
            assert!(
                line.width() <= 80,
                "{} columns: {line:?}\n{text}",
                line.width()
            );
        }
    };
    let english = run(&["stats"], None);
    fits(&english);
    let spanish = run(&["stats"], Some("es_ES.UTF-8"));
    fits(&spanish);
    assert_eq!(spanish, run(&["--locale", "es", "stats"], None));
    for (text, words) in [
        (
            &english,
            [
                "Level ",
                "\nAll ",
                "\nIn progress: 1\n",
                "\nGoal  All languages by 2027-06-01 (189 days): behind by ",
                "\nGoal  Kotlin by 2027-02-16 (84 days): behind by 105 cells\n",
                " of 630 cells left · ",
                "\n  pace 0/week over the last 4 weeks · finish at this pace: no pace yet\n",
            ],
        ),
        (
            &spanish,
            [
                "Nivel ",
                "\nTotal ",
                "\nEn curso: 1\n",
                "\nMeta  Todos los lenguajes para el 2027-06-01 (189 días): atrasada ",
                "\nMeta  Kotlin para el 2027-02-16 (84 días): atrasada 105 celdas\n",
                "\n  quedan 625 de 630 celdas · hacen falta ",
                "\n  ritmo 0/semana en las últimas 4 semanas · fin a este ritmo: sin ritmo aún\n",
            ],
        ),
    ] {
        for word in words {
            assert!(text.contains(word), "{word:?} missing from:\n{text}");
        }
    }
    assert!(
        !spanish.contains("Level") && !spanish.contains("Goal"),
        "{spanish}"
    );
    // A language named at length is cut, not the line widened.
    let roadmap = sb.write(
        "long.json",
        &MINI_JSON.replace(
            "\"Zig\"",
            &format!("\"{}\"", "Zig, the long name ".repeat(5)),
        ),
    );
    let long = |args: &[&str]| {
        let mut all = vec!["--roadmap", roadmap.to_str().unwrap()];
        all.extend(args);
        run(&all, Some("es_ES.UTF-8"))
    };
    long(&["goal", "2027-06-01", "--track", "zig"]);
    let text = long(&["stats"]);
    fits(&text);
    assert!(text.contains("Meta  Zig, the long name"), "{text}");
}

#[test]
fn stats_json_has_the_documented_schema_and_values() {
    let sb = Sandbox::new();
    some_progress(&sb);
    let stats: Value = serde_json::from_str(&sb.ok(&["stats", "--json"])).expect("JSON");

    let keys: BTreeSet<&str> = stats
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "roadmap", "overall", "verified", "tracks", "levels", "activity"
        ])
    );
    assert_eq!(stats["roadmap"], "backend-tasking-roadmap");
    assert_eq!(
        stats["overall"],
        json!({"done": 5, "in_progress": 1, "skipped": 0, "total": 630, "percent": 0.8})
    );

    let tracks = stats["tracks"].as_array().expect("tracks");
    let ids: Vec<&str> = tracks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, TRACKS);
    let count = |done: u64, in_progress: u64, total: u64, percent: f64| json!({"done": done, "in_progress": in_progress, "skipped": 0, "total": total, "percent": percent});
    assert_eq!(
        tracks[0],
        json!({"id": "python", "name": "Python", "verified": 0, "count": count(2, 0, 105, 1.9)})
    );
    assert_eq!(tracks[1]["count"], count(0, 0, 105, 0.0));
    assert_eq!(tracks[2]["count"], count(1, 0, 105, 1.0));
    assert_eq!(tracks[4]["count"], count(0, 1, 105, 0.0));
    assert_eq!(
        tracks[5],
        json!({"id": "java", "name": "Java", "verified": 0, "count": count(2, 0, 105, 1.9)})
    );

    let levels = stats["levels"].as_array().expect("levels");
    let names: Vec<&str> = levels.iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(names, LEVELS);
    let freshman = &levels[0];
    assert_eq!(freshman["id"], "freshman");
    assert_eq!(freshman["count"], count(2, 1, 150, 1.3));
    assert_eq!(freshman["tracks"]["python"], count(2, 0, 25, 8.0));
    assert_eq!(freshman["tracks"]["kotlin"], count(0, 1, 25, 0.0));
    assert_eq!(freshman["tracks"]["go"], count(0, 0, 25, 0.0));
    let track_keys: BTreeSet<&str> = freshman["tracks"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(track_keys, BTreeSet::from(TRACKS));
    assert_eq!(levels[1]["count"], count(1, 0, 96, 1.0));
    assert_eq!(levels[1]["tracks"]["go"], count(1, 0, 16, 6.3));
    assert_eq!(levels[2]["count"], count(0, 0, 54, 0.0));
    assert_eq!(levels[3]["tracks"]["java"], count(1, 0, 20, 5.0));
    assert_eq!(levels[5]["count"], count(1, 0, 108, 0.9));
    assert_eq!(levels[5]["tracks"]["java"], count(1, 0, 18, 5.6));

    // Per-level figures add up to the per-track and overall ones.
    for (t, track) in TRACKS.iter().enumerate() {
        let done: u64 = levels
            .iter()
            .map(|l| l["tracks"][track]["done"].as_u64().unwrap())
            .sum();
        assert_eq!(
            done,
            tracks[t]["count"]["done"].as_u64().unwrap(),
            "{track}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// export

#[test]
fn export_markdown_marks_exactly_the_done_and_started_cells() {
    let sb = Sandbox::new();
    some_progress(&sb);
    let md = sb.ok(&["export", "--format", "markdown"]);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(
        lines[0],
        "| **Nivel** | **Tareas** | **Python** | **Node** | **Go** | **PHP** | **Kotlin** | **Java** |"
    );
    assert_eq!(lines[1], "|---|---|---|---|---|---|---|---|");
    assert_eq!(lines.len(), 2 + 6 + 105, "{md}");

    let done = cells(&[
        (1, "python"),
        (2, "python"),
        (26, "go"),
        (86, "java"),
        (105, "java"),
    ]);
    let started = cells(&[(3, "kotlin")]);
    let mut levels = Vec::new();
    let mut tasks = Vec::new();
    for line in &lines[2..] {
        let row = row_cells(line);
        assert_eq!(row.len(), 8, "{line}");
        if let Some(level) = row[0].strip_prefix("**").and_then(|s| s.strip_suffix("**")) {
            assert!(row[1..].iter().all(String::is_empty), "{line}");
            levels.push(level.to_owned());
            continue;
        }
        let task: u32 = row[0]
            .strip_suffix('.')
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no task number in {line}"));
        assert!(!row[1].is_empty(), "{line}");
        tasks.push(task);
        for (t, track) in TRACKS.iter().enumerate() {
            let cell = (task, track.to_string());
            let want = if done.contains(&cell) {
                "✅"
            } else if started.contains(&cell) {
                "🚧"
            } else {
                ""
            };
            assert_eq!(row[2 + t], want, "task {task} × {track}: {line}");
        }
    }
    assert_eq!(levels, LEVELS);
    assert_eq!(tasks, reading_order());
    assert_eq!(md.matches('✅').count(), 5);
    assert_eq!(md.matches('🚧').count(), 1);
    assert!(
        md.contains("| 1. | Configurar un servidor local. | ✅ |"),
        "{md}"
    );

    let en = sb.ok(&["--lang", "en", "export"]);
    assert!(en.contains("| 1. | Set up a local server. | ✅ |"), "{en}");
}

#[test]
fn export_markdown_escapes_pipes_in_text() {
    let sb = Sandbox::new();
    let roadmap = sb.write(
        "pipes.md",
        "# Pipes\n\n\
         | Level | Task | Rust | Zig |\n\
         |---|---|---|---|\n\
         | **Basics** | | | |\n\
         | 1. | Read a \\| b from stdin | | |\n\
         | 2. | Plain | | |\n",
    );
    let roadmap = roadmap.to_str().unwrap();
    sb.ok(&["--roadmap", roadmap, "check", "1", "--lang", "zig"]);
    let md = sb.ok(&["--roadmap", roadmap, "export"]);
    let row = md
        .lines()
        .find(|l| l.starts_with("| 1."))
        .unwrap_or_else(|| panic!("no task 1 in\n{md}"));
    assert_eq!(row, "| 1. | Read a \\| b from stdin |  | ✅ |");
    assert_eq!(row_cells(row), ["1.", "Read a | b from stdin", "", "✅"]);
}

#[test]
fn export_csv_has_a_row_per_cell() {
    let sb = Sandbox::new();
    some_progress(&sb);
    let text = sb.ok(&["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "task",
            "level",
            "language",
            "status",
            "started_at",
            "done_at",
            "note",
            "text"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV row")).collect();
    assert_eq!(rows.len(), 630);

    let first: Vec<&str> = rows[0].iter().collect();
    assert_eq!(first[..4], ["1", "Freshman", "python", "done"]);
    assert_eq!(first[4], "");
    assert!(is_timestamp(first[5]), "done_at {:?}", first[5]);
    assert_eq!(first[7], "Configurar un servidor local.");
    let languages: Vec<&str> = rows[..6].iter().map(|r| &r[2]).collect();
    assert_eq!(languages, TRACKS);

    let mut done = BTreeSet::new();
    for row in &rows {
        let cell = (row[0].parse::<u32>().expect("task"), row[2].to_owned());
        match &row[3] {
            "done" => {
                assert!(is_timestamp(&row[5]), "{row:?}");
                done.insert(cell);
            }
            "in_progress" => {
                assert_eq!(cell, (3, "kotlin".to_owned()));
                assert!(is_timestamp(&row[4]), "{row:?}");
                assert_eq!(&row[5], "", "{row:?}");
            }
            "todo" => assert_eq!((&row[4], &row[5]), ("", ""), "{row:?}"),
            other => panic!("status {other:?} in {row:?}"),
        }
    }
    assert_eq!(done, cells_with(&sb.data(), "done"));
    let java_86 = rows
        .iter()
        .find(|r| &r[0] == "86" && &r[2] == "java")
        .expect("86 × java");
    assert_eq!((&java_86[1], &java_86[3]), ("Senior", "done"));
}

#[test]
fn export_json_joins_levels_tasks_and_cells() {
    let sb = Sandbox::new();
    some_progress(&sb);
    let export: Value = serde_json::from_str(&sb.ok(&["export", "--format", "json"])).unwrap();
    let levels = export["levels"].as_array().expect("levels");
    assert_eq!(levels.len(), 6);
    let tasks: Vec<&Value> = levels
        .iter()
        .flat_map(|l| l["tasks"].as_array().expect("tasks"))
        .collect();
    assert_eq!(tasks.len(), 105);
    let task1 = &levels[0]["tasks"][0];
    assert_eq!(task1["id"], 1);
    assert_eq!(task1["text"]["en"], "Set up a local server.");
    let python = &task1["cells"]["python"];
    assert_eq!(python["status"], "done");
    assert!(
        is_timestamp(python["done_at"].as_str().unwrap()),
        "{python}"
    );
    assert_eq!(task1["cells"]["node"], json!({"status": "todo"}));
    let kotlin = &levels[0]["tasks"][2]["cells"]["kotlin"];
    assert_eq!(kotlin["status"], "in_progress");
    assert!(kotlin["started_at"].is_string(), "{kotlin}");
    assert!(kotlin.get("done_at").is_none(), "{kotlin}");

    let mut done = BTreeSet::new();
    for task in &tasks {
        let cells = task["cells"].as_object().expect("cells");
        let keys: Vec<&str> = cells.keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 6, "{task}");
        for (track, cell) in cells {
            if cell["status"] == "done" {
                done.insert((task["id"].as_u64().unwrap() as u32, track.clone()));
            }
        }
    }
    assert_eq!(done, cells_with(&sb.data(), "done"));
    // The stats inside are the counts `stats --json` prints; what depends on the day (the
    // activity as of today, the goals) is stats --json's alone.
    let mut stats: Value = serde_json::from_str(&sb.ok(&["stats", "--json"])).unwrap();
    assert!(stats["activity"].is_object(), "{stats}");
    stats.as_object_mut().unwrap().remove("activity");
    assert_eq!(export["stats"], stats);
}

#[test]
fn export_to_a_file_prints_nothing() {
    let sb = Sandbox::new();
    some_progress(&sb);
    for format in ["markdown", "csv", "json"] {
        let expected = sb.ok(&["export", "--format", format]);
        let file = sb.path().join(format!("out.{format}"));
        let printed = sb.ok(&["export", "--format", format, "-o", file.to_str().unwrap()]);
        assert_eq!(printed, "", "{format}");
        assert_eq!(fs::read_to_string(&file).unwrap(), expected, "{format}");
    }
    let file = sb.path().join("long.md");
    sb.ok(&["export", "--output", file.to_str().unwrap()]);
    assert!(
        fs::read_to_string(&file)
            .unwrap()
            .starts_with("| **Nivel**")
    );

    let missing = sb.path().join("no/such/dir/out.md");
    let err = sb.fails(sb.run(&["export", "-o", missing.to_str().unwrap()]), 1);
    assert!(err.contains("out.md"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// import

#[test]
fn import_checks_exactly_the_marked_cells() {
    let sb = Sandbox::new();
    let doc = with_marks(
        &seed_doc(),
        &[(1, "python", "✅"), (26, "go", "✅"), (86, "java", "✅")],
    );
    let file = sb.write("marked.md", &doc);
    let out = sb.ok(&["import", file.to_str().unwrap()]);
    assert!(
        out.contains("checked 3 cells, started 0, 0 already marked."),
        "{out}"
    );
    for line in [
        "  checked task 1 × python",
        "  checked task 26 × go",
        "  checked task 86 × java",
    ] {
        assert!(out.lines().any(|l| l == line), "{line:?} not in\n{out}");
    }
    assert!(!out.contains("match no task"), "{out}");
    assert_eq!(
        cells_with(&sb.data(), "done"),
        cells(&[(1, "python"), (26, "go"), (86, "java")])
    );
    assert_eq!(cells_with(&sb.data(), "in_progress"), BTreeSet::new());
}

#[test]
fn import_accepts_every_mark_and_reports_unmatched_rows() {
    let sb = Sandbox::new();
    let doc = with_marks(
        &seed_doc(),
        &[
            (2, "python", "✔"),
            (3, "node", "✓"),
            (4, "go", "x"),
            (5, "php", "X"),
            (6, "kotlin", "[x]"),
            (7, "java", "[X]"),
            (8, "python", "✔️"),
            (9, "node", "🚧"),
            (10, "go", "-"),
            (11, "php", "[ ]"),
        ],
    );
    // Two rows that match no task, after task 25 (line 33 of the seed).
    let mut lines: Vec<&str> = doc.lines().collect();
    let at = lines.iter().position(|l| row_task(l) == Some(25)).unwrap() + 1;
    lines.insert(at, "| 999. | Tarea inventada | ✅ | | | | | |");
    lines.insert(at + 1, "| | Otra tarea sin número | ✅ | | | | | |");
    let file = sb.write("marks.md", &(lines.join("\n") + "\n"));

    let out = sb.ok(&["import", file.to_str().unwrap()]);
    assert!(
        out.contains("checked 7 cells, started 1, 0 already marked."),
        "{out}"
    );
    assert!(out.contains("  started task 9 × node"), "{out}");
    assert!(out.contains("2 rows match no task:"), "{out}");
    assert!(
        out.contains(&format!("  line {}: Tarea inventada\n", at + 1)),
        "{out}"
    );
    assert!(
        out.contains(&format!("  line {}: Otra tarea sin número\n", at + 2)),
        "{out}"
    );
    assert_eq!(
        cells_with(&sb.data(), "done"),
        cells(&[
            (2, "python"),
            (3, "node"),
            (4, "go"),
            (5, "php"),
            (6, "kotlin"),
            (7, "java"),
            (8, "python"),
        ])
    );
    assert_eq!(cells_with(&sb.data(), "in_progress"), cells(&[(9, "node")]));
}

#[test]
fn import_ignores_and_names_unknown_columns() {
    let sb = Sandbox::new();
    let file = sb.write(
        "columns.md",
        "| Nivel | Tareas | Python | Rust |\n|---|---|---|---|\n\
         | **Freshman** | | | |\n| 1. | Configurar un servidor local. | ✅ | ✅ |\n",
    );
    let out = sb.ok(&["import", file.to_str().unwrap()]);
    assert!(out.contains("checked 1 cell,"), "{out}");
    assert!(
        out.contains("Columns not in the roadmap, ignored: Rust"),
        "{out}"
    );
    assert_eq!(cells_with(&sb.data(), "done"), cells(&[(1, "python")]));
}

#[test]
fn import_dry_run_writes_nothing() {
    let sb = Sandbox::new();
    let doc = with_marks(&seed_doc(), &[(1, "python", "✅"), (26, "go", "✅")]);
    let file = sb.write("marked.md", &doc);
    let before = sb.listing();

    let out = sb.ok(&["import", "--dry-run", file.to_str().unwrap()]);
    assert!(out.contains("would check 2 cells"), "{out}");
    assert!(out.contains("  would check task 26 × go"), "{out}");
    assert!(out.contains("Dry run: nothing was written."), "{out}");
    assert!(!sb.data().exists(), "the dry run wrote the progress file");
    assert_eq!(sb.listing(), before);

    sb.ok(&["check", "5", "--lang", "php"]);
    let bytes = fs::read(sb.data()).unwrap();
    let out = sb.ok(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert!(out.contains("would check 2 cells"), "{out}");
    assert_eq!(
        fs::read(sb.data()).unwrap(),
        bytes,
        "the dry run changed the file"
    );
}

#[test]
fn import_never_unchecks_or_redates() {
    let sb = Sandbox::new();
    sb.ok(&["check", "1", "--lang", "python"]);
    sb.ok(&["check", "2", "--lang", "go"]);
    let before = read_json(&sb.data());

    // The bare seed document has no marks at all.
    let plain = sb.write("plain.md", &seed_doc());
    let out = sb.ok(&["import", plain.to_str().unwrap()]);
    assert!(
        out.contains("checked 0 cells, started 0, 0 already marked."),
        "{out}"
    );
    assert_eq!(read_json(&sb.data()), before);

    // Marked again, or marked in progress: both stay done with their first date.
    let doc = with_marks(
        &seed_doc(),
        &[(1, "python", "✅"), (2, "go", "🚧"), (3, "go", "✅")],
    );
    let file = sb.write("again.md", &doc);
    let out = sb.ok(&["import", file.to_str().unwrap()]);
    assert!(
        out.contains("checked 1 cell, started 0, 2 already marked."),
        "{out}"
    );
    let after = read_json(&sb.data());
    assert_eq!(
        after["tasks"]["1"]["python"],
        before["tasks"]["1"]["python"]
    );
    assert_eq!(after["tasks"]["2"]["go"], before["tasks"]["2"]["go"]);
    assert_eq!(
        cells_with(&sb.data(), "done"),
        cells(&[(1, "python"), (2, "go"), (3, "go")])
    );
}

#[test]
fn import_of_something_that_is_not_a_table() {
    let sb = Sandbox::new();
    let file = sb.write("notes.md", "# Notes\n\nNo table here.\n");
    let err = sb.fails(sb.run(&["import", file.to_str().unwrap()]), 2);
    assert!(err.contains("notes.md"), "{err}");
    assert!(err.contains("no Markdown table"), "{err}");
    assert!(!sb.data().exists());

    let missing = sb.path().join("missing.md");
    let err = sb.fails(sb.run(&["import", missing.to_str().unwrap()]), 1);
    assert!(err.contains("missing.md"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// check, uncheck, start

#[test]
fn check_start_and_uncheck_change_the_file() {
    let sb = Sandbox::new();
    let out = sb.ok(&["check", "12", "--lang", "go"]);
    assert_eq!(out, "Task 12 × Go: done\n");
    let cell = &read_json(&sb.data())["tasks"]["12"]["go"];
    assert_eq!(cell["status"], "done");
    assert!(is_timestamp(cell["done_at"].as_str().unwrap()), "{cell}");

    let bytes = fs::read(sb.data()).unwrap();
    assert_eq!(
        sb.ok(&["check", "12.", "--lang", "Go"]),
        "Task 12 × Go: done (unchanged)\n"
    );
    assert_eq!(fs::read(sb.data()).unwrap(), bytes);

    assert_eq!(
        sb.ok(&["start", "40", "--lang", "PHP"]),
        "Task 40 × PHP: in progress\n"
    );
    let cell = &read_json(&sb.data())["tasks"]["40"]["php"];
    assert_eq!(cell["status"], "in_progress");
    assert!(is_timestamp(cell["started_at"].as_str().unwrap()), "{cell}");

    sb.ok(&["check", "40", "--lang", "php"]);
    let cell = &read_json(&sb.data())["tasks"]["40"]["php"];
    assert_eq!(cell["status"], "done");
    assert!(
        cell["started_at"].is_string(),
        "the start date was lost: {cell}"
    );

    sb.ok(&["check", "12", "--lang", "java"]);
    assert_eq!(
        sb.ok(&["uncheck", "12", "--lang", "go"]),
        "Task 12 × Go: todo\n"
    );
    let progress = read_json(&sb.data());
    // An unchecked cell stays as a stamped todo, so a merge with another copy sees the uncheck.
    let go = &progress["tasks"]["12"]["go"];
    assert!(
        go.get("status").is_none() && go.get("done_at").is_none(),
        "{progress}"
    );
    assert!(is_stamp(go["changed_at"].as_str().unwrap()), "{progress}");
    assert_eq!(progress["tasks"]["12"]["java"]["status"], "done");

    // A missing directory is made on the first save.
    let nested = sb.path().join("new/dir/progress.json");
    sb.bare()
        .arg("--data")
        .arg(&nested)
        .args(["check", "1", "--lang", "go"])
        .assert()
        .success();
    assert_eq!(cells_with(&nested, "done"), cells(&[(1, "go")]));

    sb.ok(&["uncheck", "12", "--lang", "java"]);
    sb.ok(&["uncheck", "40", "--lang", "php"]);
    let progress = read_json(&sb.data());
    let statuses: Vec<&Value> = progress["tasks"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|cells| cells.as_object().unwrap().values())
        .filter_map(|cell| cell.get("status"))
        .collect();
    assert!(statuses.is_empty(), "{progress}");
}

#[test]
fn unknown_task_or_language_exits_2_and_lists_the_valid_ones() {
    let sb = Sandbox::new();
    for task in ["0", "106", "999", "abc", "1.5"] {
        let err = sb.fails(sb.run(&["check", task, "--lang", "go"]), 2);
        assert!(err.contains(&format!("\"{task}\"")), "{err}");
        assert!(err.contains("1 to 105"), "{err}");
    }
    for command in ["check", "uncheck", "start"] {
        let err = sb.fails(sb.run(&[command, "1", "--lang", "rust"]), 2);
        assert!(err.contains("\"rust\""), "{err}");
        assert!(err.contains("python, node, go, php, kotlin, java"), "{err}");
    }
    let err = sb.fails(sb.run(&["next", "--lang", "cobol"]), 2);
    assert!(err.contains("python, node, go, php, kotlin, java"), "{err}");
    assert!(
        sb.listing().is_empty(),
        "a refused command left {:?}",
        sb.listing()
    );
}

#[test]
fn a_held_save_lock_makes_writers_wait_their_turn_and_readers_go_on() {
    let sb = Sandbox::new();
    sb.ok(&["check", "1", "--lang", "go"]);
    let bytes = fs::read(sb.data()).unwrap();
    assert!(
        !sb.listing()
            .iter()
            .any(|n| n.contains("lock") || n.starts_with(".progress")),
        "a lock or a temp file beside the data: {:?}",
        sb.listing()
    );
    // The save lock: the data file's folder (a named mutex called after it on Windows), held
    // here as any writer holds it.
    let held = roadmap_tui::state::lock::acquire(&sb.data(), Duration::ZERO).expect("the lock");
    assert!(held.holds(), "the lock was not really taken");

    let mut writer = sb.spawn(&["check", "2", "--lang", "go"]);
    // Readers do not wait.
    let stats = sb.ok(&["stats"]);
    assert!(stats.contains("1/105"), "{stats}");
    assert_eq!(
        next_task(sb.ok(&["next", "--lang", "go"]).lines().next().unwrap()),
        2
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        writer.try_wait().unwrap().is_none(),
        "the writer did not wait"
    );
    assert_eq!(fs::read(sb.data()).unwrap(), bytes, "written while locked");

    // Letting it go frees the writer.
    drop(held);
    let out = writer.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Task 2 × Go: done\n");
    assert_eq!(
        cells_with(&sb.data(), "done"),
        cells(&[(1, "go"), (2, "go")])
    );
}

#[test]
fn next_lists_todo_cells_in_reading_order() {
    let sb = Sandbox::new();
    let out = sb.ok(&["--locale", "es", "next"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].contains("Configurar un servidor local."), "{out}");
    assert!(lines[0].contains("Freshman"), "{out}");
    for (line, track) in lines.iter().zip(["Python", "Node", "Go", "PHP", "Kotlin"]) {
        assert_eq!(next_task(line), 1, "{out}");
        assert!(line.contains(track), "{track} not in {line}");
    }

    let out = sb.ok(&["next", "-n", "8"]);
    assert_eq!(out.lines().count(), 8, "{out}");
    assert!(out.lines().nth(6).unwrap().contains("Python"), "{out}");
    assert_eq!(next_task(out.lines().nth(6).unwrap()), 2, "{out}");

    sb.ok(&["check", "1", "--lang", "go"]);
    sb.ok(&["check", "2", "--lang", "go"]);
    sb.ok(&["start", "3", "--lang", "go"]);
    let out = sb.ok(&["next", "--lang", "go", "-n", "3"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with('◐'), "the started cell: {out}");
    assert_eq!(
        lines.iter().map(|l| next_task(l)).collect::<Vec<_>>(),
        [3, 4, 5]
    );
    assert!(lines.iter().all(|l| l.contains("Go")), "{out}");

    // Reading order, not number order: 86–90 come inside Senior, 91–95 inside Lead.
    let out = sb.ok(&["next", "--lang", "python", "--count", "200"]);
    let order: Vec<u32> = out.lines().map(next_task).collect();
    assert_eq!(order, reading_order());
}

#[test]
fn next_when_everything_is_done() {
    let sb = Sandbox::new();
    fs::write(sb.data(), all_done(&["go"])).unwrap();
    assert_eq!(sb.ok(&["next", "--lang", "go"]), "Nothing left to do.\n");
    let first = sb.ok(&["next", "-n", "1"]);
    assert_eq!(first.lines().count(), 1);
    assert!(first.contains("Python"), "{first}");

    fs::write(sb.data(), all_done(&TRACKS)).unwrap();
    assert_eq!(sb.ok(&["next"]), "Nothing left to do.\n");
    let stats: Value = serde_json::from_str(&sb.ok(&["stats", "--json"])).unwrap();
    assert_eq!(stats["overall"]["percent"], 100.0);
}

// ---------------------------------------------------------------------------------------------
// notes from the command line: --note adds, --replace-note replaces and says what it replaced

/// The note of `task` × `track` in the sandbox's progress file.
fn note_of(sb: &Sandbox, task: &str, track: &str) -> Value {
    read_json(&sb.data())["tasks"][task][track]["note"].clone()
}

#[test]
fn note_twice_keeps_both_paragraphs_and_the_same_text_once() {
    let sb = Sandbox::new();
    assert_eq!(
        sb.ok(&["check", "5", "--lang", "go", "--note", "chi router"]),
        "Task 5 × Go: done\nNote: chi router\n"
    );
    assert_eq!(
        sb.ok(&[
            "start",
            "5",
            "--lang",
            "go",
            "--note",
            "94% coverage\nbench next"
        ]),
        "Task 5 × Go: in progress\nNote: chi router\n\n      94% coverage\n      bench next\n"
    );
    assert_eq!(
        note_of(&sb, "5", "go"),
        "chi router\n\n94% coverage\nbench next"
    );

    // The same text again, or a line of it: nothing added, nothing written, and it says so.
    let bytes = fs::read(sb.data()).unwrap();
    for text in ["94% coverage\nbench next", "chi router"] {
        assert_eq!(
            sb.ok(&["start", "5", "--lang", "go", "--note", text]),
            "Task 5 × Go: in progress (unchanged)\nNote: already holds that text\n"
        );
    }
    assert_eq!(fs::read(sb.data()).unwrap(), bytes);

    // An empty --note used to clear the note; now it is refused rather than doing nothing.
    let err = sb.fails(sb.run(&["check", "5", "--lang", "go", "--note", " "]), 2);
    assert!(err.contains("--replace-note"), "{err}");
    assert_eq!(fs::read(sb.data()).unwrap(), bytes);
}

#[test]
fn git_then_note_keeps_the_commit_line() {
    let sb = Sandbox::new();
    let Some(work) = repo_with_a_commit(sb.path()) else {
        eprintln!("SKIP git_then_note_keeps_the_commit_line: git is not installed");
        return;
    };
    let short = git(&work, &["rev-parse", "--short", "HEAD"]);
    let line = format!("{short} Add the rate limiter");
    let git_check = |extra: &[&str]| {
        let mut args = vec!["check", "5", "--lang", "go", "--git"];
        args.extend_from_slice(extra);
        let out = sb.run(&args).current_dir(&work).output().unwrap();
        common::stdout_of_success(out, &format!("{args:?}"))
    };
    git_check(&[]);
    assert_eq!(note_of(&sb, "5", "go"), line.as_str());

    sb.ok(&["check", "5", "--lang", "go", "--note", "chi router"]);
    assert_eq!(note_of(&sb, "5", "go"), format!("{line}\n\nchi router"));

    // Both at once: the text first, then the commit's line, which is there already.
    let out = git_check(&["--note", "bench next"]);
    assert_eq!(
        note_of(&sb, "5", "go"),
        format!("{line}\n\nchi router\n\nbench next")
    );
    assert!(out.contains("bench next"), "{out}");
    // On a cell with no note: the text, then the commit's line.
    let args = ["check", "6", "--lang", "go", "--git", "--note", "plan"];
    let out = sb.run(&args).current_dir(&work).output().unwrap();
    common::stdout_of_success(out, &format!("{args:?}"));
    assert_eq!(note_of(&sb, "6", "go"), format!("plan\n{line}"));
}

/// A new repository in `dir` with one commit; `None` when git cannot be run.
fn repo_with_a_commit(dir: &Path) -> Option<PathBuf> {
    std::process::Command::new("git")
        .arg("--version")
        .output()
        .ok()?;
    let work = dir.join("work");
    fs::create_dir_all(&work).unwrap();
    git(&work, &["init", "-q"]);
    git(&work, &["config", "user.name", "Ana"]);
    git(&work, &["config", "user.email", "ana@example.com"]);
    git(&work, &["config", "commit.gpgsign", "false"]);
    fs::write(work.join("main.go"), "package main\n").unwrap();
    git(&work, &["add", "."]);
    git(&work, &["commit", "-qm", "Add the rate limiter"]);
    Some(work)
}

/// Runs git in `dir`, expecting success; its output, trimmed.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn replace_note_replaces_and_prints_the_old_text() {
    let sb = Sandbox::new();
    sb.ok(&[
        "check",
        "5",
        "--lang",
        "go",
        "--note",
        "old plan\n\nsecond thought",
    ]);
    let out = sb.ok(&[
        "check",
        "5",
        "--lang",
        "go",
        "--note",
        "new plan",
        "--replace-note",
    ]);
    assert_eq!(
        out,
        "Task 5 × Go: done (unchanged)\nNote: new plan\n\
         Replaced the note of task 5 × Go, which was:\nold plan\n\nsecond thought\n"
    );
    assert_eq!(note_of(&sb, "5", "go"), "new plan");

    // No note before: nothing replaced, nothing more said.
    assert_eq!(
        sb.ok(&[
            "check",
            "6",
            "--lang",
            "go",
            "--replace-note",
            "--note",
            "first"
        ]),
        "Task 6 × Go: done\nNote: first\n"
    );
    // An empty text clears the note, and still says what it was.
    assert_eq!(
        sb.ok(&["check", "6", "--lang", "go", "--replace-note", "--note", ""]),
        "Task 6 × Go: done (unchanged)\nNote: cleared\n\
         Replaced the note of task 6 × Go, which was:\nfirst\n"
    );
    assert!(note_of(&sb, "6", "go").is_null());

    // --replace-note replaces with --note's text; alone it is refused.
    let bytes = fs::read(sb.data()).unwrap();
    let err = sb.fails(sb.run(&["check", "5", "--lang", "go", "--replace-note"]), 2);
    assert!(err.contains("--note"), "{err}");
    assert_eq!(fs::read(sb.data()).unwrap(), bytes);
}

#[test]
fn a_note_over_the_limit_is_refused_and_nothing_is_written() {
    let sb = Sandbox::new();
    sb.ok(&["check", "5", "--lang", "go", "--note", "chi router"]);
    let refused = |args: &[&str], length: &str| {
        let bytes = fs::read(sb.data()).unwrap();
        let err = sb.fails(sb.run(args), 2);
        assert!(
            err.contains("at most 4000 characters") && err.contains(length),
            "{err}"
        );
        assert!(err.contains("nothing was written"), "{err}");
        assert_eq!(fs::read(sb.data()).unwrap(), bytes, "{args:?} wrote");
    };
    let long = "x".repeat(4001);
    refused(
        &["start", "6", "--lang", "go", "--note", &long],
        "would have 4001",
    );
    refused(
        &[
            "start",
            "5",
            "--lang",
            "go",
            "--note",
            &long,
            "--replace-note",
        ],
        "would have 4001",
    );
    // Added to "chi router" after a blank line: 10 + 2 + 3989 = 4001.
    let more = "y".repeat(3989);
    refused(
        &["start", "5", "--lang", "go", "--note", &more],
        "would have 4001 (10 there already",
    );

    // A longer note written by hand is kept whole: a check leaves it, adding to it is refused.
    let hand = "h".repeat(4500);
    let doc =
        json!({"version": 2, "tasks": {"7": {"go": {"status": "in_progress", "note": hand}}}});
    fs::write(sb.data(), serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    refused(
        &["check", "7", "--lang", "go", "--note", "done"],
        "would have 4506 (4500 there already",
    );
    sb.ok(&["check", "7", "--lang", "go"]);
    assert_eq!(note_of(&sb, "7", "go"), hand.as_str());
}

#[test]
fn a_note_of_exactly_the_limit_is_kept_whole() {
    let sb = Sandbox::new();
    // Characters, not bytes: "ñ" takes two.
    let full = "ñ".repeat(4000);
    sb.ok(&["check", "5", "--lang", "go", "--note", &full]);
    assert_eq!(note_of(&sb, "5", "go"), full.as_str());
    // Added to "chi router" after a blank line: 10 + 2 + 3988 = 4000.
    sb.ok(&["check", "6", "--lang", "go", "--note", "chi router"]);
    let more = "y".repeat(3988);
    sb.ok(&["check", "6", "--lang", "go", "--note", &more]);
    assert_eq!(note_of(&sb, "6", "go"), format!("chi router\n\n{more}"));
}

// ---------------------------------------------------------------------------------------------
// Where the progress lives

#[test]
fn the_environment_names_the_progress_file_and_the_flag_wins() {
    let sb = Sandbox::new();
    let env_file = sb.path().join("from-env.json");
    sb.bare()
        .env("ROADMAP_TUI_DATA", &env_file)
        .args(["check", "7", "--lang", "node"])
        .assert()
        .success();
    assert_eq!(cells_with(&env_file, "done"), cells(&[(7, "node")]));
    sb.bare()
        .env("ROADMAP_TUI_DATA", &env_file)
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("1/630"));

    sb.bare()
        .env("ROADMAP_TUI_DATA", &env_file)
        .arg("--data")
        .arg(sb.data())
        .args(["check", "8", "--lang", "node"])
        .assert()
        .success();
    assert_eq!(cells_with(&sb.data(), "done"), cells(&[(8, "node")]));
    assert_eq!(cells_with(&env_file, "done"), cells(&[(7, "node")]));
    assert!(!sb.xdg_data().exists());
}

// Unix-only: the data folder is moved into the sandbox through XDG_DATA_HOME and HOME; Windows
// takes it from the user's profile whatever the environment says.
#[cfg(unix)]
#[test]
fn without_data_the_progress_goes_to_the_data_dir() {
    let sb = Sandbox::new();
    sb.bare()
        .args(["check", "1", "--lang", "go"])
        .assert()
        .success();
    let dir = sb.xdg_data().join("roadmap-tui");
    assert_eq!(
        cells_with(&dir.join("progress.json"), "done"),
        cells(&[(1, "go")])
    );

    // With XDG_DATA_HOME unset, under $HOME.
    sb.bare()
        .env_remove("XDG_DATA_HOME")
        .args(["check", "2", "--lang", "go"])
        .assert()
        .success();
    let home_file = sb.path().join(".local/share/roadmap-tui/progress.json");
    assert_eq!(cells_with(&home_file, "done"), cells(&[(2, "go")]));
}

// ---------------------------------------------------------------------------------------------
// --roadmap

#[test]
fn the_seed_document_loads_as_a_roadmap() {
    let sb = Sandbox::new();
    let doc = seed_doc_path();
    let doc = doc.to_str().unwrap();
    let stats: Value =
        serde_json::from_str(&sb.ok(&["--roadmap", doc, "stats", "--json"])).expect("stats JSON");
    assert_eq!(stats["roadmap"], "100backendtaskingroadmap");
    let tracks = stats["tracks"].as_array().unwrap();
    let ids: Vec<&str> = tracks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, TRACKS);
    assert!(tracks.iter().all(|t| t["count"]["total"] == 105), "{stats}");
    let levels = stats["levels"].as_array().unwrap();
    let names: Vec<&str> = levels.iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(names, LEVELS);
    assert_eq!(stats["overall"]["total"], 630);
}

// Unix-only: the data folder is moved into the sandbox through XDG_DATA_HOME; Windows takes it
// from the user's profile whatever the environment says.
#[cfg(unix)]
#[test]
fn a_roadmap_without_data_has_its_own_progress_file_in_the_data_dir() {
    let sb = Sandbox::new();
    let doc = seed_doc_path();
    let doc = doc.to_str().unwrap();
    // Without --data: progress-<id>.json in the data dir, the built-in roadmap's file untouched.
    sb.bare()
        .args(["--roadmap", doc, "check", "1", "--lang", "go"])
        .assert()
        .success()
        .stdout("Task 1 × Go: done\n");
    let dir = sb.xdg_data().join("roadmap-tui");
    let own = dir.join("progress-100backendtaskingroadmap.json");
    assert_eq!(cells_with(&own, "done"), cells(&[(1, "go")]));
    assert!(!dir.join("progress.json").exists(), "{:?}", listing(&dir));
    let files: BTreeSet<String> = listing(&dir)
        .into_iter()
        .filter(|f| f.ends_with(".json"))
        .collect();
    assert_eq!(
        files,
        BTreeSet::from(["progress-100backendtaskingroadmap.json".to_owned()])
    );

    sb.bare()
        .args(["check", "3", "--lang", "go"])
        .assert()
        .success();
    assert_eq!(
        cells_with(&dir.join("progress.json"), "done"),
        cells(&[(3, "go")])
    );
    assert_eq!(cells_with(&own, "done"), cells(&[(1, "go")]));
    sb.bare()
        .args(["--roadmap", doc, "next", "--lang", "go", "-n", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("   2  Go"));
}

#[test]
fn a_json_roadmap_loads() {
    let sb = Sandbox::new();
    let roadmap = sb.write("mini.json", MINI_JSON);
    let roadmap = roadmap.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--roadmap", roadmap];
        all.extend_from_slice(args);
        sb.ok(&all)
    };

    let stats: Value = serde_json::from_str(&run(&["stats", "--json"])).unwrap();
    assert_eq!(stats["roadmap"], "mini");
    assert_eq!(
        stats["overall"],
        json!({"done": 0, "in_progress": 0, "skipped": 0, "total": 9, "percent": 0.0})
    );
    let ids: Vec<&str> = stats["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["rust", "zig", "c"]);
    assert_eq!(stats["levels"].as_array().unwrap().len(), 2);

    assert_eq!(
        run(&["check", "5", "--lang", "zig"]),
        "Task 5 × Zig: done\n"
    );
    assert_eq!(cells_with(&sb.data(), "done"), cells(&[(5, "zig")]));
    let table = run(&["stats"]);
    assert!(table.contains("Two"), "{table}");
    assert!(
        table.lines().any(|l| l
            .split_whitespace()
            .eq(["Two", "0/1", "1/1", "0/1", "1/3", "33%"])),
        "{table}"
    );

    let err = sb.fails(
        sb.run(&["--roadmap", roadmap, "check", "3", "--lang", "zig"]),
        2,
    );
    assert!(err.contains("1, 2, 5"), "{err}");
    let err = sb.fails(
        sb.run(&["--roadmap", roadmap, "check", "1", "--lang", "go"]),
        2,
    );
    assert!(err.contains("rust, zig, c"), "{err}");

    let md = run(&["--lang", "en", "export"]);
    assert!(
        md.starts_with("| **Level** | **Tasks** | **Rust** | **Zig** | **C** |"),
        "{md}"
    );
    assert!(md.contains("| 5. | Sort a list |  | ✅ |  |"), "{md}");
    let first = run(&["--lang", "en", "next", "-n", "1"]);
    assert!(first.contains("Say hello"), "{first}");
}

/// Runs `--roadmap FILE stats` on a roadmap file holding `text`; expects exit 2 and returns the
/// message.
fn bad_roadmap(name: &str, text: &str) -> String {
    let sb = Sandbox::new();
    let path = sb.write(name, text);
    let err = sb.fails(sb.run(&["--roadmap", path.to_str().unwrap(), "stats"]), 2);
    assert!(err.contains(name), "the file is not named: {err}");
    assert!(!sb.data().exists());
    err
}

#[test]
fn malformed_roadmaps_exit_2_with_the_line_and_reason() {
    let err = bad_roadmap("syntax.json", "{\n  \"id\": \"x\",\n  \"tracks\": [,]\n}\n");
    assert!(err.contains("line 3"), "{err}");

    let dup = MINI_JSON.replace("\"id\": 5", "\"id\": 1");
    let err = bad_roadmap("dup.json", &dup);
    assert!(err.contains("task 1 appears more than once"), "{err}");

    let empty = r#"{"id": "e", "tracks": [{"id": "go", "name": "Go"}], "levels": [
        {"id": "a", "name": "A", "tasks": [{"id": 1, "text": {"en": "x"}}]},
        {"id": "b", "name": "Empty", "tasks": []}]}"#;
    let err = bad_roadmap("empty.json", empty);
    assert!(err.contains("level \"Empty\" has no tasks"), "{err}");

    let no_tracks = r#"{"id": "n", "tracks": [], "levels": [
        {"id": "a", "name": "A", "tasks": [{"id": 1, "text": {"en": "x"}}]}]}"#;
    let err = bad_roadmap("notracks.json", no_tracks);
    assert!(err.contains("no tracks"), "{err}");

    let head = "| Level | Task | Go |\n|---|---|---|\n";
    let err = bad_roadmap("orphan.md", &format!("{head}| 1. | orphan | |\n"));
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("before the first level"), "{err}");

    let err = bad_roadmap(
        "dup.md",
        &format!("{head}| **A** | | |\n| 1. | a | |\n| 1. | b | |\n"),
    );
    assert!(
        err.contains("line 5: task 1 appears more than once"),
        "{err}"
    );

    let err = bad_roadmap(
        "empty.md",
        &format!("{head}| **A** | | |\n| **B** | | |\n| 1. | b | |\n"),
    );
    assert!(err.contains("line 3: level \"A\" has no tasks"), "{err}");

    let err = bad_roadmap("notracks.md", "| Level | Task |\n|---|---|\n| **A** | |\n");
    assert!(err.contains("line 1"), "{err}");
    assert!(err.contains("language column"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// round trip

#[test]
fn export_then_import_into_a_fresh_file_gives_the_same_cells() {
    let sb = Sandbox::new();
    let checks = [
        ("1", "python"),
        ("25", "node"),
        ("26", "go"),
        ("50", "php"),
        ("86", "java"),
        ("91", "kotlin"),
        ("78", "go"),
        ("105", "python"),
    ];
    for (task, track) in checks {
        sb.ok(&["check", task, "--lang", track]);
    }
    sb.ok(&["start", "2", "--lang", "node"]);
    let file = sb.path().join("export.md");
    sb.ok(&["export", "-o", file.to_str().unwrap()]);

    let fresh = sb.path().join("fresh.json");
    let out = sb
        .bare()
        .arg("--data")
        .arg(&fresh)
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("checked 8 cells, started 1"), "{out}");
    assert!(!out.contains("match no task"), "{out}");

    let done = cells_with(&sb.data(), "done");
    assert_eq!(done.len(), checks.len());
    assert_eq!(cells_with(&fresh, "done"), done);
    assert_eq!(
        cells_with(&fresh, "in_progress"),
        cells_with(&sb.data(), "in_progress")
    );
}

// ---------------------------------------------------------------------------------------------
// a bad progress file

#[test]
fn a_bad_progress_file_is_refused_and_left_untouched() {
    let sb = Sandbox::new();
    let garbage = b"{\"version\": 1, \"tasks\": {\"1\": {\"go\": \n";
    fs::write(sb.data(), garbage).unwrap();
    let doc = sb.write("marked.md", &with_marks(&seed_doc(), &[(4, "go", "✅")]));

    let err = sb.fails(sb.run(&["stats"]), 2);
    assert!(err.contains(sb.data().to_str().unwrap()), "{err}");
    assert!(err.contains("not valid JSON"), "{err}");
    assert!(err.contains("line 2"), "{err}");

    for args in [
        &["stats", "--json"][..],
        &["export"],
        &["next"],
        &["check", "1", "--lang", "go"],
        &["uncheck", "1", "--lang", "go"],
        &["start", "1", "--lang", "go"],
        &["import", doc.to_str().unwrap()],
        &["import", "--dry-run", doc.to_str().unwrap()],
    ] {
        let err = sb.fails(sb.run(args), 2);
        assert!(err.contains("progress.json"), "{args:?}: {err}");
        assert_eq!(
            fs::read(sb.data()).unwrap(),
            garbage,
            "{args:?} changed the file"
        );
    }

    fs::write(sb.data(), br#"{"version": 99, "tasks": {}}"#).unwrap();
    let err = sb.fails(sb.run(&["check", "1", "--lang", "go"]), 2);
    assert!(err.contains("version 99"), "{err}");
    assert_eq!(
        fs::read(sb.data()).unwrap(),
        br#"{"version": 99, "tasks": {}}"#
    );
}

// ---------------------------------------------------------------------------------------------
// Known bugs, ignored until fixed: `cargo test --test cli -- --ignored`

/// Every file under `dir`, as paths relative to it.
fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    let mut found = BTreeSet::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d)
            .expect("read dir")
            .map(|e| e.expect("entry"))
        {
            let path = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                stack.push(path);
            } else {
                found.insert(path.strip_prefix(dir).unwrap().to_owned());
            }
        }
    }
    found
}

#[test]
fn a_roadmap_id_cannot_place_the_progress_file_outside_the_data_dir() {
    let sb = Sandbox::new();
    let evil = MINI_JSON.replace("\"id\": \"mini\"", "\"id\": \"../../../../escaped\"");
    let roadmap = sb.write("evil.json", &evil);
    let _ = sb
        .bare()
        .arg("--roadmap")
        .arg(&roadmap)
        .args(["check", "1", "--lang", "zig"])
        .output()
        .unwrap();
    let written: BTreeSet<PathBuf> = files_under(sb.path())
        .into_iter()
        .filter(|p| p != Path::new("evil.json"))
        .collect();
    for path in &written {
        assert_eq!(
            path.parent(),
            Some(Path::new("data/roadmap-tui")),
            "written outside the data dir: {written:?}"
        );
    }
}

#[test]
fn next_with_count_zero_does_not_claim_everything_is_done() {
    let sb = Sandbox::new();
    let out = sb.run(&["next", "-n", "0"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("Nothing left to do."), "{stdout}");
}

#[test]
fn an_exported_table_reads_back_as_the_same_roadmap() {
    let sb = Sandbox::new();
    let first = sb.write(
        "paths.md",
        "| Level | Task | Go |\n|---|---|---|\n| **A** | | |\n| 1. | Clean C:\\temp | |\n",
    );
    let once = sb.ok(&["--roadmap", first.to_str().unwrap(), "export"]);
    let second = sb.write("exported.md", &once);
    let twice = sb.ok(&["--roadmap", second.to_str().unwrap(), "export"]);
    assert_eq!(twice, once);
}

#[test]
fn next_and_stats_follow_the_locale_as_the_tui_does() {
    let sb = Sandbox::new();
    let next = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = sb.run(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run roadmap-tui");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let english = "Set up a local server.";
    let spanish = "Configurar un servidor local.";
    let out = next(&[("LANG", "en_US.UTF-8")], &["next", "-n", "1"]);
    assert!(out.contains(english), "{out}");
    let out = next(&[("LANG", "es_ES.UTF-8")], &["next", "-n", "1"]);
    assert!(out.contains(spanish), "{out}");
    let out = next(
        &[("LC_ALL", "es_ES.UTF-8"), ("LANG", "en_US.UTF-8")],
        &["next", "-n", "1"],
    );
    assert!(out.contains(spanish), "LC_ALL first: {out}");
    let out = next(
        &[("LANG", "es_ES.UTF-8")],
        &["--locale", "en", "next", "-n", "1"],
    );
    assert!(out.contains(english), "the flag first: {out}");
    // The choice remembered in the file (L in the TUI) comes before the environment.
    fs::write(
        sb.data(),
        r#"{"version": 2, "settings": {"lang": "en"}, "tasks": {}}"#,
    )
    .unwrap();
    let out = next(&[("LANG", "es_ES.UTF-8")], &["next", "-n", "1"]);
    assert!(out.contains(english), "remembered: {out}");
}

#[test]
fn export_markdown_in_english_has_an_english_header_and_stays_spanish_by_default() {
    let sb = Sandbox::new();
    let out = sb.ok(&["--locale", "en", "export", "--format", "markdown"]);
    let header = out.lines().next().unwrap_or("");
    assert!(header.starts_with("| **Level** | **Tasks** |"), "{header}");
    assert!(out.contains("Set up a local server."));
    let mut cmd = sb.run(&["export", "--format", "markdown"]);
    let out = cmd.env("LANG", "en_US.UTF-8").output().unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.starts_with("| **Nivel** | **Tareas** |"), "{out}");
    assert!(out.contains("Configurar un servidor local."));
}
