//! Colours and symbols. A `Theme` is a value: one style per role, built-in `DARK` and `LIGHT`,
//! and a user's colours (from the config) set on top. State is always shown by a symbol as well
//! as a colour, so nothing is lost without colour (NO_COLOR) or for colour-blind users.

use std::fmt;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Block;

use crate::model::Status;
use crate::model::text::{ECHO_CHARS, excerpt};

pub const DONE_SYMBOL: &str = "✔";
pub const IN_PROGRESS_SYMBOL: &str = "◐";
pub const TODO_SYMBOL: &str = "·";
/// A cell left out on purpose (see `Status::Skip`).
pub const SKIP_SYMBOL: &str = "⊘";
/// A done cell whose review is due.
pub const REVIEW_SYMBOL: &str = "↻";
/// A done cell whose tests passed when run (`verify`): a box checked by a run, drawn bold in
/// the colour of done, so it keeps done's contrast and is told apart without colour.
pub const VERIFIED_SYMBOL: &str = "☑";
pub const CURSOR_MARK: &str = "▶";
/// Beside a cell's symbol when the cell has a note.
pub const NOTE_MARK: &str = "*";

pub fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Done => DONE_SYMBOL,
        Status::InProgress => IN_PROGRESS_SYMBOL,
        Status::Todo => TODO_SYMBOL,
        Status::Skip => SKIP_SYMBOL,
    }
}

/// Which built-in theme to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Base {
    /// Dark or light, from the terminal's background.
    #[default]
    Auto,
    Dark,
    Light,
    /// Text of the most contrast (7:1 or more, and no grey), for the terminal's background.
    HighContrast,
    /// Blue for done and orange for in progress, told apart with any colour vision, for the
    /// terminal's background.
    ColorBlind,
}

impl Base {
    pub const ALL: [Base; 5] = [
        Base::Auto,
        Base::Dark,
        Base::Light,
        Base::HighContrast,
        Base::ColorBlind,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Base::Auto => "auto",
            Base::Dark => "dark",
            Base::Light => "light",
            Base::HighContrast => "high-contrast",
            Base::ColorBlind => "colorblind",
        }
    }

    pub fn parse(s: &str) -> Option<Base> {
        Base::ALL.into_iter().find(|b| b.name() == s)
    }

    /// Whether the theme has a dark and a light form, picked by the terminal's background.
    pub fn follows_terminal(self) -> bool {
        matches!(self, Base::Auto | Base::HighContrast | Base::ColorBlind)
    }
}

/// What `COLORFGBG` ("15;0", "0;default;15") says of the background: the last field is its
/// colour index, 0–6 and 8 dark, 7 and 9–15 light.
pub fn base_from_colorfgbg(value: &str) -> Option<Base> {
    let bg: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    match bg {
        0..=6 | 8 => Some(Base::Dark),
        7 | 9..=15 => Some(Base::Light),
        _ => None,
    }
}

/// One style per thing the screens colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub done: Style,
    pub in_progress: Style,
    pub todo: Style,
    /// Skipped cells.
    pub skip: Style,
    /// The cell under the cursor.
    pub cursor: Style,
    pub cursor_row: Style,
    /// The cursor's language in the column header.
    pub cursor_header: Style,
    pub header: Style,
    pub level: Style,
    /// Secondary text: dates, footers, empty bars.
    pub dim: Style,
    pub border: Style,
    /// The border of the pane that has the keyboard.
    pub focus_border: Style,
    pub title: Style,
    pub error: Style,
    /// Keys in the hint bar and the help.
    pub key: Style,
    /// Bars and gauges.
    pub bar: Style,
    /// A search match: colour where there is colour, underline and bold everywhere.
    pub matched: Style,
    /// A done fraction under half.
    pub partial: Style,
    /// A done fraction of half or more.
    pub most: Style,
}

const BOLD: Modifier = Modifier::BOLD;
const REVERSED_BOLD: Modifier = Modifier::REVERSED.union(Modifier::BOLD);

