//! The command line at its edges: languages with ids too long to show, removed or added in
//! order; back-dated marks; `config --init`; the limits of spans; counts said right. Each test
//! runs the real binary against a throw-away home with a fixed today, and asserts on what it
//! prints, how it exits and what lands on disk.

mod common;

use std::fs;
#[cfg(unix)] // the paths it names are of the Unix-only tests
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use pretty_assertions::assert_eq;
use serde_json::{Value, json};

const TODAY: &str = "2026-11-24";
use crate::common::sandbox::Sandbox;

impl Sandbox {
    /// The binary with a clean environment inside the sandbox, on `TODAY` in UTC, and no
    /// `--data`, as a plain process.
    fn std_bare(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_roadmap-tui"));
        cmd.env("HOME", self.path())
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_RUNTIME_DIR", self.path())
            .env("ROADMAP_TUI_TODAY", TODAY)
            .env("TZ", "UTC")
            .env_remove("ROADMAP_TUI_DATA")
            .env_remove("ROADMAP_TUI_CONFIG")
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .current_dir(self.path());
        cmd
    }

    /// `std_bare`, with a time limit.
    fn bare(&self) -> Command {
        let mut cmd = Command::from_std(self.std_bare());
        cmd.timeout(Duration::from_secs(30));
        cmd
    }

    /// The binary on the sandbox's progress file.
    fn run(&self, args: &[&str]) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--data").arg(self.data()).args(args);
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args).output().expect("run roadmap-tui");
        common::stdout_of_success(out, &format!("{:.200?}", args))
    }

    /// Runs `args`, expects exit code `code`, returns standard error.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args).output().expect("run roadmap-tui");
        common::stderr_of_exit(out, code, &format!("{:.200?}", args))
    }

    fn json(&self) -> Value {
        serde_json::from_str(&fs::read_to_string(self.data()).expect("the data file"))
            .expect("JSON")
    }

    fn write_json(&self, value: &Value) {
        fs::write(self.data(), serde_json::to_string_pretty(value).unwrap()).unwrap();
    }

    fn bytes(&self) -> Vec<u8> {
        fs::read(self.data()).expect("the data file")
    }
}

/// The ids of `tracks list`'s rows, in order.
fn listed_ids(list: &str) -> Vec<String> {
    list.lines()
        .skip(1)
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            words.next()?.parse::<usize>().ok()?;
            words.next().map(str::to_owned)
        })
        .collect()
}

// ---- Language ids ----

#[test]
fn a_language_id_longer_than_32_characters_is_refused_and_nothing_is_saved() {
    let sb = Sandbox::new();
    let long = "a".repeat(65_536);
    let err = sb.fails(&["tracks", "add", &long, "Long"], 2);
    assert!(err.contains("is not a valid language id"), "{err:.300}");
    assert!(err.contains("1 to 32"), "{err:.300}");
    assert!(
        err.len() < 400,
        "the error echoes the whole id: {} bytes",
        err.len()
    );
    assert!(!sb.data().exists(), "a refused add saved a file");

    let id32 = "b".repeat(32);
    let out = sb.ok(&["tracks", "add", &id32, "B"]);
    assert!(
        out.contains(&format!("Added {id32} at position 7")),
        "{out}"
    );
    let before = sb.bytes();
    let err = sb.fails(&["tracks", "add", &"c".repeat(33), "C"], 2);
    assert!(err.contains("is not a valid language id"), "{err}");
    assert_eq!(sb.bytes(), before, "a refused add changed the file");
}

/// A progress file as a build before the limit left it: an added language with a 65,536-character
/// id, and one with a sound id.
fn file_with_a_long_id(sb: &Sandbox) -> String {
    let long = "a".repeat(65_536);
    sb.write_json(&json!({
        "version": 3,
        "settings": {"tracks": {long.clone(): {"name": "Long"}, "rust": {"name": "Rust"}}},
        "tasks": {"1": {long.clone(): {"status": "done", "done_at": "2026-11-01T10:00:00Z"}}}
    }));
    long
}

