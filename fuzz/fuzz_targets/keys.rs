//! The key readers over any bytes: PEM armour of every label a reader tries around any DER, and
//! DER in every other form a key arrives in (KeyObject exports, `{ key, format: 'der' }`, JWK
//! text). Never a panic or a hang; and key armour is never an HMAC secret to `verify` (the
//! algorithm-confusion rule: a key we cannot read is refused, not used as a secret).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rtc_token::{resolve_key, Key, KeyInput, KeyRole};

const LABELS: [&str; 9] = [
    "PUBLIC KEY",
    "RSA PUBLIC KEY",
    "CERTIFICATE",
    "TRUSTED CERTIFICATE",
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "DSA PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, der)) = data.split_first() else { return };
    let label = LABELS[usize::from(selector) % LABELS.len()];
    let pem = format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", base64(der));
    for role in [KeyRole::Signing, KeyRole::Verifying] {
        let key = resolve_key(KeyInput::Text(pem.as_bytes()), role);
        // Node's createPublicKey reads every one of these labels (or, for a trusted certificate,
        // holds key material anyway): to verify, none may be a secret. An encrypted private key
        // without its passphrase is jsonwebtoken's own secret: nothing Node could read as a key.
        if role == KeyRole::Verifying && label != "ENCRYPTED PRIVATE KEY" {
            assert!(!matches!(key, Ok(Some(Key::Secret(_)))), "{label} armour taken as a secret");
        }
        let _ = resolve_key(KeyInput::Bytes(der), role);
        let _ = resolve_key(KeyInput::Jwk(der), role);
        let _ = resolve_key(KeyInput::Described(der), role);
    }
    let _ = resolve_key(KeyInput::PrivateKeyObject(der), KeyRole::Signing);
    let _ = resolve_key(KeyInput::PublicKeyObject(der), KeyRole::Verifying);
});

/// Standard base64 with padding, as PEM bodies are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
