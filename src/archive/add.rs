//! `archive add`: store a signed PDF and its record, safely.
//!
//! Order of work, so that a crash anywhere leaves a consistent archive:
//! 1. (repair) if no other `add` is running, finish or drop what a crashed
//!    one left: temporary files, pending records;
//! 2. insert the record as pending (invisible);
//! 3. write the file to `tmp/`, flush, rename it to its content address;
//! 4. mark the record stored, with its search text, in one transaction.

use std::fs::{self, File, TryLockError};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::error::{ArchiveError, io_error, read_named};
use super::index::{Found, Index, NewRecord, Record};
use super::pdf_meta::{self, Attachment};
use super::record::{self, Metadata, Origin, ReadFrom};
use super::signature;
use super::store::{Committed, Store, sha256_hex};
use super::view::{describe, say_signatures};
use super::{ArchiveOptions, now, trust_store};

/// Page text indexed for one PDF without data: a report page holds about
/// 3 KB of text, so this is the first ~300 pages.
const MAX_PAGE_TEXT: usize = 1 << 20;

/// Environment variable that makes `add` stop dead at a named point, as a
/// crash would: `after-pending`, `after-temp` or `after-store`. For tests.
const FAIL_AT: &str = "CCHC_ARCHIVE_FAIL_AT";

fn fail_point(name: &str) {
    if std::env::var(FAIL_AT).is_ok_and(|v| v == name) {
        eprintln!("{FAIL_AT}={name}: dừng đột ngột để thử khả năng chịu lỗi");
        std::process::abort();
    }
}

