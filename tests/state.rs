//! The progress-file store seen from outside: what lands on disk after a save, what is refused
//! and left alone, and what the user reads when something goes wrong.

use std::collections::BTreeSet;
use std::fs;
#[cfg(unix)]
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
#[cfg(unix)]
use std::process::Command;
use std::time::Duration;

use pretty_assertions::assert_eq;
use roadmap_tui::model::{Cell, Progress, Status};
use roadmap_tui::state::{StateError, Store};
use serde_json::{Value, json};
use tempfile::TempDir;

const STARTED: &str = "2026-11-01T09:00:00Z";
const NOW: &str = "2026-11-24T10:00:00Z";

fn temp_dir() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// The names in a directory, sorted.
fn listing(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn open(path: &Path) -> (Store, Progress) {
    Store::open(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}

fn open_err(path: &Path) -> StateError {
    match Store::open(path) {
        Ok((_, progress)) => panic!("{} opened as {progress:?}", path.display()),
        Err(e) => e,
    }
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).expect("read saved file");
    serde_json::from_str(&text).expect("saved file is JSON")
}

/// Control characters other than the newlines the messages use to separate sentences.
fn controls(s: &str) -> Vec<char> {
    s.chars().filter(|&c| c.is_control() && c != '\n').collect()
}

fn sample_progress() -> Progress {
    let mut p = Progress::default();
    p.set_status(10, "go", Status::Done, NOW);
    p.set_status(2, "python", Status::InProgress, STARTED);
    p.set_status(2, "rust", Status::InProgress, STARTED);
    p.set_status(2, "rust", Status::Done, NOW);
    p.set_note(2, "go", "repo: github.com/ana/tasks\nsecond line", NOW);
    // A cell set back to todo stays as a stamped todo, so a merge sees the uncheck (its stamp a
    // millisecond above the check's, made at the same clock time); a cell with nothing at all is
    // not written.
    p.set_status(5, "go", Status::Done, NOW);
    p.set_status(5, "go", Status::Todo, NOW);
    p.put_cell(7, "php", Some(Cell::default()));
    p
}

// --- 1. Round trip -------------------------------------------------------------------------

#[test]
fn round_trip_writes_pretty_json_in_task_order_and_reads_it_back() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    let progress = sample_progress();

    let (mut store, _) = open(&path);
    store.save(&progress).expect("save");
    drop(store);

    let text = fs::read_to_string(&path).expect("saved file");
    let expected = r#"{
  "version": 3,
  "tasks": {
    "2": {
      "go": {
        "note": "repo: github.com/ana/tasks\nsecond line",
        "note_at": "2026-11-24T10:00:00Z"
      },
      "python": {
        "status": "in_progress",
        "started_at": "2026-11-01T09:00:00Z",
        "changed_at": "2026-11-01T09:00:00Z"
      },
      "rust": {
        "status": "done",
        "started_at": "2026-11-01T09:00:00Z",
        "done_at": "2026-11-24T10:00:00Z",
        "changed_at": "2026-11-24T10:00:00Z"
      }
    },
    "5": {
      "go": {
        "changed_at": "2026-11-24T10:00:00.001Z"
      }
    },
    "10": {
      "go": {
        "status": "done",
        "done_at": "2026-11-24T10:00:00Z",
        "changed_at": "2026-11-24T10:00:00Z"
      }
    }
  }
}
"#;
    assert_eq!(text, expected);
    assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
    assert!(text.find("\"2\"").unwrap() < text.find("\"10\"").unwrap());
    assert!(
        !text.contains("todo"),
        "todo cells are not written:\n{text}"
    );
    assert!(!text.contains("\"7\""), "{text}");

    let (_, reread) = open(&path);
    assert_eq!(reread, progress);
    assert_eq!(reread.status(2, "rust"), Status::Done);
    assert_eq!(
        reread.note(2, "go"),
        Some("repo: github.com/ana/tasks\nsecond line")
    );
    assert_eq!(reread.status(5, "go"), Status::Todo);
}

#[test]
fn saving_twice_replaces_the_whole_file() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    let (mut store, mut progress) = open(&path);
    store.save(&sample_progress()).expect("first save");

    progress.set_status(1, "c", Status::Done, NOW);
    store.save(&progress).expect("second save");

    assert_eq!(
        read_json(&path),
        json!({
            "version": 3,
            "tasks": { "1": { "c": { "status": "done", "done_at": NOW, "changed_at": NOW } } }
        })
    );
}

// --- 2. Missing file -----------------------------------------------------------------------

