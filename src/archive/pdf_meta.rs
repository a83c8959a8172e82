//! What the archive reads from a PDF besides its signatures: the page count,
//! the YAML data our PDFs carry as an attachment (PDF/A-3, the file
//! specification has `/AFRelationship /Source`), the document information
//! and the pages' text.

use std::path::Path;

use lopdf::{Dictionary, Document, Object};

use super::error::ArchiveError;
use super::record::Metadata;
use super::signature::{pdf_date_parts, text_entry};
use crate::date::Date;

/// Attachments larger than this are not data files; the limit also keeps a
/// compressed "bomb" from filling memory.
const MAX_ATTACHMENT: usize = 16 * 1024 * 1024;
/// PDF readers, Acrobat first, look for `%%EOF` in the last 1024 bytes of
/// a file; a file cut short has none there.
const EOF_WINDOW: usize = 1024;
/// Name trees of real files are shallow; the limit stops reference loops.
const MAX_TREE_DEPTH: usize = 16;

/// A parsed PDF.
pub struct Pdf {
    pub doc: Document,
    pub page_count: usize,
}

/// An attached file.
#[derive(Debug, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Parses `bytes`; anything that is not a whole, readable PDF is refused
/// with the reason.
pub fn parse(bytes: &[u8], path: &Path) -> Result<Pdf, ArchiveError> {
    let not_pdf = |reason: String| ArchiveError::NotPdf {
        path: path.to_path_buf(),
        reason,
    };
    let damaged = |reason: &str| ArchiveError::DamagedPdf {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    };
    if !bytes.starts_with(b"%PDF-") {
        return Err(not_pdf("không bắt đầu bằng %PDF-".into()));
    }
    // lopdf rebuilds a cut file from what is left: the end marker is what
    // tells a whole file (every incremental update ends with one too).
    let tail = &bytes[bytes.len().saturating_sub(EOF_WINDOW)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(damaged("không có dấu kết thúc %%EOF ở cuối tệp"));
    }
    let doc = Document::load_mem(bytes).map_err(|_| damaged("cấu trúc PDF không đọc được"))?;
    let page_count = doc.get_pages().len();
    if page_count == 0 {
        return Err(not_pdf("không có trang nào".into()));
    }
    Ok(Pdf { doc, page_count })
}

/// The text layer of the pages, for searching a PDF that carries no data
/// (one made in Word, say), at most `max_bytes` of it: the words of the
/// first pages are what people search for, and a huge file must not swell
/// the index. A scan has none; a page that does not decode is skipped, and
/// lopdf bounds each page's decompressed size.
pub fn page_text(doc: &Document, max_bytes: usize) -> String {
    let mut text = String::new();
    for page in doc.get_pages().into_keys() {
        for chunk in doc.extract_text_chunks(&[page]).into_iter().flatten() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&chunk);
        }
        if text.len() >= max_bytes {
            let mut end = max_bytes;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
            break;
        }
    }
    text
}

/// What the document information dictionary says, for a PDF without data:
/// /Title as the summary, /Author as the agency, the day of /CreationDate
/// as the date. cchc-gen writes them so; other software writes what it has
/// (an account name, the day of the scan), which the flags override.
pub fn info_metadata(doc: &Document) -> Metadata {
    let Ok(info) = doc
        .trailer
        .get_deref(b"Info", doc)
        .and_then(Object::as_dict)
    else {
        return Metadata::default();
    };
    let text = |key: &[u8]| text_entry(info, key).filter(|t| !t.trim().is_empty());
    let date = text(b"CreationDate").and_then(|raw| {
        let (digits, _zone) = pdf_date_parts(&raw)?;
        let two = |at: usize| digits[at..at + 2].parse().ok();
        Date::new(digits[..4].parse().ok()?, two(4)?, two(6)?).ok()
    });
    Metadata {
        summary: text(b"Title"),
        agency: text(b"Author"),
        date,
        ..Metadata::default()
    }
}

