//! Turns the bytes read from the terminal into crossterm's events. The escape sequences are
//! parsed by `terminput` (a port of crossterm's own parser) and fed byte by byte as crossterm's
//! reader feeds them: an event is handed over as soon as its bytes are whole, a sequence that
//! cannot be parsed is dropped, and a lone ESC is the Esc key unless more bytes came with it.
//!
//! What crossterm does not do is bound what it waits for: the start of a bracketed paste
//! (`ESC [ 200 ~`) whose end (`ESC [ 201 ~`) never comes would hold every key after it, `q` and
//! Ctrl-C included, in a buffer that grows without end. Here:
//!
//! - A paste is delivered whole when its end marker arrives.
//! - A paste keeps at most `MAX_PASTE` bytes; the rest is dropped, while its end marker is still
//!   looked for, and the paste is delivered as cut.
//! - A paste ends where it stands when no input has come for `QUIET` (terminals send a paste in
//!   one burst) or it has been open for `MAX_OPEN`: what arrived is delivered as cut, and the
//!   bytes after it are keys again.
//! - Any other unfinished sequence is dropped past `MAX_SEQUENCE` bytes, or at the same times
//!   (a sequence such as `ESC [ ?` followed by keys would otherwise hold them for 256 bytes); a
//!   lone ESC left waiting for more is then the Esc key.
//! - A paste that is not valid UTF-8 is converted lossily; a cut one loses a character it splits.
//!
//! While nothing is unfinished there is no deadline, so the reader can block without a timeout.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};

/// The most bytes of a paste that are kept.
pub const MAX_PASTE: usize = 64 * 1024;
/// The longest unfinished escape sequence waited on.
pub const MAX_SEQUENCE: usize = 256;
/// How long an unfinished paste or sequence waits for its next byte.
pub const QUIET: Duration = Duration::from_millis(100);
/// How long a paste or sequence may stay unfinished in all.
pub const MAX_OPEN: Duration = Duration::from_secs(1);

const ESC: u8 = 0x1b;
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// What the terminal's bytes meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A key, a mouse event, a focus change, or a paste that arrived whole.
    Event(Event),
    /// A paste that did not arrive whole: longer than `MAX_PASTE`, or its end did not come in
    /// time. Holds what was kept.
    CutPaste(String),
}

/// The decoder's state between reads.
#[derive(Debug, Default)]
pub struct Decoder {
    /// The bytes of an unfinished sequence, outside a paste.
    buffer: Vec<u8>,
    paste: Option<Paste>,
    /// When the unfinished sequence or paste began; `None` when nothing is unfinished.
    opened: Option<Instant>,
    /// When the last bytes came.
    last: Option<Instant>,
}

/// A paste under way.
#[derive(Debug, Default)]
struct Paste {
    /// Its first bytes, with room for an end marker after `MAX_PASTE` bytes of text.
    kept: Vec<u8>,
    /// How many bytes it has had, kept or not.
    seen: usize,
    /// How many bytes of the end marker its last bytes are.
    matched: usize,
}

impl Paste {
    /// Takes one byte; true once the end marker is complete.
    fn push(&mut self, byte: u8) -> bool {
        self.seen += 1;
        if self.kept.len() < MAX_PASTE + PASTE_END.len() {
            self.kept.push(byte);
        }
        // The marker's only ESC is its first byte, so a mismatch restarts at an ESC or at 0.
        self.matched = if byte == PASTE_END[self.matched] {
            self.matched + 1
        } else if byte == ESC {
            1
        } else {
            0
        };
        self.matched == PASTE_END.len()
    }

    /// The paste as delivered: whole when its text fits and `ended`, else cut. Bytes of a
    /// marker begun but not finished are not text.
    fn into_input(mut self, ended: bool) -> Input {
        let text_len = self.seen - self.matched;
        let cut = !ended || text_len > MAX_PASTE;
        self.kept.truncate(text_len.min(MAX_PASTE));
        if cut {
            drop_split_char(&mut self.kept);
            Input::CutPaste(String::from_utf8_lossy(&self.kept).into_owned())
        } else {
            Input::Event(Event::Paste(
                String::from_utf8_lossy(&self.kept).into_owned(),
            ))
        }
    }
}

/// Drops a UTF-8 character left incomplete at the end of `bytes`.
fn drop_split_char(bytes: &mut Vec<u8>) {
    let tail = bytes.len().saturating_sub(4);
    let Some(start) = (tail..bytes.len()).rev().find(|&i| bytes[i] & 0xc0 != 0x80) else {
        return;
    };
    let width = match bytes[start] {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    };
    if bytes.len() - start < width {
        bytes.truncate(start);
    }
}

