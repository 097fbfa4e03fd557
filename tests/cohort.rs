//! `cohort` seen from outside: a class of learner files (in nested folders, or one branch each
//! in a git repository) read by the real binary, its CSV and JSON checked number by number
//! against `stats --json` on each learner's file, its HTML page checked for escaping and
//! contrast, and the whole tree checked unchanged after every run.

mod common;

use common::git::git;

#[path = "common/css.rs"]
mod css;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use tempfile::TempDir;

/// The day every run takes as today.
const TODAY: &str = "2026-12-06";

const TRACKS: [&str; 6] = ["python", "node", "go", "php", "kotlin", "java"];

struct Class {
    home: TempDir,
}

impl Class {
    fn new() -> Class {
        Class {
            home: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self) -> &Path {
        self.home.path()
    }

    /// The folder the learners' files go in.
    fn class(&self) -> PathBuf {
        self.path().join("class")
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("roadmap-tui").expect("the roadmap-tui binary");
        cmd.env("HOME", self.path().join("home"))
            .env("XDG_DATA_HOME", self.path().join("home/data"))
            .env("XDG_CONFIG_HOME", self.path().join("home/config"))
            .env("TZ", "UTC")
            .env("ROADMAP_TUI_TODAY", TODAY)
            .env_remove("ROADMAP_TUI_DATA")
            .env_remove("ROADMAP_TUI_CONFIG")
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .current_dir(self.path())
            .timeout(Duration::from_secs(60));
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run roadmap-tui")
    }

    fn ok(&self, args: &[&str]) -> String {
        common::stdout_of_success(self.run(args), &format!("{args:?}"))
    }

    /// A CLI command on one learner's file.
    fn on(&self, file: &Path, args: &[&str]) {
        let mut all = vec!["--data", file.to_str().expect("UTF-8 path")];
        all.extend_from_slice(args);
        self.ok(&all);
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.class().join(rel);
        fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        fs::write(&path, text).expect("write");
        path
    }
}

/// Every file and folder under `root` (`.git` included) with its bytes and modification time.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, Option<SystemTime>)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        let meta = fs::symlink_metadata(&dir).expect("stat");
        out.insert(dir.clone(), (Vec::new(), meta.modified().ok()));
        for entry in fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            let meta = fs::symlink_metadata(&path).expect("stat");
            if meta.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap_or_default();
                out.insert(path, (bytes, meta.modified().ok()));
            }
        }
    }
    out
}

fn assert_unchanged(
    before: &BTreeMap<PathBuf, (Vec<u8>, Option<SystemTime>)>,
    root: &Path,
    what: &str,
) {
    let after = snapshot(root);
    let names = |m: &BTreeMap<PathBuf, _>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&after),
        names(before),
        "{what}: files created or removed"
    );
    for (path, (bytes, mtime)) in before {
        let (b, m) = &after[path];
        assert!(b == bytes, "{what}: {} changed", path.display());
        assert_eq!(m, mtime, "{what}: the mtime of {} changed", path.display());
    }
}

