//! Saving the progress file without losing another writer's change, whether or not that writer
//! takes the save lock (git, Syncthing and editors take none).
//!
//! A save merges what is on disk into the caller's progress, writes the result to a temp file
//! beside the data file (synced before it is swapped in) and swaps it in (see
//! `platform::swap_in`). Where the system can exchange two files atomically, the file replaced
//! lands at the temp name and is compared with what the save read, through a digest of its bytes.
//! If another writer replaced the file meanwhile, or wrote it in place, the two differ: its
//! version is merged in (a join: nothing either side holds is lost) and the save writes again.
//! Until a version that holds it is on disk, that version is kept under a name of its own beside
//! the file (see `temp::keep`), so a crash loses it no more than a save does.
//!
//! A version that does not parse may be one still being written in place (an editor that
//! truncates and writes): it is read again for a moment (`SETTLE`), and if it still does not
//! parse it is swapped back into place, so the writer's later writes land where it means them
//! to, and the save fails as it does when it reads a broken file first: nothing of it is written.
//!
//! A writer that changes the file before every swap makes the save give up after `ROUNDS`
//! writes. If that writer's last version holds everything the save took in from others, it is
//! swapped back and the file is left as that writer made it; else the save's last version stays
//! and the writer's is kept beside it. Either way the save fails and the caller keeps its change
//! for the next save. Every save takes in the copies kept beside the file (by this process or
//! another) that parse, and removes them once the file holds them.
//!
//! What a save guarantees: it never removes anything it did not see. Every change another writer
//! put on disk before the swap is in the file afterwards, or in a kept copy that the error names.
//! What no save can guarantee: a writer that read the file before this save landed and writes
//! after it (a lock-less read-modify-write) overwrites this save; that is the writer's own doing,
//! and the next save of any roadmap-tui that holds the change brings it back. Such a writer that
//! reads between two rounds of a save finds the version of its own that the save is merging in
//! missing for that moment. A writer that opened the file before the swap and writes to it after
//! the comparison without truncating it first writes to a file no one sees any more, as it would
//! beside any writer that renames (git, Syncthing). Where the system cannot exchange (other Unix
//! systems, some network and FUSE file systems), the file's stamp is looked at right before a
//! plain rename: a writer that replaces the file in the microseconds between is not seen.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{
    Merged, Progress, Report, StateError, Store, limited, lock, make_folder, merge, now, parse,
    stamp_hand_edits, temp,
};
use crate::platform::{self, FileStamp, SwapIn, SwappedBack};

/// How many times a save writes before it gives up on a file that another program keeps
/// changing under it.
pub(super) const ROUNDS: usize = 8;

/// How long, at most, a version that does not parse is given to become whole: it is read again
/// after 5, 10, 20, 40, 80 and 160 ms.
const SETTLE: [u64; 6] = [5, 10, 20, 40, 80, 160];

/// The file as a save knows it: what it holds (`None`: no file), its stamp, and a digest of its
/// bytes.
#[derive(Debug, Clone, Default)]
pub(super) struct Known {
    pub progress: Option<Progress>,
    pub stamp: Option<FileStamp>,
    pub digest: Option<u64>,
}

/// What a file swapped out held, next to what the save read.
enum Found {
    /// The same bytes (or nothing left to look at).
    Same,
    /// Another version, parsed.
    Theirs(Progress),
    /// Another version that does not parse or cannot be read, after waiting for it to settle.
    Unreadable(StateError),
}

