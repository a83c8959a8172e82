//! Through the real binary: a crash at each point of `archive add`, `add`
//! processes at once, a wrong record number, and the README's commands.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use crate::archive::hex;
use crate::common::stdout;
use crate::signed_pdf::{WARD_YAML, make_pdf, run};

/// A crash at `point` leaves nothing visible; `verify` reports what is left
/// (`leftovers`), the next `add` repairs it (`repair`), then all is clean.
fn crash_then_repair(point: &str, leftovers: &[&str], repair: &str, records_after: usize) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("kho");
    let first = dir.path().join("1.pdf");
    fs::write(&first, make_pdf("MOT", Some(WARD_YAML))).unwrap();

    let crashed = run(
        &root,
        &["add", first.to_str().unwrap()],
        &[("CCHC_ARCHIVE_FAIL_AT", point)],
    );
    assert!(!crashed.status.success(), "{point}: add should have died");
    assert!(
        String::from_utf8_lossy(&crashed.stderr).contains(&format!("CCHC_ARCHIVE_FAIL_AT={point}")),
        "{point}: {crashed:?}"
    );

    // Nothing visible…
    let list = run(&root, &["list"], &[]);
    assert_eq!(
        stdout(&list),
        format!("Kho {} chưa có văn bản nào.\n", root.display())
    );
    // …but verify sees the leftovers and fails.
    let verify = run(&root, &["verify"], &[]);
    assert_eq!(
        verify.status.code(),
        Some(1),
        "{point}: {}",
        stdout(&verify)
    );
    let out = stdout(&verify);
    for leftover in leftovers {
        assert!(out.contains(leftover), "{point}: no {leftover:?} in\n{out}");
    }
    assert_eq!(out.lines().count(), leftovers.len() + 1, "{point}:\n{out}");

    // The next add, of another file, repairs first.
    let second = dir.path().join("2.pdf");
    fs::write(&second, make_pdf("HAI", None)).unwrap();
    let added = run(&root, &["add", second.to_str().unwrap()], &[]);
    assert!(added.status.success(), "{point}: {added:?}");
    assert!(
        stdout(&added).contains(repair),
        "{point}: no {repair:?} in\n{}",
        stdout(&added)
    );

    let verify = run(&root, &["verify"], &[]);
    assert_eq!(
        stdout(&verify),
        format!("Đã kiểm tra {records_after} văn bản: tất cả nguyên vẹn.\n"),
        "{point}"
    );
    assert!(verify.status.success());
    let list = stdout(&run(&root, &["list"], &[]));
    assert!(
        list.ends_with(&format!("Tổng số: {records_after} văn bản.\n")),
        "{point}: {list}"
    );
}

#[test]
fn crash_after_the_record_is_pending() {
    crash_then_repair(
        "after-pending",
        &["LỖI: bản ghi dở dang số 1 (1.pdf): một lần thêm đã bị ngắt"],
        "Đã bỏ bản ghi dở dang số 1 (lần thêm trước bị ngắt trước khi lưu tệp).",
        1,
    );
}

#[test]
fn crash_while_the_file_is_in_tmp() {
    crash_then_repair(
        "after-temp",
        &["LỖI: bản ghi dở dang số 1", "LỖI: tệp tạm còn sót"],
        "Đã dọn tệp tạm của một lần thêm bị ngắt",
        1,
    );
}

#[test]
fn crash_between_storing_the_file_and_committing_the_record() {
    crash_then_repair(
        "after-store",
        &["LỖI: bản ghi dở dang số 1 (1.pdf)"],
        "Đã hoàn tất hồ sơ số 1 (lần thêm trước bị ngắt sau khi đã lưu tệp).",
        2,
    );
}

/// The second of two `add`s of one file at the same moment finds the
/// first one's record still pending (and cannot repair it: the first holds
/// the lock). It says what a later `add` would: the file is already stored.
#[test]
fn an_add_that_meets_another_add_of_the_same_file_says_it_is_already_stored() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("kho");
    let pdf = dir.path().join("1.pdf");
    let bytes = make_pdf("MOT", Some(WARD_YAML));
    fs::write(&pdf, &bytes).unwrap();
    // The first `add`, stopped right after inserting its record…
    let first = run(
        &root,
        &["add", pdf.to_str().unwrap()],
        &[("CCHC_ARCHIVE_FAIL_AT", "after-pending")],
    );
    assert!(!first.status.success());
    // …and still at work: it holds the lock shared.
    let lock = fs::File::options()
        .write(true)
        .open(root.join("lock"))
        .unwrap();
    lock.lock_shared().unwrap();
    let second = run(&root, &["add", pdf.to_str().unwrap()], &[]);
    assert!(second.status.success(), "{second:?}");
    let sha = hex(&Sha256::digest(&bytes));
    assert_eq!(
        stdout(&second),
        format!(
            "Văn bản này đã có trong kho: hồ sơ số 1 (objects/{}/{}.pdf); không lưu thêm.\n",
            &sha[..2],
            &sha[2..]
        )
    );
    lock.unlock().unwrap();
    // The second finished the job: one record, stored, nothing left over.
    let list = stdout(&run(&root, &["list"], &[]));
    assert!(list.ends_with("Tổng số: 1 văn bản.\n"), "{list}");
    let verify = run(&root, &["verify"], &[]);
    assert_eq!(
        stdout(&verify),
        "Đã kiểm tra 1 văn bản: tất cả nguyên vẹn.\n"
    );
}

