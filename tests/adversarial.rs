//! The adversarial corpus (`js-tests/vectors/adversarial.json`, made by
//! `js-tests/vectors/generate-adversarial.mjs`): tokens built to get past a verifier, each with
//! the reason it must fail and the error jsonwebtoken 9.0.3 refuses it with (or, where
//! rtc-token deliberately differs, rtc-token's). Run natively and under wasm: not one may be
//! accepted, and each must be refused with the expected class and message. Every token is
//! also decoded, which must not panic whatever it holds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use rtc_token::{decode, verify, verify_access_token, Error, KeyInput, KeySource, Members, Options, TokenInput, Value};
use wasm_bindgen_test::wasm_bindgen_test;

mod common;
use common::*;

const CORPUS: &str = include_str!("../js-tests/vectors/adversarial.json");

/// A token spec as its text: a string, or `{ "pieces": [...] }` (strings and
/// `{ "repeat": text, "times": n }`, concatenated).
fn token_text(case: &Members<'_>) -> String {
    match case.get("token").unwrap() {
        Value::String(s) => s.to_string_lossy(),
        Value::Object(raw) => {
            let spec = Members::parse(raw).unwrap();
            let mut out = String::new();
            for piece in spec.get("pieces").unwrap().elements().unwrap() {
                match piece {
                    Value::String(s) => out.push_str(&s.to_string_lossy()),
                    Value::Object(raw) => {
                        let repeat = Members::parse(raw).unwrap();
                        out.push_str(&string(&repeat, "repeat").repeat(number(&repeat, "times") as usize));
                    }
                    other => panic!("piece {other:?}"),
                }
            }
            out
        }
        other => panic!("token {other:?}"),
    }
}

/// The key bytes a case names and how the JavaScript layer would hand them over.
fn key_of(keys: &Members<'_>, case: &Members<'_>) -> (String, Vec<u8>) {
    let spec = object(case, "key");
    let form = string(&spec, "as");
    let bytes = if spec.has("ref") {
        string(keys, &string(&spec, "ref")).into_bytes()
    } else if spec.has("value") {
        string(&spec, "value").into_bytes()
    } else {
        Vec::new()
    };
    (form, bytes)
}

fn key_input<'a>(form: &str, bytes: &'a [u8]) -> KeyInput<'a> {
    match form {
        "string" => KeyInput::Text(bytes),
        "buffer" => KeyInput::Bytes(bytes),
        _ => KeyInput::Absent,
    }
}

#[test]
#[wasm_bindgen_test]
fn adversarial_corpus_is_refused() {
    let top = Members::parse(CORPUS).unwrap();
    let keys = object(&top, "keys");
    let cases = top.get("cases").unwrap().elements().unwrap();
    assert!(cases.len() >= 1500, "{} cases", cases.len());
    let (mut verified, mut room_side) = (0, 0);
    for case in &cases {
        let Value::Object(raw) = case else { panic!("a case is not an object") };
        let case = Members::parse(raw).unwrap();
        let name = string(&case, "name");
        assert!(!string(&case, "reason").is_empty(), "{name}: no reason");
        let token = token_text(&case);
        let input = if token.is_empty() { TokenInput::Missing } else { TokenInput::Text(&token) };
        let (form, bytes) = key_of(&keys, &case);
        let wire = options_wire(&object(&case, "options"));
        let options = Options::parse(&wire).unwrap();
        let now = number(&case, "now");
        let expected = object(&object(&case, "expected"), "error");

        // decode must take any of these apart without panicking.
        let _ = decode(&token, false);
        let _ = decode(&token, true).map(|d| d.map(|d| d.complete_json()));

        match string(&case, "op").as_str() {
            "verify" => {
                let key = key_input(&form, &bytes);
                let result = verify(input, KeySource::Given(key), &options, now, false);
                let error = result.err().unwrap_or_else(|| panic!("{name}: ACCEPTED"));
                verified += 1;
                if handed_to_full_core(&error, key) {
                    continue;
                }
                assert_error(&name, &error, &expected);
            }
            "access" => {
                let key = key_input(&form, &bytes);
                let result = verify_access_token(input, key, &options, now);
                let error = result.err().unwrap_or_else(|| panic!("{name}: ACCEPTED"));
                room_side += 1;
                if handed_to_full_core(&error, key) {
                    continue;
                }
                assert_error(&name, &error, &expected);
                let Error::AccessRefused(inner) = error else { panic!("{name}: not a refusal: {error:?}") };
                assert_error(&format!("{name} (inner)"), &inner, &object(&expected, "inner"));
            }
            other => panic!("{name}: op {other}"),
        }
    }
    assert!(verified >= 1400 && room_side >= 30, "{verified} verify, {room_side} room-side cases");
}
