//! The app driven by keys through the real keymap, as the event loop drives it: where the cursor
//! goes, what a key asks the loop to do, and what the screen then shows.

mod common;

use common::{Harness, back_tab, char_key, ctrl, key};
use pretty_assertions::assert_eq;
use ratatui::crossterm::event::KeyCode;
use roadmap_tui::app::{Effect, Fact, Mode, Row, SaveStatus};
use roadmap_tui::model::{Lang, Status};

/// The task numbers in reading order: levels in order, tasks in the seed's order within each.
fn reading_order(h: &Harness) -> Vec<u32> {
    h.app.roadmap().tasks().map(|(_, t)| t.id).collect()
}

#[test]
fn starts_on_task_1_python() {
    let h = Harness::new(80, 24);
    assert_eq!(h.at(), (1, 0));
    assert_eq!(h.app.cursor_track_id(), "python");
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert_eq!(h.app.scroll(), 0);
    assert!(!h.app.detail_open());
    h.assert_cursor_on_visible_task_row();
    let screen = h.screen();
    assert!(screen.contains("▶1"), "{screen}");
    assert!(screen.contains("Freshman · tarea 1"), "{screen}");
}

#[test]
fn down_and_up_cross_level_boundaries() {
    let mut h = Harness::new(80, 24);
    h.press_n(KeyCode::Down, 24);
    assert_eq!(h.task_id(), 25, "last Freshman task");
    h.press(KeyCode::Down);
    assert_eq!(h.task_id(), 26, "Down steps over the Sophomore header");
    h.assert_cursor_on_visible_task_row();
    assert!(h.screen().contains("Sophomore"));
    h.press(KeyCode::Up);
    assert_eq!(h.task_id(), 25, "Up steps back over the header");
    h.assert_cursor_on_visible_task_row();
}

#[test]
fn j_and_k_walk_every_task_in_reading_order_and_never_rest_on_a_header() {
    let mut h = Harness::new(80, 24);
    let order = reading_order(&h);
    assert_eq!(order.len(), 105);
    let mut seen = vec![h.task_id()];
    for _ in 1..order.len() {
        h.send(char_key('j'));
        h.assert_cursor_on_visible_task_row();
        seen.push(h.task_id());
    }
    assert_eq!(seen, order);
    let mut back = vec![h.task_id()];
    for _ in 1..order.len() {
        h.send(char_key('k'));
        h.assert_cursor_on_visible_task_row();
        back.push(h.task_id());
    }
    back.reverse();
    assert_eq!(back, order);
}

#[test]
fn up_at_the_first_task_and_down_at_the_last_stay() {
    let mut h = Harness::new(80, 24);
    h.press(KeyCode::Up);
    h.send(char_key('k'));
    assert_eq!(h.task_id(), 1);
    assert_eq!(h.app.scroll(), 0, "the Freshman header stays in view");

    h.press(KeyCode::End);
    assert_eq!(h.task_id(), 105);
    h.press(KeyCode::Down);
    h.send(char_key('j'));
    assert_eq!(h.task_id(), 105);
    h.assert_cursor_on_visible_task_row();
}

#[test]
fn end_and_shift_g_go_to_the_last_task_home_and_g_to_the_first() {
    let mut h = Harness::new(80, 24);
    h.press(KeyCode::End);
    assert_eq!(h.task_id(), 105);
    h.press(KeyCode::Home);
    assert_eq!(h.task_id(), 1);
    h.send(char_key('G'));
    assert_eq!(h.task_id(), 105);
    h.assert_cursor_on_visible_task_row();
    h.send(char_key('g'));
    assert_eq!(h.task_id(), 1);
    assert_eq!(h.app.scroll(), 0);
}

#[test]
fn left_and_right_clamp_at_python_and_java() {
    let mut h = Harness::new(80, 24);
    h.press(KeyCode::Left);
    h.send(char_key('h'));
    assert_eq!(h.app.cursor_track_id(), "python");
    h.press(KeyCode::Right);
    assert_eq!(h.app.cursor_track_id(), "node");
    h.send(char_key('l'));
    assert_eq!(h.app.cursor_track_id(), "go");
    h.press_n(KeyCode::Right, 10);
    assert_eq!(h.app.cursor_track_id(), "java");
    h.send(char_key('l'));
    assert_eq!(h.app.cursor().track, 5);
    h.send(char_key('h'));
    assert_eq!(h.app.cursor_track_id(), "kotlin");
    assert_eq!(h.task_id(), 1, "moving across languages keeps the task");
}

#[test]
fn tab_and_back_tab_go_to_level_starts_and_wrap() {
    let mut h = Harness::new(80, 24);
    let mut firsts = Vec::new();
    for _ in 0..6 {
        h.press(KeyCode::Tab);
        h.assert_cursor_on_visible_task_row();
        firsts.push(h.task_id());
    }
    assert_eq!(
        firsts,
        [26, 42, 51, 66, 78, 1],
        "Tab wraps from Architect to Freshman"
    );

    let mut backs = Vec::new();
    for _ in 0..6 {
        h.send(back_tab());
        h.assert_cursor_on_visible_task_row();
        backs.push(h.task_id());
    }
    assert_eq!(
        backs,
        [78, 66, 51, 42, 26, 1],
        "Shift-Tab wraps from Freshman to Architect"
    );

    // From the middle of a level both go to a level's first task, not the current one's.
    h.press_n(KeyCode::Down, 30); // task 31, Sophomore
    assert_eq!(h.task_id(), 31);
    h.send(back_tab());
    assert_eq!(h.task_id(), 1);
    h.press_n(KeyCode::Down, 30);
    h.press(KeyCode::Tab);
    assert_eq!(h.task_id(), 42);
}

