//! The PDF as a file: PDF/A flavours, the attached source data, document
//! metadata, and the signature and seal images of an electronic copy.

use std::path::Path;

use cchc_gen::build::{self, Options};
use cchc_gen::diagnostic::Severity;
use cchc_gen::typeset::PdfFlavour;
use lopdf::{Document, Object};

use crate::common;

const CAM_THANH: &str = include_str!("../../data/cam-thanh-2025.yaml");

fn build_with(yaml: &str, flavour: PdfFlavour, dir: &Path) -> Vec<u8> {
    let input = dir.join("bc.yaml");
    std::fs::write(&input, yaml).unwrap();
    let out = dir.join("bc.pdf");
    let opts = Options {
        pdf: flavour,
        ..Options::default()
    };
    let outcome = build::build_file(&input, Some(&out), &opts);
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    std::fs::read(out).unwrap()
}

fn xmp(doc: &Document) -> String {
    let catalog = doc.catalog().unwrap();
    let id = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    String::from_utf8(
        stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone()),
    )
    .unwrap()
}

/// The attached files: (name, AFRelationship, content).
fn attachments(doc: &Document) -> Vec<(String, String, Vec<u8>)> {
    let catalog = doc.catalog().unwrap();
    let Ok(af) = catalog.get(b"AF") else {
        return vec![];
    };
    let list = match af {
        Object::Reference(id) => doc.get_object(*id).unwrap().as_array().unwrap().clone(),
        other => other.as_array().unwrap().clone(),
    };
    list.iter()
        .map(|r| {
            let spec = doc
                .get_object(r.as_reference().unwrap())
                .unwrap()
                .as_dict()
                .unwrap();
            let name =
                String::from_utf8_lossy(spec.get(b"F").unwrap().as_str().unwrap()).into_owned();
            let rel =
                String::from_utf8_lossy(spec.get(b"AFRelationship").unwrap().as_name().unwrap())
                    .into_owned();
            let ef = spec.get(b"EF").unwrap().as_dict().unwrap();
            let stream = doc
                .get_object(ef.get(b"F").unwrap().as_reference().unwrap())
                .unwrap()
                .as_stream()
                .unwrap();
            let data = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            (name, rel, data)
        })
        .collect()
}

fn info(doc: &Document, key: &[u8]) -> String {
    let id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let dict = doc.get_object(id).unwrap().as_dict().unwrap();
    let bytes = dict.get(key).unwrap().as_str().unwrap();
    // PDF text strings: UTF-16BE with a BOM, or PDFDocEncoding (ASCII here).
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[test]
fn default_is_pdf_a_3b_with_the_source_attached_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = build_with(CAM_THANH, PdfFlavour::A3b, dir.path());
    let doc = Document::load_mem(&bytes).unwrap();
    let x = xmp(&doc);
    assert!(
        x.contains("<pdfaid:part>3</pdfaid:part>")
            && x.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{x}"
    );
    let files = attachments(&doc);
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "du-lieu.yaml");
    assert_eq!(files[0].1, "Source");
    // The data without its `#` notes, which are for the office.
    let attached = String::from_utf8(files[0].2.clone()).unwrap();
    assert!(CAM_THANH.contains("\n# Báo cáo số 167/BC-UBND ngày 19/11/2025"));
    assert!(
        !attached.lines().any(|l| l.trim_start().starts_with('#')),
        "{attached}"
    );
    assert!(attached.contains("\n  - UBND tỉnh (biết)\n"), "{attached}");
    assert!(!attached.contains("OCR"), "{attached}");
    assert_eq!(attached, cchc_gen::load::without_comments(CAM_THANH));
    let data =
        |text: &str| serde_json::to_value(cchc_gen::load::read_report(text).unwrap()).unwrap();
    assert_eq!(data(&attached), data(CAM_THANH));
    assert_eq!(
        info(&doc, b"Title"),
        "Công tác tuyên truyền cải cách hành chính năm 2025"
    );
    assert_eq!(info(&doc, b"Author"), "ỦY BAN NHÂN DÂN PHƯỜNG CAM THANH");
    assert!(info(&doc, b"Keywords").contains("cải cách hành chính"));
    assert!(info(&doc, b"CreationDate").starts_with("D:20251119"));
    let lang = doc
        .catalog()
        .unwrap()
        .get(b"Lang")
        .unwrap()
        .as_str()
        .unwrap()
        .to_vec();
    assert_eq!(lang, b"vi");
}

