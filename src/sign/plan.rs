//! What a `sign` options object decides on its own, read once.
//!
//! jsonwebtoken reads the options again on every call: the header's `alg`, the validators, the
//! time spans, the claims that options add. None of that depends on the payload or the key, and
//! servers pass the same options on every call, so [`SignPlan::new`] reads them once and the
//! boundary keeps the plan for the next call with the same options text. `sign` then makes its
//! checks in jsonwebtoken's order, taking each option-only answer (a value or an error) from the
//! plan at the step where jsonwebtoken would have computed it.

use super::payload::Encoding;
use crate::algorithm::Algorithm;
use crate::base64url;
use crate::error::{sign_option_message, Error};
use crate::header;
use crate::json::{write, JsonStr, Value};
use crate::options::{object_pairs, Options};
use crate::timespan::{self, Offset, Span};

/// Options jsonwebtoken refuses for string and Buffer payloads, in its order.
const OBJECT_ONLY_OPTIONS: [&str; 7] =
    ["expiresIn", "notBefore", "noTimestamp", "audience", "issuer", "subject", "jwtid"];

/// The options that move into the payload, in jsonwebtoken's `options_to_payload` order.
const OPTION_CLAIMS: [(&str, &str); 4] = [("audience", "aud"), ("issuer", "iss"), ("subject", "sub"), ("jwtid", "jti")];

/// A time-span option as jsonwebtoken assigns it: read, or unreadable (`TimespanInvalid` at the
/// point of assignment).
pub(crate) type SpanOption = Option<Result<Offset, ()>>;

/// Everything `sign` takes from one options object (see the module docs).
#[derive(Debug, Clone)]
pub struct SignPlan {
    /// `header.alg` (`options.header.alg`, else `options.algorithm || 'HS256'`): its name, or
    /// what it is instead of a string (`HeaderAlgNotString`).
    pub(crate) alg: Result<String, &'static str>,
    /// The algorithm of that name, when there is one.
    pub(crate) algorithm: Option<Algorithm>,
    /// `options.algorithm === 'none'`: no key needed.
    pub(crate) algorithm_option_is_none: bool,
    pub(crate) allow_insecure_key_sizes: bool,
    pub(crate) allow_invalid_asymmetric_key_types: bool,
    /// The object-only options given, refused for string and Buffer payloads.
    pub(crate) object_only_options: Vec<&'static str>,
    pub(crate) expires_in_defined: bool,
    pub(crate) not_before_defined: bool,
    /// jsonwebtoken's `validateOptions`.
    pub(crate) validation: Result<(), Error>,
    pub(crate) no_timestamp: bool,
    pub(crate) not_before: SpanOption,
    pub(crate) expires_in: SpanOption,
    /// `aud`, `iss`, `sub`, `jti` from options, in that order: (claim, option, JSON text).
    pub(crate) claims: Vec<(&'static str, &'static str, String)>,
    /// The header's base64url text for object payloads (`typ: 'JWT'`) and for others.
    pub(crate) header_for_object: Vec<u8>,
    pub(crate) header_for_text: Vec<u8>,
    pub(crate) encoding: Result<Encoding, Error>,
    /// generateToken's additions (see `videosdk::generate`): an expiry for payloads without
    /// `exp`, and a fresh uuid in place of the `jti` claim's text on every call.
    pub(crate) default_expires_in: Option<Offset>,
    pub(crate) fresh_jti: bool,
}

