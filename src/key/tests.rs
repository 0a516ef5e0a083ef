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
