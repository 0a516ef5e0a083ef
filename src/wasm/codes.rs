//! The small integer codes by which the package's JavaScript describes argument shapes
//! (`pkg-template/boundary/describe.mjs`), read into the core's inputs. The codes are `wire`'s.

use super::wire::*;
use crate::key::KeyInput;
use crate::sign::Payload;
use crate::verify::{KeySource, TokenInput};

/// The payload of a payload code (`PAYLOAD_…`) and its text (JSON text for a plain object).
/// `callback`: the callback form, whose jws stream meets an unusable payload earlier.
pub fn payload<'a>(kind: u8, text: &'a str, shape: &'a str, callback: bool) -> Payload<'a> {
    match kind {
        PAYLOAD_OBJECT => Payload::Object { json: text, shape },
        PAYLOAD_NOT_PLAIN_OBJECT => Payload::NotPlainObject,
        PAYLOAD_STRING => Payload::Text { text, type_name: "string" },
        PAYLOAD_NUMBER => Payload::Text { text, type_name: "number" },
        PAYLOAD_BOOLEAN => Payload::Text { text, type_name: "boolean" },
        PAYLOAD_BUFFER => Payload::Text { text, type_name: "object" },
        PAYLOAD_FUNCTION => Payload::Unsupported { type_name: "function", streamed: callback },
        PAYLOAD_SYMBOL => Payload::Unsupported { type_name: "symbol", streamed: callback },
        PAYLOAD_BIGINT => Payload::Unsupported { type_name: "bigint", streamed: callback },
        _ => Payload::Undefined,
    }
}

/// The key of a key code (`KEY_…`) and its bytes. A `getSecret` function (which only `verify`
/// takes, see [`key_source`]) is an invalid key anywhere else.
pub fn key_input(kind: u8, bytes: &[u8]) -> KeyInput<'_> {
    match kind {
        KEY_TEXT => KeyInput::Text(bytes),
        KEY_BYTES => KeyInput::Bytes(bytes),
        KEY_SECRET_KEY_OBJECT => KeyInput::SecretKeyObject(bytes),
        KEY_PRIVATE_KEY_OBJECT => KeyInput::PrivateKeyObject(bytes),
        KEY_PUBLIC_KEY_OBJECT => KeyInput::PublicKeyObject(bytes),
        KEY_FALSY => KeyInput::Invalid { truthy: false },
        KEY_TRUTHY | KEY_GET_SECRET_WITHOUT_CALLBACK | KEY_GET_SECRET_FAILED => KeyInput::Invalid { truthy: true },
        KEY_JWK => KeyInput::Jwk(bytes),
        KEY_DESCRIBED => KeyInput::Described(bytes),
        _ => KeyInput::Absent,
    }
}

/// The key of a `verify` call (codes as in [`key_input`]).
pub fn key_source(kind: u8, bytes: &[u8]) -> KeySource<'_> {
    match kind {
        KEY_GET_SECRET_WITHOUT_CALLBACK => KeySource::CallbackWithoutCallback,
        KEY_GET_SECRET_FAILED => KeySource::CallbackFailed(std::str::from_utf8(bytes).unwrap_or("")),
        _ => KeySource::Given(key_input(kind, bytes)),
    }
}

/// The token of a token code (`TOKEN_…`) and its text.
pub fn token_input(kind: u8, text: &str) -> TokenInput<'_> {
    match kind {
        TOKEN_TEXT => TokenInput::Text(text),
        TOKEN_NOT_STRING => TokenInput::NotString,
        _ => TokenInput::Missing,
    }
}
