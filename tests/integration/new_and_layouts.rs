//! `cchc-gen new` (from a layout and from last period's file), and users'
//! own layouts overriding the built-in ones.

use std::path::Path;

use crate::common::{self, cchc_gen, data, stderr, stdout};

/// Replaces every «điền: ...» with a plausible value, as an official would.
fn fill_placeholders(text: &str) -> String {
    let re = regex_lite::Regex::new(r#""«điền: ([^»]*)»""#).unwrap();
    let text = re.replace_all(text, |c: &regex_lite::Captures| match &c[1] {
        s if s.starts_with("số/") => "\"12/KH-UBND\"".to_owned(),
        s if s.starts_with("số của kỳ này") => "0".to_owned(),
        s if s.starts_with("ngày ban hành") => "\"02/01/2025\"".to_owned(),
        "họ và tên" => "\"Nguyễn Văn An\"".to_owned(),
        _ => "\"Nội dung đã điền.\"".to_owned(),
    });
    text.replace("«điền: đơn vị soạn thảo»", "VHXH")
}

/// The PDF's text, lines joined with single spaces.
fn pdf_text(path: &Path) -> String {
    common::Pdf::parse(std::fs::read(path).unwrap()).flat_text()
}

#[test]
fn new_writes_every_layout_a_file_that_checks_once_filled_and_builds() {
    // (layout, a heading the layout writes itself, a figure sentence)
    let cases = [
        (
            "tuyen-truyen",
            "Công tác chỉ đạo, điều hành, tổ chức triển khai thực hiện",
            "Tổng số hồ sơ TTHC đã tiếp nhận: 0 hồ sơ",
        ),
        (
            "ket-qua-cchc",
            "Cải cách tổ chức bộ máy hành chính nhà nước",
            // Filled with zeros: said in words, not as "0 PAKN".
            "Trong kỳ không phát sinh phản ánh, kiến nghị về quy định hành chính.",
        ),
        (
            "bao-cao",
            "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027",
            "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        ),
    ];
    for (layout, heading, sentence) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out = cchc_gen(
            &[
                "new",
                layout,
                "--co-quan",
                "phường An Hòa",
                "--ky",
                "nam-2026",
                "--ngay",
                "2026-12-15",
                "-o",
                "bc.yaml",
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{layout}: {}", stderr(&out));
        let text = std::fs::read_to_string(dir.path().join("bc.yaml")).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=cchc-gen.schema.json\n"),
            "{text}"
        );
        assert!(dir.path().join("cchc-gen.schema.json").exists());
        assert!(
            text.contains("# Ký hiệu văn bản: chữ viết tắt tên loại + tên cơ quan"),
            "{text}"
        );
        assert!(
            text.contains("\n    - ỦY BAN NHÂN DÂN\n    - PHƯỜNG AN HÒA\n"),
            "{text}"
        );
        assert!(text.contains("\n  ten_goi: UBND phường An Hòa\n"), "{text}");
        assert!(text.contains("ngay: 2026-12-15\n"));
        // Optional keys are there too, commented, with their explanation.
        assert!(text.contains("\n# kinh_gui:\n"), "{text}");
        assert!(text.contains("\n  # chu_ky:\n"), "{text}");

        // Unfilled, check lists every placeholder with its line.
        let unfilled = cchc_gen(&["check", "bc.yaml"], dir.path());
        assert_eq!(unfilled.status.code(), Some(1));
        let placeholders: usize = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .map(|l| l.matches("«điền").count())
            .sum();
        assert_eq!(
            stderr(&unfilled).matches("lỗi: chưa điền").count(),
            placeholders,
            "{}",
            stderr(&unfilled)
        );

        std::fs::write(dir.path().join("bc.yaml"), fill_placeholders(&text)).unwrap();
        let checked = cchc_gen(&["check", "bc.yaml"], dir.path());
        assert_eq!(
            checked.status.code(),
            Some(0),
            "{layout}: {}",
            stderr(&checked)
        );
        let built = cchc_gen(&["build", "bc.yaml"], dir.path());
        assert_eq!(built.status.code(), Some(0), "{layout}: {}", stderr(&built));
        let pdf = pdf_text(&dir.path().join("bc.pdf"));
        assert!(pdf.contains(heading), "{layout}: no {heading:?} in\n{pdf}");
        assert!(
            pdf.contains(sentence),
            "{layout}: no {sentence:?} in\n{pdf}"
        );

        // The next period's file asks only for what is new, and checks
        // once that is filled (`bao-cao` has no figures to compare with).
        let next = cchc_gen(&["new", "--from", "bc.yaml", "-o", "sau.yaml"], dir.path());
        assert_eq!(next.status.code(), Some(0), "{layout}: {}", stderr(&next));
        let report = stderr(&cchc_gen(&["check", "sau.yaml"], dir.path()));
        let errors: Vec<&str> = report.lines().filter(|l| l.contains("lỗi:")).collect();
        assert!(!errors.is_empty(), "{layout}");
        assert!(
            errors.iter().all(|l| l.contains("lỗi: chưa điền")),
            "{layout}: {errors:#?}"
        );
        let text = std::fs::read_to_string(dir.path().join("sau.yaml")).unwrap();
        std::fs::write(dir.path().join("sau.yaml"), fill_placeholders(&text)).unwrap();
        let checked = cchc_gen(&["check", "sau.yaml"], dir.path());
        assert_eq!(
            checked.status.code(),
            Some(0),
            "{layout}: {}",
            stderr(&checked)
        );
    }
}

#[test]
fn new_for_a_past_period_is_dated_within_it() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["new", "tuyen-truyen", "--co-quan", "phường An Hòa"];
    let out = cchc_gen(
        &[&args[..], &["--ky", "quy-1-2025", "-o", "bc.yaml"]].concat(),
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("bc.yaml")).unwrap();
    assert!(text.contains("\nngay: 2025-03-31\n"), "{text}");
    std::fs::write(dir.path().join("bc.yaml"), fill_placeholders(&text)).unwrap();
    let checked = cchc_gen(&["check", "bc.yaml"], dir.path());
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
}

#[test]
fn new_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("bc.yaml");
    std::fs::write(&target, "mine").unwrap();
    let out = cchc_gen(&["new", "tuyen-truyen", "-o", "bc.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bc.yaml đã có; chọn tên khác hoặc thêm --force"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
    let forced = cchc_gen(
        &["new", "tuyen-truyen", "-o", "bc.yaml", "--force"],
        dir.path(),
    );
    assert_eq!(forced.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("mau: tuyen-truyen")
    );
}

#[test]
fn new_from_never_writes_over_the_file_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read(data("cam-thanh-2025.yaml")).unwrap();
    std::fs::write(dir.path().join("bc.yaml"), &old).unwrap();
    for output in ["bc.yaml", "./bc.yaml"] {
        let out = cchc_gen(
            &["new", "--from", "bc.yaml", "-o", output, "--force"],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert_eq!(
            stderr(&out),
            format!(
                "lỗi: -o {output} là chính tệp kỳ trước (--from); ghi tệp kỳ mới ra tệp khác\n"
            )
        );
    }
    assert_eq!(std::fs::read(dir.path().join("bc.yaml")).unwrap(), old);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn new_rejects_wrong_calls_as_usage() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["new", "tuyen-truyen", "--ky", "quy-5-2026", "-o", "x.yaml"],
            "kỳ “quy-5-2026” không hợp lệ",
        ),
        (
            &[
                "new",
                "tuyen-truyen",
                "--ky",
                "thang-13-2026",
                "-o",
                "x.yaml",
            ],
            "thang-10-2026 (tháng 1 đến 12)",
        ),
        (
            &[
                "new",
                "tuyen-truyen",
                "--co-quan",
                "Cam Thanh",
                "-o",
                "x.yaml",
            ],
            "giá trị `Cam Thanh` không hợp lệ cho --co-quan <TÊN>: ghi loại và tên đơn vị, ví dụ \"phường Cam Thanh\"",
        ),
        (
            &["new", "khong-co", "-o", "x.yaml"],
            "không có mẫu `khong-co`",
        ),
        (
            &["new", "--from", "khong-co.yaml", "-o", "x.yaml"],
            "không có tệp khong-co.yaml",
        ),
        (
            &["new", "tuyen-truyen", "-o", "thieu/x.yaml"],
            "không ghi được thieu/x.yaml: không tìm thấy",
        ),
    ];
    for (args, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out = cchc_gen(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "{args:?}"
        );
    }
}

