//! Whether a word of the query is in an ASCII text at all, and the most nucleo's fuzzy score
//! of it there can be, in one pass over the text: most entries of a big search cannot reach
//! the best twenty of their kind, and this tells so without nucleo's full (optimal) match,
//! which was most of a search's time. Nothing here decides a score: an entry that may place is scored
//! by nucleo as before, so the results are the same.
//!
//! The bound follows nucleo-matcher 0.3's scoring with `Config::DEFAULT` (no prefix bonus):
//! every matched character earns `SCORE_MATCH` and a bonus; the first one's bonus counts
//! twice; a character in a run of consecutive matches earns at least `BONUS_CONSECUTIVE`, or
//! the bonus the run started with (or rose to) when more; gaps only take away. The bonus of a
//! character comes from its class and the class of the one before it. Character `j` of the
//! word can only be matched at or after where the greedy match put it, so its bonus is at most
//! the best bonus of its occurrences from there on. The tests hold the bound against nucleo's
//! own scores.

use memchr::{memchr, memchr2};

const SCORE_MATCH: u32 = 16;
const BONUS_BOUNDARY: u8 = 8;
const BONUS_BOUNDARY_WHITE: u8 = BONUS_BOUNDARY + 2;
const BONUS_BOUNDARY_DELIMITER: u8 = BONUS_BOUNDARY + 1;
const BONUS_CAMEL123: u8 = BONUS_BOUNDARY - 3;
const BONUS_NON_WORD: u8 = BONUS_BOUNDARY;
const BONUS_CONSECUTIVE: u8 = 4;
/// `Config::DEFAULT`'s delimiters.
const DELIMITERS: &[u8] = b"/,:;|";
/// Longer words are left to nucleo (kept on the stack below).
const LONGEST: usize = 32;

/// nucleo's character classes, in its order (the order matters: see `bonus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Whitespace,
    NonWord,
    Delimiter,
    Lower,
    Upper,
    Number,
}

fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Number,
        _ if b.is_ascii_whitespace() => Class::Whitespace,
        _ if DELIMITERS.contains(&b) => Class::Delimiter,
        _ => Class::NonWord,
    }
}

/// The bonus of the character at `at`, from its class and the one before it (the text starts
/// as after whitespace).
fn bonus(text: &[u8], at: usize) -> u8 {
    let before = at
        .checked_sub(1)
        .map_or(Class::Whitespace, |i| class(text[i]));
    let class = class(text[at]);
    if class > Class::Delimiter {
        match before {
            Class::Whitespace => return BONUS_BOUNDARY_WHITE,
            Class::Delimiter => return BONUS_BOUNDARY_DELIMITER,
            Class::NonWord => return BONUS_BOUNDARY,
            _ => {}
        }
    }
    if (before == Class::Lower && class == Class::Upper)
        || (before != Class::Number && class == Class::Number)
    {
        BONUS_CAMEL123
    } else if class == Class::Whitespace {
        BONUS_BOUNDARY_WHITE
    } else if class == Class::NonWord {
        BONUS_NON_WORD
    } else {
        0
    }
}

/// Where `c` (lowercase) is first in `text`, either case.
fn find(c: u8, text: &[u8]) -> Option<usize> {
    if c.is_ascii_lowercase() {
        memchr2(c, c.to_ascii_uppercase(), text)
    } else {
        memchr(c, text)
    }
}

/// What a word can score in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bound {
    /// Its characters are not all in the text in order: nucleo finds no match.
    Missing,
    /// It matches, scoring this much at most.
    AtMost(u32),
}

/// A typed word, lowercase ASCII as nucleo keeps a word typed in ASCII, with where each of
/// its characters is (for one pass over a text).
#[derive(Debug, Clone)]
pub(super) struct Word<'a> {
    bytes: &'a [u8],
    /// For each byte, the characters of the word it is (bit `j`: character `j`).
    places: [u32; 128],
}

