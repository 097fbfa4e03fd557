//! A home folder for a test, with a progress file's place in it, gone when the test ends. Each
//! test file adds what it runs there in an `impl Sandbox` of its own.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

pub struct Sandbox {
    pub dir: TempDir,
}

impl Default for Sandbox {
    fn default() -> Sandbox {
        Sandbox::new()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `progress.json` in the home folder.
    pub fn data(&self) -> PathBuf {
        self.path().join("progress.json")
    }
}
