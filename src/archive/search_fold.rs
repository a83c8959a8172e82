//! Folding Vietnamese text for search: "Điện Biên", "DIEN BIEN" and
//! "dien bien" must find each other. SQLite's `remove_diacritics` leaves
//! "đ" alone (it is a letter of its own, not "d" with a mark), so the index
//! holds text folded here, and queries are folded the same way.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case, without tone and vowel marks, with đ → d. Its look-alike
/// Ð (U+00D0, lower case ð), which converted text often holds, too.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if matches!(c, 'đ' | 'ð') { 'd' } else { c })
        .collect()
}

/// FTS5 queries for a search text, its words folded and quoted, so that
/// characters FTS5 treats as syntax (`-`, `"`, `*`, `AND`) are searched for
/// as plain words. A number is searched for in each of its forms.
pub struct FtsQuery {
    /// Finds records containing every word, whatever their marks.
    pub every_word: String,
    /// The words side by side, in order: these hits are listed first.
    pub phrase: String,
}

/// The queries for `text`; `None` when it has no word at all.
pub fn fts_query(text: &str) -> Option<FtsQuery> {
    let folded = fold(text);
    let words: Vec<Vec<String>> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(number_forms)
        .collect();
    let quoted = |w: &String| format!("\"{w}\"");
    let every_word = words.iter().map(|forms| {
        let distinct = distinct(forms.iter().map(quoted));
        match distinct.as_slice() {
            [one] => one.clone(),
            many => format!("({})", many.join(" OR ")),
        }
    });
    // The phrase as typed, with its numbers as written, and as printed.
    let phrases = distinct((0..3).map(|form| {
        let phrase: Vec<&str> = words
            .iter()
            .map(|forms| forms[form.min(forms.len() - 1)].as_str())
            .collect();
        quoted(&phrase.join(" "))
    }));
    (!words.is_empty()).then(|| FtsQuery {
        every_word: every_word.collect::<Vec<_>>().join(" AND "),
        phrase: phrases.join(" OR "),
    })
}

/// A word; a number as typed, as written ("7") and as a document prints
/// it ("07", see [`crate::view::document_number`]): a search for either
/// finds both, in records of any version.
fn number_forms(word: &str) -> Vec<String> {
    match word.parse::<u32>() {
        Ok(n) => vec![
            word.to_owned(),
            n.to_string(),
            crate::view::document_number(n),
        ],
        Err(_) => vec![word.to_owned()],
    }
}

/// The items in order, each once.
fn distinct(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_marks_case_and_d_with_stroke() {
        assert_eq!(fold("Điện Biên"), "dien bien");
        assert_eq!(fold("ĐIỆN BIÊN"), "dien bien");
        assert_eq!(fold("\u{d0}IỆN BIÊN"), "dien bien");
        assert_eq!(
            fold("Ủy ban nhân dân phường Cam Thanh"),
            "uy ban nhan dan phuong cam thanh"
        );
        // Precomposed and decomposed input fold alike.
        assert_eq!(fold("Tuye\u{302}\u{300}n"), fold("Tuyền"));
    }

    #[test]
    fn query_quotes_each_word_and_drops_syntax() {
        let q = fts_query("Điện  Biên").unwrap();
        assert_eq!(q.every_word, "\"dien\" AND \"bien\"");
        assert_eq!(q.phrase, "\"dien bien\"");
        let q = fts_query("12/BC-UBND").unwrap();
        assert_eq!(q.every_word, "\"12\" AND \"bc\" AND \"ubnd\"");
        assert_eq!(q.phrase, "\"12 bc ubnd\"");
        assert!(fts_query(" -- \"* ").is_none());
    }

    #[test]
    fn a_number_is_searched_as_written_and_as_printed() {
        for text in ["07/BC-UBND", "7/bc-ubnd"] {
            let q = fts_query(text).unwrap();
            let (typed, other) = if text.starts_with('0') {
                ("07", "7")
            } else {
                ("7", "07")
            };
            assert_eq!(
                q.every_word,
                format!("(\"{typed}\" OR \"{other}\") AND \"bc\" AND \"ubnd\"")
            );
            assert_eq!(
                q.phrase,
                format!("\"{typed} bc ubnd\" OR \"{other} bc ubnd\"")
            );
        }
        let q = fts_query("007").unwrap();
        assert_eq!(q.every_word, "(\"007\" OR \"7\" OR \"07\")");
        assert_eq!(q.phrase, "\"007\" OR \"7\" OR \"07\"");
        // Ten and over have one form; a number too large for one, too.
        assert_eq!(fts_query("12").unwrap().every_word, "\"12\"");
        let big = "99999999999";
        assert_eq!(fts_query(big).unwrap().every_word, format!("\"{big}\""));
    }
}
