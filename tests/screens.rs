//! Every screen as a full-screen text snapshot at 120×40, 80×24 and sizes too small to use, the
//! styles that carry meaning (the cursor, a done cell), and a sweep of terminal sizes that must
//! never panic.

mod common;

use common::{Harness, buffer_text, char_key, row_text};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use roadmap_tui::app::{Fact, Mode};

/// Checks the cells a screen shows in a spread over the levels and languages:
/// Freshman × Python 3, Freshman × Node 1, Sophomore × Node 1, Junior × Python all 9,
/// Senior × Go 1 (task 86), Architect × Java 1 (task 105).
fn check_a_spread(h: &mut Harness) {
    h.send(char_key('1'));
    for _ in 0..3 {
        h.send(char_key(' '));
        h.press(KeyCode::Down);
    }
    h.send(char_key('g'));
    h.press(KeyCode::Right);
    h.send(char_key(' '));
    h.press(KeyCode::Tab);
    h.send(char_key(' '));
    h.send(char_key('3'));
    h.press(KeyCode::Left);
    for _ in 0..9 {
        h.send(char_key(' '));
        h.press(KeyCode::Down);
    }
    h.send(char_key('4'));
    h.press_n(KeyCode::Down, 15);
    h.press_n(KeyCode::Right, 2);
    h.send(char_key(' '));
    h.send(char_key('G'));
    h.press_n(KeyCode::Right, 3);
    h.send(char_key(' '));
    let s = h.app.stats();
    assert_eq!(s.total_done(), 16);
    assert_eq!(s.done(2, 0), 9);
    assert_eq!(s.done(3, 2), 1);
    assert_eq!(s.done(5, 5), 1);
}

#[test]
fn grid_120x40() {
    let h = Harness::new(120, 40);
    insta::assert_snapshot!("grid_120x40", h.screen());
}

#[test]
fn grid_60x15() {
    let h = Harness::new(60, 15);
    insta::assert_snapshot!("grid_60x15", h.screen());
}

#[test]
fn grid_200x60() {
    let mut h = Harness::new(200, 60);
    check_a_spread(&mut h);
    h.send(char_key('3'));
    insta::assert_snapshot!("grid_200x60", h.screen());
}

#[test]
fn overview_60x15_scrolls_and_marks_what_is_cut_off() {
    let mut h = Harness::new(60, 15);
    h.app.update(
        Fact::DataFile {
            path: "/home/me/progress.json".into(),
            exists: true,
        },
        common::NOW,
    );
    check_a_spread(&mut h);
    h.send(char_key('o'));
    insta::assert_snapshot!("overview_60x15", h.screen());
    let mut seen = h.screen();
    // Down to the last level: Architect's row shows, and the rows above are marked.
    h.press_n(KeyCode::Down, 6);
    let screen = h.screen();
    assert!(screen.contains("Architect"), "{screen}");
    assert!(screen.contains("▲"), "{screen}");
    // Past the last level, Down scrolls on to the bars, the activity and the file: every
    // level and every language's bar is on screen at some point, none is skipped.
    for _ in 0..30 {
        h.press(KeyCode::Down);
        seen.push_str(&h.screen());
    }
    for text in [
        "Freshman",
        "Sophomore",
        "Junior",
        "Senior",
        "Lead",
        "Architect",
        "Python    12/105",
        "Node       2/105",
        "Go         1/105",
        "PHP        0/105",
        "Kotlin     0/105",
        "Java       1/105",
        "Total     16/630",
        "Actividad",
        "progress.json",
    ] {
        assert!(seen.contains(text), "{text}:\n{seen}");
    }
    let screen = h.screen();
    assert!(!screen.contains("▼"), "at the bottom:\n{screen}");
    insta::assert_snapshot!("overview_60x15_bottom", screen);
    // Up comes back to the levels, the selection still on Architect.
    h.press_n(KeyCode::PageUp, 5);
    assert!(h.screen().contains("Architect"), "{}", h.screen());
}

