//! Keys that need parsing → [`Key`]: PEM text (a secret only where jsonwebtoken's is and no key
//! armour is in it: see `read_pem`), DER
//! `KeyObject` exports, JWKs and `{ key, passphrase, format, type }`, each through the cache.

use std::borrow::Cow;
use std::rc::Rc;

use super::cache::{self, Resolved};
use super::{der, invalid, jwk, pem, spec, Key, KeyInput, ParsedKey};
use crate::error::{Error, KeyRole};

/// The key jsonwebtoken's cascade makes of `input` (never `Absent`, `Invalid` or a plain secret:
/// `key::resolve` answers those itself).
pub fn parse(input: KeyInput<'_>, role: KeyRole) -> Result<Key<'_>, Error> {
    let tag = |form: u8| form | if role == KeyRole::Signing { 0 } else { 0x80 };
    Ok(match input {
        KeyInput::Text(bytes) | KeyInput::Bytes(bytes) => {
            match cache::resolve(tag(1), bytes, || read_pem(bytes, role, None)) {
                Resolved::Asymmetric(key) => wrap(key, role),
                Resolved::Refused => return Err(invalid(role)),
                _ => Key::Secret(Cow::Borrowed(bytes)),
            }
        }
        KeyInput::PrivateKeyObject(der) => match cache::resolve(tag(4), der, || found(der::private_pkcs8(der))) {
            Resolved::Asymmetric(key) => Key::Private(key),
            _ => return Err(Error::KeyObjectUnsupported),
        },
        KeyInput::PublicKeyObject(der) => match cache::resolve(tag(5), der, || found(der::public_spki(der))) {
            Resolved::Asymmetric(key) => Key::Public(key),
            _ => return Err(Error::KeyObjectUnsupported),
        },
        KeyInput::Jwk(json) => match cache::resolve(tag(10), json, || read_jwk(json, role, false)) {
            Resolved::Asymmetric(key) => wrap(key, role),
            Resolved::Secret(secret) => Key::Secret(Cow::Owned(secret.to_vec())),
            _ => return Err(invalid(role)),
        },
        KeyInput::Described(bytes) => match cache::resolve(tag(11), bytes, || read_spec(bytes, role)) {
            Resolved::Asymmetric(key) => wrap(key, role),
            Resolved::LegacyEncrypted => return Err(Error::LegacyEncryptedPem),
            _ => return Err(invalid(role)),
        },
        KeyInput::Absent | KeyInput::SecretKeyObject(_) | KeyInput::Invalid { .. } => return Err(invalid(role)),
    })
}

/// A parsed key as the role sees it: `verify` only ever holds public halves (see `to_public`
/// in the readers), so the private/public split follows the key itself.
fn wrap<'a>(key: Rc<ParsedKey>, role: KeyRole) -> Key<'a> {
    match role {
        KeyRole::Signing if key.is_private() => Key::Private(key),
        _ => Key::Public(key),
    }
}

fn found(parsed: Result<ParsedKey, der::Unreadable>) -> Resolved {
    parsed.map_or(Resolved::NotAKey, |key| Resolved::Asymmetric(Rc::new(key)))
}

/// What `createPublicKey` makes of a private key: its public half.
fn for_role(parsed: Result<ParsedKey, der::Unreadable>, role: KeyRole) -> Resolved {
    found(parsed.map(|key| if role == KeyRole::Verifying { key.to_public() } else { key }))
}

/// One of the DER readers of `der`.
type Reader = fn(&[u8]) -> Result<ParsedKey, der::Unreadable>;

const PRIVATE_LABELS: [&str; 5] =
    ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY"];

/// PEM text → key, as `createPrivateKey` (sign) or `createPublicKey` (verify) reads it.
///
/// Fails closed: text with PEM armour of a key that the role's reader would try is a key or is
/// refused, never a secret, even where OpenSSL would not read it (jsonwebtoken then takes the text
/// as an HMAC secret, and a public key's text would forge HS tokens). The secrets that remain are
/// jsonwebtoken's own: an encrypted private key without its passphrase, and for `sign` text with
/// no private-key block (a public key or certificate: signing with it forges nothing).
fn read_pem(bytes: &[u8], role: KeyRole, passphrase: Option<&[u8]>) -> Resolved {
    if role == KeyRole::Verifying {
        // Node's order: SubjectPublicKeyInfo, PKCS#1 public key, certificate, then private keys.
        let public: [(&[&str], Reader); 3] = [
            (&["PUBLIC KEY"], der::public_spki),
            (&["RSA PUBLIC KEY"], der::public_pkcs1),
            (&["CERTIFICATE", "X509 CERTIFICATE"], der::public_certificate),
        ];
        for (labels, read) in public {
            if let Some(block) = pem::find(bytes, labels) {
                return refused_unless_key(read(&block.der), role);
            }
        }
    }
    let Some(block) = pem::find(bytes, &PRIVATE_LABELS) else {
        return if pem::has_key_label(bytes, role) { Resolved::Refused } else { Resolved::NotAKey };
    };
    if block.legacy_encrypted {
        // Without a passphrase Node cannot read it either (and falls back to a secret).
        return if passphrase.is_some() { Resolved::LegacyEncrypted } else { Resolved::NotAKey };
    }
    let parsed = match (block.label, passphrase) {
        ("PRIVATE KEY", _) => der::private_pkcs8(&block.der),
        ("RSA PRIVATE KEY", _) => der::private_pkcs1(&block.der),
        ("EC PRIVATE KEY", _) => der::private_sec1(&block.der),
        ("DSA PRIVATE KEY", _) => der::private_dsa(&block.der),
        (_, Some(passphrase)) => der::private_encrypted_pkcs8(&block.der, passphrase),
        // Encrypted, and no passphrase: Node cannot read it either.
        (_, None) => return Resolved::NotAKey,
    };
    refused_unless_key(parsed, role)
}

/// A key block that did not read as a key: refused (never a secret).
fn refused_unless_key(parsed: Result<ParsedKey, der::Unreadable>, role: KeyRole) -> Resolved {
    match for_role(parsed, role) {
        Resolved::NotAKey => Resolved::Refused,
        resolved => resolved,
    }
}

/// A JWK. `strict`: the `{ key, format: 'jwk' }` form, where Node's `createPrivateKey` takes
/// only private keys and neither function takes `oct` keys.
fn read_jwk(json: &[u8], role: KeyRole, strict: bool) -> Resolved {
    let Ok(text) = std::str::from_utf8(json) else {
        return Resolved::NotAKey;
    };
    match jwk::parse(text) {
        Ok(jwk::Jwk::Secret(secret)) if !strict => Resolved::Secret(secret.into()),
        Ok(jwk::Jwk::Asymmetric(key)) if !(strict && role == KeyRole::Signing && !key.is_private()) => {
            for_role(Ok(*key), role)
        }
        _ => Resolved::NotAKey,
    }
}

/// `{ key, passphrase, format, type }`.
fn read_spec(bytes: &[u8], role: KeyRole) -> Resolved {
    use spec::SpecKey;
    let Some(spec) = spec::parse(bytes) else {
        return Resolved::NotAKey;
    };
    let passphrase = spec.passphrase.as_ref().map(|p| p.as_slice());
    let key_bytes: &[u8] = match &spec.key {
        SpecKey::Text(text) => text.as_bytes(),
        SpecKey::Bytes(bytes) => bytes,
        SpecKey::Object(json) if spec.format.as_deref() == Some("jwk") => {
            return read_jwk(json.as_bytes(), role, true);
        }
        _ => return Resolved::NotAKey,
    };
    match (spec.format.as_deref(), spec.der_type.as_deref(), role) {
        (None | Some("pem"), _, _) => read_pem(key_bytes, role, passphrase),
        (Some("der"), Some("pkcs8"), _) => for_role(
            match passphrase {
                Some(passphrase) => {
                    der::private_encrypted_pkcs8(key_bytes, passphrase).or_else(|_| der::private_pkcs8(key_bytes))
                }
                None => der::private_pkcs8(key_bytes),
            },
            role,
        ),
        (Some("der"), Some("pkcs1"), KeyRole::Verifying) => {
            for_role(der::public_pkcs1(key_bytes).or_else(|_| der::private_pkcs1(key_bytes)), role)
        }
        (Some("der"), Some("pkcs1"), KeyRole::Signing) => found(der::private_pkcs1(key_bytes)),
        (Some("der"), Some("sec1"), _) => for_role(der::private_sec1(key_bytes), role),
        (Some("der"), Some("spki"), KeyRole::Verifying) => found(der::public_spki(key_bytes)),
        _ => Resolved::NotAKey,
    }
}