/// A learner's file as JSON: `seed` decides how far they got, what is in progress since when,
/// their name, languages and goal, so that no two are alike.
fn learner_json(seed: usize) -> Value {
    let mut tasks = serde_json::Map::new();
    let done_upto = seed * 3 % 40;
    for task in 1..=done_upto {
        let mut cells = serde_json::Map::new();
        for (t, track) in TRACKS.iter().enumerate() {
            if (task + t + seed).is_multiple_of(1 + seed % 4) {
                let day = 1 + (task + seed) % 28;
                let month = 9 + (task + t) % 3;
                let at = format!("2026-{month:02}-{day:02}T10:00:00Z");
                cells.insert(
                    (*track).to_owned(),
                    json!({"status": "done", "done_at": at, "changed_at": at}),
                );
            }
        }
        if !cells.is_empty() {
            tasks.insert(task.to_string(), Value::Object(cells));
        }
    }
    // Some skip a task or two.
    if seed % 4 == 1 {
        tasks.insert(
            "60".into(),
            json!({"go": {"status": "skip", "changed_at": "2026-11-02T10:00:00Z"},
                   "java": {"status": "skip", "changed_at": "2026-11-02T10:00:00Z"}}),
        );
    }
    // One or two cells in progress, some started long ago.
    if !seed.is_multiple_of(3) {
        let started = if seed.is_multiple_of(2) {
            "2026-08-01T09:00:00Z"
        } else {
            "2026-12-01T09:00:00Z"
        };
        let task = (done_upto + 1).to_string();
        tasks.insert(
            task,
            json!({"go": {"status": "in_progress", "started_at": started, "changed_at": started}}),
        );
    }
    let mut settings = serde_json::Map::new();
    if seed.is_multiple_of(4) {
        settings.insert("name".into(), json!(format!("Learner {seed}")));
    }
    if seed.is_multiple_of(5) {
        settings.insert("tracks".into(), json!({"java": {"hidden": true}}));
    }
    if seed.is_multiple_of(7) {
        settings.insert(
            "tracks".into(),
            json!({"rust": {"name": "Rust"}, "php": {"name": "PHP 8"}}),
        );
        settings.insert("track_order".into(), json!(["rust", "go"]));
    }
    if seed % 6 == 1 {
        settings.insert("goals".into(), json!({"all": {"date": "2027-03-01"}}));
    }
    json!({"version": 3, "settings": settings, "tasks": tasks})
}

/// 30 learners (24 written as files, 6 made with the CLI) in nested folders, three broken
/// files, and JSON that is not progress. Returns the learners' files.
fn thirty(c: &Class) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for seed in 0..24 {
        let rel = match seed % 3 {
            0 => format!("group-a/s{seed}/progress.json"),
            1 => format!("group-b/deep/er/learner-{seed}.json"),
            _ => format!("s{seed}.json"),
        };
        let text = serde_json::to_string_pretty(&learner_json(seed)).expect("JSON");
        files.push(c.write(&rel, &text));
    }
    for i in 0..6 {
        let file = c.class().join(format!("cli/p{i}/progress.json"));
        for task in 1..=(i * 2) {
            c.on(&file, &["check", &task.to_string(), "-t", TRACKS[i % 6]]);
        }
        if i % 2 == 0 {
            c.on(&file, &["start", "50", "-t", "go"]);
        }
        if i == 3 {
            c.on(&file, &["goal", "2027-01-01"]);
        }
        if i == 4 {
            c.on(&file, &["name", "Zoë"]);
        }
        files.push(file);
    }
    c.write(
        "broken/corrupt.json",
        "{\"version\": 3, \"tasks\": {\"1\": ",
    );
    c.write(
        "broken/conflict.json",
        "{\n<<<<<<< HEAD\n  \"version\": 3\n=======\n  \"version\": 3, \"tasks\": {}\n>>>>>>> other\n}\n",
    );
    c.write("broken/future.json", "{\"version\": 99, \"tasks\": {}}");
    c.write(
        "web/package.json",
        "{\"name\": \"site\", \"version\": \"1.0.0\"}",
    );
    c.write("web/data.json", "[1, 2, 3]");
    c.write("web/tsconfig.json", "{\"compilerOptions\": {}}");
    c.write("notes.txt", "\"version\": 3");
    files
}

fn stats_of(c: &Class, file: &Path) -> Value {
    let out = c.ok(&["--data", file.to_str().expect("UTF-8"), "stats", "--json"]);
    serde_json::from_str(&out).expect("stats JSON")
}