pub const DARK: Theme = Theme {
    done: Style::new().fg(Color::Green),
    in_progress: Style::new().fg(Color::Yellow),
    todo: Style::new().fg(Color::DarkGray),
    skip: Style::new().fg(Color::Magenta),
    cursor: Style::new().add_modifier(REVERSED_BOLD),
    cursor_row: Style::new().add_modifier(BOLD),
    cursor_header: Style::new().add_modifier(REVERSED_BOLD),
    header: Style::new().add_modifier(BOLD),
    level: Style::new().fg(Color::Cyan).add_modifier(BOLD),
    dim: Style::new().fg(Color::DarkGray),
    border: Style::new().fg(Color::DarkGray),
    focus_border: Style::new().fg(Color::Cyan),
    title: Style::new().add_modifier(BOLD),
    error: Style::new().fg(Color::Red).add_modifier(BOLD),
    key: Style::new().fg(Color::Cyan).add_modifier(BOLD),
    bar: Style::new().fg(Color::Green),
    matched: Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(BOLD.union(Modifier::UNDERLINED)),
    partial: Style::new().fg(Color::Yellow),
    most: Style::new().fg(Color::Cyan),
};

/// For light backgrounds: yellow and cyan text fade into white, so darker shades of the 256
/// palette take their place, and grey is a step darker.
pub const LIGHT: Theme = Theme {
    done: Style::new().fg(Color::Indexed(28)),
    in_progress: Style::new().fg(Color::Indexed(130)),
    todo: Style::new().fg(Color::Indexed(245)),
    skip: Style::new().fg(Color::Indexed(97)),
    cursor: Style::new().add_modifier(REVERSED_BOLD),
    cursor_row: Style::new().add_modifier(BOLD),
    cursor_header: Style::new().add_modifier(REVERSED_BOLD),
    header: Style::new().add_modifier(BOLD),
    level: Style::new().fg(Color::Indexed(25)).add_modifier(BOLD),
    dim: Style::new().fg(Color::Indexed(243)),
    border: Style::new().fg(Color::Indexed(247)),
    focus_border: Style::new().fg(Color::Indexed(25)),
    title: Style::new().add_modifier(BOLD),
    error: Style::new().fg(Color::Indexed(160)).add_modifier(BOLD),
    key: Style::new().fg(Color::Indexed(25)).add_modifier(BOLD),
    bar: Style::new().fg(Color::Indexed(28)),
    matched: Style::new()
        .fg(Color::Black)
        .bg(Color::Indexed(222))
        .add_modifier(BOLD.union(Modifier::UNDERLINED)),
    partial: Style::new().fg(Color::Indexed(130)),
    most: Style::new().fg(Color::Indexed(31)),
};

/// The xterm 256-colour palette's fixed colours (16–255) are the same in every terminal that
/// has them, unlike the 16 named ones a user's terminal theme may change: the two themes below
/// use only those, so their contrast holds.
const fn xterm(n: u8) -> Color {
    Color::Indexed(n)
}

/// High contrast on a dark background: bright, saturated text, nothing grey (7:1 and more on
/// black).
pub const HIGH_CONTRAST_DARK: Theme = Theme {
    done: Style::new().fg(xterm(46)).add_modifier(BOLD),
    in_progress: Style::new().fg(xterm(226)).add_modifier(BOLD),
    todo: Style::new().fg(xterm(231)),
    skip: Style::new().fg(xterm(213)),
    cursor: Style::new().add_modifier(REVERSED_BOLD),
    cursor_row: Style::new().add_modifier(BOLD.union(Modifier::UNDERLINED)),
    cursor_header: Style::new().add_modifier(REVERSED_BOLD),
    header: Style::new().fg(xterm(231)).add_modifier(BOLD),
    level: Style::new().fg(xterm(51)).add_modifier(BOLD),
    dim: Style::new().fg(xterm(231)),
    border: Style::new().fg(xterm(231)),
    focus_border: Style::new().fg(xterm(51)).add_modifier(BOLD),
    title: Style::new().fg(xterm(231)).add_modifier(BOLD),
    error: Style::new().fg(xterm(210)).add_modifier(BOLD),
    key: Style::new().fg(xterm(51)).add_modifier(BOLD),
    bar: Style::new().fg(xterm(46)),
    matched: Style::new()
        .fg(xterm(16))
        .bg(xterm(226))
        .add_modifier(BOLD.union(Modifier::UNDERLINED)),
    partial: Style::new().fg(xterm(226)),
    most: Style::new().fg(xterm(51)),
};

