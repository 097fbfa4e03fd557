//! The verify pane (V): runs the cell's tests with the command the config gives its language,
//! its output shown as it comes. The first run of a command in a session shows the exact
//! command and waits for Enter; Esc cancels a run (the loop kills its process group) or closes
//! the pane. A pass marks the cell done with its evidence, an undoable change; a failure keeps
//! the tail as the cell's last failed run and leaves the state as it is.
//!
//! `update` does no I/O: it asks the loop to run (`Effect::RunVerify`) or cancel
//! (`Effect::CancelVerify`), and the loop reports the output and the end as facts.

use super::{App, Effect, Mode};
use crate::i18n::tr;
use crate::model::TaskId;
use crate::verify::{self, Outcome, Placeholders, Spec, TrackVerify};

/// Lines of output the pane keeps (the oldest go first).
pub const PANE_LINES: usize = 2000;

/// Where a run stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// The command was not run in this session yet: shown, waiting for Enter.
    Confirm,
    Running,
    /// Esc was pressed: the loop is killing the run.
    Cancelling,
    Ended {
        outcome: Outcome,
        ms: u64,
    },
}

/// The pane's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyPane {
    pub task: TaskId,
    /// The language, by id: the languages may be reordered while the tests run (on another
    /// machine, merged in).
    pub track_id: String,
    pub spec: Spec,
    pub phase: Phase,
    pub lines: std::collections::VecDeque<String>,
    /// Lines scrolled up from the end (0: the end, following the output).
    pub scroll: usize,
}

/// How a run ended, as the loop reports it: the outcome and how long it took, with the evidence
/// of a pass or the record of a failure (made off the loop: they ask git for the commit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyEnd {
    pub outcome: Outcome,
    pub ms: u64,
    pub verified: Option<crate::model::progress::Verified>,
    pub failed: Option<crate::model::progress::VerifyFailed>,
}

impl App {
    /// The config's `[tracks]`, as the loop passes them at start.
    pub(super) fn set_verify_commands(&mut self, tracks: Vec<(String, TrackVerify)>) {
        self.verify_commands = tracks;
    }

    /// V on the grid: opens the pane for the cell under the cursor.
    pub(super) fn open_verify(&mut self) -> Effect {
        if !self.has_rows() {
            return Effect::None;
        }
        let pos = self.cursor.pos;
        let task = self.roadmap.task(pos).id;
        let track = &self.roadmap.tracks[self.cursor.track];
        let level = &self.roadmap.levels[self.roadmap.level_of(pos)].id;
        let task_text = task.to_string();
        let values = Placeholders {
            task: &task_text,
            track: &track.id,
            level,
        };
        let Some(spec) = verify::spec_for(&self.verify_commands, &track.id, &values) else {
            let text = format!(
                "{} {}: {} {}",
                tr(
                    self.lang,
                    "No verify command for",
                    "No hay orden de verificación para"
                ),
                track.name,
                tr(self.lang, "add", "añade"),
                verify::missing_key(&track.id)
            );
            self.notify(format!(
                "{text} {}",
                tr(
                    self.lang,
                    "to the config file",
                    "al archivo de configuración"
                )
            ));
            return Effect::None;
        };
        let seen = self.verify_seen.contains(&spec.origin);
        let mut pane = VerifyPane {
            task,
            track_id: track.id.clone(),
            spec,
            phase: Phase::Confirm,
            lines: Default::default(),
            scroll: 0,
        };
        if seen {
            pane.phase = Phase::Running;
            let spec = pane.spec.clone();
            self.mode = Mode::Verify(Box::new(pane));
            return Effect::RunVerify(spec);
        }
        self.mode = Mode::Verify(Box::new(pane));
        Effect::None
    }

