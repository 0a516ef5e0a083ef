//! `sign`: jsonwebtoken 9's `sign.js`, check for check and in the same order, so that the same
//! input gives the same token or the same error.

mod plan;

pub use plan::SignPlan;

use crate::algorithm::{family_by_prefix, Family};
use crate::error::{Error, KeyRole};
use crate::json::{write, Members, Value};
use crate::key::{self, check, Key, KeyInput};
use crate::options::Options;
use crate::payload;
use crate::signature::host::{self, Host, Outcome};
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
    sign_planned(&SignPlan::new(options), payload, key_input, now, Some(mutations), host)
}

/// [`sign_recording`] with the options already read into a plan (the boundary keeps plans
/// between calls); `mutations`: `None` when nobody reads them (no `mutatePayload`).
pub fn sign_planned(
    plan: &SignPlan,
    payload: Payload<'_>,
    key_input: KeyInput<'_>,
    now: f64,
    mutations: Option<&mut Mutations>,
    host: Host,
) -> Result<Outcome, Error> {
    sign_parsed(plan, payload, None, None, key_input, now, mutations, host)
}

/// [`sign_planned`] for a payload whose members the caller has parsed already, with the call's
/// own `jti` text when the plan asks for a fresh one (`generateToken`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn sign_parsed(
    plan: &SignPlan,
    payload: Payload<'_>,
    members: Option<Members<'_>>,
    jti: Option<&str>,
    key_input: KeyInput<'_>,
    now: f64,
    mutations: Option<&mut Mutations>,
    host: Host,
) -> Result<Outcome, Error> {
    let mut set = Set::default();
    let mut written = Mutations::default();
    let call = Call { plan, payload, members, jti, key_input, now, host };
    let result = call.steps(&mut set, &mut written);
    if let Some(mutations) = mutations {
        written.claims = claims_object(set.as_slice());
        *mutations = written;
    }
    result
}

/// One call of `sign`: the plan of its options and what it was given.
struct Call<'a, 'p> {
    plan: &'p SignPlan,
    payload: Payload<'a>,
    members: Option<Members<'a>>,
    jti: Option<&'p str>,
    key_input: KeyInput<'a>,
    now: f64,
    host: Host,
}

impl<'p> Call<'_, 'p> {
    fn steps(self, set: &mut Set<'p>, mutations: &mut Mutations) -> Result<Outcome, Error> {
        let Call { plan, payload, members, jti, key_input, now, host } = self;
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
                rewrite_claims(json, members, set.as_slice(), plan.no_timestamp)
            }
            // JSON.stringify's text: `{}` or `{…}`, no space around.
            (Payload::Object { json, .. }, None) => {
                let body = json.strip_suffix('}').ok_or(Error::BoundaryFormat)?;
                append_claims(body, body.len() > 1, set.as_slice())
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
        if let Some(request) = host::sign_request(host, algorithm, key.as_ref(), &token) {
            return Ok(Outcome::Ask(request));
        }
        let signature = signature::sign(algorithm, key.as_ref(), &token)?;
        token.push(b'.');
        base64url::encode_into(&mut token, signature.as_slice());
        // Every byte is base64url or a dot.
        let token = String::from_utf8(token).map_err(|_| Error::BoundaryFormat)?;
        Ok(Outcome::Done(token))
    }
}

/// The claims sign sets, in jsonwebtoken's order: at most `iat`, `nbf`, `exp`, `aud`, `iss`, `sub`,
/// `jti`. Held on the stack: every token needs two or three.
struct Set<'p> {
    items: [(&'static str, ClaimValue<'p>); 7],
    len: usize,
}

impl Default for Set<'_> {
    fn default() -> Self {
        Set { items: [("", ClaimValue::Number(0.0)); 7], len: 0 }
    }
}

impl<'p> Set<'p> {
    fn push(&mut self, claim: &'static str, value: ClaimValue<'p>) {
        // Seven claims at most, each set once: there is always a slot.
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = (claim, value);
            self.len += 1;
        }
    }

    fn as_slice(&self) -> &[(&'static str, ClaimValue<'p>)] {
        self.items.get(..self.len).unwrap_or_default()
    }
}

/// A claim value jsonwebtoken assigns: a computed time or an option's value.
#[derive(Debug, Clone, Copy)]
enum ClaimValue<'a> {
    Number(f64),
    /// JSON text, as written.
    Json(&'a str),
}

fn push_claim(out: &mut String, name: &str, value: &ClaimValue<'_>) {
    // A registered claim's name: plain ASCII, written as it is (nothing to escape).
    out.push('"');
    out.push_str(name);
    out.push_str("\":");
    match value {
        ClaimValue::Number(n) => write::push_number(out, *n),
        ClaimValue::Json(json) => out.push_str(json),
    }
}

/// The payload text after jsonwebtoken's assignments: existing members keep their place
/// (`payload.iat = …` on an existing key), new ones are appended in assignment order, and
/// `noTimestamp` deletes `iat`.
fn rewrite_claims(json: &str, members: &Members<'_>, set: &[(&str, ClaimValue<'_>)], no_timestamp: bool) -> String {
    // The usual case: no claim to replace or delete, so the text is kept and the claims appended.
    let replaces = set.iter().any(|(name, _)| members.has(name)) || (no_timestamp && members.has("iat"));
    if let (false, Some(body)) = (replaces, json.strip_suffix('}')) {
        return append_claims(body, members.iter().next().is_some(), set);
    }
    let mut out = String::with_capacity(json.len().saturating_add(64));
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

/// An object's text without its closing brace (`body`, which has members when `has_members`),
/// with `set` appended and the object closed.
fn append_claims(body: &str, has_members: bool, set: &[(&str, ClaimValue<'_>)]) -> String {
    let mut out = String::with_capacity(body.len().saturating_add(64));
    out.push_str(body);
    for (i, (name, value)) in set.iter().enumerate() {
        if i > 0 || has_members {
            out.push(',');
        }
        push_claim(&mut out, name, value);
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
