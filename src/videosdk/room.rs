//! The room-side check: what a room or API service runs on a token when a participant joins
//! or calls it. One refusal message for every cause (`Token is invalid or expired`), the cause
//! kept inside, as jsonwebtoken keeps `inner`.

use super::rules::{check_members, AccessClaims, Permission, Role};
use crate::error::Error;
use crate::json::{Members, Value};
use crate::key::KeyInput;
use crate::options::Options;
use crate::verify::{self, KeySource, TokenInput};

/// What the token is presented for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Joining a room (`crawler` tokens are refused).
    Room,
    /// Calling the server-side API (`rtc` tokens are refused).
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

/// What the service expects, from the options object `{ apikey, roomId, participantId, use }`.
struct Expected {
    apikey: Option<String>,
    room_id: Option<String>,
    participant_id: Option<String>,
    purpose: Use,
}

const CHECK_OPTIONS: [&str; 4] = ["apikey", "roomId", "participantId", "use"];

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
        })
    }
}

/// The verify options of the check: access tokens are HS256, nothing else.
const HS256_ONLY: &str = r#"[["algorithms",["HS256"]]]"#;

/// Verifies an access token for a room or API service at `now` (seconds since the epoch).
///
/// `options` is `{ apikey, roomId, participantId, use }`, all optional: `use` is `"room"`
/// (the default) or `"api"`; `roomId` and `participantId` refuse a token scoped to another
/// room or participant (a token without the claim is valid everywhere). Usage errors (an
/// unknown option, a `use` that is neither) are returned as they are; every refusal of the
/// token is [`Error::AccessRefused`] with the cause inside.
///
/// ```
/// use rtc_token::{sign, videosdk, KeyInput, Options, Payload, TokenInput};
/// let json = r#"{"apikey":"k","permissions":["allow_join"],"version":2,"roomId":"abcd-efgh-ijkl"}"#;
/// let token = sign::sign(Payload::Object { json, shape: "" }, KeyInput::Text(b"s"), &Options::empty(), 100.0).unwrap().token;
///
/// let here = Options::parse(r#"[["apikey","k"],["roomId","abcd-efgh-ijkl"]]"#).unwrap();
/// let access = videosdk::verify_access_token(TokenInput::Text(&token), KeyInput::Text(b"s"), &here, 100.0).unwrap();
/// assert_eq!(access.join, videosdk::Join::Direct);
///
/// let elsewhere = Options::parse(r#"[["roomId","zzzz-zzzz-zzzz"]]"#).unwrap();
/// let refused = videosdk::verify_access_token(TokenInput::Text(&token), KeyInput::Text(b"s"), &elsewhere, 100.0).unwrap_err();
/// assert_eq!(refused.to_string(), "Token is invalid or expired");
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
    match expected.purpose {
        Use::Room if access.roles.contains(&Role::Crawler) => Err(Error::CrawlerCannotJoin),
        Use::Api if access.roles.contains(&Role::Rtc) => Err(Error::RtcCannotUseApi),
        _ => Ok(()),
    }
}