impl Store {
    /// Saves `ours`: under the save lock, merges in whatever another writer saved since this
    /// process last read the file, then writes a temp file, syncs it, swaps it in and syncs the
    /// folder. What the swap replaced is compared with what was read, and merged in (and written
    /// again) if another writer changed the file meanwhile. Returns what was merged in, if
    /// anything: the caller should show it. If the file on disk cannot be understood it is left
    /// as it is and the save fails.
    pub fn save(&mut self, ours: &Progress) -> Result<Option<Merged>, StateError> {
        // A setting changed without a stamp (a command's change) is stamped as made now, before
        // it meets another writer's.
        let mut ours = ours.clone();
        if ours.settings != self.base.settings {
            let mut stamped = ours.settings.clone();
            if stamped.stamp_changes(&self.base.settings, &now()) {
                ours.settings = stamped;
            }
        }
        if let Some(parent) = self.target.parent().filter(|p| !p.as_os_str().is_empty()) {
            make_folder(parent).map_err(|e| self.write_err(e))?;
        }
        // Replacing the file would ignore the read-only mark (on Unix a rename goes over it).
        if fs::metadata(&self.target).is_ok_and(|m| m.permissions().readonly()) {
            return Err(StateError::ReadOnly {
                path: self.path.clone(),
            });
        }
        // The lock only saves work: a save that waited `WAIT` for it (another writer stuck, or
        // another user holding the folder's lock) goes on without it, and the exchange below
        // still keeps every change.
        let _held = lock::acquire(&self.target, lock::WAIT)
            .unwrap_or_else(|lock::Busy| lock::Held::without());
        let mut report = None;
        let mut next = ours.clone();
        let mut known = if self.changed_on_disk() {
            let mut disk = self.read_disk()?;
            // A file deleted since it was read erases no one's progress: ours is written.
            if let Some(theirs) = &mut disk.progress {
                take_in(&mut next, &self.base, theirs, &mut report);
            }
            disk
        } else {
            self.known()
        };
        // Versions an earlier save (this process's or another's) kept beside the file because it
        // gave up: taken in now, and removed once the file holds them.
        let copies = self.take_in_copies(&mut next, &mut report);
        let mut kept = Vec::new();
        match self.land(&ours, &mut next, &mut known, &mut report, &mut kept) {
            Ok(()) => {
                // Every version kept on the way, and every copy taken in, is in the file now.
                for copy in kept.into_iter().chain(copies) {
                    let _ = fs::remove_file(copy);
                }
                Ok(report.filter(Report::changed).map(|report| Merged {
                    progress: next,
                    report,
                }))
            }
            Err(e) => match kept.first() {
                None => Err(e),
                Some(copy) => Err(StateError::Kept {
                    path: self.path.clone(),
                    copy: copy.clone(),
                    reason: e.to_string(),
                }),
            },
        }
    }

