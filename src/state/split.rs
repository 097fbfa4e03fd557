//! Reading a large progress file on two threads.
//!
//! The `tasks` object is most of a large file. A second thread starts on it halfway, at a place
//! that looks like the start of a task (a line that starts with the first task's indentation and
//! a quote, after a comma), while the first thread reads from the beginning. The guess is only
//! trusted once the first thread, reading task after task, lands on that very place between two
//! tasks; otherwise the first thread reads on alone and the second one's work is dropped. Each
//! key and value is read by serde_json, and the tasks are kept as `Progress::deserialize` keeps
//! them. The rest of the file (version, settings, other fields) is read by the ordinary reader,
//! from the text with an empty `tasks` in place of the real one, so it is read exactly as the
//! ordinary reading reads it. Anything this reader does not expect gives `None`, and the caller
//! reads the file the ordinary way (which also explains what is wrong).

use std::sync::atomic::{AtomicBool, Ordering};

use compact_str::CompactString;
use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::model::progress::{Progress, ReadTask, TaskCells};

/// The smallest text worth a second thread.
pub const SPLIT_MIN_BYTES: usize = 4 << 20;

/// The progress in `text`, read on two threads; `None` when it could not be read this way.
pub fn from_str(text: &str) -> Option<Progress> {
    read(text, SPLIT_MIN_BYTES).map(|(progress, _)| progress)
}

/// `from_str` for a text of `min_bytes` or more; also says whether the second thread's work was
/// used.
fn read(text: &str, min_bytes: usize) -> Option<(Progress, bool)> {
    let mut c = Cursor { text, pos: 0 };
    c.eat(b'{')?;
    // The root's fields are stepped over, but for `tasks` (which must come once).
    let mut found = None;
    loop {
        let key: String = c.value()?;
        c.eat(b':')?;
        if key == "tasks" {
            if found.is_some() {
                return None;
            }
            c.skip_ws();
            let start = c.pos;
            let (tasks, used) = tasks(&mut c, min_bytes)?;
            found = Some((start, c.pos, tasks, used));
        } else {
            c.value::<IgnoredAny>()?;
        }
        match c.peek()? {
            b',' => c.pos += 1,
            b'}' => break,
            _ => return None,
        }
    }
    let (start, end, tasks, used) = found?;
    // The rest, read the ordinary way: its errors, its limits, its rules for repeated fields.
    let rest = [&text[..start], "{}", &text[end..]].concat();
    let mut progress: Progress = serde_json::from_str(&rest).ok()?;
    progress.set_read_tasks(tasks);
    Some((progress, used))
}

/// The tasks read, in the file's order or in sorted runs of it (see `Progress::set_read_tasks`).
type Tasks = Vec<(CompactString, TaskCells)>;

/// The `tasks` object at the cursor, and whether a second thread read part of it.
///
/// Each thread gathers its tasks in a vector and sorts it by key; the map is then built from
/// the two sorted runs at once, which costs far less than a map insertion per task.
fn tasks(c: &mut Cursor<'_>, min_bytes: usize) -> Option<(Tasks, bool)> {
    c.eat(b'{')?;
    if c.peek()? == b'}' {
        c.pos += 1;
        return Some((Tasks::new(), false));
    }
    let text = c.text;
    let split = split_point(text, c.pos, min_bytes);
    let stop = AtomicBool::new(false);
    let mut used = false;
    let by_key = |a: &(CompactString, TaskCells), b: &(CompactString, TaskCells)| a.0.cmp(&b.0);
    let read = std::thread::scope(|scope| {
        // Without a second thread (the system may refuse one) this thread reads it all.
        let mut second = split.and_then(|at| {
            let stop = &stop;
            std::thread::Builder::new()
                .spawn_scoped(scope, move || {
                    let mut rest = Cursor { text, pos: at };
                    let mut read = Vec::new();
                    while !stop.load(Ordering::Relaxed) {
                        read.push(rest.entry()?);
                        if rest.end_of_entry()? {
                            read.sort_by(by_key);
                            return Some((read, rest.pos));
                        }
                    }
                    None
                })
                .ok()
        });
        let mut read = Vec::new();
        let mut first = || loop {
            c.skip_ws();
            if let Some(at) = split
                && c.pos >= at
                && let Some(second) = second.take()
            {
                if c.pos > at {
                    // Not a place between two tasks: this thread reads on alone.
                    stop.store(true, Ordering::Relaxed);
                } else {
                    // A place between two tasks: the second thread reads the rest.
                    read.sort_by(by_key);
                    let (rest, end) = second.join().ok()??;
                    read.extend(rest);
                    c.pos = end;
                    used = true;
                    return Some(());
                }
            }
            read.push(c.entry()?);
            if c.end_of_entry()? {
                return Some(());
            }
        };
        let done = first();
        stop.store(true, Ordering::Relaxed);
        done.map(|()| read)
    })?;
    Some((read, used))
}

