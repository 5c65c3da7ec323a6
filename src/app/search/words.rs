//! The filters' match: the typed text as words, each found anywhere in a row's key, in any
//! order (`aalto supplies` finds "Aalto Office Supplies"); a row holding the whole text as
//! typed ranks first. Checking a row allocates nothing, so a filter over 100,000 rows stays
//! one pass of `contains`.

/// How well a row matched: lower is better.
pub type Rank = u8;
/// The row holds the whole text as typed.
pub const WHOLE: Rank = 0;
/// The row holds every word, not together.
pub const EVERY_WORD: Rank = 1;

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
        } else {
            None
        }
    }

    pub fn matches(&self, key: &str) -> bool {
        self.rank(key).is_some()
    }
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
}
