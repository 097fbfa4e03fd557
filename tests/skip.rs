//! The skip state, from the outside: the `skip` command and its errors, what a skipped cell does
//! to every figure the command line prints or exports (it counts toward neither done nor the
//! total), the progress file's version (3 until a cell is skipped, 4 while one is), and in a
//! pseudo-terminal the `s` key, the grid's and the overview's totals, and undo.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_roadmap-tui");
use crate::common::sandbox::Sandbox;

impl Sandbox {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_RUNTIME_DIR", self.dir.path())
            .env("ROADMAP_TUI_TODAY", "2026-11-24")
            .current_dir(self.dir.path())
            .arg("--locale")
            .arg("en")
            .arg("--data")
            .arg(self.data())
            .args(args)
            .stdin(std::process::Stdio::null());
        cmd
    }

    /// Runs `args`, expects success, returns standard output.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.command(args).output().expect("run roadmap-tui");
        common::stdout_of_success(out, &format!("{args:?}"))
    }

    /// Runs `args`, expects exit code `code`, returns standard error.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.command(args).output().expect("run roadmap-tui");
        common::stderr_of_exit(out, code, &format!("{args:?}"))
    }

    fn bytes(&self) -> Vec<u8> {
        fs::read(self.data()).expect("the progress file exists")
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes()).expect("the progress file is JSON")
    }
}

/// Two cells done, one in progress, and two skipped (one with a reason): Python counts 104 cells,
/// Go 104, the whole roadmap 628.
fn some_progress(sb: &Sandbox) {
    sb.ok(&["check", "1", "-t", "python"]);
    sb.ok(&["check", "2", "-t", "go"]);
    sb.ok(&["start", "3", "-t", "go"]);
    let out = sb.ok(&["skip", "2", "-t", "python", "--reason", "known from work"]);
    assert_eq!(
        out, "Task 2 × Python: skipped\nNote: known from work\n",
        "what skip says"
    );
    sb.ok(&["skip", "4", "-t", "go"]);
}

#[test]
fn skip_keeps_the_reason_as_the_note_and_writes_version_4() {
    let sb = Sandbox::new();
    sb.ok(&["check", "1", "-t", "python"]);
    assert_eq!(sb.json()["version"], 3, "no skip yet: version 3");
    let out = sb.ok(&["skip", "5", "-t", "go", "--reason", "done at work"]);
    assert_eq!(out, "Task 5 × Go: skipped\nNote: done at work\n");
    let file = sb.json();
    assert_eq!(file["version"], 4, "{file:#}");
    let cell = &file["tasks"]["5"]["go"];
    assert_eq!(cell["status"], "skip", "{file:#}");
    assert_eq!(cell["note"], "done at work");
    assert!(cell.get("started_at").is_none() && cell.get("done_at").is_none());
    assert!(cell["changed_at"].is_string());

    // Again: nothing changes, the reason is not added twice.
    let before = sb.bytes();
    let out = sb.ok(&["skip", "5", "-t", "go", "--reason", "done at work"]);
    assert_eq!(
        out,
        "Task 5 × Go: skipped (unchanged)\nNote: already holds that text\n"
    );
    assert_eq!(sb.bytes(), before, "nothing written");

    // A second reason is added as a paragraph; a skip of a done cell takes it out of done.
    sb.ok(&["skip", "5", "-t", "go", "--reason", "see the Go course"]);
    assert_eq!(
        sb.json()["tasks"]["5"]["go"]["note"],
        "done at work\n\nsee the Go course"
    );
    sb.ok(&["skip", "1", "-t", "python"]);
    let cell = &sb.json()["tasks"]["1"]["python"];
    assert_eq!(cell["status"], "skip");
    assert!(cell.get("done_at").is_none(), "{cell}");

    // The skipped cells, with their reasons.
    let listed = sb.ok(&["list", "--status", "skipped"]);
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 3, "{listed}");
    assert!(
        lines[0].starts_with("⊘ 1  Python") && lines[1].starts_with("⊘ 5  Go"),
        "{listed}"
    );
    assert!(
        lines[2].trim_start().starts_with("note: done at work …"),
        "{listed}"
    );
    let json: Value = serde_json::from_str(&sb.ok(&["list", "--status", "skipped", "--json"]))
        .expect("list --json is JSON");
    let statuses: Vec<&Value> = json
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| &c["status"])
        .collect();
    assert_eq!(statuses, [&json!("skip"), &json!("skip")]);
    // Neither is todo any more.
    let todo = sb.ok(&["list", "--status", "todo", "-t", "go"]);
    assert!(!todo.lines().any(|l| l.contains("  5  Go")), "{todo}");
}

