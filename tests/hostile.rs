//! Hostile input on the command line: escape sequences and bidi controls in paths, arguments,
//! roadmaps, progress files and imported documents never reach the terminal, from any
//! subcommand's standard output or standard error; files that are not regular files, too large
//! or not UTF-8 are refused with status 2 and a message naming them.

use std::ffi::{OsStr, OsString};
use std::fs;
#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

/// Escape sequences (CSI, OSC ended by BEL and by ST, 8-bit CSI), C1 and C0 controls, DEL, and
/// the characters that reorder text.
const CORPUS: &str = "A\u{1b}[2JB\u{1b}]0;pwned\u{7}C\u{1b}]8;;x\u{1b}\\D\u{9b}31mE\u{85}F\
    \u{7f}G\u{202E}H\u{2066}I\u{2069}J\u{200F}K\u{061C}L\u{202A}M\r\u{8}N";

/// What `CORPUS` may be shown as: its printable characters.
#[cfg(unix)]
const SHOWN: &str = "A[2JB]0;pwnedC]8;;x\\D31mEFGHIJKLMN";

/// Whether `c` drives a terminal or reorders text: listed here on its own, not taken from the
/// code under test.
fn hostile(c: char) -> bool {
    let c = u32::from(c);
    (c < 0x20 && c != 0x0a && c != 0x09)
        || (0x7f..=0x9f).contains(&c)
        || matches!(c, 0x061c | 0x200e | 0x200f | 0x2028..=0x202e | 0x2066..=0x206f)
}

/// Fails if `bytes` carry anything `hostile` names.
fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| hostile(c)) {
        panic!(
            "{what} shows U+{:04X} at byte {i}: {:?}",
            u32::from(c),
            text
        );
    }
}

struct Sandbox {
    dir: TempDir,
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

    fn data(&self) -> PathBuf {
        self.path().join("progress.json")
    }

    /// A path in the sandbox whose name holds the corpus.
    #[cfg(unix)]
    fn hostile_path(&self, ext: &str) -> PathBuf {
        self.path().join(format!("x{CORPUS}.{ext}"))
    }

    /// The binary on the sandbox's progress file, with the environment of an English user.
    fn cmd<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = Command::cargo_bin("roadmap-tui").expect("the roadmap-tui binary");
        cmd.env_clear()
            .env("HOME", self.path())
            .env("XDG_RUNTIME_DIR", self.run.path())
            .env("LANG", "en_US.UTF-8")
            .current_dir(self.path())
            .env("ROADMAP_TUI_DATA", self.data())
            .timeout(Duration::from_secs(30))
            .args(args);
        cmd
    }

    /// Runs it and checks both outputs are clean; returns the output.
    fn clean_run<I, S>(&self, what: &str, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let out = self.cmd(args).output().expect("run roadmap-tui");
        assert_clean(&format!("{what}: stdout"), &out.stdout);
        assert_clean(&format!("{what}: stderr"), &out.stderr);
        out
    }
}

fn os(parts: &[&dyn AsRef<OsStr>]) -> Vec<OsString> {
    parts.iter().map(|p| p.as_ref().to_os_string()).collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A roadmap whose every text holds the corpus.
fn hostile_roadmap() -> String {
    let c = serde_json::to_string(CORPUS).unwrap();
    format!(
        r#"{{"id": "evil", "title": {{"en": {c}}},
  "tracks": [{{"id": "py", "name": {c}}}, {{"id": "go", "name": "Go"}}],
  "levels": [{{"id": "one", "name": {c}, "tasks": [
    {{"id": 1, "text": {{"en": {c}, "es": {c}}}}},
    {{"id": 2, "text": {{"en": "Plain"}}}}]}}]}}"#
    )
}

