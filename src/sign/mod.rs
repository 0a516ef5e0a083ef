//! `sign`: jsonwebtoken 9's `sign.js`, check for check and in the same order, so that the same
//! input gives the same token or the same error.
//!
//! One call is one [`SignRequest`]: the boundary builds it once from the arguments and hands it
//! down, [`sign`] builds it from an options object. The options are read once into a
//! [`SignPlan`] (`plan.rs`); the payload text gets jsonwebtoken's claim assignments in
//! `claims.rs`, and its bytes in the `encoding` option in `payload.rs`.

mod claims;
mod payload;
mod plan;

pub use plan::SignPlan;

use claims::{ClaimValue, Set};

use crate::algorithm::{family_by_prefix, Family};
use crate::error::{Error, KeyRole};
use crate::json::{Members, Value};
use crate::key::{self, check, Key, KeyInput};
use crate::options::Options;
use crate::signature::delegated::{self, Host, Outcome};
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
/// Empty for an ordinary payload; [`UNNAMED`] for an ordinary payload that names none of the
/// registered claims.
pub type ClaimShape<'a> = &'a str;

/// The shape of a payload whose JSON text has none of `iat`, `exp`, `nbf`, `aud`, `iss`, `sub`
/// and `jti` as a member (the JavaScript layer reads each as `undefined`, and no `toJSON`
/// stands in for the object): sign then has nothing to look up in the text and does not parse
/// it, only appends the claims it sets.
pub const UNNAMED: ClaimShape<'static> = "-";

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
/// [`sign_with`] records them on failure too.
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

/// One call of `sign` (or of `generateToken`, which ends in it): the arguments as the JavaScript
/// layer describes them, the plan of the options, the clock and what the host offers. Built once,
/// on the caller's stack, and borrowed by every step: it copies no argument.
///
/// ```
/// use rtc_token::{sign_with, Host, KeyInput, Options, Payload, SignPlan, SignRequest};
/// let plan = SignPlan::new(&Options::parse(r#"[["expiresIn",60]]"#).unwrap());
/// let request = SignRequest {
///     payload: Payload::Object { json: r#"{"sub":"a"}"#, shape: "" },
///     key: KeyInput::Text(b"secret"),
///     plan: &plan,
///     now: 1_700_000_000.0,
///     host: Host::Absent,
/// };
/// let token = sign_with(&request, None).unwrap().done().unwrap();
/// assert!(token.starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct SignRequest<'a> {
    /// The payload argument.
    pub payload: Payload<'a>,
    /// The key argument (`secretOrPrivateKey`).
    pub key: KeyInput<'a>,
    /// The options, read once ([`SignPlan::new`]; `generateToken`'s own plan for that call).
    pub plan: &'a SignPlan,
    /// The clock: whole seconds since the epoch (jsonwebtoken's `Math.floor(Date.now() / 1000)`).
    pub now: f64,
    /// What the host offers for asymmetric signatures ([`Host::Absent`]: everything is done here).
    pub host: Host,
}

/// Signs `payload` with `key` under `options` at time `now` (whole seconds since the epoch):
/// [`sign_with`] for a caller that has the options object rather than a plan, and no host.
pub fn sign(payload: Payload<'_>, key: KeyInput<'_>, options: &Options<'_>, now: f64) -> Result<Signed, Error> {
    let plan = SignPlan::new(options);
    let request = SignRequest { payload, key, plan: &plan, now, host: Host::Absent };
    let mut mutations = Mutations::default();
    let token = sign_with(&request, Some(&mut mutations))?.done()?;
    Ok(Signed { token, mutations })
}

/// Signs as `request` says. `mutations`, when given, receives what jsonwebtoken writes into the
/// payload object, even when a later step fails (`None` when nobody reads them: no
/// `mutatePayload`). With [`Host::Offered`], an asymmetric signature is left to the host
/// ([`Outcome::Ask`], after every check): what it is asked to sign is the token so far, header
/// and payload.
pub fn sign_with(request: &SignRequest<'_>, mutations: Option<&mut Mutations>) -> Result<Outcome, Error> {
    sign_prepared(request, Prepared::default(), mutations)
}