impl Decoder {
    /// Decodes the bytes of one read made at `now`. `more` says that more bytes are already
    /// waiting (the read filled its buffer), so a lone ESC at the end is not yet the Esc key.
    pub fn feed(&mut self, bytes: &[u8], more: bool, now: Instant) -> Vec<Input> {
        // What was unfinished and whose time is up ends before these bytes.
        let mut out = self.timeout(now);
        if bytes.is_empty() {
            return out;
        }
        for (i, &byte) in bytes.iter().enumerate() {
            let more = more || i + 1 < bytes.len();
            self.push(byte, more, &mut out);
        }
        self.last = Some(now);
        if self.buffer.is_empty() && self.paste.is_none() {
            self.opened = None;
        } else if self.opened.is_none() {
            self.opened = Some(now);
        }
        out
    }

    fn push(&mut self, byte: u8, more: bool, out: &mut Vec<Input>) {
        if let Some(paste) = &mut self.paste {
            if paste.push(byte) {
                out.extend(self.paste.take().map(|p| p.into_input(true)));
                self.opened = None;
            }
            return;
        }
        self.buffer.push(byte);
        if self.buffer == PASTE_START {
            self.buffer.clear();
            self.paste = Some(Paste::default());
            // The paste's time starts now (the end of this read), not with its first ESC.
            self.opened = None;
            return;
        }
        // crossterm's rule: ESC is a key only when nothing follows it in the same read.
        if self.buffer == [ESC] && more {
            return;
        }
        match terminput::Event::parse_from(&self.buffer) {
            Ok(Some(event)) => {
                self.end_sequence();
                if let Ok(event) = terminput_crossterm::to_crossterm(event) {
                    out.push(Input::Event(event));
                }
            }
            Ok(None) if self.buffer.len() < MAX_SEQUENCE => {}
            Ok(None) | Err(_) => self.end_sequence(),
        }
    }

    fn end_sequence(&mut self) {
        self.buffer.clear();
        self.opened = None;
    }

    /// When what is unfinished (a paste, an escape sequence) ends if no more input comes;
    /// `None` when nothing is.
    pub fn pending_deadline(&self) -> Option<Instant> {
        let opened = self.opened?;
        Some((self.last.unwrap_or(opened) + QUIET).min(opened + MAX_OPEN))
    }

    /// Ends what is unfinished if its deadline has passed at `now`: a paste is delivered as
    /// cut, a lone ESC is the Esc key, any other sequence is dropped.
    pub fn timeout(&mut self, now: Instant) -> Vec<Input> {
        if self
            .pending_deadline()
            .is_none_or(|deadline| now < deadline)
        {
            return Vec::new();
        }
        self.opened = None;
        if let Some(paste) = self.paste.take() {
            return vec![paste.into_input(false)];
        }
        let lone_esc = self.buffer == [ESC];
        self.buffer.clear();
        if lone_esc {
            vec![Input::Event(Event::Key(KeyEvent::from(KeyCode::Esc)))]
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

    use super::*;

    fn key(code: KeyCode) -> Input {
        Input::Event(Event::Key(KeyEvent::from(code)))
    }

    fn ch(c: char) -> Input {
        let modifiers = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        Input::Event(Event::Key(KeyEvent::new(KeyCode::Char(c), modifiers)))
    }

    fn ctrl(c: char) -> Input {
        Input::Event(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )))
    }

    fn paste(text: &str) -> Input {
        Input::Event(Event::Paste(text.to_owned()))
    }

