//! The records of the archive: one SQLite file, `index.sqlite`.
//!
//! A record is first inserted as `pending`, before its file is stored, and
//! becomes `stored` (visible to list, show, search, export) in one
//! transaction after the file is safely on disk. A crash in between leaves
//! a pending record that carries everything needed to finish the job: the
//! next `add` completes it if the file made it, or drops it if not.
//!
//! WAL mode lets readers work while one process writes; `busy_timeout` makes
//! concurrent `add` processes wait for each other instead of failing, and
//! every write transaction is `IMMEDIATE` so that two of them never both
//! read and then both try to write (which SQLite cannot resolve by waiting).

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Row, TransactionBehavior, params,
};

use super::error::{ArchiveError, index_error};
use super::record::{Metadata, Origin, search_document};
use super::search_fold::FtsQuery;
use super::signature::{SignatureCheck, Verdict};
use crate::date::Date;

/// The version of the layout below, kept in `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 1;

/// The tables, created in one transaction with the version: an index is
/// complete or empty, never half made.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS records (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    pdf_sha256    TEXT NOT NULL UNIQUE,
    state         TEXT NOT NULL CHECK (state IN ('pending', 'stored')),
    file_name     TEXT NOT NULL,
    file_size     INTEGER NOT NULL,
    page_count    INTEGER NOT NULL,
    document_code TEXT,
    dossier_code  TEXT,
    doc_type      TEXT,
    number        TEXT,
    symbol        TEXT,
    doc_date      TEXT,
    agency        TEXT,
    summary       TEXT,
    language      TEXT,
    signer        TEXT,
    usage_mode    TEXT,
    origin        TEXT NOT NULL,
    data_name     TEXT,
    data_sha256   TEXT,
    full_text     TEXT NOT NULL,
    archived_at   TEXT
);
CREATE TABLE IF NOT EXISTS signatures (
    record_id    INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    signer       TEXT,
    signing_time TEXT,
    verdict      TEXT NOT NULL,
    message      TEXT NOT NULL,
    PRIMARY KEY (record_id, position)
);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(folded);
";

/// One record's row of the search table.
const INSERT_SEARCH: &str = "INSERT INTO search (rowid, folded) VALUES (?1, ?2)";

/// A record as given to `insert_pending`.
pub struct NewRecord {
    pub pdf_sha256: String,
    pub file_name: String,
    pub file_size: u64,
    pub page_count: usize,
    pub meta: Metadata,
    pub origin: Origin,
    /// Name and SHA-256 of the data file, when there is one.
    pub data: Option<(String, String)>,
    pub full_text: String,
    pub signatures: Vec<SignatureCheck>,
}

/// What `insert_pending` found for a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// No record: this call inserted it.
    Nothing,
    /// A pending record: another `add` of the same file at work right now,
    /// or one that crashed.
    Pending,
    /// A stored record.
    Stored,
}

/// A record as read back.
#[derive(Debug)]
pub struct Record {
    pub id: i64,
    pub pdf_sha256: String,
    pub file_name: String,
    pub file_size: u64,
    pub page_count: usize,
    pub meta: Metadata,
    pub origin: Option<Origin>,
    pub data: Option<(String, String)>,
    pub archived_at: Option<String>,
    pub signatures: Vec<SignatureCheck>,
}

pub struct Index {
    conn: Connection,
    path: PathBuf,
}

const RECORD_COLUMNS: &str = "id, pdf_sha256, file_name, file_size, page_count,
    document_code, dossier_code, doc_type, number, symbol, doc_date, agency, summary,
    language, signer, usage_mode, origin, data_name, data_sha256, archived_at";

impl Index {
    /// Opens (creating if needed) the index for writing.
    pub fn open_writable(path: &Path) -> Result<Index, ArchiveError> {
        let conn = Connection::open(path).map_err(index_error("mở được", path))?;
        let index = Index::configure(conn, path)?;
        index
            .conn
            .execute_batch(
                // FULL: a committed record survives a power cut, not only a crash.
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
            )
            .map_err(index_error("mở được", path))?;
        if index.version()? == 0 {
            index
                .conn
                .execute_batch(&format!(
                    "BEGIN IMMEDIATE; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
                ))
                .map_err(index_error("tạo được", path))?;
        }
        index.check_version()
    }

