//! The archive through its library entry point: add, list, show, search,
//! verify, export, and signature checks on PDFs signed here.

use crate::signed_pdf;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cchc_gen::archive::{ArchiveCommand, ArchiveError, ArchiveOptions, MetadataFlags, run};
use cchc_gen::typeset::PdfFlavour;
use der::Encode;
use sha2::{Digest, Sha256};
use signed_pdf::{Attributes, How, Key, Ocsp, Signer, WARD_YAML, a_year, make_pdf, update};

struct Archive {
    dir: tempfile::TempDir,
    opts: ArchiveOptions,
}

impl Archive {
    fn new() -> Archive {
        let dir = tempfile::tempdir().unwrap();
        let opts = ArchiveOptions {
            archive: dir.path().join("luu-tru"),
            trust: None,
        };
        Archive { dir, opts }
    }

    /// Trusts `ca` from now on: a trust folder holding only it. Returns the
    /// folder, for more CAs.
    fn trust(&mut self, ca: &x509_cert::Certificate) -> PathBuf {
        let trust = self.dir.path().join("tin-cay");
        fs::create_dir(&trust).unwrap();
        fs::write(trust.join("ca.der"), ca.to_der().unwrap()).unwrap();
        self.opts.trust = Some(trust.clone());
        trust
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    fn try_run(&self, cmd: ArchiveCommand) -> Result<(ExitCode, String), ArchiveError> {
        let mut out = Vec::new();
        let code = run(&self.opts, &cmd, &mut out)?;
        Ok((code, String::from_utf8(out).unwrap()))
    }

    /// Runs a command that must succeed and returns its output.
    fn ok(&self, cmd: ArchiveCommand) -> String {
        let (code, out) = self.try_run(cmd).unwrap();
        assert_eq!(code, ExitCode::SUCCESS, "{out}");
        out
    }

    fn add(&self, path: &Path, fields: MetadataFlags) -> String {
        self.ok(ArchiveCommand::Add {
            file: path.to_path_buf(),
            source: None,
            fields,
        })
    }

    /// Adds a file that must be refused for its signatures: what was said,
    /// and that nothing was stored.
    fn refused(&self, path: &Path) -> String {
        let mut out = Vec::new();
        let cmd = ArchiveCommand::Add {
            file: path.to_path_buf(),
            source: None,
            fields: MetadataFlags::default(),
        };
        let err = run(&self.opts, &cmd, &mut out).unwrap_err();
        assert!(matches!(err, ArchiveError::SignatureProblem(_)), "{err}");
        assert_eq!(err.exit_code(), 1);
        assert!(!self.object(&fs::read(path).unwrap()).exists());
        String::from_utf8(out).unwrap()
    }

    fn search(&self, text: &str) -> (ExitCode, String) {
        self.try_run(ArchiveCommand::Search {
            text: vec![text.to_owned()],
        })
        .unwrap()
    }

    fn verify(&self) -> (ExitCode, String) {
        self.try_run(ArchiveCommand::Verify).unwrap()
    }

    fn object(&self, bytes: &[u8]) -> PathBuf {
        let sha = hex(&Sha256::digest(bytes));
        self.opts
            .archive
            .join(format!("objects/{}/{}.pdf", &sha[..2], &sha[2..]))
    }
}

/// The moment `secs` seconds after 1970, as certificates write it.
fn at(secs: u64) -> x509_cert::time::Time {
    x509_cert::time::Time::try_from(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
        .unwrap()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn add_reads_the_attached_yaml_and_search_ignores_marks() {
    let a = Archive::new();
    let pdf = make_pdf("BAO CAO", Some(WARD_YAML));
    let out = a.add(&a.file("bao-cao.pdf", &pdf), MetadataFlags::default());
    assert_eq!(
        out.lines().next().unwrap(),
        "Đã lưu vào kho: hồ sơ số 1 — BÁO CÁO số 12/BC-UBND ngày 19/11/2025: Kết quả công tác cải cách hành chính năm 2025"
    );
    assert!(
        out.contains("Thông tin lấy từ: tệp YAML đính kèm trong PDF"),
        "{out}"
    );
    assert!(out.contains("Chữ ký số: không có"), "{out}");
    assert_eq!(fs::read(a.object(&pdf)).unwrap(), pdf);

    let show = a.ok(ArchiveCommand::Show { id: 1 });
    for line in [
        "Tên loại văn bản: BÁO CÁO",
        "Số, ký hiệu: 12/BC-UBND",
        "Ngày tháng năm văn bản: 19/11/2025",
        "Cơ quan ban hành: UBND phường Mường Thanh",
        "Ngôn ngữ: Tiếng Việt",
        "Số lượng trang: 1",
        "Người ký: Lò Văn Thắng",
        &format!("SHA-256 của PDF: {}", hex(&Sha256::digest(&pdf))),
        &format!(
            "Dữ liệu: bao-cao.yaml, SHA-256 {}",
            hex(&Sha256::digest(WARD_YAML.as_bytes()))
        ),
    ] {
        assert!(
            show.lines().any(|l| l == line),
            "missing {line:?} in\n{show}"
        );
    }

    // Agency, text of the report, number: with or without marks, any case.
    for query in [
        "dien bien",
        "Điện Biên",
        "ĐIỆN BIÊN PHỦ",
        "muong thanh",
        "12/BC-UBND",
        "thu tuc hanh chinh",
    ] {
        let (code, out) = a.search(query);
        assert_eq!(code, ExitCode::SUCCESS, "{query}: {out}");
        assert!(out.contains("Tìm thấy 1 văn bản."), "{query}: {out}");
    }
    let (code, out) = a.search("Hà Giang");
    assert_eq!(code, ExitCode::from(1));
    assert_eq!(out, "Không tìm thấy văn bản nào có “Hà Giang”.\n");
}

#[test]
fn reindex_makes_the_search_table_again_from_the_records() {
    let a = Archive::new();
    let err = a.try_run(ArchiveCommand::Reindex).unwrap_err();
    assert!(err.to_string().starts_with("chưa có kho lưu trữ"), "{err}");
    assert_eq!(err.exit_code(), 2);
    assert!(!a.opts.archive.exists(), "nothing is created");

    let pdf = make_pdf("BAO CAO", Some(WARD_YAML));
    a.add(&a.file("bao-cao.pdf", &pdf), MetadataFlags::default());
    // What an older version's folding left, e.g. "ð" for "đ": not found.
    let db = rusqlite::Connection::open(a.opts.archive.join("index.sqlite")).unwrap();
    db.execute("UPDATE search SET folded = 'ðien bien'", [])
        .unwrap();
    drop(db);
    assert_eq!(a.search("dien bien").0, ExitCode::from(1));

    let out = a.ok(ArchiveCommand::Reindex);
    assert_eq!(out, "Đã dựng lại chỉ mục tìm kiếm: 1 văn bản.\n");
    for query in ["dien bien", "12/BC-UBND", "thu tuc hanh chinh"] {
        let (code, out) = a.search(query);
        assert_eq!(code, ExitCode::SUCCESS, "{query}: {out}");
        assert!(out.contains("Tìm thấy 1 văn bản."), "{query}: {out}");
    }
    // Run again, it is the same.
    a.ok(ArchiveCommand::Reindex);
    assert!(a.search("dien bien").1.contains("Tìm thấy 1 văn bản."));
}

#[test]
fn records_with_the_words_side_by_side_are_listed_first() {
    let a = Archive::new();
    let elsewhere = |so: &str, body: &str| {
        WARD_YAML
            .replace("ĐIỆN BIÊN", "LAI CHÂU")
            .replace("Điện Biên Phủ", "Lai Châu")
            .replace("tỉnh Điện Biên]", "tỉnh Lai Châu]")
            .replace("so: 12", &format!("so: {so}"))
            .replace(
                "  - Năm 2025, phường tiếp nhận hồ sơ thủ tục hành chính trên địa bàn tỉnh Điện Biên.",
                &format!("  - {body}"),
            )
    };
    // Added first, and with the two words more often, but never together.
    let apart = elsewhere(
        "13",
        "Dùng chữ ký điện tử, biên bản điện tử, biên lai điện tử; tinh giản biên chế.",
    );
    let together = elsewhere("14", "Học tập kinh nghiệm của tỉnh Điện Biên.");
    assert!(!apart.contains("Điện Biên") && together.matches("Điện Biên").count() == 1);
    for (name, yaml) in [("a.pdf", &apart), ("b.pdf", &together)] {
        let pdf = a.file(name, &make_pdf("BAO CAO", Some(yaml)));
        a.add(&pdf, MetadataFlags::default());
    }
    let (code, out) = a.search("dien bien");
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(out.contains("Tìm thấy 2 văn bản."), "{out}");
    let row = |number: &str| out.lines().position(|l| l.contains(number)).unwrap();
    assert!(row("14/BC-UBND") < row("13/BC-UBND"), "{out}");
}

#[test]
fn another_copy_of_a_stored_document_is_pointed_out() {
    let a = Archive::new();
    let draft = a.file("ban-nhap.pdf", &make_pdf("BAO CAO", Some(WARD_YAML)));
    let first = a.add(&draft, MetadataFlags::default());
    assert!(!first.contains("Lưu ý"), "{first}");
    // The same report, other bytes (say, the copy that came back signed).
    let copy = a.file("ban-ky.pdf", &make_pdf("BAO CAO DA KY", Some(WARD_YAML)));
    let second = a.add(&copy, MetadataFlags::default());
    assert!(second.contains("Đã lưu vào kho: hồ sơ số 2"), "{second}");
    assert!(
        second.ends_with(
            "Lưu ý: kho đã có văn bản cùng số, ký hiệu, ngày và cơ quan ban hành: hồ sơ số 1 \
             (bản khác của cùng văn bản, ví dụ bản chưa ký; hoặc trùng số). Xem: cchc-gen archive show 1\n"
        ),
        "{second}"
    );
    // Another number is another document.
    let other = WARD_YAML.replace("so: 12", "so: 13");
    let third = a.file("so-13.pdf", &make_pdf("BAO CAO", Some(&other)));
    assert!(!a.add(&third, MetadataFlags::default()).contains("Lưu ý"));
}

#[test]
fn adding_the_same_file_twice_keeps_one_record_and_one_file() {
    let a = Archive::new();
    let path = a.file("bc.pdf", &make_pdf("BAO CAO", Some(WARD_YAML)));
    a.add(&path, MetadataFlags::default());
    let again = a.add(&path, MetadataFlags::default());
    assert!(
        again.starts_with("Văn bản này đã có trong kho: hồ sơ số 1 ("),
        "{again}"
    );
    let list = a.ok(ArchiveCommand::List);
    assert!(list.ends_with("Tổng số: 1 văn bản.\n"), "{list}");
    let objects: Vec<_> = walk(&a.opts.archive.join("objects"));
    assert_eq!(objects.len(), 1);
}

#[test]
fn numbers_below_ten_are_shown_and_found_as_printed() {
    let a = Archive::new();
    let seven = WARD_YAML.replace("so: 12", "so: 7");
    let pdf = make_pdf("BAO CAO", Some(&seven));
    let out = a.add(&a.file("so-7.pdf", &pdf), MetadataFlags::default());
    assert!(
        out.starts_with("Đã lưu vào kho: hồ sơ số 1 — BÁO CÁO số 07/BC-UBND ngày"),
        "{out}"
    );
    let seventeen = WARD_YAML.replace("so: 12", "so: 17");
    a.add(
        &a.file("so-17.pdf", &make_pdf("BAO CAO", Some(&seventeen))),
        MetadataFlags::default(),
    );

    let list = a.ok(ArchiveCommand::List);
    assert!(
        list.lines()
            .nth(1)
            .unwrap()
            .starts_with("   1  19/11/2025  07/BC-UBND   "),
        "{list}"
    );
    let show = a.ok(ArchiveCommand::Show { id: 1 });
    assert!(show.contains("\nSố, ký hiệu: 07/BC-UBND\n"), "{show}");
    // The number is kept as the data gives it.
    let db = rusqlite::Connection::open(a.opts.archive.join("index.sqlite")).unwrap();
    let kept: String = db
        .query_row("SELECT number FROM records WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, "7");

    let found = |a: &Archive| {
        for query in ["07/BC-UBND", "7/BC-UBND", "07", "7", "số 07"] {
            let (code, out) = a.search(query);
            assert_eq!(code, ExitCode::SUCCESS, "{query}: {out}");
            assert!(out.ends_with("Tìm thấy 1 văn bản.\n"), "{query}: {out}");
            assert!(out.contains("07/BC-UBND"), "{query}: {out}");
        }
    };
    found(&a);
    // An index an older version wrote holds "7/BC-UBND": found the same,
    // without `reindex`.
    let changed = db
        .execute(
            "UPDATE search SET folded = replace(folded, '07/bc-ubnd', '7/bc-ubnd')",
            [],
        )
        .unwrap();
    assert_eq!(changed, 2, "every row holds the number and symbol");
    drop(db);
    found(&a);

    // A scan of the same document numbered "07" by hand is the same number.
    let scan = a.file("scan.pdf", &make_pdf("SCAN", None));
    let out = a.add(
        &scan,
        MetadataFlags {
            so: Some("07".into()),
            ky_hieu: Some("BC-UBND".into()),
            ngay: Some(cchc_gen::date::Date::new(2025, 11, 19).unwrap()),
            co_quan: Some("UBND phường Mường Thanh".into()),
            ..MetadataFlags::default()
        },
    );
    assert!(
        out.contains("cùng số, ký hiệu, ngày và cơ quan ban hành: hồ sơ số 1 "),
        "{out}"
    );

    let bag = a.dir.path().join("goi");
    a.ok(ArchiveCommand::Export { bagit: bag.clone() });
    assert!(bag.join("data/00001_07-BC-UBND.pdf").exists());
    let csv = fs::read_to_string(bag.join("data/metadata.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(&reader.headers().unwrap()[4], "Số");
    let numbers: Vec<String> = reader.records().map(|r| r.unwrap()[4].to_owned()).collect();
    assert_eq!(numbers, ["07", "17", "07"]);
}

#[test]
fn summaries_alike_but_for_their_period_stay_apart_in_a_table() {
    let a = Archive::new();
    for (n, period) in [(1, "I"), (2, "II")] {
        let yaml = WARD_YAML.replace("so: 12", &format!("so: {n}")).replace(
            "trich_yeu: Kết quả công tác cải cách hành chính năm 2025",
            &format!(
                "trich_yeu: Kết quả công tác tuyên truyền cải cách hành chính quý {period} năm 2025"
            ),
        );
        let pdf = make_pdf("BAO CAO", Some(&yaml));
        a.add(&a.file(&format!("{n}.pdf"), &pdf), MetadataFlags::default());
    }
    let list = a.ok(ArchiveCommand::List);
    let rows: Vec<&str> = list.lines().skip(1).take(2).collect();
    assert!(
        rows[0].contains("  Kết quả công tác … chính quý I năm 2025  "),
        "{list}"
    );
    assert!(
        rows[1].contains("  Kết quả công tác tuyên … quý II năm 2025  "),
        "{list}"
    );
    for line in list.lines() {
        assert!(line.chars().count() <= 100, "{line}");
    }
    let (_, found) = a.search("tuyen truyen");
    assert_eq!(found.lines().skip(1).take(2).collect::<Vec<_>>(), rows);
}

#[test]
fn times_are_shown_in_vietnam_time_and_kept_in_utc() {
    let a = Archive::new();
    let (signer, _) = ca_and_signer(Key::p256());
    let signed = signer.sign(&make_pdf("BAO CAO", Some(WARD_YAML)), &[]);
    let out = a.add(&a.file("bc.pdf", &signed), MetadataFlags::default());
    assert!(!out.contains("UTC"), "{out}");
    let db = rusqlite::Connection::open(a.opts.archive.join("index.sqlite")).unwrap();
    let (archived, signed_at): (String, String) = db
        .query_row(
            "SELECT archived_at, signing_time FROM records JOIN signatures ON record_id = id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        archived.ends_with('Z') && signed_at.ends_with(" UTC"),
        "{archived} {signed_at}"
    );
    // 01:51 UTC is 08:51 in Vietnam; 20:00 UTC is the next day there.
    db.execute_batch(
        "UPDATE records SET archived_at = '2026-11-23T20:00:01Z';
         UPDATE signatures SET signing_time = '2026-11-23 01:51:25 UTC';",
    )
    .unwrap();
    drop(db);
    let show = a.ok(ArchiveCommand::Show { id: 1 });
    assert!(
        show.contains("\nThời điểm lưu vào kho: 24/11/2026 03:00:01 (giờ Việt Nam)\n"),
        "{show}"
    );
    assert!(
        show.contains(", ký lúc 23/11/2026 08:51:25 (giờ Việt Nam): "),
        "{show}"
    );
    // A file for programs keeps an offset.
    let bag = a.dir.path().join("goi");
    a.ok(ArchiveCommand::Export { bagit: bag.clone() });
    let csv = fs::read_to_string(bag.join("data/metadata.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(&reader.headers().unwrap()[15], "Thời điểm lưu vào kho");
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[15], "2026-11-24T03:00:01+07:00");
}

#[test]
fn a_scan_without_data_is_described_by_flags() {
    let a = Archive::new();
    let path = a.file("scan.pdf", &make_pdf("SCAN", None));
    let fields = MetadataFlags {
        so: Some("7".into()),
        ky_hieu: Some("BC-UBND".into()),
        ngay: Some(cchc_gen::date::Date::new(2024, 12, 2).unwrap()),
        co_quan: Some("UBND xã Đồng Đăng".into()),
        trich_yeu: Some("Tổng kết công tác năm 2024".into()),
        ma_ho_so: Some("H01.31.08-2024-01".into()),
        ..MetadataFlags::default()
    };
    let out = a.add(&path, fields);
    assert!(
        out.contains("Văn bản số 07/BC-UBND ngày 02/12/2024: Tổng kết công tác năm 2024"),
        "{out}"
    );
    assert!(
        out.contains(
            "\nThông tin lấy từ: tham số dòng lệnh --ma-ho-so, --so, --ky-hieu, --ngay, --co-quan, --trich-yeu\n"
        ),
        "{out}"
    );
    // Number, symbol, date and agency are all there.
    assert!(!out.contains("Cảnh báo"), "{out}");
    let show = a.ok(ArchiveCommand::Show { id: 1 });
    assert!(show.contains("Mã hồ sơ: H01.31.08-2024-01\n"), "{show}");
    assert!(show.contains("Người ký: —\n"), "{show}");
    assert!(show.contains("Dữ liệu: không có\n"), "{show}");
    // "đ" folds to "d": "dong dang" finds "Đồng Đăng".
    assert!(a.search("dong dang").1.contains("Tìm thấy 1 văn bản."));
}

#[test]
fn a_pdf_without_data_is_found_by_the_words_on_its_pages() {
    let a = Archive::new();
    // A PDF/A-2b copy carries no data: what the archive can search is its
    // text layer (Type0 fonts, ToUnicode maps).
    let input = a.file(
        "bc.yaml",
        &fs::read(crate::common::data("cam-thanh-2025.yaml")).unwrap(),
    );
    let pdf = a.dir.path().join("bc.pdf");
    let opts = cchc_gen::build::Options {
        pdf: cchc_gen::typeset::PdfFlavour::A2b,
        ..Default::default()
    };
    assert!(!cchc_gen::build::build_file(&input, Some(&pdf), &opts).failed());
    let fields = MetadataFlags {
        so: Some("167".into()),
        ..MetadataFlags::default()
    };
    let out = a.add(&pdf, fields);
    assert!(
        out.contains(&format!(
            "\nThông tin lấy từ: {PDF_INFO}, và tham số dòng lệnh --so\n"
        )),
        "{out}"
    );
    // Words of the body only, without their marks.
    let (code, found) = a.search("duong truyen internet");
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(found.contains("Tìm thấy 1 văn bản."), "{found}");
    assert!(
        a.search("hoi dong nhan dan tinh bac ninh")
            .1
            .contains("Không tìm thấy")
    );
}

/// How `add` and `show` name a PDF's document information.
const PDF_INFO: &str = "thông tin tài liệu trong PDF (tiêu đề → trích yếu, tác giả → cơ quan ban hành, ngày tạo → ngày)";

/// Without data or flags, a PDF is described by its document information,
/// and `add` says so; what is still missing to identify the document is
/// named with the flags that give it.
#[test]
fn a_pdf_without_data_is_described_by_its_document_information() {
    let a = Archive::new();
    let bytes = ngoc_ky_pdf(&a, PdfFlavour::A2b);
    let out = a.add(&a.file("nk.pdf", &bytes), MetadataFlags::default());
    assert_eq!(
        out,
        format!(
            "Đã lưu vào kho: hồ sơ số 1 — Văn bản ngày 29/12/2023: Kết quả tuyên truyền công tác cải cách hành chính năm 2023\n\
             Tệp: {}\n\
             Thông tin lấy từ: {PDF_INFO}\n\
             Cảnh báo: hồ sơ số 1 chưa có số, ký hiệu: PDF không có dữ liệu đọc được, thông tin tài liệu trong PDF cũng không ghi; hồ sơ như vậy khó tìm lại và không đối chiếu được với bản khác của cùng văn bản. Hồ sơ đã lưu không sửa được: khi thêm văn bản không có dữ liệu (bản quét, PDF từ phần mềm khác), hãy ghi các thông tin này bằng --so, --ky-hieu (hoặc chỉ tệp dữ liệu bằng --source).\n\
             Chữ ký số: không có (bản ký tay hoặc bản quét)\n",
            a.object(&bytes)
                .strip_prefix(&a.opts.archive)
                .unwrap()
                .display()
        )
    );
    let show = a.ok(ArchiveCommand::Show { id: 1 });
    for line in [
        "Ngày tháng năm văn bản: 29/12/2023",
        "Cơ quan ban hành: ỦY BAN NHÂN DÂN XÃ NGỌC KỲ",
        "Trích yếu nội dung: Kết quả tuyên truyền công tác cải cách hành chính năm 2023",
        &format!("Thông tin lấy từ: {PDF_INFO}"),
    ] {
        assert!(show.lines().any(|l| l == line), "{line:?} in\n{show}");
    }

    // No data, no document information, no flags: nothing to go by.
    let scan = a.add(
        &a.file("scan.pdf", &make_pdf("SCAN", None)),
        MetadataFlags::default(),
    );
    let lines: Vec<&str> = scan.lines().collect();
    assert_eq!(lines[0], "Đã lưu vào kho: hồ sơ số 2 — Văn bản", "{scan}");
    assert_eq!(
        lines[2],
        "Thông tin lấy từ: không có nguồn nào (PDF không có dữ liệu đọc được hay thông tin tài liệu, và không có tham số dòng lệnh)"
    );
    assert!(
        lines[3].starts_with(
            "Cảnh báo: hồ sơ số 2 chưa có số, ký hiệu, ngày ban hành, cơ quan ban hành: "
        ) && lines[3].ends_with(
            "bằng --so, --ky-hieu, --ngay, --co-quan (hoặc chỉ tệp dữ liệu bằng --source)."
        ),
        "{scan}"
    );
}

/// Flags over attached data are named with it; flags given again for a
/// stored file change nothing (a stored record is never edited), and `add`
/// says which were not applied.
#[test]
fn flags_are_named_in_the_origin_and_never_change_a_stored_record() {
    let a = Archive::new();
    let bytes = make_pdf("BAO CAO", Some(WARD_YAML));
    let path = a.file("bc.pdf", &bytes);
    let so = |n: &str| MetadataFlags {
        so: Some(n.into()),
        ..MetadataFlags::default()
    };
    let out = a.add(&path, so("999"));
    assert!(
        out.starts_with("Đã lưu vào kho: hồ sơ số 1 — BÁO CÁO số 999/BC-UBND ngày 19/11/2025"),
        "{out}"
    );
    let origin = "Thông tin lấy từ: tệp YAML đính kèm trong PDF, và tham số dòng lệnh --so";
    assert!(out.lines().any(|l| l == origin), "{out}");
    assert!(!out.contains("Cảnh báo"), "{out}");
    let show = a.ok(ArchiveCommand::Show { id: 1 });
    assert!(show.lines().any(|l| l == origin), "{show}");

    let already = format!(
        "Văn bản này đã có trong kho: hồ sơ số 1 ({}); không lưu thêm.\n",
        a.object(&bytes)
            .strip_prefix(&a.opts.archive)
            .unwrap()
            .display()
    );
    let other = MetadataFlags {
        ngay: Some(cchc_gen::date::Date::new(2025, 12, 1).unwrap()),
        nguoi_ky: Some("Lò Văn Thắng".into()),
        ..so("1000")
    };
    assert_eq!(
        a.add(&path, other),
        format!(
            "{already}Cảnh báo: không áp dụng --so, --ngay: hồ sơ số 1 đã lưu với thông tin khác, và hồ sơ đã lưu được giữ nguyên như lúc lưu, không sửa. Xem thông tin đã lưu: cchc-gen archive show 1\n"
        )
    );
    // The values stored, or none: nothing was dropped.
    assert_eq!(a.add(&path, so("999")), already);
    assert_eq!(a.add(&path, MetadataFlags::default()), already);
    assert_eq!(a.ok(ArchiveCommand::Show { id: 1 }), show);
}

#[test]
fn source_yaml_is_used_when_nothing_is_attached_and_flags_win() {
    let a = Archive::new();
    let pdf = a.file("bc.pdf", &make_pdf("BAO CAO", None));
    let yaml = a.file("phuong.yaml", WARD_YAML.as_bytes());
    let out = a.ok(ArchiveCommand::Add {
        file: pdf,
        source: Some(yaml),
        fields: MetadataFlags {
            so: Some("15".into()),
            ..MetadataFlags::default()
        },
    });
    assert!(
        out.contains("BÁO CÁO số 15/BC-UBND ngày 19/11/2025"),
        "{out}"
    );
    assert!(
        out.contains(
            "\nThông tin lấy từ: tệp YAML chỉ định bằng --source, và tham số dòng lệnh --so\n"
        ),
        "{out}"
    );
}

#[test]
fn bad_input_is_refused_without_touching_the_archive() {
    let a = Archive::new();
    let text = a.file("ghi-chu.pdf", b"khong phai PDF");
    let err = a
        .try_run(ArchiveCommand::Add {
            file: text,
            source: None,
            fields: MetadataFlags::default(),
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("không phải là PDF đọc được (không bắt đầu bằng %PDF-)"),
        "{err}"
    );
    let broken = a.file("hong.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog");
    assert!(matches!(
        a.try_run(ArchiveCommand::Add {
            file: broken,
            source: None,
            fields: MetadataFlags::default()
        }),
        Err(ArchiveError::DamagedPdf { .. })
    ));
    let missing = a.dir.path().join("khong-co.pdf");
    let err = a
        .try_run(ArchiveCommand::Add {
            file: missing,
            source: None,
            fields: MetadataFlags::default(),
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "không có {} — hãy kiểm tra lại đường dẫn",
            a.dir.path().join("khong-co.pdf").display()
        )
    );
    assert_eq!(err.exit_code(), 2);
    assert!(!a.opts.archive.exists());
    let err = a.try_run(ArchiveCommand::List).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().starts_with("chưa có kho lưu trữ"), "{err}");
    let err = a.try_run(ArchiveCommand::Show { id: 3 });
    assert!(err.is_err());
}

/// The Ngọc Kỳ report as `cchc-gen build` makes it: PDF/A-3b carries its
/// data, PDF/A-2b only the document information.
fn ngoc_ky_pdf(a: &Archive, pdf: PdfFlavour) -> Vec<u8> {
    let input = a.file(
        "ngoc-ky.yaml",
        &fs::read(crate::common::data("ngoc-ky-2023.yaml")).unwrap(),
    );
    let opts = cchc_gen::build::Options {
        pdf,
        ..Default::default()
    };
    let pdf = a.dir.path().join("ngoc-ky.pdf");
    let built = cchc_gen::build::build_file(&input, Some(&pdf), &opts);
    assert!(!built.failed());
    fs::read(&pdf).unwrap()
}

/// A copy cut short on its way (lopdf would read what is left) or one that
/// does not parse is refused, with what to do; the whole file is stored.
#[test]
fn truncated_or_damaged_pdfs_are_refused() {
    let a = Archive::new();
    let whole = ngoc_ky_pdf(&a, PdfFlavour::A3b);
    let path = a.dir.path().join("cut.pdf");
    let add = |bytes: &[u8]| {
        fs::write(&path, bytes).unwrap();
        a.try_run(ArchiveCommand::Add {
            file: path.clone(),
            source: None,
            fields: MetadataFlags::default(),
        })
    };
    for cut in [200, 500, 2000] {
        let err = add(&whole[..whole.len() - cut]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "tệp PDF {} bị cắt cụt hoặc hỏng (không có dấu kết thúc %%EOF ở cuối tệp) — hãy lấy lại bản đầy đủ từ nơi gửi (tải hoặc chép lại tệp gốc)",
                path.display()
            ),
            "{cut}"
        );
        assert_eq!(err.exit_code(), 1);
    }
    let err = add(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF\n").unwrap_err();
    assert!(
        err.to_string()
            .contains("bị cắt cụt hoặc hỏng (cấu trúc PDF không đọc được)"),
        "{err}"
    );
    assert!(!a.opts.archive.exists());

    // The end marker may be followed by a little of anything, as readers allow.
    let mut padded = whole.clone();
    padded.extend_from_slice(&[b'\n'; 1000]);
    assert!(add(&padded).is_ok());
    assert!(
        add(&whole)
            .unwrap()
            .1
            .starts_with("Đã lưu vào kho: hồ sơ số 2 — BÁO CÁO số 192/BC-UBND")
    );
}

/// A cut copy stored by an older cchc-gen, which did not look for the end
/// marker, is reported by verify.
#[test]
fn verify_reports_a_truncated_pdf_stored_before() {
    let a = Archive::new();
    let whole = ngoc_ky_pdf(&a, PdfFlavour::A3b);
    a.add(&a.file("ngoc-ky.pdf", &whole), MetadataFlags::default());
    let cut = &whole[..whole.len() - 500];
    let cut_sha = hex(&Sha256::digest(cut));
    fs::create_dir_all(a.object(cut).parent().unwrap()).unwrap();
    fs::rename(a.object(&whole), a.object(cut)).unwrap();
    fs::write(a.object(cut), cut).unwrap();
    rusqlite::Connection::open(a.opts.archive.join("index.sqlite"))
        .unwrap()
        .execute("UPDATE records SET pdf_sha256 = ?1", [&cut_sha])
        .unwrap();
    let (code, out) = a.verify();
    assert_eq!(code, ExitCode::from(1));
    assert_eq!(
        out,
        format!(
            "LỖI: hồ sơ số 1 (BÁO CÁO số 192/BC-UBND ngày 29/12/2023: Kết quả tuyên truyền công tác cải cách hành chính năm 2023): tệp PDF {} bị cắt cụt hoặc hỏng (không có dấu kết thúc %%EOF ở cuối tệp) — hãy lấy lại bản đầy đủ từ nơi gửi (tải hoặc chép lại tệp gốc)\nĐã kiểm tra 1 văn bản: phát hiện 1 vấn đề.\n",
            a.object(cut).display()
        )
    );
}

#[test]
fn verify_reports_changed_missing_and_unindexed_files() {
    let a = Archive::new();
    let one = make_pdf("MOT", None);
    let two = make_pdf("HAI", None);
    a.add(&a.file("1.pdf", &one), MetadataFlags::default());
    a.add(&a.file("2.pdf", &two), MetadataFlags::default());
    let (code, out) = a.verify();
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(out, "Đã kiểm tra 2 văn bản: tất cả nguyên vẹn.\n");

    // One changed byte in the first, the second gone, a stranger added.
    let mut changed = one.clone();
    let at = signed_pdf::find(&changed, b"MOT");
    changed[at] = b'N';
    fs::write(a.object(&one), &changed).unwrap();
    fs::remove_file(a.object(&two)).unwrap();
    let stranger = make_pdf("BA", None);
    let stranger_path = a.object(&stranger);
    fs::create_dir_all(stranger_path.parent().unwrap()).unwrap();
    fs::write(&stranger_path, &stranger).unwrap();

    let (code, out) = a.verify();
    assert_eq!(code, ExitCode::from(1));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0].starts_with("LỖI: hồ sơ số 1 (Văn bản): tệp objects/"),
        "{out}"
    );
    assert!(
        lines[0].contains(&format!(
            "đã bị thay đổi (SHA-256 nay là {})",
            hex(&Sha256::digest(&changed))
        )),
        "{out}"
    );
    assert!(
        lines[1].starts_with("LỖI: hồ sơ số 2 (Văn bản): mất tệp objects/"),
        "{out}"
    );
    assert!(lines[2].contains("không có trong chỉ mục"), "{out}");
    assert_eq!(lines[3], "Đã kiểm tra 2 văn bản: phát hiện 3 vấn đề.");

    // Adding the lost file again restores it; adding the stranger adopts it.
    let restored = a.add(&a.file("2.pdf", &two), MetadataFlags::default());
    assert!(
        restored.starts_with("Đã khôi phục tệp bị mất của hồ sơ số 2"),
        "{restored}"
    );
    let adopted = a.add(&a.file("3.pdf", &stranger), MetadataFlags::default());
    assert!(
        adopted.contains("(tệp đã có sẵn trong kho, đã kiểm tra mã băm)"),
        "{adopted}"
    );
    // The changed file is told where it lives and how to restore it…
    let (_, out) = a.verify();
    assert!(
        out.contains(&format!(
            " — hãy chạy lại `cchc-gen archive add` với bản PDF gốc (SHA-256 {}) để khôi phục, hoặc chép bản sao lưu vào {}\n",
            hex(&Sha256::digest(&one)),
            a.object(&one).display()
        )),
        "{out}"
    );
    assert!(
        out.ends_with("Đã kiểm tra 3 văn bản: phát hiện 1 vấn đề.\n"),
        "{out}"
    );
    // A damaged copy is never handed over; the refusal says where it is.
    let err = a
        .try_run(ArchiveCommand::Export {
            bagit: a.dir.path().join("goi"),
        })
        .unwrap_err();
    assert!(matches!(err, ArchiveError::Corrupt { .. }), "{err}");
    assert!(
        err.to_string().starts_with(&format!(
            "tệp {} trong kho đã bị thay đổi",
            a.object(&one).display()
        )) && err
            .to_string()
            .contains("chạy `cchc-gen archive add` với bản PDF gốc, hoặc chép bản sao lưu vào đúng đường dẫn đó"),
        "{err}"
    );
    // …and its original, which has the recorded hash, restores it.
    let restored = a.add(&a.file("1.pdf", &one), MetadataFlags::default());
    assert_eq!(
        restored,
        format!(
            "Đã khôi phục tệp bị hỏng của hồ sơ số 1 từ bản gốc (đúng mã băm đã ghi): objects/{}\n",
            a.object(&one)
                .strip_prefix(a.opts.archive.join("objects"))
                .unwrap()
                .display()
        )
    );
    assert_eq!(fs::read(a.object(&one)).unwrap(), one);
    assert!(walk(&a.opts.archive.join("tmp")).is_empty());
    assert_eq!(
        a.verify(),
        (
            ExitCode::SUCCESS,
            "Đã kiểm tra 3 văn bản: tất cả nguyên vẹn.\n".to_owned()
        )
    );
    // Adding it again changes nothing.
    let again = a.add(&a.file("1.pdf", &one), MetadataFlags::default());
    assert!(
        again.starts_with("Văn bản này đã có trong kho: hồ sơ số 1 ("),
        "{again}"
    );
}

const CA_DN: &str = "CN=CA thu nghiem cchc-gen,O=Test,C=VN";

/// A self-signed CA and its key.
fn test_ca() -> (Key, x509_cert::Certificate) {
    let ca_key = Key::p256();
    let ca = ca_key.issue(CA_DN, CA_DN, &ca_key);
    (ca_key, ca)
}

/// A signer whose certificate the CA of `test_ca` issued with `ca_key`.
fn signer_of(ca_key: &Key, key: Key) -> Signer {
    let cert = ca_key.issue(
        CA_DN,
        "CN=Lò Văn Thắng,O=UBND phuong Muong Thanh,C=VN",
        &key,
    );
    Signer { key, cert }
}

/// A CA, and a signer certificate it issued.
fn ca_and_signer(key: Key) -> (Signer, x509_cert::Certificate) {
    let (ca_key, ca) = test_ca();
    (signer_of(&ca_key, key), ca)
}

#[test]
fn signatures_are_checked_rsa_and_p256_with_and_without_trust() {
    let mut a = Archive::new();
    let pdf = make_pdf("BAO CAO", Some(WARD_YAML));

    // RSA, self-signed, no trusted folder: intact, signer not verified.
    let rsa = Signer::self_signed(Key::rsa(), "Lò Văn Thắng");
    let signed = rsa.sign(&pdf, &[]);
    let out = a.add(&a.file("rsa.pdf", &signed), MetadataFlags::default());
    let line = out.lines().find(|l| l.starts_with("Chữ ký số 1:")).unwrap();
    assert!(
        line.starts_with("Chữ ký số 1: Lò Văn Thắng, ký lúc "),
        "{line}"
    );
    assert!(line.ends_with(" (giờ Việt Nam): nguyên vẹn, chưa xác minh người ký với CA tin cậy (chưa chỉ thư mục chứng thư tin cậy bằng --trust hoặc CCHC_TRUST)"), "{line}");

    // P-256 issued by a CA: trusted when the CA is in the folder…
    let (p256, ca) = ca_and_signer(Key::p256());
    let trust = a.trust(&ca);
    let signed = p256.sign(
        &make_pdf("BAO CAO 2", Some(WARD_YAML)),
        std::slice::from_ref(&ca),
    );
    let out = a.add(&a.file("p256.pdf", &signed), MetadataFlags::default());
    assert!(
        out.contains(": hợp lệ, người ký được xác minh với CA tin cậy “CA thu nghiem cchc-gen”"),
        "{out}"
    );

    // …and the RSA self-signed one is intact but from an unknown CA.
    let (code, out) = a.verify();
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(out.contains("chữ ký số 1: nay nguyên vẹn, nhưng chứng thư của người ký không do CA nào trong thư mục tin cậy cấp"), "{out}");

    // A certificate of the trusted CA that had expired before signing.
    let ca_key = Key::p256();
    let ca_dn = "CN=CA het han,C=VN";
    let ca2 = ca_key.issue(ca_dn, ca_dn, &ca_key);
    fs::write(trust.join("ca2.der"), ca2.to_der().unwrap()).unwrap();
    // 2020-01-01 to 2021-01-01.
    let old = x509_cert::time::Validity::new(at(1_577_836_800), at(1_609_459_200));
    let key = Key::p256();
    let cert = ca_key.issue_for(ca_dn, "CN=Nguoi ky cu,C=VN", &key, old, None);
    let expired = Signer { key, cert }.sign(&make_pdf("CU", None), &[]);
    let out = a.add(&a.file("cu.pdf", &expired), MetadataFlags::default());
    assert!(
        out.contains(": nguyên vẹn, nhưng chứng thư của người ký (do CA tin cậy “CA het han” cấp) không có hiệu lực vào thời điểm ký (ký lúc ")
            && out.contains(" (giờ Việt Nam), chứng thư có hiệu lực từ 01/01/2020 07:00:00 (giờ Việt Nam) đến 01/01/2021 07:00:00 (giờ Việt Nam))"),
        "{out}"
    );
    let list = a.ok(ArchiveCommand::List);
    assert!(
        list.contains("nguyên vẹn, chứng thư hết hiệu lực\n"),
        "{list}"
    );

    // A trusted folder with a file that is no certificate is an error.
    fs::write(
        trust.join("rac.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let err = a.try_run(ArchiveCommand::Verify).unwrap_err();
    assert!(
        err.to_string().contains("không phải chứng thư số X.509"),
        "{err}"
    );
}

#[test]
fn altered_or_extended_signed_files_are_refused() {
    let a = Archive::new();
    let signer = Signer::self_signed(Key::p256(), "Lo Van Thang");
    let signed = signer.sign(&make_pdf("BAO CAO", None), &[]);

    let mut altered = signed.clone();
    let at = signed_pdf::find(&altered, b"BAO CAO");
    altered[at] = b'X';
    let out = a.refused(&a.file("sua.pdf", &altered));
    assert!(out.contains("Chữ ký số 1: Lo Van Thang, ký lúc "), "{out}");
    assert!(
        out.contains(
            ": không hợp lệ: mã băm của tệp không khớp với mã băm đã ký — tệp đã bị sửa sau khi ký"
        ),
        "{out}"
    );

    let mut extended = signed.clone();
    extended.extend_from_slice(b"\n% them\n");
    let out = a.refused(&a.file("them.pdf", &extended));
    assert!(
        out.contains("phần đã ký còn nguyên vẹn, nhưng có 8 byte được thêm vào tệp sau khi ký"),
        "{out}"
    );

    let mut bad_sig = signed.clone();
    let contents = signed_pdf::find(&bad_sig, b"/Contents<") + 60;
    bad_sig[contents] = if bad_sig[contents] == b'0' {
        b'1'
    } else {
        b'0'
    };
    let out = a.refused(&a.file("cms.pdf", &bad_sig));
    assert!(out.contains(": không hợp lệ: "), "{out}");
    assert!(!a.opts.archive.join("objects").exists());
}

/// An archive that trusts a CA, its signer, the CA, and a report signed.
fn signed_by_a_trusted_ca() -> (Archive, Signer, x509_cert::Certificate, Vec<u8>) {
    let mut a = Archive::new();
    let (signer, ca) = ca_and_signer(Key::p256());
    a.trust(&ca);
    let signed = signer.sign(&make_pdf("BAO CAO", None), std::slice::from_ref(&ca));
    (a, signer, ca, signed)
}

/// A new revision that changes the page: what someone would append to a
/// signed report to alter it.
fn changed_after_signing(pdf: &[u8]) -> Vec<u8> {
    update(pdf, |_, new| {
        new.add_object(lopdf::Stream::new(
            lopdf::dictionary! {},
            b"1 0 0 rg 40 600 500 200 re f".to_vec(),
        ));
    })
}

#[test]
fn only_a_good_later_signature_vouches_for_what_was_appended() {
    let (a, signer, ca, signed) = signed_by_a_trusted_ca();
    let changed = changed_after_signing(&signed);
    let incremental = || How {
        incremental: true,
        ..How::default()
    };

    // Covered by a stranger's valid signature: still changed after signing.
    let stranger = Signer::self_signed(Key::p256(), "Ke gia mao");
    let covered = stranger.sign_how(&changed, &[], incremental());
    let out = a.refused(&a.file("gia-mao.pdf", &covered));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Chữ ký số 1: Lò Văn Thắng"), "{out}");
    assert!(
        lines[0]
            .contains("được thêm vào tệp sau khi ký (không có chữ ký hợp lệ nào sau đó bao trùm)"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("Chữ ký số 2: Ke gia mao")
            && lines[1].ends_with("không do CA nào trong thư mục tin cậy cấp"),
        "{out}"
    );

    // Covered by a trusted signer (a second approval): both hold.
    let approved = signer.sign_how(&changed, std::slice::from_ref(&ca), incremental());
    let out = a.add(&a.file("duyet.pdf", &approved), MetadataFlags::default());
    assert!(
        out.contains("CA tin cậy “CA thu nghiem cchc-gen”; phần thêm sau chữ ký này đã được chữ ký sau bao trùm"),
        "{out}"
    );
    assert_eq!(a.verify().0, ExitCode::SUCCESS);
    // Two verdicts in a row of the list: the trích yếu gives way, so that
    // every row still fits 100 columns.
    let list = a.ok(ArchiveCommand::List);
    let row = list
        .lines()
        .find(|l| l.contains("; hợp lệ"))
        .unwrap_or_else(|| panic!("{list}"));
    for line in list.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} columns: {line}\n{list}",
            line.chars().count()
        );
    }
    assert!(
        row.ends_with("hợp lệ, CA tin cậy; hợp lệ, CA tin cậy"),
        "{row}"
    );
}

/// What "add verification information" (PAdES LTV) appends to a signed
/// PDF: a /DSS in the catalog with the CA's certificate added to those it
/// had; `more` changes something else too.
fn with_dss(
    signed: &[u8],
    ca: &x509_cert::Certificate,
    more: &dyn Fn(&lopdf::Document, &mut lopdf::Document, &mut lopdf::Dictionary),
) -> Vec<u8> {
    update(signed, |prev, new| {
        let root = prev.trailer.get(b"Root").unwrap().as_reference().unwrap();
        let cert = new.add_object(lopdf::Stream::new(
            lopdf::dictionary! {},
            ca.to_der().unwrap(),
        ));
        let mut certs = prev
            .get_dictionary(root)
            .and_then(|c| c.get_deref(b"DSS", prev))
            .and_then(|dss| dss.as_dict()?.get(b"Certs")?.as_array().cloned())
            .unwrap_or_default();
        certs.push(cert.into());
        let dss = new.add_object(lopdf::dictionary! { "Certs" => certs });
        let mut catalog = prev.get_dictionary(root).unwrap().clone();
        catalog.set("DSS", dss);
        more(prev, new, &mut catalog);
        new.set_object(root, catalog);
    })
}

/// `signed` with a new revision whose `/DSS` holds `items` under `key`
/// (`CRLs`, `OCSPs`), as validation data is added after signing.
fn with_revocation_data(signed: &[u8], key: &str, items: &[Vec<u8>]) -> Vec<u8> {
    update(signed, |prev, new| {
        let root = prev.trailer.get(b"Root").unwrap().as_reference().unwrap();
        let streams: Vec<lopdf::Object> = items
            .iter()
            .map(|item| {
                new.add_object(lopdf::Stream::new(lopdf::dictionary! {}, item.clone()))
                    .into()
            })
            .collect();
        let dss = new.add_object(lopdf::dictionary! { key => streams });
        let mut catalog = prev.get_dictionary(root).unwrap().clone();
        catalog.set("DSS", dss);
        new.set_object(root, catalog);
    })
}

#[test]
fn revocation_data_the_file_carries_is_checked() {
    use const_oid::db::rfc5280::{ID_KP_OCSP_SIGNING, ID_KP_TIME_STAMPING};
    use std::time::{Duration, SystemTime};
    let (ca_key, ca) = test_ca();
    let signer = signer_of(&ca_key, Key::p256());
    let mut a = Archive::new();
    a.trust(&ca);
    let (now, day) = (SystemTime::now(), Duration::from_secs(86_400));
    let chain = std::slice::from_ref(&ca);
    let pdf = |n: usize| make_pdf(&format!("BAO CAO {n}"), None);
    let add = |n: usize, signed: &[u8]| {
        let out = a.add(
            &a.file(&format!("{n}.pdf"), signed),
            MetadataFlags::default(),
        );
        let line = out.lines().find(|l| l.starts_with("Chữ ký số 1:")).unwrap();
        line.split_once(" (giờ Việt Nam): ").unwrap().1.to_owned()
    };
    let sign = |n: usize, how: How| signer.sign_how(&pdf(n), chain, how);
    let trusted = "hợp lệ, người ký được xác minh với CA tin cậy “CA thu nghiem cchc-gen”";
    let not_revoked = |verdict: &str, by: &str| {
        verdict.starts_with(&format!("{trusted}; theo {by} lúc "))
            && verdict.ends_with(" (giờ Việt Nam), chứng thư của người ký chưa bị thu hồi")
    };
    let revoked_before = "nguyên vẹn, nhưng chứng thư của người ký (do CA tin cậy “CA thu nghiem cchc-gen” cấp) đã bị thu hồi trước thời điểm ký (thu hồi lúc ";
    let responder = |purpose| {
        let key = Key::p256();
        let cert = ca_key.issue_for_purpose(CA_DN, "CN=OCSP thu nghiem,C=VN", &key, purpose);
        (key, cert)
    };

    // In the /DSS, a list revoking the signer's certificate yesterday.
    let crl = ca_key.crl(CA_DN, &[(&signer.cert, now - day)]);
    let signed = with_revocation_data(&sign(1, How::default()), "CRLs", &[crl.to_der().unwrap()]);
    let verdict = add(1, &signed);
    assert!(
        verdict.starts_with(revoked_before) && verdict.contains(" (giờ Việt Nam), ký lúc "),
        "{verdict}"
    );
    let list = a.ok(ArchiveCommand::List);
    assert!(
        list.contains("nguyên vẹn, chứng thư bị thu hồi\n"),
        "{list}"
    );

    // In the CMS: a list without the signer, and one revoking it, but
    // signed by a key that is not the CA's, which counts for nothing.
    let forged = Key::p256().crl(CA_DN, &[(&signer.cert, now - day)]);
    let how = How {
        crls: vec![ca_key.crl(CA_DN, &[]), forged.clone()],
        ..How::default()
    };
    let verdict = add(2, &sign(2, how));
    assert!(not_revoked(&verdict, "CRL"), "{verdict}");

    // In Adobe's signed attribute: a list revoking it tomorrow, after
    // signing, and the CA's own OCSP answer "good".
    let how = How {
        archived_crls: vec![ca_key.crl(CA_DN, &[(&signer.cert, now + day)])],
        archived_ocsp: vec![ca_key.ocsp(&ca, &signer.cert, Ocsp::Good, None)],
        ..How::default()
    };
    let verdict = add(3, &sign(3, how));
    assert!(
        verdict.starts_with(&format!(
            "{trusted}; chứng thư của người ký bị thu hồi lúc "
        )) && verdict.ends_with(" (giờ Việt Nam), sau thời điểm ký"),
        "{verdict}"
    );
    let how = How {
        archived_ocsp: vec![ca_key.ocsp(&ca, &signer.cert, Ocsp::Good, None)],
        ..How::default()
    };
    let verdict = add(4, &sign(4, how));
    assert!(not_revoked(&verdict, "OCSP"), "{verdict}");

    // In the /DSS, "revoked" from a responder the CA named for OCSP…
    let (key, cert) = responder(ID_KP_OCSP_SIGNING);
    let answer = key.ocsp(&ca, &signer.cert, Ocsp::Revoked(now - day), Some(&cert));
    let verdict = add(
        5,
        &with_revocation_data(&sign(5, How::default()), "OCSPs", &[answer]),
    );
    assert!(verdict.starts_with(revoked_before), "{verdict}");

    // …but not from one it gave a certificate for something else, nor from
    // a forged list only: as if there were nothing.
    let (key, cert) = responder(ID_KP_TIME_STAMPING);
    let answer = key.ocsp(&ca, &signer.cert, Ocsp::Revoked(now - day), Some(&cert));
    let verdict = add(
        6,
        &with_revocation_data(&sign(6, How::default()), "OCSPs", &[answer]),
    );
    assert_eq!(
        verdict,
        format!(
            "{trusted}; sau chữ ký chỉ thêm dữ liệu để kiểm tra chữ ký lâu dài (chứng thư, OCSP, CRL, dấu thời gian)"
        )
    );
    let how = How {
        crls: vec![forged],
        ..How::default()
    };
    assert_eq!(add(7, &sign(7, how)), trusted);

    // An expired or revoked certificate says nothing of the file: verify passes.
    let (code, out) = a.verify();
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
}

#[test]
fn validation_data_added_after_signing_is_accepted_and_nothing_else_is() {
    let (a, _, ca, signed) = signed_by_a_trusted_ca();
    let with_dss =
        |more: &dyn Fn(&lopdf::Document, &mut lopdf::Document, &mut lopdf::Dictionary)| {
            with_dss(&signed, &ca, more)
        };

    let ltv = with_dss(&|_, _, catalog| {
        let esic = lopdf::dictionary! { "BaseVersion" => "1.7", "ExtensionLevel" => 1 };
        catalog.set("Extensions", lopdf::dictionary! { "ESIC" => esic });
    });
    let out = a.add(&a.file("ltv.pdf", &ltv), MetadataFlags::default());
    assert!(
        out.contains(
            ": hợp lệ, người ký được xác minh với CA tin cậy “CA thu nghiem cchc-gen”; \
             sau chữ ký chỉ thêm dữ liệu để kiểm tra chữ ký lâu dài (chứng thư, OCSP, CRL, dấu thời gian)"
        ),
        "{out}"
    );
    assert_eq!(a.verify().0, ExitCode::SUCCESS);

    // The same, with an action run on opening, or a page drawn over.
    let action = with_dss(&|_, _, catalog| {
        catalog.set("OpenAction", lopdf::dictionary! { "S" => "JavaScript", "JS" => lopdf::Object::string_literal("app.alert(1)") });
    });
    let redrawn = with_dss(&|prev, new, _| {
        let page = *prev.get_pages().values().next().unwrap();
        let ink = new.add_object(lopdf::Stream::new(
            lopdf::dictionary! {},
            b"1 0 0 rg 40 600 500 200 re f".to_vec(),
        ));
        let mut dict = prev.get_dictionary(page).unwrap().clone();
        dict.set("Contents", ink);
        new.set_object(page, dict);
    });
    // The page's own drawing replaced, and listed in /DSS as if a certificate.
    let disguised = with_dss(&|prev, new, catalog| {
        let page = *prev.get_pages().values().next().unwrap();
        let drawing = prev
            .get_dictionary(page)
            .unwrap()
            .get(b"Contents")
            .unwrap()
            .as_reference()
            .unwrap();
        new.set_object(
            drawing,
            lopdf::Stream::new(
                lopdf::dictionary! {},
                b"1 0 0 rg 40 600 500 200 re f".to_vec(),
            ),
        );
        let dss = catalog.get(b"DSS").unwrap().as_reference().unwrap();
        let dss = new.get_object_mut(dss).unwrap().as_dict_mut().unwrap();
        let certs = dss.get_mut(b"Certs").unwrap().as_array_mut().unwrap();
        certs.push(drawing.into());
    });
    for (name, pdf) in [
        ("action.pdf", action),
        ("redrawn.pdf", redrawn),
        ("disguised.pdf", disguised),
    ] {
        let out = a.refused(&a.file(name, &pdf));
        assert!(
            out.contains("byte được thêm vào tệp sau khi ký"),
            "{name}: {out}"
        );
    }
}

#[test]
fn document_timestamps_are_checked_and_vouch_for_no_change() {
    let (a, _, ca, signed) = signed_by_a_trusted_ca();
    let ca_key = Key::p256();
    let ca_dn = "CN=CA dau thoi gian,O=Test,C=VN";
    let tsa_ca = ca_key.issue(ca_dn, ca_dn, &ca_key);
    let trusted = a.opts.trust.as_ref().unwrap();
    fs::write(trusted.join("tsa-ca.der"), tsa_ca.to_der().unwrap()).unwrap();
    let tsa_key = Key::p256();
    let tsa = Signer {
        cert: ca_key.issue_for_purpose(
            ca_dn,
            "CN=TSA thu nghiem,O=Test,C=VN",
            &tsa_key,
            const_oid::db::rfc5280::ID_KP_TIME_STAMPING,
        ),
        key: tsa_key,
    };
    // PAdES-LTA: validation data, then a document timestamp, then the
    // validation data of the timestamp.
    let ltv = with_dss(&signed, &ca, &|_, _, _| {});
    let lta = with_dss(&tsa.timestamp(&ltv, &[], false), &tsa_ca, &|_, _, _| {});
    let out = a.add(&a.file("lta.pdf", &lta), MetadataFlags::default());
    let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("Chữ ký số")).collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].ends_with(
            "CA tin cậy “CA thu nghiem cchc-gen”; sau chữ ký chỉ thêm dữ liệu để kiểm tra chữ ký lâu dài (chứng thư, OCSP, CRL, dấu thời gian)"
        ),
        "{out}"
    );
    assert!(lines[1].starts_with("Chữ ký số 2: TSA thu nghiem"), "{out}");
    assert!(lines[1].contains(" (giờ Việt Nam, dấu thời gian)"), "{out}");
    assert!(
        lines[1].contains(
            ": dấu thời gian của tài liệu (RFC 3161): hợp lệ, người ký được xác minh với CA tin cậy “CA dau thoi gian”"
        ),
        "{out}"
    );
    assert_eq!(a.verify().0, ExitCode::SUCCESS);

    // The same when the form and the page's list of annotations were moved
    // into objects of their own (as some tools save them) before stamping.
    let own_objects = update(&ltv, |prev, new| {
        let root = prev.trailer.get(b"Root").unwrap().as_reference().unwrap();
        let page = *prev.get_pages().values().next().unwrap();
        for (owner, key) in [(root, &b"AcroForm"[..]), (page, b"Annots")] {
            let mut dict = prev.get_dictionary(owner).unwrap().clone();
            let moved = new.add_object(dict.get(key).unwrap().clone());
            dict.set(key, moved);
            new.set_object(owner, dict);
        }
    });
    let out = a.add(
        &a.file("lta-2.pdf", &tsa.timestamp(&own_objects, &[], false)),
        MetadataFlags::default(),
    );
    assert!(
        out.contains(
            "“CA thu nghiem cchc-gen”; sau chữ ký chỉ thêm dữ liệu để kiểm tra chữ ký lâu dài"
        ),
        "{out}"
    );

    // A valid timestamp over a changed page, or in a field shown on the
    // page, does not make the signature hold.
    let over_a_change = tsa.timestamp(&changed_after_signing(&signed), &[], false);
    let shown = tsa.timestamp(&signed, &[], true);
    for (name, pdf) in [("doi-noi-dung.pdf", over_a_change), ("hien-thi.pdf", shown)] {
        let out = a.refused(&a.file(name, &pdf));
        assert!(
            out.lines()
                .next()
                .unwrap()
                .contains("byte được thêm vào tệp sau khi ký"),
            "{name}: {out}"
        );
    }

    // A timestamp whose revision was edited after stamping, and one made
    // with a certificate that is not a time-stamping authority's.
    let mut edited = tsa.timestamp(&signed, &[], false);
    let at = signed.len() + signed_pdf::find(&edited[signed.len()..], b"(DauThoiGian)");
    edited[at + 1] = b'd';
    let (not_a_tsa, _) = ca_and_signer(Key::p256());
    for (name, pdf, why) in [
        (
            "sua-dau.pdf",
            edited,
            "mã băm trong dấu thời gian không khớp với tệp",
        ),
        (
            "khong-phai-tsa.pdf",
            not_a_tsa.timestamp(&signed, &[], false),
            "chứng thư ký dấu thời gian không dành cho dấu thời gian (thiếu id-kp-timeStamping)",
        ),
    ] {
        let out = a.refused(&a.file(name, &pdf));
        let stamp = out
            .lines()
            .find(|l| l.starts_with("Chữ ký số 2"))
            .unwrap_or("");
        assert!(
            stamp.contains(&format!(
                "dấu thời gian của tài liệu (RFC 3161): không hợp lệ: {why}"
            )),
            "{name}: {out}"
        );
    }
}

#[test]
fn a_signature_dropped_by_a_later_revision_is_still_checked() {
    let a = Archive::new();
    let signer = Signer::self_signed(Key::p256(), "Lo Van Thang");
    let signed = signer.sign(&make_pdf("BAO CAO", None), &[]);
    let dropped = update(&changed_after_signing(&signed), |prev, new| {
        let id = prev
            .objects
            .iter()
            .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has(b"ByteRange")))
            .map(|(id, _)| *id)
            .unwrap();
        new.set_object(id, lopdf::dictionary! { "Type" => "Sig" });
    });
    let out = a.refused(&a.file("bo-chu-ky.pdf", &dropped));
    assert!(
        out.starts_with("Chữ ký số 1: Lo Van Thang, ký lúc ")
            && out.contains("byte được thêm vào tệp sau khi ký"),
        "{out}"
    );
}

