//! Making the tracker yours, seen from the command line: `--locale` and `--track`, the
//! `tracks` subcommand and what it does to stats, export, import and next, and the config file.
//! Each test runs the real binary against a throw-away home.

mod common;

use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use crate::common::sandbox::Sandbox;
use assert_cmd::Command;
use pretty_assertions::assert_eq;
use serde_json::Value;

impl Sandbox {
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
        common::stdout_of_success(out, &format!("{args:?}"))
    }

    /// Runs `args`, expects exit code `code`, returns standard error.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args).output().expect("run roadmap-tui");
        common::stderr_of_exit(out, code, &format!("{args:?}"))
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
    let es = sb.ok(&["next", "-t", "go", "-n", "1", "--locale", "es"]);
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

// The config file.

#[test]
fn config_prints_the_defaults_and_where_it_is_read_from() {
    let sb = Sandbox::new();
    let path = sb.ok(&["config", "--path"]);
    assert_eq!(path.trim(), sb.default_config().to_str().unwrap());
    let mut cmd = sb.run(&["config", "--path"]);
    cmd.env("ROADMAP_TUI_CONFIG", "/elsewhere/c.toml");
    let out = cmd.output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "/elsewhere/c.toml"
    );

    let defaults = sb.ok(&["config"]);
    for line in [
        "# locale = \"en\"",
        "# mouse = true",
        "[theme]",
        "# base = \"auto\"",
        "# done = \"green\"",
        "# match = \"black on yellow\"",
        "[keys.grid]",
        "# toggle_done = [\"Space\"]  # Check / uncheck the cell",
        "# redo = [\"Ctrl-R\"]  # Redo",
        "# previous_level = [\"S-Tab\"]  # Previous level",
        "[keys.languages]",
        "[keys.global]",
        "# quit = [\"Ctrl-C\"]  # Quit",
    ] {
        assert!(
            defaults.lines().any(|l| l == line),
            "{line:?} missing:\n{defaults}"
        );
    }

    // What the user sets is printed uncommented, and the output reads back the same.
    sb.write(
        "config/roadmap-tui/config.toml",
        "locale = \"es\"\n[theme]\nbase = \"light\"\ndone = \"#00aa00\"\n\
         [keys.grid]\ntoggle_done = [\"x\", \"Space\"]\nundo = []\n",
    );
    let mine = sb.ok(&["config"]);
    for line in [
        "locale = \"es\"",
        "base = \"light\"",
        "done = \"#00aa00\"",
        "toggle_done = [\"x\", \"Space\"]  # Check / uncheck the cell",
        "undo = []  # Undo",
    ] {
        assert!(mine.lines().any(|l| l == line), "{line:?} missing:\n{mine}");
    }
    let copy = sb.write("copy.toml", &mine);
    let again = sb.ok(&["--config", copy.to_str().unwrap(), "config"]);
    assert_eq!(
        again.lines().skip(1).collect::<Vec<_>>(),
        mine.lines().skip(1).collect::<Vec<_>>()
    );
}

/// The start of a long text, for a failure message.
fn excerpt(text: &str) -> String {
    text.chars().take(300).collect()
}

