//! The `[cohort]` table: when `roadmap-tui cohort` flags a learner as needing attention.
//!
//! ```toml
//! [cohort]
//! idle_days = 14   # no activity for this many days
//! stuck_days = 21  # a cell in progress for more than this many days
//! ```

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The thresholds of the cohort's attention flags, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CohortConfig {
    /// A learner with no activity (a cell done, started or changed) for at least this many days
    /// needs attention.
    pub idle_days: u32,
    /// A cell in progress for more than this many days needs attention.
    pub stuck_days: u32,
}

impl Default for CohortConfig {
    fn default() -> CohortConfig {
        CohortConfig {
            idle_days: 14,
            stuck_days: 21,
        }
    }
}

/// The most days a threshold may be: ten years.
pub const MAX_DAYS: u32 = 3650;

/// The settings of the table, for messages.
const SETTINGS: &str = "idle_days, stuck_days";

/// Reads `[cohort]`; an error is the span it is about and what is wrong.
pub(super) fn parse(table: &DeTable<'_>) -> Result<CohortConfig, (Range<usize>, String)> {
    let mut config = CohortConfig::default();
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let slot = match name {
            "idle_days" => &mut config.idle_days,
            "stuck_days" => &mut config.stuck_days,
            other => {
                return Err((
                    key.span(),
                    format!(
                        "unknown setting \"{}\" in [cohort]; the settings are: {SETTINGS}",
                        super::echo(other)
                    ),
                ));
            }
        };
        *slot = days(value, name)?;
    }
    Ok(config)
}

/// A whole number of days from 1 to `MAX_DAYS`.
fn days(value: &Spanned<DeValue<'_>>, name: &str) -> Result<u32, (Range<usize>, String)> {
    let wrong = || {
        (
            value.span(),
            format!("{name} is a whole number of days from 1 to {MAX_DAYS}, e.g. {name} = 14"),
        )
    };
    let DeValue::Integer(n) = value.get_ref() else {
        return Err(wrong());
    };
    u32::from_str_radix(n.as_str(), n.radix())
        .ok()
        .filter(|n| (1..=MAX_DAYS).contains(n))
        .ok_or_else(wrong)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::parse;

    #[test]
    fn the_thresholds_are_read_and_bad_ones_named_with_their_place() {
        let c = parse("[cohort]\nidle_days = 7\n", Path::new("c.toml")).unwrap();
        assert_eq!(c.cohort.idle_days, 7);
        assert_eq!(c.cohort.stuck_days, 21);
        let e = parse("[cohort]\nstuck_days = 0\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(e.at, Some((2, 14)));
        assert!(e.message.contains("stuck_days is a whole number"), "{e}");
        let e = parse("[cohort]\nidle = 3\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(e.at, Some((2, 1)));
        assert!(e.message.contains("unknown setting \"idle\""), "{e}");
        let e = parse("[cohort]\nidle_days = \"3\"\n", Path::new("c.toml")).unwrap_err();
        assert!(e.message.contains("idle_days is a whole number"), "{e}");
    }
}