/// Chí Linh's "năm 2025" report took its figures from July to 25
/// September only: a full year is not compared with them.
#[test]
fn new_from_figures_of_part_of_a_period_makes_no_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let from = data("chi-linh-2025.yaml");
    let args = ["new", "--from", from.to_str().unwrap(), "-o", "cl.yaml"];
    let out = cchc_gen(&args, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("cl.yaml")).unwrap();
    let loaded = cchc_gen::load::load_str(Path::new("cl.yaml"), text.clone()).unwrap();
    assert!(loaded.report.ky_truoc.is_none());
    assert!(
        text.contains("số liệu năm 2025 chỉ lấy từ 2025-07-01 đến 2025-09-25, không trọn kỳ"),
        "{text}"
    );
}

#[test]
fn new_from_last_period_moves_forward_and_keeps_last_figures() {
    let dir = tempfile::tempdir().unwrap();
    let from = data("cam-thanh-2025.yaml");
    let out = cchc_gen(
        &[
            "new",
            "--from",
            from.to_str().unwrap(),
            "-o",
            "cam-thanh-2026.yaml",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("cam-thanh-2026.yaml")).unwrap();
    let loaded = cchc_gen::load::load_str(Path::new("x.yaml"), text.clone()).unwrap();
    let r = &loaded.report;
    assert_eq!(r.ky_bao_cao.label(), "năm 2026");
    assert_eq!(r.ngay.value.to_string(), "2026-11-19");
    assert!(r.so.is_none(), "the number is cleared");
    // `so:` is left empty where the clerk looks for it, after the agency.
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with([' ', '#']))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(keys[..4], ["mau", "co_quan", "so", "ky_hieu"], "{keys:?}");
    // A one-line summary stays one line, not a list of one.
    assert!(
        text.contains("\ntrich_yeu: Công tác tuyên truyền cải cách hành chính năm 2026\n"),
        "{text}"
    );
    assert_eq!(r.co_quan.ten_goi.value, "UBND phường Cam Thanh");
    assert_eq!(r.nguoi_ky.ho_ten.as_ref().unwrap().value, "Đỗ Đức Anh");
    assert_eq!(r.noi_nhan.len(), 8);
    assert_eq!(
        r.trich_yeu.0[0].value,
        "Công tác tuyên truyền cải cách hành chính năm 2026"
    );
    // Counts are places to fill, each an error of its own line: a count
    // forgotten at 0 would drop its sentence from the report unnoticed.
    let figures = r.chi_so.ho_so.as_ref().unwrap();
    let line = text
        .lines()
        .nth(figures.tiep_nhan_moi.line as usize - 1)
        .unwrap();
    assert_eq!(
        line.trim(),
        "tiep_nhan_moi: \"«điền: số của kỳ này, 0 nếu không có»\""
    );
    let unfilled = loaded
        .diagnostics
        .iter()
        .find(|d| d.line == figures.tiep_nhan_moi.line)
        .expect("an error at the count");
    assert!(unfilled.is_error());
    assert_eq!(unfilled.message, "chưa điền: số của kỳ này, 0 nếu không có");
    let previous = r.ky_truoc.as_ref().unwrap();
    assert_eq!(previous.nhan.value, "cùng kỳ năm 2025");
    assert_eq!(
        previous.chi_so.ho_so.as_ref().unwrap().tiep_nhan_moi.value,
        7476
    );
    // A contest is held each year: its name moves on, last year's stays
    // with last year's figures.
    let contest = |f: &cchc_gen::figures::Figures| {
        let t = f.tuyen_truyen.as_ref().unwrap();
        t.cuoc_thi.as_ref().unwrap().ten.value.clone()
    };
    assert!(contest(&r.chi_so).ends_with("phường Cam Thanh năm 2026"));
    assert!(contest(&previous.chi_so).ends_with("phường Cam Thanh năm 2025"));
    // Same top-level sections, headings moved to the new year.
    let titles: Vec<String> = r
        .noi_dung
        .iter()
        .filter_map(|b| match &b.value {
            cchc_gen::model::StrOr::Other(m) => m.tieu_de.as_ref().map(|t| t.value.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(titles[1], "Kết quả tuyên truyền trong năm 2026");
    assert_eq!(titles[3], "Phương hướng năm 2027");
    assert_eq!(titles.len(), 5);

    // Filled in with this year's counts (last year's, 934 more received
    // in person), the comparison is written.
    let last = std::fs::read_to_string(&from).unwrap();
    let counts = top_level_block(&last, "chi_so")
        .replacen("tiep_nhan_moi: 7476", "tiep_nhan_moi: 8410", 1)
        .replacen("truc_tiep: 2230", "truc_tiep: 3164", 1);
    let filled = fill_placeholders(&text);
    let filled = filled.replacen(top_level_block(&filled, "chi_so"), &counts, 1);
    std::fs::write(dir.path().join("cam-thanh-2026.yaml"), filled).unwrap();
    let built = cchc_gen(&["build", "cam-thanh-2026.yaml"], dir.path());
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let pdf = pdf_text(&dir.path().join("cam-thanh-2026.pdf"));
    assert!(
        pdf.contains("Cam Thanh, ngày 19 tháng 11 năm 2026"),
        "{pdf}"
    );
    assert!(
        pdf.contains("Số mới tiếp nhận trong kỳ: 8.410 hồ sơ"),
        "{pdf}"
    );
}

/// The text of a top-level key's block, up to the next top-level key.
fn top_level_block<'a>(text: &'a str, key: &str) -> &'a str {
    let start = text.find(&format!("\n{key}:\n")).expect("the block") + 1;
    let end = text[start..]
        .match_indices('\n')
        .map(|(i, _)| start + i + 1)
        .find(|&i| text[i..].starts_with(|c: char| c.is_ascii_lowercase()))
        .unwrap_or(text.len());
    &text[start..end]
}

#[test]
fn a_layouts_folder_beside_the_data_overrides_a_built_in_layout() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(data("cam-thanh-2025.yaml"), dir.path().join("bc.yaml")).unwrap();
    let out = cchc_gen(
        &["layouts", "export", "tuyen-truyen", "layouts"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let layout = dir.path().join("layouts/tuyen-truyen.typ.j2");
    let text = std::fs::read_to_string(&layout).unwrap();
    assert!(text.contains("{% extends \"base.typ.j2\" %}"));
    let mine = text.replace(
        "mo_ta: Báo cáo công tác tuyên truyền cải cách hành chính (năm, 6 tháng, quý)",
        "mo_ta: Mẫu riêng của phường",
    );
    std::fs::write(&layout, mine).unwrap();
    // Cam Thanh writes its own closing sentence: use the layout's instead.
    let data_text = std::fs::read_to_string(dir.path().join("bc.yaml")).unwrap();
    let start = data_text
        .find("\nket_luan:")
        .expect("the data has a closing sentence");
    let end = data_text[start + 1..].find("\nnoi_nhan:").unwrap() + start + 1;
    std::fs::write(
        dir.path().join("bc.yaml"),
        format!("{}{}", &data_text[..start], &data_text[end..]),
    )
    .unwrap();
    let layout_text = std::fs::read_to_string(&layout).unwrap().replace(
        "Trên đây là báo cáo kết quả công tác tuyên truyền cải cách hành chính {{ ky }}",
        "Trên đây là báo cáo theo mẫu riêng {{ ky }}",
    );
    std::fs::write(&layout, layout_text).unwrap();

    // Listed as build sees them: the folder's own layouts/ without a flag.
    let listed = cchc_gen(&["layouts"], dir.path());
    let listing = stdout(&listed);
    assert!(
        listing.contains("tuyen-truyen") && listing.contains("Mẫu riêng của phường (mẫu riêng)"),
        "{listing}"
    );

    let built = cchc_gen(&["build", "bc.yaml"], dir.path());
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let pdf = pdf_text(&dir.path().join("bc.pdf"));
    assert!(
        pdf.contains("Trên đây là báo cáo theo mẫu riêng năm 2025"),
        "{pdf}"
    );
}

#[test]
fn a_broken_layout_is_reported_in_the_layout_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(data("cam-thanh-2025.yaml"), dir.path().join("bc.yaml")).unwrap();
    std::fs::create_dir(dir.path().join("layouts")).unwrap();
    std::fs::write(
        dir.path().join("layouts/tuyen-truyen.typ.j2"),
        "{#\nmo_ta: hỏng\nloai: bao-cao\n#}\n{% extends \"base.typ.j2\" %}\n{% block body %}\n{{ co_quan }\n{% endblock %}\n",
    )
    .unwrap();
    let out = cchc_gen(&["build", "bc.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("layouts/tuyen-truyen.typ.j2:7:12: lỗi: mẫu viết sai cú pháp"),
        "{err}"
    );
    assert!(!dir.path().join("bc.pdf").exists());
}

// A base layout exported before landscape tables existed does not pass
// `landscape` on: the table prints portrait, and the build says why, at the
// data's `ngang: true`, naming the user's file.
#[test]
fn a_users_layout_that_ignores_a_landscape_table_is_warned() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = include_str!("../fixtures/base.yaml").replacen(
        "      - chi_so: ho_so\n",
        "      - chi_so: ho_so\n      - bang:\n          ngang: true\n          cot: [A, B]\n          dong: [[a, b]]\n",
        1,
    );
    std::fs::write(dir.path().join("bc.yaml"), yaml).unwrap();
    let export = cchc_gen(&["layouts", "export", "base", "layouts"], dir.path());
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let base = dir.path().join("layouts/base.typ.j2");
    let text = std::fs::read_to_string(&base).unwrap();
    let old = text.replace(", landscape: {{ b.landscape | typst }}", "");
    assert_ne!(old, text, "the built-in base passes landscape on");
    std::fs::write(&base, old).unwrap();

    let built = cchc_gen(&["build", "bc.yaml"], dir.path());
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let err = stderr(&built);
    assert!(
        err.contains(
            "bc.yaml:24:18: cảnh báo: bảng vẫn in trên trang dọc: mẫu trình bày riêng (layouts/base.typ.j2)"
        ),
        "{err}"
    );
    let doc = lopdf::Document::load(dir.path().join("bc.pdf")).unwrap();
    assert!(
        doc.get_pages().values().all(|&id| {
            let page = doc.get_dictionary(id).unwrap();
            let b = page.get(b"MediaBox").unwrap().as_array().unwrap();
            b[2].as_float().unwrap() < b[3].as_float().unwrap()
        }),
        "every page portrait"
    );

    // The built-in layout turns it, and says nothing.
    std::fs::remove_file(&base).unwrap();
    let built = cchc_gen(&["build", "bc.yaml"], dir.path());
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert!(!stderr(&built).contains("cảnh báo"), "{}", stderr(&built));
}

#[test]
fn a_layout_file_that_cannot_be_read_is_an_error_not_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(data("cam-thanh-2025.yaml"), dir.path().join("bc.yaml")).unwrap();
    let layouts = dir.path().join("layouts");
    std::fs::create_dir(&layouts).unwrap();
    // Saved in a legacy encoding (TCVN3 "Þ" is byte 0xDE), and a folder
    // where the library file should be.
    std::fs::write(
        layouts.join("tuyen-truyen.typ.j2"),
        b"{#\nmo_ta: x\nloai: bao-cao\n#}\nB\xdeo c\xdeo\n",
    )
    .unwrap();
    std::fs::create_dir(layouts.join("nd30.typ")).unwrap();
    for command in ["check", "build"] {
        let out = cchc_gen(&[command, "bc.yaml"], dir.path());
        assert_eq!(out.status.code(), Some(1), "{command}");
        let err = stderr(&out);
        for expected in [
            "layouts/tuyen-truyen.typ.j2:5:2: lỗi: tệp không phải văn bản UTF-8",
            "cách sửa: lưu lại tệp với bảng mã UTF-8",
            "layouts/nd30.typ: lỗi: không đọc được tệp: đường dẫn này là một thư mục",
        ] {
            assert!(err.contains(expected), "{command}: {expected}\n{err}");
        }
        // Told once, in the layout file, not also as a missing layout.
        assert!(!err.contains("không có mẫu"), "{err}");
    }
    assert!(!dir.path().join("bc.pdf").exists());

    let listed = cchc_gen(&["layouts"], dir.path());
    assert_eq!(listed.status.code(), Some(1));
    assert!(
        stdout(&listed).contains("tuyen-truyen             [lỗi] layouts/tuyen-truyen.typ.j2:5:2: lỗi: tệp không phải văn bản UTF-8"),
        "{}",
        stdout(&listed)
    );

    // A layout that only the rendering reads (through `extends`).
    std::fs::remove_file(layouts.join("tuyen-truyen.typ.j2")).unwrap();
    std::fs::remove_dir(layouts.join("nd30.typ")).unwrap();
    std::fs::write(layouts.join("base.typ.j2"), b"\xde").unwrap();
    let out = cchc_gen(&["build", "bc.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("layouts/base.typ.j2:1:1: lỗi: tệp không phải văn bản UTF-8"),
        "{err}"
    );
    assert!(!dir.path().join("bc.pdf").exists());
}

#[test]
fn the_readme_documents_every_key_of_the_schema() {
    let readme = include_str!("../../README.md");
    let schema: serde_json::Value = serde_json::from_str(&cchc_gen::schema::json()).unwrap();
    let mut keys = Vec::new();
    fn collect(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::Object(props)) = m.get("properties") {
                    out.extend(props.keys().cloned());
                }
                m.values().for_each(|x| collect(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
            _ => {}
        }
    }
    collect(&schema, &mut keys);
    keys.sort();
    keys.dedup();
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| !readme.contains(&format!("`{k}")) && !readme.contains(&format!(".{k}")))
        .collect();
    assert!(missing.is_empty(), "README does not document: {missing:?}");
}