/// What `generateToken` hands `sign` besides the request (nothing, for `sign` itself).
#[derive(Default)]
pub(crate) struct Prepared<'a> {
    /// The payload's members, parsed for its rules (`None`: `sign` parses them if it needs them).
    pub(crate) members: Option<Members<'a>>,
    /// The call's own `jti` text, when the plan asks for a fresh one.
    pub(crate) jti: Option<&'a str>,
}

/// [`sign_with`], with what `generateToken` has prepared.
pub(crate) fn sign_prepared<'a>(
    request: &SignRequest<'a>,
    prepared: Prepared<'a>,
    mutations: Option<&mut Mutations>,
) -> Result<Outcome, Error> {
    let mut set = Set::default();
    let mut written = Mutations::default();
    let result = steps(request, prepared, &mut set, &mut written);
    if let Some(mutations) = mutations {
        written.claims = claims::object(set.as_slice());
        *mutations = written;
    }
    result
}

/// The steps of `sign.js`, in its order, recording into `set` the claims assigned and into
/// `mutations` the rest of what jsonwebtoken writes into the payload object.
fn steps<'a>(
    request: &SignRequest<'a>,
    prepared: Prepared<'a>,
    set: &mut Set<'a>,
    mutations: &mut Mutations,
) -> Result<Outcome, Error> {
    let &SignRequest { payload, key: key_input, plan, now, host } = request;
    let Prepared { members, jti } = prepared;
    let is_object = matches!(payload, Payload::Object { .. } | Payload::NotPlainObject);
    if !key_input.is_truthy() && !plan.algorithm_option_is_none {
        return Err(Error::SecretMissing);
    }
    let key = key::resolve(key_input, KeyRole::Signing)?;
    // `header.alg.startsWith('HS')`: jsonwebtoken's first use of the header's alg.
    let alg_name = plan.alg.as_deref().map_err(|kind| Error::HeaderAlgNotString(kind))?;
    match (family_by_prefix(alg_name), &key) {
        (Some(Family::Hmac), Some(Key::Secret(_))) => {}
        (Some(Family::Hmac), _) => {
            return Err(Error::SymmetricKeyRequired { role: KeyRole::Signing, alg: alg_name.to_owned() });
        }
        (Some(Family::Asymmetric), Some(Key::Private(private))) if !plan.allow_insecure_key_sizes => {
            check::check_key_size(alg_name, Some(private))?;
        }
        (Some(Family::Asymmetric), Some(Key::Private(_))) => {}
        (Some(Family::Asymmetric), _) => {
            return Err(Error::AsymmetricKeyRequired { role: KeyRole::Signing, alg: alg_name.to_owned() });
        }
        _ => {}
    }

    let members = match (payload, members) {
        (Payload::Undefined, _) => return Err(Error::PayloadRequired),
        (Payload::NotPlainObject, _) => return Err(Error::NotPlainObject("payload")),
        (Payload::Object { shape, .. }, Some(members)) => {
            check_claim_shape(shape)?;
            Some(members)
        }
        (Payload::Object { shape: UNNAMED, .. }, None) => None,
        (Payload::Object { json, shape }, None) => {
            check_claim_shape(shape)?;
            Some(Members::parse(json).map_err(|_| Error::BoundaryFormat)?)
        }
        (Payload::Text { type_name, .. } | Payload::Unsupported { type_name, .. }, _) => {
            if !plan.object_only_options.is_empty() {
                let options = plan.object_only_options.clone();
                return Err(Error::OptionsNeedObjectPayload { options, payload_type: type_name });
            }
            None
        }
    };
    let has_claim = |name: &str| members.as_ref().is_some_and(|m| m.has(name));
    if plan.expires_in_defined && has_claim("exp") {
        return Err(Error::OptionDuplicatesTimeClaim { option: "expiresIn", claim: "exp" });
    }
    if plan.not_before_defined && has_claim("nbf") {
        return Err(Error::OptionDuplicatesTimeClaim { option: "notBefore", claim: "nbf" });
    }
    plan.validation.clone()?;
    // Secrets always pass: only an asymmetric key is looked at (and only then compiled).
    if !plan.allow_invalid_asymmetric_key_types && key.as_ref().and_then(Key::asymmetric).is_some() {
        check::validate_asymmetric_key(alg_name, key.as_ref())?;
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
    if plan.no_timestamp {
        mutations.iat_deleted = true;
    } else if is_object {
        set.push("iat", ClaimValue::Number(timestamp));
    }
    // payload.nbf = timespan(…): assigned even when undefined, then checked.
    let expires_in = match plan.default_expires_in {
        Some(default) if plan.expires_in.is_none() && !has_claim("exp") => Some(Ok(default)),
        _ => plan.expires_in,
    };
    for (option, claim, span) in [("notBefore", "nbf", plan.not_before), ("expiresIn", "exp", expires_in)] {
        let Some(span) = span.filter(|_| is_object || claim == "nbf") else {
            continue;
        };
        match span {
            Ok(offset) => set.push(claim, ClaimValue::Number(offset.after(timestamp))),
            Err(()) => {
                mutations.undefined_claim = Some(claim);
                return Err(Error::TimespanInvalid(option));
            }
        }
    }
    for (claim, option, json) in &plan.claims {
        if has_claim(claim) {
            return Err(Error::OptionDuplicatesClaim { option, claim });
        }
        let json = match jti {
            Some(fresh) if *claim == "jti" && plan.fresh_jti => fresh,
            _ => json.as_str(),
        };
        set.push(claim, ClaimValue::Json(json));
    }

    // jws: jwa(header.alg), then the header and payload texts, then Buffer.from(…, encoding).
    // jws's stream form (the callback form) meets an unusable payload first, when it starts.
    if let Payload::Unsupported { type_name, streamed: true } = payload {
        return Err(Error::PayloadUnsupported { type_name, streamed: true });
    }
    let Some(algorithm) = plan.algorithm else {
        return Err(Error::AlgorithmUnknown(alg_name.to_owned()));
    };
    let header = if is_object { &plan.header_for_object } else { &plan.header_for_text };
    let payload_text = match (&payload, &members) {
        (Payload::Object { json, .. }, Some(members)) => {
            claims::rewrite(json, members, set.as_slice(), plan.no_timestamp)
        }
        // JSON.stringify's text: `{}` or `{…}`, no space around.
        (Payload::Object { json, .. }, None) => {
            let body = json.strip_suffix('}').ok_or(Error::BoundaryFormat)?;
            claims::append(body, body.len() > 1, set.as_slice())
        }
        (Payload::Text { text, .. }, _) => (*text).to_owned(),
        (Payload::Unsupported { type_name, .. }, _) => {
            return Err(Error::PayloadUnsupported { type_name, streamed: false });
        }
        _ => return Err(Error::PayloadRequired),
    };
    let encoding = plan.encoding.clone()?;
    let payload_bytes = payload::encode(&payload_text, encoding);

    let mut token = Vec::new();
    let signature_len = 88; // HS512: 86 characters, plus the two dots
    let capacity =
        header.len().saturating_add(base64url::encoded_len(payload_bytes.len())).saturating_add(signature_len);
    let _ = token.try_reserve(capacity);
    token.extend_from_slice(header);
    token.push(b'.');
    base64url::encode_into(&mut token, &payload_bytes);
    if let Some(request) = delegated::sign_request(host, algorithm, key.as_ref(), &token) {
        return Ok(Outcome::Ask(request));
    }
    let signature = signature::sign(algorithm, key.as_ref(), &token)?;
    token.push(b'.');
    base64url::encode_into(&mut token, signature.as_slice());
    // Every byte is base64url or a dot.
    let token = String::from_utf8(token).map_err(|_| Error::BoundaryFormat)?;
    Ok(Outcome::Done(token))
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
