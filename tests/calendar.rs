//! The overview's year calendar: where it fits it replaces the weekly bars, a day with
//! completions is shaded (and a different glyph), a day without is a dot, months are named; in a
//! terminal too small for it the weekly bars stay.

mod common;

use common::{buffer_text, char_key, column_of, harness_with, row_containing, row_text};
use jiff::civil::date;
use roadmap_tui::app::Fact;
use roadmap_tui::model::{Progress, Status};

/// Work on today (two cells), yesterday (one), in June and a year ago.
fn progress() -> Progress {
    let mut p = Progress::default();
    for (task, track, ts) in [
        (1, "python", "2026-11-24T09:00:00Z"),
        (2, "python", "2026-11-24T10:00:00Z"),
        (3, "python", "2026-11-23T10:00:00Z"),
        (4, "go", "2026-06-02T10:00:00Z"),
        (5, "go", "2025-11-24T10:00:00Z"),
    ] {
        p.set_status(task, track, Status::Done, ts);
    }
    p
}

#[test]
fn a_big_terminal_shows_the_year_calendar() {
    let mut h = harness_with(progress(), 120, 40);
    h.app.update(Fact::Today(date(2026, 11, 24)), common::NOW);
    h.app
        .update(Fact::Lang(roadmap_tui::model::Lang::En), common::NOW);
    h.send(char_key('o'));
    let buf = h.draw();
    let screen = buffer_text(&buf);
    assert!(screen.contains("52 weeks: 5"), "{screen}");
    assert!(!screen.contains("last 12 weeks"), "{screen}");
    // Monday's row, then Tuesday's: today (Tuesday 24 November) is the last column.
    let monday = row_containing(&buf, "Mo ").expect("a Monday row");
    let labels = row_text(&buf, monday - 1);
    for month in ["Dec", "Jan", "Jun", "Nov"] {
        assert!(labels.contains(month), "{labels}");
    }
    let x0 = column_of(&buf, monday, "Mo ").expect("label") + 3;
    let last = x0 + 52;
    let at = |x: u16, y: u16| buf[(x, y)].symbol().to_owned();
    assert_eq!(at(last, monday + 1), "█", "today, the busiest day");
    assert_eq!(at(last, monday), "▒", "yesterday, half the busiest");
    assert_eq!(at(last, monday + 2), " ", "tomorrow is not drawn");
    assert_eq!(at(last - 1, monday), "·", "a week ago, nothing");
    assert_eq!(at(x0, monday), "▒", "a year ago, the first column");
    assert_eq!(buf[(last, monday + 1)].fg, ratatui::style::Color::Green);
    let dots = (0..7)
        .flat_map(|d| (x0..=last).map(move |x| (x, monday + d)))
        .filter(|&(x, y)| at(x, y) == "·")
        .count();
    // 2025-11-24 to 2026-11-24 is 366 days, four of them with completions.
    assert_eq!(dots, 366 - 4, "every other day is a dot");
}

#[test]
fn a_small_terminal_keeps_the_weekly_bars() {
    let mut h = harness_with(progress(), 80, 24);
    h.app.update(Fact::Today(date(2026, 11, 24)), common::NOW);
    h.send(char_key('o'));
    let screen = h.screen();
    assert!(screen.contains("(últimas 12 semanas)"), "{screen}");
    assert!(!screen.contains("52 semanas"), "{screen}");
    assert!(!screen.contains("lu "), "{screen}");
}
