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
    // A skipped cell beside it; the cursor back on the done cell.
    h.press(KeyCode::Right);
    h.type_keys("s");
    h.press(KeyCode::Left);
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
    let theme = c.theme(Base::Light, false);
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

/// An xterm 256-colour index as the RGB it stands for, for the fixed colours 16–255 (the first
/// 16 are the terminal theme's own, whatever it chose).
fn xterm_rgb(n: u8) -> Option<[u8; 3]> {
    match n {
        16..=231 => {
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            let i = n - 16;
            Some([level(i / 36), level(i / 6 % 6), level(i % 6)])
        }
        232..=255 => {
            let v = 8 + 10 * (n - 232);
            Some([v, v, v])
        }
        _ => None,
    }
}

fn rgb_of(c: Color) -> Option<[u8; 3]> {
    match c {
        Color::Indexed(n) => xterm_rgb(n),
        Color::Rgb(r, g, b) => Some([r, g, b]),
        _ => None,
    }
}

fn linear(c: [u8; 3]) -> [f64; 3] {
    c.map(|v| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    })
}

fn luminance(c: [u8; 3]) -> f64 {
    let [r, g, b] = linear(c);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// Every (foreground, background) pair of colours the screen draws text in, `None` where the
/// terminal's own colour is used.
fn colour_pairs(buffer: &Buffer) -> Vec<(Option<Color>, Option<Color>, String)> {
    let own = |c: Color| (c != Color::Reset).then_some(c);
    let mut pairs = Vec::new();
    for cell in &buffer.content {
        if cell.symbol().trim().is_empty() {
            continue;
        }
        let (mut fg, mut bg) = (own(cell.fg), own(cell.bg));
        if cell.modifier.contains(Modifier::REVERSED) {
            std::mem::swap(&mut fg, &mut bg);
        }
        let pair = (fg, bg, cell.symbol().to_owned());
        if !pairs.iter().any(|(f, b, _)| (*f, *b) == (pair.0, pair.1)) {
            pairs.push(pair);
        }
    }
    pairs
}

/// The screens of a theme that the tests below look at: the grid (a done cell, one in progress,
/// a note, a search match), the help and the overview.
fn screens(theme: &Theme) -> Vec<Buffer> {
    let mut h = screen();
    let grid = render(&h, theme);
    h.type_keys("?");
    let help = render(&h, theme);
    h.press(KeyCode::Esc);
    h.type_keys("o");
    let overview = render(&h, theme);
    vec![grid, help, overview]
}

#[test]
fn high_contrast_theme_styles() {
    for (light, theme, background) in [
        (false, theme::HIGH_CONTRAST_DARK, [0, 0, 0]),
        (true, theme::HIGH_CONTRAST_LIGHT, [255, 255, 255]),
    ] {
        assert_eq!(Theme::base(Base::HighContrast, light), theme);
        for buffer in screens(&theme) {
            for (fg, bg, symbol) in colour_pairs(&buffer) {
                // Only fixed colours, whose contrast does not depend on the terminal's theme.
                for c in [fg, bg].into_iter().flatten() {
                    assert!(
                        rgb_of(c).is_some(),
                        "{c:?} at {symbol:?} is the terminal's own"
                    );
                }
                let fg = fg.and_then(rgb_of);
                let bg = bg.and_then(rgb_of).unwrap_or(background);
                if let Some(fg) = fg {
                    let ratio = contrast(fg, bg);
                    assert!(
                        ratio >= 7.0,
                        "light={light}: {symbol:?} in {fg:?} on {bg:?} is {ratio:.1}:1"
                    );
                }
            }
        }
        let h = screen();
        let name = if light {
            "high_contrast_light"
        } else {
            "high_contrast_dark"
        };
        insta::assert_snapshot!(name, styled(&render(&h, &theme), &ROWS));
    }
}

/// How a colour looks with protanopia, deuteranopia and tritanopia (Viénot, Brettel and Mollon
/// 1999 for the first two, Brettel 1997's single-plane approximation for the third, in linear
/// RGB).
fn as_seen(c: [u8; 3]) -> [[f64; 3]; 4] {
    let [r, g, b] = linear(c);
    let apply = |m: [[f64; 3]; 3]| {
        [0, 1, 2].map(|i| (m[i][0] * r + m[i][1] * g + m[i][2] * b).clamp(0.0, 1.0))
    };
    [
        [r, g, b],
        apply([
            [0.11238, 0.88762, 0.0],
            [0.11238, 0.88762, 0.0],
            [0.00401, -0.00401, 1.0],
        ]),
        apply([
            [0.29275, 0.70725, 0.0],
            [0.29275, 0.70725, 0.0],
            [-0.02234, 0.02234, 1.0],
        ]),
        apply([
            [1.0, 0.14461, -0.14461],
            [0.0, 0.85924, 0.14076],
            [0.0, 0.85924, 0.14076],
        ]),
    ]
}

/// The distance between two linear-RGB colours, 0 to about 1.7.
fn distance(a: [f64; 3], b: [f64; 3]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).powi(2))
        .sum::<f64>()
        .sqrt()
}

