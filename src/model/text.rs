//! Small text helpers shared by the model, the state file and the screens.

/// Removes control characters (C0, DEL, C1), keeping newlines and tabs only where `keep_newlines`.
pub fn strip_controls(s: &str, keep_newlines: bool) -> String {
    s.chars()
        .filter(|&c| !c.is_control() || (keep_newlines && (c == '\n' || c == '\t')))
        .collect()
}

/// Folds one character for matching: lower case, accent removed. One char in, one char out, so
/// a folded text lines up with its original char by char.
pub fn fold_char(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'á' | 'à' | 'ä' | 'â' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ë' | 'ê' => 'e',
        'í' | 'ì' | 'ï' | 'î' => 'i',
        'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
        'ú' | 'ù' | 'ü' | 'û' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
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

    #[test]
    fn strips_escape_sequences_but_keeps_text() {
        assert_eq!(strip_controls("a\u{1b}[2Jb\u{7}c", false), "a[2Jbc");
        assert_eq!(strip_controls("line\nnext\r", true), "line\nnext");
        assert_eq!(strip_controls("line\nnext", false), "linenext");
    }

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("Diseñar"), "disenar");
        assert_eq!(fold("DISEÑO Parámetros"), "diseno parametros");
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