#[test]
fn pdf_a_2b_has_no_attachment_and_plain_pdf_no_pdfa_claim() {
    let dir = tempfile::tempdir().unwrap();
    let a2 = Document::load_mem(&build_with(CAM_THANH, PdfFlavour::A2b, dir.path())).unwrap();
    assert!(xmp(&a2).contains("<pdfaid:part>2</pdfaid:part>"));
    assert!(attachments(&a2).is_empty());
    let plain = Document::load_mem(&build_with(CAM_THANH, PdfFlavour::Plain, dir.path())).unwrap();
    assert!(!xmp(&plain).contains("pdfaid"));
    assert!(attachments(&plain).is_empty());
}

#[test]
fn signature_between_position_and_name_and_seal_over_its_left_third() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["chu-ky.png", "con-dau.png"] {
        std::fs::copy(
            common::repo(&format!("tests/fixtures/{f}")),
            dir.path().join(f),
        )
        .unwrap();
    }
    let yaml = CAM_THANH.replace(
        "  ho_ten: Đỗ Đức Anh",
        "  ho_ten: Đỗ Đức Anh\n  chu_ky: chu-ky.png\n  con_dau: con-dau.png",
    );
    assert_ne!(yaml, CAM_THANH, "the fixture names the signer");
    let pdf = common::Pdf::parse(build_with(&yaml, PdfFlavour::A3b, dir.path()));
    let name = pdf.line("Đỗ Đức Anh");
    let position = pdf.line("CHỦ TỊCH");
    let page = pdf.page(name.page);
    assert_eq!(page.images.len(), 2, "{:?}", page.images);
    // The signature is drawn first, at 18 mm high; the seal is square.
    let (sig, seal) = (page.images[0], page.images[1]);
    assert!((sig.h - 18.0 * common::MM).abs() < 0.1, "{sig:?}");
    assert!((seal.w - seal.h).abs() < 0.1, "{seal:?}");
    // Centred under the position, between it and the name.
    assert!(
        (sig.x + sig.w / 2.0 - position.runs[0].centre()).abs() < 2.0,
        "{sig:?} vs {position:?}"
    );
    assert!(sig.y + sig.h < position.y, "{sig:?} below {}", position.y);
    assert!(sig.y > name.y, "{sig:?} above {}", name.y);
    // The seal covers the left third of the signature: its right edge
    // stands a third of the way in, and it overlaps it vertically.
    let seal_right = seal.x + seal.w;
    assert!(
        (seal_right - (sig.x + sig.w / 3.0)).abs() < 1.0,
        "{seal:?} {sig:?}"
    );
    assert!(seal.y < sig.y + sig.h && seal.y + seal.h > sig.y);
}

#[test]
fn a_missing_signature_image_is_a_data_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = CAM_THANH.replace(
        "  ho_ten: Đỗ Đức Anh",
        "  ho_ten: Đỗ Đức Anh\n  chu_ky: khong-co.png",
    );
    let input = dir.path().join("bc.yaml");
    std::fs::write(&input, &yaml).unwrap();
    let line = yaml
        .lines()
        .position(|l| l.contains("khong-co.png"))
        .unwrap()
        + 1;
    let outcome = build::build_file(&input, None, &Options::default());
    let d = &outcome.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!((d.line as usize, d.column), (line, 11));
    assert!(d.message.starts_with("không có tệp ảnh"), "{}", d.message);
    assert!(!dir.path().join("bc.pdf").exists());
}

#[test]
fn an_opaque_or_unreadable_signature_image_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    // An RGBA image whose every pixel is opaque hides the text under it.
    let mut opaque = Vec::new();
    let mut e = png::Encoder::new(&mut opaque, 2, 2);
    e.set_color(png::ColorType::Rgba);
    let mut w = e.write_header().unwrap();
    w.write_image_data(&[[0, 0, 200, 255]; 4].concat()).unwrap();
    w.finish().unwrap();
    std::fs::write(dir.path().join("chu-ky.png"), opaque).unwrap();
    std::fs::write(dir.path().join("con-dau.png"), "không phải ảnh").unwrap();
    let yaml = CAM_THANH.replace(
        "  ho_ten: Đỗ Đức Anh",
        "  ho_ten: Đỗ Đức Anh\n  chu_ky: chu-ky.png\n  con_dau: con-dau.png",
    );
    let input = dir.path().join("bc.yaml");
    std::fs::write(&input, &yaml).unwrap();
    let line = |name: &str| yaml.lines().position(|l| l.contains(name)).unwrap() as u32 + 1;
    let d = build::check_file(&input, &Options::default()).diagnostics;
    let found: Vec<_> = d
        .iter()
        .map(|d| (d.severity, d.line, d.column, d.message.as_str()))
        .collect();
    let seal = format!(
        "{} không phải ảnh PNG đọc được (",
        dir.path().join("con-dau.png").display()
    );
    assert!(
        found.contains(&(
            Severity::Warning,
            line("chu-ky.png"),
            11,
            "ảnh chữ ký không có nền trong suốt"
        )),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|&(s, l, c, m)| s == Severity::Error
            && (l, c) == (line("con-dau.png"), 12)
            && m.starts_with(&seal)),
        "{found:#?}"
    );
}

