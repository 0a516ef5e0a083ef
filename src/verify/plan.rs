//! The options `verify` reads, read once from an options text.
//!
//! As with [`crate::sign::SignPlan`]: a server verifies with the same options literal on every
//! call, so the boundary keeps the plan of the last few options texts. The plan holds the value
//! of each option verify reads (the last of that name, as `options[name]` gives it), found by
//! position rather than by name, and never parses the options text again; the small texts of
//! string, array and object values are read when a check asks for them.

use crate::json::{read, Value};
use crate::options::Options;

/// An option `verify` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum VerifyOption {
    Algorithms,
    AllowInvalidAsymmetricKeyTypes,
    Audience,
    ClockTimestamp,
    ClockTolerance,
    Complete,
    IgnoreExpiration,
    IgnoreNotBefore,
    Issuer,
    Jwtid,
    MaxAge,
    Nonce,
    Subject,
}

/// Every [`VerifyOption`] with its name, in the enum's order.
const NAMES: [(VerifyOption, &str); 13] = [
    (VerifyOption::Algorithms, "algorithms"),
    (VerifyOption::AllowInvalidAsymmetricKeyTypes, "allowInvalidAsymmetricKeyTypes"),
    (VerifyOption::Audience, "audience"),
    (VerifyOption::ClockTimestamp, "clockTimestamp"),
    (VerifyOption::ClockTolerance, "clockTolerance"),
    (VerifyOption::Complete, "complete"),
    (VerifyOption::IgnoreExpiration, "ignoreExpiration"),
    (VerifyOption::IgnoreNotBefore, "ignoreNotBefore"),
    (VerifyOption::Issuer, "issuer"),
    (VerifyOption::Jwtid, "jwtid"),
    (VerifyOption::MaxAge, "maxAge"),
    (VerifyOption::Nonce, "nonce"),
    (VerifyOption::Subject, "subject"),
];

/// An option's value, owned: scalars as they are, the rest as JSON text.
#[derive(Debug, Clone, PartialEq)]
enum Stored {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
}

/// The options of `verify` (see the module docs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerifyPlan {
    values: [Option<Stored>; 13],
}

impl VerifyPlan {
    /// Reads the options `verify` uses from `options`.
    pub fn new(options: &Options<'_>) -> VerifyPlan {
        let mut plan = VerifyPlan::default();
        for ((_, name), slot) in NAMES.iter().zip(plan.values.iter_mut()) {
            *slot = options.get(name).map(|value| match value {
                Value::Null => Stored::Null,
                Value::Bool(b) => Stored::Bool(b),
                Value::Number(n) => Stored::Number(n),
                Value::String(s) => Stored::Text(format!("\"{}\"", s.raw())),
                Value::Array(raw) | Value::Object(raw) => Stored::Text(raw.to_owned()),
            });
        }
        plan
    }

    /// `options[name]`, when defined.
    pub fn get(&self, option: VerifyOption) -> Option<Value<'_>> {
        Some(match self.values.get(option as usize)?.as_ref()? {
            Stored::Null => Value::Null,
            Stored::Bool(b) => Value::Bool(*b),
            Stored::Number(n) => Value::Number(*n),
            Stored::Text(text) => read::parse_value(text)?,
        })
    }

    /// `typeof options[name] !== 'undefined'`.
    pub fn is_defined(&self, option: VerifyOption) -> bool {
        self.values.get(option as usize).is_some_and(Option::is_some)
    }

    /// `!!options[name]`.
    pub fn is_truthy(&self, option: VerifyOption) -> bool {
        self.get(option).is_some_and(|v| v.is_truthy())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Every option reads back as `Options::get` gives it, for every kind of value.
    #[test]
    #[wasm_bindgen_test]
    fn gives_what_the_options_give() {
        let values = [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "1.5e300",
            "\"a\\u00e9\\\"\"",
            "[\"HS256\",{}]",
            "{\"$regexp\":\"/a/i\"}",
        ];
        for (i, value) in values.iter().enumerate() {
            let wire = format!(
                "[{}]",
                NAMES.iter().map(|(_, name)| format!("[\"{name}\",{value}]")).collect::<Vec<_>>().join(",")
            );
            let options = Options::parse(&wire).unwrap();
            let plan = VerifyPlan::new(&options);
            for (n, (option, name)) in NAMES.iter().enumerate() {
                assert_eq!(*option as usize, n, "NAMES follows the enum");
                assert_eq!(plan.get(*option), options.get(name), "{name} = {value}");
                assert_eq!(plan.is_truthy(*option), options.is_truthy(name), "{i}");
            }
        }
        // Undefined, absent, and a later duplicate winning.
        let options = Options::parse(r#"[["nonce"],["maxAge",1],["maxAge","2h"]]"#).unwrap();
        let plan = VerifyPlan::new(&options);
        assert!(!plan.is_defined(VerifyOption::Nonce) && !plan.is_defined(VerifyOption::Subject));
        assert_eq!(plan.get(VerifyOption::MaxAge), options.get("maxAge"));
    }
}