#[test]
fn only_a_ca_certificate_can_vouch_for_a_signer() {
    let mut a = Archive::new();
    let root_key = Key::p256();
    let root_dn = "CN=CA goc,C=VN";
    let root = root_key.issue(root_dn, root_dn, &root_key);
    a.trust(&root);

    // An official's own certificate (not a CA) issuing one for someone else.
    let (official_key, official_dn) = (Key::p256(), "CN=Can bo,C=VN");
    let official = root_key.issue_for(root_dn, official_dn, &official_key, a_year(), Some(false));
    let forger_key = Key::p256();
    let forged = official_key.issue(official_dn, "CN=Chu tich gia mao,C=VN", &forger_key);
    let pdf = Signer {
        key: forger_key,
        cert: forged,
    }
    .sign(&make_pdf("GIA", None), std::slice::from_ref(&official));
    let out = a.add(&a.file("gia.pdf", &pdf), MetadataFlags::default());
    assert!(
        out.contains("Chu tich gia mao, ký lúc ")
            && out.contains(": nguyên vẹn, nhưng chứng thư của người ký không do CA nào trong thư mục tin cậy cấp"),
        "{out}"
    );

    // The same through an intermediate CA: trusted.
    let (middle_key, middle_dn) = (Key::p256(), "CN=CA trung gian,C=VN");
    let middle = root_key.issue_for(root_dn, middle_dn, &middle_key, a_year(), Some(true));
    let key = Key::p256();
    let cert = middle_key.issue(middle_dn, "CN=Chu tich,C=VN", &key);
    let pdf = Signer { key, cert }.sign(&make_pdf("THAT", None), std::slice::from_ref(&middle));
    let out = a.add(&a.file("that.pdf", &pdf), MetadataFlags::default());
    assert!(
        out.contains(": hợp lệ, người ký được xác minh với CA tin cậy “CA goc”"),
        "{out}"
    );
}

