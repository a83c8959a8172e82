//! Text from the data file reaches the PDF as written: typst syntax in a
//! value is printed, never run.

use crate::common::*;

/// `data/cam-thanh-2025.yaml` with some of its text replaced, so that the
/// report is real apart from what the test puts in.
fn cam_thanh_with(replacements: &[(&str, &str)]) -> String {
    let mut yaml = std::fs::read_to_string(data("cam-thanh-2025.yaml")).expect("data file");
    for (from, to) in replacements {
        assert_eq!(
            yaml.matches(from).count(),
            1,
            "{from:?} must occur once in the data file"
        );
        yaml = yaml.replace(from, to);
    }
    yaml
}

/// A YAML single-quoted scalar: everything literal, `'` doubled.
fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

const TRICH_YEU: &str = "trich_yeu: Công tác tuyên truyền cải cách hành chính năm 2025";
const PARAGRAPH: &str = "          - Đã thực hiện.\n";

#[test]
fn typst_syntax_in_values_is_printed_literally() {
    let payload = r#"#read("/etc/passwd") *b* $x$ <l> @r \ ] //"#;
    let yaml = cam_thanh_with(&[
        (TRICH_YEU, &format!("trich_yeu: {}", quoted(payload))),
        (PARAGRAPH, &format!("          - {}\n", quoted(payload))),
    ]);
    let pdf = build_yaml(&yaml);
    // The trích yếu is one centred line of its own.
    let title = pdf.line(payload);
    assert_eq!(title.page, 1);
    let text = pdf.flat_text();
    // Once as the title, once as the paragraph.
    assert!(
        text.matches(payload).count() >= 2,
        "payload not printed as written:\n{}",
        pdf.dump()
    );
    assert!(
        !text.contains("root:x:0:0"),
        "a file was read into the report"
    );
}

#[test]
fn brackets_quotes_and_leading_hash_are_printed_literally() {
    let agency = r#"ỦY BAN "NHÂN DÂN" ]["#;
    let paragraph = r##"#set page(width: 5cm) "đoạn" [mở] ]đầu["##;
    let item = r#"mục "một" [a] ]b[ #c"#;
    let cell = r#"ô "một" [x] ]y[ #z"#;
    let list_and_table = format!(
        "          - {}\n          - ds:\n              - {}\n          - bang:\n              cot: [Nội dung, Kết quả]\n              dong:\n                - [{}, Đạt]\n",
        quoted(paragraph),
        quoted(item),
        quoted(cell),
    );
    let yaml = cam_thanh_with(&[
        (
            "ten: [ỦY BAN NHÂN DÂN, PHƯỜNG CAM THANH]",
            &format!("ten: [{}, PHƯỜNG CAM THANH]", quoted(agency)),
        ),
        (PARAGRAPH, &list_and_table),
    ]);
    let pdf = build_yaml(&yaml);
    assert_eq!(pdf.line(agency).page, 1, "agency name");
    let cell_line = pdf.line(cell);
    assert!(
        (cell_line.runs[0].size - 13.0).abs() < 0.01,
        "not a table cell: {cell_line:?}"
    );
    let text = pdf.flat_text();
    for expected in [paragraph.to_owned(), format!("- {item}")] {
        assert!(
            text.contains(&expected),
            "{expected:?} not printed as written:\n{}",
            pdf.dump()
        );
    }
    // `#set page(...)` did not run: every page is still A4.
    for page in &pdf.pages {
        assert!(
            (page.width - A4_WIDTH).abs() <= 0.5,
            "page width {}",
            page.width
        );
    }
}

#[test]
fn a_tab_prints_as_the_space_it_looks_like() {
    // Typed with the Tab key in a paragraph and in a cell; typst alone would
    // print nothing and join the words.
    let yaml = cam_thanh_with(&[(
        PARAGRAPH,
        "          - \"Tổng số:\\t120 hồ sơ.\"\n          - bang:\n              cot: [Nội dung, Kết quả]\n              dong:\n                - [\"Tiếp nhận\\tmới\", Đạt]\n",
    )]);
    let text = build_yaml(&yaml).flat_text();
    for expected in ["Tổng số: 120 hồ sơ.", "Tiếp nhận mới"] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
}
