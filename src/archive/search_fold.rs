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
/// as plain words.
pub struct FtsQuery {
    /// Finds records containing every word, whatever their marks.
    pub every_word: String,
    /// The words side by side, in order: these hits are listed first.
    pub phrase: String,
}

/// The queries for `text`; `None` when it has no word at all.
pub fn fts_query(text: &str) -> Option<FtsQuery> {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| FtsQuery {
        every_word: words
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" "),
        phrase: format!("\"{}\"", words.join(" ")),
    })
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
        assert_eq!(q.every_word, "\"dien\" \"bien\"");
        assert_eq!(q.phrase, "\"dien bien\"");
        let q = fts_query("12/BC-UBND").unwrap();
        assert_eq!(q.every_word, "\"12\" \"bc\" \"ubnd\"");
        assert_eq!(q.phrase, "\"12 bc ubnd\"");
        assert!(fts_query(" -- \"* ").is_none());
    }
}
