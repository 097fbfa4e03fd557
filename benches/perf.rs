//! Frame render (seed and a generated 100,000-task roadmap), start-up with thousands of
//! languages, progress load and save, and the SVG card and HTML report (seed and a generated
//! 10,000-task roadmap); and at scale (100,000 tasks × 20 languages): load, toggle, frame, save
//! and JSON export. Run with `cargo bench`.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadmap_tui::app::{Action, App};
use roadmap_tui::interchange::html;
use roadmap_tui::interchange::svg::{self, CardData, Theme};
use roadmap_tui::model::roadmap::Text;
use roadmap_tui::model::{Lang, Level, Progress, Roadmap, Status, Task, Track};
use roadmap_tui::state::{self, Store};
use roadmap_tui::{tui, ui};

fn main() {
    divan::main();
}

const NOW: &str = "2026-11-24T10:00:00Z";

/// A roadmap of `levels` × `per_level` tasks in six tracks.
fn generated(levels: usize, per_level: usize) -> Roadmap {
    let ids = ["python", "node", "go", "php", "kotlin", "java"].map(String::from);
    generated_in(levels, per_level, &ids)
}

/// A roadmap of `levels` × `per_level` tasks in the tracks `ids`.
fn generated_in(levels: usize, per_level: usize, ids: &[String]) -> Roadmap {
    let tracks = ids
        .iter()
        .map(|id| Track {
            id: id.clone(),
            name: id.to_uppercase(),
        })
        .collect();
    let levels = (0..levels)
        .map(|l| Level {
            id: format!("l{l}"),
            name: format!("Level {l}"),
            tasks: (0..per_level)
                .map(|t| Task {
                    id: (l * per_level + t + 1) as u32,
                    text: Text::both(&format!(
                        "Task {t} of level {l}: build and ship something real"
                    )),
                })
                .collect(),
        })
        .collect();
    Roadmap::new("bench".into(), Text::both("Bench"), tracks, levels).unwrap()
}

/// Every third cell done.
fn progress_for(roadmap: &Roadmap) -> Progress {
    let mut p = Progress::default();
    for (pos, task) in roadmap.tasks() {
        for (t, track) in roadmap.tracks.iter().enumerate() {
            if (pos + t) % 3 == 0 {
                p.set_status(task.id, &track.id, Status::Done, NOW);
            }
        }
    }
    p
}

fn view(app: &App) -> ui::View<'_> {
    ui::View {
        app,
        theme: &roadmap_tui::ui::theme::DARK,
        keymap: &KEYMAP,
    }
}

static KEYMAP: std::sync::LazyLock<roadmap_tui::keymap::Keymap> =
    std::sync::LazyLock::new(Default::default);

fn app_at(roadmap: Roadmap, width: u16, height: u16) -> App {
    let progress = progress_for(&roadmap);
    app_at_with(roadmap, progress, width, height)
}

fn app_at_with(roadmap: Roadmap, progress: Progress, width: u16, height: u16) -> App {
    let mut app = App::new(roadmap, progress);
    tui::fit(&mut app, width, height);
    app
}

