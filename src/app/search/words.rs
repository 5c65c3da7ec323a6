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
    let mut key = String::with_capacity(text.len());
    push_key(&mut key, text);
    key
}

/// [`key`] of `text` appended to `out`, with no string of its own for the printable ASCII
/// most names are (a key of 100,000 organizations is made without a string per field).
pub fn push_key(out: &mut String, text: &str) {
    let start = out.len();
    crate::ui::text::push_sanitized(out, text);
    if out[start..].is_ascii() {
        out[start..].make_ascii_lowercase();
    } else {
        let lower = out[start..].to_lowercase();
        out.truncate(start);
        out.push_str(&lower);
    }
}

/// Whether the matches of `new` are all among those of `old`, so a filter may search only
/// those (typing on). It holds when `new` only adds to the end of `old`: the words before the
/// last are the same, and a row that holds the last one extended, or has it fuzzily, has
/// the shorter one too, unless that was too short to match fuzzily and the longer one now
/// may (`aa` then `aab`).
pub fn narrows(old: &str, new: &str) -> bool {
    if old.is_empty() || !new.starts_with(old) {
        return false;
    }
    if old.ends_with(char::is_whitespace) {
        return true;
    }
    let last = old.split_whitespace().count().saturating_sub(1);
    let short = |word: Option<&str>| word.is_none_or(|w| w.chars().count() < FUZZY_FROM);
    let (was, now) = (
        old.split_whitespace().nth(last),
        new.split_whitespace().nth(last),
    );
    !short(was) || short(now)
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
            return Some(WHOLE);
        }
        // One pass of `contains` per word (a word that is the whole text was looked for
        // already); only the words missing are tried fuzzily, and a short one missing ends it.
        let alone = self.words.len() == 1 && self.words[0] == self.whole;
        let mut rank = EVERY_WORD;
        for word in &self.words {
            let found = !alone && key.contains(word);
            if !found {
                if word.len() < FUZZY_FROM || !fuzzy(word, key) {
                    return None;
                }
                rank = FUZZY;
            }
        }
        Some(rank)
    }

    pub fn matches(&self, key: &str) -> bool {
        self.rank(key).is_some()
    }
}

/// Whether `word`'s letters are, in order, in one word of `key` that starts with its first.
fn fuzzy(word: &str, key: &str) -> bool {
    if word.chars().count() < FUZZY_FROM {
        return false;
    }
    if word.is_ascii() {
        return fuzzy_bytes(word.as_bytes(), key);
    }
    let mut letters = word.chars();
    let Some(first) = letters.next() else {
        return true;
    };
    key.split(|c: char| !c.is_alphanumeric())
        .filter(|part| part.starts_with(first))
        .any(|part| {
            let mut rest = part.chars().skip(1);
            letters.clone().all(|wanted| rest.any(|c| c == wanted))
        })
}

/// [`fuzzy`] of an ASCII word (a filter runs it on every row the word is not in): the key is
/// scanned for the word's first letter with `str::find` (memchr), and only where that letter
/// starts a word are the others looked for, within it. A byte of a non-ASCII character
/// belongs to the word around it.
fn fuzzy_bytes(word: &[u8], key: &str) -> bool {
    let in_word = |b: u8| b.is_ascii_alphanumeric() || !b.is_ascii();
    let (first, rest) = (word[0], &word[1..]);
    if !in_word(first) {
        return false;
    }
    let bytes = key.as_bytes();
    let mut from = 0;
    while let Some(found) = key[from..].find(char::from(first)) {
        let at = from + found;
        from = at + 1;
        if at > 0 && in_word(bytes[at - 1]) {
            continue;
        }
        let mut wanted = rest.iter().peekable();
        for &b in bytes[at + 1..].iter().take_while(|&&b| in_word(b)) {
            if wanted.next_if_eq(&&b).is_some() && wanted.peek().is_none() {
                return true;
            }
        }
        if wanted.peek().is_none() {
            return true;
        }
    }
    false
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
    fn typing_on_searches_the_matches_only_while_no_word_turns_fuzzy() {
        assert!(narrows("sup", "supp"));
        assert!(narrows("aalto sup", "aalto supp"));
        assert!(!narrows("aa", "aab"), "aab may match a row aa did not");
        assert!(!narrows("", "a"));
        assert!(!narrows("sup", "su"));
        assert!(narrows("d", "da"), "still too short to be fuzzy");
        assert!(narrows("data 1", "data 12"));
        assert!(narrows("data", "data 1"));
        assert!(narrows("data ", "data 1"));
        assert!(!narrows("upp", "supp"), "not typed at the end");
        // Whatever is typed, a row matching the longer text matched the shorter one.
        for key in ["axaxb", "aalto office supplies", "su pp"] {
            for (old, new) in [
                ("sup", "supp"),
                ("aal sup", "aal supl"),
                ("off", "offi"),
                ("aa", "aab"),
                ("upp", "supp"),
                ("ax", "axb"),
            ] {
                if narrows(old, new) && Words::new(new).matches(key) {
                    assert!(Words::new(old).matches(key), "{old} → {new} on {key}");
                }
            }
        }
    }

    #[test]
    fn the_ascii_and_unicode_fuzzy_matches_agree() {
        for (word, key) in [
            ("spls", "aalto supplies"),
            ("acrnis", "acrobat reader acronis"),
            ("aos", "aalto office supplies"),
            ("supl", "x-supplies"),
            ("bjrk", "björk & co"),
            ("-10", "c-1001"),
            ("c10", "c-1001 acme-c10x"),
        ] {
            let chars = key
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| p.starts_with(&word[..1]))
                .any(|p| {
                    let mut rest = p.chars().skip(1);
                    word.chars().skip(1).all(|w| rest.any(|c| c == w))
                });
            assert_eq!(fuzzy(word, key), chars, "{word} in {key}");
        }
    }

    #[test]
    fn a_key_is_what_the_screen_shows() {
        assert_eq!(key("Ev\u{200b}il\u{1b}[31mCorp"), "evilcorp");
        assert_eq!(key("A\u{202e}B\tC"), "ab c");
        assert_eq!(
            key("Aalto Office"),
            "aalto office",
            "plain ASCII, lowercased in place"
        );
        assert_eq!(key("BJÖRK"), "björk");
        assert!(Words::new("evilcorp").matches(&key("Ev\u{200b}il\u{1b}[31mCorp")));
    }
}
