//! Evidence from git: the current repository's HEAD commit (short hash, subject, and its web
//! address on a known forge) as a line for a cell's note. git runs as a subprocess.

use std::path::Path;
use std::process::Command;

use super::CliError;

/// The HEAD commit of a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub full: String,
    pub short: String,
    pub subject: String,
    /// The commit's page, when `origin` is on a known forge.
    pub url: Option<String>,
}

impl Commit {
    /// The line the note gets: `abc1234 Subject — https://…`.
    pub fn line(&self) -> String {
        match &self.url {
            Some(url) => format!("{} {} — {url}", self.short, self.subject),
            None => format!("{} {}", self.short, self.subject),
        }
    }
}

/// Runs git in `dir`; `Ok(None)` when git says no (exit status not 0).
fn git(dir: &Path, args: &[&str]) -> Result<Option<String>, CliError> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => CliError::Failure(
                "--git needs git, which is not installed or not on the PATH".to_owned(),
            ),
            _ => CliError::Failure(format!("cannot run git: {e}")),
        })?;
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim_end().to_owned()))
}

/// The HEAD commit of the repository `dir` is in.
pub fn head(dir: &Path) -> Result<Commit, CliError> {
    let inside = git(dir, &["rev-parse", "--is-inside-work-tree"])?;
    if inside.as_deref() != Some("true") {
        return Err(CliError::Input(format!(
            "{} is not in a git repository: --git records the HEAD commit of the repository you \
             run it in",
            dir.display()
        )));
    }
    let log = git(dir, &["log", "-1", "--format=%H%x00%h%x00%s"])?.ok_or_else(|| {
        CliError::Input("the repository has no commit yet: commit first, then --git".to_owned())
    })?;
    let mut parts = log.splitn(3, '\0');
    let (Some(full), Some(short), Some(subject)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(CliError::Failure(format!("git log said: {log}")));
    };
    let url =
        git(dir, &["remote", "get-url", "origin"])?.and_then(|remote| web_url(remote.trim(), full));
    Ok(Commit {
        full: full.to_owned(),
        short: short.to_owned(),
        subject: crate::model::text::strip_controls(subject, false),
        url,
    })
}

/// The web page of commit `hash` for a remote on a known forge, from its ssh
/// (`git@host:owner/repo.git`, `ssh://git@host[:port]/owner/repo`) or http(s) address.
/// User names and tokens in the address are never copied.
pub fn web_url(remote: &str, hash: &str) -> Option<String> {
    let (host, path) = if let Some(rest) = remote
        .strip_prefix("https://")
        .or_else(|| remote.strip_prefix("http://"))
        .or_else(|| remote.strip_prefix("ssh://"))
        .or_else(|| remote.strip_prefix("git://"))
    {
        let (authority, path) = rest.split_once('/')?;
        let host = authority.rsplit('@').next()?;
        (host.split(':').next()?, path)
    } else {
        // scp-like: [user@]host:path
        let (authority, path) = remote.split_once(':')?;
        (authority.rsplit('@').next()?, path)
    };
    let host = host.to_ascii_lowercase();
    let path = path.trim_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let ok = |s: &str| {
        !s.is_empty()
            && s.split('/').all(|p| {
                !p.is_empty()
                    && p != ".."
                    && p.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            })
    };
    if !ok(path) || !path.contains('/') || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let commit = match host.as_str() {
        "github.com" | "codeberg.org" => "commit",
        "gitlab.com" => "-/commit",
        "bitbucket.org" => "commits",
        _ => return None,
    };
    Some(format!("https://{host}/{path}/{commit}/{hash}"))
}

/// `note` with `line` added on a line of its own, unless the commit is already there.
pub fn append(note: Option<&str>, line: &str, short: &str) -> String {
    match note {
        Some(n) if n.contains(short) => n.to_owned(),
        Some(n) if !n.trim().is_empty() => format!("{}\n{line}", n.trim_end()),
        _ => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn forges_in_ssh_and_https_forms() {
        let gh = format!("https://github.com/ana/roadmap/commit/{H}");
        for remote in [
            "git@github.com:ana/roadmap.git",
            "ssh://git@github.com/ana/roadmap.git",
            "ssh://git@github.com:22/ana/roadmap",
            "https://github.com/ana/roadmap.git",
            "https://ana:secret-token@github.com/ana/roadmap/",
            "http://GitHub.com/ana/roadmap",
        ] {
            assert_eq!(web_url(remote, H).as_deref(), Some(gh.as_str()), "{remote}");
        }
        assert_eq!(
            web_url("git@gitlab.com:group/sub/project.git", H).unwrap(),
            format!("https://gitlab.com/group/sub/project/-/commit/{H}")
        );
        assert_eq!(
            web_url("https://codeberg.org/ana/r.git", H).unwrap(),
            format!("https://codeberg.org/ana/r/commit/{H}")
        );
        assert_eq!(
            web_url("git@bitbucket.org:ana/r.git", H).unwrap(),
            format!("https://bitbucket.org/ana/r/commits/{H}")
        );
        for unknown in [
            "git@example.com:ana/r.git",
            "/srv/git/r.git",
            "../r",
            "https://github.com/",
            "https://github.com/ana/../x",
        ] {
            assert_eq!(web_url(unknown, H), None, "{unknown}");
        }
    }

    #[test]
    fn the_line_is_appended_once() {
        assert_eq!(append(None, "abc1234 Do it", "abc1234"), "abc1234 Do it");
        assert_eq!(
            append(Some("plan: chi\n"), "abc1234 Do it", "abc1234"),
            "plan: chi\nabc1234 Do it"
        );
        assert_eq!(
            append(Some("plan\nabc1234 Do it"), "abc1234 Do it", "abc1234"),
            "plan\nabc1234 Do it"
        );
    }
}