#[test]
fn four_processes_adding_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("kho");
    let shared = dir.path().join("chung.pdf");
    fs::write(&shared, make_pdf("CHUNG", Some(WARD_YAML))).unwrap();
    // Each process adds three files of its own and the shared one, in an
    // order that makes them collide on the shared file at different times.
    let mut children = Vec::new();
    for p in 0..4 {
        let mut files = Vec::new();
        for i in 0..3 {
            let path = dir.path().join(format!("p{p}-{i}.pdf"));
            fs::write(&path, make_pdf(&format!("TIEN TRINH {p} TEP {i}"), None)).unwrap();
            files.push(path);
        }
        files.insert(p % 4, shared.clone());
        children.push(spawn_adds(&root, &files));
    }
    let mut said = String::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        said.push_str(&stdout(&out));
    }
    // The shared file was stored by one of them; the others say so.
    assert_eq!(
        said.matches("Đã lưu vào kho: hồ sơ số").count(),
        13,
        "{said}"
    );
    assert_eq!(said.matches("đã có trong kho").count(), 3, "{said}");

    let list = stdout(&run(&root, &["list"], &[]));
    assert!(list.ends_with("Tổng số: 13 văn bản.\n"), "{list}");
    let verify = run(&root, &["verify"], &[]);
    assert_eq!(
        stdout(&verify),
        "Đã kiểm tra 13 văn bản: tất cả nguyên vẹn.\n"
    );
    let (code, found) = {
        let o = run(&root, &["search", "tien", "trinh"], &[]);
        (o.status.code(), stdout(&o))
    };
    assert_eq!(code, Some(0));
    // The twelve own files and the shared one, each once, numbered 1 to 13.
    assert!(found.ends_with("Tìm thấy 13 văn bản.\n"), "{found}");
    assert_eq!(found.matches("Tiến trình chung").count(), 1, "{found}");
    for id in 1..=13 {
        let show = run(&root, &["show", &id.to_string()], &[]);
        assert!(show.status.success(), "{id}: {show:?}");
    }
}

/// One process that runs `add` for each file in turn, through a shell so
/// that the four sequences really overlap.
fn spawn_adds(root: &Path, files: &[std::path::PathBuf]) -> std::process::Child {
    let bin = env!("CARGO_BIN_EXE_cchc-gen");
    let script: Vec<String> = files
        .iter()
        .map(|f| {
            let name = f.file_stem().unwrap().to_string_lossy();
            format!(
                "'{bin}' archive --archive '{}' add '{}' --trich-yeu 'Tiến trình {name}' || exit 1",
                root.display(),
                f.display()
            )
        })
        .collect();
    Command::new("sh")
        .arg("-c")
        .arg(script.join("\n"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A full disk and a read-only archive, on a small tmpfs mounted in a
/// private mount namespace (`unshare`: no root needed, nothing leaks out).
#[test]
fn full_disk_and_read_only_archive_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("o-nho");
    fs::create_dir(&mnt).unwrap();
    let small = dir.path().join("nho.pdf");
    fs::write(&small, make_pdf("NHO", None)).unwrap();
    // A file larger than the space left, of bytes that do not compress, in
    // an object no page shows: the store fails while writing the file, not
    // the index while writing the pages' text.
    let mut seed = 7u32;
    let noise: Vec<u8> = (0..600_000)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as u8
        })
        .collect();
    let mut doc = lopdf::Document::load_mem(&make_pdf("LON", None)).unwrap();
    doc.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), noise));
    let big = dir.path().join("lon.pdf");
    doc.save(&big).unwrap();
    let other = dir.path().join("khac.pdf");
    fs::write(&other, make_pdf("KHAC", None)).unwrap();

    let bin = env!("CARGO_BIN_EXE_cchc-gen");
    let kho = mnt.join("kho");
    let cmd = |args: &str| {
        format!(
            "'{bin}' archive --archive '{}' {args} 2>&1; echo \"=> $?\"",
            kho.display()
        )
    };
    let script = [
        format!(
            "mount -t tmpfs -o size=400k tmpfs '{}' || exit 99",
            mnt.display()
        ),
        cmd(&format!("add '{}' >/dev/null", small.display())),
        cmd(&format!("add '{}'", big.display())),
        cmd("verify"),
        format!("mount -o remount,ro '{}' || exit 99", mnt.display()),
        cmd(&format!("add '{}'", other.display())),
        cmd("list"),
    ]
    .join("\n");
    let out = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .output()
        .expect("unshare (util-linux) is needed for this test");
    assert!(out.status.success(), "{out:?}");
    let out = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let kho = kho.display();
    assert_eq!(lines[0], "=> 0", "{out}");
    assert!(
        lines[1].starts_with(&format!(
            "lỗi: không ghi được vào kho lưu trữ {kho}/tmp/dang-ghi-"
        )),
        "{out}"
    );
    assert!(
        lines[1].ends_with(".pdf: ổ đĩa đã đầy — hãy giải phóng dung lượng rồi chạy lại"),
        "{out}"
    );
    // The failed add left nothing behind.
    assert_eq!(
        lines[2..5],
        ["=> 1", "Đã kiểm tra 1 văn bản: tất cả nguyên vẹn.", "=> 0"],
        "{out}"
    );
    assert_eq!(
        lines[5],
        format!(
            "lỗi: không ghi được vào kho lưu trữ {kho}/lock: không có quyền ghi (ổ đĩa hoặc thư mục chỉ đọc) — hãy kiểm tra quyền ghi của thư mục, hoặc chọn thư mục khác"
        ),
        "{out}"
    );
    assert_eq!(lines[6], "=> 1");
    // A read-only archive can still be read.
    assert_eq!(lines[lines.len() - 2], "Tổng số: 1 văn bản.", "{out}");
    assert_eq!(lines[lines.len() - 1], "=> 0");
}

