//! `sign`: jsonwebtoken 9's `sign.js`, check for check and in the same order, so that the same
//! input gives the same token or the same error.

use crate::algorithm::{family_by_prefix, Algorithm, Family};
use crate::error::{sign_option_message, Error, KeyRole};
use crate::header;
use crate::json::{write, JsonStr, Members, Value};
use crate::key::{self, check, Key, KeyInput};
use crate::options::{object_pairs, Options};
use crate::payload::{self, Encoding};
use crate::signature::host::{self, Host, Outcome};
use crate::timespan::{self, Span};
use crate::{base64url, signature};

/// The payload argument as the JavaScript layer describes it.
#[derive(Debug, Clone, Copy)]
pub enum Payload<'a> {
    /// `undefined`.
    Undefined,
    /// A plain object: `JSON.stringify(payload)` and the [`ClaimShape`] of its time claims.
    Object {
        /// The JSON text.
        json: &'a str,
        /// What JSON cannot say about `iat`/`exp`/`nbf`.
        shape: &'a str,
    },
    /// Any other object (`null`, an array, a `Date`, a class instance).
    NotPlainObject,
    /// A string, number or boolean, as jws's `toString` renders it, with its `typeof`.
    Text {
        /// The rendered text.
        text: &'a str,
        /// `typeof payload`.
        type_name: &'static str,
    },
    /// A function, symbol or bigint: jws cannot turn it into bytes.
    Unsupported {
        /// `typeof payload`.
        type_name: &'static str,
        /// The callback form, where jws's stream meets the payload first.
        streamed: bool,
    },
}

/// What `JSON.stringify` hides about a payload's `iat`, `exp` and `nbf`: a letter for each of
/// them that is an own enumerable property without a finite numeric value, in `Object.keys`
/// order. `i`/`e`/`n`: not a number (or `undefined`); `N`: `iat` is `NaN`; `F`: `iat` is ±∞.
/// Empty for every ordinary payload.
pub type ClaimShape<'a> = &'a str;

/// A signed token, and what jsonwebtoken wrote into the caller's payload object on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Signed {
    /// The compact JWS.
    pub token: String,
    /// For `mutatePayload`.
    pub mutations: Mutations,
}

/// What jsonwebtoken writes into the caller's payload object (`mutatePayload`), in order. It
/// writes as it goes, so a failure after the first write leaves the earlier writes in place:
/// [`sign_recording`] keeps them on failure too.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mutations {
    /// A JSON object of the claims set, for `Object.assign(payload, …)`. Infinite times are
    /// written as `±1e999`, which `JSON.parse` reads back as `±Infinity`, as jsonwebtoken sets them.
    pub claims: String,
    /// `noTimestamp` deleted `iat`.
    pub iat_deleted: bool,
    /// A time span that failed to parse was still assigned: `payload.exp = undefined`.
    pub undefined_claim: Option<&'static str>,
}

/// The options that move into the payload, in jsonwebtoken's `options_to_payload` order.
const OPTION_CLAIMS: [(&str, &str); 4] = [("audience", "aud"), ("issuer", "iss"), ("subject", "sub"), ("jwtid", "jti")];

/// Options jsonwebtoken refuses for string and Buffer payloads, in its order.
const OBJECT_ONLY_OPTIONS: [&str; 7] =
    ["expiresIn", "notBefore", "noTimestamp", "audience", "issuer", "subject", "jwtid"];

/// Signs `payload` with `key` under `options` at time `now` (whole seconds since the epoch).
pub fn sign(payload: Payload<'_>, key_input: KeyInput<'_>, options: &Options<'_>, now: f64) -> Result<Signed, Error> {
    let mut mutations = Mutations::default();
    let token = sign_recording(payload, key_input, options, now, &mut mutations, Host::Absent)?.done()?;
    Ok(Signed { token, mutations })
}

