//! The `#[wasm_bindgen]` boundary: strings and bytes in, one string out, once per call.
//!
//! This is the only module that touches `JsValue` or reads the clock. Argument shapes are
//! described by small integer codes that `pkg-template/api.mjs` computes (see `codes`);
//! errors leave as a JSON string that the JavaScript layer turns into jsonwebtoken's classes.

mod codes;
mod videosdk;

use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorClass};
use crate::json::write;
use crate::options::Options;
use crate::{decode, sign, verify};

/// jsonwebtoken's clock: `Math.floor(Date.now() / 1000)`.
fn now() -> f64 {
    (js_sys::Date::now() / 1000.0).floor()
}

/// An error as the JavaScript layer reads it: `{"class":…,"message":…,"at":…,"json":…}`, plus
/// `"inner":{…}` (the same form) for the room-side check's refusals.
fn to_js(error: Error) -> JsValue {
    JsValue::from_str(&error_json(&error))
}

fn error_json(error: &Error) -> String {
    let mut out = String::from("{\"class\":");
    let (class, at) = match error.class() {
        ErrorClass::Error => ("Error", None),
        ErrorClass::TypeError => ("TypeError", None),
        ErrorClass::JsonWebTokenError => ("JsonWebTokenError", None),
        ErrorClass::TokenExpiredError(at) => ("TokenExpiredError", Some(at)),
        ErrorClass::NotBeforeError(at) => ("NotBeforeError", Some(at)),
        ErrorClass::SyntaxError => ("SyntaxError", None),
    };
    write::push_string(&mut out, class);
    out.push_str(",\"message\":");
    write::push_string(&mut out, &error.to_string());
    if let Some(at) = at {
        out.push_str(",\"at\":");
        write::push_number(&mut out, at);
    }
    if let Error::PayloadNotJson(text) = error {
        out.push_str(",\"json\":");
        write::push_string(&mut out, text);
    }
    if let Error::AccessRefused(inner) = error {
        out.push_str(",\"inner\":");
        out.push_str(&error_json(inner));
    }
    out.push('}');
    out
}

fn options(wire: &str) -> Result<Options<'_>, JsValue> {
    Options::parse(wire).map_err(to_js)
}

/// Signs a payload. Returns the token, or with `mutate` a JSON text
/// `{"token":…,"claims":{…},"deleteIat":bool}` for `mutatePayload`.
#[wasm_bindgen(js_name = sign)]
pub fn sign_js(
    payload_kind: u8,
    payload: &str,
    shape: &str,
    key_kind: u8,
    key: &[u8],
    options_wire: &str,
    mutate: bool,
) -> Result<String, JsValue> {
    let options = options(options_wire)?;
    let payload = codes::payload(payload_kind, payload, shape);
    let key = codes::key_input(key_kind, key);
    let signed = sign::sign(payload, key, &options, now()).map_err(to_js)?;
    Ok(signed_result(signed, mutate))
}

/// The token, or with `mutate` the JSON text `{"token":…,"claims":{…},"deleteIat":bool}`.
fn signed_result(signed: sign::Signed, mutate: bool) -> String {
    if !mutate {
        return signed.token;
    }
    let mut out = String::from("{\"token\":");
    write::push_string(&mut out, &signed.token);
    out.push_str(",\"claims\":");
    out.push_str(&signed.claims_set);
    out.push_str(if signed.iat_deleted { ",\"deleteIat\":true}" } else { ",\"deleteIat\":false}" });
    out
}

/// Verifies a token; returns the payload (or `{header,payload,signature}`) as JSON text.
#[wasm_bindgen(js_name = verify)]
pub fn verify_js(
    token_kind: u8,
    token: &str,
    key_kind: u8,
    key: &[u8],
    options_wire: &str,
    regexp_audience_matched: bool,
) -> Result<String, JsValue> {
    let options = options(options_wire)?;
    let token = codes::token_input(token_kind, token);
    let key_source = codes::key_source(key_kind, key);
    verify::verify(token, key_source, &options, now(), regexp_audience_matched).map_err(to_js)
}

/// The checks `verify` makes before it needs the key; returns the header JSON text that a
/// `getSecret(header, callback)` function receives.
#[wasm_bindgen(js_name = verifyPrepare)]
pub fn verify_prepare_js(token_kind: u8, token: &str, options_wire: &str) -> Result<String, JsValue> {
    let options = options(options_wire)?;
    let decoded = verify::prepare(codes::token_input(token_kind, token), &options).map_err(to_js)?;
    Ok(decoded.header)
}

/// `decode(token, { complete, json })`: JSON text to parse, or `undefined` for jsonwebtoken's
/// `null`.
#[wasm_bindgen(js_name = decode)]
pub fn decode_js(token: &str, complete: bool, json: bool) -> Result<Option<String>, JsValue> {
    let Some(decoded) = decode::decode(token, json).map_err(to_js)? else {
        return Ok(None);
    };
    Ok(Some(if complete { decoded.complete_json() } else { decoded.payload.to_json() }))
}