#[test]
fn a_bad_config_is_refused_with_its_line_and_column() {
    let sb = Sandbox::new();
    let cases: &[(&str, &str)] = &[
        (
            "[keys.grid\n",
            "line 1, column 11: unclosed table, expected `]`",
        ),
        (
            "locale = \"fr\"\n",
            "line 1, column 10: locale is \"es\" or \"en\", not \"fr\"",
        ),
        (
            "mouse = \"no\"\n",
            "line 1, column 9: mouse is true or false",
        ),
        (
            "colour = 1\n",
            "line 1, column 1: unknown setting \"colour\"; the settings are: locale, mouse, screen_reader, [theme], [keys.<screen>], [tracks.<language>], [cohort]",
        ),
        (
            "[theme]\nbase = \"sepia\"\n",
            "line 2, column 8: base is \"auto\", \"dark\", \"light\", \"high-contrast\" or \"colorblind\", not \"sepia\"",
        ),
        (
            "[theme]\ndone = \"purple\"\n",
            "line 2, column 8: \"purple\" is not a colour: use a name (",
        ),
        (
            "[theme]\n  shiny = \"red\"\n",
            "line 2, column 3: unknown colour role \"shiny\" in [theme]; the roles are: base, done,",
        ),
        (
            "[theme]\nmatch = \"#12345\"\n",
            "line 2, column 9: \"#12345\" is not a colour",
        ),
        (
            "[keys.gird]\nup = [\"k\"]\n",
            "line 1, column 7: unknown screen [keys.gird]; the screens are: grid, overview, languages,",
        ),
        (
            "[keys.grid]\njump = [\"J\"]\n",
            "line 2, column 1: unknown action \"jump\" in [keys.grid]; its actions are: up, down,",
        ),
        (
            "[keys.grid]\nundo = [\"U\", \"Hyper-X\"]\n",
            "line 2, column 14: unknown key \"Hyper-X\": write one character",
        ),
        (
            "[keys.grid]\nundo = \"U\"\n",
            "line 2, column 8: keys are a list of strings, e.g. [\"x\", \"Ctrl-R\"] ([] unbinds)",
        ),
        // A key bound twice: where the file binds it.
        (
            "[keys.grid]\nundo = [\"q\"]\n",
            "line 2, column 9: the key \"q\" is bound to both undo and quit in [keys.grid]; unbind one (e.g. undo = [])",
        ),
        (
            "[keys.grid]\nredo = []\nundo = [\"U\", \"Ctrl-C\"]\n",
            "line 3, column 14: the key \"Ctrl-C\" is bound to both undo and quit in [keys.grid] and [keys.global]",
        ),
        (
            "[keys.global]\nquit = [\"u\"]\n",
            "line 2, column 9: the key \"u\" is bound to both undo and quit in [keys.grid] and [keys.global]",
        ),
        (
            "[keys.grid]\nquit = [\"Q\"]\nundo = [\"Q\"]\n",
            "line 3, column 9: the key \"Q\" is bound to both undo and quit in [keys.grid]",
        ),
        (
            "[keys.search]\nconfirm = [\"x\"]\n",
            "line 2, column 1: the key \"x\" cannot be bound in [keys.search]: there printable keys type text",
        ),
        // A screen with no key of its own to leave it: Ctrl-C would quit, but nothing closes it.
        (
            "[keys.help]\nclose = []\nquit = []\n",
            "line 3, column 1: [keys.help] leaves no key to close it or quit; keep one for close or quit there",
        ),
        (
            "[keys.overview]\nquit = []\nclose = []\n",
            "line 3, column 1: [keys.overview] leaves no key to close it or quit",
        ),
        (
            "[keys.global]\nquit = []\n[keys.grid]\nquit = []\n",
            "line 4, column 1: [keys.grid] leaves no key to quit; keep one for quit there or in [keys.global]",
        ),
        // A long value is echoed cut.
        (
            &format!("locale = \"{}\"\n", "x".repeat(100_000)),
            &format!(
                "line 1, column 10: locale is \"es\" or \"en\", not \"{}…\"\n",
                "x".repeat(59)
            ),
        ),
        (
            &format!("[theme]\ndone = \"{}\"\n", "y".repeat(100_000)),
            &format!("line 2, column 8: \"{}…\" is not a colour", "y".repeat(59)),
        ),
        (
            &format!("[keys.grid]\nundo = [\"{}\"]\n", "z".repeat(100_000)),
            &format!(
                "line 2, column 9: unknown key \"{}…\": write one",
                "z".repeat(59)
            ),
        ),
        (
            &format!("[keys.grid]\n{} = []\n", "w".repeat(100_000)),
            &format!(
                "line 2, column 1: unknown action \"{}…\" in [keys.grid]",
                "w".repeat(59)
            ),
        ),
    ];
    for (text, want) in cases {
        let file = sb.write("bad.toml", text);
        let file = file.to_str().unwrap();
        // The TUI and every command that reads the config refuse it alike.
        for command in [
            &[][..],
            &["config"],
            &["stats"],
            &["export"],
            &["check", "3", "-t", "go"],
        ] {
            let args: Vec<&str> = ["--config", file].iter().chain(command).copied().collect();
            let err = sb.fails(&args, 2);
            let prefix = format!("roadmap-tui: config file {file}, {want}");
            assert!(
                err.starts_with(&prefix),
                "{command:?} {}\n got: {}\nwant: {prefix}",
                excerpt(text),
                excerpt(&err)
            );
            assert!(err.len() < 1000, "{command:?}: {} bytes", err.len());
        }
    }
    assert!(!sb.data().exists(), "a refused command wrote the progress");
    // Named on purpose but missing: refused; missing where it is looked for by default: defaults.
    let err = sb.fails(&["--config", "/nonexistent/c.toml", "config"], 2);
    assert!(err.contains("/nonexistent/c.toml: cannot be read"), "{err}");
    assert!(sb.ok(&["config"]).contains("# mouse = true"));
}