#[test]
fn overview_200x60() {
    let mut h = Harness::new(200, 60);
    h.app.update(
        Fact::DataFile {
            path: "/home/me/progress.json".into(),
            exists: true,
        },
        common::NOW,
    );
    check_a_spread(&mut h);
    h.send(char_key('o'));
    insta::assert_snapshot!("overview_200x60", h.screen());
}

#[test]
fn grid_80x24() {
    let h = Harness::new(80, 24);
    insta::assert_snapshot!("grid_80x24", h.screen());
}

#[test]
fn grid_80x24_three_checked() {
    let mut h = Harness::new(80, 24);
    h.send(char_key(' ')); // 1 × Python
    h.press(KeyCode::Down);
    h.press(KeyCode::Right);
    h.send(char_key(' ')); // 2 × Node
    h.press(KeyCode::Down);
    h.press(KeyCode::Right);
    h.send(char_key(' ')); // 3 × Go
    h.press(KeyCode::Down);
    assert_eq!(h.app.stats().total_done(), 3);
    insta::assert_snapshot!("grid_80x24_three_checked", h.screen());
}

#[test]
fn grid_80x24_at_the_end() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('G'));
    h.press(KeyCode::Right);
    insta::assert_snapshot!("grid_80x24_at_the_end", h.screen());
}

#[test]
fn grid_120x40_with_progress() {
    let mut h = Harness::new(120, 40);
    check_a_spread(&mut h);
    h.send(char_key('3'));
    insta::assert_snapshot!("grid_120x40_with_progress", h.screen());
}

#[test]
fn detail_80x24() {
    let mut h = Harness::new(80, 24);
    h.press(KeyCode::Right);
    h.send(char_key(' ')); // 1 × Node
    h.press(KeyCode::Enter);
    assert!(h.app.detail_open());
    insta::assert_snapshot!("detail_80x24", h.screen());
}

#[test]
fn the_detail_pane_says_what_it_cannot_show() {
    // At 80×24 the pane sits under the grid, and a note of some lines does not fit in it.
    let mut h = Harness::new(80, 24);
    h.send(char_key('e'));
    for line in [
        "Use FastAPI.",
        "Then Flask,",
        "then Django,",
        "then Starlette.",
    ] {
        h.type_keys(line);
        h.press(KeyCode::Enter);
    }
    h.send(common::ctrl('s'));
    h.press(KeyCode::Enter);
    assert!(h.app.detail_open());
    let screen = h.screen();
    assert!(!screen.contains("then Starlette."), "{screen}");
    let marker = screen
        .lines()
        .find(|l| l.contains("líneas más") || l.contains("línea más"))
        .unwrap_or_else(|| panic!("no marker for what is cut off:\n{screen}"));
    assert!(marker.contains("▼ "), "{marker}");
    assert!(
        marker.starts_with('└'),
        "on the pane's bottom border: {marker}"
    );
    // In English; and where the pane has the room (beside the grid at 120×40), no marker.
    h.send(char_key('L'));
    assert!(h.screen().contains("▼ 6 more lines"), "{}", h.screen());
    h.resize(120, 40);
    let screen = h.screen();
    assert!(screen.contains("then Starlette."), "{screen}");
    assert!(!screen.contains("more line"), "{screen}");
}

#[test]
fn the_overview_uses_the_whole_width() {
    for width in [120, 160, 200] {
        let mut h = Harness::new(width, 60);
        h.send(char_key('o'));
        let buffer = h.draw();
        let y = common::row_containing(&buffer, "│Nivel").expect("the matrix header");
        let header = row_text(&buffer, y);
        let total = header.rfind("Total").expect("the total's column") as u16;
        // The last column ends within a cell width of the right border.
        let used = header.trim_end_matches(['│', ' ']).chars().count() as u16;
        assert!(
            used + 12 >= width - 1,
            "{width} columns: the matrix stops at {used} (Total at {total}):\n{header}"
        );
    }
}