#[divan::bench(args = [(80, 24), (120, 40), (300, 80)])]
fn render_seed(bencher: divan::Bencher, (w, h): (u16, u16)) {
    let app = app_at(Roadmap::seed().unwrap(), w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    bencher.bench_local(|| {
        terminal.draw(|f| ui::render(&view(&app), f)).unwrap();
    });
}

#[divan::bench]
fn render_100k_tasks_at_the_end(bencher: divan::Bencher) {
    let mut app = app_at(generated(10, 10_000), 120, 40);
    app.update(Action::Last, NOW);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    bencher.bench_local(|| {
        terminal.draw(|f| ui::render(&view(&app), f)).unwrap();
    });
}

/// The seed roadmap's JSON with `n` languages, as `--roadmap` reads it.
fn roadmap_json_with(n: usize) -> String {
    let seed: serde_json::Value =
        serde_json::from_str(include_str!("../assets/roadmap.json")).unwrap();
    let mut roadmap = seed;
    roadmap["tracks"] = (0..n)
        .map(|i| serde_json::json!({"id": format!("track{i}"), "name": format!("Track {i}")}))
        .collect();
    roadmap.to_string()
}

/// Start-up with many languages, from the roadmap's JSON to the first frame at 120×40: parse,
/// the app (counts, rows, headers), the fit and the frame. It grows with the languages in a
/// straight line (it was quadratic: 2,000 languages took 15.6 s).
#[divan::bench(args = [6, 3_000, 10_000], sample_count = 20)]
fn start_with_languages(bencher: divan::Bencher, languages: usize) {
    let json = roadmap_json_with(languages);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    bencher.bench_local(|| {
        let roadmap = Roadmap::from_json(&json).unwrap();
        let mut app = App::new(roadmap, Progress::default());
        tui::start(&mut app, 120, 40);
        terminal.draw(|f| ui::render(&view(&app), f)).unwrap();
        app
    });
}

#[divan::bench]
fn toggle_seed(bencher: divan::Bencher) {
    let mut app = app_at(Roadmap::seed().unwrap(), 120, 40);
    bencher.bench_local(|| app.update(Action::ToggleDone, NOW));
}

#[divan::bench(args = [105, 10_000])]
fn load_progress(bencher: divan::Bencher, tasks: usize) {
    let roadmap = generated(1, tasks);
    let bytes = serde_json::to_vec_pretty(&progress_for(&roadmap)).unwrap();
    let path = std::path::Path::new("bench.json");
    bencher.bench_local(|| state::parse(path, &bytes).unwrap());
}

/// One save of one changed cell, as a toggle in the TUI asks for: the lock, a check that no one
/// else wrote, the write and its syncs.
#[divan::bench(args = [105, 10_000])]
fn save_progress(bencher: divan::Bencher, tasks: usize) {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(&dir.path().join("progress.json")).unwrap();
    let mut progress = progress_for(&generated(1, tasks));
    let mut done = false;
    bencher.bench_local(|| {
        done = !done;
        let status = if done { Status::Done } else { Status::Todo };
        progress.set_status(1, "go", status, NOW);
        store.save(&progress).unwrap()
    });
}

/// A save after another writer changed the file: read it again, merge, write.
#[divan::bench(args = [105, 10_000])]
fn save_after_another_writer(bencher: divan::Bencher, tasks: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.json");
    let (mut ours, _) = Store::open(&path).unwrap();
    let (mut theirs, _) = Store::open(&path).unwrap();
    let mut progress = progress_for(&generated(1, tasks));
    let mut other = progress.clone();
    let mut done = false;
    bencher.bench_local(|| {
        done = !done;
        let status = if done { Status::Done } else { Status::Todo };
        other.set_status(2, "python", status, NOW);
        theirs.save(&other).unwrap();
        progress.set_status(1, "go", status, NOW);
        ours.save(&progress).unwrap()
    });
}

/// The merge alone, of two copies that each changed a hundred cells.
#[divan::bench(args = [105, 10_000])]
fn merge_two_copies(bencher: divan::Bencher, tasks: usize) {
    let base = progress_for(&generated(1, tasks));
    let (mut a, mut b) = (base.clone(), base.clone());
    for id in 1..=100u32.min(tasks as u32) {
        a.set_status(id, "go", Status::InProgress, NOW);
        b.set_status(id, "rust", Status::Done, NOW);
    }
    bencher.bench_local(|| state::merge(Some(&base), &a, &b));
}

/// The seed roadmap for 105 tasks, else a generated one of ten levels.
fn roadmap_of(tasks: usize) -> Roadmap {
    if tasks == 105 {
        Roadmap::seed().unwrap()
    } else {
        generated(10, tasks / 10)
    }
}

#[divan::bench(args = [105, 10_000])]
fn export_svg(bencher: divan::Bencher, tasks: usize) {
    let roadmap = roadmap_of(tasks);
    let progress = progress_for(&roadmap);
    let tz = jiff::tz::TimeZone::UTC;
    let today = jiff::civil::date(2026, 11, 24);
    bencher.bench_local(|| {
        let card = CardData::compute(&roadmap, &progress, today, &tz);
        svg::card(&card, Lang::En, Theme::Light)
    });
}

#[divan::bench(args = [105, 10_000])]
fn export_html(bencher: divan::Bencher, tasks: usize) {
    let roadmap = roadmap_of(tasks);
    let progress = progress_for(&roadmap);
    let tz = jiff::tz::TimeZone::UTC;
    let today = jiff::civil::date(2026, 11, 24);
    bencher.bench_local(|| {
        let card = CardData::compute(&roadmap, &progress, today, &tz);
        html::report(&card, &progress, Lang::En, &tz)
    });
}

// ----------------------------------------------------------------------------------------------
// At scale: 100,000 tasks × 20 languages, a third of the cells done (a progress file of about
// 90 MB). Few samples: each takes long, and the figures are for the README's table.

/// The large case: its roadmap, its progress and the progress file's bytes.
fn large() -> (Roadmap, Progress, Vec<u8>) {
    let ids: Vec<String> = (0..20).map(|t| format!("t{t}")).collect();
    let roadmap = generated_in(10, 10_000, &ids);
    let progress = progress_for(&roadmap);
    let bytes = serde_json::to_vec_pretty(&progress).unwrap();
    (roadmap, progress, bytes)
}

/// Reading the large progress file's bytes into the progress.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn large_load_progress(bencher: divan::Bencher) {
    let (_, _, bytes) = large();
    let path = std::path::Path::new("bench.json");
    bencher.bench_local(|| state::parse(path, &bytes).unwrap());
}