#[test]
fn the_schema_beside_the_example_data_is_current() {
    let committed = std::fs::read_to_string(data("cchc-gen.schema.json")).unwrap();
    assert_eq!(
        committed.trim_end(),
        cchc_gen::schema::json(),
        "run `cargo run -- schema > data/cchc-gen.schema.json`"
    );
    let v: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    for entry in std::fs::read_dir(data("")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "yaml") {
            let first = std::fs::read_to_string(&path).unwrap();
            assert!(
                first.starts_with("# yaml-language-server: $schema=cchc-gen.schema.json\n"),
                "{}",
                path.display()
            );
        }
    }
}

/// Writes `name`: the base fixture moved to 2026, on period `ky` (as in
/// the data file) and dated `ngay`; it passes `check`.
fn period_file(dir: &Path, name: &str, ky: &str, ngay: &str) {
    let text = include_str!("../fixtures/base.yaml")
        .replace("2026", "2027")
        .replace("2025", "2026")
        .replacen(
            "ky_bao_cao: { loai: nam, nam: 2026 }",
            &format!("ky_bao_cao: {ky}"),
            1,
        )
        .replacen("ngay: 2026-12-20", &format!("ngay: {ngay}"), 1);
    std::fs::write(dir.join(name), text).unwrap();
    let checked = cchc_gen(&["check", name], dir);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
}