/// High contrast on a light background: near-black text in deep colours (7:1 and more on
/// white).
pub const HIGH_CONTRAST_LIGHT: Theme = Theme {
    done: Style::new().fg(xterm(22)).add_modifier(BOLD),
    in_progress: Style::new().fg(xterm(88)).add_modifier(BOLD),
    todo: Style::new().fg(xterm(16)),
    skip: Style::new().fg(xterm(90)),
    cursor: Style::new().add_modifier(REVERSED_BOLD),
    cursor_row: Style::new().add_modifier(BOLD.union(Modifier::UNDERLINED)),
    cursor_header: Style::new().add_modifier(REVERSED_BOLD),
    header: Style::new().fg(xterm(16)).add_modifier(BOLD),
    level: Style::new().fg(xterm(18)).add_modifier(BOLD),
    dim: Style::new().fg(xterm(16)),
    border: Style::new().fg(xterm(16)),
    focus_border: Style::new().fg(xterm(18)).add_modifier(BOLD),
    title: Style::new().fg(xterm(16)).add_modifier(BOLD),
    error: Style::new()
        .fg(xterm(88))
        .add_modifier(BOLD.union(Modifier::UNDERLINED)),
    key: Style::new().fg(xterm(18)).add_modifier(BOLD),
    bar: Style::new().fg(xterm(22)),
    matched: Style::new()
        .fg(xterm(231))
        .bg(xterm(18))
        .add_modifier(BOLD.union(Modifier::UNDERLINED)),
    partial: Style::new().fg(xterm(88)),
    most: Style::new().fg(xterm(18)),
};

/// For colour-blind eyes on a dark background: blue and orange (which no common colour
/// blindness confuses) where the dark theme has green and yellow, and no red or green.
pub const COLOR_BLIND_DARK: Theme = Theme {
    done: Style::new().fg(xterm(39)),
    in_progress: Style::new().fg(xterm(214)),
    todo: Style::new().fg(xterm(244)),
    skip: Style::new().fg(xterm(230)),
    cursor: Style::new().add_modifier(REVERSED_BOLD),
    cursor_row: Style::new().add_modifier(BOLD),
    cursor_header: Style::new().add_modifier(REVERSED_BOLD),
    header: Style::new().add_modifier(BOLD),
    level: Style::new().fg(xterm(153)).add_modifier(BOLD),
    dim: Style::new().fg(xterm(246)),
    border: Style::new().fg(xterm(244)),
    focus_border: Style::new().fg(xterm(153)),
    title: Style::new().add_modifier(BOLD),
    error: Style::new()
        .fg(xterm(208))
        .add_modifier(BOLD.union(Modifier::UNDERLINED)),
    key: Style::new().fg(xterm(153)).add_modifier(BOLD),
    bar: Style::new().fg(xterm(39)),
    matched: Style::new()
        .fg(xterm(16))
        .bg(xterm(214))
        .add_modifier(BOLD.union(Modifier::UNDERLINED)),
    partial: Style::new().fg(xterm(214)),
    most: Style::new().fg(xterm(153)),
};

/// For colour-blind eyes on a light background: deep blue and burnt orange.
pub const COLOR_BLIND_LIGHT: Theme = Theme {
    done: Style::new().fg(xterm(25)),
    in_progress: Style::new().fg(xterm(130)),
    todo: Style::new().fg(xterm(245)),
    skip: Style::new().fg(xterm(53)),
    cursor: Style::new().add_modifier(REVERSED_BOLD),
    cursor_row: Style::new().add_modifier(BOLD),
    cursor_header: Style::new().add_modifier(REVERSED_BOLD),
    header: Style::new().add_modifier(BOLD),
    level: Style::new().fg(xterm(54)).add_modifier(BOLD),
    dim: Style::new().fg(xterm(242)),
    border: Style::new().fg(xterm(245)),
    focus_border: Style::new().fg(xterm(25)),
    title: Style::new().add_modifier(BOLD),
    error: Style::new()
        .fg(xterm(130))
        .add_modifier(BOLD.union(Modifier::UNDERLINED)),
    key: Style::new().fg(xterm(54)).add_modifier(BOLD),
    bar: Style::new().fg(xterm(25)),
    matched: Style::new()
        .fg(xterm(16))
        .bg(xterm(222))
        .add_modifier(BOLD.union(Modifier::UNDERLINED)),
    partial: Style::new().fg(xterm(130)),
    most: Style::new().fg(xterm(54)),
};

