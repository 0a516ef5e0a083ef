// Run by memory.mjs in its own process (node --expose-gc): CALLS sign + verify pairs on the
// workload (with SECRETS different secrets in turn; 1 is the workload's own), printing one JSON
// line per sample: calls done, process RSS, the wasm memory's size and the V8 heap, each after
// a full GC (so what is counted is what is kept, not garbage).
import { createRequire } from 'node:module';
import { PAYLOAD, SECRET, OPTIONS, VERIFY_OPTIONS } from './lib/workload.mjs';

const [calls, every, secretCount] = process.argv.slice(2).map(Number);
// Same length as the workload's secret, differing in the last characters.
const secrets = Array.from({ length: secretCount }, (_, i) => (i === 0 ? SECRET : SECRET.slice(0, -6) + String(i).padStart(6, '0')));
const require = createRequire(import.meta.url);

// The package keeps its instance to itself: catch the memory of the instance it creates.
const Instance = WebAssembly.Instance;
let memory;
WebAssembly.Instance = function (module, imports) {
  const instance = new Instance(module, imports);
  memory ??= instance.exports.memory;
  return instance;
};
const rtc = require('rtc-token');
WebAssembly.Instance = Instance;
if (!(memory instanceof WebAssembly.Memory)) throw new Error('did not catch the wasm memory of rtc-token');

const sample = (done) => {
  globalThis.gc();
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ calls: done, rss, wasm: memory.buffer.byteLength, heapUsed, heapTotal })}\n`);
};

sample(0);
for (let done = 0; done < calls; ) {
  for (let i = 0; i < every; i++) {
    const secret = secrets[(done + i) % secrets.length];
    const token = rtc.sign(PAYLOAD, secret, OPTIONS);
    const claims = rtc.verify(token, secret, VERIFY_OPTIONS);
    if (claims.roomId !== PAYLOAD.roomId) throw new Error('verify returned other claims');
  }
  done += every;
  sample(done);
}
