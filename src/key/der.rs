//! DER key containers → [`ParsedKey`]: PKCS#8 (plain and PBES2-encrypted), PKCS#1, SEC1,
//! traditional DSA, SubjectPublicKeyInfo and X.509 certificates, the forms Node's
//! `createPrivateKey` and `createPublicKey` read.
//!
//! Every key type OpenSSL reads gets Node's `asymmetricKeyType` here, whether or not this crate
//! can compute with it (DSA, DH, EC on any curve or with explicit parameters, RSA of any size
//! and exponent, X25519, X448, Ed448): jsonwebtoken refuses those keys for HMAC, and so must we.
//! A container of a type we cannot name is [`Unreadable`]; the caller refuses it (`read.rs`).

use der::asn1::{AnyRef, BitStringRef, ContextSpecific, ObjectIdentifier, OctetStringRef, UintRef};
use der::{Decode, Reader, SliceReader, TagNumber, Tagged};
use rsa::BigUint;
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

use super::asymmetric::{KeyType, Material, ParsedKey, PssParams};
use super::curves;

const RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

/// OpenSSL's largest RSA modulus for a signature check (`OPENSSL_RSA_MAX_MODULUS_BITS`).
const RSA_MAX_BITS: usize = 16384;

/// Why a container could not be read (never shown to users).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

type Parsed = Result<ParsedKey, Unreadable>;

fn fail<E>(_: E) -> Unreadable {
    Unreadable
}

/// A PKCS#8 `PrivateKeyInfo` (`-----BEGIN PRIVATE KEY-----`, a private `KeyObject`'s export).
pub fn private_pkcs8(der: &[u8]) -> Parsed {
    let info = pkcs8::PrivateKeyInfo::try_from(der).map_err(fail)?;
    let algorithm = info.algorithm;
    match algorithm.oid {
        RSA => rsa_private(info.private_key, None),
        RSA_PSS => rsa_private(info.private_key, Some(pss_params(&algorithm)?)),
        EC => ec_private(info.private_key, algorithm.parameters),
        ED25519 => {
            let seed = OctetStringRef::from_der(info.private_key).map_err(fail)?;
            let seed: &[u8; 32] = seed.as_bytes().try_into().map_err(fail)?;
            Ok(ParsedKey {
                key_type: KeyType::Ed25519,
                material: Material::Ed25519Private(ed25519_dalek::SigningKey::from_bytes(seed)),
            })
        }
        other => unusable(other, true),
    }
}

/// An `EncryptedPrivateKeyInfo` (`-----BEGIN ENCRYPTED PRIVATE KEY-----`), decrypted with
/// `passphrase` (PBES2: PBKDF2 or scrypt with AES-CBC, what Node and OpenSSL write).
pub fn private_encrypted_pkcs8(der: &[u8], passphrase: &[u8]) -> Parsed {
    let info = pkcs8::EncryptedPrivateKeyInfo::try_from(der).map_err(fail)?;
    let document = info.decrypt(passphrase).map_err(fail)?;
    private_pkcs8(document.as_bytes())
}

/// A PKCS#1 `RSAPrivateKey` (`-----BEGIN RSA PRIVATE KEY-----`).
pub fn private_pkcs1(der: &[u8]) -> Parsed {
    rsa_private(der, None)
}

/// A SEC1 `ECPrivateKey` (`-----BEGIN EC PRIVATE KEY-----`), whose curve it names itself.
pub fn private_sec1(der: &[u8]) -> Parsed {
    ec_private(der, None)
}

/// OpenSSL's traditional DSA private key (`-----BEGIN DSA PRIVATE KEY-----`):
/// `{ version 0, p, q, g, y, x }`.
pub fn private_dsa(der: &[u8]) -> Parsed {
    let outer = AnyRef::from_der(der).map_err(fail)?;
    let mut fields = SliceReader::new(outer.value()).map_err(fail)?;
    for _ in 0..6 {
        let _: UintRef<'_> = fields.decode().map_err(fail)?;
    }
    fields.finish(()).map_err(fail)?;
    Ok(ParsedKey { key_type: KeyType::Other("dsa"), material: Material::Unusable { private: true } })
}

/// A `SubjectPublicKeyInfo` (`-----BEGIN PUBLIC KEY-----`, a public `KeyObject`'s export).
pub fn public_spki(der: &[u8]) -> Parsed {
    let info = SubjectPublicKeyInfoRef::try_from(der).map_err(fail)?;
    public_from_info(&info)
}

