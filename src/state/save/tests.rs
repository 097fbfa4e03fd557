//! Another writer acting between a save's temp file and its swap, through the test hook: a
//! writer that renames a file over the data file, one that writes it in place, one that makes it
//! where there was none, one that never stops. What each wrote must be on disk afterwards, or the
//! save must fail leaving it there.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

use super::{Digest, ROUNDS, digest, hook};
use crate::model::{Progress, Status};
use crate::state::{self, StateError, Store};

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

fn listing(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// The file at `path` as another program would change it: read, one cell checked, serialized.
fn with_cell(path: &Path, task: u32, track: &str) -> Vec<u8> {
    let mut progress = state::read(path).unwrap();
    progress.set_status(task, track, Status::Done, &now());
    let mut bytes = serde_json::to_vec_pretty(&progress).unwrap();
    bytes.push(b'\n');
    bytes
}

/// Replaces the file as git or Syncthing does: a new file renamed over it.
fn rename_over(path: &Path, bytes: &[u8]) {
    let tmp = path.with_file_name("theirs.tmp");
    fs::write(&tmp, bytes).unwrap();
    fs::rename(&tmp, path).unwrap();
}

/// Runs `f` before the first swap on this thread only.
fn once(f: impl FnOnce(&Path) + 'static) {
    let mut f = Some(f);
    hook::before_swap(move |path| {
        if let Some(f) = f.take() {
            f(path);
        }
    });
}

/// A store on a file that holds one checked cell (1, go).
fn opened(dir: &Path) -> (Store, Progress, std::path::PathBuf) {
    let path = dir.join("progress.json");
    let (mut store, mut progress) = Store::open(&path).unwrap();
    progress.set_status(1, "go", Status::Done, &now());
    store.save(&progress).unwrap();
    (store, progress, path)
}

fn done(path: &Path) -> BTreeSet<(String, String)> {
    state::read(path)
        .unwrap()
        .cells()
        .filter(|(_, _, c)| c.status == Status::Done)
        .map(|(task, track, _)| (task.to_owned(), track.to_owned()))
        .collect()
}

fn cells(list: &[(u32, &str)]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|(task, track)| (task.to_string(), (*track).to_owned()))
        .collect()
}

#[test]
fn a_file_renamed_over_the_data_file_during_a_save_is_merged_in() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut progress, path) = opened(dir.path());
    once(|path| rename_over(path, &with_cell(path, 2, "git")));

    progress.set_status(3, "go", Status::Done, &now());
    let merged = store.save(&progress).unwrap();
    hook::clear();

    assert_eq!(done(&path), cells(&[(1, "go"), (2, "git"), (3, "go")]));
    let merged = merged.expect("the other writer's change is reported");
    assert_eq!(
        merged.report.taken,
        vec![("2".to_owned(), "git".to_owned())]
    );
    assert_eq!(merged.progress.status(2, "git"), Status::Done);
    assert_eq!(
        listing(dir.path()),
        BTreeSet::from(["progress.json".to_owned()])
    );
    // The store knows the file as it is now: nothing to reload.
    assert!(store.reload(&merged.progress).unwrap().is_none());
}

#[test]
fn a_file_written_in_place_during_a_save_is_merged_in() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut progress, path) = opened(dir.path());
    // An editor that truncates the file and writes it again, keeping its inode.
    once(|path| fs::write(path, with_cell(path, 2, "editor")).unwrap());

    progress.set_status(3, "go", Status::Done, &now());
    store.save(&progress).unwrap();
    hook::clear();

    assert_eq!(done(&path), cells(&[(1, "go"), (2, "editor"), (3, "go")]));
    assert_eq!(
        listing(dir.path()),
        BTreeSet::from(["progress.json".to_owned()])
    );
}

#[test]
fn the_same_bytes_written_again_during_a_save_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut progress, path) = opened(dir.path());
    // git checking out the very same content: a new file, the same bytes.
    once(|path| rename_over(path, &fs::read(path).unwrap()));

    progress.set_status(3, "go", Status::Done, &now());
    assert!(store.save(&progress).unwrap().is_none());
    hook::clear();

    assert_eq!(done(&path), cells(&[(1, "go"), (3, "go")]));
    assert_eq!(
        listing(dir.path()),
        BTreeSet::from(["progress.json".to_owned()])
    );
}

