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
