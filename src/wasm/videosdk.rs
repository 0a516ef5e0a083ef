//! The VideoSDK exports: `uuid4`, `verifyAccessToken` (`generateToken` crosses in `regions`). Same conventions as
//! the jsonwebtoken exports next door (argument codes from `codes`, one string out).

use wasm_bindgen::prelude::*;

use super::{codes, now, options, to_js};
use crate::json::write;
use crate::{uuid, videosdk};

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
    let options = options(options_wire).map_err(JsValue::from)?;
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
