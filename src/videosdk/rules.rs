//! The rules of a VideoSDK access token's claims: `apikey`, `permissions`, `version`, `roomId`,
//! `participantId` and `roles`. The same rules guard `generateToken` (before signing) and the
//! room-side check (after verifying). They are the rules VideoSDK's docs state, no more: every
//! payload the docs show passes (their example carries `roles: ["crawler", "rtc"]`), and what
//! only looks odd is a warning ([`super::warnings`]), never a refusal.

use crate::error::Error;
use crate::json::{write, Members, Value};

/// What a participant may do in a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// `allow_join`: join directly (and admit or reject those who ask).
    AllowJoin,
    /// `ask_join`: ask to join; a participant with `allow_join` decides.
    AskJoin,
    /// `allow_mod`: toggle other participants' webcam and mic.
    AllowMod,
}

impl Permission {
    /// The permission a claim names, if any.
    ///
    /// ```
    /// use rtc_token::Permission;
    /// assert_eq!(Permission::from_name("ask_join"), Some(Permission::AskJoin));
    /// assert_eq!(Permission::from_name("allow_all"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Permission> {
        match name {
            "allow_join" => Some(Permission::AllowJoin),
            "ask_join" => Some(Permission::AskJoin),
            "allow_mod" => Some(Permission::AllowMod),
            _ => None,
        }
    }
}

/// Where a token may be used. When `roles` is present, the room-side check accepts the token
/// only for the uses it lists; a token holding both is usable for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `crawler`: the server-side API (without `rtc` beside it, the token cannot join a room).
    Crawler,
    /// `rtc`: rooms (without `crawler` beside it, the token cannot call the server-side API).
    Rtc,
}

impl Role {
    /// The role a claim names, if any.
    ///
    /// ```
    /// use rtc_token::Role;
    /// assert_eq!(Role::from_name("rtc"), Some(Role::Rtc));
    /// assert_eq!(Role::from_name("RTC"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Role> {
        match name {
            "crawler" => Some(Role::Crawler),
            "rtc" => Some(Role::Rtc),
            _ => None,
        }
    }
}

/// The claims of a payload that follows the rules, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessClaims {
    /// `apikey`.
    pub apikey: String,
    /// `permissions`, in claim order (duplicates kept).
    pub permissions: Vec<Permission>,
    /// `roles`, in claim order; `None` when the claim is absent (a token usable for every use),
    /// which is not the same as present and empty (usable for none).
    pub roles: Option<Vec<Role>>,
    /// `roomId`, when the token is scoped to one room.
    pub room_id: Option<String>,
    /// `participantId`, when the token is scoped to one participant.
    pub participant_id: Option<String>,
}

/// The claims that require `version: 2`, in the order the rule names them.
const VERSION_2_CLAIMS: [&str; 3] = ["roomId", "participantId", "roles"];

/// Checks a payload (a JSON object text) against the rules, in claim order: `apikey`,
/// `permissions`, `roomId`, `participantId`, `roles`, then `version`.
///
/// ```
/// use rtc_token::check_payload;
/// let claims = check_payload(r#"{"apikey":"k","permissions":["allow_join"],"version":2,"roomId":"r"}"#).unwrap();
/// assert_eq!(claims.room_id.as_deref(), Some("r"));
/// let error = check_payload(r#"{"apikey":"k","permissions":["allow_join"],"roomId":"r"}"#).unwrap_err();
/// assert_eq!(error.to_string(), "\"roomId\" requires \"version\": 2");
/// ```
pub fn check_payload(json: &str) -> Result<AccessClaims, Error> {
    let members = Members::parse(json).map_err(|_| Error::AccessPayloadNotObject)?;
    check_members(&members)
}

