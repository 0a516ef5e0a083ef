//! `decode` (and verify's shape checks) over any text: never a panic, a hang or a runaway
//! allocation, whatever the token holds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rtc_token::{decode, prepare_verify, DecodedPayload, Kind, Members, Options, TokenInput};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for json in [false, true] {
        if let Ok(Some(decoded)) = decode(&text, json) {
            let _ = decoded.complete_json();
            let _ = decoded.payload.to_json();
            // Every claim read through the payload's member index must agree with a fresh parse.
            if let Ok(members) = Members::parse(&decoded.payload.to_json()) {
                for name in ["exp", "nbf", "iat", "aud", "iss", "sub", "jti", "nonce", ""] {
                    if matches!(decoded.payload, DecodedPayload::Json(_, Kind::Object)) {
                        assert_eq!(decoded.claim(name), members.get(name), "{name}");
                    }
                }
            }
            let _ = decoded.alg();
        }
    }
    let _ = prepare_verify(TokenInput::Text(&text), &Options::empty());
});
