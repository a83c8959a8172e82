//! `cchc-gen build` on many files: every file is built on its own, a broken
//! one does not stop the others, and the exit code says whether any failed.

use std::path::Path;

use crate::common::{cchc_gen, data, stderr, stdout};

/// A folder with two good reports (one in a subfolder) and a broken one.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("bao-cao");
    std::fs::create_dir_all(reports.join("quy-4")).unwrap();
    let cam_thanh = std::fs::read_to_string(data("cam-thanh-2025.yaml")).unwrap();
    std::fs::write(reports.join("a.yaml"), &cam_thanh).unwrap();
    std::fs::write(
        reports.join("b.yaml"),
        cam_thanh.replace("\nso: 167\n", "\nso: 0\n"),
    )
    .unwrap();
    std::fs::copy(data("chi-linh-2025.yaml"), reports.join("quy-4/c.yaml")).unwrap();
    dir
}

#[test]
fn a_broken_file_does_not_stop_the_others() {
    let dir = folder();
    let out = cchc_gen(&["build", "bao-cao"], dir.path());
    let (stdout, stderr) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let reports = dir.path().join("bao-cao");
    assert!(reports.join("a.pdf").is_file());
    assert!(reports.join("quy-4/c.pdf").is_file());
    assert!(!reports.join("b.pdf").exists());
    assert!(
        stderr.contains("b.yaml:") && stderr.contains("số văn bản phải từ 1 trở lên"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tổng cộng: 3 tệp, 2 thành công, 1 lỗi"),
        "{stderr}"
    );
    // After its problems, the broken file's own line says what became of it.
    let b = Path::new("bao-cao/b.yaml").display();
    assert!(
        stderr.contains(&format!(
            "\n{b}: 1 lỗi, 0 cảnh báo — chưa dựng PDF; tệp PDF cũ (nếu có) được giữ nguyên\n"
        )),
        "{stderr}"
    );
    let checked = cchc_gen(&["check", "bao-cao/b.yaml"], dir.path());
    assert!(
        crate::common::stderr(&checked).ends_with(&format!("\n{b}: 1 lỗi, 0 cảnh báo\n")),
        "{}",
        crate::common::stderr(&checked)
    );
    // Reported in the order of the inputs, whichever thread finished first.
    let built: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        built,
        [
            format!(
                "đã dựng {} → {}",
                Path::new("bao-cao/a.yaml").display(),
                Path::new("bao-cao/a.pdf").display()
            ),
            format!(
                "đã dựng {} → {}",
                Path::new("bao-cao/quy-4/c.yaml").display(),
                Path::new("bao-cao/quy-4/c.pdf").display()
            ),
        ]
    );
}

#[test]
fn a_batch_gives_the_same_pdfs_as_single_builds() {
    let dir = folder();
    let out = cchc_gen(
        &[
            "build",
            "--jobs",
            "2",
            "bao-cao/a.yaml",
            "bao-cao/quy-4/c.yaml",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for name in ["a", "quy-4/c"] {
        let single = dir.path().join("single.pdf");
        let input = format!("bao-cao/{name}.yaml");
        let out = cchc_gen(&["build", &input, "-o", "single.pdf"], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let batch = dir.path().join(format!("bao-cao/{name}.pdf"));
        assert!(
            std::fs::read(batch).unwrap() == std::fs::read(single).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn quiet_prints_only_the_problems() {
    let dir = folder();
    let out = cchc_gen(&["build", "--quiet", "--jobs", "1", "bao-cao"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    let stderr = stderr(&out);
    assert!(stderr.contains("số văn bản phải từ 1 trở lên"), "{stderr}");
    assert!(!stderr.contains("tổng cộng"), "{stderr}");
}

#[test]
fn options_for_one_file_and_clashing_outputs_are_refused_before_building() {
    let dir = folder();
    let reports = dir.path().join("bao-cao");
    for args in [
        // Many files go into a folder, not one PDF.
        &["build", "bao-cao", "-o", "x.pdf"][..],
        &["build", "bao-cao", "--emit-typst", "typ"],
        &["build", "bao-cao", "--jobs", "0"],
    ] {
        let out = cchc_gen(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    std::fs::copy(reports.join("a.yaml"), reports.join("a.yml")).unwrap();
    let out = cchc_gen(&["build", "bao-cao"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cùng ra tệp"), "{}", stderr(&out));
    assert!(!reports.join("a.pdf").exists() && !reports.join("quy-4/c.pdf").exists());
}

#[test]
fn a_batch_can_write_all_its_pdfs_into_one_folder() {
    let dir = folder();
    let out = cchc_gen(&["build", "bao-cao", "-o", "pdf/"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let pdf = dir.path().join("pdf");
    let mut written: Vec<String> = std::fs::read_dir(&pdf)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["a.pdf", "c.pdf"]);
    assert!(stdout(&out).contains(&format!(
        "đã dựng {} → {}",
        Path::new("bao-cao/quy-4/c.yaml").display(),
        Path::new("pdf/c.pdf").display()
    )));
    // One file, into a folder that exists: its own name.
    let out = cchc_gen(
        &["build", "bao-cao/a.yaml", "-o", "bao-cao/quy-4"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("bao-cao/quy-4/a.pdf").is_file());

    // Two inputs with one name would overwrite each other in the folder.
    std::fs::copy(
        dir.path().join("bao-cao/a.yaml"),
        dir.path().join("bao-cao/quy-4/a.yaml"),
    )
    .unwrap();
    let out = cchc_gen(&["build", "bao-cao", "-o", "khac/"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!(
            "cùng ra tệp {}",
            Path::new("khac/").join("a.pdf").display()
        )),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("khac").exists());
}

#[test]
fn data_files_are_found_whatever_the_case_of_their_extension() {
    let dir = folder();
    let reports = dir.path().join("bao-cao");
    std::fs::rename(reports.join("a.yaml"), reports.join("a.YAML")).unwrap();
    std::fs::rename(reports.join("quy-4/c.yaml"), reports.join("quy-4/c.Yml")).unwrap();
    let out = cchc_gen(&["build", "bao-cao"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("tổng cộng: 3 tệp, 2 thành công, 1 lỗi"),
        "{}",
        stderr(&out)
    );
    assert!(reports.join("a.pdf").is_file() && reports.join("quy-4/c.pdf").is_file());
}

// Root reads a folder whatever its permissions, and tests may run as root;
// a path longer than the system allows (4096 bytes on Linux) cannot be
// read by anyone: folders are nested deeper than that by moving one
// branch under another.
#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_read_counts_as_a_failure() {
    let dir = folder();
    let name = "thu-muc-".repeat(31);
    let nest = |top: &Path| {
        let path = (0..9).fold(top.to_path_buf(), |p, _| p.join(&name));
        std::fs::create_dir_all(&path).unwrap();
        path
    };
    let deep = nest(&dir.path().join("bao-cao/sau"));
    nest(&dir.path().join("nhanh"));
    std::fs::rename(dir.path().join("nhanh").join(&name), deep.join(&name)).unwrap();
    let out = cchc_gen(&["check", "bao-cao"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let stderr = stderr(&out);
    assert!(
        stderr.contains(&format!(
            "{name}: lỗi: không đọc được thư mục, các tệp dữ liệu trong đó bị bỏ qua: tên không hợp lệ hoặc đường dẫn quá dài"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("tổng cộng: 4 tệp, 2 thành công, 2 lỗi"),
        "{stderr}"
    );
}
