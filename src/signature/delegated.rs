//! The asymmetric signature primitive run by the host: Node's crypto (OpenSSL), where the
//! JavaScript layer has it (Node, Bun, Deno), for RS*, PS*, ES* and EdDSA.
//!
//! Only the primitive moves: every rule stays here. A call that needs an asymmetric signature
//! runs every check of its own first (key, algorithm, key type, curve, sizes, the form of the
//! signature text), then stops and asks the host, with a [`Request`] naming the algorithm, the
//! key (by its public JWK members, so the host proves it holds the very key checked here) and
//! the exact bytes to sign or check. `verify` is then run again with the host's answer
//! ([`Host::Checked`]) and finishes here: the claims, in jsonwebtoken's order, after the
//! signature.
//!
//! The host's answer is a verdict on an asymmetric signature and nothing else: it is read only
//! where the primitive itself would run, for a key and algorithm the host may check, after the
//! signature text passed its checks here. An HMAC or `none` token, a key only this crate can
//! use, or a malformed signature never reach it. A host that cannot run the primitive makes the
//! JavaScript layer run the call again without a host: same checks, same result.

use std::rc::Rc;

#[cfg(feature = "asymmetric")]
use rsa::traits::PublicKeyParts;

#[cfg(feature = "asymmetric")]
use super::asymmetric;
use crate::algorithm::Algorithm;
#[cfg(feature = "asymmetric")]
use crate::base64url;
use crate::error::Error;
use crate::key::asymmetric::ParsedKey;
#[cfg(feature = "asymmetric")]
use crate::key::asymmetric::{KeyType, Material};
use crate::key::Key;

/// What the host offers a call, or what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// No host primitive: every signature is made and checked here (workerd, browsers, Rust).
    Absent,
    /// The host signs and verifies: a call that needs an asymmetric signature asks for it.
    Offered,
    /// The host checked the signature this call asked about; `verify` goes on from its verdict.
    Checked {
        /// The signature is valid.
        valid: bool,
    },
}

/// A signature the host is asked to make (`sign`) or check (`verify`).
#[derive(Debug)]
pub struct Request {
    /// The algorithm.
    pub alg: Algorithm,
    /// The key this crate checked; the host's key must have its [`fingerprint`].
    pub key: Rc<ParsedKey>,
    /// The signing input: the token's header and payload parts with their dot.
    pub input: String,
    /// `verify`: the token's signature text (canonical base64url, of a valid length).
    pub signature: Option<String>,
}

/// A call's result: finished here, or waiting for the host's primitive.
#[derive(Debug)]
pub enum Outcome {
    /// The token (`sign`) or the payload JSON (`verify`).
    Done(String),
    /// The host must make or check a signature first.
    Ask(Request),
}

impl Outcome {
    /// The result of a call made with [`Host::Absent`], which never asks.
    pub fn done(self) -> Result<String, Error> {
        match self {
            Outcome::Done(text) => Ok(text),
            // Unreachable: without a host nothing is asked of it.
            Outcome::Ask(_) => Err(Error::BoundaryFormat),
        }
    }
}

/// What `verify` does about the signature.
#[derive(Debug)]
pub enum Check {
    /// Check it here.
    Here,
    /// Ask the host.
    Ask(Request),
    /// Decided: valid or not.
    Decided(bool),
}

/// `sign`: a request for the host when it offers to sign and may use this key for `alg`.
/// `input` is the token so far, header and payload.
pub fn sign_request(host: Host, alg: Algorithm, key: Option<&Key<'_>>, input: &[u8]) -> Option<Request> {
    if host != Host::Offered {
        return None;
    }
    let Some(Key::Private(key)) = key else {
        return None;
    };
    let input = std::str::from_utf8(input).ok()?;
    delegable(alg, key).then(|| Request { alg, key: Rc::clone(key), input: input.to_owned(), signature: None })
}

/// `verify`: how to check `signature` over `input`. The form of the signature text is checked
/// here first, whoever runs the primitive (so its errors and refusals are the same).
pub fn check(host: Host, alg: Algorithm, key: Option<&Key<'_>>, input: &str, signature: &str) -> Result<Check, Error> {
    let key = match key {
        Some(Key::Public(key)) if host != Host::Absent && delegable(alg, key) => key,
        _ => return Ok(Check::Here),
    };
    #[cfg(feature = "asymmetric")]
    if asymmetric::signature_bytes(alg, key, signature)?.is_none() {
        return Ok(Check::Decided(false));
    }
    Ok(match host {
        Host::Checked { valid } => Check::Decided(valid),
        _ => Check::Ask(Request {
            alg,
            key: Rc::clone(key),
            input: input.to_owned(),
            signature: Some(signature.to_owned()),
        }),
    })
}

