//! The payload text after jsonwebtoken's `sign.js` has assigned its claims (`payload.iat = …`,
//! `nbf`, `exp`, then the options' `aud`, `iss`, `sub`, `jti`) and `noTimestamp` has deleted
//! `iat`: the caller's JSON text with the claims written in, and the object `mutatePayload`
//! assigns back into the caller's payload.

use crate::json::{write, Members};

/// The claims sign sets, in jsonwebtoken's order: at most `iat`, `nbf`, `exp`, `aud`, `iss`, `sub`,
/// `jti`. Held on the stack: every token needs two or three.
pub(super) struct Set<'p> {
    items: [(&'static str, ClaimValue<'p>); 7],
    len: usize,
}

impl Default for Set<'_> {
    fn default() -> Self {
        Set { items: [("", ClaimValue::Number(0.0)); 7], len: 0 }
    }
}

impl<'p> Set<'p> {
    pub(super) fn push(&mut self, claim: &'static str, value: ClaimValue<'p>) {
        // Seven claims at most, each set once: there is always a slot.
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = (claim, value);
            self.len += 1;
        }
    }

    pub(super) fn as_slice(&self) -> &[(&'static str, ClaimValue<'p>)] {
        self.items.get(..self.len).unwrap_or_default()
    }
}

/// A claim value jsonwebtoken assigns: a computed time or an option's value.
#[derive(Debug, Clone, Copy)]
pub(super) enum ClaimValue<'a> {
    /// A time jsonwebtoken computed (`iat`, `nbf`, `exp`).
    Number(f64),
    /// JSON text, as written.
    Json(&'a str),
}

fn push_claim(out: &mut String, name: &str, value: &ClaimValue<'_>) {
    // A registered claim's name: plain ASCII, written as it is (nothing to escape).
    out.push('"');
    out.push_str(name);
    out.push_str("\":");
    match value {
        ClaimValue::Number(n) => write::push_number(out, *n),
        ClaimValue::Json(json) => out.push_str(json),
    }
}

/// The payload text after jsonwebtoken's assignments: existing members keep their place
/// (`payload.iat = …` on an existing key), new ones are appended in assignment order, and
/// `noTimestamp` deletes `iat`.
pub(super) fn rewrite(json: &str, members: &Members<'_>, set: &[(&str, ClaimValue<'_>)], no_timestamp: bool) -> String {
    // The usual case: no claim to replace or delete, so the text is kept and the claims appended.
    let replaces = set.iter().any(|(name, _)| members.has(name)) || (no_timestamp && members.has("iat"));
    if let (false, Some(body)) = (replaces, json.strip_suffix('}')) {
        return append(body, members.iter().next().is_some(), set);
    }
    let mut out = String::with_capacity(json.len().saturating_add(64));
    out.push('{');
    let mut first = true;
    let mut separator = |out: &mut String| {
        if !first {
            out.push(',');
        }
        first = false;
    };
    let mut written: Vec<&str> = Vec::new();
    for member in members.iter() {
        if no_timestamp && member.key.eq_str("iat") {
            continue;
        }
        if let Some((name, value)) = set.iter().find(|(name, _)| member.key.eq_str(name)) {
            if written.contains(name) {
                continue;
            }
            written.push(name);
            separator(&mut out);
            push_claim(&mut out, name, value);
        } else {
            separator(&mut out);
            out.push_str(member.raw);
        }
    }
    for (name, value) in set {
        if !written.contains(name) {
            separator(&mut out);
            push_claim(&mut out, name, value);
        }
    }
    out.push('}');
    out
}

/// An object's text without its closing brace (`body`, which has members when `has_members`),
/// with `set` appended and the object closed.
pub(super) fn append(body: &str, has_members: bool, set: &[(&str, ClaimValue<'_>)]) -> String {
    let mut out = String::with_capacity(body.len().saturating_add(64));
    out.push_str(body);
    for (i, (name, value)) in set.iter().enumerate() {
        if i > 0 || has_members {
            out.push(',');
        }
        push_claim(&mut out, name, value);
    }
    out.push('}');
    out
}

/// The claims as a JSON object for `Object.assign(payload, JSON.parse(…))`: unlike the token,
/// infinite times stay infinite (`1e999` parses as `Infinity`).
pub(super) fn object(set: &[(&str, ClaimValue<'_>)]) -> String {
    let mut out = String::from("{");
    for (i, (name, value)) in set.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match value {
            ClaimValue::Number(n) if n.is_infinite() => {
                write::push_string(&mut out, name);
                out.push_str(if *n > 0.0 { ":1e999" } else { ":-1e999" });
            }
            _ => push_claim(&mut out, name, value),
        }
    }
    out.push('}');
    out
}
