//! The two-thread reading against the ordinary one, over generated progress files: whatever the
//! text, `read` either gives up or gives exactly what `Progress::deserialize` gives.
//!
//! The files have repeated tasks and repeated tracks inside a task, blank tasks and blank cells,
//! notes that look like the start of a task, unknown fields at the top, in the settings and in
//! cells (some nested right around serde_json's depth limit), repeated top-level fields, and are
//! written pretty or compact, indented with spaces or tabs, with LF or CRLF, blank lines and
//! trailing blanks, commas at the end of a line or at the start of the next, each task's cells
//! on its line or below it (at times at the tasks' own indentation, where the second thread's
//! guess of a place between two tasks is wrong); and now and then the text is cut short, loses
//! a character or gains a comma, a brace, a quote, a colon or a line break.

use std::cell::Cell;

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
use serde::Deserialize;

use super::read;
use crate::model::progress::Progress;

/// A key as written: its text, and whether its first character is written as a `\u` escape.
#[derive(Debug, Clone)]
struct Key(String, bool);

/// A JSON value as written; an object may give a key more than once.
#[derive(Debug, Clone)]
enum J {
    Null,
    Bool(bool),
    Num(i64),
    Str(String),
    /// Written as it is: escapes serde_json would not write.
    Raw(&'static str),
    Arr(Vec<J>),
    Obj(Vec<(Key, J)>),
    /// So many arrays (or objects, when `true`) one inside the other, on one line.
    Deep(usize, bool),
}

/// Texts that read like JSON, or like the start of a task, once inside a string.
const TEXTS: &[&str] = &[
    "plain",
    "",
    "   ",
    "quote \" comma , colon : slash \\",
    "line one\nline two\r\n",
    "braces { } [ ]",
    "\",\n    \"3\": {\"go\": {",
    "},\n  \"tasks\": {\n    \"1\": {}",
    "tab\there",
    "bell \u{7} escape \u{1b}[31m",
    "ñandú 🦀",
];

/// Escapes serde_json never writes.
const RAW: &[&str] = &[r#""\u0041\u00f1\/""#, r#""\ud83e\udd80""#];

/// A lone surrogate, which a string and a `Value` refuse (and stepping over a value does not).
const LONE_SURROGATE: &str = r#""\ud800""#;

const DATE: &str = "2026-11-24T10:00:00Z";

fn key(name: &str) -> Key {
    Key(name.to_owned(), false)
}

/// `good`, or with odds of one in `odds` `bad`: what the ordinary reading refuses. Most files
/// have none (`odds` is 0), the others a few.
fn or_bad<T: std::fmt::Debug + 'static>(
    good: impl Strategy<Value = T> + 'static,
    bad: impl Strategy<Value = T> + 'static,
    odds: u32,
) -> BoxedStrategy<T> {
    match odds {
        0 => good.boxed(),
        _ => prop_oneof![odds - 1 => good, 1 => bad].boxed(),
    }
}

fn text(odds: u32) -> impl Strategy<Value = J> {
    let good = prop_oneof![
        8 => select(TEXTS).prop_map(|t| J::Str(t.to_owned())),
        1 => select(RAW).prop_map(J::Raw),
    ];
    or_bad(good, Just(J::Raw(LONE_SURROGATE)), odds)
}

/// Arrays or objects nested right up to serde_json's limit of 127 levels at a place `above`
/// levels down in the file, or past it.
fn deep(above: usize, odds: u32) -> impl Strategy<Value = J> {
    let most = 127 - above;
    let good = select(vec![1, most - 1, most]);
    let bad = select(vec![most + 1, most + 2, most + 3]);
    (or_bad(good, bad, odds), any::<bool>()).prop_map(|(n, object)| J::Deep(n, object))
}

fn small_json(odds: u32) -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        (-5_i64..5000).prop_map(J::Num),
        text(odds),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(J::Arr),
            prop::collection::vec((select(&["a", "b", "a"][..]).prop_map(key), inner), 0..4)
                .prop_map(J::Obj),
        ]
    })
}

/// An unknown field's value, `above` levels down in the file.
fn unknown(above: usize, odds: u32) -> impl Strategy<Value = J> {
    prop_oneof![3 => small_json(odds), 2 => deep(above, odds)]
}