#[test]
fn kinh_gui_lists_the_superiors_under_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let one = CAM_THANH.replacen(
        "\nky_bao_cao:",
        "\nkinh_gui: [UBND tỉnh Quảng Ngãi]\nky_bao_cao:",
        1,
    );
    let pdf = common::Pdf::parse(build_with(&one, PdfFlavour::Plain, dir.path()));
    // One recipient: on the line of "Kính gửi:", no full stop (V.8.a).
    let line = pdf.line("Kính gửi: UBND tỉnh Quảng Ngãi");
    let title = pdf.line("BÁO CÁO");
    assert!(line.y < title.y && line.page == 1);
    assert!((line.x + line.x_end) / 2.0 - (common::TEXT_LEFT + common::TEXT_RIGHT) / 2.0 < 2.0);

    let two = CAM_THANH.replacen(
        "\nky_bao_cao:",
        "\nkinh_gui: [UBND tỉnh Quảng Ngãi, Sở Nội vụ]\nky_bao_cao:",
        1,
    );
    let pdf = common::Pdf::parse(build_with(&two, PdfFlavour::Plain, dir.path()));
    assert!(
        pdf.flat_text()
            .contains("Kính gửi: - UBND tỉnh Quảng Ngãi; - Sở Nội vụ."),
        "{}",
        pdf.dump()
    );
    // Several: each on a line of its own below "Kính gửi:", the dashes one
    // under the other and under the colon (II.9.d).
    let label = pdf.line("Kính gửi:");
    // The colon is 0.278 em wide in Liberation Serif, as in Times.
    let colon = label.x_end - 0.278 * 14.0;
    let first = pdf.line("- UBND tỉnh Quảng Ngãi;");
    let second = pdf.line("- Sở Nội vụ.");
    assert!(
        first.y < label.y - 10.0 && second.y < first.y - 10.0,
        "{}",
        pdf.dump()
    );
    assert!((first.x - colon).abs() < 0.5, "{label:?} {first:?}");
    assert!((second.x - first.x).abs() < 0.5, "{first:?} {second:?}");
}

#[test]
fn a_long_recipient_wraps_under_its_text_not_its_dash() {
    let dir = tempfile::tempdir().unwrap();
    let long = "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Quảng Ngãi";
    let yaml = CAM_THANH.replacen("\nnoi_nhan:\n", &format!("\nnoi_nhan:\n  - {long}\n"), 1);
    let pdf = common::Pdf::parse(build_with(&yaml, PdfFlavour::Plain, dir.path()));
    let first = pdf.line_starting("- Văn phòng Đoàn");
    let next = pdf
        .lines()
        .into_iter()
        .filter(|l| l.page == first.page && l.y < first.y - 1.0 && l.x < first.x_end)
        .max_by(|a, b| a.y.total_cmp(&b.y))
        .unwrap();
    assert!(
        common::squash(&format!("{} {}", first.text, next.text)).starts_with(&format!("- {long};")),
        "{first:?}\n{next:?}"
    );
    // "- " in Liberation Serif at 11 pt: (0.333 + 0.25) em.
    let dash = 0.583 * 11.0;
    assert!((next.x - first.x - dash).abs() < 0.3, "{first:?}\n{next:?}");
}