/// The same bytes read on one thread, the ordinary way (as a file under 4 MiB is read, and any
/// file the two-thread reading gives up on): what the second thread saves.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn large_load_progress_one_thread(bencher: divan::Bencher) {
    let (_, _, bytes) = large();
    bencher.bench_local(|| {
        let text = std::str::from_utf8(&bytes).unwrap();
        serde_json::from_str::<Progress>(text).unwrap()
    });
}

/// The counts per level × language that the first frame shows, from the loaded progress.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn large_stats(bencher: divan::Bencher) {
    let (roadmap, progress, _) = large();
    bencher.bench_local(|| roadmap_tui::model::stats::Stats::compute(&roadmap, &progress));
}

/// What the loop does on Space before it draws: the toggle, and the copy handed to the saver.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn large_toggle_and_copy(bencher: divan::Bencher) {
    let (roadmap, progress, _) = large();
    let mut app = App::new(roadmap, progress);
    tui::fit(&mut app, 120, 40);
    bencher.bench_local(|| {
        app.update(Action::ToggleDone, NOW);
        app.progress().clone()
    });
}

/// The frame after a toggle.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn large_render(bencher: divan::Bencher) {
    let (roadmap, progress, _) = large();
    let app = app_at_with(roadmap, progress, 120, 40);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    bencher.bench_local(|| {
        terminal
            .draw(|frame| ui::render(&view(&app), frame))
            .unwrap();
    });
}

/// One save of the large progress after a toggle, as the saver thread makes it.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn large_save(bencher: divan::Bencher) {
    let (_, mut progress, _) = large();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(&dir.path().join("progress.json")).unwrap();
    let mut done = false;
    bencher.bench_local(|| {
        done = !done;
        let status = if done { Status::Done } else { Status::Todo };
        progress.set_status(1, "t1", status, NOW);
        store.save(&progress).unwrap()
    });
}

/// The JSON export of the large progress, written as it is made.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn large_export_json(bencher: divan::Bencher) {
    let (roadmap, progress, _) = large();
    bencher.bench_local(|| {
        roadmap_tui::interchange::export::json_to(&roadmap, &progress, &mut std::io::sink())
            .unwrap()
    });
}

/// `cohort` on a class of learners on the seed roadmap: loading 1,000 and 10,000 learner files
/// (read, parsed, summarised) against just reading the same files' bytes.
mod cohort {
    use std::path::PathBuf;
    use std::sync::LazyLock;

