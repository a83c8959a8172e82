//! Checking the digital signatures of a PDF.
//!
//! For each signature dictionary (one with a `/ByteRange`):
//! 1. the byte range must be `[0 a b c]` with the gap `a..b` holding exactly
//!    the `<hex>` of `/Contents`, and should end at the end of the file
//!    (otherwise something was appended after signing);
//! 2. the CMS SignedData in the gap must be detached, its message digest
//!    must equal the digest of the two ranges, and its signature must verify
//!    with the signer's certificate (RSA PKCS #1 v1.5 or ECDSA P-256);
//! 3. the signer's certificate must lead, through the certificates in the
//!    CMS, to one in the trusted folder (`--trust`). Vietnamese CAs (Ban Cơ
//!    yếu, VNPT-CA, Viettel-CA …) are in no system store, so without that
//!    folder the answer is only "intact";
//! 4. no certificate of that path may have been revoked before signing,
//!    by the revocation data the file carries (`revocation.rs`).
//!
//! A document timestamp (PAdES-LTA, `/SubFilter /ETSI.RFC3161`) is checked
//! the same way, except that its CMS holds the time-stamping authority's
//! TSTInfo, which holds the digest of the two ranges and the time.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use const_oid::ObjectIdentifier;
use const_oid::db::{rfc3161, rfc5280, rfc5911, rfc5912};
use der::{Decode, Encode, EncodingRules, Reader, SliceReader};
use lopdf::{Dictionary, Document, Object};
use sha2::{Digest, Sha256, Sha384, Sha512};
use signature::hazmat::PrehashVerifier;
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectKeyIdentifier};
use x509_cert::time::Time;

use super::error::{ArchiveError, io_error};
use super::one_line;
use super::revocation::{RevocationData, Status};

/// The outcome of checking one signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Intact, and the signer's certificate leads to a trusted CA.
    Trusted,
    /// Intact; no folder of trusted certificates was given.
    Intact,
    /// Intact, but the signer's certificate leads to no trusted CA.
    UnknownCa,
    /// Intact and from a trusted CA, but the signer's certificate was not
    /// in force when the signature was made.
    CertNotInForce,
    /// Intact and from a trusted CA, but revocation data the file carries
    /// says a certificate of the path was revoked before signing.
    Revoked,
    /// The signed part is intact, but bytes were appended after signing.
    Extended,
    /// Altered, or not a valid signature.
    Invalid,
    /// Made with something this checker does not know (RSA-PSS, SHA-1 …).
    Unsupported,
}

impl Verdict {
    /// The word kept in the index.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Trusted => "tin-cay",
            Verdict::Intact => "nguyen-ven",
            Verdict::UnknownCa => "ca-khong-tin-cay",
            Verdict::CertNotInForce => "chung-thu-het-hieu-luc",
            Verdict::Revoked => "chung-thu-bi-thu-hoi",
            Verdict::Extended => "them-sau-khi-ky",
            Verdict::Invalid => "khong-hop-le",
            Verdict::Unsupported => "khong-ho-tro",
        }
    }

    /// Every verdict, for reading stored codes back.
    pub const ALL: [Verdict; 8] = [
        Verdict::Trusted,
        Verdict::Intact,
        Verdict::UnknownCa,
        Verdict::CertNotInForce,
        Verdict::Revoked,
        Verdict::Extended,
        Verdict::Invalid,
        Verdict::Unsupported,
    ];

    pub fn from_code(code: &str) -> Verdict {
        Verdict::ALL
            .into_iter()
            .find(|v| v.code() == code)
            .unwrap_or(Verdict::Unsupported)
    }

    /// A few words for tables.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Trusted => "hợp lệ, CA tin cậy",
            Verdict::Intact => "nguyên vẹn",
            Verdict::UnknownCa => "nguyên vẹn, CA lạ",
            Verdict::CertNotInForce => "nguyên vẹn, chứng thư hết hiệu lực",
            Verdict::Revoked => "nguyên vẹn, chứng thư bị thu hồi",
            Verdict::Extended => "bị thêm sau khi ký",
            Verdict::Invalid => "KHÔNG HỢP LỆ",
            Verdict::Unsupported => "không kiểm tra được",
        }
    }

    /// Whether `verify` must fail because of it. An unknown CA, a missing
    /// trust folder, an expired or a revoked certificate says nothing about
    /// the file being altered.
    pub fn is_problem(self) -> bool {
        matches!(self, Verdict::Extended | Verdict::Invalid)
    }
}

/// One signature, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureCheck {
    /// The signer's name (common name of the certificate).
    pub signer: Option<String>,
    /// When it was signed, with where that time comes from.
    pub signing_time: Option<String>,
    pub verdict: Verdict,
    /// The verdict for people, in Vietnamese.
    pub message: String,
}

/// Certificates of the CAs the office trusts.
pub struct TrustStore {
    certs: Vec<Certificate>,
}

impl TrustStore {
    /// Reads every `.pem`, `.crt`, `.cer` and `.der` file of a folder.
    pub fn load(dir: &Path) -> Result<TrustStore, ArchiveError> {
        let action = "đọc được thư mục chứng thư tin cậy";
        let mut certs = Vec::new();
        let entries = fs::read_dir(dir).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ArchiveError::Usage(format!(
                "không có thư mục chứng thư tin cậy {} — hãy kiểm tra lại --trust hoặc CCHC_TRUST",
                dir.display()
            )),
            std::io::ErrorKind::NotADirectory => ArchiveError::Usage(format!(
                "{} là một tệp, không phải thư mục — --trust (hoặc CCHC_TRUST) nhận thư mục chứa các tệp chứng thư .pem, .crt, .cer",
                dir.display()
            )),
            _ => io_error(action, dir)(e),
        })?;
        for entry in entries {
            let path = entry.map_err(io_error(action, dir))?.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !["pem", "crt", "cer", "der"].contains(&ext.to_ascii_lowercase().as_str()) {
                continue;
            }
            let bytes = fs::read(&path).map_err(io_error("đọc được tệp", &path))?;
            let parsed = if bytes.starts_with(b"-----BEGIN") {
                Certificate::load_pem_chain(&bytes)
            } else {
                Certificate::from_der(&bytes).map(|c| vec![c])
            };
            certs.extend(parsed.map_err(|e| {
                ArchiveError::Usage(format!(
                    "tệp {} trong thư mục tin cậy không phải chứng thư số X.509 ({e}) — hãy xóa tệp đó hoặc thay bằng chứng thư của CA dạng PEM/DER",
                    path.display()
                ))
            })?);
        }
        Ok(TrustStore { certs })
    }
}

