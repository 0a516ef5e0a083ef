//! `decode` (and verify's shape checks) over any text: never a panic, a hang or a runaway
//! allocation, whatever the token holds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rtc_token::{decode, verify, Options, TokenInput};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for json in [false, true] {
        if let Ok(Some(decoded)) = decode::decode(&text, json) {
            let _ = decoded.complete_json();
            let _ = decoded.payload.to_json();
            // Every claim read through the payload's member index must agree with a fresh parse.
            if let Ok(members) = rtc_token::json::Members::parse(&decoded.payload.to_json()) {
                for name in ["exp", "nbf", "iat", "aud", "iss", "sub", "jti", "nonce", ""] {
                    if matches!(decoded.payload, decode::DecodedPayload::Json(_, rtc_token::json::Kind::Object)) {
                        assert_eq!(decoded.claim(name), members.get(name), "{name}");
                    }
                }
            }
            let _ = decoded.alg();
        }
    }
    let _ = verify::prepare(TokenInput::Text(&text), &Options::empty());
});
