// The boundary of the hot calls (sign, generateToken, verify): argument bytes are written
// straight into the core's input region and the answer read back from its output region, one
// call into the wasm each way. Why, and the layout: src/wasm/regions.rs.

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
 * `sign`, `generateToken` and `verify` of one core (a wasm-bindgen glue module and its instance),
 * with the arguments wasm-bindgen's exports of the same names took, crossing through the regions.
 * core.mjs puts them in place of the glue's own.
 */
export function regionCalls(glue) {
  const regions = new Regions(glue);
  // flags: see src/wasm/regions.rs (mutatePayload, the callback form, generateToken).
  const signWith = (generate) => (payloadKind, payload, shape, keyKind, key, wire, mutate, callback, host) =>
    regions.sign(payloadKind, keyKind, key, wire, shape ?? '', payload, (mutate ? 1 : 0) | (callback ? 2 : 0) | generate, host);
  return {
    sign: signWith(0),
    generateToken: signWith(4),
    verify: (tokenKind, token, keyKind, key, wire, matched, clock, host) =>
      regions.verify(tokenKind, keyKind, key, wire, token, matched, clock ?? NaN, host),
  };
}

// A string's UTF-8 form takes up to three bytes per UTF-16 unit, and the input region is sized for
// that. Past this length the exact bytes are made first instead, so that a megabyte payload or
// token does not grow the wasm memory (which never shrinks) by three megabytes.
const LARGE = 16 * 1024;
// The input region the core keeps between calls (`KEEP` in src/wasm/regions.rs): a call that
// fits in it writes at the address the last reserve returned, without asking again.
const KEEP = 64 * 1024;
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

  constructor(core) {
    this.#core = core;
  }

  /**
   * `sign` or `generateToken` (by `flags`): returns the core's answer text, or throws its error
   * text (see readCoreError), as wasm-bindgen's exports do.
   */
  sign(payloadKind, keyKind, key, wire, shape, payload, flags, host) {
    payload = exactIfLarge(payload);
    let at = this.#reserve(key.length + 3 * (wire.length + shape.length) + room(payload));
    const keyLength = this.#copy(key, at);
    const wireLength = this.#write(wire, (at += keyLength));
    const shapeLength = this.#write(shape, (at += wireLength));
    const payloadLength = this.#put(payload, at + shapeLength);
    const core = this.#core;
    return this.#answer(core.signRegion(payloadKind, keyKind, keyLength, wireLength, shapeLength, payloadLength, flags, host));
  }

  /** `verify`: as `sign`. `clock`: NaN to read the clock now. */
  verify(tokenKind, keyKind, key, wire, token, matched, clock, host) {
    token = exactIfLarge(token);
    let at = this.#reserve(key.length + 3 * wire.length + room(token));
    const keyLength = this.#copy(key, at);
    const wireLength = this.#write(wire, (at += keyLength));
    const tokenLength = this.#put(token, at + wireLength);
    const core = this.#core;
    return this.#answer(core.verifyRegion(tokenKind, keyKind, keyLength, wireLength, tokenLength, matched, clock, host));
  }

  /** The input region's address, at least `length` bytes long. */
  #reserve(length) {
    if (length <= KEEP && this.#input !== 0) {
      this.#views();
      return this.#input;
    }
    const at = this.#core.inputRegion(Math.max(length, KEEP));
    if (at === 0) throw new RangeError('rtc-token: the arguments do not fit in the WebAssembly memory');
    // A larger region is given back (and may move) after the call: ask again next time.
    this.#input = length <= KEEP ? at : 0;
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
    if (this.#memory === undefined) this.#memory = this.#core.wasmMemory();
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