/// `new --from FROM -o moi.yaml [--ky KY]`: the file written, loaded.
fn new_from(dir: &Path, from: &str, ky: Option<&str>) -> (String, cchc_gen::model::Report) {
    let mut args = vec!["new", "--from", from, "-o", "moi.yaml", "--force"];
    args.extend(ky.iter().flat_map(|k| ["--ky", k]));
    let out = cchc_gen(&args, dir);
    assert_eq!(out.status.code(), Some(0), "{ky:?}: {}", stderr(&out));
    let text = std::fs::read_to_string(dir.join("moi.yaml")).unwrap();
    let loaded = cchc_gen::load::load_str(Path::new("moi.yaml"), text.clone()).unwrap();
    (text, loaded.report)
}

#[test]
fn new_from_compares_only_with_the_same_period_a_year_before_or_the_one_just_before() {
    let dir = tempfile::tempdir().unwrap();
    // Q4 has its own comparison with Q3, which the new file never takes.
    period_file(
        dir.path(),
        "q4.yaml",
        "{ loai: quy, quy: 4, nam: 2026 }",
        "2026-12-20",
    );
    let mut q4 = std::fs::read_to_string(dir.path().join("q4.yaml")).unwrap();
    q4.push_str("ky_truoc:\n  nhan: kỳ trước (quý III năm 2026)\n  chi_so:\n    pakn: { tiep_nhan_moi: 1, da_xu_ly: 1, cong_khai: 1 }\n");
    std::fs::write(dir.path().join("q4.yaml"), q4).unwrap();
    for (ky, label) in [
        (None, "kỳ trước (quý IV năm 2026)"),
        (Some("quy-4-2027"), "cùng kỳ năm 2026"),
    ] {
        let (text, r) = new_from(dir.path(), "q4.yaml", ky);
        let previous = r.ky_truoc.expect("a comparison");
        assert_eq!(previous.nhan.value, label, "{ky:?}");
        // Q4's own figures, not Q3's.
        let pakn = previous.chi_so.pakn.unwrap();
        assert_eq!(pakn.tiep_nhan_moi.value, 4, "{ky:?}");
        assert!(previous.chi_so.ho_so.is_some(), "{ky:?}");
        assert!(
            text.contains(&format!("\n# Số liệu quý IV năm 2026 chép nguyên từ chi_so của q4.yaml, để báo cáo viết «so với {label}».\nky_truoc:\n")),
            "{text}"
        );
        assert!(
            text.contains(
                "\n# Tạo bởi `cchc-gen new --from q4.yaml`: quý IV năm 2026 (2026-12-20) → "
            ),
            "{text}"
        );
        assert!(!text.contains("quý III"), "{text}");
    }
    // Another length, or a gap: no comparison, and the file says why.
    for (ky, why) in [
        (
            "nam-2026",
            "quý IV năm 2026 và năm 2026 dài khác nhau, số liệu không so sánh được",
        ),
        (
            "quy-2-2027",
            "quý IV năm 2026 không phải kỳ liền trước, cũng không phải cùng kỳ năm trước của quý II năm 2027",
        ),
    ] {
        let (text, r) = new_from(dir.path(), "q4.yaml", Some(ky));
        assert!(r.ky_truoc.is_none(), "{ky}");
        assert!(
            text.contains(&format!(
                "\n# Không có ky_truoc (báo cáo không so sánh số liệu): {why}."
            )),
            "{ky}: {text}"
        );
        assert!(
            text.contains("\n# Không có ky_truoc: xem chú thích ở cuối tệp.\n"),
            "{text}"
        );
        assert!(!text.contains("quý III"), "{text}");
    }
}