fn public_from_info(info: &SubjectPublicKeyInfoRef<'_>) -> Parsed {
    let key = info.subject_public_key.as_bytes().ok_or(Unreadable)?;
    let algorithm = &info.algorithm;
    match algorithm.oid {
        RSA => rsa_public(key, None),
        RSA_PSS => rsa_public(key, Some(pss_params(algorithm)?)),
        EC => ec_public(key, ec_type(algorithm.parameters.ok_or(Unreadable)?)?),
        ED25519 => {
            let point: &[u8; 32] = key.try_into().map_err(fail)?;
            // OpenSSL reads any 32 bytes as an Ed25519 key; one that is no point checks nothing.
            let material = match ed25519_dalek::VerifyingKey::from_bytes(point) {
                Ok(key) => Material::Ed25519Public(key),
                Err(_) => Material::Unusable { private: false },
            };
            Ok(ParsedKey { key_type: KeyType::Ed25519, material })
        }
        other => unusable(other, false),
    }
}

/// A PKCS#1 `RSAPublicKey` (`-----BEGIN RSA PUBLIC KEY-----`).
pub fn public_pkcs1(der: &[u8]) -> Parsed {
    rsa_public(der, None)
}

/// The subject public key of an X.509 certificate (`-----BEGIN CERTIFICATE-----`).
pub fn public_certificate(der: &[u8]) -> Parsed {
    let certificate = AnyRef::from_der(der).map_err(fail)?;
    let mut outer = SliceReader::new(certificate.value()).map_err(fail)?;
    let tbs: AnyRef<'_> = outer.decode().map_err(fail)?;
    let mut fields = SliceReader::new(tbs.value()).map_err(fail)?;
    // TBSCertificate: [0] version (optional), serialNumber, signature, issuer, validity,
    // subject, subjectPublicKeyInfo, …
    let first: AnyRef<'_> = fields.decode().map_err(fail)?;
    let skip = if first.tag().is_context_specific() { 5 } else { 4 };
    for _ in 0..skip {
        let _: AnyRef<'_> = fields.decode().map_err(fail)?;
    }
    let info: SubjectPublicKeyInfoRef<'_> = fields.decode().map_err(fail)?;
    public_from_info(&info)
}

fn uint(bytes: &[u8]) -> BigUint {
    BigUint::from_bytes_be(bytes)
}

fn rsa_private(der: &[u8], pss: Option<Option<PssParams>>) -> Parsed {
    let key = pkcs1::RsaPrivateKey::try_from(der).map_err(fail)?;
    let n = uint(key.modulus.as_bytes());
    let bits = n.bits();
    let primes = vec![uint(key.prime1.as_bytes()), uint(key.prime2.as_bytes())];
    let material = rsa::RsaPrivateKey::from_components(
        n,
        uint(key.public_exponent.as_bytes()),
        uint(key.private_exponent.as_bytes()),
        primes,
    )
    .map_or(Material::Unusable { private: true }, Material::RsaPrivate);
    Ok(ParsedKey::rsa(material, bits, pss))
}

fn rsa_public(der: &[u8], pss: Option<Option<PssParams>>) -> Parsed {
    let key = pkcs1::RsaPublicKey::try_from(der).map_err(fail)?;
    Ok(rsa_public_key(uint(key.modulus.as_bytes()), uint(key.public_exponent.as_bytes()), pss))
}

/// An RSA public key as OpenSSL reads it: any modulus and exponent. The rsa crate checks keys of
/// up to 16384 bits (OpenSSL's limit) with an odd exponent from 3 to below the modulus, including
/// exponents above its own 2^33 − 1 bound; any other key is still an `rsa` key, one no signature
/// is valid for.
pub(crate) fn rsa_public_key(n: BigUint, e: BigUint, pss: Option<Option<PssParams>>) -> ParsedKey {
    let bits = n.bits();
    let odd = |x: &BigUint| x.to_bytes_le().first().is_some_and(|low| low & 1 == 1);
    let checkable = bits <= RSA_MAX_BITS && odd(&n) && odd(&e) && e > BigUint::from(1u8) && e < n;
    let material = match rsa::RsaPublicKey::new_with_max_size(n.clone(), e.clone(), RSA_MAX_BITS) {
        Ok(key) => Material::RsaPublic(key),
        Err(_) if checkable => Material::RsaPublic(rsa::RsaPublicKey::new_unchecked(n, e)),
        Err(_) => Material::Unusable { private: false },
    };
    ParsedKey::rsa(material, bits, pss)
}

/// The RSASSA-PSS-params of a key, `None` when the key has none (Node then reports no
/// hash, MGF1 hash or salt length).
fn pss_params(algorithm: &AlgorithmIdentifierRef<'_>) -> Result<Option<PssParams>, Unreadable> {
    let Some(parameters) = algorithm.parameters else {
        return Ok(None);
    };
    let params = parameters.decode_as::<pkcs1::RsaPssParams<'_>>().map_err(fail)?;
    let mgf1_hash = params.mask_gen.parameters.map(|hash| hash_name(&hash.oid));
    Ok(Some(PssParams {
        hash: hash_name(&params.hash.oid),
        mgf1_hash: mgf1_hash.unwrap_or(Some("sha1")),
        salt_len: u32::from(params.salt_len),
    }))
}

