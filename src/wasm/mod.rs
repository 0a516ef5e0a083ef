//! The `#[wasm_bindgen]` boundary: strings and bytes in, one string out, once per call.
//!
//! Every export takes and returns plain numbers: the arguments' bytes lie in the module's memory
//! (`regions`), the clock reading comes in as a number (jsonwebtoken's
//! `Math.floor(Date.now() / 1000)`, read by `pkg-template/boundary/regions.mjs`), and the module
//! imports nothing from JavaScript that takes or returns a value. Why: V8 compiles a wrapper for
//! each such import, and for each export returning several values (wasm-bindgen's `Result<String,
//! JsValue>`), when it compiles the module — 1.5 ms of a 10 ms cold start (README, Performance).
//! Argument shapes are described by small integer codes that `pkg-template/boundary/describe.mjs`
//! computes (see `codes`); errors leave as a JSON string that the JavaScript layer turns into
//! jsonwebtoken's classes (`pkg-template/boundary/answers.mjs`). Every code, flag, size and JSON
//! member name both sides use is a constant of [`wire`], checked against its JavaScript twin by
//! `tests/wire.rs`.

mod codes;
mod host;
mod plans;
#[cfg(feature = "host-random")]
mod random;
mod regions;
mod videosdk;
pub mod wire;

use wasm_bindgen::prelude::*;

use crate::error::{Delivery, Error};
use crate::json::write;
use crate::options::Options;
use crate::sign::{sign_with, Mutations, SignPlan, SignRequest};
use crate::signature::delegated::Outcome;
use crate::verify::{self, verify_with, VerifyRequest};
use crate::videosdk::{generate_plan, generate_token_with};

/// An error as the JavaScript layer reads it:
/// `{"class":…,"message":…,"delivery":…,"at":…,"needsFullCore":true,"json":…,"mutations":…}`, plus
/// `"inner":{…}` (the same form) for the room-side check's refusals. The member names and the
/// delivery values are `wire`'s.
fn error_json(error: &Error, mutations: Option<&Mutations>) -> String {
    let mut out = String::from("{");
    let class = error.class();
    push_name(&mut out, wire::ERROR_CLASS);
    write::push_string(&mut out, class.name());
    push_name(&mut out, wire::ERROR_MESSAGE);
    write::push_string(&mut out, &error.to_string());
    push_name(&mut out, wire::ERROR_DELIVERY);
    write::push_string(
        &mut out,
        match error.delivery() {
            Delivery::Callback => wire::DELIVERY_CALLBACK,
            Delivery::CallbackLater => wire::DELIVERY_LATER,
            Delivery::Thrown => wire::DELIVERY_THROWN,
        },
    );
    if let Some(at) = class.time() {
        push_name(&mut out, wire::ERROR_AT);
        write::push_number(&mut out, at);
    }
    if let Error::AsymmetricUnavailable(_) = error {
        // The HMAC-only core's sentinel: the main entry runs the same call on the full core
        // (pkg-template/boundary/cores.mjs looks for exactly this member).
        push_name(&mut out, wire::ERROR_NEEDS_FULL_CORE);
        out.push_str("true");
    }
    if let Error::PayloadNotJson(text) = error {
        push_name(&mut out, wire::ERROR_JSON);
        write::push_string(&mut out, text);
    }
    if let Error::AccessRefused(inner) = error {
        push_name(&mut out, wire::ERROR_INNER);
        out.push_str(&error_json(inner, None));
    }
    if let Some(mutations) = mutations {
        push_name(&mut out, wire::MUTATIONS);
        push_mutations(&mut out, mutations);
    }
    out.push('}');
    out
}

/// A member's name and colon, after a comma unless it is the object's first: `,"name":`. The
/// names are `wire`'s, none of which needs escaping.
fn push_name(out: &mut String, name: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    out.push('"');
    out.push_str(name);
    out.push_str("\":");
}

