// The calls of a core: argument bytes are written straight into the core's input region and the
// answer read back from its output region, one call into the wasm each way, with numbers only
// crossing (the clock reading too). Why, and the layout: src/wasm/regions.rs and src/wasm/mod.rs;
// the sizes, region kinds and flags are wire.mjs's.
import { memoryOf } from './instantiate.mjs';
import {
  DECODE_COMPLETE,
  DECODE_JSON,
  INPUT_KEEP,
  OPTIONS_KEPT,
  OPTIONS_REGION_SIGN,
  OPTIONS_REGION_VERIFY,
  OPTIONS_ROOM,
  RANDOM_POOL,
  SIGN_CALLBACK,
  SIGN_GENERATE,
  SIGN_MUTATE,
  VERIFY_REGEXP_AUDIENCE_MATCHED,
} from './wire.mjs';

// Node's, Bun's and Deno's Buffer write and read UTF-8 faster than TextEncoder/TextDecoder.
const NodeBuffer = workingBuffer(globalThis.Buffer);

/**
 * `Buffer` when it writes and reads UTF-8 in place over an ArrayBuffer as Node's does; tried once,
 * since other runtimes' Buffers (workerd's nodejs_compat) differ in these undocumented methods.
 */
function workingBuffer(Buffer) {
  try {
    if (typeof Buffer?.prototype?.utf8Write !== 'function' || typeof Buffer.prototype.utf8Slice !== 'function') return undefined;
    const memory = new ArrayBuffer(8);
    const view = Buffer.from(memory);
    const works = view.utf8Write('é', 1) === 2 && new Uint8Array(memory)[2] === 0xa9 && view.utf8Slice(1, 3) === 'é';
    return works ? Buffer : undefined;
  } catch {
    return undefined;
  }
}
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The calls of one core (a wasm-bindgen glue module and its instance) as api.mjs makes them
 * (through cores.mjs): each returns the core's answer text or throws its error text (see
 * answers.mjs).
 */
export function regionCalls(glue) {
  // One Regions per core, whoever asks (rtc-token and rtc-token/hmac share the HMAC-only core
  // where they share a module graph): what the options regions hold is known to it alone.
  let regions = regionsOf.get(glue);
  if (regions === undefined) regionsOf.set(glue, (regions = new Regions(glue)));
  const signWith = (generate) => (payloadKind, payload, shape, keyKind, key, wire, mutate, callback, host) =>
    regions.sign(payloadKind, keyKind, key, wire, shape ?? '', payload, (mutate ? SIGN_MUTATE : 0) | (callback ? SIGN_CALLBACK : 0) | generate, host);
  return {
    sign: signWith(0),
    generateToken: signWith(SIGN_GENERATE),
    /** `clock`: the reading verifyPrepare was given, or undefined to read the clock now. */
    verify: (tokenKind, token, keyKind, key, wire, matched, host, clock) =>
      regions.verify(tokenKind, keyKind, key, wire, token, matched, host, clock ?? seconds()),
    /** `{"now":…,"header":…}` (JSON text): the clock reading and the header for getSecret. */
    verifyPrepare: (tokenKind, token, wire) => regions.verifyPrepare(tokenKind, token, wire),
    /** The payload's (or complete token's) JSON text, or undefined for jsonwebtoken's null. */
    decode: (token, complete, json) => regions.decode(token, complete, json),
    uuid4: () => regions.uuid4(),
    verifyAccessToken: (tokenKind, token, keyKind, key, wire) => regions.verifyAccessToken(tokenKind, token, keyKind, key, wire),
    diagnosticWasmMemoryBytes: () => glue.diagnosticWasmMemoryBytes(),
  };
}

/** jsonwebtoken's clock: `Math.floor(Date.now() / 1000)`. */
const seconds = () => Math.floor(Date.now() / 1000);

const regionsOf = new WeakMap();