/// Every role's name in the config and what it colours.
pub const ROLES: &[(&str, &str)] = &[
    ("done", "done cells and counts"),
    ("in_progress", "cells in progress"),
    ("todo", "todo cells"),
    ("skip", "skipped cells"),
    (
        "cursor",
        "the cell under the cursor (reverse video unless a background is set)",
    ),
    ("cursor_row", "the cursor's row"),
    (
        "cursor_header",
        "the cursor's language in the column header",
    ),
    ("header", "column headers and totals"),
    ("level", "level rows and help headings"),
    ("dim", "secondary text: dates, footers, empty bars"),
    ("border", "borders"),
    ("focus_border", "the border of the pane with the keyboard"),
    ("title", "titles"),
    ("error", "errors"),
    ("key", "keys in the hint bar and the help"),
    ("bar", "bars and gauges"),
    ("match", "search matches"),
    ("partial", "counts under half done"),
    ("most", "counts half done or more"),
];

impl Theme {
    /// A bordered panel titled ` title `, as the overview's parts are drawn.
    pub fn panel(&self, title: &str) -> Block<'static> {
        Block::bordered()
            .border_style(self.border)
            .title(Line::styled(format!(" {title} "), self.title))
    }

    /// The built-in theme `base`, in its light form on a `light` terminal where it has one.
    pub fn base(base: Base, light: bool) -> Theme {
        match (base, light) {
            (Base::Light, _) | (Base::Auto, true) => LIGHT,
            (Base::Dark, _) | (Base::Auto, false) => DARK,
            (Base::HighContrast, false) => HIGH_CONTRAST_DARK,
            (Base::HighContrast, true) => HIGH_CONTRAST_LIGHT,
            (Base::ColorBlind, false) => COLOR_BLIND_DARK,
            (Base::ColorBlind, true) => COLOR_BLIND_LIGHT,
        }
    }

    pub fn status(&self, status: Status) -> Style {
        match status {
            Status::Done => self.done,
            Status::InProgress => self.in_progress,
            Status::Todo => self.todo,
            Status::Skip => self.skip,
        }
    }

    /// A done cell whose review is due: the colour of "most" (neither done's nor in
    /// progress's), bold; the symbol ↻ tells it apart without colour.
    pub fn review(&self) -> Style {
        self.most.add_modifier(Modifier::BOLD)
    }

    /// A done cell verified by running its tests: done's colour, bold (the symbol ☑ tells it
    /// apart without colour).
    pub fn verified(&self) -> Style {
        self.done.add_modifier(Modifier::BOLD)
    }

    /// A colour scale for a done fraction: none, some, most, all.
    pub fn ratio(&self, done: usize, total: usize) -> Style {
        if total == 0 || done == 0 {
            self.todo
        } else if done >= total {
            self.done.add_modifier(Modifier::BOLD)
        } else if done * 2 >= total {
            self.most
        } else {
            self.partial
        }
    }

    /// The style of the role named `name` (see `ROLES`).
    pub fn role(&self, name: &str) -> Option<Style> {
        let mut copy = *self;
        copy.role_mut(name).map(|s| *s)
    }

    fn role_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "done" => &mut self.done,
            "in_progress" => &mut self.in_progress,
            "todo" => &mut self.todo,
            "skip" => &mut self.skip,
            "cursor" => &mut self.cursor,
            "cursor_row" => &mut self.cursor_row,
            "cursor_header" => &mut self.cursor_header,
            "header" => &mut self.header,
            "level" => &mut self.level,
            "dim" => &mut self.dim,
            "border" => &mut self.border,
            "focus_border" => &mut self.focus_border,
            "title" => &mut self.title,
            "error" => &mut self.error,
            "key" => &mut self.key,
            "bar" => &mut self.bar,
            "match" => &mut self.matched,
            "partial" => &mut self.partial,
            "most" => &mut self.most,
            _ => return None,
        })
    }

    /// Sets a role's colours, keeping its modifiers; false if there is no such role. A
    /// background takes the place of reverse video.
    pub fn set(&mut self, name: &str, colors: Colors) -> bool {
        let Some(style) = self.role_mut(name) else {
            return false;
        };
        // "default" is the terminal's own colour: no colour at all.
        let own = |c: Color| (c != Color::Reset).then_some(c);
        if let Some(fg) = colors.fg {
            style.fg = own(fg);
        }
        if let Some(bg) = colors.bg {
            style.bg = own(bg);
            style.add_modifier.remove(Modifier::REVERSED);
        }
        true
    }
}

/// A role's colours as the config writes them: "green", "208", "#ff8800", "black on yellow",
/// "on #202020".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Colors {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
}

