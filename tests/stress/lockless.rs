//! The writer that takes no lock, as a sync tool, an editor or a script writes the progress
//! file: it reads the file, changes one of its own cells through the library (stamped as the app
//! stamps a change), and writes the whole file back, in turns by renaming a new file over it and
//! by truncating it and writing it in place.
//!
//! It must not lose others' changes itself, or the run could not tell its losses from the app's.
//! In place, it reads and writes through one descriptor: only it writes into a file's bytes (every
//! other writer replaces the file), so what it overwrites is what it read. Renamed in, it reads
//! the file again just before it swaps its own in, and makes its change again on what it then
//! holds if it changed; the swap is an exchange (a plain rename would unlink the old file unseen),
//! and it reads what it took out. If that is not the file it read, a save landed in between: it
//! merges that file in and swaps again at once, and tells the ledger which cells were out of
//! place and when (see `ledger::SHADOW`).

use std::collections::BTreeSet;
use std::fs::{self, OpenOptions};
use std::io::{self, Read as _};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use roadmap_tui::model::{Progress, Status};
use roadmap_tui::state;

use super::ledger::{CellKey, How, Ledger, Value};

/// How long a write of its own may be missing when the writer comes back to the cell before it
/// counts as lost: a save that took the file out from under it puts it back within that save.
pub const GRACE: Duration = Duration::from_secs(1);

/// What the writer saw besides its writes.
#[derive(Debug, Default)]
pub struct Tally {
    /// In-place writes that landed in a file another writer had already replaced: not done.
    pub into_replaced: u64,
    /// Writes of its own found missing when it came back to the cell, and back within the grace.
    pub back_in_grace: u64,
    /// The system cannot exchange two files: every write was made in place.
    pub no_exchange: bool,
}

pub struct Lockless<'a> {
    path: &'a Path,
    temp: PathBuf,
    own: Vec<CellKey>,
    all: Vec<CellKey>,
    ledger: &'a Ledger,
    turn: usize,
    pub tally: Tally,
}

impl<'a> Lockless<'a> {
    /// A writer of the cells `own` of the file at `path`; `all` are every writer's cells.
    pub fn new(path: &'a Path, own: Vec<CellKey>, all: Vec<CellKey>, ledger: &'a Ledger) -> Self {
        // Not the app's temp-file pattern (`.progress.json.XXXXXX`), which a save may tidy away.
        let temp = path.with_extension("json.lockless");
        Lockless {
            path,
            temp,
            own,
            all,
            ledger,
            turn: 0,
            tally: Tally::default(),
        }
    }

    /// One write, on the next of its cells; each cell is written renamed in and in place in turn.
    pub fn write_next(&mut self) -> io::Result<()> {
        let cell = self.own[self.turn % self.own.len()];
        let rename =
            (self.turn + self.turn / self.own.len()).is_multiple_of(2) && !self.tally.no_exchange;
        self.turn += 1;
        self.look_for_last_write(cell)?;
        if rename {
            self.rename_in(cell)
        } else {
            self.write_in_place(cell)
        }
    }