#[test]
fn missing_file_opens_as_empty_progress_and_writes_no_data_file() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");

    let (store, progress) = open(&path);

    assert_eq!(progress, Progress::default());
    assert_eq!(progress.cells().count(), 0);
    assert!(!path.exists(), "opening must not create the data file");
    // Nothing appears beside it, not even for the save lock (the folder itself is locked), so
    // sync tools and git have nothing to carry to other machines.
    let names = listing(dir.path());
    assert!(names.is_empty(), "unexpected files: {names:?}");
    drop(store);
}

#[test]
fn missing_parent_is_created_by_the_first_save_not_by_open() {
    let dir = temp_dir();
    let parent = dir.path().join("share").join("roadmap-tui");
    let path = parent.join("progress.json");

    let (mut store, mut progress) = open(&path);
    assert_eq!(progress, Progress::default());
    assert!(
        !dir.path().join("share").exists(),
        "open created {}",
        parent.display()
    );
    assert_eq!(listing(dir.path()), BTreeSet::new());

    progress.set_status(3, "go", Status::Done, NOW);
    store
        .save(&progress)
        .expect("first save creates the directories");

    assert_eq!(
        read_json(&path),
        json!({
            "version": 3,
            "tasks": { "3": { "go": { "status": "done", "done_at": NOW, "changed_at": NOW } } }
        })
    );
    drop(store);
    assert_eq!(open(&path).1, progress);
}

// --- 3. Unknown things are kept ------------------------------------------------------------

#[test]
fn unknown_tasks_tracks_and_fields_survive_a_save() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    let original = json!({
        "version": 2,
        "settings": { "lang": "en", "theme": { "name": "dark", "contrast": 2 } },
        "tasks": {
            "1": { "go": {
                "status": "done",
                "done_at": "2026-01-01T00:00:00Z",
                "reviewed_by": "ana",
                "score": 9.5
            } },
            "999": { "cobol": {
                "status": "in_progress",
                "started_at": "2025-12-01T00:00:00Z",
                "note": "legacy"
            } },
            "bonus-a": { "go": { "status": "done" } }
        },
        "exported_from": "roadmap-web 2.3",
        "history": [1, -2, 0.25, { "x": null }, true]
    });
    fs::write(&path, serde_json::to_string_pretty(&original).unwrap()).unwrap();

    let (mut store, mut progress) = open(&path);
    assert_eq!(progress.status(999, "cobol"), Status::InProgress);
    assert_eq!(progress.note(999, "cobol"), Some("legacy"));
    progress.set_status(2, "rust", Status::Done, NOW);
    store.save(&progress).expect("save");

    let mut expected = original.clone();
    expected["version"] = json!(3);
    expected["tasks"]["2"] =
        json!({ "rust": { "status": "done", "done_at": NOW, "changed_at": NOW } });
    assert_eq!(read_json(&path), expected);

    // Numeric keys in number order, other keys after them.
    let text = fs::read_to_string(&path).unwrap();
    let at = |key: &str| text.find(&format!("\"{key}\": {{")).unwrap();
    assert!(at("1") < at("2") && at("2") < at("999") && at("999") < at("bonus-a"));
}

#[test]
fn blank_cells_in_a_file_are_not_written_back() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    fs::write(
        &path,
        br#"{"version": 1, "tasks": {
            "1": {"go": {}},
            "2": {},
            "3": {"go": {"status": "todo", "note": "\u0007"}},
            "4": {"go": {"status": "done"}}
        }}"#,
    )
    .unwrap();

    let (mut store, progress) = open(&path);
    let cells: Vec<_> = progress
        .cells()
        .map(|(t, k, _)| format!("{t}/{k}"))
        .collect();
    assert_eq!(cells, ["4/go"]);
    store.save(&progress).expect("save");

    assert_eq!(
        read_json(&path),
        json!({ "version": 3, "tasks": { "4": { "go": { "status": "done" } } } })
    );
}

// --- 4. Bad files are refused and left alone -----------------------------------------------

/// Writes `bytes` as the progress file, opens it, and checks that opening failed without
/// touching it: same bytes, and nothing new in the directory.
fn refused(bytes: &[u8]) -> (TempDir, PathBuf, StateError) {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    fs::write(&path, bytes).unwrap();
    let before = listing(dir.path());

    let err = open_err(&path);

    assert_eq!(
        fs::read(&path).unwrap(),
        bytes,
        "the refused file was changed"
    );
    let after = listing(dir.path());
    assert_eq!(after, before, "opening a refused file wrote beside it");
    let shown = err.to_string();
    assert!(
        shown.contains(&path.display().to_string()),
        "the message does not name the file: {shown}"
    );
    assert_eq!(controls(&shown), Vec::<char>::new(), "{shown:?}");
    (dir, path, err)
}

