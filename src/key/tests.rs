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
        let junk = format!("-----BEGIN PRIVATE KEY-----\nQUJD{i:04}\n-----END PRIVATE KEY-----");
        assert!(matches!(resolve(KeyInput::Text(junk.as_bytes()), KeyRole::Signing), Ok(Some(Key::Secret(_)))));
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
