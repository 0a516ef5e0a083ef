//! Reading JSON text exactly as `JSON.parse` accepts it.
//!
//! The reader validates a whole text without recursion (an explicit stack of open containers,
//! so a payload nested a million deep costs memory, never the wasm stack) and hands out values
//! as raw slices (a top-level object's members: `members.rs`). Values are only interpreted where
//! a rule needs them (`exp`, `aud`, …); everything else passes through as the caller's own text.

use super::{JsonStr, Value};
use crate::error::Error;

/// What a whole JSON text is at its top level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// Validates `text` as `JSON.parse` would and says what it is at the top level.
pub fn parse_kind(text: &str) -> Result<Kind, Error> {
    let mut reader = Reader::new(text);
    reader.skip_ws();
    let value = reader.value()?;
    reader.skip_ws();
    if reader.pos != text.len() {
        return Err(Error::MalformedJson);
    }
    Ok(match value {
        Value::Null => Kind::Null,
        Value::Bool(b) => Kind::Bool(b),
        Value::Number(n) => Kind::Number(n),
        Value::String(_) => Kind::String,
        Value::Array(_) => Kind::Array,
        Value::Object(_) => Kind::Object,
    })
}

/// `text` as one JSON value (containers stay raw), when it is exactly one.
pub fn parse_value(text: &str) -> Option<Value<'_>> {
    let mut reader = Reader::new(text);
    reader.skip_ws();
    let value = reader.value().ok()?;
    reader.skip_ws();
    (reader.pos == text.len()).then_some(value)
}

/// When `text` is exactly one JSON string, its decoded form (for jsonwebtoken's second parse).
pub fn parse_string(text: &str) -> Option<String> {
    let mut reader = Reader::new(text);
    reader.skip_ws();
    let value = reader.value().ok()?;
    reader.skip_ws();
    match value {
        Value::String(s) if reader.pos == text.len() => Some(s.to_string_lossy()),
        _ => None,
    }
}

/// The reader's one failure: the text is not JSON. A unit type keeps every `Result` the
/// reader passes around as small as its value (the crate's `Error` is large, and a large
/// `Result` travels through memory on every call); public functions turn it into
/// `Error::MalformedJson`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Malformed;

impl From<Malformed> for Error {
    fn from(_: Malformed) -> Error {
        Error::MalformedJson
    }
}

/// A position in a JSON text, and the steps that read it.
pub(super) struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Reader { text, bytes: text.as_bytes(), pos: 0 }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub(super) fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn expect(&mut self, byte: u8) -> Result<(), Malformed> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(Malformed)
        }
    }

    /// JSON whitespace is exactly these four characters (no BOM, no U+00A0).
    pub(super) fn skip_ws(&mut self) {
        // Counted over the rest rather than stepped through `self.pos`, so that the position
        // stays in a register: the scanning loops here are the reader's hot spots.
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        self.pos += rest.iter().take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')).count();
    }

    pub(super) fn slice(&self, start: usize, end: usize) -> Result<&'a str, Malformed> {
        match self.text.get(start..end) {
            Some(text) => Ok(text),
            None => Err(Malformed),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), Malformed> {
        let end = self.pos.saturating_add(word.len());
        if self.bytes.get(self.pos..end) == Some(word.as_bytes()) {
            self.pos = end;
            Ok(())
        } else {
            Err(Malformed)
        }
    }

    pub(super) fn value(&mut self) -> Result<Value<'a>, Malformed> {
        match self.peek() {
            Some(b'n') => self.literal("null").map(|()| Value::Null),
            Some(b't') => self.literal("true").map(|()| Value::Bool(true)),
            Some(b'f') => self.literal("false").map(|()| Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(b'[') => {
                let start = self.pos;
                self.skip_container()?;
                Ok(Value::Array(self.slice(start, self.pos)?))
            }
            Some(b'{') => {
                let start = self.pos;
                self.skip_container()?;
                Ok(Value::Object(self.slice(start, self.pos)?))
            }
            _ => Err(Malformed),
        }
    }

    // Inlined into its callers: its result then needs no trip through memory.
    #[inline(always)]
    pub(super) fn string(&mut self) -> Result<JsonStr<'a>, Malformed> {
        self.expect(b'"')?;
        let start = self.pos;
        let mut escaped = false;
        loop {
            self.skip_plain_string_bytes();
            match self.peek() {
                None => return Err(Malformed),
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 1,
                        Some(b'u') => {
                            self.pos += 1;
                            for _ in 0..4 {
                                match self.peek() {
                                    Some(c) if c.is_ascii_hexdigit() => self.pos += 1,
                                    _ => return Err(Malformed),
                                }
                            }
                        }
                        _ => return Err(Malformed),
                    }
                }
                // Raw control characters are not allowed inside JSON strings.
                Some(0x00..=0x1f) => return Err(Malformed),
                Some(_) => self.pos += 1,
            }
        }
        let raw = self.slice(start, self.pos)?;
        self.pos += 1;
        Ok(JsonStr { raw, escaped })
    }

    /// Moves past string bytes that need no attention (not `"`, `\\` or a control character),
    /// eight at a time, and stops on the first that does: strings are most of a payload's text.
    fn skip_plain_string_bytes(&mut self) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        // A high bit where a byte of `x` is zero. Borrows can flag bytes above the first zero
        // byte too, never below it: the lowest flag is exact, and only the lowest is used.
        let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let mut words = rest.chunks_exact(8);
        let mut skipped = 0;
        for chunk in words.by_ref() {
            let word = <[u8; 8]>::try_from(chunk).map(u64::from_le_bytes).unwrap_or_default();
            let quote = has_zero(word ^ (ONES * u64::from(b'"')));
            let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
            // A byte below 0x20: subtracting 0x20 borrows into its high bit (bytes ≥ 0x80 are
            // excluded by `!word`).
            let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
            let flags = quote | backslash | control;
            if flags != 0 {
                // Little-endian: the lowest flagged byte is the first in the text.
                self.pos += skipped + (flags.trailing_zeros() / 8) as usize;
                return;
            }
            skipped += 8;
        }
        // The last few bytes, one at a time.
        let plain = |byte: &&u8| **byte >= 0x20 && **byte != b'"' && **byte != b'\\';
        self.pos += skipped + words.remainder().iter().take_while(plain).count();
    }

    fn digits(&mut self) -> usize {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let count = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        self.pos += count;
        count
    }

    fn number(&mut self) -> Result<f64, Malformed> {
        let start = self.pos;
        self.eat(b'-');
        if self.eat(b'0') {
            // A leading zero stands alone: "01" is not JSON.
        } else if self.digits() == 0 {
            return Err(Malformed);
        }
        let integer_end = self.pos;
        if self.eat(b'.') && self.digits() == 0 {
            return Err(Malformed);
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return Err(Malformed);
            }
        }
        let text = self.slice(start, self.pos)?;
        // Timestamps and versions: an integer of up to 15 digits is exact in an f64, so it
        // needs no general float parsing.
        if integer_end == self.pos && text.len() <= 15 {
            let (negative, digits) = match text.strip_prefix('-') {
                Some(digits) => (true, digits),
                None => (false, text),
            };
            let value = digits.bytes().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) as f64;
            return Ok(if negative { -value } else { value });
        }
        // Rust's float parser rounds exactly like JavaScript's and overflows to infinity.
        text.parse::<f64>().map_err(|_| Malformed)
    }

    /// Skips one array or object, however deeply nested, without recursion.
    fn skip_container(&mut self) -> Result<(), Malformed> {
        let mut open = Nesting::default();
        loop {
            match self.peek() {
                Some(b'[') => {
                    self.pos += 1;
                    open.push(b']');
                    self.skip_ws();
                    if self.eat(b']') {
                        open.pop();
                    } else {
                        continue;
                    }
                }
                Some(b'{') => {
                    self.pos += 1;
                    open.push(b'}');
                    self.skip_ws();
                    if self.eat(b'}') {
                        open.pop();
                    } else {
                        self.skip_ws();
                        self.string()?;
                        self.skip_ws();
                        self.expect(b':')?;
                        self.skip_ws();
                        continue;
                    }
                }
                _ => {
                    self.scalar()?;
                }
            }
            // After a complete value: close containers or move to the next element.
            loop {
                let Some(close) = open.last() else {
                    return Ok(());
                };
                self.skip_ws();
                if self.eat(close) {
                    open.pop();
                    continue;
                }
                self.expect(b',')?;
                self.skip_ws();
                if close == b'}' {
                    self.string()?;
                    self.skip_ws();
                    self.expect(b':')?;
                    self.skip_ws();
                }
                break;
            }
        }
    }

    fn scalar(&mut self) -> Result<(), Malformed> {
        match self.peek() {
            Some(b'[' | b'{') | None => Err(Malformed),
            _ => self.value().map(|_| ()),
        }
    }
}