#[test]
fn a_file_holding_a_long_id_still_lists_hides_and_checks_and_errors_stay_short() {
    let sb = Sandbox::new();
    let long = file_with_a_long_id(&sb);
    let list = sb.ok(&["tracks", "list"]);
    assert_eq!(
        listed_ids(&list),
        ["python", "node", "go", "php", "kotlin", "java", "rust"]
    );
    let ignored: Vec<&str> = list.lines().filter(|l| l.starts_with("Ignored")).collect();
    assert_eq!(ignored.len(), 1, "{list}");
    assert!(
        ignored[0].contains("65536 characters") && ignored[0].contains("tracks remove"),
        "{list}"
    );
    assert!(
        list.len() < 2000,
        "the list echoes the id: {} bytes",
        list.len()
    );

    let out = sb.ok(&["tracks", "hide", "rust"]);
    assert!(out.contains("Hidden: rust"), "{out}");
    sb.ok(&["tracks", "show", "rust"]);
    sb.ok(&["check", "2", "--track", "rust"]);
    sb.ok(&["stats"]);

    // Unknown languages, however long, are named short.
    for name in [long.as_str(), &"z".repeat(100_000)] {
        for args in [
            vec!["check", "1", "--track", name],
            vec!["tracks", "hide", name],
            vec!["next", "--track", name],
        ] {
            let err = sb.fails(&args, 2);
            assert!(err.contains("unknown language"), "{err:.300}");
            assert!(
                err.len() < 400,
                "{:?} echoes {} bytes",
                &args[..2],
                err.len()
            );
        }
    }
    // The ignored language and its progress stay in the file as they were.
    let file = sb.json();
    assert_eq!(file["settings"]["tracks"][&long]["name"], "Long");
    assert_eq!(file["tasks"]["1"][&long]["status"], "done");
}

#[test]
fn an_unknown_language_among_thousands_lists_twenty_and_the_count() {
    let sb = Sandbox::new();
    let mut tracks = serde_json::Map::new();
    for i in 0..3000 {
        tracks.insert(format!("lang{i:04}"), json!({"name": format!("L{i}")}));
    }
    sb.write_json(&json!({"version": 3, "settings": {"tracks": tracks}}));
    let err = sb.fails(&["check", "1", "--track", "cobol"], 2);
    assert!(err.contains("(3006 in all)"), "{err}");
    assert!(err.len() < 1000, "{} bytes", err.len());
}

#[cfg(unix)] // the pseudo-terminal is Unix's
#[test]
fn the_languages_screen_opens_on_a_file_holding_a_long_id() {
    use common::pty::{Options, Tui};
    let sb = Sandbox::new();
    file_with_a_long_id(&sb);
    let env = [
        ("HOME", sb.path().as_os_str().to_owned()),
        ("TERM", "xterm-256color".into()),
        ("LANG", "en_US.UTF-8".into()),
    ];
    let bin = env!("CARGO_BIN_EXE_roadmap-tui");
    let data = sb.data();
    let argv: [&std::ffi::OsStr; 3] = [bin.as_ref(), "--data".as_ref(), data.as_os_str()];
    let options = Options {
        attributes: true,
        background: None,
        timeout: Duration::from_secs(10),
        poll: Duration::from_millis(20),
    };
    let mut tui = Tui::spawn(&argv, &env, sb.path(), 80, 24, options);
    tui.wait_for_text("Freshman");
    tui.send("T");
    let screen = tui.wait_for_text("Languages");
    assert!(
        screen.contains("rust") && screen.contains("java"),
        "{screen}"
    );
    assert!(
        !screen.contains("aaaaaaaaaa"),
        "the ignored language is shown:\n{screen}"
    );
    tui.send("\x1b");
    tui.wait_for("the grid back", |s| !s.contains("Languages"));
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}:\n{}", tui.screen());
}

// ---- Removing a language ----

#[test]
fn remove_drops_an_added_language_says_what_goes_and_wants_force_for_progress() {
    let sb = Sandbox::new();
    sb.ok(&["tracks", "add", "rust", "Rust"]);
    sb.ok(&["tracks", "add", "zig", "Zig"]);
    sb.ok(&["check", "1", "--track", "rust", "--note", "borrowck"]);
    sb.ok(&["start", "2", "--track", "rust"]);
    sb.ok(&["goal", "2027-06-01", "--track", "rust"]);

    let before = sb.bytes();
    let err = sb.fails(&["tracks", "remove", "rust"], 2);
    assert!(
        err.contains("rust has progress: 1 done, 1 in progress, 1 note and its goal")
            && err.contains("--force")
            && err.contains("tracks hide rust"),
        "{err}"
    );
    assert_eq!(sb.bytes(), before, "a refused remove changed the file");

    let err = sb.fails(&["tracks", "remove", "python"], 2);
    assert!(
        err.contains("roadmap's own") && err.contains("tracks hide python"),
        "{err}"
    );
    assert_eq!(sb.bytes(), before);

    let out = sb.ok(&["tracks", "remove", "zig"]);
    assert!(out.starts_with("Removed zig; it had no progress."), "{out}");

    // Kept aside, to merge back in below.
    let copy = sb.path().join("copy.json");
    fs::copy(sb.data(), &copy).unwrap();

    let out = sb.ok(&["tracks", "remove", "Rust", "--force"]);
    assert!(
        out.starts_with(
            "Removed rust: 1 done, 1 in progress, 1 note and its goal removed with it."
        ),
        "{out}"
    );
    assert_eq!(
        listed_ids(&out),
        ["python", "node", "go", "php", "kotlin", "java"]
    );
    let file = sb.json();
    assert!(
        file["settings"].get("tracks").is_none(),
        "{}",
        file["settings"]
    );
    assert!(
        file["settings"].get("goals").is_none(),
        "{}",
        file["settings"]
    );
    for task in ["1", "2"] {
        assert_stamped_todo(&file["tasks"][task]["rust"]);
    }
    // A copy from before the removal merged in does not bring the language back.
    sb.ok(&["merge", "--from", copy.to_str().unwrap()]);
    assert_eq!(
        listed_ids(&sb.ok(&["tracks"])),
        ["python", "node", "go", "php", "kotlin", "java"]
    );
    assert_stamped_todo(&sb.json()["tasks"]["1"]["rust"]);
}

