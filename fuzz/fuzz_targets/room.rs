//! The room-side check (`verifyAccessToken`) over signed tokens whose payload the fuzzer
//! writes, and over raw token text. Oracles: an accepted token's claims obey the access rules;
//! raw text (no HMAC made with the secret) is never accepted.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use rtc_token::{check_payload, verify_access_token, KeyInput, Options, TokenInput};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let wire = common::ROOM_OPTIONS[usize::from(selector) % common::ROOM_OPTIONS.len()];
    let Ok(options) = Options::parse(wire) else { return };
    let text = String::from_utf8_lossy(rest);
    let signed = common::hs256_token(r#"{"alg":"HS256","typ":"JWT"}"#, &text, common::SECRET);
    let key = KeyInput::Text(common::SECRET);
    if let Ok(access) = verify_access_token(TokenInput::Text(&signed), key, &options, common::NOW) {
        assert!(check_payload(&access.claims).is_ok(), "accepted claims that break the rules: {}", access.claims);
    }
    // Raw fuzz text carries no HMAC made with the secret: it is never accepted.
    assert!(verify_access_token(TokenInput::Text(&text), key, &options, common::NOW).is_err(), "accepted {text:?}");
});
