//! The calls of the core: JavaScript writes the arguments' bytes straight into an input region
//! of this module's memory, one after another, and reads the answer back from an output region
//! (`pkg-template/boundary/regions.mjs`). Each export takes the fields' lengths and returns the
//! answer's. The sizes, region kinds and flags are `wire`'s.
//!
//! Why not wasm-bindgen's own passing of strings: it allocates and frees one buffer per argument
//! and per result (each a call into the allocator) and copies ASCII text one character at a time
//! in JavaScript. For a token that costs a few microseconds in all, that was a sixth of the call.
//! And a `Result<String, JsValue>` export returns four values, for which V8 compiles a wrapper
//! when it compiles the module (see the parent module). The input region is allocated once and
//! reused (given back down to [`INPUT_KEEP`] after a large call); the output region is the
//! answer's own buffer.
//!
//! The exports take their arguments in one order: the codes, the fields' lengths in the order the
//! fields lie in the input region, the flags, the host code, and the clock reading last.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::wire::{
    DECODE_COMPLETE, DECODE_JSON, INPUT_KEEP, OPTIONS_KEPT, OPTIONS_REGION_SIGN, OPTIONS_REGION_VERIFY, OPTIONS_ROOM,
    SIGN_CALLBACK, SIGN_GENERATE, SIGN_MUTATE, VERIFY_REGEXP_AUDIENCE_MATCHED,
};
use super::{codes, error_json, error_text, host, plans, videosdk, Signer};
use crate::error::Error;
use crate::sign::SignRequest;
use crate::verify::VerifyRequest;

#[derive(Default)]
struct Regions {
    /// Kept between calls at [`INPUT_KEEP`] bytes, in place: JavaScript writes a call that fits at
    /// the address it was last given. A larger one (a megabyte payload) is released after use,
    /// and JavaScript asks for its address again.
    input: Vec<u8>,
    /// Each call's answer itself, freed by the next call.
    output: Vec<u8>,
    /// `sign`'s and `verify`'s options regions ([`OPTIONS_ROOM`] bytes each), allocated on first
    /// use. A server's options text is the same on every call, so JavaScript writes it into its
    /// region only when it changes, and the core reads it from there ([`OPTIONS_KEPT`]). They
    /// never move; only JavaScript writes them. A longer options text travels with the other
    /// arguments in the input region.
    options: [Vec<u8>; 2],
}

thread_local! {
    // wasm32 runs one thread; natively each test thread gets its own regions.
    static REGIONS: RefCell<Regions> = RefCell::new(Regions::default());
}

/// Makes the input region at least `len` bytes long and returns its address (0 when memory
/// cannot grow that far: the caller then reports the failure rather than writing anywhere).
#[wasm_bindgen(js_name = inputRegion)]
pub fn input_region(len: usize) -> usize {
    REGIONS.with(|regions| {
        let Ok(mut regions) = regions.try_borrow_mut() else {
            return 0;
        };
        let input = &mut regions.input;
        if input.len() < len {
            if input.try_reserve_exact(len - input.len()).is_err() {
                return 0;
            }
            input.resize(len, 0);
        }
        input.as_ptr() as usize
    })
}

/// The address of options region `kind` ([`OPTIONS_REGION_SIGN`]: sign and generateToken,
/// [`OPTIONS_REGION_VERIFY`]: verify), allocated at the first call; 0 when memory cannot be had
/// (JavaScript then never hands over a text there).
#[wasm_bindgen(js_name = optionsRegion)]
pub fn options_region(kind: u8) -> usize {
    REGIONS.with(|regions| {
        let Ok(mut regions) = regions.try_borrow_mut() else {
            return 0;
        };
        let Some(region) = regions.options.get_mut(usize::from(kind)) else {
            return 0;
        };
        if region.is_empty() {
            if region.try_reserve_exact(OPTIONS_ROOM).is_err() {
                return 0;
            }
            region.resize(OPTIONS_ROOM, 0);
        }
        region.as_ptr() as usize
    })
}

/// The address of the output region, where the last call left its answer.
#[wasm_bindgen(js_name = outputRegion)]
pub fn output_region() -> usize {
    REGIONS.with(|regions| regions.try_borrow().map(|r| r.output.as_ptr() as usize).unwrap_or(0))
}