/// A cell set back to nothing, stamped: what an uncheck leaves, so a merge takes it.
fn assert_stamped_todo(cell: &Value) {
    let fields: Vec<&str> = cell
        .as_object()
        .unwrap_or_else(|| panic!("not a cell: {cell}"))
        .keys()
        .map(String::as_str)
        .collect();
    assert!(
        fields.iter().all(|f| ["changed_at", "note_at"].contains(f))
            && fields.contains(&"changed_at"),
        "{cell}"
    );
}

#[test]
fn remove_drops_an_ignored_language_named_by_its_id() {
    let sb = Sandbox::new();
    let long = file_with_a_long_id(&sb);
    let err = sb.fails(&["tracks", "remove", &long], 2);
    assert!(err.contains("has progress: 1 done"), "{err:.300}");
    assert!(err.len() < 400, "{} bytes", err.len());
    let out = sb.ok(&["tracks", "remove", &long, "--force"]);
    assert!(out.contains("1 done removed with it"), "{out:.300}");
    assert!(!out.contains("Ignored"), "{out:.300}");
    let file = sb.json();
    assert!(file["settings"]["tracks"].get(&long).is_none());
    assert_stamped_todo(&file["tasks"]["1"][&long]);
}

// ---- The order of added languages ----

#[test]
fn added_languages_keep_the_order_they_were_added_in() {
    let sb = Sandbox::new();
    let mut said = Vec::new();
    for (id, name) in [("rust", "Rust"), ("csharp", "C#"), ("ts", "TypeScript")] {
        let out = sb.ok(&["tracks", "add", id, name]);
        said.push(out.lines().next().unwrap().to_owned());
        let ids = listed_ids(&out);
        let at = ids.iter().position(|t| t == id).unwrap() + 1;
        assert!(
            out.starts_with(&format!("Added {id} at position {at}.")),
            "{out}"
        );
    }
    assert_eq!(
        said,
        [
            "Added rust at position 7.",
            "Added csharp at position 8.",
            "Added ts at position 9."
        ]
    );
    assert_eq!(
        listed_ids(&sb.ok(&["tracks"])),
        [
            "python", "node", "go", "php", "kotlin", "java", "rust", "csharp", "ts"
        ]
    );
    // The grid's order is the same: the export's columns.
    let csv = sb.ok(&["export", "--format", "csv"]);
    let tracks: Vec<&str> = csv
        .lines()
        .skip(1)
        .take(9)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert_eq!(
        tracks,
        [
            "python", "node", "go", "php", "kotlin", "java", "rust", "csharp", "ts"
        ]
    );
}

#[test]
fn a_roadmap_with_a_language_id_or_name_too_long_is_refused() {
    let sb = Sandbox::new();
    let roadmap = |id: &str, name: &str| {
        json!({
            "id": "mini",
            "tracks": [{"id": id, "name": name}],
            "levels": [{"id": "one", "name": "One", "tasks": [{"id": 1, "text": {"en": "Hi"}}]}]
        })
        .to_string()
    };
    let file = sb.path().join("mini.json");
    for (id, name, want) in [
        (
            "a".repeat(33),
            "A".to_owned(),
            "must be 1 to 32 lowercase letters",
        ),
        (
            "a".to_owned(),
            "N".repeat(101),
            "longer than 100 characters",
        ),
    ] {
        fs::write(&file, roadmap(&id, &name)).unwrap();
        let err = sb.fails(&["--roadmap", file.to_str().unwrap(), "stats"], 2);
        assert!(err.contains(want), "{err}");
    }
    fs::write(&file, roadmap(&"a".repeat(32), &"N".repeat(100))).unwrap();
    sb.ok(&["--roadmap", file.to_str().unwrap(), "tracks"]);
    // A Markdown roadmap's ids come from its column names: a long one is cut, not refused.
    let md = sb.path().join("table.md");
    let column = "Programming language with a very long column name";
    fs::write(
        &md,
        format!("| Level | Task | {column} |\n|---|---|---|\n| **One** | | |\n| 1. | Hi | |\n"),
    )
    .unwrap();
    let list = sb.ok(&["--roadmap", md.to_str().unwrap(), "tracks"]);
    assert_eq!(listed_ids(&list), ["programming-language-with-a-very"]);
}

