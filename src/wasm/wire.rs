//! The wire contract: every number and name that the core and the package's JavaScript must agree
//! on, defined here once.
//!
//! `pkg-template/boundary/wire.mjs` holds the JavaScript twin of each constant, with the same name
//! and value, and the package's hand-written JavaScript uses those names and never the bare values.
//! `tests/wire.rs` reads that file and fails when a value differs or either side has a constant the
//! other lacks. So in `src/wasm/`, `pub const` is kept for wire constants: one that only Rust reads
//! stays private where it is used.
//!
//! Five groups: the argument codes (`codes`), the host codes (`host`), the regions' sizes and
//! kinds and the exports' flags (`regions`), and the members of the JSON texts the JavaScript
//! layer reads (the error JSON, `sign`'s answer with mutations, `verifyPrepare`'s answer).

// Payload codes (`codes::payload`): the JavaScript type of sign's payload.
/// `undefined`.
pub const PAYLOAD_UNDEFINED: u8 = 0;
/// A plain object (the text is its `JSON.stringify`).
pub const PAYLOAD_OBJECT: u8 = 1;
/// Any other object.
pub const PAYLOAD_NOT_PLAIN_OBJECT: u8 = 2;
/// A string.
pub const PAYLOAD_STRING: u8 = 3;
/// A number (the text is `String(payload)`).
pub const PAYLOAD_NUMBER: u8 = 4;
/// A boolean (the text is `String(payload)`).
pub const PAYLOAD_BOOLEAN: u8 = 5;
/// A Buffer (the text is `buffer.toString()`).
pub const PAYLOAD_BUFFER: u8 = 6;
/// A function.
pub const PAYLOAD_FUNCTION: u8 = 7;
/// A symbol.
pub const PAYLOAD_SYMBOL: u8 = 8;
/// A bigint.
pub const PAYLOAD_BIGINT: u8 = 9;

// Key codes (`codes::key_input`, `codes::key_source`): the JavaScript shape of a key or secret.
/// `undefined` or `null`.
pub const KEY_ABSENT: u8 = 0;
/// A string (the bytes are its UTF-8).
pub const KEY_TEXT: u8 = 1;
/// A Buffer, TypedArray, DataView, ArrayBuffer or SharedArrayBuffer (its bytes).
pub const KEY_BYTES: u8 = 2;
/// A secret KeyObject (its bytes).
pub const KEY_SECRET_KEY_OBJECT: u8 = 3;
/// A private KeyObject (its PKCS#8 DER export).
pub const KEY_PRIVATE_KEY_OBJECT: u8 = 4;
/// A public KeyObject (its SPKI DER export).
pub const KEY_PUBLIC_KEY_OBJECT: u8 = 5;
/// Any other falsy value.
pub const KEY_FALSY: u8 = 6;
/// Any other truthy value.
pub const KEY_TRUTHY: u8 = 7;
/// A `getSecret` function given to `verify` without a callback.
pub const KEY_GET_SECRET_WITHOUT_CALLBACK: u8 = 8;
/// `getSecret` called back with an error (the bytes are its message).
pub const KEY_GET_SECRET_FAILED: u8 = 9;
/// A plain object with a string `kty`: a JWK (the bytes are its JSON).
pub const KEY_JWK: u8 = 10;
/// A plain object with a `key` member (the bytes: see `key::spec`).
pub const KEY_DESCRIBED: u8 = 11;

// Token codes (`codes::token_input`): the JavaScript type of verify's token.
/// A falsy value.
pub const TOKEN_MISSING: u8 = 0;
/// A string.
pub const TOKEN_TEXT: u8 = 1;
/// A truthy value that is not a string.
pub const TOKEN_NOT_STRING: u8 = 2;

// Host codes (`host::host`): what a call is offered, or what the host found.
/// No host: every signature is made and checked in wasm.
pub const HOST_NONE: u8 = 0;
/// The host offers node:crypto: ask it for asymmetric signatures.
pub const HOST_OFFERED: u8 = 1;
/// The host found the signature asked about valid.
pub const HOST_VALID: u8 = 2;
/// The host found the signature asked about invalid.
pub const HOST_INVALID: u8 = 3;
/// The first character (as a UTF-16 code unit) of an answer that is a request to the host
/// (`host::request_text`); no other answer starts with it.
pub const HOST_REQUEST_MARK: u8 = 1;

