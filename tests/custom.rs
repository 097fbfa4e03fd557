//! Making the tracker yours, seen from the command line: `--locale` and `--track`, the
//! `tracks` subcommand and what it does to stats, export, import and next, and the config file.
//! Each test runs the real binary against a throw-away home.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use pretty_assertions::assert_eq;
use serde_json::Value;
use tempfile::TempDir;

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

    /// Where the binary looks for its config when nothing says otherwise.
    fn default_config(&self) -> PathBuf {
        self.path().join("config/roadmap-tui/config.toml")
    }

    /// The binary with a clean environment pointing into the sandbox.
    fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("roadmap-tui").expect("the roadmap-tui binary");
        cmd.env("HOME", self.path())
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env_remove("ROADMAP_TUI_DATA")
            .env_remove("ROADMAP_TUI_CONFIG")
            .env_remove("NO_COLOR")
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .current_dir(self.path())
            .timeout(Duration::from_secs(30));
        cmd
    }

    fn run(&self, args: &[&str]) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--data").arg(self.data()).args(args);
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args).output().expect("run roadmap-tui");
        assert!(
            out.status.success(),
            "roadmap-tui {args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// Runs `args`, expects exit code `code`, returns standard error.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args).output().expect("run roadmap-tui");
        assert_eq!(
            out.status.code(),
            Some(code),
            "roadmap-tui {args:?}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).expect("UTF-8 errors")
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path().join(name);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).expect("create a sandbox dir");
        }
        fs::write(&path, text).expect("write a sandbox file");
        path
    }

    fn read_data(&self) -> Value {
        serde_json::from_slice(&fs::read(self.data()).expect("the data file exists"))
            .expect("valid JSON")
    }
}

// --locale and --track.

#[test]
fn locale_and_track_are_the_names_and_lang_still_works() {
    let sb = Sandbox::new();
    let out = sb.ok(&["check", "12", "--track", "go"]);
    assert_eq!(out, "Task 12 × Go: done\n");
    let out = sb.ok(&["start", "13", "-t", "php"]);
    assert_eq!(out, "Task 13 × PHP: in progress\n");
    // The old spelling, in both places.
    let out = sb.ok(&["--lang", "en", "check", "14", "--lang", "java"]);
    assert_eq!(out, "Task 14 × Java: done\n");

    let en = sb.ok(&["--locale", "en", "next", "--track", "go", "-n", "1"]);
    assert!(en.contains("Set up a local server."), "{en}");
    // --locale may also follow the command.
    let en = sb.ok(&["next", "-t", "go", "-n", "1", "--locale", "en"]);
    assert!(en.contains("Set up a local server."), "{en}");
    let es = sb.ok(&["next", "-t", "go", "-n", "1"]);
    assert!(es.contains("Configurar un servidor local."), "{es}");

    let md = sb.ok(&["--locale", "en", "export"]);
    assert!(md.contains("| 1. | Set up a local server. |"), "{md}");
    let md = sb.ok(&["--lang", "en", "export"]);
    assert!(md.contains("| 1. | Set up a local server. |"), "{md}");

    let data = sb.read_data();
    assert_eq!(data["tasks"]["12"]["go"]["status"], "done");
    assert_eq!(data["tasks"]["14"]["java"]["status"], "done");

    let err = sb.fails(&["--locale", "fr", "stats"], 2);
    assert!(err.contains("fr"), "{err}");
    let help = sb.ok(&["check", "--help"]);
    assert!(help.contains("--track"), "{help}");
    assert!(!help.contains("--lang"), "the old name is hidden:\n{help}");
    let help = sb.ok(&["--help"]);
    assert!(help.contains("--locale"), "{help}");
    assert!(!help.contains("--lang"), "the old name is hidden:\n{help}");
}

// Languages: tracks list|add|hide|show|move.

#[test]
fn tracks_are_added_hidden_and_moved_and_saved_in_the_settings() {
    let sb = Sandbox::new();
    let list = sb.ok(&["tracks"]);
    assert_eq!(
        list.lines()
            .map(|l| l.split_whitespace().nth(1).unwrap())
            .collect::<Vec<_>>(),
        ["id", "python", "node", "go", "php", "kotlin", "java"]
    );

    let out = sb.ok(&["tracks", "add", "rust", "Rust"]);
    assert!(out.starts_with("Added rust at position 7.\n"), "{out}");
    sb.ok(&["tracks", "add", "csharp", "C#"]);
    let out = sb.ok(&["tracks", "hide", "PHP"]);
    assert!(out.contains("Hidden: php"), "{out}");
    sb.ok(&["tracks", "move", "rust", "1"]);
    let list = sb.ok(&["tracks", "list"]);
    let rows: Vec<&str> = list.lines().skip(1).collect();
    assert!(rows[0].starts_with("  1  rust    Rust"), "{list}");
    assert!(
        rows[4].contains("php") && rows[4].ends_with("hidden"),
        "{list}"
    );
    assert!(
        rows[7].contains("C#") && rows[7].ends_with("added"),
        "{list}"
    );

    let data = sb.read_data();
    assert_eq!(data["settings"]["tracks"]["rust"]["name"], "Rust");
    assert_eq!(data["settings"]["tracks"]["csharp"]["name"], "C#");
    assert_eq!(data["settings"]["tracks"]["php"]["hidden"], true);
    assert_eq!(data["settings"]["track_order"][0], "rust");

    let out = sb.ok(&["tracks", "show", "php"]);
    assert!(out.contains("Shown: php"), "{out}");
    let data = sb.read_data();
    assert!(data["settings"]["tracks"].get("php").is_none(), "{data}");
    // Unknown settings are kept through these changes.
    let mut data = sb.read_data();
    data["settings"]["future"] = serde_json::json!({"x": 1});
    data["settings"]["tracks"]["rust"]["colour"] = "orange".into();
    fs::write(sb.data(), serde_json::to_string(&data).unwrap()).unwrap();
    sb.ok(&["tracks", "hide", "java"]);
    let data = sb.read_data();
    assert_eq!(data["settings"]["future"]["x"], 1);
    assert_eq!(data["settings"]["tracks"]["rust"]["colour"], "orange");
}

