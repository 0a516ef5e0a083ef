//! Reading JSON text exactly as `JSON.parse` accepts it.
//!
//! The reader validates a whole text without recursion (an explicit stack of open containers,
//! so a payload nested a million deep costs memory, never the wasm stack) and hands out the
//! top-level object's members as raw slices. Values are only interpreted where a rule needs
//! them (`exp`, `aud`, …); everything else passes through as the caller's own text.

use std::ops::Range;

use crate::bytes;
use crate::error::Error;

/// A JSON value as the claim rules see it: scalars read, containers kept as raw text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, read as JavaScript reads it (`1e400` is `Infinity`).
    Number(f64),
    /// A string, still escaped, without its quotes.
    String(JsonStr<'a>),
    /// An array, as raw text including the brackets.
    Array(&'a str),
    /// An object, as raw text including the braces.
    Object(&'a str),
}

impl<'a> Value<'a> {
    /// JavaScript truthiness: what `if (options.audience)` sees.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0 && !n.is_nan(),
            Value::String(s) => !s.is_empty(),
            Value::Array(_) | Value::Object(_) => true,
        }
    }

    /// JavaScript strict equality (`===`) between two values that came from JSON: containers
    /// are distinct objects, so they are never equal.
    pub fn strict_equals(&self, other: &Value<'_>) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => a.units_eq(b),
            _ => false,
        }
    }

    /// The string, when the value is one.
    pub fn as_str(&self) -> Option<JsonStr<'a>> {
        match self {
            Value::String(s) => Some(*s),
            _ => None,
        }
    }

    /// The elements of an array value (an empty list for anything else).
    pub fn elements(&self) -> Result<Vec<Value<'a>>, Error> {
        self.iter_elements().collect()
    }

    /// The elements of an array value one by one, without collecting them (nothing for
    /// anything else).
    pub fn iter_elements(&self) -> Elements<'a> {
        match self {
            Value::Array(raw) => Elements { reader: Reader::new(raw), started: false, done: false },
            _ => Elements { reader: Reader::new(""), started: true, done: true },
        }
    }
}

/// Iterator over an array's elements (see [`Value::iter_elements`]); stops at the first error.
pub struct Elements<'a> {
    reader: Reader<'a>,
    started: bool,
    done: bool,
}

impl<'a> Iterator for Elements<'a> {
    type Item = Result<Value<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let result = self.step();
        if !matches!(result, Some(Ok(_))) {
            self.done = true;
        }
        result
    }
}

impl<'a> Elements<'a> {
    fn step(&mut self) -> Option<Result<Value<'a>, Error>> {
        let reader = &mut self.reader;
        reader.skip_ws();
        if !self.started {
            self.started = true;
            if let Err(error) = reader.expect(b'[') {
                return Some(Err(error.into()));
            }
            reader.skip_ws();
            if reader.eat(b']') {
                return None;
            }
        } else {
            if reader.eat(b']') {
                return None;
            }
            if let Err(error) = reader.expect(b',') {
                return Some(Err(error.into()));
            }
            reader.skip_ws();
        }
        Some(reader.value().map_err(Error::from))
    }
}

/// A JSON string as written in the text (escapes not yet applied).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JsonStr<'a> {
    raw: &'a str,
    /// The text holds an escape: only then can two different raw texts be equal strings.
    escaped: bool,
}

impl<'a> JsonStr<'a> {
    /// Wraps the text between the quotes of a valid JSON string (or a name with no escapes).
    pub(crate) fn new(raw: &'a str) -> Self {
        JsonStr { raw, escaped: raw.contains('\\') }
    }

    /// The string as written between its quotes, escapes included.
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// True for `""`.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The UTF-16 code units of the decoded string: JavaScript compares strings by these,
    /// and `"\ud800"` (a lone surrogate, legal in JSON) has no other exact form.
    pub fn units(&self) -> Units<'a> {
        Units { rest: self.raw.chars(), pending: None }
    }

    /// Equality as JavaScript's `===` sees two strings.
    pub fn units_eq(&self, other: &JsonStr<'_>) -> bool {
        if !self.escaped && !other.escaped {
            return self.raw == other.raw;
        }
        self.units().eq(other.units())
    }

    /// Equality with a Rust string.
    pub fn eq_str(&self, s: &str) -> bool {
        // Without an escape the raw text is the string itself: this is every name lookup.
        if !self.escaped {
            return bytes::equal(self.raw.as_bytes(), s.as_bytes());
        }
        self.units().eq(s.encode_utf16())
    }

    /// The decoded string; a lone surrogate becomes U+FFFD (only used for messages and names).
    pub fn to_string_lossy(&self) -> String {
        self.to_str_lossy().into_owned()
    }

    /// [`JsonStr::to_string_lossy`], borrowed from the text when it has no escape (no copy).
    pub fn to_str_lossy(&self) -> std::borrow::Cow<'a, str> {
        if !self.escaped {
            return std::borrow::Cow::Borrowed(self.raw);
        }
        let units: Vec<u16> = self.units().collect();
        std::borrow::Cow::Owned(String::from_utf16_lossy(&units))
    }
}

