//! DER key containers → [`ParsedKey`]: PKCS#8 (plain and PBES2-encrypted), PKCS#1, SEC1,
//! SubjectPublicKeyInfo and X.509 certificates, the forms Node's `createPrivateKey` and
//! `createPublicKey` read.

use der::asn1::{AnyRef, ObjectIdentifier, OctetStringRef};
use der::{Decode, Reader, SliceReader, Tagged};
use rsa::BigUint;
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

use super::asymmetric::{KeyType, Material, ParsedKey, PssParams};

const RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

/// Why a container could not be read (never shown to users: Node's cascade turns every
/// failure into "not a key of this kind").
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
        EC => ec_private(info.private_key, algorithm.parameters.and_then(|p| p.decode_as().ok())),
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
        EC => {
            let curve: ObjectIdentifier = algorithm.parameters.ok_or(Unreadable)?.decode_as().map_err(fail)?;
            ec_public(key, curve)
        }
        ED25519 => {
            let point: &[u8; 32] = key.try_into().map_err(fail)?;
            let key = ed25519_dalek::VerifyingKey::from_bytes(point).map_err(fail)?;
            Ok(ParsedKey { key_type: KeyType::Ed25519, material: Material::Ed25519Public(key) })
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
    let primes = vec![uint(key.prime1.as_bytes()), uint(key.prime2.as_bytes())];
    let private = rsa::RsaPrivateKey::from_components(
        uint(key.modulus.as_bytes()),
        uint(key.public_exponent.as_bytes()),
        uint(key.private_exponent.as_bytes()),
        primes,
    )
    .map_err(fail)?;
    Ok(ParsedKey::rsa(Material::RsaPrivate(private), pss))
}

fn rsa_public(der: &[u8], pss: Option<Option<PssParams>>) -> Parsed {
    let key = pkcs1::RsaPublicKey::try_from(der).map_err(fail)?;
    let public = rsa_public_key(uint(key.modulus.as_bytes()), uint(key.public_exponent.as_bytes()))?;
    Ok(ParsedKey::rsa(Material::RsaPublic(public), pss))
}

/// An RSA public key of up to 16384 bits (OpenSSL's limit; the rsa crate's default is 4096).
pub(crate) fn rsa_public_key(n: BigUint, e: BigUint) -> Result<rsa::RsaPublicKey, Unreadable> {
    rsa::RsaPublicKey::new_with_max_size(n, e, 16384).map_err(fail)
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

/// OpenSSL's name for a curve OID (what Node reports as `namedCurve`).
pub(crate) fn curve_name(oid: &ObjectIdentifier) -> Option<&'static str> {
    Some(match oid.to_string().as_str() {
        "1.2.840.10045.3.1.7" => "prime256v1",
        "1.3.132.0.34" => "secp384r1",
        "1.3.132.0.35" => "secp521r1",
        "1.3.132.0.10" => "secp256k1",
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1",
        "1.3.36.3.3.2.8.1.1.11" => "brainpoolP384r1",
        "1.3.36.3.3.2.8.1.1.13" => "brainpoolP512r1",
        _ => return None,
    })
}

fn ec_private(der: &[u8], outer_curve: Option<ObjectIdentifier>) -> Parsed {
    let key = sec1::EcPrivateKey::try_from(der).map_err(fail)?;
    let curve = outer_curve.or_else(|| key.parameters.and_then(|p| p.named_curve())).ok_or(Unreadable)?;
    let name = curve_name(&curve).ok_or(Unreadable)?;
    let scalar = key.private_key;
    let material = match name {
        "prime256v1" => Material::P256Private(p256::ecdsa::SigningKey::from_slice(scalar).map_err(fail)?),
        "secp384r1" => Material::P384Private(p384::ecdsa::SigningKey::from_slice(scalar).map_err(fail)?),
        "secp521r1" => Material::P521Private(p521::ecdsa::SigningKey::from_slice(scalar).map_err(fail)?),
        _ => Material::Unusable { private: true },
    };
    Ok(ParsedKey { key_type: KeyType::Ec { curve: name }, material })
}

/// An EC public key from its SEC1 point encoding on the curve `curve`.
pub(crate) fn ec_public(point: &[u8], curve: ObjectIdentifier) -> Parsed {
    let name = curve_name(&curve).ok_or(Unreadable)?;
    let material = match name {
        "prime256v1" => Material::P256Public(p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(fail)?),
        "secp384r1" => Material::P384Public(p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(fail)?),
        "secp521r1" => Material::P521Public(p521::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(fail)?),
        _ => Material::Unusable { private: false },
    };
    Ok(ParsedKey { key_type: KeyType::Ec { curve: name }, material })
}

/// Key types Node reads that no JWS algorithm uses: they still get jsonwebtoken's messages.
fn unusable(oid: ObjectIdentifier, private: bool) -> Parsed {
    let name = match oid.to_string().as_str() {
        "1.3.101.113" => "ed448",
        "1.3.101.110" => "x25519",
        "1.3.101.111" => "x448",
        _ => return Err(Unreadable),
    };
    Ok(ParsedKey { key_type: KeyType::Other(name), material: Material::Unusable { private } })
}
