//! Files in and out so that nothing is lost and nothing is unbounded. Out: never over an
//! input, checked before the long work that produces it, and written to a temporary file beside
//! it that is renamed over the target only when complete (a failed or interrupted write leaves
//! the old file as it was). In: whole-file reads with a stated limit, since the size a pipe or a
//! device reports (0) says nothing of what it holds.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why an output cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{path} is the input {input}: refusing to write over it (choose another output)")]
    IsInput { path: PathBuf, input: PathBuf },
    #[error("{path} is a folder, not a file")]
    IsFolder { path: PathBuf },
    #[error("{path} is a device, not a file (a terminal, a pipe or /dev/null can take output)")]
    IsDevice { path: PathBuf },
    #[error("cannot write {path}: {error}")]
    Io { path: PathBuf, error: io::Error },
}

/// A file being written: bytes go to a temporary file in the target's folder, renamed over the
/// target by [`Output::commit`]; dropped uncommitted, the temporary file is removed.
pub struct Output {
    path: PathBuf,
    temporary: PathBuf,
    file: Option<BufWriter<File>>,
}

impl Output {
    /// Starts writing `path`, after checking it is none of `inputs` (the same file, also
    /// through links) and that its folder takes a new file: a run that would fail to save fails
    /// before its work instead of after. Special files (`/dev/stdout`, `/dev/null`) are written
    /// in place, as they cannot be renamed over.
    pub fn create(path: &Path, inputs: &[&Path]) -> Result<Self, OutputError> {
        let error = |error| OutputError::Io {
            path: path.to_owned(),
            error,
        };
        if let Some(input) = inputs.iter().find(|input| same_file(path, input)) {
            return Err(OutputError::IsInput {
                path: path.to_owned(),
                input: input.to_path_buf(),
            });
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(OutputError::IsFolder {
                    path: path.to_owned(),
                });
            }
            Ok(meta) if !meta.is_file() => {
                let file = File::options().write(true).open(path).map_err(error)?;
                if !takes_output(&meta, &file) {
                    return Err(OutputError::IsDevice {
                        path: path.to_owned(),
                    });
                }
                return Ok(Self {
                    path: path.to_owned(),
                    temporary: PathBuf::new(),
                    file: Some(BufWriter::new(file)),
                });
            }
            _ => {}
        }
        let temporary = temporary_beside(path);
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .map_err(error)?;
        Ok(Self {
            path: path.to_owned(),
            temporary,
            file: Some(BufWriter::new(file)),
        })
    }

    /// Where the output goes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the whole file with `write`, then [`Output::commit`]s it: for an output created
    /// (and so checked) before the long work that fills it.
    pub fn commit_with(
        mut self,
        write: impl FnOnce(&mut Output) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        write(&mut self).map_err(|error| OutputError::Io {
            path: self.path.clone(),
            error,
        })?;
        self.commit()
    }

    /// Finishes the file: flushed, synced and renamed over the target.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let error = |error| OutputError::Io {
            path: self.path.clone(),
            error,
        };
        let file = self.file.take().expect("an output is committed once");
        let file = file.into_inner().map_err(|e| error(e.into_error()))?;
        if self.temporary.as_os_str().is_empty() {
            return Ok(());
        }
        file.sync_all().map_err(error)?;
        drop(file);
        std::fs::rename(&self.temporary, &self.path).map_err(error)
    }
}

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(file) => file.write(bytes),
            None => Err(io::Error::other("the output was committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().map_or(Ok(()), Write::flush)
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if self.file.is_some() && !self.temporary.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Writes `path` whole through [`Output`] with what `write` puts in it.
pub fn write_file(
    path: &Path,
    inputs: &[&Path],
    write: impl FnOnce(&mut Output) -> io::Result<()>,
) -> Result<(), OutputError> {
    Output::create(path, inputs)?.commit_with(write)
}

/// Reads the whole of `path`, refusing it beyond `limit` bytes however large its metadata says
/// it is: a pipe or a device is read up to the limit, so memory stays bounded. `what` names the
/// kind of file in the error ("a lesson").
pub fn read_at_most(path: &Path, limit: u64, what: &str) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let file = File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::other("it is a folder, not a file"));
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::other(format!(
            "more than {} is too large for {what} (it may be a device or a pipe that never ends)",
            human_bytes(limit)
        )));
    }
    Ok(bytes)
}

/// The UTF-8 byte-order mark some editors put at the start of a text file.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` without a leading UTF-8 byte-order mark: every text input reads the same with or
/// without one.
pub fn without_byte_order_mark(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BYTE_ORDER_MARK).unwrap_or(bytes)
}