#[test]
fn signatures_without_signed_attributes_or_time_are_checked() {
    let mut a = Archive::new();
    // Over the file itself, as `openssl cms -sign -noattr` makes them.
    let signer = Signer::self_signed(Key::rsa(), "Lo Van Thang");
    let how = How {
        attributes: Attributes::None,
        ..How::default()
    };
    let pdf = signer.sign_how(&make_pdf("KHONG THUOC TINH", None), &[], how);
    let out = a.add(&a.file("noattr.pdf", &pdf), MetadataFlags::default());
    assert!(
        out.contains(": nguyên vẹn, chưa xác minh người ký"),
        "{out}"
    );

    // No signed time: the certificate must be in force when /M says
    // (2025-11-19 10:30 +07:00 in the test signer).
    let ca_key = Key::p256();
    let ca_dn = "CN=CA,C=VN";
    let ca = ca_key.issue(ca_dn, ca_dn, &ca_key);
    a.trust(&ca);
    let no_time = || How {
        attributes: Attributes::NoTime,
        ..How::default()
    };
    // 2020-01-01 to 2021-01-01, then 2025-01-01 to 2027-01-01.
    for (name, from, to, verdict) in [
        (
            "cu",
            1_577_836_800,
            1_609_459_200,
            "không có hiệu lực vào thời điểm ký (ký lúc 19/11/2025 10:30:00 (giờ Việt Nam, theo /M), chứng thư có hiệu lực từ 01/01/2020 07:00:00 (giờ Việt Nam) đến 01/01/2021 07:00:00 (giờ Việt Nam))",
        ),
        (
            "moi",
            1_735_689_600,
            1_798_761_600,
            ": hợp lệ, người ký được xác minh với CA tin cậy “CA”",
        ),
    ] {
        let key = Key::p256();
        let validity = x509_cert::time::Validity::new(at(from), at(to));
        let cert = ca_key.issue_for(ca_dn, "CN=Nguoi ky,C=VN", &key, validity, None);
        let pdf = Signer { key, cert }.sign_how(&make_pdf(name, None), &[], no_time());
        let out = a.add(
            &a.file(&format!("{name}.pdf"), &pdf),
            MetadataFlags::default(),
        );
        assert!(out.contains(verdict), "{name}: {out}");
    }
}

