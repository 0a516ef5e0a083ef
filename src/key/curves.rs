//! Elliptic curves as OpenSSL (behind Node's `KeyObject`) names them: a key's curve comes either
//! as a named-curve OID or as explicit domain parameters (`openssl ec -param_enc explicit`).
//!
//! Every curve Node can make a key on is named here, so that an EC key on any of them is a key
//! (jsonwebtoken: `"alg" parameter "ES256" requires curve "prime256v1".`), never an HMAC secret.
//! Explicit parameters that are exactly P-256, P-384 or P-521 are those curves, as OpenSSL 3
//! matches them; other explicit parameters are a curve we cannot compute on, named [`UNNAMED`].

use der::asn1::{AnyRef, ObjectIdentifier, OctetStringRef, UintRef};
use der::{Reader, SliceReader, Tag, Tagged};

/// What OpenSSL's `OBJ_nid2sn` calls a curve without a name (explicit parameters it cannot
/// match). Only rtc-token's own messages show it; jsonwebtoken's name the required curve.
pub const UNNAMED: &str = "UNDEF";

/// The OID of the SM2 curve: OpenSSL makes an `sm2` key of it, which Node reports with no
/// `asymmetricKeyType` at all.
pub const SM2: &str = "1.2.156.10197.1.301";

/// Named-curve OIDs → OpenSSL's short names: every curve of Node's `crypto.getCurves()` that it
/// can make a key on (Node 20, OpenSSL 3.0), read from `asymmetricKeyDetails.namedCurve`.
const NAMED: [(&str, &str); 79] = [
    ("1.2.840.10045.3.1.7", "prime256v1"),
    ("1.3.132.0.34", "secp384r1"),
    ("1.3.132.0.35", "secp521r1"),
    ("1.3.132.0.10", "secp256k1"),
    ("1.2.840.10045.3.1.1", "prime192v1"),
    ("1.2.840.10045.3.1.2", "prime192v2"),
    ("1.2.840.10045.3.1.3", "prime192v3"),
    ("1.2.840.10045.3.1.4", "prime239v1"),
    ("1.2.840.10045.3.1.5", "prime239v2"),
    ("1.2.840.10045.3.1.6", "prime239v3"),
    ("1.3.132.0.6", "secp112r1"),
    ("1.3.132.0.7", "secp112r2"),
    ("1.3.132.0.28", "secp128r1"),
    ("1.3.132.0.29", "secp128r2"),
    ("1.3.132.0.9", "secp160k1"),
    ("1.3.132.0.8", "secp160r1"),
    ("1.3.132.0.30", "secp160r2"),
    ("1.3.132.0.31", "secp192k1"),
    ("1.3.132.0.32", "secp224k1"),
    ("1.3.132.0.33", "secp224r1"),
    ("1.3.132.0.4", "sect113r1"),
    ("1.3.132.0.5", "sect113r2"),
    ("1.3.132.0.22", "sect131r1"),
    ("1.3.132.0.23", "sect131r2"),
    ("1.3.132.0.1", "sect163k1"),
    ("1.3.132.0.2", "sect163r1"),
    ("1.3.132.0.15", "sect163r2"),
    ("1.3.132.0.24", "sect193r1"),
    ("1.3.132.0.25", "sect193r2"),
    ("1.3.132.0.26", "sect233k1"),
    ("1.3.132.0.27", "sect233r1"),
    ("1.3.132.0.3", "sect239k1"),
    ("1.3.132.0.16", "sect283k1"),
    ("1.3.132.0.17", "sect283r1"),
    ("1.3.132.0.36", "sect409k1"),
    ("1.3.132.0.37", "sect409r1"),
    ("1.3.132.0.38", "sect571k1"),
    ("1.3.132.0.39", "sect571r1"),
    ("1.3.36.3.3.2.8.1.1.1", "brainpoolP160r1"),
    ("1.3.36.3.3.2.8.1.1.2", "brainpoolP160t1"),
    ("1.3.36.3.3.2.8.1.1.3", "brainpoolP192r1"),
    ("1.3.36.3.3.2.8.1.1.4", "brainpoolP192t1"),
    ("1.3.36.3.3.2.8.1.1.5", "brainpoolP224r1"),
    ("1.3.36.3.3.2.8.1.1.6", "brainpoolP224t1"),
    ("1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1"),
    ("1.3.36.3.3.2.8.1.1.8", "brainpoolP256t1"),
    ("1.3.36.3.3.2.8.1.1.9", "brainpoolP320r1"),
    ("1.3.36.3.3.2.8.1.1.10", "brainpoolP320t1"),
    ("1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1"),
    ("1.3.36.3.3.2.8.1.1.12", "brainpoolP384t1"),
    ("1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1"),
    ("1.3.36.3.3.2.8.1.1.14", "brainpoolP512t1"),
    ("1.2.840.10045.3.0.1", "c2pnb163v1"),
    ("1.2.840.10045.3.0.2", "c2pnb163v2"),
    ("1.2.840.10045.3.0.3", "c2pnb163v3"),
    ("1.2.840.10045.3.0.4", "c2pnb176v1"),
    ("1.2.840.10045.3.0.10", "c2pnb208w1"),
    ("1.2.840.10045.3.0.16", "c2pnb272w1"),
    ("1.2.840.10045.3.0.17", "c2pnb304w1"),
    ("1.2.840.10045.3.0.19", "c2pnb368w1"),
    ("1.2.840.10045.3.0.5", "c2tnb191v1"),
    ("1.2.840.10045.3.0.6", "c2tnb191v2"),
    ("1.2.840.10045.3.0.7", "c2tnb191v3"),
    ("1.2.840.10045.3.0.11", "c2tnb239v1"),
    ("1.2.840.10045.3.0.12", "c2tnb239v2"),
    ("1.2.840.10045.3.0.13", "c2tnb239v3"),
    ("1.2.840.10045.3.0.18", "c2tnb359v1"),
    ("1.2.840.10045.3.0.20", "c2tnb431r1"),
    ("2.23.43.1.4.1", "wap-wsg-idm-ecid-wtls1"),
    ("2.23.43.1.4.3", "wap-wsg-idm-ecid-wtls3"),
    ("2.23.43.1.4.4", "wap-wsg-idm-ecid-wtls4"),
    ("2.23.43.1.4.5", "wap-wsg-idm-ecid-wtls5"),
    ("2.23.43.1.4.6", "wap-wsg-idm-ecid-wtls6"),
    ("2.23.43.1.4.7", "wap-wsg-idm-ecid-wtls7"),
    ("2.23.43.1.4.8", "wap-wsg-idm-ecid-wtls8"),
    ("2.23.43.1.4.9", "wap-wsg-idm-ecid-wtls9"),
    ("2.23.43.1.4.10", "wap-wsg-idm-ecid-wtls10"),
    ("2.23.43.1.4.11", "wap-wsg-idm-ecid-wtls11"),
    ("2.23.43.1.4.12", "wap-wsg-idm-ecid-wtls12"),
];

