//! Every consistency rule, as a table of broken inputs: each case changes the
//! valid report `tests/fixtures/base.yaml` in one place and expects exactly
//! one diagnostic there — its message, line and column.

use std::path::Path;

use cchc_gen::build::{self, Options};
use cchc_gen::diagnostic::{Diagnostic, Severity};

const BASE: &str = include_str!("../fixtures/base.yaml");

/// Writes `BASE` with `from` replaced by `to` and checks it.
fn check_variant(from: &str, to: &str) -> Vec<Diagnostic> {
    assert!(BASE.contains(from), "the fixture has no {from:?}");
    check_text(&BASE.replacen(from, to, 1))
}

fn check_text(yaml: &str) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ward.yaml");
    std::fs::write(&path, yaml).unwrap();
    build::check_file(&path, &Options::default()).diagnostics
}

#[test]
fn the_base_fixture_is_clean() {
    let d = check_variant("so: 12", "so: 12");
    assert!(d.is_empty(), "{d:#?}");
    // A comment written as one is not mistaken for dropped text.
    let d = check_variant("so: 12", "so: 12  # số của báo cáo");
    assert!(d.is_empty(), "{d:#?}");
    // Keys the README lets be left blank: a number not yet given, a head
    // who signs in person.
    let d = check_variant("so: 12", "so:");
    assert!(d.is_empty(), "{d:#?}");
    let d = check_variant("quyen_han: TM. ỦY BAN NHÂN DÂN, ", "quyen_han: , ");
    assert!(d.is_empty(), "{d:#?}");
    // Empty table cells, header or row, may be typed in any table.
    let d = check_variant(
        "      - Đã thực hiện đầy đủ kế hoạch năm 2025.\n",
        "      - bang: { cot: [Nội dung, \"\"], dong: [[Tuyên truyền, \"\"], [\" \", Đạt]] }\n",
    );
    assert!(d.is_empty(), "{d:#?}");
    // "v.v." ends with its own full stop, not a typed end mark.
    let d = check_variant("Sở Nội vụ]", "\"Các phòng, ban, v.v.\"]");
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn a_signer_name_is_suggested_in_proper_case_and_minority_names_stay() {
    for (name, fix) in [
        ("TRẦN VĂN BÌNH", Some("sửa thành `Trần Văn Bình`")),
        ("trần văn bình", Some("sửa thành `Trần Văn Bình`")),
        ("H'HEN NIÊ", Some("sửa thành `H'Hen Niê`")),
        ("Y-MOAN ENUÔL", Some("sửa thành `Y-Moan Enuôl`")),
        ("H'Hen Niê", None),
        ("Ksor H'Bơ Khắp", None),
        // A title is told as a title, not as capitals to fix.
        ("Thạc sĩ Trần Văn Bình", Some("chỉ ghi họ, tên đệm và tên")),
        ("Đại tá Trần Văn Bình", Some("chỉ ghi họ, tên đệm và tên")),
        ("TS Trần Văn Bình", Some("chỉ ghi họ, tên đệm và tên")),
        ("PGS.TS Trần Văn Bình", Some("chỉ ghi họ, tên đệm và tên")),
        ("Th.S Trần Văn Bình", Some("chỉ ghi họ, tên đệm và tên")),
        ("Trần Văn Bình, ThS.", Some("chỉ ghi họ, tên đệm và tên")),
        // Names that start like a title's letters are names.
        ("Tiến Văn Bình", None),
        ("Đại Văn Tá", None),
    ] {
        let d = check_variant("ho_ten: Trần Văn Bình", &format!("ho_ten: \"{name}\""));
        let help: Vec<_> = d.iter().filter_map(|d| d.help.as_deref()).collect();
        assert_eq!(help, fix.into_iter().collect::<Vec<_>>(), "{name}: {d:#?}");
    }
}

#[test]
fn a_recipient_typed_with_its_marks_is_suggested_bare() {
    for typed in [
        "Sở Nội vụ.",
        "\"Sở Nội vụ,\"",
        "\"- Sở Nội vụ;\"",
        "\"+ Sở Nội vụ .\"",
    ] {
        let d = check_variant("Sở Nội vụ]", &format!("{typed}]"));
        let help: Vec<_> = d.iter().filter_map(|d| d.help.as_deref()).collect();
        assert_eq!(help, ["sửa thành `Sở Nội vụ`"], "{typed}: {d:#?}");
        assert_eq!(d[0].rule.as_deref(), Some("Phụ lục I, mục II.9.d"));
    }
}

#[test]
fn a_place_name_is_suggested_with_each_syllables_capital() {
    let full = "nếu xã không đặt theo tên người hay sự kiện lịch sử thì chỉ ghi tên `Hòa Bình` (Phụ lục I, mục II.4.a)";
    for (place, fix) in [
        ("hòa bình", Some("sửa thành `Hòa Bình`".to_owned())),
        ("An hòa", Some("sửa thành `An Hòa`".to_owned())),
        ("CAM THANH", Some("sửa thành `Cam Thanh`".to_owned())),
        ("phường 12", Some("sửa thành `Phường 12`".to_owned())),
        ("PHƯỜNG 12", Some("sửa thành `Phường 12`".to_owned())),
        ("thị trấn 3", Some("sửa thành `Thị trấn 3`".to_owned())),
        (
            "xã Hòa Bình",
            Some(format!("sửa thành `Xã Hòa Bình`; {full}")),
        ),
        (
            "XÃ HÒA BÌNH",
            Some(format!("sửa thành `Xã Hòa Bình`; {full}")),
        ),
        ("Thị trấn 3", None),
        ("Phường Lê Lợi", None),
        ("Ea H'leo", None),
        ("\"«điền: địa danh»\"", None),
    ] {
        let d = check_variant("dia_danh: An Hòa", &format!("dia_danh: {place}"));
        let d: Vec<_> = d.iter().filter(|d| !d.is_error()).collect();
        let help: Vec<_> = d.iter().filter_map(|d| d.help.clone()).collect();
        assert_eq!(help, fix.into_iter().collect::<Vec<_>>(), "{place}: {d:#?}");
    }
}

#[test]
fn percentages_over_100_that_compare_are_not_rates() {
    for text in [
        "Số hồ sơ tăng 250% so với cùng kỳ.",
        "Đạt 120% kế hoạch năm 2025.",
        "Thu phí bằng 105% so với năm trước; đạt 98% chỉ tiêu.",
    ] {
        let d = check_variant("Đã thực hiện đầy đủ kế hoạch năm 2025.", text);
        assert!(d.is_empty(), "{text}: {d:#?}");
    }
    // The comparison must be in the same sentence.
    let d = check_variant(
        "Đã thực hiện đầy đủ kế hoạch năm 2025.",
        "Số hồ sơ tăng. Tỷ lệ số hóa 180%.",
    );
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0].message.contains("“180%” vượt quá 100%"), "{d:#?}");
    // In a table, the column's header or the row's label says it: only
    // the plain rate in the first row is wrong.
    let d = check_variant(
        "      - Đã thực hiện đầy đủ kế hoạch năm 2025.\n",
        "      - bang:\n          cot: [Chỉ tiêu, Năm 2024, Năm 2025, So với cùng kỳ (%), Tỷ lệ đạt]\n          dong:\n            - [Số tin bài, \"40\", \"60\", \"150%\", \"120%\"]\n            - [Tăng so với năm trước, \"\", \"\", \"\", \"130%\"]\n",
    );
    let told: Vec<_> = d
        .iter()
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(told, [(24, 49, "tỷ lệ “120%” vượt quá 100%")]);
}

