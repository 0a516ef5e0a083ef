//! JSON Web Keys (RFC 7517) → keys: `RSA`, `EC` (P-256, P-384, P-521, secp256k1), `OKP`
//! (Ed25519) and `oct`, the key types `jose` imports and Node's `createPrivateKey({ key,
//! format: 'jwk' })` reads.

use rsa::BigUint;

use super::asymmetric::{KeyType, Material, ParsedKey};
use super::der::{ec_public, rsa_public_key, Unreadable};
use crate::base64url;
use crate::json::Members;

/// What a JWK holds.
#[derive(Debug)]
pub enum Jwk {
    /// `kty: "oct"`: a shared secret.
    Secret(Vec<u8>),
    /// A private (with `d`) or public key.
    Asymmetric(Box<ParsedKey>),
}

/// Reads the JWK in the JSON text `json`.
pub fn parse(json: &str) -> Result<Jwk, Unreadable> {
    let members = Members::parse(json).map_err(|_| Unreadable)?;
    let text = |name: &str| members.get(name).and_then(|v| v.as_str()).map(|s| s.to_string_lossy());
    let bytes = |name: &str| text(name).map(|t| base64url::decode_lenient(&t).ok_or(Unreadable)).transpose();
    let required = |name: &str| bytes(name)?.ok_or(Unreadable);
    let kty = text("kty").ok_or(Unreadable)?;
    let d = bytes("d")?;
    let key = match kty.as_str() {
        "oct" => return Ok(Jwk::Secret(required("k")?)),
        "RSA" => {
            let (n, e) = (BigUint::from_bytes_be(&required("n")?), BigUint::from_bytes_be(&required("e")?));
            match d {
                Some(d) => {
                    // p and q are required (as Node requires them): recovering them from d
                    // (rsa's recover_primes) panics on hostile values.
                    let primes = vec![BigUint::from_bytes_be(&required("p")?), BigUint::from_bytes_be(&required("q")?)];
                    let bits = n.bits();
                    let private = rsa::RsaPrivateKey::from_components(n, e, BigUint::from_bytes_be(&d), primes)
                        .map_err(|_| Unreadable)?;
                    ParsedKey::rsa(Material::RsaPrivate(private), bits, None)
                }
                None => rsa_public_key(n, e, None),
            }
        }
        "EC" => {
            // The curves Node's JWK import takes, by OpenSSL's names.
            let (curve, size) = match text("crv").as_deref() {
                Some("P-256") => ("prime256v1", 32),
                Some("P-384") => ("secp384r1", 48),
                Some("P-521") => ("secp521r1", 66),
                Some("secp256k1") => ("secp256k1", 32),
                _ => return Err(Unreadable),
            };
            let mut point = vec![4u8];
            for coordinate in [required("x")?, required("y")?] {
                if coordinate.len() > size {
                    return Err(Unreadable);
                }
                point.resize(point.len() + size - coordinate.len(), 0);
                point.extend_from_slice(&coordinate);
            }
            let public = ec_public(&point, KeyType::Ec { curve })?;
            match d {
                Some(d) => ec_private(public.key_type, &d)?,
                None => public,
            }
        }
        "OKP" => match text("crv").as_deref() {
            Some("Ed25519") => match d {
                Some(seed) => {
                    let seed: &[u8; 32] = seed.as_slice().try_into().map_err(|_| Unreadable)?;
                    let key = ed25519_dalek::SigningKey::from_bytes(seed);
                    ParsedKey { key_type: KeyType::Ed25519, material: Material::Ed25519Private(key) }
                }
                None => {
                    let x = required("x")?;
                    let point: &[u8; 32] = x.as_slice().try_into().map_err(|_| Unreadable)?;
                    let key = ed25519_dalek::VerifyingKey::from_bytes(point).map_err(|_| Unreadable)?;
                    ParsedKey { key_type: KeyType::Ed25519, material: Material::Ed25519Public(key) }
                }
            },
            Some("Ed448") => other_okp("ed448", d.is_some()),
            Some("X25519") => other_okp("x25519", d.is_some()),
            Some("X448") => other_okp("x448", d.is_some()),
            _ => return Err(Unreadable),
        },
        _ => return Err(Unreadable),
    };
    Ok(Jwk::Asymmetric(Box::new(key)))
}

fn ec_private(key_type: KeyType, d: &[u8]) -> Result<ParsedKey, Unreadable> {
    let material = match key_type {
        KeyType::Ec { curve: "prime256v1" } => {
            Material::P256Private(p256::ecdsa::SigningKey::from_slice(d).map_err(|_| Unreadable)?)
        }
        KeyType::Ec { curve: "secp384r1" } => {
            Material::P384Private(p384::ecdsa::SigningKey::from_slice(d).map_err(|_| Unreadable)?)
        }
        KeyType::Ec { curve: "secp521r1" } => {
            Material::P521Private(p521::ecdsa::SigningKey::from_slice(d).map_err(|_| Unreadable)?)
        }
        _ => Material::Unusable { private: true },
    };
    Ok(ParsedKey { key_type, material })
}

fn other_okp(name: &'static str, private: bool) -> ParsedKey {
    ParsedKey { key_type: KeyType::Other(name), material: Material::Unusable { private } }
}
