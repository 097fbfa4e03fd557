//! Verify commands on Windows: a process group of their own, whose tree `taskkill` ends;
//! `cmd /C` for a command that asks for a shell.

use std::os::windows::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

use windows_sys::Win32::Foundation::{FALSE, TRUE};
use windows_sys::Win32::System::Console::{CTRL_BREAK_EVENT, CTRL_C_EVENT, SetConsoleCtrlHandler};

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

/// What Ctrl-C and Ctrl-Break call instead of ending the process, newest first.
type Handler = Box<dyn Fn() + Send + 'static>;
static ON_INTERRUPT: OnceLock<Mutex<Vec<Handler>>> = OnceLock::new();

unsafe extern "system" fn on_ctrl_c(kind: u32) -> i32 {
    if !matches!(kind, CTRL_C_EVENT | CTRL_BREAK_EVENT) {
        return FALSE;
    }
    let Some(Ok(handlers)) = ON_INTERRUPT.get().map(Mutex::lock) else {
        return FALSE;
    };
    if handlers.is_empty() {
        return FALSE;
    }
    for f in handlers.iter().rev() {
        f();
    }
    TRUE
}

/// Calls `f` on each Ctrl-C or Ctrl-Break from now on (on the thread the system starts for the
/// console's control handler) instead of ending the process. The command run in a group of its
/// own does not get the event, so `f` is what stops it. Returns whether that could be set up.
pub fn on_interrupt(f: impl Fn() + Send + 'static) -> bool {
    let slot = ON_INTERRUPT.get_or_init(|| Mutex::new(Vec::new()));
    let Ok(mut handlers) = slot.lock() else {
        return false;
    };
    let first = handlers.is_empty();
    handlers.push(Box::new(f));
    drop(handlers);
    // SAFETY: the handler is a plain function that lives as long as the process.
    !first || unsafe { SetConsoleCtrlHandler(Some(on_ctrl_c), TRUE) } != 0
}
