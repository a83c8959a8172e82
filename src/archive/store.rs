//! The archive folder and its content-addressed files.
//!
//! ```text
//! luu-tru/
//!   index.sqlite          the records (see index.rs)
//!   objects/ab/cdef….pdf  each PDF, named by its SHA-256
//!   tmp/                  files being written; leftovers of a crash
//!   lock                  shared by every `add`, exclusive for repairs
//! ```
//!
//! A file is written to `tmp/`, flushed to disk, then given its final name
//! by a rename that refuses to replace an existing file. A stored file is
//! therefore either complete or absent, and two processes storing the same
//! content at once both succeed with one copy. The one file ever replaced
//! is one whose content no longer has its hash, and only by a file that
//! does: its original.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::error::{ArchiveError, io_error};

const WRITE_ACTION: &str = "ghi được vào kho lưu trữ";

/// Lower-case hex SHA-256, the address of a stored file.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The archive folder.
pub struct Store {
    root: PathBuf,
}

/// A file written to `tmp/` and flushed, not yet under its final name.
pub struct PendingObject {
    file: tempfile::NamedTempFile,
    sha256: String,
}

/// How `commit` ended: each means the file is in the archive, intact.
#[derive(Debug, PartialEq, Eq)]
pub enum Committed {
    Written,
    AlreadyThere,
    /// A damaged file at its address was replaced.
    Restored,
}

/// A file under `objects/` whose name is not `ab/<62 hex>.pdf`.
#[derive(Debug)]
pub struct StrayFile(pub PathBuf);

impl Store {
    /// Opens the archive folder for reading; nothing is created.
    pub fn open(root: &Path) -> Store {
        Store {
            root: root.to_path_buf(),
        }
    }

    /// Opens the archive folder for writing, creating its folders.
    pub fn create(root: &Path) -> Result<Store, ArchiveError> {
        for dir in [root.join("objects"), root.join("tmp")] {
            fs::create_dir_all(&dir).map_err(io_error(WRITE_ACTION, &dir))?;
        }
        Ok(Store::open(root))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn index_path(&self) -> PathBuf {
        self.root.join("index.sqlite")
    }

    /// Where the file with this hash lives, relative to the root.
    pub fn object_path(sha256: &str) -> String {
        // A hash read back from a damaged index may be anything: no panic.
        let (prefix, rest) = sha256.split_at_checked(2).unwrap_or(("__", sha256));
        format!("objects/{prefix}/{rest}.pdf")
    }

    /// The lock file: every `add` holds it shared while it writes, a repair
    /// needs it exclusive, so a repair never removes another process's
    /// half-written file.
    pub fn lock_file(&self) -> Result<File, ArchiveError> {
        let path = self.root.join("lock");
        File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_error(WRITE_ACTION, &path))
    }

    /// Writes `bytes` to a temporary file and flushes it to disk.
    pub fn write_temp(&self, bytes: &[u8], sha256: &str) -> Result<PendingObject, ArchiveError> {
        let tmp_dir = self.root.join("tmp");
        let mut file = tempfile::Builder::new()
            .prefix("dang-ghi-")
            .suffix(".pdf")
            .tempfile_in(&tmp_dir)
            .map_err(io_error(WRITE_ACTION, &tmp_dir))?;
        let path = file.path().to_path_buf();
        file.write_all(bytes)
            .and_then(|()| file.as_file().sync_all())
            .map_err(io_error(WRITE_ACTION, &path))?;
        Ok(PendingObject {
            file,
            sha256: sha256.to_owned(),
        })
    }

