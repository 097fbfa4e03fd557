//! The SVG progress card and the HTML report, produced by the real binary: the SVG parsed and
//! rendered by a real SVG library and checked on its pixels, the HTML parsed by a real HTML
//! parser, the figures compared with `stats --json`, hostile text shown to come out harmless.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use pretty_assertions::assert_eq;
use resvg::tiny_skia::Pixmap;
use resvg::usvg;
use roadmap_tui::interchange::svg::Theme;
use roadmap_tui::model::{Lang, Roadmap};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use tempfile::TempDir;

#[path = "common/css.rs"]
mod css;
use css::contrast;

/// The day every export in these tests takes as today.
const TODAY: &str = "2026-11-24";

/// A roadmap of one level, four tasks and two languages, so half of a language is 2 tasks.
const HALF_JSON: &str = r#"{
  "id": "half",
  "title": {"en": "Half", "es": "Mitad"},
  "tracks": [{"id": "alpha", "name": "Alpha"}, {"id": "beta", "name": "Beta"}],
  "levels": [{"id": "one", "name": "One", "tasks": [
    {"id": 1, "text": {"en": "First", "es": "Primera"}},
    {"id": 2, "text": {"en": "Second", "es": "Segunda"}},
    {"id": 3, "text": {"en": "Third", "es": "Tercera"}},
    {"id": 4, "text": {"en": "Fourth", "es": "Cuarta"}}
  ]}]
}"#;

/// Alpha half done, both on TODAY; Beta has one cell in progress.
const HALF_PROGRESS: &str = r#"{"version": 1, "tasks": {
  "1": {"alpha": {"status": "done", "done_at": "2026-11-24T09:00:00Z"}},
  "3": {"alpha": {"status": "done", "done_at": "2026-11-24T18:30:00Z"},
        "beta": {"status": "in_progress", "started_at": "2026-11-20T10:00:00Z"}}
}}"#;

/// Work spread over the seed roadmap and over the year, with notes.
const SEED_PROGRESS: &str = r#"{"version": 1, "tasks": {
  "1": {"python": {"status": "done", "started_at": "2026-11-20T18:02:11Z", "done_at": "2026-11-24T09:41:05Z",
                   "note": "Repo: https://github.com/me/roadmap/tree/main/python/01 (see README)."},
        "node": {"status": "done", "done_at": "2026-11-23T10:00:00Z"},
        "go": {"status": "in_progress", "started_at": "2026-11-22T10:00:00Z", "note": "two\nlines"}},
  "2": {"python": {"status": "done", "done_at": "2026-11-23T11:00:00Z"}},
  "3": {"python": {"status": "done", "done_at": "2026-11-22T11:00:00Z"}},
  "4": {"python": {"status": "done", "done_at": "2026-10-01T11:00:00Z"}},
  "26": {"java": {"status": "done", "done_at": "2026-03-15T11:00:00Z"}},
  "86": {"go": {"status": "done", "done_at": "2026-01-05T11:00:00Z"}},
  "105": {"java": {"status": "done", "done_at": "2025-12-01T11:00:00Z", "note": "last one"}}
}}"#;

struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new(progress: &str) -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("progress.json"), progress).expect("write progress");
        Sandbox { dir }
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        fs::write(&path, text).expect("write a sandbox file");
        path
    }

    /// The binary on the sandbox's progress file, today fixed, dates read in UTC.
    fn cmd(&self, roadmap: Option<&Path>, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("roadmap-tui").expect("the roadmap-tui binary");
        cmd.env("HOME", self.dir.path())
            .env("TZ", "UTC")
            .env("ROADMAP_TUI_TODAY", TODAY)
            .env_remove("ROADMAP_TUI_DATA")
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .current_dir(self.dir.path())
            .timeout(Duration::from_secs(60))
            .arg("--data")
            .arg(self.dir.path().join("progress.json"));
        if let Some(path) = roadmap {
            cmd.arg("--roadmap").arg(path);
        }
        cmd.args(args);
        cmd
    }

    fn ok(&self, roadmap: Option<&Path>, args: &[&str]) -> String {
        let out = self.cmd(roadmap, args).output().expect("run roadmap-tui");
        assert!(
            out.status.success(),
            "roadmap-tui {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    fn stats(&self, roadmap: Option<&Path>) -> Value {
        serde_json::from_str(&self.ok(roadmap, &["stats", "--json"])).expect("stats JSON")
    }
}

/// What a command that must succeed printed.
fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn parse_svg(svg: &str) -> usvg::Tree {
    usvg::Tree::from_str(svg, &usvg::Options::default()).expect("the card is valid SVG")
}

fn render(tree: &usvg::Tree) -> Pixmap {
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).expect("a pixmap");
    resvg::render(
        tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap
}

fn hex(colour: &str) -> [u8; 3] {
    let c = u32::from_str_radix(colour.trim_start_matches('#'), 16).expect("a hex colour");
    [(c >> 16) as u8, (c >> 8) as u8, c as u8]
}

fn pixel(p: &Pixmap, x: u32, y: u32) -> [u8; 3] {
    let c = p.pixel(x, y).expect("inside the card").demultiply();
    [c.red(), c.green(), c.blue()]
}