/// Checks every signature of a PDF. `bytes` is the whole file.
pub fn check_pdf(doc: &Document, bytes: &[u8], trust: Option<&TrustStore>) -> Vec<SignatureCheck> {
    // A later update can replace or drop a signature dictionary, so the
    // earlier revisions are read too: each ends at a `%%EOF`.
    let len = bytes.len() as i64;
    let earlier: Vec<(i64, Document)> = revision_ends(bytes)
        .filter(|&end| end < bytes.len())
        .filter_map(|end| Some((end as i64, Document::load_mem(&bytes[..end]).ok()?)))
        .collect();
    let mut found: Vec<(Vec<i64>, &Dictionary)> = std::iter::once(doc)
        .chain(earlier.iter().map(|(_, d)| d))
        .flat_map(|d| d.objects.values())
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| Some((byte_range(d)?, d)))
        .collect();
    // In file order: the signature applied last covers the most bytes. For
    // one range the newest revision's dictionary comes first and is kept.
    found.sort_by_key(|(range, _)| range.clone());
    found.dedup_by_key(|(range, _)| range.clone());
    // Revocation data matters only for a path to a trusted CA.
    let dss = match trust {
        Some(_) => {
            RevocationData::in_dss(std::iter::once(doc).chain(earlier.iter().map(|(_, d)| d)))
        }
        None => RevocationData::default(),
    };
    let mut checks: Vec<(i64, bool, SignatureCheck)> = found
        .iter()
        .map(|(range, dict)| {
            let end = range[2].saturating_add(range[3]);
            (
                end,
                is_timestamp(dict),
                check_one(dict, range, bytes, trust, &dss),
            )
        })
        .collect();
    // The revisions after which only validation data follows (see below),
    // looked for once, and only when something was appended after a signature.
    let appended_after_a_signature = checks.iter().any(|(end, _, c)| {
        *end < len && !matches!(c.verdict, Verdict::Invalid | Verdict::Unsupported)
    });
    let quiet_ends: Vec<i64> =
        if appended_after_a_signature && revision_ends(bytes).any(|e| e == bytes.len()) {
            let validation_data: BTreeSet<_> = std::iter::once(doc)
                .chain(earlier.iter().map(|(_, d)| d))
                .filter_map(|d| {
                    let catalog = d.catalog().ok()?;
                    Some(reachable(d, catalog.get(b"DSS").ok()?))
                })
                .flatten()
                .collect();
            earlier
                .iter()
                .filter(|(_, before)| adds_only_validation_data(before, doc, &validation_data))
                .map(|(end, _)| *end)
                .collect()
        } else {
            Vec::new()
        };
    let only_validation_data_after = |end: i64| {
        // The line end after a signed revision's `%%EOF` may be unsigned.
        end == len
            || quiet_ends.iter().any(|&e| {
                e >= end
                    && bytes[end as usize..e as usize]
                        .iter()
                        .all(u8::is_ascii_whitespace)
            })
    };
    // What was appended after a signature is vouched for only by a good
    // signature over it, not by any dictionary that reaches further: from a
    // trusted CA, or intact when no trusted folder was given. Validation
    // data and timestamps added after that (PAdES LTV, LTA) change nothing
    // a reader sees. A timestamp vouches for nothing: it says when, not who.
    let good_ends: Vec<i64> = checks
        .iter()
        .filter(|(_, stamp, c)| !stamp && matches!(c.verdict, Verdict::Trusted | Verdict::Intact))
        .map(|(end, _, _)| *end)
        .collect();
    for (end, _, check) in &mut checks {
        let appended = len.saturating_sub(*end);
        if appended == 0 || matches!(check.verdict, Verdict::Invalid | Verdict::Unsupported) {
            continue;
        }
        if only_validation_data_after(*end) {
            check.message.push_str(
                "; sau chữ ký chỉ thêm dữ liệu để kiểm tra chữ ký lâu dài (chứng thư, OCSP, CRL, dấu thời gian)",
            );
        } else if good_ends
            .iter()
            .any(|&later| later > *end && only_validation_data_after(later))
        {
            check
                .message
                .push_str("; phần thêm sau chữ ký này đã được chữ ký sau bao trùm");
        } else {
            check.verdict = Verdict::Extended;
            check.message = format!(
                "phần đã ký còn nguyên vẹn, nhưng có {appended} byte được thêm vào tệp sau khi ký (không có chữ ký hợp lệ nào sau đó bao trùm) — nội dung có thể đã bị sửa sau khi ký"
            );
        }
    }
    checks.into_iter().map(|(_, _, c)| c).collect()
}