#[test]
fn overview_120x40() {
    let mut h = Harness::new(120, 40);
    check_a_spread(&mut h);
    h.send(char_key('3'));
    h.send(char_key('o'));
    assert_eq!(*h.app.mode(), Mode::Overview { level: 2, track: 5 });
    insta::assert_snapshot!("overview_120x40", h.screen());
}

#[test]
fn overview_80x24() {
    let mut h = Harness::new(80, 24);
    check_a_spread(&mut h);
    h.send(char_key('g'));
    h.send(char_key('o'));
    h.press(KeyCode::Down);
    assert_eq!(*h.app.mode(), Mode::Overview { level: 1, track: 5 });
    insta::assert_snapshot!("overview_80x24", h.screen());
}

#[test]
fn too_small_50x10() {
    let h = Harness::new(50, 10);
    insta::assert_snapshot!("too_small_50x10", h.screen());
}

#[test]
fn too_small_1x1() {
    let h = Harness::new(1, 1);
    insta::assert_snapshot!("too_small_1x1", h.screen());
}

#[test]
fn smallest_usable_60x12() {
    let h = Harness::new(60, 12);
    insta::assert_snapshot!("smallest_usable_60x12", h.screen());
}

/// The x positions in row `y` whose cells have `modifier`.
fn xs_with(buffer: &Buffer, y: u16, modifier: Modifier) -> Vec<u16> {
    (0..buffer.area.width)
        .filter(|&x| buffer[(x, y)].modifier.contains(modifier))
        .collect()
}

/// The screen row whose text contains `needle`.
fn find_row(buffer: &Buffer, needle: &str) -> u16 {
    (0..buffer.area.height)
        .find(|&y| row_text(buffer, y).contains(needle))
        .unwrap_or_else(|| panic!("no row contains {needle:?}:\n{}", buffer_text(buffer)))
}

#[test]
fn the_cursor_cell_is_reversed_and_follows_the_cursor() {
    let mut h = Harness::new(80, 24);
    let buffer = h.draw();
    let y = find_row(&buffer, "▶1 ");
    let reversed = xs_with(&buffer, y, Modifier::REVERSED);
    assert_eq!(
        reversed.len(),
        3,
        "one 3-wide cell is reversed: {reversed:?}"
    );
    assert!(
        reversed.windows(2).all(|w| w[1] == w[0] + 1),
        "{reversed:?}"
    );
    let middle = reversed[1];
    assert_eq!(buffer[(middle, y)].symbol(), "·");
    // The other rows have no reversed cells.
    let other = find_row(&buffer, "│ 2 ");
    assert!(xs_with(&buffer, other, Modifier::REVERSED).is_empty());

    h.press(KeyCode::Right);
    let buffer = h.draw();
    let moved = xs_with(&buffer, y, Modifier::REVERSED);
    assert_eq!(moved, reversed.iter().map(|x| x + 4).collect::<Vec<_>>());

    h.press(KeyCode::Down);
    let buffer = h.draw();
    assert!(xs_with(&buffer, y, Modifier::REVERSED).is_empty());
    let y2 = find_row(&buffer, "▶2 ");
    assert_eq!(xs_with(&buffer, y2, Modifier::REVERSED), moved);
}

#[test]
fn a_done_cell_shows_a_green_check_also_under_the_cursor() {
    let mut h = Harness::new(80, 24);
    h.send(char_key(' '));
    let buffer = h.draw();
    let y = find_row(&buffer, "▶1 ");
    let x = (0..buffer.area.width)
        .find(|&x| buffer[(x, y)].symbol() == "✔")
        .expect("a check on the cursor row");
    let cell = &buffer[(x, y)];
    assert_eq!(cell.fg, Color::Green);
    assert!(
        cell.modifier.contains(Modifier::REVERSED),
        "it is the cursor cell"
    );

    h.press(KeyCode::Down);
    let buffer = h.draw();
    let y = find_row(&buffer, "│ 1 ");
    let checks: Vec<u16> = (0..buffer.area.width)
        .filter(|&x| buffer[(x, y)].symbol() == "✔")
        .collect();
    assert_eq!(checks.len(), 1);
    let cell = &buffer[(checks[0], y)];
    assert_eq!(cell.fg, Color::Green);
    assert!(!cell.modifier.contains(Modifier::REVERSED));
    // A cell still to do is a grey dot.
    let dot = &buffer[(checks[0] + 4, y)];
    assert_eq!((dot.symbol(), dot.fg), ("·", Color::DarkGray));
    // The title's count is green too.
    let title_check = (0..buffer.area.width)
        .find(|&x| buffer[(x, 0)].symbol() == "✔")
        .expect("a check in the title");
    assert_eq!(buffer[(title_check, 0)].fg, Color::Green);
}

