//! roadmap-tui: track a learning roadmap, task by task and language by language.

pub mod model;
pub mod state;