#[test]
fn a_figure_of_zero_leaves_its_clause_out() {
    let dir = tempfile::tempdir().unwrap();
    let base = include_str!("../fixtures/base.yaml");
    let yaml = |radio: u32| {
        base.replacen(
            "      - chi_so: ho_so\n",
            "      - chi_so: ho_so\n      - chi_so: tuyen_truyen\n",
            1,
        ) + &format!("  tuyen_truyen: {{ tin_bai_trang_tin: 5, tin_bai_truyen_thanh: {radio} }}\n")
    };
    let text = |radio| {
        common::Pdf::parse(build_with(&yaml(radio), PdfFlavour::Plain, dir.path())).flat_text()
    };
    let site = "- Đăng tải 05 tin, bài về cải cách hành chính trên Trang thông tin điện tử";
    assert!(text(0).contains(&format!("{site}. ")), "{}", text(0));
    assert!(text(3).contains(&format!("{site}; phát 03 tin, bài trên đài truyền thanh. ")));
}

#[test]
fn figure_sentences_read_as_a_report_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let base = include_str!("../fixtures/base.yaml");
    let yaml = base
        .replacen(
            "      - chi_so: ho_so\n",
            "      - chi_so: ho_so\n      - chi_so: pakn\n      - chi_so: phi\n      - chi_so: tuyen_truyen\n",
            1,
        )
        .replacen("ky_hieu: BC-UBND\n", "ky_hieu: BC-UBND\nso_thap_phan: 1\n", 1)
        // 4 late of 100.000; nothing in feedback or fees this year.
        .replace(
            "    tiep_nhan_moi: 4120\n    truc_tuyen: 3000\n    truc_tiep: 1120\n    truoc_han: 4000\n    dung_han: 91\n    qua_han: 29\n",
            "    tiep_nhan_moi: 100000\n    truc_tuyen: 100000\n    truoc_han: 99000\n    dung_han: 996\n    qua_han: 4\n",
        )
        .replace(
            "  pakn: { tiep_nhan_moi: 4, da_xu_ly: 4, cong_khai: 4 }\n  phi: { da_thu: 18930000, nop_ngan_sach: 13720038 }\n",
            "  pakn: { tiep_nhan_moi: 0, da_xu_ly: 0 }\n  phi: { da_thu: 0 }\n  tuyen_truyen: { hoc_vien: 30, cuoc_thi: { ten: Hội thi “Tìm hiểu CCHC”, nguoi_tham_gia: 1246 } }\n  chi_tieu: { cap_giao: thành phố, ty_le_truc_tuyen: 100, ty_le_dung_han: 99.95 }\nky_truoc:\n  nhan: cùng kỳ năm 2024\n  chi_so: { ho_so: { tiep_nhan_moi: 80000 } }\n",
        );
    let text = common::Pdf::parse(build_with(&yaml, PdfFlavour::Plain, dir.path())).flat_text();
    for expected in [
        // The comparison after the brackets, never next to them.
        "số mới tiếp nhận trong kỳ: 100.000 hồ sơ (trực tuyến: 100.000 hồ sơ; trực tiếp và qua dịch vụ bưu chính công ích: 0 hồ sơ), tăng 25% so với cùng kỳ năm 2024.",
        // A target of 100 % is met by a complete share; a target is printed
        // as written, not at the report's one decimal, and compared exactly.
        "đạt 100% (chỉ tiêu thành phố giao: 100%; đạt chỉ tiêu)",
        // 99.996 % at one decimal: not complete, so not "100%".
        "trước hạn và đúng hạn đạt trên 99,9% (chỉ tiêu thành phố giao: trên 99,95%; đạt chỉ tiêu)",
        // 0.004 % is not nothing.
        "tỷ lệ hồ sơ quá hạn dưới 0,1%.",
        "- Trong kỳ không phát sinh phản ánh, kiến nghị về quy định hành chính.",
        "- Trong kỳ không phát sinh thu phí, lệ phí.",
        "- Có 30 học viên tham gia các lớp tập huấn.",
        "- Tổ chức Hội thi “Tìm hiểu CCHC” với 1.246 người tham gia.",
    ] {
        assert!(text.contains(expected), "no {expected:?} in\n{text}");
    }
    assert!(!text.contains(") ("), "{text}");
}