fn near(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(&x, y)| x.abs_diff(y) <= 12)
}

/// The share of the pixels across the middle of element `id` that have colour `colour`.
fn filled_share(tree: &usvg::Tree, p: &Pixmap, id: &str, colour: [u8; 3]) -> f64 {
    let bbox = tree
        .node_by_id(id)
        .unwrap_or_else(|| panic!("no element {id}"))
        .abs_bounding_box();
    let y = (bbox.y() + bbox.height() / 2.0) as u32;
    let (x0, x1) = (bbox.x().ceil() as u32, bbox.right().floor() as u32);
    let hits = (x0..x1).filter(|&x| near(pixel(p, x, y), colour)).count();
    hits as f64 / f64::from(x1 - x0)
}

/// The colour at the centre of element `id`.
fn centre_colour(tree: &usvg::Tree, p: &Pixmap, id: &str) -> [u8; 3] {
    let bbox = tree
        .node_by_id(id)
        .unwrap_or_else(|| panic!("no element {id}"))
        .abs_bounding_box();
    pixel(
        p,
        (bbox.x() + bbox.width() / 2.0) as u32,
        (bbox.y() + bbox.height() / 2.0) as u32,
    )
}

/// The text of the SVG element with `id`, its children's included.
fn svg_text(svg: &str, id: &str) -> String {
    let doc = usvg::roxmltree::Document::parse(svg).expect("the card is XML");
    let node = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no element {id}"));
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

fn count_of(v: &Value) -> (u64, u64, f64) {
    (
        v["done"].as_u64().expect("done"),
        v["total"].as_u64().expect("total"),
        v["percent"].as_f64().expect("percent"),
    )
}

/// Checks that the card's figures are those of `stats --json`, through `text_of(id)`.
fn assert_figures_match(stats: &Value, text_of: impl Fn(&str) -> String) {
    let (done, total, percent) = count_of(&stats["overall"]);
    assert_eq!(text_of("overall"), format!("{done}/{total}"));
    assert_eq!(text_of("overall-percent"), format!("{percent:.1}%"));
    for track in stats["tracks"].as_array().expect("tracks") {
        let id = track["id"].as_str().expect("track id");
        let (done, total, percent) = count_of(&track["count"]);
        assert_eq!(
            text_of(&format!("percent-{id}")),
            format!("{percent:.1}% {done}/{total}"),
            "{id}"
        );
    }
    for (l, level) in stats["levels"]
        .as_array()
        .expect("levels")
        .iter()
        .enumerate()
    {
        for (id, count) in level["tracks"].as_object().expect("by track") {
            let (done, total, percent) = count_of(count);
            let shown = text_of(&format!("cell-{l}-{id}"));
            assert!(
                shown.ends_with(&format!(": {done}/{total} ({percent:.1}%)")),
                "level {l} × {id}: {shown}"
            );
        }
    }
}

/// The card's streak and calendar are `stats --json`'s `activity`: the streak's number, the
/// year's total, and a square per day from `from` to `to` holding that day's count (none for a
/// day not listed).
fn assert_activity_matches(stats: &Value, svg: &str) {
    let activity = &stats["activity"];
    let streak = svg_text(svg, "streak");
    assert_eq!(
        streak.split(' ').next().and_then(|n| n.parse::<u64>().ok()),
        activity["streak"].as_u64(),
        "streak {streak:?} against {activity}"
    );
    let calendar = &activity["calendar"];
    assert_eq!(
        Some(svg_text(svg, "year-total")),
        calendar["total"].as_u64().map(|n| n.to_string())
    );
    let days = calendar["days"].as_object().expect("the days");
    let doc = usvg::roxmltree::Document::parse(svg).expect("the card is XML");
    let squares: Vec<(String, u64)> = doc
        .descendants()
        .filter_map(|n| Some((n.attribute("id")?.strip_prefix("day-")?.to_owned(), n)))
        .map(|(date, n)| {
            let title: String = n
                .descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect();
            let count = title
                .strip_prefix(&format!("{date}: "))
                .and_then(|c| c.parse().ok())
                .unwrap_or_else(|| panic!("day {date}: title {title:?}"));
            (date, count)
        })
        .collect();
    assert_eq!(
        squares.first().map(|d| d.0.as_str()),
        calendar["from"].as_str()
    );
    assert_eq!(
        squares.last().map(|d| d.0.as_str()),
        calendar["to"].as_str()
    );
    assert_eq!(activity["as_of"], calendar["to"]);
    for (date, count) in &squares {
        let listed = days.get(date).map_or(0, |n| n.as_u64().expect("a count"));
        assert_eq!(*count, listed, "{date}");
    }
    for date in days.keys() {
        assert!(
            squares.iter().any(|(d, _)| d == date),
            "{date} has no square"
        );
    }
    let sum: u64 = days.values().map(|n| n.as_u64().expect("a count")).sum();
    assert_eq!(Some(sum), calendar["total"].as_u64());
}

#[test]
fn a_half_done_language_fills_half_its_bar_and_days_with_completions_are_shaded() {
    let s = Sandbox::new(HALF_PROGRESS);
    let roadmap = s.write("half.json", HALF_JSON);
    let svg = s.ok(
        Some(&roadmap),
        &["--locale", "es", "export", "--format", "svg"],
    );
    let tree = parse_svg(&svg);
    assert_eq!(tree.size().width(), 830.0);
    let p = render(&tree);
    let light = Theme::Light;
    let fill = hex(light.bar_fill());
    let half = filled_share(&tree, &p, "bar-alpha", fill);
    assert!(
        (0.45..=0.55).contains(&half),
        "Alpha's bar is {half:.2} filled"
    );
    let none = filled_share(&tree, &p, "bar-beta", fill);
    assert_eq!(none, 0.0, "Beta's bar is {none:.2} filled");
    let overall = filled_share(&tree, &p, "overall-bar", fill);
    assert!((0.2..=0.3).contains(&overall), "overall {overall:.2}");

    // Two completions today: the busiest day, the darkest shade. Nothing yesterday.
    assert!(near(
        centre_colour(&tree, &p, "day-2026-11-24"),
        hex(light.shade(4))
    ));
    assert!(near(
        centre_colour(&tree, &p, "day-2026-11-23"),
        hex(light.shade(0))
    ));
    assert!(
        tree.node_by_id("day-2026-11-25").is_none(),
        "no square for tomorrow"
    );
    // The matrix cell for One × Alpha is half done; One × Beta has nothing done.
    assert!(near(
        centre_colour(&tree, &p, "cell-0-alpha"),
        hex(light.shade(2))
    ));
    assert!(near(
        centre_colour(&tree, &p, "cell-0-beta"),
        hex(light.shade(0))
    ));
    assert!(near(pixel(&p, 4, 200), hex(light.background())));
    assert_eq!(svg_text(&svg, "streak"), "1 día");
    assert_eq!(svg_text(&svg, "year-total"), "2");

    // The dark card: the same shapes in its own colours.
    let svg = s.ok(
        Some(&roadmap),
        &["export", "--format", "svg", "--theme", "dark"],
    );
    let tree = parse_svg(&svg);
    let p = render(&tree);
    let dark = Theme::Dark;
    assert!(near(pixel(&p, 4, 200), hex(dark.background())));
    let half = filled_share(&tree, &p, "bar-alpha", hex(dark.bar_fill()));
    assert!((0.45..=0.55).contains(&half), "dark: {half:.2}");
    assert!(near(
        centre_colour(&tree, &p, "day-2026-11-24"),
        hex(dark.shade(4))
    ));
    assert!(near(
        centre_colour(&tree, &p, "day-2026-11-23"),
        hex(dark.shade(0))
    ));
}

#[test]
fn the_card_shows_the_figures_of_stats_json() {
    for progress in [SEED_PROGRESS, r#"{"version": 1}"#] {
        let s = Sandbox::new(progress);
        let svg = s.ok(None, &["export", "--format", "svg"]);
        parse_svg(&svg);
        assert_figures_match(&s.stats(None), |id| svg_text(&svg, id));
        assert_activity_matches(&s.stats(None), &svg);
    }
    let s = Sandbox::new(HALF_PROGRESS);
    let roadmap = s.write("half.json", HALF_JSON);
    let svg = s.ok(
        Some(&roadmap),
        &["--lang", "en", "export", "--format", "svg"],
    );
    assert_figures_match(&s.stats(Some(&roadmap)), |id| svg_text(&svg, id));
    assert_activity_matches(&s.stats(Some(&roadmap)), &svg);
    assert_eq!(svg_text(&svg, "streak"), "1 day");
    // The seed's figures, fixed: three days running, eight completions over the year.
    let stats = Sandbox::new(SEED_PROGRESS).stats(None);
    assert_eq!(
        stats["activity"],
        serde_json::json!({
            "as_of": "2026-11-24", "today": 1, "last_7_days": 4, "last_30_days": 4, "streak": 3,
            "calendar": {"from": "2025-11-24", "to": "2026-11-24", "total": 8, "days": {
                "2025-12-01": 1, "2026-01-05": 1, "2026-03-15": 1, "2026-10-01": 1,
                "2026-11-22": 1, "2026-11-23": 2, "2026-11-24": 1}}
        })
    );
}

#[test]
fn the_card_for_a_fixed_day_is_stable() {
    let s = Sandbox::new(SEED_PROGRESS);
    let svg = s.ok(None, &["--locale", "es", "export", "--format", "svg"]);
    assert_eq!(svg_text(&svg, "streak"), "3 días");
    assert_eq!(svg_text(&svg, "year-total"), "8");
    insta::assert_snapshot!("card_seed_light", svg);
}

#[test]
fn the_card_is_plain_svg_and_written_to_a_file_on_request() {
    let s = Sandbox::new(SEED_PROGRESS);
    let out = s.ok(None, &["export", "--format", "svg", "-o", "card.svg"]);
    assert_eq!(out, "");
    let svg = fs::read_to_string(s.dir.path().join("card.svg")).expect("card.svg written");
    parse_svg(&svg);
    let doc = usvg::roxmltree::Document::parse(&svg).expect("XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("version"), Some("1.1"));
    assert!(
        root.attribute("viewBox")
            .is_some_and(|v| v.starts_with("0 0 830 "))
    );
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            ["svg", "title", "rect", "text", "tspan"].contains(&name),
            "unexpected <{name}>"
        );
        for attr in node.attributes() {
            assert!(
                !attr.name().contains("href") && !attr.name().starts_with("on"),
                "<{name} {}>",
                attr.name()
            );
        }
    }
    assert!(!svg.contains("url("), "no external or internal references");
}

