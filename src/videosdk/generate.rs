//! `generateToken`: the rules, then exactly `sign`, with two defaults and one convenience.

use crate::error::Error;
use crate::json::{write, JsonStr, Members, Value};
use crate::key::KeyInput;
use crate::options::Options;
use crate::sign::{self, Mutations, Payload, Prepared, SignPlan, SignRequest, Signed};
use crate::signature::delegated::{Host, Outcome};
use crate::timespan::{self, Span};
use crate::uuid;

/// How long a token lives when neither `expiresIn` nor `payload.exp` says: production tokens
/// should be short-lived, and this is what VideoSDK's own examples mint.
pub const DEFAULT_EXPIRES_IN: &str = "120m";

/// Checks `payload` against the access-token rules, then signs it exactly as
/// [`sign::sign`] would with these options, except that:
/// - `expiresIn` defaults to [`DEFAULT_EXPIRES_IN`] when neither `expiresIn` nor `payload.exp`
///   is given (`algorithm` already defaults to `HS256` in `sign`);
/// - `jwtid: true` becomes a fresh random uuid ([`uuid::uuid4`]).
///
/// ```
/// use rtc_token::{decode, generate_token, KeyInput, Options, Payload};
/// let payload = Payload::Object { json: r#"{"apikey":"k","permissions":["allow_join"]}"#, shape: "" };
/// let signed = generate_token(payload, KeyInput::Text(b"secret"), &Options::empty(), 1_700_000_000.0).unwrap();
/// let claims = decode(&signed.token, false).unwrap().unwrap().payload.to_json();
/// assert_eq!(claims, r#"{"apikey":"k","permissions":["allow_join"],"iat":1700000000,"exp":1700007200}"#);
///
/// let no_apikey = Payload::Object { json: r#"{"permissions":["allow_join"]}"#, shape: "" };
/// assert!(generate_token(no_apikey, KeyInput::Text(b"secret"), &Options::empty(), 0.0).is_err());
/// ```
pub fn generate_token(
    payload: Payload<'_>,
    key: KeyInput<'_>,
    options: &Options<'_>,
    now: f64,
) -> Result<Signed, Error> {
    let plan = plan(options);
    let request = SignRequest { payload, key, plan: &plan, now, host: Host::Absent };
    let mut mutations = Mutations::default();
    let token = generate_token_with(&request, Some(&mut mutations))?.done()?;
    Ok(Signed { token, mutations })
}

/// The plan of generateToken's options (see [`SignPlan`]): sign's, with the default expiry for
/// payloads without `exp`, and `jwtid: true` standing for a fresh uuid on every call.
pub fn plan(options: &Options<'_>) -> SignPlan {
    let fresh_jti = matches!(options.get("jwtid"), Some(Value::Bool(true)));
    // jwtid's validator wants a string; each call puts its own uuid in this one's place.
    let stand_in = fresh_jti.then_some(Value::String(JsonStr::new("00000000-0000-4000-8000-000000000000")));
    let mut plan = SignPlan::new(&options.with_replaced("jwtid", stand_in));
    plan.fresh_jti = fresh_jti;
    if !options.is_defined("expiresIn") && options.is_plain() {
        plan.default_expires_in = timespan::offset(Span::Text(DEFAULT_EXPIRES_IN));
    }
    plan
}