#[test]
fn digits_jump_to_levels() {
    let mut h = Harness::new(80, 24);
    h.press(KeyCode::Right);
    for (digit, first) in [
        ('4', 51),
        ('6', 78),
        ('2', 26),
        ('5', 66),
        ('3', 42),
        ('1', 1),
    ] {
        h.send(char_key(digit));
        assert_eq!(h.task_id(), first, "key {digit}");
        assert_eq!(h.app.cursor().track, 1, "key {digit} keeps the language");
        h.assert_cursor_on_visible_task_row();
    }
    h.press(KeyCode::End);
    for unbound in ['0', '7', '9'] {
        assert_eq!(h.send(char_key(unbound)), Effect::None);
        assert_eq!(h.task_id(), 105, "key {unbound} does nothing");
    }
}

#[test]
fn a_level_jump_shows_the_level_header_above_its_first_task() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('4'));
    let row = h.app.cursor_row();
    assert_eq!(h.app.rows()[row - 1], Row::Level(3));
    assert!(h.app.scroll() < row, "Senior's header is in view");
    let screen = h.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("▶51"))
        .expect("cursor row on screen");
    assert!(lines[at - 1].contains("Senior  0/120"), "{screen}");
}

#[test]
fn page_down_and_up_move_about_a_page_and_land_on_tasks() {
    let mut h = Harness::new(80, 24);
    let viewport = h.app.viewport();
    assert_eq!(viewport, 19, "80×24 leaves 19 grid rows");

    let mut stops = vec![h.app.cursor_row()];
    while h.task_id() != 105 {
        h.press(KeyCode::PageDown);
        h.assert_cursor_on_visible_task_row();
        stops.push(h.app.cursor_row());
        assert!(stops.len() < 20, "PgDn never reached the end: {stops:?}");
    }
    for pair in stops.windows(2) {
        let moved = pair[1] - pair[0];
        assert!(
            moved > 0 && moved <= viewport,
            "PgDn moved {moved} rows: {stops:?}"
        );
    }
    // All but the last stop move a full page less one row (a header may add one).
    for pair in stops[..stops.len() - 1].windows(2) {
        let moved = pair[1] - pair[0];
        assert!(
            moved + 2 >= viewport,
            "PgDn moved only {moved} rows: {stops:?}"
        );
    }
    h.press(KeyCode::PageDown);
    assert_eq!(h.task_id(), 105, "PgDn at the end stays");

    let mut ups = vec![h.app.cursor_row()];
    while h.task_id() != 1 {
        h.press(KeyCode::PageUp);
        h.assert_cursor_on_visible_task_row();
        ups.push(h.app.cursor_row());
        assert!(ups.len() < 20, "PgUp never reached the start: {ups:?}");
    }
    for pair in ups.windows(2) {
        let moved = pair[0] - pair[1];
        assert!(
            moved > 0 && moved <= viewport,
            "PgUp moved {moved} rows: {ups:?}"
        );
    }
    h.press(KeyCode::PageUp);
    assert_eq!(h.task_id(), 1, "PgUp at the start stays");
    assert_eq!(h.app.scroll(), 0);
}

#[test]
fn first_page_down_lands_a_page_below() {
    let mut h = Harness::new(80, 24);
    h.press(KeyCode::PageDown);
    // Row 1 (task 1) + 18 rows = row 19, task 19.
    assert_eq!(h.task_id(), 19);
    h.press(KeyCode::PageDown);
    // Row 37 is in Sophomore, whose header is row 26 and first task (26) row 27.
    assert_eq!(h.task_id(), 36);
    h.press(KeyCode::PageUp);
    assert_eq!(h.task_id(), 19);
}

#[test]
fn space_checks_and_unchecks_the_cell_and_asks_for_a_save() {
    let mut h = Harness::new(80, 24);
    assert!(h.screen().contains("0/630"));

    assert_eq!(h.send(char_key(' ')), Effect::Save);
    assert_eq!(h.app.progress().status(1, "python"), Status::Done);
    let cell = h.app.progress().cell(1, "python").expect("stored cell");
    assert_eq!(cell.done_at.as_deref(), Some(common::NOW));
    let s = h.app.stats();
    assert_eq!(s.total_done(), 1);
    assert_eq!(s.level_done(0), 1);
    assert_eq!(s.done(0, 0), 1);
    assert_eq!(s.track_done(0), 1);
    assert_eq!(s.track_done(1), 0);
    let screen = h.screen();
    let title = screen.lines().next().unwrap_or_default();
    assert!(title.contains("✔ 1/630 hechas  0%"), "{title}");
    assert!(screen.contains("Freshman  1/150"), "{screen}");

    assert_eq!(h.send(char_key(' ')), Effect::Save);
    assert_eq!(h.app.progress().status(1, "python"), Status::Todo);
    assert_eq!(h.app.stats().total_done(), 0);
    assert_eq!(h.app.stats().level_done(0), 0);
    let screen = h.screen();
    assert!(
        screen
            .lines()
            .next()
            .unwrap_or_default()
            .contains("✔ 0/630 hechas  0%")
    );
    assert!(screen.contains("Freshman  0/150"), "{screen}");
}

#[test]
fn checks_count_per_level_and_language() {
    let mut h = Harness::new(80, 24);
    h.send(char_key(' ')); // 1 × Python
    h.press(KeyCode::Right);
    h.send(char_key(' ')); // 1 × Node
    h.press(KeyCode::Tab);
    h.send(char_key(' ')); // 26 × Node
    h.send(char_key('G'));
    h.send(char_key(' ')); // 105 × Node
    let s = h.app.stats();
    assert_eq!(s.total_done(), 4);
    assert_eq!((s.done(0, 0), s.done(0, 1)), (1, 1));
    assert_eq!(s.done(1, 1), 1);
    assert_eq!(s.done(5, 1), 1);
    assert_eq!((s.track_done(0), s.track_done(1)), (1, 3));
    assert_eq!(
        (0..6).map(|l| s.level_done(l)).collect::<Vec<_>>(),
        [2, 1, 0, 0, 0, 1]
    );
    assert!(h.screen().contains("✔ 4/630 hechas  0%"));
}

