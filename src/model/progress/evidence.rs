//! A cell's evidence from running its tests (`verify`): the pass that made it done (part of the
//! cell's state register, bound to the state's stamp) and the last failed run (a register of its
//! own, stamped by its `at`).

use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How many lines of a failed run's output are kept.
pub const TAIL_LINES: usize = 20;

/// The run that made a cell done: the command, its exit status, how long it took, when it
/// ended, and the git commit of its folder where it ran inside a repository.
///
/// It belongs to the state it made: `stamp` is the cell's `changed_at` when it was recorded, and
/// the evidence counts only while the two are equal. A later change of the state (an uncheck,
/// even by a build that does not know this field and keeps it as it was) leaves it behind, and
/// the cell drops it when read (see `Cell::tidy`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verified {
    pub command: String,
    pub status: i32,
    pub ms: u64,
    /// When the run ended (RFC 3339).
    pub at: CompactString,
    /// The state's stamp this evidence belongs to.
    pub stamp: CompactString,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Fields a newer build adds, kept as they were.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The last run that failed or timed out: when (its stamp, a register of its own), the command,
/// its exit status (`None`: it timed out or could not start), how long it took and the last
/// lines it printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyFailed {
    pub at: CompactString,
    pub command: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<i32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub timed_out: bool,
    #[serde(default)]
    pub ms: u64,
    #[serde(default)]
    pub tail: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl VerifyFailed {
    /// Orders two failed runs for a merge: stamp, then content, so two never tie.
    pub fn newer_than(&self, other: &VerifyFailed, wall: jiff::Timestamp) -> bool {
        let time = |f: &VerifyFailed| crate::clock::trusted(Some(&f.at), wall);
        let text = |f: &VerifyFailed| serde_json::to_string(f).unwrap_or_default();
        (time(self), &self.at, text(self)) > (time(other), &other.at, text(other))
    }
}