    use roadmap_tui::cohort::{self, Options};
    use roadmap_tui::model::{Progress, Roadmap, Status};
    use roadmap_tui::state::limited;

    /// A folder of `n` learners' `progress.json` files, each in a folder of its own: a share of
    /// the seed done (0 to 90%, in reading order, each language a little apart), a few cells in
    /// progress, a note now and then, a name for every other learner.
    fn class(n: usize) -> (tempfile::TempDir, Vec<PathBuf>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let roadmap = Roadmap::seed().expect("seed");
        let mut files = Vec::new();
        for i in 0..n {
            let mut p = Progress::default();
            let reach = (i * 37) % 95;
            for (pos, task) in roadmap.tasks() {
                for (t, track) in roadmap.tracks.iter().enumerate() {
                    let at = format!(
                        "2026-{:02}-{:02}T10:00:00Z",
                        6 + (pos + t) % 6,
                        1 + (pos * 7 + i) % 28
                    );
                    if pos + t * 3 < reach {
                        p.set_status(task.id, &track.id, Status::Done, &at);
                    } else if pos + t * 3 == reach {
                        p.set_status(task.id, &track.id, Status::InProgress, &at);
                        if i % 3 == 0 {
                            p.set_note(
                                task.id,
                                &track.id,
                                "stuck on the tests, see https://example.com/x",
                                &at,
                            );
                        }
                    }
                }
            }
            if i % 2 == 0 {
                p.settings.name = Some(format!("Learner {i}"));
            }
            let file = dir.path().join(format!("s{i:05}")).join("progress.json");
            std::fs::create_dir_all(file.parent().unwrap()).expect("mkdir");
            std::fs::write(&file, serde_json::to_vec_pretty(&p).expect("JSON")).expect("write");
            files.push(file);
        }
        (dir, files)
    }

    static CLASS_1K: LazyLock<(tempfile::TempDir, Vec<PathBuf>)> = LazyLock::new(|| class(1_000));
    static CLASS_10K: LazyLock<(tempfile::TempDir, Vec<PathBuf>)> = LazyLock::new(|| class(10_000));

    fn load(class: &(tempfile::TempDir, Vec<PathBuf>)) -> usize {
        let roadmap = Roadmap::seed().expect("seed");
        let tz = jiff::tz::TimeZone::UTC;
        let options = Options {
            roadmap: &roadmap,
            limits: Default::default(),
            today: "2026-12-06".parse().expect("date"),
            tz: &tz,
        };
        let loaded = cohort::load(&[class.0.path().to_owned()], &options).expect("load");
        assert_eq!(loaded.learners.len(), class.1.len());
        loaded.learners.len()
    }