/// Iterator over the UTF-16 code units of a validated JSON string body.
pub struct Units<'a> {
    rest: std::str::Chars<'a>,
    pending: Option<u16>,
}

impl Iterator for Units<'_> {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        if let Some(unit) = self.pending.take() {
            return Some(unit);
        }
        let c = self.rest.next()?;
        if c != '\\' {
            let mut buf = [0u16; 2];
            let encoded = c.encode_utf16(&mut buf);
            if let [high, low] = encoded {
                self.pending = Some(*low);
                return Some(*high);
            }
            return Some(buf[0]);
        }
        // The reader validated every escape, so the fallbacks below are never taken.
        let unit = match self.rest.next()? {
            'b' => 0x08,
            'f' => 0x0c,
            'n' => 0x0a,
            'r' => 0x0d,
            't' => 0x09,
            'u' => {
                let mut value = 0u16;
                for _ in 0..4 {
                    let digit = self.rest.next()?.to_digit(16)?;
                    value = (value << 4) | digit as u16;
                }
                value
            }
            other => other as u16,
        };
        Some(unit)
    }
}

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

/// The members of a top-level JSON object, in text order, duplicates included (a later
/// duplicate wins, as in `JSON.parse`: use [`Members::get`]).
#[derive(Debug, Default)]
pub struct Members<'a> {
    entries: Vec<Member<'a>>,
}

/// One `"name": value` of an object.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    /// The member's name.
    pub key: JsonStr<'a>,
    /// Its value.
    pub value: Value<'a>,
    /// The member's own text, from the name's opening quote to the end of the value.
    pub raw: &'a str,
    /// The value's own text.
    pub value_raw: &'a str,
}

impl<'a> Members<'a> {
    /// Parses `text`, which must be one JSON object.
    pub fn parse(text: &'a str) -> Result<Self, Error> {
        // A token's payload has about ten members: room for them without growing.
        let mut members = Members { entries: Vec::with_capacity(16) };
        each_member(text, |member| members.entries.push(member))?;
        Ok(members)
    }

    /// The value `JSON.parse(text)[name]` would give.
    pub fn get(&self, name: &str) -> Option<Value<'a>> {
        self.member(name).map(|m| m.value)
    }

    /// The member that `JSON.parse(text)[name]` reads (the last of that name).
    pub fn member(&self, name: &str) -> Option<&Member<'a>> {
        self.entries.iter().rev().find(|m| m.key.eq_str(name))
    }

    /// Every member in text order.
    pub fn iter(&self) -> impl Iterator<Item = &Member<'a>> {
        self.entries.iter()
    }

    /// True when a member of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The member names in the order `Object.keys(JSON.parse(text))` lists them, each once.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for member in &self.entries {
            let key = member.key.to_string_lossy();
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }
}

/// Reads `text`, which must be one JSON object, handing each member to `visit` in text order.
fn each_member<'a>(text: &'a str, mut visit: impl FnMut(Member<'a>)) -> Result<(), Malformed> {
    let mut reader = Reader::new(text);
    reader.skip_ws();
    reader.expect(b'{')?;
    reader.skip_ws();
    if !reader.eat(b'}') {
        loop {
            reader.skip_ws();
            let start = reader.pos;
            let key = reader.string()?;
            reader.skip_ws();
            reader.expect(b':')?;
            reader.skip_ws();
            let value_start = reader.pos;
            // String values, the usual member, read here without the general dispatch.
            let value = if reader.peek() == Some(b'"') { Value::String(reader.string()?) } else { reader.value()? };
            let raw = reader.slice(start, reader.pos)?;
            let value_raw = reader.slice(value_start, reader.pos)?;
            visit(Member { key, value, raw, value_raw });
            reader.skip_ws();
            if reader.eat(b',') {
                continue;
            }
            reader.expect(b'}')?;
            break;
        }
    }
    reader.skip_ws();
    if reader.pos != text.len() {
        return Err(Malformed);
    }
    Ok(())
}

/// Where [`Members::parse`] found each member of an object, as byte ranges of the text rather
/// than borrows of it: a decoded payload owns its text, and verify reads its members without
/// parsing it a second time ([`MemberIndex::get`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemberIndex(Vec<MemberAt>);

#[derive(Debug, Clone, PartialEq)]
struct MemberAt {
    raw: Range<usize>,
    key: Range<usize>,
    key_escaped: bool,
    value_raw: Range<usize>,
    value: ValueAt,
}

/// A [`Value`] whose text is its member's `value_raw`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ValueAt {
    Null,
    Bool(bool),
    Number(f64),
    String { escaped: bool },
    Array,
    Object,
}