/// The domain parameters of the curves this crate computes on (SEC 2 / FIPS 186-4), as
/// lowercase hex without leading zeros: field prime `p`, coefficients `a` and `b`, the
/// generator's `x` and `y`, and the order `n` (the cofactor is 1).
struct Domain {
    name: &'static str,
    p: &'static str,
    a: &'static str,
    b: &'static str,
    gx: &'static str,
    gy: &'static str,
    n: &'static str,
}

const DOMAINS: [Domain; 3] = [
    Domain {
        name: "prime256v1",
        p: "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
        a: "ffffffff00000001000000000000000000000000fffffffffffffffffffffffc",
        b: "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
        gx: "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
        gy: "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
        n: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
    },
    Domain {
        name: "secp384r1",
        p: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
        a: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffc",
        b: "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
        gx: "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
        gy: "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
        n: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
    },
    Domain {
        name: "secp521r1",
        p: "1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        a: "1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc",
        b: "51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
        gx: "c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
        gy: "11839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
        n: "1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
    },
];

const PRIME_FIELD: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.1.1");

/// OpenSSL's name for a named-curve OID, `None` for an OID it does not know.
fn named(oid: &ObjectIdentifier) -> Option<&'static str> {
    let text = oid.to_string();
    NAMED.iter().find(|(known, _)| *known == text).map(|(_, name)| *name)
}