#[test]
fn bagit_export_is_a_valid_bag() {
    let a = Archive::new();
    let one = make_pdf("MOT", Some(WARD_YAML));
    let two = make_pdf("HAI", None);
    a.add(&a.file("1.pdf", &one), MetadataFlags::default());
    a.add(&a.file("2.pdf", &two), MetadataFlags::default());
    let bag = a.dir.path().join("goi");
    let out = a.ok(ArchiveCommand::Export { bagit: bag.clone() });
    assert!(
        out.starts_with("Đã xuất 2 văn bản thành gói BagIt"),
        "{out}"
    );

    assert_eq!(
        fs::read_to_string(bag.join("bagit.txt")).unwrap(),
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    );
    assert_eq!(
        fs::read(bag.join("data/00001_12-BC-UBND.pdf")).unwrap(),
        one
    );
    assert_eq!(fs::read(bag.join("data/00002.pdf")).unwrap(), two);
    // Every payload file is in the manifest with its hash, and nothing else.
    let manifest = fs::read_to_string(bag.join("manifest-sha256.txt")).unwrap();
    let payload = walk(&bag.join("data"));
    assert_eq!(manifest.lines().count(), payload.len());
    let mut octets = 0;
    for line in manifest.lines() {
        let (sha, path) = line.split_once("  ").unwrap();
        let bytes = fs::read(bag.join(path)).unwrap();
        octets += bytes.len();
        assert_eq!(hex(&Sha256::digest(&bytes)), sha, "{path}");
    }
    let info = fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    assert!(
        info.contains(&format!("Payload-Oxum: {octets}.3\n")),
        "{info}"
    );
    assert!(
        info.contains("Source-Organization: UBND phường Mường Thanh\n"),
        "{info}"
    );
    let tags = fs::read_to_string(bag.join("tagmanifest-sha256.txt")).unwrap();
    for line in tags.lines() {
        let (sha, path) = line.split_once("  ").unwrap();
        assert_eq!(
            hex(&Sha256::digest(fs::read(bag.join(path)).unwrap())),
            sha,
            "{path}"
        );
    }
    assert_eq!(tags.lines().count(), 3);

    let csv = fs::read_to_string(bag.join("data/metadata.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(&reader.headers().unwrap()[6], "Ngày tháng năm văn bản");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "data/00001_12-BC-UBND.pdf");
    assert_eq!(&rows[0][6], "19/11/2025");
    assert_eq!(&rows[0][8], "Kết quả công tác cải cách hành chính năm 2025");

    let err = a
        .try_run(ArchiveCommand::Export { bagit: bag.clone() })
        .unwrap_err();
    assert!(matches!(err, ArchiveError::ExportTargetExists(_)), "{err}");
}

/// All files under a folder.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn attached_data_that_does_not_read_only_warns() {
    let a = Archive::new();
    let yaml = "mau: bao-cao\nkhoa_la: 1\n";
    let pdf = make_pdf("BAO CAO", Some(yaml));
    let out = a.add(
        &a.file("bc.pdf", &pdf),
        MetadataFlags {
            trich_yeu: Some("Báo cáo tháng 10".into()),
            ..MetadataFlags::default()
        },
    );
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("Cảnh báo: dữ liệu đính kèm bao-cao.yaml không đọc được ("),
        "{out}"
    );
    assert!(
        first.ends_with("); thông tin văn bản lấy như với PDF không có dữ liệu."),
        "{out}"
    );
    assert!(
        out.contains("\nThông tin lấy từ: tham số dòng lệnh --trich-yeu\n"),
        "{out}"
    );
    assert!(
        out.contains("hồ sơ số 1 — Văn bản: Báo cáo tháng 10"),
        "{out}"
    );
    let show = a.ok(ArchiveCommand::Show { id: 1 });
    let data_line = format!(
        "Dữ liệu: bao-cao.yaml, SHA-256 {}",
        hex(&Sha256::digest(yaml))
    );
    assert!(show.lines().any(|l| l == data_line), "{show}");
}