    /// Writes `next` (`ours` with what other writers saved merged in) and swaps it in until what
    /// it replaced holds nothing it lacks. `known` is the file as last seen; versions of other
    /// writers merged into `next` but not yet on disk lie in `kept`.
    fn land(
        &mut self,
        ours: &Progress,
        next: &mut Progress,
        known: &mut Known,
        report: &mut Option<Report>,
        kept: &mut Vec<PathBuf>,
    ) -> Result<(), StateError> {
        let dir = match self.target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
            _ => PathBuf::from("."),
        };
        // This save's file when the last round landed it and swapped out another writer's version
        // that is not on disk yet (the last of `kept`), and that version.
        let mut swapped_last = None;
        for _ in 0..ROUNDS {
            swapped_last = None;
            next.version = next.needed_version();
            // A file that already says this, in this version, is not written again.
            if let Some(disk) = &known.progress
                && disk.version == next.version
                && disk.same_content(next)
            {
                let known = known.clone();
                self.settle(next, &known);
                return Ok(());
            }
            let (file, new, digest) =
                write_temp(&self.target, next).map_err(|e| self.write_err(e))?;
            #[cfg(test)]
            hook::run(&self.target);
            let read = known.progress.as_ref().and(known.stamp.as_ref());
            let swapped = platform::swap_in(file, &new, &self.target, read, &mut || {
                temp::reserve(&self.target)
            });
            let (outcome, stamp) = match swapped {
                Ok(swapped) => swapped,
                Err(e) => {
                    let _ = fs::remove_file(&new);
                    return Err(self.write_err(e));
                }
            };
            let mine = Known {
                progress: Some(next.clone()),
                stamp,
                digest: Some(digest),
            };
            match outcome {
                SwapIn::Placed => {
                    platform::sync_folder(&dir).map_err(|e| self.write_err(e))?;
                    self.settle(next, &mine);
                    return Ok(());
                }
                SwapIn::Swapped { old } => {
                    if let Err(e) = platform::sync_folder(&dir) {
                        // Not looked at: kept, in case another writer's change is in it.
                        kept.push(temp::keep(&old, &self.target).unwrap_or(old));
                        return Err(self.write_err(e));
                    }
                    match self.examine(&old, known) {
                        Found::Same => {
                            let _ = fs::remove_file(&old);
                            self.settle(next, &mine);
                            return Ok(());
                        }
                        Found::Theirs(mut theirs) => {
                            // What `kept` held is in the file now; this version is not yet.
                            for copy in kept.drain(..) {
                                let _ = fs::remove_file(copy);
                            }
                            kept.push(temp::keep(&old, &self.target).unwrap_or(old));
                            let base = known.progress.clone().unwrap_or_default();
                            let before = next.clone();
                            take_in(next, &base, &mut theirs, report);
                            if next.same_content(&before) {
                                // It held nothing the file lacks.
                                self.settle(next, &mine);
                                return Ok(());
                            }
                            // The store keeps knowing the file as the caller does until the
                            // save succeeds: what this round landed holds cells the caller
                            // has not been given, and the next save must merge them in.
                            swapped_last = Some((mine.clone(), theirs));
                            *known = mine;
                            continue;
                        }
                        Found::Unreadable(e) => return Err(self.put_back(old, &mine, e, kept)),
                    }
                }
                SwapIn::Displaced { old } => {
                    let _ = fs::remove_file(&new);
                    match self.examine(&old, known) {
                        Found::Same => {
                            let _ = fs::remove_file(&old);
                        }
                        Found::Theirs(mut theirs) => {
                            kept.push(temp::keep(&old, &self.target).unwrap_or(old));
                            let base = known.progress.clone().unwrap_or_default();
                            take_in(next, &base, &mut theirs, report);
                        }
                        Found::Unreadable(e) => {
                            kept.push(temp::keep(&old, &self.target).unwrap_or(old));
                            return Err(e);
                        }
                    }
                }
                SwapIn::Changed => {
                    let _ = fs::remove_file(&new);
                }
            }
            // Nothing of ours is in place: read what is, and merge it in.
            let mut disk = self.read_disk()?;
            if let Some(theirs) = &mut disk.progress {
                let base = known.progress.clone().unwrap_or_default();
                take_in(next, &base, theirs, report);
            }
            *known = disk;
        }
        let contended = StateError::Contended {
            path: self.path.clone(),
        };
        // Given up. If the other writer's last version holds all that this save merged in but the
        // caller's own changes, it goes back into place: the file is left as that writer last made
        // it, and this save fails, its changes still with the caller, to be saved again. Else the
        // file keeps this save's last version, and that writer's is kept beside it.
        let last = kept.pop();
        if let (Some((mine, theirs)), Some(last)) = (swapped_last, &last) {
            let (together, _) = merge(Some(&self.base), ours, &theirs);
            if together.same_content(next) {
                return Err(self.put_back(last.clone(), &mine, contended, kept));
            }
        }
        kept.extend(last);
        Err(contended)
    }

    /// Takes into `next` every copy beside the file that a save kept of another writer's version
    /// (`progress.unmerged-….json`) and that parses; returns their paths. One that does not
    /// parse (a version caught half-written) is left where it is, for `merge --from`.
    fn take_in_copies(&self, next: &mut Progress, report: &mut Option<Report>) -> Vec<PathBuf> {
        let mut taken = Vec::new();
        for copy in temp::kept_copies(&self.target) {
            let Ok(bytes) = limited::read_limited(&copy, limited::PROGRESS_LIMIT) else {
                continue;
            };
            if let Ok(mut theirs) = parse(&copy, &bytes) {
                take_in(next, &self.base, &mut theirs, report);
                taken.push(copy);
            }
        }
        taken
    }

    /// Looks at the file a swap replaced, now at `old`: the same bytes as `known`, or another
    /// version. A version that does not parse is read again for a moment: it may be one being
    /// written in place.
    fn examine(&self, old: &Path, known: &Known) -> Found {
        let mut waits = SETTLE.iter();
        loop {
            // The digest first, read through a buffer: the usual answer, "the same", costs no
            // copy of the file in memory.
            let same = digest_file(old);
            let error = match same {
                // Gone: only a writer that removes others' temp files could have taken it.
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Found::Same,
                Ok(digest) if known.digest == Some(digest) => return Found::Same,
                _ => match limited::read_limited(old, limited::PROGRESS_LIMIT) {
                    Err(e) if e.kind() == io::ErrorKind::NotFound => return Found::Same,
                    Err(source) => StateError::Read {
                        path: self.path.clone(),
                        source,
                    },
                    Ok(bytes) => match parse(&self.path, &bytes) {
                        Ok(theirs) => return Found::Theirs(theirs),
                        Err(e) => e,
                    },
                },
            };
            match waits.next() {
                Some(&ms) => std::thread::sleep(Duration::from_millis(ms)),
                None => return Found::Unreadable(error),
            }
        }
    }

    /// Swaps another writer's version at `old` (one that does not parse, or the last one when the
    /// save gives up) back into place, so the file is left as its writer made it and `error` is
    /// what the save says. Where it cannot go back, it is kept beside the file.
    fn put_back(
        &mut self,
        old: PathBuf,
        mine: &Known,
        error: StateError,
        kept: &mut Vec<PathBuf>,
    ) -> StateError {
        let back = platform::swap_back(&old, &self.target, &mut || temp::reserve(&self.target));
        let moved = match back {
            Ok(SwappedBack::Done(moved)) => Some(moved),
            Ok(SwappedBack::Displaced(moved)) => {
                kept.push(temp::keep(&old, &self.target).unwrap_or(old));
                Some(moved)
            }
            Ok(SwappedBack::NotDone) | Err(_) => {
                kept.push(temp::keep(&old, &self.target).unwrap_or(old));
                None
            }
        };
        // What went back out is this save's file, unless yet another writer replaced it.
        if let Some(moved) = moved {
            let ours = FileStamp::of(&moved)
                .zip(mine.stamp)
                .is_some_and(|(now, mine)| now.same_file(&mine));
            if ours {
                let _ = fs::remove_file(&moved);
            } else {
                kept.push(temp::keep(&moved, &self.target).unwrap_or(moved));
            }
        }
        error
    }

    /// Records `progress` as what the file holds, as `known` describes it. Only for a save that
    /// succeeds: the caller takes `progress` as its own.
    fn settle(&mut self, progress: &Progress, known: &Known) {
        self.base = progress.clone();
        self.stamp = known.stamp;
        self.digest = known.digest;
        self.exists = true;
    }

    /// The file as this process last read or wrote it.
    pub(super) fn known(&self) -> Known {
        Known {
            progress: self.exists.then(|| self.base.clone()),
            stamp: self.stamp,
            digest: self.digest,
        }
    }

    fn write_err(&self, source: io::Error) -> StateError {
        StateError::Write {
            path: self.path.clone(),
            source,
        }
    }
}