/// The HMAC-only build parses no key, so no key ever reaches the host.
#[cfg(not(feature = "asymmetric"))]
fn delegable(_alg: Algorithm, _key: &ParsedKey) -> bool {
    false
}

/// True when the host may run `alg` with `key`: exactly the pairs this crate computes with,
/// for key types whose public JWK the host can export (Node exports none for `rsa-pss`
/// keys, which therefore stay here).
#[cfg(feature = "asymmetric")]
fn delegable(alg: Algorithm, key: &ParsedKey) -> bool {
    use Algorithm::*;
    let rsa = matches!(key.key_type, KeyType::Rsa { .. });
    match (alg, &key.material) {
        (RS256 | RS384 | RS512 | PS256 | PS384 | PS512, Material::RsaPrivate(_) | Material::RsaPublic(_)) => rsa,
        (ES256, Material::P256Private(_) | Material::P256Public(_))
        | (ES384, Material::P384Private(_) | Material::P384Public(_))
        | (ES512, Material::P521Private(_) | Material::P521Public(_))
        | (EdDSA, Material::Ed25519Private(_) | Material::Ed25519Public(_)) => true,
        _ => false,
    }
}

/// The key's public JWK members as one string, as the host reads them from its key
/// (`keyObject.export({ format: 'jwk' })`): `n.e` for RSA, `crv.x.y` for EC, `crv.x` for OKP.
/// Two keys with the same fingerprint are the same public key (or its private half).
///
/// ```
/// use rtc_token::{fingerprint, resolve_key, Key, KeyInput, KeyRole};
/// let jwk = br#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
/// let Some(Key::Public(key)) = resolve_key(KeyInput::Jwk(jwk), KeyRole::Verifying).unwrap() else { panic!() };
/// assert_eq!(fingerprint(&key).unwrap(), "Ed25519.11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
/// ```
#[cfg(feature = "asymmetric")]
pub fn fingerprint(key: &ParsedKey) -> Option<String> {
    let rsa = |n: &rsa::BigUint, e: &rsa::BigUint| {
        Some(format!("{}.{}", base64url::encode(&n.to_bytes_be()), base64url::encode(&e.to_bytes_be())))
    };
    // An uncompressed SEC1 point: 0x04, then x and y, each as long as the field.
    let ec = |crv: &str, point: &[u8]| {
        let coordinates = point.get(1..)?;
        let (x, y) = coordinates.split_at_checked(coordinates.len() / 2)?;
        Some(format!("{crv}.{}.{}", base64url::encode(x), base64url::encode(y)))
    };
    match &key.material {
        Material::RsaPrivate(k) => rsa(k.n(), k.e()),
        Material::RsaPublic(k) => rsa(k.n(), k.e()),
        Material::P256Private(k) => ec("P-256", k.verifying_key().to_encoded_point(false).as_bytes()),
        Material::P256Public(k) => ec("P-256", k.to_encoded_point(false).as_bytes()),
        Material::P384Private(k) => ec("P-384", k.verifying_key().to_encoded_point(false).as_bytes()),
        Material::P384Public(k) => ec("P-384", k.to_encoded_point(false).as_bytes()),
        Material::P521Private(k) => ec("P-521", p521::ecdsa::VerifyingKey::from(k).to_encoded_point(false).as_bytes()),
        Material::P521Public(k) => ec("P-521", k.to_encoded_point(false).as_bytes()),
        Material::Ed25519Private(k) => Some(format!("Ed25519.{}", base64url::encode(k.verifying_key().as_bytes()))),
        Material::Ed25519Public(k) => Some(format!("Ed25519.{}", base64url::encode(k.as_bytes()))),
        Material::Unusable { .. } => None,
    }
}

/// The HMAC-only build parses no key: there is nothing to fingerprint.
#[cfg(not(feature = "asymmetric"))]
pub fn fingerprint(_key: &ParsedKey) -> Option<String> {
    None
}
