//! Splits a JSON array into its elements as the body arrives, so a list of 100,000
//! organizations (a 30 MB body: the API has no paging) is decoded row by row and never held
//! whole. Only the array's own structure is read here (brackets, commas, strings and their
//! escapes); each element is handed over as its bytes, for serde to decode.
//!
//! serde_json reads a whole value or a stream of whitespace-separated values, not the elements
//! of one array as they arrive, hence this small splitter.

/// Where the splitter stands in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first byte that is not whitespace.
    Before,
    Inside,
    /// After the closing bracket.
    After,
    /// The body is not an array: it is kept whole.
    NotAnArray,
}

/// How a body ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ending {
    /// A whole array, each element handed over.
    Array,
    /// Not an array (`null`, an object…): the whole body, for the caller to read as it is.
    NotAnArray(Vec<u8>),
    /// The body stopped inside the array, or went on after it.
    Malformed,
}

#[derive(Debug)]
pub struct ArraySplitter {
    state: State,
    /// Brackets and braces open inside the current element.
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// The current element's bytes so far; whole bodies that are not arrays go here too.
    element: Vec<u8>,
    elements: usize,
    trailing: bool,
}

impl Default for ArraySplitter {
    fn default() -> Self {
        ArraySplitter {
            state: State::Before,
            depth: 0,
            in_string: false,
            escaped: false,
            element: Vec::new(),
            elements: 0,
            trailing: false,
        }
    }
}

impl ArraySplitter {
    /// Reads the next bytes of the body; `element(index, bytes)` gets each element completed.
    /// Runs of plain bytes are copied whole, so the cost is per structural byte, not per byte.
    pub fn feed(&mut self, mut bytes: &[u8], element: &mut dyn FnMut(usize, &[u8])) {
        while let Some(&b) = bytes.first() {
            match self.state {
                State::Before if b.is_ascii_whitespace() => bytes = &bytes[1..],
                State::Before if b == b'[' => {
                    self.state = State::Inside;
                    bytes = &bytes[1..];
                }
                State::Before | State::NotAnArray => {
                    self.state = State::NotAnArray;
                    self.element.extend_from_slice(bytes);
                    return;
                }
                State::After => {
                    self.trailing |= bytes.iter().any(|b| !b.is_ascii_whitespace());
                    return;
                }
                State::Inside if self.escaped => {
                    self.element.push(b);
                    self.escaped = false;
                    bytes = &bytes[1..];
                }
                State::Inside if self.in_string => {
                    let Some(at) = bytes.iter().position(|&b| b == b'"' || b == b'\\') else {
                        self.element.extend_from_slice(bytes);
                        return;
                    };
                    self.element.extend_from_slice(&bytes[..=at]);
                    match bytes[at] {
                        b'"' => self.in_string = false,
                        _ => self.escaped = true,
                    }
                    bytes = &bytes[at + 1..];
                }
                State::Inside => {
                    let structural = |b: &u8| matches!(b, b'"' | b'{' | b'[' | b'}' | b']' | b',');
                    let Some(at) = bytes.iter().position(structural) else {
                        self.element.extend_from_slice(bytes);
                        return;
                    };
                    self.element.extend_from_slice(&bytes[..at]);
                    self.structural(bytes[at], element);
                    bytes = &bytes[at + 1..];
                }
            }
        }
    }

    fn structural(&mut self, b: u8, element: &mut dyn FnMut(usize, &[u8])) {
        match b {
            b',' | b']' if self.depth == 0 => {
                let text = self.element.trim_ascii();
                if !text.is_empty() {
                    element(self.elements, text);
                    self.elements += 1;
                }
                self.element.clear();
                if b == b']' {
                    self.state = State::After;
                }
            }
            b'"' => {
                self.in_string = true;
                self.element.push(b);
            }
            b'{' | b'[' => {
                self.depth += 1;
                self.element.push(b);
            }
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                self.element.push(b);
            }
            // A comma inside an element.
            _ => self.element.push(b),
        }
    }

    pub fn finish(self) -> Ending {
        match self.state {
            State::After if !self.trailing => Ending::Array,
            State::Before | State::NotAnArray => Ending::NotAnArray(self.element),
            State::After | State::Inside => Ending::Malformed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The elements of `body` fed in pieces of `size` bytes, and how it ended.
    fn split(body: &str, size: usize) -> (Vec<String>, Ending) {
        let mut splitter = ArraySplitter::default();
        let mut found = Vec::new();
        for piece in body.as_bytes().chunks(size.max(1)) {
            splitter.feed(piece, &mut |i, bytes| {
                assert_eq!(i, found.len(), "elements come in order");
                found.push(String::from_utf8(bytes.to_vec()).unwrap());
            });
        }
        (found, splitter.finish())
    }

    #[test]
    fn elements_come_whole_however_the_body_is_cut() {
        let body = r#" [ {"a":"x,]}\"[","b":[1,{"c":2}]} , 2, "s\\" ,null,[ ]] "#;
        let expected = vec![
            r#"{"a":"x,]}\"[","b":[1,{"c":2}]}"#,
            "2",
            r#""s\\""#,
            "null",
            "[ ]",
        ];
        for size in [1, 2, 3, 7, body.len()] {
            let (found, ending) = split(body, size);
            assert_eq!(found, expected, "in pieces of {size}");
            assert_eq!(ending, Ending::Array);
            for element in &found {
                serde_json::from_str::<serde_json::Value>(element).expect("each is JSON");
            }
        }
    }

    #[test]
    fn an_empty_array_has_no_elements_and_other_bodies_are_kept_whole() {
        assert_eq!(split("[]", 1), (vec![], Ending::Array));
        assert_eq!(split(" [ \n ] ", 2), (vec![], Ending::Array));
        let (found, ending) = split(r#" {"error":"x"}"#, 3);
        assert!(found.is_empty());
        assert_eq!(ending, Ending::NotAnArray(br#"{"error":"x"}"#.to_vec()));
        assert_eq!(split("", 1).1, Ending::NotAnArray(Vec::new()));
        assert_eq!(split("null", 1).1, Ending::NotAnArray(b"null".to_vec()));
    }

    #[test]
    fn a_cut_or_overlong_body_is_malformed() {
        assert_eq!(split(r#"[{"a":1},{"b""#, 4).1, Ending::Malformed);
        assert_eq!(split("[1,2] 3", 2).1, Ending::Malformed);
    }
}
