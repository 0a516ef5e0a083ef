//! A JSON value as the claim rules see it: scalars read (numbers as JavaScript reads them),
//! containers kept as their raw text, strings kept as written and compared as JavaScript
//! compares them, by UTF-16 code units.

use super::read::Reader;
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
    pub(super) raw: &'a str,
    /// The text holds an escape: only then can two different raw texts be equal strings.
    pub(super) escaped: bool,
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

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn strings_compare_by_utf16_units() {
        let escaped = JsonStr::new("\\u00e9\\ud83d\\ude00");
        assert!(escaped.eq_str("é😀"));
        assert!(!JsonStr::new("\\ud800").eq_str("\u{fffd}"));
        assert_eq!(JsonStr::new("a\\nb").to_string_lossy(), "a\nb");
    }
}