#[test]
fn thirty_learners_come_out_with_the_figures_of_stats_json_and_nothing_is_written() {
    let c = Class::new();
    let files = thirty(&c);
    let before = snapshot(c.path());
    let class = c.class();
    let class = class.to_str().expect("UTF-8");

    let out = c.run(&["cohort", class, "--format", "json", "--sort", "name"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("cohort JSON");
    assert_unchanged(&before, c.path(), "cohort --format json");

    // The three broken files, each with its reason, on standard error and in `problems`.
    for (file, words) in [
        ("corrupt.json", "not valid JSON"),
        ("conflict.json", "conflict markers"),
        ("future.json", "newer roadmap-tui, version 99"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(file) && l.contains(words)),
            "{file}: {err}"
        );
    }
    let problems = doc["problems"].as_array().expect("problems");
    let kinds: Vec<&str> = problems
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["conflict", "json", "version"]);

    let learners = doc["learners"].as_array().expect("learners");
    assert_eq!(learners.len(), 30, "no other JSON was taken for a learner");
    let mut by_path: BTreeMap<String, &Value> = BTreeMap::new();
    for l in learners {
        by_path.insert(l["source"]["path"].as_str().unwrap().to_owned(), l);
    }
    let names: Vec<&str> = learners
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "--sort name");
    for name in ["Learner 4", "s3", "learner-1", "s2", "p1", "Zoë"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }

    let csv_text = c.ok(&["cohort", class, "--format", "csv"]);
    assert_unchanged(&before, c.path(), "cohort --format csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 30);
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };

    for file in &files {
        let stats = stats_of(&c, file);
        let key = file.to_str().unwrap();
        let mut learner = (*by_path.get(key).unwrap_or_else(|| panic!("{key}"))).clone();
        // The learner's object is `stats --json`'s, with the cohort's keys added.
        let obj = learner.as_object_mut().unwrap();
        for added in [
            "name",
            "source",
            "attention",
            "frontier",
            "in_progress_cells",
        ] {
            assert!(obj.remove(added).is_some(), "{added}");
        }
        let activity = obj.get_mut("activity").unwrap().as_object_mut().unwrap();
        assert!(activity.remove("last_active").is_some());
        assert!(activity.remove("pace_per_week").is_some());
        assert_eq!(learner, stats, "{key}");

        let row = rows
            .iter()
            .find(|r| &r[col("source")] == key)
            .unwrap_or_else(|| panic!("no CSV row for {key}"));
        let n = |name: &str| -> u64 { row[col(name)].parse().unwrap_or_else(|_| panic!("{name}")) };
        assert_eq!(
            n("done"),
            stats["overall"]["done"].as_u64().unwrap(),
            "{key}"
        );
        assert_eq!(
            n("total"),
            stats["overall"]["total"].as_u64().unwrap(),
            "{key}"
        );
        for figure in ["in_progress", "skipped"] {
            assert_eq!(
                n(figure),
                stats["overall"][figure].as_u64().unwrap(),
                "{key}: {figure}"
            );
        }
        let percent: f64 = row[col("percent")].parse().unwrap();
        assert_eq!(
            percent,
            stats["overall"]["percent"].as_f64().unwrap(),
            "{key}"
        );
        for level in stats["levels"].as_array().unwrap() {
            let id = level["id"].as_str().unwrap();
            assert_eq!(
                n(&format!("level {id} done")),
                level["count"]["done"].as_u64().unwrap()
            );
            assert_eq!(
                n(&format!("level {id} total")),
                level["count"]["total"].as_u64().unwrap()
            );
        }
        for track in stats["tracks"].as_array().unwrap() {
            let id = track["id"].as_str().unwrap();
            assert_eq!(
                n(&format!("{id} done")),
                track["count"]["done"].as_u64().unwrap()
            );
            assert_eq!(
                n(&format!("{id} total")),
                track["count"]["total"].as_u64().unwrap()
            );
        }
    }
    assert_unchanged(&before, c.path(), "stats --json");
}