// ---- Writing to the path given ----

/// Makes a FIFO at `path`.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// A sandbox with some progress, and what `export --format FORMAT` prints to standard output.
#[cfg(unix)] // its users are
fn exported(format: &str) -> (Sandbox, String) {
    let sb = Sandbox::new();
    sb.ok(&["check", "1", "--track", "go", "--note", "net/http"]);
    sb.ok(&["start", "2", "--track", "python"]);
    let text = sb.ok(&["export", "--format", format]);
    (sb, text)
}

#[cfg(unix)] // FIFOs are Unix's
#[test]
fn export_into_a_fifo_writes_into_it_and_leaves_it_a_fifo() {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let (sb, want) = exported("json");
    let fifo = sb.path().join("out.fifo");
    mkfifo(&fifo);
    // Both ends are opened here first, so nothing can wait for ever: the reader reads until
    // every writer has closed, and this writer closes once the export is over, whatever the
    // export did (were the FIFO renamed over, the reader would see nothing and the test fail).
    let nonblock = |write: bool| {
        fs::OpenOptions::new()
            .read(!write)
            .write(write)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
            .unwrap()
    };
    let mut read_end = nonblock(false);
    let hold = nonblock(true);
    // SAFETY: fcntl on a descriptor this test owns; it only clears O_NONBLOCK.
    unsafe {
        let flags = libc::fcntl(read_end.as_raw_fd(), libc::F_GETFL);
        libc::fcntl(
            read_end.as_raw_fd(),
            libc::F_SETFL,
            flags & !libc::O_NONBLOCK,
        );
    }
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        read_end.read_to_string(&mut text).unwrap();
        text
    });
    let out = sb
        .run(&["export", "--format", "json", "-o", fifo.to_str().unwrap()])
        .output()
        .unwrap();
    drop(hold);
    let got = reader.join().unwrap();
    common::stdout_of_success(out, "export -o FIFO");
    assert_eq!(got, want);
    let kind = fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced: {kind:?}");
    let left: Vec<_> = fs::read_dir(sb.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("out.fifo") && n != "out.fifo")
        .collect();
    assert!(left.is_empty(), "temp files left: {left:?}");
}

#[cfg(unix)] // /dev/stdout is Unix's
#[test]
fn export_to_dev_stdout_lands_after_what_the_shell_wrote() {
    use std::io::Write;
    use std::os::unix::fs::MetadataExt;
    let (sb, want) = exported("csv");
    let file = sb.path().join("out.csv");
    fs::write(&file, "header\n").unwrap();
    let inode = fs::metadata(&file).unwrap().ino();
    // As `>> out.csv` opens it.
    let mut out = fs::OpenOptions::new().append(true).open(&file).unwrap();
    out.flush().unwrap();
    let status = sb
        .std_bare()
        .arg("--data")
        .arg(sb.data())
        .args(["export", "--format", "csv", "-o", "/dev/stdout"])
        .stdout(out)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        format!("header\n{want}")
    );
    assert_eq!(
        fs::metadata(&file).unwrap().ino(),
        inode,
        "the file was replaced rather than written"
    );
}

#[cfg(unix)] // a shell's process substitution is Unix's
#[test]
fn export_into_a_process_substitution() {
    let (sb, want) = exported("markdown");
    let Ok(bash) = which("bash") else {
        eprintln!("SKIPPED export_into_a_process_substitution: no bash on the PATH");
        return;
    };
    let bin = assert_cmd::cargo::cargo_bin("roadmap-tui");
    let script = r#""$BIN" --data "$DATA" export -o >(cat > "$OUT"); wait $!"#;
    let out = sb.path().join("sub.md");
    let status = std::process::Command::new(bash)
        .arg("-c")
        .arg(script)
        .env("BIN", &bin)
        .env("DATA", sb.data())
        .env("OUT", &out)
        .env("ROADMAP_TUI_TODAY", TODAY)
        .env("HOME", sb.path())
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(fs::read_to_string(&out).unwrap(), want);
}

/// The first `name` on the PATH.
#[cfg(unix)]
fn which(name: &str) -> Result<PathBuf, ()> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}

