//! Verified cells on screen and in the exports, and the verify pane driven through the real
//! keymap with the facts the loop reports: ☑ in the grid (a word for a screen reader), the
//! evidence or the last failed run in the detail pane, the legend, the card and the report;
//! the pane asks before a command's first run, Esc cancels, a pass is one undoable change.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{NOW, char_key, harness_with};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;
use roadmap_tui::app::verify::VerifyEnd;
use roadmap_tui::app::{Effect, Fact, Mode};
use roadmap_tui::interchange::{html, svg};
use roadmap_tui::model::progress::{Verified, VerifyFailed};
use roadmap_tui::model::{Lang, Progress, Roadmap, Status};
use roadmap_tui::verify::{Outcome, TrackVerify};

fn evidence(command: &str) -> Verified {
    Verified {
        command: command.into(),
        status: 0,
        ms: 1500,
        at: NOW.into(),
        stamp: NOW.into(),
        commit: Some("0123456789abcdef0123456789abcdef01234567".into()),
        extra: Default::default(),
    }
}

fn failure() -> VerifyFailed {
    VerifyFailed {
        at: NOW.into(),
        command: "pytest tests/test_task_2.py".into(),
        status: Some(1),
        timed_out: false,
        ms: 300,
        tail: vec!["E   assert 3 == 4".into(), "1 failed".into()],
        extra: Default::default(),
    }
}

/// Task 1 × Python verified, task 2 × Python done by hand and its last verify failed.
fn progress() -> Progress {
    let mut p = Progress::default();
    p.set_verified(1, "python", evidence("pytest tests/test_task_1.py"), NOW);
    p.set_status(2, "python", Status::Done, NOW);
    p.set_verify_failed(2, "python", failure(), NOW);
    p
}

fn row<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no {needle:?} in\n{screen}"))
}

#[test]
fn the_grid_and_the_detail_pane_tell_verified_from_checked() {
    let mut h = harness_with(progress(), 120, 40);
    h.app.update(Fact::Lang(Lang::En), NOW);
    h.app.update(Fact::SetDetail(true), NOW);
    h.resize(120, 40);
    let screen = h.screen();
    assert!(
        row(&screen, "1    Set up a local server").contains('☑'),
        "{screen}"
    );
    let two = row(&screen, "2    Read query");
    assert!(two.contains('✔') && !two.contains('☑'), "{screen}");
    // Bold, in done's colour.
    let buf = h.draw();
    let y = common::row_containing(&buf, "1    Set up a local server").unwrap();
    let x = common::column_of(&buf, y, "☑").unwrap();
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    assert_eq!(
        buf[(x, y)].fg,
        roadmap_tui::ui::theme::DARK.done.fg.unwrap()
    );
    // The detail pane shows the evidence of the cell under the cursor.
    assert!(screen.contains("Verified by its tests"), "{screen}");
    assert!(screen.contains("$ pytest tests/test_task_1.py"), "{screen}");
    assert!(screen.contains("1.5 s · commit 0123456789ab"), "{screen}");
    // And of a failed run, its tail.
    h.press(KeyCode::Down);
    let screen = h.screen();
    assert!(screen.contains("Last failed verify"), "{screen}");
    assert!(screen.contains("| E   assert 3 == 4"), "{screen}");
    assert!(!screen.contains("Verified by its tests"), "{screen}");
}

#[test]
fn a_screen_reader_hears_verified_and_the_legend_shows_it() {
    let mut h = harness_with(progress(), 120, 40);
    h.app.update(Fact::Lang(Lang::En), NOW);
    h.app.update(Fact::ScreenReader(true), NOW);
    h.resize(120, 40);
    let screen = h.screen();
    assert!(
        row(&screen, "Set up a local server").contains("verified"),
        "{screen}"
    );
    assert!(screen.contains("verified by its tests"), "{screen}");
    h.app.update(Fact::ScreenReader(false), NOW);
    h.send(char_key('?'));
    let screen = h.screen();
    assert!(screen.contains("☑ verified"), "{screen}");
    h.app.update(Fact::Lang(Lang::Es), NOW);
    assert!(h.screen().contains("☑ probada"));
}