/// [`generate_token`] as `request` says, its plan made by [`plan`]: the rules, then
/// [`sign::sign_with`] (which says what `mutations` and the host are for).
pub fn generate_token_with(request: &SignRequest<'_>, mutations: Option<&mut Mutations>) -> Result<Outcome, Error> {
    let Payload::Object { json, .. } = request.payload else {
        return Err(Error::AccessPayloadNotObject);
    };
    let members = Members::parse(json).map_err(|_| Error::AccessPayloadNotObject)?;
    super::rules::check_members(&members)?;
    let jti = match request.plan.fresh_jti {
        true => {
            let mut text = String::with_capacity(38);
            write::push_string(&mut text, &uuid::uuid4()?);
            Some(text)
        }
        false => None,
    };
    sign::sign_prepared(request, Prepared { members: Some(members), jti: jti.as_deref() }, mutations)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::decode;
    use wasm_bindgen_test::wasm_bindgen_test;

    const NOW: f64 = 1_700_000_000.0;
    const SEED: &str = r#"{"apikey":"k","permissions":["allow_join"],"version":2,"roomId":"2kyv-gzay-64pg","participantId":"lxvdplwt","roles":["rtc"]}"#;

    fn object(json: &str) -> Payload<'_> {
        Payload::Object { json, shape: "" }
    }

    fn claims(token: &str) -> String {
        decode(token, false).unwrap().unwrap().payload.to_json()
    }

    fn generate(json: &str, wire: &str) -> Result<String, Error> {
        let options = Options::parse(wire).unwrap();
        generate_token(object(json), KeyInput::Text(b"secret"), &options, NOW).map(|s| s.token)
    }

    fn signed(json: &str, wire: &str) -> String {
        let options = Options::parse(wire).unwrap();
        sign::sign(object(json), KeyInput::Text(b"secret"), &options, NOW).unwrap().token
    }

    #[test]
    #[wasm_bindgen_test]
    fn is_sign_with_the_default_expiry() {
        assert_eq!(generate(SEED, "[]").unwrap(), signed(SEED, r#"[["expiresIn","120m"]]"#));
        assert_eq!(
            generate(SEED, r#"[["expiresIn","24h"],["algorithm","HS512"]]"#).unwrap(),
            signed(SEED, r#"[["expiresIn","24h"],["algorithm","HS512"]]"#)
        );
        let with_exp = r#"{"apikey":"k","permissions":["ask_join"],"exp":1700000100}"#;
        assert_eq!(generate(with_exp, "[]").unwrap(), signed(with_exp, "[]"));
        // Options pass through to sign's own checks.
        assert_eq!(
            generate(SEED, r#"[["expiresIn",1.5]]"#).unwrap_err(),
            Error::OptionInvalid("\"expiresIn\" should be a number of seconds or string representing a timespan")
        );
        assert_eq!(generate(SEED, "null").unwrap_err(), Error::NotPlainObject("options"));
    }

    #[test]
    #[wasm_bindgen_test]
    fn signs_the_docs_payload_as_sign_does() {
        // VideoSDK's docs, verbatim: `crawler` and `rtc` together, which jsonwebtoken signs.
        let docs = r#"{"apikey":"k","permissions":["allow_join"],"version":2,"roomId":"2kyv-gzay-64pg","participantId":"lxvdplwt","roles":["crawler","rtc"]}"#;
        let options = r#"[["expiresIn","120m"],["algorithm","HS256"]]"#;
        assert_eq!(generate(docs, options).unwrap(), signed(docs, options));
        assert_eq!(generate(docs, "[]").unwrap(), signed(docs, options));
    }

    #[test]
    #[wasm_bindgen_test]
    fn rules_come_before_signing() {
        assert_eq!(
            generate(r#"{"apikey":"k","permissions":["x"]}"#, r#"[["algorithm","nope"]]"#).unwrap_err(),
            Error::PermissionUnknown("\"x\"".into())
        );
        let text = Payload::Text { text: "hello", type_name: "string" };
        assert_eq!(
            generate_token(text, KeyInput::Text(b"s"), &Options::empty(), NOW).unwrap_err(),
            Error::AccessPayloadNotObject
        );
    }

    #[test]
    #[wasm_bindgen_test]
    fn jwtid_true_draws_a_uuid_per_call() {
        let a = claims(&generate(SEED, r#"[["jwtid",true]]"#).unwrap());
        let b = claims(&generate(SEED, r#"[["jwtid",true]]"#).unwrap());
        let jti = |c: &str| Members::parse(c).unwrap().get("jti").unwrap().as_str().unwrap().to_string_lossy();
        assert_ne!(jti(&a), jti(&b));
        assert_eq!(jti(&a).len(), 36);
        // A string jwtid, and jwtid: false, are sign's business.
        assert_eq!(
            generate(SEED, r#"[["jwtid","x"]]"#).unwrap(),
            signed(SEED, r#"[["jwtid","x"],["expiresIn","120m"]]"#)
        );
        assert_eq!(
            generate(SEED, r#"[["jwtid",false]]"#).unwrap_err(),
            Error::OptionInvalid("\"jwtid\" must be a string")
        );
    }
}