impl<'a> Word<'a> {
    /// None for a word too long to be worked out here (nucleo is asked then).
    pub fn new(bytes: &'a [u8]) -> Option<Word<'a>> {
        if bytes.is_empty() || bytes.len() > LONGEST || !bytes.is_ascii() {
            return None;
        }
        let mut places = [0u32; 128];
        for (j, &c) in bytes.iter().enumerate() {
            places[usize::from(c)] |= 1 << j;
        }
        Some(Word { bytes, places })
    }

    /// The most any match scores: every character at the best bonus there is.
    pub fn most(&self) -> u32 {
        let len = self.bytes.len() as u32;
        len * SCORE_MATCH + (len + 1) * u32::from(BONUS_BOUNDARY_WHITE)
    }

    /// Whether the word's characters are all in `text` (ASCII), in order.
    pub fn is_in(&self, text: &[u8]) -> bool {
        let mut from = 0;
        for &c in self.bytes {
            match find(c, &text[from.min(text.len())..]) {
                Some(at) => from += at + 1,
                None => return false,
            }
        }
        true
    }

    /// Whether the word is in `text` (ASCII), and the most it can score there. One pass from
    /// the first place of the word's first character: the greedy match advances as it goes,
    /// and each place of a character already reached by it lifts that character's best bonus.
    pub fn bound(&self, text: &[u8]) -> Bound {
        let word = self.bytes;
        let Some(first) = find(word[0], text) else {
            return Bound::Missing;
        };
        let mut best = [0u8; LONGEST];
        let mut next = 0;
        for (at, &b) in (first..).zip(&text[first..]) {
            let c = b.to_ascii_lowercase();
            if next < word.len() && c == word[next] {
                next += 1;
            }
            let mut reached = self.places[usize::from(c)] & ((1u64 << next) - 1) as u32;
            if reached != 0 {
                let bonus = bonus(text, at);
                while reached != 0 {
                    let j = reached.trailing_zeros() as usize;
                    best[j] = best[j].max(bonus);
                    reached &= reached - 1;
                }
            }
        }
        if next < word.len() {
            return Bound::Missing;
        }
        let mut score = 0;
        let mut run = BONUS_CONSECUTIVE;
        for (j, &best) in best[..word.len()].iter().enumerate() {
            run = run.max(best);
            score += SCORE_MATCH + u32::from(if j == 0 { 2 * best } else { run });
        }
        Bound::AtMost(score)
    }
}

#[cfg(test)]
mod tests {
    use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
    use nucleo_matcher::{Config, Matcher, Utf32Str};

    use super::*;

    /// A small deterministic generator: no dependency for the test's texts.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, below: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            ((self.0 >> 33) as usize) % below
        }
    }

    fn nucleo(matcher: &mut Matcher, text: &str, word: &str) -> Option<u32> {
        let atom = Atom::new(
            word,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
            false,
        );
        let Utf32Str::Ascii(needle) = atom.needle_text() else {
            panic!("an ASCII word");
        };
        assert_eq!(needle, word.to_ascii_lowercase().as_bytes());
        let mut buf = Vec::new();
        atom.score(Utf32Str::new(text, &mut buf), matcher)
            .map(u32::from)
    }

    #[test]
    fn the_bound_is_never_below_nucleos_score_and_misses_what_it_misses() {
        // Few letters, so words are found often and in many ways; every class of character.
        const ALPHABET: &[u8] = b"aAbBeE01 .@/-_:";
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut rng = Lcg(7);
        let mut tight = 0;
        for round in 0..20_000 {
            let len = 1 + rng.next(if round % 10 == 0 { 200 } else { 40 });
            let text: String = (0..len)
                .map(|_| char::from(ALPHABET[rng.next(ALPHABET.len())]))
                .collect();
            let word: String = (0..1 + rng.next(8))
                .map(|_| char::from(ALPHABET[rng.next(ALPHABET.len())]))
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if word.is_empty() {
                continue;
            }
            let score = nucleo(&mut matcher, &text, &word);
            let bytes = Word::new(word.as_bytes()).unwrap();
            assert_eq!(
                bytes.is_in(text.as_bytes()),
                score.is_some(),
                "{word:?} in {text:?}"
            );
            match (bytes.bound(text.as_bytes()), score) {
                (Bound::Missing, None) => {}
                (Bound::AtMost(most), Some(score)) => {
                    assert!(most >= score, "{word:?} in {text:?}: {most} < {score}");
                    assert!(bytes.most() >= most, "{word:?}: {most} over the most");
                    tight += usize::from(most == score);
                }
                (got, score) => panic!("{word:?} in {text:?}: {got:?}, nucleo {score:?}"),
            }
        }
        assert!(
            tight > 1_000,
            "the bound is often the score itself: {tight}"
        );
    }

    #[test]
    fn on_the_search_s_own_texts_the_bound_is_the_score() {
        let mut matcher = Matcher::new(Config::DEFAULT);
        for (text, word) in [
            ("jane.doe12@tenant0.example  Organization User", "t"),
            ("jane.doe12@tenant0.example  Organization User", "tenant"),
            ("Eva Ek  eva.ek5@tenant3.example", "tenant"),
            ("Tamm Jane Holding 5  C-0000005  tenant5.example", "c-0"),
        ] {
            let score = nucleo(&mut matcher, text, word).unwrap();
            let word = Word::new(word.as_bytes()).unwrap();
            assert_eq!(word.bound(text.as_bytes()), Bound::AtMost(score));
        }
        let word = |w: &'static str| Word::new(w.as_bytes()).unwrap();
        assert_eq!(word("abcd").bound(b"abc"), Bound::Missing);
        assert_eq!(word("ca").bound(b"abc"), Bound::Missing);
        assert!(!word("ca").is_in(b"abc") && word("ac").is_in(b"abc"));
        assert!(Word::new(&[b'a'; LONGEST + 1]).is_none());
    }
}