#[test]
fn learners_who_need_attention_are_flagged_with_their_reasons_from_the_config() {
    let c = Class::new();
    // Last active on 2026-11-01 (35 days), a cell in progress since 2026-11-20 (16 days).
    c.write(
        "idle.json",
        r#"{"version": 3, "settings": {"name": "Idle"}, "tasks": {
            "1": {"go": {"status": "done", "done_at": "2026-11-01T10:00:00Z"}},
            "2": {"go": {"status": "in_progress", "started_at": "2026-10-20T10:00:00Z"}}}}"#,
    );
    c.write(
        "busy.json",
        r#"{"version": 3, "settings": {"name": "Busy"}, "tasks": {
            "1": {"go": {"status": "done", "done_at": "2026-12-05T10:00:00Z"}},
            "2": {"go": {"status": "in_progress", "started_at": "2026-11-20T10:00:00Z"}}}}"#,
    );
    let class = c.class();
    let class = class.to_str().unwrap();
    let reasons = |config: Option<&str>, lang: &str| -> BTreeMap<String, String> {
        let mut args = vec!["--locale", lang];
        let file = c.path().join("config.toml");
        if let Some(text) = config {
            fs::write(&file, text).unwrap();
            args.extend(["--config", file.to_str().unwrap()]);
        }
        args.extend(["cohort", class, "--format", "csv"]);
        let text = c.ok(&args);
        let mut r = csv::Reader::from_reader(text.as_bytes());
        r.records()
            .map(|row| {
                let row = row.unwrap();
                (row[0].to_owned(), row[9].to_owned())
            })
            .collect()
    };
    let defaults = reasons(None, "en");
    assert_eq!(
        defaults["Idle"],
        "no activity for 35 days; task 2 in go in progress for 47 days"
    );
    assert_eq!(defaults["Busy"], "");
    let strict = reasons(Some("[cohort]\nidle_days = 2\nstuck_days = 10\n"), "es");
    assert_eq!(strict["Busy"], "la tarea 2 en go lleva 16 días en curso");
    assert!(strict["Idle"].starts_with("sin actividad desde hace 35 días"));

    fs::write(c.path().join("bad.toml"), "[cohort]\nidle_days = -3\n").unwrap();
    let out = c.run(&[
        "--config",
        c.path().join("bad.toml").to_str().unwrap(),
        "cohort",
        class,
    ]);
    let err = common::stderr_of_exit(out, 2, "a bad [cohort]");
    assert!(
        err.contains("bad.toml, line 2, column 13: idle_days is a whole number of days"),
        "{err}"
    );
}

#[test]
fn a_missing_path_or_a_folder_without_progress_exits_2_naming_it() {
    let c = Class::new();
    c.write("web/package.json", "{\"version\": \"2.0.0\"}");
    let missing = c.path().join("nowhere");
    let out = c.run(&["cohort", missing.to_str().unwrap(), "--format", "csv"]);
    let err = common::stderr_of_exit(out, 2, "a missing path");
    assert!(
        err.contains(&format!("cannot read {}", missing.display())),
        "{err}"
    );
    let class = c.class();
    let out = c.run(&["--locale", "es", "cohort", class.to_str().unwrap()]);
    let err = common::stderr_of_exit(out, 2, "no progress file");
    assert!(
        err.contains(&format!(
            "no se encontró ningún archivo de progreso en {}",
            class.display()
        )),
        "{err}"
    );
    assert!(out_is_empty(&c, &class));
}

fn out_is_empty(c: &Class, class: &Path) -> bool {
    let out = c.run(&["cohort", class.to_str().unwrap(), "--format", "json"]);
    out.status.code() == Some(2) && out.stdout.is_empty()
}

#[test]
fn output_goes_to_the_file_named_and_the_html_is_self_contained_readable_and_escaped() {
    let c = Class::new();
    thirty(&c);
    c.write(
        "hostile/progress.json",
        r#"{"version": 3, "settings": {"name": "<script>alert(1)</script> \u001b]0;pwn\u0007 \u202eevil"},
            "tasks": {"1": {"go": {"status": "done", "note": "\u001b[2J gone"}}}}"#,
    );
    let before = snapshot(&c.class());
    let class = c.class();
    let class = class.to_str().unwrap();
    for lang in ["en", "es"] {
        let page = c.path().join(format!("cohort-{lang}.html"));
        let out = c.ok(&[
            "--locale",
            lang,
            "cohort",
            class,
            "--format",
            "html",
            "-o",
            page.to_str().unwrap(),
        ]);
        assert_eq!(out, "", "-o leaves standard output empty");
        assert_unchanged(&before, &c.class(), "cohort --format html -o");
        let raw = fs::read_to_string(&page).expect("the page");
        assert!(!raw.contains("<script"), "escaped");
        assert!(raw.contains("&lt;script&gt;alert(1)&lt;/script&gt; ]0;pwn evil"));
        assert!(!raw.chars().any(|ch| ch.is_control() && ch != '\n'));
        assert!(!raw.contains('\u{202e}'));
        assert!(!raw.contains("http://") && !raw.contains("https://"));
        let doc = scraper::Html::parse_document(&raw);
        let sel = |s: &str| scraper::Selector::parse(s).unwrap();
        assert_eq!(doc.select(&sel("script, link, img, iframe")).count(), 0);
        // A table of the learners, one per level, each with a row per learner.
        let tables: Vec<_> = doc.select(&sel("table")).collect();
        assert_eq!(tables.len(), 1 + 6);
        for t in &tables {
            assert_eq!(t.select(&sel("tbody tr")).count(), 31);
        }
        let headings: Vec<String> = doc.select(&sel("h2")).map(|h| h.text().collect()).collect();
        let (attention, problems) = match lang {
            "en" => ("Needs attention", "Files that could not be read"),
            _ => ("Necesita atención", "Archivos que no se pudieron leer"),
        };
        assert!(headings.contains(&attention.to_owned()), "{headings:?}");
        assert!(headings.contains(&problems.to_owned()), "{headings:?}");
        assert_eq!(doc.select(&sel("ul.problems li")).count(), 3);
        assert!(doc.select(&sel("ul.attention li")).count() > 0);
        let checked = css::assert_contrast(&raw, lang);
        // Plain, muted and every shade of a count were among those checked.
        assert!(checked.len() >= 5, "{lang}: only {checked:?}");
    }
}

