//! The filters' match: the typed text as words, each found anywhere in a row's key, in any
//! order (`aalto supplies` finds "Aalto Office Supplies"); a row holding the whole text as
//! typed ranks first, one holding every word next, and last one where a word is only found
//! fuzzily: its letters in order within one word of the row, starting with its first
//! (`suplies` finds "Supplies", `spls` too). Checking a row allocates nothing, so a filter over
//! 100,000 rows stays one pass.
//!
//! Keys are made with [`key`]: what the screen shows of a text, so a name holding escape
//! sequences or invisible characters is found by what the user reads.

/// How well a row matched: lower is better.
pub type Rank = u8;
/// The row holds the whole text as typed.
pub const WHOLE: Rank = 0;
/// The row holds every word, not together.
pub const EVERY_WORD: Rank = 1;
/// Some word is only in the row fuzzily (a letter left out, as typed in a hurry).
pub const FUZZY: Rank = 2;

/// Words shorter than this match exactly only: two letters in order are in almost any name.
const FUZZY_FROM: usize = 3;

/// The searchable form of `text`: as the screen shows it (escape sequences, control, bidi
/// and invisible characters gone), lowercase.
pub fn key(text: &str) -> String {
    crate::ui::text::sanitize(text).to_lowercase()
}

#[derive(Debug, Clone)]
pub struct Words<'a> {
    whole: &'a str,
    words: Vec<&'a str>,
}

impl<'a> Words<'a> {
    /// `needle` is lowercase, as the keys it is matched against are.
    pub fn new(needle: &'a str) -> Words<'a> {
        Words {
            whole: needle,
            words: needle.split_whitespace().collect(),
        }
    }

    /// No words: every row matches.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn rank(&self, key: &str) -> Option<Rank> {
        if self.is_empty() || key.contains(self.whole) {
            Some(WHOLE)
        } else if self.words.iter().all(|w| key.contains(w)) {
            Some(EVERY_WORD)
        } else if self.words.iter().all(|w| key.contains(w) || fuzzy(w, key)) {
            Some(FUZZY)
        } else {
            None
        }
    }

    pub fn matches(&self, key: &str) -> bool {
        self.rank(key).is_some()
    }
}

/// Whether `word`'s letters are, in order, in one word of `key` that starts with its first.
fn fuzzy(word: &str, key: &str) -> bool {
    let mut letters = word.chars();
    let Some(first) = letters.next() else {
        return true;
    };
    if word.chars().count() < FUZZY_FROM {
        return false;
    }
    key.split(|c: char| !c.is_alphanumeric())
        .filter(|part| part.starts_with(first))
        .any(|part| {
            let mut rest = part.chars().skip(1);
            letters.clone().all(|wanted| rest.any(|c| c == wanted))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_in_any_order_and_the_whole_text_ranks_first() {
        let words = Words::new("aalto supplies");
        assert_eq!(words.rank("aalto office supplies"), Some(EVERY_WORD));
        assert_eq!(words.rank("supplies by aalto"), Some(EVERY_WORD));
        assert_eq!(words.rank("aalto supplies ab"), Some(WHOLE));
        assert_eq!(words.rank("aalto office"), None, "every word is needed");
        assert_eq!(
            Words::new("acme ").rank("acme"),
            Some(EVERY_WORD),
            "a space typed last is no word"
        );
        assert!(Words::new("  ").matches("anything"), "no words: no filter");
    }

    #[test]
    fn a_word_with_a_letter_left_out_matches_last_within_one_word() {
        let words = Words::new("aalto suplies");
        assert_eq!(words.rank("aalto office supplies"), Some(FUZZY));
        assert_eq!(Words::new("supl").rank("aalto supplies"), Some(FUZZY));
        assert_eq!(Words::new("spls").rank("aalto supplies"), Some(FUZZY));
        assert_eq!(
            Words::new("plies").rank("aalto supplies"),
            Some(WHOLE),
            "inside a word is a substring"
        );
        assert_eq!(
            Words::new("uplies").rank("supplies"),
            None,
            "a fuzzy word starts where the row's word starts"
        );
        assert_eq!(
            Words::new("aos").rank("aalto office supplies"),
            None,
            "letters of several words are not one word"
        );
        assert_eq!(Words::new("lies").rank("supplies"), Some(WHOLE));
        assert_eq!(
            Words::new("au").rank("abacus"),
            None,
            "two letters match exactly only"
        );
        assert_eq!(Words::new("ailes").rank("aalto supplies"), None);
    }

    #[test]
    fn a_key_is_what_the_screen_shows() {
        assert_eq!(key("Ev\u{200b}il\u{1b}[31mCorp"), "evilcorp");
        assert_eq!(key("A\u{202e}B\tC"), "ab c");
        assert!(Words::new("evilcorp").matches(&key("Ev\u{200b}il\u{1b}[31mCorp")));
    }
}