/// Node's name for a digest OID.
fn hash_name(oid: &ObjectIdentifier) -> Option<&'static str> {
    Some(match oid.to_string().as_str() {
        "1.3.14.3.2.26" => "sha1",
        "2.16.840.1.101.3.4.2.4" => "sha224",
        "2.16.840.1.101.3.4.2.1" => "sha256",
        "2.16.840.1.101.3.4.2.2" => "sha384",
        "2.16.840.1.101.3.4.2.3" => "sha512",
        "2.16.840.1.101.3.4.2.5" => "sha512-224",
        "2.16.840.1.101.3.4.2.6" => "sha512-256",
        _ => return None,
    })
}

/// The key type of EC parameters: `ec` on a named or explicit curve, or OpenSSL's `sm2`.
fn ec_type(parameters: AnyRef<'_>) -> Result<KeyType, Unreadable> {
    if parameters.decode_as::<ObjectIdentifier>().is_ok_and(|oid| oid.to_string() == curves::SM2) {
        return Ok(KeyType::Unnamed("sm2"));
    }
    curves::of_parameters(parameters).map(|curve| KeyType::Ec { curve }).ok_or(Unreadable)
}

/// SEC1's `ECPrivateKey { version 1, privateKey, [0] parameters?, [1] publicKey? }`, read
/// here rather than by the sec1 crate, which takes named curves only. `outer`: the parameters
/// of a PKCS#8 wrapper, which take the place of the inner ones.
fn ec_private(der: &[u8], outer: Option<AnyRef<'_>>) -> Parsed {
    let sequence = AnyRef::from_der(der).map_err(fail)?;
    let mut fields = SliceReader::new(sequence.value()).map_err(fail)?;
    let version: u8 = fields.decode().map_err(fail)?;
    let scalar: OctetStringRef<'_> = fields.decode().map_err(fail)?;
    let inner = ContextSpecific::<AnyRef<'_>>::decode_explicit(&mut fields, TagNumber::N0).map_err(fail)?;
    let _public = ContextSpecific::<BitStringRef<'_>>::decode_explicit(&mut fields, TagNumber::N1).map_err(fail)?;
    fields.finish(()).map_err(fail)?;
    if version != 1 {
        return Err(Unreadable);
    }
    let key_type = ec_type(outer.or(inner.map(|field| field.value)).ok_or(Unreadable)?)?;
    let scalar = scalar.as_bytes();
    let material = match key_type {
        KeyType::Ec { curve: "prime256v1" } => {
            Material::P256Private(p256::ecdsa::SigningKey::from_slice(scalar).map_err(fail)?)
        }
        KeyType::Ec { curve: "secp384r1" } => {
            Material::P384Private(p384::ecdsa::SigningKey::from_slice(scalar).map_err(fail)?)
        }
        KeyType::Ec { curve: "secp521r1" } => {
            Material::P521Private(p521::ecdsa::SigningKey::from_slice(scalar).map_err(fail)?)
        }
        _ => Material::Unusable { private: true },
    };
    Ok(ParsedKey { key_type, material })
}

/// An EC public key from its SEC1 point encoding, of the key type `ec_type` read.
pub(crate) fn ec_public(point: &[u8], key_type: KeyType) -> Parsed {
    let material = match key_type {
        KeyType::Ec { curve: "prime256v1" } => {
            Material::P256Public(p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(fail)?)
        }
        KeyType::Ec { curve: "secp384r1" } => {
            Material::P384Public(p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(fail)?)
        }
        KeyType::Ec { curve: "secp521r1" } => {
            Material::P521Public(p521::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(fail)?)
        }
        _ => Material::Unusable { private: false },
    };
    Ok(ParsedKey { key_type, material })
}

/// Key types Node reads that no algorithm here computes with: they still get jsonwebtoken's
/// checks and messages. An algorithm OID we cannot name is [`Unreadable`] (and refused).
fn unusable(oid: ObjectIdentifier, private: bool) -> Parsed {
    let key_type = match oid.to_string().as_str() {
        "1.3.101.113" => KeyType::Other("ed448"),
        "1.3.101.110" => KeyType::Other("x25519"),
        "1.3.101.111" => KeyType::Other("x448"),
        "1.2.840.10040.4.1" => KeyType::Other("dsa"),
        "1.2.840.113549.1.3.1" => KeyType::Other("dh"),
        // X9.42 DH and SM2: keys OpenSSL reads that Node gives no asymmetricKeyType.
        "1.2.840.10046.2.1" => KeyType::Unnamed("dhx"),
        curves::SM2 => KeyType::Unnamed("sm2"),
        _ => return Err(Unreadable),
    };
    Ok(ParsedKey { key_type, material: Material::Unusable { private } })
}