/// [`check_payload`] over members already read.
pub fn check_members(members: &Members<'_>) -> Result<AccessClaims, Error> {
    let apikey = match members.get("apikey") {
        None => return Err(Error::AccessClaimMissing("apikey")),
        Some(Value::String(s)) if !s.is_empty() => s.to_string_lossy(),
        Some(_) => return Err(Error::AccessClaimInvalid("apikey")),
    };
    let permissions = match members.get("permissions") {
        None => return Err(Error::AccessClaimMissing("permissions")),
        Some(list @ Value::Array(_)) => {
            let names = list.elements()?;
            if names.is_empty() {
                return Err(Error::AccessClaimInvalid("permissions"));
            }
            names
                .iter()
                .map(|name| named(name, Permission::from_name).ok_or_else(|| Error::PermissionUnknown(describe(name))))
                .collect::<Result<Vec<_>, _>>()?
        }
        Some(_) => return Err(Error::AccessClaimInvalid("permissions")),
    };
    let room_id = optional_string(members, "roomId")?;
    let participant_id = optional_string(members, "participantId")?;
    let roles = match members.get("roles") {
        None => None,
        Some(list @ Value::Array(_)) => Some(
            list.elements()?
                .iter()
                .map(|name| named(name, Role::from_name).ok_or_else(|| Error::RoleUnknown(describe(name))))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(_) => return Err(Error::AccessClaimInvalid("roles")),
    };
    // No rule against `crawler` with `rtc`: VideoSDK's docs show the pair (see super::warnings).
    match members.get("version") {
        Some(Value::Number(2.0)) => {}
        Some(_) => return Err(Error::AccessClaimInvalid("version")),
        None => {
            if let Some(claim) = VERSION_2_CLAIMS.into_iter().find(|c| members.has(c)) {
                return Err(Error::VersionRequired(claim));
            }
        }
    }
    Ok(AccessClaims { apikey, permissions, roles, room_id, participant_id })
}

fn optional_string(members: &Members<'_>, claim: &'static str) -> Result<Option<String>, Error> {
    match members.get(claim) {
        None => Ok(None),
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.to_string_lossy())),
        Some(_) => Err(Error::AccessClaimInvalid(claim)),
    }
}

fn named<T>(value: &Value<'_>, from_name: fn(&str) -> Option<T>) -> Option<T> {
    value.as_str().and_then(|s| from_name(&s.to_string_lossy()))
}