#[cfg(unix)] // device files are Unix's
#[test]
fn export_into_a_device_leaves_it_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let (sb, _) = exported("json");
    // SAFETY: geteuid only reads the process's user id.
    let root = unsafe { libc::geteuid() } == 0;
    let device = if root {
        // A null device of the sandbox's own: were it replaced, nothing else would break.
        let node = sb.path().join("null");
        let c = std::ffi::CString::new(node.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; makes the character device 1:3 (null).
        let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
        if made != 0 {
            eprintln!(
                "SKIPPED export_into_a_device_leaves_it_a_device: root, but mknod failed ({})",
                std::io::Error::last_os_error()
            );
            return;
        }
        node
    } else {
        // Not root: /dev/null itself, which a rename could not touch anyway but which must be
        // written into, not refused for the folder it lives in.
        PathBuf::from("/dev/null")
    };
    for format in ["json", "csv", "markdown", "svg", "html"] {
        sb.ok(&["export", "--format", format, "-o", device.to_str().unwrap()]);
        let kind = fs::symlink_metadata(&device).unwrap().file_type();
        assert!(
            kind.is_char_device(),
            "{format}: the device was replaced: {kind:?}"
        );
    }
    // The TUI's "save a copy" writes the same way.
    roadmap_tui::state::write_copy(&device, &roadmap_tui::model::Progress::default())
        .expect("a copy into the device");
    let kind = fs::symlink_metadata(&device).unwrap().file_type();
    assert!(
        kind.is_char_device(),
        "save a copy replaced the device: {kind:?}"
    );
}

#[cfg(unix)] // symlinks as the tests make them are Unix's
#[test]
fn export_and_merge_write_through_a_symlink_and_keep_the_link() {
    let (sb, want) = exported("csv");
    let real = sb.path().join("real.csv");
    let link = sb.path().join("link.csv");
    fs::write(&real, "old").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    sb.ok(&["export", "--format", "csv", "-o", link.to_str().unwrap()]);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&real).unwrap(), want);

    // git's merge driver writes OURS the same way.
    let ours_real = sb.path().join("ours-real.json");
    fs::copy(sb.data(), &ours_real).unwrap();
    let ours = sb.path().join("ours.json");
    std::os::unix::fs::symlink(&ours_real, &ours).unwrap();
    let theirs = sb.path().join("theirs.json");
    let other = Sandbox::new();
    other.ok(&["check", "5", "--track", "php"]);
    fs::copy(other.data(), &theirs).unwrap();
    let base = sb.path().join("base.json");
    fs::write(&base, "").unwrap();
    let paths = [&base, &ours, &theirs].map(|p| p.to_str().unwrap().to_owned());
    sb.ok(&["merge", &paths[0], &paths[1], &paths[2]]);
    assert!(
        fs::symlink_metadata(&ours)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let merged: Value = serde_json::from_str(&fs::read_to_string(&ours_real).unwrap()).unwrap();
    assert_eq!(merged["tasks"]["5"]["php"]["status"], "done");
    assert_eq!(merged["tasks"]["1"]["go"]["status"], "done");
}

// ---- config --init ----

#[test]
fn config_init_writes_what_config_prints_makes_the_folders_and_never_overwrites() {
    let sb = Sandbox::new();
    let file = sb.path().join("config/roadmap-tui/config.toml");
    assert!(!file.parent().unwrap().exists());
    let out = sb.bare().args(["config", "--init"]).output().unwrap();
    let said = common::stdout_of_success(out, "config --init");
    assert!(
        said.starts_with(&format!("Wrote {}\n", file.display())),
        "{said}"
    );
    let written = fs::read_to_string(&file).expect("the config file");
    let printed = sb.bare().arg("config").output().unwrap();
    assert_eq!(written, common::stdout_of_success(printed, "config"));
    // It reads back: the commands and the config it describes take it.
    let out = sb.bare().args(["config", "--path"]).output().unwrap();
    assert_eq!(
        common::stdout_of_success(out, "config --path").trim(),
        file.display().to_string()
    );
    sb.ok(&["stats"]);

    // A second time: refused, named, and the file left as it was.
    fs::write(&file, "locale = \"es\"\n").unwrap();
    let out = sb.bare().args(["config", "--init"]).output().unwrap();
    let err = common::stderr_of_exit(out, 1, "config --init again");
    assert!(
        err.contains(&file.display().to_string()) && err.contains("exists already"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "locale = \"es\"\n");

    // --config names another file, in folders that are not there yet; in Spanish.
    let other = sb.path().join("a/b/c.toml");
    let out = sb
        .bare()
        .args(["--locale", "es", "--config"])
        .arg(&other)
        .args(["config", "--init"])
        .output()
        .unwrap();
    let said = common::stdout_of_success(out, "config --init --config");
    assert!(said.starts_with("Escrito "), "{said}");
    assert!(other.is_file());
}

// ---- Back-dated progress ----

/// The calendar's count for `day` on the SVG card, and the card's streak.
fn card_day_and_streak(sb: &Sandbox, day: &str) -> (String, String) {
    let svg = sb.ok(&["--locale", "en", "export", "--format", "svg"]);
    let title = format!("<title>{day}: ");
    let count = svg
        .split(&title)
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_else(|| panic!("no calendar square for {day}"))
        .to_owned();
    let streak = svg
        .split("streak\"")
        .nth(1)
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|rest| rest.split('<').next())
        .expect("the streak")
        .to_owned();
    (count, streak)
}

