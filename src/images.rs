//! Signature and seal images for a report issued electronically
//! (Phụ lục I, mục II.7.d and II.8.a): transparent PNG files named in the
//! data, read relative to the data file and handed to typst under fixed
//! names.

use std::path::{Path, PathBuf};

use crate::diagnostic::io_advice;
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
        _ => format!(
            "không đọc được tệp ảnh {}: {}",
            path.display(),
            io_advice(&e)
        ),
    })?;
    let transparent = has_transparent_pixels(&bytes).map_err(|why| match why {
        Unreadable::TooLarge(w, h) => format!(
            "ảnh {} có {w}×{h} điểm ảnh, quá lớn để in; ảnh chữ ký hay con dấu quét ở 300 dpi chỉ khoảng 1000×1000 (thu nhỏ ảnh rồi lưu lại)",
            path.display()
        ),
        Unreadable::Png(why) => format!("{} không phải ảnh PNG đọc được ({why})", path.display()),
    })?;
    Ok(Png { bytes, transparent })
}

/// More pixels than this is no signature or seal, and decoding it (here and
/// in typst) would take gigabytes.
const MAX_PIXELS: u64 = 4000 * 4000;

#[derive(Debug)]
enum Unreadable {
    TooLarge(u32, u32),
    Png(png::DecodingError),
}

/// Whether any pixel of a PNG shows what is under it. An alpha channel or
/// a transparent colour that every pixel leaves opaque covers the text all
/// the same, so the pixels are read.
fn has_transparent_pixels(bytes: &[u8]) -> Result<bool, Unreadable> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    // 8 bits per sample, with a transparent colour (tRNS) made an alpha channel.
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(Unreadable::Png)?;
    let (w, h) = reader.info().size();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Unreadable::TooLarge(w, h));
    }
    let mut pixels = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let frame = reader.next_frame(&mut pixels).map_err(Unreadable::Png)?;
    let samples = frame.color_type.samples();
    let has_alpha = matches!(
        frame.color_type,
        png::ColorType::GrayscaleAlpha | png::ColorType::Rgba
    );
    Ok(has_alpha
        && pixels[..frame.line_size * frame.height as usize]
            .chunks_exact(samples)
            .any(|pixel| pixel[samples - 1] < u8::MAX))
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

#[cfg(test)]
mod tests {
    use super::*;
    use png::{BitDepth, ColorType};

    fn encode(color: ColorType, depth: BitDepth, trns: Option<&[u8]>, pixels: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, 2, 1);
        e.set_color(color);
        e.set_depth(depth);
        if color == ColorType::Indexed {
            e.set_palette(vec![255, 0, 0, 0, 0, 255]);
        }
        if let Some(t) = trns {
            e.set_trns(t.to_vec());
        }
        let mut w = e.write_header().unwrap();
        w.write_image_data(pixels).unwrap();
        w.finish().unwrap();
        out
    }

    #[test]
    fn only_pixels_that_let_the_text_show_make_an_image_transparent() {
        use BitDepth::{Eight, Sixteen};
        use ColorType::{Grayscale, GrayscaleAlpha, Indexed, Rgb, Rgba};
        // (what, colour type, depth, tRNS, two pixels, transparent)
        type Case<'a> = (
            &'a str,
            ColorType,
            BitDepth,
            Option<&'a [u8]>,
            &'a [u8],
            bool,
        );
        let cases: &[Case] = &[
            (
                "RGBA, all opaque",
                Rgba,
                Eight,
                None,
                &[9, 9, 9, 255, 9, 9, 9, 255],
                false,
            ),
            (
                "RGBA, one clear pixel",
                Rgba,
                Eight,
                None,
                &[9, 9, 9, 255, 9, 9, 9, 0],
                true,
            ),
            (
                "RGBA, half-clear",
                Rgba,
                Eight,
                None,
                &[9, 9, 9, 128, 9, 9, 9, 255],
                true,
            ),
            ("RGB", Rgb, Eight, None, &[255, 255, 255, 200, 0, 0], false),
            (
                "RGB, white is clear",
                Rgb,
                Eight,
                Some(&[0, 255, 0, 255, 0, 255]),
                &[255, 255, 255, 200, 0, 0],
                true,
            ),
            (
                "RGB, clear colour unused",
                Rgb,
                Eight,
                Some(&[0, 1, 0, 1, 0, 1]),
                &[255, 255, 255, 200, 0, 0],
                false,
            ),
            (
                "grey + alpha, 16-bit, all opaque",
                GrayscaleAlpha,
                Sixteen,
                None,
                &[1, 2, 255, 255, 3, 4, 255, 255],
                false,
            ),
            (
                "grey + alpha, 16-bit, clear",
                GrayscaleAlpha,
                Sixteen,
                None,
                &[1, 2, 0, 0, 3, 4, 255, 255],
                true,
            ),
            ("grey", Grayscale, Eight, None, &[0, 255], false),
            (
                "palette, blue is clear",
                Indexed,
                Eight,
                Some(&[255, 0]),
                &[0, 1],
                true,
            ),
            (
                "palette, clear colour unused",
                Indexed,
                Eight,
                Some(&[255, 0]),
                &[0, 0],
                false,
            ),
        ];
        for (what, color, depth, trns, pixels, transparent) in cases {
            let png = encode(*color, *depth, *trns, pixels);
            assert_eq!(
                has_transparent_pixels(&png).unwrap(),
                *transparent,
                "{what}"
            );
        }
        let png = encode(Rgba, Eight, None, &[9, 9, 9, 0, 9, 9, 9, 0]);
        assert!(
            has_transparent_pixels(&png[..png.len() - 20]).is_err(),
            "truncated"
        );
        assert!(has_transparent_pixels(b"GIF89a").is_err(), "not a PNG");
    }

    #[test]
    fn an_image_too_large_is_refused_before_its_pixels_are_read() {
        let mut out = Vec::new();
        let mut w = png::Encoder::new(&mut out, 5000, 4000)
            .write_header()
            .unwrap();
        // No pixel data: only the header may be read.
        w.write_chunk(png::chunk::IDAT, &[]).unwrap();
        drop(w);
        assert!(matches!(
            has_transparent_pixels(&out),
            Err(Unreadable::TooLarge(5000, 4000))
        ));
    }
}
