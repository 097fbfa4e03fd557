//! What must hold on every system, Windows included (CI runs these under Wine): the commands
//! print and write the same bytes as on Linux, two writers at once both land, the progress file
//! may sit under a drive letter and in a folder named beyond ASCII, and a file that cannot be
//! written (read-only, or held open by another program) is refused with a message naming it and
//! is left as it was.
//!
//! The expected bytes are in `tests/fixtures/platform/expected`, made on Linux and compared on
//! every system, Linux too, so a change on either side shows. To make them anew after a
//! deliberate change of output: `BLESS=1 cargo test --test windows` on Linux, then read the diff.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use jiff::Timestamp;
use pretty_assertions::assert_eq;
use serde_json::Value;
use tempfile::TempDir;

/// The day the commands take as today (goals, paces), before any stamp the commands make.
const TODAY: &str = "2026-03-20";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/platform")
        .join(name)
}

/// A throw-away folder for the progress file, the config and every other file, and the binary
/// with an environment that points into it and fixes the day, the time zone and the language.
struct Sandbox {
    dir: TempDir,
    /// Where save locks live on Unix, outside the data folder.
    run: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let sandbox = Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
            run: tempfile::tempdir().expect("temp dir"),
        };
        // Named on purpose, so no user's config on this machine changes the output.
        fs::write(sandbox.config(), "").expect("write the config");
        sandbox
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn config(&self) -> PathBuf {
        self.path().join("config.toml")
    }

    /// The binary, without `--data`.
    fn command(&self) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("roadmap-tui"));
        cmd.env("HOME", self.path())
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("XDG_RUNTIME_DIR", self.run.path())
            .env("ROADMAP_TUI_CONFIG", self.config())
            .env("ROADMAP_TUI_TODAY", TODAY)
            .env("TZ", "UTC")
            .env_remove("ROADMAP_TUI_DATA")
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .current_dir(self.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// The binary on the progress file `data` (any spelling of it) with `args`.
    fn on(&self, data: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Command {
        let mut cmd = self.command();
        cmd.arg("--data").arg(data).args(args);
        cmd
    }

    /// Runs `args` on `data`, expects success and silence on standard error; standard output.
    fn ok(&self, data: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> String {
        let out = output(self.on(data, args));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "{args:?} wrote to standard error"
        );
        common::stdout_of_success(out, &format!("{args:?}"))
    }

    /// Runs `args` on `data` and expects it to fail; its standard error.
    fn fails(&self, data: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> String {
        let out = output(self.on(data, args));
        assert!(
            !out.status.success() && out.status.code().is_some(),
            "{args:?} did not fail as it should ({:?})\nstdout: {}",
            out.status,
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).expect("UTF-8 errors")
    }
}

fn output(mut cmd: Command) -> Output {
    cmd.output().expect("run roadmap-tui")
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

/// The (task, language) cells of the progress file at `path` that are done.
fn done_cells(path: &Path) -> BTreeSet<(String, String)> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let progress: Value = serde_json::from_str(&text).expect("the progress file is JSON");
    let mut done = BTreeSet::new();
    for (task, cells) in progress["tasks"].as_object().into_iter().flatten() {
        for (track, cell) in cells.as_object().expect("cells are an object") {
            if cell["status"] == "done" {
                done.insert((task.clone(), track.clone()));
            }
        }
    }
    done
}

fn cell(task: u32, track: &str) -> (String, String) {
    (task.to_string(), track.to_owned())
}

/// The file the way it is always written: UTF-8, no byte-order mark, LF line ends only.
fn assert_plain_text(bytes: &[u8], what: &str) {
    assert!(
        !bytes.starts_with(b"\xEF\xBB\xBF"),
        "{what} starts with a BOM"
    );
    assert!(!bytes.contains(&b'\r'), "{what} holds a CR");
    assert!(std::str::from_utf8(bytes).is_ok(), "{what} is not UTF-8");
    assert!(bytes.ends_with(b"\n"), "{what} does not end with a newline");
}

// ---------------------------------------------------------------------------------------------
// The same bytes as on Linux

/// Makes output comparable across runs and systems: the given paths become names in angle
/// brackets, and any time stamp made during the run (from `since` on) becomes `<now>`.
struct Normal<'a> {
    paths: Vec<(String, &'a str)>,
    since: Timestamp,
}

impl Normal<'_> {
    fn apply(&self, bytes: &[u8], what: &str) -> String {
        let mut text = String::from_utf8(bytes.to_vec())
            .unwrap_or_else(|e| panic!("{what} is not UTF-8: {e}"));
        for (path, name) in &self.paths {
            text = text.replace(path.as_str(), name);
        }
        self.stamps(&text)
    }

    fn stamps(&self, text: &str) -> String {
        // RFC 3339 UTC to the second, as the app writes it: 2026-03-20T10:00:00Z.
        const SHAPE: &[u8] = b"dddd-dd-ddTdd:dd:ddZ";
        let now = Timestamp::now();
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < text.len() {
            let candidate = bytes.get(i..i + SHAPE.len()).filter(|window| {
                window.iter().zip(SHAPE).all(|(&b, &s)| match s {
                    b'd' => b.is_ascii_digit(),
                    _ => b == s,
                })
            });
            let stamp = candidate
                .and_then(|w| std::str::from_utf8(w).ok())
                .and_then(|w| w.parse::<Timestamp>().ok());
            match stamp {
                Some(ts) if self.since <= ts && ts <= now => {
                    out.push_str("<now>");
                    i += SHAPE.len();
                }
                _ => {
                    let c = text[i..].chars().next().expect("a char");
                    out.push(c);
                    i += c.len_utf8();
                }
            }
        }
        out
    }
}

/// Compares `actual` with the expected file `name`, or writes it there with `BLESS=1`.
fn expect_file(name: &str, actual: &str) {
    let path = fixture("expected").join(name);
    if std::env::var_os("BLESS").is_some() {
        assert_eq!(
            std::env::consts::OS,
            "linux",
            "the expected files are made on Linux"
        );
        fs::write(&path, actual).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        return;
    }
    let expected = fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let expected = String::from_utf8(expected).expect("expected files are UTF-8");
    assert_eq!(actual, expected, "{name} differs from what Linux gives");
}

#[test]
fn commands_print_and_write_the_bytes_they_do_on_linux() {
    let sb = Sandbox::new();
    // Stamps made from here on are this run's.
    let since = Timestamp::now()
        .round(
            jiff::TimestampRound::new()
                .smallest(jiff::Unit::Second)
                .mode(jiff::RoundMode::Trunc),
        )
        .expect("a second");
    let data = sb.path().join("progress.json");
    let other = sb.path().join("other.json");
    fs::copy(fixture("progress.json"), &data).expect("copy the progress");
    fs::copy(fixture("other.json"), &other).expect("copy the other copy");
    let normal = Normal {
        paths: vec![
            (data.display().to_string(), "<DATA>"),
            (other.display().to_string(), "<OTHER>"),
        ],
        since,
    };

    // (what is compared, arguments, the progress file's name after it when it may change)
    let steps: [(&str, &[&str], Option<&str>); 7] = [
        (
            "check.out",
            &["check", "3", "--track", "go"],
            Some("after-check.json"),
        ),
        (
            "uncheck.out",
            &["uncheck", "1", "--track", "python"],
            Some("after-uncheck.json"),
        ),
        ("stats.out", &["stats"], None),
        ("stats.json", &["stats", "--json"], None),
        ("export.json", &["export", "--format", "json"], None),
        ("export.md", &["export", "--format", "markdown"], None),
        (
            "merge-from.out",
            &["merge", "--from", "other.json"],
            Some("after-merge.json"),
        ),
    ];
    let mut after_uncheck = Vec::new();
    for (name, args, file) in steps {
        let before = fs::read(&data).expect("read the progress");
        // `merge --from` is given a relative path; the message names it as given.
        let out = sb.ok(&data, args);
        expect_file(name, &normal.apply(out.as_bytes(), name));
        let bytes = fs::read(&data).expect("read the progress");
        match file {
            Some(file) => {
                assert_plain_text(&bytes, file);
                expect_file(file, &normal.apply(&bytes, file));
            }
            None => assert_eq!(bytes, before, "{name} changed the progress file"),
        }
        if name == "uncheck.out" {
            after_uncheck = bytes;
        }
    }

    // git's merge driver: BASE OURS THEIRS, the result written into OURS, nothing printed.
    let base = sb.path().join("base.json");
    let ours = sb.path().join("ours.json");
    let theirs = sb.path().join("theirs.json");
    fs::copy(fixture("progress.json"), &base).unwrap();
    fs::write(&ours, &after_uncheck).unwrap();
    fs::copy(fixture("other.json"), &theirs).unwrap();
    let out = output({
        let mut cmd = sb.command();
        cmd.args(["merge", "base.json", "ours.json", "theirs.json"]);
        cmd
    });
    assert!(
        out.status.success(),
        "the merge driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let merged = fs::read(&ours).unwrap();
    assert_plain_text(&merged, "the merge driver's result");
    expect_file(
        "merge-driver.json",
        &normal.apply(&merged, "merge-driver.json"),
    );
    assert_eq!(
        fs::read(&theirs).unwrap(),
        fs::read(fixture("other.json")).unwrap()
    );
}

// ---------------------------------------------------------------------------------------------
// Two writers at once

#[test]
fn two_checks_started_at_once_both_land() {
    let sb = Sandbox::new();
    let data = sb.path().join("progress.json");
    let tracks = ["python", "node", "go", "php", "kotlin", "java"];
    let mut expected = BTreeSet::new();
    for (round, track) in tracks.iter().enumerate() {
        let (a, b) = (2 * round as u32 + 1, 2 * round as u32 + 2);
        let spawn = |task: u32| {
            sb.on(&data, &["check", &task.to_string(), "--track", track])
                .spawn()
                .expect("start roadmap-tui")
        };
        let (first, second) = (spawn(a), spawn(b));
        for (task, child) in [(a, first), (b, second)] {
            let out = child.wait_with_output().expect("wait for roadmap-tui");
            let name = format!("check {task} --track {track}");
            let said = common::stdout_of_success(out, &name);
            assert!(said.starts_with(&format!("Task {task} × ")), "{said}");
        }
        expected.extend([cell(a, track), cell(b, track)]);
        assert_eq!(done_cells(&data), expected, "round {round}");
    }
    assert_plain_text(&fs::read(&data).unwrap(), "the progress file");
}

// ---------------------------------------------------------------------------------------------
// Paths

#[test]
fn a_folder_named_beyond_ascii_holds_the_progress_file() {
    let sb = Sandbox::new();
    let data = sb.path().join("José").join("progreso.json");
    assert_eq!(
        sb.ok(&data, &["check", "5", "--track", "go"]),
        "Task 5 × Go: done\n"
    );
    let out = output({
        let mut cmd = sb.command();
        cmd.env("ROADMAP_TUI_DATA", &data)
            .args(["check", "6", "--track", "go"]);
        cmd
    });
    assert_eq!(
        common::stdout_of_success(out, "check 6"),
        "Task 6 × Go: done\n"
    );
    assert!(sb.ok(&data, &["stats"]).contains("2/630"));
    assert!(
        listing(sb.path()).contains("José"),
        "{:?}",
        listing(sb.path())
    );
    assert_eq!(
        listing(&sb.path().join("José")),
        BTreeSet::from(["progreso.json".to_owned()])
    );
    assert_eq!(
        done_cells(&data),
        BTreeSet::from([cell(5, "go"), cell(6, "go")])
    );

    // A message names the file as it was given, letters and all.
    fs::write(&data, "{\"version\": 2, \"tasks\": ").unwrap();
    let err = sb.fails(&data, &["check", "7", "--track", "go"]);
    assert!(err.contains(&data.display().to_string()), "{err}");
    assert_eq!(fs::read(&data).unwrap(), b"{\"version\": 2, \"tasks\": ");
}

/// A path as a Windows user types it: drive letter, backslashes, and the same file named with
/// forward slashes.
#[cfg(windows)]
#[test]
fn a_drive_letter_path_with_backslashes_holds_the_progress_file() {
    let sb = Sandbox::new();
    let root = std::path::absolute(sb.path()).expect("an absolute temp dir");
    let root = root.to_str().expect("a temp dir in Unicode");
    let bytes = root.as_bytes();
    assert!(
        bytes.len() > 3 && bytes[0].is_ascii_alphabetic() && &bytes[1..3] == b":\\",
        "the temp dir is not on a drive: {root}"
    );
    let backslashed = format!(r"{root}\José\progreso.json");
    let slashed = backslashed.replace('\\', "/");

    assert_eq!(
        sb.ok(&backslashed, &["check", "1", "--track", "go"]),
        "Task 1 × Go: done\n"
    );
    assert_eq!(
        sb.ok(&slashed, &["check", "2", "--track", "go"]),
        "Task 2 × Go: done\n"
    );
    assert!(sb.ok(&backslashed, &["stats"]).contains("2/630"));
    let data = Path::new(&backslashed);
    assert_eq!(
        done_cells(data),
        BTreeSet::from([cell(1, "go"), cell(2, "go")])
    );
    assert_eq!(
        listing(&sb.path().join("José")),
        BTreeSet::from(["progreso.json".to_owned()])
    );

    fs::write(data, "{\"version\": 2, \"tasks\": ").unwrap();
    let err = sb.fails(&backslashed, &["check", "3", "--track", "go"]);
    assert!(err.contains(&backslashed), "{err}");
    assert_eq!(fs::read(data).unwrap(), b"{\"version\": 2, \"tasks\": ");
}

// ---------------------------------------------------------------------------------------------
// Files that cannot be written

/// Changing the file would lose the user's choice to protect it; root on Unix could replace it
/// (the folder is writable), so the app must refuse by itself.
#[test]
fn a_read_only_progress_file_is_refused_and_left_as_it_is() {
    let sb = Sandbox::new();
    let data = sb.path().join("progress.json");
    fs::copy(fixture("progress.json"), &data).unwrap();
    let mut permissions = fs::metadata(&data).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&data, permissions).unwrap();
    let before = fs::read(&data).unwrap();
    let names = listing(sb.path());

    let err = sb.fails(&data, &["check", "3", "--track", "go"]);

    let still_read_only = fs::metadata(&data).unwrap().permissions().readonly();
    let after = fs::read(&data).unwrap();
    let names_after = listing(sb.path());
    make_writable(&data);
    assert!(err.contains(&data.display().to_string()), "{err}");
    assert!(err.to_lowercase().contains("read-only"), "{err}");
    assert_eq!(after, before, "the read-only file was changed");
    assert!(still_read_only, "the file is no longer read-only");
    assert_eq!(names_after, names, "files were left behind");
}

/// So the temp dir can go (Windows does not delete a read-only file).
fn make_writable(path: &Path) {
    let mut permissions = fs::metadata(path).unwrap().permissions();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        permissions.set_mode(0o644);
    }
    #[cfg(not(unix))]
    #[allow(clippy::permissions_set_readonly_false)] // Only clears the read-only attribute.
    permissions.set_readonly(false);
    fs::set_permissions(path, permissions).unwrap();
}

