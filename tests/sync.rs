//! The file shared by many writers, on real processes and real files: git's merge driver on two
//! clones, `merge --from` a sync tool's conflicted copy, `merge --resolve` a file with conflict
//! markers, and many concurrent writers.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_roadmap-tui");

/// A home for the binary: data, cache and runtime directories inside one temp dir.
struct Home {
    dir: TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env_clear()
            .env("HOME", self.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("XDG_RUNTIME_DIR", self.path().join("run"))
            .stdin(Stdio::null());
        cmd
    }

    /// `roadmap-tui --data DATA args…`
    fn run(&self, data: &Path, args: &[&str]) -> Output {
        self.cmd()
            .arg("--data")
            .arg(data)
            .args(args)
            .output()
            .expect("run roadmap-tui")
    }
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).expect("the file exists")).expect("valid JSON")
}

/// Cells with `status` in the file, as "task track", sorted.
fn with_status(path: &Path, status: &str) -> Vec<String> {
    let v = read_json(path);
    let mut out = Vec::new();
    for (task, cells) in v["tasks"].as_object().expect("tasks") {
        for (track, cell) in cells.as_object().expect("cells") {
            if cell["status"] == status {
                out.push(format!("{task} {track}"));
            }
        }
    }
    out.sort();
    out
}

