//! Turning bytes into learners: each file read, parsed and summarised once, on as many threads
//! as the machine has cores.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Learner, Options, ProblemKind, Source, Summary, find, one_line};
use crate::model::Progress;
use crate::state::{self, StateError, limited};

/// Bytes to turn into a learner.
pub(super) struct Job {
    pub(super) source: Source,
    /// The name to fall back on when the file has none.
    pub(super) fallback: String,
    pub(super) bytes: Result<std::sync::Arc<Vec<u8>>, String>,
    /// Whether a file that is not progress is to be passed over (found by a search) or reported
    /// (named by the user).
    pub(super) searched: bool,
}

pub(super) enum Outcome {
    Learner(Box<Learner>),
    Problem(ProblemKind),
    Skip,
}

/// The outcome of every job, each set of bytes parsed once: git gives one blob to every branch
/// where a file is the same.
pub(super) fn run_unique(jobs: &[Job], options: &Options) -> Vec<Outcome> {
    let mut first: HashMap<*const Vec<u8>, usize> = HashMap::new();
    let mut unique: Vec<&Job> = Vec::new();
    // For each job, the index in `unique` of the job whose outcome it takes.
    let mut of: Vec<usize> = Vec::with_capacity(jobs.len());
    for job in jobs {
        let shared = job.bytes.as_ref().ok().map(std::sync::Arc::as_ptr);
        match shared.and_then(|ptr| first.get(&ptr)) {
            Some(&u) => of.push(u),
            None => {
                if let Some(ptr) = shared {
                    first.insert(ptr, unique.len());
                }
                of.push(unique.len());
                unique.push(job);
            }
        }
    }
    let outcomes = run_jobs(&unique, options);
    let mut taken: Vec<Option<Outcome>> = outcomes.into_iter().map(Some).collect();
    // The last job to take an outcome takes it whole; the others a copy.
    let mut last_use = vec![0; unique.len()];
    for (i, &u) in of.iter().enumerate() {
        last_use[u] = i;
    }
    of.iter()
        .enumerate()
        .map(|(i, &u)| {
            let outcome = if last_use[u] == i {
                taken[u].take()
            } else {
                taken[u].as_ref().map(Outcome::copy)
            };
            match outcome {
                Some(Outcome::Learner(mut learner)) if unique[u].source != jobs[i].source => {
                    learner.source = jobs[i].source.clone();
                    learner.name = name_of(&learner.progress, &jobs[i].fallback);
                    Outcome::Learner(learner)
                }
                Some(outcome) => outcome,
                None => Outcome::Skip,
            }
        })
        .collect()
}

impl Outcome {
    fn copy(&self) -> Outcome {
        match self {
            Outcome::Learner(l) => Outcome::Learner(l.clone()),
            Outcome::Problem(p) => Outcome::Problem(p.clone()),
            Outcome::Skip => Outcome::Skip,
        }
    }
}

/// A learner's name: their own, else `fallback`; on one line, sanitised.
fn name_of(progress: &Progress, fallback: &str) -> String {
    let own = progress
        .settings
        .name
        .as_deref()
        .map(one_line)
        .filter(|n| !n.is_empty());
    own.unwrap_or_else(|| one_line(fallback))
}

/// Reads and summarises every job on as many threads as the machine has cores.
fn run_jobs(jobs: &[&Job], options: &Options) -> Vec<Outcome> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break };
            done.push((i, one(job, options)));
        }
        done
    };
    let mut results: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok())
            .collect();
        let mut all = work();
        for h in handles {
            all.extend(h.join().unwrap_or_default());
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, o)| o).collect()
}

/// Reads one file (unless its bytes came from git), parses and summarises it.
fn one(job: &Job, options: &Options) -> Outcome {
    let read;
    let bytes: &[u8] = match (&job.source, &job.bytes) {
        (Source::File(path), _) => match limited::read_limited(path, limited::PROGRESS_LIMIT) {
            Ok(b) => {
                read = b;
                &read
            }
            Err(source) => {
                let e = StateError::Read {
                    path: path.clone(),
                    source,
                };
                return Outcome::Problem(ProblemKind::of(&e));
            }
        },
        (_, Ok(bytes)) => bytes,
        (_, Err(why)) => return Outcome::Problem(ProblemKind::Unreadable(one_line(why))),
    };
    let shown = PathBuf::from(job.source.to_string());
    match state::parse(&shown, bytes) {
        Ok(progress) => {
            let summary = Summary::compute(
                options.roadmap,
                &progress,
                &options.limits,
                options.today,
                options.tz,
            );
            Outcome::Learner(Box::new(Learner {
                name: name_of(&progress, &job.fallback),
                source: job.source.clone(),
                progress,
                summary,
            }))
        }
        Err(e) if !job.searched || find::is_broken_progress(bytes, &e) => {
            Outcome::Problem(ProblemKind::of(&e))
        }
        Err(_) => Outcome::Skip,
    }
}
