//! Step 5: write the PDF atomically. A failed build leaves no file behind
//! and never replaces a previous good PDF with a half-written one.

use std::fs::{self, Metadata, Permissions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use tempfile::NamedTempFile;

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write(path, bytes, true)
}

/// [`write_atomic`], but fails with `AlreadyExists` rather than replace a
/// file that is there.
pub fn create_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write(path, bytes, false)
}

/// Said (through [`crate::diagnostic::io_advice`]) of a device, FIFO or
/// socket: no [`io::ErrorKind`] names them.
const NOT_A_FILE: &str = "đây không phải tệp thường (là thiết bị, ống dẫn hoặc socket), cchc-gen không ghi vào đó — hãy chọn một tên tệp";

/// The file that writing to `path` makes or replaces, with its metadata if
/// it exists: `path` with its symbolic links followed, so that a link still
/// points to the new file. Fails when what is there is not a regular file
/// (a folder, a device such as `/dev/null`, a FIFO): the rename would put
/// the file in its place.
pub fn target(path: &Path) -> io::Result<(PathBuf, Option<Metadata>)> {
    let path = followed(path)?;
    match fs::metadata(&path) {
        Ok(m) if m.is_file() => Ok((path, Some(m))),
        Ok(m) if m.is_dir() => Err(io::ErrorKind::IsADirectory.into()),
        Ok(_) => Err(io::Error::new(io::ErrorKind::InvalidInput, NOT_A_FILE)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok((path, None)),
        Err(e) => Err(e),
    }
}

/// `path` with its symbolic links followed, even to a file not made yet.
fn followed(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    while fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        match fs::canonicalize(&path) {
            // The link names a file not there yet: that file is made. A loop
            // of links fails here with its own error, not `NotFound`.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                path = folder_of(&path).join(fs::read_link(&path)?);
            }
            other => return other,
        }
    }
    Ok(path)
}

/// Not synced to disk: everything written here is made again from its data
/// in milliseconds, while a sync waits for the disk: 0.4 ms when it is idle,
/// 7–8 ms (a third of a whole build) while another program writes. The
/// signed copies in the archive, which cannot be made again, are synced.
fn write(path: &Path, bytes: &[u8], replace: bool) -> io::Result<()> {
    let (path, existing) = target(path)?;
    let mut tmp = begin(folder_of(&path))?;
    let listed = tmp.path().to_path_buf();
    let written = tmp.write_all(bytes).and_then(|()| {
        // A temporary file is private (0600): the result keeps the
        // permissions of the file it replaces.
        match existing.map_or_else(new_file_permissions, |m| Some(m.permissions())) {
            Some(permissions) => tmp.as_file().set_permissions(permissions),
            None => Ok(()),
        }
    });
    // Renamed, or removed as it drops: either way no longer to remove.
    let done = written.and_then(|()| {
        if replace {
            tmp.persist(&path)
        } else {
            tmp.persist_noclobber(&path)
        }
        .map(drop)
        .map_err(|e| e.error)
    });
    unlisted(&listed);
    done
}

/// Whether a file can be made in `folder`, found by making one: told once
/// for a folder, before building, rather than once for each of its files.
pub fn writable(folder: &Path) -> io::Result<()> {
    let tmp = begin(folder)?;
    let listed = tmp.path().to_path_buf();
    drop(tmp);
    unlisted(&listed);
    Ok(())
}

