//! The card and the report as a person sees them: the real binary's output opened in headless
//! Chromium with JavaScript off, and assertions on the screenshot's pixels and the printed PDF.
//!
//! Without Chromium (a machine that cannot install it) each test prints a SKIP line to standard
//! error and returns; under CI (`CI=true`, where `.ci/run` installs it) a missing browser fails.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use resvg::usvg;
use roadmap_tui::interchange::svg::Theme;
use roadmap_tui::model::{Lang, Roadmap};
use tempfile::TempDir;

const TODAY: &str = "2026-11-24";

/// One level of four tasks in two languages: Alpha half done (both today), Beta nothing.
const HALF_JSON: &str = r#"{
  "id": "half",
  "title": {"en": "Half"},
  "tracks": [{"id": "alpha", "name": "Alpha"}, {"id": "beta", "name": "Beta"}],
  "levels": [{"id": "one", "name": "One", "tasks": [
    {"id": 1, "text": {"en": "First"}}, {"id": 2, "text": {"en": "Second"}},
    {"id": 3, "text": {"en": "Third"}}, {"id": 4, "text": {"en": "Fourth"}}
  ]}]
}"#;

const HALF_PROGRESS: &str = r#"{"version": 1, "tasks": {
  "1": {"alpha": {"status": "done", "done_at": "2026-11-24T09:00:00Z"}},
  "3": {"alpha": {"status": "done", "done_at": "2026-11-24T18:30:00Z"}}
}}"#;

const SEED_PROGRESS: &str = r#"{"version": 1, "tasks": {
  "1": {"python": {"status": "done", "done_at": "2026-11-24T09:41:05Z",
                   "note": "https://github.com/me/roadmap/tree/main/python/01"}},
  "2": {"python": {"status": "done", "done_at": "2026-11-23T11:00:00Z"}},
  "105": {"java": {"status": "in_progress", "started_at": "2026-11-20T10:00:00Z",
                   "note": "the last row"}}
}}"#;

/// Writes to standard error past the test harness's capture, so a skip is seen even when the
/// test passes.
fn loud(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "\n{message}\n");
}

/// Chromium on the PATH, or `None` after saying loudly that the test is skipped.
fn chromium(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromium"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{test}: chromium is missing under CI; .ci/run should have installed it"
        );
        loud(&format!(
            "*** SKIP {test}: chromium is not installed, so the card and the report were NOT \
             checked in a browser (apt-get install chromium) ***"
        ));
    }
    found
}

struct Workspace {
    dir: TempDir,
}