/// A claim element as a message shows it: strings quoted (and cut at 40 characters), other
/// values as JSON writes them.
fn describe(value: &Value<'_>) -> String {
    match value {
        Value::String(s) => {
            let text = s.to_string_lossy();
            let mut shown: String = text.chars().take(40).collect();
            if shown.len() < text.len() {
                shown.push('…');
            }
            let mut out = String::new();
            write::push_string(&mut out, &shown);
            out
        }
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        other => {
            let mut out = String::new();
            write::push_value(&mut out, other);
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn message(json: &str) -> String {
        check_payload(json).unwrap_err().to_string()
    }

    #[test]
    #[wasm_bindgen_test]
    fn every_field_names_its_rule() {
        let cases = [
            (r#"[]"#, r#""payload" must be a plain object carrying "apikey" and "permissions""#),
            (
                r#"{"permissions":["allow_join"]}"#,
                r#""apikey" is required: the API key of the app, a non-empty string"#,
            ),
            (r#"{"apikey":"","permissions":["allow_join"]}"#, r#""apikey" must be a non-empty string"#),
            (r#"{"apikey":7,"permissions":["allow_join"]}"#, r#""apikey" must be a non-empty string"#),
            (
                r#"{"apikey":"k"}"#,
                r#""permissions" is required: a non-empty array of "allow_join", "ask_join" and "allow_mod""#,
            ),
            (
                r#"{"apikey":"k","permissions":[]}"#,
                r#""permissions" must be a non-empty array of "allow_join", "ask_join" and "allow_mod""#,
            ),
            (
                r#"{"apikey":"k","permissions":"allow_join"}"#,
                r#""permissions" must be a non-empty array of "allow_join", "ask_join" and "allow_mod""#,
            ),
            (
                r#"{"apikey":"k","permissions":["allow_all"]}"#,
                r#""permissions" holds "allow_all", which is not one of "allow_join", "ask_join" and "allow_mod""#,
            ),
            (
                r#"{"apikey":"k","permissions":[1]}"#,
                r#""permissions" holds 1, which is not one of "allow_join", "ask_join" and "allow_mod""#,
            ),
            (
                r#"{"apikey":"k","permissions":["allow_join"],"version":2,"roomId":""}"#,
                r#""roomId" must be a non-empty string"#,
            ),
            (
                r#"{"apikey":"k","permissions":["allow_join"],"version":2,"participantId":5}"#,
                r#""participantId" must be a non-empty string"#,
            ),
            (
                r#"{"apikey":"k","permissions":["allow_join"],"version":2,"roles":"rtc"}"#,
                r#""roles" must be an array of "crawler" and "rtc""#,
            ),
            (
                r#"{"apikey":"k","permissions":["allow_join"],"version":2,"roles":["admin"]}"#,
                r#""roles" holds "admin", which is not one of "crawler" and "rtc""#,
            ),
            (
                r#"{"apikey":"k","permissions":["allow_join"],"version":1}"#,
                r#""version" must be 2 (the only version there is)"#,
            ),
            (
                r#"{"apikey":"k","permissions":["allow_join"],"version":"2"}"#,
                r#""version" must be 2 (the only version there is)"#,
            ),
            (
                r#"{"apikey":"k","permissions":["allow_join"],"participantId":"p"}"#,
                r#""participantId" requires "version": 2"#,
            ),
            (r#"{"apikey":"k","permissions":["allow_join"],"roles":[]}"#, r#""roles" requires "version": 2"#),
        ];
        for (json, expected) in cases {
            assert_eq!(message(json), expected, "{json}");
        }
    }

    #[test]
    #[wasm_bindgen_test]
    fn long_unknown_names_are_cut() {
        let long = "x".repeat(100);
        let text = message(&format!(r#"{{"apikey":"k","permissions":["{long}"]}}"#));
        assert!(text.contains(&format!("\"{}…\"", "x".repeat(40))), "{text}");
    }

    #[test]
    #[wasm_bindgen_test]
    fn every_permission_and_role_combination_passes() {
        let permissions = ["allow_join", "ask_join", "allow_mod"];
        let roles = ["crawler", "rtc"];
        for p in 1..8u32 {
            let chosen: Vec<&str> =
                permissions.iter().enumerate().filter(|(i, _)| p & (1 << i) != 0).map(|(_, n)| *n).collect();
            for r in 0..4u32 {
                let chosen_roles: Vec<&str> =
                    roles.iter().enumerate().filter(|(i, _)| r & (1 << i) != 0).map(|(_, n)| *n).collect();
                let json =
                    format!(r#"{{"apikey":"k","permissions":{:?},"version":2,"roles":{:?}}}"#, chosen, chosen_roles);
                let result = check_payload(&json);
                assert!(result.is_ok(), "{json}: {result:?}");
                let claims = result.unwrap();
                assert_eq!(claims.permissions.len(), chosen.len());
                assert_eq!(claims.roles.map(|roles| roles.len()), Some(chosen_roles.len()));
            }
        }
    }

    #[test]
    #[wasm_bindgen_test]
    fn the_docs_payload_passes() {
        // VideoSDK's docs, verbatim: both roles together.
        let claims = check_payload(
            r#"{"apikey":"k","permissions":["allow_join"],"version":2,"roomId":"2kyv-gzay-64pg","participantId":"lxvdplwt","roles":["crawler","rtc"]}"#,
        )
        .unwrap();
        assert_eq!(claims.roles, Some(vec![Role::Crawler, Role::Rtc]));
        assert_eq!(check_payload(r#"{"apikey":"k","permissions":["allow_join"]}"#).unwrap().roles, None);
        let empty = check_payload(r#"{"apikey":"k","permissions":["allow_join"],"version":2,"roles":[]}"#).unwrap();
        assert_eq!(empty.roles, Some(vec![]));
    }

    #[test]
    #[wasm_bindgen_test]
    fn reads_a_full_token() {
        let claims = check_payload(
            r#"{"apikey":"k","permissions":["allow_join","allow_mod"],"version":2,"roomId":"2kyv-gzay-64pg","participantId":"lxvdplwt","roles":["rtc"],"exp":5}"#,
        )
        .unwrap();
        assert_eq!(
            claims,
            AccessClaims {
                apikey: "k".into(),
                permissions: vec![Permission::AllowJoin, Permission::AllowMod],
                roles: Some(vec![Role::Rtc]),
                room_id: Some("2kyv-gzay-64pg".into()),
                participant_id: Some("lxvdplwt".into()),
            }
        );
    }
}
