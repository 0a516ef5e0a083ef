//! `verify` over any token text, with each kind of key and a spread of option sets. A token
//! made from fuzz input carries no valid signature: verify must never accept one.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use rtc_token::{verify, KeySource, Options, TokenInput};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let token = String::from_utf8_lossy(rest);
    let wire = common::VERIFY_OPTIONS[usize::from(selector >> 4) % common::VERIFY_OPTIONS.len()];
    let Ok(options) = Options::parse(wire) else { return };
    let key = common::key(selector & 0x0f);
    let result = verify(TokenInput::Text(&token), KeySource::Given(key), &options, common::NOW, false);
    // Only an unsigned token with "none" listed and no key can pass without a signature.
    if result.is_ok() {
        assert!(token.ends_with('.'), "accepted a token it could not have a signature for: {token:?}");
    }
});
