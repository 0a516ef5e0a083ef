//! `decode`: jsonwebtoken's `decode.js` over jws's `decode`, without checking anything.

use crate::base64url;
use crate::bytes;
use crate::error::Error;
use crate::header;
use crate::json::{read, write, Kind, MemberIndex, Members, Value};

/// A token taken apart the way jws takes it apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<'a> {
    /// The header's JSON text (read as latin1, as jws reads it).
    pub header: String,
    /// Where the header's `alg` value stands in `header`, when the header is an object with one.
    alg_at: Option<std::ops::Range<usize>>,
    /// The payload after jsonwebtoken's parsing rules.
    pub payload: DecodedPayload,
    /// Where an object payload's members stand in its text (found while checking the JSON).
    payload_index: Option<MemberIndex>,
    /// The third part, as written.
    pub signature: &'a str,
    /// `header.part + "." + payload.part`: what the signature covers.
    pub signing_input: &'a str,
}

/// The payload as `decode` returns it.
#[derive(Debug, Clone, PartialEq)]
pub enum DecodedPayload {
    /// A JSON value, as JSON text (an object, array, number, boolean or null), and which.
    Json(String, Kind),
    /// A string.
    Text(String),
}

impl DecodedPayload {
    /// The payload as one JSON text (strings quoted), for the JavaScript layer to `JSON.parse`.
    pub fn to_json(&self) -> String {
        match self {
            DecodedPayload::Json(text, _) => text.clone(),
            DecodedPayload::Text(text) => {
                let mut out = String::new();
                let _ = out.try_reserve(text.len().saturating_add(2));
                write::push_string(&mut out, text);
                out
            }
        }
    }

    /// True for the JSON value `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, DecodedPayload::Json(_, Kind::Null))
    }
}

impl Decoded<'_> {
    /// The payload's claim `name` (`payload[name]`), when the payload is an object that has it
    /// (claims live only there).
    pub fn claim(&self, name: &str) -> Option<Value<'_>> {
        match (&self.payload, &self.payload_index) {
            (DecodedPayload::Json(text, Kind::Object), Some(index)) => index.get(text, name),
            _ => None,
        }
    }

    /// The payload as one JSON text (see [`DecodedPayload::to_json`]), taking it.
    pub fn into_payload_json(self) -> String {
        match self.payload {
            DecodedPayload::Json(text, _) => text,
            text => text.to_json(),
        }
    }

    /// The header's `alg`, when the header is an object that has one.
    pub fn alg(&self) -> Option<Value<'_>> {
        read::parse_value(self.header.get(self.alg_at.clone()?)?)
    }

    /// `{ header, payload, signature }` as one JSON text (`complete: true`).
    pub fn complete_json(&self) -> String {
        let payload = self.payload.to_json();
        let mut out = String::new();
        let _ =
            out.try_reserve(self.header.len().saturating_add(payload.len()).saturating_add(self.signature.len()) + 40);
        out.push_str("{\"header\":");
        out.push_str(&self.header);
        out.push_str(",\"payload\":");
        out.push_str(&payload);
        out.push_str(",\"signature\":");
        write::push_string(&mut out, self.signature);
        out.push('}');
        out
    }
}

/// jws's `JWS_REGEX`: three dot-separated parts of `[A-Za-z0-9_-]`, the first two non-empty.
fn split(token: &str) -> Option<(&str, &str, &str)> {
    let bytes = token.as_bytes();
    // Whole-token folds without an early exit, which compile to SIMD: every byte a letter or a
    // dot, and exactly two dots. Then only the ends are searched for where the dots are.
    let letters_and_dots = bytes.iter().fold(true, |ok, &b| ok & (base64url::is_url_letter(b) | (b == b'.')));
    let dots = bytes.iter().fold(0usize, |n, &b| n + usize::from(b == b'.'));
    if !letters_and_dots || dots != 2 {
        return None;
    }
    let first = bytes.iter().position(|&b| b == b'.')?;
    let second = bytes.iter().rposition(|&b| b == b'.')?;
    if first == 0 || second == first + 1 {
        return None;
    }
    Some((token.get(..first)?, token.get(first + 1..second)?, token.get(second + 1..)?))
}

