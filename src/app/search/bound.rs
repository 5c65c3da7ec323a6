//! Whether a word of the query is in an ASCII text at all, and the most nucleo's fuzzy score
//! of it there can be, in a few byte scans: most entries of a big search cannot reach the best
//! twenty of their kind, and this tells so without nucleo's full (optimal) match, which is
//! most of a search's time. Nothing here decides a score: an entry that may place is scored
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
    /// Not worked out here (a word too long); nucleo is asked.
    Unknown,
}

/// `word`: lowercase ASCII as nucleo keeps a word typed in ASCII; `text`: ASCII.
pub(super) fn bound(text: &[u8], word: &[u8]) -> Bound {
    if word.is_empty() || word.len() > LONGEST {
        return Bound::Unknown;
    }
    if word.len() > text.len() {
        return Bound::Missing;
    }
    // Where the greedy match puts each character: none can be matched before that.
    let mut earliest = [0usize; LONGEST];
    let mut from = 0;
    for (at, &c) in earliest.iter_mut().zip(word) {
        let Some(found) = find(c, &text[from..]) else {
            return Bound::Missing;
        };
        *at = from + found;
        from = *at + 1;
    }
    let mut score = 0;
    let mut run = BONUS_CONSECUTIVE;
    for (j, &c) in word.iter().enumerate() {
        let mut best = 0;
        let mut at = earliest[j];
        while best < BONUS_BOUNDARY_WHITE {
            best = best.max(bonus(text, at));
            match find(c, &text[at + 1..]) {
                Some(next) => at += 1 + next,
                None => break,
            }
        }
        run = run.max(best);
        score += SCORE_MATCH + u32::from(if j == 0 { 2 * best } else { run });
    }
    Bound::AtMost(score)
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
            match (bound(text.as_bytes(), word.as_bytes()), score) {
                (Bound::Missing, None) => {}
                (Bound::AtMost(most), Some(score)) => {
                    assert!(most >= score, "{word:?} in {text:?}: {most} < {score}");
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
    fn a_single_letter_is_bounded_by_its_best_place() {
        let mut matcher = Matcher::new(Config::DEFAULT);
        for (text, word) in [
            ("jane.doe12@tenant0.example  Organization User", "t"),
            ("jane.doe12@tenant0.example  Organization User", "tenant"),
            ("Eva Ek  eva.ek5@tenant3.example", "tenant"),
            ("Tamm Jane Holding 5  C-0000005  tenant5.example", "c-0"),
        ] {
            let score = nucleo(&mut matcher, text, word).unwrap();
            assert_eq!(
                bound(text.as_bytes(), word.as_bytes()),
                Bound::AtMost(score)
            );
        }
        assert_eq!(bound(b"abc", b"abcd"), Bound::Missing);
        assert_eq!(bound(b"abc", b"ca"), Bound::Missing);
    }
}