#[test]
fn the_card_and_the_report_show_the_verified_cells() {
    let roadmap = Roadmap::seed().unwrap();
    let p = progress();
    let tz = jiff::tz::TimeZone::UTC;
    let today = jiff::civil::date(2026, 11, 24);
    let data = svg::CardData::compute(&roadmap, &p, today, &tz);
    assert_eq!(data.verified, 1);
    let card = svg::card(&data, Lang::En, svg::Theme::Light);
    assert!(
        card.contains(r#"<tspan id="verified" font-weight="bold""#),
        "{card}"
    );
    assert!(card.contains("☑ 1</tspan> verified"), "{card}");
    let report = html::report(&data, &p, Lang::En, &tz);
    assert!(
        report.contains(r#"<td class="done verified"><span class="mark">☑</span> done, verified"#)
    );
    assert!(
        report.contains("<code>pytest tests/test_task_1.py</code> · 1.5 s of tests · commit 0123")
    );
    // Done by hand: the plain check.
    assert!(report.contains(r#"<td class="done"><span class="mark">✔</span> done"#));
    // Nothing verified: the card says nothing of it.
    let mut plain = Progress::default();
    plain.set_status(1, "python", Status::Done, NOW);
    let data = svg::CardData::compute(&roadmap, &plain, today, &tz);
    assert!(!svg::card(&data, Lang::En, svg::Theme::Light).contains("verified"));
}

fn commands() -> Vec<(String, TrackVerify)> {
    vec![(
        "python".into(),
        TrackVerify {
            verify: Some("pytest tests/test_task_{task}.py -k {level}".into()),
            dir: Some(PathBuf::from("/srv/py")),
            timeout: Duration::from_secs(30),
            shell: false,
        },
    )]
}

#[test]
fn v_asks_before_a_first_run_then_a_pass_is_one_undoable_change() {
    let mut h = harness_with(Progress::default(), 80, 24);
    h.app.update(Fact::Lang(Lang::En), NOW);
    h.app.update(Fact::VerifyCommands(commands()), NOW);
    assert_eq!(
        h.send(char_key('V')),
        Effect::None,
        "nothing runs before Enter"
    );
    let screen = h.screen();
    assert!(
        screen.contains("$ pytest tests/test_task_1.py -k freshman"),
        "{screen}"
    );
    assert!(screen.contains("in /srv/py"), "{screen}");
    assert!(
        screen.contains("First run of this command: Enter runs it"),
        "{screen}"
    );
    let Effect::RunVerify(spec) = h.press(KeyCode::Enter) else {
        panic!("Enter runs it");
    };
    assert_eq!(
        spec.argv,
        ["pytest", "tests/test_task_1.py", "-k", "freshman"]
    );
    assert_eq!(spec.timeout, Duration::from_secs(30));
    assert!(h.screen().contains("Running (limit 30 s) — Esc cancels"));
    // The output as it comes; the app keeps answering keys.
    h.app.update(
        Fact::VerifyOutput(vec!["collected 3 items".into(), "...".into()]),
        NOW,
    );
    h.press(KeyCode::Up);
    assert!(h.screen().contains("collected 3 items"));
    let end = VerifyEnd {
        outcome: Outcome::Exited(Some(0)),
        ms: 2100,
        verified: Some(evidence("pytest tests/test_task_1.py -k freshman")),
        failed: None,
    };
    assert_eq!(
        h.app.update(Fact::VerifyEnded(Box::new(end)), NOW),
        Effect::Save
    );
    let screen = h.screen();
    assert!(
        screen.contains("passed (2.1 s) — the cell is done, verified"),
        "{screen}"
    );
    let cell = h.app.progress().cell(1, "python").unwrap();
    assert_eq!(cell.status, Status::Done);
    assert_eq!(
        cell.verified().unwrap().command,
        "pytest tests/test_task_1.py -k freshman"
    );
    h.press(KeyCode::Esc);
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert!(
        h.screen().contains("Verify 1 × Python: passed"),
        "the status line keeps the result"
    );
    // Seen in this session: the next V runs at once.
    assert!(matches!(h.send(char_key('V')), Effect::RunVerify(_)));
    h.press(KeyCode::Esc);
    h.app.update(
        Fact::VerifyEnded(Box::new(VerifyEnd {
            outcome: Outcome::Cancelled,
            ms: 10,
            verified: None,
            failed: None,
        })),
        NOW,
    );
    h.press(KeyCode::Esc);
    // u takes the pass back.
    assert_eq!(h.send(char_key('u')), Effect::Save);
    assert_eq!(h.app.progress().status(1, "python"), Status::Todo);
    assert!(
        h.app
            .progress()
            .cell(1, "python")
            .unwrap()
            .verified()
            .is_none()
    );
}

#[test]
fn esc_cancels_a_run_and_a_failure_leaves_the_state() {
    let mut h = harness_with(Progress::default(), 80, 24);
    h.app.update(Fact::Lang(Lang::Es), NOW);
    h.app.update(Fact::VerifyCommands(commands()), NOW);
    h.send(char_key('i'));
    h.send(char_key('V'));
    assert!(matches!(h.press(KeyCode::Enter), Effect::RunVerify(_)));
    assert_eq!(h.press(KeyCode::Esc), Effect::CancelVerify);
    assert!(h.screen().contains("Cancelando…"));
    // A second Esc while it is killed does nothing more.
    assert_eq!(h.press(KeyCode::Esc), Effect::None);
    let cancelled = VerifyEnd {
        outcome: Outcome::Cancelled,
        ms: 400,
        verified: None,
        failed: None,
    };
    assert_eq!(
        h.app.update(Fact::VerifyEnded(Box::new(cancelled)), NOW),
        Effect::None
    );
    assert!(
        h.screen()
            .contains("cancelado (400 ms) — la celda queda igual")
    );
    h.press(KeyCode::Esc);
    // A failure: the state stays in progress, the tail is kept, nothing to undo.
    assert!(matches!(h.send(char_key('V')), Effect::RunVerify(_)));
    let failed = VerifyEnd {
        outcome: Outcome::Exited(Some(1)),
        ms: 300,
        verified: None,
        failed: Some(failure()),
    };
    assert_eq!(
        h.app.update(Fact::VerifyEnded(Box::new(failed)), NOW),
        Effect::Save
    );
    assert!(h.screen().contains("falló (código de salida 1)"));
    let cell = h.app.progress().cell(1, "python").unwrap();
    assert_eq!(cell.status, Status::InProgress);
    assert_eq!(cell.verify_failed().unwrap().tail[0], "E   assert 3 == 4");
    h.press(KeyCode::Esc);
    // u undoes the start (the last step), and the failed run stays recorded.
    h.send(char_key('u'));
    let cell = h.app.progress().cell(1, "python").unwrap();
    assert_eq!(cell.status, Status::Todo);
    assert!(cell.verify_failed().is_some());
}

#[test]
fn v_without_a_command_names_the_config_key() {
    let mut h = harness_with(Progress::default(), 80, 24);
    h.app.update(Fact::Lang(Lang::En), NOW);
    h.press(KeyCode::Right);
    assert_eq!(h.send(char_key('V')), Effect::None);
    assert_eq!(*h.app.mode(), Mode::Grid);
    let screen = h.screen();
    assert!(
        screen.contains("No verify command for Node: add verify = \"…\" under [tracks.node]"),
        "{screen}"
    );
}

#[test]
fn verified_keeps_the_contrast_of_done_in_every_theme() {
    use roadmap_tui::ui::theme;
    // The contrast of done's colour is checked with each theme's (tests/themes.rs); ☑ is drawn
    // in that colour, bold, so it keeps it.
    for th in [
        theme::DARK,
        theme::LIGHT,
        theme::HIGH_CONTRAST_DARK,
        theme::HIGH_CONTRAST_LIGHT,
        theme::COLOR_BLIND_DARK,
        theme::COLOR_BLIND_LIGHT,
    ] {
        assert_eq!(th.verified().fg, th.done.fg);
        assert_eq!(th.verified().bg, th.done.bg);
        assert!(th.verified().add_modifier.contains(Modifier::BOLD));
    }
}