impl Colors {
    /// A style's colours in the same spelling; "default" for a style with none.
    pub fn of(style: Style) -> Colors {
        Colors {
            fg: style.fg,
            bg: style.bg,
        }
    }
}

const NAMES: &[(&str, Color)] = &[
    ("default", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("darkgray", Color::DarkGray),
    ("lightred", Color::LightRed),
    ("lightgreen", Color::LightGreen),
    ("lightyellow", Color::LightYellow),
    ("lightblue", Color::LightBlue),
    ("lightmagenta", Color::LightMagenta),
    ("lightcyan", Color::LightCyan),
    ("white", Color::White),
];

/// A colour that is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColorError(pub String);

impl fmt::Display for ColorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
        write!(
            f,
            "\"{}\" is not a colour: use a name ({}), a 256-colour index (0–255) or #rrggbb, \
             and \"FG on BG\" for a background",
            excerpt(&self.0, ECHO_CHARS),
            names.join(", ")
        )
    }
}

fn parse_color(s: &str) -> Option<Color> {
    let s = s.trim();
    let lower = s.to_ascii_lowercase().replace(['-', '_', ' '], "");
    let lower = lower.replace("grey", "gray");
    if let Some((_, c)) = NAMES.iter().find(|(n, _)| *n == lower) {
        return Some(*c);
    }
    if let Some(hex) = s.strip_prefix('#') {
        if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            let n = u32::from_str_radix(hex, 16).ok()?;
            return Some(Color::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8));
        }
        return None;
    }
    s.parse::<u8>().ok().map(Color::Indexed)
}

fn color_name(c: Color) -> String {
    match c {
        Color::Indexed(n) => n.to_string(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        c => NAMES
            .iter()
            .find(|(_, n)| *n == c)
            .map_or_else(|| format!("{c}").to_lowercase(), |(n, _)| (*n).to_owned()),
    }
}

impl FromStr for Colors {
    type Err = ColorError;

    fn from_str(s: &str) -> Result<Colors, ColorError> {
        let err = || ColorError(s.to_owned());
        let (fg, bg) = match s.trim().split_once(" on ") {
            Some((fg, bg)) => (Some(fg), Some(bg)),
            None => match s.trim().strip_prefix("on ") {
                Some(bg) => (None, Some(bg)),
                None => (Some(s), None),
            },
        };
        let one = |part: Option<&str>| part.map(|p| parse_color(p).ok_or_else(err)).transpose();
        let colors = Colors {
            fg: one(fg)?,
            bg: one(bg)?,
        };
        if colors == Colors::default() {
            return Err(err());
        }
        Ok(colors)
    }
}

impl fmt::Display for Colors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.fg, self.bg) {
            (Some(fg), Some(bg)) => write!(f, "{} on {}", color_name(fg), color_name(bg)),
            (Some(fg), None) => f.write_str(&color_name(fg)),
            (None, Some(bg)) => write!(f, "on {}", color_name(bg)),
            (None, None) => f.write_str("default"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_and_print_alike() {
        for (text, fg, bg) in [
            ("green", Some(Color::Green), None),
            ("Dark-Grey", Some(Color::DarkGray), None),
            ("208", Some(Color::Indexed(208)), None),
            ("#ff8800", Some(Color::Rgb(255, 136, 0)), None),
            ("black on yellow", Some(Color::Black), Some(Color::Yellow)),
            ("on #202020", None, Some(Color::Rgb(32, 32, 32))),
        ] {
            let c: Colors = text.parse().unwrap();
            assert_eq!((c.fg, c.bg), (fg, bg), "{text}");
            assert_eq!(c.to_string().parse::<Colors>(), Ok(c), "{text}");
        }
        for bad in ["", "purple", "256", "#ff88", "#gg0000", "red on", "on"] {
            assert!(bad.parse::<Colors>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_role_is_named_once_and_settable() {
        for (name, _) in ROLES {
            let mut t = DARK;
            assert!(t.set(name, "#010203".parse().unwrap()), "{name}");
            assert_eq!(t.role(name).unwrap().fg, Some(Color::Rgb(1, 2, 3)));
        }
        let mut t = DARK;
        assert!(t.set("cursor", "black on cyan".parse().unwrap()));
        assert!(!t.cursor.add_modifier.contains(Modifier::REVERSED));
        assert!(!t.set("nope", Colors::default()));
    }
}
