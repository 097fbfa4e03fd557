//! The error and panic hooks: color-eyre's, without colour. A report goes to standard error,
//! which is as often a file, a pipe or a log as a terminal; and every message passes through
//! `for_terminal`, which drops the ESC of a colour code and would leave its printable rest
//! (`[31mThe application panicked`). So the report is plain wherever it goes.

use color_eyre::config::{EyreHook, HookBuilder, PanicHook, Theme};

/// color-eyre's hooks with a blank theme: no colour codes in any part of a report.
/// (`HookBuilder::blank()` alone still colours, with the dark theme.)
pub fn plain() -> (PanicHook, EyreHook) {
    HookBuilder::blank().theme(Theme::new()).into_hooks()
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    #[test]
    fn a_panic_report_is_plain_text() {
        let (panic_hook, _) = super::plain();
        let report = Arc::new(Mutex::new(String::new()));
        let this = std::thread::current().id();
        let previous = std::panic::take_hook();
        let kept = Arc::clone(&report);
        std::panic::set_hook(Box::new(move |info| {
            // Another test's panic on another thread is not this one's.
            if std::thread::current().id() == this {
                *kept.lock().unwrap() = panic_hook.panic_report(info).to_string();
            }
        }));
        let caught = std::panic::catch_unwind(|| panic!("Formatting argument out of range"));
        std::panic::set_hook(previous);
        assert!(caught.is_err());
        let report = report.lock().unwrap().clone();
        assert!(
            report.contains("The application panicked")
                && report.contains("Formatting argument out of range"),
            "{report}"
        );
        assert!(
            !report.contains('\u{1b}') && !report.contains("[31m") && !report.contains("[0m"),
            "colour codes in the report: {report:?}"
        );
    }
}