#[test]
fn bad_track_changes_exit_2_with_a_clear_message() {
    let sb = Sandbox::new();
    let err = sb.fails(&["tracks", "add", "Rust", "Rust"], 2);
    assert!(err.contains("\"Rust\" is not a valid language id"), "{err}");
    let err = sb.fails(&["tracks", "add", "go", "Go"], 2);
    assert!(err.contains("there is already a language \"go\""), "{err}");
    let err = sb.fails(&["tracks", "hide", "cobol"], 2);
    assert!(err.contains("unknown language \"cobol\""), "{err}");
    let err = sb.fails(&["tracks", "move", "go", "9"], 2);
    assert!(err.contains("positions go from 1 to 6"), "{err}");
    sb.fails(&["tracks", "move", "go", "0"], 2);
    for t in ["python", "node", "go", "php", "kotlin"] {
        sb.ok(&["tracks", "hide", t]);
    }
    let err = sb.fails(&["tracks", "hide", "java"], 2);
    assert!(err.contains("only language shown"), "{err}");
}

#[test]
fn stats_export_import_and_next_follow_the_languages() {
    let sb = Sandbox::new();
    sb.ok(&["tracks", "add", "rust", "Rust"]);
    sb.ok(&["check", "1", "-t", "rust"]);
    sb.ok(&["check", "2", "-t", "php"]);
    sb.ok(&["tracks", "hide", "php"]);

    let stats = sb.ok(&["stats"]);
    let header = stats.lines().next().unwrap();
    assert!(
        header.contains("Rust") && !header.contains("PHP"),
        "{stats}"
    );
    assert!(
        stats.contains("1/630"),
        "six shown languages × 105:\n{stats}"
    );
    let json: Value = serde_json::from_str(&sb.ok(&["stats", "--json"])).unwrap();
    let ids: Vec<&str> = json["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["python", "node", "go", "kotlin", "java", "rust"]);
    assert_eq!(json["overall"]["done"], 1);
    assert_eq!(json["overall"]["total"], 630);

    let md = sb.ok(&["export"]);
    assert!(md.starts_with("| **Nivel** | **Tareas** | **Python** | **Node** | **Go** | **Kotlin** | **Java** | **Rust** |"), "{md}");
    let all = sb.ok(&["export", "--all-tracks"]);
    assert!(all.contains("| **PHP** |"), "{all}");
    assert!(all.contains("| 2. |"), "{all}");
    let csv = sb.ok(&["export", "--format", "csv"]);
    assert!(csv.contains("\n1,Freshman,rust,done,"), "{csv}");
    assert!(!csv.contains(",php,"), "{csv}");

    // A table with a Rust column imports into the added language, a PHP one into the hidden.
    let doc = sb.write(
        "mine.md",
        "| Nivel | Tareas | Rust | PHP |\n|---|---|---|---|\n| **Freshman** | | | |\n\
         | 3. | x | ✅ | ✅ |\n",
    );
    let out = sb.ok(&["import", doc.to_str().unwrap()]);
    assert!(out.contains("checked 2 cells"), "{out}");
    let data = sb.read_data();
    assert_eq!(data["tasks"]["3"]["rust"]["status"], "done");
    assert_eq!(data["tasks"]["3"]["php"]["status"], "done");

    let next = sb.ok(&["next", "-n", "12"]);
    assert!(next.contains("Rust"), "{next}");
    assert!(!next.contains("PHP"), "{next}");
    let next = sb.ok(&["next", "-t", "rust", "-n", "1"]);
    assert!(next.contains("  2  Rust"), "{next}");
    let next = sb.ok(&["next", "-t", "php", "-n", "1"]);
    assert!(
        next.contains("  1  PHP"),
        "an explicit hidden language still works:\n{next}"
    );
}

#[test]
fn an_added_language_works_on_a_custom_roadmap() {
    let sb = Sandbox::new();
    let roadmap = sb.write(
        "mini.md",
        "# Mini\n\n| Level | Task | Zig | C |\n|---|---|---|---|\n| **One** | | | |\n\
         | 1. | Say hello | | |\n| 2. | Count | | |\n",
    );
    let r = roadmap.to_str().unwrap();
    sb.ok(&["--roadmap", r, "tracks", "add", "rust", "Rust"]);
    sb.ok(&["--roadmap", r, "check", "2", "--track", "rust"]);
    let md = sb.ok(&["--roadmap", r, "export"]);
    assert!(md.contains("| **Zig** | **C** | **Rust** |"), "{md}");
    assert!(md.contains("| 2. | Count |  |  | ✅ |"), "{md}");
}
