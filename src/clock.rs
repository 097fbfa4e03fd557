//! The clock: what day it is, days between dates, the local time zone, and the stamps that
//! order changes.
//!
//! **Stamps.** Every part of the progress that can change on its own (a cell's state, its note,
//! each setting) carries the stamp of its last change, and a merge keeps the part with the
//! greater stamp (see `state::merge`). A stamp is this machine's wall time, to the millisecond,
//! raised above the stamp of the value it replaces: a hybrid logical clock, kept per part. So a
//! change made after seeing another always wins over it, even on a machine whose clock is behind
//! (the new stamp is then the old one plus a millisecond). A stamp more than `MAX_AHEAD` ahead
//! of the reading machine's clock is not trusted (a machine whose clock said 2099): it counts as
//! older than any trusted stamp, and no new stamp is raised above it, so it cannot win for ever.
//!
//! `today` is the one place that reads `ROADMAP_TUI_TODAY`, so the command line, the card and
//! the TUI agree on "today", and tests can fix it. `local_zone` reads the zone's rules the cheap
//! way: `jiff::tz::TimeZone::system()` first walks the whole time zone database to find the name
//! of `/etc/localtime` (over a hundred system calls before the first frame, even with `TZ=UTC`),
//! while only the rules matter here, and they are in one file.

use std::path::{Component, Path};

use compact_str::{CompactString, ToCompactString};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};

/// How far ahead of this machine's clock a stamp is still trusted: one hour. Clocks set by
/// hand or a wrong time zone are out by whole hours; a synced clock by well under a second.
pub const MAX_AHEAD: SignedDuration = SignedDuration::from_hours(1);

/// A stamp as written in the file (RFC 3339); `None` when it is not one.
pub fn parse_stamp(text: &str) -> Option<Timestamp> {
    text.parse().ok()
}

/// The `YYYY-MM-DD` a stamp starts with: its day where it was written, at most a day from its
/// day in any zone. Compared as text, these order as the days do, so a stamp far from a day can
/// be passed over without parsing it. `None` when the stamp does not start so.
pub fn day_prefix(stamp: &str) -> Option<&str> {
    let day = stamp.get(..10)?;
    let b = day.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then_some(day)
}

/// A stamp as this machine judges it: `None` (older than any stamp) when it is missing, not a
/// time, or more than `MAX_AHEAD` ahead of `wall`.
pub fn trusted(stamp: Option<&str>, wall: Timestamp) -> Option<Timestamp> {
    let ts = parse_stamp(stamp?)?;
    (ts <= wall.saturating_add(MAX_AHEAD).unwrap_or(Timestamp::MAX)).then_some(ts)
}

/// The stamp for a change made at `now` (RFC 3339; this machine's clock when it does not parse)
/// to a part whose stamp was `before`: `now` to the millisecond, raised a millisecond above
/// `before` when that is trusted and not older.
pub fn stamp_after(now: &str, before: Option<&str>) -> CompactString {
    let wall = parse_stamp(now).unwrap_or_else(Timestamp::now);
    let ms = jiff::TimestampRound::new()
        .smallest(jiff::Unit::Millisecond)
        .mode(jiff::RoundMode::Trunc);
    let mut stamp = wall.round(ms).unwrap_or(wall);
    if let Some(before) = trusted(before, wall)
        && before >= stamp
    {
        stamp = before
            .round(ms)
            .unwrap_or(before)
            .saturating_add(SignedDuration::from_millis(1))
            .unwrap_or(before);
    }
    stamp.to_compact_string()
}

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

/// The time a change made on `day` is dated with when it is recorded later (`check --date`):
/// noon of that day in `tz`, or `now` (RFC 3339) when noon is still to come. RFC 3339 UTC to the
/// second, as `now` is.
pub fn back_dated(day: Date, tz: &TimeZone, now: &str) -> String {
    let now_ts = parse_stamp(now).unwrap_or_else(Timestamp::now);
    let noon = tz.to_timestamp(day.at(12, 0, 0, 0)).unwrap_or(now_ts);
    if noon > now_ts {
        now.to_owned()
    } else {
        noon.to_string()
    }
}

/// `today` plus `days`, or `today` where the calendar ends.
pub fn add_days(today: Date, days: i64) -> Date {
    today.checked_add(days.days()).unwrap_or(today)
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
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
    fn a_stamps_day_prefix_is_its_first_ten_characters_when_they_are_a_date() {
        assert_eq!(day_prefix("2026-11-08T23:00:00-12:00"), Some("2026-11-08"));
        assert_eq!(day_prefix("2026-11-08"), Some("2026-11-08"));
        assert_eq!(day_prefix("26-11-08T00:00:00Z"), None);
        assert_eq!(day_prefix("yesterday!"), None);
        assert_eq!(day_prefix("2026-1"), None);
        assert_eq!(day_prefix("2026-11-0\u{e9}"), None);
    }

    #[test]
    fn a_stamp_is_raised_above_the_one_it_replaces_unless_that_is_from_the_future() {
        let now = "2026-12-06T10:00:00.123456Z";
        assert_eq!(stamp_after(now, None), "2026-12-06T10:00:00.123Z");
        assert_eq!(
            stamp_after(now, Some("2026-12-06T09:00:00Z")),
            "2026-12-06T10:00:00.123Z"
        );
        // A clock ten minutes slow, after seeing a change: a millisecond later than it.
        assert_eq!(
            stamp_after(now, Some("2026-12-06T10:10:00Z")),
            "2026-12-06T10:10:00.001Z"
        );
        assert_eq!(
            stamp_after(now, Some("2026-12-06T10:00:00.123Z")),
            "2026-12-06T10:00:00.124Z"
        );
        // Over an hour ahead: not trusted, not raised above.
        assert_eq!(
            stamp_after(now, Some("2099-01-01T00:00:00Z")),
            "2026-12-06T10:00:00.123Z"
        );
        let wall: Timestamp = now.parse().unwrap();
        assert!(trusted(Some("2026-12-06T10:59:00Z"), wall).is_some());
        assert!(trusted(Some("2026-12-06T11:01:00Z"), wall).is_none());
        assert!(trusted(Some("not a time"), wall).is_none());
        // Whole seconds stay short.
        assert_eq!(
            stamp_after("2026-11-24T10:00:00Z", None),
            "2026-11-24T10:00:00Z"
        );
    }

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