#[test]
fn task_86_counts_under_senior() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('4'));
    h.press_n(KeyCode::Down, 15);
    assert_eq!(h.task_id(), 86, "Senior lists 51–65 then 86–90");
    h.press_n(KeyCode::Right, 2);
    assert_eq!(h.app.cursor_track_id(), "go");
    assert_eq!(h.send(char_key(' ')), Effect::Save);
    assert_eq!(h.app.progress().status(86, "go"), Status::Done);
    let s = h.app.stats();
    assert_eq!(s.done(3, 2), 1, "Senior × Go");
    assert_eq!(s.level_done(3), 1);
    assert_eq!(s.level_done(4), 0, "not Lead");
    assert_eq!(s.level_done(5), 0, "not Architect");
    let screen = h.screen();
    assert!(screen.contains("Senior  1/120"), "{screen}");
    assert!(screen.contains("Senior · tarea 86"), "{screen}");
}

#[test]
fn the_view_scrolls_to_keep_the_cursor_visible() {
    let mut h = Harness::new(80, 24);
    let first = "Configurar un servidor local.";
    let last = "Gestionar y optimizar redes";
    let screen = h.screen();
    assert!(screen.contains(first) && !screen.contains(last), "{screen}");

    h.press(KeyCode::End);
    h.assert_cursor_on_visible_task_row();
    let screen = h.screen();
    assert!(screen.contains(last), "{screen}");
    assert!(!screen.contains(first), "{screen}");
    assert!(screen.contains("▶105"), "{screen}");

    h.send(char_key('g'));
    let screen = h.screen();
    assert!(screen.contains(first), "{screen}");
    assert!(!screen.contains(last), "{screen}");
    assert!(screen.contains("▶1 "), "{screen}");
}

#[test]
fn a_resize_keeps_the_cursor_in_view() {
    let mut h = Harness::new(120, 40);
    h.press_n(KeyCode::Down, 30);
    assert_eq!(h.task_id(), 31);
    h.assert_cursor_on_visible_task_row();
    h.resize(80, 14);
    h.assert_cursor_on_visible_task_row();
    let screen = h.screen();
    assert!(screen.contains("▶31"), "{screen}");
    h.resize(300, 80);
    h.assert_cursor_on_visible_task_row();
    assert!(h.screen().contains("▶31"));
}

#[test]
fn esc_never_quits_but_q_and_ctrl_c_do() {
    let mut h = Harness::new(80, 24);
    for _ in 0..3 {
        assert_eq!(h.press(KeyCode::Esc), Effect::None);
    }
    assert_eq!(*h.app.mode(), Mode::Grid);

    h.send(char_key('o'));
    assert_eq!(h.press(KeyCode::Esc), Effect::None, "Esc in the overview");
    assert_eq!(*h.app.mode(), Mode::Grid, "Esc closes the overview");
    assert_eq!(h.press(KeyCode::Esc), Effect::None);

    assert_eq!(h.send(char_key('q')), Effect::Quit);
    assert_eq!(h.send(ctrl('c')), Effect::Quit);
    h.send(char_key('o'));
    assert_eq!(h.send(char_key('q')), Effect::Quit, "q in the overview");
    assert_eq!(h.send(ctrl('c')), Effect::Quit, "Ctrl-C in the overview");
    // Capital Q is not a quit key.
    assert_eq!(h.send(char_key('Q')), Effect::None);
}

#[test]
fn esc_closes_the_detail_pane() {
    let mut h = Harness::new(80, 24);
    h.press(KeyCode::Enter);
    assert!(h.app.detail_open());
    assert_eq!(h.press(KeyCode::Esc), Effect::None);
    assert!(!h.app.detail_open());
}

#[test]
fn overview_opens_on_the_cursor_and_enter_jumps_there() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('2'));
    h.press(KeyCode::Right);
    assert_eq!(h.at(), (26, 1));

    assert_eq!(h.send(char_key('o')), Effect::None);
    assert_eq!(*h.app.mode(), Mode::Overview { level: 1, track: 1 });
    let screen = h.screen();
    assert!(screen.contains("Niveles × lenguajes"), "{screen}");

    h.press(KeyCode::Down);
    h.press(KeyCode::Down);
    h.press(KeyCode::Right);
    h.send(char_key('l'));
    h.send(char_key('k'));
    assert_eq!(*h.app.mode(), Mode::Overview { level: 2, track: 3 });
    h.press(KeyCode::Down);
    assert_eq!(*h.app.mode(), Mode::Overview { level: 3, track: 3 });

    assert_eq!(h.press(KeyCode::Enter), Effect::None);
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert_eq!(h.at(), (51, 3), "first Senior task, PHP");
    assert_eq!(h.app.cursor_track_id(), "php");
    h.assert_cursor_on_visible_task_row();
    let screen = h.screen();
    assert!(screen.contains("Senior · tarea 51"), "{screen}");
}

#[test]
fn overview_selection_clamps_at_the_edges() {
    let mut h = Harness::new(120, 40);
    h.send(char_key('o'));
    h.press(KeyCode::Up);
    h.press(KeyCode::Left);
    assert_eq!(*h.app.mode(), Mode::Overview { level: 0, track: 0 });
    h.press_n(KeyCode::Down, 10);
    h.press_n(KeyCode::Right, 10);
    assert_eq!(*h.app.mode(), Mode::Overview { level: 5, track: 5 });
    // Space chooses too.
    h.send(char_key(' '));
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert_eq!(h.at(), (78, 5));
}