#[test]
fn skip_takes_the_same_arguments_and_errors_as_check_and_writes_nothing_on_one() {
    let sb = Sandbox::new();
    sb.ok(&["check", "1", "-t", "python"]);
    let before = sb.bytes();
    for (args, says) in [
        (&["skip", "999", "-t", "go"][..], "999"),
        (&["skip", "3", "-t", "cobol"][..], "cobol"),
        (
            &["skip", "3", "-t", "go", "--reason", "  \n"][..],
            "--reason has no text to add",
        ),
        (&["skip", "3"][..], "--track"),
    ] {
        let err = sb.fails(args, 2);
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(sb.bytes(), before, "{args:?} wrote to the file");
    }
    // The task as `check` takes it: "12." and a language by name.
    assert_eq!(
        sb.ok(&["skip", "12.", "--track", "Kotlin"]),
        "Task 12 × Kotlin: skipped\n"
    );
}

#[test]
fn uncheck_brings_a_skipped_cell_back_and_the_file_back_to_version_3() {
    let sb = Sandbox::new();
    sb.ok(&["check", "1", "-t", "python"]);
    sb.ok(&["skip", "2", "-t", "go"]);
    assert_eq!(sb.json()["version"], 4);
    assert_eq!(sb.ok(&["uncheck", "2", "-t", "go"]), "Task 2 × Go: todo\n");
    let file = sb.json();
    assert_eq!(file["version"], 3, "{file:#}");
    // A stamped todo, so that a merge with an older copy does not bring the skip back.
    assert_eq!(file["tasks"]["2"]["go"].get("status"), None, "{file:#}");
    assert!(file["tasks"]["2"]["go"]["changed_at"].is_string());
    // check and start take a skipped cell too.
    sb.ok(&["skip", "3", "-t", "go"]);
    sb.ok(&["check", "3", "-t", "go"]);
    assert_eq!(sb.json()["tasks"]["3"]["go"]["status"], "done");
    assert_eq!(sb.json()["version"], 3);
}

#[test]
fn a_version_3_file_round_trips_byte_for_byte_and_a_version_4_file_reads_back() {
    let sb = Sandbox::new();
    let v3 = r#"{
  "version": 3,
  "tasks": {
    "1": {
      "python": {
        "status": "done",
        "done_at": "2026-11-20T10:00:00Z",
        "changed_at": "2026-11-20T10:00:00Z"
      }
    }
  }
}
"#;
    fs::write(sb.data(), v3).expect("write");
    // A change and its undoing, through the command line: the file is written twice.
    sb.ok(&["start", "2", "-t", "go"]);
    sb.ok(&["uncheck", "2", "-t", "go"]);
    let text = String::from_utf8(sb.bytes()).expect("UTF-8");
    assert!(text.starts_with("{\n  \"version\": 3,"), "{text}");
    // A merge of the file with itself, and a no-op check, leave it as it was.
    fs::write(sb.data(), v3).expect("write");
    let copy = sb.dir.path().join("copy.json");
    fs::write(&copy, v3).expect("write");
    sb.ok(&["merge", "--from", copy.to_str().expect("UTF-8 path")]);
    sb.ok(&["check", "1", "-t", "python"]);
    assert_eq!(String::from_utf8(sb.bytes()).expect("UTF-8"), v3);

    // A version 4 file, as another machine wrote it, is read: stats leave its skip out.
    let v4 = r#"{
  "version": 4,
  "tasks": {
    "1": {
      "python": {
        "status": "skip",
        "note": "known",
        "changed_at": "2026-11-20T10:00:00Z"
      }
    }
  }
}
"#;
    fs::write(sb.data(), v4).expect("write");
    let stats: Value = serde_json::from_str(&sb.ok(&["stats", "--json"])).expect("JSON");
    assert_eq!(stats["overall"]["total"], 629);
    assert_eq!(stats["overall"]["skipped"], 1);
    // Untouched by reading, and by a command that changes nothing.
    sb.ok(&["skip", "1", "-t", "python"]);
    assert_eq!(String::from_utf8(sb.bytes()).expect("UTF-8"), v4);
    // A version this build does not know is still refused, and left as it is.
    let v5 = v4.replace("\"version\": 4", "\"version\": 5");
    fs::write(sb.data(), &v5).expect("write");
    let err = sb.fails(&["skip", "2", "-t", "go"], 2);
    assert!(
        err.contains("has format version 5, but this roadmap-tui reads version 4 at most"),
        "{err}"
    );
    assert_eq!(String::from_utf8(sb.bytes()).expect("UTF-8"), v5);
}

