//! The command-line contract: exit codes (0 built, 1 bad data), messages
//! that name the file and line, output files written whole or not at all,
//! and the same bytes from the same input.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use crate::common::*;

fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit status; stderr:\n{}",
        stderr(out)
    );
}

/// `data/cam-thanh-2025.yaml` built once by the program.
fn cam_thanh_pdf() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| build_cam_thanh(tempfile::tempdir().expect("tempdir").path()))
}

/// Runs `cchc-gen build data/cam-thanh-2025.yaml -o DIR/cam-thanh.pdf`.
fn build_cam_thanh(dir: &Path) -> Vec<u8> {
    let out = dir.join("cam-thanh.pdf");
    let args = [
        Path::new("build"),
        &data("cam-thanh-2025.yaml"),
        Path::new("-o"),
        &out,
    ];
    assert_exit(&cchc_gen(&args, dir), 0);
    std::fs::read(out).expect("PDF written")
}

/// The good data file with line 7 indented by two spaces: a YAML syntax
/// error ("did not find expected key") on that line.
fn broken_yaml() -> String {
    let good = std::fs::read_to_string(data("cam-thanh-2025.yaml")).expect("data file");
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    assert!(
        lines[6].contains(':'),
        "line 7 must be a key: {:?}",
        lines[6]
    );
    lines[6] = format!("  {}", lines[6]);
    lines.join("\n") + "\n"
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_data_file_builds() {
    let dir = tempfile::tempdir().expect("tempdir");
    for input in data_files() {
        let out = dir
            .path()
            .join(input.with_extension("pdf").file_name().expect("file name"));
        let run = cchc_gen(
            &[Path::new("build"), &input, Path::new("-o"), &out],
            dir.path(),
        );
        assert_eq!(
            run.status.code(),
            Some(0),
            "{} failed:\n{}",
            input.display(),
            stderr(&run)
        );
        let pdf = Pdf::parse(std::fs::read(&out).expect("PDF written"));
        assert!(
            pdf.bytes.starts_with(b"%PDF-"),
            "{}: not a PDF",
            input.display()
        );
        assert!(!pdf.flat_text().is_empty(), "{}: no text", input.display());
    }
}

#[test]
fn a_clean_check_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bc.yaml"),
        include_str!("../fixtures/base.yaml"),
    )
    .unwrap();
    let out = cchc_gen(&["check", "bc.yaml"], dir.path());
    assert_exit(&out, 0);
    assert_eq!(stdout(&out), "bc.yaml: không có lỗi\n");
    assert_eq!(files_in(dir.path()), ["bc.yaml"]);
    let quiet = cchc_gen(&["check", "-q", "bc.yaml"], dir.path());
    assert_eq!(stdout(&quiet), "");
}

#[test]
fn default_output_is_beside_the_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(data("cam-thanh-2025.yaml"), dir.path().join("bao-cao.yaml")).expect("copy");
    assert_exit(&cchc_gen(&["build", "bao-cao.yaml"], dir.path()), 0);
    assert_eq!(files_in(dir.path()), ["bao-cao.pdf", "bao-cao.yaml"]);
    let bytes = std::fs::read(dir.path().join("bao-cao.pdf")).expect("PDF");
    assert!(bytes.starts_with(b"%PDF-"));
}

#[test]
fn broken_yaml_names_the_line_in_vietnamese_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("hong.yaml"), broken_yaml()).expect("write");
    let run = cchc_gen(&["build", "hong.yaml"], dir.path());
    assert_exit(&run, 1);
    let err = stderr(&run);
    assert!(err.contains("hong.yaml:7:"), "no `hong.yaml:7:` in:\n{err}");
    assert!(err.contains("lỗi"), "no Vietnamese message in:\n{err}");
    // Neither the PDF nor a half-written temporary file.
    assert_eq!(files_in(dir.path()), ["hong.yaml"]);
}

