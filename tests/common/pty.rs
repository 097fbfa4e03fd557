//! The real binary in a pseudo-terminal: keys go in as bytes, every byte that comes out is kept
//! (to check escape sequences) and parsed by a terminal emulator (to read the screen).
//! Synchronisation is by polling the parsed screen, never by sleeping a fixed time.

use std::ffi::{OsStr, OsString};
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::os::fd::BorrowedFd;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// Which terminal queries the pty answers, and how patient a test is with the app; each test
/// binary picks its own.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Answer the device-attributes query (DA1) as terminals do: it tells the asker that no
    /// other answer is coming.
    pub attributes: bool,
    /// Answer the colour queries (OSC 10 and 11) with this background (`rgb:RRRR/GGGG/BBBB`)
    /// and the opposite foreground; with none they go unanswered.
    pub background: Option<&'static str>,
    /// How long any one wait may take before the test gives up and shows the screen.
    pub timeout: Duration,
    /// How long a wait sleeps between looks.
    pub poll: Duration,
}

pub const ENTER_ALT: &[u8] = b"\x1b[?1049h";
pub const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
pub const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
pub const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
pub const MOUSE_ON: &[u8] = b"\x1b[?1000h";
pub const MOUSE_OFF: &[u8] = b"\x1b[?1000l";
pub const PASTE_ON: &[u8] = b"\x1b[?2004h";
pub const PASTE_OFF: &[u8] = b"\x1b[?2004l";

/// What the reader thread has seen: every byte, and the screen they draw.
struct Output {
    raw: Vec<u8>,
    parser: vt100::Parser,
    /// The pty gave EOF or an error: nothing more will arrive.
    closed: bool,
}

/// The app running in a pseudo-terminal, as the leader of its own session.
pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<File>,
    output: Arc<Mutex<Output>>,
    /// Tells the reader thread to let go of its end of the pty after its next read.
    let_go: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    options: Options,
}

impl Tui {
    /// Runs `argv` as the session leader of a new `cols` × `rows` pty, with exactly the
    /// environment `env`, in `cwd`.
    pub fn spawn(
        argv: &[impl AsRef<OsStr>],
        env: &[(&str, OsString)],
        cwd: &Path,
        cols: u16,
        rows: u16,
        options: Options,
    ) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd =
            CommandBuilder::from_argv(argv.iter().map(|a| a.as_ref().to_os_string()).collect());
        cmd.env_clear();
        for (name, value) in env {
            cmd.env(name, value);
        }
        cmd.cwd(cwd);
        let child = pair.slave.spawn_command(cmd).expect("spawn roadmap-tui");
        // Only the child may hold the slave, so the master sees EOF when it exits.
        drop(pair.slave);

