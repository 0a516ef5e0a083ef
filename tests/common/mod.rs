//! Helpers shared by the vector harnesses. Vector files are read with the crate's own JSON
//! reader (so the wasm run needs nothing else), and options are rebuilt exactly as
//! `pkg-template/boundary/describe.mjs` sends them.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use rtc_token::{base64url_decode_lenient, Error, KeyInput, Members, Value};

/// The member `name`, which must be an object.
pub fn object<'a>(members: &Members<'a>, name: &str) -> Members<'a> {
    match members.get(name) {
        Some(Value::Object(raw)) => Members::parse(raw).unwrap(),
        other => panic!("{name} is not an object: {other:?}"),
    }
}

/// The member `name`, which must be a string.
pub fn string(members: &Members<'_>, name: &str) -> String {
    members.get(name).and_then(|v| v.as_str()).map(|s| s.to_string_lossy()).unwrap()
}

/// The member `name`, which must be a number.
pub fn number(members: &Members<'_>, name: &str) -> f64 {
    match members.get(name) {
        Some(Value::Number(n)) => n,
        other => panic!("{name} is not a number: {other:?}"),
    }
}

/// JSON text without the whitespace between tokens, as `JSON.stringify` writes it (the vector
/// files are pretty-printed).
pub fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if !c.is_ascii_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

/// What the JavaScript layer sends for an options object: `[[name, value], …]` in key order, a
/// plain-object value (the `header`) as `{"$pairs": [[name, value], …]}`.
pub fn options_wire(options: &Members<'_>) -> String {
    pairs_wire(options, true)
}

fn pairs_wire(members: &Members<'_>, top_level: bool) -> String {
    let pairs: Vec<String> = members
        .iter()
        .map(|m| {
            let value = match m.value {
                Value::Object(raw) if top_level => {
                    format!("{{\"$pairs\":{}}}", pairs_wire(&Members::parse(raw).unwrap(), false))
                }
                _ => compact(m.value_raw),
            };
            format!("[\"{}\",{}]", m.key.raw(), value)
        })
        .collect();
    format!("[{}]", pairs.join(","))
}

/// Node's `Buffer.from(text, 'base64')` for the standard alphabet with padding.
pub fn base64_standard(text: &str) -> Vec<u8> {
    base64url_decode_lenient(text.trim_end_matches('=')).unwrap()
}

/// True when `actual` is the HMAC-only core's sentinel (`cargo test --no-default-features`) for a
/// key the full core would have to parse: its only allowed difference from the full core, which
/// the default run checks against the same vector. A sentinel for a plain secret fails the test,
/// and the full core never gives one.
pub fn handed_to_full_core(actual: &Error, key: KeyInput<'_>) -> bool {
    if !matches!(actual, Error::AsymmetricUnavailable(_)) {
        return false;
    }
    if cfg!(feature = "asymmetric") {
        panic!("the full core gave the HMAC-only sentinel for {key:?}");
    }
    let parsed = match key {
        KeyInput::Text(bytes) | KeyInput::Bytes(bytes) => bytes.windows(11).any(|w| w == b"-----BEGIN "),
        KeyInput::PrivateKeyObject(_) | KeyInput::PublicKeyObject(_) | KeyInput::Jwk(_) | KeyInput::Described(_) => {
            true
        }
        KeyInput::Absent | KeyInput::SecretKeyObject(_) | KeyInput::Invalid { .. } => false,
    };
    assert!(parsed, "the HMAC-only core refused a key it can read: {key:?}");
    true
}

/// The JavaScript class an error is thrown as, with its `expiredAt`/`date` in seconds.
pub fn class_name(error: &Error) -> (&'static str, Option<f64>) {
    let class = error.class();
    (class.name(), class.time())
}

/// Asserts that `actual` is the error a vector expects: class, message (except for
/// SyntaxError, whose text is the runtime's own), and `expiredAt`/`date` when given.
pub fn assert_error(name: &str, actual: &Error, expected: &Members<'_>) {
    let (class, at) = class_name(actual);
    assert_eq!(class, string(expected, "name"), "{name}: class of {actual:?}");
    if class != "SyntaxError" {
        assert_eq!(actual.to_string(), string(expected, "message"), "{name}: message");
    }
    for field in ["expiredAt", "date"] {
        if expected.has(field) {
            let seconds = at.unwrap_or_else(|| panic!("{name}: {field} expected on {actual:?}"));
            assert_eq!(iso_date(seconds), string(expected, field), "{name}: {field}");
        }
    }
}

/// `new Date(seconds * 1000).toISOString()` for whole and fractional seconds; `Invalid Date`
/// where JavaScript's Date has no time (NaN, ±Infinity, beyond ±8.64e15 ms).
pub fn iso_date(seconds: f64) -> String {
    if (seconds * 1000.0).is_nan() || (seconds * 1000.0).abs() > 8.64e15 {
        return "Invalid Date".to_owned();
    }
    let millis = (seconds * 1000.0).round() as i64;
    let (days, ms_of_day) = (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
    // Days since 1970-01-01 → civil date (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // toISOString: six digits and a sign outside 0000-9999.
    let year = match year {
        0..=9999 => format!("{year:04}"),
        _ if year < 0 => format!("-{:06}", -year),
        _ => format!("+{year:06}"),
    };
    format!(
        "{year}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1000 % 60,
        ms_of_day % 1000
    )
}
