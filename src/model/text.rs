//! Small text helpers shared by the model, the state file and the screens, and `for_terminal`,
//! the one gate every text passes on its way to a terminal.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Whether `c` must not reach a terminal as it is: C0 controls (tab and newline aside), DEL and
/// C1 controls, which start escape sequences (ESC, CSI, OSC, 8-bit CSI U+009B…) or move the
/// cursor (CR, BS); and the format characters that reorder the text around them: the bidi marks,
/// embeddings, overrides and isolates, the deprecated shaping controls, and the line and
/// paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// Text made safe to show in a terminal: every character `is_unsafe` names is dropped, so an
/// escape sequence in a file name, a task or a note is shown as its harmless printable rest
/// (`]0;title`) and drives nothing. Newlines and tabs stay. Borrowed when nothing is dropped.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_unsafe) {
        Cow::Owned(s.chars().filter(|&c| !is_unsafe(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// JSON text with every character `is_unsafe` names written as a `\uXXXX` escape: the same
/// data, but nothing in it drives a terminal. Only string contents can hold such characters,
/// where the escape means the same character.
pub fn json_for_terminal(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_unsafe(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// How many characters of a value an error message echoes: enough to recognise it, however long
/// the value (a config file may hold a line of 100 KB).
pub const ECHO_CHARS: usize = 60;

/// `s` cut to at most `max` characters, ending with "…" where something was cut.
pub fn excerpt(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some(_) => {
            let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
            out.push('…');
            Cow::Owned(out)
        }
    }
}

/// Removes control characters (C0, DEL, C1), keeping newlines and tabs only where `keep_newlines`.
pub fn strip_controls(s: &str, keep_newlines: bool) -> String {
    s.chars()
        .filter(|&c| !c.is_control() || (keep_newlines && (c == '\n' || c == '\t')))
        .collect()
}

/// A value the user gave (an argument, an id from a file), as an error message quotes it:
/// control characters dropped, and cut to `ECHO_CHARS` characters (see `excerpt`), so that a
/// 100 KB argument does not fill the terminal.
pub fn echo(s: &str) -> String {
    excerpt(&strip_controls(s, false), ECHO_CHARS).into_owned()
}

/// Names for a message that lists what there is: at most `max` of them, each through `echo`,
/// then how many there are in all.
pub fn some_of<'a>(names: impl ExactSizeIterator<Item = &'a str>, max: usize) -> String {
    let count = names.len();
    let shown: Vec<String> = names.take(max).map(echo).collect();
    if count > max {
        format!("{}, … ({count} in all)", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// Folds one character for matching: lower case, accent removed. One char in, one char out, so
/// a folded text lines up with its original char by char. The accent goes by canonical
/// decomposition (NFD): a letter whose decomposition is a base and combining marks folds to the
/// base ("ñ" → "n", "Ő" → "o", "ǘ" → "u"); any other character stays as it is.
pub fn fold_char(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let mut parts = std::iter::once(lower).nfd();
    match parts.next() {
        Some(base) if parts.all(is_combining_mark) => base,
        _ => lower,
    }
}

/// Folds a string for matching: lower case, accents removed ("Diseñar" → "disenar").
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Where `folded_query` (already folded) first occurs in `text`, ignoring case and accents, as
/// a byte range of `text`.
pub fn find_folded(text: &str, folded_query: &str) -> Option<std::ops::Range<usize>> {
    let query: Vec<char> = folded_query.chars().collect();
    if query.is_empty() {
        return None;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = query.len();
    (0..chars.len().checked_sub(n - 1)?).find_map(|start| {
        let hit = chars[start..start + n]
            .iter()
            .zip(&query)
            .all(|(&(_, c), &q)| fold_char(c) == q);
        hit.then(|| {
            let end = chars.get(start + n).map_or(text.len(), |&(i, _)| i);
            chars[start].0..end
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Escape sequences and reordering characters a file name, a task or a note could carry.
    pub const HOSTILE: &str = "a\u{1b}[2Jb\u{1b}]0;pwned\u{7}c\u{1b}]0;st\u{1b}\\d\u{9b}31me\u{85}f\u{7f}g\
        \u{202E}h\u{2066}i\u{2069}j\u{200F}k\u{061C}l\u{2028}m\u{206A}n\r\u{8}o";

    #[test]
    fn for_terminal_drops_controls_and_reordering() {
        assert_eq!(
            for_terminal(HOSTILE),
            "a[2Jb]0;pwnedc]0;st\\d31mefghijklmno"
        );
        assert_eq!(for_terminal("line\n\tnext ✔ ñ"), "line\n\tnext ✔ ñ");
        assert!(matches!(for_terminal("plain"), Cow::Borrowed(_)));
        // Joiners shape emoji and scripts; they reorder nothing.
        assert_eq!(for_terminal("👩\u{200D}💻"), "👩\u{200D}💻");
    }

    #[test]
    fn json_for_terminal_escapes_and_keeps_the_data() {
        let json = serde_json::to_string(HOSTILE).unwrap();
        let safe = json_for_terminal(&json);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, HOSTILE);
    }

    #[test]
    fn strips_escape_sequences_but_keeps_text() {
        assert_eq!(strip_controls("a\u{1b}[2Jb\u{7}c", false), "a[2Jbc");
        assert_eq!(strip_controls("line\nnext\r", true), "line\nnext");
        assert_eq!(strip_controls("line\nnext", false), "linenext");
    }

    #[test]
    fn echoed_values_are_short_and_harmless() {
        assert_eq!(echo("go"), "go");
        let long = "a".repeat(65_536);
        assert_eq!(echo(&long), format!("{}…", "a".repeat(ECHO_CHARS - 1)));
        assert_eq!(echo("a\u{1b}[2Jb"), "a[2Jb");
        let ids = ["python", "go", "rust"];
        assert_eq!(some_of(ids.into_iter(), 5), "python, go, rust");
        assert_eq!(some_of(ids.into_iter(), 2), "python, go, … (3 in all)");
    }

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("Diseñar"), "disenar");
        assert_eq!(fold("DISEÑO Parámetros"), "diseno parametros");
        // Beyond Spanish: any letter with a canonical decomposition.
        assert_eq!(fold("Ångström Œuvre Łódź Ǘ ő"), "angstrom œuvre łodz u o");
        // Hangul syllables decompose into letters, not marks: kept whole.
        assert_eq!(fold("한국"), "한국");
        for c in ['ñ', 'Ő', 'ǘ', 'ß', '한', 'ﬁ', 'İ'] {
            assert_eq!(fold(&c.to_string()).chars().count(), 1, "{c}");
        }
    }

    #[test]
    fn finds_folded_matches_as_byte_ranges_of_the_original() {
        let text = "Diseñar esquemas de bases";
        let r = find_folded(text, "disenar").unwrap();
        assert_eq!(&text[r], "Diseñar");
        let t = "Implementar autenticación OAuth2.";
        assert_eq!(&t[find_folded(t, "oauth").unwrap()], "OAuth");
        assert_eq!(find_folded("abc", "abcd"), None);
        assert_eq!(find_folded("abc", ""), None);
        let t = "diseño de APIs";
        assert_eq!(&t[find_folded(t, "diseno").unwrap()], "diseño");
    }
}
