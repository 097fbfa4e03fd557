//! A goal as the progress file keeps it: a target date under `"all"` or a language's id in the
//! settings. What a goal means (its pace, whether it is reached) is `model::goal`'s.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One goal as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    /// The target day, YYYY-MM-DD; kept as text so a value this build cannot read does not make
    /// the file unreadable (such a goal is ignored).
    #[serde(default)]
    pub date: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Goal {
    pub fn new(date: Date) -> Goal {
        Goal {
            date: date.to_string(),
            extra: Map::new(),
        }
    }

    pub fn target(&self) -> Option<Date> {
        self.date.trim().parse().ok()
    }
}

/// Goals by key (`"all"`, `model::goal::ALL`, or a language id).
pub type Goals = BTreeMap<String, Goal>;
