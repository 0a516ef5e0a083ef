// Times src/lib.rs's run_<workload>_<side> exports in Node's wasm: warm-up, then 7 rounds, each
// timing every workload's sides back to back (the order alternating by round), ~40 ms per timing.
// Prints ns/op, median and worst round, and crate / ours. Usage: node run.mjs [path/to.wasm]
import { readFileSync } from "node:fs";

const target = process.env.CARGO_TARGET_DIR ?? new URL("../../target/crate-choices", import.meta.url).pathname;
const path = process.argv[2] ?? `${target}/wasm32-unknown-unknown/release/crate_choices.wasm`;
const module = new WebAssembly.Module(readFileSync(path));
// The library's #[wasm_bindgen] exports are linked in and bring wasm-bindgen's placeholder
// imports; nothing timed here calls them.
const imports = {};
for (const { module: from, name } of WebAssembly.Module.imports(module)) {
  (imports[from] ??= {})[name] = () => {
    throw new Error(`unexpected import ${from}.${name}`);
  };
}
const wasm = new WebAssembly.Instance(module, imports).exports;
// wasm-bindgen 0.2.130 suffixes raw export names with a hash.
const exported = (prefix) => Object.entries(wasm).find(([name]) => name.startsWith(`${prefix}_`))?.[1];

// uuid pools: 32 uuids per 512 host bytes, refilled from crypto.getRandomValues as the npm
// package's boundary does (pkg-template/boundary), for ours and for the crate side alike.
const POOL = 512;
const PER_POOL = POOL / 16;
const refills = {
  ours: [exported("randomPoolDue"), exported("randomPoolFilled")],
  crate: [wasm.bench_pool_due, wasm.bench_pool_filled],
  draw: [wasm.bench_pool_due, wasm.bench_pool_filled],
};
const uuidRunner = (side) => {
  const [due, filled] = refills[side];
  const run = wasm[`run_uuid_${side}`];
  return (n) => {
    let sum = 0;
    for (let done = 0; done < n; done += PER_POOL) {
      const at = due();
      if (at !== 0) {
        crypto.getRandomValues(new Uint8Array(wasm.memory.buffer, at, POOL));
        filled();
      }
      const r = run(PER_POOL) >>> 0;
      if (r === 0xffffffff) throw new Error(`run_uuid_${side}: no uuid`);
      sum = (sum + r) >>> 0;
    }
    return sum;
  };
};

const runner = (name) => (n) => wasm[name](n) >>> 0;
const rows = [
  ...["enc_header", "enc_payload", "enc_sig", "dec_header", "dec_payload", "dec_sig"].map((w) => ({
    workload: w,
    sides: { ours: runner(`run_${w}_ours`), crate: runner(`run_${w}_crate`) },
    deterministic: true,
  })),
  // Ours' canonical decode is not public: the crate's strict one beside ours' lenient, for scale.
  { workload: "dec_sig strict", sides: { ours: runner("run_dec_sig_ours"), crate: runner("run_dec_sig_strict_crate") }, deterministic: true },
  { workload: "uuid v4", sides: { ours: uuidRunner("ours"), crate: uuidRunner("crate") } },
  { workload: "uuid pool draw only", sides: { crate: uuidRunner("draw") } },
];

const time = (run, n) => {
  const start = process.hrtime.bigint();
  const sum = run(n);
  return [Number(process.hrtime.bigint() - start) / n, sum];
};

// Warm-up (tier-up) and calibration: iterations for ~40 ms per timing, a multiple of 32.
for (const row of rows) {
  row.n = {};
  row.ns = {};
  for (const [side, run] of Object.entries(row.sides)) {
    let n = 1024;
    for (let t = 0; t < 2000; ) {
      const [ns] = time(run, n);
      t += (ns * n) / 1e6;
      if (ns * n < 20e6) n *= 2;
    }
    const [ns, sum] = time(run, n);
    if (sum === 0xffffffff) throw new Error(`${row.workload} ${side}: wrong answer`);
    row.n[side] = Math.max(PER_POOL, Math.round(40e6 / ns / PER_POOL) * PER_POOL);
    row.ns[side] = [];
  }
  const sums = Object.keys(row.sides).map((side) => row.sides[side](PER_POOL));
  if (row.deterministic && sums[0] !== sums[1]) throw new Error(`${row.workload}: outputs differ`);
}

for (let round = 0; round < 7; round++) {
  for (const row of rows) {
    const sides = Object.keys(row.sides);
    if (round % 2) sides.reverse();
    for (const side of sides) row.ns[side].push(time(row.sides[side], row.n[side])[0]);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const worst = (xs) => Math.max(...xs);
const f = (x) => (x === undefined ? "" : x.toFixed(1));
console.log(`wasm (Node ${process.version}), ns/op over 7 rounds; ratio = crate / ours`);
console.log("workload              ours med  worst   crate med  worst   ratio med  worst");
for (const row of rows) {
  const [o, c] = [row.ns.ours, row.ns.crate];
  const ratio = (g) => (o ? (g(c) / g(o)).toFixed(2) : "");
  console.log(
    [row.workload.padEnd(20), f(o && median(o)).padStart(9), f(o && worst(o)).padStart(6),
      f(median(c)).padStart(11), f(worst(c)).padStart(6), ratio(median).padStart(11), ratio(worst).padStart(6)].join(" "),
  );
}
