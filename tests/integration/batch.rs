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

/// For an editor or a script: the problems of every file as one JSON
/// array on stdout, the same as `check` gives, and the PDFs built as usual.
#[test]
fn json_output_lists_the_problems_of_a_batch() {
    let dir = folder();
    let out = cchc_gen(&["build", "--format", "json", "bao-cao"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let reports = dir.path().join("bao-cao");
    assert!(reports.join("a.pdf").is_file());
    assert!(!reports.join("b.pdf").exists());
    let built: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let checked = cchc_gen(&["check", "--format", "json", "bao-cao"], dir.path());
    assert_eq!(
        built,
        serde_json::from_slice::<serde_json::Value>(&checked.stdout).unwrap()
    );
    // The broken file's error and, in order, the warning of a good one.
    let told: Vec<(&str, &str, u64, u64)> = built
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        told,
        [
            ("error", "số văn bản phải từ 1 trở lên", 11, 5),
            ("warning", "chưa có họ tên người ký", 160, 47)
        ]
    );
    assert_eq!(
        Path::new(built[0]["file"].as_str().unwrap()),
        Path::new("bao-cao/b.yaml")
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
fn options_for_one_file_are_refused_before_building() {
    let dir = folder();
    for args in [
        // Many files go into a folder, not one PDF.
        &["build", "bao-cao", "-o", "x.pdf"][..],
        &["build", "bao-cao", "--emit-typst", "typ"],
        &["build", "bao-cao", "--jobs", "0"],
    ] {
        let out = cchc_gen(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    assert!(!dir.path().join("bao-cao/a.pdf").exists());
}

#[test]
fn a_file_whose_pdf_cannot_be_written_fails_alone() {
    let dir = folder();
    let reports = dir.path().join("bao-cao");
    // `a.yaml` and `a.yml` would write one `a.pdf`: neither is built.
    std::fs::copy(reports.join("a.yaml"), reports.join("a.yml")).unwrap();
    // Where `c.pdf` would go there is a folder.
    std::fs::create_dir(reports.join("quy-4/c.pdf")).unwrap();
    std::fs::copy(reports.join("a.yaml"), reports.join("quy-4/d.yaml")).unwrap();
    let out = cchc_gen(&["build", "bao-cao"], dir.path());
    let stderr = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "PDF của tệp này và của {} cùng ra một tệp {}",
            Path::new("bao-cao/a.yml").display(),
            Path::new("bao-cao/a.pdf").display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("đường dẫn này là một thư mục, không phải tệp"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tổng cộng: 5 tệp, 1 thành công, 4 lỗi"),
        "{stderr}"
    );
    assert!(!reports.join("a.pdf").exists());
    assert!(reports.join("quy-4/c.pdf").is_dir());
    assert!(reports.join("quy-4/d.pdf").is_file());
}

#[test]
fn a_batch_can_write_all_its_pdfs_into_one_folder() {
    let dir = folder();
    let out = cchc_gen(&["build", "bao-cao", "-o", "pdf/"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let pdf = dir.path().join("pdf");
    // Each in its place under the folder given.
    assert!(pdf.join("a.pdf").is_file() && pdf.join("quy-4/c.pdf").is_file());
    assert!(!pdf.join("c.pdf").exists() && !pdf.join("b.pdf").exists());
    assert!(stdout(&out).contains(&format!(
        "đã dựng {} → {}",
        Path::new("bao-cao/quy-4/c.yaml").display(),
        Path::new("pdf/quy-4/c.pdf").display()
    )));
    // One file, into a folder that exists: its own name.
    let out = cchc_gen(
        &["build", "bao-cao/a.yaml", "-o", "bao-cao/quy-4"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("bao-cao/quy-4/a.pdf").is_file());

    // Wards in their own folders, each with a file of the same name.
    let wards = dir.path().join("phuong");
    for ward in ["phuong-a", "phuong-b"] {
        std::fs::create_dir_all(wards.join(ward)).unwrap();
        std::fs::copy(
            dir.path().join("bao-cao/a.yaml"),
            wards.join(ward).join("bao-cao.yaml"),
        )
        .unwrap();
    }
    let out = cchc_gen(&["build", "phuong", "-o", "khac/"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for ward in ["phuong-a", "phuong-b"] {
        assert!(
            dir.path()
                .join("khac")
                .join(ward)
                .join("bao-cao.pdf")
                .is_file()
        );
    }
    // Named one by one, they have no folder to keep: both fail, alone.
    let out = cchc_gen(
        &[
            "build",
            "phuong/phuong-a/bao-cao.yaml",
            "phuong/phuong-b/bao-cao.yaml",
            "bao-cao/a.yaml",
            "-o",
            "mot-cho/",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("cùng ra một tệp"), "{}", stderr(&out));
    let written: Vec<String> = std::fs::read_dir(dir.path().join("mot-cho"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, ["a.pdf"]);
}

/// Failed files leave no empty folder under `-o`: the folders made for
/// them are removed, while those that were there stay as they were.
#[test]
fn a_batch_leaves_no_empty_folder_of_its_own() {
    let dir = folder();
    let reports = dir.path().join("bao-cao");
    let broken = std::fs::read(reports.join("b.yaml")).unwrap();
    for file in ["quy-3/thang-9/d.yaml", "cu/e.yaml"] {
        let path = reports.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &broken).unwrap();
    }
    let pdf = dir.path().join("pdf");
    std::fs::create_dir_all(pdf.join("cu")).unwrap();
    let out = cchc_gen(&["build", "bao-cao", "-o", "pdf/"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(pdf.join("a.pdf").is_file() && pdf.join("quy-4/c.pdf").is_file());
    assert!(!pdf.join("quy-3").exists());
    assert!(pdf.join("cu").read_dir().unwrap().next().is_none());
    // Nothing built: the `-o` folder made for them goes too.
    let out = cchc_gen(
        &["build", "bao-cao/b.yaml", "bao-cao/quy-3", "-o", "khac/"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("tổng cộng: 2 tệp, 0 thành công, 2 lỗi"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("khac").exists());
    // Nor when `--emit-typst` cannot be made, after `-o`.
    std::fs::write(dir.path().join("tep"), "").unwrap();
    let out = cchc_gen(
        &[
            "build",
            "bao-cao/a.yaml",
            "-o",
            "moi/",
            "--emit-typst",
            "tep/typ",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!dir.path().join("moi").exists());
}

#[test]
fn hidden_entries_and_mac_leftovers_are_passed_by() {
    let dir = folder();
    let reports = dir.path().join("bao-cao");
    for junk in [
        ".github/workflows/ci.yml",
        ".git/x.yaml",
        "quy-4/._c.yaml",
        "__MACOSX/quy-4/._c.yaml",
    ] {
        let path = reports.join(junk);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // The start of an AppleDouble file: not text.
        std::fs::write(&path, b"\x00\x05\x16\x07\xff\xfe").unwrap();
    }
    let out = cchc_gen(&["check", "bao-cao"], dir.path());
    assert!(
        stderr(&out).contains("tổng cộng: 3 tệp, 2 thành công, 1 lỗi"),
        "{}",
        stderr(&out)
    );
    // A file named on the command line is read, hidden or not.
    let out = cchc_gen(&["check", "bao-cao/quy-4/._c.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("UTF-8"), "{}", stderr(&out));
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
    // A folder is counted apart: it is not a file, nor has it a PDF to keep.
    assert!(
        stderr.contains("tổng cộng: 3 tệp, 2 thành công, 1 lỗi, ")
            && stderr.contains("; 1 thư mục bị bỏ qua (xem trên)\n"),
        "{stderr}"
    );
    assert!(!stderr.contains(&format!("{name}: 1 lỗi")), "{stderr}");
}

/// A folder read-only to everyone, root included: a read-only mount, made
/// in a user namespace of its own (util-linux `unshare`).
#[cfg(target_os = "linux")]
#[test]
fn a_folder_that_cannot_be_written_is_told_once_before_building() {
    let dir = folder();
    let reports = dir.path().join("bao-cao");
    let script = format!(
        "mount --bind '{r}' '{r}' && mount -o remount,bind,ro '{r}' || exit 99\n'{bin}' build bao-cao; echo \"=> $?\"",
        r = reports.display(),
        bin = env!("CARGO_BIN_EXE_cchc-gen"),
    );
    let out = std::process::Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .current_dir(dir.path())
        .output()
        .expect("unshare (util-linux) is needed for this test");
    assert!(out.status.success(), "{out:?}");
    let (stdout, stderr) = (stdout(&out), stderr(&out));
    assert!(stdout.ends_with("=> 1\n"), "{stdout}");
    let told = "không ghi được PDF vào thư mục này";
    assert_eq!(stderr.matches(told).count(), 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "bao-cao: lỗi: {told}, 2 tệp dữ liệu chưa được dựng: không có quyền ghi (ổ đĩa hoặc thư mục chỉ đọc)"
        )),
        "{stderr}"
    );
    // Nothing was built to find it: no file's own write error.
    assert!(!stderr.contains("không ghi được tệp PDF"), "{stderr}");
    assert!(
        stderr.contains("tổng cộng: 3 tệp, 0 thành công, 3 lỗi, 0 cảnh báo; 2 thư mục bị bỏ qua"),
        "{stderr}"
    );
}

/// A batch stopped by Ctrl-C or `kill` leaves no temporary file nor empty
/// folder of its own, and ends by that signal as a program does (130 and
/// 143 in a shell). Each report has its own folder under `-o`, made as it
/// starts: those being built when the signal comes have a folder and no
/// PDF yet. Whether a file is being written then is chance.
#[cfg(unix)]
#[test]
fn a_stopped_batch_leaves_no_temporary_file_nor_empty_folder() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let cam_thanh = std::fs::read(data("cam-thanh-2025.yaml")).unwrap();
    for i in 0..200 {
        let ward = dir.path().join(format!("bao-cao/{i:03}"));
        std::fs::create_dir_all(&ward).unwrap();
        std::fs::write(ward.join("bc.yaml"), &cam_thanh).unwrap();
    }
    let pdf = dir.path().join("pdf");
    for (name, number) in [("INT", 2), ("TERM", 15)] {
        let _ = std::fs::remove_dir_all(&pdf);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cchc-gen"))
            .args(["build", "--quiet", "bao-cao", "-o", "pdf/"])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Stopped while it builds: once the first PDF is there.
        let start = std::time::Instant::now();
        while !entries(&pdf)
            .iter()
            .any(|p| p.extension().is_some_and(|x| x == "pdf"))
        {
            assert!(start.elapsed().as_secs() < 120, "no PDF was written");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let killed = std::process::Command::new("kill")
            .args([format!("-{name}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(number), "{name}: {status:?}");
        let left: Vec<std::path::PathBuf> = entries(&pdf)
            .into_iter()
            .filter(|p| {
                p.extension().is_some_and(|x| x == "tmp")
                    || p.read_dir().is_ok_and(|mut d| d.next().is_none())
            })
            .collect();
        assert!(left.is_empty(), "{name}: {left:?}");
    }
}

/// Every file and folder under `dir`; none while it is not there.
#[cfg(unix)]
fn entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten() {
        let path = entry.unwrap().path();
        found.extend(entries(&path));
        found.push(path);
    }
    found
}