#[test]
fn invalid_json_names_the_file_line_and_column() {
    let (_dir, _path, err) = refused(b"{\n  \"version\": 1,\n  \"tasks\": {,\n}\n");
    let shown = err.to_string();
    assert!(
        matches!(
            err,
            StateError::Json {
                line: 3,
                column: 13,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(shown.contains("not valid JSON"), "{shown}");
    assert!(shown.contains("(line 3, column 13)"), "{shown}");
    assert!(
        !shown.contains(" at line "),
        "position given twice: {shown}"
    );
    assert!(shown.contains("left untouched"), "{shown}");
}

#[test]
fn empty_file_is_refused_as_invalid_json() {
    let (_dir, _path, err) = refused(b"");
    assert!(matches!(err, StateError::Json { line: 1, .. }), "{err:?}");
    assert!(err.to_string().contains("EOF"), "{err}");
}

#[test]
fn invalid_utf8_is_refused_as_invalid_json() {
    let (_dir, _path, err) =
        refused(b"{\"version\": 1, \"tasks\": {\"1\": {\"go\": {\"note\": \"caf\xe9\"}}}}");
    assert!(matches!(err, StateError::Json { line: 1, .. }), "{err:?}");
}

#[test]
fn top_level_array_is_refused() {
    let (_dir, _path, err) = refused(b"[{\"version\": 1}]\n");
    assert!(matches!(err, StateError::Shape { .. }), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("not a roadmap-tui progress file"), "{shown}");
    assert!(shown.contains("top level is not a JSON object"), "{shown}");
}

#[test]
fn tasks_that_are_not_a_map_are_refused_naming_tasks() {
    let (_dir, _path, err) = refused(b"{\"version\": 1, \"tasks\": \"all done\"}");
    assert!(matches!(err, StateError::Shape { .. }), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("at tasks:"), "{shown}");
    assert!(shown.contains("expected a map"), "{shown}");
}

#[test]
fn unknown_status_is_refused_naming_the_cell() {
    let (_dir, _path, err) =
        refused(br#"{"version": 1, "tasks": {"12": {"go": {"status": "bogus"}}}}"#);
    assert!(matches!(err, StateError::Shape { .. }), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("tasks.12.go.status"), "{shown}");
    assert!(shown.contains("bogus"), "{shown}");
}

#[test]
fn missing_version_is_refused() {
    let (_dir, _path, err) = refused(br#"{"tasks": {}}"#);
    assert!(matches!(err, StateError::Shape { .. }), "{err:?}");
    assert!(err.to_string().contains("no \"version\" field"), "{err}");
}

#[test]
fn version_that_is_not_a_number_is_refused() {
    for (bytes, shown_as) in [
        (
            &br#"{"version": "1", "tasks": {}}"#[..],
            r#""version" is "1""#,
        ),
        (br#"{"version": 0, "tasks": {}}"#, r#""version" is 0"#),
        (br#"{"version": -1, "tasks": {}}"#, r#""version" is -1"#),
        (br#"{"version": 1.5, "tasks": {}}"#, r#""version" is 1.5"#),
    ] {
        let (_dir, _path, err) = refused(bytes);
        assert!(matches!(err, StateError::Shape { .. }), "{err:?}");
        assert!(err.to_string().contains(shown_as), "{err}");
    }
}

#[test]
fn newer_version_is_refused_asking_for_an_upgrade() {
    let (_dir, _path, err) = refused(br#"{"version": 99, "tasks": {"1": {"go": {"x": 1}}}}"#);
    assert!(
        matches!(err, StateError::Version { found: 99, .. }),
        "{err:?}"
    );
    let shown = err.to_string();
    assert!(shown.contains("format version 99"), "{shown}");
    assert!(shown.contains("version 4 at most"), "{shown}");
    assert!(shown.contains("Upgrade roadmap-tui"), "{shown}");
}

#[test]
fn directory_at_the_data_path_is_a_read_error_and_is_left_alone() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    fs::create_dir(&path).unwrap();
    fs::write(path.join("inside.txt"), "keep me").unwrap();

    let err = open_err(&path);

    assert!(matches!(err, StateError::Read { .. }), "{err:?}");
    let shown = err.to_string();
    assert!(
        shown.contains(&format!("cannot read the progress file {}", path.display())),
        "{shown}"
    );
    assert!(path.is_dir());
    assert_eq!(listing(&path), BTreeSet::from(["inside.txt".to_owned()]));
    assert_eq!(
        fs::read_to_string(path.join("inside.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn error_text_never_echoes_control_characters_from_the_file() {
    // An escape sequence in a status, and a bell/OSC title sequence in a task key.
    let (_dir, _path, err) =
        refused(br#"{"version": 1, "tasks": {"1": {"go": {"status": "\u001b[31mred\u0007"}}}}"#);
    let shown = err.to_string();
    assert!(matches!(err, StateError::Shape { .. }), "{err:?}");
    assert!(
        shown.contains("[31mred"),
        "the readable part is kept: {shown}"
    );

    let (_dir, _path, err) =
        refused(br#"{"version": 1, "tasks": {"\u001b]0;pwned\u0007": {"go": {"status": 7}}}}"#);
    let shown = err.to_string();
    assert!(shown.contains("]0;pwned"), "{shown}");

    // A raw control byte inside a string is a syntax error; its message must be clean too.
    let (_dir, _path, err) = refused(b"{\"version\": 1, \"x\": \"a\x1bb\"}");
    assert!(matches!(err, StateError::Json { .. }), "{err:?}");
}

#[test]
fn error_text_echoing_a_huge_value_is_cut_short() {
    let long = "z".repeat(10_000);
    let file = format!(r#"{{"version": 1, "tasks": {{"1": {{"go": {{"status": "{long}"}}}}}}}}"#);
    let (_dir, _path, err) = refused(file.as_bytes());
    let shown = err.to_string();
    assert!(shown.contains('…'), "{shown}");
    assert!(
        shown.chars().count() < 600,
        "{} chars",
        shown.chars().count()
    );
}

#[test]
fn a_refused_file_opens_once_mended() {
    let (_dir, path, _err) = refused(b"{ not json");
    fs::write(&path, br#"{"version": 1, "tasks": {}}"#).unwrap();
    let (_, progress) = open(&path);
    assert!(progress.same_content(&Progress::default()));
}

// --- 5. Atomic replace ---------------------------------------------------------------------

// Unix-only: it checks the file's mode bits and inode number, which Windows does not have.
#[cfg(unix)]
#[test]
fn save_replaces_the_file_by_rename_and_keeps_its_mode() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    fs::write(
        &path,
        br#"{"version": 1, "tasks": {"4": {"go": {"status": "done"}}}}"#,
    )
    .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    let inode_before = fs::metadata(&path).unwrap().ino();
    // A second name for the old inode shows what a reader holding the old file would see.
    let old_link = dir.path().join("old-link");
    fs::hard_link(&path, &old_link).unwrap();
    let old_bytes = fs::read(&path).unwrap();

    let (mut store, mut progress) = open(&path);
    progress.set_status(5, "go", Status::InProgress, STARTED);
    store.save(&progress).expect("save");

    let meta = fs::metadata(&path).unwrap();
    assert_ne!(meta.ino(), inode_before, "the file was rewritten in place");
    assert_eq!(meta.permissions().mode() & 0o7777, 0o600);
    assert_eq!(
        fs::read(&old_link).unwrap(),
        old_bytes,
        "old inode was written to"
    );
    assert_eq!(
        read_json(&path),
        json!({
            "version": 3,
            "tasks": {
                "4": { "go": { "status": "done" } },
                "5": { "go": { "status": "in_progress", "started_at": STARTED, "changed_at": STARTED } }
            }
        })
    );
    let names = listing(dir.path());
    assert_eq!(
        names,
        BTreeSet::from(["old-link", "progress.json"].map(String::from)),
        "a temp file was left behind"
    );
}

// Unix-only: Windows has no mode bits.
#[cfg(unix)]
#[test]
fn a_new_file_gets_the_usual_mode() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    let (mut store, _) = open(&path);
    store.save(&sample_progress()).expect("save");
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode & 0o600, 0o600, "owner must read and write: {mode:o}");
    assert_eq!(mode & 0o111, 0, "not executable: {mode:o}");
}

// --- 6. Symlinks ---------------------------------------------------------------------------

// Unix-only: making a symlink on Windows needs a privilege ordinary users lack.
#[cfg(unix)]
#[test]
fn saving_through_a_symlink_keeps_the_link_and_writes_its_target() {
    let dir = temp_dir();
    fs::create_dir(dir.path().join("dotfiles")).unwrap();
    let target = dir.path().join("dotfiles").join("roadmap.json");
    fs::write(
        &target,
        br#"{"version": 1, "tasks": {"1": {"go": {"status": "done"}}}}"#,
    )
    .unwrap();
    let link = dir.path().join("progress.json");
    symlink("dotfiles/roadmap.json", &link).unwrap();

    let (mut store, mut progress) = open(&link);
    assert_eq!(progress.status(1, "go"), Status::Done);
    progress.set_status(2, "go", Status::Done, NOW);
    store.save(&progress).expect("save");

    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_link(&link).unwrap(),
        Path::new("dotfiles/roadmap.json")
    );
    assert_eq!(
        read_json(&target),
        json!({
            "version": 3,
            "tasks": {
                "1": { "go": { "status": "done" } },
                "2": { "go": { "status": "done", "done_at": NOW, "changed_at": NOW } }
            }
        })
    );
    assert_eq!(store.path(), link.as_path());
    assert_eq!(
        listing(dir.path()),
        BTreeSet::from(["dotfiles".to_owned(), "progress.json".to_owned()])
    );
    assert_eq!(
        listing(&dir.path().join("dotfiles")),
        BTreeSet::from(["roadmap.json".to_owned()])
    );
}

// Unix-only: making a symlink on Windows needs a privilege ordinary users lack.
#[cfg(unix)]
#[test]
fn saving_through_a_dangling_symlink_creates_its_target() {
    let dir = temp_dir();
    let link = dir.path().join("progress.json");
    symlink("sync/progress.json", &link).unwrap();

    let (mut store, mut progress) = open(&link);
    assert_eq!(progress, Progress::default());
    progress.set_status(8, "go", Status::Done, NOW);
    store.save(&progress).expect("save");

    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        read_json(&dir.path().join("sync").join("progress.json")),
        json!({
            "version": 3,
            "tasks": { "8": { "go": { "status": "done", "done_at": NOW, "changed_at": NOW } } }
        })
    );
}

// --- 7. Stale temp files -------------------------------------------------------------------

/// A temp file beside the data file may be another writer's save under way, one that did not
/// take this writer's lock: opening never removes it. Only one untouched for an hour goes (see
/// `state::temp`), and a write or a rename makes a file fresh, whatever its modification time
/// says.
#[test]
fn opening_never_removes_a_temp_file_another_writer_may_be_writing() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    fs::write(&path, br#"{"version": 1, "tasks": {}}"#).unwrap();
    let live = dir.path().join(".progress.json.AbC123");
    fs::write(&live, "{\"vers").unwrap();
    let empty = dir.path().join(".progress.json.000000");
    fs::write(&empty, "").unwrap();
    // Content two hours old, just renamed into place: fresh by its ctime. (Unix only: Windows
    // keeps no change time that a rename moves, so there only a write makes a file fresh.)
    #[cfg(unix)]
    let renamed = {
        let renamed = dir.path().join(".progress.json.Old999");
        let elsewhere = dir.path().join("elsewhere");
        fs::write(&elsewhere, "{}").unwrap();
        let two_hours_ago = std::time::SystemTime::now() - Duration::from_secs(2 * 60 * 60);
        fs::File::options()
            .write(true)
            .open(&elsewhere)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
        fs::rename(&elsewhere, &renamed).unwrap();
        renamed
    };
    let before = listing(dir.path());

    let (_store, _) = open(&path);
    // And with the lock free and a store already open.
    let (_again, _) = open(&path);

    assert_eq!(listing(dir.path()), before);
    assert_eq!(fs::read_to_string(&live).unwrap(), "{\"vers");
    #[cfg(unix)]
    assert_eq!(fs::read_to_string(&renamed).unwrap(), "{}");
}

#[test]
fn open_leaves_a_temp_file_alone_while_another_save_holds_the_lock() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    fs::write(&path, br#"{"version": 1, "tasks": {}}"#).unwrap();
    let held = roadmap_tui::state::lock::acquire(&path, Duration::from_secs(5)).expect("lock");
    // What a save in progress by the holder looks like.
    let live = dir.path().join(".progress.json.Live42");
    fs::write(&live, "{\"version\": 1").unwrap();

    let (_store, _) = open(&path);

    assert_eq!(fs::read_to_string(&live).unwrap(), "{\"version\": 1");
    drop(held);
}

// --- 8. Lock -------------------------------------------------------------------------------

/// A second name for the file at `path` in `dir`: a symlink where anyone may make one, else the
/// same path spelled through `.` (Windows lets only some users make symlinks).
fn alias(dir: &Path, path: &Path) -> PathBuf {
    #[cfg(unix)]
    {
        let link = dir.join("alias.json");
        symlink(path, &link).unwrap();
        link
    }
    #[cfg(not(unix))]
    {
        dir.join(".").join(path.file_name().unwrap())
    }
}

#[test]
fn two_stores_on_one_file_both_open_and_both_save() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    let link = alias(dir.path(), &path);

    let (mut first, mut a) = open(&path);
    let (mut second, mut b) = open(&link);
    a.set_status(1, "go", Status::Done, NOW);
    first.save(&a).expect("first save");
    b.set_status(2, "go", Status::Done, NOW);
    let merged = second.save(&b).expect("second save").expect("merged");

    assert_eq!(merged.report.taken, vec![("1".to_owned(), "go".to_owned())]);
    let on_disk = read_json(&path);
    assert_eq!(on_disk["tasks"]["1"]["go"]["status"], "done");
    assert_eq!(on_disk["tasks"]["2"]["go"]["status"], "done");
}

#[test]
fn a_save_waits_for_the_lock_and_writes_once_it_is_free() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    let (mut store, mut progress) = open(&path);
    progress.set_status(1, "go", Status::Done, NOW);
    let held = roadmap_tui::state::lock::acquire(&path, Duration::from_secs(5)).expect("lock");

    let saver = std::thread::spawn(move || store.save(&progress).map(|_| ()));
    std::thread::sleep(Duration::from_millis(200));
    assert!(!path.exists(), "wrote while another held the lock");
    drop(held);

    saver
        .join()
        .unwrap()
        .expect("save after the lock was freed");
    assert_eq!(read_json(&path)["tasks"]["1"]["go"]["status"], "done");
}

#[test]
fn the_lock_is_shared_by_two_names_for_one_file() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    fs::write(&path, br#"{"version": 1}"#).unwrap();
    let link = alias(dir.path(), &path);
    use roadmap_tui::state::lock;
    assert_eq!(lock::folder(&path), lock::folder(&link));
    assert_eq!(lock::folder(&path), fs::canonicalize(dir.path()).unwrap());
    let _held = lock::acquire(&path, Duration::from_secs(5)).expect("lock");
    // Another writer, on a thread of its own (a Windows mutex lets its owner take it again).
    let free = std::thread::spawn(move || lock::try_acquire(&link).is_some());
    assert!(!free.join().unwrap(), "the lock was taken twice");
}

// --- 9. Save failures ----------------------------------------------------------------------

#[test]
fn save_under_a_regular_file_fails_naming_the_path_and_changes_nothing() {
    let dir = temp_dir();
    let parent = dir.path().join("data");
    let path = parent.join("progress.json");
    let (mut store, mut progress) = open(&path);
    // Something else took the directory's name before the first save.
    fs::write(&parent, "not a directory").unwrap();
    progress.set_status(6, "go", Status::Done, NOW);
    let unsaved = progress.clone();

    let err = store.save(&progress).unwrap_err();

    assert!(
        matches!(&err, StateError::Write { path: p, .. } if p == &path),
        "{err:?}"
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("could not save {}: ", path.display())),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("{} is a file, not a folder", parent.display())),
        "{shown}"
    );
    assert_eq!(progress, unsaved);
    assert_eq!(fs::read_to_string(&parent).unwrap(), "not a directory");
    assert_eq!(listing(dir.path()), BTreeSet::from(["data".to_owned()]));

    // Once the obstacle is gone, the same store saves.
    fs::remove_file(&parent).unwrap();
    store
        .save(&progress)
        .expect("save after the obstacle is gone");
    assert_eq!(
        read_json(&path),
        json!({ "version": 3, "tasks": { "6": { "go": { "status": "done", "done_at": NOW, "changed_at": NOW } } } })
    );

    // And the unsaved progress can go to another file.
    let elsewhere = dir.path().join("elsewhere").join("progress.json");
    drop(store);
    let (mut other, _) = open(&elsewhere);
    other.save(&progress).expect("save elsewhere");
    drop(other);
    assert_eq!(open(&elsewhere).1, progress);
}

// Unix-only: /proc and /sys are the read-only file systems at hand; Windows has none.
#[cfg(unix)]
#[test]
fn save_onto_a_read_only_filesystem_fails_without_panicking() {
    for path in [
        Path::new("/proc/roadmap-tui-state-test/progress.json"),
        Path::new("/sys/roadmap-tui-state-test.json"),
    ] {
        let (mut store, mut progress) = open(path);
        assert_eq!(progress, Progress::default());
        progress.set_status(1, "go", Status::Done, NOW);

        let err = store.save(&progress).unwrap_err();

        assert!(
            matches!(&err, StateError::Write { path: p, .. } if p == path),
            "{err:?}"
        );
        assert!(
            err.to_string()
                .starts_with(&format!("could not save {}: ", path.display())),
            "{err}"
        );
        assert!(!path.exists());
    }
}

#[test]
fn a_directory_in_the_files_place_makes_save_fail_and_is_left_alone() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    let (mut store, mut progress) = open(&path);
    fs::create_dir(&path).unwrap();
    fs::write(path.join("inside.txt"), "keep me").unwrap();
    progress.set_status(1, "go", Status::Done, NOW);

    let err = store.save(&progress).unwrap_err();

    // The save reads the file first, to merge what another writer changed: a directory there
    // fails the read.
    assert!(
        matches!(err, StateError::Write { .. } | StateError::Read { .. }),
        "{err:?}"
    );
    assert_eq!(listing(&path), BTreeSet::from(["inside.txt".to_owned()]));
    assert_eq!(
        fs::read_to_string(path.join("inside.txt")).unwrap(),
        "keep me"
    );
    // A failed save cleans up its temp file.
    let names = listing(dir.path());
    assert_eq!(names, BTreeSet::from(["progress.json".to_owned()]));
    drop(store);
    fs::remove_dir_all(&path).unwrap();
    let (_store, _) = open(&path);
    assert_eq!(listing(dir.path()), BTreeSet::new());
}

#[test]
fn a_failed_save_leaves_no_temp_file_behind() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    let (mut store, mut progress) = open(&path);
    fs::create_dir(&path).unwrap();
    progress.set_status(1, "go", Status::Done, NOW);
    for _ in 0..3 {
        store.save(&progress).unwrap_err();
    }
    assert_eq!(
        listing(dir.path()),
        BTreeSet::from(["progress.json".to_owned()])
    );
}

/// A progress file whose name leaves no room for the writer's temp name (".NAME.XXXXXX" must fit
/// in 255 bytes): it can be read, but a save cannot finish.
#[test]
fn a_save_that_cannot_finish_leaves_the_old_file_whole() {
    let dir = temp_dir();
    let name = format!("{}.json", "p".repeat(245));
    assert_eq!(name.len(), 250);
    let path = dir.path().join(&name);
    let old = br#"{"version": 1, "tasks": {"1": {"go": {"status": "done"}}}}"#;
    fs::write(&path, old).unwrap();
    #[cfg(unix)]
    let inode = fs::metadata(&path).unwrap().ino();

    let (mut store, mut progress) = open(&path);
    progress.set_status(2, "go", Status::Done, NOW);
    let unsaved = progress.clone();
    let err = store.save(&progress).unwrap_err();

    assert!(
        matches!(&err, StateError::Write { path: p, .. } if p == &path),
        "{err:?}"
    );
    assert_eq!(fs::read(&path).unwrap(), old);
    #[cfg(unix)]
    assert_eq!(fs::metadata(&path).unwrap().ino(), inode);
    assert_eq!(progress, unsaved);
    assert_eq!(
        listing(dir.path()),
        BTreeSet::from([name.clone()]),
        "a temp file was left behind"
    );
}

/// Makes a directory unwritable and undoes it on drop: by its mode bits where they bind (not
/// root), else by the immutable attribute (root, with `chattr` and a file system that has it).
#[cfg(unix)]
struct Frozen<'a> {
    dir: &'a Path,
    mode: u32,
}

#[cfg(unix)]
impl<'a> Frozen<'a> {
    fn freeze(dir: &'a Path) -> Option<Frozen<'a>> {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir).ok()?.permissions().mode();
        let frozen = Frozen { dir, mode };
        fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).ok()?;
        if frozen.holds() {
            return Some(frozen);
        }
        let _ = Command::new("chattr").arg("+i").arg(dir).output();
        frozen.holds().then_some(frozen)
    }

    /// Only trust it if creating a file there really fails.
    fn holds(&self) -> bool {
        let probe = self.dir.join("probe");
        let failed = fs::write(&probe, "").is_err();
        let _ = fs::remove_file(probe);
        failed
    }
}

#[cfg(unix)]
impl Drop for Frozen<'_> {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = Command::new("chattr").arg("-i").arg(self.dir).output();
        let _ = fs::set_permissions(self.dir, fs::Permissions::from_mode(self.mode));
    }
}