#[test]
fn a_heading_whose_figures_are_all_zero_says_nothing_happened() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = include_str!("../fixtures/base.yaml")
        .replacen(
            "  - muc: phuong_huong\n",
            "  - muc: ket_qua_tuyen_truyen\n    noi_dung:\n      - chi_so: tuyen_truyen\n  \
             - tieu_de: Dịch vụ công\n    noi_dung:\n      - Đã triển khai dịch vụ công.\n      - chi_so: dich_vu_cong\n  \
             - tieu_de: Thanh toán\n    noi_dung:\n      - chi_so: thanh_toan\n  \
             - tieu_de: Hội nghị\n    noi_dung:\n      - chi_so: tuyen_truyen.hoi_nghi\n  \
             - tieu_de: Hai nhóm\n    noi_dung:\n      - chi_so: tuyen_truyen\n      - chi_so: dich_vu_cong\n  \
             - muc: phuong_huong\n",
            1,
        )
        + "  tuyen_truyen: { tin_bai_trang_tin: 0, hoi_nghi: 0, to_roi: 0, khau_hieu: 0, lop_tap_huan: 0, luot_huong_dan: 0 }\n  \
           dich_vu_cong: { mot_phan_truc_tiep: 0, mot_phan_truc_tuyen: 0 }\n  \
           thanh_toan: { tthc_co_phi: 0, ho_so_co_phi: 0 }\n";
    let input = dir.path().join("bc.yaml");
    std::fs::write(&input, &yaml).unwrap();
    let out = dir.path().join("bc.pdf");
    let outcome = build::build_file(&input, Some(&out), &Options::default());
    let text = common::Pdf::parse(std::fs::read(&out).unwrap()).flat_text();
    // The text between a heading and the next one.
    let under = |heading: &str, next: &str| {
        let start = text
            .find(heading)
            .unwrap_or_else(|| panic!("no {heading:?} in\n{text}"));
        let rest = &text[start + heading.len()..];
        common::squash(
            &rest[..rest
                .find(next)
                .unwrap_or_else(|| panic!("no {next:?} in\n{text}"))],
        )
    };
    // Nothing else under the heading: one sentence says nothing happened.
    assert_eq!(
        under("KẾT QUẢ CÔNG TÁC TUYÊN TRUYỀN NĂM 2025", "III."),
        "- Trong kỳ không phát sinh hoạt động tuyên truyền cải cách hành chính.",
    );
    assert_eq!(
        under("THANH TOÁN", "V."),
        "- Trong kỳ không phát sinh thủ tục hành chính, hồ sơ có yêu cầu nghĩa vụ tài chính.",
    );
    // The ward's own words stand under it: nothing is added.
    assert_eq!(under("DỊCH VỤ CÔNG", "IV."), "Đã triển khai dịch vụ công.");
    // One sentence of a group (`.hoi_nghi`) is not the whole group: no
    // sentence claims that nothing at all happened. The heading stands
    // empty, and the build says so at it.
    assert_eq!(under("HỘI NGHỊ", "VI."), "");
    let line = yaml.lines().position(|l| l.ends_with("Hội nghị")).unwrap() as u32 + 1;
    assert_eq!(
        told(&outcome),
        [(
            Severity::Warning,
            line,
            14,
            "mục “Hội nghị” in ra không có nội dung: số liệu của `tuyen_truyen.hoi_nghi` bằng 0 nên không có câu nào được in"
        )]
    );
    // Two groups and nothing else: each says so.
    assert_eq!(
        under("HAI NHÓM", "VII."),
        "- Trong kỳ không phát sinh hoạt động tuyên truyền cải cách hành chính. \
         - Trong kỳ không phát sinh hồ sơ dịch vụ công trực tuyến.",
    );
}

#[test]
fn dropping_comments_keeps_every_value_of_every_data_file() {
    let data =
        |text: &str| serde_json::to_value(cchc_gen::load::read_report(text).unwrap()).unwrap();
    let mut texts: Vec<String> = crate::common::data_files()
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    // Block text with `#` in it, a quoted `#`, comments in flow lists.
    texts.push(
        include_str!("../fixtures/base.yaml")
            .replacen(
                "- Đã thực hiện đầy đủ kế hoạch năm 2025.",
                "- |\n        # không phải chú thích\n        dòng hai # cũng không\n      - \"Tuyên truyền #CCHC\" # chú thích",
                1,
            )
            .replacen("noi_nhan: [UBND tỉnh (b/c), Sở Nội vụ]", "noi_nhan: [\n  UBND tỉnh (b/c), # tỉnh\n  Sở Nội vụ]", 1),
    );
    for text in &texts {
        let stripped = cchc_gen::load::without_comments(text);
        assert_eq!(data(&stripped), data(text), "{stripped}");
        assert!(stripped.len() < text.len());
    }
}

/// The text lines of page 1 between two lines, for failure messages.
fn header_dump(pdf: &common::Pdf) -> String {
    pdf.lines()
        .iter()
        .filter(|l| l.page == 1 && l.y > common::TEXT_TOP - 120.0)
        .map(|l| format!("{:7.2} {:7.2}–{:7.2} {}\n", l.y, l.x, l.x_end, l.text))
        .collect()
}