#[test]
fn a_bad_today_is_refused() {
    let s = Sandbox::new(SEED_PROGRESS);
    let out = s
        .cmd(None, &["export", "--format", "svg"])
        .env("ROADMAP_TUI_TODAY", "24/11/2026")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ROADMAP_TUI_TODAY"), "{err}");
}

/// Every piece of text an SVG document draws, one line each.
fn all_svg_text(svg: &str) -> String {
    let doc = usvg::roxmltree::Document::parse(svg).expect("the card is XML");
    doc.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The words a card and a report show in one interface language.
struct Words {
    lang: Lang,
    card: [&'static str; 4],
    task: &'static str,
    every_task: &'static str,
    todo: &'static str,
}

const ENGLISH: Words = Words {
    lang: Lang::En,
    card: [
        "By language",
        "Levels × languages",
        "Last 52 weeks",
        "cells done",
    ],
    task: "Task",
    every_task: "Every task",
    todo: "todo",
};

const SPANISH: Words = Words {
    lang: Lang::Es,
    card: [
        "Por lenguaje",
        "Niveles × lenguajes",
        "Últimas 52 semanas",
        "celdas hechas",
    ],
    task: "Tarea",
    every_task: "Todas las tareas",
    todo: "pendiente",
};

/// Checks that the card (SVG) and the report (HTML) made by `run` speak `want` and not `other`.
fn assert_speaks(case: &str, run: impl Fn(&str) -> String, want: &Words, other: &Words) {
    let card = all_svg_text(&run("svg"));
    for (word, not) in want.card.iter().zip(other.card) {
        assert!(
            card.contains(word),
            "{case}: the card lacks {word:?}:\n{card}"
        );
        assert!(
            !card.contains(not),
            "{case}: the card says {not:?}:\n{card}"
        );
    }
    let raw = run("html");
    let doc = Html::parse_document(&raw);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let html = select(&doc, "html")[0];
    assert_eq!(html.value().attr("lang"), Some(want.lang.code()), "{case}");
    assert_eq!(
        element_text(select(&doc, "main h2")[0]),
        want.every_task,
        "{case}"
    );
    let heads: Vec<String> = select(&doc, "table#grid thead th")
        .into_iter()
        .map(element_text)
        .collect();
    assert_eq!(heads[1], want.task, "{case}");
    let seed = Roadmap::seed().expect("seed");
    let (_, first) = seed.tasks().next().expect("a task");
    let row: Vec<String> = select(&doc, "tr#task-1 td")
        .into_iter()
        .map(element_text)
        .collect();
    assert_eq!(row[1], first.text.get(want.lang), "{case}");
    assert_eq!(row[5], format!("· {}", want.todo), "{case}");
    // The card inside the report speaks the same language.
    let inner = all_svg_text(
        &raw[raw.find("<svg").expect("a card")..raw.find("</svg>").expect("its end") + 6],
    );
    assert!(
        inner.contains(want.card[0]),
        "{case}: the report's card:\n{inner}"
    );
}

#[test]
fn the_card_and_the_report_follow_the_interface_locale() {
    let s = Sandbox::new(SEED_PROGRESS);
    let config = s.write("config.toml", "locale = \"es\"\n");
    let export = |env_lang: &str, pre: &[&str], format: &str| {
        let mut args = pre.to_vec();
        args.extend(["export", "--format", format]);
        stdout_of(
            s.cmd(None, &args)
                .env("LANG", env_lang)
                .env_remove("ROADMAP_TUI_CONFIG"),
        )
    };
    assert_speaks(
        "LANG=en",
        |f| export("en_US.UTF-8", &[], f),
        &ENGLISH,
        &SPANISH,
    );
    assert_speaks(
        "LANG=es",
        |f| export("es_ES.UTF-8", &[], f),
        &SPANISH,
        &ENGLISH,
    );
    assert_speaks(
        "--locale en over LANG=es",
        |f| export("es_ES.UTF-8", &["--locale", "en"], f),
        &ENGLISH,
        &SPANISH,
    );
    // The config's locale, over the environment.
    let with_config = |format: &str| {
        stdout_of(
            s.cmd(None, &["export", "--format", format])
                .env("LANG", "en_US.UTF-8")
                .env("ROADMAP_TUI_CONFIG", &config),
        )
    };
    assert_speaks("config locale = es", with_config, &SPANISH, &ENGLISH);
    // The Markdown export keeps the document's Spanish for an English user.
    let md = export("en_US.UTF-8", &[], "markdown");
    assert!(md.starts_with("| **Nivel** | **Tareas** |"), "{md}");

    // The language remembered in the progress file (chosen with L), over config and environment.
    let remembered = Sandbox::new(r#"{"version": 2, "settings": {"lang": "es"}, "tasks": {}}"#);
    let run = |format: &str| {
        stdout_of(
            remembered
                .cmd(None, &["export", "--format", format])
                .env("LANG", "en_US.UTF-8"),
        )
    };
    assert_speaks("remembered es", run, &SPANISH, &ENGLISH);
}

/// A roadmap of `tracks` languages whose names begin alike ("Language 1", "Language 2", …, so
/// the headers cannot be cut to their first letters), one named at length, and three levels.
fn wide_roadmap(tracks: usize) -> String {
    let names: Vec<String> = (1..=tracks)
        .map(|i| match i {
            2 => r#"{"id": "l2", "name": "Wolfeschlegelsteinhausenbergerdorff Script"}"#.to_owned(),
            _ => format!(r#"{{"id": "l{i}", "name": "Language {i}"}}"#),
        })
        .collect();
    format!(
        r#"{{"id": "wide", "title": {{"en": "A roadmap with a great many languages and a title far too long to fit on one line of the card"}},
  "tracks": [{}],
  "levels": [
    {{"id": "a", "name": "Foundations of everything that comes later", "tasks": [{{"id": 1, "text": {{"en": "One"}}}}, {{"id": 2, "text": {{"en": "Two"}}}}]}},
    {{"id": "b", "name": "Middle", "tasks": [{{"id": 3, "text": {{"en": "Three"}}}}]}},
    {{"id": "c", "name": "Ünïcödé lévél", "tasks": [{{"id": 4, "text": {{"en": "Four"}}}}]}}
  ]}}"#,
        names.join(", ")
    )
}

/// Some of every language done, so the matrix cells carry labels.
fn wide_progress(tracks: usize) -> String {
    let cells: Vec<String> = (1..=tracks)
        .map(|i| {
            format!(
                r#""l{i}": {{"status": "done", "done_at": "2026-11-2{}T09:00:00Z"}}"#,
                i % 4
            )
        })
        .collect();
    format!(
        r#"{{"version": 1, "tasks": {{"1": {{{}}}}}}}"#,
        cells.join(", ")
    )
}

/// The card laid out with the fonts of this machine, DejaVu Sans (wider than the fonts a
/// browser picks first) standing for sans-serif; `None`, said loudly, on a machine with no font.
fn laid_out(svg: &str, test: &str) -> Option<usvg::Tree> {
    let mut options = usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    if options.fontdb.is_empty() {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIP {test}: no font on this machine, so where the card's text falls was NOT \
             checked (apt-get install fonts-dejavu-core) ***\n"
        );
        return None;
    }
    let dejavu = options
        .fontdb
        .faces()
        .any(|f| f.families.iter().any(|(name, _)| name == "DejaVu Sans"));
    if dejavu {
        options.fontdb_mut().set_sans_serif_family("DejaVu Sans");
    }
    Some(usvg::Tree::from_str(svg, &options).expect("the card is valid SVG"))
}

/// Every text's box and every shape's box, in the card's units.
fn boxes(tree: &usvg::Tree) -> (Vec<usvg::Rect>, Vec<usvg::Rect>) {
    fn walk(group: &usvg::Group, texts: &mut Vec<usvg::Rect>, shapes: &mut Vec<usvg::Rect>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(g) => walk(g, texts, shapes),
                usvg::Node::Text(t) => texts.push(t.abs_bounding_box()),
                usvg::Node::Path(p) => shapes.push(p.abs_bounding_box()),
                usvg::Node::Image(_) => {}
            }
        }
    }
    let (mut texts, mut shapes) = (Vec::new(), Vec::new());
    walk(tree.root(), &mut texts, &mut shapes);
    (texts, shapes)
}

