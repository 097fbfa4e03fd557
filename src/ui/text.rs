//! Fitting text into cells by display width.

use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

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
    fn centres() {
        assert_eq!(center("✔", 5), "  ✔  ");
        assert_eq!(center("Python", 4), "Pyt…");
    }
}
