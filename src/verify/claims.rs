//! The claim checks of jsonwebtoken 9's `verify.js`, after the signature and in its order:
//! nbf → exp → aud → iss → sub → jti → nonce → maxAge, with its messages' renderings of the
//! expected values (`String(value)`, `Array.prototype.join`).

use super::{VerifyOption as O, VerifyRequest};
use crate::error::Error;
use crate::json::{write, Value};
use crate::options::regexp_source;
use crate::timespan::{self, Span};

/// The claim checks of `verify.js`, in its order (nbf, exp, aud, iss, sub, jti, nonce, maxAge),
/// over the verified payload's claims (`claim(name)`: `payload[name]`).
pub(super) fn check<'c>(claim: &dyn Fn(&str) -> Option<Value<'c>>, request: &VerifyRequest<'_>) -> Result<(), Error> {
    let &VerifyRequest { plan, now, regexp_audience_matched, .. } = request;
    let clock = match plan.get(O::ClockTimestamp) {
        Some(Value::Number(t)) if t != 0.0 => t,
        _ => now,
    };
    // `options.clockTolerance || 0`, read only where jsonwebtoken reads it.
    let tolerance = || match plan.get(O::ClockTolerance).filter(Value::is_truthy) {
        None => Ok(0.0),
        Some(Value::Number(t)) => Ok(t),
        Some(_) => Err(Error::VerifyOptionInvalid("\"clockTolerance\" must be a number of seconds")),
    };

    if let (Some(nbf), false) = (claim("nbf"), plan.is_truthy(O::IgnoreNotBefore)) {
        let Value::Number(nbf) = nbf else {
            return Err(Error::NotBeforeInvalid);
        };
        if nbf > clock + tolerance()? {
            return Err(Error::NotActive(nbf));
        }
    }
    if let (Some(exp), false) = (claim("exp"), plan.is_truthy(O::IgnoreExpiration)) {
        let Value::Number(exp) = exp else {
            return Err(Error::ExpirationInvalid);
        };
        if clock >= exp + tolerance()? {
            return Err(Error::Expired(exp));
        }
    }
    if let Some(audience) = plan.get(O::Audience).filter(Value::is_truthy) {
        let audiences = match audience {
            Value::Array(_) => audience.elements()?,
            single => vec![single],
        };
        let targets: Vec<Option<Value<'_>>> = match claim("aud") {
            Some(aud @ Value::Array(_)) => aud.elements()?.into_iter().map(Some).collect(),
            other => vec![other],
        };
        let matched = regexp_audience_matched
            || targets
                .iter()
                .flatten()
                .any(|t| audiences.iter().any(|a| regexp_source(a).is_none() && a.strict_equals(t)));
        if !matched {
            let expected: Vec<String> = audiences.iter().map(|a| element_string(a)).collect();
            return Err(Error::AudienceMismatch(expected.join(" or ")));
        }
    }
    if let Some(issuer) = plan.get(O::Issuer).filter(Value::is_truthy) {
        let iss = claim("iss");
        let invalid = match issuer {
            Value::String(_) => !iss.is_some_and(|iss| issuer.strict_equals(&iss)),
            Value::Array(_) => !issuer.elements()?.iter().any(|i| iss.is_some_and(|iss| i.strict_equals(&iss))),
            _ => false,
        };
        if invalid {
            return Err(Error::IssuerMismatch(js_string(&issuer)));
        }
    }
    for (option, name, error) in [
        (O::Subject, "sub", Error::SubjectMismatch as fn(String) -> Error),
        (O::Jwtid, "jti", Error::JwtIdMismatch),
        (O::Nonce, "nonce", Error::NonceMismatch),
    ] {
        if let Some(expected) = plan.get(option).filter(Value::is_truthy) {
            if !claim(name).is_some_and(|actual| expected.strict_equals(&actual)) {
                return Err(error(js_string(&expected)));
            }
        }
    }
    if let Some(max_age) = plan.get(O::MaxAge).filter(Value::is_truthy) {
        let Some(Value::Number(iat)) = claim("iat") else {
            return Err(Error::IssuedAtRequired);
        };
        // timespan(maxAge, iat) uses `iat || Date.now()`: the real clock, not clockTimestamp.
        let base = if iat != 0.0 { iat } else { now };
        let span = match max_age {
            Value::Number(n) => Span::Seconds(n),
            Value::String(s) => Span::Text(s.raw()),
            _ => return Err(Error::MaxAgeInvalid),
        };
        let limit = timespan::resolve(span, base).ok_or(Error::MaxAgeInvalid)?;
        if clock >= limit + tolerance()? {
            return Err(Error::MaxAgeExceeded(limit));
        }
    }
    Ok(())
}

/// `String(value)` for a value from JSON (a tagged `RegExp` prints as its source).
fn js_string(value: &Value<'_>) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Array(_) => {
            value.elements().unwrap_or_default().iter().map(element_string).collect::<Vec<_>>().join(",")
        }
        other => element_string(other),
    }
}

/// An element as `Array.prototype.join` prints it (`null` prints as nothing).
fn element_string(value: &Value<'_>) -> String {
    if let Some(source) = regexp_source(value) {
        return source.to_string_lossy();
    }
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => write::number_to_string(*n),
        Value::String(s) => s.to_string_lossy(),
        Value::Array(_) => js_string(value),
        Value::Object(_) => "[object Object]".to_owned(),
    }
}
