//! Property tests (proptest): for any payload and any option set, `sign` then `verify` gives
//! back exactly the payload with the claims jsonwebtoken adds, in its order; any one character
//! changed in the token is refused; `decode` and `verify` never panic on any text. Native only
//! (proptest's runner is not built for wasm); the fuzz targets in fuzz/ go further.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use proptest::prelude::*;
use rtc_token::{
    base64url_encode, decode, push_json_string, sign, verify, Error, KeyInput, KeySource, Options, Payload, TokenInput,
    UNNAMED,
};

const NOW: f64 = 1_700_000_000.0;
const SECRET: &[u8] = b"property-secret";
const RESERVED: [&str; 7] = ["iat", "exp", "nbf", "aud", "iss", "sub", "jti"];

/// A JSON value as JSON.stringify writes it: integers, strings with any characters, nesting.
fn json_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        any::<bool>().prop_map(|b| b.to_string()),
        (-(1i64 << 53) + 1..(1i64 << 53)).prop_map(|n| n.to_string()),
        any::<String>().prop_map(|s| quoted(&s)),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|items| format!("[{}]", items.join(","))),
            prop::collection::btree_map(key(), inner, 0..4).prop_map(|m| object(m.into_iter())),
        ]
    })
}

fn quoted(text: &str) -> String {
    let mut out = String::new();
    push_json_string(&mut out, text);
    out
}

/// Member names that are not claims sign adds (those would collide with the options).
fn key() -> impl Strategy<Value = String> {
    "[a-z][a-zA-Z0-9_$]{0,6}".prop_filter("a claim name", |k| !RESERVED.contains(&k.as_str()))
}

fn object(members: impl Iterator<Item = (String, String)>) -> String {
    let members: Vec<String> = members.map(|(k, v)| format!("{}:{v}", quoted(&k))).collect();
    format!("{{{}}}", members.join(","))
}

/// `expiresIn`/`notBefore` as given and the seconds they add to `now`.
fn span(range: std::ops::RangeInclusive<i64>) -> impl Strategy<Value = (String, i64)> {
    let (lo, hi) = (*range.start(), *range.end());
    // Whole units inside the range (rounded inwards, so a positive span stays positive).
    let units = |unit: i64| (if lo > 0 { (lo + unit - 1) / unit } else { lo / unit })..=hi / unit;
    prop_oneof![
        (lo..=hi).prop_map(|n| (n.to_string(), n)),
        units(60).prop_map(|n| (format!("\"{n}m\""), n * 60)),
        units(3600).prop_map(|n| (format!("\"{n} hours\""), n * 3600)),
    ]
}

#[derive(Debug, Clone)]
struct Claims {
    expires_in: Option<(String, i64)>,
    not_before: Option<(String, i64)>,
    audience: Option<String>,
    issuer: Option<String>,
    subject: Option<String>,
    jwtid: Option<String>,
    keyid: Option<String>,
    no_timestamp: bool,
}

fn claims() -> impl Strategy<Value = Claims> {
    let text = || proptest::option::of(any::<String>());
    (
        proptest::option::of(span(2..=10_000_000)),
        proptest::option::of(span(-10_000_000..=0)),
        // jws writes the header as latin1 ('binary'): a kid beyond U+00FF loses its high bytes in
        // jsonwebtoken too, and the token does not decode (checked against jsonwebtoken). Control
        // characters stay escaped; only the latin1 range round-trips.
        (text(), text(), text(), text(), proptest::option::of("[ -~\u{a0}-\u{ff}\x00-\x1f]{0,12}")),
        any::<bool>(),
    )
        .prop_map(|(expires_in, not_before, (audience, issuer, subject, jwtid, keyid), no_timestamp)| Claims {
            expires_in,
            not_before,
            audience,
            issuer,
            subject,
            jwtid,
            keyid,
            no_timestamp,
        })
}

/// The sign options in the boundary's wire format, and the payload verify must return.
fn sign_wire(alg: &str, claims: &Claims, payload: &str) -> (String, String) {
    let mut pairs = vec![format!("[\"algorithm\",\"{alg}\"]")];
    let mut added = Vec::new();
    if !claims.no_timestamp {
        added.push(format!("\"iat\":{NOW}"));
    } else {
        pairs.push("[\"noTimestamp\",true]".to_owned());
    }
    // jsonwebtoken's order: iat, nbf, exp, then aud, iss, sub, jti.
    if let Some((given, seconds)) = &claims.not_before {
        pairs.push(format!("[\"notBefore\",{given}]"));
        added.push(format!("\"nbf\":{}", NOW as i64 + seconds));
    }
    if let Some((given, seconds)) = &claims.expires_in {
        pairs.push(format!("[\"expiresIn\",{given}]"));
        added.push(format!("\"exp\":{}", NOW as i64 + seconds));
    }
    for (option, claim, value) in [
        ("audience", "aud", &claims.audience),
        ("issuer", "iss", &claims.issuer),
        ("subject", "sub", &claims.subject),
        ("jwtid", "jti", &claims.jwtid),
    ] {
        if let Some(value) = value {
            pairs.push(format!("[\"{option}\",{}]", quoted(value)));
            added.push(format!("\"{claim}\":{}", quoted(value)));
        }
    }
    if let Some(kid) = &claims.keyid {
        pairs.push(format!("[\"keyid\",{}]", quoted(kid)));
    }
    let body = payload.strip_prefix('{').and_then(|p| p.strip_suffix('}')).unwrap();
    let expected = match (body.is_empty(), added.is_empty()) {
        (true, _) => format!("{{{}}}", added.join(",")),
        (false, true) => payload.to_owned(),
        (false, false) => format!("{{{body},{}}}", added.join(",")),
    };
    (format!("[{}]", pairs.join(",")), expected)
}

