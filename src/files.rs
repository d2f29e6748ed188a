//! Files gazet writes, each whole or not at all, so that an interrupted run
//! never leaves half an output (or half a cache entry) behind for a reader.

use crate::error::{Error, Result};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// An output written whole and made durable, not yet moved into place.
/// Dropping it removes the temporary file.
#[must_use = "an output is only in place once committed"]
pub struct Ready(pub(crate) Option<(tempfile::NamedTempFile, PathBuf)>);

impl Ready {
    /// Moves the output into place.
    pub fn commit(self) -> Result<()> {
        match self.0 {
            Some((tmp, path)) => tmp
                .persist(&path)
                .map(|_| ())
                .map_err(|e| Error::io(path, e.error)),
            None => Ok(()),
        }
    }
}

/// An output file being written. A regular file (or a new one) is written
/// to a temporary file beside it and renamed into place when whole; a path
/// that exists and is no regular file (`/dev/null`, `/dev/stdout`, a FIFO)
/// is written in place, since renaming over it would replace the device.
pub enum OutputFile {
    Temp(tempfile::NamedTempFile),
    Direct(std::fs::File),
}

impl OutputFile {
    pub fn create(path: &Path) -> Result<OutputFile> {
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map(OutputFile::Direct)
                .map_err(|e| Error::io(path, e));
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let mut builder = tempfile::Builder::new();
        // The process id tells a later run whose file this is, so that one
        // left by a killed run can be removed (see [`remove_stale_temps`]).
        let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
        builder.prefix(&prefix).suffix(".tmp");
        // A temporary file is private (0600) by default; the output must end
        // up readable like any file the user creates (a report folder is
        // often served or shared), so it gets the mode File::create gives.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder.tempfile_in(&dir).map_err(|e| Error::io(path, e))?;
        // A file rewritten keeps its mode: a private (0600) output stays
        // private.
        if let Some(m) = std::fs::symlink_metadata(path).ok().filter(|m| m.is_file()) {
            tmp.as_file()
                .set_permissions(m.permissions())
                .map_err(|e| Error::io(path, e))?;
        }
        Ok(OutputFile::Temp(tmp))
    }

    /// Makes the file durable and, for a temporary one, moves it to `path`.
    pub fn commit(self, path: &Path) -> Result<()> {
        self.prepare(path.to_owned())?.commit()
    }

    /// Makes the file durable; a temporary one is moved to `path` by
    /// [`Ready::commit`].
    pub fn prepare(self, path: PathBuf) -> Result<Ready> {
        match self {
            OutputFile::Temp(tmp) => {
                tmp.as_file().sync_all().map_err(|e| Error::io(&path, e))?;
                Ok(Ready(Some((tmp, path))))
            }
            OutputFile::Direct(mut f) => f
                .flush()
                .map(|()| Ready(None))
                .map_err(|e| Error::io(path, e)),
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            OutputFile::Temp(t) => t.write(buf),
            OutputFile::Direct(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            OutputFile::Temp(t) => t.flush(),
            OutputFile::Direct(f) => f.flush(),
        }
    }
}

/// How gazet's own temporary files start: `.gazet-<pid>-<random>.tmp`.
const TEMP_PREFIX: &str = ".gazet-";

/// How long before a run a temporary file without a process id (as
/// releases before the id was added named them) must have last changed to
/// count as left behind: its owner cannot be asked, and a live run touches
/// its files far more often than once a day.
const UNOWNED_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Removes, in `dir` (and below it if `recursive`), gazet's temporary files
/// that a run killed without a chance to clean up (SIGKILL, a crash, a
/// power cut) left behind: those last changed before `started` whose
/// process is gone. A file of a run still going, or one whose process
/// cannot be checked (no `/proc`), is kept. A file whose name carries no
/// process id (`.gazet-<six random>.tmp`) is removed once it is a day
/// older than the run. Returns the files removed.
pub fn remove_stale_temps(
    dir: &Path,
    recursive: bool,
    started: std::time::SystemTime,
) -> Vec<PathBuf> {
    let own = std::process::id();
    let gone = |pid: u32| {
        // Our own id on an older file: a run before this one had it.
        pid == own
            || (Path::new("/proc/self").exists()
                && !Path::new("/proc").join(pid.to_string()).exists())
    };
    let unowned_before = started.checked_sub(UNOWNED_TEMP_AGE);
    let walk = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(if recursive { usize::MAX } else { 1 });
    let mut removed = Vec::new();
    for entry in walk.into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        let Some(rest) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        let pid = rest
            .split_once('-')
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        let Some(changed) = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
        else {
            continue;
        };
        // Without an id, only the name tempfile gives (six random letters
        // and digits) is ours; a user's `.gazet-notes.tmp` is not.
        let unowned = rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric());
        let stale = match pid {
            Some(pid) => changed < started && gone(pid),
            None => unowned && unowned_before.is_some_and(|t| changed < t),
        };
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path().to_owned());
        }
    }
    removed
}

/// Writes `bytes` to `path` whole or not at all: through a temporary file
/// renamed into place, where the path is a regular file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut out = OutputFile::create(path)?;
    out.write_all(bytes).map_err(|e| Error::io(path, e))?;
    out.commit(path)
}