// II.2.b: the rule under the agency's name is 1/3 to 1/2 of its line, also
// when the name, typed as one string, wraps in its column; a long place
// name wraps before the date, never inside it (II.4.c).
#[test]
fn a_wrapping_agency_name_and_a_long_place_name_keep_the_header_in_shape() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = CAM_THANH
        .replacen(
            "  ten: [ỦY BAN NHÂN DÂN, PHƯỜNG CAM THANH]",
            "  ten: ỦY BAN NHÂN DÂN PHƯỜNG CAM THANH",
            1,
        )
        .replacen("dia_danh: Cam Thanh", "dia_danh: Thành phố Hồ Chí Minh", 1);
    let pdf = common::Pdf::parse(build_with(&yaml, PdfFlavour::Plain, dir.path()));
    let column_end = common::TEXT_LEFT + 0.4 * (common::TEXT_RIGHT - common::TEXT_LEFT);
    let name: Vec<common::Line> = pdf
        .lines()
        .into_iter()
        .filter(|l| l.page == 1 && l.x_end < column_end && l.runs[0].size == 13.0)
        .take_while(|l| !l.text.starts_with("Số:"))
        .collect();
    assert!(
        name.len() >= 2,
        "the name does not wrap:\n{}",
        header_dump(&pdf)
    );
    let longest = name.iter().map(|l| l.x_end - l.x).fold(0.0, f64::max);
    let last = name.last().unwrap();
    let rule = pdf.page(1).segments.iter().copied().find(|s| {
        (s.y1 - s.y2).abs() < 0.01 && s.y1 < last.y && s.y1 > last.y - 10.0 && s.x2 < column_end
    });
    let rule = rule.unwrap_or_else(|| panic!("no rule under the name:\n{}", header_dump(&pdf)));
    // Under the letters, not through them.
    assert!(
        rule.y1 < last.y - last.runs[0].descent,
        "rule at y {:.2}, the name's last baseline at {:.2}",
        rule.y1,
        last.y
    );
    let length = (rule.x2 - rule.x1).abs();
    assert!(
        length >= longest / 3.0 && length <= longest / 2.0,
        "rule {length:.1} pt under a name {longest:.1} pt wide:\n{}",
        header_dump(&pdf)
    );
    common::assert_near(
        "rule's middle",
        (rule.x1 + rule.x2) / 2.0,
        (last.x + last.x_end) / 2.0,
        1.0,
    );
    pdf.line("Thành phố Hồ Chí Minh,");
    let date = pdf.line("ngày 19 tháng 11 năm 2025");
    assert_eq!(date.page, 1);
}

// A word wider than its table cell (a dossier code, a date in a narrow
// column) breaks inside the cell instead of printing over the next one:
// after "-", ".", "/" or "_" quietly, between letters with a warning that
// names the columns, at the first such cell, or the first number broken
// (easy to misread).
#[test]
fn a_long_code_in_a_narrow_column_stays_in_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    // A narrow last column: its bold header and plain words too.
    let table = "      - bang:\n          do_rong: [3, 12, 3, 1]\n          cot: [Mã hồ sơ, Tên thủ tục, Ngày, Người nhận]\n          dong:\n            - [\"000.00.12.H29-250100-0000\", Cấp Giấy chứng nhận quyền sử dụng đất, \"03/01/2025\", Nguyễn]\n            - [\"H290000000000000000000000000000000\", Đăng ký khai sinh, \"17/01/2025\", \"123456\"]\n";
    let (outcome, out) = build_tables(table, dir.path());
    assert_eq!(
        told(&outcome),
        [(
            Severity::Warning,
            28,
            87,
            "bảng có cột “Mã hồ sơ”, “Người nhận” quá hẹp: một từ dài hơn bề ngang cột bị ngắt giữa các chữ cái, như trong ô “123456”; con số bị ngắt như vậy dễ bị đọc sai"
        )]
    );
    assert!(
        outcome.diagnostics[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("`ngang: true`")),
        "{:?}",
        outcome.diagnostics[0].help
    );
    let pdf = common::Pdf::parse(std::fs::read(&out).unwrap());
    let runs: Vec<&common::Run> = pdf.runs().collect();
    for (i, a) in runs.iter().enumerate() {
        for b in &runs[i + 1..] {
            let same_line = a.page == b.page && (a.y - b.y).abs() < 1.0;
            let overlap = a.x_end.min(b.x_end) - a.x.max(b.x);
            assert!(
                !same_line || overlap < 0.5,
                "{:?} and {:?} overprint by {overlap:.1} pt",
                a.text,
                b.text
            );
        }
    }
    // The code is all there, in order, and the other cells as typed: the
    // break points print nothing, so the text copies as written.
    assert!(!pdf.flat_text().contains('\u{200B}'));
    let text = pdf.flat_text().replace(' ', "");
    assert!(text.contains("000.00.12.H29-250100-0000"), "{text}");
    assert!(
        text.contains("H290000000000000000000000000000000"),
        "{text}"
    );
    assert!(
        pdf.flat_text()
            .contains("Cấp Giấy chứng nhận quyền sử dụng đất")
    );
}