    pub(super) fn update_verify(
        &mut self,
        action: super::Action,
        mut pane: Box<VerifyPane>,
    ) -> Effect {
        use super::Action;
        let page = self.viewport.saturating_sub(1).max(1);
        let mut effect = Effect::None;
        match action {
            Action::Confirm if pane.phase == Phase::Confirm => {
                self.verify_seen.insert(pane.spec.origin.clone());
                pane.phase = Phase::Running;
                effect = Effect::RunVerify(pane.spec.clone());
            }
            Action::Close | Action::Quit if pane.phase == Phase::Running => {
                pane.phase = Phase::Cancelling;
                effect = Effect::CancelVerify;
                if action == Action::Quit {
                    // The run is killed on the way out.
                    return Effect::Quit;
                }
            }
            Action::Close if pane.phase == Phase::Cancelling => {}
            Action::Close => {
                if let Phase::Ended { outcome, ms } = &pane.phase {
                    let text = self.verify_result(&pane, outcome, *ms);
                    self.notify(text);
                }
                return Effect::None;
            }
            Action::Quit => return Effect::Quit,
            Action::Up | Action::Scroll(-1) => {
                pane.scroll = (pane.scroll + 1).min(pane.lines.len())
            }
            Action::Down | Action::Scroll(1) => pane.scroll = pane.scroll.saturating_sub(1),
            Action::Scroll(n) if n < 0 => {
                pane.scroll = (pane.scroll + n.unsigned_abs()).min(pane.lines.len())
            }
            Action::Scroll(n) => pane.scroll = pane.scroll.saturating_sub(n as usize),
            Action::PageUp => pane.scroll = (pane.scroll + page).min(pane.lines.len()),
            Action::PageDown => pane.scroll = pane.scroll.saturating_sub(page),
            Action::Last => pane.scroll = 0,
            Action::First => pane.scroll = pane.lines.len(),
            _ => {}
        }
        self.mode = Mode::Verify(pane);
        effect
    }

    /// Output of the run under way.
    pub(super) fn verify_output(&mut self, lines: Vec<String>) {
        if let Mode::Verify(pane) = &mut self.mode {
            for line in lines {
                if pane.lines.len() == PANE_LINES {
                    pane.lines.pop_front();
                }
                pane.lines.push_back(line);
                if pane.scroll > 0 {
                    // Kept where the reader scrolled to.
                    pane.scroll = (pane.scroll + 1).min(pane.lines.len());
                }
            }
        }
    }

    /// The run ended: a pass marks the cell done with its evidence (an undoable change), a
    /// failure is kept as the cell's last failed run.
    pub(super) fn verify_ended(&mut self, end: VerifyEnd, now: &str) -> Effect {
        let Mode::Verify(pane) = &mut self.mode else {
            return Effect::None;
        };
        let (task, track_id) = (pane.task, pane.track_id.clone());
        pane.phase = Phase::Ended {
            outcome: end.outcome.clone(),
            ms: end.ms,
        };
        let text = {
            let pane = pane.clone();
            self.verify_result(&pane, &end.outcome, end.ms)
        };
        let effect = match (end.verified, end.failed) {
            (Some(run), _) if end.outcome.passed() => self.change_cell(task, &track_id, |p| {
                p.set_verified(task, &track_id, run, now)
            }),
            (_, Some(run)) if end.outcome != Outcome::Cancelled => {
                // Not a step to undo: the state is unchanged, and the record is a register of
                // its own.
                self.progress.set_verify_failed(task, &track_id, run, now);
                self.cell_changed(
                    task,
                    &track_id,
                    self.progress.status(task, &track_id),
                    self.progress.status(task, &track_id),
                );
                Effect::Save
            }
            _ => Effect::None,
        };
        self.notify(text);
        effect
    }

    /// What the status line says of a run's end.
    fn verify_result(&self, pane: &VerifyPane, outcome: &Outcome, ms: u64) -> String {
        let track = self
            .roadmap
            .track_index(&pane.track_id)
            .map_or(pane.track_id.as_str(), |t| {
                self.roadmap.tracks[t].name.as_str()
            });
        let words = verify::outcome_words(outcome, &pane.spec, self.lang);
        let after = match outcome {
            o if o.passed() => tr(self.lang, "done, verified", "hecha, verificada"),
            Outcome::Cancelled => tr(self.lang, "the cell is unchanged", "la celda queda igual"),
            _ => tr(self.lang, "the cell is unchanged", "la celda queda igual"),
        };
        format!(
            "{} {} × {track}: {words} ({}) — {after}",
            tr(self.lang, "Verify", "Verificación"),
            pane.task,
            verify::duration_words(ms)
        )
    }
}