/// Whether the revisions that turn `before` into `after` add nothing a
/// reader sees: validation data for the signatures (PAdES LTV: a `/DSS` of
/// certificates, OCSP responses and CRLs) and document timestamps in
/// invisible fields (PAdES-LTA). The catalog may change its `/DSS`,
/// `/Extensions` and form only. An object added must be a timestamp or its
/// field, or part of the `/DSS` of some revision (`validation_data`: a later
/// round may replace it) and of nothing a reader shows; an object changed
/// must be part of the old `/DSS` and of nothing a reader shows, or a page,
/// form or list whose only change is a timestamp field appended. Xref and
/// object streams may come and go.
fn adds_only_validation_data(
    before: &Document,
    after: &Document,
    validation_data: &BTreeSet<lopdf::ObjectId>,
) -> bool {
    let root = |d: &Document| d.trailer.get(b"Root").and_then(Object::as_reference).ok();
    let Some(id) = root(before).filter(|&id| root(after) == Some(id)) else {
        return false;
    };
    let (Ok(old), Ok(new)) = (before.get_dictionary(id), after.get_dictionary(id)) else {
        return false;
    };
    // PAdES declares its extension (ESIC) in the catalog with the /DSS.
    let catalog_rest = |d: &Dictionary| {
        let mut d = d.clone();
        for key in [&b"DSS"[..], b"Extensions", b"AcroForm"] {
            d.remove(key);
        }
        d
    };
    if catalog_rest(old) != catalog_rest(new) {
        return false;
    }
    let stamps = timestamp_parts(before, after);
    // The pages and the form may list new timestamp fields, and nothing else.
    let mut lists = BTreeSet::new();
    let old_form = old.get(b"AcroForm").ok();
    let new_form = new.get(b"AcroForm").ok();
    let form_id = new_form.and_then(|f| f.as_reference().ok());
    let old_inline = old_form.and_then(|f| f.as_dict().ok());
    let form_grew = match (new_form, form_id) {
        _ if old_form == new_form => true,
        (Some(Object::Dictionary(n)), _) => {
            grew_by_stamps(before, after, old_inline, n, b"Fields", &stamps, &mut lists)
        }
        // A form that moved to a new object; a changed one is checked below.
        (_, Some(f)) => {
            !before.objects.contains_key(&f)
                && after.get_dictionary(f).is_ok_and(|n| {
                    grew_by_stamps(before, after, old_inline, n, b"Fields", &stamps, &mut lists)
                })
        }
        _ => false,
    };
    let pages: BTreeSet<_> = after.get_pages().into_values().collect();
    let containers_grew = pages
        .iter()
        .map(|&p| (p, &b"Annots"[..]))
        .chain(form_id.map(|f| (f, &b"Fields"[..])))
        .filter(|(key, _)| before.objects.contains_key(key))
        .all(
            |(key, list)| match (before.get_dictionary(key), after.get_dictionary(key)) {
                (Ok(o), Ok(n)) => {
                    o == n || grew_by_stamps(before, after, Some(o), n, list, &stamps, &mut lists)
                }
                _ => false,
            },
        );
    if !form_grew || !containers_grew {
        return false;
    }
    let old_data = old
        .get(b"DSS")
        .map(|d| reachable(before, d))
        .unwrap_or_default();
    // What a reader shows or names: the catalog but its validation data
    // and form (checked above), and the document information.
    let shown = |doc: &Document, catalog: &Dictionary| {
        let mut seen = reachable(doc, &Object::Dictionary(catalog_rest(catalog)));
        if let Ok(info) = doc.trailer.get(b"Info") {
            seen.extend(reachable(doc, info));
        }
        seen
    };
    let (shown_before, shown_after) = (shown(before, old), shown(after, new));
    let plumbing = |o: &Object| {
        o.as_stream()
            .ok()
            .and_then(|s| s.dict.get(b"Type").and_then(Object::as_name).ok())
            .is_some_and(|t| t == b"XRef" || t == b"ObjStm")
    };
    let mut changed = after
        .objects
        .iter()
        .filter(|(key, o)| before.objects.get(key) != Some(o))
        .peekable();
    changed.peek().is_some()
        && changed.all(|(key, o)| {
            *key == id
                || plumbing(o)
                || stamps.contains(key)
                || lists.contains(key)
                || form_id == Some(*key)
                || if before.objects.contains_key(key) {
                    pages.contains(key) || old_data.contains(key) && !shown_before.contains(key)
                } else {
                    validation_data.contains(key) && !shown_after.contains(key)
                }
        })
        && before
            .objects
            .iter()
            .all(|(key, o)| after.objects.contains_key(key) || plumbing(o))
}

/// Whether a signature dictionary is a document timestamp.
fn is_timestamp(dict: &Dictionary) -> bool {
    let name = |key: &[u8]| dict.get(key).and_then(Object::as_name).ok();
    name(b"SubFilter") == Some(TIMESTAMP_SUB_FILTER.as_bytes())
        || name(b"Type") == Some(b"DocTimeStamp")
}

/// The objects new in `after` that make document timestamps: the timestamp
/// dictionaries, the invisible signature fields and widgets that hold them,
/// and the new objects of their (empty) appearances.
fn timestamp_parts(before: &Document, after: &Document) -> BTreeSet<lopdf::ObjectId> {
    let new_dicts = || {
        after
            .objects
            .iter()
            .filter(|(key, _)| !before.objects.contains_key(key))
            .filter_map(|(key, o)| Some((*key, o.as_dict().ok()?)))
    };
    let refers = |d: &Dictionary, key: &[u8], set: &BTreeSet<lopdf::ObjectId>| {
        d.get(key)
            .and_then(Object::as_reference)
            .is_ok_and(|r| set.contains(&r))
    };
    let stamps: BTreeSet<_> = new_dicts()
        .filter(|(_, d)| is_timestamp(d) && byte_range(d).is_some())
        .map(|(key, _)| key)
        .collect();
    let fields: BTreeSet<_> = new_dicts()
        .filter(|(_, d)| {
            d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig")
                && refers(d, b"V", &stamps)
                && not_shown(d)
        })
        .map(|(key, _)| key)
        .collect();
    let widgets: BTreeSet<_> = new_dicts()
        .filter(|(_, d)| refers(d, b"Parent", &fields) && not_shown(d))
        .map(|(key, _)| key)
        .collect();
    let appearances: Vec<_> = fields
        .iter()
        .chain(&widgets)
        .filter_map(|&w| after.get_dictionary(w).ok()?.get(b"AP").ok())
        .flat_map(|ap| reachable(after, ap))
        .filter(|key| !before.objects.contains_key(key))
        .collect();
    stamps
        .into_iter()
        .chain(fields)
        .chain(widgets)
        .chain(appearances)
        .collect()
}

/// Whether a field or widget takes no room on a page (a zero-size `/Rect`,
/// or none) or is flagged hidden or not to be viewed.
fn not_shown(d: &Dictionary) -> bool {
    const HIDDEN: i64 = 2;
    const NO_VIEW: i64 = 32;
    let flags = d.get(b"F").and_then(Object::as_i64).unwrap_or(0);
    let no_area = match d.get(b"Rect").and_then(Object::as_array) {
        Err(_) => true,
        Ok(r) => match r
            .iter()
            .map(Object::as_float)
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(n) if n.len() == 4 => n[0] == n[2] || n[1] == n[3],
            _ => false,
        },
    };
    no_area || flags & (HIDDEN | NO_VIEW) != 0
}