/// verify's options: the algorithm and every claim the token was made with (an empty string
/// is falsy, so jsonwebtoken skips that check, and so does rtc-token).
fn verify_wire(alg: &str, claims: &Claims) -> String {
    let mut pairs = vec![format!("[\"algorithms\",[\"{alg}\"]]")];
    for (option, value) in [
        ("audience", &claims.audience),
        ("issuer", &claims.issuer),
        ("subject", &claims.subject),
        ("jwtid", &claims.jwtid),
    ] {
        if let Some(value) = value {
            pairs.push(format!("[\"{option}\",{}]", quoted(value)));
        }
    }
    format!("[{}]", pairs.join(","))
}

#[cfg(feature = "asymmetric")]
const KEYS: [(&str, &str, &str); 2] = [
    (
        "ES256",
        include_str!("../js-tests/vectors/keys/p256.pkcs8.pem"),
        include_str!("../js-tests/vectors/keys/p256.spki.pem"),
    ),
    (
        "EdDSA",
        include_str!("../js-tests/vectors/keys/ed25519.pkcs8.pem"),
        include_str!("../js-tests/vectors/keys/ed25519.spki.pem"),
    ),
];

/// Signs, verifies, and checks the round trip and that tampering is refused.
fn round_trip(alg: &str, private: &[u8], public: &[u8], payload: &str, claims: &Claims, tamper: usize) {
    let (wire, expected) = sign_wire(alg, claims, payload);
    let options = Options::parse(&wire).unwrap();
    let token = sign(Payload::Object { json: payload, shape: "" }, KeyInput::Text(private), &options, NOW)
        .unwrap_or_else(|e| panic!("sign {wire}: {e:?}"))
        .token;
    // These payloads name no registered claim: told so, sign skips reading them, same token.
    let unnamed = Payload::Object { json: payload, shape: UNNAMED };
    let told = sign(unnamed, KeyInput::Text(private), &options, NOW).unwrap().token;
    // (ECDSA signatures are randomized: their signing inputs are compared.)
    let signed = |t: &str| t[..t.rfind('.').unwrap()].to_owned();
    assert_eq!(signed(&told), signed(&token), "{wire}");
    if alg != "ES256" {
        assert_eq!(told, token, "{wire}");
    }
    let verify_wire = verify_wire(alg, claims);
    let verify_options = Options::parse(&verify_wire).unwrap();
    let key = KeySource::Given(KeyInput::Text(public));
    let verified = verify(TokenInput::Text(&token), key, &verify_options, NOW + 1.0, false);
    assert_eq!(verified.as_deref(), Ok(expected.as_str()), "{wire}");

    // One character changed anywhere: refused.
    let bytes = token.as_bytes();
    let at = tamper % bytes.len();
    let replacement = if bytes[at] == b'A' { 'B' } else { 'A' };
    let mut tampered = token.clone();
    tampered.replace_range(at..=at, &replacement.to_string());
    let refused = verify(TokenInput::Text(&tampered), key, &verify_options, NOW + 1.0, false);
    assert!(refused.is_err(), "a token changed at {at} was accepted: {tampered}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn hmac_sign_then_verify_round_trips(
        members in prop::collection::btree_map(key(), json_value(), 0..6),
        claims in claims(),
        alg in prop::sample::select(vec!["HS256", "HS384", "HS512"]),
        tamper in any::<usize>(),
    ) {
        round_trip(alg, SECRET, SECRET, &object(members.into_iter()), &claims, tamper);
    }

    #[test]
    fn wrong_secret_is_refused(members in prop::collection::btree_map(key(), json_value(), 0..4), secret in any::<Vec<u8>>()) {
        prop_assume!(!secret.is_empty() && secret != SECRET);
        let payload = object(members.into_iter());
        let token = sign(Payload::Object { json: &payload, shape: "" }, KeyInput::Text(SECRET), &Options::empty(), NOW).unwrap().token;
        let result = verify(TokenInput::Text(&token), KeySource::Given(KeyInput::Bytes(&secret)), &Options::empty(), NOW, false);
        prop_assert_eq!(result, Err(Error::SignatureInvalid));
    }

    #[test]
    fn decode_and_verify_never_panic_on_any_text(text in any::<String>(), json in any::<bool>()) {
        let _ = decode(&text, json);
        let result = verify(TokenInput::Text(&text), KeySource::Given(KeyInput::Text(SECRET)), &Options::empty(), NOW, false);
        prop_assert!(result.is_err());
    }

    #[test]
    fn decode_and_verify_never_panic_on_any_segments(
        header in any::<Vec<u8>>(), payload in any::<Vec<u8>>(), signature in any::<Vec<u8>>(), json in any::<bool>(),
    ) {
        let token = format!("{}.{}.{}", base64url_encode(&header), base64url_encode(&payload), base64url_encode(&signature));
        if let Ok(Some(decoded)) = decode(&token, json) {
            let _ = decoded.complete_json();
        }
        let result = verify(TokenInput::Text(&token), KeySource::Given(KeyInput::Text(SECRET)), &Options::empty(), NOW, false);
        prop_assert!(result.is_err());
    }
}

proptest! {
    // Asymmetric signing is slower in a debug build: fewer cases.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[cfg(feature = "asymmetric")]
    #[test]
    fn asymmetric_sign_then_verify_round_trips(
        members in prop::collection::btree_map(key(), json_value(), 0..5),
        claims in claims(),
        which in 0..KEYS.len(),
        tamper in any::<usize>(),
    ) {
        let (alg, private, public) = KEYS[which];
        round_trip(alg, private.as_bytes(), public.as_bytes(), &object(members.into_iter()), &claims, tamper);
    }
}
