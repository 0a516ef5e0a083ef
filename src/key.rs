//! Keys as callers give them → what jsonwebtoken's `createPrivateKey`/`createPublicKey`/
//! `createSecretKey` cascade would make of them.

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
    /// A `KeyObject` of type `private`.
    PrivateKeyObject,
    /// A `KeyObject` of type `public`.
    PublicKeyObject,
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Key<'a> {
    /// A shared secret (`KeyObject.type === 'secret'`).
    Secret(&'a [u8]),
    /// A private key.
    Private,
    /// A public key.
    Public,
}

/// The key jsonwebtoken would derive from `input` for `sign`/`verify`, `None` when the argument
/// is `undefined`/`null`.
pub fn resolve<'a>(input: KeyInput<'a>, role: KeyRole) -> Result<Option<Key<'a>>, Error> {
    let invalid = match role {
        KeyRole::Signing => Error::KeyMaterialInvalid,
        KeyRole::Verifying => Error::PublicKeyMaterialInvalid,
    };
    Ok(Some(match input {
        KeyInput::Absent => return Ok(None),
        KeyInput::Text(bytes) | KeyInput::Bytes(bytes) => match pem_kind(bytes) {
            // createPrivateKey reads only private PEM; createPublicKey reads both (it derives
            // the public half), so a private PEM is a public key to `verify`.
            Some(PemKind::Private) => match role {
                KeyRole::Signing => Key::Private,
                KeyRole::Verifying => Key::Public,
            },
            Some(PemKind::Public) if role == KeyRole::Verifying => Key::Public,
            _ => Key::Secret(bytes),
        },
        KeyInput::SecretKeyObject(bytes) => Key::Secret(bytes),
        KeyInput::PrivateKeyObject => Key::Private,
        KeyInput::PublicKeyObject => Key::Public,
        KeyInput::Invalid { .. } => return Err(invalid),
    }))
}

#[derive(Debug, PartialEq)]
enum PemKind {
    Private,
    Public,
}

/// Whether `bytes` hold a PEM key that Node's crypto would read, and of which kind.
fn pem_kind(bytes: &[u8]) -> Option<PemKind> {
    // Cheap test first: most HMAC secrets never contain a PEM boundary.
    let begin = bytes.windows(11).position(|w| w == b"-----BEGIN ")?;
    // The label decides the kind: the crate's RSA constructor also accepts public PEM.
    let label_start = begin.saturating_add(11);
    let label = bytes.get(label_start..)?;
    let label = label.get(..label.windows(5).position(|w| w == b"-----")?)?;
    let private = label.ends_with(b"PRIVATE KEY");
    use jsonwebtoken::{DecodingKey, EncodingKey};
    if private
        && (EncodingKey::from_rsa_pem(bytes).is_ok()
            || EncodingKey::from_ec_pem(bytes).is_ok()
            || EncodingKey::from_ed_pem(bytes).is_ok())
    {
        return Some(PemKind::Private);
    }
    if DecodingKey::from_rsa_pem(bytes).is_ok()
        || DecodingKey::from_ec_pem(bytes).is_ok()
        || DecodingKey::from_ed_pem(bytes).is_ok()
    {
        return Some(PemKind::Public);
    }
    None
}