    /// Opens an existing index without writing to it.
    pub fn open_read_only(path: &Path) -> Result<Index, ArchiveError> {
        if !path.exists() {
            return Err(no_archive(path));
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(index_error("mở được", path))?;
        let mut index = Index::configure(conn, path)?;
        let version = match index.version() {
            // On a read-only disk (a backup copy, a CD) SQLite cannot make
            // the shared-memory file a WAL index needs; nobody can write
            // there, so the file is read as unchanging.
            Err(ArchiveError::Index { source, .. })
                if matches!(
                    source.sqlite_error_code(),
                    Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
                ) =>
            {
                let uri = format!("file:{}?immutable=1", uri_path(path));
                let conn = Connection::open_with_flags(
                    uri,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
                )
                .map_err(index_error("mở được", path))?;
                index = Index::configure(conn, path)?;
                index.version()?
            }
            other => other?,
        };
        if version == 0 {
            return Err(no_archive(path));
        }
        index.check_version()
    }

    /// Opens an existing index for writing; unlike `open_writable`,
    /// creates nothing.
    pub fn open_existing(path: &Path) -> Result<Index, ArchiveError> {
        if !path.exists() {
            return Err(no_archive(path));
        }
        Index::open_writable(path)
    }

    fn version(&self) -> Result<i64, ArchiveError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(self.read_error())
    }

    /// Refuses an index laid out by a newer cchc-gen.
    fn check_version(self) -> Result<Index, ArchiveError> {
        match self.version()? {
            SCHEMA_VERSION => Ok(self),
            other => Err(ArchiveError::Usage(format!(
                "chỉ mục {} có cấu trúc phiên bản {other}, phiên bản cchc-gen này chỉ đọc được phiên bản {SCHEMA_VERSION} — hãy dùng cchc-gen mới hơn",
                self.path.display()
            ))),
        }
    }