/// A cell's field: the known ones with values of their type (or not), and unknown ones.
fn cell_field(odds: u32) -> impl Strategy<Value = (Key, J)> {
    const DATES: &[&str] = &[
        "started_at",
        "done_at",
        "changed_at",
        "reviewed_at",
        "review_due",
    ];
    let status = or_bad(
        select(&["done", "in_progress", "todo", "skip"][..]).prop_map(|s| J::Str(s.into())),
        prop_oneof![Just(J::Str("Done".into())), Just(J::Num(2))],
        odds,
    );
    let note = or_bad(
        prop_oneof![8 => text(odds), 1 => Just(J::Null)],
        deep(4, 0),
        odds,
    );
    let date = or_bad(
        prop_oneof![6 => Just(J::Str(DATE.into())), 1 => Just(J::Null)],
        Just(J::Num(1)),
        odds,
    );
    let reviews = or_bad((0_i64..4).prop_map(J::Num), Just(J::Num(-1)), odds);
    prop_oneof![
        4 => status.prop_map(|v| (key("status"), v)),
        3 => note.prop_map(|v| (key("note"), v)),
        3 => (select(DATES), date).prop_map(|(k, v)| (key(k), v)),
        1 => reviews.prop_map(|v| (key("reviews"), v)),
        3 => (select(&["x", "zz", "x"][..]), unknown(4, odds)).prop_map(|(k, v)| (key(k), v)),
    ]
}

fn cell(odds: u32) -> impl Strategy<Value = J> {
    let good = prop_oneof![
        2 => Just(J::Obj(Vec::new())),
        8 => prop::collection::vec(cell_field(odds), 1..4).prop_map(J::Obj),
    ];
    or_bad(good, small_json(odds), odds)
}

fn task(odds: u32) -> impl Strategy<Value = (Key, J)> {
    let name = prop_oneof![
        12 => (1_u32..40).prop_map(|n| n.to_string()),
        1 => select(&["x", "", "01", "7 ", "ñ"][..]).prop_map(String::from),
    ];
    let track = select(&["go", "py", "rs", "go", "t1", "ñ"][..]);
    let cells = prop_oneof![
        1 => Just(J::Obj(Vec::new())),
        6 => prop::collection::vec(((track, prop::bool::weighted(0.1)), cell(odds)), 1..5)
            .prop_map(|cells| J::Obj(cells.into_iter().map(|((t, e), c)| (Key(t.into(), e), c)).collect())),
    ];
    (
        (name, prop::bool::weighted(0.1)).prop_map(|(n, e)| Key(n, e)),
        or_bad(cells, small_json(odds), odds),
    )
}

fn settings(odds: u32) -> impl Strategy<Value = J> {
    let field = prop_oneof![
        3 => Just((key("lang"), J::Str("en".into()))),
        1 => Just((key("lang"), J::Str("es".into()))),
        1 => unknown(2, odds).prop_map(|v| (key("zz"), v)),
    ];
    let good = prop::collection::vec(field, 0..3).prop_map(J::Obj);
    let bad = prop_oneof![
        small_json(odds),
        Just(J::Obj(vec![(key("track_order"), J::Num(1))])),
    ];
    or_bad(good, bad, odds)
}

/// A whole file's top level: version, settings, tasks and unknown fields, mostly in this order,
/// at times with the tasks first or given twice, the version given twice, or none.
fn top() -> impl Strategy<Value = Vec<(Key, J)>> {
    // Most files are whole; in the others, about one part in a hundred is wrong.
    prop_oneof![3 => top_with(0), 1 => top_with(100)]
}

fn top_with(odds: u32) -> impl Strategy<Value = Vec<(Key, J)>> {
    let version = or_bad(
        prop_oneof![4 => Just(J::Num(2)), 1 => Just(J::Num(1)), 1 => Just(J::Num(3))],
        Just(J::Str("2".into())),
        odds,
    );
    let others = prop::collection::vec(
        (select(&["zz", "meta"][..]).prop_map(key), unknown(1, odds)),
        0..3,
    );
    let order = or_bad(0_u8..12, Just(12), odds);
    (
        version,
        prop::option::of(settings(odds)),
        prop::collection::vec(task(odds), 0..40),
        others,
        order,
    )
        .prop_map(|(version, settings, tasks, others, order)| {
            let tasks = (key("tasks"), J::Obj(tasks));
            let version = (key("version"), version);
            let mut fields = vec![version.clone()];
            fields.extend(settings.map(|s| (key("settings"), s)));
            fields.push(tasks.clone());
            fields.extend(others);
            match order {
                0 => fields.rotate_left(1),
                1 => fields.push(tasks),
                2 => fields.push(version),
                12 => {
                    fields.remove(0);
                }
                _ => (),
            }
            fields
        })
}

