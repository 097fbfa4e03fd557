//! A class of learners: their progress files, read from folders, single files or the branches of
//! a git repository, each summarised with the figures `stats` gives for it, and why some need
//! attention. Read-only, always: bytes are read and parsed, never locked, created, stamped or
//! repaired (the saving path in `state` is not used at all).
//!
//! A PATH that is a repository's top folder (or a bare repository) is read at the tip of its
//! branches, not in its work tree; a folder inside a work tree is read as a folder.

pub mod export;
mod find;
mod git;
mod jobs;
pub mod screen;
mod sort;
mod summary;
pub mod tui;
pub mod watch;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::tz::TimeZone;

use jobs::{Job, Outcome, run_unique};
pub use sort::{SortKey, order};
pub use summary::{Count, Frontier, Reason, StartedCell, Summary, TrackCount};

use crate::config::CohortConfig;
use crate::model::text::for_terminal;
use crate::model::{Lang, Progress, Roadmap};
use crate::state::{DEFAULT_FILE, StateError, limited};

/// Where a learner's file was read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    File(PathBuf),
    /// `path` in the tree at the tip of `branch` (`ana`, or `origin/ana`) of `repo`.
    Git {
        repo: PathBuf,
        branch: String,
        path: String,
    },
}

impl fmt::Display for Source {
    /// Sanitised: a path or a branch may hold control characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Source::File(path) => path.display().to_string(),
            Source::Git { repo, branch, path } => {
                format!("{} [{branch}] {path}", repo.display())
            }
        };
        f.write_str(&one_line(&text))
    }
}

/// A file that looks like a learner's progress but could not be read; the others still load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub source: Source,
    pub kind: ProblemKind,
}

/// What is wrong with a file. The texts quoted (a system's or a parser's words) are sanitised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// It, or its folder or repository, could not be read.
    Unreadable(String),
    /// Not JSON.
    Json {
        line: usize,
        column: usize,
        reason: String,
    },
    /// JSON with a version, but not of the progress file's shape.
    Shape(String),
    /// Written by a newer roadmap-tui.
    Version(u64),
    /// Holds git conflict markers.
    Conflict,
    /// A repository, and no `git` command to read it with.
    NoGit,
}

impl ProblemKind {
    fn of(e: &StateError) -> ProblemKind {
        match e {
            StateError::Json {
                line,
                column,
                reason,
                ..
            } => ProblemKind::Json {
                line: *line,
                column: *column,
                reason: one_line(reason),
            },
            StateError::Shape { reason, .. } => ProblemKind::Shape(one_line(reason)),
            StateError::Version { found, .. } => ProblemKind::Version(*found),
            StateError::Conflict { .. } => ProblemKind::Conflict,
            StateError::Read { source, .. } => {
                ProblemKind::Unreadable(one_line(&source.to_string()))
            }
            other => ProblemKind::Unreadable(one_line(&other.to_string())),
        }
    }

    /// What is wrong, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use crate::model::progress::FORMAT_VERSION as V;
        match (self, lang) {
            (ProblemKind::Unreadable(why), Lang::En) => format!("cannot be read: {why}"),
            (ProblemKind::Unreadable(why), Lang::Es) => format!("no se puede leer: {why}"),
            (
                ProblemKind::Json {
                    line,
                    column,
                    reason,
                },
                Lang::En,
            ) => {
                format!("not valid JSON: {reason} (line {line}, column {column})")
            }
            (
                ProblemKind::Json {
                    line,
                    column,
                    reason,
                },
                Lang::Es,
            ) => {
                format!("no es JSON válido: {reason} (línea {line}, columna {column})")
            }
            (ProblemKind::Shape(reason), Lang::En) => {
                format!("not a roadmap-tui progress file: {reason}")
            }
            (ProblemKind::Shape(reason), Lang::Es) => {
                format!("no es un archivo de progreso de roadmap-tui: {reason}")
            }
            (ProblemKind::Version(n), Lang::En) => {
                format!("written by a newer roadmap-tui, version {n} (this one reads up to {V})")
            }
            (ProblemKind::Version(n), Lang::Es) => {
                format!("escrito por un roadmap-tui más nuevo, versión {n} (este lee hasta la {V})")
            }
            (ProblemKind::Conflict, Lang::En) => {
                "holds git conflict markers (<<<<<<<): a merge stopped half-way in it".into()
            }
            (ProblemKind::NoGit, Lang::En) => {
                "a git repository, and the git command is not installed: install git to read its \
                 branches"
                    .into()
            }
            (ProblemKind::NoGit, Lang::Es) => {
                "un repositorio git, y el comando git no está instalado: instala git para leer \
                 sus ramas"
                    .into()
            }
            (ProblemKind::Conflict, Lang::Es) => {
                "tiene marcas de conflicto de git (<<<<<<<): una fusión quedó a medias".into()
            }
        }
    }
}

/// One learner.
#[derive(Debug, Clone)]
pub struct Learner {
    /// `settings.name`, else the branch's name, else the folder of a `progress.json`, else the
    /// file's stem; sanitised for a terminal and on one line.
    pub name: String,
    pub source: Source,
    /// Their progress as read (notes cleaned of control characters by the reading). A copy is
    /// cheap: `App::new(roadmap.clone(), learner.progress.clone())` opens their grid.
    pub progress: Progress,
    pub summary: Summary,
}

/// Everything read from the PATHs.
#[derive(Debug, Clone, Default)]
pub struct Cohort {
    /// In the order they were found (see `order` for the others).
    pub learners: Vec<Learner>,
    pub problems: Vec<Problem>,
}