/// Whether `new` is `old` (`None`: nothing before) with only timestamp
/// fields appended to its `list` (`/Annots`, `/Fields`), and perhaps new
/// `/SigFlags`. A list kept as its own object is recorded in `lists`.
fn grew_by_stamps(
    before: &Document,
    after: &Document,
    old: Option<&Dictionary>,
    new: &Dictionary,
    list: &[u8],
    stamps: &BTreeSet<lopdf::ObjectId>,
    lists: &mut BTreeSet<lopdf::ObjectId>,
) -> bool {
    let rest = |d: &Dictionary| {
        let mut d = d.clone();
        d.remove(list);
        d.remove(b"SigFlags");
        d
    };
    let old_rest = old.map(rest).unwrap_or_default();
    let old_list = old.and_then(|d| d.get(list).ok());
    let new_list = new.get(list).ok();
    let items = |doc: &Document, o: Option<&Object>| match o {
        None => Some(Vec::new()),
        Some(Object::Array(a)) => Some(a.clone()),
        Some(Object::Reference(r)) => doc.get_object(*r).ok()?.as_array().ok().cloned(),
        Some(_) => None,
    };
    // A list of its own stays the same object, or is a new one.
    let same_place = match (old_list, new_list) {
        (Some(Object::Reference(a)), Some(Object::Reference(b))) => a == b,
        (_, Some(Object::Reference(b))) => !before.objects.contains_key(b),
        _ => true,
    };
    if let Some(Object::Reference(b)) = new_list {
        lists.insert(*b);
    }
    let (Some(old_items), Some(new_items)) = (items(before, old_list), items(after, new_list))
    else {
        return false;
    };
    old_rest == rest(new)
        && same_place
        && new_items.starts_with(&old_items)
        && new_items[old_items.len()..]
            .iter()
            .all(|i| i.as_reference().is_ok_and(|r| stamps.contains(&r)))
}