/// How a file is written.
#[derive(Debug, Clone)]
struct Style {
    /// All on one line.
    compact: bool,
    indent: &'static str,
    newline: &'static str,
    colon: &'static str,
    /// Objects and arrays this deep or deeper are written on one line (the top level is 0, a
    /// task's cells 2).
    inline_from: usize,
    /// What is inside a task at the tasks' own indentation.
    flat: bool,
    /// Commas at the start of the next line.
    comma_first: bool,
    /// One line break in so many has blank lines after it, or blanks before it.
    noise: u64,
    seed: u64,
}

impl Style {
    /// As serde_json's pretty printer writes, give or take blanks: the second thread should
    /// find a place between two tasks.
    fn pretty(&self) -> bool {
        !self.compact && !self.flat && !self.comma_first
    }
}

fn style() -> impl Strategy<Value = Style> {
    (
        prop::bool::weighted(0.2),
        select(&["  ", "    ", "\t", " \t"][..]),
        select(&["\n", "\r\n"][..]),
        select(&[": ", ":", " : ", ":\t"][..]),
        select(&[2_usize, 3, 4, 99][..]),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.1),
        select(&[0_u64, 3, 20][..]),
        any::<u64>(),
    )
        .prop_map(
            |(compact, indent, newline, colon, inline_from, flat, comma_first, noise, seed)| {
                Style {
                    compact,
                    indent,
                    newline,
                    colon,
                    inline_from,
                    flat,
                    comma_first,
                    noise,
                    seed,
                }
            },
        )
}

/// Writes a file in a style; where the style leaves a choice (a blank line here, a space
/// there), a small generator seeded by the style makes it.
struct Writer<'a> {
    out: String,
    style: &'a Style,
    rng: u64,
}

impl Writer<'_> {
    /// One time in `n` (never for 0).
    fn one_in(&mut self, n: u64) -> bool {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        n > 0 && self.rng.is_multiple_of(n)
    }

    /// A line break and the indentation of `level`, or in one line, at times a blank.
    fn line(&mut self, level: usize, inline: bool) {
        if inline {
            if self.one_in(3) {
                self.out.push(' ');
            }
            return;
        }
        let noise = self.style.noise;
        if self.one_in(noise) {
            self.out.push_str(" \t");
        }
        self.out.push_str(self.style.newline);
        if self.one_in(noise) {
            self.out.push_str(self.style.newline);
            self.out.push_str(self.style.indent);
            self.out.push_str(self.style.newline);
        }
        for _ in 0..level {
            self.out.push_str(self.style.indent);
        }
    }

    fn key(&mut self, Key(name, escaped): &Key) {
        let mut chars = name.chars();
        match chars.next() {
            Some(first) if *escaped && u32::from(first) <= 0xFFFF => {
                self.out.push_str(&format!("\"\\u{:04x}", u32::from(first)));
                let rest = serde_json::to_string(chars.as_str()).unwrap();
                self.out.push_str(&rest[1..]);
            }
            _ => self.out.push_str(&serde_json::to_string(name).unwrap()),
        }
    }

    /// `value`, at `depth` (the top level is 0).
    fn value(&mut self, value: &J, depth: usize, inline: bool) {
        match value {
            J::Null => self.out.push_str("null"),
            J::Bool(b) => self.out.push_str(&b.to_string()),
            J::Num(n) => self.out.push_str(&n.to_string()),
            J::Str(s) => self.out.push_str(&serde_json::to_string(s).unwrap()),
            J::Raw(s) => self.out.push_str(s),
            J::Deep(n, false) => {
                self.out.push_str(&"[".repeat(*n));
                self.out.push_str(&"]".repeat(*n));
            }
            J::Deep(n, true) => {
                self.out.push_str(&"{\"a\":".repeat(n - 1));
                self.out.push_str("{}");
                self.out.push_str(&"}".repeat(n - 1));
            }
            J::Arr(items) => {
                let items: Vec<(Option<&Key>, &J)> = items.iter().map(|v| (None, v)).collect();
                self.container(('[', ']'), &items, depth, inline);
            }
            J::Obj(fields) => {
                let fields: Vec<(Option<&Key>, &J)> =
                    fields.iter().map(|(k, v)| (Some(k), v)).collect();
                self.container(('{', '}'), &fields, depth, inline);
            }
        }
    }

    fn container(
        &mut self,
        (open, close): (char, char),
        items: &[(Option<&Key>, &J)],
        depth: usize,
        inline: bool,
    ) {
        let style = self.style;
        let inline = inline || style.compact || depth >= style.inline_from;
        // Flat: what is inside a task is at the tasks' indentation.
        let level = |d: usize| if style.flat && d > 2 { 2 } else { d };
        self.out.push(open);
        if items.is_empty() {
            if !inline && self.one_in(4) {
                self.line(level(depth), inline);
            }
            self.out.push(close);
            return;
        }
        for (i, (key, value)) in items.iter().enumerate() {
            if i > 0 && style.comma_first && !inline {
                self.line(level(depth + 1), inline);
                self.out.push(',');
            } else {
                if i > 0 {
                    self.out.push(',');
                }
                self.line(level(depth + 1), inline);
            }
            if let Some(key) = key {
                self.key(key);
                self.out.push_str(if inline { ":" } else { style.colon });
                if inline && self.one_in(2) {
                    self.out.push(' ');
                }
            }
            self.value(value, depth + 1, inline);
        }
        self.line(level(depth), inline);
        self.out.push(close);
    }
}

