//! The room-side check: what a room or API service runs on a token when a participant joins
//! or calls it. One refusal message for every cause (`Token is invalid or expired`), the cause
//! kept inside, as jsonwebtoken keeps `inner`.
//!
//! In order: jsonwebtoken's own verify (HS256 only), a payload that is an object, how long the
//! token may live (`exp` required and finite, at most `maxLifetime`: [`super::lifetime`]), the
//! access-token rules, then whether the token was made for this service, room, participant and
//! use (`roles`, when present, lists the uses the token is for).

use super::lifetime::{check_lifetime, read_max_lifetime};
use super::rules::{check_members, AccessClaims, Permission, Role};
use crate::error::Error;
use crate::json::{Members, Value};
use crate::key::KeyInput;
use crate::options::Options;
use crate::verify::{self, KeySource, TokenInput};

/// What the token is presented for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Joining a room: a token whose `roles` is present and lacks `rtc` is refused.
    Room,
    /// Calling the server-side API: a token whose `roles` is present and lacks `crawler` is
    /// refused.
    Api,
}

/// How a participant may enter, from `permissions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// `allow_join`: directly (it wins over `ask_join` when both are given).
    Direct,
    /// `ask_join` alone: by asking a participant who has `allow_join`.
    Ask,
    /// Neither: the token only carries `allow_mod`.
    Not,
}

impl Join {
    /// The name the JavaScript result uses: `direct`, `ask` or `none`.
    pub fn name(self) -> &'static str {
        match self {
            Join::Direct => "direct",
            Join::Ask => "ask",
            Join::Not => "none",
        }
    }
}

/// A token the check accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Access {
    /// The verified payload, as JSON text.
    pub claims: String,
    /// The effective join permission.
    pub join: Join,
    /// `allow_mod`: may toggle other participants' webcam and mic.
    pub moderate: bool,
}

/// What the service expects, from the options object
/// `{ apikey, roomId, participantId, use, maxLifetime }`.
struct Expected {
    apikey: Option<String>,
    room_id: Option<String>,
    participant_id: Option<String>,
    purpose: Use,
    /// Seconds.
    max_lifetime: f64,
}

const CHECK_OPTIONS: [&str; 5] = ["apikey", "roomId", "participantId", "use", "maxLifetime"];

impl Expected {
    fn read(options: &Options<'_>) -> Result<Expected, Error> {
        if !options.is_plain() {
            return Err(Error::NotPlainObject("options"));
        }
        for pair in options.pairs() {
            let name = pair.name.to_string_lossy();
            if !CHECK_OPTIONS.contains(&name.as_str()) {
                return Err(Error::AccessCheckOptionUnknown(name));
            }
        }
        let text = |name: &'static str| match options.get(name) {
            None => Ok(None),
            Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.to_string_lossy())),
            Some(_) => Err(Error::AccessCheckOptionInvalid(name)),
        };
        let purpose = match text("use")?.as_deref() {
            None | Some("room") => Use::Room,
            Some("api") => Use::Api,
            Some(_) => return Err(Error::AccessCheckOptionInvalid("use")),
        };
        Ok(Expected {
            apikey: text("apikey")?,
            room_id: text("roomId")?,
            participant_id: text("participantId")?,
            purpose,
            max_lifetime: read_max_lifetime(options.get("maxLifetime"))?,
        })
    }
}

/// The verify options of the check: access tokens are HS256, nothing else.
const HS256_ONLY: &str = r#"[["algorithms",["HS256"]]]"#;