impl MemberAt {
    /// The member's value in `text`.
    fn value_in<'t>(&self, text: &'t str) -> Option<Value<'t>> {
        let value_raw = text.get(self.value_raw.clone())?;
        Some(match self.value {
            ValueAt::Null => Value::Null,
            ValueAt::Bool(b) => Value::Bool(b),
            ValueAt::Number(n) => Value::Number(n),
            ValueAt::String { escaped } => {
                let raw = value_raw.strip_prefix('"')?.strip_suffix('"')?;
                Value::String(JsonStr { raw, escaped })
            }
            ValueAt::Array => Value::Array(value_raw),
            ValueAt::Object => Value::Object(value_raw),
        })
    }
}

/// Where `part`, a slice of `text`, stands in it.
fn range_in(text: &str, part: &str) -> Range<usize> {
    let start = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    start..start.saturating_add(part.len())
}

impl MemberIndex {
    /// Parses `text`, which must be one JSON object, keeping where its members stand.
    pub fn parse(text: &str) -> Result<MemberIndex, Error> {
        let mut index = Vec::with_capacity(16);
        each_member(text, |m| {
            index.push(MemberAt {
                raw: range_in(text, m.raw),
                key: range_in(text, m.key.raw),
                key_escaped: m.key.escaped,
                value_raw: range_in(text, m.value_raw),
                value: match m.value {
                    Value::Null => ValueAt::Null,
                    Value::Bool(b) => ValueAt::Bool(b),
                    Value::Number(n) => ValueAt::Number(n),
                    Value::String(s) => ValueAt::String { escaped: s.escaped },
                    Value::Array(_) => ValueAt::Array,
                    Value::Object(_) => ValueAt::Object,
                },
            })
        })?;
        Ok(MemberIndex(index))
    }

    /// What `JSON.parse(text)[name]` gives (see [`Members::get`]), for the `text` this index was
    /// made of, without building the members.
    pub fn get<'t>(&self, text: &'t str, name: &str) -> Option<Value<'t>> {
        let at = self.0.iter().rev().find(|at| {
            text.get(at.key.clone()).is_some_and(|raw| JsonStr { raw, escaped: at.key_escaped }.eq_str(name))
        })?;
        at.value_in(text)
    }
}

/// The reader's one failure: the text is not JSON. A unit type keeps every `Result` the
/// reader passes around as small as its value (the crate's `Error` is large, and a large
/// `Result` travels through memory on every call); public functions turn it into
/// `Error::MalformedJson`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Malformed;

impl From<Malformed> for Error {
    fn from(_: Malformed) -> Error {
        Error::MalformedJson
    }
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Reader { text, bytes: text.as_bytes(), pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), Malformed> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(Malformed)
        }
    }

    /// JSON whitespace is exactly these four characters (no BOM, no U+00A0).
    fn skip_ws(&mut self) {
        // Counted over the rest rather than stepped through `self.pos`, so that the position
        // stays in a register: the scanning loops here are the reader's hot spots.
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        self.pos += rest.iter().take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')).count();
    }

    fn slice(&self, start: usize, end: usize) -> Result<&'a str, Malformed> {
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

    fn value(&mut self) -> Result<Value<'a>, Malformed> {
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
    fn string(&mut self) -> Result<JsonStr<'a>, Malformed> {
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

    #[test]
    #[wasm_bindgen_test]
    fn later_duplicates_win_and_numbers_overflow_like_javascript() {
        let members = Members::parse(r#"{"exp":1,"aud":["a","b"],"exp":1e400}"#).unwrap();
        assert_eq!(members.get("exp"), Some(Value::Number(f64::INFINITY)));
        assert_eq!(members.keys(), vec!["exp".to_string(), "aud".to_string()]);
        let aud = members.get("aud").unwrap().elements().unwrap();
        assert!(aud[1].strict_equals(&Value::String(JsonStr::new("b"))));
    }

    #[test]
    #[wasm_bindgen_test]
    fn an_index_gives_the_members_parse_gives() {
        let text = r#" {"a\u0041":"x\ny", "n":-1.5e3,"t":true,"z":null,"o":{"k":[1]},"l":[{}],"s":"" } "#;
        let parsed = Members::parse(text).unwrap();
        let index = MemberIndex::parse(text).unwrap();
        assert_eq!(parsed.iter().count(), 7);
        let a_a = index.get(text, "aA");
        assert!(a_a.is_some_and(|v| v.as_str().unwrap().units_eq(&JsonStr::new("x\\ny"))));
        assert_eq!(index.get("{}", "n"), None, "an index of another text");
        for name in ["aA", "n", "t", "z", "o", "l", "s", "missing"] {
            assert_eq!(index.get(text, name), parsed.get(name), "{name}");
        }
        assert_eq!(MemberIndex::parse("[1]"), Err(Error::MalformedJson));
    }

    #[test]
    #[wasm_bindgen_test]
    fn strings_compare_by_utf16_units() {
        let escaped = JsonStr::new("\\u00e9\\ud83d\\ude00");
        assert!(escaped.eq_str("é😀"));
        assert!(!JsonStr::new("\\ud800").eq_str("\u{fffd}"));
        assert_eq!(JsonStr::new("a\\nb").to_string_lossy(), "a\nb");
    }
}