/// The objects `start` refers to, directly or through others.
fn reachable(doc: &Document, start: &Object) -> BTreeSet<lopdf::ObjectId> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![start];
    while let Some(o) = todo.pop() {
        match o {
            Object::Reference(id) => {
                if seen.insert(*id)
                    && let Ok(target) = doc.get_object(*id)
                {
                    todo.push(target);
                }
            }
            Object::Array(items) => todo.extend(items),
            Object::Dictionary(d) => todo.extend(d.iter().map(|(_, v)| v)),
            Object::Stream(s) => todo.extend(s.dict.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    seen
}

/// Where each revision of a PDF ends: after every `%%EOF` and its line end.
fn revision_ends(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    const EOF: &[u8] = b"%%EOF";
    bytes
        .windows(EOF.len())
        .enumerate()
        .filter(|(_, w)| *w == EOF)
        .map(move |(i, _)| {
            let rest = &bytes[i + EOF.len()..];
            let eol = if rest.starts_with(b"\r\n") {
                2
            } else {
                usize::from(rest.starts_with(b"\n") || rest.starts_with(b"\r"))
            };
            i + EOF.len() + eol
        })
}

/// `/ByteRange` as four integers, when the dictionary has one.
fn byte_range(dict: &Dictionary) -> Option<Vec<i64>> {
    let range = dict.get(b"ByteRange").ok()?.as_array().ok()?;
    let numbers: Vec<i64> = range.iter().filter_map(|o| o.as_i64().ok()).collect();
    (numbers.len() == 4).then_some(numbers)
}

fn check_one(
    dict: &Dictionary,
    range: &[i64],
    bytes: &[u8],
    trust: Option<&TrustStore>,
    dss: &RevocationData,
) -> SignatureCheck {
    let mut check = SignatureCheck {
        signer: text_entry(dict, b"Name"),
        signing_time: text_entry(dict, b"M")
            .map(|m| format!("{} (theo /M, không nằm trong phần được ký)", pdf_date(&m))),
        verdict: Verdict::Invalid,
        message: String::new(),
    };
    let (verdict, message) = match verify_signature(dict, range, bytes, trust, dss, &mut check)
    {
        Ok(Signed::ByTrustedCa { ca, revocation }) => (
            Verdict::Trusted,
            format!("hợp lệ, người ký được xác minh với CA tin cậy “{ca}”{revocation}"),
        ),
        Ok(Signed::Revoked { ca, whose, when }) => (
            Verdict::Revoked,
            format!("nguyên vẹn, nhưng chứng thư {whose} (do CA tin cậy “{ca}” cấp) đã bị thu hồi trước thời điểm ký ({when})"),
        ),
        Ok(Signed::NoTrustList) => (
            Verdict::Intact,
            "nguyên vẹn, chưa xác minh người ký với CA tin cậy (chưa chỉ thư mục chứng thư tin cậy bằng --trust hoặc CCHC_TRUST)".into(),
        ),
        Ok(Signed::NotInForce { ca, whose, when }) => (
            Verdict::CertNotInForce,
            format!("nguyên vẹn, nhưng chứng thư {whose} (do CA tin cậy “{ca}” cấp) không có hiệu lực vào thời điểm ký ({when})"),
        ),
        Ok(Signed::ByUnknownCa) => (
            Verdict::UnknownCa,
            "nguyên vẹn, nhưng chứng thư của người ký không do CA nào trong thư mục tin cậy cấp".into(),
        ),
        Err((Verdict::Unsupported, reason)) => {
            (Verdict::Unsupported, format!("không kiểm tra được: {reason}"))
        }
        Err((_, reason)) => (Verdict::Invalid, format!("không hợp lệ: {reason}")),
    };
    check.verdict = verdict;
    check.message = if is_timestamp(dict) {
        format!("dấu thời gian của tài liệu (RFC 3161): {message}")
    } else {
        message
    };
    check
}

type Failure = (Verdict, String);

fn invalid(reason: impl Into<String>) -> Failure {
    (Verdict::Invalid, reason.into())
}

fn unsupported(reason: impl Into<String>) -> Failure {
    (Verdict::Unsupported, reason.into())
}

/// An intact signature, and what is known of its signer.
enum Signed {
    /// `revocation` tells what the revocation lists carried say, if any.
    ByTrustedCa {
        ca: String,
        revocation: String,
    },
    /// A certificate of the path (`whose`) was revoked before signing.
    Revoked {
        ca: String,
        whose: String,
        when: String,
    },
    /// A certificate of the path (`whose`) was not in force when signing.
    NotInForce {
        ca: String,
        whose: String,
        when: String,
    },
    NoTrustList,
    ByUnknownCa,
}

/// Checks one signature, filling in the signer and time it names.
fn verify_signature(
    dict: &Dictionary,
    range: &[i64],
    bytes: &[u8],
    trust: Option<&TrustStore>,
    dss: &RevocationData,
    check: &mut SignatureCheck,
) -> Result<Signed, Failure> {
    let sub_filter = dict
        .get(b"SubFilter")
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    let timestamp = is_timestamp(dict);
    if ![
        "adbe.pkcs7.detached",
        "ETSI.CAdES.detached",
        TIMESTAMP_SUB_FILTER,
    ]
    .contains(&sub_filter.as_str())
    {
        return Err(unsupported(format!("kiểu chữ ký /SubFilter /{sub_filter}")));
    }

    // 1. The byte range: everything but the hex string of /Contents.
    let len = bytes.len() as i64;
    let &[start, first_len, second_start, second_len] = range else {
        return Err(invalid("/ByteRange không có đúng 4 số"));
    };
    if start != 0
        || first_len < 1
        || second_start <= first_len
        || second_len < 0
        || second_start.saturating_add(second_len) > len
    {
        return Err(invalid(format!(
            "/ByteRange [{start} {first_len} {second_start} {second_len}] không khớp với tệp dài {len} byte"
        )));
    }
    let (first_len, second_start, second_len) = (
        first_len as usize,
        second_start as usize,
        second_len as usize,
    );
    let gap = &bytes[first_len..second_start];
    let hex = gap
        .strip_prefix(b"<")
        .and_then(|g| g.strip_suffix(b">"))
        .filter(|h| h.iter().all(u8::is_ascii_hexdigit) && h.len() % 2 == 0)
        .ok_or_else(|| {
            invalid("phần không được ký không phải đúng chuỗi /Contents: có nội dung khác nằm ngoài phạm vi ký")
        })?;
    let contents = decode_hex(hex);
    let signed_parts = [
        &bytes[..first_len],
        &bytes[second_start..second_start + second_len],
    ];

    // 2. The CMS signature.
    let signed_data = parse_cms(&contents)
        .map_err(|e| invalid(format!("/Contents không phải CMS SignedData ({e})")))?;
    let content = &signed_data.encap_content_info;
    // What the CMS signs: the file, or for a timestamp its TSTInfo.
    let mut gen_time = None;
    let signed_content: Vec<&[u8]> = match (&content.econtent, timestamp) {
        (None, false) => signed_parts.to_vec(),
        (Some(_), false) => {
            return Err(unsupported(
                "chữ ký CMS có gói kèm nội dung (không tách rời)",
            ));
        }
        (Some(tst), true) if content.econtent_type == rfc3161::ID_CT_TST_INFO => {
            let info = TstInfo::read(tst.value())
                .map_err(|e| invalid(format!("dấu thời gian không đọc được TSTInfo ({e})")))?;
            let file_digest = digest(info.imprint_alg, &signed_parts).ok_or_else(|| {
                unsupported(format!(
                    "thuật toán băm {} của dấu thời gian",
                    info.imprint_alg
                ))
            })?;
            check.signing_time = Some(format!("{} (dấu thời gian)", unix_utc(info.gen_time)));
            if *info.imprint != *file_digest {
                return Err(invalid(
                    "mã băm trong dấu thời gian không khớp với tệp — tệp đã bị sửa sau khi đóng dấu thời gian",
                ));
            }
            gen_time = Some(info.gen_time);
            vec![tst.value()]
        }
        (_, true) => return Err(invalid("dấu thời gian không chứa TSTInfo (RFC 3161)")),
    };
    let signer_info = signed_data
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or_else(|| invalid("CMS không có thông tin người ký"))?;
    let certs: Vec<&Certificate> = signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(cert) => Some(cert),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let signer_cert = certs
        .iter()
        .copied()
        .find(|c| is_signer(c, &signer_info.sid))
        .ok_or_else(|| invalid("CMS không kèm chứng thư của người ký"))?;
    if let Ok(Some(cn)) = signer_cert.tbs_certificate().subject().common_name() {
        check.signer = Some(one_line(&cn.value()));
    }

    let digest_alg = signer_info.digest_alg.oid;
    let sig_alg = signer_info.signature_algorithm.oid;
    let hash_alg = hash_alg(sig_alg, digest_alg);
    let hash = |parts: &[&[u8]]| {
        digest(hash_alg, parts).ok_or_else(|| unsupported(format!("thuật toán băm {hash_alg}")))
    };
    // The signed signing time is reported even when the digest does not
    // match; a timestamp's time is its TSTInfo's (shown above).
    if gen_time.is_none()
        && let Some(time) = signing_time(signer_info)
    {
        check.signing_time = Some(utc(&time));
    }
    // The signature is over the signed attributes, which hold the file's
    // digest; without them, over the file itself.
    let hashed = match signed_attributes(signer_info, &signed_content)? {
        Some(attributes) => hash(&[&attributes])?,
        None => hash(&signed_content)?,
    };
    verify_with_key(
        signer_cert.tbs_certificate().subject_public_key_info(),
        sig_alg,
        hash_alg,
        &hashed,
        signer_info.signature.as_bytes(),
    )?;

    // A time-stamping authority's certificate must say it is one
    // (RFC 3161 §2.3): any other holder could claim any time.
    if timestamp && !is_for(signer_cert, rfc5280::ID_KP_TIME_STAMPING) {
        return Err(invalid(
            "chứng thư ký dấu thời gian không dành cho dấu thời gian (thiếu id-kp-timeStamping)",
        ));
    }

    // 3. Trust.
    let Some(trust) = trust else {
        return Ok(Signed::NoTrustList);
    };
    let Some((trusted, path)) = trusted_path(signer_cert, &certs, trust) else {
        return Ok(Signed::ByUnknownCa);
    };
    let ca = name_of(trusted);
    // The timestamp's or the signed signing time if there is one; else what
    // /M claims (PAdES signatures carry no signed time); else now.
    let signed_time = gen_time
        .or_else(|| signing_time(signer_info).map(|t| t.to_unix_duration().as_secs() as i64));
    let (at, source) = match signed_time {
        Some(t) => (t, ""),
        None => match text_entry(dict, b"M").and_then(|m| pdf_unix_time(&m)) {
            Some(t) => (t, " (theo /M)"),
            None => (
                time::OffsetDateTime::now_utc().unix_timestamp(),
                " (lúc kiểm tra)",
            ),
        },
    };
    let in_force = |c: &&Certificate| {
        let v = c.tbs_certificate().validity();
        let secs = |t: &Time| t.to_unix_duration().as_secs() as i64;
        secs(&v.not_before) <= at && at <= secs(&v.not_after)
    };
    let whose = |cert: &Certificate| {
        if std::ptr::eq(cert, signer_cert) {
            "của người ký".to_owned()
        } else {
            format!("trung gian “{}”", name_of(cert))
        }
    };
    if let Some(cert) = path.iter().find(|c| !in_force(c)) {
        let v = cert.tbs_certificate().validity();
        return Ok(Signed::NotInForce {
            ca,
            whose: whose(cert),
            when: format!(
                "ký lúc {}{source}, chứng thư có hiệu lực từ {} đến {}",
                unix_utc(at),
                utc(&v.not_before),
                utc(&v.not_after)
            ),
        });
    }

    // 4. Revocation, by the data the file carries.
    let own = RevocationData::of_signature(&signed_data, signer_info);
    let issuers = path.iter().skip(1).copied().chain(std::iter::once(trusted));
    let mut revocation = String::new();
    for (cert, issuer) in path.iter().copied().zip(issuers) {
        match RevocationData::status(&[dss, &own], cert, issuer) {
            Status::Revoked(r) if r <= at => {
                return Ok(Signed::Revoked {
                    ca,
                    whose: whose(cert),
                    when: format!(
                        "thu hồi lúc {}, ký lúc {}{source}",
                        unix_utc(r),
                        unix_utc(at)
                    ),
                });
            }
            Status::Revoked(r) => revocation.push_str(&format!(
                "; chứng thư {} bị thu hồi lúc {}, sau thời điểm ký",
                whose(cert),
                unix_utc(r)
            )),
            Status::NotRevoked { as_of, by } if std::ptr::eq(cert, signer_cert) => revocation
                .push_str(&format!(
                    "; theo {by} lúc {}, chứng thư của người ký chưa bị thu hồi",
                    unix_utc(as_of)
                )),
            Status::NotRevoked { .. } | Status::Unknown => {}
        }
    }
    Ok(Signed::ByTrustedCa { ca, revocation })
}

/// Whether `ca` issued `cert`: names it as issuer, and signed it.
pub(super) fn issued_by(cert: &Certificate, ca: &Certificate) -> bool {
    cert.tbs_certificate().issuer() == ca.tbs_certificate().subject()
        && cert.tbs_certificate().to_der().is_ok_and(|tbs| {
            signed_by(
                &tbs,
                cert.signature_algorithm().oid,
                cert.signature().raw_bytes(),
                ca,
            )
        })
}

/// Whether `issuer`'s key made `signature` over the DER `tbs`.
pub(super) fn signed_by(
    tbs: &[u8],
    sig_alg: ObjectIdentifier,
    signature: &[u8],
    issuer: &Certificate,
) -> bool {
    digest(sig_alg, &[tbs]).is_some_and(|hashed| {
        verify_with_key(
            issuer.tbs_certificate().subject_public_key_info(),
            sig_alg,
            sig_alg,
            &hashed,
            signature,
        )
        .is_ok()
    })
}

/// The DER of the signed attributes, after checking that their message
/// digest is the digest of the signed parts of the file; `None` when there
/// are none.
fn signed_attributes(
    info: &SignerInfo,
    signed_parts: &[&[u8]],
) -> Result<Option<Vec<u8>>, Failure> {
    let Some(attrs) = &info.signed_attrs else {
        return Ok(None);
    };
    let digest_alg = info.digest_alg.oid;
    let file_digest = digest(digest_alg, signed_parts)
        .ok_or_else(|| unsupported(format!("thuật toán băm {digest_alg}")))?;
    let message_digest = signed_attribute(info, rfc5911::ID_MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<der::asn1::OctetString>().ok())
        .ok_or_else(|| invalid("thiếu thuộc tính message-digest"))?;
    if message_digest.as_bytes() != file_digest {
        return Err(invalid(
            "mã băm của tệp không khớp với mã băm đã ký — tệp đã bị sửa sau khi ký",
        ));
    }
    attrs
        .to_der()
        .map(Some)
        .map_err(|e| invalid(format!("thuộc tính đã ký không mã hóa lại được ({e})")))
}

/// The first value of a signed attribute.
fn signed_attribute(info: &SignerInfo, oid: ObjectIdentifier) -> Option<&der::Any> {
    let attr = info.signed_attrs.as_ref()?.iter().find(|a| a.oid == oid)?;
    attr.values.iter().next()
}

/// The `/SubFilter` of a document timestamp.
const TIMESTAMP_SUB_FILTER: &str = "ETSI.RFC3161";

/// What a time-stamping authority signs (RFC 3161 TSTInfo): the digest it
/// was given and the time. No crate for it is built on the `der` 0.8 used
/// here (x509-tsp 0.1 needs der 0.7), and these are its first five fields.
struct TstInfo {
    imprint_alg: ObjectIdentifier,
    imprint: Box<[u8]>,
    /// Seconds since 1970, UTC.
    gen_time: i64,
}

impl TstInfo {
    fn read(der_bytes: &[u8]) -> der::Result<TstInfo> {
        let mut reader = SliceReader::new(der_bytes)?;
        let info = reader.sequence(|r| {
            let _version: u8 = r.decode()?;
            let _policy: ObjectIdentifier = r.decode()?;
            let (imprint_alg, imprint) = r.sequence(|r| {
                let alg: spki::AlgorithmIdentifierOwned = r.decode()?;
                let hashed: der::asn1::OctetString = r.decode()?;
                Ok::<_, der::Error>((alg.oid, hashed.into_bytes()))
            })?;
            let _serial: der::asn1::Int = r.decode()?;
            let gen_time: der::asn1::GeneralizedTime = r.decode()?;
            // Accuracy, ordering, nonce, the TSA's name, extensions.
            while !r.is_finished() {
                let _: der::Any = r.decode()?;
            }
            Ok::<_, der::Error>(TstInfo {
                imprint_alg,
                imprint,
                gen_time: gen_time.to_unix_duration().as_secs() as i64,
            })
        })?;
        reader.finish()?;
        Ok(info)
    }
}

/// Whether a certificate's extended key usage names `purpose`
/// (time-stamping, OCSP signing).
pub(super) fn is_for(cert: &Certificate, purpose: ObjectIdentifier) -> bool {
    cert.tbs_certificate()
        .get_extension::<ExtendedKeyUsage>()
        .ok()
        .flatten()
        .is_some_and(|(_, eku)| eku.0.contains(&purpose))
}

/// The signing-time attribute, which is signed.
fn signing_time(info: &SignerInfo) -> Option<Time> {
    signed_attribute(info, rfc5911::ID_SIGNING_TIME)?
        .decode_as::<Time>()
        .ok()
}

/// "2025-11-19 03:30:00 UTC".
fn utc(time: &Time) -> String {
    unix_utc(time.to_unix_duration().as_secs() as i64)
}

fn unix_utc(secs: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(secs) {
        Ok(t) => super::vn_time::stamp(&t, " ", " UTC"),
        Err(_) => secs.to_string(),
    }
}

fn parse_cms(contents: &[u8]) -> der::Result<SignedData> {
    // /Contents is padded with zeros after the CMS; some signers write BER.
    let mut reader = SliceReader::new_with_encoding_rules(contents, EncodingRules::Ber)?;
    let info = ContentInfo::decode(&mut reader)?;
    if info.content_type != rfc5911::ID_SIGNED_DATA {
        return Err(der::ErrorKind::OidUnknown {
            oid: info.content_type,
        }
        .into());
    }
    info.content
        .decode_as_encoding::<SignedData>(EncodingRules::Ber)
}

fn is_signer(cert: &Certificate, sid: &SignerIdentifier) -> bool {
    let tbs = cert.tbs_certificate();
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            ias.issuer == *tbs.issuer() && ias.serial_number == *tbs.serial_number()
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => tbs
            .get_extension::<SubjectKeyIdentifier>()
            .ok()
            .flatten()
            .is_some_and(|(_, own)| own == *ski),
    }
}

/// Walks from the signer's certificate up through the CA certificates in
/// the CMS until one is issued (and signed) by a trusted certificate.
/// Returns that trusted certificate and the path below it, signer first.
fn trusted_path<'a>(
    signer: &'a Certificate,
    pool: &[&'a Certificate],
    trust: &'a TrustStore,
) -> Option<(&'a Certificate, Vec<&'a Certificate>)> {
    const MAX_CHAIN: usize = 8;
    let mut path = vec![signer];
    let mut current = signer;
    for _ in 0..MAX_CHAIN {
        if let Some(ca) = trust
            .certs
            .iter()
            .find(|ca| *ca == current || (may_issue(ca, true) && issued_by(current, ca)))
        {
            return Some((ca, path));
        }
        current = pool
            .iter()
            .copied()
            .find(|c| *c != current && may_issue(c, false) && issued_by(current, c))?;
        path.push(current);
    }
    None
}

/// Whether a certificate may issue others: it says it is a CA (a trusted
/// root of the old kind may say nothing) and, if it lists its key's uses,
/// signing certificates is one. A signer's certificate cannot vouch for
/// another one.
fn may_issue(cert: &Certificate, trusted: bool) -> bool {
    let tbs = cert.tbs_certificate();
    let ca = tbs
        .get_extension::<BasicConstraints>()
        .ok()
        .flatten()
        .map(|(_, bc)| bc.ca);
    let signs_certificates = tbs
        .get_extension::<KeyUsage>()
        .ok()
        .flatten()
        .is_none_or(|(_, ku)| ku.key_cert_sign());
    signs_certificates && ca.unwrap_or(trusted)
}

/// A certificate's common name, else its whole subject.
fn name_of(cert: &Certificate) -> String {
    let name = cert.tbs_certificate().subject();
    match name.common_name() {
        Ok(Some(cn)) => one_line(&cn.value()),
        _ => one_line(&name.to_string()),
    }
}

/// The hash function named by a digest or signature algorithm.
pub(super) fn digest(alg: ObjectIdentifier, parts: &[&[u8]]) -> Option<Vec<u8>> {
    fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
        let mut d = D::new();
        parts.iter().for_each(|p| d.update(p));
        d.finalize().to_vec()
    }
    match alg {
        rfc5912::ID_SHA_256
        | rfc5912::SHA_256_WITH_RSA_ENCRYPTION
        | rfc5912::ECDSA_WITH_SHA_256 => Some(run::<Sha256>(parts)),
        rfc5912::ID_SHA_384
        | rfc5912::SHA_384_WITH_RSA_ENCRYPTION
        | rfc5912::ECDSA_WITH_SHA_384 => Some(run::<Sha384>(parts)),
        rfc5912::ID_SHA_512
        | rfc5912::SHA_512_WITH_RSA_ENCRYPTION
        | rfc5912::ECDSA_WITH_SHA_512 => Some(run::<Sha512>(parts)),
        _ => None,
    }
}

