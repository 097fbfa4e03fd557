//! Shell completion as a shell offers it: the script `completions SHELL` prints is loaded into
//! the real shell (bash, zsh, fish), a command line is completed, and the words offered are
//! compared. A shell that is not installed is skipped, saying so.
//!
//! Unix only: the shells and the way they are driven here (a script on standard input, a
//! pseudo-terminal for zsh) are Unix ones.
#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use pretty_assertions::assert_eq;
use tempfile::TempDir;

const SEED_TRACKS: [&str; 6] = ["python", "node", "go", "php", "kotlin", "java"];

/// A throw-away home with a progress file that adds the language `rust` and hides `php`, and a
/// folder holding the binary, to put on the `PATH` as an installed program would be.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let sb = Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        for args in [
            &["tracks", "add", "rust", "Rust"][..],
            &["tracks", "hide", "php"],
        ] {
            let out = sb
                .command(bin())
                .arg("--data")
                .arg(sb.data())
                .args(args)
                .output();
            let out = out.expect("run roadmap-tui");
            assert!(out.status.success(), "{args:?}: {out:?}");
        }
        sb
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn data(&self) -> PathBuf {
        self.path().join("progress.json")
    }

    /// `program` in the sandbox: its home, the binary's folder first on the `PATH`, no
    /// progress file named by the environment unless a test says so.
    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let bin_dir = bin().parent().expect("the binary's folder").to_owned();
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![bin_dir];
        dirs.extend(std::env::split_paths(&path));
        let mut cmd = Command::new(program);
        cmd.env("HOME", self.path())
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("PATH", std::env::join_paths(dirs).expect("a PATH"))
            .env_remove("ROADMAP_TUI_DATA")
            .env_remove("ROADMAP_TUI_COMPLETE")
            .current_dir(self.path());
        cmd
    }

    /// The completion script for `shell`, written to a file.
    fn script(&self, shell: &str) -> PathBuf {
        let out = self
            .command(bin())
            .args(["completions", shell])
            .output()
            .expect("run roadmap-tui completions");
        assert!(out.status.success(), "completions {shell}: {out:?}");
        let file = self.path().join(format!("completion.{shell}"));
        fs::write(&file, out.stdout).expect("write the script");
        file
    }
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("roadmap-tui")
}

/// Whether `shell` can be run; says so when it cannot.
fn have(shell: &str) -> bool {
    let found = Command::new(shell)
        .arg("-c")
        .arg("exit 0")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIPPED: {shell} is not installed, so its completion is not tried");
    }
    found
}

fn sorted(words: &str) -> Vec<String> {
    let mut words: Vec<String> = words
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").trim().to_owned())
        .filter(|w| !w.is_empty())
        .collect();
    words.sort();
    words.dedup();
    words
}

fn set(words: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    words.sort();
    words
}

/// What the shell offers for `line` (the cursor at its end), as sorted words. `env` is added to
/// the shell's environment.
type Completer = fn(&Sandbox, &Path, &str, &[(&str, &Path)]) -> Vec<String>;