/// Merges `theirs`, a version of the file made from `base`, into `next`; a version that holds
/// nothing `base` lacks changes nothing. What was taken is added to `report`.
fn take_in(
    next: &mut Progress,
    base: &Progress,
    theirs: &mut Progress,
    report: &mut Option<Report>,
) {
    stamp_hand_edits(base, theirs, &now());
    if theirs.same_content(base) {
        return;
    }
    let (merged, taken) = merge(Some(base), next, theirs);
    *next = merged;
    let report = report.get_or_insert_with(Report::default);
    for (all, new) in [
        (&mut report.taken, taken.taken),
        (&mut report.kept_ours, taken.kept_ours),
        (&mut report.notes_joined, taken.notes_joined),
    ] {
        for cell in new {
            if !all.contains(&cell) {
                all.push(cell);
            }
        }
    }
    report.settings_changed |= taken.settings_changed;
}

/// Writes `progress` to a new temp file beside `target`, with the target's permissions and, where
/// allowed, its owner, and syncs it. Returns the open file, its path and the digest of what was
/// written. On failure the temp file is removed.
fn write_temp(target: &Path, progress: &Progress) -> io::Result<(File, PathBuf, u64)> {
    let (file, path) = temp::create(target)?;
    match fill(&file, target, progress) {
        Ok(digest) => Ok((file, path, digest)),
        Err(e) => {
            drop(file);
            let _ = fs::remove_file(&path);
            Err(e)
        }
    }
}