    fn configure(conn: Connection, path: &Path) -> Result<Index, ArchiveError> {
        conn.busy_timeout(Duration::from_secs(60))
            .map_err(index_error("mở được", path))?;
        Ok(Index {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn write_error(&self) -> impl FnOnce(rusqlite::Error) -> ArchiveError + use<> {
        index_error("ghi được vào", &self.path)
    }

    fn read_error(&self) -> impl FnOnce(rusqlite::Error) -> ArchiveError + use<> {
        index_error("đọc được", &self.path)
    }

    /// Inserts a pending record, or finds the record already there for the
    /// same PDF. Returns its id and what was there.
    pub fn insert_pending(&mut self, rec: &NewRecord) -> Result<(i64, Found), ArchiveError> {
        let err = self.write_error();
        insert_pending(&mut self.conn, rec).map_err(err)
    }

    /// Makes a pending record visible, with its search text, in one
    /// transaction. Doing it twice is harmless.
    pub fn mark_stored(&mut self, id: i64, now: &str) -> Result<(), ArchiveError> {
        // The search text is built from the record as inserted (by whichever
        // process inserted it), not from what this process read.
        let rec = self
            .query_records(
                &format!("SELECT {RECORD_COLUMNS} FROM records WHERE id = ?1"),
                [id],
            )?
            .pop()
            .ok_or(ArchiveError::NoSuchRecord(id))?;
        let folded = search_document(&rec.meta, &self.full_text(id)?);
        let err = self.write_error();
        let run = |conn: &mut Connection| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let changed = tx.execute(
                "UPDATE records SET state = 'stored', archived_at = ?2
                 WHERE id = ?1 AND state = 'pending'",
                params![id, now],
            )?;
            if changed == 1 {
                tx.execute(INSERT_SEARCH, params![id, folded])?;
            }
            tx.commit()
        };
        run(&mut self.conn).map_err(err)
    }

    /// Drops a pending record whose file never made it to the archive.
    pub fn delete_pending(&self, id: i64) -> Result<(), ArchiveError> {
        self.conn
            .execute(
                "DELETE FROM records WHERE id = ?1 AND state = 'pending'",
                [id],
            )
            .map(drop)
            .map_err(self.write_error())
    }

    /// Rebuilds the search table from every stored record with this
    /// version's folding (search_fold.rs), in one transaction: records
    /// indexed by an older cchc-gen are found as new ones are. Returns how
    /// many records it holds.
    pub fn rebuild_search(&mut self) -> Result<usize, ArchiveError> {
        // IMMEDIATE, and the records read inside it: an `add` finishing
        // meanwhile is either read here or writes its own row after.
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(self.write_error())?;
        let filled = self.fill_search();
        let end = if filled.is_ok() { "COMMIT" } else { "ROLLBACK" };
        self.conn.execute_batch(end).map_err(self.write_error())?;
        filled
    }

    fn fill_search(&self) -> Result<usize, ArchiveError> {
        let write = |e| self.write_error()(e);
        self.conn.execute("DELETE FROM search", []).map_err(write)?;
        let records = self.records(false)?;
        for rec in &records {
            let folded = search_document(&rec.meta, &self.full_text(rec.id)?);
            self.conn
                .execute(INSERT_SEARCH, params![rec.id, folded])
                .map_err(write)?;
        }
        Ok(records.len())
    }

    /// The report text kept with a record.
    fn full_text(&self, id: i64) -> Result<String, ArchiveError> {
        self.conn
            .query_row("SELECT full_text FROM records WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .map_err(self.read_error())
    }

    /// Stored records, oldest first; with `pending`, the unfinished ones
    /// instead.
    pub fn records(&self, pending: bool) -> Result<Vec<Record>, ArchiveError> {
        let state = if pending { "pending" } else { "stored" };
        self.query_records(
            &format!("SELECT {RECORD_COLUMNS} FROM records WHERE state = ?1 ORDER BY id"),
            [state],
        )
    }

    /// Other stored records with the same number, symbol, date and agency
    /// as record `id`: another copy of the same document (unsigned, then
    /// signed; a scan), or a number given twice. "07" (a scan's `--so 07`)
    /// is the same number as the data's 7.
    pub fn same_document(&self, id: i64) -> Result<Vec<i64>, ArchiveError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT o.id FROM records o JOIN records n ON n.id = ?1
                 WHERE o.id != n.id AND o.state = 'stored'
                   AND ltrim(o.number, '0') = ltrim(n.number, '0')
                   AND o.symbol = n.symbol AND o.doc_date = n.doc_date AND o.agency = n.agency
                 ORDER BY o.id",
            )
            .map_err(self.read_error())?;
        stmt.query_map([id], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(self.read_error())
    }

    /// One stored record.
    pub fn record(&self, id: i64) -> Result<Record, ArchiveError> {
        self.query_records(
            &format!("SELECT {RECORD_COLUMNS} FROM records WHERE id = ?1 AND state = 'stored'"),
            [id],
        )?
        .pop()
        .ok_or(ArchiveError::NoSuchRecord(id))
    }

    /// Stored records holding every word of a query (see search_fold.rs):
    /// those with the words side by side first, then by FTS5's rank.
    pub fn search(&self, query: &FtsQuery) -> Result<Vec<Record>, ArchiveError> {
        let columns = RECORD_COLUMNS.replace("id,", "records.id,");
        self.query_records(
            &format!(
                "SELECT {columns} FROM search JOIN records ON records.id = search.rowid
                 WHERE search MATCH ?1 AND records.state = 'stored'
                 ORDER BY records.id IN (SELECT rowid FROM search WHERE search MATCH ?2) DESC,
                          search.rank"
            ),
            [&query.every_word, &query.phrase],
        )
    }

    fn query_records(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Record>, ArchiveError> {
        let mut stmt = self.conn.prepare(sql).map_err(self.read_error())?;
        let mut records = stmt
            .query_map(params, record_from_row)
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(self.read_error())?;
        let mut sigs = self
            .conn
            .prepare(
                "SELECT signer, signing_time, verdict, message FROM signatures
                 WHERE record_id = ?1 ORDER BY position",
            )
            .map_err(self.read_error())?;
        for rec in &mut records {
            rec.signatures = sigs
                .query_map([rec.id], |r| {
                    let code: String = r.get(2)?;
                    Ok(SignatureCheck {
                        signer: r.get(0)?,
                        signing_time: r.get(1)?,
                        verdict: Verdict::from_code(&code),
                        message: r.get(3)?,
                    })
                })
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(self.read_error())?;
        }
        Ok(records)
    }
}

fn insert_pending(conn: &mut Connection, rec: &NewRecord) -> rusqlite::Result<(i64, Found)> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // The transaction is IMMEDIATE: no other process writes between this
    // look-up and the insert. Looking first (rather than INSERT OR IGNORE)
    // does not use up a record number on a file already there; a pending
    // record dropped after a crash does (AUTOINCREMENT never reuses one).
    let existing: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, state FROM records WHERE pdf_sha256 = ?1",
            [&rec.pdf_sha256],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, state)) = existing {
        let found = if state == "stored" {
            Found::Stored
        } else {
            Found::Pending
        };
        return Ok((id, found));
    }
    let m = &rec.meta;
    tx.execute(
        "INSERT INTO records (pdf_sha256, state, file_name, file_size, page_count,
            document_code, dossier_code, doc_type, number, symbol, doc_date, agency,
            summary, language, signer, usage_mode, origin, data_name, data_sha256, full_text)
         VALUES (?1, 'pending', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
            ?15, ?16, ?17, ?18, ?19)",
        params![
            rec.pdf_sha256,
            rec.file_name,
            rec.file_size as i64,
            rec.page_count as i64,
            m.document_code,
            m.dossier_code,
            m.doc_type,
            m.number,
            m.symbol,
            m.date.map(|d| d.to_string()),
            m.agency,
            m.summary,
            m.language,
            m.signer,
            m.usage_mode,
            rec.origin.code(),
            rec.data.as_ref().map(|d| &d.0),
            rec.data.as_ref().map(|d| &d.1),
            rec.full_text,
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (i, sig) in rec.signatures.iter().enumerate() {
        tx.execute(
            "INSERT INTO signatures (record_id, position, signer, signing_time, verdict, message)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                i as i64 + 1,
                sig.signer,
                sig.signing_time,
                sig.verdict.code(),
                sig.message
            ],
        )?;
    }
    tx.commit()?;
    Ok((id, Found::Nothing))
}