/// The attached source data: the file the catalog's `/AF` array marks as
/// `/Source`, else a `.yaml`/`.yml` file in the `/EmbeddedFiles` name tree.
pub fn source_attachment(doc: &Document) -> Option<Attachment> {
    let catalog = doc.catalog().ok()?;
    let from_af = catalog
        .get_deref(b"AF", doc)
        .and_then(Object::as_array)
        .into_iter()
        .flatten()
        .filter_map(|spec| doc.dereference(spec).ok()?.1.as_dict().ok())
        .find(|spec| {
            spec.get(b"AFRelationship")
                .and_then(Object::as_name)
                .is_ok_and(|r| r == b"Source")
        });
    let spec = from_af.or_else(|| {
        let tree = catalog
            .get_deref(b"Names", doc)
            .and_then(Object::as_dict)
            .and_then(|names| names.get_deref(b"EmbeddedFiles", doc))
            .and_then(Object::as_dict)
            .ok()?;
        let mut specs = Vec::new();
        name_tree_values(doc, tree, 0, &mut specs);
        specs.into_iter().find(|spec| {
            let name = file_name(spec).to_lowercase();
            name.ends_with(".yaml") || name.ends_with(".yml")
        })
    })?;
    let stream = spec
        .get_deref(b"EF", doc)
        .and_then(Object::as_dict)
        .and_then(|ef| {
            ef.get_deref(b"UF", doc)
                .or_else(|_| ef.get_deref(b"F", doc))
        })
        .and_then(Object::as_stream)
        .ok()?;
    let bytes = stream.get_plain_content_with_limit(MAX_ATTACHMENT).ok()?;
    Some(Attachment {
        name: file_name(spec),
        bytes,
    })
}

/// The file specifications in a name tree (`/Names [key spec …]`, `/Kids`).
fn name_tree_values<'a>(
    doc: &'a Document,
    node: &'a Dictionary,
    depth: usize,
    out: &mut Vec<&'a Dictionary>,
) {
    if depth > MAX_TREE_DEPTH {
        return;
    }
    if let Ok(names) = node.get_deref(b"Names", doc).and_then(Object::as_array) {
        let specs = names.iter().skip(1).step_by(2);
        out.extend(specs.filter_map(|s| doc.dereference(s).ok()?.1.as_dict().ok()));
    }
    if let Ok(kids) = node.get_deref(b"Kids", doc).and_then(Object::as_array) {
        for kid in kids {
            if let Ok((_, Object::Dictionary(kid))) = doc.dereference(kid) {
                name_tree_values(doc, kid, depth + 1, out);
            }
        }
    }
}

/// The file name of a file specification (`/UF` is Unicode, `/F` older).
fn file_name(spec: &Dictionary) -> String {
    [b"UF".as_slice(), b"F"]
        .iter()
        .find_map(|key| lopdf::decode_text_string(spec.get(key).ok()?).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{Options, build_file};
    use crate::typeset::PdfFlavour;

    #[test]
    fn page_text_stops_at_the_limit_on_a_character_boundary() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("bc.yaml");
        let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/cam-thanh-2025.yaml");
        std::fs::copy(data, &input).unwrap();
        let opts = Options {
            pdf: PdfFlavour::A2b,
            ..Options::default()
        };
        let pdf = build_file(&input, None, &opts).pdf.unwrap();
        let doc = parse(&std::fs::read(&pdf).unwrap(), &pdf).unwrap().doc;
        let all = page_text(&doc, usize::MAX);
        assert!(all.contains("đường truyền"), "{all}");
        assert!(all.len() > 3000, "{}", all.len());
        // "BÁO CÁO" and the ward's name are multi-byte: some cut falls inside
        // a character and must step back to its start.
        for max in 1..=200 {
            let cut = page_text(&doc, max);
            assert!(cut.len() <= max && max - cut.len() < 4, "{max}: {cut}");
            assert!(all.starts_with(&cut));
        }
    }
}
