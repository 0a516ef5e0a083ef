// How much of the .wasm is asymmetric (RSA, EC, EdDSA and their key containers) code: an
// estimate of what an HMAC-only build would weigh, without building one (src/ is not touched).
//
// The packed .wasm carries no names, so the wasm-bindgen output is optimized again with the
// build's own wasm-opt flags plus -g (keep the name section). Every function body is attributed
// by its (demangled Rust) name: a name that mentions an asymmetric crate or module counts as
// asymmetric, generic instances included (`drop_in_place<rsa::key::RsaPrivateKey>`). What was
// inlined into shared code, and the data segment (curve constants and tables), stay counted as
// shared, so the asymmetric share is a lower bound.
//
// The HMAC-only figure: the same module with every asymmetric body replaced by `unreachable`,
// then wasm-opt --remove-unused-module-elements (drops what only they called), no names.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const run = promisify(execFile);

/** Rust paths of the asymmetric code: the RustCrypto crates and the crate's own modules. */
export const ASYMMETRIC = [
  // rtc-token's own asymmetric modules (src/key/*, src/signature/asymmetric.rs), first: the
  // first path that matches names the function's share
  'rtc_token::key::asymmetric', 'rtc_token::key::cache', 'rtc_token::key::check', 'rtc_token::key::der',
  'rtc_token::key::jwk', 'rtc_token::key::pem', 'rtc_token::key::spec', 'rtc_token::signature::asymmetric',
  // RSA
  'rsa::', 'num_bigint_dig::', 'num_integer::', 'num_iter::', 'num_traits::', 'pkcs1::',
  // EC (ECDSA over P-256, P-384, P-521)
  'p256::', 'p384::', 'p521::', 'ecdsa::', 'elliptic_curve::', 'primeorder::', 'crypto_bigint::', 'rfc6979::', 'sec1::', 'base16ct::',
  // EdDSA
  'ed25519', 'curve25519_dalek::',
  // key containers, encrypted PKCS#8 and X.509
  'pkcs8::', 'pkcs5::', 'spki::', 'der::', 'const_oid::', 'pbkdf2::', 'scrypt::', 'salsa20::', 'aes::', 'cbc::', 'cipher::',
];
// A path counts where it starts a path segment: `der::` must not match `header::`.
const PATTERNS = ASYMMETRIC.map((path) => [path, new RegExp(`(^|[^A-Za-z0-9_])${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)]);
const asymmetricPath = (name) => PATTERNS.find(([, re]) => re.test(name))?.[0];

/** The build's wasm-opt feature flags (scripts/build.sh). */
const FEATURES = ['--enable-simd', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at.i++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return value;
  }
}
function encodeU32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Uint8Array.from(out);
}
const readName = (bytes, at) => {
  const len = readU32(bytes, at);
  const text = new TextDecoder().decode(bytes.subarray(at.i, at.i + len));
  at.i += len;
  return text;
};

/** Sections, imported function count, function bodies ({ index, start, end }) and names. */
export function parseWasm(bytes) {
  const at = { i: 8 };
  const sections = [];
  const bodies = [];
  const names = new Map();
  let importedFunctions = 0;
  while (at.i < bytes.length) {
    const id = bytes[at.i++];
    const size = readU32(bytes, at);
    const start = at.i;
    const end = start + size;
    sections.push({ id, start: start - 1 - encodeU32(size).length, contentStart: start, end });
    if (id === 2) {
      const count = readU32(bytes, at);
      for (let n = 0; n < count; n++) {
        readName(bytes, at);
        readName(bytes, at);
        const kind = bytes[at.i++];
        if (kind === 0) { readU32(bytes, at); importedFunctions++; }
        else if (kind === 1) { at.i++; const flags = readU32(bytes, at); readU32(bytes, at); if (flags & 1) readU32(bytes, at); }
        else if (kind === 2) { const flags = readU32(bytes, at); readU32(bytes, at); if (flags & 1) readU32(bytes, at); }
        else if (kind === 3) { at.i += 2; }
        else throw new Error(`import kind ${kind} not understood`);
      }
    } else if (id === 10) {
      const count = readU32(bytes, at);
      for (let n = 0; n < count; n++) {
        const bodyStart = at.i;
        const len = readU32(bytes, at);
        bodies.push({ index: importedFunctions + n, start: bodyStart, end: at.i + len });
        at.i += len;
      }
    } else if (id === 0 && readName(bytes, at) === 'name') {
      while (at.i < end) {
        const sub = bytes[at.i++];
        const subSize = readU32(bytes, at);
        const subEnd = at.i + subSize;
        if (sub === 1) {
          const count = readU32(bytes, at);
          for (let n = 0; n < count; n++) names.set(readU32(bytes, at), readName(bytes, at));
        }
        at.i = subEnd;
      }
    }
    at.i = end;
  }
  return { sections, bodies, names };
}

/** `bytes` with the bodies at `stubbed` (a Set of function indices) replaced by `unreachable`. */
function stubBodies(bytes, { sections, bodies }, stubbed) {
  const code = sections.find((s) => s.id === 10);
  const STUB = Uint8Array.of(3, 0, 0x00, 0x0b); // size 3: no locals, unreachable, end
  const parts = [encodeU32(bodies.length)];
  for (const body of bodies) parts.push(stubbed.has(body.index) ? STUB : bytes.subarray(body.start, body.end));
  const content = Buffer.concat(parts);
  return Buffer.concat([bytes.subarray(0, code.start), Uint8Array.of(10), encodeU32(content.length), content, bytes.subarray(code.end)]);
}

/**
 * Attributes the code of `bindgenWasm` (wasm-bindgen's output, with names) after `wasmOpt -O3 -g`
 * (`quick`: without that pass, which takes half a minute: the smoke run). Returns sizes in bytes:
 * { functions, stubbedFunctions, code, asymmetric, top: [[path, bytes]], hmacOnly: { raw, gzip } }.
 */
export async function anatomy({ bindgenWasm, wasmOpt, quick = false }) {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-token-anatomy-'));
  try {
    let named = bindgenWasm;
    if (!quick) {
      named = join(dir, 'named.wasm');
      await run(wasmOpt, ['-O3', '-g', ...FEATURES, bindgenWasm, '-o', named]);
    }
    const bytes = readFileSync(named);
    const parsed = parseWasm(bytes);
    if (parsed.names.size === 0) throw new Error(`${bindgenWasm} has no name section`);
    let code = 0;
    let asymmetric = 0;
    const stubbed = new Set();
    const byPath = new Map();
    for (const body of parsed.bodies) {
      const size = body.end - body.start;
      const name = parsed.names.get(body.index) ?? '';
      code += size;
      const path = asymmetricPath(name);
      if (path) {
        asymmetric += size;
        stubbed.add(body.index);
        byPath.set(path, (byPath.get(path) ?? 0) + size);
      }
    }
    const stub = join(dir, 'stub.wasm');
    const hmac = join(dir, 'hmac-only.wasm');
    writeFileSync(stub, stubBodies(bytes, parsed, stubbed));
    await run(wasmOpt, ['--remove-unused-module-elements', '--strip-debug', ...FEATURES, stub, '-o', hmac]);
    const hmacOnly = readFileSync(hmac);
    const top = [...byPath].sort((a, b) => b[1] - a[1]);
    return {
      functions: parsed.bodies.length,
      stubbedFunctions: stubbed.size,
      code,
      asymmetric,
      top,
      hmacOnly: { raw: hmacOnly.length, gzip: gzipSync(hmacOnly, { level: 9 }).length },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
