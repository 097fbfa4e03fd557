//! One task × track cell: its state (status, dates, review schedule — one register, stamped by
//! `changed_at`), its note (stamped by `note_at`), and the fields few cells have, kept apart; and
//! the cleaning and joining of notes.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::evidence::{Verified, VerifyFailed};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Todo,
    InProgress,
    Done,
    /// Left out on purpose (known already, not wanted): counts toward neither done nor the
    /// total. Written only in version 4 files (see `Progress::needed_version`).
    Skip,
}

impl Status {
    pub fn is_todo(&self) -> bool {
        *self == Status::Todo
    }

    /// Whether there is work left in the cell: todo or in progress (not done, not skipped).
    pub fn is_open(&self) -> bool {
        matches!(self, Status::Todo | Status::InProgress)
    }

    /// Whether the cell counts: a skipped cell is in neither the done count nor the total.
    pub fn counts(&self) -> bool {
        *self != Status::Skip
    }

    /// How far along the state is; a merge that cannot order two changes keeps the further one.
    /// A skip records a decision but no work: it ranks above todo (it was a deliberate change)
    /// and below a start or a check, so a tie never hides work done behind a skip.
    pub fn rank(self) -> u8 {
        match self {
            Status::Todo => 0,
            Status::Skip => 1,
            Status::InProgress => 2,
            Status::Done => 3,
        }
    }
}

/// One task × track cell. A missing cell means todo with no note, never changed.
///
/// Dates are short texts kept inline (`CompactString`), so that a file of millions of cells
/// costs no allocation per date. What few cells carry (a note, a review, fields this build does
/// not know) is kept apart, behind a box, so that the many cells without it stay small. The cell
/// is read and written by hand (see `serde_impl`), in the order of its fields here.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub status: Status,
    pub started_at: Option<CompactString>,
    pub done_at: Option<CompactString>,
    /// When the cell last changed (RFC 3339); a merge keeps the later of two changes.
    pub changed_at: Option<CompactString>,
    /// `None` when all of it is empty.
    pub(super) more: Option<Box<CellMore>>,
}

/// The fields of a cell that few cells have.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellMore {
    pub note: Option<String>,
    /// When the note last changed, where that is not `changed_at`: a note written or cleared on
    /// its own. A cleared note keeps it, so the clearing wins over an older text.
    pub note_at: Option<CompactString>,
    /// The day (YYYY-MM-DD) a review of this done cell is due (see `model::review`).
    pub review_due: Option<CompactString>,
    /// How many reviews of the cell were completed; spaces out the next one.
    pub reviews: Option<u32>,
    /// When the last review was completed (RFC 3339).
    pub reviewed_at: Option<CompactString>,
    /// The run of its tests that made the cell done; part of the state, bound to `changed_at`.
    pub verified: Option<Verified>,
    /// The last run of its tests that failed; a register of its own, stamped by its `at`.
    pub verify_failed: Option<VerifyFailed>,
    /// Fields this build does not know, kept as they were.
    pub extra: Map<String, Value>,
}

impl CellMore {
    fn is_empty(&self) -> bool {
        self.note.is_none()
            && self.note_at.is_none()
            && self.review_due.is_none()
            && self.reviews.is_none()
            && self.reviewed_at.is_none()
            && self.verified.is_none()
            && self.verify_failed.is_none()
            && self.extra.is_empty()
    }
}

/// What a cell without any of the rarer fields has of them.
static NO_MORE: std::sync::LazyLock<CellMore> = std::sync::LazyLock::new(CellMore::default);

impl PartialEq for Cell {
    fn eq(&self, other: &Cell) -> bool {
        self.status == other.status
            && self.started_at == other.started_at
            && self.done_at == other.done_at
            && self.changed_at == other.changed_at
            && self.more() == other.more()
    }
}

impl Eq for Cell {}

impl Cell {
    /// The rarer fields (empty ones for a cell that has none).
    pub fn more(&self) -> &CellMore {
        self.more.as_deref().unwrap_or(&NO_MORE)
    }

    /// The rarer fields, to change; `tidy` drops them again once they are all empty.
    pub fn more_mut(&mut self) -> &mut CellMore {
        self.more.get_or_insert_default()
    }

    pub fn set_more(&mut self, more: CellMore) {
        self.more = Some(Box::new(more));
        self.tidy();
    }

    /// Keeps one spelling of the stamps (a note stamped with the cell's `changed_at` has no
    /// `note_at` of its own) and lets go of the rarer fields' room when they are all empty.
    ///
    /// Evidence of a run whose stamp is not the state's is dropped: the state changed since (by
    /// a build that kept the field without knowing it), so the run no longer speaks for it.
    pub fn tidy(&mut self) {
        if let Some(more) = &mut self.more
            && more
                .verified
                .as_ref()
                .is_some_and(|v| Some(&v.stamp) != self.changed_at.as_ref())
        {
            more.verified = None;
        }
        if let Some(more) = &mut self.more
            && more.note.is_some()
            && more.note_at.is_some()
            && more.note_at == self.changed_at
        {
            more.note_at = None;
        }
        if self.more.as_ref().is_some_and(|more| more.is_empty()) {
            self.more = None;
        }
    }