// Phụ lục I, I.3: text the layout could not keep inside the margins (a
// closing block taller than a page, a word longer than a line) is an error
// placed at the data that printed it, and no PDF is written.
#[test]
fn text_outside_the_margins_is_an_error_at_its_data() {
    let good = std::fs::read_to_string(data("cam-thanh-2025.yaml")).expect("data file");
    let recipients: String = (1..=70).map(|i| format!("  - Thôn số {i}\n")).collect();
    let word = "A".repeat(90);
    // Too many columns even for a landscape page, whose margins are turned.
    let columns: Vec<String> = (0..60).map(|i| format!("\"Cột số {i}\"")).collect();
    let landscape = format!(
        "\nnoi_dung:\n  - bang:\n      ngang: true\n      cot: [{}]\n      dong: []\n",
        columns.join(", ")
    );
    // A header too short to be told from a letter of other text ("BAN").
    let letters = format!(
        "\nnoi_dung:\n  - bang:\n      cot: [{}]\n      dong: []\n",
        ["A"; 80].join(", ")
    );
    for (what, yaml, place, words) in [
        (
            "seventy recipients",
            good.replacen("\nnoi_nhan:\n", &format!("\nnoi_nhan:\n{recipients}"), 1),
            "tràn xuống lề dưới",
            "- Thôn số ",
        ),
        (
            "a 90-letter word",
            good.replacen(
                "\nnoi_dung:\n",
                &format!("\nnoi_dung:\n  - \"Từ: {word}\"\n"),
                1,
            ),
            "tràn sang lề phải",
            "Từ: AAAA",
        ),
        (
            "sixty columns on a landscape page",
            good.replacen("\nnoi_dung:\n", &landscape, 1),
            "tối thiểu 20 mm ở trang nằm ngang",
            "Cột",
        ),
        (
            "a heading too long, after its number",
            good.replacen(
                "\nnoi_dung:\n",
                "\nnoi_dung:\n  - tieu_de: Phương_hướng_năm_2026_và_các_nhiệm_vụ_trọng_tâm_của_UBND_phường\n    noi_dung: [Có]\n",
                1,
            ),
            "tràn sang lề phải",
            "Phương_hướng",
        ),
        (
            "a heading set in capitals by the layout",
            good.replacen("danh_so: so\n", "", 1).replacen(
                "\nnoi_dung:\n",
                "\nnoi_dung:\n  - tieu_de: Phương_hướng_năm_2026_và_các_nhiệm_vụ_trọng_tâm_của_UBND_phường\n    noi_dung: [Có]\n",
                1,
            ),
            "tràn sang lề phải",
            "Phương_hướng",
        ),
        (
            "eighty one-letter columns",
            good.replacen("\nnoi_dung:\n", &letters, 1),
            "tràn sang lề phải",
            "A",
        ),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("bc.yaml"), &yaml).expect("write");
        let run = cchc_gen(&["build", "bc.yaml"], dir.path());
        assert_exit(&run, 1);
        let err = stderr(&run);
        // The message as one line, whatever the terminal width wrapped.
        let flat = squash(&err.replace('│', " "));
        assert!(flat.contains(place), "{what}: no “{place}” in:\n{err}");
        assert!(flat.contains(words), "{what}: no “{words}” in:\n{err}");
        let at = err
            .lines()
            .find(|l| l.contains("bc.yaml:") && l.contains(": lỗi"))
            .unwrap_or_else(|| panic!("{what}: no error line in:\n{err}"));
        // Placed at the first text that spilled, in the data file.
        let (line, column) = at
            .split("bc.yaml:")
            .nth(1)
            .and_then(|rest| rest.split(": lỗi").next())
            .and_then(|lc| lc.split_once(':'))
            .unwrap_or_else(|| panic!("{what}: no place in {at:?}"));
        let text = &yaml
            .lines()
            .nth(line.parse::<usize>().unwrap() - 1)
            .unwrap();
        let column: usize = column.parse().unwrap();
        let from: String = text.chars().skip(column - 1).collect();
        assert!(
            from.starts_with(words.trim_start_matches("- ")),
            "{what}: {at:?} points at {from:?}"
        );
        // The very text that spilled: not the same letters in a word.
        let spilled = ["- Thôn số", "- \"Từ:", "- tieu_de:", "- tieu_de:", "cot: ["];
        assert!(
            spilled.iter().any(|s| text.trim_start().starts_with(s)),
            "{what}: {at:?} points at line {text:?}"
        );
        assert_eq!(files_in(dir.path()), ["bc.yaml"], "{what}");
    }
}

#[test]
fn output_onto_the_data_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ward.yaml");
    std::fs::copy(data("cam-thanh-2025.yaml"), &input).unwrap();
    for command in ["build", "watch"] {
        let out = cchc_gen(&[command, "ward.yaml", "-o", "./ward.yaml"], dir.path());
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains(
                "-o ./ward.yaml là chính tệp dữ liệu; ghi PDF ra tệp khác, ví dụ -o ward.pdf"
            ),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(
        std::fs::read(&input).unwrap(),
        std::fs::read(data("cam-thanh-2025.yaml")).unwrap()
    );
}

