//! The wire contract has one definition. Every constant of `rtc_token::wasm::wire` (the numbers
//! and names the core and the package's JavaScript must agree on) has a twin of the same name and
//! value in `pkg-template/boundary/wire.mjs`, the one module the JavaScript takes them from, and
//! that module exports nothing else: a constant changed, added or removed on one side only fails
//! here. Also: every JavaScript class the core names in its error JSON is one the JavaScript layer
//! (`pkg-template/boundary/answers.mjs`) makes, and every call of a region export in
//! `pkg-template/boundary/regions.mjs` passes its arguments under the names and in the order of
//! the export's parameters in `src/wasm/regions.rs` (an argument order is wire contract too).
//!
//! Native only: it reads source files, the same on every target.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeMap;

use rtc_token::wasm::wire::*;
use rtc_token::ErrorClass;

const WIRE_RS: &str = include_str!("../src/wasm/wire.rs");
const WIRE_MJS: &str = include_str!("../pkg-template/boundary/wire.mjs");
const ANSWERS_MJS: &str = include_str!("../pkg-template/boundary/answers.mjs");
const REGIONS_RS: &str = include_str!("../src/wasm/regions.rs");
const REGIONS_MJS: &str = include_str!("../pkg-template/boundary/regions.mjs");

#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Number(u64),
    Text(String),
}

trait WireValue {
    fn wire_value(self) -> Value;
}

impl WireValue for u8 {
    fn wire_value(self) -> Value {
        Value::Number(u64::from(self))
    }
}

impl WireValue for usize {
    fn wire_value(self) -> Value {
        Value::Number(self as u64)
    }
}

impl WireValue for &str {
    fn wire_value(self) -> Value {
        Value::Text(self.to_owned())
    }
}

/// `[(name, value)]` of the listed Rust constants, as compiled.
macro_rules! compiled {
    ($($name:ident),* $(,)?) => {
        vec![$((stringify!($name), WireValue::wire_value($name))),*]
    };
}

/// Every constant of `wire.rs` by name, with its compiled value. The list is checked against the
/// source's own `pub const` lines below, so it cannot miss one.
fn rust_constants() -> BTreeMap<&'static str, Value> {
    let listed = compiled![
        PAYLOAD_UNDEFINED,
        PAYLOAD_OBJECT,
        PAYLOAD_NOT_PLAIN_OBJECT,
        PAYLOAD_STRING,
        PAYLOAD_NUMBER,
        PAYLOAD_BOOLEAN,
        PAYLOAD_BUFFER,
        PAYLOAD_FUNCTION,
        PAYLOAD_SYMBOL,
        PAYLOAD_BIGINT,
        KEY_ABSENT,
        KEY_TEXT,
        KEY_BYTES,
        KEY_SECRET_KEY_OBJECT,
        KEY_PRIVATE_KEY_OBJECT,
        KEY_PUBLIC_KEY_OBJECT,
        KEY_FALSY,
        KEY_TRUTHY,
        KEY_GET_SECRET_WITHOUT_CALLBACK,
        KEY_GET_SECRET_FAILED,
        KEY_JWK,
        KEY_DESCRIBED,
        TOKEN_MISSING,
        TOKEN_TEXT,
        TOKEN_NOT_STRING,
        HOST_NONE,
        HOST_OFFERED,
        HOST_VALID,
        HOST_INVALID,
        HOST_REQUEST_MARK,
        INPUT_KEEP,
        OPTIONS_ROOM,
        OPTIONS_REGION_SIGN,
        OPTIONS_REGION_VERIFY,
        RANDOM_POOL,
        SIGN_MUTATE,
        SIGN_CALLBACK,
        SIGN_GENERATE,
        OPTIONS_KEPT,
        VERIFY_REGEXP_AUDIENCE_MATCHED,
        DECODE_COMPLETE,
        DECODE_JSON,
        ERROR_CLASS,
        ERROR_MESSAGE,
        ERROR_DELIVERY,
        ERROR_AT,
        ERROR_NEEDS_FULL_CORE,
        ERROR_JSON,
        ERROR_INNER,
        DELIVERY_CALLBACK,
        DELIVERY_LATER,
        DELIVERY_THROWN,
        SIGNED_TOKEN,
        MUTATIONS,
        MUTATIONS_CLAIMS,
        MUTATIONS_DELETE_IAT,
        MUTATIONS_UNDEFINED_CLAIM,
        PREPARED_NOW,
        PREPARED_HEADER,
    ];
    let mut constants = BTreeMap::new();
    for (name, value) in listed {
        assert!(constants.insert(name, value).is_none(), "{name} is listed twice");
    }
    constants
}