    /// The stamp of the note: its own, or for a note stored without one, the cell's. `None` for
    /// a note never written.
    pub fn note_stamp(&self) -> Option<&str> {
        let more = self.more();
        match (&more.note_at, &more.note) {
            (Some(at), _) => Some(at),
            (None, Some(_)) => self.changed_at.as_deref(),
            (None, None) => None,
        }
    }

    /// Stamps a change of the state (or its dates or review schedule) made at `now`.
    pub fn stamp_state(&mut self, now: &str) {
        let stamp = crate::clock::stamp_after(now, self.changed_at.as_deref());
        // A note stamped with the cell's stamp keeps that stamp as its own.
        if self.more().note.is_some() && self.more().note_at.is_none() {
            let at = self.changed_at.clone();
            self.more_mut().note_at = at;
        }
        self.changed_at = Some(stamp);
        self.tidy();
    }

    /// Stamps a change of the note made at `now`.
    pub fn stamp_note(&mut self, now: &str) {
        let stamp = crate::clock::stamp_after(now, self.note_stamp());
        self.more_mut().note_at = Some(stamp);
        self.tidy();
    }

    /// Sets the stamps of both parts to those of `other` (explicitly, whatever their spelling
    /// there), before this cell's own changes are stamped.
    pub fn take_stamps(&mut self, other: &Cell) {
        let note_at = other.note_stamp().map(CompactString::from);
        self.changed_at = other.changed_at.clone();
        if note_at.is_some() || self.more.is_some() {
            self.more_mut().note_at = note_at;
        }
        self.tidy();
    }

    /// Whether the state, its dates and its review schedule — the part stamped by `changed_at`
    /// — are the same in both.
    pub fn same_state(&self, other: &Cell) -> bool {
        let (a, b) = (self.more(), other.more());
        self.status == other.status
            && self.started_at == other.started_at
            && self.done_at == other.done_at
            && a.review_due == b.review_due
            && a.reviews == b.reviews
            && a.reviewed_at == b.reviewed_at
            && a.verified == b.verified
    }

    pub fn note(&self) -> Option<&str> {
        self.more().note.as_deref()
    }

    pub fn set_note(&mut self, note: Option<String>) {
        self.more_mut().note = note;
        self.tidy();
    }

    pub fn review_due(&self) -> Option<&str> {
        self.more().review_due.as_deref()
    }

    pub fn reviews(&self) -> Option<u32> {
        self.more().reviews
    }

    pub fn reviewed_at(&self) -> Option<&str> {
        self.more().reviewed_at.as_deref()
    }

    /// The run that made the cell done, while the state is the one it made.
    pub fn verified(&self) -> Option<&Verified> {
        self.more().verified.as_ref()
    }

    /// The last run of the cell's tests that failed.
    pub fn verify_failed(&self) -> Option<&VerifyFailed> {
        self.more().verify_failed.as_ref()
    }

    /// Fields this build does not know, kept as they were.
    pub fn extra(&self) -> &Map<String, Value> {
        &self.more().extra
    }

    /// Whether the cell carries nothing worth storing.
    pub(super) fn is_blank(&self) -> bool {
        self.status == Status::Todo
            && self.started_at.is_none()
            && self.done_at.is_none()
            && self.changed_at.is_none()
            && self.more().is_empty()
    }

    /// When the cell last changed: its stamp, or for a cell written before stamps existed the
    /// later of its start and done dates. `None` sorts before any time.
    pub fn change_time(&self) -> Option<jiff::Timestamp> {
        let parse = |s: &Option<CompactString>| s.as_deref().and_then(|s| s.parse().ok());
        parse(&self.changed_at).or_else(|| parse(&self.done_at).max(parse(&self.started_at)))
    }
}

/// A note cleaned: control characters other than newline stripped, tabs as four spaces,
/// trailing blanks trimmed; `None` when nothing is left. Never shortened.
pub fn clean_stored_note(note: &str) -> Option<String> {
    let cleaned = crate::model::text::strip_controls(&note.replace('\t', "    "), true);
    let trimmed = cleaned.trim_end();
    (!trimmed.trim().is_empty()).then(|| trimmed.to_owned())
}

/// `note` with `text` added as a paragraph of its own, after a blank line, both cleaned as a
/// stored note is (blank lines before the text dropped). When the text is blank, or already
/// stands in the note as whole lines, the note stays as it is: adding the same text again adds
/// nothing. Never shortened; bounding the result is the caller's to do.
pub fn add_paragraph(note: Option<&str>, text: &str) -> Option<String> {
    let note = note.and_then(clean_stored_note);
    let Some(text) = clean_stored_note(text) else {
        return note;
    };
    // From the start of the first line that has something on it.
    let first = text.len() - text.trim_start().len();
    let text = &text[text[..first].rfind('\n').map_or(0, |i| i + 1)..];
    match note {
        Some(note) if holds_lines(&note, text) => Some(note),
        Some(note) => Some(format!("{note}\n\n{text}")),
        None => Some(text.to_owned()),
    }
}

/// Whether `text` (not empty) stands in `note` as whole lines: from a line's start to a line's
/// end, so that "ok" is not found in "took".
fn holds_lines(note: &str, text: &str) -> bool {
    let bytes = note.as_bytes();
    let mut from = 0;
    while let Some(found) = note[from..].find(text) {
        let (start, end) = (from + found, from + found + text.len());
        if (start == 0 || bytes[start - 1] == b'\n') && (end == note.len() || bytes[end] == b'\n') {
            return true;
        }
        from = start + note[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}
