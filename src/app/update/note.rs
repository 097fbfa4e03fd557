//! The note editor: typing and pasting within the note's size, asking before a changed note is
//! thrown away, and keeping both texts when the note changed on disk meanwhile.

use crate::app::{Action, App, Discard, Effect, Mode, TextField};
use crate::i18n::tr;
use crate::model::TaskId;
use crate::model::progress::MAX_NOTE_CHARS;

impl App {
    pub(super) fn update_note(
        &mut self,
        action: Action,
        mut field: TextField,
        (task, track): (TaskId, usize),
        asked: Option<Discard>,
        original: String,
        now: &str,
    ) -> Effect {
        let track_id = self.roadmap.tracks[track].id.clone();
        let as_typed = |text: &str| TextField::new(text).text();
        let on_disk = as_typed(self.progress.note(task, &track_id).unwrap_or(""));
        let changed = field.text() != on_disk;
        let mut discard = None;
        match action {
            // A changed note is never thrown away by one key: the editor asks first.
            Action::Close if changed && asked != Some(Discard::Close) => {
                discard = Some(Discard::Close)
            }
            Action::Quit if changed && asked != Some(Discard::Quit) => {
                discard = Some(Discard::Quit)
            }
            Action::Input(key) => {
                field.input(key);
                if field.text().chars().count() > MAX_NOTE_CHARS {
                    field.area_mut().undo();
                }
            }
            Action::Paste(text) => field.paste(&text, true),
            Action::Confirm => {
                let mine = field.text();
                let original = as_typed(&original);
                // Another writer changed the note while it was being edited here: both texts
                // are kept, this one first.
                let both = on_disk != original && mine != original && mine != on_disk;
                let text = match both {
                    true if mine.contains(on_disk.as_str()) => mine,
                    true if on_disk.contains(mine.as_str()) => on_disk,
                    true => format!("{mine}\n\n{on_disk}"),
                    false => mine,
                };
                let effect =
                    self.change_cell(task, &track_id, |p| p.set_note(task, &track_id, &text, now));
                if both {
                    self.notify(tr(
                        self.lang,
                        "The note changed on disk while you edited it: both texts are kept",
                        "La nota cambió en el disco mientras la editabas: se guardan ambos textos",
                    ));
                }
                return effect;
            }
            Action::Close => return Effect::None,
            Action::Quit => return Effect::Quit,
            _ => {}
        }
        self.mode = Mode::EditNote {
            field,
            task,
            track,
            discard,
            original,
        };
        Effect::None
    }
}