/// An error without mutations, as the JavaScript layer reads it: the form of `map_err`.
fn error_text(error: Error) -> String {
    error_json(&error, None)
}

/// `{"claims":…,"deleteIat":…,"undefinedClaim":…}`: what jsonwebtoken wrote into the payload.
fn push_mutations(out: &mut String, mutations: &Mutations) {
    out.push('{');
    push_name(out, wire::MUTATIONS_CLAIMS);
    out.push_str(&mutations.claims);
    push_name(out, wire::MUTATIONS_DELETE_IAT);
    out.push_str(if mutations.iat_deleted { "true" } else { "false" });
    if let Some(claim) = mutations.undefined_claim {
        push_name(out, wire::MUTATIONS_UNDEFINED_CLAIM);
        write::push_string(out, claim);
    }
    out.push('}');
}

/// The options of a call, or the error text the JavaScript layer reads.
fn options(wire: &str) -> Result<Options<'_>, String> {
    Options::parse(wire).map_err(error_text)
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

/// `sign` or `generateToken` as `request` says (built by `regions` from the arguments): the token,
/// or with `mutate` (`mutatePayload`) `{"token":…,"mutations":…}`, or the host's request (see
/// `host`); errors carry the mutations too when `mutate` is set (what jsonwebtoken wrote before
/// failing stays written).
fn sign(signer: Signer, request: &SignRequest<'_>, mutate: bool) -> Result<String, String> {
    let mut mutations = Mutations::default();
    let recorded = mutate.then_some(&mut mutations);
    let result = match signer {
        Signer::Sign => sign_with(request, recorded),
        Signer::Generate => generate_token_with(request, recorded),
    };
    let outcome = result.map_err(|error| error_json(&error, mutate.then_some(&mutations)))?;
    let token = match outcome {
        Outcome::Done(token) => token,
        Outcome::Ask(request) if mutate => {
            let mut text = String::new();
            push_mutations(&mut text, &mutations);
            return host::request_text(&request, Some(&text));
        }
        Outcome::Ask(request) => return host::request_text(&request, None),
    };
    if !mutate {
        return Ok(token);
    }
    let mut out = String::from("{");
    push_name(&mut out, wire::SIGNED_TOKEN);
    write::push_string(&mut out, &token);
    push_name(&mut out, wire::MUTATIONS);
    push_mutations(&mut out, &mutations);
    out.push('}');
    Ok(out)
}

/// `verify` as `request` says (built by `regions` from the arguments; its `now` is the clock
/// reading `verifyPrepare` was given when a `getSecret` callback came in between: jsonwebtoken
/// reads its clock before calling it): the payload (or `{header,payload,signature}`) as JSON text,
/// or the host's request when the host is to check the signature.
fn verify(request: &VerifyRequest<'_>) -> Result<String, String> {
    match verify_with(request).map_err(error_text)? {
        Outcome::Done(payload) => Ok(payload),
        Outcome::Ask(request) => host::request_text(&request, None),
    }
}

/// The checks `verify` makes before it needs the key. Returns `{"now":…,"header":…}`: the clock
/// reading to verify with later, and the header a `getSecret(header, callback)` receives.
fn verify_prepare(token_kind: u8, token: &str, options_wire: &str, now: f64) -> Result<String, String> {
    let options = options(options_wire)?;
    let decoded = verify::prepare(codes::token_input(token_kind, token), &options).map_err(error_text)?;
    let mut out = String::from("{");
    push_name(&mut out, wire::PREPARED_NOW);
    write::push_number(&mut out, now);
    push_name(&mut out, wire::PREPARED_HEADER);
    out.push_str(&decoded.header);
    out.push('}');
    Ok(out)
}

/// `decode(token, { complete, json })`: JSON text to parse, or the empty text for jsonwebtoken's
/// `null` (JSON text is never empty).
fn decode(token: &str, complete: bool, json: bool) -> Result<String, String> {
    let Some(decoded) = crate::decode(token, json).map_err(error_text)? else {
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