#[test]
fn the_overview_selection_is_reversed() {
    let mut h = Harness::new(120, 40);
    h.send(char_key(' '));
    h.send(char_key('o'));
    h.press(KeyCode::Right);
    let buffer = h.draw();
    let y = find_row(&buffer, "Freshman");
    let reversed = xs_with(&buffer, y, Modifier::REVERSED);
    assert!(!reversed.is_empty());
    let text: String = reversed.iter().map(|&x| buffer[(x, y)].symbol()).collect();
    assert_eq!(text.trim(), "0/25", "Freshman × Node is selected");
    // Freshman × Python, 1 of 25, is on the "some done" colour.
    let python = row_text(&buffer, y)
        .find("1/25")
        .expect("Freshman × Python");
    let x = row_text(&buffer, y)[..python].chars().count() as u16;
    assert_eq!(buffer[(x, y)].fg, Color::Yellow);
}

#[test]
fn the_too_small_message_is_red() {
    let h = Harness::new(50, 10);
    let buffer = h.draw();
    assert!(row_text(&buffer, 0).starts_with("Terminal demasiado pequeña"));
    assert_eq!(buffer[(0, 0)].fg, Color::Red);
}

#[test]
fn no_size_panics_and_the_cursor_is_always_on_screen() {
    // Around every threshold (60×12 usable, 100 full names, 120 side pane), then a few big ones.
    let widths = [1, 2, 20, 59, 60, 61, 79, 80, 99, 100, 119, 120, 121];
    let heights = [1, 3, 11, 12, 13, 24, 30];
    let mut sizes: Vec<(u16, u16)> = widths
        .iter()
        .flat_map(|&w| heights.iter().map(move |&h| (w, h)))
        .collect();
    sizes.extend([
        (1, 80),
        (60, 80),
        (200, 50),
        (250, 40),
        (300, 1),
        (300, 12),
        (300, 80),
    ]);
    // Fresh; at the end with the detail pane open; mid-roadmap with checks; in the overview.
    let mut scenarios = Vec::new();
    scenarios.push(Harness::new(80, 24));
    let mut end = Harness::new(80, 24);
    end.press(KeyCode::Enter);
    end.send(char_key('G'));
    scenarios.push(end);
    let mut mid = Harness::new(80, 24);
    check_a_spread(&mut mid);
    mid.send(char_key('4'));
    mid.press_n(KeyCode::Down, 17);
    scenarios.push(mid);
    let mut overview = Harness::new(80, 24);
    check_a_spread(&mut overview);
    overview.send(char_key('o'));
    scenarios.push(overview);

    for h in &mut scenarios {
        for &(w, ht) in &sizes {
            h.resize(w, ht);
            let screen = h.screen();
            assert_eq!(screen.lines().count(), ht as usize);
            if w < 60 || ht < 12 {
                assert!(w < 20 || screen.contains("Terminal"), "{w}×{ht}:\n{screen}");
            } else if *h.app.mode() == Mode::Grid {
                let mark = format!("▶{}", h.task_id());
                assert!(screen.contains(&mark), "{w}×{ht}: no {mark}:\n{screen}");
            } else {
                // The selected level (Architect) stays on screen, scrolled to where needed.
                assert!(screen.contains("Architect"), "{w}×{ht}:\n{screen}");
            }
        }
    }
}