/// The closing bytes of the containers open in [`Reader::skip_container`]: a bit per level for
/// the first 64 (1 for `}`, 0 for `]`), so ordinary payloads never allocate; deeper levels
/// spill into a list.
#[derive(Default)]
struct Nesting {
    bits: u64,
    depth: usize,
    deeper: Vec<u8>,
}

impl Nesting {
    fn push(&mut self, close: u8) {
        if self.depth < 64 {
            self.bits = (self.bits << 1) | u64::from(close == b'}');
        } else {
            self.deeper.push(close);
        }
        self.depth += 1;
    }

    fn pop(&mut self) {
        if self.depth == 0 {
            return;
        }
        self.depth -= 1;
        if self.depth < 64 {
            self.bits >>= 1;
        } else {
            self.deeper.pop();
        }
    }

    fn last(&self) -> Option<u8> {
        match self.depth {
            0 => None,
            1..=64 => Some(if self.bits & 1 == 1 { b'}' } else { b']' }),
            _ => self.deeper.last().copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn accepts_what_json_parse_accepts() {
        for text in [
            "0",
            "-0",
            "1.5e3",
            "1E+2",
            "\"a\\u00e9\\ud800\"",
            "[]",
            "{}",
            " [1, [2, {}], {\"a\": [ ]}] ",
            "{\"a\":1,\"a\":2}",
            "1e400",
            "true",
            "null",
        ] {
            assert!(parse_kind(text).is_ok(), "{text}");
        }
    }

    #[test]
    #[wasm_bindgen_test]
    fn refuses_what_json_parse_refuses() {
        for text in [
            "",
            "01",
            "1.",
            ".5",
            "+1",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "'a'",
            "\"\t\"",
            "[",
            "]",
            "{\"a\"}",
            "nul",
            "\"\\x\"",
            "\"\\u12\"",
            "1 2",
            "\u{feff}1",
            "[1]]",
            "NaN",
            "Infinity",
        ] {
            assert_eq!(parse_kind(text), Err(Error::MalformedJson), "{text:?}");
        }
    }

    #[test]
    #[wasm_bindgen_test]
    fn deep_nesting_needs_no_stack() {
        let depth = 200_000;
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(parse_kind(&text), Ok(Kind::Array));
        let unbalanced = "[".repeat(depth);
        assert_eq!(parse_kind(&unbalanced), Err(Error::MalformedJson));
    }
}
