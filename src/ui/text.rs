//! Fitting text into cells by display width.

use ratatui::text::{Line, Span};
use unicode_truncate::UnicodeTruncateStr;

use crate::model::Lang;
use unicode_width::UnicodeWidthStr;

/// "1 match", "3 matches": a search's count of matches, in `lang`.
pub fn matches(lang: Lang, n: usize) -> String {
    let word = match (lang, n) {
        (Lang::En, 1) => "match",
        (Lang::En, _) => "matches",
        (Lang::Es, 1) => "coincidencia",
        (Lang::Es, _) => "coincidencias",
    };
    format!("{n} {word}")
}

/// Cuts `s` to at most `width` columns, ending with "…" when something was cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    match width.checked_sub(1) {
        Some(room) => format!("{}…", s.unicode_truncate(room).0),
        None => String::new(),
    }
}

/// Cuts `s` to at most `width` columns by leaving out its middle, marked "…": a path keeps its
/// file name whole where that fits, else its start and, at twice the room, its end.
pub fn shorten_middle(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    let Some(room) = width.checked_sub(1) else {
        return String::new();
    };
    let name = s.rfind(std::path::is_separator).map_or("", |i| &s[i..]);
    if !name.is_empty() && name.width() < room {
        let head = s.unicode_truncate(room - name.width()).0;
        return format!("{head}…{name}");
    }
    let head = s.unicode_truncate(room / 3).0;
    let tail = s.unicode_truncate_start(room - head.width()).0;
    format!("{head}…{tail}")
}

/// Cuts a line of styled spans to at most `width` columns, ending with "…" (in the style of the
/// span it cuts) when something was cut.
pub fn truncate_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut room = width;
    let mut spans = Vec::new();
    for span in line.spans {
        let w = span.content.width();
        if w < room {
            room -= w;
            spans.push(span);
            continue;
        }
        // Something is cut from here on: this span gives its last column to the "…".
        if let Some(keep) = room.checked_sub(1) {
            let kept = span.content.unicode_truncate(keep).0;
            spans.push(Span::styled(format!("{kept}…"), span.style));
        }
        break;
    }
    Line::from(spans).style(line.style)
}

/// Centres `s` in `width` columns.
pub fn center(s: &str, width: usize) -> String {
    let w = s.width();
    if w >= width {
        return truncate(s, width);
    }
    let left = (width - w) / 2;
    format!("{}{}{}", " ".repeat(left), s, " ".repeat(width - w - left))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_with_an_ellipsis_by_width() {
        assert_eq!(truncate("Diseñar esquemas", 8), "Diseñar…");
        assert_eq!(truncate("corto", 8), "corto");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abcdef", 1), "…");
        // A wide character that does not fit whole is left out whole.
        assert_eq!(truncate("日本語テキスト", 6), "日本…");
        // Combining marks stay with their letter.
        assert_eq!(truncate("Disen\u{303}ar esquemas", 6), "Disen\u{303}…");
    }

    #[test]
    fn shortens_in_the_middle_keeping_the_file_name() {
        let path = "/home/learner/.local/share/roadmap-tui/progress.json";
        assert_eq!(shorten_middle(path, 80), path);
        let short = shorten_middle(path, 30);
        assert_eq!(short, "/home/learner/.…/progress.json");
        assert_eq!(short.width(), 30);
        // No room for the whole name: its end stays.
        let short = shorten_middle(path, 12);
        assert_eq!(short.width(), 12);
        assert_eq!(short, "/ho…ess.json");
        assert_eq!(shorten_middle(path, 1), "…");
        assert_eq!(shorten_middle(path, 0), "");
    }

    #[test]
    fn a_styled_line_is_cut_with_an_ellipsis() {
        let line = Line::from(vec![Span::raw("Today: "), Span::raw("3 cells done today")]);
        let cut = truncate_line(line.clone(), 12);
        assert_eq!(cut.to_string(), "Today: 3 ce…");
        assert_eq!(cut.width(), 12);
        assert_eq!(truncate_line(line.clone(), 40), line);
        // Cut right at the end of a span.
        let cut = truncate_line(line, 7);
        assert_eq!(cut.to_string(), "Today:…");
    }

    #[test]
    fn one_match_is_singular_in_both_languages() {
        assert_eq!(matches(Lang::En, 1), "1 match");
        assert_eq!(matches(Lang::En, 0), "0 matches");
        assert_eq!(matches(Lang::Es, 1), "1 coincidencia");
        assert_eq!(matches(Lang::Es, 4), "4 coincidencias");
    }

    #[test]
    fn centres() {
        assert_eq!(center("✔", 5), "  ✔  ");
        assert_eq!(center("Python", 4), "Pyt…");
    }
}
