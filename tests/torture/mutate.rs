//! Mutants of valid files: byte flips, truncations, insertions of JSON tokens and stray bytes,
//! duplicated fragments, and, on files that still parse as JSON, values of the wrong type,
//! dropped and renamed keys, and subtrees copied into other places.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub enum Mutation {
    FlipBit(Index, u8),
    SetByte(Index, u8),
    Truncate(Index),
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    /// Copies `len` bytes from one place to another.
    Duplicate(Index, usize, Index),
    /// Replaces the nth JSON node with a value of another type.
    WrongType(Index, Value),
    DropKey(Index),
    RenameKey(Index, String),
    /// Copies the first node over the second (a JSON fragment duplicated elsewhere).
    Graft(Index, Index),
}

/// Bytes that mean something to a JSON parser, or to this program's files.
const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b",",
    b":",
    b"\\",
    b"\n",
    b"null",
    b"true",
    b"-0",
    b"1e999",
    b"-1",
    b"18446744073709551616",
    b"\"\\u0000\"",
    b"\"\\ud800\"",
    b"\"\\u001b]0;pwned\\u0007\"",
    b"\xff\xfe",
    b"\xc3",
    b"<<<<<<< ours\n",
    b"\n=======\n",
    b">>>>>>> theirs\n",
    b"\"version\": 3,",
    b"\"version\": 0,",
    b"\"tasks\": {},",
    b"\"status\": \"done\",",
    b"\"status\": \"weird\",",
    b"{\"python\": {\"status\": \"done\"}}",
    b"\"hidden\": true,",
    b"\"track_order\": [\"go\", \"go\"],",
    b"| 7. | inserted | x | |\n",
    b"| **Level** | | | |\n",
];

fn wrong_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(true)),
        Just(json!(0)),
        Just(json!(-1)),
        Just(json!(1.5)),
        Just(json!(1e300)),
        Just(json!(u64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!("")),
        Just(json!("done")),
        Just(json!("in_progress")),
        Just(json!("2026-13-45T99:00:00Z")),
        Just(json!([])),
        Just(json!([null, 1, "x"])),
        Just(json!({})),
        Just(json!({"status": "done", "note": 7})),
        Just(json!({"name": null, "hidden": "yes"})),
        ".{0,12}".prop_map(Value::String),
    ]
}

pub fn mutation() -> impl Strategy<Value = Mutation> {
    let token = prop_oneof![
        3 => proptest::sample::select(TOKENS).prop_map(|t| t.to_vec()),
        1 => proptest::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        3 => (any::<Index>(), 0..8u8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::SetByte(i, b)),
        2 => any::<Index>().prop_map(Mutation::Truncate),
        3 => (any::<Index>(), token).prop_map(|(i, t)| Mutation::Insert(i, t)),
        1 => (any::<Index>(), 1..32usize).prop_map(|(i, n)| Mutation::Delete(i, n)),
        2 => (any::<Index>(), 1..96usize, any::<Index>())
            .prop_map(|(a, n, b)| Mutation::Duplicate(a, n, b)),
        5 => (any::<Index>(), wrong_value()).prop_map(|(i, v)| Mutation::WrongType(i, v)),
        1 => any::<Index>().prop_map(Mutation::DropKey),
        1 => (any::<Index>(), "[a-z_]{0,8}|version|tasks|settings|status|note")
            .prop_map(|(i, k)| Mutation::RenameKey(i, k)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Graft(a, b)),
    ]
}

/// Applies one mutation in place. A JSON mutation on bytes that are not JSON does nothing.
pub fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len();
    let at = |i: &Index| if len == 0 { 0 } else { i.index(len) };
    match m {
        Mutation::FlipBit(i, bit) if len > 0 => bytes[at(i)] ^= 1 << bit,
        Mutation::SetByte(i, b) if len > 0 => bytes[at(i)] = *b,
        Mutation::Truncate(i) => bytes.truncate(at(i)),
        Mutation::Insert(i, t) => {
            let at = if len == 0 { 0 } else { i.index(len + 1) };
            bytes.splice(at..at, t.iter().copied());
        }
        Mutation::Delete(i, n) if len > 0 => {
            let start = at(i);
            let end = (start + n).min(len);
            bytes.drain(start..end);
        }
        Mutation::Duplicate(a, n, b) if len > 0 => {
            let start = at(a);
            let fragment = bytes[start..(start + n).min(len)].to_vec();
            let dest = b.index(len + 1);
            bytes.splice(dest..dest, fragment);
        }
        Mutation::WrongType(..)
        | Mutation::DropKey(_)
        | Mutation::RenameKey(..)
        | Mutation::Graft(..) => {
            if let Ok(mut value) = serde_json::from_slice::<Value>(bytes) {
                apply_json(&mut value, m);
                *bytes = serde_json::to_vec_pretty(&value).expect("a Value serialises");
            }
        }
        _ => {}
    }
}

/// A step on the way to a node: an object key or an array index.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    At(usize),
}

/// The path to every node, in document order; the root is the empty path.
fn paths(value: &Value) -> Vec<Vec<Step>> {
    fn walk(value: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(here.clone());
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    here.push(Step::Key(k.clone()));
                    walk(v, here, out);
                    here.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    here.push(Step::At(i));
                    walk(v, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn node_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::At(i) => v.get_mut(*i),
    })
}

fn node<'a>(value: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get(k.as_str()),
        Step::At(i) => v.get(*i),
    })
}

fn apply_json(value: &mut Value, m: &Mutation) {
    let all = paths(value);
    let pick = |i: &Index| all[i.index(all.len())].clone();
    match m {
        Mutation::WrongType(i, new) => {
            if let Some(slot) = node_mut(value, &pick(i)) {
                *slot = new.clone();
            }
        }
        Mutation::DropKey(i) | Mutation::RenameKey(i, _) => {
            let path = pick(i);
            let Some((Step::Key(key), parent)) = path.split_last() else {
                return;
            };
            if let Some(Value::Object(map)) = node_mut(value, parent)
                && let Some(old) = map.remove(key)
                && let Mutation::RenameKey(_, new_key) = m
            {
                map.insert(new_key.clone(), old);
            }
        }
        Mutation::Graft(a, b) => {
            let Some(fragment) = node(value, &pick(a)).cloned() else {
                return;
            };
            if let Some(slot) = node_mut(value, &pick(b)) {
                *slot = fragment;
            }
        }
        _ => {}
    }
}