    fn cut(text: &str) -> Input {
        Input::CutPaste(text.to_owned())
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Feeds each read in turn at one instant, as reads with nothing waiting after them.
    fn decode(reads: &[&[u8]]) -> Vec<Input> {
        let mut decoder = Decoder::default();
        let now = Instant::now();
        let out = reads
            .iter()
            .flat_map(|read| decoder.feed(read, false, now))
            .collect();
        assert_eq!(decoder.pending_deadline(), None, "left unfinished");
        out
    }

    #[test]
    fn an_escape_sequence_in_one_read_is_one_key() {
        assert_eq!(decode(&[b"\x1b[A"]), vec![key(KeyCode::Up)]);
    }

    #[test]
    fn a_lone_esc_at_the_end_of_a_read_is_the_esc_key() {
        assert_eq!(
            decode(&[b"\x1b", b"[A"]),
            vec![key(KeyCode::Esc), ch('['), ch('A')]
        );
    }

    #[test]
    fn a_sequence_split_after_esc_bracket_waits_for_its_end() {
        let mut decoder = Decoder::default();
        let now = Instant::now();
        assert_eq!(decoder.feed(b"\x1b[", false, now), vec![]);
        assert_eq!(decoder.pending_deadline(), Some(now + QUIET));
        assert_eq!(decoder.feed(b"A", false, now), vec![key(KeyCode::Up)]);
        assert_eq!(decoder.pending_deadline(), None);
    }

    #[test]
    fn a_lone_esc_at_the_end_of_a_full_read_waits_for_the_next() {
        let mut decoder = Decoder::default();
        let now = Instant::now();
        assert_eq!(decoder.feed(b"x\x1b", true, now), vec![ch('x')]);
        assert_eq!(decoder.feed(b"[B", false, now), vec![key(KeyCode::Down)]);
        // When nothing comes after all, it is the Esc key once the quiet time is over.
        assert_eq!(decoder.feed(b"\x1b", true, now), vec![]);
        assert_eq!(decoder.timeout(now + ms(50)), vec![]);
        assert_eq!(decoder.timeout(now + QUIET), vec![key(KeyCode::Esc)]);
        assert_eq!(decoder.pending_deadline(), None);
    }

    #[test]
    fn arrows_ctrl_c_and_letters_in_one_read() {
        assert_eq!(
            decode(&[b"\x1b[A\x1b[B\x1b[C\x1b[D\x03q\r\x7f"]),
            vec![
                key(KeyCode::Up),
                key(KeyCode::Down),
                key(KeyCode::Right),
                key(KeyCode::Left),
                ctrl('c'),
                ch('q'),
                key(KeyCode::Enter),
                key(KeyCode::Backspace),
            ]
        );
    }

    #[test]
    fn an_sgr_mouse_click_whole_and_split() {
        let click = |kind| {
            Input::Event(Event::Mouse(MouseEvent {
                kind,
                column: 9,
                row: 4,
                modifiers: KeyModifiers::NONE,
            }))
        };
        let down = click(MouseEventKind::Down(MouseButton::Left));
        let up = click(MouseEventKind::Up(MouseButton::Left));
        assert_eq!(
            decode(&[b"\x1b[<0;10;5M\x1b[<0;10;5m"]),
            vec![down.clone(), up]
        );
        assert_eq!(decode(&[b"\x1b[<0;1", b"0;5M"]), vec![down]);
    }

    #[test]
    fn a_utf8_character_split_across_reads() {
        let euro = "€".as_bytes();
        assert_eq!(decode(&[&euro[..1], &euro[1..]]), vec![ch('€')]);
        assert_eq!(
            decode(&[&[b'a', euro[0], euro[1]], &euro[2..]]),
            vec![ch('a'), ch('€')]
        );
    }

    #[test]
    fn a_paste_is_delivered_whole_when_its_end_arrives() {
        assert_eq!(
            decode(&[b"\x1b[200~one\r\ntwo \x1b[A q\x1b[201~q"]),
            vec![paste("one\r\ntwo \x1b[A q"), ch('q')]
        );
        assert_eq!(decode(&[b"\x1b[200~\x1b[201~"]), vec![paste("")]);
    }

    #[test]
    fn a_paste_split_across_reads_even_inside_its_markers() {
        assert_eq!(
            decode(&[b"\x1b[20", b"0~so", b"me \x1b", b"[20", b"1~", b"\x03"]),
            vec![paste("some "), ctrl('c')]
        );
    }

    #[test]
    fn invalid_utf8_in_a_paste_is_converted_lossily() {
        assert_eq!(
            decode(&[b"\x1b[200~a\xffb\x1b[201~"]),
            vec![paste("a\u{fffd}b")]
        );
    }

    #[test]
    fn a_paste_of_exactly_the_limit_is_whole() {
        let text = "x".repeat(MAX_PASTE);
        let bytes = format!("\x1b[200~{text}\x1b[201~");
        assert_eq!(decode(&[bytes.as_bytes()]), vec![paste(&text)]);
    }

    #[test]
    fn an_oversize_paste_is_cut_to_the_limit_and_its_end_still_found() {
        let mut decoder = Decoder::default();
        let now = Instant::now();
        let mut out = decoder.feed(b"\x1b[200~", false, now);
        let chunk = vec![b'x'; 4096];
        for _ in 0..64 {
            out.extend(decoder.feed(&chunk, false, now));
            let kept = decoder.paste.as_ref().map_or(0, |p| p.kept.len());
            assert!(kept <= MAX_PASTE + PASTE_END.len(), "kept {kept} bytes");
        }
        out.extend(decoder.feed(b"\x1b[20", false, now));
        out.extend(decoder.feed(b"1~q", false, now));
        assert_eq!(out, vec![cut(&"x".repeat(MAX_PASTE)), ch('q')]);
        assert_eq!(decoder.pending_deadline(), None);
    }

    #[test]
    fn a_cut_paste_drops_the_character_it_splits() {
        // "é" is two bytes; its second falls past the limit.
        let text = format!("{}é tail", "x".repeat(MAX_PASTE - 1));
        let bytes = format!("\x1b[200~{text}\x1b[201~");
        assert_eq!(
            decode(&[bytes.as_bytes()]),
            vec![cut(&"x".repeat(MAX_PASTE - 1))]
        );
    }

    #[test]
    fn a_paste_whose_end_never_comes_ends_when_input_goes_quiet() {
        let mut decoder = Decoder::default();
        let t0 = Instant::now();
        assert_eq!(decoder.feed(b"\x1b[200~some text", false, t0), vec![]);
        assert_eq!(decoder.pending_deadline(), Some(t0 + QUIET));
        assert_eq!(decoder.timeout(t0 + ms(50)), vec![]);
        assert_eq!(decoder.timeout(t0 + QUIET), vec![cut("some text")]);
        assert_eq!(decoder.pending_deadline(), None);
        let later = t0 + ms(300);
        assert_eq!(decoder.feed(b"q", false, later), vec![ch('q')]);
        assert_eq!(decoder.feed(b"\x03", false, later), vec![ctrl('c')]);
    }

    #[test]
    fn bytes_that_come_after_the_quiet_time_end_the_paste_first() {
        let mut decoder = Decoder::default();
        let t0 = Instant::now();
        assert_eq!(decoder.feed(b"\x1b[200~some", false, t0), vec![]);
        assert_eq!(decoder.feed(b" text", false, t0 + ms(60)), vec![]);
        assert_eq!(decoder.pending_deadline(), Some(t0 + ms(60) + QUIET));
        assert_eq!(
            decoder.feed(b"q", false, t0 + ms(300)),
            vec![cut("some text"), ch('q')]
        );
    }

    #[test]
    fn a_paste_open_too_long_ends_even_while_input_keeps_coming() {
        let mut decoder = Decoder::default();
        let t0 = Instant::now();
        assert_eq!(decoder.feed(b"\x1b[200~", false, t0), vec![]);
        let mut out = Vec::new();
        for i in 1..=25 {
            out.extend(decoder.feed(b"a", false, t0 + ms(50 * i)));
        }
        // 19 bytes came in the paste's first second; the 20th came as it closed.
        let mut want = vec![cut(&"a".repeat(19))];
        want.extend(std::iter::repeat_n(ch('a'), 6));
        assert_eq!(out, want);
        assert_eq!(decoder.pending_deadline(), None);
    }

    #[test]
    fn a_partial_end_marker_is_not_text_of_a_cut_paste() {
        let mut decoder = Decoder::default();
        let t0 = Instant::now();
        assert_eq!(decoder.feed(b"\x1b[200~abc\x1b[20", false, t0), vec![]);
        assert_eq!(decoder.timeout(t0 + QUIET), vec![cut("abc")]);
    }

    #[test]
    fn a_lone_end_marker_is_dropped() {
        assert_eq!(decode(&[b"\x1b[201~q"]), vec![ch('q')]);
    }

    #[test]
    fn garbage_sequences_are_dropped() {
        assert_eq!(decode(&[b"\x1b[99;xq", b"\x1bO!q"]), vec![ch('q'), ch('q')]);
    }

    #[test]
    fn an_unfinished_sequence_is_dropped_at_its_length_limit() {
        // `ESC [ ?` waits for a `u` or a `c`: every other byte is taken in, up to the limit.
        let mut bytes = b"\x1b[?".to_vec();
        bytes.extend([b'q'; 300]);
        let taken = MAX_SEQUENCE - 3;
        assert_eq!(decode(&[&bytes]), vec![ch('q'); 300 - taken]);
    }

    #[test]
    fn an_unfinished_sequence_is_dropped_when_input_goes_quiet() {
        let mut decoder = Decoder::default();
        let t0 = Instant::now();
        assert_eq!(decoder.feed(b"\x1b[?q", false, t0), vec![]);
        assert_eq!(decoder.timeout(t0 + QUIET), vec![]);
        assert_eq!(decoder.pending_deadline(), None);
        assert_eq!(decoder.feed(b"q", false, t0 + ms(200)), vec![ch('q')]);
    }

    #[test]
    fn nothing_pending_after_whole_events() {
        let mut decoder = Decoder::default();
        decoder.feed(b"ab\x1b[A\x1b[200~x\x1b[201~", false, Instant::now());
        assert_eq!(decoder.pending_deadline(), None);
    }
}
