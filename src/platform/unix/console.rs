//! The Unix console: the terminal is a file descriptor whose bytes are decoded here (see
//! `decode`), signals arrive through a self-pipe (signal-hook), and other threads wake the wait
//! through a pipe of their own. All three are waited on in one call on the loop's thread, with no
//! timeout unless a paste or escape sequence is unfinished, so an idle app wakes for nothing and a
//! key is read and decoded where it is handled.
//!
//! The wait is `poll(2)`, except on macOS, whose `poll` does not support devices (its man page
//! says so under BUGS): a terminal is a device, so there it is `select(2)`.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Read as _, Write as _};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use signal_hook::iterator::backend::SignalDelivery;
use signal_hook::iterator::exfiltrator::SignalOnly;

use super::super::decode::{Decoder, Input};
use super::super::{Incoming, Signal};

/// Wakes the console's wait from another thread.
#[derive(Clone)]
pub struct Waker(Arc<UnixStream>);

impl Waker {
    pub fn wake(&self) {
        // A full pipe already holds a wake-up: nothing is lost by not writing another.
        let _ = (&*self.0).write(&[1]);
    }
}

/// The terminal's input, the signals and the wake-up pipe.
pub struct Console {
    /// /dev/tty when standard input is not the terminal.
    _tty: Option<File>,
    tty_fd: RawFd,
    /// Set once the terminal has hung up: it is not waited on again (it would be ready for ever).
    tty_gone: bool,
    decoder: Decoder,
    buf: Vec<u8>,
    signals: SignalDelivery<UnixStream, SignalOnly>,
    wake: UnixStream,
    wake_write: Arc<UnixStream>,
}

/// The most bytes taken from the terminal in one read.
const READ_SIZE: usize = 64 * 1024;

impl Console {
    /// Opens the terminal's input and registers the signals: the ones that end the app, the
    /// resize, and job control. Catching SIGTSTP replaces its default (stopping at once, with
    /// the terminal still taken): the loop gives the terminal back first, then stops itself.
    pub fn open() -> io::Result<Console> {
        // Read standard input when it is a terminal, else /dev/tty, as crossterm would.
        // SAFETY: isatty only inspects the descriptor.
        let tty: Option<File> = if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
            None
        } else {
            Some(File::open("/dev/tty")?)
        };
        let tty_fd = tty.as_ref().map_or(libc::STDIN_FILENO, |f| f.as_raw_fd());
        let (read, write) = UnixStream::pair()?;
        let signals = SignalDelivery::with_pipe(
            read,
            write,
            SignalOnly,
            [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT],
        )?;
        let (wake, wake_write) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        wake_write.set_nonblocking(true)?;
        Ok(Console {
            _tty: tty,
            tty_fd,
            tty_gone: false,
            decoder: Decoder::default(),
            buf: vec![0u8; READ_SIZE],
            signals,
            wake,
            wake_write: Arc::new(wake_write),
        })
    }

    /// A waker for other threads.
    pub fn waker(&self) -> Waker {
        Waker(Arc::clone(&self.wake_write))
    }

    /// Waits until the terminal has input, a signal comes or the waker is called (`block`), or
    /// only looks (`!block`), and appends what came to `out`. It may return with nothing: after
    /// a wake-up, or when only part of a sequence came.
    pub fn wait(&mut self, block: bool, out: &mut VecDeque<Incoming>) -> io::Result<()> {
        // Only an unfinished paste or escape sequence gives the wait an end.
        let timeout = if block {
            self.decoder.pending_deadline().map(|deadline| {
                let left = deadline.saturating_duration_since(Instant::now());
                // Rounded up to whole milliseconds, so a wait that long reaches the deadline.
                Duration::from_millis(
                    u64::try_from(left.as_micros().div_ceil(1000)).unwrap_or(u64::MAX),
                )
            })
        } else {
            Some(Duration::ZERO)
        };
        let tty = (!self.tty_gone).then_some(self.tty_fd);
        let fds = [
            tty,
            Some(self.signals.get_read().as_raw_fd()),
            Some(self.wake.as_raw_fd()),
        ];
        let ready = wait_readable(fds, timeout)?;
        if ready.hung_up[0] {
            self.hang_up(out);
        }
        if ready.readable == [false; 3] {
            let inputs = self.decoder.timeout(Instant::now());
            take_inputs(inputs, out);
            return Ok(());
        }
        if ready.readable[0] {
            self.read_terminal(out);
        }
        if ready.readable[1] {
            for signal in self.signals.pending() {
                out.push_back(Incoming::Signal(match signal {
                    SIGWINCH => Signal::Resize,
                    SIGTSTP => Signal::Suspend,
                    SIGCONT => Signal::Continue,
                    _ => Signal::Stop,
                }));
            }
        }
        if ready.readable[2] {
            let mut drain = [0u8; 256];
            while matches!((&self.wake).read(&mut drain), Ok(n) if n > 0) {}
        }
        Ok(())
    }

    fn hang_up(&mut self, out: &mut VecDeque<Incoming>) {
        if !self.tty_gone {
            self.tty_gone = true;
            out.push_back(Incoming::HangUp);
        }
    }

    /// Reads what the terminal has and decodes it.
    fn read_terminal(&mut self, out: &mut VecDeque<Incoming>) {
        if self.tty_gone {
            return;
        }
        match read_some(self.tty_fd, &mut self.buf) {
            ReadSome::Bytes(n) => {
                let full = n == self.buf.len();
                let inputs = self.decoder.feed(&self.buf[..n], full, Instant::now());
                take_inputs(inputs, out);
            }
            ReadSome::Nothing => {}
            ReadSome::HungUp => self.hang_up(out),
        }
    }
}