/// Where a second thread can start on a `tasks` object whose first task is at or after
/// `start`: the first line past the middle of what is left that starts with the first task's
/// indentation and a quote, after a comma. A raw newline cannot be inside a JSON string, so the
/// line is outside any; whether it is between two tasks is for the first thread to confirm.
fn split_point(text: &str, start: usize, min_bytes: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.len() - start < min_bytes {
        return None;
    }
    let first = start + bytes[start..].iter().position(|b| !is_ws(*b))?;
    let line = bytes[..first].iter().rposition(|b| *b == b'\n')? + 1;
    let indent = &bytes[line..first];
    if indent.iter().any(|b| *b != b' ' && *b != b'\t') {
        return None;
    }
    let mut at = first + (bytes.len() - first) / 2;
    loop {
        let newline = at + bytes[at..].iter().position(|b| *b == b'\n')?;
        let key = newline + 1 + indent.len();
        // The comma is looked for last: only lines that start like a task are looked back
        // from, so no run of blank lines is walked more than once.
        if bytes.get(newline + 1..key) == Some(indent)
            && bytes.get(key) == Some(&b'"')
            && bytes[..newline].iter().rev().find(|b| !is_ws(**b)) == Some(&b',')
        {
            return Some(key);
        }
        at = newline + 1;
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r')
}

/// A place in the text, always at a character boundary (after ASCII punctuation or a whole
/// value).
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn skip_ws(&mut self) {
        let bytes = self.text.as_bytes();
        while bytes.get(self.pos).is_some_and(|b| is_ws(*b)) {
            self.pos += 1;
        }
    }

    /// The next byte that is not white space.
    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Steps over `byte`, which must come next.
    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// The JSON value that comes next, read by serde_json.
    fn value<T: Deserialize<'a>>(&mut self) -> Option<T> {
        let mut stream = serde_json::Deserializer::from_str(&self.text[self.pos..]).into_iter();
        let value = stream.next()?.ok()?;
        self.pos += stream.byte_offset();
        Some(value)
    }

    /// A task: its key and its cells.
    fn entry(&mut self) -> Option<(CompactString, TaskCells)> {
        let key = self.value()?;
        self.eat(b':')?;
        let ReadTask(cells) = self.value()?;
        Some((key, cells))
    }

    /// Steps over what ends an entry: `true` after the object's end, `false` after a comma.
    fn end_of_entry(&mut self) -> Option<bool> {
        let end = match self.peek()? {
            b',' => false,
            b'}' => true,
            _ => return None,
        };
        self.pos += 1;
        Some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::progress::Status;
    use pretty_assertions::assert_eq;

    const NOW: &str = "2026-11-24T10:00:00Z";

    /// A progress of `n` tasks with a bit of everything a file can hold.
    fn sample(n: u32) -> Progress {
        let mut p = Progress::default();
        for task in 1..=n {
            for (i, track) in ["go", "py", "rs"].into_iter().enumerate() {
                if (task as usize + i).is_multiple_of(2) {
                    p.set_status(task, track, Status::Done, NOW);
                }
            }
            if task.is_multiple_of(7) {
                p.set_note(task, "go", "line one\nline \"two\" ,\n    \"3\": {", NOW);
            }
        }
        p.settings.lang = Some("en".into());
        p.extra
            .insert("zz".into(), serde_json::json!({"a": [1, 2]}));
        p
    }

    /// The serial reading of `text`, as `state::parse` makes it when this reader gives up.
    fn serial(text: &str) -> Progress {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn a_pretty_file_is_read_on_two_threads_as_one_thread_reads_it() {
        let text = serde_json::to_string_pretty(&sample(500)).unwrap();
        let (progress, used) = read(&text, 0).unwrap();
        assert!(used, "the second thread's half was not used");
        assert_eq!(progress, serial(&text));
        assert_eq!(progress, sample(500));
    }

    #[test]
    fn a_file_on_one_line_is_read_by_one_thread() {
        let text = serde_json::to_string(&sample(300)).unwrap();
        let (progress, used) = read(&text, 0).unwrap();
        assert!(!used);
        assert_eq!(progress, serial(&text));
    }

    #[test]
    fn a_wrong_guess_is_dropped() {
        // Cells at the tasks' indentation, and each task after the last on its line: every line
        // the guess can take is a cell's, which the first thread never lands on between tasks.
        let mut text = String::from("{\n  \"version\": 2,\n  \"tasks\": {\n  ");
        let tasks: Vec<String> = (1..=400)
            .map(|task| {
                format!(
                    "\"{task}\": {{\n  \"go\": {{\"status\": \"done\"}},\n  \"py\": {{\"status\": \"in_progress\"}}}}"
                )
            })
            .collect();
        text.push_str(&tasks.join(", "));
        text.push_str("\n  }\n}\n");
        let tasks_start = text.find("\"tasks\": {").unwrap() + 10;
        assert!(split_point(&text, tasks_start, 0).is_some());
        let (progress, used) = read(&text, 0).unwrap();
        assert!(!used);
        assert_eq!(progress, serial(&text));
        assert_eq!(progress.tasks().count(), 400);
    }

    #[test]
    fn a_repeated_task_across_the_halves_keeps_the_last_and_settings_after_tasks_count() {
        let mut text = String::from("{\n  \"version\": 2,\n  \"tasks\": {\n");
        for task in 1..=400 {
            text.push_str(&format!(
                "    \"{task}\": {{\"go\": {{\"status\": \"done\"}}}},\n"
            ));
        }
        // The first task again, blank: it goes, as with a map read whole.
        text.push_str(
            "    \"1\": {\"go\": {}},\n    \"2\": {\"py\": {\"status\": \"done\"}}\n  },\n",
        );
        text.push_str("  \"settings\": {\"lang\": \"es\"}\n}\n");
        let (progress, used) = read(&text, 0).unwrap();
        assert!(used);
        assert_eq!(progress, serial(&text));
        assert_eq!(progress.status(1, "go"), Status::Todo);
        assert_eq!(progress.status(2, "go"), Status::Todo);
        assert_eq!(progress.status(2, "py"), Status::Done);
        assert_eq!(progress.settings.lang.as_deref(), Some("es"));
    }

    #[test]
    fn repeated_and_blank_tasks_anywhere_read_as_one_thread_reads_them() {
        let mut seed = 7_u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..20 {
            let entries: Vec<String> = (0..300)
                .map(|_| {
                    let cells = match next(3) {
                        0 => "{}".to_owned(),
                        1 => "{\"go\": {}}".to_owned(),
                        _ => format!("{{\"go\": {{\"status\": \"done\", \"n\": {}}}}}", next(9)),
                    };
                    format!("    \"{}\": {cells}", next(60))
                })
                .collect();
            let text = format!(
                "{{\n  \"version\": 2,\n  \"tasks\": {{\n{}\n  }}\n}}",
                entries.join(",\n")
            );
            let (progress, used) = read(&text, 0).unwrap();
            assert!(used);
            assert_eq!(progress, serial(&text), "{text}");
        }
    }

    #[test]
    fn a_long_run_of_blank_lines_is_looked_through_once() {
        let mut text = String::from("{\n  \"version\": 2,\n  \"tasks\": {\n");
        text.push_str("    \"1\": {\"go\": {\"status\": \"done\"}},\n");
        text.push_str(&"\n".repeat(200_000));
        text.push_str("    \"2\": {\"go\": {\"status\": \"done\"}}\n  }\n}\n");
        let (progress, _) = read(&text, 0).unwrap();
        assert_eq!(progress, serial(&text));
    }

    #[test]
    fn nesting_is_limited_as_the_ordinary_reading_limits_it() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let padding: String = (10..400)
            .map(|t| format!("    \"{t}\": {{\"go\": {{\"status\": \"done\"}}}},\n"))
            .collect();
        let file = |root: usize, cell: usize| {
            format!(
                "{{\n  \"version\": 2,\n  \"zz\": {},\n  \"tasks\": {{\n{padding}    \"1\": {{\"go\": {{\"status\": \"done\", \"x\": {}}}}}\n  }}\n}}\n",
                nested(root),
                nested(cell)
            )
        };
        // The file is one level; a cell's field is four levels down.
        for (root, cell) in [(126, 1), (127, 1), (1, 123), (1, 124)] {
            let text = file(root, cell);
            let ordinary = serde_json::from_str::<Progress>(&text).ok();
            assert_eq!(ordinary.is_some(), root <= 126 && cell <= 123);
            let (progress, used) = match read(&text, 0) {
                Some((p, used)) => (Some(p), used),
                None => (None, true),
            };
            assert!(used);
            assert_eq!(progress, ordinary, "{root} {cell}");
        }
    }

    #[test]
    fn a_field_too_deep_is_refused_even_when_a_repeated_one_replaces_it() {
        let deep = format!("{}{}", "[".repeat(124), "]".repeat(124));
        let padding: String = (10..400)
            .map(|t| format!("    \"{t}\": {{\"go\": {{\"status\": \"done\"}}}},\n"))
            .collect();
        // A repeated field, a repeated cell, a repeated task.
        for task in [
            format!("\"1\": {{\"go\": {{\"x\": {deep}, \"x\": 1}}}}"),
            format!("\"1\": {{\"go\": {{\"x\": {deep}}}, \"go\": {{}}}}"),
            format!("\"1\": {{\"go\": {{\"x\": {deep}}}}},\n    \"1\": {{}}"),
        ] {
            let text =
                format!("{{\n  \"version\": 2,\n  \"tasks\": {{\n{padding}    {task}\n  }}\n}}\n");
            assert!(serde_json::from_str::<Progress>(&text).is_err());
            assert_eq!(read(&text, 0), None, "{task}");
        }
    }

    #[test]
    fn anything_amiss_is_left_to_the_ordinary_reading() {
        let text = serde_json::to_string_pretty(&sample(500)).unwrap();
        for broken in [
            &text[..text.len() * 3 / 4],
            &text[..text.len() - 3],
            &text.replacen(",\n    \"300\"", "\n    \"300\"", 1),
            &format!("{text} x"),
            &text.replacen(
                &format!("\"version\": {},", crate::model::progress::BASE_VERSION),
                "",
                1,
            ),
        ] {
            assert!(
                read(broken, 0).is_none(),
                "{}",
                &broken[broken.len() - 40..]
            );
        }
    }
}

#[cfg(test)]
mod props;
