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
            let _ = decoded.payload.members();
            let _ = decoded.alg();
        }
    }
    let _ = verify::prepare(TokenInput::Text(&text), &Options::empty());
});