/// `jwt.decode(token, { json })` with `complete` left to the caller: `Ok(None)` where
/// jsonwebtoken returns `null`, `Err(PayloadNotJson)` where it lets a `SyntaxError` through.
pub fn decode(token: &str, json: bool) -> Result<Option<Decoded<'_>>, Error> {
    let Some((header_part, payload_part, signature)) = split(token) else {
        return Ok(None);
    };
    let Some(Header { text: header_text, typ_is_jwt, alg_at }) = read_header(header_part) else {
        return Ok(None);
    };
    // Valid UTF-8 (every ordinary payload) is taken as it is; otherwise U+FFFD replaces what is
    // not, as Buffer#toString does.
    let payload_text = match String::from_utf8(base64url::decode_lenient(payload_part).unwrap_or_default()) {
        Ok(text) => text,
        Err(invalid) => String::from_utf8_lossy(invalid.as_bytes()).into_owned(),
    };

    let (payload, payload_index) = if typ_is_jwt || json {
        // jws: JSON.parse(payload), which throws on bad JSON.
        match classify(&payload_text) {
            Err(_) => return Err(Error::PayloadNotJson(payload_text)),
            Ok((Kind::String, _)) => reparse(read::parse_string(&payload_text).unwrap_or_default()),
            Ok((kind, index)) => (DecodedPayload::Json(payload_text, kind), index),
        }
    } else {
        reparse(payload_text)
    };
    let signing_input = token.get(..header_part.len() + 1 + payload_part.len()).unwrap_or_default();
    Ok(Some(Decoded { header: header_text, alg_at, payload, payload_index, signature, signing_input }))
}

/// A token's header as decode reads it.
#[derive(Clone)]
struct Header {
    /// The JSON text (read as latin1, as jws reads it).
    text: String,
    typ_is_jwt: bool,
    alg_at: Option<std::ops::Range<usize>>,
}

thread_local! {
    // The last header read, by its base64url text: a service verifies tokens that all carry the
    // same header, so it is usually read once. wasm32 runs one thread; natively each test thread
    // keeps its own.
    static LAST_HEADER: std::cell::RefCell<Option<(String, Header)>> = const { std::cell::RefCell::new(None) };
}

/// The header of base64url text `part`; `None` where jws finds no header (unparsable or falsy).
fn read_header(part: &str) -> Option<Header> {
    let last = LAST_HEADER.with(|last| {
        let last = last.try_borrow().ok()?;
        let (seen, header) = last.as_ref()?;
        bytes::equal(seen.as_bytes(), part.as_bytes()).then(|| header.clone())
    });
    if last.is_some() {
        return last;
    }
    let header = read_header_text(header::latin1_text(base64url::decode_lenient(part).unwrap_or_default()))?;
    // Kept only when short: a header is a few dozen bytes.
    if part.len() <= 512 {
        LAST_HEADER.with(|last| {
            if let Ok(mut last) = last.try_borrow_mut() {
                *last = Some((part.to_owned(), header.clone()));
            }
        });
    }
    Some(header)
}

fn read_header_text(text: String) -> Option<Header> {
    // One pass over the usual object header; other texts are classified by parse_kind.
    let (typ_is_jwt, alg_at) = match Members::parse(&text) {
        Ok(members) => {
            let typ = members.get("typ").and_then(|typ| typ.as_str());
            let at = members.member("alg").map(|alg| offset_in(&text, alg.value_raw));
            (typ.is_some_and(|typ| typ.eq_str("JWT")), at)
        }
        // safeJsonParse + `!!header`: unparsable or falsy headers make the token invalid.
        Err(_) => match read::parse_kind(&text) {
            Ok(Kind::Null | Kind::Bool(false)) | Err(_) => return None,
            Ok(Kind::Number(0.0)) => return None,
            Ok(Kind::String) if read::parse_string(&text).is_some_and(|s| s.is_empty()) => return None,
            Ok(_) => (false, None),
        },
    };
    Some(Header { text, typ_is_jwt, alg_at })
}

