//! The cohort screen (`roadmap-tui cohort PATH…` without `--format`) in a pseudo-terminal: the
//! learners and their figures, sorting, the attention flag and its reason, a corrupt file's
//! error, levels and languages as columns, a learner's grid opened read-only, the stuck view,
//! and a file changed on disk showing up. After every run every file's bytes and modification
//! time are as they were, and nothing was added.
//!
//! Unix-only: the pseudo-terminal harness (portable-pty) is Unix's.

#![cfg(unix)]

mod common;

use common::git::git;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::pty::{self, Tui, flat};
use serde_json::{Value, json};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_roadmap-tui");
const TODAY: &str = "2026-12-06";

const TERMINAL: pty::Options = pty::Options {
    attributes: true,
    background: None,
    timeout: Duration::from_secs(15),
    poll: Duration::from_millis(20),
};

/// A cell done on `day`.
fn done(day: &str) -> Value {
    json!({"status": "done", "done_at": format!("{day}T10:00:00Z")})
}

/// A cell in progress since `day`.
fn started(day: &str) -> Value {
    json!({"status": "in_progress", "started_at": format!("{day}T10:00:00Z")})
}

/// A progress file named `name` with `cells`: (task, track, cell).
fn progress(name: &str, cells: &[(u32, &str, Value)]) -> String {
    let mut tasks = serde_json::Map::new();
    for (task, track, cell) in cells {
        let entry = tasks.entry(task.to_string()).or_insert_with(|| json!({}));
        entry[*track] = cell.clone();
    }
    json!({"version": 3, "settings": {"name": name}, "tasks": tasks}).to_string()
}

/// Five learners and a corrupt file:
/// - Carla: tasks 1–10 done in go, 11 started this week: the most progress, frontier 11;
/// - Ana: tasks 1–3 done in go lately;
/// - Ben: one cell done in October, nothing since: idle;
/// - Dmitri: task 4 in go in progress since October: stuck;
/// - Eva: task 4 in go in progress since November.
struct Class {
    home: TempDir,
    dir: PathBuf,
}

impl Class {
    fn new() -> Class {
        let home = tempfile::tempdir().expect("temp dir");
        let dir = home.path().join("class");
        std::fs::create_dir(&dir).unwrap();
        let mut carla: Vec<(u32, &str, Value)> =
            (2..=10).map(|t| (t, "go", done("2026-12-04"))).collect();
        // A note with an escape sequence that would clear the screen, from another person.
        let mut first = done("2026-12-04");
        first["note"] = json!("hola\u{1b}[2Jmundo");
        carla.push((1, "go", first));
        carla.push((11, "go", started("2026-12-04")));
        let files = [
            ("carla.json", progress("Carla", &carla)),
            (
                "ana.json",
                progress(
                    "Ana",
                    &[
                        (1, "go", done("2026-12-01")),
                        (2, "go", done("2026-12-02")),
                        (3, "go", done("2026-12-03")),
                    ],
                ),
            ),
            (
                "ben.json",
                progress("Ben", &[(1, "python", done("2026-10-01"))]),
            ),
            (
                "dmitri.json",
                progress(
                    "Dmitri",
                    &[
                        (1, "go", done("2026-12-05")),
                        (4, "go", started("2026-10-01")),
                    ],
                ),
            ),
            (
                "eva.json",
                progress(
                    "Eva",
                    &[
                        (1, "go", done("2026-12-05")),
                        (4, "go", started("2026-11-20")),
                    ],
                ),
            ),
            ("corrupt.json", r#"{"version": 3, "tasks": {"#.to_owned()),
        ];
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        Class { home, dir }
    }

    /// Every file under the home folder: its bytes and modification time.
    fn snapshot(&self) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
        fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, (Vec<u8>, SystemTime)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    let meta = std::fs::metadata(&path).unwrap();
                    let bytes = std::fs::read(&path).unwrap();
                    out.insert(path, (bytes, meta.modified().unwrap()));
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(self.home.path(), &mut out);
        out
    }

    /// The cohort screen on the class folder in a `cols` × `rows` pty, in `lang`.
    fn tui(&self, cols: u16, rows: u16, lang: &str, extra: &[&str]) -> Tui {
        let env: [(&str, OsString); 5] = [
            ("HOME", self.home.path().into()),
            ("XDG_CONFIG_HOME", self.home.path().join("config").into()),
            ("TERM", "xterm-256color".into()),
            ("LANG", lang.into()),
            ("ROADMAP_TUI_TODAY", TODAY.into()),
        ];
        let mut argv: Vec<OsString> = vec![BIN.into()];
        argv.extend(extra.iter().map(OsString::from));
        argv.push("cohort".into());
        argv.push(self.dir.clone().into());
        Tui::spawn(&argv, &env, self.home.path(), cols, rows, TERMINAL)
    }
}