#[test]
fn merging_a_skip_with_a_later_uncheck_and_an_older_check_keeps_the_latest() {
    let sb = Sandbox::new();
    let file = |cells: Value| {
        let version = if cells.to_string().contains("\"skip\"") {
            4
        } else {
            3
        };
        json!({"version": version, "tasks": {"7": cells}}).to_string()
    };
    // Ours: 7 × go skipped at 10:00. Theirs: checked at 09:00 (older), and 7 × php unchecked at
    // 11:00 after a skip at 08:00 here.
    fs::write(
        sb.data(),
        file(json!({
            "go": {"status": "skip", "changed_at": "2026-11-20T10:00:00Z"},
            "php": {"status": "skip", "changed_at": "2026-11-20T08:00:00Z"}
        })),
    )
    .expect("write");
    let theirs = sb.dir.path().join("theirs.json");
    fs::write(
        &theirs,
        file(json!({
            "go": {"status": "done", "done_at": "2026-11-20T09:00:00Z",
                   "changed_at": "2026-11-20T09:00:00Z"},
            "php": {"changed_at": "2026-11-20T11:00:00Z"}
        })),
    )
    .expect("write");
    sb.ok(&["merge", "--from", theirs.to_str().expect("UTF-8 path")]);
    let merged = sb.json();
    assert_eq!(merged["tasks"]["7"]["go"]["status"], "skip", "{merged:#}");
    assert_eq!(
        merged["tasks"]["7"]["php"].get("status"),
        None,
        "{merged:#}"
    );
    assert_eq!(merged["version"], 4, "a skip is left: version 4");

    // git's merge driver, where the later uncheck of the last skip leaves version 3.
    let base = sb.dir.path().join("base.json");
    let ours = sb.dir.path().join("ours.json");
    fs::write(&base, file(json!({}))).expect("write");
    fs::write(
        &ours,
        file(json!({"go": {"status": "skip", "changed_at": "2026-11-20T10:00:00Z"}})),
    )
    .expect("write");
    fs::write(
        &theirs,
        file(json!({"go": {"changed_at": "2026-11-20T12:00:00Z"}})),
    )
    .expect("write");
    let path = |p: &Path| p.to_str().expect("UTF-8 path").to_owned();
    sb.ok(&["merge", &path(&base), &path(&ours), &path(&theirs)]);
    let merged: Value =
        serde_json::from_slice(&fs::read(&ours).expect("read")).expect("the merge is JSON");
    assert_eq!(merged["version"], 3, "{merged:#}");
    assert_eq!(merged["tasks"]["7"]["go"].get("status"), None, "{merged:#}");
}

