//! Keys as callers give them → what jsonwebtoken's `createPrivateKey`/`createPublicKey`/
//! `createSecretKey` cascade makes of them: a secret, a private key or a public key.
//!
//! `sign` tries a private key first and falls back to a secret; `verify` tries a public key
//! (a private one yields its public half) and falls back to a secret. A PEM string that holds
//! no key for the role (a certificate given to `sign`, an encrypted PEM without its passphrase)
//! is an HMAC secret, exactly as in jsonwebtoken; key material is never one: every key type
//! OpenSSL reads is a key here too, and key armour we cannot read is refused (`read`). Parsed
//! keys are cached (`cache`).
//!
//! Secrets are told apart here, without parsing; everything that needs parsing (PEM, DER, JWK,
//! `{ key, passphrase }`) goes to `read`, which the `asymmetric` feature brings. Without it
//! that one step returns [`Error::AsymmetricUnavailable`], before anything else happened.

pub mod asymmetric;
#[cfg(feature = "asymmetric")]
mod cache;
pub mod check;
#[cfg(feature = "asymmetric")]
mod curves;
#[cfg(feature = "asymmetric")]
mod der;
#[cfg(feature = "asymmetric")]
mod jwk;
mod pem;
#[cfg(feature = "asymmetric")]
mod read;
#[cfg(feature = "asymmetric")]
mod spec;

use std::borrow::Cow;
use std::rc::Rc;

pub use asymmetric::{KeyType, ParsedKey};
#[cfg(all(test, feature = "asymmetric"))]
use cache::{len as cached_keys, parses};

use crate::error::{Error, KeyRole};

/// A key argument as the JavaScript layer describes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KeyInput<'a> {
    /// `undefined` or `null`.
    Absent,
    /// A string, as its UTF-8 bytes (jsonwebtoken: `Buffer.from(string)`).
    Text(&'a [u8]),
    /// A Buffer, TypedArray or DataView.
    Bytes(&'a [u8]),
    /// A `KeyObject` of type `secret`, as its bytes.
    SecretKeyObject(&'a [u8]),
    /// A `KeyObject` of type `private`, as its PKCS#8 DER export.
    PrivateKeyObject(&'a [u8]),
    /// A `KeyObject` of type `public`, as its SubjectPublicKeyInfo DER export.
    PublicKeyObject(&'a [u8]),
    /// A plain object with a string `kty`: a JWK, as JSON text (beyond jsonwebtoken).
    Jwk(&'a [u8]),
    /// A `{ key, passphrase, format, type }` object, in the form `spec` reads.
    Described(&'a [u8]),
    /// Anything else (`0`, `false`, a plain object…): no key can be made of it. `truthy` is
    /// the argument's JavaScript truthiness, which decides the first check.
    Invalid {
        /// `!!argument`.
        truthy: bool,
    },
}

impl KeyInput<'_> {
    /// JavaScript truthiness of the argument (`!secretOrPrivateKey`).
    pub fn is_truthy(&self) -> bool {
        match self {
            KeyInput::Absent => false,
            KeyInput::Text(bytes) => !bytes.is_empty(),
            KeyInput::Invalid { truthy } => *truthy,
            _ => true,
        }
    }
}

/// The key a call will use.
#[derive(Debug, Clone)]
pub enum Key<'a> {
    /// A shared secret (`KeyObject.type === 'secret'`).
    Secret(Cow<'a, [u8]>),
    /// A private key.
    Private(Rc<ParsedKey>),
    /// A public key.
    Public(Rc<ParsedKey>),
}

impl Key<'_> {
    /// The asymmetric key, if it is one.
    pub fn asymmetric(&self) -> Option<&ParsedKey> {
        match self {
            Key::Secret(_) => None,
            Key::Private(key) | Key::Public(key) => Some(key),
        }
    }
}

/// The key jsonwebtoken would derive from `input` for `sign`/`verify`, `None` when the argument
/// is `undefined`/`null`.
///
/// ```
/// use rtc_token::{resolve_key, Key, KeyInput, KeyRole};
/// let key = resolve_key(KeyInput::Text(b"shhhhh"), KeyRole::Signing).unwrap();
/// assert!(matches!(key, Some(Key::Secret(_))));
/// ```
pub fn resolve(input: KeyInput<'_>, role: KeyRole) -> Result<Option<Key<'_>>, Error> {
    Ok(Some(match input {
        KeyInput::Absent => return Ok(None),
        // The cheap test keeps every ordinary HMAC secret off the cache and the parsers.
        KeyInput::Text(bytes) | KeyInput::Bytes(bytes) if !pem::looks_like_pem(bytes) => {
            Key::Secret(Cow::Borrowed(bytes))
        }
        KeyInput::SecretKeyObject(bytes) => Key::Secret(Cow::Borrowed(bytes)),
        KeyInput::Invalid { .. } => return Err(invalid(role)),
        _ => return parse(input, role).map(Some),
    }))
}

/// The error for a key argument no key can be made of.
fn invalid(role: KeyRole) -> Error {
    match role {
        KeyRole::Signing => Error::KeyMaterialInvalid,
        KeyRole::Verifying => Error::PublicKeyMaterialInvalid,
    }
}

/// PEM text (which may still turn out to be a secret), DER, a JWK or `{ key, passphrase }`.
#[cfg(feature = "asymmetric")]
fn parse(input: KeyInput<'_>, role: KeyRole) -> Result<Key<'_>, Error> {
    read::parse(input, role)
}

/// The HMAC-only core reads no key: the caller (the npm package's main entry) runs the call
/// again on the full core, which reaches this point having done exactly the same.
#[cfg(not(feature = "asymmetric"))]
fn parse(_: KeyInput<'_>, role: KeyRole) -> Result<Key<'_>, Error> {
    Err(Error::AsymmetricUnavailable(role))
}

#[cfg(all(test, feature = "asymmetric"))]
mod tests;