/// The temporary files being written: a process stopped by a signal never
/// renames them, and removes them on its way out
/// ([`remove_unfinished_on_signals`]).
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The folders [`make_folder`] made, each after the one it is in. Those
/// still empty at the end (every file meant for them failed) are removed.
static MADE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn locked(list: &'static Mutex<Vec<PathBuf>>) -> MutexGuard<'static, Vec<PathBuf>> {
    list.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file in `folder`, listed in [`UNFINISHED`]; made under the
/// lock, so that none is made unlisted while the process ends.
fn begin(folder: &Path) -> io::Result<NamedTempFile> {
    let mut list = locked(&UNFINISHED);
    let tmp = tempfile::Builder::new()
        .prefix(".cchc-gen-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    list.push(tmp.path().to_path_buf());
    Ok(tmp)
}

fn unlisted(path: &Path) {
    locked(&UNFINISHED).retain(|p| p != path);
}

/// Makes `folder` and the folders above it that are missing, noting in
/// [`MADE`] the ones made here (not those another program made meanwhile);
/// under its lock, so that a stopped process finds them all.
pub fn make_folder(folder: &Path) -> io::Result<()> {
    let mut made = locked(&MADE);
    let missing: Vec<&Path> = folder
        .ancestors()
        .take_while(|f| !f.as_os_str().is_empty() && !f.is_dir())
        .collect();
    for f in missing.into_iter().rev() {
        match fs::create_dir(f) {
            Ok(()) => made.push(f.to_path_buf()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && f.is_dir() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Removes the folders [`make_folder`] made that nothing was written in.
pub fn remove_empty_folders() {
    remove_empty(&locked(&MADE));
}

fn remove_empty(folders: &[PathBuf]) {
    // The deepest first, so that one holding only empty folders goes too.
    for folder in folders.iter().rev() {
        // A folder with anything in it stays: `remove_dir` fails.
        let _ = fs::remove_dir(folder);
    }
}

/// Removes the temporary files being written, then the folders made for
/// them that are left empty; the locks it returns, held until the process
/// ends, keep any more from being made.
fn remove_unfinished() -> [MutexGuard<'static, Vec<PathBuf>>; 2] {
    let files = locked(&UNFINISHED);
    remove(&files);
    let folders = locked(&MADE);
    remove_empty(&folders);
    [files, folders]
}

fn remove(paths: &[PathBuf]) {
    for path in paths {
        // Already renamed or removed by its writer: nothing left to do.
        let _ = fs::remove_file(path);
    }
}

/// On SIGINT, SIGTERM or SIGHUP (Ctrl-C, `kill`, a closed terminal),
/// removes the temporary files being written and the folders made for them
/// left empty, then ends the process by that signal as it would have ended
/// without this (exit status 130, 143, 129 in a shell). Without it a build
/// stopped between making its temporary file and renaming it left that
/// file beside the PDFs.
#[cfg(unix)]
pub fn remove_unfinished_on_signals() -> io::Result<()> {
    use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _held = remove_unfinished();
                // Ends the process; it falls back to abort if it cannot.
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            }
        })?;
    Ok(())
}

/// On Ctrl+C, Ctrl+Break or a closed console window, removes the temporary
/// files being written and the folders made for them left empty, then ends
/// the process as Windows would have (exit code 0xC000013A,
/// STATUS_CONTROL_C_EXIT).
#[cfg(windows)]
pub fn remove_unfinished_on_signals() -> io::Result<()> {
    use windows_sys::Win32::Foundation::STATUS_CONTROL_C_EXIT;
    use windows_sys::Win32::System::Console::SetConsoleCtrlHandler;
    // Windows calls this on a thread of its own and, for a closed console,
    // ends the process as soon as it returns: all is done before that. The
    // `ctrlc` crate returns at once and cleans up on another thread, too
    // late for a closed console (its issue #122).
    extern "system" fn stopped(_event: u32) -> windows_sys::core::BOOL {
        let _held = remove_unfinished();
        std::process::exit(STATUS_CONTROL_C_EXIT)
    }
    // SAFETY: `stopped` lives as long as the process and does not unwind.
    if unsafe { SetConsoleCtrlHandler(Some(stopped), 1) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// A new file is an ordinary one that others in the office may read.
#[cfg(unix)]
fn new_file_permissions() -> Option<Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<Permissions> {
    None
}

/// The folder `path` is in: `.` for a bare file name, where
/// [`Path::parent`] gives an empty path.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_target_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
        assert_eq!(names(dir.path()), ["a.pdf"]);
    }

    #[test]
    fn creating_keeps_a_file_that_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.yaml");
        create_atomic(&target, b"one").unwrap();
        let e = create_atomic(&target, b"two").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&target).unwrap(), b"one");
        assert_eq!(names(dir.path()), ["a.yaml"]);
    }

    #[test]
    fn a_folder_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        fs::create_dir(&target).unwrap();
        for write in [write_atomic, create_atomic] {
            let e = write(&target, b"pdf").unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::IsADirectory);
        }
        assert!(target.is_dir());
        assert_eq!(names(dir.path()), ["a.pdf"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_still_points_to_the_new_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("ban-chinh")).unwrap();
        let real = dir.path().join("ban-chinh/a.pdf");
        fs::write(&real, b"one").unwrap();
        let link = dir.path().join("a.pdf");
        std::os::unix::fs::symlink("ban-chinh/a.pdf", &link).unwrap();
        write_atomic(&link, b"two").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"two");
        // A link to a file not made yet makes that file.
        let dangling = dir.path().join("b.pdf");
        std::os::unix::fs::symlink("ban-chinh/b.pdf", &dangling).unwrap();
        write_atomic(&dangling, b"three").unwrap();
        assert!(fs::symlink_metadata(&dangling).unwrap().is_symlink());
        assert_eq!(
            fs::read(dir.path().join("ban-chinh/b.pdf")).unwrap(),
            b"three"
        );
        assert_eq!(names(&dir.path().join("ban-chinh")), ["a.pdf", "b.pdf"]);
    }

    // A socket stands for every special file (a FIFO, a device): std makes
    // one without unsafe code.
    #[cfg(unix)]
    #[test]
    fn a_special_file_is_refused_and_left_alone() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        let _listener = std::os::unix::net::UnixListener::bind(&target).unwrap();
        let e = write_atomic(&target, b"pdf").unwrap_err();
        assert_eq!(crate::diagnostic::io_advice(&e), NOT_A_FILE);
        assert!(fs::metadata(&target).unwrap().file_type().is_socket());
        assert_eq!(names(dir.path()), ["a.pdf"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        fs::write(&target, b"one").unwrap();
        fs::set_permissions(&target, Permissions::from_mode(0o640)).unwrap();
        write_atomic(&target, b"two").unwrap();
        let mode = fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn the_temporary_files_being_written_are_removed_on_demand() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = begin(dir.path()).unwrap();
        let path = tmp.path().to_path_buf();
        // As the process ends: the file stays unrenamed, never dropped.
        std::mem::forget(tmp);
        assert!(locked(&UNFINISHED).contains(&path));
        // Not `remove_unfinished`: it would take the files of the tests
        // that run beside this one.
        remove(std::slice::from_ref(&path));
        assert!(!path.exists());
        unlisted(&path);
        // Written files are no longer listed.
        write_atomic(&dir.path().join("a.pdf"), b"pdf").unwrap();
        assert!(
            !locked(&UNFINISHED)
                .iter()
                .any(|p| p.starts_with(dir.path()))
        );
        assert_eq!(names(dir.path()), ["a.pdf"]);
    }

    #[test]
    fn only_the_folders_made_here_and_left_empty_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let there = dir.path().join("co-san");
        fs::create_dir_all(there.join("rong")).unwrap();
        make_folder(&there.join("a/b")).unwrap();
        make_folder(&there.join("c")).unwrap();
        make_folder(&there.join("rong")).unwrap();
        let made: Vec<PathBuf> = locked(&MADE)
            .iter()
            .filter(|p| p.starts_with(dir.path()))
            .cloned()
            .collect();
        assert_eq!(made, [there.join("a"), there.join("a/b"), there.join("c")]);
        write_atomic(&there.join("c/x.pdf"), b"pdf").unwrap();
        // Not `remove_empty_folders`: it would take the folders of the tests
        // that run beside this one.
        remove_empty(&made);
        assert_eq!(names(&there), ["c", "rong"]);
        assert_eq!(names(dir.path()), ["co-san"]);
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}
