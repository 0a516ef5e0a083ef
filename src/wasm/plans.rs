//! The plans of the last few options texts: [`SignPlan`]s and [`VerifyPlan`]s.
//!
//! A server passes the same options literal on every call (and the JavaScript layer hands over
//! the same options text for it, see `pkg-template/boundary/describe.mjs`), so the plan read from
//! that text is kept and the next call with an equal text starts from it. Equal texts are equal
//! options: the text is all the core ever learns of them.

use std::cell::RefCell;
use std::rc::Rc;
use std::thread::LocalKey;

use super::Signer;
use crate::bytes;
use crate::error::Error;
use crate::options::Options;
use crate::sign::SignPlan;
use crate::verify::VerifyPlan;

/// How many plans of each kind are kept: a few option sets in turn stay planned; more are
/// planned per call.
const CAPACITY: usize = 4;

/// Longer options texts (a large `header` option) are planned on every call and not kept.
const LONGEST_KEPT: usize = 4096;

/// Kept plans, oldest first, with what they were made for.
type Shelf<K, P> = RefCell<Vec<(K, String, Rc<P>)>>;

thread_local! {
    // wasm32 runs one thread; natively each test thread gets its own plans.
    static SIGN_PLANS: Shelf<Signer, SignPlan> = const { RefCell::new(Vec::new()) };
    static VERIFY_PLANS: Shelf<(), VerifyPlan> = const { RefCell::new(Vec::new()) };
}

/// The plan of `signer` for the options text `wire`: a kept one, or a new one (then kept).
pub fn sign_plan(signer: Signer, wire: &[u8]) -> Result<Rc<SignPlan>, Error> {
    plan(&SIGN_PLANS, signer, wire, |options| signer.plan(options))
}

/// The plan of `verify` for the options text `wire`.
pub fn verify_plan(wire: &[u8]) -> Result<Rc<VerifyPlan>, Error> {
    plan(&VERIFY_PLANS, (), wire, VerifyPlan::new)
}

/// The options text arrives as bytes: a kept plan is found by comparing them, and only a new
/// text is checked as UTF-8 and read.
fn plan<K: PartialEq + Copy + 'static, P: 'static>(
    shelf: &'static LocalKey<Shelf<K, P>>,
    kind: K,
    wire: &[u8],
    read: impl FnOnce(&Options<'_>) -> P,
) -> Result<Rc<P>, Error> {
    let kept = shelf.with(|plans| {
        let plans = plans.try_borrow().ok()?;
        let same = |(k, text, _): &&(K, String, Rc<P>)| *k == kind && bytes::equal(text.as_bytes(), wire);
        plans.iter().find(same).map(|(_, _, plan)| Rc::clone(plan))
    });
    if let Some(plan) = kept {
        return Ok(plan);
    }
    let wire = std::str::from_utf8(wire).map_err(|_| Error::BoundaryFormat)?;
    let plan = Rc::new(read(&Options::parse(wire)?));
    if wire.len() <= LONGEST_KEPT {
        shelf.with(|plans| {
            if let Ok(mut plans) = plans.try_borrow_mut() {
                if plans.len() == CAPACITY {
                    plans.remove(0);
                }
                plans.push((kind, wire.to_owned(), Rc::clone(&plan)));
            }
        });
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn keeps_a_few_plans_by_text_and_kind() {
        let wire = r#"[["expiresIn","120m"],["algorithm","HS384"]]"#;
        let first = sign_plan(Signer::Sign, wire.as_bytes()).unwrap();
        assert!(Rc::ptr_eq(&first, &sign_plan(Signer::Sign, wire.as_bytes()).unwrap()));
        // generateToken reads the same text into another plan.
        let generated = sign_plan(Signer::Generate, wire.as_bytes()).unwrap();
        assert!(!Rc::ptr_eq(&first, &generated));
        assert!(generated.default_expires_in.is_none() && !first.fresh_jti);
        for i in 0..CAPACITY {
            sign_plan(Signer::Sign, format!(r#"[["expiresIn",{i}]]"#).as_bytes()).unwrap();
        }
        assert!(!Rc::ptr_eq(&first, &sign_plan(Signer::Sign, wire.as_bytes()).unwrap()), "the oldest plan made room");
        SIGN_PLANS.with(|plans| assert_eq!(plans.borrow().len(), CAPACITY));
        assert_eq!(sign_plan(Signer::Sign, b"{}").unwrap_err(), Error::BoundaryFormat);
        let long = format!(r#"[["header",{{"$pairs":[["x","{}"]]}}]]"#, "x".repeat(LONGEST_KEPT));
        let planned = sign_plan(Signer::Sign, long.as_bytes()).unwrap();
        assert!(!Rc::ptr_eq(&planned, &sign_plan(Signer::Sign, long.as_bytes()).unwrap()), "a long text is not kept");

        let verify_wire = r#"[["algorithms",["HS256"]]]"#;
        let verifying = verify_plan(verify_wire.as_bytes()).unwrap();
        assert!(Rc::ptr_eq(&verifying, &verify_plan(verify_wire.as_bytes()).unwrap()));
        assert!(verifying.is_truthy(crate::verify::VerifyOption::Algorithms));
        assert_eq!(verify_plan(&[b'[', 0xff, b']']).unwrap_err(), Error::BoundaryFormat, "not UTF-8");
    }
}