/// `sign` or `generateToken`: the payload's code (see `codes`) and text (JSON text for a plain
/// object), its claim shape (see `sign::ClaimShape`), the key's code and bytes, the options text,
/// the host code (see `host`); their bytes lie in the input region in the order key, options,
/// shape, payload, the options text unless it is in the options region ([`OPTIONS_KEPT`]).
/// `flags`: [`SIGN_MUTATE`], [`SIGN_CALLBACK`], [`SIGN_GENERATE`], [`OPTIONS_KEPT`]; `now`: the
/// clock reading. One [`SignRequest`] is built of them and passed down (see `super::sign`). Returns the answer's
/// length in the output region: `n ≥ 0`, the token (or `{"token":…,"mutations":…}`, or the
/// host's request); `n < 0`, an error's JSON text of length `-n - 1`.
// Many arguments by design: an export's arguments are plain numbers (no value crosses that would
// make V8 compile a wrapper), and the request struct is built from them right below.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = signRegion)]
pub fn sign_region(
    payload_kind: u8,
    key_kind: u8,
    key_len: usize,
    wire_len: usize,
    shape_len: usize,
    payload_len: usize,
    flags: u8,
    host: u8,
    now: f64,
) -> i32 {
    let signer = if flags & SIGN_GENERATE != 0 { Signer::Generate } else { Signer::Sign };
    in_regions(OPTIONS_REGION_SIGN, |input, options| {
        let mut fields = Fields(input);
        let key = fields.bytes(key_len)?;
        let options_wire = fields.options(options, flags, wire_len)?;
        let shape = fields.text(shape_len)?;
        let payload = fields.text(payload_len)?;
        let plan = plans::sign_plan(signer, options_wire).map_err(error_text)?;
        let request = SignRequest {
            payload: codes::payload(payload_kind, payload, shape, flags & SIGN_CALLBACK != 0),
            key: codes::key_input(key_kind, key),
            plan: &plan,
            now,
            host: host::host(host),
        };
        super::sign(signer, &request, flags & SIGN_MUTATE != 0)
    })
}

/// `verify`: the token's code (see `codes`) and text, the key's code and bytes, the options text,
/// the host code (see `host`) and `now`, the clock reading (see `super::verify`). One
/// [`VerifyRequest`] is built of them and passed down. The bytes of key, options and token lie in
/// the input region in that order, the options text unless it is in the options region. `flags`:
/// [`VERIFY_REGEXP_AUDIENCE_MATCHED`], [`OPTIONS_KEPT`]. Answer as [`sign_region`]'s: the
/// payload's (or the complete token's) JSON text, the host's request, or an error.
// Plain numbers, as `sign_region`'s.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = verifyRegion)]
pub fn verify_region(
    token_kind: u8,
    key_kind: u8,
    key_len: usize,
    wire_len: usize,
    token_len: usize,
    flags: u8,
    host: u8,
    now: f64,
) -> i32 {
    in_regions(OPTIONS_REGION_VERIFY, |input, options| {
        let mut fields = Fields(input);
        let key = fields.bytes(key_len)?;
        let options_wire = fields.options(options, flags, wire_len)?;
        let token = fields.text(token_len)?;
        let plan = plans::verify_plan(options_wire).map_err(error_text)?;
        let request = VerifyRequest {
            token: codes::token_input(token_kind, token),
            key: codes::key_source(key_kind, key),
            plan: &plan,
            now,
            regexp_audience_matched: flags & VERIFY_REGEXP_AUDIENCE_MATCHED != 0,
            host: host::host(host),
        };
        super::verify(&request)
    })
}

/// `verify`'s checks before a `getSecret` callback (see `super::verify_prepare`): options text
/// and token in the input region.
#[wasm_bindgen(js_name = verifyPrepareRegion)]
pub fn verify_prepare_region(token_kind: u8, wire_len: usize, token_len: usize, now: f64) -> i32 {
    in_regions(NO_OPTIONS_REGION, |input, _| {
        let mut fields = Fields(input);
        let options_wire = fields.text(wire_len)?;
        let token = fields.text(token_len)?;
        super::verify_prepare(token_kind, token, options_wire, now)
    })
}