/// The day in New York of an RFC 3339 time.
fn new_york_day(stamp: &Value) -> String {
    let ts: jiff::Timestamp = stamp.as_str().expect("a time").parse().expect("RFC 3339");
    ts.in_tz("America/New_York").unwrap().date().to_string()
}

#[test]
fn check_and_start_with_a_date_back_date_the_calendar_and_streak_but_not_the_stamp() {
    let sb = Sandbox::new();
    let started = jiff::Timestamp::now();
    let run = |args: &[&str]| {
        let out = sb.run(args).env("TZ", "America/New_York").output().unwrap();
        common::stdout_of_success(out, &format!("{args:?}"))
    };
    // Three days in a row up to today, as a learner moving from paper records them.
    assert_eq!(
        run(&["check", "1", "--track", "go", "--date", "2026-11-22"]),
        "Task 1 × Go: done on 2026-11-22\n"
    );
    run(&["check", "2", "--track", "go", "--date", "2026-11-23"]);
    run(&["check", "3", "--track", "go", "--date", TODAY]);
    assert_eq!(
        run(&["start", "4", "--track", "go", "--date", "2026-11-20"]),
        "Task 4 × Go: in progress on 2026-11-20\n"
    );
    // Again on the same day: unchanged, the file untouched.
    let before = sb.bytes();
    assert_eq!(
        run(&["check", "1", "--track", "go", "--date", "2026-11-22"]),
        "Task 1 × Go: done on 2026-11-22 (unchanged)\n"
    );
    assert_eq!(sb.bytes(), before);

    let tasks = sb.json()["tasks"].clone();
    assert_eq!(new_york_day(&tasks["1"]["go"]["done_at"]), "2026-11-22");
    assert_eq!(new_york_day(&tasks["2"]["go"]["done_at"]), "2026-11-23");
    assert_eq!(new_york_day(&tasks["4"]["go"]["started_at"]), "2026-11-20");
    // The stamp is the time of the change, which merges go by.
    for task in ["1", "2", "3", "4"] {
        let stamp: jiff::Timestamp = tasks[task]["go"]["changed_at"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            stamp
                >= started
                    .checked_sub(jiff::SignedDuration::from_secs(2))
                    .unwrap(),
            "task {task}: the stamp {stamp} was back-dated"
        );
    }
    let (count, streak) = card_day_and_streak(&sb, "2026-11-22");
    assert_eq!(count, "1");
    assert_eq!(streak, "3 days");

    // A date past today, or not a date, is refused and nothing is written.
    for (date, want) in [
        ("2026-11-25", "--date 2026-11-25 is in the future"),
        ("yesterday", "--date \"yesterday\" is not a date"),
    ] {
        let err = sb.fails(&["check", "9", "--track", "go", "--date", date], 2);
        assert!(err.contains(want), "{err}");
        assert_eq!(sb.bytes(), before);
    }
    let err = sb.fails(&["import", "x.md", "--date", "2027-01-01"], 2);
    assert!(err.contains("is in the future"), "{err}");
}

#[test]
fn a_back_dated_check_made_later_wins_a_merge_over_an_older_uncheck() {
    let sb = Sandbox::new();
    let other = Sandbox::new();
    // Another copy unchecked the cell on 10 January (it had been done since 2 January).
    other.write_json(&json!({
        "version": 3,
        "tasks": {"5": {"php": {"changed_at": "2026-01-10T10:00:00Z"}}}
    }));
    // Recorded now, after that uncheck, though dated before it.
    sb.ok(&["check", "5", "--track", "php", "--date", "2026-01-02"]);
    sb.ok(&["merge", "--from", other.data().to_str().unwrap()]);
    assert_eq!(sb.json()["tasks"]["5"]["php"]["status"], "done");
    other.ok(&["merge", "--from", sb.data().to_str().unwrap()]);
    let cell = other.json()["tasks"]["5"]["php"].clone();
    assert_eq!(cell["status"], "done");
    assert_eq!(cell["done_at"], "2026-01-02T12:00:00Z");
}

#[test]
fn import_with_a_date_dates_the_cells_it_marks() {
    let sb = Sandbox::new();
    sb.ok(&["check", "1", "--track", "python"]);
    let doc = sb.path().join("table.md");
    fs::write(
        &doc,
        "| Nivel | Tareas | Python | Go |\n|---|---|---|---|\n| **Freshman** | | | |\n\
         | 1. | Configurar un servidor local. | ✅ | ✅ |\n| 2. | Otra cosa | | 🚧 |\n",
    )
    .unwrap();
    let out = sb.ok(&["import", doc.to_str().unwrap(), "--date", "2026-10-05"]);
    assert!(
        out.contains("checked 1 cell, started 1, 1 already marked"),
        "{out}"
    );
    let tasks = sb.json()["tasks"].clone();
    assert_eq!(tasks["1"]["go"]["done_at"], "2026-10-05T12:00:00Z");
    assert_eq!(tasks["2"]["go"]["started_at"], "2026-10-05T12:00:00Z");
    // A cell already marked keeps its own date.
    assert_ne!(tasks["1"]["python"]["done_at"], "2026-10-05T12:00:00Z");
    let (count, _) = card_day_and_streak(&sb, "2026-10-05");
    assert_eq!(count, "1");
}

