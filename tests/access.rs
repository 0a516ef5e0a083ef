//! The room-side check's vectors (`js-tests/vectors/access.json`: tokens signed by npm
//! jsonwebtoken 9.0.3, verdicts from the access-token rules and the lifetime policy, by
//! `generate-access.mjs`), and its generateToken vectors (the payloads VideoSDK's docs show,
//! signed by jsonwebtoken), asserted against the Rust core natively and under wasm
//! (`wasm-pack test --node`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use rtc_token::{generate_token, verify_access_token, Error, KeyInput, Members, Options, Payload, TokenInput, Value};
use wasm_bindgen_test::wasm_bindgen_test;

mod common;
use common::*;

const ACCESS: &str = include_str!("../js-tests/vectors/access.json");

#[test]
#[wasm_bindgen_test]
fn room_side_check_vectors() {
    let file = Members::parse(ACCESS).unwrap();
    let secret = string(&file, "secret");
    let cases = file.get("cases").unwrap().elements().unwrap();
    assert!(cases.len() >= 60);
    let (mut accepted, mut refused, mut usage) = (0, 0, 0);
    for case in &cases {
        let Value::Object(raw) = case else { panic!("a case is not an object") };
        let case = Members::parse(raw).unwrap();
        let name = string(&case, "name");
        let token = string(&case, "token");
        let wire = options_wire(&object(&case, "options"));
        let options = Options::parse(&wire).unwrap();
        let input = if token.is_empty() { TokenInput::Missing } else { TokenInput::Text(&token) };
        let result = verify_access_token(input, KeyInput::Text(secret.as_bytes()), &options, number(&case, "now"));
        let expected = object(&case, "expected");
        if expected.has("usage") {
            // A usage error is returned as it is, never wrapped as a refusal.
            let error = result.err().unwrap_or_else(|| panic!("{name}: accepted"));
            assert_error(&name, &error, &object(&expected, "usage"));
            assert!(!matches!(error, Error::AccessRefused(_)), "{name}: a refusal");
            usage += 1;
        } else if expected.has("claims") {
            let access = result.unwrap_or_else(|e| panic!("{name}: refused: {e:?}"));
            let Some(Value::Object(claims)) = expected.get("claims") else { panic!("{name}: claims") };
            assert_eq!(access.claims, compact(claims), "{name}: claims");
            assert_eq!(access.join.name(), string(&expected, "join"), "{name}: join");
            assert_eq!(Some(Value::Bool(access.moderate)), expected.get("moderate"), "{name}: moderate");
            accepted += 1;
        } else {
            let error = result.err().unwrap_or_else(|| panic!("{name}: accepted"));
            assert_eq!(error.to_string(), string(&expected, "refused"), "{name}");
            assert_eq!(class_name(&error).0, "JsonWebTokenError", "{name}");
            let Error::AccessRefused(inner) = error else { panic!("{name}: not a refusal: {error:?}") };
            let want = object(&expected, "inner");
            let (class, at) = class_name(&inner);
            assert_eq!(class, string(&want, "name"), "{name}: inner class");
            assert_eq!(inner.to_string(), string(&want, "message"), "{name}: inner message");
            if want.has("at") {
                assert_eq!(at, Some(number(&want, "at")), "{name}: inner time");
            }
            refused += 1;
        }
    }
    assert!(accepted >= 20 && refused >= 30 && usage >= 5, "{accepted} accepted, {refused} refused, {usage} usage");
}

#[test]
#[wasm_bindgen_test]
fn generate_token_signs_the_docs_payloads_as_jsonwebtoken() {
    let file = Members::parse(ACCESS).unwrap();
    let secret = string(&file, "secret");
    let vectors = file.get("generate").unwrap().elements().unwrap();
    assert!(vectors.len() >= 2);
    for vector in &vectors {
        let Value::Object(raw) = vector else { panic!("a vector is not an object") };
        let vector = Members::parse(raw).unwrap();
        let name = string(&vector, "name");
        let Some(Value::Object(payload)) = vector.get("payload") else { panic!("{name}: payload") };
        let json = compact(payload);
        let wire = options_wire(&object(&vector, "options"));
        let options = Options::parse(&wire).unwrap();
        let signed = generate_token(
            Payload::Object { json: &json, shape: "" },
            KeyInput::Text(secret.as_bytes()),
            &options,
            number(&vector, "now"),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(signed.token, string(&vector, "token"), "{name}");
    }
}
