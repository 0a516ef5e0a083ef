//! The `#[wasm_bindgen]` boundary: strings and bytes in, one string out, once per call.
//!
//! Every export takes and returns plain numbers: the arguments' bytes lie in the module's memory
//! (`regions`), the clock reading comes in as a number (jsonwebtoken's
//! `Math.floor(Date.now() / 1000)`, read by `pkg-template/regions.mjs`), and the module imports
//! nothing from JavaScript that takes or returns a value. Why: V8 compiles a wrapper for each
//! such import, and for each export returning several values (wasm-bindgen's `Result<String,
//! JsValue>`), when it compiles the module — 1.5 ms of a 10 ms cold start (README, Performance).
//! Argument shapes are described by small integer codes that `pkg-template/api.mjs` computes (see
//! `codes`); errors leave as a JSON string that the JavaScript layer turns into jsonwebtoken's
//! classes.

mod codes;
mod host;
mod plans;
#[cfg(feature = "host-random")]
mod random;
mod regions;
mod videosdk;

use wasm_bindgen::prelude::*;

use crate::error::{Delivery, Error};
use crate::json::write;
use crate::options::Options;
use crate::sign::{self, Mutations, SignPlan};
use crate::signature::host::Outcome;
use crate::videosdk::{generate_plan, generate_token_planned};
use crate::{decode, verify};

/// An error as the JavaScript layer reads it:
/// `{"class":…,"message":…,"delivery":…,"at":…,"needsFullCore":true,"json":…,"mutations":…}`, plus
/// `"inner":{…}` (the same form) for the room-side check's refusals.
fn error_json(error: &Error, mutations: Option<&Mutations>) -> String {
    let mut out = String::from("{\"class\":");
    let class = error.class();
    write::push_string(&mut out, class.name());
    let at = class.time();
    out.push_str(",\"message\":");
    write::push_string(&mut out, &error.to_string());
    out.push_str(match error.delivery() {
        Delivery::Callback => ",\"delivery\":\"callback\"",
        Delivery::CallbackLater => ",\"delivery\":\"later\"",
        Delivery::Thrown => ",\"delivery\":\"thrown\"",
    });
    if let Some(at) = at {
        out.push_str(",\"at\":");
        write::push_number(&mut out, at);
    }
    if let Error::AsymmetricUnavailable(_) = error {
        // The HMAC-only core's sentinel: the main entry runs the same call on the full core
        // (pkg-template/core.mjs looks for exactly this member).
        out.push_str(",\"needsFullCore\":true");
    }
    if let Error::PayloadNotJson(text) = error {
        out.push_str(",\"json\":");
        write::push_string(&mut out, text);
    }
    if let Error::AccessRefused(inner) = error {
        out.push_str(",\"inner\":");
        out.push_str(&error_json(inner, None));
    }
    if let Some(mutations) = mutations {
        out.push_str(",\"mutations\":");
        push_mutations(&mut out, mutations);
    }
    out.push('}');
    out
}

/// An error without mutations, as the JavaScript layer reads it: the form of `map_err`.
fn error_text(error: Error) -> String {
    error_json(&error, None)
}

fn push_mutations(out: &mut String, mutations: &Mutations) {
    out.push_str("{\"claims\":");
    out.push_str(&mutations.claims);
    out.push_str(if mutations.iat_deleted { ",\"deleteIat\":true" } else { ",\"deleteIat\":false" });
    if let Some(claim) = mutations.undefined_claim {
        out.push_str(",\"undefinedClaim\":");
        write::push_string(out, claim);
    }
    out.push('}');
}

/// The options of a call, or the error text the JavaScript layer reads.
fn options(wire: &str) -> Result<Options<'_>, String> {
    Options::parse(wire).map_err(error_text)
}

/// The arguments `sign` and `generateToken` share, as they cross the boundary (see `regions`):
/// the payload's code and text (JSON text for a plain object), its claim shape (see
/// `sign::ClaimShape`), the key's code and bytes, the options text, `mutatePayload`, whether the
/// caller used the callback form, the host code (see `host`) and the clock.
struct SignCall<'a> {
    payload_kind: u8,
    payload: &'a str,
    shape: &'a str,
    key_kind: u8,
    key: &'a [u8],
    /// The options text's bytes (UTF-8, checked only when the text is not one already planned).
    options_wire: &'a [u8],
    mutate: bool,
    callback: bool,
    host: u8,
    now: f64,
}

/// The core's two signing calls: `sign`, and `generateToken` (the access-token rules, then sign).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Signer {
    Sign,
    Generate,
}