#[test]
fn colorblind_theme_styles() {
    for (light, theme) in [
        (false, theme::COLOR_BLIND_DARK),
        (true, theme::COLOR_BLIND_LIGHT),
    ] {
        assert_eq!(Theme::base(Base::ColorBlind, light), theme);
        // Done and in progress, and each of them and todo, stay apart for every eye; the dark
        // theme's green and yellow do not for a deuteranope.
        let rgb = |s: Style| s.fg.and_then(rgb_of).expect("a fixed colour");
        let roles = [
            ("done", rgb(theme.done)),
            ("in progress", rgb(theme.in_progress)),
            ("todo", rgb(theme.todo)),
        ];
        // Skipped cells stay apart from the three too, if less far: on a light background no
        // fourth colour without red or green reaches 0.25 from blue, orange and grey for every
        // eye, and the symbol ⊘ tells a skipped cell apart without colour anyway.
        let skip = rgb(theme.skip);
        for (name, c) in &roles {
            for (eye, (sa, sb)) in ["normal", "protan", "deutan", "tritan"]
                .iter()
                .zip(as_seen(skip).into_iter().zip(as_seen(*c)))
            {
                let d = distance(sa, sb);
                assert!(
                    d > 0.2,
                    "light={light}: skip and {name} for a {eye} eye: {d:.2}"
                );
            }
        }
        for (i, (a, ca)) in roles.iter().enumerate() {
            for (b, cb) in &roles[i + 1..] {
                for (eye, (sa, sb)) in ["normal", "protan", "deutan", "tritan"]
                    .iter()
                    .zip(as_seen(*ca).into_iter().zip(as_seen(*cb)))
                {
                    let d = distance(sa, sb);
                    assert!(
                        d > 0.25,
                        "light={light}: {a} and {b} for a {eye} eye: {d:.2}"
                    );
                }
            }
        }
        // No text in red or green anywhere.
        for buffer in screens(&theme) {
            for (fg, _, symbol) in colour_pairs(&buffer) {
                let Some(c) = fg else { continue };
                let [r, g, b] = rgb_of(c).unwrap_or_else(|| panic!("{c:?} is the terminal's own"));
                let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
                let green = g > r + 40 && g > b + 40;
                let red = r > g + 80 && r > b + 80 && g < 100;
                assert!(!green && !red, "light={light}: {symbol:?} in {c:?}");
            }
        }
        let h = screen();
        let name = if light {
            "colorblind_light"
        } else {
            "colorblind_dark"
        };
        insta::assert_snapshot!(name, styled(&render(&h, &theme), &ROWS));
    }
}

#[test]
fn the_new_bases_are_named_in_the_config() {
    for (name, base) in [
        ("high-contrast", Base::HighContrast),
        ("colorblind", Base::ColorBlind),
    ] {
        let c = config::parse(
            &format!("[theme]\nbase = \"{name}\"\n"),
            std::path::Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.base, base);
    }
    let err = config::parse(
        "[theme]\nbase = \"contrast\"\n",
        std::path::Path::new("c.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("\"high-contrast\"") && err.contains("\"colorblind\""),
        "{err}"
    );
}
