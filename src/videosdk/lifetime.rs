//! How long an access token may live: the room-side check's `maxLifetime` rule. jsonwebtoken has
//! no such rule (its verify accepts a token without `exp` forever, and one with `exp: 1e400`,
//! which `JSON.parse` reads as `Infinity`, too), so it runs after jsonwebtoken's own verify: an
//! expired token still reports `jwt expired`, a malformed `exp` still `invalid exp value`.
//!
//! The rule: `exp` must be a finite number, and neither `exp - now` (what is left of the token's
//! life) nor, when `iat` is a number, `exp - iat` (the life it was issued with) may exceed
//! `maxLifetime`. The limit is seconds as a number, or a time span in the `ms` grammar that
//! jsonwebtoken's `expiresIn` reads (`"24h"`, `"90m"`; a unit-less string is milliseconds).

use crate::error::Error;
use crate::json::{write, Members, Value};
use crate::timespan;

/// `maxLifetime` when the options do not give it: 24 hours, in seconds. VideoSDK's own examples
/// mint tokens for 120 minutes.
pub const DEFAULT_MAX_LIFETIME: f64 = 86_400.0;

/// The `maxLifetime` option in seconds: [`DEFAULT_MAX_LIFETIME`] when undefined; a number of
/// seconds or an `ms` time span, finite and not negative. Anything else (NaN and the infinities
/// arrive as `null` from JavaScript) is a usage error, [`Error::AccessCheckOptionInvalid`].
pub(super) fn read_max_lifetime(value: Option<Value<'_>>) -> Result<f64, Error> {
    let seconds = match value {
        None => return Ok(DEFAULT_MAX_LIFETIME),
        Some(Value::Number(seconds)) => Some(seconds),
        Some(Value::String(text)) => timespan::milliseconds(&text.to_string_lossy()).map(|ms| ms / 1000.0),
        Some(_) => None,
    };
    match seconds {
        Some(seconds) if seconds.is_finite() && seconds >= 0.0 => Ok(seconds),
        _ => Err(Error::AccessCheckOptionInvalid("maxLifetime")),
    }
}

/// Checks the token's `exp` (and `iat`) against `max_lifetime` seconds at `now`; the claims are
/// those jsonwebtoken's verify has already accepted.
pub(super) fn check_lifetime(claims: &Members<'_>, now: f64, max_lifetime: f64) -> Result<(), Error> {
    let exp = match claims.get("exp") {
        Some(Value::Number(exp)) if exp.is_finite() => exp,
        Some(Value::Number(_)) => return Err(Error::ExpirationNotFinite),
        // verify refuses an `exp` that is not a number: only an absent one gets here.
        _ => return Err(Error::ExpirationRequired),
    };
    let limit = || write::number_to_string(max_lifetime);
    if exp - now > max_lifetime {
        return Err(Error::RemainingLifetimeExceeded(limit()));
    }
    match claims.get("iat") {
        Some(Value::Number(iat)) if exp - iat > max_lifetime => Err(Error::IssuedLifetimeExceeded(limit())),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const NOW: f64 = 1_700_000_000.0;

    fn check(claims: &str, max_lifetime: f64) -> Result<(), Error> {
        check_lifetime(&Members::parse(claims).unwrap(), NOW, max_lifetime)
    }

    fn read(option: &str) -> Result<f64, Error> {
        read_max_lifetime(Some(crate::json::read::parse_value(option).unwrap()))
    }

    #[test]
    #[wasm_bindgen_test]
    fn exp_is_required_and_finite() {
        assert_eq!(check("{}", DEFAULT_MAX_LIFETIME), Err(Error::ExpirationRequired));
        assert_eq!(check(r#"{"iat":1700000000}"#, DEFAULT_MAX_LIFETIME), Err(Error::ExpirationRequired));
        assert_eq!(check(r#"{"exp":1e400}"#, DEFAULT_MAX_LIFETIME), Err(Error::ExpirationNotFinite));
        // The last of duplicated members is the claim, as JSON.parse keeps it.
        assert_eq!(check(r#"{"exp":1700000060,"exp":1e400}"#, DEFAULT_MAX_LIFETIME), Err(Error::ExpirationNotFinite));
        assert_eq!(check(r#"{"exp":1e400,"exp":1700000060}"#, DEFAULT_MAX_LIFETIME), Ok(()));
        assert_eq!(Error::ExpirationRequired.to_string(), r#"the token has no "exp": access tokens must expire"#);
        assert_eq!(
            Error::ExpirationNotFinite.to_string(),
            r#"the token's "exp" is not a finite number: access tokens must expire"#
        );
    }

    #[test]
    #[wasm_bindgen_test]
    fn remaining_and_issued_lifetimes_are_bounded() {
        let day = DEFAULT_MAX_LIFETIME;
        assert_eq!(check(r#"{"exp":1700086400}"#, day), Ok(()), "exactly the limit is not beyond it");
        let beyond = check(r#"{"exp":1700086401}"#, day).unwrap_err();
        assert_eq!(beyond, Error::RemainingLifetimeExceeded("86400".into()));
        assert_eq!(
            beyond.to_string(),
            r#"the token's "exp" is more than 86400 seconds from now, the longest lifetime this service accepts (maxLifetime)"#
        );
        // Issued for 25 hours an hour ago: 24 hours left, but the life it was given is too long.
        let issued = check(r#"{"iat":1699996400,"exp":1700086400}"#, day).unwrap_err();
        assert_eq!(
            issued.to_string(),
            r#"the token's "exp" is more than 86400 seconds after its "iat", the longest lifetime this service accepts (maxLifetime)"#
        );
        assert_eq!(check(r#"{"iat":1699996400,"exp":1700082800}"#, day), Ok(()));
        // An iat that is not a number is jsonwebtoken's business (only maxAge reads it): not this rule's.
        assert_eq!(check(r#"{"iat":"long ago","exp":1700000060}"#, day), Ok(()));
        assert_eq!(
            check(r#"{"iat":-1e400,"exp":1700000060}"#, day),
            Err(Error::IssuedLifetimeExceeded("86400".into()))
        );
        // The limit as JavaScript prints it.
        assert_eq!(check(r#"{"exp":1700000002}"#, 1.5), Err(Error::RemainingLifetimeExceeded("1.5".into())));
        assert_eq!(check(r#"{"exp":1700000001}"#, 0.0), Err(Error::RemainingLifetimeExceeded("0".into())));
    }

    #[test]
    #[wasm_bindgen_test]
    fn max_lifetime_reads_seconds_and_time_spans() {
        assert_eq!(read_max_lifetime(None), Ok(86_400.0));
        assert_eq!(read("3600"), Ok(3600.0));
        assert_eq!(read("0"), Ok(0.0));
        assert_eq!(read("0.5"), Ok(0.5));
        assert_eq!(read(r#""90m""#), Ok(5400.0));
        assert_eq!(read(r#""2 days""#), Ok(172_800.0));
        assert_eq!(read(r#""1500""#), Ok(1.5), "a unit-less span is milliseconds, as in ms");
        let invalid = Err(Error::AccessCheckOptionInvalid("maxLifetime"));
        for option in ["-1", "-0.5", r#""-1h""#, r#""""#, r#""soon""#, r#""1e3""#, "null", "true", "[]", "{}", "1e400"]
        {
            assert_eq!(read(option), invalid, "{option}");
        }
        assert_eq!(
            Error::AccessCheckOptionInvalid("maxLifetime").to_string(),
            r#""maxLifetime" should be a non-negative number of seconds or string representing a timespan eg: "1d", "20h", 60"#
        );
    }
}