// Unix-only: Windows allows no control characters in a file name, nor a name that is not
// Unicode.
#[cfg(unix)]
#[test]
fn paths_and_arguments_are_shown_without_their_escapes() {
    let sb = Sandbox::new();
    let missing = sb.hostile_path("json");

    // A roadmap that is not there.
    let out = sb.clean_run("--roadmap missing", os(&[&"--roadmap", &missing, &"stats"]));
    assert!(!out.status.success());
    assert!(stderr(&out).contains(SHOWN), "{}", stderr(&out));

    // A corrupt roadmap at such a path.
    fs::write(&missing, "{ not json").unwrap();
    let out = sb.clean_run("--roadmap corrupt", os(&[&"--roadmap", &missing, &"stats"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(SHOWN), "{}", stderr(&out));

    // A corrupt progress file at such a path.
    let out = sb.clean_run(
        "--data corrupt",
        os(&[&"--data", &missing, &"check", &"1", &"-t", &"go"]),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(SHOWN), "{}", stderr(&out));
    fs::remove_file(&missing).unwrap();

    // import and export -o.
    let out = sb.clean_run("import", os(&[&"import", &missing]));
    assert!(!out.status.success());
    assert!(stderr(&out).contains(SHOWN), "{}", stderr(&out));
    let nowhere = missing.join("out.md");
    let out = sb.clean_run("export -o", os(&[&"export", &"-o", &nowhere]));
    assert!(!out.status.success());
    assert!(stderr(&out).contains(SHOWN), "{}", stderr(&out));

    // merge --from and --resolve, config --path.
    let out = sb.clean_run("merge --from", os(&[&"merge", &"--from", &missing]));
    assert!(!out.status.success());
    let out = sb.clean_run("merge --resolve", os(&[&"merge", &"--resolve", &missing]));
    assert!(!out.status.success());
    let out = sb.clean_run(
        "config --path",
        os(&[&"--config", &missing, &"config", &"--path"]),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains(SHOWN));

    // Arguments echoed in our own errors.
    let task = format!("1{CORPUS}");
    let out = sb.clean_run("check TASK", ["check", &task, "--track", "python"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown task"), "{}", stderr(&out));
    let out = sb.clean_run("check --track", ["check", "1", "--track", CORPUS]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(SHOWN), "{}", stderr(&out));
    let out = sb.clean_run("next --track", ["next", "--track", CORPUS]);
    assert_eq!(out.status.code(), Some(2));
    let out = sb.clean_run("tracks hide", ["tracks", "hide", CORPUS]);
    assert_eq!(out.status.code(), Some(2));

    // And in clap's.
    let out = sb.clean_run("--locale", ["--locale", CORPUS, "stats"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid value 'A"),
        "{}",
        stderr(&out)
    );
    let out = sb.clean_run("unknown command", [CORPUS]);
    assert_eq!(out.status.code(), Some(2));
    let out = sb.clean_run("next -n", ["next", "-n", CORPUS]);
    assert_eq!(out.status.code(), Some(2));

    // A path that is not UTF-8 as well.
    let odd = sb
        .path()
        .join(OsStr::from_bytes(b"x\xff\x1b]0;t\x07\xc2\x9b.json"));
    let out = sb.clean_run("--roadmap non-UTF-8", os(&[&"--roadmap", &odd, &"stats"]));
    assert!(!out.status.success());
}

#[test]
fn roadmap_and_progress_text_reach_no_output_raw() {
    let sb = Sandbox::new();
    let roadmap = sb.path().join("evil.json");
    fs::write(&roadmap, hostile_roadmap()).unwrap();
    let data = sb.data();
    let note = serde_json::to_string(CORPUS).unwrap();
    fs::write(
        &data,
        format!(
            r#"{{"version": 2, "tasks": {{"1": {{"py": {{"status": "in_progress",
               "started_at": "2026-11-20T18:02:11Z", "note": {note}}}}}}},
               "settings": {{"tracks": {{"go": {{"name": {note}}}}}}}}}"#
        ),
    )
    .unwrap();
    let r: &dyn AsRef<OsStr> = &roadmap;
    let runs: &[(&str, Vec<&str>)] = &[
        ("stats", vec!["stats"]),
        ("stats --json", vec!["stats", "--json"]),
        ("next", vec!["next"]),
        ("tracks", vec!["tracks", "list"]),
        ("export markdown", vec!["export"]),
        ("export csv", vec!["export", "--format", "csv"]),
        ("export json", vec!["export", "--format", "json"]),
        ("export svg", vec!["export", "--format", "svg"]),
        ("export html", vec!["export", "--format", "html"]),
        ("check", vec!["check", "2", "--track", "py"]),
        ("start", vec!["start", "2", "--track", "go"]),
        ("uncheck", vec!["uncheck", "2", "--track", "py"]),
    ];
    for (what, args) in runs {
        let mut argv = os(&[&"--roadmap", r]);
        argv.extend(args.iter().map(OsString::from));
        let out = sb.clean_run(what, argv);
        assert!(out.status.success(), "{what}: {}", stderr(&out));
        assert!(!out.stdout.is_empty(), "{what} printed nothing");
    }

    // The JSON outputs keep the data: the escapes decode to the text as written.
    let out = sb.clean_run(
        "export json",
        os(&[&"--roadmap", r, &"export", &"--format", &"json"]),
    );
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert!(
        value.to_string().contains("L\u{202A}M"),
        "the bidi control is kept as data: {value}"
    );

    // The files keep what was written.
    let on_disk = fs::read_to_string(&data).unwrap();
    assert!(on_disk.contains("\\u202e") || on_disk.contains('\u{202E}'));
}

