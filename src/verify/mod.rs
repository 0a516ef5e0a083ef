//! `verify`: jsonwebtoken 9's `verify.js`, in its order: options → shape → key → algorithm →
//! signature → nbf → exp → aud → iss → sub → jti → nonce → maxAge.

use crate::algorithm::{family_by_prefix, Algorithm, Family};
use crate::decode::{self, Decoded};
use crate::error::{Error, KeyRole};
use crate::json::{write, Value};
use crate::key::{self, check, Key, KeyInput};
use crate::options::{regexp_source, Options};

mod plan;

use crate::signature;
use crate::signature::host::{self, Check, Host, Outcome};
use crate::timespan::{self, Span};
pub use plan::{VerifyOption, VerifyPlan};
use VerifyOption as O;

/// The token argument as the JavaScript layer describes it.
#[derive(Debug, Clone, Copy)]
pub enum TokenInput<'a> {
    /// A falsy value (`undefined`, `null`, `''`, `0`…).
    Missing,
    /// A truthy value that is not a string.
    NotString,
    /// A string.
    Text(&'a str),
}

/// Where the key comes from.
#[derive(Debug, Clone, Copy)]
pub enum KeySource<'a> {
    /// Given directly (or already delivered by the caller's `getSecret` callback).
    Given(KeyInput<'a>),
    /// A `getSecret` function, but the call is synchronous.
    CallbackWithoutCallback,
    /// `getSecret` reported this error message.
    CallbackFailed(&'a str),
}

/// A verified token: the payload, or with `complete: true` the header, payload and signature,
/// as JSON text.
pub type Verified = String;

/// Verifies `token` at `now` (whole seconds since the epoch, jsonwebtoken's clock).
///
/// `regexp_audience_matched` is the JavaScript layer's answer for `RegExp` audiences (JavaScript
/// regular expressions must run in JavaScript): whether any of them matches any `aud`.
pub fn verify(
    token: TokenInput<'_>,
    key_source: KeySource<'_>,
    options: &Options<'_>,
    now: f64,
    regexp_audience_matched: bool,
) -> Result<Verified, Error> {
    verify_with_host(token, key_source, options, now, regexp_audience_matched, Host::Absent)?.done()
}

/// [`verify`] with a host that may check an asymmetric signature: with [`Host::Offered`] the
/// call stops at the signature ([`Outcome::Ask`], after every earlier check); run again with
/// the host's verdict ([`Host::Checked`]), it finishes from there.
pub fn verify_with_host(
    token: TokenInput<'_>,
    key_source: KeySource<'_>,
    options: &Options<'_>,
    now: f64,
    regexp_audience_matched: bool,
    host: Host,
) -> Result<Outcome, Error> {
    verify_planned(token, key_source, &VerifyPlan::new(options), now, regexp_audience_matched, host)
}

/// [`verify_with_host`] with the options already read into a plan (the boundary keeps plans
/// between calls).
pub fn verify_planned(
    token: TokenInput<'_>,
    key_source: KeySource<'_>,
    options: &VerifyPlan,
    now: f64,
    regexp_audience_matched: bool,
    host: Host,
) -> Result<Outcome, Error> {
    let decoded = prepare_planned(token, options)?;
    let key_input = match key_source {
        KeySource::Given(input) => input,
        KeySource::CallbackWithoutCallback => return Err(Error::SecretCallbackNeedsCallback),
        KeySource::CallbackFailed(message) => return Err(Error::SecretCallbackFailed(message.to_owned())),
    };
    let has_signature = !decoded.signature.is_empty();
    if !has_signature && key_input.is_truthy() {
        return Err(Error::SignatureRequired);
    }
    if has_signature && !key_input.is_truthy() {
        return Err(Error::KeyRequired);
    }
    if !has_signature && !options.is_truthy(O::Algorithms) {
        return Err(Error::NoneNotAllowed);
    }
    let key = key::resolve(key_input, KeyRole::Verifying)?;

    let alg = decoded.alg();
    let allowed = match options.get(O::Algorithms).filter(Value::is_truthy) {
        Some(list @ Value::Array(_)) => list.iter_elements().try_fold(false, |found, a| {
            let a = a?;
            Ok::<_, Error>(found || alg.is_some_and(|alg| a.strict_equals(&alg)))
        })?,
        // jsonwebtoken calls `algorithms.indexOf(alg)`: on a string that is a substring search.
        Some(Value::String(list)) => {
            alg.and_then(|a| a.as_str()).is_some_and(|a| list.to_string_lossy().contains(&a.to_string_lossy()))
        }
        Some(_) => return Err(Error::VerifyOptionInvalid("\"algorithms\" must be an array of algorithm names")),
        None => {
            let defaults = check::default_algorithms(key.as_ref());
            alg.and_then(|a| a.as_str()).is_some_and(|a| defaults.iter().any(|d| a.eq_str(d.name())))
        }
    };
    if !allowed {
        return Err(Error::AlgorithmNotAllowed);
    }
    let alg_name = alg.and_then(|a| a.as_str()).map(|a| a.to_str_lossy()).unwrap_or_default();
    match (family_by_prefix(&alg_name), &key) {
        (Some(_), None) => return Err(Error::UnsignedTokenWithoutKey),
        (Some(Family::Hmac), Some(Key::Secret(_))) => {}
        (Some(Family::Hmac), _) => {
            return Err(Error::SymmetricKeyRequired { role: KeyRole::Verifying, alg: alg_name.into_owned() })
        }
        (Some(Family::Asymmetric), Some(Key::Public(_))) => {}
        (Some(Family::Asymmetric), _) => {
            return Err(Error::AsymmetricKeyRequired { role: KeyRole::Verifying, alg: alg_name.into_owned() })
        }
        _ => {}
    }
    // Secrets always pass: only an asymmetric key is looked at (and only then compiled).
    if !options.is_truthy(O::AllowInvalidAsymmetricKeyTypes) && key.as_ref().and_then(Key::asymmetric).is_some() {
        check::validate_asymmetric_key(&alg_name, key.as_ref())?;
    }
    let algorithm = Algorithm::from_name(&alg_name).ok_or_else(|| Error::AlgorithmUnknown(alg_name.to_string()))?;
    let (input, signature) = (decoded.signing_input, decoded.signature);
    let valid = match host::check(host, algorithm, key.as_ref(), input, signature)? {
        Check::Here => signature::verify(algorithm, key.as_ref(), input.as_bytes(), signature)?,
        Check::Decided(valid) => valid,
        Check::Ask(request) => return Ok(Outcome::Ask(request)),
    };
    if !valid {
        return Err(Error::SignatureInvalid);
    }

    if decoded.payload.is_null() {
        return Err(Error::PayloadNull);
    }
    check_claims(&|name| decoded.claim(name), options, now, regexp_audience_matched)?;
    Ok(Outcome::Done(if options.get(O::Complete) == Some(Value::Bool(true)) {
        decoded.complete_json()
    } else {
        decoded.into_payload_json()
    }))
}

/// The checks before the key is needed: options, token shape, decoding. Their result is the
/// decoded token, whose header a `getSecret` callback receives.
pub fn prepare<'t>(token: TokenInput<'t>, options: &Options<'_>) -> Result<Decoded<'t>, Error> {
    prepare_planned(token, &VerifyPlan::new(options))
}

/// [`prepare`] with the options already read into a plan.
pub fn prepare_planned<'t>(token: TokenInput<'t>, options: &VerifyPlan) -> Result<Decoded<'t>, Error> {
    if let Some(clock) = options.get(O::ClockTimestamp).filter(Value::is_truthy) {
        if !matches!(clock, Value::Number(_)) {
            return Err(Error::ClockTimestampNotNumber);
        }
    }
    if options.is_defined(O::Nonce) {
        match options.get(O::Nonce).and_then(|n| n.as_str()) {
            Some(nonce) if !is_js_blank(&nonce.to_string_lossy()) => {}
            _ => return Err(Error::NonceInvalid),
        }
    }
    if let Some(flag) = options.get(O::AllowInvalidAsymmetricKeyTypes) {
        if !matches!(flag, Value::Bool(_)) {
            return Err(Error::AllowInvalidAsymmetricKeyTypesNotBoolean);
        }
    }
    let token = match token {
        TokenInput::Missing => return Err(Error::TokenMissing),
        TokenInput::NotString => return Err(Error::TokenNotString),
        TokenInput::Text(text) => text,
    };
    if token.bytes().filter(|&b| b == b'.').count() != 2 {
        return Err(Error::TokenMalformed);
    }
    decode::decode(token, false)?.ok_or(Error::TokenInvalid)
}