// ---- Counts ----

#[test]
fn merge_from_counts_one_cell_as_one_in_both_languages() {
    for (locale, want, not) in [
        ("en", "took 1 cell.", "1 cells"),
        ("es", "1 celda tomada.", "1 celdas"),
    ] {
        let sb = Sandbox::new();
        sb.ok(&["check", "1", "--track", "go"]);
        let other = Sandbox::new();
        other.ok(&["check", "7", "--track", "java", "--note", "streams"]);
        let from = other.data();
        let said = sb.ok(&[
            "--locale",
            locale,
            "merge",
            "--from",
            from.to_str().unwrap(),
        ]);
        assert!(said.contains(want) && !said.contains(not), "{said}");
        // Two cells: plural.
        other.ok(&["check", "8", "--track", "java"]);
        other.ok(&["check", "9", "--track", "java"]);
        let said = sb.ok(&[
            "--locale",
            locale,
            "merge",
            "--from",
            from.to_str().unwrap(),
        ]);
        let plural = if locale == "en" {
            "took 2 cells."
        } else {
            "2 celdas tomadas."
        };
        assert!(said.contains(plural), "{said}");
    }
}

// ---- Small things ----

#[test]
fn check_on_a_hidden_language_does_it_and_says_the_language_is_hidden() {
    let sb = Sandbox::new();
    sb.ok(&["tracks", "hide", "php"]);
    let out = sb.ok(&["check", "1", "--track", "php"]);
    assert_eq!(
        out,
        "Task 1 × PHP: done\n\
         PHP is hidden: the grid, stats and export leave it out. Show it with roadmap-tui tracks show php\n"
    );
    assert_eq!(sb.json()["tasks"]["1"]["php"]["status"], "done");
    let out = sb.ok(&["--locale", "es", "start", "2", "--track", "php"]);
    assert!(
        out.contains("PHP está oculto") && out.contains("roadmap-tui tracks show php"),
        "{out}"
    );
    // A language shown says nothing of the kind.
    let out = sb.ok(&["check", "1", "--track", "go"]);
    assert_eq!(out, "Task 1 × Go: done\n");
}

#[test]
fn review_done_twice_on_one_day_counts_one_review() {
    let sb = Sandbox::new();
    sb.ok(&["check", "5", "--track", "go", "--date", "2026-11-01"]);
    let first = sb.ok(&["review", "5", "--track", "go", "--done"]);
    assert!(
        first.contains("reviewed once; next review 2026-12-01"),
        "{first}"
    );
    assert!(!first.contains("Already"), "{first}");
    let before = sb.bytes();
    let again = sb.ok(&["review", "5", "--track", "go", "--done"]);
    assert!(
        again.contains("reviewed once; next review 2026-12-01")
            && again.contains("Already reviewed today: a review counts once a day."),
        "{again}"
    );
    assert_eq!(
        sb.bytes(),
        before,
        "a second review the same day changed the file"
    );
    // --in still moves the next one, and counts nothing.
    sb.ok(&["review", "5", "--track", "go", "--done", "--in", "2w"]);
    let cell = sb.json()["tasks"]["5"]["go"].clone();
    assert_eq!(cell["reviews"], 1);
    assert_eq!(cell["review_due"], "2026-12-08");
}

#[test]
fn goal_spans_are_limited_by_length_in_every_unit() {
    let sb = Sandbox::new();
    // 1,500 days is about four years: a goal, not "not a date".
    let out = sb.ok(&["goal", "1500d"]);
    assert!(out.contains("2031-01-02"), "{out}");
    sb.ok(&["goal", "5000w", "--track", "go"]);
    let before = sb.bytes();
    for span in ["36526d", "5300w", "1300m", "99999999999999999999d"] {
        let err = sb.fails(&["goal", span], 2);
        assert!(
            err.contains("is too far off: a goal is at most 100 years from today"),
            "{span}: {err}"
        );
        assert_eq!(sb.bytes(), before, "{span} changed the file");
    }
    let err = sb.fails(&["goal", "soon"], 2);
    assert!(err.contains("is not a date"), "{err}");
}

