//! Time spans as jsonwebtoken reads them: seconds as a number, or the `ms` package's grammar
//! (`"120m"`, `"2 days"`, `"1.5h"`; a unit-less string means milliseconds).

/// A time span option: a number of seconds or text in the `ms` grammar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Span<'a> {
    /// Seconds.
    Seconds(f64),
    /// Text such as `"120m"`.
    Text(&'a str),
}

/// Milliseconds for `text` as the `ms` package (2.1.3) reads it, or `None` where `ms` gives
/// `undefined`.
///
/// ```
/// use rtc_token::milliseconds;
/// assert_eq!(milliseconds("120m"), Some(7_200_000.0));
/// assert_eq!(milliseconds("2 days"), Some(172_800_000.0));
/// assert_eq!(milliseconds("1000"), Some(1000.0));
/// assert_eq!(milliseconds("1 fortnight"), None);
/// ```
pub fn milliseconds(text: &str) -> Option<f64> {
    // ms: `if (str.length > 100) return;` — any text that can match is ASCII, so bytes = units.
    if text.len() > 100 {
        return None;
    }
    // /^(-?(?:\d+)?\.?\d+) *(unit)?$/i
    let bytes = text.as_bytes();
    let mut end = usize::from(bytes.first() == Some(&b'-'));
    let digits_before = count_digits(bytes.get(end..)?);
    end += digits_before;
    let mut number_ok = digits_before > 0;
    if bytes.get(end) == Some(&b'.') {
        let digits_after = count_digits(bytes.get(end + 1..)?);
        number_ok = digits_after > 0;
        end += 1 + digits_after;
    }
    if !number_ok {
        return None;
    }
    let number = number(text.get(..end)?)?;
    let unit = text.get(end..)?.trim_start_matches(' ').to_ascii_lowercase();
    let factor = match unit.as_str() {
        "years" | "year" | "yrs" | "yr" | "y" => DAY * 365.25,
        "weeks" | "week" | "w" => DAY * 7.0,
        "days" | "day" | "d" => DAY,
        "hours" | "hour" | "hrs" | "hr" | "h" => HOUR,
        "minutes" | "minute" | "mins" | "min" | "m" => MINUTE,
        "seconds" | "second" | "secs" | "sec" | "s" => SECOND,
        "milliseconds" | "millisecond" | "msecs" | "msec" | "ms" | "" => 1.0,
        _ => return None,
    };
    Some(number * factor)
}

const SECOND: f64 = 1000.0;
const MINUTE: f64 = SECOND * 60.0;
const HOUR: f64 = MINUTE * 60.0;
const DAY: f64 = HOUR * 24.0;

/// The number part of a span, as `parseFloat` reads it. A whole number of up to 15 digits (every
/// span anyone writes) is read digit by digit, exactly; only a fraction needs the float parser,
/// a large function that a wasm engine then compiles on first use.
fn number(text: &str) -> Option<f64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    if !digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|d| d.is_ascii_digit()) {
        let value = digits.bytes().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) as f64;
        return Some(if negative { -value } else { value });
    }
    text.parse().ok()
}

fn count_digits(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// jsonwebtoken's `lib/timespan.js`: the time `span` after `base` (which is `iat || now`), in
/// seconds; `None` where jsonwebtoken gets `undefined`.
///
/// ```
/// use rtc_token::{resolve_timespan, Span};
/// assert_eq!(resolve_timespan(Span::Text("120m"), 1_700_000_000.0), Some(1_700_007_200.0));
/// assert_eq!(resolve_timespan(Span::Seconds(60.0), 1_700_000_000.0), Some(1_700_000_060.0));
/// assert_eq!(resolve_timespan(Span::Text("soon"), 1_700_000_000.0), None);
/// ```
pub fn resolve(span: Span<'_>, base: f64) -> Option<f64> {
    offset(span).map(|offset| offset.after(base))
}

/// A time span read once, to be added to many bases (a sign plan keeps one per option).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Offset {
    /// A number option: seconds, added as they are.
    Seconds(f64),
    /// A text option, in the milliseconds `ms` gives.
    Milliseconds(f64),
}

impl Offset {
    /// The time this offset after `base`, as [`resolve`] computes it.
    pub fn after(self, base: f64) -> f64 {
        match self {
            // Math.floor(timestamp + milliseconds / 1000): same IEEE operations, same result.
            Offset::Milliseconds(ms) => (base + ms / 1000.0).floor(),
            Offset::Seconds(seconds) => base + seconds,
        }
    }
}

/// `span` read for [`Offset::after`]; `None` where jsonwebtoken's timespan gives `undefined`.
pub fn offset(span: Span<'_>) -> Option<Offset> {
    match span {
        Span::Text(text) => milliseconds(text).map(Offset::Milliseconds),
        Span::Seconds(seconds) => Some(Offset::Seconds(seconds)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn reads_the_ms_grammar() {
        assert_eq!(milliseconds(".5h"), Some(1_800_000.0));
        assert_eq!(milliseconds("-1.5 Hours"), Some(-5_400_000.0));
        assert_eq!(milliseconds("1   y"), Some(31_557_600_000.0));
        assert_eq!(milliseconds("1h "), None);
        assert_eq!(milliseconds("1."), None);
        assert_eq!(milliseconds(""), None);
        assert_eq!(milliseconds("-"), None);
        assert_eq!(milliseconds("-0"), Some(-0.0));
        assert!(milliseconds("-0").unwrap().is_sign_negative(), "as parseFloat('-0')");
        assert_eq!(milliseconds("999999999999999 ms"), Some(999_999_999_999_999.0));
        assert_eq!(milliseconds("9999999999999999"), Some(1e16));
        assert_eq!(milliseconds("007s"), Some(7000.0));
        assert_eq!(milliseconds("1e3"), None);
        assert_eq!(milliseconds(&"1".repeat(101)), None);
        assert!(milliseconds(&"1".repeat(100)).is_some());
    }
}
