//! A git repository's progress files at the tip of every branch, read through the `git`
//! command without writing anything: `for-each-ref`, `ls-tree -r` and `cat-file --batch`, with
//! `GIT_OPTIONAL_LOCKS=0` so that no command takes a lock or refreshes the index.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::state::limited::PROGRESS_LIMIT;

/// One branch tip to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    /// As git names it for people: `ana` for a local branch, `origin/ana` for a remote one.
    pub name: String,
    /// The name without the remote: what names a learner.
    pub short: String,
    pub commit: String,
    upstream: Option<String>,
    full: String,
    time: i64,
}

/// A progress file candidate on a branch.
pub struct Blob {
    pub branch: usize,
    pub path: String,
    pub oid: String,
    pub size: u64,
}

/// `git` with nothing that writes: no optional locks, no prompts, no pager.
fn git(repo: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(repo)
        .args(["--no-pager", "-c", "core.fsmonitor=false"])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null());
    c
}

/// Runs `git` with `args`; its output, or an error with what it printed.
fn output(repo: &Path, args: &[&str]) -> io::Result<Vec<u8>> {
    let out = git(repo).args(args).stderr(Stdio::piped()).output()?;
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr);
        return Err(io::Error::other(format!(
            "git {} failed: {}",
            args.first().unwrap_or(&""),
            said.trim()
        )));
    }
    Ok(out.stdout)
}

/// The tips of the local branches and the remote-tracking ones (a remote's `HEAD` aside). Two
/// refs at one commit are one branch, the local one named; a local branch and the remote one
/// it tracks, at different commits, are one too: the one committed to last.
pub fn branches(repo: &Path) -> io::Result<Vec<Branch>> {
    let text = output(
        repo,
        &[
            "for-each-ref",
            "--format=%(objecttype) %(objectname) %(committerdate:unix) %(refname)%00%(upstream)",
            "refs/heads",
            "refs/remotes",
        ],
    )?;
    let text = String::from_utf8_lossy(&text);
    let mut all: Vec<Branch> = Vec::new();
    for line in text.lines() {
        let Some((head, upstream)) = line.split_once('\0') else {
            continue;
        };
        let mut parts = head.splitn(4, ' ');
        let (Some("commit"), Some(commit), Some(time), Some(full)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (name, short) = if let Some(name) = full.strip_prefix("refs/heads/") {
            (name.to_owned(), name.to_owned())
        } else if let Some(name) = full.strip_prefix("refs/remotes/") {
            match name.split_once('/') {
                Some((_, "HEAD")) | None => continue,
                Some((_, short)) => (name.to_owned(), short.to_owned()),
            }
        } else {
            continue;
        };
        all.push(Branch {
            name,
            short,
            commit: commit.to_owned(),
            upstream: (!upstream.is_empty()).then(|| upstream.to_owned()),
            full: full.to_owned(),
            time: time.parse().unwrap_or(0),
        });
    }
    // Local branches come first (refs/heads sorts before refs/remotes), so they win a tie.
    let mut kept: Vec<Branch> = Vec::new();
    for b in all {
        if kept.iter().any(|k| k.commit == b.commit) {
            continue;
        }
        let tracked = kept
            .iter()
            .position(|k| k.upstream.as_deref() == Some(b.full.as_str()));
        match tracked {
            Some(i) if b.time > kept[i].time => kept[i] = b,
            Some(_) => {}
            None => kept.push(b),
        }
    }
    Ok(kept)
}

/// The `*.json` files of each branch's tree, with their object ids and sizes.
pub fn json_blobs(repo: &Path, branches: &[Branch]) -> io::Result<Vec<Blob>> {
    let mut out = Vec::new();
    for (i, b) in branches.iter().enumerate() {
        let listing = output(
            repo,
            &["ls-tree", "-r", "-l", "-z", "--full-tree", &b.commit],
        )?;
        for entry in listing.split(|&c| c == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split_whitespace();
            let (Some(_mode), Some("blob"), Some(oid), Some(size)) =
                (meta.next(), meta.next(), meta.next(), meta.next())
            else {
                continue;
            };
            if super::find::is_json(path) {
                out.push(Blob {
                    branch: i,
                    path: path.to_owned(),
                    oid: oid.to_owned(),
                    size: size.parse().unwrap_or(u64::MAX),
                });
            }
        }
    }
    Ok(out)
}

/// The contents of the blobs `oids` (each once), through one `git cat-file --batch`. A blob
/// over the progress file's size limit is not read.
pub fn contents(repo: &Path, oids: &[&str]) -> io::Result<HashMap<String, Vec<u8>>> {
    let mut child = git(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| io::Error::other("no stdin"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| io::Error::other("no stdout"))?;
    let request: String = oids.iter().map(|o| format!("{o}\n")).collect();
    // Written from a thread of its own: git answers as it reads, and a full pipe each way would
    // stop both.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut reader = BufReader::new(stdout);
    let mut out = HashMap::new();
    let mut header = String::new();
    for _ in oids {
        header.clear();
        if reader.read_line(&mut header)? == 0 {
            break;
        }
        let mut parts = header.split_whitespace();
        let (Some(oid), Some(kind), Some(size)) = (parts.next(), parts.next(), parts.next()) else {
            continue; // "<oid> missing"
        };
        let size: u64 = size.parse().map_err(io::Error::other)?;
        let mut bytes = Vec::with_capacity(usize::try_from(size.min(PROGRESS_LIMIT)).unwrap_or(0));
        (&mut reader).take(size).read_to_end(&mut bytes)?;
        let mut newline = [0u8; 1];
        reader.read_exact(&mut newline)?;
        if kind == "blob" {
            out.insert(oid.to_owned(), bytes);
        }
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}