#[test]
fn each_file_is_taken_once_whatever_links_or_spellings_lead_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let wards = dir.path().join("wards");
    std::fs::create_dir(&wards).unwrap();
    for name in ["a.yaml", "b.yaml"] {
        std::fs::copy(data("cam-thanh-2025.yaml"), wards.join(name)).unwrap();
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", wards.join("back-up")).unwrap();
    let out = cchc_gen(&["check", "wards", "./wards/a.yaml"], dir.path());
    assert_exit(&out, 0);
    assert!(
        stderr(&out).contains("tổng cộng: 2 tệp,"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn failed_build_leaves_existing_pdf_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = cam_thanh_pdf();
    std::fs::write(dir.path().join("hong.pdf"), good).expect("write");
    std::fs::write(dir.path().join("hong.yaml"), broken_yaml()).expect("write");
    assert_exit(
        &cchc_gen(&["build", "hong.yaml", "-o", "hong.pdf"], dir.path()),
        1,
    );
    assert!(
        std::fs::read(dir.path().join("hong.pdf")).expect("still there") == good,
        "the PDF changed"
    );
    assert_eq!(files_in(dir.path()), ["hong.pdf", "hong.yaml"]);
}

// Two processes, so that nothing cached in memory can make the two alike.
#[test]
fn same_input_builds_identical_bytes() {
    let again = build_cam_thanh(tempfile::tempdir().expect("tempdir").path());
    let first = cam_thanh_pdf();
    assert_eq!(first.len(), again.len(), "sizes differ");
    assert!(first == again.as_slice(), "bytes differ");
}

#[test]
fn every_help_page_is_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let pages: &[&[&str]] = &[
        &[],
        &["build"],
        &["watch"],
        &["check"],
        &["new"],
        &["schema"],
        &["archive"],
        &["archive", "add"],
        &["archive", "list"],
        &["archive", "show"],
        &["archive", "search"],
        &["archive", "verify"],
        &["archive", "export"],
        &["layouts"],
        &["layouts", "list"],
        &["layouts", "export"],
    ];
    // Each page by `-h`, `--help`, and the `help` command where there is one.
    let mut calls: Vec<(Vec<&str>, &[&str])> = Vec::new();
    for page in pages {
        for flag in ["-h", "--help"] {
            calls.push((page.iter().copied().chain([flag]).collect(), page));
        }
        if let Some((last, parents)) = page.split_last() {
            let asked = parents.iter().copied().chain(["help", last]).collect();
            calls.push((asked, page));
        }
    }
    calls.push((vec!["help"], &[]));
    for (args, page) in calls {
        let out = cchc_gen(&args, dir.path());
        assert_exit(&out, 0);
        let help = String::from_utf8(out.stdout).unwrap();
        let usage = format!(
            "Cách dùng: {}",
            ["cchc-gen"]
                .iter()
                .chain(page)
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(help.contains(&usage), "{args:?}:\n{help}");
        assert!(help.contains("Tùy chọn:\n"), "{args:?}:\n{help}");
        assert!(help.contains("-h, --help"), "{args:?}:\n{help}");
        assert!(help.contains("In hướng dẫn này"), "{args:?}:\n{help}");
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "Print help",
            "Print version",
            "Print this message",
            "Possible values",
            "[default:",
            "[env:",
            "<COMMAND>",
            "[OPTIONS]",
            "<FILE",
            "<DIR>",
        ] {
            assert!(!help.contains(english), "{args:?} has “{english}”:\n{help}");
        }
    }
    let out = cchc_gen(&["--version"], dir.path());
    assert_exit(&out, 0);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("cchc-gen {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn wrong_calls_are_explained_in_vietnamese_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["biuld", "x.yaml"],
            "lỗi: không có lệnh `biuld`\n  có phải là `build`?\nCách dùng: cchc-gen <LỆNH>\n",
        ),
        (
            &["build", "--jbos", "2", "x.yaml"],
            "lỗi: không có tùy chọn `--jbos`\n  có phải là `--jobs`?\n",
        ),
        (
            &["new", "tuyen-truyen"],
            "lỗi: thiếu tham số bắt buộc: --output <TỆP>\n",
        ),
        (
            &["build", "--pdf-standard", "a-4", "x.yaml"],
            "lỗi: giá trị `a-4` không hợp lệ cho --pdf-standard <CHUẨN>; chọn một trong: a-3b, a-2b, none\n",
        ),
        (
            &[
                "new",
                "tuyen-truyen",
                "-o",
                "x.yaml",
                "--ngay",
                "31/02/2025",
            ],
            "lỗi: giá trị `31/02/2025` không hợp lệ cho --ngay <NGÀY>: ngày 31 không có trong tháng 2 năm 2025 (tháng này có 28 ngày)\n",
        ),
        (
            &["build", "--jobs", "0", "x.yaml"],
            "lỗi: giá trị `0` không hợp lệ cho --jobs <N>: cần một số lớn hơn 0\n",
        ),
        (
            &["build", "--jobs", "99999999999999999999", "x.yaml"],
            "lỗi: giá trị `99999999999999999999` không hợp lệ cho --jobs <N>: số quá lớn\n",
        ),
        (
            &["build", "--jobs", "1.5", "x.yaml"],
            "lỗi: giá trị `1.5` không hợp lệ cho --jobs <N>: cần một số nguyên dương, ví dụ 2\n",
        ),
        (
            &["archive", "show", "abc"],
            "lỗi: giá trị `abc` không hợp lệ cho <SỐ>: cần một số hồ sơ, như `archive add` in ra",
        ),
        // A word too many is not an option.
        (
            &["watch", "a.yaml", "b.yaml"],
            "lỗi: thừa tham số `b.yaml`: lệnh `cchc-gen watch` không nhận thêm tham số này (xem dòng Cách dùng)\nCách dùng: cchc-gen watch [TÙY_CHỌN] <TỆP>\n",
        ),
        (
            &["archive", "export", "nop2/"],
            "lỗi: thừa tham số `nop2/`: lệnh `cchc-gen archive export` không nhận thêm tham số này (xem dòng Cách dùng)\nCách dùng: cchc-gen archive export [TÙY_CHỌN] --bagit <THƯ_MỤC>\n",
        ),
        (
            &["build", "-q", "x.yaml", "--quiet"],
            "lỗi: tùy chọn --quiet được ghi hai lần; chỉ ghi một lần\n",
        ),
    ];
    for (args, start) in cases {
        let out = cchc_gen(args, dir.path());
        assert_exit(&out, 2);
        let err = stderr(&out);
        assert!(err.starts_with(start), "{args:?}:\n{err}");
        assert!(
            err.ends_with("Xem thêm: cchc-gen --help, hoặc cchc-gen LỆNH --help\n"),
            "{err}"
        );
    }
    let out = cchc_gen(&["build", "x.yaml", "--layouts", "khong-co"], dir.path());
    assert_exit(&out, 2);
    assert_eq!(
        stderr(&out),
        "lỗi: --layouts khong-co: không có thư mục này — hãy kiểm tra lại đường dẫn\n"
    );
    // A mistyped output folder, or a folder where a file is wanted.
    std::fs::write(dir.path().join("x.yaml"), "mau: bao-cao\n").unwrap();
    std::fs::create_dir(dir.path().join("thu-muc")).unwrap();
    for (args, expected) in [
        (
            &["build", "x.yaml", "-o", "khong-co/x.pdf"][..],
            "lỗi: -o khong-co/x.pdf: chưa có thư mục khong-co — kiểm tra lại đường dẫn, hoặc tạo thư mục đó trước\n",
        ),
        (
            &["watch", "thu-muc"][..],
            "lỗi: thu-muc là thư mục; lệnh này nhận một tệp dữ liệu .yaml\n",
        ),
        (
            &["new", "--from", "thu-muc", "-o", "y.yaml"][..],
            "lỗi: thu-muc là thư mục; lệnh này nhận một tệp dữ liệu .yaml\n",
        ),
        // `-` is the screen in many programs, not a file name.
        (
            &["build", "x.yaml", "-o", "-"][..],
            "lỗi: cchc-gen không ghi PDF ra màn hình; cho -o một tên tệp\n",
        ),
        (
            &["new", "tuyen-truyen", "-o", "-"][..],
            "lỗi: cchc-gen không ghi tệp dữ liệu ra màn hình; cho -o một tên tệp\n",
        ),
    ] {
        let out = cchc_gen(args, dir.path());
        assert_exit(&out, 2);
        assert_eq!(stderr(&out), expected, "{args:?}");
    }
    assert!(!dir.path().join("khong-co").exists());
    assert!(!dir.path().join("-").exists());
    // The archive's options are taken after its subcommand too.
    let out = cchc_gen(&["archive", "list", "--archive", "kho"], dir.path());
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("chưa có kho lưu trữ: kho"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_path_of_the_wrong_kind_is_explained_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("thu-muc")).unwrap();
    std::fs::write(dir.path().join("tep"), "").unwrap();
    for (args, expected) in [
        (
            &["new", "tuyen-truyen", "-o", "thu-muc", "--force"][..],
            "lỗi: không ghi được thu-muc: đường dẫn này là một thư mục, không phải tệp — hãy kiểm tra lại đường dẫn, hoặc chọn tên khác\n",
        ),
        (
            &["layouts", "export", "tuyen-truyen", "tep"][..],
            "lỗi: không tạo được thư mục tep: đã có một tệp mang tên này — hãy chọn tên khác, hoặc đổi tên tệp đó\n",
        ),
    ] {
        let out = cchc_gen(args, dir.path());
        assert_exit(&out, 2);
        assert_eq!(stderr(&out), expected, "{args:?}");
    }
    // A file where the trusted certificates' folder belongs is a usage
    // mistake too.
    std::fs::write(dir.path().join("ban.pdf"), cam_thanh_pdf()).unwrap();
    let out = cchc_gen(
        &[
            "archive",
            "--archive",
            "kho",
            "add",
            "ban.pdf",
            "--trust",
            "tep",
        ],
        dir.path(),
    );
    assert_exit(&out, 2);
    assert_eq!(
        stderr(&out),
        "lỗi: tep là một tệp, không phải thư mục — --trust (hoặc CCHC_TRUST) nhận thư mục chứa các tệp chứng thư .pem, .crt, .cer\n"
    );
}