#[test]
fn skipped_cells_leave_every_total_the_command_line_prints_or_exports() {
    let sb = Sandbox::new();
    some_progress(&sb);

    // stats: 2 done of 628; Python 1/104, Go 1/104.
    let table = sb.ok(&["stats"]);
    let row = |name: &str| -> Vec<String> {
        table
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} row:\n{table}"))
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        row("Freshman")[1..],
        [
            "1/24", "0/25", "1/24", "0/25", "0/25", "0/25", "2/148", "1%"
        ],
        "{table}"
    );
    assert_eq!(row("All")[1..4], ["1/104", "0/105", "1/104"], "{table}");
    assert_eq!(row("All")[7], "2/628", "{table}");
    assert!(
        table.contains("Skipped (left out of the totals): 2"),
        "{table}"
    );

    // stats --json.
    let stats: Value = serde_json::from_str(&sb.ok(&["stats", "--json"])).expect("JSON");
    assert_eq!(
        stats["overall"],
        json!({"done": 2, "in_progress": 1, "skipped": 2, "total": 628, "percent": 0.3})
    );
    assert_eq!(
        stats["tracks"][0]["count"],
        json!({"done": 1, "in_progress": 0, "skipped": 1, "total": 104, "percent": 1.0})
    );
    assert_eq!(
        stats["levels"][0]["tracks"]["go"],
        json!({"done": 1, "in_progress": 1, "skipped": 1, "total": 24, "percent": 4.2})
    );
    assert_eq!(stats["levels"][0]["count"]["total"], 148);

    // next never proposes a skipped cell (nor a done one).
    let next = sb.ok(&["next", "-t", "go", "-n", "2"]);
    let tasks: Vec<&str> = next
        .lines()
        .map(|l| l.split_whitespace().nth(1).unwrap_or(""))
        .collect();
    assert_eq!(tasks, ["1", "3"], "{next}");
    let next = sb.ok(&["next", "-t", "python", "-n", "2"]);
    let tasks: Vec<&str> = next
        .lines()
        .map(|l| l.split_whitespace().nth(1).unwrap_or(""))
        .collect();
    assert_eq!(tasks, ["3", "4"], "{next}");

    // A goal for Go: 104 cells, 1 done, 103 left.
    sb.ok(&["goal", "2027-06-01", "-t", "go"]);
    let stats: Value = serde_json::from_str(&sb.ok(&["stats", "--json"])).expect("JSON");
    let goal = &stats["goals"][0];
    assert_eq!(
        (&goal["total"], &goal["done"], &goal["left"]),
        (&json!(104), &json!(1), &json!(103)),
        "{goal:#}"
    );

    // CSV and JSON say "skip".
    let csv = sb.ok(&["export", "--format", "csv"]);
    assert!(
        csv.contains("\n2,Freshman,python,skip,,,known from work,"),
        "{csv}"
    );
    let json: Value =
        serde_json::from_str(&sb.ok(&["export", "--format", "json"])).expect("JSON export");
    let text = json.to_string();
    assert_eq!(text.matches("\"status\":\"skip\"").count(), 2, "{json:#}");

    // The card: 2/628 overall, Python 1/104.
    let svg = sb.ok(&["export", "--format", "svg"]);
    assert!(
        svg.contains(r#"<tspan id="overall" font-weight="bold""#),
        "{svg}"
    );
    assert!(
        svg.contains(">2/628</tspan> cells done · 1 in progress · 2 skipped · current streak"),
        "{svg}"
    );
    let python = svg
        .lines()
        .find(|l| l.contains(r#"id="percent-python""#))
        .unwrap_or_else(|| panic!("no Python figures:\n{svg}"));
    assert!(
        python.contains(">1.0% <tspan") && python.contains(">1/104</tspan>"),
        "{python}"
    );
    assert!(svg.contains("Freshman × Python: 1/24"), "{svg}");

    // The report: its title, the level's count, and the cell itself.
    let html = sb.ok(&["export", "--format", "html"]);
    assert!(html.contains("· 2/628</title>"), "{}", &html[..600]);
    assert!(
        html.contains(r#"<span class="count">2/148 · 1.4%</span>"#),
        "level count"
    );
    assert!(
        html.contains(r#"<td class="skip"><span class="mark">⊘</span> skipped"#),
        "the skipped cell"
    );
}

#[test]
fn markdown_writes_skips_as_a_mark_that_import_reads_back() {
    let sb = Sandbox::new();
    some_progress(&sb);
    let md = sb.ok(&["export", "--format", "markdown"]);
    let row = md
        .lines()
        .find(|l| l.starts_with("| 2. |"))
        .unwrap_or_else(|| panic!("no row of task 2:\n{md}"));
    // Python skipped, Node todo, Go done.
    assert!(row.ends_with("| ⏭ |  | ✅ |  |  |  |"), "{row}");
    let table = sb.dir.path().join("table.md");
    fs::write(&table, &md).expect("write");

    let fresh = Sandbox::new();
    let out = fresh.ok(&["import", table.to_str().expect("UTF-8 path")]);
    assert!(
        out.contains("checked 2 cells, started 1, skipped 2, 0 already marked."),
        "{out}"
    );
    assert!(out.contains("  skipped task 2 × python"), "{out}");
    let file = fresh.json();
    assert_eq!(file["version"], 4);
    assert_eq!(file["tasks"]["2"]["python"]["status"], "skip");
    assert_eq!(file["tasks"]["4"]["go"]["status"], "skip");
    // Import never takes work away: a skip mark on a done cell leaves it done.
    let done = Sandbox::new();
    done.ok(&["check", "2", "-t", "python"]);
    let out = done.ok(&["import", table.to_str().expect("UTF-8 path")]);
    assert_eq!(
        done.json()["tasks"]["2"]["python"]["status"],
        "done",
        "{out}"
    );
}

/// The real binary in a pseudo-terminal: `s` skips the cell under the cursor, and the title, the
/// level's header and the overview count one cell fewer; `u` undoes it; the file on disk follows.
/// Unix-only: the pseudo-terminal is Unix's.
#[cfg(unix)]
#[test]
fn the_s_key_skips_the_cell_and_every_total_on_screen_leaves_it() {
    use common::pty::{self, Tui, flat};
    use std::ffi::OsString;
    use std::time::Duration;

    let sb = Sandbox::new();
    sb.ok(&["check", "1", "-t", "python"]);
    let options = pty::Options {
        attributes: true,
        background: None,
        timeout: Duration::from_secs(10),
        poll: Duration::from_millis(20),
    };
    let env: [(&str, OsString); 3] = [
        ("HOME", sb.dir.path().into()),
        ("TERM", "xterm-256color".into()),
        ("LANG", "en_US.UTF-8".into()),
    ];
    let data = sb.data();
    let argv: [&std::ffi::OsStr; 5] = [
        BIN.as_ref(),
        "--locale".as_ref(),
        "en".as_ref(),
        "--data".as_ref(),
        data.as_ref(),
    ];
    let mut tui = Tui::spawn(&argv, &env, sb.dir.path(), 120, 40, options);
    let first = tui.wait_for_text("Freshman 1/150");
    assert!(flat(&first).contains("1/630 done"), "{first}");
    // Task 2 × Python.
    tui.send("\x1b[B");
    tui.send("s");
    let screen = tui.wait_for_text("1/629 done");
    assert!(screen.contains("Freshman  1/149"), "{screen}");
    let row = screen
        .lines()
        .find(|l| l.contains("▶2 "))
        .unwrap_or_else(|| panic!("no cursor row:\n{screen}"));
    assert!(row.contains('⊘'), "{row}");
    // The detail pane (open from 40 rows) says it in words.
    let screen = tui.wait_for_text("Python ⊘ skipped");
    // The overview: Freshman × Python 1/24, Python 1/104, all 1/629.
    tui.send("o");
    let overview = tui.wait_for_text("Levels × languages");
    let freshman = overview
        .lines()
        .find(|l| l.contains("Freshman"))
        .unwrap_or_else(|| panic!("no Freshman row:\n{overview}"));
    assert!(freshman.contains("1/24"), "{freshman}\n{screen}");
    assert!(freshman.contains("1/149"), "{freshman}");
    assert!(flat(&overview).contains("1/629"), "{overview}");
    let saved = sb.json();
    assert_eq!(saved["tasks"]["2"]["python"]["status"], "skip", "{saved:#}");
    assert_eq!(saved["version"], 4);

    // Back to the grid; undo: counted again, and the file back to version 3.
    tui.send("\x1b");
    tui.wait_for_text("Freshman 1/149");
    tui.send("u");
    let screen = tui.wait_for_text("1/630 done");
    assert!(
        screen.contains("Undone: task 2 × Python skipped → todo"),
        "{screen}"
    );
    tui.send("q");
    assert!(tui.wait_exit().success());
    let saved = sb.json();
    assert_eq!(saved["version"], 3, "{saved:#}");
    assert_eq!(saved["tasks"]["2"]["python"].get("status"), None);
}

/// The help's legend names the skipped state and, on a narrow screen, goes on over a second line
/// rather than losing its end.
#[test]
fn the_help_legend_shows_the_skip_symbol_whole_on_a_narrow_screen() {
    for (w, h) in [(60, 15), (80, 24), (120, 40)] {
        let mut harness = common::Harness::new(w, h);
        harness.type_keys("?");
        let screen = harness.screen();
        // The legend's two lines inside the box, as one text with white space folded.
        let legend = screen
            .lines()
            .skip(2)
            .take(2)
            .flat_map(|l| l.split(['│', ' ']))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        for part in ["⊘ omitida", "* tiene nota", "▶ cursor"] {
            assert!(legend.contains(part), "{w}×{h}: {part:?} in\n{screen}");
        }
    }
}