fn strs(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

// --- git ---------------------------------------------------------------------------------------

/// `git` in `dir`, with an identity and no user or system configuration.
fn git(home: &Home, dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .env("HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ana")
        .env("GIT_AUTHOR_EMAIL", "ana@example.com")
        .env("GIT_COMMITTER_NAME", "Ana")
        .env("GIT_COMMITTER_EMAIL", "ana@example.com")
        .env(
            "PATH",
            format!(
                "{}:{}",
                Path::new(BIN).parent().unwrap().display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("XDG_RUNTIME_DIR", home.path().join("run"))
        .args(args)
        .output()
        .expect("run git")
}

fn git_ok(home: &Home, dir: &Path, args: &[&str]) -> String {
    let out = git(home, dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn have_git() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found {
        eprintln!("SKIP: git is not installed; the git merge driver test did not run");
    }
    found
}

/// Two machines clone one repository, each checks different cells, and the second pulls:
/// with the driver set up as the README says, git merges without a conflict.
#[test]
fn two_clones_check_different_cells_and_git_pull_merges_them_without_conflict() {
    if !have_git() {
        return;
    }
    let home = Home::new();
    let origin = home.path().join("origin.git");
    fs::create_dir(&origin).unwrap();
    git_ok(&home, &origin, &["init", "--bare", "-q", "-b", "main"]);
    let laptop = home.path().join("laptop");
    let desktop = home.path().join("desktop");
    git_ok(&home, home.path(), &["clone", "-q", "origin.git", "laptop"]);

    // The laptop starts the repository, with the two lines of setup from the README.
    let data = laptop.join("progress.json");
    ok(home.run(&data, &["check", "1", "--track", "go"]));
    ok(home.run(&data, &["check", "2", "--track", "go"]));
    fs::write(
        laptop.join(".gitattributes"),
        "progress.json merge=roadmap-tui\n",
    )
    .unwrap();
    git_ok(&home, &laptop, &["add", "."]);
    git_ok(&home, &laptop, &["commit", "-q", "-m", "start"]);
    git_ok(&home, &laptop, &["push", "-q", "origin", "main"]);

    git_ok(
        &home,
        home.path(),
        &["clone", "-q", "origin.git", "desktop"],
    );
    for clone in [&laptop, &desktop] {
        git_ok(
            &home,
            clone,
            &[
                "config",
                "merge.roadmap-tui.driver",
                "roadmap-tui merge %O %A %B",
            ],
        );
        git_ok(&home, clone, &["config", "pull.rebase", "false"]);
    }

    // Diverging work: the laptop checks Python cells and unchecks 2 × Go; the desktop checks
    // Go cells and writes a note.
    ok(home.run(&data, &["check", "3", "--track", "python"]));
    ok(home.run(&data, &["uncheck", "2", "--track", "go"]));
    git_ok(&home, &laptop, &["commit", "-q", "-am", "laptop"]);
    git_ok(&home, &laptop, &["push", "-q", "origin", "main"]);
    let desk_data = desktop.join("progress.json");
    ok(home.run(&desk_data, &["check", "5", "--track", "go"]));
    ok(home.run(&desk_data, &["start", "6", "--track", "java"]));
    git_ok(&home, &desktop, &["commit", "-q", "-am", "desktop"]);

    let pulled = git(
        &home,
        &desktop,
        &["pull", "-q", "--no-edit", "origin", "main"],
    );
    assert!(
        pulled.status.success(),
        "git pull did not merge: {}{}",
        String::from_utf8_lossy(&pulled.stdout),
        String::from_utf8_lossy(&pulled.stderr)
    );
    let text = fs::read_to_string(&desk_data).unwrap();
    assert!(!text.contains("<<<<<<<"), "conflict markers:\n{text}");
    assert_eq!(
        with_status(&desk_data, "done"),
        strs(&["1 go", "3 python", "5 go"])
    );
    assert_eq!(with_status(&desk_data, "in_progress"), strs(&["6 java"]));
    let status = git_ok(&home, &desktop, &["status", "--porcelain"]);
    assert_eq!(status, "", "the merge left the work tree dirty");
}

#[test]
fn the_driver_refuses_a_file_that_is_not_progress_and_names_it() {
    let home = Home::new();
    let base = home.path().join("base");
    let ours = home.path().join("ours");
    let theirs = home.path().join("theirs");
    fs::write(&base, "").unwrap();
    fs::write(&ours, r#"{"version": 2, "tasks": {}}"#).unwrap();
    fs::write(&theirs, "name,done\n").unwrap();
    let before = fs::read(&ours).unwrap();
    let out = home
        .cmd()
        .arg("merge")
        .args([&base, &ours, &theirs])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&theirs.display().to_string()), "{err}");
    assert!(err.contains("not valid JSON"), "{err}");
    assert_eq!(fs::read(&ours).unwrap(), before, "OURS was written");
}

#[test]
fn conflict_markers_are_named_as_a_git_conflict_and_resolve_keeps_both_sides() {
    let home = Home::new();
    let data = home.path().join("progress.json");
    let conflicted = r#"{
  "version": 2,
  "tasks": {
<<<<<<< HEAD
    "1": { "go": { "status": "done", "done_at": "2026-11-20T10:00:00Z" } }
=======
    "2": { "python": { "status": "done", "done_at": "2026-11-21T10:00:00Z" } }
>>>>>>> origin/main
  }
}
"#;
    fs::write(&data, conflicted).unwrap();
    let out = home.run(&data, &["stats"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("git conflict markers"), "{err}");
    assert!(
        err.contains(&format!("roadmap-tui merge --resolve {}", data.display())),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&data).unwrap(), conflicted);

    let said = ok(home
        .cmd()
        .arg("merge")
        .arg("--resolve")
        .arg(&data)
        .output()
        .unwrap());
    assert!(said.contains("git add"), "{said}");
    assert_eq!(with_status(&data, "done"), strs(&["1 go", "2 python"]));
    assert_eq!(read_json(&data)["version"], 3);
}

// --- sync tools -------------------------------------------------------------------------------

#[test]
fn merge_from_a_syncthing_conflict_copy_takes_its_cells_and_reports_them() {
    let home = Home::new();
    let data = home.path().join("progress.json");
    ok(home.run(&data, &["check", "1", "--track", "go"]));
    ok(home.run(&data, &["check", "2", "--track", "go"]));
    let copy = home
        .path()
        .join("progress.sync-conflict-20261126-101010-ABCDEFG.json");
    fs::write(
        &copy,
        json!({"version": 2, "tasks": {
            "2": {"go": {"changed_at": "2026-01-01T00:00:00Z"}},
            "3": {"node": {"status": "done", "done_at": "2026-11-25T09:00:00Z",
                           "changed_at": "2026-11-25T09:00:00Z", "note": "from the laptop"}}
        }})
        .to_string(),
    )
    .unwrap();

    let said = ok(home.run(&data, &["merge", "--from", copy.to_str().unwrap()]));
    assert!(said.contains("took 1 cell,"), "{said}");
    assert!(said.contains("task 3 × Node: done"), "{said}");
    assert!(
        said.contains("kept 1 cell where this file's change is newer"),
        "{said}"
    );
    // The old uncheck in the copy does not undo the newer check here.
    assert_eq!(
        with_status(&data, "done"),
        strs(&["1 go", "2 go", "3 node"])
    );
    assert_eq!(
        read_json(&data)["tasks"]["3"]["node"]["note"],
        "from the laptop"
    );

    let again = ok(home.run(&data, &["merge", "--from", copy.to_str().unwrap()]));
    assert!(again.contains("nothing changed"), "{again}");
}

// --- many writers -----------------------------------------------------------------------------

/// Twenty `check`s started at once, each on its own cell: none fails, none is lost, and the file
/// parses after every one.
#[test]
fn concurrent_writers_all_land() {
    let home = Home::new();
    let data: PathBuf = home.path().join("progress.json");
    let tracks = ["python", "node", "go", "php"];
    let children: Vec<_> = (0..20)
        .map(|i| {
            let task = (i / 4 + 1).to_string();
            home.cmd()
                .arg("--data")
                .arg(&data)
                .args(["check", &task, "--track", tracks[i % 4]])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start a writer")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a writer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let done = with_status(&data, "done");
    assert_eq!(done.len(), 20, "{done:?}");
}

/// Where the save lock lives depends on the data file alone: a command run from cron (no
/// `$XDG_RUNTIME_DIR`), over ssh or under sudo (another `$HOME`), or with a runtime folder that
/// cannot be written to takes the lock a desktop session takes. While one writer holds it, the
/// others all wait; once it is free, all land.
#[test]
fn writers_in_different_environments_take_the_same_lock() {
    let home = Home::new();
    let data = home.path().join("shared").join("progress.json");
    fs::create_dir(data.parent().unwrap()).unwrap();
    let held = roadmap_tui::state::lock::acquire(&data, std::time::Duration::from_secs(5))
        .expect("the lock");
    assert!(held.holds());
    let unwritable = home.path().join("not-a-folder");
    fs::write(&unwritable, "").unwrap();
    let environments: [(&str, Option<PathBuf>); 3] = [
        ("desktop", Some(home.path().join("desktop").join("run"))),
        ("cron", None),
        ("sudo", Some(unwritable)),
    ];
    let mut writers: Vec<_> = environments
        .iter()
        .enumerate()
        .map(|(i, (name, run))| {
            let own_home = home.path().join(name);
            fs::create_dir_all(&own_home).unwrap();
            let mut cmd = Command::new(BIN);
            cmd.env_clear()
                .env("HOME", &own_home)
                .env("PATH", std::env::var_os("PATH").unwrap_or_default());
            if let Some(run) = run {
                cmd.env("XDG_RUNTIME_DIR", run);
            }
            cmd.arg("--data")
                .arg(&data)
                .args(["check", &(i + 1).to_string(), "--track", "go"])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start a writer")
        })
        .collect();

    std::thread::sleep(std::time::Duration::from_millis(400));
    for (writer, (name, _)) in writers.iter_mut().zip(&environments) {
        assert!(
            writer.try_wait().unwrap().is_none(),
            "the {name} writer did not wait for the lock"
        );
    }
    assert!(!data.exists(), "written while the lock was held");

    drop(held);
    for writer in writers {
        ok(writer.wait_with_output().unwrap());
    }
    assert_eq!(with_status(&data, "done"), strs(&["1 go", "2 go", "3 go"]));
}