/// The screen's line holding `needle`.
fn line_with(screen: &str, needle: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{screen}"))
        .to_owned()
}

/// The row (line number) of each name, in screen order.
fn row_of(screen: &str, name: &str) -> usize {
    screen
        .lines()
        .position(|l| l.contains(&format!(" {name} ")))
        .unwrap_or_else(|| panic!("{name} is not on screen:\n{screen}"))
}

fn quit(tui: &mut Tui) {
    tui.send("q");
    assert!(tui.wait_exit().success(), "the screen quits cleanly");
}

#[test]
fn the_learners_are_shown_sorted_flagged_and_the_corrupt_file_listed_with_its_error() {
    let class = Class::new();
    let before = class.snapshot();
    let mut tui = class.tui(100, 30, "en_US.UTF-8", &[]);
    let screen = tui.wait_for_text("Carla");
    for name in ["Ana", "Ben", "Carla", "Dmitri", "Eva"] {
        row_of(&screen, name);
    }
    // Their totals, over the six languages of the seed roadmap.
    assert!(line_with(&screen, " Carla ").contains("10/630"), "{screen}");
    assert!(line_with(&screen, " Ana ").contains("3/630"), "{screen}");
    // Ben did nothing for 66 days: flagged, with the reason in a few words.
    assert!(
        line_with(&screen, " Ben ").contains("⚠ idle 66d"),
        "{screen}"
    );
    assert!(
        line_with(&screen, " Dmitri ").contains("⚠ stuck 4·go 66d"),
        "{screen}"
    );
    assert!(!line_with(&screen, " Carla ").contains('⚠'), "{screen}");
    // The corrupt file, with what is wrong in it.
    let problem = line_with(&screen, "corrupt.json");
    assert!(problem.contains("not valid JSON"), "{screen}");
    // By progress, the most done first; the first is selected and its detail shown.
    assert!(
        row_of(&screen, "Carla") < row_of(&screen, "Ana"),
        "{screen}"
    );
    assert!(row_of(&screen, "Ana") < row_of(&screen, "Ben"), "{screen}");
    assert!(line_with(&screen, " Carla ").starts_with("▶"), "{screen}");
    assert!(flat(&screen).contains("sort: progress"), "{screen}");
    // Selecting Ben shows his reason in a sentence.
    let ben = row_of(&screen, "Ben") - row_of(&screen, "Carla");
    tui.send(&"\x1b[B".repeat(ben));
    let screen = tui.wait_for_text("no activity for 66 days");
    assert!(line_with(&screen, " Ben ").starts_with("▶"), "{screen}");
    // o cycles the order: last activity, pace, then name; Ben stays selected.
    tui.send("ooo");
    let screen = tui.wait_for_text("sort: name");
    let rows: Vec<usize> = ["Ana", "Ben", "Carla", "Dmitri", "Eva"]
        .iter()
        .map(|n| row_of(&screen, n))
        .collect();
    assert!(rows.windows(2).all(|w| w[0] < w[1]), "{screen}");
    assert!(line_with(&screen, " Ben ").starts_with("▶"), "{screen}");
    quit(&mut tui);
    assert_eq!(
        class.snapshot(),
        before,
        "nothing written, added or touched"
    );
}

#[test]
fn tab_switches_the_columns_between_levels_and_languages() {
    let class = Class::new();
    let mut tui = class.tui(120, 40, "en_US.UTF-8", &[]);
    let screen = tui.wait_for_text("Carla");
    let header = line_with(&screen, "Learner");
    // The levels by name, whole where they fit.
    assert!(
        header.contains("Freshman") && header.contains("Sophomore") && header.contains("Architect"),
        "{header}"
    );
    // Carla's ten tasks are all in level 1: 10 of its 25 tasks × 6 languages.
    assert!(line_with(&screen, " Carla ").contains("10/150"), "{screen}");
    tui.send("\t");
    let screen = tui.wait_for_text("languages");
    let header = line_with(&screen, "Learner");
    assert!(
        header.contains("Go") && header.contains("Python") && !header.contains("Freshman"),
        "{header}"
    );
    // In go, Carla has 10 of 105 done.
    assert!(line_with(&screen, " Carla ").contains("10/105"), "{screen}");
    quit(&mut tui);
}

