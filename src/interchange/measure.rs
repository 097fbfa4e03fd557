//! Sizes and colours for the card and the report: how wide a text is drawn (estimated, no font
//! is read), text cut to a width, column headers that can be told apart in a given width, and
//! the WCAG contrast of two colours.

use unicode_width::UnicodeWidthChar;

use crate::model::Track;
use crate::model::headers::Headers;

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

/// A header for each language, at most as wide as `fits` allows: its whole label (the name, or
/// the id where two languages share a name), else a beginning no other label shares (the
/// shortest, `model::headers`, and as much more as fits, never ending in a space), else its id.
pub fn headers(tracks: &[Track], fits: impl Fn(&str) -> bool) -> Vec<String> {
    let headers = Headers::new(tracks);
    tracks
        .iter()
        .enumerate()
        .map(|(t, track)| {
            let label = headers.label(t);
            if fits(label) {
                return label.to_owned();
            }
            let need = headers.need_of(t);
            let mut best = None;
            let mut width = 0;
            for (i, c) in label.char_indices() {
                width += c.width().unwrap_or(0);
                let prefix = &label[..i + c.len_utf8()];
                if width < need || c.is_whitespace() {
                    continue;
                }
                if !fits(prefix) {
                    break;
                }
                best = Some(prefix);
            }
            best.unwrap_or(&track.id).to_owned()
        })
        .collect()
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
    fn headers_are_told_apart() {
        let tracks = |names: &[(&str, &str)]| -> Vec<Track> {
            names
                .iter()
                .map(|(id, name)| Track {
                    id: (*id).to_owned(),
                    name: (*name).to_owned(),
                })
                .collect()
        };
        let four = |s: &str| s.chars().count() <= 4;
        let labels = |names: &[(&str, &str)]| headers(&tracks(names), four);
        assert_eq!(
            labels(&[("py", "Python"), ("php", "PHP"), ("go", "Go")]),
            ["Pyth", "PHP", "Go"]
        );
        assert_eq!(
            labels(&[("t1", "Track 1"), ("t2", "Track 2")]),
            ["t1", "t2"],
            "the beginnings that differ are too long: the ids"
        );
        assert_eq!(
            labels(&[("java", "Java"), ("js", "JavaScript")]),
            ["Java", "js"]
        );
        assert_eq!(labels(&[("a", "Rust"), ("b", "Rust")]), ["a", "b"]);
        let eight = |s: &str| s.chars().count() <= 8;
        assert_eq!(
            headers(&tracks(&[("k", "Kotlin"), ("kn", "Kotlin Native")]), eight),
            ["Kotlin", "Kotlin N"]
        );
    }
}