/// [`sign`], recording into `mutations` what jsonwebtoken writes into the payload object, even
/// when a later step fails. With [`Host::Offered`], an asymmetric signature is left to the host
/// ([`Outcome::Ask`], after every check): the token is the signing input and its dot.
pub fn sign_recording(
    payload: Payload<'_>,
    key_input: KeyInput<'_>,
    options: &Options<'_>,
    now: f64,
    mutations: &mut Mutations,
    host: Host,
) -> Result<Outcome, Error> {
    let mut set: Vec<(&str, ClaimValue<'_>)> = Vec::new();
    let result = sign_steps(payload, key_input, options, now, &mut set, mutations, host);
    mutations.claims = claims_object(&set);
    result
}

fn sign_steps<'a>(
    payload: Payload<'_>,
    key_input: KeyInput<'_>,
    options: &Options<'a>,
    now: f64,
    set: &mut Vec<(&'static str, ClaimValue<'a>)>,
    mutations: &mut Mutations,
    host: Host,
) -> Result<Outcome, Error> {
    let is_object = matches!(payload, Payload::Object { .. } | Payload::NotPlainObject);
    let header_option = options.get("header").and_then(|h| object_pairs(&h)).unwrap_or_default();
    // header = Object.assign({ alg: options.algorithm || 'HS256', … }, options.header)
    let alg_value = match header_option.iter().rev().find(|p| p.name.eq_str("alg")) {
        Some(pair) => pair.value,
        None => Some(options.get("algorithm").filter(Value::is_truthy).unwrap_or(Value::String(JsonStr::new("HS256")))),
    };

    let algorithm_option_is_none = options.get("algorithm").and_then(|v| v.as_str()).is_some_and(|s| s.eq_str("none"));
    if !key_input.is_truthy() && !algorithm_option_is_none {
        return Err(Error::SecretMissing);
    }
    let key = key::resolve(key_input, KeyRole::Signing)?;
    // `header.alg.startsWith('HS')`: jsonwebtoken's first use of the header's alg.
    let alg_name = match alg_value {
        Some(Value::String(s)) => s.to_string_lossy(),
        None => return Err(Error::HeaderAlgNotString("undefined")),
        Some(Value::Null) => return Err(Error::HeaderAlgNotString("null")),
        Some(_) => return Err(Error::HeaderAlgNotString("other")),
    };
    match (family_by_prefix(&alg_name), &key) {
        (Some(Family::Hmac), Some(Key::Secret(_))) => {}
        (Some(Family::Hmac), _) => {
            return Err(Error::SymmetricKeyRequired { role: KeyRole::Signing, alg: alg_name });
        }
        (Some(Family::Asymmetric), Some(Key::Private(private))) if !options.is_truthy("allowInsecureKeySizes") => {
            check::check_key_size(&alg_name, Some(private))?;
        }
        (Some(Family::Asymmetric), Some(Key::Private(_))) => {}
        (Some(Family::Asymmetric), _) => {
            return Err(Error::AsymmetricKeyRequired { role: KeyRole::Signing, alg: alg_name });
        }
        _ => {}
    }

    let members = match payload {
        Payload::Undefined => return Err(Error::PayloadRequired),
        Payload::NotPlainObject => return Err(Error::NotPlainObject("payload")),
        Payload::Object { json, shape } => {
            check_claim_shape(shape)?;
            Some(Members::parse(json).map_err(|_| Error::BoundaryFormat)?)
        }
        Payload::Text { type_name, .. } | Payload::Unsupported { type_name, .. } => {
            reject_object_only_options(options, type_name)?;
            None
        }
    };
    let has_claim = |name: &str| members.as_ref().is_some_and(|m| m.has(name));
    if has_claim("exp") && options.is_defined("expiresIn") {
        return Err(Error::OptionDuplicatesTimeClaim { option: "expiresIn", claim: "exp" });
    }
    if has_claim("nbf") && options.is_defined("notBefore") {
        return Err(Error::OptionDuplicatesTimeClaim { option: "notBefore", claim: "nbf" });
    }
    validate_options(options)?;
    if !options.is_truthy("allowInvalidAsymmetricKeyTypes") {
        check::validate_asymmetric_key(&alg_name, key.as_ref())?;
    }

    // const timestamp = payload.iat || Math.floor(Date.now() / 1000);
    let shape = match payload {
        Payload::Object { shape, .. } => shape,
        _ => "",
    };
    let timestamp = if shape.contains('F') {
        f64::INFINITY
    } else {
        match members.as_ref().and_then(|m| m.get("iat")) {
            Some(Value::Number(iat)) if iat != 0.0 => iat,
            _ => now,
        }
    };
    let no_timestamp = options.is_truthy("noTimestamp");
    if no_timestamp {
        mutations.iat_deleted = true;
    } else if is_object {
        set.push(("iat", ClaimValue::Number(timestamp)));
    }
    // payload.nbf = timespan(…): assigned even when undefined, then checked.
    for (option, claim, applies) in [("notBefore", "nbf", true), ("expiresIn", "exp", is_object)] {
        let Some(span) = options.get(option).filter(|_| applies) else {
            continue;
        };
        match span_of(&span).and_then(|s| timespan::resolve(s, timestamp)) {
            Some(time) => set.push((claim, ClaimValue::Number(time))),
            None => {
                mutations.undefined_claim = Some(claim);
                return Err(Error::TimespanInvalid(option));
            }
        }
    }
    for (option, claim) in OPTION_CLAIMS {
        if let Some(value) = options.get(option) {
            if has_claim(claim) {
                return Err(Error::OptionDuplicatesClaim { option, claim });
            }
            set.push((claim, ClaimValue::Json(value)));
        }
    }

    // jws: jwa(header.alg), then the header and payload texts, then Buffer.from(…, encoding).
    // jws's stream form (the callback form) meets an unusable payload first, when it starts.
    if let Payload::Unsupported { type_name, streamed: true } = payload {
        return Err(Error::PayloadUnsupported { type_name, streamed: true });
    }
    let Some(algorithm) = Algorithm::from_name(&alg_name) else {
        return Err(Error::AlgorithmUnknown(alg_name));
    };
    // alg is a string by now; the header option's own `alg` (if any) overrides it in place.
    let alg = alg_value.unwrap_or(Value::Null);
    let header_json = header::build(alg, is_object, options.get("keyid"), &header_option);
    let payload_text = match (&payload, &members) {
        (Payload::Object { json, .. }, Some(members)) => rewrite_claims(json, members, set, no_timestamp),
        (Payload::Text { text, .. }, _) => (*text).to_owned(),
        (Payload::Unsupported { type_name, .. }, _) => {
            return Err(Error::PayloadUnsupported { type_name, streamed: false });
        }
        _ => return Err(Error::PayloadRequired),
    };
    let encoding = match options.get("encoding") {
        Some(Value::String(name)) if !name.is_empty() => Encoding::from_name(&name.to_string_lossy())?,
        _ => Encoding::Utf8,
    };
    let payload_bytes = payload::encode(&payload_text, encoding);

    let mut token = Vec::new();
    let signature_len = 88; // HS512: 86 characters, plus the two dots
    let capacity = base64url::encoded_len(header_json.len())
        .saturating_add(base64url::encoded_len(payload_bytes.len()))
        .saturating_add(signature_len);
    let _ = token.try_reserve(capacity);
    base64url::encode_into(&mut token, &header::latin1_bytes(&header_json));
    token.push(b'.');
    base64url::encode_into(&mut token, &payload_bytes);
    if let Some(request) = host::sign_request(host, algorithm, key.as_ref(), &token) {
        return Ok(Outcome::Ask(request));
    }
    let mut signature = Vec::with_capacity(signature_len);
    signature::sign_into(&mut signature, algorithm, key.as_ref(), &token)?;
    token.push(b'.');
    token.extend_from_slice(&signature);
    // Every byte is base64url or a dot.
    let token = String::from_utf8(token).map_err(|_| Error::BoundaryFormat)?;
    Ok(Outcome::Done(token))
}