/// How far two boxes overlap: the smaller of the overlaps across and down (0 when apart).
fn overlap(a: &usvg::Rect, b: &usvg::Rect) -> f32 {
    let across = a.right().min(b.right()) - a.left().max(b.left());
    let down = a.bottom().min(b.bottom()) - a.top().max(b.top());
    across.min(down).max(0.0)
}

fn contains(outer: &usvg::Rect, inner: &usvg::Rect) -> bool {
    let e = 0.5;
    inner.left() >= outer.left() - e
        && inner.right() <= outer.right() + e
        && inner.top() >= outer.top() - e
        && inner.bottom() <= outer.bottom() + e
}

#[test]
fn with_many_languages_no_text_on_the_card_overlaps_or_runs_off_and_the_headers_differ() {
    for tracks in [6, 14, 20, 40] {
        let s = Sandbox::new(&wide_progress(tracks));
        let roadmap = s.write("wide.json", &wide_roadmap(tracks));
        for code in ["en", "es"] {
            let case = format!("{tracks} languages, {code}");
            let svg = s.ok(
                Some(&roadmap),
                &["--locale", code, "export", "--format", "svg"],
            );
            let Some(tree) = laid_out(&svg, "with_many_languages_no_text_on_the_card_overlaps")
            else {
                return;
            };
            let (w, h) = (tree.size().width(), tree.size().height());
            assert_eq!(w, 830.0, "{case}");
            let (texts, shapes) = boxes(&tree);
            // Each language has a name, a figure and a header; each cell done a label.
            assert!(
                texts.len() > 3 * tracks,
                "{case}: only {} texts",
                texts.len()
            );
            let canvas = usvg::Rect::from_xywh(0.0, 0.0, w, h).expect("a canvas");
            for t in &texts {
                assert!(
                    contains(&canvas, t),
                    "{case}: a text runs off the card: {t:?}"
                );
                for shape in &shapes {
                    // On a shape (its matrix cell, the card) or clear of it, never across an edge.
                    assert!(
                        contains(shape, t) || overlap(shape, t) < 0.5,
                        "{case}: a text at {t:?} crosses a shape at {shape:?}"
                    );
                }
            }
            for (i, a) in texts.iter().enumerate() {
                for b in &texts[i + 1..] {
                    assert!(
                        overlap(a, b) < 0.5,
                        "{case}: texts overlap: {a:?} and {b:?}"
                    );
                }
            }
            // The headers of the matrix can be told apart, each a beginning of its language's
            // name or its id.
            let doc = usvg::roxmltree::Document::parse(&svg).expect("XML");
            let heads: Vec<(String, String)> = (1..=tracks)
                .map(|i| {
                    let id = format!("l{i}");
                    (svg_text(&svg, &format!("head-{id}")), id)
                })
                .collect();
            let mut seen = std::collections::HashSet::new();
            for (head, id) in &heads {
                assert!(
                    seen.insert(head.to_lowercase()),
                    "{case}: two headers {head:?}"
                );
                let name = doc
                    .descendants()
                    .find(|n| n.attribute("id") == Some(&format!("cell-0-{id}")))
                    .and_then(|n| n.descendants().find(|d| d.is_text()))
                    .and_then(|t| t.text())
                    .expect("the cell's title names the language")
                    .split(" × ")
                    .nth(1)
                    .and_then(|rest| rest.split(": ").next())
                    .expect("Level × Language: …")
                    .to_owned();
                assert!(
                    head == id || name.starts_with(head.as_str()),
                    "{case}: header {head:?} for {name:?} ({id})"
                );
            }
        }
    }
}