fn record_from_row(r: &Row) -> rusqlite::Result<Record> {
    let date: Option<String> = r.get(10)?;
    let origin: String = r.get(16)?;
    let data_name: Option<String> = r.get(17)?;
    let data_sha: Option<String> = r.get(18)?;
    Ok(Record {
        id: r.get(0)?,
        pdf_sha256: r.get(1)?,
        file_name: r.get(2)?,
        file_size: r.get::<_, i64>(3)? as u64,
        page_count: r.get::<_, i64>(4)? as usize,
        meta: Metadata {
            document_code: r.get(5)?,
            dossier_code: r.get(6)?,
            doc_type: r.get(7)?,
            number: r.get(8)?,
            symbol: r.get(9)?,
            date: date.and_then(|d| Date::parse(&d).ok()),
            agency: r.get(11)?,
            summary: r.get(12)?,
            language: r.get(13)?,
            signer: r.get(14)?,
            usage_mode: r.get(15)?,
        },
        origin: Origin::from_code(&origin),
        data: data_name.zip(data_sha),
        archived_at: r.get(19)?,
        signatures: Vec::new(),
    })
}

fn no_archive(path: &Path) -> ArchiveError {
    ArchiveError::Usage(format!(
        "chưa có kho lưu trữ: {} chưa có hoặc chưa có dữ liệu — hãy thêm văn bản bằng `cchc-gen archive add`, hoặc chỉ đúng kho bằng --archive",
        path.display()
    ))
}

/// A path as the path of a SQLite `file:` URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    path.to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23")
}