/// Another program (an editor, a sync tool, a virus scanner) holds the file open and lets no one
/// else read or write it: the command says so, naming the file, and changes nothing; once the
/// file is let go, the same command works.
#[cfg(windows)]
#[test]
fn a_file_another_program_holds_is_refused_and_left_as_it_is() {
    use std::os::windows::fs::OpenOptionsExt;

    let sb = Sandbox::new();
    let data = sb.path().join("progress.json");
    fs::copy(fixture("progress.json"), &data).unwrap();
    let before = fs::read(&data).unwrap();
    let names = listing(sb.path());

    let holder = fs::OpenOptions::new()
        .read(true)
        .share_mode(0)
        .open(&data)
        .expect("hold the file");
    let err = sb.fails(&data, &["check", "3", "--track", "go"]);
    drop(holder);

    assert!(err.contains(&data.display().to_string()), "{err}");
    assert!(err.contains("Another program has it open"), "{err}");
    assert_eq!(
        fs::read(&data).unwrap(),
        before,
        "the held file was changed"
    );
    assert_eq!(listing(sb.path()), names, "files were left behind");
    assert_eq!(
        sb.ok(&data, &["check", "3", "--track", "go"]),
        "Task 3 × Go: done\n"
    );
    assert!(done_cells(&data).contains(&cell(3, "go")));
}