    /// Gives a flushed file its content address. A file already there is
    /// checked instead, and replaced only if its content lost its hash: the
    /// pending file has that hash, so it is the original.
    pub fn commit(&self, pending: PendingObject) -> Result<Committed, ArchiveError> {
        let dest = self.root.join(Store::object_path(&pending.sha256));
        let dir = dest.parent().expect("object paths have a folder");
        fs::create_dir_all(dir).map_err(io_error(WRITE_ACTION, dir))?;
        let committed = match pending.file.persist_noclobber(&dest) {
            Ok(_) => Committed::Written,
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
                match self.check_object(&pending.sha256) {
                    Ok(_) => return Ok(Committed::AlreadyThere),
                    // A rename over it: readers see the damaged file or the
                    // whole original, never a mix.
                    Err(ArchiveError::Corrupt { .. }) => {
                        e.file
                            .persist(&dest)
                            .map_err(|e| io_error(WRITE_ACTION, &dest)(e.error))?;
                        Committed::Restored
                    }
                    Err(other) => return Err(other),
                }
            }
            Err(e) => return Err(io_error(WRITE_ACTION, &dest)(e.error)),
        };
        // The new name is durable only once its folder is flushed.
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_error(WRITE_ACTION, dir))?;
        Ok(committed)
    }

    /// Reads a stored file.
    pub fn read_object(&self, sha256: &str) -> Result<Vec<u8>, ArchiveError> {
        let path = self.root.join(Store::object_path(sha256));
        fs::read(&path).map_err(io_error("đọc được tệp", &path))
    }

    /// Reads a stored file and checks that its content still has its hash.
    pub fn check_object(&self, sha256: &str) -> Result<Vec<u8>, ArchiveError> {
        let bytes = self.read_object(sha256)?;
        let actual = sha256_hex(&bytes);
        if actual != sha256 {
            return Err(ArchiveError::Corrupt {
                path: self.root.join(Store::object_path(sha256)),
                expected: sha256.to_owned(),
                actual,
            });
        }
        Ok(bytes)
    }

    /// The hashes of all stored files, by their names, and the files under
    /// `objects/` that do not look like stored files.
    pub fn list_objects(&self) -> Result<(Vec<String>, Vec<StrayFile>), ArchiveError> {
        let mut hashes = Vec::new();
        let mut strays = Vec::new();
        let objects = self.root.join("objects");
        for prefix in read_dir_sorted(&objects)? {
            if !prefix.is_dir() {
                strays.push(StrayFile(prefix));
                continue;
            }
            for file in read_dir_sorted(&prefix)? {
                match hash_from_path(&file) {
                    Some(hash) => hashes.push(hash),
                    None => strays.push(StrayFile(file)),
                }
            }
        }
        Ok((hashes, strays))
    }

    /// Files left in `tmp/` by a crashed `add`.
    pub fn temp_files(&self) -> Result<Vec<PathBuf>, ArchiveError> {
        read_dir_sorted(&self.root.join("tmp"))
    }
}

/// `objects/ab/cdef….pdf` → `abcdef…`, when the name is a well-formed address.
fn hash_from_path(path: &Path) -> Option<String> {
    let prefix = path.parent()?.file_name()?.to_str()?;
    let rest = path.file_name()?.to_str()?.strip_suffix(".pdf")?;
    let hash = format!("{prefix}{rest}");
    let well_formed = prefix.len() == 2
        && hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    well_formed.then_some(hash)
}

/// The entries of a folder, sorted; an absent folder has none.
fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>, ArchiveError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error("đọc được thư mục", dir)(e)),
    };
    let mut paths = entries
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(io_error("đọc được thư mục", dir))?;
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_once_and_replaces_only_a_damaged_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(dir.path()).unwrap();
        let sha = sha256_hex(b"%PDF-1.7 a");
        let first = store.write_temp(b"%PDF-1.7 a", &sha).unwrap();
        assert_eq!(store.commit(first).unwrap(), Committed::Written);
        let again = store.write_temp(b"%PDF-1.7 a", &sha).unwrap();
        assert_eq!(store.commit(again).unwrap(), Committed::AlreadyThere);
        assert_eq!(store.check_object(&sha).unwrap(), b"%PDF-1.7 a");
        assert!(store.temp_files().unwrap().is_empty());

        // A stored file that was changed is replaced by its original.
        let path = dir.path().join(Store::object_path(&sha));
        fs::write(&path, b"%PDF-1.7 b").unwrap();
        let third = store.write_temp(b"%PDF-1.7 a", &sha).unwrap();
        assert_eq!(store.commit(third).unwrap(), Committed::Restored);
        assert_eq!(store.check_object(&sha).unwrap(), b"%PDF-1.7 a");
        assert!(store.temp_files().unwrap().is_empty());

        let (hashes, strays) = store.list_objects().unwrap();
        assert_eq!(hashes, vec![sha]);
        assert!(strays.is_empty());
    }

    #[test]
    fn sha256_is_lower_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