#[test]
fn each_rule_reports_its_message_line_and_column() {
    use Severity::{Error, Warning};
    // (what, from, to, severity, line, column, words of the message)
    let cases: &[(&str, &str, &str, Severity, u32, u32, &str)] = &[
        (
            "a figures sentence dated outside the period, as copied from the last one",
            "\"Tỷ lệ trước hạn đạt",
            "\"Từ ngày 01/7/2024, tỷ lệ trước hạn đạt",
            Warning,
            23,
            27,
            "câu số liệu ghi ngày 01/7/2024, ngoài kỳ báo cáo (năm 2025: 01/01/2025 – 31/12/2025)",
        ),
        (
            "YAML syntax",
            "  ten_goi: UBND phường An Hòa",
            "   ten_goi: [UBND",
            Error,
            4,
            4,
            "YAML",
        ),
        (
            "unknown key with suggestion",
            "dia_danh:",
            "dia_dan:",
            Error,
            7,
            1,
            "khóa `dia_dan` không có",
        ),
        (
            "missing key",
            "luu: VT, VHXH\n",
            "",
            Error,
            29,
            1,
            "thiếu khóa bắt buộc `luu`",
        ),
        (
            "negative count",
            "qua_han: 29",
            "qua_han: -29",
            Error,
            37,
            14,
            "số nguyên không âm",
        ),
        (
            "month 13",
            "ngay: 2025-12-20",
            "ngay: 20/13/2025",
            Error,
            8,
            7,
            "tháng 13 không tồn tại",
        ),
        (
            "five-digit year",
            "ngay: 2025-12-20",
            "ngay: 20/12/20235",
            Error,
            8,
            7,
            "năm 20235",
        ),
        (
            "cited plan after the report",
            "ngay: 2025-01-15",
            "ngay: 2026-01-15",
            Error,
            15,
            13,
            "sau ngày của báo cáo",
        ),
        (
            "date outside the period",
            "ngay: 2025-12-20",
            "ngay: 2026-06-20",
            Error,
            8,
            7,
            "không khớp kỳ báo cáo",
        ),
        (
            "quarter without its number",
            "{ loai: nam, nam: 2025 }",
            "{ loai: quy, nam: 2025 }",
            Error,
            10,
            21,
            "thiếu số quý",
        ),
        (
            "quarter 5",
            "{ loai: nam, nam: 2025 }",
            "{ loai: quy, quy: 5, nam: 2025 }",
            Error,
            10,
            31,
            "quý 5 không tồn tại",
        ),
        (
            "parts differ from the total",
            "truc_tiep: 1120",
            "truc_tiep: 1100",
            Error,
            34,
            16,
            "khác số mới tiếp nhận",
        ),
        (
            "solved more than received",
            "truoc_han: 4000",
            "truoc_han: 4100",
            Error,
            37,
            14,
            "lớn hơn tổng số tiếp nhận",
        ),
        (
            "a share over 100 %",
            "cong_khai: 4 }",
            "cong_khai: 5 }",
            Error,
            38,
            53,
            "vượt 100%",
        ),
        (
            "paid in more than collected",
            "nop_ngan_sach: 13720038",
            "nop_ngan_sach: 19720038",
            Error,
            39,
            43,
            "lớn hơn số phí",
        ),
        (
            "people at meetings when there was no meeting",
            "nop_ngan_sach: 13720038 }",
            "nop_ngan_sach: 13720038 }\n  tuyen_truyen: { hoi_nghi: 0, nguoi_tham_du: 120 }",
            Error,
            40,
            47,
            "số người tham dự là 120 nhưng số buổi, hội nghị tuyên truyền (`hoi_nghi`) là 0",
        ),
        (
            "broadcasts without a radio item",
            "nop_ngan_sach: 13720038 }",
            "nop_ngan_sach: 13720038 }\n  tuyen_truyen: { tin_bai_trang_tin: 5, thoi_luong_phut: 30 }",
            Error,
            40,
            58,
            "thời lượng phát sóng là 30 nhưng số tin, bài trên đài truyền thanh (`tin_bai_truyen_thanh`) chưa ghi",
        ),
        (
            "signer's name typed in lower case",
            "ho_ten: Trần Văn Bình",
            "ho_ten: trần văn Bình",
            Warning,
            29,
            72,
            "họ tên người ký viết chữ in thường, hoa chữ cái đầu mỗi chữ",
        ),
        (
            "signer's name in capitals",
            "ho_ten: Trần Văn Bình",
            "ho_ten: TRẦN VĂN BÌNH",
            Warning,
            29,
            72,
            "họ tên người ký viết chữ in thường",
        ),
        (
            "an academic title before the signer's name",
            "ho_ten: Trần Văn Bình",
            "ho_ten: ThS. Trần Văn Bình",
            Warning,
            29,
            72,
            "họ tên người ký không kèm học hàm, học vị hay quân hàm (“ThS.”)",
        ),
        (
            "a place name with a syllable in lower case",
            "dia_danh: An Hòa",
            "dia_danh: xã an hòa",
            Warning,
            7,
            11,
            "địa danh viết hoa chữ cái đầu của mỗi âm tiết",
        ),
        (
            "symbol malformed",
            "ky_hieu: BC-UBND",
            "ky_hieu: BC UBND",
            Error,
            6,
            10,
            "viết sai",
        ),
        (
            "symbol of another type",
            "ky_hieu: BC-UBND",
            "ky_hieu: KH-UBND",
            Error,
            6,
            10,
            "chữ viết tắt phải là `BC`",
        ),
        (
            "number zero",
            "so: 12",
            "so: 0",
            Error,
            5,
            5,
            "số văn bản phải từ 1",
        ),
        (
            "Lưu inside the recipients",
            "Sở Nội vụ]",
            "Sở Nội vụ, Lưu VT]",
            Error,
            27,
            40,
            "dòng \"Lưu\"",
        ),
        (
            "a recipient typed with a full stop",
            "Sở Nội vụ]",
            "Sở Nội vụ.]",
            Warning,
            27,
            29,
            "không gõ dấu đầu dòng (\"-\", \"+\") hay dấu cuối dòng (\";\", \".\", \",\"): cchc-gen tự thêm",
        ),
        (
            "a Kính gửi addressee typed with its dash and semicolon",
            "noi_nhan: [UBND tỉnh (b/c), Sở Nội vụ]",
            "kinh_gui: [\"- Sở Nội vụ tỉnh;\"]\nnoi_nhan: [Như trên (b/c), UBND tỉnh (b/c)]",
            Warning,
            27,
            12,
            "không gõ dấu đầu dòng (\"-\", \"+\") hay dấu cuối dòng",
        ),
        (
            "a recipient typed with a comma",
            "Sở Nội vụ]",
            "\"Sở Nội vụ,\"]",
            Warning,
            27,
            29,
            "hay dấu cuối dòng (\";\", \".\", \",\")",
        ),
        (
            "Kính gửi, and Nơi nhận without “Như trên”",
            "noi_nhan: [UBND tỉnh (b/c),",
            "kinh_gui: [Sở Nội vụ tỉnh]\nnoi_nhan: [UBND tỉnh (b/c),",
            Warning,
            28,
            12,
            "báo cáo có “Kính gửi” nên nơi nhận bắt đầu bằng “Như trên”",
        ),
        (
            "Kính gửi, and “Như trên” after another recipient",
            "noi_nhan: [UBND tỉnh (b/c), Sở Nội vụ]",
            "kinh_gui: [Sở Nội vụ tỉnh]\nnoi_nhan: [UBND tỉnh (b/c), như trên]",
            Warning,
            28,
            29,
            "báo cáo có “Kính gửi” nên nơi nhận bắt đầu bằng “Như trên”",
        ),
        (
            "“Như trên” without Kính gửi",
            "Sở Nội vụ]",
            "Như trên]",
            Warning,
            27,
            29,
            "“Như trên” chỉ dùng khi báo cáo có “Kính gửi”",
        ),
        (
            "an addressee of Kính gửi again in Nơi nhận",
            "noi_nhan: [UBND tỉnh (b/c), Sở Nội vụ]",
            "kinh_gui: [Sở Nội vụ]\nnoi_nhan: [Như trên, UBND tỉnh (b/c), Sở Nội vụ]",
            Warning,
            28,
            39,
            "“Sở Nội vụ” đã có ở “Kính gửi”: “Như trên” đã gồm nơi này",
        ),
        (
            "Lưu without VT",
            "luu: VT, VHXH",
            "luu: VHXH",
            Warning,
            28,
            6,
            "bắt đầu bằng \"VT\"",
        ),
        (
            "signer prefix",
            "quyen_han: TM. ỦY BAN",
            "quyen_han: T/M ỦY BAN",
            Error,
            29,
            24,
            "TM., KT., Q., TL. hoặc TUQ.",
        ),
        (
            "unknown layout",
            "mau: tuyen-truyen",
            "mau: tuyen-truyenn",
            Error,
            1,
            6,
            "không có mẫu `tuyen-truyenn`",
        ),
        (
            "a library layout as the report's",
            "mau: tuyen-truyen",
            "mau: chi-so",
            Error,
            1,
            6,
            "`chi-so` không phải mẫu báo cáo (loại: thu-vien)",
        ),
        (
            "control character",
            "- Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "- \"Đã thực hiện\\a đầy đủ kế hoạch năm 2025.\"",
            Error,
            21,
            9,
            "ký tự điều khiển (không nhìn thấy) không in được (U+0007)",
        ),
        (
            "zero-width space pasted from the web",
            "- Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "- \"Đã thực hiện đầy đủ kế hoạch năm\\u200B 2025.\"",
            Error,
            21,
            9,
            "ký tự không nhìn thấy (dấu cách độ rộng 0) làm chữ trong PDF khác với chữ trông thấy: không tìm, không chép đúng được (U+200B)",
        ),
        (
            "direction override",
            "- Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "- \"Đạt \\u202E%051\\u202C kế hoạch.\"",
            Error,
            21,
            9,
            "ký tự đổi chiều chữ (không nhìn thấy) làm chữ in ra khác với chữ trong tệp (U+202E)",
        ),
        (
            "a word longer than a line",
            "- Tiếp tục đẩy mạnh tuyên truyền năm 2026.",
            "- Xem dichvucong.gov.vn?mahoso=000000000000000000000000000000000000.",
            Warning,
            26,
            13,
            "“dichvucong.gov.vn?ma…” dài 62 ký tự liền nhau",
        ),
        (
            "sections deeper than I., 1., 1.1., a)",
            "- Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "- tieu_de: A\n        noi_dung:\n          - tieu_de: B\n            noi_dung:\n              - tieu_de: C\n                noi_dung:\n                  - tieu_de: D\n                    noi_dung: [Đã thực hiện.]",
            Error,
            27,
            21,
            "mục lồng quá sâu",
        ),
        (
            "unknown section key",
            "  - muc: ket_qua",
            "  - muc: ket_quaa",
            Error,
            19,
            10,
            "không có mục `ket_quaa`",
        ),
        (
            "unknown figures group",
            "- chi_so: ho_so",
            "- chi_so: ho_soo",
            Error,
            22,
            17,
            "không có nhóm số liệu `ho_soo`",
        ),
        (
            "figures group without data",
            "- chi_so: ho_so",
            "- chi_so: dich_vu_cong",
            Error,
            22,
            17,
            "dữ liệu chưa có",
        ),
        (
            "unknown figure in a sentence",
            "{ho_so.ty_le_truoc_han}",
            "{ho_so.ty_le_truoc_hn}",
            Error,
            23,
            18,
            "không có số liệu `{ho_so.ty_le_truoc_hn}`",
        ),
        (
            "typed rate over 100 %",
            "Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "Tỷ lệ cấp kết quả điện tử 200%.",
            Error,
            21,
            35,
            "vượt quá 100%",
        ),
        (
            "rate over 100 % on the third line of a paragraph",
            "- Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "- >-\n        Dòng một của đoạn văn dài.\n        Dòng hai có tỷ lệ 180%.",
            Error,
            23,
            27,
            "“180%” vượt quá 100%",
        ),
        (
            "rate above 100% with a thousands dot",
            "Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "Tỷ lệ đạt 1.250%.",
            Error,
            21,
            19,
            "“1.250%” vượt quá 100%",
        ),
        (
            "rate above 100% with thousands dots and a decimal comma",
            "Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "Tỷ lệ đạt 1.000,5%.",
            Error,
            21,
            19,
            "“1.000,5%” vượt quá 100%",
        ),
        (
            "decimal point in a rate",
            "Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "Tỷ lệ đạt 99.95%.",
            Warning,
            21,
            19,
            "dấu chấm thập phân",
        ),
        (
            "impossible date in text",
            "Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "Theo Quyết định ngày 26/13/2025.",
            Error,
            21,
            30,
            "26/13/2025",
        ),
        (
            "impossible year in text",
            "Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "Đã thực hiện trong năm 20235.",
            Error,
            21,
            28,
            "năm 20235",
        ),
        (
            "impossible year in capitals",
            "Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "ĐÃ THỰC HIỆN TRONG NĂM 20235.",
            Error,
            21,
            28,
            "năm 20235",
        ),
        (
            "rate above 100% in a paragraph with figures",
            "\"Tỷ lệ trước hạn đạt {ho_so.ty_le_truoc_han}.\"",
            "\"Hài lòng 150%, trước hạn {ho_so.ty_le_truoc_han}.\"",
            Error,
            23,
            28,
            "vượt quá 100%",
        ),
        (
            "year far ahead in text",
            "Tiếp tục đẩy mạnh tuyên truyền năm 2026.",
            "Tiếp tục đẩy mạnh tuyên truyền năm 2206.",
            Error,
            26,
            40,
            "năm 2206",
        ),
        (
            "data window from the year before, not December",
            "ky_bao_cao: { loai: nam, nam: 2025 }",
            "ky_bao_cao: { loai: nam, nam: 2025, tu_ngay: 2024-11-15 }",
            Error,
            10,
            46,
            "nằm ngoài kỳ báo cáo",
        ),
        (
            "section with both a title and a key",
            "  - muc: phuong_huong\n",
            "  - tieu_de: Phương hướng năm tới\n    muc: phuong_huong\n",
            Warning,
            24,
            14,
            "có cả `tieu_de` và `muc`",
        ),
        (
            "a section without content",
            "  - muc: phuong_huong\n    noi_dung:\n      - Tiếp tục đẩy mạnh tuyên truyền năm 2026.\n",
            "  - muc: phuong_huong\n",
            Warning,
            24,
            10,
            "mục `phuong_huong` không có nội dung",
        ),
        (
            "a titled section with an empty list of content",
            "  - muc: phuong_huong\n",
            "  - tieu_de: Kiến nghị\n    noi_dung: []\n  - muc: phuong_huong\n",
            Warning,
            24,
            14,
            "mục “Kiến nghị” không có nội dung",
        ),
        (
            "an untitled section without content",
            "- chi_so: ho_so",
            "- noi_dung: []\n      - chi_so: ho_so",
            Warning,
            22,
            9,
            "mục (không tiêu đề) không có nội dung",
        ),
        (
            "plan of a later year among results",
            "Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "Đã thực hiện kế hoạch 6 tháng cuối năm 2026.",
            Warning,
            21,
            9,
            "năm 2026 ở sau kỳ báo cáo",
        ),
        (
            "trích yếu of another year",
            "hành chính năm 2025\n",
            "hành chính năm 2024\n",
            Error,
            9,
            12,
            "trích yếu ghi năm 2024",
        ),
        (
            "trích yếu of another year, in capitals",
            "hành chính năm 2025\n",
            "hành chính NĂM 2024\n",
            Error,
            9,
            12,
            "trích yếu ghi năm 2024",
        ),
        (
            "character the font lacks",
            "Đã thực hiện đầy đủ",
            "Đã thực hiện 🎉 đầy đủ",
            Error,
            21,
            22,
            "không có trong phông chữ",
        ),
        (
            "placeholder left",
            "ho_ten: Trần Văn Bình",
            "ho_ten: \"«điền: họ và tên»\"",
            Error,
            29,
            73,
            "chưa điền: họ và tên",
        ),
        (
            "block of two kinds",
            "- chi_so: ho_so",
            "- { chi_so: ho_so, ds: [a] }",
            Error,
            22,
            9,
            "chỉ được là một loại",
        ),
        (
            "signer name missing",
            ", ho_ten: Trần Văn Bình }",
            " }",
            Warning,
            29,
            54,
            "chưa có họ tên",
        ),
        (
            "a table with no columns, rows or not",
            "- Đã thực hiện",
            "- bang: { cot: [], dong: [] }\n      - Đã thực hiện",
            Error,
            21,
            15,
            "bảng chưa có cột nào",
        ),
        (
            "a table with no widths for its columns",
            "- Đã thực hiện",
            "- bang: { cot: [A, B], do_rong: [], dong: [[a, b]] }\n      - Đã thực hiện",
            Error,
            21,
            39,
            "có 0 độ rộng cho 2 cột",
        ),
        (
            "a blank paragraph",
            "- Đã thực hiện",
            "- \"\"\n      - Đã thực hiện",
            Error,
            21,
            9,
            "đoạn văn trống",
        ),
        (
            "a subject emptied, its quotes left behind by the editor",
            "trich_yeu: Kết quả công tác tuyên truyền cải cách hành chính năm 2025",
            "trich_yeu: \"\"",
            Error,
            9,
            12,
            "khóa `trich_yeu` để trống (chỉ có `\"\"` hoặc dấu cách): bản in sẽ thiếu chữ ở chỗ này",
        ),
        (
            "a blank recipient",
            "noi_nhan: [UBND tỉnh (b/c), Sở Nội vụ]",
            "noi_nhan: [UBND tỉnh (b/c), \"  \"]",
            Error,
            27,
            29,
            "dòng trống trong danh sách `noi_nhan`: bản in sẽ thiếu chữ ở chỗ này",
        ),
        (
            "an empty code is told once, not again as a wrong code",
            "ky_hieu: BC-UBND",
            "ky_hieu: ''",
            Error,
            6,
            10,
            "khóa `ky_hieu` để trống",
        ),
        (
            "a list with no items",
            "- Đã thực hiện",
            "- ds: []\n      - Đã thực hiện",
            Warning,
            21,
            9,
            "danh sách trống",
        ),
        (
            "a heading of spaces prints its number alone",
            "- Đã thực hiện",
            "- tieu_de: \" \"\n        noi_dung: [Có]\n      - Đã thực hiện",
            Error,
            21,
            18,
            "tiêu đề mục trống",
        ),
        (
            "a table with no rows prints its header alone",
            "- Đã thực hiện",
            "- bang: { ngang: true, cot: [A, B], dong: [] }\n      - Đã thực hiện",
            Warning,
            21,
            49,
            "bảng chưa có dòng nào",
        ),
        (
            "text that YAML reads as a comment",
            "dia_danh: An Hòa",
            "dia_danh: An Hòa #CCHC",
            Warning,
            7,
            18,
            "`#CCHC` không được in",
        ),
    ];
    let mut failures = Vec::new();
    for (what, from, to, severity, line, column, words) in cases {
        let d = check_variant(from, to);
        let found = d.iter().any(|d| {
            d.severity == *severity
                && d.line == *line
                && d.column == *column
                && d.message.contains(words)
        });
        if !found || d.len() != 1 {
            failures.push(format!(
                "{what}: expected one {severity:?} at {line}:{column} “{words}”, got {:#?}",
                d
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn mistakes_in_the_yaml_itself_are_named_with_their_fix() {
    // (what, from, to, line, column, words of the message, words of the help)
    let cases: &[(&str, &str, &str, u32, u32, &str, &str)] = &[
        (
            "mistyped key in a nested block",
            "  ten_goi:",
            "  ten_goii:",
            4,
            3,
            "khóa `ten_goii` không có",
            "có phải là `ten_goi`? Các khóa hợp lệ ở đây: `chu_quan`, `ten`, `ten_goi`",
        ),
        (
            "mistyped choice",
            "{ loai: nam, nam: 2025 }",
            "{ loai: nams, nam: 2025 }",
            10,
            21,
            "giá trị `nams` không hợp lệ",
            "có phải là `nam`? Chọn một trong: `thang`, `quy`,",
        ),
        (
            "yes typed in Vietnamese for a true-or-false key",
            "      - chi_so: ho_so\n",
            "      - chi_so: ho_so\n      - bang: { stt: có, cot: [A], dong: [[b]] }\n",
            23,
            22,
            "cần `true` hoặc `false`",
            "ghi `true` (có) hoặc `false` (không)",
        ),
        (
            "tab indentation",
            "  ten_goi:",
            "\tten_goi:",
            4,
            2,
            "có ký tự Tab",
            "thay mỗi Tab bằng dấu cách",
        ),
        (
            "a colon inside a value",
            "luu: VT, VHXH",
            "luu: VT: VHXH",
            28,
            8,
            "cú pháp YAML sai: có dấu `:` trong một giá trị",
            "đặt cả giá trị trong ngoặc kép",
        ),
        (
            "text where a block belongs",
            "nguoi_ky: { quyen_han: TM. ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH, ho_ten: Trần Văn Bình }",
            "nguoi_ky: Trần Văn Bình",
            29,
            11,
            "cần một khối có khóa",
            "cchc-gen new",
        ),
        (
            "a list where text belongs",
            "  ten_goi: UBND phường An Hòa",
            "  ten_goi: [UBND, An Hòa]",
            4,
            12,
            "cần một đoạn văn bản",
            "README",
        ),
        (
            "a rate with a decimal comma and a percent sign",
            "  phi:",
            "  chi_tieu: { ty_le_truc_tuyen: \"99,5%\" }\n  phi:",
            39,
            33,
            "cần một số",
            "dùng dấu chấm cho phần thập phân và không ghi dấu %, ví dụ `99.5`",
        ),
        (
            "a decimal comma in a one-line block",
            "  phi:",
            "  chi_tieu: { ty_le_truc_tuyen: 99,5 }\n  phi:",
            39,
            36,
            "khóa `5` không có",
            "số thập phân phải dùng dấu chấm",
        ),
        (
            "day first with ISO dashes",
            "ngay: 2025-12-20",
            "ngay: 20-12-2025",
            8,
            7,
            "ghi ngày trước năm nhưng dùng dấu `-`; hãy ghi 2025-12-20 hoặc 20/12/2025",
            "",
        ),
        (
            "a line of text where a key belongs",
            "so: 12\n",
            "so: 12\nMột đoạn văn viết thiếu khóa\n",
            6,
            1,
            "cú pháp YAML sai: một dòng không có dấu `:` ở chỗ cần `khóa: giá trị`",
            "thụt lề nó sâu hơn khóa của đoạn văn",
        ),
        (
            "a closing bracket without its opening one",
            "dia_danh: An Hòa",
            "dia_danh: }",
            7,
            11,
            "dấu `]` hoặc `}` không có dấu mở tương ứng",
            "đặt trong ngoặc kép",
        ),
        (
            "no value where text belongs",
            "  ten_goi: UBND phường An Hòa",
            "  ten_goi:",
            4,
            10,
            "khóa `ten_goi` chưa có giá trị: cần một đoạn văn bản",
            "ghi giá trị sau `ten_goi:` và một dấu cách",
        ),
        (
            "a table key with nothing under it",
            "- Đã thực hiện",
            "- bang:\n      - Đã thực hiện",
            21,
            13,
            "khóa `bang` chưa có giá trị: cần một khối có khóa",
            "thụt vào sâu hơn `bang`",
        ),
        (
            "a key with no value in a one-line block",
            "chuc_vu: CHỦ TỊCH,",
            "chuc_vu: ,",
            29,
            52,
            "khóa `chuc_vu` chưa có giá trị: cần một đoạn văn bản",
            "ghi giá trị sau `chuc_vu:`",
        ),
        (
            "an optional count erased to be filled in later",
            "    qua_han: 29",
            "    qua_han:",
            37,
            12,
            "khóa `qua_han` chưa có giá trị",
            "số đếm không có thì ghi 0",
        ),
        (
            "an optional block with nothing under it",
            "  pakn: { tiep_nhan_moi: 4, da_xu_ly: 4, cong_khai: 4 }",
            "  pakn: ~",
            38,
            9,
            "khóa `pakn` chưa có giá trị",
            "hoặc xóa cả dòng nếu khóa không bắt buộc",
        ),
        (
            "a list key with only a comment after it",
            "- Đã thực hiện",
            "- ds:  # còn thiếu\n      - Đã thực hiện",
            21,
            11,
            "khóa `ds` chưa có giá trị: cần một danh sách",
            "hoặc xóa cả dòng nếu khóa không bắt buộc",
        ),
        (
            "the lines of the office's name left empty",
            "  ten: [ỦY BAN NHÂN DÂN, PHƯỜNG AN HÒA]",
            "  ten:",
            3,
            3,
            "khóa `ten` chưa có giá trị: cần văn bản hoặc một danh sách",
            // Not "a count with none is 0": this is text.
            "ghi giá trị sau `ten:` và một dấu cách, hoặc",
        ),
        (
            "the subject left empty, a comment after it",
            "trich_yeu: Kết quả công tác tuyên truyền cải cách hành chính năm 2025",
            "trich_yeu: # viết sau",
            9,
            1,
            "khóa `trich_yeu` chưa có giá trị: cần văn bản hoặc một danh sách",
            "ghi giá trị sau `trich_yeu:`",
        ),
        (
            "a paragraph's dash with nothing after it",
            "      - Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "      -",
            21,
            8,
            "dòng `-` chưa có nội dung: cần văn bản hoặc một khối có khóa",
            "xóa dòng `-` này nếu thừa",
        ),
        (
            "a line of the office's name left empty",
            "  ten: [ỦY BAN NHÂN DÂN, PHƯỜNG AN HÒA]",
            "  ten:\n    - ỦY BAN NHÂN DÂN\n    -",
            5,
            6,
            "dòng `-` chưa có nội dung: cần một đoạn văn bản",
            "ghi nội dung sau `- `",
        ),
        (
            "the same key twice",
            "so: 12\n",
            "so: 12\nso: 13\n",
            6,
            1,
            "khóa `so` bị ghi hai lần",
            "xóa một trong hai dòng",
        ),
        (
            "text starting with a reserved @",
            "dia_danh: An Hòa",
            "dia_danh: @An Hòa",
            7,
            11,
            "giá trị bắt đầu bằng @ hoặc `",
            "đặt cả giá trị trong ngoặc kép",
        ),
        (
            "text starting with a star, as a bullet in Word",
            "dia_danh: An Hòa",
            "dia_danh: * An Hòa",
            7,
            11,
            "giá trị bắt đầu bằng `*` hoặc `&`",
            "gạch đầu dòng của danh sách thì dùng `- `",
        ),
        (
            "text starting with an exclamation mark",
            "dia_danh: An Hòa",
            "dia_danh: !An Hòa",
            7,
            11,
            "giá trị bắt đầu bằng `!`",
            "đặt cả giá trị trong ngoặc kép",
        ),
        (
            "a tag inside a one-line list",
            "noi_nhan: [UBND tỉnh (b/c), Sở Nội vụ]",
            "noi_nhan: [UBND tỉnh (b/c), !Sở Nội vụ]",
            27,
            29,
            "giá trị bắt đầu bằng `!`",
            "đặt cả giá trị trong ngoặc kép",
        ),
        (
            "text starting with a question mark and a space",
            "dia_danh: An Hòa",
            "dia_danh: ? An Hòa",
            7,
            11,
            "giá trị bắt đầu bằng `?` và dấu cách",
            "đặt cả giá trị trong ngoặc kép",
        ),
        (
            "a merge key with text",
            "so: 12\n",
            "so: 12\n<<: An Hòa\n",
            6,
            5,
            "sau khóa `<<` (gộp khối của YAML) phải là một khối có khóa",
            "xóa dòng `<<`",
        ),
        (
            "text after a block scalar indicator",
            "dia_danh: An Hòa",
            "dia_danh: | An Hòa",
            7,
            11,
            "giá trị bắt đầu bằng `|` hoặc `>`",
            "để `|` một mình ở cuối dòng khóa",
        ),
        (
            "a comment glued to quoted text",
            "dia_danh: An Hòa",
            "dia_danh: \"An Hòa\"#ghi chú",
            7,
            19,
            "dấu `#` mở chú thích đặt sai chỗ",
            "trước `#` của chú thích phải có dấu cách",
        ),
        (
            "a second document after the report",
            "nop_ngan_sach: 13720038 }\n",
            "nop_ngan_sach: 13720038 }\n---\nso: 13\n",
            41,
            1,
            "tệp có hơn một tài liệu YAML",
            "mỗi tệp chỉ chứa một báo cáo",
        ),
        (
            "a count left empty",
            "    tiep_nhan_moi: 4120",
            "    tiep_nhan_moi:",
            32,
            18,
            "chưa ghi số",
            "ghi 0 nếu không có",
        ),
        (
            "a count too large to hold",
            "    tiep_nhan_moi: 4120",
            "    tiep_nhan_moi: 99999999999999999999",
            32,
            20,
            "số 99999999999999999999 quá lớn",
            "có thể đã gõ thừa chữ số",
        ),
        (
            "a count written with a leading zero, as printed",
            "    tiep_nhan_moi: 4120",
            "    tiep_nhan_moi: 06",
            32,
            20,
            "số 06 có chữ số 0 ở đầu",
            "ghi `6`: khi in, số nhỏ hơn 10 tự có số 0 ở đầu",
        ),
        (
            "a count with a thousands comma is not 'too large'",
            "    tiep_nhan_moi: 4120",
            "    tiep_nhan_moi: 4,120",
            32,
            20,
            "giá trị không hợp lệ: cần một số nguyên không âm",
            "không có dấu chấm, dấu phẩy hay đơn vị",
        ),
        (
            "a YAML binary tag",
            "dia_danh: An Hòa",
            "dia_danh: !!binary An Hòa",
            7,
            20,
            "giá trị bắt đầu bằng `!`",
            "đặt cả giá trị trong ngoặc kép",
        ),
        (
            "an empty file",
            BASE,
            "",
            1,
            1,
            "tệp không có dữ liệu",
            "cchc-gen new MẪU -o TỆP.yaml",
        ),
    ];
    let mut failures = Vec::new();
    for (what, from, to, line, column, message, help) in cases {
        let d = check_variant(from, to);
        let found = d.len() == 1
            && d[0].is_error()
            && (d[0].line, d[0].column) == (*line, *column)
            && d[0].message.contains(message)
            && d[0].help.as_deref().unwrap_or("").contains(help);
        if !found {
            failures.push(format!(
                "{what}: expected one error at {line}:{column} “{message}” / “{help}”, got {d:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_yaml_readers_safety_limits_are_told_in_vietnamese() {
    // Sections within sections, deeper than any report.
    let deep: String = (0..70)
        .map(|i| format!("{0}- tieu_de: Mục\n{0}  noi_dung:\n", "  ".repeat(i)))
        .collect();
    let d = check_variant("noi_dung:\n", &format!("noi_dung:\n{deep}"));
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!((d[0].line, d[0].column), (49, 33), "{d:#?}");
    assert_eq!(d[0].message, "các khối lồng nhau quá sâu (quá 32 cấp)");
    assert!(
        d[0].help
            .as_deref()
            .unwrap()
            .contains("các dấu `[`, `{` chưa đóng")
    );
    // A file pasted over and over, far longer than a report.
    let many: String = (0..300_000).map(|i| format!("  - Đoạn {i}.\n")).collect();
    let d = check_variant("noi_dung:\n", &format!("noi_dung:\n{many}"));
    assert!(
        d.iter().any(|d| d.is_error()
            && d.message
                .starts_with("tệp dữ liệu quá lớn hoặc quá phức tạp để là một báo cáo")),
        "{:#?}",
        &d[..d.len().min(3)]
    );
}

#[test]
fn every_mistake_in_the_yaml_is_reported_in_one_run() {
    let broken = BASE
        .replace("  ten_goi:", "  ten_goii:")
        .replace("so: 12\n", "so: 12a\n")
        .replace("ngay: 2025-12-20", "ngay: 2025-13-20")
        .replace(
            "      co_quan: UBND",
            "      co_quan: [UBND]\n      co_quan: UBND",
        )
        .replace("truc_tiep: 1120", "truc_tiep: 1.120")
        .replace("dung_han: 91", "dung_han: chín mốt")
        .replace(
            "nop_ngan_sach: 13720038 }",
            "nop_ngan_sach: 13720038 }\nx: [",
        );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ward.yaml");
    std::fs::write(&path, broken).unwrap();
    let d = build::check_file(&path, &Options::default()).diagnostics;
    let found: Vec<(u32, u32, &str)> = d
        .iter()
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (4, 3, "khóa `ten_goii` không có trong mẫu dữ liệu"),
            (5, 5, "giá trị không hợp lệ: cần một số nguyên không âm"),
            (8, 7, "tháng 13 không tồn tại (tháng chỉ từ 1 đến 12)"),
            (16, 16, "giá trị không đúng kiểu: cần một đoạn văn bản"),
            (17, 7, "khóa `co_quan` bị ghi hai lần trong cùng một khối"),
            (35, 16, "giá trị không hợp lệ: cần một số nguyên không âm"),
            (37, 15, "giá trị không hợp lệ: cần một số nguyên không âm"),
            (41, 1, "khóa `x` không có trong mẫu dữ liệu"),
            (
                41,
                4,
                "cú pháp YAML sai: danh sách `[ ]` hoặc khối `{ }` viết trên một dòng chưa đóng đúng"
            ),
        ]
    );
    assert!(d.iter().all(Diagnostic::is_error), "{d:#?}");
}

#[test]
fn what_reading_on_past_a_mistake_causes_is_not_reported() {
    // Blanking `nguoi_ky` to read on leaves the required key missing, the
    // one-line `ky_bao_cao` block loses its `nam`: neither is shown.
    for (from, to) in [
        ("ho_ten: Trần Văn Bình }", "ho_ten: [Trần Văn Bình] }"),
        ("{ loai: nam, nam: 2025 }", "{ loai: nam, nam: hai nghìn }"),
        ("  ten_goi: UBND phường An Hòa", "  ten_goi: { a: 1 }"),
        // Read on as `ten_goi`, the mistyped key would be a second `ten_goi`.
        (
            "  ten_goi: UBND phường An Hòa",
            "  ten_goii: An Hòa\n  ten_goi: UBND phường An Hòa",
        ),
    ] {
        let d = check_variant(from, to);
        let line = BASE[..BASE.find(from).unwrap()].matches('\n').count() as u32 + 1;
        assert!(
            d.len() == 1 && d[0].is_error() && d[0].line == line,
            "{to}: expected one error on line {line}, got {d:#?}"
        );
    }
}

#[test]
fn check_reports_all_problems_at_once() {
    let broken = BASE
        .replace("ky_hieu: BC-UBND", "ky_hieu: KH-UBND")
        .replace("truc_tiep: 1120", "truc_tiep: 1100")
        .replace("luu: VT, VHXH", "luu: VHXH");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ward.yaml");
    std::fs::write(&path, broken).unwrap();
    let d = build::check_file(&path, &Options::default()).diagnostics;
    let places: Vec<(u32, Severity)> = d.iter().map(|d| (d.line, d.severity)).collect();
    assert_eq!(
        places,
        vec![
            (6, Severity::Error),
            (28, Severity::Warning),
            (34, Severity::Error)
        ]
    );
}

#[test]
fn decomposed_vietnamese_is_normalised_with_a_warning() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = "dia_danh: An Hòa".nfd().collect();
    let d = check_variant("dia_danh: An Hòa", &nfd);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        (d[0].severity, d[0].line, d[0].column),
        (Severity::Warning, 7, 15)
    );
    assert!(d[0].message.contains("NFC"));
}

#[test]
fn places_in_decomposed_text_count_the_characters_the_editor_shows() {
    use unicode_normalization::UnicodeNormalization;
    // The table's "Lưu inside the recipients" case, typed decomposed: ỉ, ở,
    // ộ and ụ take 6 more characters, so "Lưu" is at column 46, not 40.
    let nfd: String = "noi_nhan: [UBND tỉnh (b/c), Sở Nội vụ, Lưu VT]"
        .nfd()
        .collect();
    let d = check_variant("noi_nhan: [UBND tỉnh (b/c), Sở Nội vụ]", &nfd);
    let places: Vec<(Severity, u32, u32)> =
        d.iter().map(|d| (d.severity, d.line, d.column)).collect();
    assert_eq!(
        places,
        vec![(Severity::Warning, 27, 18), (Severity::Error, 27, 46)],
        "{d:#?}"
    );
}

#[test]
fn json_output_lists_the_same_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ward.yaml");
    std::fs::write(&path, BASE.replace("so: 12", "so: 0")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cchc-gen"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v.as_array().unwrap()[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 5);
    assert_eq!(d["column"], 5);
    assert_eq!(d["rule"], "Phụ lục I, mục II.3");
    assert_eq!(Path::new(d["file"].as_str().unwrap()), path);
}

#[test]
fn the_example_data_checks_without_errors() {
    for entry in std::fs::read_dir("data").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "yaml") {
            let d = build::check_file(&path, &Options::default()).diagnostics;
            let errors: Vec<_> = d.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
            // Figure names (`{ho_so.ty_le_truc_tuyen_tiep_nhan_dung_han}`)
            // print as numbers: no run too long to break.
            let long: Vec<_> = d
                .iter()
                .filter(|d| d.message.contains("ký tự liền nhau"))
                .collect();
            assert!(long.is_empty(), "{}: {long:#?}", path.display());
        }
    }
}

#[test]
fn history_and_a_data_window_from_15_december_check_clean() {
    for (from, to) in [
        (
            "Đã thực hiện đầy đủ kế hoạch năm 2025.",
            "Kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2025), \
             95 năm thành lập Đảng (năm 1930).",
        ),
        (
            "ky_bao_cao: { loai: nam, nam: 2025 }",
            "ky_bao_cao: { loai: nam, nam: 2025, tu_ngay: 2024-12-15, den_ngay: 2025-12-14 }",
        ),
    ] {
        let d = check_variant(from, to);
        assert!(d.is_empty(), "{to}: {d:#?}");
    }
}

#[test]
fn a_section_of_only_figures_is_not_empty() {
    // The layout writes a sentence for it, even when every count is 0.
    let d = check_variant(
        "  - muc: phuong_huong\n",
        "  - tieu_de: Kết quả giải quyết phản ánh, kiến nghị\n    noi_dung:\n      - chi_so: pakn\n  - muc: phuong_huong\n",
    );
    assert!(d.is_empty(), "{d:#?}");
    let d = check_variant("- chi_so: ho_so", "- tieu_de: Hồ sơ");
    let help: Vec<_> = d.iter().filter_map(|d| d.help.as_deref()).collect();
    assert_eq!(
        help,
        ["viết nội dung của mục vào `noi_dung:`, hoặc xóa mục này"]
    );
}

#[test]
fn a_monthly_report_with_recipients_checks_clean() {
    let d = check_text(
        &BASE
            .replace(
                "ky_bao_cao: { loai: nam, nam: 2025 }",
                "ky_bao_cao: { loai: thang, thang: 12, nam: 2025 }\nkinh_gui: [UBND tỉnh, Sở Nội vụ]",
            )
            .replace("[UBND tỉnh (b/c), Sở Nội vụ]", "[Như trên, Phòng Văn hóa - Xã hội]"),
    );
    let d: Vec<_> = d
        .iter()
        .filter(|d| !d.message.contains("trích yếu"))
        .collect();
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn absurd_inputs_are_errors_not_crashes() {
    let max = u64::MAX.to_string();
    for (from, to) in [
        ("tiep_nhan_moi: 4120", format!("tiep_nhan_moi: {max}")),
        ("truc_tuyen: 3000", format!("truc_tuyen: {max}")),
        (
            "truoc_han: 4000",
            format!("truoc_han: {max}\n    dang_giai_quyet_trong_han: {max}"),
        ),
        (
            "ten: [ỦY BAN NHÂN DÂN, PHƯỜNG AN HÒA]",
            "ten: []".to_owned(),
        ),
        (
            "- Đã thực hiện",
            "- bang: { cot: [], dong: [[a]] }\n      - Đã thực hiện".to_owned(),
        ),
        ("so: 12", "so: 99999999999".to_owned()),
    ] {
        let d = check_variant(from, &to);
        assert!(d.iter().any(Diagnostic::is_error), "{to}: {d:#?}");
    }
    // The largest amount of money is valid, and builds.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ward.yaml");
    let yaml = BASE.replace("{ da_thu: 18930000", &format!("{{ da_thu: {max}"));
    std::fs::write(
        &path,
        yaml.replace(
            "  - muc: phuong_huong",
            "      - chi_so: phi\n  - muc: phuong_huong",
        ),
    )
    .unwrap();
    let built = build::build_file(&path, None, &Options::default());
    assert!(!built.failed(), "{:#?}", built.diagnostics);
}

// I.2: a document may be set across the page for tables that are not made
// into an appendix; an appendix stays portrait.
#[test]
fn a_landscape_table_is_refused_in_an_appendix_only() {
    let mention = "năm 2026 (chi tiết tại Phụ lục kèm theo).";
    let table = "    bang:\n      ngang: true\n      cot: [Mã hồ sơ]\n      dong: [[H29-001]]\n";
    let body = "      - bang:\n          ngang: true\n          cot: [Mã hồ sơ]\n          dong: [[H29-001]]\n";
    // The appendix's own table, and one among its blocks.
    for (content, line, column) in [
        (table.to_owned(), 32, 14),
        (format!("    noi_dung:\n{body}"), 33, 18),
    ] {
        let appendix =
            format!("luu: VT, VHXH\nphu_luc:\n  - tieu_de: [DANH SÁCH HỒ SƠ]\n{content}");
        let yaml = BASE
            .replacen("năm 2026.", mention, 1)
            .replacen("luu: VT, VHXH\n", &appendix, 1);
        let d = check_text(&yaml);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            (d[0].severity, d[0].line, d[0].column),
            (Severity::Error, line, column)
        );
        assert!(
            d[0].message
                .contains("bảng trong phụ lục không in trên trang nằm ngang"),
            "{d:#?}"
        );
        assert_eq!(d[0].rule.as_deref(), Some("Phụ lục I, mục I.2"));
    }
    // The same table in the body is fine.
    let yaml = BASE.replacen(
        "      - chi_so: ho_so\n",
        &format!("      - chi_so: ho_so\n{body}"),
        1,
    );
    let d = check_text(&yaml);
    assert!(d.is_empty(), "{d:#?}");
}