/// The curve of an EC key's `ECParameters`: a named-curve OID, or explicit parameters. `None`
/// for an OID OpenSSL does not know, implicitlyCA (NULL: no curve at all) or broken DER.
pub fn of_parameters(parameters: AnyRef<'_>) -> Option<&'static str> {
    match parameters.tag() {
        Tag::ObjectIdentifier => named(&parameters.decode_as().ok()?),
        Tag::Sequence => explicit(parameters.value()),
        _ => None,
    }
}

/// `SpecifiedECDomain` (SEC 1 C.2): `{ version, fieldID, curve { a, b, seed? }, base, order,
/// cofactor? }`. Exactly one of our curves when every parameter is that curve's.
fn explicit(body: &[u8]) -> Option<&'static str> {
    let mut reader = SliceReader::new(body).ok()?;
    let _version: UintRef<'_> = reader.decode().ok()?;
    let field: AnyRef<'_> = reader.decode().ok()?;
    let curve: AnyRef<'_> = reader.decode().ok()?;
    let base: OctetStringRef<'_> = reader.decode().ok()?;
    let order: UintRef<'_> = reader.decode().ok()?;
    let cofactor: Option<UintRef<'_>> = reader.decode().ok()?;
    reader.finish(()).ok()?;

    let mut field = SliceReader::new(field.value()).ok()?;
    let field_type: ObjectIdentifier = field.decode().ok()?;
    if field_type != PRIME_FIELD {
        return Some(UNNAMED); // a characteristic-two field: none of ours
    }
    let prime: UintRef<'_> = field.decode().ok()?;
    let mut curve = SliceReader::new(curve.value()).ok()?;
    let a: OctetStringRef<'_> = curve.decode().ok()?;
    let b: OctetStringRef<'_> = curve.decode().ok()?;

    let found = DOMAINS.iter().find(|d| {
        hex(prime.as_bytes()) == d.p
            && hex(a.as_bytes()) == d.a
            && hex(b.as_bytes()) == d.b
            && hex(order.as_bytes()) == d.n
            && cofactor.is_none_or(|h| h.as_bytes() == [1])
            && is_generator(base.as_bytes(), d)
    });
    Some(found.map_or(UNNAMED, |d| d.name))
}

/// True when a SEC1-encoded point is the domain's generator, uncompressed or compressed.
fn is_generator(point: &[u8], domain: &Domain) -> bool {
    let size = domain.p.len().div_ceil(2);
    let Some((&form, coordinates)) = point.split_first() else {
        return false;
    };
    let y_odd = domain.gy.chars().last().and_then(|c| c.to_digit(16)).is_some_and(|d| d & 1 == 1);
    match (form, coordinates.len()) {
        (4, len) if len == 2 * size => {
            let (x, y) = coordinates.split_at(size);
            hex(x) == domain.gx && hex(y) == domain.gy
        }
        (2 | 3, len) if len == size => hex(coordinates) == domain.gx && (form == 3) == y_odd,
        _ => false,
    }
}

/// Lowercase hex of a big-endian number, without leading zeros (field elements may be written
/// at full width or short).
fn hex(bytes: &[u8]) -> String {
    let mut out: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let zeros = out.len() - out.trim_start_matches('0').len();
    out.drain(..zeros);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The generators in the table are the crates' own (one definition checked against another).
    #[test]
    #[wasm_bindgen_test]
    fn generators_are_the_crates() {
        let p256 = p256::AffinePoint::GENERATOR.to_encoded_point(false);
        let p384 = p384::AffinePoint::GENERATOR.to_encoded_point(false);
        let p521 = p521::AffinePoint::GENERATOR.to_encoded_point(false);
        let points = [p256.as_bytes(), p384.as_bytes(), p521.as_bytes()];
        for (i, point) in points.iter().enumerate() {
            for (j, domain) in DOMAINS.iter().enumerate() {
                assert_eq!(is_generator(point, domain), i == j, "{}", domain.name);
            }
        }
        let compressed = p256::AffinePoint::GENERATOR.to_encoded_point(true);
        assert!(is_generator(compressed.as_bytes(), &DOMAINS[0]));
        let mut flipped = compressed.as_bytes().to_vec();
        flipped[0] ^= 1;
        assert!(!is_generator(&flipped, &DOMAINS[0]));
    }

    #[test]
    #[wasm_bindgen_test]
    fn names_every_table_oid_once() {
        for (oid, name) in NAMED {
            assert_eq!(named(&ObjectIdentifier::new(oid).unwrap()), Some(name));
        }
        assert_eq!(named(&ObjectIdentifier::new_unwrap(SM2)), None);
        assert_eq!(hex(&[0, 0, 1, 0]), "100");
    }
}
