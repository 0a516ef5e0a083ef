//! `verify`: jsonwebtoken 9's `verify.js`, in its order: options → shape → key → algorithm →
//! signature → nbf → exp → aud → iss → sub → jti → nonce → maxAge.
//!
//! One call is one [`VerifyRequest`]: the boundary builds it once from the arguments and hands it
//! down, [`verify`] builds it from an options object. The options are read once into a
//! [`VerifyPlan`] (`plan.rs`); the claim checks after the signature are in `claims.rs`.

mod claims;
mod plan;

pub use plan::{VerifyOption, VerifyPlan};
use VerifyOption as O;

use crate::algorithm::{family_by_prefix, Algorithm, Family};
use crate::decode::{self, Decoded};
use crate::error::{Error, KeyRole};
use crate::json::Value;
use crate::key::{self, check, Key, KeyInput};
use crate::options::Options;
use crate::signature;
use crate::signature::delegated::{self, Check, Host, Outcome};

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

/// One call of `verify`: the arguments as the JavaScript layer describes them, the plan of the
/// options, the clock, the `RegExp` audiences' verdict and what the host offers or found. Built
/// once, on the caller's stack, and borrowed by every step: it copies no argument.
///
/// ```
/// use rtc_token::{sign, verify_with, Host, KeyInput, KeySource, Options, Payload, TokenInput, VerifyPlan, VerifyRequest};
/// let json = r#"{"sub":"a"}"#;
/// let token = sign(Payload::Object { json, shape: "" }, KeyInput::Text(b"secret"), &Options::empty(), 100.0).unwrap().token;
/// let plan = VerifyPlan::new(&Options::parse(r#"[["algorithms",["HS256"]]]"#).unwrap());
/// let request = VerifyRequest {
///     token: TokenInput::Text(&token),
///     key: KeySource::Given(KeyInput::Text(b"secret")),
///     plan: &plan,
///     now: 100.0,
///     regexp_audience_matched: false,
///     host: Host::Absent,
/// };
/// assert_eq!(verify_with(&request).unwrap().done().unwrap(), r#"{"sub":"a","iat":100}"#);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct VerifyRequest<'a> {
    /// The token argument.
    pub token: TokenInput<'a>,
    /// The key argument (`secretOrPublicKey`), or what became of a `getSecret` callback.
    pub key: KeySource<'a>,
    /// The options, read once ([`VerifyPlan::new`]).
    pub plan: &'a VerifyPlan,
    /// The clock: whole seconds since the epoch (jsonwebtoken's `Math.floor(Date.now() / 1000)`).
    pub now: f64,
    /// The JavaScript layer's answer for `RegExp` audiences (JavaScript regular expressions must
    /// run in JavaScript): whether any of them matches any `aud`.
    pub regexp_audience_matched: bool,
    /// What the host offers for asymmetric signatures, or the verdict it found
    /// ([`Host::Absent`]: everything is checked here).
    pub host: Host,
}

/// Verifies `token` at `now` (whole seconds since the epoch, jsonwebtoken's clock): [`verify_with`]
/// for a caller that has the options object rather than a plan, and no host.
///
/// `regexp_audience_matched`: see [`VerifyRequest::regexp_audience_matched`].
pub fn verify(
    token: TokenInput<'_>,
    key_source: KeySource<'_>,
    options: &Options<'_>,
    now: f64,
    regexp_audience_matched: bool,
) -> Result<Verified, Error> {
    let plan = VerifyPlan::new(options);
    let request =
        VerifyRequest { token, key: key_source, plan: &plan, now, regexp_audience_matched, host: Host::Absent };
    verify_with(&request)?.done()
}

/// Verifies as `request` says. With [`Host::Offered`] the call stops at an asymmetric signature
/// ([`Outcome::Ask`], after every earlier check); run again with the host's verdict
/// ([`Host::Checked`]), it finishes from there.
pub fn verify_with(request: &VerifyRequest<'_>) -> Result<Outcome, Error> {
    let &VerifyRequest { token, key: key_source, plan, host, .. } = request;
    let decoded = prepare_planned(token, plan)?;
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
    if !has_signature && !plan.is_truthy(O::Algorithms) {
        return Err(Error::NoneNotAllowed);
    }
    let key = key::resolve(key_input, KeyRole::Verifying)?;

    let alg = decoded.alg();
    let allowed = match plan.get(O::Algorithms).filter(Value::is_truthy) {
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
    if !plan.is_truthy(O::AllowInvalidAsymmetricKeyTypes) && key.as_ref().and_then(Key::asymmetric).is_some() {
        check::validate_asymmetric_key(&alg_name, key.as_ref())?;
    }
    let algorithm = Algorithm::from_name(&alg_name).ok_or_else(|| Error::AlgorithmUnknown(alg_name.to_string()))?;
    let (input, signature) = (decoded.signing_input, decoded.signature);
    let valid = match delegated::check(host, algorithm, key.as_ref(), input, signature)? {
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
    claims::check(&|name| decoded.claim(name), request)?;
    Ok(Outcome::Done(if plan.get(O::Complete) == Some(Value::Bool(true)) {
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
fn prepare_planned<'t>(token: TokenInput<'t>, options: &VerifyPlan) -> Result<Decoded<'t>, Error> {
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
