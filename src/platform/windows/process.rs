//! Verify commands on Windows: a process group of their own, whose tree `taskkill` ends;
//! `cmd /C` for a command that asks for a shell.

use std::os::windows::process::CommandExt;
use std::process::{Command, Stdio};

/// CREATE_NEW_PROCESS_GROUP: the console's Ctrl-C does not reach the command.
const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;

pub fn own_process_group(command: &mut Command) {
    command.creation_flags(CREATE_NEW_PROCESS_GROUP);
}

/// Ends the process `pid` and every process it started (`taskkill /T /F`).
pub fn kill_group(pid: u32) {
    let _ = Command::new("taskkill")
        .args(["/PID", &pid.to_string(), "/T", "/F"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

pub fn shell_argv(line: &str) -> Vec<String> {
    vec!["cmd".into(), "/C".into(), line.into()]
}

/// `value` as one word for `cmd`: in double quotes where it holds anything but letters, digits
/// and a few safe marks; `cmd` has no escape for `"` inside them, so it is dropped.
pub fn shell_word(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '\\' | '/' | ':' | '.' | '_' | '-'));
    if plain {
        value.to_owned()
    } else {
        format!("\"{}\"", value.replace(['"', '%', '\0'], ""))
    }
}

/// Ctrl-C is not turned into a message on Windows: it ends `verify --all` as it ends any
/// program, and the passes saved so far stay saved.
pub fn on_interrupt(_f: impl Fn() + Send + 'static) -> bool {
    false
}
