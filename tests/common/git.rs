//! git for the tests that make repositories: a fixed identity, no signing, `main` as the first
//! branch.

use std::path::Path;

/// Runs git in `dir`; whether it succeeded (false too where git is not installed).
pub fn git(dir: &Path, args: &[&str]) -> bool {
    std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env_remove("GIT_DIR")
        .output()
        .is_ok_and(|o| o.status.success())
}
