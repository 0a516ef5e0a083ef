//! The asymmetric vectors (`js-tests/vectors/asymmetric.json`: RS/PS/ES from npm jsonwebtoken
//! 9.0.3, EdDSA and bare JWKs from jose, with their key fixtures) against the Rust core,
//! natively and under wasm. Keys are rebuilt exactly as the JavaScript layer sends them.
//! The HMAC-only core (`--no-default-features`) runs them too: every case gives the vector's
//! result, or its sentinel where a key must be parsed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use rtc_token::{sign, verify, KeyInput, KeySource, Members, Options, Payload, TokenInput, Value};
use wasm_bindgen_test::wasm_bindgen_test;

mod common;
use common::*;

const FILE: &str = include_str!("../js-tests/vectors/asymmetric.json");

/// The bytes a key spec stands for, and the code the JavaScript layer gives them.
fn key_bytes(keys: &Members<'_>, key: &Members<'_>) -> (String, Vec<u8>) {
    let form = string(key, "as");
    let file = |key: &Members<'_>| string(keys, &string(key, "ref"));
    let bytes = match form.as_str() {
        "string" | "buffer" => file(key).into_bytes(),
        "private-keyobject" | "public-keyobject" => base64_standard(&string(key, "der")),
        "jwk" => compact(&file(key)).into_bytes(),
        "spec" => {
            let mut bytes = string(key, "head").into_bytes();
            bytes.push(b'\n');
            bytes.extend(base64_standard(&string(key, "tail")));
            bytes
        }
        "secret" => string(key, "value").into_bytes(),
        _ => Vec::new(),
    };
    (form, bytes)
}

fn key_input<'a>(form: &str, bytes: &'a [u8]) -> KeyInput<'a> {
    match form {
        "string" | "secret" => KeyInput::Text(bytes),
        "buffer" => KeyInput::Bytes(bytes),
        "private-keyobject" => KeyInput::PrivateKeyObject(bytes),
        "public-keyobject" => KeyInput::PublicKeyObject(bytes),
        "jwk" => KeyInput::Jwk(bytes),
        "spec" => KeyInput::Described(bytes),
        _ => KeyInput::Absent,
    }
}

#[test]
#[wasm_bindgen_test]
fn asymmetric_vectors() {
    let top = Members::parse(FILE).unwrap();
    let keys = object(&top, "keys");
    let cases = top.get("cases").unwrap().elements().unwrap();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    let (mut signed, mut verified) = (0, 0);
    for case in &cases {
        let Value::Object(raw) = case else { panic!("case") };
        let case = Members::parse(raw).unwrap();
        let name = string(&case, "name");
        let wire = options_wire(&object(&case, "options"));
        let options = Options::parse(&wire).unwrap();
        let now = match case.get("now") {
            Some(Value::Number(n)) => n,
            _ => panic!("{name}: now"),
        };
        let key_spec = object(&case, "key");
        let (form, bytes) = key_bytes(&keys, &key_spec);
        let expected = object(&case, "expected");
        if string(&case, "op") == "sign" {
            signed += 1;
            let payload_json = string(&case, "payload");
            let payload = Payload::Object { json: &payload_json, shape: "" };
            let key = key_input(&form, &bytes);
            let result = sign(payload, key, &options, now);
            if result.as_ref().is_err_and(|error| handed_to_full_core(error, key)) {
                continue;
            }
            if expected.has("error") {
                assert_error(&name, &result.unwrap_err(), &object(&expected, "error"));
            } else if expected.has("token") {
                assert_eq!(
                    result.unwrap_or_else(|e| panic!("{name}: {e:?}")).token,
                    string(&expected, "token"),
                    "{name}"
                );
            } else {
                // PS*/ES*: randomized. Same header and payload bytes; the signature must verify
                // with the key's public half (a private PEM gives it to verify).
                let token = result.unwrap_or_else(|e| panic!("{name}: {e}")).token;
                let input = string(&expected, "signingInput");
                assert!(token.starts_with(&format!("{input}.")), "{name}: {token}");
                let pem;
                let public = if form.ends_with("keyobject") {
                    pem = string(&keys, &string(&key_spec, "ref")).into_bytes();
                    KeyInput::Text(&pem)
                } else {
                    key_input(&form, &bytes)
                };
                let verified = verify(TokenInput::Text(&token), KeySource::Given(public), &options_none(), now, false);
                assert!(verified.is_ok(), "{name}: {verified:?}");
            }
        } else {
            verified += 1;
            let token = string(&case, "token");
            let key = key_input(&form, &bytes);
            let result = verify(TokenInput::Text(&token), KeySource::Given(key), &options, now, false);
            if result.as_ref().is_err_and(|error| handed_to_full_core(error, key)) {
                continue;
            }
            if expected.has("error") {
                assert_error(&name, &result.unwrap_err(), &object(&expected, "error"));
            } else {
                let json = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                let want = expected.iter().find(|m| m.key.eq_str("result")).map(|m| compact(m.value_raw)).unwrap();
                assert_eq!(json, want, "{name}");
            }
        }
    }
    assert!(signed >= 60 && verified >= 60, "{signed} sign, {verified} verify cases");
}

fn options_none() -> Options<'static> {
    Options::parse(r#"[["algorithms",["RS256","RS384","RS512","PS256","PS384","PS512","ES256","ES384","ES512"]]]"#)
        .unwrap()
}
