//! The small integer codes by which `pkg-template/api.mjs` describes argument shapes. Keep the
//! two files in step: the numbers are listed in both.

use crate::key::KeyInput;
use crate::sign::Payload;
use crate::verify::{KeySource, TokenInput};

/// Payload codes: 0 undefined, 1 plain object (JSON text), 2 other object, 3 string,
/// 4 number, 5 boolean, 6 Buffer (text = `buffer.toString()`), 7 function, 8 symbol, 9 bigint.
/// `callback`: the callback form, whose jws stream meets an unusable payload earlier.
pub fn payload<'a>(kind: u8, text: &'a str, shape: &'a str, callback: bool) -> Payload<'a> {
    match kind {
        1 => Payload::Object { json: text, shape },
        2 => Payload::NotPlainObject,
        3 => Payload::Text { text, type_name: "string" },
        4 => Payload::Text { text, type_name: "number" },
        5 => Payload::Text { text, type_name: "boolean" },
        6 => Payload::Text { text, type_name: "object" },
        7 => Payload::Unsupported { type_name: "function", streamed: callback },
        8 => Payload::Unsupported { type_name: "symbol", streamed: callback },
        9 => Payload::Unsupported { type_name: "bigint", streamed: callback },
        _ => Payload::Undefined,
    }
}

/// Key codes: 0 undefined/null, 1 string (UTF-8 bytes), 2 Buffer/TypedArray/DataView,
/// 3 secret KeyObject (its bytes), 4 private KeyObject (its PKCS#8 DER export), 5 public
/// KeyObject (its SPKI DER export), 6 other falsy, 7 other truthy, 8 a `getSecret` function in
/// a synchronous call, 9 `getSecret` failed (bytes = its error message), 10 a plain object with
/// a string `kty` (bytes = its JSON), 11 a plain object with a `key` (bytes: see `key::spec`).
pub fn key_input(kind: u8, bytes: &[u8]) -> KeyInput<'_> {
    match kind {
        1 => KeyInput::Text(bytes),
        2 => KeyInput::Bytes(bytes),
        3 => KeyInput::SecretKeyObject(bytes),
        4 => KeyInput::PrivateKeyObject(bytes),
        5 => KeyInput::PublicKeyObject(bytes),
        6 => KeyInput::Invalid { truthy: false },
        7..=9 => KeyInput::Invalid { truthy: true },
        10 => KeyInput::Jwk(bytes),
        11 => KeyInput::Described(bytes),
        _ => KeyInput::Absent,
    }
}

/// The key of a `verify` call (codes as in [`key_input`]).
pub fn key_source(kind: u8, bytes: &[u8]) -> KeySource<'_> {
    match kind {
        8 => KeySource::CallbackWithoutCallback,
        9 => KeySource::CallbackFailed(std::str::from_utf8(bytes).unwrap_or("")),
        _ => KeySource::Given(key_input(kind, bytes)),
    }
}

/// Token codes: 0 falsy, 1 string, 2 truthy non-string.
pub fn token_input(kind: u8, text: &str) -> TokenInput<'_> {
    match kind {
        1 => TokenInput::Text(text),
        2 => TokenInput::NotString,
        _ => TokenInput::Missing,
    }
}