/// Truncated and bit-flipped signed PDFs: refused or archived with a
/// verdict, never a panic, and never a signature reported valid.
#[test]
fn damaged_pdfs_never_panic_nor_pass_as_signed() {
    let a = Archive::new();
    let signer = Signer::self_signed(Key::p256(), "Lo Van Thang");
    let signed = signer.sign(&make_pdf("BAO CAO", Some(WARD_YAML)), &[]);
    let mut variants: Vec<Vec<u8>> = (1..signed.len())
        .step_by(173)
        .map(|n| signed[..n].to_vec())
        .collect();
    // Flips outside /Contents: inside it, a hex digit changing case or the
    // zero padding after the CMS changing does not alter the signature.
    let contents = signed_pdf::find(&signed, b"/Contents<");
    let gap = contents..contents + "/Contents".len() + 2 * 8192 + 2;
    variants.extend(
        (0..signed.len())
            .step_by(211)
            .filter(|i| !gap.contains(i))
            .map(|i| {
                let mut v = signed.clone();
                v[i] ^= 0x20;
                v
            }),
    );
    let path = a.dir.path().join("hong.pdf");
    for (n, bytes) in variants.iter().enumerate() {
        fs::write(&path, bytes).unwrap();
        let cmd = ArchiveCommand::Add {
            file: path.clone(),
            source: None,
            fields: MetadataFlags::default(),
        };
        match a.try_run(cmd) {
            Err(
                ArchiveError::NotPdf { .. }
                | ArchiveError::DamagedPdf { .. }
                | ArchiveError::SignatureProblem(_),
            ) => {}
            Err(e) => panic!("variant {n}: {e}"),
            Ok((_, out)) => assert!(
                !out.contains(": nguyên vẹn, chưa xác minh"),
                "variant {n}: {out}"
            ),
        }
    }
}

