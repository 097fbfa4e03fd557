//! Running a cell's tests (`verify`): the command the user's config gives a language (see
//! `command`), run in a process group of its own with its output streamed and a time limit (see
//! `run`). The command comes only from the config file: nothing read from a progress file or a
//! roadmap is ever run.

pub mod command;
pub mod run;

pub use command::{Placeholders, TrackVerify};
pub use run::{Msg, Outcome, Runner, Spec};