#[test]
fn enter_opens_the_learners_grid_read_only_and_space_changes_nothing() {
    let class = Class::new();
    let before = class.snapshot();
    // In Spanish.
    let mut tui = class.tui(100, 30, "es_ES.UTF-8", &[]);
    tui.wait_for_text("Carla");
    tui.send("\r");
    let screen = tui.wait_for_text("Carla · solo lectura");
    assert!(
        flat(&screen).contains("Configurar un servidor local"),
        "{screen}"
    );
    // Carla's note on task 1 in go, in the detail pane, without its escape character.
    tui.send("\x1b[C\x1b[C");
    let screen = tui.wait_for_text("hola[2Jmundo");
    assert!(screen.contains("Carla · solo lectura"), "{screen}");
    let refused = |s: &str| s.contains("Solo lectura: el progreso de Carla");
    tui.send(" ");
    tui.wait_for("space refused", refused);
    // Esc dismisses the message; in progress, skip, verify, undo and the note are refused too.
    for key in ["i", "s", "V", "u", "e"] {
        tui.send("\x1b");
        tui.wait_for("the message dismissed", |s| !refused(s));
        tui.send(key);
        tui.wait_for("the key refused", refused);
    }
    tui.send("\x1b");
    tui.wait_for("the message dismissed", |s| !refused(s));
    // Esc with nothing to close goes back to the learners.
    tui.send("\x1b");
    tui.wait_for("the learners again", |s| {
        s.contains("grupo") && s.contains("Dmitri")
    });
    // q in a grid goes back too; q on the learners quits.
    tui.send("\r");
    tui.wait_for_text("solo lectura");
    tui.send("q");
    tui.wait_for("the learners again", |s| s.contains("grupo"));
    quit(&mut tui);
    assert_eq!(
        class.snapshot(),
        before,
        "nothing written, added or touched"
    );
}

#[test]
fn s_shows_the_tasks_left_in_progress_and_each_learners_frontier() {
    let class = Class::new();
    let mut tui = class.tui(100, 30, "en_US.UTF-8", &[]);
    tui.wait_for_text("Carla");
    tui.send("s");
    let screen = tui.wait_for_text("Most often left in progress");
    // Task 4 in go is left in progress by two learners, the oldest since October 1st: first.
    let first = screen
        .lines()
        .skip_while(|l| !l.contains("Most often"))
        .nth(1)
        .unwrap_or_default();
    assert_eq!(
        flat(first).split(' ').take(4).collect::<Vec<_>>(),
        ["4", "go", "2", "2026-10-01"],
        "{screen}"
    );
    // Carla's frontier is task 11 in go; Ben's, who did task 1 in python, task 2.
    assert!(
        flat(&line_with(&screen, " Carla ")).contains("Carla 11 [go]"),
        "{screen}"
    );
    assert!(
        flat(&line_with(&screen, " Ben ")).contains("Ben 2 [python]"),
        "{screen}"
    );
    tui.send("s");
    tui.wait_for("the learners again", |s| s.contains("Attention"));
    quit(&mut tui);
}

#[test]
fn a_file_changed_on_disk_updates_the_view_keeping_the_selection() {
    let class = Class::new();
    let mut tui = class.tui(100, 30, "en_US.UTF-8", &[]);
    let screen = tui.wait_for_text("Carla");
    // Select Ana.
    let ana = row_of(&screen, "Ana") - row_of(&screen, "Carla");
    tui.send(&"\x1b[B".repeat(ana));
    tui.wait_for("Ana selected", |s| {
        s.lines().any(|l| l.starts_with("▶") && l.contains(" Ana "))
    });
    // Ben catches up: 20 tasks in python, today; he is now first and no longer idle.
    let cells: Vec<(u32, &str, Value)> = (1..=20)
        .map(|t| (t, "python", done("2026-12-06")))
        .collect();
    std::fs::write(class.dir.join("ben.json"), progress("Ben", &cells)).unwrap();
    let screen = tui.wait_for("Ben's new figures", |s| {
        s.lines()
            .any(|l| l.contains(" Ben ") && l.contains("20/630"))
    });
    assert!(!line_with(&screen, " Ben ").contains('⚠'), "{screen}");
    assert!(
        row_of(&screen, "Ben") < row_of(&screen, "Carla"),
        "{screen}"
    );
    assert!(line_with(&screen, " Ana ").starts_with("▶"), "{screen}");
    // A new learner's file appears.
    std::fs::write(
        class.dir.join("zoe.json"),
        progress("Zoë\u{1b}[31m", &[(1, "go", done("2026-12-06"))]),
    )
    .unwrap();
    let screen = tui.wait_for_text("Zoë[31m");
    assert!(!screen.contains('\u{1b}'), "{screen}");
    quit(&mut tui);
}

#[test]
fn a_screen_reader_hears_the_selected_learner_in_words() {
    let class = Class::new();
    let mut tui = class.tui(100, 30, "en_US.UTF-8", &["--screen-reader"]);
    tui.wait_for_text("Carla, 1 of 5: 10 of 630 done");
    tui.send("\x1b[B");
    tui.wait_for_text("Ana, 2 of 5: 3 of 630 done");
    quit(&mut tui);
}

