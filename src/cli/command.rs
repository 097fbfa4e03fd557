//! The command line built from `Cli` for parsing, completions and the manual page: the global
//! options hidden where they do nothing, usage errors said as they would be without the
//! environment, and the page in roff.

use clap::{CommandFactory, FromArgMatches};

use super::Cli;

/// The global options, which every subcommand accepts.
const GLOBALS: [&str; 4] = ["data", "roadmap", "locale", "config"];

/// The command line as it is parsed, completed and described: `Cli`'s, with the global options
/// hidden from the help of the subcommands they do nothing for (`completions` and `man` describe
/// the command line; `config` reads only the config file). They are still accepted there.
pub fn command() -> clap::Command {
    described(Cli::command())
}

fn described(mut cmd: clap::Command) -> clap::Command {
    // Global options reach the subcommands when the command is built.
    cmd.build();
    let unused: [(&str, &[&str]); 3] = [
        ("completions", &GLOBALS),
        ("man", &GLOBALS),
        ("config", &["data", "roadmap", "locale"]),
    ];
    for (name, ids) in unused {
        cmd = cmd.mut_subcommand(name, |sub| {
            sub.mut_args(|arg| {
                let hide = ids.contains(&arg.get_id().as_str()) || arg.is_hide_set();
                arg.hide(hide)
            })
        });
    }
    cmd
}

/// Parses `args` (the program's name first). A usage error's "Usage:" line lists the options
/// used besides the missing ones; an option set by the environment (`ROADMAP_TUI_DATA`,
/// `ROADMAP_TUI_CONFIG`) was not typed and would read as one more required option, so such an
/// error is said as it would be without the environment.
pub fn parse_from(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    let error = match command().try_get_matches_from(&args) {
        Ok(matches) => return Cli::from_arg_matches(&matches),
        Err(e) => e,
    };
    if !error.use_stderr() {
        return Err(error);
    }
    let typed_only = described(Cli::command().mut_args(|arg| arg.env(None::<&'static str>)));
    match typed_only.try_get_matches_from(&args) {
        Err(e) if e.kind() == error.kind() => Err(e),
        _ => Err(error),
    }
}

/// The manual page: roff made by clap_mangen from the command line above. Characters beyond
/// ASCII (the check marks `import` reads) are written as `\[uXXXX]` escapes, which groff reads
/// with or without preconv, and mandoc too.
pub fn man_page() -> std::io::Result<String> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command()).render(&mut page)?;
    Ok(ascii_roff(&String::from_utf8_lossy(&page)))
}

fn ascii_roff(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn roff_beyond_ascii_as_escapes() {
        assert_eq!(
            ascii_roff("(\u{2705} \u{2714} x) \\- é 𝄞"),
            "(\\[u2705] \\[u2714] x) \\- \\[u00E9] \\[u1D11E]"
        );
    }
}