/// Builds `tables` (YAML blocks) into the base fixture's body and gives
/// the outcome, with the PDF path.
fn build_tables(tables: &str, dir: &Path) -> (build::Outcome, std::path::PathBuf) {
    let yaml = include_str!("../fixtures/base.yaml").replacen(
        "      - chi_so: ho_so\n",
        &format!("      - chi_so: ho_so\n{tables}"),
        1,
    );
    let input = dir.join("bc.yaml");
    std::fs::write(&input, yaml).unwrap();
    let out = dir.join("bc.pdf");
    (
        build::build_file(&input, Some(&out), &Options::default()),
        out,
    )
}

/// What a build told: severity, line, column and message of each.
fn told(outcome: &build::Outcome) -> Vec<(Severity, u32, u32, &str)> {
    outcome
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.line, d.column, d.message.as_str()))
        .collect()
}

// The warning names the cell typst broke, not another with the same text:
// the same words fit a wide column of the first table and are broken in
// the narrow one of the second. A sum of money is never split at its dots
// like a code, but broken and warned.
#[test]
fn a_narrow_column_warning_names_the_cell_that_broke() {
    let dir = tempfile::tempdir().unwrap();
    let (outcome, _) = build_tables(
        "      - bang:\n          cot: [Đơn vị, Ghi chú]\n          dong:\n            - [Bộ phận một cửa, Trung tâm phục vụ hành chính công]\n      - bang:\n          cot: [Đơn vị, Kết quả, Số tiền, Ghi chú]\n          do_rong: [8, 1, 1, 8]\n          dong:\n            - [Phường, Trung tâm phục vụ hành chính công, \"18.930.000\", Trung tâm phục vụ hành chính công]\n",
        dir.path(),
    );
    assert_eq!(
        told(&outcome),
        [(
            Severity::Warning,
            31,
            59,
            "bảng có cột “Kết quả”, “Số tiền” quá hẹp: một từ dài hơn bề ngang cột bị ngắt giữa các chữ cái, như trong ô “18.930.000”; con số bị ngắt như vậy dễ bị đọc sai"
        )]
    );
    assert!(outcome.pdf.is_some());
}

// Words of three letters or fewer are not measured: in a column narrower
// than them they print over the next cell, or across the column's rule.
// That is an error at the cell, and no PDF is written.
#[test]
fn short_words_printed_over_the_next_cell_or_its_rule_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (outcome, out) = build_tables(
        "      - bang:\n          cot: [Aa, Bb, Cc, Dd, Nội dung]\n          do_rong: [3, 1, 1, 1, 30]\n          dong:\n            - [\"WWW\", \"Mũi\", \"50%\", \"1,5\", Nội dung dài]\n",
        dir.path(),
    );
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                24,
                21,
                "trang 1 (đếm từ đầu tệp PDF): chữ “Bb” in đè lên chữ “Cc” bên cạnh"
            ),
            (
                24,
                25,
                "trang 1 (đếm từ đầu tệp PDF): chữ “Cc” in đè lên chữ “Dd” bên cạnh"
            ),
            (
                27,
                23,
                "trang 1 (đếm từ đầu tệp PDF): chữ “Mũi” in đè lên chữ “50%” bên cạnh"
            ),
        ],
    );
    assert!(!out.exists());
    // Short words wrapped in a narrow cell: the second line reaches over
    // the next cell's text, set centred between the two lines, not on
    // either baseline.
    let (outcome, out) = build_tables(
        "      - bang: {cot: [Hình thức, SL, Ghi chú], do_rong: [20, 1, 10], dong: [[Tin bài, \"Có 102\", Trang thông tin]]}\n",
        dir.path(),
    );
    assert_eq!(
        told(&outcome),
        [(
            Severity::Error,
            23,
            86,
            "trang 1 (đếm từ đầu tệp PDF): chữ “102” in đè lên chữ “Trang thông tin” bên cạnh"
        )]
    );
    assert!(!out.exists());
    // A header too wide for its column and no text beside it to meet: it
    // crosses the column's rule. Two units more, and it fits.
    let narrow = |width: u32| {
        format!(
            "      - bang: {{cot: [Nội dung công việc, SL, Kết quả], do_rong: [40, {width}, 40], dong: [[Tuyên truyền, \"1\", Đạt]]}}\n"
        )
    };
    let (outcome, out) = build_tables(&narrow(2), dir.path());
    assert_eq!(
        told(&outcome),
        [(
            Severity::Error,
            23,
            42,
            "trang 1 (đếm từ đầu tệp PDF): chữ “SL” vượt qua đường kẻ cột của bảng"
        )]
    );
    assert!(!out.exists());
    let (outcome, out) = build_tables(&narrow(4), dir.path());
    assert_eq!(told(&outcome), []);
    assert!(out.exists());
}

