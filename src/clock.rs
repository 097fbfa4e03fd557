//! The clock: what day it is and the local time zone.
//!
//! `today` is the one place that reads `ROADMAP_TUI_TODAY`, so the command line, the card and
//! the TUI agree on "today", and tests can fix it. `local_zone` reads the zone's rules the cheap
//! way: `jiff::tz::TimeZone::system()` first walks the whole time zone database to find the name
//! of `/etc/localtime` (over a hundred system calls before the first frame, even with `TZ=UTC`),
//! while only the rules matter here, and they are in one file.

use std::path::{Component, Path};

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

const ZONEINFO: &str = "/usr/share/zoneinfo";

/// The zone dates are shown in: `TZ` when set (a name in the time zone database, a path, or a
/// POSIX rule), else the system's zone (`/etc/localtime` on Unix, the zone Windows is set to),
/// else UTC.
pub fn local_zone() -> TimeZone {
    match std::env::var("TZ") {
        Ok(tz) => from_tz_var(&tz),
        Err(_) => crate::platform::system_zone().unwrap_or(TimeZone::UTC),
    }
}

fn from_tz_var(value: &str) -> TimeZone {
    let value = value.strip_prefix(':').unwrap_or(value);
    if value.is_empty() || matches!(value, "UTC" | "UTC0" | "Etc/UTC" | "GMT" | "GMT0") {
        return TimeZone::UTC;
    }
    if value.starts_with('/') {
        return from_file(Path::new(value), value).unwrap_or(TimeZone::UTC);
    }
    let relative = Path::new(value);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if plain && let Some(tz) = from_file(&Path::new(ZONEINFO).join(relative), value) {
        return tz;
    }
    TimeZone::posix(value).unwrap_or(TimeZone::UTC)
}

/// The zone in the TZif file at `path`, `name` naming it.
pub(crate) fn from_file(path: &Path, name: &str) -> Option<TimeZone> {
    // A TZif file is a few kilobytes; anything much larger is not one.
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 1 << 20 {
        return None;
    }
    let data = std::fs::read(path).ok()?;
    TimeZone::tzif(name, &data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tz_values_are_read_without_the_database_walk() {
        assert_eq!(from_tz_var("UTC"), TimeZone::UTC);
        assert_eq!(from_tz_var(":UTC"), TimeZone::UTC);
        assert_eq!(from_tz_var(""), TimeZone::UTC);
        let ts: jiff::Timestamp = "2026-07-01T12:00:00Z".parse().unwrap();
        // A POSIX rule: two hours ahead of UTC.
        let posix = from_tz_var("XYZ-2");
        assert_eq!(posix.to_datetime(ts).hour(), 14);
        // A name outside the database and not a rule falls back to UTC; `..` never leaves it.
        assert_eq!(from_tz_var("../../etc/passwd"), TimeZone::UTC);
        if Path::new(ZONEINFO).join("Europe/Madrid").is_file() {
            assert_eq!(from_tz_var("Europe/Madrid").to_datetime(ts).hour(), 14);
        } else {
            eprintln!("SKIP: no time zone database at {ZONEINFO}");
        }
    }
}
