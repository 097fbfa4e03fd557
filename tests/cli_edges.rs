//! The command line at its edges: languages with ids too long to show, removed or added in
//! order; back-dated marks; `config --init`; the limits of spans; counts said right. Each test
//! runs the real binary against a throw-away home with a fixed today, and asserts on what it
//! prints, how it exits and what lands on disk.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use tempfile::TempDir;

const TODAY: &str = "2026-11-24";

struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn data(&self) -> PathBuf {
        self.path().join("progress.json")
    }

    /// The binary with a clean environment inside the sandbox, on `TODAY` in UTC, and no
    /// `--data`.
    fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("roadmap-tui").expect("the roadmap-tui binary");
        cmd.env("HOME", self.path())
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_RUNTIME_DIR", self.path())
            .env("ROADMAP_TUI_TODAY", TODAY)
            .env("TZ", "UTC")
            .env_remove("ROADMAP_TUI_DATA")
            .env_remove("ROADMAP_TUI_CONFIG")
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .current_dir(self.path())
            .timeout(Duration::from_secs(30));
        cmd
    }

    /// The binary on the sandbox's progress file.
    fn run(&self, args: &[&str]) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--data").arg(self.data()).args(args);
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args).output().expect("run roadmap-tui");
        common::stdout_of_success(out, &format!("{:.200?}", args))
    }

    /// Runs `args`, expects exit code `code`, returns standard error.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args).output().expect("run roadmap-tui");
        common::stderr_of_exit(out, code, &format!("{:.200?}", args))
    }

    fn json(&self) -> Value {
        serde_json::from_str(&fs::read_to_string(self.data()).expect("the data file"))
            .expect("JSON")
    }

    fn write_json(&self, value: &Value) {
        fs::write(self.data(), serde_json::to_string_pretty(value).unwrap()).unwrap();
    }

    fn bytes(&self) -> Vec<u8> {
        fs::read(self.data()).expect("the data file")
    }
}

/// The ids of `tracks list`'s rows, in order.
fn listed_ids(list: &str) -> Vec<String> {
    list.lines()
        .skip(1)
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            words.next()?.parse::<usize>().ok()?;
            words.next().map(str::to_owned)
        })
        .collect()
}

// ---- Language ids ----

#[test]
fn a_language_id_longer_than_32_characters_is_refused_and_nothing_is_saved() {
    let sb = Sandbox::new();
    let long = "a".repeat(65_536);
    let err = sb.fails(&["tracks", "add", &long, "Long"], 2);
    assert!(err.contains("is not a valid language id"), "{err:.300}");
    assert!(err.contains("1 to 32"), "{err:.300}");
    assert!(
        err.len() < 400,
        "the error echoes the whole id: {} bytes",
        err.len()
    );
    assert!(!sb.data().exists(), "a refused add saved a file");

    let id32 = "b".repeat(32);
    let out = sb.ok(&["tracks", "add", &id32, "B"]);
    assert!(
        out.contains(&format!("Added {id32} at position 7")),
        "{out}"
    );
    let before = sb.bytes();
    let err = sb.fails(&["tracks", "add", &"c".repeat(33), "C"], 2);
    assert!(err.contains("is not a valid language id"), "{err}");
    assert_eq!(sb.bytes(), before, "a refused add changed the file");
}

/// A progress file as a build before the limit left it: an added language with a 65,536-character
/// id, and one with a sound id.
fn file_with_a_long_id(sb: &Sandbox) -> String {
    let long = "a".repeat(65_536);
    sb.write_json(&json!({
        "version": 3,
        "settings": {"tracks": {long.clone(): {"name": "Long"}, "rust": {"name": "Rust"}}},
        "tasks": {"1": {long.clone(): {"status": "done", "done_at": "2026-11-01T10:00:00Z"}}}
    }));
    long
}

#[test]
fn a_file_holding_a_long_id_still_lists_hides_and_checks_and_errors_stay_short() {
    let sb = Sandbox::new();
    let long = file_with_a_long_id(&sb);
    let list = sb.ok(&["tracks", "list"]);
    assert_eq!(
        listed_ids(&list),
        ["python", "node", "go", "php", "kotlin", "java", "rust"]
    );
    let ignored: Vec<&str> = list.lines().filter(|l| l.starts_with("Ignored")).collect();
    assert_eq!(ignored.len(), 1, "{list}");
    assert!(
        ignored[0].contains("65536 characters") && ignored[0].contains("tracks remove"),
        "{list}"
    );
    assert!(
        list.len() < 2000,
        "the list echoes the id: {} bytes",
        list.len()
    );

    let out = sb.ok(&["tracks", "hide", "rust"]);
    assert!(out.contains("Hidden: rust"), "{out}");
    sb.ok(&["tracks", "show", "rust"]);
    sb.ok(&["check", "2", "--track", "rust"]);
    sb.ok(&["stats"]);

    // Unknown languages, however long, are named short.
    for name in [long.as_str(), &"z".repeat(100_000)] {
        for args in [
            vec!["check", "1", "--track", name],
            vec!["tracks", "hide", name],
            vec!["next", "--track", name],
        ] {
            let err = sb.fails(&args, 2);
            assert!(err.contains("unknown language"), "{err:.300}");
            assert!(
                err.len() < 400,
                "{:?} echoes {} bytes",
                &args[..2],
                err.len()
            );
        }
    }
    // The ignored language and its progress stay in the file as they were.
    let file = sb.json();
    assert_eq!(file["settings"]["tracks"][&long]["name"], "Long");
    assert_eq!(file["tasks"]["1"][&long]["status"], "done");
}

