//! What to watch for the cohort to follow its learners' files: a folder PATH and everything
//! under it (a file added, changed or removed), a single file's folder (for that file only), a
//! repository's refs and packed refs (a branch moved). Watching reads nothing and writes nothing.

use std::path::{Path, PathBuf};

use super::find::{self, Kind};

/// One folder to watch and which of the changes in it count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub dir: PathBuf,
    pub recursive: bool,
    /// `None`: any change under `dir`; `Some(path)`: only one to that path.
    pub only: Option<PathBuf>,
}

impl Target {
    /// Whether a change to `path` counts.
    pub fn concerns(&self, path: &Path) -> bool {
        match &self.only {
            Some(only) => path == only,
            None => path.starts_with(&self.dir),
        }
    }
}

/// The targets for the PATHs given to `cohort` (those that exist).
pub fn targets(paths: &[PathBuf]) -> Vec<Target> {
    let mut out = Vec::new();
    for path in paths {
        let Ok(path) = std::fs::canonicalize(path) else {
            continue;
        };
        match find::kind(&path) {
            Ok(Kind::File) => {
                if let Some(dir) = path.parent() {
                    out.push(Target {
                        dir: dir.to_owned(),
                        recursive: false,
                        only: Some(path.clone()),
                    });
                }
            }
            Ok(Kind::Folder) => out.push(Target {
                dir: path,
                recursive: true,
                only: None,
            }),
            Ok(Kind::Repository) => {
                let dot = path.join(".git");
                let git = if dot.is_dir() { dot } else { path.clone() };
                out.push(Target {
                    dir: git.join("refs"),
                    recursive: true,
                    only: None,
                });
                out.push(Target {
                    dir: git.clone(),
                    recursive: false,
                    only: Some(git.join("packed-refs")),
                });
            }
            Err(_) => {}
        }
    }
    out
}

/// Whether anything the targets watch was modified at `since` or later (or a second before, for
/// file systems that keep times coarsely): looks at the times of the files only, reads none.
pub fn changed_since(targets: &[Target], since: std::time::SystemTime) -> bool {
    let since = since
        .checked_sub(std::time::Duration::from_secs(1))
        .unwrap_or(since);
    let newer = |path: &Path| {
        std::fs::symlink_metadata(path)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= since)
    };
    targets.iter().any(|target| match &target.only {
        Some(only) => newer(only),
        None => newer_under(&target.dir, target.recursive, &newer),
    })
}

/// Whether `dir`, or anything in it (at any depth when `recursive`), is `newer`.
fn newer_under(dir: &Path, recursive: bool, newer: &dyn Fn(&Path) -> bool) -> bool {
    if newer(dir) {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|entry| {
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && recursive {
            newer_under(&path, true, newer)
        } else {
            newer(&path)
        }
    })
}

// Unix only: a folder's time is set through a handle to it, which std opens on Unix only.
#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_after_the_reading_began_is_seen_and_an_older_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        let file = deep.join("progress.json");
        std::fs::write(&file, "{}").unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for p in [dir.path(), &dir.path().join("a"), &deep, &file] {
            std::fs::File::options()
                .write(p == file.as_path())
                .read(true)
                .open(p)
                .and_then(|f| f.set_modified(old))
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        }
        let targets = targets(&[dir.path().to_owned()]);
        let read_at = std::time::SystemTime::now();
        assert!(!changed_since(&targets, read_at), "nothing changed yet");
        std::fs::write(&file, "{\"version\": 3}").unwrap();
        assert!(changed_since(&targets, read_at), "the change is seen");
    }
}