/// The names of the `pub const` items in `src/wasm/wire.rs`, in source order.
fn rust_source_names() -> Vec<&'static str> {
    WIRE_RS
        .lines()
        .filter_map(|line| line.strip_prefix("pub const "))
        .map(|rest| rest.split(':').next().unwrap().trim())
        .collect()
}

/// `export const NAME = VALUE;` lines of wire.mjs, in source order. VALUE is a decimal integer or
/// a single-quoted string without escapes; any other export (or form) fails, so that everything
/// the module exports is checked here.
fn js_constants() -> Vec<(&'static str, Value)> {
    let mut constants = Vec::new();
    for (number, line) in WIRE_MJS.lines().enumerate() {
        let at = format!("pkg-template/boundary/wire.mjs:{}", number + 1);
        if line.trim_start().starts_with("//") {
            continue;
        }
        if !line.starts_with("export") {
            assert!(!line.contains("export"), "{at}: an export must start its line: {line}");
            continue;
        }
        let rest = line.strip_prefix("export const ").unwrap_or_else(|| panic!("{at}: not `export const`: {line}"));
        let (name, value) = rest.split_once(" = ").unwrap_or_else(|| panic!("{at}: not `NAME = VALUE;`: {line}"));
        let value = value.strip_suffix(';').unwrap_or_else(|| panic!("{at}: no `;` at the end: {line}"));
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
            "{at}: {name:?} is not a constant's name"
        );
        let value = if let Some(text) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
            assert!(!text.contains(['\\', '\'']), "{at}: write the text without escapes: {line}");
            Value::Text(text.to_owned())
        } else {
            assert!(
                !value.is_empty() && value.chars().all(|c| c.is_ascii_digit()),
                "{at}: a decimal integer or a '…' text: {line}"
            );
            Value::Number(value.parse().unwrap())
        };
        constants.push((name, value));
    }
    constants
}

#[test]
fn the_list_here_is_every_constant_of_wire_rs() {
    let source: Vec<_> = rust_source_names();
    let listed: Vec<_> = rust_constants().into_keys().collect();
    let mut sorted = source.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), source.len(), "a name twice in src/wasm/wire.rs");
    assert_eq!(sorted, listed, "src/wasm/wire.rs and this test's list differ: list each constant in rust_constants()");
}

#[test]
fn every_javascript_constant_equals_its_rust_constant() {
    let rust = rust_constants();
    let mut seen = BTreeMap::new();
    for (name, value) in js_constants() {
        assert!(seen.insert(name, ()).is_none(), "wire.mjs exports {name} twice");
        let Some(expected) = rust.get(name) else {
            panic!("wire.mjs exports {name}, which src/wasm/wire.rs does not define: define it there first");
        };
        assert_eq!(&value, expected, "{name}: wire.mjs says {value:?}, src/wasm/wire.rs {expected:?}");
    }
}

#[test]
fn every_rust_constant_has_a_javascript_twin() {
    let javascript: Vec<_> = js_constants().into_iter().map(|(name, _)| name).collect();
    let missing: Vec<_> = rust_constants().into_keys().filter(|name| !javascript.contains(name)).collect();
    assert!(missing.is_empty(), "no twin in pkg-template/boundary/wire.mjs for {missing:?}");
}