#[test]
fn overview_esc_and_o_close_without_moving_or_checking() {
    let mut h = Harness::new(80, 24);
    h.press_n(KeyCode::Down, 3);
    h.send(char_key('o'));
    h.press_n(KeyCode::Down, 2);
    h.press(KeyCode::Esc);
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert_eq!(h.at(), (4, 0), "Esc leaves the cursor where it was");

    h.send(char_key('o'));
    h.press(KeyCode::Right);
    h.send(char_key('o'));
    assert_eq!(*h.app.mode(), Mode::Grid, "o closes the overview");
    assert_eq!(h.at(), (4, 0));
    assert_eq!(h.app.stats().total_done(), 0);

    // Grid keys that the overview does not bind do nothing there.
    h.send(char_key('o'));
    for event in [char_key('4'), key(KeyCode::Tab), char_key('i')] {
        assert_eq!(h.send(event), Effect::None);
    }
    assert_eq!(*h.app.mode(), Mode::Overview { level: 0, track: 0 });
}

#[test]
fn enter_toggles_the_detail_pane_at_narrow_width() {
    let mut h = Harness::new(80, 24);
    let closed_viewport = h.app.viewport();
    assert!(!h.screen().contains("Tarea 1 · Freshman"));

    assert_eq!(h.press(KeyCode::Enter), Effect::None);
    assert!(h.app.detail_open());
    assert!(
        h.app.viewport() < closed_viewport,
        "the pane takes grid rows"
    );
    let screen = h.screen();
    assert!(screen.contains("Tarea 1 · Freshman"), "{screen}");
    assert!(screen.contains("▶Python"), "{screen}");

    h.press(KeyCode::Enter);
    assert!(!h.app.detail_open());
    assert_eq!(h.app.viewport(), closed_viewport);
    assert!(!h.screen().contains("Tarea 1 · Freshman"));
}

#[test]
fn the_detail_pane_follows_the_cursor_and_keeps_it_visible() {
    let mut h = Harness::new(80, 24);
    h.press(KeyCode::Enter);
    h.press(KeyCode::End);
    h.assert_cursor_on_visible_task_row();
    let screen = h.screen();
    assert!(screen.contains("Tarea 105 · Architect"), "{screen}");
    assert!(screen.contains("▶105"), "{screen}");

    h.press(KeyCode::Right);
    h.send(char_key(' '));
    let screen = h.screen();
    assert!(screen.contains("▶Node   ✔ hecha  2026-11-24"), "{screen}");
}

#[test]
fn enter_shows_and_hides_the_detail_pane_at_every_width() {
    for (w, h_) in [
        (60, 15),
        (80, 24),
        (119, 40),
        (120, 40),
        (160, 50),
        (200, 60),
    ] {
        let mut h = Harness::new(w, h_);
        let open = h.app.detail_open();
        assert_eq!(h.screen().contains("Tarea 1 · Freshman"), open, "{w}×{h_}");
        h.press(KeyCode::Enter);
        assert_eq!(h.app.detail_open(), !open, "{w}×{h_}");
        assert_eq!(
            h.screen().contains("Tarea 1 · Freshman"),
            !open,
            "{w}×{h_}: Enter toggles the pane"
        );
    }
}

/// The width the grid gives task text: the first task row's text column, up to the first
/// language column.
fn text_columns(h: &Harness) -> usize {
    let screen = h.screen();
    let header = screen
        .lines()
        .find(|l| l.contains("│#"))
        .expect("header row");
    let start = header.find("Tarea").expect("Tarea");
    let first_track = header
        .find(['P', 'p'])
        .filter(|&i| i > start)
        .expect("track column");
    header[start..first_track].chars().count()
}

#[test]
fn the_detail_pane_docks_beside_the_grid_only_where_the_task_text_keeps_its_room() {
    for (w, h_) in [(120, 40), (150, 40), (159, 40), (200, 60)] {
        let h = Harness::new(w, h_);
        assert!(h.app.detail_open());
        let screen = h.screen();
        assert!(screen.contains("Tarea 1 · Freshman"), "{w}×{h_}\n{screen}");
        assert!(
            text_columns(&h) >= 55,
            "{w}×{h_}: the task text keeps {} columns\n{screen}",
            text_columns(&h)
        );
        // Side by side, the pane's title shares the grid's top border row.
        let beside = screen
            .lines()
            .nth(1)
            .is_some_and(|l| l.contains("Tarea 1 · Freshman"));
        assert_eq!(beside, w >= 159, "{w}×{h_}\n{screen}");
    }
}

#[test]
fn keys_do_nothing_but_quit_while_the_terminal_is_too_small() {
    let mut h = Harness::new(50, 10);
    assert_eq!(h.press(KeyCode::Char(' ')), Effect::None);
    h.press(KeyCode::Down);
    h.press(KeyCode::Char('o'));
    assert_eq!(h.app.stats().total_done(), 0, "nothing checked unseen");
    assert_eq!(h.task_id(), 1);
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert!(h.screen().contains("60×12"));
    assert_eq!(h.press(KeyCode::Char('q')), Effect::Quit);
    // Back at a usable size, the keys work again.
    h.resize(80, 24);
    assert_eq!(h.press(KeyCode::Char(' ')), Effect::Save);
}

// --- changes from another writer -------------------------------------------------------------