/// Verifies an access token for a room or API service at `now` (seconds since the epoch).
///
/// `options` is `{ apikey, roomId, participantId, use, maxLifetime }`, all optional: `use` is
/// `"room"` (the default) or `"api"`, and a token whose `roles` is present must list the use
/// (`rtc` for rooms, `crawler` for the API; a token holding both is good for both, a token
/// without `roles` for either); `roomId` and `participantId` refuse a token scoped to another
/// room or participant (a token without the claim is valid everywhere); `maxLifetime` (seconds,
/// or a time span such as `"24h"`; default [`DEFAULT_MAX_LIFETIME`](super::DEFAULT_MAX_LIFETIME), 24 hours) bounds
/// `exp - now` and, when `iat` is a number, `exp - iat`. A token without a finite `exp` is
/// refused, which jsonwebtoken's verify would accept. Usage errors (an unknown option, a `use`
/// that is neither, a negative or unreadable `maxLifetime`) are returned as they are; every
/// refusal of the token is [`Error::AccessRefused`] with the cause inside.
///
/// ```
/// use rtc_token::{sign, verify_access_token, Error, Join, KeyInput, Options, Payload, TokenInput};
/// let json = r#"{"apikey":"k","permissions":["allow_join"],"version":2,"roomId":"abcd-efgh-ijkl"}"#;
/// let two_hours = Options::parse(r#"[["expiresIn","2h"]]"#).unwrap();
/// let token = sign(Payload::Object { json, shape: "" }, KeyInput::Text(b"s"), &two_hours, 100.0).unwrap().token;
///
/// let here = Options::parse(r#"[["apikey","k"],["roomId","abcd-efgh-ijkl"]]"#).unwrap();
/// let access = verify_access_token(TokenInput::Text(&token), KeyInput::Text(b"s"), &here, 100.0).unwrap();
/// assert_eq!(access.join, Join::Direct);
///
/// let elsewhere = Options::parse(r#"[["roomId","zzzz-zzzz-zzzz"]]"#).unwrap();
/// let refused = verify_access_token(TokenInput::Text(&token), KeyInput::Text(b"s"), &elsewhere, 100.0).unwrap_err();
/// assert_eq!(refused.to_string(), "Token is invalid or expired");
///
/// // Two hours is more than this service allows.
/// let one_hour = Options::parse(r#"[["maxLifetime","1h"]]"#).unwrap();
/// let refused = verify_access_token(TokenInput::Text(&token), KeyInput::Text(b"s"), &one_hour, 100.0).unwrap_err();
/// assert_eq!(refused, Error::AccessRefused(Box::new(Error::RemainingLifetimeExceeded("3600".into()))));
/// ```
pub fn verify_access_token(
    token: TokenInput<'_>,
    key: KeyInput<'_>,
    options: &Options<'_>,
    now: f64,
) -> Result<Access, Error> {
    let expected = Expected::read(options)?;
    let refuse = |cause: Error| match cause {
        // Not a refusal of the token: the HMAC-only core cannot read this key (see key::resolve).
        Error::AsymmetricUnavailable(_) => cause,
        cause => Error::AccessRefused(Box::new(cause)),
    };
    let hs256 = Options::parse(HS256_ONLY)?;
    let claims = verify::verify(token, KeySource::Given(key), &hs256, now, false).map_err(refuse)?;
    let members = Members::parse(&claims).map_err(|_| refuse(Error::AccessPayloadNotObject))?;
    check_lifetime(&members, now, expected.max_lifetime).map_err(refuse)?;
    let access = check_members(&members).map_err(refuse)?;
    check_scope(&access, &expected).map_err(refuse)?;

    let has = |p: Permission| access.permissions.contains(&p);
    let join = if has(Permission::AllowJoin) {
        Join::Direct
    } else if has(Permission::AskJoin) {
        Join::Ask
    } else {
        Join::Not
    };
    Ok(Access { claims, join, moderate: has(Permission::AllowMod) })
}

