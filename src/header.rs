//! The JOSE header: built for `sign` exactly as jsonwebtoken builds it, read for `verify`.

use std::borrow::Cow;

use crate::json::{write, JsonStr, Value};
use crate::options::Pair;

/// One header member; `None` is a property that exists but is `undefined` (it keeps its place
/// and `JSON.stringify` leaves it out).
struct Entry<'a> {
    name: JsonStr<'a>,
    value: Option<Value<'a>>,
}

/// The header JSON that jsonwebtoken writes:
/// `Object.assign({ alg, typ: object ? 'JWT' : undefined, kid: options.keyid }, options.header)`.
///
/// `extra` is the `header` option's own properties (`None` values are `undefined`); they
/// overwrite `alg`/`typ`/`kid` in place and are appended otherwise, with array-index names first
/// as JavaScript orders an object's keys.
pub fn build(alg: Value<'_>, object_payload: bool, kid: Option<Value<'_>>, extra: &[Pair<'_>]) -> String {
    let mut entries = vec![
        Entry { name: JsonStr::new("alg"), value: Some(alg) },
        Entry { name: JsonStr::new("typ"), value: object_payload.then_some(Value::String(JsonStr::new("JWT"))) },
        Entry { name: JsonStr::new("kid"), value: kid },
    ];
    for pair in extra {
        match entries.iter_mut().find(|e| e.name.units_eq(&pair.name)) {
            Some(entry) => entry.value = pair.value,
            None => entries.push(Entry { name: pair.name, value: pair.value }),
        }
    }
    let mut out = String::with_capacity(64);
    out.push('{');
    let mut first = true;
    let mut write_entry = |entry: &Entry<'_>| {
        if let Some(value) = &entry.value {
            if !first {
                out.push(',');
            }
            first = false;
            out.push('"');
            out.push_str(entry.name.raw());
            out.push_str("\":");
            write::push_value(&mut out, value);
        }
    };
    let mut indexed: Vec<(u32, &Entry<'_>)> =
        entries.iter().filter_map(|e| array_index(e.name.raw()).map(|i| (i, e))).collect();
    // Only a header option with index-like names has any (the sort is not even compiled otherwise).
    if indexed.len() > 1 {
        indexed.sort_by_key(|(i, _)| *i);
    }
    for (_, entry) in indexed {
        write_entry(entry);
    }
    for entry in entries.iter().filter(|e| array_index(e.name.raw()).is_none()) {
        write_entry(entry);
    }
    out.push('}');
    out
}

/// A property name JavaScript treats as an array index ("0", "42"; not "01" or "4294967295").
fn array_index(name: &str) -> Option<u32> {
    if name.is_empty() || (name.len() > 1 && name.starts_with('0')) || !name.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    name.parse::<u32>().ok().filter(|i| *i != u32::MAX)
}

/// jws writes the header with `Buffer.from(json, 'binary')`: each UTF-16 code unit becomes its
/// low byte. For ASCII (every real header) that is the text itself.
pub fn latin1_bytes(text: &str) -> Cow<'_, [u8]> {
    if text.is_ascii() {
        return Cow::Borrowed(text.as_bytes());
    }
    Cow::Owned(text.encode_utf16().map(|unit| unit.to_le_bytes()[0]).collect())
}

/// jws reads the header with `.toString('binary')`: each byte becomes the character U+00XX.
pub fn latin1_text(bytes: Vec<u8>) -> String {
    // ASCII (every real header) is already that text.
    if bytes.is_ascii() {
        return String::from_utf8(bytes).unwrap_or_default();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{object_pairs, Options};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn orders_and_overrides_like_object_assign() {
        let alg = Value::String(JsonStr::new("HS256"));
        assert_eq!(build(alg, true, None, &[]), r#"{"alg":"HS256","typ":"JWT"}"#);
        assert_eq!(build(alg, false, None, &[]), r#"{"alg":"HS256"}"#);
        let options =
            Options::parse(r#"[["header",{"$pairs":[["x",1],["typ","at+jwt"],["2","b"],["kid",null],["y"]]}]]"#)
                .unwrap();
        let extra = object_pairs(&options.get("header").unwrap()).unwrap();
        assert_eq!(
            build(alg, true, Some(Value::String(JsonStr::new("k1"))), &extra),
            r#"{"2":"b","alg":"HS256","typ":"at+jwt","kid":null,"x":1}"#
        );
        let undefined_typ = Options::parse(r#"[["header",{"$pairs":[["typ"]]}]]"#).unwrap();
        assert_eq!(
            build(alg, true, None, &object_pairs(&undefined_typ.get("header").unwrap()).unwrap()),
            r#"{"alg":"HS256"}"#
        );
    }

    #[test]
    #[wasm_bindgen_test]
    fn header_bytes_are_latin1() {
        assert_eq!(latin1_bytes("é\u{101}").as_ref(), [0xe9, 0x01]);
        assert_eq!(latin1_text(vec![0x41, 0xe9]), "Aé");
    }
}