fn write(top: &[(Key, J)], style: &Style) -> String {
    let mut w = Writer {
        out: String::new(),
        style,
        rng: style.seed | 1,
    };
    if w.one_in(4) {
        w.out.push_str(" \n");
    }
    w.value(&J::Obj(top.to_vec()), 0, false);
    if w.one_in(2) {
        w.out.push_str(style.newline);
    }
    w.out
}

/// The text cut short, a character dropped, or one of JSON's marks put in.
fn mutate(text: &mut String, kind: usize, at: &Index) {
    let mut places: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    places.push(text.len());
    let i = places[at.index(places.len())];
    match kind {
        0 => text.truncate(i),
        1 if i < text.len() => {
            text.remove(i);
        }
        _ => text.insert(i, [',', '}', '{', '"', ':', '\n'][kind % 6]),
    }
}

/// The ordinary reading, as `state::format::parse` makes it.
fn ordinary(text: &str) -> Option<Progress> {
    let mut de = serde_json::Deserializer::from_str(text);
    Progress::deserialize(&mut de)
        .and_then(|progress| de.end().map(|()| progress))
        .ok()
}

#[test]
fn the_two_thread_reading_gives_up_or_gives_what_the_ordinary_reading_gives() {
    const CASES: u32 = 1000;
    let config = Config {
        cases: CASES,
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    };
    let mutation = prop::option::weighted(0.15, (0_usize..8, any::<Index>()));
    // How many readings were compared; of the pretty, whole files of four tasks or more, how
    // many the second thread helped read.
    let (compared, pretty, split) = (Cell::new(0), Cell::new(0), Cell::new(0));
    let result =
        TestRunner::new(config).run(&(top(), style(), mutation), |(top, style, mutation)| {
            let mut text = write(&top, &style);
            if let Some((kind, at)) = &mutation {
                mutate(&mut text, *kind, at);
            }
            let ordinary = ordinary(&text);
            let two = read(&text, 0);
            if let Some((progress, _)) = &two {
                prop_assert_eq!(Some(progress), ordinary.as_ref(), "{}", text);
                compared.set(compared.get() + 1);
            }
            let tasks = top.iter().find_map(|(Key(name, _), value)| match value {
                J::Obj(tasks) if name == "tasks" => Some(tasks.len()),
                _ => None,
            });
            if style.pretty() && mutation.is_none() && ordinary.is_some() && tasks >= Some(4) {
                pretty.set(pretty.get() + 1);
                split.set(split.get() + u32::from(two.is_some_and(|(_, used)| used)));
            }
            Ok(())
        });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (compared, pretty, split) = (compared.get(), pretty.get(), split.get());
    eprintln!(
        "{compared} of {CASES} readings compared; {split} of {pretty} pretty files read on two threads"
    );
    assert!(compared * 3 >= CASES, "{compared} of {CASES} compared");
    assert!(
        pretty >= 100 && split * 3 >= pretty * 2,
        "{split} of {pretty} on two threads"
    );
}
