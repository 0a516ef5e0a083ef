//! # rtc-token
//!
//! Access tokens for real-time rooms: the JWT core of an npm package that is a synchronous,
//! byte-for-byte drop-in for npm `jsonwebtoken` 9 in Node.js, Cloudflare Workers, Deno and Bun.
//!
//! Every rule lives here, as pure functions with the clock passed in; the `wasm` module is the
//! thin `#[wasm_bindgen]` boundary, and the npm package's JavaScript layer only converts
//! argument shapes. Tokens are built from JSON text exactly as `JSON.stringify` wrote it, so
//! they equal jsonwebtoken's to the byte. The rules of VideoSDK access tokens are
//! [`generate_token`] (the rules, then exactly `sign`) and [`verify_access_token`] (the
//! room-side check).
//!
//! Each call takes one request ([`SignRequest`], [`VerifyRequest`]) that its caller builds once;
//! [`sign`] and [`verify`] build it from an options object.
//!
//! ```
//! use rtc_token::{sign, verify, KeyInput, KeySource, Options, Payload, TokenInput};
//!
//! let options = Options::parse(r#"[["expiresIn","120m"],["algorithm","HS256"]]"#).unwrap();
//! let payload = Payload::Object { json: r#"{"apikey":"k","permissions":["allow_join"]}"#, shape: "" };
//! let signed = sign(payload, KeyInput::Text(b"secret"), &options, 1_700_000_000.0).unwrap();
//! assert!(signed.token.starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
//!
//! let none = Options::empty();
//! let claims = verify(TokenInput::Text(&signed.token), KeySource::Given(KeyInput::Text(b"secret")),
//!     &none, 1_700_000_060.0, false).unwrap();
//! assert_eq!(claims, r#"{"apikey":"k","permissions":["allow_join"],"iat":1700000000,"exp":1700007200}"#);
//! ```
#![deny(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

// One module per concern, private: the surface is the names re-exported below. Imports run one
// way (sign, verify and videosdk over key, signature, json and the rest; nothing outside `wasm`
// knows wasm).
mod algorithm;
mod base64url;
mod bytes;
mod decode;
mod error;
mod header;
mod json;
mod key;
mod options;
mod sign;
mod signature;
mod timespan;
mod uuid;
mod verify;
mod videosdk;
pub mod wasm;

// jsonwebtoken's calls: sign, verify, decode, and their arguments.
pub use decode::{decode, Decoded, DecodedPayload};
pub use options::{object_pairs, regexp_source, Options, Pair};
pub use sign::{sign, sign_with, ClaimShape, Mutations, Payload, SignPlan, SignRequest, Signed, UNNAMED};
pub use verify::{
    prepare as prepare_verify, verify, verify_with, KeySource, TokenInput, Verified, VerifyPlan, VerifyRequest,
};

// VideoSDK access tokens: generateToken, the room-side check, the claim rules.
pub use videosdk::{
    check_payload, generate_token, verify_access_token, warnings, Access, AccessClaims, Join, Permission, Role,
    DEFAULT_EXPIRES_IN, DEFAULT_MAX_LIFETIME,
};

// Keys, algorithms and errors.
pub use algorithm::Algorithm;
pub use error::{Error, ErrorClass, KeyRole};
pub use key::{resolve as resolve_key, Key, KeyInput, KeyType, ParsedKey};

// The asymmetric signature primitive delegated to the JavaScript host.
pub use signature::delegated::{fingerprint, Host, Outcome, Request as HostRequest};

// What JavaScript does that the calls above are built on: JSON as `JSON.parse` reads and
// `JSON.stringify` writes it, jsonwebtoken's time spans, base64url, uuids.
pub use base64url::{decode_lenient as base64url_decode_lenient, encode as base64url_encode};
pub use json::write::push_string as push_json_string;
pub use json::{parse_kind as parse_json_kind, JsonStr, Kind, Member, Members, Value};
pub use timespan::{milliseconds, resolve as resolve_timespan, Span};
pub use uuid::uuid4;
