//! Key resolution and the key cache, on the committed test fixtures.
#![allow(clippy::panic)]

use super::*;
use wasm_bindgen_test::wasm_bindgen_test;

const RSA_PKCS8: &str = include_str!("../../js-tests/vectors/keys/rsa2048.pkcs8.pem");
const RSA_SPKI: &str = include_str!("../../js-tests/vectors/keys/rsa2048.spki.pem");
const RSA_CERT: &str = include_str!("../../js-tests/vectors/keys/rsa2048.cert.pem");
const P256_SEC1: &str = include_str!("../../js-tests/vectors/keys/p256.sec1.pem");
const LEGACY: &str = include_str!("../../js-tests/vectors/keys/rsa2048.legacy-encrypted.pem");

fn private(key: Option<Key<'_>>) -> Rc<ParsedKey> {
    match key {
        Some(Key::Private(key)) => key,
        other => panic!("not a private key: {other:?}"),
    }
}

#[test]
#[wasm_bindgen_test]
fn a_reused_pem_is_parsed_once() {
    let pem = format!("{RSA_PKCS8}\n"); // bytes no other test uses
    let before = parses();
    let first = private(resolve(KeyInput::Text(pem.as_bytes()), KeyRole::Signing).unwrap());
    for _ in 0..20 {
        let again = private(resolve(KeyInput::Text(pem.as_bytes()), KeyRole::Signing).unwrap());
        assert!(Rc::ptr_eq(&first, &again));
    }
    assert_eq!(parses() - before, 1);
    assert_eq!(first.key_type, KeyType::Rsa { modulus_bits: 2048 });
}

#[test]
#[wasm_bindgen_test]
fn the_cache_stays_bounded() {
    for i in 0..(cache::CAPACITY * 3) {
        // Key armour that holds no key: refused, never a secret (and the refusal is cached too).
        let junk = format!("-----BEGIN PRIVATE KEY-----\nQUJD{i:04}\n-----END PRIVATE KEY-----");
        assert_eq!(resolve(KeyInput::Text(junk.as_bytes()), KeyRole::Signing).unwrap_err(), Error::KeyMaterialInvalid);
    }
    assert!(cached_keys() <= cache::CAPACITY);
}

#[test]
#[wasm_bindgen_test]
fn follows_nodes_cascade() {
    fn sign(text: &str) -> Option<Key<'_>> {
        resolve(KeyInput::Text(text.as_bytes()), KeyRole::Signing).unwrap()
    }
    fn verify(text: &str) -> Option<Key<'_>> {
        resolve(KeyInput::Text(text.as_bytes()), KeyRole::Verifying).unwrap()
    }
    // createPrivateKey reads no public key or certificate: they are secrets to `sign`.
    assert!(matches!(sign(RSA_SPKI), Some(Key::Secret(_))));
    assert!(matches!(sign(RSA_CERT), Some(Key::Secret(_))));
    // createPublicKey reads all of them, and a private key as its public half.
    for text in [RSA_SPKI, RSA_CERT, RSA_PKCS8] {
        assert!(matches!(verify(text), Some(Key::Public(ref k)) if !k.is_private()), "{text}");
    }
    assert_eq!(private(sign(P256_SEC1)).key_type, KeyType::Ec { curve: "prime256v1" });
    // Legacy encryption: a secret without a passphrase (as in Node), a clear error with one.
    assert!(matches!(sign(LEGACY), Some(Key::Secret(_))));
    let described = format!("{{\"key\":{:?},\"passphrase\":\"x\"}}\n", LEGACY);
    assert_eq!(
        resolve(KeyInput::Described(described.as_bytes()), KeyRole::Signing).unwrap_err(),
        Error::LegacyEncryptedPem
    );
    assert_eq!(resolve(KeyInput::Jwk(b"{\"kty\":\"RSA\"}"), KeyRole::Signing).unwrap_err(), Error::KeyMaterialInvalid);
    assert!(matches!(
        resolve(KeyInput::Jwk(b"{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}"), KeyRole::Verifying).unwrap(),
        Some(Key::Secret(s)) if s.as_ref() == b"secret"
    ));
}