/// bash: the function the script registers for `roadmap-tui`, called as bash calls it, with
/// COMP_WORDS and COMP_CWORD set; COMPREPLY printed.
fn bash(sb: &Sandbox, script: &Path, line: &str, env: &[(&str, &Path)]) -> Vec<String> {
    let driver = r#"
source "$1"; shift
COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
read -r -a COMP_WORDS <<< "$COMP_LINE"
[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
spec=$(complete -p roadmap-tui) || exit 3
fn=${spec##*-F }; fn=${fn%% *}
"$fn" roadmap-tui "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let mut cmd = sb.command("bash");
    cmd.args(["--norc", "--noprofile", "-c", driver, "bash"])
        .arg(script)
        .arg(line);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(cmd, line)
}

/// fish: its own `complete -C`, which completes a command line as Tab would.
fn fish(sb: &Sandbox, script: &Path, line: &str, env: &[(&str, &Path)]) -> Vec<String> {
    let mut cmd = sb.command("fish");
    cmd.args(["--no-config", "-c", "source $argv[1]; complete -C $argv[2]"])
        .arg(script)
        .arg(line);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(cmd, line)
}

/// zsh: an interactive zsh in a pseudo-terminal (zsh's zpty) with the completion system and
/// the script loaded; the line is typed, Tab pressed, and every match the completion system is
/// given is printed. Tab runs the completion and then prints a mark, so nothing typed after it
/// reaches zsh while the completion (which runs the program) is still under way.
fn zsh(sb: &Sandbox, script: &Path, line: &str, env: &[(&str, &Path)]) -> Vec<String> {
    zsh_with(sb, "source ${(q)1}", script, line, env)
}

/// zsh with the script installed as a completion function: `_roadmap-tui` in a folder of
/// `fpath`, loaded by the completion system on the first Tab.
fn zsh_fpath(sb: &Sandbox, script: &Path, line: &str, env: &[(&str, &Path)]) -> Vec<String> {
    let dir = sb.path().join("zfunc");
    fs::create_dir_all(&dir).expect("make the fpath folder");
    fs::copy(script, dir.join("_roadmap-tui")).expect("install the completion function");
    zsh_with(sb, "", &dir, line, env)
}

/// zsh as above, `load` run after the completion system starts, with `$1` the script (or the
/// folder added to `fpath` before it starts).
fn zsh_with(
    sb: &Sandbox,
    load: &str,
    script: &Path,
    line: &str,
    env: &[(&str, &Path)],
) -> Vec<String> {
    let driver = r#"
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1=''; fpath=(${(q)1} $fpath); autoload -U compinit; compinit -u -D; LOAD"
zpty -w z 'compadd () { builtin compadd -O __m "$@"; print -r -l -- "<m>"${^__m[@]}"</m>"; builtin compadd "$@" }'
zpty -w z "_complete_then_say () { zle complete-word; print -r '<'done'>' }; zle -N _complete_then_say"
zpty -w z "bindkey '^I' _complete_then_say"
zpty -w z "print -r '<'ready'>'"
zpty -r z out '*<ready>*'
zpty -w -n z "$2"$'\t'
all=''
while zpty -r z out; do
  all+=$out
  [[ $all == *'<done>'* ]] && break
done
zpty -w z $'\C-u'"exit"
zpty -d z
for m in ${(f)"$(print -r -- $all | grep -o '<m>[^<]*</m>')"}; do
  m=${m#<m>}; print -r -- ${m%</m>}
done
"#
    .replace("LOAD", load);
    let mut cmd = sb.command("zsh");
    cmd.args(["-f", "-c", &driver, "zsh"]).arg(script).arg(line);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(cmd, line)
}

fn run(mut cmd: Command, line: &str) -> Vec<String> {
    let out = cmd.output().expect("run the shell");
    let stdout = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert!(
        out.status.success(),
        "{line}: {:?}\nstdout: {stdout}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    sorted(&stdout)
}

fn shells() -> Vec<(&'static str, Completer)> {
    eprintln!(
        "NOT TRIED: PowerShell and elvish are not driven here; tests/cli.rs checks their scripts \
         register the program"
    );
    let all: [(&str, Completer); 4] = [
        ("bash", bash),
        ("zsh", zsh),
        ("zsh (fpath)", zsh_fpath),
        ("fish", fish),
    ];
    all.into_iter()
        .filter(|(name, _)| have(shell_of(name)))
        .collect()
}

/// The shell a way of loading the script is for: "zsh (fpath)" is zsh.
fn shell_of(label: &str) -> &str {
    label.split(' ').next().unwrap_or(label)
}

#[test]
fn after_a_subcommand_its_options_and_values_complete() {
    let sb = Sandbox::new();
    for (shell, complete) in shells() {
        let script = sb.script(shell_of(shell));
        let offered = |line: &str| complete(&sb, &script, line, &[]);
        assert_eq!(
            offered("roadmap-tui export --format "),
            set(&["markdown", "csv", "json", "svg", "html"]),
            "{shell}"
        );
        assert_eq!(
            offered("roadmap-tui list --status "),
            set(&["in-progress", "done", "todo", "review", "skipped"]),
            "{shell}"
        );
        let tracks = offered("roadmap-tui tracks ");
        for sub in ["list", "add", "hide", "show", "move"] {
            assert!(tracks.contains(&sub.to_owned()), "{shell}: {tracks:?}");
        }
        assert_eq!(offered("roadmap-tui unch"), set(&["uncheck"]), "{shell}");
        assert_eq!(offered("roadmap-tui ski"), set(&["skip"]), "{shell}");
        let options = offered("roadmap-tui review 3 --");
        for option in ["--in", "--done", "--clear", "--track", "--data"] {
            assert!(options.contains(&option.to_owned()), "{shell}: {options:?}");
        }
    }
}

#[test]
fn a_language_completes_from_the_progress_file_the_command_reads() {
    let sb = Sandbox::new();
    let data = sb.data();
    let mut all = SEED_TRACKS.to_vec();
    all.push("rust");
    for (shell, complete) in shells() {
        let script = sb.script(shell_of(shell));
        let line = format!("roadmap-tui --data {} check 12 --track ", data.display());
        assert_eq!(complete(&sb, &script, &line, &[]), set(&all), "{shell}");
        // Named by the environment, and after the subcommand; the short option; a prefix.
        let env = [("ROADMAP_TUI_DATA", data.as_path())];
        assert_eq!(
            complete(&sb, &script, "roadmap-tui next -t ", &env),
            set(&all),
            "{shell}"
        );
        assert_eq!(
            complete(&sb, &script, "roadmap-tui goal 12w --track r", &env),
            set(&["rust"]),
            "{shell}"
        );
        let line = format!("roadmap-tui tracks show --data={} p", data.display());
        assert_eq!(
            complete(&sb, &script, &line, &[]),
            set(&["php", "python"]),
            "{shell}"
        );
        // Without the file, the roadmap's own languages.
        assert_eq!(
            complete(&sb, &script, "roadmap-tui list --track ", &[]),
            set(&SEED_TRACKS),
            "{shell}"
        );
    }
}

#[test]
fn a_language_of_another_roadmap_completes() {
    let sb = Sandbox::new();
    let roadmap = sb.path().join("mini.json");
    fs::write(
        &roadmap,
        r#"{"id": "mini", "title": {"en": "Mini"},
            "tracks": [{"id": "rust", "name": "Rust"}, {"id": "zig", "name": "Zig"}],
            "levels": [{"id": "one", "name": "One", "tasks": [{"id": 1, "text": {"en": "Hi"}}]}]}"#,
    )
    .expect("write the roadmap");
    for (shell, complete) in shells() {
        let script = sb.script(shell_of(shell));
        let line = format!("roadmap-tui --roadmap {} uncheck 1 -t ", roadmap.display());
        assert_eq!(
            complete(&sb, &script, &line, &[]),
            set(&["rust", "zig"]),
            "{shell}"
        );
    }
}
