//! Hostile text: terminal escapes (a title-setting OSC, CSI, BEL), C1 controls and every
//! bidirectional control, to be put wherever text from files or arguments can reach an output.

use serde_json::{Value, json};

/// The OSC that would set the terminal's title; distinctive enough to look for in a pty's
/// output, where the app's own escape sequences are legitimate.
pub const OSC_TITLE: &str = "\u{1b}]0;pwned";

/// Every bidirectional control the outputs must never carry.
pub const BIDI: &[char] = &[
    '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}', '\u{200e}', '\u{200f}', '\u{061c}',
];

/// The payload: an OSC title, a screen clear, a colour, BEL, C1 controls (CSI, NEL, DCS, ST)
/// and each bidi control.
pub fn payload() -> String {
    let mut s = String::from(OSC_TITLE);
    s.push('\u{7}');
    s.push_str("\u{1b}[2J\u{1b}[31mred\u{1b}[0m\u{7}\u{9b}1m\u{85}\u{90}dcs\u{9c}");
    for (i, c) in BIDI.iter().enumerate() {
        s.push(*c);
        s.push(char::from(b'a' + i as u8));
    }
    s
}

/// `prefix` followed by the payload.
pub fn hostile(prefix: &str) -> String {
    format!("{prefix}{}", payload())
}

/// What forbidden characters the output holds: ESC, BEL, C1 controls, bidi controls.
pub fn forbidden(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    if bytes.contains(&0x1b) {
        found.push("ESC".to_owned());
    }
    if bytes.contains(&0x07) {
        found.push("BEL".to_owned());
    }
    let text = String::from_utf8_lossy(bytes);
    let mut c1: Vec<char> = text
        .chars()
        .filter(|c| ('\u{80}'..='\u{9f}').contains(c))
        .collect();
    c1.sort_unstable();
    c1.dedup();
    if !c1.is_empty() {
        found.push(format!("C1 {}", codes(&c1)));
    }
    let bidi: Vec<char> = BIDI.iter().copied().filter(|c| text.contains(*c)).collect();
    if bidi.len() == BIDI.len() {
        found.push("bidi (all)".to_owned());
    } else if !bidi.is_empty() {
        found.push(format!("bidi {}", codes(&bidi)));
    }
    found
}

fn codes(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| format!("U+{:04X}", *c as u32))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A roadmap in the asset's schema with the payload in its title, level names and ids, track
/// names and every task text: 2 levels × 3 tasks × tracks python and go.
pub fn roadmap() -> Value {
    let task = |id: u32| json!({"id": id, "text": {"es": hostile(&format!("tarea {id} ")), "en": hostile(&format!("task {id} "))}});
    json!({
        "id": "hostile",
        "title": {"es": hostile("Hoja "), "en": hostile("Roadmap ")},
        "tracks": [
            {"id": "python", "name": hostile("Py")},
            {"id": "go", "name": hostile("Go")}
        ],
        "levels": [
            {"id": hostile("one"), "name": hostile("One "), "tasks": [task(1), task(2), task(3)]},
            {"id": "two", "name": hostile("Two "), "tasks": [task(4), task(5), task(6)]}
        ]
    })
}

/// A progress file with the payload in notes, an added language's name, a setting, an unknown
/// field, an unknown task key and an unknown track key.
pub fn progress() -> Value {
    json!({
        "version": 2,
        "settings": {
            "lang": "en",
            "tracks": {"rust": {"name": hostile("Rust ")}},
            "track_order": ["go", "python", "rust"],
            "motto": hostile("motto ")
        },
        "tasks": {
            "1": {
                "python": {"status": "done", "done_at": "2026-11-20T10:00:00Z",
                           "changed_at": "2026-11-20T10:00:00Z", "note": hostile("note ")},
                "go": {"status": "in_progress", "started_at": "2026-11-21T10:00:00Z",
                       "changed_at": "2026-11-21T10:00:00Z", "note": hostile("line one\nline two ")},
                "rust": {"status": "done", "done_at": "2026-11-22T10:00:00Z",
                         "changed_at": "2026-11-22T10:00:00Z"}
            },
            "4": {
                "go": {"status": "done", "done_at": "2026-11-23T10:00:00Z",
                       "changed_at": "2026-11-23T10:00:00Z"},
                "py\u{1b}]0;pwned\u{7}\u{202e}": {"status": "done",
                       "changed_at": "2026-11-23T10:00:00Z", "note": hostile("stray ")}
            },
            "9\u{1b}]0;pwned\u{7}\u{202e}": {
                "python": {"status": "done", "changed_at": "2026-11-23T10:00:00Z"}
            }
        },
        "extra": hostile("unknown field ")
    })
}

/// Another copy of the progress, as a sync tool or a git branch would bring, with changes of its
/// own in hostile places.
pub fn other_progress() -> Value {
    json!({
        "version": 2,
        "settings": {"tracks": {"zig\u{202e}": {"name": hostile("Zig ")}}},
        "tasks": {
            "2": {"python": {"status": "done", "changed_at": "2026-11-25T10:00:00Z",
                             "note": hostile("theirs ")}},
            "5\u{1b}]0;pwned\u{7}": {"go": {"status": "done", "changed_at": "2026-11-25T10:00:00Z"}},
            "6": {"go\u{1b}]0;pwned\u{7}\u{2066}": {"status": "in_progress",
                  "changed_at": "2026-11-25T10:00:00Z"}}
        }
    })
}

/// A Markdown table to import: a matching row, a row that matches nothing, and a language column
/// the roadmap lacks, each carrying the payload.
pub fn import_table() -> String {
    let h = payload();
    format!(
        "| Level | Task | Py | Go | {h}Col |\n|---|---|---|---|---|\n| **One {h}** | | | | |\n\
         | 2. | task 2 {h} | ✅ | | ✅ |\n| | no such task {h} | ✅ | ✅ | |\n| 99. | {h} | ✅ | | |\n"
    )
}

/// `s` as a TOML basic string, every control and non-ASCII character escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            _ => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}