#[test]
#[wasm_bindgen_test]
fn hostile_keys_are_errors_or_secrets_never_panics() {
    let jwks = [
        r#"{"kty":"RSA","n":"AA","e":"AQAB","d":"AQ"}"#,
        r#"{"kty":"RSA","n":"","e":"","d":"","p":"AA","q":"AA"}"#,
        r#"{"kty":"RSA","n":"_____w","e":"AQAB"}"#,
        r#"{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}"#,
        r#"{"kty":"EC","crv":"P-521","x":"AA","y":"AA","d":"AA"}"#,
        r#"{"kty":"OKP","crv":"Ed25519","x":"AA"}"#,
        r#"{"kty":"OKP","crv":"Ed25519","d":"AAAA"}"#,
        r#"{"kty":7}"#,
        r#"{"kty":"oct","k":"!"}"#,
    ];
    for jwk in jwks {
        for role in [KeyRole::Signing, KeyRole::Verifying] {
            let _ = resolve(KeyInput::Jwk(jwk.as_bytes()), role);
        }
    }
    // Every prefix of a real PEM and of its DER: readable or not, never a panic.
    let der = pem::find(RSA_PKCS8.as_bytes(), &["PRIVATE KEY"]).unwrap().der.to_vec();
    for cut in (0..der.len()).step_by(97) {
        let _ = resolve(KeyInput::PrivateKeyObject(&der[..cut]), KeyRole::Signing);
        let _ = resolve(KeyInput::PublicKeyObject(&der[..cut]), KeyRole::Verifying);
    }
    for cut in (0..P256_SEC1.len()).step_by(23) {
        let text = format!("{}\n-----END EC PRIVATE KEY-----", &P256_SEC1[..cut]);
        let _ = resolve(KeyInput::Text(text.as_bytes()), KeyRole::Signing);
    }
}