/// A claim value jsonwebtoken assigns: a computed time or an option's value.
#[derive(Debug, Clone, Copy)]
enum ClaimValue<'a> {
    Number(f64),
    Json(Value<'a>),
}

fn push_claim(out: &mut String, name: &str, value: &ClaimValue<'_>) {
    write::push_string(out, name);
    out.push(':');
    match value {
        ClaimValue::Number(n) => write::push_number(out, *n),
        ClaimValue::Json(v) => write::push_value(out, v),
    }
}

/// The payload text after jsonwebtoken's assignments: existing members keep their place
/// (`payload.iat = …` on an existing key), new ones are appended in assignment order, and
/// `noTimestamp` deletes `iat`.
fn rewrite_claims(json: &str, members: &Members<'_>, set: &[(&str, ClaimValue<'_>)], no_timestamp: bool) -> String {
    let mut out = String::with_capacity(json.len().saturating_add(64));
    // The usual case: no claim to replace or delete, so the text is kept and the claims appended.
    let replaces = set.iter().any(|(name, _)| members.has(name)) || (no_timestamp && members.has("iat"));
    if let (false, Some(body)) = (replaces, json.strip_suffix('}')) {
        out.push_str(body);
        for (i, (name, value)) in set.iter().enumerate() {
            if i > 0 || members.iter().next().is_some() {
                out.push(',');
            }
            push_claim(&mut out, name, value);
        }
        out.push('}');
        return out;
    }
    out.push('{');
    let mut first = true;
    let mut separator = |out: &mut String| {
        if !first {
            out.push(',');
        }
        first = false;
    };
    let mut written: Vec<&str> = Vec::new();
    for member in members.iter() {
        if no_timestamp && member.key.eq_str("iat") {
            continue;
        }
        if let Some((name, value)) = set.iter().find(|(name, _)| member.key.eq_str(name)) {
            if written.contains(name) {
                continue;
            }
            written.push(name);
            separator(&mut out);
            push_claim(&mut out, name, value);
        } else {
            separator(&mut out);
            out.push_str(member.raw);
        }
    }
    for (name, value) in set {
        if !written.contains(name) {
            separator(&mut out);
            push_claim(&mut out, name, value);
        }
    }
    out.push('}');
    out
}