pub fn add(
    opts: &ArchiveOptions,
    file: &Path,
    source: Option<&Path>,
    flags: &Metadata,
    out: &mut dyn Write,
) -> Result<ExitCode, ArchiveError> {
    let bytes = fs::read(file).map_err(read_named(file))?;
    // Read now: a wrong `--source` is a wrong call even when the PDF
    // carries its own data.
    let source = source
        .map(|path| fs::read(path).map(|b| (path, b)).map_err(read_named(path)))
        .transpose()?;
    let pdf = pdf_meta::parse(&bytes, file)?;
    let trust = trust_store(opts)?;
    let signatures = signature::check_pdf(&pdf.doc, &bytes, trust.as_ref());
    // A copy altered after signing is not the signed document.
    if signatures.iter().any(|s| s.verdict.is_problem()) {
        say_signatures(out, &signatures)?;
        return Err(ArchiveError::SignatureProblem(file.to_path_buf()));
    }
    let mut described = describe_from_data(pdf_meta::source_attachment(&pdf.doc), source, out)?;
    if described.read.is_none() {
        described.full_text = pdf_meta::page_text(&pdf.doc, MAX_PAGE_TEXT);
        let info = pdf_meta::info_metadata(&pdf.doc);
        if info != Metadata::default() {
            described.meta = info;
            described.read = Some(ReadFrom::PdfInfo);
        }
    }
    let given = flags.flag_names();
    let origin = Origin {
        read: described.read,
        flags: (!given.is_empty()).then_some(given),
    };
    let mut meta = described.meta.overridden_by(flags.clone());
    meta.language.get_or_insert_with(|| "Tiếng Việt".into());

    let sha = sha256_hex(&bytes);
    let rec = NewRecord {
        pdf_sha256: sha.clone(),
        file_name: file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        file_size: bytes.len() as u64,
        page_count: pdf.page_count,
        meta,
        origin,
        data: described.data,
        full_text: described.full_text,
        signatures,
    };

    let store = Store::create(&opts.archive)?;
    let lock = store.lock_file()?;
    repair(&store, &lock, out)?;
    let lock_path = store.root().join("lock");
    lock.lock_shared()
        .map_err(io_error("khóa được kho lưu trữ", &lock_path))?;

    let mut index = Index::open_writable(&store.index_path())?;
    let (id, found) = index.insert_pending(&rec)?;
    let object = Store::object_path(&sha);
    if found == Found::Stored {
        match store.check_object(&sha) {
            Ok(_) => {
                say_already(out, &index.record(id)?, &object, flags)?;
                return Ok(ExitCode::SUCCESS);
            }
            // Missing, or changed: this file has the recorded hash, so it
            // is the original, and stored below as any file is.
            Err(ArchiveError::Corrupt { .. }) => {}
            Err(ArchiveError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    // A pending record is stored here too: another `add` of the same file
    // may be at work (both storing is harmless), or may have crashed.
    fail_point("after-pending");
    let stored = store
        .write_temp(&bytes, &sha)
        .and_then(|pending| {
            fail_point("after-temp");
            store.commit(pending)
        })
        .and_then(|committed| {
            fail_point("after-store");
            index.mark_stored(id, &now()).map(|()| committed)
        });
    let committed = match stored {
        Ok(committed) => committed,
        Err(e) => {
            // A full disk, say: drop the pending record now if no other
            // `add` is at work, so that nothing is left for `verify` to find.
            // Best effort: the error being reported matters more than this.
            drop(index);
            if lock.unlock().is_ok() {
                let _ = repair(&store, &lock, &mut std::io::sink());
            }
            return Err(e);
        }
    };

    if found != Found::Nothing {
        let record = index.record(id)?;
        match (found, &committed) {
            (_, Committed::Restored) => say!(
                out,
                "Đã khôi phục tệp bị hỏng của hồ sơ số {id} từ bản gốc (đúng mã băm đã ghi): {object}"
            )?,
            // The record is the other `add`'s, which says it stored it.
            (Found::Pending, _) => {
                say_already(out, &record, &object, flags)?;
                return Ok(ExitCode::SUCCESS);
            }
            _ => say!(out, "Đã khôi phục tệp bị mất của hồ sơ số {id}: {object}")?,
        }
        warn_not_applied(out, &record, flags)?;
        return Ok(ExitCode::SUCCESS);
    }
    let record = index.record(id)?;
    say!(
        out,
        "Đã lưu vào kho: hồ sơ số {id} — {}",
        describe(&record.meta)
    )?;
    let note = match committed {
        Committed::Written => "",
        Committed::AlreadyThere => " (tệp đã có sẵn trong kho, đã kiểm tra mã băm)",
        Committed::Restored => " (thay cho tệp hỏng không có trong chỉ mục ở chỗ đó)",
    };
    say!(out, "Tệp: {object}{note}")?;
    say!(out, "Thông tin lấy từ: {}", rec.origin.describe())?;
    if matches!(rec.origin.read, None | Some(ReadFrom::PdfInfo)) {
        warn_unidentified(out, &record)?;
    }
    say_signatures(out, &rec.signatures)?;
    let same = index.same_document(id)?;
    if !same.is_empty() {
        let ids = same
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        say!(
            out,
            "Lưu ý: kho đã có văn bản cùng số, ký hiệu, ngày và cơ quan ban hành: hồ sơ số {ids} \
             (bản khác của cùng văn bản, ví dụ bản chưa ký; hoặc trùng số). Xem: cchc-gen archive show {}",
            same[0]
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What a second `add` of a stored file says.
fn say_already(
    out: &mut dyn Write,
    record: &Record,
    object: &str,
    flags: &Metadata,
) -> Result<(), ArchiveError> {
    say!(
        out,
        "Văn bản này đã có trong kho: hồ sơ số {} ({object}); không lưu thêm.",
        record.id
    )?;
    warn_not_applied(out, record, flags)
}

/// Names the flags that differ from a stored record: a record is kept as
/// it was stored, never edited.
fn warn_not_applied(
    out: &mut dyn Write,
    record: &Record,
    flags: &Metadata,
) -> Result<(), ArchiveError> {
    let changed = record.meta.changed_by(flags);
    if changed.is_empty() {
        return Ok(());
    }
    let id = record.id;
    say!(
        out,
        "Cảnh báo: không áp dụng {}: hồ sơ số {id} đã lưu với thông tin khác, và hồ sơ đã lưu được giữ nguyên như lúc lưu, không sửa. Xem thông tin đã lưu: cchc-gen archive show {id}",
        changed.join(", ")
    )
}

/// The flags of the fields that tell one document from another (those
/// `same_document` compares).
const IDENTIFYING: [&str; 4] = ["--so", "--ky-hieu", "--ngay", "--co-quan"];

/// Warns about a record, described without data, that lacks some of the
/// fields that identify a document, naming the flags that give them.
fn warn_unidentified(out: &mut dyn Write, record: &Record) -> Result<(), ArchiveError> {
    let missing: Vec<_> = record
        .meta
        .fields()
        .into_iter()
        .filter(|(flag, _, value)| IDENTIFYING.contains(flag) && value.is_none())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = missing.iter().map(|m| m.1).collect();
    let flags: Vec<&str> = missing.iter().map(|m| m.0).collect();
    say!(
        out,
        "Cảnh báo: hồ sơ số {} chưa có {}: PDF không có dữ liệu đọc được, thông tin tài liệu trong PDF cũng không ghi; hồ sơ như vậy khó tìm lại và không đối chiếu được với bản khác của cùng văn bản. Hồ sơ đã lưu không sửa được: khi thêm văn bản không có dữ liệu (bản quét, PDF từ phần mềm khác), hãy ghi các thông tin này bằng {} (hoặc chỉ tệp dữ liệu bằng --source).",
        record.id,
        names.join(", "),
        flags.join(", ")
    )
}

/// The description read from data, before the flags are applied.
struct Described {
    meta: Metadata,
    full_text: String,
    /// `None` when no data was read.
    read: Option<ReadFrom>,
    /// Name and SHA-256 of the data file.
    data: Option<(String, String)>,
}

impl Described {
    /// Nothing read from data.
    fn unread(data: Option<(String, String)>) -> Described {
        Described {
            meta: Metadata::default(),
            full_text: String::new(),
            read: None,
            data,
        }
    }
}

/// Reads the attached YAML, else `--source` (its path and bytes), else
/// nothing. Attached data that does not read only warns: the signed copy
/// must still be archivable.
fn describe_from_data(
    attached: Option<Attachment>,
    source: Option<(&Path, Vec<u8>)>,
    out: &mut dyn Write,
) -> Result<Described, ArchiveError> {
    let source_path = source.as_ref().map(|(path, _)| *path);
    let (name, bytes, origin) = match (attached, source) {
        (Some(att), _) => (att.name, att.bytes, ReadFrom::Attached),
        (None, Some((path, bytes))) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, bytes, ReadFrom::SourceFile)
        }
        (None, None) => return Ok(Described::unread(None)),
    };
    let data = Some((name.clone(), sha256_hex(&bytes)));
    let read = String::from_utf8(bytes)
        .map_err(|_| "không phải văn bản UTF-8".to_owned())
        .and_then(|text| record::read_data(&text));
    match read {
        Ok(read) => {
            if let Some(reason) = &read.lenient {
                say!(
                    out,
                    "Cảnh báo: dữ liệu {name} không khớp hoàn toàn với phiên bản cchc-gen này ({reason}); đã đọc các thông tin chính theo tên khóa."
                )?;
            }
            Ok(Described {
                meta: read.meta,
                full_text: read.full_text,
                read: Some(origin),
                data,
            })
        }
        Err(reason) if origin == ReadFrom::Attached => {
            say!(
                out,
                "Cảnh báo: dữ liệu đính kèm {name} không đọc được ({reason}); thông tin văn bản lấy như với PDF không có dữ liệu."
            )?;
            Ok(Described::unread(data))
        }
        Err(reason) => Err(ArchiveError::BadData {
            path: source_path.unwrap_or(Path::new(&name)).to_path_buf(),
            reason,
        }),
    }
}

/// Finishes or drops what crashed `add`s left, when no other `add` is at
/// work (their shared locks would keep this exclusive one out).
fn repair(store: &Store, lock: &File, out: &mut dyn Write) -> Result<(), ArchiveError> {
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Ok(()),
        Err(TryLockError::Error(e)) => {
            return Err(io_error(
                "khóa được kho lưu trữ",
                &store.root().join("lock"),
            )(e));
        }
    }
    for temp in store.temp_files()? {
        fs::remove_file(&temp).map_err(io_error("xóa được tệp tạm", &temp))?;
        say!(
            out,
            "Đã dọn tệp tạm của một lần thêm bị ngắt: {}",
            temp.display()
        )?;
    }
    let mut index = Index::open_writable(&store.index_path())?;
    for rec in index.records(true)? {
        match store.check_object(&rec.pdf_sha256) {
            Ok(_) => {
                index.mark_stored(rec.id, &now())?;
                say!(
                    out,
                    "Đã hoàn tất hồ sơ số {} (lần thêm trước bị ngắt sau khi đã lưu tệp).",
                    rec.id
                )?;
            }
            Err(ArchiveError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                index.delete_pending(rec.id)?;
                say!(
                    out,
                    "Đã bỏ bản ghi dở dang số {} (lần thêm trước bị ngắt trước khi lưu tệp).",
                    rec.id
                )?;
            }
            // A changed file is left for `verify` to report.
            Err(_) => {}
        }
    }
    lock.unlock().map_err(io_error(
        "mở khóa được kho lưu trữ",
        &store.root().join("lock"),
    ))
}