fn check_scope(access: &AccessClaims, expected: &Expected) -> Result<(), Error> {
    if expected.apikey.as_ref().is_some_and(|want| *want != access.apikey) {
        return Err(Error::ApiKeyMismatch);
    }
    if let (Some(want), Some(got)) = (&expected.room_id, &access.room_id) {
        if want != got {
            return Err(Error::RoomMismatch { token: got.clone(), expected: want.clone() });
        }
    }
    if let (Some(want), Some(got)) = (&expected.participant_id, &access.participant_id) {
        if want != got {
            return Err(Error::ParticipantMismatch { token: got.clone(), expected: want.clone() });
        }
    }
    // `roles`, when present, lists the uses the token is for: a token holding both roles is
    // good for both (VideoSDK's docs mint such tokens); an empty list is good for none.
    let Some(roles) = &access.roles else { return Ok(()) };
    let (needed, refusal) = match expected.purpose {
        Use::Room => (Role::Rtc, Error::CrawlerCannotJoin),
        Use::Api => (Role::Crawler, Error::RtcCannotUseApi),
    };
    if roles.contains(&needed) {
        Ok(())
    } else if roles.is_empty() {
        Err(Error::RolesEmpty)
    } else {
        Err(refusal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::{self, Payload};
    use wasm_bindgen_test::wasm_bindgen_test;

    const NOW: f64 = 1_700_000_000.0;

    /// The cause of the check's verdict on `claims` (signed at NOW, with `sign_options`) for
    /// `options`, `Ok` when accepted.
    fn cause(claims: &str, sign_options: &str, options: &str) -> Result<(), Error> {
        let sign_options = Options::parse(sign_options).unwrap();
        let token = sign::sign(Payload::Object { json: claims, shape: "" }, KeyInput::Text(b"s"), &sign_options, NOW)
            .unwrap()
            .token;
        let options = Options::parse(options).unwrap();
        let result = verify_access_token(TokenInput::Text(&token), KeyInput::Text(b"s"), &options, NOW + 60.0);
        assert!(matches!(result, Ok(_) | Err(Error::AccessRefused(_))), "not a refusal: {result:?}");
        result.map(|_| ()).map_err(|error| match error {
            Error::AccessRefused(cause) => *cause,
            other => other,
        })
    }

    fn roles(list: &str, purpose: &str) -> Result<(), Error> {
        let claims = format!(r#"{{"apikey":"k","permissions":["allow_join"],"version":2{list}}}"#);
        cause(&claims, r#"[["expiresIn","2h"]]"#, &format!(r#"[["use","{purpose}"]]"#))
    }

    #[test]
    #[wasm_bindgen_test]
    fn roles_list_the_uses() {
        for purpose in ["room", "api"] {
            assert_eq!(roles("", purpose), Ok(()), "no roles, {purpose}");
            assert_eq!(roles(r#","roles":["crawler","rtc"]"#, purpose), Ok(()), "both, {purpose}");
            assert_eq!(roles(r#","roles":["rtc","crawler"]"#, purpose), Ok(()), "both, {purpose}");
            assert_eq!(roles(r#","roles":[]"#, purpose), Err(Error::RolesEmpty), "none, {purpose}");
        }
        assert_eq!(roles(r#","roles":["rtc"]"#, "room"), Ok(()));
        assert_eq!(roles(r#","roles":["crawler"]"#, "api"), Ok(()));
        assert_eq!(roles(r#","roles":["crawler","crawler"]"#, "room"), Err(Error::CrawlerCannotJoin));
        assert_eq!(roles(r#","roles":["rtc"]"#, "api"), Err(Error::RtcCannotUseApi));
    }

    #[test]
    #[wasm_bindgen_test]
    fn lifetime_comes_after_verify_and_before_the_rules() {
        let claims = r#"{"apikey":"k","permissions":["allow_join"]}"#;
        // Expired and issued for far too long: jsonwebtoken's verdict first.
        let expired = cause(r#"{"apikey":"k","permissions":["allow_join"],"iat":1,"exp":100000}"#, "[]", "[]");
        assert_eq!(expired, Err(Error::Expired(100_000.0)));
        let no_exp = cause(r#"{"apikey":"k","permissions":["allow_join"],"nbf":1800000000}"#, "[]", "[]");
        assert_eq!(no_exp, Err(Error::NotActive(1_800_000_000.0)));
        assert_eq!(cause(claims, "[]", "[]"), Err(Error::ExpirationRequired));
        // No exp and breaking a rule: the lifetime is the cause given.
        assert_eq!(cause(r#"{"permissions":["allow_join"]}"#, "[]", "[]"), Err(Error::ExpirationRequired));
        assert_eq!(
            cause(claims, r#"[["expiresIn","25h"]]"#, "[]"),
            Err(Error::RemainingLifetimeExceeded("86400".into()))
        );
        assert_eq!(cause(claims, r#"[["expiresIn","25h"]]"#, r#"[["maxLifetime","2d"]]"#), Ok(()));
        assert_eq!(
            cause(claims, r#"[["expiresIn",100]]"#, r#"[["maxLifetime",30]]"#),
            Err(Error::RemainingLifetimeExceeded("30".into()))
        );
        // Issued (by NOW - 3600's clock) for 24h30m: 23h30m left, but more than 24h after iat.
        let issued = r#"{"apikey":"k","permissions":["allow_join"],"iat":1699996400,"exp":1700084600}"#;
        assert_eq!(cause(issued, "[]", "[]"), Err(Error::IssuedLifetimeExceeded("86400".into())));
    }
}