/// `decode` (see `super::decode`): the token in the input region; `flags`: [`DECODE_COMPLETE`],
/// [`DECODE_JSON`]. An answer of 0 is jsonwebtoken's `null`.
#[wasm_bindgen(js_name = decodeRegion)]
pub fn decode_region(token_len: usize, flags: u8) -> i32 {
    in_regions(NO_OPTIONS_REGION, |input, _| {
        let token = Fields(input).text(token_len)?;
        super::decode(token, flags & DECODE_COMPLETE != 0, flags & DECODE_JSON != 0)
    })
}

/// `uuid4`: a random uuid (the host has filled the random pool, see `super::random`).
#[wasm_bindgen(js_name = uuid4Region)]
pub fn uuid4_region() -> i32 {
    in_regions(NO_OPTIONS_REGION, |_, _| videosdk::uuid4())
}

/// `verifyAccessToken`: key, options text and token in the input region.
#[wasm_bindgen(js_name = verifyAccessTokenRegion)]
pub fn verify_access_token_region(
    token_kind: u8,
    key_kind: u8,
    key_len: usize,
    wire_len: usize,
    token_len: usize,
    now: f64,
) -> i32 {
    in_regions(NO_OPTIONS_REGION, |input, _| {
        let mut fields = Fields(input);
        let key = fields.bytes(key_len)?;
        let options_wire = fields.text(wire_len)?;
        let token = fields.text(token_len)?;
        videosdk::verify_access_token(token_kind, token, key_kind, key, options_wire, now)
    })
}

/// The calls other than `sign` and `verify` take their options text, if any, in the input region:
/// no options region (those are [`OPTIONS_REGION_SIGN`] and [`OPTIONS_REGION_VERIFY`]).
const NO_OPTIONS_REGION: u8 = 2;

/// Runs `call` on the input region and options region `kind` (empty for
/// [`NO_OPTIONS_REGION`]) and leaves its answer in the output region (see [`sign_region`] for the
/// length convention).
fn in_regions(kind: u8, call: impl FnOnce(&[u8], &[u8]) -> Result<String, String>) -> i32 {
    REGIONS.with(|regions| {
        let Ok(mut regions) = regions.try_borrow_mut() else {
            return answer_without_regions();
        };
        let Regions { input, output, options } = &mut *regions;
        let options = options.get(usize::from(kind)).map(Vec::as_slice).unwrap_or_default();
        let (text, ok) = match call(input, options) {
            Ok(text) => (text, true),
            Err(text) => (text, false),
        };
        // The answer's own buffer becomes the output region (no copy); the previous one is freed.
        *output = text.into_bytes();
        // Only a region grown past INPUT_KEEP is given back: one of INPUT_KEEP bytes stays where it is.
        if input.len() > INPUT_KEEP {
            input.truncate(INPUT_KEEP);
            input.shrink_to(INPUT_KEEP);
        }
        let len = i32::try_from(output.len()).unwrap_or(i32::MAX);
        if ok {
            len
        } else {
            -len.saturating_add(1)
        }
    })
}

/// The regions are held by a call in progress: only possible if a call re-entered this module,
/// which none does. Answer with an empty error rather than touch the regions.
fn answer_without_regions() -> i32 {
    -1
}

/// Consecutive fields of the input region.
struct Fields<'a>(&'a [u8]);

impl<'a> Fields<'a> {
    fn bytes(&mut self, len: usize) -> Result<&'a [u8], String> {
        let Some((field, rest)) = self.0.split_at_checked(len) else {
            return Err(error_json(&Error::BoundaryFormat, None));
        };
        self.0 = rest;
        Ok(field)
    }

    /// The options text: in the options region when the JavaScript layer kept it there
    /// ([`OPTIONS_KEPT`] in `flags`), else the next field.
    fn options(&mut self, region: &'a [u8], flags: u8, len: usize) -> Result<&'a [u8], String> {
        if flags & OPTIONS_KEPT != 0 {
            Fields(region).bytes(len)
        } else {
            self.bytes(len)
        }
    }

    /// Text fields were written by `TextEncoder`/`Buffer.write`, so they are UTF-8.
    fn text(&mut self, len: usize) -> Result<&'a str, String> {
        let bytes = self.bytes(len)?;
        std::str::from_utf8(bytes).map_err(|_| error_json(&Error::BoundaryFormat, None))
    }
}
