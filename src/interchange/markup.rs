//! Text made safe for SVG and HTML: characters that could change what a reader sees (control
//! characters, bidirectional overrides) removed, markup characters escaped, and web links in
//! notes found so the report can make them clickable.

use crate::model::text::is_unsafe;

/// Whether `c` is dropped from exported markup: what a terminal must not see either (controls,
/// bidirectional marks, embeddings, overrides and isolates), and the two non-characters XML
/// forbids.
fn is_dropped(c: char) -> bool {
    is_unsafe(c) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// `s` without the characters `is_dropped` names; newlines and tabs become spaces unless
/// `keep_newlines`.
pub fn clean(s: &str, keep_newlines: bool) -> String {
    s.chars()
        .filter(|&c| !is_dropped(c))
        .map(|c| {
            if !keep_newlines && (c == '\n' || c == '\t') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Escapes text for an element's content or a quoted attribute value, in XML and HTML alike.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Cleans then escapes, on one line.
pub fn text(s: &str) -> String {
    escape(&clean(s, false))
}

/// A piece of a note: plain text, or a web link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// Splits `s` into text and `http://` / `https://` links. A link runs to the next space or
/// character that cannot be in a bare URL (`<>"'` and the like); trailing punctuation, and a
/// closing bracket with no opening one in the link, are left out of it.
pub fn links(s: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = s;
    while let Some(start) = find_scheme(rest) {
        let tail = &rest[start..];
        let mut end = tail
            .find(|c: char| c.is_whitespace() || c.is_control() || "<>\"'`{}|\\^".contains(c))
            .unwrap_or(tail.len());
        loop {
            let url = &tail[..end];
            let Some(last) = url.chars().last() else {
                break;
            };
            let unbalanced = |open, close| {
                last == close && url.matches(open).count() < url.matches(close).count()
            };
            if ".,;:!?".contains(last) || unbalanced('(', ')') || unbalanced('[', ']') {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        let url = &tail[..end];
        let scheme_len = if url.as_bytes()[4].eq_ignore_ascii_case(&b's') {
            8
        } else {
            7
        };
        if url.len() <= scheme_len {
            // A scheme with nothing after it is text.
            pieces.push(Piece::Text(&rest[..start + scheme_len]));
            rest = &rest[start + scheme_len..];
            continue;
        }
        if start > 0 {
            pieces.push(Piece::Text(&rest[..start]));
        }
        pieces.push(Piece::Link(url));
        rest = &tail[end..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// Where the first `http://` or `https://` (in any case) starts.
fn find_scheme(s: &str) -> Option<usize> {
    let lower = s.to_ascii_lowercase();
    let a = lower.find("http://");
    let b = lower.find("https://");
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_controls_and_direction_overrides() {
        let hostile = "a\u{1b}[31mb\u{7}\u{85}c\u{202E}d\u{2066}e\u{200F}f\u{061C}g\u{FFFF}";
        assert_eq!(clean(hostile, false), "a[31mbcdefg");
        assert_eq!(clean("one\ntwo\tthree\r", false), "one two three");
        assert_eq!(clean("one\ntwo\r", true), "one\ntwo");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            text("</svg><script>alert('x')</script> & \"q\""),
            "&lt;/svg&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn finds_links_and_leaves_punctuation_out() {
        use Piece::*;
        assert_eq!(
            links("see https://x.dev/a_(b) and (http://y.org/c)."),
            [
                Text("see "),
                Link("https://x.dev/a_(b)"),
                Text(" and ("),
                Link("http://y.org/c"),
                Text(").")
            ]
        );
        assert_eq!(
            links("x https://e.com/\"onclick=\"y"),
            [Text("x "), Link("https://e.com/"), Text("\"onclick=\"y")]
        );
        assert_eq!(links("javascript:alert(1)"), [Text("javascript:alert(1)")]);
        assert_eq!(links("http:// alone"), [Text("http://"), Text(" alone")]);
        assert_eq!(links("HTTPS://A.B"), [Link("HTTPS://A.B")]);
        assert_eq!(links(""), []);
    }
}
