//! # rtc-token
//!
//! Access tokens for real-time rooms: the JWT core of an npm package that is a synchronous,
//! byte-for-byte drop-in for npm `jsonwebtoken` 9 in Node.js, Cloudflare Workers, Deno and Bun.
//!
//! Every rule lives here, as pure functions with the clock passed in; the `wasm` module is the
//! thin `#[wasm_bindgen]` boundary, and the npm package's JavaScript layer only converts
//! argument shapes. Tokens are built from JSON text exactly as `JSON.stringify` wrote it, so
//! they equal jsonwebtoken's to the byte. [`videosdk`] holds the rules of VideoSDK access tokens:
//! [`generate_token`] (the rules, then exactly `sign`) and [`verify_access_token`] (the
//! room-side check).
//!
//! ```
//! use rtc_token::{sign, verify, KeyInput, KeySource, Options, Payload, TokenInput};
//!
//! let options = Options::parse(r#"[["expiresIn","120m"],["algorithm","HS256"]]"#).unwrap();
//! let payload = Payload::Object { json: r#"{"apikey":"k","permissions":["allow_join"]}"#, shape: "" };
//! let signed = sign::sign(payload, KeyInput::Text(b"secret"), &options, 1_700_000_000.0).unwrap();
//! assert!(signed.token.starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
//!
//! let none = Options::empty();
//! let claims = verify::verify(TokenInput::Text(&signed.token), KeySource::Given(KeyInput::Text(b"secret")),
//!     &none, 1_700_000_060.0, false).unwrap();
//! assert_eq!(claims, r#"{"apikey":"k","permissions":["allow_join"],"iat":1700000000,"exp":1700007200}"#);
//! ```
#![deny(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

pub mod algorithm;
pub mod base64url;
pub mod bytes;
pub mod decode;
pub mod error;
pub mod header;
pub mod hmac_keys;
pub mod json;
pub mod key;
pub mod options;
pub mod payload;
pub mod sign;
pub mod signature;
pub mod timespan;
pub mod uuid;
pub mod verify;
pub mod videosdk;
pub mod wasm;

pub use algorithm::Algorithm;
pub use error::{Error, ErrorClass};
pub use key::KeyInput;
pub use options::Options;
pub use sign::Payload;
pub use verify::{KeySource, TokenInput};
pub use videosdk::{generate_token, verify_access_token};