/// The hash a signature uses: the one `sig_alg` names when it names one
/// (sha256WithRSAEncryption), else `digest_alg` (CMS allows plain
/// rsaEncryption there).
fn hash_alg(sig_alg: ObjectIdentifier, digest_alg: ObjectIdentifier) -> ObjectIdentifier {
    if digest(sig_alg, &[]).is_some() {
        sig_alg
    } else {
        digest_alg
    }
}

/// Verifies `signature` over a message whose `hash_alg` digest is `hashed`,
/// with a public key.
fn verify_with_key(
    key: &SubjectPublicKeyInfoOwned,
    sig_alg: ObjectIdentifier,
    hash_alg: ObjectIdentifier,
    hashed: &[u8],
    signature: &[u8],
) -> Result<(), Failure> {
    let key_der = key
        .to_der()
        .map_err(|e| invalid(format!("khóa công khai hỏng ({e})")))?;
    let key_ref = spki::SubjectPublicKeyInfoRef::from_der(&key_der)
        .map_err(|e| invalid(format!("khóa công khai hỏng ({e})")))?;
    let bad_signature = || invalid("chữ ký số không khớp với khóa công khai của người ký");
    match key.algorithm.oid {
        rfc5912::RSA_ENCRYPTION => {
            let is_rsa_pkcs1 = matches!(
                sig_alg,
                rfc5912::RSA_ENCRYPTION
                    | rfc5912::SHA_256_WITH_RSA_ENCRYPTION
                    | rfc5912::SHA_384_WITH_RSA_ENCRYPTION
                    | rfc5912::SHA_512_WITH_RSA_ENCRYPTION
            );
            if !is_rsa_pkcs1 {
                return Err(unsupported(format!("thuật toán chữ ký RSA {sig_alg}")));
            }
            let public = rsa::RsaPublicKey::try_from(key_ref)
                .map_err(|e| invalid(format!("khóa RSA hỏng ({e})")))?;
            let scheme = match hash_alg {
                rfc5912::ID_SHA_384 | rfc5912::SHA_384_WITH_RSA_ENCRYPTION => {
                    rsa::Pkcs1v15Sign::new::<Sha384>()
                }
                rfc5912::ID_SHA_512 | rfc5912::SHA_512_WITH_RSA_ENCRYPTION => {
                    rsa::Pkcs1v15Sign::new::<Sha512>()
                }
                _ => rsa::Pkcs1v15Sign::new::<Sha256>(),
            };
            public
                .verify(scheme, hashed, signature)
                .map_err(|_| bad_signature())
        }
        rfc5912::ID_EC_PUBLIC_KEY => {
            let curve = key
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
            if curve != Some(rfc5912::SECP_256_R_1) {
                return Err(unsupported("đường cong elliptic khác P-256"));
            }
            let public = p256::ecdsa::VerifyingKey::try_from(key_ref)
                .map_err(|e| invalid(format!("khóa ECDSA hỏng ({e})")))?;
            let sig = p256::ecdsa::Signature::from_der(signature).map_err(|_| bad_signature())?;
            public
                .verify_prehash(hashed, &sig)
                .map_err(|_| bad_signature())
        }
        other => Err(unsupported(format!("loại khóa {other}"))),
    }
}