#[test]
fn hostile_names_reach_no_output_as_escape_sequences() {
    let c = Class::new();
    c.write(
        "x/progress.json",
        r#"{"version": 3, "settings": {"name": "A\u001b[31mred\u009b2J\n\u202eB"},
            "tasks": {"1": {"go": {"status": "in_progress", "note": "\u001b]52;c;evil\u0007"}}}}"#,
    );
    let class = c.class();
    let class = class.to_str().unwrap();
    let unsafe_char = |ch: char| (ch.is_control() && ch != '\n') || ch == '\u{202e}';
    for format in ["csv", "json", "html"] {
        let out = c.ok(&["cohort", class, "--format", format]);
        assert!(!out.chars().any(unsafe_char), "{format}: {out:?}");
        assert!(out.contains("A[31mred2J B"), "{format}: {out}");
    }
    // The screen's stand-in, off a terminal (its columns are tab-separated).
    let out = c.ok(&["cohort", class]);
    assert!(
        !out.chars().any(|ch| ch != '\t' && unsafe_char(ch)),
        "{out:?}"
    );
    assert!(out.contains("A[31mred2J B"), "{out}");
}

#[test]
fn a_repository_gives_a_learner_per_branch_and_is_left_as_it_was() {
    let c = Class::new();
    let repo = c.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    if !git(&repo, &["init", "-q"]) {
        eprintln!("SKIPPED: git is not installed or cannot make a repository here");
        return;
    }
    fs::write(repo.join("README.md"), "class\n").unwrap();
    assert!(git(&repo, &["add", "."]));
    assert!(git(&repo, &["commit", "-qm", "start"]));
    let learners = ["ana", "ben", "cleo", "dev"];
    for (i, who) in learners.iter().enumerate() {
        assert!(git(&repo, &["checkout", "-qb", who, "main"]));
        let file = repo.join("progress.json");
        for task in 1..=(i + 1) {
            c.on(&file, &["check", &task.to_string(), "-t", "go"]);
        }
        if *who == "cleo" {
            c.on(&file, &["name", "Cleo P."]);
        }
        assert!(git(&repo, &["add", "progress.json"]));
        assert!(git(&repo, &["commit", "-qm", who]));
    }
    // A branch whose progress file is ben's, byte for byte, at another commit: its own learner,
    // the file parsed once for both.
    assert!(git(&repo, &["checkout", "-qb", "eve", "ben"]));
    fs::write(repo.join("notes.md"), "eve\n").unwrap();
    assert!(git(&repo, &["add", "notes.md"]));
    assert!(git(&repo, &["commit", "-qm", "eve"]));
    assert!(git(&repo, &["checkout", "-q", "main"]));
    // A teacher's clone: remote-tracking branches, one local branch.
    let clone = c.path().join("clone");
    assert!(git(
        c.path(),
        &["clone", "-q", repo.to_str().unwrap(), "clone"]
    ));
    let before = snapshot(c.path());
    for (which, expected) in [(&repo, 5), (&clone, 5)] {
        let text = c.ok(&[
            "cohort",
            which.to_str().unwrap(),
            "--format",
            "json",
            "--sort",
            "progress",
        ]);
        assert_unchanged(&before, c.path(), "cohort on a repository");
        let doc: Value = serde_json::from_str(&text).unwrap();
        let got: Vec<(String, u64, String)> = doc["learners"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["name"].as_str().unwrap().to_owned(),
                    l["overall"]["done"].as_u64().unwrap(),
                    l["source"]["branch"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(got.len(), expected, "{got:?}");
        let names: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            names,
            ["dev", "Cleo P.", "ben", "eve", "ana"],
            "{}",
            which.display()
        );
        let done: Vec<u64> = got.iter().map(|g| g.1).collect();
        assert_eq!(done, [4, 3, 2, 2, 1]);
        if which == &clone {
            assert!(got.iter().all(|g| g.2.starts_with("origin/")), "{got:?}");
        }
    }
}

#[test]
fn name_sets_prints_and_clears_the_name_the_cohort_shows() {
    let c = Class::new();
    let file = c.class().join("ana/progress.json");
    let data = file.to_str().unwrap();
    assert_eq!(
        c.ok(&["--data", data, "name"]),
        "No name set. Set one with: roadmap-tui name \"Ana\"\n"
    );
    assert_eq!(
        c.ok(&["--data", data, "name", "  Ana\u{1b}[1m\n María "]),
        "Name: Ana[1m María\n"
    );
    assert_eq!(c.ok(&["--data", data, "name"]), "Ana[1m María\n");
    let saved: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved["settings"]["name"], "Ana[1m María");
    assert!(saved["settings"]["stamps"]["name"].is_string(), "{saved}");
    let csv = c.ok(&["cohort", c.class().to_str().unwrap(), "--format", "csv"]);
    assert!(
        csv.lines().nth(1).unwrap().starts_with("Ana[1m María,"),
        "{csv}"
    );

    // Bad names are refused and leave the file as it was.
    let before = fs::read(&file).unwrap();
    for (args, says) in [
        (vec!["name", " \t "], "the name is empty"),
        (vec!["--locale", "es", "name", ""], "el nombre está vacío"),
    ] {
        let mut all = vec!["--data", data];
        all.extend(args);
        let err = common::stderr_of_exit(c.run(&all), 2, "an empty name");
        assert!(err.contains(says), "{err}");
    }
    let long = "x".repeat(101);
    let err = common::stderr_of_exit(c.run(&["--data", data, "name", &long]), 2, "a long name");
    assert!(err.contains("101 characters long; at most 100"), "{err}");
    assert_eq!(fs::read(&file).unwrap(), before);

    assert_eq!(
        c.ok(&["--locale", "es", "--data", data, "name", "--clear"]),
        "Nombre quitado\n"
    );
    let saved: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved["settings"].get("name"), None);
    assert!(
        saved["settings"]["stamps"]["name"].is_string(),
        "the clear is stamped"
    );
    // Without a name, a progress.json is named by its folder.
    let csv = c.ok(&["cohort", c.class().to_str().unwrap(), "--format", "csv"]);
    assert!(csv.lines().nth(1).unwrap().starts_with("ana,"), "{csv}");
}

#[test]
fn a_repository_without_git_to_read_it_is_said_so_and_exits_2() {
    let c = Class::new();
    fs::create_dir_all(c.path().join("repo/.git")).unwrap();
    let empty = c.path().join("no-tools");
    fs::create_dir_all(&empty).unwrap();
    let repo = c.path().join("repo");
    for (lang, says) in [
        ("en", "the git command is not installed"),
        ("es", "el comando git no está instalado"),
    ] {
        let out = c
            .cmd()
            .env("PATH", &empty)
            .args(["--locale", lang, "cohort", repo.to_str().unwrap()])
            .output()
            .unwrap();
        let err = common::stderr_of_exit(out, 2, "no git");
        assert!(err.contains(says), "{err}");
        assert!(err.contains(&repo.display().to_string()), "{err}");
    }
}