#[test]
fn the_screen_fits_narrow_and_wide_terminals_scrolling_the_columns() {
    let class = Class::new();
    for (cols, rows) in [(60, 15), (80, 24), (200, 60)] {
        let mut tui = class.tui(cols, rows, "en_US.UTF-8", &[]);
        let screen = tui.wait_for_text("Carla");
        let header = line_with(&screen, "Learner");
        if cols < 100 {
            // Not every level fits: the rest are counted off screen, and → brings them in.
            assert!(header.contains("▶"), "{cols}×{rows}\n{screen}");
            tui.send(&"\x1b[C".repeat(6));
            let screen = tui.wait_for("the columns scrolled", |s| {
                s.lines().any(|l| l.contains("Learner") && l.contains("◀"))
            });
            // The last level's name, cut to the figures' width.
            assert!(line_with(&screen, "Learner").contains("Archit"), "{screen}");
        } else {
            assert!(
                header.contains("Freshman") && header.contains("Architect"),
                "{header}"
            );
        }
        for line in screen.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= cols as usize,
                "{line}"
            );
        }
        quit(&mut tui);
    }
}

#[test]
fn a_branch_that_moves_in_a_repository_updates_the_view() {
    let home = tempfile::tempdir().expect("temp dir");
    let repo = home.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    if !git(&repo, &["init", "-q"]) {
        eprintln!("SKIPPED: git is not installed or cannot make a repository here");
        return;
    }
    std::fs::write(repo.join("README.md"), "class\n").unwrap();
    assert!(git(&repo, &["add", "."]));
    assert!(git(&repo, &["commit", "-qm", "start"]));
    let commit = |branch: &str, cells: &[(u32, &str, Value)]| {
        assert!(git(&repo, &["checkout", "-q", branch]));
        std::fs::write(repo.join("progress.json"), progress(branch, cells)).unwrap();
        assert!(git(&repo, &["add", "progress.json"]));
        assert!(git(&repo, &["commit", "-qm", branch]));
    };
    for who in ["ana", "ben"] {
        assert!(git(&repo, &["branch", who, "main"]));
        commit(who, &[(1, "go", done("2026-12-01"))]);
    }
    assert!(git(&repo, &["checkout", "-q", "main"]));
    let env: [(&str, OsString); 5] = [
        ("HOME", home.path().into()),
        ("XDG_CONFIG_HOME", home.path().join("config").into()),
        ("TERM", "xterm-256color".into()),
        ("LANG", "en_US.UTF-8".into()),
        ("ROADMAP_TUI_TODAY", TODAY.into()),
    ];
    let argv: [OsString; 3] = [BIN.into(), "cohort".into(), repo.clone().into()];
    let mut tui = Tui::spawn(&argv, &env, home.path(), 100, 30, TERMINAL);
    let screen = tui.wait_for_text("ben");
    assert!(line_with(&screen, " ben ").contains("1/630"), "{screen}");
    // Ben pushes five more tasks: his branch moves, and the screen follows.
    let cells: Vec<(u32, &str, Value)> = (1..=6).map(|t| (t, "go", done("2026-12-05"))).collect();
    commit("ben", &cells);
    let screen = tui.wait_for("ben's new figures", |s| {
        s.lines()
            .any(|l| l.contains(" ben ") && l.contains("6/630"))
    });
    assert!(line_with(&screen, " ana ").contains("1/630"), "{screen}");
    quit(&mut tui);
}

#[test]
fn the_cohort_keys_come_from_the_config_and_the_hint_bar_and_help_follow() {
    let class = Class::new();
    let config = class.home.path().join("config.toml");
    std::fs::write(&config, "[keys.cohort]\nsort = [\"x\"]\nstuck = [\"F2\"]\n").unwrap();
    let config = config.to_string_lossy().into_owned();
    let mut tui = class.tui(120, 40, "en_US.UTF-8", &["--config", &config]);
    let screen = tui.wait_for_text("Carla");
    let hints = screen.lines().last().unwrap_or_default().to_owned();
    assert!(flat(&hints).contains("x sort"), "{hints}");
    assert!(flat(&hints).contains("F2 stuck"), "{hints}");
    tui.send("o");
    tui.send("x");
    tui.wait_for_text("sort: last activity");
    tui.send("\x1bOQ");
    tui.wait_for_text("Most often left in progress");
    tui.send("?");
    let help = tui.wait_for_text("Keys");
    assert!(flat(&help).contains("Where they're stuck"), "{help}");
    tui.send("q");
    assert!(tui.wait_exit().success());
}
