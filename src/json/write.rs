//! Writing JSON exactly as `JSON.stringify` writes it, so tokens are byte-identical to
//! npm jsonwebtoken's.

use std::fmt::Write;

use super::Value;

/// Appends `value` as `JSON.stringify` writes a number: `Number.prototype.toString` for finite
/// values (`1e+21`, `1.5e-7`, `-0` → `0`), `null` for `NaN` and the infinities.
pub fn push_number(out: &mut String, value: f64) {
    if !value.is_finite() {
        out.push_str("null");
        return;
    }
    if value == 0.0 {
        out.push('0');
        return;
    }
    // Whole numbers below 2^53 (every timestamp) print as integers: no float formatting needed.
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        push_integer(out, value as i64);
        return;
    }
    push_fraction(out, value);
}

/// A number with a fraction or beyond 2^53, through the float formatter: a function of its own,
/// which a wasm engine compiles only when such a number is first written (see `signature/hmac.rs`).
#[inline(never)]
fn push_fraction(out: &mut String, value: f64) {
    if value < 0.0 {
        out.push('-');
    }
    // `{:e}` prints the shortest digits that round-trip, as ECMAScript's Number::toString
    // requires; only the placement of the point and the exponent differ.
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i64;
    let n = exponent.parse::<i64>().unwrap_or(0) + 1;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let e = n - 1;
        let _ = write!(out, "e{}{}", if e < 0 { '-' } else { '+' }, e.abs());
    }
}

/// Appends a value read from JSON text, as `JSON.stringify` wrote it: strings keep their
/// original escapes and containers their original text, so nothing is re-encoded.
pub fn push_value(out: &mut String, value: &Value<'_>) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => push_number(out, *n),
        Value::String(s) => {
            out.push('"');
            out.push_str(s.raw());
            out.push('"');
        }
        Value::Array(raw) | Value::Object(raw) => out.push_str(raw),
    }
}

/// A whole number's decimal digits, without the formatting machinery (timestamps are written
/// into every token): two digits per step from a table. wasm has no 64-bit multiply-high, so a
/// u64 division by a constant is a real division; a timestamp fits in a u32, whose division
/// compiles to a multiplication.
fn push_integer(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    let mut n = value.unsigned_abs();
    // 2^53 has 16 digits; a u64 at most 20.
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut put = |pair: &[u8]| {
        for &digit in pair.iter().rev() {
            if let Some(slot) = at.checked_sub(1).and_then(|i| digits.get_mut(i)) {
                *slot = digit;
                at -= 1;
            }
        }
    };
    while n >= 100 {
        let (rest, low) = match u32::try_from(n) {
            Ok(small) => (u64::from(small / 100), small % 100),
            Err(_) => (n / 100, (n % 100) as u32),
        };
        put(two_digits(low));
        n = rest;
    }
    // 0..=99: one digit or two.
    let last = two_digits(n as u32);
    put(if n < 10 { last.get(1..).unwrap_or_default() } else { last });
    if let Ok(text) = std::str::from_utf8(digits.get(at..).unwrap_or_default()) {
        out.push_str(text);
    }
}

/// The two decimal digits of `n` (below 100).
fn two_digits(n: u32) -> &'static [u8] {
    const TABLE: &[u8; 200] = b"\
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let at = 2 * (n as usize % 100);
    TABLE.get(at..at + 2).unwrap_or(b"00")
}

/// A number as `String(value)` shows it in messages.
pub fn number_to_string(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    let mut out = String::new();
    push_number(&mut out, value);
    out
}

/// Appends `value` as a JSON string literal, escaped as `JSON.stringify` escapes.
pub fn push_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn number(value: f64) -> String {
        let mut out = String::new();
        push_number(&mut out, value);
        out
    }

    #[test]
    #[wasm_bindgen_test]
    fn numbers_print_as_javascript_prints_them() {
        let cases: [(f64, &str); 25] = [
            (5.0, "5"),
            (99.0, "99"),
            (100.0, "100"),
            (-101.0, "-101"),
            (1_000_000_007.0, "1000000007"),
            (4_294_967_296.0, "4294967296"),
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.0, "-1"),
            (10.0, "10"),
            (-3600.0, "-3600"),
            (9_007_199_254_740_991.0, "9007199254740991"),
            (-9_007_199_254_740_991.0, "-9007199254740991"),
            (1_700_007_200.0, "1700007200"),
            (1.5, "1.5"),
            (-7201.5, "-7201.5"),
            (0.1, "0.1"),
            (1e21, "1e+21"),
            (1.5e21, "1.5e+21"),
            (123456789012345680000.0, "123456789012345680000"),
            (0.000001, "0.000001"),
            (1.5e-7, "1.5e-7"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::NAN, "null"),
        ];
        for (value, expected) in cases {
            assert_eq!(number(value), expected, "{value}");
        }
        assert_eq!(number_to_string(f64::NEG_INFINITY), "-Infinity");
    }

    #[test]
    #[wasm_bindgen_test]
    fn strings_escape_as_json_stringify_does() {
        let mut out = String::new();
        push_string(&mut out, "a\"b\\c\n\u{1b}é/\u{7f}");
        assert_eq!(out, r#""a\"b\\c\n\u001bé/"#.to_owned() + "\u{7f}\"");
    }
}
