//! Sizes and colours for the card and the report: how wide a text is drawn (estimated, no font
//! is read), text cut to a width, column headers that can be told apart, and the WCAG contrast
//! of two colours.

use unicode_width::UnicodeWidthChar;

/// The advance of each printable ASCII character (from ' ' to '~'), in thousandths of an em, in
/// DejaVu Sans: wider than Helvetica, Arial and Segoe UI, which a browser picks first, so text
/// measured with it fits in all of them.
const ADVANCE: [u16; 95] = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318,
    337, // ' '…'/'
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, // digits
    337, 337, 838, 838, 838, 531, 1000, // ':'…'@'
    709, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635,
    611, 732, 684, 989, 685, 611, 685, // 'A'…'Z'
    390, 337, 390, 838, 500, 500, // '['…'`'
    613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521,
    392, 634, 592, 818, 592, 592, 525, // 'a'…'z'
    636, 337, 636, 838, // '{'…'~'
];

/// The width of `s` drawn at `size` (in user units), bold or not: a little more than any of the
/// card's fonts takes.
pub fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let ems: f64 = s
        .chars()
        .map(|c| match c {
            ' '..='~' => f64::from(ADVANCE[c as usize - 0x20]) / 1000.0,
            '·' => 0.32,
            '…' => 1.0,
            c if c.width() == Some(2) => 1.05,
            c if c.width() == Some(0) => 0.0,
            // Accented letters and other scripts' letters are about as wide as the widest
            // Latin lower-case ones.
            _ => 0.85,
        })
        // Bold is drawn wider: DejaVu Sans Bold by up to a fifth, the capitals most.
        .map(|em| {
            if bold && em > 0.0 {
                em * 1.1 + 0.07
            } else {
                em
            }
        })
        .sum();
    ems * size
}

/// `s` cut to be at most `width` wide at `size`, ending with "…" when something was cut.
pub fn fit(s: &str, width: f64, size: f64, bold: bool) -> String {
    if text_width(s, size, bold) <= width {
        return s.to_owned();
    }
    let room = width - text_width("…", size, bold);
    let mut out = String::new();
    let mut used = 0.0;
    for c in s.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), size, bold);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// The first `n` characters of `s` (all of it when shorter).
fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// A short header for each of `names`, told apart from the others: the whole name where it
/// `fits`, else a beginning of it no other name shares (the shortest, and as much more as
/// `fits`), else `ids`' entry (an id is unique). Names written alike are shown by their ids.
pub fn distinct_labels(names: &[&str], ids: &[&str], fits: impl Fn(&str) -> bool) -> Vec<String> {
    let folded: Vec<String> = names.iter().map(|n| n.trim().to_lowercase()).collect();
    let mut labels: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let name = name.trim();
            let unique_whole = !folded
                .iter()
                .enumerate()
                .any(|(j, f)| j != i && *f == folded[i]);
            if !unique_whole {
                return ids[i].to_owned();
            }
            if fits(name) {
                return name.to_owned();
            }
            // The shortest beginning that differs from every other name's beginning of the same
            // length (a shorter name is its own beginning).
            let len = name.chars().count();
            let shortest = (1..=len).find(|&k| {
                let mine = prefix(&folded[i], k);
                folded
                    .iter()
                    .enumerate()
                    .all(|(j, f)| j == i || prefix(f, k) != mine)
            });
            // As much more of the name as fits (any longer beginning is as distinct), never
            // ending in a space: "Kotlin N".
            shortest
                .and_then(|k| {
                    (k..=len)
                        .map(|k| prefix(name, k))
                        .take_while(|p| fits(p.trim_end()))
                        .filter(|p| !p.ends_with(char::is_whitespace))
                        .last()
                })
                .map_or_else(|| ids[i].to_owned(), str::to_owned)
        })
        .collect();
    // Whatever is left alike (an abbreviation that is another's id) is shown by its id.
    let mut seen = std::collections::HashSet::new();
    let alike = labels.iter().any(|l| !seen.insert(l.trim().to_lowercase()));
    if alike {
        labels = ids.iter().map(|&id| id.to_owned()).collect();
    }
    labels
}

/// A `#rrggbb` colour's relative luminance, as WCAG 2 defines it.
pub fn luminance(hex: &str) -> f64 {
    let n = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    let channel = |shift: u32| {
        let c = f64::from((n >> shift) & 0xff) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
}

/// The WCAG contrast ratio of two `#rrggbb` colours, from 1 to 21.
pub fn contrast(a: &str, b: &str) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// Of `candidates`, the colour that stands out most against `background`.
pub fn most_legible<'a>(background: &str, candidates: &[&'a str]) -> &'a str {
    candidates
        .iter()
        .copied()
        .max_by(|a, b| contrast(a, background).total_cmp(&contrast(b, background)))
        .unwrap_or("#000000")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_is_wcags() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast("#ffffff", "#ffffff") - 1.0).abs() < 1e-9);
        // The figure the issue quotes: white on GitHub's third green.
        assert!((contrast("#ffffff", "#30a14e") - 3.3).abs() < 0.05);
        assert_eq!(most_legible("#30a14e", &["#ffffff", "#1f2328"]), "#1f2328");
    }

    #[test]
    fn text_is_cut_to_a_width() {
        assert_eq!(fit("Python", 100.0, 12.0, false), "Python");
        let cut = fit("Wolfeschlegelsteinhausenbergerdorff", 60.0, 12.0, false);
        assert!(
            cut.ends_with('…') && text_width(&cut, 12.0, false) <= 60.0,
            "{cut}"
        );
    }

    #[test]
    fn labels_are_told_apart() {
        let fits = |s: &str| s.chars().count() <= 4;
        let labels = |names: &[&str], ids: &[&str]| distinct_labels(names, ids, fits);
        assert_eq!(
            labels(&["Python", "PHP", "Go"], &["py", "php", "go"]),
            ["Pyth", "PHP", "Go"]
        );
        assert_eq!(
            labels(&["Track 1", "Track 2"], &["t1", "t2"]),
            ["t1", "t2"],
            "the beginnings that differ are too long: the ids"
        );
        assert_eq!(
            labels(&["Java", "JavaScript"], &["java", "js"]),
            ["Java", "js"]
        );
        assert_eq!(labels(&["Rust", "rust"], &["a", "b"]), ["a", "b"]);
        let wide = |s: &str| s.chars().count() <= 8;
        assert_eq!(
            distinct_labels(&["Kotlin", "Kotlin Native"], &["k", "kn"], wide),
            ["Kotlin", "Kotlin N"]
        );
    }
}