fn paint_rgb(paint: &usvg::Paint) -> Option<[u8; 3]> {
    match paint {
        usvg::Paint::Color(c) => Some([c.red, c.green, c.blue]),
        _ => None,
    }
}

/// Every run of text the card draws, with its colour and the colour under it: the last shape
/// painted before it that covers its middle.
fn text_on_fill(tree: &usvg::Tree) -> Vec<(String, [u8; 3], [u8; 3])> {
    fn walk(
        group: &usvg::Group,
        shapes: &mut Vec<(usvg::Rect, [u8; 3])>,
        out: &mut Vec<(String, [u8; 3], [u8; 3])>,
    ) {
        for node in group.children() {
            match node {
                usvg::Node::Group(g) => walk(g, shapes, out),
                usvg::Node::Path(p) => {
                    if let Some(rgb) = p.fill().and_then(|f| paint_rgb(f.paint())) {
                        shapes.push((p.abs_bounding_box(), rgb));
                    }
                }
                usvg::Node::Text(t) => {
                    let b = t.abs_bounding_box();
                    let (x, y) = (b.x() + b.width() / 2.0, b.y() + b.height() / 2.0);
                    let under = shapes
                        .iter()
                        .rev()
                        .find(|(r, _)| {
                            r.left() <= x && x <= r.right() && r.top() <= y && y <= r.bottom()
                        })
                        .map(|(_, c)| *c)
                        .expect("every text is on the card");
                    for chunk in t.chunks() {
                        for span in chunk.spans() {
                            let text = chunk.text()[span.start()..span.end()].to_owned();
                            let colour = span
                                .fill()
                                .and_then(|f| paint_rgb(f.paint()))
                                .expect("text is filled with a colour");
                            if !text.trim().is_empty() {
                                out.push((text, colour, under));
                            }
                        }
                    }
                }
                usvg::Node::Image(_) => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(tree.root(), &mut Vec::new(), &mut out);
    out
}

/// Five languages of one level of four tasks, the k-th with k done: a matrix cell at every
/// shade.
const SHADES_JSON: &str = r#"{
  "id": "shades", "title": {"en": "Shades"},
  "tracks": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C"},
             {"id": "d", "name": "D"}, {"id": "e", "name": "E"}],
  "levels": [{"id": "one", "name": "One", "tasks": [
    {"id": 1, "text": {"en": "1"}}, {"id": 2, "text": {"en": "2"}},
    {"id": 3, "text": {"en": "3"}}, {"id": 4, "text": {"en": "4"}}]}]
}"#;

fn shades_progress() -> String {
    let mut tasks = Vec::new();
    for task in 1..=4 {
        let cells: Vec<String> = ["b", "c", "d", "e"]
            .iter()
            .enumerate()
            .filter(|&(k, _)| task <= k + 1)
            .map(|(_, t)| {
                format!(r#""{t}": {{"status": "done", "done_at": "2026-11-24T09:00:00Z"}}"#)
            })
            .collect();
        tasks.push(format!(r#""{task}": {{{}}}"#, cells.join(", ")));
    }
    format!(r#"{{"version": 1, "tasks": {{{}}}}}"#, tasks.join(", "))
}

#[test]
fn every_text_on_the_card_stands_out_from_what_it_is_drawn_on() {
    let shades = Sandbox::new(&shades_progress());
    let roadmap = shades.write("shades.json", SHADES_JSON);
    let seed = Sandbox::new(SEED_PROGRESS);
    for (theme_name, theme) in [("light", Theme::Light), ("dark", Theme::Dark)] {
        let cards = [
            (
                "five shades",
                shades.ok(
                    Some(&roadmap),
                    &["export", "--format", "svg", "--theme", theme_name],
                ),
            ),
            (
                "the seed",
                seed.ok(None, &["export", "--format", "svg", "--theme", theme_name]),
            ),
        ];
        for (what, svg) in cards {
            let Some(tree) = laid_out(&svg, "every_text_on_the_card_stands_out") else {
                return;
            };
            let pairs = text_on_fill(&tree);
            assert!(pairs.len() > 20, "{what}: {} texts", pairs.len());
            for (text, fg, bg) in &pairs {
                let ratio = contrast(*fg, *bg);
                assert!(
                    ratio >= 4.5,
                    "{theme_name} card, {what}: {text:?} in {fg:?} on {bg:?} is {ratio:.2}:1"
                );
            }
            if what == "five shades" {
                // Labels on every shade were among those checked.
                for step in 0..5 {
                    let shade = hex(theme.shade(step));
                    assert!(
                        pairs.iter().any(|(_, _, bg)| *bg == shade),
                        "{theme_name}: no text on shade {step}"
                    );
                }
            }
        }
    }
}

// The HTML report.

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("a CSS selector");
    doc.select(&selector).collect()
}

fn element_text(e: ElementRef) -> String {
    e.text().collect()
}

fn html_text(doc: &Html, id: &str) -> String {
    let found = select(doc, &format!("[id=\"{id}\"]"));
    assert_eq!(found.len(), 1, "one element {id}");
    element_text(found[0])
}

/// Whether the page loads nothing: no script, no external element, no reference in CSS, and no
/// address but the links written in notes.
fn assert_self_contained(doc: &Html, raw: &str, note_links: &[&str]) {
    for tag in [
        "script", "link", "iframe", "object", "embed", "img", "image", "use", "video", "audio",
        "source", "base", "form",
    ] {
        assert!(select(doc, tag).is_empty(), "a <{tag}> element");
    }
    let mut links = Vec::new();
    for e in select(doc, "*") {
        for (name, value) in e.value().attrs() {
            assert!(!name.starts_with("on"), "an event handler {name}");
            match name {
                "src" | "srcset" | "action" | "poster" | "data" | "xlink:href" => {
                    panic!("{name}={value}")
                }
                "href" => {
                    assert_eq!(e.value().name(), "a");
                    assert_eq!(e.value().attr("rel"), Some("noopener noreferrer"));
                    links.push(value.to_owned());
                }
                "style" => assert!(!value.contains("url("), "{value}"),
                _ => {}
            }
        }
    }
    assert_eq!(links, note_links);
    for style in select(doc, "style") {
        let css = element_text(style);
        assert!(!css.contains("@import") && !css.contains("url("), "{css}");
    }
    let csp = select(doc, "meta[http-equiv=\"Content-Security-Policy\"]");
    assert_eq!(csp.len(), 1);
    assert!(!raw.to_ascii_lowercase().contains("<script"));
}

#[test]
fn the_report_has_every_task_and_the_figures_of_stats_json() {
    let s = Sandbox::new(SEED_PROGRESS);
    let seed = Roadmap::seed().expect("seed");
    for (code, lang) in [("es", Lang::Es), ("en", Lang::En)] {
        let raw = s.ok(None, &["--lang", code, "export", "--format", "html"]);
        let doc = Html::parse_document(&raw);
        assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        let rows = select(&doc, "table#grid tr[id^=\"task-\"]");
        assert_eq!(rows.len(), seed.task_count());
        let cell = Selector::parse("td").expect("selector");
        for ((_, task), row) in seed.tasks().zip(&rows) {
            assert_eq!(row.value().id(), Some(format!("task-{}", task.id).as_str()));
            let cells: Vec<String> = row.select(&cell).map(element_text).collect();
            assert_eq!(cells.len(), 2 + seed.tracks.len());
            assert_eq!(cells[0], task.id.to_string());
            assert_eq!(cells[1], task.text.get(lang));
        }
        assert_figures_match(&s.stats(None), |id| html_text(&doc, id));
        let levels = select(&doc, "tr.level");
        assert_eq!(levels.len(), seed.levels.len());
        let stats = s.stats(None);
        for (level, json) in levels
            .iter()
            .zip(stats["levels"].as_array().expect("levels"))
        {
            let (done, total, percent) = count_of(&json["count"]);
            let text = element_text(*level);
            assert!(
                text.ends_with(&format!("{done}/{total} · {percent:.1}%")),
                "{text}"
            );
        }
        assert_self_contained(
            &doc,
            &raw,
            &["https://github.com/me/roadmap/tree/main/python/01"],
        );
    }
}

#[test]
fn the_report_shows_each_cells_state_dates_and_note() {
    let s = Sandbox::new(SEED_PROGRESS);
    let out = s.ok(
        None,
        &["--lang", "en", "export", "--format", "html", "-o", "r.html"],
    );
    assert_eq!(out, "");
    let raw = fs::read_to_string(s.dir.path().join("r.html")).expect("r.html written");
    let doc = Html::parse_document(&raw);
    let cells = |task: u32| -> Vec<String> {
        let row = select(&doc, &format!("tr#task-{task}"));
        let td = Selector::parse("td").expect("selector");
        row[0].select(&td).map(element_text).collect()
    };
    let first = cells(1);
    assert_eq!(
        first[2],
        "✔ donestarted 2026-11-20 · done 2026-11-24\
         Repo: https://github.com/me/roadmap/tree/main/python/01 (see README)."
    );
    assert_eq!(first[3], "✔ donedone 2026-11-23");
    assert_eq!(first[4], "◐ in progressstarted 2026-11-22two\nlines");
    assert_eq!(first[5], "· todo");
    let link = select(&doc, "tr#task-1 a");
    assert_eq!(
        element_text(link[0]),
        "https://github.com/me/roadmap/tree/main/python/01"
    );
    assert_eq!(cells(105)[7], "✔ donedone 2025-12-01last one");
    let css = element_text(select(&doc, "style")[0]);
    assert!(css.contains("@media print"), "{css}");
}

// Hostile text.

/// Everything that could break out of markup or change what a reader sees.
const HOSTILE: &str = "</svg></table><script>alert(\\\"x\\\")</script> 'q' & \\u001b[31m\\u0007\\u0085 \
    \\u202eevil\\u202c \\u2066iso\\u2069 \\u200e\\u200f\\u061c end";

fn hostile_roadmap() -> String {
    format!(
        r#"{{
  "id": "hostile",
  "title": {{"en": "T {HOSTILE}"}},
  "tracks": [{{"id": "x", "name": "X {HOSTILE}"}}, {{"id": "y", "name": "Y"}}],
  "levels": [{{"id": "l", "name": "L {HOSTILE}", "tasks": [
    {{"id": 1, "text": {{"en": "Task {HOSTILE}"}}}},
    {{"id": 2, "text": {{"en": "Plain"}}}}
  ]}}]
}}"#
    )
}

fn hostile_progress() -> String {
    format!(
        r#"{{"version": 1, "tasks": {{"1": {{"x": {{"status": "done",
        "done_at": "2026-11-24T09:00:00Z",
        "started_at": "\"><script>alert(1)</script>",
        "note": "{HOSTILE} javascript:alert(1) https://ok.example/a?b=1&c=\"><script>x</script>"}}}}}}}}"#
    )
}

