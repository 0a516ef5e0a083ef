//! A parsed private or public key: what Node's `KeyObject` reports about it (the type and
//! details jsonwebtoken's checks read) and the RustCrypto key that signs or verifies with it.
//!
//! Without the `asymmetric` feature the types stay (the key checks read them) but [`Material`]
//! has no variants: no [`ParsedKey`] can exist, so every asymmetric branch is dead by type.

/// Node's `asymmetricKeyType`, with the `asymmetricKeyDetails` jsonwebtoken reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyType {
    /// `rsa`, with `modulusLength` in bits.
    Rsa {
        /// Bits of the modulus.
        modulus_bits: usize,
    },
    /// `rsa-pss`: an RSA key restricted to PSS, with the restriction's parameters when the key
    /// names them (Node reports no hash or salt details for a key without parameters).
    RsaPss {
        /// Bits of the modulus.
        modulus_bits: usize,
        /// The RSASSA-PSS-params of the key's algorithm identifier.
        params: Option<PssParams>,
    },
    /// `ec`, with `namedCurve` as Node names it (`prime256v1`, `secp384r1`, `secp521r1`, …).
    Ec {
        /// The curve's OpenSSL name.
        curve: &'static str,
    },
    /// `ed25519` (EdDSA, beyond jsonwebtoken 9).
    Ed25519,
    /// A key type Node reads but no JWS algorithm here uses (`ed448`, `x25519`, `x448`, `dsa`,
    /// `dh`).
    Other(&'static str),
    /// A key OpenSSL reads that Node reports with no `asymmetricKeyType` (SM2, X9.42 DH): our
    /// own name for it, for messages. jsonwebtoken's type checks pass it by; nothing signs with it.
    Unnamed(&'static str),
}

impl KeyType {
    /// The `asymmetricKeyType` string.
    ///
    /// ```
    /// use rtc_token::KeyType;
    /// assert_eq!(KeyType::Ec { curve: "prime256v1" }.name(), "ec");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            KeyType::Rsa { .. } => "rsa",
            KeyType::RsaPss { .. } => "rsa-pss",
            KeyType::Ec { .. } => "ec",
            KeyType::Ed25519 => "ed25519",
            KeyType::Other(name) | KeyType::Unnamed(name) => name,
        }
    }

    /// `asymmetricKeyDetails.modulusLength`, for RSA keys.
    pub fn modulus_bits(&self) -> Option<usize> {
        match self {
            KeyType::Rsa { modulus_bits } | KeyType::RsaPss { modulus_bits, .. } => Some(*modulus_bits),
            _ => None,
        }
    }
}

/// RSASSA-PSS key parameters as Node reports them (`hashAlgorithm`, `mgf1HashAlgorithm`,
/// `saltLength`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PssParams {
    /// The message digest, e.g. `sha256` (`None` for a digest Node would name but we do not).
    pub hash: Option<&'static str>,
    /// MGF1's digest.
    pub mgf1_hash: Option<&'static str>,
    /// The minimum salt length in bytes.
    pub salt_len: u32,
}

/// The RustCrypto key behind a [`ParsedKey`]. Its `Debug` names the variant only: key
/// material never reaches a log.
#[cfg(feature = "asymmetric")]
#[derive(Clone)]
#[allow(clippy::large_enum_variant)] // one per cached key; boxing would only add a hop
pub enum Material {
    /// RSA or RSA-PSS private key.
    RsaPrivate(rsa::RsaPrivateKey),
    /// RSA or RSA-PSS public key.
    RsaPublic(rsa::RsaPublicKey),
    /// P-256 private key.
    P256Private(p256::ecdsa::SigningKey),
    /// P-256 public key.
    P256Public(p256::ecdsa::VerifyingKey),
    /// P-384 private key.
    P384Private(p384::ecdsa::SigningKey),
    /// P-384 public key.
    P384Public(p384::ecdsa::VerifyingKey),
    /// P-521 private key.
    P521Private(p521::ecdsa::SigningKey),
    /// P-521 public key.
    P521Public(p521::ecdsa::VerifyingKey),
    /// Ed25519 private key.
    Ed25519Private(ed25519_dalek::SigningKey),
    /// Ed25519 public key.
    Ed25519Public(ed25519_dalek::VerifyingKey),
    /// A key Node reads that nothing here computes with (e.g. secp256k1, Ed448): it still
    /// gets jsonwebtoken's key checks and messages.
    Unusable {
        /// Whether it is the private half.
        private: bool,
    },
}

/// The HMAC-only build parses no key: a [`ParsedKey`] cannot be made.
#[cfg(not(feature = "asymmetric"))]
#[derive(Debug, Clone)]
pub enum Material {}

#[cfg(feature = "asymmetric")]
impl std::fmt::Debug for Material {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Material::RsaPrivate(_) => "RsaPrivate",
            Material::RsaPublic(_) => "RsaPublic",
            Material::P256Private(_) => "P256Private",
            Material::P256Public(_) => "P256Public",
            Material::P384Private(_) => "P384Private",
            Material::P384Public(_) => "P384Public",
            Material::P521Private(_) => "P521Private",
            Material::P521Public(_) => "P521Public",
            Material::Ed25519Private(_) => "Ed25519Private",
            Material::Ed25519Public(_) => "Ed25519Public",
            Material::Unusable { private: true } => "UnusablePrivate",
            Material::Unusable { private: false } => "UnusablePublic",
        };
        f.write_str(name)
    }
}

/// A key read from PEM, DER, JWK or a `KeyObject`'s export.
#[derive(Debug, Clone)]
pub struct ParsedKey {
    /// Type and details, as Node's `KeyObject` reports them.
    pub key_type: KeyType,
    /// The key itself.
    pub material: Material,
}

#[cfg(feature = "asymmetric")]
impl ParsedKey {
    /// An RSA key (plain or PSS-restricted) of `modulus_bits` around `material`.
    pub(crate) fn rsa(material: Material, modulus_bits: usize, pss: Option<Option<PssParams>>) -> ParsedKey {
        let key_type = match pss {
            Some(params) => KeyType::RsaPss { modulus_bits, params },
            None => KeyType::Rsa { modulus_bits },
        };
        ParsedKey { key_type, material }
    }

    /// True for a private key.
    pub fn is_private(&self) -> bool {
        matches!(
            self.material,
            Material::RsaPrivate(_)
                | Material::P256Private(_)
                | Material::P384Private(_)
                | Material::P521Private(_)
                | Material::Ed25519Private(_)
                | Material::Unusable { private: true }
        )
    }

    /// The public half, as `createPublicKey(privateKey)` derives it.
    pub fn to_public(&self) -> ParsedKey {
        let material = match &self.material {
            Material::RsaPrivate(key) => Material::RsaPublic(key.to_public_key()),
            Material::P256Private(key) => Material::P256Public(*key.verifying_key()),
            Material::P384Private(key) => Material::P384Public(*key.verifying_key()),
            Material::P521Private(key) => Material::P521Public(p521::ecdsa::VerifyingKey::from(key)),
            Material::Ed25519Private(key) => Material::Ed25519Public(key.verifying_key()),
            Material::Unusable { .. } => Material::Unusable { private: false },
            other => other.clone(),
        };
        ParsedKey { key_type: self.key_type.clone(), material }
    }
}