fn fill(file: &File, target: &Path, progress: &Progress) -> io::Result<u64> {
    if let Ok(like) = fs::metadata(target) {
        file.set_permissions(like.permissions())?;
        platform::copy_owner(file, &like);
    }
    // The JSON goes straight to the file through a buffer: however big the progress, no copy of
    // the whole text is made in memory.
    let mut out = BufWriter::with_capacity(
        64 * 1024,
        Digesting {
            file,
            digest: Digest::default(),
        },
    );
    serde_json::to_writer_pretty(&mut out, progress).map_err(io::Error::other)?;
    out.write_all(b"\n")?;
    let written = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(written.digest.finish())
}

/// A writer that digests what it writes.
struct Digesting<'a> {
    file: &'a File,
    digest: Digest,
}

impl Write for Digesting<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.digest.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// The digest of the regular file at `path`, read through a buffer.
fn digest_file(path: &Path) -> io::Result<u64> {
    let (mut file, _) = platform::open_regular(path)?;
    let mut digest = Digest::default();
    let mut buf = vec![0; 64 * 1024];
    loop {
        match io::Read::read(&mut file, &mut buf) {
            Ok(0) => return Ok(digest.finish()),
            Ok(n) => digest.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The digest of `bytes` (see `Digest`).
pub(super) fn digest(bytes: &[u8]) -> u64 {
    let mut digest = Digest::default();
    digest.update(bytes);
    digest.finish()
}

/// A fast 64-bit digest, eight bytes at a time, to tell whether a file still holds the bytes a
/// save read: not proof against someone crafting a collision, which no writer of this file has a
/// reason to do. Each step is a bijection of the state for a given word, so two inputs of one
/// length that differ in a single word never collide.
#[derive(Default)]
struct Digest {
    state: u64,
    tail: [u8; 8],
    tail_len: usize,
    len: u64,
}

impl Digest {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    fn word(&mut self, word: u64) {
        self.state = (self.state.rotate_left(23) ^ word).wrapping_mul(Self::K);
    }

    fn update(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.tail_len > 0 {
            let take = (8 - self.tail_len).min(bytes.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&bytes[..take]);
            self.tail_len += take;
            bytes = &bytes[take..];
            if self.tail_len < 8 {
                return;
            }
            self.word(u64::from_le_bytes(self.tail));
            self.tail_len = 0;
        }
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.word(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    fn finish(mut self) -> u64 {
        let mut last = [0; 8];
        last[..self.tail_len].copy_from_slice(&self.tail[..self.tail_len]);
        self.word(u64::from_le_bytes(last));
        self.word(self.len);
        // MurmurHash3's finaliser: every bit of the state reaches every bit of the digest.
        let mut z = self.state;
        z = (z ^ (z >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        z = (z ^ (z >> 33)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
        z ^ (z >> 33)
    }
}

/// A test's way in between a save's temp file being written and its swap: what another writer
/// does in that moment.
#[cfg(test)]
pub(super) mod hook {
    use std::cell::RefCell;
    use std::path::Path;

    type Hook = Box<dyn FnMut(&Path)>;

    thread_local! {
        static BEFORE_SWAP: RefCell<Option<Hook>> = const { RefCell::new(None) };
    }

    /// Runs `f` with the data file's path before every swap of saves on this thread.
    pub fn before_swap(f: impl FnMut(&Path) + 'static) {
        BEFORE_SWAP.with(|hook| *hook.borrow_mut() = Some(Box::new(f)));
    }

    pub fn clear() {
        BEFORE_SWAP.with(|hook| *hook.borrow_mut() = None);
    }

    pub(super) fn run(target: &Path) {
        let hook = BEFORE_SWAP.with(|hook| hook.borrow_mut().take());
        if let Some(mut f) = hook {
            f(target);
            BEFORE_SWAP.with(|slot| {
                let mut slot = slot.borrow_mut();
                if slot.is_none() {
                    *slot = Some(f);
                }
            });
        }
    }
}

#[cfg(test)]
mod tests;