impl SignPlan {
    /// Reads `options` as jsonwebtoken's `sign` reads them.
    pub fn new(options: &Options<'_>) -> SignPlan {
        let header_option = options.get("header").and_then(|h| object_pairs(&h)).unwrap_or_default();
        // header = Object.assign({ alg: options.algorithm || 'HS256', … }, options.header)
        let alg_value = match header_option.iter().rev().find(|p| p.name.eq_str("alg")) {
            Some(pair) => pair.value,
            None => {
                Some(options.get("algorithm").filter(Value::is_truthy).unwrap_or(Value::String(JsonStr::new("HS256"))))
            }
        };
        let alg = match alg_value {
            Some(Value::String(s)) => Ok(s.to_string_lossy()),
            None => Err("undefined"),
            Some(Value::Null) => Err("null"),
            Some(_) => Err("other"),
        };
        let algorithm = alg.as_deref().ok().and_then(Algorithm::from_name);
        // The header is built only once alg is known to be a string; the alg option's own text
        // (with the header option's `alg`, if any, overriding it in place).
        let header = |object: bool| {
            let json = header::build(alg_value.unwrap_or(Value::Null), object, options.get("keyid"), &header_option);
            base64url::encode(&header::latin1_bytes(&json)).into_bytes()
        };
        let claims = OPTION_CLAIMS
            .into_iter()
            .filter_map(|(option, claim)| {
                let value = options.get(option)?;
                let mut json = String::new();
                write::push_value(&mut json, &value);
                Some((claim, option, json))
            })
            .collect();
        SignPlan {
            algorithm,
            algorithm_option_is_none: options
                .get("algorithm")
                .and_then(|v| v.as_str())
                .is_some_and(|s| s.eq_str("none")),
            allow_insecure_key_sizes: options.is_truthy("allowInsecureKeySizes"),
            allow_invalid_asymmetric_key_types: options.is_truthy("allowInvalidAsymmetricKeyTypes"),
            object_only_options: OBJECT_ONLY_OPTIONS.into_iter().filter(|o| options.is_defined(o)).collect(),
            expires_in_defined: options.is_defined("expiresIn"),
            not_before_defined: options.is_defined("notBefore"),
            validation: validate_options(options),
            no_timestamp: options.is_truthy("noTimestamp"),
            not_before: span_option(options, "notBefore"),
            expires_in: span_option(options, "expiresIn"),
            claims,
            header_for_object: if alg.is_ok() { header(true) } else { Vec::new() },
            header_for_text: if alg.is_ok() { header(false) } else { Vec::new() },
            encoding: match options.get("encoding") {
                Some(Value::String(name)) if !name.is_empty() => Encoding::from_name(&name.to_string_lossy()),
                _ => Ok(Encoding::Utf8),
            },
            alg,
            default_expires_in: None,
            fresh_jti: false,
        }
    }
}

fn span_option(options: &Options<'_>, name: &str) -> SpanOption {
    let value = options.get(name)?;
    let span = match value {
        Value::Number(n) => Some(Span::Seconds(n)),
        Value::String(s) => Some(Span::Text(s.raw())),
        _ => None,
    };
    Some(span.and_then(timespan::offset).ok_or(()))
}

/// jsonwebtoken's `validateOptions`: a plain object whose every key is known and valid,
/// checked in key order (the first failure wins).
fn validate_options(options: &Options<'_>) -> Result<(), Error> {
    if !options.is_plain() {
        return Err(Error::NotPlainObject("options"));
    }
    for pair in options.pairs() {
        let name = pair.name.to_string_lossy();
        let Some(message) = sign_option_message(&name) else {
            return Err(Error::OptionNotAllowed(name));
        };
        let valid = match (name.as_str(), pair.value) {
            (_, None) => false,
            ("expiresIn" | "notBefore", Some(Value::Number(n))) => is_integer(n),
            ("expiresIn" | "notBefore", Some(Value::String(s))) => !s.is_empty(),
            ("audience", Some(v)) => matches!(v, Value::String(_) | Value::Array(_)),
            ("algorithm", Some(Value::String(s))) => Algorithm::from_name(&s.to_string_lossy()).is_some(),
            ("header", Some(v)) => matches!(v, Value::Object(_)),
            ("encoding" | "issuer" | "subject" | "jwtid" | "keyid", Some(v)) => matches!(v, Value::String(_)),
            ("noTimestamp" | "mutatePayload" | "allowInsecureKeySizes" | "allowInvalidAsymmetricKeyTypes", Some(v)) => {
                matches!(v, Value::Bool(_))
            }
            _ => false,
        };
        if !valid {
            return Err(Error::OptionInvalid(message));
        }
    }
    Ok(())
}

/// lodash `isInteger`: a finite number with no fraction.
fn is_integer(n: f64) -> bool {
    n.is_finite() && n.trunc() == n
}
