//! Fitting text into cells by display width.

use unicode_width::UnicodeWidthChar;
use unicode_width::UnicodeWidthStr;

/// Cuts `s` to at most `width` columns, ending with "…" when something was cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
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
    }

    #[test]
    fn centres() {
        assert_eq!(center("✔", 5), "  ✔  ");
        assert_eq!(center("Python", 4), "Pyt…");
    }
}