// The regions (`regions`).
/// The input region's size kept between calls: a call whose fields fit is written at the address
/// the last `inputRegion` returned.
pub const INPUT_KEEP: usize = 64 * 1024;
/// The size of each options region: a longer options text travels in the input region.
pub const OPTIONS_ROOM: usize = 4096;
/// `optionsRegion`'s kind for the options of `sign` and `generateToken`.
pub const OPTIONS_REGION_SIGN: u8 = 0;
/// `optionsRegion`'s kind for the options of `verify`.
pub const OPTIONS_REGION_VERIFY: u8 = 1;
/// The bytes the host writes at `randomPoolDue`'s address (the size of `uuid`'s pool).
pub const RANDOM_POOL: usize = crate::uuid::POOL;

// Flags of `signRegion`, `verifyRegion` and `decodeRegion`.
/// sign: `mutatePayload`.
pub const SIGN_MUTATE: u8 = 1;
/// sign: the callback form.
pub const SIGN_CALLBACK: u8 = 2;
/// sign: `generateToken` (the access-token rules, then `sign`) rather than `sign`.
pub const SIGN_GENERATE: u8 = 4;
/// sign and verify: the options text is the first `wire_len` bytes of the call's options region,
/// not a field of the input region.
pub const OPTIONS_KEPT: u8 = 8;
/// verify: a `RegExp` audience matched (JavaScript ran it).
pub const VERIFY_REGEXP_AUDIENCE_MATCHED: u8 = 1;
/// decode: `complete`.
pub const DECODE_COMPLETE: u8 = 1;
/// decode: `json`.
pub const DECODE_JSON: u8 = 2;

// The error JSON (`error_json`): `{"class":…,"message":…,"delivery":…}` and the optional members.
/// The JavaScript class to throw (`ErrorClass::name`).
pub const ERROR_CLASS: &str = "class";
/// The message.
pub const ERROR_MESSAGE: &str = "message";
/// How the callback form hands the error over: one of the `DELIVERY_` values.
pub const ERROR_DELIVERY: &str = "delivery";
/// `expiredAt` or `date`, in seconds (`ErrorClass::time`).
pub const ERROR_AT: &str = "at";
/// `true` from the HMAC-only core where it would need the full one: the main entry runs the
/// same call again on the full core.
pub const ERROR_NEEDS_FULL_CORE: &str = "needsFullCore";
/// For a `SyntaxError`: the text JavaScript's `JSON.parse` is to fail on itself.
pub const ERROR_JSON: &str = "json";
/// The cause of the room-side check's refusal, in the same form.
pub const ERROR_INNER: &str = "inner";
/// The error was delivered to the callback synchronously.
pub const DELIVERY_CALLBACK: &str = "callback";
/// The error was delivered to the callback on the next tick.
pub const DELIVERY_LATER: &str = "later";
/// The error is thrown even in the callback form.
pub const DELIVERY_THROWN: &str = "thrown";

// sign's answer with `mutatePayload` (`{"token":…,"mutations":…}`), and the mutations (also a
// member of the error JSON, and the third part of a host request from sign).
/// The token.
pub const SIGNED_TOKEN: &str = "token";
/// What jsonwebtoken wrote into the caller's payload.
pub const MUTATIONS: &str = "mutations";
/// The claims written, as a JSON object.
pub const MUTATIONS_CLAIMS: &str = "claims";
/// Whether `iat` was deleted.
pub const MUTATIONS_DELETE_IAT: &str = "deleteIat";
/// The claim set to `undefined`, if any.
pub const MUTATIONS_UNDEFINED_CLAIM: &str = "undefinedClaim";

// verifyPrepare's answer (`{"now":…,"header":…}`).
/// The clock reading to verify with once the key arrives.
pub const PREPARED_NOW: &str = "now";
/// The header a `getSecret(header, callback)` receives.
pub const PREPARED_HEADER: &str = "header";