fn decode_hex(hex: &[u8]) -> Vec<u8> {
    let nibble = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    hex.chunks(2)
        .map(|pair| nibble(pair[0]) << 4 | nibble(pair[1]))
        .collect()
}

pub(super) fn text_entry(dict: &Dictionary, key: &[u8]) -> Option<String> {
    lopdf::decode_text_string(dict.get(key).ok()?)
        .ok()
        .map(|t| one_line(&t))
}

/// A PDF date's 14 digits (`YYYYMMDDHHmmSS`) and its zone without
/// apostrophes (`+0700`, `Z` or nothing).
pub(super) fn pdf_date_parts(raw: &str) -> Option<(&str, String)> {
    let s = raw.strip_prefix("D:").unwrap_or(raw);
    let digits = s
        .get(..14)
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
    Some((digits, s[14..].replace('\'', "")))
}

/// `D:20251119103000+07'00'` → `2025-11-19 10:30:00 +07:00`; anything else
/// is shown as written.
fn pdf_date(raw: &str) -> String {
    let Some((d, zone)) = pdf_date_parts(raw) else {
        return raw.to_owned();
    };
    let zone = match zone.as_str() {
        "" | "Z" => "UTC".to_owned(),
        z if z.len() == 5 && z.is_ascii() => format!("{}:{}", &z[..3], &z[3..]),
        z => z.to_owned(),
    };
    format!(
        "{}-{}-{} {}:{}:{} {zone}",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14]
    )
}

