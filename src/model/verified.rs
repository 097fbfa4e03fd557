//! How many done cells were verified by running their tests (see `progress::Verified`), per
//! language, for `stats`, the card and the report.

use super::progress::{Progress, Status};
use super::roadmap::Roadmap;

/// Verified done cells of each of the roadmap's languages, in its order.
pub fn by_track(roadmap: &Roadmap, progress: &Progress) -> Vec<usize> {
    let lookup = roadmap.track_lookup();
    let mut counts = vec![0; roadmap.tracks.len()];
    for (task, track, cell) in progress.cells() {
        if cell.status == Status::Done
            && cell.verified().is_some()
            && roadmap.pos_of_key(task).is_some()
            && let Some(&t) = lookup.get(track)
        {
            counts[t] += 1;
        }
    }
    counts
}

/// A duration as people read it: "850 ms", "4.2 s", "2 min 5 s".
pub fn duration_words(ms: u64) -> String {
    match ms {
        0..1_000 => format!("{ms} ms"),
        1_000..60_000 => format!("{:.1} s", ms as f64 / 1000.0),
        _ => format!("{} min {} s", ms / 60_000, ms % 60_000 / 1000),
    }
}
