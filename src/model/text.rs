//! Small text helpers shared by the model, the state file and the screens.

/// Removes control characters (C0, DEL, C1), keeping newlines and tabs only where `keep_newlines`.
pub fn strip_controls(s: &str, keep_newlines: bool) -> String {
    s.chars()
        .filter(|&c| !c.is_control() || (keep_newlines && (c == '\n' || c == '\t')))
        .collect()
}

/// Folds a string for matching: lower case, accents removed ("Diseñar" → "disenar").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        for l in c.to_lowercase() {
            out.push(match l {
                'á' | 'à' | 'ä' | 'â' | 'ã' | 'å' => 'a',
                'é' | 'è' | 'ë' | 'ê' => 'e',
                'í' | 'ì' | 'ï' | 'î' => 'i',
                'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
                'ú' | 'ù' | 'ü' | 'û' => 'u',
                'ñ' => 'n',
                'ç' => 'c',
                other => other,
            });
        }
    }
    out
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
}
