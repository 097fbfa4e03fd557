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