#[test]
fn new_from_refuses_a_period_that_is_not_after_the_last_one() {
    let dir = tempfile::tempdir().unwrap();
    period_file(
        dir.path(),
        "q2.yaml",
        "{ loai: quy, quy: 2, nam: 2026 }",
        "2026-06-30",
    );
    for (ky, label) in [
        ("quy-2-2026", "quý II năm 2026"),
        ("quy-1-2026", "quý I năm 2026"),
        ("6-thang-cuoi-2025", "6 tháng cuối năm 2025"),
    ] {
        let out = cchc_gen(
            &["new", "--from", "q2.yaml", "--ky", ky, "-o", "moi.yaml"],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(2), "{ky}");
        assert_eq!(
            stderr(&out),
            format!(
                "lỗi: --ky {ky} ({label}) không sau kỳ của tệp kỳ trước q2.yaml (quý II năm 2026); chọn một kỳ kết thúc sau tháng 6 năm 2026, ví dụ quy-3-2026 (kỳ kế tiếp, mặc định khi bỏ --ky) hoặc quy-2-2027 (cùng kỳ năm sau), hoặc một kỳ dài hơn kết thúc cùng tháng (như báo cáo năm sau báo cáo quý IV)\n"
            )
        );
        assert!(!dir.path().join("moi.yaml").exists(), "{ky}");
    }
    // A longer period ending the same month follows.
    let (_, r) = new_from(dir.path(), "q2.yaml", Some("6-thang-dau-2026"));
    assert_eq!(r.ky_bao_cao.label(), "6 tháng đầu năm 2026");
    assert!(r.ky_truoc.is_none());
}

