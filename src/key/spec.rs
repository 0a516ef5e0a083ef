//! `{ key, passphrase, format, type }` objects, the form Node's `createPrivateKey` and
//! `createPublicKey` take and jsonwebtoken passes through.
//!
//! The JavaScript layer sends such an object as one byte string: a JSON head
//! `{"format":…,"type":…,"passphrase":…|"passphraseHex":…,"key":…,"keyBytes":true}`, a newline,
//! then the key's bytes when `key` was a Buffer (`keyBytes`). `JSON.stringify` never writes a
//! raw newline, so the first one ends the head.

use zeroize::Zeroizing;

use crate::json::{Members, Value};

/// The `key` member.
#[derive(Debug)]
pub enum SpecKey<'a> {
    /// A string (PEM).
    Text(Zeroizing<String>),
    /// A Buffer, TypedArray or DataView (PEM or DER).
    Bytes(&'a [u8]),
    /// A plain object: a JWK, as JSON text.
    Object(&'a str),
    /// Missing or of another type: no key can be made of it.
    Missing,
}

/// A described key.
#[derive(Debug)]
pub struct Spec<'a> {
    /// `format`: `pem` (the default), `der` or `jwk`.
    pub format: Option<String>,
    /// `type` for DER: `pkcs1`, `pkcs8`, `sec1` or `spki`.
    pub der_type: Option<String>,
    /// The passphrase's bytes (a string passphrase as UTF-8).
    pub passphrase: Option<Zeroizing<Vec<u8>>>,
    /// The key.
    pub key: SpecKey<'a>,
}

/// Reads the boundary bytes of a described key; `None` if they are not in that format.
pub fn parse(bytes: &[u8]) -> Option<Spec<'_>> {
    let split = bytes.iter().position(|&b| b == b'\n')?;
    let head = std::str::from_utf8(bytes.get(..split)?).ok()?;
    let tail = bytes.get(split + 1..)?;
    let members = Members::parse(head).ok()?;
    let text = |name: &str| members.get(name).and_then(|v| v.as_str()).map(|s| s.to_string_lossy());
    let passphrase = match (text("passphrase"), text("passphraseHex")) {
        (Some(text), _) => Some(Zeroizing::new(text.into_bytes())),
        (None, Some(hex)) => Some(Zeroizing::new(from_hex(&hex)?)),
        (None, None) => None,
    };
    let key = match members.get("key") {
        Some(Value::String(s)) => SpecKey::Text(Zeroizing::new(s.to_string_lossy())),
        Some(Value::Object(raw)) => SpecKey::Object(raw),
        _ if members.get("keyBytes") == Some(Value::Bool(true)) => SpecKey::Bytes(tail),
        _ => SpecKey::Missing,
    };
    Some(Spec { format: text("format"), der_type: text("type"), passphrase, key })
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u32> = text.chars().map(|c| c.to_digit(16)).collect::<Option<_>>()?;
    digits.chunks(2).map(|pair| if let [hi, lo] = pair { u8::try_from(hi * 16 + lo).ok() } else { None }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn reads_the_boundary_form() {
        let spec =
            parse(b"{\"format\":\"der\",\"type\":\"pkcs8\",\"passphraseHex\":\"00ff\",\"keyBytes\":true}\n\x30\x0a")
                .unwrap();
        assert_eq!(spec.format.as_deref(), Some("der"));
        assert_eq!(spec.der_type.as_deref(), Some("pkcs8"));
        assert_eq!(spec.passphrase.as_deref().map(Vec::as_slice), Some(&[0u8, 255][..]));
        assert!(matches!(spec.key, SpecKey::Bytes(b"\x30\x0a")));
        let spec = parse(b"{\"key\":\"-----BEGIN\",\"passphrase\":\"p\"}\n").unwrap();
        assert!(matches!(spec.key, SpecKey::Text(ref t) if t.as_str() == "-----BEGIN"));
        assert!(matches!(parse(b"{}\n").unwrap().key, SpecKey::Missing));
        assert!(parse(b"{}").is_none());
    }
}
