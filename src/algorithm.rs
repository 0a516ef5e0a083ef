//! Algorithm names ⇄ the algorithms this package signs and verifies, and the key family each
//! needs.

/// A JWS algorithm by its `alg` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256.
    PS256,
    /// RSASSA-PSS with SHA-384.
    PS384,
    /// RSASSA-PSS with SHA-512.
    PS512,
    /// ECDSA on P-256 with SHA-256.
    ES256,
    /// ECDSA on P-384 with SHA-384.
    ES384,
    /// ECDSA on P-521 with SHA-512.
    ES512,
    /// No signature at all (only when asked for explicitly).
    None,
    /// Ed25519 signatures (RFC 8037), as `jose` has them: beyond jsonwebtoken 9, which refuses
    /// the name.
    EdDSA,
}

/// The kind of key an algorithm needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// A shared secret (HS*).
    Hmac,
    /// A private key to sign, a public key to verify (RS*, PS*, ES*).
    Asymmetric,
    /// No key (`none`).
    Unsigned,
}

impl Algorithm {
    /// Every name jsonwebtoken 9 accepts, in its `SUPPORTED_ALGS` order (`EdDSA` is ours).
    pub const ALL: [Algorithm; 13] = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::None,
    ];

    /// The algorithm called `name` (exact, case-sensitive, as jsonwebtoken compares).
    ///
    /// ```
    /// use rtc_token::Algorithm;
    /// assert_eq!(Algorithm::from_name("HS256"), Some(Algorithm::HS256));
    /// assert_eq!(Algorithm::from_name("hs256"), None);
    /// assert_eq!(Algorithm::from_name("EdDSA"), Some(Algorithm::EdDSA));
    /// ```
    pub fn from_name(name: &str) -> Option<Algorithm> {
        if name == "EdDSA" {
            return Some(Algorithm::EdDSA);
        }
        Algorithm::ALL.into_iter().find(|alg| alg.name() == name)
    }

    /// The `alg` name.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
            Algorithm::None => "none",
            Algorithm::EdDSA => "EdDSA",
        }
    }

    /// The key family the algorithm needs.
    pub fn family(self) -> Family {
        match self {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => Family::Hmac,
            Algorithm::None => Family::Unsigned,
            _ => Family::Asymmetric,
        }
    }

    /// The algorithms `verify` allows when `algorithms` is not given and the key is a secret
    /// (jsonwebtoken 9 `HS_ALGS`).
    pub const HMAC: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

    /// What `verify` allows for any other key when `algorithms` is not given (jsonwebtoken 9
    /// `PUB_KEY_ALGS`: RS* and PS*).
    pub const PUBLIC_KEY: [Algorithm; 6] =
        [Algorithm::RS256, Algorithm::RS384, Algorithm::RS512, Algorithm::PS256, Algorithm::PS384, Algorithm::PS512];

    /// What `verify` allows for an EC key when `algorithms` is not given (`EC_KEY_ALGS`).
    pub const EC: [Algorithm; 3] = [Algorithm::ES256, Algorithm::ES384, Algorithm::ES512];
}

/// Which key family an `alg` string asks for, the way jsonwebtoken tests it: by prefix
/// (`alg.startsWith('HS')`, `/^(?:RS|PS|ES)/`), before it knows whether the name is valid.
/// `EdDSA`, beyond jsonwebtoken, needs an asymmetric key too.
pub fn family_by_prefix(alg: &str) -> Option<Family> {
    if alg.starts_with("HS") {
        Some(Family::Hmac)
    } else if alg.starts_with("RS") || alg.starts_with("PS") || alg.starts_with("ES") || alg == "EdDSA" {
        Some(Family::Asymmetric)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn families_by_prefix() {
        assert_eq!(family_by_prefix("HS999"), Some(Family::Hmac));
        assert_eq!(family_by_prefix("EdDSA"), Some(Family::Asymmetric));
        assert_eq!(family_by_prefix("none"), None);
    }
}