#[test]
fn an_imported_document_is_echoed_clean() {
    let sb = Sandbox::new();
    let doc = sb.path().join("fork.md");
    fs::write(
        &doc,
        format!(
            "| Level | Task | Python |\n|---|---|---|\n| **Freshman** | | |\n\
             | | 999. {CORPUS} | ✅ |\n"
        ),
    )
    .unwrap();
    let out = sb.clean_run("import", os(&[&"import", &doc, &"--dry-run"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("pwned"),
        "the unmatched row is listed: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Runs `args` and expects exit status 2 with a message on stderr naming `path` and `why`.
fn assert_refused(sb: &Sandbox, args: &[&dyn AsRef<OsStr>], path: &Path, why: &str) {
    let out = sb.clean_run(why, os(args));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{:?}: {err}", os(args));
    assert!(
        err.contains(&path.display().to_string()) && err.contains(why),
        "{:?}: the message should name {} and say {why:?}: {err}",
        os(args),
        path.display()
    );
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

// Unix-only: FIFOs and /dev/zero are Unix's.
#[cfg(unix)]
#[test]
fn only_regular_files_are_read() {
    let sb = Sandbox::new();
    let fifo = sb.path().join("fifo.json");
    mkfifo(&fifo);
    let zero = Path::new("/dev/zero");
    let dir = sb.path();
    for (path, why) in [
        (fifo.as_path(), "named pipe"),
        (zero, "character device"),
        (dir, "a directory"),
    ] {
        // A FIFO with no writer would block an ordinary open or read for ever; /dev/zero would
        // be read until memory runs out.
        assert_refused(&sb, &[&"--data", &path, &"stats"], path, why);
        assert_refused(
            &sb,
            &[&"--data", &path, &"check", &"1", &"-t", &"go"],
            path,
            why,
        );
        assert_refused(&sb, &[&"--roadmap", &path, &"stats"], path, why);
        assert_refused(&sb, &[&"import", &path], path, why);
        assert_refused(&sb, &[&"merge", &"--from", &path], path, why);
        assert_refused(&sb, &[&"--config", &path, &"config"], path, why);
    }
}

#[test]
fn files_over_the_limits_are_refused_and_left_alone() {
    let sb = Sandbox::new();
    // Sparse: no disk is used for the zeros.
    let big = sb.path().join("big.json");
    let file = fs::File::create(&big).unwrap();
    file.set_len(512 * 1024 * 1024 + 1).unwrap();
    drop(file);
    let why = "larger than 512 MiB";
    assert_refused(&sb, &[&"--data", &big, &"stats"], &big, why);
    assert_refused(
        &sb,
        &[&"--data", &big, &"check", &"1", &"-t", &"go"],
        &big,
        why,
    );
    assert_eq!(fs::metadata(&big).unwrap().len(), 512 * 1024 * 1024 + 1);

    let roadmap = sb.path().join("big.md");
    let file = fs::File::create(&roadmap).unwrap();
    file.set_len(16 * 1024 * 1024 + 1).unwrap();
    drop(file);
    let why = "larger than 16 MiB";
    assert_refused(&sb, &[&"--roadmap", &roadmap, &"stats"], &roadmap, why);
    assert_refused(&sb, &[&"import", &roadmap], &roadmap, why);
    // Right at the limit is read (and found wanting as a roadmap, which is another matter).
    let file = fs::OpenOptions::new().write(true).open(&roadmap).unwrap();
    file.set_len(16 * 1024 * 1024).unwrap();
    drop(file);
    let out = sb.clean_run("16 MiB", os(&[&"--roadmap", &roadmap, &"stats"]));
    assert!(!stderr(&out).contains("larger than"), "{}", stderr(&out));
}

#[test]
fn input_that_is_not_utf8_is_bad_input() {
    let sb = Sandbox::new();
    let data = sb.path().join("latin1.json");
    fs::write(
        &data,
        b"{\"version\": 2, \"tasks\": {\"1\": {\"go\": {\"note\": \"caf\xe9\"}}}}",
    )
    .unwrap();
    let before = fs::read(&data).unwrap();
    let why = "not UTF-8";
    assert_refused(&sb, &[&"--data", &data, &"stats"], &data, why);
    assert_refused(
        &sb,
        &[&"--data", &data, &"check", &"1", &"-t", &"go"],
        &data,
        why,
    );
    assert_eq!(fs::read(&data).unwrap(), before, "the file was touched");

    let roadmap = sb.path().join("latin1.md");
    fs::write(&roadmap, b"# Caf\xe9\n| Level | Task | Go |\n").unwrap();
    assert_refused(&sb, &[&"--roadmap", &roadmap, &"stats"], &roadmap, why);
    assert_refused(&sb, &[&"import", &roadmap], &roadmap, why);
    assert_refused(&sb, &[&"merge", &"--resolve", &data], &data, why);
}

#[test]
fn a_byte_order_mark_is_accepted_and_not_written_back() {
    let sb = Sandbox::new();
    let bom = "\u{FEFF}";
    let data = sb.data();
    fs::write(
        &data,
        format!(r#"{bom}{{"version": 2, "tasks": {{"1": {{"go": {{"status": "done"}}}}}}}}"#),
    )
    .unwrap();
    let out = sb.clean_run("stats", ["stats", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["overall"]["done"], 1, "{stats}");

    let out = sb.clean_run("check", ["check", "2", "-t", "go"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = fs::read(&data).unwrap();
    assert!(
        bytes.starts_with(b"{"),
        "written back with the mark: {bytes:?}"
    );
    let saved: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(saved["tasks"]["1"]["go"]["status"], "done");
    assert_eq!(saved["tasks"]["2"]["go"]["status"], "done");

    let roadmap = sb.path().join("mini.json");
    fs::write(
        &roadmap,
        format!(
            r#"{bom}{{"id": "mini", "title": {{"en": "Mini"}}, "tracks": [{{"id": "go", "name": "Go"}}],
              "levels": [{{"id": "one", "name": "One", "tasks": [{{"id": 1, "text": {{"en": "Hi"}}}}]}}]}}"#
        ),
    )
    .unwrap();
    let out = sb.clean_run(
        "--roadmap with a BOM",
        os(&[&"--roadmap", &roadmap, &"stats"]),
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let doc = sb.path().join("fork.md");
    fs::write(
        &doc,
        format!("{bom}| Level | Task | Go |\n|---|---|---|\n| **One** | | |\n| | 1. Hi | ✅ |\n"),
    )
    .unwrap();
    let out = sb.clean_run(
        "import with a BOM",
        os(&[&"--roadmap", &roadmap, &"import", &doc, &"--dry-run"]),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 already marked"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
