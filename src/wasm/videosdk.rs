//! The VideoSDK calls: `uuid4`, `verifyAccessToken` (`generateToken` is `sign`'s sibling, see
//! `super::sign`). Same conventions as the jsonwebtoken calls next door (argument codes from
//! `codes`, one string out, an error as its JSON text); `regions` exports them.

use super::{codes, error_text, options};
use crate::json::write;
use crate::{uuid, videosdk};

/// A random RFC 4122 version 4 uuid.
pub fn uuid4() -> Result<String, String> {
    uuid::uuid4().map_err(error_text)
}

/// The room-side check; returns `{"claims":{…},"join":"direct"|"ask"|"none","moderate":bool}`.
pub fn verify_access_token(
    token_kind: u8,
    token: &str,
    key_kind: u8,
    key: &[u8],
    options_wire: &str,
    now: f64,
) -> Result<String, String> {
    let options = options(options_wire)?;
    let token = codes::token_input(token_kind, token);
    let key = codes::key_input(key_kind, key);
    let access = videosdk::verify_access_token(token, key, &options, now).map_err(error_text)?;
    let mut out = String::from("{\"claims\":");
    out.push_str(&access.claims);
    out.push_str(",\"join\":");
    write::push_string(&mut out, access.join.name());
    out.push_str(if access.moderate { ",\"moderate\":true}" } else { ",\"moderate\":false}" });
    Ok(out)
}