/// What the loop hands the app when another writer changed the file: the merged progress.
fn from_disk(h: &mut Harness, progress: roadmap_tui::model::Progress, cells: &[(&str, &str)]) {
    let cells = cells
        .iter()
        .map(|(t, k)| (t.to_string(), k.to_string()))
        .collect();
    h.app.update(
        roadmap_tui::app::Fact::FromDisk {
            progress: Box::new(progress),
            cells,
        },
        common::NOW,
    );
}

#[test]
fn a_change_from_disk_shows_keeps_the_cursor_and_the_open_editor_and_says_so() {
    let mut h = Harness::new(80, 24);
    h.press_n(KeyCode::Down, 3);
    h.send(char_key('e'));
    for c in "draft".chars() {
        h.send(char_key(c));
    }
    let mut other = h.app.progress().clone();
    other.set_status(2, "go", Status::Done, "2026-11-24T11:00:00Z");
    other.set_status(9, "java", Status::Done, "2026-11-24T11:00:00Z");
    from_disk(&mut h, other, &[("2", "go"), ("9", "java")]);

    assert_eq!(h.task_id(), 4);
    assert!(matches!(h.app.mode(), Mode::EditNote { .. }));
    let screen = h.screen();
    assert!(
        screen.contains("draft"),
        "the editor lost its text:\n{screen}"
    );
    assert!(screen.contains("2/630"), "{screen}");
    h.send(ctrl('s'));
    assert_eq!(h.app.progress().note(4, "python"), Some("draft"));
    assert_eq!(h.app.progress().status(2, "go"), Status::Done);
}

#[test]
fn the_bottom_line_counts_the_cells_that_came_from_disk() {
    let mut h = Harness::new(80, 24);
    h.send(char_key('L')); // English
    let mut other = h.app.progress().clone();
    other.set_status(2, "go", Status::Done, "2026-11-24T11:00:00Z");
    other.set_status(3, "go", Status::Done, "2026-11-24T11:00:00Z");
    other.set_status(4, "go", Status::Done, "2026-11-24T11:00:00Z");
    from_disk(&mut h, other, &[("2", "go"), ("3", "go"), ("4", "go")]);
    let screen = h.screen();
    assert!(screen.contains("3 cells updated from disk"), "{screen}");
}

#[test]
fn undo_never_reverts_what_another_writer_changed() {
    let mut h = Harness::new(80, 24);
    h.send(char_key(' ')); // 1 × Python done, by us
    h.press(KeyCode::Down);
    h.send(char_key(' ')); // 2 × Python done, by us
    // Another writer unchecks 2 × Python and writes a note on it.
    let mut other = h.app.progress().clone();
    other.set_status(2, "python", Status::Todo, "2026-11-24T11:00:00Z");
    other.set_note(2, "python", "redo with FastAPI", "2026-11-24T11:00:00Z");
    from_disk(&mut h, other, &[("2", "python")]);

    // Undo skips the step on the cell they changed and undoes our step before it.
    assert_eq!(h.send(char_key('u')), Effect::Save);
    assert_eq!(h.app.progress().status(1, "python"), Status::Todo);
    assert_eq!(h.app.progress().status(2, "python"), Status::Todo);
    assert_eq!(
        h.app.progress().note(2, "python"),
        Some("redo with FastAPI")
    );
    assert_eq!(h.send(char_key('u')), Effect::None, "nothing else to undo");
    assert_eq!(
        h.app.progress().note(2, "python"),
        Some("redo with FastAPI")
    );
    // The bottom line says why there is nothing left: a step was dropped, not lost.
    assert!(
        bottom_line(&h)
            .contains("Nada que deshacer: se descartó 1 paso, otro programa cambió su celda"),
        "{}",
        h.screen()
    );
    h.send(char_key('L'));
    h.send(char_key('u'));
    assert!(
        bottom_line(&h)
            .contains("Nothing to undo: 1 step dropped, as another writer changed its cell"),
        "{}",
        h.screen()
    );
    // Where nothing was dropped, nothing more is said.
    let mut h = Harness::new(80, 24);
    h.send(char_key('u'));
    assert_eq!(
        bottom_line(&h).trim(),
        "Nada que deshacer",
        "{}",
        h.screen()
    );
}

#[test]
fn an_undo_is_a_new_change_that_a_merge_sees_as_the_newest() {
    let mut h = Harness::new(80, 24);
    h.send(char_key(' '));
    h.send_at(char_key('u'), "2026-11-24T12:00:00Z");
    let cell = h.app.progress().cell(1, "python").expect("a stamped todo");
    assert_eq!(cell.status, Status::Todo);
    assert_eq!(cell.changed_at.as_deref(), Some("2026-11-24T12:00:00Z"));
}

#[test]
fn a_language_hidden_on_another_machine_leaves_the_grid_and_the_cursor_stays_on_its_language() {
    let mut h = Harness::new(120, 40);
    h.press_n(KeyCode::Right, 2); // Go
    assert_eq!(h.app.cursor_track_id(), "go");
    let mut other = h.app.progress().clone();
    let mut settings = serde_json::to_value(&other.settings).unwrap();
    settings["tracks"] = serde_json::json!({"node": {"hidden": true}, "rust": {"name": "Rust"}});
    other.settings = serde_json::from_value(settings).unwrap();
    from_disk(&mut h, other, &[]);

    let ids: Vec<&str> = h
        .app
        .roadmap()
        .tracks
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    assert!(!ids.contains(&"node") && ids.contains(&"rust"), "{ids:?}");
    assert_eq!(h.app.cursor_track_id(), "go");
    let screen = h.screen();
    assert!(
        screen.contains("Rust") && !screen.contains("Node"),
        "{screen}"
    );
}