/// `String.prototype.trim() === ''` with JavaScript's whitespace set.
fn is_js_blank(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(
            c,
            '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
                ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}'
        )
    })
}

fn check_claims<'c>(
    claim: &dyn Fn(&str) -> Option<Value<'c>>,
    options: &VerifyPlan,
    now: f64,
    regexp_audience_matched: bool,
) -> Result<(), Error> {
    let clock = match options.get(O::ClockTimestamp) {
        Some(Value::Number(t)) if t != 0.0 => t,
        _ => now,
    };
    // `options.clockTolerance || 0`, read only where jsonwebtoken reads it.
    let tolerance = || match options.get(O::ClockTolerance).filter(Value::is_truthy) {
        None => Ok(0.0),
        Some(Value::Number(t)) => Ok(t),
        Some(_) => Err(Error::VerifyOptionInvalid("\"clockTolerance\" must be a number of seconds")),
    };

    if let (Some(nbf), false) = (claim("nbf"), options.is_truthy(O::IgnoreNotBefore)) {
        let Value::Number(nbf) = nbf else {
            return Err(Error::NotBeforeInvalid);
        };
        if nbf > clock + tolerance()? {
            return Err(Error::NotActive(nbf));
        }
    }
    if let (Some(exp), false) = (claim("exp"), options.is_truthy(O::IgnoreExpiration)) {
        let Value::Number(exp) = exp else {
            return Err(Error::ExpirationInvalid);
        };
        if clock >= exp + tolerance()? {
            return Err(Error::Expired(exp));
        }
    }
    if let Some(audience) = options.get(O::Audience).filter(Value::is_truthy) {
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
    if let Some(issuer) = options.get(O::Issuer).filter(Value::is_truthy) {
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
        if let Some(expected) = options.get(option).filter(Value::is_truthy) {
            if !claim(name).is_some_and(|actual| expected.strict_equals(&actual)) {
                return Err(error(js_string(&expected)));
            }
        }
    }
    if let Some(max_age) = options.get(O::MaxAge).filter(Value::is_truthy) {
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