        let output = Arc::new(Mutex::new(Output {
            raw: Vec::new(),
            parser: vt100::Parser::new(emulated(rows, 24, 500), emulated(cols, 80, 1000), 0),
            closed: false,
        }));
        let let_go = Arc::new(AtomicBool::new(false));
        let mut source = pair.master.try_clone_reader().expect("pty reader");
        let writer = master_writer(pair.master.as_ref());
        let mut replier = master_writer(pair.master.as_ref());
        let reader = {
            let output = Arc::clone(&output);
            let let_go = Arc::clone(&let_go);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                let (mut da_answered, mut osc_answered) = (0, 0);
                loop {
                    let n = source.read(&mut buf).unwrap_or(0);
                    let mut out = output.lock().unwrap();
                    if n == 0 || let_go.load(Ordering::SeqCst) {
                        out.closed = true;
                        return;
                    }
                    out.raw.extend_from_slice(&buf[..n]);
                    out.parser.process(&buf[..n]);
                    // Answer queries as a terminal would: the colour first, then the device
                    // attributes that tell the asker no other answer is coming.
                    if let Some(bg) = options.background {
                        let osc = count(&out.raw, b"\x1b]11;?");
                        while osc_answered < osc {
                            // The foreground (OSC 10) is asked first: the opposite colour.
                            let fg = if bg.contains("ffff/ffff/ffff") {
                                "rgb:0000/0000/0000"
                            } else {
                                "rgb:ffff/ffff/ffff"
                            };
                            let reply = format!("\x1b]10;{fg}\x1b\\\x1b]11;{bg}\x1b\\");
                            let _ = replier.write_all(reply.as_bytes());
                            osc_answered += 1;
                        }
                    }
                    if options.attributes {
                        let da = count(&out.raw, b"\x1b[c");
                        while da_answered < da {
                            let _ = replier.write_all(b"\x1b[?62;22c");
                            da_answered += 1;
                        }
                    }
                }
            })
        };
        Tui {
            child,
            master: Some(pair.master),
            writer: Some(writer),
            output,
            let_go,
            reader: Some(reader),
            options,
        }
    }

    /// Gives the terminal a new size, as a window resized: the app gets SIGWINCH.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        // The emulator first, so that what the app draws for the new size lands on it.
        self.output
            .lock()
            .unwrap()
            .parser
            .set_size(emulated(rows, 24, 500), emulated(cols, 80, 1000));
        let master = self.master.as_ref().expect("the pty is open");
        master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// Types `bytes` into the terminal.
    pub fn send(&mut self, bytes: &str) {
        let writer = self.writer.as_mut().expect("the pty is open");
        writer
            .write_all(bytes.as_bytes())
            .expect("write to the pty");
        writer.flush().expect("flush the pty");
    }

    pub fn screen(&self) -> String {
        self.output.lock().unwrap().parser.screen().contents()
    }

    /// The screen if the app's output ends with a whole frame (see `frame_ended`), else
    /// `None`: a frame caught half drawn can show new lines beside old ones.
    pub fn frame(&self) -> Option<String> {
        let out = self.output.lock().unwrap();
        frame_ended(&out.raw).then(|| out.parser.screen().contents())
    }

    /// Where the terminal's cursor is, (column, row) from 0, and whether it is shown.
    pub fn cursor(&self) -> ((u16, u16), bool) {
        let out = self.output.lock().unwrap();
        let screen = out.parser.screen();
        let (row, col) = screen.cursor_position();
        ((col, row), !screen.hide_cursor())
    }

    /// Reads the emulator's screen with `read`, for what the text alone does not show.
    pub fn with_screen<T>(&self, read: impl FnOnce(&vt100::Screen) -> T) -> T {
        read(self.output.lock().unwrap().parser.screen())
    }

    /// Draws `bytes` on the screen as another program sharing the terminal would; the app's
    /// output does not hold them.
    pub fn draw_over(&self, bytes: &[u8]) {
        self.output.lock().unwrap().parser.process(bytes);
    }

    /// Every byte the app wrote so far.
    pub fn raw(&self) -> Vec<u8> {
        self.output.lock().unwrap().raw.clone()
    }

    /// The screen once no output has come for a moment (a frame is written in one burst).
    fn settled(&self) -> String {
        let quiet = Duration::from_millis(30);
        let mut len = self.output.lock().unwrap().raw.len();
        let mut since = Instant::now();
        let give_up = Instant::now() + Duration::from_secs(1);
        while since.elapsed() < quiet && Instant::now() < give_up {
            std::thread::sleep(Duration::from_millis(5));
            let now = self.output.lock().unwrap().raw.len();
            if now != len {
                len = now;
                since = Instant::now();
            }
        }
        self.output.lock().unwrap().parser.screen().contents()
    }

    /// Polls the screen until `pred` holds; panics with the screen if it does not in time.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + self.options.timeout;
        loop {
            let (screen, closed) = {
                let out = self.output.lock().unwrap();
                (out.parser.screen().contents(), out.closed)
            };
            if pred(&screen) {
                // A frame may be caught half drawn: return once output has paused, with the
                // screen as it then is, if it still holds.
                let settled = self.settled();
                if pred(&settled) {
                    return settled;
                }
            }
            if closed || Instant::now() > deadline {
                let why = if closed {
                    "the pty closed"
                } else {
                    "timed out"
                };
                panic!("{why} waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(self.options.poll);
        }
    }

    /// Polls until the screen, with runs of whitespace folded, holds `text`.
    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |s| flat(s).contains(text))
    }

    /// Waits until the output since byte `from` holds `needle`.
    pub fn wait_for_bytes(&self, from: usize, what: &str, needle: &[u8]) {
        let deadline = Instant::now() + self.options.timeout;
        while rfind(&self.raw()[from..], needle).is_none() {
            assert!(
                Instant::now() < deadline,
                "no {what} in the output; the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(self.options.poll);
        }
    }

    /// Waits until the app has finished a frame (see `frame_ended`) and so sits blocked on
    /// input.
    pub fn wait_idle(&self) {
        let deadline = Instant::now() + self.options.timeout;
        while !frame_ended(&self.output.lock().unwrap().raw) {
            if Instant::now() >= deadline {
                let raw = self.raw();
                panic!(
                    "the app never finished a frame; the screen:\n{}\nthe last bytes: {:?}",
                    self.screen(),
                    String::from_utf8_lossy(&raw[raw.len().saturating_sub(80)..])
                );
            }
            std::thread::sleep(self.options.poll);
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// Sends `signal` to the app.
    pub fn signal(&self, signal: i32) {
        // SAFETY: kill(2) on our own child's pid; it only sends a signal.
        let rc = unsafe { libc::kill(self.pid() as i32, signal) };
        assert_eq!(rc, 0, "kill({}, {signal}) failed", self.pid());
    }

    /// Waits for the process to end and for its last output to be read.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + self.options.timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if Instant::now() > deadline {
                panic!(
                    "roadmap-tui did not exit within {:?}; the screen:\n{}",
                    self.options.timeout,
                    self.screen()
                );
            }
            std::thread::sleep(self.options.poll);
        };
        while !self.output.lock().unwrap().closed {
            assert!(
                Instant::now() < deadline,
                "the pty did not close after the process exited"
            );
            std::thread::sleep(self.options.poll);
        }
        if let Some(reader) = self.reader.take() {
            reader.join().expect("reader thread");
        }
        status
    }

    /// Closes the terminal the way a closed window does, once the app is idle: every master
    /// descriptor goes away. The reader thread holds one, so it is told to let go and woken by a
    /// byte written to the slave side, which the app never sees.
    pub fn hang_up(&mut self) {
        self.wait_idle();
        let slave = self
            .master
            .as_ref()
            .and_then(|m| m.tty_name())
            .expect("the pty's slave path");
        self.let_go.store(true, Ordering::SeqCst);
        OpenOptions::new()
            .write(true)
            .open(&slave)
            .and_then(|mut tty| tty.write_all(b"."))
            .expect("wake the reader through the slave");
        self.writer.take();
        self.master.take();
    }
}