/// The claims as a JSON object for `Object.assign(payload, JSON.parse(…))`: unlike the token,
/// infinite times stay infinite (`1e999` parses as `Infinity`).
fn claims_object(set: &[(&str, ClaimValue<'_>)]) -> String {
    let mut out = String::from("{");
    for (i, (name, value)) in set.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match value {
            ClaimValue::Number(n) if n.is_infinite() => {
                write::push_string(&mut out, name);
                out.push_str(if *n > 0.0 { ":1e999" } else { ":-1e999" });
            }
            _ => push_claim(&mut out, name, value),
        }
    }
    out.push('}');
    out
}

fn check_claim_shape(shape: ClaimShape<'_>) -> Result<(), Error> {
    for letter in shape.chars() {
        match letter {
            'i' => return Err(Error::ClaimNotNumber("iat")),
            'e' => return Err(Error::ClaimNotNumber("exp")),
            'n' => return Err(Error::ClaimNotNumber("nbf")),
            _ => {}
        }
    }
    Ok(())
}

fn reject_object_only_options(options: &Options<'_>, payload_type: &'static str) -> Result<(), Error> {
    let given: Vec<&'static str> = OBJECT_ONLY_OPTIONS.into_iter().filter(|o| options.is_defined(o)).collect();
    if given.is_empty() {
        Ok(())
    } else {
        Err(Error::OptionsNeedObjectPayload { options: given, payload_type })
    }
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

fn span_of<'a>(value: &Value<'a>) -> Option<Span<'a>> {
    match value {
        Value::Number(n) => Some(Span::Seconds(*n)),
        Value::String(s) => Some(Span::Text(s.raw())),
        _ => None,
    }
}
