//! The themes as the user sees them: the same screen drawn dark, light, with a user's colours
//! and with NO_COLOR, snapshotted with its styles (colour and bold / reverse), not just its text.

mod common;

use common::{Harness, draw_with};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier, Style};
use roadmap_tui::app::Fact;
use roadmap_tui::config;
use roadmap_tui::keymap::Keymap;
use roadmap_tui::ui::theme::{self, Base, Theme};

/// A grid with a done cell, a cell in progress, a note, and a search match.
fn screen() -> Harness {
    let mut h = Harness::new(80, 24);
    h.type_keys("/local");
    h.press(KeyCode::Enter);
    h.type_keys(" ");
    h.press(KeyCode::Right);
    h.type_keys("i");
    h.press(KeyCode::Down);
    h.type_keys(" ");
    h
}

fn style_name(s: Style) -> String {
    let color = |c: Option<Color>| match c {
        None | Some(Color::Reset) => "-".to_owned(),
        Some(c) => format!("{c:?}"),
    };
    let mods = s.add_modifier;
    let mut m = String::new();
    for (flag, ch) in [
        (Modifier::BOLD, 'b'),
        (Modifier::REVERSED, 'r'),
        (Modifier::UNDERLINED, 'u'),
    ] {
        if mods.contains(flag) {
            m.push(ch);
        }
    }
    format!("{}/{}/{m}", color(s.fg), color(s.bg))
}

/// Rows `ys` of the buffer as runs of text with their style: `«text» fg/bg/mods`.
fn styled(buffer: &Buffer, ys: &[u16]) -> String {
    let mut out = String::new();
    for &y in ys {
        let mut runs: Vec<(String, String)> = Vec::new();
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            let name = style_name(cell.style());
            match runs.last_mut() {
                Some((text, s)) if *s == name => text.push_str(cell.symbol()),
                _ => runs.push((cell.symbol().to_owned(), name)),
            }
        }
        out.push_str(&format!("row {y}:\n"));
        for (text, s) in runs {
            if text.trim().is_empty() && !s.contains('r') && s.contains("/-/") {
                continue;
            }
            out.push_str(&format!("  «{}» {s}\n", text.trim_end()));
        }
    }
    out
}

/// The title, the header row, the level row, the two first task rows and the hint bar.
const ROWS: [u16; 6] = [0, 2, 3, 4, 5, 23];

fn render(h: &Harness, theme: &Theme) -> Buffer {
    draw_with(&h.app, h.width, h.height, theme, &Keymap::default())
}

#[test]
fn dark_theme_styles() {
    let h = screen();
    insta::assert_snapshot!("dark", styled(&render(&h, &theme::DARK), &ROWS));
}

#[test]
fn light_theme_styles() {
    let h = screen();
    let buffer = render(&h, &theme::LIGHT);
    // No yellow or cyan text, which fades into a white background.
    for cell in &buffer.content {
        assert!(
            !matches!(cell.fg, Color::Yellow | Color::Cyan | Color::LightYellow),
            "{:?} on a light theme at {:?}",
            cell.fg,
            cell.symbol()
        );
    }
    insta::assert_snapshot!("light", styled(&buffer, &ROWS));
}

#[test]
fn no_color_keeps_symbols_and_modifiers_only() {
    let mut h = screen();
    h.app.update(Fact::Color(false), common::NOW);
    let buffer = render(&h, &theme::LIGHT);
    for cell in &buffer.content {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "{:?}",
            cell.symbol()
        );
    }
    let text = styled(&buffer, &ROWS);
    assert!(
        text.contains("« ✔» -/-/br"),
        "the cursor is still reversed:\n{text}"
    );
    insta::assert_snapshot!("no_color", text);
}

#[test]
fn colours_from_the_config_are_drawn() {
    let c = config::parse(
        "[theme]\nbase = \"light\"\ndone = \"#00ff00\"\ncursor = \"white on 24\"\n",
        std::path::Path::new("c.toml"),
    )
    .unwrap();
    assert_eq!(c.base, Base::Light);
    let theme = c.theme(Base::Light);
    let h = screen();
    let buffer = render(&h, &theme);
    let text = styled(&buffer, &ROWS);
    assert!(text.contains("« ✔» Rgb(0, 255, 0)/-/"), "{text}");
    assert!(
        text.contains("« ✔» White/Indexed(24)/b"),
        "cursor cell:\n{text}"
    );
    // Everything else is the light theme's.
    assert!(
        text.contains(&format!("{:?}", theme::LIGHT.in_progress.fg.unwrap())),
        "{text}"
    );
}

#[test]
fn colorfgbg_says_dark_or_light() {
    assert_eq!(theme::base_from_colorfgbg("15;0"), Some(Base::Dark));
    assert_eq!(theme::base_from_colorfgbg("0;15"), Some(Base::Light));
    assert_eq!(theme::base_from_colorfgbg("0;default;7"), Some(Base::Light));
    assert_eq!(theme::base_from_colorfgbg("12;8"), Some(Base::Dark));
    assert_eq!(theme::base_from_colorfgbg("default"), None);
    assert_eq!(theme::base_from_colorfgbg(""), None);
}