#[test]
fn an_unknown_language_among_thousands_lists_twenty_and_the_count() {
    let sb = Sandbox::new();
    let mut tracks = serde_json::Map::new();
    for i in 0..3000 {
        tracks.insert(format!("lang{i:04}"), json!({"name": format!("L{i}")}));
    }
    sb.write_json(&json!({"version": 3, "settings": {"tracks": tracks}}));
    let err = sb.fails(&["check", "1", "--track", "cobol"], 2);
    assert!(err.contains("(3006 in all)"), "{err}");
    assert!(err.len() < 1000, "{} bytes", err.len());
}

#[cfg(unix)] // the pseudo-terminal is Unix's
#[test]
fn the_languages_screen_opens_on_a_file_holding_a_long_id() {
    use common::pty::{Options, Tui};
    let sb = Sandbox::new();
    file_with_a_long_id(&sb);
    let env = [
        ("HOME", sb.path().as_os_str().to_owned()),
        ("TERM", "xterm-256color".into()),
        ("LANG", "en_US.UTF-8".into()),
    ];
    let bin = env!("CARGO_BIN_EXE_roadmap-tui");
    let data = sb.data();
    let argv: [&std::ffi::OsStr; 3] = [bin.as_ref(), "--data".as_ref(), data.as_os_str()];
    let options = Options {
        attributes: true,
        background: None,
        timeout: Duration::from_secs(10),
        poll: Duration::from_millis(20),
    };
    let mut tui = Tui::spawn(&argv, &env, sb.path(), 80, 24, options);
    tui.wait_for_text("Freshman");
    tui.send("T");
    let screen = tui.wait_for_text("Languages");
    assert!(
        screen.contains("rust") && screen.contains("java"),
        "{screen}"
    );
    assert!(
        !screen.contains("aaaaaaaaaa"),
        "the ignored language is shown:\n{screen}"
    );
    tui.send("\x1b");
    tui.wait_for("the grid back", |s| !s.contains("Languages"));
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}:\n{}", tui.screen());
}

// ---- Removing a language ----

#[test]
fn remove_drops_an_added_language_says_what_goes_and_wants_force_for_progress() {
    let sb = Sandbox::new();
    sb.ok(&["tracks", "add", "rust", "Rust"]);
    sb.ok(&["tracks", "add", "zig", "Zig"]);
    sb.ok(&["check", "1", "--track", "rust", "--note", "borrowck"]);
    sb.ok(&["start", "2", "--track", "rust"]);
    sb.ok(&["goal", "2027-06-01", "--track", "rust"]);

    let before = sb.bytes();
    let err = sb.fails(&["tracks", "remove", "rust"], 2);
    assert!(
        err.contains("rust has progress: 1 done, 1 in progress, 1 note and its goal")
            && err.contains("--force")
            && err.contains("tracks hide rust"),
        "{err}"
    );
    assert_eq!(sb.bytes(), before, "a refused remove changed the file");

    let err = sb.fails(&["tracks", "remove", "python"], 2);
    assert!(
        err.contains("roadmap's own") && err.contains("tracks hide python"),
        "{err}"
    );
    assert_eq!(sb.bytes(), before);

    let out = sb.ok(&["tracks", "remove", "zig"]);
    assert!(out.starts_with("Removed zig; it had no progress."), "{out}");

    // Kept aside, to merge back in below.
    let copy = sb.path().join("copy.json");
    fs::copy(sb.data(), &copy).unwrap();

    let out = sb.ok(&["tracks", "remove", "Rust", "--force"]);
    assert!(
        out.starts_with(
            "Removed rust: 1 done, 1 in progress, 1 note and its goal removed with it."
        ),
        "{out}"
    );
    assert_eq!(
        listed_ids(&out),
        ["python", "node", "go", "php", "kotlin", "java"]
    );
    let file = sb.json();
    assert!(
        file["settings"].get("tracks").is_none(),
        "{}",
        file["settings"]
    );
    assert!(
        file["settings"].get("goals").is_none(),
        "{}",
        file["settings"]
    );
    for task in ["1", "2"] {
        assert_stamped_todo(&file["tasks"][task]["rust"]);
    }
    // A copy from before the removal merged in does not bring the language back.
    sb.ok(&["merge", "--from", copy.to_str().unwrap()]);
    assert_eq!(
        listed_ids(&sb.ok(&["tracks"])),
        ["python", "node", "go", "php", "kotlin", "java"]
    );
    assert_stamped_todo(&sb.json()["tasks"]["1"]["rust"]);
}