/// Every key fixture Node reads as a key is a key here, of Node's `asymmetricKeyType`, in both
/// roles where Node's reader takes it; none is ever a secret (the algorithm-confusion fix).
#[test]
#[wasm_bindgen_test]
fn key_material_is_never_a_secret() {
    macro_rules! fixture {
        ($name:literal) => {
            ($name, include_str!(concat!("../../js-tests/vectors/keys/", $name)))
        };
    }
    // (file, Node's asymmetricKeyType, the curve or modulus Node reports, usable here)
    let publics = [
        (fixture!("dsa2048.spki.pem"), "dsa", false),
        (fixture!("dsa2048.cert.pem"), "dsa", false),
        (fixture!("dh-modp14.spki.pem"), "dh", false),
        (fixture!("p224.spki.pem"), "ec", false),
        (fixture!("p224.cert.pem"), "ec", false),
        (fixture!("p192.spki.pem"), "ec", false),
        (fixture!("sect163k1.spki.pem"), "ec", false),
        (fixture!("p224-explicit.spki.pem"), "ec", false),
        (fixture!("p256-explicit.spki.pem"), "ec", true),
        (fixture!("p384-explicit.spki.pem"), "ec", true),
        (fixture!("p521-explicit.spki.pem"), "ec", true),
        (fixture!("sm2.spki.pem"), "sm2", false),
        (fixture!("x448.spki.pem"), "x448", false),
        (fixture!("ed448.spki.pem"), "ed448", false),
        (fixture!("rsa2048-e2pow40.spki.pem"), "rsa", true),
        (fixture!("rsa16800.spki.pem"), "rsa", false),
    ];
    let privates = [
        (fixture!("dsa2048.pkcs8.pem"), "dsa", false),
        (fixture!("dsa2048.traditional.pem"), "dsa", false),
        (fixture!("dh-modp14.pkcs8.pem"), "dh", false),
        (fixture!("p224.pkcs8.pem"), "ec", false),
        (fixture!("p224-explicit.sec1.pem"), "ec", false),
        (fixture!("p256-explicit.sec1.pem"), "ec", true),
        (fixture!("p256-explicit.pkcs8.pem"), "ec", true),
        (fixture!("p384-explicit.pkcs8.pem"), "ec", true),
        (fixture!("p521-explicit.sec1.pem"), "ec", true),
        (fixture!("sm2.pkcs8.pem"), "sm2", false),
        (fixture!("x448.pkcs8.pem"), "x448", false),
        (fixture!("ed448.pkcs8.pem"), "ed448", false),
    ];
    let usable = |key: &ParsedKey| !matches!(key.material, asymmetric::Material::Unusable { .. });
    for ((name, text), key_type, can_use) in publics {
        for input in [KeyInput::Text(text.as_bytes()), KeyInput::Bytes(text.as_bytes())] {
            let Some(Key::Public(key)) = resolve(input, KeyRole::Verifying).unwrap() else {
                panic!("{name}: not a public key")
            };
            assert_eq!((key.key_type.name(), usable(&key)), (key_type, can_use), "{name}");
        }
    }
    for ((name, text), key_type, can_use) in privates {
        let Some(Key::Private(key)) = resolve(KeyInput::Text(text.as_bytes()), KeyRole::Signing).unwrap() else {
            panic!("{name}: not a private key")
        };
        assert_eq!((key.key_type.name(), usable(&key)), (key_type, can_use), "{name}");
        let Some(Key::Public(public)) = resolve(KeyInput::Text(text.as_bytes()), KeyRole::Verifying).unwrap() else {
            panic!("{name}: verify does not read it")
        };
        assert_eq!(public.key_type, key.key_type, "{name}");
    }
    // Explicit parameters of P-256 are P-256, as OpenSSL matches them; P-224's are a curve we
    // cannot compute on, and so are parameters that differ from P-256's in any one byte.
    let explicit = include_str!("../../js-tests/vectors/keys/p256-explicit.spki.pem");
    let Some(Key::Public(key)) = resolve(KeyInput::Text(explicit.as_bytes()), KeyRole::Verifying).unwrap() else {
        panic!()
    };
    assert_eq!(key.key_type, KeyType::Ec { curve: "prime256v1" });
    let der = pem::find(explicit.as_bytes(), &["PUBLIC KEY"]).unwrap().der.to_vec();
    // The last byte of the generator's y coordinate sits before the order's INTEGER.
    let order_at = der.windows(3).position(|w| w == [0x02, 0x21, 0x00]).unwrap();
    let mut altered = der.clone();
    altered[order_at - 1] ^= 1;
    let key = resolve(KeyInput::PublicKeyObject(&altered), KeyRole::Verifying).unwrap();
    assert!(matches!(key, Some(Key::Public(ref k)) if k.key_type == KeyType::Ec { curve: "UNDEF" }), "{key:?}");
}

/// Armour of key material we cannot read is refused in the roles whose reader would take it;
/// what jsonwebtoken takes as a secret without key material stays a secret.
#[test]
#[wasm_bindgen_test]
fn unreadable_key_armour_is_refused() {
    let trusted = include_str!("../../js-tests/vectors/keys/rsa2048.trusted-cert.pem");
    let unknown_oid = "-----BEGIN PUBLIC KEY-----\nMBIwCgYIKoUDBwEBAQEDBAACAQE=\n-----END PUBLIC KEY-----\n";
    for text in [
        trusted,
        unknown_oid,
        "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----",
        "-----BEGIN DSA PUBLIC KEY-----\n",
    ] {
        assert_eq!(
            resolve(KeyInput::Text(text.as_bytes()), KeyRole::Verifying).unwrap_err(),
            Error::PublicKeyMaterialInvalid,
            "{text}"
        );
        // createPrivateKey reads no public key: signing with its text is jsonwebtoken's secret.
        assert!(
            matches!(resolve(KeyInput::Text(text.as_bytes()), KeyRole::Signing), Ok(Some(Key::Secret(_)))),
            "{text}"
        );
    }
    let private_junk = "-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----";
    for role in [KeyRole::Signing, KeyRole::Verifying] {
        assert!(resolve(KeyInput::Text(private_junk.as_bytes()), role).is_err());
    }
    // Not key armour at all: a secret, as in jsonwebtoken.
    let other = "-----BEGIN MESSAGE-----\nQUJD\n-----END MESSAGE-----";
    assert!(matches!(resolve(KeyInput::Text(other.as_bytes()), KeyRole::Verifying), Ok(Some(Key::Secret(_)))));
}