/// `verify` runs a command without a shell, in a process group of its own, on every system: the
/// program here is this binary itself (its path in single quotes, where a backslash is itself),
/// which passes with `--version` and fails on a subcommand it does not know.
#[test]
fn verify_runs_a_command_and_keeps_its_evidence_or_its_failure() {
    let sandbox = Sandbox::new();
    let data = sandbox.path().join("progress.json");
    let bin = assert_cmd::cargo::cargo_bin("roadmap-tui");
    let config = |command: &str| {
        let line = format!("'{}' {command}", bin.display());
        let toml = format!(
            "[tracks.python]\nverify = \"{}\"\n",
            line.replace('\\', "\\\\").replace('"', "\\\"")
        );
        fs::write(sandbox.config(), toml).expect("write the config");
    };
    config("--version");
    let out = output(sandbox.on(&data, &["verify", "1", "-t", "python"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("roadmap-tui 0."));
    let json: Value = serde_json::from_str(&fs::read_to_string(&data).unwrap()).unwrap();
    let cell = &json["tasks"]["1"]["python"];
    assert_eq!(cell["status"], "done");
    assert!(
        cell["verified"]["command"]
            .as_str()
            .is_some_and(|c| c.ends_with(" --version")),
        "{cell}"
    );

    config("no-such-command {task}");
    let out = output(sandbox.on(&data, &["verify", "2", "-t", "python"]));
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_str(&fs::read_to_string(&data).unwrap()).unwrap();
    let cell = &json["tasks"]["2"]["python"];
    assert!(cell.get("status").is_none(), "{cell}");
    assert_eq!(cell["verify_failed"]["status"], 2, "{cell}");
    assert!(
        cell["verify_failed"]["tail"]
            .to_string()
            .contains("no-such-command"),
        "{cell}"
    );
}