// I.2: a table in the body may be set across the page ("theo chiều rộng").
// It gets landscape pages of its own, the sheet turned with its bound edge
// on top, so each margin stays on its edge of the sheet: top 30 mm, right
// 20, bottom 15, left 20. The pages around it stay portrait and the page
// numbers go on.
#[test]
fn a_landscape_table_stands_on_its_own_turned_page() {
    use common::MM;
    // With the STT column, 14 columns: too many for a portrait page. The
    // STT column is as wide as "STT", whatever the shares of the others.
    let cols: Vec<String> = (1..=12).map(|i| format!("Cột {i}")).collect();
    let row: Vec<String> = (1..=12).map(|i| format!("{}", i * 1111)).collect();
    let table = format!(
        "      - bang:\n          ngang: true\n          stt: true\n          do_rong: [3, {}]\n          cot: [Lĩnh vực, {}]\n          dong:\n            - [Hộ tịch, {}]\n",
        ["2"; 12].join(", "),
        cols.join(", "),
        row.join(", "),
    );
    let yaml = include_str!("../fixtures/base.yaml").replacen(
        "      - chi_so: ho_so\n",
        &format!("      - chi_so: ho_so\n{table}"),
        1,
    );
    let pdf = common::build_yaml(&yaml);
    let sizes: Vec<(f64, f64)> = pdf
        .pages
        .iter()
        .map(|p| (p.width.round(), p.height.round()))
        .collect();
    assert_eq!(sizes, [(595.0, 842.0), (842.0, 595.0), (595.0, 842.0)]);
    let (width, height) = (297.0 * MM, 210.0 * MM);
    let page = pdf.page(2);
    // The one run in the 30 mm top margin is the number, centred.
    let (number, text): (Vec<&common::Run>, Vec<&common::Run>) =
        page.runs.iter().partition(|r| r.y > height - 30.0 * MM);
    assert_eq!(
        number.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(),
        ["2"]
    );
    common::assert_near("page number centre", number[0].centre(), width / 2.0, 3.0);
    for r in &text {
        assert!(
            r.x >= 20.0 * MM - common::EPS
                && r.x_end <= width - 20.0 * MM + common::EPS
                && r.y - r.descent >= 15.0 * MM - common::EPS,
            "{:?} at x {:.1}..{:.1}, y {:.1} is outside the turned margins",
            r.text,
            r.x,
            r.x_end,
            r.y
        );
    }
    // Every header and figure whole in its cell: none broken to fit.
    let texts: Vec<&str> = text.iter().map(|r| r.text.as_str()).collect();
    for cell in ["STT", "Lĩnh vực", "Cột 12", "Hộ tịch", "13332"] {
        assert!(texts.contains(&cell), "{cell:?} not on page 2: {texts:?}");
    }
    assert!(!texts.iter().any(|t| t.contains('\u{200B}')), "{texts:?}");
    // "STT" within its cell's 4 pt inset, not wider than its column.
    let stt = text.iter().find(|r| r.text == "STT").expect("STT");
    assert!(
        stt.x >= 20.0 * MM + 4.0 - common::EPS,
        "STT at {:.1}",
        stt.x
    );
    assert_eq!(pdf.line_starting("Trên đây là báo cáo").page, 3);
}
