//! The sign plans of the last few options texts.
//!
//! A server passes the same options literal on every call (the JavaScript layer even hands over
//! the same options text, see `boundary.mjs`), so the plan read from that text (see
//! [`SignPlan`]) is kept and the next call with an equal text starts from it. Equal texts are
//! equal options: the text is all the core ever learns of them.

use std::cell::RefCell;
use std::rc::Rc;

use super::Signer;
use crate::bytes;
use crate::error::Error;
use crate::options::Options;
use crate::sign::SignPlan;

/// How many plans are kept: a few option sets in turn stay planned; more are planned per call.
const CAPACITY: usize = 4;

/// Longer options texts (a large `header` option) are planned on every call and not kept.
const LONGEST_KEPT: usize = 4096;

struct Kept {
    signer: Signer,
    wire: String,
    plan: Rc<SignPlan>,
}

thread_local! {
    // wasm32 runs one thread; natively each test thread gets its own plans.
    static PLANS: RefCell<Vec<Kept>> = const { RefCell::new(Vec::new()) };
}

/// The plan of `signer` for the options text `wire`: a kept one, or a new one (then kept).
pub fn plan(signer: Signer, wire: &str) -> Result<Rc<SignPlan>, Error> {
    let kept = PLANS.with(|plans| {
        let plans = plans.try_borrow().ok()?;
        plans
            .iter()
            .find(|k| k.signer == signer && bytes::equal(k.wire.as_bytes(), wire.as_bytes()))
            .map(|k| Rc::clone(&k.plan))
    });
    if let Some(plan) = kept {
        return Ok(plan);
    }
    let plan = Rc::new(signer.plan(&Options::parse(wire)?));
    if wire.len() <= LONGEST_KEPT {
        PLANS.with(|plans| {
            if let Ok(mut plans) = plans.try_borrow_mut() {
                if plans.len() == CAPACITY {
                    plans.remove(0);
                }
                plans.push(Kept { signer, wire: wire.to_owned(), plan: Rc::clone(&plan) });
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
    fn keeps_a_few_plans_by_text_and_signer() {
        let wire = r#"[["expiresIn","120m"],["algorithm","HS384"]]"#;
        let first = plan(Signer::Sign, wire).unwrap();
        assert!(Rc::ptr_eq(&first, &plan(Signer::Sign, wire).unwrap()));
        // generateToken reads the same text into another plan.
        let generated = plan(Signer::Generate, wire).unwrap();
        assert!(!Rc::ptr_eq(&first, &generated));
        assert!(generated.default_expires_in.is_none() && !first.fresh_jti);
        for i in 0..CAPACITY {
            plan(Signer::Sign, &format!(r#"[["expiresIn",{i}]]"#)).unwrap();
        }
        assert!(!Rc::ptr_eq(&first, &plan(Signer::Sign, wire).unwrap()), "the oldest plan made room");
        PLANS.with(|plans| assert_eq!(plans.borrow().len(), CAPACITY));
        assert_eq!(plan(Signer::Sign, "{}").unwrap_err(), Error::BoundaryFormat);
        let long = format!(r#"[["header",{{"$pairs":[["x","{}"]]}}]]"#, "x".repeat(LONGEST_KEPT));
        let planned = plan(Signer::Sign, &long).unwrap();
        assert!(!Rc::ptr_eq(&planned, &plan(Signer::Sign, &long).unwrap()), "a long text is not kept");
    }
}