#[test]
fn verify_rehashes_files_that_have_no_record() {
    let a = Archive::new();
    let pdf = make_pdf("MOT", None);
    a.add(&a.file("1.pdf", &pdf), MetadataFlags::default());
    // A file under a hash name whose content is not that hash's.
    let other = make_pdf("HAI", None);
    let path = a.object(&other);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, b"%PDF-1.7 hong").unwrap();
    fs::write(a.opts.archive.join("objects/ghi-chu.txt"), "x").unwrap();
    let (code, out) = a.verify();
    assert_eq!(code, ExitCode::from(1));
    let sha = hex(&Sha256::digest(&other));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "LỖI: tệp objects/{}/{}.pdf đã bị thay đổi (SHA-256 nay là {}), và không có trong chỉ mục — hãy chuyển tệp đó ra khỏi kho",
            &sha[..2],
            &sha[2..],
            hex(&Sha256::digest(b"%PDF-1.7 hong"))
        )
    );
    assert!(lines[1].starts_with("LỖI: tệp lạ "), "{out}");
    assert!(lines[1].ends_with("objects/ghi-chu.txt trong thư mục objects/ — không phải tệp do cchc-gen lưu; hãy chuyển nó ra khỏi kho"), "{out}");
    assert_eq!(lines[2], "Đã kiểm tra 1 văn bản: phát hiện 2 vấn đề.");
}

