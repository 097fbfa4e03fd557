//! Reading a file the user named — progress, roadmap, imported Markdown, config — without
//! trusting it to be one: a FIFO must not hang the read, `/dev/zero` must not eat the memory,
//! and a Windows editor's byte-order mark must not make good JSON bad.

use std::io::{self, Read};
use std::path::Path;

use crate::platform::FileStamp;

const MIB: u64 = 1 << 20;

/// The largest progress file read: 512 MiB. A 100,000-task roadmap in 20 languages, every cell
/// done, makes a file of about 280 MB.
pub const PROGRESS_LIMIT: u64 = 512 * MIB;

/// The largest roadmap (JSON or Markdown) or imported document read: 16 MiB.
pub const ROADMAP_LIMIT: u64 = 16 * MIB;

/// The largest config file read: 1 MiB.
pub const CONFIG_LIMIT: u64 = MIB;

/// Reads the whole of the regular file at `path`, refusing anything else and anything over
/// `limit` bytes. The file is opened without blocking, so a FIFO with no writer is refused at
/// once instead of hanging; its type is checked on the open handle, so it cannot change
/// between the check and the read; at most `limit + 1` bytes are ever read.
///
/// The errors say what is wrong in words a message can quote after the file's name: kind
/// `InvalidInput` for a file that is not a regular one, `FileTooLarge` for one over the limit.
pub fn read_limited(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    read_limited_stamped(path, limit).map(|(bytes, _)| bytes)
}

/// `read_limited`, with the stamp of the file read (taken on the open handle before reading, so
/// it is the stamp of those bytes or of an earlier state of the same file, never of another file
/// renamed into its place meanwhile).
pub fn read_limited_stamped(path: &Path, limit: u64) -> io::Result<(Vec<u8>, Option<FileStamp>)> {
    let (file, meta) = crate::platform::open_regular(path)?;
    let stamp = FileStamp::of_file(&file);
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0));
    (&file).take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("it is larger than {} MiB, the most this reads", limit / MIB),
        ));
    }
    Ok((bytes, stamp))
}

/// Whether a read failed because of what the file is (not a regular file, too large, not
/// UTF-8), which is bad input, rather than because the system failed.
pub fn is_bad_input(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::InvalidInput | io::ErrorKind::FileTooLarge | io::ErrorKind::InvalidData
    )
}

/// The UTF-8 byte-order mark some Windows editors write at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` without a leading byte-order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

/// `bytes` as text: a leading byte-order mark dropped, and an error (kind `InvalidData`) that
/// says where if they are not UTF-8.
pub fn utf8_text(bytes: Vec<u8>) -> io::Result<String> {
    let bytes = if bytes.starts_with(BOM) {
        bytes[BOM.len()..].to_vec()
    } else {
        bytes
    };
    String::from_utf8(bytes).map_err(|e| not_utf8(e.as_bytes(), e.utf8_error()))
}

/// The error for bytes that are not UTF-8: the line and the byte where they stop being it.
fn not_utf8(bytes: &[u8], e: std::str::Utf8Error) -> io::Error {
    let at = e.valid_up_to();
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "it is not UTF-8 text (byte 0x{:02X} on line {line}, offset {at}); save it as UTF-8",
            bytes[at]
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read_limited(&path, 5).unwrap(), b"12345");
        let e = read_limited(&path, 4).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert!(is_bad_input(&e));
        let missing = read_limited(&dir.path().join("none"), 4).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
        assert!(!is_bad_input(&missing));
    }

    #[test]
    fn refuses_what_is_not_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_limited(dir.path(), 10).unwrap_err();
        assert!(e.to_string().contains("a directory"), "{e}");
        assert!(is_bad_input(&e));
    }

    #[test]
    fn text_drops_the_byte_order_mark_and_names_bad_bytes() {
        assert_eq!(utf8_text(b"\xEF\xBB\xBF{}".to_vec()).unwrap(), "{}");
        assert_eq!(strip_bom(b"\xEF\xBB\xBFx"), b"x");
        assert_eq!(strip_bom(b"x"), b"x");
        let e = utf8_text(b"ok\nbad \xFF here".to_vec()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert!(e.to_string().contains("0xFF on line 2"), "{e}");
    }
}