/// The writer truncates and writes half before the swap, and the rest a moment after it: its
/// writes land in the file that was swapped out, which is read again until it parses.
#[test]
fn an_in_place_write_still_under_way_at_the_swap_is_waited_for_and_merged_in() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut progress, path) = opened(dir.path());
    let writer = Rc::new(Cell::new(None));
    let handle = Rc::clone(&writer);
    once(move |path| {
        let bytes = with_cell(path, 2, "slow");
        let mut file = fs::File::create(path).unwrap();
        let half = bytes.len() / 2;
        file.write_all(&bytes[..half]).unwrap();
        let rest = bytes[half..].to_vec();
        handle.set(Some(std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(30));
            file.write_all(&rest).unwrap();
        })));
    });

    progress.set_status(3, "go", Status::Done, &now());
    store.save(&progress).unwrap();
    hook::clear();
    writer.take().unwrap().join().unwrap();

    assert_eq!(done(&path), cells(&[(1, "go"), (2, "slow"), (3, "go")]));
    assert_eq!(
        listing(dir.path()),
        BTreeSet::from(["progress.json".to_owned()])
    );
}

/// What does not become a progress file is put back where its writer wrote it, and the save
/// fails as it does when it reads a broken file first.
#[test]
fn a_broken_in_place_write_during_a_save_is_put_back_and_the_save_fails() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut progress, path) = opened(dir.path());
    once(|path| fs::write(path, b"{\"version\": 3, \"tasks\": ").unwrap());

    progress.set_status(3, "go", Status::Done, &now());
    let e = store.save(&progress).unwrap_err();
    hook::clear();

    assert!(matches!(e, StateError::Json { .. }), "{e:?}");
    assert_eq!(fs::read(&path).unwrap(), b"{\"version\": 3, \"tasks\": ");
    assert_eq!(
        listing(dir.path()),
        BTreeSet::from(["progress.json".to_owned()])
    );
    // Mended, the file takes the change at the next save.
    fs::write(&path, with_cell_of(&Progress::default(), 2, "mended")).unwrap();
    store.save(&progress).unwrap();
    assert_eq!(done(&path), cells(&[(1, "go"), (2, "mended"), (3, "go")]));
}

fn with_cell_of(progress: &Progress, task: u32, track: &str) -> Vec<u8> {
    let mut progress = progress.clone();
    progress.set_status(task, track, Status::Done, &now());
    serde_json::to_vec_pretty(&progress).unwrap()
}

#[test]
fn a_file_made_where_there_was_none_during_a_save_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.json");
    let (mut store, mut progress) = Store::open(&path).unwrap();
    once(|path| rename_over(path, &with_cell_of(&Progress::default(), 2, "sync")));

    progress.set_status(3, "go", Status::Done, &now());
    store.save(&progress).unwrap();
    hook::clear();

    assert_eq!(done(&path), cells(&[(2, "sync"), (3, "go")]));
    assert_eq!(
        listing(dir.path()),
        BTreeSet::from(["progress.json".to_owned()])
    );
}

/// A writer that replaces the file before every swap: the save gives up after `ROUNDS`, with
/// everything either in the file or in the copy its error names.
#[test]
fn a_writer_that_never_stops_makes_the_save_give_up_losing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut progress, path) = opened(dir.path());
    let task = Rc::new(Cell::new(10));
    let next = Rc::clone(&task);
    hook::before_swap(move |path| {
        next.set(next.get() + 1);
        rename_over(path, &with_cell(path, next.get(), "busy"));
    });

    progress.set_status(3, "go", Status::Done, &now());
    let e = store.save(&progress).unwrap_err();
    hook::clear();

    let StateError::Kept { copy, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(e.to_string().contains("roadmap-tui merge --from"), "{e}");
    let mut all = done(&path);
    all.extend(done(copy));
    let mut want: Vec<(u32, &str)> = vec![(1, "go"), (3, "go")];
    want.extend((11..=task.get()).map(|t| (t, "busy")));
    assert_eq!(task.get(), 10 + ROUNDS as u32);
    assert_eq!(all, cells(&want));
    assert_eq!(state::sync_conflicts(&path), vec![copy.clone()]);
    // Once the writer stops, the next save takes in the file and the copy, and removes the copy.
    let merged = store
        .save(&progress)
        .unwrap()
        .expect("what the file and the copy hold is merged in");
    assert_eq!(done(&path), cells(&want));
    assert_eq!(merged.progress.status(task.get(), "busy"), Status::Done);
    assert_eq!(
        listing(dir.path()),
        BTreeSet::from(["progress.json".to_owned()])
    );
}