impl Drop for Tui {
    /// A test that failed may leave the app running: end its process group, which is ours alone
    /// (the child leads its own session), so a wrapped app goes too.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            // SAFETY: kill(2) on the process group our own child leads.
            unsafe { libc::kill(-(self.pid() as i32), libc::SIGKILL) };
            let _ = self.child.wait();
        }
    }
}

/// How many rows or columns the emulator keeps for a pty side of `n`: every cell the app draws
/// (at most `most`, past which it draws nothing), and where the pty reports no size, the
/// `fallback` the app draws then.
fn emulated(n: u16, fallback: u16, most: u16) -> std::num::NonZeroU16 {
    let n = if n == 0 { fallback } else { n.min(most) };
    std::num::NonZeroU16::new(n).expect("non-zero size")
}

/// A duplicate of the master descriptor to type into. portable-pty's own writer types "\n" and
/// EOF into the app when dropped, a stray Enter that would race a hang-up.
fn master_writer(master: &dyn MasterPty) -> File {
    let fd = master.as_raw_fd().expect("a unix pty");
    // SAFETY: `fd` is owned by `master`, which outlives this borrow.
    let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
    File::from(borrowed.try_clone_to_owned().expect("dup the pty master"))
}

/// Whether `raw` ends with a whole frame: ratatui ends each by hiding the cursor, or, where the
/// frame puts the cursor on what has the focus, by showing it and moving it there
/// (`ESC [ ? 25 h ESC [ row ; column H`).
pub fn frame_ended(raw: &[u8]) -> bool {
    if raw.ends_with(HIDE_CURSOR) {
        return true;
    }
    let Some(tail) = raw.strip_suffix(b"H") else {
        return false;
    };
    let start = tail
        .iter()
        .rposition(|b| !(b.is_ascii_digit() || *b == b';'))
        .map_or(0, |i| i + 1);
    let (before, numbers) = tail.split_at(start);
    numbers.iter().filter(|b| **b == b';').count() == 1 && before.ends_with(b"\x1b[?25h\x1b[")
}