#[test]
fn ctrl_z_suspends_from_every_screen_and_changes_nothing() {
    for opener in ["", "e", "/", "?", "o", "T"] {
        let mut h = Harness::new(80, 24);
        h.type_keys(opener);
        let mode = format!("{:?}", h.app.mode());
        assert_eq!(h.send(ctrl('z')), Effect::Suspend, "after {opener:?}");
        assert_eq!(format!("{:?}", h.app.mode()), mode, "after {opener:?}");
    }
    // Even on a screen too small to use.
    let mut h = Harness::new(20, 5);
    assert_eq!(h.send(ctrl('z')), Effect::Suspend);
}

/// The bottom line of a drawn screen.
fn bottom_line(h: &Harness) -> String {
    h.screen().lines().last().unwrap_or_default().to_owned()
}

#[test]
fn a_failed_save_is_shown_until_a_save_succeeds_and_every_change_retries() {
    let mut h = Harness::new(80, 24);
    h.app.update(Fact::Lang(Lang::En), common::NOW);
    assert_eq!(h.send(key(KeyCode::Char(' '))), Effect::Save);
    let why = "could not save /data/progress.json: Read-only file system (os error 30)";
    assert_eq!(common::save_fails(&mut h.app, why), Effect::None);
    assert!(
        bottom_line(&h).contains("could not save /data/progress.json"),
        "the error is not in the bottom line:\n{}",
        h.screen()
    );
    // Nothing is lost from memory, and the next change asks for a save again. The message
    // goes with the next key; the title keeps saying the changes are not saved.
    assert_eq!(h.app.progress().status(1, "python"), Status::Done);
    assert_eq!(h.send(key(KeyCode::Right)), Effect::None);
    let title = || h.screen().lines().next().unwrap_or_default().to_owned();
    assert!(
        title().contains("not saved"),
        "moving cleared it:\n{}",
        h.screen()
    );
    assert_eq!(h.send(char_key('i')), Effect::Save);
    assert!(
        h.screen()
            .lines()
            .next()
            .unwrap_or_default()
            .contains("not saved"),
        "a change cleared it:\n{}",
        h.screen()
    );
    // A failure again keeps it; a success clears it.
    common::save_fails(&mut h.app, why);
    h.app
        .update(Fact::SaveStatus(SaveStatus::Saved), common::NOW);
    assert!(
        !h.screen().contains("could not save") && !h.screen().contains("not saved"),
        "the error outlived a save:\n{}",
        h.screen()
    );
    assert_eq!(h.app.progress().status(1, "python"), Status::Done);
    assert_eq!(h.app.progress().status(1, "node"), Status::InProgress);
}

#[test]
fn a_save_does_not_clear_a_message_that_is_not_an_error() {
    let mut h = Harness::new(120, 40);
    h.app.update(
        Fact::ConflictCopies(vec!["progress.sync-conflict-1.json".into()]),
        common::NOW,
    );
    h.app
        .update(Fact::SaveStatus(SaveStatus::Saved), common::NOW);
    assert!(
        flat_screen(&h).contains("merge --from progress.sync-conflict-1.json"),
        "{}",
        h.screen()
    );
}