#[test]
fn data_of_another_version_is_read_by_key_names() {
    let a = Archive::new();
    // A key this version does not know, as a newer cchc-gen may write.
    let yaml = WARD_YAML.replace("luu: VT, VP\n", "luu: VT, VP\nkhoa_moi: có\n");
    let pdf = make_pdf("BAO CAO", Some(&yaml));
    let out = a.add(&a.file("bc.pdf", &pdf), MetadataFlags::default());
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with(
            "Cảnh báo: dữ liệu bao-cao.yaml không khớp hoàn toàn với phiên bản cchc-gen này ("
        ) && lines[0].contains("unknown field `khoa_moi`")
            && lines[0].ends_with("); đã đọc các thông tin chính theo tên khóa."),
        "{out}"
    );
    assert_eq!(
        lines[1],
        "Đã lưu vào kho: hồ sơ số 1 — BÁO CÁO số 12/BC-UBND ngày 19/11/2025: Kết quả công tác cải cách hành chính năm 2025"
    );
    let show = a.ok(ArchiveCommand::Show { id: 1 });
    assert!(show.contains("Người ký: Lò Văn Thắng\n"), "{show}");
    assert!(
        show.contains("Cơ quan ban hành: UBND phường Mường Thanh\n"),
        "{show}"
    );
    assert!(
        a.search("thu tuc hanh chinh")
            .1
            .contains("Tìm thấy 1 văn bản.")
    );
}