#[test]
fn review_in_is_limited_to_3650_days_in_every_unit() {
    let sb = Sandbox::new();
    sb.ok(&["check", "5", "--track", "go"]);
    let out = sb.ok(&["review", "5", "--track", "go", "--in", "521w"]);
    assert!(
        out.contains("review due 2036-11-18 (in 3647 days)"),
        "{out}"
    );
    let before = sb.bytes();
    for (span, want) in [
        (
            "3650w",
            "--in \"3650w\" is 25550 days: a review is at most 3650 days",
        ),
        ("3651", "--in \"3651\" is 3651 days"),
        (
            "99999999999999999999d",
            "is too far: a review is at most 3650 days",
        ),
        ("soon", "is not a number of days"),
    ] {
        let err = sb.fails(&["review", "5", "--track", "go", "--in", span], 2);
        assert!(err.contains(want), "{span}: {err}");
        assert_eq!(sb.bytes(), before, "{span} changed the file");
    }
}

#[test]
fn a_goal_too_far_off_in_the_overview_is_refused_in_the_interface_language() {
    use ratatui::crossterm::event::KeyCode;
    use roadmap_tui::app::{Fact, Mode};
    use roadmap_tui::model::{Lang, Progress};
    let mut h = common::harness_with(Progress::default(), 120, 40);
    h.app.update(Fact::Lang(Lang::Es), common::NOW);
    h.app
        .update(Fact::Today(jiff::civil::date(2026, 11, 24)), "");
    h.send(common::char_key('o'));
    h.send(common::char_key('g'));
    h.send(common::ctrl('u'));
    h.press_n(KeyCode::Backspace, 12);
    h.type_keys("1300m");
    h.press(KeyCode::Enter);
    assert!(
        matches!(h.app.mode(), Mode::Goal { .. }),
        "the field stays open"
    );
    let screen = h.screen();
    assert!(
        screen.contains("\"1300m\" queda demasiado lejos: una meta está como mucho a 100 años"),
        "{screen}"
    );
    assert!(h.app.progress().settings.goals.is_empty());
    // Within the limit, in any unit: set.
    h.send(common::ctrl('u'));
    h.press_n(KeyCode::Backspace, 12);
    h.type_keys("1500d");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.progress().settings.goals["all"].date, "2031-01-02");
}

#[cfg(unix)] // the pseudo-terminal and sh are Unix's
#[test]
fn the_merge_command_suggested_for_a_conflict_copy_can_be_pasted_into_a_shell() {
    use common::pty::{Options, Tui, flat};
    let sb = Sandbox::new();
    let dir = sb.path().join("Ana's Sync folder");
    fs::create_dir(&dir).unwrap();
    let data = dir.join("progress.json");
    // Dropbox's name for it: spaces, parentheses and a quote, all special to a shell.
    let copy = dir.join("progress (Ana's conflicted copy 2026-11-26).json");
    fs::write(&data, json!({"version": 3, "tasks": {}}).to_string()).unwrap();
    fs::write(
        &copy,
        json!({"version": 3, "tasks": {"4": {"go": {"status": "done",
            "done_at": "2026-11-25T09:00:00Z", "changed_at": "2026-11-25T09:00:00Z"}}}})
        .to_string(),
    )
    .unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_roadmap-tui"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let env = [
        ("HOME", sb.path().as_os_str().to_owned()),
        ("TERM", "xterm-256color".into()),
        ("LANG", "en_US.UTF-8".into()),
        ("ROADMAP_TUI_DATA", data.as_os_str().to_owned()),
    ];
    let options = Options {
        attributes: true,
        background: None,
        timeout: Duration::from_secs(10),
        poll: Duration::from_millis(20),
    };
    let mut tui = Tui::spawn(&[bin.as_os_str()], &env, sb.path(), 200, 40, options);
    let screen = tui.wait_for_text("merge --from");
    let line = screen
        .lines()
        .find(|l| l.contains("merge --from"))
        .unwrap()
        .to_owned();
    let command = line[line.find("roadmap-tui merge").unwrap()..]
        .trim()
        .to_owned();
    assert!(
        command.starts_with("roadmap-tui merge --from '")
            || command.starts_with("roadmap-tui merge --from \""),
        "not quoted: {command}"
    );
    tui.send("q");
    assert!(tui.wait_exit().success(), "{}", flat(&tui.screen()));

    // Pasted as it is, in the progress file's folder.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&command)
        .env("PATH", path)
        .env("HOME", sb.path())
        .env("ROADMAP_TUI_DATA", &data)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .current_dir(&dir)
        .output()
        .unwrap();
    let said = common::stdout_of_success(out, &command);
    assert!(said.contains("took 1 cell"), "{said}");
    let merged: Value = serde_json::from_str(&fs::read_to_string(&data).unwrap()).unwrap();
    assert_eq!(merged["tasks"]["4"]["go"]["status"], "done");
}

#[test]
fn an_unknown_task_however_long_is_named_short() {
    let sb = Sandbox::new();
    let err = sb.fails(&["check", &"9".repeat(100_000), "--track", "go"], 2);
    assert!(
        err.contains("unknown task") && err.contains("1 to 105"),
        "{err:.300}"
    );
    assert!(err.len() < 300, "{} bytes", err.len());
}