fn flat_screen(h: &Harness) -> String {
    h.screen().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn jumping_to_a_level_puts_its_header_at_the_top() {
    for (w, h_) in [(60, 15), (80, 24), (120, 40)] {
        let mut h = Harness::new(w, h_);
        for (key, level) in [
            (char_key('3'), "Junior"),
            (key(KeyCode::Tab), "Senior"),
            (char_key('2'), "Sophomore"),
            (back_tab(), "Freshman"),
        ] {
            h.send(key);
            let screen = h.screen();
            let first_row = screen.lines().nth(3).unwrap_or("");
            assert!(
                first_row.contains(level),
                "{w}×{h_}: {level} is the first row\n{screen}"
            );
        }
    }
}

#[test]
fn the_hint_bar_keeps_the_main_keys_at_80_columns() {
    for lang in [Lang::En, Lang::Es] {
        let mut h = Harness::new(80, 24);
        h.app.update(Fact::Lang(lang), common::NOW);
        let screen = h.screen();
        let hints = screen.lines().last().unwrap_or("").to_owned();
        for key in [" Space ", " i ", " u ", " Enter ", " o ", " ? ", " q "] {
            assert!(hints.contains(key), "{lang:?}: {key:?} in {hints:?}");
        }
    }
}

#[test]
fn the_help_explains_the_symbols_and_names_the_data_file() {
    let mut h = Harness::new(80, 24);
    h.app.update(
        Fact::DataFile {
            path: "/somewhere/progress.json".into(),
            exists: true,
        },
        common::NOW,
    );
    h.app.update(Fact::Lang(Lang::En), common::NOW);
    h.send(char_key('?'));
    let screen = h.screen();
    for text in ["✔ done", "◐ in progress", "· todo", "* has a note"] {
        assert!(screen.contains(text), "{text}\n{screen}");
    }
    assert!(
        screen.contains("Progress file: /somewhere/progress.json"),
        "{screen}"
    );
}

#[test]
fn quitting_while_saves_fail_asks_and_offers_retry_copy_or_quit() {
    let mut h = Harness::new(80, 24);
    h.app.update(
        Fact::DataFile {
            path: "/nowhere/progress.json".into(),
            exists: true,
        },
        common::NOW,
    );
    assert_eq!(h.send(char_key(' ')), Effect::Save);
    common::save_fails(&mut h.app, "cannot write /nowhere");
    assert!(h.screen().contains("⚠ sin guardar"), "{}", h.screen());

    assert_eq!(h.send(char_key('q')), Effect::None, "q asks first");
    assert_eq!(*h.app.mode(), Mode::Unsaved);
    let screen = h.screen();
    for text in [
        "Cambios sin guardar",
        "/nowhere/progress.json",
        "r ",
        "s ",
        "q ",
    ] {
        assert!(screen.contains(text), "{text}\n{screen}");
    }
    // Esc goes back to work; Ctrl-C asks the same way.
    h.press(KeyCode::Esc);
    assert_eq!(*h.app.mode(), Mode::Grid);
    assert_eq!(h.send(ctrl('c')), Effect::None);
    assert_eq!(*h.app.mode(), Mode::Unsaved);

    // Retry: a save that works finishes the quit; one that fails stays in the prompt.
    assert_eq!(h.send(char_key('r')), Effect::Save);
    assert_eq!(
        common::save_fails(&mut h.app, "still failing"),
        Effect::None
    );
    assert_eq!(*h.app.mode(), Mode::Unsaved);
    assert!(h.screen().contains("still failing"));

    // Save elsewhere: a path field, Enter asks the loop to write the copy. The suggestion is
    // selected: what is typed replaces it.
    h.send(char_key('s'));
    assert!(matches!(h.app.mode(), Mode::SaveAs { .. }));
    h.type_keys("/tmp/copy.json");
    assert_eq!(
        h.press(KeyCode::Enter),
        Effect::SaveAs("/tmp/copy.json".into())
    );
    assert_eq!(
        h.app.update(Fact::SaveAsFailed("no room".into()), ""),
        Effect::None
    );
    assert!(h.screen().contains("no room"));
    // The next key clears the message; Enter tries again.
    assert_eq!(
        h.press(KeyCode::Enter),
        Effect::SaveAs("/tmp/copy.json".into())
    );
    assert!(!h.screen().contains("no room"));
    assert_eq!(
        h.app.update(Fact::SavedAs("/tmp/copy.json".into()), ""),
        Effect::Quit,
        "a copy that is written finishes the quit"
    );

    // Quit anyway.
    let mut h = Harness::new(80, 24);
    h.send(char_key(' '));
    common::save_fails(&mut h.app, "x");
    h.send(char_key('q'));
    assert_eq!(h.send(char_key('q')), Effect::Quit, "q in the prompt quits");
    let mut h = Harness::new(80, 24);
    h.send(char_key(' '));
    common::save_fails(&mut h.app, "x");
    h.send(ctrl('c'));
    assert_eq!(h.send(ctrl('c')), Effect::Quit, "a second Ctrl-C quits");
}

/// The text of the save-a-copy field.
fn save_as_text(h: &Harness) -> String {
    match h.app.mode() {
        Mode::SaveAs { field } => field.text(),
        other => panic!("not in the save-a-copy field: {other:?}"),
    }
}

#[test]
fn the_save_a_copy_field_replaces_what_it_shows_and_refuses_a_folder() {
    let mut h = Harness::new(80, 24);
    h.app.update(Fact::Lang(Lang::En), common::NOW);
    h.app.update(
        Fact::DataFile {
            path: "/nowhere/progress.json".into(),
            exists: true,
        },
        common::NOW,
    );
    h.send(char_key(' '));
    common::save_fails(&mut h.app, "cannot write /nowhere");
    h.send(char_key('q'));
    h.send(char_key('s'));
    let suggestion = save_as_text(&h);
    assert!(suggestion.ends_with("progress.json"), "{suggestion}");
    assert!(
        h.screen().contains(&suggestion),
        "the suggestion is shown:\n{}",
        h.screen()
    );
    // The arrows keep the suggestion to edit it.
    h.press(KeyCode::End);
    h.type_keys(".bak");
    assert_eq!(save_as_text(&h), format!("{suggestion}.bak"));
    // Ctrl-U clears it; a path ending in a separator names a folder and is refused.
    h.send(ctrl('u'));
    assert_eq!(save_as_text(&h), "");
    h.type_keys("/tmp/copy.json/");
    assert_eq!(h.press(KeyCode::Enter), Effect::None, "no copy is written");
    let screen = h.screen();
    assert!(
        flat_screen(&h).contains(
            "/tmp/copy.json/ is a folder: add a file name, e.g. /tmp/copy.json/progress.json"
        ),
        "{screen}"
    );
    assert_eq!(
        save_as_text(&h),
        "/tmp/copy.json/",
        "the field stays to fix"
    );
    // After a copy that failed, the path stays, selected: typing replaces it.
    h.press(KeyCode::Backspace);
    assert_eq!(
        h.press(KeyCode::Enter),
        Effect::SaveAs("/tmp/copy.json".into())
    );
    h.app
        .update(Fact::SaveAsFailed("no room on /tmp".into()), common::NOW);
    assert!(h.screen().contains("no room on /tmp"), "{}", h.screen());
    h.type_keys("/media/usb/copy.json");
    assert_eq!(save_as_text(&h), "/media/usb/copy.json");
    // In Spanish too.
    h.send(ctrl('u'));
    h.app.update(Fact::Lang(Lang::Es), common::NOW);
    h.type_keys("copias/");
    h.press(KeyCode::Enter);
    assert!(
        flat_screen(&h).contains("copias/ es una carpeta"),
        "{}",
        h.screen()
    );
}

#[test]
fn a_retry_that_works_quits() {
    let mut h = Harness::new(80, 24);
    h.send(char_key(' '));
    common::save_fails(&mut h.app, "x");
    h.send(char_key('q'));
    assert_eq!(h.send(char_key('r')), Effect::Save);
    assert_eq!(
        h.app.update(Fact::SaveStatus(SaveStatus::Saved), ""),
        Effect::Quit
    );
    // Once saves work again, q quits at once.
    let mut h = Harness::new(80, 24);
    h.send(char_key(' '));
    common::save_fails(&mut h.app, "x");
    h.app.update(Fact::SaveStatus(SaveStatus::Saved), "");
    assert_eq!(h.send(char_key('q')), Effect::Quit);
}

/// A harness at `width` × 24 on a first run in `lang`, with no file yet at `path`.
fn first_run(width: u16, lang: Lang, path: &str) -> Harness {
    let mut h = Harness::new(width, 24);
    h.app.update(Fact::Lang(lang), common::NOW);
    h.app.update(
        Fact::DataFile {
            path: path.into(),
            exists: false,
        },
        common::NOW,
    );
    h
}

#[test]
fn a_first_run_says_where_the_progress_will_be_saved_and_how_to_begin_at_every_width() {
    let path = "/home/learner/.local/share/roadmap-tui/progress.json";
    for width in [60, 80, 120, 200] {
        for (lang, keys) in [
            (Lang::En, "Space check · ? help"),
            (Lang::Es, "Space marcar · ? ayuda"),
        ] {
            let h = first_run(width, lang, path);
            let last = bottom_line(&h);
            let what = format!("{width} columns, {lang:?}: {last:?}");
            assert!(
                last.ends_with(keys),
                "the keys to begin with, whole: {what}"
            );
            assert!(last.contains("/progress.json"), "the file's name: {what}");
            let whole = last.contains(path);
            assert!(
                whole || last.contains('…'),
                "the path whole or shortened in its middle: {what}"
            );
            assert_eq!(whole, width >= 120, "{what}");
            assert!(
                h.app.message().is_none(),
                "not a message that a save clears"
            );
        }
    }
    // The keys are those the keymap binds.
    let mut keymap = roadmap_tui::keymap::Keymap::default();
    keymap
        .set_keys(
            roadmap_tui::keymap::Scope::Grid,
            "toggle_done",
            vec!["x".parse().unwrap()],
        )
        .unwrap();
    let h = first_run(80, Lang::En, "/tmp/typo/progress.json");
    let screen = common::buffer_text(&common::draw_with(
        &h.app,
        80,
        24,
        &roadmap_tui::ui::theme::DARK,
        &keymap,
    ));
    let last = screen.lines().last().unwrap_or("");
    assert!(
        last.contains("/tmp/typo/progress.json · x check · ? help"),
        "{last:?}"
    );
    // Gone with the next key.
    let mut h = first_run(80, Lang::En, "/tmp/typo/progress.json");
    h.press(KeyCode::Down);
    assert!(!bottom_line(&h).contains("typo"), "{}", h.screen());
    // An existing file is not news.
    let mut h = Harness::new(80, 24);
    h.app.update(
        Fact::DataFile {
            path: "/tmp/progress.json".into(),
            exists: true,
        },
        common::NOW,
    );
    assert!(!bottom_line(&h).contains("progress.json"), "{}", h.screen());
    assert_eq!(
        h.app.data_path(),
        Some(std::path::Path::new("/tmp/progress.json"))
    );
}

#[test]
fn a_position_given_back_restores_cursor_filter_and_screen_and_skips_what_is_gone() {
    use roadmap_tui::app::{Filter, Position};
    let mut h = Harness::new(80, 24);
    h.press_n(KeyCode::Down, 4);
    h.press_n(KeyCode::Right, 2);
    h.send(char_key('f'));
    h.send(char_key('o'));
    let position = h.app.position();
    assert_eq!(position.task, Some(5));
    assert_eq!(position.track.as_deref(), Some("go"));
    assert_eq!(position.screen.as_deref(), Some("overview"));

    let mut next = Harness::new(80, 24);
    next.app.update(Fact::Resume(position.clone()), common::NOW);
    assert_eq!(next.app.position(), position);
    assert_eq!(next.app.filter(), Filter::NotDone(2));

    // A task the roadmap no longer has and a language it does not show: the first task stays.
    let mut gone = Harness::new(80, 24);
    gone.app.update(
        Fact::Resume(Position {
            task: Some(9999),
            track: Some("cobol".into()),
            filter: Some("gap".into()),
            filter_track: Some("cobol".into()),
            screen: None,
        }),
        common::NOW,
    );
    assert_eq!(gone.at(), (1, 0));
    assert_eq!(gone.app.filter(), Filter::All);
    assert_eq!(*gone.app.mode(), Mode::Grid);
}

#[test]
fn the_title_says_saving_from_a_change_until_its_save_is_on_disk() {
    for (width, lang, word) in [(60, Lang::En, "saving…"), (120, Lang::Es, "guardando…")] {
        let mut h = Harness::new(width, 24);
        h.app.update(Fact::Lang(lang), common::NOW);
        let title = |h: &Harness| h.screen().lines().next().unwrap_or_default().to_owned();
        assert!(
            !title(&h).contains(word),
            "before any change:\n{}",
            h.screen()
        );
        assert_eq!(h.send(key(KeyCode::Char(' '))), Effect::Save);
        // The loop tells the app a save of the change has started.
        h.app
            .update(Fact::SaveStatus(SaveStatus::Saving), common::NOW);
        let during = title(&h);
        assert!(
            during.contains(word),
            "no word of the save under way:\n{during}"
        );
        let count = format!(
            "{}/{}",
            h.app.stats().total_done(),
            h.app.stats().total_cells()
        );
        assert!(
            during.contains(&count),
            "the count must show beside it:\n{during}"
        );
        h.app
            .update(Fact::SaveStatus(SaveStatus::Saved), common::NOW);
        assert!(!title(&h).contains(word), "the save ended:\n{}", h.screen());
        // A failed save says so instead.
        h.send(key(KeyCode::Char(' ')));
        h.app
            .update(Fact::SaveStatus(SaveStatus::Saving), common::NOW);
        common::save_fails(&mut h.app, "disk full");
        assert!(!title(&h).contains(word), "{}", h.screen());
    }
}