// Unix-only: a directory is made unwritable by its mode bits or `chattr`; Windows has neither.
#[cfg(unix)]
#[test]
fn a_save_into_an_unwritable_directory_leaves_the_old_file_whole() {
    let dir = temp_dir();
    let data_dir = dir.path().join("data");
    fs::create_dir(&data_dir).unwrap();
    let path = data_dir.join("progress.json");
    let old = br#"{"version": 1, "tasks": {"1": {"go": {"status": "done"}}}}"#;
    fs::write(&path, old).unwrap();
    let (mut store, mut progress) = open(&path);
    let before = listing(&data_dir);

    let Some(frozen) = Frozen::freeze(&data_dir) else {
        eprintln!(
            "*** SKIP a_save_into_an_unwritable_directory_leaves_the_old_file_whole: cannot make \
             {} unwritable here (running as root without chattr, or a file system without the \
             immutable attribute); the failed save was NOT checked",
            data_dir.display()
        );
        return;
    };
    progress.set_status(2, "go", Status::Done, NOW);
    let result = store.save(&progress);
    let after = listing(&data_dir);
    drop(frozen);

    let err = result.unwrap_err();
    assert!(
        matches!(&err, StateError::Write { path: p, .. } if p == &path),
        "{err:?}"
    );
    assert_eq!(fs::read(&path).unwrap(), old);
    assert_eq!(after, before);

    // Writable again: the same store saves what it was given.
    store.save(&progress).expect("save after thaw");
    assert_eq!(
        read_json(&path),
        json!({
            "version": 3,
            "tasks": {
                "1": { "go": { "status": "done" } },
                "2": { "go": { "status": "done", "done_at": NOW, "changed_at": NOW } }
            }
        })
    );
}

