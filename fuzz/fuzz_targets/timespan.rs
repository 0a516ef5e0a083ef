//! The `ms` time-span grammar (expiresIn, notBefore, maxAge) over any text and base time.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rtc_token::{milliseconds, resolve_timespan, Span};

fuzz_target!(|data: &[u8]| {
    let (base, text) = match data.split_first_chunk::<8>() {
        Some((bytes, rest)) => (f64::from_le_bytes(*bytes), String::from_utf8_lossy(rest)),
        None => (0.0, String::from_utf8_lossy(data)),
    };
    let parsed = milliseconds(&text);
    // ms: `if (str.length > 100) return;`
    if text.encode_utf16().count() > 100 {
        assert_eq!(parsed, None);
    }
    let _ = resolve_timespan(Span::Text(&text), base);
    let _ = resolve_timespan(Span::Seconds(base), base);
});
