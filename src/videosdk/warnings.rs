//! What a person reading an access token should be told although the rules accept it: claims
//! that look contradictory or leave the token usable nowhere. Nothing here refuses a token;
//! `generateToken` and the room-side check never call it. Not exported to JavaScript: how the
//! CLI and the inspector show warnings is theirs to decide.

use super::rules::{AccessClaims, Role};
use crate::error::Error;

/// The warnings for claims that passed the rules ([`super::check_payload`]), in this order:
/// [`Error::RolesConflict`] when `roles` holds both `crawler` and `rtc` (VideoSDK's docs show
/// the pair, and the room-side check accepts such a token for rooms and for the API, but each
/// role alone says the opposite), [`Error::RolesEmpty`] when `roles` is `[]` (the room-side check
/// refuses it for every use). Each is a message to show, not a refusal: its `Display` is the
/// text.
///
/// ```
/// use rtc_token::{check_payload, warnings};
/// let docs = r#"{"apikey":"k","permissions":["allow_join"],"version":2,"roles":["crawler","rtc"]}"#;
/// let shown: Vec<String> = warnings(&check_payload(docs).unwrap()).iter().map(ToString::to_string).collect();
/// assert_eq!(shown, [r#""roles" holds both "crawler" (server-side API only) and "rtc" (rooms only), which contradict each other: the token is accepted for rooms and for the server-side API"#]);
///
/// let plain = check_payload(r#"{"apikey":"k","permissions":["allow_join"]}"#).unwrap();
/// assert!(warnings(&plain).is_empty());
/// ```
pub fn warnings(claims: &AccessClaims) -> Vec<Error> {
    let mut found = Vec::new();
    if let Some(roles) = &claims.roles {
        if roles.contains(&Role::Crawler) && roles.contains(&Role::Rtc) {
            found.push(Error::RolesConflict);
        }
        if roles.is_empty() {
            found.push(Error::RolesEmpty);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::videosdk::check_payload;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn of(json: &str) -> Vec<Error> {
        warnings(&check_payload(json).unwrap())
    }

    #[test]
    #[wasm_bindgen_test]
    fn each_role_list_and_its_warnings() {
        let cases: [(&str, &[Error]); 6] = [
            ("", &[]),
            (r#","version":2,"roles":["rtc"]"#, &[]),
            (r#","version":2,"roles":["crawler"]"#, &[]),
            (r#","version":2,"roles":["crawler","rtc"]"#, &[Error::RolesConflict]),
            (r#","version":2,"roles":["rtc","rtc","crawler"]"#, &[Error::RolesConflict]),
            (r#","version":2,"roles":[]"#, &[Error::RolesEmpty]),
        ];
        for (roles, expected) in cases {
            assert_eq!(of(&format!(r#"{{"apikey":"k","permissions":["allow_join"]{roles}}}"#)), expected, "{roles}");
        }
        assert_eq!(
            Error::RolesEmpty.to_string(),
            r#"the token's "roles" is empty: it can neither join a room nor call the server-side API"#
        );
    }
}