/// A cell set back to nothing, stamped: what an uncheck leaves, so a merge takes it.
fn assert_stamped_todo(cell: &Value) {
    let fields: Vec<&str> = cell
        .as_object()
        .unwrap_or_else(|| panic!("not a cell: {cell}"))
        .keys()
        .map(String::as_str)
        .collect();
    assert!(
        fields.iter().all(|f| ["changed_at", "note_at"].contains(f))
            && fields.contains(&"changed_at"),
        "{cell}"
    );
}

#[test]
fn remove_drops_an_ignored_language_named_by_its_id() {
    let sb = Sandbox::new();
    let long = file_with_a_long_id(&sb);
    let err = sb.fails(&["tracks", "remove", &long], 2);
    assert!(err.contains("has progress: 1 done"), "{err:.300}");
    assert!(err.len() < 400, "{} bytes", err.len());
    let out = sb.ok(&["tracks", "remove", &long, "--force"]);
    assert!(out.contains("1 done removed with it"), "{out:.300}");
    assert!(!out.contains("Ignored"), "{out:.300}");
    let file = sb.json();
    assert!(file["settings"]["tracks"].get(&long).is_none());
    assert_stamped_todo(&file["tasks"]["1"][&long]);
}

// ---- The order of added languages ----

#[test]
fn added_languages_keep_the_order_they_were_added_in() {
    let sb = Sandbox::new();
    let mut said = Vec::new();
    for (id, name) in [("rust", "Rust"), ("csharp", "C#"), ("ts", "TypeScript")] {
        let out = sb.ok(&["tracks", "add", id, name]);
        said.push(out.lines().next().unwrap().to_owned());
        let ids = listed_ids(&out);
        let at = ids.iter().position(|t| t == id).unwrap() + 1;
        assert!(
            out.starts_with(&format!("Added {id} at position {at}.")),
            "{out}"
        );
    }
    assert_eq!(
        said,
        [
            "Added rust at position 7.",
            "Added csharp at position 8.",
            "Added ts at position 9."
        ]
    );
    assert_eq!(
        listed_ids(&sb.ok(&["tracks"])),
        [
            "python", "node", "go", "php", "kotlin", "java", "rust", "csharp", "ts"
        ]
    );
    // The grid's order is the same: the export's columns.
    let csv = sb.ok(&["export", "--format", "csv"]);
    let tracks: Vec<&str> = csv
        .lines()
        .skip(1)
        .take(9)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert_eq!(
        tracks,
        [
            "python", "node", "go", "php", "kotlin", "java", "rust", "csharp", "ts"
        ]
    );
}

#[test]
fn a_roadmap_with_a_language_id_or_name_too_long_is_refused() {
    let sb = Sandbox::new();
    let roadmap = |id: &str, name: &str| {
        json!({
            "id": "mini",
            "tracks": [{"id": id, "name": name}],
            "levels": [{"id": "one", "name": "One", "tasks": [{"id": 1, "text": {"en": "Hi"}}]}]
        })
        .to_string()
    };
    let file = sb.path().join("mini.json");
    for (id, name, want) in [
        (
            "a".repeat(33),
            "A".to_owned(),
            "must be 1 to 32 lowercase letters",
        ),
        ("a".to_owned(), "N".repeat(65), "longer than 64 characters"),
    ] {
        fs::write(&file, roadmap(&id, &name)).unwrap();
        let err = sb.fails(&["--roadmap", file.to_str().unwrap(), "stats"], 2);
        assert!(err.contains(want), "{err}");
    }
    fs::write(&file, roadmap(&"a".repeat(32), &"N".repeat(64))).unwrap();
    sb.ok(&["--roadmap", file.to_str().unwrap(), "tracks"]);
    // A Markdown roadmap's ids come from its column names: a long one is cut, not refused.
    let md = sb.path().join("table.md");
    let column = "Programming language with a very long column name";
    fs::write(
        &md,
        format!("| Level | Task | {column} |\n|---|---|---|\n| **One** | | |\n| 1. | Hi | |\n"),
    )
    .unwrap();
    let list = sb.ok(&["--roadmap", md.to_str().unwrap(), "tracks"]);
    assert_eq!(listed_ids(&list), ["programming-language-with-a-very"]);
}