/// No character that could reorder or hide text, and no raw control character.
fn assert_no_invisible_tricks(out: &str) {
    for c in out.chars() {
        let control = c.is_control() && c != '\n';
        let bidi = matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        );
        assert!(!control && !bidi, "U+{:04X} in the output", c as u32);
    }
}

#[test]
fn hostile_text_comes_out_as_text() {
    let s = Sandbox::new(&hostile_progress());
    let roadmap = s.write("hostile.json", &hostile_roadmap());
    let shown = "</svg></table><script>alert(\"x\")</script> 'q' & [31m evil iso  end";

    let svg = s.ok(
        Some(&roadmap),
        &["--lang", "en", "export", "--format", "svg"],
    );
    assert_no_invisible_tricks(&svg);
    parse_svg(&svg);
    let doc = usvg::roxmltree::Document::parse(&svg).expect("XML");
    assert_eq!(svg.matches("</svg>").count(), 1, "only the card's own end");
    assert!(!svg.contains("<script"));
    let texts: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    assert!(texts.contains(&format!("L {shown}")), "{texts}");
    assert!(texts.contains("X </svg>"), "{texts}");
    assert!(
        doc.descendants().all(|n| n.tag_name().name() != "script"),
        "a script element"
    );

    let raw = s.ok(
        Some(&roadmap),
        &["--lang", "en", "export", "--format", "html"],
    );
    assert_no_invisible_tricks(&raw);
    let doc = Html::parse_document(&raw);
    assert_self_contained(&doc, &raw, &["https://ok.example/a?b=1&c="]);
    let rows = select(&doc, "tr[id^=\"task-\"]");
    assert_eq!(rows.len(), 2, "the hostile text ended no row early");
    let td = Selector::parse("td").expect("selector");
    let cells: Vec<String> = rows[0].select(&td).map(element_text).collect();
    assert_eq!(cells[1], format!("Task {shown}"));
    assert!(
        cells[2].contains(&format!(
            "{shown} javascript:alert(1) https://ok.example/a?b=1&c=\"><script>x</script>"
        )),
        "{}",
        cells[2]
    );
    assert!(
        cells[2].contains("started \"><script>alert(1)</script>"),
        "{}",
        cells[2]
    );
    assert_eq!(select(&doc, "table#grid thead th").len(), 4);
    let title = element_text(select(&doc, "head title")[0]);
    assert!(title.starts_with(&format!("T {shown}")), "{title}");
}

#[test]
fn every_text_in_the_report_stands_out_from_its_background() {
    let s = Sandbox::new(SEED_PROGRESS);
    for code in ["en", "es"] {
        let raw = s.ok(None, &["--locale", code, "export", "--format", "html"]);
        let checked = css::assert_contrast(&raw, code);
        // Plain text, muted text, links, and text on each cell's shade were among those checked.
        assert!(checked.len() >= 6, "{code}: only {checked:?}");
    }
}