// --- 10. Other writers ---------------------------------------------------------------------

#[test]
fn reload_merges_what_another_writer_saved_and_keeps_unsaved_changes() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    let (mut a, mut ours) = open(&path);
    let (mut b, mut theirs) = open(&path);
    assert!(a.reload(&ours).unwrap().is_none(), "nothing changed yet");
    theirs.set_status(3, "go", Status::Done, NOW);
    b.save(&theirs).unwrap();
    // A change of ours not saved yet (say a save had failed).
    ours.set_status(1, "php", Status::Done, NOW);

    let merged = a.reload(&ours).unwrap().expect("the other writer's change");
    assert_eq!(merged.progress.status(3, "go"), Status::Done);
    assert_eq!(merged.progress.status(1, "php"), Status::Done);
    assert_eq!(merged.report.taken, vec![("3".to_owned(), "go".to_owned())]);
    assert!(a.reload(&merged.progress).unwrap().is_none(), "read twice");
    // Nothing was written by the reload.
    assert_eq!(read_json(&path)["tasks"]["1"], Value::Null);
}

#[test]
fn a_deleted_file_erases_no_progress_and_the_next_save_writes_it_whole() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    let (mut store, mut progress) = open(&path);
    progress.set_status(1, "go", Status::Done, NOW);
    store.save(&progress).unwrap();
    fs::remove_file(&path).unwrap();

    assert!(store.reload(&progress).unwrap().is_none());
    progress.set_status(2, "go", Status::Done, NOW);
    store.save(&progress).unwrap();
    let v = read_json(&path);
    assert_eq!(v["tasks"]["1"]["go"]["status"], "done");
    assert_eq!(v["tasks"]["2"]["go"]["status"], "done");
}

