//! Option objects as they cross the wasm boundary.
//!
//! The JavaScript layer sends `Object.keys(options)` with their values as one JSON text:
//! `[["expiresIn","120m"],["audience"]]`. A pair without a value is an own property set to
//! `undefined` (jsonwebtoken validates those, so they must not vanish the way
//! `JSON.stringify` drops them). Values JSON cannot carry faithfully arrive as `null` for
//! `sign` (every sign validator refuses both) and as tagged objects where `verify` needs them
//! (a `RegExp` audience: `{"$regexp": "/…/i"}`). A plain object given as a sign option's
//! value (the `header`) travels the same way, as `{"$pairs": [...]}`, so that its own
//! `undefined` members still override. An options argument that is an object but not a plain
//! one arrives as `{"$notPlain": [...]}` (its own properties: jsonwebtoken still reads them
//! before refusing it); the text `null` means no properties at all.

use crate::error::Error;
use crate::json::{JsonStr, Members, Value};

/// One option: its name and, unless it was `undefined`, its value.
#[derive(Debug, Clone, Copy)]
pub struct Pair<'a> {
    /// The option's name.
    pub name: JsonStr<'a>,
    /// The value; `None` for an own property set to `undefined`.
    pub value: Option<Value<'a>>,
}

/// The options object of one call.
#[derive(Debug, Default)]
pub struct Options<'a> {
    pairs: Vec<Pair<'a>>,
    plain: bool,
}

impl<'a> Options<'a> {
    /// Reads the boundary text (see the module docs).
    pub fn parse(wire: &'a str) -> Result<Self, Error> {
        let wire = wire.trim();
        if wire == "null" {
            return Ok(Options { pairs: Vec::new(), plain: false });
        }
        if wire.starts_with('[') {
            return Ok(Options { pairs: pairs_of(Value::Array(wire))?, plain: true });
        }
        let tagged = Members::parse(wire).map_err(|_| Error::BoundaryFormat)?;
        let list = tagged.get("$notPlain").ok_or(Error::BoundaryFormat)?;
        Ok(Options { pairs: pairs_of(list)?, plain: false })
    }

    /// Options for a call that passed none (`{}`).
    pub fn empty() -> Self {
        Options { pairs: Vec::new(), plain: true }
    }

    /// False when the caller passed something other than a plain object.
    pub fn is_plain(&self) -> bool {
        self.plain
    }

    /// `options[name]`, when defined (`typeof options[name] !== 'undefined'`).
    pub fn get(&self, name: &str) -> Option<Value<'a>> {
        self.pairs.iter().rev().find(|p| p.name.eq_str(name)).and_then(|p| p.value)
    }

    /// `typeof options[name] !== 'undefined'`.
    pub fn is_defined(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// `!!options[name]`.
    pub fn is_truthy(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| v.is_truthy())
    }

    /// Every own option in `Object.keys` order.
    pub fn pairs(&self) -> &[Pair<'a>] {
        &self.pairs
    }

    /// A copy with option `name` set to `value` (`None` leaves the copy as it is): an existing
    /// option keeps its place in key order, a new one goes last, as `options[name] = value`.
    /// `generateToken` fills its defaults this way.
    pub fn with_replaced<'b>(&self, name: &'b str, value: Option<Value<'b>>) -> Options<'b>
    where
        'a: 'b,
    {
        let mut pairs: Vec<Pair<'b>> = self.pairs.clone();
        if let Some(value) = value {
            match pairs.iter_mut().rev().find(|p| p.name.eq_str(name)) {
                Some(pair) => pair.value = Some(value),
                None => pairs.push(Pair { name: JsonStr::new(name), value: Some(value) }),
            }
        }
        Options { pairs, plain: self.plain }
    }
}

/// The own properties of a plain-object option value (`{"$pairs": [...]}`), in key order.
pub fn object_pairs<'a>(value: &Value<'a>) -> Option<Vec<Pair<'a>>> {
    match value {
        Value::Object(raw) => pairs_of(Members::parse(raw).ok()?.get("$pairs")?).ok(),
        _ => None,
    }
}

fn pairs_of<'a>(list: Value<'a>) -> Result<Vec<Pair<'a>>, Error> {
    let mut pairs = Vec::new();
    for entry in list.iter_elements() {
        let entry = entry.map_err(|_| Error::BoundaryFormat)?;
        let mut parts = entry.iter_elements();
        let name = match parts.next() {
            Some(Ok(Value::String(name))) => name,
            _ => return Err(Error::BoundaryFormat),
        };
        let value = parts.next().transpose().map_err(|_| Error::BoundaryFormat)?;
        pairs.push(Pair { name, value });
    }
    Ok(pairs)
}

/// The tagged form of a `RegExp` inside verify's `audience`: its `String(re)` form.
pub fn regexp_source<'a>(value: &Value<'a>) -> Option<JsonStr<'a>> {
    match value {
        Value::Object(raw) => {
            let members = Members::parse(raw).ok()?;
            members.get("$regexp").and_then(|v| v.as_str())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn keeps_undefined_options_and_order() {
        let options = Options::parse(r#"[["expiresIn"],["algorithm","HS256"],["noTimestamp",false]]"#).unwrap();
        assert!(options.is_plain());
        assert!(!options.is_defined("expiresIn"));
        assert_eq!(options.pairs().len(), 3);
        assert!(options.is_defined("noTimestamp"));
        assert!(!options.is_truthy("noTimestamp"));
        assert!(options.get("algorithm").unwrap().as_str().unwrap().eq_str("HS256"));
        assert!(!Options::parse("null").unwrap().is_plain());
        let not_plain = Options::parse(r#"{"$notPlain":[["audience","a"]]}"#).unwrap();
        assert!(!not_plain.is_plain());
        assert!(not_plain.is_defined("audience"));
        let header = Options::parse(r#"[["header",{"$pairs":[["typ"],["kid","k"]]}]]"#).unwrap();
        let pairs = object_pairs(&header.get("header").unwrap()).unwrap();
        assert_eq!(pairs.len(), 2);
        assert!(pairs[0].value.is_none());
        assert_eq!(Options::parse("{}").unwrap_err(), Error::BoundaryFormat);
    }
}