#[test]
fn text_from_outside_cannot_break_a_bag_a_spreadsheet_or_a_search() {
    let a = Archive::new();
    let fields = MetadataFlags {
        co_quan: Some("UBND phường A\nBagging-Date: 1999-01-01".into()),
        trich_yeu: Some("=HYPERLINK(\"http://x\") \u{d0}ối thoại".into()),
        ..MetadataFlags::default()
    };
    a.add(&a.file("1.pdf", &make_pdf("MOT", None)), fields);
    let bag = a.dir.path().join("goi");
    a.ok(ArchiveCommand::Export { bagit: bag.clone() });
    let info = fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    assert!(
        info.starts_with(
            "Source-Organization: UBND phường A Bagging-Date: 1999-01-01\nBagging-Date: "
        ),
        "{info}"
    );
    assert_eq!(info.matches("\nBagging-Date:").count(), 1, "{info}");
    let csv = fs::read_to_string(bag.join("data/metadata.csv")).unwrap();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://x\"\") \u{d0}ối thoại\""),
        "{csv}"
    );
    // Ð (U+00D0) is found as d, like Đ.
    let (code, out) = a.search("doi thoai");
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
}

#[test]
fn verify_does_not_call_a_signature_it_cannot_check_intact() {
    let a = Archive::new();
    let signer = Signer::self_signed(Key::p256(), "Lo Van Thang");
    let mut pdf = signer.sign(&make_pdf("SHA1", None), &[]);
    let at = signed_pdf::find(&pdf, b"adbe.pkcs7.detached");
    pdf[at..at + 19].copy_from_slice(b"adbe.pkcs7.sha1    ");
    let out = a.add(&a.file("sha1.pdf", &pdf), MetadataFlags::default());
    assert!(
        out.contains(": không kiểm tra được: kiểu chữ ký /SubFilter /adbe.pkcs7.sha1"),
        "{out}"
    );
    let (code, out) = a.verify();
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(
        out.ends_with("Đã kiểm tra 1 văn bản: các tệp trong kho nguyên vẹn, nhưng 1 chữ ký số không kiểm tra được (xem các dòng Lưu ý).\n"),
        "{out}"
    );
}
