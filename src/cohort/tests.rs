use std::fs;

use pretty_assertions::assert_eq;

use super::*;
use crate::interchange::export::stats_json;
use crate::model::{Stats, tracks};

fn today() -> Date {
    "2026-12-06".parse().unwrap()
}

fn load_dir(dir: &Path) -> Cohort {
    let roadmap = Roadmap::seed().unwrap();
    let tz = TimeZone::UTC;
    let options = Options {
        roadmap: &roadmap,
        limits: CohortConfig::default(),
        today: today(),
        tz: &tz,
    };
    load(&[dir.to_owned()], &options).unwrap()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const ANA: &str = r#"{"version": 3, "settings": {"name": "Ana\u001b[31m\nB"}, "tasks": {
    "1": {"go": {"status": "done", "done_at": "2026-12-01T10:00:00Z"},
          "python": {"status": "in_progress", "started_at": "2026-10-01T10:00:00Z"}},
    "2": {"go": {"status": "done", "done_at": "2026-12-02T10:00:00Z"}}}}"#;

#[test]
fn a_folder_gives_its_learners_and_lists_broken_progress_files_but_not_other_json() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a/ana.json", ANA);
    write(d, "b/ben/progress.json", r#"{"version": 2, "tasks": {}}"#);
    write(d, "c/carla.json", r#"{"version": 3}"#);
    write(d, "package.json", r#"{"name": "x", "version": "1.0.0"}"#);
    write(d, "other.json", r#"[1, 2, 3]"#);
    write(d, "notes.txt", "version");
    write(d, "bad/corrupt.json", r#"{"version": 3, "tasks": {"#);
    write(
        d,
        "bad/conflict.json",
        "{\n<<<<<<< HEAD\n\"version\": 3\n=======\n\"version\": 3\n>>>>>>> b\n}\n",
    );
    write(d, "bad/future.json", r#"{"version": 99, "tasks": {}}"#);
    let cohort = load_dir(d);
    let names: Vec<&str> = cohort.learners.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Ana[31m B", "ben", "carla"]);
    let problems: Vec<(String, String)> = cohort
        .problems
        .iter()
        .map(|p| {
            let Source::File(path) = &p.source else {
                panic!()
            };
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                p.kind.text(Lang::En),
            )
        })
        .collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert_eq!(problems[0].0, "conflict.json");
    assert!(problems[0].1.contains("conflict markers"), "{problems:?}");
    assert_eq!(problems[1].0, "corrupt.json");
    assert!(problems[1].1.starts_with("not valid JSON"), "{problems:?}");
    assert_eq!(problems[2].0, "future.json");
    assert!(
        problems[2].1.contains("newer roadmap-tui, version 99"),
        "{problems:?}"
    );
    assert!(
        cohort.problems[2]
            .kind
            .text(Lang::Es)
            .contains("versión 99")
    );
}

#[test]
fn a_file_named_on_purpose_that_is_not_progress_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "package.json", r#"{"name": "x"}"#);
    let cohort = load_dir(&dir.path().join("package.json"));
    assert!(cohort.learners.is_empty());
    assert_eq!(cohort.problems.len(), 1);
}

#[test]
fn the_figures_are_those_of_stats_json_and_the_reasons_follow_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ana.json", ANA);
    let cohort = load_dir(dir.path());
    let ana = &cohort.learners[0];
    let roadmap = Roadmap::seed().unwrap();
    let visible = tracks::visible_roadmap(&roadmap, &ana.progress.settings);
    let json = stats_json(&visible, &Stats::compute(&visible, &ana.progress));
    let s = &ana.summary;
    assert_eq!(json["overall"]["done"], s.overall.done);
    assert_eq!(json["overall"]["total"], s.overall.total);
    assert_eq!(json["overall"]["in_progress"], s.overall.in_progress);
    for (l, count) in s.levels.iter().enumerate() {
        assert_eq!(json["levels"][l]["count"]["done"], count.done);
        assert_eq!(json["levels"][l]["count"]["total"], count.total);
    }
    for (t, track) in s.tracks.iter().enumerate() {
        assert_eq!(json["tracks"][t]["id"], track.id.as_str());
        assert_eq!(json["tracks"][t]["count"]["done"], track.count.done);
    }
    assert_eq!(s.overall.done, 2);
    assert_eq!(s.last_activity, Some("2026-12-02".parse().unwrap()));
    assert_eq!(s.recent, 2);
    assert_eq!(s.started.len(), 1);
    let frontier = s.frontier.as_ref().unwrap();
    assert_eq!(
        (frontier.task, frontier.tracks.clone()),
        (1, vec!["python".to_owned()])
    );
    // Started 2026-10-01: 66 days, more than 21.
    assert_eq!(
        s.attention,
        [Reason::Stuck {
            task: 1,
            track: "python".into(),
            days: 66
        }]
    );
}

#[test]
fn the_orders_break_ties_by_name() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "zoe.json",
        ANA.replace("Ana\\u001b[31m\\nB", "zoe").as_str(),
    );
    write(dir.path(), "bea.json", r#"{"version": 3}"#);
    write(dir.path(), "Al.json", r#"{"version": 3}"#);
    let cohort = load_dir(dir.path());
    let names = |key| -> Vec<String> {
        order(&cohort.learners, key)
            .into_iter()
            .map(|i| cohort.learners[i].name.clone())
            .collect()
    };
    assert_eq!(names(SortKey::Name), ["Al", "bea", "zoe"]);
    assert_eq!(names(SortKey::Progress), ["zoe", "Al", "bea"]);
    assert_eq!(names(SortKey::Activity), ["zoe", "Al", "bea"]);
    assert_eq!(names(SortKey::Pace), ["zoe", "Al", "bea"]);
    let idle = &cohort
        .learners
        .iter()
        .find(|l| l.name == "bea")
        .unwrap()
        .summary
        .attention;
    assert_eq!(idle, &[Reason::Idle { days: None }]);
}

#[test]
fn one_line_drops_what_drives_a_terminal() {
    assert_eq!(one_line(" a\u{1b}]0;t\u{7}\n\tb\u{202e}c "), "a]0;t bc");
}

#[test]
fn the_frontier_is_the_first_task_left_in_the_languages_worked_on() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "f.json",
        r#"{"version": 4, "tasks": {
            "1": {"go": {"status": "done"}, "java": {"status": "done"}},
            "2": {"go": {"status": "done"}, "java": {"status": "skip"}},
            "3": {"go": {"status": "skip"}, "java": {"status": "done"}},
            "4": {"go": {"status": "done"}},
            "5": {"java": {"status": "done"}}}}"#,
    );
    write(dir.path(), "new.json", r#"{"version": 3}"#);
    let cohort = load_dir(dir.path());
    let f = cohort.learners[0].summary.frontier.clone().unwrap();
    // Tasks 1 to 3 are done or skipped in Go and Java; 4 is left in Java.
    assert_eq!((f.task, f.tracks), (4, vec!["java".to_owned()]));
    // Before any start, every language is "worked on": the first task in all of them.
    let fresh = cohort.learners[1].summary.frontier.clone().unwrap();
    assert_eq!((fresh.task, fresh.tracks.len()), (1, 6));
}