/// `JSON.parse(text)`'s kind, with an object's members found on the way.
fn classify(text: &str) -> Result<(Kind, Option<MemberIndex>), Error> {
    match MemberIndex::parse(text) {
        Ok(index) => Ok((Kind::Object, Some(index))),
        Err(_) => read::parse_kind(text).map(|kind| (kind, None)),
    }
}

/// Where `part` (a slice of `text`) stands in `text`.
fn offset_in(text: &str, part: &str) -> std::ops::Range<usize> {
    let start = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    start..start.saturating_add(part.len())
}

/// jsonwebtoken's decode: a string payload that parses to an object (or array) becomes it.
fn reparse(text: String) -> (DecodedPayload, Option<MemberIndex>) {
    match classify(&text) {
        Ok((kind @ (Kind::Object | Kind::Array), index)) => (DecodedPayload::Json(text, kind), index),
        _ => (DecodedPayload::Text(text), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn b64(text: &str) -> String {
        base64url::encode(text.as_bytes())
    }

    #[test]
    #[wasm_bindgen_test]
    fn splits_like_jws() {
        assert!(split("a.b.c").is_some());
        assert!(split("a.b.").is_some());
        for bad in ["a.b", "a.b.c.d", ".b.c", "a..c", "a.b=.c", "a.b.c+", "a b.c.d"] {
            assert!(split(bad).is_none(), "{bad}");
        }
    }

    #[test]
    #[wasm_bindgen_test]
    fn payload_parsing_follows_typ() {
        let jwt = format!("{}.{}.", b64(r#"{"typ":"JWT"}"#), b64("not json"));
        assert_eq!(decode(&jwt, false), Err(Error::PayloadNotJson("not json".into())));
        let plain = format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64("not json"));
        assert_eq!(decode(&plain, false).unwrap().unwrap().payload, DecodedPayload::Text("not json".into()));
        let object = format!("{}.{}.", b64(r#"{"typ":"JWT"}"#), b64(r#"{"exp":1,"aud":["a"]}"#));
        let decoded = decode(&object, false).unwrap().unwrap();
        assert_eq!(decoded.claim("exp"), Some(Value::Number(1.0)));
        assert!(decoded.claim("aud").is_some_and(|aud| aud.elements().unwrap().len() == 1));
        assert_eq!(decoded.claim("iat"), None);
        let nested = format!("{}.{}.", b64(r#"{"typ":"JWT"}"#), b64(r#""{\"a\":1}""#));
        assert_eq!(
            decode(&nested, false).unwrap().unwrap().payload,
            DecodedPayload::Json(r#"{"a":1}"#.into(), Kind::Object)
        );
        let number = format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64("12"));
        assert_eq!(decode(&number, false).unwrap().unwrap().payload.to_json(), r#""12""#);
    }

    #[test]
    #[wasm_bindgen_test]
    fn a_header_read_again_reads_the_same() {
        let jwt = format!("{}.{}.", b64(r#"{"alg":"none","typ":"JWT"}"#), b64(r#"{"a":1}"#));
        let first = decode(&jwt, false).unwrap().unwrap();
        for other in ["null", r#"{"alg":"HS256"}"#, r#"{"typ":"JWT","alg":"x"}"#] {
            let token = format!("{}.{}.", b64(other), b64("{}"));
            let decoded = decode(&token, false).unwrap();
            assert_eq!(decoded.map(|d| d.header), (other != "null").then(|| other.to_owned()));
            assert_eq!(decode(&jwt, false).unwrap().unwrap(), first, "after {other}");
        }
        assert_eq!(first.alg(), Some(Value::String(crate::json::JsonStr::new("none"))));
    }

    #[test]
    #[wasm_bindgen_test]
    fn falsy_headers_make_no_token() {
        for header in ["0", "false", "null", "\"\"", "nope"] {
            let token = format!("{}.{}.", b64(header), b64("{}"));
            assert_eq!(decode(&token, false), Ok(None), "{header}");
        }
        let token = format!("{}.{}.", b64("1"), b64("{}"));
        assert!(decode(&token, false).unwrap().is_some());
    }
}
