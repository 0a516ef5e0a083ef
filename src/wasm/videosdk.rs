//! The VideoSDK exports: `generateToken`, `uuid4`, `verifyAccessToken`. Same conventions as
//! the jsonwebtoken exports next door (argument codes from `codes`, one string out).

use wasm_bindgen::prelude::*;

use super::{codes, now, options, to_js, SignCall};
use crate::json::write;
use crate::{uuid, videosdk};

/// `generateToken`: the access-token rules, then `sign` (arguments and result as `sign`'s).
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = generateToken)]
pub fn generate_token_js(
    payload_kind: u8,
    payload: &str,
    shape: Option<String>,
    key_kind: u8,
    key: &[u8],
    options_wire: &str,
    mutate: bool,
    callback: bool,
    host: u8,
) -> Result<String, JsValue> {
    let call = SignCall { payload_kind, payload, shape, key_kind, key, options_wire, mutate, callback, host };
    call.run(videosdk::generate_token_recording)
}

/// A random RFC 4122 version 4 uuid.
#[wasm_bindgen(js_name = uuid4)]
pub fn uuid4_js() -> Result<String, JsValue> {
    uuid::uuid4().map_err(to_js)
}

/// The room-side check; returns `{"claims":{…},"join":"direct"|"ask"|"none","moderate":bool}`.
#[wasm_bindgen(js_name = verifyAccessToken)]
pub fn verify_access_token_js(
    token_kind: u8,
    token: &str,
    key_kind: u8,
    key: &[u8],
    options_wire: &str,
) -> Result<String, JsValue> {
    let options = options(options_wire)?;
    let token = codes::token_input(token_kind, token);
    let key = codes::key_input(key_kind, key);
    let access = videosdk::verify_access_token(token, key, &options, now()).map_err(to_js)?;
    let mut out = String::from("{\"claims\":");
    out.push_str(&access.claims);
    out.push_str(",\"join\":");
    write::push_string(&mut out, access.join.name());
    out.push_str(if access.moderate { ",\"moderate\":true}" } else { ",\"moderate\":false}" });
    Ok(out)
}
