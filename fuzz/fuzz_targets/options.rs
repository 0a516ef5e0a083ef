//! The options wire format (src/options.rs) over any text, then used by sign, verify,
//! generateToken and the room-side check: whatever crosses the boundary is an error or a
//! result, never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use rtc_token::{
    generate_token, object_pairs, regexp_source, sign, verify, verify_access_token, KeyInput, KeySource, Options,
    Payload, TokenInput,
};

const NAMES: [&str; 12] = [
    "algorithms",
    "audience",
    "issuer",
    "subject",
    "jwtid",
    "maxAge",
    "expiresIn",
    "notBefore",
    "header",
    "clockTolerance",
    "keyid",
    "encoding",
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(options) = Options::parse(&text) else { return };
    for name in NAMES {
        let _ = (options.is_defined(name), options.is_truthy(name));
        if let Some(value) = options.get(name) {
            let _ = object_pairs(&value);
            let _ = regexp_source(&value);
        }
    }
    let key = KeyInput::Text(common::SECRET);
    let payload = || Payload::Object { json: r#"{"apikey":"k","permissions":["allow_join"],"sub":"s"}"#, shape: "" };
    if let Ok(signed) = sign(payload(), key, &options, common::NOW) {
        let _ = verify(TokenInput::Text(&signed.token), KeySource::Given(key), &options, common::NOW, false);
    }
    let _ = generate_token(payload(), key, &options, common::NOW);
    let token = common::hs256_token(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"apikey":"k","permissions":["allow_join"]}"#,
        common::SECRET,
    );
    let _ = verify(TokenInput::Text(&token), KeySource::Given(key), &options, common::NOW, false);
    let _ = verify_access_token(TokenInput::Text(&token), key, &options, common::NOW);
});
