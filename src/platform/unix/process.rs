//! Verify commands on Unix: a process group of their own, killed as a whole; `sh -c` for a
//! command that asks for a shell; Ctrl-C turned into a message.

use std::os::unix::process::CommandExt;
use std::process::Command;

/// Starts the command as the leader of a new process group, so that the whole group (what it
/// starts included) can be killed at once, and a Ctrl-C at the terminal reaches this process
/// alone, which then stops the group.
pub fn own_process_group(command: &mut Command) {
    command.process_group(0);
}

/// Kills every process of the group that `pid` leads. A group already gone is no error.
pub fn kill_group(pid: u32) {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return;
    };
    if pid > 0 {
        // SAFETY: killpg only sends a signal; the group is one this process made.
        unsafe {
            libc::killpg(pid, libc::SIGKILL);
        }
    }
}

/// The arguments that run `line` through the system's shell.
pub fn shell_argv(line: &str) -> Vec<String> {
    vec!["sh".into(), "-c".into(), line.into()]
}

/// `value` as one word for `sh`.
pub fn shell_word(value: &str) -> String {
    super::shell_quote(value)
}

/// Calls `f` on each Ctrl-C (SIGINT) from now on, on a thread of its own, instead of ending the
/// process. Returns whether that could be set up.
pub fn on_interrupt(f: impl Fn() + Send + 'static) -> bool {
    let Ok(mut signals) = signal_hook::iterator::Signals::new([signal_hook::consts::SIGINT]) else {
        return false;
    };
    std::thread::spawn(move || {
        for _ in signals.forever() {
            f();
        }
    });
    true
}