#[test]
fn new_from_proposes_the_report_that_usually_comes_next() {
    let dir = tempfile::tempdir().unwrap();
    // (last period, its date, the next one's, its date)
    let cases = [
        (
            "{ loai: quy, quy: 3, nam: 2026 }",
            "2026-09-30",
            "quý IV năm 2026",
            "2026-12-31",
        ),
        (
            "{ loai: quy, quy: 4, nam: 2026 }",
            "2026-12-31",
            "quý I năm 2027",
            "2027-03-31",
        ),
        (
            "{ loai: quy, quy: 3, nam: 2026 }",
            "2026-09-20",
            "quý IV năm 2026",
            "2026-12-20",
        ),
        (
            "{ loai: quy, quy: 4, nam: 2026 }",
            "2027-01-05",
            "quý I năm 2027",
            "2027-04-05",
        ),
        (
            "{ loai: thang, thang: 1, nam: 2026 }",
            "2026-01-31",
            "tháng 2 năm 2026",
            "2026-02-28",
        ),
        (
            "{ loai: thang, thang: 2, nam: 2026 }",
            "2026-02-28",
            "tháng 3 năm 2026",
            "2026-03-31",
        ),
        (
            "{ loai: thang, thang: 1, nam: 2026 }",
            "2026-01-30",
            "tháng 2 năm 2026",
            "2026-02-28",
        ),
        (
            "{ loai: 6-thang-dau, nam: 2026 }",
            "2026-06-15",
            "9 tháng năm 2026",
            "2026-09-15",
        ),
        (
            "{ loai: 9-thang, nam: 2026 }",
            "2026-09-30",
            "năm 2026",
            "2026-12-31",
        ),
        (
            "{ loai: 6-thang-cuoi, nam: 2026 }",
            "2026-12-31",
            "6 tháng đầu năm 2027",
            "2027-06-30",
        ),
    ];
    for (ky, ngay, next, next_ngay) in cases {
        period_file(dir.path(), "cu.yaml", ky, ngay);
        let (_, r) = new_from(dir.path(), "cu.yaml", None);
        assert_eq!(r.ky_bao_cao.label(), next, "{ky} {ngay}");
        assert_eq!(r.ngay.value.to_string(), next_ngay, "{ky} {ngay}");
    }
    // A date kept within the new period's: a year's report dated early in
    // its year, followed by a quarter's.
    period_file(
        dir.path(),
        "cu.yaml",
        "{ loai: nam, nam: 2026 }",
        "2026-02-10",
    );
    let (_, r) = new_from(dir.path(), "cu.yaml", Some("quy-1-2027"));
    assert_eq!(r.ngay.value.to_string(), "2027-01-01");
}