/// A record number too large for any record is a wrong call, said in
/// Vietnamese (clap's own text is English), like one that is not a number.
#[test]
fn show_refuses_a_record_number_that_cannot_be_one() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["99999999999999999999999", "0", "12/BC-UBND"] {
        let out = run(&dir.path().join("kho"), &["show", id], &[]);
        assert_eq!(out.status.code(), Some(2), "{id}");
        assert_eq!(
            crate::common::stderr(&out),
            format!(
                "lỗi: giá trị `{id}` không hợp lệ cho <SỐ>: cần một số hồ sơ, như `archive add` in ra (“hồ sơ số 3”) hay cột ID của `cchc-gen archive list`; không phải số của văn bản\n\
                 Xem thêm: cchc-gen --help, hoặc cchc-gen LỆNH --help\n"
            )
        );
    }
}

/// The archive commands of README.md, run as written, in order, on a fresh
/// archive (with a report carrying its data and a scan for the two PDFs it
/// names): each succeeds, and `show` names the scan's record.
#[test]
fn the_readme_archive_commands_work_as_written() {
    let readme = include_str!("../../README.md");
    let section = &readme[readme.find("## Lưu trữ bản đã ký").unwrap()..];
    let block = &section[section.find("```sh\n").unwrap() + 6..];
    let block = &block[..block.find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("bao-cao-da-ky.pdf"),
        make_pdf("BAO CAO", Some(WARD_YAML)),
    )
    .unwrap();
    fs::write(dir.path().join("ban-quet.pdf"), make_pdf("SCAN", None)).unwrap();
    let mut said = Vec::new();
    for command in block.replace("\\\n", " ").lines() {
        let command = command.split(" #").next().unwrap();
        let words = shell_words(command);
        if words.is_empty() {
            continue;
        }
        assert_eq!(words[..2], ["cchc-gen", "archive"], "{command}");
        let out = Command::new(env!("CARGO_BIN_EXE_cchc-gen"))
            .args(&words[1..])
            .current_dir(dir.path())
            .env_remove("CCHC_ARCHIVE")
            .env_remove("CCHC_TRUST")
            .output()
            .unwrap();
        assert!(out.status.success(), "{command}: {out:?}");
        said.push((words, stdout(&out)));
    }
    let (_, scan) = said
        .iter()
        .find(|(words, _)| words.iter().any(|w| w == "ban-quet.pdf"))
        .unwrap();
    let (show, shown) = said.iter().find(|(words, _)| words[2] == "show").unwrap();
    let id = &show[3];
    assert!(
        scan.starts_with(&format!(
            "Đã lưu vào kho: hồ sơ số {id} — Văn bản số 12/BC-UBND"
        )),
        "{scan}"
    );
    assert!(shown.starts_with(&format!("Hồ sơ số {id}\n")), "{shown}");
    assert!(shown.contains("\nSố, ký hiệu: 12/BC-UBND\n"), "{shown}");
}

/// Words of a command line: spaces split, double quotes group.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.get_or_insert_default();
            }
            c if c.is_whitespace() && !quoted => words.extend(word.take()),
            c => word.get_or_insert_default().push(c),
        }
    }
    words.extend(word);
    words
}
