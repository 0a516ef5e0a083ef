//! The members of a top-level JSON object, found as `JSON.parse(text)[name]` finds them (a later
//! duplicate wins): borrowed from the text ([`Members`]), or as byte ranges of a text the caller
//! keeps ([`MemberIndex`]).

use std::ops::Range;

use super::read::{Malformed, Reader};
use super::{JsonStr, Value};
use crate::error::Error;

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

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

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
}
