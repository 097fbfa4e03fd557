//! roadmap-tui: track a learning roadmap, task by task and language by language.

pub mod app;
pub mod cli;
pub mod clock;
pub mod cohort;
pub mod commands;
pub mod config;
pub mod hooks;
pub mod i18n;
pub mod interchange;
pub mod keymap;
pub mod model;
pub mod platform;
pub mod state;
pub mod tui;
pub mod ui;
pub mod verify;