    /// The baseline: every file's bytes read, one after the other, as `cat` would.
    fn read_bytes(class: &(tempfile::TempDir, Vec<PathBuf>)) -> usize {
        class
            .1
            .iter()
            .map(|f| {
                limited::read_limited(f, limited::PROGRESS_LIMIT)
                    .expect("read")
                    .len()
            })
            .sum()
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn read_bytes_1k(bencher: divan::Bencher) {
        LazyLock::force(&CLASS_1K);
        bencher.bench(|| read_bytes(&CLASS_1K));
    }

    /// The app's own reading of every file (bytes, then `state::parse`), one after the other.
    fn read_and_parse(class: &(tempfile::TempDir, Vec<PathBuf>)) -> Vec<Progress> {
        class
            .1
            .iter()
            .map(|f| {
                let bytes = limited::read_limited(f, limited::PROGRESS_LIMIT).expect("read");
                roadmap_tui::state::parse(f, &bytes).expect("parse")
            })
            .collect()
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn read_and_parse_1k(bencher: divan::Bencher) {
        LazyLock::force(&CLASS_1K);
        bencher.bench(|| read_and_parse(&CLASS_1K));
    }

    /// The summaries alone, one after the other, of progress already read.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn summarise_1k(bencher: divan::Bencher) {
        let parsed = read_and_parse(&CLASS_1K);
        let roadmap = Roadmap::seed().expect("seed");
        let tz = jiff::tz::TimeZone::UTC;
        let today = "2026-12-06".parse().expect("date");
        bencher.bench(|| {
            parsed
                .iter()
                .map(|p| {
                    cohort::Summary::compute(&roadmap, p, &Default::default(), today, &tz)
                        .overall
                        .done
                })
                .sum::<usize>()
        });
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn load_1k(bencher: divan::Bencher) {
        LazyLock::force(&CLASS_1K);
        bencher.bench(|| load(&CLASS_1K));
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn read_bytes_10k(bencher: divan::Bencher) {
        LazyLock::force(&CLASS_10K);
        bencher.bench(|| read_bytes(&CLASS_10K));
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn load_10k(bencher: divan::Bencher) {
        LazyLock::force(&CLASS_10K);
        bencher.bench(|| load(&CLASS_10K));
    }

    /// The cohort screen with 10,000 learners: one key handled (the selection moved, the sort
    /// cycled — each order is sorted once and kept —, the columns switched, the grid of a
    /// learner opened and closed) and the frame drawn into a 120×40 test terminal, as the loop
    /// does after a key.
    mod screen {
        use std::sync::LazyLock;

        use ratatui::Terminal;
        use ratatui::backend::TestBackend;
        use roadmap_tui::app::Action;
        use roadmap_tui::cohort::screen::{Fact, Screen, Setup};
        use roadmap_tui::cohort::{self, Options, SortKey};
        use roadmap_tui::model::{Lang, Roadmap};
        use roadmap_tui::ui;

        fn class_10k() -> cohort::Cohort {
            let class = &super::CLASS_10K;
            let roadmap = Roadmap::seed().expect("seed");
            let tz = jiff::tz::TimeZone::UTC;
            let today = "2026-12-06".parse().expect("date");
            let options = Options {
                roadmap: &roadmap,
                limits: Default::default(),
                today,
                tz: &tz,
            };
            cohort::load(&[class.0.path().to_owned()], &options).expect("load")
        }

        static LOADED_10K: LazyLock<cohort::Cohort> = LazyLock::new(class_10k);

        fn screen_10k() -> Screen {
            let roadmap = Roadmap::seed().expect("seed");
            let tz = jiff::tz::TimeZone::UTC;
            let today = "2026-12-06".parse().expect("date");
            let setup = Setup {
                roadmap: roadmap.clone(),
                paths: vec![super::CLASS_10K.0.path().to_owned()],
                sort: SortKey::Progress,
                lang: Lang::En,
                color: true,
                screen_reader: false,
                today,
                tz: tz.clone(),
                help_len: super::super::KEYMAP.help_line_count(),
                help_at: 0,
            };
            Screen::new(setup, LOADED_10K.clone())
        }

        /// One key and the frame after it.
        fn key_and_draw(screen: &mut Screen, terminal: &mut Terminal<TestBackend>, action: Action) {
            screen.update(action);
            let fit = ui::cohort::fit(screen, 120, 40);
            screen.learn(Fact::Fit(fit));
            terminal
                .draw(|frame| {
                    ui::cohort::render(
                        screen,
                        &roadmap_tui::ui::theme::DARK,
                        &super::super::KEYMAP,
                        frame,
                    )
                })
                .expect("draw");
        }

        #[divan::bench(args = ["down", "sort", "columns", "open_grid"], sample_count = 20)]
        fn key_10k(bencher: divan::Bencher, key: &str) {
            LazyLock::force(&LOADED_10K);
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
            let mut screen = screen_10k();
            bencher.bench_local(|| match key {
                "down" => key_and_draw(&mut screen, &mut terminal, Action::Down),
                "sort" => key_and_draw(&mut screen, &mut terminal, Action::CycleSort),
                "columns" => key_and_draw(&mut screen, &mut terminal, Action::SwitchColumns),
                _ => {
                    key_and_draw(&mut screen, &mut terminal, Action::Choose);
                    key_and_draw(&mut screen, &mut terminal, Action::Quit);
                }
            });
        }
    }
}
