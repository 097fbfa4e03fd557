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