#[test]
fn a_save_refuses_to_write_over_a_file_another_writer_broke() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    let (mut store, mut progress) = open(&path);
    fs::write(&path, b"{\"version\": 2, \"tasks\": ").unwrap();
    progress.set_status(1, "go", Status::Done, NOW);
    let err = store.save(&progress).unwrap_err();
    assert!(matches!(err, StateError::Json { .. }), "{err:?}");
    assert_eq!(fs::read(&path).unwrap(), b"{\"version\": 2, \"tasks\": ");
}

#[test]
fn a_version_1_file_is_written_as_version_3_keeping_everything() {
    let dir = temp_dir();
    let path = dir.path().join("progress.json");
    fs::write(
        &path,
        br#"{"version": 1, "settings": {"lang": "en", "x": 1}, "tasks": {"4": {"go": {"status": "done", "done_at": "2026-01-01T00:00:00Z", "grade": "A"}}}, "owner": "ana"}"#,
    )
    .unwrap();
    let (mut store, mut progress) = open(&path);
    progress.set_status(5, "go", Status::Done, NOW);
    store.save(&progress).unwrap();
    assert_eq!(
        read_json(&path),
        json!({
            "version": 3,
            "settings": {"lang": "en", "x": 1},
            "tasks": {
                "4": {"go": {"status": "done", "done_at": "2026-01-01T00:00:00Z", "grade": "A"}},
                "5": {"go": {"status": "done", "done_at": NOW, "changed_at": NOW}}
            },
            "owner": "ana"
        })
    );
}