impl Signer {
    /// How this call reads its options (see `plans`).
    fn plan(self, options: &Options<'_>) -> SignPlan {
        match self {
            Signer::Sign => SignPlan::new(options),
            Signer::Generate => generate_plan(options),
        }
    }
}

impl SignCall<'_> {
    /// The token, or with `mutate` `{"token":…,"mutations":…}`, or the host's request (see
    /// `host`); errors carry the mutations too when `mutate` is set (what jsonwebtoken wrote
    /// before failing stays written).
    fn run(self, signer: Signer) -> Result<String, String> {
        let plan = plans::sign_plan(signer, self.options_wire).map_err(error_text)?;
        let payload = codes::payload(self.payload_kind, self.payload, self.shape, self.callback);
        let key = codes::key_input(self.key_kind, self.key);
        let mut mutations = Mutations::default();
        let recorded = self.mutate.then_some(&mut mutations);
        let host = host::host(self.host);
        let result = match signer {
            Signer::Sign => sign::sign_planned(&plan, payload, key, self.now, recorded, host),
            Signer::Generate => generate_token_planned(&plan, payload, key, self.now, recorded, host),
        };
        let outcome = result.map_err(|error| error_json(&error, self.mutate.then_some(&mutations)))?;
        let token = match outcome {
            Outcome::Done(token) => token,
            Outcome::Ask(request) if self.mutate => {
                let mut text = String::new();
                push_mutations(&mut text, &mutations);
                return host::request_text(&request, Some(&text));
            }
            Outcome::Ask(request) => return host::request_text(&request, None),
        };
        if !self.mutate {
            return Ok(token);
        }
        let mut out = String::from("{\"token\":");
        write::push_string(&mut out, &token);
        out.push_str(",\"mutations\":");
        push_mutations(&mut out, &mutations);
        out.push('}');
        Ok(out)
    }
}

/// The arguments of `verify`, as they cross the boundary (see `regions`). `now`: the clock
/// reading (the one `verifyPrepare` was given, when a `getSecret` callback came in between:
/// jsonwebtoken reads its clock before calling it). `host`: a host code (see `host`).
struct VerifyCall<'a> {
    token_kind: u8,
    token: &'a str,
    key_kind: u8,
    key: &'a [u8],
    /// The options text's bytes (UTF-8, checked only when the text is not one already planned).
    options_wire: &'a [u8],
    regexp_audience_matched: bool,
    now: f64,
    host: u8,
}

impl VerifyCall<'_> {
    /// The payload (or `{header,payload,signature}`) as JSON text, or the host's request when
    /// the host is to check the signature.
    fn run(self) -> Result<String, String> {
        let plan = plans::verify_plan(self.options_wire).map_err(error_text)?;
        let token = codes::token_input(self.token_kind, self.token);
        let key_source = codes::key_source(self.key_kind, self.key);
        let host = host::host(self.host);
        let outcome = verify::verify_planned(token, key_source, &plan, self.now, self.regexp_audience_matched, host)
            .map_err(error_text)?;
        match outcome {
            Outcome::Done(payload) => Ok(payload),
            Outcome::Ask(request) => host::request_text(&request, None),
        }
    }
}

/// The checks `verify` makes before it needs the key. Returns `{"now":…,"header":…}`: the clock
/// reading to verify with later, and the header a `getSecret(header, callback)` receives.
fn verify_prepare(token_kind: u8, token: &str, options_wire: &str, now: f64) -> Result<String, String> {
    let options = options(options_wire)?;
    let decoded = verify::prepare(codes::token_input(token_kind, token), &options).map_err(error_text)?;
    let mut out = String::from("{\"now\":");
    write::push_number(&mut out, now);
    out.push_str(",\"header\":");
    out.push_str(&decoded.header);
    out.push('}');
    Ok(out)
}

/// `decode(token, { complete, json })`: JSON text to parse, or the empty text for jsonwebtoken's
/// `null` (JSON text is never empty).
fn decode(token: &str, complete: bool, json: bool) -> Result<String, String> {
    let Some(decoded) = decode::decode(token, json).map_err(error_text)? else {
        return Ok(String::new());
    };
    Ok(if complete { decoded.complete_json() } else { decoded.payload.to_json() })
}

/// Diagnostic only (not part of the package's documented API): the size of this instance's
/// linear memory in bytes. Wasm memory grows and never shrinks, so this is the high-water mark
/// of everything the instance has held; the instance-health test bounds it.
#[wasm_bindgen(js_name = diagnosticWasmMemoryBytes)]
pub fn diagnostic_wasm_memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    let pages = core::arch::wasm32::memory_size::<0>();
    #[cfg(not(target_arch = "wasm32"))]
    let pages = 0usize;
    pages as f64 * 65_536.0
}
