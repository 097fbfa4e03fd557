//! Column headers that tell the languages apart however narrow the columns: each language is
//! labelled by its name, and a column needs only as many characters of it as no other name
//! shares (the shortest distinct abbreviation: "Py" beside "PHP", "Track 10" beside "Track 1").
//! Where two languages have the same name, no abbreviation tells them apart: every header is
//! then the language's id, and ids are distinct.
//!
//! Worked out once when the languages change, in O(n log n) (names sorted, each compared with
//! its neighbours), so that a frame never compares every pair.

use unicode_width::UnicodeWidthStr;

use super::roadmap::Track;

/// The headers of a list of languages, in its order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    labels: Vec<String>,
    /// Per label: the display columns of its shortest distinct abbreviation.
    needs: Vec<usize>,
    /// The widest of `needs`: a column this wide tells every language apart.
    need: usize,
    /// The widest whole label.
    longest: usize,
}

impl Headers {
    pub fn new(tracks: &[Track]) -> Headers {
        let names: Vec<&str> = tracks.iter().map(|t| t.name.as_str()).collect();
        let shared = shared_names(&names);
        // A language whose name another has too is labelled by its id.
        let mut labels: Vec<&str> = tracks
            .iter()
            .zip(&shared)
            .map(|(t, &shared)| {
                if shared {
                    t.id.as_str()
                } else {
                    t.name.as_str()
                }
            })
            .collect();
        let needs = abbreviations(&labels).unwrap_or_else(|| {
            // An id equal to another language's name: ids alone, distinct by construction.
            labels = tracks.iter().map(|t| t.id.as_str()).collect();
            abbreviations(&labels).unwrap_or_else(|| vec![0; labels.len()])
        });
        Headers {
            need: needs.iter().copied().max().unwrap_or(0),
            longest: labels.iter().map(|l| l.width()).max().unwrap_or(0),
            labels: labels.into_iter().map(str::to_owned).collect(),
            needs,
        }
    }

    /// What the header of language `t` says in full.
    pub fn label(&self, t: usize) -> &str {
        self.labels.get(t).map_or("", String::as_str)
    }

    /// The header of language `t` cut to `width` columns: distinct from the others' as long as
    /// `width` is at least `need()`. No "…": it would take a column the abbreviation needs.
    pub fn short(&self, t: usize, width: usize) -> &str {
        let label = self.label(t);
        let mut end = 0;
        let mut used = 0;
        for (i, c) in label.char_indices() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w > width {
                break;
            }
            used += w;
            end = i + c.len_utf8();
        }
        &label[..end]
    }

    /// The columns a header needs for every language to be told apart.
    pub fn need(&self) -> usize {
        self.need
    }

    /// The columns the widest whole header takes.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// The columns language `t`'s shortest distinct abbreviation takes.
    pub fn need_of(&self, t: usize) -> usize {
        self.needs.get(t).copied().unwrap_or(0)
    }
}

/// Per text, whether another text is equal to it.
fn shared_names(texts: &[&str]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_unstable_by(|&a, &b| texts[a].cmp(texts[b]));
    let mut shared = vec![false; texts.len()];
    for w in order.windows(2) {
        if texts[w[0]] == texts[w[1]] {
            shared[w[0]] = true;
            shared[w[1]] = true;
        }
    }
    shared
}

/// Per text, the display width of its shortest prefix that is no other text's prefix of the
/// same length (the whole text where it is a prefix of another); `None` when two texts are
/// equal.
fn abbreviations(texts: &[&str]) -> Option<Vec<usize>> {
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_unstable_by(|&a, &b| texts[a].cmp(texts[b]));
    // In sorted order, the text sharing the longest prefix with any one is a neighbour.
    let common: Vec<usize> = order
        .windows(2)
        .map(|w| common_chars(texts[w[0]], texts[w[1]]))
        .collect();
    let mut needs = vec![0; texts.len()];
    for (k, &i) in order.iter().enumerate() {
        let text = texts[i];
        let before = if k > 0 { common[k - 1] } else { 0 };
        let after = common.get(k).copied().unwrap_or(0);
        let shared = before.max(after);
        let chars = text.chars().count();
        let equal = (k > 0 && texts[order[k - 1]] == text)
            || order.get(k + 1).is_some_and(|&j| texts[j] == text);
        if equal {
            return None;
        }
        let take = (shared + 1).min(chars);
        needs[i] = text.chars().take(take).collect::<String>().width();
    }
    Some(needs)
}

/// How many leading characters `a` and `b` share.
fn common_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn tracks(pairs: &[(&str, &str)]) -> Vec<Track> {
        pairs
            .iter()
            .map(|(id, name)| Track {
                id: (*id).into(),
                name: (*name).into(),
            })
            .collect()
    }

    #[test]
    fn the_seed_needs_two_columns() {
        let r = crate::model::Roadmap::seed().unwrap();
        let h = Headers::new(&r.tracks);
        assert_eq!(h.need(), 2, "Python and PHP share a P");
        let shorts: Vec<&str> = (0..6).map(|t| h.short(t, 3)).collect();
        assert_eq!(shorts, ["Pyt", "Nod", "Go", "PHP", "Kot", "Jav"]);
    }

    #[test]
    fn numbered_names_need_their_numbers() {
        let names: Vec<(String, String)> = (0..14)
            .map(|i| (format!("track{i}"), format!("Track {i}")))
            .collect();
        let pairs: Vec<(&str, &str)> = names.iter().map(|(a, b)| (&a[..], &b[..])).collect();
        let h = Headers::new(&tracks(&pairs));
        // "Track 1" is a prefix of "Track 10": it needs all 7, "Track 10" needs 8.
        assert_eq!(h.need(), 8);
        assert_eq!(h.need_of(1), 7);
        assert_eq!(h.need_of(10), 8);
        assert_eq!(h.need_of(2), 7);
        let shorts: std::collections::HashSet<&str> = (0..14).map(|t| h.short(t, 8)).collect();
        assert_eq!(shorts.len(), 14, "all distinct at the width they need");
    }

    #[test]
    fn equal_names_fall_back_to_ids() {
        let h = Headers::new(&tracks(&[
            ("py2", "Python"),
            ("py3", "Python"),
            ("go", "Go"),
        ]));
        assert_eq!([h.label(0), h.label(1), h.label(2)], ["py2", "py3", "Go"]);
        assert_eq!(h.need(), 3);
        // An id equal to another's name: ids for all.
        let h = Headers::new(&tracks(&[("go", "Py"), ("x", "Py"), ("y", "go")]));
        assert_eq!([h.label(0), h.label(1), h.label(2)], ["go", "x", "y"]);
    }

    #[test]
    fn wide_characters_count_by_columns() {
        let h = Headers::new(&tracks(&[("a", "日本語"), ("b", "日本"), ("c", "中文")]));
        assert_eq!(
            h.need_of(0),
            6,
            "日本 is a prefix of it: one more character"
        );
        assert_eq!(h.need_of(1), 4);
        assert_eq!(h.need_of(2), 2);
        assert_eq!(h.short(0, 5), "日本");
    }

    #[test]
    fn ten_thousand_languages_are_labelled_without_comparing_every_pair() {
        let names: Vec<(String, String)> = (0..10_000)
            .map(|i| (format!("t{i}"), format!("Track {i}")))
            .collect();
        let pairs: Vec<(&str, &str)> = names.iter().map(|(a, b)| (&a[..], &b[..])).collect();
        let h = Headers::new(&tracks(&pairs));
        assert_eq!(h.need(), 10);
        assert_eq!(h.short(9999, 10), "Track 9999");
    }
}
