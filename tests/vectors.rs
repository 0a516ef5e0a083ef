//! The shared vectors (`js-tests/vectors/*.json`, generated from npm jsonwebtoken 9.0.3 by
//! `js-tests/vectors/generate.mjs`), asserted against the Rust core natively and under wasm
//! (`wasm-pack test --node`). The files are compiled in, so the wasm run needs no file system,
//! and read with the crate's own JSON reader, so nothing else is needed either.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use rtc_token::{
    decode, parse_json_kind, resolve_timespan, sign, verify, KeyInput, KeySource, Kind, Members, Options, Payload,
    Span, TokenInput, Value,
};
use wasm_bindgen_test::wasm_bindgen_test;

mod common;
use common::*;

const SIGN: &str = include_str!("../js-tests/vectors/sign.json");
const VERIFY: &str = include_str!("../js-tests/vectors/verify.json");
const DECODE: &str = include_str!("../js-tests/vectors/decode.json");
const TIMESPAN: &str = include_str!("../js-tests/vectors/timespan.json");

/// The `cases` of a vector file, each as its members.
fn cases(file: &str) -> Vec<Members<'_>> {
    let top = Members::parse(file).unwrap();
    let list = top.get("cases").unwrap().elements().unwrap();
    list.iter()
        .map(|case| match case {
            Value::Object(raw) => Members::parse(raw).unwrap(),
            _ => panic!("a case is not an object"),
        })
        .collect()
}

/// The secret bytes and whether the vector gave a string or a Buffer.
fn secret(case: &Members<'_>) -> (Vec<u8>, &'static str) {
    let secret = object(case, "secret");
    match string(&secret, "type").as_str() {
        "string" => (string(&secret, "value").into_bytes(), "string"),
        "buffer" => (base64_standard(&string(&secret, "base64")), "buffer"),
        _ => (Vec::new(), "none"),
    }
}

fn key_input<'a>(bytes: &'a [u8], kind: &str) -> KeyInput<'a> {
    match kind {
        "string" => KeyInput::Text(bytes),
        "buffer" => KeyInput::Bytes(bytes),
        _ => KeyInput::Absent,
    }
}

/// JSON equality as JavaScript values: objects as maps (a later duplicate wins), arrays in
/// order, numbers by value, strings by their UTF-16 units.
fn json_equal(a: &str, b: &str) -> bool {
    fn equal(a: &Value<'_>, b: &Value<'_>) -> bool {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let (x, y) = (Members::parse(x).unwrap(), Members::parse(y).unwrap());
                let (kx, ky) = (x.keys(), y.keys());
                kx.len() == ky.len()
                    && kx.iter().all(|k| ky.contains(k) && equal(&x.get(k).unwrap(), &y.get(k).unwrap()))
            }
            (Value::Array(_), Value::Array(_)) => {
                let (x, y) = (a.elements().unwrap(), b.elements().unwrap());
                x.len() == y.len() && x.iter().zip(&y).all(|(p, q)| equal(p, q))
            }
            (Value::String(x), Value::String(y)) => x.units_eq(y),
            _ => a.strict_equals(b),
        }
    }
    // Wrap both texts so strings are read by the same reader as everything else.
    let (wa, wb) = (format!("{{\"v\":{a}}}"), format!("{{\"v\":{b}}}"));
    let (ma, mb) = (Members::parse(&wa).unwrap(), Members::parse(&wb).unwrap());
    equal(&ma.get("v").unwrap(), &mb.get("v").unwrap())
}

fn expected_result<'a>(case: &Members<'a>) -> Result<Option<&'a str>, Members<'a>> {
    let expected = object(case, "expected");
    if expected.has("error") {
        return Err(object(&expected, "error"));
    }
    let raw = expected.iter().find(|m| m.key.eq_str("result")).map(|m| m.value_raw).unwrap();
    Ok(if raw == "null" { None } else { Some(raw) })
}

#[test]
#[wasm_bindgen_test]
fn timespan_vectors() {
    let all = cases(TIMESPAN);
    assert!(all.len() >= 60);
    for case in &all {
        let name = string(case, "name");
        let iat = number(case, "iat");
        let span = match case.get("input").unwrap() {
            Value::Number(n) => Span::Seconds(n),
            Value::String(s) => Span::Text(s.raw()),
            other => panic!("{name}: input {other:?}"),
        };
        let expected = match case.get("expected").unwrap() {
            Value::Number(n) => Some(n),
            _ => None,
        };
        assert_eq!(resolve_timespan(span, iat), expected, "{name}");
    }
}

