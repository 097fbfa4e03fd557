//! The prompts shown when quitting while saves fail: retry, save a copy elsewhere (typing its
//! path), or quit anyway.

use super::{Action, App, Effect, Mode, TextField};

impl App {
    /// The quit prompt while saves fail. Quit (q, Ctrl-C) here quits without the changes.
    pub(super) fn update_unsaved(&mut self, action: Action) -> Effect {
        match action {
            Action::RetrySave => {
                self.mode = Mode::Unsaved;
                return Effect::Save;
            }
            Action::OpenSaveAs => {
                let suggestion = self
                    .data_path
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map(|name| {
                        let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
                        home.unwrap_or_else(std::env::temp_dir)
                            .join(name)
                            .display()
                            .to_string()
                    })
                    .unwrap_or_default();
                // Selected: typing replaces the suggestion, the arrows keep it to edit.
                self.mode = Mode::SaveAs {
                    field: TextField::selected(&suggestion),
                };
            }
            Action::Quit => return Effect::Quit,
            Action::Close => {}
            _ => self.mode = Mode::Unsaved,
        }
        Effect::None
    }

    /// Typing the path of a copy of the progress.
    pub(super) fn update_save_as(&mut self, action: Action, mut field: TextField) -> Effect {
        match action {
            Action::Input(key) => {
                field.input_line(key, "");
            }
            Action::Paste(text) => field.paste(&text, false),
            Action::Confirm => {
                let text = field.text();
                let path = text.trim();
                // "copy.json/" names a folder: writing there would make one, not a copy.
                if path.ends_with(std::path::is_separator) {
                    self.notify_error(match self.lang {
                        crate::model::Lang::En => {
                            format!("{path} is a folder: add a file name, e.g. {path}progress.json")
                        }
                        crate::model::Lang::Es => format!(
                            "{path} es una carpeta: añade un nombre de archivo, p. ej. {path}progress.json"
                        ),
                    });
                } else if !path.is_empty() {
                    let path = std::path::PathBuf::from(path);
                    self.mode = Mode::SaveAs { field };
                    return Effect::SaveAs(path);
                }
            }
            Action::Close => {
                self.mode = Mode::Unsaved;
                return Effect::None;
            }
            Action::Quit => return Effect::Quit,
            _ => {}
        }
        self.mode = Mode::SaveAs { field };
        Effect::None
    }
}
