//! Signature and seal images for a report issued electronically
//! (Phụ lục I, mục II.7.d and II.8.a): transparent PNG files named in the
//! data, read relative to the data file and handed to typst under fixed
//! names.

use std::path::{Path, PathBuf};

use crate::model::Signer;

/// Fixed virtual names typst reads the images under.
pub const SIGNATURE: &str = "chu-ky.png";
pub const SEAL: &str = "con-dau.png";

/// A PNG file's bytes, and whether it has transparency.
pub struct Png {
    pub bytes: Vec<u8>,
    pub transparent: bool,
}

/// The image `rel` names: a path relative to the data file's folder.
pub fn path(data_file: &Path, rel: &str) -> PathBuf {
    data_file.parent().unwrap_or(Path::new(".")).join(rel)
}

/// Reads the PNG at `rel`, a path relative to the data file's folder.
pub fn read_png(data_file: &Path, rel: &str) -> Result<Png, String> {
    let path = path(data_file, rel);
    let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("không có tệp ảnh {}", path.display()),
        _ => format!("không đọc được tệp ảnh {}: {e}", path.display()),
    })?;
    const MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(MAGIC) || bytes.len() < 33 {
        return Err(format!("{} không phải ảnh PNG", path.display()));
    }
    // IHDR colour type 4 or 6 has an alpha channel; a tRNS chunk marks a
    // transparent colour.
    let transparent = matches!(bytes[25], 4 | 6) || bytes.windows(4).any(|w| w == b"tRNS");
    Ok(Png { bytes, transparent })
}

/// The signature and seal the data names, read once per build: the check
/// reports on them and the typesetter gets their bytes.
pub struct SignerImages {
    pub signature: Option<Result<Png, String>>,
    pub seal: Option<Result<Png, String>>,
}

impl SignerImages {
    pub fn read(data_file: &Path, signer: &Signer) -> Self {
        let read = |image: &Option<crate::model::Text>| {
            image.as_ref().map(|rel| read_png(data_file, &rel.value))
        };
        SignerImages {
            signature: read(&signer.chu_ky),
            seal: read(&signer.con_dau),
        }
    }

    /// The images typst reads, under their fixed names. One that could not
    /// be read is an error of the check, which stops the build before this.
    pub fn into_files(self) -> impl Iterator<Item = (&'static str, Vec<u8>)> {
        [(SIGNATURE, self.signature), (SEAL, self.seal)]
            .into_iter()
            .filter_map(|(name, png)| Some((name, png?.ok()?.bytes)))
    }
}