/// A text file read as [`read_at_most`] reads (bounded, whatever it is), without a leading
/// byte-order mark; text that is not UTF-8 is an error naming the file's kind (`what`).
pub fn read_text(path: &Path, limit: u64, what: &str) -> io::Result<String> {
    let bytes = read_at_most(path, limit, what)?;
    String::from_utf8(without_byte_order_mark(&bytes).to_vec())
        .map_err(|_| io::Error::other(format!("{what} must be UTF-8 text")))
}

/// "1 MiB", "64 KiB", "12 bytes".
pub fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Whether a special file takes a stream of output: a pipe, a socket, a terminal or /dev/null
/// (device 1:3). Other devices (`/dev/full`, a disk) would fail or do harm only at the end.
fn takes_output(meta: &std::fs::Metadata, file: &File) -> bool {
    use std::io::IsTerminal;
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    const DEV_NULL: u64 = (1 << 8) | 3;
    let kind = meta.file_type();
    kind.is_fifo() || kind.is_socket() || file.is_terminal() || meta.rdev() == DEV_NULL
}

/// Whether `a` and `b` name the same existing file (device and inode), links followed.
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether writing `a` and writing `b` would end in one file: the same existing file (links
/// followed), or for files not there yet the same name in the same folder however it is spelt
/// (`./x`, `d/../x`, a link to the folder). Two outputs of one command are checked with it.
pub fn same_destination(a: &Path, b: &Path) -> bool {
    if same_file(a, b) {
        return true;
    }
    match (destination(a), destination(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// The file `path` names, links and `..` resolved; for a file not there yet, its resolved
/// folder joined with its name.
fn destination(path: &Path) -> Option<PathBuf> {
    if let Ok(resolved) = std::fs::canonicalize(path) {
        return Some(resolved);
    }
    let name = path.file_name()?;
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(folder).ok()?.join(name))
}

/// `.NAME.PID.N.part` in the target's folder, so that the rename stays on one file system.
fn temporary_beside(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_owned());
    let unique = format!(
        ".{name}.{}.{}.part",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    path.with_file_name(unique)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_output_replaces_the_file_and_an_unfinished_one_leaves_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").unwrap();
        {
            let mut output = Output::create(&path, &[]).unwrap();
            output.write_all(b"half").unwrap();
            // Dropped without commit: the work failed.
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        write_file(&path, &[], |out| out.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn an_input_a_link_to_it_a_folder_or_a_missing_folder_is_refused_up_front() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("corpus.txt");
        std::fs::write(&input, "the text").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        for output in [&input, &link] {
            let error = Output::create(output, &[&input]).err().unwrap();
            assert!(matches!(error, OutputError::IsInput { .. }), "{error}");
        }
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "the text");
        let error = Output::create(dir.path(), &[]).err().unwrap();
        assert!(matches!(error, OutputError::IsFolder { .. }), "{error}");
        let error = Output::create(&dir.path().join("no/such/out.txt"), &[])
            .err()
            .unwrap();
        assert!(error.to_string().starts_with("cannot write "), "{error}");
    }

    #[test]
    fn two_spellings_or_a_linked_folder_name_one_destination() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("runs");
        std::fs::create_dir(&folder).unwrap();
        let linked = dir.path().join("linked");
        std::os::unix::fs::symlink(&folder, &linked).unwrap();
        let out = folder.join("v.txt");
        // Neither file exists yet.
        for other in [
            folder.join("./v.txt"),
            folder.join("../runs/v.txt"),
            linked.join("v.txt"),
        ] {
            assert!(same_destination(&out, &other), "{}", other.display());
        }
        assert!(!same_destination(&out, &folder.join("trace.csv")));
        std::fs::write(&out, "x").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&out, &link).unwrap();
        assert!(same_destination(&link, &out));
    }

    #[test]
    fn reads_stop_at_their_limit_whatever_the_file_claims() {
        let error = read_at_most(Path::new("/dev/zero"), 1 << 20, "a lesson").unwrap_err();
        assert_eq!(
            error.to_string(),
            "more than 1 MiB is too large for a lesson (it may be a device or a pipe that never ends)"
        );
        let dir = tempfile::tempdir().unwrap();
        let error = read_at_most(dir.path(), 10, "a lesson").unwrap_err();
        assert_eq!(error.to_string(), "it is a folder, not a file");
        let path = dir.path().join("small.txt");
        std::fs::write(&path, "0123456789").unwrap();
        assert_eq!(read_at_most(&path, 10, "a file").unwrap(), b"0123456789");
        assert!(read_at_most(&path, 9, "a file").is_err());
    }

    #[test]
    fn a_device_that_cannot_take_output_is_refused_and_dev_null_takes_it() {
        let error = Output::create(Path::new("/dev/full"), &[]).err().unwrap();
        assert!(matches!(error, OutputError::IsDevice { .. }), "{error}");
        write_file(Path::new("/dev/null"), &[], |out| out.write_all(b"gone")).unwrap();
    }
}