#[test]
#[wasm_bindgen_test]
fn sign_vectors() {
    let all = cases(SIGN);
    assert!(all.len() >= 100);
    for case in &all {
        let name = string(case, "name");
        let wire = options_wire(&object(case, "options"));
        let options = Options::parse(&wire).unwrap();
        let payload_spec = object(case, "payload");
        let buffer_text;
        let shape;
        let payload = match string(&payload_spec, "type").as_str() {
            "object" => {
                let json = payload_spec.get("json").unwrap().as_str().unwrap();
                // The vector holds the JSON text as a JSON string; unescape it.
                buffer_text = json.to_string_lossy();
                match parse_json_kind(&buffer_text).unwrap() {
                    Kind::Object => {
                        shape = claim_shape(&buffer_text);
                        Payload::Object { json: &buffer_text, shape: &shape }
                    }
                    _ => Payload::NotPlainObject,
                }
            }
            "string" => {
                buffer_text = string(&payload_spec, "value");
                Payload::Text { text: &buffer_text, type_name: "string" }
            }
            "buffer" => {
                // The JavaScript layer passes `buffer.toString()`: UTF-8 with replacement.
                buffer_text = String::from_utf8_lossy(&base64_standard(&string(&payload_spec, "base64"))).into_owned();
                Payload::Text { text: &buffer_text, type_name: "object" }
            }
            other => panic!("{name}: payload type {other}"),
        };
        let (secret_bytes, secret_kind) = secret(case);
        let key = key_input(&secret_bytes, secret_kind);
        let result = sign(payload, key, &options, number(case, "now"));
        match (result, expected_result_sign(case)) {
            (Err(error), _) if handed_to_full_core(&error, key) => {}
            (Ok(signed), Ok(token)) => assert_eq!(signed.token, token, "{name}"),
            (Err(error), Err(expected)) => assert_error(&name, &error, &expected),
            (actual, expected) => panic!("{name}: got {actual:?}, expected {:?}", expected.map_err(|e| e.keys())),
        }
    }
}

/// What `pkg-template/boundary/describe.mjs` computes as the claim shape, for a payload that JSON
/// fully describes: a letter for each `iat`/`exp`/`nbf` that is not a number, in key order.
fn claim_shape(json: &str) -> String {
    let members = Members::parse(json).unwrap();
    members
        .iter()
        .filter(|m| !matches!(m.value, Value::Number(_)))
        .filter_map(|m| ["iat", "exp", "nbf"].into_iter().find(|c| m.key.eq_str(c)))
        .map(|c| &c[..1])
        .collect()
}

fn expected_result_sign<'a>(case: &Members<'a>) -> Result<String, Members<'a>> {
    let expected = object(case, "expected");
    if expected.has("error") {
        return Err(object(&expected, "error"));
    }
    Ok(string(&expected, "token"))
}

#[test]
#[wasm_bindgen_test]
fn verify_vectors() {
    let all = cases(VERIFY);
    assert!(all.len() >= 80);
    for case in &all {
        let name = string(case, "name");
        let wire = options_wire(&object(case, "options"));
        let options = Options::parse(&wire).unwrap();
        let token = string(case, "token");
        let token_input = if token.is_empty() { TokenInput::Missing } else { TokenInput::Text(&token) };
        let (secret_bytes, secret_kind) = secret(case);
        let key = key_input(&secret_bytes, secret_kind);
        let result = verify(token_input, KeySource::Given(key), &options, number(case, "now"), false);
        match (result, expected_result(case)) {
            (Err(error), _) if handed_to_full_core(&error, key) => {}
            (Ok(json), Ok(Some(expected))) => assert!(json_equal(&json, expected), "{name}: {json} != {expected}"),
            (Err(error), Err(expected)) => assert_error(&name, &error, &expected),
            (actual, expected) => panic!("{name}: got {actual:?}, expected {:?}", expected.map_err(|e| e.keys())),
        }
    }
}

#[test]
#[wasm_bindgen_test]
fn decode_vectors() {
    let all = cases(DECODE);
    assert!(all.len() >= 40);
    for case in &all {
        let name = string(case, "name");
        let options = object(case, "options");
        let flag = |n: &str| options.get(n) == Some(Value::Bool(true));
        let token = string(case, "token");
        let result = decode(&token, flag("json"))
            .map(|d| d.map(|d| if flag("complete") { d.complete_json() } else { d.payload.to_json() }));
        match (result, expected_result(case)) {
            // decode() returns null both for "no token" and for a JSON `null` payload.
            (Ok(None), Ok(None)) => {}
            (Ok(Some(json)), Ok(None)) if json == "null" => {}
            (Ok(Some(json)), Ok(Some(expected))) => {
                assert!(json_equal(&json, expected), "{name}: {json} != {expected}")
            }
            (Err(error), Err(expected)) => assert_error(&name, &error, &expected),
            (actual, expected) => panic!("{name}: got {actual:?}, expected {:?}", expected.map_err(|e| e.keys())),
        }
    }
}

#[test]
#[wasm_bindgen_test]
fn iso_dates_match_javascript() {
    assert_eq!(iso_date(0.0), "1970-01-01T00:00:00.000Z");
    assert_eq!(iso_date(1_700_000_000.0), "2023-11-14T22:13:20.000Z");
    assert_eq!(iso_date(951_782_400.5), "2000-02-29T00:00:00.500Z");
}