impl Workspace {
    fn new(progress: &str) -> Workspace {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("progress.json"), progress).expect("write progress");
        Workspace { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs the binary's export to `name` and returns the file's path.
    fn export(&self, roadmap: Option<&str>, args: &[&str], name: &str) -> PathBuf {
        let mut cmd = Command::cargo_bin("roadmap-tui").expect("the binary");
        cmd.env("HOME", self.dir.path())
            .env("TZ", "UTC")
            .env("ROADMAP_TUI_TODAY", TODAY)
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .timeout(Duration::from_secs(60))
            .arg("--data")
            .arg(self.path("progress.json"));
        if let Some(json) = roadmap {
            let file = self.path("roadmap.json");
            fs::write(&file, json).expect("write roadmap");
            cmd.arg("--roadmap").arg(file);
        }
        let out = cmd
            .args(args)
            .arg("-o")
            .arg(self.path(name))
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.path(name)
    }

    /// Opens `file` in headless Chromium, with page scripts blocked by the profile's content
    /// settings, and leaves what `output` asks for (`--screenshot=…` or `--print-to-pdf=…`).
    fn chromium(&self, browser: &Path, file: &Path, output: &[String]) {
        let profile = tempfile::tempdir().expect("profile dir");
        // `--blink-settings=scriptEnabled=false` would also stop the headless browser's own
        // capture (it then writes no file at all), so page JavaScript is switched off the way a
        // user does it: in the profile's content settings.
        fs::create_dir_all(profile.path().join("Default")).expect("profile");
        fs::write(
            profile.path().join("Default/Preferences"),
            r#"{"profile": {"default_content_setting_values": {"javascript": 2}}}"#,
        )
        .expect("preferences");
        let mut child = Process::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(output)
            .arg(format!("file://{}", file.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        // A guard against a browser that never exits, not a timing assertion.
        let start = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait for chromium") {
                assert!(status.success(), "chromium exited with {status}");
                return;
            }
            if start.elapsed() > Duration::from_secs(240) {
                let _ = child.kill();
                panic!("chromium did not finish");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens `page` (a page of the test's own, beside the exports) in headless Chromium with
    /// its script allowed to read the files beside it, and returns the page as its script left
    /// it. The exports themselves still run no script: their Content-Security-Policy forbids it.
    fn measure(&self, browser: &Path, page: &Path) -> String {
        let profile = tempfile::tempdir().expect("profile dir");
        let out = Process::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--allow-file-access-from-files",
                "--virtual-time-budget=10000",
                "--dump-dom",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("file://{}", page.display()))
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .expect("run chromium");
        assert!(out.status.success(), "chromium exited with {}", out.status);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screenshot(&self, browser: &Path, file: &Path, width: u32, height: u32) -> Image {
        let png = self.path("shot.png");
        let _ = fs::remove_file(&png);
        self.chromium(
            browser,
            file,
            &[
                format!("--screenshot={}", png.display()),
                format!("--window-size={width},{height}"),
            ],
        );
        Image::read(&png)
    }
}

/// A decoded RGB(A) screenshot.
struct Image {
    width: u32,
    height: u32,
    channels: usize,
    data: Vec<u8>,
}

impl Image {
    fn read(path: &Path) -> Image {
        let file = fs::File::open(path).expect("chromium wrote the screenshot");
        let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info().expect("a PNG");
        let mut data = vec![0; reader.output_buffer_size().expect("a size")];
        let info = reader.next_frame(&mut data).expect("a frame");
        let channels = info.color_type.samples();
        assert!(channels >= 3, "a colour screenshot");
        Image {
            width: info.width,
            height: info.height,
            channels,
            data,
        }
    }

    fn at(&self, x: u32, y: u32) -> [u8; 3] {
        let i = (y as usize * self.width as usize + x as usize) * self.channels;
        [self.data[i], self.data[i + 1], self.data[i + 2]]
    }

    /// The share of pixels in row `y`, from `x0` to `x1`, within reach of `colour`.
    fn share(&self, y: u32, x0: u32, x1: u32, colour: [u8; 3]) -> f64 {
        let hits = (x0..x1).filter(|&x| near(self.at(x, y), colour)).count();
        hits as f64 / f64::from(x1 - x0)
    }
}

fn hex(colour: &str) -> [u8; 3] {
    let c = u32::from_str_radix(colour.trim_start_matches('#'), 16).expect("hex");
    [(c >> 16) as u8, (c >> 8) as u8, c as u8]
}

fn near(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(&x, y)| x.abs_diff(y) <= 16)
}

/// The box of element `id` in the card, in its own units (the screenshot's pixels at 1:1).
fn bbox(svg: &str, id: &str) -> usvg::Rect {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("valid SVG");
    tree.node_by_id(id)
        .unwrap_or_else(|| panic!("no {id}"))
        .abs_bounding_box()
}

#[test]
fn the_card_in_a_browser_shows_a_half_filled_bar_and_a_shaded_day() {
    let Some(browser) = chromium("the_card_in_a_browser") else {
        return;
    };
    let w = Workspace::new(HALF_PROGRESS);
    let file = w.export(Some(HALF_JSON), &["export", "--format", "svg"], "card.svg");
    let svg = fs::read_to_string(&file).expect("card");
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("valid SVG");
    let height = tree.size().height().round() as u32;
    let img = w.screenshot(&browser, &file, 830, height);
    assert_eq!((img.width, img.height), (830, height));
    let light = Theme::Light;

    // Drawn, not blank: the title's text, the frame, and many colours.
    let text_pixels = (20..50)
        .flat_map(|y| (24..200).map(move |x| (x, y)))
        .filter(|&(x, y)| near(img.at(x, y), hex("#1f2328")))
        .count();
    assert!(
        text_pixels > 50,
        "the title is drawn ({text_pixels} dark pixels)"
    );
    let mut colours: Vec<[u8; 3]> = (0..img.height)
        .step_by(3)
        .flat_map(|y| (0..img.width).step_by(3).map(move |x| (x, y)))
        .map(|(x, y)| img.at(x, y))
        .collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 20, "only {} colours", colours.len());

    // Alpha is half done: its bar is half filled. Beta's is empty.
    for (id, want) in [("bar-alpha", 0.5), ("bar-beta", 0.0)] {
        let b = bbox(&svg, id);
        let y = (b.y() + b.height() / 2.0) as u32;
        let got = img.share(
            y,
            b.x().ceil() as u32,
            b.right() as u32,
            hex(light.bar_fill()),
        );
        assert!(
            (got - want).abs() < 0.05,
            "{id}: {got:.2} filled, want {want}"
        );
    }
    // Today has the two completions; yesterday none.
    for (id, shade) in [("day-2026-11-24", 4), ("day-2026-11-23", 0)] {
        let b = bbox(&svg, id);
        let centre = img.at(
            (b.x() + b.width() / 2.0) as u32,
            (b.y() + b.height() / 2.0) as u32,
        );
        assert!(near(centre, hex(light.shade(shade))), "{id}: {centre:?}");
    }
}

/// Rows of the screenshot that are a table's horizontal border: at least 90% of a stretch near
/// the right of the page (right of the card, inside the full-width table) in the border's
/// colour. Runs of adjacent rows count once.
fn horizontal_rules(img: &Image, colour: [u8; 3]) -> Vec<u32> {
    let (x0, x1) = (img.width * 4 / 5, img.width * 19 / 20);
    let mut rules: Vec<u32> = Vec::new();
    for y in 0..img.height {
        if img.share(y, x0, x1, colour) <= 0.9 {
            continue;
        }
        match rules.last_mut() {
            Some(last) if *last + 1 == y => *last = y,
            _ => rules.push(y),
        }
    }
    rules
}

#[test]
fn the_report_in_a_browser_lays_out_every_row_and_prints_the_table() {
    let Some(browser) = chromium("the_report_in_a_browser") else {
        return;
    };
    let seed = Roadmap::seed().expect("seed");
    let w = Workspace::new(SEED_PROGRESS);
    let file = w.export(
        None,
        &["--lang", "en", "export", "--format", "html"],
        "report.html",
    );

    // A window taller than the page: the whole page is in the screenshot.
    let img = w.screenshot(&browser, &file, 1200, 12_000);
    let rules = horizontal_rules(&img, hex("#d0d7de"));
    // One line above the header and one under every row: the header, a row per level, a row
    // per task.
    let rows = 1 + seed.levels.len() + seed.task_count();
    assert_eq!(rules.len(), rows + 1, "horizontal rules at {rules:?}");
    let bottom = *rules.last().expect("rules");
    assert!(
        bottom < img.height - 100,
        "the table ends at {bottom}, inside the {}-pixel window",
        img.height
    );
    // The card at the top: the overall bar's filled start is green.
    let card_pixels = (0..400)
        .flat_map(|y| (0..830).map(move |x| (x, y)))
        .filter(|&(x, y)| near(img.at(x, y), hex(Theme::Light.bar_fill())))
        .count();
    assert!(
        card_pixels > 50,
        "the card is drawn ({card_pixels} green pixels)"
    );
    // The last row shows its in-progress cell in its colour.
    let last_row_y = rules[rules.len() - 2] + 5;
    let yellow = (0..img.width).filter(|&x| near(img.at(x, last_row_y), hex("#fff8c5")));
    assert!(
        yellow.count() > 50,
        "the last row's in-progress cell is shaded"
    );

    // Printed: several pages, the table on them, the last task's text there too.
    let pdf = w.path("report.pdf");
    w.chromium(
        &browser,
        &file,
        &[format!("--print-to-pdf={}", pdf.display())],
    );
    let bytes = fs::read(&pdf).expect("chromium wrote the PDF");
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    let text = String::from_utf8_lossy(&bytes);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    assert!(pages >= 3, "{pages} pages");
    let pdftotext = Process::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output();
    match pdftotext {
        Ok(out) if out.status.success() => {
            let printed = String::from_utf8_lossy(&out.stdout);
            let last = seed.task(seed.task_count() - 1);
            let words: Vec<&str> = last.text.get(Lang::En).split(' ').take(4).collect();
            assert!(printed.contains(&words.join(" ")), "{printed}");
            let first = seed.task(0).text.get(Lang::En);
            assert!(printed.contains(first), "{first}");
            assert!(printed.contains("the last row"), "the last note is printed");
            assert!(printed.contains("in progress"));
            assert_eq!(
                printed.matches('\u{c}').count(),
                pages,
                "pages in pdftotext"
            );
        }
        _ => loud(
            "*** SKIP part of the_report_in_a_browser: pdftotext is not installed, so the \
             printed text was NOT checked (apt-get install poppler-utils) ***",
        ),
    }
}

/// A roadmap of `n` languages with names that begin alike, one of them long, and three tasks.
fn wide_roadmap(n: usize) -> String {
    let tracks: Vec<String> = (1..=n)
        .map(|i| match i {
            2 => r#"{"id": "l2", "name": "Wolfeschlegelsteinhausenbergerdorff Script"}"#.to_owned(),
            _ => format!(r#"{{"id": "l{i}", "name": "Language {i}"}}"#),
        })
        .collect();
    format!(
        r#"{{"id": "wide", "title": {{"en": "Wide"}}, "tracks": [{}],
  "levels": [{{"id": "a", "name": "A", "tasks": [
    {{"id": 1, "text": {{"en": "Set up a local server"}}}},
    {{"id": 2, "text": {{"en": "Two"}}}}, {{"id": 3, "text": {{"en": "Three"}}}}]}}]}}"#,
        tracks.join(", ")
    )
}

#[test]
fn with_many_languages_the_report_keeps_every_cell_readable_and_the_headers_apart() {
    let Some(browser) = chromium("with_many_languages_the_report") else {
        return;
    };
    for n in [6, 20, 40] {
        let done: Vec<String> = (1..=n)
            .map(|i| {
                format!(
                    r#""l{i}": {{"status": "done", "started_at": "2026-11-20T10:00:00Z", "done_at": "2026-11-24T09:00:00Z", "note": "see https://example.com/a/long/path/{i}"}}"#
                )
            })
            .collect();
        let w = Workspace::new(&format!(
            r#"{{"version": 1, "tasks": {{"1": {{{}}}}}}}"#,
            done.join(", ")
        ));
        w.export(
            Some(&wide_roadmap(n)),
            &["--locale", "en", "export", "--format", "html"],
            "report.html",
        );
        // The test's own page holds the report in a 1000-pixel frame and measures it there.
        let page = w.path("measure.html");
        fs::write(
            &page,
            r#"<!DOCTYPE html><html><body style="margin:0">
<iframe id="r" src="report.html" style="width:1000px;height:800px;border:0"></iframe>
<pre id="out">not measured</pre>
<script>
window.addEventListener('load', () => {
  const d = document.getElementById('r').contentDocument;
  const cut = [];
  for (const el of d.querySelectorAll('table#grid th, table#grid td')) {
    if (el.scrollWidth > el.clientWidth + 1) cut.push(el.textContent.slice(0, 60));
  }
  const lines = (el) => { const r = d.createRange(); r.selectNodeContents(el); return new Set([...r.getClientRects()].map(c => Math.round(c.top))).size; };
  const heads = [...d.querySelectorAll('table#grid thead th')].map(e => ({text: e.textContent, lines: lines(e), title: (e.querySelector('abbr') || {}).title || null}));
  document.getElementById('out').textContent = JSON.stringify({
    cut, heads, page: d.documentElement.scrollWidth, view: d.documentElement.clientWidth,
  });
});
</script></body></html>"#,
        )
        .expect("write the measuring page");
        let dom = w.measure(&browser, &page);
        let json = dom
            .split("<pre id=\"out\">")
            .nth(1)
            .and_then(|rest| rest.split("</pre>").next())
            .unwrap_or_else(|| panic!("{n}: no measure in {dom}"))
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        let m: serde_json::Value =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{n}: {e}: {json}"));
        assert_eq!(
            m["cut"],
            serde_json::json!([]),
            "{n} languages: cells whose text runs out of them"
        );
        assert_eq!(
            m["page"], m["view"],
            "{n} languages: the page itself scrolls sideways"
        );
        let heads = m["heads"].as_array().expect("headers");
        assert_eq!(heads.len(), n + 2, "{n}");
        let mut seen = std::collections::HashSet::new();
        for (i, head) in heads[2..].iter().enumerate() {
            let text = head["text"].as_str().expect("text");
            let id = format!("l{}", i + 1);
            let name = match i + 1 {
                2 => "Wolfeschlegelsteinhausenbergerdorff Script".to_owned(),
                k => format!("Language {k}"),
            };
            assert!(
                seen.insert(text.to_lowercase()),
                "{n}: two headers read {text:?}"
            );
            assert_eq!(head["lines"], 1, "{n}: the header {text:?} wraps");
            assert!(
                text == id || name.starts_with(text),
                "{n}: {text:?} for {name:?}"
            );
            if text != name {
                assert_eq!(
                    head["title"].as_str(),
                    Some(name.as_str()),
                    "{n}: the abbreviation's title"
                );
            }
        }
    }
}