#[test]
fn a_pdf_path_taken_by_a_folder_is_refused_before_building() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(data("cam-thanh-2025.yaml"), dir.path().join("a.yaml")).unwrap();
    std::fs::copy(data("cam-thanh-2025.yaml"), dir.path().join("b.yaml")).unwrap();
    std::fs::create_dir(dir.path().join("b.pdf")).unwrap();
    std::fs::write(dir.path().join("tep"), "").unwrap();
    let folder = "lỗi: không ghi được b.pdf: đường dẫn này là một thư mục, không phải tệp — hãy kiểm tra lại đường dẫn, hoặc chọn tên khác\n";
    for (args, expected) in [
        (&["build", "b.yaml"][..], folder),
        (
            &["build", "a.yaml", "--emit-typst", "tep"][..],
            "lỗi: không tạo được thư mục tep: đã có một tệp mang tên này — hãy chọn tên khác, hoặc đổi tên tệp đó\n",
        ),
    ] {
        let out = cchc_gen(args, dir.path());
        assert_exit(&out, 2);
        assert_eq!(stderr(&out), expected, "{args:?}");
    }
    assert_eq!(files_in(dir.path()), ["a.yaml", "b.pdf", "b.yaml", "tep"]);
    // In a batch, that file alone is not built.
    let out = cchc_gen(&["build", "a.yaml", "b.yaml"], dir.path());
    assert_exit(&out, 1);
    assert!(
        stderr(&out).starts_with(&format!("b.yaml: {folder}b.yaml: 1 lỗi, 0 cảnh báo")),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        files_in(dir.path()),
        ["a.pdf", "a.yaml", "b.pdf", "b.yaml", "tep"]
    );
    assert_eq!(files_in(&dir.path().join("b.pdf")), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_pdf_reached_by_a_link_is_updated_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(data("cam-thanh-2025.yaml"), dir.path().join("a.yaml")).unwrap();
    std::fs::create_dir(dir.path().join("ban-chinh")).unwrap();
    std::fs::write(dir.path().join("ban-chinh/a.pdf"), "cũ").unwrap();
    std::os::unix::fs::symlink("ban-chinh/a.pdf", dir.path().join("a.pdf")).unwrap();
    assert_exit(&cchc_gen(&["build", "a.yaml"], dir.path()), 0);
    assert!(
        std::fs::symlink_metadata(dir.path().join("a.pdf"))
            .unwrap()
            .is_symlink()
    );
    let pdf = std::fs::read(dir.path().join("ban-chinh/a.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

/// Runs `cchc-gen args…` with its stdout (and, if `both`, its stderr) a pipe
/// whose reader has already gone, as `cchc-gen … | head -1` ends up.
fn with_reader_gone(args: &[&str], dir: &Path, both: bool) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let stderr = if both {
        Stdio::from(writer.try_clone().unwrap())
    } else {
        Stdio::piped()
    };
    Command::new(env!("CARGO_BIN_EXE_cchc-gen"))
        .args(args)
        .current_dir(dir)
        .stdout(writer)
        .stderr(stderr)
        .output()
        .unwrap()
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["schema"][..], &["layouts"]] {
        let out = with_reader_gone(args, dir.path(), false);
        assert_exit(&out, 0);
        assert_eq!(stderr(&out), "", "{args:?}");
    }
    // The exit code is still the one the data earns.
    std::fs::copy(data("cam-thanh-2025.yaml"), dir.path().join("a.yaml")).unwrap();
    std::fs::write(dir.path().join("hong.yaml"), broken_yaml()).unwrap();
    assert_exit(&with_reader_gone(&["check", "."], dir.path(), true), 1);
    let out = with_reader_gone(&["build", "."], dir.path(), false);
    assert_exit(&out, 1);
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert!(dir.path().join("a.pdf").is_file());
}

#[test]
fn a_data_file_named_pdf_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read(data("cam-thanh-2025.yaml")).unwrap();
    for name in ["r.pdf", "R.PDF", "a.yaml"] {
        std::fs::write(dir.path().join(name), &yaml).unwrap();
    }
    for (args, expected) in [
        (
            &["build", "r.pdf"][..],
            "lỗi: r.pdf: tệp dữ liệu có đuôi .pdf nên PDF dựng ra sẽ ghi đè lên nó; đổi tên tệp dữ liệu thành r.yaml, hoặc cho -o một tệp PDF khác\n",
        ),
        // One file with `r.pdf` where names ignore case (Windows, macOS).
        (
            &["build", "R.PDF"][..],
            "lỗi: R.PDF: tệp dữ liệu có đuôi .pdf nên PDF dựng ra sẽ ghi đè lên nó; đổi tên tệp dữ liệu thành R.yaml, hoặc cho -o một tệp PDF khác\n",
        ),
        // Into its own folder.
        (
            &["build", "r.pdf", "-o", "."][..],
            "lỗi: r.pdf: tệp dữ liệu có đuôi .pdf nên PDF dựng ra sẽ ghi đè lên nó; đổi tên tệp dữ liệu thành r.yaml, hoặc cho -o một tệp PDF khác\n",
        ),
    ] {
        let out = cchc_gen(args, dir.path());
        assert_exit(&out, 2);
        assert_eq!(stderr(&out), expected, "{args:?}");
    }
    for name in ["r.pdf", "R.PDF"] {
        assert_eq!(
            std::fs::read(dir.path().join(name)).unwrap(),
            yaml,
            "{name}"
        );
    }
    assert_eq!(files_in(dir.path()), ["R.PDF", "a.yaml", "r.pdf"]);
    // In a batch, that file alone is not built.
    let out = cchc_gen(&["build", "a.yaml", "r.pdf"], dir.path());
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains(
            "r.pdf: lỗi: r.pdf: tệp dữ liệu có đuôi .pdf nên PDF dựng ra sẽ ghi đè lên nó"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(dir.path().join("r.pdf")).unwrap(), yaml);
    assert!(dir.path().join("a.pdf").is_file());
    // Another output is the way out.
    assert_exit(
        &cchc_gen(&["build", "r.pdf", "-o", "bc.pdf"], dir.path()),
        0,
    );
}

#[test]
fn a_pdf_given_as_data_is_named_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.pdf"), cam_thanh_pdf()).unwrap();
    for args in [
        &["build", "x.pdf"][..],
        &["check", "x.pdf"],
        &["new", "--from", "x.pdf", "-o", "y.yaml"],
    ] {
        let out = cchc_gen(args, dir.path());
        assert_exit(&out, 2);
        assert_eq!(
            stderr(&out),
            "lỗi: x.pdf là tệp PDF, không phải tệp dữ liệu; hãy đưa tệp dữ liệu .yaml của báo cáo\n",
            "{args:?}"
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("x.pdf")).unwrap(),
        cam_thanh_pdf()
    );
    assert_eq!(files_in(dir.path()), ["x.pdf"]);
}