/// The screen as one line with runs of whitespace folded, so wrapped text still matches.
pub fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// The last place `needle` occurs in `haystack`.
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// What is wrong with how the output leaves the terminal, if anything: it must have entered the
/// alternate screen and turned on mouse capture and bracketed paste, and turned each off again
/// after the last time it turned it on, and shown the cursor after it last hid it.
pub fn restore_problems(raw: &[u8]) -> Vec<String> {
    let mut problems = Vec::new();
    // The cursor need not have been hidden (the frames show it on what has the focus), but it
    // must be shown after it last was.
    match (rfind(raw, HIDE_CURSOR), rfind(raw, SHOW_CURSOR)) {
        (Some(hidden), Some(shown)) if shown > hidden => {}
        (None, Some(_)) => {}
        _ => problems.push("the cursor was left hidden".to_owned()),
    }
    let pairs: [(&str, &[u8], &[u8]); 3] = [
        ("the alternate screen", ENTER_ALT, LEAVE_ALT),
        ("mouse capture", MOUSE_ON, MOUSE_OFF),
        ("bracketed paste", PASTE_ON, PASTE_OFF),
    ];
    for (what, on, off) in pairs {
        // The app turns each on as it starts (the mouse unless told not to).
        let Some(last_on) = rfind(raw, on) else {
            problems.push(format!("{what} was never turned on"));
            continue;
        };
        match rfind(raw, off) {
            Some(last_off) if last_off > last_on => {}
            _ => problems.push(format!("{what} was left on")),
        }
    }
    problems
}

/// The output ends by leaving the alternate screen and showing the cursor, with nothing drawn
/// after that.
pub fn assert_restored(raw: &[u8]) {
    let shown = |b: &[u8]| String::from_utf8_lossy(b).escape_debug().to_string();
    let tail_from = raw.len().saturating_sub(200);
    let tail = shown(&raw[tail_from..]);
    let entered = rfind(raw, ENTER_ALT).expect("the app entered the alternate screen");
    let left = rfind(raw, LEAVE_ALT)
        .unwrap_or_else(|| panic!("never left the alternate screen; output ends {tail}"));
    assert!(
        left > entered,
        "re-entered the alternate screen; ends {tail}"
    );
    let hidden = rfind(raw, HIDE_CURSOR).unwrap_or(0);
    let visible = rfind(raw, SHOW_CURSOR)
        .unwrap_or_else(|| panic!("the cursor was never shown again; output ends {tail}"));
    assert!(
        visible > hidden,
        "the cursor is left hidden; output ends {tail}"
    );
    let after = String::from_utf8_lossy(&raw[left + LEAVE_ALT.len()..])
        .replace("\x1b[?25h", "")
        .trim()
        .to_owned();
    assert!(
        after.is_empty(),
        "output after leaving the alternate screen: {after:?}"
    );
}