#[test]
fn new_names_a_ward_numbered_in_full_before_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = cchc_gen(
        &[
            "new",
            "tuyen-truyen",
            "--co-quan",
            "phường 12",
            "--ky",
            "quy-2-2026",
            "--ngay",
            "2026-06-30",
            "-o",
            "bc.yaml",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("bc.yaml")).unwrap();
    assert!(text.contains("\ndia_danh: Phường 12\n"), "{text}");
    assert!(text.contains("\n  ten_goi: UBND Phường 12\n"), "{text}");
    std::fs::write(dir.path().join("bc.yaml"), fill_placeholders(&text)).unwrap();
    let built = cchc_gen(&["build", "bc.yaml"], dir.path());
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let pdf = pdf_text(&dir.path().join("bc.pdf"));
    assert!(pdf.contains("Phường 12, ngày 30 tháng 6 năm 2026"), "{pdf}");

    // A name may be a person's: the short name, and the rule beside it.
    let out = cchc_gen(
        &[
            "new",
            "tuyen-truyen",
            "--co-quan",
            "phường Lê Lợi",
            "-o",
            "ll.yaml",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("ll.yaml")).unwrap();
    assert!(
        text.contains("\n# Lấy từ --co-quan. Nếu phường Lê Lợi đặt theo tên người hoặc sự kiện lịch sử, ghi tên đầy đủ «Phường Lê Lợi» ở đây và «UBND Phường Lê Lợi» ở ten_goi (Nghị định 30, Phụ lục I, mục II.4.a; Phụ lục II, mục III.1.b).\ndia_danh: Lê Lợi\n"),
        "{text}"
    );
}

#[test]
fn new_writes_the_place_name_with_the_capitals_check_asks_for() {
    let dir = tempfile::tempdir().unwrap();
    // (--dia-danh, --co-quan, what is written, the note above it)
    let cases = [
        ("hòa bình", None, "Hòa Bình", None),
        ("phường 12", None, "Phường 12", None),
        ("THỊ TRẤN 3", None, "Thị trấn 3", None),
        (
            "xã hòa bình",
            Some("xã Hòa Bình"),
            "Xã Hòa Bình",
            Some(
                "# Lấy từ --dia-danh. Nếu xã Hòa Bình không đặt theo tên người hoặc sự kiện lịch sử, chỉ ghi tên «Hòa Bình» ở đây (Nghị định 30, Phụ lục I, mục II.4.a).",
            ),
        ),
    ];
    for (place, agency, written, note) in cases {
        let mut args = vec![
            "new",
            "bao-cao",
            "--dia-danh",
            place,
            "-o",
            "bc.yaml",
            "--force",
        ];
        if let Some(a) = agency {
            args.extend(["--co-quan", a]);
        }
        let out = cchc_gen(&args, dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = std::fs::read_to_string(dir.path().join("bc.yaml")).unwrap();
        let line = format!("\ndia_danh: {written}\n");
        assert!(text.contains(&line), "{place}: {text}");
        let above = text[..text.find(&line).unwrap()].lines().last().unwrap();
        assert_eq!(note.is_some(), above.starts_with("# Lấy từ"), "{above}");
        if let Some(note) = note {
            assert_eq!(above, note);
        }
        let checked = stderr(&cchc_gen(&["check", "bc.yaml"], dir.path()));
        assert!(!checked.contains("cảnh báo:"), "{place}: {checked}");
    }
}

#[test]
fn new_refuses_to_write_data_into_a_pdf_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(data("cam-thanh-2025.yaml"), dir.path().join("bc.yaml")).unwrap();
    std::fs::write(dir.path().join("built.PDF"), b"%PDF-1.7").unwrap();
    let cases: [&[&str]; 3] = [
        &["new", "tuyen-truyen", "-o", "bao-cao.pdf"],
        &["new", "tuyen-truyen", "-o", "built.PDF", "--force"],
        &["new", "--from", "bc.yaml", "-o", "moi.Pdf"],
    ];
    for args in cases {
        let out = cchc_gen(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let output = args[args.iter().position(|a| *a == "-o").unwrap() + 1];
        let yaml = Path::new(output).with_extension("yaml");
        assert_eq!(
            stderr(&out),
            format!(
                "lỗi: -o {output}: tệp dữ liệu không được có đuôi .pdf (PDF dựng ra sẽ ghi đè lên nó); ghi tệp dữ liệu đuôi .yaml, ví dụ -o {}\n",
                yaml.display()
            ),
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("built.PDF")).unwrap(),
        b"%PDF-1.7"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn new_from_a_file_with_errors_says_it_must_pass_check_and_shows_them_as_check_does() {
    let dir = tempfile::tempdir().unwrap();
    let out = cchc_gen(
        &[
            "new",
            "tuyen-truyen",
            "--co-quan",
            "xã An Hòa",
            "-o",
            "m1.yaml",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let checked = cchc_gen(&["check", "m1.yaml"], dir.path());
    assert_eq!(checked.status.code(), Some(1));
    let out = cchc_gen(&["new", "--from", "m1.yaml", "-o", "m2.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "lỗi: tệp kỳ trước m1.yaml còn lỗi: tệp mà --from đọc phải qua `cchc-gen check m1.yaml` không lỗi; sửa các lỗi dưới đây rồi chạy lại lệnh\n{}",
            stderr(&checked)
        )
    );
    assert!(!dir.path().join("m2.yaml").exists());
}
