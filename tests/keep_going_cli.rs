//! The command line of reviews, goals, lists and git evidence, run as the real binary against a
//! throw-away home with a fixed today (`ROADMAP_TUI_TODAY`).

mod common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use pretty_assertions::assert_eq;
use serde_json::{Value, json};

const TODAY: &str = "2026-11-24";
use crate::common::sandbox::Sandbox;

impl Sandbox {
    /// The binary on the sandbox's progress file on `TODAY`, run in `dir`.
    fn run_in(&self, dir: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("roadmap-tui").expect("the roadmap-tui binary");
        cmd.env("HOME", self.path())
            .env("XDG_RUNTIME_DIR", self.path())
            .env("ROADMAP_TUI_TODAY", TODAY)
            .env("TZ", "UTC")
            .env_remove("ROADMAP_TUI_DATA")
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .current_dir(dir)
            .timeout(Duration::from_secs(30))
            .arg("--data")
            .arg(self.data())
            .args(args);
        cmd
    }

    fn run(&self, args: &[&str]) -> Command {
        self.run_in(self.path(), args)
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

    fn json(&self) -> Value {
        serde_json::from_str(&fs::read_to_string(self.data()).expect("the data file"))
            .expect("JSON")
    }

    /// Writes a progress file with `tasks` as given.
    fn seed(&self, tasks: Value) {
        let doc = json!({"version": 2, "tasks": tasks});
        fs::write(self.data(), serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    }
}

fn done(day: &str) -> Value {
    let at = format!("{day}T12:00:00Z");
    json!({"status": "done", "done_at": at, "changed_at": at})
}

#[test]
fn review_marks_completes_and_drops_and_never_unchecks() {
    let s = Sandbox::new();
    s.seed(json!({"12": {"go": done("2026-10-25")}}));
    let out = s.ok(&["review", "12", "--track", "go"]);
    assert_eq!(out, "Task 12 × Go: review due 2026-11-27 (in 3 days)\n");
    assert_eq!(s.json()["tasks"]["12"]["go"]["review_due"], "2026-11-27");
    let out = s.ok(&["review", "12", "--track", "go", "--in", "2w"]);
    assert_eq!(out, "Task 12 × Go: review due 2026-12-08 (in 14 days)\n");
    let out = s.ok(&["review", "12", "--track", "go", "--done"]);
    assert_eq!(
        out,
        "Task 12 × Go: reviewed once; next review 2026-12-01 (in 7 days)\n"
    );
    // A review counts once a day (the spacing after more reviews is model::review's test).
    let out = s.ok(&["review", "12", "--track", "go", "--done"]);
    assert_eq!(
        out,
        "Task 12 × Go: reviewed once; next review 2026-12-01 (in 7 days)\n\
         Already reviewed today: a review counts once a day.\n"
    );
    let cell = &s.json()["tasks"]["12"]["go"];
    assert_eq!(cell["status"], "done");
    assert_eq!(cell["reviews"], 1);
    assert!(cell["changed_at"].as_str().unwrap() > "2026-11-24");
    assert_eq!(
        s.ok(&["review", "12", "--track", "go", "--clear"]),
        "Task 12 × Go: review dropped\n"
    );
    assert!(s.json()["tasks"]["12"]["go"].get("review_due").is_none());
    assert_eq!(s.json()["tasks"]["12"]["go"]["status"], "done");
}

#[test]
fn review_refuses_a_cell_not_done_and_a_bad_span() {
    let s = Sandbox::new();
    let err = s.fails(&["review", "12", "--track", "go"], 2);
    assert!(err.contains("not done"), "{err}");
    assert!(!s.data().exists(), "nothing is written");
    s.seed(json!({"12": {"go": done("2026-10-25")}}));
    let err = s.fails(&["review", "12", "--track", "go", "--in", "soon"], 2);
    assert!(err.contains("--in"), "{err}");
}

#[test]
fn next_offers_reviews_due_before_new_work() {
    let s = Sandbox::new();
    let mut cell = done("2026-10-25");
    cell["review_due"] = json!("2026-11-20");
    let mut later = done("2026-11-01");
    later["review_due"] = json!("2026-12-20");
    s.seed(json!({"12": {"go": cell}, "1": {"go": later}}));
    let out = s.ok(&["next", "-t", "go", "-n", "3"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "↻ review due: task 12 × Go, done 30 days ago");
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[1].contains("  2  Go"), "{out}");
    // Another language's review is not offered for Go alone.
    let out = s.ok(&["next", "-t", "python", "-n", "1"]);
    assert!(!out.contains("review"), "{out}");
}

// --- goals -----------------------------------------------------------------------------------

#[test]
fn goal_sets_shows_and_clears_a_date_and_stats_measures_the_pace() {
    let s = Sandbox::new();
    // Eight Go cells in the last four weeks: a pace of 2 a week.
    let tasks: serde_json::Map<String, Value> = (0..8)
        .map(|i| {
            let day = format!("2026-11-{:02}", 24 - i * 3);
            ((i + 1).to_string(), json!({"go": done(&day)}))
        })
        .collect();
    s.seed(Value::Object(tasks));
    assert_eq!(
        s.ok(&["goal"]),
        "No goal. Set one with: roadmap-tui goal 2027-06-01 [--track ID]\n"
    );
    let out = s.ok(&["goal", "2027-06-01"]);
    assert!(
        out.starts_with("Goal for the whole roadmap: 2027-06-01\n"),
        "{out}"
    );
    let out = s.ok(&["goal", "2027-01-31", "--track", "go"]);
    assert!(
        out.contains("Goal  Go by 2027-01-31 (68 days): behind by 78 cells"),
        "{out}"
    );
    assert_eq!(s.json()["settings"]["goals"]["all"]["date"], "2027-06-01");
    assert_eq!(s.json()["settings"]["goals"]["go"]["date"], "2027-01-31");

    let stats = s.ok(&["stats"]);
    assert!(
        stats.contains(
            "Goal  All languages by 2027-06-01 (189 days): behind by 568 cells\n  622 of 630 cells left · 23/week needed\n  pace 2/week over the last 4 weeks · finish at this pace: 2032-11-09\n"
        ),
        "{stats}"
    );
    assert!(stats.contains("Goal  Go by 2027-01-31"), "{stats}");
    let v: Value = serde_json::from_str(&s.ok(&["stats", "--json"])).unwrap();
    assert_eq!(
        v["goals"][1],
        json!({"track": "go", "date": "2027-01-31", "days_left": 68, "total": 105, "done": 8,
               "left": 97, "per_week_needed": 10.0, "pace_per_week": 2.0, "done_last_4_weeks": 8,
               "projected_finish": "2027-10-30", "on_track": false, "behind_by": 78})
    );
    assert_eq!(v["goals"][0]["track"], "all");

    assert_eq!(
        s.ok(&["goal", "--clear", "--track", "go"]),
        "Goal for Go cleared\n"
    );
    assert!(s.json()["settings"]["goals"].get("go").is_none());
    assert!(s.ok(&["stats"]).contains("All languages"));
    s.ok(&["goal", "--clear"]);
    assert!(
        s.json()
            .get("settings")
            .is_none_or(|st| st.get("goals").is_none())
    );
    let v: Value = serde_json::from_str(&s.ok(&["stats", "--json"])).unwrap();
    assert!(v.get("goals").is_none(), "no goal, no key");
}

#[test]
fn goal_refuses_a_date_that_has_passed_or_is_not_one() {
    let s = Sandbox::new();
    let err = s.fails(&["goal", "2026-01-01"], 2);
    assert!(err.contains("has passed"), "{err}");
    let err = s.fails(&["goal", "someday"], 2);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    let err = s.fails(&["goal", "2027-01-01", "--track", "cobol"], 2);
    assert!(err.contains("unknown language"), "{err}");
    assert!(!s.data().exists());
}

// --- list ------------------------------------------------------------------------------------

#[test]
fn list_prints_cells_in_progress_oldest_first_and_by_state() {
    let s = Sandbox::new();
    let started = |day: &str, note: Option<&str>| {
        let at = format!("{day}T12:00:00Z");
        let mut c = json!({"status": "in_progress", "started_at": at, "changed_at": at});
        if let Some(n) = note {
            c["note"] = json!(n);
        }
        c
    };
    let mut reviewed = done("2026-10-01");
    reviewed["review_due"] = json!("2026-11-20");
    s.seed(json!({
        "3": {"go": started("2026-11-20", None)},
        "12": {"go": started("2026-11-12", Some("branch feat/12\nsecond line")),
               "python": reviewed},
        "5": {"java": started("2026-11-23", None)}
    }));
    let out = s.ok(&["--locale", "en", "list", "--status", "in-progress"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    // The task in the task column; the note on a labelled line of its own below it.
    let task12 = "Protect API keys, use environment variables for sensitive configuration and set up a `.gitignore` file.";
    assert_eq!(
        lines[0],
        format!("◐ 12  Go      started 12 days ago  {task12}")
    );
    assert_eq!(
        lines[1],
        format!("{}note: branch feat/12 …", " ".repeat(35))
    );
    assert!(
        lines[2].starts_with("◐  3  Go      started 4 days ago   Protect route parameters"),
        "{out}"
    );
    assert!(
        lines[3].starts_with("◐  5  Java    started yesterday   "),
        "{out}"
    );
    // In Spanish, the same shape in the words of the screens.
    let out = s.ok(&["--locale", "es", "list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0].starts_with("◐ 12  Go      empezada hace 12 días  Proteger"),
        "{out}"
    );
    assert_eq!(
        lines[1],
        format!("{}nota: branch feat/12 …", " ".repeat(37))
    );
    // A note is shown whatever the list: here on a done cell, none on the others.
    s.ok(&["check", "30", "-t", "go", "--note", "done with tests"]);
    let out = s.ok(&["--locale", "en", "list", "--status", "done", "-t", "go"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("✔ 30  Go      done "), "{out}");
    assert!(
        lines[0].ends_with("Create reusable services (e.g., authentication services)."),
        "{out}"
    );
    assert_eq!(lines[1].trim_start(), "note: done with tests", "{out}");
    assert_eq!(
        lines[1].len() - lines[1].trim_start().len(),
        lines[0][..lines[0].find("Create").unwrap()].chars().count(),
        "the note starts under the task:\n{out}"
    );
    let out = s.ok(&["list", "--status", "in-progress", "--track", "java"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    let out = s.ok(&["--locale", "en", "list", "--status", "review"]);
    assert!(
        out.starts_with("↻ 12  Python  review due 2026-11-20 (4 days ago)  "),
        "{out}"
    );
    let out = s.ok(&["list", "--status", "done", "-t", "python"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("done 2026-10-01"), "{out}");
    let out = s.ok(&["list", "--status", "todo", "--track", "go"]);
    assert_eq!(
        out.lines().count(),
        105 - 3,
        "every Go cell not done and not started"
    );
    let v: Value =
        serde_json::from_str(&s.ok(&["list", "--status", "in-progress", "--json"])).unwrap();
    assert_eq!(v[0]["task"], 12);
    assert_eq!(v[0]["track"], "go");
    assert_eq!(v[0]["status"], "in_progress");
    assert_eq!(v[0]["note"], "branch feat/12\nsecond line");
    assert_eq!(v.as_array().unwrap().len(), 3);
    let empty = Sandbox::new();
    assert_eq!(empty.ok(&["list"]), "No cell is in progress.\n");
}

// --- evidence from git -----------------------------------------------------------------------

/// Runs git in `dir`, expecting success; `None` when git cannot be run at all.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// A new repository in `dir` with one commit and an origin on GitHub; `None` without git.
fn repo(dir: &Path) -> Option<()> {
    git(dir, &["init", "-q", "-b", "main"])?;
    git(dir, &["config", "user.name", "Ana"])?;
    git(dir, &["config", "user.email", "ana@example.com"])?;
    git(dir, &["config", "commit.gpgsign", "false"])?;
    git(
        dir,
        &["remote", "add", "origin", "git@github.com:ana/roadmap.git"],
    )?;
    Some(())
}

fn skip_without_git() -> bool {
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIP: git is not installed; the --git and hook tests did not run");
        return true;
    }
    false
}

#[test]
fn check_note_sets_the_note_and_git_appends_the_head_commit() {
    if skip_without_git() {
        return;
    }
    let s = Sandbox::new();
    let work = s.path().join("work");
    fs::create_dir(&work).unwrap();
    // Outside a repository: a clear message, nothing written.
    let out = s
        .run_in(&work, &["check", "12", "--track", "go", "--git"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not in a git repository"), "{err}");
    assert!(!s.data().exists());

    repo(&work).unwrap();
    // A repository without a commit yet.
    let out = s
        .run_in(&work, &["check", "12", "--track", "go", "--git"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no commit yet"));
    fs::write(work.join("main.go"), "package main\n").unwrap();
    git(&work, &["add", "."]).unwrap();
    git(&work, &["commit", "-qm", "Add the rate limiter"]).unwrap();
    let full = git(&work, &["rev-parse", "HEAD"]).unwrap();
    let short = git(&work, &["rev-parse", "--short", "HEAD"]).unwrap();

    let out = s.ok(&["check", "12", "--track", "go", "--note", "chi router"]);
    assert_eq!(out, "Task 12 × Go: done\nNote: chi router\n");
    let out = s
        .run_in(&work, &["check", "12", "--track", "go", "--git"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line =
        format!("{short} Add the rate limiter — https://github.com/ana/roadmap/commit/{full}");
    let cell = &s.json()["tasks"]["12"]["go"];
    assert_eq!(cell["note"], format!("chi router\n{line}"));
    assert_eq!(cell["status"], "done");
    // Again: the commit is recorded once.
    s.run_in(&work, &["check", "12", "--track", "go", "--git"])
        .assert()
        .success();
    assert_eq!(
        s.json()["tasks"]["12"]["go"]["note"],
        format!("chi router\n{line}")
    );
}

// Unix-only: the hook is a shell script that its mode bits make executable.
#[cfg(unix)]
#[test]
fn the_readme_post_commit_hook_checks_the_cell_named_in_a_trailer() {
    if skip_without_git() {
        return;
    }
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("<!-- post-commit hook")
        .expect("the hook's marker");
    let block = &readme[start..];
    let body = block
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    assert_eq!(body.lines().count(), 2, "a two-line hook:\n{body}");

    let s = Sandbox::new();
    let work = s.path().join("work");
    fs::create_dir(&work).unwrap();
    repo(&work).unwrap();
    let hook = work.join(".git/hooks/post-commit");
    fs::write(&hook, body).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();

    let bin = assert_cmd::cargo::cargo_bin("roadmap-tui");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commit = |msg: &str, file: &str| {
        fs::write(work.join(file), msg).unwrap();
        git(&work, &["add", "."]).unwrap();
        let out = std::process::Command::new("git")
            .args(["commit", "-q", "-m", msg])
            .current_dir(&work)
            .env("PATH", &path)
            .env("HOME", s.path())
            .env("ROADMAP_TUI_DATA", s.data())
            .env("XDG_RUNTIME_DIR", s.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // git hands a hook's output to its standard error.
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    // A commit without the trailer checks nothing.
    commit("Set up the project", "a.txt");
    assert!(!s.data().exists(), "no trailer, no write");
    let out = commit(
        "Add the rate limiter\n\nRoadmap: 12 go\nRoadmap: 3 python",
        "b.txt",
    );
    assert!(out.contains("Task 12 × Go: done"), "{out}");
    let short = git(&work, &["rev-parse", "--short", "HEAD"]).unwrap();
    let v = s.json();
    for (task, track) in [("12", "go"), ("3", "python")] {
        let cell = &v["tasks"][task][track];
        assert_eq!(cell["status"], "done", "{task} {track}");
        let note = cell["note"].as_str().unwrap();
        assert!(
            note.starts_with(&format!(
                "{short} Add the rate limiter — https://github.com/ana/roadmap/commit/"
            )),
            "{note}"
        );
    }
}