#[test]
fn the_two_files_list_the_constants_in_the_same_order() {
    // Not needed for correctness; it keeps the two files readable side by side.
    let javascript: Vec<_> = js_constants().into_iter().map(|(name, _)| name).collect();
    assert_eq!(javascript, rust_source_names());
}

#[test]
fn every_error_class_is_one_the_javascript_layer_makes() {
    let classes = [
        ErrorClass::Error,
        ErrorClass::TypeError,
        ErrorClass::JsonWebTokenError,
        ErrorClass::TokenExpiredError(0.0),
        ErrorClass::NotBeforeError(0.0),
        ErrorClass::SyntaxError,
    ];
    for class in classes {
        // Exhaustive: a new class does not compile here until it is listed above.
        match class {
            // answers.mjs's `default:` makes a plain Error.
            ErrorClass::Error => continue,
            ErrorClass::TypeError
            | ErrorClass::JsonWebTokenError
            | ErrorClass::TokenExpiredError(_)
            | ErrorClass::NotBeforeError(_)
            | ErrorClass::SyntaxError => {}
        }
        let case = format!("case '{}':", class.name());
        assert!(ANSWERS_MJS.contains(&case), "pkg-template/boundary/answers.mjs has no `{case}`");
    }
}

/// `(js_name, [parameter]) ` of each `#[wasm_bindgen(js_name = …)] pub fn …(…)` in regions.rs,
/// the parameters camel-cased as JavaScript names them (`key_len` → `keyLength`).
fn region_exports() -> Vec<(&'static str, Vec<String>)> {
    let mut exports = Vec::new();
    let mut rest = REGIONS_RS;
    while let Some(at) = rest.find("#[wasm_bindgen(js_name = ") {
        rest = &rest[at + "#[wasm_bindgen(js_name = ".len()..];
        let (name, after) = rest.split_once(")]").unwrap();
        let signature = after.split_once("pub fn ").unwrap().1;
        let parameters = signature.split_once('(').unwrap().1.split_once(')').unwrap().0;
        let parameters = parameters
            .split(',')
            .map(|p| p.split(':').next().unwrap().trim())
            .filter(|p| !p.is_empty())
            .map(camel_case)
            .collect();
        exports.push((name, parameters));
        rest = after;
    }
    exports
}

fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    for (i, word) in snake.split('_').enumerate() {
        let word = if word == "len" { "length" } else { word };
        let mut chars = word.chars();
        if i > 0 {
            out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        }
        out.extend(chars);
    }
    out
}

#[test]
fn every_region_call_passes_the_exports_parameters_in_order() {
    let exports = region_exports();
    let names: Vec<_> = exports.iter().map(|(name, _)| *name).collect();
    for expected in ["signRegion", "verifyRegion", "verifyPrepareRegion", "decodeRegion", "verifyAccessTokenRegion"] {
        assert!(names.contains(&expected), "src/wasm/regions.rs exports no {expected}");
    }
    // sign and verify, side by side: the same leading codes and lengths, the same trailing three.
    let sign = &exports.iter().find(|(name, _)| *name == "signRegion").unwrap().1;
    let verify = &exports.iter().find(|(name, _)| *name == "verifyRegion").unwrap().1;
    assert_eq!(sign[1..4], verify[1..4], "signRegion and verifyRegion: key kind, key length, options length");
    assert_eq!(sign[sign.len() - 3..], verify[verify.len() - 3..], "signRegion and verifyRegion: flags, host, now");
    for (name, parameters) in &exports {
        let call = format!(".{name}(");
        let mut calls = 0;
        for (at, _) in REGIONS_MJS.match_indices(&call) {
            let arguments = REGIONS_MJS[at + call.len()..].split_once(')').unwrap().0;
            let arguments: Vec<_> = arguments.split(',').map(str::trim).filter(|a| !a.is_empty()).collect();
            assert_eq!(arguments, *parameters, "pkg-template/boundary/regions.mjs calls {name} with other arguments");
            calls += 1;
        }
        if !parameters.is_empty() {
            assert!(calls > 0, "pkg-template/boundary/regions.mjs never calls {name}");
        }
    }
}