// A string's UTF-8 form takes up to three bytes per UTF-16 unit, and the input region is sized for
// that. Past this length the exact bytes are made first instead, so that a megabyte payload or
// token does not grow the wasm memory (which never shrinks) by three megabytes.
const LARGE = 16 * 1024;
// The input region the core keeps between calls is INPUT_KEEP bytes: a call that fits in it writes
// at the address the last reserve returned, without asking again. The options regions (OPTIONS_ROOM
// bytes), one for sign's options and one for verify's: an options text is written into its region
// only when it differs from the one already there, and longer texts travel with the other
// arguments. The flag OPTIONS_KEPT tells the core which. The random pool (RANDOM_POOL bytes) is
// filled here with crypto.getRandomValues.
const exactIfLarge = (text) => (text.length > LARGE ? encoder.encode(text) : text);
const room = (field) => (typeof field === 'string' ? 3 * field.length : field.length);

/** The regions of one core (one wasm instance, through its wasm-bindgen glue module). */
class Regions {
  #core;
  #memory;
  #bytes = new Uint8Array(0);
  #buffer;
  // The kept input region's address; 0 until reserved.
  #input = 0;
  // Per options region: its address (0 until asked), the text it holds and that text's length.
  #optionsAt = [0, 0];
  #optionsText = [undefined, undefined];
  #optionsLength = [0, 0];

  constructor(core) {
    this.#core = core;
  }

