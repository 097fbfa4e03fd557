//! The settings as registers: each part that can change on its own — the interface language,
//! each goal, each language's name, visibility and position, each setting this build does not
//! know — is one value under one name, with its own stamp in `Settings::stamps`. A merge keeps,
//! name by name, the value with the greater stamp (see `state::merge`).
//!
//! The names: `lang`, `name`, `goal/KEY`, `track/ID/name`, `track/ID/hidden`, `track/ID/position` (the
//! language's place in `track_order`, from 0), `track/ID/extra` (a language's unknown fields)
//! and `extra/KEY`. A register with no value is empty: no goal, no name, not hidden, no place.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Goal;
use super::Settings;

/// Register name → value; an empty register is absent.
pub type Registers = BTreeMap<String, Value>;

impl Settings {
    /// The settings as registers.
    pub fn registers(&self) -> Registers {
        let mut out = Registers::new();
        if let Some(lang) = &self.lang {
            out.insert("lang".into(), Value::String(lang.clone()));
        }
        if let Some(name) = &self.name {
            out.insert("name".into(), Value::String(name.clone()));
        }
        for (key, goal) in &self.goals {
            if let Ok(value) = serde_json::to_value(goal) {
                out.insert(format!("goal/{key}"), value);
            }
        }
        for (id, track) in &self.tracks {
            if let Some(name) = &track.name {
                out.insert(format!("track/{id}/name"), Value::String(name.clone()));
            }
            if track.hidden {
                out.insert(format!("track/{id}/hidden"), Value::Bool(true));
            }
            if !track.extra.is_empty() {
                out.insert(
                    format!("track/{id}/extra"),
                    Value::Object(track.extra.clone()),
                );
            }
        }
        for (position, id) in self.track_order.iter().enumerate() {
            out.entry(format!("track/{id}/position"))
                .or_insert(Value::from(position));
        }
        for (key, value) in &self.extra {
            out.insert(format!("extra/{key}"), value.clone());
        }
        out
    }

    /// Settings from registers, with `stamps`. A value of the wrong kind (a hand edit) is
    /// dropped, as reading the settings would refuse it.
    pub fn from_registers(
        registers: Registers,
        stamps: BTreeMap<String, compact_str::CompactString>,
    ) -> Settings {
        let mut settings = Settings {
            stamps,
            ..Settings::default()
        };
        let mut order: Vec<(f64, String)> = Vec::new();
        for (name, value) in registers {
            if name == "lang" {
                settings.lang = value.as_str().map(str::to_owned);
            } else if name == "name" {
                settings.name = value.as_str().map(str::to_owned);
            } else if let Some(key) = name.strip_prefix("goal/") {
                if let Ok(goal) = serde_json::from_value::<Goal>(value) {
                    settings.goals.insert(key.to_owned(), goal);
                }
            } else if let Some(key) = name.strip_prefix("extra/") {
                settings.extra.insert(key.to_owned(), value);
            } else if let Some(rest) = name.strip_prefix("track/")
                && let Some((id, part)) = rest.rsplit_once('/')
            {
                let tracks = &mut settings.tracks;
                match (part, value) {
                    ("name", Value::String(text)) => {
                        tracks.entry(id.to_owned()).or_default().name = Some(text)
                    }
                    ("hidden", Value::Bool(true)) => {
                        tracks.entry(id.to_owned()).or_default().hidden = true
                    }
                    ("extra", Value::Object(extra)) => {
                        tracks.entry(id.to_owned()).or_default().extra = extra
                    }
                    ("position", Value::Number(n)) => {
                        order.push((n.as_f64().unwrap_or(f64::MAX), id.to_owned()))
                    }
                    _ => {}
                }
            }
        }
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        settings.track_order = order.into_iter().map(|(_, id)| id).collect();
        settings.tracks.retain(|_, t| !t.is_blank());
        settings
    }

    /// Stamps each register that differs from `before` and has not been stamped since: a
    /// change made at `now`. Returns whether any was.
    pub fn stamp_changes(&mut self, before: &Settings, now: &str) -> bool {
        if self.registers_equal(before) {
            return false;
        }
        let (mine, theirs) = (self.registers(), before.registers());
        let names: std::collections::BTreeSet<&String> = mine.keys().chain(theirs.keys()).collect();
        let mut stamped = false;
        for name in names {
            let old = before.stamps.get(name.as_str());
            if mine.get(name) == theirs.get(name) || self.stamps.get(name.as_str()) != old {
                continue;
            }
            let stamp = crate::clock::stamp_after(now, old.map(|s| s.as_str()));
            self.stamps.insert(name.clone(), stamp);
            stamped = true;
        }
        stamped
    }

    /// Whether the values (not the stamps) are the same.
    fn registers_equal(&self, other: &Settings) -> bool {
        self.lang == other.lang
            && self.name == other.name
            && self.tracks == other.tracks
            && self.track_order == other.track_order
            && self.goals == other.goals
            && self.extra == other.extra
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::progress::TrackSettings;
    use pretty_assertions::assert_eq;
    use serde_json::Map;

    fn sample() -> Settings {
        let mut s = Settings {
            lang: Some("es".into()),
            name: Some("Ana".into()),
            track_order: vec!["go".into(), "python".into(), "rust".into()],
            ..Settings::default()
        };
        s.tracks.insert(
            "rust".into(),
            TrackSettings {
                name: Some("Rust".into()),
                hidden: true,
                extra: Map::new(),
            },
        );
        s.goals
            .insert("all".into(), Goal::new("2027-06-01".parse().unwrap()));
        s.extra.insert("future".into(), Value::from(7));
        s
    }

    #[test]
    fn settings_come_back_whole_from_their_registers() {
        let s = sample();
        let back = Settings::from_registers(s.registers(), s.stamps.clone());
        assert_eq!(back, s);
        assert!(s.registers().contains_key("track/rust/position"));
        assert!(s.registers().contains_key("goal/all"));
    }

    #[test]
    fn only_the_registers_that_changed_are_stamped() {
        let before = sample();
        let mut after = before.clone();
        after.lang = Some("en".into());
        after.goals.remove("all");
        assert!(after.stamp_changes(&before, "2026-12-06T10:00:00Z"));
        let names: Vec<&str> = after.stamps.keys().map(String::as_str).collect();
        assert_eq!(names, ["goal/all", "lang"]);
        // Stamped already: a second look stamps nothing again.
        let stamped = after.clone();
        assert!(!after.stamp_changes(&before, "2026-12-06T11:00:00Z"));
        assert_eq!(after, stamped);
        // A move stamps the places that moved.
        let mut moved = before.clone();
        moved.track_order = vec!["python".into(), "go".into(), "rust".into()];
        moved.stamp_changes(&before, "2026-12-06T10:00:00Z");
        let names: Vec<&str> = moved.stamps.keys().map(String::as_str).collect();
        assert_eq!(names, ["track/go/position", "track/python/position"]);
    }
}