/// What `load` measures against.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub roadmap: &'a Roadmap,
    pub limits: CohortConfig,
    pub today: Date,
    pub tz: &'a TimeZone,
}

/// A PATH that is not there or cannot be looked at.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {}: {source}", one_line(&.path.display().to_string()))]
pub struct MissingPath {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// Text from another person's file made safe for a terminal and kept on one line: what
/// `text::for_terminal` drops (escape sequences, controls, bidi overrides) dropped, runs of
/// white space (newlines and tabs too) made one space, the ends trimmed.
pub fn one_line(s: &str) -> String {
    for_terminal(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads every PATH. A PATH that is not there is an error; a file in it that cannot be read
/// is a `Problem`, and the rest still load.
pub fn load(paths: &[PathBuf], options: &Options) -> Result<Cohort, MissingPath> {
    let mut cohort = Cohort::default();
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    let mut jobs: Vec<Job> = Vec::new();
    for path in paths {
        let kind = find::kind(path).map_err(|source| MissingPath {
            path: path.clone(),
            source,
        })?;
        match kind {
            find::Kind::File => files.push((path.clone(), false)),
            find::Kind::Folder => {
                let (mut found, mut errors) = (Vec::new(), Vec::new());
                find::json_files(path, &mut found, &mut errors);
                files.extend(found.into_iter().map(|p| (p, true)));
                cohort
                    .problems
                    .extend(errors.into_iter().map(|(p, e)| Problem {
                        source: Source::File(p),
                        kind: ProblemKind::Unreadable(one_line(&e.to_string())),
                    }));
            }
            find::Kind::Repository => match git_jobs(path) {
                Ok(found) => jobs.extend(found),
                Err(e) => cohort.problems.push(Problem {
                    source: Source::File(path.clone()),
                    kind: if e.kind() == std::io::ErrorKind::NotFound {
                        ProblemKind::NoGit
                    } else {
                        ProblemKind::Unreadable(one_line(&e.to_string()))
                    },
                }),
            },
        }
    }
    // A file named twice (a folder and a file in it) is one learner.
    if paths.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        files.retain(|(p, _)| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    }
    let file_jobs = files.into_iter().map(|(path, searched)| Job {
        fallback: file_name(&path),
        source: Source::File(path),
        bytes: Err(String::new()),
        searched,
    });
    let jobs: Vec<Job> = file_jobs.chain(jobs).collect();
    for (i, outcome) in run_unique(&jobs, options).into_iter().enumerate() {
        match outcome {
            Outcome::Learner(learner) => cohort.learners.push(*learner),
            Outcome::Problem(kind) => cohort.problems.push(Problem {
                source: jobs[i].source.clone(),
                kind,
            }),
            Outcome::Skip => {}
        }
    }
    Ok(cohort)
}

/// A learner's name from their file's place: the folder of a `progress.json`, else its stem.
fn file_name(path: &Path) -> String {
    let stem = || path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let folder = || {
        let parent = path.parent().unwrap_or(Path::new(""));
        // `./progress.json` or `../progress.json` name no folder: the real one does.
        let named = parent.file_name().filter(|_| {
            !matches!(
                parent.components().next_back(),
                Some(std::path::Component::CurDir | std::path::Component::ParentDir)
            )
        });
        let real = || {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            std::fs::canonicalize(parent).ok()
        };
        match named {
            Some(name) => Some(name.to_string_lossy().into_owned()),
            None => real().and_then(|p| p.file_name().map(|s| s.to_string_lossy().into_owned())),
        }
    };
    let named = if path.file_name().is_some_and(|n| n == DEFAULT_FILE) {
        folder().or_else(stem)
    } else {
        stem()
    };
    named.unwrap_or_default()
}

fn git_jobs(repo: &Path) -> std::io::Result<Vec<Job>> {
    let branches = git::branches(repo)?;
    let blobs = git::json_blobs(repo, &branches)?;
    let mut oids: Vec<&str> = blobs
        .iter()
        .filter(|b| b.size <= limited::PROGRESS_LIMIT)
        .map(|b| b.oid.as_str())
        .collect();
    oids.sort_unstable();
    oids.dedup();
    let contents: HashMap<String, std::sync::Arc<Vec<u8>>> = git::contents(repo, &oids)?
        .into_iter()
        .map(|(k, v)| (k, std::sync::Arc::new(v)))
        .collect();
    let per_branch = |i: usize| blobs.iter().filter(|b| b.branch == i).count();
    Ok(blobs
        .iter()
        .map(|blob| {
            let branch = &branches[blob.branch];
            let source = Source::Git {
                repo: repo.to_owned(),
                branch: branch.name.clone(),
                path: blob.path.clone(),
            };
            // A branch's one file, or its top `progress.json`, is named by the branch; others by
            // the branch and the file.
            let fallback = if per_branch(blob.branch) == 1 || blob.path == DEFAULT_FILE {
                branch.short.clone()
            } else {
                let path = Path::new(&blob.path);
                let folder = path.parent().and_then(Path::file_name);
                let stem = path.file_stem().unwrap_or_default();
                let name = match folder {
                    Some(folder) if path.file_name().is_some_and(|n| n == DEFAULT_FILE) => folder,
                    _ => stem,
                };
                format!("{}/{}", branch.short, name.to_string_lossy())
            };
            let bytes = contents.get(&blob.oid).cloned().ok_or_else(|| {
                if blob.size > limited::PROGRESS_LIMIT {
                    format!(
                        "it is larger than {} MiB, the most this reads",
                        limited::PROGRESS_LIMIT >> 20
                    )
                } else {
                    "git could not read it".to_owned()
                }
            });
            Job {
                source,
                fallback,
                bytes,
                searched: true,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests;