/// The moment a PDF date (`D:20251119103000+07'00'`) names, in Unix seconds.
fn pdf_unix_time(raw: &str) -> Option<i64> {
    let (d, zone) = pdf_date_parts(raw)?;
    let n = |range: std::ops::Range<usize>| d[range].parse::<u8>().ok();
    let year: i32 = d[0..4].parse().ok()?;
    let date = time::Date::from_calendar_date(year, n(4..6)?.try_into().ok()?, n(6..8)?).ok()?;
    let at = date.with_hms(n(8..10)?, n(10..12)?, n(12..14)?).ok()?;
    let offset = match zone.as_bytes() {
        [] | [b'Z', ..] => 0,
        [sign @ (b'+' | b'-'), ..] => {
            let h: i64 = zone.get(1..3)?.parse().ok()?;
            let m: i64 = zone.get(3..5).map_or(Some(0), |m| m.parse().ok())?;
            if *sign == b'+' {
                h * 3600 + m * 60
            } else {
                -(h * 3600 + m * 60)
            }
        }
        _ => return None,
    };
    Some(at.assume_utc().unix_timestamp() - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_are_readable() {
        assert_eq!(
            pdf_date("D:20251119103000+07'00'"),
            "2025-11-19 10:30:00 +07:00"
        );
        assert_eq!(pdf_date("D:20251119103000Z"), "2025-11-19 10:30:00 UTC");
        assert_eq!(pdf_date("hôm nay"), "hôm nay");
        // A zone that is not ASCII is shown as written, not cut mid-letter.
        assert_eq!(
            pdf_date("D:20251119103000+0\u{e9}'0"),
            "2025-11-19 10:30:00 +0\u{e9}0"
        );
    }

    #[test]
    fn pdf_dates_name_a_moment() {
        let expected = 1_763_523_000; // 2025-11-19 03:30:00 UTC
        for raw in [
            "D:20251119103000+07'00'",
            "D:20251119103000+07'00",
            "D:20251119033000Z",
            "D:20251119033000",
            "D:20251118223000-05'00'",
        ] {
            assert_eq!(pdf_unix_time(raw), Some(expected), "{raw}");
        }
        for raw in [
            "D:20251319103000Z",
            "hôm nay",
            "D:2025111910",
            "D:20251119103000+0\u{e9}'0",
        ] {
            assert_eq!(pdf_unix_time(raw), None, "{raw}");
        }
    }

    #[test]
    fn verdict_codes_round_trip() {
        for v in Verdict::ALL {
            assert_eq!(Verdict::from_code(v.code()), v);
        }
    }
}
