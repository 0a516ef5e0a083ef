//! VideoSDK access tokens: the claim rules, `generateToken`, and the room-side check.
//!
//! A participant's token is an HS256 JWT signed with the app's secret, carrying `apikey`
//! (a non-empty string), `permissions` (a non-empty array of `allow_join`, `ask_join`,
//! `allow_mod`), optionally `roomId` and `participantId` (scoping the token to one room or one
//! participant) and `roles` (the uses the token is for: `crawler`, the server-side API; `rtc`,
//! rooms; both, as VideoSDK's docs show, for both), which all require `version: 2`.
//! `generateToken` signs every payload that follows these rules exactly as jsonwebtoken would.
//!
//! A token is checked once, when it is presented ([`verify_access_token`]): jsonwebtoken's
//! verify, then a finite `exp` no further than `maxLifetime` (24 hours by default) from now and
//! from `iat`, then the rules, then the service, room, participant and use it was made for.
//! What the rules accept but a reader should still be told about is in [`warnings`].
//!
//! ```
//! use rtc_token::{check_payload, Permission};
//! let claims = check_payload(r#"{"apikey":"k","permissions":["ask_join","allow_mod"]}"#).unwrap();
//! assert_eq!(claims.permissions, [Permission::AskJoin, Permission::AllowMod]);
//! ```

mod generate;
mod lifetime;
mod room;
mod rules;
mod warnings;

pub use generate::{generate_token, generate_token_with, plan as generate_plan, DEFAULT_EXPIRES_IN};
pub use lifetime::DEFAULT_MAX_LIFETIME;
pub use room::{verify_access_token, Access, Join};
pub use rules::{check_payload, AccessClaims, Permission, Role};
pub use warnings::warnings;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::options::Options;
    use crate::verify::TokenInput;
    use crate::KeyInput;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn check(wire: &str) -> Error {
        let options = Options::parse(wire).unwrap();
        verify_access_token(TokenInput::Text("a.b.c"), KeyInput::Text(b"s"), &options, 0.0).unwrap_err()
    }

    #[test]
    #[wasm_bindgen_test]
    fn usage_errors_are_not_refusals() {
        assert_eq!(check(r#"[["use","rooms"]]"#), Error::AccessCheckOptionInvalid("use"));
        assert_eq!(check(r#"[["roomId",7]]"#), Error::AccessCheckOptionInvalid("roomId"));
        assert_eq!(check(r#"[["room","x"]]"#), Error::AccessCheckOptionUnknown("room".into()));
        assert_eq!(check(r#"[["maxLifetime",-1]]"#), Error::AccessCheckOptionInvalid("maxLifetime"));
        assert_eq!(check(r#"[["maxLifetime",null]]"#), Error::AccessCheckOptionInvalid("maxLifetime"));
        assert_eq!(check(r#"[["maxLifetime","a day"]]"#), Error::AccessCheckOptionInvalid("maxLifetime"));
        assert_eq!(check(r#"[["maxLifetime","24h"]]"#), Error::AccessRefused(Box::new(Error::TokenInvalid)));
        assert_eq!(check("null"), Error::NotPlainObject("options"));
        assert_eq!(check(r#"[["use","api"]]"#), Error::AccessRefused(Box::new(Error::TokenInvalid)));
        assert_eq!(check(r#"[["use","api"]]"#).to_string(), "Token is invalid or expired");
    }
}
