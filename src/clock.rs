//! What day it is: the one place that reads `ROADMAP_TUI_TODAY`, so the command line, the card
//! and the TUI agree on "today", and tests can fix it.

use jiff::civil::Date;
use jiff::tz::TimeZone;

/// Names a date (`YYYY-MM-DD`) to take as today; without it, today in the system's time zone.
pub const TODAY_ENV: &str = "ROADMAP_TUI_TODAY";

/// Today's date in `tz`, or the one `ROADMAP_TUI_TODAY` names; an error names a bad value.
pub fn today(tz: &TimeZone) -> Result<Date, String> {
    match std::env::var(TODAY_ENV) {
        Ok(value) if !value.trim().is_empty() => value
            .trim()
            .parse::<Date>()
            .map_err(|e| format!("{TODAY_ENV}=\"{value}\" is not a date (YYYY-MM-DD): {e}")),
        _ => Ok(tz.to_datetime(jiff::Timestamp::now()).date()),
    }
}