  /**
   * `sign` or `generateToken` (by `flags`): returns the core's answer text, or throws its error
   * text (see readCoreError), as wasm-bindgen's exports do.
   */
  sign(payloadKind, keyKind, key, wire, shape, payload, flags, host) {
    if (flags & SIGN_GENERATE) this.#fillRandomPool();
    payload = exactIfLarge(payload);
    const kept = this.#keptOptions(OPTIONS_REGION_SIGN, wire);
    const wired = kept < 0 ? wire : '';
    let at = this.#reserve(key.length + 3 * (wired.length + shape.length) + room(payload));
    const keyLength = this.#copy(key, at);
    const writtenLength = this.#write(wired, (at += keyLength));
    const shapeLength = this.#write(shape, (at += writtenLength));
    const payloadLength = this.#put(payload, at + shapeLength);
    // The options text's length, in the input region or (OPTIONS_KEPT) in the options region.
    const wireLength = kept < 0 ? writtenLength : kept;
    if (kept >= 0) flags |= OPTIONS_KEPT;
    const now = seconds();
    // Every *Region call names its arguments as src/wasm/regions.rs does (tests/wire.rs).
    return this.#answer(
      this.#core.signRegion(payloadKind, keyKind, keyLength, wireLength, shapeLength, payloadLength, flags, host, now),
    );
  }

  /** `verify`: as `sign`, at the clock reading `now`. */
  verify(tokenKind, keyKind, key, wire, token, matched, host, now) {
    token = exactIfLarge(token);
    const kept = this.#keptOptions(OPTIONS_REGION_VERIFY, wire);
    const wired = kept < 0 ? wire : '';
    let at = this.#reserve(key.length + 3 * wired.length + room(token));
    const keyLength = this.#copy(key, at);
    const writtenLength = this.#write(wired, (at += keyLength));
    const tokenLength = this.#put(token, at + writtenLength);
    const flags = (matched ? VERIFY_REGEXP_AUDIENCE_MATCHED : 0) | (kept < 0 ? 0 : OPTIONS_KEPT);
    const wireLength = kept < 0 ? writtenLength : kept;
    return this.#answer(this.#core.verifyRegion(tokenKind, keyKind, keyLength, wireLength, tokenLength, flags, host, now));
  }

  verifyPrepare(tokenKind, token, wire) {
    token = exactIfLarge(token);
    const at = this.#reserve(3 * wire.length + room(token));
    const wireLength = this.#write(wire, at);
    const tokenLength = this.#put(token, at + wireLength);
    const now = seconds();
    return this.#answer(this.#core.verifyPrepareRegion(tokenKind, wireLength, tokenLength, now));
  }

  decode(token, complete, json) {
    token = exactIfLarge(token);
    const tokenLength = this.#put(token, this.#reserve(room(token)));
    const flags = (complete ? DECODE_COMPLETE : 0) | (json ? DECODE_JSON : 0);
    const text = this.#answer(this.#core.decodeRegion(tokenLength, flags));
    return text === '' ? undefined : text;
  }

  uuid4() {
    this.#fillRandomPool();
    return this.#answer(this.#core.uuid4Region());
  }

  verifyAccessToken(tokenKind, token, keyKind, key, wire) {
    token = exactIfLarge(token);
    let at = this.#reserve(key.length + 3 * wire.length + room(token));
    const keyLength = this.#copy(key, at);
    const wireLength = this.#write(wire, (at += keyLength));
    const tokenLength = this.#put(token, at + wireLength);
    const now = seconds();
    return this.#answer(this.#core.verifyAccessTokenRegion(tokenKind, keyKind, keyLength, wireLength, tokenLength, now));
  }

  /**
   * Before a call that may draw a uuid: fresh bytes into the core's random pool when it is about
   * to run dry (src/uuid.rs). Where random values are refused (workerd outside a request) or
   * missing, the pool stays empty and the core answers with its documented error.
   */
  #fillRandomPool() {
    const at = this.#core.randomPoolDue();
    if (at === 0) return;
    this.#views();
    try {
      globalThis.crypto.getRandomValues(this.#bytes.subarray(at, at + RANDOM_POOL));
    } catch {
      return;
    }
    this.#core.randomPoolFilled();
  }

  /**
   * The length of `wire` in options region `kind`, written there unless it is there already;
   * -1 when it is too long for the region (it then travels with the other arguments).
   */
  #keptOptions(kind, wire) {
    if (wire === this.#optionsText[kind]) return this.#optionsLength[kind];
    if (3 * wire.length > OPTIONS_ROOM) return -1;
    if (this.#optionsAt[kind] === 0) this.#optionsAt[kind] = this.#core.optionsRegion(kind);
    this.#views();
    // Forget the old text first: should the write fail, the region holds no known text.
    this.#optionsText[kind] = undefined;
    this.#optionsLength[kind] = this.#write(wire, this.#optionsAt[kind]);
    this.#optionsText[kind] = wire;
    return this.#optionsLength[kind];
  }

  /** The input region's address, at least `needed` bytes long. */
  #reserve(needed) {
    if (needed <= INPUT_KEEP && this.#input !== 0) {
      this.#views();
      return this.#input;
    }
    const length = Math.max(needed, INPUT_KEEP);
    const at = this.#core.inputRegion(length);
    if (at === 0) throw new RangeError('rtc-token: the arguments do not fit in the WebAssembly memory');
    // A larger region is given back (and may move) after the call: ask again next time.
    this.#input = needed <= INPUT_KEEP ? at : 0;
    this.#views();
    return at;
  }

  /** `answer`: the length of the text in the output region; negative for an error's text. */
  #answer(answer) {
    const text = this.#read(this.#core.outputRegion(), answer < 0 ? -answer - 1 : answer);
    if (answer < 0) throw text || 'rtc-token: the core gave no answer';
    return text;
  }

  /** Views of the memory, renewed when it has grown (growing detaches the old buffer). */
  #views() {
    // Growing the memory detaches the old buffer, which leaves its views empty.
    if (this.#bytes.byteLength !== 0) return;
    if (this.#memory === undefined) this.#memory = memoryOf(this.#core);
    const buffer = this.#memory.buffer;
    this.#bytes = new Uint8Array(buffer);
    if (NodeBuffer !== undefined) this.#buffer = NodeBuffer.from(buffer);
  }

  #write(text, at) {
    // A short field (a claim shape) is copied here: cheaper than a call into the runtime.
    if (text.length <= 4) {
      let i = 0;
      for (let unit; i < text.length && (unit = text.charCodeAt(i)) < 0x80; i++) this.#bytes[at + i] = unit;
      if (i === text.length) return i;
    }
    if (this.#buffer !== undefined) return this.#buffer.utf8Write(text, at);
    return encoder.encodeInto(text, this.#bytes.subarray(at, at + text.length * 3)).written;
  }

  #put(field, at) {
    return typeof field === 'string' ? this.#write(field, at) : this.#copy(field, at);
  }

  #copy(bytes, at) {
    this.#bytes.set(bytes, at);
    return bytes.length;
  }

  #read(at, length) {
    // The call may have grown the memory.
    this.#views();
    if (this.#buffer !== undefined) return this.#buffer.utf8Slice(at, at + length);
    return decoder.decode(this.#bytes.subarray(at, at + length));
  }
}