fn take_inputs(inputs: Vec<Input>, out: &mut VecDeque<Incoming>) {
    out.extend(inputs.into_iter().map(|input| match input {
        Input::Event(event) => Incoming::Event(event),
        Input::CutPaste(text) => Incoming::CutPaste(text),
    }));
}

/// Which of the descriptors a wait found readable, and which hung up.
struct Ready {
    readable: [bool; 3],
    hung_up: [bool; 3],
}

/// Waits until one of `fds` (`None`: left out) is readable, or `timeout` (`None`: for ever).
#[cfg(not(target_os = "macos"))]
fn wait_readable(fds: [Option<RawFd>; 3], timeout: Option<Duration>) -> io::Result<Ready> {
    let mut pollfds = fds.map(|fd| libc::pollfd {
        // A negative descriptor is left out of the poll.
        fd: fd.unwrap_or(-1),
        events: libc::POLLIN,
        revents: 0,
    });
    let timeout = timeout.map_or(-1, |t| {
        libc::c_int::try_from(t.as_millis()).unwrap_or(libc::c_int::MAX)
    });
    loop {
        // SAFETY: three valid pollfds, owned by this frame, for the duration of the call.
        let n = unsafe { libc::poll(pollfds.as_mut_ptr(), 3, timeout) };
        if n >= 0 {
            break;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    Ok(Ready {
        readable: pollfds.map(|p| p.revents & libc::POLLIN != 0),
        hung_up: pollfds.map(|p| p.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0),
    })
}

/// Waits until one of `fds` (`None`: left out) is readable, or `timeout` (`None`: for ever).
/// A hang-up shows as readable, and the read that follows finds it.
#[cfg(target_os = "macos")]
fn wait_readable(fds: [Option<RawFd>; 3], timeout: Option<Duration>) -> io::Result<Ready> {
    loop {
        // SAFETY: an fd_set is plain data; FD_ZERO initialises it, and every descriptor set in
        // it is open and below FD_SETSIZE (checked), as select requires.
        let mut set: libc::fd_set = unsafe { std::mem::zeroed() };
        unsafe { libc::FD_ZERO(&mut set) };
        let mut highest = -1;
        for fd in fds.into_iter().flatten() {
            if fd >= libc::FD_SETSIZE as RawFd {
                return Err(io::Error::other("descriptor too large for select"));
            }
            unsafe { libc::FD_SET(fd, &mut set) };
            highest = highest.max(fd);
        }
        let mut tv = timeout.map(|t| libc::timeval {
            tv_sec: libc::time_t::try_from(t.as_secs()).unwrap_or(libc::time_t::MAX),
            tv_usec: libc::suseconds_t::try_from(t.subsec_micros()).unwrap_or(0),
        });
        let tv_ptr = tv
            .as_mut()
            .map_or(std::ptr::null_mut(), |tv| tv as *mut libc::timeval);
        // SAFETY: the set and timeval live in this frame for the duration of the call.
        let n = unsafe {
            libc::select(
                highest + 1,
                &mut set,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                tv_ptr,
            )
        };
        if n < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        // SAFETY: the set was filled by select.
        let readable = fds.map(|fd| fd.is_some_and(|fd| unsafe { libc::FD_ISSET(fd, &set) }));
        return Ok(Ready {
            readable,
            hung_up: [false; 3],
        });
    }
}

/// What a read of the terminal gave.
enum ReadSome {
    Bytes(usize),
    /// Nothing after all (a descriptor left non-blocking): wait again.
    Nothing,
    /// End of file or an error such as EIO: the terminal is gone.
    HungUp,
}

fn read_some(fd: RawFd, buf: &mut [u8]) -> ReadSome {
    loop {
        // SAFETY: `buf` is valid for writes of its whole length for the duration of the call.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n > 0 {
            return ReadSome::Bytes(n.unsigned_abs());
        }
        if n == 0 {
            return ReadSome::HungUp;
        }
        match io::Error::last_os_error().kind() {
            io::ErrorKind::Interrupted => continue,
            io::ErrorKind::WouldBlock => return ReadSome::Nothing,
            _ => return ReadSome::HungUp,
        }
    }
}

/// Stops the process, as the shell's Ctrl-Z would; returns once it is continued (`fg`).
pub fn suspend() {
    // SIGSTOP rather than SIGTSTP: SIGTSTP is caught (it is what brought us here).
    // SAFETY: raise only sends a signal to this process.
    unsafe {
        libc::raise(libc::SIGSTOP);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wake_up_ends_a_wait_that_has_no_end() {
        let (read, write) = UnixStream::pair().unwrap();
        let waker = Waker(Arc::new(write));
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            waker.wake();
        });
        let ready = wait_readable([None, None, Some(read.as_raw_fd())], None).unwrap();
        assert_eq!(ready.readable, [false, false, true]);
        let ready = wait_readable([None, None, None], Some(Duration::ZERO)).unwrap();
        assert_eq!(ready.readable, [false; 3]);
    }
}