/// A copy another process's save kept (it gave up, and exited) is taken in by the next save of
/// any writer; one that does not parse is left for `merge --from`.
#[test]
fn the_next_save_takes_in_the_copies_a_save_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut progress, path) = opened(dir.path());
    let theirs = with_cell(&path, 7, "sync");
    let copy = dir
        .path()
        .join("progress.unmerged-20261206-101010-AbCd.json");
    fs::write(&copy, &theirs).unwrap();
    let broken = dir
        .path()
        .join("progress.unmerged-20261206-101011-EfGh.json");
    fs::write(&broken, &theirs[..theirs.len() / 2]).unwrap();
    let other = dir.path().join("notes.unmerged-20261206-101010-AbCd.json");
    fs::write(&other, &theirs).unwrap();

    progress.set_status(3, "go", Status::Done, &now());
    let merged = store
        .save(&progress)
        .unwrap()
        .expect("the copy is merged in");

    assert_eq!(done(&path), cells(&[(1, "go"), (3, "go"), (7, "sync")]));
    assert_eq!(merged.progress.status(7, "sync"), Status::Done);
    assert!(!copy.exists(), "a copy taken in is removed");
    assert!(broken.exists(), "a copy that does not parse stays");
    assert!(other.exists(), "another file's copy is not touched");
}

/// A writer that never stops, each of its versions built on its own last one (not on the file):
/// its last version holds everything the save merged in but the save's own change, so the save
/// puts it back, keeps no copy, and fails; its change is still the caller's to save again.
#[test]
fn a_save_that_gives_up_leaves_the_file_as_such_a_writer_last_made_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut progress, path) = opened(dir.path());
    let mut theirs = state::read(&path).unwrap();
    let last = Rc::new(std::cell::RefCell::new(Vec::new()));
    let written = Rc::clone(&last);
    let task = Cell::new(10);
    hook::before_swap(move |path| {
        task.set(task.get() + 1);
        theirs.set_status(task.get(), "own", Status::Done, &now());
        let bytes = serde_json::to_vec_pretty(&theirs).unwrap();
        rename_over(path, &bytes);
        *written.borrow_mut() = bytes;
    });

    progress.set_status(3, "go", Status::Done, &now());
    let e = store.save(&progress).unwrap_err();
    hook::clear();

    assert!(matches!(e, StateError::Contended { .. }), "{e:?}");
    assert_eq!(fs::read(&path).unwrap(), *last.borrow());
    assert_eq!(
        listing(dir.path()),
        BTreeSet::from(["progress.json".to_owned()])
    );
    store.save(&progress).unwrap();
    let mut want: Vec<(u32, &str)> = vec![(1, "go"), (3, "go")];
    want.extend((11..11 + ROUNDS as u32).map(|t| (t, "own")));
    assert_eq!(done(&path), cells(&want));
}

#[test]
fn the_digest_sees_every_change_and_not_how_the_bytes_came() {
    let text: Vec<u8> = (0..1000u32).flat_map(|i| i.to_le_bytes()).collect();
    let whole = digest(&text);
    for split in [0, 1, 7, 8, 9, 500, 3999, 4000] {
        let mut d = Digest::default();
        d.update(&text[..split]);
        d.update(&text[split..]);
        assert_eq!(d.finish(), whole, "split at {split}");
    }
    for at in [0, 5, 8, 2047, 3999] {
        let mut changed = text.clone();
        changed[at] ^= 1;
        assert_ne!(digest(&changed), whole, "byte {at}");
    }
    assert_ne!(digest(&text[..3999]), whole);
    assert_ne!(digest(b""), digest(b"\0"));
}
