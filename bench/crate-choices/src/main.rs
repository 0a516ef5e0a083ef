//! The second opinion: run.mjs's rounds, natively (`cargo run --release`). Here both uuid pools
//! are refilled by getrandom inside the loop, so the uuid rows include one 512-byte system call
//! per 32 uuids on each side.

use crate_choices::*;
use std::time::Instant;

type Run = extern "C" fn(u32) -> u32;

fn main() {
    let rows: [(&str, Option<Run>, Run); 9] = [
        ("enc_header", Some(run_enc_header_ours), run_enc_header_crate),
        ("enc_payload", Some(run_enc_payload_ours), run_enc_payload_crate),
        ("enc_sig", Some(run_enc_sig_ours), run_enc_sig_crate),
        ("dec_header", Some(run_dec_header_ours), run_dec_header_crate),
        ("dec_payload", Some(run_dec_payload_ours), run_dec_payload_crate),
        ("dec_sig", Some(run_dec_sig_ours), run_dec_sig_crate),
        // Ours' canonical decode is not public: the crate's strict one beside ours' lenient.
        ("dec_sig strict", Some(run_dec_sig_ours), run_dec_sig_strict_crate),
        ("uuid v4", Some(run_uuid_ours), run_uuid_crate),
        ("uuid pool draw only", None, run_uuid_draw),
    ];
    let time = |run: Run, n: u32| {
        let start = Instant::now();
        let sum = run(n);
        assert_ne!(sum, u32::MAX, "a wrong answer");
        start.elapsed().as_nanos() as f64 / f64::from(n)
    };
    // Warm-up and calibration: iterations for ~40 ms per timing.
    let calibrate = |run: Run| {
        let mut n = 1024;
        while time(run, n) * f64::from(n) < 20e6 {
            n *= 2;
        }
        (40e6 / time(run, n)) as u32
    };
    let plan: Vec<_> =
        rows.iter().map(|&(_, ours, theirs)| (ours.map(|r| (r, calibrate(r))), (theirs, calibrate(theirs)))).collect();
    let mut figures = vec![(Vec::new(), Vec::new()); rows.len()];
    for round in 0..7 {
        for ((ours, theirs), (o, c)) in plan.iter().zip(figures.iter_mut()) {
            let mut ours_time = || ours.map(|(r, n)| o.push(time(r, n)));
            if round % 2 == 0 {
                ours_time();
                c.push(time(theirs.0, theirs.1));
            } else {
                c.push(time(theirs.0, theirs.1));
                ours_time();
            }
        }
    }
    let median = |xs: &mut Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        xs.get(xs.len() / 2).copied()
    };
    let worst = |xs: &Vec<f64>| xs.iter().copied().reduce(f64::max);
    let f = |x: Option<f64>| x.map_or(String::new(), |x| format!("{x:.1}"));
    let ratio = |c: Option<f64>, o: Option<f64>| c.zip(o).map_or(String::new(), |(c, o)| format!("{:.2}", c / o));
    println!("native ({}), ns/op over 7 rounds; ratio = crate / ours", std::env::consts::ARCH);
    println!("workload              ours med  worst   crate med  worst   ratio med  worst");
    for ((name, ..), (o, c)) in rows.iter().zip(figures.iter_mut()) {
        let (wo, wc) = (worst(o), worst(c));
        let (mo, mc) = (median(o), median(c));
        println!(
            "{name:<20} {:>9} {:>6} {:>11} {:>6} {:>11} {:>6}",
            f(mo),
            f(wo),
            f(mc),
            f(wc),
            ratio(mc, mo),
            ratio(wc, wo)
        );
    }
}
