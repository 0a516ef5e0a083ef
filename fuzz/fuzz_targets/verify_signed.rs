//! `verify` past the signature: the fuzzer writes the header, the payload and the options,
//! the target signs them with HS256, so every claim check and option is reached. Oracles: a
//! token is accepted only when its header's `alg` is exactly "HS256", and never with another
//! secret.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use rtc_token::{decode, verify, KeyInput, KeySource, Options, TokenInput};

fuzz_target!(|data: &[u8]| {
    let pieces = common::pieces(data);
    let header = pieces.first().map_or("", String::as_str);
    let payload = pieces.get(1).map_or("", String::as_str);
    let wire = pieces.get(2).map_or("[]", String::as_str);
    let Ok(options) = Options::parse(wire) else { return };
    let token = common::hs256_token(header, payload, common::SECRET);
    let key = KeySource::Given(KeyInput::Text(common::SECRET));
    if verify(TokenInput::Text(&token), key, &options, common::NOW, false).is_ok() {
        let alg = decode(&token, false)
            .ok()
            .flatten()
            .and_then(|d| d.alg().and_then(|a| a.as_str()).map(|a| a.to_string_lossy()));
        assert_eq!(alg.as_deref(), Some("HS256"), "accepted a header without alg HS256: {header:?}");
    }
    let wrong = KeySource::Given(KeyInput::Text(b"another-secret"));
    assert!(
        verify(TokenInput::Text(&token), wrong, &options, common::NOW, false).is_err(),
        "accepted with the wrong secret"
    );
});