    /// Before changing `cell` again: the file must still hold the last write there, or get it
    /// back within the grace; if it does not, the ledger is told it is gone.
    fn look_for_last_write(&mut self, cell: CellKey) -> io::Result<()> {
        let Some(promise) = self.ledger.promise(cell) else {
            return Ok(());
        };
        let mut first = None;
        let started = Instant::now();
        loop {
            let from = Instant::now();
            let bytes = fs::read(self.path)?;
            let to = Instant::now();
            let parsed = state::parse(self.path, &bytes);
            if parsed.is_err() && started.elapsed() > 10 * GRACE {
                return Err(io::Error::other("the file has not parsed for 10 s"));
            }
            if let Ok(progress) = parsed {
                let seen = Value::in_file(&progress, cell);
                if promise.kept_by(seen) {
                    if first.is_some() {
                        self.tally.back_in_grace += 1;
                    }
                    return Ok(());
                }
                let (since, ..) = *first.get_or_insert((from, to, seen));
                if since.elapsed() > GRACE {
                    let (from, to, seen) = first.expect("set above");
                    self.ledger.gone(cell, from, to, seen);
                    return Ok(());
                }
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Reads the file, writes it with the change to a file beside it, and exchanges the two.
    fn rename_in(&mut self, cell: CellKey) -> io::Result<()> {
        let started = Instant::now();
        let mut read = fs::read(self.path)?;
        let mut progress;
        let mut ours;
        // As a careful program would: the file is read again just before the exchange, and the
        // change made again on what it then holds if another writer saved meanwhile.
        loop {
            progress = parse(self.path, &read)?;
            change(&mut progress, cell);
            ours = bytes_of(&progress)?;
            fs::write(&self.temp, &ours)?;
            let again = fs::read(self.path)?;
            if again == read {
                break;
            }
            read = again;
        }
        // What the path must hold when the exchange happens, for no one's change to go.
        let mut expected = read;
        let mut mend: Option<(Instant, BTreeSet<CellKey>)> = None;
        loop {
            let before = Instant::now();
            match exchange(&self.temp, self.path) {
                Ok(()) => {}
                Err(e) if mend.is_none() && unsupported(&e) => {
                    fs::remove_file(&self.temp)?;
                    self.tally.no_exchange = true;
                    return self.write_in_place(cell);
                }
                Err(e) => return Err(e),
            }
            let out = fs::read(&self.temp)?;
            if out == expected {
                break;
            }
            // A save landed between the read and the exchange: its changes are out of the file
            // until they are merged back in.
            let theirs = parse(self.path, &out)?;
            let (_, cells) = mend.get_or_insert_with(|| (before, BTreeSet::new()));
            for &c in &self.all {
                if Value::in_file(&theirs, c).stamp > Value::in_file(&progress, c).stamp {
                    cells.insert(c);
                }
            }
            progress = state::merge(None, &progress, &theirs).0;
            expected = ours;
            ours = bytes_of(&progress)?;
            // A new file: someone may still be reading the one taken out.
            fs::remove_file(&self.temp)?;
            fs::write(&self.temp, &ours)?;
        }
        fs::remove_file(&self.temp)?;
        let done = Instant::now();
        if let Some((from, cells)) = mend {
            self.ledger.mended(from, done, cells);
        }
        let value = Value::in_file(&progress, cell);
        self.ledger
            .wrote(How::RenamedIn, cell, value, (started, done));
        Ok(())
    }

    /// Reads the file and writes it again through the same descriptor: truncated, then written.
    fn write_in_place(&mut self, cell: CellKey) -> io::Result<()> {
        let started = Instant::now();
        let mut file = OpenOptions::new().read(true).write(true).open(self.path)?;
        let mut read = Vec::new();
        file.read_to_end(&mut read)?;
        let mut progress = parse(self.path, &read)?;
        change(&mut progress, cell);
        let ours = bytes_of(&progress)?;
        file.set_len(0)?;
        file.write_all_at(&ours, 0)?;
        // Done only if the path still names the file written: a save may have replaced it
        // since it was opened, and then the write went into a file no one will read.
        let written = file.metadata()?;
        let still = fs::metadata(self.path)
            .is_ok_and(|m| (m.dev(), m.ino()) == (written.dev(), written.ino()));
        let done = Instant::now();
        if still {
            let value = Value::in_file(&progress, cell);
            self.ledger
                .wrote(How::InPlace, cell, value, (started, done));
        } else {
            self.tally.into_replaced += 1;
        }
        Ok(())
    }
}

/// Done becomes todo, anything else done, stamped now as the app stamps a change.
fn change(progress: &mut Progress, (task, track): CellKey) {
    let status = match progress.status(task, track) {
        Status::Done => Status::Todo,
        Status::Todo | Status::InProgress | Status::Skip => Status::Done,
    };
    progress.set_status(task, track, status, &roadmap_tui::tui::now());
}

fn parse(path: &Path, bytes: &[u8]) -> io::Result<Progress> {
    state::parse(path, bytes).map_err(io::Error::other)
}

/// The file's bytes as the app writes them.
fn bytes_of(progress: &Progress) -> io::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(progress).map_err(io::Error::other)?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn unsupported(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Unsupported || e.raw_os_error() == Some(libc::EINVAL)
}

fn c_path(path: &Path) -> io::Result<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(io::Error::other)
}

/// Swaps the files at `a` and `b`, atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let (a, b) = (c_path(a)?, c_path(b)?);
    // SAFETY: two NUL-terminated paths that live across the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Swaps the files at `a` and `b`, atomically.
#[cfg(target_os = "macos")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let (a, b) = (c_path(a)?, c_path(b)?);
    // SAFETY: two NUL-terminated paths that live across the call.
    let rc = unsafe { libc::renamex_np(a.as_ptr(), b.as_ptr(), libc::RENAME_SWAP) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Elsewhere the writer cannot see what a rename would take out, so it writes in place only.
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let _ = (c_path(a)?, c_path(b)?);
    Err(io::ErrorKind::Unsupported.into())
}
